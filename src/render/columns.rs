//! The report tables' columns, defined once for the terminal and Markdown renderers
//! (hyperfine's `export/markup.rs` idea). For each table this module says which columns
//! there are (header, alignment, whether free text may wrap, whether only the terminal
//! shows it, whether it shows only when filled) and, with [`shown`], which of them a table
//! shows, and what each row holds, as typed [`Cell`]s read from the report. A renderer
//! decides only how a cell looks: colour, bars and line breaks in the terminal, emphasis
//! and escaping in Markdown. [`Cell::plain`] is the text both share.

use chrono::NaiveDate;

use super::text::{draft_goal, goal, reading, status_label};
use crate::analysis::history::LogRow;
use crate::analysis::report::{
    BetRow, InitiativeRow, KeyResultRow, MeasureKind, MetricRow, ObjectiveRow, PillarRow, Status,
    Trend,
};
use crate::plan::model::Reading;
use crate::text::variant;
use crate::text::{number, percent};

/// How a column's cells line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// Text.
    Left,
    /// Numbers and progress.
    Right,
}

/// How a column's text may be folded onto more lines when the terminal is narrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fold {
    /// Free text with ids (a label: an id above a title): wraps at spaces, each line
    /// keeping its indentation; ids, on their own lines, never break.
    Text,
    /// Prose (a check-in's note): wraps at spaces, and a word longer than the column (a
    /// URL, a provenance) breaks where it must.
    Prose,
    /// Values, goals and statuses: kept on one line unless nothing else fits, then split
    /// at spaces only (`1318` above `merchants`), never inside a number or a word.
    LastResort,
    /// Never folded: dates, percentages, words.
    Never,
}

/// One column of a table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    /// The header text.
    pub(crate) header: &'static str,
    /// How its cells line up.
    pub(crate) align: Align,
    /// How its text folds on a narrow terminal.
    pub(crate) fold: Fold,
    /// Shown only in the terminal; Markdown folds the fact into a neighbouring cell.
    pub(crate) terminal_only: bool,
    /// Shown only when a row of the table has something in it (see [`shown`]).
    pub(crate) optional: bool,
    /// A column a narrow terminal may leave out (confidence, last check-in, owners,
    /// references): the lower the number, the sooner it goes. `None`: always shown.
    pub(crate) drop: Option<u8>,
}

const fn column(header: &'static str, align: Align) -> Column {
    Column {
        header,
        align,
        fold: Fold::Never,
        terminal_only: false,
        optional: false,
        drop: None,
    }
}

const fn text(header: &'static str) -> Column {
    Column {
        fold: Fold::Text,
        ..column(header, Align::Left)
    }
}

/// A value, goal or status column: folds only as a last resort.
const fn value(header: &'static str, align: Align) -> Column {
    Column {
        fold: Fold::LastResort,
        ..column(header, align)
    }
}

/// A column a narrow terminal may leave out, `drop` deciding how soon.
const fn droppable(column: Column, drop: u8) -> Column {
    Column {
        drop: Some(drop),
        ..column
    }
}

/// The order in which narrow terminals leave columns out.
const DROP_CONFIDENCE: u8 = 1;
const DROP_LAST_CHECKIN: u8 = 2;
const DROP_OWNER: u8 = 3;
const DROP_TEAM: u8 = 4;
const DROP_REFERENCE: u8 = 5;
/// Drops from this one on go only as a last resort: after bars have gone and values have
/// folded, before values break inside words.
pub(crate) const LAST_RESORT_DROP: u8 = 10;
/// A metric's role (the table's order already says North Star first).
const DROP_ROLE: u8 = LAST_RESORT_DROP;
/// A check-in's change since the one before (the progress column keeps its level).
const DROP_CHANGE: u8 = LAST_RESORT_DROP + 1;

/// The team column: an objective's, initiative's or bet's team, `—` for one without. It
/// shows only in a table where some row has a team, so a plan without teams keeps its
/// tables as they were.
const TEAM: Column = Column {
    optional: true,
    drop: Some(DROP_TEAM),
    ..column("Team", Align::Left)
};

fn team(teams: &[String]) -> Cell<'static> {
    Cell::Text(super::text::owners(teams).map(Into::into))
}

