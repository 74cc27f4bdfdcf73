//! Goalposts: the one definition of a goal moved after its period began, used by `check`
//! (the audit against git history), `diff` (between two revisions) and `show` (each
//! check-in rated against the goal in force on its date).
//!
//! A **goalpost move** is, for an objective whose period had started: a change of the
//! objective's `period` (its label or the days it means), or of one of its key results'
//! `baseline`, `target`, `keep_below`, `keep_above`, `weight`, measure kind (numeric,
//! milestone, threshold), or `source` definition. A target (or baseline) taken back to
//! `"tbd"` moves it; a draft's target (or baseline) being set does not: that is what a
//! draft waits for. For the North Star and the metrics, which have no period of their
//! own, a change of `source` definition once the period containing the as-of date had
//! started is a move: changing the deploy regex mid-quarter changes every number after
//! it. A source added where there was none, or removed, is not a move (the numbers were
//! typed by hand before, or will be after); a changed one is, as its provenance text
//! ([`crate::plan::model::Source::definition`]) shows.
//!
//! The audit (`audit`) loads the plan as it was at the last commit before each started
//! period's first day. Outside a git repository, without git, or in a shallow clone with
//! no history before the period, it is skipped with a note, never an error. The goal in
//! force on a past date is `in_force`'s.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::analysis::report::{EntityKind, MeasureFields, MeasureKind};
use crate::plan::Plan;
use crate::plan::model::{Change, ChangeValue, KeyResult, Measure, Objective};
use crate::text::number;
use crate::time::period::{Label, Period};

mod at_commit;
mod audit;
mod baseline;
mod cache;
mod in_force;

pub use audit::audit;
pub use baseline::{Baseline, KeyResultGoal, source_text};
pub use in_force::{GoalsInForce, goal_before_changes};

/// The field of a goal that moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// A numeric key result's starting value.
    Baseline,
    /// A numeric key result's target.
    Target,
    /// A threshold's upper limit.
    KeepBelow,
    /// A threshold's lower limit.
    KeepAbove,
    /// A key result's weight in its objective.
    Weight,
    /// The measure's kind (numeric, milestone, threshold).
    Measure,
    /// An objective's period (`quarter` in JSON, the key's old name).
    Quarter,
    /// Where `northstar measure` reads the value: the source's definition.
    Source,
}

impl Field {
    /// The field a `[[change]]` record names (`period` is read as `quarter`), if any.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "baseline" => Field::Baseline,
            "target" => Field::Target,
            "keep_below" => Field::KeepBelow,
            "keep_above" => Field::KeepAbove,
            "weight" => Field::Weight,
            "measure" => Field::Measure,
            "quarter" | "period" => Field::Quarter,
            "source" => Field::Source,
            _ => return None,
        })
    }

    /// The field's name in plan files.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Field::Baseline => "baseline",
            Field::Target => "target",
            Field::KeepBelow => "keep_below",
            Field::KeepAbove => "keep_above",
            Field::Weight => "weight",
            Field::Measure => "measure",
            Field::Quarter => "quarter",
            Field::Source => "source",
        }
    }
}

/// A goal's value before or after a move.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// A baseline, target, limit or weight.
    Number(f64),
    /// A whole measure, when its kind changed: the kind and its numbers as typed fields
    /// (`{"measure": "numeric", "baseline": 20, "target": 100, ...}` in JSON), so a change
    /// from `20 → 100` to `≥ 80` keeps both goals, not only `numeric` and `threshold`.
    Measure(MeasureFields),
    /// An objective's period (`quarter` in JSON, the key's old name).
    Quarter(Label),
    /// A source's definition, as its check-ins' provenance reads without a revision
    /// (`dora:lead-time ../svc tags ^deploy- 28d`).
    Source(String),
    /// No value any more: a target or baseline taken back to `"tbd"` (JSON `"tbd"`).
    #[serde(serialize_with = "tbd")]
    Tbd,
}

fn tbd<S: serde::Serializer>(serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str("tbd")
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Number(v) => f.write_str(&number(*v)),
            Value::Measure(m) => f.write_str(match m.measure {
                MeasureKind::Numeric => "numeric",
                MeasureKind::Milestone => "milestone",
                MeasureKind::Threshold => "threshold",
                MeasureKind::Children => "children",
            }),
            Value::Quarter(q) => write!(f, "{q}"),
            Value::Source(s) => f.write_str(s),
            Value::Tbd => f.write_str("tbd"),
        }
    }
}

