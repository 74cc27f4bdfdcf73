//! Validation: raw files in, a [`Plan`] out, or diagnostics saying exactly why not.
//!
//! Two passes. The first checks each entity on its own (required fields, ids, numbers,
//! dates, quarters, measure shapes) and registers every id, even of broken entities, in the
//! one namespace shared by all files. The second resolves references by id, so a reference to
//! a broken entity is not reported a second time. Plan-wide warnings (pillar count, objectives
//! without key results or owner, check-ins from the future) are added at the end.

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDate;

use super::load::Loaded;
use super::model::{
    Bet, BetStatus, CapacityTarget, CheckIn, Initiative, KeyResult, KrRef, Measure, Measured,
    Metric, MetricRole, Objective, Pillar, Plan, PortfolioTarget, Reading,
};
use super::raw::{
    Datetime, RawBet, RawCheckin, RawFile, RawInitiative, RawKeyResult, RawMetric, RawObjective,
    Spanned,
};
use crate::diagnostic::{Code, Diagnostic, FileId, Loc, Severity, Sources, did_you_mean};
use crate::quarter::Quarter;

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
    let mut v = Validator {
        sources: &loaded.sources,
        removed: &loaded.removed,
        diagnostics,
        ids: HashMap::new(),
    };
    let drafts = v.first_pass(loaded);
    let plan = v.second_pass(loaded, drafts, today);
    let has_errors = v
        .diagnostics
        .iter()
        .any(|d| d.severity() == Severity::Error);
    if has_errors { None } else { plan }
}

/// What an id names. `None` indices mark entities that failed validation: references to
/// them are not reported again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NorthStar,
    Metric(Option<usize>),
    Pillar(Option<usize>),
    Objective,
    KeyResult(Option<KrRef>),
    Initiative,
    Bet,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::NorthStar => "the North Star",
            Kind::Metric(_) => "a metric",
            Kind::Pillar(_) => "a pillar",
            Kind::Objective => "an objective",
            Kind::KeyResult(_) => "a key result",
            Kind::Initiative => "an initiative",
            Kind::Bet => "a bet",
        }
    }
}

/// Which kinds a reference may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Pillar,
    InputMetric,
    KeyResult,
    Measured,
}

