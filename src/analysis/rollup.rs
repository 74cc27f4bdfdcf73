//! The roll-up: pure maths from a validated `Plan` to a [`Report`], for one as-of date
//! and one selected period. No formatting happens here.
//!
//! Formulas (also in docs/rollup.md, "How progress rolls up"):
//! - Only check-ins dated on or before the as-of date count, and for a key result only
//!   those on or after its window's first day (one before is where it started, as its
//!   chart and `show` say); the latest of those (by date, then file order) is the current
//!   value.
//! - Numeric: progress = (current − baseline) / (target − baseline), clamped to at least 0
//!   and, unless `overshoot = true`, at most 1. Lower-is-better needs no flag: target <
//!   baseline makes both differences negative.
//! - Milestone: 1 if the latest check-in is `true`, else 0. Threshold: 1 if the latest value
//!   is ≤ `keep_below` (or ≥ `keep_above`), else 0. No check-in: 0, status `no-data`.
//! - Untargeted (a metric without a target, a draft key result with `target = "tbd"`): no
//!   progress (null); a draft key result's status is `draft`, an untargeted metric's is
//!   `no-data` before its first check-in and `tracking` after.
//! - The selected period shows every objective whose period overlaps it, and every
//!   initiative whose window does.
//! - Objective = weighted mean of its started key results (by `weight`) and, with
//!   `children_in_rollup` (the default), of its direct child objectives shown (by their
//!   `contribution`), children counting as items beside key results. A parent's progress
//!   therefore depends on the selected period. Initiative = of the started key results it
//!   drives. A key result whose window begins after the as-of date is `not-started` and
//!   left out; so are drafts.
//! - A key result with `progress_from = "children"` = weighted mean (by `contribution`) of
//!   the objectives shown that name it as parent (also without `children_in_rollup`); null
//!   and `no-data` without any. A key result `measured_by` a series reads that series'
//!   latest counted value against its own baseline and target.
//! - Pillar and period = weighted mean of the roots shown: objectives with no parent shown
//!   (neither a parent objective nor a key result of one), so nothing counts twice. A child
//!   of a key result without `progress_from = "children"` is therefore counted nowhere
//!   (`check` warns: `uncounted-objective`). Without `children_in_rollup`, every objective
//!   shown counts.
//! - Expected pace through a window e = (days from its first day through the as-of date,
//!   inclusive) ÷ (days in the window), clamped to [0, 1]. Each key result is paced over
//!   its own window (`start`/`due`, else its objective's period), each objective over its
//!   period, each initiative over its window; pillars and the period over the selected period.
//! - Status: `done` if progress ≥ 1; `on-track` if ≥ e − 0.10; `at-risk` if ≥ e − 0.25;
//!   else `off-track`. Comparisons allow 1e-9 for floating-point error, so boundaries are
//!   inclusive as written. A threshold key result is not paced: `done` while met,
//!   `off-track` while not ([`key_result_status`]).
//! - Stale: a key result shown, the as-of date inside its window, whose latest counted
//!   check-in (without one, the window's first day) is more than `stale_after_days` before
//!   the as-of date, unless it is done (progress ≥ 1); a metric likewise, and always
//!   without a check-in.
//! - Capacity: an initiative counts toward the period by `effort_weeks` × (days of its window
//!   inside the period ÷ days of its window), both inclusive.
//!
//! The OKR grading conventions follow Google's re:Work OKR guide (0.0–1.0 grades; 0.7 is
//! success for an aspirational objective); pace-based status is this tool's own definition.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::analysis::report::{
    BetRow, Capacity, CapacityShare, InitiativeRow, KeyResultRow, MeasureKind, MetricRow, MixShare,
    ObjectiveRow, PillarRow, PortfolioMix, Report, Status, Trend,
};
use crate::plan::model::{
    Bet, BetStatus, Bound, CheckIn, Criterion, InitiativeStatus, KrRef, Measure, Measured, Metric,
    Parent, Plan, Reading, Risk, WorkKind,
};
use crate::time::period::{Period, Window};

/// Tolerance for floating-point comparisons at status boundaries: 1e-9, far below any
/// difference a plan means (progress is shown to whole percent) and far above the
/// rounding error of a ratio or weighted mean of plan numbers, so a boundary written as
/// `≥` holds for a value that is on it but computes a hair short (`0.1 + 0.2 < 0.3`).
pub const EPSILON: f64 = 1e-9;

/// Whether `progress` (a 0–1 fraction; above 1 with `overshoot`) is done: at least 1,
/// within [`EPSILON`], so a key result whose ratio or weighted mean comes out a rounding
/// error below 1 is done, as its status says. The one "done" rule: status, staleness,
/// `carry`'s "already reached" and `checkin`'s "just reached" all ask this.
///
/// ```
/// use northstar::analysis::rollup::is_done;
/// assert!(is_done(1.0));
/// assert!(is_done(1.0 - 1e-10));
/// assert!(!is_done(0.999));
/// ```
#[must_use]
pub fn is_done(progress: f64) -> bool {
    progress + EPSILON >= 1.0
}

/// The ids of `teams` (indexes into [`Plan::teams`]), in order.
fn team_ids(plan: &Plan, teams: &[usize]) -> Vec<String> {
    teams.iter().map(|&t| plan.teams[t].id.clone()).collect()
}

/// Expected pace through `window` on `as_of`: days from its first day through `as_of`
/// inclusive, divided by the days in the window, clamped to [0, 1]. 0 before the window,
/// 1 on and after its last day.
///
/// ```
/// use chrono::NaiveDate;
/// use northstar::{time::period::Window, analysis::rollup::expected_pace};
/// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
/// let q4 = Window::new(d(10, 1), d(12, 31)).unwrap();
/// // October 1 through November 15 is 46 of the quarter's 92 days.
/// assert_eq!(expected_pace(q4, d(11, 15)), 0.5);
/// ```
#[must_use]
pub fn expected_pace(window: Window, as_of: NaiveDate) -> f64 {
    let elapsed = (as_of - window.first_day).num_days() + 1;
    (elapsed as f64 / window.days() as f64).clamp(0.0, 1.0)
}

/// `effort_weeks` × (days of `window` inside `period` ÷ days of `window`), both inclusive
/// day counts: the share of an initiative's effort that falls in a period.
///
/// ```
/// use chrono::NaiveDate;
/// use northstar::{time::period::Window, analysis::rollup::prorated_effort};
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// // 10 weeks over 2026-07-01..2026-12-28 (181 days), 89 of them in 2026-Q4.
/// let window = Window::new(d(2026, 7, 1), d(2026, 12, 28)).unwrap();
/// let q4 = Window::new(d(2026, 10, 1), d(2026, 12, 31)).unwrap();
/// assert_eq!(prorated_effort(10.0, window, q4), 10.0 * 89.0 / 181.0);
/// ```
#[must_use]
pub fn prorated_effort(effort_weeks: f64, window: Window, period: Window) -> f64 {
    let inside = window.overlap_days(period);
    if inside == window.days() {
        effort_weeks
    } else {
        effort_weeks * inside as f64 / window.days() as f64
    }
}

