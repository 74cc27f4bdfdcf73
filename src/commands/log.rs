//! `northstar log`: every check-in as a timeline, with each measure's progress and status
//! after it, filtered by date, measure and author.

use std::io::Write;

use crate::analysis::history::{self, LogRow};
use crate::app::exit;
use crate::app::formats::Format;
use crate::app::options::{LogFilter, Options};
use crate::render::csv::CsvRenderer;
use crate::render::markdown::MarkdownRenderer;

#[derive(serde::Serialize)]
struct LogJson<'a> {
    plan: &'a str,
    checkins: &'a [LogRow],
}

/// Runs `log`.
pub fn run(
    o: &Options,
    filter: &LogFilter,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let ready = match super::read_plan(o, err)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    // An unknown measure is a mistake, not an empty timeline.
    if let Some(id) = filter.metric.as_deref()
        && let Err(refusal) = crate::write::checkin::find_measured(&ready.plan, id)
    {
        writeln!(err, "error: {}", refusal.message)?;
        if let Some(help) = &refusal.help {
            writeln!(err, "help: {help}")?;
        }
        return Ok(exit::FAILURE);
    }
    let rows = history::timeline(
        &ready.plan,
        &history::LogFilter {
            since: filter.since,
            until: filter.until,
            metric: filter.metric.as_deref(),
            by: filter.by.as_deref(),
        },
    );
    match o.format {
        Format::Json => super::json(
            &LogJson {
                plan: &ready.report.plan,
                checkins: &rows,
            },
            out,
        )?,
        Format::Csv => CsvRenderer.render_log(&rows, out)?,
        Format::Markdown => MarkdownRenderer.render_log(&rows, out)?,
        _ => super::report::table(o).render_log(&rows, out)?,
    }
    Ok(exit::OK)
}
