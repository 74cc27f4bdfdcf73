//! The review packet in four formats. Text and Markdown share one outline of headings,
//! paragraphs and tables ([`outline`]); HTML is a self-contained page with inline CSS and
//! SVG (progress bars, and per key result a chart of check-ins against the expected pace),
//! a print stylesheet (A4 and Letter, a page break before each pillar) and a dark-mode
//! screen style. All user text is escaped in every format.

use std::fmt::Write as _;
use std::io::{self, Write};

use comfy_table::presets::{ASCII_MARKDOWN, UTF8_FULL_CONDENSED};
use comfy_table::{ContentArrangement, Table};
use html_escape::encode_text;

use super::markdown::escape as md;
use super::text::{goal, number, percent, sanitize, status_label, with_unit};
use crate::lint::serde_variant;
use crate::report::{BetRow, MeasureKind};
use crate::review::{KeyResultReview, MetricReview, Point, Review, by_status};
use crate::rollup::expected_pace;

/// One piece of the packet's outline.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading of level 1–3.
    Heading(u8, String),
    /// A paragraph.
    Para(String),
    /// A table: header and rows of plain text.
    Table(Vec<String>, Vec<Vec<String>>),
}

fn grade(g: Option<f64>) -> String {
    g.map_or_else(|| "—".into(), |g| format!("{g:.2}"))
}

fn value(v: Option<f64>, unit: Option<&str>) -> String {
    v.map_or_else(|| "—".into(), |v| with_unit(v, unit))
}

fn metric_line(m: &MetricReview) -> Vec<String> {
    let unit = m.row.unit.as_deref();
    vec![
        format!("{} {}", m.row.id, m.row.name),
        serde_variant(&m.row.role),
        value(m.start, unit),
        value(m.end, unit),
        goal(
            m.row.measure,
            m.row.baseline,
            m.row.target,
            m.row.keep_below,
            m.row.keep_above,
            unit,
        ),
        super::text::sparkline(&m.points.iter().map(|p| p.value).collect::<Vec<_>>()),
        status_label(m.row.status),
    ]
}

fn kr_line(k: &KeyResultReview) -> Vec<String> {
    let r = &k.row;
    let unit = r.unit.as_deref();
    let latest = super::text::reading(r.current, unit);
    let path = match r.measure {
        MeasureKind::Numeric => format!(
            "{} → {} / {}",
            r.baseline.map_or_else(|| "—".into(), number),
            latest,
            value(r.target, unit)
        ),
        _ => format!(
            "{latest} / {}",
            goal(
                r.measure,
                r.baseline,
                r.target,
                r.keep_below,
                r.keep_above,
                unit
            )
        ),
    };
    vec![
        format!("  ↳ {} {}", r.id, r.title),
        path,
        grade(Some(r.progress)),
        format!(
            "{}{}",
            status_label(r.status),
            if r.stale { " · stale" } else { "" }
        ),
    ]
}

/// `Initiatives for X: done: a; still active: b, c.`, or `None` when it has none.
fn initiatives_sentence(o: &crate::review::ObjectiveReview) -> Option<String> {
    let groups: Vec<String> = by_status(&o.initiatives)
        .iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(label, list)| {
            let ids: Vec<&str> = list.iter().map(|i| i.id.as_str()).collect();
            format!("{label}: {}", ids.join(", "))
        })
        .collect();
    (!groups.is_empty()).then(|| format!("Initiatives for {}: {}.", o.id, groups.join("; ")))
}

fn bet_line(b: &BetRow) -> Vec<String> {
    vec![
        format!("{} {}", b.id, b.title),
        serde_variant(&b.risk),
        format!("{} wk", number(b.appetite_weeks)),
        b.decide_by.map_or_else(|| "—".into(), |d| d.to_string()),
        b.owner.clone().unwrap_or_else(|| "—".into()),
    ]
}

