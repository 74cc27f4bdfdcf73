//! The plan's calendar: its fiscal year (start and naming), its cadence and its custom
//! cycles, and how a label resolves to the days it covers on that calendar.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use crate::time::dates::{FIRST_DAY, LAST_DAY};

use super::label::all_digits;
use super::{Label, Period, Quarter, Window};

/// Which year a fiscal year is named after.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum FiscalNaming {
    /// The calendar year it ends in (FY24 = 2023-02-01 .. 2024-01-31 with a February start).
    #[default]
    End,
    /// The calendar year it starts in (FY20 = 2020-02-01 .. 2021-01-31).
    Start,
}

/// The default length of the period reports show.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Cadence {
    /// Quarters (the default).
    #[default]
    Quarter,
    /// Halves.
    Half,
    /// Years.
    Year,
}

/// The first day of the fiscal year, as month and day (day 1–28).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FiscalStart {
    month: u32,
    day: u32,
}

impl FiscalStart {
    /// January 1.
    pub const JANUARY: Self = Self { month: 1, day: 1 };

    /// Parses `MM-DD` (two digits each), a real day 01–28 of a month 01–12. The error says
    /// what is expected.
    pub fn parse(s: &str) -> Result<Self, String> {
        let shape =
            s.len() == 5 && s.as_bytes()[2] == b'-' && all_digits(&s[..2]) && all_digits(&s[3..]);
        if !shape {
            return Err(
                "expected `MM-DD`, e.g. \"02-01\" for a fiscal year starting February 1".into(),
            );
        }
        let (month, day): (u32, u32) = (s[..2].parse().unwrap_or(0), s[3..].parse().unwrap_or(0));
        if !(1..=12).contains(&month) {
            return Err(format!("there is no month {month:02}"));
        }
        if !(1..=28).contains(&day) {
            return Err(format!(
                "the day must be 01 to 28, so that every month has it (fiscal quarters start on the same day of the month); got {day:02}"
            ));
        }
        Ok(Self { month, day })
    }

    /// The month, 1–12.
    #[must_use]
    pub fn month(self) -> u32 {
        self.month
    }

    /// The day of the month, 1–28.
    #[must_use]
    pub fn day(self) -> u32 {
        self.day
    }
}

impl fmt::Display for FiscalStart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

/// A custom period (`[[cycle]]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    /// Its id (the label that names it).
    pub id: String,
    /// Display name.
    pub name: String,
    /// The days it covers.
    pub window: Window,
}

/// Why a label did not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodError {
    /// Neither a label nor a cycle of the plan; with the closest label or cycle id.
    Unknown {
        /// What was written.
        given: String,
        /// The canonical label or cycle id it most likely meant.
        suggestion: Option<String>,
    },
    /// A label whose days fall outside 0001-01-01 .. 9999-12-31.
    OutOfRange(Label),
}

impl PeriodError {
    /// The label or cycle id an unknown period most likely meant.
    #[must_use]
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            Self::Unknown { suggestion, .. } => suggestion.as_deref(),
            Self::OutOfRange(_) => None,
        }
    }
}

impl fmt::Display for PeriodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unknown { given, .. } => write!(f, "unknown period `{given}`"),
            Self::OutOfRange(label) => {
                write!(f, "period `{label}` reaches outside the years 1–9999")
            }
        }
    }
}

/// A plan's calendar: its fiscal year, its cadence and its cycles. `Default` is the
/// calendar year, quarterly, with no cycles.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Calendar {
    /// `fiscal_year_start`, when the plan sets one (then default periods are fiscal).
    pub fiscal_start: Option<FiscalStart>,
    /// `fiscal_year_named_by`.
    pub named_by: FiscalNaming,
    /// `cadence`: the default period length.
    pub cadence: Cadence,
    /// `[[cycle]]`s, in file order.
    pub cycles: Vec<Cycle>,
}

