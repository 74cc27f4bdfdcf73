//! `calibration` as an outline (headings, paragraphs, tables) printed as terminal text or
//! Markdown by [`super::outline`]; its CSV is in [`super::csv`], its JSON the report's
//! serde. Nothing here computes a number [`crate::analysis::calibration`] did not.

use std::io::{self, Write};

use super::outline::{Block, Outline, print_outline};
use crate::analysis::calibration::{Band, Calibration, MET_EVERY_PERIOD_MIN, Scores};

/// What the numbers are for, said before them in every human-readable format.
pub const PROMPT: &str = "These are prompts for a conversation, not performance scores: \
    a number here is a question to ask the owner, never a grade of the person.";

/// How the scores are defined, said after them.
pub const FORMULAS: &str = "Outcome: 1 when the key result was done on its window's last \
    day, else 0. Brier score (Brier 1950, Monthly Weather Review 78(1)): the mean of \
    (confidence − outcome)² over the check-ins with a confidence inside the key result's \
    window, each key result counted once; 0 is perfect, always 0.5 scores 0.25, 1 is \
    always certain and wrong. Hit rate: the share of scored key results done. Google's \
    OKR grading calls 0.7 success for an aspirational OKR, so key results met at 1.0 in \
    every period are worth a question.";

/// A 0–1 fraction with two decimals; `—` for none.
fn fraction(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v:.2}"))
}

/// A Brier score with three decimals; `—` for none.
fn score(v: Option<f64>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v:.3}"))
}

/// An owners-table row: the scores after the owner's name.
fn score_cells(s: &Scores) -> Vec<String> {
    vec![
        s.key_results.to_string(),
        s.without_confidence.to_string(),
        s.checkins.to_string(),
        score(s.brier),
        fraction(s.hit_rate),
        format!("{} / {}", s.goalposts_recorded, s.goalposts_unrecorded),
        format!("{} / {}", s.late_bets, s.bets_decided),
        s.days_late.to_string(),
    ]
}

/// A band's row of the reliability table.
fn band_row(b: &Band, last: bool) -> Vec<String> {
    let close = if last { ']' } else { ')' };
    vec![
        format!("[{:.1}, {:.1}{close}", b.from, b.to),
        b.checkins.to_string(),
        format!("{:.2}", b.weight),
        fraction(b.mean_confidence),
        fraction(b.hit_rate),
    ]
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| (*s).to_string()).collect()
}

/// The calibration as an outline.
#[must_use]
pub fn outline(c: &Calibration) -> Vec<Block> {
    let periods: Vec<String> = c.periods.iter().map(ToString::to_string).collect();
    let mut blocks = vec![
        Block::Heading(1, format!("Calibration: {}", c.plan)),
        Block::Para(format!(
            "As of {}; closed periods: {}.",
            c.as_of,
            if periods.is_empty() {
                "none".to_string()
            } else {
                periods.join(", ")
            }
        )),
        Block::Para(PROMPT.into()),
    ];
    if c.periods.is_empty() {
        blocks.push(Block::Para(format!(
            "No closed period with key-result check-ins before {}.",
            c.as_of
        )));
        return blocks;
    }
    let mut rows: Vec<Vec<String>> = c
        .owners
        .iter()
        .map(|o| {
            let mut row = vec![o.owner.clone().unwrap_or_else(|| "(no owner)".into())];
            row.extend(score_cells(&o.scores));
            row
        })
        .collect();
    let mut all = vec!["everyone".to_string()];
    all.extend(score_cells(&c.overall));
    rows.push(all);
    blocks.push(Block::Heading(2, "Owners".into()));
    blocks.push(Block::Table(
        strings(&[
            "owner",
            "KRs",
            "no confidence",
            "check-ins",
            "Brier",
            "hit rate",
            "goalposts recorded / not",
            "late bets / decided",
            "days late",
        ]),
        rows,
    ));
    blocks.push(Block::Heading(2, "Reliability: everyone".into()));
    let last = c.overall.reliability.len().saturating_sub(1);
    blocks.push(Block::Table(
        strings(&[
            "confidence",
            "check-ins",
            "weight",
            "mean confidence",
            "hit rate",
        ]),
        c.overall
            .reliability
            .iter()
            .enumerate()
            .map(|(i, b)| band_row(b, i == last))
            .collect(),
    ));
    closing(c, &mut blocks);
    blocks
}

/// The goalposts, late bets, owners met every period, and the formulas.
fn closing(c: &Calibration, blocks: &mut Vec<Block>) {
    if !c.goalposts.is_empty() {
        blocks.push(Block::Heading(
            2,
            "Goalposts moved after their period began".into(),
        ));
        blocks.push(Block::Table(
            strings(&["period", "goal", "field", "from → to", "reason"]),
            c.goalposts
                .iter()
                .map(|g| {
                    vec![
                        g.quarter.to_string(),
                        g.id.clone(),
                        g.field.name().to_string(),
                        format!("{} → {}", g.from, g.to),
                        g.reason.clone().unwrap_or_else(|| "(not recorded)".into()),
                    ]
                })
                .collect(),
        ));
    }
    if !c.late_bets.is_empty() {
        blocks.push(Block::Heading(
            2,
            "Bets decided after their decide-by".into(),
        ));
        blocks.push(Block::Table(
            strings(&["bet", "owner", "decide by", "decided", "days late"]),
            c.late_bets
                .iter()
                .map(|b| {
                    vec![
                        b.id.clone(),
                        b.owner.clone().unwrap_or_else(|| "—".into()),
                        b.decide_by.to_string(),
                        b.decided.to_string(),
                        b.days_late.to_string(),
                    ]
                })
                .collect(),
        ));
    }
    for o in c.owners.iter().filter(|o| o.met_every_period) {
        blocks.push(Block::Para(format!(
            "Advisory: {} met every key result at 1.0 in each of {} periods (at least {MET_EVERY_PERIOD_MIN} needed): are the goals ambitious enough?",
            o.owner.as_deref().unwrap_or("(no owner)"),
            o.periods.len()
        )));
    }
    blocks.push(Block::Para(FORMULAS.into()));
}

/// Prints the calibration as terminal text or Markdown.
///
/// Errors: writing fails.
pub fn print(c: &Calibration, out: &mut dyn Write, how: Outline<'_>) -> io::Result<()> {
    print_outline(&outline(c), out, how)
}
