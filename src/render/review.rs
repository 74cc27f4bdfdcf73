//! The review packet as text and Markdown, which share one outline of headings, paragraphs
//! and tables ([`outline`]). The HTML page is in [`super::html`] and reuses the outline and
//! the line helpers here. All user text is escaped in every format.

use std::io::{self, Write};

use comfy_table::presets::ASCII_MARKDOWN;
use comfy_table::{ContentArrangement, Table};

use super::markdown::escape as md;
use super::mix::Mix;
use super::table::TableRenderer;
use super::text::{PROSE_CHARS, clip, goal, owner_list, status_label, with_unit};
use crate::analysis::lint::serde_variant;
use crate::analysis::report::{BetRow, MeasureKind};
use crate::analysis::review::{KeyResultReview, MetricReview, Review, by_status};
use crate::text::{number, sanitize};

/// One piece of the packet's outline.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading of level 1–3.
    Heading(u8, String),
    /// A paragraph.
    Para(String),
    /// A table: header and rows of plain text.
    Table(Vec<String>, Vec<Vec<String>>),
    /// A pillar's objectives and key results: header, then rows whose first cell is a
    /// [`Label`] (an id set apart from its title) and whose other cells are plain text.
    Goals(Vec<String>, Vec<(Label, Vec<String>)>),
}

/// The first cell of an objective's or a key result's row: where it sits in the tree, its
/// id and its title, and for an objective the note after them (owners; kind).
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// The tree's indentation before the id, `└` included ([`objective_indent`],
    /// [`key_result_indent`]).
    pub indent: String,
    /// A key result (written behind `↳`), else an objective.
    pub key_result: bool,
    pub id: String,
    pub title: String,
    /// `(ana; committed, met at 1.0)` after an objective's title.
    pub note: Option<String>,
}

impl Label {
    /// The label as plain text: `  ↳ lead-time Median lead time`, or
    /// `└ fewer-pages On-call is sustainable (dmitri; committed, met at 1.0)`.
    pub(crate) fn plain(&self) -> String {
        self.with_id(&self.id, &self.title)
    }

    /// The label with `id` and `title` as given (escaped, or marked up, by the caller).
    fn with_id(&self, id: &str, title: &str) -> String {
        let marker = if self.key_result { "  ↳ " } else { "" };
        let note = self
            .note
            .as_ref()
            .map_or_else(String::new, |n| format!(" {n}"));
        format!("{}{marker}{id} {title}{note}", self.indent)
    }
}

pub(crate) fn grade(g: Option<f64>) -> String {
    g.map_or_else(|| "—".into(), |g| format!("{g:.2}"))
}

