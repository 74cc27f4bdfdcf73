//! Where plan files are read from: the working tree, or a git revision (`--at REV`).
//!
//! At a revision every file, the main one and each include, is read through one
//! `git cat-file --batch` process ([`crate::git`]; one for every revision opened from one
//! [`Revisions`]), each bounded by [`PLAN_FILE_LIMIT`] as in the working tree, and include
//! globs are matched against the revision's file list (`git ls-tree`), so the plan is
//! loaded exactly as it was, without a checkout and without touching the working tree.
//! Paths keep the form the user typed (relative to the working directory).

use std::collections::HashSet;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use anyhow::bail;

use crate::git::{Blob, BlobReader, Git, GitError};

/// The source of plan files.
#[derive(Debug, Clone, Default)]
pub enum Origin {
    /// Files as they are on disk.
    #[default]
    WorkingTree,
    /// Files as they were at a git revision.
    Git(GitTree),
}

/// A git revision's files.
#[derive(Debug, Clone)]
pub struct GitTree {
    /// The repository's top-level directory (absolute).
    root: PathBuf,
    /// The working directory the user's paths are relative to (absolute).
    cwd: PathBuf,
    /// The revision as given (`HEAD~3`, a tag, ...).
    pub rev: String,
    /// The full commit hash it resolves to.
    pub commit: String,
    /// Every file at that revision, relative to `root`.
    files: HashSet<PathBuf>,
    /// Reads the revision's blobs.
    blobs: Rc<BlobReader>,
}

/// `path` made absolute against `cwd`, with `.` and `..` resolved lexically.
fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in cwd.join(path).components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// The revisions of the repository holding a plan: its root found once, and every blob of
/// every revision opened from it read through one `git cat-file --batch` process.
#[derive(Debug, Clone)]
pub struct Revisions {
    /// The repository's top-level directory (absolute, links resolved).
    root: PathBuf,
    /// The working directory the user's paths are relative to (absolute).
    cwd: PathBuf,
    /// Reads the blobs of every revision opened from here.
    blobs: Rc<BlobReader>,
}

impl Revisions {
    /// The repository holding `plan` (a path relative to `cwd`).
    ///
    /// Errors: git is not installed; `plan`'s directory is not in a git repository.
    pub fn open(plan: &Path, cwd: &Path) -> anyhow::Result<Self> {
        let plan_abs = absolute(cwd, plan);
        let dir = plan_abs
            .parent()
            .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
        let probe = if dir.is_dir() {
            dir.clone()
        } else {
            cwd.to_path_buf()
        };
        let root = match Git::new(&probe).toplevel() {
            Ok(root) => root,
            Err(GitError::NotInstalled) => {
                bail!("git is not installed, and --at reads plan files from git")
            }
            Err(_) => bail!(
                "`{}` is not inside a git repository, and --at needs one",
                probe.display()
            ),
        };
        let root = std::fs::canonicalize(&root).unwrap_or(root);
        let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
        Ok(Self {
            blobs: Rc::new(Git::new(&root).blob_reader()),
            root,
            cwd,
        })
    }

    /// Revision `rev` (`HEAD~3`, a tag, a full hash, ...).
    ///
    /// Errors: `rev` names no commit of the repository; its files cannot be listed.
    pub fn tree(&self, rev: &str) -> anyhow::Result<GitTree> {
        let git = Git::new(&self.root);
        let Some(commit) = git.commit(rev) else {
            bail!("unknown revision `{rev}` in `{}`", self.root.display());
        };
        let files = git.files(&commit)?.into_iter().collect();
        Ok(GitTree {
            root: self.root.clone(),
            cwd: self.cwd.clone(),
            rev: rev.to_string(),
            commit,
            files,
            blobs: Rc::clone(&self.blobs),
        })
    }
}

/// `plan` (a path relative to `cwd`) as one absolute path, spelled the way a revision's
/// files are looked up ([`GitTree`]: `cwd` with links resolved, then `.` and `..` taken
/// lexically): the same spelling names the same file of the same work tree.
#[must_use]
pub fn plan_path(plan: &Path, cwd: &Path) -> PathBuf {
    let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
    absolute(&cwd, plan)
}

