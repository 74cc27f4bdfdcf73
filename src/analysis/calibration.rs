//! Calibration of closed periods: how people's check-in confidence compared with what
//! happened, goalposts moved after their period began, bets decided late, and owners who
//! met every key result at 1.0 in every period. Typed results only, no formatting; these
//! are prompts for a conversation, not performance scores.
//!
//! **Outcome.** A key result's outcome is 1 when it was done on its window's last day by
//! the roll-up every report uses ([`roll_up`] as of that day, [`is_done`] of its
//! progress), else 0.
//!
//! **Brier score** (Brier 1950, "Verification of forecasts expressed in terms of
//! probability", *Monthly Weather Review* 78(1), 1–3): the mean squared difference between
//! a forecast probability and the outcome, 0 (perfect) to 1 (always certain and always
//! wrong); always answering 0.5 scores 0.25. Here each check-in with a `confidence` dated
//! inside its key result's window is a forecast of that key result's outcome, weighted
//! 1/n when its key result has n of them, so every key result counts once:
//! `brier = Σ_kr (1/n_kr) Σ_i (c_i − o_kr)² / K` over the K key results with a confidence.
//! Key results without any confidence are left out of the score and counted.
//!
//! **Reliability** (the reliability diagram of forecast verification): the check-ins'
//! confidences in five bands, [0, 0.2), [0.2, 0.4), [0.4, 0.6), [0.6, 0.8), [0.8, 1.0];
//! per band the weighted mean confidence against the weighted hit rate (the same 1/n
//! weights). A calibrated forecaster's hit rate is close to the band's mean confidence.
//!
//! **Met at 1.0 every period** (possible sandbagging; advisory): Google's OKR grading
//! guidance (re:Work, "Set goals with OKRs") grades 0.0–1.0 and calls 0.7 success for an
//! aspirational OKR; an owner whose key results were all done (1.0) in every one of at
//! least two periods may be setting goals too low.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use super::goalpost::Goalpost;
use super::report::EntityKind;
use super::rollup::{is_done, roll_up};
use super::scope::{Scope, goal_owners, kr_owners};
use crate::plan::model::{KrRef, Measured, Plan};
use crate::time::period::{Label, Period};

/// The confidence bands of the reliability table: `[from, to)`, the last `[0.8, 1.0]`.
pub const BANDS: [(f64, f64); 5] = [(0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.0)];

/// The fewest periods an owner needs before "met at 1.0 every period" is flagged.
pub const MET_EVERY_PERIOD_MIN: usize = 2;

/// The calibration of some closed periods (the JSON of `calibration --format json`).
#[derive(Debug, Clone, Serialize)]
pub struct Calibration {
    /// The plan's name.
    pub plan: String,
    /// The as-of date; every period here ended before it.
    pub as_of: NaiveDate,
    /// The periods calibrated, oldest first.
    pub periods: Vec<Label>,
    /// Every owner together.
    pub overall: Scores,
    /// One row per owner (a key result's owners, else its objective's; `null`: no owner),
    /// by name.
    pub owners: Vec<OwnerCalibration>,
    /// Each key result of the periods, with its outcome and its own score.
    pub key_results: Vec<KeyResultOutcome>,
    /// The goalposts moved after their period began (the goalpost audit's moves).
    pub goalposts: Vec<Goalpost>,
    /// The bets decided after their decide-by date, within the periods.
    pub late_bets: Vec<LateBet>,
}

/// The scores of one owner, or of everyone.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    /// Key results with at least one confidence (scored).
    pub key_results: usize,
    /// Key results without any confidence in their window (left out of the score).
    pub without_confidence: usize,
    /// Check-ins with a confidence that were scored.
    pub checkins: usize,
    /// The Brier score, 0–1 (lower is better calibrated); `None` without a scored key
    /// result.
    pub brier: Option<f64>,
    /// The fraction of scored key results done on their window's last day, 0–1.
    pub hit_rate: Option<f64>,
    /// The reliability table, one row per band of [`BANDS`].
    pub reliability: Vec<Band>,
    /// Goalposts moved after their period began with a recorded reason (`[[change]]`).
    pub goalposts_recorded: usize,
    /// Goalposts moved after their period began without one.
    pub goalposts_unrecorded: usize,
    /// Bets decided within the periods.
    pub bets_decided: usize,
    /// Of those, decided after their decide-by date.
    pub late_bets: usize,
    /// Their days late, summed.
    pub days_late: i64,
}

