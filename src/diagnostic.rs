//! Diagnostics about a plan: the stable code list and the `Diagnostic` itself; the
//! source files they point into (`source`) and their renderings: rustc-style text through
//! annotate-snippets (`human`), JSON (`json`) and GitHub annotations (`github`).
//!
//! Diagnostics are data, never Rust errors: loading and validating a plan collects every
//! problem into a `Vec<Diagnostic>` and carries on as far as it safely can.

mod github;
mod human;
mod json;
mod source;

use std::fmt;
use std::ops::Range;

use serde::Serialize;

use crate::text::sanitize;

pub use self::github::github_annotations;
pub use self::human::{render_human, summary_line, warning_summary};
pub use self::json::{JsonCheck, JsonDiagnostic, JsonRelated, to_json};
pub use self::source::{Position, SourceFile, Sources};

/// How bad a diagnostic is. Errors stop reports; warnings are summarised on stderr
/// (and become failures under `check --deny-warnings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The plan cannot be rolled up until this is fixed.
    Error,
    /// The plan rolls up, but something deserves a look.
    Warning,
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $severity:ident, $summary:literal; )*) => {
        /// Every diagnostic code northstar emits. Codes are stable kebab-case strings:
        /// scripts and CI may match on them. Each has a fixed severity.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// All codes, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable kebab-case name, e.g. `duplicate-id`.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The severity this code always has.
            #[must_use]
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// One line saying what the code means (used in docs/diagnostics.md's table).
            #[must_use]
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }
        }
    };
}

