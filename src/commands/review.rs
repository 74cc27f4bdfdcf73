//! `northstar review`: the quarter-close packet as text, Markdown, HTML, JSON or CSV, with
//! the git commit it was read at so a printout traces back to its source; `--team` keeps
//! one team's (and its sub-teams') objectives, initiatives and bets.

use std::io::Write;
use std::path::PathBuf;

use super::Ran;
use crate::analysis::report::Report;
use crate::analysis::review::{Source, TeamScope};
use crate::app::exit;
use crate::app::options::{Filter, Options};
use crate::git::Git;
use crate::paths::parent_dir;
use crate::plan::Plan;
use crate::plan::origin::Origin;

/// The commit the plan files are read at in the working tree, and whether any of them has
/// uncommitted changes; `None` outside a repository or without git.
fn working_tree_source(files: &[PathBuf]) -> Option<Source> {
    let git = Git::new(&parent_dir(files.first()?));
    let commit: String = git.commit("HEAD")?.chars().take(12).collect();
    let canonical: Vec<PathBuf> = files
        .iter()
        .map(|f| std::fs::canonicalize(f).unwrap_or_else(|_| f.clone()))
        .collect();
    Some(Source {
        commit,
        uncommitted_changes: git.has_changes(&canonical).unwrap_or(true),
    })
}

/// `report` kept to `team` and its sub-teams by the same filter, and the same teams, as
/// `okrs --team`, with the scope the packet names; an unknown team is a usage error.
fn for_team(
    plan: &Plan,
    report: Report,
    team: &str,
) -> Result<(Report, TeamScope), crate::refusal::Refusal> {
    let teams = super::report::team_scope(plan, team)?;
    let filter = Filter {
        team: Some(team.to_string()),
        ..Filter::default()
    };
    let report = super::report::filtered(report, plan, &filter)?;
    let scope = TeamScope {
        id: team.to_string(),
        sub_teams: teams.into_iter().filter(|t| t != team).collect(),
    };
    Ok((report, scope))
}

/// The commit the plan was read at (`--at`'s, else the working tree's HEAD, with whether
/// a plan file has uncommitted changes); `None` outside git.
pub(super) fn source(origin: &Origin, loaded: &crate::plan::Loaded) -> Option<Source> {
    match origin {
        Origin::Git(tree) => Some(Source {
            commit: tree.commit.chars().take(12).collect(),
            uncommitted_changes: false,
        }),
        Origin::WorkingTree => {
            let files: Vec<PathBuf> = loaded
                .sources
                .files()
                .iter()
                .map(|f| f.path.clone())
                .collect();
            working_tree_source(&files)
        }
    }
}

/// Runs `review` for the options' quarter, as of the options' date (by the as-of rule:
/// the earlier of today and the quarter's last day), for the whole plan or one `team` and
/// its sub-teams (an unknown team is a usage error).
pub fn run(o: &Options, team: Option<&str>, err: &mut dyn Write) -> anyhow::Result<Ran> {
    let ready = match super::read_plan(o, err)? {
        Ok(r) => r,
        Err(code) => return Ok(Ran::code(code)),
    };
    let (report, team) = match team {
        None => (ready.report, None),
        Some(id) => match for_team(&ready.plan, ready.report, id) {
            Ok((report, scope)) => (report, Some(scope)),
            Err(refusal) => return Ok(Ran::code(super::usage(err, &refusal)?)),
        },
    };
    let source = source(&ready.origin, &ready.checked.loaded);
    let mut packet = crate::analysis::review::review(&ready.plan, &report, source, team);
    // The goals of this period moved after it began, recorded or not.
    packet.goalposts = crate::analysis::goalpost::audit(&ready.plan, &o.plan, &o.cwd, report.as_of)
        .moves
        .into_iter()
        .filter(|g| g.quarter == report.period.label)
        .collect();
    Ok(Ran::output(
        crate::render::Output::Review(Box::new(packet)),
        exit::OK,
    ))
}
