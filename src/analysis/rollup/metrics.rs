//! The rows of the North Star and the input and health metrics: current value, progress,
//! status against an optional `due` date, trend and staleness.

use chrono::NaiveDate;

use crate::analysis::report::{MeasureKind, MetricRow, Status, Trend};
use crate::plan::model::{CheckIn, Measure, Metric, Plan, Reading};

use super::counted::Series;
use super::progress::{current_progress, is_done, is_stale, rate};

/// A measure's kind and bounds, as a row shows them: (kind, `baseline`, `target`,
/// `keep_below`, `keep_above`).
pub(super) fn measure_fields(
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
            if is_done(progress) {
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

pub(super) fn metric_row(plan: &Plan, m: &Metric, s: &Series<'_>, as_of: NaiveDate) -> MetricRow {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rollup::tests::{d, metric};
    use crate::analysis::rollup::{key_result_status, progress};

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
}
