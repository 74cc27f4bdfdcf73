//! Diagnostics about a plan: the stable code list, the source files they point into,
//! and their two renderings (rustc-style text through annotate-snippets, and JSON).
//!
//! Diagnostics are data, never Rust errors: loading and validating a plan collects every
//! problem into a `Vec<Diagnostic>` and carries on as far as it safely can.

use std::cell::OnceCell;
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use crate::text::{plural, sanitize};

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

/// One file of the plan, as read from disk.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user would type it (relative to the working directory when possible).
    pub path: PathBuf,
    /// The file's text (invalid UTF-8 replaced, so diagnostics can still quote it).
    pub text: String,
    line_starts: OnceCell<Vec<usize>>,
}

impl SourceFile {
    /// A file at `path` with `text`.
    #[must_use]
    pub fn new(path: PathBuf, text: String) -> Self {
        Self {
            path,
            text,
            line_starts: OnceCell::new(),
        }
    }

    /// Byte offset of the start of each line, computed once per file.
    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// 0-based index of the line holding byte `offset` (at most the text's length).
    fn line_index(&self, offset: usize) -> usize {
        self.line_starts().partition_point(|&s| s <= offset) - 1
    }

    /// The byte range of lines `first..=last` (0-based), the last one's newline included.
    fn lines_span(&self, first: usize, last: usize) -> Range<usize> {
        let starts = self.line_starts();
        let end = starts.get(last + 1).copied().unwrap_or(self.text.len());
        starts[first]..end
    }

    /// 1-based line and 1-based column (counted in characters) of byte `offset`.
    /// Offsets past the end, or inside a character, are clamped to a valid position.
    #[must_use]
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_index(offset);
        let line_start = self.line_starts()[line];
        let column = self.text[line_start..offset].chars().count() + 1;
        (line + 1, column)
    }
}

