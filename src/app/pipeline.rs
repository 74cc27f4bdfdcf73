//! The one pipeline: load → validate → roll up → lint, for one as-of date and period.
//! Every command that reads a plan gets it from [`check`]; the result carries the plan and
//! its roll-up together, or neither.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::analysis::report::Report;
use crate::analysis::{lint, rollup};
use crate::app::options::Selection;
use crate::diagnostic::Diagnostic;
use crate::plan::origin::{GitTree, Origin};
use crate::plan::{self, Plan};
use crate::refusal::Refusal;
use crate::time::period::{Period, PeriodError};

/// A loaded plan with everything said about it.
pub struct Checked {
    /// The main plan file.
    pub path: PathBuf,
    /// The files read (for diagnostics and for edits). Their raw tables
    /// ([`plan::Loaded::files`]) are freed after validation and left empty by [`check`],
    /// and kept by [`check_to_write`], whose plan [`recheck_edited`] parses an edit into.
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

/// Loads and validates the plan at `path` from `origin`, resolves the `selection` (the
/// period and as-of date) on its calendar, rolls it up, and adds the roll-up's warnings
/// and, valid or not, the raw text's (`suspicious-unicode`, `key-result-after-other-tables`). `today` dates the "check-in
/// in the future" warning.
///
/// Errors: the main plan file cannot be read (problems inside files are diagnostics), or
/// the selected period is not one of the plan's (an unknown cycle id).
pub fn check(
    path: &Path,
    origin: &Origin,
    today: NaiveDate,
    selection: &Selection,
) -> anyhow::Result<Checked> {
    check_edited(path, origin, &[], today, selection)
}

/// [`check`] with the files of `edits` read as the bytes given (see
/// [`plan::load::load_edited`]): what a write command's result would be, before writing.
pub fn check_edited(
    path: &Path,
    origin: &Origin,
    edits: &[(PathBuf, Vec<u8>)],
    today: NaiveDate,
    selection: &Selection,
) -> anyhow::Result<Checked> {
    validated(path, origin, edits, today)?.roll_up(selection)
}

/// A plan loaded and validated, not yet rolled up: [`check`]'s first half, for a caller
/// that decides the period afterwards (`diff` rolls the older side up over the newer
/// side's period, and loads both sides at once).
pub struct Validated {
    path: PathBuf,
    loaded: plan::Loaded,
    diagnostics: Vec<Diagnostic>,
    plan: Option<Plan>,
    /// Whether [`Validated::roll_up`] adds the roll-up's warnings.
    warnings: bool,
}

/// Loads and validates the plan at `path` from `origin`, with the raw text's warnings
/// (see [`check`]).
///
/// Errors: the main plan file cannot be read.
pub fn validated(
    path: &Path,
    origin: &Origin,
    edits: &[(PathBuf, Vec<u8>)],
    today: NaiveDate,
) -> anyhow::Result<Validated> {
    load_validated(path, origin, edits, today, true)
}

/// [`validated`] for a command that shows a plan's diagnostics only when it has errors
/// (`diff`): the same plan and, when it has errors, the same diagnostics in the same
/// order; when it has none, no warnings (the raw text's are not looked for, and
/// [`Validated::roll_up`] adds no roll-up warnings).
///
/// Errors: the main plan file cannot be read.
pub fn validated_for_errors(
    path: &Path,
    origin: &Origin,
    today: NaiveDate,
) -> anyhow::Result<Validated> {
    load_validated(path, origin, &[], today, false)
}

/// [`validated`] (`warnings`) or [`validated_for_errors`].
fn load_validated(
    path: &Path,
    origin: &Origin,
    edits: &[(PathBuf, Vec<u8>)],
    today: NaiveDate,
    warnings: bool,
) -> anyhow::Result<Validated> {
    let mut loaded = plan::load::load_edited(path, origin, edits)?;
    let mut diagnostics = std::mem::take(&mut loaded.diagnostics);
    let read = diagnostics.len();
    if warnings {
        diagnostics.extend(raw_text_warnings(&loaded));
    }
    let plan = plan::validate::validate_freeing(&mut loaded, today, &mut diagnostics);
    if !warnings && plan.is_none() {
        // Where `validated` puts them: after the loading's diagnostics, before the
        // validation's (the order `sort` keeps among equal positions).
        diagnostics.splice(read..read, raw_text_warnings(&loaded));
    }
    // Past validation nothing reads the raw tables: free them before the roll-up (the
    // sources stay, for diagnostics and edits).
    loaded.files = Vec::new();
    Ok(Validated {
        path: path.to_path_buf(),
        loaded,
        diagnostics,
        plan,
        warnings,
    })
}

/// The raw text's warnings: `suspicious-unicode`, then `key-result-after-other-tables`.
fn raw_text_warnings(loaded: &plan::Loaded) -> Vec<Diagnostic> {
    let mut text = lint::suspicious_unicode(&loaded.sources);
    text.extend(lint::key_result_after_other_tables(&loaded.sources));
    text
}

impl Validated {
    /// The period [`Validated::roll_up`] rolls the plan up over for `selection`; `None`
    /// when the plan has errors (it is not rolled up).
    ///
    /// Errors: as [`Validated::roll_up`]'s.
    pub fn period(&self, selection: &Selection) -> anyhow::Result<Option<Period>> {
        self.plan
            .as_ref()
            .map(|plan| resolve(plan, selection).map(|(period, _)| period))
            .transpose()
    }

