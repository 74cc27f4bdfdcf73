//! Reading a measure's value from its `source` (issue 12's first increment: `kind = "file"`
//! only): a CSV column or a JSON pointer, as of a measurement date. Nothing here writes or
//! prints; `northstar measure` turns each value into a check-in through
//! [`crate::record::prepare_checkin`], like `northstar checkin`.
//!
//! The rules (README, "Measuring from sources"):
//! - CSV (`column`): the first row is the header. When it has a `date` column, the value
//!   is the row whose `date` is the measurement date `YYYY-MM-DD` (the last such row), and
//!   it is an error when there is none; otherwise the last row.
//! - JSON (`pointer`): the value at the JSON pointer (RFC 6901); a number, or a string
//!   holding one (surrounding spaces ignored).
//! - The value must be a finite number.

use std::path::Path;

use chrono::NaiveDate;

use crate::plan::Plan;
use crate::plan::model::{Measured, Source, SourceRead};

/// Every measure of `plan` with a source, in plan order: the North Star, the metrics, then
/// the key results.
#[must_use]
pub fn sources(plan: &Plan) -> Vec<(Measured, &Source)> {
    let north_star = plan
        .north_star
        .iter()
        .filter_map(|n| n.source.as_ref().map(|s| (Measured::NorthStar, s)));
    let metrics = plan
        .metrics
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.source.as_ref().map(|s| (Measured::Metric(i), s)));
    let key_results = plan.objectives.iter().enumerate().flat_map(|(oi, o)| {
        o.key_results.iter().enumerate().filter_map(move |(ki, k)| {
            k.source.as_ref().map(|s| {
                (
                    Measured::KeyResult(crate::plan::model::KrRef {
                        objective: oi,
                        key_result: ki,
                    }),
                    s,
                )
            })
        })
    });
    north_star.chain(metrics).chain(key_results).collect()
}

/// The value of `source`, read from `file` (its path resolved against the directory of
/// the plan file defining it) as of `date`.
///
/// Errors (a message naming the file as written in the plan): the file cannot be read; it
/// is not valid CSV or JSON; the column or pointer is not there; a CSV with a `date`
/// column has no row for `date`; a CSV has no rows; the value is not a finite number.
pub fn read(source: &Source, file: &Path, date: NaiveDate) -> Result<f64, String> {
    let shown = &source.path;
    let bytes = std::fs::read(file).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("`{shown}` does not exist"),
        _ => format!("cannot read `{shown}`: {e}"),
    })?;
    match &source.read {
        SourceRead::Column(column) => csv_value(&bytes, shown, column, date),
        SourceRead::Pointer(pointer) => json_value(&bytes, shown, pointer),
    }
}

/// The value of `column` in CSV `bytes` (see the module docs for which row).
fn csv_value(bytes: &[u8], shown: &str, column: &str, date: NaiveDate) -> Result<f64, String> {
    let invalid = |e: csv::Error| format!("`{shown}` is not valid CSV: {e}");
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(bytes);
    let headers = reader.headers().map_err(invalid)?.clone();
    let Some(index) = headers.iter().position(|h| h == column) else {
        let names: Vec<&str> = headers.iter().collect();
        return Err(format!(
            "`{shown}` has no column `{column}` (its columns: {})",
            names.join(", ")
        ));
    };
    let date_index = headers.iter().position(|h| h == "date");
    let wanted = date.to_string();
    let mut chosen = None;
    for record in reader.records() {
        let record = record.map_err(invalid)?;
        if date_index.is_none_or(|d| record.get(d) == Some(wanted.as_str())) {
            chosen = Some(record);
        }
    }
    let Some(record) = chosen else {
        return Err(match date_index {
            Some(_) => format!("`{shown}` has no row dated {date} in its `date` column"),
            None => format!("`{shown}` has no rows"),
        });
    };
    let text = record.get(index).unwrap_or("");
    number(text)
        .ok_or_else(|| format!("`{text}` in column `{column}` of `{shown}` is not a number"))
}

/// The value at `pointer` in JSON `bytes`.
fn json_value(bytes: &[u8], shown: &str, pointer: &str) -> Result<f64, String> {
    let doc: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| format!("`{shown}` is not valid JSON: {e}"))?;
    let value = doc
        .pointer(pointer)
        .ok_or_else(|| format!("`{shown}` has nothing at pointer `{pointer}`"))?;
    let found = match value {
        serde_json::Value::Number(n) => n.as_f64().filter(|v| v.is_finite()),
        serde_json::Value::String(s) => number(s),
        _ => None,
    };
    found.ok_or_else(|| {
        let mut written = value.to_string();
        if written.chars().count() > 40 {
            written = written.chars().take(39).collect::<String>() + "…";
        }
        format!("the value at `{pointer}` in `{shown}` is not a number: `{written}`")
    })
}

/// `text` (spaces around it ignored) as a finite number.
fn number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn csv_rows_by_date_or_last() {
        let dated = b"date,value\n2026-11-13,40\n2026-11-20, 42.5 \n2026-11-27,44\n";
        assert_eq!(
            csv_value(dated, "v.csv", "value", d("2026-11-20")),
            Ok(42.5)
        );
        assert_eq!(
            csv_value(dated, "v.csv", "value", d("2026-11-21")),
            Err("`v.csv` has no row dated 2026-11-21 in its `date` column".into())
        );
        let undated = b"week,value\n46,40\n47,41\n";
        assert_eq!(
            csv_value(undated, "v.csv", "value", d("2026-11-21")),
            Ok(41.0)
        );
        assert_eq!(
            csv_value(b"week,value\n", "v.csv", "value", d("2026-11-21")),
            Err("`v.csv` has no rows".into())
        );
        assert_eq!(
            csv_value(undated, "v.csv", "points", d("2026-11-21")),
            Err("`v.csv` has no column `points` (its columns: week, value)".into())
        );
        assert_eq!(
            csv_value(b"value\nn/a\n", "v.csv", "value", d("2026-11-21")),
            Err("`n/a` in column `value` of `v.csv` is not a number".into())
        );
        assert_eq!(
            csv_value(b"a,value\n1\n", "v.csv", "value", d("2026-11-21")),
            Err("`` in column `value` of `v.csv` is not a number".into())
        );
    }

    #[test]
    fn json_numbers_and_numeric_strings() {
        let doc = br#"{"data":[{"value":12.5,"s":" 7 ","b":true,"inf":"inf"}]}"#;
        assert_eq!(json_value(doc, "s.json", "/data/0/value"), Ok(12.5));
        assert_eq!(json_value(doc, "s.json", "/data/0/s"), Ok(7.0));
        assert_eq!(
            json_value(doc, "s.json", "/data/1/value"),
            Err("`s.json` has nothing at pointer `/data/1/value`".into())
        );
        assert_eq!(
            json_value(doc, "s.json", "/data/0/b"),
            Err("the value at `/data/0/b` in `s.json` is not a number: `true`".into())
        );
        assert_eq!(
            json_value(doc, "s.json", "/data/0/inf"),
            Err("the value at `/data/0/inf` in `s.json` is not a number: `\"inf\"`".into())
        );
        assert!(
            json_value(b"{", "s.json", "/a")
                .unwrap_err()
                .starts_with("`s.json` is not valid JSON: ")
        );
    }
}
