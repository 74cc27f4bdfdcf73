//! GitHub-flavoured Markdown: headings and pipe tables (comfy-table's markdown preset) that
//! paste cleanly into a pull request, an issue or a wiki. User text is escaped so it stays
//! text: `|` cannot break a table, and `<`, `>`, `&` cannot open HTML.

use std::io::{self, Write};

use comfy_table::presets::ASCII_MARKDOWN;
use comfy_table::{CellAlignment, ContentArrangement, Table};

use super::columns::{self, Column, Level, Row};
use super::mix::Mix;
use super::sliced;
use super::text::{NAME_CHARS, PROSE_CHARS, bar, clip, period_progress, status_label};
use super::{Renderer, View};
use crate::analysis::history::LogRow;
use crate::analysis::report::Report;
use crate::text::{percent, sanitize};

/// Markdown output.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownRenderer;

/// User text made inert in Markdown: control characters dropped, newlines folded, and the
/// characters that would start a table cell, HTML or an entity escaped.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in sanitize(&text.replace(['\n', '\r'], " ")).chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '`' | '*' | '_' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn table(header: &[&str], right: &[usize]) -> Table {
    let mut t = Table::new();
    t.load_style(ASCII_MARKDOWN);
    t.set_content_arrangement(ContentArrangement::Disabled);
    t.force_no_tty();
    t.set_header(header.to_vec());
    for &c in right {
        if let Some(col) = t.column_mut(c) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

/// A pipe table of `columns` (those Markdown shows, [`columns::shown`]) holding `rows`.
fn grid<'r>(columns: &[Column], rows: impl IntoIterator<Item = Row<'r>>) -> Table {
    let rows: Vec<Row> = rows.into_iter().collect();
    grid_of(columns, &columns::shown(columns, &rows, true), &rows)
}

/// A pipe table of the `shown` ones of `columns` holding `rows`.
fn grid_of(columns: &[Column], shown: &[usize], rows: &[Row]) -> Table {
    let headers: Vec<&str> = shown.iter().map(|&i| columns[i].header).collect();
    let kept: Vec<Column> = shown.iter().map(|&i| columns[i]).collect();
    let mut t = table(&headers, &columns::right_aligned(&kept));
    for row in rows {
        debug_assert_eq!(row.cells.len(), columns.len(), "one cell per column");
        t.add_row(shown.iter().map(|&i| cell(row.level, &row.cells[i])));
    }
    t
}

/// The portfolio mix or the capacity allocation: `header` names the first two columns (the
/// class and its weeks), then each row's share, its target ± the tolerance, and whether it
/// is on target.
fn mix_table(header: [&str; 2], mix: &Mix) -> Table {
    let mut t = table(&[header[0], header[1], "Share", "Target", ""], &[1, 2, 3]);
    for row in &mix.rows {
        t.add_row(vec![
            row.name.clone(),
            row.weeks(),
            row.share(),
            mix.target(row),
            match row.within {
                Some(true) => "✔".into(),
                Some(false) => "✖ off target".into(),
                None => String::new(),
            },
        ]);
    }
    t
}

/// A key result's id as inline code (`` `lead-time` ``), set apart from its title. An id
/// with a character a code span cannot hold as written (a backtick, `|`, `<`, a space...)
/// is escaped text instead, so it stays inert.
pub(crate) fn code(id: &str) -> String {
    let plain = !id.is_empty()
        && id.chars().count() <= NAME_CHARS
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/'));
    if plain { format!("`{id}`") } else { name(id) }
}

/// A name in a table cell: clipped to [`NAME_CHARS`], then escaped.
fn name(text: &str) -> String {
    escape(&clip(text, NAME_CHARS))
}

/// How a cell reads in Markdown: ids in bold (key results' in code, behind `↳`), a bar in code beside
/// an objective's progress, stale and overdue spelled out, all user text clipped (names to
/// [`NAME_CHARS`], the rest to [`PROSE_CHARS`]) and escaped.
fn cell(level: Level, cell: &columns::Cell) -> String {
    use columns::Cell as C;
    match cell {
        C::Label { id, title } if level == Level::KeyResult => {
            format!("↳ {} {}", code(id), name(title))
        }
        C::Label { id, title } => format!("**{}** {}", name(id), name(title)),
        C::Objective(o) => {
            let owner = o
                .owner
                .as_deref()
                .map(|o| format!(" ({})", name(o)))
                .unwrap_or_default();
            format!("**{}** {}{owner}", name(&o.id), name(&o.title))
        }
        C::Progress(Some(v)) if level == Level::Objective => {
            format!("`{}` {}", bar(*v), percent(*v))
        }
        other => escape(&clip(&other.plain(), PROSE_CHARS)),
    }
}