/// One goal that moved after its period had begun.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Goalpost {
    /// `objective` or `key-result`.
    pub kind: EntityKind,
    /// Its id.
    pub id: String,
    /// What moved.
    pub field: Field,
    /// The old value.
    pub from: Value,
    /// The new value.
    pub to: Value,
    /// The period that had started (the objective's period before the move).
    pub quarter: Label,
    /// Why, when the move is recorded by `[[change]]` records (`northstar set --reason`);
    /// several chained records' reasons are joined with `; `. `None`: unrecorded.
    pub reason: Option<String>,
    /// The date of the (last) `[[change]]` record, when recorded.
    pub recorded: Option<NaiveDate>,
}

impl Value {
    /// A value a `[[change]]` record gives: a number, `tbd`, or a period label.
    #[must_use]
    pub fn recorded(v: &ChangeValue) -> Self {
        match v {
            ChangeValue::Number(n) => Value::Number(*n),
            ChangeValue::Text(t) if t == "tbd" => Value::Tbd,
            ChangeValue::Text(t) => Value::Quarter(Label::parse_or_cycle(t)),
        }
    }

    /// Whether a recorded `[[change]]` value is this one.
    fn is(&self, recorded: &ChangeValue) -> bool {
        match (self, recorded) {
            (Value::Number(a), ChangeValue::Number(b)) => a == b,
            (Value::Quarter(label), ChangeValue::Text(t)) => label.to_string() == *t,
            (Value::Tbd, ChangeValue::Text(t)) => t == "tbd",
            _ => false,
        }
    }
}

/// Fills in `reason` and `recorded` of each move of `moves` that `changes` records: a run
/// of consecutive records of its id and field (in file order, each starting where the one
/// before ended) from the move's old value to its new one.
pub fn match_changes(moves: &mut [Goalpost], changes: &[Change]) {
    if moves.is_empty() {
        return;
    }
    let mut by_goal: HashMap<(&str, &str), Vec<&Change>> = HashMap::new();
    for c in changes {
        by_goal
            .entry((c.id.as_str(), c.field.as_str()))
            .or_default()
            .push(c);
    }
    for g in moves.iter_mut() {
        let Some(mine) = by_goal.get(&(g.id.as_str(), g.field.name())) else {
            continue;
        };
        'start: for (i, first) in mine.iter().enumerate() {
            if !g.from.is(&first.from) {
                continue;
            }
            let mut chain = vec![*first];
            for next in &mine[i + 1..] {
                if g.to.is(&chain[chain.len() - 1].to) {
                    break;
                }
                if next.from == chain[chain.len() - 1].to {
                    chain.push(next);
                }
            }
            let last = chain[chain.len() - 1];
            if g.to.is(&last.to) {
                g.reason = Some(
                    chain
                        .iter()
                        .map(|c| c.reason.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                );
                g.recorded = Some(last.date);
                break 'start;
            }
        }
    }
}

/// The numbers of a measure, by field.
fn fields(m: Measure) -> Vec<(Field, f64)> {
    match m {
        Measure::Numeric { baseline, target } => {
            vec![(Field::Baseline, baseline), (Field::Target, target)]
        }
        Measure::KeepBelow(l) => vec![(Field::KeepBelow, l)],
        Measure::KeepAbove(l) => vec![(Field::KeepAbove, l)],
        Measure::Untargeted { baseline } => {
            baseline.map(|b| (Field::Baseline, b)).into_iter().collect()
        }
        Measure::Milestone | Measure::FromChildren => Vec::new(),
    }
}

/// What moved between two versions of one key result: its goal as it was (`old`), and
/// as it is (`new`).
fn key_result_moves(old: &KeyResultGoal, new: &KeyResult, period: &Label) -> Vec<Goalpost> {
    let post = |field, from, to| Goalpost {
        kind: EntityKind::KeyResult,
        id: old.id.clone(),
        field,
        from,
        to,
        quarter: period.clone(),
        reason: None,
        recorded: None,
    };
    let (f_old, f_new) = (fields(old.measure), fields(new.measure));
    let kind = |m: Measure| MeasureFields::from(m).measure;
    let untargeted = |m: Measure| matches!(m, Measure::Untargeted { .. });
    let mut out: Vec<Goalpost> = if kind(old.measure) == kind(new.measure)
        && (untargeted(old.measure) || untargeted(new.measure))
    {
        // A draft on either side: a value changed or taken back to "tbd" moved; a value
        // set where there was none is the draft being completed.
        f_old
            .iter()
            .filter_map(|&(field, from)| match f_new.iter().find(|f| f.0 == field) {
                Some(&(_, to)) if to == from => None,
                Some(&(_, to)) => Some(post(field, Value::Number(from), Value::Number(to))),
                None => Some(post(field, Value::Number(from), Value::Tbd)),
            })
            .collect()
    } else if kind(old.measure) != kind(new.measure)
        || f_old.iter().map(|f| f.0).ne(f_new.iter().map(|f| f.0))
    {
        vec![post(
            Field::Measure,
            Value::Measure(MeasureFields::from(old.measure)),
            Value::Measure(MeasureFields::from(new.measure)),
        )]
    } else {
        f_old
            .iter()
            .zip(&f_new)
            .filter(|(x, y)| x.1 != y.1)
            .map(|(x, y)| post(x.0, Value::Number(x.1), Value::Number(y.1)))
            .collect()
    };
    if old.weight != new.weight {
        out.push(post(
            Field::Weight,
            Value::Number(old.weight),
            Value::Number(new.weight),
        ));
    }
    if let Some((from, to)) = source_moved(old.source.as_deref(), new.source.as_deref()) {
        out.push(post(Field::Source, from, to));
    }
    out
}

