//! The weekly digest: what moved in a span of days ending on the as-of date (check-ins
//! with their change in progress and any change of status, bet decisions, goalposts moved
//! with their recorded reasons), what is at risk or off-track, the bets whose decide-by is
//! near or past, and per owner what they owe. Typed results only, no formatting.
//!
//! **What moved** is dated: a check-in by its date, a decision by the bet's `decided`, a
//! goalpost by its `[[change]]` record. A goalpost the goalpost audit finds in git history
//! without a record has no date and is not listed (`check` warns of it).
//!
//! **Owes** uses the roll-up's staleness rule ([`is_stale`]: the latest counted check-in,
//! without one the window's first day, more than `stale_after_days` before the date): a
//! key result the report marks stale is owed now; one that is not, but would be stale
//! [`OWED_WITHIN_DAYS`] days after the as-of date while still in its window, not done and
//! not a draft, is owed by its `due` date, the last day it is not stale.

use std::collections::{BTreeMap, HashMap};

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::goalpost::{Field, Goalpost, Value};
use super::history::{LogFilter, timeline};
use super::report::{EntityKind, Report, Status};
use super::rollup::{is_done, is_stale};
use super::scope::{Scope, goal_owners};
use crate::plan::model::{BetStatus, EntityRef, Measure, Plan, Reading};
use crate::time::period::Label;

/// A bet is listed as due when its decide-by is at most this many days after the as-of
/// date (or past).
pub const BET_DUE_WITHIN_DAYS: i64 = 14;

/// A key result is owed when it is stale or becomes stale within this many days of the
/// as-of date.
pub const OWED_WITHIN_DAYS: u64 = 7;

/// The digest (the JSON of `digest --format json`).
#[derive(Debug, Clone, Serialize)]
pub struct Digest {
    /// The plan's name.
    pub plan: String,
    /// The first day of the span, included.
    pub since: NaiveDate,
    /// The as-of date, the span's last day, included.
    pub as_of: NaiveDate,
    /// The period whose key results are rated (at risk, owed).
    pub period: Label,
    /// `--owner`, when given.
    pub owner: Option<String>,
    /// `--team`, when given.
    pub team: Option<String>,
    /// What moved in the span, newest first (ties: check-ins, decisions, goalposts, each in
    /// file order).
    pub moved: Vec<Event>,
    /// Key results of the period `at-risk` or `off-track` as of the date: off-track first,
    /// then plan order.
    pub at_risk: Vec<AtRisk>,
    /// Undecided bets whose decide-by is past or within [`BET_DUE_WITHIN_DAYS`] days,
    /// earliest first.
    pub bets_due: Vec<BetDue>,
    /// Per owner (by name; `null`: owned by no one), what they owe.
    pub owes: Vec<Owes>,
}

impl Digest {
    /// Whether nothing moved, nothing is at risk, no bet is due and no one owes anything.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.moved.is_empty()
            && self.at_risk.is_empty()
            && self.bets_due.is_empty()
            && self.owes.is_empty()
    }
}

/// One thing that moved.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Event {
    /// A check-in of a key result, metric or the North Star.
    Checkin {
        /// Its date.
        date: NaiveDate,
        /// The key result's, metric's or North Star's id.
        id: String,
        /// Who checked in.
        by: Option<String>,
        /// The value.
        value: Reading,
        /// The measure's unit.
        unit: Option<String>,
        /// 0–1 progress after it; null without a target.
        progress: Option<f64>,
        /// Progress minus the progress after the measure's previous check-in (from 0 for
        /// the first), −1 to 1; null when either has none.
        progress_change: Option<f64>,
        /// Status after it, as of its date (as `log` rates it).
        status: Option<Status>,
        /// The status after the measure's previous check-in, when it differs (a status
        /// change); null when unchanged or for the measure's first check-in.
        status_was: Option<Status>,
        /// Confidence, 0–1.
        confidence: Option<f64>,
        /// The note.
        note: Option<String>,
    },
    /// A bet decided.
    BetDecided {
        /// The decision's date (`decided`).
        date: NaiveDate,
        /// The bet's id.
        id: String,
        /// Its title.
        title: String,
        /// `validated`, `invalidated` or `killed`.
        status: BetStatus,
        /// The outcome written.
        outcome: Option<String>,
        /// Its owner.
        owner: Option<String>,
    },
    /// A goalpost moved after its period began, recorded by `[[change]]`.
    Goalpost {
        /// The record's date.
        date: NaiveDate,
        /// `objective` or `key-result`.
        entity: EntityKind,
        /// Its id.
        id: String,
        /// What moved.
        field: Field,
        /// The old value.
        from: Value,
        /// The new value.
        to: Value,
        /// Why (the record's reason; several chained records' joined with `; `).
        reason: Option<String>,
    },
}

