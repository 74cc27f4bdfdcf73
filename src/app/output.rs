//! `-o FILE`: the report goes to a file instead of stdout. Before the command runs, the
//! file is checked not to be one of the plan's own, nor read-only; once the report is
//! produced, it is written by [`crate::write::edit::write_output`] (through to a device, FIFO or
//! `/dev/stdout`; atomically to a regular file, through a symbolic link to its target).

use std::path::Path;

use super::options::Options;
use crate::plan::origin::Origin;
use crate::refusal::Refusal;

/// Refuses, before the command runs, an `-o` path that is a file of the plan in the
/// working tree (the main file, an included file, the check-in log even before it
/// exists), however it is spelled (`..`, a symbolic link), or a read-only file. `None`
/// when the path is free, or when the plan cannot be read (the command then reports that
/// itself).
pub(crate) fn refuse(o: &Options, output: &Path) -> Option<Refusal> {
    refuse_plan_file(o, output).or_else(|| {
        crate::write::edit::check_replaceable(output)
            .err()
            .and_then(|e| e.downcast::<Refusal>().ok())
    })
}

/// Refuses an `-o` path that is a file of the plan (see [`refuse`]).
fn refuse_plan_file(o: &Options, output: &Path) -> Option<Refusal> {
    if o.plan.as_os_str().is_empty() {
        return None;
    }
    let loaded = crate::plan::load(&o.plan, &Origin::WorkingTree).ok()?;
    let target = crate::paths::identity(output);
    let plan_file = loaded
        .sources
        .files()
        .iter()
        .map(|f| f.path.as_path())
        .chain(loaded.checkin_log.as_deref())
        .find(|f| crate::paths::identity(f) == target)?;
    Some(
        Refusal::new(format!(
            "refusing to overwrite plan file `{}`",
            plan_file.display()
        ))
        .help(format!(
            "`-o` names the file the report goes to: pick one outside the plan, e.g. `-o report.{}`",
            o.format.extension()
        )),
    )
}
