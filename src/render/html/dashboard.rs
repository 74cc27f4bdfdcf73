//! The weekly dashboard (`status --format html`) and the other report views as HTML: the
//! report tables of [`crate::render::columns`] and the two mixes, in the packet's shell.

use std::io::{self, Write};

use maud::{Markup, html};

use super::{around, bar, head, hole, id, label, page, put, scroll, status_span, whole};
use crate::analysis::report::Report;
use crate::render::columns::{self, Cell, Column, Level, Row};
use crate::render::mix::Mix;
use crate::render::text::period_progress;
use crate::render::{Renderer, View};
use crate::text::{percent, sanitize};

/// The weekly dashboard (`status --format html`) and the other report views as one
/// self-contained page, in the review packet's shell and style. Its tables are the
/// terminal's and Markdown's ([`columns`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct HtmlRenderer;

/// How a report cell reads in HTML: ids in monospace beside their titles, bars beside
/// progress, statuses as glyph and word in their colour.
fn cell(c: &Cell) -> Markup {
    match c {
        Cell::Label { id: entity, title } => label(entity, title),
        Cell::Objective(o) => html! {
            strong { (label(&o.id, &o.title)) }
            @if let Some(owner) = &o.owner { " " span class="meta" { "(" (sanitize(owner)) ")" } }
        },
        Cell::Progress(Some(p)) => bar(*p),
        Cell::Status(s) => status_span(*s),
        Cell::Flagged { status, flag } => html! {
            (status_span(*status)) @if let Some(flag) = flag { " · " (flag) }
        },
        Cell::Drives(Some((p, s))) => html! { (percent(*p)) " " (status_span(*s)) },
        other => html! { (sanitize(&other.plain())) },
    }
}

/// Writes a table of `rows` in the `columns` Markdown shows: numbers, dates and statuses
/// kept on one line, user text (titles, notes, lists of ids) wrapping at spaces; a row at a
/// time.
fn grid(out: &mut dyn Write, columns: &[Column], rows: &[Row]) -> io::Result<()> {
    let shown = columns::shown(columns, rows, true);
    let headers: Vec<&str> = shown.iter().map(|&i| columns[i].header).collect();
    let kept: Vec<Column> = shown.iter().map(|&i| columns[i]).collect();
    let right = columns::right_aligned(&kept);
    let shell = scroll(&html! { table { (head(&headers, &right)) tbody { (hole()) } } });
    around(out, &shell, |out| {
        for row in rows {
            put(out, &grid_row(row, &shown, &headers, &right))?;
        }
        Ok(())
    })
}

/// One row of [`grid`]: the cells `shown` of `row`, under `headers`, those at `right`
/// right-aligned.
fn grid_row(row: &Row, shown: &[usize], headers: &[&str], right: &[usize]) -> Markup {
    let class = match row.level {
        Level::Pillar => Some("pillar-row"),
        Level::Objective => Some("objective"),
        Level::KeyResult => Some("kr"),
        Level::Item => None,
    };
    html! {
        tr class=[class] {
            @for (n, &i) in shown.iter().enumerate() {
                // Bars, statuses and dates stay on one line; values, goals and
                // text wrap at their spaces, so a wide table fits its page
                // instead of hiding its last columns behind a scrollbar.
                @let whole = keep_whole(&row.cells[i]);
                @let td_class = if n == 0 {
                    Some("label")
                } else if right.contains(&n) {
                    Some(if whole { "num nowrap" } else { "num" })
                } else {
                    Some("nowrap").filter(|_| whole)
                };
                td class=[td_class] data-label=[(n > 0).then_some(headers[n])] { (cell(&row.cells[i])) }
            }
        }
    }
}

/// Whether a dashboard cell reads as one unit that must not wrap: a bar with its
/// percentage, a status, a date, a change.
fn keep_whole(c: &Cell) -> bool {
    matches!(
        c,
        Cell::Progress(_)
            | Cell::Rated { .. }
            | Cell::Change(_)
            | Cell::Status(_)
            | Cell::Flagged { .. }
            | Cell::Drives(_)
            | Cell::Checkin(_)
            | Cell::DecideBy(_)
            | Cell::Bet(_)
    )
}

/// The portfolio mix or the capacity allocation: `headers` name the first two columns (the
/// class and its weeks), then each row's share, and its target ± the tolerance followed by
/// `✔ on target` or `✖ off target`.
fn mix(headers: [&str; 2], mix: &Mix) -> Markup {
    scroll(&html! { table {
        (head(&[headers[0], headers[1], "Share", "Target"], &[1, 2]))
        tbody { @for row in &mix.rows { tr {
            td { (row.name) }
            td class="num" data-label=(headers[1]) { (row.weeks()) }
            td class="num" data-label="Share" { (row.share()) }
            td class="nowrap" data-label="Target" {
                (mix.target(row))
                @match row.within {
                    Some(true) => { " " span class="ok" { "✔ on target" } }
                    Some(false) => { " " span class="off-track" { "✖ off target" } }
                    None => {}
                }
            }
        } } }
    } })
}