/// One band of the reliability table.
#[derive(Debug, Clone, Serialize)]
pub struct Band {
    /// Its lowest confidence, included.
    pub from: f64,
    /// Its highest confidence: excluded, but for the last band's 1.0.
    pub to: f64,
    /// Check-ins in the band.
    pub checkins: usize,
    /// Their weight, in key results (the sum of 1/n).
    pub weight: f64,
    /// Their weighted mean confidence, 0–1; `None`: an empty band.
    pub mean_confidence: Option<f64>,
    /// Their weighted hit rate, 0–1; `None`: an empty band.
    pub hit_rate: Option<f64>,
}

/// One owner's calibration.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerCalibration {
    /// The owner; `None`: key results neither they nor their objective name an owner of.
    pub owner: Option<String>,
    /// Their scores.
    #[serde(flatten)]
    pub scores: Scores,
    /// Per period they had key results in: how many, and how many were done.
    pub periods: Vec<OwnerPeriod>,
    /// Every key result done (1.0) in every period they had, over at least
    /// [`MET_EVERY_PERIOD_MIN`] periods: possible sandbagging, a prompt to ask, not a
    /// verdict.
    pub met_every_period: bool,
}

/// An owner's key results in one period.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerPeriod {
    /// The period.
    pub period: Label,
    /// Their key results in it.
    pub key_results: usize,
    /// Of those, done on their window's last day.
    pub met: usize,
}

/// A key result of a calibrated period.
#[derive(Debug, Clone, Serialize)]
pub struct KeyResultOutcome {
    /// Its id.
    pub id: String,
    /// Its objective's id.
    pub objective: String,
    /// Its objective's period.
    pub period: Label,
    /// Its owners, else its objective's; empty: no owner.
    pub owners: Vec<String>,
    /// Its window's last day, when the outcome is read.
    pub last_day: NaiveDate,
    /// Its progress that day, 0–1 (more with overshoot); `None`: no data.
    pub progress: Option<f64>,
    /// Whether it was done that day (the outcome, 1 or 0).
    pub done: bool,
    /// The confidences of its check-ins inside its window, oldest first, 0–1.
    pub confidences: Vec<f64>,
    /// The mean of (confidence − outcome)² over them; `None`: no confidence.
    pub brier: Option<f64>,
}

/// A bet decided after its decide-by date.
#[derive(Debug, Clone, Serialize)]
pub struct LateBet {
    /// Its id.
    pub id: String,
    /// Its owner.
    pub owner: Option<String>,
    /// Its decide-by date.
    pub decide_by: NaiveDate,
    /// The day it was decided.
    pub decided: NaiveDate,
    /// Days from decide-by to the decision, > 0.
    pub days_late: i64,
}

/// The periods of the plan's objectives that closed before `as_of` (their last day is
/// earlier) and have at least one key-result check-in, oldest first: the default of
/// `calibration`.
#[must_use]
pub fn closed_periods_with_checkins(plan: &Plan, as_of: NaiveDate) -> Vec<Period> {
    let with_checkins: BTreeSet<usize> = plan
        .checkins
        .iter()
        .filter_map(|c| match c.target {
            Measured::KeyResult(r) => Some(r.objective),
            Measured::NorthStar | Measured::Metric(_) => None,
        })
        .collect();
    let mut periods: Vec<Period> = with_checkins
        .into_iter()
        .map(|o| plan.objectives[o].period.clone())
        .filter(|p| p.window.last_day < as_of)
        .collect();
    periods.sort_by(|a, b| (a.window, &a.label).cmp(&(b.window, &b.label)));
    periods.dedup();
    periods
}

