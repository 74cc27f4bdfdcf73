//! Parsing a large file, such as a check-in log of years of `[[checkin]]` tables, in
//! chunks split at `[[checkin]]` headers, so that the TOML parser never holds the tokens
//! and tables of the whole file at once (and the chunks can be parsed in parallel).
//!
//! Each chunk is parsed by the `toml` crate on its own and its spans moved by the chunk's
//! offset. The split is only kept when it provably reads the file as a whole-file parse
//! would: every chunk is well-formed TOML (so no chunk ends inside a multi-line string,
//! array or inline table: each boundary is a real header), every chunk after the first
//! holds only `[[checkin]]` and `[[change]]` tables written with headers (which append to
//! the arrays the earlier chunks began, as they do in one file), and in the first chunk
//! those two keys, if present, are arrays of header tables too (not an inline array that a
//! later header could not extend). Anything else, every file with a problem included,
//! returns `None`: the caller parses the whole file, so diagnostics never depend on the
//! split.

use serde::Deserialize as _;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::plan::raw::{self, HeldCheckin, RawChange, RawCheckin, RawFile};

/// The size a chunk grows to before the next `[[checkin]]` header starts another.
pub(super) const CHUNK_BYTES: usize = 64 * 1024;

/// The header chunks are split at; a boundary is a line starting with it.
const HEADER: &str = "[[checkin]]";

/// [`HEADER`] at a line start, from the previous line's newline.
const LINE_HEADER: &str = "\n[[checkin]]";

/// The sections a chunk after the first may hold.
const APPENDED: [&str; 2] = ["checkin", "change"];

/// `text` read chunk by chunk, or `None` when it is too small to split, or the split is
/// not provably the same as one parse (see the module's documentation), or any chunk has
/// a problem. Serial: [`super::parallel`] reads the chunks of several files at once.
pub(super) fn parse_in_chunks(text: &str) -> Option<RawFile> {
    parse_in_chunks_of(text, CHUNK_BYTES)
}

/// [`parse_in_chunks`] with chunks of about `size` bytes.
fn parse_in_chunks_of(text: &str, size: usize) -> Option<RawFile> {
    let bounds = chunk_bounds(text, size);
    if bounds.len() < 2 {
        return None;
    }
    let mut raw: Option<RawFile> = None;
    for &(start, end) in &bounds {
        let table = read_chunk(&text[start..end], start == 0, true)?;
        absorb(&mut raw, table, start)?;
    }
    raw
}

/// The byte ranges of `text`'s chunks of about `size` bytes (one range for the whole text
/// when it does not split).
pub(super) fn chunk_bounds(text: &str, size: usize) -> Vec<(usize, usize)> {
    let starts = chunk_starts(text, size);
    starts
        .iter()
        .zip(starts.iter().skip(1).chain([&text.len()]))
        .map(|(&start, &end)| (start, end))
        .collect()
}

/// One chunk's TOML table, `first` when it starts its file; `None` when it is not
/// well-formed or, when the file is `split`, holds what may not be split off.
pub(super) fn read_chunk(chunk: &str, first: bool, split: bool) -> Option<Spanned<DeTable<'_>>> {
    let root = DeTable::parse(chunk).ok()?;
    if split {
        for (key, value) in root.get_ref() {
            let appended = APPENDED.contains(&key.get_ref().as_ref());
            if !appended && first {
                continue;
            }
            if !appended || !headed_tables(value, chunk) {
                return None;
            }
        }
    }
    Some(root)
}

/// Deserializes the table of the chunk starting `offset` bytes into its file and adds it
/// to `raw`, the file read so far (`None` before its first chunk), its spans moved to the
/// file's; `None` when it does not deserialize.
pub(super) fn absorb(
    raw: &mut Option<RawFile>,
    table: Spanned<DeTable<'_>>,
    offset: usize,
) -> Option<()> {
    let mut chunk = RawFile::deserialize(toml::de::Deserializer::from(table)).ok()?;
    // The check-ins are held compactly from here on, each chunk's in its own array (a
    // copy into one would hold them twice).
    let read = std::mem::take(&mut chunk.checkin);
    // A new array, not the read one reused in place (`collect` would keep its size).
    let mut checkins = Vec::with_capacity(read.len());
    checkins.extend(
        read.into_iter()
            .map(|c| HeldCheckin::new(moved(c, offset, RawCheckin::shifted))),
    );
    match raw {
        None => {
            chunk.checkin_chunks.push(checkins);
            *raw = Some(chunk);
        }
        Some(raw) => {
            raw.checkin_chunks.push(checkins);
            raw.change.extend(shifted(
                std::mem::take(&mut chunk.change),
                offset,
                RawChange::shifted,
            ));
        }
    }
    Some(())
}

