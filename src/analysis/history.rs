//! Check-in history: the timeline of `northstar log` and the per-measure history of
//! `northstar show`, with the progress (and its change) after each check-in. Pure maths
//! over a validated plan, like [`crate::analysis::rollup`].
//!
//! Each row's status is what `status` would have said on the row's date: for a key
//! result, its progress rated against its quarter's pace on that date; for the North Star
//! and metrics, the roll-up's metric status on that date (`ok`/`breach` for thresholds,
//! rated against the pace to `due` from the first check-in, else `tracking`).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::analysis::report::Status;
use crate::analysis::rollup::{expected_pace, key_result_status, metric_status, progress};
use crate::plan::Plan;
use crate::plan::model::{CheckIn, Measure, Measured, Reading};

/// One check-in, with what it did to its measure's progress.
#[derive(Debug, Clone, Serialize)]
pub struct LogRow {
    /// The check-in's date.
    pub date: NaiveDate,
    /// Who checked in.
    pub by: Option<String>,
    /// Id of the key result, metric or North Star.
    pub metric: String,
    /// The value.
    pub value: Reading,
    /// The measure's unit.
    pub unit: Option<String>,
    /// 0–1 progress after this check-in; null for a measure without a target (a draft key
    /// result, an untargeted metric).
    pub progress: Option<f64>,
    /// progress − the progress after the measure's previous check-in (0 before the first);
    /// null when either has no progress.
    pub progress_change: Option<f64>,
    /// Status after this check-in, as of its date (see the module docs); null, like
    /// `progress` and `progress_change`, for a check-in that does not count on the report's
    /// as-of date (only in `show`'s history: see [`HistoryRow::counted`]).
    pub status: Option<Status>,
    /// Confidence, 0–1.
    pub confidence: Option<f64>,
    /// The note.
    pub note: Option<String>,
    /// Provenance, when `northstar measure` recorded it
    /// (`file:data/velocity.csv column value`).
    pub source: Option<String>,
}

/// A row of one measure's history (`show`), with whether its progress was computed
/// against a goal other than today's.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryRow {
    /// The check-in and its progress, against the goal in force on its date.
    #[serde(flatten)]
    pub row: LogRow,
    /// The goal in force on the row's date (from git history) differs from today's, so
    /// this row's progress and status use the old goal.
    pub target_changed: bool,
    /// Whether the check-in counts on the report's as-of date: it is dated on or before
    /// it and, for a key result, on or after the first day of the key result's window.
    /// One that does not is listed with its value only: progress, change and status null.
    pub counted: bool,
}

/// Filters of `northstar log`; `None` keeps everything.
#[derive(Debug, Clone, Default)]
pub struct LogFilter<'a> {
    /// Only check-ins on or after this date.
    pub since: Option<NaiveDate>,
    /// Only check-ins on or before this date.
    pub until: Option<NaiveDate>,
    /// Only check-ins of this measure.
    pub metric: Option<&'a str>,
    /// Only check-ins by this person.
    pub by: Option<&'a str>,
}

/// Every check-in (of `only`, when given), oldest first (file order breaks ties), with
/// progress against the measure `measure_on` gives for its date (else today's), and
/// whether that differs from today's.
///
/// With `reader`, the check-ins are rated as that measure's instead of their own: a key
/// result `measured_by` the series they belong to.
///
/// `pick` sees every check-in once, in that order, and says whether to list it: the
/// progress and its change are computed over all of them, the rows built for those picked.
fn rows<'p>(
    plan: &'p Plan,
    only: Option<Measured>,
    reader: Option<Measured>,
    measure_on: &dyn Fn(Measured, NaiveDate) -> Option<Measure>,
    pick: &mut dyn FnMut(&'p CheckIn) -> bool,
) -> Vec<(LogRow, bool)> {
    let mut order: Vec<usize> = (0..plan.checkins.len())
        .filter(|&i| only.is_none_or(|m| plan.checkins[i].target == m))
        .collect();
    order.sort_by_key(|&i| plan.checkins[i].date);
    let mut last: HashMap<Measured, Option<f64>> = HashMap::new();
    let mut first: HashMap<Measured, NaiveDate> = HashMap::new();
    let mut out = Vec::with_capacity(order.len());
    for i in order {
        let c = &plan.checkins[i];
        let who = reader.unwrap_or(c.target);
        let today = plan.measure(who);
        let measure = measure_on(who, c.date).unwrap_or(today);
        let p = progress(measure, c.value, plan.overshoot);
        let previous = last.insert(who, p).unwrap_or(Some(0.0));
        let since = *first.entry(who).or_insert(c.date);
        if !pick(c) {
            continue;
        }
        let status = match (who, plan.metric(who)) {
            (Measured::KeyResult(r), _) => key_result_status(
                measure,
                p.unwrap_or(0.0),
                expected_pace(plan.key_result(r).window, c.date),
            ),
            (_, Some(metric)) => metric_status(metric, Some(since), p, c.date),
            // A North Star of a plan without one: never built.
            (_, None) => Status::NoData,
        };
        let row = LogRow {
            date: c.date,
            by: c.by.as_deref().map(str::to_owned),
            metric: plan.measured_id(c.target).to_string(),
            value: c.value,
            unit: unit(plan, who),
            progress: p,
            progress_change: p.zip(previous).map(|(p, q)| p - q),
            status: Some(status),
            confidence: c.confidence,
            note: c.note().map(str::to_owned),
            source: c.source().map(str::to_owned),
        };
        out.push((row, measure != today));
    }
    out
}