/// Calibrates `periods` (closed before `as_of`) of `plan` for `scope`, with `goalposts`
/// (the goalpost audit's moves, of any period; those of `periods` are kept).
#[must_use]
pub fn calibration(
    plan: &Plan,
    as_of: NaiveDate,
    periods: &[Period],
    scope: &Scope,
    goalposts: Vec<Goalpost>,
) -> Calibration {
    let key_results = outcomes(plan, periods, scope);
    // Each goalpost's owners, looked up once by id (one index, not a scan per lookup).
    let index = plan.entity_index();
    let (goalposts, goalpost_owners): (Vec<Goalpost>, Vec<&[String]>) = goalposts
        .into_iter()
        .filter(|g| periods.iter().any(|p| p.label == g.quarter))
        .filter_map(|g| {
            // Calibration's owners are key results' and objectives': a metric's goalpost
            // (a source moved) is counted as no one's, under no team.
            let (owners, teams) = match g.kind {
                EntityKind::Objective | EntityKind::KeyResult => goal_owners(plan, &index, &g.id),
                _ => (&[][..], &[][..]),
            };
            scope.keeps(plan, owners, teams).then_some((g, owners))
        })
        .unzip();
    let decided = bets(plan, periods, scope);
    let mut owners: BTreeMap<Option<String>, Vec<usize>> = BTreeMap::new();
    for (i, k) in key_results.iter().enumerate() {
        if k.owners.is_empty() {
            owners.entry(None).or_default().push(i);
        }
        for o in &k.owners {
            owners.entry(Some(o.clone())).or_default().push(i);
        }
    }
    for o in goalpost_owners.iter().copied().flatten() {
        owners.entry(Some(o.clone())).or_default();
    }
    for (b, _) in &decided {
        owners.entry(b.clone()).or_default();
    }
    let owner_rows = owners
        .into_iter()
        .filter(|(name, _)| scope.keeps_row(name.as_ref()))
        .map(|(name, krs)| {
            let mine: Vec<&KeyResultOutcome> = krs.iter().map(|&i| &key_results[i]).collect();
            let gps: Vec<&Goalpost> = goalposts
                .iter()
                .zip(&goalpost_owners)
                .filter(|(_, owners)| match &name {
                    Some(n) => owners.contains(n),
                    None => owners.is_empty(),
                })
                .map(|(g, _)| g)
                .collect();
            let bets: Vec<&(Option<String>, Option<LateBet>)> =
                decided.iter().filter(|(o, _)| *o == name).collect();
            let periods = owner_periods(&mine);
            let met_every_period = periods.len() >= MET_EVERY_PERIOD_MIN
                && periods
                    .iter()
                    .all(|p| p.key_results > 0 && p.met == p.key_results);
            OwnerCalibration {
                owner: name,
                scores: scores(&mine, &gps, &bets),
                periods,
                met_every_period,
            }
        })
        .collect();
    let all: Vec<&KeyResultOutcome> = key_results.iter().collect();
    let all_goalposts: Vec<&Goalpost> = goalposts.iter().collect();
    let all_bets: Vec<&(Option<String>, Option<LateBet>)> = decided.iter().collect();
    Calibration {
        plan: plan.name.clone(),
        as_of,
        periods: periods.iter().map(|p| p.label.clone()).collect(),
        overall: scores(&all, &all_goalposts, &all_bets),
        owners: owner_rows,
        key_results,
        goalposts,
        late_bets: late_bets(decided),
    }
}

