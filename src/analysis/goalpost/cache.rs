//! The goalpost cache: each [`Baseline`] loaded from a commit is kept in the repository's
//! own directory (`.git/northstar/goalposts/`), so the next audit of the same commit reads
//! a small file instead of loading and validating the whole plan as it was.
//!
//! A cache file is named by the commit's hash and a digest of the plan's path, and holds
//! its key in full: the cache format, northstar's version, the commit and the plan's path
//! (as [`crate::plan::origin::plan_path`] spells it), then a checksum of the baseline's
//! text. A file whose key differs, whose checksum does not match, that does not parse, or
//! that is not a regular file under the limit is ignored (and rewritten by the next
//! load): it is never trusted, and nothing is said about it, so output is the same with
//! a cache, without one, and with a broken one. A commit's files never change, and a
//! baseline does not depend on the date or the working directory, so nothing else needs
//! to be in the key.
//!
//! Only git itself names the directory (`git rev-parse --absolute-git-dir`, run with
//! [`crate::git`]'s safe configuration), and a file is written only under it: the name is
//! made of hex digits, written to a temporary file beside it and renamed into place, and
//! nothing is written when `northstar` or `goalposts` there is anything but a real
//! directory. Files of the plan (which a pull request controls) never choose where.
//! Failing to read or write the cache is never an error: the baseline is loaded instead.

use std::hash::{DefaultHasher, Hash as _, Hasher as _};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::baseline::{Baseline, Stored};

/// The cache format; a file of another format is ignored.
const FORMAT: u32 = 1;

/// The most bytes a cache file may hold: 64 MiB (a baseline of 10,000 key results takes
/// about 1.5 MB).
const LIMIT: u64 = 64 << 20;

/// A cache file: the key and the baseline's JSON text with its checksum.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    format: u32,
    northstar: String,
    commit: String,
    plan: String,
    checksum: u64,
    baseline: String,
}

/// The goalpost cache of one repository, for one plan.
#[derive(Debug, Clone)]
pub struct Cache {
    /// `<git dir>/northstar/goalposts`.
    dir: PathBuf,
    /// The plan's path, as the key spells it.
    plan: String,
}

fn checksum(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Whether `commit` is a full object name (40 or 64 lowercase hex digits).
fn is_hash(commit: &str) -> bool {
    matches!(commit.len(), 40 | 64)
        && commit
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Cache {
    /// The cache in git directory `git_dir` (absolute, from git) for the plan at `plan`
    /// (absolute, [`crate::plan::origin::plan_path`]).
    #[must_use]
    pub fn new(git_dir: &Path, plan: &Path) -> Self {
        Self {
            dir: git_dir.join("northstar").join("goalposts"),
            plan: plan.to_string_lossy().into_owned(),
        }
    }

    fn file(&self, commit: &str) -> Option<PathBuf> {
        if !is_hash(commit) {
            return None;
        }
        Some(
            self.dir
                .join(format!("{commit}-{:016x}.json", checksum(&self.plan))),
        )
    }

    /// The baseline of `commit` kept earlier, when a file with exactly this key and an
    /// intact baseline is there.
    #[must_use]
    pub fn get(&self, commit: &str) -> Option<Baseline> {
        let path = self.file(commit)?;
        let meta = std::fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > LIMIT {
            return None;
        }
        let mut text = String::new();
        std::fs::File::open(&path)
            .ok()?
            .take(LIMIT + 1)
            .read_to_string(&mut text)
            .ok()?;
        let file: File = serde_json::from_str(&text).ok()?;
        let fits = file.format == FORMAT
            && file.northstar == env!("CARGO_PKG_VERSION")
            && file.commit == commit
            && file.plan == self.plan
            && file.checksum == checksum(&file.baseline);
        if !fits {
            return None;
        }
        Baseline::from_stored(serde_json::from_str::<Stored>(&file.baseline).ok()?)
    }

    /// Keeps `baseline` as `commit`'s; silently does nothing when it cannot.
    pub fn put(&self, commit: &str, baseline: &Baseline) {
        let _ = self.try_put(commit, baseline);
    }

    fn try_put(&self, commit: &str, baseline: &Baseline) -> Option<()> {
        let path = self.file(commit)?;
        let text = serde_json::to_string(&baseline.stored()?).ok()?;
        let file = File {
            format: FORMAT,
            northstar: env!("CARGO_PKG_VERSION").to_string(),
            commit: commit.to_string(),
            plan: self.plan.clone(),
            checksum: checksum(&text),
            baseline: text,
        };
        let bytes = serde_json::to_vec(&file).ok()?;
        let parent = self.dir.parent()?;
        for dir in [parent, self.dir.as_path()] {
            match std::fs::symlink_metadata(dir) {
                Ok(meta) if meta.is_dir() => {}
                Ok(_) => return None, // a link or a file: not ours to write through
                Err(_) => std::fs::create_dir(dir).ok()?,
            }
        }
        let mut temp = tempfile::Builder::new()
            .prefix(".tmp-")
            .tempfile_in(&self.dir)
            .ok()?;
        temp.write_all(&bytes).ok()?;
        temp.persist(&path).ok()?;
        Some(())
    }
}