/// Every check-in of the plan, oldest first (file order breaks ties), with progress and
/// its change per measure; then filtered. Changes are computed before filtering, so a
/// filtered row still shows the change from the measure's previous check-in.
#[must_use]
pub fn timeline(plan: &Plan, filter: &LogFilter<'_>) -> Vec<LogRow> {
    let mut rows: Vec<LogRow> = rows(plan, None, None, &|_, _| None, &mut |_| true)
        .into_iter()
        .map(|(row, _)| row)
        .collect();
    rows.retain(|r| {
        filter.since.is_none_or(|d| r.date >= d)
            && filter.until.is_none_or(|d| r.date <= d)
            && filter.metric.is_none_or(|m| r.metric == m)
            && filter.by.is_none_or(|b| r.by.as_deref() == Some(b))
    });
    rows
}

/// [`timeline`]'s rows, unfiltered, of the check-ins `pick` keeps: `pick` sees every
/// check-in of the plan once, in the timeline's order (oldest first, file order breaking
/// ties), and each row's change is still from its measure's previous check-in, picked or
/// not. For a caller that lists few of many check-ins (`diff`'s check-ins added) without
/// building a row for each.
#[must_use]
pub fn timeline_picked<'p>(
    plan: &'p Plan,
    pick: &mut dyn FnMut(&'p CheckIn) -> bool,
) -> Vec<LogRow> {
    rows(plan, None, None, &|_, _| None, pick)
        .into_iter()
        .map(|(row, _)| row)
        .collect()
}

/// The check-ins of one measure, oldest first, each rated against the goal in force on
/// its date: `measure_on(date)` (e.g. the plan at that date in git history), else today's.
/// A key result `measured_by` a series lists the series' check-ins, rated against its own
/// goal (their `metric` names the series).
///
/// A check-in that does not count on `as_of` (see [`HistoryRow::counted`]) keeps its
/// value but has no progress, change or status; each counted row's change is from the
/// previous counted row (from 0 for the first).
#[must_use]
pub fn history(
    plan: &Plan,
    m: Measured,
    as_of: NaiveDate,
    measure_on: &dyn Fn(NaiveDate) -> Option<Measure>,
) -> Vec<HistoryRow> {
    let series = plan.series_of(m);
    let from = match m {
        Measured::KeyResult(r) => Some(plan.key_result(r).window.first_day),
        Measured::NorthStar | Measured::Metric(_) => None,
    };
    let mut previous: Option<f64> = Some(0.0);
    rows(
        plan,
        Some(series),
        (series != m).then_some(m),
        &|_, date| measure_on(date),
        &mut |_| true,
    )
    .into_iter()
    .map(|(mut row, target_changed)| {
        let counted = row.date <= as_of && from.is_none_or(|f| row.date >= f);
        if counted {
            row.progress_change = row.progress.zip(previous).map(|(p, q)| p - q);
            previous = row.progress;
        } else {
            row.progress = None;
            row.progress_change = None;
            row.status = None;
        }
        HistoryRow {
            row,
            target_changed,
            counted,
        }
    })
    .collect()
}

fn unit(plan: &Plan, m: Measured) -> Option<String> {
    match m {
        Measured::KeyResult(r) => plan.key_result(r).unit.clone(),
        _ => plan.metric(m).and_then(|metric| metric.unit.clone()),
    }
}
