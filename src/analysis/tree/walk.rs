//! The walk that draws the tree: who is under whom among what the roll-up shows, each
//! entity's identity and standing, the path above a root, and which shared objectives
//! have been shown in full (later ones are repeats).

use std::collections::{HashMap, HashSet};

use crate::analysis::report::{
    BetRow, EntityKind, InitiativeRow, KeyResultRow, ObjectiveRow, Report, Status,
};
use crate::plan::model::{KrRef, Measured, Parent, Plan};

use super::{Ancestor, Branch, MAX_LEVELS, Node, NodeStatus, Repeat};

/// An entity of the plan, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Ref {
    NorthStar,
    Pillar(usize),
    Objective(usize),
    KeyResult(KrRef),
    Initiative(usize),
    Bet(usize),
    /// An objective outside the selected period under a parent inside it.
    Outside(usize),
}

/// The walk: the plan, its rows, who is under whom among what is shown, and what has been
/// shown in full so far.
pub(super) struct Walk<'a> {
    pub(super) plan: &'a Plan,
    pub(super) report: &'a Report,
    depth: Option<usize>,
    /// Objective index → its row, for the objectives shown.
    objectives: Vec<Option<&'a ObjectiveRow>>,
    /// Initiative index → its row, for the initiatives shown.
    initiatives: Vec<Option<&'a InitiativeRow>>,
    bets: HashMap<&'a str, &'a BetRow>,
    /// Objectives shown naming each objective as parent.
    under_objective: Vec<Vec<usize>>,
    /// Objectives shown naming each key result as parent.
    under_key_result: HashMap<KrRef, Vec<usize>>,
    /// Objectives outside the period naming each objective shown as parent.
    outside_under_objective: Vec<Vec<usize>>,
    /// Objectives outside the period naming each key result shown as parent.
    outside_under_key_result: HashMap<KrRef, Vec<usize>>,
    /// Initiatives shown driving each key result.
    drivers: HashMap<KrRef, Vec<usize>>,
    /// Bets aiming at each measure.
    aiming: HashMap<Measured, Vec<usize>>,
    /// What was shown with its children.
    expanded: HashSet<Ref>,
    /// The first entity at [`MAX_LEVELS`] with children the walk would have had to go on
    /// to: the tree is refused.
    pub(super) too_deep: Option<Ref>,
}

impl<'a> Walk<'a> {
    pub(super) fn new(plan: &'a Plan, report: &'a Report, depth: Option<usize>) -> Self {
        let objective_rows: HashMap<&str, &ObjectiveRow> = report
            .objectives
            .iter()
            .map(|o| (o.id.as_str(), o))
            .collect();
        let objectives: Vec<Option<&ObjectiveRow>> = plan
            .objectives
            .iter()
            .map(|o| objective_rows.get(o.id.as_str()).copied())
            .collect();
        let initiative_rows: HashMap<&str, &InitiativeRow> = report
            .initiatives
            .iter()
            .map(|i| (i.id.as_str(), i))
            .collect();
        let initiatives: Vec<Option<&InitiativeRow>> = plan
            .initiatives
            .iter()
            .map(|i| initiative_rows.get(i.id.as_str()).copied())
            .collect();
        let shown: Vec<bool> = objectives.iter().map(Option::is_some).collect();
        let crate::plan::model::Children {
            of_objective: under_objective,
            of_key_result: under_key_result,
        } = plan.children(&shown);
        // Children of another period, under parents in this one.
        let outside: Vec<bool> = shown.iter().map(|s| !s).collect();
        let crate::plan::model::Children {
            of_objective: mut outside_under_objective,
            of_key_result: mut outside_under_key_result,
        } = plan.children(&outside);
        for (j, children) in outside_under_objective.iter_mut().enumerate() {
            if !shown[j] {
                children.clear();
            }
        }
        outside_under_key_result.retain(|r, _| shown[r.objective]);
        let mut drivers: HashMap<KrRef, Vec<usize>> = HashMap::new();
        for (i, initiative) in plan.initiatives.iter().enumerate() {
            if initiatives[i].is_some() {
                for &r in &initiative.drives {
                    drivers.entry(r).or_default().push(i);
                }
            }
        }
        let mut aiming: HashMap<Measured, Vec<usize>> = HashMap::new();
        for (b, bet) in plan.bets.iter().enumerate() {
            if let Some(m) = bet.metric {
                aiming.entry(m).or_default().push(b);
            }
        }
        Self {
            plan,
            report,
            depth,
            objectives,
            initiatives,
            bets: report.bets.iter().map(|b| (b.id.as_str(), b)).collect(),
            under_objective,
            under_key_result,
            outside_under_objective,
            outside_under_key_result,
            drivers,
            aiming,
            expanded: HashSet::new(),
            too_deep: None,
        }
    }