impl Calendar {
    /// The days `label` covers. Errors: a cycle id the plan does not have
    /// ([`PeriodError::Unknown`]), or days outside the years 1–9999.
    pub fn resolve(&self, label: &Label) -> Result<Period, PeriodError> {
        let out_of_range = || PeriodError::OutOfRange(label.clone());
        let window = match label {
            Label::Quarter(q) => Window {
                first_day: q.first_day(),
                last_day: q.last_day(),
            },
            Label::Half { year, half } => {
                let first = NaiveDate::from_ymd_opt(*year, 1, 1).ok_or_else(out_of_range)?;
                span(first, 6 * (u32::from(*half) - 1), 6).ok_or_else(out_of_range)?
            }
            Label::Year(year) => {
                let first = NaiveDate::from_ymd_opt(*year, 1, 1).ok_or_else(out_of_range)?;
                span(first, 0, 12).ok_or_else(out_of_range)?
            }
            Label::FiscalQuarter { year, quarter } => {
                let first = self.fiscal_first_day(*year).ok_or_else(out_of_range)?;
                span(first, 3 * (u32::from(*quarter) - 1), 3).ok_or_else(out_of_range)?
            }
            Label::FiscalHalf { year, half } => {
                let first = self.fiscal_first_day(*year).ok_or_else(out_of_range)?;
                span(first, 6 * (u32::from(*half) - 1), 6).ok_or_else(out_of_range)?
            }
            Label::FiscalYear(year) => {
                let first = self.fiscal_first_day(*year).ok_or_else(out_of_range)?;
                span(first, 0, 12).ok_or_else(out_of_range)?
            }
            Label::Cycle(id) => {
                return self
                    .cycles
                    .iter()
                    .find(|c| c.id == *id)
                    .map(|c| Period {
                        label: label.clone(),
                        window: c.window,
                    })
                    .ok_or_else(|| PeriodError::Unknown {
                        given: id.clone(),
                        suggestion: Label::suggest(id).map(|l| l.to_string()).or_else(|| {
                            crate::diagnostic::did_you_mean(
                                id,
                                self.cycles.iter().map(|c| c.id.as_str()),
                            )
                            .map(str::to_string)
                        }),
                    });
            }
        };
        if window.first_day < FIRST_DAY || window.last_day > LAST_DAY {
            return Err(out_of_range());
        }
        Ok(Period {
            label: label.clone(),
            window,
        })
    }

    /// Reads and resolves `s`: a label, else a cycle id.
    pub fn parse(&self, s: &str) -> Result<Period, PeriodError> {
        self.resolve(&Label::parse_or_cycle(s))
    }

    /// The first day of fiscal year `year` (see the module docs); `None` outside the years
    /// 1–9999.
    fn fiscal_first_day(&self, year: i32) -> Option<NaiveDate> {
        let start = self.fiscal_start.unwrap_or(FiscalStart::JANUARY);
        let start_year = match self.named_by {
            FiscalNaming::Start => year,
            FiscalNaming::End if start == FiscalStart::JANUARY => year,
            FiscalNaming::End => year - 1,
        };
        NaiveDate::from_ymd_opt(start_year, start.month, start.day).filter(|d| *d >= FIRST_DAY)
    }

    /// The number of the fiscal year that contains `date`.
    fn fiscal_year_of(&self, date: NaiveDate) -> i32 {
        let start = self.fiscal_start.unwrap_or(FiscalStart::JANUARY);
        let start_year = if (date.month(), date.day()) >= (start.month, start.day) {
            date.year()
        } else {
            date.year() - 1
        };
        match self.named_by {
            FiscalNaming::End if start != FiscalStart::JANUARY => start_year + 1,
            _ => start_year,
        }
    }

