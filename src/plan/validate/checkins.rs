//! Check-ins, each built against its resolved target: the value's shape (a number, or
//! `true`/`false` for a milestone), the confidence range, check-ins on key results that take
//! none, and the `checkin-in-future` and `checkin-outside-window` warnings.
//!
//! Called from pass two (`references`): a check-in's target must be resolved first, since
//! the target decides what shape its value takes.

use chrono::NaiveDate;

use super::Validator;
use crate::diagnostic::{Code, Diagnostic, FileId, Loc};
use crate::plan::model::{CheckIn, Measure, Measured, Plan, Reading};
use crate::plan::raw::{CheckinValue, RawCheckin, Spanned};

impl Validator<'_> {
    /// A check-in, against its resolved target in `plan`, without its `note`, `by` and
    /// `source` (the caller's to fill). `Ok(None)` when it cannot be built but its problems
    /// were reported elsewhere (its target is a broken entity).
    pub(super) fn checkin(
        &mut self,
        plan: &Plan,
        raw: &RawCheckin,
        file: FileId,
        loc: &Loc,
        today: NaiveDate,
    ) -> Result<Option<CheckIn>, ()> {
        let mut missing = self.missing(loc);
        let metric = missing.need(raw.metric.as_ref(), "metric");
        let date = missing.need(raw.date.as_ref(), "date");
        let value = missing.need(raw.value.as_ref(), "value");
        let complete = self.report_missing(&missing, "[[checkin]]", None, loc);
        let target = metric.map(|m| self.measured(m, file, "metric"));
        let date = date.map(|d| self.date(d, file).ok_or(()));
        let confidence = raw.confidence.as_ref().map(|c| {
            let v = *c.get_ref();
            let in_range = (0.0..=1.0).contains(&v);
            if !in_range && v.is_finite() {
                let mut d = Diagnostic::new(
                    Code::ConfidenceOutOfRange,
                    format!("confidence `{v}` is outside 0–1"),
                    Loc::new(file, c.span()),
                )
                .label("confidence is a 0–1 fraction");
                if v > 1.0 && v <= 100.0 {
                    d = d.help(format!(
                        "write percentages as fractions: `confidence = {}`",
                        v / 100.0
                    ));
                }
                self.push(d);
                return Err(());
            }
            self.finite(c, file).ok_or(())
        });
        let (Some(Ok(Some(target))), Some(Ok(date)), Some(value)) = (target, date, value) else {
            let failed = !complete
                || matches!(target, Some(Err(())))
                || matches!(date, Some(Err(())))
                || matches!(confidence, Some(Err(())));
            return if failed { Err(()) } else { Ok(None) };
        };
        let confidence = confidence.transpose()?;
        if let Measured::KeyResult(r) = target {
            let kr = plan.key_result(r);
            let reads = match (kr.measure, kr.measured_by) {
                (Measure::FromChildren, _) => Some((
                    "its progress comes from the objectives under it (`progress_from = \"children\"`)".to_string(),
                    "check in on those objectives' key results".to_string(),
                )),
                (_, Some(series)) => Some((
                    format!("it reads the check-ins of `{}` (`measured_by`)", plan.measured_id(series)),
                    format!("check in on the series: `metric = \"{}\"`", plan.measured_id(series)),
                )),
                _ => None,
            };
            if let Some((why, help)) = reads {
                self.push(
                    Diagnostic::new(
                        Code::CheckinOnDerivedKeyResult,
                        format!("check-in on key result `{}`, which takes none", kr.id),
                        Loc::new(file, metric.map_or(0..0, Spanned::span)),
                    )
                    .label(why)
                    .secondary(kr.loc.clone(), "key result defined here")
                    .help(help),
                );
                return Err(());
            }
        }
        let value = self.reading(plan, target, value, file)?;
        if date > today {
            self.push(
                Diagnostic::new(
                    Code::CheckinInFuture,
                    format!("check-in dated {date}, after today ({today})"),
                    Loc::new(file, raw.date.as_ref().map_or(0..0, Spanned::span)),
                )
                .label("in the future")
                .help("check the year and month"),
            );
        }
        if let Measured::KeyResult(r) = target {
            let kr = plan.key_result(r);
            let period = &plan.objectives[r.objective].period;
            // Before the window but inside the objective's period: an early reading, fine.
            let early = date < kr.window.first_day && period.window.contains(date);
            if !kr.window.contains(date) && !early {
                let runs = if kr.start.is_some() || kr.due.is_some() {
                    format!("`{}` runs {}", kr.id, kr.window)
                } else {
                    format!("its period {} runs {}", period.label, period.window)
                };
                self.push(
                    Diagnostic::new(
                        Code::CheckinOutsideWindow,
                        format!(
                            "check-in for key result `{}` dated {date}, outside its window",
                            kr.id
                        ),
                        Loc::new(file, raw.date.as_ref().map_or(0..0, Spanned::span)),
                    )
                    .label(runs)
                    .secondary(kr.loc.clone(), "key result defined here"),
                );
            }
        }
        // The texts are the caller's to fill: it moves them when it owns `raw`.
        let mut checkin = CheckIn::new(target, date, value, loc.clone());
        checkin.confidence = confidence;
        Ok(Some(checkin))
    }

    fn reading(
        &mut self,
        plan: &Plan,
        target: Measured,
        value: &Spanned<CheckinValue>,
        file: FileId,
    ) -> Result<Reading, ()> {
        let loc = Loc::new(file, value.span());
        let id = plan.measured_id(target).to_string();
        let milestone = plan.measure(target) == Measure::Milestone;
        let number = match &value.get_ref().0 {
            toml::Value::Integer(i) => Some(*i as f64),
            toml::Value::Float(f) => Some(*f),
            _ => None,
        };
        match (milestone, &value.get_ref().0, number) {
            (true, toml::Value::Boolean(b), _) => Ok(Reading::Done(*b)),
            (false, _, Some(n)) if n.is_finite() => {
                self.bounded(n, loc).map(Reading::Number).ok_or(())
            }
            (false, _, Some(n)) => {
                self.push(
                    Diagnostic::new(
                        Code::NonFiniteNumber,
                        format!("`{n}` is not a finite number"),
                        loc,
                    )
                    .label("a finite number is needed here"),
                );
                Err(())
            }
            (true, found, _) => {
                let d = Diagnostic::new(
                    Code::CheckinTypeMismatch,
                    format!(
                        "`{id}` is a milestone: its check-ins are `true` or `false`, found {}",
                        found.type_str()
                    ),
                    loc,
                )
                .label("expected `true` or `false`");
                let d = match found.as_str() {
                    Some("true" | "false") => d.help("remove the quotes"),
                    _ => d.help("write `value = true` once it is done"),
                };
                self.push(d);
                Err(())
            }
            (false, found, None) => {
                let d = Diagnostic::new(
                    Code::CheckinTypeMismatch,
                    format!("`{id}` is measured in numbers, found {}", found.type_str()),
                    loc,
                )
                .label("expected a number");
                let d = match found {
                    toml::Value::String(s) if s.trim().parse::<f64>().is_ok() => {
                        d.help("remove the quotes")
                    }
                    toml::Value::Boolean(_) => {
                        d.help("only milestone key results take `true` / `false`")
                    }
                    _ => d,
                };
                self.push(d);
                Err(())
            }
        }
    }
}
