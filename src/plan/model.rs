//! The validated plan. A [`Plan`] can only be built by [`super::validate`]: every reference
//! in it resolves (as an index), every number is finite and within [`MAX_MAGNITUDE`], every date is a plain
//! date, and every period label resolves to a window of days on the plan's [`Calendar`].

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use strum::{IntoStaticStr, VariantArray};

use crate::diagnostic::Loc;
use crate::time::period::{Calendar, Period, Window};

mod checkin;
pub mod dora;
mod queries;
mod source;
mod texts;

pub use queries::Children;
pub use source::{DEFAULT_TIMEOUT_S, Source, SourceKind, SourceRead};

/// The largest magnitude a number in a plan may have: baselines, targets, thresholds,
/// check-in values, weights, efforts and appetites all lie within ±1e15. Far beyond any
/// real measure, and small enough that every sum, difference and ratio the roll-up takes of
/// them stays finite and exact to a few digits (a float has 15–16 significant digits).
pub const MAX_MAGNITUDE: f64 = 1e15;

/// The smallest gap between a baseline and its target: progress divides by it, and with
/// `overshoot` nothing caps the quotient, so a narrower gap could overflow to infinity.
pub const MIN_RANGE: f64 = 1e-9;

/// Role of a metric.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    IntoStaticStr,
    VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum MetricRole {
    /// The North Star metric itself (not written in files: it is the `[north_star]` table).
    #[serde(skip_deserializing)]
    NorthStar,
    /// An input metric that drives the North Star (the default for `[[metric]]`).
    Input,
    /// A health metric: a guardrail that must not degrade (e.g. change failure rate).
    Health,
}

/// Committed or aspirational objective (Google's OKR convention).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    Default,
    JsonSchema,
    IntoStaticStr,
    VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum ObjectiveKind {
    /// Expected to be met in full: met at grade 1.0.
    #[default]
    Committed,
    /// A stretch: met at grade 0.7.
    Aspirational,
}

/// Lifecycle of an initiative.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    Default,
    JsonSchema,
    IntoStaticStr,
    VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum InitiativeStatus {
    /// Not started (the default).
    #[default]
    Planned,
    /// Under way.
    Active,
    /// Finished.
    Done,
    /// Abandoned; excluded from capacity.
    Dropped,
}

/// Kind of work, for capacity allocation.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    Default,
    JsonSchema,
    IntoStaticStr,
    VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum WorkKind {
    /// New capability (the default).
    #[default]
    Feature,
    /// Technical debt.
    Debt,
    /// Security work.
    Security,
    /// Keeping the lights on.
    Maintenance,
}

impl WorkKind {
    /// All kinds, in display order.
    pub const ALL: [WorkKind; 4] = [Self::Feature, Self::Debt, Self::Security, Self::Maintenance];
}

/// Risk class of a bet (the portfolio mix is measured over these).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    IntoStaticStr,
    VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Risk {
    /// Improves what exists.
    Core,
    /// Extends into a neighbouring area.
    Adjacent,
    /// A new direction.
    Transformational,
}

impl Risk {
    /// All classes, in display order.
    pub const ALL: [Risk; 3] = [Self::Core, Self::Adjacent, Self::Transformational];
}

/// Lifecycle of a bet.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    Default,
    JsonSchema,
    IntoStaticStr,
    VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum BetStatus {
    /// Not funded yet (the default).
    #[default]
    Proposed,
    /// Funded and under way.
    Running,
    /// Decided: the hypothesis held.
    Validated,
    /// Decided: the hypothesis did not hold.
    Invalidated,
    /// Decided: stopped on its kill criteria.
    Killed,
}

impl BetStatus {
    /// Whether the bet has been decided (validated, invalidated or killed).
    #[must_use]
    pub fn is_decided(self) -> bool {
        matches!(self, Self::Validated | Self::Invalidated | Self::Killed)
    }
}

/// How a key result or metric is measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measure {
    /// From `baseline` to `target`; lower-is-better when target < baseline.
    Numeric {
        /// Starting value.
        baseline: f64,
        /// Target value (never equal to the baseline).
        target: f64,
    },
    /// Done / not done, from boolean check-ins.
    Milestone,
    /// Met while the value is ≤ the limit.
    KeepBelow(f64),
    /// Met while the value is ≥ the limit.
    KeepAbove(f64),
    /// A number with no target yet: a metric tracked without a goal, or a draft key result
    /// (`target = "tbd"`). It has no progress; its check-ins are recorded and shown.
    Untargeted {
        /// Starting value, if given.
        baseline: Option<f64>,
    },
    /// `progress_from = "children"`: the weighted mean (by `contribution`) of the progress
    /// of the objectives that name the key result as parent. Takes no check-ins.
    FromChildren,
}

