//! Calendar quarters (`2026-Q4`) and the date arithmetic the roll-up needs on them.
//!
//! A quarter is a calendar quarter: Q1 is January–March, Q2 April–June, Q3 July–September,
//! Q4 October–December. The canonical label is `YYYY-Qn`. All date arithmetic goes through
//! chrono.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};

use crate::time::dates::{FIRST_DAY, LAST_DAY};

/// A calendar quarter, e.g. `2026-Q4` (October 1 through December 31, 2026).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: i32,
    /// 1–4.
    number: u8,
}

/// Why a quarter label was rejected, with the canonical spelling when one can be guessed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuarterError {
    /// The canonical label the input most likely meant (`"q4 2026"` → `2026-Q4`), if any.
    pub suggestion: Option<Quarter>,
}

impl Quarter {
    /// The quarter `number` (1–4) of `year`; `None` outside 1–4 or the years 1–9999
    /// ([`FIRST_DAY`], [`LAST_DAY`]).
    #[must_use]
    pub fn new(year: i32, number: u8) -> Option<Self> {
        ((1..=4).contains(&number) && (FIRST_DAY.year()..=LAST_DAY.year()).contains(&year))
            .then_some(Self { year, number })
    }

    /// The quarter that contains `date`.
    #[must_use]
    pub fn containing(date: NaiveDate) -> Self {
        // month0 is 0–11, so the number is 1–4 and always fits a u8.
        let number = u8::try_from(date.month0() / 3 + 1).unwrap_or(4);
        Self {
            year: date.year(),
            number,
        }
    }

    /// The calendar year.
    #[must_use]
    pub fn year(self) -> i32 {
        self.year
    }

    /// The quarter number, 1–4.
    #[must_use]
    pub fn number(self) -> u8 {
        self.number
    }

    /// The quarter's first day (e.g. 2026-10-01 for `2026-Q4`).
    #[must_use]
    pub fn first_day(self) -> NaiveDate {
        let month = u32::from(self.number - 1) * 3 + 1;
        NaiveDate::from_ymd_opt(self.year, month, 1).unwrap_or(NaiveDate::MIN)
    }

    fn next_first_day(self) -> Option<NaiveDate> {
        let (year, number) = if self.number == 4 {
            (self.year.checked_add(1)?, 1)
        } else {
            (self.year, self.number + 1)
        };
        NaiveDate::from_ymd_opt(year, u32::from(number - 1) * 3 + 1, 1)
    }

    /// The quarter's last day (e.g. 2026-12-31 for `2026-Q4`).
    #[must_use]
    pub fn last_day(self) -> NaiveDate {
        self.next_first_day()
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }

    /// Number of days in the quarter, 90–92.
    #[must_use]
    pub fn days(self) -> i64 {
        (self.last_day() - self.first_day()).num_days() + 1
    }

    /// Whether `date` falls inside the quarter (first and last day included).
    #[must_use]
    pub fn contains(self, date: NaiveDate) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }

    /// The following quarter (`2026-Q4` → `2027-Q1`); the last quarter, `9999-Q4`, has none
    /// and is its own.
    #[must_use]
    pub fn next(self) -> Self {
        self.next_first_day()
            .filter(|d| *d <= LAST_DAY)
            .map_or(self, Self::containing)
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-Q{}", self.year, self.number)
    }
}

impl Serialize for Quarter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl FromStr for Quarter {
    type Err = QuarterError;

    /// Parses the canonical `YYYY-Qn` form only. On failure, a few common spellings
    /// (`2026-q4`, `2026Q4`, `Q4 2026`, `Q4-2026`) are recognised to suggest the canonical one.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(q) = parse_canonical(s) {
            return Ok(q);
        }
        Err(QuarterError {
            suggestion: parse_loose(s),
        })
    }
}

fn parse_canonical(s: &str) -> Option<Quarter> {
    let (year, number) = s.split_once("-Q")?;
    if year.len() != 4 || number.len() != 1 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Quarter::new(year.parse().ok()?, number.parse().ok()?)
}

fn parse_loose(s: &str) -> Option<Quarter> {
    let upper = s.trim().to_ascii_uppercase();
    let parts: Vec<&str> = upper
        .split(['-', ' ', '/', '_'])
        .filter(|p| !p.is_empty())
        .collect();
    let (year, number) = match parts.as_slice() {
        [a, b] if b.starts_with('Q') => (*a, &b[1..]),
        [a, b] if a.starts_with('Q') => (*b, &a[1..]),
        [one] => one.split_once('Q')?,
        _ => return None,
    };
    parse_canonical(&format!("{year}-Q{number}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn parses_canonical_labels() {
        let q: Quarter = "2026-Q4".parse().unwrap();
        assert_eq!((q.year(), q.number()), (2026, 4));
        assert_eq!(q.to_string(), "2026-Q4");
        // Found by the `dates` fuzzer: a year below 1000 prints with four digits, so the
        // label parses back.
        let early: Quarter = "0026-Q4".parse().unwrap();
        assert_eq!(early.to_string(), "0026-Q4");
    }

    #[test]
    fn rejects_and_suggests() {
        for (input, suggestion) in [
            ("2026-q4", Some("2026-Q4")),
            ("2026Q4", Some("2026-Q4")),
            ("Q1 2027", Some("2027-Q1")),
            ("q2-2027", Some("2027-Q2")),
            ("2026-Q5", None),
            ("2026-Q0", None),
            ("26-Q4", None),
            ("", None),
            ("Q4", None),
        ] {
            let err = input.parse::<Quarter>().unwrap_err();
            assert_eq!(
                err.suggestion.map(|q| q.to_string()).as_deref(),
                suggestion,
                "{input}"
            );
        }
    }

    #[test]
    fn boundaries_and_lengths() {
        let cases = [
            ("2026-Q1", "2026-01-01", "2026-03-31", 90),
            ("2028-Q1", "2028-01-01", "2028-03-31", 91), // leap year
            ("2026-Q2", "2026-04-01", "2026-06-30", 91),
            ("2026-Q3", "2026-07-01", "2026-09-30", 92),
            ("2026-Q4", "2026-10-01", "2026-12-31", 92),
        ];
        for (label, first, last, days) in cases {
            let q: Quarter = label.parse().unwrap();
            assert_eq!(q.first_day(), date(first), "{label}");
            assert_eq!(q.last_day(), date(last), "{label}");
            assert_eq!(q.days(), days, "{label}");
        }
    }

    #[test]
    fn quarters_span_the_years_1_to_9999() {
        assert!("0000-Q4".parse::<Quarter>().is_err());
        let last: Quarter = "9999-Q4".parse().unwrap();
        assert_eq!(last.last_day(), LAST_DAY);
        assert_eq!(last.next(), last);
        assert_eq!("0001-Q1".parse::<Quarter>().unwrap().first_day(), FIRST_DAY);
    }

    #[test]
    fn containing_and_next() {
        assert_eq!(
            Quarter::containing(date("2026-12-31")).to_string(),
            "2026-Q4"
        );
        assert_eq!(
            Quarter::containing(date("2026-10-01")).to_string(),
            "2026-Q4"
        );
        assert_eq!(
            Quarter::containing(date("2026-09-30")).to_string(),
            "2026-Q3"
        );
        let q4: Quarter = "2026-Q4".parse().unwrap();
        assert_eq!(q4.next().to_string(), "2027-Q1");
        assert!(q4.contains(date("2026-11-20")));
        assert!(!q4.contains(date("2027-01-01")));
    }
}
