//! Natural dates on the command line: `today`, `yesterday`, `3d`/`-3d`, `2w`/`-2w`,
//! `2026/11/01` and `2026-11-01` wherever a date is taken, counted back from the program's
//! today (`NORTHSTAR_TODAY` in these tests: 2026-11-20).

use crate::common;

use std::path::PathBuf;

use common::{bin, northstar};

const STARTUP: &str = "examples/startup/northstar.toml";

fn startup_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("northstar.toml");
    std::fs::copy(STARTUP, &path).unwrap();
    (dir, path)
}

#[test]
fn checkin_takes_a_relative_date_as_written() {
    let (_dir, plan) = startup_copy();
    let plan = plan.to_str().unwrap();
    for (typed, date) in [
        ("-3d", "2026-11-17"),
        ("3d", "2026-11-17"),
        ("-1w", "2026-11-13"),
        ("yesterday", "2026-11-19"),
        ("today", "2026-11-20"),
        ("2026/11/18", "2026-11-18"),
    ] {
        let r = northstar(&[
            "-f",
            plan,
            "checkin",
            "p95-latency",
            "1400",
            "--date",
            typed,
            "--by",
            "me",
            "--dry-run",
        ]);
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{typed}");
        assert_eq!(
            r.stdout,
            format!(
                "[[checkin]]\nmetric = \"p95-latency\"\ndate = {date}\nvalue = 1400\nby = \"me\"\n"
            ),
            "{typed}"
        );
    }
}

#[test]
fn log_since_and_as_of_count_back_from_today() {
    let plan = STARTUP;
    let log = |args: &[&str]| {
        let mut all = vec!["-f", plan];
        all.extend_from_slice(args);
        let r = northstar(&all);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        r.stdout
    };
    assert_eq!(
        log(&["log", "--since", "4w", "--format", "csv"]),
        log(&["log", "--since", "2026-10-23", "--format", "csv"])
    );
    assert_eq!(
        log(&[
            "--as-of",
            "-1w",
            "log",
            "--since=-2w",
            "--until",
            "yesterday",
            "--format",
            "csv"
        ]),
        log(&[
            "--as-of",
            "2026-11-13",
            "log",
            "--since",
            "2026-11-06",
            "--until",
            "2026-11-19",
            "--format",
            "csv"
        ])
    );
    assert_ne!(
        log(&["log", "--since", "1w", "--format", "csv"]),
        log(&["log", "--since", "today", "--format", "csv"])
    );
}

#[test]
fn a_date_of_no_accepted_form_is_a_usage_error_naming_the_forms() {
    let (_dir, plan) = startup_copy();
    let before = std::fs::read(&plan).unwrap();
    let out = bin()
        .args([
            "-f",
            plan.to_str().unwrap(),
            "checkin",
            "p95-latency",
            "1400",
            "--date",
            "3x",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: invalid value '3x' for '--date <DATE>': expected a date like 2026-11-20, from \
         0001-01-01 to 9999-12-31: YYYY-MM-DD, YYYY/MM/DD, `today`, `yesterday`, or days or weeks \
         before today (3d or -3d, 2w or -2w)\n\nFor more information, try '--help'.\n"
    );
    assert_eq!(std::fs::read(&plan).unwrap(), before);
    // A relative date reaching before year 1.
    let r = northstar(&["-f", plan.to_str().unwrap(), "log", "--since", "99999999d"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: invalid value for `--since`: 99999999 days before 2026-11-20 is before 0001-01-01\n"
    );
}

#[test]
fn every_date_option_is_documented_with_its_forms() {
    let out = bin().args(["checkin", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("--date <DATE>"), "{help}");
    assert!(
        help.contains(
            "Every date option takes\n          YYYY-MM-DD, YYYY/MM/DD, `today`, `yesterday`, or days or weeks before today: `3d` (or\n          `-3d`), `2w` (or `-2w`)"
        ),
        "{help}"
    );
}
