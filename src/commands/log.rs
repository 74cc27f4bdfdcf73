//! `northstar log`: every check-in as a timeline, with each measure's progress and status
//! after it, filtered by date, measure and author.

use std::io::Write;

use super::Ran;
use crate::analysis::history;
use crate::app::exit;
use crate::app::options::{LogFilter, Options};
use crate::render::Output;

/// Runs `log`: the timeline, to render.
pub fn run(o: &Options, filter: &LogFilter, err: &mut dyn Write) -> anyhow::Result<Ran> {
    let ready = match super::read_plan(o, err)? {
        Ok(r) => r,
        Err(code) => return Ok(Ran::code(code)),
    };
    // An unknown measure is a mistake, not an empty timeline.
    if let Some(id) = filter.metric.as_deref()
        && let Err(refusal) = crate::write::checkin::find_measured(&ready.plan, id)
    {
        return Ok(Ran::code(super::usage(err, &refusal)?));
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
    let output = Output::Log {
        plan: ready.report.plan,
        rows,
    };
    Ok(Ran::output(output, exit::OK))
}
