//! Periods on the organisation's own calendar: calendar quarters, halves and years, fiscal
//! quarters, halves and years, and custom cycles; each resolves to an inclusive [`Window`]
//! of days.
//!
//! Labels (case-insensitive on input, printed canonically):
//!
//! | label | meaning |
//! |---|---|
//! | `2026-Q4`, `2026-H1`, `2026` | calendar quarter, half, year (always calendar) |
//! | `FY24-Q2`, `FY24-H1`, `FY24` | fiscal quarter, half, year per the plan's fiscal year |
//! | `FY2024-Q2`, `FY2024-H1`, `FY2024` | the same with a four-digit year |
//! | `cycle-7` | the id of a `[[cycle]]` |
//!
//! A two-digit fiscal year means 20xx. Fiscal labels print with two digits for the years
//! 2000–2099 (`FY24-Q2`) and four otherwise (`FY1999`), so every printed label parses back
//! to the same period.
//!
//! The fiscal year starts on `fiscal_year_start` (month and day, the day 1–28 so that every
//! month has it; default January 1). Named by its end (the default, as GitLab, Microsoft
//! and the US government do), FY24 is the fiscal year that ends in 2024: with a February
//! start, 2023-02-01 through 2024-01-31; with a January start, calendar 2024. Named by its
//! start (as Sourcegraph's handbook does), FY20 starts in 2020. Fiscal quarter n starts
//! 3(n − 1) months after the fiscal year's first day, on the same day of the month; fiscal
//! half n starts 6(n − 1) months after it; each ends the day before the next begins. All
//! date arithmetic is chrono's (`checked_add_months`).

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Serialize, Serializer};

use crate::time::quarter::{FIRST_DAY, LAST_DAY, Quarter};

/// An inclusive range of days: `first_day` through `last_day`, `first_day <= last_day`.
/// JSON: `{first_day, last_day}`, dates as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Window {
    /// The first day, included.
    pub first_day: NaiveDate,
    /// The last day, included.
    pub last_day: NaiveDate,
}

impl Window {
    /// The window `first_day..=last_day`; `None` when `last_day` is before `first_day`.
    #[must_use]
    pub fn new(first_day: NaiveDate, last_day: NaiveDate) -> Option<Self> {
        (first_day <= last_day).then_some(Self {
            first_day,
            last_day,
        })
    }

    /// Number of days, both ends included (at least 1).
    #[must_use]
    pub fn days(self) -> i64 {
        (self.last_day - self.first_day).num_days() + 1
    }

    /// Whether `date` lies inside (both ends included).
    #[must_use]
    pub fn contains(self, date: NaiveDate) -> bool {
        self.first_day <= date && date <= self.last_day
    }

    /// Whether the two windows share at least one day.
    #[must_use]
    pub fn overlaps(self, other: Window) -> bool {
        self.first_day <= other.last_day && other.first_day <= self.last_day
    }

    /// Whether every day of `other` lies inside this window.
    #[must_use]
    pub fn covers(self, other: Window) -> bool {
        self.first_day <= other.first_day && other.last_day <= self.last_day
    }

    /// Number of days the two windows share, both ends included (0 when disjoint).
    #[must_use]
    pub fn overlap_days(self, other: Window) -> i64 {
        let first = self.first_day.max(other.first_day);
        let last = self.last_day.min(other.last_day);
        ((last - first).num_days() + 1).max(0)
    }
}

/// A date as `YYYY-MM-DD`, the way chrono prints dates of the years 1–9999 (the only
/// years a plan holds), written straight into a buffer: the JSON reports carry a window on
/// every key result, and going through `fmt` for each date cost more than the rest of the
/// window's serialization.
fn iso_date(date: NaiveDate) -> [u8; 10] {
    let digit = |n: u32| b'0' + u8::try_from(n % 10).unwrap_or(0);
    let year = date.year().clamp(0, 9999).unsigned_abs();
    let (month, day) = (date.month(), date.day());
    [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ]
}

fn serialize_date<S: serde::ser::SerializeStruct>(
    s: &mut S,
    key: &'static str,
    date: NaiveDate,
) -> Result<(), S::Error> {
    let text = iso_date(date);
    s.serialize_field(key, std::str::from_utf8(&text).unwrap_or_default())
}

impl Serialize for Window {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Window", 2)?;
        serialize_date(&mut s, "first_day", self.first_day)?;
        serialize_date(&mut s, "last_day", self.last_day)?;
        s.end()
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} – {}", self.first_day, self.last_day)
    }
}

