//! Writing plan files without losing a byte: appending a block in the file's own line
//! endings, editing values in place through `toml_edit`, and replacing the file atomically
//! under an exclusive lock on its directory.
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

use crate::refusal::Refusal;

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

/// When `original` uses CRLF throughout, turns the lone `\n`s of `edited` into `\r\n`.
#[must_use]
pub fn match_line_endings(original: &str, edited: &str) -> String {
    let crlf = original.contains("\r\n")
        && original.matches('\n').count() == original.matches("\r\n").count();
    if !crlf {
        return edited.to_string();
    }
    let mut out = String::with_capacity(edited.len() + 16);
    let mut previous = '\0';
    for c in edited.chars() {
        if c == '\n' && previous != '\r' {
            out.push('\r');
        }
        out.push(c);
        previous = c;
    }
    out
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

/// `original` (a plan file) with the `[[key]]` entries of `block` appended, in the form
/// the file already gives `key`: `[[key]]` tables are appended as text by [`append_block`]
/// (every byte of `original` kept); to an inline array (`key = [{ … }]`) the entries are
/// added as inline tables, on their own lines when the array's entries are. `block` is
/// written with `\n` and holds only `[[key]]` tables.
///
/// Whatever is returned was parsed back: valid TOML whose `key` array ends with `block`'s
/// entries. (That check also tells the forms apart: `[[key]]` after `key = [ … ]` is a
/// duplicate key, so the text append is tried first and `toml_edit` reads the file only
/// when it does not fit.)
///
/// Errors (nothing to write): `original` is not valid TOML; `key` in it is not an array
/// of tables; the result would not load back as expected.
pub fn append_entries(original: &str, key: &str, block: &str) -> Result<String, Refusal> {
    use toml_edit::{DocumentMut, Item, Value};
    let appended = append_block(original, block);
    let fits = verify_appended(&appended, key, block);
    if fits.is_ok() {
        return Ok(appended);
    }
    let doc: DocumentMut = original
        .parse()
        .map_err(|e| refusal(format!("cannot read the file as TOML: {e}")))?;
    match doc.get(key) {
        None | Some(Item::ArrayOfTables(_)) => fits.map(|()| appended),
        Some(Item::Value(Value::Array(_))) => {
            let updated = append_inline(original, key, block)?;
            verify_appended(&updated, key, block)?;
            Ok(updated)
        }
        Some(_) => Err(
            Refusal::new(format!("`{key}` in this file is not an array of tables")).help(format!(
                "write each entry as a `[[{key}]]` table, or as `{key} = [{{ … }}]`"
            )),
        ),
    }
}

/// Appends the `[[key]]` tables of `block` to the inline array `key` of `original`, each as
/// an inline table laid out like the array's entries ([`append_to_array`]).
fn append_inline(original: &str, key: &str, block: &str) -> Result<String, Refusal> {
    use toml_edit::{DocumentMut, Item, Value};
    let new: DocumentMut = block
        .parse()
        .map_err(|e| refusal(format!("cannot read the entry to append: {e}")))?;
    let tables = new
        .get(key)
        .and_then(Item::as_array_of_tables)
        .ok_or_else(|| refusal(format!("the entry to append is not a `[[{key}]]` table")))?;
    let mut text = original.to_string();
    for table in tables {
        let mut entry = Value::InlineTable(table.clone().into_inline_table());
        entry.decor_mut().clear();
        let doc = toml_edit::Document::parse(text.as_str())
            .map_err(|e| refusal(format!("cannot read the file as TOML: {e}")))?;
        let array = doc
            .get(key)
            .and_then(Item::as_array)
            .ok_or_else(|| refusal(format!("`{key}` in this file is not an array")))?;
        text = append_to_array(&text, array, &entry.to_string())?;
    }
    Ok(text)
}

/// `text` with `element` (TOML text of one value) appended to `array`, an inline array
/// parsed from `text` with its spans (`toml_edit::Document::parse`), laid out as the
/// array is: on a line of its own, in the last element's indentation and the file's line
/// ending, when the array spans lines (its trailing comma kept or left out as it was); after
/// `, ` when it sits on one line; alone in `[]`.
///
/// Only the inserted bytes are new: everything else in `text`, comments included, stays.
///
/// Errors: the array's place in the text is unknown (it was not parsed from `text`).
pub fn append_to_array(
    text: &str,
    array: &toml_edit::Array,
    element: &str,
) -> Result<String, Refusal> {
    let unknown = || refusal("cannot locate the inline array in the file".into());
    let span = array.span().ok_or_else(unknown)?;
    let close = span.end - 1;
    if text.as_bytes().get(close) != Some(&b']') {
        return Err(unknown());
    }
    let Some(last) = array.iter().last() else {
        // `[]`, or `[ ]` with spaces or a comment: the element goes right after `[`.
        let mut out = String::with_capacity(text.len() + element.len());
        out.push_str(&text[..=span.start]);
        out.push_str(element);
        out.push_str(&text[span.start + 1..]);
        return Ok(out);
    };
    let last_span = last.span().ok_or_else(unknown)?;
    let between = &text[last_span.end..close];
    let trailing_comma = between.trim_start().starts_with(',');
    let line_end = between
        .find('\n')
        .map(|i| last_span.end + i - usize::from(between[..i].ends_with('\r')));
    let mut out = String::with_capacity(text.len() + element.len() + 8);
    if let Some(line_end) = line_end {
        // The array goes on past the last element's line: the new element takes a line of
        // its own after it (after the comment ending that line, if any).
        let line = format!(
            "{}{}{element}",
            line_ending(text),
            indent_at(text, last_span.start)
        );
        out.push_str(&text[..last_span.end]);
        if !trailing_comma {
            out.push(',');
        }
        out.push_str(&text[last_span.end..line_end]);
        out.push_str(&line);
        if trailing_comma {
            out.push(',');
        }
        out.push_str(&text[line_end..]);
    } else {
        // `]` on the last element's line: the new element follows it on that line.
        out.push_str(&text[..last_span.end]);
        out.push_str(", ");
        out.push_str(element);
        out.push_str(&text[last_span.end..]);
    }
    Ok(out)
}

/// The spaces and tabs that start the line holding `offset`.
pub fn indent_at(text: &str, offset: usize) -> String {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    text[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

/// Checks that `updated` parses and that its `key` array ends with the entries of `block`.
fn verify_appended(updated: &str, key: &str, block: &str) -> Result<(), Refusal> {
    let entries = |text: &str| -> Result<Vec<toml::Value>, toml::de::Error> {
        let mut table: toml::Table = toml::from_str(text)?;
        Ok(match table.remove(key) {
            Some(toml::Value::Array(entries)) => entries,
            _ => Vec::new(),
        })
    };
    let added = entries(block).map_err(|e| refusal(format!("cannot read the entry: {e}")))?;
    let after = entries(updated).map_err(|e| {
        refusal(format!(
            "appending would leave a file that does not load: {}",
            e.message()
        ))
    })?;
    if added.is_empty() || !after.ends_with(&added) {
        return Err(refusal(format!(
            "appending would not leave the new `{key}` entries at the end"
        )));
    }
    Ok(())
}

/// A refusal of a write northstar computed wrongly: a bug to report.
fn refusal(message: String) -> Refusal {
    Refusal::new(message).help(
        "the file is left as it was; please report this with the file to northstar's maintainers",
    )
}

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

/// `path` with its last component's symbolic links followed (a relative link is relative
/// to the link's directory), and whether the chain passed through a path that stands for
/// another stream (`/dev/stdout`, `/dev/stderr`, `/dev/fd/…`, `/proc/…`). A dangling link
/// gives the path it points to.
fn follow_links(path: &Path) -> std::io::Result<(PathBuf, bool)> {
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
    fn appends_to_an_inline_array_in_its_form_and_refuses_what_would_not_load() {
        let original = "checkin = [{ metric = \"a\", value = 1 }]\n";
        let block = "[[checkin]]\nmetric = \"b\"\nvalue = 2\n";
        assert_eq!(
            append_entries(original, "checkin", block).unwrap(),
            "checkin = [{ metric = \"a\", value = 1 }, { metric = \"b\", value = 2 }]\n"
        );
        // `[[checkin]]` after `checkin = [...]` (issue 9) is a duplicate key: the guard
        // refuses it.
        let naive = append_block(original, block);
        let err = verify_appended(&naive, "checkin", block).unwrap_err();
        assert_eq!(
            err.message,
            "appending would leave a file that does not load: duplicate key"
        );
        // A result without the new entry, or with another one.
        for wrong in [original, &block.replace('2', "3")] {
            let err = verify_appended(wrong, "checkin", block).unwrap_err();
            assert_eq!(
                err.message,
                "appending would not leave the new `checkin` entries at the end"
            );
        }
        let err = append_entries("checkin = 1\n", "checkin", block).unwrap_err();
        assert_eq!(
            (err.message.as_str(), err.help.as_deref()),
            (
                "`checkin` in this file is not an array of tables",
                Some("write each entry as a `[[checkin]]` table, or as `checkin = [{ … }]`")
            )
        );
    }

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

#[cfg(test)]
mod inline_array_tests {
    use std::fmt::Write as _;

    use proptest::prelude::*;

    use super::append_to_array;

    /// Whether `small`'s characters appear in `big` in order.
    fn subsequence(small: &str, big: &str) -> bool {
        let mut rest = big.chars();
        small.chars().all(|c| rest.any(|b| b == c))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        /// Whatever the array's layout (entries, lines, trailing comma, comments, CRLF),
        /// the new entry ends it, every old entry is unchanged, and every old byte is
        /// still there in order.
        #[test]
        fn the_new_entry_ends_the_array_and_nothing_is_lost(
            n in 0usize..4,
            multiline in any::<bool>(),
            trailing_comma in any::<bool>(),
            comment in any::<bool>(),
            crlf in any::<bool>(),
            indent in "[ \t]{0,4}",
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut text = format!("# log{eol}a = [");
            for i in 0..n {
                if multiline {
                    text.push_str(eol);
                    text.push_str(&indent);
                } else if i > 0 {
                    text.push(' ');
                }
                write!(text, "{{ id = \"e{i}\" }}").unwrap();
                if i + 1 < n || trailing_comma {
                    text.push(',');
                }
                if multiline && comment {
                    write!(text, "  # note {i}").unwrap();
                }
            }
            if multiline {
                text.push_str(eol);
            }
            write!(text, "]{eol}b = 1{eol}").unwrap();
            let doc = toml_edit::Document::parse(text.as_str()).unwrap();
            let array = doc.get("a").and_then(toml_edit::Item::as_array).unwrap();
            let out = append_to_array(&text, array, "{ id = \"new\" }").unwrap();
            let parsed: toml::Table = toml::from_str(&out).unwrap();
            let ids: Vec<&str> = parsed["a"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["id"].as_str().unwrap())
                .collect();
            let mut expected: Vec<String> = (0..n).map(|i| format!("e{i}")).collect();
            expected.push("new".into());
            prop_assert_eq!(ids, expected);
            prop_assert_eq!(parsed["b"].as_integer(), Some(1));
            prop_assert!(subsequence(&text, &out), "{:?} → {:?}", text, out);
            if crlf {
                prop_assert!(!out.replace("\r\n", "").contains('\n'), "a bare LF: {:?}", out);
            }
        }
    }
}
