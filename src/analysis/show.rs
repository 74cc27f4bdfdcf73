//! `northstar show ID`: everything about one entity, gathered from the plan and the
//! roll-up into a typed [`Shown`] (numbers, dates, enums; no display text) that the
//! renderers print as labelled fields, related entities and, for key results and metrics,
//! the check-in history.

use chrono::NaiveDate;
use serde::Serialize;

use crate::analysis::goalpost::{Field, Value};
use crate::analysis::history::{HistoryRow, history};
use crate::analysis::report::{EntityKind, MeasureFields, Report, Status};
use crate::plan::Plan;
use crate::plan::model::{
    BetStatus, InitiativeStatus, KrRef, Measure, Measured, MetricRole, ObjectiveKind, Parent,
    Reading, Risk, WorkKind,
};
use crate::time::period::{Label, Period, Window};

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
        .filter_map(|c| {
            Some(RecordedChange {
                date: c.date,
                by: c.by.clone(),
                field: Field::from_name(&c.field)?,
                from: Value::recorded(&c.from),
                to: Value::recorded(&c.to),
                reason: c.reason.clone(),
            })
        })
        .collect();
    out.sort_by_key(|c| c.date);
    out
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

/// A source's definition as one line (its check-ins' provenance without a revision).
fn source_text(source: &crate::plan::model::Source) -> String {
    source.provenance(None)
}

fn entity(kind: EntityKind, id: &str, title: &str, quarter: Option<&Label>) -> EntityRef {
    EntityRef {
        kind,
        id: id.to_string(),
        title: title.to_string(),
        quarter: quarter.cloned(),
    }
}

fn related(relation: Relation, entities: Vec<EntityRef>) -> Related {
    Related { relation, entities }
}

/// Describes the entity with `id`, or `None` when no entity has it. `measure_on(id, date)`
/// gives a key result's or metric's goal as it was on `date` (e.g. from git history), for
/// its check-in history; `None` means today's. Relations that are
/// [`Relation::only_when_any`] are left out when empty.
#[must_use]
pub fn show(
    plan: &Plan,
    report: &Report,
    id: &str,
    measure_on: &dyn Fn(&str, NaiveDate) -> Option<Measure>,
) -> Option<Shown> {
    let mut shown = describe(plan, report, id, measure_on)?;
    shown
        .related
        .retain(|r| !r.relation.only_when_any() || !r.entities.is_empty());
    Some(shown)
}

/// Every key result of the plan, in plan order.
fn key_results(plan: &Plan) -> impl Iterator<Item = KrRef> + '_ {
    plan.objectives.iter().enumerate().flat_map(|(oi, o)| {
        (0..o.key_results.len()).map(move |ki| KrRef {
            objective: oi,
            key_result: ki,
        })
    })
}

/// The series a key result reads: its `measured_by`, else its own check-ins.
fn series_of(plan: &Plan, r: KrRef) -> Measured {
    plan.key_result(r)
        .measured_by
        .unwrap_or(Measured::KeyResult(r))
}