/// The key results of `periods` in `scope` with their outcomes and confidences, in plan
/// order. Each outcome is read from the roll-up as of the key result's window's last day
/// (one roll-up per distinct day and period).
fn outcomes(plan: &Plan, periods: &[Period], scope: &Scope) -> Vec<KeyResultOutcome> {
    let mut confidences: HashMap<KrRef, Vec<(NaiveDate, f64)>> = HashMap::new();
    for c in &plan.checkins {
        if let (Measured::KeyResult(r), Some(conf)) = (c.target, c.confidence) {
            let window = plan.objectives[r.objective].key_results[r.key_result].window;
            if window.contains(c.date) {
                confidences.entry(r).or_default().push((c.date, conf));
            }
        }
    }
    let mut progress: HashMap<(NaiveDate, Label), HashMap<String, Option<f64>>> = HashMap::new();
    let mut rows = Vec::new();
    for (oi, o) in plan.objectives.iter().enumerate() {
        if !periods.contains(&o.period) || !scope.in_team(plan, &o.teams) {
            continue;
        }
        for (ki, k) in o.key_results.iter().enumerate() {
            let r = KrRef {
                objective: oi,
                key_result: ki,
            };
            let owners = kr_owners(plan, r);
            if !scope.owns(owners) {
                continue;
            }
            let last_day = k.window.last_day;
            let by_id = progress
                .entry((last_day, o.period.label.clone()))
                .or_insert_with(|| {
                    roll_up(plan, last_day, &o.period)
                        .objectives
                        .into_iter()
                        .flat_map(|o| o.key_results)
                        .map(|k| (k.id, k.progress))
                        .collect()
                });
            let progress = by_id.get(&k.id).copied().flatten();
            let done = progress.is_some_and(is_done);
            let mut mine = confidences.get(&r).cloned().unwrap_or_default();
            mine.sort_by_key(|(d, _)| *d);
            let confidences: Vec<f64> = mine.into_iter().map(|(_, c)| c).collect();
            rows.push(KeyResultOutcome {
                id: k.id.clone(),
                objective: o.id.clone(),
                period: o.period.label.clone(),
                owners: owners.to_vec(),
                last_day,
                progress,
                done,
                brier: brier(&confidences, done),
                confidences,
            });
        }
    }
    rows
}

/// The Brier score of one key result's confidences against its outcome: the mean of
/// (c − o)², o being 1 when `done`, else 0; `None` without a confidence.
///
/// ```
/// # use northstar::analysis::calibration::brier;
/// assert_eq!(brier(&[0.5, 1.0], true), Some(0.125));
/// assert_eq!(brier(&[], false), None);
/// ```
#[must_use]
pub fn brier(confidences: &[f64], done: bool) -> Option<f64> {
    let outcome = if done { 1.0 } else { 0.0 };
    if confidences.is_empty() {
        return None;
    }
    let sum: f64 = confidences.iter().map(|c| (c - outcome).powi(2)).sum();
    Some(sum / confidences.len() as f64)
}

/// The band of [`BANDS`] a confidence falls in.
fn band_of(confidence: f64) -> usize {
    BANDS
        .iter()
        .position(|&(_, to)| confidence < to)
        .unwrap_or(BANDS.len() - 1)
}

/// The scores over some key results, goalposts and decided bets (each bet with its
/// lateness, if late).
fn scores(
    krs: &[&KeyResultOutcome],
    goalposts: &[&Goalpost],
    bets: &[&(Option<String>, Option<LateBet>)],
) -> Scores {
    let scored: Vec<&&KeyResultOutcome> = krs.iter().filter(|k| k.brier.is_some()).collect();
    let n = scored.len();
    let mean = |sum: f64| (n > 0).then(|| sum / n as f64);
    // (check-ins, weight, Σ w·c, Σ w·o) per band.
    let mut bands = [(0usize, 0.0f64, 0.0f64, 0.0f64); BANDS.len()];
    for k in &scored {
        let w = 1.0 / k.confidences.len() as f64;
        let o = if k.done { 1.0 } else { 0.0 };
        for &c in &k.confidences {
            let b = &mut bands[band_of(c)];
            b.0 += 1;
            b.1 += w;
            b.2 += w * c;
            b.3 += w * o;
        }
    }
    let late: Vec<&LateBet> = bets.iter().filter_map(|(_, l)| l.as_ref()).collect();
    Scores {
        key_results: n,
        without_confidence: krs.len() - n,
        checkins: scored.iter().map(|k| k.confidences.len()).sum(),
        brier: mean(scored.iter().filter_map(|k| k.brier).sum()),
        hit_rate: mean(scored.iter().filter(|k| k.done).count() as f64),
        reliability: BANDS
            .iter()
            .zip(bands)
            .map(|(&(from, to), (checkins, weight, wc, wo))| Band {
                from,
                to,
                checkins,
                weight,
                mean_confidence: (checkins > 0).then(|| wc / weight),
                hit_rate: (checkins > 0).then(|| wo / weight),
            })
            .collect(),
        goalposts_recorded: goalposts.iter().filter(|g| g.reason.is_some()).count(),
        goalposts_unrecorded: goalposts.iter().filter(|g| g.reason.is_none()).count(),
        bets_decided: bets.len(),
        late_bets: late.len(),
        days_late: late.iter().map(|l| l.days_late).sum(),
    }
}

