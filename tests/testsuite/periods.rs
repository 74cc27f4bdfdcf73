//! Plans on the organisation's own calendar, end to end: fiscal years, halves, years and
//! cycles; objectives shown in every period they overlap; each item paced over its own
//! window; not-started key results; capacity prorated by days; `--period` and `carry --to`.
//! Every expected number is worked out by hand in the comment above it.

use crate::common;

use common::northstar;
use common::{key_result_row as key_result, objective_row as objective};
use serde_json::Value;

fn plan(settings: &str, body: &str) -> (tempfile::TempDir, String) {
    common::small_plan("Periods", settings, body)
}

fn status(path: &str, as_of: &str, args: &[&str]) -> Value {
    common::status_json(path, as_of, args)
}

fn ids(report: &Value, list: &str) -> Vec<String> {
    report[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect()
}

const SOURCEGRAPH_Q2: &str = r#"
[[objective]]
id = "fiscal-q2"
title = "Fiscal Q2"
pillar = "p1"
period = "FY21-Q2"
owner = "ann"

[[objective.key_result]]
id = "kr-fiscal"
title = "Half way"
baseline = 0
target = 10

[[objective]]
id = "calendar-q2"
title = "Calendar Q2"
pillar = "p2"
quarter = "2020-Q2"
owner = "ann"

[[objective.key_result]]
id = "kr-calendar"
title = "Half way"
baseline = 0
target = 10

[[checkin]]
metric = "kr-fiscal"
date = 2020-06-15
value = 5

[[checkin]]
metric = "kr-calendar"
date = 2020-06-15
value = 5
"#;

#[test]
fn a_fiscal_quarter_is_paced_over_its_own_days() {
    // Sourcegraph names fiscal years by their end (its handbook: FY21 = February 2020 to
    // January 2021), so FY21-Q2 = 2020-05-01 .. 2020-07-31 (92 days).
    let (_dir, path) = plan("fiscal_year_start = \"02-01\"", SOURCEGRAPH_Q2);
    let r = status(&path, "2020-06-15", &[]);
    // The default period is the fiscal quarter containing the as-of date.
    assert_eq!(
        r["period"],
        serde_json::json!({"label": "FY21-Q2", "first_day": "2020-05-01", "last_day": "2020-07-31"})
    );
    assert_eq!(r["quarter"], "FY21-Q2");
    // May 1 through June 15 is 31 + 15 = 46 of 92 days.
    assert_eq!(r["expected_pace"], 0.5);
    let fiscal = objective(&r, "fiscal-q2");
    assert_eq!(fiscal["expected_pace"], 0.5);
    assert_eq!(
        fiscal["window"],
        serde_json::json!({"first_day": "2020-05-01", "last_day": "2020-07-31"})
    );
    // Progress 0.5 against pace 0.5: on track.
    assert_eq!(fiscal["status"], "on-track");
    // The calendar quarter overlaps the fiscal one, so it is shown too, paced over its own
    // days: April 1 through June 15 is 76 of 91 days; 0.5 < 0.835 − 0.25: off track.
    let calendar = objective(&r, "calendar-q2");
    assert_eq!(calendar["expected_pace"], 76.0 / 91.0);
    assert_eq!(calendar["status"], "off-track");
    assert_eq!(key_result(&r, "kr-calendar")["expected_pace"], 76.0 / 91.0);
}

#[test]
fn an_annual_objective_shows_in_each_of_its_quarters_with_half_year_key_results() {
    // GitLab's convention: FY27 = 2026-02-01 .. 2027-01-31 (named by its end).
    let (_dir, path) = plan(
        "fiscal_year_start = \"02-01\"",
        r#"
[[objective]]
id = "annual"
title = "A year-long objective"
pillar = "p1"
period = "FY27"
owner = ["ann", "platform"]

[[objective.key_result]]
id = "first-half"
title = "Done in H1"
milestone = true
due = 2026-07-31

[[objective.key_result]]
id = "second-half"
title = "Moved in H2"
baseline = 0
target = 100
start = 2026-08-01
owner = "bo"

[[objective.key_result]]
id = "late"
title = "Starts in January"
milestone = true
start = 2027-01-01

[[objective]]
id = "q3-only"
title = "A fiscal Q3 objective"
pillar = "p2"
period = "FY27-Q3"
owner = "ann"

[[objective.key_result]]
id = "q3-kr"
title = "Something"
milestone = true

[[checkin]]
metric = "first-half"
date = 2026-07-20
value = true

[[checkin]]
metric = "second-half"
date = 2026-11-10
value = 40
"#,
    );
    let q4 = status(&path, "2026-11-20", &[]);
    assert_eq!(q4["quarter"], "FY27-Q4");
    assert_eq!(
        q4["period"],
        serde_json::json!({"label": "FY27-Q4", "first_day": "2026-11-01", "last_day": "2027-01-31"})
    );
    assert_eq!(ids(&q4, "objectives"), ["annual"]);
    let q3 = status(&path, "2026-11-20", &["--period", "fy27-q3"]);
    assert_eq!(q3["quarter"], "FY27-Q3");
    assert_eq!(ids(&q3, "objectives"), ["annual", "q3-only"]);

    let annual = objective(&q4, "annual");
    // The annual objective is paced over its year: 2026-02-01 through 2026-11-20 is 293 of
    // 365 days.
    assert_eq!(annual["expected_pace"], 293.0 / 365.0);
    assert_eq!(annual["owners"], serde_json::json!(["ann", "platform"]));
    assert_eq!(annual["owner"], "ann");
    // The H1 key result is done; the H2 one is paced over 2026-08-01 .. 2027-01-31
    // (184 days), 112 of them gone; the January one has not started.
    let h1 = key_result(&q4, "first-half");
    assert_eq!(
        (h1["status"].as_str(), h1["stale"].as_bool()),
        (Some("done"), Some(false))
    );
    let h2 = key_result(&q4, "second-half");
    assert_eq!(h2["expected_pace"], 112.0 / 184.0);
    assert_eq!(h2["owners"], serde_json::json!(["bo"]));
    // 0.4 against 0.609: at risk (0.4 ≥ 0.609 − 0.25).
    assert_eq!(h2["status"], "at-risk");
    let late = key_result(&q4, "late");
    assert_eq!(late["status"], "not-started");
    assert_eq!(late["progress"], Value::Null);
    assert_eq!(late["stale"], false);
    // The objective is the mean of its two started key results: (1 + 0.4) / 2.
    assert_eq!(annual["progress"], 0.7);
    // `--owner` finds an objective by any of its owners or its key results' owners.
    for (owner, found) in [("platform", 1), ("bo", 1)] {
        let r = northstar(&[
            "-f",
            &path,
            "--as-of",
            "2026-11-20",
            "okrs",
            "--owner",
            owner,
            "--format",
            "json",
        ]);
        let okrs: Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(
            okrs["objectives"].as_array().unwrap().len(),
            found,
            "{owner}"
        );
    }
    // Half-year key results are stale only inside their window: the H1 one is done, and
    // would not be stale after July anyway.
    let h1_later = status(&path, "2026-12-20", &[]);
    assert_eq!(key_result(&h1_later, "first-half")["stale"], false);
    // 2026-11-10 + 14 days < 2026-12-20: the H2 key result is stale.
    assert_eq!(key_result(&h1_later, "second-half")["stale"], true);
}

#[test]
fn capacity_counts_the_share_of_each_initiative_inside_the_period() {
    let (_dir, path) = plan(
        "",
        r#"
[[initiative]]
id = "straddles"
title = "Runs 181 days, 92 of them in Q4"
start = 2026-07-04
end = 2026-12-31
effort_weeks = 10
work = "debt"

[[initiative]]
id = "whole-half"
title = "The second half"
period = "2026-H2"
effort_weeks = 4

[[initiative]]
id = "next-year"
title = "Not in Q4 at all"
period = "2027"
effort_weeks = 50
"#,
    );
    let r = status(&path, "2026-11-20", &[]);
    assert_eq!(ids(&r, "initiatives"), ["straddles", "whole-half"]);
    let straddles = &r["initiatives"][0];
    // The row keeps the full effort; the period's share is 10 × 92/181.
    assert_eq!(straddles["effort_weeks"], 10.0);
    assert_eq!(straddles["period_effort_weeks"], 10.0 * 92.0 / 181.0);
    assert_eq!(straddles["quarter"], Value::Null);
    // 2026-H2 has 184 days, 92 of them in Q4: half of 4 weeks.
    assert_eq!(r["initiatives"][1]["period_effort_weeks"], 2.0);
    assert_eq!(r["initiatives"][1]["quarter"], "2026-H2");
    let total = 10.0 * 92.0 / 181.0 + 2.0;
    assert_eq!(r["capacity"]["effort_weeks"], total);
    let debt = r["capacity"]["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["work"] == "debt")
        .unwrap();
    assert_eq!(debt["share"], (10.0 * 92.0 / 181.0) / total);
    // Over the whole half, both count in full.
    let h2 = status(&path, "2026-11-20", &["--period", "2026-H2"]);
    assert_eq!(h2["capacity"]["effort_weeks"], 14.0);
}

#[test]
fn cycles_are_periods_and_unknown_ones_are_usage_errors() {
    let (_dir, path) = plan(
        "cadence = \"half\"",
        r#"
[[cycle]]
id = "cycle-7"
name = "Cycle 7"
start = 2026-10-05
end = 2026-11-15

[[objective]]
id = "in-cycle"
title = "Six weeks"
pillar = "p1"
period = "cycle-7"
owner = "ann"

[[objective.key_result]]
id = "cycle-kr"
title = "Shipped"
milestone = true
"#,
    );
    // cadence = "half": the default period is the calendar half.
    let h2 = status(&path, "2026-11-20", &[]);
    assert_eq!(h2["quarter"], "2026-H2");
    assert_eq!(ids(&h2, "objectives"), ["in-cycle"]);
    let cycle = status(&path, "2026-11-20", &["--period", "cycle-7"]);
    assert_eq!(
        cycle["period"],
        serde_json::json!({"label": "cycle-7", "first_day": "2026-10-05", "last_day": "2026-11-15"})
    );
    // The cycle has ended: pace 1.
    assert_eq!(cycle["expected_pace"], 1.0);

    let r = northstar(&["-f", &path, "--period", "cycle-8", "status"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: unknown period `cycle-8`; did you mean `cycle-7`?\n"
    );
    // The same refusal from a command that writes says that nothing was written.
    let before = std::fs::read(&path).unwrap();
    let r = northstar(&[
        "-f", &path, "--period", "cycle-8", "bet", "start", "any-bet",
    ]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: unknown period `cycle-8`; did you mean `cycle-7`?\nnothing was written\n"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let r = common::std_bin()
        .args(["-f", &path, "--quarter", "Q4 2026", "status"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(
        stderr.contains(
            "invalid value 'Q4 2026' for '--period <PERIOD>': expected a period like 2026-Q4, 2026-H1, 2026, FY24-Q2, FY24-H1, FY24 or a cycle id; did you mean 2026-Q4?"
        ),
        "{stderr}"
    );
}

#[test]
fn carry_takes_any_period_and_suffixes_ids_with_its_label() {
    let (dir, path) = plan(
        "fiscal_year_start = \"02-01\"",
        r#"
[[objective]]
id = "o1"
title = "Unfinished"
pillar = "p1"
period = "FY27-Q4"
owner = ["ann", "bo"]

[[objective.key_result]]
id = "kr1"
title = "Half way"
baseline = 0
target = 10
due = 2026-12-15
owner = "cy"

[[objective.key_result]]
id = "reached"
title = "Already at its target"
baseline = 0
target = 10

[[objective.key_result]]
id = "shipped"
title = "Already shipped"
milestone = true

[[checkin]]
metric = "kr1"
date = 2026-11-16
value = 5

[[checkin]]
metric = "reached"
date = 2026-11-16
value = 10

[[checkin]]
metric = "shipped"
date = 2026-11-16
value = true

[[objective]]
id = "o2"
title = "Finished"
pillar = "p2"
period = "FY27-Q4"
owner = "ann"

[[objective.key_result]]
id = "o2-kr"
title = "Reached"
baseline = 0
target = 1

[[checkin]]
metric = "o2-kr"
date = 2026-11-16
value = 1
"#,
    );
    let r = northstar(&[
        "-f",
        &path,
        "--as-of",
        "2026-11-20",
        "carry",
        "--to",
        "fy2028-q1",
        "--dry-run",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The key result's own due date belonged to the old period: left behind. So are the key
    // results already reached (rebased, `reached` would have its baseline on its target).
    assert_eq!(
        r.stdout,
        format!(
            "# would append to {}\n[[objective]]\nid = \"o1-fy28q1\"\ntitle = \"Unfinished\"\npillar = \"p1\"\nperiod = \"FY28-Q1\"\nowner = [\"ann\", \"bo\"]\nkind = \"committed\"\n\n\
             [[objective.key_result]]\nid = \"kr1-fy28q1\"\ntitle = \"Half way\"\nbaseline = 5\ntarget = 10\nowner = \"cy\"\n",
            dir.path().join("northstar.toml").display()
        )
    );
    let same = northstar(&[
        "-f",
        &path,
        "--as-of",
        "2026-11-20",
        "carry",
        "--to",
        "FY27-Q4",
    ]);
    assert_eq!(same.code, 2);
    assert_eq!(
        same.stderr,
        "error: --to FY27-Q4 is the period being carried from\nhelp: pick the period to carry from with `--period`\nnothing was written\n"
    );
    let unknown = northstar(&[
        "-f",
        &path,
        "--as-of",
        "2026-11-20",
        "carry",
        "--to",
        "cycle-1",
    ]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .starts_with("error: --to: unknown period `cycle-1`\n"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn the_review_names_the_period_in_the_organisations_words() {
    let (_dir, path) = plan(
        "fiscal_year_start = \"02-01\"",
        r#"
[[objective]]
id = "o1"
title = "Objective"
pillar = "p1"
period = "FY24-Q2"
owner = "ann"

[[objective.key_result]]
id = "kr1"
title = "Shipped"
milestone = true
"#,
    );
    let r = northstar(&[
        "-f",
        &path,
        "--period",
        "FY24-Q2",
        "--as-of",
        "2023-08-15",
        "review",
        "--format",
        "markdown",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("# Quarterly review: Periods · FY24-Q2, 2023-05-01 – 2023-07-31\n"),
        "{}",
        r.stdout
    );
    let year = northstar(&[
        "-f",
        &path,
        "--period",
        "FY24",
        "--as-of",
        "2024-02-15",
        "review",
        "--format",
        "markdown",
    ]);
    assert!(
        year.stdout
            .starts_with("# Annual review: Periods · FY24, 2023-02-01 – 2024-01-31\n"),
        "{}",
        year.stdout
    );
}

#[test]
fn the_benchmark_plan_is_valid_and_exercises_periods() {
    use northstar::synth::{Shape, write_plan};
    let dir = tempfile::tempdir().unwrap();
    let shape = Shape {
        files: 4,
        objectives: 40,
        key_results_per_objective: 5,
        checkins_per_key_result: 6,
        tree_levels: 0,
    };
    let main = write_plan(dir.path(), shape).unwrap();
    let main = main.to_str().unwrap();
    let check = northstar(&[
        "-f",
        main,
        "--as-of",
        "2026-11-20",
        "check",
        "--format",
        "json",
    ]);
    // Four bets are too few for the mix (the benchmark's 200 meet it); nothing else.
    assert_eq!(common::codes(&check.stdout), ["portfolio-mix"]);
    let r = status(main, "2026-11-20", &[]);
    // The 2026-H2 objectives overlap 2026-Q4: all 40 are shown.
    assert_eq!(r["objectives"].as_array().unwrap().len(), 40);
    assert_eq!(objective(&r, "obj-3")["quarter"], "2026-H2");
    assert_eq!(
        key_result(&r, "kr-3-4")["window"],
        serde_json::json!({"first_day": "2026-10-01", "last_day": "2026-12-31"})
    );
    // Initiatives of even objectives, 2 + o % 5 weeks each; those of every sixth run
    // 2026-09-01 .. 2026-12-15 (106 days), 76 of them in the quarter.
    let expected: f64 = (0..40)
        .filter(|o| o % 2 == 0)
        .map(|o| {
            let effort = f64::from(2 + o % 5);
            if o % 6 == 0 {
                effort * 76.0 / 106.0
            } else {
                effort
            }
        })
        .sum();
    let total = r["capacity"]["effort_weeks"].as_f64().unwrap();
    assert!((total - expected).abs() < 1e-9, "{total} vs {expected}");
}

/// A key result with its own window starting in November, a check-in before it (inside
/// the period: a baseline reading, no warning), and one after the as-of date.
const WINDOWED: &str = r#"
[[objective]]
id = "q4"
title = "Q4"
pillar = "p1"
period = "2026-Q4"
owner = "ann"

[[objective.key_result]]
id = "migration"
title = "Migrated"
milestone = true
start = 2026-11-01

[[objective.key_result]]
id = "users"
title = "Users"
baseline = 0
target = 100

[[checkin]]
metric = "migration"
date = 2026-10-15
value = true

[[checkin]]
metric = "users"
date = 2026-11-10
value = 40

[[checkin]]
metric = "users"
date = 2026-12-01
value = 90
"#;

/// Issue 21: a check-in before its key result's window showed "done 100%" beside a chart
/// saying "no check-ins". It does not count: no progress, `no-data`, nothing counted.
#[test]
fn a_checkin_before_its_key_results_window_does_not_count() {
    let (_dir, path) = plan("", WINDOWED);
    let r = status(&path, "2026-11-20", &[]);
    let migration = key_result(&r, "migration");
    assert_eq!(
        (
            &migration["status"],
            &migration["progress"],
            &migration["checkins"],
            &migration["last_checkin"],
            &migration["current"]
        ),
        (
            &Value::from("no-data"),
            &Value::from(0.0),
            &Value::from(0),
            &Value::Null,
            &Value::Null
        )
    );
    // The objective: (0 + 0.4) / 2 = 0.2 (with the early check-in counted it was 0.7).
    assert_eq!(objective(&r, "q4")["progress"], 0.2);
    // The review says the same as its chart: no check-in in the window, no data.
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
    let kr = &review["pillars"][0]["objectives"][0]["key_results"][0];
    assert_eq!(
        (&kr["id"], &kr["status"], &kr["points"]),
        (
            &Value::from("migration"),
            &Value::from("no-data"),
            &serde_json::json!([])
        )
    );
    // Inside the objective's period: no `checkin-outside-window`; but nothing counts in the
    // window, which began 19 days before: stale (done, it was not). The 2026-12-01
    // check-in is after the as-of date.
    let check = northstar(&[
        "-f",
        &path,
        "--as-of",
        "2026-11-20",
        "check",
        "--format",
        "json",
    ]);
    assert_eq!(
        (check.code, common::codes(&check.stdout)),
        (
            0,
            vec!["stale-key-result".into(), "checkin-in-future".into()]
        )
    );
}

/// Issue 21: `show ID --as-of D` listed a check-in after D with a status it did not have
/// on D. It is listed, marked as not counted, with no progress, change or status; so is a
/// check-in before a key result's window.
#[test]
fn show_as_of_marks_checkins_that_do_not_count() {
    let (_dir, path) = plan("", WINDOWED);
    let show = |id: &str, format: &str| {
        let r = northstar(&[
            "-f",
            &path,
            "--as-of",
            "2026-11-20",
            "show",
            id,
            "--format",
            format,
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    let json: Value = serde_json::from_str(&show("users", "json")).unwrap();
    let rows: Vec<(Value, Value, Value, Value, Value, Value)> = json["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["date"].clone(),
                h["value"].clone(),
                h["progress"].clone(),
                h["progress_change"].clone(),
                h["status"].clone(),
                h["counted"].clone(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "2026-11-10".into(),
                40.0.into(),
                0.4.into(),
                0.4.into(),
                // Pace on 2026-11-10: 41/92 = 0.446; 0.4 is on track from 0.346.
                "on-track".into(),
                true.into()
            ),
            (
                "2026-12-01".into(),
                90.0.into(),
                Value::Null,
                Value::Null,
                Value::Null,
                false.into()
            ),
        ]
    );
    let json: Value = serde_json::from_str(&show("migration", "json")).unwrap();
    assert_eq!(
        (
            &json["history"][0]["status"],
            &json["history"][0]["counted"]
        ),
        (&Value::Null, &Value::from(false))
    );
    insta::assert_snapshot!("show_as_of_table", show("users", "table"));
    insta::assert_snapshot!("show_as_of_markdown", show("users", "markdown"));
}

/// Every row of docs/plan-file.md's "Real-world calendars" table resolves as it says (a plan with
/// the row's `[plan]` keys, `--period LABEL`), and Sourcegraph's row names its fiscal year
/// by its end, as its handbook does (FY21 = February 2020 – January 2021).
#[test]
fn the_documented_real_world_calendars_resolve_as_written() {
    let page = std::fs::read_to_string("docs/plan-file.md").unwrap();
    let table = &page[page.find("### Real-world calendars").unwrap()..];
    let rows: Vec<&str> = table
        .lines()
        .skip_while(|l| !l.starts_with("| ---"))
        .skip(1)
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert_eq!(rows.len(), 5);
    let sourcegraph = rows
        .iter()
        .find(|r| r.starts_with("| Sourcegraph"))
        .unwrap();
    assert!(sourcegraph.contains("named by its end"), "{sourcegraph}");
    for row in rows.iter().filter(|r| !r.contains("[[cycle]]")) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let settings: Vec<&str> = cells[2].split('`').skip(1).step_by(2).collect();
        let label = cells[3].trim_matches('`');
        let (first, last) = cells[4].split_once(" – ").unwrap();
        let (_dir, path) = plan(&settings.join("\n"), "");
        let r = status(&path, first, &["--period", label]);
        assert_eq!(
            r["period"],
            serde_json::json!({"label": label, "first_day": first, "last_day": last}),
            "{row}"
        );
    }
}
