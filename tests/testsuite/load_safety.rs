//! Issue 9: what the loader may read, and the edges of the values it accepts. Each test
//! failed before its fix: includes and the check-in log confined to the plan's directory,
//! nothing that can hang the loader (FIFOs, symbolic link loops), file names scrubbed of
//! terminal escapes, dates within the years 1–9999, numbers within ±1e15, and the loader's
//! messages for a new user's first mistakes.

use crate::common;

use std::path::{Path, PathBuf};

use common::{bin, codes, northstar};

/// A valid plan, clean as of [`common::TODAY`], with `{plan}` standing for extra `[plan]`
/// keys (an `include`, a `checkin_log`).
const PLAN: &str = r#"[plan]
name = "Fixture"
{plan}

[north_star]
id = "ns"
name = "North Star"
baseline = 0
target = 100

[[pillar]]
id = "p1"
name = "One"

[[pillar]]
id = "p2"
name = "Two"

[[objective]]
id = "o1"
title = "Objective"
pillar = "p1"
quarter = "2026-Q4"
owner = "ann"

[[objective.key_result]]
id = "kr1"
title = "Key result"
baseline = 0
target = 10

[[checkin]]
metric = "kr1"
date = 2026-11-16
value = 5
"#;

/// What a hostile include tries to leak.
const SECRET: &str = "CI_SECRET_TOKEN=hunter2-do-not-print";

/// Writes `PLAN` with `plan_keys` as `dir/northstar.toml`; returns its path.
fn write_plan(dir: &Path, plan_keys: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("northstar.toml");
    std::fs::write(&path, PLAN.replace("{plan}", plan_keys)).unwrap();
    path
}

/// `check` in JSON: the exit code, the codes found, and both outputs (JSON, then the human
/// rendering of the same run) joined, to search for leaked text.
fn check(plan: &Path) -> (u8, Vec<String>, String) {
    let plan = plan.to_str().unwrap();
    let json = northstar(&["-f", plan, "check", "--format", "json"]);
    let human = northstar(&["-f", plan, "check"]);
    assert_eq!(json.code, human.code);
    (
        json.code,
        codes(&json.stdout),
        format!("{}{}{}", json.stdout, human.stdout, human.stderr),
    )
}

