//! Windows of days: an inclusive range from a first to a last day, how windows overlap,
//! and their JSON form (dates as `YYYY-MM-DD`).

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};

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

    /// Whether the window has begun on `date`: its first day is `date` or earlier. The one
    /// "has the period started" rule: a goal changed once its period has started is a
    /// goalpost move (`set`, `remove`, the goalpost audit).
    #[must_use]
    pub fn has_started(self, date: NaiveDate) -> bool {
        self.first_day <= date
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

/// Writes `date` into `s` as field `key`, `YYYY-MM-DD`.
pub(super) fn serialize_date<S: serde::ser::SerializeStruct>(
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_window_has_started_on_its_first_day_and_after() {
        let q4 = Window::new(d("2026-10-01"), d("2026-12-31")).unwrap();
        assert!(!q4.has_started(d("2026-09-30")));
        assert!(q4.has_started(d("2026-10-01")));
        assert!(q4.has_started(d("2027-01-01")));
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
