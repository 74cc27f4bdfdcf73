//! Terminal tables (comfy-table draws them; [`super::layout`] decides what fits). Status
//! is always a word with a glyph, so it reads without colour; colour is added only when
//! asked for, from the terminal's eight normal colours (SGR 30–37) plus bold and dim, so it
//! reads on light and dark backgrounds. User text is stripped of control characters so a
//! plan can never send escape sequences to the terminal.

use std::io::{self, Write};

use comfy_table::presets::{ASCII_MARKDOWN, UTF8_FULL_CONDENSED};
use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table};
use unicode_width::UnicodeWidthStr as _;

use super::columns::{self, Column, Level, Row};
use super::layout::{self, Frame, Give, Texts};
use super::mix::Mix;
use super::text::{NAME_CHARS, PROSE_CHARS, bar, clip, period_progress, status_label};
use super::{Renderer, View};
use crate::analysis::lint::serde_variant;
use crate::analysis::report::{BetRow, Report, Status, Trend};
use crate::plan::model::{BetStatus, ObjectiveKind};
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

/// A table's texts with bars of `bar` cells, their styles, and its columns' widths.
struct Measured {
    bar: usize,
    texts: Texts,
    styles: Vec<Vec<Styled>>,
    widths: Vec<layout::Measure>,
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

/// A cell's text and how it looks: the layout measures and folds the text, comfy-table
/// draws it with the style.
#[derive(Debug, Clone, Default)]
struct Styled {
    text: String,
    fg: Option<Color>,
    bold: bool,
    dim: bool,
}

impl Styled {
    fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }
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
                self.print(out, &self.bets_table(&r.bets))?;
                portfolio_lines(r, out)
            }
            View::Initiatives => {
                header(r, self.width, out)?;
                self.print(out, &self.initiatives_table(r))?;
                capacity_lines(r, out)
            }
            View::Metrics => {
                header(r, self.width, out)?;
                if !super::has_metrics(r) {
                    return writeln!(out, "{}", super::NO_METRICS);
                }
                self.print(out, &self.metrics_table(r))
            }
        }
    }
}

/// A status's colour: the normal (not bright) colours only, so they read on light and dark
/// backgrounds; done (cyan) and on track (green) differ. `None`: dim.
fn status_color(s: Status) -> Option<Color> {
    match s {
        Status::Done => Some(Color::DarkCyan),
        Status::Ok | Status::OnTrack => Some(Color::DarkGreen),
        Status::AtRisk => Some(Color::DarkYellow),
        Status::OffTrack | Status::Breach => Some(Color::DarkRed),
        Status::NoData | Status::Tracking | Status::NotStarted | Status::Draft => None,
    }
}

