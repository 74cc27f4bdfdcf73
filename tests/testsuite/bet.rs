//! `northstar bet start` and `bet decide`: in-place edits of one bet, refusals, and a
//! property test that nothing but the edited bet changes.

use crate::common;

use std::path::Path;

use common::{northstar, platform_copy};
use proptest::prelude::*;

fn bet(plan: &Path, args: &[&str]) -> common::Outcome {
    let mut all = vec!["-f", plan.to_str().unwrap(), "bet"];
    all.extend_from_slice(args);
    northstar(&all)
}

#[test]
fn decide_edits_the_bet_in_place() {
    let (dir, plan) = platform_copy();
    let sre = dir.path().join("teams/sre.toml");
    let before = std::fs::read_to_string(&sre).unwrap();
    let r = bet(
        &plan,
        &[
            "decide",
            "ai-triage",
            "killed",
            "--outcome",
            "No MTTR change; 14% false positives",
            "--date",
            "2026-11-20",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!(
            "bet ai-triage: running → killed on 2026-11-20 ({})\n",
            sre.display()
        )
    );
    let expected = before.replace(
        "status = \"running\"\nmetric = \"mttr\"\nowner = \"sre\"\n",
        "status = \"killed\"\nmetric = \"mttr\"\nowner = \"sre\"\ndecided = 2026-11-20\noutcome = \"No MTTR change; 14% false positives\"\n",
    );
    assert_ne!(expected, before);
    assert_eq!(std::fs::read_to_string(&sre).unwrap(), expected);
    // Decided, the bet is no longer overdue: the plan's only warning left is the stale KR.
    let check = northstar(&[
        "-f",
        plan.to_str().unwrap(),
        "--as-of",
        "2026-11-20",
        "check",
    ]);
    assert!(
        check.stderr.ends_with("warning: 1 warning found\n"),
        "{}",
        check.stderr
    );
}

#[test]
fn start_funds_a_proposed_bet() {
    let (dir, plan) = platform_copy();
    let security = dir.path().join("teams/security.toml");
    let before = std::fs::read_to_string(&security).unwrap();
    let r = bet(
        &plan,
        &[
            "start",
            "policy-as-code",
            "--decide-by",
            "2027-01-29",
            "--date",
            "2026-11-23",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let expected = before.replace(
        "status = \"proposed\"\nowner = \"security\"\n",
        "status = \"running\"\nowner = \"security\"\nstart = 2026-11-23\ndecide_by = 2027-01-29\n",
    );
    assert_eq!(std::fs::read_to_string(&security).unwrap(), expected);
}

#[test]
fn refusals_leave_files_untouched() {
    let (dir, plan) = platform_copy();
    let snapshot = |d: &Path| -> Vec<Vec<u8>> {
        [
            "teams/dev-infra.toml",
            "teams/sre.toml",
            "teams/security.toml",
        ]
        .iter()
        .map(|f| std::fs::read(d.join(f)).unwrap())
        .collect()
    };
    let before = snapshot(dir.path());
    let cases: [(&[&str], &str); 5] = [
        (
            &["start", "build-cache"],
            "error: bet `build-cache` is validated; only a proposed bet can start\nhelp: a decision stands; record what changed in a new bet\nnothing was written\n",
        ),
        (
            &["decide", "build-cache", "killed", "--outcome", "x"],
            "error: bet `build-cache` was already decided: validated on 2026-10-28\nhelp: a decision stands; record what changed in a new bet\nnothing was written\n",
        ),
        (
            &["start", "ai-triage", "--decide-by", "2027-01-01"],
            "error: bet `ai-triage` is running; only a proposed bet can start\nhelp: it has started; when it is decided: `northstar bet decide ai-triage validated|invalidated|killed --outcome \"...\"`\nnothing was written\n",
        ),
        (
            &[
                "start",
                "policy-as-code",
                "--decide-by",
                "2026-11-01",
                "--date",
                "2026-11-20",
            ],
            "error: --decide-by 2026-11-01 is before the start 2026-11-20\nnothing was written\n",
        ),
        (
            &["decide", "ai-triag", "killed", "--outcome", "x"],
            "error: no bet `ai-triag` in the plan\nhelp: did you mean `ai-triage`?\nnothing was written\n",
        ),
    ];
    for (args, message) in cases {
        let r = bet(&plan, args);
        assert_eq!((r.code, r.stderr.as_str()), (2, message), "{args:?}");
        assert_eq!(snapshot(dir.path()), before, "{args:?}");
    }
}

/// A plan whose bets are spelled with comments, odd spacing and either line ending.
fn plan_text(bets: usize, comment: &str, space: &str, eol: &str, final_newline: bool) -> String {
    let eq = format!("{space}={space}");
    let mut lines = vec![
        "[plan]".to_string(),
        format!("name{eq}\"Generated\"   # {comment}"),
        "[north_star]".to_string(),
        format!("id{eq}\"ns\""),
        format!("name{eq}\"North Star\""),
        format!("baseline{eq}0"),
        format!("target{eq}100"),
        "[[pillar]]".to_string(),
        format!("id{eq}\"p1\""),
        format!("name{eq}\"One\""),
        "[[pillar]]".to_string(),
        format!("id{eq}\"p2\""),
        format!("name{eq}\"Two\""),
        "[plan.portfolio]".to_string(),
        format!("core{eq}1"),
        format!("adjacent{eq}0"),
        format!("transformational{eq}0"),
    ];
    for b in 0..bets {
        lines.extend([
            String::new(),
            format!("# {comment} {b}"),
            "[[bet]]".to_string(),
            format!("id{eq}\"bet-{b}\""),
            format!("title{eq}\"Bet {b}\""),
            format!("hypothesis{eq}\"If {b}, then more, because\""),
            format!("risk{eq}\"core\""),
            format!("appetite_weeks{eq}{}", b + 1),
            format!("start{eq}2026-10-0{}", 1 + b % 9),
            format!("decide_by{eq}2026-12-1{}", b % 9),
            format!("success{eq}\"yes\""),
            format!("kill{eq}\"no\"  # {comment}"),
            format!("status{eq}\"running\"   # funded"),
        ]);
    }
    let mut text = lines.join(eol);
    if final_newline {
        text.push_str(eol);
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn deciding_changes_only_that_bet(
        bets in 1usize..5,
        pick in 0usize..5,
        comment in "[a-zA-Z0-9 ,.=#\\[\\]\"'-]{0,24}",
        space in prop::sample::select(vec!["", " ", "\t"]),
        crlf in any::<bool>(),
        final_newline in any::<bool>(),
        outcome in prop_oneof!["[ -~]{1,30}", " {1,3}"],
    ) {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("northstar.toml");
        let eol = if crlf { "\r\n" } else { "\n" };
        let before = plan_text(bets, &comment, space, eol, final_newline);
        std::fs::write(&plan, &before).unwrap();
        let pick = pick % bets;
        let id = format!("bet-{pick}");
        let r = bet(&plan, &["decide", &id, "validated", &format!("--outcome={outcome}"), "--date", "2026-11-20"]);
        if outcome.trim().is_empty() {
            // A blank outcome would leave a plan that no longer loads: refused, untouched.
            prop_assert_eq!(r.code, 2, "{}", r.stderr);
            prop_assert!(r.stderr.starts_with("error: --outcome is blank\n"), "{}", r.stderr);
            prop_assert_eq!(std::fs::read_to_string(&plan).unwrap(), before);
            return Ok(());
        }
        prop_assert_eq!(r.code, 0, "{}", r.stderr);
        let after = std::fs::read_to_string(&plan).unwrap();
        let marker = format!("[[bet]]{eol}");
        let old: Vec<&str> = before.split(&marker).collect();
        let new: Vec<&str> = after.split(&marker).collect();
        prop_assert_eq!(old.len(), new.len());
        for (i, (o, n)) in old.iter().zip(&new).enumerate() {
            if i != pick + 1 {
                prop_assert_eq!(o, n, "segment {} changed", i);
            }
        }
        // The edited bet keeps every line but its status, in order, in the file's line ending.
        let edited = new[pick + 1];
        // ... and its trailing comment stays in its column: `"running"   #` → `"validated" #`.
        prop_assert!(edited.contains(&format!("status{space}={space}\"validated\" # funded")), "{:?}", edited);
        prop_assert_eq!(edited.matches('\n').count(), edited.matches(eol).count());
        let json = northstar(&["-f", plan.to_str().unwrap(), "--as-of", "2026-11-20", "bets", "--format", "json"]);
        prop_assert_eq!(json.code, 0, "{}", json.stderr);
        let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
        prop_assert_eq!(&v["bets"][pick]["status"], "validated");
        prop_assert_eq!(v["bets"][pick]["outcome"].as_str(), Some(outcome.as_str()));
    }
}

/// A proposed bet with its own `decide_by` (after a comment, so its spelling shows).
const PROPOSED: &str = "\
[[bet]]
id = \"passkeys\"
title = \"Passkeys\"
pillar = \"p1\"
hypothesis = \"If sign-in takes one tap, activation rises, because passwords are friction\"
risk = \"core\"
appetite_weeks = 6
decide_by = 2027-01-15   # agreed with finance
success = \"Activation +5 pts\"
kill = \"No change after 6 weeks\"
status = \"proposed\"
";

#[test]
fn start_without_decide_by_keeps_the_bets_own() {
    let (_dir, path) = common::small_plan("Bets", "", PROPOSED);
    let before = std::fs::read_to_string(&path).unwrap();
    let r = bet(
        Path::new(&path),
        &["start", "passkeys", "--date", "2026-11-20"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!(
            "bet passkeys: proposed → running from 2026-11-20, decide by 2027-01-15 ({path})\n"
        )
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        before.replace(
            "status = \"proposed\"\n",
            "status = \"running\"\nstart = 2026-11-20\n"
        )
    );
}

#[test]
fn start_without_any_decide_by_is_refused() {
    let (dir, plan) = platform_copy();
    let security = dir.path().join("teams/security.toml");
    let before = std::fs::read(&security).unwrap();
    let r = bet(&plan, &["start", "policy-as-code"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: bet `policy-as-code` has no decide-by date\nhelp: pass `--decide-by DATE`, or add `decide_by = YYYY-MM-DD` to the bet\nnothing was written\n"
    );
    assert_eq!(std::fs::read(&security).unwrap(), before);
}

#[test]
fn decide_writes_learnings() {
    let (dir, plan) = platform_copy();
    let sre = dir.path().join("teams/sre.toml");
    let before = std::fs::read_to_string(&sre).unwrap();
    let r = bet(
        &plan,
        &[
            "decide",
            "ai-triage",
            "killed",
            "--outcome",
            "No MTTR change",
            "--learnings",
            "Triage needs \"context\", not speed",
            "--date",
            "2026-11-20",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(&sre).unwrap(),
        before.replace(
            "status = \"running\"\nmetric = \"mttr\"\nowner = \"sre\"\n",
            "status = \"killed\"\nmetric = \"mttr\"\nowner = \"sre\"\ndecided = 2026-11-20\noutcome = \"No MTTR change\"\nlearnings = 'Triage needs \"context\", not speed'\n",
        )
    );
    let show = northstar(&[
        "-f",
        plan.to_str().unwrap(),
        "show",
        "ai-triage",
        "--format",
        "json",
    ]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    assert!(
        show.stdout
            .contains("Triage needs \\\"context\\\", not speed"),
        "{}",
        show.stdout
    );
}

#[test]
fn start_refuses_a_decide_by_of_the_bet_before_the_start() {
    let (_dir, path) = common::small_plan("Bets", "", PROPOSED);
    let before = std::fs::read(&path).unwrap();
    let r = bet(
        Path::new(&path),
        &["start", "passkeys", "--date", "2027-01-20"],
    );
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: bet `passkeys` has `decide_by = 2027-01-15`, before the start 2027-01-20\nhelp: pass a later `--decide-by DATE`\nnothing was written\n"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
