//! CSV (RFC 4180, through the csv crate): one row per entity, with ids and parent ids so a
//! spreadsheet can pivot it. Each CSV has the same columns whatever the plan (`team` is
//! there, empty, in a plan without teams), so a script can rely on them; columns added
//! later go last. Text cells that a spreadsheet would run as a formula (starting
//! with a tab or carriage return, or whose first non-blank character is `=`, `+`, `-`, `@`
//! or a full-width form of one; CWE-1236) are prefixed with `'`; numbers are written as
//! numbers.

use std::io::{self, Write};

use super::text::owners;
use super::{Renderer, View};
use crate::analysis::history::LogRow;
use crate::text::variant;

use crate::analysis::report::{BetRow, InitiativeRow, KeyResultRow, MetricRow, Report, Status};
use crate::plan::model::{ObjectiveKind, Reading};
use crate::time::period::Label;

/// CSV output.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvRenderer;

/// The characters that make a spreadsheet read a cell as a formula when they come first
/// (after any blanks): `=`, `+`, `-`, `@` (OWASP, "CSV Injection"), their full-width forms
/// `＝`, `＋`, `－`, `＠` (U+FF1D, U+FF0B, U+FF0D, U+FF20), which spreadsheets with
/// East-Asian input fold to ASCII, and their small forms (U+FE66, U+FE62, U+FE63, U+FE6B).
const FORMULA_STARTS: [char; 12] = [
    '=', '+', '-', '@', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}', '\u{fe66}', '\u{fe62}',
    '\u{fe63}', '\u{fe6b}',
];

