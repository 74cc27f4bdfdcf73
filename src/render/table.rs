//! Terminal tables (comfy-table). Status is always a word with a glyph, so it reads without
//! colour; colour is added only when asked for. User text is stripped of control characters
//! so a plan can never send escape sequences to the terminal.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width,
};

use super::columns::{self, Column, Level, Row};
use super::text::{
    NAME_CHARS, PROSE_CHARS, bar, clip, number, percent, period_progress, sanitize, status_label,
};
use super::{Renderer, View};
use crate::lint::serde_variant;
use crate::plan::model::{BetStatus, ObjectiveKind};
use crate::report::{BetRow, Report, Status, Trend};

/// Tables for a terminal.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableRenderer {
    /// Emit ANSI colours.
    pub color: bool,
    /// Wrap tables to this many columns (None: no limit).
    pub width: Option<u16>,
}

impl Renderer for TableRenderer {
    fn render(&self, r: &Report, view: View, out: &mut dyn Write) -> io::Result<()> {
        match view {
            View::Status => self.status(r, out),
            View::Okrs => {
                header(r, out)?;
                self.print(out, &self.okrs_table(r))
            }
            View::Bets => {
                header(r, out)?;
                self.print(out, &self.bets_table(&r.bets))?;
                portfolio_lines(r, out)
            }
            View::Initiatives => {
                header(r, out)?;
                self.print(out, &self.initiatives_table(r))?;
                capacity_lines(r, out)
            }
            View::Metrics => {
                header(r, out)?;
                self.print(out, &self.metrics_table(r))
            }
        }
    }
}

fn status_color(s: Status) -> Option<Color> {
    match s {
        Status::Done | Status::Ok | Status::OnTrack => Some(Color::Green),
        Status::AtRisk => Some(Color::Yellow),
        Status::OffTrack | Status::Breach => Some(Color::Red),
        Status::NoData | Status::Tracking | Status::NotStarted | Status::Draft => None,
    }
}

fn header(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{} · {} · as of {} · expected pace {}",
        sanitize(&r.plan),
        r.quarter,
        r.as_of,
        percent(r.expected_pace)
    )
}

/// A name for a table cell, sanitized and clipped to [`NAME_CHARS`].
fn name(text: &str) -> String {
    clip(text, NAME_CHARS)
}

fn opt(text: Option<&str>) -> String {
    text.map_or_else(|| "—".to_string(), name)
}

impl TableRenderer {
    fn table(&self, headers: &[&str]) -> Table {
        let mut t = Table::new();
        t.load_style(UTF8_FULL_CONDENSED);
        t.set_content_arrangement(ContentArrangement::Dynamic);
        if let Some(w) = self.width {
            t.set_width(w);
        }
        if self.color {
            t.enforce_styling();
        } else {
            t.force_no_tty();
        }
        t.set_header(headers.iter().map(|h| self.bold(Cell::new(h))));
        t
    }