/// The indexes of the `columns` a table of `rows` shows: all but the optional ones no row
/// has a value in (only [`Cell::Empty`] or an absent [`Cell::Text`]), and, for Markdown,
/// those shown only in the terminal. Rows hold one cell per column.
pub(crate) fn shown(columns: &[Column], rows: &[Row<'_>], markdown: bool) -> Vec<usize> {
    (0..columns.len())
        .filter(|&i| !(markdown && columns[i].terminal_only))
        .filter(|&i| !columns[i].optional || rows.iter().any(|r| r.cells.get(i).is_some_and(fills)))
        .collect()
}

/// Whether `cell` gives an optional column a reason to show (see [`shown`]): anything but
/// [`Cell::Empty`] and an absent [`Cell::Text`].
pub(crate) fn fills(cell: &Cell<'_>) -> bool {
    !matches!(cell, Cell::Empty | Cell::Text(None))
}

/// A row's place in the plan tree, which decides its label's indentation or emphasis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    /// A pillar, a group of objectives.
    Pillar,
    /// An objective under a pillar.
    Objective,
    /// A key result under an objective.
    KeyResult,
    /// A row that stands alone: a metric, a bet, an initiative, a check-in.
    Item,
}

/// A row: its level and one cell per column.
#[derive(Debug, Clone)]
pub(crate) struct Row<'r> {
    /// Where the row sits in the plan tree.
    pub(crate) level: Level,
    /// An objective's depth in its pillar's alignment tree, for it and its key results
    /// (0: a root; 1: a child of a root, ...); 0 for other rows.
    pub(crate) depth: usize,
    /// One cell per column, in column order.
    pub(crate) cells: Vec<Cell<'r>>,
}