/// Progress of a numeric measure: (current − baseline) / (target − baseline), at least 0,
/// and at most 1 unless `overshoot`. `baseline != target` is guaranteed by validation.
///
/// ```
/// use northstar::analysis::rollup::numeric_progress;
/// // Lower is better: lead time from 48 h to 12 h, now 30 h.
/// assert_eq!(numeric_progress(30.0, 48.0, 12.0, false), 0.5);
/// // Past the target: capped unless overshoot is on.
/// assert_eq!(numeric_progress(60.0, 30.0, 45.0, false), 1.0);
/// assert_eq!(numeric_progress(60.0, 30.0, 45.0, true), 2.0);
/// ```
#[must_use]
pub fn numeric_progress(current: f64, baseline: f64, target: f64, overshoot: bool) -> f64 {
    let p = ((current - baseline) / (target - baseline)).max(0.0);
    if overshoot { p } else { p.min(1.0) }
}

/// Progress of `measure` given its latest reading: numeric per [`numeric_progress`],
/// milestone 1/0 for true/false, threshold 1 when met, else 0; `None` for an untargeted
/// measure (nothing to make progress toward).
#[must_use]
pub fn progress(measure: Measure, reading: Reading, overshoot: bool) -> Option<f64> {
    Some(match (measure, reading) {
        (Measure::Untargeted { .. } | Measure::FromChildren, _) => return None,
        (Measure::Numeric { baseline, target }, Reading::Number(v)) => {
            numeric_progress(v, baseline, target, overshoot)
        }
        (Measure::Milestone, Reading::Done(done)) => f64::from(u8::from(done)),
        (Measure::KeepBelow(limit), Reading::Number(v)) => f64::from(u8::from(v <= limit)),
        (Measure::KeepAbove(limit), Reading::Number(v)) => f64::from(u8::from(v >= limit)),
        // Validation guarantees the reading's kind matches the measure.
        _ => 0.0,
    })
}

/// Progress of `measure` given its latest counted reading, if any: per [`progress`], and
/// 0 before the first check-in; `None` for an untargeted measure, with or without readings.
#[must_use]
pub fn current_progress(measure: Measure, latest: Option<Reading>, overshoot: bool) -> Option<f64> {
    match latest {
        Some(reading) => progress(measure, reading, overshoot),
        None => match measure {
            // No target, or no check-ins of its own: nothing to measure here.
            Measure::Untargeted { .. } | Measure::FromChildren => None,
            _ => Some(0.0),
        },
    }
}

/// Rates `progress` against expected pace `pace`: `done` at ≥ 1, `on-track` at ≥ pace − 0.10,
/// `at-risk` at ≥ pace − 0.25, `off-track` below.
#[must_use]
pub fn rate(progress: f64, pace: f64) -> Status {
    if is_done(progress) {
        Status::Done
    } else if progress + EPSILON >= pace - 0.10 {
        Status::OnTrack
    } else if progress + EPSILON >= pace - 0.25 {
        Status::AtRisk
    } else {
        Status::OffTrack
    }
}

/// Status of a key result that has a check-in: a threshold key result (`keep_below`,
/// `keep_above`) is `done` while met and `off-track` while not, whatever the pace (a
/// guardrail is kept or broken, never "behind", and a breached one reads like a breached
/// health metric); a draft (`target = "tbd"`, untargeted) is `draft`, whatever `progress`
/// says; any other key result is [`rate`]d against the pace.
#[must_use]
pub fn key_result_status(measure: Measure, progress: f64, pace: f64) -> Status {
    match measure {
        Measure::Untargeted { .. } => Status::Draft,
        Measure::KeepBelow(_) | Measure::KeepAbove(_) if is_done(progress) => Status::Done,
        Measure::KeepBelow(_) | Measure::KeepAbove(_) => Status::OffTrack,
        // A key result fed by children is rated like any other once they give it a progress.
        Measure::Numeric { .. } | Measure::Milestone | Measure::FromChildren => {
            rate(progress, pace)
        }
    }
}

/// Σ(progress × weight) / Σ weight over the items that have a progress; `None` when none do.
#[must_use]
pub fn weighted_mean(items: impl IntoIterator<Item = (Option<f64>, f64)>) -> Option<f64> {
    let (sum, weights) = items
        .into_iter()
        .filter_map(|(p, w)| p.map(|p| (p * w, w)))
        .fold((0.0, 0.0), |(s, ws), (pw, w)| (s + pw, ws + w));
    (weights > 0.0).then(|| sum / weights)
}

/// Whether something last checked in on `last` is stale on `as_of`: more than
/// `stale_after_days` days passed.
#[must_use]
pub fn is_stale(last: NaiveDate, as_of: NaiveDate, stale_after_days: i64) -> bool {
    (as_of - last).num_days() > stale_after_days
}

/// The check-ins of one measure that count on the as-of date, oldest first.
struct Series<'p> {
    counted: Vec<&'p CheckIn>,
}

impl Series<'_> {
    fn latest(&self) -> Option<&CheckIn> {
        self.counted.last().copied()
    }

    fn previous(&self) -> Option<&CheckIn> {
        self.counted.len().checked_sub(2).map(|i| self.counted[i])
    }
}

