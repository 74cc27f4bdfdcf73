//! Where a plan may read: its main file's directory (the fence) for includes, and the
//! planning repository for the check-in log and source files; never git's metadata.
//! Paths that leave are reported as `path-outside-plan` and never read.

use std::cell::OnceCell;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, FileId, Loc, Sources};
use crate::plan::origin::{Origin, resolve};
use crate::plan::raw::RawFile;

/// Every file a `source` table reads (a `file` source's `path`; a `dora` source's
/// `incidents` and its `deploys`/`failures` `file`) must lie in the planning repository,
/// like the check-in log (`northstar measure` reads it): one that does not is reported as
/// `path-outside-plan`. A dora `repo` is another repository and may lie beside it.
/// The file is not read here; a missing one is `measure`'s error, not the plan's.
/// Returns the diagnostics for the sources of `files` (their texts in `texts`).
pub(super) fn confine_sources(
    files: &[(FileId, RawFile)],
    texts: &Sources,
    origin: &Origin,
    fence: &Fence<'_>,
    base: &Path,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    // Asked of git only when a source names a file (a process: most plans have none).
    let repository_root = std::cell::OnceCell::new();
    let repository = || repository_root.get_or_init(|| origin.repository_root(base));
    let mut found = Vec::new();
    for (file, raw) in files {
        let sources = raw
            .north_star
            .iter()
            .filter_map(|n| n.get_ref().source.as_ref())
            .chain(
                raw.metric
                    .iter()
                    .filter_map(|m| m.get_ref().source.as_ref()),
            )
            .chain(raw.objective.iter().flat_map(|o| {
                o.get_ref()
                    .key_result
                    .iter()
                    .filter_map(|k| k.get_ref().source.as_ref())
            }));
        for source in sources {
            let source = source.get_ref();
            // Every file a source reads: a `file` source's path, a dora source's CSVs.
            let paths = [
                source.path.as_ref(),
                source.incidents.as_ref(),
                source
                    .deploys
                    .as_ref()
                    .and_then(|d| d.get_ref().file.as_ref()),
                source
                    .failures
                    .as_ref()
                    .and_then(|f| f.get_ref().file.as_ref()),
            ];
            for path in paths.into_iter().flatten() {
                found.push((*file, path.clone()));
            }
        }
    }
    for (file, path) in found {
        let loc = Loc::new(file, path.span());
        let written = path.get_ref();
        let dir = texts
            .get(file)
            .path
            .parent()
            .unwrap_or_else(|| Path::new(""));
        let resolved = dir.join(written);
        let (message, label) = if Path::new(written).has_root() {
            (
                format!("source file `{written}` is an absolute path"),
                "an absolute path",
            )
        } else if names_git_metadata(written)
            || (matches!(origin, Origin::WorkingTree)
                && origin.resolves_inside(&repository().join(".git"), &resolved))
        {
            diagnostics.push(fence.in_git(
                format!("source file `{written}` lies in git's metadata"),
                loc,
            ));
            continue;
        } else if !origin.resolves_inside(&fence.root, &resolved)
            && !origin.resolves_inside(repository(), &resolved)
        {
            (
                format!("source file `{written}` lies outside the plan's repository"),
                "outside the planning repository",
            )
        } else {
            continue;
        };
        diagnostics.push(fence.outside(message, loc, label.into()).help(format!(
            "a source file must lie in the planning repository holding `{}` (or under its \
             directory outside git): write its path relative to the plan file defining it",
            fence.dir()
        )));
    }
    diagnostics
}

/// The directory tree a plan's files must stay in: the main file's directory.
pub(super) struct Fence<'a> {
    /// The main file's directory as the user wrote it (empty for the working directory).
    pub(super) base: &'a Path,
    /// The same directory with symbolic links resolved ([`Origin::plan_root`]).
    pub(super) root: PathBuf,
    /// The planning repository's `.git`, found when first needed.
    git_dir: OnceCell<PathBuf>,
}

/// Where an included file stands, as the loader and a write command's lock both judge it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum IncludePlace {
    /// Under the main file's directory, outside git's metadata: part of the plan.
    Inside,
    /// Resolves outside the main file's directory (a symbolic link leads out).
    Outside,
    /// Names or resolves into git's metadata.
    InGit,
}

/// Where the check-in log stands, as the loader and a write command's lock both judge it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LogPlace {
    /// In the planning repository (or under the main file's directory outside git),
    /// outside git's metadata: part of the plan.
    Inside,
    /// Written as an absolute path.
    Absolute,
    /// Names or resolves into git's metadata.
    InGit,
    /// Resolves outside the planning repository.
    Outside,
}