/// The North Star, an input metric or a health metric.
#[derive(Debug, Clone)]
pub struct Metric {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// North Star, input or health.
    pub role: MetricRole,
    /// Unit (free text).
    pub unit: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Numeric, threshold or untargeted (never milestone).
    pub measure: Measure,
    /// Date by which the target should be reached, if any.
    pub due: Option<NaiveDate>,
    /// Where `northstar measure` reads its value, if anywhere.
    pub source: Option<Source>,
    /// Where the table stands.
    pub loc: Loc,
}

/// An org unit (`[[team]]`).
#[derive(Debug, Clone)]
pub struct Team {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Index into [`Plan::teams`] of the team it belongs to, if any.
    pub parent: Option<usize>,
    /// Who leads it.
    pub lead: Option<String>,
    /// Where the table stands.
    pub loc: Loc,
}

/// What an objective contributes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Parent {
    /// Index into [`Plan::objectives`].
    Objective(usize),
    /// A key result (it aligns to it; a `progress_from = "children"` one rolls it up).
    KeyResult(KrRef),
}

/// A strategic pillar.
#[derive(Debug, Clone)]
pub struct Pillar {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Owner.
    pub owner: Option<String>,
    /// Indices into [`Plan::metrics`] of the input metrics this pillar drives.
    pub inputs: Vec<usize>,
    /// Where the table stands.
    pub loc: Loc,
}

/// A key result of an objective.
#[derive(Debug, Clone)]
pub struct KeyResult {
    /// Unique id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Unit (free text).
    pub unit: Option<String>,
    /// How it is measured.
    pub measure: Measure,
    /// Weight in the objective's roll-up, > 0.
    pub weight: f64,
    /// Its own `start`, if given.
    pub start: Option<NaiveDate>,
    /// Its own `due`, if given.
    pub due: Option<NaiveDate>,
    /// The days it is paced over: `start` (else its objective's first day) through `due`
    /// (else its objective's last day).
    pub window: Window,
    /// Owners (people or teams), in the order written; empty when none.
    pub owners: Vec<String>,
    /// `measured_by`: the metric or key result whose check-ins it reads instead of its own.
    pub measured_by: Option<Measured>,
    /// Where `northstar measure` reads its value, if anywhere (boxed: most have none).
    pub source: Option<Box<Source>>,
    /// Where the table stands.
    pub loc: Loc,
}

/// An objective of a period.
#[derive(Debug, Clone)]
pub struct Objective {
    /// Unique id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Index into [`Plan::pillars`] (its own, or inherited from its first parent).
    pub pillar: usize,
    /// Indexes into [`Plan::teams`] of its teams (`team`, one or a list), in the order
    /// written; empty when none.
    pub teams: Vec<usize>,
    /// What it contributes to, in the order written.
    pub parents: Vec<Parent>,
    /// Its weight inside each parent's roll-up, > 0.
    pub contribution: f64,
    /// The period it belongs to (`period`, or the older `quarter`).
    pub period: Period,
    /// Owners (people or teams), in the order written; empty when none.
    pub owners: Vec<String>,
    /// Committed or aspirational.
    pub kind: ObjectiveKind,
    /// Weight in pillar and period roll-ups, > 0.
    pub weight: f64,
    /// Its key results.
    pub key_results: Vec<KeyResult>,
    /// Where the table stands.
    pub loc: Loc,
}

/// Points at a key result: `plan.objectives[objective].key_results[key_result]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KrRef {
    /// Index into [`Plan::objectives`].
    pub objective: usize,
    /// Index into that objective's key results.
    pub key_result: usize,
}

/// Something that takes check-ins: the North Star, a metric or a key result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measured {
    /// [`Plan::north_star`] (only ever built for a plan that has one).
    NorthStar,
    /// Index into [`Plan::metrics`].
    Metric(usize),
    /// A key result.
    KeyResult(KrRef),
}