/// Defect 5: an include or check-in log outside the main file's directory, by an absolute
/// path, by `..` or through a symbolic link, is refused with `path-outside-plan` and never
/// read, so its content is never quoted.
#[test]
fn includes_and_the_check_in_log_stay_inside_the_plan_directory() {
    let outer = tempfile::tempdir().unwrap();
    let secret = outer.path().join("secret.toml");
    std::fs::write(&secret, format!("{SECRET}\n")).unwrap();
    let dir = outer.path().join("plan");
    std::fs::create_dir_all(dir.join("teams")).unwrap();
    std::os::unix::fs::symlink(&secret, dir.join("teams/evil.toml")).unwrap();
    std::os::unix::fs::symlink(&secret, dir.join("log.toml")).unwrap();
    std::os::unix::fs::symlink(outer.path(), dir.join("up")).unwrap();
    let absolute = secret.to_str().unwrap();
    for keys in [
        format!("include = [{absolute:?}]"),
        "include = [\"../secret.toml\"]".to_string(),
        "include = [\"teams/../../secret.toml\"]".to_string(),
        "include = [\"teams/*.toml\"]".to_string(),
        "include = [\"up/secret.toml\"]".to_string(),
        "include = [\"up/*.toml\"]".to_string(),
        "checkin_log = \"../secret.toml\"".to_string(),
        format!("checkin_log = {absolute:?}"),
        "checkin_log = \"log.toml\"".to_string(),
        "checkin_log = \"up/secret.toml\"".to_string(),
    ] {
        let plan = write_plan(&dir, &keys);
        let (code, found, output) = check(&plan);
        assert_eq!(code, 1, "{keys}: {output}");
        assert_eq!(found, ["path-outside-plan"], "{keys}: {output}");
        assert!(!output.contains("hunter2"), "{keys} leaked: {output}");
    }
    // A check-in log that does not exist yet may not point outside either: `checkin` would
    // create it there.
    let plan = write_plan(&dir, "checkin_log = \"up/new-log.toml\"");
    let (_, found, output) = check(&plan);
    assert_eq!(found, ["path-outside-plan"], "{output}");
    let r = northstar(&["-f", plan.to_str().unwrap(), "checkin", "kr1", "6"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!outer.path().join("new-log.toml").exists());
    // Inside the directory, links are fine.
    std::fs::write(dir.join("real.toml"), "").unwrap();
    std::os::unix::fs::symlink(dir.join("real.toml"), dir.join("teams/ok.toml")).unwrap();
    std::fs::remove_file(dir.join("teams/evil.toml")).unwrap();
    let plan = write_plan(
        &dir,
        "include = [\"teams/*.toml\"]\ncheckin_log = \"real.toml\"",
    );
    let (code, found, output) = check(&plan);
    assert_eq!((code, found.len()), (0, 0), "{output}");
}

/// Defect 3's setting stays possible: two plans of one planning repository may share one
/// check-in log (`../shared/checkins.toml`), in the working tree and at a revision; a log
/// outside the repository is still refused.
#[test]
fn plans_of_one_repository_may_share_a_check_in_log() {
    let repo = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| common::git(repo.path(), args);
    git(&["init", "-q", "-b", "main"]);
    let shared = "checkin_log = \"../shared/checkins.toml\"";
    let a = write_plan(&repo.path().join("a"), shared);
    let b = write_plan(&repo.path().join("b"), shared);
    std::fs::create_dir(repo.path().join("shared")).unwrap();
    let log = repo.path().join("shared/checkins.toml");
    std::fs::write(
        &log,
        "[[checkin]]\nmetric = \"kr1\"\ndate = 2026-11-17\nvalue = 6\n",
    )
    .unwrap();
    for plan in [&a, &b] {
        let (code, found, output) = check(plan);
        assert_eq!((code, found), (0, vec![]), "{output}");
        let r = northstar(&["-f", plan.to_str().unwrap(), "checkin", "kr1", "7"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    assert_eq!(
        std::fs::read_to_string(&log)
            .unwrap()
            .matches("[[checkin]]")
            .count(),
        3
    );
    // At a revision the shared log is read from the same commit.
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "plans"]);
    let r = northstar(&[
        "-f",
        a.to_str().unwrap(),
        "--at",
        "HEAD",
        "log",
        "--format",
        "csv",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout.lines().filter(|l| l.contains(",kr1,")).count(),
        4,
        "{}",
        r.stdout
    );
    // Leaving the repository is still outside.
    let outside = write_plan(
        &repo.path().join("c"),
        "checkin_log = \"../../elsewhere.toml\"",
    );
    let (code, found, output) = check(&outside);
    assert_eq!(
        (code, found),
        (1, vec!["path-outside-plan".to_string()]),
        "{output}"
    );
}

/// Defect 5, as reported: `include = ["/proc/self/environ"]` printed the environment.
#[cfg(target_os = "linux")]
#[test]
fn the_process_environment_cannot_be_included() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), "include = [\"/proc/self/environ\"]");
    for format in ["human", "json", "github"] {
        let out = bin()
            .env("CI_SECRET_TOKEN", "hunter2-do-not-print")
            .args(["-f", plan.to_str().unwrap(), "check", "--format", format])
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(1), "{all}");
        assert!(all.contains("path-outside-plan"), "{all}");
        assert!(!all.contains("hunter2"), "{format} leaked: {all}");
    }
}

/// How long a run that should be instant may take before it counts as hung.
const HANG: std::time::Duration = std::time::Duration::from_secs(10);

