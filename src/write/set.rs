//! Changing the plan from the command line (`northstar set`, `set plan`): one value edited in place,
//! by its byte range, so nothing else in the file changes (comments, spacing, line
//! endings); the `[[change]]` record a goalpost change appends to the check-in log; and
//! the unified diff a dry run prints. Nothing here writes; the command writes under the
//! lock of the files' directories.

use chrono::NaiveDate;

use crate::plan::model::ChangeValue;
use crate::refusal::Refusal;
use crate::write::document::{Entity, block, find_entity, toml_date};

/// VALUE as TOML: a number, a boolean, a date, a quoted string or an array when it reads
/// as one, else the text itself as a string (`2026-Q4`, `Cut p90 lead time`).
#[must_use]
pub fn parse_value(text: &str) -> toml_edit::Value {
    use toml_edit::Value;
    match text.trim().parse::<Value>() {
        Ok(
            mut v @ (Value::Integer(_)
            | Value::Float(_)
            | Value::Boolean(_)
            | Value::Datetime(_)
            | Value::String(_)
            | Value::Array(_)),
        ) => {
            v.decor_mut().clear();
            v
        }
        _ => Value::from(text),
    }
}

/// A value as a `[[change]]` records it: a number, or text.
#[must_use]
pub fn change_value(value: &toml_edit::Value) -> Option<ChangeValue> {
    match value {
        toml_edit::Value::Integer(i) => Some(ChangeValue::Number(*i.value() as f64)),
        toml_edit::Value::Float(f) => Some(ChangeValue::Number(*f.value())),
        toml_edit::Value::String(s) => Some(ChangeValue::Text(s.value().clone())),
        _ => None,
    }
}

/// One value set in a file's text.
#[derive(Debug, Clone)]
pub struct Edited {
    /// The whole new text.
    pub text: String,
    /// The value it replaced, without decoration; `None`: the key was added.
    pub old: Option<toml_edit::Value>,
}

/// `text` with key `key` of the entity `id` set to `value`: only the bytes of the old
/// value change (or, for a key the entity lacks, one line is added after its last key, in
/// that key's indentation and the file's line ending; in an inline table, `, key = value`
/// after the last value). The entity is a `[north_star]`, an entry of an array of tables
/// (`[[metric]]`, `[[objective]]`, `[[objective.key_result]]`, ...) or an inline table of
/// an inline array.
///
/// Errors: the text is not TOML; no entity `id` in it; `key` is `id` or holds a table.
pub fn set_in_text(
    text: &str,
    id: &str,
    key: &str,
    value: &toml_edit::Value,
) -> Result<Edited, Refusal> {
    let doc = toml_edit::Document::parse(text)
        .map_err(|e| Refusal::new(format!("cannot edit the file: {e}")))?;
    let table = find_entity(doc.as_table(), id)
        .ok_or_else(|| Refusal::new(format!("no entity with id `{id}` in this file")))?;
    if key == "id" {
        return Err(Refusal::new("an id cannot be changed with `set`")
            .help("ids are referenced elsewhere; rename it in every file by hand"));
    }
    set_in_table(text, table, id, key, value)
}

/// `text` (the main plan file) with key `key` of its `[plan]` table set to `value`, as
/// [`set_in_text`] sets an entity's key: only the old value's bytes change, or one line is
/// added after the table's last key.
///
/// Errors: the text is not TOML; it has no `[plan]` table; `key` holds a table.
pub fn set_plan_in_text(
    text: &str,
    key: &str,
    value: &toml_edit::Value,
) -> Result<Edited, Refusal> {
    let doc = toml_edit::Document::parse(text)
        .map_err(|e| Refusal::new(format!("cannot edit the file: {e}")))?;
    let table = doc
        .get("plan")
        .and_then(toml_edit::Item::as_table)
        .ok_or_else(|| {
            Refusal::new("the main plan file has no `[plan]` table")
                .help("add `[plan]` with `name = \"…\"` at the top of the file")
        })?;
    set_in_table(text, Entity::Table(table), "plan", key, value)
}