/// Where each chunk starts: 0, then the line starts of `[[checkin]]` headers each at least
/// `size` bytes after the previous chunk's start. The first chunk always holds the file's
/// first `[[checkin]]` header (so an inline `checkin = [...]` before it is an error within
/// the chunk).
fn chunk_starts(text: &str, size: usize) -> Vec<usize> {
    let mut starts = vec![0];
    let mut headers = text.match_indices(LINE_HEADER).map(|(i, _)| i + 1);
    if !text.starts_with(HEADER) && headers.next().is_none() {
        return starts;
    }
    for at in headers {
        if at - starts[starts.len() - 1] >= size {
            starts.push(at);
        }
    }
    starts
}

/// `tables` with every span moved `by` bytes on, each table's own spans by `shift`.
fn shifted<T>(
    tables: Vec<raw::Spanned<T>>,
    by: usize,
    shift: fn(T, usize) -> T,
) -> Vec<raw::Spanned<T>> {
    tables.into_iter().map(|t| moved(t, by, shift)).collect()
}

/// `table` with every span moved `by` bytes on, its own spans by `shift`.
fn moved<T>(table: raw::Spanned<T>, by: usize, shift: fn(T, usize) -> T) -> raw::Spanned<T> {
    let span = table.span();
    raw::Spanned::new(span, shift(table.into_inner(), by)).shifted(by)
}