codes! {
    /// A TOML syntax error.
    TomlSyntax = "toml-syntax", Error, "the file is not valid TOML";
    /// A file that is not UTF-8.
    InvalidUtf8 = "invalid-utf8", Error, "the file is not valid UTF-8 text";
    /// An included file that cannot be read.
    UnreadableFile = "unreadable-file", Error, "an included file cannot be read";
    /// A key the schema does not know.
    UnknownKey = "unknown-key", Error, "a key the plan format does not know (often a typo)";
    /// A value of the wrong TOML type.
    WrongType = "wrong-type", Error, "a value of the wrong type (a string where a number belongs, ...)";
    /// A value outside its allowed set.
    InvalidValue = "invalid-value", Error, "a value outside its allowed set (e.g. `status = \"runing\"`, or a key result's `target = \"soon\"`: a number or `\"tbd\"`)";
    /// A required field is missing.
    MissingField = "missing-field", Error, "a required field is missing";
    /// The main file has no `[plan]`.
    MissingPlan = "missing-plan", Error, "the main plan file has no `[plan]` table";
    /// `[plan]` in an included file.
    PlanInInclude = "plan-in-include", Error, "`[plan]` stands in an included file; it belongs in the main file only";
    /// More than one `[north_star]`.
    DuplicateNorthStar = "duplicate-north-star", Error, "more than one `[north_star]` across the plan";
    /// An id used twice.
    DuplicateId = "duplicate-id", Error, "an id defined twice; all ids share one namespace across all files";
    /// An id that does not match `[a-z0-9][a-z0-9._-]*`.
    InvalidId = "invalid-id", Error, "an id that does not match `[a-z0-9][a-z0-9._-]*`";
    /// A reference to an id that does not exist.
    UnknownReference = "unknown-reference", Error, "a reference (pillar, inputs, drives, metric) to an id that does not exist";
    /// A reference to an id of the wrong kind.
    WrongReferenceKind = "wrong-reference-kind", Error, "a reference to an id of the wrong kind (e.g. `pillar` naming an objective)";
    /// A period that is neither a label nor a cycle of the plan.
    UnknownPeriod = "unknown-period", Error, "a period that is neither a label (`2026-Q4`, `2026-H1`, `2026`, `FY24-Q2`, `FY24-H1`, `FY24`) nor the id of a `[[cycle]]`, or one reaching outside the years 1–9999";
    /// An objective that is its own ancestor.
    AlignmentCycle = "alignment-cycle", Error, "an objective that is its own ancestor through `parent`/`parents` (objective or key result parents)";
    /// A team that is its own ancestor.
    TeamCycle = "team-cycle", Error, "a team that is its own ancestor through `parent`";
    /// A `measured_by` that cannot serve as the key result's series.
    MeasuredByMismatch = "measured-by-mismatch", Error, "a `measured_by` naming a measure of the wrong kind (numbers for a milestone, or the reverse) or one that takes no check-ins of its own";
    /// A check-in naming a key result whose progress comes from elsewhere.
    CheckinOnDerivedKeyResult = "checkin-on-derived-key-result", Error, "a check-in naming a key result with `progress_from = \"children\"` or `measured_by` (check in on the series, or on the children)";
    /// A malformed `fiscal_year_start`.
    InvalidFiscalStart = "invalid-fiscal-start", Error, "a `fiscal_year_start` that is not `MM-DD`, or whose day is after 28";
    /// A date that is not a plain local date.
    InvalidDate = "invalid-date", Error, "a date that is not a plain TOML date like `2026-10-15`";
    /// Dates in an impossible order.
    DateOrder = "date-order", Error, "dates in an impossible order (a bet decided before it started, a cycle or window ending before it starts)";
    /// baseline equals target.
    BaselineEqualsTarget = "baseline-equals-target", Error, "a numeric key result or metric whose baseline equals its target (progress is undefined)";
    /// NaN or infinity.
    NonFiniteNumber = "non-finite-number", Error, "a number that is `nan` or infinite";
    /// weight ≤ 0.
    InvalidWeight = "invalid-weight", Error, "a weight that is not greater than 0";
    /// A number outside its range.
    OutOfRange = "out-of-range", Error, "a number outside its range (beyond ±1e15, appetite ≤ 0, negative effort, a share outside 0–1, ...)";
    /// confidence outside 0–1.
    ConfidenceOutOfRange = "confidence-out-of-range", Error, "a check-in confidence outside 0.0–1.0";
    /// A check-in value of the wrong kind for its measure.
    CheckinTypeMismatch = "checkin-type-mismatch", Error, "a check-in value of the wrong kind: a number for a milestone, or true/false for a numeric measure";
    /// Fields that cannot stand together, or a key result with no shape.
    ConflictingFields = "conflicting-fields", Error, "fields that cannot stand together (`milestone` with `target`, `period` with `quarter`, an initiative's `period` with `start`/`end`, `start` without `end`), or a key result with none of them";
    /// A decided bet without its decision recorded.
    MissingDecision = "missing-decision", Error, "a validated, invalidated or killed bet without `decided` and `outcome`";
    /// A malformed include glob.
    InvalidInclude = "invalid-include", Error, "an `include` glob that is not a valid pattern";
    /// An include glob that matches nothing.
    IncludeNoMatch = "include-no-match", Error, "an `include` glob that matches no file";
    /// A plan path that leads out of the main file's directory.
    PathOutsidePlan = "path-outside-plan", Error, "an `include` pattern, the `checkin_log` or a `source` file that leads outside the main plan file's directory (an absolute path, `..`, or a symbolic link), or an include or the `checkin_log` into git's metadata (`.git`)";
    /// No `[north_star]` anywhere.
    MissingNorthStar = "missing-north-star", Warning, "no `[north_star]` in any file of the plan (reports leave the North Star out)";
    /// Pillar count outside 2–4.
    PillarCount = "pillar-count", Warning, "fewer than 2 or more than 4 strategic pillars";
    /// An objective without key results.
    ObjectiveWithoutKeyResults = "objective-without-key-results", Warning, "an objective with no key results";
    /// An objective without an owner.
    ObjectiveWithoutOwner = "objective-without-owner", Warning, "an objective with no owner";
    /// A key result whose last check-in is too old.
    StaleKeyResult = "stale-key-result", Warning, "a key result shown, inside its window and not done, with no check-in for more than `stale_after_days`";
    /// A draft key result once its objective's period has started.
    DraftKeyResult = "draft-key-result", Warning, "a draft key result (`target = \"tbd\"`) shown in the selected period, once its objective's period has started";
    /// A bet past its decide-by date.
    OverdueBet = "overdue-bet", Warning, "a running or proposed bet past its decide-by date";
    /// A dora source on a measure whose declared unit its value is not written in.
    SourceUnitMismatch = "source-unit-mismatch", Error, "a measure with a `dora` source declares a `unit` its value is not written in (deploys/day; hours or `min`; a fraction or `%`)";
    /// A running bet whose kill criteria are met.
    KillCriteriaMet = "kill-criteria-met", Warning, "a running bet whose `kill_when` criterion holds on the as-of date";
    /// Portfolio mix outside its target.
    PortfolioMix = "portfolio-mix", Warning, "the funded bets' mix of risk classes is outside target ± tolerance";
    /// Capacity outside its target.
    CapacityMix = "capacity-mix", Warning, "the period's initiative effort by work kind (prorated to the period) is outside target ± tolerance";
    /// A check-in from the future.
    CheckinInFuture = "checkin-in-future", Warning, "a check-in dated after today";
    /// A check-in outside its key result's window.
    CheckinOutsideWindow = "checkin-outside-window", Warning, "a key result check-in dated outside the key result's window (one before the window but inside its objective's period is fine)";
    /// A key result fed by children that has none in the period.
    DerivedKeyResultWithoutChildren = "derived-key-result-without-children", Warning, "a key result with `progress_from = \"children\"` and no objective under it in the selected period";
    /// An objective under a key result that does not roll it up.
    UncountedObjective = "uncounted-objective", Warning, "an objective shown whose parents shown are all key results without `progress_from = \"children\"`: it is drawn under them but its progress counts in no key result, objective, pillar or period";
    /// A key result window reaching outside its objective's period.
    KeyResultWindowOutsidePeriod = "key-result-window-outside-period", Warning, "a key result whose `start`–`due` window has days outside its objective's period";
    /// A key result's baseline or target changed after its quarter began.
    GoalpostMoved = "goalpost-moved", Warning, "an objective's period, or a key result's baseline or target, differs from the last commit before its period began";
    /// A `[[change]]` record whose move the plan does not show.
    UnappliedChange = "unapplied-change", Warning, "a `[[change]]` record whose `to` is not the plan's value of its field (a `set` interrupted between its two writes, or an edit since): left alone, a later hand edit to that value would read as recorded";
    /// A `[[objective.key_result]]` after another array table, which TOML attaches to the
    /// last `[[objective]]` above it.
    KeyResultAfterOtherTables = "key-result-after-other-tables", Warning, "a `[[objective.key_result]]` whose nearest array-table header above (other key results aside) is not `[[objective]]`, such as one appended after the `[[bet]]` tables: TOML attaches it to the last `[[objective]]` before it";
    /// A bidirectional control character in a plan file (Trojan Source).
    SuspiciousUnicode = "suspicious-unicode", Warning, "an invisible bidirectional control character (U+202A–U+202E, U+2066–U+2069) in a plan file, which can make text display in another order than it is stored (Trojan Source, CVE-2021-42574)";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub usize);