/// [`show`] before empty optional relations are dropped.
fn describe(
    plan: &Plan,
    report: &Report,
    id: &str,
    measure_on: &dyn Fn(&str, NaiveDate) -> Option<Measure>,
) -> Option<Shown> {
    let pillar = |i: usize| {
        entity(
            EntityKind::Pillar,
            &plan.pillars[i].id,
            &plan.pillars[i].name,
            None,
        )
    };
    let team = |t: usize| {
        entity(
            EntityKind::Team,
            &plan.teams[t].id,
            &plan.teams[t].name,
            None,
        )
    };
    let objective = |i: usize| {
        let o = &plan.objectives[i];
        entity(
            EntityKind::Objective,
            &o.id,
            &o.title,
            Some(&o.period.label),
        )
    };
    let key_result = |r: KrRef| {
        let k = plan.key_result(r);
        entity(EntityKind::KeyResult, &k.id, &k.title, None)
    };
    let initiative = |i: &crate::plan::model::Initiative| {
        entity(
            EntityKind::Initiative,
            &i.id,
            &i.title,
            i.period.as_ref().map(|p| &p.label),
        )
    };
    // The entity a measure names: the North Star, a metric or a key result.
    let measured = |m: Measured| match (m, plan.metric(m)) {
        (Measured::KeyResult(r), _) => key_result(r),
        (Measured::NorthStar, metric) => entity(
            EntityKind::NorthStar,
            plan.measured_id(m),
            metric.map_or("", |n| n.name.as_str()),
            None,
        ),
        (Measured::Metric(_), metric) => entity(
            EntityKind::Metric,
            plan.measured_id(m),
            metric.map_or("", |n| n.name.as_str()),
            None,
        ),
    };
    // The objectives naming `parent` among their parents, in plan order.
    let children = |is_parent: &dyn Fn(&Parent) -> bool| {
        plan.objectives
            .iter()
            .enumerate()
            .filter(|(_, c)| c.parents.iter().any(is_parent))
            .map(|(i, _)| objective(i))
            .collect::<Vec<_>>()
    };
    // The North Star as a relation: none in a plan without one.
    let north_star = || {
        plan.north_star
            .iter()
            .map(|n| entity(EntityKind::NorthStar, &n.id, &n.name, None))
            .collect::<Vec<_>>()
    };
    let bets_aiming = |m: Measured| {
        plan.bets
            .iter()
            .filter(|b| b.metric == Some(m))
            .map(|b| entity(EntityKind::Bet, &b.id, &b.title, None))
            .collect()
    };
    let history_of =
        |m: Measured| Some(history(plan, m, report.as_of, &|date| measure_on(id, date)));
    let base = |id: &str, title: &str, details: Details| Shown {
        id: id.to_string(),
        title: title.to_string(),
        details,
        as_of: report.as_of,
        report_quarter: report.quarter.clone(),
        report_period: report.period.clone(),
        standing: None,
        related: Vec::new(),
        history: None,
        changes: None,
    };

    for (oi, o) in plan.objectives.iter().enumerate() {
        for (ki, kr) in o.key_results.iter().enumerate() {
            if kr.id != id {
                continue;
            }
            let r = KrRef {
                objective: oi,
                key_result: ki,
            };
            let m = Measured::KeyResult(r);
            let mut shown = base(
                &kr.id,
                &kr.title,
                Details::KeyResult {
                    measure: kr.measure.into(),
                    unit: kr.unit.clone(),
                    weight: kr.weight,
                    quarter: o.period.label.clone(),
                    window: kr.window,
                    owners: kr.owners.clone(),
                    source: kr.source.as_ref().map(source_text),
                },
            );
            shown.standing = report
                .objectives
                .iter()
                .flat_map(|o| &o.key_results)
                .find(|k| k.id == id)
                .map(|row| Standing {
                    current: row.current,
                    progress: row.progress,
                    status: row.status,
                    stale: row.stale,
                });
            let driven = plan
                .initiatives
                .iter()
                .filter(|i| i.drives.contains(&r))
                .map(|i| {
                    entity(
                        EntityKind::Initiative,
                        &i.id,
                        &i.title,
                        i.period.as_ref().map(|p| &p.label),
                    )
                })
                .collect();
            let series = series_of(plan, r);
            let same_series = key_results(plan)
                .filter(|&other| {
                    other != r
                        && series_of(plan, other) == series
                        && Some(Measured::KeyResult(other)) != kr.measured_by
                })
                .map(key_result)
                .collect();
            shown.related = vec![
                related(Relation::Objective, vec![objective(oi)]),
                related(Relation::Pillar, vec![pillar(o.pillar)]),
                related(Relation::NorthStar, north_star()),
                related(
                    Relation::MeasuredBy,
                    kr.measured_by.map(measured).into_iter().collect(),
                ),
                related(Relation::SameSeries, same_series),
                related(
                    Relation::Children,
                    children(&|p| *p == Parent::KeyResult(r)),
                ),
                related(Relation::DrivenBy, driven),
                related(Relation::BetsAimingAtIt, bets_aiming(m)),
            ];
            shown.history = history_of(m);
            shown.changes = Some(recorded_changes(plan, id, report.as_of));
            return Some(shown);
        }
    }
    let metric = plan
        .north_star
        .iter()
        .map(|n| (Measured::NorthStar, n))
        .chain(
            plan.metrics
                .iter()
                .enumerate()
                .map(|(i, m)| (Measured::Metric(i), m)),
        )
        .find(|(_, m)| m.id == id);
    if let Some((m, metric)) = metric {
        let mut shown = base(
            &metric.id,
            &metric.name,
            Details::Metric {
                role: metric.role,
                measure: metric.measure.into(),
                unit: metric.unit.clone(),
                owner: metric.owner.clone(),
                due: metric.due,
                source: metric.source.as_ref().map(source_text),
            },
        );
        shown.standing = report
            .north_star
            .iter()
            .chain(&report.metrics)
            .find(|r| r.id == id)
            .map(|row| Standing {
                current: row.current.map(Reading::Number),
                progress: row.progress,
                status: row.status,
                stale: false,
            });
        let pillars = (0..plan.pillars.len())
            .filter(|&p| match m {
                Measured::Metric(i) => plan.pillars[p].inputs.contains(&i),
                _ => true,
            })
            .map(pillar)
            .collect();
        let read_by = key_results(plan)
            .filter(|&r| plan.key_result(r).measured_by == Some(m))
            .map(key_result)
            .collect();
        shown.related = vec![
            related(Relation::Pillars, pillars),
            related(Relation::ReadBy, read_by),
            related(Relation::BetsAimingAtIt, bets_aiming(m)),
        ];
        shown.history = history_of(m);
        return Some(shown);
    }
    if let Some((oi, o)) = plan.objectives.iter().enumerate().find(|(_, o)| o.id == id) {
        let mut shown = base(
            &o.id,
            &o.title,
            Details::Objective {
                quarter: o.period.label.clone(),
                window: o.period.window,
                owner: o.owners.first().cloned(),
                owners: o.owners.clone(),
                objective_kind: o.kind,
                weight: o.weight,
            },
        );
        shown.standing = report
            .objectives
            .iter()
            .find(|r| r.id == id)
            .map(|row| Standing::from_progress(row.progress, row.status));
        let initiatives = plan
            .initiatives
            .iter()
            .filter(|i| i.drives.iter().any(|r| r.objective == oi))
            .map(initiative)
            .collect();
        let parents = o
            .parents
            .iter()
            .map(|p| match *p {
                Parent::Objective(j) => objective(j),
                Parent::KeyResult(r) => key_result(r),
            })
            .collect();
        shown.related = vec![
            related(Relation::Pillar, vec![pillar(o.pillar)]),
            related(Relation::Team, o.teams.iter().copied().map(team).collect()),
            related(Relation::Parents, parents),
            related(
                Relation::KeyResults,
                o.key_results
                    .iter()
                    .map(|k| entity(EntityKind::KeyResult, &k.id, &k.title, None))
                    .collect(),
            ),
            related(
                Relation::Children,
                children(&|p| match *p {
                    Parent::Objective(j) => j == oi,
                    Parent::KeyResult(r) => r.objective == oi,
                }),
            ),
            related(Relation::Initiatives, initiatives),
        ];
        shown.changes = Some(recorded_changes(plan, id, report.as_of));
        return Some(shown);
    }
    if let Some((pi, p)) = plan.pillars.iter().enumerate().find(|(_, p)| p.id == id) {
        let mut shown = base(
            &p.id,
            &p.name,
            Details::Pillar {
                owner: p.owner.clone(),
            },
        );
        shown.standing = report
            .pillars
            .iter()
            .find(|r| r.id == id)
            .map(|row| Standing::from_progress(row.progress, row.status));
        shown.related = vec![
            related(Relation::NorthStar, north_star()),
            related(
                Relation::InputMetrics,
                p.inputs
                    .iter()
                    .map(|&i| {
                        let m = &plan.metrics[i];
                        entity(EntityKind::Metric, &m.id, &m.name, None)
                    })
                    .collect(),
            ),
            related(
                Relation::Objectives,
                plan.objectives
                    .iter()
                    .filter(|o| o.pillar == pi)
                    .map(|o| {
                        entity(
                            EntityKind::Objective,
                            &o.id,
                            &o.title,
                            Some(&o.period.label),
                        )
                    })
                    .collect(),
            ),
            related(
                Relation::Initiatives,
                plan.initiatives
                    .iter()
                    .filter(|i| i.pillar == Some(pi))
                    .map(|i| {
                        entity(
                            EntityKind::Initiative,
                            &i.id,
                            &i.title,
                            i.period.as_ref().map(|p| &p.label),
                        )
                    })
                    .collect(),
            ),
            related(
                Relation::Bets,
                plan.bets
                    .iter()
                    .filter(|b| b.pillar == Some(pi))
                    .map(|b| entity(EntityKind::Bet, &b.id, &b.title, None))
                    .collect(),
            ),
        ];
        return Some(shown);
    }
    if let Some(i) = plan.initiatives.iter().find(|i| i.id == id) {
        let mut shown = base(
            &i.id,
            &i.title,
            Details::Initiative {
                quarter: i.period.as_ref().map(|p| p.label.clone()),
                window: i.window,
                owner: i.owner.clone(),
                status: i.status,
                work: i.work,
                effort_weeks: i.effort_weeks,
                success: i.success.clone(),
            },
        );
        shown.standing = report
            .initiatives
            .iter()
            .find(|r| r.id == id)
            .and_then(|r| r.progress.zip(r.progress_status))
            .map(|(progress, status)| Standing::from_progress(Some(progress), status));
        shown.related = vec![
            related(Relation::Pillar, i.pillar.map(pillar).into_iter().collect()),
            related(Relation::Team, i.teams.iter().copied().map(team).collect()),
            related(
                Relation::Drives,
                i.drives
                    .iter()
                    .map(|&r| {
                        let k = plan.key_result(r);
                        entity(EntityKind::KeyResult, &k.id, &k.title, None)
                    })
                    .collect(),
            ),
        ];
        return Some(shown);
    }
    if let Some((ti, t)) = plan.teams.iter().enumerate().find(|(_, t)| t.id == id) {
        let mut shown = base(
            &t.id,
            &t.name,
            Details::Team {
                lead: t.lead.clone(),
            },
        );
        shown.related = vec![
            related(
                Relation::ParentTeam,
                t.parent.map(team).into_iter().collect(),
            ),
            related(
                Relation::SubTeams,
                (0..plan.teams.len())
                    .filter(|&u| plan.teams[u].parent == Some(ti))
                    .map(team)
                    .collect(),
            ),
            related(
                Relation::Objectives,
                (0..plan.objectives.len())
                    .filter(|&o| plan.objectives[o].teams.contains(&ti))
                    .map(objective)
                    .collect(),
            ),
            related(
                Relation::Initiatives,
                plan.initiatives
                    .iter()
                    .filter(|i| i.teams.contains(&ti))
                    .map(initiative)
                    .collect(),
            ),
            related(
                Relation::Bets,
                plan.bets
                    .iter()
                    .filter(|b| b.teams.contains(&ti))
                    .map(|b| entity(EntityKind::Bet, &b.id, &b.title, None))
                    .collect(),
            ),
        ];
        return Some(shown);
    }
    let (b, row) = plan
        .bets
        .iter()
        .zip(&report.bets)
        .find(|(b, _)| b.id == id)?;
    let mut shown = base(
        &b.id,
        &b.title,
        Details::Bet {
            status: b.status,
            risk: b.risk,
            appetite_weeks: b.appetite_weeks,
            owner: b.owner.clone(),
            hypothesis: b.hypothesis.clone(),
            success: b.success.clone(),
            kill: b.kill.clone(),
            start: b.start,
            decide_by: b.decide_by,
            days_to_decision: row.days_to_decision,
            decided: b.decided,
            outcome: b.outcome.clone(),
            learnings: b.learnings.clone(),
        },
    );
    shown.related = vec![
        related(Relation::Pillar, b.pillar.map(pillar).into_iter().collect()),
        related(Relation::Team, b.teams.iter().copied().map(team).collect()),
        related(
            Relation::AimsAt,
            b.metric.map(measured).into_iter().collect(),
        ),
    ];
    Some(shown)
}
