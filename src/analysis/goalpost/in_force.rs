//! The goal in force on a date, for rating each past check-in against the goal it was
//! made under: from the plan's git history ([`GoalsInForce`]), else from its `[[change]]`
//! records ([`goal_before_changes`]).

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::git::{Git, History};
use crate::plan::Plan;
use crate::plan::model::Measure;

use super::plan_at;

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
/// loads each commit's plan once.
pub struct GoalsInForce {
    git: Option<Git>,
    main: PathBuf,
    cwd: PathBuf,
    today: NaiveDate,
    /// HEAD's history, listed on first use; empty when git fails.
    history: OnceCell<History>,
    plans: RefCell<HashMap<String, Option<Plan>>>,
}

impl GoalsInForce {
    /// Goals of the plan at `main`, from the git repository holding it (none outside one).
    #[must_use]
    pub fn new(main: &Path, cwd: &Path, today: NaiveDate) -> Self {
        let git = Git::new(main.parent().unwrap_or(Path::new("")));
        Self {
            git: git.is_work_tree().then_some(git),
            main: main.to_path_buf(),
            cwd: cwd.to_path_buf(),
            today,
            history: OnceCell::new(),
            plans: RefCell::new(HashMap::new()),
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
        let mut plans = self.plans.borrow_mut();
        let plan = plans
            .entry(commit.to_string())
            .or_insert_with(|| plan_at(&self.main, commit, &self.cwd, self.today))
            .as_ref()?;
        plan.objectives
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
            })
    }
}