    fn bold(&self, cell: Cell) -> Cell {
        if self.color {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
    }

    fn status_cell(&self, s: Status) -> Cell {
        let cell = Cell::new(status_label(s));
        match (self.color, status_color(s)) {
            (true, Some(c)) => cell.fg(c),
            (true, None) => cell.add_attribute(Attribute::Dim),
            _ => cell,
        }
    }

    fn flag_cell(&self, flag: bool, text: &str) -> Cell {
        if !flag {
            return Cell::new("");
        }
        let cell = Cell::new(text);
        if self.color {
            cell.fg(Color::Yellow)
        } else {
            cell
        }
    }

    #[allow(clippy::unused_self)] // kept a method so every table goes through one place
    fn print(&self, out: &mut dyn Write, table: &Table) -> io::Result<()> {
        writeln!(out, "{table}")
    }

    fn section(&self, out: &mut dyn Write, title: &str) -> io::Result<()> {
        if self.color {
            writeln!(out, "\n\x1b[1m{title}\x1b[0m")
        } else {
            writeln!(out, "\n{title}")
        }
    }

    fn status(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        header(r, out)?;
        match r.progress {
            Some(p) => writeln!(
                out,
                "{} {} {} {}",
                period_progress(&r.quarter),
                bar(p),
                percent(p),
                status_label(r.status)
            )?,
            None => writeln!(
                out,
                "{}: no objectives in {}",
                period_progress(&r.quarter),
                r.quarter
            )?,
        }
        self.section(
            out,
            if r.north_star.is_some() {
                "North Star and metrics"
            } else {
                "Metrics"
            },
        )?;
        self.print(out, &self.metrics_table(r))?;
        self.section(out, "Objectives and key results")?;
        self.print(out, &self.okrs_table(r))?;
        self.section(out, "Bets")?;
        let live: Vec<BetRow> = r
            .bets
            .iter()
            .filter(|b| b.funded || b.overdue)
            .cloned()
            .collect();
        if live.is_empty() {
            writeln!(out, "No bets funded in {}.", r.quarter)?;
        } else {
            self.print(out, &self.bets_table(&live))?;
        }
        portfolio_lines(r, out)?;
        self.section(out, "Capacity")?;
        capacity_lines(r, out)
    }

    fn metrics_table(&self, r: &Report) -> Table {
        let rows = r.north_star.iter().chain(&r.metrics).map(columns::metric);
        self.grid(&columns::METRICS, None, rows)
    }

    fn okrs_table(&self, r: &Report) -> Table {
        let mut rows = Vec::new();
        for p in &r.pillars {
            let objectives: Vec<_> = r.objectives.iter().filter(|o| o.pillar == p.id).collect();
            if objectives.is_empty() {
                continue;
            }
            rows.push(columns::pillar(p));
            for o in objectives {
                rows.push(columns::objective(o));
                rows.extend(o.key_results.iter().map(columns::key_result));
            }
        }
        self.grid(&columns::OKRS, Some(columns::OKRS_GROUPED_HEADER), rows)
    }

    fn bets_table(&self, bets: &[BetRow]) -> Table {
        self.grid(&columns::BETS, None, bets.iter().map(columns::bet))
    }

    fn initiatives_table(&self, r: &Report) -> Table {
        self.grid(
            &columns::INITIATIVES,
            None,
            r.initiatives.iter().map(columns::initiative),
        )
    }

    /// A table of `columns` (those [`columns::shown`] keeps); `first_header` replaces the
    /// first header when the table's groups are rows of it.
    fn grid<'r>(
        &self,
        columns: &[Column],
        first_header: Option<&str>,
        rows: impl IntoIterator<Item = Row<'r>>,
    ) -> Table {
        let rows: Vec<Row> = rows.into_iter().collect();
        let shown = columns::shown(columns, &rows, false);
        let kept: Vec<Column> = shown.iter().map(|&i| columns[i]).collect();
        let headers: Vec<&str> = kept
            .iter()
            .enumerate()
            .map(|(i, c)| match first_header {
                Some(first) if i == 0 => first,
                _ => c.header,
            })
            .collect();
        let mut t = self.table(&headers);
        for row in &rows {
            debug_assert_eq!(row.cells.len(), columns.len(), "one cell per column");
            t.add_row(shown.iter().map(|&i| self.cell(row.level, &row.cells[i])));
        }
        align(&mut t, &columns::right_aligned(&kept), CellAlignment::Right);
        let wrap: Vec<usize> = kept
            .iter()
            .enumerate()
            .filter(|(_, c)| c.wraps)
            .map(|(i, _)| i)
            .collect();
        fit(&mut t, &wrap);
        t
    }