/// `text` with key `key` of `table` (parsed from `text` with its spans; `id` names it in
/// messages) set to `value`: see [`set_in_text`].
fn set_in_table(
    text: &str,
    table: Entity<'_>,
    id: &str,
    key: &str,
    value: &toml_edit::Value,
) -> Result<Edited, Refusal> {
    let mut new = value.clone();
    new.decor_mut().clear();
    let new_text = new.to_string();
    if let Some(item) = table.get(key) {
        let Some(old) = item.as_value() else {
            return Err(Refusal::new(format!(
                "`{key}` of `{id}` is a table; `set` edits single values"
            )));
        };
        let span = old
            .span()
            .ok_or_else(|| Refusal::new(format!("cannot locate `{key}` of `{id}`")))?;
        let mut bare = old.clone();
        bare.decor_mut().clear();
        let mut out = String::with_capacity(text.len() + new_text.len());
        out.push_str(&text[..span.start]);
        out.push_str(&new_text);
        out.push_str(&text[span.end..]);
        return Ok(Edited {
            text: out,
            old: Some(bare),
        });
    }
    // A new key: after the value that ends last.
    let last_end = table
        .iter()
        .filter_map(|(_, item)| item.as_value().and_then(toml_edit::Value::span))
        .map(|s| s.end)
        .max()
        .ok_or_else(|| Refusal::new(format!("cannot locate the keys of `{id}`")))?;
    let mut out = String::with_capacity(text.len() + key.len() + new_text.len() + 8);
    if table.is_inline() {
        out.push_str(&text[..last_end]);
        out.push_str(", ");
        out.push_str(key);
        out.push_str(" = ");
        out.push_str(&new_text);
        out.push_str(&text[last_end..]);
    } else {
        let line_start = text[..last_end].rfind('\n').map_or(0, |i| i + 1);
        let indent: String = text[line_start..]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let eol = crate::write::append::line_ending(text);
        let line = format!("{indent}{key} = {new_text}");
        if let Some(i) = text[last_end..].find('\n') {
            let at = last_end + i + 1;
            out.push_str(&text[..at]);
            out.push_str(&line);
            out.push_str(eol);
            out.push_str(&text[at..]);
        } else {
            out.push_str(text);
            out.push_str(eol);
            out.push_str(&line);
        }
    }
    Ok(Edited {
        text: out,
        old: None,
    })
}

/// A `[[change]]` to append to the check-in log.
#[derive(Debug, Clone)]
pub struct ChangeRecord<'a> {
    /// The objective or key result.
    pub id: &'a str,
    /// The goalpost key.
    pub field: &'a str,
    /// The old value.
    pub from: &'a toml_edit::Value,
    /// The new value.
    pub to: &'a toml_edit::Value,
    /// Today.
    pub date: NaiveDate,
    /// Who.
    pub by: Option<&'a str>,
    /// Why.
    pub reason: &'a str,
}

/// The `[[change]]` block, keys in the order id, field, from, to, date, by, reason,
/// serialized by `toml_edit`; `\n` line endings, ending in a newline.
#[must_use]
pub fn change_block(c: &ChangeRecord<'_>) -> String {
    use toml_edit::{Item, Table, value as v};
    let mut t = Table::new();
    t.insert("id", v(c.id));
    t.insert("field", v(c.field));
    let bare = |value: &toml_edit::Value| {
        let mut value = value.clone();
        value.decor_mut().clear();
        Item::Value(value)
    };
    t.insert("from", bare(c.from));
    t.insert("to", bare(c.to));
    t.insert("date", v(toml_date(c.date)));
    if let Some(by) = c.by {
        t.insert("by", v(by));
    }
    t.insert("reason", v(c.reason));
    block("change", t)
}