impl GitTree {
    /// Opens revision `rev` of the repository holding `plan` (a path relative to `cwd`).
    ///
    /// Errors: git is not installed; `plan`'s directory is not in a git repository; `rev`
    /// is not a revision of it.
    pub fn open(plan: &Path, rev: &str, cwd: &Path) -> anyhow::Result<Self> {
        Revisions::open(plan, cwd)?.tree(rev)
    }

    /// The commit's committer date (UTC calendar day).
    #[must_use]
    pub fn commit_date(&self) -> Option<chrono::NaiveDate> {
        Git::new(&self.root).commit_date(&self.commit)
    }

    /// `path` (as the user wrote it) relative to the repository root, if inside it.
    fn in_repo(&self, path: &Path) -> Option<PathBuf> {
        absolute(&self.cwd, path)
            .strip_prefix(&self.root)
            .ok()
            .map(Path::to_path_buf)
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let not_found = || {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("it does not exist at revision `{}`", self.rev),
            )
        };
        let rel = self.in_repo(path).ok_or_else(not_found)?;
        if !self.files.contains(&rel) {
            return Err(not_found());
        }
        let spec = format!("{}:{}", self.commit, rel.display());
        match self
            .blobs
            .read(&spec, PLAN_FILE_LIMIT)
            .map_err(|e| io::Error::other(e.to_string()))?
        {
            Blob::Found(bytes) => Ok(bytes),
            Blob::Missing => Err(not_found()),
            Blob::TooLarge => Err(too_large()),
        }
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.in_repo(path)
            .is_some_and(|rel| self.files.iter().any(|f| f.starts_with(&rel) && f != &rel))
    }

    /// The files at this revision matching `pattern` (a path pattern as the user wrote it,
    /// relative to the working directory), in sorted order, shown relative to `base` when
    /// they are under it.
    fn glob(&self, pattern: &str, base: &Path) -> Result<Vec<PathBuf>, glob::PatternError> {
        let Some(rel) = self.in_repo(Path::new(pattern)) else {
            return Ok(Vec::new());
        };
        let compiled = glob::Pattern::new(&rel.to_string_lossy())?;
        let options = MATCH_OPTIONS;
        let base_rel = self.in_repo(base).unwrap_or_default();
        let mut matched: Vec<PathBuf> = self
            .files
            .iter()
            .filter(|f| compiled.matches_path_with(f, options))
            .map(|f| match f.strip_prefix(&base_rel) {
                Ok(under) => base.join(under),
                Err(_) => self.root.join(f),
            })
            .collect();
        matched.sort();
        Ok(matched)
    }
}

/// How include patterns match, at a revision and in the working tree alike: `*` and `?`
/// stay within one path component, and a name starting with `.` is matched only by a
/// pattern component that starts with `.` too.
const MATCH_OPTIONS: glob::MatchOptions = glob::MatchOptions {
    case_sensitive: true,
    require_literal_separator: true,
    require_literal_leading_dot: true,
};

/// What an include pattern expands to.
#[derive(Debug, Default)]
pub struct Expansion {
    /// The matches, as `base` joined with their path under it, sorted. For a pattern
    /// without wildcards, the path itself when anything stands there; otherwise files.
    pub paths: Vec<PathBuf>,
    /// Directories the pattern leads into that resolve outside the plan's directory: not
    /// entered (working tree only).
    pub outside: Vec<PathBuf>,
    /// Directories that could not be listed, with the reason.
    pub errors: Vec<(PathBuf, io::Error)>,
}

