//! Positions: exact conversion between byte offsets into a file's text (what the loader's
//! spans hold) and the client's line/character positions, whose characters are counted in
//! the negotiated encoding (LSP 3.17, `PositionEncodingKind`: UTF-16 code units by default,
//! UTF-8 bytes when the client offers it).

use std::ops::Range;

use lsp_types::{Position, PositionEncodingKind};

/// How the client counts a line's characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16 code units: the protocol's default.
    Utf16,
    /// UTF-8 bytes.
    Utf8,
}

impl Encoding {
    /// The encoding to use with a client offering `offered` (`general.positionEncodings`,
    /// in its order of preference): UTF-8 when offered, as it needs no conversion; else
    /// UTF-16, which every client supports.
    #[must_use]
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Self {
        let utf8 = offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8));
        if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    /// The kind announced back in the server's capabilities.
    #[must_use]
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf8 => PositionEncodingKind::UTF8,
        }
    }

    /// The width of `c` in this encoding's units.
    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf8 => c.len_utf8(),
        }
    }
}

/// Where each line of a text starts: line `n` starts at byte `starts[n]`. Lines end at
/// `\n` (a `\r` before it is part of the line, as the protocol counts it).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// The index of `text`.
    #[must_use]
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { starts }
    }

    /// The position of byte `offset` of `text` (the text this index was built from):
    /// an offset past the end is the end; one inside a character, that character's start.
    #[must_use]
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character = text[start..offset]
            .chars()
            .map(|c| encoding.width(c))
            .sum::<usize>();
        Position::new(to_u32(line), to_u32(character))
    }

    /// The range of positions of the bytes `span` of `text`.
    #[must_use]
    pub fn range(&self, text: &str, span: &Range<usize>, encoding: Encoding) -> lsp_types::Range {
        lsp_types::Range::new(
            self.position(text, span.start, encoding),
            self.position(text, span.end, encoding),
        )
    }

    /// The byte offset of `position` in `text`: a line past the last is the end of the
    /// text; a character past the line's end, the line's end (before its `\n`, as the
    /// protocol asks); one inside a character (half a surrogate pair), that character's
    /// start.
    #[must_use]
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |&next| next - 1);
        let wanted = position.character as usize;
        let mut counted = 0;
        for (i, c) in text[start..end].char_indices() {
            let width = encoding.width(c);
            if counted + width > wanted {
                return start + i;
            }
            counted += width;
        }
        end
    }
}

/// `n` as the protocol's `uinteger`, saturating (a plan file is bounded far below 4 GiB).
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line with an emoji (4 UTF-8 bytes, 2 UTF-16 units) and CJK text (3 bytes, 1 unit
    /// each) before an id.
    const TEXT: &str = "[[objective]]\ntitle = \"🚀 速度\" # x\nid = \"ship\"\n";

    #[test]
    fn offsets_become_utf16_and_utf8_positions_exactly() {
        let index = LineIndex::new(TEXT);
        let hash = TEXT.find('#').unwrap();
        assert_eq!(hash, 14 + 9 + 4 + 1 + 6 + 2);
        // `title = "` is 9, the emoji 2 units, a space, two CJK characters, `" `.
        assert_eq!(
            index.position(TEXT, hash, Encoding::Utf16),
            Position::new(1, 9 + 2 + 1 + 2 + 2)
        );
        assert_eq!(
            index.position(TEXT, hash, Encoding::Utf8),
            Position::new(1, 9 + 4 + 1 + 6 + 2)
        );
        let id = TEXT.find("ship").unwrap();
        assert_eq!(
            index.position(TEXT, id, Encoding::Utf16),
            Position::new(2, 6)
        );
        assert_eq!(
            index.position(TEXT, TEXT.len(), Encoding::Utf16),
            Position::new(3, 0)
        );
    }

    #[test]
    fn positions_become_offsets_exactly_and_round_trip() {
        let index = LineIndex::new(TEXT);
        for encoding in [Encoding::Utf16, Encoding::Utf8] {
            for (offset, _) in TEXT.char_indices() {
                let position = index.position(TEXT, offset, encoding);
                assert_eq!(
                    index.offset(TEXT, position, encoding),
                    offset,
                    "{encoding:?}"
                );
            }
        }
        let cjk = TEXT.find('速').unwrap();
        assert_eq!(
            index.offset(TEXT, Position::new(1, 12), Encoding::Utf16),
            cjk
        );
    }

    #[test]
    fn positions_outside_the_text_or_inside_a_character_are_clamped() {
        let index = LineIndex::new(TEXT);
        let emoji = TEXT.find('🚀').unwrap();
        // Between the two halves of the emoji's surrogate pair: the emoji's start.
        assert_eq!(
            index.offset(TEXT, Position::new(1, 10), Encoding::Utf16),
            emoji
        );
        // Inside its UTF-8 bytes: the same.
        assert_eq!(
            index.offset(TEXT, Position::new(1, 11), Encoding::Utf8),
            emoji
        );
        assert_eq!(
            index.position(TEXT, emoji + 2, Encoding::Utf8),
            Position::new(1, 9)
        );
        // Past the line's end: before its newline; past the last line: the end.
        let line_end = TEXT.find("\nid").unwrap();
        assert_eq!(
            index.offset(TEXT, Position::new(1, 99), Encoding::Utf16),
            line_end
        );
        assert_eq!(
            index.offset(TEXT, Position::new(9, 0), Encoding::Utf16),
            TEXT.len()
        );
        assert_eq!(
            index.position(TEXT, 10_000, Encoding::Utf8),
            Position::new(3, 0)
        );
    }

    #[test]
    fn utf8_is_chosen_only_when_offered() {
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF16])),
            Encoding::Utf16
        );
        assert_eq!(
            Encoding::negotiate(Some(&[
                PositionEncodingKind::UTF16,
                PositionEncodingKind::UTF8
            ])),
            Encoding::Utf8
        );
    }
}
