//! Terminal tables (comfy-table). Status is always a word with a glyph, so it reads without
//! colour; colour is added only when asked for. User text is stripped of control characters
//! so a plan can never send escape sequences to the terminal.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{
    Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width,
};

use super::text::{bar, goal, number, percent, reading, sanitize, status_label, with_unit};
use super::{Renderer, View};
use crate::lint::serde_variant;
use crate::plan::model::BetStatus;
use crate::report::{BetRow, KeyResultRow, MeasureKind, MetricRow, Report, Status, Trend};

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
        Status::NoData | Status::Tracking => None,
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

fn opt(text: Option<&str>) -> String {
    text.map_or_else(|| "—".to_string(), sanitize)
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
                "Quarter progress {} {} {}",
                bar(p),
                percent(p),
                status_label(r.status)
            )?,
            None => writeln!(out, "Quarter progress: no objectives in {}", r.quarter)?,
        }
        self.section(out, "North Star and metrics")?;
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
        let mut t = self.table(&[
            "Metric",
            "Role",
            "Current",
            "Goal",
            "Progress",
            "Trend",
            "Status",
            "Last check-in",
            "",
        ]);
        for m in std::iter::once(&r.north_star).chain(&r.metrics) {
            t.add_row(self.metric_row(m));
        }
        align(&mut t, &[2, 4], CellAlignment::Right);
        fit(&mut t, &[0]);
        t
    }

    fn metric_row(&self, m: &MetricRow) -> Vec<Cell> {
        let unit = m.unit.as_deref();
        let trend = match (m.trend, m.improving) {
            (None, _) => Cell::new(""),
            (Some(t), improving) => {
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
        };
        let progress = if m.measure == MeasureKind::Threshold {
            String::new()
        } else {
            format!("{} {}", bar(m.progress), percent(m.progress))
        };
        vec![
            Cell::new(format!("{}\n{}", sanitize(&m.id), sanitize(&m.name))),
            Cell::new(serde_variant(&m.role)),
            Cell::new(m.current.map_or_else(|| "—".into(), |v| with_unit(v, unit))),
            Cell::new(goal(
                m.measure,
                m.baseline,
                m.target,
                m.keep_below,
                m.keep_above,
                unit,
            )),
            Cell::new(progress),
            trend,
            self.status_cell(m.status),
            Cell::new(
                m.last_checkin
                    .map_or_else(|| "never".into(), |d| d.to_string()),
            ),
            self.flag_cell(m.stale, "stale"),
        ]
    }

    fn okrs_table(&self, r: &Report) -> Table {
        let mut t = self.table(&[
            "Pillar / objective / key result",
            "Current",
            "Goal",
            "Progress",
            "Status",
            "Conf.",
            "Last check-in",
            "",
        ]);
        for p in &r.pillars {
            let objectives: Vec<_> = r.objectives.iter().filter(|o| o.pillar == p.id).collect();
            if objectives.is_empty() {
                continue;
            }
            t.add_row(vec![
                self.bold(Cell::new(format!(
                    "{} — {}",
                    sanitize(&p.id),
                    sanitize(&p.name)
                ))),
                Cell::new(""),
                Cell::new(""),
                Cell::new(
                    p.progress
                        .map_or_else(String::new, |v| format!("{} {}", bar(v), percent(v))),
                ),
                self.status_cell(p.status),
                Cell::new(""),
                Cell::new(""),
                Cell::new(""),
            ]);
            for o in objectives {
                let kind = match o.kind {
                    crate::plan::model::ObjectiveKind::Aspirational => " (aspirational)",
                    crate::plan::model::ObjectiveKind::Committed => "",
                };
                t.add_row(vec![
                    Cell::new(format!(
                        "  {}{kind}\n  {} · {}",
                        sanitize(&o.id),
                        sanitize(&o.title),
                        opt(o.owner.as_deref())
                    )),
                    Cell::new(""),
                    Cell::new(""),
                    Cell::new(
                        o.progress
                            .map_or_else(String::new, |v| format!("{} {}", bar(v), percent(v))),
                    ),
                    self.status_cell(o.status),
                    Cell::new(""),
                    Cell::new(""),
                    Cell::new(""),
                ]);
                for kr in &o.key_results {
                    t.add_row(self.kr_row(kr));
                }
            }
        }
        align(&mut t, &[1, 3, 5], CellAlignment::Right);
        fit(&mut t, &[0]);
        t
    }

    fn kr_row(&self, kr: &KeyResultRow) -> Vec<Cell> {
        let unit = kr.unit.as_deref();
        vec![
            Cell::new(format!(
                "    {}\n    {}",
                sanitize(&kr.id),
                sanitize(&kr.title)
            )),
            Cell::new(reading(kr.current, unit)),
            Cell::new(goal(
                kr.measure,
                kr.baseline,
                kr.target,
                kr.keep_below,
                kr.keep_above,
                unit,
            )),
            Cell::new(format!("{} {}", bar(kr.progress), percent(kr.progress))),
            self.status_cell(kr.status),
            Cell::new(kr.confidence.map_or_else(String::new, number)),
            Cell::new(
                kr.last_checkin
                    .map_or_else(|| "never".into(), |d| d.to_string()),
            ),
            self.flag_cell(kr.stale, "stale"),
        ]
    }

    fn bets_table(&self, bets: &[BetRow]) -> Table {
        let mut t = self.table(&[
            "Bet",
            "Risk",
            "Status",
            "Appetite",
            "Decide by",
            "Owner",
            "",
        ]);
        for b in bets {
            let status = match (b.status, b.decided) {
                (s, Some(d)) if s.is_decided() => format!("{} {d}", serde_variant(&s)),
                (s, _) => serde_variant(&s),
            };
            let mut status_cell = Cell::new(status);
            if self.color {
                status_cell = match b.status {
                    BetStatus::Validated => status_cell.fg(Color::Green),
                    BetStatus::Invalidated | BetStatus::Killed => {
                        status_cell.add_attribute(Attribute::Dim)
                    }
                    _ => status_cell,
                };
            }
            let decide_by = match (b.decide_by, b.days_to_decision) {
                (Some(d), Some(days)) if days < 0 => format!("{d} ({} days ago)", -days),
                (Some(d), Some(days)) => format!("{d} (in {days} days)"),
                (Some(d), None) => d.to_string(),
                (None, _) => "—".into(),
            };
            t.add_row(vec![
                Cell::new(format!("{}\n{}", sanitize(&b.id), sanitize(&b.title))),
                Cell::new(serde_variant(&b.risk)),
                status_cell,
                Cell::new(format!("{} wk", number(b.appetite_weeks))),
                Cell::new(decide_by),
                Cell::new(opt(b.owner.as_deref())),
                self.flag_cell(b.overdue, "OVERDUE"),
            ]);
        }
        align(&mut t, &[3], CellAlignment::Right);
        fit(&mut t, &[0]);
        t
    }

    fn initiatives_table(&self, r: &Report) -> Table {
        let mut t = self.table(&[
            "Initiative",
            "Work",
            "Status",
            "Effort",
            "Drives",
            "Progress",
            "Owner",
        ]);
        for i in &r.initiatives {
            let progress = match (i.progress, i.progress_status) {
                (Some(p), Some(s)) => format!("{} {} {}", bar(p), percent(p), status_label(s)),
                _ => "—".into(),
            };
            t.add_row(vec![
                Cell::new(format!("{}\n{}", sanitize(&i.id), sanitize(&i.title))),
                Cell::new(serde_variant(&i.work)),
                Cell::new(serde_variant(&i.status)),
                Cell::new(format!("{} wk", number(i.effort_weeks))),
                Cell::new(if i.drives.is_empty() {
                    "—".into()
                } else {
                    sanitize(&i.drives.join(", "))
                }),
                Cell::new(progress),
                Cell::new(opt(i.owner.as_deref())),
            ]);
        }
        align(&mut t, &[3], CellAlignment::Right);
        fit(&mut t, &[0, 4]);
        t
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
        let mut t = self.table(&[
            "Date", "By", "Measure", "Value", "Progress", "Change", "Status", "Conf.", "Note",
        ]);
        for (r, changed) in rows {
            let change = if r.progress_change == 0.0 {
                "±0".to_string()
            } else {
                format!("{:+.0} pts", r.progress_change * 100.0)
            };
            t.add_row(vec![
                Cell::new(r.date.to_string()),
                Cell::new(opt(r.by.as_deref())),
                Cell::new(sanitize(&r.metric)),
                Cell::new(reading(Some(r.value), r.unit.as_deref())),
                Cell::new(percent(r.progress) + if changed { "*" } else { "" }),
                Cell::new(change),
                self.status_cell(r.status),
                Cell::new(r.confidence.map_or_else(String::new, number)),
                Cell::new(r.note.as_deref().map_or_else(String::new, sanitize)),
            ]);
        }
        align(&mut t, &[3, 4, 5, 7], CellAlignment::Right);
        fit(&mut t, &[8]);
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