    /// The period of the plan's cadence that contains `date`: fiscal when the plan sets
    /// `fiscal_year_start`, else calendar. Near the ends of the years 1–9999, where the
    /// fiscal period would reach outside them, the calendar period of the cadence.
    #[must_use]
    pub fn containing(&self, date: NaiveDate) -> Period {
        let label = if self.fiscal_start.is_some() {
            let year = self.fiscal_year_of(date);
            let first = self.fiscal_first_day(year);
            let months = first.map_or(0, |first| months_between(first, date));
            match self.cadence {
                Cadence::Quarter => Label::FiscalQuarter {
                    year,
                    quarter: u8::try_from(months / 3 + 1).unwrap_or(4).min(4),
                },
                Cadence::Half => Label::FiscalHalf {
                    year,
                    half: u8::try_from(months / 6 + 1).unwrap_or(2).min(2),
                },
                Cadence::Year => Label::FiscalYear(year),
            }
        } else {
            self.calendar_label(date)
        };
        self.resolve(&label)
            .or_else(|_| self.resolve(&self.calendar_label(date)))
            .unwrap_or_else(|_| {
                let q = Quarter::containing(date);
                Period {
                    label: Label::Quarter(q),
                    window: Window {
                        first_day: q.first_day(),
                        last_day: q.last_day(),
                    },
                }
            })
    }

    /// The calendar period of the plan's cadence that contains `date`.
    fn calendar_label(&self, date: NaiveDate) -> Label {
        match self.cadence {
            Cadence::Quarter => Label::Quarter(Quarter::containing(date)),
            Cadence::Half => Label::Half {
                year: date.year(),
                half: if date.month() <= 6 { 1 } else { 2 },
            },
            Cadence::Year => Label::Year(date.year()),
        }
    }
}

/// The window of `length` months starting `offset` months after `first`; `None` past the
/// year 9999.
fn span(first: NaiveDate, offset: u32, length: u32) -> Option<Window> {
    let start = first.checked_add_months(Months::new(offset))?;
    let last = start.checked_add_months(Months::new(length))?.pred_opt()?;
    Some(Window {
        first_day: start,
        last_day: last,
    })
}