/// The SGR code of a colour (the eight normal colours only): `None` is dim.
fn sgr(color: Option<Color>) -> &'static str {
    match color {
        Some(Color::DarkRed) => "31",
        Some(Color::DarkGreen) => "32",
        Some(Color::DarkYellow) => "33",
        Some(Color::DarkBlue) => "34",
        Some(Color::DarkMagenta) => "35",
        Some(Color::DarkCyan) => "36",
        _ => "2",
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

    /// A comfy-table cell of `text` in `styled`'s look. Colour is written as SGR codes
    /// of the eight normal colours (30–37), bold (1) and dim (2), on each line, so
    /// comfy-table (with `custom_styling`) measures the text without them; crossterm's
    /// own colours would be 256-colour codes (`38;5;2`).
    fn comfy(&self, styled: &Styled, text: String) -> Cell {
        if !self.color {
            return Cell::new(text);
        }
        let mut codes: Vec<&str> = Vec::new();
        if styled.bold {
            codes.push("1");
        }
        if styled.dim {
            codes.push("2");
        }
        if let Some(fg) = styled.fg {
            codes.push(sgr(Some(fg)));
        }
        if codes.is_empty() {
            return Cell::new(text);
        }
        let on = format!("\x1b[{}m", codes.join(";"));
        let painted: Vec<String> = text
            .lines()
            .map(|line| {
                if line.is_empty() {
                    String::new()
                } else {
                    format!("{on}{line}\x1b[0m")
                }
            })
            .collect();
        Cell::new(painted.join("\n"))
    }

    fn status_styled(s: Status, text: String) -> Styled {
        Styled {
            text,
            fg: status_color(s),
            dim: status_color(s).is_none(),
            ..Styled::default()
        }
    }

    fn print(&self, out: &mut dyn Write, table: &Table) -> io::Result<()> {
        match self.style {
            // No borders: no trailing spaces either.
            TableStyle::Light => writeln!(out, "{}", table.trim_fmt()),
            TableStyle::Boxed | TableStyle::Markdown => writeln!(out, "{table}"),
        }
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
        self.print(out, &self.metrics_table(r))?;
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
            self.print(out, &self.bets_table(&live))?;
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
        self.print(out, &self.okrs_table(r))
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
            rows.extend(columns::okr_rows(&objectives));
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

    /// A table of `columns` (those [`columns::shown`] keeps) fitted to the width (see
    /// [`super::layout`]); `first_header` replaces the first header when the table's groups
    /// are rows of it.
    fn grid<'r>(
        &self,
        columns: &[Column],
        first_header: Option<&str>,
        rows: impl IntoIterator<Item = Row<'r>>,
    ) -> Table {
        let rows: Vec<Row> = rows.into_iter().collect();
        let headers = headers(columns, first_header);
        self.lay_out(columns, &headers, &rows, true)
            .expect("the last layout is forced")
    }

    /// The table of [`Self::grid`], laid out from its columns' measured widths: the first
    /// layout of the ladder in [`super::layout`] that fits. Without `last_resort` the
    /// ladder stops before the last-resort columns go and values break inside words, and
    /// `None` says nothing fitted (a check-in timeline then moves its notes under it).
    fn lay_out(
        &self,
        columns: &[Column],
        headers: &[String],
        rows: &[Row<'_>],
        last_resort: bool,
    ) -> Option<Table> {
        let shown = columns::shown(columns, rows, self.style == TableStyle::Markdown);
        let shown_columns: Vec<Column> = shown.iter().map(|&i| columns[i]).collect();
        let width = self.width.map(usize::from);
        // The layouts to try, widest first: every column, then without each droppable
        // column in turn, then shorter bars, then values folded, then (last resort)
        // without the last-resort columns, then values broken inside words.
        let mut drops: Vec<u8> = shown_columns.iter().filter_map(|c| c.drop).collect();
        drops.sort_unstable();
        drops.dedup();
        let early = drops
            .iter()
            .filter(|&&d| d < columns::LAST_RESORT_DROP)
            .count();
        let mut candidates: Vec<(usize, usize, Give, bool)> =
            (0..=early).map(|n| (n, 10, Give::Text, false)).collect();
        candidates.extend([
            (early, 5, Give::Text, false),
            (early, 5, Give::Values, false),
            (early, 0, Give::Values, false),
        ]);
        if last_resort {
            candidates.extend((early + 1..=drops.len()).map(|n| (n, 0, Give::Values, false)));
            candidates.push((drops.len(), 0, Give::Break, false));
            candidates.push((drops.len(), 0, Give::Break, true));
        }
        // Texts and measures, once per bar size that a candidate asks for (once in all
        // for a table without bars).
        let bars = rows.iter().any(|r| {
            r.cells.iter().any(|c| {
                matches!(
                    c,
                    columns::Cell::Progress(Some(_)) | columns::Cell::Drives(Some(_))
                )
            })
        });
        let mut by_bar: Vec<Measured> = Vec::new();
        let count = candidates.len();
        for (n, &(dropped, bar, give, tight)) in candidates.iter().enumerate() {
            let frame = self.style.frame(tight);
            let bar = if bars { bar } else { 10 };
            if !by_bar.iter().any(|m| m.bar == bar) {
                let (texts, styles) = Self::texts(columns, &shown, headers, rows, bar);
                let widths = layout::measure(&shown_columns, &texts);
                by_bar.push(Measured {
                    bar,
                    texts,
                    styles,
                    widths,
                });
            }
            let Measured {
                texts,
                styles,
                widths: measures,
                ..
            } = by_bar
                .iter()
                .find(|m| m.bar == bar)
                .expect("measured above");
            let keep: Vec<usize> = (0..shown_columns.len())
                .filter(|&k| {
                    shown_columns[k]
                        .drop
                        .is_none_or(|d| !drops[..dropped].contains(&d))
                })
                .collect();
            // Nothing fits (ids wider than the terminal): the narrowest, forced.
            let force = last_resort && n + 1 == count;
            let Some(widths) =
                layout::widths(&shown_columns, measures, &keep, width, frame, give, force)
            else {
                continue;
            };
            let folded =
                |text: &str, j: usize| layout::fold(text, &shown_columns[keep[j]], widths[j], give);
            let mut t = self.table();
            t.set_header(keep.iter().enumerate().map(|(j, &k)| {
                self.comfy(
                    &Styled {
                        bold: true,
                        ..Styled::default()
                    },
                    folded(&texts.headers[k], j),
                )
            }));
            for (cells, styles) in texts.rows.iter().zip(styles) {
                t.add_row(
                    keep.iter()
                        .enumerate()
                        .map(|(j, &k)| self.comfy(&styles[k], folded(&cells[k], j))),
                );
            }
            let kept: Vec<Column> = keep.iter().map(|&k| shown_columns[k]).collect();
            self.finish(&mut t, &kept, tight);
            return Some(t);
        }
        None
    }

    /// Right alignment and padding: in the light style two spaces between columns (one
    /// when `tight`) and none at either edge; borders padded by a space (none when
    /// `tight`).
    fn finish(&self, t: &mut Table, kept: &[Column], tight: bool) {
        align(t, &columns::right_aligned(kept), CellAlignment::Right);
        let last = kept.len().saturating_sub(1);
        for c in 0..kept.len() {
            let padding = match self.style {
                TableStyle::Light if c == last => (0, 0),
                TableStyle::Light => (0, if tight { 1 } else { 2 }),
                TableStyle::Boxed | TableStyle::Markdown if tight => (0, 0),
                TableStyle::Boxed | TableStyle::Markdown => continue,
            };
            if let Some(col) = t.column_mut(c) {
                col.set_padding(padding);
            }
        }
    }

    /// The headers and cell texts of the columns `keep`, with bars of `bar` cells, and
    /// each cell's style.
    fn texts(
        columns: &[Column],
        keep: &[usize],
        headers: &[String],
        rows: &[Row<'_>],
        bar: usize,
    ) -> (Texts, Vec<Vec<Styled>>) {
        let headers = keep.iter().map(|&i| headers[i].clone()).collect();
        let mut texts = Vec::with_capacity(rows.len());
        let mut styles = Vec::with_capacity(rows.len());
        for row in rows {
            debug_assert_eq!(row.cells.len(), columns.len(), "one cell per column");
            // A bar takes the colour of its row's status.
            let status = row.cells.iter().find_map(|c| match c {
                columns::Cell::Status(s) | columns::Cell::Flagged { status: s, .. } => Some(*s),
                _ => None,
            });
            let cells: Vec<Styled> = keep
                .iter()
                .map(|&i| Self::cell(row.level, row.depth, &row.cells[i], bar, status))
                .collect();
            texts.push(cells.iter().map(|c| c.text.clone()).collect());
            styles.push(cells);
        }
        (
            Texts {
                headers,
                rows: texts,
            },
            styles,
        )
    }

    /// How a cell looks in the terminal: ids above titles, indented by level; bars of
    /// `bar` cells beside percentages, in the colour of the row's `status`; statuses in
    /// colour when asked for, with their flags (`stale`, `overdue`) after them.
    fn cell(
        level: Level,
        depth: usize,
        cell: &columns::Cell,
        bar: usize,
        status: Option<Status>,
    ) -> Styled {
        use columns::Cell as C;
        // A child objective hangs under its parent (`└ `, two cells a level, at most
        // [`MAX_INDENT`] levels shown), its key results under it.
        let tree = "  ".repeat(depth.min(MAX_INDENT));
        let (mark, hang) = if depth > 0 { ("└ ", "  ") } else { ("", "") };
        match cell {
            C::Label { id, title } => match level {
                Level::Pillar => Styled {
                    bold: true,
                    ..Styled::plain(format!("{} — {}", name(id), name(title)))
                },
                Level::KeyResult => Styled::plain(format!(
                    "    {tree}{hang}{}\n    {tree}{hang}{}",
                    name(id),
                    name(title)
                )),
                Level::Objective | Level::Item => {
                    Styled::plain(format!("{}\n{}", name(id), name(title)))
                }
            },
            C::Objective(o) => {
                let kind = match o.kind {
                    ObjectiveKind::Aspirational => " (aspirational)",
                    ObjectiveKind::Committed => "",
                };
                Styled::plain(format!(
                    "  {tree}{mark}{}{kind}\n  {tree}{hang}{} · {}",
                    name(&o.id),
                    name(&o.title),
                    opt(super::text::owners(&o.owners).as_deref())
                ))
            }
            C::Progress(Some(v)) => {
                let styled = Styled::plain(progress(*v, bar));
                match status {
                    Some(s) => Styled {
                        fg: status_color(s),
                        ..styled
                    },
                    None => styled,
                }
            }
            C::Drives(d) => match d {
                None => Styled::plain("—"),
                Some((p, s)) => {
                    Self::status_styled(*s, format!("{} {}", progress(*p, bar), status_label(*s)))
                }
            },
            C::Change(Some(change)) if *change == 0.0 => Styled::plain("±0"),
            C::Status(s) => Self::status_styled(*s, status_label(*s)),
            C::Flagged { status, .. } => Self::status_styled(*status, cell.plain()),
            C::Current(_, _, trend) => {
                let arrow = match trend {
                    Some(Trend::Up) => " ↑",
                    Some(Trend::Down) => " ↓",
                    Some(Trend::Flat) => " →",
                    None => "",
                };
                Styled::plain(format!("{}{arrow}", cell.plain()))
            }
            C::Bet(b) => bet_status_styled(b),
            C::DecideBy(b) => Styled::plain(match (b.decide_by, b.days_to_decision) {
                (Some(d), Some(days)) if days < 0 => format!("{d} ({} days ago)", -days),
                (Some(d), Some(days)) => format!("{d} (in {days} days)"),
                (Some(d), None) => d.to_string(),
                (None, _) => "—".into(),
            }),
            // User text (owners, notes, lists of ids) and words: prose-sized at most.
            other => Styled::plain(clip(&other.plain(), PROSE_CHARS)),
        }
    }
}

/// Progress as a bar of `cells` cells and a percentage (`██░░░ 40%`); the percentage alone
/// without cells.
fn progress(v: f64, cells: usize) -> String {
    if cells == 0 {
        return percent(v);
    }
    let full = super::text::bar(v);
    // The ten-cell bar, sampled down to `cells`.
    let sampled: String = full.chars().step_by(10 / cells).take(cells).collect();
    format!("{sampled} {}", percent(v))
}

fn bet_status_styled(b: &BetRow) -> Styled {
    let mut status = match (b.status, b.decided) {
        (s, Some(d)) if s.is_decided() => format!("{} {d}", serde_variant(&s)),
        (s, _) => serde_variant(&s),
    };
    if !b.status.is_decided() {
        status.push_str(&super::columns::criteria_note(b, "\n"));
    }
    if b.overdue {
        status.push_str(" · overdue");
    }
    let styled = Styled::plain(status);
    match b.status {
        _ if b.overdue => Styled {
            fg: Some(Color::DarkRed),
            bold: true,
            ..styled
        },
        BetStatus::Validated => Styled {
            fg: Some(Color::DarkGreen),
            ..styled
        },
        BetStatus::Invalidated | BetStatus::Killed => Styled {
            dim: true,
            ..styled
        },
        _ => styled,
    }
}

impl TableRenderer {}

impl TableRenderer {
    /// The `log` timeline: one row per check-in.
    pub fn render_log(
        &self,
        rows: &[crate::analysis::history::LogRow],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        self.timeline(rows.iter().map(|r| (r, false)), out)
    }

    /// Check-in rows; a row rated against an older goal gets `*` after its progress.
    fn timeline<'r>(
        &self,
        rows: impl ExactSizeIterator<Item = (&'r crate::analysis::history::LogRow, bool)>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        if rows.len() == 0 {
            return writeln!(out, "No check-ins match.");
        }
        let rows: Vec<Row> = rows
            .map(|(r, changed)| columns::checkin(r, changed))
            .collect();
        let headers = headers(&columns::TIMELINE, None);
        if let Some(t) = self.lay_out(&columns::TIMELINE, &headers, &rows, false) {
            return self.print(out, &t);
        }
        let width = self.width.map_or(usize::MAX, usize::from);
        // Too narrow for a note column: the notes go under the table, each after its
        // check-in's date and measure, so nothing is lost and nothing overflows.
        let mut notes = Vec::new();
        let bare: Vec<Row> = rows
            .into_iter()
            .map(|mut row| {
                let note =
                    std::mem::replace(&mut row.cells[columns::TIMELINE_NOTE], columns::Cell::Empty);
                let text = note.plain();
                if !text.is_empty() {
                    notes.push(format!(
                        "{} {}: {}",
                        row.cells[0].plain(),
                        row.cells[2].plain(),
                        clip(&text, PROSE_CHARS)
                    ));
                }
                row
            })
            .collect();
        self.print(out, &self.grid(&columns::TIMELINE, None, bare))?;
        if !notes.is_empty() {
            writeln!(out, "\nNotes")?;
            for note in notes {
                let folded = textwrap::fill(
                    &note,
                    textwrap::Options::new(width.max(8))
                        .initial_indent("  ")
                        .subsequent_indent("    ")
                        .word_splitter(textwrap::WordSplitter::NoHyphenation),
                );
                writeln!(out, "{folded}")?;
            }
        }
        Ok(())
    }

    /// `show`: the entity's fields, its relations, and its check-in history.
    pub fn render_show(
        &self,
        shown: &crate::analysis::show::Shown,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        use super::show::{TARGET_CHANGED_NOTE, fields, heading, history_values, related};
        let (kind, id, title) = heading(shown);
        let first = format!("{kind} {} — {}", sanitize(&id), sanitize(&title));
        match self.width {
            Some(w) => writeln!(out, "{}", super::layout::fold_text(&first, w.into()))?,
            None => writeln!(out, "{first}")?,
        }
        let fields = fields(shown);
        let related = related(shown);
        let width = fields
            .iter()
            .map(|(k, _)| k.chars().count())
            .chain(related.iter().map(|(k, _)| k.chars().count()))
            .max()
            .unwrap_or(0);
        // Values fold to the terminal under their own column.
        let hang = width + 4;
        let value = |text: &str| match self.width {
            Some(w) => {
                super::layout::fold_text(&sanitize(text), usize::from(w).saturating_sub(hang))
                    .replace('\n', &format!("\n{}", " ".repeat(hang)))
            }
            None => sanitize(text),
        };
        for (label, text) in &fields {
            writeln!(out, "  {label:<width$}  {}", value(text))?;
        }
        for (label, items) in &related {
            let mut items = items.iter();
            match items.next() {
                None => writeln!(out, "  {label:<width$}  —")?,
                Some(first) => {
                    writeln!(out, "  {label:<width$}  {}", value(first))?;
                    for item in items {
                        writeln!(out, "  {:<width$}  {}", "", value(item))?;
                    }
                }
            }
        }
        let changes = super::show::changes(shown);
        if !changes.is_empty() {
            writeln!(out, "\nRecorded changes")?;
            for (date, by, change, reason) in changes {
                let line = format!(
                    "{date}  {change}, by {}: {}",
                    sanitize(&by),
                    sanitize(&reason)
                );
                match self.width {
                    Some(w) => {
                        let folded = textwrap::fill(
                            &line,
                            textwrap::Options::new(usize::from(w).max(8))
                                .initial_indent("  ")
                                .subsequent_indent("              ")
                                .word_splitter(textwrap::WordSplitter::NoHyphenation),
                        );
                        writeln!(out, "{folded}")?;
                    }
                    None => writeln!(out, "  {line}")?,
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
                writeln!(out, "{}", self.fold_line(TARGET_CHANGED_NOTE))?;
            }
        }
        Ok(())
    }
}

/// The headers of `columns`, the first replaced by `first` when given.
fn headers(columns: &[Column], first: Option<&str>) -> Vec<String> {
    columns
        .iter()
        .enumerate()
        .map(|(n, c)| match first {
            Some(first) if n == 0 => first.to_string(),
            _ => c.header.to_string(),
        })
        .collect()
}

impl TableRenderer {
    /// A table of plain text (the review packet's and `diff`'s): `header` and `rows` of
    /// already-worded cells, in this renderer's style, fitted to its width like every
    /// report table, each column as [`columns::outline_column`] says.
    pub(crate) fn plain_table(&self, header: &[String], rows: &[Vec<String>]) -> Table {
        let columns: Vec<Column> = header
            .iter()
            .enumerate()
            .map(|(c, h)| columns::outline_column(h, c == 0))
            .collect();
        let rows: Vec<Row> = rows
            .iter()
            .map(|cells| Row {
                level: Level::Item,
                depth: 0,
                cells: cells
                    .iter()
                    .map(|c| columns::Cell::Word(c.clone()))
                    .collect(),
            })
            .collect();
        self.lay_out(&columns, header, &rows, true)
            .expect("the last layout is forced")
    }

    /// Writes `table` as [`Self::plain_table`] draws it: without trailing spaces in the
    /// light style.
    pub(crate) fn write_table(&self, out: &mut dyn Write, table: &Table) -> io::Result<()> {
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

/// The deepest an objective is indented in the objectives table: deeper ones line up
/// with this level (their `└` still says they are children), so a hostile chain of
/// thousands of parents cannot make every line thousands of cells wide.
const MAX_INDENT: usize = 8;

/// The widest status label (`◌ not-started`), so the tree's column lines up.
const STATUS_CHARS: usize = 13;

/// One line of `tree`: an entity, or the path above a root, or the gap between two roots.
enum TreeLine<'t> {
    Gap,
    Path(String),
    Entry {
        /// The branch drawn before the entity (`│   ├── `).
        lead: String,
        /// The branch drawn before its text's continuation lines (`│   │   `).
        hang: String,
        /// Kind and id, which stay whole on the first line (`key result lead-time`,
        /// `initiative migrate (*)`).
        name: String,
        /// What follows them: ` — title · owner` (a repeat's ` (*)` is in `name`).
        rest: String,
        node: Option<&'t crate::analysis::tree::Node>,
    },
}

impl TableRenderer {
    /// `tree`: the alignment as `cargo tree` draws it, one entity a line, its standing
    /// first in fixed columns (bar, percentage, status) so any depth and any title keeps
    /// them aligned, then the branch, the kind, id and title, and the owner after ` · `.
    /// A repeat (an entity already shown in full) ends in `(*)`; a root below the top
    /// comes after a line with the path of ids above it; roots are a blank line apart.
    ///
    /// Fitted to the width as the tables are: the bar shortens (10 cells, 5, none) until
    /// every kind and id fits beside its branch, and the text after them folds at spaces
    /// under the branch (an id never breaks).
    pub fn render_tree(
        &self,
        tree: &crate::analysis::tree::Tree,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let header = format!(
            "{} · {} · as of {}",
            sanitize(&tree.plan),
            tree.period.label,
            tree.as_of
        );
        writeln!(out, "{}", self.fold_line(&header))?;
        let mut lines = Vec::new();
        for (i, root) in tree.roots.iter().enumerate() {
            if i > 0 {
                lines.push(TreeLine::Gap);
            }
            if !root.ancestors.is_empty() {
                let ids: Vec<&str> = root.ancestors.iter().map(|a| a.id.as_str()).collect();
                lines.push(TreeLine::Path(clip(&ids.join(" › "), PROSE_CHARS)));
            }
            tree_lines(&root.node, &tree.period.label, "", "", &mut lines);
        }
        // Bar, space, percentage, two spaces, status, two spaces.
        let standing = |bar: usize| if bar == 0 { 0 } else { bar + 1 } + 4 + 2 + STATUS_CHARS + 2;
        // The widest layout in which every kind and id fits beside its branch: bars of 10
        // cells, 5, none, then branches two cells a level instead of four.
        let fits = |bar: usize, narrow: bool| {
            self.width.map(usize::from).is_none_or(|width| {
                lines.iter().all(|line| match line {
                    TreeLine::Entry { lead, name, .. } => {
                        let lead = if narrow {
                            lead.width() / 2
                        } else {
                            lead.width()
                        };
                        standing(bar) + lead + name.width() <= width
                    }
                    TreeLine::Gap | TreeLine::Path(_) => true,
                })
            })
        };
        let (bar, narrow) = [(10, false), (5, false), (0, false)]
            .into_iter()
            .find(|&(bar, narrow)| fits(bar, narrow))
            .unwrap_or((0, true));
        let blank = " ".repeat(standing(bar));
        // The room after the standing; `None`: no limit.
        let room = self
            .width
            .map(|w| usize::from(w).saturating_sub(standing(bar)));
        for line in &lines {
            match line {
                TreeLine::Gap => writeln!(out)?,
                TreeLine::Path(path) => {
                    let folded = room.map_or_else(|| path.clone(), |r| layout::fold_text(path, r));
                    for part in folded.lines() {
                        if self.color {
                            writeln!(out, "{blank}\x1b[2m{part}\x1b[0m")?;
                        } else {
                            writeln!(out, "{blank}{part}")?;
                        }
                    }
                }
                TreeLine::Entry {
                    lead,
                    hang,
                    name,
                    rest,
                    node,
                } => {
                    let (lead, hang) = if narrow {
                        (narrow_branch(lead), narrow_branch(hang))
                    } else {
                        (lead.clone(), hang.clone())
                    };
                    // The kind and id glued (no-break spaces), so they stay on one line.
                    let text = format!("{}{rest}", name.replace(' ', "\u{a0}"));
                    let folded = match room {
                        None => vec![text.replace('\u{a0}', " ")],
                        Some(r) => layout::fold_hanging(&text, r, lead.width(), hang.width()),
                    };
                    let mut parts = folded.iter();
                    let first = parts.next().map_or("", String::as_str);
                    match node {
                        None => writeln!(out, "{blank}{lead}{first}")?,
                        Some(node) => {
                            let (bar, pct) = node.progress.map_or_else(
                                || (" ".repeat(bar), "—".into()),
                                |p| (progress_bar(p, bar), percent(p)),
                            );
                            let status = node
                                .status
                                .map_or_else(|| "—".into(), super::tree::status_text);
                            let pad =
                                " ".repeat(STATUS_CHARS.saturating_sub(status.chars().count()));
                            let status = match (self.color, node.status) {
                                (true, Some(crate::analysis::tree::NodeStatus::Rating(s))) => {
                                    format!("\x1b[{}m{status}\x1b[0m", sgr(status_color(s)))
                                }
                                _ => status,
                            };
                            let bar = if bar.is_empty() { bar } else { bar + " " };
                            writeln!(out, "{bar}{pct:>4}  {status}{pad}  {lead}{first}")?;
                        }
                    }
                    for part in parts {
                        writeln!(out, "{blank}{hang}{part}")?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// A branch drawn two cells a level instead of four (`│   ├── ` becomes `│ ├ `).
fn narrow_branch(branch: &str) -> String {
    let chars: Vec<char> = branch.chars().collect();
    chars
        .chunks(4)
        .map(|level| match level.first() {
            Some(&c @ ('├' | '└' | '│')) => format!("{c} "),
            _ => "  ".to_string(),
        })
        .collect()
}

/// A bar of `cells` cells for `progress` (the ten-cell bar sampled down); empty for none.
fn progress_bar(progress: f64, cells: usize) -> String {
    if cells == 0 {
        return String::new();
    }
    bar(progress)
        .chars()
        .step_by(10 / cells)
        .take(cells)
        .collect()
}

/// The lines of `branch` and everything under it: `lead` before its own name,
/// `child_lead` before its children's branches; a child outside `period` is marked. The tree is at most
/// [`crate::analysis::tree::MAX_LEVELS`] deep, so the recursion is bounded.
fn tree_lines<'t>(
    branch: &'t crate::analysis::tree::Branch,
    period: &crate::time::period::Label,
    lead: &str,
    child_lead: &str,
    lines: &mut Vec<TreeLine<'t>>,
) {
    use super::tree::kind_and_id;
    use crate::analysis::tree::Branch;
    match branch {
        Branch::Repeat(r) => lines.push(TreeLine::Entry {
            lead: lead.to_string(),
            hang: format!("{child_lead}    "),
            // The mark stays with the id.
            name: format!("{} (*)", name(&kind_and_id(r.kind, &r.id))),
            rest: String::new(),
            node: None,
        }),
        Branch::Node(n) => {
            let owner = n
                .owner
                .as_deref()
                .map_or_else(String::new, |o| format!(" · {}", name(o)));
            // A child of another period: marked, counted nowhere.
            let outside = n.outside_period.as_ref().map_or_else(String::new, |p| {
                format!(" ({})", super::tree::outside(p, Some(period)))
            });
            let below = if n.children.is_empty() {
                "    "
            } else {
                "│   "
            };
            lines.push(TreeLine::Entry {
                lead: lead.to_string(),
                hang: format!("{child_lead}{below}"),
                name: name(&kind_and_id(n.kind, &n.id)),
                rest: format!(" — {}{owner}{outside}", name(&n.title)),
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
                    period,
                    &format!("{child_lead}{own}"),
                    &format!("{child_lead}{below}"),
                    lines,
                );
            }
        }
    }
}