/// Rolls the plan up as of `as_of` for the selected `period`.
#[must_use]
pub fn roll_up(plan: &Plan, as_of: NaiveDate, period: &Period) -> Report {
    let mut by_target: HashMap<Measured, Vec<&CheckIn>> = HashMap::new();
    for c in plan.checkins.iter().filter(|c| c.date <= as_of) {
        by_target.entry(c.target).or_default().push(c);
    }
    for series in by_target.values_mut() {
        series.sort_by_key(|c| c.date); // stable: file order breaks ties
    }
    let series = |m: Measured| Series {
        counted: by_target.get(&m).cloned().unwrap_or_default(),
    };
    // A key result's counted check-ins (of the series it reads): those from its window's
    // first day on. One before the window is the starting point, not progress made in it.
    let kr_series = |r: KrRef| {
        let first_day = plan.key_result(r).window.first_day;
        let mut s = series(plan.series_of(Measured::KeyResult(r)));
        s.counted.retain(|c| c.date >= first_day);
        s
    };
    let pace = expected_pace(period.window, as_of);
    let stale_days = plan.stale_after_days;

    let north_star = plan
        .north_star
        .as_ref()
        .map(|n| metric_row(plan, n, &series(Measured::NorthStar), as_of));
    let metrics: Vec<MetricRow> = plan
        .metrics
        .iter()
        .enumerate()
        .map(|(i, m)| metric_row(plan, m, &series(Measured::Metric(i)), as_of))
        .collect();

    // Alignment among the objectives shown: who is under whom. A child outside the period
    // does not count.
    let shown: Vec<bool> = plan
        .objectives
        .iter()
        .map(|o| o.period.window.overlaps(period.window))
        .collect();
    let crate::plan::model::Children {
        of_objective: under_objective,
        of_key_result: under_kr,
    } = plan.children(&shown);
    // Children before parents (validation rules out cycles).
    let order = children_first(plan, &shown, &under_objective, &under_kr);

    // Progress of every key result shown, for objectives and initiatives.
    let mut kr_progress: HashMap<KrRef, KrProgress> = HashMap::new();
    let mut rows: Vec<Option<ObjectiveRow>> = vec![None; plan.objectives.len()];
    for oi in order {
        let o = &plan.objectives[oi];
        // (progress, contribution, has data) of the objectives under `children`.
        let children_of =
            |children: &[usize], rows: &[Option<ObjectiveRow>]| -> Vec<(Option<f64>, f64, bool)> {
                children
                    .iter()
                    .filter_map(|&c| {
                        rows[c].as_ref().map(|row| {
                            (
                                row.progress,
                                plan.objectives[c].contribution,
                                row.status != Status::NoData,
                            )
                        })
                    })
                    .collect()
            };
        let key_results: Vec<KeyResultRow> = o
            .key_results
            .iter()
            .enumerate()
            .map(|(ki, kr)| {
                let r = KrRef {
                    objective: oi,
                    key_result: ki,
                };
                // A key result `measured_by` a series reads that series' check-ins.
                let s = kr_series(r);
                let latest = s.latest();
                let kr_pace = expected_pace(kr.window, as_of);
                let started = as_of >= kr.window.first_day;
                let children = under_kr.get(&r).map(|c| children_of(c, &rows));
                let (measured, has_data) = match (&children, kr.measure) {
                    (Some(children), Measure::FromChildren) => (
                        weighted_mean(children.iter().map(|&(p, w, _)| (p, w))),
                        children.iter().any(|c| c.2),
                    ),
                    (None, Measure::FromChildren) => (None, false),
                    _ => (
                        current_progress(kr.measure, latest.map(|c| c.value), plan.overshoot),
                        latest.is_some(),
                    ),
                };
                // Not started: no progress yet, whatever was checked in early.
                let p = measured.filter(|_| started);
                kr_progress.insert(
                    r,
                    KrProgress {
                        progress: p,
                        has_data,
                    },
                );
                let status = match (measured, has_data) {
                    (None, _) if kr.measure == Measure::FromChildren => Status::NoData,
                    (None, _) => Status::Draft,
                    _ if !started => Status::NotStarted,
                    (Some(p), true) => key_result_status(kr.measure, p, kr_pace),
                    (Some(_), false) => Status::NoData,
                };
                let last = latest.map_or(kr.window.first_day, |c| c.date);
                let confidence = s
                    .counted
                    .iter()
                    .rev()
                    .find_map(|c| c.confidence.map(|v| (v, c.date)));
                let (kind, baseline, target, keep_below, keep_above) = measure_fields(kr.measure);
                KeyResultRow {
                    id: kr.id.clone(),
                    objective: o.id.clone(),
                    title: kr.title.clone(),
                    unit: kr.unit.clone(),
                    measure: kind,
                    baseline,
                    target,
                    keep_below,
                    keep_above,
                    weight: kr.weight,
                    owners: kr.owners.clone(),
                    measured_by: kr.measured_by.map(|m| plan.measured_id(m).to_string()),
                    window: kr.window,
                    expected_pace: kr_pace,
                    current: latest.map(|c| c.value),
                    last_checkin: latest.map(|c| c.date),
                    // The latest confidence known: carried forward from the last check-in
                    // that gave one, with that check-in's date.
                    confidence: confidence.map(|c| c.0),
                    confidence_date: confidence.map(|c| c.1),
                    checkins: s.counted.len(),
                    progress: p,
                    status,
                    // Done is done: a key result at progress 1 needs no more check-ins;
                    // only a key result inside its window can fall behind on them; a
                    // draft is never stale (`draft-key-result` says what it lacks), nor
                    // one that takes no check-ins of its own.
                    stale: kr.window.contains(as_of)
                        && kr.measure != Measure::FromChildren
                        && p.is_some_and(|p| !is_done(p))
                        && is_stale(last, as_of, stale_days),
                }
            })
            .collect();
        // Drafts and key results not started have no progress: the mean leaves them out.
        // Child objectives count beside the key results, by their contribution.
        let children = if plan.children_in_rollup {
            children_of(&under_objective[oi], &rows)
        } else {
            Vec::new()
        };
        let progress = weighted_mean(
            key_results
                .iter()
                .map(|k| (k.progress, k.weight))
                .chain(children.iter().map(|&(p, w, _)| (p, w))),
        );
        let has_data = key_results.iter().any(|k| {
            !matches!(
                k.status,
                Status::NoData | Status::Draft | Status::NotStarted
            )
        }) || children.iter().any(|c| c.2);
        let objective_pace = expected_pace(o.period.window, as_of);
        let direct: Vec<usize> = under_objective[oi]
            .iter()
            .chain((0..o.key_results.len()).flat_map(|ki| {
                under_kr
                    .get(&KrRef {
                        objective: oi,
                        key_result: ki,
                    })
                    .map_or(&[][..], Vec::as_slice)
            }))
            .copied()
            .collect();
        let mut children_by_status = std::collections::BTreeMap::new();
        for &c in &direct {
            if let Some(row) = &rows[c] {
                *children_by_status.entry(row.status).or_insert(0) += 1;
            }
        }
        rows[oi] = Some(ObjectiveRow {
            id: o.id.clone(),
            title: o.title.clone(),
            pillar: plan.pillars[o.pillar].id.clone(),
            team: o.teams.first().map(|&t| plan.teams[t].id.clone()),
            teams: team_ids(plan, &o.teams),
            parents: o
                .parents
                .iter()
                .map(|p| match *p {
                    Parent::Objective(j) => plan.objectives[j].id.clone(),
                    Parent::KeyResult(r) => plan.key_result(r).id.clone(),
                })
                .collect(),
            quarter: o.period.label.clone(),
            window: o.period.window,
            expected_pace: objective_pace,
            owner: o.owners.first().cloned(),
            owners: o.owners.clone(),
            kind: o.kind,
            weight: o.weight,
            contribution: o.contribution,
            progress,
            status: rated(progress, has_data, objective_pace),
            children_by_status,
            key_results,
        });
    }
    // Roots count toward pillars and the period: objectives with no parent shown, so
    // nothing counts twice. An objective under a shown key result is no root even when the
    // key result has a goal of its own and so does not roll it up: it is drawn under that
    // key result, and counting it beside its ancestors would make the headline disagree
    // with the tree (`check` warns that its progress counts nowhere:
    // [`Code::UncountedObjective`](crate::diagnostic::Code::UncountedObjective)). Without
    // children in the roll-up, all count.
    let is_root = |o: &crate::plan::model::Objective| {
        !plan.children_in_rollup
            || !o.parents.iter().any(|p| match *p {
                Parent::Objective(j) => shown[j],
                Parent::KeyResult(r) => shown[r.objective],
            })
    };
    let mut objectives: Vec<ObjectiveRow> = Vec::new();
    let mut root_rows: Vec<usize> = Vec::new();
    for (oi, row) in rows.into_iter().enumerate() {
        if let Some(row) = row {
            if is_root(&plan.objectives[oi]) {
                root_rows.push(objectives.len());
            }
            objectives.push(row);
        }
    }
    let counted: Vec<&ObjectiveRow> = root_rows.iter().map(|&i| &objectives[i]).collect();

    let pillars = plan
        .pillars
        .iter()
        .map(|p| {
            let mine: Vec<&ObjectiveRow> = counted
                .iter()
                .copied()
                .filter(|o| o.pillar == p.id)
                .collect();
            let progress = weighted_mean(mine.iter().map(|o| (o.progress, o.weight)));
            let has_data = mine.iter().any(|o| o.status != Status::NoData);
            PillarRow {
                id: p.id.clone(),
                name: p.name.clone(),
                owner: p.owner.clone(),
                inputs: p
                    .inputs
                    .iter()
                    .map(|&i| plan.metrics[i].id.clone())
                    .collect(),
                objectives: mine.iter().map(|o| o.id.clone()).collect(),
                progress,
                status: rated(progress, has_data, pace),
            }
        })
        .collect();

    let period_progress = weighted_mean(counted.iter().map(|o| (o.progress, o.weight)));
    let period_has_data = counted.iter().any(|o| o.status != Status::NoData);

    let initiatives: Vec<InitiativeRow> = plan
        .initiatives
        .iter()
        .filter(|i| i.window.overlaps(period.window))
        .map(|i| {
            let driven: Vec<(KrProgress, f64)> = i
                .drives
                .iter()
                .map(|&r| {
                    let kr = plan.key_result(r);
                    let p = kr_progress.get(&r).copied().unwrap_or_else(|| {
                        // A key result of an objective not shown: roll it up on its own.
                        KrProgress::of(plan, kr, kr_series(r).latest(), as_of)
                    });
                    (p, kr.weight)
                })
                .collect();
            // Drafts and key results not started have no progress: the mean leaves them out.
            let progress = weighted_mean(driven.iter().map(|&(p, w)| (p.progress, w)));
            let has_data = driven
                .iter()
                .any(|d| d.0.progress.is_some() && d.0.has_data);
            let initiative_pace = expected_pace(i.window, as_of);
            InitiativeRow {
                id: i.id.clone(),
                title: i.title.clone(),
                pillar: i.pillar.map(|p| plan.pillars[p].id.clone()),
                team: i.teams.first().map(|&t| plan.teams[t].id.clone()),
                teams: team_ids(plan, &i.teams),
                quarter: i.period.as_ref().map(|p| p.label.clone()),
                window: i.window,
                expected_pace: initiative_pace,
                owner: i.owner.clone(),
                status: i.status,
                work: i.work,
                effort_weeks: i.effort_weeks,
                period_effort_weeks: prorated_effort(i.effort_weeks, i.window, period.window),
                success: i.success.clone(),
                drives: i
                    .drives
                    .iter()
                    .map(|&r| plan.key_result(r).id.clone())
                    .collect(),
                progress,
                progress_status: progress.map(|_| rated(progress, has_data, initiative_pace)),
            }
        })
        .collect();

    // A measure's counted numeric readings, oldest first; a key result `measured_by` a
    // series reads that series.
    let numbers = |m: Measured| -> Vec<(NaiveDate, f64)> {
        series(plan.series_of(m))
            .counted
            .iter()
            .filter_map(|c| match c.value {
                Reading::Number(v) => Some((c.date, v)),
                Reading::Done(_) => None,
            })
            .collect()
    };
    let bets: Vec<BetRow> = plan
        .bets
        .iter()
        .map(|b| {
            let progress = b.metric.and_then(|m| {
                // A key result shown has its progress already (children, a shared series,
                // not started); one of another period is rolled up on its own.
                if let Measured::KeyResult(r) = m {
                    kr_progress.get(&r).map_or_else(
                        || {
                            let kr = plan.key_result(r);
                            KrProgress::of(plan, kr, kr_series(r).latest(), as_of).progress
                        },
                        |p| p.progress,
                    )
                } else {
                    let latest = series(m).latest().map(|c| c.value);
                    current_progress(plan.measure(m), latest, plan.overshoot)
                }
            });
            bet_row(plan, b, progress, as_of, period.window, &numbers)
        })
        .collect();
    let portfolio = portfolio_mix(plan, &bets);
    let capacity = capacity(plan, &initiatives);

    Report {
        plan: plan.name.clone(),
        as_of,
        quarter: period.label.clone(),
        period: period.clone(),
        expected_pace: pace,
        progress: period_progress,
        status: rated(period_progress, period_has_data, pace),
        north_star,
        metrics,
        pillars,
        objectives,
        initiatives,
        bets,
        portfolio,
        capacity,
    }
}

