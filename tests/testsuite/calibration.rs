//! `northstar calibration` (issue 24): exact Brier scores, reliability bands, goalposts,
//! late bets and the met-every-period flag on small plans with known check-ins, the
//! `--owner`, `--team` and `--period` narrowing, and a snapshot of each format.
//!
//! The main plan, as of 2026-11-20 (2026-Q2 and 2026-Q3 closed):
//! - ana (team web, under eng), 2026-Q3: `hit` done (confidences 0.5 and 0.9 in its
//!   window; a 0.1 on 2026-10-05, after it, is not counted): Brier ((0.5−1)² + (0.9−1)²)/2
//!   = 0.13; `miss` at 3 of 10 (confidence 0.8): 0.64; `silent` without a confidence. Her
//!   Brier is (0.13 + 0.64)/2 = 0.385, hit rate 1/2. Her bet `late-bet` was decided 10
//!   days after its decide-by, and `miss`'s target moved 8 → 10 with a recorded reason.
//! - bo (team sales), one key result done in 2026-Q2 (confidence 0.6: 0.16) and one in
//!   2026-Q3 (confidence 0.2: 0.64): Brier 0.4, every key result met in both periods.
//! - everyone: (0.13 + 0.64 + 0.16 + 0.64)/4 = 0.3925, hit rate 3/4.

use crate::common;

use common::northstar;
use serde_json::Value;

const AS_OF: &str = "2026-11-20";

const BODY: &str = r#"[[team]]
id = "eng"
name = "Engineering"

[[team]]
id = "web"
name = "Web"
parent = "eng"

[[team]]
id = "sales"
name = "Sales"

[[objective]]
id = "q3-ana"
title = "Ana's third quarter"
pillar = "p1"
team = "web"
period = "2026-Q3"
owner = "ana"

[[objective.key_result]]
id = "hit"
title = "Hit"
baseline = 0
target = 10

[[objective.key_result]]
id = "miss"
title = "Miss"
baseline = 0
target = 10

[[objective.key_result]]
id = "silent"
title = "No confidence"
baseline = 0
target = 10

[[objective]]
id = "q2-bo"
title = "Bo's second quarter"
pillar = "p1"
team = "sales"
period = "2026-Q2"
owner = "bo"

[[objective.key_result]]
id = "bo-q2"
title = "Bo in Q2"
baseline = 0
target = 4

[[objective]]
id = "q3-bo"
title = "Bo's third quarter"
pillar = "p1"
team = "sales"
period = "2026-Q3"
owner = "bo"

[[objective.key_result]]
id = "bo-q3"
title = "Bo in Q3"
baseline = 0
target = 4

[[bet]]
id = "late-bet"
title = "A bet decided late"
pillar = "p1"
team = "web"
hypothesis = "If we try, it works, because it is easy"
risk = "core"
appetite_weeks = 2
start = 2026-07-01
decide_by = 2026-08-01
decided = 2026-08-11
success = "It works"
kill = "It does not"
status = "validated"
owner = "ana"
outcome = "It worked"

[[checkin]]
metric = "hit"
date = 2026-07-15
value = 5
confidence = 0.5

[[checkin]]
metric = "hit"
date = 2026-09-20
value = 10
confidence = 0.9

[[checkin]]
metric = "hit"
date = 2026-10-05
value = 10
confidence = 0.1

[[checkin]]
metric = "miss"
date = 2026-08-01
value = 3
confidence = 0.8

[[checkin]]
metric = "silent"
date = 2026-08-01
value = 2

[[checkin]]
metric = "bo-q2"
date = 2026-06-01
value = 4
confidence = 0.6

[[checkin]]
metric = "bo-q3"
date = 2026-09-01
value = 4
confidence = 0.2

[[change]]
id = "miss"
field = "target"
from = 8
to = 10
date = 2026-08-15
reason = "the web team joined"
"#;

/// The main plan (see the module docs).
fn main_plan() -> (tempfile::TempDir, String) {
    common::small_plan("Calibration", "", BODY)
}

/// `northstar -f PLAN --as-of 2026-11-20 calibration ARGS`.
fn calibration(plan: &str, args: &[&str]) -> common::Outcome {
    let mut all = vec!["-f", plan, "--as-of", AS_OF, "calibration"];
    all.extend_from_slice(args);
    northstar(&all)
}

