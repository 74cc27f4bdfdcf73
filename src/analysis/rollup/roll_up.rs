//! [`roll_up`]: the whole plan rolled up, each part handed to its module in the order the
//! parts depend on each other (objectives before the pillars, initiatives and bets that
//! read them).

use chrono::NaiveDate;

use crate::analysis::report::{MetricRow, ObjectiveRow, Report, Status};
use crate::plan::model::{Measured, Plan};
use crate::time::period::Period;

use super::counted::Counted;
use super::progress::{expected_pace, rated, weighted_mean};
use super::{bets, capacity, metrics, objectives};

/// Rolls the plan up as of `as_of` for the selected `period`.
#[must_use]
pub fn roll_up(plan: &Plan, as_of: NaiveDate, period: &Period) -> Report {
    let counted = Counted::new(plan, as_of);
    let pace = expected_pace(period.window, as_of);
    let north_star = plan
        .north_star
        .as_ref()
        .map(|n| metrics::metric_row(plan, n, &counted.series(Measured::NorthStar), as_of));
    let metrics: Vec<MetricRow> = plan
        .metrics
        .iter()
        .enumerate()
        .map(|(i, m)| metrics::metric_row(plan, m, &counted.series(Measured::Metric(i)), as_of))
        .collect();
    let objectives::Objectives {
        rows: objectives,
        roots,
        key_results,
    } = objectives::objectives(&counted, period.window);
    let roots: Vec<&ObjectiveRow> = roots.iter().map(|&i| &objectives[i]).collect();
    let pillars = objectives::pillar_rows(plan, &roots, pace);
    let period_progress = weighted_mean(roots.iter().map(|o| (o.progress, o.weight)));
    let period_has_data = roots.iter().any(|o| o.status != Status::NoData);
    let initiatives = capacity::initiative_rows(plan, &counted, &key_results, period.window, as_of);
    let bets = bets::bet_rows(plan, &counted, &key_results, period.window, as_of);
    let portfolio = bets::portfolio_mix(plan, &bets);
    let capacity = capacity::capacity(plan, &initiatives);

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
