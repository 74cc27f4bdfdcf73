//! `northstar add KIND ID …`: the exact bytes each kind adds (a key result after its
//! objective's last key result, whatever follows it), CRLF kept, every refusal (exit 2,
//! its message, no byte changed), and a property test that only inserted bytes change.

use crate::common;

use std::path::{Path, PathBuf};

use common::northstar;
use proptest::prelude::*;

const PLAN: &str = r#"# Our plan
[plan]
name = "P"
include = ["teams.toml"]

[north_star]
id = "wau"
name = "Weekly active users"
baseline = 0
target = 100

[[pillar]]
id = "velocity"
name = "Velocity"

[[objective]]
id = "faster"
title = "Faster"
pillar = "velocity"
period = "2026-Q4"
owner = "ana"

# the first key result
[[objective.key_result]]
id = "lead-time"
title = "Lead time"
unit = "h"
baseline = 48
target = 24  # agreed

[[objective.key_result]]
id = "deploys"
title = "Deploys"
milestone = true

[[objective]]
id = "safer"
title = "Safer"
pillar = "velocity"
period = "2026-Q4"
owner = "bo"

[[objective.key_result]]
id = "cfr"
title = "Change failure rate"
keep_below = 0.15

[[initiative]]
id = "parallel-ci"
title = "Parallel CI"
period = "2026-Q4"
effort_weeks = 3
"#;

const TEAMS: &str = "# the teams' file\n[[pillar]]\nid = \"quality\"\nname = \"Quality\"\n";

/// The plan in a temporary directory, with `\r\n` line endings when `crlf`.
fn plan(crlf: bool) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let eol = |t: &str| {
        if crlf {
            t.replace('\n', "\r\n")
        } else {
            t.to_string()
        }
    };
    std::fs::write(dir.path().join("northstar.toml"), eol(PLAN)).unwrap();
    std::fs::write(dir.path().join("teams.toml"), eol(TEAMS)).unwrap();
    let path = dir.path().join("northstar.toml");
    (dir, path)
}

