//! Measures: the shape and goal of a metric or key result, read from its shape fields
//! (numeric, milestone, threshold, untargeted), and the two entities that are a named
//! measure and nothing more, the North Star and a metric, checked by one function.

use std::ops::Range;

use super::{Kind, Validator, id_loc};
use crate::diagnostic::{Code, Diagnostic, FileId, Loc};
use crate::plan::model::{MIN_RANGE, Measure, Metric, MetricRole};
use crate::plan::raw::{Datetime, RawMetric, RawNorthStar, RawSource, Spanned};

/// A North Star or metric table as written: the fields both take, and what tells them
/// apart in diagnostics and in the namespace.
pub(super) struct MetricTable<'r> {
    /// What the id names until the entity passes: `Kind::NorthStar(false)` or
    /// `Kind::Metric(None)`.
    kind: Kind,
    /// Its header, as `missing-field` names it: `[north_star]`, `[[metric]]`.
    header: &'static str,
    /// Its noun in measure diagnostics: `the North Star`, `metric`.
    what: &'static str,
    /// Its source table's header: `[north_star.source]`, `[metric.source]`.
    source_header: &'static str,
    role: MetricRole,
    id: Option<&'r Spanned<String>>,
    name: Option<&'r Spanned<String>>,
    unit: Option<&'r String>,
    owner: Option<&'r String>,
    due: Option<&'r Spanned<Datetime>>,
    source: Option<&'r Spanned<RawSource>>,
    measure: MeasureFields<'r>,
}

impl<'r> From<&'r RawNorthStar> for MetricTable<'r> {
    fn from(raw: &'r RawNorthStar) -> Self {
        MetricTable {
            kind: Kind::NorthStar(false),
            header: "[north_star]",
            what: "the North Star",
            source_header: "[north_star.source]",
            role: MetricRole::NorthStar,
            id: raw.id.as_ref(),
            name: raw.name.as_ref(),
            unit: raw.unit.as_ref(),
            owner: raw.owner.as_ref(),
            due: raw.due.as_ref(),
            source: raw.source.as_deref(),
            measure: MeasureFields {
                baseline: raw.baseline.as_ref(),
                target: raw.target.as_ref(),
                untargeted: Untargeted::Allowed,
                ..MeasureFields::default()
            },
        }
    }
}

impl<'r> From<&'r RawMetric> for MetricTable<'r> {
    fn from(raw: &'r RawMetric) -> Self {
        MetricTable {
            kind: Kind::Metric(None),
            header: "[[metric]]",
            what: "metric",
            source_header: "[metric.source]",
            role: raw
                .role
                .as_ref()
                .map_or(MetricRole::Input, |r| *r.get_ref()),
            id: raw.id.as_ref(),
            name: raw.name.as_ref(),
            unit: raw.unit.as_ref(),
            owner: raw.owner.as_ref(),
            due: raw.due.as_ref(),
            source: raw.source.as_deref(),
            measure: MeasureFields {
                baseline: raw.baseline.as_ref(),
                target: raw.target.as_ref(),
                keep_below: raw.keep_below.as_ref(),
                keep_above: raw.keep_above.as_ref(),
                milestone: None,
                untargeted: Untargeted::Allowed,
            },
        }
    }
}

