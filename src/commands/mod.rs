//! One file per subcommand, like cargo's `src/bin/cargo/commands/`: each takes the resolved
//! [`Options`] and calls the library; a command that reads the plan returns its typed
//! result ([`Ran`]) for the one renderer, one that writes prints its confirmation. Shared
//! here: reading the plan through the one pipeline, and the write commands' lock-and-refuse
//! protocol.

pub mod add;
pub mod bet;
pub mod calibration;
pub mod carry;
pub mod check;
pub mod checkin;
pub mod diff;
pub mod digest;
pub mod init;
pub mod log;
pub mod lsp;
pub mod measure;
pub mod meta;
pub mod remove;
pub mod report;
pub mod review;
pub mod set;
pub mod set_plan;
pub mod show;
pub mod site;
pub mod tree;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::analysis::report::Report;
use crate::app::exit;
use crate::app::options::Options;
use crate::app::pipeline::{self, Checked};
use crate::diagnostic::{self, Tally};
use crate::paths::parent_dir;
use crate::plan::origin::Origin;
use crate::plan::{Loaded, Plan};
use crate::refusal::Refusal;
use crate::write::edit::DirLocks;

/// What a command that reads the plan did: its typed result, which the dispatcher hands
/// to [`crate::render::render`] in the chosen format (`None` when the command stopped and
/// said why on stderr), and the exit code.
#[derive(Debug)]
pub struct Ran {
    /// The result to render.
    pub output: Option<crate::render::Output>,
    /// The exit code.
    pub code: u8,
}

impl Ran {
    /// A result to render, and the exit code.
    #[must_use]
    pub fn output(output: crate::render::Output, code: u8) -> Self {
        Self {
            output: Some(output),
            code,
        }
    }

    /// Nothing to render: the command stopped (and said why on stderr) with `code`.
    #[must_use]
    pub fn code(code: u8) -> Self {
        Self { output: None, code }
    }
}