fn add(plan: &Path, args: &[&str]) -> common::Outcome {
    let mut all = vec!["-f", plan.to_str().unwrap(), "add"];
    all.extend_from_slice(args);
    northstar(&all)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// The bytes of every file of the plan's directory.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_key_result_lands_after_its_objectives_last_key_result_even_when_tables_follow() {
    let (_dir, path) = plan(false);
    let r = add(
        &path,
        &[
            "kr",
            "p95-build",
            "--objective",
            "faster",
            "--title",
            "p95 build \"fast\"",
            "--baseline",
            "18.5",
            "--target",
            "10",
            "--unit",
            "min",
            "--weight",
            "2",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!("added key result `p95-build` to {}\n", path.display())
    );
    assert_eq!(r.stderr, "");
    let expected = PLAN.replace(
        "milestone = true\n",
        "milestone = true\n\n[[objective.key_result]]\nid = \"p95-build\"\ntitle = 'p95 build \"fast\"'\nunit = \"min\"\nbaseline = 18.5\ntarget = 10\nweight = 2\n",
    );
    assert_eq!(read(&path), expected);
    // It reads back under its objective, not the last one of the file.
    let json = northstar(&["-f", path.to_str().unwrap(), "okrs", "--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let faster = common::objective_row(&v, "faster");
    let ids: Vec<&str> = faster["key_results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["lead-time", "deploys", "p95-build"]);
}

/// Runs each `add` in turn on `path`, each succeeding; then `check` passes on the result.
fn add_all_and_check(path: &Path, runs: &[&[&str]], expected: &str) {
    for args in runs {
        let r = add(path, args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    }
    assert_eq!(read(path), expected);
    let check = northstar(&["-f", path.to_str().unwrap(), "check", "--no-git"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn a_new_objective_and_its_key_result_are_appended_at_the_end() {
    let (_dir, path) = plan(false);
    let runs: &[&[&str]] = &[
        &[
            "objective",
            "cheaper",
            "--title",
            "Cheaper builds",
            "--pillar",
            "velocity",
            "--period",
            "2026-q4",
            "--owner",
            "carol",
            "--kind",
            "aspirational",
        ],
        &[
            "kr",
            "cost",
            "--objective",
            "cheaper",
            "--title",
            "Cost per build",
            "--keep-below",
            "0.4",
        ],
    ];
    let expected = PLAN.to_string()
        + "\n[[objective]]\nid = \"cheaper\"\ntitle = \"Cheaper builds\"\npillar = \"velocity\"\nperiod = \"2026-Q4\"\nowner = \"carol\"\nkind = \"aspirational\"\n\
           \n[[objective.key_result]]\nid = \"cost\"\ntitle = \"Cost per build\"\nkeep_below = 0.4\n";
    add_all_and_check(&path, runs, &expected);
}

#[test]
fn keep_above_and_milestone_key_results_add_exactly_their_tables() {
    let (_dir, path) = plan(false);
    let runs: &[&[&str]] = &[
        &[
            "kr",
            "cache-hits",
            "--objective",
            "safer",
            "--title",
            "Cache hits",
            "--keep-above",
            "90",
            "--owner",
            "dee",
        ],
        &[
            "kr",
            "sbom",
            "--objective",
            "safer",
            "--title",
            "SBOM shipped",
            "--milestone",
        ],
    ];
    let expected = PLAN.replace(
        "keep_below = 0.15\n",
        "keep_below = 0.15\n\n[[objective.key_result]]\nid = \"cache-hits\"\ntitle = \"Cache hits\"\nkeep_above = 90\nowner = \"dee\"\n\n[[objective.key_result]]\nid = \"sbom\"\ntitle = \"SBOM shipped\"\nmilestone = true\n",
    );
    add_all_and_check(&path, runs, &expected);
}

#[test]
fn pillars_metrics_initiatives_and_bets_are_appended_in_order() {
    let (_dir, path) = plan(false);
    let runs: &[&[&str]] = &[
        &["pillar", "platform", "--name", "Platform", "--owner", "eve"],
        &[
            "metric",
            "release-count",
            "--name",
            "Deploys a week",
            "--role",
            "health",
            "--unit",
            "deploys",
            "--baseline",
            "4",
            "--target",
            "10",
        ],
        &[
            "initiative",
            "build-farm",
            "--title",
            "Move the build farm",
            "--start",
            "2026-11-02",
            "--end",
            "2026-12-18",
            "--effort-weeks",
            "6",
            "--work",
            "debt",
            "--status",
            "active",
            "--pillar",
            "platform",
        ],
        &[
            "initiative",
            "sso",
            "--title",
            "SSO",
            "--period",
            "2026-Q4",
            "--effort-weeks",
            "2.5",
        ],
        &[
            "bet",
            "monorepo",
            "--title",
            "One repository",
            "--pillar",
            "platform",
            "--risk",
            "transformational",
            "--appetite-weeks",
            "8",
            "--hypothesis",
            "If we merge the repositories, then lead time halves, because changes land at once",
        ],
    ];
    let expected = PLAN.to_string()
        + "\n[[pillar]]\nid = \"platform\"\nname = \"Platform\"\nowner = \"eve\"\n\
           \n[[metric]]\nid = \"release-count\"\nname = \"Deploys a week\"\nrole = \"health\"\nunit = \"deploys\"\nbaseline = 4\ntarget = 10\n\
           \n[[initiative]]\nid = \"build-farm\"\ntitle = \"Move the build farm\"\npillar = \"platform\"\nstart = 2026-11-02\nend = 2026-12-18\nstatus = \"active\"\nwork = \"debt\"\neffort_weeks = 6\n\
           \n[[initiative]]\nid = \"sso\"\ntitle = \"SSO\"\nperiod = \"2026-Q4\"\neffort_weeks = 2.5\n\
           \n[[bet]]\nid = \"monorepo\"\ntitle = \"One repository\"\npillar = \"platform\"\nhypothesis = \"If we merge the repositories, then lead time halves, because changes land at once\"\nrisk = \"transformational\"\nappetite_weeks = 8\nsuccess = \"TODO: what tells us it worked\"\nkill = \"TODO: what tells us to stop\"\n";
    add_all_and_check(&path, runs, &expected);
}

#[test]
fn crlf_line_endings_are_kept() {
    let (_dir, path) = plan(true);
    let r = add(
        &path,
        &[
            "kr",
            "mttr",
            "--objective",
            "faster",
            "--title",
            "Time to restore",
            "--baseline",
            "6",
            "--target",
            "2",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = add(&path, &["pillar", "people", "--name", "People"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let expected = (PLAN.replace(
        "milestone = true\n",
        "milestone = true\n\n[[objective.key_result]]\nid = \"mttr\"\ntitle = \"Time to restore\"\nbaseline = 6\ntarget = 2\n",
    ) + "\n[[pillar]]\nid = \"people\"\nname = \"People\"\n")
        .replace('\n', "\r\n");
    assert_eq!(read(&path), expected);
}

#[test]
fn in_names_an_included_file() {
    let (dir, path) = plan(false);
    let teams = dir.path().join("teams.toml");
    let r = add(
        &path,
        &[
            "objective",
            "fewer-flakes",
            "--title",
            "Fewer flaky tests",
            "--pillar",
            "quality",
            "--period",
            "2026-Q4",
            "--in",
            teams.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!("added objective `fewer-flakes` to {}\n", teams.display())
    );
    assert_eq!(read(&path), PLAN);
    assert_eq!(
        read(&teams),
        format!(
            "{TEAMS}\n[[objective]]\nid = \"fewer-flakes\"\ntitle = \"Fewer flaky tests\"\npillar = \"quality\"\nperiod = \"2026-Q4\"\n"
        )
    );
    // A key result follows its objective into that file.
    let r = add(
        &path,
        &[
            "kr",
            "flake-rate",
            "--objective",
            "fewer-flakes",
            "--title",
            "Flaky test rate",
            "--keep-below",
            "0.01",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        read(&teams).ends_with("period = \"2026-Q4\"\n\n[[objective.key_result]]\nid = \"flake-rate\"\ntitle = \"Flaky test rate\"\nkeep_below = 0.01\n"),
        "{}",
        read(&teams)
    );
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let (dir, path) = plan(false);
    let before = snapshot(dir.path());
    let r = add(
        &path,
        &[
            "kr",
            "mttr",
            "--objective",
            "faster",
            "--title",
            "Time to restore",
            "--baseline",
            "6",
            "--target",
            "2",
            "--dry-run",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let p = path.display();
    assert_eq!(
        r.stdout,
        format!(
            "--- a/{p}\n+++ b/{p}\n@@ -33,6 +33,12 @@\n title = \"Deploys\"\n milestone = true\n \n+[[objective.key_result]]\n+id = \"mttr\"\n+title = \"Time to restore\"\n+baseline = 6\n+target = 2\n+\n [[objective]]\n id = \"safer\"\n title = \"Safer\"\n"
        )
    );
    assert_eq!(snapshot(dir.path()), before);
}

/// Runs each refused `add` on the plan in `dir`: exit 2, exactly the expected stderr,
/// nothing on stdout, and no byte of the plan's files changed.
fn assert_refused(dir: &Path, path: &Path, cases: &[(&[&str], String)]) {
    let before = snapshot(dir);
    for (args, expected) in cases {
        let r = add(path, args);
        assert_eq!(
            (r.code, r.stderr.as_str()),
            (2, expected.as_str()),
            "{args:?}"
        );
        assert_eq!(r.stdout, "");
        assert_eq!(snapshot(dir), before, "{args:?}");
    }
}

#[test]
fn taken_mistyped_and_malformed_ids_are_refused_and_force_adds_a_mistyped_one() {
    let (dir, path) = plan(false);
    assert_refused(
        dir.path(),
        &path,
        &[
            (
                &["pillar", "velocity", "--name", "V"],
                "error: the plan already has an entity with id `velocity`\nhelp: pick another id; `northstar show velocity` shows it\nnothing was written\n".into(),
            ),
            (
                &["kr", "lead-tme", "--objective", "faster", "--title", "T", "--milestone"],
                "error: id `lead-tme` is one edit away from the key result `lead-time`, which the plan already has\nhelp: did you mean `lead-time`? add --force to add `lead-tme` anyway\nnothing was written\n".into(),
            ),
            (
                &["pillar", "Build Speed", "--name", "B"],
                "error: `Build Speed` is not a valid id: ids are lowercase letters, digits, `.`, `_` and `-`, starting with a letter or a digit\nhelp: try `build-speed`\nnothing was written\n".into(),
            ),
        ],
    );
    // With --force a likely typo is added.
    let r = add(
        &path,
        &[
            "kr",
            "lead-tme",
            "--objective",
            "faster",
            "--title",
            "T",
            "--milestone",
            "--force",
            "--dry-run",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn an_unknown_objective_or_pillar_is_refused_with_a_suggestion() {
    let (dir, path) = plan(false);
    assert_refused(
        dir.path(),
        &path,
        &[
            (
                &["kr", "mttr", "--objective", "fastr", "--title", "T", "--milestone"],
                "error: unknown objective `fastr`\nhelp: did you mean `faster`?\nnothing was written\n".into(),
            ),
            (
                &["objective", "cheaper", "--title", "T", "--pillar", "velocty", "--period", "2026-Q4"],
                "error: unknown pillar `velocty`\nhelp: did you mean `velocity`?\nnothing was written\n".into(),
            ),
            (
                &["bet", "monorepo", "--title", "T", "--pillar", "zzz", "--risk", "core", "--appetite-weeks", "2"],
                "error: unknown pillar `zzz`\nhelp: `northstar tree` lists the pillars\nnothing was written\n".into(),
            ),
        ],
    );
}

#[test]
fn in_must_name_a_file_of_the_plan_and_a_key_result_stays_with_its_objective() {
    let (dir, path) = plan(false);
    let teams = dir.path().join("teams.toml");
    let kr_elsewhere = [
        "kr",
        "mttr",
        "--objective",
        "faster",
        "--title",
        "T",
        "--milestone",
        "--in",
        teams.to_str().unwrap(),
    ];
    assert_refused(
        dir.path(),
        &path,
        &[
            (
                &[
                    "pillar",
                    "people",
                    "--name",
                    "People",
                    "--in",
                    "elsewhere.toml",
                ],
                format!(
                    "error: `elsewhere.toml` is not a file of the plan\nhelp: name the main file or one of its includes: `{}`, `{}`\nnothing was written\n",
                    path.display(),
                    dir.path().join("teams.toml").display()
                ),
            ),
            (
                &kr_elsewhere,
                format!(
                    "error: a key result goes in the file of its objective `faster`: `{}`\nhelp: leave out --in\nnothing was written\n",
                    path.display()
                ),
            ),
        ],
    );
}

#[test]
fn a_missing_period_or_one_that_means_nothing_is_refused() {
    let (dir, path) = plan(false);
    assert_refused(
        dir.path(),
        &path,
        &[
            (
                &["objective", "cheaper", "--title", "T", "--pillar", "velocity"],
                "error: the following required argument was not provided: --period <PERIOD>\n".into(),
            ),
            (
                &["--period", "2026-Q4", "pillar", "people", "--name", "People"],
                "error: `--period` means nothing for `northstar add pillar`: only objectives and initiatives have one; leave it out\n".into(),
            ),
            (
                &["initiative", "sso", "--title", "T", "--effort-weeks", "1"],
                "error: an initiative needs --period, or --start and --end\n".into(),
            ),
        ],
    );
}

#[test]
fn an_addition_that_would_not_validate_is_refused_with_its_diagnostic() {
    let (dir, path) = plan(false);
    let before = snapshot(dir.path());
    let r = add(
        &path,
        &[
            "kr",
            "flat",
            "--objective",
            "faster",
            "--title",
            "T",
            "--baseline",
            "5",
            "--target",
            "5",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("error[baseline-equals-target]"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.ends_with(
            "error: adding key result `flat` would leave the plan with 1 error\nnothing was written\n"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn a_missing_required_option_is_a_usage_error() {
    let (dir, path) = plan(false);
    let before = snapshot(dir.path());
    let cases: &[(&[&str], &str)] = &[
        (
            &["kr", "mttr", "--objective", "faster", "--title", "T"],
            "error: the following required arguments were not provided:\n  <--baseline <NUMBER>|--target <NUMBER>|--milestone|--keep-below <NUMBER>|--keep-above <NUMBER>>\n",
        ),
        (
            &[
                "kr",
                "mttr",
                "--objective",
                "faster",
                "--title",
                "T",
                "--baseline",
                "1",
            ],
            "error: the following required arguments were not provided:\n  --target <NUMBER>\n",
        ),
        (
            &["pillar", "people"],
            "error: the following required arguments were not provided:\n  --name <NAME>\n",
        ),
        (
            &[
                "kr",
                "mttr",
                "--objective",
                "faster",
                "--title",
                "T",
                "--keep-below",
                "soon",
            ],
            "error: invalid value 'soon' for '--keep-below <NUMBER>': `soon` is not a number\n",
        ),
    ];
    for (args, expected) in cases {
        let out = common::std_bin()
            .args(["-f", path.to_str().unwrap(), "add"])
            .args(*args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with(expected), "{args:?}: {stderr}");
        assert_eq!(snapshot(dir.path()), before, "{args:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Only the inserted bytes change, CRLF and comments stay, and the plan reloads with
    /// the new key result under its objective and the new pillar.
    #[test]
    fn only_inserted_bytes_change(
        baseline in 0u32..1000,
        delta in 1u32..1000,
        crlf in any::<bool>(),
        title in "[A-Za-z\"\\\\é][A-Za-z \"\\\\é]{0,20}",
        objective in prop::sample::select(vec!["faster", "safer"]),
    ) {
        let (_dir, path) = plan(crlf);
        let target = baseline + delta;
        let r = add(&path, &[
            "kr", "new-kr", "--objective", objective, "--title", &title,
            "--baseline", &baseline.to_string(), "--target", &target.to_string(),
        ]);
        prop_assert_eq!(r.code, 0, "{}", r.stderr);
        let after_line = if objective == "faster" { "milestone = true\n" } else { "keep_below = 0.15\n" };
        // A title that would need an escape in a basic string is a literal one (the
        // generated titles hold no `'`).
        let quoted = if title.contains(['"', '\\']) { format!("'{title}'") } else { format!("\"{title}\"") };
        let expected = PLAN.replace(
            after_line,
            &format!("{after_line}\n[[objective.key_result]]\nid = \"new-kr\"\ntitle = {quoted}\nbaseline = {baseline}\ntarget = {target}\n"),
        );
        // A table of its own is appended to the file.
        let r = add(&path, &["pillar", "zz-pillar", "--name", &title]);
        prop_assert_eq!(r.code, 0, "{}", r.stderr);
        let expected = format!("{expected}\n[[pillar]]\nid = \"zz-pillar\"\nname = {quoted}\n");
        let expected = if crlf { expected.replace('\n', "\r\n") } else { expected };
        prop_assert_eq!(read(&path), expected);
        let shown = northstar(&["-f", path.to_str().unwrap(), "show", "zz-pillar", "--format", "json"]);
        prop_assert_eq!(shown.code, 0, "{}", shown.stderr);
        let v: serde_json::Value = serde_json::from_str(&shown.stdout).unwrap();
        prop_assert_eq!(v["title"].as_str(), Some(title.as_str()));
        let json = northstar(&["-f", path.to_str().unwrap(), "okrs", "--format", "json"]);
        prop_assert_eq!(json.code, 0, "{}", json.stderr);
        let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
        let kr = common::key_result_row(&v, "new-kr");
        prop_assert_eq!(kr["target"].as_f64(), Some(f64::from(target)));
        prop_assert_eq!(kr["title"].as_str(), Some(title.as_str()));
        let parent = common::objective_row(&v, objective);
        prop_assert!(parent["key_results"].as_array().unwrap().iter().any(|k| k["id"] == "new-kr"));
    }
}

/// Key results written as an inline array (`key_result = [{ … }]`) take the new one as
/// an inline table on a line of its own, in the array's indentation and trailing-comma
/// style; the plan reloads with it, and nothing else in the file changes.
#[test]
fn inline_key_results_take_the_new_one_inline() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("northstar.toml");
    let before = "[plan]\nname = \"P\"\n\n[[pillar]]\nid = \"p\"\nname = \"P\"\n\n[[objective]]\nid = \"o\"\ntitle = \"O\"\npillar = \"p\"\nperiod = \"2026-Q4\"\nowner = \"ana\"\nkey_result = [\n  { id = \"k\", title = \"K\", baseline = 0, target = 10 },  # agreed\n]\n";
    std::fs::write(&path, before).unwrap();
    let r = add(
        &path,
        &[
            "kr",
            "speed",
            "--objective",
            "o",
            "--title",
            "Speed \"p95\"",
            "--baseline",
            "9",
            "--target",
            "3",
            "--unit",
            "min",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        read(&path),
        before.replace(
            "  # agreed\n",
            "  # agreed\n  { id = \"speed\", title = 'Speed \"p95\"', unit = \"min\", baseline = 9, target = 3 },\n"
        )
    );
    let shown = northstar(&[
        "-f",
        path.to_str().unwrap(),
        "show",
        "speed",
        "--format",
        "json",
    ]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    let v: serde_json::Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(
        (
            v["title"].as_str(),
            v["related"][0]["entities"][0]["id"].as_str(),
            v["target"].as_f64()
        ),
        (Some("Speed \"p95\""), Some("o"), Some(3.0))
    );
}

/// A plan with teams, for the options that name them.
const ORG: &str = "[plan]\nname = \"Org\"\n\n[[pillar]]\nid = \"velocity\"\nname = \"Velocity\"\n\n[[team]]\nid = \"platform\"\nname = \"Platform\"\n\n[[metric]]\nid = \"build-time\"\nname = \"Build time\"\n\n[[objective]]\nid = \"faster\"\ntitle = \"Faster\"\npillar = \"velocity\"\nperiod = \"2026-Q4\"\nowner = \"ana\"\n\n[[objective.key_result]]\nid = \"lead-time\"\ntitle = \"Lead time\"\nbaseline = 48\ntarget = 24\n";

fn org() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("northstar.toml");
    std::fs::write(&path, ORG).unwrap();
    (dir, path)
}

/// `add team`, `add objective --team --parents --contribution` without `--pillar` (its
/// parent's), `add kr --target tbd --start --due --owner --measured-by`: the exact bytes,
/// and the plan checks clean of errors.
#[test]
fn teams_parents_windows_and_draft_targets_are_written() {
    let (_dir, path) = org();
    let steps: &[&[&str]] = &[
        &[
            "team",
            "dev-infra",
            "--name",
            "Developer infrastructure",
            "--parent",
            "platform",
            "--lead",
            "ana",
        ],
        &[
            "--period",
            "2026-Q4",
            "objective",
            "fast-builds",
            "--title",
            "Fast builds",
            "--team",
            "platform,dev-infra",
            "--parents",
            "faster,lead-time",
            "--contribution",
            "2",
        ],
        &[
            "--period",
            "2026-Q4",
            "objective",
            "fast-tests",
            "--title",
            "Fast tests",
            "--team",
            "dev-infra",
            "--parent",
            "faster",
        ],
        &[
            "kr",
            "p95-build",
            "--objective",
            "fast-builds",
            "--title",
            "p95 build",
            "--target",
            "tbd",
            "--start",
            "2026-10-15",
            "--due",
            "2026-12-01",
            "--owner",
            "bo",
            "--measured-by",
            "build-time",
        ],
    ];
    for args in steps {
        let r = add(&path, args);
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{args:?}");
    }
    assert_eq!(
        read(&path),
        format!(
            "{ORG}\n[[team]]\nid = \"dev-infra\"\nname = \"Developer infrastructure\"\nparent = \"platform\"\nlead = \"ana\"\n\n[[objective]]\nid = \"fast-builds\"\ntitle = \"Fast builds\"\nteam = [\"platform\", \"dev-infra\"]\nparents = [\"faster\", \"lead-time\"]\ncontribution = 2\nperiod = \"2026-Q4\"\n\n[[objective.key_result]]\nid = \"p95-build\"\ntitle = \"p95 build\"\ntarget = \"tbd\"\nstart = 2026-10-15\ndue = 2026-12-01\nowner = \"bo\"\nmeasured_by = \"build-time\"\n\n[[objective]]\nid = \"fast-tests\"\ntitle = \"Fast tests\"\nteam = \"dev-infra\"\nparent = \"faster\"\nperiod = \"2026-Q4\"\n"
        )
    );
    let check = northstar(&["-f", path.to_str().unwrap(), "check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(
        (check.code, v["errors"].as_u64()),
        (0, Some(0)),
        "{}",
        check.stdout
    );
}

/// What `add` cannot write is refused before any plan is read, saying what is missing; an
/// id it names that the plan lacks (a parent, a team, a series) is refused with the nearest
/// one, as a pillar is.
#[test]
fn what_add_cannot_write_or_names_wrongly_is_refused() {
    let (dir, path) = org();
    let before = snapshot(dir.path());
    for (args, expected) in [
        (
            &["--period", "2026-Q4", "objective", "orphan", "--title", "T"][..],
            "error: an objective needs --pillar, or --parent (or --parents) whose pillar it inherits\n",
        ),
        (
            &[
                "--period",
                "2026-Q4",
                "objective",
                "o2",
                "--title",
                "T",
                "--parent",
                "fastr",
            ][..],
            "error: unknown objective or key result `fastr`\nhelp: did you mean `faster`?\nnothing was written\n",
        ),
        (
            &[
                "--period",
                "2026-Q4",
                "objective",
                "o2",
                "--title",
                "T",
                "--pillar",
                "velocity",
                "--team",
                "platform,platfrom",
            ][..],
            "error: unknown team `platfrom`\nhelp: did you mean `platform`?\nnothing was written\n",
        ),
        (
            &["team", "web", "--name", "Web", "--parent", "zzz"][..],
            "error: unknown team `zzz`\nhelp: `northstar tree` lists the teams\nnothing was written\n",
        ),
        (
            &[
                "kr",
                "p50",
                "--objective",
                "faster",
                "--title",
                "T",
                "--milestone",
                "--measured-by",
                "build-tme",
            ][..],
            "error: unknown metric or key result `build-tme`\nhelp: did you mean `build-time`?\nnothing was written\n",
        ),
        (
            &[
                "kr",
                "p50",
                "--objective",
                "faster",
                "--title",
                "T",
                "--target",
                "10",
            ][..],
            "error: `--target 10` needs --baseline: a key result moves from a baseline to its target; `--target tbd` drafts one whose target is still to be decided\n",
        ),
    ] {
        let r = add(&path, args);
        assert_eq!((r.code, r.stderr.as_str()), (2, expected), "{args:?}");
    }
    assert_eq!(snapshot(dir.path()), before);
}

/// The typo guard compares ids of the same kind only, refuses one edit away, and
/// `--force` is the way out.
#[test]
fn a_typo_of_an_id_of_the_same_kind_is_refused_and_force_adds_it() {
    let (dir, path) = org();
    let before = snapshot(dir.path());
    let r = add(&path, &["pillar", "velocty", "--name", "V"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "error: id `velocty` is one edit away from the pillar `velocity`, which the plan already has\nhelp: did you mean `velocity`? add --force to add `velocty` anyway\nnothing was written\n"
        )
    );
    assert_eq!(snapshot(dir.path()), before);
    // A team one edit from a pillar is another kind: not a typo.
    let r = add(&path, &["team", "velocty", "--name", "V"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let r = add(&path, &["pillar", "velocitty", "--name", "V", "--force"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert!(read(&path).ends_with("\n[[pillar]]\nid = \"velocitty\"\nname = \"V\"\n"));
}

/// The ids of a real engineering org (`KIND ID`, one a line), in the order its plan was
/// built: none is refused as a typo.
const REALISTIC_IDS: &str = include_str!("../fixtures/realistic-ids.txt");

/// Building a real 120-id plan from the CLI, in order, without `--force`: no id is
/// refused (the Jaro–Winkler rule refused dozens), and the plan checks without errors.
#[test]
fn a_realistic_plan_of_120_ids_is_built_without_a_false_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("northstar.toml");
    let r = northstar(&["init", dir.path().to_str().unwrap(), "--empty"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut objective = String::new();
    let mut count = 0;
    let mut refused = Vec::new();
    for line in REALISTIC_IDS
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let (kind, id) = line.split_once(' ').unwrap();
        let args: Vec<&str> = match kind {
            "pillar" => vec!["pillar", id, "--name", id],
            "team" => vec!["team", id, "--name", id],
            "metric" => vec!["metric", id, "--name", id],
            "objective" => vec![
                "--period",
                "2026-Q4",
                "objective",
                id,
                "--title",
                id,
                "--pillar",
                "velocity",
                "--owner",
                "ana",
            ],
            "kr" => vec![
                "kr",
                id,
                "--objective",
                &objective,
                "--title",
                id,
                "--milestone",
            ],
            "initiative" => vec![
                "--period",
                "2026-Q4",
                "initiative",
                id,
                "--title",
                id,
                "--effort-weeks",
                "1",
            ],
            "bet" => vec![
                "bet",
                id,
                "--title",
                id,
                "--pillar",
                "velocity",
                "--risk",
                "core",
                "--appetite-weeks",
                "2",
            ],
            other => panic!("unknown kind {other}"),
        };
        let r = add(&path, &args);
        if r.code != 0 {
            refused.push(format!("{kind} {id}: {}", r.stderr));
        }
        if kind == "objective" {
            objective = id.to_string();
        }
        count += 1;
    }
    assert_eq!(count, 120);
    assert_eq!(refused, Vec::<String>::new());
    let check = northstar(&["-f", path.to_str().unwrap(), "check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(v["errors"].as_u64(), Some(0), "{}", check.stdout);
}

/// `add north-star` writes the `[north_star]` table; a plan has one, so a second is
/// refused.
#[test]
fn the_north_star_is_added_once() {
    let (dir, path) = org();
    let r = add(
        &path,
        &[
            "north-star",
            "wat",
            "--name",
            "Weekly active teams",
            "--unit",
            "teams",
            "--baseline",
            "40",
            "--target",
            "60",
            "--due",
            "2027-06-30",
        ],
    );
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let with = format!(
        "{ORG}\n[north_star]\nid = \"wat\"\nname = \"Weekly active teams\"\nunit = \"teams\"\nbaseline = 40\ntarget = 60\ndue = 2027-06-30\n"
    );
    assert_eq!(read(&path), with);
    let before = snapshot(dir.path());
    let r = add(
        &path,
        &["north-star", "wau", "--name", "Weekly active users"],
    );
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "error: the plan already has a North Star, `wat`\nhelp: a plan has one; `northstar set wat FIELD VALUE` changes it\nnothing was written\n"
        )
    );
    assert_eq!(snapshot(dir.path()), before);
}
