//! The check-ins that count on the as-of date, by the measure they are for: what every
//! row of the roll-up reads its current value, history length and staleness from.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::plan::model::{CheckIn, KrRef, Measured, Plan, Reading};

/// The check-ins of one measure that count on the as-of date, oldest first.
pub(super) struct Series<'p> {
    pub(super) counted: Vec<&'p CheckIn>,
}

impl Series<'_> {
    pub(super) fn latest(&self) -> Option<&CheckIn> {
        self.counted.last().copied()
    }

    pub(super) fn previous(&self) -> Option<&CheckIn> {
        self.counted.len().checked_sub(2).map(|i| self.counted[i])
    }
}

/// The check-ins that count on the as-of date (dated on or before it), by what they are
/// for, each list oldest first (file order breaks ties).
pub(super) struct Counted<'p> {
    pub(super) plan: &'p Plan,
    pub(super) as_of: NaiveDate,
    by_target: HashMap<Measured, Vec<&'p CheckIn>>,
}

impl<'p> Counted<'p> {
    pub(super) fn new(plan: &'p Plan, as_of: NaiveDate) -> Self {
        Self {
            plan,
            as_of,
            by_target: plan.checkins_by_measure(as_of),
        }
    }

    /// The counted check-ins of `m` itself.
    pub(super) fn series(&self, m: Measured) -> Series<'p> {
        Series {
            counted: self.by_target.get(&m).cloned().unwrap_or_default(),
        }
    }

    /// A key result's counted check-ins (of the series it reads): those from its window's
    /// first day on. One before the window is the starting point, not progress made in it.
    pub(super) fn key_result(&self, r: KrRef) -> Series<'p> {
        let first_day = self.plan.key_result(r).window.first_day;
        let mut s = self.series(self.plan.series_of(Measured::KeyResult(r)));
        s.counted.retain(|c| c.date >= first_day);
        s
    }

    /// A measure's counted numeric readings, oldest first; a key result `measured_by` a
    /// series reads that series.
    pub(super) fn numbers(&self, m: Measured) -> Vec<(NaiveDate, f64)> {
        self.series(self.plan.series_of(m))
            .counted
            .iter()
            .filter_map(|c| match c.value {
                Reading::Number(v) => Some((c.date, v)),
                Reading::Done(_) => None,
            })
            .collect()
    }
}