/// How the options want terminal text to look.
#[must_use]
pub fn look(o: &Options) -> crate::render::Look {
    crate::render::Look {
        color: o.color.stdout,
        color_stderr: o.color.stderr,
        width: o.width,
        style: o.style,
    }
}

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
/// options' period and date. On plan errors prints them and returns the exit code; on
/// warnings prints their one-line summary on stderr.
pub(crate) fn read_plan(o: &Options, err: &mut dyn Write) -> anyhow::Result<Result<Ready, u8>> {
    let origin = pipeline::origin(&o.plan, o.at.as_deref(), &o.cwd)?;
    let checked = pipeline::check(&o.plan, &origin, o.today, &o.selection)?;
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

/// Locks every directory a write to the plan may land in (unless `dry_run`), then loads,
/// validates and rolls the plan up from the working tree
/// ([`pipeline::check_to_write`]: without the warnings a write does not show); on plan errors prints them, says
/// nothing was written, and returns the exit code instead. The locks are held until the
/// caller drops them; a dry run holds none.
pub(crate) fn locked_plan(
    o: &Options,
    dry_run: bool,
    err: &mut dyn Write,
) -> anyhow::Result<Result<(DirLocks, Ready), u8>> {
    let (locks, checked) = if dry_run {
        let checked = pipeline::check_to_write(&o.plan, o.today, &o.selection)?;
        (DirLocks::default(), checked)
    } else {
        lock_and_check(o)?
    };
    match ready(checked, Origin::WorkingTree, o.color.stderr, err)? {
        Ok(ready) => Ok(Ok((locks, ready))),
        Err(code) => {
            writeln!(err, "nothing was written: fix the plan first")?;
            Ok(Err(code))
        }
    }
}

/// Loads the plan with the directory of every file a write command may replace locked:
/// the main file, every included file and the check-in log (which may stand outside the
/// plan's directory, shared with another plan). Those are known only once the main file
/// is read, so: read its `[plan]` without a lock to find them
/// ([`crate::plan::load::plan_files`]), lock all of their directories
/// together (in the one order [`DirLocks::acquire`] keeps), and read it under the
/// locks; should it now name a file elsewhere, release and start over with that
/// directory added.
///
/// Errors: a directory cannot be locked, the main file cannot be read, or the plan's set
/// of files kept changing.
fn lock_and_check(o: &Options) -> anyhow::Result<(DirLocks, Checked)> {
    let mut dirs = vec![parent_dir(&o.plan)];
    // Only the files are needed here: the main file's `[plan]` names them.
    let mut files = crate::plan::load::plan_files(&o.plan, &Origin::WorkingTree)?;
    for _ in 0..8 {
        dirs.extend(files.iter().map(|f| parent_dir(&crate::paths::identity(f))));
        let locks = DirLocks::acquire(dirs.iter().map(PathBuf::as_path))?;
        let checked = pipeline::check_to_write(&o.plan, o.today, &o.selection)?;
        // A plan with errors is not written to (and may name a check-in log the loader
        // refused, outside the repository: never locked, so never swept).
        if checked.result.is_none() {
            return Ok((locks, checked));
        }
        files = writable_files(&checked.loaded);
        if files.iter().all(|f| locks.covers(f)) {
            return Ok((locks, checked));
        }
    }
    anyhow::bail!(
        "the files of plan `{}` kept changing while northstar was locking them; nothing was written, try again",
        crate::text::path(&o.plan)
    )
}

/// Every file a write command may replace: the plan's files and the check-in log.
fn writable_files(loaded: &Loaded) -> Vec<PathBuf> {
    loaded
        .sources
        .files()
        .iter()
        .map(|f| f.path.clone())
        .chain(loaded.checkin_log.clone())
        .collect()
}

/// The refusal of an id that breaks the one id rule ([`crate::naming::invalid_id`]).
/// `add` refuses its id, and `carry` the ids its `--suffix` makes, alike.
pub(crate) fn invalid_id(id: &str) -> Option<Refusal> {
    crate::naming::invalid_id(id)
}

/// Prints a usage error as `error: ...` and `help: ...` (a [`Refusal`] holds no escape of
/// what it quotes); returns the usage exit code. The one place that policy lives: the
/// command line's usage errors (`options::resolve`'s, printed by the dispatcher) and every
/// command's go through here, a write command's by [`refuse`].
pub(crate) fn usage(err: &mut dyn Write, refusal: &Refusal) -> anyhow::Result<u8> {
    writeln!(err, "error: {}", refusal.message)?;
    if let Some(help) = &refusal.help {
        writeln!(err, "help: {help}")?;
    }
    Ok(exit::FAILURE)
}

/// Prints a refusal as [`usage`] does, then `nothing was written`; returns the usage exit
/// code.
pub(crate) fn refuse(err: &mut dyn Write, refusal: &Refusal) -> anyhow::Result<u8> {
    let code = usage(err, refusal)?;
    writeln!(err, "nothing was written")?;
    Ok(code)
}

/// `--reason`, trimmed (`None` when not given); a blank one is refused with `help` as its
/// help: `Err(exit code)` once that is printed.
pub(crate) fn reason<'a>(
    given: Option<&'a str>,
    help: &str,
    err: &mut dyn Write,
) -> anyhow::Result<Result<Option<&'a str>, u8>> {
    match given.map(str::trim) {
        Some("") => refuse(err, &Refusal::new("--reason is blank").help(help)).map(Err),
        reason => Ok(Ok(reason)),
    }
}

/// Reads the plan as it would be with `edits` written (each file's new bytes) and, when
/// that leaves errors, prints them and refuses: `{doing} would leave the plan with N
/// errors`. `Some(exit code)` when refused, `None` when the edits may be written.
pub(crate) fn refuse_invalid_edit(
    o: &Options,
    main: &Path,
    edits: &[(PathBuf, Vec<u8>)],
    doing: &str,
    err: &mut dyn Write,
) -> anyhow::Result<Option<u8>> {
    let after = pipeline::check_edited(main, &Origin::WorkingTree, edits, o.today, &o.selection)?;
    refuse_errors(o, &after, doing, err)
}

/// The plan as it would be read with `writes` written, validated (roll it up with
/// [`pipeline::roll_up`]), computed from `loaded` (the plan `ready` read under the locks,
/// taken out of it) with only the edited files parsed again
/// ([`pipeline::recheck_edited`]); when that cannot tell, read again with the edits
/// ([`pipeline::check_edited`]). `Err(checked)`: the plan would not validate, `checked`
/// holds why.
pub(crate) fn edited_plan(
    o: &Options,
    main: &Path,
    loaded: Loaded,
    writes: &[Written],
) -> anyhow::Result<Result<Plan, Checked>> {
    let edits: Vec<(&Path, &str)> = writes
        .iter()
        .map(|(p, _, t)| (p.as_path(), t.as_str()))
        .collect();
    if let Some(result) = pipeline::recheck_edited(loaded, &edits, o.today, &o.selection)? {
        return Ok(Ok(result));
    }
    let edits = edits_of(writes);
    let mut after =
        pipeline::check_edited(main, &Origin::WorkingTree, &edits, o.today, &o.selection)?;
    Ok(after.result.take().map(|(plan, _)| plan).ok_or(after))
}

