//! Validation: raw files in, a [`Plan`] out, or diagnostics saying exactly why not.
//!
//! Two passes. The first checks each entity on its own (required fields, ids, numbers,
//! dates, periods, measure shapes) and registers every id, even of broken entities, in the
//! one namespace shared by all files. The second resolves references by id, so a reference to
//! a broken entity is not reported a second time. Check-ins are built in the second pass,
//! each checked on its own as it is built (`Validator::checkin` in `checkins`), the
//! `checkin-in-future` (against `today`) and `checkin-outside-window` warnings included.
//! Plan-wide warnings (pillar count, objectives without key results or owner) are added at
//! the end, on a plan without errors.
//!
//! The work is split by concern, each file adding an `impl Validator` block:
//!
//! - this file: the entry point, the shared `Validator` state, the id namespace and the
//!   small checks every entity uses (missing fields, ids, numbers, dates);
//! - `periods`: the calendar (fiscal year, cadence, cycles), periods and windows;
//! - `entities`: pass one, each kind of entity from its raw table into the model;
//! - `settings`: the main file's `[plan]` table;
//! - `measures`: measure shapes, and the North Star and metrics (one function for both);
//! - `checkins`: check-ins, built in pass two because their value depends on their target;
//! - `references`: pass two, references by id resolved to indices, with wrong-kind and
//!   unknown-reference diagnostics;
//! - `sources`: the `source` tables `northstar measure` reads;
//! - `plan_wide`: rules about the plan as a whole rather than one entity or reference.

mod alignment;
pub mod changes;
mod checkins;
mod entities;
mod measures;
mod periods;
mod plan_wide;
mod references;
mod settings;
mod sources;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;

use super::load::Loaded;
use super::model::{
    Bet, CapacityTarget, EntityKind, Initiative, KrRef, MAX_MAGNITUDE, Metric, Objective, Pillar,
    Plan, PortfolioTarget, Team,
};
use super::raw::{Datetime, RawFile, Spanned};
use crate::diagnostic::{Code, Diagnostic, FileId, Loc, Severity, Sources};
use crate::time::dates::{FIRST_DAY, LAST_DAY};
use crate::time::period::Calendar;

/// Checks every file of `loaded` as one plan. Returns the plan only when there is no
/// error at all (loading errors included); warnings are pushed to `diagnostics` either way.
///
/// `today` is the real current date, used only for the `checkin-in-future` warning.
#[must_use]
pub fn validate(
    loaded: &Loaded,
    today: NaiveDate,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Plan> {
    let mut v = Validator::new(&loaded.sources, &loaded.removed, diagnostics);
    let drafts = v.first_pass(&loaded.files);
    let assembled = v.second_pass(drafts);
    let plan = v.finish(assembled, &loaded.files, Vec::new(), today);
    v.result(plan)
}

/// [`validate`], freeing the raw tables as soon as they are built into the plan (peak
/// memory): the entity tables once the plan is assembled, before its check-ins are built,
/// and each file's check-ins, an array at a time, once built, so that the raw and the built
/// check-ins of the whole plan are never held at once. Leaves the files of `loaded` with
/// nothing but their `[[change]]` tables; the result and the diagnostics are [`validate`]'s.
#[must_use]
pub fn validate_freeing(
    loaded: &mut Loaded,
    today: NaiveDate,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Plan> {
    let checkins = loaded
        .files
        .iter_mut()
        .map(|(_, raw)| raw.take_checkins())
        .collect();
    let Loaded {
        sources,
        files,
        removed,
        ..
    } = loaded;
    let mut v = Validator::new(sources, removed, diagnostics);
    let drafts = v.first_pass(files);
    let assembled = v.second_pass(drafts);
    for (_, raw) in files.iter_mut() {
        *raw = RawFile {
            change: std::mem::take(&mut raw.change),
            ..RawFile::default()
        };
    }
    let plan = v.finish(assembled, files, checkins, today);
    v.result(plan)
}

/// The plan from pass two, with every entity built, not yet its check-ins and changes.
struct Assembled {
    plan: Plan,
    /// No reference or entity was wrong.
    ok: bool,
    /// The `[plan]` settings were read.
    complete: bool,
}

/// What an id names. `None` indices mark entities that failed validation: references to
/// them are not reported again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `true` once the North Star passed validation.
    NorthStar(bool),
    Metric(Option<usize>),
    Pillar(Option<usize>),
    Objective(Option<usize>),
    KeyResult(Option<KrRef>),
    Initiative,
    Bet,
    Cycle,
    Team(Option<usize>),
}

impl Kind {
    /// What the id names, with its article: `a key result`, `a cycle`.
    fn noun(self) -> &'static str {
        let kind = match self {
            Kind::NorthStar(_) => EntityKind::NorthStar,
            Kind::Metric(_) => EntityKind::Metric,
            Kind::Pillar(_) => EntityKind::Pillar,
            Kind::Objective(_) => EntityKind::Objective,
            Kind::KeyResult(_) => EntityKind::KeyResult,
            Kind::Initiative => EntityKind::Initiative,
            Kind::Bet => EntityKind::Bet,
            Kind::Team(_) => EntityKind::Team,
            // A cycle shares the namespace but is a period label, not an entity.
            Kind::Cycle => return "a cycle",
        };
        kind.noun()
    }
}

