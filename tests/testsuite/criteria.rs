//! Bets' kill and success criteria as data (`kill_when`, `succeed_when`): evaluated on the
//! as-of date, shown by `bets`, failing `bets --fail`, warned by `check`, and checked when
//! written wrong.

use crate::common;

use common::northstar;
use serde_json::Value;

const FIXTURE: &str = "tests/diagnostics/kill-criteria-met/northstar.toml";

fn bets_json(as_of: &str) -> Value {
    let r = northstar(&["-f", FIXTURE, "--as-of", as_of, "bets", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

#[test]
fn criteria_hold_since_a_date_and_fail_bets_fail() {
    // mttr: 50 (Nov 1), 70 (Nov 5), 65 (Nov 16). Kill: above 60 for 14 days; on Nov 20
    // the reading on or before Nov 6 is 70 and every later one is above 60: met since Nov 5.
    let v = bets_json("2026-11-20");
    let bet = &v["bets"][0];
    assert_eq!(
        (&bet["kill_met"], &bet["success_met"]),
        (&Value::from("2026-11-05"), &Value::Null)
    );
    // On Nov 18 the reading on or before Nov 4 is 50: not yet for 14 days.
    assert_eq!(bets_json("2026-11-18")["bets"][0]["kill_met"], Value::Null);
    let table = northstar(&["-f", FIXTURE, "--as-of", "2026-11-20", "bets"]);
    assert!(
        table.stdout.contains("kill criteria met since 2026-11-05"),
        "{}",
        table.stdout
    );
    let markdown = northstar(&[
        "-f",
        FIXTURE,
        "--as-of",
        "2026-11-20",
        "bets",
        "--format",
        "markdown",
    ]);
    assert!(
        markdown
            .stdout
            .contains("running · kill criteria met since 2026-11-05"),
        "{}",
        markdown.stdout
    );
    let fail = northstar(&["-f", FIXTURE, "--as-of", "2026-11-20", "bets", "--fail"]);
    assert_eq!(fail.code, 1);
    assert!(
        fail.stderr
            .ends_with("error: 1 running bet meeting kill criteria: ai-triage\n"),
        "{}",
        fail.stderr
    );
    let early = northstar(&["-f", FIXTURE, "--as-of", "2026-11-18", "bets", "--fail"]);
    assert_eq!(early.code, 0, "{}", early.stderr);
}

#[test]
fn success_criteria_below_a_bound() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("northstar.toml");
    let text = std::fs::read_to_string(FIXTURE).unwrap()
        + "\n[[checkin]]\nmetric = \"mttr\"\ndate = 2026-11-19\nvalue = 25\n";
    std::fs::write(&plan, text).unwrap();
    let r = northstar(&[
        "-f",
        plan.to_str().unwrap(),
        "--as-of",
        "2026-11-20",
        "bets",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    // 25 < 30: success since Nov 19; 25 is not above 60: the kill criteria no longer hold.
    assert_eq!(
        (&v["bets"][0]["kill_met"], &v["bets"][0]["success_met"]),
        (&Value::Null, &Value::from("2026-11-19"))
    );
}

#[test]
fn criteria_written_wrong_are_diagnosed() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("northstar.toml");
    let text = std::fs::read_to_string(FIXTURE)
        .unwrap()
        .replace(
            "kill_when = { metric = \"mttr\", above = 60, for_days = 14 }",
            "kill_when = { metric = \"mttr\", above = 60, below = 10, for_days = 0 }",
        )
        .replace(
            "succeed_when = { metric = \"mttr\", below = 30 }",
            "succeed_when = { metric = \"mtr\" }",
        );
    std::fs::write(&plan, text).unwrap();
    let r = northstar(&[
        "-f",
        plan.to_str().unwrap(),
        "--as-of",
        "2026-11-20",
        "check",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(
        common::codes(&r.stdout),
        [
            "conflicting-fields",
            "out-of-range",
            "missing-field",
            "unknown-reference"
        ]
    );
}
