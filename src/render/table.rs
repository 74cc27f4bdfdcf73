//! Terminal tables (comfy-table draws them; [`super::layout`] decides what fits). Status
//! is always a word with a glyph, so it reads without colour; colour is added only when
//! asked for, from the terminal's eight normal colours (SGR 30–37) plus bold and dim, so it
//! reads on light and dark backgrounds. User text is stripped of control characters so a
//! plan can never send escape sequences to the terminal.
//!
//! The renderer is split by what it draws: [`cells`] (how a report cell looks), [`fit`]
//! (a table fitted to the width), the report views here, the check-in timeline
//! ([`log`]), `show` ([`show`]) and `tree` ([`tree`]).

mod cells;
mod fit;

pub(crate) use fit::Grid;
mod log;
mod show;
mod stream;
mod tree;

use std::io::{self, Write};

use comfy_table::presets::{ASCII_MARKDOWN, UTF8_FULL_CONDENSED};
use comfy_table::{ContentArrangement, Table};

use super::columns;
use super::layout::{self, Frame};
use super::mix::Mix;
use super::text::{NAME_CHARS, bar, clip, period_progress, status_label};
use super::{Renderer, View};
use crate::analysis::report::{BetRow, Report};
use crate::text::{number, percent, sanitize};

/// How tables are drawn (`--style`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TableStyle {
    /// A header row and aligned columns, no box drawing (as `gh` and `cargo tree`).
    #[default]
    Light,
    /// Box drawing around every cell.
    Boxed,
    /// Pipe tables, for pasting where Markdown renders.
    Markdown,
}

impl TableStyle {
    /// What the style costs around columns; `tight`: as little as it can (one space
    /// between borderless columns instead of two, borders without padding), the layout's
    /// very last resort.
    fn frame(self, tight: bool) -> Frame {
        match self {
            TableStyle::Light => Frame::Gap(if tight { 1 } else { 2 }),
            TableStyle::Boxed | TableStyle::Markdown => Frame::Bordered(if tight { 1 } else { 3 }),
        }
    }
}

/// Tables for a terminal.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableRenderer {
    /// Emit ANSI colours.
    pub color: bool,
    /// Fit tables to this many columns (`None`: no limit, every column: `--wide`).
    pub width: Option<u16>,
    /// How tables are drawn.
    pub style: TableStyle,
}

impl Renderer for TableRenderer {
    fn render(&self, r: &Report, view: View, out: &mut dyn Write) -> io::Result<()> {
        match view {
            View::Status => self.status(r, out),
            View::Okrs => {
                header(r, self.width, out)?;
                self.okrs(r, out)
            }
            View::Bets => {
                header(r, self.width, out)?;
                self.print(out, self.bets_table(&r.bets))?;
                portfolio_lines(r, out)
            }
            View::Initiatives => {
                header(r, self.width, out)?;
                self.print(out, self.initiatives_table(r))?;
                capacity_lines(r, out)
            }
            View::Metrics => {
                header(r, self.width, out)?;
                if !super::has_metrics(r) {
                    return writeln!(out, "{}", super::NO_METRICS);
                }
                self.print(out, self.metrics_table(r))
            }
        }
    }
}

fn header(r: &Report, width: Option<u16>, out: &mut dyn Write) -> io::Result<()> {
    let line = format!(
        "{} · {} · as of {} · expected pace {}",
        sanitize(&r.plan),
        r.quarter,
        r.as_of,
        percent(r.expected_pace)
    );
    match width {
        Some(w) => writeln!(out, "{}", super::layout::fold_text(&line, w.into())),
        None => writeln!(out, "{line}"),
    }
}

/// A name for a table cell, sanitized and clipped to [`NAME_CHARS`].
fn name(text: &str) -> String {
    clip(text, NAME_CHARS)
}

fn opt(text: Option<&str>) -> String {
    text.map_or_else(|| "—".to_string(), name)
}

impl TableRenderer {
    /// A comfy-table in this renderer's style, drawing the cells as given (the layout has
    /// already folded them).
    fn table(&self) -> Table {
        let mut t = Table::new();
        match self.style {
            TableStyle::Light => {
                t.load_style(comfy_table::TableStyle::new());
            }
            TableStyle::Boxed => {
                t.load_style(UTF8_FULL_CONDENSED);
            }
            TableStyle::Markdown => {
                t.load_style(ASCII_MARKDOWN);
            }
        }
        t.set_content_arrangement(ContentArrangement::Disabled);
        // Colour, when asked for, is in the cells' text (see `comfy`).
        t.force_no_tty();
        t
    }

