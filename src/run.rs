//! The dispatcher, as thin as just's `run.rs`: takes the resolved options, routes the
//! action to its command under `crate::commands`, renders a read command's typed result,
//! writes `-o FILE`, and turns the outcome into an exit code.

use std::io::{self, Write};

use crate::app::options::{Action, Options};
use crate::app::{exit, output};
use crate::commands;
use crate::refusal::Refusal;
use crate::text::sanitize_lines;

/// Runs one resolved command line, or refuses it as every usage error is refused
/// (`commands::usage`: `error: …`, `help: …`, exit code 2). Returns the exit code; never
/// panics on bad input. With `-o FILE`, the report is written to the file once the command
/// has produced it (see the `output` module); a file of the plan, or a read-only file, is
/// refused first.
///
/// `out` is flushed before returning, and what a failure to print means depends on the
/// command: a command that writes files prints its confirmation only once its write is
/// durable, so a failing stdout is then a warning and the exit code stays 0 (a retrying
/// script must not record a check-in twice); for any other command, the output is the
/// product, and a failing stdout is an error (exit 2). A reader that closed the pipe
/// early (`northstar log | head`) is not a failure.
pub fn run(options: Result<Options, Refusal>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let options = match options {
        Ok(o) => o,
        Err(refusal) => return commands::usage(err, &refusal).unwrap_or(exit::FAILURE),
    };
    let writes = options.writes_files();
    let mut stdout = Stdout {
        inner: out,
        failed: false,
    };
    // A write command's confirmation, held until the command has finished.
    let mut held = Vec::new();
    let result = if let Some(path) = &options.output {
        to_file(&options, path, err)
    } else if writes {
        dispatch(&options, &mut held, err)
    } else {
        dispatch(&options, &mut stdout, err)
    };
    let code = match result {
        Ok(code) => code,
        Err(e) => failure(&e, stdout.failed, writes, err),
    };
    let printed = stdout.write_all(&held).and_then(|()| stdout.flush());
    match printed {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe && writes => {
            let _ = writeln!(
                err,
                "warning: written, but the confirmation could not be printed: {e}"
            );
            code
        }
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe && code == exit::OK => {
            let _ = writeln!(err, "error: cannot write to stdout: {e}");
            exit::FAILURE
        }
        _ => code,
    }
}

/// Runs a command whose report goes to `-o FILE`: refuses a file of the plan or a
/// read-only file, then writes
/// the report once it is complete (nothing when it is empty).
fn to_file(options: &Options, path: &std::path::Path, err: &mut dyn Write) -> anyhow::Result<u8> {
    if let Some(refusal) = output::refuse(options, path) {
        return commands::refuse(err, &refusal);
    }
    let mut report = Vec::new();
    let code = dispatch(options, &mut report, err)?;
    if !report.is_empty() {
        crate::write::edit::write_output(path, &report)?;
    }
    Ok(code)
}

/// Prints why a command failed with `e` and gives the exit code: none for a reader that
/// closed the pipe; a refusal with its help; a failing stdout said as such.
fn failure(e: &anyhow::Error, stdout_failed: bool, writes: bool, err: &mut dyn Write) -> u8 {
    if is_broken_pipe(e) {
        return exit::OK;
    }
    if stdout_failed {
        let _ = writeln!(
            err,
            "error: cannot write to stdout: {}",
            sanitize_lines(&format!("{e:#}"))
        );
        return exit::FAILURE;
    }
    if let Some(refusal) = e.downcast_ref::<crate::refusal::Refusal>() {
        // `nothing was written` is said by the commands that write, and only by them.
        let printed = if writes {
            commands::refuse(err, refusal)
        } else {
            commands::usage(err, refusal)
        };
        return printed.unwrap_or(exit::FAILURE);
    }
    // Errors name files and revisions as typed or found: no escape reaches the terminal.
    let _ = writeln!(err, "error: {}", sanitize_lines(&format!("{e:#}")));
    exit::FAILURE
}

/// stdout, remembering whether a write to it failed: the dispatcher tells a failing
/// stdout apart from the command's own errors.
struct Stdout<'a> {
    inner: &'a mut dyn Write,
    failed: bool,
}

impl Write for Stdout<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(buf);
        self.failed |= written.is_err();
        written
    }

    fn flush(&mut self) -> io::Result<()> {
        let flushed = self.inner.flush();
        self.failed |= flushed.is_err();
        flushed
    }
}

/// Routes the action to its command; renders a read command's typed result in the
/// options' format.
fn dispatch(o: &Options, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<u8> {
    let ran = match &o.action {
        Action::Check { deny_warnings, git } => commands::check::run(o, *deny_warnings, *git, err),
        Action::Report {
            view,
            filter,
            overdue_only,
            fail_on_overdue,
        } => commands::report::run(o, *view, filter, *overdue_only, *fail_on_overdue, err),
        Action::Show { id } => commands::show::run(o, id, err),
        Action::Tree(query) => commands::tree::run(o, query, err),
        Action::Log(filter) => commands::log::run(o, filter, err),
        Action::Review { team } => commands::review::run(o, team.as_deref(), err),
        Action::Calibration { periods, filter } => {
            commands::calibration::run(o, periods, filter, err)
        }
        Action::Digest { since, filter } => commands::digest::run(o, *since, filter, err),
        Action::Diff { from, to } => commands::diff::run(o, from, to.as_deref(), err),
        Action::Checkin(checkin) => return commands::checkin::run(o, checkin, out, err),
        Action::Measure(measure) => return commands::measure::run(o, measure, out, err),
        Action::BetStart { .. } | Action::BetDecide { .. } => {
            return commands::bet::run(o, out, err);
        }
        Action::Set(set) => return commands::set::run(o, set, out, err),
        Action::SetPlan(setting) => return commands::set_plan::run(o, setting, out, err),
        Action::Add(add) => return commands::add::run(o, add, out, err),
        Action::Remove(removal) => return commands::remove::run(o, removal, out, err),
        Action::Carry {
            to,
            ids,
            suffix,
            dry_run,
        } => return commands::carry::run(o, to, ids, suffix.as_deref(), *dry_run, out, err),
        Action::Site {
            dir,
            base_url,
            progress,
        } => {
            return commands::site::run(o, dir, base_url.as_deref(), *progress, out, err);
        }
        Action::Init { dir, name, empty } => {
            return commands::init::run(o, dir, name, *empty, out, err);
        }
        Action::Lsp => return commands::lsp::run(o, out),
        Action::Schema => return commands::meta::schema(out),
        Action::ConfigPath => return commands::meta::config_path(out, err),
        Action::Generated(generated) => {
            generated.write(out)?;
            return Ok(exit::OK);
        }
    }?;
    if let Some(output) = &ran.output {
        crate::render::render(o.format, output, &commands::look(o), out, err)?;
    }
    Ok(ran.code)
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
    })
}
