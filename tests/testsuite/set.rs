//! `northstar set ID FIELD VALUE [--reason TEXT]`: one value edited in place, goalpost
//! changes recorded as `[[change]]` in the check-in log, every refusal (exit 2, its
//! message, no byte changed), and a property test that only the value's bytes change.

use crate::common;

use std::fmt::Write as _;
use std::path::Path;

use common::{northstar, platform_copy};
use proptest::prelude::*;

fn set(plan: &Path, args: &[&str]) -> common::Outcome {
    let mut all = vec!["-f", plan.to_str().unwrap(), "set"];
    all.extend_from_slice(args);
    northstar(&all)
}

/// The bytes of every file of the plan's directory.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for sub in ["", "teams"] {
        for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                files.push((path.display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn a_goalpost_change_with_its_reason_edits_the_value_and_appends_the_record() {
    let (dir, plan) = platform_copy();
    let dev = dir.path().join("teams/dev-infra.toml");
    let log = dir.path().join("checkins.toml");
    let (dev_before, log_before) = (
        std::fs::read_to_string(&dev).unwrap(),
        std::fs::read_to_string(&log).unwrap(),
    );
    let r = set(
        &plan,
        &[
            "lead-time",
            "target",
            "18",
            "--reason",
            "the build farm move slipped to Q1",
            "--by",
            "ana",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!(
            "set `lead-time` target: 12 → 18 ({})\nrecorded the change and its reason in {}\n",
            dev.display(),
            log.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&dev).unwrap(),
        dev_before.replace("target = 12              #", "target = 18              #")
    );
    let appended = "[[change]]\nid = \"lead-time\"\nfield = \"target\"\nfrom = 12\nto = 18\ndate = 2026-11-20\nby = \"ana\"\nreason = \"the build farm move slipped to Q1\"\n";
    let log_after = std::fs::read_to_string(&log).unwrap();
    assert!(log_after.starts_with(&log_before));
    assert_eq!(log_after[log_before.len()..].trim_start(), appended);
    // The plan still checks clean of errors, the record included.
    let check = northstar(&["-f", plan.to_str().unwrap(), "check", "--format", "json"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}

#[test]
fn a_field_that_is_not_a_goalpost_needs_no_reason_and_a_missing_key_is_added() {
    let (dir, plan) = platform_copy();
    let dev = dir.path().join("teams/dev-infra.toml");
    let before = std::fs::read_to_string(&dev).unwrap();
    let r = set(
        &plan,
        &["lead-time", "title", "Median lead time, merge to deploy"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(&dev).unwrap(),
        before.replace(
            "title = \"Median lead time for changes\"",
            "title = \"Median lead time, merge to deploy\""
        )
    );
    let r = set(&plan, &["lead-time", "owner", "dev-infra"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        std::fs::read_to_string(&dev)
            .unwrap()
            .contains("weight = 2\nowner = \"dev-infra\"\n")
    );
}

#[test]
fn a_dry_run_prints_the_diff_and_writes_nothing() {
    let (dir, plan) = platform_copy();
    let before = snapshot(dir.path());
    let r = set(
        &plan,
        &[
            "lead-time",
            "target",
            "18",
            "--reason",
            "slipped",
            "--by",
            "ana",
            "--dry-run",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(snapshot(dir.path()), before);
    let dev = dir.path().join("teams/dev-infra.toml");
    assert!(
        r.stdout.contains(&format!(
            "--- a/{0}\n+++ b/{0}\n@@ -14,7 +14,7 @@\n title = \"Median lead time for changes\"\n unit = \"h\"\n baseline = 48\n-target = 12              # lower is better\n+target = 18              # lower is better\n",
            dev.display()
        )),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("+[[change]]\n+id = \"lead-time\"\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn every_refusal_exits_2_says_why_and_changes_no_byte() {
    let (dir, plan) = platform_copy();
    let before = snapshot(dir.path());
    let log = dir.path().join("checkins.toml");
    let cases: &[(&[&str], String)] = &[
        (
            &["lead-time", "target", "18"],
            format!(
                "error: `target` of key result `lead-time` is a goalpost, and 2026-Q4 began on 2026-10-01: changing it needs --reason\nhelp: say why with `--reason TEXT`; it is recorded as a `[[change]]` in {}\nnothing was written\n",
                log.display()
            ),
        ),
        (
            &["lead-tme", "target", "18"],
            "error: unknown id `lead-tme`: no entity of the plan has it\nhelp: did you mean `lead-time`?\nnothing was written\n".into(),
        ),
        (
            &["lead-time", "title", "x", "--reason", "because"],
            "error: --reason records goalpost changes; `title` of `lead-time` is not a goalpost\nhelp: the goalposts of a key result: `baseline`, `target`, `keep_below`, `keep_above`, `weight`\nnothing was written\n".into(),
        ),
        (
            &["lead-time", "id", "lead"],
            "error: an id cannot be changed with `set`\nhelp: ids are referenced elsewhere; rename it in every file by hand\nnothing was written\n".into(),
        ),
        (
            &["lead-time", "weight", "2", "--reason", " "],
            "error: --reason is blank\nhelp: say why the goalpost moved\nnothing was written\n".into(),
        ),
    ];
    for (args, expected) in cases {
        let r = set(&plan, args);
        assert_eq!(
            (r.code, r.stderr.as_str()),
            (2, expected.as_str()),
            "{args:?}"
        );
        assert_eq!(r.stdout, "");
        assert_eq!(snapshot(dir.path()), before, "{args:?}");
    }
    // A value that would not validate: refused with the diagnostic.
    let r = set(&plan, &["lead-time", "weight", "-1", "--reason", "drop it"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("error[invalid-weight]"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.ends_with("error: setting `weight` of `lead-time` to -1 would leave the plan with 1 error\nnothing was written\n"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(dir.path()), before);
}

/// FIELD is a key the entity's table takes, read from the plan format itself: a newline
/// in it (which wrote further keys, whole tables, and moved a goalpost without
/// `--reason`) or a typo is refused with the keys it may be, through the binary.
#[test]
fn a_field_must_be_a_key_of_the_entity() {
    let (dir, plan) = platform_copy();
    let before = snapshot(dir.path());
    let keys = "`baseline`, `due`, `id`, `keep_above`, `keep_below`, `measured_by`, `milestone`, `owner`, `progress_from`, `source`, `start`, `target`, `title`, `unit`, `weight`";
    let cases: &[(&[&str], String)] = &[
        (
            &["lead-time", "unit = \"h\"\ntarget", "30"],
            format!("error: `unit = \\\"h\\\"\\ntarget` is not a key of a key result\nhelp: did you mean `unit`? a key result takes {keys}\nnothing was written\n"),
        ),
        (
            &["lead-time", "title\n\n[[change]]\nid", "\"x\""],
            format!("error: `title\\n\\n[[change]]\\nid` is not a key of a key result\nhelp: did you mean `title`? a key result takes {keys}\nnothing was written\n"),
        ),
        (
            &["lead-time", "targt", "18"],
            format!("error: `targt` is not a key of a key result\nhelp: did you mean `target`? a key result takes {keys}\nnothing was written\n"),
        ),
        (
            &["boring-deploys", "colour", "red"],
            "error: `colour` is not a key of an objective\nhelp: an objective takes `contribution`, `id`, `key_result`, `kind`, `owner`, `parent`, `parents`, `period`, `pillar`, `quarter`, `team`, `title`, `weight`\nnothing was written\n".into(),
        ),
    ];
    for (args, expected) in cases {
        let out = common::bin()
            .args(["-f", plan.to_str().unwrap(), "set"])
            .args(*args)
            .output()
            .unwrap();
        assert_eq!(
            (out.status.code(), String::from_utf8(out.stderr).unwrap()),
            (Some(2), expected.clone()),
            "{args:?}"
        );
        assert_eq!(String::from_utf8(out.stdout).unwrap(), "");
        assert_eq!(snapshot(dir.path()), before, "{args:?}");
    }
}

const PLAN: &str = "[plan]\nname = \"P\"\n\n[[pillar]]\nid = \"p\"\nname = \"P\"\n\n[[objective]]\nid = \"o\"\ntitle = \"O\"\npillar = \"p\"\nperiod = \"2027-Q3\"   # next year\nowner = \"ana\"\n\n# the key result\n[[objective.key_result]]\nid = \"k\"\ntitle = \"K\"\nbaseline = 0\ntarget = 10  # agreed\n";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Only the value's bytes change, CRLF and comments stay, and the plan reloads with
    /// the new value.
    #[test]
    fn only_the_values_bytes_change(target in 11u32..100_000, crlf in any::<bool>(), title in "[A-Za-z][A-Za-z ]{0,20}") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("northstar.toml");
        let text = if crlf { PLAN.replace('\n', "\r\n") } else { PLAN.to_string() };
        std::fs::write(&path, &text).unwrap();
        let p = path.to_str().unwrap();
        let r = northstar(&["-f", p, "set", "k", "target", &target.to_string()]);
        prop_assert_eq!(r.code, 0, "{}", r.stderr);
        let r = northstar(&["-f", p, "set", "o", "title", &title]);
        prop_assert_eq!(r.code, 0, "{}", r.stderr);
        let expected = text
            .replace("target = 10  #", &format!("target = {target}  #"))
            .replace("title = \"O\"", &format!("title = \"{title}\""));
        prop_assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);
        let show = northstar(&["-f", p, "--period", "2027-Q3", "okrs", "--format", "json"]);
        prop_assert_eq!(show.code, 0, "{}", show.stderr);
        let v: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
        let kr = common::key_result_row(&v, "k");
        prop_assert_eq!(kr["target"].as_f64(), Some(f64::from(target)));
    }
}

/// Without git history, `show` rates each past check-in against the goal the `[[change]]`
/// records say was in force then, and marks those rated against a goal that has moved.
#[test]
fn show_rates_past_check_ins_against_the_goal_before_a_recorded_change() {
    let (_dir, plan) = platform_copy();
    let r = set(
        &plan,
        &[
            "lead-time",
            "target",
            "18",
            "--reason",
            "the build farm move slipped",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = common::history_rows(plan.to_str().unwrap(), "lead-time");
    // 48 → 12 h until the change (recorded today, 2026-11-20): 27 h on 2026-11-16 was
    // (48 − 27) / (48 − 12) = 0.5833 of the way, rated against the target then.
    let last = rows.last().unwrap();
    assert_eq!(last.0, "2026-11-16");
    assert!(last.2, "{rows:?}");
    assert_eq!(last.1, 21.0 / 36.0);
    assert!(rows.iter().all(|r| r.2), "{rows:?}");
}

/// A `[[change]]` written by hand is checked like a check-in: an unknown id gets
/// did-you-mean, a key that is not a goalpost is refused with the goalposts listed, and a
/// record without its reason is incomplete; each at its exact place.
#[test]
fn a_bad_change_record_is_an_error_at_its_place() {
    let (dir, plan) = platform_copy();
    let log = dir.path().join("checkins.toml");
    let mut text = std::fs::read_to_string(&log).unwrap();
    let first = text.lines().count() + 2;
    for (id, field, reason) in [
        ("lead-tme", "target", "reason = \"slipped\"\n"),
        ("lead-time", "title", "reason = \"slipped\"\n"),
        ("lead-time", "target", ""),
    ] {
        write!(
            text,
            "\n[[change]]\nid = \"{id}\"\nfield = \"{field}\"\nfrom = 12\nto = 18\ndate = 2026-11-20\nby = \"ana\"\n{reason}"
        )
        .unwrap();
    }
    std::fs::write(&log, text).unwrap();
    let r = northstar(&["-f", plan.to_str().unwrap(), "--color", "never", "check"]);
    assert_eq!(r.code, 1);
    let at = |line: usize, col: usize| format!("{}:{line}:{col}", log.display());
    let (a, b, c) = (first + 1, first + 11, first + 18);
    let width = " ".repeat(c.to_string().len());
    assert_eq!(
        r.stderr,
        format!(
            "error[unknown-reference]: unknown id `lead-tme` in `id`
{width}--> {}
{width} |
{a} | id = \"lead-tme\"
{width} |      ^^^^^^^^^^ no objective or key result has this id
{width} |
{width} = help: did you mean `lead-time`?

error[invalid-value]: `title` is not a goalpost of a key result; `[[change]]` records goalpost changes only
{width}--> {}
{width} |
{b} | field = \"title\"
{width} |         ^^^^^^^ `lead-time` is a key result
{width} |
{width} = help: the goalposts of a key result: `baseline`, `target`, `keep_below`, `keep_above`, `weight`

error[missing-field]: `[[change]]` is missing required field `reason`
{width}--> {}
{width} |
{c} | [[change]]
{width} | ^^^^^^^^^^ `reason` required here

error: 3 errors found
",
            at(a, 6),
            at(b, 9),
            at(c, 1)
        )
    );
}

/// A `set` stopped after writing its `[[change]]` but before the plan (as the old order of
/// its writes allowed) left a record without its move; `check` reports it as
/// `unapplied-change` at the record, through the binary, so a later hand edit to the
/// recorded value cannot pass as recorded unnoticed.
#[test]
fn a_record_whose_move_the_plan_does_not_show_is_reported() {
    let (dir, plan) = platform_copy();
    let dev = dir.path().join("teams/dev-infra.toml");
    let before = std::fs::read(&dev).unwrap();
    let r = set(
        &plan,
        &["lead-time", "target", "18", "--reason", "the farm slipped"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The plan file as it was: only the record landed.
    std::fs::write(&dev, &before).unwrap();
    let out = common::bin()
        .args(["-f", plan.to_str().unwrap(), "--as-of", "2026-11-20"])
        .args(["check", "--no-git", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unapplied-change")
        .collect();
    assert_eq!(found.len(), 1, "{v}");
    assert_eq!(
        found[0]["message"],
        "`[[change]]` records `target` of `lead-time` moving 12 → 18, but the plan has 12"
    );
    assert_eq!(
        found[0]["location"]["file"],
        dir.path().join("checkins.toml").to_str().unwrap()
    );
    // Once the plan shows the move, the record is in order.
    let r = set(
        &plan,
        &["lead-time", "target", "18", "--reason", "the farm slipped"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = common::bin()
        .args(["-f", plan.to_str().unwrap(), "--as-of", "2026-11-20"])
        .args(["check", "--no-git", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        !String::from_utf8(out.stdout)
            .unwrap()
            .contains("unapplied-change"),
        "the second record ends at the plan's value"
    );
}

/// Issue 21: outside git, a recorded change was shown nowhere but in the plan file. The
/// review's "Goalposts moved" (every format) and `show` (every format) list it with its
/// reason.
#[test]
fn a_recorded_change_is_shown_without_git_in_the_review_and_in_show() {
    let (_dir, plan) = platform_copy();
    let p = plan.to_str().unwrap();
    let r = set(
        &plan,
        &[
            "lead-time",
            "target",
            "18",
            "--reason",
            "the build farm move slipped to Q1",
            "--by",
            "ana",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let run = |args: &[&str]| {
        let mut all = vec!["-f", p, "--as-of", "2026-11-20"];
        all.extend_from_slice(args);
        let r = northstar(&all);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    let review: serde_json::Value =
        serde_json::from_str(&run(&["review", "--format", "json"])).unwrap();
    assert_eq!(
        review["goalposts"],
        serde_json::json!([{
            "kind": "key-result",
            "id": "lead-time",
            "field": "target",
            "from": 12.0,
            "to": 18.0,
            "quarter": "2026-Q4",
            "reason": "the build farm move slipped to Q1",
            "recorded": "2026-11-20"
        }])
    );
    let markdown = run(&["review", "--format", "markdown"]);
    let section: Vec<&str> = markdown
        .lines()
        .skip_while(|l| !l.ends_with("Goalposts moved"))
        .take(5)
        .collect();
    insta::assert_snapshot!("review_goalposts_without_git", section.join("\n"));
    // Before the change was made, it had not happened: the review as of the eve lists none.
    let eve = northstar(&[
        "-f",
        p,
        "--as-of",
        "2026-11-19",
        "review",
        "--format",
        "json",
    ]);
    let eve: serde_json::Value = serde_json::from_str(&eve.stdout).unwrap();
    assert_eq!(eve["goalposts"], serde_json::json!([]));

    let shown: serde_json::Value =
        serde_json::from_str(&run(&["show", "lead-time", "--format", "json"])).unwrap();
    assert_eq!(
        shown["changes"],
        serde_json::json!([{
            "date": "2026-11-20",
            "by": "ana",
            "field": "target",
            "from": 12.0,
            "to": 18.0,
            "reason": "the build farm move slipped to Q1"
        }])
    );
    // Its objective has none recorded (a list: objectives take records).
    let objective: serde_json::Value =
        serde_json::from_str(&run(&["show", "boring-deploys", "--format", "json"])).unwrap();
    assert_eq!(objective["changes"], serde_json::json!([]));
    let table = run(&["show", "lead-time"]);
    let recorded: Vec<&str> = table
        .lines()
        .skip_while(|l| *l != "Recorded changes")
        .take(2)
        .collect();
    assert_eq!(
        recorded,
        [
            "Recorded changes",
            "  2026-11-20  target 12 → 18, by ana: the build farm move slipped to Q1"
        ]
    );
    let markdown = run(&["show", "lead-time", "--format", "markdown"]);
    let recorded: Vec<&str> = markdown
        .lines()
        .skip_while(|l| *l != "### Recorded changes")
        .take(5)
        .collect();
    insta::assert_snapshot!("show_recorded_changes_markdown", recorded.join("\n"));
}

/// `set plan KEY VALUE`: a key of `[plan]` set in place (a missing one added after the
/// table's last key, before the tables that follow), the plan's periods following the new
/// fiscal year; an unknown key, a value the plan refuses and `--reason` are refused
/// without a byte changed.
#[test]
fn set_plan_edits_the_plan_tables_settings_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("northstar.toml");
    let before = "# plan\n[plan]\nname = \"P\"\nstale_after_days = 14   # two weeks\n\n[plan.portfolio]\ncore = 0.7\nadjacent = 0.2\ntransformational = 0.1\n\n[[pillar]]\nid = \"p\"\nname = \"P\"\n";
    std::fs::write(&plan, before).unwrap();
    let p = plan.display();
    for (args, stdout) in [
        (
            &["plan", "stale_after_days", "7"][..],
            format!("set `[plan]` stale_after_days: 14 → 7 ({p})\n"),
        ),
        (
            &["plan", "fiscal_year_start", "02-01"][..],
            format!("set `[plan]` fiscal_year_start: (unset) → \"02-01\" ({p})\n"),
        ),
        (
            &["plan", "cadence", "half"][..],
            format!("set `[plan]` cadence: (unset) → \"half\" ({p})\n"),
        ),
    ] {
        let r = set(&plan, args);
        assert_eq!(
            (r.code, r.stdout, r.stderr.as_str()),
            (0, stdout, ""),
            "{args:?}"
        );
    }
    let after = "# plan\n[plan]\nname = \"P\"\nstale_after_days = 7   # two weeks\nfiscal_year_start = \"02-01\"\ncadence = \"half\"\n\n[plan.portfolio]\ncore = 0.7\nadjacent = 0.2\ntransformational = 0.1\n\n[[pillar]]\nid = \"p\"\nname = \"P\"\n";
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), after);
    // The default period is now the fiscal half containing today (2026-11-20): FY27-H2.
    let r = northstar(&["-f", plan.to_str().unwrap(), "okrs", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["quarter"], "FY27-H2", "{}", r.stdout);
    for (args, stderr) in [
        (
            &["plan", "stale_days", "3"][..],
            "error: `[plan]` has no key `stale_days`\nhelp: did you mean `stale_after_days`? the keys: `name`, `include`, `checkin_log`, `stale_after_days`, `overshoot`, `fiscal_year_start`, `fiscal_year_named_by`, `cadence`, `children_in_rollup`\nnothing was written\n".to_string(),
        ),
        (
            &["plan", "stale_after_days", "7", "--reason", "calmer"][..],
            "error: `--reason` records goalpost changes; the keys of `[plan]` are settings, not goalposts: leave it out\n".to_string(),
        ),
        (
            &["plan", "cadence", "monthly"][..],
            format!("error[invalid-value]: `monthly` is not allowed here in `[plan]`\n --> {p}:6:11\n  |\n6 | cadence = \"monthly\"\n  |           ^^^^^^^^^ expected one of `quarter`, `half`, `year`\n\nerror: 1 error found\nerror: setting `cadence` of `[plan]` to \"monthly\" would leave the plan with 1 error\nnothing was written\n"),
        ),
    ] {
        let r = set(&plan, args);
        assert_eq!((r.code, r.stdout.as_str(), r.stderr), (2, "", stderr), "{args:?}");
    }
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), after);
}

/// Issue 21's second reading: `set` printed the old value as TOML, so a title holding a
/// line feed, U+202E or a C1 control reached stdout and a plan could start a GitHub
/// workflow command (`::warning::`) on a line of its own. The confirmation line and a dry
/// run's diff carry no control character of the plan's.
#[test]
fn the_old_value_set_prints_drives_no_terminal_and_no_workflow_command() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("northstar.toml");
    std::fs::write(
        &plan,
        "[plan]\nname = \"N\"\n\n[[pillar]]\nid = \"p\"\nname = \"P\\u202e\\u0085\\n::warning::PWN\\u001b[2J\"\n",
    )
    .unwrap();
    let dry = set(&plan, &["p", "name", "Platform", "--dry-run"]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    let r = set(&plan, &["p", "name", "Platform"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    // toml_edit writes the old value as a multi-line string; its line feed, U+202E and
    // U+0085 are dropped, ESC stays escaped as TOML writes it.
    assert_eq!(
        r.stdout,
        format!(
            "set `p` name: \"\"\"P::warning::PWN\\u001B[2J\"\"\" → \"Platform\" ({})\n",
            plan.display()
        )
    );
    for out in [&dry.stdout, &r.stdout] {
        assert!(
            !out.contains(['\u{1b}', '\u{202e}', '\u{85}', '\r']),
            "{out:?}"
        );
        assert!(!out.lines().any(|l| l.starts_with("::")), "{out}");
    }
}
