//! The quarter-close review packet: everything a review meeting needs for one quarter,
//! computed as of the earlier of today and the quarter's last day (or `--as-of`), as plain
//! data for the renderers; mid-quarter it is marked interim.
//!
//! Definitions (also in docs/guide.md, "Quarterly review"):
//! - grade = the objective's or key result's progress at the as-of date (Google-style 0.0–1.0);
//!   a committed objective is met at grade ≥ 1.0, an aspirational one at ≥ 0.7;
//! - a measure's value at quarter start = its latest check-in on or before the quarter's
//!   first day, else its first check-in inside the quarter; at quarter end = its latest
//!   check-in on or before the as-of date;
//! - a breach = a check-in of a threshold metric inside the quarter that misses its limit.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::analysis::report::{
    BetRow, Capacity, InitiativeRow, KeyResultRow, MetricRow, ObjectiveRow, PortfolioMix, Report,
    Status,
};
use crate::analysis::rollup::progress;
use crate::plan::Plan;
use crate::plan::model::{
    BetStatus, CheckIn, InitiativeStatus, Measure, Measured, ObjectiveKind, Reading,
};
use crate::time::period::{Label, Period, Window};

/// Where the printed plan came from, when it lives in a git repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The commit the plan files were read at (abbreviated hash).
    pub commit: String,
    /// Whether any plan file differs from that commit.
    pub uncommitted_changes: bool,
}

/// Where the as-of date falls in the quarter reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Before the quarter's first day: nothing to grade yet.
    NotStarted,
    /// Inside the quarter, before its last day: an interim packet.
    Interim,
    /// On or after the quarter's last day: the quarter-close packet.
    Closed,
}

impl Stage {
    /// The stage of the period `window` on `as_of`.
    #[must_use]
    pub fn of(window: Window, as_of: NaiveDate) -> Self {
        if as_of < window.first_day {
            Stage::NotStarted
        } else if as_of < window.last_day {
            Stage::Interim
        } else {
            Stage::Closed
        }
    }
}

/// One dated value of a measure, with the progress it meant.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    /// The check-in's date.
    pub date: NaiveDate,
    /// The value (1/0 for a milestone's true/false).
    pub value: f64,
    /// 0–1 progress after it; null for a measure without a target.
    pub progress: Option<f64>,
}

/// The North Star or a metric over the quarter.
#[derive(Debug, Clone, Serialize)]
pub struct MetricReview {
    /// The roll-up at the as-of date.
    #[serde(flatten)]
    pub row: MetricRow,
    /// Value at quarter start.
    pub start: Option<f64>,
    /// Value at quarter end (the as-of date).
    pub end: Option<f64>,
    /// Check-ins inside the quarter, oldest first.
    pub points: Vec<Point>,
    /// Check-ins inside the quarter that missed a threshold.
    pub breaches: Vec<Point>,
}

/// A key result at quarter close.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyResultReview {
    /// The roll-up at the as-of date; `progress` is the grade.
    #[serde(flatten)]
    pub row: KeyResultRow,
    /// Check-ins inside its own window up to the as-of date, oldest first (for the chart
    /// against its pace line).
    pub points: Vec<Point>,
}

/// An objective at quarter close.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveReview {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The first of `teams`.
    pub team: Option<String>,
    /// Ids of its teams, in the order written.
    pub teams: Vec<String>,
    /// Ids of the objectives and key results it contributes to, as written.
    pub parents: Vec<String>,
    /// Its depth in its pillar's tree: 0 at the top level, one more than the objective it
    /// is shown under (see [`PillarReview::objectives`]).
    pub depth: usize,
    /// The first of `owners`.
    pub owner: Option<String>,
    /// Owners; empty when none.
    pub owners: Vec<String>,
    /// Committed or aspirational.
    pub kind: ObjectiveKind,
    /// 0.0–1.0 grade (progress at the as-of date); null without key results.
    pub grade: Option<f64>,
    /// Met: grade ≥ 1.0 (committed) or ≥ 0.7 (aspirational).
    pub met: bool,
    /// Status at the as-of date.
    pub status: Status,
    /// Its key results.
    pub key_results: Vec<KeyResultReview>,
    /// Initiatives driving its key results.
    pub initiatives: Vec<InitiativeRow>,
}

