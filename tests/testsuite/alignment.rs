//! Alignment roll-up, end to end, with exact values worked out by hand in the comments:
//! a parent made of children only, key results beside children, `children_in_rollup =
//! false`, several parents, a key result fed by children, a shared series, and a child
//! outside the period. Pillar and period progress average only the roots.

use crate::common;

use std::fmt::Write as _;

use common::northstar;
use common::{key_result_row as kr, objective_row as find};
use serde_json::Value;

fn plan(settings: &str, body: &str) -> (tempfile::TempDir, String) {
    common::small_plan("Alignment", settings, body)
}

/// An objective `id` in 2026-Q4 with `extra` lines, and key results `(id, value)`, each
/// 0 → 10 with one check-in of `value` on 2026-11-16 (progress value / 10).
fn objective(id: &str, extra: &str, krs: &[(&str, f64)]) -> String {
    let mut s = format!(
        "[[objective]]\nid = \"{id}\"\ntitle = \"{id}\"\nperiod = \"2026-Q4\"\nowner = \"ann\"\n{extra}\n"
    );
    for (kr, _) in krs {
        let _ = write!(
            s,
            "[[objective.key_result]]\nid = \"{kr}\"\ntitle = \"{kr}\"\nbaseline = 0\ntarget = 10\n\n"
        );
    }
    for (kr, value) in krs {
        let _ = write!(
            s,
            "[[checkin]]\nmetric = \"{kr}\"\ndate = 2026-11-16\nvalue = {value}\n\n"
        );
    }
    s
}

fn status(path: &str) -> Value {
    common::status_json(path, "2026-11-20", &[])
}

fn codes(path: &str) -> Vec<String> {
    let r = northstar(&[
        "-f",
        path,
        "--as-of",
        "2026-11-20",
        "check",
        "--format",
        "json",
    ]);
    common::codes(&r.stdout)
}