impl MarkdownRenderer {
    fn header(r: &Report, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "## {} · {}\n", escape(&r.plan), r.quarter)?;
        write!(
            out,
            "As of {} · expected pace {}",
            r.as_of,
            percent(r.expected_pace)
        )?;
        match r.progress {
            Some(p) => writeln!(
                out,
                " · {} {} {}\n",
                period_progress(&r.quarter).to_lowercase(),
                percent(p),
                status_label(r.status)
            ),
            None => writeln!(out, "\n"),
        }
    }

    fn metrics(r: &Report, out: &mut dyn Write) -> io::Result<()> {
        let rows = r.north_star.iter().chain(&r.metrics).map(columns::metric);
        writeln!(out, "{}\n", grid(&columns::METRICS, rows))
    }

    /// One heading and table per pillar; every table has the same columns (a team column
    /// when any objective of the report has a team).
    fn okrs(r: &Report, out: &mut dyn Write) -> io::Result<()> {
        let all: Vec<_> = r.objectives.iter().collect();
        let shown = columns::shown(&columns::OKRS, &columns::okr_rows(&all), true);
        for p in &r.pillars {
            let objectives: Vec<_> = r.objectives.iter().filter(|o| o.pillar == p.id).collect();
            if objectives.is_empty() {
                continue;
            }
            let progress = p.progress.map_or_else(String::new, |v| {
                format!(" — {} {}", percent(v), status_label(p.status))
            });
            writeln!(out, "### {} {}{progress}\n", escape(&p.id), escape(&p.name))?;
            let t = grid_of(&columns::OKRS, &shown, &columns::okr_rows(&objectives));
            writeln!(out, "{t}\n")?;
        }
        Ok(())
    }

    fn bets(r: &Report, out: &mut dyn Write) -> io::Result<()> {
        let t = grid(&columns::BETS, r.bets.iter().map(columns::bet));
        writeln!(out, "{t}\n")?;
        let mix = mix_table(
            ["Risk class", "Funded appetite"],
            &Mix::portfolio(&r.portfolio),
        );
        writeln!(out, "{mix}\n")
    }

    fn initiatives(r: &Report, out: &mut dyn Write) -> io::Result<()> {
        let t = grid(
            &columns::INITIATIVES,
            r.initiatives.iter().map(columns::initiative),
        );
        writeln!(out, "{t}\n")?;
        let cap = mix_table(["Work", "Effort"], &Mix::capacity(&r.capacity));
        writeln!(out, "{cap}\n")
    }

    /// `show` as Markdown: a heading, the fields and relations as a two-column table, and
    /// the check-in history as a table.
    #[allow(clippy::unused_self)] // the same call as on the table renderer
    pub fn render_show(
        &self,
        shown: &crate::analysis::show::Shown,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        use super::show::{TARGET_CHANGED_NOTE, fields, heading, history_values, related};
        let (kind, id, title) = heading(shown);
        writeln!(out, "## {kind} {} — {}\n", escape(&id), escape(&title))?;
        let mut t = table(&["Field", "Value"], &[]);
        for (label, value) in fields(shown) {
            t.add_row(vec![escape(&label), escape(&value)]);
        }
        for (label, items) in related(shown) {
            let value = if items.is_empty() {
                "—".to_string()
            } else {
                items
                    .iter()
                    .map(|i| escape(i))
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            t.add_row(vec![escape(&label), value]);
        }
        writeln!(out, "{t}")?;
        let changes = super::show::changes(shown);
        if !changes.is_empty() {
            writeln!(out, "\n### Recorded changes\n")?;
            let mut t = table(&["Date", "By", "Change", "Reason"], &[]);
            for (date, by, change, reason) in changes {
                t.add_row(vec![date, escape(&by), escape(&change), escape(&reason)]);
            }
            writeln!(out, "{t}")?;
        }
        if let Some(history) = &shown.history {
            let values = history_values(shown);
            let spark = if values.is_empty() {
                String::new()
            } else {
                format!(" {}", super::text::sparkline(&values))
            };
            writeln!(out, "\n### Check-ins{spark}\n")?;
            Self::timeline(history.iter().map(|h| (&h.row, h.target_changed)), out)?;
            if history.iter().any(|h| h.target_changed) {
                writeln!(out, "\n{}", escape(TARGET_CHANGED_NOTE))?;
            }
        }
        Ok(())
    }

    /// `tree`: the alignment as nested lists, one entity an item (kind, id in bold, title,
    /// then the bar in code, percentage, status and owner); a repeat ends in `(*)`; a root
    /// below the top comes after a paragraph with the path of ids above it.
    #[allow(clippy::unused_self)] // the same call as on the table renderer
    pub fn render_tree(
        &self,
        tree: &crate::analysis::tree::Tree,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        writeln!(
            out,
            "## Alignment · {} · {}\n\nAs of {}",
            escape(&tree.plan),
            tree.period.label,
            tree.as_of
        )?;
        for root in &tree.roots {
            writeln!(out)?;
            if !root.ancestors.is_empty() {
                let ids: Vec<String> = root.ancestors.iter().map(|a| name(&a.id)).collect();
                writeln!(out, "{}\n", ids.join(" › "))?;
            }
            tree_items(&root.node, 0, out)?;
        }
        Ok(())
    }

    /// The `log` timeline as a Markdown table.
    #[allow(clippy::unused_self)] // the same call as on the table renderer
    pub fn render_log(&self, rows: &[LogRow], out: &mut dyn Write) -> io::Result<()> {
        Self::timeline(rows.iter().map(|r| (r, false)), out)
    }

    fn timeline<'r>(
        rows: impl Iterator<Item = (&'r LogRow, bool)>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let rows: Vec<Row> = rows
            .map(|(r, changed)| columns::checkin(r, changed))
            .collect();
        let columns = &columns::TIMELINE;
        let shown = columns::shown(columns, &rows, true);
        let headers: Vec<&str> = shown.iter().map(|&i| columns[i].header).collect();
        let kept: Vec<Column> = shown.iter().map(|&i| columns[i]).collect();
        let right = columns::right_aligned(&kept);
        let mut widths: Vec<usize> = headers.iter().map(|h| sliced::cell_width(h)).collect();
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|row| {
                shown
                    .iter()
                    .zip(&mut widths)
                    .map(|(&i, width)| {
                        let text = cell(row.level, &row.cells[i]);
                        *width = (*width).max(sliced::cell_width(&text));
                        text
                    })
                    .collect()
            })
            .collect();
        drop(rows);
        // 60,000 check-ins: drawn and written a slice at a time.
        let count = cells.len();
        let mut cells = cells.into_iter();
        sliced::write(out, count, &widths, 1, false, |from, to| {
            let mut t = table(&headers, &right);
            for row in cells.by_ref().take(to - from) {
                t.add_row(row.into_iter().map(comfy_table::Cell::new_owned));
            }
            t
        })
    }
}

