//! Gathering one entity for `show` ([`show`]): a function per entity kind that reads its fields from
//! the plan, its standing from the roll-up, and its related entities in plan order.

use chrono::NaiveDate;

use crate::analysis::history::{HistoryRow, history};
use crate::analysis::report::{EntityKind, Report};
use crate::plan::Plan;
use crate::plan::model::{EntityRef as PlanEntity, KrRef, Measure, Measured, Parent, Reading};
use crate::time::period::Label;

use super::{Details, EntityRef, Related, Relation, Shown, Standing, recorded_changes};

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

/// [`show`] before empty optional relations are dropped: the entity with
/// `id`, or `None` when no entity has it (ids are unique across kinds, validation's
/// `duplicate-id`, so which kind is asked first does not matter).
fn describe(
    plan: &Plan,
    report: &Report,
    id: &str,
    measure_on: &dyn Fn(&str, NaiveDate) -> Option<Measure>,
) -> Option<Shown> {
    let cx = Context {
        plan,
        report,
        id,
        measure_on,
    };
    Some(match plan.entity(id)? {
        PlanEntity::KeyResult(r) => cx.key_result(r),
        PlanEntity::NorthStar => cx.metric(Measured::NorthStar)?,
        PlanEntity::Metric(i) => cx.metric(Measured::Metric(i))?,
        PlanEntity::Objective(i) => cx.objective(i),
        PlanEntity::Pillar(i) => cx.pillar(i),
        PlanEntity::Initiative(i) => cx.initiative(i),
        PlanEntity::Team(i) => cx.team(i),
        PlanEntity::Bet(i) => cx.bet(i)?,
    })
}

/// What every entity's description reads: the plan, its roll-up, the id asked for and the
/// goal in force on a date (for the check-in history).
struct Context<'a> {
    plan: &'a Plan,
    report: &'a Report,
    id: &'a str,
    measure_on: &'a dyn Fn(&str, NaiveDate) -> Option<Measure>,
}

/// A related entity.
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

/// A source's definition as one line (its check-ins' provenance without a revision).
fn source_text(source: &crate::plan::model::Source) -> String {
    source.provenance(None)
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

/// References to the plan's entities, as relations list them.
impl Context<'_> {
    fn pillar_ref(&self, i: usize) -> EntityRef {
        let p = &self.plan.pillars[i];
        entity(EntityKind::Pillar, &p.id, &p.name, None)
    }

    fn team_ref(&self, t: usize) -> EntityRef {
        let team = &self.plan.teams[t];
        entity(EntityKind::Team, &team.id, &team.name, None)
    }

    fn objective_ref(&self, i: usize) -> EntityRef {
        let o = &self.plan.objectives[i];
        entity(
            EntityKind::Objective,
            &o.id,
            &o.title,
            Some(&o.period.label),
        )
    }

    fn key_result_ref(&self, r: KrRef) -> EntityRef {
        let k = self.plan.key_result(r);
        entity(EntityKind::KeyResult, &k.id, &k.title, None)
    }

    fn initiative_ref(i: &crate::plan::model::Initiative) -> EntityRef {
        entity(
            EntityKind::Initiative,
            &i.id,
            &i.title,
            i.period.as_ref().map(|p| &p.label),
        )
    }

    fn bet_ref(b: &crate::plan::model::Bet) -> EntityRef {
        entity(EntityKind::Bet, &b.id, &b.title, None)
    }

    /// The entity a measure names: the North Star, a metric or a key result.
    fn measured_ref(&self, m: Measured) -> EntityRef {
        let plan = self.plan;
        match (m, plan.metric(m)) {
            (Measured::KeyResult(r), _) => self.key_result_ref(r),
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
        }
    }

    /// The objectives naming a parent `is_parent` accepts, in plan order.
    fn children(&self, is_parent: &dyn Fn(&Parent) -> bool) -> Vec<EntityRef> {
        self.plan
            .objectives
            .iter()
            .enumerate()
            .filter(|(_, c)| c.parents.iter().any(is_parent))
            .map(|(i, _)| self.objective_ref(i))
            .collect()
    }

    /// The North Star as a relation: none in a plan without one.
    fn north_star(&self) -> Vec<EntityRef> {
        self.plan
            .north_star
            .iter()
            .map(|n| entity(EntityKind::NorthStar, &n.id, &n.name, None))
            .collect()
    }

    /// The bets whose metric is `m`, in plan order.
    fn bets_aiming(&self, m: Measured) -> Vec<EntityRef> {
        self.plan
            .bets
            .iter()
            .filter(|b| b.metric == Some(m))
            .map(Self::bet_ref)
            .collect()
    }

    /// The check-in history of `m`, each rated against the goal in force on its date.
    fn history_of(&self, m: Measured) -> Vec<HistoryRow> {
        let id = self.id;
        history(self.plan, m, self.report.as_of, &|date| {
            (self.measure_on)(id, date)
        })
    }

    /// An entity with its fields and the report's date and period; no standing, relations,
    /// history or changes yet.
    fn base(&self, id: &str, title: &str, details: Details) -> Shown {
        Shown {
            id: id.to_string(),
            title: title.to_string(),
            details,
            as_of: self.report.as_of,
            report_quarter: self.report.quarter.clone(),
            report_period: self.report.period.clone(),
            standing: None,
            related: Vec::new(),
            history: None,
            changes: None,
        }
    }
}

