//! `northstar checkin ID VALUE`: appends one check-in to the check-in log under
//! the lock of its directory, then prints the measure's new value, progress and status.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;

use crate::analysis::report::Status;
use crate::analysis::report::{MeasureKind, Report};
use crate::app::exit;
use crate::app::options::{Checkin, Options};
use crate::app::pipeline;
use crate::plan::Plan;
use crate::plan::model::{KrRef, Measured, Reading};
use crate::refusal::Refusal;
use crate::render::text::{reading, status_label};
use crate::text::percent;
use crate::write::checkin::{
    CheckinRequest, PreparedCheckin, explain, new_checkin_errors, prepare_checkin,
};

/// Runs `checkin`.
pub fn run(
    o: &Options,
    c: &Checkin,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    if c.date > o.today && !c.allow_future {
        let refusal = Refusal::new(format!("--date {} is after today ({})", c.date, o.today))
            .help("pass `--allow-future` to record a value ahead of its date");
        return super::refuse(err, &refusal);
    }
    let (locks, ready) = match super::locked_plan(o, c.dry_run, err)? {
        Ok(held) => held,
        Err(code) => return Ok(code),
    };
    // The roll-up before the check-in is never shown: freed before the plan is read again
    // with it, so the two roll-ups are never held at once.
    let super::Ready {
        mut checked,
        plan,
        report,
        ..
    } = ready;
    drop(report);
    let request = request(c);
    let (loaded, main) = (&checked.loaded, &checked.path);
    let prepared = match prepare_checkin(&plan, loaded, main, &request) {
        Ok(p) => p,
        Err(refusal) => return super::refuse(err, &refusal),
    };
    let block = [prepared.block.as_str()];
    let writes = match super::appended_in(loaded, &prepared.file, "checkin", &block)? {
        Ok(w) => [w],
        Err(refusal) => return super::refuse(err, &refusal),
    };
    let report = match with_checkin(o, (&mut checked, &plan), &prepared, &request, &writes, err)? {
        Ok(report) => report,
        Err(code) => return Ok(code),
    };
    let plan = &plan;
    if c.dry_run {
        write!(out, "{}", prepared.block)?;
        return Ok(exit::OK);
    }
    super::write_all(&locks, &writes)?;
    drop(locks);
    let done_before = match prepared.target {
        Measured::KeyResult(r) => reached_before(plan, r, o.as_of()),
        _ => true,
    };
    let (file, value) = (prepared.file.as_path(), prepared.value);
    writeln!(out, "{}", summary(&report, &c.id, file, c.date, value))?;
    if !done_before && let Some(line) = done(&report, &c.id, c.date, value) {
        writeln!(out, "{line}")?;
    }
    Ok(exit::OK)
}

/// The check-in as the command line asks for it.
fn request(c: &Checkin) -> CheckinRequest<'_> {
    CheckinRequest {
        id: &c.id,
        value: &c.value,
        date: c.date,
        confidence: c.confidence,
        note: c.note.as_deref(),
        by: c.by.as_deref(),
        source: None,
    }
}

/// The roll-up of the plan as it would be read with `writes` (the check-in appended), in
/// the period the check-in belongs to: the plan `ready` read, with the check-in parsed into
/// it ([`super::edited_plan`], the way `add` and `set` check theirs), must validate, and it
/// is what the confirmation reports. When it does not validate, the refusal is printed
/// (the new check-in's in the command line's terms, see [`explain`]) and its exit code
/// returned. The plan's files are taken out of `checked`.
fn with_checkin(
    o: &Options,
    (checked, plan): (&mut pipeline::Checked, &Plan),
    prepared: &PreparedCheckin,
    request: &CheckinRequest<'_>,
    writes: &[super::Written],
    err: &mut dyn Write,
) -> anyhow::Result<Result<Report, u8>> {
    let loaded = std::mem::take(&mut checked.loaded);
    // The period is the check-in's key result's (the command table's rule for `checkin`).
    let after = match super::edited_plan(o, &checked.path, loaded, writes)? {
        Ok(edited) => return pipeline::roll_up(&edited, &o.selection).map(Ok),
        Err(after) => after,
    };
    let errors = new_checkin_errors(&after.loaded.sources, &after.diagnostics, &prepared.file, 1);
    if let Some((_, d)) = errors.first() {
        let refusal = explain(plan, prepared.target, request, d);
        return super::refuse(err, &refusal).map(Err);
    }
    let doing = format!("recording a check-in on `{}`", request.id);
    let code = super::refuse_errors(o, &after, &doing, err)?;
    Ok(Err(code.unwrap_or(exit::FAILURE)))
}

