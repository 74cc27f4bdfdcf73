//! The TOML document a write edits: finding an entity's table by its id ([`find_entity`],
//! [`find_entity_mut`]), and building the `[[key]]` block a write appends ([`block`]), with
//! the values it holds written as TOML writes them (dates bare, whole numbers as integers).

use chrono::{Datelike, NaiveDate};
use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike, Value};

/// The sections holding entities with ids, in the order they are searched.
pub(crate) const SECTIONS: &[&str] = &[
    "north_star",
    "metric",
    "pillar",
    "objective",
    "initiative",
    "bet",
    "team",
    "cycle",
];

/// The table of one entity in a document: a table (`[north_star]`, an entry of `[[pillar]]`,
/// `[[objective.key_result]]`, …) or an inline table of an inline array (`bet = [{ … }]`).
#[derive(Clone, Copy)]
pub(crate) enum Entity<'d> {
    /// A table with a header of its own.
    Table(&'d Table),
    /// An inline table.
    Inline(&'d InlineTable),
}

impl<'d> Entity<'d> {
    /// The item under `key`.
    pub(crate) fn get(self, key: &str) -> Option<&'d Item> {
        match self {
            Entity::Table(t) => t.get(key),
            Entity::Inline(t) => TableLike::get(t, key),
        }
    }

    /// Its keys and items, in file order.
    pub(crate) fn iter(self) -> Box<dyn Iterator<Item = (&'d str, &'d Item)> + 'd> {
        match self {
            Entity::Table(t) => Box::new(t.iter()),
            Entity::Inline(t) => Box::new(TableLike::iter(t)),
        }
    }

    /// Whether it is an inline table.
    pub(crate) fn is_inline(self) -> bool {
        matches!(self, Entity::Inline(_))
    }

    /// Where it stands in the text it was parsed from: a table's header, an inline
    /// table's braces.
    pub(crate) fn span(self) -> Option<std::ops::Range<usize>> {
        match self {
            Entity::Table(t) => t.span(),
            Entity::Inline(t) => t.span(),
        }
    }

    /// Its `id`, when it has a string one.
    fn id(self) -> Option<&'d str> {
        self.get("id").and_then(Item::as_str)
    }
}

/// The table of one entity, to edit: see [`Entity`].
pub(crate) enum EntityMut<'d> {
    /// A table with a header of its own.
    Table(&'d mut Table),
    /// An inline table.
    Inline(&'d mut InlineTable),
}

impl EntityMut<'_> {
    /// The table, whatever its form.
    pub(crate) fn table_like(&mut self) -> &mut dyn TableLike {
        match self {
            EntityMut::Table(t) => *t,
            EntityMut::Inline(t) => *t,
        }
    }
}

/// Where an entity stands in a document: its section, its place among the section's
/// entries ([`entries`]) and, for a key result, its place among its objective's.
#[derive(Clone, Copy)]
struct Place {
    section: &'static str,
    entry: usize,
    key_result: Option<usize>,
}

/// The entity `id` among the sections of `root` ([`SECTIONS`], key results inside
/// objectives): the first entity of a section with that id, else the first key result.
#[must_use]
pub(crate) fn find_entity<'d>(root: &'d Table, id: &str) -> Option<Entity<'d>> {
    let place = locate(root, id)?;
    let entity = entries(root.get(place.section)?)
        .into_iter()
        .nth(place.entry)?;
    match place.key_result {
        None => Some(entity),
        Some(k) => entries(entity.get("key_result")?).into_iter().nth(k),
    }
}

/// [`find_entity`], to edit the entity in place.
#[must_use]
pub(crate) fn find_entity_mut<'d>(root: &'d mut Table, id: &str) -> Option<EntityMut<'d>> {
    let place = locate(root, id)?;
    let entity = nth_entry_mut(root.get_mut(place.section)?, place.entry)?;
    match (place.key_result, entity) {
        (None, entity) => Some(entity),
        (Some(k), EntityMut::Table(t)) => nth_entry_mut(t.get_mut("key_result")?, k),
        (Some(k), EntityMut::Inline(t)) => nth_entry_mut(TableLike::get_mut(t, "key_result")?, k),
    }
}

/// The one search behind [`find_entity`] and [`find_entity_mut`].
fn locate(root: &Table, id: &str) -> Option<Place> {
    let mut key_result = None;
    for section in SECTIONS {
        let Some(item) = root.get(section) else {
            continue;
        };
        for (entry, e) in entries(item).into_iter().enumerate() {
            if e.id() == Some(id) {
                return Some(Place {
                    section,
                    entry,
                    key_result: None,
                });
            }
            if *section == "objective"
                && key_result.is_none()
                && let Some(krs) = e.get("key_result")
            {
                key_result = entries(krs)
                    .into_iter()
                    .position(|k| k.id() == Some(id))
                    .map(|k| Place {
                        section,
                        entry,
                        key_result: Some(k),
                    });
            }
        }
    }
    key_result
}

/// The tables of an item: a table, an array of tables, or the inline tables of an inline
/// array (or one inline table).
#[must_use]
pub(crate) fn entries(item: &Item) -> Vec<Entity<'_>> {
    match item {
        Item::Table(t) => vec![Entity::Table(t)],
        Item::ArrayOfTables(a) => a.iter().map(Entity::Table).collect(),
        Item::Value(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_inline_table)
            .map(Entity::Inline)
            .collect(),
        Item::Value(Value::InlineTable(t)) => vec![Entity::Inline(t)],
        _ => Vec::new(),
    }
}