/// The objectives shown, each after every objective under it (directly, or through one of
/// its key results): the order a roll-up from children to parents needs. Iterative
/// depth-first post-order; validation rules out cycles, and a visited mark guards anyway.
fn children_first(
    plan: &Plan,
    shown: &[bool],
    under_objective: &[Vec<usize>],
    under_kr: &HashMap<KrRef, Vec<usize>>,
) -> Vec<usize> {
    let below = |o: usize| -> Vec<usize> {
        let mut all = under_objective[o].clone();
        for ki in 0..plan.objectives[o].key_results.len() {
            if let Some(c) = under_kr.get(&KrRef {
                objective: o,
                key_result: ki,
            }) {
                all.extend(c);
            }
        }
        all
    };
    let mut visited = vec![false; plan.objectives.len()];
    let mut order = Vec::new();
    for start in (0..plan.objectives.len()).filter(|&o| shown[o]) {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, below(start))];
        while let Some((node, next)) = stack.last_mut() {
            let node = *node;
            match next.pop() {
                Some(child) if !visited[child] => {
                    visited[child] = true;
                    stack.push((child, below(child)));
                }
                Some(_) => {}
                None => {
                    order.push(node);
                    stack.pop();
                }
            }
        }
    }
    order
}

/// A key result's progress as its objective and the initiatives driving it count it.
#[derive(Debug, Clone, Copy)]
struct KrProgress {
    /// Null for a draft, or a key result whose window has not begun.
    progress: Option<f64>,
    has_data: bool,
}

impl KrProgress {
    fn of(
        plan: &Plan,
        kr: &crate::plan::model::KeyResult,
        latest: Option<&CheckIn>,
        as_of: NaiveDate,
    ) -> Self {
        Self {
            progress: current_progress(kr.measure, latest.map(|c| c.value), plan.overshoot)
                .filter(|_| as_of >= kr.window.first_day),
            has_data: latest.is_some(),
        }
    }
}

/// `no-data` when nothing has data (or there is nothing to roll up), else [`rate`].
fn rated(progress: Option<f64>, has_data: bool, pace: f64) -> Status {
    match progress {
        Some(p) if has_data => rate(p, pace),
        _ => Status::NoData,
    }
}

fn measure_fields(
    m: Measure,
) -> (
    MeasureKind,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
) {
    let f = crate::analysis::report::MeasureFields::from(m);
    (f.measure, f.baseline, f.target, f.keep_below, f.keep_above)
}

/// Metric status: `no-data` without check-ins; untargeted metrics (`progress` is `None`)
/// `tracking`; threshold metrics `ok` / `breach`; numeric metrics `done` at progress ≥ 1,
/// else, with a `due` date, rated against the pace from the first counted check-in to
/// `due` (inclusive days), else `tracking`.
pub(crate) fn metric_status(
    m: &Metric,
    first: Option<NaiveDate>,
    progress: Option<f64>,
    as_of: NaiveDate,
) -> Status {
    let Some(first) = first else {
        return Status::NoData;
    };
    let Some(progress) = progress else {
        return Status::Tracking;
    };
    match m.measure {
        Measure::KeepBelow(_) | Measure::KeepAbove(_) => {
            if progress >= 1.0 {
                Status::Ok
            } else {
                Status::Breach
            }
        }
        _ if is_done(progress) => Status::Done,
        _ => match m.due {
            Some(due) => {
                let span = (due - first).num_days() + 1;
                let elapsed = (as_of - first).num_days() + 1;
                let pace = if span <= 0 {
                    1.0
                } else {
                    (elapsed as f64 / span as f64).clamp(0.0, 1.0)
                };
                rate(progress, pace)
            }
            None => Status::Tracking,
        },
    }
}

