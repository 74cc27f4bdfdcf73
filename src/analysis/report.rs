//! The roll-up's results: plain `Serialize` structs, computed once by [`crate::analysis::rollup`] and
//! rendered by every output format. Their JSON form is a documented, stable contract
//! (docs/output.md, "JSON output"); `tests/testsuite/json_contract.rs` holds it to that.
//!
//! Units: progress, shares and paces are 0–1 fractions (progress may exceed 1 only with
//! `overshoot = true`); efforts and appetites are person-weeks; dates are `YYYY-MM-DD`.

use chrono::NaiveDate;
use serde::Serialize;
use strum::{IntoStaticStr, VariantArray};

use crate::plan::model::{
    BetStatus, InitiativeStatus, MetricRole, ObjectiveKind, Reading, Risk, WorkKind,
};
use crate::time::period::{Label, Period, Window};

/// A progress rating.
///
/// For key results, objectives, pillars and the period: `done` when progress ≥ 1;
/// `on-track` when progress ≥ pace − 0.10; `at-risk` when progress ≥ pace − 0.25;
/// `off-track` otherwise; `no-data` before the first check-in; `not-started` for a key
/// result whose window begins after the as-of date. Metrics add `ok` / `breach`
/// (threshold metrics) and `tracking` (a numeric metric with no `due` date, not yet done,
/// or one without a target). A key result whose target is `"tbd"` is a `draft`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Progress reached 1.
    Done,
    /// At or ahead of pace − 0.10.
    OnTrack,
    /// Behind pace by more than 0.10, at most 0.25.
    AtRisk,
    /// Behind pace by more than 0.25.
    OffTrack,
    /// No check-in counted yet.
    NoData,
    /// A threshold metric inside its limit.
    Ok,
    /// A threshold metric past its limit.
    Breach,
    /// A numeric metric without a due date, not yet at target, or without a target.
    Tracking,
    /// A key result whose window has not begun on the as-of date.
    NotStarted,
    /// A draft key result (`target = "tbd"`): no progress, left out of roll-ups.
    Draft,
}

impl Status {
    /// The kebab-case word (as in JSON).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::OnTrack => "on-track",
            Status::AtRisk => "at-risk",
            Status::OffTrack => "off-track",
            Status::NoData => "no-data",
            Status::Ok => "ok",
            Status::Breach => "breach",
            Status::Tracking => "tracking",
            Status::NotStarted => "not-started",
            Status::Draft => "draft",
        }
    }
}

/// The kind of a plan entity, as named in JSON: one enum with the plan's own
/// ([`crate::plan::model::EntityKind`]).
pub use crate::plan::model::EntityKind;

/// A measure's shape and goal, as plain fields (the JSON form of a measure).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MeasureFields {
    /// `numeric`, `milestone` or `threshold`.
    pub measure: MeasureKind,
    /// Baseline (numeric only; optional without a target).
    pub baseline: Option<f64>,
    /// Target (numeric only; null for a metric without one or a draft key result).
    pub target: Option<f64>,
    /// Upper limit (threshold only).
    pub keep_below: Option<f64>,
    /// Lower limit (threshold only).
    pub keep_above: Option<f64>,
}

impl From<crate::plan::model::Measure> for MeasureFields {
    fn from(m: crate::plan::model::Measure) -> Self {
        use crate::plan::model::Measure;
        let (measure, baseline, target, keep_below, keep_above) = match m {
            Measure::Numeric { baseline, target } => (
                MeasureKind::Numeric,
                Some(baseline),
                Some(target),
                None,
                None,
            ),
            Measure::Milestone => (MeasureKind::Milestone, None, None, None, None),
            Measure::KeepBelow(l) => (MeasureKind::Threshold, None, None, Some(l), None),
            Measure::KeepAbove(l) => (MeasureKind::Threshold, None, None, None, Some(l)),
            Measure::Untargeted { baseline } => (MeasureKind::Numeric, baseline, None, None, None),
            Measure::FromChildren => (MeasureKind::Children, None, None, None, None),
        };
        Self {
            measure,
            baseline,
            target,
            keep_below,
            keep_above,
        }
    }
}

/// Direction of the latest change of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trend {
    /// The latest value is higher than the one before.
    Up,
    /// Lower.
    Down,
    /// Equal.
    Flat,
}

/// How a key result or metric is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, IntoStaticStr, VariantArray)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum MeasureKind {
    /// baseline → target.
    Numeric,
    /// done / not done.
    Milestone,
    /// `keep_below` / `keep_above`.
    Threshold,
    /// `progress_from = "children"`: the weighted mean of the objectives under it.
    Children,
}

