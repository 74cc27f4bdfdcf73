//! The formatting every renderer shares over the plan's own values: entity kinds, values
//! with units, check-in readings and goals, statuses as glyph and word, owner lists, bars,
//! sparklines, and user text clipped to a table cell. The helpers that are not about
//! rendering (numbers, percentages, counts, file names, sanitizing) are in
//! [`crate::text`]. Computation never formats; renderers format only through these.

use crate::analysis::report::{EntityKind, MeasureKind, Status};
use crate::plan::model::Reading;
use crate::text::{number, sanitize};

/// An entity kind in words: `North Star`, `metric`, `key result`, ...
#[must_use]
pub fn entity_kind(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::NorthStar => "North Star",
        EntityKind::Metric => "metric",
        EntityKind::Pillar => "pillar",
        EntityKind::Objective => "objective",
        EntityKind::KeyResult => "key result",
        EntityKind::Initiative => "initiative",
        EntityKind::Bet => "bet",
        EntityKind::Team => "team",
    }
}

/// The most characters of a name (an id, a title, an owner) a table cell shows.
pub const NAME_CHARS: usize = 200;

/// The most characters of prose (a note, an outcome, a list of ids) a table cell shows.
pub const PROSE_CHARS: usize = 1_000;

/// The deepest level a child objective is indented, in the objectives table and the review
/// packet: deeper ones line up with it (their `└` still marks them children), so a hostile
/// chain of thousands of parents cannot make every row thousands of cells wide.
pub const MAX_INDENT: usize = 8;

/// User text for a table cell: [`sanitize`]d, then at most `max` characters; longer text
/// shows its first `max − 1` and `…`. Tables lay text out in more than linear time, so a
/// cell must be bounded; JSON and CSV carry the full text. Reads at most `max + 1`
/// characters past the dropped ones.
#[must_use]
pub fn clip(text: &str, max: usize) -> String {
    // Short and clean (every check-in's cells): the text as it is, copied at once.
    if text.len() <= max && !text.chars().any(crate::text::is_hidden) {
        return text.to_owned();
    }
    let mut chars = text.chars().filter(|&c| !crate::text::is_hidden(c));
    let mut out: String = chars.by_ref().take(max).collect();
    if max > 0 && chars.next().is_some() {
        out.pop();
        out.push('…');
    }
    out
}

/// A ten-cell bar: `████░░░░░░` for 0.4 (clamped to 0–1).
#[must_use]
pub fn bar(progress: f64) -> String {
    let filled = match progress {
        p if p.is_nan() => 0,
        p => (0..=10usize)
            .rev()
            .find(|&n| n as f64 <= p * 10.0 + 0.5)
            .unwrap_or(0),
    };
    format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled))
}

/// Owners as one piece of text, `ann, platform`; `None` when there are none (not
/// sanitized). Every format writes owner lists through it, each with its own word for
/// none.
#[must_use]
pub fn owners(names: &[String]) -> Option<String> {
    (!names.is_empty()).then(|| names.join(", "))
}

/// Owners as one piece of text: `ann, platform`, or `no owner` (not sanitized).
#[must_use]
pub fn owner_list(names: &[String]) -> String {
    owners(names).unwrap_or_else(|| "no owner".to_string())
}

/// "Quarter progress", "Half-year progress", "Year progress" or "Cycle progress": the
/// heading of the selected period's roll-up.
#[must_use]
pub fn period_progress(label: &crate::time::period::Label) -> &'static str {
    match label.noun() {
        "quarter" => "Quarter progress",
        "half" => "Half-year progress",
        "year" => "Year progress",
        _ => "Cycle progress",
    }
}

/// The status as a glyph and a word, e.g. `▲ at-risk`.
#[must_use]
pub fn status_label(s: Status) -> String {
    let glyph = match s {
        Status::Done | Status::Ok => "✔",
        Status::OnTrack | Status::Tracking => "●",
        Status::AtRisk => "▲",
        Status::OffTrack | Status::Breach => "✖",
        Status::NoData => "○",
        Status::NotStarted => "◌",
        Status::Draft => "◇",
    };
    format!("{glyph} {}", s.as_str())
}

