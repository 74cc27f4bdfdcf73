//! `northstar show ID`: everything about one entity, gathered from the plan and the
//! roll-up into a typed [`Shown`] (numbers, dates, enums; no display text) that the
//! renderers print as labelled fields, related entities and, for key results and metrics,
//! the check-in history.
//!
//! This module holds the result's types; `describe` gathers each entity kind ([`show`]).

use chrono::NaiveDate;
use serde::Serialize;

use crate::analysis::goalpost::{Field, Value};
use crate::analysis::history::HistoryRow;
use crate::analysis::report::{EntityKind, MeasureFields, Status};
use crate::plan::Plan;
use crate::plan::model::{
    BetStatus, Change, InitiativeStatus, MetricRole, ObjectiveKind, Reading, Risk, WorkKind,
};
use crate::time::period::{Label, Period, Window};

mod describe;

pub use describe::show;

/// Where an entity stands on the as-of date (present when the roll-up covers it).
#[derive(Debug, Clone, Serialize)]
pub struct Standing {
    /// The latest value counted (key results, metrics).
    pub current: Option<Reading>,
    /// 0–1 progress; null where there is nothing to roll up.
    pub progress: Option<f64>,
    /// Its rating.
    pub status: Status,
    /// No check-in for longer than `stale_after_days` (key results).
    pub stale: bool,
}

impl Standing {
    /// The standing of an entity rated by progress alone (objective, pillar, initiative):
    /// no value of its own, never stale.
    #[must_use]
    pub fn from_progress(progress: Option<f64>, status: Status) -> Self {
        Self {
            current: None,
            progress,
            status,
            stale: false,
        }
    }
}

/// The entity's own fields, by kind.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Details {
    /// A key result.
    KeyResult {
        /// Its goal.
        #[serde(flatten)]
        measure: MeasureFields,
        /// Unit.
        unit: Option<String>,
        /// Weight in its objective.
        weight: f64,
        /// Its objective's period label.
        quarter: Label,
        /// The days it is paced over (its `start`/`due`, else its objective's period).
        window: Window,
        /// Owners; empty when none.
        owners: Vec<String>,
        /// Where `northstar measure` reads it: its source's definition, as the
        /// provenance of its check-ins reads without a revision; `null` for none.
        source: Option<String>,
    },
    /// The North Star or a metric.
    Metric {
        /// `north-star`, `input` or `health`.
        role: MetricRole,
        /// Its goal.
        #[serde(flatten)]
        measure: MeasureFields,
        /// Unit.
        unit: Option<String>,
        /// Owner.
        owner: Option<String>,
        /// Due date.
        due: Option<NaiveDate>,
        /// Where `northstar measure` reads it (see the key result's `source`).
        source: Option<String>,
    },
    /// An objective.
    Objective {
        /// Its period's label.
        quarter: Label,
        /// Its period's days.
        window: Window,
        /// The first of `owners`.
        owner: Option<String>,
        /// Owners; empty when none.
        owners: Vec<String>,
        /// Committed or aspirational.
        objective_kind: ObjectiveKind,
        /// Weight.
        weight: f64,
    },
    /// A pillar.
    Pillar {
        /// Owner.
        owner: Option<String>,
    },
    /// A team.
    Team {
        /// Who leads it.
        lead: Option<String>,
    },
    /// An initiative.
    Initiative {
        /// Its period's label; null for one given by `start` and `end`.
        quarter: Option<Label>,
        /// The days it runs.
        window: Window,
        /// Owner.
        owner: Option<String>,
        /// Lifecycle.
        status: InitiativeStatus,
        /// Kind of work.
        work: WorkKind,
        /// Person-weeks.
        effort_weeks: f64,
        /// Success criteria.
        success: Option<String>,
    },
    /// A bet.
    Bet {
        /// Lifecycle.
        status: BetStatus,
        /// Risk class.
        risk: Risk,
        /// Person-weeks.
        appetite_weeks: f64,
        /// Owner.
        owner: Option<String>,
        /// The hypothesis.
        hypothesis: String,
        /// Success criteria.
        success: String,
        /// Kill criteria.
        kill: String,
        /// Start date.
        start: Option<NaiveDate>,
        /// Decide-by date.
        decide_by: Option<NaiveDate>,
        /// decide-by − as-of, in days, while undecided (negative: overdue).
        days_to_decision: Option<i64>,
        /// Decision date.
        decided: Option<NaiveDate>,
        /// Decision outcome.
        outcome: Option<String>,
        /// What was learned.
        learnings: Option<String>,
    },
}

