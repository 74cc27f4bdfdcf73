//! What moved between two versions of the plan (`northstar diff`): goalpost moves first,
//! then progress and status changes, check-ins added, entities added and removed, bets
//! started or decided, and initiatives whose status changed. Pure comparison of two
//! validated plans and their roll-ups; loading each side is the caller's job.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::analysis::goalpost::{Baseline, Goalpost};
use crate::analysis::history::{LogRow, timeline_picked};
use crate::analysis::report::{EntityKind, Report, Status};
use crate::plan::Plan;
use crate::plan::model::{BetStatus, CheckIn, InitiativeStatus, Reading};
use crate::time::period::{Label, Period};

/// One side of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// The revision as given (`HEAD~4`, `main`); null for the working tree.
    pub revision: Option<String>,
    /// The full commit hash, for a revision.
    pub commit: Option<String>,
    /// The date this side is rolled up as of.
    pub as_of: NaiveDate,
}

impl Side {
    /// The revision, or `working tree`.
    #[must_use]
    pub fn label(&self) -> &str {
        self.revision.as_deref().unwrap_or("working tree")
    }
}

/// Progress or status of an entity changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Movement {
    /// `north-star`, `metric`, `pillar`, `objective` or `key-result`.
    pub kind: EntityKind,
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
    pub kind: EntityKind,
    /// Its id.
    pub id: String,
    /// Its title or name.
    pub title: String,
}

/// A lifecycle change of a bet (`S` = [`BetStatus`]) or an initiative
/// (`S` = [`InitiativeStatus`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transition<S> {
    /// Its id.
    pub id: String,
    /// Status before.
    pub from: S,
    /// Status after.
    pub to: S,
}

/// Everything that moved.
#[derive(Debug, Clone, Serialize)]
pub struct PlanDiff {
    /// The older side.
    pub from: Side,
    /// The newer side.
    pub to: Side,
    /// The period compared (its label).
    pub quarter: Label,
    /// The period compared: `{label, first_day, last_day}`.
    pub period: Period,
    /// Goalpost moves (shown first): see [`crate::analysis::goalpost`] for the definition.
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
    pub bets_started: Vec<Transition<BetStatus>>,
    /// Bets decided (→ validated, invalidated or killed).
    pub bets_decided: Vec<Transition<BetStatus>>,
    /// Initiatives whose status changed.
    pub initiatives: Vec<Transition<InitiativeStatus>>,
}

fn entities(plan: &Plan) -> BTreeMap<String, Entity> {
    let mut out = BTreeMap::new();
    let mut add = |kind: EntityKind, id: &str, title: &str| {
        out.insert(
            id.to_string(),
            Entity {
                kind,
                id: id.to_string(),
                title: title.to_string(),
            },
        );
    };
    if let Some(n) = &plan.north_star {
        add(EntityKind::NorthStar, &n.id, &n.name);
    }
    for m in &plan.metrics {
        add(EntityKind::Metric, &m.id, &m.name);
    }
    for p in &plan.pillars {
        add(EntityKind::Pillar, &p.id, &p.name);
    }
    for o in &plan.objectives {
        add(EntityKind::Objective, &o.id, &o.title);
        for k in &o.key_results {
            add(EntityKind::KeyResult, &k.id, &k.title);
        }
    }
    for i in &plan.initiatives {
        add(EntityKind::Initiative, &i.id, &i.title);
    }
    for b in &plan.bets {
        add(EntityKind::Bet, &b.id, &b.title);
    }
    out
}

/// Every rolled-up entity of a report: (kind, id, progress, status).
fn rolled_up(r: &Report) -> Vec<(EntityKind, &str, Option<f64>, Status)> {
    r.north_star
        .iter()
        .map(|n| (EntityKind::NorthStar, n.id.as_str(), n.progress, n.status))
        .chain(
            r.metrics
                .iter()
                .map(|m| (EntityKind::Metric, m.id.as_str(), m.progress, m.status)),
        )
        .chain(
            r.pillars
                .iter()
                .map(|p| (EntityKind::Pillar, p.id.as_str(), p.progress, p.status)),
        )
        .chain(
            r.objectives
                .iter()
                .map(|o| (EntityKind::Objective, o.id.as_str(), o.progress, o.status)),
        )
        .chain(r.objectives.iter().flat_map(|o| {
            o.key_results
                .iter()
                .map(|k| (EntityKind::KeyResult, k.id.as_str(), k.progress, k.status))
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
                // Moved by more than rounding error: the tolerance of every status boundary.
                (Some(x), Some(y)) => (x - y).abs() > crate::analysis::rollup::EPSILON,
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

/// What tells two check-ins apart for [`checkins_added`]: the measure's id, date, value,
/// author and note (a NaN value is one value, whatever its bits).
type CheckinKey<'r> = (
    &'r str,
    NaiveDate,
    (u8, u64),
    Option<&'r str>,
    Option<&'r str>,
);

fn checkin_key<'p>(plan: &'p Plan, c: &'p CheckIn) -> CheckinKey<'p> {
    let value = match c.value {
        Reading::Number(v) if v.is_nan() => (0, 0),
        Reading::Number(v) => (1, v.to_bits()),
        Reading::Done(done) => (2, u64::from(done)),
    };
    (
        plan.measured_id(c.target),
        c.date,
        value,
        c.by.as_deref(),
        c.note(),
    )
}

/// The newer side's check-ins the older side does not have, as log rows in the newer
/// side's timeline order: each check-in of `a` matches one of `b` with the same
/// [`CheckinKey`], the earliest in that order; the rest of `b`'s are added. Rows are built
/// for the added check-ins only.
fn checkins_added(a: &Plan, b: &Plan) -> Vec<LogRow> {
    let mut seen: HashMap<CheckinKey<'_>, usize> = HashMap::with_capacity(a.checkins.len());
    for c in &a.checkins {
        *seen.entry(checkin_key(a, c)).or_default() += 1;
    }
    timeline_picked(b, &mut |c| match seen.get_mut(&checkin_key(b, c)) {
        Some(n) if *n > 0 => {
            *n -= 1;
            false
        }
        _ => true,
    })
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
    let mut bets = HashMap::new();
    for x in &b.0.bets {
        bets.entry(x.id.as_str()).or_insert(x);
    }
    let mut now_initiatives = HashMap::new();
    for x in &b.0.initiatives {
        now_initiatives.entry(x.id.as_str()).or_insert(x);
    }
    for old in &a.0.bets {
        let Some(new) = bets.get(old.id.as_str()) else {
            continue;
        };
        let t = Transition {
            id: old.id.clone(),
            from: old.status,
            to: new.status,
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
                let new = now_initiatives.get(old.id.as_str())?;
                (old.status != new.status).then(|| Transition {
                    id: old.id.clone(),
                    from: old.status,
                    to: new.status,
                })
            })
            .collect();
    PlanDiff {
        quarter: b.1.quarter.clone(),
        period: b.1.period.clone(),
        goalposts: crate::analysis::goalpost::moves(
            &Baseline::of(a.0),
            b.0,
            &|p| p.window.first_day <= to.as_of,
            Some(&b.0.calendar.containing(to.as_of)),
        ),
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
