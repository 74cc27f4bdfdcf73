//! The check-in timeline in the terminal (`log`, and the history under `show`): one row
//! per check-in, its notes moved under the table when the terminal is too narrow for them.

use std::io::{self, Write};

use super::TableRenderer;
use super::fit::headers;
use crate::render::columns::{self, Row};
use crate::render::text::{PROSE_CHARS, clip};

impl TableRenderer {
    /// The `log` timeline: one row per check-in.
    pub fn render_log(
        &self,
        rows: &[crate::analysis::history::LogRow],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        self.timeline(rows.iter().map(|r| (r, false)), out)
    }

    /// Check-in rows; a row rated against an older goal gets `*` after its progress. The
    /// rows are visited as often as the layout needs ([`super::stream`]), never held as
    /// cells.
    pub(super) fn timeline<'r>(
        &self,
        rows: impl ExactSizeIterator<Item = (&'r crate::analysis::history::LogRow, bool)> + Clone + Sync,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        if rows.len() == 0 {
            return writeln!(out, "No check-ins match.");
        }
        let headers = headers(&columns::TIMELINE, None);
        let all = |each: &mut dyn FnMut(&Row<'_>)| {
            for (r, changed) in rows.clone() {
                each(&columns::checkin(r, changed));
            }
        };
        if let Some(fitted) = self.fit(&columns::TIMELINE, &headers, &all, false) {
            return self.draw(out, &columns::TIMELINE, &fitted, &all);
        }
        let width = self.width.map_or(usize::MAX, usize::from);
        // Too narrow for a note column: the notes go under the table, each after its
        // check-in's date and measure, so nothing is lost and nothing overflows.
        let bare = |each: &mut dyn FnMut(&Row<'_>)| {
            for (r, changed) in rows.clone() {
                let mut row = columns::checkin(r, changed);
                row.cells[columns::TIMELINE_NOTE] = columns::Cell::Empty;
                each(&row);
            }
        };
        let fitted = self
            .fit(&columns::TIMELINE, &headers, &bare, true)
            .expect("the last layout is forced");
        self.draw(out, &columns::TIMELINE, &fitted, &bare)?;
        let mut noted = false;
        for (r, changed) in rows {
            let row = columns::checkin(r, changed);
            let text = row.cells[columns::TIMELINE_NOTE].plain();
            if text.is_empty() {
                continue;
            }
            if !noted {
                writeln!(out, "\nNotes")?;
                noted = true;
            }
            let note = format!(
                "{} {}: {}",
                row.cells[0].plain(),
                row.cells[2].plain(),
                clip(&text, PROSE_CHARS)
            );
            let folded = textwrap::fill(
                &note,
                textwrap::Options::new(width.max(8))
                    .initial_indent("  ")
                    .subsequent_indent("    ")
                    .word_splitter(textwrap::WordSplitter::NoHyphenation),
            );
            writeln!(out, "{folded}")?;
        }
        Ok(())
    }
}