fn metric_row(plan: &Plan, m: &Metric, s: &Series<'_>, as_of: NaiveDate) -> MetricRow {
    let latest = s.latest();
    let number = |c: &CheckIn| match c.value {
        Reading::Number(v) => Some(v),
        Reading::Done(_) => None,
    };
    let current = latest.and_then(number);
    let p = current_progress(m.measure, latest.map(|c| c.value), plan.overshoot);
    let previous = s.previous().and_then(number);
    let trend = current.zip(previous).map(|(c, p)| {
        if c > p {
            Trend::Up
        } else if c < p {
            Trend::Down
        } else {
            Trend::Flat
        }
    });
    let improving = current.zip(previous).and_then(|(c, p)| {
        let better = match m.measure {
            Measure::Numeric { baseline, target } => (c - p) * (target - baseline),
            Measure::KeepBelow(_) => p - c,
            Measure::KeepAbove(_) => c - p,
            // No target, no direction to improve in.
            Measure::Milestone | Measure::Untargeted { .. } | Measure::FromChildren => 0.0,
        };
        (better != 0.0).then_some(better > 0.0)
    });
    let (kind, baseline, target, keep_below, keep_above) = measure_fields(m.measure);
    MetricRow {
        id: m.id.clone(),
        name: m.name.clone(),
        role: m.role,
        unit: m.unit.clone(),
        owner: m.owner.clone(),
        measure: kind,
        baseline,
        target,
        keep_below,
        keep_above,
        due: m.due,
        current,
        last_checkin: latest.map(|c| c.date),
        checkins: s.counted.len(),
        progress: p,
        status: metric_status(m, s.counted.first().map(|c| c.date), p, as_of),
        trend,
        improving,
        stale: latest.is_none_or(|c| is_stale(c.date, as_of, plan.stale_after_days)),
    }
}

/// Whether a bet is funded in the period `window`: not proposed, and [start, decided or
/// `decide_by`] overlaps the period (a missing start or end leaves that side open).
#[must_use]
pub fn is_funded(bet: &Bet, window: Window) -> bool {
    if bet.status == BetStatus::Proposed {
        return false;
    }
    let end = bet.decided.or(bet.decide_by);
    bet.start.is_none_or(|s| s <= window.last_day) && end.is_none_or(|e| e >= window.first_day)
}

/// Whether a bet is overdue on `as_of`: running or proposed with `decide_by` before `as_of`.
#[must_use]
pub fn is_overdue(bet: &Bet, as_of: NaiveDate) -> bool {
    matches!(bet.status, BetStatus::Running | BetStatus::Proposed)
        && bet.decide_by.is_some_and(|d| d < as_of)
}

/// Since when a bet's criterion has held on `as_of`, or `None` when it does not hold.
/// `values` are the measure's counted readings (dates on or before `as_of`), oldest first.
///
/// `above`/`below` are strict. Without `for_days` the latest reading decides; with it,
/// the criterion holds when the latest reading on or before `as_of` − `for_days` days meets
/// it and so does every later one. "Since" is the date of the first reading of the run of
/// readings, up to the latest, that all meet it (see the unit test `bet_criteria`).
#[must_use]
pub(crate) fn criterion_met(
    values: &[(NaiveDate, f64)],
    criterion: &Criterion,
    as_of: NaiveDate,
) -> Option<NaiveDate> {
    let meets = |v: f64| match criterion.bound {
        Bound::Above(b) => v > b,
        Bound::Below(b) => v < b,
    };
    let counted: Vec<&(NaiveDate, f64)> = values.iter().filter(|(d, _)| *d <= as_of).collect();
    let run_start = counted
        .iter()
        .rposition(|(_, v)| !meets(*v))
        .map_or(0, |i| i + 1);
    if run_start >= counted.len() {
        return None;
    }
    if let Some(days) = criterion.for_days {
        let cutoff = as_of - chrono::Duration::days(days);
        let anchor = counted.iter().rposition(|(d, _)| *d <= cutoff)?;
        if anchor < run_start {
            return None;
        }
    }
    Some(counted[run_start].0)
}

fn bet_row(
    plan: &Plan,
    b: &Bet,
    progress: Option<f64>,
    as_of: NaiveDate,
    period: Window,
    readings: &dyn Fn(Measured) -> Vec<(NaiveDate, f64)>,
) -> BetRow {
    let met = |c: Option<Criterion>| c.and_then(|c| criterion_met(&readings(c.measure), &c, as_of));
    BetRow {
        id: b.id.clone(),
        title: b.title.clone(),
        pillar: b.pillar.map(|p| plan.pillars[p].id.clone()),
        team: b.teams.first().map(|&t| plan.teams[t].id.clone()),
        teams: team_ids(plan, &b.teams),
        owner: b.owner.clone(),
        hypothesis: b.hypothesis.clone(),
        risk: b.risk,
        status: b.status,
        appetite_weeks: b.appetite_weeks,
        start: b.start,
        decide_by: b.decide_by,
        decided: b.decided,
        outcome: b.outcome.clone(),
        success: b.success.clone(),
        kill: b.kill.clone(),
        metric: b.metric.map(|m| plan.measured_id(m).to_string()),
        progress,
        funded: is_funded(b, period),
        overdue: is_overdue(b, as_of),
        days_to_decision: b
            .decide_by
            .filter(|_| !b.status.is_decided())
            .map(|d| (d - as_of).num_days()),
        kill_met: met(b.kill_when),
        success_met: met(b.succeed_when),
    }
}

/// The sum of `values`, starting from +0.0 (`Iterator::sum` starts from −0.0, which
/// would print as `-0`).
fn sum(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, |a, b| a + b)
}

/// Share of `part` in `total`, `None` when the total is 0.
fn share(part: f64, total: f64) -> Option<f64> {
    (total > 0.0).then(|| part / total)
}

/// Portfolio mix = share of funded `appetite_weeks` per risk class, against the target.
fn portfolio_mix(plan: &Plan, bets: &[BetRow]) -> PortfolioMix {
    let funded: Vec<&BetRow> = bets.iter().filter(|b| b.funded).collect();
    let total = sum(funded.iter().map(|b| b.appetite_weeks));
    let target = plan.portfolio;
    let classes = Risk::ALL
        .iter()
        .map(|&risk| {
            let weeks = sum(funded
                .iter()
                .filter(|b| b.risk == risk)
                .map(|b| b.appetite_weeks));
            let s = share(weeks, total);
            MixShare {
                risk,
                appetite_weeks: weeks,
                share: s,
                target: target.share(risk),
                within_tolerance: s
                    .map(|s| (s - target.share(risk)).abs() <= target.tolerance + EPSILON),
            }
        })
        .collect();
    PortfolioMix {
        funded_bets: funded.len(),
        funded_appetite_weeks: total,
        overdue_bets: bets.iter().filter(|b| b.overdue).count(),
        tolerance: target.tolerance,
        classes,
    }
}

