//! Long tables drawn a slice of rows at a time: comfy-table draws each slice at the
//! whole table's column widths, fixed in advance, and its lines are written as they are
//! drawn, so a table of 60,000 check-ins is never held whole as cells and lines. The
//! header (and the border above it) is written with the first slice only, the border
//! below with the last only: byte for byte the table drawn whole.

use std::io::{self, Write};

use comfy_table::{ColumnConstraint, LineStyle, Table, Width};

/// How many rows each slice holds.
pub(crate) const SLICE_ROWS: usize = 256;

/// The width comfy-table gives a cell of `text` (no colour codes in it): its widest line
/// split at `\n`, in display cells.
#[must_use]
pub(crate) fn cell_width(text: &str) -> usize {
    text.split('\n')
        .map(super::layout::width)
        .max()
        .unwrap_or(0)
}

/// Writes a table of `rows` rows in slices of [`SLICE_ROWS`]: `slice(from, to)` returns
/// the table of the header and rows `from..to`, already styled; its columns get `widths`
/// (each column's widest line over the whole table, header included, in display cells;
/// 1 at the least); `header_lines` is how many lines the header takes. Each line is
/// written with its newline, its trailing spaces trimmed when `trim`. (No colour: the
/// cells carry no marks of [`super::marks`].)
///
/// # Errors
/// Those of writing to `out`.
pub(crate) fn write(
    out: &mut dyn Write,
    rows: usize,
    widths: &[usize],
    header_lines: usize,
    trim: bool,
    mut slice: impl FnMut(usize, usize) -> Table,
) -> io::Result<()> {
    let slices = slices(rows);
    for n in 0..slices {
        let t = slice(n * SLICE_ROWS, ((n + 1) * SLICE_ROWS).min(rows));
        let look = Look { trim, paint: false };
        write_slice(out, t, (n, slices), widths, header_lines, look)?;
    }
    Ok(())
}

/// How many slices a table of `rows` rows is drawn in (one at the least: the header).
#[must_use]
pub(crate) fn slices(rows: usize) -> usize {
    rows.div_ceil(SLICE_ROWS).max(1)
}

/// How the lines of a drawn slice are written: trailing spaces trimmed (`trim`), colour
/// marks painted as SGR codes (`paint`, [`super::marks::paint`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Look {
    pub(crate) trim: bool,
    pub(crate) paint: bool,
}

/// Writes slice `n` of `slices` (`at` is `(n, slices)`) as [`write`] does, `t` being the
/// table of the header and that slice's rows (each a table of [`SLICE_ROWS`] rows but the
/// last), its lines written as `look` says.
///
/// # Errors
/// Those of writing to `out`.
pub(crate) fn write_slice(
    out: &mut dyn Write,
    mut t: Table,
    (n, slices): (usize, usize),
    widths: &[usize],
    header_lines: usize,
    look: Look,
) -> io::Result<()> {
    for (c, &w) in widths.iter().enumerate() {
        if let Some(col) = t.column_mut(c) {
            let fixed = u16::try_from(w.max(1))
                .unwrap_or(u16::MAX)
                .saturating_add(col.padding_width());
            col.set_constraint(ColumnConstraint::Absolute(Width::Fixed(fixed)));
        }
    }
    let style = t.style();
    let top = usize::from(style.top_border != LineStyle::none());
    let separator = usize::from(style.header_separator != LineStyle::none());
    let bottom = style.bottom_border != LineStyle::none();
    let skip = if n == 0 {
        0
    } else {
        top + header_lines + separator
    };
    let mut lines = t.lines().skip(skip).peekable();
    while let Some(line) = lines.next() {
        if bottom && n + 1 < slices && lines.peek().is_none() {
            break;
        }
        let line = if look.trim { line.trim_end() } else { &line };
        if look.paint {
            writeln!(out, "{}", super::marks::paint(line))?;
        } else {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}
