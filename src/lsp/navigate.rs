//! Go to definition and find references: from an id's definition or any value naming it,
//! to its `id = "…"`, or to every value naming it across the plan's files, check-ins and
//! `[[change]]` records included.

use std::path::Path;

use lsp_types::{Location, Position};

use super::index::Hit;
use super::position::{Encoding, LineIndex};
use super::uri;
use super::workspace::Analysis;
use crate::diagnostic::FileId;

/// What the cursor at `position` of `path` stands on, if anything.
#[must_use]
pub fn hit<'a>(
    analysis: &'a Analysis,
    path: &Path,
    position: Position,
    encoding: Encoding,
) -> Option<Hit<'a>> {
    let file = analysis.file_id(path)?;
    let text = &analysis.sources.get(file).text;
    let offset = LineIndex::new(text).offset(text, position, encoding);
    analysis.index.at(file, offset)
}

/// Where the id under the cursor is defined.
#[must_use]
pub fn definition(
    analysis: &Analysis,
    path: &Path,
    position: Position,
    encoding: Encoding,
) -> Option<Location> {
    let id = hit(analysis, path, position, encoding)?.id().to_string();
    let d = analysis.index.definition(&id)?;
    location(analysis, d.file, &d.span, encoding)
}

/// Every value naming the id under the cursor, in file and source order; its definition
/// first when `declaration` is asked for.
#[must_use]
pub fn references(
    analysis: &Analysis,
    path: &Path,
    position: Position,
    declaration: bool,
    encoding: Encoding,
) -> Option<Vec<Location>> {
    let id = hit(analysis, path, position, encoding)?.id().to_string();
    let index = &analysis.index;
    let definition = index
        .definition(&id)
        .filter(|_| declaration)
        .map(|d| (d.file, d.span.clone()));
    let places = definition
        .into_iter()
        .chain(index.references(&id).map(|r| (r.file, r.span.clone())));
    Some(
        places
            .filter_map(|(file, span)| location(analysis, file, &span, encoding))
            .collect(),
    )
}

/// The location of the bytes `span` of `file`.
fn location(
    analysis: &Analysis,
    file: FileId,
    span: &std::ops::Range<usize>,
    encoding: Encoding,
) -> Option<Location> {
    let source = analysis.sources.get(file);
    let absolute = std::path::absolute(&source.path).ok()?;
    let range = LineIndex::new(&source.text).range(&source.text, span, encoding);
    Some(Location::new(uri::from_path(&absolute)?, range))
}