/// The kind of a plan entity, as named in JSON (`key-result`, `north-star`, ...): what
/// reports and diffs say an entity is, and which table `set` edits. Each kind is one
/// table of the plan file (`[north_star]`, `[[metric]]`, …,
/// `[[objective.key_result]]`); the keys each takes are `plan::raw::table_keys`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, IntoStaticStr, VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum EntityKind {
    /// The North Star metric.
    NorthStar,
    /// An input or health metric.
    Metric,
    /// A strategic pillar.
    Pillar,
    /// An objective.
    Objective,
    /// A key result.
    KeyResult,
    /// An initiative.
    Initiative,
    /// A bet.
    Bet,
    /// A team (`[[team]]`).
    Team,
}

impl EntityKind {
    /// What the kind is, with its article: `a key result`, `the North Star`.
    #[must_use]
    pub fn noun(self) -> &'static str {
        match self {
            EntityKind::NorthStar => "the North Star",
            EntityKind::Metric => "a metric",
            EntityKind::Pillar => "a pillar",
            EntityKind::Objective => "an objective",
            EntityKind::KeyResult => "a key result",
            EntityKind::Initiative => "an initiative",
            EntityKind::Bet => "a bet",
            EntityKind::Team => "a team",
        }
    }
}

/// Points at one entity of a plan, by index: what [`Plan::entity`] finds for an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityRef {
    /// [`Plan::north_star`].
    NorthStar,
    /// Index into [`Plan::metrics`].
    Metric(usize),
    /// Index into [`Plan::pillars`].
    Pillar(usize),
    /// Index into [`Plan::teams`].
    Team(usize),
    /// Index into [`Plan::objectives`].
    Objective(usize),
    /// A key result.
    KeyResult(KrRef),
    /// Index into [`Plan::initiatives`].
    Initiative(usize),
    /// Index into [`Plan::bets`].
    Bet(usize),
}

impl EntityRef {
    /// The kind of entity it points at.
    #[must_use]
    pub fn kind(self) -> EntityKind {
        match self {
            EntityRef::NorthStar => EntityKind::NorthStar,
            EntityRef::Metric(_) => EntityKind::Metric,
            EntityRef::Pillar(_) => EntityKind::Pillar,
            EntityRef::Team(_) => EntityKind::Team,
            EntityRef::Objective(_) => EntityKind::Objective,
            EntityRef::KeyResult(_) => EntityKind::KeyResult,
            EntityRef::Initiative(_) => EntityKind::Initiative,
            EntityRef::Bet(_) => EntityKind::Bet,
        }
    }
}

/// A project with a period or its own dates.
#[derive(Debug, Clone)]
pub struct Initiative {
    /// Unique id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Index into [`Plan::pillars`], if any.
    pub pillar: Option<usize>,
    /// Its period, when given by label (`None` for `start`/`end` dates).
    pub period: Option<Period>,
    /// Indexes into [`Plan::teams`] of its teams (`team`, one or a list), in the order
    /// written; empty when none.
    pub teams: Vec<usize>,
    /// The days it runs: its period's, or `start` through `end`.
    pub window: Window,
    /// Owner.
    pub owner: Option<String>,
    /// Lifecycle.
    pub status: InitiativeStatus,
    /// Kind of work.
    pub work: WorkKind,
    /// Effort in person-weeks, ≥ 0.
    pub effort_weeks: f64,
    /// Success criteria.
    pub success: Option<String>,
    /// The key results it drives.
    pub drives: Vec<KrRef>,
    /// Where the table stands.
    pub loc: Loc,
}

/// A hypothesis bet.
#[derive(Debug, Clone)]
pub struct Bet {
    /// Unique id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Index into [`Plan::pillars`], if any.
    pub pillar: Option<usize>,
    /// Indexes into [`Plan::teams`] of its teams (`team`, one or a list), in the order
    /// written; empty when none.
    pub teams: Vec<usize>,
    /// The hypothesis.
    pub hypothesis: String,
    /// Risk class.
    pub risk: Risk,
    /// Appetite in person-weeks, > 0.
    pub appetite_weeks: f64,
    /// When it was funded.
    pub start: Option<NaiveDate>,
    /// When it must be decided (always set unless proposed).
    pub decide_by: Option<NaiveDate>,
    /// Success criteria.
    pub success: String,
    /// Kill criteria.
    pub kill: String,
    /// Lifecycle.
    pub status: BetStatus,
    /// What it aims to move.
    pub metric: Option<Measured>,
    /// Owner.
    pub owner: Option<String>,
    /// Decision date (set when decided).
    pub decided: Option<NaiveDate>,
    /// Decision outcome (set when decided).
    pub outcome: Option<String>,
    /// What was learned.
    pub learnings: Option<String>,
    /// Kill criteria as data (`kill_when`).
    pub kill_when: Option<Criterion>,
    /// Success criteria as data (`succeed_when`).
    pub succeed_when: Option<Criterion>,
    /// Where the table stands.
    pub loc: Loc,
}

