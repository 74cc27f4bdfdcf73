//! Teams and alignment in the reports (issue 11), on `tests/fixtures/teams`: `--team` on
//! every report and on `review` (sub-teams included, entities without a team left out, an
//! unknown team refused), the team column in tables and CSV, `show` of an objective, a key
//! result, a metric and a team, and the review's objective tree in every format.
//!
//! The fixture's teams: engineering (platform (ci), web) and sales (sales-ops). Its 2026-Q4
//! objectives: ship-faster (engineering) ← fast-pipelines (platform) ← warm-caches (ci);
//! web-deploys (web) under both ship-faster's key result team-delivery and fast-pipelines;
//! grow-revenue (sales) ← crm-everywhere (sales-ops); brand-refresh without a team.

use crate::common;

use std::path::PathBuf;

use common::northstar;
use serde_json::{Value, json};

const TEAMS: &str = "tests/fixtures/teams/northstar.toml";
const AS_OF: &str = "2026-11-20";

/// `northstar -f TEAMS --as-of 2026-11-20 ARGS`.
fn run(args: &[&str]) -> common::Outcome {
    let mut all = vec!["-f", TEAMS, "--as-of", AS_OF];
    all.extend_from_slice(args);
    northstar(&all)
}

/// `ARGS --format json`, parsed; the run must succeed without a word on stderr.
fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--format", "json"]);
    let r = run(&all);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{args:?}");
    serde_json::from_str(&r.stdout).unwrap()
}

/// The ids of the array at `key`.
fn ids(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("no array `{key}`"))
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

/// The fixture copied into a temporary directory outside any git repository (so `review`
/// names no commit and `show` reads no goal history).
fn teams_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("northstar.toml");
    std::fs::copy(TEAMS, &plan).unwrap();
    (dir, plan)
}

#[test]
fn team_filter_takes_in_sub_teams_at_any_depth() {
    let okrs = |team: &str| ids(&json(&["okrs", "--team", team]), "objectives");
    assert_eq!(
        okrs("engineering"),
        [
            "ship-faster",
            "fast-pipelines",
            "warm-caches",
            "web-deploys"
        ]
    );
    assert_eq!(okrs("platform"), ["fast-pipelines", "warm-caches"]);
    assert_eq!(okrs("ci"), ["warm-caches"]);
    assert_eq!(okrs("web"), ["web-deploys"]);
    assert_eq!(okrs("sales"), ["grow-revenue", "crm-everywhere"]);
    assert_eq!(okrs("sales-ops"), ["crm-everywhere"]);

    let initiatives = |team: &str| ids(&json(&["initiatives", "--team", team]), "initiatives");
    assert_eq!(initiatives("engineering"), ["shard-ci", "pipeline-v3"]);
    assert_eq!(initiatives("platform"), ["shard-ci", "pipeline-v3"]);
    assert_eq!(initiatives("ci"), ["shard-ci"]);
    assert_eq!(initiatives("web"), Vec::<String>::new());
    assert_eq!(initiatives("sales"), ["crm-rollout"]);

    let bets = |team: &str| ids(&json(&["bets", "--team", team]), "bets");
    assert_eq!(bets("engineering"), ["remote-cache", "ai-reviews"]);
    assert_eq!(bets("platform"), ["remote-cache"]);
    assert_eq!(bets("web"), ["ai-reviews"]);
    assert_eq!(bets("sales"), ["usage-pricing"]);
    assert_eq!(bets("sales-ops"), Vec::<String>::new());
}