impl<'a> Fence<'a> {
    /// The fence of a plan whose main file stands in `base`, read from `origin`.
    pub(super) fn new(origin: &Origin, base: &'a Path) -> Self {
        Fence {
            root: origin.plan_root(base),
            base,
            git_dir: OnceCell::new(),
        }
    }

    /// Whether `path` resolves into the planning repository's `.git` (in the working
    /// tree; at a revision nothing can). Git is asked where the repository is (once) only
    /// for a path that resolves through a component named `.git`: the repository's
    /// metadata is `<top level>/.git`, so no other path can lie in it.
    pub(super) fn in_git_dir(&self, origin: &Origin, path: &Path) -> bool {
        matches!(origin, Origin::WorkingTree)
            && resolve(path).is_some_and(|p| names_git_metadata(&p.to_string_lossy()))
            && origin.resolves_inside(
                self.git_dir
                    .get_or_init(|| origin.repository_root(self.base).join(".git")),
                path,
            )
    }

    /// Where `path`, a file an include pattern matched, stands.
    pub(super) fn place_include(&self, origin: &Origin, path: &Path) -> IncludePlace {
        if !origin.resolves_inside(&self.root, path) {
            IncludePlace::Outside
        } else if names_git_metadata(
            &path
                .strip_prefix(self.base)
                .unwrap_or(path)
                .to_string_lossy(),
        ) || self.in_git_dir(origin, path)
        {
            IncludePlace::InGit
        } else {
            IncludePlace::Inside
        }
    }

    /// Where the check-in log written as `written` (`log` once resolved against the main
    /// file's directory) stands. Unlike an include it may leave the main file's directory,
    /// so that several plans of one planning repository share one log, but never the
    /// repository.
    pub(super) fn place_checkin_log(&self, origin: &Origin, written: &str, log: &Path) -> LogPlace {
        if Path::new(written).has_root() {
            LogPlace::Absolute
        } else if names_git_metadata(written) || self.in_git_dir(origin, log) {
            LogPlace::InGit
        } else if !origin.resolves_inside(&self.root, log)
            && !origin.resolves_inside(&origin.repository_root(self.base), log)
        {
            LogPlace::Outside
        } else {
            LogPlace::Inside
        }
    }

    /// The directory as shown in messages (`.` for the working directory).
    pub(super) fn dir(&self) -> String {
        if self.base.as_os_str().is_empty() {
            ".".to_string()
        } else {
            self.base.display().to_string()
        }
    }

    /// A `path-outside-plan` diagnostic for a path into git's metadata (`.git`, by name or
    /// through a symbolic link), which is never part of the plan.
    pub(super) fn in_git(&self, message: String, loc: Loc) -> Diagnostic {
        Diagnostic::new(Code::PathOutsidePlan, message, loc)
            .label("inside `.git`")
            .help(format!(
                "git's metadata is not part of the plan, and nothing is read or written there: \
                 keep plan files, source files and the check-in log under `{}`, outside `.git`",
                self.dir()
            ))
    }

    /// A `path-outside-plan` diagnostic. Only the path as written in the plan is named:
    /// nothing is read from where it leads.
    pub(super) fn outside(&self, message: String, loc: Loc, label: String) -> Diagnostic {
        let dir = self.dir();
        Diagnostic::new(Code::PathOutsidePlan, message, loc)
            .label(label)
            .help(format!(
                "plan files must lie under `{dir}`, the main plan file's directory: \
                 move the file there and write its path relative to it, without `..`"
            ))
    }
}

/// Whether a path written in the plan names git's metadata: a `.git` component, in any
/// case and with any trailing dots or spaces (which case-insensitive file systems, and
/// Windows, read as `.git` itself). Writing there could create a hook git then runs.
pub(super) fn names_git_metadata(path: &str) -> bool {
    Path::new(path).components().any(|c| {
        matches!(c, Component::Normal(name) if name
            .to_str()
            .is_some_and(|n| n.trim_end_matches(['.', ' ']).eq_ignore_ascii_case(".git")))
    })
}

/// Why a path written in `[plan]` (an include pattern, the check-in log) leaves the main
/// file's directory on its face: it is absolute, or has a `..` component. `None` when it
/// does not (a symbolic link may still lead out: [`Origin::resolves_inside`]).
pub(super) fn lexical_escape(path: &str) -> Option<String> {
    let path = Path::new(path);
    if path.has_root() || path.is_absolute() {
        return Some("an absolute path".into());
    }
    path.components()
        .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
        .then(|| "`..` is not allowed in plan paths".into())
}
