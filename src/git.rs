//! Every git call northstar makes goes through here, with one error policy: a failure is a
//! [`GitError`] that says what went wrong (git missing, or git's own message), and callers
//! for which git is optional (review provenance, the goalpost audit, the check-in author)
//! treat any error as "no git information" rather than failing.
//!
//! Blobs are read through one long-lived `git cat-file --batch` process per revision
//! ([`BlobReader`]), not a process per file.
//!
//! The plan is untrusted input (in CI it comes from a pull request), and so is every file
//! beside it, so no repository configuration may start a program or change what is read.
//! Every call runs with [`SAFE_CONFIG`] on the command line (which wins over every file),
//! `--no-optional-locks --no-replace-objects --no-pager`, without the system configuration
//! (`GIT_CONFIG_NOSYSTEM`), without the locations a caller's environment may set
//! (`GIT_DIR`, `GIT_WORK_TREE`, `GIT_INDEX_FILE`, …), and English messages. Discovery
//! never accepts a bare repository found by walking up from a directory
//! (`safe.bareRepository=explicit`): a pull request can add `HEAD`, `config`, `objects/`
//! and `refs/` beside a plan, and git would otherwise take that directory for a
//! repository and run what its `config` names. When git refuses such a directory,
//! [`Git`] looks again from the directory above it, so the plan's real work tree is
//! still found.