/// Expands `pattern` (relative to `base`, without `..`) in the working tree.
///
/// The glob crate's own walk follows symbolic links to directories without memory, so a
/// link loop under `**` makes it run forever (two links to their own directory double the
/// work at every level). This walk lists each real directory once (`visited`, by resolved
/// path), enters no directory that resolves outside `root`, descends before a `**` only
/// into directories whose name matches that component, and enters a name starting with
/// `.` only when some component of the pattern starts with `.` (nothing else can match it).
fn walk(base: &Path, root: &Path, pattern: &str) -> Result<Expansion, glob::PatternError> {
    let wild = |part: &str| part.contains(['*', '?', '[']);
    let parts: Vec<&str> = pattern
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let literal = parts.iter().take_while(|p| !wild(p)).count();
    let start = parts[..literal]
        .iter()
        .fold(base.to_path_buf(), |dir, part| dir.join(part));
    let rest = &parts[literal..];
    let mut found = Expansion::default();
    if rest.is_empty() {
        if std::fs::symlink_metadata(&start).is_ok() {
            found.paths.push(start);
        }
        return Ok(found);
    }
    let whole = glob::Pattern::new(&rest.join("/"))?;
    let steps = rest
        .iter()
        .take_while(|p| **p != "**")
        .map(|p| glob::Pattern::new(p))
        .collect::<Result<Vec<_>, _>>()?;
    let dots = rest.iter().any(|p| p.starts_with('.'));
    let mut visited = HashSet::new();
    // Directories still to list: (path as shown, path under the start, depth under it).
    let mut todo = vec![(start, String::new(), 0_usize)];
    while let Some((dir, under, depth)) = todo.pop() {
        let on_disk = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir.as_path()
        };
        let Ok(real) = std::fs::canonicalize(on_disk) else {
            continue; // the start directory does not exist: nothing matches
        };
        if !real.starts_with(root) {
            found.outside.push(dir);
            continue;
        }
        if !visited.insert(real) {
            continue;
        }
        let entries = match std::fs::read_dir(on_disk) {
            Ok(entries) => entries,
            Err(err) => {
                found.errors.push((dir, err));
                continue;
            }
        };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|name| dots || !name.starts_with('.'))
            .collect();
        names.sort();
        for name in names {
            let path = dir.join(&name);
            let Ok(meta) = std::fs::metadata(&path) else {
                continue; // a dangling link
            };
            let under = if under.is_empty() {
                name.clone()
            } else {
                format!("{under}/{name}")
            };
            if meta.is_file() && whole.matches_with(&under, MATCH_OPTIONS) {
                found.paths.push(path.clone());
            }
            let descend = meta.is_dir()
                && steps.get(depth).is_none_or(|step| {
                    depth + 1 < rest.len() && step.matches_with(&name, MATCH_OPTIONS)
                });
            if descend {
                todo.push((path, under, depth + 1));
            }
        }
    }
    found.paths.sort();
    Ok(found)
}

/// `path` with every symbolic link resolved; for a path that does not exist, its nearest
/// existing ancestor resolved and the rest appended. `None` when something exists at `path`
/// but cannot be resolved (a dangling link).
pub(crate) fn resolve(path: &Path) -> Option<PathBuf> {
    match std::fs::canonicalize(path) {
        Ok(resolved) => Some(resolved),
        Err(_) if std::fs::symlink_metadata(path).is_ok() => None,
        Err(_) => {
            let name = path.file_name()?;
            let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
            Some(resolve(parent.unwrap_or(Path::new(".")))?.join(name))
        }
    }
}

/// The most bytes one plan file (the main file, an include, the check-in log) may hold:
/// 64 MiB, eight times the largest plan measured (a 2,000-objective organisation's 7.7 MB
/// over 21 files), so a hostile include cannot make northstar hold gigabytes.
pub const PLAN_FILE_LIMIT: u64 = 64 << 20;

/// [`PLAN_FILE_LIMIT`] as messages write it.
const PLAN_FILE_LIMIT_SHOWN: &str = "64 MiB (67108864 bytes)";

/// Why a plan file over [`PLAN_FILE_LIMIT`] is not read, in the working tree and at a
/// revision alike.
fn too_large() -> io::Error {
    io::Error::other(format!(
        "it is larger than {PLAN_FILE_LIMIT_SHOWN}, more than any plan needs; split it with `include`"
    ))
}

