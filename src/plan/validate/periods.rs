//! The plan's calendar and every period and window in it: `fiscal_year_start`,
//! `fiscal_year_named_by` and `cadence` of the main file's `[plan]`, the `[[cycle]]`s of
//! every file (read first, so that any label anywhere resolves), objective and initiative
//! periods (`period`, or the older `quarter`), initiative `start`/`end` dates, and key
//! result windows (`start`/`due`, inside the objective's period).

use chrono::NaiveDate;

use super::{Kind, Validator, join_names};
use crate::diagnostic::{Code, Diagnostic, FileId, Loc};
use crate::plan::raw::{Datetime, RawFile, Spanned};
use crate::time::period::{Calendar, Cycle, FiscalStart, Label, Period, PeriodError, Window};

/// The label forms, for help texts.
const LABEL_FORMS: &str = "periods are written `2026-Q4`, `2026-H1`, `2026`, `FY24-Q2`, `FY24-H1`, `FY24`, or name a `[[cycle]]`";

impl Validator<'_> {
    /// Reads the calendar: the fiscal year and cadence from the main file's `[plan]`, and
    /// every `[[cycle]]` of every file, registering cycle ids in the shared namespace.
    pub(super) fn calendar(&mut self, files: &[(FileId, RawFile)]) -> Calendar {
        let mut calendar = Calendar::default();
        if let Some((file, plan)) = files
            .first()
            .and_then(|(file, raw)| raw.plan.as_ref().map(|p| (*file, p.get_ref())))
        {
            if let Some(start) = &plan.fiscal_year_start {
                match FiscalStart::parse(start.get_ref()) {
                    Ok(s) => calendar.fiscal_start = Some(s),
                    Err(why) => self.push(
                        Diagnostic::new(
                            Code::InvalidFiscalStart,
                            format!("invalid `fiscal_year_start` `{}`", start.get_ref()),
                            Loc::new(file, start.span()),
                        )
                        .label(why)
                        .help("write the month and day the fiscal year starts on, e.g. `fiscal_year_start = \"02-01\"`; for a year starting on the 29th–31st, use the 1st of the next month"),
                    ),
                }
            }
            calendar.named_by = plan.fiscal_year_named_by.unwrap_or_default();
            calendar.cadence = plan.cadence.unwrap_or_default();
        }
        for (file, raw) in files {
            for c in &raw.cycle {
                let loc = self.head(*file, c.span());
                if let Some(cycle) = self.cycle(c.get_ref(), *file, &loc) {
                    calendar.cycles.push(cycle);
                }
            }
        }
        calendar
    }

    fn cycle(
        &mut self,
        raw: &crate::plan::raw::RawCycle,
        file: FileId,
        loc: &Loc,
    ) -> Option<Cycle> {
        if let Some(id) = &raw.id
            && Label::parse(id.get_ref()).is_some()
        {
            let label = Label::parse(id.get_ref())
                .map(|l| l.to_string())
                .unwrap_or_default();
            self.push(
                Diagnostic::new(
                    Code::InvalidId,
                    format!(
                        "cycle id `{}` reads as the period label `{label}`",
                        id.get_ref()
                    ),
                    Loc::new(file, id.span()),
                )
                .label("a cycle may not take a period label's name")
                .help(format!(
                    "name it so it cannot be read as a label, e.g. `cycle-{}`",
                    id.get_ref().to_ascii_lowercase()
                )),
            );
            return None;
        }
        let id = self.register(raw.id.as_ref(), Kind::Cycle, file);
        let mut missing = self.missing(loc);
        missing.need(raw.id.as_ref(), "id");
        let name = missing.need(raw.name.as_ref(), "name");
        missing.need(raw.start.as_ref(), "start");
        missing.need(raw.end.as_ref(), "end");
        let complete = self.report_missing(&missing, "[[cycle]]", id.as_deref(), loc);
        let start = raw.start.as_ref().and_then(|d| self.date(d, file));
        let end = raw.end.as_ref().and_then(|d| self.date(d, file));
        let window = self.window(
            (raw.start.as_ref()?, start?),
            (raw.end.as_ref()?, end?),
            file,
            "cycle",
            ("start", "end"),
        )?;
        if !complete {
            return None;
        }
        Some(Cycle {
            id: id?,
            name: name?.get_ref().clone(),
            window,
        })
    }

    /// `first..=last`, or a `date-order` error at `last` when it is before `first`.
    fn window(
        &mut self,
        first: (&Spanned<Datetime>, NaiveDate),
        last: (&Spanned<Datetime>, NaiveDate),
        file: FileId,
        what: &str,
        names: (&str, &str),
    ) -> Option<Window> {
        let window = Window::new(first.1, last.1);
        if window.is_none() {
            self.push(
                Diagnostic::new(
                    Code::DateOrder,
                    format!(
                        "{what} `{}` {} is before its `{}` {}",
                        names.1, last.1, names.0, first.1
                    ),
                    Loc::new(file, last.0.span()),
                )
                .label(format!("before `{}`", names.0))
                .secondary(
                    Loc::new(file, first.0.span()),
                    format!("`{}` is {}", names.0, first.1),
                )
                .help("the window is inclusive: its last day is on or after its first"),
            );
        }
        window
    }

    /// The period `period` (or the older `quarter`, not both) names. `Ok(None)` when
    /// neither is written; `Err(())` when what is written is reported as wrong.
    pub(super) fn period(
        &mut self,
        calendar: &Calendar,
        period: Option<&Spanned<String>>,
        quarter: Option<&Spanned<String>>,
        file: FileId,
    ) -> Result<Option<Period>, ()> {
        let value = match (period, quarter) {
            (None, None) => return Ok(None),
            (Some(p), Some(q)) => {
                self.conflict(
                    file,
                    ("quarter", q.span()),
                    ("period", p.span()),
                    "`quarter` is the older name of `period`: keep `period`",
                );
                return Err(());
            }
            (Some(v), None) | (None, Some(v)) => v,
        };
        let loc = Loc::new(file, value.span());
        match calendar.parse(value.get_ref()) {
            Ok(p) => Ok(Some(p)),
            Err(PeriodError::Unknown { given, suggestion }) => {
                let mut d = Diagnostic::new(
                    Code::UnknownPeriod,
                    format!("unknown period `{given}`"),
                    loc,
                )
                .label(LABEL_FORMS);
                if let Some(s) = suggestion {
                    d = d.help(format!("did you mean `{s}`?"));
                }
                self.push(d);
                Err(())
            }
            Err(e @ PeriodError::OutOfRange(_)) => {
                self.push(
                    Diagnostic::new(Code::UnknownPeriod, e.to_string(), loc)
                        .label("dates run from 0001-01-01 to 9999-12-31"),
                );
                Err(())
            }
        }
    }

    /// A `conflicting-fields` error at `b`, pointing back at `a`.
    pub(super) fn conflict(
        &mut self,
        file: FileId,
        a: (&str, std::ops::Range<usize>),
        b: (&str, std::ops::Range<usize>),
        help: &str,
    ) {
        self.push(
            Diagnostic::new(
                Code::ConflictingFields,
                format!("`{}` and `{}` cannot stand together", a.0, b.0),
                Loc::new(file, b.1),
            )
            .label(format!("conflicts with `{}`", a.0))
            .secondary(Loc::new(file, a.1), "")
            .help(help.to_string()),
        );
    }

    /// An initiative's period and window: a period label (`period` or `quarter`), or
    /// `start` and `end` dates, never both forms. `Err(())` when reported as wrong;
    /// `Ok(None)` when nothing is written (the caller reports the missing `period`).
    pub(super) fn initiative_window(
        &mut self,
        calendar: &Calendar,
        raw: &crate::plan::raw::RawInitiative,
        file: FileId,
    ) -> Result<Option<(Option<Period>, Window)>, ()> {
        let label = raw.period.as_ref().or(raw.quarter.as_ref());
        let dated = [("start", raw.start.as_ref()), ("end", raw.end.as_ref())];
        if let (Some(l), Some((name, d))) =
            (label, dated.iter().find_map(|(n, d)| d.map(|d| (*n, d))))
        {
            let written = if raw.period.is_some() {
                "period"
            } else {
                "quarter"
            };
            self.conflict(file, (written, l.span()), (name, d.span()), "an initiative runs over a period or between `start` and `end` dates: keep one form");
            return Err(());
        }
        if label.is_some() {
            return Ok(self
                .period(calendar, raw.period.as_ref(), raw.quarter.as_ref(), file)?
                .map(|p| (Some(p.clone()), p.window)));
        }
        match (raw.start.as_ref(), raw.end.as_ref()) {
            (None, None) => Ok(None),
            (Some(s), Some(e)) => {
                let (first, last) = (self.date(s, file), self.date(e, file));
                let (Some(first), Some(last)) = (first, last) else {
                    return Err(());
                };
                self.window((s, first), (e, last), file, "initiative", ("start", "end"))
                    .map(|w| Some((None, w)))
                    .ok_or(())
            }
            (Some(one), None) | (None, Some(one)) => {
                let (has, lacks) = if raw.start.is_some() {
                    ("start", "end")
                } else {
                    ("end", "start")
                };
                self.push(
                    Diagnostic::new(
                        Code::ConflictingFields,
                        format!("initiative has `{has}` without `{lacks}`"),
                        Loc::new(file, one.span()),
                    )
                    .label(format!("`{lacks}` is needed with `{has}`"))
                    .help(format!(
                        "give both `start` and `end`, or a `period` instead; {LABEL_FORMS}"
                    )),
                );
                Err(())
            }
        }
    }

    /// A key result's window: `start` (else the objective's first day) through `due` (else
    /// its last day). A window with days outside the period is a warning; one that ends
    /// before it starts is a `date-order` error.
    pub(super) fn key_result_window(
        &mut self,
        period: &Period,
        start: Option<&Spanned<Datetime>>,
        due: Option<&Spanned<Datetime>>,
        file: FileId,
        id: &str,
    ) -> Result<(Option<NaiveDate>, Option<NaiveDate>, Window), ()> {
        let first = start.map(|s| self.date(s, file).ok_or(())).transpose()?;
        let last = due.map(|d| self.date(d, file).ok_or(())).transpose()?;
        let from = first.unwrap_or(period.window.first_day);
        let to = last.unwrap_or(period.window.last_day);
        let Some(window) = Window::new(from, to) else {
            let (message, label, help) = match (start, due) {
                (Some(_), None) => (
                    format!(
                        "key result `{id}` starts {from}, after its objective's period {} ends on {to}",
                        period.label
                    ),
                    format!("after {} ends", period.label),
                    "give it a `due` date too, or move `start` inside the period",
                ),
                (None, Some(_)) => (
                    format!(
                        "key result `{id}` is due {to}, before its objective's period {} begins on {from}",
                        period.label
                    ),
                    format!("before {} begins", period.label),
                    "give it a `start` date too, or move `due` inside the period",
                ),
                _ => (
                    format!("key result `{id}` is due {to}, before its `start` {from}"),
                    "ends before it starts".to_string(),
                    "the window is inclusive: `due` is on or after `start`",
                ),
            };
            // A period's own days never end before they start, so one of the two is written.
            let at = due.or(start).map_or(0..0, Spanned::span);
            self.push(
                Diagnostic::new(Code::DateOrder, message, Loc::new(file, at))
                    .label(label)
                    .help(help),
            );
            return Err(());
        };
        if !period.window.covers(window) {
            let at = [
                (start, window.first_day < period.window.first_day),
                (due, window.last_day > period.window.last_day),
            ]
            .into_iter()
            .find_map(|(field, outside)| field.filter(|_| outside))
            .or(start)
            .or(due)
            .map_or(0..0, Spanned::span);
            let mut fields = Vec::new();
            if window.first_day < period.window.first_day {
                fields.push("start");
            }
            if window.last_day > period.window.last_day {
                fields.push("due");
            }
            self.push(
                Diagnostic::new(
                    Code::KeyResultWindowOutsidePeriod,
                    format!("key result `{id}` runs {window}, outside its objective's period {}", period.label),
                    Loc::new(file, at),
                )
                .label(format!("{} runs {}", period.label, period.window))
                .help(format!("move {} inside the period, or the key result to an objective of a period that holds it", join_names(&fields))),
            );
        }
        Ok((first, last, window))
    }
}
