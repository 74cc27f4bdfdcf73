//! The review packet as one HTML page: the metrics with sparklines, one section per
//! pillar with bars and a chart per key result, then the outline's closing sections
//! ([`crate::render::review::closing`]).

use std::io::{self, Write};

use maud::{Markup, html};

use super::chart::{chart, sparkline};
use super::{around, bar, head, hole, id, label, page, put, scroll, status_span, whole};
use crate::analysis::review::{KeyResultReview, ObjectiveReview, Review};
use crate::render::outline::Block;
use crate::render::review::{
    grade, header_line, health_line, initiatives_sentence, kr_line, metrics_heading, summary_line,
    value,
};
use crate::render::text::{goal, owner_list};
use crate::text::sanitize;
use crate::text::variant;

/// The North Star and the metrics: one row each, with a sparkline of their readings.
fn metrics(r: &Review) -> Markup {
    scroll(&html! {
        table {
            (head(&["Metric", "Role", "Start", "End", "Goal", "Trend", "Status"], &[2, 3]))
            tbody {
                @for m in r.north_star.iter().chain(&r.metrics) {
                    @let unit = m.row.unit.as_deref();
                    tr {
                        td class="label" { (label(&m.row.id, &m.row.name)) }
                        td data-label="Role" { (variant(&m.row.role)) }
                        td class="num" data-label="Start" { (sanitize(&value(m.start, unit))) }
                        td class="num" data-label="End" { (sanitize(&value(m.end, unit))) }
                        td class="nowrap" data-label="Goal" {
                            (sanitize(&goal(
                                m.row.measure,
                                m.row.baseline,
                                m.row.target,
                                m.row.keep_below,
                                m.row.keep_above,
                                unit,
                            )))
                        }
                        td data-label="Trend" { (sparkline(&m.points.iter().map(|p| p.value).collect::<Vec<_>>())) }
                        td class="status" data-label="Status" { (status_span(m.row.status)) }
                    }
                }
            }
        }
    })
}

/// The left padding of a first cell in a pillar's tree: `base` rem (the stylesheet's) plus
/// 1.4 rem a level; `None` at the top level, which keeps the stylesheet's.
fn indent(base: f64, depth: usize) -> Option<String> {
    (depth > 0).then(|| format!("padding-left: {:.2}rem", base + 1.4 * depth as f64))
}

/// What the charts draw, once above the pillars.
const LEGEND: &str = "Charts: each key result's check-ins (points; the latest labelled) across its \
    window, on a 0–100% progress axis with the target at 100% (solid) and the expected pace \
    (dashed, numeric key results only); a threshold's readings on their own axis with its \
    limit (dashed).";