/// A unified diff (`diff -u`, three lines of context) of `old` → `new` for `path`, computed
/// by [`similar`] (Myers) over the lines as split at `\n` (a `\r` stays part of its line).
/// Hunk ranges are always written `start,len`, as before; every printed line is plan text
/// and goes through [`crate::text::sanitize`]; a line without a final newline is
/// followed by `\ No newline at end of file`. Empty when nothing changed.
#[must_use]
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let diff = similar::TextDiff::configure().diff_slices(&a, &b);
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    let range = |r: std::ops::Range<usize>| {
        let len = r.len();
        let first = if len == 0 { r.start } else { r.start + 1 };
        format!("{first},{len}")
    };
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        let (Some(first), Some(last)) = (hunk.ops().first(), hunk.ops().last()) else {
            continue;
        };
        let old_lines = first.old_range().start..last.old_range().end;
        let new_lines = first.new_range().start..last.new_range().end;
        out.push_str("@@ -");
        out.push_str(&range(old_lines));
        out.push_str(" +");
        out.push_str(&range(new_lines));
        out.push_str(" @@\n");
        for change in hunk.iter_changes() {
            let l = change.value();
            out.push(match change.tag() {
                similar::ChangeTag::Equal => ' ',
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
            });
            // Plan text: printed without control characters, as every quoted value is.
            out.push_str(&crate::text::sanitize(l.strip_suffix('\n').unwrap_or(l)));
            out.push('\n');
            if !l.ends_with('\n') {
                out.push_str("\\ No newline at end of file\n");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_toml_where_they_can() {
        let shown = |t: &str| parse_value(t).to_string();
        assert_eq!(shown("42"), "42");
        assert_eq!(shown("2.50"), "2.50");
        assert_eq!(shown("true"), "true");
        assert_eq!(shown("2026-11-20"), "2026-11-20");
        assert_eq!(shown("2026-Q4"), "\"2026-Q4\"");
        assert_eq!(shown("Cut lead time"), "\"Cut lead time\"");
        assert_eq!(shown("\"42\""), "\"42\"");
    }

    #[test]
    fn only_the_value_changes_and_a_new_key_follows_the_last() {
        let text = "# plan\r\n[[objective]]\r\nid = \"o\"\r\n\r\n  [[objective.key_result]]\r\n  id = \"k\"\r\n  target = 10   # agreed\r\n";
        let e = set_in_text(text, "k", "target", &parse_value("12")).unwrap();
        assert_eq!(e.text, text.replace("10   #", "12   #"));
        assert_eq!(e.old.unwrap().to_string(), "10");
        let e = set_in_text(text, "k", "weight", &parse_value("2")).unwrap();
        assert_eq!(
            e.text,
            text.replace("# agreed\r\n", "# agreed\r\n  weight = 2\r\n")
        );
        let inline = "bet = [{ id = \"b\", title = \"B\" }]\n";
        let e = set_in_text(inline, "b", "owner", &parse_value("ana")).unwrap();
        assert_eq!(
            e.text,
            "bet = [{ id = \"b\", title = \"B\", owner = \"ana\" }]\n"
        );
        assert_eq!(
            set_in_text(text, "x", "target", &parse_value("1"))
                .unwrap_err()
                .message,
            "no entity with id `x` in this file"
        );
    }

    #[test]
    fn the_diff_shows_hunks_with_three_lines_of_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\n";
        let new = "a\nb\nc\nd\nE\nf\ng\n";
        assert_eq!(
            unified_diff("p.toml", old, new),
            "--- a/p.toml\n+++ b/p.toml\n@@ -2,6 +2,6 @@\n b\n c\n d\n-e\n+E\n f\n g\n"
        );
        // Two changes more than six lines apart are two hunks; a last line without a
        // newline is marked; a one-line range still reads `start,len`.
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10";
        let new = "one\n2\n3\n4\n5\n6\n7\n8\n9\nten";
        assert_eq!(
            unified_diff("p.toml", old, new),
            "--- a/p.toml\n+++ b/p.toml\n@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n\
             @@ -7,4 +7,4 @@\n 7\n 8\n 9\n-10\n\\ No newline at end of file\n+ten\n\\ No newline at end of file\n"
        );
        assert_eq!(
            unified_diff("p.toml", "a\x1b[2J\n", "b\n"),
            "--- a/p.toml\n+++ b/p.toml\n@@ -1,1 +1,1 @@\n-a[2J\n+b\n"
        );
        assert_eq!(unified_diff("p.toml", "same\n", "same\n"), "");
    }
}
