//! The goal in force on a date, for rating each past check-in against the goal it was
//! made under: from the plan's git history ([`GoalsInForce`]), else from its `[[change]]`
//! records ([`goal_before_changes`]).

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::git::{Git, History};
use crate::plan::Plan;
use crate::plan::model::Measure;

use super::at_commit::Baselines;

/// The goal of the key result or metric `id` on `date` as the plan's `[[change]]` records
/// tell it: today's goal with every recorded change made after `date` taken back (newest
/// first, each field to its `from`). `None` when no recorded change came after `date` (the
/// goal then was today's, as far as the records know), or when `id` has no numeric goal.
/// For `show` without git history, or beside it.
#[must_use]
pub fn goal_before_changes(plan: &Plan, id: &str, date: NaiveDate) -> Option<Measure> {
    let today = plan
        .objectives
        .iter()
        .flat_map(|o| &o.key_results)
        .find(|k| k.id == id)
        .map(|k| k.measure)
        .or_else(|| {
            plan.north_star
                .iter()
                .chain(&plan.metrics)
                .find(|m| m.id == id)
                .map(|m| m.measure)
        })?;
    let mut later: Vec<&crate::plan::model::Change> = plan
        .changes
        .iter()
        .filter(|c| c.id == id && c.date > date)
        .collect();
    if later.is_empty() {
        return None;
    }
    later.sort_by_key(|c| std::cmp::Reverse(c.date));
    let mut measure = today;
    for c in later {
        let crate::plan::model::ChangeValue::Number(from) = c.from else {
            continue;
        };
        measure = match (measure, c.field.as_str()) {
            (Measure::Numeric { target, .. }, "baseline") => Measure::Numeric {
                baseline: from,
                target,
            },
            (Measure::Numeric { baseline, .. }, "target") => Measure::Numeric {
                baseline,
                target: from,
            },
            (Measure::KeepBelow(_), "keep_below") => Measure::KeepBelow(from),
            (Measure::KeepAbove(_), "keep_above") => Measure::KeepAbove(from),
            (Measure::Untargeted { .. }, "baseline") => Measure::Untargeted {
                baseline: Some(from),
            },
            (m, _) => m,
        };
    }
    Some(measure)
}

/// The goals of key results and metrics as they were on past dates, read from git history:
/// on date `d`, the plan at the last commit made on or before `d` (end of day, UTC), as
/// [`Git::last_commit_before`] would pick it. Lists HEAD's history once (on first use) and
/// reads each commit's goals once (from the goalpost cache when it has them).
pub struct GoalsInForce {
    git: Option<Git>,
    /// The commits' goals; `None` outside a work tree.
    baselines: RefCell<Option<Baselines>>,
    /// HEAD's history, listed on first use; empty when git fails.
    history: OnceCell<History>,
    /// Each commit's measures by id, once asked for.
    measures: RefCell<HashMap<String, HashMap<String, Measure>>>,
}

impl GoalsInForce {
    /// Goals of the plan at `main`, from the git repository holding it (none outside one).
    #[must_use]
    pub fn new(main: &Path, cwd: &Path, today: NaiveDate) -> Self {
        let git = Git::new(main.parent().unwrap_or(Path::new("")));
        let git_dir = git.work_tree_git_dir();
        Self {
            baselines: RefCell::new(
                git_dir
                    .as_deref()
                    .map(|dir| Baselines::new(main, cwd, dir, today)),
            ),
            git: git_dir.is_some().then_some(git),
            history: OnceCell::new(),
            measures: RefCell::new(HashMap::new()),
        }
    }

    /// The goal of the key result or metric `id` on `date`, when git history has it.
    #[must_use]
    pub fn on(&self, id: &str, date: NaiveDate) -> Option<Measure> {
        let git = self.git.as_ref()?;
        let end_of_day = date.and_hms_opt(23, 59, 59)?.and_utc().timestamp();
        let commit = self
            .history
            .get_or_init(|| git.history().unwrap_or_default())
            .last_commit_before(end_of_day)?;
        let mut measures = self.measures.borrow_mut();
        if !measures.contains_key(commit) {
            let mut baselines = self.baselines.borrow_mut();
            let found = baselines
                .as_mut()
                .and_then(|b| b.at(commit))
                .map(|b| {
                    b.measures()
                        .into_iter()
                        .map(|(id, m)| (id.to_string(), m))
                        .collect()
                })
                .unwrap_or_default();
            measures.insert(commit.to_string(), found);
        }
        measures.get(commit)?.get(id).copied()
    }
}
