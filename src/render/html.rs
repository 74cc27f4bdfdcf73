//! The HTML pages: the review packet ([`review`]) and the weekly dashboard
//! ([`HtmlRenderer`], `status --format html`), each one self-contained page in the same
//! shell ([`page`]): inline CSS and SVG (progress bars, sparklines, and per key result a
//! chart of its check-ins), a print stylesheet (A4 and Letter; pillars share a page when
//! they fit) and a dark-mode screen style; no script, no external asset.
//!
//! The pages are built with [`maud`], which escapes every interpolated value, so plan text
//! can only ever be text. Control characters are stripped from it first ([`sanitize`]). The
//! only unescaped markup is the constant stylesheet: the SVGs are maud elements too.
//!
//! What the pages promise a reader: every status carries a glyph and a word, not only a
//! colour; text colours meet WCAG AA contrast (4.5:1) on both backgrounds; every chart has
//! a text alternative that states its numbers (`aria-label`); on a phone (under 40 rem)
//! each table row is a card, its cells after their column's name (`data-label`); a table
//! wider than the screen above that scrolls sideways inside its own box; words are never
//! broken letter by letter.

use std::io::{self, Write};

use chrono::NaiveDate;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::columns::{self, Cell, Column, Level, Row};
use super::mix::Mix;
use super::review::{
    Block, grade, header_line, health_line, initiatives_sentence, kr_line, metrics_heading,
    summary_line, value,
};
use super::text::{goal, owner_list, period_progress, status_label, with_unit};
use super::{Renderer, View};
use crate::analysis::lint::serde_variant;
use crate::analysis::report::{MeasureKind, Report, Status};
use crate::analysis::review::{KeyResultReview, Point, Review};
use crate::text::{number, percent, sanitize};