/// The definitions of a source that changed (both present and different): `old` as
/// [`source_text`] wrote it.
fn source_moved(
    old: Option<&str>,
    new: Option<&crate::plan::model::Source>,
) -> Option<(Value, Value)> {
    let old = old?;
    let new = source_text(new?);
    (old != new).then(|| (Value::Source(old.to_string()), Value::Source(new)))
}

/// Source moves of the North Star and the metrics between `old` and `new`, labelled with
/// `period` (the one containing the as-of date, which had started).
fn metric_moves(old: &Baseline, new: &Plan, period: &Label) -> Vec<Goalpost> {
    let mut now_metrics = HashMap::new();
    for m in &new.metrics {
        now_metrics.entry(m.id.as_str()).or_insert(m);
    }
    let pairs = old
        .north_star
        .iter()
        .filter_map(|was| {
            new.north_star
                .as_ref()
                .filter(|n| n.id == was.id)
                .map(|now| (EntityKind::NorthStar, was, now))
        })
        .chain(old.metrics.iter().filter_map(|was| {
            now_metrics
                .get(was.id.as_str())
                .map(|now| (EntityKind::Metric, was, *now))
        }));
    pairs
        .filter_map(|(kind, was, now)| {
            let (from, to) = source_moved(was.source.as_deref(), now.source.as_ref())?;
            Some(Goalpost {
                kind,
                id: was.id.clone(),
                field: Field::Source,
                from,
                to,
                quarter: period.clone(),
                reason: None,
                recorded: None,
            })
        })
        .collect()
}

/// Today's objectives by id, and key results by their objective's id and their own.
type Index<'p> = (
    HashMap<&'p str, &'p Objective>,
    HashMap<(&'p str, &'p str), &'p KeyResult>,
);

/// Every goalpost move from `old` (the goals of an older plan, [`Baseline::of`]) to
/// `new`, for the objectives of `old` whose period `started` says had begun, in `old`'s
/// order; then, when `current` (the period containing the as-of date) had begun, the
/// North Star's and metrics' source moves.
#[must_use]
pub fn moves(
    old: &Baseline,
    new: &Plan,
    started: &dyn Fn(&Period) -> bool,
    current: Option<&Period>,
) -> Vec<Goalpost> {
    let mut out = Vec::new();
    // Built on first use: an objective by id (the last of an id, as before), and a key
    // result by its objective's id and its own (the first of an id in its objective).
    let mut index: Option<Index<'_>> = None;
    for was in &old.objectives {
        let period = &was.period;
        if !started(period) {
            continue; // the period had not started: planning, not moving goalposts
        }
        let (objectives, key_results) = index.get_or_insert_with(|| {
            let mut key_results = HashMap::new();
            for o in &new.objectives {
                for k in &o.key_results {
                    key_results
                        .entry((o.id.as_str(), k.id.as_str()))
                        .or_insert(k);
                }
            }
            let objectives = new.objectives.iter().map(|o| (o.id.as_str(), o)).collect();
            (objectives, key_results)
        });
        let Some(now) = objectives.get(was.id.as_str()) else {
            continue;
        };
        // A change of label or of the days it means (a new fiscal year start) both move it.
        if now.period != was.period {
            out.push(Goalpost {
                kind: EntityKind::Objective,
                id: was.id.clone(),
                field: Field::Quarter,
                from: Value::Quarter(was.period.label.clone()),
                to: Value::Quarter(now.period.label.clone()),
                quarter: period.label.clone(),
                reason: None,
                recorded: None,
            });
        }
        for kr in &was.key_results {
            if let Some(k) = key_results.get(&(now.id.as_str(), kr.id.as_str())) {
                out.extend(key_result_moves(kr, k, &period.label));
            }
        }
    }
    if let Some(current) = current.filter(|p| started(p)) {
        out.extend(metric_moves(old, new, &current.label));
    }
    match_changes(&mut out, &new.changes);
    out
}