/// Which kinds a reference may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Want {
    Pillar,
    InputMetric,
    KeyResult,
    Measured,
    Team,
    Parent,
}

impl Want {
    fn accepts(self, kind: Kind) -> bool {
        match self {
            Want::Pillar => matches!(kind, Kind::Pillar(_)),
            Want::InputMetric => matches!(kind, Kind::Metric(_)),
            Want::KeyResult => matches!(kind, Kind::KeyResult(_)),
            Want::Measured => {
                matches!(
                    kind,
                    Kind::NorthStar(_) | Kind::Metric(_) | Kind::KeyResult(_)
                )
            }
            Want::Team => matches!(kind, Kind::Team(_)),
            Want::Parent => matches!(kind, Kind::Objective(_) | Kind::KeyResult(_)),
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Want::Pillar => "a pillar",
            Want::InputMetric => "an input metric",
            Want::KeyResult => "a key result",
            Want::Measured => "a key result, a metric or the North Star",
            Want::Team => "a team",
            Want::Parent => "an objective or a key result",
        }
    }
}

#[derive(Debug, Clone)]
struct IdEntry {
    kind: Kind,
    loc: Loc,
}

/// Where a resolved reference goes: a field of an entity that passed the first pass, or
/// nowhere (the entity is broken, but its references are still checked and reported).
#[derive(Debug, Clone, Copy)]
enum Slot {
    Nowhere,
    PillarInput(usize),
    ObjectivePillar(usize),
    InitiativePillar(usize),
    InitiativeDrive(usize),
    BetPillar(usize),
    BetMetric(usize),
    TeamParent(usize),
    ObjectiveTeam(usize),
    ObjectiveParent(usize),
    KeyResultMeasuredBy(KrRef),
    InitiativeTeam(usize),
    BetTeam(usize),
    BetKill(usize),
    BetSucceed(usize),
}

/// A reference by id, still to resolve.
struct Ref<'r> {
    file: FileId,
    reference: &'r Spanned<String>,
    want: Want,
    field: &'static str,
    slot: Slot,
}

/// Entities that passed the first pass, and every reference still to resolve.
#[derive(Default)]
struct Drafts<'r> {
    north_star: Option<Metric>,
    metrics: Vec<Metric>,
    pillars: Vec<Pillar>,
    objectives: Vec<Objective>,
    initiatives: Vec<Initiative>,
    bets: Vec<Bet>,
    refs: Vec<Ref<'r>>,
    plan: Option<PlanSettings>,
    calendar: Calendar,
    teams: Vec<Team>,
}

