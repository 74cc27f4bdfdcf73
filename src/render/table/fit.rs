//! A report table fitted to the terminal's width: the layouts of [`crate::render::layout`]
//! tried widest first over the table's measured columns (arithmetic only, no candidate
//! table is drawn), the chosen one's cells folded once, then drawn by comfy-table a slice
//! of rows at a time at the whole table's column widths and written as drawn.

use std::io::{self, Write};

use comfy_table::{CellAlignment, Table};

use super::cells::Styled;
use super::{TableRenderer, TableStyle};
use crate::render::columns::{self, Column, Level, Row};
use crate::render::layout::{self, Give, Texts};
use crate::render::sliced;

/// A table's texts with bars of `bar` cells, their looks (each [`Styled`] without its text,
/// which is in `texts`), and its columns' widths.
struct Measured {
    bar: usize,
    texts: Texts,
    styles: Vec<Vec<Styled>>,
    widths: Vec<layout::Measure>,
}

/// A table laid out and folded, ready to draw: the columns kept, their headers and
/// cells folded to the chosen widths, each cell's look, and each column's width in
/// display cells (its widest folded line, at least 1, as comfy-table measures it).
pub(crate) struct Grid {
    kept: Vec<Column>,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    styles: Vec<Vec<Styled>>,
    widths: Vec<usize>,
    tight: bool,
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
    ) -> Grid {
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
    ) -> Option<Grid> {
        let shown = columns::shown(columns, rows, self.style == TableStyle::Markdown);
        let shown_columns: Vec<Column> = shown.iter().map(|&i| columns[i]).collect();
        let candidates = Self::candidates(&shown_columns, last_resort);
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
            let at = by_bar
                .iter()
                .position(|m| m.bar == bar)
                .expect("measured above");
            // Nothing fits (ids wider than the terminal): the narrowest, forced.
            let force = last_resort && n + 1 == count;
            let Some((keep, widths)) = self.candidate(
                &shown_columns,
                &by_bar[at].widths,
                (dropped, give, tight),
                force,
            ) else {
                continue;
            };
            let measured = by_bar.swap_remove(at);
            return Some(fold_grid(
                &shown_columns,
                measured,
                &keep,
                &widths,
                give,
                tight,
            ));
        }
        None
    }

    /// The layouts to try for a table of `shown` columns, widest first, each as (how
    /// many drop levels go, bar cells, how far text gives way, tight frame): every
    /// column, then without each droppable column in turn, then shorter bars, then values
    /// folded, then (only with `last_resort`) without the last-resort columns, then values
    /// broken inside words.
    pub(super) fn candidates(
        shown: &[Column],
        last_resort: bool,
    ) -> Vec<(usize, usize, Give, bool)> {
        let drops = drops(shown);
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
        candidates
    }

    /// The columns kept (indexes into `shown`) and their widths in one candidate layout
    /// (`dropped` drop levels gone, text giving way as far as `give`, a `tight` frame)
    /// over the columns' `measures`; `None` when it does not fit, unless `force`.
    pub(super) fn candidate(
        &self,
        shown: &[Column],
        measures: &[layout::Measure],
        (dropped, give, tight): (usize, Give, bool),
        force: bool,
    ) -> Option<(Vec<usize>, Vec<usize>)> {
        let drops = drops(shown);
        let keep: Vec<usize> = (0..shown.len())
            .filter(|&k| shown[k].drop.is_none_or(|d| !drops[..dropped].contains(&d)))
            .collect();
        let widths = layout::widths(
            shown,
            measures,
            &keep,
            self.width.map(usize::from),
            self.style.frame(tight),
            give,
            force,
        )?;
        Some((keep, widths))
    }

    /// Writes `grid` as comfy-table draws it, a slice of rows at a time at the grid's
    /// column widths ([`sliced::write`]), without trailing spaces in the light style.
    pub(super) fn print(&self, out: &mut dyn Write, grid: Grid) -> io::Result<()> {
        let header_lines = grid
            .headers
            .iter()
            .map(|h| h.split('\n').count())
            .max()
            .unwrap_or(1);
        let count = grid.rows.len();
        let slices = sliced::slices(count);
        let look = sliced::Look {
            trim: self.style == TableStyle::Light,
            paint: self.color,
        };
        let Grid {
            kept,
            headers,
            rows,
            styles,
            widths,
            tight,
        } = grid;
        let mut rows = rows.into_iter().zip(styles);
        let mut make = move || {
            self.slice(
                &headers,
                rows.by_ref()
                    .take(sliced::SLICE_ROWS)
                    .map(|(cells, styles)| cells.into_iter().zip(styles)),
                &kept,
                tight,
            )
        };
        // A long table with a second core: one thread makes each slice's comfy-table
        // while this one draws and writes the slice before it, in order.
        if slices < 2 || std::thread::available_parallelism().map_or(1, usize::from) < 2 {
            for n in 0..slices {
                sliced::write_slice(out, make(), (n, slices), &widths, header_lines, look)?;
            }
            return Ok(());
        }
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Table>(2);
            scope.spawn(move || {
                for _ in 0..slices {
                    if tx.send(make()).is_err() {
                        break;
                    }
                }
            });
            // Returning early drops `rx`: the maker then stops.
            for (n, t) in rx.into_iter().enumerate() {
                sliced::write_slice(out, t, (n, slices), &widths, header_lines, look)?;
            }
            Ok(())
        })
    }

    /// The comfy-table of `headers` (bold) and `rows` (each a row's folded texts with
    /// their looks), its columns `kept`, finished as [`Self::finish`] says.
    pub(super) fn slice(
        &self,
        headers: &[String],
        rows: impl Iterator<Item = impl Iterator<Item = (String, Styled)>>,
        kept: &[Column],
        tight: bool,
    ) -> Table {
        let header_style = Styled {
            bold: true,
            ..Styled::default()
        };
        let mut t = self.table();
        t.set_header(headers.iter().map(|h| self.comfy(&header_style, h.clone())));
        for cells in rows {
            t.add_row(cells.map(|(text, styled)| self.comfy(&styled, text)));
        }
        self.finish(&mut t, kept, tight);
        t
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

    /// How the cells of `row` (of `columns`) in the columns `keep` look, with bars of
    /// `bar` cells in the colour of the row's status.
    pub(super) fn styled_row(
        columns: &[Column],
        keep: &[usize],
        row: &Row<'_>,
        bar: usize,
    ) -> Vec<Styled> {
        debug_assert_eq!(row.cells.len(), columns.len(), "one cell per column");
        // A bar takes the colour of its row's status.
        let status = row.cells.iter().find_map(|c| match c {
            columns::Cell::Status(s) | columns::Cell::Flagged { status: s, .. } => Some(*s),
            _ => None,
        });
        keep.iter()
            .map(|&i| Self::cell(row.level, row.depth, &row.cells[i], bar, status))
            .collect()
    }

    /// The headers and cell texts of the columns `keep`, with bars of `bar` cells, and
    /// each cell's look (its text moved to the texts).
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
            let mut cells = Self::styled_row(columns, keep, row, bar);
            texts.push(
                cells
                    .iter_mut()
                    .map(|c| std::mem::take(&mut c.text))
                    .collect(),
            );
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

/// The grid of the columns `keep` of `measured` (whose columns are `columns`), each cell
/// folded once to its column's width in `widths` as `give` allows.
fn fold_grid(
    columns: &[Column],
    measured: Measured,
    keep: &[usize],
    widths: &[usize],
    give: Give,
    tight: bool,
) -> Grid {
    let Measured { texts, styles, .. } = measured;
    let fold = |text: String, j: usize| layout::fold(text, &columns[keep[j]], widths[j], give);
    let Texts {
        mut headers,
        rows: cells,
    } = texts;
    let headers: Vec<String> = (0..keep.len())
        .map(|j| fold(std::mem::take(&mut headers[keep[j]]), j))
        .collect();
    let mut drawn: Vec<usize> = headers.iter().map(|h| sliced::cell_width(h)).collect();
    let mut rows = Vec::with_capacity(cells.len());
    let mut looks = Vec::with_capacity(styles.len());
    for (mut cells, mut styles) in cells.into_iter().zip(styles) {
        let folded: Vec<String> = (0..keep.len())
            .map(|j| {
                let text = fold(std::mem::take(&mut cells[keep[j]]), j);
                drawn[j] = drawn[j].max(sliced::cell_width(&text));
                text
            })
            .collect();
        rows.push(folded);
        looks.push(
            keep.iter()
                .map(|&k| std::mem::take(&mut styles[k]))
                .collect(),
        );
    }
    Grid {
        kept: keep.iter().map(|&k| columns[k]).collect(),
        headers,
        rows,
        styles: looks,
        widths: drawn.into_iter().map(|w| w.max(1)).collect(),
        tight,
    }
}

/// The drop levels of `columns`, in the order they go.
fn drops(columns: &[Column]) -> Vec<u8> {
    let mut drops: Vec<u8> = columns.iter().filter_map(|c| c.drop).collect();
    drops.sort_unstable();
    drops.dedup();
    drops
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
    pub(crate) fn plain_table(&self, header: &[String], rows: &[Vec<String>]) -> Grid {
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
