//! Fitting a terminal table to a width: which columns to show and how wide each is, then
//! the text of each cell folded to its column (textwrap, at spaces only, each line keeping
//! its indentation). comfy-table draws the result; this module only decides.
//!
//! The rule (README, "Terminal output"): a table first tries every column at its natural
//! width. When that is wider than the terminal, free-text columns ([`Fold::Text`]) give way
//! down to their longest word (an id never breaks); then the columns a narrow terminal may
//! leave out go, one at a time, in their `drop` order; then progress bars shorten (10
//! cells, 5, none: the percentage stays); then values, goals and statuses fold at spaces.
//! The first of these layouts that fits is used, so a wider terminal never shows fewer
//! columns. When none fits (ids longer than the terminal), the narrowest is used.

use unicode_width::UnicodeWidthStr as _;

use super::columns::{Column, Fold};

/// The display width of `text`'s widest line (unicode width: a CJK character is 2 cells,
/// a combining mark 0).
#[must_use]
pub(crate) fn text_width(text: &str) -> usize {
    text.lines().map(str::width).max().unwrap_or(0)
}

/// A no-break space: what [`glue`] puts between a sign and its word while folding.
const GLUE: char = '\u{a0}';

/// `text` with each one-character sign (`●`, `→`, `≤`, `·`) joined to the word after it,
/// so folding never leaves a glyph at a line's end (`● on-track`, `→ 12 h`, `· stale`).
fn glue(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut words = text.split(' ').peekable();
    while let Some(word) = words.next() {
        out.push_str(word);
        if words.peek().is_some() {
            let mut chars = word.chars();
            let sign =
                matches!((chars.next(), chars.next()), (Some(c), None) if !c.is_alphanumeric());
            out.push(if sign { GLUE } else { ' ' });
        }
    }
    out
}

/// The widest word of `text`'s lines, each with its line's indentation: the narrowest
/// that text can fold to without breaking a word (a sign counts with its word).
fn longest_word(text: &str) -> usize {
    glue(text)
        .lines()
        .map(|line| {
            let indent = line.len() - line.trim_start_matches(' ').len();
            indent + line.split(' ').map(str::width).max().unwrap_or(0)
        })
        .max()
        .unwrap_or(0)
}

/// How wide a table of `widths` is drawn, given the style's cost per column: `gap` spaces
/// between columns (light style), or `edge` characters per column plus one (boxed and
/// Markdown: a border and two spaces of padding each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Frame {
    /// Columns separated by this many spaces, no borders.
    Gap(usize),
    /// Borders: each column costs this many characters, plus one for the last border.
    Bordered(usize),
}

impl Frame {
    fn total(self, widths: &[usize]) -> usize {
        let sum: usize = widths.iter().sum();
        match self {
            Frame::Gap(gap) => sum + gap * widths.len().saturating_sub(1),
            Frame::Bordered(edge) => sum + edge * widths.len() + 1,
        }
    }
}

/// One candidate layout's texts: the header and cells of every column shown, by column.
pub(crate) struct Texts {
    /// Column headers.
    pub(crate) headers: Vec<String>,
    /// Rows of cell texts, one per column.
    pub(crate) rows: Vec<Vec<String>>,
}

/// The chosen layout: the width of each column (of those kept), and the texts folded to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fitted {
    /// The width of each column kept.
    pub(crate) widths: Vec<usize>,
    /// Headers, folded.
    pub(crate) headers: Vec<String>,
    /// Cells, folded.
    pub(crate) rows: Vec<Vec<String>>,
}

