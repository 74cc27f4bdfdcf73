//! `northstar diff`: what moved between two revisions of the plan (or a revision and the
//! working tree), goalpost moves first.

use std::io::Write;

use crate::analysis::diff::Side;
use crate::app::exit;
use crate::app::formats::Format;
use crate::app::options::{Options, side_as_of};
use crate::app::options::{PeriodChoice, Selection};
use crate::app::pipeline;
use crate::diagnostic;
use crate::plan::origin::{GitTree, Origin};
use crate::render::outline::Outline;

/// Runs `diff FROM [TO]` (`TO` `None`: the working tree). Each side is rolled up as of its
/// own date (see [`side_as_of`]) for one period: `--period`, else the newer side's default.
pub fn run(
    o: &Options,
    from: &str,
    to: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let given = o.as_of_given.then_some(o.as_of);
    let side = |rev: Option<&str>| -> anyhow::Result<(Side, Origin)> {
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
    };
    let (a_side, a_origin) = side(Some(from))?;
    let (b_side, b_origin) = side(to)?;
    // The newer side decides the period (`--period`, else its own default); the older side
    // is rolled up over the very same days.
    let mut period = o.selection.period.clone();
    let mut sides = Vec::new();
    for (s, origin) in [(&b_side, &b_origin), (&a_side, &a_origin)] {
        let selection = Selection::at(period.clone(), s.as_of);
        let mut checked = pipeline::check(&o.plan, origin, o.today, &selection)?;
        let Some(result) = checked.result.take() else {
            writeln!(err, "error: the plan at {} has errors:", s.label())?;
            diagnostic::render_human(
                err,
                &checked.loaded.sources,
                &checked.diagnostics,
                o.color.stderr,
            )?;
            return Ok(exit::PLAN_ERRORS);
        };
        period = PeriodChoice::Fixed(result.1.period.clone());
        sides.push(result);
    }
    let (a, b) = (sides.remove(1), sides.remove(0));
    let d = crate::analysis::diff::diff(a_side, (&a.0, &a.1), b_side, (&b.0, &b.1));
    match o.format {
        Format::Json => super::json(&d, out)?,
        Format::Markdown => crate::render::diff::print(&d, out, Outline::Markdown)?,
        _ => crate::render::diff::print(&d, out, Outline::Text(&super::report::table(o)))?,
    }
    Ok(exit::OK)
}