    /// How a cell looks in the terminal: ids above titles, indented by level; bars beside
    /// percentages; statuses and flags in colour when asked for.
    fn cell(&self, level: Level, cell: &columns::Cell) -> Cell {
        use columns::Cell as C;
        match cell {
            C::Label { id, title } => match level {
                Level::Pillar => self.bold(Cell::new(format!("{} — {}", name(id), name(title)))),
                Level::KeyResult => Cell::new(format!("    {}\n    {}", name(id), name(title))),
                Level::Objective | Level::Item => {
                    Cell::new(format!("{}\n{}", name(id), name(title)))
                }
            },
            C::Objective(o) => {
                let kind = match o.kind {
                    ObjectiveKind::Aspirational => " (aspirational)",
                    ObjectiveKind::Committed => "",
                };
                Cell::new(format!(
                    "  {}{kind}\n  {} · {}",
                    name(&o.id),
                    name(&o.title),
                    opt(super::text::owners(&o.owners).as_deref())
                ))
            }
            C::Progress(Some(v)) => Cell::new(format!("{} {}", bar(*v), percent(*v))),
            C::Drives(d) => Cell::new(d.map_or_else(
                || "—".into(),
                |(p, s)| format!("{} {} {}", bar(p), percent(p), status_label(s)),
            )),
            C::Change(Some(change)) if *change == 0.0 => Cell::new("±0"),
            C::Status(s) => self.status_cell(*s),
            C::Flag { on, word } => self.flag_cell(*on, word),
            C::Trend(trend, improving) => self.trend_cell(*trend, *improving),
            C::Bet(b) => self.bet_status_cell(b),
            C::DecideBy(b) => Cell::new(match (b.decide_by, b.days_to_decision) {
                (Some(d), Some(days)) if days < 0 => format!("{d} ({} days ago)", -days),
                (Some(d), Some(days)) => format!("{d} (in {days} days)"),
                (Some(d), None) => d.to_string(),
                (None, _) => "—".into(),
            }),
            // User text (owners, notes, lists of ids) and words: prose-sized at most.
            other => Cell::new(clip(&other.plain(), PROSE_CHARS)),
        }
    }

    fn trend_cell(&self, trend: Option<Trend>, improving: Option<bool>) -> Cell {
        let Some(t) = trend else {
            return Cell::new("");
        };
        let arrow = match t {
            Trend::Up => "↑",
            Trend::Down => "↓",
            Trend::Flat => "→",
        };
        let cell = Cell::new(arrow);
        match (self.color, improving) {
            (true, Some(true)) => cell.fg(Color::Green),
            (true, Some(false)) => cell.fg(Color::Red),
            _ => cell,
        }
    }

    fn bet_status_cell(&self, b: &BetRow) -> Cell {
        let mut status = match (b.status, b.decided) {
            (s, Some(d)) if s.is_decided() => format!("{} {d}", serde_variant(&s)),
            (s, _) => serde_variant(&s),
        };
        if !b.status.is_decided() {
            status.push_str(&super::columns::criteria_note(b, "\n"));
        }
        let cell = Cell::new(status);
        if !self.color {
            return cell;
        }
        match b.status {
            BetStatus::Validated => cell.fg(Color::Green),
            BetStatus::Invalidated | BetStatus::Killed => cell.add_attribute(Attribute::Dim),
            _ => cell,
        }
    }
}

/// On a narrow terminal only the `wrap` columns (free text) may wrap, keeping at least 24
/// characters; numbers, bars, dates and statuses keep their width.
fn fit(t: &mut Table, wrap: &[usize]) {
    let count = t.column_count();
    for c in 0..count {
        if let Some(col) = t.column_mut(c) {
            if wrap.contains(&c) {
                col.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(24)));
            } else {
                col.set_constraint(ColumnConstraint::ContentWidth);
            }
        }
    }
}

impl TableRenderer {
    /// The `log` timeline: one row per check-in.
    pub fn render_log(
        &self,
        rows: &[crate::history::LogRow],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        self.timeline(rows.iter().map(|r| (r, false)), out)
    }