/// Runs the binary in `dir`, killed after [`HANG`]: exit code (`None` if killed), stderr,
/// and whether it finished well before the limit.
fn bounded(dir: &Path, args: &[&str]) -> (Option<i32>, String, bool) {
    let start = std::time::Instant::now();
    let out = bin()
        .current_dir(dir)
        .args(args)
        .timeout(HANG)
        .output()
        .unwrap();
    let quick = start.elapsed() < HANG / 2;
    (
        out.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        quick,
    )
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// Defect 7: `-f` naming a FIFO, a FIFO as the check-in log or as an include, each blocked
/// forever on `open`. Now a plan file that is not a regular file is refused before it is
/// opened.
#[test]
fn a_fifo_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    mkfifo(&d.join("fifo.toml"));
    let (code, output, quick) = bounded(d, &["-f", "fifo.toml", "check"]);
    assert!(quick, "hung: {output}");
    assert_eq!(code, Some(2), "{output}");
    assert!(
        output.contains("cannot read plan file `fifo.toml`: it is not a regular file"),
        "{output}"
    );
    for keys in ["checkin_log = \"fifo.toml\"", "include = [\"fifo.toml\"]"] {
        write_plan(d, keys);
        let (code, output, quick) = bounded(d, &["check", "--format", "json"]);
        assert!(quick, "{keys}: hung: {output}");
        assert_eq!(code, Some(1), "{keys}: {output}");
        assert_eq!(codes(&output), ["unreadable-file"], "{keys}: {output}");
        let (code, output, quick) = bounded(d, &["checkin", "kr1", "6"]);
        assert!(quick, "{keys}: checkin hung: {output}");
        assert_eq!(code, Some(1), "{keys}: {output}");
    }
    // A glob passes over a FIFO as over a directory: it includes files.
    std::fs::write(d.join("real.toml"), "").unwrap();
    write_plan(d, "include = [\"*.toml\"]");
    let (code, output, quick) = bounded(d, &["check"]);
    assert!(quick, "hung: {output}");
    assert_eq!(code, Some(0), "{output}");
}

/// Defect 7: a symbolic link loop under `**` (two links to their own directory make the
/// walk exponential) hung `check`. Each real directory is now walked once.
#[test]
fn a_symbolic_link_loop_under_a_recursive_glob_is_walked_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("teams/sre")).unwrap();
    std::fs::write(
        d.join("teams/sre/plan.toml"),
        "[[pillar]]\nid = \"p3\"\nname = \"Three\"\n",
    )
    .unwrap();
    for (link, target) in [
        ("teams/again", "."),
        ("teams/sre/back", ".."),
        ("teams/sre/top", "../.."),
        ("teams/sre/self", "."),
    ] {
        std::os::unix::fs::symlink(target, d.join(link)).unwrap();
    }
    write_plan(d, "include = [\"teams/**/*.toml\"]");
    let (code, output, quick) = bounded(d, &["check", "--format", "json"]);
    assert!(quick, "hung: {output}");
    assert_eq!(code, Some(0), "{output}");
    assert_eq!(codes(&output), Vec::<String>::new());
    // The pillar was included exactly once: a second copy would be a duplicate id.
    let (_, output, _) = bounded(d, &["show", "p3"]);
    assert!(output.contains("Three"), "{output}");
}

/// The first control character (other than a newline) in `text`, if any.
fn control(text: &str) -> Option<char> {
    text.chars().find(|c| c.is_control() && *c != '\n')
}

