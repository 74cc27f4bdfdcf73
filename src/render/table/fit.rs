//! A report table fitted to the terminal's width: the layouts of [`crate::render::layout`]
//! tried widest first over the table's measured columns, the chosen one drawn by
//! comfy-table with its cells folded and styled.

use comfy_table::{CellAlignment, Table};

use super::cells::Styled;
use super::{TableRenderer, TableStyle};
use crate::render::columns::{self, Column, Level, Row};
use crate::render::layout::{self, Give, Texts};

/// A table's texts with bars of `bar` cells, their styles, and its columns' widths.
struct Measured {
    bar: usize,
    texts: Texts,
    styles: Vec<Vec<Styled>>,
    widths: Vec<layout::Measure>,
}

impl TableRenderer {
    /// A table of `columns` (those [`columns::shown`] keeps) fitted to the width (see
    /// [`crate::render::layout`]); `first_header` replaces the first header when the table's groups
    /// are rows of it.
    pub(super) fn grid<'r>(
        &self,
        columns: &[Column],
        first_header: Option<&str>,
        rows: impl IntoIterator<Item = Row<'r>>,
    ) -> Table {
        let rows: Vec<Row> = rows.into_iter().collect();
        let headers = headers(columns, first_header);
        self.lay_out(columns, &headers, &rows, true)
            .expect("the last layout is forced")
    }

    /// The table of [`Self::grid`], laid out from its columns' measured widths: the first
    /// layout of the ladder in [`crate::render::layout`] that fits. Without `last_resort` the
    /// ladder stops before the last-resort columns go and values break inside words, and
    /// `None` says nothing fitted (a check-in timeline then moves its notes under it).
    pub(super) fn lay_out(
        &self,
        columns: &[Column],
        headers: &[String],
        rows: &[Row<'_>],
        last_resort: bool,
    ) -> Option<Table> {
        let shown = columns::shown(columns, rows, self.style == TableStyle::Markdown);
        let shown_columns: Vec<Column> = shown.iter().map(|&i| columns[i]).collect();
        let width = self.width.map(usize::from);
        // The layouts to try, widest first: every column, then without each droppable
        // column in turn, then shorter bars, then values folded, then (last resort)
        // without the last-resort columns, then values broken inside words.
        let mut drops: Vec<u8> = shown_columns.iter().filter_map(|c| c.drop).collect();
        drops.sort_unstable();
        drops.dedup();
        let early = drops
            .iter()
            .filter(|&&d| d < columns::LAST_RESORT_DROP)
            .count();
        let mut candidates: Vec<(usize, usize, Give, bool)> =
            (0..=early).map(|n| (n, 10, Give::Text, false)).collect();
        candidates.extend([
            (early, 5, Give::Text, false),
            (early, 5, Give::Values, false),
            (early, 0, Give::Values, false),
        ]);
        if last_resort {
            candidates.extend((early + 1..=drops.len()).map(|n| (n, 0, Give::Values, false)));
            candidates.push((drops.len(), 0, Give::Break, false));
            candidates.push((drops.len(), 0, Give::Break, true));
        }
        // Texts and measures, once per bar size that a candidate asks for (once in all
        // for a table without bars).
        let bars = rows.iter().any(|r| {
            r.cells.iter().any(|c| {
                matches!(
                    c,
                    columns::Cell::Progress(Some(_)) | columns::Cell::Drives(Some(_))
                )
            })
        });
        let mut by_bar: Vec<Measured> = Vec::new();
        let count = candidates.len();
        for (n, &(dropped, bar, give, tight)) in candidates.iter().enumerate() {
            let frame = self.style.frame(tight);
            let bar = if bars { bar } else { 10 };
            if !by_bar.iter().any(|m| m.bar == bar) {
                let (texts, styles) = Self::texts(columns, &shown, headers, rows, bar);
                let widths = layout::measure(&shown_columns, &texts);
                by_bar.push(Measured {
                    bar,
                    texts,
                    styles,
                    widths,
                });
            }
            let Measured {
                texts,
                styles,
                widths: measures,
                ..
            } = by_bar
                .iter()
                .find(|m| m.bar == bar)
                .expect("measured above");
            let keep: Vec<usize> = (0..shown_columns.len())
                .filter(|&k| {
                    shown_columns[k]
                        .drop
                        .is_none_or(|d| !drops[..dropped].contains(&d))
                })
                .collect();
            // Nothing fits (ids wider than the terminal): the narrowest, forced.
            let force = last_resort && n + 1 == count;
            let Some(widths) =
                layout::widths(&shown_columns, measures, &keep, width, frame, give, force)
            else {
                continue;
            };
            let folded =
                |text: &str, j: usize| layout::fold(text, &shown_columns[keep[j]], widths[j], give);
            let mut t = self.table();
            t.set_header(keep.iter().enumerate().map(|(j, &k)| {
                self.comfy(
                    &Styled {
                        bold: true,
                        ..Styled::default()
                    },
                    folded(&texts.headers[k], j),
                )
            }));
            for (cells, styles) in texts.rows.iter().zip(styles) {
                t.add_row(
                    keep.iter()
                        .enumerate()
                        .map(|(j, &k)| self.comfy(&styles[k], folded(&cells[k], j))),
                );
            }
            let kept: Vec<Column> = keep.iter().map(|&k| shown_columns[k]).collect();
            self.finish(&mut t, &kept, tight);
            return Some(t);
        }
        None
    }

    /// Right alignment and padding: in the light style two spaces between columns (one
    /// when `tight`) and none at either edge; borders padded by a space (none when
    /// `tight`).
    fn finish(&self, t: &mut Table, kept: &[Column], tight: bool) {
        align(t, &columns::right_aligned(kept), CellAlignment::Right);
        let last = kept.len().saturating_sub(1);
        for c in 0..kept.len() {
            let padding = match self.style {
                TableStyle::Light if c == last => (0, 0),
                TableStyle::Light => (0, if tight { 1 } else { 2 }),
                TableStyle::Boxed | TableStyle::Markdown if tight => (0, 0),
                TableStyle::Boxed | TableStyle::Markdown => continue,
            };
            if let Some(col) = t.column_mut(c) {
                col.set_padding(padding);
            }
        }
    }

    /// The headers and cell texts of the columns `keep`, with bars of `bar` cells, and
    /// each cell's style.
    fn texts(
        columns: &[Column],
        keep: &[usize],
        headers: &[String],
        rows: &[Row<'_>],
        bar: usize,
    ) -> (Texts, Vec<Vec<Styled>>) {
        let headers = keep.iter().map(|&i| headers[i].clone()).collect();
        let mut texts = Vec::with_capacity(rows.len());
        let mut styles = Vec::with_capacity(rows.len());
        for row in rows {
            debug_assert_eq!(row.cells.len(), columns.len(), "one cell per column");
            // A bar takes the colour of its row's status.
            let status = row.cells.iter().find_map(|c| match c {
                columns::Cell::Status(s) | columns::Cell::Flagged { status: s, .. } => Some(*s),
                _ => None,
            });
            let cells: Vec<Styled> = keep
                .iter()
                .map(|&i| Self::cell(row.level, row.depth, &row.cells[i], bar, status))
                .collect();
            texts.push(cells.iter().map(|c| c.text.clone()).collect());
            styles.push(cells);
        }
        (
            Texts {
                headers,
                rows: texts,
            },
            styles,
        )
    }
}

/// The headers of `columns`, the first replaced by `first` when given.
pub(super) fn headers(columns: &[Column], first: Option<&str>) -> Vec<String> {
    columns
        .iter()
        .enumerate()
        .map(|(n, c)| match first {
            Some(first) if n == 0 => first.to_string(),
            _ => c.header.to_string(),
        })
        .collect()
}

impl TableRenderer {
    /// A table of plain text (the review packet's and `diff`'s): `header` and `rows` of
    /// already-worded cells, in this renderer's style, fitted to its width like every
    /// report table, each column as [`columns::outline_column`] says.
    pub(crate) fn plain_table(&self, header: &[String], rows: &[Vec<String>]) -> Table {
        let columns: Vec<Column> = header
            .iter()
            .enumerate()
            .map(|(c, h)| columns::outline_column(h, c == 0))
            .collect();
        let rows: Vec<Row> = rows
            .iter()
            .map(|cells| Row {
                level: Level::Item,
                depth: 0,
                cells: cells
                    .iter()
                    .map(|c| columns::Cell::Word(c.clone()))
                    .collect(),
            })
            .collect();
        self.lay_out(&columns, header, &rows, true)
            .expect("the last layout is forced")
    }
}

fn align(t: &mut Table, columns: &[usize], alignment: CellAlignment) {
    for &c in columns {
        if let Some(col) = t.column_mut(c) {
            col.set_cell_alignment(alignment);
        }
    }
}