    /// Check-in rows; a row rated against an older goal gets `*` after its progress.
    fn timeline<'r>(
        &self,
        rows: impl ExactSizeIterator<Item = (&'r crate::history::LogRow, bool)>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        if rows.len() == 0 {
            return writeln!(out, "No check-ins match.");
        }
        let t = self.grid(
            &columns::TIMELINE,
            None,
            rows.map(|(r, changed)| columns::checkin(r, changed)),
        );
        self.print(out, &t)
    }

    /// `show`: the entity's fields, its relations, and its check-in history.
    pub fn render_show(&self, shown: &crate::show::Shown, out: &mut dyn Write) -> io::Result<()> {
        use super::show::{TARGET_CHANGED_NOTE, fields, heading, history_values, related};
        let (kind, id, title) = heading(shown);
        writeln!(out, "{kind} {} — {}", sanitize(&id), sanitize(&title))?;
        let fields = fields(shown);
        let related = related(shown);
        let width = fields
            .iter()
            .map(|(k, _)| k.chars().count())
            .chain(related.iter().map(|(k, _)| k.chars().count()))
            .max()
            .unwrap_or(0);
        for (label, value) in &fields {
            writeln!(out, "  {label:<width$}  {}", sanitize(value))?;
        }
        for (label, items) in &related {
            let mut items = items.iter();
            match items.next() {
                None => writeln!(out, "  {label:<width$}  —")?,
                Some(first) => {
                    writeln!(out, "  {label:<width$}  {}", sanitize(first))?;
                    for item in items {
                        writeln!(out, "  {:<width$}  {}", "", sanitize(item))?;
                    }
                }
            }
        }
        if let Some(history) = &shown.history {
            let values = history_values(shown);
            if values.is_empty() {
                writeln!(out, "\nCheck-ins")?;
            } else {
                writeln!(out, "\nCheck-ins {}", super::text::sparkline(&values))?;
            }
            self.timeline(history.iter().map(|h| (&h.row, h.target_changed)), out)?;
            if history.iter().any(|h| h.target_changed) {
                writeln!(out, "{TARGET_CHANGED_NOTE}")?;
            }
        }
        Ok(())
    }
}

fn align(t: &mut Table, columns: &[usize], alignment: CellAlignment) {
    for &c in columns {
        if let Some(col) = t.column_mut(c) {
            col.set_cell_alignment(alignment);
        }
    }
}

fn mark(within: Option<bool>) -> &'static str {
    match within {
        Some(true) => " ✔",
        Some(false) => " ✖ off target",
        None => "",
    }
}

fn portfolio_lines(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let p = &r.portfolio;
    writeln!(
        out,
        "Funded in {}: {} ({} wk appetite), {} overdue. Portfolio mix (target ± {}):",
        r.quarter,
        crate::diagnostic::plural(p.funded_bets, "bet"),
        number(p.funded_appetite_weeks),
        p.overdue_bets,
        percent(p.tolerance)
    )?;
    for c in &p.classes {
        writeln!(
            out,
            "  {:<17}{:>6} wk {:>5} (target {}){}",
            serde_variant(&c.risk),
            number(c.appetite_weeks),
            c.share.map_or_else(|| "—".into(), percent),
            percent(c.target),
            mark(c.within_tolerance)
        )?;
    }
    Ok(())
}

fn capacity_lines(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let c = &r.capacity;
    let tolerance = c
        .tolerance
        .map_or_else(String::new, |t| format!(", target ± {}", percent(t)));
    writeln!(
        out,
        "Capacity {}: {} wk of initiative effort (dropped excluded){tolerance}:",
        r.quarter,
        number(c.effort_weeks)
    )?;
    for k in &c.kinds {
        let target = k
            .target
            .map_or_else(String::new, |t| format!(" (target {})", percent(t)));
        writeln!(
            out,
            "  {:<17}{:>6} wk {:>5}{target}{}",
            serde_variant(&k.work),
            number(k.effort_weeks),
            k.share.map_or_else(|| "—".into(), percent),
            mark(k.within_tolerance)
        )?;
    }
    Ok(())
}

/// The widest status label (`◌ not-started`), so the tree's column lines up.
const STATUS_CHARS: usize = 13;

/// One line of `tree`: an entity, or the path above a root, or the gap between two roots.
enum TreeLine<'t> {
    Gap,
    Path(String),
    Entry {
        label: String,
        node: Option<&'t crate::tree::Node>,
    },
}

