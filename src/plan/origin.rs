//! Where plan files are read from: the working tree, or a git revision (`--at REV`).
//!
//! At a revision every file, the main one and each include, is read through one
//! `git cat-file --batch` process ([`crate::git`]), and include globs are matched against the revision's file list (`git ls-tree`), so the
//! plan is loaded exactly as it was, without a checkout and without touching the working
//! tree. Paths keep the form the user typed (relative to the working directory).

use std::collections::HashSet;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use anyhow::bail;

use crate::git::{BlobReader, Git, GitError};

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

impl GitTree {
    /// Opens revision `rev` of the repository holding `plan` (a path relative to `cwd`).
    ///
    /// Errors: git is not installed; `plan`'s directory is not in a git repository; `rev`
    /// is not a revision of it.
    pub fn open(plan: &Path, rev: &str, cwd: &Path) -> anyhow::Result<Self> {
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
        let git = Git::new(&root);
        let Some(commit) = git.commit(rev) else {
            bail!("unknown revision `{rev}` in `{}`", root.display());
        };
        let files = git.files(&commit)?.into_iter().collect();
        let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
        Ok(Self {
            blobs: Rc::new(git.blob_reader()),
            root,
            cwd,
            rev: rev.to_string(),
            commit,
            files,
        })
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
        self.blobs
            .read(&spec)
            .map_err(|e| io::Error::other(e.to_string()))?
            .ok_or_else(not_found)
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
        let options = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            require_literal_leading_dot: true,
        };
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

impl Origin {
    /// Reads a whole file.
    pub fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        match self {
            Origin::WorkingTree => std::fs::read(path),
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

    /// The paths matching `pattern` (already joined to `base`), files and directories, in
    /// the glob crate's order; unreadable entries as errors. In both origins a wildcard
    /// never matches a hidden name (one starting with `.`, such as the temporary file of
    /// a write that was killed); a pattern that spells the dot out still does.
    pub fn glob(
        &self,
        pattern: &str,
        base: &Path,
    ) -> Result<Vec<Result<PathBuf, glob::GlobError>>, glob::PatternError> {
        match self {
            Origin::WorkingTree => {
                let options = glob::MatchOptions {
                    require_literal_leading_dot: true,
                    ..glob::MatchOptions::new()
                };
                Ok(glob::glob_with(pattern, options)?.collect())
            }
            Origin::Git(tree) => Ok(tree.glob(pattern, base)?.into_iter().map(Ok).collect()),
        }
    }
}
