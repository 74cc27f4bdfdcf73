//! Document and workspace symbols: a file's outline (pillars › objectives › key results,
//! then bets, initiatives, metrics, teams and cycles, in source order) and the plan's ids
//! matching a query.

use std::path::Path;

use lsp_types::{DocumentSymbol, Location, SymbolInformation, SymbolKind};

use super::index::{Definition, Kind, Parent};
use super::position::{Encoding, LineIndex};
use super::uri;
use super::workspace::Analysis;

/// The symbol kind shown for an entity kind (the editor's icon).
fn symbol_kind(kind: Kind) -> SymbolKind {
    match kind {
        Kind::NorthStar => SymbolKind::CONSTANT,
        Kind::Metric => SymbolKind::FIELD,
        Kind::Pillar => SymbolKind::NAMESPACE,
        Kind::Team => SymbolKind::STRUCT,
        Kind::Cycle => SymbolKind::EVENT,
        Kind::Objective => SymbolKind::CLASS,
        Kind::KeyResult => SymbolKind::PROPERTY,
        Kind::Initiative => SymbolKind::FUNCTION,
        Kind::Bet => SymbolKind::INTERFACE,
    }
}

/// The outline of `path`: each definition of the file, a key result under its objective,
/// an objective under its pillar when that pillar stands in the same file; `None` when the
/// file is not part of the plan.
#[must_use]
pub fn document(
    analysis: &Analysis,
    path: &Path,
    encoding: Encoding,
) -> Option<Vec<DocumentSymbol>> {
    let file = analysis.file_id(path)?;
    let text = &analysis.sources.get(file).text;
    let lines = LineIndex::new(text);
    let definitions = &analysis.index.definitions;
    let in_file: Vec<usize> = (0..definitions.len())
        .filter(|&i| definitions[i].file == file)
        .collect();
    // Where each definition goes: under another of the file's, or at the top.
    let parent_of = |i: usize| -> Option<usize> {
        match &definitions[i].parent {
            Some(Parent::Definition(p)) => Some(*p),
            Some(Parent::Named(id)) => in_file
                .iter()
                .copied()
                .find(|&p| definitions[p].kind == Kind::Pillar && &definitions[p].id == id),
            None => None,
        }
    };
    let symbol = |d: &Definition| -> DocumentSymbol {
        #[allow(deprecated)] // `deprecated` is a required field of the type, itself deprecated
        DocumentSymbol {
            name: d.id.clone(),
            detail: Some(match &d.name {
                Some(name) => format!("{} · {name}", d.kind.word()),
                None => d.kind.word().to_string(),
            }),
            kind: symbol_kind(d.kind),
            tags: None,
            deprecated: None,
            range: lines.range(text, &d.table, encoding),
            selection_range: lines.range(text, &d.span, encoding),
            children: None,
        }
    };
    Some(outline(&in_file, &parent_of, &|i| symbol(&definitions[i])))
}

/// The symbols of `items` nested by `parent_of` (a parent outside `items`: at the top).
fn outline(
    items: &[usize],
    parent_of: &dyn Fn(usize) -> Option<usize>,
    symbol: &dyn Fn(usize) -> DocumentSymbol,
) -> Vec<DocumentSymbol> {
    let top = |i: usize| parent_of(i).is_none_or(|p| !items.contains(&p));
    items
        .iter()
        .copied()
        .filter(|&i| top(i))
        .map(|i| with_children(i, items, parent_of, symbol))
        .collect()
}

/// The symbol of `i` with its children (and theirs).
fn with_children(
    i: usize,
    items: &[usize],
    parent_of: &dyn Fn(usize) -> Option<usize>,
    symbol: &dyn Fn(usize) -> DocumentSymbol,
) -> DocumentSymbol {
    let children: Vec<DocumentSymbol> = items
        .iter()
        .copied()
        .filter(|&c| c != i && parent_of(c) == Some(i))
        .map(|c| with_children(c, items, parent_of, symbol))
        .collect();
    let mut s = symbol(i);
    s.children = (!children.is_empty()).then_some(children);
    s
}

/// Every definition whose id or title contains `query` (ignoring case; an empty query
/// matches all), in file and source order.
#[must_use]
pub fn workspace(analysis: &Analysis, query: &str, encoding: Encoding) -> Vec<SymbolInformation> {
    let query = query.to_lowercase();
    let matches = |d: &Definition| {
        d.id.to_lowercase().contains(&query)
            || d.name
                .as_ref()
                .is_some_and(|n| n.to_lowercase().contains(&query))
    };
    let lines: Vec<LineIndex> = analysis
        .sources
        .files()
        .iter()
        .map(|f| LineIndex::new(&f.text))
        .collect();
    analysis
        .index
        .definitions
        .iter()
        .filter(|d| matches(d))
        .filter_map(|d| {
            let source = analysis.sources.get(d.file);
            let uri = uri::from_path(&std::path::absolute(&source.path).ok()?)?;
            let range = lines[d.file.0].range(&source.text, &d.span, encoding);
            #[allow(deprecated)] // `deprecated` is a required field of the type, itself deprecated
            Some(SymbolInformation {
                name: d.id.clone(),
                kind: symbol_kind(d.kind),
                tags: None,
                deprecated: None,
                location: Location::new(uri, range),
                container_name: Some(container(analysis, d)),
            })
        })
        .collect()
}

/// What a workspace symbol stands in: a key result's objective, else its kind.
fn container(analysis: &Analysis, d: &Definition) -> String {
    match &d.parent {
        Some(Parent::Definition(p)) => analysis.index.definitions[*p].id.clone(),
        _ => d.kind.word().to_string(),
    }
}
