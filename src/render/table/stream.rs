//! Long tables (the check-in timeline) laid out and drawn from rows visited again and
//! again instead of held: one visit measures the columns (once more per bar size a
//! layout asks for), one folds the columns the layout narrows to learn their drawn
//! widths (only when one is narrowed), one draws, a slice of rows at a time. The layout
//! and the bytes are those of [`TableRenderer::lay_out`] and [`TableRenderer::print`];
//! only the whole table's cells, texts and folded lines are never held at once.

use std::io::{self, Write};

use comfy_table::Table;

use super::cells::Styled;
use super::{TableRenderer, TableStyle};
use crate::render::columns::{self, Column, Row};
use crate::render::layout::{self, Give, Measure, Measuring};
use crate::render::sliced;

/// Rows visited one at a time, in order, as often as laying them out and drawing them
/// needs: `rows(each)` calls `each` on every row, and every call visits the same rows.
pub(super) type Rows<'a> = &'a (dyn Fn(&mut dyn FnMut(&Row<'_>)) + Sync);

/// What one visit of a table's rows found, its texts drawn with bars of `bar` cells: by
/// column (every column of the table), whether a row fills it ([`columns::fills`]), its
/// measure and its widest line as drawn unfolded (header included); how many rows; and
/// whether a row has a bar.
struct Scan {
    bar: usize,
    count: usize,
    filled: Vec<bool>,
    bars: bool,
    measures: Vec<Measure>,
    drawn: Vec<usize>,
}

/// A table laid out, ready to draw from its rows: the columns kept (`keep`, indexes into
/// the table's columns, and the columns themselves), their headers folded, the widths
/// their cells fold to and the widths they are drawn at, the bar size, how far text
/// gives way, whether the frame is tight, and how many rows there are.
pub(super) struct Fitted {
    keep: Vec<usize>,
    kept: Vec<Column>,
    headers: Vec<String>,
    widths: Vec<usize>,
    drawn: Vec<usize>,
    bar: usize,
    give: Give,
    tight: bool,
    count: usize,
}

impl TableRenderer {
    /// One visit of `rows` (of `columns`, headed `headers`) with bars of `bar` cells.
    fn scan(columns: &[Column], headers: &[String], rows: Rows<'_>, bar: usize) -> Scan {
        let all: Vec<usize> = (0..columns.len()).collect();
        let mut measuring = vec![Measuring::default(); columns.len()];
        let mut drawn = vec![0; columns.len()];
        let mut filled = vec![false; columns.len()];
        let mut bars = false;
        let mut count = 0;
        rows(&mut |row| {
            count += 1;
            for (i, cell) in row.cells.iter().enumerate() {
                filled[i] |= columns::fills(cell);
                bars |= matches!(
                    cell,
                    columns::Cell::Progress(Some(_)) | columns::Cell::Drives(Some(_))
                );
            }
            for (i, styled) in Self::styled_row(columns, &all, row, bar).iter().enumerate() {
                measuring[i].add(&columns[i], &styled.text);
                drawn[i] = drawn[i].max(sliced::cell_width(&styled.text));
            }
        });
        let measures = (0..columns.len())
            .map(|i| measuring[i].finish(&columns[i], &headers[i]))
            .collect();
        for (d, h) in drawn.iter_mut().zip(headers) {
            *d = (*d).max(sliced::cell_width(h));
        }
        Scan {
            bar,
            count,
            filled,
            bars,
            measures,
            drawn,
        }
    }

    /// The layout [`Self::lay_out`] chooses for the table of `columns` headed `headers`
    /// whose rows `rows` visits; `None` when nothing fits without the last resort.
    pub(super) fn fit(
        &self,
        columns: &[Column],
        headers: &[String],
        rows: Rows<'_>,
        last_resort: bool,
    ) -> Option<Fitted> {
        let first = Self::scan(columns, headers, rows, 10);
        let markdown = self.style == TableStyle::Markdown;
        let shown: Vec<usize> = (0..columns.len())
            .filter(|&i| !(markdown && columns[i].terminal_only))
            .filter(|&i| !columns[i].optional || first.filled[i])
            .collect();
        let shown_columns: Vec<Column> = shown.iter().map(|&i| columns[i]).collect();
        let bars = first.bars;
        let mut scans = vec![first];
        let candidates = Self::candidates(&shown_columns, last_resort);
        for (n, &(dropped, bar, give, tight)) in candidates.iter().enumerate() {
            let bar = if bars { bar } else { 10 };
            if !scans.iter().any(|s| s.bar == bar) {
                scans.push(Self::scan(columns, headers, rows, bar));
            }
            let scan = scans.iter().find(|s| s.bar == bar).expect("scanned above");
            let measures: Vec<Measure> = shown.iter().map(|&i| scan.measures[i]).collect();
            let Some((keep, widths)) = self.candidate(
                &shown_columns,
                &measures,
                (dropped, give, tight),
                // Nothing fits (ids wider than the terminal): the narrowest, forced.
                last_resort && n + 1 == candidates.len(),
            ) else {
                continue;
            };
            let keep: Vec<usize> = keep.iter().map(|&k| shown[k]).collect();
            return Some(Self::fitted(
                columns, headers, rows, scan, keep, widths, give, tight,
            ));
        }
        None
    }

    /// The [`Fitted`] of the columns `keep` at `widths` (their cells folded as `give`
    /// allows), drawn at each column's widest folded line: the scan's when nothing in the
    /// column folds, else from one more visit folding the columns that do.
    #[allow(clippy::too_many_arguments)]
    fn fitted(
        columns: &[Column],
        headers: &[String],
        rows: Rows<'_>,
        scan: &Scan,
        keep: Vec<usize>,
        widths: Vec<usize>,
        give: Give,
        tight: bool,
    ) -> Fitted {
        let kept: Vec<Column> = keep.iter().map(|&i| columns[i]).collect();
        let headers: Vec<String> = keep
            .iter()
            .zip(&kept)
            .zip(&widths)
            .map(|((&i, c), &w)| layout::fold(headers[i].clone(), c, w, give))
            .collect();
        let mut drawn: Vec<usize> = keep.iter().map(|&i| scan.drawn[i]).collect();
        // The columns narrower than their widest line: their cells fold.
        let folds: Vec<usize> = (0..keep.len())
            .filter(|&j| widths[j] < scan.measures[keep[j]].natural)
            .collect();
        if !folds.is_empty() {
            for &j in &folds {
                drawn[j] = sliced::cell_width(&headers[j]);
            }
            let folded: Vec<usize> = folds.iter().map(|&j| keep[j]).collect();
            rows(&mut |row| {
                let styled = Self::styled_row(columns, &folded, row, scan.bar);
                for (s, &j) in styled.into_iter().zip(&folds) {
                    let text = layout::fold(s.text, &kept[j], widths[j], give);
                    drawn[j] = drawn[j].max(sliced::cell_width(&text));
                }
            });
        }
        Fitted {
            keep,
            kept,
            headers,
            widths,
            drawn: drawn.into_iter().map(|w| w.max(1)).collect(),
            bar: scan.bar,
            give,
            tight,
            count: scan.count,
        }
    }

    /// Draws the table `fitted` laid out from `rows` (of `columns`), a slice of rows at a
    /// time ([`sliced::write_slice`]), without trailing spaces in the light style: the
    /// bytes of [`Self::print`]. With a second core, one thread makes each slice's
    /// comfy-table (cells styled and folded) while this one draws and writes the slice
    /// before it, in order.
    ///
    /// # Errors
    /// Those of writing to `out`.
    pub(super) fn draw(
        &self,
        out: &mut dyn Write,
        columns: &[Column],
        fitted: &Fitted,
        rows: Rows<'_>,
    ) -> io::Result<()> {
        let header_lines = fitted
            .headers
            .iter()
            .map(|h| h.split('\n').count())
            .max()
            .unwrap_or(1);
        let slices = sliced::slices(fitted.count);
        let look = sliced::Look {
            trim: self.style == TableStyle::Light,
            paint: self.color,
        };
        let mut n = 0;
        let mut write = |t: Table| {
            n += 1;
            sliced::write_slice(out, t, (n - 1, slices), &fitted.drawn, header_lines, look)
        };
        if std::thread::available_parallelism().map_or(1, usize::from) < 2 {
            let mut result = Ok(());
            self.make_slices(columns, fitted, rows, &mut |t| {
                if result.is_ok() {
                    result = write(t);
                }
                result.is_ok()
            });
            return result;
        }
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Table>(2);
            scope.spawn(move || {
                self.make_slices(columns, fitted, rows, &mut |t| tx.send(t).is_ok());
            });
            // Returning early drops `rx`: the maker then stops.
            for t in rx {
                write(t)?;
            }
            Ok(())
        })
    }

    /// The comfy-tables of [`Self::draw`]'s slices, in order, each handed to `take`
    /// (the header alone for a table without rows) until it returns false.
    fn make_slices(
        &self,
        columns: &[Column],
        fitted: &Fitted,
        rows: Rows<'_>,
        take: &mut dyn FnMut(Table) -> bool,
    ) {
        let mut pending: Vec<Vec<(String, Styled)>> = Vec::with_capacity(sliced::SLICE_ROWS);
        let mut going = true;
        let mut made = 0;
        let mut flush = |pending: &mut Vec<Vec<(String, Styled)>>| {
            take(self.slice(
                &fitted.headers,
                pending.drain(..).map(Vec::into_iter),
                &fitted.kept,
                fitted.tight,
            ))
        };
        rows(&mut |row| {
            if !going {
                return;
            }
            let cells = Self::styled_row(columns, &fitted.keep, row, fitted.bar)
                .into_iter()
                .enumerate()
                .map(|(j, mut s)| {
                    let text = std::mem::take(&mut s.text);
                    let text = layout::fold(text, &fitted.kept[j], fitted.widths[j], fitted.give);
                    (text, s)
                })
                .collect();
            pending.push(cells);
            if pending.len() == sliced::SLICE_ROWS {
                made += 1;
                going = flush(&mut pending);
            }
        });
        if going && (!pending.is_empty() || made == 0) {
            flush(&mut pending);
        }
    }
}
