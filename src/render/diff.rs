//! `northstar diff` as text or Markdown (Markdown made to paste into a PR comment), through
//! the same outline printer as the review packet.

use std::io::{self, Write};

use super::outline::{Block, Outline, print_outline};
use super::text::{entity_kind, reading, status_label};
use crate::analysis::diff::PlanDiff;
use crate::text::percent;
use crate::text::variant;

fn side(s: &crate::analysis::diff::Side) -> String {
    match &s.commit {
        Some(c) => format!(
            "{} ({}, as of {})",
            s.label(),
            &c[..c.len().min(12)],
            s.as_of
        ),
        None => format!("{} (as of {})", s.label(), s.as_of),
    }
}

fn progress(p: Option<f64>) -> String {
    p.map_or_else(|| "—".into(), percent)
}

/// The diff as an outline: goalposts first, then progress and status, the check-ins
/// added, and the plan's changes.
#[must_use]
pub fn outline(d: &PlanDiff) -> Vec<Block> {
    let mut out = vec![
        Block::Heading(1, format!("What moved in {}", d.quarter)),
        Block::Para(format!("From {} to {}.", side(&d.from), side(&d.to))),
    ];
    out.extend(goalposts(d));
    out.extend(movements(d));
    out.extend(checkins(d));
    out.extend(plan_changes(d));
    out
}

/// The goalposts moved after their quarter began, each marked `✓` when recorded in a
/// `[[change]]` and `✖` when not.
fn goalposts(d: &PlanDiff) -> Vec<Block> {
    let heading = Block::Heading(2, "Goalposts moved after their quarter began".into());
    if d.goalposts.is_empty() {
        return vec![heading, Block::Para("None.".into())];
    }
    // The reason column appears once a move is recorded (`[[change]]`); an unrecorded
    // move keeps its ✖ and says so.
    let recorded = d.goalposts.iter().any(|g| g.reason.is_some());
    let mut head = header(&["Moved", "Field", "From", "To", "Quarter"]);
    if recorded {
        head.push("Reason".into());
    }
    let rows = d
        .goalposts
        .iter()
        .map(|g| {
            let mark = if g.reason.is_some() { "✓" } else { "✖" };
            let mut row = vec![
                format!("{mark} {} {}", entity_kind(g.kind), g.id),
                g.field.name().to_string(),
                g.from.to_string(),
                g.to.to_string(),
                g.quarter.to_string(),
            ];
            if recorded {
                row.push(match (&g.reason, g.recorded) {
                    (Some(r), Some(d)) => format!("{r} ({d})"),
                    (Some(r), None) => r.clone(),
                    _ => "unrecorded".into(),
                });
            }
            row
        })
        .collect();
    vec![heading, Block::Table(head, rows)]
}

/// Each entity whose progress or status moved: `40% → 55%`, `+15 pts`, and the status
/// before and after.
fn movements(d: &PlanDiff) -> Vec<Block> {
    let heading = Block::Heading(2, "Progress and status".into());
    if d.movements.is_empty() {
        return vec![heading, Block::Para("Nothing moved.".into())];
    }
    let rows = d
        .movements
        .iter()
        .map(|m| {
            let change = match (m.progress_from, m.progress_to) {
                (Some(a), Some(b)) => crate::text::fixed_signed((b - a) * 100.0, 0, true) + " pts",
                _ => String::new(),
            };
            let status = if m.status_from == m.status_to {
                status_label(m.status_to)
            } else {
                format!(
                    "{} → {}",
                    status_label(m.status_from),
                    status_label(m.status_to)
                )
            };
            vec![
                m.id.clone(),
                entity_kind(m.kind).to_string(),
                format!(
                    "{} → {}",
                    progress(m.progress_from),
                    progress(m.progress_to)
                ),
                change,
                status,
            ]
        })
        .collect();
    vec![
        heading,
        Block::Table(
            header(&["Entity", "Kind", "Progress", "Change", "Status"]),
            rows,
        ),
    ]
}

/// The check-ins added between the two sides, counted in the heading.
fn checkins(d: &PlanDiff) -> Vec<Block> {
    let heading = Block::Heading(2, format!("Check-ins added ({})", d.checkins_added.len()));
    if d.checkins_added.is_empty() {
        return vec![heading];
    }
    let rows = d
        .checkins_added
        .iter()
        .map(|r| {
            vec![
                r.date.to_string(),
                r.by.clone().unwrap_or_else(|| "—".into()),
                r.metric.clone(),
                reading(Some(r.value), r.unit.as_deref()),
                progress(r.progress),
                r.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    vec![
        heading,
        Block::Table(
            header(&["Date", "By", "Measure", "Value", "Progress", "Note"]),
            rows,
        ),
    ]
}

/// Entities added and removed, bets started and decided, and initiatives whose status
/// changed.
fn plan_changes(d: &PlanDiff) -> Vec<Block> {
    let heading = Block::Heading(2, "Plan changes".into());
    let mut lines = Vec::new();
    for (label, list) in [("added", &d.added), ("removed", &d.removed)] {
        for e in list {
            lines.push(vec![
                label.to_string(),
                entity_kind(e.kind).to_string(),
                e.id.clone(),
                e.title.clone(),
            ]);
        }
    }
    let transitions = d
        .bets_started
        .iter()
        .map(|t| ("bet started", t))
        .chain(d.bets_decided.iter().map(|t| ("bet decided", t)))
        .map(|(label, t)| (label, t.id.as_str(), variant(&t.from), variant(&t.to)))
        .chain(d.initiatives.iter().map(|t| {
            (
                "initiative",
                t.id.as_str(),
                variant(&t.from),
                variant(&t.to),
            )
        }));
    for (label, id, from, to) in transitions {
        lines.push(vec![
            label.to_string(),
            String::new(),
            id.to_string(),
            format!("{from} → {to}"),
        ]);
    }
    if lines.is_empty() {
        return vec![
            heading,
            Block::Para("No entity added, removed, started or decided.".into()),
        ];
    }
    vec![
        heading,
        Block::Table(header(&["Change", "Kind", "Id", "Detail"]), lines),
    ]
}

/// A table's header row.
fn header(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|&c| c.to_string()).collect()
}

/// Prints the diff as terminal text (tables drawn and fitted by `table`) or Markdown.
pub fn print(d: &PlanDiff, out: &mut dyn Write, how: Outline<'_>) -> io::Result<()> {
    print_outline(&outline(d), out, how)
}
