//! Initiatives and capacity allocation: each initiative's row (its progress is that of the
//! key results it drives), the share of its effort that falls in the period, and the
//! capacity split of that effort per work kind against the target.

use chrono::NaiveDate;

use crate::analysis::report::{Capacity, CapacityShare, InitiativeRow};
use crate::plan::model::{InitiativeStatus, Plan, WorkKind};
use crate::time::period::Window;

use super::counted::Counted;
use super::objectives::team_ids;
use super::objectives::{KrProgress, KrProgresses};
use super::progress::{EPSILON, expected_pace, rated, share, sum, weighted_mean};

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

/// The row of every initiative whose window overlaps the `period`, in plan order. A key
/// result it drives that is not in `key_results` (its objective is not shown) is rolled up
/// on its own.
pub(super) fn initiative_rows(
    plan: &Plan,
    counted: &Counted<'_>,
    key_results: &KrProgresses,
    period: Window,
    as_of: NaiveDate,
) -> Vec<InitiativeRow> {
    plan.initiatives
        .iter()
        .filter(|i| i.window.overlaps(period))
        .map(|i| {
            let driven: Vec<(KrProgress, f64)> = i
                .drives
                .iter()
                .map(|&r| {
                    let p = key_results
                        .get(&r)
                        .copied()
                        .unwrap_or_else(|| KrProgress::on_its_own(counted, r));
                    (p, plan.key_result(r).weight)
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
                period_effort_weeks: prorated_effort(i.effort_weeks, i.window, period),
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
        .collect()
}

/// Capacity = share of `effort_weeks` per work kind over the quarter's initiatives, dropped
/// ones excluded, against the target when `[plan.capacity]` is set.
pub(super) fn capacity(plan: &Plan, initiatives: &[InitiativeRow]) -> Capacity {
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
    use crate::analysis::rollup::tests::{d, q4};

    #[test]
    fn prorated_effort_is_the_share_of_the_windows_days_in_the_period() {
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
}
