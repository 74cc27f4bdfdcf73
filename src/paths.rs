//! Recognising a file however its path is spelled: the directory a path lies in, its
//! symbolic links followed, and the one identity key ([`identity`]) that the loader, the
//! writers and the commands compare files by.

use std::path::{Path, PathBuf};

/// A key under which one file is recognised however its path is spelled: symbolic links
/// of the last component followed, the directory canonicalized. Works for a file that does
/// not exist yet (in a directory that does).
#[must_use]
pub fn identity(path: &Path) -> PathBuf {
    let resolved = follow_links(path).map_or_else(|_| path.to_path_buf(), |(p, _)| p);
    match (
        std::fs::canonicalize(parent_dir(&resolved)),
        resolved.file_name(),
    ) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => resolved,
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

/// `path` with its last component's symbolic links followed (a relative link is relative
/// to the link's directory), and whether the chain passed through a path that stands for
/// another stream (`/dev/stdout`, `/dev/stderr`, `/dev/fd/…`, `/proc/…`). A dangling link
/// gives the path it points to.
///
/// Errors: a link cannot be read, the path cannot be examined, or more than 40 links are
/// chained (a loop).
pub fn follow_links(path: &Path) -> std::io::Result<(PathBuf, bool)> {
    let mut current = path.to_path_buf();
    let mut stream = false;
    // Linux's own limit on links followed while resolving one path.
    for _ in 0..40 {
        stream |= is_stream(&current);
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if target.is_relative() && !dir.as_os_str().is_empty() => {
                        dir.join(target)
                    }
                    _ => target,
                };
            }
            Ok(_) => return Ok((current, stream)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((current, stream)),
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Whether `path` names a stream of the process rather than a file of its own.
fn is_stream(path: &Path) -> bool {
    path.starts_with("/proc")
        || path.starts_with("/dev/fd")
        || ["/dev/stdin", "/dev/stdout", "/dev/stderr"]
            .iter()
            .any(|p| path == Path::new(p))
}
