//! Goalpost audit: a key result's baseline or target quietly changed after its quarter
//! began. For each quarter that has started, the plan is loaded as it was at the last
//! commit before the quarter's first day (from git, see [`crate::plan::origin`]) and each
//! of the quarter's key results that existed then is compared with its value now.
//!
//! Outside a git repository, without git, or in a shallow clone with no history before the
//! quarter, the audit is skipped with a note, never an error.

use std::path::Path;

use chrono::NaiveDate;

use crate::diagnostic::{Code, Diagnostic};
use crate::plan::model::Measure;
use crate::plan::origin::{GitTree, Origin};
use crate::plan::{Plan, load, validate};
use crate::quarter::Quarter;

/// The result of an audit: warnings, and notes on what could not be audited.
#[derive(Debug, Default)]
pub struct Audit {
    /// One `goalpost-moved` warning per moved key result.
    pub warnings: Vec<Diagnostic>,
    /// Why parts were skipped (shallow history, ...), for stderr.
    pub notes: Vec<String>,
}

fn git_line(dir: &Path, args: &[&str]) -> Option<String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn describe(m: Measure) -> Vec<(&'static str, f64)> {
    match m {
        Measure::Numeric { baseline, target } => vec![("baseline", baseline), ("target", target)],
        Measure::KeepBelow(l) => vec![("keep_below", l)],
        Measure::KeepAbove(l) => vec![("keep_above", l)],
        Measure::Milestone => Vec::new(),
    }
}

/// Audits `plan` (loaded from the working tree at `main`) as of `as_of`.
#[must_use]
pub fn audit(plan: &Plan, main: &Path, cwd: &Path, as_of: NaiveDate) -> Audit {
    let mut audit = Audit::default();
    let dir = crate::edit::parent_dir(main);
    if git_line(&dir, &["rev-parse", "--is-inside-work-tree"]).as_deref() != Some("true") {
        return audit;
    }
    let mut quarters: Vec<Quarter> = plan
        .objectives
        .iter()
        .map(|o| o.quarter)
        .filter(|q| q.first_day() <= as_of)
        .collect();
    quarters.sort();
    quarters.dedup();
    for quarter in quarters {
        let before = format!("{} 00:00:00 +0000", quarter.first_day());
        let commit = git_line(
            &dir,
            &["rev-list", "-1", &format!("--before={before}"), "HEAD"],
        )
        .filter(|c| !c.is_empty());
        let Some(commit) = commit else {
            if git_line(&dir, &["rev-parse", "--is-shallow-repository"]).as_deref() == Some("true")
            {
                audit.notes.push(format!(
                    "note: this is a shallow clone with no history before {}; the goalpost audit of {quarter} was skipped (fetch more history, e.g. `git fetch --unshallow`)",
                    quarter.first_day()
                ));
            }
            continue;
        };
        let Ok(tree) = GitTree::open(main, &commit, cwd) else {
            continue;
        };
        let Ok(loaded) = load(main, &Origin::Git(tree)) else {
            continue;
        };
        let mut ignored = Vec::new();
        let Some(old) = validate(&loaded, as_of, &mut ignored) else {
            continue;
        };
        let short: String = commit.chars().take(12).collect();
        for o in plan.objectives.iter().filter(|o| o.quarter == quarter) {
            for kr in &o.key_results {
                let Some(was) = old
                    .objectives
                    .iter()
                    .flat_map(|x| &x.key_results)
                    .find(|k| k.id == kr.id)
                else {
                    continue;
                };
                let now = describe(kr.measure);
                let then = describe(was.measure);
                let changes: Vec<String> = if now.iter().map(|p| p.0).eq(then.iter().map(|p| p.0)) {
                    now.iter()
                        .zip(&then)
                        .filter(|(a, b)| a.1 != b.1)
                        .map(|(a, b)| {
                            format!(
                                "{} {} → {}",
                                a.0,
                                crate::render::table::number(b.1),
                                crate::render::table::number(a.1)
                            )
                        })
                        .collect()
                } else {
                    vec!["its measure changed kind".to_string()]
                };
                if changes.is_empty() {
                    continue;
                }
                audit.warnings.push(
                    Diagnostic::new(
                        Code::GoalpostMoved,
                        format!("key result `{}` moved its goalposts after {quarter} began: {}", kr.id, changes.join(", ")),
                        kr.loc.clone(),
                    )
                    .label(format!("compared with commit {short}, the last before {}", quarter.first_day()))
                    .help("if the change is deliberate, say why in the commit message and in the review"),
                );
            }
        }
    }
    audit
}
