//! What the site's pages list about each entity that its own row does not hold (the
//! initiatives driving a key result, the key results a metric measures, a team's
//! objectives, initiatives and bets, a bet's learnings), indexed by id once for the whole
//! site, so a page finds its lists in constant time instead of scanning the plan: with a
//! page per entity, a scan per page would be quadratic in the plan's size.

use std::collections::HashMap;

use crate::analysis::report::{BetRow, InitiativeRow, KeyResultRow, ObjectiveRow};
use crate::analysis::site::Site;

/// The lists, each in plan order.
#[derive(Default)]
pub(super) struct Related<'a> {
    /// Per key result id, the indices (into the report's initiatives) of those driving it.
    driving: HashMap<&'a str, Vec<usize>>,
    /// Per metric id, the key results `measured_by` it.
    measured: HashMap<&'a str, Vec<&'a KeyResultRow>>,
    /// Per metric id, the bets on it.
    bets_on: HashMap<&'a str, Vec<&'a BetRow>>,
    /// Per team id, the objectives, initiatives and bets naming it.
    teams: HashMap<&'a str, Team<'a>>,
    /// Per bet id, the learnings the packet records for its decision.
    learnings: HashMap<&'a str, Option<&'a str>>,
}

/// What names one team.
#[derive(Default)]
pub(super) struct Team<'a> {
    pub objectives: Vec<&'a ObjectiveRow>,
    pub initiatives: Vec<&'a InitiativeRow>,
    pub bets: Vec<&'a BetRow>,
}

/// Pushes `item` onto `key`'s list once per distinct key (an id named twice lists it once).
fn push<'a, T>(map: &mut HashMap<&'a str, Vec<T>>, keys: &'a [String], item: impl Fn() -> T) {
    for (n, key) in keys.iter().enumerate() {
        if !keys[..n].contains(key) {
            map.entry(key.as_str()).or_default().push(item());
        }
    }
}

impl<'a> Related<'a> {
    /// Indexes `site`'s roll-up and packet in one pass over each list.
    pub(super) fn new(site: &'a Site) -> Self {
        let r = &site.report;
        let mut related = Self::default();
        for (n, i) in r.initiatives.iter().enumerate() {
            push(&mut related.driving, &i.drives, || n);
            for t in dedup(&i.teams) {
                related.team(t).initiatives.push(i);
            }
        }
        for o in &r.objectives {
            for t in dedup(&o.teams) {
                related.team(t).objectives.push(o);
            }
            for k in &o.key_results {
                if let Some(m) = &k.measured_by {
                    related.measured.entry(m.as_str()).or_default().push(k);
                }
            }
        }
        for b in &r.bets {
            if let Some(m) = &b.metric {
                related.bets_on.entry(m.as_str()).or_default().push(b);
            }
            for t in dedup(&b.teams) {
                related.team(t).bets.push(b);
            }
        }
        for d in &site.review.bets.decided {
            related
                .learnings
                .entry(d.row.id.as_str())
                .or_insert(d.learnings.as_deref());
        }
        related
    }

    fn team(&mut self, id: &'a str) -> &mut Team<'a> {
        self.teams.entry(id).or_default()
    }

    /// The initiatives driving any of `krs`, in plan order, each once.
    pub(super) fn driving<'k>(
        &self,
        site: &'a Site,
        krs: impl IntoIterator<Item = &'k str>,
    ) -> Vec<&'a InitiativeRow> {
        let mut at: Vec<usize> = krs
            .into_iter()
            .filter_map(|k| self.driving.get(k))
            .flatten()
            .copied()
            .collect();
        at.sort_unstable();
        at.dedup();
        at.into_iter()
            .map(|n| &site.report.initiatives[n])
            .collect()
    }

    /// The key results measured by metric `id`.
    pub(super) fn measured(&self, id: &str) -> &[&'a KeyResultRow] {
        self.measured.get(id).map_or(&[], Vec::as_slice)
    }

    /// The bets on metric `id`.
    pub(super) fn bets_on(&self, id: &str) -> &[&'a BetRow] {
        self.bets_on.get(id).map_or(&[], Vec::as_slice)
    }

    /// What names team `id`.
    pub(super) fn of_team(&self, id: &str) -> Option<&Team<'a>> {
        self.teams.get(id)
    }

    /// The learnings recorded for bet `id`'s decision.
    pub(super) fn learnings(&self, id: &str) -> Option<&'a str> {
        self.learnings.get(id).copied().flatten()
    }
}

/// `ids` without repeats, first occurrence kept.
fn dedup(ids: &[String]) -> impl Iterator<Item = &str> {
    ids.iter()
        .enumerate()
        .filter(|(n, id)| !ids[..*n].contains(id))
        .map(|(_, id)| id.as_str())
}
