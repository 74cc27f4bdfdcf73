//! `show` in the terminal: the entity's heading, its fields and relations in two aligned
//! columns (values folded under their own column), its recorded changes and its check-in
//! history.

use std::io::{self, Write};

use super::TableRenderer;
use crate::text::sanitize;

impl TableRenderer {
    /// `show`: the entity's fields, its relations, and its check-in history.
    pub fn render_show(
        &self,
        shown: &crate::analysis::show::Shown,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        use crate::render::show::{TARGET_CHANGED_NOTE, fields, heading, history_values, related};
        let (kind, id, title) = heading(shown);
        let first = format!("{kind} {} — {}", sanitize(&id), sanitize(&title));
        match self.width {
            Some(w) => writeln!(
                out,
                "{}",
                crate::render::layout::fold_text(&first, w.into())
            )?,
            None => writeln!(out, "{first}")?,
        }
        let fields = fields(shown);
        let related = related(shown);
        let width = fields
            .iter()
            .map(|(k, _)| k.chars().count())
            .chain(related.iter().map(|(k, _)| k.chars().count()))
            .max()
            .unwrap_or(0);
        // Values fold to the terminal under their own column.
        let hang = width + 4;
        let value = |text: &str| match self.width {
            Some(w) => crate::render::layout::fold_text(
                &sanitize(text),
                usize::from(w).saturating_sub(hang),
            )
            .replace('\n', &format!("\n{}", " ".repeat(hang))),
            None => sanitize(text),
        };
        for (label, text) in &fields {
            writeln!(out, "  {label:<width$}  {}", value(text))?;
        }
        for (label, items) in &related {
            let mut items = items.iter();
            match items.next() {
                None => writeln!(out, "  {label:<width$}  —")?,
                Some(first) => {
                    writeln!(out, "  {label:<width$}  {}", value(first))?;
                    for item in items {
                        writeln!(out, "  {:<width$}  {}", "", value(item))?;
                    }
                }
            }
        }
        let changes = crate::render::show::changes(shown);
        if !changes.is_empty() {
            writeln!(out, "\nRecorded changes")?;
            for (date, by, change, reason) in changes {
                let line = format!(
                    "{date}  {change}, by {}: {}",
                    sanitize(&by),
                    sanitize(&reason)
                );
                match self.width {
                    Some(w) => {
                        let folded = textwrap::fill(
                            &line,
                            textwrap::Options::new(usize::from(w).max(8))
                                .initial_indent("  ")
                                .subsequent_indent("              ")
                                .word_splitter(textwrap::WordSplitter::NoHyphenation),
                        );
                        writeln!(out, "{folded}")?;
                    }
                    None => writeln!(out, "  {line}")?,
                }
            }
        }
        if let Some(history) = &shown.history {
            let values = history_values(shown);
            if values.is_empty() {
                writeln!(out, "\nCheck-ins")?;
            } else {
                writeln!(
                    out,
                    "\nCheck-ins {}",
                    crate::render::text::sparkline(&values)
                )?;
            }
            self.timeline(history.iter().map(|h| (&h.row, h.target_changed)), out)?;
            if history.iter().any(|h| h.target_changed) {
                writeln!(out, "{}", self.fold_line(TARGET_CHANGED_NOTE))?;
            }
        }
        Ok(())
    }
}