/// [`refuse_invalid_edit`] for `writes`, from the plan `ready` read ([`edited_plan`]): its
/// files are taken out of `ready`.
pub(crate) fn refuse_invalid_writes(
    o: &Options,
    ready: &mut Ready,
    writes: &[Written],
    doing: &str,
    err: &mut dyn Write,
) -> anyhow::Result<Option<u8>> {
    let loaded = std::mem::take(&mut ready.checked.loaded);
    match edited_plan(o, &ready.checked.path, loaded, writes)? {
        Ok(_) => Ok(None),
        Err(after) => refuse_errors(o, &after, doing, err),
    }
}

/// [`refuse_invalid_edit`] of a plan already read as it would be after the edit.
pub(crate) fn refuse_errors(
    o: &Options,
    after: &Checked,
    doing: &str,
    err: &mut dyn Write,
) -> anyhow::Result<Option<u8>> {
    if after.result.is_some() {
        return Ok(None);
    }
    let errors: Vec<_> = after
        .diagnostics
        .iter()
        .filter(|d| d.severity() == crate::diagnostic::Severity::Error)
        .cloned()
        .collect();
    crate::diagnostic::render_human(err, &after.loaded.sources, &errors, o.color.stderr)?;
    let refusal = Refusal::new(format!(
        "{doing} would leave the plan with {}",
        crate::text::plural(errors.len(), "error")
    ));
    refuse(err, &refusal).map(Some)
}

/// The bytes of `path` and its text (`None`: it does not exist).
///
/// Errors: it cannot be read, or is not UTF-8.
pub(crate) fn read_text(path: &Path) -> anyhow::Result<Option<(Vec<u8>, String)>> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(anyhow::Error::new(e).context(format!("cannot read `{}`", path.display())));
        }
    };
    let text = utf8(path, bytes.clone())?;
    Ok(Some((bytes, text)))
}

/// The text of plan file `path`, which a write command is about to edit: its bytes are
/// `.as_bytes()` of it, to check the file unchanged when it is replaced.
///
/// Errors: it cannot be read, or is not UTF-8.
pub(crate) fn plan_text(path: &Path) -> anyhow::Result<String> {
    utf8(path, std::fs::read(path)?)
}

/// `bytes` of `path` as text; not UTF-8 is an error that says nothing was written.
fn utf8(path: &Path, bytes: Vec<u8>) -> anyhow::Result<String> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => anyhow::bail!(
            "`{}` is not valid UTF-8; nothing was written",
            crate::text::path(path)
        ),
    }
}

/// The write of `path` (which need not exist) with `blocks` (`[[key]]` tables) appended
/// in the form the file gives `key` ([`crate::write::append::append_entries`]).
/// `Ok(Err(refusal))`: they cannot be appended.
pub(crate) fn appended(
    path: &Path,
    key: &str,
    blocks: &[&str],
) -> anyhow::Result<Result<Written, Refusal>> {
    let (original, mut text) = match read_text(path)? {
        Some((bytes, text)) => (Some(bytes), text),
        None => (None, String::new()),
    };
    for block in blocks {
        text = match crate::write::append::append_entries(&text, key, block) {
            Ok(updated) => updated,
            Err(refusal) => return Ok(Err(refusal.about(path))),
        };
    }
    Ok(Ok((path.to_path_buf(), original, text)))
}

