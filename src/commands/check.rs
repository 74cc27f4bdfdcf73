//! `northstar check`: every problem of the plan at once (and, inside a git repository, the
//! goalpost audit), as rustc-style text on stderr, JSON, or GitHub Actions annotations.

use std::io::Write;

use super::Ran;
use crate::app::exit;
use crate::app::options::Options;
use crate::app::pipeline;
use crate::diagnostic::Tally;
use crate::render::Output;

/// Runs `check`: every diagnostic, to render; exit 1 on errors, or on warnings with
/// `deny_warnings`.
pub fn run(
    o: &Options,
    deny_warnings: bool,
    git: bool,
    err: &mut dyn Write,
) -> anyhow::Result<Ran> {
    let origin = pipeline::origin(&o.plan, o.at.as_deref(), &o.cwd)?;
    let mut checked = pipeline::check(&o.plan, &origin, o.today, &o.selection)?;
    if git && let Some((plan, _)) = &checked.result {
        let audit = crate::analysis::goalpost::audit(plan, &checked.path, &o.cwd, o.as_of());
        // A note quotes plan text (a `[[change]]` reason): nothing in it may drive the
        // terminal or, on a line of its own, start a GitHub workflow command.
        for note in &audit.notes {
            writeln!(err, "{}", crate::text::sanitize(note))?;
        }
        checked.diagnostics.extend(audit.warnings);
        pipeline::sort(&mut checked.diagnostics);
    }
    let tally = Tally::of(&checked.diagnostics);
    let failed = tally.errors > 0 || (deny_warnings && tally.warnings > 0);
    let output = Output::Check {
        sources: std::mem::take(&mut checked.loaded.sources),
        diagnostics: checked.diagnostics,
    };
    Ok(Ran::output(
        output,
        if failed { exit::PLAN_ERRORS } else { exit::OK },
    ))
}