/// What one cell holds, before a format decides how it looks.
#[derive(Debug, Clone)]
pub(crate) enum Cell<'r> {
    /// Nothing.
    Empty,
    /// An entity's id and title (or name); its indentation or emphasis follows the row's level.
    Label { id: &'r str, title: &'r str },
    /// An objective's id, title, owner and kind.
    Objective(&'r ObjectiveRow),
    /// User text; `—` when absent.
    Text(Option<std::borrow::Cow<'r, str>>),
    /// User text; empty when absent.
    Note(Option<std::borrow::Cow<'r, str>>),
    /// A fixed word or a number already formatted (no user text).
    Word(String),
    /// A measured value with its unit; `—` when there is none.
    Value(Option<Reading>, Option<&'r str>),
    /// Progress as a 0–1 fraction; `—` when it has none (nothing to roll up, no target).
    Progress(Option<f64>),
    /// A percentage with a `*` when the goal it was rated against has since moved; `—`
    /// without a target.
    Rated {
        progress: Option<f64>,
        target_changed: bool,
    },
    /// The change in progress since the previous check-in, as a 0–1 fraction; `—` without
    /// a target.
    Change(Option<f64>),
    /// A status.
    Status(Status),
    /// A status with a warning word after it when `flag` is set: `● on-track · stale`.
    Flagged {
        status: Status,
        flag: Option<&'static str>,
    },
    /// An initiative's progress and status from the key results it drives.
    Drives(Option<(f64, Status)>),
    /// The date of the last check-in (`never`).
    Checkin(Option<NaiveDate>),
    /// A metric's latest value with its unit, and its direction since the check-in before
    /// (the terminal shows the arrow after the value; Markdown shows the value).
    Current(Option<Reading>, Option<&'r str>, Option<Trend>),
    /// A bet's status and the date it was decided.
    Bet(&'r BetRow),
    /// A bet's decide-by date, its distance from the as-of date in days, and overdue.
    DecideBy(&'r BetRow),
}

impl Cell<'_> {
    /// The text every format shows for this cell, before styling or escaping.
    #[must_use]
    pub(crate) fn plain(&self) -> String {
        match self {
            Cell::Empty | Cell::Note(None) => String::new(),
            Cell::Label { id, title } => format!("{id} {title}"),
            Cell::Objective(o) => format!("{} {}", o.id, o.title),
            Cell::Text(text) => text.as_deref().unwrap_or("—").to_string(),
            Cell::Note(Some(note)) => note.to_string(),
            Cell::Word(word) => word.clone(),
            Cell::Value(value, unit) | Cell::Current(value, unit, _) => reading(*value, *unit),
            Cell::Progress(p) => p.map_or_else(|| "—".into(), percent),
            Cell::Rated { progress: None, .. } | Cell::Change(None) => "—".into(),
            Cell::Rated {
                progress: Some(progress),
                target_changed,
            } => percent(*progress) + if *target_changed { "*" } else { "" },
            Cell::Change(Some(change)) => {
                crate::text::fixed_signed(change * 100.0, 0, true) + " pts"
            }
            Cell::Status(s) => status_label(*s),
            Cell::Flagged { status, flag } => match flag {
                Some(flag) => format!("{} · {flag}", status_label(*status)),
                None => status_label(*status),
            },
            Cell::Drives(d) => d.map_or_else(
                || "—".into(),
                |(p, s)| format!("{} {}", percent(p), status_label(s)),
            ),
            Cell::Checkin(date) => date.map_or_else(|| "never".into(), |d| d.to_string()),
            Cell::Bet(b) if b.status.is_decided() => variant(&b.status),
            Cell::Bet(b) => format!(
                "{}{}{}",
                variant(&b.status),
                criteria_note(b, " · "),
                if b.overdue { " · overdue" } else { "" }
            ),
            Cell::DecideBy(b) => b.decide_by.map_or_else(|| "—".into(), |d| d.to_string()),
        }
    }
}

fn confidence(value: Option<f64>) -> Cell<'static> {
    Cell::Word(value.map_or_else(String::new, number))
}

fn weeks(value: f64) -> Cell<'static> {
    Cell::Word(format!("{} wk", number(value)))
}

fn owner(owner: Option<&str>) -> Cell<'_> {
    Cell::Text(owner.map(Into::into))
}

/// The metrics table: the North Star, then input and health metrics.
pub(crate) const METRICS: [Column; 7] = [
    text("Metric"),
    droppable(column("Role", Align::Left), DROP_ROLE),
    value("Current", Align::Right),
    value("Goal", Align::Left),
    column("Progress", Align::Right),
    value("Status", Align::Left),
    droppable(column("Last check-in", Align::Left), DROP_LAST_CHECKIN),
];

/// `stale` when `on`, for a status cell.
fn stale(on: bool) -> Option<&'static str> {
    on.then_some("stale")
}

/// A metrics-table row.
pub(crate) fn metric(m: &MetricRow) -> Row<'_> {
    let unit = m.unit.as_deref();
    Row {
        level: Level::Item,
        depth: 0,
        cells: vec![
            Cell::Label {
                id: &m.id,
                title: &m.name,
            },
            Cell::Word(variant(&m.role)),
            Cell::Current(m.current.map(Reading::Number), unit, m.trend),
            Cell::Word(goal(
                m.measure,
                m.baseline,
                m.target,
                m.keep_below,
                m.keep_above,
                unit,
            )),
            // A threshold is kept or broken: no progress to show.
            if m.measure == MeasureKind::Threshold {
                Cell::Empty
            } else {
                Cell::Progress(m.progress)
            },
            Cell::Flagged {
                status: m.status,
                flag: stale(m.stale),
            },
            Cell::Checkin(m.last_checkin),
        ],
    }
}

/// The objectives-and-key-results table, grouped by pillar. The terminal shows the groups
/// as rows of one table, headed [`OKRS_GROUPED_HEADER`]; Markdown gives each pillar a
/// heading and a table of its own.
pub(crate) const OKRS: [Column; 8] = [
    text("Objective / key result"),
    TEAM,
    value("Current", Align::Right),
    value("Goal", Align::Left),
    column("Progress", Align::Right),
    value("Status", Align::Left),
    droppable(column("Conf.", Align::Right), DROP_CONFIDENCE),
    droppable(column("Last check-in", Align::Left), DROP_LAST_CHECKIN),
];

/// The first header of the objectives table when pillars are rows of it.
pub(crate) const OKRS_GROUPED_HEADER: &str = "Pillar / objective / key result";

/// A pillar's row in the objectives table.
pub(crate) fn pillar(p: &PillarRow) -> Row<'_> {
    Row {
        level: Level::Pillar,
        depth: 0,
        cells: vec![
            Cell::Label {
                id: &p.id,
                title: &p.name,
            },
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Progress(p.progress),
            Cell::Status(p.status),
            Cell::Empty,
            Cell::Empty,
        ],
    }
}