impl Event {
    /// Its date.
    #[must_use]
    pub fn date(&self) -> NaiveDate {
        match self {
            Event::Checkin { date, .. }
            | Event::BetDecided { date, .. }
            | Event::Goalpost { date, .. } => *date,
        }
    }
}

/// A key result at risk or off-track.
#[derive(Debug, Clone, Serialize)]
pub struct AtRisk {
    /// Its id.
    pub id: String,
    /// Its objective's id.
    pub objective: String,
    /// Its title.
    pub title: String,
    /// Its owners, else its objective's.
    pub owners: Vec<String>,
    /// `at-risk` or `off-track`.
    pub status: Status,
    /// 0–1 progress.
    pub progress: Option<f64>,
    /// The pace expected by the date, 0–1.
    pub expected_pace: f64,
}

/// An undecided bet whose decide-by is near or past.
#[derive(Debug, Clone, Serialize)]
pub struct BetDue {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its owner.
    pub owner: Option<String>,
    /// `proposed` or `running`.
    pub status: BetStatus,
    /// Its decide-by date.
    pub decide_by: NaiveDate,
    /// decide-by − as-of, in days; negative when overdue.
    pub days_left: i64,
}

/// A key result its owner owes a check-in on.
#[derive(Debug, Clone, Serialize)]
pub struct Owed {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its latest counted check-in; null without one.
    pub last_checkin: Option<NaiveDate>,
    /// The last day it is not stale: a check-in by then keeps it fresh.
    pub due: NaiveDate,
    /// Stale already (the roll-up's `stale`).
    pub stale: bool,
}

/// What one owner owes.
#[derive(Debug, Clone, Serialize)]
pub struct Owes {
    /// The owner; null: no owner.
    pub owner: Option<String>,
    /// Key results stale or becoming stale within [`OWED_WITHIN_DAYS`] days, earliest due
    /// first.
    pub key_results: Vec<Owed>,
    /// Ids of the bets of [`Digest::bets_due`] they own.
    pub bets: Vec<String>,
}

/// The digest of `plan`, rolled up as `report`, over `since..=report.as_of`, kept to
/// `scope`. `goalposts` are the goalpost audit's moves; only recorded ones dated in the
/// span are listed.
#[must_use]
pub fn digest(
    plan: &Plan,
    report: &Report,
    since: NaiveDate,
    scope: &Scope,
    owner: Option<String>,
    team: Option<String>,
    goalposts: Vec<Goalpost>,
) -> Digest {
    let as_of = report.as_of;
    // Each goal's owners are looked up by id: one index, not a scan per lookup.
    let index = plan.entity_index();
    let mut moved = checkins(plan, &index, since, as_of, scope);
    for b in &plan.bets {
        let Some(date) = b.decided.filter(|d| (since..=as_of).contains(d)) else {
            continue;
        };
        if b.status.is_decided() && scope.keeps(plan, b.owner.as_slice(), &b.teams) {
            moved.push(Event::BetDecided {
                date,
                id: b.id.clone(),
                title: b.title.clone(),
                status: b.status,
                outcome: b.outcome.clone(),
                owner: b.owner.clone(),
            });
        }
    }
    for g in goalposts {
        let Some(date) = g.recorded.filter(|d| (since..=as_of).contains(d)) else {
            continue;
        };
        let (owners, teams) = goal_owners(plan, &index, &g.id);
        if scope.keeps(plan, owners, teams) {
            moved.push(Event::Goalpost {
                date,
                entity: g.kind,
                id: g.id,
                field: g.field,
                from: g.from,
                to: g.to,
                reason: g.reason,
            });
        }
    }
    // Stable: the order pushed breaks ties.
    moved.sort_by_key(|e| std::cmp::Reverse(e.date()));
    let bets_due = bets_due(plan, report, scope);
    let owes = owes(plan, &index, report, scope, &bets_due);
    Digest {
        plan: report.plan.clone(),
        since,
        as_of,
        period: report.quarter.clone(),
        owner,
        team,
        moved,
        at_risk: at_risk(plan, &index, report, scope),
        bets_due,
        owes,
    }
}

/// Every entity of the plan by id ([`Plan::entity_index`]).
type Index<'p> = HashMap<&'p str, EntityRef>;

