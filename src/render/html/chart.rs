//! The pages' SVG charts: per key result its check-ins across its window against the
//! target and the expected pace (or a threshold's limit), and the metrics' sparklines.
//! Each has a text alternative that states its numbers (`aria-label`).

use chrono::NaiveDate;
use maud::{Markup, html};

use crate::analysis::report::MeasureKind;
use crate::analysis::review::{KeyResultReview, Point};
use crate::render::text::{goal, with_unit};
use crate::text::{fixed, number, percent};

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
pub(super) fn point_value(kr: &KeyResultReview, p: &Point) -> String {
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
/// `words` are its check-ins' [`point_words`], in order.
fn chart_words(kr: &KeyResultReview, scale: &Scale, words: &[String]) -> String {
    let r = &kr.row;
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
        words.join(", ")
    )
}

/// A check-in drawn on a chart.
struct Plotted<'k> {
    /// Where, in user units.
    x: f64,
    y: f64,
    /// `x` and `y` as the SVG writes them (one decimal).
    at: (String, String),
    point: &'k Point,
    /// Its [`point_words`].
    words: &'k str,
}

/// The line through `plotted`, as a polyline's `points`: `x,y x,y …`.
fn path(plotted: &[Plotted<'_>]) -> String {
    let at: Vec<String> = plotted
        .iter()
        .map(|p| format!("{},{}", p.at.0, p.at.1))
        .collect();
    at.join(" ")
}

/// A key result's chart: its check-ins across its window (the first and last days on the
/// x axis) as points, each with its value on hover and the latest labelled, on a progress
/// axis (0–100%) with the target line at 100% and, for a numeric key result, the
/// expected-pace line; a threshold's values on their own axis with the limit line instead.
/// `—` when it has nothing to plot (no check-ins, a draft's, a threshold without a limit).
pub(super) fn chart(kr: &KeyResultReview) -> Markup {
    use frame::{BOTTOM, DATES, HEIGHT, LEFT, RIGHT, TOP, WIDTH};
    let Some(scale) = Scale::of(kr).filter(|_| !kr.points.is_empty()) else {
        return html! { span class="meta" { "no check-ins" } };
    };
    let window = kr.row.window;
    // Each check-in's words (the text alternative's, and its point's title) and each
    // point's coordinates (the line's, and its circle's) written once.
    let words: Vec<String> = kr.points.iter().map(|p| point_words(kr, p)).collect();
    let plotted: Vec<Plotted<'_>> = kr
        .points
        .iter()
        .zip(&words)
        .filter_map(|(p, words)| {
            let (x, y) = (x(window, p.date), scale.y(p)?);
            Some(Plotted {
                x,
                y,
                at: (fixed(x, 1), fixed(y, 1)),
                point: p,
                words,
            })
        })
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
    let latest = plotted.last().map(|&Plotted { x, y, point: p, .. }| {
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
            role="img" aria-label=(chart_words(kr, &scale, &words)) {
            @for (v, text) in &ticks {
                @let y = fixed(scale.y_of(*v), 1);
                line class="grid" x1=(LEFT) y1=(y) x2=(RIGHT) y2=(y) {}
                text x=(LEFT - 4.0) y=(fixed(scale.y_of(*v) + 3.0, 1)) text-anchor="end" { (text) }
            }
            line class="axis" x1=(LEFT) y1=(TOP - 4.0) x2=(LEFT) y2=(BOTTOM) {}
            line class="axis" x1=(LEFT) y1=(BOTTOM) x2=(RIGHT) y2=(BOTTOM) {}
            text x=(LEFT) y=(DATES) text-anchor="start" { (window.first_day) }
            text x=(RIGHT) y=(DATES) text-anchor="end" { (window.last_day) }
            @match scale {
                Scale::Progress { pace } => {
                    @let top = fixed(scale.y_of(1.0), 1);
                    line class="target" x1=(LEFT) y1=(top) x2=(RIGHT) y2=(top) {}
                    @if pace {
                        line class="pace" x1=(LEFT) y1=(BOTTOM) x2=(RIGHT) y2=(top) {}
                    }
                }
                Scale::Value { limit, .. } => {
                    @let y = fixed(scale.y_of(limit), 1);
                    line class="limit" x1=(LEFT) y1=(y) x2=(RIGHT) y2=(y) {}
                    text x=(LEFT + 2.0) y=(fixed(scale.y_of(limit) - 2.0, 1)) {
                        (goal(MeasureKind::Threshold, None, None, kr.row.keep_below, kr.row.keep_above, unit))
                    }
                }
            }
            @if plotted.len() > 1 {
                polyline class="actual" points=(path(&plotted)) {}
            }
            @for Plotted { at: (cx, cy), point, words, .. } in &plotted {
                @let class = if kr.row.measure == MeasureKind::Threshold && missed(kr, point) { "dot miss" } else { "dot" };
                circle class=(class) cx=(cx) cy=(cy) r="2.5" {
                    title { (words) }
                }
            }
            @if let Some((x, y, anchor, text)) = latest {
                text class="latest" x=(fixed(x, 1)) y=(fixed(y, 1)) text-anchor=(anchor) { (text) }
            }
        }
    }
}

/// A sparkline of `values` as inline SVG (fonts rarely carry the block characters in print).
pub(super) fn sparkline(values: &[f64]) -> Markup {
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
            format!("{},{}", fixed(i as f64 * step, 1), fixed(y, 1))
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
