//! `remove`'s text edit: an entity's table taken out of a plan file's text, and nothing
//! else. The bytes removed run from the start of the table's header line to the end of the
//! line of its last value (its key results' and sub-tables' included), with one of the
//! blank lines around it, so the tables before and after stay one blank line apart.
//! Comments above the header stay where they are: they are not the table's.

use crate::refusal::Refusal;
use crate::write::add::last_value_end;
use crate::write::append::line_ending;
use crate::write::document::{Entity, SECTIONS, find_entity};

/// `text` without the table of entity `id` (a `[north_star]`, an entry of an array of
/// tables such as `[[pillar]]`, or an `[[objective.key_result]]`); see the module docs.
///
/// Returns the new text and the byte range of `text` taken out. Whatever is returned was
/// parsed back: it reads as `text` read with that entity (and only it) taken out.
///
/// Errors: the text is not TOML; no entity `id` in it; the entity is an inline table
/// (`key_result = [{ … }]`); its table is not one run of lines (a sub-table written
/// elsewhere in the file).
pub fn remove_table(text: &str, id: &str) -> Result<(String, std::ops::Range<usize>), Refusal> {
    let doc = toml_edit::Document::parse(text)
        .map_err(|e| Refusal::new(format!("cannot edit the file: {e}")))?;
    let table = match find_entity(doc.as_table(), id) {
        None => {
            return Err(Refusal::new(format!(
                "no entity with id `{id}` in this file"
            )));
        }
        Some(Entity::Inline(_)) => {
            return Err(Refusal::new(format!(
                "`{id}` is an inline table; `remove` takes out `[[…]]` tables"
            ))
            .help("remove it from its inline array by hand"));
        }
        Some(Entity::Table(t)) => t,
    };
    let header = table
        .span()
        .ok_or_else(|| Refusal::new(format!("cannot locate the table of `{id}`")))?;
    let mut start = text[..header.start].rfind('\n').map_or(0, |i| i + 1);
    let last = last_value_end(table).unwrap_or(header.end).max(header.end);
    let mut end = text[last..].find('\n').map_or(text.len(), |i| last + i + 1);
    // One of the blank lines around it goes with it.
    let eol = line_ending(text);
    if text[end..].starts_with(eol) {
        end += eol.len();
    } else if text[..start].ends_with(&format!("{eol}{eol}")) {
        start -= eol.len();
    }
    let out = format!("{}{}", &text[..start], &text[end..]);
    check_removed(text, &out, id)?;
    Ok((out, start..end))
}

/// Whether `after` reads as `before` with entity `id` taken out and nothing else.
fn check_removed(before: &str, after: &str, id: &str) -> Result<(), Refusal> {
    let not_alone = || {
        Refusal::new(format!(
            "the table of `{id}` is not one run of lines in this file, so it cannot be taken out alone"
        ))
        .help("remove it by hand")
    };
    let mut expected: toml::Table = before.parse().map_err(|_| not_alone())?;
    let actual: toml::Table = after.parse().map_err(|_| not_alone())?;
    let is_it = |v: &toml::Value| v.get("id").and_then(toml::Value::as_str) == Some(id);
    for section in SECTIONS {
        match expected.get_mut(*section) {
            Some(toml::Value::Table(t))
                if t.get("id").and_then(toml::Value::as_str) == Some(id) =>
            {
                expected.remove(*section);
            }
            Some(toml::Value::Array(entries)) => {
                entries.retain(|e| !is_it(e));
                if *section == "objective" {
                    for o in entries.iter_mut() {
                        let Some(o) = o.as_table_mut() else { continue };
                        if let Some(toml::Value::Array(krs)) = o.get_mut("key_result") {
                            krs.retain(|k| !is_it(k));
                            if krs.is_empty() {
                                o.remove("key_result");
                            }
                        }
                    }
                }
                if entries.is_empty() {
                    expected.remove(*section);
                }
            }
            _ => {}
        }
    }
    if expected == actual {
        Ok(())
    } else {
        Err(not_alone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# plan\n[[pillar]]\nid = \"p\"\nname = \"P\"\n\n[[objective]]\nid = \"a\"\ntitle = \"A\"\n\n# the first\n[[objective.key_result]]\nid = \"k\"\ntarget = 1  # agreed\n\n[[objective.key_result]]\nid = \"l\"\n\n[[objective]]\nid = \"b\"\n";

    #[test]
    fn only_the_tables_lines_and_one_blank_line_go() {
        assert_eq!(
            remove_table(TEXT, "k").unwrap().0,
            TEXT.replace(
                "[[objective.key_result]]\nid = \"k\"\ntarget = 1  # agreed\n\n",
                ""
            )
        );
        // An objective goes with its key results.
        assert_eq!(
            remove_table(TEXT, "a").unwrap().0,
            "# plan\n[[pillar]]\nid = \"p\"\nname = \"P\"\n\n[[objective]]\nid = \"b\"\n"
        );
        // The last table of the file: the blank line before it goes.
        assert_eq!(
            remove_table(TEXT, "b").unwrap().0,
            TEXT.replace("\n[[objective]]\nid = \"b\"\n", "")
        );
        // CRLF.
        let crlf = TEXT.replace('\n', "\r\n");
        assert_eq!(
            remove_table(&crlf, "l").unwrap().0,
            crlf.replace("[[objective.key_result]]\r\nid = \"l\"\r\n\r\n", "")
        );
    }

    #[test]
    fn an_inline_or_scattered_table_is_refused() {
        let inline = "[[objective]]\nid = \"a\"\nkey_result = [{ id = \"k\" }]\n";
        assert_eq!(
            remove_table(inline, "k").unwrap_err().message,
            "`k` is an inline table; `remove` takes out `[[…]]` tables"
        );
        assert_eq!(
            remove_table(TEXT, "zz").unwrap_err().message,
            "no entity with id `zz` in this file"
        );
    }
}