/// The check-ins dated in the span, in file order by date, each with its status change.
fn checkins(
    plan: &Plan,
    index: &Index<'_>,
    since: NaiveDate,
    as_of: NaiveDate,
    scope: &Scope,
) -> Vec<Event> {
    let mut last: HashMap<String, Option<Status>> = HashMap::new();
    let mut out = Vec::new();
    for row in timeline(plan, &LogFilter::default()) {
        let was = last.insert(row.metric.clone(), row.status);
        if row.date < since || row.date > as_of {
            continue;
        }
        let (owners, teams) = goal_owners(plan, index, &row.metric);
        if !scope.keeps(plan, owners, teams) {
            continue;
        }
        let status_was = was.flatten().filter(|w| Some(*w) != row.status);
        out.push(Event::Checkin {
            date: row.date,
            id: row.metric,
            by: row.by,
            value: row.value,
            unit: row.unit,
            progress: row.progress,
            progress_change: row.progress_change,
            status: row.status,
            status_was,
            confidence: row.confidence,
            note: row.note,
        });
    }
    out
}

fn at_risk(plan: &Plan, index: &Index<'_>, report: &Report, scope: &Scope) -> Vec<AtRisk> {
    let mut out: Vec<AtRisk> = Vec::new();
    for o in &report.objectives {
        for k in &o.key_results {
            if !matches!(k.status, Status::AtRisk | Status::OffTrack) {
                continue;
            }
            let (owners, teams) = goal_owners(plan, index, &k.id);
            if scope.keeps(plan, owners, teams) {
                out.push(AtRisk {
                    id: k.id.clone(),
                    objective: o.id.clone(),
                    title: k.title.clone(),
                    owners: owners.to_vec(),
                    status: k.status,
                    progress: k.progress,
                    expected_pace: k.expected_pace,
                });
            }
        }
    }
    out.sort_by_key(|a| a.status != Status::OffTrack);
    out
}

fn bets_due(plan: &Plan, report: &Report, scope: &Scope) -> Vec<BetDue> {
    let mut out: Vec<BetDue> = report
        .bets
        .iter()
        .zip(&plan.bets)
        .filter_map(|(row, b)| {
            let decide_by = b.decide_by?;
            let days_left = row.days_to_decision?;
            let keep = !b.status.is_decided()
                && days_left <= BET_DUE_WITHIN_DAYS
                && scope.keeps(plan, b.owner.as_slice(), &b.teams);
            keep.then(|| BetDue {
                id: b.id.clone(),
                title: b.title.clone(),
                owner: b.owner.clone(),
                status: b.status,
                decide_by,
                days_left,
            })
        })
        .collect();
    out.sort_by_key(|b| b.decide_by);
    out
}

fn owes(
    plan: &Plan,
    index: &Index<'_>,
    report: &Report,
    scope: &Scope,
    bets: &[BetDue],
) -> Vec<Owes> {
    let as_of = report.as_of;
    let horizon = as_of.checked_add_days(Days::new(OWED_WITHIN_DAYS));
    let mut by_owner: BTreeMap<Option<String>, Owes> = BTreeMap::new();
    for o in &report.objectives {
        for k in &o.key_results {
            let Some(&EntityRef::KeyResult(r)) = index.get(k.id.as_str()) else {
                continue;
            };
            let kr = plan.key_result(r);
            let last = k.last_checkin.unwrap_or(kr.window.first_day);
            let Some(due) = u64::try_from(plan.stale_after_days)
                .ok()
                .and_then(|d| last.checked_add_days(Days::new(d)))
            else {
                continue;
            };
            // Becomes stale by the horizon, on a day still inside its window.
            let soon = !k.stale
                && kr.window.contains(as_of)
                && kr.measure != Measure::FromChildren
                && k.progress.is_some_and(|p| !is_done(p))
                && horizon.is_some_and(|h| is_stale(last, h, plan.stale_after_days))
                && due < kr.window.last_day;
            if !(k.stale || soon) {
                continue;
            }
            let (owners, teams) = goal_owners(plan, index, &k.id);
            if !scope.keeps(plan, owners, teams) {
                continue;
            }
            let owed = Owed {
                id: k.id.clone(),
                title: k.title.clone(),
                last_checkin: k.last_checkin,
                due,
                stale: k.stale,
            };
            let names: Vec<Option<String>> = if owners.is_empty() {
                vec![None]
            } else {
                owners.iter().cloned().map(Some).collect()
            };
            for name in names {
                if scope.owner.is_some() && name != scope.owner {
                    continue;
                }
                owes_of(&mut by_owner, name).key_results.push(owed.clone());
            }
        }
    }
    for b in bets {
        owes_of(&mut by_owner, b.owner.clone())
            .bets
            .push(b.id.clone());
    }
    let mut out: Vec<Owes> = by_owner.into_values().collect();
    for o in &mut out {
        o.key_results.sort_by_key(|k| k.due);
    }
    out
}

fn owes_of(by_owner: &mut BTreeMap<Option<String>, Owes>, owner: Option<String>) -> &mut Owes {
    by_owner.entry(owner.clone()).or_insert_with(|| Owes {
        owner,
        key_results: Vec::new(),
        bets: Vec::new(),
    })
}
