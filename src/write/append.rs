//! Appending to plan text without losing a byte: a block in the file's own line endings
//! ([`append_block`]), entries added to an array of tables in the form the file already
//! gives it ([`append_entries`], [`append_to_array`]). Nothing here touches the disk: the
//! caller replaces the file with [`crate::write::edit`].

use crate::refusal::Refusal;

/// The line ending a file uses: CRLF when its first line break is `\r\n`, else LF.
#[must_use]
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Converts a block written with `\n` to the line ending of `original`.
#[must_use]
pub fn with_line_ending(block: &str, original: &str) -> String {
    let eol = line_ending(original);
    if eol == "\n" {
        block.to_string()
    } else {
        block.replace('\n', eol)
    }
}

/// When `original` uses CRLF throughout, turns the lone `\n`s of `edited` into `\r\n`.
#[must_use]
pub fn match_line_endings(original: &str, edited: &str) -> String {
    let crlf = original.contains("\r\n")
        && original.matches('\n').count() == original.matches("\r\n").count();
    if !crlf {
        return edited.to_string();
    }
    let mut out = String::with_capacity(edited.len() + 16);
    let mut previous = '\0';
    for c in edited.chars() {
        if c == '\n' && previous != '\r' {
            out.push('\r');
        }
        out.push(c);
        previous = c;
    }
    out
}

/// `original` with `block` appended: every byte of `original` kept; a missing final
/// newline added; one blank line between the old content and the block; the block in the
/// file's line ending. `block` is written with `\n` and ends with one.
#[must_use]
pub fn append_block(original: &str, block: &str) -> String {
    let eol = line_ending(original);
    let mut out = String::with_capacity(original.len() + block.len() + 4);
    out.push_str(original);
    if !original.is_empty() {
        if !original.ends_with('\n') {
            out.push_str(eol);
        }
        let blank_before = out.ends_with(&format!("{eol}{eol}")) || out == eol;
        if !blank_before {
            out.push_str(eol);
        }
    }
    out.push_str(&with_line_ending(block, original));
    out
}

/// `original` (a plan file) with the `[[key]]` entries of `block` appended, in the form
/// the file already gives `key`: `[[key]]` tables are appended as text by [`append_block`]
/// (every byte of `original` kept); to an inline array (`key = [{ … }]`) the entries are
/// added as inline tables, on their own lines when the array's entries are. `block` is
/// written with `\n` and holds only `[[key]]` tables.
///
/// Whatever is returned was parsed back: valid TOML whose `key` array ends with `block`'s
/// entries. (That check also tells the forms apart: `[[key]]` after `key = [ … ]` is a
/// duplicate key, so the text append is tried first and `toml_edit` reads the file only
/// when it does not fit.)
///
/// Errors (nothing to write): `original` is not valid TOML; `key` in it is not an array
/// of tables; the result would not load back as expected.
pub fn append_entries(original: &str, key: &str, block: &str) -> Result<String, Refusal> {
    use toml_edit::{DocumentMut, Item, Value};
    let appended = append_block(original, block);
    let fits = verify_appended(&appended, key, block);
    if fits.is_ok() {
        return Ok(appended);
    }
    let doc: DocumentMut = original
        .parse()
        .map_err(|e| refusal(format!("cannot read the file as TOML: {e}")))?;
    match doc.get(key) {
        None | Some(Item::ArrayOfTables(_)) => fits.map(|()| appended),
        Some(Item::Value(Value::Array(_))) => {
            let updated = append_inline(original, key, block)?;
            verify_appended(&updated, key, block)?;
            Ok(updated)
        }
        Some(_) => Err(
            Refusal::new(format!("`{key}` in this file is not an array of tables")).help(format!(
                "write each entry as a `[[{key}]]` table, or as `{key} = [{{ … }}]`"
            )),
        ),
    }
}

/// [`append_entries`] for a file known to parse and to write `key` as `[[key]]` tables
/// already (the plan read it so: [`crate::plan::load::appends_as_tables`]): `block` is
/// appended as text ([`append_block`]) and only `block` is read back, not the file, which
/// is what `append_entries` would return.
///
/// Errors: as [`append_entries`]'s about `block` (not TOML, no `[[key]]` table).
pub fn append_tables(original: &str, key: &str, block: &str) -> Result<String, Refusal> {
    let added = block_entries(block, key)?;
    if added.is_empty() {
        return Err(not_at_end(key));
    }
    Ok(append_block(original, block))
}

