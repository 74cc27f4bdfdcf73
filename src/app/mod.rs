//! The application layer: the command line resolved once into [`options::Options`]
//! ([`options::resolve`]), the one pipeline (`pipeline::check`), and [`run`], the
//! dispatcher, which only routes an action to its command under `crate::commands` and turns
//! the outcome into an exit code.

pub mod env;
pub(crate) mod exit;
pub(crate) mod formats;
pub mod options;
pub(crate) mod output;
pub(crate) mod pipeline;

use std::io::{self, Write};

use crate::commands;
use options::{Action, Options};

pub use env::Env;

/// Runs one resolved command line (or reports why it could not be resolved). Returns the
/// exit code; never panics on bad input. With `-o FILE`, the report is written to the file
/// once the command has produced it (see [`output`]); a file of the plan is refused first.
pub fn run(options: Result<Options, String>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let options = match options {
        Ok(o) => o,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return exit::FAILURE;
        }
    };
    let mut buffer = Vec::new();
    let result = match &options.output {
        None => dispatch(&options, out, err),
        Some(path) => match output::refuse_plan_file(&options, path) {
            Some(refusal) => commands::refuse(err, &refusal),
            None => dispatch(&options, &mut buffer, err).and_then(|code| {
                if !buffer.is_empty() {
                    crate::edit::write_output(path, &buffer)?;
                }
                Ok(code)
            }),
        },
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => exit::OK,
        Err(e) => {
            let _ = writeln!(err, "error: {e:#}");
            exit::FAILURE
        }
    }
}

/// Routes the action to its command.
fn dispatch(o: &Options, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<u8> {
    match &o.action {
        Action::Check { deny_warnings, git } => {
            commands::check::run(o, *deny_warnings, *git, out, err)
        }
        Action::Report {
            view,
            filter,
            overdue_only,
            fail_on_overdue,
        } => commands::report::run(o, *view, filter, *overdue_only, *fail_on_overdue, out, err),
        Action::Show { id } => commands::show::run(o, id, out, err),
        Action::Log(filter) => commands::log::run(o, filter, out, err),
        Action::Review => commands::review::run(o, out, err),
        Action::Diff { from, to } => commands::diff::run(o, from, to.as_deref(), out, err),
        Action::Checkin(checkin) => commands::checkin::run(o, checkin, out, err),
        Action::BetStart { .. } | Action::BetDecide { .. } => commands::bet::run(o, out, err),
        Action::Carry {
            to,
            ids,
            suffix,
            dry_run,
        } => commands::carry::run(o, *to, ids, suffix.as_deref(), *dry_run, out, err),
        Action::Init { dir, name } => commands::init::run(o, dir, name, out, err),
        Action::Schema => commands::meta::schema(out),
        Action::ConfigPath => commands::meta::config_path(out, err),
        Action::Generated(generated) => {
            generated.write(out)?;
            Ok(exit::OK)
        }
    }
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
