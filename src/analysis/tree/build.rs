//! [`build`]: the tree a query asks for, from where it starts to as deep as it may go.

use crate::analysis::report::Report;
use crate::plan::model::Plan;
use crate::refusal::Refusal;

use super::walk::{Ref, Walk};
use super::{MAX_LEVELS, Query, Root, Scope, Tree};

/// Builds the tree `query` asks for from `plan` and its roll-up `report`.
///
/// Errors (a refusal with the fix): an id that names nothing (with a did-you-mean), or an
/// entity a tree cannot start at (a metric, an initiative, a bet, a team: `--team` takes
/// those); an objective or key result outside the selected period (with the period to
/// pass); an unknown team; a tree deeper than [`MAX_LEVELS`] without a `--depth` that
/// stops it (with the ids to start lower down at).
pub fn build(plan: &Plan, report: &Report, query: &Query) -> Result<Tree, Refusal> {
    let mut walk = Walk::new(plan, report, query.depth);
    let starts: Vec<Ref> = match &query.scope {
        Scope::Whole if plan.north_star.is_some() => vec![Ref::NorthStar],
        Scope::Whole => (0..plan.pillars.len()).map(Ref::Pillar).collect(),
        Scope::Under(id) => vec![walk.find(id)?],
        Scope::Team(id) => walk.team_roots(id)?,
    };
    let roots = starts
        .into_iter()
        .map(|r| Root {
            ancestors: walk.ancestors(r),
            node: walk.branch(r, 0),
        })
        .collect();
    if let Some(deepest) = walk.too_deep {
        let (id, _) = walk.identity(deepest);
        return Err(Refusal::new(format!(
            "the alignment is more than {MAX_LEVELS} levels deep (it goes on below `{id}`): \
             `tree` draws at most {MAX_LEVELS} levels"
        ))
        .help(format!(
            "pass `--depth {MAX_LEVELS}` or less, or start lower down: `northstar tree {id}`"
        )));
    }
    Ok(Tree {
        plan: report.plan.clone(),
        as_of: report.as_of,
        period: report.period.clone(),
        roots,
    })
}
