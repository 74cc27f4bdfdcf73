//! `northstar check`: every problem of the plan at once (and, inside a git repository, the
//! goalpost audit), as rustc-style text on stderr, JSON, or GitHub Actions annotations.

use std::io::Write;

use crate::app::exit;
use crate::app::formats::Format;
use crate::app::options::Options;
use crate::app::pipeline;
use crate::diagnostic::{self, Tally};

/// Runs `check`; exit 1 on errors, or on warnings with `deny_warnings`.
pub fn run(
    o: &Options,
    deny_warnings: bool,
    git: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let origin = pipeline::origin(&o.plan, o.at.as_deref(), &o.cwd)?;
    let mut checked = pipeline::check(&o.plan, &origin, o.today, &o.selection)?;
    if git && let Some((plan, _)) = &checked.result {
        let audit = crate::analysis::goalpost::audit(plan, &checked.path, &o.cwd, o.as_of);
        // A note quotes plan text (a `[[change]]` reason): nothing in it may drive the
        // terminal or, on a line of its own, start a GitHub workflow command.
        for note in &audit.notes {
            writeln!(err, "{}", crate::text::sanitize(note))?;
        }
        checked.diagnostics.extend(audit.warnings);
        pipeline::sort(&mut checked.diagnostics);
    }
    let sources = &checked.loaded.sources;
    match o.format {
        Format::Json => super::json(&diagnostic::to_json(sources, &checked.diagnostics), out)?,
        Format::Github => {
            for line in diagnostic::github_annotations(sources, &checked.diagnostics) {
                writeln!(out, "{line}")?;
            }
        }
        _ => diagnostic::render_human(err, sources, &checked.diagnostics, o.color.stderr)?,
    }
    let tally = Tally::of(&checked.diagnostics);
    let failed = tally.errors > 0 || (deny_warnings && tally.warnings > 0);
    Ok(if failed { exit::PLAN_ERRORS } else { exit::OK })
}
