//! A check-in's constructor and its rarer texts (the note, the provenance, held in
//! [`CheckInTexts`] behind one pointer so the tens of thousands of check-ins of a large
//! plan stay small).

use chrono::NaiveDate;

use super::texts::CheckInTexts;
use super::{CheckIn, Measured, Reading};
use crate::diagnostic::Loc;

impl CheckIn {
    /// A check-in of `value` for `target` on `date`, without confidence or texts.
    #[must_use]
    pub fn new(target: Measured, date: NaiveDate, value: Reading, loc: Loc) -> Self {
        Self {
            target,
            date,
            value,
            confidence: None,
            by: None,
            texts: None,
            loc,
        }
    }

    /// The note.
    #[must_use]
    pub fn note(&self) -> Option<&str> {
        self.texts.as_ref()?.note.as_deref()
    }

    /// Provenance, when `northstar measure` wrote it (`file:data/velocity.csv column value`).
    #[must_use]
    pub fn source(&self) -> Option<&str> {
        self.texts.as_ref()?.source.as_deref()
    }

    /// Sets the note and the provenance (`None`, `None` holds nothing).
    pub fn set_texts(&mut self, note: Option<String>, source: Option<String>) {
        self.texts =
            (note.is_some() || source.is_some()).then(|| Box::new(CheckInTexts { note, source }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::model::KeyResult;

    // A large plan holds 60,000 check-ins and 10,000 key results: a field added to either
    // shows here first, and in every command's peak memory (issue 23: at most 4x the plan's
    // size on disk).

    #[test]
    fn a_checkin_stays_small() {
        // 160 bytes with the note, `by` and the provenance as three `Option<String>`s inline.
        assert_eq!(std::mem::size_of::<CheckIn>(), 112);
    }

    #[test]
    fn a_key_result_stays_small() {
        // 336 bytes with its `source` inline.
        assert_eq!(std::mem::size_of::<KeyResult>(), 200);
    }

    #[test]
    fn texts_round_trip() {
        let mut c = CheckIn::new(
            Measured::NorthStar,
            NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            Reading::Done(true),
            Loc::default(),
        );
        assert_eq!((c.note(), c.source()), (None, None));
        c.set_texts(None, Some("file:a.csv".into()));
        assert_eq!((c.note(), c.source()), (None, Some("file:a.csv")));
        c.set_texts(Some("late".into()), None);
        assert_eq!((c.note(), c.source()), (Some("late"), None));
        c.set_texts(None, None);
        assert!(c.texts.is_none());
    }
}