const CSS: &str = r#"
:root { --fg: #1d2430; --muted: #5b6472; --line: #d5dae1; --grid: #eceff3; --bg: #ffffff; --done: #0e6b8c; --ok: #1a7340; --warn: #975a16; --bad: #c53030; --accent: #2b6cb0; }
@media screen and (prefers-color-scheme: dark) {
  :root { --fg: #e6e9ee; --muted: #a0a8b5; --line: #3a4250; --grid: #262c36; --bg: #161a21; --done: #4fd1c5; --ok: #48bb78; --warn: #ecc94b; --bad: #fc8181; --accent: #63b3ed; }
}
* { box-sizing: border-box; }
body { font: 11pt/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); margin: 2rem auto; max-width: 64rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.4rem 0 .4rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem; break-after: avoid; }
p { margin: .4rem 0; }
p.meta, .meta, p.legend { color: var(--muted); }
p.meta { margin: 0 0 .6rem; }
p.summary { font-size: 1.05rem; }
.whole { white-space: nowrap; }
code.id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .88em; white-space: nowrap; }
.scroll { overflow-x: auto; margin: .4rem 0 .8rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .45rem; text-align: left; vertical-align: top; overflow-wrap: normal; word-break: normal; }
th { color: var(--muted); font-weight: 600; font-size: .85rem; white-space: nowrap; }
td.label { min-width: 14em; }
.pct { display: inline-block; min-width: 2.6em; text-align: right; }
td.num, th.num { text-align: right; }
th.num, td.nowrap { white-space: nowrap; }
td.status, td.grade { white-space: nowrap; }
td.chart { padding-top: .1rem; padding-bottom: .1rem; }
tr.kr td.label { padding-left: 1.4rem; }
tr.objective td { border-top: 1px solid var(--line); }
.done { color: var(--done); }
.ok, .on-track, .met { color: var(--ok); }
.at-risk { color: var(--warn); }
.off-track, .breach, .not-met { color: var(--bad); }
.no-data, .tracking, .not-started, .draft { color: var(--muted); }
svg { vertical-align: middle; }
svg.bar .track { fill: var(--line); } svg.bar .fill { fill: var(--accent); }
svg.spark polyline { fill: none; stroke: var(--accent); stroke-width: 1.5; }
svg.chart { display: block; }
svg.chart text { font: 8px -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--muted); }
svg.chart text.latest { fill: var(--fg); font-weight: 600; }
svg.chart .axis { stroke: var(--muted); stroke-width: 1; }
svg.chart .grid { stroke: var(--grid); stroke-width: 1; }
svg.chart .target { stroke: var(--ok); stroke-width: 1; }
svg.chart .limit { stroke: var(--bad); stroke-width: 1; stroke-dasharray: 4 2; }
svg.chart .pace { stroke: var(--muted); stroke-dasharray: 3 3; stroke-width: 1; }
svg.chart .actual { fill: none; stroke: var(--accent); stroke-width: 1.5; }
svg.chart .dot { fill: var(--accent); stroke: var(--bg); stroke-width: 1; }
svg.chart .dot.miss { fill: var(--bad); }
/* On a phone each table row becomes a card: cells stacked, each after its column's name. */
@media screen and (max-width: 40rem) {
  body { margin: 1rem auto; }
  .scroll { overflow-x: visible; }
  .scroll table, .scroll tbody { display: block; width: auto; }
  .scroll thead { display: none; }
  .scroll tr { display: flex; flex-wrap: wrap; align-items: baseline; border-bottom: 1px solid var(--line); padding: .35rem 0; }
  .scroll td.label, .scroll td.chart { flex: 0 0 100%; }
  .scroll tr.objective td { border-top: 0; }
  .scroll td { display: block; border: 0; padding: .08rem .45rem; text-align: left; white-space: normal; min-width: 0; }
  .scroll td:empty { display: none; }
  .scroll td[data-label]::before { content: attr(data-label); color: var(--muted); font-size: .8rem; margin-right: .4em; }
}
@page { margin: 12mm 11mm; } /* no fixed size: the same page prints on A4 and on Letter */
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 8.5pt; line-height: 1.3; color: #000; background: #fff; }
  h1 { font-size: 1.35rem; }
  h2 { font-size: 1.05rem; margin: .9rem 0 .3rem; }
  /* A pillar flows across pages (kept whole, one taller than the space left jumped to the
     next page and left the rest blank); an objective keeps its first key result. */
  tr.objective { break-after: avoid; }
  h2 + .scroll, h2 + p { break-before: avoid; }
  .scroll { overflow: visible; margin: .2rem 0 .5rem; }
  th, td { padding: .15rem .35rem; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  td.label { min-width: 11em; }
  svg.chart { width: 168px; height: 60.2px; }
  body > :last-child { margin-bottom: 0; }
}
"#;

/// One self-contained page: `title`, the stylesheet, and `body`.
fn page(title: &str, body: &Markup) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (sanitize(title)) }
                style { (PreEscaped(CSS)) }
            }
            body { (body) }
        }
    };
    page.into_string() + "\n"
}

/// A period label or a date that never breaks across lines (`2026-Q4` broke after its
/// hyphen in a narrow title).
fn whole(text: &str) -> Markup {
    html! { span class="whole" { (text) } }
}

/// An id in monospace, set apart from the title after it.
fn id(id: &str) -> Markup {
    html! { code class="id" { (sanitize(id)) } }
}

/// An id, then its title in normal text.
fn label(entity: &str, title: &str) -> Markup {
    html! { (id(entity)) " " (sanitize(title)) }
}

/// A table inside a box that scrolls sideways when the screen is narrower than the table,
/// and whose rows become cards on a phone (the stylesheet's `max-width: 40rem` rule; every
/// cell but the first carries its column's name in `data-label`).
fn scroll(table: &Markup) -> Markup {
    html! { div class="scroll" { (table) } }
}

