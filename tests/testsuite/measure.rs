//! `northstar measure`: check-ins read from `file` sources (CSV column, JSON pointer), the
//! exact bytes appended, idempotence, dry runs, and each failure on its own: exact message,
//! exit code 1, nothing written for the failed source while the others land.

use crate::common;

use std::path::{Path, PathBuf};

use common::northstar;

const PLAN: &str = r#"[plan]
name = "Measured"
checkin_log = "checkins.toml"

[north_star]
id = "active-teams"
name = "Active teams"
baseline = 0
target = 100
[north_star.source]
kind = "file"
path = "data/stats.json"
pointer = "/data/0/value"

[[metric]]
id = "velocity"
name = "Velocity"
baseline = 10
target = 50
[metric.source]
kind = "file"
path = "data/velocity.csv"
column = "value"

[[metric]]
id = "deploys"
name = "Deploys"
keep_above = 1
[metric.source]
kind = "file"
path = "data/deploys.csv"
column = "count"

[[pillar]]
id = "reliability"
name = "Reliability"

[[pillar]]
id = "speed"
name = "Speed"
"#;

/// A temporary planning directory with the plan above, its data files and an empty log.
fn planning() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("northstar.toml"), PLAN).unwrap();
    std::fs::write(dir.path().join("checkins.toml"), "# check-ins\n").unwrap();
    write(
        dir.path(),
        "data/velocity.csv",
        "date,value\n2026-11-13,20\n2026-11-20, 24.5 \n2026-11-27,30\n",
    );
    write(dir.path(), "data/deploys.csv", "week,count\n46,3\n47,5\n");
    write(
        dir.path(),
        "data/stats.json",
        r#"{"data": [{"value": "42"}, {"value": 7}]}"#,
    );
    let main = dir.path().join("northstar.toml");
    (dir, main)
}

fn write(dir: &Path, file: &str, text: &str) {
    std::fs::write(dir.join(file), text).unwrap();
}

fn measure(plan: &Path, args: &[&str]) -> common::Outcome {
    let mut all = vec!["-f", plan.to_str().unwrap(), "measure"];
    all.extend_from_slice(args);
    northstar(&all)
}

fn log(plan: &Path) -> String {
    std::fs::read_to_string(plan.with_file_name("checkins.toml")).unwrap()
}

const NORTH_STAR: &str = "[[checkin]]\nmetric = \"active-teams\"\ndate = 2026-11-20\nvalue = 42\nsource = \"file:data/stats.json pointer /data/0/value\"\n";
const VELOCITY: &str = "[[checkin]]\nmetric = \"velocity\"\ndate = 2026-11-20\nvalue = 24.5\nsource = \"file:data/velocity.csv column value\"\n";
const DEPLOYS: &str = "[[checkin]]\nmetric = \"deploys\"\ndate = 2026-11-20\nvalue = 5\nsource = \"file:data/deploys.csv column count\"\n";