/// [`appended`] for a file of `loaded` (the plan read under the locks) that already holds
/// `key` as `[[key]]` tables ([`crate::plan::load::appends_as_tables`]): the blocks are
/// appended to the text it was read with, and the file is neither read nor parsed again.
/// Any other file: [`appended`].
pub(crate) fn appended_in(
    loaded: &Loaded,
    path: &Path,
    key: &str,
    blocks: &[&str],
) -> anyhow::Result<Result<Written, Refusal>> {
    let found = loaded.file_id(path);
    let Some(id) = found.filter(|id| crate::plan::load::appends_as_tables(loaded, *id, key)) else {
        return appended(path, key, blocks);
    };
    let original = &loaded.sources.get(id).text;
    let mut text = original.clone();
    for block in blocks {
        text = match crate::write::append::append_tables(&text, key, block) {
            Ok(updated) => updated,
            Err(refusal) => return Ok(Err(refusal.about(path))),
        };
    }
    Ok(Ok((
        path.to_path_buf(),
        Some(original.as_bytes().to_vec()),
        text,
    )))
}

/// The files a write that records a `[[change]]` replaces, in the order to write them:
/// (path, its bytes when read or `None` for a new file, new text). `path` (read as
/// `original`) becomes `plan_text`, first; `record` (a `[[change]]` block), when given, is
/// appended to the check-in log `log` after it ([`appended_in`] the plan read, `loaded`),
/// in the same file when the log is `path`.
/// Plan first: stopped between the two writes, the plan shows a change without its record
/// (`check` reports it), never a record of a change the plan does not show, which would
/// later make an unrelated hand edit of the same value read as recorded.
///
/// `Ok(Err(refusal))`: the record cannot be appended (the log's `change` is not an array
/// of tables).
pub(crate) fn with_change_record(
    loaded: &Loaded,
    log: &Path,
    path: &Path,
    original: &[u8],
    mut plan_text: String,
    record: Option<&str>,
) -> anyhow::Result<Result<Vec<Written>, Refusal>> {
    let mut writes = Vec::new();
    let mut log_write = None;
    if let Some(block) = record {
        if crate::paths::identity(log) == crate::paths::identity(path) {
            plan_text = match crate::write::append::append_entries(&plan_text, "change", block) {
                Ok(t) => t,
                Err(refusal) => return Ok(Err(refusal.about(path))),
            };
        } else {
            match appended_in(loaded, log, "change", &[block])? {
                Ok(write) => log_write = Some(write),
                Err(refusal) => return Ok(Err(refusal)),
            }
        }
    }
    writes.push((path.to_path_buf(), Some(original.to_vec()), plan_text));
    writes.extend(log_write);
    Ok(Ok(writes))
}

/// A file to write: its path, its bytes when read (`None`: a new file), its new text.
pub(crate) type Written = (PathBuf, Option<Vec<u8>>, String);

/// `writes` as the edits [`refuse_invalid_edit`] reads the plan with: each path and its new
/// bytes.
pub(crate) fn edits_of(writes: &[Written]) -> Vec<(PathBuf, Vec<u8>)> {
    writes
        .iter()
        .map(|(p, _, t)| (p.clone(), t.as_bytes().to_vec()))
        .collect()
}

/// A dry run of `writes`: the unified diff of each file, in order (a new file against
/// nothing). Nothing is written.
pub(crate) fn print_dry_run(out: &mut dyn Write, writes: &[Written]) -> anyhow::Result<()> {
    for (p, before, after) in writes {
        let before = before
            .as_deref()
            .map(String::from_utf8_lossy)
            .unwrap_or_default();
        write!(
            out,
            "{}",
            crate::write::set::unified_diff(&crate::text::path(p), &before, after)
        )?;
    }
    Ok(())
}

/// Writes `writes` in order, each atomically under `locks`; when one fails, puts back
/// those already written (so neither the record nor the change lands) and fails.
pub(crate) fn write_all(locks: &DirLocks, writes: &[Written]) -> anyhow::Result<()> {
    let mut written: Vec<&Written> = Vec::new();
    for w in writes {
        if let Err(e) =
            crate::write::edit::replace_atomically(locks, &w.0, w.2.as_bytes(), w.1.as_deref())
        {
            for (p, before, after) in written {
                if let Some(before) = before {
                    let _ = crate::write::edit::replace_atomically(
                        locks,
                        p,
                        before,
                        Some(after.as_bytes()),
                    );
                }
            }
            return Err(e);
        }
        written.push(w);
    }
    Ok(())
}

/// Writes `value` as one pretty-printed JSON document and a newline.
pub(crate) fn json<T: serde::Serialize>(value: &T, out: &mut dyn Write) -> anyhow::Result<()> {
    crate::render::json::write(out, value)?;
    Ok(())
}