/// All files of a plan, indexed by [`FileId`]. The first is the main plan file.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() - 1)
    }

    /// The file with `id`. Panics only on an id that did not come from this `Sources`.
    #[must_use]
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    /// All files, main file first.
    #[must_use]
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// `path:line:col` of a location.
    #[must_use]
    pub fn position(&self, loc: &Loc) -> Position {
        let file = self.get(loc.file);
        let (line, column) = file.line_col(loc.span.start);
        let (end_line, end_column) = file.line_col(loc.span.end);
        Position {
            file: file.path.display().to_string(),
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// A resolved location: file path, 1-based line and column (characters), and where it ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Position {
    /// The file's path as shown to the user.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// 1-based line where the span ends.
    pub end_line: usize,
    /// 1-based column (characters) just past the span.
    pub end_column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
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

/// Renders diagnostics rustc-style: `error[code]: message`, then `--> file:line:col`, the
/// source line and a caret under the exact span, related places, and `help:` lines.
/// Ends with a summary line when there is anything to report.
///
/// A snippet quotes only the lines around its labels; a related place more than 20 lines
/// away in the same file gets a snippet of its own (`::: file:line:col`), as one in another
/// file does. So each diagnostic costs the lines it shows, and the whole rendering is
/// linear in the number of diagnostics.
///
/// `color` turns on ANSI styling. Writes only to `out`.
pub fn render_human(
    out: &mut dyn std::io::Write,
    sources: &Sources,
    diagnostics: &[Diagnostic],
    color: bool,
) -> std::io::Result<()> {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for diagnostic in diagnostics {
        let text = renderer.render(&report_groups(sources, diagnostic));
        // annotate-snippets makes C0 controls, DEL and bidirectional controls visible, but
        // passes C1 controls (U+009B is an 8-bit CSI to some terminals) through.
        let text = text.replace(|c: char| ('\u{80}'..='\u{9f}').contains(&c), "\u{fffd}");
        writeln!(out, "{text}\n")?;
    }
    let tally = Tally::of(diagnostics);
    if tally.errors > 0 || tally.warnings > 0 {
        writeln!(out, "{}", summary_line(tally))?;
    }
    Ok(())
}

/// `error: 2 errors and 1 warning found`, or `warning: 3 warnings found`.
#[must_use]
pub fn summary_line(tally: Tally) -> String {
    match (tally.errors, tally.warnings) {
        (0, w) => format!("warning: {} found", plural(w, "warning")),
        (e, 0) => format!("error: {} found", plural(e, "error")),
        (e, w) => format!(
            "error: {} and {} found",
            plural(e, "error"),
            plural(w, "warning")
        ),
    }
}

fn report_groups<'a>(sources: &'a Sources, diagnostic: &'a Diagnostic) -> Vec<Group<'a>> {
    let level = match diagnostic.severity() {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group = Group::with_title(
        level
            .primary_title(diagnostic.message.as_str())
            .id(diagnostic.code.as_str()),
    );
    // One snippet per file, in order of first mention: the primary file first.
    let mut labels: Vec<(&Label, AnnotationKind)> = Vec::new();
    if let Some(primary) = &diagnostic.primary {
        labels.push((primary, AnnotationKind::Primary));
    }
    labels.extend(
        diagnostic
            .secondary
            .iter()
            .map(|l| (l, AnnotationKind::Context)),
    );
    let mut files: Vec<FileId> = Vec::new();
    for (label, _) in &labels {
        if !files.contains(&label.loc.file) {
            files.push(label.loc.file);
        }
    }
    for file_id in files {
        let file = sources.get(file_id);
        // The text and labels are escaped by annotate-snippets; the path is printed as is.
        let path = crate::text::path(&file.path);
        let here = labels
            .iter()
            .copied()
            .filter(|(l, _)| l.loc.file == file_id);
        for cluster in clusters(file, here) {
            let lines = file.lines_span(cluster.first_line, cluster.last_line);
            let mut snippet = Snippet::source(&file.text[lines.clone()])
                .line_start(cluster.first_line + 1)
                .path(path.clone())
                .fold(true);
            for (span, label, kind) in cluster.labels {
                let span = span.start - lines.start..span.end - lines.start;
                snippet = snippet.annotation(kind.span(span).label(label.message.as_str()));
            }
            group = group.element(snippet);
        }
    }
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    vec![group]
}

/// Labels more than this many lines apart in one file get snippets of their own (close
/// enough, they share one, with `...` for the lines between).
const CLUSTER_GAP_LINES: usize = 20;

/// Labels of one file close enough to share a snippet, and the lines (0-based) it shows.
struct Cluster<'a> {
    first_line: usize,
    last_line: usize,
    labels: Vec<(Range<usize>, &'a Label, AnnotationKind)>,
}

/// Groups a file's labels into [`Cluster`]s: a snippet holds only the lines from its first
/// label to its last, so rendering a diagnostic costs the lines around its labels, never the
/// whole file (one snippet holding the file made `check` quadratic in the number of
/// diagnostics). The cluster holding the primary label comes first; it names the position.
fn clusters<'a>(
    file: &SourceFile,
    labels: impl Iterator<Item = (&'a Label, AnnotationKind)>,
) -> Vec<Cluster<'a>> {
    let mut placed: Vec<(usize, usize, Range<usize>, &'a Label, AnnotationKind)> = labels
        .map(|(label, kind)| {
            let span = clamp_span(&file.text, &label.loc.span);
            let mut first = file.line_index(span.start);
            // A span at the very end of a file ending in a newline belongs to its last line.
            if first > 0 && span.start == file.text.len() && file.text.ends_with('\n') {
                first -= 1;
            }
            let last = file.line_index(span.end).max(first);
            (first, last, span, label, kind)
        })
        .collect();
    placed.sort_by_key(|p| p.0);
    let mut out: Vec<Cluster<'a>> = Vec::new();
    for (first, last, span, label, kind) in placed {
        match out.last_mut() {
            Some(c) if first <= c.last_line + CLUSTER_GAP_LINES => {
                c.last_line = c.last_line.max(last);
                c.labels.push((span, label, kind));
            }
            _ => out.push(Cluster {
                first_line: first,
                last_line: last,
                labels: vec![(span, label, kind)],
            }),
        }
    }
    if let Some(i) = out.iter().position(|c| {
        c.labels
            .iter()
            .any(|(_, _, k)| matches!(k, AnnotationKind::Primary))
    }) {
        let primary = out.remove(i);
        out.insert(0, primary);
    }
    out
}

/// Keeps a span inside the text and on character boundaries, so that a
/// renderer never slices in the middle of a character.
fn clamp_span(text: &str, span: &Range<usize>) -> Range<usize> {
    let mut start = span.start.min(text.len());
    let mut end = span.end.min(text.len()).max(start);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// Escapes text for a GitHub Actions workflow command: `%`, CR and LF always, and in
/// property values also `:` and `,` (GitHub's `toolkit/core` `escapeData`/`escapeProperty`).
/// Any other character no output shows as it is ([`crate::text::is_hidden`]) becomes
/// U+FFFD `�`.
fn github_escape(text: &str, property: bool) -> String {
    let mut out = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace(crate::text::is_hidden, "\u{fffd}");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// Diagnostics as GitHub Actions annotations, one line each:
/// `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE::message`
/// (`::warning` for warnings; no location properties for plan-wide problems). Control
/// characters are removed from the file name, message and help (`crate::text::sanitize`).
#[must_use]
pub fn github_annotations(sources: &Sources, diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            let level = match d.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut props = Vec::new();
            if let Some(primary) = &d.primary {
                let p = sources.position(&primary.loc);
                props.push(format!("file={}", github_escape(&sanitize(&p.file), true)));
                props.push(format!("line={}", p.line));
                props.push(format!("col={}", p.column));
                props.push(format!("endLine={}", p.end_line));
                props.push(format!("endColumn={}", p.end_column));
            }
            props.push(format!("title={}", d.code.as_str()));
            let mut message = sanitize(&d.message);
            if let Some(help) = &d.help {
                message = format!("{message}\nhelp: {}", sanitize(help));
            }
            format!(
                "::{level} {}::{}",
                props.join(","),
                github_escape(&message, false)
            )
        })
        .collect()
}

/// One diagnostic in `check --format json`.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    /// Stable kebab-case code.
    pub code: Code,
    /// `error` or `warning`.
    pub severity: Severity,
    /// The message.
    pub message: &'a str,
    /// Where, or null for plan-wide problems.
    pub location: Option<Position>,
    /// The text under the caret, when there is one.
    pub label: Option<&'a str>,
    /// Related places.
    pub related: Vec<JsonRelated<'a>>,
    /// The suggested fix.
    pub help: Option<&'a str>,
}

/// A related place in JSON output.
#[derive(Debug, Serialize)]
pub struct JsonRelated<'a> {
    /// Where.
    pub location: Position,
    /// What it is.
    pub message: &'a str,
}

/// The whole `check --format json` document: `{ "diagnostics": [...], "errors": n, "warnings": n }`.
#[derive(Debug, Serialize)]
pub struct JsonCheck<'a> {
    /// Every diagnostic, in the order found.
    pub diagnostics: Vec<JsonDiagnostic<'a>>,
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
}