/// The North Star or a metric, rolled up.
#[derive(Debug, Clone, Serialize)]
pub struct MetricRow {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `north-star`, `input` or `health`.
    pub role: MetricRole,
    /// Unit, if given.
    pub unit: Option<String>,
    /// Owner, if given.
    pub owner: Option<String>,
    /// `numeric` or `threshold`.
    pub measure: MeasureKind,
    /// Baseline (numeric only; optional without a target).
    pub baseline: Option<f64>,
    /// Target (numeric only; null for a metric without one or a draft key result).
    pub target: Option<f64>,
    /// Upper limit (threshold only).
    pub keep_below: Option<f64>,
    /// Lower limit (threshold only).
    pub keep_above: Option<f64>,
    /// Due date, if given.
    pub due: Option<NaiveDate>,
    /// Latest value counted as of the as-of date.
    pub current: Option<f64>,
    /// Date of that value.
    pub last_checkin: Option<NaiveDate>,
    /// Number of check-ins counted.
    pub checkins: usize,
    /// 0–1 progress (0 with no data); null without a target.
    pub progress: Option<f64>,
    /// Rating (see [`Status`]).
    pub status: Status,
    /// Latest change, when there are two counted check-ins.
    pub trend: Option<Trend>,
    /// Whether the latest change moved toward the target (or kept the threshold).
    pub improving: Option<bool>,
    /// No check-in, or the latest is older than `stale_after_days`.
    pub stale: bool,
}

/// A key result, rolled up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyResultRow {
    /// Id.
    pub id: String,
    /// Parent objective id.
    pub objective: String,
    /// Title.
    pub title: String,
    /// Unit, if given.
    pub unit: Option<String>,
    /// `numeric`, `milestone` or `threshold`.
    pub measure: MeasureKind,
    /// Baseline (numeric only; optional without a target).
    pub baseline: Option<f64>,
    /// Target (numeric only; null for a metric without one or a draft key result).
    pub target: Option<f64>,
    /// Upper limit (threshold only).
    pub keep_below: Option<f64>,
    /// Lower limit (threshold only).
    pub keep_above: Option<f64>,
    /// Weight in the objective.
    pub weight: f64,
    /// Owners (people or teams); empty when none.
    pub owners: Vec<String>,
    /// The metric or key result whose check-ins it reads (`measured_by`), if any.
    pub measured_by: Option<String>,
    /// The days it is paced over: its `start`/`due`, else its objective's period.
    pub window: Window,
    /// Expected pace through that window on the as-of date, 0–1.
    pub expected_pace: f64,
    /// Latest value counted: a number, or true/false for a milestone.
    pub current: Option<Reading>,
    /// Date of that value.
    pub last_checkin: Option<NaiveDate>,
    /// The latest confidence known, 0–1: from the last counted check-in that gave one
    /// (carried forward over check-ins without one).
    pub confidence: Option<f64>,
    /// The date of the check-in `confidence` came from; earlier than `last_checkin` when
    /// it was carried forward.
    pub confidence_date: Option<NaiveDate>,
    /// Number of check-ins counted.
    pub checkins: usize,
    /// 0–1 progress (0 with no data); null for a draft (`target = "tbd"`), which the
    /// objective's and initiatives' roll-ups leave out.
    pub progress: Option<f64>,
    /// Rating (see [`Status`]); `draft` for a draft.
    pub status: Status,
    /// The as-of date is inside its window, it is not done (progress < 1), and the latest
    /// check-in (or the window's first day) is older than `stale_after_days`; never for a
    /// draft (`draft-key-result` covers it).
    pub stale: bool,
}

/// An objective whose period overlaps the selected one, rolled up.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveRow {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Parent pillar id (its own, or inherited from its first parent).
    pub pillar: String,
    /// The first of `teams` (kept for plans with one team per objective).
    pub team: Option<String>,
    /// Ids of its teams (`team`, one or a list), in the order written.
    pub teams: Vec<String>,
    /// Ids of the objectives and key results it contributes to, as written.
    pub parents: Vec<String>,
    /// Its period's label (the key's old name, kept).
    pub quarter: Label,
    /// Its period's days.
    pub window: Window,
    /// Expected pace through its period on the as-of date, 0–1.
    pub expected_pace: f64,
    /// The first of `owners` (kept for plans with one owner).
    pub owner: Option<String>,
    /// Owners (people or teams); empty when none.
    pub owners: Vec<String>,
    /// `committed` or `aspirational`.
    pub kind: ObjectiveKind,
    /// Weight in pillar and period roll-ups.
    pub weight: f64,
    /// Its weight inside each parent's roll-up.
    pub contribution: f64,
    /// Weighted mean of its started key results (by `weight`, drafts left out) and, with
    /// `children_in_rollup`, its child objectives shown (by `contribution`); null without
    /// any.
    pub progress: Option<f64>,
    /// Rating (see [`Status`]).
    pub status: Status,
    /// Its direct child objectives in the period (naming it or one of its key results as
    /// parent), counted by status: `{"on-track": 2, "at-risk": 1}`.
    pub children_by_status: std::collections::BTreeMap<Status, usize>,
    /// Its key results.
    pub key_results: Vec<KeyResultRow>,
}