/// Fits `texts` (whose columns are `columns`) into `width` (`None`: no limit), folding
/// [`Fold::LastResort`] columns too when `fold_values`. `None` when even the narrowest
/// folding does not fit, unless `force`: then the narrowest, wider than `width`.
pub(crate) fn fit(
    columns: &[Column],
    texts: &Texts,
    width: Option<usize>,
    frame: Frame,
    fold_values: bool,
    force: bool,
) -> Option<Fitted> {
    let n = columns.len();
    let natural: Vec<usize> = (0..n)
        .map(|c| {
            texts
                .rows
                .iter()
                .map(|r| text_width(&r[c]))
                .chain(std::iter::once(text_width(&texts.headers[c])))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let foldable = |c: usize| match columns[c].fold {
        Fold::Text | Fold::Prose => true,
        Fold::LastResort => fold_values,
        Fold::Never => false,
    };
    let min: Vec<usize> = (0..n)
        .map(|c| {
            if columns[c].fold == Fold::Prose {
                // Prose breaks long words: as narrow as its header, or 16.
                natural[c].min(PROSE_MIN.max(longest_word(&texts.headers[c])))
            } else if foldable(c) {
                texts
                    .rows
                    .iter()
                    .map(|r| longest_word(&r[c]))
                    .chain(std::iter::once(longest_word(&texts.headers[c])))
                    .max()
                    .unwrap_or(0)
            } else {
                natural[c]
            }
        })
        .collect();
    let widths = match width {
        None => natural,
        Some(w) if frame.total(&natural) <= w => natural,
        Some(w) if frame.total(&min) <= w => {
            // Share the room left among the foldable columns, each up to its natural
            // width: values first (so they fold only when they must), then free text.
            let mut widths = min.clone();
            let mut room = w - frame.total(&min);
            for pass in [Fold::LastResort, Fold::Text, Fold::Prose] {
                for c in (0..n).filter(|&c| foldable(c) && columns[c].fold == pass) {
                    let more = (natural[c] - widths[c]).min(room);
                    widths[c] += more;
                    room -= more;
                }
            }
            widths
        }
        Some(_) if force => min,
        Some(_) => return None,
    };
    let fold = |text: &str, c: usize| {
        if text_width(text) <= widths[c] {
            text.to_string()
        } else if columns[c].fold == Fold::Prose {
            fold_prose(text, widths[c])
        } else {
            fold_text(text, widths[c])
        }
    };
    Some(Fitted {
        headers: (0..n).map(|c| fold(&texts.headers[c], c)).collect(),
        rows: texts
            .rows
            .iter()
            .map(|r| (0..n).map(|c| fold(&r[c], c)).collect())
            .collect(),
        widths,
    })
}

/// The narrowest a prose column gets.
const PROSE_MIN: usize = 16;

/// Prose folded to `width`: at spaces, and inside a word longer than the width.
fn fold_prose(text: &str, width: usize) -> String {
    let options = textwrap::Options::new(width.max(1))
        .break_words(true)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    text.lines()
        .map(|line| textwrap::wrap(line, &options).join("\n"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` folded to `width` at spaces, each line keeping its indentation on its
/// continuation lines; words (ids, numbers) never break.
#[must_use]
pub(crate) fn fold_text(text: &str, width: usize) -> String {
    text.lines()
        .map(|line| {
            let body = line.trim_start_matches(' ');
            let indent = &line[..line.len() - body.len()];
            // Break at spaces only: `on-track` and ids with hyphens stay whole.
            let options = textwrap::Options::new(width.max(1))
                .break_words(false)
                .word_splitter(textwrap::WordSplitter::NoHyphenation)
                .initial_indent(indent)
                .subsequent_indent(indent);
            textwrap::wrap(&glue(body), options)
                .join("\n")
                .replace(GLUE, " ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::columns::{Align, Column, Fold};

    fn col(fold: Fold) -> Column {
        Column {
            header: "",
            align: Align::Left,
            fold,
            terminal_only: false,
            optional: false,
            drop: None,
        }
    }

    #[test]
    fn folded_lines_keep_their_indentation_and_words() {
        assert_eq!(
            fold_text("    lead-time\n    Lead time for changes under a day", 16),
            "    lead-time\n    Lead time\n    for changes\n    under a day"
        );
        // An id longer than the width stays whole.
        assert_eq!(
            fold_text("weekly-paying-merchants", 10),
            "weekly-paying-merchants"
        );
        assert_eq!(longest_word("    lead-time\n    Lead time"), 13);
        // A sign stays with its word.
        assert_eq!(fold_text("● on-track · stale", 10), "● on-track\n· stale");
        assert_eq!(fold_text("48 → 12 h", 4), "48\n→ 12\nh");
        assert_eq!(longest_word("● on-track"), 10);
        assert_eq!(text_width("日本語\nab"), 6);
    }

    #[test]
    fn text_gives_way_first_and_values_only_when_asked() {
        let columns = [col(Fold::Text), col(Fold::LastResort)];
        let texts = Texts {
            headers: vec!["Name".into(), "Goal".into()],
            rows: vec![vec!["alpha beta gamma".into(), "10 → 20 h".into()]],
        };
        // Natural: 16 + 2 + 9 = 27.
        let wide = fit(&columns, &texts, Some(27), Frame::Gap(2), false, false).unwrap();
        assert_eq!(wide.widths, [16, 9]);
        // 20 columns: the name folds to 9 (room 20 − 2 − 9), at spaces.
        let narrow = fit(&columns, &texts, Some(20), Frame::Gap(2), false, false).unwrap();
        assert_eq!(narrow.widths, [9, 9]);
        assert_eq!(narrow.rows[0][0], "alpha\nbeta\ngamma");
        // 12 columns: only with values folding (at least "gamma" 5 + 2 + "→ 20" 4 = 11);
        // the column left over goes to the value first.
        assert_eq!(
            fit(&columns, &texts, Some(12), Frame::Gap(2), false, false),
            None
        );
        let folded = fit(&columns, &texts, Some(12), Frame::Gap(2), true, false).unwrap();
        assert_eq!(folded.widths, [5, 5]);
        assert_eq!(folded.rows[0][0], "alpha\nbeta\ngamma");
        assert_eq!(folded.rows[0][1], "10\n→ 20\nh");
        // Borders cost 3 per column plus 1: 16 + 9 + 7 = 32.
        assert!(fit(&columns, &texts, Some(32), Frame::Bordered(3), false, false).is_some());
        assert_eq!(
            fit(&columns, &texts, Some(31), Frame::Bordered(3), false, false)
                .unwrap()
                .widths,
            [15, 9]
        );
    }
}
