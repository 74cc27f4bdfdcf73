//! The document store: the editor's open buffers, by path, kept in step with
//! `didOpen`/`didChange` (whole or incremental)/`didClose`, and handed to the loader as
//! the bytes to read instead of the files on disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lsp_types::TextDocumentContentChangeEvent;

use super::position::{Encoding, LineIndex};

/// One open buffer.
#[derive(Debug, Clone)]
pub struct Document {
    /// The buffer's text, as the editor has it (maybe unsaved).
    pub text: String,
    /// The client's version of it.
    pub version: i32,
    /// Where its lines start.
    pub lines: LineIndex,
}

/// Every open buffer, by the path its URI names ([`crate::paths::identity`] is applied by
/// the loader when it matches them to plan files).
#[derive(Debug, Default)]
pub struct Documents {
    open: BTreeMap<PathBuf, Document>,
}

impl Documents {
    /// Opens (or reopens) `path` with `text`.
    pub fn open(&mut self, path: PathBuf, text: String, version: i32) {
        let lines = LineIndex::new(&text);
        self.open.insert(
            path,
            Document {
                text,
                version,
                lines,
            },
        );
    }

    /// Applies `changes`, in order, to the open buffer `path`: a change without a range
    /// replaces the whole text; one with a range replaces that range, its positions in
    /// `encoding` (clamped to the text, as [`LineIndex::offset`] does). A buffer not open
    /// is left alone (`false`).
    pub fn change(
        &mut self,
        path: &Path,
        changes: Vec<TextDocumentContentChangeEvent>,
        version: i32,
        encoding: Encoding,
    ) -> bool {
        let Some(document) = self.open.get_mut(path) else {
            return false;
        };
        for change in changes {
            match change.range {
                None => document.text = change.text,
                Some(range) => {
                    let lines = &document.lines;
                    let start = lines.offset(&document.text, range.start, encoding);
                    let end = lines.offset(&document.text, range.end, encoding);
                    let (start, end) = (start.min(end), start.max(end));
                    document.text.replace_range(start..end, &change.text);
                }
            }
            document.lines = LineIndex::new(&document.text);
        }
        document.version = version;
        true
    }

    /// Closes `path`: the file on disk counts again.
    pub fn close(&mut self, path: &Path) {
        self.open.remove(path);
    }

    /// The open buffer `path`, if any.
    #[must_use]
    pub fn get(&self, path: &Path) -> Option<&Document> {
        self.open.get(path)
    }

    /// Every open buffer as (path, bytes), the loader's edits.
    #[must_use]
    pub fn overlay(&self) -> Vec<(PathBuf, Vec<u8>)> {
        self.open
            .iter()
            .map(|(path, d)| (path.clone(), d.text.clone().into_bytes()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use lsp_types::{Position, Range};

    use super::*;

    fn edit(range: Option<((u32, u32), (u32, u32))>, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|((l1, c1), (l2, c2))| {
                Range::new(Position::new(l1, c1), Position::new(l2, c2))
            }),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn incremental_and_whole_changes_apply_in_order() {
        let path = PathBuf::from("/p/northstar.toml");
        let mut docs = Documents::default();
        docs.open(path.clone(), "a = \"🚀速\"\nb = 1\n".to_string(), 1);
        // After the emoji (2 UTF-16 units) and the CJK character: insert `x`; then
        // replace `1` on the next line, whose start moved by nothing.
        let changes = vec![
            edit(Some(((0, 8), (0, 8))), "x"),
            edit(Some(((1, 4), (1, 5))), "22"),
        ];
        assert!(docs.change(&path, changes, 2, Encoding::Utf16));
        let doc = docs.get(&path).unwrap();
        assert_eq!(doc.text, "a = \"🚀速x\"\nb = 22\n");
        assert_eq!(doc.version, 2);
        // Across the line break, in UTF-8 positions.
        let changes = vec![edit(Some(((0, 12), (1, 0))), "")];
        assert!(docs.change(&path, changes, 3, Encoding::Utf8));
        assert_eq!(docs.get(&path).unwrap().text, "a = \"🚀速b = 22\n");
        assert!(docs.change(&path, vec![edit(None, "c = 3\n")], 4, Encoding::Utf16));
        assert_eq!(docs.overlay(), vec![(path.clone(), b"c = 3\n".to_vec())]);
        docs.close(&path);
        assert!(docs.overlay().is_empty());
        assert!(!docs.change(&path, vec![edit(None, "")], 5, Encoding::Utf16));
    }

    proptest::proptest! {
        /// Any sequence of edits at any positions (lines and characters past the ends,
        /// halves of surrogate pairs) leaves a whole UTF-8 text, and the id index reads
        /// any text it leaves without a panic.
        #[test]
        fn any_edits_at_any_positions_never_panic(
            text in "(\\PC|\n|🚀|速|\"|\\[|=){0,60}",
            edits in proptest::collection::vec(
                (0u32..5, 0u32..30, 0u32..5, 0u32..30, "(\\PC|\n|🚀|速|\"){0,6}", proptest::bool::ANY),
                0..8,
            ),
        ) {
            let path = PathBuf::from("/p/northstar.toml");
            let mut docs = Documents::default();
            docs.open(path.clone(), text, 0);
            for (version, (l1, c1, l2, c2, new, utf8)) in (1..).zip(edits) {
                let encoding = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
                let change = edit(Some(((l1, c1), (l2, c2))), &new);
                proptest::prop_assert!(docs.change(&path, vec![change], version, encoding));
            }
            let text = docs.get(&path).unwrap().text.clone();
            let mut sources = crate::diagnostic::Sources::default();
            sources.add(crate::diagnostic::SourceFile::new(path, text));
            let _ = super::super::index::Index::build(&sources);
        }
    }
}
