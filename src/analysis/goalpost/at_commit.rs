//! The goals of a plan as they were at past commits ([`Baselines`]): each commit's
//! [`Baseline`] from the goalpost cache, else loaded from git (every commit's files read
//! through one `git cat-file --batch` process), kept in the cache, and the plan dropped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::plan::origin::{Origin, Revisions, plan_path};
use crate::plan::{load, validate};

use super::baseline::Baseline;
use super::cache::Cache;

/// The baselines of one plan's past commits, each looked up once.
pub struct Baselines {
    main: PathBuf,
    cwd: PathBuf,
    today: NaiveDate,
    cache: Cache,
    /// The repository, opened on the first commit the cache does not have (`Err` when
    /// it could not be).
    revisions: Option<Result<Revisions, ()>>,
    found: HashMap<String, Option<Baseline>>,
}

impl Baselines {
    /// The baselines of the plan at `main` (relative to `cwd`) in the work tree whose
    /// git directory is `git_dir` ([`crate::git::Git::work_tree_git_dir`]), validated as of `today`.
    #[must_use]
    pub fn new(main: &Path, cwd: &Path, git_dir: &Path, today: NaiveDate) -> Self {
        Self {
            main: main.to_path_buf(),
            cwd: cwd.to_path_buf(),
            today,
            cache: Cache::new(git_dir, &plan_path(main, cwd)),
            revisions: None,
            found: HashMap::new(),
        }
    }

    /// The goals of the plan at `commit` (a full hash), or `None` when the plan cannot be
    /// loaded there or has errors.
    pub fn at(&mut self, commit: &str) -> Option<&Baseline> {
        if !self.found.contains_key(commit) {
            let baseline = self.cache.get(commit).or_else(|| {
                let loaded = self.load(commit)?;
                self.cache.put(commit, &loaded);
                Some(loaded)
            });
            self.found.insert(commit.to_string(), baseline);
        }
        self.found.get(commit)?.as_ref()
    }

    /// The plan at `commit` loaded and validated, as its goals.
    fn load(&mut self, commit: &str) -> Option<Baseline> {
        let revisions = self
            .revisions
            .get_or_insert_with(|| Revisions::open(&self.main, &self.cwd).map_err(|_| ()))
            .as_ref()
            .ok()?;
        let tree = revisions.tree(commit).ok()?;
        let loaded = load(&self.main, &Origin::Git(tree)).ok()?;
        let plan = validate(&loaded, self.today, &mut Vec::new())?;
        Some(Baseline::of(&plan))
    }
}
