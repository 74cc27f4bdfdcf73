//! `northstar digest` (issue 24): exact contents on a small plan with known check-ins,
//! decisions and goalpost records, the `--since`, `--owner` and `--team` narrowing, an
//! empty week, a snapshot of each format, the HTML kept mail-safe and the Slack message
//! checked against Block Kit's documented shape.
//!
//! The main plan, as of 2026-11-20 (2026-Q4; `--since 7d`: 2026-11-14 to 2026-11-20;
//! `stale_after_days` 14):
//! - ana (team web, under eng), objective `grow`: `signups` checked in at 40 on 11-01, 50
//!   on 11-14 (the span's first day) and 70 on 11-17; `churn` at 3 on 10-20 (on-track)
//!   and 3.2 on 11-18 (at-risk: a status change). Her bets: `search`, decide-by 12-04 (in
//!   14 days), `mobile`, decide-by 11-10 (10 days overdue).
//! - bo (team sales), objective `sell`: `deals` checked in on 11-12 (before the span; stale
//!   after 11-26, within 7 days), its target moved 8 → 10 on 11-16 with a reason; `calls`
//!   last checked in on 11-01 (stale since 11-16, off-track). His bet `pricing` was
//!   validated on 11-19; `later`'s decide-by is 12-05, 15 days away (not listed).

use std::fmt::Write as _;

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
id = "grow"
title = "Grow"
pillar = "p1"
team = "web"
period = "2026-Q4"
owner = "ana"

[[objective.key_result]]
id = "signups"
title = "Signups"
baseline = 0
target = 100

[[objective.key_result]]
id = "churn"
title = "Churn fixes"
baseline = 0
target = 10

[[objective]]
id = "sell"
title = "Sell"
pillar = "p2"
team = "sales"
period = "2026-Q4"
owner = "bo"

[[objective.key_result]]
id = "deals"
title = "Deals <closed> & won"
baseline = 0
target = 10

[[objective.key_result]]
id = "calls"
title = "Calls"
baseline = 0
target = 10

[[bet]]
id = "pricing"
title = "Usage pricing"
pillar = "p2"
team = "sales"
hypothesis = "If we price by use, more teams buy, because it starts cheap"
risk = "adjacent"
appetite_weeks = 4
start = 2026-10-01
decide_by = 2026-11-30
decided = 2026-11-19
success = "Ten teams buy"
kill = "None buy"
status = "validated"
owner = "bo"
outcome = "Customers pay"

[[bet]]
id = "later"
title = "Later bet"
pillar = "p2"
team = "sales"
hypothesis = "If we wait, we learn, because time passes"
risk = "core"
appetite_weeks = 2
start = 2026-10-01
decide_by = 2026-12-05
success = "We learn"
kill = "We do not"
status = "running"
owner = "bo"

[[bet]]
id = "search"
title = "Search"
pillar = "p1"
team = "web"
hypothesis = "If people find things, they stay, because they need them"
risk = "core"
appetite_weeks = 3
start = 2026-10-01
decide_by = 2026-12-04
success = "They stay"
kill = "They leave"
status = "running"
owner = "ana"

[[bet]]
id = "mobile"
title = "Mobile app"
pillar = "p1"
team = "web"
hypothesis = "If we ship an app, use grows, because phones are everywhere"
risk = "transformational"
appetite_weeks = 6
start = 2026-10-01
decide_by = 2026-11-10
success = "Use grows"
kill = "It does not"
status = "running"
owner = "ana"

[[checkin]]
metric = "signups"
date = 2026-11-01
value = 40

[[checkin]]
metric = "signups"
date = 2026-11-14
value = 50
by = "ana"

[[checkin]]
metric = "signups"
date = 2026-11-17
value = 70
by = "ana"
note = "Launch <beta> & more"
confidence = 0.8

[[checkin]]
metric = "churn"
date = 2026-10-20
value = 3

[[checkin]]
metric = "churn"
date = 2026-11-18
value = 3.2
by = "ana"

[[checkin]]
metric = "deals"
date = 2026-11-12
value = 5

[[checkin]]
metric = "calls"
date = 2026-11-01
value = 1

[[change]]
id = "signups"
field = "target"
from = 90
to = 100
date = 2026-10-10
reason = "an older move"

