//! `[[change]]` records (goalposts moved on purpose, with a reason): each names an
//! objective or a key result and one of its goalpost keys, checked in pass two like
//! check-ins; and, on a plan without errors, the last record of each goalpost must show
//! in the plan (`unapplied-change`).

use std::collections::HashMap;

use super::{Kind, Validator, Want};
use crate::diagnostic::{Code, Diagnostic, FileId, Loc};
use crate::plan::model::{Change, ChangeValue, EntityRef, Measure, Plan};
use crate::plan::raw::{ChangeValue as RawValue, RawChange, Spanned};
use crate::time::period::Label;

/// The goalpost keys of a key result, as `set` and `[[change]]` name them.
pub const KEY_RESULT_GOALPOSTS: &[&str] =
    &["baseline", "target", "keep_below", "keep_above", "weight"];

/// The goalpost keys of an objective.
pub const OBJECTIVE_GOALPOSTS: &[&str] = &["period", "quarter"];

/// The `field` of the `[[change]]` that `northstar remove` writes for an objective or key
/// result removed once its period began: `from` is its title, `to` is `""`. Its id is
/// absent from the plan; every `[[change]]` of that id stays valid as history.
pub const REMOVED: &str = "removed";

impl Validator<'_> {
    /// Builds one `[[change]]`: `Err` when it has an error (reported), `Ok(None)` when it
    /// names a broken entity (already reported). `removed`: the ids recorded as removed
    /// ([`REMOVED`]); a record of one the plan no longer has is history, not an unknown id.
    pub(super) fn change(
        &mut self,
        _plan: &Plan,
        raw: &RawChange,
        file: FileId,
        loc: &Loc,
        removed: &std::collections::HashSet<&str>,
    ) -> Result<Option<Change>, ()> {
        if let Some(id) = &raw.id {
            let present = self.ids.contains_key(id.get_ref());
            let removal = raw.field.as_ref().map(|f| f.get_ref().as_str()) == Some(REMOVED);
            if removal && present {
                self.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!(
                            "`[[change]]` records `{}` as removed, but the plan still has it",
                            id.get_ref()
                        ),
                        Loc::new(file, id.span()),
                    )
                    .label("still in the plan")
                    .help("remove the entity with `northstar remove ID`, or this record"),
                );
                return Err(());
            }
            if !present && removed.contains(id.get_ref().as_str()) {
                return self.history(raw, file, loc);
            }
        }
        let (
            Required {
                id,
                field,
                from,
                to,
                date,
                reason,
            },
            complete,
        ) = self.required(raw, loc);
        let kind = id.map(|id| self.resolve(id, file, Want::Parent, "id"));
        let date = date.map(|d| self.date(d, file).ok_or(()));
        let from = from.map(|v| self.change_value(v, file));
        let to = to.map(|v| self.change_value(v, file));
        let (
            Some(id),
            Some(Ok(Some(kind))),
            Some(field),
            Some(Ok(from)),
            Some(Ok(to)),
            Some(Ok(date)),
            Some(reason),
        ) = (id, kind, field, from.clone(), to.clone(), date, reason)
        else {
            let failed = !complete
                || matches!(kind, Some(Err(())))
                || matches!(date, Some(Err(())))
                || matches!(from, Some(Err(())))
                || matches!(to, Some(Err(())));
            return if failed { Err(()) } else { Ok(None) };
        };
        let (keys, what) = match kind {
            Kind::Objective(_) => (OBJECTIVE_GOALPOSTS, "an objective"),
            _ => (KEY_RESULT_GOALPOSTS, "a key result"),
        };
        let name = field.get_ref();
        if !keys.contains(&name.as_str()) {
            self.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!(
                        "`{name}` is not a goalpost of {what}; `[[change]]` records goalpost changes only"
                    ),
                    Loc::new(file, field.span()),
                )
                .label(format!("`{}` is {what}", id.get_ref()))
                .help(format!(
                    "the goalposts of {what}: {}",
                    keys.iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
            return Err(());
        }
        Ok(Some(Change {
            id: id.get_ref().clone(),
            field: if name == "period" {
                "quarter".into()
            } else {
                name.clone()
            },
            from,
            to,
            date,
            by: raw.by.clone(),
            reason: reason.get_ref().clone(),
            loc: loc.clone(),
        }))
    }

    /// A `[[change]]` of an entity since removed: complete and well typed, its field taken
    /// as written.
    fn history(&mut self, raw: &RawChange, file: FileId, loc: &Loc) -> Result<Option<Change>, ()> {
        let (
            Required {
                id,
                field,
                from,
                to,
                date,
                reason,
            },
            complete,
        ) = self.required(raw, loc);
        let date = date.and_then(|d| self.date(d, file));
        let from = from.map(|v| self.change_value(v, file));
        let to = to.map(|v| self.change_value(v, file));
        match (complete, id, field, from, to, date, reason) {
            (
                true,
                Some(id),
                Some(field),
                Some(Ok(from)),
                Some(Ok(to)),
                Some(date),
                Some(reason),
            ) => Ok(Some(Change {
                id: id.get_ref().clone(),
                field: field.get_ref().clone(),
                from,
                to,
                date,
                by: raw.by.clone(),
                reason: reason.get_ref().clone(),
                loc: loc.clone(),
            })),
            _ => Err(()),
        }
    }

    /// The fields every `[[change]]` requires, as written, and whether all are there (a
    /// `missing-field` diagnostic names those that are not).
    fn required<'r>(&mut self, raw: &'r RawChange, loc: &Loc) -> (Required<'r>, bool) {
        let mut missing = self.missing(loc);
        let required = Required {
            id: missing.need(raw.id.as_ref(), "id"),
            field: missing.need(raw.field.as_ref(), "field"),
            from: missing.need(raw.from.as_ref(), "from"),
            to: missing.need(raw.to.as_ref(), "to"),
            date: missing.need(raw.date.as_ref(), "date"),
            reason: missing.need(raw.reason.as_ref(), "reason"),
        };
        let complete = self.report_missing(&missing, "[[change]]", None, loc);
        (required, complete)
    }

    /// A `from`/`to` value: a finite number or text.
    fn change_value(&mut self, value: &Spanned<RawValue>, file: FileId) -> Result<ChangeValue, ()> {
        match &value.get_ref().0 {
            toml::Value::Integer(i) => Ok(ChangeValue::Number(*i as f64)),
            toml::Value::Float(f) if f.is_finite() => Ok(ChangeValue::Number(*f)),
            toml::Value::String(s) => Ok(ChangeValue::Text(s.clone())),
            other => {
                self.push(
                    Diagnostic::new(
                        Code::WrongType,
                        format!("expected a number or text, found `{other}`"),
                        Loc::new(file, value.span()),
                    )
                    .label("a goalpost value: a number, a period label or \"tbd\""),
                );
                Err(())
            }
        }
    }
}

