//! `northstar checkin ID VALUE`: appends one `[[checkin]]` block to the check-in log under
//! the plan's lock, then prints the measure's new value, progress and status.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;

use crate::app::exit;
use crate::app::options::{Checkin, Options};
use crate::app::pipeline;
use crate::edit::{append_block, replace_atomically};
use crate::plan::model::Measured;
use crate::plan::origin::Origin;
use crate::record::{CheckinRequest, prepare_checkin};
use crate::render::text::{percent, reading, status_label, with_unit};
use crate::report::Report;

/// Runs `checkin`.
pub fn run(
    o: &Options,
    c: &Checkin,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let (_lock, ready) = match super::locked_plan(o, o.quarter, c.dry_run, err)? {
        Ok(held) => held,
        Err(code) => return Ok(code),
    };
    let request = CheckinRequest {
        id: &c.id,
        value: &c.value,
        date: c.date,
        confidence: c.confidence,
        note: c.note.as_deref(),
        by: c.by.as_deref(),
    };
    let plan = &ready.plan;
    let prepared = match prepare_checkin(plan, &ready.checked.loaded, &ready.checked.path, &request)
    {
        Ok(p) => p,
        Err(refusal) => return super::refuse(err, &refusal),
    };
    if c.dry_run {
        write!(out, "{}", prepared.block)?;
        return Ok(exit::OK);
    }
    let original = match std::fs::read(&prepared.file) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(
                anyhow::Error::new(e).context(format!("cannot read `{}`", prepared.file.display()))
            );
        }
    };
    let text = match original.as_deref().map(std::str::from_utf8) {
        None => "",
        Some(Ok(text)) => text,
        Some(Err(_)) => anyhow::bail!(
            "`{}` is not valid UTF-8; nothing was written",
            prepared.file.display()
        ),
    };
    let updated = append_block(text, &prepared.block);
    replace_atomically(&prepared.file, updated.as_bytes(), original.as_deref())?;

    // Report the new state, rolled up in the quarter the check-in belongs to.
    let quarter = match prepared.target {
        Measured::KeyResult(r) => plan.objectives[r.objective].quarter,
        _ => o.quarter,
    };
    let after = pipeline::check(
        &ready.checked.path,
        &Origin::WorkingTree,
        o.today,
        o.as_of,
        quarter,
    )?;
    match after.result {
        Some((_, report)) => writeln!(
            out,
            "{}",
            summary(&report, &c.id, prepared.file.as_path(), c.date)
        )?,
        None => writeln!(out, "recorded `{}` in {}", c.id, prepared.file.display())?,
    }
    Ok(exit::OK)
}

/// `recorded lead-time = 27 h on 2026-11-20 in checkins.toml: progress 58% ● on-track`
fn summary(report: &Report, id: &str, file: &Path, date: NaiveDate) -> String {
    let place = format!("on {date} in {}", file.display());
    if let Some(kr) = report
        .objectives
        .iter()
        .flat_map(|o| &o.key_results)
        .find(|k| k.id == id)
    {
        let value = reading(kr.current, kr.unit.as_deref());
        return format!(
            "recorded {id} = {value} {place}: progress {} {}",
            percent(kr.progress),
            status_label(kr.status)
        );
    }
    let metric = std::iter::once(&report.north_star)
        .chain(&report.metrics)
        .find(|m| m.id == id);
    match metric {
        Some(m) => format!(
            "recorded {id} = {} {place}: progress {} {}",
            m.current
                .map_or_else(|| "—".to_string(), |v| with_unit(v, m.unit.as_deref())),
            percent(m.progress),
            status_label(m.status)
        ),
        None => format!("recorded {id} {place}"),
    }
}
