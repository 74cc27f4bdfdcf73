//! The one pipeline: load → validate → roll up → lint, for one as-of date and quarter.
//! Every command that reads a plan gets it from [`check`]; the result carries the plan and
//! its roll-up together, or neither.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::diagnostic::Diagnostic;
use crate::plan::origin::{GitTree, Origin};
use crate::plan::{self, Plan};
use crate::quarter::Quarter;
use crate::report::Report;
use crate::{lint, rollup};

/// A loaded plan with everything said about it.
pub struct Checked {
    /// The main plan file.
    pub path: PathBuf,
    /// The files read (for diagnostics and for edits).
    pub loaded: plan::Loaded,
    /// Every diagnostic, in source order (plan-wide ones first).
    pub diagnostics: Vec<Diagnostic>,
    /// The validated plan and its roll-up; `None` when the plan has errors.
    pub result: Option<(Plan, Report)>,
}

/// Where to read the plan from: the working tree, or the git revision `at` names.
///
/// Errors: git is missing, the plan is not in a repository, or `at` names no revision.
pub fn origin(plan: &Path, at: Option<&str>, cwd: &Path) -> anyhow::Result<Origin> {
    Ok(match at {
        None => Origin::WorkingTree,
        Some(rev) => Origin::Git(GitTree::open(plan, rev, cwd)?),
    })
}

/// Loads and validates the plan at `path` from `origin`, rolls it up as of `as_of` for
/// `quarter`, and adds the roll-up's warnings and, valid or not, the raw text's
/// (`suspicious-unicode`). `today` dates the "check-in in the future"
/// warning.
///
/// Errors: the main plan file cannot be read (problems inside files are diagnostics).
pub fn check(
    path: &Path,
    origin: &Origin,
    today: NaiveDate,
    as_of: NaiveDate,
    quarter: Quarter,
) -> anyhow::Result<Checked> {
    let mut loaded = plan::load(path, origin)?;
    let mut diagnostics = std::mem::take(&mut loaded.diagnostics);
    diagnostics.extend(lint::suspicious_unicode(&loaded.sources));
    let result = plan::validate(&loaded, today, &mut diagnostics).map(|plan| {
        let report = rollup::roll_up(&plan, as_of, quarter);
        diagnostics.extend(lint::warnings(&plan, &report));
        (plan, report)
    });
    sort(&mut diagnostics);
    Ok(Checked {
        path: path.to_path_buf(),
        loaded,
        diagnostics,
        result,
    })
}

/// Puts diagnostics in source order: plan-wide problems first, then by file and position.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| d.primary.as_ref().map(|l| (l.loc.file, l.loc.span.start)));
}