impl HtmlRenderer {
    fn metrics(r: &Report, out: &mut dyn Write) -> io::Result<()> {
        let rows: Vec<Row> = r
            .north_star
            .iter()
            .chain(&r.metrics)
            .map(columns::metric)
            .collect();
        grid(out, &columns::METRICS, &rows)
    }

    /// One section per pillar with objectives; every table has the same columns.
    fn okrs(r: &Report, out: &mut dyn Write) -> io::Result<()> {
        for p in &r.pillars {
            let objectives: Vec<_> = r.objectives.iter().filter(|o| o.pillar == p.id).collect();
            if objectives.is_empty() {
                continue;
            }
            let shell = html! {
                section class="pillar" {
                    h2 {
                        (id(&p.id)) " " (sanitize(&p.name))
                        @if let Some(v) = p.progress { " — " (percent(v)) " " (status_span(p.status)) }
                    }
                    (hole())
                }
            };
            around(out, &shell, |out| {
                grid(out, &columns::OKRS, &columns::okr_rows(&objectives))
            })?;
        }
        Ok(())
    }

    fn bets(r: &Report, out: &mut dyn Write) -> io::Result<()> {
        let rows: Vec<Row> = r.bets.iter().map(columns::bet).collect();
        grid(out, &columns::BETS, &rows)?;
        put(
            out,
            &mix(
                ["Risk class", "Funded appetite"],
                &Mix::portfolio(&r.portfolio),
            ),
        )
    }

    fn initiatives(r: &Report, out: &mut dyn Write) -> io::Result<()> {
        let rows: Vec<Row> = r.initiatives.iter().map(columns::initiative).collect();
        grid(out, &columns::INITIATIVES, &rows)?;
        put(out, &mix(["Work", "Effort"], &Mix::capacity(&r.capacity)))
    }

    /// The sections of `view`, after the page's heading.
    fn view(r: &Report, view: View, out: &mut dyn Write) -> io::Result<()> {
        match view {
            View::Status => {
                // Sections with nothing to show are left out, as in the review.
                if crate::render::has_metrics(r) {
                    put(
                        out,
                        &html! { h2 { @if r.north_star.is_some() { "North Star and metrics" } @else { "Metrics" } } },
                    )?;
                    Self::metrics(r, out)?;
                }
                Self::okrs(r, out)?;
                if r.bets.is_empty() && r.initiatives.is_empty() {
                    return Ok(());
                }
                around(
                    out,
                    &html! { section class="closing" { (hole()) } },
                    |out| {
                        if !r.bets.is_empty() {
                            put(out, &html! { h2 { "Bets" } })?;
                            Self::bets(r, out)?;
                        }
                        if !r.initiatives.is_empty() {
                            put(out, &html! { h2 { "Initiatives and capacity" } })?;
                            Self::initiatives(r, out)?;
                        }
                        Ok(())
                    },
                )
            }
            View::Okrs => Self::okrs(r, out),
            View::Bets => Self::bets(r, out),
            View::Initiatives => Self::initiatives(r, out),
            View::Metrics if !crate::render::has_metrics(r) => {
                put(out, &html! { p { (crate::render::NO_METRICS) } })
            }
            View::Metrics => Self::metrics(r, out),
        }
    }
}

impl Renderer for HtmlRenderer {
    fn render(&self, r: &Report, view: View, out: &mut dyn Write) -> io::Result<()> {
        page(out, &title(r), |out| content(r, view, out))
    }
}

/// The page title of report `r`: `plan · period`.
pub(super) fn title(r: &Report) -> String {
    format!("{} · {}", r.plan, r.quarter)
}

/// The page's content for report `r` in `view`, without its shell: the heading, then the
/// view's sections (the site's `index.html` holds it in its own shell).
pub(super) fn content(r: &Report, view: View, out: &mut dyn Write) -> io::Result<()> {
    let heading = html! {
        h1 { (sanitize(&r.plan)) " · " (whole(&r.quarter.to_string())) }
        p class="meta" {
            "As of " (r.as_of) " · expected pace " (percent(r.expected_pace))
            @if let Some(p) = r.progress {
                " · " (period_progress(&r.quarter).to_lowercase()) " " (percent(p)) " "
                (status_span(r.status))
            }
        }
    };
    put(out, &heading)?;
    HtmlRenderer::view(r, view, out)
}