/// A progress bar as inline SVG (0–1, clamped), with the percentage as text for readers
/// without SVG (of a fixed width, so the bars line up).
fn bar(progress: f64) -> Markup {
    let width = (progress.clamp(0.0, 1.0) * 100.0).round();
    let label = percent(progress);
    html! {
        svg class="bar" viewBox="0 0 100 8" width="80" height="8" aria-hidden="true" {
            rect class="track" width="100" height="8" rx="2" {}
            rect class="fill" width=(width) height="8" rx="2" {}
        }
        " " span class="pct" { (label) }
    }
}

/// The chart's size and plot area, in SVG user units (pixels on screen). The plot area is
/// padded on every side, so a point at 0 or 100% and the latest value's label are drawn
/// whole.
mod frame {
    pub const WIDTH: f64 = 240.0;
    pub const HEIGHT: f64 = 86.0;
    pub const LEFT: f64 = 34.0;
    pub const RIGHT: f64 = 222.0;
    pub const TOP: f64 = 14.0;
    pub const BOTTOM: f64 = 66.0;
    /// The baseline of the date labels under the x axis.
    pub const DATES: f64 = 78.0;
}

/// How a key result's chart reads its check-ins: progress (0–100%) for a numeric,
/// milestone or children key result; the measured value against its limit for a
/// threshold, whose progress is only ever 0 or 1.
enum Scale {
    Progress {
        pace: bool,
    },
    Value {
        lo: f64,
        hi: f64,
        step: f64,
        limit: f64,
    },
}

impl Scale {
    fn of(kr: &KeyResultReview) -> Option<Scale> {
        let r = &kr.row;
        if r.measure == MeasureKind::Threshold {
            let limit = r.keep_below.or(r.keep_above)?;
            let (lo, hi) = kr.points.iter().fold((limit, limit), |(lo, hi), p| {
                (lo.min(p.value), hi.max(p.value))
            });
            // Round numbers a little beyond the readings and the limit: 10–20% for 10.4–16.2%.
            let pad = if hi > lo {
                (hi - lo) * 0.05
            } else {
                limit.abs().max(1.0) * 0.5
            };
            let step = nice_step(hi - lo + 2.0 * pad);
            return Some(Scale::Value {
                lo: ((lo - pad) / step).floor() * step,
                hi: ((hi + pad) / step).ceil() * step,
                step,
                limit,
            });
        }
        kr.points
            .iter()
            .any(|p| p.progress.is_some())
            .then_some(Scale::Progress {
                // A milestone is done or not: no pace between the two.
                pace: matches!(r.measure, MeasureKind::Numeric | MeasureKind::Children),
            })
    }

    /// The height of a point, or `None` for a draft's check-in (no progress to plot).
    fn y(&self, p: &Point) -> Option<f64> {
        use frame::{BOTTOM, TOP};
        let fraction = match *self {
            Scale::Progress { .. } => p.progress?.clamp(0.0, 1.0),
            Scale::Value { lo, hi, .. } => (p.value - lo) / (hi - lo),
        };
        Some(BOTTOM - fraction * (BOTTOM - TOP))
    }

    fn y_of(&self, v: f64) -> f64 {
        self.y(&Point {
            date: NaiveDate::MIN,
            value: v,
            progress: Some(v),
        })
        .unwrap_or(frame::BOTTOM)
    }
}

/// A round step that cuts `range` into about two: 1, 2 or 5 times a power of ten.
fn nice_step(range: f64) -> f64 {
    let raw = (range / 2.0).max(f64::MIN_POSITIVE);
    let magnitude = 10f64.powf(raw.log10().floor());
    let factor = match raw / magnitude {
        f if f <= 1.0 => 1.0,
        f if f <= 2.0 => 2.0,
        f if f <= 5.0 => 5.0,
        _ => 10.0,
    };
    factor * magnitude
}

/// Where `date` falls across the key result's window, in user units.
fn x(window: crate::time::period::Window, date: NaiveDate) -> f64 {
    let span = (window.last_day - window.first_day).num_days().max(1) as f64;
    let at = ((date - window.first_day).num_days() as f64 / span).clamp(0.0, 1.0);
    frame::LEFT + at * (frame::RIGHT - frame::LEFT)
}