pub(crate) fn value(v: Option<f64>, unit: Option<&str>) -> String {
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

/// A key result's cells after its [`Label`]: baseline → latest / target (or latest / goal),
/// grade, and status (`· stale` when it is).
pub(crate) fn kr_line(k: &KeyResultReview) -> Vec<String> {
    let r = &k.row;
    let unit = r.unit.as_deref();
    let latest = super::text::reading(r.current, unit);
    let path = match r.measure {
        MeasureKind::Numeric => format!(
            "{} → {} / {}",
            r.baseline.map_or_else(|| "—".into(), number),
            latest,
            // No target: a draft.
            r.target
                .map_or_else(|| "tbd".into(), |t| with_unit(t, unit))
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
        path,
        grade(r.progress),
        format!(
            "{}{}",
            status_label(r.status),
            if r.stale { " · stale" } else { "" }
        ),
    ]
}

/// `Initiatives for X: done: a; still active: b, c.`, or `None` when it has none.
pub(crate) fn initiatives_sentence(o: &crate::analysis::review::ObjectiveReview) -> Option<String> {
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

pub(crate) fn header_line(r: &Review) -> String {
    let source = match &r.source {
        Some(s) if s.uncommitted_changes => format!(" · git {} with uncommitted changes", s.commit),
        Some(s) => format!(" · git {}", s.commit),
        None => String::new(),
    };
    let stage = match r.stage {
        crate::analysis::review::Stage::Closed => String::new(),
        crate::analysis::review::Stage::Interim => {
            format!(
                " (interim: {} runs to {})",
                r.quarter, r.period.window.last_day
            )
        }
        crate::analysis::review::Stage::NotStarted => format!(
            " (not started: {} begins {})",
            r.quarter, r.period.window.first_day
        ),
    };
    let team = match &r.team {
        Some(t) if t.sub_teams.is_empty() => format!(" · team {}", t.id),
        Some(t) => format!(" · team {} with sub-teams {}", t.id, t.sub_teams.join(", ")),
        None => String::new(),
    };
    format!("As of {}{stage}{team}{source}", r.as_of)
}

/// The deepest level the packet indents: deeper objectives line up with it (their `└`
/// still marks them children), so a chain of thousands of parents cannot make every row
/// thousands of cells wide.
pub(crate) const MAX_INDENT: usize = 8;

/// The indentation of an objective's row in its pillar's tree: none at the top level,
/// `└ ` under its parent's key results from depth 1 on (four columns a level, at most
/// [`MAX_INDENT`] levels).
pub(crate) fn objective_indent(depth: usize) -> String {
    match depth.min(MAX_INDENT) {
        0 => String::new(),
        d => format!("{}  └ ", "    ".repeat(d - 1)),
    }
}

/// The indentation of a key result's row under an objective at `depth`, before its `  ↳`
/// (at most [`MAX_INDENT`] levels).
pub(crate) fn key_result_indent(depth: usize) -> String {
    "    ".repeat(depth.min(MAX_INDENT))
}

pub(crate) fn summary_line(r: &Review) -> String {
    let objectives = format!(
        "{} of {} objectives met · mean grade {}",
        r.summary.objectives_met,
        r.summary.objectives_total,
        grade(r.summary.mean_grade),
    );
    let Some(ns) = &r.north_star else {
        return objectives;
    };
    let unit = ns.row.unit.as_deref();
    let target = ns
        .row
        .target
        .map_or_else(String::new, |t| format!(" (target {})", with_unit(t, unit)));
    format!(
        "{objectives} · North Star {} → {}{target}",
        value(r.summary.north_star_start, unit),
        value(r.summary.north_star_end, unit),
    )
}

/// The packet's title, naming the period in the organisation's words:
/// `Quarterly review: Acme · FY24-Q2, 2023-05-01 – 2023-07-31` (`Half-year review`,
/// `Annual review`, `Cycle review` for the other kinds). Plain text, unescaped.
pub(crate) fn title(r: &Review) -> String {
    format!(
        "{}: {} · {}",
        review_kind(&r.period.label),
        r.plan,
        r.period
    )
}

/// `Quarterly review`, `Half-year review`, `Annual review` or `Cycle review`.
pub(crate) fn review_kind(label: &crate::time::period::Label) -> &'static str {
    match label.noun() {
        "quarter" => "Quarterly review",
        "half" => "Half-year review",
        "year" => "Annual review",
        _ => "Cycle review",
    }
}

/// The heading over the metrics: the North Star is named only when the plan has one.
pub(crate) fn metrics_heading(r: &Review) -> &'static str {
    if r.north_star.is_some() {
        "North Star and metrics"
    } else {
        "Metrics"
    }
}

/// The health sentence: `Health breaches: ID VALUE on DATE; ….` for every check-in of a
/// threshold metric inside the period that missed its limit, or `Health: no breach this
/// quarter.` (`this half`, `this year`, `this cycle`). With `limits`, each breach names the limit it missed: `… on DATE (≤ 15%)`
/// (the text and Markdown packets do; the HTML page does not). Plain text, unescaped.
pub(crate) fn health_line(r: &Review, limits: bool) -> String {
    let breaches: Vec<String> = r
        .metrics
        .iter()
        .flat_map(|m| {
            let unit = m.row.unit.as_deref();
            m.breaches.iter().map(move |b| {
                let breach = format!("{} {} on {}", m.row.id, with_unit(b.value, unit), b.date);
                if limits {
                    let limit = goal(
                        m.row.measure,
                        None,
                        None,
                        m.row.keep_below,
                        m.row.keep_above,
                        unit,
                    );
                    format!("{breach} ({limit})")
                } else {
                    breach
                }
            })
        })
        .collect();
    if breaches.is_empty() {
        format!("Health: no breach this {}.", r.period.label.noun())
    } else {
        format!("Health breaches: {}.", breaches.join("; "))
    }
}

/// Whether the packet has a metrics section: a plan with neither a North Star nor a
/// metric has none to print, in any format.
pub(crate) fn has_metrics(r: &Review) -> bool {
    r.north_star.is_some() || !r.metrics.is_empty()
}

/// Whether the packet has a bets section: a bet decided in the period, one running or
/// overdue, or a funded bet in the portfolio mix. A plan without bets prints none.
pub(crate) fn has_bets(r: &Review) -> bool {
    !r.bets.decided.is_empty()
        || !r.bets.running.is_empty()
        || !r.bets.overdue.is_empty()
        || r.bets.portfolio.funded_bets > 0
}

/// Whether the packet has a capacity table: initiative effort inside the period. A plan
/// without initiatives (or with none in the period) prints none.
pub(crate) fn has_capacity(r: &Review) -> bool {
    r.capacity.effort_weeks > 0.0
}

/// The heading over the capacity table and the stale key results, or over the stale key
/// results alone when there is no capacity to show.
pub(crate) fn capacity_heading(r: &Review) -> &'static str {
    if has_capacity(r) {
        "Capacity and stale key results"
    } else {
        "Stale key results"
    }
}

