//! Progress, pace and status: the formulas every roll-up row is made of. A measure's
//! progress from its latest reading, the expected pace through a window, the status that
//! compares the two, the one "done" rule, weighted means and staleness. Each formula is
//! written out beside the others in `docs/rollup.md`.

use chrono::NaiveDate;

use crate::analysis::report::Status;
use crate::plan::model::{Measure, Reading};
use crate::time::period::Window;

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
    let p = (current - baseline) / (target - baseline);
    // Not `p.max(0.0)`: for a value at its baseline on a lower-is-better measure `p` is
    // −0.0, and `max` may return either zero (it did by build profile, and `log` showed
    // `-0%` from a debug build, `0%` from a release one).
    let p = if p > 0.0 { p } else { 0.0 };
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

/// `no-data` when nothing has data (or there is nothing to roll up), else [`rate`].
pub(super) fn rated(progress: Option<f64>, has_data: bool, pace: f64) -> Status {
    match progress {
        Some(p) if has_data => rate(p, pace),
        _ => Status::NoData,
    }
}

/// The sum of `values`, starting from +0.0 (`Iterator::sum` starts from −0.0, which
/// would print as `-0`).
pub(super) fn sum(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, |a, b| a + b)
}

/// Share of `part` in `total`, `None` when the total is 0.
pub(super) fn share(part: f64, total: f64) -> Option<f64> {
    (total > 0.0).then(|| part / total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rollup::tests::{d, q4};

    #[test]
    fn pace_is_inclusive_and_clamped() {
        assert_eq!(expected_pace(q4(), d("2026-09-30")), 0.0);
        assert_eq!(expected_pace(q4(), d("2026-10-01")), 1.0 / 92.0);
        assert_eq!(expected_pace(q4(), d("2026-11-15")), 46.0 / 92.0);
        assert_eq!(expected_pace(q4(), d("2026-12-31")), 1.0);
        assert_eq!(expected_pace(q4(), d("2027-02-01")), 1.0);
    }

    #[test]
    fn pace_over_a_key_result_window() {
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
    fn progress_at_the_baseline_is_positive_zero_both_ways() {
        // Lower is better at its baseline: 0 / −36 is −0.0, shown as `-0%`.
        for (current, baseline, target) in [(48.0, 48.0, 12.0), (30.0, 30.0, 45.0)] {
            for overshoot in [false, true] {
                let p = numeric_progress(current, baseline, target, overshoot);
                assert_eq!(
                    p.to_bits(),
                    0.0_f64.to_bits(),
                    "{current} {baseline} {target}"
                );
            }
        }
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
}
