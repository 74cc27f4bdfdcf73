//! `northstar show ID`: everything about one entity, gathered from the plan and the
//! roll-up into a plain [`Shown`] that the renderers print (as labelled fields, related
//! entities and, for key results and metrics, the check-in history).

use serde::Serialize;

use crate::history::{LogFilter, LogRow, sparkline, timeline};
use crate::lint::serde_variant;
use crate::plan::Plan;
use crate::plan::model::{Measure, Measured};
use crate::render::table::{number, percent, status_label, with_unit};
use crate::report::Report;

/// One entity, described.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    /// `key result`, `objective`, `pillar`, `metric`, `North Star`, `initiative` or `bet`.
    pub kind: &'static str,
    /// Its id.
    pub id: String,
    /// Its name or title.
    pub title: String,
    /// Labelled fields, in display order.
    pub fields: Vec<(String, String)>,
    /// Related entities by relation (`pillar`, `key results`, `driven by`, ...), as `id — title`.
    pub related: Vec<(String, Vec<String>)>,
    /// Check-ins of a key result, metric or the North Star, oldest first.
    pub history: Option<Vec<LogRow>>,
    /// A sparkline of the history's values (numeric measures only).
    pub sparkline: Option<String>,
}

fn measure_text(m: Measure, unit: Option<&str>) -> String {
    match m {
        Measure::Numeric { baseline, target } => {
            format!("{} → {}", number(baseline), with_unit(target, unit))
        }
        Measure::Milestone => "milestone (done / not done)".into(),
        Measure::KeepBelow(l) => format!("keep ≤ {}", with_unit(l, unit)),
        Measure::KeepAbove(l) => format!("keep ≥ {}", with_unit(l, unit)),
    }
}

fn opt(v: Option<&String>) -> String {
    v.cloned().unwrap_or_else(|| "—".into())
}