    /// [`check`]'s second half: resolves the `selection` on the plan's calendar, rolls it
    /// up and lints it.
    ///
    /// Errors: the selected period is not one of the plan's (an unknown cycle id).
    pub fn roll_up(self, selection: &Selection) -> anyhow::Result<Checked> {
        let Validated {
            path,
            loaded,
            mut diagnostics,
            plan,
            warnings,
        } = self;
        let result = match plan {
            None => None,
            Some(plan) => {
                let report = roll_up(&plan, selection)?;
                if warnings {
                    diagnostics.extend(lint::warnings(&plan, &report));
                }
                Some((plan, report))
            }
        };
        sort(&mut diagnostics);
        Ok(Checked {
            path,
            loaded,
            diagnostics,
            result,
        })
    }
}

/// [`check`] of the working tree for a command that writes: the same plan, roll-up and
/// errors, without the warnings a write command does not show. The raw text's warnings
/// (`suspicious-unicode`, `key-result-after-other-tables`) are looked for only when the
/// plan has errors, which are shown with them, in [`check`]'s order; the roll-up's never.
///
/// Errors: as [`check`]'s.
pub fn check_to_write(
    path: &Path,
    today: NaiveDate,
    selection: &Selection,
) -> anyhow::Result<Checked> {
    let mut loaded = plan::load(path, &Origin::WorkingTree)?;
    let mut diagnostics = std::mem::take(&mut loaded.diagnostics);
    let read = diagnostics.len();
    let result = match plan::validate(&loaded, today, &mut diagnostics) {
        None => {
            diagnostics.splice(read..read, raw_text_warnings(&loaded));
            None
        }
        Some(plan) => {
            let report = roll_up(&plan, selection)?;
            Some((plan, report))
        }
    };
    sort(&mut diagnostics);
    Ok(Checked {
        path: path.to_path_buf(),
        loaded,
        diagnostics,
        result,
    })
}

/// The roll-up of `plan` in the `selection`'s period, as of its date.
///
/// Errors: the selected period is not one of the plan's (an unknown cycle id).
pub fn roll_up(plan: &Plan, selection: &Selection) -> anyhow::Result<Report> {
    let (period, as_of) = resolve(plan, selection)?;
    Ok(rollup::roll_up(plan, as_of, &period))
}

/// The `selection`'s period and as-of date on `plan`'s calendar.
///
/// Errors: the selected period is not one of the plan's (a [`Refusal`] naming the likely
/// label or cycle id).
fn resolve(plan: &Plan, selection: &Selection) -> anyhow::Result<(Period, NaiveDate)> {
    selection
        .resolve(plan)
        .map_err(|e| Refusal::new(period_error(&e)).into())
}

/// The validated plan [`check_edited`] would give for `edits` (each file's new text),
/// computed from `loaded`, the plan as read from the working tree without errors
/// (its files unchanged since: a write command holds their locks), instead of reading
/// every file again: each edited file is parsed again into it ([`plan::load::reparse`]:
/// only the bytes appended, when the edit appends tables), then the whole plan is
/// validated and the selection resolved on it (not rolled up: see [`roll_up`]).
///
/// `None` when that cannot tell: an edited file the plan did not read, a changed `[plan]`,
/// or any error. The caller then reads the plan with [`check_edited`], whose diagnostics
/// are the ones to show; a warning is no error, and this does not collect them.
///
/// Errors: the selected period is not one of the edited plan's.
pub fn recheck_edited(
    mut loaded: plan::Loaded,
    edits: &[(&Path, &str)],
    today: NaiveDate,
    selection: &Selection,
) -> anyhow::Result<Option<Plan>> {
    let origin = Origin::WorkingTree;
    let mut diagnostics = Vec::new();
    for (path, text) in edits {
        let Some(id) = loaded.file_id(path) else {
            return Ok(None);
        };
        if !plan::load::reparse(
            &mut loaded,
            id,
            (*text).to_string(),
            &origin,
            &mut diagnostics,
        ) {
            return Ok(None);
        }
    }
    let error = |d: &Diagnostic| d.severity() == crate::diagnostic::Severity::Error;
    if diagnostics.iter().any(error) {
        return Ok(None);
    }
    // The raw check-ins freed as they are validated, the rest with `loaded` on return.
    let Some(plan) = plan::validate::validate_freeing(&mut loaded, today, &mut diagnostics) else {
        return Ok(None);
    };
    drop(loaded);
    resolve(&plan, selection)?;
    Ok(Some(plan))
}

/// The usage error for a period the plan does not have, with the label or cycle id it
/// most likely meant.
pub(crate) fn period_error(e: &PeriodError) -> String {
    match (e, e.suggestion()) {
        (_, Some(s)) => format!("{e}; did you mean `{s}`?"),
        (PeriodError::Unknown { .. }, None) => format!("{e}: {}", crate::time::period::LABEL_FORMS),
        (PeriodError::OutOfRange(_), None) => e.to_string(),
    }
}

/// Puts diagnostics in source order: plan-wide problems first, then by file and position.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| d.primary.as_ref().map(|l| (l.loc.file, l.loc.span.start)));
}
