//! How a report cell looks in the terminal: its text (ids above titles, bars beside
//! percentages, statuses as glyph and word) and, when colour is asked for, its colour,
//! bold or dim, carried through comfy-table's layout as marks of no width.

use comfy_table::{Cell, Color};

use super::{TableRenderer, name, opt};
use crate::analysis::report::{BetRow, Status, Trend};
use crate::plan::model::{BetStatus, ObjectiveKind};
use crate::render::columns::{self, Level};
use crate::render::text::{MAX_INDENT, PROSE_CHARS, bar, clip, status_label};
use crate::text::percent;
use crate::text::variant;

/// A cell's text and how it looks: the layout measures and folds the text, comfy-table
/// draws it with the style.
#[derive(Debug, Clone, Default)]
pub(super) struct Styled {
    pub(super) text: String,
    pub(super) fg: Option<Color>,
    pub(super) bold: bool,
    pub(super) dim: bool,
}

impl Styled {
    fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }
}

/// A status's colour: the normal (not bright) colours only, so they read on light and dark
/// backgrounds; done (cyan) and on track (green) differ. `None`: dim.
pub(super) fn status_color(s: Status) -> Option<Color> {
    match s {
        Status::Done => Some(Color::DarkCyan),
        Status::Ok | Status::OnTrack => Some(Color::DarkGreen),
        Status::AtRisk => Some(Color::DarkYellow),
        Status::OffTrack | Status::Breach => Some(Color::DarkRed),
        Status::NoData | Status::Tracking | Status::NotStarted | Status::Draft => None,
    }
}

/// The SGR code of a colour (the eight normal colours only): `None` is dim.
pub(super) fn sgr(color: Option<Color>) -> &'static str {
    match color {
        Some(Color::DarkRed) => "31",
        Some(Color::DarkGreen) => "32",
        Some(Color::DarkYellow) => "33",
        Some(Color::DarkBlue) => "34",
        Some(Color::DarkMagenta) => "35",
        Some(Color::DarkCyan) => "36",
        _ => "2",
    }
}

impl TableRenderer {
    /// A comfy-table cell of `text` in `styled`'s look. Colour is the SGR codes of the
    /// eight normal colours (30–37), bold (1) and dim (2), on each line, carried through
    /// comfy-table's layout as marks of no width and painted in the drawn lines
    /// ([`crate::render::marks`]); crossterm's own colours would be 256-colour codes
    /// (`38;5;2`).
    pub(super) fn comfy(&self, styled: &Styled, text: String) -> Cell {
        if !self.color {
            return Cell::new_owned(text);
        }
        let mut codes: Vec<&str> = Vec::new();
        if styled.bold {
            codes.push("1");
        }
        if styled.dim {
            codes.push("2");
        }
        if let Some(fg) = styled.fg {
            codes.push(sgr(Some(fg)));
        }
        if codes.is_empty() {
            return Cell::new_owned(text);
        }
        Cell::new_owned(crate::render::marks::marked(&text, &codes))
    }

    fn status_styled(s: Status, text: String) -> Styled {
        Styled {
            text,
            fg: status_color(s),
            dim: status_color(s).is_none(),
            ..Styled::default()
        }
    }

