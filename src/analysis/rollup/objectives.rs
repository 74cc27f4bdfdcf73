//! Objectives, their key results and the pillars: each key result's progress and status,
//! each objective's weighted mean over its started key results and the child objectives
//! it rolls up, children before parents, and the roots that count toward the pillars and
//! the period.

use std::collections::{BTreeMap, HashMap};

use crate::analysis::report::{KeyResultRow, ObjectiveRow, PillarRow, Status};
use crate::plan::model::{Children, KrRef, Measure, Parent, Plan};
use crate::time::period::Window;

use super::counted::Counted;
use super::metrics::measure_fields;
use super::progress::{
    current_progress, expected_pace, is_done, is_stale, key_result_status, rated, weighted_mean,
};

/// A key result's progress as its objective and the initiatives driving it count it.
#[derive(Debug, Clone, Copy)]
pub(super) struct KrProgress {
    /// Null for a draft, or a key result whose window has not begun.
    pub(super) progress: Option<f64>,
    pub(super) has_data: bool,
}

impl KrProgress {
    /// The progress of key result `r` rolled up on its own, for a key result whose objective
    /// is not shown (initiatives and bets may still name it): from its own counted
    /// check-ins, and null before its window begins.
    pub(super) fn on_its_own(counted: &Counted<'_>, r: KrRef) -> Self {
        let plan = counted.plan;
        let kr = plan.key_result(r);
        let series = counted.key_result(r);
        let latest = series.latest();
        Self {
            progress: current_progress(kr.measure, latest.map(|c| c.value), plan.overshoot)
                .filter(|_| counted.as_of >= kr.window.first_day),
            has_data: latest.is_some(),
        }
    }
}

/// The progress of every key result of an objective shown.
pub(super) type KrProgresses = HashMap<KrRef, KrProgress>;

/// The objectives shown, rolled up.
pub(super) struct Objectives {
    /// One row per objective shown, in plan order.
    pub(super) rows: Vec<ObjectiveRow>,
    /// Indexes into `rows` of the roots: the objectives that count toward the pillars and
    /// the period.
    pub(super) roots: Vec<usize>,
    /// The progress of each key result of the objectives shown.
    pub(super) key_results: KrProgresses,
}

/// Rolls up every objective whose period overlaps `period`, children before parents so a
/// parent can count the children it rolls up.
pub(super) fn objectives(counted: &Counted<'_>, period: Window) -> Objectives {
    let plan = counted.plan;
    // Alignment among the objectives shown: who is under whom. A child outside the period
    // does not count.
    let shown: Vec<bool> = plan
        .objectives
        .iter()
        .map(|o| o.period.window.overlaps(period))
        .collect();
    let alignment = plan.children(&shown);
    let mut key_results = KrProgresses::new();
    let mut rows: Vec<Option<ObjectiveRow>> = vec![None; plan.objectives.len()];
    for oi in children_first(plan, &shown, &alignment) {
        let row = objective_row(counted, &alignment, oi, &rows, &mut key_results);
        rows[oi] = Some(row);
    }
    // Roots count toward pillars and the period: objectives with no parent shown, so
    // nothing counts twice. An objective under a shown key result is no root even when the
    // key result has a goal of its own and so does not roll it up: it is drawn under that
    // key result, and counting it beside its ancestors would make the headline disagree
    // with the tree (`check` warns that its progress counts nowhere:
    // [`Code::UncountedObjective`](crate::diagnostic::Code::UncountedObjective)). Without
    // children in the roll-up, all count.
    let is_root = |o: &crate::plan::model::Objective| {
        !plan.children_in_rollup
            || !o.parents.iter().any(|p| match *p {
                Parent::Objective(j) => shown[j],
                Parent::KeyResult(r) => shown[r.objective],
            })
    };
    let mut shown_rows: Vec<ObjectiveRow> = Vec::new();
    let mut roots: Vec<usize> = Vec::new();
    for (oi, row) in rows.into_iter().enumerate() {
        if let Some(row) = row {
            if is_root(&plan.objectives[oi]) {
                roots.push(shown_rows.len());
            }
            shown_rows.push(row);
        }
    }
    Objectives {
        rows: shown_rows,
        roots,
        key_results,
    }
}

/// (progress, contribution, has data) of each objective among `children` that has a row.
fn children_of(
    plan: &Plan,
    children: &[usize],
    rows: &[Option<ObjectiveRow>],
) -> Vec<(Option<f64>, f64, bool)> {
    children
        .iter()
        .filter_map(|&c| {
            rows[c].as_ref().map(|row| {
                (
                    row.progress,
                    plan.objectives[c].contribution,
                    row.status != Status::NoData,
                )
            })
        })
        .collect()
}