/// A value with its unit: `27 h`, `37%` (unit sanitized).
#[must_use]
pub fn with_unit(value: f64, unit: Option<&str>) -> String {
    match unit {
        Some("%") => format!("{}%", number(value)),
        Some(u) => format!("{} {}", number(value), sanitize(u)),
        None => number(value),
    }
}

/// A check-in value: `27 h`, `done`, `not done`, or `—` for none.
#[must_use]
pub fn reading(value: Option<Reading>, unit: Option<&str>) -> String {
    match value {
        None => "—".into(),
        Some(Reading::Done(true)) => "done".into(),
        Some(Reading::Done(false)) => "not done".into(),
        Some(Reading::Number(v)) => with_unit(v, unit),
    }
}

/// A measure's goal as text: `48 → 12 h`, `done`, `≤ 15%`, `≥ 99.9%`, `from children`.
#[must_use]
pub fn goal(
    measure: MeasureKind,
    baseline: Option<f64>,
    target: Option<f64>,
    below: Option<f64>,
    above: Option<f64>,
    unit: Option<&str>,
) -> String {
    match (measure, baseline, target, below, above) {
        (MeasureKind::Milestone, ..) => "done".into(),
        (MeasureKind::Children, ..) => "from children".into(),
        (_, _, _, Some(l), _) => format!("≤ {}", with_unit(l, unit)),
        (_, _, _, _, Some(l)) => format!("≥ {}", with_unit(l, unit)),
        (_, Some(b), Some(t), ..) => format!("{} → {}", number(b), with_unit(t, unit)),
        // No target: a draft key result or a metric tracked without a goal.
        (MeasureKind::Numeric, Some(b), None, ..) => format!("from {}", with_unit(b, unit)),
        _ => "—".into(),
    }
}

/// A draft key result's goal (`target = "tbd"`): `3 h → tbd`, or `tbd` without a baseline.
#[must_use]
pub fn draft_goal(baseline: Option<f64>, unit: Option<&str>) -> String {
    baseline.map_or_else(|| "tbd".into(), |b| format!("{} → tbd", with_unit(b, unit)))
}

/// A Unicode sparkline of `values` (`▁▂▃▄▅▆▇█`), scaled from their minimum to maximum;
/// all-equal values draw a flat middle line.
#[must_use]
pub fn sparkline(values: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    values
        .iter()
        .map(|&v| {
            if max > min {
                let level = ((v - min) / (max - min) * 7.0).round();
                BARS[usize::from((0u8..8).rev().find(|&i| f64::from(i) <= level).unwrap_or(0))]
            } else {
                BARS[3]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(bar(0.44), "████░░░░░░");
        assert_eq!(bar(1.7), "██████████");
        assert_eq!(status_label(Status::AtRisk), "▲ at-risk");
        assert_eq!(status_label(Status::Draft), "◇ draft");
        assert_eq!(status_label(Status::NotStarted), "◌ not-started");
        assert_eq!(
            goal(
                MeasureKind::Numeric,
                Some(30.0),
                None,
                None,
                None,
                Some("%")
            ),
            "from 30%"
        );
        assert_eq!(
            goal(MeasureKind::Numeric, None, None, None, None, Some("%")),
            "—"
        );
        assert_eq!(
            goal(MeasureKind::Children, None, None, None, None, None),
            "from children"
        );
        assert_eq!(draft_goal(Some(3.0), Some("h")), "3 h → tbd");
        assert_eq!(draft_goal(None, Some("h")), "tbd");
    }

    #[test]
    fn clipping_keeps_at_most_max_characters() {
        let long = "é".repeat(1000);
        assert_eq!(clip(&long, 200), format!("{}…", "é".repeat(199)));
        assert_eq!(clip(&long, 200).chars().count(), 200);
        assert_eq!(clip(&"x".repeat(200), 200), "x".repeat(200));
        assert_eq!(clip(&"x".repeat(201), 200), format!("{}…", "x".repeat(199)));
        assert_eq!(clip("a\x1b[31mb", 200), "a[31mb");
        assert_eq!(clip("abc", 0), "");
    }

    #[test]
    fn sparklines() {
        assert_eq!(sparkline(&[0.0, 7.0, 3.5, 1.0]), "▁█▅▂");
        assert_eq!(sparkline(&[2.0, 2.0]), "▄▄");
        assert_eq!(sparkline(&[]), "");
    }
}