/// `calibration ARGS --format json`, parsed; the run must succeed.
fn json(plan: &str, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--format", "json"]);
    let r = calibration(plan, &all);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

fn close(v: &Value, expected: f64) {
    let actual = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
}

/// The row of `owner` in `owners`.
fn owner<'a>(c: &'a Value, name: &str) -> &'a Value {
    c["owners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["owner"] == name)
        .unwrap_or_else(|| panic!("no owner {name}"))
}

fn names(c: &Value) -> Vec<String> {
    c["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["owner"].as_str().unwrap_or("(none)").to_string())
        .collect()
}

#[test]
fn scores_per_owner_and_overall() {
    let (_dir, plan) = main_plan();
    let c = json(&plan, &[]);
    assert_eq!(c["periods"], serde_json::json!(["2026-Q2", "2026-Q3"]));
    assert_eq!(names(&c), ["ana", "bo"]);
    let ana = owner(&c, "ana");
    close(&ana["brier"], 0.385);
    close(&ana["hit_rate"], 0.5);
    assert_eq!(ana["key_results"], 2);
    assert_eq!(ana["without_confidence"], 1);
    assert_eq!(ana["checkins"], 3);
    assert_eq!(ana["met_every_period"], false);
    let bo = owner(&c, "bo");
    close(&bo["brier"], 0.4);
    close(&bo["hit_rate"], 1.0);
    assert_eq!(bo["met_every_period"], true);
    assert_eq!(
        bo["periods"],
        serde_json::json!([
            {"period": "2026-Q2", "key_results": 1, "met": 1},
            {"period": "2026-Q3", "key_results": 1, "met": 1}
        ])
    );
    let all = &c["overall"];
    close(&all["brier"], 0.3925);
    close(&all["hit_rate"], 0.75);
    assert_eq!(all["key_results"], 4);
    assert_eq!(all["without_confidence"], 1);
    assert_eq!(all["checkins"], 5);
    let hit = c["key_results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == "hit")
        .unwrap();
    assert_eq!(hit["confidences"], serde_json::json!([0.5, 0.9]));
    assert_eq!(hit["done"], true);
    assert_eq!(hit["last_day"], "2026-09-30");
    close(&hit["brier"], 0.13);
}

#[test]
fn reliability_bands_weigh_each_key_result_once() {
    let (_dir, plan) = main_plan();
    let c = json(&plan, &[]);
    let bands = c["overall"]["reliability"].as_array().unwrap();
    let counts: Vec<u64> = bands
        .iter()
        .map(|b| b["checkins"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [0, 1, 1, 1, 2]);
    assert_eq!(bands[0]["mean_confidence"], Value::Null);
    // [0.8, 1.0]: hit's 0.9 (weight 1/2, done) and miss's 0.8 (weight 1, not done).
    close(&bands[4]["weight"], 1.5);
    close(&bands[4]["mean_confidence"], (0.45 + 0.8) / 1.5);
    close(&bands[4]["hit_rate"], 0.5 / 1.5);
    // 0.2 and 0.6 fall in the band they open, not the one they close.
    close(&bands[1]["mean_confidence"], 0.2);
    close(&bands[3]["mean_confidence"], 0.6);
}

#[test]
fn goalposts_and_late_bets() {
    let (_dir, plan) = main_plan();
    let c = json(&plan, &[]);
    assert_eq!(c["overall"]["goalposts_recorded"], 1);
    assert_eq!(c["overall"]["goalposts_unrecorded"], 0);
    assert_eq!(c["goalposts"][0]["id"], "miss");
    assert_eq!(c["goalposts"][0]["reason"], "the web team joined");
    assert_eq!(owner(&c, "ana")["goalposts_recorded"], 1);
    assert_eq!(owner(&c, "bo")["goalposts_recorded"], 0);
    assert_eq!(
        c["late_bets"],
        serde_json::json!([{
            "id": "late-bet", "owner": "ana", "decide_by": "2026-08-01",
            "decided": "2026-08-11", "days_late": 10
        }])
    );
    assert_eq!(owner(&c, "ana")["late_bets"], 1);
    assert_eq!(owner(&c, "ana")["days_late"], 10);
    assert_eq!(c["overall"]["bets_decided"], 1);
}

#[test]
fn owner_team_and_period_narrow() {
    let (_dir, plan) = main_plan();
    let ana = json(&plan, &["--owner", "ana"]);
    assert_eq!(names(&ana), ["ana"]);
    close(&ana["overall"]["brier"], 0.385);
    assert_eq!(ana["overall"]["late_bets"], 1);
    // `eng` takes in its sub-team `web`: ana's objective and bet.
    let eng = json(&plan, &["--team", "eng"]);
    assert_eq!(names(&eng), ["ana"]);
    assert_eq!(eng["overall"]["key_results"], 2);
    let sales = json(&plan, &["--team", "sales"]);
    assert_eq!(names(&sales), ["bo"]);
    assert_eq!(sales["overall"]["late_bets"], 0);
    assert_eq!(sales["goalposts"], serde_json::json!([]));
    // One period: bo has one, so no flag.
    let q3 = json(&plan, &["--period", "2026-Q3"]);
    assert_eq!(q3["periods"], serde_json::json!(["2026-Q3"]));
    assert_eq!(owner(&q3, "bo")["met_every_period"], false);
    close(&owner(&q3, "bo")["brier"], 0.64);
    // `--period` repeats (in any order; `--quarter` too, and before the command), and
    // two periods bring back bo's flag.
    for args in [
        &["--period", "2026-Q3", "--quarter", "2026-Q2"][..],
        &[
            "--period", "2026-Q2", "--period", "2026-Q3", "--period", "2026-Q2",
        ][..],
    ] {
        let both = json(&plan, args);
        assert_eq!(both["periods"], serde_json::json!(["2026-Q2", "2026-Q3"]));
        assert_eq!(owner(&both, "bo")["met_every_period"], true);
    }
    let before = northstar(&[
        "-f",
        &plan,
        "--as-of",
        AS_OF,
        "--period",
        "2026-Q2",
        "calibration",
        "--format",
        "json",
    ]);
    let before: Value = serde_json::from_str(&before.stdout).unwrap();
    assert_eq!(before["periods"], serde_json::json!(["2026-Q2"]));
}

#[test]
fn refusals() {
    let (_dir, plan) = main_plan();
    let open = calibration(&plan, &["--period", "2026-Q4"]);
    assert_eq!(open.code, 2);
    // After the plan's one warning (the 2026-10-05 check-in outside `hit`'s window).
    assert_eq!(
        open.stderr,
        "warning: 1 warning (1 checkin-outside-window); run `northstar check` for details\n\
         error: `2026-Q4` has not closed: it ends 2026-12-31, on or after the as-of date 2026-11-20\n\
         help: calibration reads closed periods; name an earlier one, or leave out `--period` for every closed period\n"
    );
    let second_open = calibration(&plan, &["--period", "2026-Q3", "--period", "2026-Q4"]);
    assert_eq!(second_open.code, 2);
    assert!(
        second_open.stderr.contains("`2026-Q4` has not closed"),
        "{}",
        second_open.stderr
    );
    let nobody = calibration(&plan, &["--owner", "anna"]);
    assert_eq!(nobody.code, 2);
    assert!(
        nobody.stderr.contains("no one named `anna`"),
        "{}",
        nobody.stderr
    );
    let team = calibration(&plan, &["--team", "nope"]);
    assert_eq!(team.code, 2);
    assert!(team.stderr.contains("no team `nope`"), "{}", team.stderr);
}

/// A plan whose Q3 key results all end `done` (or all not), with `confidence` each.
fn uniform(done: bool) -> (tempfile::TempDir, String) {
    let value = if done { 10 } else { 4 };
    let body = format!(
        "[[objective]]\nid = \"o\"\ntitle = \"O\"\npillar = \"p1\"\nperiod = \"2026-Q3\"\nowner = \"cy\"\n\n\
         [[objective.key_result]]\nid = \"a\"\ntitle = \"A\"\nbaseline = 0\ntarget = 10\n\n\
         [[objective.key_result]]\nid = \"b\"\ntitle = \"B\"\nbaseline = 0\ntarget = 10\nowner = \"dee\"\n\n\
         [[checkin]]\nmetric = \"a\"\ndate = 2026-08-01\nvalue = {value}\nconfidence = 0.7\n\n\
         [[checkin]]\nmetric = \"b\"\ndate = 2026-08-01\nvalue = {value}\nconfidence = 0.3\n"
    );
    common::small_plan("Uniform", "", &body)
}

#[test]
fn all_hits_and_all_misses() {
    let (_dir, plan) = uniform(true);
    let c = json(&plan, &[]);
    // (0.7−1)² = 0.09 and (0.3−1)² = 0.49.
    close(&c["overall"]["brier"], 0.29);
    close(&c["overall"]["hit_rate"], 1.0);
    // A key result's own owner wins over its objective's.
    assert_eq!(names(&c), ["cy", "dee"]);
    close(&owner(&c, "cy")["brier"], 0.09);
    close(&owner(&c, "dee")["brier"], 0.49);
    let (_dir, plan) = uniform(false);
    let c = json(&plan, &[]);
    close(&c["overall"]["brier"], 0.29);
    close(&c["overall"]["hit_rate"], 0.0);
    close(&owner(&c, "cy")["brier"], 0.49);
}

#[test]
fn no_data() {
    let body = "[[objective]]\nid = \"o\"\ntitle = \"O\"\npillar = \"p1\"\nperiod = \"2026-Q4\"\nowner = \"cy\"\n\n\
                [[objective.key_result]]\nid = \"a\"\ntitle = \"A\"\nbaseline = 0\ntarget = 10\n\n\
                [[checkin]]\nmetric = \"a\"\ndate = 2026-10-10\nvalue = 3\nconfidence = 0.5\n";
    let (_dir, plan) = common::small_plan("Empty", "", body);
    let c = json(&plan, &[]);
    assert_eq!(c["periods"], serde_json::json!([]));
    assert_eq!(c["owners"], serde_json::json!([]));
    assert_eq!(c["overall"]["brier"], Value::Null);
    assert_eq!(c["overall"]["key_results"], 0);
    let r = calibration(&plan, &[]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .contains("No closed period with key-result check-ins before 2026-11-20."),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("not performance scores"), "{}", r.stdout);
}

#[test]
fn a_key_result_without_confidence_is_left_out_and_counted() {
    let body = "[[objective]]\nid = \"o\"\ntitle = \"O\"\npillar = \"p1\"\nperiod = \"2026-Q3\"\nowner = \"cy\"\n\n\
                [[objective.key_result]]\nid = \"a\"\ntitle = \"A\"\nbaseline = 0\ntarget = 10\n\n\
                [[checkin]]\nmetric = \"a\"\ndate = 2026-08-10\nvalue = 10\n";
    let (_dir, plan) = common::small_plan("Quiet", "", body);
    let c = json(&plan, &[]);
    assert_eq!(c["overall"]["key_results"], 0);
    assert_eq!(c["overall"]["without_confidence"], 1);
    assert_eq!(c["overall"]["brier"], Value::Null);
    assert_eq!(owner(&c, "cy")["without_confidence"], 1);
    // One period only: no flag, though its key result was met.
    assert_eq!(owner(&c, "cy")["met_every_period"], false);
}

#[test]
fn every_format_snapshot() {
    let (_dir, plan) = main_plan();
    for format in ["table", "markdown", "csv", "json"] {
        let r = calibration(&plan, &["--format", format]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        insta::assert_snapshot!(format!("calibration_{format}"), r.stdout);
    }
}

/// The JSON contract of `docs/output.md`, read back into structs that deny unknown fields.
#[allow(dead_code)]
mod contract {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Calibration {
        pub plan: String,
        pub as_of: String,
        pub periods: Vec<String>,
        pub overall: Scores,
        pub owners: Vec<OwnerRow>,
        pub key_results: Vec<KeyResult>,
        pub goalposts: Vec<Goalpost>,
        pub late_bets: Vec<LateBet>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Scores {
        pub key_results: usize,
        pub without_confidence: usize,
        pub checkins: usize,
        pub brier: Option<f64>,
        pub hit_rate: Option<f64>,
        pub reliability: Vec<Band>,
        pub goalposts_recorded: usize,
        pub goalposts_unrecorded: usize,
        pub bets_decided: usize,
        pub late_bets: usize,
        pub days_late: i64,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Band {
        pub from: f64,
        pub to: f64,
        pub checkins: usize,
        pub weight: f64,
        pub mean_confidence: Option<f64>,
        pub hit_rate: Option<f64>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct OwnerRow {
        pub owner: Option<String>,
        pub key_results: usize,
        pub without_confidence: usize,
        pub checkins: usize,
        pub brier: Option<f64>,
        pub hit_rate: Option<f64>,
        pub reliability: Vec<Band>,
        pub goalposts_recorded: usize,
        pub goalposts_unrecorded: usize,
        pub bets_decided: usize,
        pub late_bets: usize,
        pub days_late: i64,
        pub periods: Vec<OwnerPeriod>,
        pub met_every_period: bool,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct OwnerPeriod {
        pub period: String,
        pub key_results: usize,
        pub met: usize,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct KeyResult {
        pub id: String,
        pub objective: String,
        pub period: String,
        pub owners: Vec<String>,
        pub last_day: String,
        pub progress: Option<f64>,
        pub done: bool,
        pub confidences: Vec<f64>,
        pub brier: Option<f64>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Goalpost {
        pub kind: String,
        pub id: String,
        pub field: String,
        pub from: serde_json::Value,
        pub to: serde_json::Value,
        pub quarter: String,
        pub reason: Option<String>,
        pub recorded: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct LateBet {
        pub id: String,
        pub owner: Option<String>,
        pub decide_by: String,
        pub decided: String,
        pub days_late: i64,
    }
}

#[test]
fn json_keeps_its_documented_contract() {
    let (_dir, plan) = main_plan();
    let r = calibration(&plan, &["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let c: contract::Calibration = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(c.overall.reliability.len(), 5);
    assert_eq!(c.owners.len(), 2);
    assert_eq!(c.key_results.len(), 5);
    // The empty calibration keeps the same shape.
    let body = "[[objective]]\nid = \"o\"\ntitle = \"O\"\npillar = \"p1\"\nperiod = \"2026-Q4\"\n";
    let (_dir, empty) = common::small_plan("Empty", "", body);
    let r = calibration(&empty, &["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let c: contract::Calibration = serde_json::from_str(&r.stdout).unwrap();
    assert!(c.periods.is_empty() && c.owners.is_empty());
}

/// In a git repository the goalposts are the goalpost audit's, against the last commit
/// before 2026-Q3 began: there `miss`'s target was 8 and `bo-q3`'s 4; in the working tree
/// they are 10 (recorded by the plan's `[[change]]`: ana's) and 5 (no record: bo's).
#[test]
fn an_unrecorded_goalpost_comes_from_git_history() {
    let (dir, plan) = main_plan();
    let text = std::fs::read_to_string(&plan).unwrap();
    let target = |id: &str, from: u8, to: u8, text: &str| {
        let title = if id == "miss" { "Miss" } else { "Bo in Q3" };
        let at = |t: u8| format!("id = \"{id}\"\ntitle = \"{title}\"\nbaseline = 0\ntarget = {t}");
        assert!(text.contains(&at(from)), "{id}");
        text.replacen(&at(from), &at(to), 1)
    };
    std::fs::write(&plan, target("miss", 10, 8, &text)).unwrap();
    common::git(dir.path(), &["init", "-q"]);
    common::git(dir.path(), &["add", "."]);
    common::git_output(
        dir.path(),
        &["commit", "-q", "-m", "Q3 plan"],
        Some("2026-06-20T12:00:00Z"),
    );
    std::fs::write(&plan, target("bo-q3", 4, 5, &text)).unwrap();
    let c = json(&plan, &[]);
    assert_eq!(c["overall"]["goalposts_recorded"], 1);
    assert_eq!(c["overall"]["goalposts_unrecorded"], 1);
    assert_eq!(owner(&c, "bo")["goalposts_unrecorded"], 1);
    assert_eq!(owner(&c, "ana")["goalposts_recorded"], 1);
    let unrecorded: Vec<&Value> = c["goalposts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["reason"].is_null())
        .collect();
    assert_eq!(unrecorded.len(), 1);
    assert_eq!(unrecorded[0]["id"], "bo-q3");
}