/// A text cell made safe for spreadsheets (OWASP's rule, CWE-1236): a cell starting with a
/// tab or carriage return, or whose first non-whitespace character (Unicode whitespace:
/// spaces, no-break spaces, ideographic spaces, ...) is one of `FORMULA_STARTS`, gets a
/// `'` in front, unless the whole cell is a plain number (`-12.5`, `+3`).
#[must_use]
pub fn neutralize(text: &str) -> String {
    let first = text.trim_start().chars().next();
    let risky =
        text.starts_with(['\t', '\r']) || first.is_some_and(|c| FORMULA_STARTS.contains(&c));
    if risky && text.parse::<f64>().is_err() {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

fn num(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// A computed ratio (progress, its change, a grade): rounded to 4 decimals, so a
/// spreadsheet reads `0.2375`, not `0.23750000000000004`. Values from the plan and the
/// check-ins go through [`num`] as written.
fn ratio(v: Option<f64>) -> String {
    v.map(|v| {
        let rounded = (v * 1e4).round() / 1e4;
        // No `-0`.
        (rounded + 0.0).to_string()
    })
    .unwrap_or_default()
}

/// A user text cell: hidden characters (controls, and so terminal escape sequences;
/// bidirectional controls; zero-width characters) dropped, then neutralized against
/// formula injection.
fn text(v: Option<&str>) -> String {
    v.map(|t| neutralize(&crate::text::sanitize(t)))
        .unwrap_or_default()
}

fn reading(v: Option<Reading>) -> String {
    match v {
        Some(Reading::Number(n)) => n.to_string(),
        Some(Reading::Done(b)) => b.to_string(),
        None => String::new(),
    }
}

/// One entity as CSV cells: a value for every column of the entity CSVs (`status`, `okrs`,
/// `metrics`) and of the review CSV, empty where the entity has none. Each CSV's columns,
/// their names and order, are listed once: [`Row::entity`], [`Row::review`].
#[derive(Debug, Default)]
struct Row {
    /// `north_star`, `metric`, `pillar`, `objective` or `key_result` (the `type` column).
    kind: &'static str,
    id: String,
    parent: String,
    pillar: String,
    quarter: String,
    title: String,
    owner: String,
    /// A metric's role, an objective's kind or a key result's measure (the `kind` column).
    variant: String,
    weight: String,
    baseline: String,
    target: String,
    /// The latest value counted (`current`; `latest` in the review).
    current: String,
    progress: String,
    status: String,
    confidence: String,
    last_checkin: String,
    stale: String,
    unit: String,
    /// The review's grade.
    grade: String,
    /// The review's met / not met.
    met: String,
    /// An objective's team; a key result's, its objective's.
    team: String,
}

/// Where an objective, and so its key results, stands: its pillar, period and team.
#[derive(Debug, Clone, Copy)]
struct Place<'a> {
    pillar: &'a str,
    quarter: &'a Label,
    /// Its teams, `, `-separated.
    team: Option<&'a str>,
    /// An objective's first parent (objective or key result), else its pillar is its
    /// parent in the hierarchy.
    parent: Option<&'a str>,
}

impl Row {
    /// The entity CSVs' columns: name and cell.
    fn entity(self) -> [(&'static str, String); 19] {
        [
            ("type", self.kind.into()),
            ("id", self.id),
            ("parent", self.parent),
            ("pillar", self.pillar),
            ("quarter", self.quarter),
            ("title", self.title),
            ("owner", self.owner),
            ("kind", self.variant),
            ("weight", self.weight),
            ("baseline", self.baseline),
            ("target", self.target),
            ("current", self.current),
            ("progress", self.progress),
            ("status", self.status),
            ("confidence", self.confidence),
            ("last_checkin", self.last_checkin),
            ("stale", self.stale),
            ("unit", self.unit),
            ("team", self.team),
        ]
    }

    /// The review CSV's columns: name and cell.
    fn review(self) -> [(&'static str, String); 17] {
        [
            ("type", self.kind.into()),
            ("id", self.id),
            ("parent", self.parent),
            ("pillar", self.pillar),
            ("quarter", self.quarter),
            ("title", self.title),
            ("owner", self.owner),
            ("kind", self.variant),
            ("grade", self.grade),
            ("met", self.met),
            ("progress", self.progress),
            ("status", self.status),
            ("baseline", self.baseline),
            ("latest", self.current),
            ("target", self.target),
            ("unit", self.unit),
            ("team", self.team),
        ]
    }

    /// The North Star or a metric.
    fn metric(m: &MetricRow) -> Self {
        let kind = if m.role == crate::plan::model::MetricRole::NorthStar {
            "north_star"
        } else {
            "metric"
        };
        Row {
            kind,
            id: text(Some(&m.id)),
            title: text(Some(&m.name)),
            owner: text(m.owner.as_deref()),
            variant: variant(&m.role),
            baseline: num(m.baseline.or(m.keep_below).or(m.keep_above)),
            target: num(m.target),
            current: num(m.current),
            progress: ratio(m.progress),
            status: m.status.as_str().into(),
            last_checkin: m.last_checkin.map(|d| d.to_string()).unwrap_or_default(),
            stale: m.stale.to_string(),
            unit: text(m.unit.as_deref()),
            ..Row::default()
        }
    }

    /// An objective's place: in `pillar` (also its parent), in `quarter`, of `team`.
    fn objective(
        id: &str,
        title: &str,
        owner: Option<&str>,
        kind: ObjectiveKind,
        place: Place<'_>,
    ) -> Self {
        Row {
            kind: "objective",
            id: text(Some(id)),
            parent: text(Some(place.parent.unwrap_or(place.pillar))),
            pillar: text(Some(place.pillar)),
            quarter: place.quarter.to_string(),
            title: text(Some(title)),
            owner: text(owner),
            variant: variant(&kind),
            team: text(place.team),
            ..Row::default()
        }
    }

    /// A key result of `objective` (in its objective's `place`, owned by `owner`).
    fn key_result(
        k: &KeyResultRow,
        objective: &str,
        place: Place<'_>,
        owner: Option<&str>,
    ) -> Self {
        Row {
            kind: "key_result",
            id: text(Some(&k.id)),
            parent: text(Some(objective)),
            pillar: text(Some(place.pillar)),
            quarter: place.quarter.to_string(),
            team: text(place.team),
            title: text(Some(&k.title)),
            owner: text(owner),
            variant: variant(&k.measure),
            weight: k.weight.to_string(),
            baseline: num(k.baseline.or(k.keep_below).or(k.keep_above)),
            target: num(k.target),
            current: reading(k.current),
            progress: ratio(k.progress),
            status: k.status.as_str().into(),
            confidence: num(k.confidence),
            last_checkin: k.last_checkin.map(|d| d.to_string()).unwrap_or_default(),
            stale: k.stale.to_string(),
            unit: text(k.unit.as_deref()),
            ..Row::default()
        }
    }
}

/// Writes the header `columns` names, then `rows` in those columns.
fn write_rows<const N: usize>(
    w: &mut csv::Writer<&mut dyn Write>,
    columns: fn(Row) -> [(&'static str, String); N],
    rows: impl IntoIterator<Item = Row>,
) -> csv::Result<()> {
    w.write_record(columns(Row::default()).map(|(name, _)| name))?;
    for row in rows {
        w.write_record(columns(row).map(|(_, cell)| cell))?;
    }
    Ok(())
}

fn io(e: csv::Error) -> io::Error {
    io::Error::other(e)
}

impl CsvRenderer {
    fn entities(
        r: &Report,
        w: &mut csv::Writer<&mut dyn Write>,
        with_metrics: bool,
    ) -> csv::Result<()> {
        let mut rows = Vec::new();
        if with_metrics {
            rows.extend(r.north_star.iter().chain(&r.metrics).map(Row::metric));
        }
        for p in &r.pillars {
            rows.push(Row {
                kind: "pillar",
                id: text(Some(&p.id)),
                parent: text(r.north_star.as_ref().map(|n| n.id.as_str())),
                pillar: text(Some(&p.id)),
                quarter: r.quarter.to_string(),
                title: text(Some(&p.name)),
                owner: text(p.owner.as_deref()),
                progress: ratio(p.progress),
                status: p.status.as_str().into(),
                ..Row::default()
            });
        }
        for o in &r.objectives {
            let teams = owners(&o.teams);
            let place = Place {
                pillar: &o.pillar,
                quarter: &o.quarter,
                team: teams.as_deref(),
                parent: o.parents.first().map(String::as_str),
            };
            rows.push(Row {
                weight: o.weight.to_string(),
                progress: ratio(o.progress),
                status: o.status.as_str().into(),
                ..Row::objective(&o.id, &o.title, owners(&o.owners).as_deref(), o.kind, place)
            });
            rows.extend(o.key_results.iter().map(|k| {
                let owner = owners(&k.owners).or_else(|| owners(&o.owners));
                Row::key_result(k, &o.id, place, owner.as_deref())
            }));
        }
        write_rows(w, Row::entity, rows)
    }

    fn bets(bets: &[BetRow], w: &mut csv::Writer<&mut dyn Write>) -> csv::Result<()> {
        w.write_record([
            "id",
            "pillar",
            "title",
            "owner",
            "risk",
            "status",
            "appetite_weeks",
            "start",
            "decide_by",
            "decided",
            "overdue",
            "funded",
            "days_to_decision",
            "metric",
            "progress",
            "hypothesis",
            "success",
            "kill",
            "outcome",
            "team",
        ])?;
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        for b in bets {
            w.write_record([
                text(Some(&b.id)),
                text(b.pillar.as_deref()),
                text(Some(&b.title)),
                text(b.owner.as_deref()),
                variant(&b.risk),
                variant(&b.status),
                b.appetite_weeks.to_string(),
                date(b.start),
                date(b.decide_by),
                date(b.decided),
                b.overdue.to_string(),
                b.funded.to_string(),
                b.days_to_decision
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                text(b.metric.as_deref()),
                ratio(b.progress),
                text(Some(&b.hypothesis)),
                text(Some(&b.success)),
                text(Some(&b.kill)),
                text(b.outcome.as_deref()),
                text(owners(&b.teams).as_deref()),
            ])?;
        }
        Ok(())
    }

    fn initiatives(rows: &[InitiativeRow], w: &mut csv::Writer<&mut dyn Write>) -> csv::Result<()> {
        w.write_record([
            "id",
            "pillar",
            "quarter",
            "title",
            "owner",
            "status",
            "work",
            "effort_weeks",
            "drives",
            "progress",
            "progress_status",
            "success",
            "team",
        ])?;
        for i in rows {
            w.write_record([
                text(Some(&i.id)),
                text(i.pillar.as_deref()),
                i.quarter
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                text(Some(&i.title)),
                text(i.owner.as_deref()),
                variant(&i.status),
                variant(&i.work),
                i.effort_weeks.to_string(),
                text(Some(&i.drives.join(" "))),
                ratio(i.progress),
                i.progress_status
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                text(i.success.as_deref()),
                text(owners(&i.teams).as_deref()),
            ])?;
        }
        Ok(())
    }

    /// The `log` timeline, one row per check-in.
    #[allow(clippy::unused_self)] // the same call as on the table renderer
    pub fn render_log(&self, rows: &[LogRow], out: &mut dyn Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record([
            "date",
            "by",
            "metric",
            "value",
            "unit",
            "progress",
            "progress_change",
            "status",
            "confidence",
            "note",
            "source",
        ])
        .map_err(io)?;
        for r in rows {
            w.write_record([
                r.date.to_string(),
                text(r.by.as_deref()),
                text(Some(&r.metric)),
                reading(Some(r.value)),
                text(r.unit.as_deref()),
                ratio(r.progress),
                ratio(r.progress_change),
                r.status.map_or("", Status::as_str).into(),
                num(r.confidence),
                text(r.note.as_deref()),
                text(r.source.as_deref()),
            ])
            .map_err(io)?;
        }
        w.flush()
    }
}

/// The review packet's grades: one row per objective and per key result, to paste into
/// a spreadsheet for the quarterly business review.
pub fn review(r: &crate::analysis::review::Review, out: &mut dyn Write) -> io::Result<()> {
    let mut rows = Vec::new();
    for p in &r.pillars {
        for o in &p.objectives {
            let teams = owners(&o.teams);
            let place = Place {
                pillar: &p.id,
                quarter: &r.quarter,
                team: teams.as_deref(),
                parent: o.parents.first().map(String::as_str),
            };
            rows.push(Row {
                grade: ratio(o.grade),
                met: o.met.to_string(),
                progress: ratio(o.grade),
                status: o.status.as_str().into(),
                ..Row::objective(&o.id, &o.title, owners(&o.owners).as_deref(), o.kind, place)
            });
            for k in &o.key_results {
                let owner = owners(&k.row.owners).or_else(|| owners(&o.owners));
                let row = Row::key_result(&k.row, &o.id, place, owner.as_deref());
                rows.push(Row {
                    grade: row.progress.clone(),
                    ..row
                });
            }
        }
    }
    let mut w = csv::Writer::from_writer(out);
    write_rows(&mut w, Row::review, rows).map_err(io)?;
    w.flush()
}

/// `calibration`'s scores: one row per owner (`scope` `owner`), then everyone's (`scope`
/// `overall`, no owner); fractions 0–1 rounded to 4 decimals, empty when there is none.
pub fn calibration(
    c: &crate::analysis::calibration::Calibration,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "scope",
        "owner",
        "key_results",
        "without_confidence",
        "checkins",
        "brier",
        "hit_rate",
        "goalposts_recorded",
        "goalposts_unrecorded",
        "bets_decided",
        "late_bets",
        "days_late",
        "met_every_period",
    ])
    .map_err(io)?;
    let rows = c
        .owners
        .iter()
        .map(|o| ("owner", o.owner.as_deref(), &o.scores, o.met_every_period))
        .chain(std::iter::once(("overall", None, &c.overall, false)));
    for (scope, owner, s, met) in rows {
        w.write_record([
            scope.to_string(),
            text(owner),
            s.key_results.to_string(),
            s.without_confidence.to_string(),
            s.checkins.to_string(),
            ratio(s.brier),
            ratio(s.hit_rate),
            s.goalposts_recorded.to_string(),
            s.goalposts_unrecorded.to_string(),
            s.bets_decided.to_string(),
            s.late_bets.to_string(),
            s.days_late.to_string(),
            met.to_string(),
        ])
        .map_err(io)?;
    }
    w.flush()
}

impl Renderer for CsvRenderer {
    fn render(&self, r: &Report, view: View, out: &mut dyn Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        match view {
            View::Status => Self::entities(r, &mut w, true),
            View::Okrs => Self::entities(r, &mut w, false),
            View::Bets => Self::bets(&r.bets, &mut w),
            View::Initiatives => Self::initiatives(&r.initiatives, &mut w),
            View::Metrics => write_rows(
                &mut w,
                Row::entity,
                r.north_star.iter().chain(&r.metrics).map(Row::metric),
            ),
        }
        .map_err(io)?;
        w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralized_numbers_are_not() {
        assert_eq!(neutralize("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(neutralize("+1 555"), "'+1 555");
        assert_eq!(neutralize("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralize("-x"), "'-x");
        assert_eq!(neutralize("\tx"), "'\tx");
        assert_eq!(neutralize("-12.5"), "-12.5");
        assert_eq!(neutralize("+3"), "+3");
        assert_eq!(neutralize("plain"), "plain");
        assert_eq!(neutralize("  =1+1"), "'  =1+1");
        assert_eq!(neutralize("\u{a0}=1"), "'\u{a0}=1");
        assert_eq!(neutralize("\u{3000}\u{ff1d}1"), "'\u{3000}\u{ff1d}1");
        assert_eq!(neutralize("\u{ff0b}1"), "'\u{ff0b}1");
        assert_eq!(neutralize("\u{ff0d}1"), "'\u{ff0d}1");
        assert_eq!(neutralize("\u{ff20}A1"), "'\u{ff20}A1");
        assert_eq!(neutralize("\u{fe66}1"), "'\u{fe66}1");
        assert_eq!(neutralize(" -12.5"), "' -12.5");
        assert_eq!(neutralize("   "), "   ");
        assert_eq!(neutralize("a = b"), "a = b");
    }
}
