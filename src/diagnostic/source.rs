//! The files diagnostics point into: their text, and byte offsets turned into lines and
//! columns.

use std::cell::OnceCell;
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use serde::Serialize;

use super::{FileId, Loc};

/// One file of the plan, as read from disk.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user would type it (relative to the working directory when possible).
    pub path: PathBuf,
    /// The file's text (invalid UTF-8 replaced, so diagnostics can still quote it).
    pub text: String,
    line_starts: OnceCell<Vec<usize>>,
}

impl SourceFile {
    /// A file at `path` with `text`.
    #[must_use]
    pub fn new(path: PathBuf, text: String) -> Self {
        Self {
            path,
            text,
            line_starts: OnceCell::new(),
        }
    }

    /// Byte offset of the start of each line, computed once per file.
    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// 0-based index of the line holding byte `offset` (at most the text's length).
    pub(super) fn line_index(&self, offset: usize) -> usize {
        self.line_starts().partition_point(|&s| s <= offset) - 1
    }

    /// The byte range of lines `first..=last` (0-based), the last one's newline included.
    pub(super) fn lines_span(&self, first: usize, last: usize) -> Range<usize> {
        let starts = self.line_starts();
        let end = starts.get(last + 1).copied().unwrap_or(self.text.len());
        starts[first]..end
    }

    /// 1-based line and 1-based column (counted in characters) of byte `offset`.
    /// Offsets past the end, or inside a character, are clamped to a valid position.
    #[must_use]
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_index(offset);
        let line_start = self.line_starts()[line];
        let column = self.text[line_start..offset].chars().count() + 1;
        (line + 1, column)
    }
}

/// All files of a plan, indexed by [`FileId`]. The first is the main plan file.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() - 1)
    }

    /// Replaces the file with `id` (a write command's new text of it). Panics only on an
    /// id that did not come from this `Sources`.
    pub fn replace(&mut self, id: FileId, file: SourceFile) {
        self.files[id.0] = file;
    }

    /// The file with `id`. Panics only on an id that did not come from this `Sources`.
    #[must_use]
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    /// All files, main file first.
    #[must_use]
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// The file that `path` names, if it is one of these (compared by `paths::identity`:
    /// the same file however it is named).
    #[must_use]
    pub fn file_id(&self, path: &std::path::Path) -> Option<FileId> {
        let identity = crate::paths::identity(path);
        self.files
            .iter()
            .position(|f| crate::paths::identity(&f.path) == identity)
            .map(FileId)
    }

    /// `path:line:col` of a location.
    #[must_use]
    pub fn position(&self, loc: &Loc) -> Position {
        let file = self.get(loc.file);
        let (line, column) = file.line_col(loc.span.start);
        let (end_line, end_column) = file.line_col(loc.span.end);
        Position {
            file: file.path.display().to_string(),
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// A resolved location: file path, 1-based line and column (characters), and where it ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Position {
    /// The file's path as shown to the user.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// 1-based line where the span ends.
    pub end_line: usize,
    /// 1-based column (characters) just past the span.
    pub end_column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let file = SourceFile::new("a.toml".into(), "a = 1\nné = \"x\"\n".into());
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(6), (2, 1));
        // "né = " is 6 bytes but 5 characters.
        assert_eq!(file.line_col(12), (2, 6));
        assert_eq!(file.line_col(1000), (3, 1));
    }
}