/// A pillar at quarter close.
#[derive(Debug, Clone, Serialize)]
pub struct PillarReview {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Owner.
    pub owner: Option<String>,
    /// Weight-averaged grade of its objectives.
    pub grade: Option<f64>,
    /// Its objectives of the period, as a tree in depth-first order: each objective is
    /// followed by the objectives shown under it, in plan order, each at `depth` one more.
    /// An objective is shown under the first of its parents (an objective, or a key
    /// result's objective) that is in this list, and once only; one without such a parent
    /// (none, or none in the period, the pillar or the `--team` filter) is at the top level.
    pub objectives: Vec<ObjectiveReview>,
}

/// The quarter in one line.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Objectives met.
    pub objectives_met: usize,
    /// Objectives in the quarter.
    pub objectives_total: usize,
    /// Mean grade of the objectives with key results (unweighted).
    pub mean_grade: Option<f64>,
    /// The North Star at quarter start.
    pub north_star_start: Option<f64>,
    /// The North Star at quarter end.
    pub north_star_end: Option<f64>,
}

/// Bets at quarter close.
#[derive(Debug, Clone, Serialize)]
pub struct BetsReview {
    /// Decided inside the quarter (validated, invalidated, killed).
    pub decided: Vec<DecidedBet>,
    /// Still running and not overdue.
    pub running: Vec<BetRow>,
    /// Past their decide-by date, undecided.
    pub overdue: Vec<BetRow>,
    /// The portfolio mix of the quarter's funded bets.
    pub portfolio: PortfolioMix,
}

/// A bet decided in the quarter, with what was learned.
#[derive(Debug, Clone, Serialize)]
pub struct DecidedBet {
    /// The bet.
    #[serde(flatten)]
    pub row: BetRow,
    /// What was learned.
    pub learnings: Option<String>,
}

/// The team a packet is filtered to (`review --team`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamScope {
    /// The team's id.
    pub id: String,
    /// Ids of the teams under it, at any depth, in plan order; their objectives,
    /// initiatives and bets are kept too.
    pub sub_teams: Vec<String>,
}

/// The whole packet.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    /// Plan name.
    pub plan: String,
    /// The period reviewed: its label (the key's old name, kept).
    pub quarter: Label,
    /// The period reviewed: `{label, first_day, last_day}`.
    pub period: Period,
    /// The date it is reviewed as of (the earlier of today and the period's last day,
    /// unless `--as-of`).
    pub as_of: NaiveDate,
    /// Whether the packet is interim (the quarter is still running) or the close.
    pub stage: Stage,
    /// Where the plan came from.
    pub source: Option<Source>,
    /// The team whose objectives, initiatives and bets the packet keeps (with its
    /// sub-teams'); null for the whole plan. Pillar grades, the portfolio mix and capacity
    /// stay the whole plan's.
    pub team: Option<TeamScope>,
    /// The quarter in one line.
    pub summary: Summary,
    /// The North Star; null in a plan without one.
    pub north_star: Option<MetricReview>,
    /// Input and health metrics.
    pub metrics: Vec<MetricReview>,
    /// Pillars with their objectives.
    pub pillars: Vec<PillarReview>,
    /// Bets.
    pub bets: BetsReview,
    /// Capacity allocation.
    pub capacity: Capacity,
    /// Ids of the stale key results.
    pub stale_key_results: Vec<String>,
    /// Goals moved after the period began (from the plan's git history): each with its
    /// reason when a `[[change]]` records it (`reason`, `recorded`), null there when not.
    /// Empty outside a git repository.
    pub goalposts: Vec<crate::analysis::goalpost::Goalpost>,
}