/// Entry `n` of [`entries`], to edit.
fn nth_entry_mut(item: &mut Item, n: usize) -> Option<EntityMut<'_>> {
    match item {
        Item::Table(t) if n == 0 => Some(EntityMut::Table(t)),
        Item::ArrayOfTables(a) => a.get_mut(n).map(EntityMut::Table),
        Item::Value(Value::Array(a)) => a
            .iter_mut()
            .filter_map(Value::as_inline_table_mut)
            .nth(n)
            .map(EntityMut::Inline),
        Item::Value(Value::InlineTable(t)) if n == 0 => Some(EntityMut::Inline(t)),
        _ => None,
    }
}

/// `table` as a `[[key]]` block (`key` may be dotted: `objective.key_result`), serialized
/// by `toml_edit` so every string is escaped correctly: `\n` line endings, ending in a
/// newline.
#[must_use]
pub fn block(key: &str, table: Table) -> String {
    let mut tables = ArrayOfTables::new();
    tables.push(table);
    nested(key, Item::ArrayOfTables(tables))
}

/// `table` as a `[key]` block (a table of its own, such as `[north_star]`): see [`block`].
#[must_use]
pub fn table_block(key: &str, table: Table) -> String {
    nested(key, Item::Table(table))
}

/// A document holding `item` at the dotted path `key`, its parents implicit (no header of
/// their own).
fn nested(key: &str, item: Item) -> String {
    let mut parts: Vec<&str> = key.split('.').collect();
    let mut item = item;
    while parts.len() > 1 {
        let last = parts.pop().unwrap_or_default();
        let mut parent = Table::new();
        parent.set_implicit(true);
        parent.insert(last, item);
        item = Item::Table(parent);
    }
    let mut doc = DocumentMut::new();
    doc.insert(parts[0], item);
    doc.to_string()
}

/// A table of `keys`, each `(key, TOML value text)`, in order; every value kept as written
/// (`2.50` stays `2.50`, a string keeps its quotes).
///
/// Errors: a text is not one TOML value (the caller wrote it wrongly).
pub fn table_of(keys: &[(&str, String)]) -> Result<Table, crate::refusal::Refusal> {
    let mut table = Table::new();
    for (key, text) in keys {
        let mut value: Value = text.parse().map_err(|e| {
            crate::refusal::Refusal::new(format!("cannot write `{key} = {text}`: {e}"))
                .help("please report this to northstar's maintainers")
        })?;
        value.decor_mut().clear();
        table.insert(key, Item::Value(value));
    }
    Ok(table)
}

/// `table` with its header indented by `header` and each key by `keys`.
pub fn indent(table: &mut Table, header: &str, keys: &str) {
    table.decor_mut().set_prefix(header);
    let names: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
    for name in names {
        if let Some(mut key) = table.key_mut(&name) {
            key.leaf_decor_mut().set_prefix(keys);
        }
    }
}

/// `table` as an inline table on one line: `{ id = "…", key = value }`.
#[must_use]
pub fn inline(table: Table) -> String {
    let mut inline = table.into_inline_table();
    for (mut key, _) in inline.iter_mut() {
        key.leaf_decor_mut().clear();
    }
    let mut value = Value::InlineTable(inline);
    value.decor_mut().clear();
    value.to_string()
}

/// A chrono date as a bare TOML date (`2026-11-20`).
#[must_use]
pub fn toml_date(date: NaiveDate) -> toml_edit::Datetime {
    toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: u16::try_from(date.year()).unwrap_or(0),
            month: u8::try_from(date.month()).unwrap_or(0),
            day: u8::try_from(date.day()).unwrap_or(0),
        }),
        time: None,
        offset: None,
    }
}

/// A number as TOML: whole numbers as integers (`40`, not `40.0`).
#[must_use]
pub fn number(n: f64) -> Item {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        toml_edit::value(format!("{n:.0}").parse::<i64>().unwrap_or(0))
    } else {
        toml_edit::value(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_entities_in_every_form_and_key_results_last() {
        let text = "bet = [{ id = \"b\" }]\n\n[north_star]\nid = \"ns\"\n\n[[objective]]\nid = \"o\"\n\n[[objective.key_result]]\nid = \"k\"\n\n[[objective]]\nid = \"p\"\nkey_result = [{ id = \"l\" }]\n";
        let mut doc: DocumentMut = text.parse().unwrap();
        for (id, inline) in [
            ("ns", false),
            ("o", false),
            ("k", false),
            ("l", true),
            ("b", true),
        ] {
            let found = find_entity(doc.as_table(), id).unwrap();
            assert_eq!((found.id(), found.is_inline()), (Some(id), inline));
            let mut found = find_entity_mut(doc.as_table_mut(), id).unwrap();
            assert_eq!(
                found.table_like().get("id").and_then(Item::as_str),
                Some(id)
            );
        }
        assert!(find_entity(doc.as_table(), "zz").is_none());
        assert!(find_entity_mut(doc.as_table_mut(), "zz").is_none());
    }

    #[test]
    fn a_block_holds_one_table_and_whole_numbers_stay_whole() {
        let mut t = Table::new();
        t.insert("id", toml_edit::value("a \"b\""));
        t.insert("n", number(40.0));
        t.insert("x", number(2.5));
        t.insert(
            "d",
            toml_edit::value(toml_date(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap())),
        );
        assert_eq!(
            block("checkin", t),
            "[[checkin]]\nid = 'a \"b\"'\nn = 40\nx = 2.5\nd = 2026-11-02\n"
        );
    }
}
