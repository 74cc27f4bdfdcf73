//! The one dispatch from a command's typed result to its renderer: [`render`] matches
//! every (result, format) pair with no catch-all arm, so a new format or a new result
//! does not compile until each pair is either written or named as not written.

use std::io::{self, Write};

use super::Format;
use super::outline::Outline;
use super::table::{TableRenderer, TableStyle};
use super::{Renderer, View};
use crate::analysis::calibration::Calibration;
use crate::analysis::diff::PlanDiff;
use crate::analysis::digest::Digest;
use crate::analysis::history::LogRow;
use crate::analysis::report::Report;
use crate::analysis::review::Review;
use crate::analysis::show::Shown;
use crate::analysis::tree::Tree;
use crate::diagnostic::{self, Diagnostic, Sources};

/// What a command that reads the plan produced, typed, for [`render`].
#[derive(Debug)]
pub enum Output {
    /// `check`: every diagnostic, and the files they point into.
    Check {
        /// The plan's files.
        sources: Sources,
        /// Every diagnostic, in the order to print.
        diagnostics: Vec<Diagnostic>,
    },
    /// `status`, `okrs`, `bets`, `initiatives`, `metrics`: one view of the roll-up.
    Report {
        /// The roll-up (filtered).
        report: Box<Report>,
        /// Which report.
        view: View,
    },
    /// `log`: the check-ins as a timeline.
    Log {
        /// The plan's name.
        plan: String,
        /// The rows, oldest first.
        rows: Vec<LogRow>,
    },
    /// `show`: one entity.
    Show(Box<Shown>),
    /// `tree`: the alignment.
    Tree(Tree),
    /// `review`: the period-close packet.
    Review(Box<Review>),
    /// `diff`: what moved between two revisions.
    Diff(Box<PlanDiff>),
    /// `calibration`: confidence against outcomes over closed periods.
    Calibration(Box<Calibration>),
    /// `digest`: the weekly update.
    Digest(Box<Digest>),
}

/// How terminal text looks: colour per stream, the width tables fit, their style.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    /// Colour stdout.
    pub color: bool,
    /// Colour stderr (`check`'s human diagnostics go there).
    pub color_stderr: bool,
    /// The width tables fit (`None`: no limit).
    pub width: Option<u16>,
    /// How tables are drawn.
    pub style: TableStyle,
}

impl Look {
    /// The terminal-table renderer of this look.
    #[must_use]
    pub fn table(&self) -> TableRenderer {
        TableRenderer {
            color: self.color,
            width: self.width,
            style: self.style,
        }
    }
}

/// `log --format json`: the plan's name and its check-ins.
#[derive(serde::Serialize)]
struct LogJson<'a> {
    plan: &'a str,
    checkins: &'a [LogRow],
}