/// A `[[change]]` record as the move it records, with its reason and date; `None` for a
/// record naming no objective or key result of `plan` or a field that is no goalpost
/// (validation refuses both), and for one dated before its period began (a goal may
/// change freely until then). `quarter` is the period that had started: a key result's
/// objective's, an objective's period before the move.
#[must_use]
pub fn recorded_move(plan: &Plan, c: &Change) -> Option<Goalpost> {
    let field = Field::from_name(&c.field)?;
    let (kind, period) = match plan.objectives.iter().find(|o| o.id == c.id) {
        Some(o) => (
            EntityKind::Objective,
            match &c.from {
                ChangeValue::Text(t) => plan.calendar.parse(t).unwrap_or_else(|_| o.period.clone()),
                ChangeValue::Number(_) => o.period.clone(),
            },
        ),
        None => (
            EntityKind::KeyResult,
            plan.objectives
                .iter()
                .find(|o| o.key_results.iter().any(|k| k.id == c.id))?
                .period
                .clone(),
        ),
    };
    // Before its period began a goal may change freely: no goalpost moved.
    if c.date < period.window.first_day {
        return None;
    }
    let quarter = period.label;
    Some(Goalpost {
        kind,
        id: c.id.clone(),
        field,
        from: Value::recorded(&c.from),
        to: Value::recorded(&c.to),
        quarter,
        reason: Some(c.reason.clone()),
        recorded: Some(c.date),
    })
}

/// The moves the plan's `[[change]]` records tell, one per record in file order: for a
/// plan outside git, or a period with no commit before it, where no history can be
/// compared. A record dated after `as_of` had not happened yet and is left out.
#[must_use]
pub fn recorded_moves(plan: &Plan, as_of: NaiveDate) -> Vec<Goalpost> {
    plan.changes
        .iter()
        .filter(|c| c.date <= as_of)
        .filter_map(|c| recorded_move(plan, c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kr(measure: Measure) -> KeyResult {
        KeyResult {
            id: "k".into(),
            title: "K".into(),
            unit: None,
            measure,
            weight: 1.0,
            start: None,
            due: None,
            window: crate::time::period::Calendar::default()
                .parse("2026-Q4")
                .unwrap()
                .window,
            owners: Vec::new(),
            measured_by: None,
            source: None,
            loc: crate::diagnostic::Loc::default(),
        }
    }

    fn moved(old: Measure, new: Measure) -> Vec<(Field, Value, Value)> {
        let q4 = Label::parse("2026-Q4").unwrap();
        let was = KeyResultGoal {
            id: "k".into(),
            measure: old,
            weight: 1.0,
            source: None,
        };
        key_result_moves(&was, &kr(new), &q4)
            .into_iter()
            .map(|g| (g.field, g.from, g.to))
            .collect()
    }

    #[test]
    fn a_draft_completed_does_not_move_a_target_taken_back_does() {
        let numeric = Measure::Numeric {
            baseline: 3.0,
            target: 10.0,
        };
        let draft = |baseline| Measure::Untargeted { baseline };
        // Completing a draft: its target (and a baseline) set.
        assert_eq!(moved(draft(Some(3.0)), numeric), []);
        assert_eq!(moved(draft(None), numeric), []);
        // Taking a target back to "tbd", or changing a draft's baseline.
        assert_eq!(
            moved(numeric, draft(Some(3.0))),
            [(Field::Target, Value::Number(10.0), Value::Tbd)]
        );
        assert_eq!(
            moved(numeric, draft(None)),
            [
                (Field::Baseline, Value::Number(3.0), Value::Tbd),
                (Field::Target, Value::Number(10.0), Value::Tbd)
            ]
        );
        assert_eq!(
            moved(draft(Some(3.0)), draft(Some(2.0))),
            [(Field::Baseline, Value::Number(3.0), Value::Number(2.0))]
        );
        // A draft becoming a milestone changes the measure's kind.
        assert_eq!(
            moved(draft(None), Measure::Milestone),
            [(
                Field::Measure,
                Value::Measure(MeasureFields::from(draft(None))),
                Value::Measure(MeasureFields::from(Measure::Milestone))
            )]
        );
        assert_eq!(
            serde_json::to_string(&Value::Tbd).unwrap(),
            "\"tbd\"".to_string()
        );
    }
}
