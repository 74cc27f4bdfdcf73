//! One fixture per diagnostic code (`tests/diagnostics/<code>/northstar.toml`): each must
//! produce exactly its own code, with the right exit code, rendered as snapshotted. Every
//! code must be unique, have a fixture, and be documented in docs/diagnostics.md.

use crate::common;

use std::collections::BTreeSet;

use common::northstar;
use northstar::diagnostic::{Code, Severity};

fn fixture(code: Code) -> String {
    format!("tests/diagnostics/{}/northstar.toml", code.as_str())
}

fn codes_in_json(stdout: &str) -> BTreeSet<String> {
    let json: serde_json::Value = serde_json::from_str(stdout).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// Codes that need git history rather than a file: tested in `tests/git.rs`.
const NEEDS_HISTORY: &[Code] = &[Code::GoalpostMoved];

#[test]
fn each_fixture_produces_exactly_its_code() {
    for &code in Code::ALL.iter().filter(|c| !NEEDS_HISTORY.contains(c)) {
        let path = fixture(code);
        let json = northstar(&[
            "-f",
            &path,
            "--as-of",
            "2026-11-20",
            "check",
            "--format",
            "json",
        ]);
        assert_eq!(
            codes_in_json(&json.stdout),
            BTreeSet::from([code.as_str().to_string()]),
            "{path}"
        );
        let expected_exit = match code.severity() {
            Severity::Error => 1,
            Severity::Warning => 0,
        };
        assert_eq!(json.code, expected_exit, "{path}");
    }
}

#[test]
fn each_code_renders_as_snapshotted() {
    for &code in Code::ALL.iter().filter(|c| !NEEDS_HISTORY.contains(c)) {
        let path = fixture(code);
        let human = northstar(&["-f", &path, "--as-of", "2026-11-20", "check"]);
        assert_eq!(human.stdout, "", "{path}: human diagnostics go to stderr");
        insta::assert_snapshot!(code.as_str(), human.stderr);
    }
}

#[test]
fn warnings_fail_only_under_deny_warnings() {
    let path = fixture(Code::StaleKeyResult);
    let denied = northstar(&[
        "-f",
        &path,
        "--as-of",
        "2026-11-20",
        "check",
        "--deny-warnings",
    ]);
    assert_eq!(denied.code, 1);
    assert!(
        denied.stderr.ends_with("warning: 1 warning found\n"),
        "{}",
        denied.stderr
    );
}

#[test]
fn codes_are_unique() {
    let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    insta::assert_snapshot!("code_list", names.join("\n"));
    let unique: BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), names.len());
}

#[test]
fn every_fixture_directory_is_a_code() {
    let known: BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    for entry in std::fs::read_dir("tests/diagnostics").unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            known.contains(name.as_str()),
            "fixture `{name}` names no code"
        );
    }
}

#[test]
fn every_code_is_documented_in_the_diagnostics_page() {
    let page = std::fs::read_to_string("docs/diagnostics.md").unwrap();
    for &code in Code::ALL {
        let row = format!(
            "| `{}` | {} |",
            code.as_str(),
            match code.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
            }
        );
        assert!(
            page.contains(&row),
            "docs/diagnostics.md lacks the row starting `{row}`"
        );
    }
}

/// A key result's `target` is a number or `"tbd"`: other text is `invalid-value`, a quoted
/// number and a boolean `wrong-type`, each at the value; a draft needs no baseline, but a
/// target (of a key result or a metric) still does.
#[test]
fn key_result_targets_are_numbers_or_tbd() {
    let path = "tests/fixtures/targets/northstar.toml";
    let json = northstar(&[
        "-f",
        path,
        "--as-of",
        "2026-11-20",
        "check",
        "--format",
        "json",
    ]);
    assert_eq!(json.code, 1);
    assert_eq!(
        common::codes(&json.stdout),
        [
            "missing-field",
            "invalid-value",
            "wrong-type",
            "wrong-type",
            "missing-field",
            "conflicting-fields",
        ]
    );
    let human = northstar(&["-f", path, "--as-of", "2026-11-20", "check"]);
    insta::assert_snapshot!("key_result_targets", human.stderr);
}

/// A draft is fine while its quarter is being planned: `draft-key-result` starts on the
/// quarter's first day.
#[test]
fn a_draft_is_reported_once_its_quarter_has_started() {
    let path = fixture(Code::DraftKeyResult);
    let codes_on = |as_of: &str| {
        let r = northstar(&[
            "-f",
            &path,
            "--as-of",
            as_of,
            "--quarter",
            "2026-Q4",
            "check",
            "--format",
            "json",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        codes_in_json(&r.stdout)
    };
    assert_eq!(codes_on("2026-09-30"), BTreeSet::new());
    assert_eq!(
        codes_on("2026-10-01"),
        BTreeSet::from([Code::DraftKeyResult.as_str().to_string()])
    );
}
