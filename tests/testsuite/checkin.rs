//! `northstar checkin`: the exact bytes it appends, its refusals (exit code, message, and
//! the file untouched), the check-in log, concurrency, crash safety, and a property test over
//! generated plans with comments, CRLF endings, odd spacing and no final newline.

use crate::common;

use std::path::{Path, PathBuf};

use common::{bin, northstar};
use proptest::prelude::*;

const STARTUP: &str = "examples/startup/northstar.toml";

/// A temporary copy of the startup example.
fn startup_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("northstar.toml");
    std::fs::copy(STARTUP, &path).unwrap();
    (dir, path)
}

fn checkin(plan: &Path, args: &[&str]) -> common::Outcome {
    let mut all = vec!["-f", plan.to_str().unwrap(), "checkin"];
    all.extend_from_slice(args);
    northstar(&all)
}

#[test]
fn appends_exactly_one_block() {
    let (_dir, plan) = startup_copy();
    let before = std::fs::read_to_string(&plan).unwrap();
    let r = checkin(
        &plan,
        &[
            "p95-latency",
            "1400",
            "--confidence",
            "0.6",
            "--note",
            "Cache \"warm\"",
            "--by",
            "sam",
            "--date",
            "2026-11-20",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = std::fs::read_to_string(&plan).unwrap();
    assert_eq!(
        after,
        format!(
            "{before}\n[[checkin]]\nmetric = \"p95-latency\"\ndate = 2026-11-20\nvalue = 1400\nconfidence = 0.6\nnote = 'Cache \"warm\"'\nby = \"sam\"\n"
        )
    );
    assert_eq!(
        r.stdout,
        format!(
            "recorded p95-latency = 1400 ms on 2026-11-20 in {}: progress 62% ● on-track\n",
            plan.display()
        )
    );
}

#[test]
fn dry_run_prints_the_block_and_writes_nothing() {
    let (_dir, plan) = startup_copy();
    let before = std::fs::read(&plan).unwrap();
    let r = checkin(
        &plan,
        &[
            "csv-import",
            "done",
            "--date",
            "2026-11-19",
            "--by",
            "maya",
            "--dry-run",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "[[checkin]]\nmetric = \"csv-import\"\ndate = 2026-11-19\nvalue = true\nby = \"maya\"\n"
    );
    assert_eq!(std::fs::read(&plan).unwrap(), before);
}

#[test]
fn refusals_leave_the_file_untouched() {
    let (_dir, plan) = startup_copy();
    let before = std::fs::read(&plan).unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["p95-latncy", "1"],
            "error: unknown id `p95-latncy`: no key result, metric or North Star has it\nhelp: did you mean `p95-latency`?\nnothing was written\n",
        ),
        (
            &["boring-api", "1"],
            "error: `boring-api` is an objective; check-ins record key results, metrics and the North Star\nnothing was written\n",
        ),
        (
            &["csv-import", "12"],
            "error: `csv-import` is a milestone; its value is `true` or `false`, not `12`\nhelp: also accepted: `done`, `not-done`\nnothing was written\n",
        ),
        (
            &["p95-latency", "fast"],
            "error: `p95-latency` is measured in numbers; `fast` is not a finite number\nnothing was written\n",
        ),
        (
            &["p95-latency", "1", "--confidence", "80"],
            "error: confidence `80` is outside 0–1\nhelp: write percentages as fractions: `--confidence 0.8`\nnothing was written\n",
        ),
    ];
    for (args, message) in cases {
        let r = checkin(&plan, &[args, &["--by", "x"]].concat());
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (2, "", message),
            "{args:?}"
        );
        assert_eq!(std::fs::read(&plan).unwrap(), before, "{args:?}");
    }
    // A malformed date is a usage error caught by the argument parser.
    let r = bin()
        .args([
            "-f",
            plan.to_str().unwrap(),
            "checkin",
            "p95-latency",
            "1",
            "--date",
            "2026-02-30",
        ])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert!(
        String::from_utf8(r.stderr)
            .unwrap()
            .contains("expected a date like 2026-11-20")
    );
    assert_eq!(std::fs::read(&plan).unwrap(), before);
}

