//! Plan-wide rules: what holds of the plan as a whole rather than of one entity or one
//! reference.
//!
//! At most one North Star across all files, and a warning when there is none (checked
//! during pass one, as `[north_star]` tables are met); and, once the plan is free of errors
//! (broken entities would skew them), two to four pillars and an owner and key results for
//! every objective.

use super::Validator;
use crate::diagnostic::{Code, Diagnostic, FileId, Loc};
use crate::plan::model::Plan;

impl Validator<'_> {
    /// A second `[north_star]` at `loc`, the first one being at `first`.
    pub(super) fn duplicate_north_star(&mut self, loc: Loc, first: &Loc) {
        self.push(
            Diagnostic::new(Code::DuplicateNorthStar, "more than one `[north_star]` in the plan", loc)
                .label("second North Star")
                .secondary(first.clone(), "first North Star")
                .help("a plan has exactly one North Star metric; make the other a `[[metric]]` with `role = \"input\"`"),
        );
    }

    /// No `[north_star]` in any file of the plan: valid, but worth a warning.
    pub(super) fn missing_north_star(&mut self) {
        self.push(
            Diagnostic::new(Code::MissingNorthStar, "the plan has no `[north_star]`", Loc::new(FileId(0), 0..0))
                .label("no North Star in this plan or its includes")
                .help("a North Star metric names the one outcome the pillars and objectives serve; add a `[north_star]` table with `id` and `name` (and `baseline` and `target`) to the main plan file"),
        );
    }

    /// Warnings about a plan without errors: pillar count, objectives without key results
    /// or owner.
    pub(super) fn plan_warnings(&mut self, plan: &Plan) {
        let count = plan.pillars.len();
        if !(2..=4).contains(&count) {
            let loc = plan
                .pillars
                .get(4)
                .map_or_else(|| plan.loc.clone(), |p| p.loc.clone());
            self.push(
                Diagnostic::new(
                    Code::PillarCount,
                    format!(
                        "the plan has {} (2–4 expected)",
                        crate::text::plural(count, "pillar")
                    ),
                    loc,
                )
                .label(if count > 4 {
                    "fifth pillar"
                } else {
                    "this plan"
                })
                .help(if count > 4 {
                    "a strategy with more than four pillars has none; merge or drop some"
                } else {
                    "name two to four strategic pillars that drive the North Star"
                }),
            );
        }
        // An objective with child objectives is measured by them.
        let children = plan
            .children(&vec![true; plan.objectives.len()])
            .of_objective;
        for (oi, o) in plan.objectives.iter().enumerate() {
            if o.key_results.is_empty() && children[oi].is_empty() {
                self.push(
                    Diagnostic::new(
                        Code::ObjectiveWithoutKeyResults,
                        format!("objective `{}` has no key results", o.id),
                        o.loc.clone(),
                    )
                    .label("nothing to measure")
                    .help("add `[[objective.key_result]]` tables below it"),
                );
            }
            if o.owners.is_empty() {
                self.push(
                    Diagnostic::new(
                        Code::ObjectiveWithoutOwner,
                        format!("objective `{}` has no owner", o.id),
                        o.loc.clone(),
                    )
                    .label("no owner")
                    .help("add `owner = \"...\"`"),
                );
            }
        }
    }
}
