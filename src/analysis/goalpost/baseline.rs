//! A baseline: the goals of a plan as they were, all that comparing goalposts needs of an
//! older version of a plan (each objective's period, each key result's measure, weight
//! and source definition, the North Star's and metrics' measures and source definitions),
//! kept instead of the whole plan and written to the goalpost cache ([`super::cache`]) in
//! a form that reads back to exactly the same values.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::plan::Plan;
use crate::plan::model::{Measure, Source};
use crate::time::period::{Label, Period, Window};

/// The goals of one version of a plan, in its order.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    /// Every objective, in plan order.
    pub objectives: Vec<ObjectiveGoals>,
    /// The North Star.
    pub north_star: Option<MetricGoal>,
    /// The input and health metrics, in plan order.
    pub metrics: Vec<MetricGoal>,
}

/// An objective's period and its key results' goals.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveGoals {
    /// Its id.
    pub id: String,
    /// Its period.
    pub period: Period,
    /// Its key results, in plan order.
    pub key_results: Vec<KeyResultGoal>,
}

/// A key result's goal.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyResultGoal {
    /// Its id.
    pub id: String,
    /// How it is measured, with its numbers.
    pub measure: Measure,
    /// Its weight in its objective.
    pub weight: f64,
    /// Its source's definition ([`source_text`]), when it has a source.
    pub source: Option<String>,
}

/// The North Star's or a metric's goal.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricGoal {
    /// Its id.
    pub id: String,
    /// How it is measured, with its numbers.
    pub measure: Measure,
    /// Its source's definition ([`source_text`]), when it has a source.
    pub source: Option<String>,
}

/// A source's definition as one text, as its check-ins' provenance reads without a
/// revision (`dora:lead-time ../svc tags ^deploy- 28d`): what a source move compares.
#[must_use]
pub fn source_text(s: &Source) -> String {
    let (head, tail) = s.definition();
    format!("{head}{tail}")
}

impl Baseline {
    /// The goals of `plan`.
    #[must_use]
    pub fn of(plan: &Plan) -> Self {
        let metric = |m: &crate::plan::model::Metric| MetricGoal {
            id: m.id.clone(),
            measure: m.measure,
            source: m.source.as_ref().map(source_text),
        };
        Self {
            objectives: plan
                .objectives
                .iter()
                .map(|o| ObjectiveGoals {
                    id: o.id.clone(),
                    period: o.period.clone(),
                    key_results: o
                        .key_results
                        .iter()
                        .map(|k| KeyResultGoal {
                            id: k.id.clone(),
                            measure: k.measure,
                            weight: k.weight,
                            source: k.source.as_deref().map(source_text),
                        })
                        .collect(),
                })
                .collect(),
            north_star: plan.north_star.as_ref().map(metric),
            metrics: plan.metrics.iter().map(metric).collect(),
        }
    }

    /// The measure of each key result, then of the North Star and each metric, by id; the
    /// first of an id wins (key results before metrics, as a lookup in that order finds).
    #[must_use]
    pub fn measures(&self) -> HashMap<&str, Measure> {
        let mut out = HashMap::new();
        let key_results = self.objectives.iter().flat_map(|o| &o.key_results);
        for (id, measure) in key_results.map(|k| (k.id.as_str(), k.measure)).chain(
            self.north_star
                .iter()
                .chain(&self.metrics)
                .map(|m| (m.id.as_str(), m.measure)),
        ) {
            out.entry(id).or_insert(measure);
        }
        out
    }

    /// The baseline as the cache writes it; `None` when a period's label would not read
    /// back as the same label (a cycle named like a quarter): such a baseline is not cached.
    pub(super) fn stored(&self) -> Option<Stored> {
        let period = |p: &Period| {
            let label = p.label.to_string();
            (Label::parse_or_cycle(&label) == p.label).then_some(StoredPeriod {
                label,
                first_day: p.window.first_day,
                last_day: p.window.last_day,
            })
        };
        let metric = |m: &MetricGoal| StoredMetric {
            id: m.id.clone(),
            measure: StoredMeasure::from(m.measure),
            source: m.source.clone(),
        };
        Some(Stored {
            objectives: self
                .objectives
                .iter()
                .map(|o| {
                    Some(StoredObjective {
                        id: o.id.clone(),
                        period: period(&o.period)?,
                        key_results: o
                            .key_results
                            .iter()
                            .map(|k| StoredKeyResult {
                                id: k.id.clone(),
                                measure: StoredMeasure::from(k.measure),
                                weight: k.weight.to_bits(),
                                source: k.source.clone(),
                            })
                            .collect(),
                    })
                })
                .collect::<Option<_>>()?,
            north_star: self.north_star.as_ref().map(metric),
            metrics: self.metrics.iter().map(metric).collect(),
        })
    }

