//! `northstar status|okrs|bets|initiatives|metrics`: the quarter's reports, filtered by
//! pillar, owner and team, in any report format; `bets --fail` turns overdue bets into
//! exit 1. The filters themselves ([`filtered`], [`team_scope`]) serve `review` too.

use std::io::Write;

use super::Ran;
use crate::analysis::report::Report;
use crate::analysis::scope::Scope;
use crate::app::exit;
use crate::app::options::{Filter, Options};
use crate::diagnostic::did_you_mean;
use crate::plan::Plan;
use crate::refusal::Refusal;
use crate::render::{Output, View};

/// Runs one report: the view of the filtered roll-up, to render. With
/// `fail_on_overdue`, overdue bets and running bets meeting their kill criteria are named
/// on stderr and the exit code is 1.
pub fn run(
    o: &Options,
    view: View,
    filter: &Filter,
    overdue_only: bool,
    fail_on_overdue: bool,
    err: &mut dyn Write,
) -> anyhow::Result<Ran> {
    let ready = match super::read_plan(o, err)? {
        Ok(r) => r,
        Err(code) => return Ok(Ran::code(code)),
    };
    let mut report = match filtered(ready.report, &ready.plan, filter) {
        Ok(r) => r,
        Err(refusal) => return Ok(Ran::code(super::usage(err, &refusal)?)),
    };
    if let Some(note) = empty_period_note(&report, &ready.plan, filter) {
        writeln!(err, "{note}")?;
    }
    if overdue_only {
        report.bets.retain(|b| b.overdue);
    }
    let overdue: Vec<&str> = report
        .bets
        .iter()
        .filter(|b| b.overdue)
        .map(|b| b.id.as_str())
        .collect();
    // A running bet whose kill criteria hold fails as an overdue one does.
    let killable: Vec<&str> = report
        .bets
        .iter()
        .filter(|b| b.status == crate::plan::model::BetStatus::Running && b.kill_met.is_some())
        .map(|b| b.id.as_str())
        .collect();
    if fail_on_overdue && !overdue.is_empty() {
        writeln!(
            err,
            "error: {} overdue: {}",
            crate::text::plural(overdue.len(), "bet"),
            overdue.join(", ")
        )?;
    }
    if fail_on_overdue && !killable.is_empty() {
        writeln!(
            err,
            "error: {} meeting kill criteria: {}",
            crate::text::plural(killable.len(), "running bet"),
            killable.join(", ")
        )?;
    }
    let code = if fail_on_overdue && !(overdue.is_empty() && killable.is_empty()) {
        exit::PLAN_ERRORS
    } else {
        exit::OK
    };
    let report = Box::new(report);
    Ok(Ran::output(Output::Report { report, view }, code))
}

/// When the period shows no objective but the plan has some elsewhere (and no filter
/// narrowed it): a note naming the periods that have them, and how to see one.
fn empty_period_note(report: &Report, plan: &Plan, filter: &Filter) -> Option<String> {
    if !report.objectives.is_empty() || *filter != Filter::default() {
        return None;
    }
    let mut periods: Vec<&crate::time::period::Period> =
        plan.objectives.iter().map(|o| &o.period).collect();
    periods.sort_by_key(|p| (p.window, &p.label));
    periods.dedup();
    let first = periods.first()?;
    let labels: Vec<String> = periods.iter().map(|p| p.label.to_string()).collect();
    Some(format!(
        "note: no objectives in {}; the plan's objectives are in {} (try `--period {}`)",
        report.quarter,
        labels.join(", "),
        first.label
    ))
}