fn header_line(r: &Review) -> String {
    let source = match &r.source {
        Some(s) if s.uncommitted_changes => format!(" · git {} with uncommitted changes", s.commit),
        Some(s) => format!(" · git {}", s.commit),
        None => String::new(),
    };
    let stage = match r.stage {
        crate::review::Stage::Closed => String::new(),
        crate::review::Stage::Interim => {
            format!(" (interim: {} runs to {})", r.quarter, r.quarter.last_day())
        }
        crate::review::Stage::NotStarted => format!(
            " (not started: {} begins {})",
            r.quarter,
            r.quarter.first_day()
        ),
    };
    format!("As of {}{stage}{source}", r.as_of)
}

fn summary_line(r: &Review) -> String {
    let ns = &r.north_star;
    let unit = ns.row.unit.as_deref();
    format!(
        "{} of {} objectives met · mean grade {} · North Star {} → {} (target {})",
        r.summary.objectives_met,
        r.summary.objectives_total,
        grade(r.summary.mean_grade),
        value(r.summary.north_star_start, unit),
        value(r.summary.north_star_end, unit),
        value(ns.row.target, unit)
    )
}

/// The packet as an outline of headings, paragraphs and tables (for text and Markdown).
#[must_use]
pub fn outline(r: &Review) -> Vec<Block> {
    let mut out = vec![
        Block::Heading(1, format!("Quarterly review: {} · {}", r.plan, r.quarter)),
        Block::Para(header_line(r)),
        Block::Para(summary_line(r)),
        Block::Heading(2, "North Star and metrics".into()),
        Block::Table(
            ["Metric", "Role", "Start", "End", "Goal", "Trend", "Status"]
                .map(String::from)
                .to_vec(),
            std::iter::once(&r.north_star)
                .chain(&r.metrics)
                .map(metric_line)
                .collect(),
        ),
    ];
    let breaches: Vec<String> = r
        .metrics
        .iter()
        .flat_map(|m| {
            m.breaches.iter().map(move |b| {
                format!(
                    "{} {} on {} ({})",
                    m.row.id,
                    with_unit(b.value, m.row.unit.as_deref()),
                    b.date,
                    goal(
                        m.row.measure,
                        None,
                        None,
                        m.row.keep_below,
                        m.row.keep_above,
                        m.row.unit.as_deref()
                    )
                )
            })
        })
        .collect();
    out.push(Block::Para(if breaches.is_empty() {
        "Health: no breach this quarter.".into()
    } else {
        format!("Health breaches: {}.", breaches.join("; "))
    }));
    for p in &r.pillars {
        out.push(Block::Heading(
            2,
            format!("{} — {} · grade {}", p.id, p.name, grade(p.grade)),
        ));
        let mut rows = Vec::new();
        for o in &p.objectives {
            let kind = match o.kind {
                crate::plan::model::ObjectiveKind::Aspirational => "aspirational, met at 0.7",
                crate::plan::model::ObjectiveKind::Committed => "committed, met at 1.0",
            };
            rows.push(vec![
                format!(
                    "{} {} ({}; {kind})",
                    o.id,
                    o.title,
                    o.owner.as_deref().unwrap_or("no owner")
                ),
                String::new(),
                grade(o.grade),
                if o.met {
                    "✔ met".into()
                } else {
                    "✖ not met".into()
                },
            ]);
            rows.extend(o.key_results.iter().map(kr_line));
        }
        out.push(Block::Table(
            [
                "Objective / key result",
                "Baseline → latest / target",
                "Grade",
                "Status",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        ));
        for o in &p.objectives {
            if let Some(sentence) = initiatives_sentence(o) {
                out.push(Block::Para(sentence));
            }
        }
    }
    out.push(Block::Heading(2, "Bets".into()));
    if r.bets.decided.is_empty() {
        out.push(Block::Para(format!("No bet was decided in {}.", r.quarter)));
    } else {
        out.push(Block::Table(
            ["Decided bet", "Decision", "Date", "Outcome", "Learnings"]
                .map(String::from)
                .to_vec(),
            r.bets
                .decided
                .iter()
                .map(|d| {
                    vec![
                        format!("{} {}", d.row.id, d.row.title),
                        serde_variant(&d.row.status),
                        d.row.decided.map_or_else(|| "—".into(), |x| x.to_string()),
                        d.row.outcome.clone().unwrap_or_default(),
                        d.learnings.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
        ));
    }
    for (label, list) in [
        ("Still running", &r.bets.running),
        ("Overdue", &r.bets.overdue),
    ] {
        if !list.is_empty() {
            out.push(Block::Table(
                [label, "Risk", "Appetite", "Decide by", "Owner"]
                    .map(String::from)
                    .to_vec(),
                list.iter().map(bet_line).collect(),
            ));
        }
    }
    out.push(Block::Table(
        ["Portfolio mix", "Funded appetite", "Share", "Target"]
            .map(String::from)
            .to_vec(),
        r.bets
            .portfolio
            .classes
            .iter()
            .map(|c| {
                vec![
                    serde_variant(&c.risk),
                    format!("{} wk", number(c.appetite_weeks)),
                    c.share.map_or_else(|| "—".into(), percent),
                    format!(
                        "{} ± {}{}",
                        percent(c.target),
                        percent(r.bets.portfolio.tolerance),
                        if c.within_tolerance == Some(false) {
                            " ✖"
                        } else {
                            ""
                        }
                    ),
                ]
            })
            .collect(),
    ));
    out.push(Block::Heading(2, "Capacity and stale key results".into()));
    out.push(Block::Table(
        ["Work", "Effort", "Share", "Target"]
            .map(String::from)
            .to_vec(),
        r.capacity
            .kinds
            .iter()
            .map(|k| {
                vec![
                    serde_variant(&k.work),
                    format!("{} wk", number(k.effort_weeks)),
                    k.share.map_or_else(|| "—".into(), percent),
                    k.target.map_or_else(
                        || "—".into(),
                        |t| {
                            format!(
                                "{} ± {}{}",
                                percent(t),
                                percent(r.capacity.tolerance.unwrap_or(0.0)),
                                if k.within_tolerance == Some(false) {
                                    " ✖"
                                } else {
                                    ""
                                }
                            )
                        },
                    ),
                ]
            })
            .collect(),
    ));
    out.push(Block::Para(if r.stale_key_results.is_empty() {
        "No stale key result.".into()
    } else {
        format!("Stale key results: {}.", r.stale_key_results.join(", "))
    }));
    out
}

fn comfy(header: &[String], rows: &[Vec<String>], markdown: bool) -> Table {
    let mut t = Table::new();
    if markdown {
        t.load_style(ASCII_MARKDOWN);
        t.set_content_arrangement(ContentArrangement::Disabled);
    } else {
        t.load_style(UTF8_FULL_CONDENSED);
    }
    t.force_no_tty();
    let clean = |s: &String| if markdown { md(s) } else { sanitize(s) };
    t.set_header(header.iter().map(clean).collect::<Vec<_>>());
    for row in rows {
        t.add_row(row.iter().map(clean).collect::<Vec<_>>());
    }
    t
}

/// The packet as terminal text.
pub fn text(r: &Review, out: &mut dyn Write) -> io::Result<()> {
    print_outline(&outline(r), out, false)
}

/// The packet as GitHub-flavoured Markdown.
pub fn markdown(r: &Review, out: &mut dyn Write) -> io::Result<()> {
    print_outline(&outline(r), out, true)
}

/// Prints an outline as terminal text (underlined headings, box tables) or as Markdown
/// (`#` headings, pipe tables, escaped text).
pub fn print_outline(blocks: &[Block], out: &mut dyn Write, markdown: bool) -> io::Result<()> {
    for block in blocks {
        match (block, markdown) {
            (Block::Heading(level, h), true) => {
                writeln!(out, "{} {}\n", "#".repeat(usize::from(*level)), md(h))?;
            }
            (Block::Heading(1, h), false) => {
                writeln!(out, "{}\n{}", sanitize(h), "═".repeat(h.chars().count()))?;
            }
            (Block::Heading(_, h), false) => {
                writeln!(out, "\n{}\n{}", sanitize(h), "─".repeat(h.chars().count()))?;
            }
            (Block::Para(p), true) => writeln!(out, "{}\n", md(p))?,
            (Block::Para(p), false) => writeln!(out, "{}", sanitize(p))?,
            (Block::Table(h, rows), true) => writeln!(out, "{}\n", comfy(h, rows, true))?,
            (Block::Table(h, rows), false) => writeln!(out, "{}", comfy(h, rows, false))?,
        }
    }
    Ok(())
}

/// HTML-escaped user text.
fn h(text: &str) -> String {
    encode_text(&sanitize(text)).into_owned()
}

/// A progress bar as inline SVG (0–1, clamped), with the percentage as text for readers
/// without SVG.
fn svg_bar(progress: f64) -> String {
    let width = (progress.clamp(0.0, 1.0) * 100.0).round();
    format!(
        r#"<svg class="bar" viewBox="0 0 100 8" width="100" height="8" role="img" aria-label="{p}"><rect class="track" width="100" height="8" rx="2"/><rect class="fill" width="{width}" height="8" rx="2"/></svg> {p}"#,
        p = percent(progress)
    )
}

/// A key result's check-ins (progress over the quarter) against the expected-pace line.
fn svg_chart(kr: &KeyResultReview, review: &Review) -> String {
    const W: f64 = 160.0;
    const H: f64 = 40.0;
    let quarter = review.quarter;
    let at = |date: chrono::NaiveDate| expected_pace(quarter, date) * W;
    let height = |progress: f64| H - progress.clamp(0.0, 1.0) * H;
    let mut s = format!(
        r#"<svg class="chart" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="check-ins against the expected pace"><line class="pace" x1="0" y1="{H}" x2="{W}" y2="0"/>"#
    );
    let pts: Vec<(f64, f64)> = kr
        .points
        .iter()
        .map(|p: &Point| (at(p.date), height(p.progress)))
        .collect();
    if pts.len() > 1 {
        let path: Vec<String> = pts.iter().map(|(a, b)| format!("{a:.1},{b:.1}")).collect();
        let _ = write!(
            s,
            r#"<polyline class="actual" points="{}"/>"#,
            path.join(" ")
        );
    }
    for (a, b) in &pts {
        let _ = write!(s, r#"<circle class="dot" cx="{a:.1}" cy="{b:.1}" r="2"/>"#);
    }
    s.push_str("</svg>");
    s
}

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

/// A sparkline of `values` as inline SVG (fonts rarely carry the block characters in print).
fn svg_sparkline(values: &[f64]) -> String {
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
    format!(
        r#"<svg class="spark" viewBox="-1 -1 {} {}" width="{W}" height="{H}" role="img" aria-label="trend"><polyline points="{}"/></svg>"#,
        W + 2.0,
        H + 2.0,
        points.join(" ")
    )
}

fn status_span(s: crate::report::Status) -> String {
    format!(
        r#"<span class="{}">{}</span>"#,
        s.as_str(),
        h(&status_label(s))
    )
}

/// The packet as one self-contained HTML page: inline CSS and SVG, no script, no external
/// asset.
pub fn html(r: &Review, out: &mut dyn Write) -> io::Result<()> {
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        h(&format!("Quarterly review: {} · {}", r.plan, r.quarter))
    );
    let _ = write!(
        s,
        "<h1>Quarterly review: {} · {}</h1>\n<p class=\"meta\">{}</p>\n<p class=\"summary\">{}</p>\n",
        h(&r.plan),
        r.quarter,
        h(&header_line(r)),
        h(&summary_line(r))
    );
    s.push_str("<h2>North Star and metrics</h2>\n<table><thead><tr><th>Metric</th><th>Role</th><th>Start</th><th>End</th><th>Goal</th><th>Trend</th><th>Status</th></tr></thead><tbody>\n");
    for m in std::iter::once(&r.north_star).chain(&r.metrics) {
        let unit = m.row.unit.as_deref();
        let _ = writeln!(
            s,
            "<tr><td><strong>{}</strong> {}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"status\">{}</td></tr>",
            h(&m.row.id),
            h(&m.row.name),
            serde_variant(&m.row.role),
            h(&value(m.start, unit)),
            h(&value(m.end, unit)),
            h(&goal(
                m.row.measure,
                m.row.baseline,
                m.row.target,
                m.row.keep_below,
                m.row.keep_above,
                unit
            )),
            svg_sparkline(&m.points.iter().map(|p| p.value).collect::<Vec<_>>()),
            status_span(m.row.status)
        );
    }
    s.push_str("</tbody></table>\n");
    let breaches: Vec<String> = r
        .metrics
        .iter()
        .flat_map(|m| {
            m.breaches.iter().map(move |b| {
                format!(
                    "{} {} on {}",
                    m.row.id,
                    with_unit(b.value, m.row.unit.as_deref()),
                    b.date
                )
            })
        })
        .collect();
    let _ = writeln!(
        s,
        "<p>{}</p>",
        h(&if breaches.is_empty() {
            "Health: no breach this quarter.".to_string()
        } else {
            format!("Health breaches: {}.", breaches.join("; "))
        })
    );
    for p in &r.pillars {
        let _ = writeln!(
            s,
            "<section class=\"pillar\">\n<h2>{} — {} · grade {}</h2>",
            h(&p.id),
            h(&p.name),
            grade(p.grade)
        );
        s.push_str("<table><thead><tr><th>Objective / key result</th><th>Baseline → latest / target</th><th>Progress</th><th>Grade</th><th>Status</th><th>Check-ins vs pace</th></tr></thead><tbody>\n");
        for o in &p.objectives {
            let (class, met) = if o.met {
                ("met", "✔ met")
            } else {
                ("not-met", "✖ not met")
            };
            let _ = writeln!(
                s,
                "<tr class=\"objective\"><td><strong>{}</strong> {} <span class=\"meta\">({}; {})</span></td><td></td><td>{}</td><td class=\"num grade\">{}</td><td class=\"status {class}\">{met}</td><td></td></tr>",
                h(&o.id),
                h(&o.title),
                h(o.owner.as_deref().unwrap_or("no owner")),
                serde_variant(&o.kind),
                svg_bar(o.grade.unwrap_or(0.0)),
                grade(o.grade)
            );
            for k in &o.key_results {
                let line = kr_line(k);
                let _ = writeln!(
                    s,
                    "<tr class=\"kr\"><td>{}</td><td>{}</td><td>{}</td><td class=\"num grade\">{}</td><td class=\"status\">{}{}</td><td>{}</td></tr>",
                    h(&format!("{} {}", k.row.id, k.row.title)),
                    h(&line[1]),
                    svg_bar(k.row.progress),
                    line[2],
                    status_span(k.row.status),
                    if k.row.stale { " · stale" } else { "" },
                    svg_chart(k, r)
                );
            }
        }
        s.push_str("</tbody></table>\n");
        for o in &p.objectives {
            if let Some(sentence) = initiatives_sentence(o) {
                let _ = writeln!(s, "<p>{}</p>", h(&sentence));
            }
        }
        s.push_str("</section>\n");
    }
    // Bets, capacity and stale key results reuse the outline's tables.
    let tail: Vec<Block> = outline(r)
        .into_iter()
        .skip_while(|b| !matches!(b, Block::Heading(2, t) if t == "Bets"))
        .collect();
    s.push_str("<section class=\"closing\">\n");
    for block in tail {
        match block {
            Block::Heading(_, t) => {
                let _ = writeln!(s, "<h2>{}</h2>", h(&t));
            }
            Block::Para(p) => {
                let _ = writeln!(s, "<p>{}</p>", h(&p));
            }
            Block::Table(head, rows) => {
                s.push_str("<table><thead><tr>");
                for c in &head {
                    let _ = write!(s, "<th>{}</th>", h(c));
                }
                s.push_str("</tr></thead><tbody>\n");
                for row in rows {
                    s.push_str("<tr>");
                    for c in &row {
                        let _ = write!(s, "<td>{}</td>", h(c));
                    }
                    s.push_str("</tr>\n");
                }
                s.push_str("</tbody></table>\n");
            }
        }
    }
    s.push_str("</section>\n</body>\n</html>\n");
    out.write_all(s.as_bytes())
}
