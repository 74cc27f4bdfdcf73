//! `northstar carry` semantics: ids name objectives or key results, a key result keeps its
//! direction, reached key results stay behind unless named, numbers keep their written form.

use crate::common;

use common::{northstar, small_plan};

/// One objective in 2026-Q4 with a lower-is-better key result (lead time 48 → 30 h, latest
/// 26 h: done), a higher-is-better one not done (coverage 40 → 90 %, latest 60), a reached
/// milestone and a threshold; weights written as integers and a float with trailing zero.
const BODY: &str = "\
[[objective]]
id = \"speed\"
title = \"Ship faster\"
pillar = \"p1\"
period = \"2026-Q4\"
weight = 2

[[objective.key_result]]
id = \"lead-time\"
title = \"Lead time\"
unit = \"h\"
baseline = 48
target = 30

[[objective.key_result]]
id = \"coverage\"
title = \"Coverage\"
unit = \"%\"
baseline = 40.0
target = 90.50
weight = 3

[[objective.key_result]]
id = \"ga\"
title = \"GA\"
milestone = true

[[objective.key_result]]
id = \"uptime\"
title = \"Uptime\"
keep_above = 99.90

[[checkin]]
metric = \"lead-time\"
date = 2026-11-10
value = 26

[[checkin]]
metric = \"coverage\"
date = 2026-11-10
value = 60

[[checkin]]
metric = \"ga\"
date = 2026-11-10
value = true
";

fn carry(path: &str, args: &[&str]) -> common::Outcome {
    let mut all = vec![
        "-f",
        path,
        "--as-of",
        "2026-11-20",
        "carry",
        "--to",
        "2027-Q1",
    ];
    all.extend_from_slice(args);
    northstar(&all)
}

#[test]
fn a_named_objective_carries_its_unfinished_key_results_in_their_written_form() {
    let (_dir, path) = small_plan("Carry", "", BODY);
    let r = carry(&path, &["speed", "--dry-run"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_eq!(
        r.stdout,
        format!(
            "# would append to {path}\n[[objective]]\nid = \"speed-2027q1\"\ntitle = \"Ship faster\"\npillar = \"p1\"\nperiod = \"2027-Q1\"\nkind = \"committed\"\nweight = 2\n\n\
             [[objective.key_result]]\nid = \"coverage-2027q1\"\ntitle = \"Coverage\"\nunit = \"%\"\nbaseline = 60\ntarget = 90.50\nweight = 3\n\n\
             [[objective.key_result]]\nid = \"uptime-2027q1\"\ntitle = \"Uptime\"\nkeep_above = 99.90\n"
        )
    );
}

#[test]
fn a_named_done_key_result_keeps_its_direction_and_says_so() {
    let (_dir, path) = small_plan("Carry", "", BODY);
    let before = std::fs::read_to_string(&path).unwrap();
    let r = carry(&path, &["lead-time", "ga"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "note: `lead-time-2027q1` keeps the baseline 48 h: the latest value, 26 h, is already at or past the target 30 h\n"
    );
    assert_eq!(
        r.stdout,
        format!("carried speed → speed-2027q1 (2027-Q1) with 2 key results into {path}\n")
    );
    let after = std::fs::read_to_string(&path).unwrap();
    // Not `baseline = 26, target = 30`: a worse 29 h would then read as 75% progress.
    assert_eq!(
        &after[before.len()..],
        "\n[[objective]]\nid = \"speed-2027q1\"\ntitle = \"Ship faster\"\npillar = \"p1\"\nperiod = \"2027-Q1\"\nkind = \"committed\"\nweight = 2\n\n\
         [[objective.key_result]]\nid = \"lead-time-2027q1\"\ntitle = \"Lead time\"\nunit = \"h\"\nbaseline = 48\ntarget = 30\n\n\
         [[objective.key_result]]\nid = \"ga-2027q1\"\ntitle = \"GA\"\nmilestone = true\n"
    );
    // A later 29 h, worse than the 26 h carried from, still meets the 30 h target: done,
    // not the 75% progress a baseline of 26 would give.
    std::fs::write(
        &path,
        format!(
            "{after}\n[[checkin]]\nmetric = \"lead-time-2027q1\"\ndate = 2027-01-05\nvalue = 29\n"
        ),
    )
    .unwrap();
    let report = common::status_json(&path, "2027-01-05", &[]);
    let row = common::key_result_row(&report, "lead-time-2027q1");
    assert_eq!(
        (
            &row["baseline"],
            &row["target"],
            &row["progress"],
            &row["status"]
        ),
        (
            &serde_json::json!(48.0),
            &serde_json::json!(30.0),
            &serde_json::json!(1.0),
            &serde_json::json!("done")
        )
    );
}

#[test]
fn a_lower_is_better_key_result_not_yet_done_is_rebased() {
    let body = BODY.replace(
        "date = 2026-11-10\nvalue = 26",
        "date = 2026-11-10\nvalue = 40",
    );
    let (_dir, path) = small_plan("Carry", "", &body);
    let r = carry(&path, &["lead-time", "--dry-run"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert!(
        r.stdout.contains("id = \"lead-time-2027q1\"\ntitle = \"Lead time\"\nunit = \"h\"\nbaseline = 40\ntarget = 30\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn without_ids_reached_key_results_stay_behind() {
    let (_dir, path) = small_plan("Carry", "", BODY);
    let r = carry(&path, &["--dry-run"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert!(!r.stdout.contains("lead-time-2027q1"), "{}", r.stdout);
    assert!(!r.stdout.contains("ga-2027q1"), "{}", r.stdout);
    assert!(
        r.stdout.contains("id = \"coverage-2027q1\""),
        "{}",
        r.stdout
    );
}

#[test]
fn an_unknown_id_is_refused_with_a_did_you_mean_over_key_results_too() {
    let (_dir, path) = small_plan("Carry", "", BODY);
    let before = std::fs::read(&path).unwrap();
    let r = carry(&path, &["lead-tim"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: `lead-tim` is not an objective or key result of 2026-Q4\nhelp: did you mean `lead-time`?\nnothing was written\n"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_named_objective_with_every_key_result_reached_is_refused() {
    let body = BODY
        .replace(
            "date = 2026-11-10\nvalue = 60",
            "date = 2026-11-10\nvalue = 95",
        )
        .replace("keep_above = 99.90", "milestone = true");
    let body =
        format!("{body}\n[[checkin]]\nmetric = \"uptime\"\ndate = 2026-11-10\nvalue = true\n");
    let (_dir, path) = small_plan("Carry", "", &body);
    let before = std::fs::read(&path).unwrap();
    let r = carry(&path, &["speed"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: `speed` has nothing left to carry: every key result is reached\nhelp: name a key result to carry it even when done, or leave the objective's id out\nnothing was written\n"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// Issue 21's second reading: `carry --dry-run` printed the blocks it would append as
/// written, so a title holding U+202E (which TOML writes unescaped) reached the terminal.
/// The dry run prints them without any control character; the file gets the title as is.
#[test]
fn a_dry_run_prints_no_control_character_of_the_plan() {
    let body = BODY.replace("title = \"Ship faster\"", "title = \"Ship \u{202e}faster\"");
    let (dir, path) = small_plan("Carry", "", &body);
    let r = carry(&path, &["speed", "--dry-run"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert!(
        r.stdout.contains("title = \"Ship faster\"\n"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains('\u{202e}'), "{}", r.stdout);
    let written = carry(&path, &["speed"]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    let text = std::fs::read_to_string(dir.path().join("northstar.toml")).unwrap();
    assert_eq!(text.matches("title = \"Ship \u{202e}faster\"").count(), 2);
}