    fn section(&self, out: &mut dyn Write, title: &str) -> io::Result<()> {
        if self.color {
            writeln!(out, "\n\x1b[1m{title}\x1b[0m")
        } else {
            writeln!(out, "\n{title}")
        }
    }

    fn status(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        header(r, self.width, out)?;
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
        self.print(out, self.metrics_table(r))?;
        self.section(out, "Objectives and key results")?;
        self.okrs(r, out)?;
        self.section(out, "Bets")?;
        let live: Vec<BetRow> = r
            .bets
            .iter()
            .filter(|b| b.funded || b.overdue)
            .cloned()
            .collect();
        // Without live bets the portfolio line says it: "Funded in 2026-Q4: 0 bets".
        if !live.is_empty() {
            self.print(out, self.bets_table(&live))?;
        }
        portfolio_lines(r, out)?;
        // The capacity lines head themselves ("Capacity 2026-Q4: …").
        writeln!(out)?;
        capacity_lines(r, out)
    }

    /// The objectives table, or a line saying the period has none.
    fn okrs(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        if r.objectives.is_empty() {
            return writeln!(out, "No objectives in {}.", r.quarter);
        }
        self.print(out, self.okrs_table(r))
    }

    fn metrics_table(&self, r: &Report) -> Grid {
        let rows = r.north_star.iter().chain(&r.metrics).map(columns::metric);
        self.grid(&columns::METRICS, None, rows)
    }

    fn okrs_table(&self, r: &Report) -> Grid {
        let mut rows = Vec::new();
        for p in &r.pillars {
            let objectives: Vec<_> = r.objectives.iter().filter(|o| o.pillar == p.id).collect();
            if objectives.is_empty() {
                continue;
            }
            rows.push(columns::pillar(p));
            rows.extend(columns::okr_rows(&objectives));
        }
        self.grid(&columns::OKRS, Some(columns::OKRS_GROUPED_HEADER), rows)
    }

    fn bets_table(&self, bets: &[BetRow]) -> Grid {
        self.grid(&columns::BETS, None, bets.iter().map(columns::bet))
    }

    fn initiatives_table(&self, r: &Report) -> Grid {
        self.grid(
            &columns::INITIATIVES,
            None,
            r.initiatives.iter().map(columns::initiative),
        )
    }

    /// Writes `table` as [`Self::plain_table`] draws it: without trailing spaces in the
    /// light style.
    pub(crate) fn write_table(&self, out: &mut dyn Write, table: Grid) -> io::Result<()> {
        self.print(out, table)
    }

    /// `text` folded to this renderer's width at spaces (unchanged with `--wide`).
    pub(crate) fn fold_line(&self, text: &str) -> String {
        match self.width {
            Some(w) => layout::fold_text(text, w.into()),
            None => text.to_string(),
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

/// The portfolio line (`Funded in 2026-Q4: 3 bets (14 wk appetite), 1 overdue.`), then the
/// mix.
fn portfolio_lines(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let p = &r.portfolio;
    writeln!(
        out,
        "Funded in {}: {} ({} wk appetite), {} overdue.\nPortfolio mix (target ± {}):",
        r.quarter,
        crate::text::plural(p.funded_bets, "bet"),
        number(p.funded_appetite_weeks),
        p.overdue_bets,
        percent(p.tolerance)
    )?;
    mix_lines(&Mix::portfolio(p), out)
}

/// The capacity line (`Capacity 2026-Q4: 40 wk of initiative effort, …`), then the mix by
/// kind of work.
fn capacity_lines(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let c = &r.capacity;
    let tolerance = c
        .tolerance
        .map_or_else(String::new, |t| format!(" (target ± {})", percent(t)));
    writeln!(
        out,
        "Capacity {}: {} wk of initiative effort, dropped excluded.\nBy kind of work{tolerance}:",
        r.quarter,
        number(c.effort_weeks)
    )?;
    mix_lines(&Mix::capacity(c), out)
}

/// One line per row of a mix: `  core    12 wk   40% (target 50%) ✖ off target`.
fn mix_lines(mix: &Mix, out: &mut dyn Write) -> io::Result<()> {
    for row in &mix.rows {
        let target = row
            .target
            .map_or_else(String::new, |t| format!(" (target {})", percent(t)));
        writeln!(
            out,
            "  {:<17}{:>6} wk {:>5}{target}{}",
            row.name,
            number(row.weeks),
            row.share(),
            mark(row.within)
        )?;
    }
    Ok(())
}