/// The row of objective `oi`, whose children already have theirs in `rows`; records the
/// progress of its key results in `kr_progress`.
///
/// Progress = weighted mean of its started key results (by `weight`; drafts and key
/// results not started have none and are left out) and, with `children_in_rollup` (the
/// default), of its direct child objectives shown (by their `contribution`), children
/// counting as items beside key results; null without any. Rated against the pace through
/// its period; `no-data` while nothing under it has a check-in.
fn objective_row(
    counted: &Counted<'_>,
    alignment: &Children,
    oi: usize,
    rows: &[Option<ObjectiveRow>],
    kr_progress: &mut KrProgresses,
) -> ObjectiveRow {
    let plan = counted.plan;
    let as_of = counted.as_of;
    let o = &plan.objectives[oi];
    let key_results: Vec<KeyResultRow> = (0..o.key_results.len())
        .map(|ki| {
            let r = KrRef {
                objective: oi,
                key_result: ki,
            };
            key_result_row(counted, alignment, r, rows, kr_progress)
        })
        .collect();
    // Drafts and key results not started have no progress: the mean leaves them out.
    // Child objectives count beside the key results, by their contribution.
    let children = if plan.children_in_rollup {
        children_of(plan, &alignment.of_objective[oi], rows)
    } else {
        Vec::new()
    };
    let progress = weighted_mean(
        key_results
            .iter()
            .map(|k| (k.progress, k.weight))
            .chain(children.iter().map(|&(p, w, _)| (p, w))),
    );
    let has_data = key_results.iter().any(|k| {
        !matches!(
            k.status,
            Status::NoData | Status::Draft | Status::NotStarted
        )
    }) || children.iter().any(|c| c.2);
    let objective_pace = expected_pace(o.period.window, as_of);
    let direct: Vec<usize> = alignment.of_objective[oi]
        .iter()
        .chain((0..o.key_results.len()).flat_map(|ki| {
            alignment
                .of_key_result
                .get(&KrRef {
                    objective: oi,
                    key_result: ki,
                })
                .map_or(&[][..], Vec::as_slice)
        }))
        .copied()
        .collect();
    let mut children_by_status = BTreeMap::new();
    for &c in &direct {
        if let Some(row) = &rows[c] {
            *children_by_status.entry(row.status).or_insert(0) += 1;
        }
    }
    ObjectiveRow {
        id: o.id.clone(),
        title: o.title.clone(),
        pillar: plan.pillars[o.pillar].id.clone(),
        team: o.teams.first().map(|&t| plan.teams[t].id.clone()),
        teams: team_ids(plan, &o.teams),
        parents: o
            .parents
            .iter()
            .map(|p| match *p {
                Parent::Objective(j) => plan.objectives[j].id.clone(),
                Parent::KeyResult(r) => plan.key_result(r).id.clone(),
            })
            .collect(),
        quarter: o.period.label.clone(),
        window: o.period.window,
        expected_pace: objective_pace,
        owner: o.owners.first().cloned(),
        owners: o.owners.clone(),
        kind: o.kind,
        weight: o.weight,
        contribution: o.contribution,
        progress,
        status: rated(progress, has_data, objective_pace),
        children_by_status,
        key_results,
    }
}

