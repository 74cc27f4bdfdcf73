//! `source` tables on the North Star, metrics and numeric key results: where
//! `northstar measure` reads a value. Only `kind = "file"` exists so far; the kinds planned
//! in issue 12 (`dora`, `http`, `prometheus`, `command`) are refused as not supported yet,
//! never half-accepted. The file's confinement to the planning repository is checked by
//! the loader, like the check-in log's (it needs the filesystem).

use super::Validator;
use crate::diagnostic::{Code, Diagnostic, FileId, Loc};
use crate::plan::model::{Measure, Source, SourceRead};
use crate::plan::raw::{RawSource, Spanned};

/// Source kinds issue 12 plans but northstar does not read yet.
const PLANNED_KINDS: &[&str] = &["dora", "http", "prometheus", "command"];

impl Validator<'_> {
    /// The `source` table (written `table`, e.g. `[metric.source]`) of the measure `id`.
    /// `Err` after reporting its problems.
    pub(super) fn source(
        &mut self,
        raw: &Spanned<RawSource>,
        file: FileId,
        table_name: &str,
        id: &str,
    ) -> Result<Source, ()> {
        let loc = self.head(file, raw.span());
        let table = raw.get_ref();
        let mut missing = self.missing(&loc);
        let kind = missing.need(table.kind.as_ref(), "kind");
        let path = missing.need(table.path.as_ref(), "path");
        let mut ok = self.report_missing(&missing, table_name, Some(id), &loc);
        if let Some(kind) = kind
            && kind.get_ref() != "file"
        {
            let name = kind.get_ref();
            let (message, label) = if PLANNED_KINDS.contains(&name.as_str()) {
                (
                    format!("source kind `{name}` is not supported yet"),
                    "planned, not built yet",
                )
            } else {
                (format!("unknown source kind `{name}`"), "not a source kind")
            };
            self.push(
                Diagnostic::new(Code::InvalidValue, message, Loc::new(file, kind.span()))
                    .label(label)
                    .help(
                        "only `kind = \"file\"` exists so far: a CSV `column` or a JSON `pointer`",
                    ),
            );
            ok = false;
        }
        if let Some(path) = path
            && path.get_ref().trim().is_empty()
        {
            self.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    "source `path` is empty",
                    Loc::new(file, path.span()),
                )
                .label("a file, relative to this plan file"),
            );
            ok = false;
        }
        let read = match (&table.column, &table.pointer) {
            (Some(column), None) => Some(SourceRead::Column(column.get_ref().clone())),
            (None, Some(pointer)) => {
                let p = pointer.get_ref();
                if p.starts_with('/') {
                    Some(SourceRead::Pointer(p.clone()))
                } else {
                    self.push(
                        Diagnostic::new(
                            Code::InvalidValue,
                            format!("JSON pointer `{p}` does not start with `/`"),
                            Loc::new(file, pointer.span()),
                        )
                        .label("a JSON pointer (RFC 6901)")
                        .help(format!(
                            "write it from the document's root: `/{}`",
                            p.trim_start_matches('/')
                        )),
                    );
                    None
                }
            }
            (Some(_), Some(pointer)) => {
                self.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("the source of `{id}` has both `column` and `pointer`"),
                        Loc::new(file, pointer.span()),
                    )
                    .label("one of the two")
                    .help("`column` reads a CSV file, `pointer` a JSON file"),
                );
                None
            }
            (None, None) => {
                self.push(
                    Diagnostic::new(
                        Code::MissingField,
                        format!("the source of `{id}` has neither `column` nor `pointer`"),
                        loc.clone(),
                    )
                    .label("`column` or `pointer` required here")
                    .help("`column = \"value\"` for a CSV file, `pointer = \"/value\"` for JSON"),
                );
                None
            }
        };
        match (ok, path, read) {
            (true, Some(path), Some(read)) => Ok(Source {
                path: path.get_ref().clone(),
                read,
                loc,
            }),
            _ => Err(()),
        }
    }
}

impl Validator<'_> {
    /// The `source` table of key result `id`, measured as `measure` (`None`: broken,
    /// reported elsewhere). A source gives numbers: a milestone key result, or one whose
    /// progress comes from its children, takes none.
    pub(super) fn key_result_source(
        &mut self,
        raw: &Spanned<RawSource>,
        measure: Option<Measure>,
        file: FileId,
        id: &str,
    ) -> Result<Source, ()> {
        let why = match measure {
            Some(Measure::Milestone) => Some("a milestone is done or not done"),
            Some(Measure::FromChildren) => Some("its progress comes from the objectives under it"),
            _ => None,
        };
        if let Some(why) = why {
            self.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("key result `{id}` cannot have a source: {why}"),
                    self.head(file, raw.span()),
                )
                .label("a source gives numbers")
                .help("give sources to numeric key results, metrics and the North Star"),
            );
            return Err(());
        }
        self.source(raw, file, "[objective.key_result.source]", id)
    }
}
