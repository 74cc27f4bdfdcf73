//! `northstar measure [ID...] [--date D] [--dry-run]`: reads each measure's `source` as of
//! the date and appends one check-in per measure, with its provenance, to the check-in log,
//! under the lock and with the atomic replace `checkin` uses. A measure already measured
//! that day from the same source is skipped; one whose source fails is reported on its own
//! and nothing is written for it; the others are recorded (exit 1 when any failed).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::app::exit;
use crate::app::options::{Measure, Options};
use crate::edit::{append_entries, replace_atomically};
use crate::plan::model::Measured;
use crate::record::{CheckinRequest, find_measured, prepare_checkin};
use crate::refusal::Refusal;
use crate::render::text::path as shown;

/// One check-in ready to append.
struct Recorded {
    id: String,
    value: String,
    provenance: String,
    block: String,
}

/// Runs `measure`.
pub fn run(
    o: &Options,
    m: &Measure,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    if m.date > o.today {
        return super::refuse(
            err,
            &Refusal::new(format!(
                "--date {} is after today ({}): sources are measured as of a day that has come",
                m.date, o.today
            )),
        );
    }
    let (locks, ready) = match super::locked_plan(o, m.dry_run, err)? {
        Ok(held) => held,
        Err(code) => return Ok(code),
    };
    let plan = &ready.plan;
    let loaded = &ready.checked.loaded;
    let all = crate::measure::sources(plan);
    let jobs = if m.ids.is_empty() {
        if all.is_empty() {
            return super::refuse(
                err,
                &Refusal::new("no measure in the plan has a `source`").help(
                    "add a `[metric.source]` table, e.g. kind = \"file\", path = \"velocity.csv\", column = \"value\"",
                ),
            );
        }
        all
    } else {
        let mut jobs = Vec::new();
        for id in &m.ids {
            let target = match find_measured(plan, id) {
                Ok(t) => t,
                Err(refusal) => return super::refuse(err, &refusal),
            };
            let Some(job) = all.iter().find(|(t, _)| *t == target) else {
                return super::refuse(
                    err,
                    &Refusal::new(format!("`{id}` has no `source` to measure")).help(format!(
                        "record its value with `northstar checkin {id} VALUE`"
                    )),
                );
            };
            if !jobs.iter().any(|(t, _)| *t == target) {
                jobs.push(*job);
            }
        }
        jobs
    };

    let mut failed = 0_usize;
    let mut recorded: Vec<Recorded> = Vec::new();
    let mut file: Option<PathBuf> = None;
    for (target, source) in jobs {
        let id = plan.measured_id(target).to_string();
        let provenance = source.provenance();
        if already_measured(plan, target, m.date, &provenance) {
            writeln!(
                err,
                "note: skipped `{id}`: already measured on {} from {provenance}",
                m.date
            )?;
            continue;
        }
        let dir = loaded
            .sources
            .get(source.loc.file)
            .path
            .parent()
            .unwrap_or_else(|| Path::new(""));
        let value = match crate::measure::read(source, &dir.join(&source.path), m.date) {
            Ok(v) => v.to_string(),
            Err(reason) => {
                failed += 1;
                writeln!(err, "error: cannot measure `{id}`: {reason}")?;
                continue;
            }
        };
        let request = CheckinRequest {
            id: &id,
            value: &value,
            date: m.date,
            confidence: None,
            note: None,
            by: None,
            source: Some(&provenance),
        };
        match prepare_checkin(plan, loaded, &ready.checked.path, &request) {
            Ok(prepared) => {
                file = Some(prepared.file);
                recorded.push(Recorded {
                    id,
                    value,
                    provenance,
                    block: prepared.block,
                });
            }
            Err(refusal) => {
                failed += 1;
                writeln!(err, "error: cannot measure `{id}`: {}", refusal.message)?;
                if let Some(help) = &refusal.help {
                    writeln!(err, "help: {help}")?;
                }
            }
        }
    }
    // One blank line between entries, as a reader would write them.
    let blocks = recorded
        .iter()
        .map(|r| r.block.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let code = if failed > 0 {
        exit::SOURCE_FAILED
    } else {
        exit::OK
    };
    if m.dry_run {
        write!(out, "{blocks}")?;
        return Ok(code);
    }
    let Some(file) = file else {
        return Ok(code);
    };
    let original = match std::fs::read(&file) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(anyhow::Error::new(e).context(format!("cannot read `{}`", file.display())));
        }
    };
    let text = match original.as_deref().map(std::str::from_utf8) {
        None => "",
        Some(Ok(text)) => text,
        Some(Err(_)) => anyhow::bail!("`{}` is not valid UTF-8; nothing was written", shown(&file)),
    };
    let updated = match append_entries(text, "checkin", &blocks) {
        Ok(updated) => updated,
        Err(refusal) => return super::refuse(err, &refusal.about(&file)),
    };
    replace_atomically(&locks, &file, updated.as_bytes(), original.as_deref())?;
    drop(locks);
    for r in &recorded {
        writeln!(
            out,
            "recorded {} = {} on {} in {} from {}",
            r.id,
            r.value,
            m.date,
            shown(&file),
            r.provenance
        )?;
    }
    Ok(code)
}

/// Whether `target` already has a check-in on `date` with provenance `provenance`.
fn already_measured(
    plan: &crate::plan::Plan,
    target: Measured,
    date: chrono::NaiveDate,
    provenance: &str,
) -> bool {
    plan.checkins
        .iter()
        .any(|c| c.target == target && c.date == date && c.source.as_deref() == Some(provenance))
}