#[test]
fn every_source_lands_once_with_its_provenance() {
    let (_dir, plan) = planning();
    let r = measure(&plan, &[]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_eq!(
        log(&plan),
        format!("# check-ins\n\n{NORTH_STAR}\n{VELOCITY}\n{DEPLOYS}")
    );
    let file = plan.with_file_name("checkins.toml");
    let file = file.display();
    assert_eq!(
        r.stdout,
        format!(
            "recorded active-teams = 42 on 2026-11-20 in {file} from file:data/stats.json pointer /data/0/value\n\
             recorded velocity = 24.5 on 2026-11-20 in {file} from file:data/velocity.csv column value\n\
             recorded deploys = 5 on 2026-11-20 in {file} from file:data/deploys.csv column count\n"
        )
    );

    // A second run the same day: nothing duplicated.
    let before = log(&plan);
    let again = measure(&plan, &[]);
    assert_eq!(again.code, 0);
    assert_eq!(again.stdout, "");
    assert_eq!(
        again.stderr,
        "note: skipped `active-teams`: already measured on 2026-11-20 from file:data/stats.json pointer /data/0/value\n\
         note: skipped `velocity`: already measured on 2026-11-20 from file:data/velocity.csv column value\n\
         note: skipped `deploys`: already measured on 2026-11-20 from file:data/deploys.csv column count\n"
    );
    assert_eq!(log(&plan), before);

    // `log` shows and the JSON carries the provenance.
    let json = northstar(&["-f", plan.to_str().unwrap(), "log", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        v["checkins"][1]["source"],
        serde_json::json!("file:data/velocity.csv column value")
    );
    let table = northstar(&[
        "-f",
        plan.to_str().unwrap(),
        "log",
        "--metric",
        "velocity",
        "--wide",
    ]);
    assert!(
        table
            .stdout
            .contains("from file:data/velocity.csv column value"),
        "{}",
        table.stdout
    );
}

#[test]
fn a_csv_with_a_date_column_reads_the_row_of_the_date() {
    let (_dir, plan) = planning();
    let r = measure(&plan, &["velocity", "--date", "2026-11-13"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_eq!(
        log(&plan),
        "# check-ins\n\n[[checkin]]\nmetric = \"velocity\"\ndate = 2026-11-13\nvalue = 20\nsource = \"file:data/velocity.csv column value\"\n"
    );
}

#[test]
fn a_csv_without_a_date_column_reads_its_last_row_and_a_json_pointer_its_number() {
    let (dir, plan) = planning();
    let r = measure(&plan, &["deploys"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_eq!(log(&plan), format!("# check-ins\n\n{DEPLOYS}"));
    write(
        dir.path(),
        "data/stats.json",
        r#"{"data": [{"value": 61.25}]}"#,
    );
    let r = measure(&plan, &["active-teams"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_eq!(
        log(&plan),
        format!(
            "# check-ins\n\n{DEPLOYS}\n[[checkin]]\nmetric = \"active-teams\"\ndate = 2026-11-20\nvalue = 61.25\nsource = \"file:data/stats.json pointer /data/0/value\"\n"
        )
    );
}

#[test]
fn a_dry_run_prints_the_blocks_and_writes_nothing() {
    let (_dir, plan) = planning();
    let r = measure(&plan, &["--dry-run", "deploys", "velocity"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_eq!(r.stdout, format!("{DEPLOYS}\n{VELOCITY}"));
    assert_eq!(log(&plan), "# check-ins\n");
}

/// Each failure, alone among sources that succeed: its message, exit code 1, and only
/// the others written.
#[test]
fn a_failing_source_fails_alone() {
    let cases: [(&str, &str, &str); 7] = [
        (
            "data/velocity.csv",
            "",
            "error: cannot measure `velocity`: `data/velocity.csv` does not exist\n",
        ),
        (
            "data/velocity.csv",
            "date,points\n2026-11-20,3\n",
            "error: cannot measure `velocity`: `data/velocity.csv` has no column `value` (its columns: date, points)\n",
        ),
        (
            "data/velocity.csv",
            "date,value\n2026-11-13,20\n",
            "error: cannot measure `velocity`: `data/velocity.csv` has no row dated 2026-11-20 in its `date` column\n",
        ),
        (
            "data/velocity.csv",
            "date,value\n2026-11-20,fast\n",
            "error: cannot measure `velocity`: the value in column `value` of `data/velocity.csv` is not a number: it is text of 4 characters\n",
        ),
        (
            "data/stats.json",
            r#"{"data": []}"#,
            "error: cannot measure `active-teams`: `data/stats.json` has nothing at pointer `/data/0/value`\n",
        ),
        (
            "data/stats.json",
            r#"{"data": [{"value": "many"}]}"#,
            "error: cannot measure `active-teams`: the value at `/data/0/value` in `data/stats.json` is not a number: it is a string of 4 characters\n",
        ),
        (
            "data/velocity.csv",
            "date,value\n2026-11-20,1e16\n",
            "error: cannot measure `velocity`: `10000000000000000` is out of range: check-in values lie within ±1e15\nhelp: check for a typo, or measure in a larger unit\n",
        ),
    ];
    for (file, text, stderr) in cases {
        let (dir, plan) = planning();
        if text.is_empty() {
            std::fs::remove_file(dir.path().join(file)).unwrap();
        } else {
            write(dir.path(), file, text);
        }
        let r = measure(&plan, &[]);
        assert_eq!((r.code, r.stderr.as_str()), (1, stderr), "{file}: {text}");
        let landed = if file == "data/stats.json" {
            format!("# check-ins\n\n{VELOCITY}\n{DEPLOYS}")
        } else {
            format!("# check-ins\n\n{NORTH_STAR}\n{DEPLOYS}")
        };
        assert_eq!(log(&plan), landed, "{file}: {text}");
    }
}

#[test]
fn refusals_write_nothing() {
    let (_dir, plan) = planning();
    let cases = [
        (
            vec!["--date", "2026-11-21"],
            "error: --date 2026-11-21 is after today (2026-11-20): sources are measured as of a day that has come\nnothing was written\n",
        ),
        (
            vec!["velocty"],
            "error: unknown id `velocty`: no key result, metric or North Star has it\nhelp: did you mean `velocity`?\nnothing was written\n",
        ),
        (
            vec!["speed"],
            "error: `speed` is a pillar; check-ins record key results, metrics and the North Star\nnothing was written\n",
        ),
    ];
    for (args, stderr) in cases {
        let r = measure(&plan, &args);
        assert_eq!((r.code, r.stderr.as_str()), (2, stderr), "{args:?}");
        assert_eq!(log(&plan), "# check-ins\n");
    }
}

#[test]
fn invalid_sources_are_plan_errors_at_the_exact_key() {
    let (dir, plan) = planning();
    // Each case replaces the body of the `deploys` metric's source table.
    let cases: &[(&str, &str)] = &[
        (
            "kind = \"http\"\nurl = \"http://127.0.0.1:1/x\"\npath = \"data/deploys.csv\"",
            "`path` does not belong in a `http` source",
        ),
        ("kind = \"magic\"", "unknown source kind `magic`"),
        ("kind = \"htp\"", "help: did you mean `http`?"),
        (
            "kind = \"file\"\npath = \"/etc/passwd\"\ncolumn = \"count\"",
            "source file `/etc/passwd` is an absolute path",
        ),
        (
            "kind = \"file\"\npath = \"../../../../../../../etc/passwd\"\ncolumn = \"count\"",
            "source file `../../../../../../../etc/passwd` lies outside the plan's repository",
        ),
        (
            "kind = \"file\"\npath = \"data/deploys.csv\"\ncolumn = \"count\"\npointer = \"/count\"",
            "the source of `deploys` has both `column` and `pointer`",
        ),
        (
            "kind = \"file\"\npath = \"data/deploys.csv\"",
            "the source of `deploys` has neither `column` nor `pointer`",
        ),
        (
            "kind = \"file\"\npath = \"data/deploys.csv\"\npointer = \"count\"",
            "JSON pointer `count` does not start with `/`",
        ),
        (
            "kind = \"http\"\nurl = \"https://bob:hunter2@grafana.example/api\"",
            "the URL carries credentials",
        ),
        (
            "kind = \"http\"\nurl = \"ftp://example.org/n\"",
            "`ftp://example.org/n` is not an http:// or https:// URL",
        ),
        (
            "kind = \"http\"\nurl = \"https://example.org/n\"\nauth_env = \"ghp_abc-123\"",
            "`ghp_abc-123` is not an environment variable's name",
        ),
        (
            "kind = \"http\"\nurl = \"https://example.org/n\"\ntimeout_s = 0",
            "`timeout_s = 0` is out of range",
        ),
        (
            "kind = \"prometheus\"\nurl = \"http://127.0.0.1:9090\"",
            "`[metric.source]` `deploys` is missing required field `query`",
        ),
        ("kind = \"command\"\nargv = []", "`argv` names no program"),
        (
            "kind = \"dora\"\nmeasure = \"lead-tme\"",
            "unknown DORA measure `lead-tme`",
        ),
        (
            "kind = \"dora\"\nmeasure = \"change-failure-rate\"",
            "`[metric.source]` `deploys` is missing required fields `repo`, `deploys` and `failures`",
        ),
        (
            "kind = \"dora\"\nmeasure = \"lead-time\"\nrepo = \"svc\"\ndeploys = { tag = \"^deploy-(\" }",
            "`tag` pattern `^deploy-(` is not a valid regular expression",
        ),
        (
            "kind = \"dora\"\nmeasure = \"lead-time\"\nrepo = \"svc\"\ndeploys = { tag = \"^d\", branch = \"main\" }",
            "`deploys` must name exactly one of `tag`, `branch` and `file`",
        ),
        (
            "kind = \"dora\"\nmeasure = \"time-to-restore\"\nincidents = \"i.csv\"\nwindow_days = 0",
            "`window_days = 0` is out of range",
        ),
        (
            "kind = \"dora\"\nmeasure = \"deployment-frequency\"\nrepo = \"svc\"\ndeploys = { branch = \"main\" }\nquery = \"up\"",
            "`query` does not belong in a `dora` source",
        ),
    ];
    let old = "kind = \"file\"\npath = \"data/deploys.csv\"\ncolumn = \"count\"";
    for (body, message) in cases {
        let edited = PLAN.replacen(old, body, 1);
        assert_ne!(edited, PLAN, "{body}");
        write(dir.path(), "northstar.toml", &edited);
        let r = measure(&plan, &[]);
        assert_eq!(r.code, 1, "{message}: {}", r.stderr);
        assert!(r.stderr.contains(message), "{message}: {}", r.stderr);
        assert!(
            r.stderr
                .ends_with("nothing was written: fix the plan first\n")
        );
        assert_eq!(log(&plan), "# check-ins\n");
    }
}

#[test]
fn a_dora_value_is_written_in_the_declared_unit_or_refused() {
    let (dir, plan) = planning();
    let source = "kind = \"file\"\npath = \"data/deploys.csv\"\ncolumn = \"count\"";
    let dora = "kind = \"dora\"\nmeasure = \"lead-time\"\nrepo = \"svc\"\ndeploys = { tag = \"^deploy-\" }";
    for (unit, ok) in [("h", true), ("hours", true), ("min", true), ("days", false)] {
        let edited = PLAN.replacen(source, dora, 1).replacen(
            "keep_above = 1",
            &format!("keep_above = 1\nunit = \"{unit}\""),
            1,
        );
        write(dir.path(), "northstar.toml", &edited);
        let r = northstar(&["-f", plan.to_str().unwrap(), "check"]);
        if ok {
            assert_eq!(r.code, 0, "{unit}: {}", r.stderr);
        } else {
            assert_eq!(r.code, 1);
            assert!(
                r.stderr.contains(
                    "error[source-unit-mismatch]: `deploys` declares unit `days`, but DORA's lead-time is written in hours"
                ),
                "{}",
                r.stderr
            );
            assert!(
                r.stderr.contains(
                    "help: declare one of `h`, `hours`, `min` on `deploys`, or leave `unit` out"
                ),
                "{}",
                r.stderr
            );
        }
    }
}

#[test]
fn a_milestone_or_derived_key_result_takes_no_source() {
    let (dir, plan) = planning();
    for (shape, why) in [
        ("milestone = true", "a milestone is done or not done"),
        (
            "progress_from = \"children\"",
            "its progress comes from the objectives under it",
        ),
    ] {
        let edited = format!(
            "{PLAN}\n[[objective]]\nid = \"o1\"\ntitle = \"O\"\npillar = \"speed\"\nperiod = \"2026-Q4\"\nowner = \"ann\"\n\n\
             [[objective.key_result]]\nid = \"kr1\"\ntitle = \"K\"\n{shape}\n\n\
             [objective.key_result.source]\nkind = \"file\"\npath = \"data/deploys.csv\"\ncolumn = \"count\"\n"
        );
        write(dir.path(), "northstar.toml", &edited);
        let r = measure(&plan, &[]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(
            r.stderr
                .contains(&format!("key result `kr1` cannot have a source: {why}")),
            "{}",
            r.stderr
        );
        assert_eq!(log(&plan), "# check-ins\n");
    }
}
