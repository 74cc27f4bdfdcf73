//! The review packet as one self-contained HTML page: inline CSS and SVG (progress bars,
//! sparklines, and per key result a chart of check-ins against the expected pace), a print
//! stylesheet (A4 and Letter, a page break before each pillar) and a dark-mode screen
//! style; no script, no external asset.
//!
//! The page is built with [`maud`], which escapes every interpolated value, so plan text can
//! only ever be text. Control characters are stripped from it first ([`sanitize`]). The only
//! unescaped markup is the constant stylesheet: the SVGs are maud elements too.

use std::io::{self, Write};

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::review::{
    Block, grade, header_line, health_line, initiatives_sentence, kr_line, metrics_heading,
    outline, summary_line, value,
};
use super::text::{goal, percent, sanitize, status_label};
use crate::lint::serde_variant;
use crate::report::Status;
use crate::review::{KeyResultReview, Review};
use crate::rollup::expected_pace;

const CSS: &str = r#"
:root { --fg: #1d2430; --muted: #5b6472; --line: #d5dae1; --bg: #ffffff; --ok: #1f8a4c; --warn: #b7791f; --bad: #c53030; --accent: #2b6cb0; }
@media screen and (prefers-color-scheme: dark) {
  :root { --fg: #e6e9ee; --muted: #a0a8b5; --line: #3a4250; --bg: #161a21; --ok: #48bb78; --warn: #ecc94b; --bad: #fc8181; --accent: #63b3ed; }
}
* { box-sizing: border-box; }
body { font: 11pt/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .5rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem; }
p.meta { color: var(--muted); margin: 0 0 .75rem; }
p.summary { font-size: 1.05rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; table-layout: auto; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { color: var(--muted); font-weight: 600; font-size: .85rem; white-space: nowrap; }
td.status, td.grade { white-space: nowrap; }
svg.spark polyline { fill: none; stroke: var(--accent); stroke-width: 1.5; }
td.num { text-align: right; white-space: nowrap; }
tr.kr td:first-child { padding-left: 1.4rem; }
.done, .ok, .on-track, .met { color: var(--ok); }
.at-risk { color: var(--warn); }
.off-track, .breach, .not-met { color: var(--bad); }
.no-data, .tracking { color: var(--muted); }
svg.bar .track { fill: var(--line); } svg.bar .fill { fill: var(--accent); }
svg.chart .pace { stroke: var(--muted); stroke-dasharray: 3 3; stroke-width: 1; }
svg.chart .actual { fill: none; stroke: var(--accent); stroke-width: 1.5; } svg.chart .dot { fill: var(--accent); }
.pillar { break-inside: auto; }
@page { margin: 14mm 12mm; } /* no fixed size: the same page prints on A4 and on Letter */
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 9.5pt; color: #000; background: #fff; }
  .pillar { break-before: page; }
  table { page-break-inside: auto; } tr { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
"#;
/// A progress bar as inline SVG (0–1, clamped), with the percentage as text for readers
/// without SVG.
fn bar(progress: f64) -> Markup {
    let width = (progress.clamp(0.0, 1.0) * 100.0).round();
    let label = percent(progress);
    html! {
        svg class="bar" viewBox="0 0 100 8" width="100" height="8" role="img" aria-label=(label) {
            rect class="track" width="100" height="8" rx="2" {}
            rect class="fill" width=(width) height="8" rx="2" {}
        }
        " " (label)
    }
}

/// A key result's check-ins (progress over its own window) against its expected-pace line.
fn chart(kr: &KeyResultReview) -> Markup {
    const W: f64 = 160.0;
    const H: f64 = 40.0;
    let at = |date: chrono::NaiveDate| expected_pace(kr.row.window, date) * W;
    let height = |progress: f64| H - progress.clamp(0.0, 1.0) * H;
    // A draft's check-ins have no progress to plot.
    let points: Vec<(String, String)> = kr
        .points
        .iter()
        .filter_map(|p| {
            p.progress.map(|progress| {
                (
                    format!("{:.1}", at(p.date)),
                    format!("{:.1}", height(progress)),
                )
            })
        })
        .collect();
    let path: Vec<String> = points.iter().map(|(x, y)| format!("{x},{y}")).collect();
    html! {
        svg class="chart" viewBox=(format!("0 0 {W} {H}")) width=(W) height=(H) role="img"
            aria-label="check-ins against the expected pace" {
            line class="pace" x1="0" y1=(H) x2=(W) y2="0" {}
            @if points.len() > 1 {
                polyline class="actual" points=(path.join(" ")) {}
            }
            @for (x, y) in &points {
                circle class="dot" cx=(x) cy=(y) r="2" {}
            }
        }
    }
}

/// A sparkline of `values` as inline SVG (fonts rarely carry the block characters in print).
fn sparkline(values: &[f64]) -> Markup {
    const W: f64 = 60.0;
    const H: f64 = 14.0;
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let step = if values.len() > 1 {
        W / (values.len() - 1) as f64
    } else {
        0.0
    };
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let y = if max > min {
                H - (v - min) / (max - min) * H
            } else {
                H / 2.0
            };
            format!("{:.1},{y:.1}", i as f64 * step)
        })
        .collect();
    html! {
        svg class="spark" viewBox=(format!("-1 -1 {} {}", W + 2.0, H + 2.0)) width=(W) height=(H)
            role="img" aria-label="trend" {
            polyline points=(points.join(" ")) {}
        }
    }
}

fn status_span(s: Status) -> Markup {
    html! { span class=(s.as_str()) { (sanitize(&status_label(s))) } }
}

/// A header row.
fn head(cells: &[&str]) -> Markup {
    html! { thead { tr { @for c in cells { th { (sanitize(c)) } } } } }
}

/// The North Star and the metrics: one row each, with a sparkline of their readings.
fn metrics(r: &Review) -> Markup {
    html! {
        table {
            (head(&["Metric", "Role", "Start", "End", "Goal", "Trend", "Status"]))
            tbody {
                @for m in r.north_star.iter().chain(&r.metrics) {
                    @let unit = m.row.unit.as_deref();
                    tr {
                        td { strong { (sanitize(&m.row.id)) } " " (sanitize(&m.row.name)) }
                        td { (serde_variant(&m.row.role)) }
                        td class="num" { (sanitize(&value(m.start, unit))) }
                        td class="num" { (sanitize(&value(m.end, unit))) }
                        td {
                            (sanitize(&goal(
                                m.row.measure,
                                m.row.baseline,
                                m.row.target,
                                m.row.keep_below,
                                m.row.keep_above,
                                unit,
                            )))
                        }
                        td { (sparkline(&m.points.iter().map(|p| p.value).collect::<Vec<_>>())) }
                        td class="status" { (status_span(m.row.status)) }
                    }
                }
            }
        }
    }
}

/// The left padding of a first cell in a pillar's tree: `base` rem (the stylesheet's) plus
/// 1.4 rem a level; `None` at the top level, which keeps the stylesheet's.
fn indent(base: f64, depth: usize) -> Option<String> {
    (depth > 0).then(|| format!("padding-left: {:.2}rem", base + 1.4 * depth as f64))
}

/// One section per pillar: its objectives and key results with bars and charts, then the
/// initiatives sentences.
fn pillars(r: &Review) -> Markup {
    html! {
        @for p in &r.pillars {
            section class="pillar" {
                h2 { (sanitize(&p.id)) " — " (sanitize(&p.name)) " · grade " (grade(p.grade)) }
                table {
                    (head(&[
                        "Objective / key result",
                        "Baseline → latest / target",
                        "Progress",
                        "Grade",
                        "Status",
                        "Check-ins vs pace",
                    ]))
                    tbody {
                        @for o in &p.objectives {
                            @let (class, met) = if o.met {
                                ("status met", "✔ met")
                            } else {
                                ("status not-met", "✖ not met")
                            };
                            tr class="objective" {
                                td style=[indent(0.45, o.depth)] {
                                    strong { (sanitize(&o.id)) } " " (sanitize(&o.title)) " "
                                    span class="meta" {
                                        "(" (sanitize(&super::text::owner_list(&o.owners)))
                                        "; " (serde_variant(&o.kind)) ")"
                                    }
                                }
                                td {}
                                td { (bar(o.grade.unwrap_or(0.0))) }
                                td class="num grade" { (grade(o.grade)) }
                                td class=(class) { (met) }
                                td {}
                            }
                            @for k in &o.key_results {
                                @let line = kr_line(k);
                                tr class="kr" {
                                    td style=[indent(1.4, o.depth)] {
                                        (sanitize(&format!("{} {}", k.row.id, k.row.title)))
                                    }
                                    td { (sanitize(&line[1])) }
                                    td {
                                        @match k.row.progress {
                                            Some(p) => (bar(p)),
                                            None => "—",
                                        }
                                    }
                                    td class="num grade" { (line[2]) }
                                    td class="status" {
                                        (status_span(k.row.status))
                                        @if k.row.stale { " · stale" }
                                    }
                                    td { (chart(k)) }
                                }
                            }
                        }
                    }
                }
                @for o in &p.objectives {
                    @if let Some(sentence) = initiatives_sentence(o) {
                        p { (sanitize(&sentence)) }
                    }
                }
            }
        }
    }
}

/// Bets, capacity and stale key results: the outline's own blocks, from its "Bets" heading.
fn closing(r: &Review) -> Markup {
    let tail: Vec<Block> = outline(r)
        .into_iter()
        .skip_while(|b| !matches!(b, Block::Heading(2, t) if t == "Bets"))
        .collect();
    html! {
        section class="closing" {
            @for block in &tail {
                @match block {
                    Block::Heading(_, t) => h2 { (sanitize(t)) },
                    Block::Para(p) => p { (sanitize(p)) },
                    Block::Table(header, rows) => table {
                        thead { tr { @for c in header { th { (sanitize(c)) } } } }
                        tbody {
                            @for row in rows {
                                tr { @for c in row { td { (sanitize(c)) } } }
                            }
                        }
                    },
                }
            }
        }
    }
}

/// The packet as one self-contained HTML page: inline CSS and SVG, no script, no external
/// asset.
pub fn review(r: &Review, out: &mut dyn Write) -> io::Result<()> {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (sanitize(&super::review::title(r))) }
                style { (PreEscaped(CSS)) }
            }
            body {
                h1 { (super::review::review_kind(&r.period.label)) ": " (sanitize(&r.plan)) " · " (r.period) }
                p class="meta" { (sanitize(&header_line(r))) }
                p class="summary" { (sanitize(&summary_line(r))) }
                h2 { (metrics_heading(r)) }
                (metrics(r))
                p { (sanitize(&health_line(r, false))) }
                (pillars(r))
                (closing(r))
            }
        }
    };
    out.write_all(page.into_string().as_bytes())?;
    out.write_all(b"\n")
}