/// The row of key result `r`, whose child objectives already have theirs in `rows`;
/// records its progress in `kr_progress`.
///
/// Progress per [`current_progress`] of its latest counted check-in (of the series it is
/// `measured_by`, if any); with `progress_from = "children"`, the weighted mean (by
/// `contribution`) of the objectives shown that name it as parent, null and `no-data`
/// without any. Null before its window begins (`not-started`). Stale: the as-of date inside
/// its window, not done, takes check-ins of its own, and its latest counted check-in
/// (without one, its window's first day) more than `stale_after_days` before the as-of
/// date.
fn key_result_row(
    counted: &Counted<'_>,
    alignment: &Children,
    r: KrRef,
    rows: &[Option<ObjectiveRow>],
    kr_progress: &mut KrProgresses,
) -> KeyResultRow {
    let plan = counted.plan;
    let as_of = counted.as_of;
    let o = &plan.objectives[r.objective];
    let kr = plan.key_result(r);
    // A key result `measured_by` a series reads that series' check-ins.
    let s = counted.key_result(r);
    let latest = s.latest();
    let kr_pace = expected_pace(kr.window, as_of);
    let started = as_of >= kr.window.first_day;
    let children = alignment
        .of_key_result
        .get(&r)
        .map(|c| children_of(plan, c, rows));
    let (measured, has_data) = match (&children, kr.measure) {
        (Some(children), Measure::FromChildren) => (
            weighted_mean(children.iter().map(|&(p, w, _)| (p, w))),
            children.iter().any(|c| c.2),
        ),
        (None, Measure::FromChildren) => (None, false),
        _ => (
            current_progress(kr.measure, latest.map(|c| c.value), plan.overshoot),
            latest.is_some(),
        ),
    };
    // Not started: no progress yet, whatever was checked in early.
    let p = measured.filter(|_| started);
    kr_progress.insert(
        r,
        KrProgress {
            progress: p,
            has_data,
        },
    );
    let status = match (measured, has_data) {
        (None, _) if kr.measure == Measure::FromChildren => Status::NoData,
        (None, _) => Status::Draft,
        _ if !started => Status::NotStarted,
        (Some(p), true) => key_result_status(kr.measure, p, kr_pace),
        (Some(_), false) => Status::NoData,
    };
    let last = latest.map_or(kr.window.first_day, |c| c.date);
    let confidence = s
        .counted
        .iter()
        .rev()
        .find_map(|c| c.confidence.map(|v| (v, c.date)));
    let (kind, baseline, target, keep_below, keep_above) = measure_fields(kr.measure);
    KeyResultRow {
        id: kr.id.clone(),
        objective: o.id.clone(),
        title: kr.title.clone(),
        unit: kr.unit.clone(),
        measure: kind,
        baseline,
        target,
        keep_below,
        keep_above,
        weight: kr.weight,
        owners: kr.owners.clone(),
        measured_by: kr.measured_by.map(|m| plan.measured_id(m).to_string()),
        window: kr.window,
        expected_pace: kr_pace,
        current: latest.map(|c| c.value),
        last_checkin: latest.map(|c| c.date),
        // The latest confidence known: carried forward from the last check-in
        // that gave one, with that check-in's date.
        confidence: confidence.map(|c| c.0),
        confidence_date: confidence.map(|c| c.1),
        checkins: s.counted.len(),
        progress: p,
        status,
        // Done is done: a key result at progress 1 needs no more check-ins;
        // only a key result inside its window can fall behind on them; a
        // draft is never stale (`draft-key-result` says what it lacks), nor
        // one that takes no check-ins of its own.
        stale: kr.window.contains(as_of)
            && kr.measure != Measure::FromChildren
            && p.is_some_and(|p| !is_done(p))
            && is_stale(last, as_of, plan.stale_after_days),
    }
}

/// The row of every pillar, in plan order: the weighted mean (by `weight`) of the `roots`
/// in it, rated against `pace`, the selected period's.
pub(super) fn pillar_rows(plan: &Plan, roots: &[&ObjectiveRow], pace: f64) -> Vec<PillarRow> {
    plan.pillars
        .iter()
        .map(|p| {
            let mine: Vec<&ObjectiveRow> =
                roots.iter().copied().filter(|o| o.pillar == p.id).collect();
            let progress = weighted_mean(mine.iter().map(|o| (o.progress, o.weight)));
            let has_data = mine.iter().any(|o| o.status != Status::NoData);
            PillarRow {
                id: p.id.clone(),
                name: p.name.clone(),
                owner: p.owner.clone(),
                inputs: p
                    .inputs
                    .iter()
                    .map(|&i| plan.metrics[i].id.clone())
                    .collect(),
                objectives: mine.iter().map(|o| o.id.clone()).collect(),
                progress,
                status: rated(progress, has_data, pace),
            }
        })
        .collect()
}

/// The objectives shown, each after every objective under it (directly, or through one of
/// its key results): the order a roll-up from children to parents needs. Iterative
/// depth-first post-order; validation rules out cycles, and a visited mark guards anyway.
fn children_first(plan: &Plan, shown: &[bool], alignment: &Children) -> Vec<usize> {
    let below = |o: usize| -> Vec<usize> {
        let mut all = alignment.of_objective[o].clone();
        for ki in 0..plan.objectives[o].key_results.len() {
            if let Some(c) = alignment.of_key_result.get(&KrRef {
                objective: o,
                key_result: ki,
            }) {
                all.extend(c);
            }
        }
        all
    };
    let mut visited = vec![false; plan.objectives.len()];
    let mut order = Vec::new();
    for start in (0..plan.objectives.len()).filter(|&o| shown[o]) {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, below(start))];
        while let Some((node, next)) = stack.last_mut() {
            let node = *node;
            match next.pop() {
                Some(child) if !visited[child] => {
                    visited[child] = true;
                    stack.push((child, below(child)));
                }
                Some(_) => {}
                None => {
                    order.push(node);
                    stack.pop();
                }
            }
        }
    }
    order
}

/// The ids of `teams` (indexes into [`Plan::teams`]), in order.
pub(super) fn team_ids(plan: &Plan, teams: &[usize]) -> Vec<String> {
    teams.iter().map(|&t| plan.teams[t].id.clone()).collect()
}
