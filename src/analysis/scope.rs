//! Which owners and teams a report keeps (`--owner`, `--team`), and the owners and teams of
//! a goal: the one rule `digest` and `calibration` narrow by.

use std::collections::HashMap;

use crate::plan::model::{EntityRef, KrRef, Plan};

/// Which owners and teams a report keeps.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// `--owner`: only what this person (or team name) owns: a key result's owners, else
    /// its objective's; a bet's, a metric's owner.
    pub owner: Option<String>,
    /// `--team`: the team ids kept (the team and its sub-teams); `None`: every team. A
    /// metric or the North Star, which belong to no team, is left out under `--team`.
    pub teams: Option<Vec<String>>,
}

impl Scope {
    /// Whether something owned by `owners` (names) and belonging to `teams` (indices into
    /// `plan.teams`) is kept: [`Self::owns`] and [`Self::in_team`].
    #[must_use]
    pub fn keeps(&self, plan: &Plan, owners: &[String], teams: &[usize]) -> bool {
        self.owns(owners) && self.in_team(plan, teams)
    }

    /// Whether `--owner` (if given) is one of `owners`.
    #[must_use]
    pub fn owns(&self, owners: &[String]) -> bool {
        self.owner
            .as_ref()
            .is_none_or(|want| owners.iter().any(|o| o == want))
    }

    /// Whether one of `teams` (indices into `plan.teams`) is among `--team`'s (if given).
    #[must_use]
    pub fn in_team(&self, plan: &Plan, teams: &[usize]) -> bool {
        self.teams.as_ref().is_none_or(|ids| {
            teams
                .iter()
                .any(|&t| ids.iter().any(|id| *id == plan.teams[t].id))
        })
    }

    /// Whether a per-owner row (`None`: the row of what has no owner) is kept: every row,
    /// or only `--owner`'s.
    #[must_use]
    pub fn keeps_row(&self, owner: Option<&String>) -> bool {
        self.owner.is_none() || self.owner.as_ref() == owner
    }
}

/// A key result's owners: its own, else its objective's.
#[must_use]
pub(crate) fn kr_owners(plan: &Plan, r: KrRef) -> &[String] {
    let o = &plan.objectives[r.objective];
    let k = &o.key_results[r.key_result];
    if k.owners.is_empty() {
        &o.owners
    } else {
        &k.owners
    }
}

/// The owners and teams (indices into `plan.teams`) of the entity `id`, looked up in
/// `index` ([`Plan::entity_index`]; [`Plan::entity`] is a scan of the plan): an
/// objective's; a key result's owners ([`kr_owners`]) and its objective's teams; a
/// metric's or the North Star's owner and no team; anything else (or an unknown id) none.
#[must_use]
pub(crate) fn goal_owners<'p>(
    plan: &'p Plan,
    index: &HashMap<&str, EntityRef>,
    id: &str,
) -> (&'p [String], &'p [usize]) {
    match index.get(id).copied() {
        Some(EntityRef::Objective(i)) => (&plan.objectives[i].owners, &plan.objectives[i].teams),
        Some(EntityRef::KeyResult(r)) => (kr_owners(plan, r), &plan.objectives[r.objective].teams),
        Some(EntityRef::Metric(i)) => (plan.metrics[i].owner.as_slice(), &[]),
        Some(EntityRef::NorthStar) => (
            plan.north_star.as_ref().map_or(&[], |m| m.owner.as_slice()),
            &[],
        ),
        _ => (&[], &[]),
    }
}