impl Renderer for MarkdownRenderer {
    fn render(&self, r: &Report, view: View, out: &mut dyn Write) -> io::Result<()> {
        Self::header(r, out)?;
        match view {
            View::Status => {
                if r.north_star.is_some() {
                    writeln!(out, "### North Star and metrics\n")?;
                } else {
                    writeln!(out, "### Metrics\n")?;
                }
                Self::metrics(r, out)?;
                Self::okrs(r, out)?;
                writeln!(out, "### Bets\n")?;
                Self::bets(r, out)?;
                writeln!(out, "### Initiatives and capacity\n")?;
                Self::initiatives(r, out)
            }
            View::Okrs => Self::okrs(r, out),
            View::Bets => Self::bets(r, out),
            View::Initiatives => Self::initiatives(r, out),
            View::Metrics if !super::has_metrics(r) => {
                // Fixed text whose backticks are code spans: nothing to escape.
                writeln!(out, "{}\n", super::NO_METRICS)
            }
            View::Metrics => Self::metrics(r, out),
        }
    }
}

/// The list item of `branch` at nesting `level`, then its children's, one level deeper.
fn tree_items(
    branch: &crate::analysis::tree::Branch,
    level: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    use super::tree::status_text;
    use crate::analysis::report::EntityKind;
    use crate::analysis::tree::Branch;
    let indent = "  ".repeat(level);
    let kind = |k: EntityKind| super::text::entity_kind(k);
    match branch {
        Branch::Repeat(r) => writeln!(out, "{indent}- {} **{}** (\\*)", kind(r.kind), name(&r.id)),
        Branch::Node(n) => {
            let mut facts: Vec<String> = n
                .progress
                .map(|p| format!("`{}` {}", bar(p), percent(p)))
                .into_iter()
                .chain(n.status.map(status_text))
                .collect();
            facts.extend(n.owner.as_deref().map(name));
            // A child of another period: marked, counted nowhere.
            facts.extend(
                n.outside_period
                    .as_ref()
                    .map(|p| format!("*{}*", super::tree::outside(p, None))),
            );
            let facts = if facts.is_empty() {
                String::new()
            } else {
                format!(" · {}", facts.join(" · "))
            };
            writeln!(
                out,
                "{indent}- {} **{}** — {}{facts}",
                kind(n.kind),
                name(&n.id),
                name(&n.title)
            )?;
            for child in &n.children {
                tree_items(child, level + 1, out)?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_is_inert() {
        assert_eq!(
            escape("a|b <script>alert(1)</script>"),
            "a\\|b &lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            escape("**bold** [link](x)\n\x1b[31m"),
            "\\*\\*bold\\*\\* \\[link\\](x) \\[31m"
        );
    }

    #[test]
    fn key_result_ids_are_code_unless_a_code_span_cannot_hold_them() {
        assert_eq!(code("lead-time"), "`lead-time`");
        assert_eq!(code("a`b"), "a\\`b");
        assert_eq!(code("a|b <x>"), "a\\|b &lt;x&gt;");
    }
}
