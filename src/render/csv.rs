//! CSV (RFC 4180, through the csv crate): one row per entity, with ids and parent ids so a
//! spreadsheet can pivot it. Text cells that a spreadsheet would run as a formula (starting
//! with `=`, `+`, `-`, `@`, tab or carriage return; CWE-1236) are prefixed with `'`; numbers
//! are written as numbers.

use std::io::{self, Write};

use super::{Renderer, View};
use crate::history::LogRow;
use crate::lint::serde_variant;
use crate::plan::model::Reading;
use crate::report::{BetRow, InitiativeRow, MetricRow, Report};

/// CSV output.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvRenderer;

/// A text cell made safe for spreadsheets: a leading `=`, `+`, `-`, `@`, tab or carriage
/// return gets a `'` in front, unless the whole cell is a plain number.
#[must_use]
pub fn neutralize(text: &str) -> String {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && text.parse::<f64>().is_err() {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

fn num(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// A user text cell: control characters (and so terminal escape sequences) dropped, then
/// neutralized against formula injection.
fn text(v: Option<&str>) -> String {
    v.map(|t| neutralize(&super::text::sanitize(t)))
        .unwrap_or_default()
}

fn reading(v: Option<Reading>) -> String {
    match v {
        Some(Reading::Number(n)) => n.to_string(),
        Some(Reading::Done(b)) => b.to_string(),
        None => String::new(),
    }
}

const ENTITY_HEADER: [&str; 18] = [
    "type",
    "id",
    "parent",
    "pillar",
    "quarter",
    "title",
    "owner",
    "kind",
    "weight",
    "baseline",
    "target",
    "current",
    "progress",
    "status",
    "confidence",
    "last_checkin",
    "stale",
    "unit",
];

fn io(e: csv::Error) -> io::Error {
    io::Error::other(e)
}

impl CsvRenderer {
    fn entities(
        r: &Report,
        w: &mut csv::Writer<&mut dyn Write>,
        with_metrics: bool,
    ) -> csv::Result<()> {
        w.write_record(ENTITY_HEADER)?;
        if with_metrics {
            for m in std::iter::once(&r.north_star).chain(&r.metrics) {
                w.write_record(metric_entity(m))?;
            }
        }
        for p in &r.pillars {
            w.write_record([
                "pillar".into(),
                text(Some(&p.id)),
                text(Some(&r.north_star.id)),
                text(Some(&p.id)),
                r.quarter.to_string(),
                text(Some(&p.name)),
                text(p.owner.as_deref()),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                num(p.progress),
                p.status.as_str().into(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ])?;
        }
        for o in &r.objectives {
            w.write_record([
                "objective".into(),
                text(Some(&o.id)),
                text(Some(&o.pillar)),
                text(Some(&o.pillar)),
                o.quarter.to_string(),
                text(Some(&o.title)),
                text(o.owner.as_deref()),
                serde_variant(&o.kind),
                o.weight.to_string(),
                String::new(),
                String::new(),
                String::new(),
                num(o.progress),
                o.status.as_str().into(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ])?;
            for k in &o.key_results {
                w.write_record([
                    "key_result".into(),
                    text(Some(&k.id)),
                    text(Some(&o.id)),
                    text(Some(&o.pillar)),
                    o.quarter.to_string(),
                    text(Some(&k.title)),
                    text(o.owner.as_deref()),
                    serde_variant(&k.measure),
                    k.weight.to_string(),
                    num(k.baseline.or(k.keep_below).or(k.keep_above)),
                    num(k.target),
                    reading(k.current),
                    k.progress.to_string(),
                    k.status.as_str().into(),
                    num(k.confidence),
                    k.last_checkin.map(|d| d.to_string()).unwrap_or_default(),
                    k.stale.to_string(),
                    text(k.unit.as_deref()),
                ])?;
            }
        }
        Ok(())
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
        ])?;
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        for b in bets {
            w.write_record([
                text(Some(&b.id)),
                text(b.pillar.as_deref()),
                text(Some(&b.title)),
                text(b.owner.as_deref()),
                serde_variant(&b.risk),
                serde_variant(&b.status),
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
                num(b.progress),
                text(Some(&b.hypothesis)),
                text(Some(&b.success)),
                text(Some(&b.kill)),
                text(b.outcome.as_deref()),
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
        ])?;
        for i in rows {
            w.write_record([
                text(Some(&i.id)),
                text(i.pillar.as_deref()),
                i.quarter.to_string(),
                text(Some(&i.title)),
                text(i.owner.as_deref()),
                serde_variant(&i.status),
                serde_variant(&i.work),
                i.effort_weeks.to_string(),
                text(Some(&i.drives.join(" "))),
                num(i.progress),
                i.progress_status
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                text(i.success.as_deref()),
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
        ])
        .map_err(io)?;
        for r in rows {
            w.write_record([
                r.date.to_string(),
                text(r.by.as_deref()),
                text(Some(&r.metric)),
                reading(Some(r.value)),
                text(r.unit.as_deref()),
                r.progress.to_string(),
                r.progress_change.to_string(),
                r.status.as_str().into(),
                num(r.confidence),
                text(r.note.as_deref()),
            ])
            .map_err(io)?;
        }
        w.flush()
    }
}

fn metric_entity(m: &MetricRow) -> [String; 18] {
    let kind = if m.role == crate::plan::model::MetricRole::NorthStar {
        "north_star"
    } else {
        "metric"
    };
    [
        kind.into(),
        text(Some(&m.id)),
        String::new(),
        String::new(),
        String::new(),
        text(Some(&m.name)),
        text(m.owner.as_deref()),
        serde_variant(&m.role),
        String::new(),
        num(m.baseline.or(m.keep_below).or(m.keep_above)),
        num(m.target),
        num(m.current),
        m.progress.to_string(),
        m.status.as_str().into(),
        String::new(),
        m.last_checkin.map(|d| d.to_string()).unwrap_or_default(),
        m.stale.to_string(),
        text(m.unit.as_deref()),
    ]
}

/// The review packet's grades: one row per objective and per key result, to paste into
/// a spreadsheet for the quarterly business review.
pub fn review(r: &crate::review::Review, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let write = |w: &mut csv::Writer<&mut dyn Write>| -> csv::Result<()> {
        w.write_record([
            "type", "id", "parent", "pillar", "quarter", "title", "owner", "kind", "grade", "met",
            "progress", "status", "baseline", "latest", "target", "unit",
        ])?;
        for p in &r.pillars {
            for o in &p.objectives {
                w.write_record([
                    "objective".into(),
                    text(Some(&o.id)),
                    text(Some(&p.id)),
                    text(Some(&p.id)),
                    r.quarter.to_string(),
                    text(Some(&o.title)),
                    text(o.owner.as_deref()),
                    serde_variant(&o.kind),
                    num(o.grade),
                    o.met.to_string(),
                    num(o.grade),
                    o.status.as_str().into(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ])?;
                for k in &o.key_results {
                    let k = &k.row;
                    w.write_record([
                        "key_result".into(),
                        text(Some(&k.id)),
                        text(Some(&o.id)),
                        text(Some(&p.id)),
                        r.quarter.to_string(),
                        text(Some(&k.title)),
                        text(o.owner.as_deref()),
                        serde_variant(&k.measure),
                        k.progress.to_string(),
                        String::new(),
                        k.progress.to_string(),
                        k.status.as_str().into(),
                        num(k.baseline.or(k.keep_below).or(k.keep_above)),
                        reading(k.current),
                        num(k.target),
                        text(k.unit.as_deref()),
                    ])?;
                }
            }
        }
        Ok(())
    };
    write(&mut w).map_err(io)?;
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
            View::Metrics => w.write_record(ENTITY_HEADER).and_then(|()| {
                std::iter::once(&r.north_star)
                    .chain(&r.metrics)
                    .try_for_each(|m| w.write_record(metric_entity(m)))
            }),
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
    }
}