    /// The baseline a cache file held; `None` when a period in it is no period.
    pub(super) fn from_stored(s: Stored) -> Option<Self> {
        let metric = |m: StoredMetric| MetricGoal {
            id: m.id,
            measure: m.measure.into(),
            source: m.source,
        };
        Some(Self {
            objectives: s
                .objectives
                .into_iter()
                .map(|o| {
                    Some(ObjectiveGoals {
                        id: o.id,
                        period: Period {
                            label: Label::parse_or_cycle(&o.period.label),
                            window: Window::new(o.period.first_day, o.period.last_day)?,
                        },
                        key_results: o
                            .key_results
                            .into_iter()
                            .map(|k| KeyResultGoal {
                                id: k.id,
                                measure: k.measure.into(),
                                weight: f64::from_bits(k.weight),
                                source: k.source,
                            })
                            .collect(),
                    })
                })
                .collect::<Option<_>>()?,
            north_star: s.north_star.map(metric),
            metrics: s.metrics.into_iter().map(metric).collect(),
        })
    }
}

/// [`Baseline`] as stored: every number as its exact bits, every period as its label and
/// days.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Stored {
    objectives: Vec<StoredObjective>,
    north_star: Option<StoredMetric>,
    metrics: Vec<StoredMetric>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredObjective {
    id: String,
    period: StoredPeriod,
    key_results: Vec<StoredKeyResult>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredPeriod {
    label: String,
    first_day: NaiveDate,
    last_day: NaiveDate,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredKeyResult {
    id: String,
    measure: StoredMeasure,
    weight: u64,
    source: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredMetric {
    id: String,
    measure: StoredMeasure,
    source: Option<String>,
}

/// [`Measure`] with each number as its bits (`f64::to_bits`).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
enum StoredMeasure {
    Numeric { baseline: u64, target: u64 },
    Milestone,
    KeepBelow(u64),
    KeepAbove(u64),
    Untargeted { baseline: Option<u64> },
    FromChildren,
}

impl From<Measure> for StoredMeasure {
    fn from(m: Measure) -> Self {
        match m {
            Measure::Numeric { baseline, target } => StoredMeasure::Numeric {
                baseline: baseline.to_bits(),
                target: target.to_bits(),
            },
            Measure::Milestone => StoredMeasure::Milestone,
            Measure::KeepBelow(l) => StoredMeasure::KeepBelow(l.to_bits()),
            Measure::KeepAbove(l) => StoredMeasure::KeepAbove(l.to_bits()),
            Measure::Untargeted { baseline } => StoredMeasure::Untargeted {
                baseline: baseline.map(f64::to_bits),
            },
            Measure::FromChildren => StoredMeasure::FromChildren,
        }
    }
}

impl From<StoredMeasure> for Measure {
    fn from(m: StoredMeasure) -> Self {
        match m {
            StoredMeasure::Numeric { baseline, target } => Measure::Numeric {
                baseline: f64::from_bits(baseline),
                target: f64::from_bits(target),
            },
            StoredMeasure::Milestone => Measure::Milestone,
            StoredMeasure::KeepBelow(l) => Measure::KeepBelow(f64::from_bits(l)),
            StoredMeasure::KeepAbove(l) => Measure::KeepAbove(f64::from_bits(l)),
            StoredMeasure::Untargeted { baseline } => Measure::Untargeted {
                baseline: baseline.map(f64::from_bits),
            },
            StoredMeasure::FromChildren => Measure::FromChildren,
        }
    }
}