/// Defect 9: terminal escapes in file names reached the terminal raw in `check` (human and
/// `--format github`) and `status`. Every path shown is now scrubbed like plan text.
#[test]
fn file_names_cannot_send_terminal_escapes() {
    let outer = tempfile::tempdir().unwrap();
    let dir = outer.path().join("plan\u{1b}[2J\u{7}");
    std::fs::create_dir_all(dir.join("teams")).unwrap();
    std::fs::write(
        dir.join("teams/\u{1b}]0;owned\u{7}team.toml"),
        "[[pillar]]\nid = \"Bad\\u001b[31m\"\nname = \"Three\"\n",
    )
    .unwrap();
    let plan = write_plan(&dir, "include = [\"teams/*.toml\"]");
    let plan = plan.to_str().unwrap();
    for args in [
        &["check"][..],
        &["check", "--format", "github"],
        &["check", "--format", "json"],
        &["status"],
    ] {
        let mut all = vec!["-f", plan];
        all.extend_from_slice(args);
        let r = northstar(&all);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        let output = format!("{}{}", r.stdout, r.stderr);
        assert!(output.contains("invalid-id"), "{args:?}: {output}");
        assert!(output.contains("team.toml"), "{args:?}: {output}");
        assert_eq!(control(&output), None, "{args:?}: {output:?}");
    }
    // A plan file that cannot be read is named in a plain error, scrubbed too.
    let missing = dir.join("missing\u{1b}[5m.toml");
    let r = northstar(&["-f", missing.to_str().unwrap(), "status"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("error: cannot read plan file"),
        "{}",
        r.stderr
    );
    assert_eq!(control(&r.stderr), None, "{:?}", r.stderr);
}

/// Runs the binary; exit code and stderr.
fn run(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> (Option<i32>, String) {
    let mut cmd = bin();
    cmd.current_dir(dir).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Defect 14: `checkin --date=-0001-06-15` printed -0001 but wrote `0000-06-15`, and `init`
/// from 9999-10-01 on wrote `+10000-12-31`, which is not TOML. Dates are now years 1–9999
/// everywhere: a usage error for a flag or `NORTHSTAR_TODAY`, a diagnostic in a plan.
#[test]
fn dates_stay_within_the_years_1_to_9999() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plan = write_plan(d, "");
    let before = std::fs::read_to_string(&plan).unwrap();
    for args in [
        &["checkin", "kr1", "6", "--date=-0001-06-15"][..],
        &["checkin", "kr1", "6", "--date=0000-06-15"],
        &["checkin", "kr1", "6", "--date=+10000-01-01"],
        &["--as-of=10000-01-01", "status"],
        &["--as-of=0000-12-31", "status"],
        &["log", "--since=-2026-01-01"],
        &["bet", "start", "b1", "--decide-by=+12026-01-01"],
    ] {
        let (code, stderr) = run(d, &[], args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("expected a date like 2026-11-20, from 0001-01-01 to 9999-12-31"),
            "{args:?}: {stderr}"
        );
    }
    for args in [
        &["--quarter", "0000-Q1", "okrs"][..],
        &["carry", "--to", "0000-Q4"],
    ] {
        let (code, stderr) = run(d, &[], args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("expected a period like 2026-Q4, 2026-H1, 2026, FY24-Q2, FY24-H1, FY24 or a cycle id"),
            "{args:?}: {stderr}"
        );
    }
    for today in [
        "0000-06-15",
        "-0001-06-15",
        "+10000-01-01",
        "2026-13-01",
        "soon",
    ] {
        let (code, stderr) = run(d, &[("NORTHSTAR_TODAY", today)], &["status"]);
        assert_eq!(code, Some(2), "{today}: {stderr}");
        assert!(
            stderr.starts_with(&format!(
                "error: invalid `NORTHSTAR_TODAY` value `{today}`: expected a date like \
                 2026-11-20, from 0001-01-01 to 9999-12-31"
            )),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), before);
    // In a plan: year 0 is a TOML date, but not one northstar accepts.
    std::fs::write(
        &plan,
        before
            .replace("date = 2026-11-16", "date = 0000-11-16")
            .replace("quarter = \"2026-Q4\"", "quarter = \"0000-Q4\""),
    )
    .unwrap();
    let (code, found, output) = check(&plan);
    assert_eq!(code, 1, "{output}");
    assert_eq!(found, ["unknown-period", "invalid-date"], "{output}");
    assert!(
        output.contains("`0000-11-16` is outside the years 1–9999"),
        "{output}"
    );
    // The last days a starter plan can be written on give a valid plan.
    for today in ["9999-10-01", "9999-12-31"] {
        let fresh = tempfile::tempdir().unwrap();
        let (code, stderr) = run(fresh.path(), &[("NORTHSTAR_TODAY", today)], &["init"]);
        assert_eq!(code, Some(0), "{today}: {stderr}");
        let (code, stderr) = run(
            fresh.path(),
            &[("NORTHSTAR_TODAY", today)],
            &["check", "--format", "json"],
        );
        assert_eq!(code, Some(0), "{today}: {stderr}");
    }
}

/// Entities with a number in every place a plan has one, appended to [`PLAN`].
const NUMBERS: &str = r#"
[[metric]]
id = "m1"
name = "Metric"
keep_below = 10

[[initiative]]
id = "i1"
title = "Initiative"
quarter = "2026-Q4"
effort_weeks = 3

[[bet]]
id = "b1"
title = "Bet"
hypothesis = "h"
risk = "core"
appetite_weeks = 2
success = "s"
kill = "k"
"#;

/// Defect 16: two efforts of 1e308 summed to infinity (JSON printed `null`, tables `NaN%`),
/// and a key result from −1e308 to 1e308 at 0 showed progress 0, not 0.5. Every plan number
/// beyond ±1e15 is now `out-of-range`, and so is a check-in of one; within the bounds the
/// maths is exact.
#[test]
fn plan_numbers_stay_within_1e15() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), "");
    let clean = format!("{}{NUMBERS}", std::fs::read_to_string(&plan).unwrap());
    for (from, to) in [
        (
            "baseline = 0\ntarget = 100",
            "baseline = -1e308\ntarget = 100",
        ),
        (
            "baseline = 0\ntarget = 100",
            "baseline = 0\ntarget = 1.0000001e15",
        ),
        ("target = 10\n\n", "target = 1e16\n\n"),
        (
            "title = \"Key result\"",
            "title = \"Key result\"\nweight = 1e300",
        ),
        (
            "owner = \"ann\"",
            "owner = \"ann\"\nweight = 9007199254740993",
        ),
        ("keep_below = 10", "keep_below = -1e20"),
        ("effort_weeks = 3", "effort_weeks = 1e308"),
        ("appetite_weeks = 2", "appetite_weeks = 1e300"),
        ("value = 5", "value = 1e308"),
        ("value = 5", "value = -9223372036854775808"),
    ] {
        assert!(clean.contains(from), "{from}");
        std::fs::write(&plan, clean.replacen(from, to, 1)).unwrap();
        let (code, found, output) = check(&plan);
        assert_eq!(code, 1, "{to}: {output}");
        assert_eq!(found, ["out-of-range"], "{to}: {output}");
        assert!(output.contains("within ±1e15"), "{to}: {output}");
    }
    // A range too narrow to divide by: progress would overflow to infinity with overshoot.
    std::fs::write(
        &plan,
        clean
            .replace("name = \"Fixture\"", "name = \"Fixture\"\novershoot = true")
            .replace("target = 10\n\n", "target = 1e-300\n\n"),
    )
    .unwrap();
    let (_, found, output) = check(&plan);
    assert_eq!(found, ["baseline-equals-target"], "{output}");
    // At the bounds the numbers add up.
    std::fs::write(
        &plan,
        clean
            .replace(
                "baseline = 0\ntarget = 10\n\n",
                "baseline = -1e15\ntarget = 1e15\n\n",
            )
            .replace("value = 5", "value = 0")
            .replace("effort_weeks = 3", "effort_weeks = 1e15"),
    )
    .unwrap();
    let plan_arg = plan.to_str().unwrap();
    let r = northstar(&["-f", plan_arg, "show", "kr1", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["standing"]["progress"], 0.5, "{}", r.stdout);
    // A check-in beyond the bound is refused before it is written.
    let before = std::fs::read_to_string(&plan).unwrap();
    for value in ["1e16", "-1e300"] {
        let r = bin()
            .args(["-f", plan_arg, "checkin", "kr1", value])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(2), "{value}: {stderr}");
        assert!(stderr.contains("within ±1e15"), "{value}: {stderr}");
    }
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), before);
}