/// Whether an objective of `kind` with `grade` is met: ≥ 1.0 committed, ≥ 0.7 aspirational.
#[must_use]
pub fn is_met(kind: ObjectiveKind, grade: Option<f64>) -> bool {
    let bar = match kind {
        ObjectiveKind::Committed => 1.0,
        ObjectiveKind::Aspirational => 0.7,
    };
    grade.is_some_and(|g| g + crate::analysis::rollup::EPSILON >= bar)
}

fn numeric(value: Reading) -> f64 {
    match value {
        Reading::Number(v) => v,
        Reading::Done(done) => f64::from(u8::from(done)),
    }
}

/// Check-ins of `m`, oldest first (file order breaks ties).
/// Each measure's check-ins in date order (plan order among equal dates), every one of
/// them (a metric's start may come after the as-of date), indexed once per review: one
/// lookup per key result and metric instead of a scan of every check-in (10,000 key
/// results × 60,000 check-ins on the benchmark plan).
struct Series<'a>(HashMap<Measured, Vec<&'a CheckIn>>);

impl<'a> Series<'a> {
    fn of_plan(plan: &'a Plan) -> Self {
        Self(plan.checkins_by_measure(crate::time::dates::LAST_DAY))
    }

    fn of(&self, m: Measured) -> &[&'a CheckIn] {
        self.0.get(&m).map_or(&[], Vec::as_slice)
    }
}

fn points(
    plan: &Plan,
    series: &Series,
    m: Measured,
    quarter: Window,
    as_of: NaiveDate,
) -> Vec<Point> {
    let measure = plan.measure(m);
    // A key result `measured_by` a series plots that series, against its own goal.
    series
        .of(plan.series_of(m))
        .iter()
        .filter(|c| quarter.contains(c.date) && c.date <= as_of)
        .map(|c| Point {
            date: c.date,
            value: numeric(c.value),
            progress: progress(measure, c.value, plan.overshoot),
        })
        .collect()
}

fn metric_review(
    plan: &Plan,
    series: &Series,
    m: Measured,
    row: &MetricRow,
    quarter: Window,
    as_of: NaiveDate,
) -> MetricReview {
    let all = series.of(m);
    let start = all
        .iter()
        .rev()
        .find(|c| c.date <= quarter.first_day)
        .or_else(|| all.iter().find(|c| quarter.contains(c.date)))
        .map(|c| numeric(c.value));
    let end = all
        .iter()
        .rev()
        .find(|c| c.date <= as_of)
        .map(|c| numeric(c.value));
    let pts = points(plan, series, m, quarter, as_of);
    let breaches = match plan.measure(m) {
        Measure::KeepBelow(_) | Measure::KeepAbove(_) => pts
            .iter()
            .copied()
            .filter(|p| {
                p.progress
                    .is_some_and(|p| !crate::analysis::rollup::is_done(p))
            })
            .collect(),
        _ => Vec::new(),
    };
    MetricReview {
        row: row.clone(),
        start,
        end,
        points: pts,
        breaches,
    }
}