    /// How a cell looks in the terminal: ids above titles, indented by level; bars of
    /// `bar` cells beside percentages, in the colour of the row's `status`; statuses in
    /// colour when asked for, with their flags (`stale`, `overdue`) after them.
    pub(super) fn cell(
        level: Level,
        depth: usize,
        cell: &columns::Cell,
        bar: usize,
        status: Option<Status>,
    ) -> Styled {
        use columns::Cell as C;
        // A child objective hangs under its parent (`└ `, two cells a level, at most
        // [`MAX_INDENT`] levels shown), its key results under it.
        let tree = "  ".repeat(depth.min(MAX_INDENT));
        let (mark, hang) = if depth > 0 { ("└ ", "  ") } else { ("", "") };
        match cell {
            C::Label { id, title } => match level {
                Level::Pillar => Styled {
                    bold: true,
                    ..Styled::plain(format!("{} — {}", name(id), name(title)))
                },
                Level::KeyResult => Styled::plain(format!(
                    "    {tree}{hang}{}\n    {tree}{hang}{}",
                    name(id),
                    name(title)
                )),
                Level::Objective | Level::Item => {
                    Styled::plain(format!("{}\n{}", name(id), name(title)))
                }
            },
            C::Objective(o) => {
                let kind = match o.kind {
                    ObjectiveKind::Aspirational => " (aspirational)",
                    ObjectiveKind::Committed => "",
                };
                Styled::plain(format!(
                    "  {tree}{mark}{}{kind}\n  {tree}{hang}{} · {}",
                    name(&o.id),
                    name(&o.title),
                    opt(crate::render::text::owners(&o.owners).as_deref())
                ))
            }
            C::Progress(Some(v)) => {
                let styled = Styled::plain(progress(*v, bar));
                match status {
                    Some(s) => Styled {
                        fg: status_color(s),
                        ..styled
                    },
                    None => styled,
                }
            }
            C::Drives(d) => match d {
                None => Styled::plain("—"),
                Some((p, s)) => {
                    Self::status_styled(*s, format!("{} {}", progress(*p, bar), status_label(*s)))
                }
            },
            C::Change(Some(change)) if *change == 0.0 => Styled::plain("±0"),
            C::Status(s) => Self::status_styled(*s, status_label(*s)),
            C::Flagged { status, .. } => Self::status_styled(*status, cell.plain()),
            C::Current(_, _, trend) => {
                let arrow = match trend {
                    Some(Trend::Up) => " ↑",
                    Some(Trend::Down) => " ↓",
                    Some(Trend::Flat) => " →",
                    None => "",
                };
                Styled::plain(format!("{}{arrow}", cell.plain()))
            }
            C::Bet(b) => bet_status_styled(b),
            C::DecideBy(b) => Styled::plain(match (b.decide_by, b.days_to_decision) {
                (Some(d), Some(days)) if days < 0 => format!("{d} ({} days ago)", -days),
                (Some(d), Some(days)) => format!("{d} (in {days} days)"),
                (Some(d), None) => d.to_string(),
                (None, _) => "—".into(),
            }),
            // User text (owners, notes, lists of ids) and words: prose-sized at most
            // (clipped where they are, without a copy of their plain text first).
            C::Text(Some(text)) | C::Note(Some(text)) => Styled::plain(clip(text, PROSE_CHARS)),
            C::Word(word) => Styled::plain(clip(word, PROSE_CHARS)),
            other => Styled::plain(clip(&other.plain(), PROSE_CHARS)),
        }
    }
}

/// Progress as a bar of `cells` cells and a percentage (`██░░░ 40%`); the percentage alone
/// without cells.
fn progress(v: f64, cells: usize) -> String {
    if cells == 0 {
        return percent(v);
    }
    format!("{} {}", progress_bar(v, cells), percent(v))
}

/// A bar of `cells` cells (10, 5 or 0) for `progress`: the ten-cell bar sampled down;
/// empty for none.
pub(super) fn progress_bar(progress: f64, cells: usize) -> String {
    if cells == 0 {
        return String::new();
    }
    bar(progress)
        .chars()
        .step_by(10 / cells)
        .take(cells)
        .collect()
}

fn bet_status_styled(b: &BetRow) -> Styled {
    let mut status = match (b.status, b.decided) {
        (s, Some(d)) if s.is_decided() => format!("{} {d}", variant(&s)),
        (s, _) => variant(&s),
    };
    if !b.status.is_decided() {
        status.push_str(&crate::render::columns::criteria_note(b, "\n"));
    }
    if b.overdue {
        status.push_str(" · overdue");
    }
    let styled = Styled::plain(status);
    match b.status {
        _ if b.overdue => Styled {
            fg: Some(Color::DarkRed),
            bold: true,
            ..styled
        },
        BetStatus::Validated => Styled {
            fg: Some(Color::DarkGreen),
            ..styled
        },
        BetStatus::Invalidated | BetStatus::Killed => Styled {
            dim: true,
            ..styled
        },
        _ => styled,
    }
}
