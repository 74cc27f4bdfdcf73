//! Fitting a terminal table to a width: which columns to show and how wide each is, then
//! the text of each cell folded to its column (textwrap, at spaces only, each line keeping
//! its indentation). comfy-table draws the result; this module only decides.
//!
//! The rule (docs/guide.md, "Terminal output"): a table first tries every column at its natural
//! width. When that is wider than the terminal, free-text columns ([`Fold::Text`]) give way
//! down to their longest word (an id never breaks); then the columns a narrow terminal may
//! leave out go, one at a time, in their `drop` order; then progress bars shorten (10
//! cells, 5, none: the percentage stays); then values, goals and statuses fold at spaces;
//! then the last-resort columns go (a metric's role, a check-in's change); then values
//! break inside long words ([`Give::Break`]). The first of these layouts that fits is
//! used, so a wider terminal never shows fewer columns. When none fits (ids longer than
//! the terminal), the narrowest is used.
//!
//! Every column is measured once ([`measure`]: natural width, narrowest without breaking
//! a word, narrowest at all); each candidate layout is then only arithmetic over those
//! numbers ([`widths`]), and the chosen one's cells are folded once ([`fold`]).

use unicode_width::UnicodeWidthStr as _;

use super::columns::{Column, Fold};

/// The display width of `text`'s widest line (unicode width: a CJK character is 2 cells,
/// a combining mark 0).
#[must_use]
pub(crate) fn text_width(text: &str) -> usize {
    text.lines().map(width).max().unwrap_or(0)
}

/// The display width of `text` (one line), as `unicode-width` gives it: its length for
/// printable ASCII (U+0020–U+007E: one cell each, and no sequence of them is measured
/// otherwise), else [`unicode_width::UnicodeWidthStr::width`].
#[must_use]
pub(crate) fn width(text: &str) -> usize {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        text.len()
    } else {
        text.width()
    }
}

/// A no-break space: what [`glue`] puts between a sign and its word while folding.
const GLUE: char = '\u{a0}';

/// `text` with each one-character sign (`●`, `→`, `≤`, `·`) joined to the word after it,
/// so folding never leaves a glyph at a line's end (`● on-track`, `→ 12 h`, `· stale`).
fn glue(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(' ') {
        return text.into();
    }
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
    out.into()
}

/// The widest word of `text`'s lines, each with its line's indentation: the narrowest
/// that text can fold to without breaking a word (a sign counts with its word).
fn longest_word(text: &str) -> usize {
    longest_glued_word(&glue(text))
}

/// [`longest_word`] of text already [`glue`]d.
fn longest_glued_word(glued: &str) -> usize {
    glued
        .lines()
        .map(|line| {
            let body = line.trim_start_matches(' ');
            let indent = line.len() - body.len();
            let marker = if body.starts_with(['└', '├', '↳']) {
                2
            } else {
                0
            };
            indent + marker + line.split(' ').map(width).max().unwrap_or(0)
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

/// A table's texts: the header and cells of every column it may show, by column.
pub(crate) struct Texts {
    /// Column headers.
    pub(crate) headers: Vec<String>,
    /// Rows of cell texts, one per column.
    pub(crate) rows: Vec<Vec<String>>,
}

/// How far a layout lets text give way, in the order a narrowing terminal asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Give {
    /// Free text and prose fold ([`Fold::Text`], [`Fold::Prose`]); values stay whole.
    Text,
    /// Values, goals and statuses fold at spaces too ([`Fold::LastResort`]).
    Values,
    /// Values may also break inside a word (a long unit: `millisec` above `onds`), never
    /// narrower than [`VALUE_MIN`], their header's widest word or their longest number.
    Break,
}

/// A column's widths in display cells, measured once from its texts: what every layout
/// is decided from, so no candidate table is ever drawn to see whether it fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Measure {
    /// Its widest line, header included.
    pub(crate) natural: usize,
    /// The narrowest it folds to without breaking a word (a sign counts with its word);
    /// `natural` for a column that never folds.
    pub(crate) words: usize,
    /// The narrowest it gets at all: prose down to [`PROSE_MIN`] (or its header), values
    /// with [`Give::Break`] down to [`VALUE_MIN`] (or its header, or its longest number),
    /// text with ids at `words` (an id never breaks).
    pub(crate) floor: usize,
}

/// The narrowest a value column gets when its words break ([`Give::Break`]).
pub(crate) const VALUE_MIN: usize = 8;

/// The widest word of `glued` (text already [`glue`]d) that never breaks, even as a
/// last resort: a number (digits with their sign, point and separators), or a sign with
/// its word (`● on-track`, `→ 2400`).
fn longest_glued_unbreakable(glued: &str) -> usize {
    glued
        .split([' ', '\n'])
        .filter(|w| {
            let number = w.chars().any(|c| c.is_ascii_digit())
                && w.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | '%' | '*'));
            number || w.contains(GLUE)
        })
        .map(width)
        .max()
        .unwrap_or(0)
}