use std::cell::RefCell;
use std::fmt;
use std::io::{self, BufRead as _, BufReader, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// Why a git call failed.
#[derive(Debug)]
pub enum GitError {
    /// The `git` program is not installed (not on `PATH`).
    NotInstalled,
    /// git could not be started or talked to.
    Io(io::Error),
    /// git ran and failed: its own message (stderr, trimmed).
    Failed(String),
}

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GitError::NotInstalled => f.write_str("git is not installed"),
            GitError::Io(e) => write!(f, "cannot run git: {e}"),
            GitError::Failed(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for GitError {}

fn spawn_error(e: io::Error) -> GitError {
    if e.kind() == io::ErrorKind::NotFound {
        GitError::NotInstalled
    } else {
        GitError::Io(e)
    }
}

/// The settings every git call runs with (`git -c KEY=VALUE …`), overriding whatever a
/// repository's `config` says: no file-system monitor or hook program, no bare repository
/// by discovery, no signature verification (which runs `gpg.program`), no pager, no
/// transport at all (a lazy fetch of a partial clone would run a remote helper).
pub const SAFE_CONFIG: &[&str] = &[
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "safe.bareRepository=explicit",
    "log.showSignature=false",
    "protocol.allow=never",
];

/// Environment variables git obeys that would point it somewhere else than the directory
/// it is run in; removed from every call.
const LOCATION_VARS: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_CEILING_DIRECTORIES",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM",
    "GIT_EXTERNAL_DIFF",
    "GIT_CONFIG",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
];

/// git's own command, with the safe settings and environment (see the module docs).
fn safe_command() -> Command {
    let mut c = Command::new("git");
    for setting in SAFE_CONFIG {
        c.arg("-c").arg(setting);
    }
    c.args(["--no-optional-locks", "--no-replace-objects", "--no-pager"]);
    for var in LOCATION_VARS {
        c.env_remove(var);
    }
    c.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_PAGER", "cat")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .env("LANGUAGE", "C");
    c
}

/// The repository and work tree a directory belongs to when plain discovery stops at a
/// bare repository it refuses: both absolute, passed as `GIT_DIR` and `GIT_WORK_TREE`.
#[derive(Debug, Clone)]
struct Located {
    git_dir: PathBuf,
    work_tree: PathBuf,
}

/// git, run in one directory (`git -C DIR …`).
#[derive(Debug, Clone)]
pub struct Git {
    dir: PathBuf,
    /// Set when a call found a bare repository git refused: the repository above it
    /// (`None` inside when there is none). Unset while plain discovery from `dir` works.
    located: std::cell::OnceCell<Option<Located>>,
}

impl Git {
    /// git in `dir` (an empty path means the current directory).
    #[must_use]
    pub fn new(dir: &Path) -> Self {
        let dir = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir.to_path_buf()
        };
        Self {
            dir,
            located: std::cell::OnceCell::new(),
        }
    }

    fn command(&self) -> Command {
        let mut c = safe_command();
        c.arg("-C").arg(&self.dir);
        if let Some(Some(found)) = self.located.get() {
            c.env("GIT_DIR", &found.git_dir)
                .env("GIT_WORK_TREE", &found.work_tree);
        }
        c
    }

    /// Runs `call`; when git refused a bare repository it discovered, finds the
    /// repository above it once ([`locate`]) and runs `call` again there. git refuses
    /// before doing anything, so nothing runs twice.
    fn discovering<T>(&self, call: impl Fn() -> Result<T, GitError>) -> Result<T, GitError> {
        match call() {
            Err(GitError::Failed(message))
                if message.contains("cannot use bare repository")
                    && self.located.get().is_none() =>
            {
                let found = locate(&self.dir);
                let again = found.is_some();
                let _ = self.located.set(found);
                if again {
                    call()
                } else {
                    Err(GitError::Failed(message))
                }
            }
            other => other,
        }
    }

    /// Runs `git ARGS`; its stdout on success.
    pub fn run(&self, args: &[&str]) -> Result<Vec<u8>, GitError> {
        self.discovering(|| {
            let output = self
                .command()
                .args(args)
                .stdin(Stdio::null())
                .output()
                .map_err(spawn_error)?;
            if output.status.success() {
                Ok(output.stdout)
            } else {
                Err(GitError::Failed(
                    String::from_utf8_lossy(&output.stderr).trim().to_string(),
                ))
            }
        })
    }

    /// Runs `git ARGS`; its stdout as trimmed text.
    pub fn line(&self, args: &[&str]) -> Result<String, GitError> {
        self.run(args)
            .map(|out| String::from_utf8_lossy(&out).trim().to_string())
    }

    /// The repository's top-level directory.
    pub fn toplevel(&self) -> Result<PathBuf, GitError> {
        self.line(&["rev-parse", "--show-toplevel"])
            .map(PathBuf::from)
    }

    /// The repository's own directory (`.git`, or a linked work tree's directory under the
    /// main repository's `.git/worktrees`), absolute, when `dir` is inside a work tree;
    /// `None` outside one, in a bare repository, or without git. One `git rev-parse`.
    #[must_use]
    pub fn work_tree_git_dir(&self) -> Option<PathBuf> {
        let out = self
            .line(&["rev-parse", "--is-inside-work-tree", "--absolute-git-dir"])
            .ok()?;
        let mut lines = out.lines();
        if lines.next() != Some("true") {
            return None;
        }
        let dir = PathBuf::from(lines.next()?);
        dir.is_absolute().then_some(dir)
    }

    /// Whether the repository is a shallow clone.
    #[must_use]
    pub fn is_shallow(&self) -> bool {
        self.line(&["rev-parse", "--is-shallow-repository"])
            .is_ok_and(|s| s == "true")
    }

    /// The full hash of the commit `rev` names, or `None` when it names none.
    #[must_use]
    pub fn commit(&self, rev: &str) -> Option<String> {
        self.line(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ])
        .ok()
        .filter(|c| !c.is_empty())
    }

    /// The last commit reachable from HEAD made before `when` (a date git understands,
    /// e.g. `2026-10-01 00:00:00 +0000`), or `None`. One git call per question: the code
    /// asks [`History::last_commit_before`]; this is the oracle its test compares with.
    #[cfg(test)]
    #[must_use]
    pub fn last_commit_before(&self, when: &str) -> Option<String> {
        self.line(&["rev-list", "-1", &format!("--before={when}"), "HEAD"])
            .ok()
            .filter(|c| !c.is_empty())
    }

    /// Every commit reachable from HEAD with its committer date, listed by one
    /// `git rev-list --timestamp HEAD` (plumbing: no `log.*` setting changes its output).
    /// Fails as git does: outside a repository, or before the first commit.
    pub fn history(&self) -> Result<History, GitError> {
        let listing = self.line(&["rev-list", "--timestamp", "HEAD"])?;
        Ok(History(
            listing
                .lines()
                .filter_map(|line| {
                    let (time, commit) = line.split_once(' ')?;
                    Some((commit.to_string(), time.parse().ok()?))
                })
                .collect(),
        ))
    }

    /// A commit's committer date, as a UTC calendar day.
    #[must_use]
    pub fn commit_date(&self, commit: &str) -> Option<chrono::NaiveDate> {
        let out = self
            .line(&[
                "show",
                "-s",
                "--no-ext-diff",
                "--no-textconv",
                "--no-show-signature",
                "--format=%cd",
                "--date=format-local:%Y-%m-%d",
                commit,
            ])
            .ok()?;
        chrono::NaiveDate::parse_from_str(&out, "%Y-%m-%d").ok()
    }

    /// Every file path at `commit`, relative to the repository root.
    pub fn files(&self, commit: &str) -> Result<Vec<PathBuf>, GitError> {
        let listing = self.run(&["ls-tree", "-r", "-z", "--name-only", commit])?;
        Ok(listing
            .split(|&b| b == 0)
            .filter(|name| !name.is_empty())
            .map(|name| PathBuf::from(String::from_utf8_lossy(name).into_owned()))
            .collect())
    }

    /// Whether any of `paths` differs from HEAD (staged, unstaged or untracked).
    pub fn has_changes(&self, paths: &[PathBuf]) -> Result<bool, GitError> {
        let mut args: Vec<String> = vec!["status".into(), "--porcelain".into(), "--".into()];
        args.extend(paths.iter().map(|p| p.display().to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.line(&args).map(|s| !s.is_empty())
    }

    /// A configuration value (`git config KEY`), when set and not empty.
    #[must_use]
    pub fn config(&self, key: &str) -> Option<String> {
        self.line(&["config", key]).ok().filter(|s| !s.is_empty())
    }

    /// Runs `git ARGS` with `input` on its stdin; its stdout on success. The input is
    /// written from a second thread, so a large input and a large output cannot deadlock.
    fn run_with_input(&self, args: &[&str], input: &[u8]) -> Result<Vec<u8>, GitError> {
        self.discovering(|| self.run_with_input_once(args, input.to_vec()))
    }

    fn run_with_input_once(&self, args: &[&str], input: Vec<u8>) -> Result<Vec<u8>, GitError> {
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(spawn_error)?;
        let Some(mut stdin) = child.stdin.take() else {
            return Err(GitError::Io(io::Error::other("git has no stdin pipe")));
        };
        // A write error (git exited early) surfaces as git's own failure below.
        let writer = std::thread::spawn(move || stdin.write_all(&input));
        let output = child.wait_with_output().map_err(GitError::Io)?;
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the stdin writer panicked")));
        if !output.status.success() {
            return Err(GitError::Failed(
                String::from_utf8_lossy(&output.stderr).trim().to_string(),
            ));
        }
        written.map_err(GitError::Io)?;
        Ok(output.stdout)
    }

    /// Whether the directory is a repository or inside one (a work tree, or a bare
    /// repository): `Ok(())`, or git's own message (`not a git repository …`).
    pub fn check_repository(&self) -> Result<(), GitError> {
        self.run(&["rev-parse", "--git-dir"]).map(|_| ())
    }

    /// Every tag (`refs/tags`), in refname order, with the commit it names and its time:
    /// an annotated tag's tagger date, otherwise the tagged commit's committer date.
    /// Tags naming no commit (a tree, a blob) are left out. One `git for-each-ref`.
    pub fn tags(&self) -> Result<Vec<Tag>, GitError> {
        let listing = self.run(&[
            "for-each-ref",
            "refs/tags",
            "--format=%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(*objecttype)\
             %00%(*objectname)%00%(taggerdate:unix)%00%(committerdate:unix)\
             %00%(*committerdate:unix)",
        ])?;
        let listing = String::from_utf8_lossy(&listing);
        let mut tags = Vec::new();
        for line in listing.lines() {
            let fields: Vec<&str> = line.split('\0').collect();
            let [
                name,
                kind,
                object,
                peeled_kind,
                peeled,
                tagged,
                committed,
                peeled_committed,
            ] = fields.as_slice()
            else {
                continue;
            };
            let found = match (*kind, *peeled_kind) {
                ("commit", _) => committed.parse().ok().map(|t| (object.to_string(), t)),
                ("tag", "commit") => tagged
                    .parse()
                    .or_else(|_| peeled_committed.parse())
                    .ok()
                    .map(|t| (peeled.to_string(), t)),
                // A tag of a tag that one peel does not reach a commit from (older gits).
                ("tag", _) => self
                    .commit(&format!("refs/tags/{name}"))
                    .zip(tagged.parse().ok()),
                _ => None,
            };
            if let Some((commit, time)) = found {
                tags.push(Tag {
                    name: (*name).to_string(),
                    commit,
                    time,
                });
            }
        }
        Ok(tags)
    }

    /// The full hash of the commit each of `revs` names (`None` for a name that names
    /// none, or more than one), in order. One `git cat-file --batch-check`, whatever the
    /// count; a name with a newline names nothing.
    pub fn resolve_commits(&self, revs: &[&str]) -> Result<Vec<Option<String>>, GitError> {
        let mut input = String::new();
        for rev in revs {
            // A newline would split the request; `-` asks for nothing on purpose.
            let rev = if rev.contains('\n') || rev.is_empty() {
                "-"
            } else {
                rev
            };
            input.push_str(rev);
            input.push_str("^{commit}\n");
        }
        let out = self.run_with_input(
            &["cat-file", "--batch-check=%(objectname) %(objecttype)"],
            input.as_bytes(),
        )?;
        let out = String::from_utf8_lossy(&out);
        Ok(out
            .lines()
            .map(|line| match line.split_once(' ') {
                Some((hash, "commit")) => Some(hash.to_string()),
                _ => None,
            })
            .collect())
    }

    /// The commits reachable from `from` and from none of `except` (`git rev-list FROM
    /// ^EXCEPT…`, the names passed on stdin), newest first, each with its committer
    /// date and subject.
    pub fn commits(&self, from: &str, except: &[&str]) -> Result<Vec<Commit>, GitError> {
        self.list_commits(&[], from, except)
    }

    /// The merge commits on `from`'s first-parent line (`git rev-list --first-parent
    /// --merges FROM`), newest first: on a branch merged into by pull requests, one per
    /// merged change.
    pub fn first_parent_merges(&self, from: &str) -> Result<Vec<Commit>, GitError> {
        self.list_commits(&["--first-parent", "--merges"], from, &[])
    }

    fn list_commits(
        &self,
        options: &[&str],
        from: &str,
        except: &[&str],
    ) -> Result<Vec<Commit>, GitError> {
        let mut input = format!("{from}\n");
        for rev in except {
            input.push('^');
            input.push_str(rev);
            input.push('\n');
        }
        let mut args = vec![
            "rev-list",
            "--stdin",
            "--no-commit-header",
            "--format=%H %ct %s",
        ];
        args.extend_from_slice(options);
        let out = self.run_with_input(&args, input.as_bytes())?;
        let out = String::from_utf8_lossy(&out);
        Ok(out
            .lines()
            .filter_map(|line| {
                let (hash, rest) = line.split_once(' ')?;
                let (time, subject) = rest.split_once(' ').unwrap_or((rest, ""));
                Some(Commit {
                    hash: hash.to_string(),
                    time: time.parse().ok()?,
                    subject: subject.to_string(),
                })
            })
            .collect())
    }

    /// A reader of blobs through one `git cat-file --batch` process, started on first use.
    #[must_use]
    pub fn blob_reader(&self) -> BlobReader {
        BlobReader {
            git: self.clone(),
            process: RefCell::new(None),
        }
    }
}

/// Where plain discovery from `dir` would stop at a bare repository (which
/// `safe.bareRepository=explicit` refuses), the repository found by looking again from the
/// directory above it, and so on; `None` when discovery from `dir` is accepted, or finds
/// nothing but refused bare repositories.
fn locate(dir: &Path) -> Option<Located> {
    let mut from = dir.to_path_buf();
    let mut refused = false;
    // Each refusal moves at least one directory up; the bound only guards against a loop.
    for _ in 0..256 {
        let out = safe_command()
            .arg("-C")
            .arg(&from)
            .args(["rev-parse", "--absolute-git-dir", "--show-toplevel"])
            .stdin(Stdio::null())
            .output()
            .ok()?;
        if out.status.success() {
            if !refused {
                return None;
            }
            let text = String::from_utf8_lossy(&out.stdout);
            let mut lines = text.lines();
            let (Some(git_dir), Some(work_tree)) = (lines.next(), lines.next()) else {
                return None; // a bare repository named on purpose has no work tree
            };
            return Some(Located {
                git_dir: PathBuf::from(git_dir),
                work_tree: PathBuf::from(work_tree),
            });
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        let bare = stderr
            .split_once("cannot use bare repository '")
            .and_then(|(_, rest)| rest.split_once("' (safe.bareRepository"))
            .map(|(path, _)| PathBuf::from(path))?;
        from = bare.parent()?.to_path_buf();
        refused = true;
    }
    None
}

/// A tag, as [`Git::tags`] lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The name, without `refs/tags/`.
    pub name: String,
    /// The full hash of the commit it names.
    pub commit: String,
    /// Seconds since the Unix epoch: the tagger date of an annotated tag, otherwise the
    /// commit's committer date.
    pub time: i64,
}

/// A commit, as [`Git::commits`] lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// The full hash.
    pub hash: String,
    /// The committer date, in seconds since the Unix epoch.
    pub time: i64,
    /// The subject (the message's first paragraph, on one line).
    pub subject: String,
}

