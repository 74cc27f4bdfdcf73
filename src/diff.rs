//! What moved between two versions of the plan (`northstar diff`): goalpost moves first,
//! then progress and status changes, check-ins added, entities added and removed, bets
//! started or decided, and initiatives whose status changed. Pure comparison of two
//! validated plans and their roll-ups; loading each side is the caller's job.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::history::{LogFilter, LogRow, timeline};
use crate::plan::Plan;
use crate::plan::model::{BetStatus, Measure};
use crate::quarter::Quarter;
use crate::report::{Report, Status};

/// One side of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// `HEAD~4`, `main`, or `working tree`.
    pub label: String,
    /// The commit, for a revision.
    pub commit: Option<String>,
    /// The date this side is rolled up as of.
    pub as_of: NaiveDate,
}

/// A key result's or objective's goal changed after its quarter had started.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Goalpost {
    /// `key result` or `objective`.
    pub kind: &'static str,
    /// Its id.
    pub id: String,
    /// `baseline`, `target`, `weight`, `keep_below`, `keep_above`, `quarter` or `measure`.
    pub field: String,
    /// The old value.
    pub from: String,
    /// The new value.
    pub to: String,
    /// The quarter that had started.
    pub quarter: Quarter,
}

/// Progress or status of an entity changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Movement {
    /// `North Star`, `metric`, `pillar`, `objective` or `key result`.
    pub kind: &'static str,
    /// Its id.
    pub id: String,
    /// Progress before (0–1; null where there is nothing to roll up).
    pub progress_from: Option<f64>,
    /// Progress after.
    pub progress_to: Option<f64>,
    /// Status before.
    pub status_from: Status,
    /// Status after.
    pub status_to: Status,
}

/// An entity that exists on one side only.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Entity {
    /// Its kind.
    pub kind: &'static str,
    /// Its id.
    pub id: String,
    /// Its title or name.
    pub title: String,
}

/// A lifecycle change of a bet or an initiative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transition {
    /// Its id.
    pub id: String,
    /// Status before.
    pub from: String,
    /// Status after.
    pub to: String,
}

/// Everything that moved.
#[derive(Debug, Clone, Serialize)]
pub struct PlanDiff {
    /// The older side.
    pub from: Side,
    /// The newer side.
    pub to: Side,
    /// The quarter compared.
    pub quarter: Quarter,
    /// Goalpost moves (shown first).
    pub goalposts: Vec<Goalpost>,
    /// Progress and status changes.
    pub movements: Vec<Movement>,
    /// Check-ins present only on the newer side.
    pub checkins_added: Vec<LogRow>,
    /// Entities only on the newer side.
    pub added: Vec<Entity>,
    /// Entities only on the older side.
    pub removed: Vec<Entity>,
    /// Bets started (proposed → running).
    pub bets_started: Vec<Transition>,
    /// Bets decided (→ validated, invalidated or killed).
    pub bets_decided: Vec<Transition>,
    /// Initiatives whose status changed.
    pub initiatives: Vec<Transition>,
}

fn entities(plan: &Plan) -> BTreeMap<String, Entity> {
    let mut out = BTreeMap::new();
    let mut add = |kind: &'static str, id: &str, title: &str| {
        out.insert(
            id.to_string(),
            Entity {
                kind,
                id: id.to_string(),
                title: title.to_string(),
            },
        );
    };
    add("North Star", &plan.north_star.id, &plan.north_star.name);
    for m in &plan.metrics {
        add("metric", &m.id, &m.name);
    }
    for p in &plan.pillars {
        add("pillar", &p.id, &p.name);
    }
    for o in &plan.objectives {
        add("objective", &o.id, &o.title);
        for k in &o.key_results {
            add("key result", &k.id, &k.title);
        }
    }
    for i in &plan.initiatives {
        add("initiative", &i.id, &i.title);
    }
    for b in &plan.bets {
        add("bet", &b.id, &b.title);
    }
    out
}

fn fields(m: Measure) -> Vec<(&'static str, f64)> {
    match m {
        Measure::Numeric { baseline, target } => vec![("baseline", baseline), ("target", target)],
        Measure::KeepBelow(l) => vec![("keep_below", l)],
        Measure::KeepAbove(l) => vec![("keep_above", l)],
        Measure::Milestone => Vec::new(),
    }
}