/// The packet as an outline of headings, paragraphs and tables (for text and Markdown).
/// Sections with nothing to show (metrics, bets, capacity) are left out.
#[must_use]
pub fn outline(r: &Review) -> Vec<Block> {
    let mut out = vec![
        Block::Heading(1, title(r)),
        Block::Para(header_line(r)),
        Block::Para(summary_line(r)),
    ];
    if has_metrics(r) {
        out.push(Block::Heading(2, metrics_heading(r).into()));
        out.push(Block::Table(
            ["Metric", "Role", "Start", "End", "Goal", "Trend", "Status"]
                .map(String::from)
                .to_vec(),
            r.north_star
                .iter()
                .chain(&r.metrics)
                .map(metric_line)
                .collect(),
        ));
        out.push(Block::Para(health_line(r, true)));
    }
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
            let label = Label {
                indent: objective_indent(o.depth),
                key_result: false,
                id: o.id.clone(),
                title: o.title.clone(),
                note: Some(format!("({}; {kind})", owner_list(&o.owners))),
            };
            let met = if o.met { "✔ met" } else { "✖ not met" };
            rows.push((label, vec![String::new(), grade(o.grade), met.into()]));
            rows.extend(o.key_results.iter().map(|k| {
                let label = Label {
                    indent: key_result_indent(o.depth),
                    key_result: true,
                    id: k.row.id.clone(),
                    title: k.row.title.clone(),
                    note: None,
                };
                (label, kr_line(k))
            }));
        }
        out.push(Block::Goals(
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
    out.extend(closing(r));
    out
}

/// The packet's closing sections, after the pillars: bets (when any), capacity (when any)
/// and stale key results, and the goalposts moved. The HTML page prints these blocks as
/// they are.
pub(crate) fn closing(r: &Review) -> Vec<Block> {
    let mut out = Vec::new();
    if has_bets(r) {
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
        out.push(mix_table(
            ["Portfolio mix", "Funded appetite"],
            &Mix::portfolio(&r.bets.portfolio),
        ));
    }
    out.push(Block::Heading(2, capacity_heading(r).into()));
    if has_capacity(r) {
        out.push(mix_table(["Work", "Effort"], &Mix::capacity(&r.capacity)));
    }
    out.push(Block::Para(if r.stale_key_results.is_empty() {
        "No stale key result.".into()
    } else {
        format!("Stale key results: {}.", r.stale_key_results.join(", "))
    }));
    out.push(Block::Heading(2, "Goalposts moved".into()));
    if r.goalposts.is_empty() {
        out.push(Block::Para(
            "None: no goal of the period moved after it began.".into(),
        ));
    } else {
        out.push(Block::Table(
            ["Moved", "Field", "From", "To", "Recorded", "Reason"]
                .map(String::from)
                .to_vec(),
            r.goalposts
                .iter()
                .map(|g| {
                    vec![
                        format!("{} {}", super::text::entity_kind(g.kind), g.id),
                        g.field.name().to_string(),
                        g.from.to_string(),
                        g.to.to_string(),
                        g.recorded
                            .map_or_else(|| "✖ unrecorded".to_string(), |d| format!("✔ {d}")),
                        g.reason.clone().unwrap_or_else(|| "—".into()),
                    ]
                })
                .collect(),
        ));
    }
    out
}

/// The portfolio mix or the capacity allocation as a table: `header` names the first two
/// columns (the class and its weeks), then each row's share and its target ± the
/// tolerance, marked `✖` when off target.
fn mix_table(header: [&str; 2], mix: &Mix) -> Block {
    Block::Table(
        [header[0], header[1], "Share", "Target"]
            .map(String::from)
            .to_vec(),
        mix.rows
            .iter()
            .map(|row| {
                let off = if row.within == Some(false) {
                    " ✖"
                } else {
                    ""
                };
                vec![
                    row.name.clone(),
                    row.weeks(),
                    row.share(),
                    format!("{}{off}", mix.target(row)),
                ]
            })
            .collect(),
    )
}

/// A Markdown pipe table of plain-text cells, each clipped to [`PROSE_CHARS`] (a cell may
/// hold an id, a title and an owner) and escaped.
fn markdown_table(header: &[String], rows: &[Vec<String>]) -> Table {
    let clean = |s: &String| cell(s, true);
    table_of(
        header.iter().map(clean).collect(),
        rows.iter().map(|row| row.iter().map(clean).collect()),
    )
}

/// One plain-text cell clipped to [`PROSE_CHARS`] and, in Markdown, escaped with its
/// indentation kept.
fn cell(text: &str, markdown: bool) -> String {
    let s = clip(text, PROSE_CHARS);
    if markdown { indent_kept(&md(&s)) } else { s }
}

/// A pillar's rows: each row's [`Label`] first, its id in Markdown as inline code set
/// apart from the escaped title (`` ↳ `lead-time` Median lead time ``), then the cells.
fn goal_rows(rows: &[(Label, Vec<String>)], markdown: bool) -> Vec<Vec<String>> {
    let label = |l: &Label| {
        let id = clip(&l.id, PROSE_CHARS);
        let title = clip(&l.title, PROSE_CHARS);
        let note = l.note.as_deref().map(|n| clip(n, PROSE_CHARS));
        if markdown {
            let escaped = Label {
                note: note.as_deref().map(md),
                ..l.clone()
            };
            indent_kept(&escaped.with_id(&super::markdown::code(&id), &md(&title)))
        } else {
            Label {
                id,
                title,
                note,
                ..l.clone()
            }
            .plain()
        }
    };
    rows.iter()
        .map(|(l, cells)| {
            std::iter::once(label(l))
                .chain(cells.iter().map(|c| cell(c, markdown)))
                .collect()
        })
        .collect()
}

/// A Markdown pipe table of cells already clipped and escaped.
fn table_of(header: Vec<String>, rows: impl Iterator<Item = Vec<String>>) -> Table {
    let mut t = Table::new();
    t.load_style(ASCII_MARKDOWN);
    t.set_content_arrangement(ContentArrangement::Disabled);
    t.force_no_tty();
    t.set_header(header);
    for row in rows {
        t.add_row(row);
    }
    t
}

/// A Markdown cell whose leading spaces (the tree's indentation) are `&nbsp;`: a pipe
/// table trims a cell's spaces, so they would not show once rendered.
fn indent_kept(cell: &str) -> String {
    let text = cell.trim_start_matches(' ');
    "&nbsp;".repeat(cell.len() - text.len()) + text
}

/// The packet as terminal text, its tables drawn and fitted by `table` (`--style`, the
/// width).
pub fn text(r: &Review, table: &TableRenderer, out: &mut dyn Write) -> io::Result<()> {
    print_outline(&outline(r), out, Outline::Text(table))
}

/// The packet as GitHub-flavoured Markdown.
pub fn markdown(r: &Review, out: &mut dyn Write) -> io::Result<()> {
    print_outline(&outline(r), out, Outline::Markdown)
}

/// How an outline prints.
#[derive(Debug, Clone, Copy)]
pub enum Outline<'t> {
    /// Terminal text: underlined headings, paragraphs folded to the width, tables as the
    /// report tables are (style and width from the renderer).
    Text(&'t TableRenderer),
    /// GitHub-flavoured Markdown: `#` headings, pipe tables, escaped text, no width.
    Markdown,
}

/// Prints an outline as terminal text or as Markdown (see [`Outline`]).
pub fn print_outline(blocks: &[Block], out: &mut dyn Write, how: Outline<'_>) -> io::Result<()> {
    let mut previous: Option<&Block> = None;
    for block in blocks {
        // Borderless tables stand a blank line apart from the text and tables around them.
        let table = |b: &Block| matches!(b, Block::Table(..) | Block::Goals(..));
        if let (Outline::Text(_), Some(before)) = (how, previous) {
            let apart = match block {
                Block::Table(..) | Block::Goals(..) => !matches!(before, Block::Heading(..)),
                Block::Para(_) => table(before),
                Block::Heading(..) => false,
            };
            if apart {
                writeln!(out)?;
            }
        }
        previous = Some(block);
        match (block, how) {
            (Block::Heading(level, h), Outline::Markdown) => {
                writeln!(out, "{} {}\n", "#".repeat(usize::from(*level)), md(h))?;
            }
            (Block::Heading(level, h), Outline::Text(t)) => {
                let h = t.fold_line(&sanitize(h));
                let rule = if *level == 1 { "═" } else { "─" };
                let under = rule.repeat(super::layout::text_width(&h));
                if *level == 1 {
                    writeln!(out, "{h}\n{under}")?;
                } else {
                    writeln!(out, "\n{h}\n{under}")?;
                }
            }
            (Block::Para(p), Outline::Markdown) => writeln!(out, "{}\n", md(p))?,
            (Block::Para(p), Outline::Text(t)) => writeln!(out, "{}", t.fold_line(&sanitize(p)))?,
            (Block::Table(h, rows), Outline::Markdown) => {
                writeln!(out, "{}\n", markdown_table(h, rows))?;
            }
            (Block::Table(h, rows), Outline::Text(t)) => {
                let rows: Vec<Vec<String>> = rows
                    .iter()
                    .map(|row| row.iter().map(|c| cell(c, false)).collect())
                    .collect();
                t.write_table(out, &t.plain_table(h, &rows))?;
            }
            (Block::Goals(h, rows), Outline::Markdown) => {
                let header = h.iter().map(|h| cell(h, true)).collect();
                let table = table_of(header, goal_rows(rows, true).into_iter());
                writeln!(out, "{table}\n")?;
            }
            (Block::Goals(h, rows), Outline::Text(t)) => {
                t.write_table(out, &t.plain_table(h, &goal_rows(rows, false)))?;
            }
        }
    }
    Ok(())
}
