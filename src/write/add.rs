//! `add`'s text edits: a new table written as TOML and placed in a plan file's text so
//! that only the inserted bytes change (comments, spacing and line endings kept).
//!
//! A table of its own (`[[objective]]`, `[[pillar]]`, …) is appended to the file; a key
//! result goes directly after its objective's last key result (or its objective's last
//! key), never at the end of the file, where TOML would attach it to the file's last
//! objective.

use crate::refusal::Refusal;
use crate::write::append::{append_to_array, indent_at, line_ending, with_line_ending};
use crate::write::document::{Entity, block, entries, find_entity, indent, inline, table_of};

/// The table of a new entity: `id`, then `keys` (each `(key, TOML value text)`), every
/// value as written.
///
/// Errors: a value text is not one TOML value (a bug of the caller).
pub fn new_table(id: &str, keys: &[(&str, String)]) -> Result<toml_edit::Table, Refusal> {
    let id = [("id", text_value(id))];
    let all: Vec<(&str, String)> = id.iter().chain(keys).cloned().collect();
    table_of(&all)
}

/// `text` as a TOML string on one line, encoded by `toml_writer` (the encoder of `toml`
/// and `toml_edit`): a basic string (`"…"`) when it needs no escape, else a literal string
/// (`'…'`) when that needs none, else a basic string with `\\`, `\"` and control
/// characters escaped. Never a multi-line string: the block is written one key a line, in
/// the file's line ending.
#[must_use]
pub fn text_value(text: &str) -> String {
    use toml_writer::TomlWrite as _;
    let string = toml_writer::TomlStringBuilder::new(text);
    let encoded = string
        .as_basic_pretty()
        .or_else(|| string.as_literal())
        .unwrap_or_else(|| string.as_basic());
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = out.value(encoded);
    out
}

/// `text` with a new `[[objective.key_result]]` for objective `objective`, placed after
/// the line holding the objective's last value (its last key result's, when it has
/// some), after one blank line, in the indentation of its last key result (or of the
/// objective) and the file's line ending. The table holds `id`, then `keys`
/// (each `(key, TOML value text)`). When the objective's key results are an inline array
/// (`key_result = [{ … }]`), the new one is appended to that array as an inline table on
/// one line instead ([`append_to_array`]).
///
/// Whatever is returned was parsed back: the objective's key results end with the new one.
///
/// Errors: the text is not TOML; the objective is not an `[[objective]]` table in it (an
/// inline objective cannot be found by its header); its `key_result` is neither tables nor
/// an array; the result does not read back as expected.
pub fn insert_key_result(
    text: &str,
    objective: &str,
    id: &str,
    keys: &[(&str, String)],
) -> Result<String, Refusal> {
    let doc = toml_edit::Document::parse(text)
        .map_err(|e| Refusal::new(format!("cannot read the file as TOML: {e}")))?;
    let table = match find_entity(doc.as_table(), objective) {
        Some(Entity::Table(table)) => Some(table),
        _ => None,
    }
    .ok_or_else(|| {
        Refusal::new(format!(
            "objective `{objective}` is not an `[[objective]]` table in this file"
        ))
        .help("write it as an `[[objective]]` table to add key results with `add kr`")
    })?;
    if let Some(item) = table.get("key_result")
        && !item.is_array_of_tables()
    {
        let array = item.as_array().ok_or_else(|| {
            Refusal::new(format!(
                "`key_result` of `{objective}` is neither `[[objective.key_result]]` tables nor an array of inline tables"
            ))
        })?;
        let out = append_to_array(text, array, &inline(new_table(id, keys)?))?;
        // One document at a time: this one is done with before the result is read back.
        drop(doc);
        check_key_result(&out, objective, id)?;
        return Ok(out);
    }
    let last_end = last_value_end(table)
        .ok_or_else(|| Refusal::new(format!("cannot locate the keys of `{objective}`")))?;
    // The indentation of the last key result's header and keys, else the objective's.
    let last_kr = table
        .get("key_result")
        .and_then(toml_edit::Item::as_array_of_tables)
        .and_then(|a| a.iter().last());
    let id_start = last_kr
        .unwrap_or(table)
        .get("id")
        .and_then(toml_edit::Item::as_value)
        .and_then(toml_edit::Value::span)
        .map_or(last_end, |s| s.start);
    // One document at a time: this one is done with before the result is read back.
    drop(doc);
    let key_indent = indent_at(text, id_start);
    let header_indent = header_indent(text, id_start);
    let eol = line_ending(text);
    let mut table = new_table(id, keys)?;
    indent(&mut table, &header_indent, &key_indent);
    let new = with_line_ending(&block("objective.key_result", table), text);
    let mut out = String::with_capacity(text.len() + new.len() + 4);
    if let Some(i) = text[last_end..].find('\n') {
        let at = last_end + i + 1;
        out.push_str(&text[..at]);
        out.push_str(eol);
        out.push_str(&new);
        out.push_str(&text[at..]);
    } else {
        out.push_str(text);
        out.push_str(eol);
        out.push_str(eol);
        out.push_str(&new);
    }
    check_key_result(&out, objective, id)?;
    Ok(out)
}

/// `text` with `block`, a `[key]` table (one of its own, such as `[north_star]`),
/// appended as [`append_block`] appends: every byte of `text` kept.
///
/// Whatever is returned was parsed back: its `key` table has the id `id`.
///
/// Errors: the result would not read back so (the file already has a `key`, or is not
/// TOML).
pub fn append_table(text: &str, key: &str, id: &str, block: &str) -> Result<String, Refusal> {
    let out = crate::write::append::append_block(text, block);
    let read: Option<toml::Table> = out.parse().ok();
    let found = read
        .as_ref()
        .and_then(|t| t.get(key))
        .and_then(|t| t.get("id"))
        .and_then(toml::Value::as_str);
    if found == Some(id) {
        Ok(out)
    } else {
        Err(Refusal::new(format!(
            "appending `[{key}]` would not leave a file that reads back with it"
        ))
        .help(format!(
            "a file holds one `[{key}]`; write it by hand if this one should"
        )))
    }
}

