//! `northstar remove ID`: exactly the entity's table bytes go (an objective with its key
//! results); every refusal (still named somewhere, each place listed; a goalpost without
//! `--reason`; `--reason` on what is not a goalpost; an unknown id; an inline table) exits
//! 2 with its message and changes no byte; a goalpost removed with its reason is recorded
//! as a `[[change]]` and the plan still checks.

use crate::common;

use std::path::{Path, PathBuf};

use common::northstar;

const PLAN: &str = "# plan\n[plan]\nname = \"P\"\ninclude = [\"checkins.toml\"]\ncheckin_log = \"checkins.toml\"\n\n[[pillar]]\nid = \"velocity\"\nname = \"Velocity\"\n\n[[pillar]]\nid = \"quality\"\nname = \"Quality\"\n\n[[team]]\nid = \"web\"\nname = \"Web\"\n\n[[objective]]\nid = \"faster\"\ntitle = \"Faster\"\npillar = \"velocity\"\nteam = \"web\"\nperiod = \"2026-Q4\"\nowner = \"ana\"\n\n# the first key result\n[[objective.key_result]]\nid = \"lead-time\"\ntitle = \"Lead time\"\nbaseline = 48\ntarget = 24  # agreed\n\n[[objective.key_result]]\nid = \"flaky\"\ntitle = \"Flaky tests\"\nkeep_below = 5\n\n[[objective]]\nid = \"next-year\"\ntitle = \"Next year\"\npillar = \"velocity\"\nperiod = \"2027-Q1\"\nowner = \"bo\"\n\n[[objective.key_result]]\nid = \"later\"\ntitle = \"Later\"\nmilestone = true\n";

const LOG: &str =
    "# check-ins\n\n[[checkin]]\nmetric = \"lead-time\"\ndate = 2026-11-02\nvalue = 40\n";

fn plan() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("northstar.toml"), PLAN).unwrap();
    std::fs::write(dir.path().join("checkins.toml"), LOG).unwrap();
    let path = dir.path().join("northstar.toml");
    (dir, path)
}