/// Which side of its bound a criterion wants the value on (strictly).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// Met while the value is > the bound.
    Above(f64),
    /// Met while the value is < the bound.
    Below(f64),
}

/// A bet's kill or success criterion as data (`kill_when`, `succeed_when`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Criterion {
    /// The measure it reads.
    pub measure: Measured,
    /// Where its value must be.
    pub bound: Bound,
    /// Days it must have held (`for_days`); `None`: the latest check-in decides.
    pub for_days: Option<i64>,
}

/// A check-in value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Reading {
    /// A measurement of a numeric or threshold measure.
    Number(f64),
    /// Done (true) or not (false), for a milestone.
    Done(bool),
}

/// One dated measurement.
#[derive(Debug, Clone)]
pub struct CheckIn {
    /// What was measured.
    pub target: Measured,
    /// When.
    pub date: NaiveDate,
    /// The value (its kind always matches the target's measure).
    pub value: Reading,
    /// Confidence of reaching the target, 0–1.
    pub confidence: Option<f64>,
    /// Who (one name shared by all of a person's check-ins).
    pub by: Option<std::sync::Arc<str>>,
    /// The note and the provenance behind one pointer: most check-ins have neither.
    texts: Option<Box<texts::CheckInTexts>>,
    /// Where the table stands.
    pub loc: Loc,
}

/// A goalpost changed on purpose (`[[change]]`, written by `northstar set --reason`):
/// the goalpost audit shows a move it records as a note, with its reason, instead of the
/// `goalpost-moved` warning.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The objective or key result changed.
    pub id: String,
    /// The key changed, as written in plan files (`target`, `period`, ...; `quarter` and
    /// `period` both read `quarter`, as the goalpost audit names an objective's period).
    pub field: String,
    /// The value before.
    pub from: ChangeValue,
    /// The value after.
    pub to: ChangeValue,
    /// When.
    pub date: NaiveDate,
    /// Who.
    pub by: Option<String>,
    /// Why.
    pub reason: String,
    /// Where the table stands.
    pub loc: Loc,
}

/// A goalpost value recorded in a `[[change]]`.
#[derive(Debug, Clone, PartialEq)]
pub enum ChangeValue {
    /// A baseline, target, limit or weight.
    Number(f64),
    /// A period label, or `tbd`.
    Text(String),
}

impl std::fmt::Display for ChangeValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChangeValue::Number(n) => f.write_str(&crate::text::number(*n)),
            ChangeValue::Text(t) => f.write_str(t),
        }
    }
}

/// Target bet mix by funded appetite: 0–1 shares per risk class and an absolute tolerance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PortfolioTarget {
    /// Core share (default 0.7).
    pub core: f64,
    /// Adjacent share (default 0.2).
    pub adjacent: f64,
    /// Transformational share (default 0.1).
    pub transformational: f64,
    /// Allowed absolute deviation per class (default 0.1).
    pub tolerance: f64,
}

impl PortfolioTarget {
    /// The target share of `risk`.
    #[must_use]
    pub fn share(&self, risk: Risk) -> f64 {
        match risk {
            Risk::Core => self.core,
            Risk::Adjacent => self.adjacent,
            Risk::Transformational => self.transformational,
        }
    }
}

impl Default for PortfolioTarget {
    fn default() -> Self {
        Self {
            core: 0.7,
            adjacent: 0.2,
            transformational: 0.1,
            tolerance: 0.1,
        }
    }
}

/// Target share of initiative effort per work kind (0–1 each; kinds left out have no target).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CapacityTarget {
    /// Feature share.
    pub feature: Option<f64>,
    /// Technical debt share.
    pub debt: Option<f64>,
    /// Security share.
    pub security: Option<f64>,
    /// Maintenance share.
    pub maintenance: Option<f64>,
    /// Allowed absolute deviation per kind (default 0.05).
    pub tolerance: f64,
}