/// A pillar in the selected period, rolled up.
#[derive(Debug, Clone, Serialize)]
pub struct PillarRow {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Owner.
    pub owner: Option<String>,
    /// Ids of the input metrics it drives.
    pub inputs: Vec<String>,
    /// Ids of its objectives shown in the selected period.
    pub objectives: Vec<String>,
    /// Weight-averaged progress of those objectives; null without any.
    pub progress: Option<f64>,
    /// Rating (see [`Status`]).
    pub status: Status,
}

/// An initiative whose window overlaps the selected period.
#[derive(Debug, Clone, Serialize)]
pub struct InitiativeRow {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Pillar id.
    pub pillar: Option<String>,
    /// The first of `teams`.
    pub team: Option<String>,
    /// Ids of its teams, in the order written.
    pub teams: Vec<String>,
    /// Its period's label; null for an initiative given by `start` and `end` dates.
    pub quarter: Option<Label>,
    /// The days it runs.
    pub window: Window,
    /// Expected pace through its window on the as-of date, 0–1.
    pub expected_pace: f64,
    /// Owner.
    pub owner: Option<String>,
    /// Lifecycle: `planned`, `active`, `done` or `dropped`.
    pub status: InitiativeStatus,
    /// `feature`, `debt`, `security` or `maintenance`.
    pub work: WorkKind,
    /// Person-weeks, over its whole window.
    pub effort_weeks: f64,
    /// The share of `effort_weeks` inside the selected period: `effort_weeks` × (days of its
    /// window inside the period ÷ days of its window), both counts inclusive.
    pub period_effort_weeks: f64,
    /// Success criteria.
    pub success: Option<String>,
    /// Ids of the key results it drives.
    pub drives: Vec<String>,
    /// Weight-averaged progress of those key results, drafts left out; null when it drives
    /// no others.
    pub progress: Option<f64>,
    /// Rating of that progress against its own window's pace; null when it drives none.
    pub progress_status: Option<Status>,
}

/// A bet.
#[derive(Debug, Clone, Serialize)]
pub struct BetRow {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Pillar id.
    pub pillar: Option<String>,
    /// The first of `teams`.
    pub team: Option<String>,
    /// Ids of its teams, in the order written.
    pub teams: Vec<String>,
    /// Owner.
    pub owner: Option<String>,
    /// The hypothesis.
    pub hypothesis: String,
    /// `core`, `adjacent` or `transformational`.
    pub risk: Risk,
    /// Lifecycle: `proposed`, `running`, `validated`, `invalidated` or `killed`.
    pub status: BetStatus,
    /// Person-weeks.
    pub appetite_weeks: f64,
    /// Start date.
    pub start: Option<NaiveDate>,
    /// Decide-by date.
    pub decide_by: Option<NaiveDate>,
    /// Decision date.
    pub decided: Option<NaiveDate>,
    /// Decision outcome.
    pub outcome: Option<String>,
    /// Success criteria.
    pub success: String,
    /// Kill criteria.
    pub kill: String,
    /// Id of the key result, metric or North Star it aims to move.
    pub metric: Option<String>,
    /// That measure's progress; null without one.
    pub progress: Option<f64>,
    /// Funded in the selected period: not proposed, and [start, decided or `decide_by`]
    /// overlaps the period.
    pub funded: bool,
    /// Running or proposed with `decide_by` before the as-of date.
    pub overdue: bool,
    /// `decide_by` − as-of, in days, for undecided bets with a `decide_by` (negative when overdue).
    pub days_to_decision: Option<i64>,
    /// Since when its `kill_when` has held on the as-of date; null when it does not (or
    /// there is none).
    pub kill_met: Option<NaiveDate>,
    /// Since when its `succeed_when` has held on the as-of date; null likewise.
    pub success_met: Option<NaiveDate>,
}

/// One risk class in the portfolio mix.
#[derive(Debug, Clone, Serialize)]
pub struct MixShare {
    /// The risk class.
    pub risk: Risk,
    /// Funded appetite in this class, person-weeks.
    pub appetite_weeks: f64,
    /// Share of all funded appetite (null when nothing is funded).
    pub share: Option<f64>,
    /// Target share.
    pub target: f64,
    /// |share − target| ≤ tolerance (null when nothing is funded).
    pub within_tolerance: Option<bool>,
}