/// Appends the `[[key]]` tables of `block` to the inline array `key` of `original`, each as
/// an inline table laid out like the array's entries ([`append_to_array`]).
fn append_inline(original: &str, key: &str, block: &str) -> Result<String, Refusal> {
    use toml_edit::{DocumentMut, Item, Value};
    let new: DocumentMut = block
        .parse()
        .map_err(|e| refusal(format!("cannot read the entry to append: {e}")))?;
    let tables = new
        .get(key)
        .and_then(Item::as_array_of_tables)
        .ok_or_else(|| refusal(format!("the entry to append is not a `[[{key}]]` table")))?;
    let mut text = original.to_string();
    for table in tables {
        let mut entry = Value::InlineTable(table.clone().into_inline_table());
        entry.decor_mut().clear();
        let doc = toml_edit::Document::parse(text.as_str())
            .map_err(|e| refusal(format!("cannot read the file as TOML: {e}")))?;
        let array = doc
            .get(key)
            .and_then(Item::as_array)
            .ok_or_else(|| refusal(format!("`{key}` in this file is not an array")))?;
        text = append_to_array(&text, array, &entry.to_string())?;
    }
    Ok(text)
}

/// `text` with `element` (TOML text of one value) appended to `array`, an inline array
/// parsed from `text` with its spans (`toml_edit::Document::parse`), laid out as the
/// array is: on a line of its own, in the last element's indentation and the file's line
/// ending, when the array spans lines (its trailing comma kept or left out as it was); after
/// `, ` when it sits on one line; alone in `[]`.
///
/// Only the inserted bytes are new: everything else in `text`, comments included, stays.
///
/// Errors: the array's place in the text is unknown (it was not parsed from `text`).
pub fn append_to_array(
    text: &str,
    array: &toml_edit::Array,
    element: &str,
) -> Result<String, Refusal> {
    let unknown = || refusal("cannot locate the inline array in the file".into());
    let span = array.span().ok_or_else(unknown)?;
    let close = span.end - 1;
    if text.as_bytes().get(close) != Some(&b']') {
        return Err(unknown());
    }
    let Some(last) = array.iter().last() else {
        // `[]`, or `[ ]` with spaces or a comment: the element goes right after `[`.
        let mut out = String::with_capacity(text.len() + element.len());
        out.push_str(&text[..=span.start]);
        out.push_str(element);
        out.push_str(&text[span.start + 1..]);
        return Ok(out);
    };
    let last_span = last.span().ok_or_else(unknown)?;
    let between = &text[last_span.end..close];
    let trailing_comma = between.trim_start().starts_with(',');
    let line_end = between
        .find('\n')
        .map(|i| last_span.end + i - usize::from(between[..i].ends_with('\r')));
    let mut out = String::with_capacity(text.len() + element.len() + 8);
    if let Some(line_end) = line_end {
        // The array goes on past the last element's line: the new element takes a line of
        // its own after it (after the comment ending that line, if any).
        let line = format!(
            "{}{}{element}",
            line_ending(text),
            indent_at(text, last_span.start)
        );
        out.push_str(&text[..last_span.end]);
        if !trailing_comma {
            out.push(',');
        }
        out.push_str(&text[last_span.end..line_end]);
        out.push_str(&line);
        if trailing_comma {
            out.push(',');
        }
        out.push_str(&text[line_end..]);
    } else {
        // `]` on the last element's line: the new element follows it on that line.
        out.push_str(&text[..last_span.end]);
        out.push_str(", ");
        out.push_str(element);
        out.push_str(&text[last_span.end..]);
    }
    Ok(out)
}