    pub(super) fn shown(&self, objective: usize) -> bool {
        self.objectives[objective].is_some()
    }

    /// The objective a parent is, or whose key result it is.
    pub(super) fn parent_objective(p: Parent) -> usize {
        match p {
            Parent::Objective(j) => j,
            Parent::KeyResult(r) => r.objective,
        }
    }

    /// What lies directly under `r`, in the order of the module docs.
    fn children(&self, r: Ref) -> Vec<Ref> {
        let plan = self.plan;
        let bets_at = |m: Measured| {
            self.aiming
                .get(&m)
                .into_iter()
                .flatten()
                .map(|&b| Ref::Bet(b))
        };
        match r {
            Ref::NorthStar => (0..plan.pillars.len())
                .map(Ref::Pillar)
                .chain(bets_at(Measured::NorthStar))
                .collect(),
            Ref::Pillar(p) => plan
                .objectives
                .iter()
                .enumerate()
                .filter(|&(i, o)| {
                    self.shown(i)
                        && o.pillar == p
                        && !o
                            .parents
                            .iter()
                            .any(|&q| self.shown(Self::parent_objective(q)))
                })
                .map(|(i, _)| Ref::Objective(i))
                .collect(),
            Ref::Objective(o) => (0..plan.objectives[o].key_results.len())
                .map(|k| {
                    Ref::KeyResult(KrRef {
                        objective: o,
                        key_result: k,
                    })
                })
                .chain(self.under_objective[o].iter().map(|&c| Ref::Objective(c)))
                .chain(
                    self.outside_under_objective[o]
                        .iter()
                        .map(|&c| Ref::Outside(c)),
                )
                .collect(),
            Ref::KeyResult(k) => self
                .under_key_result
                .get(&k)
                .into_iter()
                .flatten()
                .map(|&c| Ref::Objective(c))
                .chain(
                    self.outside_under_key_result
                        .get(&k)
                        .into_iter()
                        .flatten()
                        .map(|&c| Ref::Outside(c)),
                )
                .chain(
                    self.drivers
                        .get(&k)
                        .into_iter()
                        .flatten()
                        .map(|&i| Ref::Initiative(i)),
                )
                .chain(bets_at(Measured::KeyResult(k)))
                .collect(),
            Ref::Initiative(_) | Ref::Bet(_) | Ref::Outside(_) => Vec::new(),
        }
    }

    /// `r` at `level` below its root: in full the first time, with its children unless
    /// `--depth` stops here; a [`Repeat`] once it has been shown in full.
    pub(super) fn branch(&mut self, r: Ref, level: usize) -> Branch {
        let (id, kind) = self.identity(r);
        if self.expanded.contains(&r) {
            return Branch::Repeat(Repeat {
                id,
                kind,
                repeat: true,
            });
        }
        let go_on = self.depth.is_none_or(|max| level < max);
        if go_on && level >= MAX_LEVELS {
            // Not a step further: the recursion stays bounded, and the tree is refused.
            if self.too_deep.is_none() && !self.children(r).is_empty() {
                self.too_deep = Some(r);
            }
        }
        let children = if go_on && level < MAX_LEVELS {
            self.expanded.insert(r);
            self.children(r)
                .into_iter()
                .map(|c| self.branch(c, level + 1))
                .collect()
        } else {
            Vec::new()
        };
        let (title, progress, status, owner) = self.standing(r);
        let outside_period = match r {
            Ref::Outside(o) => Some(self.plan.objectives[o].period.label.clone()),
            _ => None,
        };
        Branch::Node(Node {
            id,
            kind,
            title,
            progress,
            status,
            owner,
            children,
            outside_period,
        })
    }

    pub(super) fn identity(&self, r: Ref) -> (String, EntityKind) {
        let plan = self.plan;
        match r {
            Ref::NorthStar => (
                plan.north_star.as_ref().map_or("", |n| &n.id).to_string(),
                EntityKind::NorthStar,
            ),
            Ref::Pillar(p) => (plan.pillars[p].id.clone(), EntityKind::Pillar),
            Ref::Objective(o) | Ref::Outside(o) => {
                (plan.objectives[o].id.clone(), EntityKind::Objective)
            }
            Ref::KeyResult(k) => (plan.key_result(k).id.clone(), EntityKind::KeyResult),
            Ref::Initiative(i) => (plan.initiatives[i].id.clone(), EntityKind::Initiative),
            Ref::Bet(b) => (plan.bets[b].id.clone(), EntityKind::Bet),
        }
    }