/// The fields every `[[change]]` requires (`None`: missing).
struct Required<'r> {
    id: Option<&'r Spanned<String>>,
    field: Option<&'r Spanned<String>>,
    from: Option<&'r Spanned<RawValue>>,
    to: Option<&'r Spanned<RawValue>>,
    date: Option<&'r Spanned<crate::plan::raw::Datetime>>,
    reason: Option<&'r Spanned<String>>,
}

/// The value the plan gives goalpost `field` (as [`Change::field`] names it) of the
/// objective or key result `id`: a number, a period label, or `tbd` for a draft's target.
/// `None` when the entity has no such field (a milestone's target).
/// `index`: the plan's [`Plan::entity_index`].
fn value_in(
    plan: &Plan,
    index: &HashMap<&str, EntityRef>,
    id: &str,
    field: &str,
) -> Option<Current> {
    let kr = match *index.get(id)? {
        EntityRef::Objective(o) => {
            let period = &plan.objectives[o].period;
            return (field == "quarter").then(|| Current::Period(period.label.clone()));
        }
        EntityRef::KeyResult(r) => plan.key_result(r),
        _ => return None,
    };
    let number = |n: f64| Some(Current::Number(n));
    match (field, kr.measure) {
        ("weight", _) => number(kr.weight),
        ("baseline", Measure::Numeric { baseline, .. }) => number(baseline),
        ("baseline", Measure::Untargeted { baseline }) => baseline.map(Current::Number),
        ("target", Measure::Numeric { target, .. }) => number(target),
        ("target", Measure::Untargeted { .. }) => Some(Current::Tbd),
        ("keep_below", Measure::KeepBelow(limit)) | ("keep_above", Measure::KeepAbove(limit)) => {
            number(limit)
        }
        _ => None,
    }
}

/// A goalpost's value in the plan, to compare with a record's `to`.
enum Current {
    Number(f64),
    Period(Label),
    Tbd,
}

impl Current {
    /// Whether a record's value is this one (a period label in any of its spellings).
    fn is(&self, recorded: &ChangeValue) -> bool {
        match (self, recorded) {
            (Current::Number(a), ChangeValue::Number(b)) => a == b,
            (Current::Period(label), ChangeValue::Text(t)) => {
                label.to_string() == *t || Label::parse(t).is_some_and(|l| l == *label)
            }
            (Current::Tbd, ChangeValue::Text(t)) => t == "tbd",
            _ => false,
        }
    }

    fn shown(&self) -> String {
        match self {
            Current::Number(n) => crate::text::number(*n),
            Current::Period(label) => label.to_string(),
            Current::Tbd => "tbd".into(),
        }
    }
}

impl Validator<'_> {
    /// `unapplied-change`: for each goalpost with `[[change]]` records, the last one (by
    /// date, then file order) must end at the value the plan gives it. One that does not
    /// records a move the plan does not show: a `set` stopped between its two writes, or a
    /// later edit. Left alone, it would make a hand edit to its `to` read as recorded.
    pub(super) fn unapplied_changes(&mut self, plan: &Plan) {
        let mut last: Vec<&Change> = Vec::new();
        let mut at: HashMap<(&str, &str), usize> = HashMap::new();
        for c in &plan.changes {
            match at.get(&(c.id.as_str(), c.field.as_str())) {
                Some(&i) if c.date >= last[i].date => last[i] = c,
                Some(_) => {}
                None => {
                    at.insert((&c.id, &c.field), last.len());
                    last.push(c);
                }
            }
        }
        let index = plan.entity_index();
        for c in last {
            let Some(now) = value_in(plan, &index, &c.id, &c.field) else {
                continue;
            };
            if now.is(&c.to) {
                continue;
            }
            let field = if c.field == "quarter" {
                "period"
            } else {
                c.field.as_str()
            };
            self.push(
                Diagnostic::new(
                    Code::UnappliedChange,
                    format!(
                        "`[[change]]` records `{field}` of `{}` moving {} → {}, but the plan has {}",
                        c.id,
                        c.from,
                        c.to,
                        now.shown()
                    ),
                    c.loc.clone(),
                )
                .label("this record's move is not in the plan")
                .help(format!(
                    "if `northstar set` stopped before writing the plan, set `{field}` of `{}` to {} by hand, or delete this record; else record the move that was made",
                    c.id, c.to
                )),
            );
        }
    }
}