/// Whether `value` is a non-empty array of tables each written under a header (`[[…]]`),
/// not an inline array: only those go on across chunks as in one file.
fn headed_tables(value: &Spanned<DeValue<'_>>, chunk: &str) -> bool {
    match value.get_ref() {
        DeValue::Array(items) => {
            !items.is_empty()
                && items.iter().all(|item| {
                    item.get_ref().is_table()
                        && chunk.get(item.span()).is_some_and(|t| t.starts_with('['))
                })
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_start_at_checkin_headers_once_big_enough() {
        let text = "[plan]\nname = \"x\"\n\n[[checkin]]\na = 1\n\n[[checkin]]\nb = 2\n\n[[checkin]]\nc = 3\n";
        let headers: Vec<usize> = text.match_indices("[[checkin]]").map(|(i, _)| i).collect();
        assert_eq!(chunk_starts(text, 1), vec![0, headers[1], headers[2]]);
        assert_eq!(chunk_starts(text, 1000), vec![0]);
        assert_eq!(chunk_starts("[plan]\n", 1), vec![0]);
        // The first chunk holds the first header even when it starts the file.
        let bare = "[[checkin]]\na = 1\n[[checkin]]\nb = 2\n";
        assert_eq!(chunk_starts(bare, 1), vec![0, 18]);
    }

    /// A log of `n` check-ins after a `[plan]`, with `[[change]]` tables among them.
    fn log(n: usize) -> String {
        use std::fmt::Write as _;
        let mut text = String::from("[plan]\nname = \"x\"\n\n");
        for i in 0..n {
            let day = i % 28 + 1;
            write!(
                text,
                "[[checkin]]\nmetric = \"kr-{i}\"\ndate = 2026-10-{day:02}\nvalue = {i}.5\nconfidence = 0.5\nnote = \"\"\"\nline\n\"\"\"\nby = \"ann\"\n\n"
            )
            .unwrap();
            if i % 7 == 3 {
                write!(
                    text,
                    "[[change]]\nid = \"kr-{i}\"\nfield = \"target\"\nfrom = 1\nto = 2\ndate = 2026-10-01\nreason = \"r\"\n\n"
                )
                .unwrap();
            }
        }
        text
    }

    #[test]
    fn a_chunked_parse_reads_what_a_whole_parse_reads_spans_included() {
        let text = log(200);
        let whole: RawFile = toml::from_str(&text).unwrap();
        for size in [1, 100, 1000, 5000] {
            let mut chunked = parse_in_chunks_of(&text, size).expect("splits");
            chunked.checkin = chunked
                .take_checkins()
                .into_iter()
                .flatten()
                .map(HeldCheckin::into_raw)
                .collect();
            assert_eq!(
                format!("{chunked:?}"),
                format!("{whole:?}"),
                "chunks of {size}"
            );
        }
        assert_eq!(whole.checkin.len(), 200);
        assert!(chunk_starts(&text, 1000).len() > 10);
    }

    #[test]
    fn an_unsafe_or_broken_split_falls_back_to_a_whole_parse() {
        let text = log(20);
        // A `[[checkin]]` line inside a multi-line string is no boundary.
        let in_string = text.replacen("line\n", "line\n[[checkin]]\n", 5);
        assert!(parse_in_chunks_of(&in_string, 1).is_none());
        // An inline array that a later header could not extend.
        for inline in [
            "change = []\n",
            "checkin = []\n",
            "change = [{ id = \"a\" }]\n",
        ] {
            let early = text.replacen("[plan]", &format!("{inline}[plan]"), 1);
            assert!(parse_in_chunks_of(&early, 1).is_none(), "{inline}");
        }
        // Another section after the first chunk, and a key result header that would
        // belong to an objective of an earlier chunk.
        for late in [
            "[[objective]]\nid = \"o\"\n",
            "[[objective.key_result]]\nid = \"k\"\n",
            "[change]\nid = \"c\"\n",
        ] {
            let text = format!("{text}{late}");
            assert!(parse_in_chunks_of(&text, 1).is_none(), "{late}");
        }
        // A schema or syntax error in any chunk.
        for broken in ["confidence = 0.5\n", "value = 1.5\n"] {
            let bad = text.replacen(broken, &format!("{broken}bogus = 1\n"), 3);
            assert!(parse_in_chunks_of(&bad, 1).is_none(), "{broken}");
        }
    }

    #[test]
    fn a_log_with_errors_in_several_chunks_reports_what_a_whole_parse_reports() {
        let text = log(5000)
            .replacen("confidence = 0.5\n", "confidence = \"high\"\n", 1)
            .replace("value = 1500.5\n", "value = 1500.5\nvalue = 2\n")
            .replace(
                "metric = \"kr-4999\"\n",
                "metric = \"kr-4999\"\nmetrc = \"x\"\n",
            )
            .replace(
                "date = 2026-10-08\nvalue = 903.5",
                "date = 2026/10/08\nvalue = 903.5",
            );
        assert!(chunk_starts(&text, CHUNK_BYTES).len() >= 2);
        let file = crate::diagnostic::FileId(3);
        let (mut diagnostics, mut removed) = (Vec::new(), std::collections::HashMap::new());
        let raw = super::super::parse::parse_file(&text, file, &mut diagnostics, &mut removed);
        let (mut whole, mut whole_removed) = (Vec::new(), std::collections::HashMap::new());
        let whole_raw =
            super::super::parse::parse_file_thoroughly(&text, file, &mut whole, &mut whole_removed);
        assert_eq!(format!("{diagnostics:?}"), format!("{whole:?}"));
        assert_eq!(format!("{raw:?}"), format!("{whole_raw:?}"));
        assert_eq!(removed, whole_removed);
        let spans: Vec<usize> = diagnostics
            .iter()
            .map(|d| d.primary.as_ref().unwrap().loc.span.start)
            .collect();
        assert_eq!(spans.len(), 4, "{diagnostics:?}");
        let starts = chunk_starts(&text, CHUNK_BYTES);
        let chunk_of = |at: usize| starts.partition_point(|&s| s <= at);
        assert!(
            chunk_of(spans[0]) < chunk_of(spans[3]),
            "{spans:?} {starts:?}"
        );
    }
}