#[test]
fn a_plan_with_errors_is_refused_with_its_diagnostics() {
    let (_dir, plan) = startup_copy();
    let broken = std::fs::read_to_string(&plan)
        .unwrap()
        .replace("pillar = \"trust\"\nquarter", "pillar = \"trsut\"\nquarter");
    std::fs::write(&plan, &broken).unwrap();
    let r = checkin(&plan, &["p95-latency", "1", "--by", "x"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("error[unknown-reference]: unknown id `trsut` in `pillar`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .ends_with("nothing was written: fix the plan first\n"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), broken);
}

#[test]
fn the_checkin_log_is_created_and_then_appended_to() {
    let (dir, plan) = startup_copy();
    let text = std::fs::read_to_string(&plan)
        .unwrap()
        .replace("[plan]\n", "[plan]\ncheckin_log = \"log/checkins.toml\"\n");
    std::fs::write(&plan, &text).unwrap();
    std::fs::create_dir(dir.path().join("log")).unwrap();
    let log = dir.path().join("log/checkins.toml");
    assert_eq!(
        checkin(
            &plan,
            &[
                "paying-fleets",
                "60",
                "--date",
                "2026-11-18",
                "--by",
                "maya"
            ]
        )
        .code,
        0
    );
    assert_eq!(
        checkin(
            &plan,
            &[
                "paying-fleets",
                "61.5",
                "--date",
                "2026-11-19",
                "--by",
                "maya"
            ]
        )
        .code,
        0
    );
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "[[checkin]]\nmetric = \"paying-fleets\"\ndate = 2026-11-18\nvalue = 60\nby = \"maya\"\n\n\
         [[checkin]]\nmetric = \"paying-fleets\"\ndate = 2026-11-19\nvalue = 61.5\nby = \"maya\"\n"
    );
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        text,
        "the main file is untouched"
    );
    let json = northstar(&[
        "-f",
        plan.to_str().unwrap(),
        "--as-of",
        "2026-11-20",
        "metrics",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        (
            v["north_star"]["current"].as_f64(),
            v["north_star"]["checkins"].as_u64()
        ),
        (Some(61.5), Some(4))
    );
}

#[test]
fn sixteen_concurrent_checkins_all_land() {
    let (_dir, plan) = startup_copy();
    let children: Vec<_> = (0..16)
        .map(|i| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin!("northstar"))
                .env("NORTHSTAR_TODAY", common::TODAY)
                .args([
                    "-f",
                    plan.to_str().unwrap(),
                    "checkin",
                    "api-availability",
                    &format!("{}", 90 + i),
                    "--by",
                    &format!("p{i}"),
                ])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let text = std::fs::read_to_string(&plan).unwrap();
    for i in 0..16 {
        assert!(
            text.contains(&format!("value = {}\nby = \"p{i}\"\n", 90 + i)),
            "p{i} missing"
        );
    }
    let r = northstar(&[
        "-f",
        plan.to_str().unwrap(),
        "--as-of",
        "2026-11-20",
        "metrics",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["metrics"][1]["checkins"].as_u64(), Some(17));
}

#[test]
fn a_failure_before_the_rename_loses_nothing() {
    let (dir, plan) = startup_copy();
    let before = std::fs::read(&plan).unwrap();
    let out = bin()
        .env("NORTHSTAR_TEST_FAIL_BEFORE_RENAME", "1")
        .args([
            "-f",
            plan.to_str().unwrap(),
            "checkin",
            "p95-latency",
            "1200",
            "--by",
            "sam",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .starts_with("error: injected failure before renaming over")
    );
    assert_eq!(std::fs::read(&plan).unwrap(), before);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["northstar.toml"], "no stray temporary file");
}

/// A small valid plan in many spellings: comments, spacing, line endings, final newline.
fn plan_text(krs: usize, comment: &str, space: &str, eol: &str, final_newline: bool) -> String {
    let eq = format!("{space}={space}");
    let mut lines = vec![
        format!("# {comment}"),
        "[plan]".to_string(),
        format!("name{eq}\"Generated\""),
        String::new(),
        "[north_star]".to_string(),
        format!("id{eq}\"ns\""),
        format!("name{eq}\"North Star\"   # {comment}"),
        format!("baseline{eq}0"),
        format!("target{eq}100"),
        "[[pillar]]".to_string(),
        format!("id{eq}\"p1\""),
        format!("name{eq}\"One\""),
        "[[pillar]]".to_string(),
        format!("id{eq}\"p2\""),
        format!("name{eq}\"Two\""),
        "[[objective]]".to_string(),
        format!("id{eq}\"o1\""),
        format!("title{eq}\"Objective\""),
        format!("pillar{eq}\"p1\""),
        format!("quarter{eq}\"2026-Q4\""),
        format!("owner{eq}\"ann\""),
    ];
    for k in 0..krs {
        lines.extend([
            String::new(),
            format!("  # {comment} {k}"),
            "[[objective.key_result]]".to_string(),
            format!("id{eq}\"kr-{k}\""),
            format!("title{eq}\"KR {k}\""),
            format!("baseline{eq}0"),
            format!("target{eq}{}", 10 + k),
            "[[checkin]]".to_string(),
            format!("metric{eq}\"kr-{k}\""),
            format!("date{eq}2026-11-0{}", 1 + k % 9),
            format!("value{eq}{k}"),
        ]);
    }
    let mut text = lines.join(eol);
    if final_newline {
        text.push_str(eol);
    }
    text
}

fn count_checkins(plan: &Path, id: &str) -> u64 {
    let r = northstar(&[
        "-f",
        plan.to_str().unwrap(),
        "--as-of",
        "2026-11-20",
        "okrs",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    v["objectives"][0]["key_results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == id)
        .unwrap()["checkins"]
        .as_u64()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_checkin_changes_nothing_but_the_appended_block(
        krs in 1usize..5,
        pick in 0usize..5,
        comment in "[a-zA-Z0-9 ,.=#\\[\\]\"'-]{0,30}",
        space in prop::sample::select(vec!["", " ", "  ", "\t"]),
        crlf in any::<bool>(),
        final_newline in any::<bool>(),
        value in -1000i32..1000,
        note in prop::option::of("[ -~]{0,20}"),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("northstar.toml");
        let eol = if crlf { "\r\n" } else { "\n" };
        let before = plan_text(krs, &comment, space, eol, final_newline);
        std::fs::write(&plan, &before).unwrap();
        let id = format!("kr-{}", pick % krs);
        let counted = count_checkins(&plan, &id);
        let value = value.to_string();
        let mut args = vec![id.as_str(), value.as_str(), "--date", "2026-11-20", "--by", "gen"];
        if let Some(note) = &note {
            args.extend(["--note", note.as_str()]);
        }
        let r = checkin(&plan, &args);
        prop_assert_eq!(r.code, 0, "{}", r.stderr);
        let after = std::fs::read_to_string(&plan).unwrap();
        // Every original byte is still there, in place; only a block was added after them.
        prop_assert!(after.starts_with(&before));
        let added = &after[before.len()..];
        let separator = if final_newline { eol.to_string() } else { format!("{eol}{eol}") };
        prop_assert!(added.starts_with(&separator), "{:?}", added);
        let block = &added[separator.len()..];
        prop_assert!(block.starts_with(&format!("[[checkin]]{eol}metric = \"{id}\"{eol}")), "{:?}", block);
        prop_assert_eq!(block.matches('\n').count(), block.matches(eol).count());
        prop_assert!(block.ends_with(eol));
        prop_assert_eq!(count_checkins(&plan, &id), counted + 1);
    }
}

#[test]
fn the_user_config_names_the_author_and_sets_colour() {
    let (dir, plan) = startup_copy();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "name = \"zoe\"\ncolor = \"always\"\n").unwrap();
    let path = bin()
        .env("NORTHSTAR_CONFIG", &config)
        .args(["config", "path"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(path.stdout).unwrap(),
        format!("{}\n", config.display())
    );
    let r = bin()
        .env("NORTHSTAR_CONFIG", &config)
        .args([
            "-f",
            plan.to_str().unwrap(),
            "checkin",
            "paying-fleets",
            "58",
            "--dry-run",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(r.stdout).unwrap(),
        "[[checkin]]\nmetric = \"paying-fleets\"\ndate = 2026-11-20\nvalue = 58\nby = \"zoe\"\n"
    );
    let coloured = bin()
        .env("NORTHSTAR_CONFIG", &config)
        .args(["-f", plan.to_str().unwrap(), "okrs"])
        .output()
        .unwrap();
    assert!(String::from_utf8(coloured.stdout).unwrap().contains('\x1b'));
    let never = bin()
        .env("NORTHSTAR_CONFIG", &config)
        .args(["-f", plan.to_str().unwrap(), "--color", "never", "okrs"])
        .output()
        .unwrap();
    assert!(!String::from_utf8(never.stdout).unwrap().contains('\x1b'));
    std::fs::write(&config, "nmae = \"zoe\"\n").unwrap();
    let bad = bin()
        .env("NORTHSTAR_CONFIG", &config)
        .args([
            "-f",
            plan.to_str().unwrap(),
            "checkin",
            "paying-fleets",
            "58",
            "--dry-run",
        ])
        .output()
        .unwrap();
    // Issue 21, item 9: a broken configuration is an error naming it, not silently empty
    // (it may hold `trusted` or `[[credential]]` the user relies on being read as written).
    assert_eq!(
        (
            bad.status.code(),
            String::from_utf8(bad.stdout).unwrap(),
            String::from_utf8(bad.stderr).unwrap()
        ),
        (
            Some(2),
            String::new(),
            format!(
                "error: invalid configuration file `{}` at line 1, column 1: unknown field `nmae`, expected one of `name`, `color`, `trusted`, `pager`, `credential`\n\
                 help: fix the file, or move it away (`northstar config path` prints where it is read from)\n",
                config.display()
            )
        )
    );
    // `config path` still says where the file is.
    let path = bin()
        .env("NORTHSTAR_CONFIG", &config)
        .args(["config", "path"])
        .output()
        .unwrap();
    assert_eq!(
        (path.status.code(), String::from_utf8(path.stdout).unwrap()),
        (Some(0), format!("{}\n", config.display()))
    );
}

/// Issue 9, defect 15: a backdated check-in printed the latest value as if it were the one
/// recorded. The confirmation names the value recorded, and the latest one when it differs.
#[test]
fn a_backdated_check_in_confirms_the_value_it_recorded() {
    let (_dir, plan) = startup_copy();
    let r = checkin(
        &plan,
        &["time-to-first-route", "55", "--date", "2026-11-01"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!(
            "recorded time-to-first-route = 55 min on 2026-11-01 in {} (latest: 41 min on 2026-11-16): progress 68% ● on-track\n",
            plan.display()
        )
    );
    // The newest check-in is the one recorded: no "latest" aside.
    let r = checkin(&plan, &["paying-fleets", "60", "--date", "2026-11-20"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with(&format!(
            "recorded paying-fleets = 60 fleets on 2026-11-20 in {}: progress",
            plan.display()
        )),
        "{}",
        r.stdout
    );
}

/// A draft key result (`target = "tbd"`) takes check-ins like any other: the value is
/// recorded and shown, its status stays `draft`, and its objective's progress ignores it.
#[test]
fn a_draft_key_result_records_its_value_and_stays_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("northstar.toml");
    std::fs::copy("tests/fixtures/drafts/northstar.toml", &plan).unwrap();
    let before = std::fs::read_to_string(&plan).unwrap();
    let r = checkin(
        &plan,
        &["adoption", "15", "--date", "2026-11-20", "--by", "sam"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        format!(
            "{before}\n[[checkin]]\nmetric = \"adoption\"\ndate = 2026-11-20\nvalue = 15\nby = \"sam\"\n"
        )
    );
    assert_eq!(
        r.stdout,
        format!(
            "recorded adoption = 15% on 2026-11-20 in {}: ◇ draft\n",
            plan.display()
        )
    );

    let plan = plan.to_str().unwrap();
    let status = northstar(&[
        "-f",
        plan,
        "--as-of",
        "2026-11-20",
        "status",
        "--format",
        "json",
    ]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    let json: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    let fast = &json["objectives"][0];
    let adoption = &fast["key_results"][1];
    assert_eq!(
        (
            adoption["id"].as_str(),
            adoption["current"].as_f64(),
            adoption["checkins"].as_u64(),
            adoption["last_checkin"].as_str(),
            adoption["status"].as_str()
        ),
        (
            Some("adoption"),
            Some(15.0),
            Some(2),
            Some("2026-11-20"),
            Some("draft")
        )
    );
    assert!(adoption["progress"].is_null());
    assert_eq!(fast["progress"].as_f64(), Some(0.5));

    let table = northstar(&["-f", plan, "--as-of", "2026-11-20", "okrs"]);
    assert!(
        table.stdout.lines().any(|l| l.contains("adoption")
            && l.contains("15%  10% → tbd")
            && l.contains("—  ◇ draft")),
        "{}",
        table.stdout
    );
    let show = northstar(&["-f", plan, "--as-of", "2026-11-20", "show", "adoption"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(
        show.stdout.contains("  measure            10% → tbd\n")
            && show
                .stdout
                .contains("  as of 2026-11-20   15% · progress — · ◇ draft\n"),
        "{}",
        show.stdout
    );
    let log = northstar(&["-f", plan, "log", "--metric", "adoption", "--format", "csv"]);
    assert_eq!(
        log.stdout,
        "date,by,metric,value,unit,progress,progress_change,status,confidence,note,source\n\
         2026-11-16,,adoption,14,%,,,draft,,,\n\
         2026-11-20,sam,adoption,15,%,,,draft,,,\n"
    );
}

/// An objective of 2026-Q4 with a lower-is-better key result (lead time 48 → 30 h, last
/// 35 h) and a milestone.
const DONE_PLAN: &str = "\
[[objective]]
id = \"speed\"
title = \"Ship faster\"
pillar = \"p1\"
period = \"2026-Q4\"

[[objective.key_result]]
id = \"lead-time\"
title = \"Lead time\"
unit = \"h\"
baseline = 48
target = 30

[[objective.key_result]]
id = \"ga\"
title = \"GA\"
milestone = true

[[checkin]]
metric = \"lead-time\"
date = 2026-11-10
value = 35
";

#[test]
fn a_future_date_is_refused_unless_allowed() {
    let (_dir, path) = common::small_plan("Future", "", DONE_PLAN);
    let plan = Path::new(&path);
    let before = std::fs::read(plan).unwrap();
    for dry_run in [false, true] {
        let mut args = vec!["lead-time", "33", "--date", "2026-11-27", "--by", "me"];
        if dry_run {
            args.push("--dry-run");
        }
        let r = checkin(plan, &args);
        assert_eq!(r.code, 2);
        assert_eq!(
            r.stderr,
            "error: --date 2026-11-27 is after today (2026-11-20)\nhelp: pass `--allow-future` to record a value ahead of its date\nnothing was written\n"
        );
        assert_eq!(r.stdout, "");
        assert_eq!(std::fs::read(plan).unwrap(), before);
    }
    let r = checkin(
        plan,
        &[
            "lead-time",
            "33",
            "--date",
            "2026-11-27",
            "--allow-future",
            "--by",
            "me",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read_to_string(plan).unwrap().ends_with(
        "[[checkin]]\nmetric = \"lead-time\"\ndate = 2026-11-27\nvalue = 33\nby = \"me\"\n"
    ));
}

#[test]
fn a_value_that_makes_a_key_result_done_says_so_once() {
    let (_dir, path) = common::small_plan("Done", "", DONE_PLAN);
    let plan = Path::new(&path);
    let r = checkin(plan, &["lead-time", "30", "--by", "me"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!(
            "recorded lead-time = 30 h on 2026-11-20 in {path}: progress 100% ✔ done\ndone: key result `lead-time` reached its target (30 h ≤ 30 h)\n"
        )
    );
    // Already done: no second announcement.
    let again = checkin(plan, &["lead-time", "28", "--by", "me"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(!again.stdout.contains("done:"), "{}", again.stdout);
    let ga = checkin(plan, &["ga", "true", "--by", "me"]);
    assert_eq!(
        ga.stdout,
        format!(
            "recorded ga = done on 2026-11-20 in {path}: progress 100% ✔ done\ndone: key result `ga` reached its milestone\n"
        )
    );
    // A value short of the target prints no such line.
    let (_dir2, path2) = common::small_plan("Short", "", DONE_PLAN);
    let short = checkin(Path::new(&path2), &["lead-time", "31", "--by", "me"]);
    assert_eq!(short.code, 0, "{}", short.stderr);
    assert!(!short.stdout.contains("done:"), "{}", short.stdout);
}

#[test]
fn by_defaults_to_git_user_name_then_user() {
    let (dir, path) = common::small_plan("By", "", DONE_PLAN);
    let home = tempfile::tempdir().unwrap();
    let run = || {
        bin()
            .current_dir(dir.path())
            .env("HOME", home.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("USER", "unix-login")
            .args(["-f", &path, "checkin", "lead-time", "33", "--dry-run"])
            .output()
            .unwrap()
    };
    let block = |by: &str| {
        format!(
            "[[checkin]]\nmetric = \"lead-time\"\ndate = 2026-11-20\nvalue = 33\nby = \"{by}\"\n"
        )
    };
    // Outside a repository, no configured name: $USER.
    assert_eq!(
        String::from_utf8(run().stdout).unwrap(),
        block("unix-login")
    );
    // In a repository with user.name: git's name.
    common::git(dir.path(), &["init", "-q"]);
    common::git(dir.path(), &["config", "user.name", "Carol Git"]);
    assert_eq!(String::from_utf8(run().stdout).unwrap(), block("Carol Git"));
    // The plan's repository decides, not the working directory's.
    let elsewhere = bin()
        .current_dir(home.path())
        .env("HOME", home.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("USER", "unix-login")
        .args(["-f", &path, "checkin", "lead-time", "33", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(elsewhere.stdout).unwrap(),
        block("Carol Git")
    );
}

/// A check-in log large enough to be parsed in chunks: the check-in appended is read back
/// after every chunk, so on a day that already has one it is the latest (file order breaks
/// ties), in the confirmation and in a fresh read.
#[test]
fn a_checkin_appended_to_a_long_log_is_the_latest_of_its_day() {
    let (dir, plan) = startup_copy();
    let text = std::fs::read_to_string(&plan)
        .unwrap()
        .replace("[plan]\n", "[plan]\ncheckin_log = \"checkins.toml\"\n");
    std::fs::write(&plan, &text).unwrap();
    // 3,001 check-ins, about 230 KiB: several chunks; the last is 50 on 2026-11-18.
    let mut log: Vec<String> = (0..3000)
        .map(|i| {
            format!(
                "[[checkin]]\nmetric = \"paying-fleets\"\ndate = 2026-11-{:02}\nvalue = {}\nby = \"maya\"\n",
                1 + i % 18,
                40 + i % 7
            )
        })
        .collect();
    log.push(
        "[[checkin]]\nmetric = \"paying-fleets\"\ndate = 2026-11-18\nvalue = 50\nby = \"maya\"\n"
            .into(),
    );
    std::fs::write(dir.path().join("checkins.toml"), log.join("\n")).unwrap();
    let r = checkin(
        &plan,
        &[
            "paying-fleets",
            "77",
            "--date",
            "2026-11-18",
            "--by",
            "maya",
        ],
    );
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    // (77 − 40) / (120 − 40) = 46%; the old latest, 50, would read 12%.
    assert_eq!(
        r.stdout,
        format!(
            "recorded paying-fleets = 77 fleets on 2026-11-18 in {}: progress 46% ● on-track\n",
            dir.path().join("checkins.toml").display()
        )
    );
    let json = northstar(&[
        "-f",
        plan.to_str().unwrap(),
        "--as-of",
        "2026-11-20",
        "metrics",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["north_star"]["current"].as_f64(), Some(77.0));
}
