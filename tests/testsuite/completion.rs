//! Dynamic shell completion (`clap_complete`'s engine), asked the way bash's registration
//! script asks it: `COMPLETE=bash northstar -- WORDS…` with the index of the word being
//! completed, one candidate per line.

use crate::common;

/// The candidates bash would get for the word at `index` of `words`, in `dir`, without the
/// options clap offers beside them (`--date`, …).
fn complete(dir: &str, index: usize, words: &[&str]) -> Vec<String> {
    let out = common::std_bin()
        .current_dir(dir)
        .env("COMPLETE", "bash")
        .env("_CLAP_IFS", "\n")
        .env("_CLAP_COMPLETE_INDEX", index.to_string())
        .env("_CLAP_COMPLETE_COMP_TYPE", "9")
        .env("_CLAP_COMPLETE_SPACE", "true")
        .arg("--")
        .args(words)
        .output()
        .unwrap();
    // Completion never prints into the prompt: no error, whatever the plan.
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("--"))
        .map(str::to_string)
        .collect()
}

#[test]
fn checkin_completes_the_ids_a_check_in_records() {
    let all = complete("examples/platform", 2, &["northstar", "checkin", ""]);
    assert_eq!(
        all,
        [
            "weekly-active-teams",
            "activation",
            "deploy-frequency",
            "change-failure-rate",
            "mttr",
            "lead-time",
            "pipeline-ga",
            "cfr-guard",
            "time-to-first-deploy",
            "golden-path-adoption",
            "sso-coverage",
            "secrets-scanning",
            "page-volume",
            "slo-coverage",
            "runbook-coverage"
        ]
    );
    assert_eq!(
        complete("examples/platform", 2, &["northstar", "checkin", "p"]),
        ["pipeline-ga", "page-volume"]
    );
}

#[test]
fn pillars_bets_and_periods_complete_from_the_plan() {
    assert_eq!(
        complete(
            "examples/platform",
            3,
            &["northstar", "okrs", "--pillar", ""]
        ),
        ["velocity", "reliability", "security"]
    );
    assert_eq!(
        complete("examples/platform", 3, &["northstar", "bet", "decide", "p"]),
        ["passkeys", "policy-as-code"]
    );
    // A key result's objective: objectives only; carry takes objectives and key results.
    assert_eq!(
        complete(
            "examples/platform",
            5,
            &["northstar", "add", "kr", "x", "--objective", "s"]
        ),
        ["self-serve-onboarding", "sso-everywhere"]
    );
    assert_eq!(
        complete("examples/platform", 2, &["northstar", "carry", "s"]),
        [
            "self-serve-onboarding",
            "sso-everywhere",
            "sso-coverage",
            "secrets-scanning",
            "slo-coverage"
        ]
    );
    // The fiscal example on 2026-11-20: FY27-Q4 and its neighbours, the objectives' own
    // periods, then the cycles.
    assert_eq!(
        complete("examples/fiscal", 2, &["northstar", "--period", ""]),
        [
            "FY27-Q3", "FY27-Q4", "FY28-Q1", "FY27", "cycle-7", "cycle-8"
        ]
    );
}

#[test]
fn without_a_plan_only_options_are_completed_and_no_error_is_printed() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path().to_str().unwrap();
    assert_eq!(
        complete(dir, 2, &["northstar", "checkin", ""]),
        Vec::<String>::new()
    );
}