/// The name of a period, as written in a plan or on the command line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    /// A calendar quarter, `2026-Q4`.
    Quarter(Quarter),
    /// A calendar half, `2026-H1` (`half` is 1 or 2).
    Half {
        /// The calendar year.
        year: i32,
        /// 1 or 2.
        half: u8,
    },
    /// A calendar year, `2026`.
    Year(i32),
    /// A fiscal quarter, `FY24-Q2` (`year` is the full fiscal year number, 2024).
    FiscalQuarter {
        /// The fiscal year's number.
        year: i32,
        /// 1–4.
        quarter: u8,
    },
    /// A fiscal half, `FY24-H1`.
    FiscalHalf {
        /// The fiscal year's number.
        year: i32,
        /// 1 or 2.
        half: u8,
    },
    /// A fiscal year, `FY24`.
    FiscalYear(i32),
    /// The id of a `[[cycle]]`.
    Cycle(String),
}

impl Label {
    /// Reads a period label in any of its forms (case-insensitive); `None` when `s` is not
    /// one (it may still be a cycle id: see [`Label::parse_or_cycle`]).
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        let upper = s.to_ascii_uppercase();
        if let Some(rest) = upper.strip_prefix("FY") {
            let (digits, part) = rest
                .split_once('-')
                .map_or((rest, None), |(d, p)| (d, Some(p)));
            if !all_digits(digits) {
                return None;
            }
            let year: i32 = match digits.len() {
                2 => 2000 + digits.parse::<i32>().ok()?,
                4 => digits.parse().ok()?,
                _ => return None,
            };
            if year < 1 {
                return None;
            }
            return match part.map(|p| p.split_at_checked(1)) {
                None => Some(Self::FiscalYear(year)),
                Some(Some(("Q", n))) => {
                    number(n, 4).map(|quarter| Self::FiscalQuarter { year, quarter })
                }
                Some(Some(("H", n))) => number(n, 2).map(|half| Self::FiscalHalf { year, half }),
                Some(_) => None,
            };
        }
        let (digits, part) = upper
            .split_once('-')
            .map_or((upper.as_str(), None), |(d, p)| (d, Some(p)));
        if digits.len() != 4 || !all_digits(digits) {
            return None;
        }
        let year: i32 = digits.parse().ok()?;
        if year < 1 {
            return None;
        }
        match part.map(|p| p.split_at_checked(1)) {
            None => Some(Self::Year(year)),
            Some(Some(("Q", n))) => Quarter::new(year, number(n, 4)?).map(Self::Quarter),
            Some(Some(("H", n))) => number(n, 2).map(|half| Self::Half { year, half }),
            Some(_) => None,
        }
    }

    /// Reads a label, or else takes `s` as the id of a cycle (resolved, or found unknown,
    /// by [`Calendar::resolve`]).
    #[must_use]
    pub fn parse_or_cycle(s: &str) -> Self {
        Self::parse(s).unwrap_or_else(|| Self::Cycle(s.to_string()))
    }

    /// The canonical label a near miss most likely meant: `Q4 2026` → `2026-Q4`,
    /// `fy24q2` → `FY24-Q2`, `H1/2026` → `2026-H1`. `None` when nothing close reads as a
    /// label.
    #[must_use]
    pub fn suggest(s: &str) -> Option<Self> {
        let upper = s.trim().to_ascii_uppercase();
        let fiscal = upper.contains("FY");
        let tokens: String = upper
            .replace("FY", " ")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect();
        // Split into year digits and an optional Qn / Hn part, in either order.
        let mut year = None;
        let mut part = None;
        for token in tokens.split_whitespace() {
            let mut rest = token;
            while !rest.is_empty() {
                if let Some(p) = rest.strip_prefix(['Q', 'H']) {
                    let n = p.chars().next().filter(char::is_ascii_digit)?;
                    part = Some(format!("{}{n}", &rest[..1]));
                    rest = &p[1..];
                } else {
                    let end = rest
                        .find(|c: char| !c.is_ascii_digit())
                        .unwrap_or(rest.len());
                    if end == 0 {
                        return None;
                    }
                    year = Some(&rest[..end]);
                    rest = &rest[end..];
                }
            }
        }
        let year = year?;
        let candidate = match (fiscal, part) {
            (true, Some(p)) => format!("FY{year}-{p}"),
            (true, None) => format!("FY{year}"),
            (false, Some(p)) => format!("{year}-{p}"),
            (false, None) => return None,
        };
        Self::parse(&candidate).filter(|label| label.to_string() != s)
    }

    /// Whether the label is a fiscal one (`FY…`).
    #[must_use]
    pub fn is_fiscal(&self) -> bool {
        matches!(
            self,
            Self::FiscalQuarter { .. } | Self::FiscalHalf { .. } | Self::FiscalYear(_)
        )
    }

    /// What kind of period it is, as a noun: `quarter`, `half`, `year` or `cycle`.
    #[must_use]
    pub fn noun(&self) -> &'static str {
        match self {
            Self::Quarter(_) | Self::FiscalQuarter { .. } => "quarter",
            Self::Half { .. } | Self::FiscalHalf { .. } => "half",
            Self::Year(_) | Self::FiscalYear(_) => "year",
            Self::Cycle(_) => "cycle",
        }
    }

    /// The label as a suffix for carried ids: canonical, lowercased, dashes removed
    /// (`FY24-Q2` → `fy24q2`, `2027-Q1` → `2027q1`).
    #[must_use]
    pub fn id_suffix(&self) -> String {
        self.to_string().to_ascii_lowercase().replace('-', "")
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `n` as a number from 1 to `max`, one digit.
fn number(n: &str, max: u8) -> Option<u8> {
    let n: u8 = (n.len() == 1).then(|| n.parse().ok())??;
    (1..=max).contains(&n).then_some(n)
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fy = |f: &mut fmt::Formatter<'_>, year: i32| {
            if (2000..=2099).contains(&year) {
                write!(f, "FY{:02}", year - 2000)
            } else {
                write!(f, "FY{year:04}")
            }
        };
        match self {
            Self::Quarter(q) => write!(f, "{q}"),
            Self::Half { year, half } => write!(f, "{year:04}-H{half}"),
            Self::Year(year) => write!(f, "{year:04}"),
            Self::FiscalQuarter { year, quarter } => {
                fy(f, *year)?;
                write!(f, "-Q{quarter}")
            }
            Self::FiscalHalf { year, half } => {
                fy(f, *year)?;
                write!(f, "-H{half}")
            }
            Self::FiscalYear(year) => fy(f, *year),
            Self::Cycle(id) => f.write_str(id),
        }
    }
}

