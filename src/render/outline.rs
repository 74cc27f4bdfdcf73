//! An outline of headings, paragraphs and tables, and its printer: as terminal text (tables
//! drawn and fitted by the table renderer) or as GitHub-flavoured Markdown. The review
//! packet ([`crate::render::review::outline`]) and `diff` ([`crate::render::diff::outline`])
//! are outlines; the HTML packet prints the review's closing blocks itself. All user text
//! is clipped and escaped here, in both formats.

use std::io::{self, Write};

use comfy_table::presets::ASCII_MARKDOWN;
use comfy_table::{ContentArrangement, Table};

use super::markdown::escape as md;
use super::table::TableRenderer;
use super::text::{PROSE_CHARS, clip};
use crate::text::sanitize;

/// One piece of an outline.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading of level 1–3.
    Heading(u8, String),
    /// A paragraph.
    Para(String),
    /// A table: header and rows of plain text.
    Table(Vec<String>, Vec<Vec<String>>),
    /// A pillar's objectives and key results: header, then rows whose first cell is a
    /// [`Label`] (an id set apart from its title) and whose other cells are plain text.
    Goals(Vec<String>, Vec<(Label, Vec<String>)>),
}

/// The first cell of an objective's or a key result's row: where it sits in the tree, its
/// id and its title, and for an objective the note after them (owners; kind).
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// The tree's indentation before the id, `└` included ([`crate::render::review::objective_indent`],
    /// [`crate::render::review::key_result_indent`]).
    pub indent: String,
    /// A key result (written behind `↳`), else an objective.
    pub key_result: bool,
    pub id: String,
    pub title: String,
    /// `(ana; committed, met at 1.0)` after an objective's title.
    pub note: Option<String>,
}

impl Label {
    /// The label as plain text: `  ↳ lead-time Median lead time`, or
    /// `└ fewer-pages On-call is sustainable (dmitri; committed, met at 1.0)`.
    pub(crate) fn plain(&self) -> String {
        self.with_id(&self.id, &self.title)
    }

    /// The label with `id` and `title` as given (escaped, or marked up, by the caller).
    fn with_id(&self, id: &str, title: &str) -> String {
        let marker = if self.key_result { "  ↳ " } else { "" };
        let note = self
            .note
            .as_ref()
            .map_or_else(String::new, |n| format!(" {n}"));
        format!("{}{marker}{id} {title}{note}", self.indent)
    }
}

/// A Markdown pipe table of plain-text cells, each clipped to [`PROSE_CHARS`] (a cell may
/// hold an id, a title and an owner) and escaped.
fn markdown_table(header: &[String], rows: &[Vec<String>]) -> Table {
    let clean = |s: &String| cell(s, true);
    table_of(
        header.iter().map(clean).collect(),
        rows.iter().map(|row| row.iter().map(clean).collect()),
    )
}

/// One plain-text cell clipped to [`PROSE_CHARS`] and, in Markdown, escaped with its
/// indentation kept.
fn cell(text: &str, markdown: bool) -> String {
    let s = clip(text, PROSE_CHARS);
    if markdown { indent_kept(&md(&s)) } else { s }
}

/// A pillar's rows: each row's [`Label`] first, its id in Markdown as inline code set
/// apart from the escaped title (`` ↳ `lead-time` Median lead time ``), then the cells.
fn goal_rows(rows: &[(Label, Vec<String>)], markdown: bool) -> Vec<Vec<String>> {
    let label = |l: &Label| {
        let id = clip(&l.id, PROSE_CHARS);
        let title = clip(&l.title, PROSE_CHARS);
        let note = l.note.as_deref().map(|n| clip(n, PROSE_CHARS));
        if markdown {
            let escaped = Label {
                note: note.as_deref().map(md),
                ..l.clone()
            };
            indent_kept(&escaped.with_id(&super::markdown::code(&id), &md(&title)))
        } else {
            Label {
                id,
                title,
                note,
                ..l.clone()
            }
            .plain()
        }
    };
    rows.iter()
        .map(|(l, cells)| {
            std::iter::once(label(l))
                .chain(cells.iter().map(|c| cell(c, markdown)))
                .collect()
        })
        .collect()
}

