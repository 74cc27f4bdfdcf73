//! Inlay hints and code lenses on definitions. A hint after each objective's and key
//! result's `id = "…"`: its progress and status in the period rolled up as of today
//! (`64% · on-track`), and after each `period = "…"` or `quarter = "…"` the days its label or
//! cycle id resolves to on the plan's calendar (`→ 2023-05-01 – 2023-07-31`), both from
//! the last plan that validated. A lens above each definition: how many values name it,
//! and how many of them are check-ins.

use std::path::Path;

use lsp_types::{CodeLens, Command, InlayHint, InlayHintLabel, Range};

use super::index::Kind;
use super::position::{Encoding, LineIndex};
use super::workspace::Workspace;
use crate::analysis::report::Status;
use crate::text::{percent, plural};

/// The hints of `path` within `range`: the roll-up after definitions and the days after
/// period labels, in the order they stand.
#[must_use]
pub fn inlay_hints(
    workspace: &Workspace,
    path: &Path,
    range: Range,
    encoding: Encoding,
) -> Option<Vec<InlayHint>> {
    let analysis = &workspace.analysis;
    let file = analysis.file_id(path)?;
    let (plan, report) = workspace.valid.as_ref()?;
    let text = &analysis.sources.get(file).text;
    let lines = LineIndex::new(text);
    let (from, to) = (
        lines.offset(text, range.start, encoding),
        lines.offset(text, range.end, encoding),
    );
    let standing = |id: &str, kind: Kind| -> Option<(Option<f64>, Status)> {
        let objectives = report.objectives.iter();
        match kind {
            Kind::Objective => objectives
                .filter(|o| o.id == id)
                .map(|o| (o.progress, o.status))
                .next(),
            Kind::KeyResult => objectives
                .flat_map(|o| &o.key_results)
                .find(|k| k.id == id)
                .map(|k| (k.progress, k.status)),
            _ => None,
        }
    };
    let index = &analysis.index;
    let roll_up = index
        .definitions
        .iter()
        .filter(|d| d.file == file && from <= d.span.start && d.span.end <= to)
        .filter_map(|d| {
            let (progress, status) = standing(&d.id, d.kind)?;
            let label = match progress {
                Some(p) => format!("{} · {}", percent(p), status.as_str()),
                None => status.as_str().to_string(),
            };
            Some((d.span.end, label))
        });
    // A period's key names a label or a cycle id; `Calendar::parse` resolves either.
    let periods = index
        .references
        .iter()
        .filter(|r| r.file == file && from <= r.span.start && r.span.end <= to)
        .filter(|r| matches!(r.key, "period" | "quarter"))
        .filter_map(|r| {
            let period = plan.calendar.parse(&r.id).ok()?;
            Some((r.span.end, format!("→ {}", period.window)))
        });
    let mut hints: Vec<(usize, String)> = roll_up.chain(periods).collect();
    hints.sort_by_key(|h| h.0);
    let hint = |(end, label): (usize, String)| InlayHint {
        position: lines.position(text, end, encoding),
        label: InlayHintLabel::String(label),
        kind: None,
        text_edits: None,
        tooltip: None,
        padding_left: Some(true),
        padding_right: None,
        data: None,
    };
    Some(hints.into_iter().map(hint).collect())
}

/// A lens above each definition of `path`: `3 references · 2 check-ins`.
#[must_use]
pub fn code_lenses(
    workspace: &Workspace,
    path: &Path,
    encoding: Encoding,
) -> Option<Vec<CodeLens>> {
    let analysis = &workspace.analysis;
    let file = analysis.file_id(path)?;
    let text = &analysis.sources.get(file).text;
    let lines = LineIndex::new(text);
    let lenses = analysis
        .index
        .definitions
        .iter()
        .filter(|d| d.file == file)
        .map(|d| {
            let (mut references, mut checkins) = (0, 0);
            for r in analysis.index.references(&d.id) {
                references += 1;
                checkins += usize::from(r.table == "checkin");
            }
            let mut title = plural(references, "reference");
            if checkins > 0 {
                title = format!("{title} · {}", plural(checkins, "check-in"));
            }
            CodeLens {
                range: lines.range(text, &d.span, encoding),
                command: Some(Command::new(title, String::new(), None)),
                data: None,
            }
        });
    Some(lenses.collect())
}
