//! Colour carried through comfy-table's layout as marks of no width, and turned into SGR
//! codes in the lines it draws. comfy-table measures, aligns and pads a cell's plain text
//! (without its ANSI-parsing `custom_styling` feature, which parsed every cell line about
//! three times whether coloured or not); each coloured line carries one mark per SGR code
//! before its text and a reset mark after it, characters of width 0 that comfy-table
//! places with the text; [`paint`] turns them into `ESC [ codes m` and `ESC [ 0 m` in the
//! drawn line, byte for byte what a coloured cell's text would have held.
//!
//! The marks are bidirectional controls (U+202A–U+202E, U+2066–U+2069): default-ignorable
//! code points, width 0 in `unicode-width` (its rule 2.4), and never in a cell's text
//! otherwise, since every text from the plan is sanitized of them
//! ([`crate::text::is_bidi_control`]) before it reaches a table.

use std::borrow::Cow;

/// The SGR codes a mark stands for, by mark: bold, dim and the six normal foreground
/// colours northstar uses (31–36).
const CODES: [(char, &str); 8] = [
    ('\u{202a}', "1"),
    ('\u{202b}', "2"),
    ('\u{202c}', "31"),
    ('\u{202d}', "32"),
    ('\u{202e}', "33"),
    ('\u{2066}', "34"),
    ('\u{2067}', "35"),
    ('\u{2068}', "36"),
];

/// The mark that ends a coloured line: `ESC [ 0 m`.
const RESET: char = '\u{2069}';

/// The mark of SGR code `code` (`"1"`, `"2"`, `"31"`–`"36"`); `None` for any other code.
fn mark(code: &str) -> Option<char> {
    CODES.iter().find(|(_, c)| *c == code).map(|&(m, _)| m)
}

/// The SGR code mark `c` stands for; `None` when `c` is no code mark.
fn code(c: char) -> Option<&'static str> {
    CODES.iter().find(|(m, _)| *m == c).map(|&(_, code)| code)
}

/// `text`'s lines ([`str::lines`], joined by `\n`) with each non-empty one marked to be
/// drawn in SGR `codes` (in order, each one of `"1"`, `"2"`, `"31"`–`"36"`; any other is
/// left out): the codes' marks before the line, the reset mark after it.
#[must_use]
pub(crate) fn marked(text: &str, codes: &[&str]) -> String {
    let on: String = codes.iter().filter_map(|c| mark(c)).collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (n, line) in text.lines().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        if !line.is_empty() {
            out.push_str(&on);
            out.push_str(line);
            out.push(RESET);
        }
    }
    out
}

/// `line` (as comfy-table drew it) with its marks turned into SGR codes: each run of code
/// marks into one `ESC [ codes m`, the codes joined by `;`, each reset mark into
/// `ESC [ 0 m`. A line without marks is returned as it is.
#[must_use]
pub(crate) fn paint(line: &str) -> Cow<'_, str> {
    if !line.contains(|c| c == RESET || code(c).is_some()) {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 16);
    let mut codes: Vec<&str> = Vec::new();
    let flush = |codes: &mut Vec<&str>, out: &mut String| {
        if !codes.is_empty() {
            out.push_str("\x1b[");
            out.push_str(&codes.join(";"));
            out.push('m');
            codes.clear();
        }
    };
    for c in line.chars() {
        if let Some(sgr) = code(c) {
            codes.push(sgr);
            continue;
        }
        flush(&mut codes, &mut out);
        if c == RESET {
            out.push_str("\x1b[0m");
        } else {
            out.push(c);
        }
    }
    flush(&mut codes, &mut out);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use unicode_width::UnicodeWidthStr as _;

    use super::*;

    #[test]
    fn marks_are_painted_as_the_codes_they_stand_for() {
        let text = marked("a\n\nb c", &["1", "32"]);
        assert_eq!(paint(&text), "\x1b[1;32ma\x1b[0m\n\n\x1b[1;32mb c\x1b[0m");
        assert_eq!(paint(&marked("x", &["2"])), "\x1b[2mx\x1b[0m");
        assert_eq!(paint(&marked("x", &["36"])), "\x1b[36mx\x1b[0m");
        assert_eq!(paint(&marked("x\n", &["31"])), "\x1b[31mx\x1b[0m");
        assert_eq!(paint("  plain  "), "  plain  ");
    }

    #[test]
    fn every_mark_is_a_hidden_character_of_no_width() {
        for c in CODES.iter().map(|&(m, _)| m).chain([RESET]) {
            assert!(
                crate::text::is_hidden(c),
                "{c:?} is sanitized from plan text"
            );
            assert_eq!(c.to_string().width(), 0, "{c:?}");
        }
    }

    #[test]
    fn marks_add_no_width_to_any_text() {
        // Texts whose width depends on their neighbours (emoji sequences, a variation
        // selector, a lam-alef ligature, CJK, combining marks) as well as plain ones.
        for text in [
            "40%",
            "██████░░░░ 60% ● on-track",
            "👩‍💻 dev",
            "☺\u{fe0f}",
            "\u{fe0f}x",
            "لا",
            "日本語",
            "e\u{301}",
            "—",
        ] {
            let codes = ["1", "2", "31", "32", "33", "34", "35", "36"];
            assert_eq!(marked(text, &codes).width(), text.width(), "{text:?}");
        }
    }
}
