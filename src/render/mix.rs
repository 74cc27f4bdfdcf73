//! The portfolio mix (funded appetite per risk class) and the capacity allocation (effort
//! per kind of work) as the one list of rows every format shows: a name, weeks, a share
//! and a target share against a tolerance. Each renderer only decides how a row looks
//! (terminal lines, Markdown and HTML tables, the review packet's outline).

use crate::analysis::report::{Capacity, PortfolioMix};
use crate::text::variant;
use crate::text::{number, percent};

/// One mix, read from the report: its rows and the tolerance their shares are held to.
#[derive(Debug, Clone)]
pub(crate) struct Mix {
    /// The allowed deviation from a target share (0–1); 0 for a capacity allocation
    /// without `[plan.capacity]`.
    pub tolerance: f64,
    /// One row per risk class or kind of work, in the report's order.
    pub rows: Vec<MixRow>,
}

/// One risk class's funded appetite or one kind of work's effort.
#[derive(Debug, Clone)]
pub(crate) struct MixRow {
    /// The risk class or kind of work (`core`, `debt`, ...).
    pub name: String,
    /// Funded appetite or effort, person-weeks.
    pub weeks: f64,
    /// Share (0–1) of the total; `None` when the total is nothing.
    pub share: Option<f64>,
    /// Target share (0–1), if set.
    pub target: Option<f64>,
    /// Whether the share is within the tolerance of the target; `None` without a target
    /// or a total.
    pub within: Option<bool>,
}

impl Mix {
    /// The portfolio mix of the bets funded in the period.
    pub(crate) fn portfolio(p: &PortfolioMix) -> Self {
        Self {
            tolerance: p.tolerance,
            rows: p
                .classes
                .iter()
                .map(|c| MixRow {
                    name: variant(&c.risk),
                    weeks: c.appetite_weeks,
                    share: c.share,
                    target: Some(c.target),
                    within: c.within_tolerance,
                })
                .collect(),
        }
    }

    /// The capacity allocation over the period's initiatives.
    pub(crate) fn capacity(c: &Capacity) -> Self {
        Self {
            tolerance: c.tolerance.unwrap_or(0.0),
            rows: c
                .kinds
                .iter()
                .map(|k| MixRow {
                    name: variant(&k.work),
                    weeks: k.effort_weeks,
                    share: k.share,
                    target: k.target,
                    within: k.within_tolerance,
                })
                .collect(),
        }
    }

    /// The target of `row` against this mix's tolerance: `20% ± 5%`, or `—` without one.
    pub(crate) fn target(&self, row: &MixRow) -> String {
        row.target.map_or_else(
            || "—".into(),
            |t| format!("{} ± {}", percent(t), percent(self.tolerance)),
        )
    }
}

impl MixRow {
    /// The weeks with their unit: `12 wk`.
    pub(crate) fn weeks(&self) -> String {
        format!("{} wk", number(self.weeks))
    }

    /// The share as a percentage, or `—` when the total is nothing.
    pub(crate) fn share(&self) -> String {
        self.share.map_or_else(|| "—".into(), percent)
    }
}
