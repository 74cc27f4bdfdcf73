//! The guide's walkthrough (docs/guide.md) "numbers that come in by themselves", run as written:
//! `examples/measured/setup.sh` builds the planning and service repositories, and the
//! commands the guide shows (and the weekly workflow's `northstar` command) give the
//! output the guide prints.

use crate::common;

use std::path::Path;
use std::process::Command;

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    // A wide terminal, so provenances stand on one line.
    let out = common::std_bin()
        .current_dir(dir)
        .env("COLUMNS", "200")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The text between `start` and the next code fence after it in docs/guide.md.
fn guide_block(start: &str) -> String {
    let guide = std::fs::read_to_string("docs/guide.md").unwrap();
    let from = guide
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} in docs/guide.md"))
        + start.len();
    let len = guide[from..].find("```").unwrap();
    guide[from..from + len].to_string()
}

#[test]
fn the_measure_walkthrough_gives_the_guide_numbers() {
    let world = tempfile::tempdir().unwrap();
    let setup = Command::new("bash")
        .arg("examples/measured/setup.sh")
        .arg(world.path())
        .output()
        .unwrap();
    assert!(
        setup.status.success(),
        "{}",
        String::from_utf8_lossy(&setup.stderr)
    );
    let planning = world.path().join("planning");

    // The steps, as the guide lists them.
    let steps = guide_block("cd /tmp/walkthrough/planning\n");
    let commands: Vec<Vec<&str>> = steps
        .lines()
        .filter_map(|l| {
            l.split('#')
                .next()
                .unwrap()
                .trim()
                .strip_prefix("northstar ")
        })
        .map(|c| c.split_whitespace().collect())
        .collect();
    assert_eq!(commands.len(), 5, "{commands:?}");

    // check: nothing measured yet, three stale key results.
    let (code, _, stderr) = run(&planning, &commands[0]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr.matches("warning[stale-key-result]").count(),
        3,
        "{stderr}"
    );
    assert!(stderr.contains("help: measure it from its source: `northstar measure lead-time`"));

    // measure: exactly the guide's output.
    let (code, stdout, stderr) = run(&planning, &commands[1]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(stdout, guide_block("`measure` prints:\n\n```text\n"));

    // Only the check-in log changed, and only by appending.
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .current_dir(&planning)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(git(&["diff", "--name-only"]), "checkins.toml\n");
    assert!(
        git(&["diff", "-U0"])
            .lines()
            .all(|l| !l.starts_with('-') || l.starts_with("---"))
    );

    // okrs and show read the measured values.
    let (code, okrs, _) = run(&planning, &commands[2]);
    assert_eq!(code, 0);
    let row = okrs
        .lines()
        .find(|l| l.contains("lead-time-under-a-day"))
        .unwrap();
    assert!(row.contains("20 h") && row.contains("90%"), "{row}");
    assert!(okrs.contains("28.57%"), "{okrs}");
    let (code, show, _) = run(&planning, &commands[3]);
    assert_eq!(code, 0);
    assert!(
        show.contains("source             dora:lead-time ../payments-service tags ^deploy- 28d"),
        "{show}"
    );
    assert!(show.contains("from dora:lead-time ../payments-service@7f89564 tags ^deploy- 28d"));

    // Measured again: every source skipped, nothing duplicated.
    let before = std::fs::read_to_string(planning.join("checkins.toml")).unwrap();
    let (code, stdout, stderr) = run(&planning, &commands[4]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert_eq!(stderr.matches("note: skipped").count(), 5, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(planning.join("checkins.toml")).unwrap(),
        before
    );

    // The weekly workflow's command, as written (its date is the runner's today, here
    // NORTHSTAR_TODAY = 2026-11-20): the same skip, exit 0.
    let workflow =
        std::fs::read_to_string("examples/measured/.github/workflows/measure.yml").unwrap();
    let line = workflow
        .lines()
        .find_map(|l| l.trim().strip_prefix("run: northstar "))
        .unwrap();
    let args: Vec<&str> = line
        .split("||")
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(args, ["measure"]);
    let (code, _, stderr) = run(&planning, &args);
    assert_eq!(code, 0);
    assert_eq!(stderr.matches("note: skipped").count(), 5, "{stderr}");
}