/// Builds the packet from the plan and its roll-up for the period (`report.period`,
/// `report.as_of`), which may be filtered (`team` says to which team): each pillar with
/// objectives left shows them as a tree; the summary, bets and stale key results count
/// what is left.
#[must_use]
pub fn review(
    plan: &Plan,
    report: &Report,
    source: Option<Source>,
    team: Option<TeamScope>,
) -> Review {
    let quarter = report.period.window;
    let as_of = report.as_of;
    let series = Series::of_plan(plan);
    let north_star = report
        .north_star
        .as_ref()
        .map(|row| metric_review(plan, &series, Measured::NorthStar, row, quarter, as_of));
    // Rows are found in the plan by id: a filtered report holds only some of them.
    let metric_index = first_index(plan.metrics.iter().map(|m| m.id.as_str()));
    let metrics = report
        .metrics
        .iter()
        .filter_map(|row| {
            let i = *metric_index.get(row.id.as_str())?;
            Some(metric_review(
                plan,
                &series,
                Measured::Metric(i),
                row,
                quarter,
                as_of,
            ))
        })
        .collect();
    let pillars = pillar_reviews(plan, report, &series);
    let graded: Vec<f64> = report
        .objectives
        .iter()
        .filter_map(|o| o.progress)
        .collect();
    let summary = Summary {
        objectives_met: pillars
            .iter()
            .flat_map(|p| &p.objectives)
            .filter(|o| o.met)
            .count(),
        objectives_total: report.objectives.len(),
        mean_grade: (!graded.is_empty()).then(|| graded.iter().sum::<f64>() / graded.len() as f64),
        north_star_start: north_star.as_ref().and_then(|n| n.start),
        north_star_end: north_star.as_ref().and_then(|n| n.end),
    };
    let bets = bets_review(plan, report);
    Review {
        plan: report.plan.clone(),
        quarter: report.quarter.clone(),
        period: report.period.clone(),
        as_of,
        stage: Stage::of(quarter, as_of),
        source,
        team,
        summary,
        north_star,
        metrics,
        pillars,
        bets,
        capacity: report.capacity.clone(),
        stale_key_results: report
            .objectives
            .iter()
            .flat_map(|o| &o.key_results)
            .filter(|k| k.stale)
            .map(|k| k.id.clone())
            .collect(),
        goalposts: Vec::new(),
    }
}

/// Each pillar of `report` with objectives left, its objectives drawn as a tree (parents
/// before children, with their depth).
fn pillar_reviews(plan: &Plan, report: &Report, series: &Series) -> Vec<PillarReview> {
    // Each objective's index in the plan, by id (the first, as ids are unique).
    let objective_index = first_index(plan.objectives.iter().map(|o| o.id.as_str()));
    // The initiatives of the report driving each key result, by the key result's id.
    let mut drivers: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, initiative) in report.initiatives.iter().enumerate() {
        for driven in &initiative.drives {
            drivers.entry(driven.as_str()).or_default().push(i);
        }
    }
    report
        .pillars
        .iter()
        .map(|p| {
            let mine: Vec<&ObjectiveRow> = report
                .objectives
                .iter()
                .filter(|o| o.pillar == p.id)
                .collect();
            let tree = crate::analysis::report::outline(&mine);
            (p, mine, tree)
        })
        .filter(|(_, mine, _)| !mine.is_empty())
        .map(|(p, mine, tree)| PillarReview {
            id: p.id.clone(),
            name: p.name.clone(),
            owner: p.owner.clone(),
            grade: p.progress,
            objectives: tree
                .into_iter()
                .map(|(at, depth)| {
                    let index = objective_index.get(mine[at].id.as_str()).copied();
                    let initiatives = driving(report, &drivers, mine[at]);
                    objective_review(plan, report, series, index, mine[at], depth, initiatives)
                })
                .collect(),
        })
        .collect()
}