impl Origin {
    /// Reads a whole file (at a revision as in the working tree, no more than
    /// [`PLAN_FILE_LIMIT`] bytes). In the working tree, only a regular file is opened: opening a
    /// FIFO would wait for a writer forever, and a device may never end; and no more than
    /// [`PLAN_FILE_LIMIT`] bytes are read.
    pub fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        match self {
            Origin::WorkingTree => {
                let meta = std::fs::metadata(path)?;
                if meta.is_dir() {
                    return Err(io::Error::other("it is a directory"));
                }
                if !meta.is_file() {
                    return Err(io::Error::other(
                        "it is not a regular file (a named pipe, socket or device)",
                    ));
                }
                if meta.len() > PLAN_FILE_LIMIT {
                    return Err(too_large());
                }
                // The file may have grown since: read one byte past the limit to know.
                let mut bytes = Vec::new();
                io::Read::read_to_end(
                    &mut io::Read::take(std::fs::File::open(path)?, PLAN_FILE_LIMIT + 1),
                    &mut bytes,
                )?;
                if bytes.len() as u64 > PLAN_FILE_LIMIT {
                    return Err(too_large());
                }
                Ok(bytes)
            }
            Origin::Git(tree) => tree.read(path),
        }
    }

    /// Whether `path` is a file.
    #[must_use]
    pub fn is_file(&self, path: &Path) -> bool {
        match self {
            Origin::WorkingTree => path.is_file(),
            Origin::Git(tree) => tree
                .in_repo(path)
                .is_some_and(|rel| tree.files.contains(&rel)),
        }
    }

    /// Whether anything stands at `path` (following symbolic links).
    #[must_use]
    pub fn exists(&self, path: &Path) -> bool {
        match self {
            Origin::WorkingTree => path.exists(),
            Origin::Git(_) => self.is_file(path) || self.is_dir(path),
        }
    }

    /// Whether `path` is a directory.
    #[must_use]
    pub fn is_dir(&self, path: &Path) -> bool {
        match self {
            Origin::WorkingTree => path.is_dir(),
            Origin::Git(tree) => tree.is_dir(path),
        }
    }

    /// A key under which the same file is recognised however it is spelled.
    #[must_use]
    pub fn identity(&self, path: &Path) -> PathBuf {
        match self {
            Origin::WorkingTree => {
                std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
            }
            Origin::Git(tree) => tree.in_repo(path).unwrap_or_else(|| path.to_path_buf()),
        }
    }

    /// The directory tree a plan whose main file stands in `base` may read: `base` with
    /// symbolic links resolved. At a revision, `base` itself: files are read there as blobs by
    /// path, and git never follows a link, so nothing can lead out of the tree.
    #[must_use]
    pub fn plan_root(&self, base: &Path) -> PathBuf {
        match self {
            Origin::WorkingTree => {
                let dir = if base.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    base
                };
                std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
            }
            Origin::Git(_) => base.to_path_buf(),
        }
    }

    /// The planning repository holding the plan directory `base`: in the working tree, the
    /// git work tree's top level with symbolic links resolved, or [`Origin::plan_root`]
    /// outside git; at a revision, the repository (whose files are all it can read).
    #[must_use]
    pub fn repository_root(&self, base: &Path) -> PathBuf {
        let plan_root = self.plan_root(base);
        match self {
            Origin::WorkingTree => crate::git::Git::new(&plan_root)
                .toplevel()
                .ok()
                .and_then(|top| std::fs::canonicalize(top).ok())
                .unwrap_or(plan_root),
            Origin::Git(_) => plan_root,
        }
    }

    /// Whether `path` lies inside `root` (from [`Origin::plan_root`]) once symbolic links
    /// are resolved. A path that does not exist yet is judged by its nearest existing
    /// ancestor; a link that leads nowhere is outside (where it would lead is unknown). At a
    /// revision, always true.
    #[must_use]
    pub fn resolves_inside(&self, root: &Path, path: &Path) -> bool {
        match self {
            Origin::WorkingTree => resolve(path).is_some_and(|p| p.starts_with(root)),
            Origin::Git(_) => true,
        }
    }

    /// The paths matching include `pattern`, written relative to `base` (without `..`);
    /// directories that resolve outside `root` ([`Origin::plan_root`]) are not entered.
    pub fn glob(
        &self,
        base: &Path,
        root: &Path,
        pattern: &str,
    ) -> Result<Expansion, glob::PatternError> {
        match self {
            Origin::WorkingTree => walk(base, root, pattern),
            Origin::Git(tree) => Ok(Expansion {
                paths: tree.glob(&base.join(pattern).to_string_lossy(), base)?,
                ..Expansion::default()
            }),
        }
    }
}