impl<'r> Drafts<'r> {
    fn refer(
        &mut self,
        file: FileId,
        reference: Option<&'r Spanned<String>>,
        want: Want,
        field: &'static str,
        slot: Slot,
    ) {
        if let Some(reference) = reference {
            self.refs.push(Ref {
                file,
                reference,
                want,
                field,
                slot,
            });
        }
    }
}

struct PlanSettings {
    name: String,
    stale_after_days: i64,
    overshoot: bool,
    portfolio: PortfolioTarget,
    capacity: Option<CapacityTarget>,
    children_in_rollup: bool,
    loc: Loc,
}

struct Validator<'a> {
    sources: &'a Sources,
    removed: &'a HashMap<(FileId, usize), Vec<String>>,
    diagnostics: &'a mut Vec<Diagnostic>,
    ids: HashMap<String, IdEntry>,
    suggestions: Suggestions,
    /// Who made check-ins (`by`), each name held once for all of its check-ins.
    names: HashSet<Arc<str>>,
}

/// The did-you-mean of unknown references, kept linear in the size of the plan: the ids
/// each [`Want`] accepts are listed once (sorted, so a tie always picks the same id) and
/// each distinct unknown name is looked up once. The first [`Suggestions::FULL_SCANS`]
/// distinct names are compared with every id of their kind
/// ([`crate::diagnostic::did_you_mean`]); later ones only with the ids one edit away
/// (an insertion, deletion, substitution or adjacent transposition), found through an
/// index of each id with one character deleted, so a plan with thousands of unknown
/// references still gets its typos suggested. Comparing every unknown name with every id
/// made `check` quadratic (8,000 unknown references among 8,000 ids: 18 s).
#[derive(Default)]
struct Suggestions {
    /// The ids each kind of reference accepts, by the size of the namespace when listed.
    candidates: HashMap<Want, Candidates>,
    /// The suggestion for each unknown name, by the kind of reference.
    cache: HashMap<(Want, String), Option<String>>,
    /// How many names were compared with every id.
    full_scans: usize,
}

/// The ids of one kind: sorted, and indexed by themselves and by each of their
/// one-character deletions.
#[derive(Default)]
struct Candidates {
    namespace: usize,
    ids: Vec<String>,
    near: Option<HashMap<String, Vec<usize>>>,
}

/// `word` and each of its one-character deletions.
fn deletions(word: &str) -> impl Iterator<Item = String> + '_ {
    std::iter::once(word.to_string()).chain(word.char_indices().map(move |(i, c)| {
        let mut s = String::with_capacity(word.len());
        s.push_str(&word[..i]);
        s.push_str(&word[i + c.len_utf8()..]);
        s
    }))
}

impl Suggestions {
    /// How many distinct unknown names are compared with every id of their kind.
    const FULL_SCANS: usize = 100;

    /// The id of the kind `want` accepts that `name` most likely misspells, among `ids`.
    fn get(&mut self, ids: &HashMap<String, IdEntry>, want: Want, name: &str) -> Option<String> {
        let key = (want, name.to_string());
        if let Some(cached) = self.cache.get(&key) {
            return cached.clone();
        }
        let listed = self.candidates.entry(want).or_default();
        if listed.namespace != ids.len() {
            let mut names: Vec<String> = ids
                .iter()
                .filter(|(_, e)| want.accepts(e.kind))
                .map(|(k, _)| k.clone())
                .collect();
            names.sort_unstable();
            *listed = Candidates {
                namespace: ids.len(),
                ids: names,
                near: None,
            };
        }
        let found = if self.full_scans < Self::FULL_SCANS {
            self.full_scans += 1;
            crate::diagnostic::did_you_mean(name, listed.ids.iter().map(String::as_str))
        } else {
            let all = &listed.ids;
            let near = listed.near.get_or_insert_with(|| {
                let mut index: HashMap<String, Vec<usize>> = HashMap::new();
                for (i, id) in all.iter().enumerate() {
                    for d in deletions(id) {
                        index.entry(d).or_default().push(i);
                    }
                }
                index
            });
            let mut hits: Vec<usize> = deletions(name)
                .filter_map(|d| near.get(&d))
                .flatten()
                .copied()
                .collect();
            hits.sort_unstable();
            hits.dedup();
            crate::diagnostic::did_you_mean(name, hits.iter().map(|&i| all[i].as_str()))
        }
        .map(str::to_string);
        self.cache.insert(key, found.clone());
        found
    }
}

