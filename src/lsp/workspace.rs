//! The analysis glue: finds the plan as the command line does, reads it through the one
//! pipeline with the editor's open buffers laid over the files on disk
//! ([`crate::app::pipeline::check_edited`]), and keeps what the features answer from: the
//! files read, every diagnostic `check --no-git` reports, the id index, and the last plan
//! that validated (kept while the plan has errors, so hover and definition go on working).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::documents::Documents;
use super::index::Index;
use crate::analysis::report::Report;
use crate::app::options::{PeriodChoice, Selection};
use crate::app::pipeline;
use crate::diagnostic::{Diagnostic, FileId, Sources};
use crate::plan::Plan;
use crate::plan::origin::Origin;

/// The plan as last read.
#[derive(Default)]
pub struct Analysis {
    /// The files read, with the text each had (an open buffer's, else the disk's).
    pub sources: Sources,
    /// Every diagnostic, in `check`'s order.
    pub diagnostics: Vec<Diagnostic>,
    /// The ids defined and named in [`Analysis::sources`].
    pub index: Index,
}

impl Analysis {
    /// The file of the plan at `path` (compared by [`crate::paths::identity`]).
    #[must_use]
    pub fn file_id(&self, path: &Path) -> Option<FileId> {
        self.sources.file_id(path)
    }
}

/// The plan the server serves.
pub struct Workspace {
    /// The main plan file, once found.
    main: Option<PathBuf>,
    /// Today, for the as-of date (`NORTHSTAR_TODAY` overrides the clock).
    pub today: NaiveDate,
    /// The plan as last read.
    pub analysis: Analysis,
    /// The last plan that validated, with its roll-up as of today.
    pub valid: Option<(Plan, Report)>,
}

impl Workspace {
    /// A workspace whose plan is `plan` (the `plan` initialization option, relative to
    /// `root`), else the nearest `northstar.toml` at or above `root`, as the command line
    /// finds it; `None` when there is none yet (see [`Workspace::find_from`]).
    #[must_use]
    pub fn new(root: Option<&Path>, plan: Option<&Path>, today: NaiveDate) -> Self {
        let main = match (root, plan) {
            (Some(root), Some(plan)) => Some(root.join(plan)),
            (None, Some(plan)) => Some(plan.to_path_buf()),
            (Some(root), None) => crate::plan::find_plan(root),
            (None, None) => None,
        };
        Self {
            main,
            today,
            analysis: Analysis::default(),
            valid: None,
        }
    }

    /// Without a plan yet, looks for one from the directory of `file` (a document just
    /// opened), as the command line would from there.
    pub fn find_from(&mut self, file: &Path) {
        if self.main.is_none() {
            self.main = file.parent().and_then(crate::plan::find_plan);
        }
    }

    /// Reads the plan again with `documents` laid over the disk. The previous analysis is
    /// replaced; the valid plan only by a newer valid one.
    ///
    /// Errors: the main plan file cannot be read (the analysis is then emptied, its
    /// diagnostics cleared).
    pub fn reload(&mut self, documents: &Documents) -> anyhow::Result<()> {
        let Some(main) = &self.main else {
            return Ok(());
        };
        let selection = Selection::at(PeriodChoice::Default, self.today);
        let read = pipeline::check_edited(
            main,
            &Origin::WorkingTree,
            &documents.overlay(),
            self.today,
            &selection,
        );
        let checked = match read {
            Ok(checked) => checked,
            Err(e) => {
                self.analysis = Analysis::default();
                return Err(e);
            }
        };
        let sources = checked.loaded.sources;
        let old = &self.analysis;
        self.analysis = Analysis {
            index: Index::rebuild(&sources, &old.index, &old.sources),
            sources,
            diagnostics: checked.diagnostics,
        };
        if checked.result.is_some() {
            self.valid = checked.result;
        }
        Ok(())
    }
}
