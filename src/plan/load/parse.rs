//! Parsing one plan file into a [`RawFile`], problems collected as diagnostics.
//!
//! A well-formed file is deserialized in one pass (`toml::from_str`). A file with any
//! problem is parsed again with the TOML parser's error recovery, and each entity table
//! is deserialized on its own; when serde rejects a key, that key is reported and removed
//! and the table is tried again.

use std::collections::HashMap;

use serde::Deserialize as _;
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::chunks::parse_in_chunks;
use super::schema::{backticked, schema_diagnostic};
use crate::diagnostic::{Code, Diagnostic, FileId, Loc, did_you_mean};
use crate::plan::raw::{self, RawFile, RawObjective, SECTIONS};

/// One file parsed on its own: its raw content, its diagnostics in the order found, and the
/// keys dropped after a schema error (see [`super::Loaded::removed`]).
pub(super) struct Parsed {
    pub raw: RawFile,
    pub diagnostics: Vec<Diagnostic>,
    pub removed: HashMap<(FileId, usize), Vec<String>>,
}

/// A way to parse one file: its text and id in, its raw content out, its diagnostics and
/// removed keys pushed ([`parse_file`], [`parse_whole`]).
pub(super) type ParseFn =
    fn(&str, FileId, &mut Vec<Diagnostic>, &mut HashMap<(FileId, usize), Vec<String>>) -> RawFile;

/// One file parsed by `parse` into its own diagnostics and removed keys.
pub(super) fn parse_one(file: FileId, text: &str, parse: ParseFn) -> Parsed {
    let mut diagnostics = Vec::new();
    let mut removed = HashMap::new();
    let raw = parse(text, file, &mut diagnostics, &mut removed);
    Parsed {
        raw,
        diagnostics,
        removed,
    }
}

/// Parses one file's `text`. Never fails: problems become diagnostics and the parts that
/// could be read are returned. A large file is read in chunks when that is provably the
/// same ([`parse_in_chunks`]); a file with any problem is always parsed whole.
pub(super) fn parse_file(
    text: &str,
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
    removed: &mut HashMap<(FileId, usize), Vec<String>>,
) -> RawFile {
    if let Some(raw) = parse_in_chunks(text) {
        return raw;
    }
    parse_whole(text, file, diagnostics, removed)
}

/// [`parse_file`] without chunks: the file in one pass (its check-ins held as a chunk's
/// are), or thoroughly when it has a problem.
pub(super) fn parse_whole(
    text: &str,
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
    removed: &mut HashMap<(FileId, usize), Vec<String>>,
) -> RawFile {
    if let Ok(mut raw) = toml::from_str::<RawFile>(text) {
        let read = std::mem::take(&mut raw.checkin);
        raw.checkin_chunks.push(raw::HeldCheckin::hold(read));
        return raw;
    }
    parse_file_thoroughly(text, file, diagnostics, removed)
}

/// The slow path: recover from syntax errors, then deserialize entity by entity.
pub(super) fn parse_file_thoroughly(
    text: &str,
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
    removed: &mut HashMap<(FileId, usize), Vec<String>>,
) -> RawFile {
    let (mut root, errors) = DeTable::parse_recoverable(text);
    let mut headers = Vec::new();
    header_spans(root.get_ref(), text, &mut headers);
    headers.sort_by_key(|h| h.start);
    let mut error_spans = Vec::new();
    // The bodies of tables whose header repeats an earlier one: every key in them is
    // "duplicate" again, which only restates the header's error.
    let mut repeated_bodies: Vec<std::ops::Range<usize>> = Vec::new();
    for error in errors {
        let span = error.span().unwrap_or(0..0);
        error_spans.push(span.clone());
        let message = error.message().trim();
        let duplicate = message == "duplicate key";
        if duplicate && repeated_bodies.iter().any(|b| b.contains(&span.start)) {
            continue;
        }
        let mut d = Diagnostic::new(
            Code::TomlSyntax,
            "invalid TOML",
            Loc::new(file, span.clone()),
        )
        .label(message.to_string());
        let header = headers
            .iter()
            .find(|h| h.start <= span.start && span.end <= h.end);
        if let (true, Some(header)) = (duplicate, header) {
            // The header as written, its first line only (a broken header may run on).
            let name = text[header.clone()]
                .trim()
                .lines()
                .next()
                .unwrap_or_default();
            d = d
                .label(format!("`{name}` is defined twice"))
                .help(format!("merge its keys into the first `{name}`"));
            let end = headers
                .iter()
                .map(|h| h.start)
                .find(|&start| start >= header.end)
                .unwrap_or(text.len());
            repeated_bodies.push(header.end..end);
        } else if let Some(date) = text.get(span.clone()).and_then(slashed_date) {
            d = d
                .label("dates are written `YYYY-MM-DD`")
                .help(format!("write the date as `{date}`"));
        }
        diagnostics.push(d);
    }
    // Values the parser had to guess at would only cause follow-on errors: drop them.
    if !error_spans.is_empty() {
        let root_span = root.span();
        prune(root.get_mut(), root_span.start, &error_spans, file, removed);
    }
    let mut raw = RawFile::default();
    let mut cx = Cx {
        file,
        diagnostics,
        removed,
    };
    for (key, value) in root.into_inner() {
        let key_span = key.span();
        let name = key.into_inner();
        match name.as_ref() {
            "plan" => raw.plan = cx.one(value, "[plan]"),
            "north_star" => raw.north_star = cx.one(value, "[north_star]"),
            "team" => raw.team = cx.many(value, "team"),
            "cycle" => raw.cycle = cx.many(value, "cycle"),
            "metric" => raw.metric = cx.many(value, "metric"),
            "pillar" => raw.pillar = cx.many(value, "pillar"),
            "objective" => raw.objective = cx.objectives(value),
            "initiative" => raw.initiative = cx.many(value, "initiative"),
            "bet" => raw.bet = cx.many(value, "bet"),
            "checkin" => raw.checkin = cx.many(value, "checkin"),
            "change" => raw.change = cx.many(value, "change"),
            other => {
                let mut d = Diagnostic::new(
                    Code::UnknownKey,
                    format!("unknown section `{other}`"),
                    Loc::new(file, key_span),
                )
                .label("not a section of a plan file");
                d = match did_you_mean(other, SECTIONS.iter().copied()) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(format!("sections are: {}", backticked(SECTIONS))),
                };
                cx.diagnostics.push(d);
            }
        }
    }
    raw
}