/// An objective's row in the objectives table.
pub(crate) fn objective(o: &ObjectiveRow) -> Row<'_> {
    Row {
        level: Level::Objective,
        depth: 0,
        cells: vec![
            Cell::Objective(o),
            team(&o.teams),
            Cell::Empty,
            Cell::Empty,
            Cell::Progress(o.progress),
            Cell::Status(o.status),
            Cell::Empty,
            Cell::Empty,
        ],
    }
}

/// A key result's row in the objectives table.
pub(crate) fn key_result(kr: &KeyResultRow) -> Row<'_> {
    let unit = kr.unit.as_deref();
    Row {
        level: Level::KeyResult,
        depth: 0,
        cells: vec![
            Cell::Label {
                id: &kr.id,
                title: &kr.title,
            },
            Cell::Empty,
            Cell::Value(kr.current, unit),
            Cell::Word(if kr.status == Status::Draft {
                draft_goal(kr.baseline, unit)
            } else {
                goal(
                    kr.measure,
                    kr.baseline,
                    kr.target,
                    kr.keep_below,
                    kr.keep_above,
                    unit,
                )
            }),
            Cell::Progress(kr.progress),
            Cell::Flagged {
                status: kr.status,
                flag: stale(kr.stale),
            },
            Cell::Word(kr.confidence.map_or_else(String::new, |c| {
                // Carried forward from an older check-in: say from when.
                match kr.confidence_date.filter(|&d| Some(d) < kr.last_checkin) {
                    Some(d) => format!("{} ({})", number(c), d.format("%m-%d")),
                    None => number(c),
                }
            })),
            Cell::Checkin(kr.last_checkin),
        ],
    }
}

/// The bets table.
pub(crate) const BETS: [Column; 7] = [
    text("Bet"),
    column("Risk", Align::Left),
    value("Status", Align::Left),
    column("Appetite", Align::Right),
    value("Decide by", Align::Left),
    droppable(column("Owner", Align::Left), DROP_OWNER),
    TEAM,
];

/// What a bet's criteria say, for its status cell, each part after `separator`:
/// `kill criteria met since D`, `success criteria met since D`, or nothing.
pub(crate) fn criteria_note(b: &BetRow, separator: &str) -> String {
    [("kill", b.kill_met), ("success", b.success_met)]
        .into_iter()
        .filter_map(|(what, since)| {
            since.map(|since| format!("{separator}{what} criteria met since {since}"))
        })
        .collect()
}

/// A bets-table row.
pub(crate) fn bet(b: &BetRow) -> Row<'_> {
    Row {
        level: Level::Item,
        depth: 0,
        cells: vec![
            Cell::Label {
                id: &b.id,
                title: &b.title,
            },
            Cell::Word(variant(&b.risk)),
            Cell::Bet(b),
            weeks(b.appetite_weeks),
            Cell::DecideBy(b),
            owner(b.owner.as_deref()),
            team(&b.teams),
        ],
    }
}

/// The initiatives table.
pub(crate) const INITIATIVES: [Column; 8] = [
    text("Initiative"),
    column("Work", Align::Left),
    column("Status", Align::Left),
    column("Effort", Align::Right),
    droppable(text("Drives"), DROP_REFERENCE),
    value("Progress", Align::Left),
    droppable(column("Owner", Align::Left), DROP_OWNER),
    TEAM,
];

/// An initiatives-table row.
pub(crate) fn initiative(i: &InitiativeRow) -> Row<'_> {
    Row {
        level: Level::Item,
        depth: 0,
        cells: vec![
            Cell::Label {
                id: &i.id,
                title: &i.title,
            },
            Cell::Word(variant(&i.work)),
            Cell::Word(variant(&i.status)),
            weeks(i.effort_weeks),
            Cell::Text((!i.drives.is_empty()).then(|| i.drives.join(", ").into())),
            Cell::Drives(i.progress.zip(i.progress_status)),
            owner(i.owner.as_deref()),
            team(&i.teams),
        ],
    }
}

