//! Replacing plan files safely: an exclusive lock on each file's directory, and an atomic
//! replace that keeps the file's mode and owner and refuses a file changed meanwhile.
//!
//! The write protocol ([`DirLocks`] then [`replace_atomically`]):
//! 1. take an exclusive lock on the directory of every file that may be written (so
//!    concurrent `northstar` processes serialize on the file itself, even when two plans
//!    share it, and even though each write replaces the file's inode); several locks are
//!    always taken together, in one global order, so two writers never wait on each other;
//! 2. read the file, compute the new content;
//! 3. refuse a read-only original; write the new content to a temporary file in the same
//!    directory with the original's mode, owner and group (a new file: `0666` less the
//!    umask), and flush and fsync it;
//! 4. read the original again: if someone else changed it since step 2, stop (nothing is
//!    lost, the temporary file is removed);
//! 5. rename the temporary file over the original, and fsync the directory.
//!
//! A symbolic link is followed: its target is replaced and the link stays a link.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use crate::paths::{follow_links, parent_dir};
use crate::refusal::Refusal;

/// Exclusive locks on directories, serializing the writers of the files in them; released
/// on drop. [`replace_atomically`] writes only a file whose directory is held.
#[derive(Default)]
pub struct DirLocks {
    /// The canonical paths of the locked directories, each with its open lock.
    held: Vec<(PathBuf, File)>,
}

impl DirLocks {
    /// Blocks until every directory of `dirs` that exists is locked. They are locked in
    /// one global order (sorted canonical paths), so writers that need several never
    /// deadlock; a directory named twice is locked once.
    ///
    /// On Unix the directory itself is locked (no lock file is left behind); elsewhere a
    /// `.northstar.lock` file in it.
    pub fn acquire<'a>(dirs: impl IntoIterator<Item = &'a Path>) -> anyhow::Result<Self> {
        let mut canonical: Vec<PathBuf> = dirs
            .into_iter()
            .filter_map(|d| std::fs::canonicalize(non_empty(d)).ok())
            .collect();
        canonical.sort();
        canonical.dedup();
        let mut locks = Self::default();
        for dir in canonical {
            let file = lock_dir(&dir)?;
            remove_stale_temp_files(&dir, std::time::SystemTime::now());
            locks.held.push((dir, file));
        }
        Ok(locks)
    }

    /// The exclusive lock of directory `dir` (the one [`DirLocks::acquire`] takes) when no
    /// other process holds it; `Ok(None)` when one does. Without waiting, and without
    /// sweeping temporary files: for a writer that must fail rather than wait (`site`).
    ///
    /// Errors: `dir` cannot be opened or locked for another reason.
    pub fn try_acquire(dir: &Path) -> anyhow::Result<Option<Self>> {
        let dir = std::fs::canonicalize(non_empty(dir))
            .with_context(|| format!("cannot open directory `{}` to lock it", dir.display()))?;
        let file = lock_file(&dir)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(Self {
                held: vec![(dir, file)],
            })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => {
                Err(e).with_context(|| format!("cannot lock `{}`", dir.display()))
            }
        }
    }

    /// Whether the directory that a write to `file` lands in (its symbolic links followed)
    /// is locked. A directory that does not exist needs no lock: nothing can be written in it.
    #[must_use]
    pub fn covers(&self, file: &Path) -> bool {
        let target = follow_links(file).map_or_else(|_| file.to_path_buf(), |(p, _)| p);
        match std::fs::canonicalize(parent_dir(&target)) {
            Ok(dir) => self.held.iter().any(|(held, _)| *held == dir),
            Err(_) => true,
        }
    }
}

/// Removes from `dir` (whose lock is held) the temporary files of writes that never
/// finished (killed before their rename): regular files named `.northstar-*.tmp` last
/// modified before `locked_at`. Every writer creates its temporary file under the lock,
/// so none of them is still being written. Failures are ignored: a leftover file is
/// harmless (include globs skip hidden names).
fn remove_stale_temp_files(dir: &Path, locked_at: std::time::SystemTime) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let stale = entry.metadata().is_ok_and(|meta| {
            meta.is_file() && meta.modified().is_ok_and(|modified| modified <= locked_at)
        });
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The temporary files of a write: `.northstar-XXXXXX.tmp`, hidden so that no include
/// glob matches them.
const TEMP_PREFIX: &str = ".northstar-";
const TEMP_SUFFIX: &str = ".tmp";

/// Opens `dir` and blocks until its exclusive lock is held.
fn lock_dir(dir: &Path) -> anyhow::Result<File> {
    let file = lock_file(dir)?;
    file.lock()
        .with_context(|| format!("cannot lock `{}`", dir.display()))?;
    Ok(file)
}

/// What locking `dir` locks: the directory itself on Unix, else its `.northstar.lock`.
fn lock_file(dir: &Path) -> anyhow::Result<File> {
    #[cfg(unix)]
    let file = File::open(dir)
        .with_context(|| format!("cannot open directory `{}` to lock it", dir.display()))?;
    #[cfg(not(unix))]
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(".northstar.lock"))
        .with_context(|| format!("cannot create the lock file in `{}`", dir.display()))?;
    Ok(file)
}

