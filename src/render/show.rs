//! `show`'s labelled lines, shared by the table and Markdown renderers: the entity's fields
//! as (label, value) and its relations as (label, entries), in display order. Text here is
//! raw; each renderer scrubs or escapes it.

use chrono::NaiveDate;

use super::text::{reading, status_label, with_unit};
use crate::analysis::report::{EntityKind, MeasureFields, MeasureKind};
use crate::analysis::show::{Details, Relation, Shown, Standing};
use crate::plan::model::{BetStatus, Reading};
use crate::text::variant;
use crate::text::{number, percent};

/// A measure's goal as `show` words it: `48 → 12 h`, `milestone (done / not done)`,
/// `keep ≤ 15%`, `keep ≥ 99.9%`; without a target, `30% → {missing}` (`tbd` for a draft
/// key result, `no target` for a metric).
fn measure_text(m: &MeasureFields, unit: Option<&str>, missing: &str) -> String {
    match (m.measure, m.baseline, m.target, m.keep_below, m.keep_above) {
        (MeasureKind::Milestone, ..) => "milestone (done / not done)".into(),
        (MeasureKind::Children, ..) => "from its child objectives (by contribution)".into(),
        (_, _, _, Some(l), _) => format!("keep ≤ {}", with_unit(l, unit)),
        (_, _, _, _, Some(l)) => format!("keep ≥ {}", with_unit(l, unit)),
        (_, Some(b), Some(t), ..) => format!("{} → {}", number(b), with_unit(t, unit)),
        // No target: a draft key result or a metric tracked without a goal.
        (_, Some(b), None, ..) => format!("{} → {missing}", with_unit(b, unit)),
        _ => missing.into(),
    }
}

fn opt(v: Option<&String>) -> String {
    v.cloned().unwrap_or_else(|| "—".into())
}

fn date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "—".into(), |d| d.to_string())
}

/// The heading: `key result lead-time — Median lead time for changes` (raw text).
#[must_use]
pub fn heading(shown: &Shown) -> (String, String, String) {
    (
        super::text::entity_kind(shown.kind()).to_string(),
        shown.id.clone(),
        shown.title.clone(),
    )
}

/// Owners as one field: `carol, dev-infra`, or `—` for none.
fn owner_list(names: &[String]) -> String {
    super::text::owners(names).unwrap_or_else(|| "—".to_string())
}

/// The entity's fields, labelled, in display order: its kind's own, then its standing.
#[must_use]
pub fn fields(shown: &Shown) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = Vec::new();
    details(&shown.details, &mut |label, value| {
        f.push((label.to_string(), value));
    });
    if let Some(s) = &shown.standing {
        f.push(standing(shown, s));
    }
    f
}

/// The fields of the entity's kind, each given to `push` as (label, value).
fn details(details: &Details, push: &mut dyn FnMut(&str, String)) {
    match details {
        Details::KeyResult {
            measure,
            unit,
            weight,
            quarter,
            window,
            owners,
            source,
        } => {
            push("measure", measure_text(measure, unit.as_deref(), "tbd"));
            push("weight", number(*weight));
            push("period", quarter.to_string());
            push("window", window.to_string());
            push("owner", owner_list(owners));
            if let Some(source) = source {
                push("source", source.clone());
            }
        }
        Details::Metric {
            role,
            measure,
            unit,
            owner,
            due,
            source,
        } => {
            push("role", variant(role));
            push(
                "measure",
                measure_text(measure, unit.as_deref(), "no target"),
            );
            push("owner", opt(owner.as_ref()));
            push("due", date(*due));
            if let Some(source) = source {
                push("source", source.clone());
            }
        }
        Details::Objective {
            quarter,
            window,
            owner: _,
            owners,
            objective_kind,
            weight,
        } => {
            push("period", format!("{quarter}, {window}"));
            push("owner", owner_list(owners));
            push("kind", variant(objective_kind));
            push("weight", number(*weight));
        }
        Details::Pillar { owner } => push("owner", opt(owner.as_ref())),
        Details::Team { lead } => push("lead", opt(lead.as_ref())),
        Details::Initiative {
            quarter,
            window,
            owner,
            status,
            work,
            effort_weeks,
            success,
        } => {
            push(
                "period",
                quarter
                    .as_ref()
                    .map_or_else(|| window.to_string(), |q| format!("{q}, {window}")),
            );
            push("owner", opt(owner.as_ref()));
            push("status", variant(status));
            push("work", variant(work));
            push("effort", format!("{} person-weeks", number(*effort_weeks)));
            push("success", opt(success.as_ref()));
        }
        Details::Bet {
            status,
            risk,
            appetite_weeks,
            owner,
            hypothesis,
            success,
            kill,
            start,
            decide_by,
            days_to_decision,
            decided,
            outcome,
            learnings,
        } => {
            push("status", variant(status));
            push("risk", variant(risk));
            push(
                "appetite",
                format!("{} person-weeks", number(*appetite_weeks)),
            );
            push("owner", opt(owner.as_ref()));
            push("hypothesis", hypothesis.clone());
            push("success", success.clone());
            push("kill", kill.clone());
            push("start", date(*start));
            push("decide by", date(*decide_by));
            decision(*status, *days_to_decision, *decided, outcome.as_ref(), push);
            if let Some(l) = learnings {
                push("learnings", l.clone());
            }
        }
    }
}