#[test]
fn entities_without_a_team_are_left_out_and_filters_combine() {
    let all = json(&["status"]);
    assert_eq!(
        ids(&all, "objectives"),
        [
            "ship-faster",
            "fast-pipelines",
            "warm-caches",
            "web-deploys",
            "grow-revenue",
            "crm-everywhere",
            "brand-refresh"
        ]
    );
    let sales = json(&["status", "--team", "sales"]);
    assert_eq!(
        ids(&sales, "objectives"),
        ["grow-revenue", "crm-everywhere"]
    );
    assert_eq!(ids(&sales, "initiatives"), ["crm-rollout"]);
    assert_eq!(ids(&sales, "bets"), ["usage-pricing"]);
    // Rows of a report rolled up whole: the period's progress, the pillars, the portfolio
    // mix and capacity stay the whole plan's.
    for key in ["progress", "status", "pillars", "portfolio", "capacity"] {
        assert_eq!(sales[key], all[key], "{key}");
    }
    // The roots only: (ship-faster 5/12 + grow-revenue 5/8 + brand-refresh 1) / 3.
    assert_eq!(all["progress"].as_f64(), Some(0.680_555_555_555_555_7));
    // --team, --owner and --pillar all apply.
    assert_eq!(
        ids(
            &json(&["okrs", "--team", "engineering", "--owner", "paul"]),
            "objectives"
        ),
        ["fast-pipelines"]
    );
    assert_eq!(
        ids(
            &json(&["okrs", "--team", "engineering", "--pillar", "growth"]),
            "objectives"
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        ids(
            &json(&["bets", "--team", "engineering", "--pillar", "velocity"]),
            "bets"
        ),
        ["remote-cache", "ai-reviews"]
    );
}

/// A team owns no metric: `--team` keeps the metrics its key results read (`measured_by`)
/// and its bets aim at; the North Star stays.
#[test]
fn metrics_of_a_team_are_those_it_reads() {
    let metrics = |team: &str| {
        let v = json(&["metrics", "--team", team]);
        assert_eq!(v["north_star"]["id"], "weekly-active-customers");
        ids(&v, "metrics")
    };
    // platform-deploys (platform) and web-deploy-rate (web) read deploy-frequency, and so
    // does the bet ai-reviews (web).
    assert_eq!(metrics("engineering"), ["deploy-frequency"]);
    assert_eq!(metrics("platform"), ["deploy-frequency"]);
    assert_eq!(metrics("web"), ["deploy-frequency"]);
    // ci's key result and bet read key results only.
    assert_eq!(metrics("ci"), Vec::<String>::new());
    // usage-pricing aims at arr; ops-arr reads a key result, not a metric.
    assert_eq!(metrics("sales"), ["arr"]);
    assert_eq!(metrics("sales-ops"), Vec::<String>::new());
    assert_eq!(
        ids(&json(&["metrics"]), "metrics"),
        ["deploy-frequency", "arr"]
    );
}

#[test]
fn an_unknown_team_is_a_usage_error_with_a_suggestion() {
    for command in ["status", "okrs", "initiatives", "bets", "metrics", "review"] {
        let r = run(&[command, "--team", "platfrm"]);
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (
                2,
                "",
                "error: no team `platfrm` in the plan\nhelp: did you mean `platform`?\n"
            ),
            "{command}"
        );
    }
    // Nothing close: no suggestion. A pillar's id is not a team's.
    for team in ["marketing", "velocity"] {
        let r = run(&["okrs", "--team", team]);
        assert_eq!(
            (r.code, r.stderr),
            (2, format!("error: no team `{team}` in the plan\n"))
        );
    }
}