/// Capacity = share of `effort_weeks` per work kind over the quarter's initiatives, dropped
/// ones excluded, against the target when `[plan.capacity]` is set.
fn capacity(plan: &Plan, initiatives: &[InitiativeRow]) -> Capacity {
    let counted: Vec<&InitiativeRow> = initiatives
        .iter()
        .filter(|i| i.status != InitiativeStatus::Dropped)
        .collect();
    let total = sum(counted.iter().map(|i| i.period_effort_weeks));
    let kinds = WorkKind::ALL
        .iter()
        .map(|&work| {
            let weeks = sum(counted
                .iter()
                .filter(|i| i.work == work)
                .map(|i| i.period_effort_weeks));
            let s = share(weeks, total);
            let target = plan.capacity.and_then(|c| c.share(work));
            let tolerance = plan.capacity.map_or(0.0, |c| c.tolerance);
            CapacityShare {
                work,
                effort_weeks: weeks,
                share: s,
                target,
                within_tolerance: s
                    .zip(target)
                    .map(|(s, t)| (s - t).abs() <= tolerance + EPSILON),
            }
        })
        .collect();
    Capacity {
        effort_weeks: total,
        tolerance: plan.capacity.map(|c| c.tolerance),
        kinds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn q4() -> Window {
        Window::new(d("2026-10-01"), d("2026-12-31")).unwrap()
    }

    fn q4_period() -> Period {
        crate::time::period::Calendar::default()
            .parse("2026-Q4")
            .unwrap()
    }

    #[test]
    fn pace_is_inclusive_and_clamped() {
        assert_eq!(expected_pace(q4(), d("2026-09-30")), 0.0);
        assert_eq!(expected_pace(q4(), d("2026-10-01")), 1.0 / 92.0);
        assert_eq!(expected_pace(q4(), d("2026-11-15")), 46.0 / 92.0);
        assert_eq!(expected_pace(q4(), d("2026-12-31")), 1.0);
        assert_eq!(expected_pace(q4(), d("2027-02-01")), 1.0);
    }

    #[test]
    fn pace_over_a_key_result_window_and_prorated_effort() {
        // A key result due mid-quarter: 2026-11-15 .. 2026-12-15 is 31 days.
        let window = Window::new(d("2026-11-15"), d("2026-12-15")).unwrap();
        for (as_of, pace) in [
            ("2026-11-14", 0.0),
            ("2026-11-15", 1.0 / 31.0),
            ("2026-11-30", 16.0 / 31.0),
            ("2026-12-15", 1.0),
            ("2027-01-10", 1.0),
        ] {
            assert_eq!(expected_pace(window, d(as_of)), pace, "{as_of}");
        }
        // A one-day window: 0 the day before, 1 on the day.
        let day = Window::new(d("2024-10-11"), d("2024-10-11")).unwrap();
        assert_eq!(expected_pace(day, d("2024-10-10")), 0.0);
        assert_eq!(expected_pace(day, d("2024-10-11")), 1.0);
        // Leap year: 2028-Q1 has 91 days; February 29 is day 60.
        let q1 = Window::new(d("2028-01-01"), d("2028-03-31")).unwrap();
        assert_eq!(expected_pace(q1, d("2028-02-29")), 60.0 / 91.0);
        let cases = [
            // (effort, window, period, share)
            (
                10.0,
                ("2026-07-04", "2026-12-31"),
                q4(),
                10.0 * 92.0 / 181.0,
            ),
            (10.0, ("2026-10-01", "2026-12-31"), q4(), 10.0),
            (6.0, ("2026-12-31", "2027-01-01"), q4(), 3.0),
            (6.0, ("2027-01-01", "2027-03-31"), q4(), 0.0),
            (0.0, ("2026-07-04", "2026-12-31"), q4(), 0.0),
        ];
        for (effort, (first, last), period, share) in cases {
            let w = Window::new(d(first), d(last)).unwrap();
            assert_eq!(prorated_effort(effort, w, period), share, "{first}..{last}");
        }
    }

    #[test]
    fn bet_criteria() {
        let mttr = [
            (d("2026-11-01"), 50.0),
            (d("2026-11-05"), 70.0),
            (d("2026-11-12"), 65.0),
        ];
        let c = |bound, for_days| Criterion {
            measure: Measured::NorthStar,
            bound,
            for_days,
        };
        let as_of = d("2026-11-20");
        let cases = [
            // The latest reading decides; since the start of the run that meets it.
            (c(Bound::Above(60.0), None), Some("2026-11-05")),
            // Strict: 65 is not above 65.
            (c(Bound::Above(65.0), None), None),
            (c(Bound::Below(66.0), None), Some("2026-11-12")),
            // 14 days: the reading on or before Nov 6 (70 on Nov 5) and every later one.
            (c(Bound::Above(60.0), Some(14)), Some("2026-11-05")),
            // 15 days: cutoff Nov 5, the reading on it is 70: still met.
            (c(Bound::Above(60.0), Some(15)), Some("2026-11-05")),
            // 16 days: the reading on or before Nov 4 is 50.
            (c(Bound::Above(60.0), Some(16)), None),
            // No reading old enough: not met.
            (c(Bound::Above(10.0), Some(30)), None),
            (c(Bound::Above(10.0), Some(19)), Some("2026-11-01")),
        ];
        for (criterion, since) in cases {
            assert_eq!(
                criterion_met(&mttr, &criterion, as_of),
                since.map(d),
                "{criterion:?}"
            );
        }
        // Readings after the as-of date do not count; none at all: not met.
        assert_eq!(
            criterion_met(&mttr, &c(Bound::Above(60.0), None), d("2026-11-04")),
            None
        );
        assert_eq!(
            criterion_met(&[], &c(Bound::Above(60.0), None), as_of),
            None
        );
    }

    #[test]
    fn numeric_progress_higher_and_lower_is_better() {
        // Higher is better: 30 → 45, at 36.
        assert_eq!(numeric_progress(36.0, 30.0, 45.0, false), 0.4);
        // Lower is better: 48h → 12h, at 30h: (30−48)/(12−48) = 0.5.
        assert_eq!(numeric_progress(30.0, 48.0, 12.0, false), 0.5);
        // Moving the wrong way is clamped to 0.
        assert_eq!(numeric_progress(50.0, 48.0, 12.0, false), 0.0);
        assert_eq!(numeric_progress(20.0, 30.0, 45.0, false), 0.0);
        // Beyond the target: capped at 1 unless overshoot.
        assert_eq!(numeric_progress(6.0, 48.0, 12.0, false), 1.0);
        assert_eq!(numeric_progress(6.0, 48.0, 12.0, true), 42.0 / 36.0);
        assert_eq!(numeric_progress(60.0, 30.0, 45.0, true), 2.0);
    }

    #[test]
    fn milestone_and_threshold_progress() {
        assert_eq!(
            progress(Measure::Milestone, Reading::Done(true), false),
            Some(1.0)
        );
        assert_eq!(
            progress(Measure::Milestone, Reading::Done(false), false),
            Some(0.0)
        );
        assert_eq!(
            progress(Measure::KeepBelow(15.0), Reading::Number(15.0), false),
            Some(1.0)
        );
        assert_eq!(
            progress(Measure::KeepBelow(15.0), Reading::Number(15.1), false),
            Some(0.0)
        );
        assert_eq!(
            progress(Measure::KeepAbove(99.9), Reading::Number(99.9), false),
            Some(1.0)
        );
        assert_eq!(
            progress(Measure::KeepAbove(99.9), Reading::Number(99.8), false),
            Some(0.0)
        );
    }

    #[test]
    fn status_thresholds_are_inclusive() {
        let pace = 0.5;
        assert_eq!(rate(1.0, pace), Status::Done);
        assert_eq!(rate(1.2, pace), Status::Done);
        assert_eq!(rate(0.4, pace), Status::OnTrack); // exactly pace − 0.10
        assert_eq!(rate(0.39, pace), Status::AtRisk);
        assert_eq!(rate(0.25, pace), Status::AtRisk); // exactly pace − 0.25
        assert_eq!(rate(0.24, pace), Status::OffTrack);
        // Before the quarter (pace 0) anything is on track.
        assert_eq!(rate(0.0, 0.0), Status::OnTrack);
        // At the end of the quarter, 0.9 is on track and 0.74 off track.
        assert_eq!(rate(0.9, 1.0), Status::OnTrack);
        assert_eq!(rate(0.75, 1.0), Status::AtRisk);
        assert_eq!(rate(0.74, 1.0), Status::OffTrack);
    }

    #[test]
    fn done_allows_a_rounding_error_below_one() {
        assert!(is_done(1.0));
        assert!(is_done(1.5)); // overshoot
        assert!(is_done(1.0 - 1e-10));
        assert!(!is_done(1.0 - 2e-9));
        assert!(!is_done(0.0));
        // A check-in on the target that computes a hair short of 1 is done.
        let p = numeric_progress(0.3, 0.0, 0.1 + 0.2, false);
        assert!(p < 1.0);
        assert!(is_done(p));
        assert_eq!(rate(p, 0.5), Status::Done);
    }

    #[test]
    fn threshold_key_results_are_met_or_off_track_whatever_the_pace() {
        for pace in [0.0, 0.02, 0.5, 1.0] {
            assert_eq!(
                key_result_status(Measure::KeepBelow(15.0), 1.0, pace),
                Status::Done
            );
            assert_eq!(
                key_result_status(Measure::KeepBelow(15.0), 0.0, pace),
                Status::OffTrack
            );
            assert_eq!(
                key_result_status(Measure::KeepAbove(99.9), 0.0, pace),
                Status::OffTrack
            );
        }
        let numeric = Measure::Numeric {
            baseline: 0.0,
            target: 10.0,
        };
        assert_eq!(key_result_status(numeric, 0.0, 0.02), Status::OnTrack);
        assert_eq!(key_result_status(numeric, 0.3, 0.5), Status::AtRisk);
        assert_eq!(
            key_result_status(Measure::Milestone, 1.0, 0.5),
            Status::Done
        );
    }

    #[test]
    fn weighted_means() {
        assert_eq!(
            weighted_mean([(Some(1.0), 2.0), (Some(0.0), 1.0), (Some(0.5), 1.0)]),
            Some(0.625)
        );
        assert_eq!(weighted_mean([(None, 1.0), (Some(0.5), 1.0)]), Some(0.5));
        assert_eq!(weighted_mean([(None, 1.0)]), None);
        assert_eq!(weighted_mean(std::iter::empty()), None);
    }

    #[test]
    fn staleness_is_strictly_more_than_the_limit() {
        assert!(!is_stale(d("2026-11-01"), d("2026-11-15"), 14));
        assert!(is_stale(d("2026-11-01"), d("2026-11-16"), 14));
    }

    fn bet(
        status: BetStatus,
        start: Option<&str>,
        decide_by: Option<&str>,
        decided: Option<&str>,
    ) -> Bet {
        Bet {
            id: "b".into(),
            title: "B".into(),
            pillar: None,
            teams: Vec::new(),
            hypothesis: "h".into(),
            risk: Risk::Core,
            appetite_weeks: 1.0,
            start: start.map(d),
            decide_by: decide_by.map(d),
            success: "s".into(),
            kill: "k".into(),
            status,
            metric: None,
            owner: None,
            decided: decided.map(d),
            outcome: None,
            learnings: None,
            kill_when: None,
            succeed_when: None,
            loc: crate::diagnostic::Loc::default(),
        }
    }

    #[test]
    fn funded_means_not_proposed_and_overlapping_the_quarter() {
        let q = q4();
        let running = bet(
            BetStatus::Running,
            Some("2026-09-01"),
            Some("2026-10-01"),
            None,
        );
        assert!(
            is_funded(&running, q),
            "decide_by on the first day overlaps"
        );
        let before = bet(
            BetStatus::Running,
            Some("2026-08-01"),
            Some("2026-09-30"),
            None,
        );
        assert!(!is_funded(&before, q));
        let after = bet(
            BetStatus::Running,
            Some("2027-01-01"),
            Some("2027-02-01"),
            None,
        );
        assert!(!is_funded(&after, q));
        let proposed = bet(
            BetStatus::Proposed,
            Some("2026-10-05"),
            Some("2026-11-01"),
            None,
        );
        assert!(!is_funded(&proposed, q));
        // A decision ends the bet: decided in Q3 although decide_by was in Q4.
        let decided = bet(
            BetStatus::Killed,
            Some("2026-08-01"),
            Some("2026-10-20"),
            Some("2026-09-20"),
        );
        assert!(!is_funded(&decided, q));
        let open_start = bet(BetStatus::Running, None, Some("2026-12-01"), None);
        assert!(is_funded(&open_start, q));
    }

    #[test]
    fn overdue_means_undecided_past_decide_by() {
        let as_of = d("2026-11-20");
        assert!(is_overdue(
            &bet(BetStatus::Running, None, Some("2026-11-19"), None),
            as_of
        ));
        assert!(!is_overdue(
            &bet(BetStatus::Running, None, Some("2026-11-20"), None),
            as_of
        ));
        assert!(is_overdue(
            &bet(BetStatus::Proposed, None, Some("2026-11-01"), None),
            as_of
        ));
        assert!(!is_overdue(
            &bet(BetStatus::Proposed, None, None, None),
            as_of
        ));
        assert!(!is_overdue(
            &bet(
                BetStatus::Validated,
                None,
                Some("2026-11-01"),
                Some("2026-11-02")
            ),
            as_of
        ));
    }

    fn metric(measure: Measure, due: Option<&str>) -> Metric {
        Metric {
            id: "m".into(),
            name: "M".into(),
            role: crate::plan::model::MetricRole::Input,
            unit: None,
            owner: None,
            measure,
            due: due.map(d),
            source: None,
            loc: crate::diagnostic::Loc::default(),
        }
    }

    #[test]
    fn metric_statuses() {
        let numeric = Measure::Numeric {
            baseline: 0.0,
            target: 100.0,
        };
        let as_of = d("2026-11-20");
        let first = Some(d("2026-11-01"));
        assert_eq!(
            metric_status(&metric(numeric, None), None, Some(0.0), as_of),
            Status::NoData
        );
        assert_eq!(
            metric_status(&metric(numeric, None), first, Some(0.5), as_of),
            Status::Tracking
        );
        assert_eq!(
            metric_status(&metric(numeric, None), first, Some(1.0), as_of),
            Status::Done
        );
        // Due 2026-11-30: 20 of 30 days from the first check-in have passed, pace 2/3.
        let due = metric(numeric, Some("2026-11-30"));
        assert_eq!(
            metric_status(&due, first, Some(2.0 / 3.0 - 0.10), as_of),
            Status::OnTrack
        );
        assert_eq!(
            metric_status(&due, first, Some(2.0 / 3.0 - 0.11), as_of),
            Status::AtRisk
        );
        assert_eq!(
            metric_status(&due, first, Some(0.4), as_of),
            Status::OffTrack
        );
        let guard = metric(Measure::KeepBelow(15.0), None);
        assert_eq!(metric_status(&guard, first, Some(1.0), as_of), Status::Ok);
        assert_eq!(
            metric_status(&guard, first, Some(0.0), as_of),
            Status::Breach
        );
    }
    #[test]
    fn untargeted_measures_have_no_progress() {
        let draft = Measure::Untargeted {
            baseline: Some(3.0),
        };
        assert_eq!(progress(draft, Reading::Number(40.0), false), None);
        assert_eq!(
            current_progress(draft, Some(Reading::Number(40.0)), false),
            None
        );
        assert_eq!(current_progress(draft, None, false), None);
        // An ordinary measure without a check-in keeps progress 0.
        let numeric = Measure::Numeric {
            baseline: 0.0,
            target: 10.0,
        };
        assert_eq!(current_progress(numeric, None, false), Some(0.0));
        assert_eq!(
            current_progress(numeric, Some(Reading::Number(4.0)), false),
            Some(0.4)
        );
        // A draft is a draft whatever the progress or the pace.
        assert_eq!(key_result_status(draft, 1.0, 0.5), Status::Draft);
        assert_eq!(key_result_status(draft, 0.0, 1.0), Status::Draft);
    }

    fn key_result(id: &str, measure: Measure, weight: f64) -> crate::plan::model::KeyResult {
        crate::plan::model::KeyResult {
            id: id.into(),
            title: id.into(),
            unit: None,
            measure,
            weight,
            start: None,
            due: None,
            window: q4(),
            owners: Vec::new(),
            measured_by: None,
            source: None,
            loc: crate::diagnostic::Loc::default(),
        }
    }

    fn objective(
        id: &str,
        key_results: Vec<crate::plan::model::KeyResult>,
    ) -> crate::plan::model::Objective {
        crate::plan::model::Objective {
            id: id.into(),
            title: id.into(),
            pillar: 0,
            teams: Vec::new(),
            parents: Vec::new(),
            contribution: 1.0,
            period: q4_period(),
            owners: Vec::new(),
            kind: crate::plan::model::ObjectiveKind::Committed,
            weight: 1.0,
            key_results,
            loc: crate::diagnostic::Loc::default(),
        }
    }

    fn initiative(
        id: &str,
        drives: Vec<crate::plan::model::KrRef>,
    ) -> crate::plan::model::Initiative {
        crate::plan::model::Initiative {
            id: id.into(),
            title: id.into(),
            pillar: None,
            teams: Vec::new(),
            period: Some(q4_period()),
            window: q4(),
            owner: None,
            status: InitiativeStatus::Active,
            work: WorkKind::Feature,
            effort_weeks: 1.0,
            success: None,
            drives,
            loc: crate::diagnostic::Loc::default(),
        }
    }

    fn checkin(target: Measured, date: &str, value: f64) -> CheckIn {
        CheckIn {
            target,
            date: d(date),
            value: Reading::Number(value),
            confidence: None,
            note: None,
            by: None,
            source: None,
            loc: crate::diagnostic::Loc::default(),
        }
    }

    /// A plan without a North Star, with `objectives`, `metrics`, `initiatives` and
    /// `checkins`, in one pillar.
    fn plan(
        objectives: Vec<crate::plan::model::Objective>,
        metrics: Vec<Metric>,
        initiatives: Vec<crate::plan::model::Initiative>,
        checkins: Vec<CheckIn>,
    ) -> Plan {
        Plan {
            name: "p".into(),
            stale_after_days: 14,
            overshoot: false,
            calendar: crate::time::period::Calendar::default(),
            children_in_rollup: true,
            portfolio: crate::plan::model::PortfolioTarget::default(),
            capacity: None,
            north_star: None,
            metrics,
            pillars: vec![crate::plan::model::Pillar {
                id: "pillar".into(),
                name: "Pillar".into(),
                owner: None,
                inputs: Vec::new(),
                loc: crate::diagnostic::Loc::default(),
            }],
            teams: Vec::new(),
            objectives,
            initiatives,
            bets: Vec::new(),
            checkins,
            changes: Vec::new(),
            loc: crate::diagnostic::Loc::default(),
        }
    }

    fn kr_ref(objective: usize, key_result: usize) -> crate::plan::model::KrRef {
        crate::plan::model::KrRef {
            objective,
            key_result,
        }
    }

    #[test]
    fn draft_key_results_are_left_out_of_the_objective_and_initiatives() {
        let numeric = Measure::Numeric {
            baseline: 0.0,
            target: 10.0,
        };
        let draft = Measure::Untargeted {
            baseline: Some(3.0),
        };
        let plan = plan(
            vec![
                objective(
                    "mixed",
                    vec![
                        key_result("half", numeric, 1.0),
                        key_result("draft", draft, 3.0),
                    ],
                ),
                objective(
                    "all-drafts",
                    vec![key_result(
                        "other-draft",
                        Measure::Untargeted { baseline: None },
                        1.0,
                    )],
                ),
            ],
            Vec::new(),
            vec![
                initiative("both", vec![kr_ref(0, 0), kr_ref(0, 1)]),
                initiative("draft-only", vec![kr_ref(0, 1)]),
            ],
            vec![
                checkin(Measured::KeyResult(kr_ref(0, 0)), "2026-11-10", 5.0),
                // 19 days before the as-of date: stale, were it not a draft.
                checkin(Measured::KeyResult(kr_ref(0, 1)), "2026-11-01", 40.0),
            ],
        );
        let r = roll_up(&plan, d("2026-11-20"), &q4_period());
        let mixed = &r.objectives[0];
        let draft_row = &mixed.key_results[1];
        // The draft's check-in is counted and shown, but it has no progress and is never stale.
        assert_eq!(
            (
                draft_row.progress,
                draft_row.status,
                draft_row.current,
                draft_row.checkins,
                draft_row.stale
            ),
            (None, Status::Draft, Some(Reading::Number(40.0)), 1, false)
        );
        // (1 × 0.5) / 1: the draft's weight of 3 does not count (it would make it 0.125).
        assert_eq!(mixed.progress, Some(0.5));
        assert_eq!(mixed.status, Status::OnTrack);
        // An objective of drafts alone has nothing to roll up.
        let all_drafts = &r.objectives[1];
        assert_eq!(all_drafts.progress, None);
        assert_eq!(all_drafts.status, Status::NoData);
        assert_eq!(
            (
                all_drafts.key_results[0].status,
                all_drafts.key_results[0].stale
            ),
            (Status::Draft, false)
        );
        // The quarter and the pillar: the mixed objective alone.
        assert_eq!(r.progress, Some(0.5));
        assert_eq!(r.pillars[0].progress, Some(0.5));
        // Initiatives skip the draft too.
        assert_eq!(
            (r.initiatives[0].progress, r.initiatives[0].progress_status),
            (Some(0.5), Some(Status::OnTrack))
        );
        assert_eq!(
            (r.initiatives[1].progress, r.initiatives[1].progress_status),
            (None, None)
        );
        assert!(r.north_star.is_none());
    }

    #[test]
    fn untargeted_metrics_are_no_data_then_tracking() {
        let untargeted = metric(
            Measure::Untargeted {
                baseline: Some(40.0),
            },
            Some("2026-11-30"),
        );
        let as_of = d("2026-11-20");
        assert_eq!(
            metric_status(&untargeted, None, None, as_of),
            Status::NoData
        );
        // Even with a `due` date: there is no target to be on pace for.
        assert_eq!(
            metric_status(&untargeted, Some(d("2026-11-01")), None, as_of),
            Status::Tracking
        );
        let plan = plan(
            Vec::new(),
            vec![untargeted.clone(), untargeted],
            Vec::new(),
            vec![
                checkin(Measured::Metric(1), "2026-11-02", 44.0),
                checkin(Measured::Metric(1), "2026-11-16", 46.0),
            ],
        );
        let r = roll_up(&plan, as_of, &q4_period());
        let silent = &r.metrics[0];
        assert_eq!(
            (silent.progress, silent.status, silent.stale),
            (None, Status::NoData, true)
        );
        let tracked = &r.metrics[1];
        assert_eq!(
            (
                tracked.progress,
                tracked.status,
                tracked.current,
                tracked.trend,
                tracked.improving,
                tracked.target,
                tracked.baseline
            ),
            (
                None,
                Status::Tracking,
                Some(46.0),
                Some(Trend::Up),
                None,
                None,
                Some(40.0)
            )
        );
    }
}