/// Collects the required fields a table lacks, to report them in one diagnostic. Keys
/// the loader dropped after a schema error are not reported again.
struct Missing<'a> {
    names: Vec<&'static str>,
    dropped: &'a [String],
}

impl Missing<'_> {
    fn need<'t, T>(&mut self, field: Option<&'t T>, name: &'static str) -> Option<&'t T> {
        if field.is_none() && !self.dropped.iter().any(|d| d == name) {
            self.names.push(name);
        }
        field
    }
}

fn join_names(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The location of an entity: its `id` value when present, else its table header.
fn id_loc(id: Option<&Spanned<String>>, file: FileId, header: &Loc) -> Loc {
    id.map_or_else(|| header.clone(), |id| Loc::new(file, id.span()))
}

/// Whether `id` matches `[a-z0-9][a-z0-9._-]*`.
#[must_use]
pub fn is_valid_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

/// A valid id close to `id` (lowercased, spaces and other characters turned into `-`).
pub(crate) fn id_suggestion(id: &str) -> Option<String> {
    let mut s: String = id
        .trim()
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    while s.starts_with(['-', '.', '_']) {
        s.remove(0);
    }
    is_valid_id(&s).then_some(s)
}

impl<'a> Validator<'a> {
    fn new(
        sources: &'a Sources,
        removed: &'a HashMap<(FileId, usize), Vec<String>>,
        diagnostics: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Validator {
            sources,
            removed,
            diagnostics,
            ids: HashMap::new(),
            suggestions: Suggestions::default(),
            names: HashSet::new(),
        }
    }

    /// `name` as held for every check-in by the same person (a plan of 60,000 check-ins
    /// has a few hundred names).
    fn name(&mut self, name: String) -> Arc<str> {
        if let Some(held) = self.names.get(name.as_str()) {
            return Arc::clone(held);
        }
        let held: Arc<str> = name.into();
        self.names.insert(Arc::clone(&held));
        held
    }

    /// `plan`, unless any diagnostic is an error.
    fn result(&self, plan: Option<Plan>) -> Option<Plan> {
        let has_errors = self
            .diagnostics
            .iter()
            .any(|d| d.severity() == Severity::Error);
        if has_errors { None } else { plan }
    }

    /// A collector of missing fields for the table whose header is at `header`.
    fn missing(&self, header: &Loc) -> Missing<'a> {
        Missing {
            names: Vec::new(),
            dropped: self
                .removed
                .get(&(header.file, header.span.start))
                .map_or(&[], Vec::as_slice),
        }
    }

    fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// The first line of a span: where a table's header stands.
    fn head(&self, file: FileId, span: Range<usize>) -> Loc {
        let text = &self.sources.get(file).text;
        let start = span.start.min(text.len());
        let end = text[start..span.end.min(text.len()).max(start)]
            .find('\n')
            .map_or(span.end, |i| start + i);
        Loc::new(file, start..end.max(start))
    }

    fn report_missing(
        &mut self,
        missing: &Missing,
        what: &str,
        id: Option<&str>,
        loc: &Loc,
    ) -> bool {
        if missing.names.is_empty() {
            return true;
        }
        let subject = match id {
            Some(id) => format!("`{what}` `{id}`"),
            None => format!("`{what}`"),
        };
        let fields = join_names(&missing.names);
        let noun = if missing.names.len() == 1 {
            "field"
        } else {
            "fields"
        };
        self.push(
            Diagnostic::new(
                Code::MissingField,
                format!("{subject} is missing required {noun} {fields}"),
                loc.clone(),
            )
            .label(format!("{fields} required here")),
        );
        false
    }

    /// Checks and registers an id. Returns it when it is present and well-formed.
    fn register(
        &mut self,
        id: Option<&Spanned<String>>,
        kind: Kind,
        file: FileId,
    ) -> Option<String> {
        let id = id?;
        let loc = Loc::new(file, id.span());
        let name = id.get_ref();
        if !is_valid_id(name) {
            let mut d =
                Diagnostic::new(Code::InvalidId, format!("invalid id `{name}`"), loc.clone())
                    .label("ids match `[a-z0-9][a-z0-9._-]*`");
            if let Some(s) = id_suggestion(name) {
                d = d.help(format!("try `{s}`"));
            }
            self.push(d);
            return None;
        }
        if let Some(first) = self.ids.get(name) {
            let first = first.clone();
            self.push(
                Diagnostic::new(Code::DuplicateId, format!("duplicate id `{name}`"), loc)
                    .label(format!("defined again here, as {}", kind.noun()))
                    .secondary(
                        first.loc,
                        format!("first defined here, as {}", first.kind.noun()),
                    )
                    .help(
                        "ids share one namespace across all files of the plan; rename one of them",
                    ),
            );
            return None;
        }
        self.ids.insert(name.clone(), IdEntry { kind, loc });
        Some(name.clone())
    }

    /// Marks a registered id as naming a valid entity at `kind`.
    fn settle(&mut self, id: &str, kind: Kind) {
        if let Some(entry) = self.ids.get_mut(id) {
            entry.kind = kind;
        }
    }

    /// A number that is finite and within [`MAX_MAGNITUDE`], as every plan number must be.
    fn finite(&mut self, value: &Spanned<f64>, file: FileId) -> Option<f64> {
        let v = *value.get_ref();
        if v.is_finite() {
            self.bounded(v, Loc::new(file, value.span()))
        } else {
            self.push(
                Diagnostic::new(
                    Code::NonFiniteNumber,
                    format!("`{v}` is not a finite number"),
                    Loc::new(file, value.span()),
                )
                .label("a finite number is needed here"),
            );
            None
        }
    }

    /// `v` when it lies within ±[`MAX_MAGNITUDE`]; else an `out-of-range` diagnostic at
    /// `loc`, quoting the number as written (`1e308` rather than its 309 digits).
    fn bounded(&mut self, v: f64, loc: Loc) -> Option<f64> {
        if v.abs() <= MAX_MAGNITUDE {
            return Some(v);
        }
        let text = self.sources.get(loc.file).text.get(loc.span.clone());
        let written = text.map_or_else(|| format!("{v:e}"), |t| t.trim().to_string());
        self.push(
            Diagnostic::new(
                Code::OutOfRange,
                format!("`{written}` is out of range"),
                loc,
            )
            .label("plan numbers lie within ±1e15")
            .help(
                "numbers this large are beyond any measure; check for a typo, or use a larger unit",
            ),
        );
        None
    }

    fn date(&mut self, value: &Spanned<Datetime>, file: FileId) -> Option<NaiveDate> {
        let dt = &value.get_ref().0;
        let loc = Loc::new(file, value.span());
        let plain = dt.date.filter(|_| dt.time.is_none() && dt.offset.is_none());
        let Some(d) = plain else {
            let mut diag = Diagnostic::new(
                Code::InvalidDate,
                format!("expected a plain date, found `{dt}`"),
                loc,
            )
            .label("a date like `2026-10-15` is needed here");
            if let Some(d) = dt.date {
                diag = diag.help(format!("drop the time part: `{d}`"));
            }
            self.push(diag);
            return None;
        };
        let date = NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day));
        match date {
            None => self.push(Diagnostic::new(
                Code::InvalidDate,
                format!("`{d}` is not a calendar date"),
                loc,
            )),
            Some(date) if !(FIRST_DAY..=LAST_DAY).contains(&date) => {
                self.push(
                    Diagnostic::new(
                        Code::InvalidDate,
                        format!("`{d}` is outside the years 1–9999"),
                        loc,
                    )
                    .label("year 0 is not a year northstar accepts")
                    .help("dates run from 0001-01-01 to 9999-12-31; check the year"),
                );
                return None;
            }
            Some(_) => {}
        }
        date
    }

    fn weight(&mut self, value: Option<&Spanned<f64>>, file: FileId) -> Option<f64> {
        let Some(value) = value else { return Some(1.0) };
        let w = self.finite(value, file)?;
        if w > 0.0 {
            Some(w)
        } else {
            self.push(
                Diagnostic::new(
                    Code::InvalidWeight,
                    format!("weight `{w}` must be greater than 0"),
                    Loc::new(file, value.span()),
                )
                .label("must be > 0")
                .help("leave `weight` out for the default of 1"),
            );
            None
        }
    }

    /// A number that must lie in `range` (inclusive), reported with `code` otherwise.
    fn in_range(
        &mut self,
        value: &Spanned<f64>,
        file: FileId,
        ok: impl Fn(f64) -> bool,
        code: Code,
        what: &str,
        expectation: &str,
    ) -> Option<f64> {
        let v = self.finite(value, file)?;
        if ok(v) {
            Some(v)
        } else {
            self.push(
                Diagnostic::new(
                    code,
                    format!("{what} `{v}` is out of range"),
                    Loc::new(file, value.span()),
                )
                .label(expectation.to_string()),
            );
            None
        }
    }

    fn share(
        &mut self,
        value: Option<&Spanned<f64>>,
        file: FileId,
        what: &str,
    ) -> Result<Option<f64>, ()> {
        match value {
            None => Ok(None),
            Some(v) => self
                .in_range(
                    v,
                    file,
                    |x| (0.0..=1.0).contains(&x),
                    Code::OutOfRange,
                    what,
                    "a 0–1 fraction is needed here",
                )
                .map(Some)
                .ok_or(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_past_the_full_scans_still_find_one_edit_typos() {
        let entry = |kind| IdEntry {
            kind,
            loc: Loc::default(),
        };
        let mut ids: HashMap<String, IdEntry> = (0..300)
            .map(|i| (format!("objective-{i}"), entry(Kind::Objective(Some(i)))))
            .collect();
        ids.insert("lead-time".into(), entry(Kind::Team(None)));
        let mut s = Suggestions::default();
        for i in 0..Suggestions::FULL_SCANS {
            assert_eq!(s.get(&ids, Want::Parent, &format!("zz{i}")), None);
        }
        assert_eq!(s.full_scans, Suggestions::FULL_SCANS);
        // Deletion, insertion, substitution and transposition, found through the index;
        // only the ids of the wanted kind.
        for (typo, meant) in [
            ("objetive-7", Some("objective-7")),
            ("objective-2x", Some("objective-2")),
            ("objectibe-12", Some("objective-12")),
            ("objecitve-250", Some("objective-250")),
            ("lead-tme", None),
        ] {
            assert_eq!(s.get(&ids, Want::Parent, typo).as_deref(), meant, "{typo}");
        }
        assert_eq!(
            s.get(&ids, Want::Team, "lead-tme").as_deref(),
            Some("lead-time")
        );
        assert_eq!(s.full_scans, Suggestions::FULL_SCANS);
    }

    #[test]
    fn id_grammar() {
        for ok in ["a", "0", "lead-time", "q4.okr_1", "9x"] {
            assert!(is_valid_id(ok), "{ok}");
        }
        for bad in ["", "-a", ".a", "_a", "Lead", "a b", "é"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
        assert_eq!(id_suggestion("Lead Time").as_deref(), Some("lead-time"));
        assert_eq!(id_suggestion("--x").as_deref(), Some("x"));
    }
}