/// Measures every column of `texts` (whose columns are `columns`).
pub(crate) fn measure(columns: &[Column], texts: &Texts) -> Vec<Measure> {
    columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            let mut m = Measuring::default();
            for row in &texts.rows {
                m.add(column, &row[c]);
            }
            m.finish(column, &texts.headers[c])
        })
        .collect()
}

/// A column's [`Measure`] taken one cell at a time, so a long table's texts need not be
/// held: [`Measuring::add`] each cell, then [`Measuring::finish`] with the header.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Measuring {
    natural: usize,
    words: usize,
    whole: usize,
}

impl Measuring {
    /// Takes in one cell of `column`.
    pub(crate) fn add(&mut self, column: &Column, text: &str) {
        self.natural = self.natural.max(text_width(text));
        match column.fold {
            Fold::Never => {}
            Fold::Text | Fold::Prose => self.words = self.words.max(longest_word(text)),
            Fold::LastResort => {
                let glued = glue(text);
                self.words = self.words.max(longest_glued_word(&glued));
                self.whole = self.whole.max(longest_glued_unbreakable(&glued));
            }
        }
    }

    /// The measure of `column` over the cells taken in and its `header`.
    pub(crate) fn finish(mut self, column: &Column, header: &str) -> Measure {
        self.add(column, header);
        let natural = self.natural;
        let words = match column.fold {
            Fold::Never => natural,
            Fold::Text | Fold::Prose | Fold::LastResort => self.words,
        };
        let header = longest_word(header);
        let floor = match column.fold {
            Fold::Never | Fold::Text => words,
            Fold::Prose => natural.min(PROSE_MIN.max(header)),
            Fold::LastResort => words.min(VALUE_MIN.max(header).max(self.whole)),
        };
        Measure {
            natural,
            words,
            floor,
        }
    }
}

/// The width of each of the columns `keep` (indexes into `columns` and `measures`) in a
/// table at most `width` wide (`None`: no limit) when text gives way as far as `give`
/// says; `None` when even that does not fit, unless `force`: then the narrowest, wider
/// than `width`. Room left over goes to values first (so they fold only when they must),
/// then free text, then prose, each up to its natural width.
pub(crate) fn widths(
    columns: &[Column],
    measures: &[Measure],
    keep: &[usize],
    width: Option<usize>,
    frame: Frame,
    give: Give,
    force: bool,
) -> Option<Vec<usize>> {
    let natural: Vec<usize> = keep.iter().map(|&c| measures[c].natural).collect();
    let min: Vec<usize> = keep
        .iter()
        .map(|&c| {
            let m = measures[c];
            match (columns[c].fold, give) {
                (Fold::Never, _) | (Fold::LastResort, Give::Text) => m.natural,
                (Fold::Text, _) | (Fold::LastResort, Give::Values) => m.words,
                (Fold::Prose, _) | (Fold::LastResort, Give::Break) => m.floor,
            }
        })
        .collect();
    match width {
        None => Some(natural),
        Some(w) if frame.total(&natural) <= w => Some(natural),
        Some(w) if frame.total(&min) <= w => {
            let mut widths = min;
            let mut room = w - frame.total(&widths);
            // First so that no word breaks, then up to the natural width.
            let whole: Vec<usize> = keep.iter().map(|&c| measures[c].words).collect();
            for goal in [&whole, &natural] {
                for pass in [Fold::LastResort, Fold::Text, Fold::Prose] {
                    for (k, &c) in keep.iter().enumerate() {
                        if columns[c].fold == pass {
                            let more = goal[k].min(natural[k]).saturating_sub(widths[k]).min(room);
                            widths[k] += more;
                            room -= more;
                        }
                    }
                }
            }
            Some(widths)
        }
        Some(_) if force => Some(min),
        Some(_) => None,
    }
}

/// `text` of a `column` folded to `width` (returned as it is when it fits) as `give` allows: prose at spaces and inside
/// long words, free text (and values, from [`Give::Values`]) at spaces only, each line
/// keeping its indentation; values with [`Give::Break`] inside words too.
pub(crate) fn fold(text: String, column: &Column, width: usize, give: Give) -> String {
    if text_width(&text) <= width {
        return text;
    }
    match (column.fold, give) {
        (Fold::Prose, _) => fold_prose(&text, width),
        (Fold::LastResort, Give::Break) => fold_words(&text, width, true),
        _ => fold_text(&text, width),
    }
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
    fold_words(text, width, false)
}

/// `text` (one line) folded at spaces into lines of at most `width` cells, the first
/// after `first` cells of something else (a tree's branch), the rest after `rest`; the
/// lines are returned without those cells. Words never break; a sign stays with its word.
#[must_use]
pub(crate) fn fold_hanging(text: &str, width: usize, first: usize, rest: usize) -> Vec<String> {
    let (first, rest) = (" ".repeat(first), " ".repeat(rest));
    let options = textwrap::Options::new(width.max(1))
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .initial_indent(&first)
        .subsequent_indent(&rest);
    textwrap::wrap(&glue(text), options)
        .iter()
        .enumerate()
        .map(|(n, line)| {
            let indent = if n == 0 { first.len() } else { rest.len() };
            line.get(indent..).unwrap_or_default().replace(GLUE, " ")
        })
        .collect()
}