/// A bet's decision fields: when it is due (`due in 3 days`, `overdue by 1 day`) and,
/// once decided, the date and the outcome.
fn decision(
    status: BetStatus,
    days_to_decision: Option<i64>,
    decided: Option<NaiveDate>,
    outcome: Option<&String>,
    push: &mut dyn FnMut(&str, String),
) {
    let days = |d: i64| crate::text::plural(usize::try_from(d).unwrap_or(0), "day");
    match days_to_decision {
        Some(d) if d < 0 => push("decision", format!("overdue by {}", days(-d))),
        Some(d) => push("decision", format!("due in {}", days(d))),
        None => {}
    }
    if status.is_decided() {
        push("decided", date(decided));
        push("outcome", opt(outcome));
    }
}

/// The standing line: `as of 2026-11-20` (a pillar's names its period too), then a
/// measure's current value, progress and status (`27 h · progress 58% · ● on-track`), or
/// progress and status alone for an entity without a value of its own.
fn standing(shown: &Shown, s: &Standing) -> (String, String) {
    let label = if shown.kind() == EntityKind::Pillar {
        format!("{} as of {}", shown.report_quarter, shown.as_of)
    } else {
        format!("as of {}", shown.as_of)
    };
    let progress = s.progress.map_or_else(|| "—".into(), percent);
    let value = match &shown.details {
        Details::KeyResult { unit, .. } | Details::Metric { unit, .. } => {
            let unit = unit.as_deref();
            let current = match s.current {
                Some(Reading::Number(v)) => with_unit(v, unit),
                other => reading(other, unit),
            };
            format!(
                "{current} · progress {progress} · {}{}",
                status_label(s.status),
                if s.stale { " · stale" } else { "" }
            )
        }
        Details::Objective { .. }
        | Details::Pillar { .. }
        | Details::Team { .. }
        | Details::Initiative { .. }
        | Details::Bet { .. } => format!("progress {progress} · {}", status_label(s.status)),
    };
    (label, value)
}

fn relation(r: Relation) -> &'static str {
    match r {
        Relation::Objective => "objective",
        Relation::Pillar => "pillar",
        Relation::NorthStar => "North Star",
        Relation::DrivenBy => "driven by",
        Relation::BetsAimingAtIt => "bets aiming at it",
        Relation::Pillars => "pillars",
        Relation::KeyResults => "key results",
        Relation::Initiatives => "initiatives",
        Relation::InputMetrics => "input metrics",
        Relation::Objectives => "objectives",
        Relation::Bets => "bets",
        Relation::Drives => "drives",
        Relation::AimsAt => "aims at",
        Relation::Team => "team",
        Relation::Parents => "contributes to",
        Relation::Children => "child objectives",
        Relation::MeasuredBy => "measured by",
        Relation::SameSeries => "same series",
        Relation::ReadBy => "read by",
        Relation::ParentTeam => "parent team",
        Relation::SubTeams => "sub-teams",
    }
}

/// The relations, labelled: entries as `id — title`, with the quarter on a pillar's or a
/// team's objectives and initiatives, and a bet's aim as its id.
#[must_use]
pub fn related(shown: &Shown) -> Vec<(String, Vec<String>)> {
    let with_quarter = matches!(shown.kind(), EntityKind::Pillar | EntityKind::Team);
    shown
        .related
        .iter()
        .map(|r| {
            let entries = r
                .entities
                .iter()
                .map(|e| match (r.relation, &e.quarter) {
                    (Relation::AimsAt, _) => e.id.clone(),
                    (_, Some(q)) if with_quarter => format!("{} — {} ({q})", e.id, e.title),
                    _ => format!("{} — {}", e.id, e.title),
                })
                .collect();
            (relation(r.relation).to_string(), entries)
        })
        .collect()
}

/// The recorded goalpost changes of an objective or key result, oldest first, as
/// `(date, by, change, reason)`: `2026-11-03`, `ann` (`—` when not recorded),
/// `target 100 → 80`, and the reason as written. Empty for none, and for other kinds.
#[must_use]
pub fn changes(shown: &Shown) -> Vec<(String, String, String, String)> {
    shown
        .changes
        .iter()
        .flatten()
        .map(|c| {
            (
                c.date.to_string(),
                opt(c.by.as_ref()),
                format!("{} {} → {}", c.field.name(), c.from, c.to),
                c.reason.clone(),
            )
        })
        .collect()
}

/// The numeric values of the counted check-ins of the history, for its sparkline.
#[must_use]
pub fn history_values(shown: &Shown) -> Vec<f64> {
    shown
        .history
        .iter()
        .flatten()
        .filter(|h| h.counted)
        .filter_map(|h| match h.row.value {
            Reading::Number(v) => Some(v),
            Reading::Done(_) => None,
        })
        .collect()
}

/// The footnote under a history with rows rated against an older goal.
pub const TARGET_CHANGED_NOTE: &str =
    "* progress and status against the goal in force on that date; it has changed since";
