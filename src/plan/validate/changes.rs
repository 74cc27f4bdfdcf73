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

impl Validator<'_> {
    /// Builds one `[[change]]`: `Err` when it has an error (reported), `Ok(None)` when it
    /// names a broken entity (already reported).
    pub(super) fn change(
        &mut self,
        _plan: &Plan,
        raw: &RawChange,
        file: FileId,
        loc: &Loc,
    ) -> Result<Option<Change>, ()> {
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
