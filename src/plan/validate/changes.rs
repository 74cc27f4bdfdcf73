//! `[[change]]` records (goalposts moved on purpose, with a reason): each names an
//! objective or a key result and one of its goalpost keys, checked in pass two like
//! check-ins.

use super::{Kind, Validator, Want};
use crate::diagnostic::{Code, Diagnostic, FileId, Loc};
use crate::plan::model::{Change, ChangeValue, Plan};
use crate::plan::raw::{ChangeValue as RawValue, RawChange, Spanned};

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
        let mut missing = self.missing(loc);
        let id = missing.need(raw.id.as_ref(), "id");
        let field = missing.need(raw.field.as_ref(), "field");
        let from = missing.need(raw.from.as_ref(), "from");
        let to = missing.need(raw.to.as_ref(), "to");
        let date = missing.need(raw.date.as_ref(), "date");
        let reason = missing.need(raw.reason.as_ref(), "reason");
        let complete = self.report_missing(&missing, "[[change]]", None, loc);
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
        let mut missing = self.missing(loc);
        let id = missing.need(raw.id.as_ref(), "id");
        let field = missing.need(raw.field.as_ref(), "field");
        let from = missing.need(raw.from.as_ref(), "from");
        let to = missing.need(raw.to.as_ref(), "to");
        let date = missing.need(raw.date.as_ref(), "date");
        let reason = missing.need(raw.reason.as_ref(), "reason");
        let complete = self.report_missing(&missing, "[[change]]", None, loc);
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