impl Validator<'_> {
    /// The North Star or a metric: its id registered, required fields, due date, measure
    /// and source checked. `None` when any of them is broken (each reported).
    pub(super) fn metric(
        &mut self,
        raw: &MetricTable<'_>,
        file: FileId,
        loc: &Loc,
    ) -> Option<Metric> {
        let id = self.register(raw.id, raw.kind, file);
        let mut missing = self.missing(loc);
        missing.need(raw.id, "id");
        let name = missing.need(raw.name, "name");
        let complete = self.report_missing(&missing, raw.header, id.as_deref(), loc);
        let due = match raw.due {
            Some(d) => Some(self.date(d, file)?),
            None => None,
        };
        let (id, name) = (id?, name?);
        if !complete {
            return None;
        }
        let measure = self.measure(&raw.measure, file, loc, raw.what, &id);
        let unit = raw.unit.map(String::as_str);
        let source = raw
            .source
            .map(|s| self.source(s, file, raw.source_header, &id, unit));
        let (measure, source) = (measure?, source.transpose().ok()?);
        Some(Metric {
            id,
            name: name.get_ref().clone(),
            role: raw.role,
            unit: raw.unit.cloned(),
            owner: raw.owner.cloned(),
            measure,
            due,
            source,
            loc: id_loc(raw.id, file, loc),
        })
    }

    /// The measure of a key result or metric, from its shape fields.
    ///
    /// Numeric: `baseline` and `target`. A target without a baseline is an error; without a
    /// target, a metric or the North Star is [`Measure::Untargeted`] (tracked without a
    /// goal, its baseline optional), and so is a key result with `target = "tbd"` (a
    /// draft); any other key result needs a target.
    pub(super) fn measure(
        &mut self,
        fields: &MeasureFields<'_>,
        file: FileId,
        loc: &Loc,
        what: &str,
        id: &str,
    ) -> Option<Measure> {
        let milestone = fields.milestone.filter(|m| *m.get_ref());
        let tbd = match &fields.untargeted {
            Untargeted::Tbd(span) => Some(("target", span.clone())),
            _ => None,
        };
        let numeric_present: Vec<(&'static str, Range<usize>)> = [
            fields.baseline.map(|b| ("baseline", b.span())),
            fields.target.map(|t| ("target", t.span())),
            tbd,
        ]
        .into_iter()
        .flatten()
        .collect();
        let threshold_present: Vec<(&'static str, Range<usize>)> = [
            fields.keep_below.map(|v| ("keep_below", v.span())),
            fields.keep_above.map(|v| ("keep_above", v.span())),
        ]
        .into_iter()
        .flatten()
        .collect();
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
        self.numeric_measure(fields, file, loc, what, id)
    }

    /// The numeric measure (`baseline` and `target`), or an untargeted one, once no
    /// milestone or threshold was written: see [`Self::measure`].
    fn numeric_measure(
        &mut self,
        fields: &MeasureFields<'_>,
        file: FileId,
        loc: &Loc,
        what: &str,
        id: &str,
    ) -> Option<Measure> {
        let dropped = self.missing(loc).dropped.iter().any(|d| {
            [
                "baseline",
                "target",
                "keep_below",
                "keep_above",
                "milestone",
            ]
            .contains(&d.as_str())
        });
        match (fields.baseline, fields.target) {
            (Some(b), Some(t)) => {
                let (baseline, target) = (self.finite(b, file), self.finite(t, file));
                let (baseline, target) = (baseline?, target?);
                if (target - baseline).abs() < MIN_RANGE {
                    let message = if baseline == target {
                        format!("{what} `{id}` has baseline equal to target ({baseline})")
                    } else {
                        format!("{what} `{id}` has baseline and target less than 1e-9 apart")
                    };
                    self.push(
                        Diagnostic::new(
                            Code::BaselineEqualsTarget,
                            message,
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
            // A shape field was already reported (wrong type or syntax error).
            _ if dropped => None,
            (None, Some(_)) => {
                self.push(
                    Diagnostic::new(
                        Code::MissingField,
                        format!("{what} `{id}` is missing required field `baseline`"),
                        loc.clone(),
                    )
                    .label("`baseline` required here")
                    .help("progress runs from `baseline` to `target`: give both"),
                );
                None
            }
            (baseline, None) if fields.untargeted != Untargeted::Refused => {
                let baseline = match baseline {
                    Some(b) => Some(self.finite(b, file)?),
                    None => None,
                };
                Some(Measure::Untargeted { baseline })
            }
            (Some(_), None) => {
                self.push(
                    Diagnostic::new(
                        Code::MissingField,
                        format!("{what} `{id}` is missing required field `target`"),
                        loc.clone(),
                    )
                    .label("`target` required here")
                    .help("a numeric key result needs `baseline` and `target`; write `target = \"tbd\"` for a draft"),
                );
                None
            }
            (None, None) => {
                // Only a key result gets here: a metric without a target is untargeted.
                let shapes = "`baseline` and `target` (`target = \"tbd\"` for a draft), `milestone = true`, or `keep_below` / `keep_above`";
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
}

/// The fields that decide a measure's shape.
#[derive(Default, Clone)]
pub(super) struct MeasureFields<'r> {
    pub(super) baseline: Option<&'r Spanned<f64>>,
    /// A numeric target (a key result's `"tbd"` is in `untargeted`).
    pub(super) target: Option<&'r Spanned<f64>>,
    pub(super) keep_below: Option<&'r Spanned<f64>>,
    pub(super) keep_above: Option<&'r Spanned<f64>>,
    pub(super) milestone: Option<&'r Spanned<bool>>,
    pub(super) untargeted: Untargeted,
}

/// Whether a numeric measure may lack a target ([`Measure::Untargeted`]).
#[derive(Default, Clone, PartialEq, Eq)]
pub(super) enum Untargeted {
    /// No: a key result needs a target, or `"tbd"`.
    #[default]
    Refused,
    /// A key result's `target = "tbd"`, at this byte range: a draft.
    Tbd(Range<usize>),
    /// A metric or the North Star: without a target it is tracked without a goal.
    Allowed,
}
