//! Completion inside a quoted value: the ids of the kinds the key takes (a `pillar` takes
//! pillars, a `measured_by` a metric, the North Star or a key result, …), or the values of
//! an enumerated key (`risk`, `role`, `kind`, `status`, `work`), or where a period is
//! expected (an objective's or initiative's `period` or `quarter`) the period labels around
//! today on the plan's calendar before its cycle ids, each replacing what was typed since
//! the opening quote.
//!
//! The buffer is mid-edit (an unclosed string is no TOML), so the context is read from the
//! text around the cursor: the key before the open quote on its line, and the nearest table
//! header above it.

use std::path::Path;
use std::sync::LazyLock;

use lsp_types::{CompletionItem, CompletionItemKind, CompletionTextEdit, Position, TextEdit};
use regex::Regex;
use strum::VariantArray;

use super::index::Kind;
use super::position::{Encoding, LineIndex};
use super::workspace::{Analysis, Workspace};
use crate::plan::model::{BetStatus, InitiativeStatus, MetricRole, ObjectiveKind, Risk, WorkKind};
use crate::time::period::{Cadence, Calendar, Period};

/// A key and an open quote before the cursor on its line: `pillar = "vel`,
/// `parents = ["a", "b`, `kill_when = { metric = "mt`. Captures the key and what was typed.
static OPEN_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([A-Za-z0-9_-]+)\s*=\s*(?:\[(?:[^\]"]*"[^"]*"\s*,\s*)*\s*)?"([^"]*)$"#)
        .expect("a valid pattern")
});

/// A table header line: `[[objective.key_result]]`, `[plan]`. Captures the table's name.
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?").expect("a valid pattern")
});

/// The completions at `position` of `path`; `None` when the cursor is in no quoted value of
/// a key that takes ids or enumerated values.
#[must_use]
pub fn complete(
    workspace: &Workspace,
    path: &Path,
    position: Position,
    encoding: Encoding,
) -> Option<Vec<CompletionItem>> {
    let analysis: &Analysis = &workspace.analysis;
    let file = analysis.file_id(path)?;
    let text = &analysis.sources.get(file).text;
    let lines = LineIndex::new(text);
    let cursor = lines.offset(text, position, encoding);
    let line_start = text[..cursor].rfind('\n').map_or(0, |i| i + 1);
    let captures = OPEN_VALUE.captures(&text[line_start..cursor])?;
    let key = captures.get(1)?.as_str();
    let typed = captures.get(2)?.as_str();
    let table = text[..line_start]
        .lines()
        .rev()
        .find_map(|line| HEADER.captures(line))
        .and_then(|c| c.get(1))
        .map_or("", |m| m.as_str());
    let range = lines.range(text, &(cursor - typed.len()..cursor), encoding);
    let item = |label: String, kind: CompletionItemKind, detail: Option<String>| CompletionItem {
        label: label.clone(),
        kind: Some(kind),
        detail,
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, label))),
        ..CompletionItem::default()
    };
    if let Some(values) = enum_values(table, key) {
        let items = values
            .iter()
            .map(|v| item((*v).to_string(), CompletionItemKind::ENUM_MEMBER, None));
        return Some(items.collect());
    }
    let kinds = id_kinds(table, key)?;
    let labels = if kinds == [Kind::Cycle] {
        let calendar = workspace.valid.as_ref().map(|(plan, _)| &plan.calendar);
        let around = labels_around(calendar.unwrap_or(&Calendar::default()), workspace.today);
        around
            .into_iter()
            .map(|p| {
                let detail = Some(p.window.to_string());
                item(p.label.to_string(), CompletionItemKind::CONSTANT, detail)
            })
            .collect()
    } else {
        Vec::new()
    };
    let ids = analysis
        .index
        .definitions
        .iter()
        .filter(|d| kinds.contains(&d.kind))
        .map(|d| {
            let detail = match &d.name {
                Some(name) => format!("{} · {name}", d.kind.word()),
                None => d.kind.word().to_string(),
            };
            item(d.id.clone(), CompletionItemKind::REFERENCE, Some(detail))
        });
    Some(labels.into_iter().chain(ids).collect())
}

/// The periods of `calendar`'s cadence around `today` (the one before, the one containing
/// it, the two after), then the (fiscal, when the plan has a fiscal year) year containing
/// it; each once.
fn labels_around(calendar: &Calendar, today: chrono::NaiveDate) -> Vec<Period> {
    let current = calendar.containing(today);
    let mut periods = Vec::new();
    if let Some(before) = current.window.first_day.pred_opt() {
        periods.push(calendar.containing(before));
    }
    periods.push(current);
    for _ in 0..2 {
        let Some(next) = periods.last().and_then(|p| p.window.last_day.succ_opt()) else {
            break;
        };
        periods.push(calendar.containing(next));
    }
    let yearly = Calendar {
        cadence: Cadence::Year,
        cycles: Vec::new(),
        ..calendar.clone()
    };
    periods.push(yearly.containing(today));
    let mut seen = std::collections::HashSet::new();
    periods.retain(|p| seen.insert(p.label.clone()));
    periods
}