/// The spans of every table header (`[plan]`, `[[objective]]`, `[plan.portfolio]`) under
/// `table`: the tables whose span starts with `[` (an inline table's starts with `{`).
fn header_spans(table: &DeTable<'_>, text: &str, out: &mut Vec<std::ops::Range<usize>>) {
    for (_, value) in table {
        let items: Vec<&Spanned<DeValue<'_>>> = match value.get_ref() {
            DeValue::Array(items) => items.iter().collect(),
            _ => vec![value],
        };
        for item in items {
            if let DeValue::Table(inner) = item.get_ref() {
                let span = item.span();
                if text.get(span.clone()).is_some_and(|t| t.starts_with('[')) {
                    out.push(span);
                }
                header_spans(inner, text, out);
            }
        }
    }
}

/// `2026/11/30` or `2026.11.30` (a year, month and day that make a date) as the TOML date
/// `2026-11-30`.
fn slashed_date(value: &str) -> Option<String> {
    let parts: Vec<&str> = value.trim().split(['/', '.']).collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let date = chrono::NaiveDate::from_ymd_opt(
        i32::try_from(number(year).filter(|_| year.len() == 4)?).ok()?,
        number(month)?,
        number(day)?,
    )?;
    Some(date.format("%Y-%m-%d").to_string())
}