/// Builds the JSON form of `diagnostics`.
#[must_use]
pub fn to_json<'a>(sources: &Sources, diagnostics: &'a [Diagnostic]) -> JsonCheck<'a> {
    let tally = Tally::of(diagnostics);
    JsonCheck {
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                code: d.code,
                severity: d.severity(),
                message: &d.message,
                location: d.primary.as_ref().map(|l| sources.position(&l.loc)),
                label: d
                    .primary
                    .as_ref()
                    .map(|l| l.message.as_str())
                    .filter(|m| !m.is_empty()),
                related: d
                    .secondary
                    .iter()
                    .map(|l| JsonRelated {
                        location: sources.position(&l.loc),
                        message: &l.message,
                    })
                    .collect(),
                help: d.help.as_deref(),
            })
            .collect(),
        errors: tally.errors,
        warnings: tally.warnings,
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

/// One line on stderr for reports when the plan has warnings:
/// `warning: 3 warnings (2 stale-key-result, 1 overdue-bet); run `northstar check` for details`.
#[must_use]
pub fn warning_summary(diagnostics: &[Diagnostic]) -> String {
    let mut counts: Vec<(Code, usize)> = Vec::new();
    for d in diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Warning)
    {
        match counts.iter_mut().find(|(c, _)| *c == d.code) {
            Some((_, n)) => *n += 1,
            None => counts.push((d.code, 1)),
        }
    }
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let parts: Vec<String> = counts.iter().map(|(c, n)| format!("{n} {c}")).collect();
    format!(
        "warning: {} ({}); run `northstar check` for details",
        plural(total, "warning"),
        parts.join(", ")
    )
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
    fn line_col_counts_characters() {
        let file = SourceFile::new("a.toml".into(), "a = 1\nné = \"x\"\n".into());
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(6), (2, 1));
        // "né = " is 6 bytes but 5 characters.
        assert_eq!(file.line_col(12), (2, 6));
        assert_eq!(file.line_col(1000), (3, 1));
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "error"), "1 error");
        assert_eq!(plural(0, "error"), "0 errors");
        assert_eq!(
            summary_line(Tally {
                errors: 2,
                warnings: 1
            }),
            "error: 2 errors and 1 warning found"
        );
    }

    #[test]
    fn github_annotations_show_hidden_characters_as_replacement_characters() {
        assert_eq!(
            github_escape("a\u{202e}b\u{9b}1m\u{200b}%\n:,", false),
            "a\u{fffd}b\u{fffd}1m\u{fffd}%25%0A:,"
        );
        assert_eq!(github_escape("f:1,2", true), "f%3A1%2C2");
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
