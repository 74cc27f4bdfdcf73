//! The goalpost audit behind `check`: for each period that has started, the plan as it
//! was at the last commit before its first day compared with today's, one
//! `goalpost-moved` warning per entity with unrecorded moves and a note per recorded one.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::analysis::report::EntityKind;
use crate::diagnostic::{Code, Diagnostic};
use crate::git::Git;
use crate::plan::Plan;
use crate::time::period::{Label, Period};

use super::{Field, Goalpost, moves, plan_at, recorded_moves};

/// The result of an audit: warnings, and notes on what could not be audited.
#[derive(Debug, Default)]
pub struct Audit {
    /// One `goalpost-moved` warning per objective or key result that moved.
    pub warnings: Vec<Diagnostic>,
    /// Why parts were skipped (shallow history, ...) and the recorded moves with their
    /// reasons, for stderr. They quote plan text: print them through
    /// [`crate::text::sanitize`].
    pub notes: Vec<String>,
    /// Every move found, recorded (with its reason) or not, by started period.
    pub moves: Vec<Goalpost>,
}

/// Audits `plan` (loaded from the working tree at `main`) as of `as_of`: for each period
/// that has started, the goalpost moves since the last commit before its first day.
#[must_use]
pub fn audit(plan: &Plan, main: &Path, cwd: &Path, as_of: NaiveDate) -> Audit {
    let mut audit = Audit::default();
    let git = Git::new(main.parent().unwrap_or(Path::new("")));
    if !git.is_work_tree() {
        // No history to compare with: the records are all there is.
        audit.moves = recorded_moves(plan, as_of);
        return audit;
    }
    // Periods compared with a commit; the records speak for the others.
    let mut audited: Vec<Label> = Vec::new();
    // The period containing the as-of date is audited too, for the metrics' sources.
    let current = plan.calendar.containing(as_of);
    let periods = started_periods(plan, &current, as_of);
    // HEAD's history is listed once, and each commit's plan loaded once however many
    // periods began after it (loading it once per period made 200 cycles take 11 s).
    let history = git.history().unwrap_or_default();
    let shallow = OnceCell::new();
    let mut plans: HashMap<&str, Option<Plan>> = HashMap::new();
    for period in periods {
        let quarter = &period.label;
        let first_day = period.window.first_day;
        let Some(commit) = first_day
            .and_hms_opt(0, 0, 0)
            .and_then(|t| history.last_commit_before(t.and_utc().timestamp()))
        else {
            if *shallow.get_or_init(|| git.is_shallow()) {
                audit.notes.push(format!(
                    "note: this is a shallow clone with no history before {first_day}; the goalpost audit of {quarter} was skipped (fetch more history, e.g. `git fetch --unshallow`)"
                ));
            }
            continue;
        };
        let Some(old) = plans
            .entry(commit)
            .or_insert_with(|| plan_at(main, commit, cwd, as_of))
            .as_ref()
        else {
            continue;
        };
        audited.push(quarter.clone());
        let short: String = commit.chars().take(12).collect();
        let found = moves(
            old,
            plan,
            &|p| p == period,
            (period == &current).then_some(period),
        );
        audit.moves.extend(found.iter().cloned());
        // A recorded move is a note; one warning per entity with unrecorded moves, at its
        // place in today's plan.
        audit.notes.extend(
            found
                .iter()
                .filter(|g| g.reason.is_some())
                .map(|g| recorded_note(g, quarter)),
        );
        let unrecorded: Vec<&Goalpost> = found.iter().filter(|g| g.reason.is_none()).collect();
        audit
            .warnings
            .extend(moved_warnings(plan, &unrecorded, period, &short));
    }
    audit.moves.extend(
        recorded_moves(plan, as_of)
            .into_iter()
            .filter(|g| !audited.contains(&g.quarter)),
    );
    audit
}

/// The periods that began on or before `as_of`, each once, by window then label: every
/// objective's, and `current` (the period containing the as-of date, audited for the
/// metrics' sources).
fn started_periods<'p>(plan: &'p Plan, current: &'p Period, as_of: NaiveDate) -> Vec<&'p Period> {
    let mut periods: Vec<&Period> = plan
        .objectives
        .iter()
        .map(|o| &o.period)
        .chain(std::iter::once(current))
        .filter(|p| p.window.has_started(as_of))
        .collect();
    periods.sort_by_key(|p| (p.window, &p.label));
    periods.dedup();
    periods
}

/// The note for a move recorded in a `[[change]]` (with its reason), after `quarter` began.
fn recorded_note(g: &Goalpost, quarter: &Label) -> String {
    format!(
        "note: {} `{}` moved its goalposts after {quarter} began: {} {} → {}, recorded{}: {}",
        match g.kind {
            EntityKind::Objective => "objective",
            EntityKind::NorthStar => "North Star",
            EntityKind::Metric => "metric",
            _ => "key result",
        },
        g.id,
        g.field.name(),
        g.from,
        g.to,
        g.recorded.map(|d| format!(" on {d}")).unwrap_or_default(),
        g.reason.as_deref().unwrap_or_default()
    )
}

/// One `goalpost-moved` warning per entity among the `unrecorded` moves found after
/// `period` began, compared with commit `short`, at the entity's place in today's `plan`
/// (none for an entity no longer in it), in the order the moves were found.
fn moved_warnings(
    plan: &Plan,
    unrecorded: &[&Goalpost],
    period: &Period,
    short: &str,
) -> Vec<Diagnostic> {
    let quarter = &period.label;
    let mut warnings = Vec::new();
    let mut ids: Vec<(&str, EntityKind)> = Vec::new();
    for g in unrecorded {
        if !ids.contains(&(g.id.as_str(), g.kind)) {
            ids.push((g.id.as_str(), g.kind));
        }
    }
    for (id, kind) in ids {
        let changes: Vec<String> = unrecorded
            .iter()
            .filter(|g| g.id == id && g.kind == kind)
            .map(|g| match g.field {
                Field::Measure => format!("its measure changed kind ({} → {})", g.from, g.to),
                field => format!("{} {} → {}", field.name(), g.from, g.to),
            })
            .collect();
        let (what, loc) = match kind {
            EntityKind::Objective => (
                "objective",
                plan.objectives.iter().find(|o| o.id == id).map(|o| &o.loc),
            ),
            EntityKind::NorthStar => ("North Star", plan.north_star.as_ref().map(|n| &n.loc)),
            EntityKind::Metric => (
                "metric",
                plan.metrics.iter().find(|m| m.id == id).map(|m| &m.loc),
            ),
            _ => (
                "key result",
                plan.objectives
                    .iter()
                    .flat_map(|o| &o.key_results)
                    .find(|k| k.id == id)
                    .map(|k| &k.loc),
            ),
        };
        let Some(loc) = loc else { continue };
        warnings.push(
                Diagnostic::new(
                    Code::GoalpostMoved,
                    format!(
                        "{what} `{id}` moved its goalposts after {quarter} began: {}",
                        changes.join(", ")
                    ),
                    loc.clone(),
                )
                .label(format!(
                    "compared with commit {short}, the last before {}",
                    period.window.first_day
                ))
                .help(
                    "if the change is deliberate, record why: a `[[change]]` with its reason in the check-in log (`northstar set ID FIELD VALUE --reason TEXT` makes the change and writes it)",
                ),
            );
    }
    warnings
}