/// `.` for an empty path.
fn non_empty(dir: &Path) -> &Path {
    if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }
}

/// Environment variable that makes [`replace_atomically`] fail after writing the temporary
/// file and before the rename: a fault-injection hook for the crash-safety tests.
pub const FAIL_BEFORE_RENAME: &str = "NORTHSTAR_TEST_FAIL_BEFORE_RENAME";

/// Replaces `path` with `contents` atomically (see the module docs), provided the file
/// still holds `expected` (its bytes when it was read; `None`: it did not exist). A
/// symbolic link is followed and its target replaced. `locks` must hold the directory
/// of the file written.
///
/// Errors, with nothing changed: the directory is not locked; the file is not a regular
/// file; it changed since it was read; the directory is not writable; the disk is full;
/// the fault-injection hook is set.
pub fn replace_atomically(
    locks: &DirLocks,
    path: &Path,
    contents: &[u8],
    expected: Option<&[u8]>,
) -> anyhow::Result<()> {
    replace(locks, path, contents, Expected::Holds(expected))
}

/// What a file must still hold when it is replaced.
#[derive(Debug, Clone, Copy)]
enum Expected<'a> {
    /// These bytes (`None`: it does not exist), as when it was read.
    Holds(Option<&'a [u8]>),
    /// Anything: the new content does not depend on the old (a report).
    Anything,
}

/// [`replace_atomically`], or, with [`Expected::Anything`], replacing whatever is there.
///
/// A new file gets `0666` less the umask, as any program's new file does; an existing one
/// keeps its mode, and its owner and group when the process may set them. A read-only
/// file (no write permission for anyone), or one this process may not write, is refused
/// with a [`Refusal`]: replacing it would be possible (the directory is writable) but is
/// not what its owner meant.
fn replace(
    locks: &DirLocks,
    path: &Path,
    contents: &[u8],
    expected: Expected<'_>,
) -> anyhow::Result<()> {
    let target = match destination(path)? {
        Destination::File(target) => target,
        Destination::Through(_) => bail!(
            "`{}` is not a regular file; northstar only replaces regular files",
            path.display()
        ),
    };
    if !locks.covers(&target) {
        bail!(
            "`{}` would be written without holding its directory's lock; nothing was written",
            path.display()
        );
    }
    let existing = match std::fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("cannot examine `{}`", path.display())),
    };
    if let Some(meta) = &existing {
        check_writable(path, &target, meta)?;
    }
    let dir = parent_dir(&target);
    let temp = prepared_temp_file(&dir, contents, existing.as_ref())?;
    if let Expected::Holds(expected) = expected {
        let current = match std::fs::read(&target) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e).with_context(|| format!("cannot read `{}`", path.display())),
        };
        if current.as_deref() != expected {
            bail!(
                "`{}` was changed by someone else while northstar was writing it; nothing was written, try again",
                path.display()
            );
        }
    }
    if std::env::var_os(FAIL_BEFORE_RENAME).is_some() {
        bail!(
            "injected failure before renaming over `{}` ({FAIL_BEFORE_RENAME} is set)",
            path.display()
        );
    }
    temp.persist(&target)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot replace `{}`", path.display()))?;
    #[cfg(unix)]
    if let Ok(d) = File::open(&dir) {
        // Make the rename itself durable; failure here loses nothing already written.
        let _ = d.sync_all();
    }
    Ok(())
}

/// Refuses a write to `path` that would replace a read-only file, or one this process may
/// not write (see [`replace_atomically`]); `Ok` when it would not (a device, a new file).
///
/// Errors: the refusal; or `path` cannot be resolved or examined.
pub fn check_replaceable(path: &Path) -> anyhow::Result<()> {
    if let Destination::File(target) = destination(path)?
        && let Ok(meta) = std::fs::metadata(&target)
    {
        check_writable(path, &target, &meta)?;
    }
    Ok(())
}

/// Refuses to replace `target` (named `path` by the user) when it is read-only, or when
/// this process may not write it (opening it for writing, without truncating, says so).
fn check_writable(path: &Path, target: &Path, meta: &std::fs::Metadata) -> Result<(), Refusal> {
    if meta.permissions().readonly() {
        #[cfg(unix)]
        let mode = format!(
            " (mode {:04o})",
            std::os::unix::fs::PermissionsExt::mode(&meta.permissions()) & 0o7777
        );
        #[cfg(not(unix))]
        let mode = String::new();
        return Err(Refusal::new(format!(
            "cannot write `{}`: it is read-only{mode}",
            path.display()
        ))
        .help(format!(
            "if it should change, make it writable first: `chmod u+w {}`",
            path.display()
        )));
    }
    match std::fs::OpenOptions::new().write(true).open(target) {
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Err(Refusal::new(format!(
            "cannot write `{}`: permission denied",
            path.display()
        ))
        .help("ask its owner, or write as a user who may")),
        _ => Ok(()),
    }
}