/// Every owner named in the plan: of pillars, objectives, key results, initiatives, bets.
fn owners(plan: &Plan) -> Vec<&str> {
    let mut names: Vec<&str> = plan
        .pillars
        .iter()
        .filter_map(|p| p.owner.as_deref())
        .chain(plan.objectives.iter().flat_map(|o| {
            o.owners
                .iter()
                .chain(o.key_results.iter().flat_map(|k| &k.owners))
                .map(String::as_str)
        }))
        .chain(plan.initiatives.iter().filter_map(|i| i.owner.as_deref()))
        .chain(plan.bets.iter().filter_map(|b| b.owner.as_deref()))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// Keeps the entities of one pillar, owner and/or team (an objective of an owner: one of
/// its owners, or of its key results' owners; of a team: see [`team_scope`]). The report
/// was rolled up whole first, so its period progress, pillar rows, portfolio mix and
/// capacity stay those of the whole plan (`--pillar` keeps only that pillar's row).
/// Unknown pillar and team ids are usage errors.
pub(crate) fn filtered(
    mut report: Report,
    plan: &Plan,
    filter: &Filter,
) -> Result<Report, Refusal> {
    if let Some(pillar) = &filter.pillar
        && !report.pillars.iter().any(|p| &p.id == pillar)
    {
        let refusal = Refusal::new(format!("no pillar `{pillar}` in the plan"));
        return Err(
            match did_you_mean(pillar, report.pillars.iter().map(|p| p.id.as_str())) {
                Some(s) => refusal.help(format!("did you mean `{s}`?")),
                None => refusal,
            },
        );
    }
    let Scope { teams, .. } = scope(plan, filter)?;
    let pillar = filter.pillar.as_deref();
    let owner = filter.owner.as_deref();
    // Shared by several teams, it is each one's.
    let in_team = |ts: &[String]| {
        teams
            .as_ref()
            .is_none_or(|ids| ts.iter().any(|t| ids.iter().any(|id| id == t)))
    };
    let keep = |p: Option<&str>, o: Option<&str>, t: &[String]| {
        pillar.is_none_or(|want| p == Some(want))
            && owner.is_none_or(|want| o == Some(want))
            && in_team(t)
    };
    // An objective is anyone's it names as an owner, or whose key results do.
    report.objectives.retain(|o| {
        pillar.is_none_or(|want| o.pillar == want)
            && owner.is_none_or(|want| {
                o.owners
                    .iter()
                    .chain(o.key_results.iter().flat_map(|k| &k.owners))
                    .any(|name| name == want)
            })
            && in_team(&o.teams)
    });
    report
        .pillars
        .retain(|p| pillar.is_none_or(|want| p.id == want));
    report
        .initiatives
        .retain(|i| keep(i.pillar.as_deref(), i.owner.as_deref(), &i.teams));
    report
        .bets
        .retain(|b| keep(b.pillar.as_deref(), b.owner.as_deref(), &b.teams));
    let inputs: Option<Vec<String>> = pillar.map(|_| {
        report
            .pillars
            .iter()
            .flat_map(|p| p.inputs.clone())
            .collect()
    });
    // A team owns no metric: it keeps those its key results read (`measured_by`) and its
    // bets aim at.
    let read: Option<Vec<String>> = teams.as_ref().map(|_| {
        report
            .objectives
            .iter()
            .flat_map(|o| &o.key_results)
            .filter_map(|k| k.measured_by.clone())
            .chain(report.bets.iter().filter_map(|b| b.metric.clone()))
            .collect()
    });
    report.metrics.retain(|m| {
        inputs.as_ref().is_none_or(|ids| ids.contains(&m.id))
            && read.as_ref().is_none_or(|ids| ids.contains(&m.id))
            && owner.is_none_or(|want| m.owner.as_deref() == Some(want))
    });
    Ok(report)
}

/// Refuses an `--owner` naming no one who owns anything in the plan, with a did-you-mean:
/// decided here for every command that takes `--owner`.
pub(crate) fn owner_named(plan: &Plan, owner: &str) -> Result<(), Refusal> {
    let names = owners(plan);
    if names.contains(&owner) {
        return Ok(());
    }
    let refusal = Refusal::new(format!("no one named `{owner}` owns anything in the plan"));
    Err(match did_you_mean(owner, names.iter().copied()) {
        Some(s) => refusal.help(format!("did you mean `{s}`?")),
        None => refusal,
    })
}

/// `--owner` and `--team` as a [`Scope`] (digest's and calibration's), each checked
/// against the plan by the reports' rules ([`owner_named`], [`team_scope`]).
pub(crate) fn scope(plan: &Plan, filter: &Filter) -> Result<Scope, Refusal> {
    if let Some(owner) = &filter.owner {
        owner_named(plan, owner)?;
    }
    let teams = filter
        .team
        .as_deref()
        .map(|id| team_scope(plan, id))
        .transpose()?;
    Ok(Scope {
        owner: filter.owner.clone(),
        teams,
    })
}

/// The teams `--team ID` covers, decided here for every command that takes it: the team
/// and all its sub-teams, at any depth (through `parent`), as ids in plan order. An
/// objective, initiative or bet is that team's when its `team` is one of them; one without
/// a `team` is no team's. An id naming no team is a usage error, with a did-you-mean.
pub(crate) fn team_scope(plan: &Plan, id: &str) -> Result<Vec<String>, Refusal> {
    let Some(t) = plan.team_index(id) else {
        let refusal = Refusal::new(format!("no team `{id}` in the plan"));
        return Err(
            match did_you_mean(id, plan.teams.iter().map(|t| t.id.as_str())) {
                Some(s) => refusal.help(format!("did you mean `{s}`?")),
                None => refusal,
            },
        );
    };
    Ok(plan
        .team_and_subteams(t)
        .into_iter()
        .map(|u| plan.teams[u].id.clone())
        .collect())
}