#[test]
fn tables_show_a_team_column_when_a_row_has_a_team() {
    for (name, args) in [
        ("okrs_engineering", &["okrs", "--team", "engineering"][..]),
        ("bets", &["bets"][..]),
        (
            "initiatives_markdown",
            &["initiatives", "--format", "markdown"][..],
        ),
        (
            "okrs_markdown_growth",
            &["okrs", "--pillar", "growth", "--format", "markdown"][..],
        ),
    ] {
        let r = run(args);
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{args:?}");
        insta::assert_snapshot!(format!("teams_{name}"), r.stdout);
    }
    // No row with a team, no column, even in a plan with teams.
    let bea = run(&["bets", "--owner", "bea"]);
    insta::assert_snapshot!(bea.stdout, @r"
    Teams fixture · 2026-Q4 · as of 2026-11-20 · expected pace 55%
    Bet                  Risk      Status    Appetite  Decide by  Owner
    open-sdk             adjacent  proposed      3 wk  —          bea
    Open-source the SDK
    Funded in 2026-Q4: 2 bets (10 wk appetite), 0 overdue.
    Portfolio mix (target ± 10%):
      core                  6 wk   60% (target 60%) ✔
      adjacent              4 wk   40% (target 40%) ✔
      transformational      0 wk    0% (target 0%) ✔
    ");
}

#[test]
fn csv_has_a_team_column() {
    let csv = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend_from_slice(&["--format", "csv"]);
        let r = run(&all);
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{args:?}");
        r.stdout
    };
    insta::assert_snapshot!(csv(&["okrs", "--team", "sales"]), @r"
    type,id,parent,pillar,quarter,title,owner,kind,weight,baseline,target,current,progress,status,confidence,last_checkin,stale,unit,team
    pillar,velocity,weekly-active-customers,velocity,2026-Q4,Developer velocity,,,,,,,0.4167,at-risk,,,,,
    pillar,growth,weekly-active-customers,growth,2026-Q4,Revenue growth,,,,,,,0.8125,on-track,,,,,
    objective,grow-revenue,growth,growth,2026-Q4,Grow recurring revenue,sam,committed,1,,,,0.625,on-track,,,,,sales
    key_result,arr-growth,grow-revenue,growth,2026-Q4,ARR,sam,numeric,1,10,14,12,0.5,on-track,,2026-11-16,false,M$,sales
    objective,crm-everywhere,grow-revenue,growth,2026-Q4,One CRM for every deal,olga,committed,1,,,,0.75,on-track,,,,,sales-ops
    key_result,crm-adoption,crm-everywhere,growth,2026-Q4,Deals tracked in the CRM,olga,numeric,1,20,80,50,0.5,on-track,,2026-11-16,false,%,sales-ops
    key_result,ops-arr,crm-everywhere,growth,2026-Q4,ARR the CRM attributes,olga,numeric,1,10,12,12,1,done,,2026-11-16,false,M$,sales-ops
    ");
    insta::assert_snapshot!(csv(&["bets", "--pillar", "growth"]), @r#"
    id,pillar,title,owner,risk,status,appetite_weeks,start,decide_by,decided,overdue,funded,days_to_decision,metric,progress,hypothesis,success,kill,outcome,team
    usage-pricing,growth,Usage-based pricing,sam,transformational,proposed,2,,,,false,false,,arr,0.2,"If price follows usage, small customers stay and grow",Churn of small customers halves,No change in churn after a quarter,,sales
    open-sdk,growth,Open-source the SDK,bea,adjacent,proposed,3,,,,false,false,,,,"If the SDK is open, integrations double",Twenty community integrations,Fewer than five after a quarter,,
    "#);
    insta::assert_snapshot!(csv(&["initiatives", "--team", "engineering"]), @r"
    id,pillar,quarter,title,owner,status,work,effort_weeks,drives,progress,progress_status,success,team
    shard-ci,velocity,2026-Q4,Shard the CI fleet,cora,active,feature,4,cache-hit,0.5,on-track,,ci
    pipeline-v3,velocity,2026-Q4,Pipeline v3,paul,active,feature,6,pipeline-p95,0.5,on-track,,platform
    ");
    insta::assert_snapshot!(csv(&["review", "--team", "sales-ops"]), @r"
    type,id,parent,pillar,quarter,title,owner,kind,grade,met,progress,status,baseline,latest,target,unit,team
    objective,crm-everywhere,grow-revenue,growth,2026-Q4,One CRM for every deal,olga,committed,0.75,false,0.75,on-track,,,,,sales-ops
    key_result,crm-adoption,crm-everywhere,growth,2026-Q4,Deals tracked in the CRM,olga,numeric,0.5,,0.5,on-track,20,50,80,%,sales-ops
    key_result,ops-arr,crm-everywhere,growth,2026-Q4,ARR the CRM attributes,olga,numeric,1,,1,done,10,12,12,M$,sales-ops
    ");
}

#[test]
fn show_relates_parents_children_series_and_teams() {
    let (_dir, plan) = teams_copy();
    for id in [
        "fast-pipelines",
        "web-deploys",
        "team-delivery",
        "platform-deploys",
        "arr-growth",
        "deploy-frequency",
        "platform",
        "ci",
        "remote-cache",
    ] {
        let r = northstar(&["-f", plan.to_str().unwrap(), "--as-of", AS_OF, "show", id]);
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{id}");
        insta::assert_snapshot!(format!("teams_show_{id}"), r.stdout);
    }
    let r = northstar(&["-f", TEAMS, "--as-of", AS_OF, "show", "platfrom"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "error: no entity `platfrom` in the plan\nhelp: did you mean `platform`?\n"
        )
    );
}

#[test]
fn show_json_of_a_team_and_of_alignment() {
    let related = |v: &Value| -> Vec<(String, Vec<String>)> {
        v["related"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let ids = r["entities"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| {
                        format!(
                            "{} {}",
                            e["kind"].as_str().unwrap(),
                            e["id"].as_str().unwrap()
                        )
                    })
                    .collect();
                (r["relation"].as_str().unwrap().to_string(), ids)
            })
            .collect()
    };
    let pair = |relation: &str, ids: &[&str]| {
        (
            relation.to_string(),
            ids.iter().map(|s| (*s).to_string()).collect::<Vec<_>>(),
        )
    };
    let ci = json(&["show", "ci"]);
    assert_eq!(
        (
            &ci["kind"],
            &ci["id"],
            &ci["title"],
            &ci["lead"],
            &ci["standing"]
        ),
        (
            &json!("team"),
            &json!("ci"),
            &json!("Continuous integration"),
            &json!("cora"),
            &Value::Null
        )
    );
    assert_eq!(
        related(&ci),
        [
            pair("parent-team", &["team platform"]),
            pair("sub-teams", &[]),
            pair(
                "objectives",
                &["objective warm-caches", "objective flaky-tests"]
            ),
            pair("initiatives", &["initiative shard-ci"]),
            pair("bets", &["bet remote-cache"]),
        ]
    );
    assert_eq!(
        related(&json(&["show", "web-deploys"])),
        [
            pair("pillar", &["pillar velocity"]),
            pair("team", &["team web"]),
            pair(
                "parents",
                &["key-result team-delivery", "objective fast-pipelines"]
            ),
            pair("key-results", &["key-result web-deploy-rate"]),
            pair("initiatives", &[]),
        ]
    );
    assert_eq!(
        related(&json(&["show", "ops-arr"])),
        [
            pair("objective", &["objective crm-everywhere"]),
            pair("pillar", &["pillar growth"]),
            pair("north-star", &["north-star weekly-active-customers"]),
            pair("measured-by", &["key-result arr-growth"]),
            pair("driven-by", &[]),
            pair("bets-aiming-at-it", &[]),
        ]
    );
    assert_eq!(
        related(&json(&["show", "web-deploy-rate"]))[3..5],
        [
            pair("measured-by", &["metric deploy-frequency"]),
            pair("same-series", &["key-result platform-deploys"]),
        ]
    );
}

/// The review groups each pillar's objectives as a tree: (id, depth) in order.
fn tree(v: &Value) -> Vec<(String, String, u64)> {
    v["pillars"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| {
            p["objectives"].as_array().unwrap().iter().map(|o| {
                (
                    p["id"].as_str().unwrap().to_string(),
                    o["id"].as_str().unwrap().to_string(),
                    o["depth"].as_u64().unwrap(),
                )
            })
        })
        .collect()
}

fn t(pillar: &str, id: &str, depth: u64) -> (String, String, u64) {
    (pillar.to_string(), id.to_string(), depth)
}

#[test]
fn review_groups_objectives_as_a_tree() {
    let (_dir, plan) = teams_copy();
    let review = |args: &[&str]| {
        let mut all = vec!["-f", plan.to_str().unwrap(), "--as-of", AS_OF, "review"];
        all.extend_from_slice(args);
        northstar(&all)
    };
    let v: Value = serde_json::from_str(&review(&["--format", "json"]).stdout).unwrap();
    // web-deploys hangs under the first of its parents shown (team-delivery, a key result
    // of ship-faster), once.
    assert_eq!(
        tree(&v),
        [
            t("velocity", "ship-faster", 0),
            t("velocity", "fast-pipelines", 1),
            t("velocity", "warm-caches", 2),
            t("velocity", "web-deploys", 1),
            t("growth", "grow-revenue", 0),
            t("growth", "crm-everywhere", 1),
            t("growth", "brand-refresh", 0),
        ]
    );
    assert_eq!(v["team"], Value::Null);
    let web = &v["pillars"][0]["objectives"][3];
    assert_eq!(
        (&web["team"], &web["parents"]),
        (&json!("web"), &json!(["team-delivery", "fast-pipelines"]))
    );
    for format in ["table", "markdown"] {
        let r = review(&["--format", format]);
        assert_eq!((r.code, r.stderr.as_str()), (0, ""));
        insta::assert_snapshot!(format!("teams_review_{format}"), r.stdout);
    }

    // Filtered to platform: its objective is now a root, ci's stays under it. Pillar
    // grades, the portfolio mix and capacity stay the whole plan's.
    let platform: Value =
        serde_json::from_str(&review(&["--team", "platform", "--format", "json"]).stdout).unwrap();
    assert_eq!(
        tree(&platform),
        [
            t("velocity", "fast-pipelines", 0),
            t("velocity", "warm-caches", 1)
        ]
    );
    assert_eq!(
        platform["team"],
        json!({"id": "platform", "sub_teams": ["ci"]})
    );
    assert_eq!(
        (
            &platform["summary"]["objectives_met"],
            &platform["summary"]["objectives_total"]
        ),
        (&json!(0), &json!(2))
    );
    assert_eq!(platform["pillars"][0]["grade"], v["pillars"][0]["grade"]);
    assert_eq!(ids(&platform["bets"], "running"), ["remote-cache"]);
    assert_eq!(ids(&platform, "metrics"), ["deploy-frequency"]);
    assert_eq!(platform["bets"]["portfolio"], v["bets"]["portfolio"]);
    assert_eq!(platform["capacity"], v["capacity"]);
    let markdown = review(&["--team", "platform", "--format", "markdown"]);
    insta::assert_snapshot!("teams_review_platform_markdown", markdown.stdout);

    // A child whose parent is not shown stays at the top level.
    let ci: Value =
        serde_json::from_str(&review(&["--team", "ci", "--format", "json"]).stdout).unwrap();
    assert_eq!(tree(&ci), [t("velocity", "warm-caches", 0)]);
    assert_eq!(ci["team"], json!({"id": "ci", "sub_teams": []}));
    let text = review(&["--team", "ci"]);
    assert!(
        text.stdout
            .contains("\nAs of 2026-11-20 (interim: 2026-Q4 runs to 2026-12-31) · team ci\n"),
        "{}",
        text.stdout
    );
}

#[test]
fn the_html_review_indents_children() {
    let (dir, plan) = teams_copy();
    let out = dir.path().join("review.html");
    let r = northstar(&[
        "-f",
        plan.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "review",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let html = std::fs::read_to_string(&out).unwrap();
    let count = |s: &str| html.matches(s).count();
    // Depth 1: fast-pipelines, web-deploys, crm-everywhere (5 key results); depth 2:
    // warm-caches (1 key result). Top-level rows keep the stylesheet's padding.
    assert_eq!(
        (
            count("<td class=\"label\" style=\"padding-left: 1.85rem\"><strong>"),
            count("<td class=\"label\" style=\"padding-left: 2.80rem\">"),
            count("<td class=\"label\" style=\"padding-left: 3.25rem\"><strong>"),
            count("<td class=\"label\" style=\"padding-left: 4.20rem\">"),
            count("<tr class=\"objective\"><td class=\"label\"><strong>"),
        ),
        (3, 5, 1, 1, 3)
    );
}