/// `text` folded to `width` at spaces, each line keeping its indentation, a sign kept
/// with its word; with `break_words`, a word wider than the line breaks where it must.
fn fold_words(text: &str, width: usize, break_words: bool) -> String {
    text.lines()
        .map(|line| {
            let body = line.trim_start_matches(' ');
            let indent = &line[..line.len() - body.len()];
            // A tree's marker (`└ `, `↳ `) belongs to the indentation: the lines after
            // it hang under the id.
            let marker = ['└', '├', '↳']
                .iter()
                .find_map(|m| {
                    body.strip_prefix(*m)?
                        .strip_prefix(' ')
                        .map(|_| m.len_utf8() + 1)
                })
                .unwrap_or(0);
            let (mark, body) = body.split_at(marker);
            let hang = format!("{indent}{}", " ".repeat(mark.width()));
            // Break at spaces only (not where Unicode line breaking would, which keeps
            // `latest / target` whole): `on-track` and ids with hyphens stay whole.
            let first = format!("{indent}{mark}");
            let options = textwrap::Options::new(width.max(1))
                .word_separator(textwrap::WordSeparator::AsciiSpace)
                .break_words(break_words)
                .word_splitter(textwrap::WordSplitter::NoHyphenation)
                .initial_indent(&first)
                .subsequent_indent(&hang);
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
        for text in ["", "ab c~", "a\tb", "x\u{7f}", "日本", "e\u{301}", "a\r"] {
            assert_eq!(width(text), text.width(), "{text:?}");
        }
    }

    fn lay_out(columns: &[Column], texts: &Texts, width: usize, give: Give) -> Option<Vec<usize>> {
        let keep: Vec<usize> = (0..columns.len()).collect();
        let measures = measure(columns, texts);
        widths(
            columns,
            &measures,
            &keep,
            Some(width),
            Frame::Gap(2),
            give,
            false,
        )
    }

    #[test]
    fn text_gives_way_first_and_values_only_when_asked() {
        let columns = [col(Fold::Text), col(Fold::LastResort)];
        let texts = Texts {
            headers: vec!["Name".into(), "Goal".into()],
            rows: vec![vec!["alpha beta gamma".into(), "10 → 20 h".into()]],
        };
        // Natural: 16 + 2 + 9 = 27.
        assert_eq!(lay_out(&columns, &texts, 27, Give::Text).unwrap(), [16, 9]);
        // 20 columns: the name folds to 9 (room 20 − 2 − 9), at spaces.
        let narrow = lay_out(&columns, &texts, 20, Give::Text).unwrap();
        assert_eq!(narrow, [9, 9]);
        assert_eq!(
            fold("alpha beta gamma".into(), &columns[0], 9, Give::Text),
            "alpha\nbeta\ngamma"
        );
        // 12 columns: only with values folding (at least "gamma" 5 + 2 + "→ 20" 4 = 11);
        // the column left over goes to the value first.
        assert_eq!(lay_out(&columns, &texts, 12, Give::Text), None);
        assert_eq!(lay_out(&columns, &texts, 12, Give::Values).unwrap(), [5, 5]);
        assert_eq!(
            fold("10 → 20 h".into(), &columns[1], 5, Give::Values),
            "10\n→ 20\nh"
        );
        // Borders cost 3 per column plus 1: 16 + 9 + 7 = 32.
        let measures = measure(&columns, &texts);
        let bordered = |w| {
            widths(
                &columns,
                &measures,
                &[0, 1],
                Some(w),
                Frame::Bordered(3),
                Give::Text,
                false,
            )
        };
        assert_eq!(bordered(32).unwrap(), [16, 9]);
        assert_eq!(bordered(31).unwrap(), [15, 9]);
    }

    #[test]
    fn values_break_inside_words_last_never_inside_a_number() {
        let columns = [col(Fold::Text), col(Fold::LastResort)];
        let texts = Texts {
            headers: vec!["Metric".into(), "Goal".into()],
            rows: vec![vec!["latency".into(), "≤ 850 milliseconds at p95".into()]],
        };
        // `milliseconds` is 12 cells: 7 + 2 + 12 = 21 at the least without breaking it.
        assert_eq!(lay_out(&columns, &texts, 20, Give::Values), None);
        assert_eq!(lay_out(&columns, &texts, 17, Give::Break).unwrap(), [7, 8]);
        assert_eq!(
            fold(
                "≤ 850 milliseconds at p95".into(),
                &columns[1],
                8,
                Give::Break
            ),
            "≤ 850\nmillisec\nonds at\np95"
        );
        // Never narrower than the longest number.
        let wide_number = Texts {
            headers: vec!["Metric".into(), "Now".into()],
            rows: vec![vec!["m".into(), "1234567890 requests".into()]],
        };
        assert_eq!(measure(&columns, &wide_number)[1].floor, 10);
    }
}