impl CapacityTarget {
    /// The target share of `work`, if one is set.
    #[must_use]
    pub fn share(&self, work: WorkKind) -> Option<f64> {
        match work {
            WorkKind::Feature => self.feature,
            WorkKind::Debt => self.debt,
            WorkKind::Security => self.security,
            WorkKind::Maintenance => self.maintenance,
        }
    }
}

/// A validated plan: the union of all its files.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Display name.
    pub name: String,
    /// Days without a check-in after which a KR or metric is stale.
    pub stale_after_days: i64,
    /// Whether progress may exceed 1.0.
    pub overshoot: bool,
    /// Fiscal year, cadence and cycles: how period labels resolve.
    pub calendar: Calendar,
    /// Whether child objectives count in their parents' progress (`children_in_rollup`).
    pub children_in_rollup: bool,
    /// Target bet mix.
    pub portfolio: PortfolioTarget,
    /// Target capacity allocation, if set.
    pub capacity: Option<CapacityTarget>,
    /// The North Star metric, when the plan has one (a plan without one is valid, with a
    /// `missing-north-star` warning).
    pub north_star: Option<Metric>,
    /// Input and health metrics.
    pub metrics: Vec<Metric>,
    /// Strategic pillars.
    pub pillars: Vec<Pillar>,
    /// Org units.
    pub teams: Vec<Team>,
    /// Objectives of all periods, with their key results.
    pub objectives: Vec<Objective>,
    /// Initiatives of all periods.
    pub initiatives: Vec<Initiative>,
    /// All bets.
    pub bets: Vec<Bet>,
    /// All check-ins, in file order.
    pub checkins: Vec<CheckIn>,
    /// Goalpost changes recorded with a reason (`[[change]]`), in file order.
    pub changes: Vec<Change>,
    /// Where `[plan]` stands.
    pub loc: Loc,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The org example: a North Star, metrics, pillars, teams, objectives with key results,
    /// initiatives and bets across several files.
    pub(crate) fn org() -> Plan {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/org/northstar.toml");
        let loaded = crate::plan::load(&path, &crate::plan::origin::Origin::WorkingTree).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let mut diagnostics = Vec::new();
        crate::plan::validate(&loaded, today, &mut diagnostics)
            .unwrap_or_else(|| panic!("the example is valid: {diagnostics:?}"))
    }

    /// The id of the entity `e` points at, read back through the plan's own fields.
    fn id_of(plan: &Plan, e: EntityRef) -> &str {
        match e {
            EntityRef::NorthStar => &plan.north_star.as_ref().unwrap().id,
            EntityRef::Metric(i) => &plan.metrics[i].id,
            EntityRef::Pillar(i) => &plan.pillars[i].id,
            EntityRef::Team(i) => &plan.teams[i].id,
            EntityRef::Objective(i) => &plan.objectives[i].id,
            EntityRef::KeyResult(r) => &plan.key_result(r).id,
            EntityRef::Initiative(i) => &plan.initiatives[i].id,
            EntityRef::Bet(i) => &plan.bets[i].id,
        }
    }

    #[test]
    fn every_entity_is_listed_once_in_plan_order_and_found_by_its_id() {
        let plan = org();
        let key_results: usize = plan.objectives.iter().map(|o| o.key_results.len()).sum();
        let count = 1
            + plan.metrics.len()
            + plan.pillars.len()
            + plan.teams.len()
            + plan.objectives.len()
            + key_results
            + plan.initiatives.len()
            + plan.bets.len();
        assert!(plan.north_star.is_some() && !plan.teams.is_empty() && !plan.bets.is_empty());
        assert_eq!(plan.entities().count(), count);
        let ids: Vec<&str> = plan.ids().collect();
        assert_eq!(ids.len(), count);
        assert_eq!(ids[0], plan.north_star.as_ref().unwrap().id);
        assert_eq!(ids[count - 1], plan.bets.last().unwrap().id);
        // Each objective is followed by its own key results.
        let o = &plan.objectives[0];
        let at = ids.iter().position(|i| *i == o.id).unwrap();
        let krs: Vec<&str> = o.key_results.iter().map(|k| k.id.as_str()).collect();
        assert_eq!(ids[at + 1..=at + krs.len()], krs[..]);
        for (id, e) in plan.entities() {
            assert_eq!(id_of(&plan, e), id);
            assert_eq!(plan.entity(id), Some(e), "{id}");
        }
        assert_eq!(plan.entity("no-such-id"), None);
    }
}