    /// Title, progress, status and owner of `r`, from the roll-up.
    fn standing(&self, r: Ref) -> (String, Option<f64>, Option<NodeStatus>, Option<String>) {
        let rating = |s: Status| Some(NodeStatus::Rating(s));
        match r {
            Ref::NorthStar => {
                let n = self.report.north_star.as_ref();
                (
                    n.map_or_else(String::new, |n| n.name.clone()),
                    n.and_then(|n| n.progress),
                    n.and_then(|n| rating(n.status)),
                    n.and_then(|n| n.owner.clone()),
                )
            }
            Ref::Pillar(p) => {
                let row = &self.report.pillars[p];
                (
                    row.name.clone(),
                    row.progress,
                    rating(row.status),
                    row.owner.clone(),
                )
            }
            Ref::Objective(o) => {
                let row = self.objectives[o].expect("only objectives shown are walked");
                (
                    row.title.clone(),
                    row.progress,
                    rating(row.status),
                    row.owner.clone(),
                )
            }
            Ref::KeyResult(k) => {
                let row = self.key_result_row(k);
                (
                    row.title.clone(),
                    row.progress,
                    rating(row.status),
                    row.owners.first().cloned(),
                )
            }
            // Not rolled up in this period: no progress, no status.
            Ref::Outside(o) => {
                let objective = &self.plan.objectives[o];
                (
                    objective.title.clone(),
                    None,
                    None,
                    objective.owners.first().cloned(),
                )
            }
            Ref::Initiative(i) => {
                let row = self.initiatives[i].expect("only initiatives shown are walked");
                (
                    row.title.clone(),
                    row.progress,
                    row.progress_status.map(NodeStatus::Rating),
                    row.owner.clone(),
                )
            }
            Ref::Bet(b) => {
                let row = self.bets[self.plan.bets[b].id.as_str()];
                (
                    row.title.clone(),
                    row.progress,
                    Some(NodeStatus::Bet(row.status)),
                    row.owner.clone(),
                )
            }
        }
    }

    fn key_result_row(&self, k: KrRef) -> &'a KeyResultRow {
        let row = self.objectives[k.objective].expect("only objectives shown are walked");
        &row.key_results[k.key_result]
    }

    /// The entities above `r`, from the top down (see [`Root::ancestors`]).
    pub(super) fn ancestors(&self, r: Ref) -> Vec<Ancestor> {
        let plan = self.plan;
        let mut above: Vec<Ref> = Vec::new(); // nearest first
        let mut objective = match r {
            Ref::Objective(o) | Ref::Outside(o) => Some(o),
            Ref::KeyResult(k) => {
                above.push(Ref::Objective(k.objective));
                Some(k.objective)
            }
            Ref::Pillar(_) | Ref::NorthStar | Ref::Initiative(_) | Ref::Bet(_) => None,
        };
        let mut pillar = match r {
            Ref::Pillar(_) => None,
            _ => objective.map(|o| plan.objectives[o].pillar),
        };
        // Validation rules out cycles, so the first-parent chain ends.
        while let Some(o) = objective {
            objective = plan.objectives[o].parents.first().map(|&p| {
                if let Parent::KeyResult(k) = p {
                    above.push(Ref::KeyResult(k));
                }
                let j = Self::parent_objective(p);
                above.push(Ref::Objective(j));
                j
            });
            if let Some(j) = objective {
                pillar = Some(plan.objectives[j].pillar);
            }
        }
        above.extend(pillar.map(Ref::Pillar));
        if r != Ref::NorthStar && plan.north_star.is_some() {
            above.push(Ref::NorthStar);
        }
        above
            .into_iter()
            .rev()
            .map(|a| {
                let (id, kind) = self.identity(a);
                let title = match a {
                    Ref::NorthStar => plan.north_star.as_ref().map_or("", |n| &n.name),
                    Ref::Pillar(p) => &plan.pillars[p].name,
                    Ref::Objective(o) | Ref::Outside(o) => &plan.objectives[o].title,
                    Ref::KeyResult(k) => &plan.key_result(k).title,
                    Ref::Initiative(i) => &plan.initiatives[i].title,
                    Ref::Bet(b) => &plan.bets[b].title,
                };
                Ancestor {
                    id,
                    kind,
                    title: title.to_string(),
                }
            })
            .collect()
    }
}
