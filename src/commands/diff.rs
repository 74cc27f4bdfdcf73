//! `northstar diff`: what moved between two revisions of the plan (or a revision and the
//! working tree), goalpost moves first.

use std::io::Write;

use super::Ran;
use crate::analysis::diff::Side;
use crate::app::exit;
use crate::app::options::{Options, side_as_of};
use crate::app::options::{PeriodChoice, Selection};
use crate::app::pipeline;
use crate::diagnostic;
use crate::plan::origin::{GitTree, Origin};

/// One side opened and loaded: its [`Side`] and its plan, validated, not yet rolled up.
type Loaded = anyhow::Result<(Side, pipeline::Validated)>;

/// Opens side `rev` (`None`: the working tree): its [`Side`] and where its files are read.
///
/// Errors: git is missing, the plan is not in a repository, or `rev` names no revision.
fn open_side(o: &Options, rev: Option<&str>) -> anyhow::Result<(Side, Origin)> {
    let given = o.selection.as_of.given();
    Ok(match rev {
        None => (
            Side {
                revision: None,
                commit: None,
                as_of: side_as_of(given, None, o.today),
            },
            Origin::WorkingTree,
        ),
        Some(rev) => {
            let tree = GitTree::open(&o.plan, rev, &o.cwd)?;
            let side = Side {
                revision: Some(rev.to_string()),
                commit: Some(tree.commit.clone()),
                as_of: side_as_of(given, tree.commit_date(), o.today),
            };
            (side, Origin::Git(tree))
        }
    })
}

/// Side `rev` opened (an opening error is the outer `Err`) and its plan loaded and
/// validated (a loading error is the inner one): [`run`] reports them in the order one
/// side after the other would meet them.
fn open_and_load(o: &Options, rev: Option<&str>) -> anyhow::Result<Loaded> {
    let (side, origin) = open_side(o, rev)?;
    Ok(pipeline::validated_for_errors(&o.plan, &origin, o.today).map(|v| (side, v)))
}

/// Runs `diff FROM [TO]` (`TO` `None`: the working tree). Each side is rolled up as of its
/// own date (see [`side_as_of`]) for one period: `--period`, else the newer side's default.
/// The two sides are opened, loaded and rolled up at once, the older on a second thread,
/// which writes nothing (stderr stays locked by `main` for the whole run: a write from that
/// thread would wait forever).
pub fn run(o: &Options, from: &str, to: Option<&str>, err: &mut dyn Write) -> anyhow::Result<Ran> {
    let (a, b) = std::thread::scope(|scope| {
        let older = scope.spawn(|| open_and_load(o, Some(from)));
        let newer = open_and_load(o, to);
        (join(older), newer)
    });
    // Opening the older side, then the newer, then each plan: the order of the errors.
    let (a, b) = (a?, b?);
    let (b_side, b_plan) = b?;
    // The newer side decides the period (`--period`, else its own default); the older side
    // is rolled up over the very same days.
    let b_selection = Selection::at(o.selection.period.clone(), b_side.as_of);
    let period = b_plan.period(&b_selection)?;
    let (a, b_checked) = std::thread::scope(|scope| {
        let older = period.map(|period| {
            scope.spawn(move || -> anyhow::Result<_> {
                let (a_side, a_plan) = a?;
                let a_checked =
                    a_plan.roll_up(&Selection::at(PeriodChoice::Fixed(period), a_side.as_of))?;
                Ok((a_side, a_checked))
            })
        });
        let newer = b_plan.roll_up(&b_selection);
        (older.map(join), newer)
    });
    let Some(b_result) = plan_or_errors(b_checked?, &b_side, o, err)? else {
        return Ok(Ran::code(exit::PLAN_ERRORS));
    };
    let (a_side, a_checked) = a.expect("a plan without errors has a period")?;
    let Some(a_result) = plan_or_errors(a_checked, &a_side, o, err)? else {
        return Ok(Ran::code(exit::PLAN_ERRORS));
    };
    let d = crate::analysis::diff::diff(
        a_side,
        (&a_result.0, &a_result.1),
        b_side,
        (&b_result.0, &b_result.1),
    );
    Ok(Ran::output(
        crate::render::Output::Diff(Box::new(d)),
        exit::OK,
    ))
}

/// What the scoped thread `handle` returned; its panic goes on in this thread.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The side's plan and roll-up; `None` after writing its errors to `err`.
fn plan_or_errors(
    mut checked: pipeline::Checked,
    side: &Side,
    o: &Options,
    err: &mut dyn Write,
) -> anyhow::Result<Option<(crate::plan::Plan, crate::analysis::report::Report)>> {
    let Some(result) = checked.result.take() else {
        writeln!(err, "error: the plan at {} has errors:", side.label())?;
        diagnostic::render_human(
            err,
            &checked.loaded.sources,
            &checked.diagnostics,
            o.color.stderr,
        )?;
        return Ok(None);
    };
    Ok(Some(result))
}