fn pillar(report: &Value, id: &str) -> Value {
    report["pillars"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap()["progress"]
        .clone()
}

#[test]
fn a_parent_made_of_children_only() {
    let body = [
        objective("company", "pillar = \"p1\"", &[]),
        objective("a", "parent = \"company\"", &[("kr-a", 5.0)]),
        objective(
            "b",
            "parent = \"company\"\ncontribution = 2",
            &[("kr-b", 2.0)],
        ),
    ]
    .concat();
    let (_dir, path) = plan("", &body);
    // No key results, but children: no `objective-without-key-results`.
    assert_eq!(codes(&path), Vec::<String>::new());
    let r = status(&path);
    // (0.5 × 1 + 0.2 × 2) / 3 = 0.3 (0.9 / 3 in floating point).
    let company = find(&r, "company");
    assert_eq!(company["progress"], (0.5 + 0.2 * 2.0) / 3.0);
    // Pace on 2026-11-20 is 51/92 ≈ 0.554: 0.5 is on track, 0.2 off track (< 0.304).
    assert_eq!(
        company["children_by_status"],
        serde_json::json!({"on-track": 1, "off-track": 1})
    );
    // Children inherit the pillar; the pillar and the quarter count the root only.
    assert_eq!(find(&r, "a")["pillar"], "p1");
    assert_eq!(find(&r, "b")["parents"], serde_json::json!(["company"]));
    assert_eq!(pillar(&r, "p1"), company["progress"]);
    assert_eq!(r["progress"], company["progress"]);
    // In CSV a child's `parent` is its parent objective; a root's, its pillar.
    let csv = northstar(&[
        "-f",
        &path,
        "--as-of",
        "2026-11-20",
        "okrs",
        "--format",
        "csv",
    ]);
    let parents: Vec<String> = csv
        .stdout
        .lines()
        .filter(|l| l.starts_with("objective,"))
        .map(|l| l.split(',').take(3).collect::<Vec<_>>().join(","))
        .collect();
    assert_eq!(
        parents,
        [
            "objective,company,p1",
            "objective,a,company",
            "objective,b,company"
        ]
    );
}

#[test]
fn key_results_and_children_side_by_side_and_without_children_in_the_rollup() {
    let body = [
        objective("parent", "pillar = \"p1\"", &[("own", 6.0)]),
        objective("child", "parent = \"parent\"", &[("kr-child", 2.0)]),
    ]
    .concat();
    let (_dir, path) = plan("", &body);
    let r = status(&path);
    // (0.6 × weight 1 + 0.2 × contribution 1) / 2 = 0.4; the pillar counts the root only.
    assert_eq!(find(&r, "parent")["progress"], 0.4);
    assert_eq!(pillar(&r, "p1"), 0.4);
    // children_in_rollup = false: children are alignment only, and every objective counts
    // in its pillar: (0.6 + 0.2) / 2 = 0.4 for the pillar, 0.6 for the parent.
    let (_dir, path) = plan("children_in_rollup = false", &body);
    let r = status(&path);
    assert_eq!(find(&r, "parent")["progress"], 0.6);
    assert_eq!(pillar(&r, "p1"), 0.4);
    assert_eq!(
        find(&r, "parent")["children_by_status"],
        serde_json::json!({"off-track": 1})
    );
}

#[test]
fn a_child_with_two_parents_counts_in_both() {
    let body = [
        objective("left", "pillar = \"p1\"", &[("kr-left", 10.0)]),
        objective("right", "pillar = \"p2\"", &[("kr-right", 0.0)]),
        objective(
            "shared",
            "parents = [\"left\", \"right\"]\ncontribution = 3",
            &[("kr-shared", 5.0)],
        ),
    ]
    .concat();
    let (_dir, path) = plan("", &body);
    let r = status(&path);
    // left: (1.0 + 0.5 × 3) / 4 = 0.625; right: (0 + 0.5 × 3) / 4 = 0.375.
    assert_eq!(find(&r, "left")["progress"], 0.625);
    assert_eq!(find(&r, "right")["progress"], 0.375);
    // It inherits its first parent's pillar; each pillar has its own root.
    assert_eq!(find(&r, "shared")["pillar"], "p1");
    assert_eq!(pillar(&r, "p1"), 0.625);
    assert_eq!(pillar(&r, "p2"), 0.375);
    // The quarter averages the two roots: (0.625 + 0.375) / 2 = 0.5.
    assert_eq!(r["progress"], 0.5);
}

#[test]
fn a_key_result_fed_by_children() {
    let body = [
        objective("goal", "pillar = \"p1\"", &[("plain", 2.5)]),
        "[[objective.key_result]]\nid = \"fed\"\ntitle = \"Fed by children\"\nprogress_from = \"children\"\n\n".to_string(),
        objective("c1", "parent = \"fed\"", &[("kr-c1", 5.0)]),
        objective("c2", "parent = \"fed\"\ncontribution = 3", &[("kr-c2", 10.0)]),
        // Aligned to an ordinary key result: the key result is unaffected.
        objective("aside", "parent = \"plain\"", &[("kr-aside", 9.0)]),
    ]
    .concat();
    let (_dir, path) = plan("", &body);
    let r = status(&path);
    // fed: (0.5 × 1 + 1.0 × 3) / 4 = 0.875; plain stays 0.25.
    let fed = kr(&r, "fed");
    assert_eq!(
        (&fed["measure"], &fed["progress"], &fed["status"]),
        (
            &Value::from("children"),
            &Value::from(0.875),
            &Value::from("on-track")
        )
    );
    assert_eq!(kr(&r, "plain")["progress"], 0.25);
    // goal: (0.25 + 0.875) / 2 = 0.5625. The children named the key result, not the
    // objective, so they count once, through it.
    let goal = find(&r, "goal");
    assert_eq!(goal["progress"], 0.5625);
    assert_eq!(
        goal["children_by_status"],
        serde_json::json!({"done": 1, "on-track": 2})
    );
    // The only root is goal: `aside` is drawn under `plain`, which does not roll it up, so
    // it counts nowhere (not 0.73125, the mean with it) and `check` says so.
    assert_eq!(pillar(&r, "p1"), 0.5625);
    assert_eq!(r["progress"], 0.5625);
    // (The `fed` key result follows `goal`'s check-in: TOML still attaches it to `goal`.)
    assert_eq!(
        codes(&path),
        ["key-result-after-other-tables", "uncounted-objective"]
    );
}

/// Issue 21: a quarter read 66% while both company objectives were at 42% and 23%, because
/// children of ordinary key results, drawn under them, were counted as roots beside them.
#[test]
fn a_child_of_an_ordinary_key_result_is_no_root() {
    let body = [
        objective("company-a", "pillar = \"p1\"", &[("kr-a", 5.0)]),
        objective("company-b", "pillar = \"p2\"", &[("kr-b", 2.5)]),
        objective("team-a", "parent = \"kr-a\"", &[("kr-team-a", 10.0)]),
        objective("team-b", "parent = \"kr-b\"", &[("kr-team-b", 10.0)]),
    ]
    .concat();
    let (_dir, path) = plan("", &body);
    let r = status(&path);
    // The companies' own progress: 0.5 and 0.25, their key results untouched by the teams.
    assert_eq!(find(&r, "company-a")["progress"], 0.5);
    assert_eq!(find(&r, "company-b")["progress"], 0.25);
    // Roots are the two companies only: (0.5 + 0.25) / 2 = 0.375 (with the teams counted as
    // roots it read (0.5 + 0.25 + 1 + 1) / 4 = 0.6875).
    assert_eq!(r["progress"], 0.375);
    assert_eq!(pillar(&r, "p1"), 0.5);
    assert_eq!(pillar(&r, "p2"), 0.25);
    assert_eq!(
        r["pillars"][0]["objectives"],
        serde_json::json!(["company-a"])
    );
    assert_eq!(codes(&path), ["uncounted-objective", "uncounted-objective"]);
    // The same plan with `progress_from = "children"` on `kr-a`: `team-a` counts through it,
    // so only `team-b` is reported.
    let fed = body.replacen(
        "id = \"kr-a\"\ntitle = \"kr-a\"\nbaseline = 0\ntarget = 10\n",
        "id = \"kr-a\"\ntitle = \"kr-a\"\nprogress_from = \"children\"\n",
        1,
    );
    let fed = fed.replacen(
        "[[checkin]]\nmetric = \"kr-a\"\ndate = 2026-11-16\nvalue = 5\n\n",
        "",
        1,
    );
    let (_dir, path) = plan("", &fed);
    let r = status(&path);
    assert_eq!(find(&r, "company-a")["progress"], 1.0);
    assert_eq!(r["progress"], 0.625); // (1 + 0.25) / 2
    assert_eq!(codes(&path), ["uncounted-objective"]);
    // Without children in the roll-up every objective counts: nothing to report.
    let (_dir, path) = plan("children_in_rollup = false", &body);
    assert_eq!(status(&path)["progress"], 0.6875);
    assert_eq!(codes(&path), Vec::<String>::new());
}

#[test]
fn key_results_reading_one_series() {
    let (_dir, path) = plan(
        "",
        r#"
[[metric]]
id = "wau"
name = "Weekly active users"
baseline = 100
target = 200

[[objective]]
id = "grow"
title = "Grow"
pillar = "p1"
period = "2026-Q4"
owner = "ann"

[[objective.key_result]]
id = "wau-200"
title = "200 weekly active users"
baseline = 100
target = 200
measured_by = "wau"

[[objective.key_result]]
id = "wau-170"
title = "From 120 to 170"
baseline = 120
target = 170
measured_by = "wau"

[[checkin]]
metric = "wau"
date = 2026-11-10
value = 140

[[checkin]]
metric = "wau"
date = 2026-11-16
value = 150
"#,
    );
    let r = status(&path);
    // One check-in serves both: (150 − 100) / 100 = 0.5 and (150 − 120) / 50 = 0.6.
    let a = kr(&r, "wau-200");
    let b = kr(&r, "wau-170");
    assert_eq!(
        (
            &a["current"],
            &a["progress"],
            &a["checkins"],
            &a["measured_by"]
        ),
        (
            &Value::from(150.0),
            &Value::from(0.5),
            &Value::from(2),
            &Value::from("wau")
        )
    );
    assert_eq!(
        (&b["current"], &b["progress"]),
        (&Value::from(150.0), &Value::from(0.6))
    );
    assert_eq!(find(&r, "grow")["progress"], 0.55);
    // `show` lists the series' check-ins under the key result, against its own goal:
    // (140 − 120) / 50 = 0.4, then 0.6.
    let shown = northstar(&[
        "-f",
        &path,
        "--as-of",
        "2026-11-20",
        "show",
        "wau-170",
        "--format",
        "json",
    ]);
    let shown: Value = serde_json::from_str(&shown.stdout).unwrap();
    let history: Vec<(String, f64)> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["metric"].as_str().unwrap().to_string(),
                h["progress"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(history, [("wau".into(), 0.4), ("wau".into(), 0.6)]);
}

#[test]
fn a_child_outside_the_period_does_not_count() {
    let body = [
        objective("now", "pillar = \"p1\"", &[("kr-now", 4.0)]),
        objective("later", "parent = \"now\"", &[("kr-later", 10.0)]).replace("2026-Q4", "2027-Q1"),
    ]
    .concat();
    let (_dir, path) = plan("", &body);
    let r = status(&path);
    assert_eq!(find(&r, "now")["progress"], 0.4);
    assert_eq!(find(&r, "now")["children_by_status"], serde_json::json!({}));
    assert_eq!(r["objectives"].as_array().unwrap().len(), 1);
}

#[test]
fn carry_keeps_team_parents_and_contribution() {
    let body = format!(
        "[[team]]\nid = \"payments\"\nname = \"Payments\"\n\n{}{}{}",
        objective("company", "pillar = \"p1\"", &[("kr-company", 2.0)]),
        objective(
            "child",
            "parent = \"company\"\nteam = \"payments\"\ncontribution = 2",
            &[("kr-child", 3.0)]
        ),
        objective("aligned", "parent = \"kr-company\"", &[("kr-aligned", 1.0)]),
    );
    let (dir, path) = plan("", &body);
    let r = northstar(&[
        "-f",
        &path,
        "--as-of",
        "2026-11-20",
        "carry",
        "--to",
        "2027-Q1",
        "child",
        "aligned",
        "--dry-run",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // `company` is not carried: its children stay aligned to it and its key result.
    assert_eq!(
        r.stdout,
        format!(
            "# would append to {}\n[[objective]]\nid = \"child-2027q1\"\ntitle = \"child\"\npillar = \"p1\"\nteam = \"payments\"\nparent = \"company\"\ncontribution = 2\nperiod = \"2027-Q1\"\nowner = \"ann\"\nkind = \"committed\"\n\n\
             [[objective.key_result]]\nid = \"kr-child-2027q1\"\ntitle = \"kr-child\"\nbaseline = 3\ntarget = 10\n\n\
             [[objective]]\nid = \"aligned-2027q1\"\ntitle = \"aligned\"\npillar = \"p1\"\nparent = \"kr-company\"\nperiod = \"2027-Q1\"\nowner = \"ann\"\nkind = \"committed\"\n\n\
             [[objective.key_result]]\nid = \"kr-aligned-2027q1\"\ntitle = \"kr-aligned\"\nbaseline = 1\ntarget = 10\n",
            dir.path().join("northstar.toml").display()
        )
    );
    // Carried together, the child follows its parent to the new ids.
    let both = northstar(&[
        "-f",
        &path,
        "--as-of",
        "2026-11-20",
        "carry",
        "--to",
        "2027-Q1",
        "company",
        "child",
        "aligned",
        "--dry-run",
    ]);
    assert!(both.stdout.contains("id = \"child-2027q1\"\ntitle = \"child\"\npillar = \"p1\"\nteam = \"payments\"\nparent = \"company-2027q1\"\n"), "{}", both.stdout);
    assert!(
        both.stdout.contains("parent = \"kr-company-2027q1\"\n"),
        "{}",
        both.stdout
    );
}

#[test]
fn checkin_refuses_key_results_that_take_none() {
    let (dir, path) = plan(
        "",
        r#"
[[metric]]
id = "wau"
name = "Weekly active users"
baseline = 100
target = 200

[[objective]]
id = "goal"
title = "Goal"
pillar = "p1"
period = "2026-Q4"
owner = "ann"

[[objective.key_result]]
id = "fed"
title = "Fed by children"
progress_from = "children"

[[objective.key_result]]
id = "reads-wau"
title = "Reads the metric"
baseline = 100
target = 180
measured_by = "wau"
"#,
    );
    let before = std::fs::read_to_string(&path).unwrap();
    for (id, message) in [
        (
            "fed",
            "error: key result `fed` takes its progress from the objectives under it (`progress_from = \"children\"`)\nhelp: check in on those objectives' key results\nnothing was written\n",
        ),
        (
            "reads-wau",
            "error: key result `reads-wau` reads the check-ins of `wau` (`measured_by`)\nhelp: check in on the series: `northstar checkin wau 5`\nnothing was written\n",
        ),
    ] {
        let r = northstar(&["-f", &path, "checkin", id, "5", "--date", "2026-11-16"]);
        assert_eq!((r.code, r.stderr.as_str()), (2, message), "{id}");
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    drop(dir);
}

#[test]
fn bets_reviews_and_warnings_follow_derived_key_results() {
    let body = format!(
        "{}{}",
        r#"
[[metric]]
id = "wau"
name = "Weekly active users"
baseline = 100
target = 200

[[objective]]
id = "goal"
title = "Goal"
pillar = "p1"
period = "2026-Q4"
owner = "ann"

[[objective.key_result]]
id = "reads-wau"
title = "Reads the metric"
baseline = 100
target = 180
measured_by = "wau"

[[objective.key_result]]
id = "fed"
title = "Fed by the child"
progress_from = "children"

[[checkin]]
metric = "wau"
date = 2026-10-20
value = 120

[[checkin]]
metric = "wau"
date = 2026-11-16
value = 140

[[bet]]
id = "on-the-series"
title = "Aims at the key result reading wau"
hypothesis = "If we try, it moves, because"
risk = "core"
appetite_weeks = 2
start = 2026-10-01
decide_by = 2026-12-20
success = "Moves"
kill = "Does not"
status = "running"
metric = "reads-wau"

[[bet]]
id = "on-the-children"
title = "Aims at the key result fed by children"
hypothesis = "If we try, it moves, because"
risk = "core"
appetite_weeks = 2
start = 2026-10-01
decide_by = 2026-12-20
success = "Moves"
kill = "Does not"
status = "running"
metric = "fed"

"#,
        objective("child", "parent = \"fed\"", &[("kr-child", 3.0)]),
    );
    let (_dir, path) = plan("", &body);
    let r = status(&path);
    let bet = |id: &str| {
        r["bets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["id"] == id)
            .unwrap()["progress"]
            .clone()
    };
    // (140 − 100) / 80 = 0.5; the child's 0.3 feeds `fed`.
    assert_eq!(bet("on-the-series"), 0.5);
    assert_eq!(bet("on-the-children"), 0.3);
    // The review plots the series under the key result reading it, against its own goal.
    let review = northstar(&[
        "-f",
        &path,
        "--as-of",
        "2026-11-20",
        "review",
        "--format",
        "json",
    ]);
    let review: Value = serde_json::from_str(&review.stdout).unwrap();
    let points = review["pillars"][0]["objectives"][0]["key_results"][0]["points"].clone();
    assert_eq!(
        points,
        serde_json::json!([
            {"date": "2026-10-20", "value": 120.0, "progress": 0.25},
            {"date": "2026-11-16", "value": 140.0, "progress": 0.5}
        ])
    );
    // Stale: the help names the series to check in on.
    let late = northstar(&["-f", &path, "--as-of", "2026-12-10", "check"]);
    assert!(
        late.stderr
            .contains("help: record one: `northstar checkin wau VALUE`"),
        "{}",
        late.stderr
    );
}
