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

    /// Check-in rows; a row rated against an older goal gets `*` after its progress.
    pub(super) fn timeline<'r>(
        &self,
        rows: impl ExactSizeIterator<Item = (&'r crate::analysis::history::LogRow, bool)>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        if rows.len() == 0 {
            return writeln!(out, "No check-ins match.");
        }
        let rows: Vec<Row> = rows
            .map(|(r, changed)| columns::checkin(r, changed))
            .collect();
        let headers = headers(&columns::TIMELINE, None);
        if let Some(t) = self.lay_out(&columns::TIMELINE, &headers, &rows, false) {
            return self.print(out, t);
        }
        let width = self.width.map_or(usize::MAX, usize::from);
        // Too narrow for a note column: the notes go under the table, each after its
        // check-in's date and measure, so nothing is lost and nothing overflows.
        let mut notes = Vec::new();
        let bare: Vec<Row> = rows
            .into_iter()
            .map(|mut row| {
                let note =
                    std::mem::replace(&mut row.cells[columns::TIMELINE_NOTE], columns::Cell::Empty);
                let text = note.plain();
                if !text.is_empty() {
                    notes.push(format!(
                        "{} {}: {}",
                        row.cells[0].plain(),
                        row.cells[2].plain(),
                        clip(&text, PROSE_CHARS)
                    ));
                }
                row
            })
            .collect();
        self.print(out, self.grid(&columns::TIMELINE, None, bare))?;
        if !notes.is_empty() {
            writeln!(out, "\nNotes")?;
            for note in notes {
                let folded = textwrap::fill(
                    &note,
                    textwrap::Options::new(width.max(8))
                        .initial_indent("  ")
                        .subsequent_indent("    ")
                        .word_splitter(textwrap::WordSplitter::NoHyphenation),
                );
                writeln!(out, "{folded}")?;
            }
        }
        Ok(())
    }
}
