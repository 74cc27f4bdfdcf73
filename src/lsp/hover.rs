//! Hover: on an id's definition or a value naming it, the entity as `show` describes it as
//! of today (kind, title, owners, window, latest value, progress, status and flags, last
//! check-in and confidence), in Markdown, from the last plan that validated. The numbers
//! are `show --format json`'s (the same analysis, [`crate::analysis::show`]); only their
//! wording is this module's.

use std::fmt::Write as _;
use std::path::Path;

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::navigate;
use super::position::{Encoding, LineIndex};
use super::workspace::Workspace;
use crate::analysis::show::{Details, Shown};
use crate::plan::model::Reading;
use crate::text::{number, percent, sanitize};

/// The hover of the id at `position` of `path`; `None` when the cursor is on no id.
#[must_use]
pub fn hover(
    workspace: &Workspace,
    path: &Path,
    position: Position,
    encoding: Encoding,
) -> Option<Hover> {
    let analysis = &workspace.analysis;
    let hit = navigate::hit(analysis, path, position, encoding)?;
    let id = hit.id();
    let definition = analysis.index.definition(id)?;
    let shown = workspace.valid.as_ref().and_then(|(plan, report)| {
        let goal = |id: &str, date| crate::analysis::goalpost::goal_before_changes(plan, id, date);
        crate::analysis::show::show(plan, report, id, &goal)
    });
    let value = match shown {
        Some(shown) => markdown(&shown),
        // Not in the last valid plan (added since, while the plan has errors).
        None => format!(
            "**{}** `{}`{}\n\n_not in the last plan that validated_",
            definition.kind.word(),
            sanitize(id),
            definition
                .name
                .as_ref()
                .map(|n| format!(" · {}", sanitize(n)))
                .unwrap_or_default()
        ),
    };
    let (file, span) = match hit {
        super::index::Hit::Definition(d) => (d.file, d.span.clone()),
        super::index::Hit::Reference(r) => (r.file, r.span.clone()),
    };
    let text = &analysis.sources.get(file).text;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(LineIndex::new(text).range(text, &span, encoding)),
    })
}

/// The fields of `shown` a hover lists, as Markdown lines.
#[must_use]
pub fn markdown(shown: &Shown) -> String {
    let kind = kind_word(&shown.details);
    let mut out = format!(
        "**{kind}** `{}` · {}\n",
        sanitize(&shown.id),
        sanitize(&shown.title)
    );
    let mut field = |name: &str, value: String| {
        let _ = write!(out, "\n- {name}: {}", sanitize(&value));
    };
    let (owners, window) = owners_and_window(&shown.details);
    if !owners.is_empty() {
        field("owners", owners.join(", "));
    }
    if let Some((first, last)) = window {
        field("window", format!("{first} – {last}"));
    }
    if let Some(standing) = &shown.standing {
        if let Some(current) = &standing.current {
            let unit = match &shown.details {
                Details::KeyResult { unit, .. } | Details::Metric { unit, .. } => unit.as_deref(),
                _ => None,
            };
            let unit = unit.map(|u| format!(" {u}")).unwrap_or_default();
            field("latest", format!("{}{unit}", reading(current)));
        }
        if let Some(progress) = standing.progress {
            field("progress", percent(progress));
        }
        let stale = if standing.stale { " · stale" } else { "" };
        field("status", format!("{}{stale}", standing.status.as_str()));
    }
    if let Some(last) = shown.history.as_ref().and_then(|h| h.last()) {
        let row = &last.row;
        let confidence = row
            .confidence
            .map(|c| format!(" · confidence {}", number(c)))
            .unwrap_or_default();
        field(
            "last check-in",
            format!("{} · {}{confidence}", row.date, reading(&row.value)),
        );
    }
    field("as of", shown.as_of.to_string());
    out.push('\n');
    out
}

/// A value as `show` words it: a number, or done / not done.
fn reading(value: &Reading) -> String {
    match value {
        Reading::Number(n) => number(*n),
        Reading::Done(true) => "done".to_string(),
        Reading::Done(false) => "not done".to_string(),
    }
}

/// The kind in words.
fn kind_word(details: &Details) -> &'static str {
    match details {
        Details::KeyResult { .. } => "key result",
        Details::Metric { .. } => "metric",
        Details::Objective { .. } => "objective",
        Details::Pillar { .. } => "pillar",
        Details::Team { .. } => "team",
        Details::Initiative { .. } => "initiative",
        Details::Bet { .. } => "bet",
    }
}

/// The owners (or lead) and the window of the entity, where it has them.
fn owners_and_window(
    details: &Details,
) -> (Vec<String>, Option<(chrono::NaiveDate, chrono::NaiveDate)>) {
    let one = |o: &Option<String>| o.iter().cloned().collect::<Vec<_>>();
    match details {
        Details::KeyResult { owners, window, .. } | Details::Objective { owners, window, .. } => {
            (owners.clone(), Some((window.first_day, window.last_day)))
        }
        Details::Initiative { owner, window, .. } => {
            (one(owner), Some((window.first_day, window.last_day)))
        }
        Details::Metric { owner, .. } | Details::Pillar { owner } | Details::Bet { owner, .. } => {
            (one(owner), None)
        }
        Details::Team { lead } => (one(lead), None),
    }
}
