//! Writing plan files without losing a byte: appending a block in the file's own line
//! endings, editing values in place through `toml_edit`, and replacing the file atomically
//! under an exclusive lock.
//!
//! The write protocol ([`PlanLock`] then [`replace_atomically`]):
//! 1. take an exclusive lock on the file's directory (so concurrent `northstar` processes
//!    serialize, even though each write replaces the file's inode);
//! 2. read the file, compute the new content;
//! 3. write it to a temporary file in the same directory, flush and fsync it, and give it the
//!    original's permissions;
//! 4. read the original again: if someone else changed it since step 2, stop (nothing is
//!    lost, the temporary file is removed);
//! 5. rename the temporary file over the original, and fsync the directory.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

/// The line ending a file uses: CRLF when its first line break is `\r\n`, else LF.
#[must_use]
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Converts a block written with `\n` to the line ending of `original`.
#[must_use]
pub fn with_line_ending(block: &str, original: &str) -> String {
    let eol = line_ending(original);
    if eol == "\n" {
        block.to_string()
    } else {
        block.replace('\n', eol)
    }
}

/// `original` with `block` appended: every byte of `original` kept; a missing final
/// newline added; one blank line between the old content and the block; the block in the
/// file's line ending. `block` is written with `\n` and ends with one.
#[must_use]
pub fn append_block(original: &str, block: &str) -> String {
    let eol = line_ending(original);
    let mut out = String::with_capacity(original.len() + block.len() + 4);
    out.push_str(original);
    if !original.is_empty() {
        if !original.ends_with('\n') {
            out.push_str(eol);
        }
        let blank_before = out.ends_with(&format!("{eol}{eol}")) || out == eol;
        if !blank_before {
            out.push_str(eol);
        }
    }
    out.push_str(&with_line_ending(block, original));
    out
}

/// An exclusive lock serializing writers of plan files in one directory. Released on drop.
pub struct PlanLock {
    _file: File,
}

impl PlanLock {
    /// Blocks until the lock on `dir` is held.
    ///
    /// On Unix the directory itself is locked (no lock file is left behind); elsewhere a
    /// `.northstar.lock` file in it.
    pub fn acquire(dir: &Path) -> anyhow::Result<Self> {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
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
        file.lock()
            .with_context(|| format!("cannot lock `{}`", dir.display()))?;
        Ok(Self { _file: file })
    }
}

/// The directory holding `path` (`.` for a bare file name).
#[must_use]
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Environment variable that makes [`replace_atomically`] fail after writing the temporary
/// file and before the rename: a fault-injection hook for the crash-safety tests.
pub const FAIL_BEFORE_RENAME: &str = "NORTHSTAR_TEST_FAIL_BEFORE_RENAME";

/// Replaces `path` with `contents` atomically (see the module docs), provided the file
/// still holds `expected` (its bytes when it was read; `None`: it did not exist).
///
/// Errors, with nothing changed: the file changed since it was read; the directory is not
/// writable; the disk is full; the fault-injection hook is set.
pub fn replace_atomically(
    path: &Path,
    contents: &[u8],
    expected: Option<&[u8]>,
) -> anyhow::Result<()> {
    let dir = parent_dir(path);
    let temp = synced_temp_file(&dir, contents)?;
    if let Ok(meta) = std::fs::metadata(path) {
        std::fs::set_permissions(temp.path(), meta.permissions())
            .with_context(|| format!("cannot copy the permissions of `{}`", path.display()))?;
    }
    let current = match std::fs::read(path) {
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
    if std::env::var_os(FAIL_BEFORE_RENAME).is_some() {
        bail!(
            "injected failure before renaming over `{}` ({FAIL_BEFORE_RENAME} is set)",
            path.display()
        );
    }
    temp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot replace `{}`", path.display()))?;
    #[cfg(unix)]
    if let Ok(d) = File::open(&dir) {
        // Make the rename itself durable; failure here loses nothing already written.
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes `contents` to `path` atomically (temporary file in the same directory, fsync,
/// rename), replacing whatever was there: for report output files (`-o`).
pub fn write_atomically(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    let temp = synced_temp_file(&parent_dir(path), contents)?;
    // A temporary file is private (0600); a report is not: keep the old file's permissions,
    // or give a new one the usual 0644.
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => Some(meta.permissions()),
        #[cfg(unix)]
        Err(_) => Some(std::os::unix::fs::PermissionsExt::from_mode(0o644)),
        #[cfg(not(unix))]
        Err(_) => None,
    };
    if let Some(p) = permissions {
        std::fs::set_permissions(temp.path(), p)
            .with_context(|| format!("cannot set the permissions of `{}`", path.display()))?;
    }
    temp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(())
}

/// A temporary file in `dir` holding `contents`, flushed and fsynced; removed on drop
/// unless persisted.
fn synced_temp_file(dir: &Path, contents: &[u8]) -> anyhow::Result<tempfile::NamedTempFile> {
    let mut temp = tempfile::Builder::new()
        .prefix(".northstar-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in `{}`", dir.display()))?;
    temp.write_all(contents)
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("cannot write a temporary file in `{}`", dir.display()))?;
    Ok(temp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_with_the_files_line_endings() {
        let block = "[[checkin]]\nmetric = \"a\"\n";
        assert_eq!(append_block("", block), block);
        assert_eq!(
            append_block("x = 1\n", block),
            "x = 1\n\n[[checkin]]\nmetric = \"a\"\n"
        );
        assert_eq!(
            append_block("x = 1", block),
            "x = 1\n\n[[checkin]]\nmetric = \"a\"\n"
        );
        assert_eq!(
            append_block("x = 1\n\n", block),
            "x = 1\n\n[[checkin]]\nmetric = \"a\"\n"
        );
        assert_eq!(
            append_block("# c\r\nx = 1", block),
            "# c\r\nx = 1\r\n\r\n[[checkin]]\r\nmetric = \"a\"\r\n"
        );
    }

    #[test]
    fn refuses_when_the_file_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.toml");
        std::fs::write(&path, "a").unwrap();
        let err = replace_atomically(&path, b"b", Some(b"not a")).unwrap_err();
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
        replace_atomically(&path, b"b", Some(b"a")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"b");
    }
}