/// Describes the entity with `id`, or `None` when no entity has it.
#[must_use]
pub fn show(plan: &Plan, report: &Report, id: &str) -> Option<Shown> {
    let pillar_line = |i: usize| format!("{} — {}", plan.pillars[i].id, plan.pillars[i].name);
    let history_of = |m: Measured| {
        let rows = timeline(
            plan,
            &LogFilter {
                metric: Some(plan.measured_id(m)),
                ..LogFilter::default()
            },
        );
        let values: Vec<f64> = rows
            .iter()
            .filter_map(|r| match r.value {
                crate::plan::model::Reading::Number(v) => Some(v),
                crate::plan::model::Reading::Done(_) => None,
            })
            .collect();
        let spark = (!values.is_empty()).then(|| sparkline(&values));
        (rows, spark)
    };
    let bets_aiming = |m: Measured| -> Vec<String> {
        plan.bets
            .iter()
            .filter(|b| b.metric == Some(m))
            .map(|b| format!("{} — {}", b.id, b.title))
            .collect()
    };

    // Key results.
    for (oi, o) in plan.objectives.iter().enumerate() {
        for (ki, kr) in o.key_results.iter().enumerate() {
            if kr.id != id {
                continue;
            }
            let r = crate::plan::model::KrRef {
                objective: oi,
                key_result: ki,
            };
            let m = Measured::KeyResult(r);
            let (history, spark) = history_of(m);
            let mut fields = vec![
                (
                    "measure".to_string(),
                    measure_text(kr.measure, kr.unit.as_deref()),
                ),
                ("weight".to_string(), number(kr.weight)),
                ("quarter".to_string(), o.quarter.to_string()),
            ];
            if let Some(row) = report
                .objectives
                .iter()
                .flat_map(|o| &o.key_results)
                .find(|k| k.id == id)
            {
                fields.push((
                    format!("as of {}", report.as_of),
                    format!(
                        "{} · progress {} · {}{}",
                        crate::render::table::reading(row.current, kr.unit.as_deref()),
                        percent(row.progress),
                        status_label(row.status),
                        if row.stale { " · stale" } else { "" }
                    ),
                ));
            }
            let driven: Vec<String> = plan
                .initiatives
                .iter()
                .filter(|i| i.drives.contains(&r))
                .map(|i| format!("{} — {}", i.id, i.title))
                .collect();
            return Some(Shown {
                kind: "key result",
                id: kr.id.clone(),
                title: kr.title.clone(),
                fields,
                related: vec![
                    ("objective".into(), vec![format!("{} — {}", o.id, o.title)]),
                    ("pillar".into(), vec![pillar_line(o.pillar)]),
                    (
                        "North Star".into(),
                        vec![format!("{} — {}", plan.north_star.id, plan.north_star.name)],
                    ),
                    ("driven by".into(), driven),
                    ("bets aiming at it".into(), bets_aiming(m)),
                ],
                history: Some(history),
                sparkline: spark,
            });
        }
    }
    // The North Star and metrics.
    let metric = std::iter::once((Measured::NorthStar, &plan.north_star))
        .chain(
            plan.metrics
                .iter()
                .enumerate()
                .map(|(i, m)| (Measured::Metric(i), m)),
        )
        .find(|(_, m)| m.id == id);
    if let Some((m, metric)) = metric {
        let (history, spark) = history_of(m);
        let mut fields = vec![
            ("role".to_string(), serde_variant(&metric.role)),
            (
                "measure".to_string(),
                measure_text(metric.measure, metric.unit.as_deref()),
            ),
            ("owner".to_string(), opt(metric.owner.as_ref())),
            (
                "due".to_string(),
                metric.due.map_or_else(|| "—".into(), |d| d.to_string()),
            ),
        ];
        if let Some(row) = std::iter::once(&report.north_star)
            .chain(&report.metrics)
            .find(|r| r.id == id)
        {
            fields.push((
                format!("as of {}", report.as_of),
                format!(
                    "{} · progress {} · {}",
                    row.current
                        .map_or_else(|| "—".into(), |v| with_unit(v, metric.unit.as_deref())),
                    percent(row.progress),
                    status_label(row.status)
                ),
            ));
        }
        let pillars: Vec<String> = match m {
            Measured::NorthStar => (0..plan.pillars.len()).map(pillar_line).collect(),
            Measured::Metric(i) => (0..plan.pillars.len())
                .filter(|&p| plan.pillars[p].inputs.contains(&i))
                .map(pillar_line)
                .collect(),
            Measured::KeyResult(_) => Vec::new(),
        };
        return Some(Shown {
            kind: if m == Measured::NorthStar {
                "North Star"
            } else {
                "metric"
            },
            id: metric.id.clone(),
            title: metric.name.clone(),
            fields,
            related: vec![
                ("pillars".into(), pillars),
                ("bets aiming at it".into(), bets_aiming(m)),
            ],
            history: Some(history),
            sparkline: spark,
        });
    }
    if let Some((oi, o)) = plan.objectives.iter().enumerate().find(|(_, o)| o.id == id) {
        let row = report.objectives.iter().find(|r| r.id == id);
        let mut fields = vec![
            ("quarter".to_string(), o.quarter.to_string()),
            ("owner".to_string(), opt(o.owner.as_ref())),
            ("kind".to_string(), serde_variant(&o.kind)),
            ("weight".to_string(), number(o.weight)),
        ];
        if let Some(row) = row {
            fields.push((
                format!("as of {}", report.as_of),
                format!(
                    "progress {} · {}",
                    row.progress.map_or_else(|| "—".into(), percent),
                    status_label(row.status)
                ),
            ));
        }
        let initiatives: Vec<String> = plan
            .initiatives
            .iter()
            .filter(|i| i.drives.iter().any(|r| r.objective == oi))
            .map(|i| format!("{} — {}", i.id, i.title))
            .collect();
        return Some(Shown {
            kind: "objective",
            id: o.id.clone(),
            title: o.title.clone(),
            fields,
            related: vec![
                ("pillar".into(), vec![pillar_line(o.pillar)]),
                (
                    "key results".into(),
                    o.key_results
                        .iter()
                        .map(|k| format!("{} — {}", k.id, k.title))
                        .collect(),
                ),
                ("initiatives".into(), initiatives),
            ],
            history: None,
            sparkline: None,
        });
    }
    if let Some((pi, p)) = plan.pillars.iter().enumerate().find(|(_, p)| p.id == id) {
        let row = report.pillars.iter().find(|r| r.id == id);
        let mut fields = vec![("owner".to_string(), opt(p.owner.as_ref()))];
        if let Some(row) = row {
            fields.push((
                format!("{} as of {}", report.quarter, report.as_of),
                format!(
                    "progress {} · {}",
                    row.progress.map_or_else(|| "—".into(), percent),
                    status_label(row.status)
                ),
            ));
        }
        return Some(Shown {
            kind: "pillar",
            id: p.id.clone(),
            title: p.name.clone(),
            fields,
            related: vec![
                (
                    "North Star".into(),
                    vec![format!("{} — {}", plan.north_star.id, plan.north_star.name)],
                ),
                (
                    "input metrics".into(),
                    p.inputs
                        .iter()
                        .map(|&i| format!("{} — {}", plan.metrics[i].id, plan.metrics[i].name))
                        .collect(),
                ),
                (
                    "objectives".into(),
                    plan.objectives
                        .iter()
                        .filter(|o| o.pillar == pi)
                        .map(|o| format!("{} — {} ({})", o.id, o.title, o.quarter))
                        .collect(),
                ),
                (
                    "initiatives".into(),
                    plan.initiatives
                        .iter()
                        .filter(|i| i.pillar == Some(pi))
                        .map(|i| format!("{} — {} ({})", i.id, i.title, i.quarter))
                        .collect(),
                ),
                (
                    "bets".into(),
                    plan.bets
                        .iter()
                        .filter(|b| b.pillar == Some(pi))
                        .map(|b| format!("{} — {}", b.id, b.title))
                        .collect(),
                ),
            ],
            history: None,
            sparkline: None,
        });
    }
    if let Some(i) = plan.initiatives.iter().find(|i| i.id == id) {
        let row = report.initiatives.iter().find(|r| r.id == id);
        let mut fields = vec![
            ("quarter".to_string(), i.quarter.to_string()),
            ("owner".to_string(), opt(i.owner.as_ref())),
            ("status".to_string(), serde_variant(&i.status)),
            ("work".to_string(), serde_variant(&i.work)),
            (
                "effort".to_string(),
                format!("{} person-weeks", number(i.effort_weeks)),
            ),
            ("success".to_string(), opt(i.success.as_ref())),
        ];
        if let Some((p, s)) = row.and_then(|r| r.progress.zip(r.progress_status)) {
            fields.push((
                format!("as of {}", report.as_of),
                format!("progress {} · {}", percent(p), status_label(s)),
            ));
        }
        return Some(Shown {
            kind: "initiative",
            id: i.id.clone(),
            title: i.title.clone(),
            fields,
            related: vec![
                (
                    "pillar".into(),
                    i.pillar.map(pillar_line).into_iter().collect(),
                ),
                (
                    "drives".into(),
                    i.drives
                        .iter()
                        .map(|&r| {
                            format!("{} — {}", plan.key_result(r).id, plan.key_result(r).title)
                        })
                        .collect(),
                ),
            ],
            history: None,
            sparkline: None,
        });
    }
    let (b, row) = plan
        .bets
        .iter()
        .zip(&report.bets)
        .find(|(b, _)| b.id == id)?;
    let date = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "—".into(), |d| d.to_string());
    let mut fields = vec![
        ("status".to_string(), serde_variant(&b.status)),
        ("risk".to_string(), serde_variant(&b.risk)),
        (
            "appetite".to_string(),
            format!("{} person-weeks", number(b.appetite_weeks)),
        ),
        ("owner".to_string(), opt(b.owner.as_ref())),
        ("hypothesis".to_string(), b.hypothesis.clone()),
        ("success".to_string(), b.success.clone()),
        ("kill".to_string(), b.kill.clone()),
        ("start".to_string(), date(b.start)),
        ("decide by".to_string(), date(b.decide_by)),
    ];
    match row.days_to_decision {
        Some(days) if days < 0 => fields.push((
            "decision".into(),
            format!(
                "overdue by {}",
                crate::diagnostic::plural(usize::try_from(-days).unwrap_or(0), "day")
            ),
        )),
        Some(days) => fields.push((
            "decision".into(),
            format!(
                "due in {}",
                crate::diagnostic::plural(usize::try_from(days).unwrap_or(0), "day")
            ),
        )),
        None => {}
    }
    if b.status.is_decided() {
        fields.push(("decided".into(), date(b.decided)));
        fields.push(("outcome".into(), opt(b.outcome.as_ref())));
    }
    if let Some(l) = &b.learnings {
        fields.push(("learnings".into(), l.clone()));
    }
    Some(Shown {
        kind: "bet",
        id: b.id.clone(),
        title: b.title.clone(),
        fields,
        related: vec![
            (
                "pillar".into(),
                b.pillar.map(pillar_line).into_iter().collect(),
            ),
            (
                "aims at".into(),
                b.metric
                    .map(|m| plan.measured_id(m).to_string())
                    .into_iter()
                    .collect(),
            ),
        ],
        history: None,
        sparkline: None,
    })
}