impl TableRenderer {
    /// `tree`: the alignment as `cargo tree` draws it, one entity a line, its standing
    /// first in fixed columns (bar, percentage, status) so any depth and any title keeps
    /// them aligned, then the branch, the kind, id and title, and the owner after ` · `.
    /// A repeat (an entity already shown in full) ends in `(*)`; a root below the top
    /// comes after a line with the path of ids above it; roots are a blank line apart.
    pub fn render_tree(&self, tree: &crate::tree::Tree, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "{} · {} · as of {}",
            sanitize(&tree.plan),
            tree.period.label,
            tree.as_of
        )?;
        let mut lines = Vec::new();
        for (i, root) in tree.roots.iter().enumerate() {
            if i > 0 {
                lines.push(TreeLine::Gap);
            }
            if !root.ancestors.is_empty() {
                let ids: Vec<&str> = root.ancestors.iter().map(|a| a.id.as_str()).collect();
                lines.push(TreeLine::Path(clip(&ids.join(" › "), PROSE_CHARS)));
            }
            tree_lines(&root.node, "", "", &mut lines);
        }
        // Bar, space, percentage, two spaces, status, two spaces.
        let blank = " ".repeat(10 + 1 + 4 + 2 + STATUS_CHARS + 2);
        for line in &lines {
            match line {
                TreeLine::Gap => writeln!(out)?,
                TreeLine::Path(path) if self.color => {
                    writeln!(out, "{blank}\x1b[2m{path}\x1b[0m")?;
                }
                TreeLine::Path(path) => writeln!(out, "{blank}{path}")?,
                TreeLine::Entry { label, node: None } => writeln!(out, "{blank}{label}")?,
                TreeLine::Entry {
                    label,
                    node: Some(node),
                } => {
                    let (bar, pct) = node
                        .progress
                        .map_or_else(|| (" ".repeat(10), "—".into()), |p| (bar(p), percent(p)));
                    let status = node
                        .status
                        .map_or_else(|| "—".into(), super::tree::status_text);
                    let pad = " ".repeat(STATUS_CHARS.saturating_sub(status.chars().count()));
                    let status = match (self.color, node.status) {
                        (true, Some(crate::tree::NodeStatus::Rating(s))) => {
                            let code = match status_color(s) {
                                Some(Color::Green) => "32",
                                Some(Color::Yellow) => "33",
                                Some(Color::Red) => "31",
                                _ => "2",
                            };
                            format!("\x1b[{code}m{status}\x1b[0m")
                        }
                        _ => status,
                    };
                    let owner = node
                        .owner
                        .as_deref()
                        .map_or_else(String::new, |o| format!(" · {}", name(o)));
                    writeln!(out, "{bar} {pct:>4}  {status}{pad}  {label}{owner}")?;
                }
            }
        }
        Ok(())
    }
}

/// The lines of `branch` and everything under it: `lead` before its own name,
/// `child_lead` before its children's branches.
fn tree_lines<'t>(
    branch: &'t crate::tree::Branch,
    lead: &str,
    child_lead: &str,
    lines: &mut Vec<TreeLine<'t>>,
) {
    use super::tree::kind_and_id;
    use crate::tree::Branch;
    match branch {
        Branch::Repeat(r) => lines.push(TreeLine::Entry {
            label: format!("{lead}{} (*)", name(&kind_and_id(r.kind, &r.id))),
            node: None,
        }),
        Branch::Node(n) => {
            lines.push(TreeLine::Entry {
                label: format!(
                    "{lead}{} — {}",
                    name(&kind_and_id(n.kind, &n.id)),
                    name(&n.title)
                ),
                node: Some(n),
            });
            let last = n.children.len().saturating_sub(1);
            for (i, child) in n.children.iter().enumerate() {
                let (own, below) = if i == last {
                    ("└── ", "    ")
                } else {
                    ("├── ", "│   ")
                };
                tree_lines(
                    child,
                    &format!("{child_lead}{own}"),
                    &format!("{child_lead}{below}"),
                    lines,
                );
            }
        }
    }
}
