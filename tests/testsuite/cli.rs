//! The command line end to end, as a process: exit codes, plan discovery, every report's
//! table on the bundled examples, planted errors in a broken copy of an example, hostile and
//! malformed input, and colour control.

use crate::common;

use common::bin;

const PLATFORM: &str = "examples/platform/northstar.toml";
const STARTUP: &str = "examples/startup/northstar.toml";
const FISCAL: &str = "examples/fiscal/northstar.toml";
const ORG: &str = "examples/org/northstar.toml";
const BROKEN: &str = "tests/fixtures/broken-platform/northstar.toml";
const DRAFTS: &str = "tests/fixtures/drafts/northstar.toml";
const AS_OF: &str = "2026-11-20";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = bin().args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

const PLATFORM_WARNINGS: &str =
    "warning: 2 warnings (1 stale-key-result, 1 overdue-bet); run `northstar check` for details\n";

#[test]
fn status_on_each_example() {
    let platform = run(&["-f", PLATFORM, "--as-of", AS_OF, "status"]);
    assert_eq!(platform.code, 0);
    assert_eq!(platform.stderr, PLATFORM_WARNINGS);
    insta::assert_snapshot!("status_platform", platform.stdout);

    let startup = run(&["-f", STARTUP, "--as-of", AS_OF, "status"]);
    assert_eq!(startup.code, 0);
    assert_eq!(startup.stderr, "");
    insta::assert_snapshot!("status_startup", startup.stdout);
}

#[test]
fn each_report_table() {
    for report in ["okrs", "bets", "initiatives", "metrics"] {
        let r = run(&["-f", PLATFORM, "--as-of", AS_OF, report]);
        assert_eq!(r.code, 0, "{report}: {}", r.stderr);
        assert_eq!(r.stderr, PLATFORM_WARNINGS, "{report}");
        insta::assert_snapshot!(format!("{report}_platform"), r.stdout);
    }
}

