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
//!
//! The pieces: [`Window`] (days), [`Label`] (names), [`Quarter`] (calendar quarters),
//! [`Calendar`] (fiscal years, cadence, cycles: resolving a label to its days), and
//! [`Period`], a label with its window.

use std::fmt;

use serde::{Serialize, Serializer};

mod calendar;
mod label;
mod quarter;
mod window;

pub use calendar::{Cadence, Calendar, Cycle, FiscalNaming, FiscalStart, PeriodError};
pub use label::{LABEL_FORMS, Label};
pub use quarter::{Quarter, QuarterError};
pub use window::Window;

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
        window::serialize_date(&mut s, "first_day", self.window.first_day)?;
        window::serialize_date(&mut s, "last_day", self.window.last_day)?;
        s.end()
    }
}

impl fmt::Display for Period {
    /// `FY24-Q2, 2023-05-01 – 2023-07-31`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {}", self.label, self.window)
    }
}