impl Serialize for Label {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A period: its label and the days it covers. JSON: `{label, first_day, last_day}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Period {
    /// Its canonical label.
    pub label: Label,
    /// The days it covers.
    pub window: Window,
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Period", 3)?;
        s.serialize_field("label", &self.label)?;
        serialize_date(&mut s, "first_day", self.window.first_day)?;
        serialize_date(&mut s, "last_day", self.window.last_day)?;
        s.end()
    }
}

impl fmt::Display for Period {
    /// `FY24-Q2, 2023-05-01 – 2023-07-31`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {}", self.label, self.window)
    }
}

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

/// How period labels are written, for the help of command-line errors.
pub const LABEL_FORMS: &str = "periods are written 2026-Q4, 2026-H1, 2026, FY24-Q2, FY24-H1, FY24, or name a `[[cycle]]` of the plan";

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
    fn labels_and_near_misses() {
        for not_label in [
            "2026-Q5", "2026-Q0", "26-Q4", "FY2-Q1", "FY24-Q5", "FY24-H3", "FY24Q2", "cycle-7", "",
            "0000", "FY0000", "2026-Q10",
        ] {
            assert_eq!(Label::parse(not_label), None, "{not_label}");
        }
        for (input, suggestion) in [
            ("Q4 2026", Some("2026-Q4")),
            ("2026Q4", Some("2026-Q4")),
            ("q2-2027", Some("2027-Q2")),
            ("H1 2026", Some("2026-H1")),
            ("FY24Q2", Some("FY24-Q2")),
            ("fy 24 q2", Some("FY24-Q2")),
            ("Q2 FY2024", Some("FY24-Q2")),
            ("FY 24", Some("FY24")),
            ("2026-Q4", None),
            ("2026-Q5", None),
            ("cycle-8", None),
            ("Q4", None),
        ] {
            assert_eq!(
                Label::suggest(input).map(|l| l.to_string()).as_deref(),
                suggestion,
                "{input}"
            );
        }
        assert_eq!(Label::parse("FY24-Q2").unwrap().id_suffix(), "fy24q2");
        assert_eq!(Label::parse("2027-q1").unwrap().id_suffix(), "2027q1");
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

    #[test]
    fn dates_serialize_as_chrono_prints_them() {
        for date in [
            "0001-01-01",
            "0026-10-05",
            "2026-11-20",
            "2028-02-29",
            "9999-12-31",
        ] {
            let day = d(date);
            assert_eq!(
                std::str::from_utf8(&iso_date(day)),
                Ok(day.to_string().as_str())
            );
        }
        let w = Window::new(d("2026-10-01"), d("2026-12-31")).unwrap();
        assert_eq!(
            serde_json::to_string(&w).unwrap(),
            r#"{"first_day":"2026-10-01","last_day":"2026-12-31"}"#
        );
    }

    #[test]
    fn windows_overlap_and_prorate() {
        let w = |a: &str, b: &str| Window::new(d(a), d(b)).unwrap();
        let h2 = w("2026-07-01", "2026-12-31");
        let q4 = w("2026-10-01", "2026-12-31");
        assert_eq!(h2.days(), 184);
        assert!(h2.overlaps(q4) && q4.overlaps(h2) && h2.covers(q4) && !q4.covers(h2));
        assert_eq!(h2.overlap_days(q4), 92);
        assert_eq!(q4.overlap_days(w("2027-01-01", "2027-01-31")), 0);
        assert!(!q4.overlaps(w("2027-01-01", "2027-01-31")));
        assert_eq!(w("2026-12-31", "2027-01-01").overlap_days(q4), 1);
        assert_eq!(Window::new(d("2026-10-02"), d("2026-10-01")), None);
    }
}
