//! A check-in's rarer texts, the note and the provenance, held apart from it behind one
//! pointer (see `CheckIn::note` and `CheckIn::source`): most check-ins have neither.

/// The note and the provenance of one check-in.
#[derive(Debug, Clone, Default)]
pub(super) struct CheckInTexts {
    /// Note.
    pub(super) note: Option<String>,
    /// Provenance, when `northstar measure` wrote it.
    pub(super) source: Option<String>,
}