/// A place in a source file: a byte range of its text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Loc {
    /// The file.
    pub file: FileId,
    /// Byte offsets into the file's text.
    pub span: Range<usize>,
}

impl Loc {
    /// A location in `file` covering `span` (byte offsets).
    #[must_use]
    pub fn new(file: FileId, span: Range<usize>) -> Self {
        Self { file, span }
    }
}

/// A marked place: a location and what to say there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub loc: Loc,
    /// What to say under the caret (may be empty).
    pub message: String,
}

/// One problem found in a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The stable code; also fixes the severity.
    pub code: Code,
    /// One lowercase sentence, names in backticks.
    pub message: String,
    /// The exact place (None only for plan-wide problems with no better place).
    pub primary: Option<Label>,
    /// Related places (e.g. the first definition of a duplicate id).
    pub secondary: Vec<Label>,
    /// A suggested fix, when one is known.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with `code` and `message` at `loc` with no label text.
    #[must_use]
    pub fn new(code: Code, message: impl Into<String>, loc: Loc) -> Self {
        Self {
            code,
            // Messages, labels and help quote plan text: what no terminal shows as it is
            // (control characters, bidirectional overrides) never reaches one ([`sanitize`]).
            message: sanitize(&message.into()),
            primary: Some(Label {
                loc,
                message: String::new(),
            }),
            secondary: Vec::new(),
            help: None,
        }
    }

    /// A diagnostic with no source location.
    #[must_use]
    pub fn global(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: sanitize(&message.into()),
            primary: None,
            secondary: Vec::new(),
            help: None,
        }
    }

    /// Sets the text under the primary caret.
    #[must_use]
    pub fn label(mut self, message: impl Into<String>) -> Self {
        if let Some(primary) = &mut self.primary {
            primary.message = sanitize(&message.into());
        }
        self
    }

    /// Adds a related place.
    #[must_use]
    pub fn secondary(mut self, loc: Loc, message: impl Into<String>) -> Self {
        self.secondary.push(Label {
            loc,
            message: sanitize(&message.into()),
        });
        self
    }

    /// Sets the suggested fix.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(sanitize(&help.into()));
        self
    }

    /// The code's severity.
    #[must_use]
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// Counts of errors and warnings in a list of diagnostics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
}

impl Tally {
    /// Counts `diagnostics` by severity.
    #[must_use]
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .count();
        Self {
            errors,
            warnings: diagnostics.len() - errors,
        }
    }
}

/// The closest candidate to `word` by Jaro–Winkler similarity (strsim), if it is close
/// enough (≥ 0.8) to be worth a "did you mean".
#[must_use]
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_kebab_case() {
        let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let unique: HashSet<&str> = names.iter().copied().collect();
        assert_eq!(unique.len(), names.len(), "duplicate code names");
        for name in &names {
            let kebab = name.starts_with(|c: char| c.is_ascii_lowercase())
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            assert!(kebab, "{name} is not kebab-case");
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("velocty", ["velocity", "reliability"]),
            Some("velocity")
        );
        assert_eq!(did_you_mean("zzz", ["velocity"]), None);
    }
}
