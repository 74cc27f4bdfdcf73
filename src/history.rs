//! Check-in history: the timeline of `northstar log` and the per-measure history of
//! `northstar show`, with the progress (and its change) after each check-in. Pure maths
//! over a validated plan, like [`crate::rollup`].

use chrono::NaiveDate;
use serde::Serialize;

use crate::plan::Plan;
use crate::plan::model::{Measure, Measured, Reading};
use crate::quarter::Quarter;
use crate::report::Status;
use crate::rollup::{expected_pace, progress, rate};

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
    /// 0–1 progress after this check-in.
    pub progress: f64,
    /// progress − the progress after the measure's previous check-in (0 before the first).
    pub progress_change: f64,
    /// Status after this check-in: for a key result, rated against its quarter's pace on
    /// this date; for metrics, `done`/`ok`/`breach`/`tracking` as in the roll-up, without pace.
    pub status: Status,
    /// Confidence, 0–1.
    pub confidence: Option<f64>,
    /// The note.
    pub note: Option<String>,
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

/// Every check-in of the plan, oldest first (file order breaks ties), with progress and
/// its change per measure; then filtered. Changes are computed before filtering, so a
/// filtered row still shows the change from the measure's previous check-in.
#[must_use]
pub fn timeline(plan: &Plan, filter: &LogFilter<'_>) -> Vec<LogRow> {
    let mut order: Vec<usize> = (0..plan.checkins.len()).collect();
    order.sort_by_key(|&i| plan.checkins[i].date);
    let mut last: std::collections::HashMap<Measured, f64> = std::collections::HashMap::new();
    let mut rows = Vec::with_capacity(order.len());
    for i in order {
        let c = &plan.checkins[i];
        let measure = plan.measure(c.target);
        let p = progress(measure, c.value, plan.overshoot);
        let previous = last.insert(c.target, p).unwrap_or(0.0);
        rows.push(LogRow {
            date: c.date,
            by: c.by.clone(),
            metric: plan.measured_id(c.target).to_string(),
            value: c.value,
            unit: unit(plan, c.target),
            progress: p,
            progress_change: p - previous,
            status: status_on(plan, c.target, measure, p, c.date),
            confidence: c.confidence,
            note: c.note.clone(),
        });
    }
    rows.retain(|r| {
        filter.since.is_none_or(|d| r.date >= d)
            && filter.until.is_none_or(|d| r.date <= d)
            && filter.metric.is_none_or(|m| r.metric == m)
            && filter.by.is_none_or(|b| r.by.as_deref() == Some(b))
    });
    rows
}

fn unit(plan: &Plan, m: Measured) -> Option<String> {
    match m {
        Measured::NorthStar => plan.north_star.unit.clone(),
        Measured::Metric(i) => plan.metrics[i].unit.clone(),
        Measured::KeyResult(r) => plan.key_result(r).unit.clone(),
    }
}

fn status_on(plan: &Plan, m: Measured, measure: Measure, p: f64, date: NaiveDate) -> Status {
    match (m, measure) {
        (Measured::KeyResult(r), _) => {
            let quarter: Quarter = plan.objectives[r.objective].quarter;
            rate(p, expected_pace(quarter, date))
        }
        (_, Measure::KeepBelow(_) | Measure::KeepAbove(_)) => {
            if p >= 1.0 {
                Status::Ok
            } else {
                Status::Breach
            }
        }
        _ if p >= 1.0 => Status::Done,
        _ => Status::Tracking,
    }
}

/// A Unicode sparkline of `values` (`▁▂▃▄▅▆▇█`), scaled from their minimum to maximum;
/// all-equal values draw a flat middle line.
#[must_use]
pub fn sparkline(values: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    values
        .iter()
        .map(|&v| {
            if max > min {
                let level = ((v - min) / (max - min) * 7.0).round();
                BARS[usize::from((0u8..8).rev().find(|&i| f64::from(i) <= level).unwrap_or(0))]
            } else {
                BARS[3]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines() {
        assert_eq!(sparkline(&[0.0, 7.0, 3.5, 1.0]), "▁█▅▂");
        assert_eq!(sparkline(&[2.0, 2.0]), "▄▄");
        assert_eq!(sparkline(&[]), "");
    }
}