/// The commits reachable from HEAD with their committer dates (seconds since the Unix
/// epoch), in `git rev-list`'s default walk order, which is the order
/// [`Git::last_commit_before`] picks from. Answers that question for many times from one
/// listing.
#[derive(Debug, Clone, Default)]
pub struct History(Vec<(String, i64)>);

impl History {
    /// The commit [`Git::last_commit_before`] gives for `time` (seconds since the Unix epoch):
    /// the first in walk order with a committer date at or before it. A scan, not a binary
    /// search: with clock skew the walk is not sorted by committer date.
    #[must_use]
    pub fn last_commit_before(&self, time: i64) -> Option<&str> {
        self.0
            .iter()
            .find(|(_, committed)| *committed <= time)
            .map(|(commit, _)| commit.as_str())
    }
}

struct Batch {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Drop for Batch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads blobs (`COMMIT:PATH`) through one `git cat-file --batch` process.
pub struct BlobReader {
    git: Git,
    process: RefCell<Option<Batch>>,
}

impl fmt::Debug for BlobReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlobReader")
            .field("git", &self.git)
            .finish_non_exhaustive()
    }
}

impl BlobReader {
    fn start(&self) -> Result<Batch, GitError> {
        let mut child = self
            .git
            .command()
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(spawn_error)?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(GitError::Io(io::Error::other("git cat-file has no pipes")));
        };
        Ok(Batch {
            child,
            stdin,
            stdout: BufReader::new(stdout),
        })
    }

    /// The contents of `object` (e.g. `COMMIT:path/in/repo.toml`) when it is a blob of at
    /// most `limit` bytes; [`Blob::Missing`] when it does not exist or is no blob, and
    /// [`Blob::TooLarge`] (its contents left unread) when it holds more. The name must not
    /// contain a newline.
    pub fn read(&self, object: &str, limit: u64) -> Result<Blob, GitError> {
        if object.contains('\n') {
            return Ok(Blob::Missing);
        }
        let mut slot = self.process.borrow_mut();
        if slot.is_none() {
            *slot = Some(self.start()?);
        }
        let Some(batch) = slot.as_mut() else {
            return Ok(Blob::Missing);
        };
        match Self::exchange(batch, object, limit) {
            Ok((blob, true)) => Ok(blob),
            // A broken process, or one still holding a large object's unread contents, is
            // ended here and restarted on the next read.
            Ok((blob, false)) => {
                *slot = None;
                Ok(blob)
            }
            Err(e) => {
                *slot = None;
                Err(GitError::Io(e))
            }
        }
    }

    /// One request and its answer, in cat-file's batch format: `<oid> <type> <size>\n`,
    /// then the contents and `\n`; or `<object> missing\n`. Contents over `limit` bytes are
    /// not read, and the answer says the process can take no more requests (`false`).
    fn exchange(batch: &mut Batch, object: &str, limit: u64) -> io::Result<(Blob, bool)> {
        writeln!(batch.stdin, "{object}")?;
        batch.stdin.flush()?;
        let mut header = String::new();
        batch.stdout.read_line(&mut header)?;
        let fields: Vec<&str> = header.trim_end().split(' ').collect();
        let [_, kind, size] = fields.as_slice() else {
            return Ok((Blob::Missing, true)); // `missing`, `ambiguous`
        };
        let size: u64 = size
            .parse()
            .map_err(|_| io::Error::other(format!("unexpected cat-file header `{header}`")))?;
        if size > limit {
            let blob = if *kind == "blob" {
                Blob::TooLarge
            } else {
                Blob::Missing
            };
            return Ok((blob, false));
        }
        let mut contents = Vec::new();
        (&mut batch.stdout)
            .take(size + 1)
            .read_to_end(&mut contents)?;
        if contents.pop() != Some(b'\n') || contents.len() as u64 != size {
            return Err(io::Error::other(
                "git cat-file ended in the middle of a blob",
            ));
        }
        let blob = if *kind == "blob" {
            Blob::Found(contents)
        } else {
            Blob::Missing
        };
        Ok((blob, true))
    }
}

/// What [`BlobReader::read`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blob {
    /// The blob's contents.
    Found(Vec<u8>),
    /// Nothing of that name, or not a blob.
    Missing,
    /// A blob larger than the limit asked for; its contents were not read.
    TooLarge,
}

#[cfg(test)]
mod tests;