/// An owner's periods, oldest first: key results and how many were met.
fn owner_periods(krs: &[&KeyResultOutcome]) -> Vec<OwnerPeriod> {
    let mut periods: Vec<OwnerPeriod> = Vec::new();
    for k in krs {
        let i = periods
            .iter()
            .position(|p| p.period == k.period)
            .unwrap_or_else(|| {
                periods.push(OwnerPeriod {
                    period: k.period.clone(),
                    key_results: 0,
                    met: 0,
                });
                periods.len() - 1
            });
        periods[i].key_results += 1;
        periods[i].met += usize::from(k.done);
    }
    periods
}

/// The bets in `scope` decided inside one of `periods`, each with its owner and, when it
/// was decided after its decide-by date, its lateness.
fn bets(plan: &Plan, periods: &[Period], scope: &Scope) -> Vec<(Option<String>, Option<LateBet>)> {
    plan.bets
        .iter()
        .filter(|b| scope.in_team(plan, &b.teams))
        .filter(|b| {
            scope
                .owner
                .as_ref()
                .is_none_or(|want| b.owner.as_ref() == Some(want))
        })
        .filter_map(|b| {
            let decided = b.decided?;
            if !periods.iter().any(|p| p.window.contains(decided)) {
                return None;
            }
            let late = b.decide_by.filter(|&by| decided > by).map(|by| LateBet {
                id: b.id.clone(),
                owner: b.owner.clone(),
                decide_by: by,
                decided,
                days_late: (decided - by).num_days(),
            });
            Some((b.owner.clone(), late))
        })
        .collect()
}

/// The late bets among the decided ones.
fn late_bets(decided: Vec<(Option<String>, Option<LateBet>)>) -> Vec<LateBet> {
    decided.into_iter().filter_map(|(_, l)| l).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_confidence_falls_in_the_band_it_opens() {
        let cases = [
            (0.0, 0),
            (0.199, 0),
            (0.2, 1),
            (0.4, 2),
            (0.6, 3),
            (0.79, 3),
            (0.8, 4),
            (1.0, 4),
        ];
        for (confidence, band) in cases {
            assert_eq!(band_of(confidence), band, "{confidence}");
        }
    }

    #[test]
    fn brier_is_the_mean_squared_error_against_the_outcome() {
        let cases: [(&[f64], bool, Option<f64>); 5] = [
            (&[], true, None),
            (&[1.0], true, Some(0.0)),
            (&[1.0], false, Some(1.0)),
            (&[0.5], false, Some(0.25)),
            (&[0.5, 0.9], true, Some(0.13)),
        ];
        for (confidences, done, expected) in cases {
            let got = brier(confidences, done);
            match (got, expected) {
                (Some(g), Some(e)) => assert!((g - e).abs() < 1e-12, "{confidences:?}: {g}"),
                _ => assert_eq!(got, expected, "{confidences:?}"),
            }
        }
    }
}