/// The diagnostics of `check --format json` on `text`: (code, line, label, help) each.
fn diagnostics_of(text: &str) -> Vec<(String, u64, String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("northstar.toml");
    std::fs::write(&plan, text).unwrap();
    let r = northstar(&["-f", plan.to_str().unwrap(), "check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["location"]["line"].as_u64().unwrap_or(0),
                d["label"].as_str().unwrap_or("").to_string(),
                d["help"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// A new user's first mistakes: a duplicate `[plan]` header gave two false errors besides
/// the real one (the whole `[plan]` dropped as "missing", and each repeated key); a date
/// written with slashes was told "string values must be quoted"; a word where a number
/// belongs was told to "remove the quotes"; and a quoted date's help named `date` whatever
/// the key.
#[test]
fn a_new_users_first_mistakes_get_one_accurate_diagnostic_each() {
    let plan = format!("{}{NUMBERS}", PLAN.replace("{plan}", ""));
    let found = diagnostics_of(&format!("{plan}\n[plan]\nname = \"Again\"\n"));
    let line = plan.lines().count() as u64 + 2;
    assert_eq!(
        found,
        [(
            "toml-syntax".into(),
            line,
            "`[plan]` is defined twice".into(),
            "merge its keys into the first `[plan]`".into()
        )]
    );
    let with = |from: &str, to: &str| {
        assert!(plan.contains(from), "{from}");
        diagnostics_of(&plan.replacen(from, to, 1))
    };
    let found = with("kill = \"k\"", "kill = \"k\"\ndecide_by = 2026/11/30");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "toml-syntax");
    assert_eq!(found[0].3, "write the date as `2026-11-30`");
    let found = with("effort_weeks = 3", "effort_weeks = \"three\"");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "wrong-type");
    assert_eq!(
        found[0].3,
        "`effort_weeks` takes a number, written without quotes"
    );
    let found = with("effort_weeks = 3", "effort_weeks = \" 3.5\"");
    assert_eq!(found[0].3, "remove the quotes: `effort_weeks = 3.5`");
    let found = with("kill = \"k\"", "kill = \"k\"\ndecide_by = \"2026-11-30\"");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "wrong-type");
    assert_eq!(found[0].3, "remove the quotes: `decide_by = 2026-11-30`");
    let found = with("kill = \"k\"", "kill = \"k\"\ndecide_by = \"soon\"");
    assert_eq!(
        found[0].3,
        "`decide_by` takes a date, written without quotes, like `decide_by = 2026-10-15`"
    );
}

/// Issue 21's second reading: plan files were read whole, however large, so a 300 MB
/// include made `show` hold 313 MB. A plan file (main, include, check-in log) over 64 MiB
/// is `unreadable-file`, refused before it is read (the file here is sparse: nothing is
/// written to disk).
#[test]
fn a_plan_file_over_64_mib_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(dir.path(), "include = [\"big.toml\"]");
    let big = std::fs::File::create(dir.path().join("big.toml")).unwrap();
    big.set_len((64 << 20) + 1).unwrap();
    let (code, found, stderr) = check(&plan);
    assert_eq!(
        (code, found),
        (1, vec!["unreadable-file".to_string()]),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "cannot read included file `{}`: it is larger than 64 MiB (67108864 bytes), more than any plan needs; split it with `include`",
            dir.path().join("big.toml").display()
        )),
        "{stderr}"
    );
}
