//! Bets and the portfolio: whether a bet is funded in the period or overdue, whether its
//! success or kill criterion holds, its row, and the portfolio mix of funded appetite per
//! risk class against the target.

use chrono::NaiveDate;

use crate::analysis::report::{BetRow, MixShare, PortfolioMix};
use crate::plan::model::{Bet, BetStatus, Bound, Criterion, Measured, Plan, Risk};
use crate::time::period::Window;

use super::counted::Counted;
use super::objectives::team_ids;
use super::objectives::{KrProgress, KrProgresses};
use super::progress::{EPSILON, current_progress, share, sum};

/// The row of every bet of the plan, in plan order. A bet's progress is its metric's: a key
/// result shown has its progress already in `key_results` (children, a shared series, not
/// started); one of another period is rolled up on its own.
pub(super) fn bet_rows(
    plan: &Plan,
    counted: &Counted<'_>,
    key_results: &KrProgresses,
    period: Window,
    as_of: NaiveDate,
) -> Vec<BetRow> {
    plan.bets
        .iter()
        .map(|b| {
            let progress = b.metric.and_then(|m| {
                if let Measured::KeyResult(r) = m {
                    key_results.get(&r).map_or_else(
                        || KrProgress::on_its_own(counted, r).progress,
                        |p| p.progress,
                    )
                } else {
                    let latest = counted.series(m).latest().map(|c| c.value);
                    current_progress(plan.measure(m), latest, plan.overshoot)
                }
            });
            bet_row(plan, b, progress, as_of, period, &|m| counted.numbers(m))
        })
        .collect()
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

/// Portfolio mix = share of funded `appetite_weeks` per risk class, against the target.
pub(super) fn portfolio_mix(plan: &Plan, bets: &[BetRow]) -> PortfolioMix {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rollup::tests::{d, q4};

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
}