/// Removes, recursively, every key whose key or scalar value overlaps a syntax error (a
/// table only through its own keys), recording it as removed so that validation does not
/// report it missing.
fn prune(
    table: &mut DeTable<'_>,
    table_start: usize,
    errors: &[std::ops::Range<usize>],
    file: FileId,
    removed: &mut HashMap<(FileId, usize), Vec<String>>,
) {
    let overlaps = |span: std::ops::Range<usize>| {
        errors
            .iter()
            .any(|e| e.start < span.end.max(span.start + 1) && span.start < e.end.max(e.start + 1))
    };
    let doomed: Vec<String> = table
        .iter()
        .filter(|(k, v)| {
            // A table stays: its own keys are pruned below (a repeated `[plan]` header is an
            // error, but its first definition is not missing).
            let table = v.get_ref().is_table();
            let scalar = !table && !v.get_ref().is_array();
            (!table && overlaps(k.span())) || (scalar && overlaps(v.span()))
        })
        .map(|(k, _)| k.get_ref().to_string())
        .collect();
    for key in doomed {
        table.remove(key.as_str());
        removed.entry((file, table_start)).or_default().push(key);
    }
    for (_, value) in table.iter_mut() {
        let start = value.span().start;
        match value.get_mut() {
            DeValue::Table(inner) => prune(inner, start, errors, file, removed),
            DeValue::Array(items) => {
                for item in items.iter_mut() {
                    let item_start = item.span().start;
                    if let DeValue::Table(inner) = item.get_mut() {
                        prune(inner, item_start, errors, file, removed);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Deserialization context for one file in the thorough path.
struct Cx<'d> {
    file: FileId,
    diagnostics: &'d mut Vec<Diagnostic>,
    removed: &'d mut HashMap<(FileId, usize), Vec<String>>,
}

/// How many keys may be removed from one table before giving up on it.
const MAX_RETRIES: usize = 64;

impl Cx<'_> {
    /// A single table section such as `[plan]`.
    fn one<T: DeserializeOwned>(
        &mut self,
        value: Spanned<DeValue<'_>>,
        what: &str,
    ) -> Option<raw::Spanned<T>> {
        if !value.get_ref().is_table() {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::WrongType,
                    format!("`{what}` must be a table"),
                    Loc::new(self.file, value.span()),
                )
                .label(format!("found {}", value.get_ref().type_str()))
                .help(format!(
                    "write it as a `{what}` header followed by its keys"
                )),
            );
            return None;
        }
        self.lenient(value, what)
    }

    /// An array of tables such as `[[metric]]`.
    fn many<T: DeserializeOwned>(
        &mut self,
        value: Spanned<DeValue<'_>>,
        name: &str,
    ) -> Vec<raw::Spanned<T>> {
        self.items(value, name)
            .into_iter()
            .filter_map(|item| self.lenient(item, &format!("[[{name}]]")))
            .collect()
    }

    /// The elements of an array-of-tables section; anything else is reported.
    fn items<'i>(&mut self, value: Spanned<DeValue<'i>>, name: &str) -> Vec<Spanned<DeValue<'i>>> {
        let span = value.span();
        match value.into_inner() {
            DeValue::Array(items) => items
                .into_iter()
                .filter(|item| {
                    let ok = item.get_ref().is_table();
                    if !ok {
                        self.diagnostics.push(
                            Diagnostic::new(
                                Code::WrongType,
                                format!("each `{name}` entry must be a table"),
                                Loc::new(self.file, item.span()),
                            )
                            .label(format!("found {}", item.get_ref().type_str())),
                        );
                    }
                    ok
                })
                .collect(),
            other => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::WrongType,
                        format!("`{name}` must be an array of tables"),
                        Loc::new(self.file, span),
                    )
                    .label(format!("found {}", other.type_str()))
                    .help(format!("write each entry under a `[[{name}]]` header")),
                );
                Vec::new()
            }
        }
    }

    /// Objectives: key results are split off and deserialized one by one, so that a
    /// mistake in one key result does not hide the objective or its siblings.
    fn objectives(&mut self, value: Spanned<DeValue<'_>>) -> Vec<raw::Spanned<RawObjective>> {
        let mut out = Vec::new();
        for item in self.items(value, "objective") {
            let span = item.span();
            let DeValue::Table(mut table) = item.into_inner() else {
                continue;
            };
            let key_results = table.remove("key_result");
            let Some(mut objective) = self.lenient::<RawObjective>(
                Spanned::new(span, DeValue::Table(table)),
                "[[objective]]",
            ) else {
                continue;
            };
            if let Some(krs) = key_results {
                objective.get_mut().key_result = self.many(krs, "objective.key_result");
            }
            out.push(objective);
        }
        out
    }

    /// Deserializes one table; on each error, reports it, removes the offending key and
    /// tries again, so every bad key of the table is reported.
    fn lenient<T: DeserializeOwned>(
        &mut self,
        mut value: Spanned<DeValue<'_>>,
        what: &str,
    ) -> Option<raw::Spanned<T>> {
        for _ in 0..MAX_RETRIES {
            match raw::Spanned::<T>::deserialize(ValueDeserializer::from(value.clone())) {
                Ok(t) => return Some(t),
                Err(err) => {
                    let span = err.span().unwrap_or_else(|| value.span());
                    let removed = remove_at(&mut value, &span);
                    self.diagnostics.push(schema_diagnostic(
                        err.message(),
                        what,
                        removed.as_ref().map(|(_, key)| key.as_str()),
                        Loc::new(self.file, span),
                    ));
                    let (table_start, key) = removed?;
                    self.removed
                        .entry((self.file, table_start))
                        .or_default()
                        .push(key);
                }
            }
        }
        None
    }
}

/// Removes the key whose key or value stands exactly at `span` (or whose array value
/// contains it), searching nested tables. Returns where the key's table starts and the key.
fn remove_at(
    value: &mut Spanned<DeValue<'_>>,
    span: &std::ops::Range<usize>,
) -> Option<(usize, String)> {
    let table_start = value.span().start;
    let DeValue::Table(table) = value.get_mut() else {
        return None;
    };
    let hit = table
        .iter()
        .find(|(k, v)| {
            k.span() == *span
                || v.span() == *span
                || (v.get_ref().is_array() && contains(&v.span(), span))
        })
        .map(|(k, _)| k.get_ref().to_string());
    if let Some(key) = hit {
        table.remove(key.as_str());
        return Some((table_start, key));
    }
    table
        .iter_mut()
        .filter(|(_, v)| contains(&v.span(), span))
        .find_map(|(_, v)| remove_at(v, span))
}

fn contains(outer: &std::ops::Range<usize>, inner: &std::ops::Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end && outer != inner
}
