//! Questions asked of a validated plan: its entities by id, in plan order; what a key
//! result or measure points at; the children of objectives; teams and their sub-teams.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{
    CheckIn, EntityRef, KeyResult, KrRef, Measure, Measured, Metric, Parent, Plan, Source,
};

/// Who is under whom among some objectives of a plan (see [`Plan::children`]).
#[derive(Debug, Clone, Default)]
pub struct Children {
    /// For each objective (by index), the objectives naming it as parent, in plan order.
    pub of_objective: Vec<Vec<usize>>,
    /// For each key result named as a parent, the objectives naming it, in plan order.
    pub of_key_result: std::collections::HashMap<KrRef, Vec<usize>>,
}

impl Plan {
    /// Every entity of the plan with its id, in plan order: the North Star, metrics,
    /// pillars, teams, each objective followed by its key results, initiatives, bets.
    /// Validation makes the ids unique (`duplicate-id`). Cycles share the namespace but are
    /// period labels, not entities, and are not listed.
    pub fn entities(&self) -> impl Iterator<Item = (&str, EntityRef)> {
        let north_star = self
            .north_star
            .iter()
            .map(|n| (n.id.as_str(), EntityRef::NorthStar));
        let metrics = self.metrics.iter().enumerate();
        let pillars = self.pillars.iter().enumerate();
        let teams = self.teams.iter().enumerate();
        let objectives = self.objectives.iter().enumerate().flat_map(|(i, o)| {
            let key_results = o.key_results.iter().enumerate().map(move |(k, kr)| {
                let r = KrRef {
                    objective: i,
                    key_result: k,
                };
                (kr.id.as_str(), EntityRef::KeyResult(r))
            });
            std::iter::once((o.id.as_str(), EntityRef::Objective(i))).chain(key_results)
        });
        let initiatives = self.initiatives.iter().enumerate();
        let bets = self.bets.iter().enumerate();
        north_star
            .chain(metrics.map(|(i, m)| (m.id.as_str(), EntityRef::Metric(i))))
            .chain(pillars.map(|(i, p)| (p.id.as_str(), EntityRef::Pillar(i))))
            .chain(teams.map(|(i, t)| (t.id.as_str(), EntityRef::Team(i))))
            .chain(objectives)
            .chain(initiatives.map(|(i, x)| (x.id.as_str(), EntityRef::Initiative(i))))
            .chain(bets.map(|(i, b)| (b.id.as_str(), EntityRef::Bet(i))))
    }