/// Objective `o` of `report` at `depth` in its pillar's tree: its grade, whether it is met,
/// its key results with their check-ins, and the initiatives driving them.
/// `index`: the objective's index in the plan (`None` reads as the first, as before);
/// `initiatives`: those driving its key results ([`driving`]).
fn objective_review(
    plan: &Plan,
    report: &Report,
    series: &Series,
    index: Option<usize>,
    o: &ObjectiveRow,
    depth: usize,
    initiatives: Vec<InitiativeRow>,
) -> ObjectiveReview {
    let as_of = report.as_of;
    let index = index.unwrap_or(0);
    let key_results = o
        .key_results
        .iter()
        .enumerate()
        .map(|(k, row)| KeyResultReview {
            row: row.clone(),
            points: points(
                plan,
                series,
                Measured::KeyResult(crate::plan::model::KrRef {
                    objective: index,
                    key_result: k,
                }),
                // A key result's check-ins over its own window.
                row.window,
                as_of,
            ),
        })
        .collect();
    ObjectiveReview {
        id: o.id.clone(),
        title: o.title.clone(),
        team: o.team.clone(),
        teams: o.teams.clone(),
        parents: o.parents.clone(),
        depth,
        owner: o.owner.clone(),
        owners: o.owners.clone(),
        kind: o.kind,
        grade: o.progress,
        met: is_met(o.kind, o.progress),
        status: o.status,
        key_results,
        initiatives,
    }
}

/// The initiatives of `report` driving any key result of `o`, each once, in the report's
/// order; `drivers` lists the initiatives (by index in the report) driving each key result id.
fn driving(
    report: &Report,
    drivers: &HashMap<&str, Vec<usize>>,
    o: &ObjectiveRow,
) -> Vec<InitiativeRow> {
    let mut found: Vec<usize> = o
        .key_results
        .iter()
        .filter_map(|k| drivers.get(k.id.as_str()))
        .flatten()
        .copied()
        .collect();
    found.sort_unstable();
    found.dedup();
    found
        .into_iter()
        .map(|i| report.initiatives[i].clone())
        .collect()
}

/// Each id of `ids` with the index of its first occurrence (ids are unique in a valid plan).
fn first_index<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut index = HashMap::new();
    for (i, id) in ids.enumerate() {
        index.entry(id).or_insert(i);
    }
    index
}

/// The bets of the packet: those decided inside the quarter (with their learnings), those
/// running and not overdue, those overdue, and the portfolio mix.
fn bets_review(plan: &Plan, report: &Report) -> BetsReview {
    let quarter = report.period.window;
    let mut learnings: HashMap<&str, Option<&String>> = HashMap::new();
    for b in &plan.bets {
        learnings
            .entry(b.id.as_str())
            .or_insert(b.learnings.as_ref());
    }
    BetsReview {
        decided: report
            .bets
            .iter()
            .filter(|b| b.status.is_decided() && b.decided.is_some_and(|d| quarter.contains(d)))
            .map(|row| DecidedBet {
                row: row.clone(),
                learnings: learnings.get(row.id.as_str()).copied().flatten().cloned(),
            })
            .collect(),
        running: report
            .bets
            .iter()
            .filter(|b| b.status == BetStatus::Running && !b.overdue)
            .cloned()
            .collect(),
        overdue: report.bets.iter().filter(|b| b.overdue).cloned().collect(),
        portfolio: report.portfolio.clone(),
    }
}

/// Initiatives grouped for the packet: done, active or planned, dropped.
#[must_use]
pub fn by_status(initiatives: &[InitiativeRow]) -> [(&'static str, Vec<&InitiativeRow>); 3] {
    let pick = |f: &dyn Fn(InitiativeStatus) -> bool| {
        initiatives
            .iter()
            .filter(|i| f(i.status))
            .collect::<Vec<_>>()
    };
    [
        ("done", pick(&|s| s == InitiativeStatus::Done)),
        (
            "still active",
            pick(&|s| matches!(s, InitiativeStatus::Active | InitiativeStatus::Planned)),
        ),
        ("dropped", pick(&|s| s == InitiativeStatus::Dropped)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn met_thresholds() {
        assert!(is_met(ObjectiveKind::Committed, Some(1.0)));
        assert!(!is_met(ObjectiveKind::Committed, Some(0.99)));
        assert!(is_met(ObjectiveKind::Aspirational, Some(0.7)));
        assert!(!is_met(ObjectiveKind::Aspirational, Some(0.69)));
        assert!(!is_met(ObjectiveKind::Aspirational, None));
    }
}