/// A check-in's value as the key result reads it: `done`/`not done` for a milestone, else
/// the number with its unit.
fn point_value(kr: &KeyResultReview, p: &Point) -> String {
    if kr.row.measure == MeasureKind::Milestone {
        return if p.value >= 0.5 { "done" } else { "not done" }.into();
    }
    with_unit(p.value, kr.row.unit.as_deref())
}

/// Whether a threshold check-in missed its limit.
fn missed(kr: &KeyResultReview, p: &Point) -> bool {
    kr.row.keep_below.is_some_and(|l| p.value > l) || kr.row.keep_above.is_some_and(|l| p.value < l)
}

/// One check-in as words: `110 pages on 2026-10-05 (13%)`, or for a threshold
/// `17% on 2026-10-19 (missed)`.
fn point_words(kr: &KeyResultReview, p: &Point) -> String {
    let note = if kr.row.measure == MeasureKind::Threshold {
        Some(if missed(kr, p) {
            "missed".to_string()
        } else {
            "kept".to_string()
        })
    } else {
        p.progress.map(percent)
    };
    match note {
        Some(note) => format!("{} on {} ({note})", point_value(kr, p), p.date),
        None => format!("{} on {}", point_value(kr, p), p.date),
    }
}

/// The chart's text alternative: every check-in with its value, then the goal and, where
/// drawn, the expected pace.
fn chart_words(kr: &KeyResultReview, scale: &Scale) -> String {
    let r = &kr.row;
    let points: Vec<String> = kr.points.iter().map(|p| point_words(kr, p)).collect();
    let goal = goal(
        r.measure,
        r.baseline,
        r.target,
        r.keep_below,
        r.keep_above,
        r.unit.as_deref(),
    );
    let pace = match scale {
        Scale::Progress { pace: true } => {
            format!("; expected pace by now {}", percent(r.expected_pace))
        }
        _ => String::new(),
    };
    format!(
        "Check-ins of {} (window {} to {}): {}; goal {goal}{pace}.",
        r.id,
        r.window.first_day,
        r.window.last_day,
        points.join(", ")
    )
}