/// The kinds of id that `key` of a `table` names (`table` as its header spells it).
fn id_kinds(table: &str, key: &str) -> Option<&'static [Kind]> {
    const MEASURES: &[Kind] = &[Kind::KeyResult, Kind::Metric, Kind::NorthStar];
    Some(match (table, key) {
        (_, "pillar") => &[Kind::Pillar],
        ("team", "parent") | (_, "team") => &[Kind::Team],
        ("objective", "parent" | "parents") | ("change", "id") => {
            &[Kind::Objective, Kind::KeyResult]
        }
        ("pillar", "inputs") => &[Kind::Metric],
        ("objective.key_result", "measured_by")
        | ("bet" | "checkin" | "bet.kill_when" | "bet.succeed_when", "metric") => MEASURES,
        ("initiative", "drives") => &[Kind::KeyResult],
        ("objective" | "initiative", "period" | "quarter") => &[Kind::Cycle],
        _ => return None,
    })
}

/// The values of an enumerated `key` of a `table`, as the plan spells them.
fn enum_values(table: &str, key: &str) -> Option<Vec<&'static str>> {
    fn names<T: VariantArray>(skip: &[&str]) -> Vec<&'static str>
    where
        for<'a> &'a T: Into<&'static str>,
    {
        T::VARIANTS
            .iter()
            .map(Into::into)
            .filter(|n| !skip.contains(n))
            .collect()
    }
    Some(match (table, key) {
        ("bet", "risk") => names::<Risk>(&[]),
        ("bet", "status") => names::<BetStatus>(&[]),
        ("initiative", "status") => names::<InitiativeStatus>(&[]),
        ("initiative", "work") => names::<WorkKind>(&[]),
        ("objective", "kind") => names::<ObjectiveKind>(&[]),
        // `north-star` is the North Star's own role, never written.
        ("metric", "role") => names::<MetricRole>(&["north-star"]),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(line: &str) -> Option<(String, String)> {
        let c = OPEN_VALUE.captures(line)?;
        Some((c[1].to_string(), c[2].to_string()))
    }

    #[test]
    fn the_key_and_what_was_typed_are_read_before_the_cursor() {
        let pair = |k: &str, t: &str| Some((k.to_string(), t.to_string()));
        assert_eq!(context("pillar = \"vel"), pair("pillar", "vel"));
        assert_eq!(context("pillar = \""), pair("pillar", ""));
        assert_eq!(context("parents = [\"a\", \"kr-"), pair("parents", "kr-"));
        assert_eq!(context("kill_when = { metric = \"mt"), pair("metric", "mt"));
        assert_eq!(context("pillar = \"velocity\""), None);
        assert_eq!(context("pillar = \"velocity\" # \"x"), None);
    }

    #[test]
    fn labels_around_today_on_the_calendar_and_the_fiscal_year() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let labels = |c: &Calendar| -> Vec<String> {
            labels_around(c, today)
                .iter()
                .map(|p| format!("{} {}", p.label, p.window))
                .collect()
        };
        assert_eq!(
            labels(&Calendar::default()),
            vec![
                "2026-Q3 2026-07-01 – 2026-09-30",
                "2026-Q4 2026-10-01 – 2026-12-31",
                "2027-Q1 2027-01-01 – 2027-03-31",
                "2027-Q2 2027-04-01 – 2027-06-30",
                "2026 2026-01-01 – 2026-12-31",
            ]
        );
        let fiscal = Calendar {
            fiscal_start: Some(crate::time::period::FiscalStart::parse("02-01").unwrap()),
            ..Calendar::default()
        };
        assert_eq!(
            labels(&fiscal),
            vec![
                "FY27-Q3 2026-08-01 – 2026-10-31",
                "FY27-Q4 2026-11-01 – 2027-01-31",
                "FY28-Q1 2027-02-01 – 2027-04-30",
                "FY28-Q2 2027-05-01 – 2027-07-31",
                "FY27 2026-02-01 – 2027-01-31",
            ]
        );
    }

    #[test]
    fn keys_take_their_kinds_and_enums_their_values() {
        assert_eq!(id_kinds("objective", "pillar"), Some(&[Kind::Pillar][..]));
        assert_eq!(id_kinds("team", "parent"), Some(&[Kind::Team][..]));
        assert_eq!(
            id_kinds("checkin", "metric"),
            Some(&[Kind::KeyResult, Kind::Metric, Kind::NorthStar][..])
        );
        assert_eq!(id_kinds("objective", "title"), None);
        assert_eq!(
            enum_values("bet", "risk"),
            Some(vec!["core", "adjacent", "transformational"])
        );
        assert_eq!(enum_values("metric", "role"), Some(vec!["input", "health"]));
        assert_eq!(
            enum_values("initiative", "status"),
            Some(vec!["planned", "active", "done", "dropped"])
        );
        assert_eq!(enum_values("bet", "title"), None);
    }
}