/// Where the value that ends last in `table` (its sub-tables and key results included)
/// ends.
pub(crate) fn last_value_end(table: &toml_edit::Table) -> Option<usize> {
    table
        .iter()
        .filter_map(|(_, item)| match item {
            toml_edit::Item::Value(v) => v.span().map(|s| s.end),
            toml_edit::Item::Table(t) => last_value_end(t),
            toml_edit::Item::ArrayOfTables(a) => a.iter().filter_map(last_value_end).max(),
            toml_edit::Item::None => None,
        })
        .max()
}

/// The indentation of the nearest table header line before `offset`.
fn header_indent(text: &str, offset: usize) -> String {
    text[..offset]
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('['))
        .map(|l| l.chars().take_while(|c| *c == ' ' || *c == '\t').collect())
        .unwrap_or_default()
}

/// Whether `text` reads back with `id` as objective `objective`'s last key result.
fn check_key_result(text: &str, objective: &str, id: &str) -> Result<(), Refusal> {
    let doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| Refusal::new(format!("the key result would not read back as TOML: {e}")))?;
    let last = find_entity(doc.as_table(), objective)
        .and_then(|o| o.get("key_result"))
        .and_then(|krs| entries(krs).last().copied())
        .and_then(|k| k.get("id"))
        .and_then(toml_edit::Item::as_str);
    if last == Some(id) {
        Ok(())
    } else {
        Err(Refusal::new(format!(
            "the key result would not read back as the last of `{objective}`"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_result_lands_after_its_objectives_last_one() {
        let text = "[[objective]]\nid = \"a\"\n\n[[objective.key_result]]\nid = \"k\"\n\n[[objective]]\nid = \"b\"\n";
        assert_eq!(
            insert_key_result(text, "a", "new", &[]).unwrap(),
            "[[objective]]\nid = \"a\"\n\n[[objective.key_result]]\nid = \"k\"\n\n[[objective.key_result]]\nid = \"new\"\n\n[[objective]]\nid = \"b\"\n"
        );
    }

    #[test]
    fn indentation_crlf_and_a_missing_final_newline_are_kept() {
        let text = "[[objective]]\r\nid = \"a\"\r\n  [[objective.key_result]]\r\n    id = \"k\"";
        assert_eq!(
            insert_key_result(text, "a", "new", &[]).unwrap(),
            "[[objective]]\r\nid = \"a\"\r\n  [[objective.key_result]]\r\n    id = \"k\"\r\n\r\n  [[objective.key_result]]\r\n    id = \"new\"\r\n"
        );
    }

    #[test]
    fn text_reads_back_as_written_on_one_line() {
        for text in [
            "plain",
            "a \"b\" \\ é\n\u{7}",
            "it's \"quoted\"",
            "'\"'''\"\"\"",
            "",
        ] {
            let value = text_value(text);
            let parsed: toml::Table = format!("t = {value}").parse().unwrap();
            assert_eq!(parsed["t"].as_str(), Some(text), "{value}");
            assert!(!value.contains('\n'), "{value}: one line");
        }
        assert_eq!(text_value("plain"), "\"plain\"");
    }

    #[test]
    fn an_inline_objective_is_refused() {
        let text = "objective = [{ id = \"a\" }]\n";
        assert!(insert_key_result(text, "a", "new", &[]).is_err());
    }

    /// Each inline layout gets the new key result in its own style; a comment stays on
    /// its line.
    #[test]
    fn inline_key_results_take_the_new_one_in_their_layout() {
        let keys = [("title", "\"T\"".to_string())];
        let head = "[[objective]]\nid = \"a\"\n";
        for (array, expected) in [
            (
                "key_result = [\n  { id = \"k\" },\n]\n",
                "key_result = [\n  { id = \"k\" },\n  { id = \"new\", title = \"T\" },\n]\n",
            ),
            (
                "key_result = [\n    { id = \"k\" }  # first\n]\n",
                "key_result = [\n    { id = \"k\" },  # first\n    { id = \"new\", title = \"T\" }\n]\n",
            ),
            (
                "key_result = [\n  { id = \"k\" },  # first\n  # more to come\n]\n",
                "key_result = [\n  { id = \"k\" },  # first\n  { id = \"new\", title = \"T\" },\n  # more to come\n]\n",
            ),
            (
                "key_result = [{ id = \"k\" }]\n",
                "key_result = [{ id = \"k\" }, { id = \"new\", title = \"T\" }]\n",
            ),
            (
                "key_result = []\n",
                "key_result = [{ id = \"new\", title = \"T\" }]\n",
            ),
            (
                "key_result = [\r\n  { id = \"k\" },\r\n]\r\n",
                "key_result = [\r\n  { id = \"k\" },\r\n  { id = \"new\", title = \"T\" },\r\n]\r\n",
            ),
        ] {
            let head = if array.contains('\r') {
                head.replace('\n', "\r\n")
            } else {
                head.to_string()
            };
            assert_eq!(
                insert_key_result(&format!("{head}{array}"), "a", "new", &keys).unwrap(),
                format!("{head}{expected}"),
                "{array:?}"
            );
        }
    }

    #[test]
    fn a_key_result_that_is_neither_tables_nor_an_array_is_refused() {
        let text = "[[objective]]\nid = \"a\"\nkey_result = 3\n";
        assert!(insert_key_result(text, "a", "new", &[]).is_err());
    }
}
