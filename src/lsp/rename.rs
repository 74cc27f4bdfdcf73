//! Rename an id: `prepareRename` (the id under the cursor, without its quotes) and `rename`
//! (one workspace edit over its definition and every value naming it, in every plan file
//! and the check-in log), refused as `add` refuses a new id ([`crate::naming`]): invalid,
//! taken, or one edit away from another id of its kind.

use std::ops::Range;
use std::path::Path;

use lsp_types::{Position, PrepareRenameResponse, TextEdit, Uri, WorkspaceEdit};

use super::index::{Hit, Kind};
use super::navigate;
use super::position::{Encoding, LineIndex};
use super::uri;
use super::workspace::Analysis;
use crate::diagnostic::FileId;
use crate::refusal::Refusal;

/// The id under the cursor and its range without quotes; `None` when the cursor is on no
/// id the plan defines.
#[must_use]
pub fn prepare(
    analysis: &Analysis,
    path: &Path,
    position: Position,
    encoding: Encoding,
) -> Option<PrepareRenameResponse> {
    let hit = navigate::hit(analysis, path, position, encoding)?;
    let (file, span) = match hit {
        Hit::Definition(d) => (d.file, d.span.clone()),
        Hit::Reference(r) => (r.file, r.span.clone()),
    };
    let inner = unquoted(analysis, file, &span, hit.id())?;
    let text = &analysis.sources.get(file).text;
    Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: LineIndex::new(text).range(text, &inner, encoding),
        placeholder: hit.id().to_string(),
    })
}

/// The edit renaming the id under the cursor to `new`.
///
/// Errors: the cursor is on no id the plan defines, or `new` is refused (a [`Refusal`]
/// worded as `add`'s), or a place spells the id in a way an edit of its quoted text cannot
/// reach (an escape inside the quotes).
pub fn rename(
    analysis: &Analysis,
    path: &Path,
    position: Position,
    new: &str,
    encoding: Encoding,
) -> Result<WorkspaceEdit, Refusal> {
    let no_id = || Refusal::new("no id of the plan under the cursor");
    let hit = navigate::hit(analysis, path, position, encoding).ok_or_else(no_id)?;
    let old = hit.id().to_string();
    let index = &analysis.index;
    let definition = index.definition(&old).ok_or_else(no_id)?;
    if new == old {
        return Ok(WorkspaceEdit::default());
    }
    if let Some(refusal) = crate::naming::invalid_id(new) {
        return Err(refusal);
    }
    if index.definition(new).is_some() {
        return Err(crate::naming::taken(new));
    }
    let same_kind = index
        .definitions
        .iter()
        .filter(|d| d.id != old && typo_kind(d.kind) == typo_kind(definition.kind))
        .map(|d| d.id.as_str());
    if let Some(near) = crate::typo::typo_of(new, same_kind) {
        let what = match typo_kind(definition.kind) {
            Kind::Metric => "metric",
            kind => kind.word(),
        };
        return Err(crate::naming::near_duplicate(new, what, near)
            .help(format!("did you mean `{near}`? pick an id further from it")));
    }
    let places = std::iter::once((definition.file, definition.span.clone()))
        .chain(index.references(&old).map(|r| (r.file, r.span.clone())));
    // By file, in the index's order (grouped in a list: a map keyed by `Uri` trips
    // clippy's mutable-key lint, as the type caches its parse).
    let mut changes: Vec<(Uri, Vec<TextEdit>)> = Vec::new();
    for (file, span) in places {
        let source = analysis.sources.get(file);
        let inner = unquoted(analysis, file, &span, &old).ok_or_else(|| {
            let (line, column) = source.line_col(span.start);
            Refusal::new(format!(
                "`{}:{line}:{column}` spells `{old}` with an escape; rename cannot edit it",
                crate::text::path(&source.path)
            ))
        })?;
        let absolute = std::path::absolute(&source.path).unwrap_or_else(|_| source.path.clone());
        let Some(uri) = uri::from_path(&absolute) else {
            continue;
        };
        let range = LineIndex::new(&source.text).range(&source.text, &inner, encoding);
        let edit = TextEdit::new(range, new.to_string());
        match changes.iter_mut().find(|(u, _)| *u == uri) {
            Some((_, edits)) => edits.push(edit),
            None => changes.push((uri, vec![edit])),
        }
    }
    Ok(WorkspaceEdit {
        changes: Some(changes.into_iter().collect()),
        ..WorkspaceEdit::default()
    })
}

/// The kind whose ids a new id may be a typo of: the North Star counts as a metric, as
/// `add` counts it.
fn typo_kind(kind: Kind) -> Kind {
    match kind {
        Kind::NorthStar => Kind::Metric,
        k => k,
    }
}

/// The bytes of `span` inside its quotes, when they hold exactly `id` (a basic or literal
/// string without escapes).
fn unquoted(
    analysis: &Analysis,
    file: FileId,
    span: &Range<usize>,
    id: &str,
) -> Option<Range<usize>> {
    let text = &analysis.sources.get(file).text;
    let quoted = text.get(span.clone())?;
    let inner = quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .or_else(|| quoted.strip_prefix('\'').and_then(|q| q.strip_suffix('\'')))?;
    (inner == id).then(|| span.start + 1..span.end - 1)
}