/// A Markdown pipe table of cells already clipped and escaped.
fn table_of(header: Vec<String>, rows: impl Iterator<Item = Vec<String>>) -> Table {
    let mut t = Table::new();
    t.load_style(ASCII_MARKDOWN);
    t.set_content_arrangement(ContentArrangement::Disabled);
    t.force_no_tty();
    t.set_header(header);
    for row in rows {
        t.add_row(row);
    }
    t
}

/// A Markdown cell whose leading spaces (the tree's indentation) are `&nbsp;`: a pipe
/// table trims a cell's spaces, so they would not show once rendered.
fn indent_kept(cell: &str) -> String {
    let text = cell.trim_start_matches(' ');
    "&nbsp;".repeat(cell.len() - text.len()) + text
}

/// How an outline prints.
#[derive(Debug, Clone, Copy)]
pub enum Outline<'t> {
    /// Terminal text: underlined headings, paragraphs folded to the width, tables as the
    /// report tables are (style and width from the renderer).
    Text(&'t TableRenderer),
    /// GitHub-flavoured Markdown: `#` headings, pipe tables, escaped text, no width.
    Markdown,
}

/// Prints an outline as terminal text or as Markdown (see [`Outline`]).
pub fn print_outline(blocks: &[Block], out: &mut dyn Write, how: Outline<'_>) -> io::Result<()> {
    let mut previous: Option<&Block> = None;
    for block in blocks {
        // Borderless tables stand a blank line apart from the text and tables around them.
        let table = |b: &Block| matches!(b, Block::Table(..) | Block::Goals(..));
        if let (Outline::Text(_), Some(before)) = (how, previous) {
            let apart = match block {
                Block::Table(..) | Block::Goals(..) => !matches!(before, Block::Heading(..)),
                Block::Para(_) => table(before),
                Block::Heading(..) => false,
            };
            if apart {
                writeln!(out)?;
            }
        }
        previous = Some(block);
        match (block, how) {
            (Block::Heading(level, h), Outline::Markdown) => {
                writeln!(out, "{} {}\n", "#".repeat(usize::from(*level)), md(h))?;
            }
            (Block::Heading(level, h), Outline::Text(t)) => {
                let h = t.fold_line(&sanitize(h));
                let rule = if *level == 1 { "═" } else { "─" };
                let under = rule.repeat(super::layout::text_width(&h));
                if *level == 1 {
                    writeln!(out, "{h}\n{under}")?;
                } else {
                    writeln!(out, "\n{h}\n{under}")?;
                }
            }
            (Block::Para(p), Outline::Markdown) => writeln!(out, "{}\n", md(p))?,
            (Block::Para(p), Outline::Text(t)) => writeln!(out, "{}", t.fold_line(&sanitize(p)))?,
            (Block::Table(h, rows), Outline::Markdown) => {
                writeln!(out, "{}\n", markdown_table(h, rows))?;
            }
            (Block::Table(h, rows), Outline::Text(t)) => {
                let rows: Vec<Vec<String>> = rows
                    .iter()
                    .map(|row| row.iter().map(|c| cell(c, false)).collect())
                    .collect();
                t.write_table(out, t.plain_table(h, &rows))?;
            }
            (Block::Goals(h, rows), Outline::Markdown) => {
                let header = h.iter().map(|h| cell(h, true)).collect();
                let table = table_of(header, goal_rows(rows, true).into_iter());
                writeln!(out, "{table}\n")?;
            }
            (Block::Goals(h, rows), Outline::Text(t)) => {
                t.write_table(out, t.plain_table(h, &goal_rows(rows, false)))?;
            }
        }
    }
    Ok(())
}
