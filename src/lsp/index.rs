//! The id index: every `id = "…"` that defines an entity and every value that names one
//! (a pillar, a team, a parent, a `measured_by`, a check-in's `metric`, a `[[change]]`'s
//! `id`, …), with its file and byte span, read from each file's text with the TOML
//! parser's error recovery, so a file with a syntax error still has the ids around it.
//!
//! Ids share one namespace across the plan (`duplicate-id`), so a reference is resolved by
//! its string alone.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{FileId, Sources};

/// What an id defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `[north_star]`.
    NorthStar,
    /// `[[metric]]`.
    Metric,
    /// `[[pillar]]`.
    Pillar,
    /// `[[team]]`.
    Team,
    /// `[[cycle]]`.
    Cycle,
    /// `[[objective]]`.
    Objective,
    /// `[[objective.key_result]]`.
    KeyResult,
    /// `[[initiative]]`.
    Initiative,
    /// `[[bet]]`.
    Bet,
}

impl Kind {
    /// The kind in words, as `show` names it.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Kind::NorthStar => "north star",
            Kind::Metric => "metric",
            Kind::Pillar => "pillar",
            Kind::Team => "team",
            Kind::Cycle => "cycle",
            Kind::Objective => "objective",
            Kind::KeyResult => "key result",
            Kind::Initiative => "initiative",
            Kind::Bet => "bet",
        }
    }
}

/// One `id = "…"` defining an entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    /// The id.
    pub id: String,
    /// What it defines.
    pub kind: Kind,
    /// Its `title` or `name`, when it has one.
    pub name: Option<String>,
    /// The file it stands in.
    pub file: FileId,
    /// The id's value, quotes included (bytes).
    pub span: Range<usize>,
    /// Its whole table, from its header to its last value (bytes).
    pub table: Range<usize>,
    /// For a key result, its objective's definition (an index into
    /// [`Index::definitions`]); for an objective, its pillar's id.
    pub parent: Option<Parent>,
}

/// What a definition stands under in the outline.
#[derive(Debug, Clone, PartialEq)]
pub enum Parent {
    /// The definition at this index (a key result's objective).
    Definition(usize),
    /// The entity this id names (an objective's pillar).
    Named(String),
}

/// One value naming an id.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The id named.
    pub id: String,
    /// The key naming it (`pillar`, `measured_by`, `metric`, …).
    pub key: &'static str,
    /// The top-level table it stands in (`objective`, `checkin`, `change`, …).
    pub table: &'static str,
    /// The file it stands in.
    pub file: FileId,
    /// The value, quotes included (bytes).
    pub span: Range<usize>,
}

/// Every definition and reference of a plan's files, in file and source order.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// The definitions.
    pub definitions: Vec<Definition>,
    /// The references.
    pub references: Vec<Reference>,
    /// Where each file's definitions and references stand in the two lists, by file.
    files: Vec<(Range<usize>, Range<usize>)>,
}

/// What a position in a file stands on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Hit<'a> {
    /// An id's definition.
    Definition(&'a Definition),
    /// A reference to an id.
    Reference(&'a Reference),
}

impl Hit<'_> {
    /// The id it names.
    #[must_use]
    pub fn id(&self) -> &str {
        match self {
            Hit::Definition(d) => &d.id,
            Hit::Reference(r) => &r.id,
        }
    }
}

/// The keys of an entity's table that name ids.
const OBJECTIVE_KEYS: &[&str] = &["pillar", "team", "parent", "parents", "period", "quarter"];
const INITIATIVE_KEYS: &[&str] = &["pillar", "team", "drives", "period", "quarter"];
const BET_KEYS: &[&str] = &["pillar", "team", "metric"];

impl Index {
    /// The index of every file of `sources`.
    #[cfg(test)]
    #[must_use]
    pub fn build(sources: &Sources) -> Self {
        Self::rebuild(sources, &Index::default(), &Sources::default())
    }