#[test]
fn filters_by_pillar_and_owner() {
    let r = run(&[
        "-f", PLATFORM, "--as-of", AS_OF, "okrs", "--pillar", "velocity", "--owner", "ahmed",
    ]);
    assert_eq!(r.code, 0);
    insta::assert_snapshot!("okrs_velocity_ahmed", r.stdout);

    let bets = run(&[
        "-f", PLATFORM, "--as-of", AS_OF, "bets", "--owner", "sre", "--format", "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&bets.stdout).unwrap();
    let ids: Vec<&str> = json["bets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["ai-triage", "canary-default"]);

    let unknown = run(&[
        "-f", PLATFORM, "--as-of", AS_OF, "okrs", "--pillar", "velocty",
    ]);
    assert_eq!(unknown.code, 2);
    assert_eq!(unknown.stdout, "");
    assert!(
        unknown
            .stderr
            .ends_with("error: no pillar `velocty` in the plan\nhelp: did you mean `velocity`?\n"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn check_is_silent_on_a_clean_plan() {
    for plan in [STARTUP, FISCAL, ORG] {
        let r = run(&["-f", plan, "--as-of", AS_OF, "check", "--deny-warnings"]);
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (0, "", ""),
            "{plan}"
        );
    }
}

#[test]
fn warnings_pass_check_unless_denied() {
    let r = run(&["-f", PLATFORM, "--as-of", AS_OF, "check"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr.ends_with("warning: 2 warnings found\n"),
        "{}",
        r.stderr
    );
    let denied = run(&["-f", PLATFORM, "--as-of", AS_OF, "check", "--deny-warnings"]);
    assert_eq!(denied.code, 1);
}

/// Every planted error of the broken copy, with its exact place.
#[test]
fn check_finds_every_planted_error_in_a_broken_example() {
    let r = run(&["-f", BROKEN, "--as-of", AS_OF, "check", "--format", "json"]);
    assert_eq!(r.code, 1);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let found: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let l = &d["location"];
            format!(
                "{} {}:{}:{}",
                d["code"].as_str().unwrap(),
                l["file"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("tests/fixtures/broken-platform/"),
                l["line"],
                l["column"]
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "unknown-key northstar.toml:8:1",
            "unknown-reference teams/dev-infra.toml:6:10",
            "unknown-period teams/dev-infra.toml:34:11",
            "duplicate-id teams/security.toml:35:6",
            "invalid-value teams/security.toml:49:8",
            "wrong-type teams/sre.toml:15:10",
            "confidence-out-of-range checkins.toml:382:14",
            "toml-syntax checkins.toml:526:8",
        ]
    );
    assert_eq!(
        (json["errors"].as_u64(), json["warnings"].as_u64()),
        (Some(8), Some(0))
    );

    let human = run(&["-f", BROKEN, "--as-of", AS_OF, "check"]);
    assert_eq!(human.code, 1);
    insta::assert_snapshot!("check_broken_platform", human.stderr);

    // A report on a plan with errors prints the diagnostics, and no report.
    let status = run(&["-f", BROKEN, "--as-of", AS_OF, "status"]);
    assert_eq!(status.code, 1);
    assert_eq!(status.stdout, "");
    assert_eq!(status.stderr, human.stderr);
}

#[test]
fn usage_and_file_failures_exit_2() {
    let missing = run(&["-f", "no/such/plan.toml", "status"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .starts_with("error: cannot read plan file `no/such/plan.toml`: "),
        "{}",
        missing.stderr
    );

    for args in [
        &["-f", PLATFORM, "--as-of", "2026-13-01", "status"][..],
        &["-f", PLATFORM, "--quarter", "Q4", "status"],
        &["-f", PLATFORM, "frobnicate"],
        &["-f", PLATFORM, "status", "--format", "yaml"],
        &[],
    ] {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}");
        assert_eq!(r.stdout, "", "{args:?}");
    }
    let quarter = run(&["-f", PLATFORM, "--quarter", "2026q4", "status"]);
    assert!(
        quarter.stderr.contains("did you mean 2026-Q4?"),
        "{}",
        quarter.stderr
    );
}

#[test]
fn finds_the_plan_like_cargo_finds_cargo_toml() {
    let here = std::env::current_dir().unwrap();
    let teams = here.join("examples/platform/teams");
    let r = bin()
        .current_dir(&teams)
        .args(["--as-of", AS_OF, "check"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(0));
    assert!(
        String::from_utf8(r.stderr)
            .unwrap()
            .contains("examples/platform/teams/sre.toml")
    );

    let by_env = bin()
        .env("NORTHSTAR_PLAN", here.join(STARTUP))
        .current_dir(std::env::temp_dir())
        .args(["check", "--as-of", AS_OF])
        .output()
        .unwrap();
    assert_eq!(by_env.status.code(), Some(0));

    let empty = tempfile::tempdir().unwrap();
    let none = bin()
        .current_dir(empty.path())
        .arg("status")
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(2));
    let stderr = String::from_utf8(none.stderr).unwrap();
    assert!(
        stderr.starts_with("error: no `northstar.toml` found in `"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("or any parent directory\nhelp: pass `-f PLAN`, or set NORTHSTAR_PLAN\n"),
        "{stderr}"
    );
}

#[test]
fn global_options_go_before_or_after_the_command() {
    let before = run(&[
        "-f",
        PLATFORM,
        "--as-of",
        AS_OF,
        "--quarter",
        "2026-Q4",
        "metrics",
    ]);
    let after = run(&[
        "metrics",
        "--quarter",
        "2026-Q4",
        "--as-of",
        AS_OF,
        "-f",
        PLATFORM,
    ]);
    assert_eq!(before.code, 0);
    assert_eq!(before.stdout, after.stdout);
}

#[test]
fn malformed_input_gets_diagnostics_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "error[missing-plan]"),
        ("bad-bytes", b"[plan]\nname = \"\xff\xfe\"\n".to_vec(), "error[invalid-utf8]"),
        ("huge-float", b"[plan]\nname = \"x\"\n[north_star]\nid = \"n\"\nname = \"n\"\nbaseline = 1e400\ntarget = 1\n".to_vec(), "error[out-of-range]"),
        ("huge-int", b"[plan]\nname = \"x\"\n[north_star]\nid = \"n\"\nname = \"n\"\nbaseline = 0\ntarget = 99999999999999999999\n".to_vec(), "error[out-of-range]"),
        ("deep-array", format!("a = {}{}\n", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(), "error["),
        ("deep-table", format!("a = {}1{}\n", "{b=".repeat(50_000), "}".repeat(50_000)).into_bytes(), "error["),
        ("binary", (0..=255u8).cycle().take(4096).collect(), "error[invalid-utf8]"),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(format!("{name}.toml"));
        std::fs::write(&path, bytes).unwrap();
        let r = run(&["-f", path.to_str().unwrap(), "check"]);
        assert_eq!(r.code, 1, "{name}: {}", r.stderr);
        assert!(r.stderr.contains(expected), "{name}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{name}");
    }
}

#[test]
fn colour_follows_flags_and_environment() {
    let has_ansi = |r: &Run| r.stdout.contains('\x1b');
    let args = ["-f", STARTUP, "--as-of", AS_OF, "okrs"];
    assert!(!has_ansi(&run(&args)), "piped output is plain");
    let always = run(&[&args[..], &["--color", "always"]].concat());
    assert!(has_ansi(&always));
    let forced = bin()
        .env("CLICOLOR_FORCE", "1")
        .args(args)
        .output()
        .unwrap();
    assert!(String::from_utf8(forced.stdout).unwrap().contains('\x1b'));
    let no_color = bin()
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    assert!(!String::from_utf8(no_color.stdout).unwrap().contains('\x1b'));
    let never = bin()
        .env("CLICOLOR_FORCE", "1")
        .args([&args[..], &["--color", "never"]].concat())
        .output()
        .unwrap();
    assert!(!String::from_utf8(never.stdout).unwrap().contains('\x1b'));
}

#[test]
fn hostile_text_cannot_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let plan = std::fs::read_to_string(STARTUP)
        .unwrap()
        .replace(
            "name = \"Tidewater Engineering\"",
            "name = \"Tide\\u001b[31mwater\\u0007\"",
        )
        .replace(
            "title = \"The routing API is boring\"",
            "title = \"=cmd|' /C calc'!A0 \\u001b]0;pwned\\u0007\"",
        );
    let path = dir.path().join("northstar.toml");
    std::fs::write(&path, plan).unwrap();
    for report in ["status", "okrs"] {
        let r = run(&["-f", path.to_str().unwrap(), "--as-of", AS_OF, report]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            !r.stdout.contains('\x1b') && !r.stdout.contains('\x07'),
            "{report}"
        );
    }
    let r = run(&["-f", path.to_str().unwrap(), "--as-of", AS_OF, "status"]);
    assert!(
        r.stdout.starts_with("Tide[31mwater · 2026-Q4"),
        "{}",
        r.stdout
    );
}

#[test]
fn narrow_terminals_wrap_only_free_text() {
    let r = bin()
        .env("COLUMNS", "90")
        .args(["-f", STARTUP, "--as-of", AS_OF, "okrs"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(r.stdout).unwrap();
    insta::assert_snapshot!("okrs_startup_90_columns", stdout);
    // Statuses are never broken across lines, and nothing is wider than the terminal.
    assert!(stdout.contains("● on-track"));
    assert!(stdout.lines().all(|l| l.chars().count() <= 90), "{stdout}");
}

#[test]
fn show_describes_every_kind_of_entity() {
    for id in [
        "weekly-active-teams",
        "activation",
        "velocity",
        "boring-deploys",
        "lead-time",
        "pipeline-ga",
        "flaky-tests",
        "ai-triage",
    ] {
        let r = run(&["-f", PLATFORM, "--as-of", AS_OF, "show", id]);
        assert_eq!(r.code, 0, "{id}: {}", r.stderr);
        insta::assert_snapshot!(format!("show_{id}"), r.stdout);
    }
    let unknown = run(&["-f", PLATFORM, "--as-of", AS_OF, "show", "lead-tim"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.ends_with(
            "error: no entity `lead-tim` in the plan\nhelp: did you mean `lead-time`?\n"
        ),
        "{}",
        unknown.stderr
    );
    let json = run(&[
        "-f",
        PLATFORM,
        "--as-of",
        AS_OF,
        "show",
        "lead-time",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        (v["kind"].as_str(), v["history"].as_array().map(Vec::len)),
        (Some("key-result"), Some(7))
    );
}

#[test]
fn log_is_a_filterable_timeline() {
    let r = run(&[
        "-f",
        PLATFORM,
        "--as-of",
        AS_OF,
        "log",
        "--since",
        "2026-11-09",
        "--until",
        "2026-11-16",
        "--by",
        "priya",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("log_priya_last_two_weeks", r.stdout);
    let json = run(&[
        "-f",
        PLATFORM,
        "--as-of",
        AS_OF,
        "log",
        "--metric",
        "lead-time",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let changes: Vec<f64> = v["checkins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["progress_change"].as_f64().unwrap())
        .collect();
    // 48 → 12 h: 46 h is 2/36 of the way; each later change is the step over the previous one.
    assert_eq!(changes.len(), 7);
    assert_eq!(changes[0], 2.0 / 36.0);
    assert_eq!(changes[2], 4.0 / 36.0);
    let none = run(&["-f", PLATFORM, "--as-of", AS_OF, "log", "--by", "nobody"]);
    assert_eq!(none.stdout, "No check-ins match.\n");
}

#[test]
fn github_annotations_for_ci() {
    let r = run(&[
        "-f", BROKEN, "--as-of", AS_OF, "check", "--format", "github",
    ]);
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 8);
    assert_eq!(
        lines[0],
        "::error file=tests/fixtures/broken-platform/northstar.toml,line=8,col=1,endLine=8,endColumn=16,title=unknown-key::unknown key `stale_after_day` in `[plan]`%0Ahelp: did you mean `stale_after_days`?"
    );
    let warnings = run(&[
        "-f", PLATFORM, "--as-of", AS_OF, "check", "--format", "github",
    ]);
    assert_eq!(warnings.code, 0);
    assert!(
        warnings
            .stdout
            .starts_with("::warning file=examples/platform/teams/sre.toml,line=26,col=6,"),
        "{}",
        warnings.stdout
    );
}

#[test]
fn overdue_bets_can_fail_a_scheduled_job() {
    let r = run(&[
        "-f",
        PLATFORM,
        "--as-of",
        AS_OF,
        "bets",
        "--overdue",
        "--fail",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let ids: Vec<&str> = v["bets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["ai-triage"]);
    assert!(
        r.stderr.ends_with("error: 1 bet overdue: ai-triage\n"),
        "{}",
        r.stderr
    );
    let fine = run(&[
        "-f",
        STARTUP,
        "--as-of",
        AS_OF,
        "bets",
        "--overdue",
        "--fail",
    ]);
    assert_eq!(fine.code, 0, "{}", fine.stderr);
    // Without --fail an overdue bet is only reported.
    assert_eq!(
        run(&["-f", PLATFORM, "--as-of", AS_OF, "bets", "--overdue"]).code,
        0
    );
}

/// Issue 8, bug 2: each command offers and accepts exactly the formats it writes; usage
/// errors come before plan warnings.
#[test]
fn each_command_accepts_exactly_the_formats_it_writes() {
    for args in [
        &["metrics", "--format", "html"][..],
        &["okrs", "--format", "html"],
        &["show", "lead-time", "--format", "csv"],
        &["diff", "--format", "csv"],
    ] {
        let mut all = vec!["-f", PLATFORM, "--as-of", AS_OF];
        all.extend_from_slice(args);
        let r = run(&all);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.contains("invalid value"), "{args:?}: {}", r.stderr);
    }
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("x.xlsx");
    let r = run(&[
        "-f",
        PLATFORM,
        "--as-of",
        AS_OF,
        "show",
        "lead-time",
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: cannot tell the format from the extension `.xlsx` (`{}`)\nhelp: pass --format table, json or markdown\n",
            xlsx.display()
        )
    );
    let html = dir.path().join("s.html");
    let r = run(&[
        "-f",
        PLATFORM,
        "--as-of",
        AS_OF,
        "okrs",
        "-o",
        html.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: `.html` is html, which this command does not write (`{}`)\nhelp: pass --format table, json, csv or markdown\n",
            html.display()
        ),
        "the usage error comes alone, before any plan warning"
    );
    assert!(!html.exists());
    // `status` writes the dashboard as one self-contained page.
    let page = run(&[
        "-f",
        PLATFORM,
        "--as-of",
        AS_OF,
        "status",
        "-o",
        html.to_str().unwrap(),
    ]);
    assert_eq!(
        (page.code, page.stdout.as_str()),
        (0, ""),
        "{}",
        page.stderr
    );
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .starts_with("<!DOCTYPE html><html lang=\"en\">")
    );
    let md = run(&[
        "-f",
        PLATFORM,
        "--as-of",
        AS_OF,
        "show",
        "lead-time",
        "--format",
        "markdown",
    ]);
    assert_eq!(md.code, 0, "{}", md.stderr);
    assert!(
        md.stdout
            .starts_with("## key result lead-time — Median lead time for changes\n\n| Field"),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout
            .contains("| as of 2026-11-20  | 27 h · progress 58% · ● on-track "),
        "{}",
        md.stdout
    );
}

/// Issue 8, bug 3: the review's grades as CSV, one row per objective and key result.
#[test]
fn review_writes_csv_for_spreadsheets() {
    let r = run(&[
        "-f", PLATFORM, "--as-of", AS_OF, "review", "--format", "csv",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut lines = r.stdout.lines();
    assert_eq!(
        lines.next(),
        Some(
            "type,id,parent,pillar,quarter,title,owner,kind,grade,met,progress,status,baseline,latest,target,unit,team"
        )
    );
    let lead = r
        .stdout
        .lines()
        .find(|l| l.starts_with("key_result,lead-time,"))
        .unwrap();
    let cells: Vec<&str> = lead.split(',').collect();
    assert_eq!(
        (
            cells[2], cells[3], cells[4], cells[11], cells[12], cells[13], cells[14], cells[15]
        ),
        (
            "boring-deploys",
            "velocity",
            "2026-Q4",
            "on-track",
            "48",
            "27",
            "12",
            "h"
        )
    );
    // 21 / 36, rounded to 4 decimals.
    assert_eq!(cells[8], "0.5833");
    let objectives = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("objective,"))
        .count();
    assert_eq!(objectives, 4);
}

/// Issue 8, bug 4: a log row's status is what `status` says on that date, by the same
/// function: the North Star's last check-in reads on-track in both.
#[test]
fn log_and_status_agree_on_a_check_in() {
    let log = run(&[
        "-f",
        PLATFORM,
        "--as-of",
        "2026-11-16",
        "log",
        "--metric",
        "weekly-active-teams",
        "--format",
        "json",
    ]);
    let status = run(&[
        "-f",
        PLATFORM,
        "--as-of",
        "2026-11-16",
        "status",
        "--format",
        "json",
    ]);
    let log: serde_json::Value = serde_json::from_str(&log.stdout).unwrap();
    let status: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    let last = log["checkins"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["date"], "2026-11-16");
    assert_eq!(last["status"], "on-track");
    assert_eq!(status["north_star"]["status"], "on-track");
}

/// A plan without a North Star is valid (a warning says so) and no report prints one: no
/// row, no section, no heading, no relation, no CSV line, where a plan with one does.
#[test]
fn a_plan_without_a_north_star_leaves_it_out_of_every_report() {
    let status = run(&["-f", DRAFTS, "--as-of", AS_OF, "status"]);
    assert_eq!(status.code, 0);
    assert_eq!(
        status.stderr,
        "warning: 3 warnings (1 missing-north-star, 2 draft-key-result); run `northstar check` for details\n"
    );
    insta::assert_snapshot!("status_drafts", status.stdout);
    let reports: [&[&str]; 9] = [
        &["status", "--format", "markdown"],
        &["status", "--format", "csv"],
        &["metrics"],
        &["metrics", "--format", "markdown"],
        &["review"],
        &["review", "--format", "markdown"],
        &["review", "--format", "html"],
        &["show", "reliability"],
        &["show", "latency"],
    ];
    for report in reports {
        let mut args = vec!["-f", DRAFTS, "--as-of", AS_OF];
        args.extend_from_slice(report);
        let r = run(&args);
        assert_eq!(r.code, 0, "{report:?}: {}", r.stderr);
        let names = |text: &str| {
            ["North Star", "north_star", "north-star"]
                .iter()
                .any(|n| text.contains(n))
        };
        assert!(!names(&r.stdout), "{report:?}:\n{}", r.stdout);
        // The same report of a plan with a North Star names it.
        let mut args = vec!["-f", STARTUP, "--as-of", AS_OF];
        let id = match report[0] {
            "show" if report[1] == "reliability" => "activation",
            "show" => "p95-latency",
            _ => "",
        };
        if id.is_empty() {
            args.extend_from_slice(report);
        } else {
            args.extend_from_slice(&["show", id]);
        }
        let with = run(&args);
        assert!(names(&with.stdout), "{args:?}:\n{}", with.stdout);
    }
}

#[test]
fn global_options_that_mean_nothing_for_a_command_are_refused() {
    for (args, message) in [
        (
            &["--as-of", "2026-11-01", "schema"][..],
            "error: `--as-of` means nothing for `northstar schema`, which reads no plan; leave it out\n",
        ),
        (
            &["--period", "2026-Q4", "man"][..],
            "error: `--period` means nothing for `northstar man`, which reads no plan; leave it out\n",
        ),
        (
            &["--at", "HEAD", "config", "path"][..],
            "error: `--at` means nothing for `northstar config path`, which reads no plan; leave it out\n",
        ),
        (
            &["--as-of", "2026-11-01", "completions", "bash"][..],
            "error: `--as-of` means nothing for `northstar completions`, which reads no plan; leave it out\n",
        ),
        (
            &[
                "--quarter",
                "2026-Q4",
                "-f",
                PLATFORM,
                "checkin",
                "lead-time",
                "20",
            ][..],
            "error: `--period` means nothing for `northstar checkin`: a check-in is rated in its key result's own period; leave it out\n",
        ),
    ] {
        let r = run(args);
        assert_eq!((r.code, r.stderr.as_str()), (2, message), "{args:?}");
        assert_eq!(r.stdout, "");
    }
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("plan");
    let r = run(&["--as-of", "2026-11-01", "init", target.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(!target.exists());
}

/// GitHub annotations escape as GitHub's toolkit does: `%` as `%25` in the message (so plan
/// text such as `%0A` cannot become a line break), and `:` and `,` as `%3A` and `%2C` in
/// the file property; control characters in plan text never reach the log.
#[test]
fn github_annotations_escape_plan_text_and_paths() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("q4:plans,v2");
    std::fs::create_dir(&sub).unwrap();
    let plan = sub.join("northstar.toml");
    std::fs::write(
        &plan,
        "[plan]\nname = \"P\"\n\n[north_star]\nid = \"ns\"\nname = \"N\"\nbaseline = 0\ntarget = 1\n\n\
         [[pillar]]\nid = \"p1\"\nname = \"One\"\n\n[[pillar]]\nid = \"p2\"\nname = \"Two\"\n\n\
         [[objective]]\nid = \"o\"\ntitle = \"O\"\npillar = \"p1%0A::add-mask::x\\r\\n::error::y\"\nperiod = \"2026-Q4\"\nowner = \"ann\"\n\n\
         [[objective.key_result]]\nid = \"k\"\ntitle = \"K\"\nbaseline = 0\ntarget = 1\n",
    )
    .unwrap();
    let out = common::bin()
        .args(["-f", plan.to_str().unwrap(), "--as-of", "2026-11-20"])
        .args(["check", "--no-git", "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let file = plan
        .to_str()
        .unwrap()
        .replace(':', "%3A")
        .replace(',', "%2C");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!(
            "::error file={file},line=21,col=10,endLine=21,endColumn=44,title=unknown-reference::unknown id `p1%250A::add-mask::x::error::y` in `pillar`\n"
        )
    );
}

/// An unknown id typed to `show` is quoted in its usage error without the control
/// characters it holds: nothing typed drives the terminal (as `tree`'s refusal already
/// did).
#[test]
fn show_quotes_an_unknown_id_without_its_escapes() {
    let r = run(&["-f", PLATFORM, "--as-of", AS_OF, "show", "x\u{1b}[31my"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .ends_with("\nerror: no entity `x[31my` in the plan\n"),
        "{:?}",
        r.stderr
    );
}