fn remove(plan: &Path, args: &[&str]) -> common::Outcome {
    let mut all = vec!["-f", plan.to_str().unwrap(), "remove"];
    all.extend_from_slice(args);
    northstar(&all)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn an_objective_not_yet_begun_goes_with_its_key_results_and_nothing_else() {
    let (dir, path) = plan();
    let r = remove(&path, &["next-year"]);
    assert_eq!(
        (r.code, r.stdout, r.stderr.as_str()),
        (
            0,
            format!("removed objective `next-year` from {}\n", path.display()),
            ""
        )
    );
    assert_eq!(
        read(&path),
        PLAN.replace(
            "\n[[objective]]\nid = \"next-year\"\ntitle = \"Next year\"\npillar = \"velocity\"\nperiod = \"2027-Q1\"\nowner = \"bo\"\n\n[[objective.key_result]]\nid = \"later\"\ntitle = \"Later\"\nmilestone = true\n",
            ""
        )
    );
    assert_eq!(read(&dir.path().join("checkins.toml")), LOG);
    // A pillar nothing names, from the middle of the file.
    let r = remove(&path, &["quality"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert!(!read(&path).contains("quality"));
    assert!(read(&path).contains("name = \"Velocity\"\n\n[[team]]\n"));
}

#[test]
fn a_goalpost_removed_with_its_reason_is_recorded_and_the_plan_checks() {
    let (dir, path) = plan();
    let log = dir.path().join("checkins.toml");
    let r = remove(&path, &["flaky"]);
    assert_eq!(
        (r.code, r.stderr),
        (
            2,
            format!(
                "error: key result `flaky` is a goalpost, and 2026-Q4 began on 2026-10-01: removing it needs --reason\nhelp: say why with `--reason TEXT`; it is recorded as a `[[change]]` in {}\nnothing was written\n",
                log.display()
            )
        )
    );
    assert_eq!(
        (read(&path), read(&log)),
        (PLAN.to_string(), LOG.to_string())
    );
    let r = remove(
        &path,
        &["flaky", "--reason", "folded into lead-time", "--by", "ana"],
    );
    assert_eq!(
        (r.code, r.stdout, r.stderr.as_str()),
        (
            0,
            format!(
                "removed key result `flaky` from {}\nrecorded the removal and its reason in {}\n",
                path.display(),
                log.display()
            ),
            ""
        )
    );
    assert_eq!(
        read(&path),
        PLAN.replace(
            "[[objective.key_result]]\nid = \"flaky\"\ntitle = \"Flaky tests\"\nkeep_below = 5\n\n",
            ""
        )
    );
    assert_eq!(
        read(&log),
        format!(
            "{LOG}\n[[change]]\nid = \"flaky\"\nfield = \"removed\"\nfrom = \"Flaky tests\"\nto = \"\"\ndate = {}\nby = \"ana\"\nreason = \"folded into lead-time\"\n",
            common::TODAY
        )
    );
    let check = northstar(&["-f", path.to_str().unwrap(), "check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(v["errors"].as_u64(), Some(0), "{}", check.stdout);
}

#[test]
fn every_refusal_exits_2_says_why_and_changes_no_byte() {
    let (dir, path) = plan();
    let log = dir.path().join("checkins.toml");
    let p = path.display();
    let l = log.display();
    let cases: Vec<(&[&str], String)> = vec![
        (
            &["velocity"],
            format!(
                "error: pillar `velocity` is still named in 2 places:\n  {p}:22:10: `pillar`\n  {p}:42:10: `pillar`\nhelp: change or remove each of them first, then remove it\nnothing was written\n"
            ),
        ),
        (
            &["web"],
            format!(
                "error: team `web` is still named in 1 place:\n  {p}:23:8: `team`\nhelp: change or remove each of them first, then remove it\nnothing was written\n"
            ),
        ),
        (
            &["lead-time", "--reason", "gone"],
            format!(
                "error: key result `lead-time` is still named in 1 place:\n  {l}:4:10: `metric`\nhelp: change or remove each of them first, then remove it\nnothing was written\n"
            ),
        ),
        (
            // An objective goes with its key results: what names them names it.
            &["faster", "--reason", "gone"],
            format!(
                "error: objective `faster` is still named in 1 place:\n  {l}:4:10: `metric`\nhelp: change or remove each of them first, then remove it\nnothing was written\n"
            ),
        ),
        (
            &["quality", "--reason", "gone"],
            "error: --reason records the removal of an objective or a key result; `quality` is a pillar\nhelp: leave out --reason\nnothing was written\n".into(),
        ),
        (
            &["velocty"],
            "error: unknown id `velocty`: no entity of the plan has it\nhelp: did you mean `velocity`?\nnothing was written\n".into(),
        ),
        (
            &["faster", "--reason", " "],
            "error: --reason is blank\nhelp: say why it is removed\nnothing was written\n".into(),
        ),
    ];
    for (args, expected) in cases {
        let r = remove(&path, args);
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr),
            (2, "", expected),
            "{args:?}"
        );
        assert_eq!(
            (read(&path), read(&log)),
            (PLAN.to_string(), LOG.to_string()),
            "{args:?}"
        );
    }
    // `--period` and `--as-of` mean nothing here.
    for (args, expected) in [
        (
            &["--period", "2026-Q4", "remove", "quality"][..],
            "error: `--period` means nothing for `northstar remove`: an entity goes with every period it has; leave it out\n",
        ),
        (
            &["--as-of", "2026-11-01", "remove", "quality"][..],
            "error: `--as-of` means nothing for `northstar remove`: the plan is written and checked as it is today; leave it out\n",
        ),
    ] {
        let mut all = vec!["-f", path.to_str().unwrap()];
        all.extend_from_slice(args);
        let r = northstar(&all);
        assert_eq!((r.code, r.stderr.as_str()), (2, expected), "{args:?}");
    }
    // An inline key result is left to a hand edit.
    std::fs::write(
        &path,
        PLAN.replace(
            "[[objective.key_result]]\nid = \"later\"\ntitle = \"Later\"\nmilestone = true\n",
            "key_result = [{ id = \"later\", title = \"Later\", milestone = true }]\n",
        ),
    )
    .unwrap();
    let r = remove(&path, &["later"]);
    assert_eq!(
        (r.code, r.stderr),
        (
            2,
            format!(
                "error: cannot write `{p}`: `later` is an inline table; `remove` takes out `[[…]]` tables\nhelp: remove it from its inline array by hand\nnothing was written\n"
            )
        )
    );
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let (_dir, path) = plan();
    let r = remove(&path, &["later", "--dry-run"]);
    let p = path.display();
    assert_eq!(
        (r.code, r.stdout, r.stderr.as_str()),
        (
            0,
            format!(
                "--- a/{p}\n+++ b/{p}\n@@ -42,8 +42,3 @@\n pillar = \"velocity\"\n period = \"2027-Q1\"\n owner = \"bo\"\n-\n-[[objective.key_result]]\n-id = \"later\"\n-title = \"Later\"\n-milestone = true\n"
            ),
            ""
        )
    );
    assert_eq!(read(&path), PLAN);
}
