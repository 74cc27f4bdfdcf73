//! `northstar status|okrs|bets|initiatives|metrics`: the quarter's reports, filtered by
//! pillar and owner, in any report format; `bets --fail` turns overdue bets into exit 1.

use std::io::Write;

use crate::app::exit;
use crate::app::formats::Format;
use crate::app::options::{Filter, Options};
use crate::diagnostic::{self, did_you_mean};
use crate::render::csv::CsvRenderer;
use crate::render::json::JsonRenderer;
use crate::render::markdown::MarkdownRenderer;
use crate::render::table::TableRenderer;
use crate::render::{Renderer, View};
use crate::report::Report;

/// The renderer of a report format (the format table allows only these for reports).
pub(crate) fn renderer(o: &Options) -> Box<dyn Renderer> {
    match o.format {
        Format::Json => Box::new(JsonRenderer),
        Format::Csv => Box::new(CsvRenderer),
        Format::Markdown => Box::new(MarkdownRenderer),
        _ => Box::new(table(o)),
    }
}

/// The terminal-table renderer with the options' colour and width.
pub(crate) fn table(o: &Options) -> TableRenderer {
    TableRenderer {
        color: o.color.stdout,
        width: o.width,
    }
}

/// Runs one report.
pub fn run(
    o: &Options,
    view: View,
    filter: &Filter,
    overdue_only: bool,
    fail_on_overdue: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let ready = match super::read_plan(o, err)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let mut report = match filtered(ready.report, filter) {
        Ok(r) => r,
        Err(message) => {
            writeln!(err, "error: {message}")?;
            return Ok(exit::FAILURE);
        }
    };
    if overdue_only {
        report.bets.retain(|b| b.overdue);
    }
    renderer(o).render(&report, view, out)?;
    let overdue: Vec<&str> = report
        .bets
        .iter()
        .filter(|b| b.overdue)
        .map(|b| b.id.as_str())
        .collect();
    if fail_on_overdue && !overdue.is_empty() {
        writeln!(
            err,
            "error: {} overdue: {}",
            diagnostic::plural(overdue.len(), "bet"),
            overdue.join(", ")
        )?;
        return Ok(exit::PLAN_ERRORS);
    }
    Ok(exit::OK)
}

/// Keeps the entities of one pillar and/or owner (an objective: one of its owners, or of
/// its key results' owners). Unknown pillar ids are a usage error.
fn filtered(mut report: Report, filter: &Filter) -> Result<Report, String> {
    if let Some(pillar) = &filter.pillar
        && !report.pillars.iter().any(|p| &p.id == pillar)
    {
        let mut message = format!("no pillar `{pillar}` in the plan");
        if let Some(s) = did_you_mean(pillar, report.pillars.iter().map(|p| p.id.as_str())) {
            message = format!("{message}\nhelp: did you mean `{s}`?");
        }
        return Err(message);
    }
    let pillar = filter.pillar.as_deref();
    let owner = filter.owner.as_deref();
    let keep = |p: Option<&str>, o: Option<&str>| {
        pillar.is_none_or(|want| p == Some(want)) && owner.is_none_or(|want| o == Some(want))
    };
    // An objective is anyone's it names as an owner, or whose key results do.
    report.objectives.retain(|o| {
        pillar.is_none_or(|want| o.pillar == want)
            && owner.is_none_or(|want| {
                o.owners
                    .iter()
                    .chain(o.key_results.iter().flat_map(|k| &k.owners))
                    .any(|name| name == want)
            })
    });
    report
        .pillars
        .retain(|p| pillar.is_none_or(|want| p.id == want));
    report
        .initiatives
        .retain(|i| keep(i.pillar.as_deref(), i.owner.as_deref()));
    report
        .bets
        .retain(|b| keep(b.pillar.as_deref(), b.owner.as_deref()));
    let inputs: Option<Vec<String>> = pillar.map(|_| {
        report
            .pillars
            .iter()
            .flat_map(|p| p.inputs.clone())
            .collect()
    });
    report.metrics.retain(|m| {
        inputs.as_ref().is_none_or(|ids| ids.contains(&m.id))
            && owner.is_none_or(|want| m.owner.as_deref() == Some(want))
    });
    Ok(report)
}
