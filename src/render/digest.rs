//! `digest` in words: its sections as plain-text tables ([`sections`]), printed as an
//! outline (terminal text or Markdown, by [`super::outline`]) or as mail-safe HTML (inline
//! styles only: no `<style>`, `<link>`, `<script>` or image; maud escapes every value).
//! Slack's Block Kit message is [`super::slack`]'s, from the same sections; the JSON is the
//! digest's serde. Nothing here computes a number [`crate::analysis::digest`] did not.

use std::io::{self, Write};

use maud::{DOCTYPE, html};

use super::outline::{Block, Outline, print_outline};
use super::text::{reading, status_label, with_unit};
use crate::analysis::digest::{BET_DUE_WITHIN_DAYS, Digest, Event, OWED_WITHIN_DAYS};
use crate::text::{percent, plural, sanitize, variant};

/// One section of the digest: a title, and a table, or the line said when it is empty.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Its heading.
    pub title: String,
    /// The table's header.
    pub header: Vec<String>,
    /// The table's rows of plain text (not yet escaped for any format).
    pub rows: Vec<Vec<String>>,
    /// Said instead of an empty table.
    pub empty: String,
}

/// The digest's title: `Digest: Acme, 2026-11-14 to 2026-11-20` and the narrowing.
#[must_use]
pub fn title(d: &Digest) -> String {
    let mut t = format!("Digest: {}, {} to {}", d.plan, d.since, d.as_of);
    match (&d.owner, &d.team) {
        (Some(o), Some(team)) => t = format!("{t} (owner {o}, team {team})"),
        (Some(o), None) => t = format!("{t} (owner {o})"),
        (None, Some(team)) => t = format!("{t} (team {team})"),
        (None, None) => {}
    }
    t
}

/// The one line of a digest with nothing in it (after its title, which gives the dates).
pub const EMPTY: &str = "Nothing moved, and nothing is at risk, due or owed.";

/// A change of progress as signed percentage points: `+12 pts`, `−5 pts`, `±0 pts`.
fn change(v: f64) -> String {
    let points = percent(v.abs());
    let points = points.trim_end_matches('%');
    if points == "0" {
        "±0 pts".into()
    } else if v > 0.0 {
        format!("+{points} pts")
    } else {
        format!("−{points} pts")
    }
}

/// `in 5 days`, `today`, `3 days overdue`.
fn days_left(days: i64) -> String {
    let n = usize::try_from(days.unsigned_abs()).unwrap_or(usize::MAX);
    match days {
        0 => "today".into(),
        d if d > 0 => format!("in {}", plural(n, "day")),
        _ => format!("{} overdue", plural(n, "day")),
    }
}

/// What one event says: `(date, kind, id, detail)`.
fn event_row(e: &Event) -> Vec<String> {
    match e {
        Event::Checkin {
            date,
            id,
            by,
            value,
            unit,
            progress,
            progress_change,
            status,
            status_was,
            note,
            ..
        } => {
            let value = match value {
                crate::plan::model::Reading::Number(v) => with_unit(*v, unit.as_deref()),
                done @ crate::plan::model::Reading::Done(_) => {
                    reading(Some(*done), unit.as_deref())
                }
            };
            let mut detail = value;
            if let Some(p) = progress {
                detail = format!("{detail} · {}", percent(*p));
            }
            if let Some(c) = progress_change {
                detail = format!("{detail} ({})", change(*c));
            }
            if let Some(s) = status {
                detail = format!("{detail} · {}", status_label(*s));
            }
            if let Some(w) = status_was {
                detail = format!("{detail} (was {})", w.as_str());
            }
            if let Some(by) = by {
                detail = format!("{detail} · by {by}");
            }
            if let Some(n) = note {
                detail = format!("{detail}: {n}");
            }
            vec![date.to_string(), "check-in".into(), id.clone(), detail]
        }
        Event::BetDecided {
            date,
            id,
            status,
            outcome,
            ..
        } => {
            let mut detail = variant(status);
            if let Some(o) = outcome {
                detail = format!("{detail}: {o}");
            }
            vec![date.to_string(), "bet decided".into(), id.clone(), detail]
        }
        Event::Goalpost {
            date,
            id,
            field,
            from,
            to,
            reason,
            ..
        } => {
            let mut detail = format!("{} {from} → {to}", field.name());
            if let Some(r) = reason {
                detail = format!("{detail}: {r}");
            }
            vec![
                date.to_string(),
                "goalpost moved".into(),
                id.clone(),
                detail,
            ]
        }
    }
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| (*s).to_string()).collect()
}