/// The portfolio mix of bets funded in the selected period.
#[derive(Debug, Clone, Serialize)]
pub struct PortfolioMix {
    /// Number of funded bets.
    pub funded_bets: usize,
    /// Their total appetite, person-weeks.
    pub funded_appetite_weeks: f64,
    /// Number of overdue bets.
    pub overdue_bets: usize,
    /// Allowed deviation per class.
    pub tolerance: f64,
    /// One entry per risk class: core, adjacent, transformational.
    pub classes: Vec<MixShare>,
}

/// One work kind in the capacity allocation.
#[derive(Debug, Clone, Serialize)]
pub struct CapacityShare {
    /// The work kind.
    pub work: WorkKind,
    /// Effort in this kind inside the period (prorated), person-weeks.
    pub effort_weeks: f64,
    /// Share of the period's effort (null when there is none).
    pub share: Option<f64>,
    /// Target share, if set.
    pub target: Option<f64>,
    /// |share − target| ≤ tolerance (null without a target or effort).
    pub within_tolerance: Option<bool>,
}

/// Capacity allocation over the selected period's initiatives (dropped ones excluded),
/// each counted by its `period_effort_weeks`.
#[derive(Debug, Clone, Serialize)]
pub struct Capacity {
    /// Total effort inside the period, person-weeks.
    pub effort_weeks: f64,
    /// Allowed deviation per kind (null without `[plan.capacity]`).
    pub tolerance: Option<f64>,
    /// One entry per work kind: feature, debt, security, maintenance.
    pub kinds: Vec<CapacityShare>,
}

/// Everything the reports show, for one as-of date and period.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Plan name.
    pub plan: String,
    /// As-of date: only check-ins on or before it count.
    pub as_of: NaiveDate,
    /// The selected period's label (the key's old name, kept).
    pub quarter: Label,
    /// The selected period: `{label, first_day, last_day}`.
    pub period: Period,
    /// Expected pace through the selected period, 0–1.
    pub expected_pace: f64,
    /// Weight-averaged progress of the objectives shown; null without any.
    pub progress: Option<f64>,
    /// Rating of that progress.
    pub status: Status,
    /// The North Star; null in a plan without one.
    pub north_star: Option<MetricRow>,
    /// Input and health metrics.
    pub metrics: Vec<MetricRow>,
    /// Pillars.
    pub pillars: Vec<PillarRow>,
    /// Objectives whose period overlaps the selected one, with key results.
    pub objectives: Vec<ObjectiveRow>,
    /// Initiatives whose window overlaps the selected period.
    pub initiatives: Vec<InitiativeRow>,
    /// All bets.
    pub bets: Vec<BetRow>,
    /// Portfolio mix.
    pub portfolio: PortfolioMix,
    /// Capacity allocation.
    pub capacity: Capacity,
}

/// `objectives` (rows of one pillar, in plan order) as their alignment tree:
/// `(position, depth)` in depth-first order, each objective followed by the objectives
/// under it in plan order, each one level deeper. An objective hangs under the first of
/// its parents (an objective, or a key result's objective) among `objectives`; one without
/// is a root (depth 0). Validation rules out cycles; whatever happens, each objective is
/// placed once. Iterative: a chain of thousands of parents takes no stack.
#[must_use]
pub fn outline(objectives: &[&ObjectiveRow]) -> Vec<(usize, usize)> {
    use std::collections::HashMap;
    let mut position: HashMap<&str, usize> = HashMap::new();
    for (at, o) in objectives.iter().enumerate() {
        position.entry(o.id.as_str()).or_insert(at);
    }
    for (at, o) in objectives.iter().enumerate() {
        for k in &o.key_results {
            position.entry(k.id.as_str()).or_insert(at);
        }
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); objectives.len()];
    let mut is_root = vec![true; objectives.len()];
    for (me, o) in objectives.iter().enumerate() {
        let parent = o
            .parents
            .iter()
            .find_map(|p| position.get(p.as_str()).copied().filter(|&at| at != me));
        if let Some(at) = parent {
            children[at].push(me);
            is_root[me] = false;
        }
    }
    let mut placed = vec![false; objectives.len()];
    let mut order = Vec::with_capacity(objectives.len());
    // Roots first; then, as roots, any a cycle would have left out.
    let roots = (0..objectives.len())
        .filter(|&i| is_root[i])
        .chain(0..objectives.len());
    for root in roots {
        let mut stack = vec![(root, 0)];
        while let Some((at, depth)) = stack.pop() {
            if placed[at] {
                continue;
            }
            placed[at] = true;
            order.push((at, depth));
            // Pushed in reverse so that they pop in plan order.
            stack.extend(children[at].iter().rev().map(|&c| (c, depth + 1)));
        }
    }
    order
}