/// One function per entity kind.
impl Context<'_> {
    fn key_result(&self, r: KrRef) -> Shown {
        let (plan, id) = (self.plan, self.id);
        let o = &plan.objectives[r.objective];
        let kr = plan.key_result(r);
        let m = Measured::KeyResult(r);
        let mut shown = self.base(
            &kr.id,
            &kr.title,
            Details::KeyResult {
                measure: kr.measure.into(),
                unit: kr.unit.clone(),
                weight: kr.weight,
                quarter: o.period.label.clone(),
                window: kr.window,
                owners: kr.owners.clone(),
                source: kr.source.as_deref().map(source_text),
            },
        );
        shown.standing = self
            .report
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
            .map(Self::initiative_ref)
            .collect();
        let series = plan.series_of(m);
        let same_series = key_results(plan)
            .filter(|&other| {
                other != r
                    && plan.series_of(Measured::KeyResult(other)) == series
                    && Some(Measured::KeyResult(other)) != kr.measured_by
            })
            .map(|other| self.key_result_ref(other))
            .collect();
        shown.related = vec![
            related(Relation::Objective, vec![self.objective_ref(r.objective)]),
            related(Relation::Pillar, vec![self.pillar_ref(o.pillar)]),
            related(Relation::NorthStar, self.north_star()),
            related(
                Relation::MeasuredBy,
                kr.measured_by
                    .map(|m| self.measured_ref(m))
                    .into_iter()
                    .collect(),
            ),
            related(Relation::SameSeries, same_series),
            related(
                Relation::Children,
                self.children(&|p| *p == Parent::KeyResult(r)),
            ),
            related(Relation::DrivenBy, driven),
            related(Relation::BetsAimingAtIt, self.bets_aiming(m)),
        ];
        shown.history = Some(self.history_of(m));
        shown.changes = Some(recorded_changes(plan, id, self.report.as_of));
        shown
    }

    /// The North Star or a metric; `None` for a key result.
    fn metric(&self, m: Measured) -> Option<Shown> {
        let (plan, id) = (self.plan, self.id);
        let metric = plan.metric(m)?;
        let mut shown = self.base(
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
        shown.standing = self
            .report
            .north_star
            .iter()
            .chain(&self.report.metrics)
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
            .map(|p| self.pillar_ref(p))
            .collect();
        let read_by = key_results(plan)
            .filter(|&r| plan.key_result(r).measured_by == Some(m))
            .map(|r| self.key_result_ref(r))
            .collect();
        shown.related = vec![
            related(Relation::Pillars, pillars),
            related(Relation::ReadBy, read_by),
            related(Relation::BetsAimingAtIt, self.bets_aiming(m)),
        ];
        shown.history = Some(self.history_of(m));
        Some(shown)
    }

    fn objective(&self, oi: usize) -> Shown {
        let (plan, id) = (self.plan, self.id);
        let o = &plan.objectives[oi];
        let mut shown = self.base(
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
        shown.standing = self
            .report
            .objectives
            .iter()
            .find(|r| r.id == id)
            .map(|row| Standing::from_progress(row.progress, row.status));
        let initiatives = plan
            .initiatives
            .iter()
            .filter(|i| i.drives.iter().any(|r| r.objective == oi))
            .map(Self::initiative_ref)
            .collect();
        let parents = o
            .parents
            .iter()
            .map(|p| match *p {
                Parent::Objective(j) => self.objective_ref(j),
                Parent::KeyResult(r) => self.key_result_ref(r),
            })
            .collect();
        let key_results = o
            .key_results
            .iter()
            .map(|k| entity(EntityKind::KeyResult, &k.id, &k.title, None))
            .collect();
        shown.related = vec![
            related(Relation::Pillar, vec![self.pillar_ref(o.pillar)]),
            related(Relation::Team, self.team_refs(&o.teams)),
            related(Relation::Parents, parents),
            related(Relation::KeyResults, key_results),
            related(
                Relation::Children,
                self.children(&|p| match *p {
                    Parent::Objective(j) => j == oi,
                    Parent::KeyResult(r) => r.objective == oi,
                }),
            ),
            related(Relation::Initiatives, initiatives),
        ];
        shown.changes = Some(recorded_changes(plan, id, self.report.as_of));
        shown
    }

    fn pillar(&self, pi: usize) -> Shown {
        let plan = self.plan;
        let p = &plan.pillars[pi];
        let mut shown = self.base(
            &p.id,
            &p.name,
            Details::Pillar {
                owner: p.owner.clone(),
            },
        );
        shown.standing = self
            .report
            .pillars
            .iter()
            .find(|r| r.id == self.id)
            .map(|row| Standing::from_progress(row.progress, row.status));
        let inputs = p
            .inputs
            .iter()
            .map(|&i| {
                let m = &plan.metrics[i];
                entity(EntityKind::Metric, &m.id, &m.name, None)
            })
            .collect();
        let objectives = (0..plan.objectives.len())
            .filter(|&o| plan.objectives[o].pillar == pi)
            .map(|o| self.objective_ref(o))
            .collect();
        shown.related = vec![
            related(Relation::NorthStar, self.north_star()),
            related(Relation::InputMetrics, inputs),
            related(Relation::Objectives, objectives),
            related(
                Relation::Initiatives,
                self.initiatives_where(&|i| i.pillar == Some(pi)),
            ),
            related(Relation::Bets, self.bets_where(&|b| b.pillar == Some(pi))),
        ];
        shown
    }

    fn initiative(&self, index: usize) -> Shown {
        let i = &self.plan.initiatives[index];
        let mut shown = self.base(
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
        shown.standing = self
            .report
            .initiatives
            .iter()
            .find(|r| r.id == self.id)
            .and_then(|r| r.progress.zip(r.progress_status))
            .map(|(progress, status)| Standing::from_progress(Some(progress), status));
        shown.related = vec![
            related(Relation::Pillar, self.pillar_refs(i.pillar)),
            related(Relation::Team, self.team_refs(&i.teams)),
            related(
                Relation::Drives,
                i.drives.iter().map(|&r| self.key_result_ref(r)).collect(),
            ),
        ];
        shown
    }

    fn team(&self, ti: usize) -> Shown {
        let plan = self.plan;
        let t = &plan.teams[ti];
        let mut shown = self.base(
            &t.id,
            &t.name,
            Details::Team {
                lead: t.lead.clone(),
            },
        );
        let sub_teams = (0..plan.teams.len())
            .filter(|&u| plan.teams[u].parent == Some(ti))
            .map(|u| self.team_ref(u))
            .collect();
        let objectives = (0..plan.objectives.len())
            .filter(|&o| plan.objectives[o].teams.contains(&ti))
            .map(|o| self.objective_ref(o))
            .collect();
        shown.related = vec![
            related(
                Relation::ParentTeam,
                t.parent.map(|p| self.team_ref(p)).into_iter().collect(),
            ),
            related(Relation::SubTeams, sub_teams),
            related(Relation::Objectives, objectives),
            related(
                Relation::Initiatives,
                self.initiatives_where(&|i| i.teams.contains(&ti)),
            ),
            related(Relation::Bets, self.bets_where(&|b| b.teams.contains(&ti))),
        ];
        shown
    }

    /// A bet; `None` when the roll-up has no row for it.
    fn bet(&self, index: usize) -> Option<Shown> {
        let b = &self.plan.bets[index];
        let row = self.report.bets.get(index)?;
        let mut shown = self.base(
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
            related(Relation::Pillar, self.pillar_refs(b.pillar)),
            related(Relation::Team, self.team_refs(&b.teams)),
            related(
                Relation::AimsAt,
                b.metric.map(|m| self.measured_ref(m)).into_iter().collect(),
            ),
        ];
        Some(shown)
    }
}

/// Relations shared by several kinds.
impl Context<'_> {
    /// The pillar, when there is one, as a relation.
    fn pillar_refs(&self, pillar: Option<usize>) -> Vec<EntityRef> {
        pillar.map(|p| self.pillar_ref(p)).into_iter().collect()
    }

    /// `teams` (indexes into [`Plan::teams`]), in their order.
    fn team_refs(&self, teams: &[usize]) -> Vec<EntityRef> {
        teams.iter().map(|&t| self.team_ref(t)).collect()
    }

    /// The initiatives `keep` accepts, in plan order.
    fn initiatives_where(
        &self,
        keep: &dyn Fn(&crate::plan::model::Initiative) -> bool,
    ) -> Vec<EntityRef> {
        self.plan
            .initiatives
            .iter()
            .filter(|i| keep(i))
            .map(Self::initiative_ref)
            .collect()
    }

    /// The bets `keep` accepts, in plan order.
    fn bets_where(&self, keep: &dyn Fn(&crate::plan::model::Bet) -> bool) -> Vec<EntityRef> {
        self.plan
            .bets
            .iter()
            .filter(|b| keep(b))
            .map(Self::bet_ref)
            .collect()
    }
}