impl Want {
    fn accepts(self, kind: Kind) -> bool {
        match self {
            Want::Pillar => matches!(kind, Kind::Pillar(_)),
            Want::InputMetric => matches!(kind, Kind::Metric(_)),
            Want::KeyResult => matches!(kind, Kind::KeyResult(_)),
            Want::Measured => {
                matches!(kind, Kind::NorthStar | Kind::Metric(_) | Kind::KeyResult(_))
            }
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Want::Pillar => "a pillar",
            Want::InputMetric => "an input metric",
            Want::KeyResult => "a key result",
            Want::Measured => "a key result, a metric or the North Star",
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
    loc: Loc,
}

struct Validator<'a> {
    sources: &'a Sources,
    removed: &'a HashMap<(FileId, usize), Vec<String>>,
    diagnostics: &'a mut Vec<Diagnostic>,
    ids: HashMap<String, IdEntry>,
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
fn id_suggestion(id: &str) -> Option<String> {
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

    fn finite(&mut self, value: &Spanned<f64>, file: FileId) -> Option<f64> {
        let v = *value.get_ref();
        if v.is_finite() {
            Some(v)
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
        if date.is_none() {
            self.push(Diagnostic::new(
                Code::InvalidDate,
                format!("`{d}` is not a calendar date"),
                loc,
            ));
        }
        date
    }

    fn quarter(&mut self, value: &Spanned<String>, file: FileId) -> Option<Quarter> {
        match value.get_ref().parse::<Quarter>() {
            Ok(q) => Some(q),
            Err(err) => {
                let mut d = Diagnostic::new(
                    Code::InvalidQuarter,
                    format!("invalid quarter `{}`", value.get_ref()),
                    Loc::new(file, value.span()),
                )
                .label("quarters are written `YYYY-Qn`, e.g. `2026-Q4`");
                if let Some(s) = err.suggestion {
                    d = d.help(format!("did you mean `{s}`?"));
                }
                self.push(d);
                None
            }
        }
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

    /// The measure of a key result or metric, from its shape fields.
    #[allow(clippy::too_many_arguments)]
    fn measure(
        &mut self,
        fields: MeasureFields<'_>,
        file: FileId,
        loc: &Loc,
        what: &str,
        id: &str,
    ) -> Option<Measure> {
        let milestone = fields.milestone.filter(|m| *m.get_ref());
        let numeric = [("baseline", fields.baseline), ("target", fields.target)];
        let threshold = [
            ("keep_below", fields.keep_below),
            ("keep_above", fields.keep_above),
        ];
        let present =
            |set: &[(&'static str, Option<&Spanned<f64>>)]| -> Vec<(&'static str, Range<usize>)> {
                set.iter()
                    .filter_map(|(n, v)| v.map(|v| (*n, v.span())))
                    .collect()
            };
        let numeric_present = present(&numeric);
        let threshold_present = present(&threshold);
        let conflict =
            |this: &mut Self, a: (&str, Range<usize>), b: (&str, Range<usize>), help: &str| {
                this.push(
                    Diagnostic::new(
                        Code::ConflictingFields,
                        format!("{what} `{id}` has both `{}` and `{}`", a.0, b.0),
                        Loc::new(file, b.1),
                    )
                    .label(format!("conflicts with `{}`", a.0))
                    .secondary(Loc::new(file, a.1), "")
                    .help(help.to_string()),
                );
            };
        if let Some(m) = milestone {
            if let Some(other) = numeric_present.first().or(threshold_present.first()) {
                conflict(
                    self,
                    ("milestone", m.span()),
                    other.clone(),
                    "a milestone is done or not: remove the numbers, or `milestone`",
                );
                return None;
            }
            return Some(Measure::Milestone);
        }
        if threshold_present.len() == 2 {
            conflict(
                self,
                threshold_present[0].clone(),
                threshold_present[1].clone(),
                "a threshold is either `keep_below` or `keep_above`",
            );
            return None;
        }
        if let (Some(t), Some(n)) = (threshold_present.first(), numeric_present.first()) {
            conflict(
                self,
                t.clone(),
                n.clone(),
                "use `baseline` and `target` for a goal, or `keep_below`/`keep_above` for a guardrail",
            );
            return None;
        }
        if let Some(v) = fields.keep_below {
            return self.finite(v, file).map(Measure::KeepBelow);
        }
        if let Some(v) = fields.keep_above {
            return self.finite(v, file).map(Measure::KeepAbove);
        }
        match (fields.baseline, fields.target) {
            (Some(b), Some(t)) => {
                let (baseline, target) = (self.finite(b, file), self.finite(t, file));
                let (baseline, target) = (baseline?, target?);
                if baseline == target {
                    self.push(
                        Diagnostic::new(
                            Code::BaselineEqualsTarget,
                            format!("{what} `{id}` has baseline equal to target ({baseline})"),
                            Loc::new(file, t.span()),
                        )
                        .label("same as the baseline")
                        .secondary(Loc::new(file, b.span()), "baseline")
                        .help("progress is (current − baseline) / (target − baseline); for a value to hold, use `keep_below` or `keep_above`"),
                    );
                    return None;
                }
                Some(Measure::Numeric { baseline, target })
            }
            _ if self.missing(loc).dropped.iter().any(|d| {
                [
                    "baseline",
                    "target",
                    "keep_below",
                    "keep_above",
                    "milestone",
                ]
                .contains(&d.as_str())
            }) =>
            {
                // A shape field was already reported (wrong type or syntax error).
                None
            }
            (Some(_), None) | (None, Some(_)) => {
                let lacking = if fields.baseline.is_none() {
                    "baseline"
                } else {
                    "target"
                };
                self.push(
                    Diagnostic::new(
                        Code::MissingField,
                        format!("{what} `{id}` is missing required field `{lacking}`"),
                        loc.clone(),
                    )
                    .label(format!("`{lacking}` required here"))
                    .help("a numeric measure needs both `baseline` and `target`"),
                );
                None
            }
            (None, None) => {
                let shapes = if fields.milestone.is_some() || what == "key result" {
                    "`baseline` and `target`, `milestone = true`, or `keep_below` / `keep_above`"
                } else {
                    "`baseline` and `target`, or `keep_below` / `keep_above`"
                };
                self.push(
                    Diagnostic::new(
                        Code::ConflictingFields,
                        format!("{what} `{id}` says nothing about how it is measured"),
                        loc.clone(),
                    )
                    .label("no measure")
                    .help(format!("give it {shapes}")),
                );
                None
            }
        }
    }

    /// Resolves a reference, reporting unknown ids (with did-you-mean) and wrong kinds.
    /// `Ok(None)` means the id names a broken entity: already reported.
    fn resolve(
        &mut self,
        reference: &Spanned<String>,
        file: FileId,
        want: Want,
        field: &str,
    ) -> Result<Option<Kind>, ()> {
        let name = reference.get_ref();
        let loc = Loc::new(file, reference.span());
        match self.ids.get(name).cloned() {
            Some(entry) if want.accepts(entry.kind) => Ok(Some(entry.kind)),
            Some(entry) => {
                self.push(
                    Diagnostic::new(
                        Code::WrongReferenceKind,
                        format!(
                            "`{field}` must name {}, but `{name}` is {}",
                            want.noun(),
                            entry.kind.noun()
                        ),
                        loc,
                    )
                    .label(format!("expected {}", want.noun()))
                    .secondary(entry.loc, format!("`{name}` is defined here")),
                );
                Err(())
            }
            None => {
                let candidates: Vec<&str> = self
                    .ids
                    .iter()
                    .filter(|(_, e)| want.accepts(e.kind))
                    .map(|(k, _)| k.as_str())
                    .collect();
                let mut d = Diagnostic::new(
                    Code::UnknownReference,
                    format!("unknown id `{name}` in `{field}`"),
                    loc,
                )
                .label(match want {
                    Want::Measured => "no key result, metric or North Star has this id".to_string(),
                    _ => format!(
                        "no {} has this id",
                        want.noun()
                            .trim_start_matches("a ")
                            .trim_start_matches("an ")
                    ),
                });
                if let Some(s) = did_you_mean(name, candidates.iter().copied()) {
                    d = d.help(format!("did you mean `{s}`?"));
                }
                self.push(d);
                Err(())
            }
        }
    }

    fn measured(
        &mut self,
        reference: &Spanned<String>,
        file: FileId,
        field: &str,
    ) -> Result<Option<Measured>, ()> {
        Ok(
            match self.resolve(reference, file, Want::Measured, field)? {
                Some(Kind::NorthStar) => Some(Measured::NorthStar),
                Some(Kind::Metric(Some(i))) => Some(Measured::Metric(i)),
                Some(Kind::KeyResult(Some(r))) => Some(Measured::KeyResult(r)),
                _ => None,
            },
        )
    }

    fn first_pass<'r>(&mut self, loaded: &'r Loaded) -> Drafts<'r> {
        let mut drafts = Drafts::default();
        let mut north_star_loc: Option<Loc> = None;
        for (index, (file, raw)) in loaded.files.iter().enumerate() {
            let file = *file;
            if index == 0 {
                drafts.plan = self.plan_settings(raw, file);
            }
            if let Some(ns) = &raw.north_star {
                let loc = self.head(file, ns.span());
                if let Some(first) = &north_star_loc {
                    self.push(
                        Diagnostic::new(Code::DuplicateNorthStar, "more than one `[north_star]` in the plan", loc)
                            .label("second North Star")
                            .secondary(first.clone(), "first North Star")
                            .help("a plan has exactly one North Star metric; make the other a `[[metric]]` with `role = \"input\"`"),
                    );
                } else {
                    north_star_loc = Some(loc.clone());
                    drafts.north_star = self.north_star(ns.get_ref(), file, &loc);
                }
            }
            for m in &raw.metric {
                let loc = self.head(file, m.span());
                if let Some(metric) = self.metric(m.get_ref(), file, &loc) {
                    self.settle(&metric.id, Kind::Metric(Some(drafts.metrics.len())));
                    drafts.metrics.push(metric);
                }
            }
            for p in &raw.pillar {
                let loc = self.head(file, p.span());
                let raw_p = p.get_ref();
                let id = self.register(raw_p.id.as_ref(), Kind::Pillar(None), file);
                let mut missing = self.missing(&loc);
                missing.need(raw_p.id.as_ref(), "id");
                let name = missing.need(raw_p.name.as_ref(), "name");
                let complete = self.report_missing(&missing, "[[pillar]]", id.as_deref(), &loc);
                let index = drafts.pillars.len();
                let built = if let (true, Some(id), Some(name)) = (complete, id, name) {
                    self.settle(&id, Kind::Pillar(Some(index)));
                    drafts.pillars.push(Pillar {
                        loc: id_loc(raw_p.id.as_ref(), file, &loc),
                        id,
                        name: name.get_ref().clone(),
                        owner: raw_p.owner.clone(),
                        inputs: Vec::new(),
                    });
                    true
                } else {
                    false
                };
                for input in raw_p.inputs.as_deref().unwrap_or(&[]) {
                    let slot = if built {
                        Slot::PillarInput(index)
                    } else {
                        Slot::Nowhere
                    };
                    drafts.refer(file, Some(input), Want::InputMetric, "inputs", slot);
                }
            }
            for o in &raw.objective {
                let loc = self.head(file, o.span());
                let index = drafts.objectives.len();
                let built = self
                    .objective(o.get_ref(), file, &loc, index)
                    .map(|objective| drafts.objectives.push(objective));
                let slot = if built.is_some() {
                    Slot::ObjectivePillar(index)
                } else {
                    Slot::Nowhere
                };
                drafts.refer(
                    file,
                    o.get_ref().pillar.as_ref(),
                    Want::Pillar,
                    "pillar",
                    slot,
                );
            }
            for i in &raw.initiative {
                let loc = self.head(file, i.span());
                let index = drafts.initiatives.len();
                let raw_i = i.get_ref();
                let built = self
                    .initiative(raw_i, file, &loc)
                    .map(|initiative| drafts.initiatives.push(initiative))
                    .is_some();
                let slot = |s: Slot| if built { s } else { Slot::Nowhere };
                drafts.refer(
                    file,
                    raw_i.pillar.as_ref(),
                    Want::Pillar,
                    "pillar",
                    slot(Slot::InitiativePillar(index)),
                );
                for d in raw_i.drives.as_deref().unwrap_or(&[]) {
                    drafts.refer(
                        file,
                        Some(d),
                        Want::KeyResult,
                        "drives",
                        slot(Slot::InitiativeDrive(index)),
                    );
                }
            }
            for b in &raw.bet {
                let loc = self.head(file, b.span());
                let index = drafts.bets.len();
                let raw_b = b.get_ref();
                let built = self
                    .bet(raw_b, file, &loc)
                    .map(|bet| drafts.bets.push(bet))
                    .is_some();
                let slot = |s: Slot| if built { s } else { Slot::Nowhere };
                drafts.refer(
                    file,
                    raw_b.pillar.as_ref(),
                    Want::Pillar,
                    "pillar",
                    slot(Slot::BetPillar(index)),
                );
                drafts.refer(
                    file,
                    raw_b.metric.as_ref(),
                    Want::Measured,
                    "metric",
                    slot(Slot::BetMetric(index)),
                );
            }
        }
        if north_star_loc.is_none() {
            self.push(
                Diagnostic::new(Code::MissingNorthStar, "the plan has no `[north_star]`", Loc::new(FileId(0), 0..0))
                    .help("add a `[north_star]` table with `id`, `name`, `baseline` and `target` to the main plan file"),
            );
        }
        drafts
    }

    fn plan_settings(&mut self, raw: &RawFile, file: FileId) -> Option<PlanSettings> {
        let Some(plan) = &raw.plan else {
            self.push(
                Diagnostic::new(
                    Code::MissingPlan,
                    "the main plan file has no `[plan]` table",
                    Loc::new(file, 0..0),
                )
                .help("start the file with `[plan]` and `name = \"...\"`"),
            );
            return None;
        };
        let loc = self.head(file, plan.span());
        let p = plan.get_ref();
        let mut missing = self.missing(&loc);
        let name = missing.need(p.name.as_ref(), "name");
        let mut ok = self.report_missing(&missing, "[plan]", None, &loc);
        let stale_after_days = match &p.stale_after_days {
            None => 14,
            Some(d) if *d.get_ref() >= 1 => *d.get_ref(),
            Some(d) => {
                self.push(
                    Diagnostic::new(
                        Code::OutOfRange,
                        format!("`stale_after_days` `{}` must be at least 1", d.get_ref()),
                        Loc::new(file, d.span()),
                    )
                    .label("a number of days ≥ 1"),
                );
                ok = false;
                14
            }
        };
        let mut portfolio = PortfolioTarget::default();
        if let Some(pf) = &p.portfolio {
            let pf = pf.get_ref();
            let fields = [
                (&pf.core, &mut portfolio.core, "`core` share"),
                (&pf.adjacent, &mut portfolio.adjacent, "`adjacent` share"),
                (
                    &pf.transformational,
                    &mut portfolio.transformational,
                    "`transformational` share",
                ),
                (
                    &pf.tolerance,
                    &mut portfolio.tolerance,
                    "portfolio `tolerance`",
                ),
            ];
            for (value, slot, what) in fields {
                match self.share(value.as_ref(), file, what) {
                    Ok(Some(v)) => *slot = v,
                    Ok(None) => {}
                    Err(()) => ok = false,
                }
            }
        }
        let capacity = match &p.capacity {
            None => None,
            Some(c) => {
                let c = c.get_ref();
                let mut shares = [None; 4];
                let fields = [
                    (&c.feature, "`feature` share"),
                    (&c.debt, "`debt` share"),
                    (&c.security, "`security` share"),
                    (&c.maintenance, "`maintenance` share"),
                ];
                for (slot, (value, what)) in shares.iter_mut().zip(fields) {
                    match self.share(value.as_ref(), file, what) {
                        Ok(v) => *slot = v,
                        Err(()) => ok = false,
                    }
                }
                let tolerance =
                    if let Ok(t) = self.share(c.tolerance.as_ref(), file, "capacity `tolerance`") {
                        t.unwrap_or(0.05)
                    } else {
                        ok = false;
                        0.05
                    };
                Some(CapacityTarget {
                    feature: shares[0],
                    debt: shares[1],
                    security: shares[2],
                    maintenance: shares[3],
                    tolerance,
                })
            }
        };
        let name = name?;
        ok.then(|| PlanSettings {
            name: name.get_ref().clone(),
            stale_after_days,
            overshoot: p.overshoot.unwrap_or(false),
            portfolio,
            capacity,
            loc,
        })
    }

    fn north_star(
        &mut self,
        raw: &super::raw::RawNorthStar,
        file: FileId,
        loc: &Loc,
    ) -> Option<Metric> {
        let id = self.register(raw.id.as_ref(), Kind::NorthStar, file);
        let mut missing = self.missing(loc);
        missing.need(raw.id.as_ref(), "id");
        let name = missing.need(raw.name.as_ref(), "name");
        let baseline = missing.need(raw.baseline.as_ref(), "baseline");
        let target = missing.need(raw.target.as_ref(), "target");
        let complete = self.report_missing(&missing, "[north_star]", id.as_deref(), loc);
        let due = match &raw.due {
            Some(d) => Some(self.date(d, file)?),
            None => None,
        };
        let (id, name) = (id?, name?);
        if !complete {
            return None;
        }
        let measure = self.measure(
            MeasureFields {
                baseline,
                target,
                ..MeasureFields::default()
            },
            file,
            loc,
            "the North Star",
            &id,
        )?;
        Some(Metric {
            id,
            name: name.get_ref().clone(),
            role: MetricRole::NorthStar,
            unit: raw.unit.clone(),
            owner: raw.owner.clone(),
            measure,
            due,
            loc: id_loc(raw.id.as_ref(), file, loc),
        })
    }

    fn metric(&mut self, raw: &RawMetric, file: FileId, loc: &Loc) -> Option<Metric> {
        let id = self.register(raw.id.as_ref(), Kind::Metric(None), file);
        let mut missing = self.missing(loc);
        missing.need(raw.id.as_ref(), "id");
        let name = missing.need(raw.name.as_ref(), "name");
        let complete = self.report_missing(&missing, "[[metric]]", id.as_deref(), loc);
        let due = match &raw.due {
            Some(d) => Some(self.date(d, file)?),
            None => None,
        };
        let (id, name) = (id?, name?);
        if !complete {
            return None;
        }
        let measure = self.measure(
            MeasureFields {
                baseline: raw.baseline.as_ref(),
                target: raw.target.as_ref(),
                keep_below: raw.keep_below.as_ref(),
                keep_above: raw.keep_above.as_ref(),
                milestone: None,
            },
            file,
            loc,
            "metric",
            &id,
        )?;
        Some(Metric {
            id,
            name: name.get_ref().clone(),
            role: raw
                .role
                .as_ref()
                .map_or(MetricRole::Input, |r| *r.get_ref()),
            unit: raw.unit.clone(),
            owner: raw.owner.clone(),
            measure,
            due,
            loc: id_loc(raw.id.as_ref(), file, loc),
        })
    }

    fn objective(
        &mut self,
        raw: &RawObjective,
        file: FileId,
        loc: &Loc,
        index: usize,
    ) -> Option<Objective> {
        let id = self.register(raw.id.as_ref(), Kind::Objective, file);
        let mut missing = self.missing(loc);
        missing.need(raw.id.as_ref(), "id");
        let title = missing.need(raw.title.as_ref(), "title");
        let pillar = missing.need(raw.pillar.as_ref(), "pillar");
        let quarter = missing.need(raw.quarter.as_ref(), "quarter");
        let mut ok = self.report_missing(&missing, "[[objective]]", id.as_deref(), loc);
        let quarter = quarter.and_then(|q| self.quarter(q, file));
        let weight = self.weight(raw.weight.as_ref(), file);
        let mut key_results = Vec::new();
        for kr in &raw.key_result {
            let kr_loc = self.head(file, kr.span());
            match self.key_result(kr.get_ref(), file, &kr_loc) {
                Some(kr) => key_results.push(kr),
                None => ok = false,
            }
        }
        ok &= id.is_some() && quarter.is_some() && weight.is_some();
        if ok {
            for (j, kr) in key_results.iter().enumerate() {
                self.settle(
                    &kr.id,
                    Kind::KeyResult(Some(KrRef {
                        objective: index,
                        key_result: j,
                    })),
                );
            }
        }
        if let (true, Some(id), Some(title), Some(_), Some(quarter), Some(weight)) =
            (ok, id, title, pillar, quarter, weight)
        {
            Some(Objective {
                loc: id_loc(raw.id.as_ref(), file, loc),
                id,
                title: title.get_ref().clone(),
                pillar: 0,
                quarter,
                owner: raw.owner.clone(),
                kind: raw.kind.unwrap_or_default(),
                weight,
                key_results,
            })
        } else {
            None
        }
    }

    fn key_result(&mut self, raw: &RawKeyResult, file: FileId, loc: &Loc) -> Option<KeyResult> {
        let id = self.register(raw.id.as_ref(), Kind::KeyResult(None), file);
        let mut missing = self.missing(loc);
        missing.need(raw.id.as_ref(), "id");
        let title = missing.need(raw.title.as_ref(), "title");
        let complete =
            self.report_missing(&missing, "[[objective.key_result]]", id.as_deref(), loc);
        let weight = self.weight(raw.weight.as_ref(), file);
        let shown = raw.id.as_ref().map_or("?", |i| i.get_ref().as_str());
        let measure = self.measure(
            MeasureFields {
                baseline: raw.baseline.as_ref(),
                target: raw.target.as_ref(),
                keep_below: raw.keep_below.as_ref(),
                keep_above: raw.keep_above.as_ref(),
                milestone: raw.milestone.as_ref(),
            },
            file,
            loc,
            "key result",
            shown,
        );
        if !complete {
            return None;
        }
        Some(KeyResult {
            id: id?,
            title: title?.get_ref().clone(),
            unit: raw.unit.clone(),
            measure: measure?,
            weight: weight?,
            loc: id_loc(raw.id.as_ref(), file, loc),
        })
    }

    fn initiative(&mut self, raw: &RawInitiative, file: FileId, loc: &Loc) -> Option<Initiative> {
        let id = self.register(raw.id.as_ref(), Kind::Initiative, file);
        let mut missing = self.missing(loc);
        missing.need(raw.id.as_ref(), "id");
        let title = missing.need(raw.title.as_ref(), "title");
        let quarter = missing.need(raw.quarter.as_ref(), "quarter");
        let complete = self.report_missing(&missing, "[[initiative]]", id.as_deref(), loc);
        let quarter = quarter.and_then(|q| self.quarter(q, file));
        let effort_weeks = match &raw.effort_weeks {
            None => Some(0.0),
            Some(e) => self.in_range(
                e,
                file,
                |x| x >= 0.0,
                Code::OutOfRange,
                "`effort_weeks`",
                "person-weeks must be ≥ 0",
            ),
        };
        if !complete {
            return None;
        }
        Some(Initiative {
            id: id?,
            title: title?.get_ref().clone(),
            pillar: None,
            quarter: quarter?,
            owner: raw.owner.clone(),
            status: raw.status.unwrap_or_default(),
            work: raw.work.unwrap_or_default(),
            effort_weeks: effort_weeks?,
            success: raw.success.clone(),
            drives: Vec::new(),
            loc: id_loc(raw.id.as_ref(), file, loc),
        })
    }

    fn bet(&mut self, raw: &RawBet, file: FileId, loc: &Loc) -> Option<Bet> {
        let id = self.register(raw.id.as_ref(), Kind::Bet, file);
        let status = raw
            .status
            .as_ref()
            .map_or(BetStatus::Proposed, |s| *s.get_ref());
        let mut missing = self.missing(loc);
        missing.need(raw.id.as_ref(), "id");
        let title = missing.need(raw.title.as_ref(), "title");
        let hypothesis = missing.need(
            raw.hypothesis
                .as_ref()
                .filter(|s| !s.get_ref().trim().is_empty()),
            "hypothesis",
        );
        let risk = missing.need(raw.risk.as_ref(), "risk");
        let appetite = missing.need(raw.appetite_weeks.as_ref(), "appetite_weeks");
        let success = missing.need(
            raw.success
                .as_ref()
                .filter(|s| !s.get_ref().trim().is_empty()),
            "success",
        );
        let kill = missing.need(
            raw.kill.as_ref().filter(|s| !s.get_ref().trim().is_empty()),
            "kill",
        );
        if status != BetStatus::Proposed {
            missing.need(raw.decide_by.as_ref(), "decide_by");
        }
        let mut ok = self.report_missing(&missing, "[[bet]]", id.as_deref(), loc);
        let appetite = appetite.and_then(|a| {
            self.in_range(
                a,
                file,
                |x| x > 0.0,
                Code::OutOfRange,
                "`appetite_weeks`",
                "person-weeks must be > 0",
            )
        });
        let mut date = |this: &mut Self, d: &Option<Spanned<Datetime>>| match d {
            Some(d) => {
                let parsed = this.date(d, file);
                ok &= parsed.is_some();
                parsed.map(|p| (p, d.span()))
            }
            None => None,
        };
        let start = date(self, &raw.start);
        let decide_by = date(self, &raw.decide_by);
        let decided = date(self, &raw.decided);
        if status.is_decided() {
            let mut lacking = Vec::new();
            if raw.decided.is_none() {
                lacking.push("decided");
            }
            if raw
                .outcome
                .as_ref()
                .is_none_or(|o| o.get_ref().trim().is_empty())
            {
                lacking.push("outcome");
            }
            if !lacking.is_empty() {
                let status_name = format!("{status:?}").to_lowercase();
                self.push(
                    Diagnostic::new(
                        Code::MissingDecision,
                        format!(
                            "bet `{}` is {status_name} but has no {}",
                            id.as_deref().unwrap_or("?"),
                            join_names(&lacking)
                        ),
                        raw.status
                            .as_ref()
                            .map_or(loc.clone(), |s| Loc::new(file, s.span())),
                    )
                    .label(format!("decided as {status_name}"))
                    .help("record the decision: `decided = 2026-11-20` and `outcome = \"...\"`"),
                );
                ok = false;
            }
        }
        if let Some((start, start_span)) = &start {
            for (other, name) in [(&decide_by, "decide_by"), (&decided, "decided")] {
                if let Some((d, span)) = other
                    && d < start
                {
                    self.push(
                        Diagnostic::new(
                            Code::DateOrder,
                            format!("`{name}` {d} is before `start` {start}"),
                            Loc::new(file, span.clone()),
                        )
                        .label("before the start".to_string())
                        .secondary(Loc::new(file, start_span.clone()), "start"),
                    );
                    ok = false;
                }
            }
        }
        if !ok {
            return None;
        }
        Some(Bet {
            id: id?,
            title: title?.get_ref().clone(),
            pillar: None,
            hypothesis: hypothesis?.get_ref().clone(),
            risk: *risk?.get_ref(),
            appetite_weeks: appetite?,
            start: start.map(|s| s.0),
            decide_by: decide_by.map(|s| s.0),
            success: success?.get_ref().clone(),
            kill: kill?.get_ref().clone(),
            status,
            metric: None,
            owner: raw.owner.clone(),
            decided: decided.map(|s| s.0),
            outcome: raw.outcome.as_ref().map(|o| o.get_ref().clone()),
            learnings: raw.learnings.clone(),
            loc: id_loc(raw.id.as_ref(), file, loc),
        })
    }

    fn second_pass(
        &mut self,
        loaded: &Loaded,
        mut drafts: Drafts<'_>,
        today: NaiveDate,
    ) -> Option<Plan> {
        let mut ok = true;
        for r in std::mem::take(&mut drafts.refs) {
            let kind = match self.resolve(r.reference, r.file, r.want, r.field) {
                Ok(Some(kind)) => kind,
                Ok(None) => continue,
                Err(()) => {
                    ok = false;
                    continue;
                }
            };
            if let (Want::InputMetric, Kind::Metric(Some(i))) = (r.want, kind)
                && drafts.metrics[i].role == MetricRole::Health
            {
                self.push(
                    Diagnostic::new(
                        Code::WrongReferenceKind,
                        format!(
                            "`inputs` must name input metrics, but `{}` is a health metric",
                            r.reference.get_ref()
                        ),
                        Loc::new(r.file, r.reference.span()),
                    )
                    .label("a health metric")
                    .secondary(
                        drafts.metrics[i].loc.clone(),
                        "defined here with `role = \"health\"`",
                    ),
                );
                ok = false;
                continue;
            }
            let measured = match kind {
                Kind::NorthStar => Some(Measured::NorthStar),
                Kind::Metric(Some(i)) => Some(Measured::Metric(i)),
                Kind::KeyResult(Some(k)) => Some(Measured::KeyResult(k)),
                _ => None,
            };
            match (r.slot, kind) {
                (Slot::PillarInput(p), Kind::Metric(Some(i))) => drafts.pillars[p].inputs.push(i),
                (Slot::ObjectivePillar(o), Kind::Pillar(Some(p))) => {
                    drafts.objectives[o].pillar = p;
                }
                (Slot::InitiativePillar(i), Kind::Pillar(Some(p))) => {
                    drafts.initiatives[i].pillar = Some(p);
                }
                (Slot::InitiativeDrive(i), Kind::KeyResult(Some(k))) => {
                    drafts.initiatives[i].drives.push(k);
                }
                (Slot::BetPillar(b), Kind::Pillar(Some(p))) => drafts.bets[b].pillar = Some(p),
                (Slot::BetMetric(b), _) => drafts.bets[b].metric = measured,
                _ => {}
            }
        }
        // Without settings or a North Star there is no plan, but check-ins are still checked:
        // against a stand-in North Star, so every problem is reported at once.
        let complete = drafts.plan.is_some() && drafts.north_star.is_some();
        let settings = drafts.plan.unwrap_or_else(|| PlanSettings {
            name: String::new(),
            stale_after_days: 14,
            overshoot: false,
            portfolio: PortfolioTarget::default(),
            capacity: None,
            loc: Loc::default(),
        });
        let north_star = drafts.north_star.unwrap_or_else(|| Metric {
            id: String::new(),
            name: String::new(),
            role: MetricRole::NorthStar,
            unit: None,
            owner: None,
            measure: Measure::Numeric {
                baseline: 0.0,
                target: 1.0,
            },
            due: None,
            loc: Loc::default(),
        });
        let mut plan = Plan {
            name: settings.name,
            stale_after_days: settings.stale_after_days,
            overshoot: settings.overshoot,
            portfolio: settings.portfolio,
            capacity: settings.capacity,
            north_star,
            metrics: drafts.metrics,
            pillars: drafts.pillars,
            objectives: drafts.objectives,
            initiatives: drafts.initiatives,
            bets: drafts.bets,
            checkins: Vec::new(),
            loc: settings.loc,
        };
        for (file, raw) in &loaded.files {
            for c in &raw.checkin {
                let loc = self.head(*file, c.span());
                match self.checkin(&plan, c.get_ref(), *file, &loc, today) {
                    Ok(Some(checkin)) => plan.checkins.push(checkin),
                    Ok(None) => {}
                    Err(()) => ok = false,
                }
            }
        }
        if !complete {
            return None;
        }
        // Plan-wide warnings only on a plan without errors: broken entities would skew them.
        let clean = ok
            && !self
                .diagnostics
                .iter()
                .any(|d| d.severity() == Severity::Error);
        if clean {
            self.plan_warnings(&plan);
        }
        ok.then_some(plan)
    }

    fn checkin(
        &mut self,
        plan: &Plan,
        raw: &RawCheckin,
        file: FileId,
        loc: &Loc,
        today: NaiveDate,
    ) -> Result<Option<CheckIn>, ()> {
        let mut missing = self.missing(loc);
        let metric = missing.need(raw.metric.as_ref(), "metric");
        let date = missing.need(raw.date.as_ref(), "date");
        let value = missing.need(raw.value.as_ref(), "value");
        let complete = self.report_missing(&missing, "[[checkin]]", None, loc);
        let target = metric.map(|m| self.measured(m, file, "metric"));
        let date = date.map(|d| self.date(d, file).ok_or(()));
        let confidence = raw.confidence.as_ref().map(|c| {
            let v = *c.get_ref();
            let in_range = (0.0..=1.0).contains(&v);
            if !in_range && v.is_finite() {
                let mut d = Diagnostic::new(
                    Code::ConfidenceOutOfRange,
                    format!("confidence `{v}` is outside 0–1"),
                    Loc::new(file, c.span()),
                )
                .label("confidence is a 0–1 fraction");
                if v > 1.0 && v <= 100.0 {
                    d = d.help(format!(
                        "write percentages as fractions: `confidence = {}`",
                        v / 100.0
                    ));
                }
                self.push(d);
                return Err(());
            }
            self.finite(c, file).ok_or(())
        });
        let (Some(Ok(Some(target))), Some(Ok(date)), Some(value)) = (target, date, value) else {
            let failed = !complete
                || matches!(target, Some(Err(())))
                || matches!(date, Some(Err(())))
                || matches!(confidence, Some(Err(())));
            return if failed { Err(()) } else { Ok(None) };
        };
        let confidence = confidence.transpose()?;
        let value = self.reading(plan, target, value, file)?;
        if date > today {
            self.push(
                Diagnostic::new(
                    Code::CheckinInFuture,
                    format!("check-in dated {date}, after today ({today})"),
                    Loc::new(file, raw.date.as_ref().map_or(0..0, Spanned::span)),
                )
                .label("in the future")
                .help("check the year and month"),
            );
        }
        if let Measured::KeyResult(r) = target {
            let quarter = plan.objectives[r.objective].quarter;
            if !quarter.contains(date) {
                self.push(
                    Diagnostic::new(
                        Code::CheckinOutsideQuarter,
                        format!("check-in for key result `{}` dated {date}, outside its quarter {quarter}", plan.key_result(r).id),
                        Loc::new(file, raw.date.as_ref().map_or(0..0, Spanned::span)),
                    )
                    .label(format!("{quarter} runs {} to {}", quarter.first_day(), quarter.last_day()))
                    .secondary(plan.key_result(r).loc.clone(), "key result defined here"),
                );
            }
        }
        Ok(Some(CheckIn {
            target,
            date,
            value,
            confidence,
            note: raw.note.clone(),
            by: raw.by.clone(),
            loc: loc.clone(),
        }))
    }

    fn reading(
        &mut self,
        plan: &Plan,
        target: Measured,
        value: &Spanned<super::raw::CheckinValue>,
        file: FileId,
    ) -> Result<Reading, ()> {
        let loc = Loc::new(file, value.span());
        let id = plan.measured_id(target).to_string();
        let milestone = plan.measure(target) == Measure::Milestone;
        let number = match &value.get_ref().0 {
            toml::Value::Integer(i) => Some(*i as f64),
            toml::Value::Float(f) => Some(*f),
            _ => None,
        };
        match (milestone, &value.get_ref().0, number) {
            (true, toml::Value::Boolean(b), _) => Ok(Reading::Done(*b)),
            (false, _, Some(n)) if n.is_finite() => Ok(Reading::Number(n)),
            (false, _, Some(n)) => {
                self.push(
                    Diagnostic::new(
                        Code::NonFiniteNumber,
                        format!("`{n}` is not a finite number"),
                        loc,
                    )
                    .label("a finite number is needed here"),
                );
                Err(())
            }
            (true, found, _) => {
                let d = Diagnostic::new(
                    Code::CheckinTypeMismatch,
                    format!(
                        "`{id}` is a milestone: its check-ins are `true` or `false`, found {}",
                        found.type_str()
                    ),
                    loc,
                )
                .label("expected `true` or `false`");
                let d = match found.as_str() {
                    Some("true" | "false") => d.help("remove the quotes"),
                    _ => d.help("write `value = true` once it is done"),
                };
                self.push(d);
                Err(())
            }
            (false, found, None) => {
                let d = Diagnostic::new(
                    Code::CheckinTypeMismatch,
                    format!("`{id}` is measured in numbers, found {}", found.type_str()),
                    loc,
                )
                .label("expected a number");
                let d = match found {
                    toml::Value::String(s) if s.trim().parse::<f64>().is_ok() => {
                        d.help("remove the quotes")
                    }
                    toml::Value::Boolean(_) => {
                        d.help("only milestone key results take `true` / `false`")
                    }
                    _ => d,
                };
                self.push(d);
                Err(())
            }
        }
    }

    fn plan_warnings(&mut self, plan: &Plan) {
        let count = plan.pillars.len();
        if !(2..=4).contains(&count) {
            let loc = plan
                .pillars
                .get(4)
                .map_or_else(|| plan.loc.clone(), |p| p.loc.clone());
            self.push(
                Diagnostic::new(
                    Code::PillarCount,
                    format!(
                        "the plan has {} (2–4 expected)",
                        crate::diagnostic::plural(count, "pillar")
                    ),
                    loc,
                )
                .label(if count > 4 {
                    "fifth pillar"
                } else {
                    "this plan"
                })
                .help(if count > 4 {
                    "a strategy with more than four pillars has none; merge or drop some"
                } else {
                    "name two to four strategic pillars that drive the North Star"
                }),
            );
        }
        for o in &plan.objectives {
            if o.key_results.is_empty() {
                self.push(
                    Diagnostic::new(
                        Code::ObjectiveWithoutKeyResults,
                        format!("objective `{}` has no key results", o.id),
                        o.loc.clone(),
                    )
                    .label("nothing to measure")
                    .help("add `[[objective.key_result]]` tables below it"),
                );
            }
            if o.owner.is_none() {
                self.push(
                    Diagnostic::new(
                        Code::ObjectiveWithoutOwner,
                        format!("objective `{}` has no owner", o.id),
                        o.loc.clone(),
                    )
                    .label("no owner")
                    .help("add `owner = \"...\"`"),
                );
            }
        }
    }
}

/// The fields that decide a measure's shape.
#[derive(Default, Clone, Copy)]
struct MeasureFields<'r> {
    baseline: Option<&'r Spanned<f64>>,
    target: Option<&'r Spanned<f64>>,
    keep_below: Option<&'r Spanned<f64>>,
    keep_above: Option<&'r Spanned<f64>>,
    milestone: Option<&'r Spanned<bool>>,
}

#[cfg(test)]
mod tests {
    use super::*;

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
