//! The weekly dashboard (`status --format html`) and the other report views as HTML: the
//! report tables of [`crate::render::columns`] and the two mixes, in the packet's shell.

use std::io::{self, Write};

use maud::{Markup, html};

use super::{bar, head, id, label, page, scroll, status_span, whole};
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

/// A table of `rows` in the `columns` Markdown shows: numbers, dates and statuses kept on
/// one line, user text (titles, notes, lists of ids) wrapping at spaces.
fn grid(columns: &[Column], rows: &[Row]) -> Markup {
    let shown = columns::shown(columns, rows, true);
    let headers: Vec<&str> = shown.iter().map(|&i| columns[i].header).collect();
    let kept: Vec<Column> = shown.iter().map(|&i| columns[i]).collect();
    let right = columns::right_aligned(&kept);
    scroll(&html! {
        table {
            (head(&headers, &right))
            tbody {
                @for row in rows {
                    @let class = match row.level {
                        Level::Pillar => Some("pillar-row"),
                        Level::Objective => Some("objective"),
                        Level::KeyResult => Some("kr"),
                        Level::Item => None,
                    };
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
        }
    })
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
    fn metrics(r: &Report) -> Markup {
        let rows: Vec<Row> = r
            .north_star
            .iter()
            .chain(&r.metrics)
            .map(columns::metric)
            .collect();
        grid(&columns::METRICS, &rows)
    }

    /// One section per pillar with objectives; every table has the same columns.
    fn okrs(r: &Report) -> Markup {
        html! {
            @for p in &r.pillars {
                @let objectives: Vec<_> = r.objectives.iter().filter(|o| o.pillar == p.id).collect();
                @if !objectives.is_empty() {
                    section class="pillar" {
                        h2 {
                            (id(&p.id)) " " (sanitize(&p.name))
                            @if let Some(v) = p.progress { " — " (percent(v)) " " (status_span(p.status)) }
                        }
                        (grid(&columns::OKRS, &columns::okr_rows(&objectives)))
                    }
                }
            }
        }
    }

    fn bets(r: &Report) -> Markup {
        let rows: Vec<Row> = r.bets.iter().map(columns::bet).collect();
        html! {
            (grid(&columns::BETS, &rows))
            (mix(["Risk class", "Funded appetite"], &Mix::portfolio(&r.portfolio)))
        }
    }

    fn initiatives(r: &Report) -> Markup {
        let rows: Vec<Row> = r.initiatives.iter().map(columns::initiative).collect();
        html! {
            (grid(&columns::INITIATIVES, &rows))
            (mix(["Work", "Effort"], &Mix::capacity(&r.capacity)))
        }
    }
}

impl Renderer for HtmlRenderer {
    fn render(&self, r: &Report, view: View, out: &mut dyn Write) -> io::Result<()> {
        let title = format!("{} · {}", r.plan, r.quarter);
        let body = html! {
            h1 { (sanitize(&r.plan)) " · " (whole(&r.quarter.to_string())) }
            p class="meta" {
                "As of " (r.as_of) " · expected pace " (percent(r.expected_pace))
                @if let Some(p) = r.progress {
                    " · " (period_progress(&r.quarter).to_lowercase()) " " (percent(p)) " "
                    (status_span(r.status))
                }
            }
            @match view {
                View::Status => {
                    // Sections with nothing to show are left out, as in the review.
                    @if crate::render::has_metrics(r) {
                        h2 { @if r.north_star.is_some() { "North Star and metrics" } @else { "Metrics" } }
                        (Self::metrics(r))
                    }
                    (Self::okrs(r))
                    @if !r.bets.is_empty() || !r.initiatives.is_empty() {
                        section class="closing" {
                            @if !r.bets.is_empty() {
                                h2 { "Bets" }
                                (Self::bets(r))
                            }
                            @if !r.initiatives.is_empty() {
                                h2 { "Initiatives and capacity" }
                                (Self::initiatives(r))
                            }
                        }
                    }
                }
                View::Okrs => (Self::okrs(r)),
                View::Bets => (Self::bets(r)),
                View::Initiatives => (Self::initiatives(r)),
                View::Metrics if !crate::render::has_metrics(r) => p { (crate::render::NO_METRICS) },
                View::Metrics => (Self::metrics(r)),
            }
        };
        out.write_all(page(&title, &body).as_bytes())
    }
}
