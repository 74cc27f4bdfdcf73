//! The goalpost audit behind `check`: for each period that has started, the plan as it
//! was at the last commit before its first day compared with today's, one
//! `goalpost-moved` warning per entity with unrecorded moves and a note per recorded one.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::analysis::report::EntityKind;
use crate::diagnostic::{Code, Diagnostic, Loc};
use crate::git::Git;
use crate::plan::Plan;
use crate::time::period::{Label, Period};

use super::at_commit::Baselines;
use super::{Field, Goalpost, moves, recorded_moves};

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
    let Some(git_dir) = git.work_tree_git_dir() else {
        // No history to compare with: the records are all there is.
        audit.moves = recorded_moves(plan, as_of);
        return audit;
    };
    // Periods compared with a commit; the records speak for the others.
    let mut audited: Vec<Label> = Vec::new();
    // The period containing the as-of date is audited too, for the metrics' sources.
    let current = plan.calendar.containing(as_of);
    let periods = started_periods(plan, &current, as_of);
    // HEAD's history is listed once, and each commit's goals loaded once however many
    // periods began after it (loading it once per period made 200 cycles take 11 s), from
    // the goalpost cache when an earlier audit kept them.
    let history = git.history().unwrap_or_default();
    let shallow = OnceCell::new();
    let mut baselines = Baselines::new(main, cwd, &git_dir, as_of);
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
        let Some(old) = baselines.at(commit) else {
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
    // Each entity's moves, entities in the order their first move was found.
    let mut ids: Vec<(&str, EntityKind)> = Vec::new();
    let mut changes_of: HashMap<(&str, EntityKind), Vec<String>> = HashMap::new();
    for g in unrecorded {
        let changes = changes_of
            .entry((g.id.as_str(), g.kind))
            .or_insert_with(|| {
                ids.push((g.id.as_str(), g.kind));
                Vec::new()
            });
        changes.push(match g.field {
            Field::Measure => format!("its measure changed kind ({} → {})", g.from, g.to),
            field => format!("{} {} → {}", field.name(), g.from, g.to),
        });
    }
    // Where each entity stands in today's plan (the first of an id), built when needed.
    let mut places: Option<HashMap<(&str, EntityKind), &Loc>> = None;
    for (id, kind) in ids {
        let changes = &changes_of[&(id, kind)];
        let places = places.get_or_insert_with(|| places_of(plan));
        let what = match kind {
            EntityKind::Objective => "objective",
            EntityKind::NorthStar => "North Star",
            EntityKind::Metric => "metric",
            _ => "key result",
        };
        let key = match kind {
            EntityKind::Objective | EntityKind::NorthStar | EntityKind::Metric => kind,
            _ => EntityKind::KeyResult,
        };
        let loc = places.get(&(id, key)).copied();
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

/// Where each objective, key result, the North Star and each metric of `plan` stand, by id
/// and kind; the first of an id wins.
fn places_of(plan: &Plan) -> HashMap<(&str, EntityKind), &Loc> {
    let mut places = HashMap::new();
    let objectives = plan
        .objectives
        .iter()
        .map(|o| ((o.id.as_str(), EntityKind::Objective), &o.loc));
    let key_results = plan
        .objectives
        .iter()
        .flat_map(|o| &o.key_results)
        .map(|k| ((k.id.as_str(), EntityKind::KeyResult), &k.loc));
    let north_star = plan
        .north_star
        .iter()
        .map(|n| ((n.id.as_str(), EntityKind::NorthStar), &n.loc));
    let metrics = plan
        .metrics
        .iter()
        .map(|m| ((m.id.as_str(), EntityKind::Metric), &m.loc));
    for (key, loc) in objectives
        .chain(key_results)
        .chain(north_star)
        .chain(metrics)
    {
        places.entry(key).or_insert(loc);
    }
    places
}