/// A key result's chart: its check-ins across its window (the first and last days on the
/// x axis) as points, each with its value on hover and the latest labelled, on a progress
/// axis (0–100%) with the target line at 100% and, for a numeric key result, the
/// expected-pace line; a threshold's values on their own axis with the limit line instead.
/// `—` when it has nothing to plot (no check-ins, a draft's, a threshold without a limit).
fn chart(kr: &KeyResultReview) -> Markup {
    use frame::{BOTTOM, DATES, HEIGHT, LEFT, RIGHT, TOP, WIDTH};
    let Some(scale) = Scale::of(kr).filter(|_| !kr.points.is_empty()) else {
        return html! { span class="meta" { "no check-ins" } };
    };
    let window = kr.row.window;
    let plotted: Vec<(f64, f64, &Point)> = kr
        .points
        .iter()
        .filter_map(|p| scale.y(p).map(|y| (x(window, p.date), y, p)))
        .collect();
    let path: Vec<String> = plotted
        .iter()
        .map(|(x, y, _)| format!("{x:.1},{y:.1}"))
        .collect();
    let unit = kr.row.unit.as_deref();
    let ticks: Vec<(f64, String)> = match scale {
        Scale::Progress { .. } => vec![
            (0.0, "0%".into()),
            (0.5, "50%".into()),
            (1.0, "100%".into()),
        ],
        Scale::Value { lo, hi, step, .. } => {
            let tick = |v: f64| match unit {
                Some("%") => with_unit(v, unit),
                _ => number(v),
            };
            // Two to five ticks: `step` cuts the range into about two.
            std::iter::successors(Some(lo), |v| Some(v + step))
                .take_while(|v| *v <= hi + step / 2.0)
                .map(|v| (v, tick(v)))
                .collect()
        }
    };
    // The latest value beside its point: to its right (where no later point is), or above
    // it, ending there, when the point is near the window's end.
    let latest = plotted.last().map(|&(x, y, p)| {
        let (x, y, anchor) = if x < RIGHT - 44.0 {
            (x + 5.0, y + 3.0, "start")
        } else {
            (
                x,
                if y - 6.0 < TOP - 8.0 {
                    y + 12.0
                } else {
                    y - 6.0
                },
                "end",
            )
        };
        (x, y, anchor, point_value(kr, p))
    });
    html! {
        svg class="chart" viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) width=(WIDTH) height=(HEIGHT)
            role="img" aria-label=(chart_words(kr, &scale)) {
            @for (v, text) in &ticks {
                @let y = format!("{:.1}", scale.y_of(*v));
                line class="grid" x1=(LEFT) y1=(y) x2=(RIGHT) y2=(y) {}
                text x=(LEFT - 4.0) y=(format!("{:.1}", scale.y_of(*v) + 3.0)) text-anchor="end" { (text) }
            }
            line class="axis" x1=(LEFT) y1=(TOP - 4.0) x2=(LEFT) y2=(BOTTOM) {}
            line class="axis" x1=(LEFT) y1=(BOTTOM) x2=(RIGHT) y2=(BOTTOM) {}
            text x=(LEFT) y=(DATES) text-anchor="start" { (window.first_day) }
            text x=(RIGHT) y=(DATES) text-anchor="end" { (window.last_day) }
            @match scale {
                Scale::Progress { pace } => {
                    @let top = format!("{:.1}", scale.y_of(1.0));
                    line class="target" x1=(LEFT) y1=(top) x2=(RIGHT) y2=(top) {}
                    @if pace {
                        line class="pace" x1=(LEFT) y1=(BOTTOM) x2=(RIGHT) y2=(top) {}
                    }
                }
                Scale::Value { limit, .. } => {
                    @let y = format!("{:.1}", scale.y_of(limit));
                    line class="limit" x1=(LEFT) y1=(y) x2=(RIGHT) y2=(y) {}
                    text x=(LEFT + 2.0) y=(format!("{:.1}", scale.y_of(limit) - 2.0)) {
                        (goal(MeasureKind::Threshold, None, None, kr.row.keep_below, kr.row.keep_above, unit))
                    }
                }
            }
            @if plotted.len() > 1 {
                polyline class="actual" points=(path.join(" ")) {}
            }
            @for (x, y, p) in &plotted {
                @let class = if kr.row.measure == MeasureKind::Threshold && missed(kr, p) { "dot miss" } else { "dot" };
                circle class=(class) cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r="2.5" {
                    title { (point_words(kr, p)) }
                }
            }
            @if let Some((x, y, anchor, text)) = latest {
                text class="latest" x=(format!("{x:.1}")) y=(format!("{y:.1}")) text-anchor=(anchor) { (text) }
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
    let words: Vec<String> = values.iter().map(|v| number(*v)).collect();
    html! {
        svg class="spark" viewBox=(format!("-1 -1 {} {}", W + 2.0, H + 2.0)) width=(W) height=(H)
            role="img" aria-label=(format!("trend: {}", words.join(", "))) {
            polyline points=(points.join(" ")) {}
        }
    }
}

/// A status as its glyph and word, coloured by its class.
fn status_span(s: Status) -> Markup {
    html! { span class=(s.as_str()) { (sanitize(&status_label(s))) } }
}

/// A header row; the columns at `right` are right-aligned.
fn head(cells: &[&str], right: &[usize]) -> Markup {
    html! {
        thead { tr { @for (i, c) in cells.iter().enumerate() {
            th class=[right.contains(&i).then_some("num")] { (sanitize(c)) }
        } } }
    }
}

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
                        td data-label="Role" { (serde_variant(&m.row.role)) }
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

/// One section per pillar: its objectives and key results with bars and charts, then the
/// initiatives sentences.
fn pillars(r: &Review) -> Markup {
    html! {
        @if !r.pillars.is_empty() {
            p class="legend" { (LEGEND) }
        }
        @for p in &r.pillars {
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
                    tbody {
                        @for o in &p.objectives {
                            @let (class, met) = if o.met {
                                ("status met", "✔ met")
                            } else {
                                ("status not-met", "✖ not met")
                            };
                            tr class="objective" {
                                td class="label" style=[indent(0.45, o.depth)] {
                                    strong { (label(&o.id, &o.title)) } " "
                                    span class="meta" {
                                        "(" (sanitize(&owner_list(&o.owners)))
                                        "; " (serde_variant(&o.kind)) ")"
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
                                    td class="chart" { (chart(k)) }
                                }
                            }
                        }
                    }
                } }))
                @for o in &p.objectives {
                    @if let Some(sentence) = initiatives_sentence(o) {
                        p { (sanitize(&sentence)) }
                    }
                }
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
    let tail: Vec<Block> = super::review::closing(r);
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
    let body = html! {
        h1 {
            (super::review::review_kind(&r.period.label)) ": " (sanitize(&r.plan)) " · "
            (whole(&r.period.label.to_string())) ", " (whole(&r.period.window.first_day.to_string()))
            " – " (whole(&r.period.window.last_day.to_string()))
        }
        p class="meta" { (sanitize(&header_line(r))) }
        p class="summary" { (sanitize(&summary_line(r))) }
        @if super::review::has_metrics(r) {
            h2 { (metrics_heading(r)) }
            (metrics(r))
            p { (sanitize(&health_line(r, false))) }
        }
        (pillars(r))
        (closing(r))
    };
    out.write_all(page(&super::review::title(r), &body).as_bytes())
}

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
                    @if super::has_metrics(r) {
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
                View::Metrics if !super::has_metrics(r) => p { (super::NO_METRICS) },
                View::Metrics => (Self::metrics(r)),
            }
        };
        out.write_all(page(&title, &body).as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::CSS;

    /// The colour variables of the first `:root { … }` at or after `from` in the stylesheet.
    fn palette(from: &str) -> Vec<(String, String)> {
        let at = CSS.find(from).unwrap();
        let root = &CSS[at..];
        let block = &root[root.find(":root {").unwrap()..];
        let block = &block[..block.find('}').unwrap()];
        regex::Regex::new(r"--([a-z]+): (#[0-9a-f]{6})")
            .unwrap()
            .captures_iter(block)
            .map(|c| (c[1].to_string(), c[2].to_string()))
            .collect()
    }

    /// WCAG 2.2's relative luminance of an sRGB colour `#rrggbb` (0–1): the linearised
    /// channels weighted 0.2126, 0.7152, 0.0722 (WCAG 2.2, "relative luminance").
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap()) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
    }

    /// WCAG 2.2's contrast ratio (1–21): (L1 + 0.05) / (L2 + 0.05), L1 the lighter.
    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn contrast_follows_the_wcag_definition() {
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
        assert!((contrast("#777777", "#ffffff") - 4.478).abs() < 1e-3);
    }

    /// Every colour that text is written in meets WCAG AA (4.5:1) on its background, in the
    /// light and in the dark style.
    #[test]
    fn text_colours_meet_wcag_aa_on_both_backgrounds() {
        for from in [":root {", "prefers-color-scheme: dark"] {
            let colours = palette(from);
            let bg = &colours.iter().find(|(n, _)| n == "bg").unwrap().1;
            let text: Vec<_> = colours
                .iter()
                .filter(|(n, _)| !matches!(n.as_str(), "bg" | "line" | "grid"))
                .collect();
            assert_eq!(text.len(), 7, "{from}: {colours:?}");
            for (name, hex) in text {
                let ratio = contrast(hex, bg);
                assert!(
                    ratio >= 4.5,
                    "{from}: --{name} {hex} on {bg} is {ratio:.2}:1"
                );
            }
        }
    }
}
