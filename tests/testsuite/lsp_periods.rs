//! `northstar lsp` on periods (issue 25), on the fiscal example (fiscal year from
//! February 1, named by its end; two growth cycles): an inlay hint after each `period =
//! "…"` with the days its label or cycle id covers, and completion of period labels around
//! today, then cycle ids, where a period is expected. Uses the JSON-RPC client of lsp.rs.

use serde_json::{Value, json};

use crate::lsp::{Client, open, uri};

/// A copy of the fiscal example; the directory and its main file.
fn fiscal_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for f in ["northstar.toml", "checkins.toml"] {
        std::fs::copy(
            std::path::Path::new("examples/fiscal").join(f),
            dir.path().join(f),
        )
        .unwrap();
    }
    let main = dir.path().join("northstar.toml");
    (dir, main)
}

#[test]
fn period_labels_show_their_days_and_complete_on_the_fiscal_calendar() {
    let (dir, main) = fiscal_copy();
    let (mut client, _) = Client::start(dir.path(), &json!({}));
    client.published();
    // The second quarterly objective (line 218) in growth cycle 7, in an unsaved buffer.
    let text = std::fs::read_to_string(&main).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[217], "period = \"FY27-Q3\"");
    let edited = text.replacen(
        "id = \"alert-on-day-one\"\ntitle = \"Every trial gets a useful alert on its first day\"\npillar = \"time-to-value\"\nperiod = \"FY27-Q3\"",
        "id = \"alert-on-day-one\"\ntitle = \"Every trial gets a useful alert on its first day\"\npillar = \"time-to-value\"\nperiod = \"cycle-7\"",
        1,
    );
    assert_ne!(edited, text);
    open(&mut client, &main, &edited);
    client.published();
    let hints = client.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri(&main) }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 230, "character": 0 } } }),
    );
    // The objectives' periods (the initiatives' stand past line 230, outside the range).
    let periods: Vec<(u64, u64, &str)> = hints
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["label"].as_str().unwrap().starts_with('→'))
        .map(|h| {
            (
                h["position"]["line"].as_u64().unwrap(),
                h["position"]["character"].as_u64().unwrap(),
                h["label"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        periods,
        vec![
            (124, 15, "→ 2026-02-01 – 2027-01-31"),
            (161, 15, "→ 2026-02-01 – 2027-01-31"),
            (196, 18, "→ 2026-08-01 – 2026-10-31"),
            (217, 18, "→ 2026-10-19 – 2026-11-29"),
        ]
    );

    // `period = "FY` mid-edit on line 197: the fiscal quarters around today (2026-11-20,
    // in FY27-Q4), the fiscal year, then the cycles.
    let typing = edited.replacen("period = \"FY27-Q3\"", "period = \"FY", 1);
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri(&main), "version": 2 }, "contentChanges": [{ "text": typing }] }),
    );
    let items = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri(&main) }, "position": { "line": 196, "character": 12 } }),
    );
    let got: Vec<(&str, &str)> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["label"].as_str().unwrap(), i["detail"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("FY27-Q3", "2026-08-01 – 2026-10-31"),
            ("FY27-Q4", "2026-11-01 – 2027-01-31"),
            ("FY28-Q1", "2027-02-01 – 2027-04-30"),
            ("FY28-Q2", "2027-05-01 – 2027-07-31"),
            ("FY27", "2026-02-01 – 2027-01-31"),
            ("cycle-7", "cycle · Growth cycle 7"),
            ("cycle-8", "cycle · Growth cycle 8"),
        ]
    );
    assert_eq!(
        items[1]["textEdit"],
        json!({ "range": { "start": { "line": 196, "character": 10 }, "end": { "line": 196, "character": 12 } }, "newText": "FY27-Q4" })
    );
    let value: &Value = &items[0]["kind"];
    assert_eq!(value, &json!(21));
    assert_eq!(client.stop(), Some(0));
}