/// Whether key result `r` (numeric or milestone) had already reached its target as of
/// `as_of`, before the new check-in: its latest counted check-in's progress is 1.
fn reached_before(plan: &Plan, r: KrRef, as_of: NaiveDate) -> bool {
    let target = Measured::KeyResult(r);
    let measure = plan.key_result(r).measure;
    plan.checkins
        .iter()
        .filter(|c| c.target == target && c.date <= as_of)
        .max_by_key(|c| c.date) // the last of a day, as the roll-up counts it
        .and_then(|c| crate::analysis::rollup::progress(measure, c.value, false))
        .is_some_and(crate::analysis::rollup::is_done)
}

/// `done: key result `lead-time` reached its target (30 h ≤ 30 h)` when the check-in just
/// recorded (`value` on `date`) is the one counted and makes a numeric or milestone key
/// result done; `None` otherwise (a threshold key result is kept, never reached).
fn done(report: &Report, id: &str, date: NaiveDate, value: Reading) -> Option<String> {
    let kr = report
        .objectives
        .iter()
        .flat_map(|o| &o.key_results)
        .find(|k| k.id == id)?;
    let counted = kr.current == Some(value) && kr.last_checkin == Some(date);
    if !counted || kr.status != Status::Done {
        return None;
    }
    let unit = kr.unit.as_deref();
    match (kr.measure, value, kr.baseline, kr.target) {
        (MeasureKind::Milestone, Reading::Done(true), _, _) => {
            Some(format!("done: key result `{id}` reached its milestone"))
        }
        (MeasureKind::Numeric, Reading::Number(_), Some(baseline), Some(target)) => {
            let sign = if target < baseline { '≤' } else { '≥' };
            Some(format!(
                "done: key result `{id}` reached its target ({} {sign} {})",
                reading(Some(value), unit),
                reading(Some(Reading::Number(target)), unit)
            ))
        }
        _ => None,
    }
}

/// `recorded lead-time = 27 h on 2026-11-20 in checkins.toml: progress 58% ● on-track`
/// (without a target, only the status: `…: ◇ draft`);
/// a backdated check-in adds the latest value, `(latest: 26 h on 2026-11-20)`, when that is
/// another check-in. Progress and status are the measure's as of now.
fn summary(report: &Report, id: &str, file: &Path, date: NaiveDate, value: Reading) -> String {
    let place = format!("on {date} in {}", crate::text::path(file));
    let kr = report
        .objectives
        .iter()
        .flat_map(|o| &o.key_results)
        .find(|k| k.id == id)
        .map(|k| {
            (
                k.unit.as_deref(),
                k.current,
                k.last_checkin,
                k.progress,
                k.status,
            )
        });
    let metric = || {
        report
            .north_star
            .iter()
            .chain(&report.metrics)
            .find(|m| m.id == id)
            .map(|m| {
                let current = m.current.map(Reading::Number);
                (
                    m.unit.as_deref(),
                    current,
                    m.last_checkin,
                    m.progress,
                    m.status,
                )
            })
    };
    let Some((unit, current, last, progress, status)) = kr.or_else(metric) else {
        return format!("recorded {id} {place}");
    };
    let latest = match (current, last) {
        (Some(current), Some(last)) if last != date || current != value => {
            format!(" (latest: {} on {last})", reading(Some(current), unit))
        }
        _ => String::new(),
    };
    let progress = progress.map_or_else(String::new, |p| format!("progress {} ", percent(p)));
    format!(
        "recorded {id} = {} {place}{latest}: {progress}{}",
        reading(Some(value), unit),
        status_label(status)
    )
}
