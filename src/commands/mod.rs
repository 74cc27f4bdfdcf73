//! One file per subcommand, like cargo's `src/bin/cargo/commands/`: each takes the resolved
//! [`Options`], calls the library, and picks the renderer for the chosen format. Shared
//! here: reading the plan through the one pipeline, and the write commands' lock-and-refuse
//! protocol.

pub mod bet;
pub mod carry;
pub mod check;
pub mod checkin;
pub mod diff;
pub mod init;
pub mod log;
pub mod meta;
pub mod report;
pub mod review;
pub mod show;

use std::io::Write;

use crate::app::exit;
use crate::app::options::Options;
use crate::app::pipeline::{self, Checked};
use crate::diagnostic::{self, Tally};
use crate::edit::{PlanLock, parent_dir};
use crate::plan::Plan;
use crate::plan::origin::Origin;
use crate::quarter::Quarter;
use crate::record::Refusal;
use crate::report::Report;

/// A plan that passed validation, rolled up.
pub(crate) struct Ready {
    /// Files and diagnostics.
    pub checked: Checked,
    /// The validated plan.
    pub plan: Plan,
    /// Its roll-up.
    pub report: Report,
    /// Where its files were read from.
    pub origin: Origin,
}

/// Splits a checked plan into [`Ready`], or prints its errors (rustc-style, on stderr) and
/// gives the exit code.
fn ready(
    mut checked: Checked,
    origin: Origin,
    color: bool,
    err: &mut dyn Write,
) -> anyhow::Result<Result<Ready, u8>> {
    if let Some((plan, report)) = checked.result.take() {
        return Ok(Ok(Ready {
            checked,
            plan,
            report,
            origin,
        }));
    }
    diagnostic::render_human(err, &checked.loaded.sources, &checked.diagnostics, color)?;
    Ok(Err(exit::PLAN_ERRORS))
}

/// Reads the plan for a report (from `--at`'s revision or the working tree) as of the
/// options' date and quarter. On plan errors prints them and returns the exit code; on
/// warnings prints their one-line summary on stderr.
pub(crate) fn read_plan(
    o: &Options,
    as_of: chrono::NaiveDate,
    quarter: Quarter,
    err: &mut dyn Write,
) -> anyhow::Result<Result<Ready, u8>> {
    let origin = pipeline::origin(&o.plan, o.at.as_deref(), &o.cwd)?;
    let checked = pipeline::check(&o.plan, &origin, o.today, as_of, quarter)?;
    let ready = ready(checked, origin, o.color.stderr, err)?;
    if let Ok(r) = &ready
        && Tally::of(&r.checked.diagnostics).warnings > 0
    {
        writeln!(
            err,
            "{}",
            diagnostic::warning_summary(&r.checked.diagnostics)
        )?;
    }
    Ok(ready)
}

/// Locks the plan's directory (unless `dry_run`), then loads, validates and rolls the plan
/// up from the working tree; on plan errors prints them, says nothing was written, and
/// returns the exit code instead. The lock is held until the caller drops it.
pub(crate) fn locked_plan(
    o: &Options,
    quarter: Quarter,
    dry_run: bool,
    err: &mut dyn Write,
) -> anyhow::Result<Result<(Option<PlanLock>, Ready), u8>> {
    // Held until the caller has replaced its file: concurrent writers serialize here.
    let lock = if dry_run {
        None
    } else {
        Some(PlanLock::acquire(&parent_dir(&o.plan))?)
    };
    let checked = pipeline::check(&o.plan, &Origin::WorkingTree, o.today, o.as_of, quarter)?;
    match ready(checked, Origin::WorkingTree, o.color.stderr, err)? {
        Ok(ready) => Ok(Ok((lock, ready))),
        Err(code) => {
            writeln!(err, "nothing was written: fix the plan first")?;
            Ok(Err(code))
        }
    }
}

/// Prints a refusal as `error: ...` and `help: ...`; returns the usage exit code.
pub(crate) fn refuse(err: &mut dyn Write, refusal: &Refusal) -> anyhow::Result<u8> {
    writeln!(err, "error: {}", refusal.message)?;
    if let Some(help) = &refusal.help {
        writeln!(err, "help: {help}")?;
    }
    writeln!(err, "nothing was written")?;
    Ok(exit::FAILURE)
}

/// Writes `value` as one pretty-printed JSON document and a newline.
pub(crate) fn json<T: serde::Serialize>(value: &T, out: &mut dyn Write) -> anyhow::Result<()> {
    crate::render::json::write(out, value)?;
    Ok(())
}