fn goalposts(a: &Plan, b: &Plan, b_as_of: NaiveDate) -> Vec<Goalpost> {
    let num = crate::render::table::number;
    let mut out = Vec::new();
    for old in &a.objectives {
        let Some(new) = b.objectives.iter().find(|o| o.id == old.id) else {
            continue;
        };
        let quarter = old.quarter;
        if quarter.first_day() > b_as_of {
            continue; // the quarter had not started: planning, not moving goalposts
        }
        if new.quarter != old.quarter {
            out.push(Goalpost {
                kind: "objective",
                id: old.id.clone(),
                field: "quarter".into(),
                from: old.quarter.to_string(),
                to: new.quarter.to_string(),
                quarter,
            });
        }
        for kr in &old.key_results {
            let Some(now) = new.key_results.iter().find(|k| k.id == kr.id) else {
                continue;
            };
            let (f_old, f_new) = (fields(kr.measure), fields(now.measure));
            if f_old.iter().map(|f| f.0).ne(f_new.iter().map(|f| f.0)) {
                out.push(Goalpost {
                    kind: "key result",
                    id: kr.id.clone(),
                    field: "measure".into(),
                    from: format!("{:?}", kr.measure),
                    to: format!("{:?}", now.measure),
                    quarter,
                });
            } else {
                for (x, y) in f_old.iter().zip(&f_new).filter(|(x, y)| x.1 != y.1) {
                    out.push(Goalpost {
                        kind: "key result",
                        id: kr.id.clone(),
                        field: x.0.into(),
                        from: num(x.1),
                        to: num(y.1),
                        quarter,
                    });
                }
            }
            if kr.weight != now.weight {
                out.push(Goalpost {
                    kind: "key result",
                    id: kr.id.clone(),
                    field: "weight".into(),
                    from: num(kr.weight),
                    to: num(now.weight),
                    quarter,
                });
            }
        }
    }
    out
}

/// Every rolled-up entity of a report: (kind, id, progress, status).
fn rolled_up(r: &Report) -> Vec<(&'static str, &str, Option<f64>, Status)> {
    std::iter::once((
        "North Star",
        r.north_star.id.as_str(),
        Some(r.north_star.progress),
        r.north_star.status,
    ))
    .chain(
        r.metrics
            .iter()
            .map(|m| ("metric", m.id.as_str(), Some(m.progress), m.status)),
    )
    .chain(
        r.pillars
            .iter()
            .map(|p| ("pillar", p.id.as_str(), p.progress, p.status)),
    )
    .chain(
        r.objectives
            .iter()
            .map(|o| ("objective", o.id.as_str(), o.progress, o.status)),
    )
    .chain(r.objectives.iter().flat_map(|o| {
        o.key_results
            .iter()
            .map(|k| ("key result", k.id.as_str(), Some(k.progress), k.status))
    }))
    .collect()
}

fn movements(a: &Report, b: &Report) -> Vec<Movement> {
    let before: HashMap<&str, (Option<f64>, Status)> = rolled_up(a)
        .into_iter()
        .map(|(_, id, p, s)| (id, (p, s)))
        .collect();
    let after = rolled_up(b);
    after
        .into_iter()
        .filter_map(|(kind, id, p, s)| {
            let (p0, s0) = before.get(id)?;
            let moved = match (p0, p) {
                (Some(x), Some(y)) => (x - y).abs() > 1e-9,
                (x, y) => x.is_some() != y.is_some(),
            };
            (moved || *s0 != s).then(|| Movement {
                kind,
                id: id.to_string(),
                progress_from: *p0,
                progress_to: p,
                status_from: *s0,
                status_to: s,
            })
        })
        .collect()
}

fn checkins_added(a: &Plan, b: &Plan) -> Vec<LogRow> {
    let key = |r: &LogRow| {
        format!(
            "{}|{}|{:?}|{:?}|{:?}",
            r.metric, r.date, r.value, r.by, r.note
        )
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in timeline(a, &LogFilter::default()) {
        *seen.entry(key(&r)).or_default() += 1;
    }
    timeline(b, &LogFilter::default())
        .into_iter()
        .filter(|r| match seen.get_mut(&key(r)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// Compares side `a` (older) with side `b` (newer), each a validated plan rolled up for the
/// same quarter as of its side's date.
#[must_use]
pub fn diff(from: Side, a: (&Plan, &Report), to: Side, b: (&Plan, &Report)) -> PlanDiff {
    let (ea, eb) = (entities(a.0), entities(b.0));
    let added = eb
        .iter()
        .filter(|(id, _)| !ea.contains_key(*id))
        .map(|(_, e)| e.clone())
        .collect();
    let removed = ea
        .iter()
        .filter(|(id, _)| !eb.contains_key(*id))
        .map(|(_, e)| e.clone())
        .collect();
    let mut bets_started = Vec::new();
    let mut bets_decided = Vec::new();
    for old in &a.0.bets {
        let Some(new) = b.0.bets.iter().find(|x| x.id == old.id) else {
            continue;
        };
        let t = Transition {
            id: old.id.clone(),
            from: crate::lint::serde_variant(&old.status),
            to: crate::lint::serde_variant(&new.status),
        };
        if old.status == BetStatus::Proposed && new.status == BetStatus::Running {
            bets_started.push(t);
        } else if !old.status.is_decided() && new.status.is_decided() {
            bets_decided.push(t);
        }
    }
    let initiatives =
        a.0.initiatives
            .iter()
            .filter_map(|old| {
                let new = b.0.initiatives.iter().find(|x| x.id == old.id)?;
                (old.status != new.status).then(|| Transition {
                    id: old.id.clone(),
                    from: crate::lint::serde_variant(&old.status),
                    to: crate::lint::serde_variant(&new.status),
                })
            })
            .collect();
    PlanDiff {
        quarter: b.1.quarter,
        goalposts: goalposts(a.0, b.0, to.as_of),
        movements: movements(a.1, b.1),
        checkins_added: checkins_added(a.0, b.0),
        added,
        removed,
        bets_started,
        bets_decided,
        initiatives,
        from,
        to,
    }
}