/// The spaces and tabs that start the line holding `offset`.
pub fn indent_at(text: &str, offset: usize) -> String {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    text[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

/// Checks that `updated` parses and that its `key` array ends with the entries of `block`.
fn verify_appended(updated: &str, key: &str, block: &str) -> Result<(), Refusal> {
    let added = block_entries(block, key)?;
    let after = entries(updated, key).map_err(|e| {
        refusal(format!(
            "appending would leave a file that does not load: {}",
            e.message()
        ))
    })?;
    if added.is_empty() || !after.ends_with(&added) {
        return Err(not_at_end(key));
    }
    Ok(())
}

/// The entries of array `key` in `text` (none when it has no such array).
fn entries(text: &str, key: &str) -> Result<Vec<toml::Value>, toml::de::Error> {
    let mut table: toml::Table = toml::from_str(text)?;
    Ok(match table.remove(key) {
        Some(toml::Value::Array(entries)) => entries,
        _ => Vec::new(),
    })
}

/// The entries of array `key` in the block to append.
fn block_entries(block: &str, key: &str) -> Result<Vec<toml::Value>, Refusal> {
    entries(block, key).map_err(|e| refusal(format!("cannot read the entry: {e}")))
}

/// The refusal of an append whose result would not end with the new entries.
fn not_at_end(key: &str) -> Refusal {
    refusal(format!(
        "appending would not leave the new `{key}` entries at the end"
    ))
}

/// A refusal of a write northstar computed wrongly: a bug to report.
fn refusal(message: String) -> Refusal {
    Refusal::new(message).help(
        "the file is left as it was; please report this with the file to northstar's maintainers",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_with_the_files_line_endings() {
        let block = "[[checkin]]\nmetric = \"a\"\n";
        assert_eq!(append_block("", block), block);
        assert_eq!(
            append_block("x = 1\n", block),
            "x = 1\n\n[[checkin]]\nmetric = \"a\"\n"
        );
        assert_eq!(
            append_block("x = 1", block),
            "x = 1\n\n[[checkin]]\nmetric = \"a\"\n"
        );
        assert_eq!(
            append_block("x = 1\n\n", block),
            "x = 1\n\n[[checkin]]\nmetric = \"a\"\n"
        );
        assert_eq!(
            append_block("# c\r\nx = 1", block),
            "# c\r\nx = 1\r\n\r\n[[checkin]]\r\nmetric = \"a\"\r\n"
        );
    }

    #[test]
    fn appends_to_an_inline_array_in_its_form_and_refuses_what_would_not_load() {
        let original = "checkin = [{ metric = \"a\", value = 1 }]\n";
        let block = "[[checkin]]\nmetric = \"b\"\nvalue = 2\n";
        assert_eq!(
            append_entries(original, "checkin", block).unwrap(),
            "checkin = [{ metric = \"a\", value = 1 }, { metric = \"b\", value = 2 }]\n"
        );
        // `[[checkin]]` after `checkin = [...]` (issue 9) is a duplicate key: the guard
        // refuses it.
        let naive = append_block(original, block);
        let err = verify_appended(&naive, "checkin", block).unwrap_err();
        assert_eq!(
            err.message,
            "appending would leave a file that does not load: duplicate key"
        );
        // A result without the new entry, or with another one.
        for wrong in [original, &block.replace('2', "3")] {
            let err = verify_appended(wrong, "checkin", block).unwrap_err();
            assert_eq!(
                err.message,
                "appending would not leave the new `checkin` entries at the end"
            );
        }
        let err = append_entries("checkin = 1\n", "checkin", block).unwrap_err();
        assert_eq!(
            (err.message.as_str(), err.help.as_deref()),
            (
                "`checkin` in this file is not an array of tables",
                Some("write each entry as a `[[checkin]]` table, or as `checkin = [{ … }]`")
            )
        );
    }
}

#[cfg(test)]
mod inline_array_tests {
    use std::fmt::Write as _;

    use proptest::prelude::*;

    use super::append_to_array;

    /// Whether `small`'s characters appear in `big` in order.
    fn subsequence(small: &str, big: &str) -> bool {
        let mut rest = big.chars();
        small.chars().all(|c| rest.any(|b| b == c))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        /// Whatever the array's layout (entries, lines, trailing comma, comments, CRLF),
        /// the new entry ends it, every old entry is unchanged, and every old byte is
        /// still there in order.
        #[test]
        fn the_new_entry_ends_the_array_and_nothing_is_lost(
            n in 0usize..4,
            multiline in any::<bool>(),
            trailing_comma in any::<bool>(),
            comment in any::<bool>(),
            crlf in any::<bool>(),
            indent in "[ \t]{0,4}",
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut text = format!("# log{eol}a = [");
            for i in 0..n {
                if multiline {
                    text.push_str(eol);
                    text.push_str(&indent);
                } else if i > 0 {
                    text.push(' ');
                }
                write!(text, "{{ id = \"e{i}\" }}").unwrap();
                if i + 1 < n || trailing_comma {
                    text.push(',');
                }
                if multiline && comment {
                    write!(text, "  # note {i}").unwrap();
                }
            }
            if multiline {
                text.push_str(eol);
            }
            write!(text, "]{eol}b = 1{eol}").unwrap();
            let doc = toml_edit::Document::parse(text.as_str()).unwrap();
            let array = doc.get("a").and_then(toml_edit::Item::as_array).unwrap();
            let out = append_to_array(&text, array, "{ id = \"new\" }").unwrap();
            let parsed: toml::Table = toml::from_str(&out).unwrap();
            let ids: Vec<&str> = parsed["a"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["id"].as_str().unwrap())
                .collect();
            let mut expected: Vec<String> = (0..n).map(|i| format!("e{i}")).collect();
            expected.push("new".into());
            prop_assert_eq!(ids, expected);
            prop_assert_eq!(parsed["b"].as_integer(), Some(1));
            prop_assert!(subsequence(&text, &out), "{:?} → {:?}", text, out);
            if crlf {
                prop_assert!(!out.replace("\r\n", "").contains('\n'), "a bare LF: {:?}", out);
            }
        }
    }
}