/// Writes one section per pillar: its objectives and key results with bars and charts,
/// then the initiatives sentences; an objective's rows at a time.
fn pillars(r: &Review, charts: Charts<'_>, out: &mut dyn Write) -> io::Result<()> {
    if !r.pillars.is_empty() {
        put(out, &html! { p class="legend" { (LEGEND) } })?;
    }
    for p in &r.pillars {
        let shell = html! {
            section class="pillar" {
                h2 { (id(&p.id)) " " (sanitize(&p.name)) " · grade " (grade(p.grade)) }
                (scroll(&html! { table {
                    (head(&[
                        "Objective / key result",
                        "Baseline → latest / target",
                        "Grade",
                        "Status",
                        "Check-ins",
                    ], &[2]))
                    tbody { (hole()) }
                } }))
                @for o in &p.objectives {
                    @if let Some(sentence) = initiatives_sentence(o) {
                        p { (sanitize(&sentence)) }
                    }
                }
            }
        };
        around(out, &shell, |out| {
            for o in &p.objectives {
                put(out, &objective_rows(o, charts))?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// An objective's row, then its key results' rows with their charts (`charts` draws each).
fn objective_rows(o: &ObjectiveReview, charts: Charts<'_>) -> Markup {
    let (class, met) = if o.met {
        ("status met", "✔ met")
    } else {
        ("status not-met", "✖ not met")
    };
    html! {
        tr class="objective" {
            td class="label" style=[indent(0.45, o.depth)] {
                strong { (label(&o.id, &o.title)) } " "
                span class="meta" {
                    "(" (sanitize(&owner_list(&o.owners)))
                    "; " (variant(&o.kind)) ")"
                }
            }
            td data-label="Progress" { (bar(o.grade.unwrap_or(0.0))) }
            td class="num grade" data-label="Grade" { (grade(o.grade)) }
            td class=(class) data-label="Status" { (met) }
            td {}
        }
        @for k in &o.key_results {
            @let line = kr_line(k);
            tr class="kr" {
                td class="label" style=[indent(1.4, o.depth)] {
                    (label(&k.row.id, &k.row.title))
                }
                td data-label="Baseline → latest / target" {
                    (sanitize(&line[0]))
                    br;
                    @match k.row.progress {
                        Some(p) => (bar(p)),
                        None => "—",
                    }
                }
                td class="num grade" data-label="Grade" { (line[1]) }
                td class="status" data-label="Status" {
                    (status_span(k.row.status))
                    @if k.row.stale { " · stale" }
                }
                td class="chart" { (charts(k)) }
            }
        }
    }
}

/// A table of plain-text cells.
fn plain_table(header: &[String], rows: &[Vec<String>]) -> Markup {
    scroll(&html! {
        table {
            thead { tr { @for c in header { th { (sanitize(c)) } } } }
            tbody {
                @for row in rows {
                    tr { @for (n, c) in row.iter().enumerate() {
                        td data-label=[(n > 0).then(|| header.get(n).map(|h| sanitize(h))).flatten()] { (sanitize(c)) }
                    } }
                }
            }
        }
    })
}

/// Bets, capacity, stale key results and goalposts: the outline's own closing blocks.
fn closing(r: &Review) -> Markup {
    let tail: Vec<Block> = crate::render::review::closing(r);
    html! {
        section class="closing" {
            @for block in &tail {
                @match block {
                    Block::Heading(_, t) => h2 { (sanitize(t)) },
                    Block::Para(p) => p { (sanitize(p)) },
                    Block::Table(header, rows) => (plain_table(header, rows)),
                    // The pillars come before the bets, with charts of their own (`pillars`).
                    Block::Goals(..) => {},
                }
            }
        }
    }
}

/// The packet as one self-contained HTML page: inline CSS and SVG, no script, no external
/// asset.
pub fn review(r: &Review, out: &mut dyn Write) -> io::Result<()> {
    page(out, &crate::render::review::title(r), |out| content(r, out))
}

/// Draws a key result's chart into the packet: [`chart`] itself, or (the site's period
/// pages) the copy of what [`chart`] drew for the key result's own page, the same bytes.
pub(crate) type Charts<'a> = &'a (dyn Fn(&KeyResultReview) -> Markup + Sync);

/// The packet's content, without the page around it (the review's page and the site's
/// period pages): its heading, metrics, pillars and closing sections.
pub(crate) fn content(r: &Review, out: &mut dyn Write) -> io::Result<()> {
    content_with(r, &chart, out)
}

/// [`content`] with each key result's chart drawn by `charts` (which must give
/// [`chart`]'s bytes: the site hands it the charts its key result pages drew).
pub(crate) fn content_with(r: &Review, charts: Charts<'_>, out: &mut dyn Write) -> io::Result<()> {
    let heading = html! {
        h1 {
            (crate::render::review::review_kind(&r.period.label)) ": " (sanitize(&r.plan)) " · "
            (whole(&r.period.label.to_string())) ", " (whole(&r.period.window.first_day.to_string()))
            " – " (whole(&r.period.window.last_day.to_string()))
        }
        p class="meta" { (sanitize(&header_line(r))) }
        p class="summary" { (sanitize(&summary_line(r))) }
        @if crate::render::review::has_metrics(r) {
            h2 { (metrics_heading(r)) }
            (metrics(r))
            p { (sanitize(&health_line(r, false))) }
        }
    };
    put(out, &heading)?;
    pillars(r, charts, out)?;
    put(out, &closing(r))
}