    /// [`Index::build`], reusing what `old` (the index of `old_sources`) says of each file
    /// whose path and text are unchanged: after a keystroke, one file is parsed again, not
    /// the whole plan.
    #[must_use]
    pub fn rebuild(sources: &Sources, old: &Index, old_sources: &Sources) -> Self {
        let mut index = Index::default();
        for (i, file) in sources.files().iter().enumerate() {
            let (definitions, references) = (index.definitions.len(), index.references.len());
            let same = old_sources
                .files()
                .iter()
                .position(|f| f.path == file.path && f.text == file.text)
                .and_then(|j| old.files.get(j).cloned());
            if let Some((old_definitions, old_references)) = same {
                index.copy(FileId(i), old, old_definitions, old_references);
            } else {
                let (root, _errors) = DeTable::parse_recoverable(&file.text);
                index.file(FileId(i), root.get_ref());
            }
            index.files.push((
                definitions..index.definitions.len(),
                references..index.references.len(),
            ));
        }
        index
    }

    /// Appends one file's definitions and references from `old`, as file `file`.
    fn copy(
        &mut self,
        file: FileId,
        old: &Index,
        definitions: Range<usize>,
        references: Range<usize>,
    ) {
        let shift = |p: usize| p - definitions.start + self.definitions.len();
        let copied: Vec<Definition> = old.definitions[definitions.clone()]
            .iter()
            .map(|d| {
                let parent = match &d.parent {
                    Some(Parent::Definition(p)) => Some(Parent::Definition(shift(*p))),
                    other => other.clone(),
                };
                Definition {
                    file,
                    parent,
                    ..d.clone()
                }
            })
            .collect();
        self.definitions.extend(copied);
        let copied = old.references[references]
            .iter()
            .map(|r| Reference { file, ..r.clone() });
        self.references.extend(copied);
    }

    /// The definition of `id`, the first when it is defined twice.
    #[must_use]
    pub fn definition(&self, id: &str) -> Option<&Definition> {
        self.definitions.iter().find(|d| d.id == id)
    }

    /// Every reference to `id`.
    pub fn references<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Reference> {
        self.references.iter().filter(move |r| r.id == id)
    }