/// How a related entity relates to the one shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// The key result's objective.
    Objective,
    /// The pillar it belongs to.
    Pillar,
    /// The North Star above it.
    NorthStar,
    /// Initiatives driving a key result.
    DrivenBy,
    /// Bets aiming at a measure.
    BetsAimingAtIt,
    /// Pillars a metric feeds.
    Pillars,
    /// An objective's key results.
    KeyResults,
    /// Initiatives of an objective or pillar.
    Initiatives,
    /// A pillar's input metrics.
    InputMetrics,
    /// A pillar's objectives.
    Objectives,
    /// A pillar's bets.
    Bets,
    /// Key results an initiative drives.
    Drives,
    /// The measure a bet aims to move.
    AimsAt,
    /// The team an objective, initiative or bet belongs to.
    Team,
    /// The objectives and key results an objective contributes to (`parent`/`parents`).
    Parents,
    /// The objectives naming an objective, or one of its key results, as parent; or
    /// naming a key result.
    Children,
    /// The metric, North Star or key result whose check-ins a key result reads
    /// (`measured_by`).
    MeasuredBy,
    /// The other key results reading a key result's series: `measured_by` the same
    /// measure, or (when it takes its own check-ins) by it. Its own `measured_by` is
    /// under [`Relation::MeasuredBy`].
    SameSeries,
    /// The key results `measured_by` a metric or the North Star.
    ReadBy,
    /// The team a team belongs to.
    ParentTeam,
    /// The teams directly under a team.
    SubTeams,
}

impl Relation {
    /// Whether the relation is listed only when it has entities: the North Star (a plan
    /// may have none) and the relations of teams and alignment on other entities (a plan
    /// may use neither).
    #[must_use]
    pub fn only_when_any(self) -> bool {
        matches!(
            self,
            Relation::NorthStar
                | Relation::Team
                | Relation::Parents
                | Relation::Children
                | Relation::MeasuredBy
                | Relation::SameSeries
                | Relation::ReadBy
        )
    }
}

/// A related entity.
#[derive(Debug, Clone, Serialize)]
pub struct EntityRef {
    /// Its kind.
    pub kind: EntityKind,
    /// Its id.
    pub id: String,
    /// Its title or name.
    pub title: String,
    /// Its period's label (objectives, and initiatives given a period).
    pub quarter: Option<Label>,
}

/// Related entities of one relation.
#[derive(Debug, Clone, Serialize)]
pub struct Related {
    /// The relation.
    pub relation: Relation,
    /// The entities, in plan order.
    pub entities: Vec<EntityRef>,
}

/// One entity, described.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    /// Its id.
    pub id: String,
    /// Its name or title.
    pub title: String,
    /// Its fields (and `kind`).
    #[serde(flatten)]
    pub details: Details,
    /// The report's date.
    pub as_of: NaiveDate,
    /// The report's period label.
    pub report_quarter: Label,
    /// The report's period: `{label, first_day, last_day}`.
    pub report_period: Period,
    /// Where it stands as of `as_of`, when the roll-up covers it.
    pub standing: Option<Standing>,
    /// Related entities.
    pub related: Vec<Related>,
    /// Check-ins of a key result, metric or the North Star, oldest first.
    pub history: Option<Vec<HistoryRow>>,
    /// The goalpost changes recorded for an objective or a key result (its `[[change]]`
    /// records dated on or before `as_of`, oldest first, each with its reason); null for
    /// other kinds, which take no records.
    pub changes: Option<Vec<RecordedChange>>,
}

/// One `[[change]]` record of the entity shown.
#[derive(Debug, Clone, Serialize)]
pub struct RecordedChange {
    /// The date of the record.
    pub date: NaiveDate,
    /// Who made the change, when recorded.
    pub by: Option<String>,
    /// The goalpost changed.
    pub field: Field,
    /// The value before.
    pub from: Value,
    /// The value after.
    pub to: Value,
    /// Why.
    pub reason: String,
}

/// The `[[change]]` records of `id` dated on or before `as_of`, oldest first (file order
/// breaks ties); records of a field that is no goalpost (validation refuses them) are
/// skipped.
fn recorded_changes(plan: &Plan, id: &str, as_of: NaiveDate) -> Vec<RecordedChange> {
    let mut out: Vec<RecordedChange> = plan
        .changes
        .iter()
        .filter(|c| c.id == id && c.date <= as_of)
        .filter_map(recorded_change)
        .collect();
    out.sort_by_key(|c| c.date);
    out
}

/// One `[[change]]` record as `show` lists it; `None` for a field that is no goalpost.
pub(crate) fn recorded_change(c: &Change) -> Option<RecordedChange> {
    Some(RecordedChange {
        date: c.date,
        by: c.by.clone(),
        field: Field::from_name(&c.field)?,
        from: Value::recorded(&c.from),
        to: Value::recorded(&c.to),
        reason: c.reason.clone(),
    })
}

impl Shown {
    /// The entity's kind.
    #[must_use]
    pub fn kind(&self) -> EntityKind {
        match &self.details {
            Details::KeyResult { .. } => EntityKind::KeyResult,
            Details::Metric {
                role: MetricRole::NorthStar,
                ..
            } => EntityKind::NorthStar,
            Details::Metric { .. } => EntityKind::Metric,
            Details::Objective { .. } => EntityKind::Objective,
            Details::Pillar { .. } => EntityKind::Pillar,
            Details::Initiative { .. } => EntityKind::Initiative,
            Details::Bet { .. } => EntityKind::Bet,
            Details::Team { .. } => EntityKind::Team,
        }
    }
}