    /// Every entity id of the plan, in the order of [`Plan::entities`].
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.entities().map(|(id, _)| id)
    }

    /// The ids of every measure that takes check-ins (the North Star, the metrics, then the
    /// key results), in plan order.
    pub fn measure_ids(&self) -> impl Iterator<Item = &str> {
        self.entities()
            .filter(|(_, e)| {
                matches!(
                    e,
                    EntityRef::NorthStar | EntityRef::Metric(_) | EntityRef::KeyResult(_)
                )
            })
            .map(|(id, _)| id)
    }

    /// The entity with `id`, if the plan has one. A scan of [`Plan::entities`]: a loop
    /// looking up many ids builds [`Plan::entity_index`] once instead.
    #[must_use]
    pub fn entity(&self, id: &str) -> Option<EntityRef> {
        self.entities().find(|(e, _)| *e == id).map(|(_, r)| r)
    }

    /// Every entity by id: what [`Plan::entity`] answers for each id (the first entity of
    /// [`Plan::entities`] with it), built in one pass.
    #[must_use]
    pub fn entity_index(&self) -> HashMap<&str, EntityRef> {
        let mut index = HashMap::new();
        for (id, e) in self.entities() {
            index.entry(id).or_insert(e);
        }
        index
    }

    /// The measure whose check-ins `m` reads: the series a key result is `measured_by`,
    /// else `m` itself.
    #[must_use]
    pub fn series_of(&self, m: Measured) -> Measured {
        match m {
            Measured::KeyResult(r) => self.key_result(r).measured_by.unwrap_or(m),
            _ => m,
        }
    }

    /// The check-ins dated on or before `last_day`, by the measure they are for, each list
    /// oldest first (file order breaks ties): the one index the roll-up and the review
    /// read series from, built in one pass instead of a scan of every check-in per measure.
    #[must_use]
    pub fn checkins_by_measure(&self, last_day: NaiveDate) -> HashMap<Measured, Vec<&CheckIn>> {
        let mut by_measure: HashMap<Measured, Vec<&CheckIn>> = HashMap::new();
        for c in self.checkins.iter().filter(|c| c.date <= last_day) {
            by_measure.entry(c.target).or_default().push(c);
        }
        for series in by_measure.values_mut() {
            series.sort_by_key(|c| c.date); // stable: file order breaks ties
        }
        by_measure
    }

    /// The children of every objective and key result among the objectives `shown`
    /// (indexed like [`Plan::objectives`]): the one reading of `parent`/`parents` that the
    /// roll-up and the tree share.
    #[must_use]
    pub fn children(&self, shown: &[bool]) -> Children {
        let mut out = Children {
            of_objective: vec![Vec::new(); self.objectives.len()],
            of_key_result: std::collections::HashMap::new(),
        };
        for (c, o) in self
            .objectives
            .iter()
            .enumerate()
            .filter(|(c, _)| shown[*c])
        {
            for p in &o.parents {
                match *p {
                    Parent::Objective(j) => out.of_objective[j].push(c),
                    Parent::KeyResult(r) => out.of_key_result.entry(r).or_default().push(c),
                }
            }
        }
        out
    }

    /// The key result `r` points at.
    #[must_use]
    pub fn key_result(&self, r: KrRef) -> &KeyResult {
        &self.objectives[r.objective].key_results[r.key_result]
    }

    /// The metric `m` points at, for the North Star and metrics; `None` for a key result
    /// (and for [`Measured::NorthStar`] in a plan without one, which validation never builds).
    #[must_use]
    pub fn metric(&self, m: Measured) -> Option<&Metric> {
        match m {
            Measured::NorthStar => self.north_star.as_ref(),
            Measured::Metric(i) => Some(&self.metrics[i]),
            Measured::KeyResult(_) => None,
        }
    }

    /// The id of what `m` points at (empty for [`Measured::NorthStar`] in a plan without
    /// one, which validation never builds).
    #[must_use]
    pub fn measured_id(&self, m: Measured) -> &str {
        match m {
            Measured::NorthStar => self.north_star.as_ref().map_or("", |n| n.id.as_str()),
            Measured::Metric(i) => &self.metrics[i].id,
            Measured::KeyResult(r) => &self.key_result(r).id,
        }
    }

    /// The `source` of the measure (North Star, metric or key result) with `id`, if it has
    /// one.
    #[must_use]
    pub fn source_of(&self, id: &str) -> Option<&Source> {
        self.source_at(self.entity(id)?)
    }

    /// The `source` of entity `e` when it is a measure (North Star, metric or key result)
    /// with one: [`Plan::source_of`] for a loop holding a [`Plan::entity_index`].
    #[must_use]
    pub fn source_at(&self, e: EntityRef) -> Option<&Source> {
        match e {
            EntityRef::NorthStar => self.north_star.as_ref()?.source.as_ref(),
            EntityRef::Metric(i) => self.metrics[i].source.as_ref(),
            EntityRef::KeyResult(r) => self.key_result(r).source.as_deref(),
            _ => None,
        }
    }

    /// The declared unit of the measure `m`, if any.
    #[must_use]
    pub fn measured_unit(&self, m: Measured) -> Option<&str> {
        match m {
            Measured::NorthStar => self.north_star.as_ref().and_then(|n| n.unit.as_deref()),
            Measured::Metric(i) => self.metrics[i].unit.as_deref(),
            Measured::KeyResult(r) => self.key_result(r).unit.as_deref(),
        }
    }

    /// The index into [`Plan::teams`] of the team with `id`.
    #[must_use]
    pub fn team_index(&self, id: &str) -> Option<usize> {
        match self.entity(id)? {
            EntityRef::Team(t) => Some(t),
            _ => None,
        }
    }

    /// Team `t` and every team under it through `parent` (its sub-teams, theirs, and so
    /// on), as indices into [`Plan::teams`] in plan order. Validation rules out cycles; the
    /// walk up from each team is bounded by the number of teams anyway.
    #[must_use]
    pub fn team_and_subteams(&self, t: usize) -> Vec<usize> {
        (0..self.teams.len())
            .filter(|&u| {
                let mut at = Some(u);
                for _ in 0..=self.teams.len() {
                    match at {
                        Some(a) if a == t => return true,
                        Some(a) => at = self.teams[a].parent,
                        None => return false,
                    }
                }
                false
            })
            .collect()
    }

    /// The measure of what `m` points at ([`Measure::Untargeted`] for
    /// [`Measured::NorthStar`] in a plan without one, which validation never builds).
    #[must_use]
    pub fn measure(&self, m: Measured) -> Measure {
        match m {
            Measured::NorthStar => self
                .north_star
                .as_ref()
                .map_or(Measure::Untargeted { baseline: None }, |n| n.measure),
            Measured::Metric(i) => self.metrics[i].measure,
            Measured::KeyResult(r) => self.key_result(r).measure,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::model::tests::org;

    #[test]
    fn the_entity_index_answers_as_entity_does_for_every_id() {
        let plan = org();
        let index = plan.entity_index();
        assert_eq!(index.len(), plan.entities().count());
        for (id, e) in plan.entities() {
            assert_eq!(index.get(id), Some(&e), "{id}");
            assert_eq!(plan.entity(id), Some(e), "{id}");
        }
        assert_eq!(index.get("no-such-id"), None);
    }
}