/// The check-in timeline of `log` and `show`.
pub(crate) const TIMELINE: [Column; 9] = [
    column("Date", Align::Left),
    droppable(column("By", Align::Left), DROP_OWNER),
    column("Measure", Align::Left),
    value("Value", Align::Right),
    column("Progress", Align::Right),
    droppable(column("Change", Align::Right), DROP_CHANGE),
    value("Status", Align::Left),
    droppable(column("Conf.", Align::Right), DROP_CONFIDENCE),
    Column {
        fold: Fold::Prose,
        optional: true,
        ..column("Note", Align::Left)
    },
];

/// The index of the note in a [`TIMELINE`] row.
pub(crate) const TIMELINE_NOTE: usize = 8;

/// The status cell of a check-in that does not count on the report's as-of date.
pub(crate) const NOT_COUNTED: &str = "not counted";

/// A timeline row; `target_changed` marks a check-in rated against a goal that has moved.
pub(crate) fn checkin(r: &LogRow, target_changed: bool) -> Row<'_> {
    Row {
        level: Level::Item,
        depth: 0,
        cells: vec![
            Cell::Word(r.date.to_string()),
            owner(r.by.as_deref()),
            Cell::Text(Some(r.metric.as_str().into())),
            Cell::Value(Some(r.value), r.unit.as_deref()),
            Cell::Rated {
                progress: r.progress,
                target_changed,
            },
            Cell::Change(r.progress_change),
            // A check-in that does not count on the as-of date (`show`) has no status.
            r.status
                .map_or(Cell::Word(NOT_COUNTED.into()), Cell::Status),
            confidence(r.confidence),
            Cell::Note(note_with_source(r)),
        ],
    }
}

/// A check-in's note, followed by its provenance when `measure` recorded it:
/// `from file:data/velocity.csv column value`.
fn note_with_source(r: &LogRow) -> Option<std::borrow::Cow<'_, str>> {
    match (r.note.as_deref(), r.source.as_deref()) {
        (note, None) => note.map(std::borrow::Cow::Borrowed),
        (None, Some(source)) => Some(format!("from {source}").into()),
        (Some(note), Some(source)) => Some(format!("{note} (from {source})").into()),
    }
}

/// The order in which a narrow terminal leaves out a review metric's sparkline.
const DROP_TREND: u8 = DROP_LAST_CHECKIN;

/// A column of the review packet's and `diff`'s tables (their outline names columns by
/// header): the first is a label (an id and a title), the others are known by their
/// header. Prose (notes, reasons, outcomes) folds and breaks long words; dates, grades,
/// shares and words never fold; owners and sparklines go on a narrow terminal, a role as
/// a last resort; anything else is a value, folded only when it must be.
pub(crate) fn outline_column(header: &str, first: bool) -> Column {
    const PROSE: Column = Column {
        fold: Fold::Prose,
        ..column("", Align::Left)
    };
    if first {
        return text("");
    }
    match header {
        "Note" | "Reason" | "Outcome" | "Learnings" | "Detail" => PROSE,
        "Date" | "Decide by" | "Decision" | "Grade" | "Share" | "Appetite" | "Effort"
        | "Funded appetite" | "Kind" | "Risk" | "Field" | "Quarter" | "Change" => {
            column("", Align::Left)
        }
        "Owner" | "By" => droppable(column("", Align::Left), DROP_OWNER),
        "Trend" => droppable(column("", Align::Left), DROP_TREND),
        "Role" => droppable(column("", Align::Left), DROP_ROLE),
        _ => value("", Align::Left),
    }
}

/// The indexes of the columns aligned right.
pub(crate) fn right_aligned(columns: &[Column]) -> Vec<usize> {
    columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.align == Align::Right)
        .map(|(i, _)| i)
        .collect()
}

/// The rows of `objectives` as their alignment tree ([`crate::analysis::report::outline`]), each
/// followed by its key results, then by the objectives under it, each row knowing its depth.
pub(crate) fn okr_rows<'r>(objectives: &[&'r ObjectiveRow]) -> Vec<Row<'r>> {
    crate::analysis::report::outline(objectives)
        .into_iter()
        .flat_map(|(at, depth)| {
            let o = objectives[at];
            std::iter::once(objective(o))
                .chain(o.key_results.iter().map(key_result))
                .map(move |row| Row { depth, ..row })
        })
        .collect()
}