/// The digest's four sections, in order: what moved, at risk, bets to decide, who owes
/// what.
#[must_use]
pub fn sections(d: &Digest) -> Vec<Section> {
    let moved = Section {
        title: format!("What moved ({} to {})", d.since, d.as_of),
        header: strings(&["Date", "What", "Id", "Detail"]),
        rows: d.moved.iter().map(event_row).collect(),
        empty: format!("Nothing moved from {} to {}.", d.since, d.as_of),
    };
    let at_risk = Section {
        title: format!("At risk or off-track ({})", d.period),
        header: strings(&[
            "Key result",
            "Objective",
            "Owners",
            "Progress",
            "Pace",
            "Status",
        ]),
        rows: d
            .at_risk
            .iter()
            .map(|k| {
                vec![
                    format!("{} {}", k.id, k.title),
                    k.objective.clone(),
                    k.owners.join(", "),
                    k.progress.map_or_else(|| "—".into(), percent),
                    percent(k.expected_pace),
                    status_label(k.status),
                ]
            })
            .collect(),
        empty: "No key result is at risk or off-track.".into(),
    };
    let bets = Section {
        title: format!("Bets to decide (decide-by within {BET_DUE_WITHIN_DAYS} days or past)"),
        header: strings(&["Bet", "Owner", "Status", "Decide by", "When"]),
        rows: d
            .bets_due
            .iter()
            .map(|b| {
                vec![
                    format!("{} {}", b.id, b.title),
                    b.owner.clone().unwrap_or_else(|| "—".into()),
                    variant(&b.status),
                    b.decide_by.to_string(),
                    days_left(b.days_left),
                ]
            })
            .collect(),
        empty: "No bet is due for a decision.".into(),
    };
    let mut rows = Vec::new();
    for o in &d.owes {
        let who = o.owner.clone().unwrap_or_else(|| "(no owner)".into());
        for k in &o.key_results {
            let last = k
                .last_checkin
                .map_or_else(|| "none".into(), |d| d.to_string());
            let what = if k.stale {
                format!(
                    "check in: stale since {} (last check-in {last})",
                    k.due.succ_opt().unwrap_or(k.due)
                )
            } else {
                format!("check in by {} (last check-in {last})", k.due)
            };
            rows.push(vec![who.clone(), k.id.clone(), what]);
        }
        for b in &o.bets {
            rows.push(vec![who.clone(), b.clone(), "decide the bet".into()]);
        }
    }
    let owes = Section {
        title: format!(
            "Who owes what (stale or stale within {OWED_WITHIN_DAYS} days; bets to decide)"
        ),
        header: strings(&["Owner", "Id", "Owes"]),
        rows,
        empty: "No one owes a check-in or a decision.".into(),
    };
    vec![moved, at_risk, bets, owes]
}

/// The digest as an outline (a title, then each section's heading and table, or its line
/// when empty; a digest with nothing in it is its title and [`EMPTY`]).
#[must_use]
pub fn outline(d: &Digest) -> Vec<Block> {
    let mut blocks = vec![Block::Heading(1, title(d))];
    if d.is_empty() {
        blocks.push(Block::Para(EMPTY.into()));
        return blocks;
    }
    for s in sections(d) {
        blocks.push(Block::Heading(2, s.title));
        if s.rows.is_empty() {
            blocks.push(Block::Para(s.empty));
        } else {
            blocks.push(Block::Table(s.header, s.rows));
        }
    }
    blocks
}

/// Prints the digest as terminal text or Markdown.
///
/// Errors: writing to `out`.
pub fn print(d: &Digest, out: &mut dyn Write, how: Outline<'_>) -> io::Result<()> {
    print_outline(&outline(d), out, how)
}

const BODY: &str = "font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; \
    color: #1f2328; max-width: 960px; margin: 0 auto; padding: 16px;";
const H1: &str = "font-size: 20px; margin: 0 0 12px 0;";
const H2: &str = "font-size: 16px; margin: 20px 0 8px 0; border-bottom: 1px solid #d0d7de;";
const TABLE: &str = "border-collapse: collapse; width: 100%; font-size: 14px;";
const TH: &str = "text-align: left; padding: 4px 8px; border-bottom: 2px solid #d0d7de;";
const TD: &str = "text-align: left; padding: 4px 8px; border-bottom: 1px solid #eaeef2; \
    vertical-align: top;";
const P: &str = "margin: 4px 0; font-size: 14px;";

/// Writes the digest as one mail-safe HTML page: inline `style` attributes only (no
/// `<style>`, `<link>`, `<script>` or image), every value escaped by maud.
///
/// Errors: writing to `out`.
pub fn html(d: &Digest, out: &mut dyn Write) -> io::Result<()> {
    let clean = |s: &str| sanitize(s);
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { (clean(&title(d))) }
            }
            body style=(BODY) {
                h1 style=(H1) { (clean(&title(d))) }
                @if d.is_empty() {
                    p style=(P) { (EMPTY) }
                } @else {
                    @for s in sections(d) {
                        h2 style=(H2) { (clean(&s.title)) }
                        @if s.rows.is_empty() {
                            p style=(P) { (clean(&s.empty)) }
                        } @else {
                            table style=(TABLE) {
                                thead { tr { @for h in &s.header { th style=(TH) { (clean(h)) } } } }
                                tbody {
                                    @for row in &s.rows {
                                        tr { @for c in row { td style=(TD) { (clean(c)) } } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    writeln!(out, "{}", page.into_string())
}