    /// What byte `offset` of `file` stands on (the span's end included, where an editor's
    /// cursor stands after the closing quote).
    #[must_use]
    pub fn at(&self, file: FileId, offset: usize) -> Option<Hit<'_>> {
        let on = |f: FileId, span: &Range<usize>| {
            f == file && span.start <= offset && offset <= span.end
        };
        if let Some(d) = self.definitions.iter().find(|d| on(d.file, &d.span)) {
            return Some(Hit::Definition(d));
        }
        self.references
            .iter()
            .find(|r| on(r.file, &r.span) && self.definition(&r.id).is_some())
            .map(Hit::Reference)
    }

    /// Indexes one file's root table, in source order (the parser's tables are ordered by
    /// key).
    fn file(&mut self, file: FileId, root: &DeTable<'_>) {
        let (definitions, references) = (self.definitions.len(), self.references.len());
        self.file_unordered(file, root);
        self.references[references..].sort_by_key(|r| r.span.start);
        let mut order: Vec<usize> = (definitions..self.definitions.len()).collect();
        order.sort_by_key(|&i| self.definitions[i].span.start);
        let mut moved = vec![0; self.definitions.len()];
        for (to, &from) in order.iter().enumerate() {
            moved[from] = definitions + to;
        }
        let mut sorted: Vec<Definition> =
            order.iter().map(|&i| self.definitions[i].clone()).collect();
        for d in &mut sorted {
            if let Some(Parent::Definition(p)) = &mut d.parent {
                *p = moved[*p];
            }
        }
        self.definitions.truncate(definitions);
        self.definitions.extend(sorted);
    }

    /// [`Index::file`], in the parser's order.
    fn file_unordered(&mut self, file: FileId, root: &DeTable<'_>) {
        for (key, value) in root {
            let tables = tables(value);
            match key.get_ref().as_ref() {
                "north_star" => self.entities(file, tables, Kind::NorthStar, &[]),
                "metric" => self.entities(file, tables, Kind::Metric, &[]),
                "pillar" => self.entities(file, tables, Kind::Pillar, &["inputs"]),
                "team" => self.entities(file, tables, Kind::Team, &["parent"]),
                "cycle" => self.entities(file, tables, Kind::Cycle, &[]),
                "objective" => self.objectives(file, tables),
                "initiative" => self.entities(file, tables, Kind::Initiative, INITIATIVE_KEYS),
                "bet" => self.bets(file, tables),
                "checkin" => {
                    for (table, _) in tables {
                        self.refer(file, table, "checkin", &["metric"]);
                    }
                }
                "change" => {
                    for (table, _) in tables {
                        self.refer(file, table, "change", &["id"]);
                    }
                }
                _ => {}
            }
        }
    }

    /// Defines each of `tables` as a `kind`, and indexes its `keys`' references.
    fn entities(
        &mut self,
        file: FileId,
        tables: Vec<(&DeTable<'_>, Range<usize>)>,
        kind: Kind,
        keys: &[&'static str],
    ) {
        let root = match kind {
            Kind::NorthStar => "north_star",
            Kind::Metric => "metric",
            Kind::Pillar => "pillar",
            Kind::Team => "team",
            Kind::Cycle => "cycle",
            Kind::Objective | Kind::KeyResult => "objective",
            Kind::Initiative => "initiative",
            Kind::Bet => "bet",
        };
        for (table, span) in tables {
            self.define(file, table, span, kind, None);
            self.refer(file, table, root, keys);
        }
    }

    /// Objectives, their key results and their references.
    fn objectives(&mut self, file: FileId, objectives: Vec<(&DeTable<'_>, Range<usize>)>) {
        for (table, span) in objectives {
            let pillar = string(table, "pillar").map(|(id, _)| Parent::Named(id));
            let objective = self.define(file, table, span, Kind::Objective, pillar);
            self.refer(file, table, "objective", OBJECTIVE_KEYS);
            if let Some(krs) = table.get("key_result") {
                for (kr, span) in self::tables(krs) {
                    let parent = objective.map(Parent::Definition);
                    self.define(file, kr, span, Kind::KeyResult, parent);
                    self.refer(file, kr, "objective", &["measured_by"]);
                }
            }
        }
    }

    /// Bets, their references and their criteria's metrics.
    fn bets(&mut self, file: FileId, tables: Vec<(&DeTable<'_>, Range<usize>)>) {
        for (table, span) in tables {
            self.define(file, table, span, Kind::Bet, None);
            self.refer(file, table, "bet", BET_KEYS);
            for criterion in ["kill_when", "succeed_when"] {
                for (inner, _) in tables_of(table.get(criterion)) {
                    self.refer(file, inner, "bet", &["metric"]);
                }
            }
        }
    }

    /// Adds the definition of `table`'s `id`, if it has one; returns its index.
    fn define(
        &mut self,
        file: FileId,
        table: &DeTable<'_>,
        span: Range<usize>,
        kind: Kind,
        parent: Option<Parent>,
    ) -> Option<usize> {
        let (id, id_span) = string(table, "id")?;
        let name = string(table, "title")
            .or_else(|| string(table, "name"))
            .map(|(n, _)| n);
        let end = table_end(table).max(span.end);
        self.definitions.push(Definition {
            id,
            kind,
            name,
            file,
            span: id_span,
            table: span.start..end,
            parent,
        });
        Some(self.definitions.len() - 1)
    }

    /// Adds the references of `table`'s `keys` (a string, or each string of an array), a
    /// table of the top-level table `root`.
    fn refer(
        &mut self,
        file: FileId,
        table: &DeTable<'_>,
        root: &'static str,
        keys: &[&'static str],
    ) {
        for &key in keys {
            let Some(value) = table.get(key) else {
                continue;
            };
            let mut push = |v: &Spanned<DeValue<'_>>| {
                if let DeValue::String(s) = v.get_ref() {
                    self.references.push(Reference {
                        id: s.to_string(),
                        key,
                        table: root,
                        file,
                        span: v.span(),
                    });
                }
            };
            match value.get_ref() {
                DeValue::Array(items) => items.iter().for_each(&mut push),
                _ => push(value),
            }
        }
    }
}

/// The tables of a value: itself when a table, each table of an array of tables.
fn tables<'a, 'i>(value: &'a Spanned<DeValue<'i>>) -> Vec<(&'a DeTable<'i>, Range<usize>)> {
    match value.get_ref() {
        DeValue::Table(t) => vec![(t, value.span())],
        DeValue::Array(items) => items
            .iter()
            .filter_map(|item| match item.get_ref() {
                DeValue::Table(t) => Some((t, item.span())),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Where the last key or value of `table` ends, nested tables included (a table's and an
/// array of tables' own spans end with their first header).
fn table_end(table: &DeTable<'_>) -> usize {
    table
        .iter()
        .map(|(k, v)| k.span().end.max(value_end(v)))
        .max()
        .unwrap_or(0)
}

/// Where `value` ends, nested tables included.
fn value_end(value: &Spanned<DeValue<'_>>) -> usize {
    let inner = match value.get_ref() {
        DeValue::Table(t) => table_end(t),
        DeValue::Array(items) => items.iter().map(value_end).max().unwrap_or(0),
        _ => 0,
    };
    value.span().end.max(inner)
}

/// [`tables`] of an optional value.
fn tables_of<'a, 'i>(
    value: Option<&'a Spanned<DeValue<'i>>>,
) -> Vec<(&'a DeTable<'i>, Range<usize>)> {
    value.map(tables).unwrap_or_default()
}

/// The string `key` of `table`, with its span.
fn string(table: &DeTable<'_>, key: &str) -> Option<(String, Range<usize>)> {
    let value = table.get(key)?;
    match value.get_ref() {
        DeValue::String(s) => Some((s.to_string(), value.span())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::diagnostic::SourceFile;

    fn sources(files: &[&str]) -> Sources {
        let mut sources = Sources::default();
        for (i, text) in files.iter().enumerate() {
            sources.add(SourceFile::new(
                PathBuf::from(format!("{i}.toml")),
                (*text).to_string(),
            ));
        }
        sources
    }

    const MAIN: &str = r#"[[pillar]]
id = "speed"
name = "Speed"
inputs = ["lead-time"]

[[metric]]
id = "lead-time"
name = "Lead time"

[[objective]]
id = "fast"
title = "Fast builds"
pillar = "speed"
team = ["platform"]

[[objective.key_result]]
id = "p95"
title = "p95 under 10 min"
measured_by = "lead-time"
"#;

    const TEAM: &str = r#"[[team]]
id = "platform"
name = "Platform"

[[bet]]
id = "cache"
title = "Remote cache"
metric = "p95"
kill_when = { metric = "lead-time", above = 60 }

[[checkin]]
metric = "p95"

[[change]]
id = "p95"
"#;

    #[test]
    fn definitions_and_references_with_exact_spans() {
        let index = Index::build(&sources(&[MAIN, TEAM]));
        let ids: Vec<(&str, Kind, Option<&str>)> = index
            .definitions
            .iter()
            .map(|d| (d.id.as_str(), d.kind, d.name.as_deref()))
            .collect();
        assert_eq!(
            ids,
            vec![
                ("speed", Kind::Pillar, Some("Speed")),
                ("lead-time", Kind::Metric, Some("Lead time")),
                ("fast", Kind::Objective, Some("Fast builds")),
                ("p95", Kind::KeyResult, Some("p95 under 10 min")),
                ("platform", Kind::Team, Some("Platform")),
                ("cache", Kind::Bet, Some("Remote cache")),
            ]
        );
        let p95 = index.definition("p95").unwrap();
        assert_eq!(&MAIN[p95.span.clone()], "\"p95\"");
        assert_eq!(p95.parent, Some(Parent::Definition(2)));
        assert_eq!(
            index.definition("fast").unwrap().parent,
            Some(Parent::Named("speed".to_string()))
        );
        let refs: Vec<(&str, &str, usize)> = index
            .references
            .iter()
            .map(|r| (r.id.as_str(), r.key, r.file.0))
            .collect();
        assert_eq!(
            refs,
            vec![
                ("lead-time", "inputs", 0),
                ("speed", "pillar", 0),
                ("platform", "team", 0),
                ("lead-time", "measured_by", 0),
                ("p95", "metric", 1),
                ("lead-time", "metric", 1),
                ("p95", "metric", 1),
                ("p95", "id", 1),
            ]
        );
        let checkin = TEAM.find("metric = \"p95\"\n\n[[change").unwrap() + 9;
        assert_eq!(
            index.at(FileId(1), checkin).map(|h| h.id().to_string()),
            Some("p95".to_string())
        );
        assert_eq!(index.references("p95").count(), 3);
    }

    #[test]
    fn a_rebuild_reuses_unchanged_files_and_reads_changed_ones() {
        let old_sources = sources(&[MAIN, TEAM]);
        let old = Index::build(&old_sources);
        // The team file first now, the main file changed.
        let changed = MAIN.replace("id = \"p95\"", "id = \"p99\"");
        let new_sources = sources(&[TEAM, &changed]);
        let rebuilt = Index::rebuild(&new_sources, &old, &old_sources);
        let fresh = Index::build(&new_sources);
        assert_eq!(rebuilt.definitions, fresh.definitions);
        assert_eq!(rebuilt.references, fresh.references);
        // Paths are by position in these sources: `0.toml` now holds TEAM, so nothing of
        // the old `0.toml` (MAIN) is reused for it, and the ids moved files.
        assert_eq!(rebuilt.definition("platform").unwrap().file, FileId(0));
        assert_eq!(
            rebuilt.definition("p99").unwrap().parent,
            Some(Parent::Definition(4))
        );
        // A reused file moved after a changed one with more ids: its key result's
        // objective shifts with it.
        let named = |files: &[(&str, &str)]| {
            let mut sources = Sources::default();
            for (path, text) in files {
                sources.add(SourceFile::new(PathBuf::from(path), (*text).to_string()));
            }
            sources
        };
        let before = named(&[("team.toml", TEAM), ("main.toml", MAIN)]);
        let grown = TEAM.replace("[[bet]]", "[[team]]\nid = \"infra\"\n\n[[bet]]");
        let after = named(&[("team.toml", &grown), ("main.toml", MAIN)]);
        let rebuilt = Index::rebuild(&after, &Index::build(&before), &before);
        let fresh = Index::build(&after);
        assert_eq!(rebuilt.definitions, fresh.definitions);
        assert_eq!(rebuilt.references, fresh.references);
        assert_eq!(
            rebuilt.definition("p95").unwrap().parent,
            Some(Parent::Definition(5))
        );
        // Unchanged sources: everything reused, the same index.
        let again = Index::rebuild(&old_sources, &old, &old_sources);
        assert_eq!(again.definitions, old.definitions);
        assert_eq!(again.references, old.references);
    }

    #[test]
    fn a_file_with_a_syntax_error_keeps_the_ids_around_it() {
        let broken = MAIN.replace("name = \"Lead time\"", "name = \"Lead time");
        let index = Index::build(&sources(&[&broken]));
        assert!(index.definition("speed").is_some());
        assert!(index.definition("p95").is_some());
    }
}
