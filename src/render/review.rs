//! The review packet's content as an outline ([`outline`]: headings, paragraphs and
//! tables), printed as text or Markdown by [`super::outline`]. The HTML page is in
//! [`super::html`] and reuses the line helpers here. All user text is escaped in every
//! format.

use std::io::{self, Write};

use super::mix::Mix;
use super::outline::{Block, Label, Outline, print_outline};
use super::table::TableRenderer;
use super::text::{MAX_INDENT, goal, owner_list, status_label, with_unit};
use crate::analysis::report::{BetRow, MeasureKind};
use crate::analysis::review::{KeyResultReview, MetricReview, Review, by_status};
use crate::text::number;
use crate::text::variant;

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
        variant(&m.row.role),
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
        variant(&b.risk),
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
        out.extend(bets(r));
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
    out.extend(goalposts(r));
    out
}

/// The bets section: the bets decided in the period (or a line saying none was), those
/// still running and those overdue, then the portfolio mix.
fn bets(r: &Review) -> Vec<Block> {
    let mut out = vec![Block::Heading(2, "Bets".into())];
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
                        variant(&d.row.status),
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
    out
}

/// The goalposts moved after the period began, each recorded (`✔ date`) or not.
fn goalposts(r: &Review) -> Vec<Block> {
    let heading = Block::Heading(2, "Goalposts moved".into());
    if r.goalposts.is_empty() {
        return vec![
            heading,
            Block::Para("None: no goal of the period moved after it began.".into()),
        ];
    }
    let rows = r
        .goalposts
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
        .collect();
    vec![
        heading,
        Block::Table(
            ["Moved", "Field", "From", "To", "Recorded", "Reason"]
                .map(String::from)
                .to_vec(),
            rows,
        ),
    ]
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

/// The packet as terminal text, its tables drawn and fitted by `table` (`--style`, the
/// width).
pub fn text(r: &Review, table: &TableRenderer, out: &mut dyn Write) -> io::Result<()> {
    print_outline(&outline(r), out, Outline::Text(table))
}

/// The packet as GitHub-flavoured Markdown.
pub fn markdown(r: &Review, out: &mut dyn Write) -> io::Result<()> {
    print_outline(&outline(r), out, Outline::Markdown)
}