/// Writes `output` in `format` to `out` (`check`'s human diagnostics to `err`).
///
/// Errors: writing fails; or `format` is not one this output is written in (an
/// [`io::ErrorKind::InvalidInput`] error: the command table offers no such pair, so the
/// command line cannot ask for one).
pub fn render(
    format: Format,
    output: &Output,
    look: &Look,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    use Format::{Csv, Dot, Github, Html, Human, Json, Markdown, Mermaid, Slack, Table};
    match (output, format) {
        (
            Output::Check {
                sources,
                diagnostics,
            },
            Human,
        ) => diagnostic::render_human(err, sources, diagnostics, look.color_stderr),
        (
            Output::Check {
                sources,
                diagnostics,
            },
            Json,
        ) => super::json::write(out, &diagnostic::to_json(sources, diagnostics)),
        (
            Output::Check {
                sources,
                diagnostics,
            },
            Github,
        ) => {
            for line in diagnostic::github_annotations(sources, diagnostics) {
                writeln!(out, "{line}")?;
            }
            Ok(())
        }
        (Output::Check { .. }, Table | Csv | Markdown | Html | Mermaid | Dot | Slack) => {
            not_written(format, "check")
        }
        (Output::Report { report, view }, Table) => look.table().render(report, *view, out),
        (Output::Report { report, view }, Json) => {
            super::json::JsonRenderer.render(report, *view, out)
        }
        (Output::Report { report, view }, Csv) => {
            super::csv::CsvRenderer.render(report, *view, out)
        }
        (Output::Report { report, view }, Markdown) => {
            super::markdown::MarkdownRenderer.render(report, *view, out)
        }
        (Output::Report { report, view }, Html) => {
            super::html::HtmlRenderer.render(report, *view, out)
        }
        (Output::Report { .. }, Human | Github | Mermaid | Dot | Slack) => {
            not_written(format, "a report")
        }
        (Output::Log { rows, .. }, Table) => look.table().render_log(rows, out),
        (Output::Log { plan, rows }, Json) => super::json::write(
            out,
            &LogJson {
                plan,
                checkins: rows,
            },
        ),
        (Output::Log { rows, .. }, Csv) => super::csv::CsvRenderer.render_log(rows, out),
        (Output::Log { rows, .. }, Markdown) => {
            super::markdown::MarkdownRenderer.render_log(rows, out)
        }
        (Output::Log { .. }, Html | Human | Github | Mermaid | Dot | Slack) => {
            not_written(format, "log")
        }
        (Output::Show(shown), Table) => look.table().render_show(shown, out),
        (Output::Show(shown), Json) => super::json::write(out, shown),
        (Output::Show(shown), Markdown) => {
            super::markdown::MarkdownRenderer.render_show(shown, out)
        }
        (Output::Show(_), Csv | Html | Human | Github | Mermaid | Dot | Slack) => {
            not_written(format, "show")
        }
        (Output::Tree(tree), Table) => look.table().render_tree(tree, out),
        (Output::Tree(tree), Json) => super::json::write(out, tree),
        (Output::Tree(tree), Markdown) => super::markdown::MarkdownRenderer.render_tree(tree, out),
        (Output::Tree(tree), Mermaid) => super::mermaid::write(tree, out),
        (Output::Tree(tree), Dot) => super::dot::write(tree, out),
        (Output::Tree(_), Csv | Html | Human | Github | Slack) => not_written(format, "tree"),
        (Output::Review(packet), Table) => super::review::text(packet, &look.table(), out),
        (Output::Review(packet), Markdown) => super::review::markdown(packet, out),
        (Output::Review(packet), Html) => super::html::review(packet, out),
        (Output::Review(packet), Json) => super::json::write(out, packet),
        (Output::Review(packet), Csv) => super::csv::review(packet, out),
        (Output::Review(_), Human | Github | Mermaid | Dot | Slack) => {
            not_written(format, "review")
        }
        (Output::Diff(d), Table) => super::diff::print(d, out, Outline::Text(&look.table())),
        (Output::Diff(d), Json) => super::json::write(out, d),
        (Output::Diff(d), Markdown) => super::diff::print(d, out, Outline::Markdown),
        (Output::Diff(_), Csv | Html | Human | Github | Mermaid | Dot | Slack) => {
            not_written(format, "diff")
        }
        (Output::Calibration(c), Table) => {
            super::calibration::print(c, out, Outline::Text(&look.table()))
        }
        (Output::Calibration(c), Markdown) => super::calibration::print(c, out, Outline::Markdown),
        (Output::Calibration(c), Json) => super::json::write(out, c),
        (Output::Calibration(c), Csv) => super::csv::calibration(c, out),
        (Output::Calibration(_), Html | Human | Github | Mermaid | Dot | Slack) => {
            not_written(format, "calibration")
        }
        (Output::Digest(d), Table) => super::digest::print(d, out, Outline::Text(&look.table())),
        (Output::Digest(d), Markdown) => super::digest::print(d, out, Outline::Markdown),
        (Output::Digest(d), Json) => super::json::write(out, d),
        (Output::Digest(d), Html) => super::digest::html(d, out),
        (Output::Digest(d), Slack) => super::slack::write(d, out),
        (Output::Digest(_), Csv | Human | Github | Mermaid | Dot) => not_written(format, "digest"),
    }
}

/// The error of a (result, format) pair no renderer writes.
fn not_written(format: Format, what: &str) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{what} is not written as {format}"),
    ))
}
