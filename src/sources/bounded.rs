//! Every read of bytes a source brings in from outside northstar (a source file, a dora CSV
//! of deploys, failed deploys or incidents, an HTTP response after decoding, a command's
//! stdout) is bounded by the one limit decided here: at most [`LIMIT`] bytes, exactly the
//! limit accepted, one byte more refused. A file is read only when it is a regular file:
//! a named pipe would block forever, and a device (`/dev/zero`) never end.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The most bytes read from any source: 1 MiB (1,048,576 bytes). Exactly this many are
/// accepted; one more is [`TooLarge`].
pub const LIMIT: u64 = 1 << 20;

/// The limit as messages write it.
pub const LIMIT_SHOWN: &str = "1 MiB (1048576 bytes)";

/// A read that went past [`LIMIT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

/// Why a bounded read failed.
#[derive(Debug)]
pub enum ReadError {
    /// More than [`LIMIT`] bytes.
    TooLarge,
    /// The reader failed.
    Io(io::Error),
}

/// At most [`LIMIT`] bytes from `reader`, read to its end; more is [`ReadError::TooLarge`]
/// (only `LIMIT + 1` bytes are ever read).
pub fn read(reader: impl Read) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    reader
        .take(LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    check(&bytes).map_err(|TooLarge| ReadError::TooLarge)?;
    Ok(bytes)
}

/// Whether `bytes` (read through a [`LIMIT`] + 1 window) are within the limit.
pub fn check(bytes: &[u8]) -> Result<(), TooLarge> {
    if bytes.len() as u64 > LIMIT {
        Err(TooLarge)
    } else {
        Ok(())
    }
}

/// Why a file could not be read.
#[derive(Debug)]
pub enum FileError {
    /// Nothing stands at the path.
    NotFound,
    /// Something other than a regular file stands there: what (`a directory`, `a named
    /// pipe`, `a socket`, `a device`).
    NotRegular(&'static str),
    /// The file holds more than [`LIMIT`] bytes.
    TooLarge,
    /// Another failure (permissions, I/O).
    Io(io::Error),
}

impl FileError {
    /// A sentence about the file `shown` (the path as the plan writes it), e.g.
    /// ``"`incidents.csv` is a named pipe, not a regular file"``.
    #[must_use]
    pub fn describe(&self, shown: &str) -> String {
        match self {
            FileError::NotFound => format!("`{shown}` does not exist"),
            FileError::NotRegular(what) => format!("`{shown}` is {what}, not a regular file"),
            FileError::TooLarge => format!("`{shown}` is larger than {LIMIT_SHOWN}"),
            FileError::Io(e) => format!("cannot read `{shown}`: {e}"),
        }
    }
}

/// What stands at a path that is not a regular file.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// The contents of the regular file at `path`, at most [`LIMIT`] bytes. The file is
/// opened without blocking (a named pipe without a writer would wait forever) and checked
/// to be a regular file once open, so nothing swapped in between is read.
pub fn read_file(path: &Path) -> Result<Vec<u8>, FileError> {
    let io_error = |e: io::Error| match e.kind() {
        io::ErrorKind::NotFound => FileError::NotFound,
        _ => FileError::Io(e),
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        let nonblock = i32::try_from(rustix::fs::OFlags::NONBLOCK.bits()).unwrap_or(0);
        options.custom_flags(nonblock);
    }
    let file: File = options.open(path).map_err(io_error)?;
    let meta = file.metadata().map_err(io_error)?;
    if !meta.is_file() {
        return Err(FileError::NotRegular(kind_of(&meta)));
    }
    read(file).map_err(|e| match e {
        ReadError::TooLarge => FileError::TooLarge,
        ReadError::Io(e) => FileError::Io(e),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exactly the limit is accepted; one byte more is refused.
    #[test]
    fn the_limit_itself_is_accepted_one_more_byte_refused() {
        let limit = usize::try_from(LIMIT).unwrap();
        assert_eq!(read(&vec![b'x'; limit][..]).unwrap().len(), limit);
        assert!(matches!(
            read(&vec![b'x'; limit + 1][..]),
            Err(ReadError::TooLarge)
        ));
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_file(dir.path()),
            Err(FileError::NotRegular("a directory"))
        ));
        assert!(matches!(
            read_file(&dir.path().join("nothing")),
            Err(FileError::NotFound)
        ));
    }
}
