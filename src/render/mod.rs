//! Output formats. Each format is a pure renderer of the same [`Report`], behind the
//! [`Renderer`] trait, and of the other commands' typed results (`show`, `review`, `diff`,
//! `tree`: table and Markdown beside the reports', Mermaid and DOT in their own files);
//! [`render`] is the one exhaustive dispatch from a typed [`Output`] and a [`Format`] to
//! its renderer. Nothing here computes a number the roll-up did not.

pub mod calibration;
pub(crate) mod columns;
pub mod csv;
pub mod diff;
pub mod digest;
pub mod dot;
pub mod format;
pub mod html;
pub mod json;
pub(crate) mod layout;
pub mod markdown;
pub(crate) mod marks;
pub mod mermaid;
pub(crate) mod mix;
pub mod outline;
pub mod output;
pub mod review;
pub mod show;
pub mod slack;
pub(crate) mod sliced;
pub mod table;
pub mod text;
pub mod tree;

use std::io::{self, Write};

use crate::analysis::report::Report;

pub use format::Format;
pub use output::{Look, Output, render};

/// Which report to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The quarter dashboard.
    Status,
    /// Objectives and key results.
    Okrs,
    /// Bets and the portfolio mix.
    Bets,
    /// Initiatives and capacity.
    Initiatives,
    /// The North Star and metrics.
    Metrics,
}

/// What `metrics` says for a plan with neither a North Star nor a metric, in place of an
/// empty table.
pub const NO_METRICS: &str =
    "No metrics: the plan has no `[north_star]` and no `[[metric]]` to report.";

/// Whether `report` has a North Star or a metric to show.
#[must_use]
pub fn has_metrics(report: &Report) -> bool {
    report.north_star.is_some() || !report.metrics.is_empty()
}

/// An output format.
pub trait Renderer {
    /// Writes `view` of `report` to `out`.
    fn render(&self, report: &Report, view: View, out: &mut dyn Write) -> io::Result<()>;
}
