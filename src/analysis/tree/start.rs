//! Where a tree starts: the entity an id names (refused, with the fix, when a tree cannot
//! start there or it is outside the period shown), or the root objectives of a team.

use crate::diagnostic::did_you_mean;
use crate::plan::model::{EntityRef, Plan};
use crate::refusal::Refusal;

use super::walk::{Ref, Walk};

impl Walk<'_> {
    /// The entity `id` names, when a tree can start there and it is shown.
    pub(super) fn find(&self, id: &str) -> Result<Ref, Refusal> {
        let plan = self.plan;
        let period = &self.report.period.label;
        let not_shown = |what: &str, o: usize| {
            let theirs = &plan.objectives[o].period.label;
            Refusal::new(format!(
                "{what} `{id}` is in {theirs}, not in the period shown, {period}"
            ))
            .help(format!("pass `--period {theirs}`"))
        };
        let not_a_root = |what: &str, help: String| {
            Err(Refusal::new(format!(
                "`{id}` is {what}: a tree starts at the North Star, a pillar, an objective or a key result"
            ))
            .help(help))
        };
        let elsewhere = || format!("`northstar show {id}` shows where it belongs");
        match plan.entity(id) {
            Some(EntityRef::NorthStar) => Ok(Ref::NorthStar),
            Some(EntityRef::Pillar(p)) => Ok(Ref::Pillar(p)),
            Some(EntityRef::Objective(o)) if self.shown(o) => Ok(Ref::Objective(o)),
            Some(EntityRef::Objective(o)) => Err(not_shown("objective", o)),
            Some(EntityRef::KeyResult(r)) if self.shown(r.objective) => Ok(Ref::KeyResult(r)),
            Some(EntityRef::KeyResult(r)) => Err(not_shown("key result", r.objective)),
            Some(EntityRef::Metric(_)) => not_a_root("a metric", elsewhere()),
            Some(EntityRef::Initiative(_)) => not_a_root("an initiative", elsewhere()),
            Some(EntityRef::Bet(_)) => not_a_root("a bet", elsewhere()),
            Some(EntityRef::Team(_)) => not_a_root(
                "a team",
                format!("`northstar tree --team {id}` shows the team's objectives"),
            ),
            None => {
                let refusal = Refusal::new(format!("no entity `{id}` in the plan"));
                Err(match did_you_mean(id, rootable_ids(plan)) {
                    Some(s) => refusal.help(format!("did you mean `{s}`?")),
                    None => refusal,
                })
            }
        }
    }

    /// The objectives shown of the team `id` and its sub-teams whose parents lie outside
    /// those teams (or outside the period), in plan order.
    pub(super) fn team_roots(&self, id: &str) -> Result<Vec<Ref>, Refusal> {
        let plan = self.plan;
        let Some(team) = plan.teams.iter().position(|t| t.id == id) else {
            let refusal = Refusal::new(format!("no team `{id}` in the plan"));
            return Err(
                match did_you_mean(id, plan.teams.iter().map(|t| t.id.as_str())) {
                    Some(s) => refusal.help(format!("did you mean `{s}`?")),
                    None => refusal,
                },
            );
        };
        // Validation rules out team cycles, so every parent chain ends.
        let in_team = |t: usize| {
            let mut t = Some(t);
            while let Some(i) = t {
                if i == team {
                    return true;
                }
                t = plan.teams[i].parent;
            }
            false
        };
        let ours = |o: usize| self.shown(o) && plan.objectives[o].teams.iter().any(|&t| in_team(t));
        Ok(plan
            .objectives
            .iter()
            .enumerate()
            .filter(|&(o, objective)| {
                ours(o)
                    && !objective
                        .parents
                        .iter()
                        .any(|&p| ours(Self::parent_objective(p)))
            })
            .map(|(o, _)| Ref::Objective(o))
            .collect())
    }
}

/// The ids a tree can start at, for did-you-mean: the North Star, pillars, objectives and
/// key results, in plan order.
fn rootable_ids(plan: &Plan) -> impl Iterator<Item = &str> {
    plan.entities()
        .filter(|(_, e)| {
            matches!(
                e,
                EntityRef::NorthStar
                    | EntityRef::Pillar(_)
                    | EntityRef::Objective(_)
                    | EntityRef::KeyResult(_)
            )
        })
        .map(|(id, _)| id)
}