/// Whole months from `from` to `to` (`from <= to`), counting a month once its day-of-month
/// is reached (fiscal days are 1–28, so every month has them).
fn months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    let months = (to.year() - from.year()) * 12 + to.month().cast_signed()
        - from.month().cast_signed()
        - i32::from(to.day() < from.day());
    u32::try_from(months).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn calendar(start: &str, named_by: FiscalNaming) -> Calendar {
        Calendar {
            fiscal_start: Some(FiscalStart::parse(start).unwrap()),
            named_by,
            ..Calendar::default()
        }
    }

    fn window(cal: &Calendar, label: &str) -> (String, String, String) {
        let p = cal.parse(label).unwrap();
        (
            p.label.to_string(),
            p.window.first_day.to_string(),
            p.window.last_day.to_string(),
        )
    }

    #[test]
    fn every_label_form_resolves() {
        let gitlab = calendar("02-01", FiscalNaming::End);
        let sourcegraph = calendar("02-01", FiscalNaming::Start);
        let wikimedia = calendar("07-01", FiscalNaming::End);
        let uk = calendar("04-01", FiscalNaming::End);
        let plain = Calendar::default();
        let cases: &[(&Calendar, &str, &str, &str, &str)] = &[
            // Calendar labels ignore the fiscal year.
            (&gitlab, "2026-Q4", "2026-Q4", "2026-10-01", "2026-12-31"),
            (&gitlab, "2026-q1", "2026-Q1", "2026-01-01", "2026-03-31"),
            (&gitlab, "2026-H1", "2026-H1", "2026-01-01", "2026-06-30"),
            (&gitlab, "2026-h2", "2026-H2", "2026-07-01", "2026-12-31"),
            (&gitlab, "2026", "2026", "2026-01-01", "2026-12-31"),
            // GitLab: named by the end, February start.
            (&gitlab, "FY24", "FY24", "2023-02-01", "2024-01-31"),
            (&gitlab, "FY24-Q1", "FY24-Q1", "2023-02-01", "2023-04-30"),
            (&gitlab, "FY24-Q2", "FY24-Q2", "2023-05-01", "2023-07-31"),
            (&gitlab, "fy24-q4", "FY24-Q4", "2023-11-01", "2024-01-31"),
            (&gitlab, "FY2024-Q2", "FY24-Q2", "2023-05-01", "2023-07-31"),
            (&gitlab, "FY24-H1", "FY24-H1", "2023-02-01", "2023-07-31"),
            (&gitlab, "FY2024-H2", "FY24-H2", "2023-08-01", "2024-01-31"),
            (&gitlab, "FY2024", "FY24", "2023-02-01", "2024-01-31"),
            // Sourcegraph: named by the start.
            (&sourcegraph, "FY20", "FY20", "2020-02-01", "2021-01-31"),
            (
                &sourcegraph,
                "FY20-Q2",
                "FY20-Q2",
                "2020-05-01",
                "2020-07-31",
            ),
            // Wikimedia's FY2025-26 is FY26 with a July start.
            (&wikimedia, "FY26", "FY26", "2025-07-01", "2026-06-30"),
            (&wikimedia, "FY26-H2", "FY26-H2", "2026-01-01", "2026-06-30"),
            (&wikimedia, "FY26-Q1", "FY26-Q1", "2025-07-01", "2025-09-30"),
            // The UK financial year.
            (&uk, "FY23", "FY23", "2022-04-01", "2023-03-31"),
            // Without a fiscal start, a fiscal year is the calendar year it names.
            (&plain, "FY26", "FY26", "2026-01-01", "2026-12-31"),
            (&plain, "FY26-Q4", "FY26-Q4", "2026-10-01", "2026-12-31"),
            // Four-digit fiscal years outside 2000–2099 print with four digits.
            (&plain, "FY1999-Q1", "FY1999-Q1", "1999-01-01", "1999-03-31"),
            (&plain, "FY99", "FY99", "2099-01-01", "2099-12-31"),
            // Leap years: February's last day.
            (&plain, "2028-Q1", "2028-Q1", "2028-01-01", "2028-03-31"),
            (
                &calendar("12-01", FiscalNaming::End),
                "FY29-Q1",
                "FY29-Q1",
                "2028-12-01",
                "2029-02-28",
            ),
            (
                &calendar("12-01", FiscalNaming::End),
                "FY28-Q1",
                "FY28-Q1",
                "2027-12-01",
                "2028-02-29",
            ),
            (
                &calendar("03-01", FiscalNaming::Start),
                "FY2027",
                "FY27",
                "2027-03-01",
                "2028-02-29",
            ),
            // A fiscal start late in the month.
            (
                &calendar("01-28", FiscalNaming::Start),
                "FY26-Q1",
                "FY26-Q1",
                "2026-01-28",
                "2026-04-27",
            ),
        ];
        for (cal, input, label, first, last) in cases {
            assert_eq!(
                window(cal, input),
                (
                    (*label).to_string(),
                    (*first).to_string(),
                    (*last).to_string()
                ),
                "{input}"
            );
        }
    }

    #[test]
    fn cycles_resolve_by_id_and_unknown_ones_suggest() {
        let cal = Calendar {
            cycles: vec![Cycle {
                id: "cycle-7".into(),
                name: "Cycle 7".into(),
                window: Window::new(d("2026-10-05"), d("2026-11-15")).unwrap(),
            }],
            ..Calendar::default()
        };
        assert_eq!(
            window(&cal, "cycle-7"),
            ("cycle-7".into(), "2026-10-05".into(), "2026-11-15".into())
        );
        assert_eq!(
            cal.parse("cycle-8"),
            Err(PeriodError::Unknown {
                given: "cycle-8".into(),
                suggestion: Some("cycle-7".into())
            })
        );
        assert_eq!(
            cal.parse("Q4 2026"),
            Err(PeriodError::Unknown {
                given: "Q4 2026".into(),
                suggestion: Some("2026-Q4".into())
            })
        );
        assert_eq!(
            cal.parse("2026-Q5").unwrap_err().to_string(),
            "unknown period `2026-Q5`"
        );
    }

    #[test]
    fn fiscal_start_is_mm_dd_with_a_day_every_month_has() {
        assert_eq!(
            FiscalStart::parse("02-01").map(|s| s.to_string()),
            Ok("02-01".into())
        );
        assert_eq!(
            FiscalStart::parse("12-28").map(|s| s.to_string()),
            Ok("12-28".into())
        );
        for (bad, why) in [
            (
                "2-1",
                "expected `MM-DD`, e.g. \"02-01\" for a fiscal year starting February 1",
            ),
            (
                "02-1",
                "expected `MM-DD`, e.g. \"02-01\" for a fiscal year starting February 1",
            ),
            (
                "2026-02-01",
                "expected `MM-DD`, e.g. \"02-01\" for a fiscal year starting February 1",
            ),
            ("13-01", "there is no month 13"),
            ("00-10", "there is no month 00"),
            (
                "01-29",
                "the day must be 01 to 28, so that every month has it (fiscal quarters start on the same day of the month); got 29",
            ),
            (
                "03-31",
                "the day must be 01 to 28, so that every month has it (fiscal quarters start on the same day of the month); got 31",
            ),
            (
                "04-00",
                "the day must be 01 to 28, so that every month has it (fiscal quarters start on the same day of the month); got 00",
            ),
        ] {
            assert_eq!(FiscalStart::parse(bad), Err(why.to_string()), "{bad}");
        }
    }

    #[test]
    fn containing_follows_cadence_and_fiscal_year() {
        let mut gitlab = calendar("02-01", FiscalNaming::End);
        let mut plain = Calendar::default();
        let cases: &[(Cadence, &str, &str, &str)] = &[
            (Cadence::Quarter, "2023-06-15", "FY24-Q2", "2023-Q2"),
            (Cadence::Quarter, "2024-01-31", "FY24-Q4", "2024-Q1"),
            (Cadence::Quarter, "2024-02-01", "FY25-Q1", "2024-Q1"),
            (Cadence::Half, "2023-07-31", "FY24-H1", "2023-H2"),
            (Cadence::Half, "2023-08-01", "FY24-H2", "2023-H2"),
            (Cadence::Year, "2023-01-31", "FY23", "2023"),
        ];
        for (cadence, date, fiscal, calendar_label) in cases {
            gitlab.cadence = *cadence;
            plain.cadence = *cadence;
            assert_eq!(
                gitlab.containing(d(date)).label.to_string(),
                *fiscal,
                "{date}"
            );
            assert_eq!(
                plain.containing(d(date)).label.to_string(),
                *calendar_label,
                "{date}"
            );
        }
        // Named by the start, and the quarter of a late start day.
        let sg = calendar("02-01", FiscalNaming::Start);
        assert_eq!(sg.containing(d("2020-06-15")).label.to_string(), "FY20-Q2");
        let late = calendar("01-28", FiscalNaming::Start);
        assert_eq!(
            late.containing(d("2026-04-27")).label.to_string(),
            "FY26-Q1"
        );
        assert_eq!(
            late.containing(d("2026-04-28")).label.to_string(),
            "FY26-Q2"
        );
        assert_eq!(
            late.containing(d("2026-01-27")).label.to_string(),
            "FY25-Q4"
        );
        // At the end of the year 9999 a fiscal year would reach past it: calendar instead.
        let edge = gitlab.containing(d("9999-12-31"));
        assert_eq!(edge.label.to_string(), "9999");
        gitlab.cadence = Cadence::Quarter;
        assert_eq!(
            gitlab.containing(d("9999-12-31")).label.to_string(),
            "9999-Q4"
        );
        assert_eq!(
            gitlab.containing(d("0001-01-15")).label.to_string(),
            "0001-Q1"
        );
    }

    #[test]
    fn out_of_range_labels_are_errors() {
        let gitlab = calendar("02-01", FiscalNaming::End);
        assert_eq!(
            gitlab.parse("FY0001").unwrap_err().to_string(),
            "period `FY0001` reaches outside the years 1–9999"
        );
        assert!(gitlab.parse("FY9999").is_ok());
        let sg = calendar("02-01", FiscalNaming::Start);
        assert!(sg.parse("FY9999").is_err());
    }
}