[[change]]
id = "deals"
field = "target"
from = 8
to = 10
date = 2026-11-16
reason = "two more reps joined"
"#;

/// The main plan (see the module docs).
fn main_plan() -> (tempfile::TempDir, String) {
    common::small_plan("Digest", "", BODY)
}

/// `northstar -f PLAN --as-of 2026-11-20 digest ARGS`.
fn digest(plan: &str, args: &[&str]) -> common::Outcome {
    let mut all = vec!["-f", plan, "--as-of", AS_OF, "digest"];
    all.extend_from_slice(args);
    northstar(&all)
}

/// `digest ARGS --format json`, parsed; the run must succeed.
fn json(plan: &str, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--format", "json"]);
    let r = digest(plan, &all);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

fn close(v: &Value, expected: f64) {
    let actual = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
}

/// `(date, kind, id)` of each event of `moved`, in order.
fn moved(d: &Value) -> Vec<(String, String, String)> {
    d["moved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["date"].as_str().unwrap().to_string(),
                e["kind"].as_str().unwrap().to_string(),
                e["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn ids(d: &Value, key: &str) -> Vec<String> {
    d[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

fn t(date: &str, kind: &str, id: &str) -> (String, String, String) {
    (date.into(), kind.into(), id.into())
}

#[test]
fn a_week_of_checkins_decisions_and_goalposts_newest_first() {
    let (_dir, plan) = main_plan();
    let d = json(&plan, &[]);
    assert_eq!(d["since"], "2026-11-14");
    assert_eq!(d["as_of"], "2026-11-20");
    assert_eq!(d["period"], "2026-Q4");
    assert_eq!(
        moved(&d),
        [
            t("2026-11-19", "bet-decided", "pricing"),
            t("2026-11-18", "checkin", "churn"),
            t("2026-11-17", "checkin", "signups"),
            t("2026-11-16", "goalpost", "deals"),
            t("2026-11-14", "checkin", "signups"),
        ]
    );
    let m = d["moved"].as_array().unwrap();
    assert_eq!(m[0]["status"], "validated");
    assert_eq!(m[0]["outcome"], "Customers pay");
    // churn: 0.3 → 0.32, on-track → at-risk.
    close(&m[1]["progress"], 0.32);
    close(&m[1]["progress_change"], 0.02);
    assert_eq!(m[1]["status"], "at-risk");
    assert_eq!(m[1]["status_was"], "on-track");
    // signups: 0.5 → 0.7, on-track throughout: no status change.
    close(&m[2]["progress"], 0.7);
    close(&m[2]["progress_change"], 0.2);
    assert_eq!(m[2]["status_was"], Value::Null);
    assert_eq!(m[2]["note"], "Launch <beta> & more");
    close(&m[4]["progress_change"], 0.1);
    // The goalpost, with its reason; the older record (2026-10-10) is not in the span.
    assert_eq!(m[3]["field"], "target");
    assert_eq!(m[3]["from"], 8.0);
    assert_eq!(m[3]["to"], 10.0);
    assert_eq!(m[3]["reason"], "two more reps joined");
    assert_eq!(m[3]["entity"], "key-result");
}

#[test]
fn at_risk_bets_due_and_what_each_owner_owes() {
    let (_dir, plan) = main_plan();
    let d = json(&plan, &[]);
    assert_eq!(ids(&d, "at_risk"), ["calls", "churn"]);
    assert_eq!(d["at_risk"][0]["status"], "off-track");
    assert_eq!(d["at_risk"][1]["status"], "at-risk");
    assert_eq!(ids(&d, "bets_due"), ["mobile", "search"]);
    assert_eq!(d["bets_due"][0]["days_left"], -10);
    assert_eq!(d["bets_due"][1]["days_left"], 14);
    assert_eq!(
        d["owes"],
        serde_json::json!([
            {"owner": "ana", "key_results": [], "bets": ["mobile", "search"]},
            {"owner": "bo", "key_results": [
                {"id": "calls", "title": "Calls", "last_checkin": "2026-11-01", "due": "2026-11-15", "stale": true},
                {"id": "deals", "title": "Deals <closed> & won", "last_checkin": "2026-11-12", "due": "2026-11-26", "stale": false}
            ], "bets": []}
        ])
    );
}

#[test]
fn since_takes_days_weeks_and_a_date() {
    let (_dir, plan) = main_plan();
    let two_weeks = json(&plan, &["--since", "2w"]);
    assert_eq!(two_weeks["since"], "2026-11-07");
    assert_eq!(
        moved(&two_weeks)[4..],
        [
            t("2026-11-14", "checkin", "signups"),
            t("2026-11-12", "checkin", "deals"),
        ]
    );
    let day = json(&plan, &["--since", "2026-11-18"]);
    assert_eq!(day["since"], "2026-11-18");
    assert_eq!(
        moved(&day),
        [
            t("2026-11-19", "bet-decided", "pricing"),
            t("2026-11-18", "checkin", "churn"),
        ]
    );
    let r = digest(&plan, &["--since", "2026-11-21"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("`--since 2026-11-21` is after the as-of date 2026-11-20"),
        "{}",
        r.stderr
    );
}

#[test]
fn owner_narrows_to_one_persons_list() {
    let (_dir, plan) = main_plan();
    let d = json(&plan, &["--owner", "bo"]);
    assert_eq!(d["owner"], "bo");
    assert_eq!(
        moved(&d),
        [
            t("2026-11-19", "bet-decided", "pricing"),
            t("2026-11-16", "goalpost", "deals"),
        ]
    );
    assert_eq!(ids(&d, "at_risk"), ["calls"]);
    assert!(ids(&d, "bets_due").is_empty());
    let owners: Vec<&str> = d["owes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["owner"].as_str().unwrap())
        .collect();
    assert_eq!(owners, ["bo"]);
    let r = digest(&plan, &["--owner", "an"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no one named `an` owns anything"),
        "{}",
        r.stderr
    );
}

#[test]
fn team_narrows_to_the_team_and_its_sub_teams() {
    let (_dir, plan) = main_plan();
    for team in ["web", "eng"] {
        let d = json(&plan, &["--team", team]);
        assert_eq!(
            moved(&d),
            [
                t("2026-11-18", "checkin", "churn"),
                t("2026-11-17", "checkin", "signups"),
                t("2026-11-14", "checkin", "signups"),
            ],
            "{team}"
        );
        assert_eq!(ids(&d, "at_risk"), ["churn"]);
        assert_eq!(ids(&d, "bets_due"), ["mobile", "search"]);
        assert_eq!(d["owes"].as_array().unwrap().len(), 1);
        assert_eq!(d["owes"][0]["owner"], "ana");
    }
    let r = digest(&plan, &["--team", "nope"]);
    assert_eq!(r.code, 2);
}

const QUIET: &str = r#"[[objective]]
id = "done"
title = "Done early"
pillar = "p1"
period = "2026-Q4"
owner = "cy"

[[objective.key_result]]
id = "shipped"
title = "Shipped"
baseline = 0
target = 10

[[checkin]]
metric = "shipped"
date = 2026-11-02
value = 10
"#;

#[test]
fn an_empty_week_says_so_in_one_line() {
    let (_dir, plan) = common::small_plan("Quiet", "", QUIET);
    let d = json(&plan, &[]);
    assert!(d["moved"].as_array().unwrap().is_empty());
    assert!(d["owes"].as_array().unwrap().is_empty());
    for format in ["table", "markdown"] {
        let r = digest(&plan, &["--format", format]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let said: Vec<&str> = r
            .stdout
            .lines()
            .filter(|l| l.contains("Nothing moved"))
            .collect();
        assert_eq!(
            said,
            ["Nothing moved, and nothing is at risk, due or owed."],
            "{format}"
        );
    }
    insta::assert_snapshot!("digest_empty", digest(&plan, &[]).stdout);
    // The main plan on a day nothing moved still lists what is at risk and owed.
    let (_dir, plan) = main_plan();
    let r = digest(&plan, &["--since", "2026-11-20"]);
    assert!(
        r.stdout
            .contains("Nothing moved from 2026-11-20 to 2026-11-20."),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("calls"));
}

#[test]
fn snapshots_of_each_format() {
    let (_dir, plan) = main_plan();
    for format in ["table", "markdown", "html", "json", "slack"] {
        let r = digest(&plan, &["--format", format]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        insta::assert_snapshot!(format!("digest_{format}"), r.stdout);
    }
}

#[test]
fn text_at_120_columns() {
    let (_dir, plan) = main_plan();
    let r = common::northstar_columns(120, &["-f", &plan, "--as-of", AS_OF, "digest"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.lines().all(|l| l.chars().count() <= 120));
    insta::assert_snapshot!("digest_table_120", r.stdout);
}

#[test]
fn text_is_the_table_format() {
    let (_dir, plan) = main_plan();
    let text = digest(&plan, &["--format", "text"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert_eq!(text.stdout, digest(&plan, &["--format", "table"]).stdout);
    assert_eq!(text.stdout, digest(&plan, &[]).stdout);
}

#[test]
fn html_is_mail_safe() {
    let (_dir, plan) = main_plan();
    let r = digest(&plan, &["--format", "html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lower = r.stdout.to_ascii_lowercase();
    for banned in ["<style", "<link", "<script", "<img", "url("] {
        assert!(!lower.contains(banned), "{banned} in {}", r.stdout);
    }
    // Plan text is escaped by maud.
    assert!(
        r.stdout.contains("Launch &lt;beta&gt; &amp; more"),
        "{}",
        r.stdout
    );
}

/// Checks a Block Kit message against the documented shape and limits
/// (<https://api.slack.com/reference/block-kit/blocks>).
fn check_block_kit(message: &Value) {
    let obj = message.as_object().unwrap();
    assert_eq!(obj.keys().collect::<Vec<_>>(), ["blocks"]);
    let blocks = message["blocks"].as_array().unwrap();
    assert!(
        !blocks.is_empty() && blocks.len() <= 50,
        "{} blocks",
        blocks.len()
    );
    let text = |t: &Value, kinds: &[&str], max: usize| {
        assert!(kinds.contains(&t["type"].as_str().unwrap()), "{t}");
        let s = t["text"].as_str().unwrap();
        assert!(
            !s.is_empty() && s.chars().count() <= max,
            "{} chars",
            s.chars().count()
        );
    };
    for b in blocks {
        match b["type"].as_str().unwrap() {
            "header" => text(&b["text"], &["plain_text"], 150),
            "section" => text(&b["text"], &["mrkdwn", "plain_text"], 3000),
            "context" => {
                let elements = b["elements"].as_array().unwrap();
                assert!(!elements.is_empty() && elements.len() <= 10);
                for e in elements {
                    text(e, &["mrkdwn", "plain_text"], 3000);
                }
            }
            "divider" => assert_eq!(b.as_object().unwrap().len(), 1),
            other => panic!("unknown block type {other}"),
        }
    }
}

#[test]
fn slack_is_a_block_kit_message_within_its_limits() {
    let (_dir, plan) = main_plan();
    let r = digest(&plan, &["--format", "slack"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let message: Value = serde_json::from_str(&r.stdout).unwrap();
    check_block_kit(&message);
    assert_eq!(message["blocks"][0]["type"], "header");
    // mrkdwn escapes &, < and > as Slack documents.
    assert!(
        r.stdout.contains("Launch &lt;beta&gt; &amp; more"),
        "{}",
        r.stdout
    );
    // Many check-ins: the section is cut to 3000 characters and says how many more.
    let mut body = QUIET.replace("2026-11-02", "2026-10-02");
    for day in 1..=60 {
        writeln!(
            body,
            "\n[[checkin]]\nmetric = \"shipped\"\ndate = 2026-11-{:02}\nvalue = {}\nnote = \"{}\"",
            day % 20 + 1,
            day % 10,
            "a long note ".repeat(8)
        )
        .unwrap();
    }
    let (_dir, plan) = common::small_plan("Busy", "", &body);
    let r = northstar(&[
        "-f", &plan, "--as-of", AS_OF, "digest", "--since", "3w", "--format", "slack",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let message: Value = serde_json::from_str(&r.stdout).unwrap();
    check_block_kit(&message);
    assert!(r.stdout.contains(" more\""), "{}", r.stdout);
}

/// The JSON contract of `docs/output.md`, read back into structs that deny unknown fields.
#[allow(dead_code)]
mod contract {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Digest {
        pub plan: String,
        pub since: String,
        pub as_of: String,
        pub period: String,
        pub owner: Option<String>,
        pub team: Option<String>,
        pub moved: Vec<Event>,
        pub at_risk: Vec<AtRisk>,
        pub bets_due: Vec<BetDue>,
        pub owes: Vec<Owes>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
    pub enum Event {
        Checkin {
            date: String,
            id: String,
            by: Option<String>,
            value: serde_json::Value,
            unit: Option<String>,
            progress: Option<f64>,
            progress_change: Option<f64>,
            status: Option<String>,
            status_was: Option<String>,
            confidence: Option<f64>,
            note: Option<String>,
        },
        BetDecided {
            date: String,
            id: String,
            title: String,
            status: String,
            outcome: Option<String>,
            owner: Option<String>,
        },
        Goalpost {
            date: String,
            entity: String,
            id: String,
            field: String,
            from: serde_json::Value,
            to: serde_json::Value,
            reason: Option<String>,
        },
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct AtRisk {
        pub id: String,
        pub objective: String,
        pub title: String,
        pub owners: Vec<String>,
        pub status: String,
        pub progress: Option<f64>,
        pub expected_pace: f64,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct BetDue {
        pub id: String,
        pub title: String,
        pub owner: Option<String>,
        pub status: String,
        pub decide_by: String,
        pub days_left: i64,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Owes {
        pub owner: Option<String>,
        pub key_results: Vec<Owed>,
        pub bets: Vec<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Owed {
        pub id: String,
        pub title: String,
        pub last_checkin: Option<String>,
        pub due: String,
        pub stale: bool,
    }
}

#[test]
fn json_keeps_its_documented_contract() {
    let (_dir, plan) = main_plan();
    let r = digest(&plan, &["--format", "json", "--team", "eng"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let d: contract::Digest = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(d.team.as_deref(), Some("eng"));
    assert_eq!(d.moved.len(), 3);
    let r = digest(&plan, &["--format", "json"]);
    let d: contract::Digest = serde_json::from_str(&r.stdout).unwrap();
    assert!(matches!(d.moved[0], contract::Event::BetDecided { .. }));
    assert!(matches!(d.moved[3], contract::Event::Goalpost { .. }));
}

const BOUNDARY: &str = r#"[[objective]]
id = "o"
title = "O"
pillar = "p1"
period = "2026-Q4"
owner = "cy"

[[objective.key_result]]
id = "owed"
title = "Stale on 2026-11-27, within 7 days"
baseline = 0
target = 10

[[objective.key_result]]
id = "fresh"
title = "Stale on 2026-11-28, after 7 days"
baseline = 0
target = 10

[[objective.key_result]]
id = "finished"
title = "Done: owes nothing"
baseline = 0
target = 10

[[checkin]]
metric = "owed"
date = 2026-11-12
value = 6

[[checkin]]
metric = "fresh"
date = 2026-11-13
value = 6

[[checkin]]
metric = "finished"
date = 2026-10-02
value = 10
"#;

#[test]
fn owed_within_seven_days_by_the_staleness_rule() {
    // stale_after_days 14: a key result last checked in on 11-12 is stale from 11-27 (as of
    // + 7), one checked in on 11-13 from 11-28; a done one is never stale.
    let (_dir, plan) = common::small_plan("Boundary", "", BOUNDARY);
    let d = json(&plan, &[]);
    assert_eq!(
        d["owes"],
        serde_json::json!([{"owner": "cy", "key_results": [
            {"id": "owed", "title": "Stale on 2026-11-27, within 7 days", "last_checkin": "2026-11-12", "due": "2026-11-26", "stale": false}
        ], "bets": []}])
    );
    // With `stale_after_days = 7`, `owed` is stale already (8 days), `fresh` (7 days) is due
    // today, and `finished` still owes nothing.
    let (_dir, plan) = common::small_plan("Boundary", "stale_after_days = 7", BOUNDARY);
    let d = json(&plan, &[]);
    let owed: Vec<(String, bool)> = d["owes"][0]["key_results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["id"].as_str().unwrap().to_string(),
                k["stale"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        owed,
        [("owed".to_string(), true), ("fresh".to_string(), false)]
    );
    assert_eq!(d["owes"][0]["key_results"][1]["due"], "2026-11-20");
}