/// Where bytes written to a path the user named (`-o FILE`) end up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Something that is not a regular file (a device, a FIFO, a socket) or stands for
    /// another stream (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`): opened and written to
    /// as it is, never replaced.
    Through(PathBuf),
    /// A regular file, or nothing yet: replaced (or created) atomically. Symbolic links are
    /// followed: this is the final target, so a link stays a link.
    File(PathBuf),
}

/// Where writing to `path` lands (see [`Destination`]).
///
/// Errors: `path` is a directory, a symbolic link loop, or cannot be examined.
pub fn destination(path: &Path) -> anyhow::Result<Destination> {
    let (resolved, stream) =
        follow_links(path).with_context(|| format!("cannot resolve `{}`", path.display()))?;
    if stream {
        return Ok(Destination::Through(path.to_path_buf()));
    }
    match std::fs::metadata(&resolved) {
        Ok(meta) if meta.is_file() => Ok(Destination::File(resolved)),
        Ok(meta) if meta.is_dir() => bail!("`{}` is a directory", path.display()),
        Ok(_) => Ok(Destination::Through(resolved)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Destination::File(resolved)),
        Err(e) => Err(e).with_context(|| format!("cannot examine `{}`", path.display())),
    }
}

/// Writes a report to `path` (`-o FILE`): a regular file (or a new one) is replaced
/// atomically, through a symbolic link to its target, under its directory's lock; anything
/// else is written through (see [`Destination`]).
pub fn write_output(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    match destination(path)? {
        Destination::Through(target) => {
            let mut file = std::fs::OpenOptions::new()
                .append(true)
                .open(&target)
                .with_context(|| format!("cannot open `{}`", path.display()))?;
            file.write_all(contents)
                .and_then(|()| file.flush())
                .with_context(|| format!("cannot write `{}`", path.display()))
        }
        Destination::File(target) => {
            let locks = DirLocks::acquire([parent_dir(&target).as_path()])?;
            replace(&locks, &target, contents, Expected::Anything)
        }
    }
}

/// A temporary file in `dir` holding `contents`, with the mode, owner and group of the
/// file it will replace (`like`) or, for a new file, `0666` less the umask; flushed and
/// fsynced, and removed on drop unless persisted.
fn prepared_temp_file(
    dir: &Path,
    contents: &[u8],
    like: Option<&std::fs::Metadata>,
) -> anyhow::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    // Created private (tempfile's 0600) when it will take an existing file's mode; else
    // with the mode any new file gets (the kernel applies the umask to 0666).
    #[cfg(unix)]
    if like.is_none() {
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    }
    let mut temp = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in `{}`", dir.display()))?;
    temp.write_all(contents)
        .with_context(|| format!("cannot write a temporary file in `{}`", dir.display()))?;
    if let Some(meta) = like {
        keep_owner_and_mode(temp.as_file(), meta).with_context(|| {
            format!(
                "cannot set the mode of a temporary file in `{}`",
                dir.display()
            )
        })?;
    }
    temp.as_file()
        .sync_all()
        .with_context(|| format!("cannot write a temporary file in `{}`", dir.display()))?;
    Ok(temp)
}

/// Gives `file` the owner and group of `like` when the process may (root may; another
/// user may only give a group it belongs to; failing that, the file stays the writer's),
/// then its permissions (after `chown`, which clears set-id bits).
fn keep_owner_and_mode(file: &File, like: &std::fs::Metadata) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt as _, fchown};
        if fchown(file, Some(like.uid()), Some(like.gid())).is_err() {
            let _ = fchown(file, None, Some(like.gid()));
        }
    }
    file.set_permissions(like.permissions())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_when_the_file_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.toml");
        std::fs::write(&path, "a").unwrap();
        let locks = DirLocks::acquire([dir.path()]).unwrap();
        let err = replace_atomically(&locks, &path, b"b", Some(b"not a")).unwrap_err();
        assert!(
            err.to_string().contains("was changed by someone else"),
            "{err}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"a");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no stray temporary file"
        );
        replace_atomically(&locks, &path, b"b", Some(b"a")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"b");
    }

    #[test]
    fn a_write_needs_its_directory_locked() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let path = dir.path().join("sub/log.toml");
        // The parent is locked, and the directory named twice: still one lock each.
        let locks = DirLocks::acquire([dir.path(), dir.path(), Path::new("/nonexistent")]).unwrap();
        assert_eq!(locks.held.len(), 1);
        assert!(!locks.covers(&path));
        let err = replace_atomically(&locks, &path, b"b", None).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "`{}` would be written without holding its directory's lock; nothing was written",
                path.display()
            )
        );
        assert!(!path.exists());
        let locks = DirLocks::acquire([dir.path().join("sub/../sub").as_path()]).unwrap();
        assert!(locks.covers(&path));
        replace_atomically(&locks, &path, b"b", None).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"b");
    }
}
