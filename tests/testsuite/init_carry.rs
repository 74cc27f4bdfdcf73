//! `northstar init` and `northstar carry`: the starter plan passes `check`; init never
//! overwrites; carry appends copies with new ids and rebased baselines, leaves every
//! original byte in place, and refuses what it cannot do.

use crate::common;

use common::{northstar, platform_copy};
use proptest::prelude::*;

#[test]
fn init_writes_a_plan_that_checks_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("planning");
    let r = northstar(&["init", target.to_str().unwrap(), "--name", "Acme \"Core\""]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let plan = target.join("northstar.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(text.contains("name = 'Acme \"Core\"'\n"), "{text}");
    // The current key, `period`, not the older `quarter`.
    assert_eq!(
        text.matches("\nperiod = \"2026-Q4\"\n").count(),
        2,
        "{text}"
    );
    assert!(!text.contains("quarter ="), "{text}");
    assert_eq!(
        std::fs::read_to_string(target.join("checkins.toml")).unwrap(),
        "#:schema ./northstar.schema.json\n# Check-ins, appended by `northstar checkin`. Newest at the bottom.\n"
    );
    let check = northstar(&["-f", plan.to_str().unwrap(), "check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!((check.code, v["errors"].as_u64()), (0, Some(0)));
    // A second init refuses, naming the file, and changes nothing.
    let again = northstar(&["init", target.to_str().unwrap()]);
    assert_eq!(again.code, 2);
    assert_eq!(
        again.stderr,
        format!(
            "error: `{}` already exists; northstar init never overwrites a file\nnothing was written\n",
            plan.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), text);
    // The walkthrough: a check-in lands in the log, not in the plan.
    let r = northstar(&[
        "-f",
        plan.to_str().unwrap(),
        "checkin",
        "lead-time",
        "40",
        "--by",
        "me",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), text);
    assert!(
        std::fs::read_to_string(target.join("checkins.toml"))
            .unwrap()
            .ends_with(
                "[[checkin]]\nmetric = \"lead-time\"\ndate = 2026-11-20\nvalue = 40\nby = \"me\"\n"
            )
    );
}

/// `init --empty`: the `[plan]` table and no entity; the plan loads without errors.
#[test]
fn init_empty_writes_only_the_plan_table() {
    let dir = tempfile::tempdir().unwrap();
    let r = northstar(&[
        "init",
        dir.path().to_str().unwrap(),
        "--empty",
        "--name",
        "Acme",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let plan = dir.path().join("northstar.toml");
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        "#:schema ./northstar.schema.json\n# The engineering plan. Build it with `northstar add pillar|team|metric|objective|kr|…`,\n# check it with `northstar check`, see the dashboard with `northstar status`.\n\n[plan]\nname = \"Acme\"\ninclude = [\"checkins.toml\"]\ncheckin_log = \"checkins.toml\"\nstale_after_days = 14          # a key result without a check-in for longer is stale\n"
    );
    let check = northstar(&["-f", plan.to_str().unwrap(), "check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!((check.code, v["errors"].as_u64()), (0, Some(0)));
}

#[test]
fn carry_appends_rebased_copies_next_to_the_originals() {
    let (dir, plan) = platform_copy();
    let sre = dir.path().join("teams/sre.toml");
    let before = std::fs::read_to_string(&sre).unwrap();
    let r = northstar(&[
        "-f",
        plan.to_str().unwrap(),
        "--as-of",
        "2026-11-20",
        "carry",
        "--to",
        "2027-Q1",
        "fewer-pages",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!(
            "carried fewer-pages → fewer-pages-2027q1 (2027-Q1) with 3 key results into {}\n",
            sre.display()
        )
    );
    let after = std::fs::read_to_string(&sre).unwrap();
    assert_eq!(
        after,
        format!(
            "{before}\n[[objective]]\nid = \"fewer-pages-2027q1\"\ntitle = \"On-call is sustainable\"\npillar = \"reliability\"\nperiod = \"2027-Q1\"\nowner = \"dmitri\"\nkind = \"committed\"\n\n\
             [[objective.key_result]]\nid = \"page-volume-2027q1\"\ntitle = \"Pages per week across all rotations\"\nunit = \"pages\"\nbaseline = 74\ntarget = 40\n\n\
             [[objective.key_result]]\nid = \"slo-coverage-2027q1\"\ntitle = \"Tier-1 services with an SLO and burn-rate alerts\"\nunit = \"%\"\nbaseline = 63\ntarget = 90\n\n\
             [[objective.key_result]]\nid = \"runbook-coverage-2027q1\"\ntitle = \"Alerts linked to a tested runbook\"\nunit = \"%\"\nbaseline = 47\ntarget = 100\n"
        )
    );
    // The carried objective rolls up in its quarter, with no check-ins copied.
    let okrs = northstar(&[
        "-f",
        plan.to_str().unwrap(),
        "--as-of",
        "2027-01-05",
        "okrs",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&okrs.stdout).unwrap();
    assert_eq!(v["objectives"][0]["id"], "fewer-pages-2027q1");
    assert_eq!(v["objectives"][0]["key_results"][0]["checkins"], 0);
}

#[test]
fn carry_defaults_to_every_unfinished_objective_and_refuses_clashes() {
    let (_dir, plan) = platform_copy();
    let dry = northstar(&[
        "-f",
        plan.to_str().unwrap(),
        "--as-of",
        "2026-11-20",
        "carry",
        "--to",
        "2027-Q1",
        "--dry-run",
    ]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert_eq!(
        dry.stdout.matches("[[objective]]\n").count(),
        4,
        "{}",
        dry.stdout
    );
    for id in [
        "boring-deploys-2027q1",
        "self-serve-onboarding-2027q1",
        "fewer-pages-2027q1",
        "sso-everywhere-2027q1",
    ] {
        assert!(dry.stdout.contains(&format!("id = \"{id}\"\n")), "{id}");
    }
    let r = northstar(&[
        "-f",
        plan.to_str().unwrap(),
        "--as-of",
        "2026-11-20",
        "carry",
        "--to",
        "2027-Q1",
        "fewer-pages",
    ]);
    assert_eq!(r.code, 0);
    let teams: Vec<Vec<u8>> = [
        "teams/dev-infra.toml",
        "teams/sre.toml",
        "teams/security.toml",
    ]
    .iter()
    .map(|f| std::fs::read(plan.parent().unwrap().join(f)).unwrap())
    .collect();
    let clash = northstar(&[
        "-f",
        plan.to_str().unwrap(),
        "--as-of",
        "2026-11-20",
        "carry",
        "--to",
        "2027-Q1",
        "fewer-pages",
    ]);
    assert_eq!(clash.code, 2);
    assert_eq!(
        clash.stderr,
        "error: the carried id `fewer-pages-2027q1` is already taken\nhelp: choose another suffix with `--suffix`\nnothing was written\n"
    );
    let unknown = northstar(&[
        "-f",
        plan.to_str().unwrap(),
        "--as-of",
        "2026-11-20",
        "carry",
        "--to",
        "2027-Q1",
        "fewer-page",
    ]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.starts_with(
            "error: `fewer-page` is not an objective or key result of 2026-Q4\nhelp: did you mean `fewer-pages`?"
        ),
        "{}",
        unknown.stderr
    );
    let after: Vec<Vec<u8>> = [
        "teams/dev-infra.toml",
        "teams/sre.toml",
        "teams/security.toml",
    ]
    .iter()
    .map(|f| std::fs::read(plan.parent().unwrap().join(f)).unwrap())
    .collect();
    assert_eq!(after, teams);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn carry_only_adds(crlf in any::<bool>(), final_newline in any::<bool>(), comment in "[a-z #=\\[\\]]{0,20}") {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("northstar.toml");
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut before = std::fs::read_to_string("examples/startup/northstar.toml").unwrap()
            .replace("# --- check-ins ---", &format!("# --- check-ins --- {comment}"))
            .replace('\n', eol);
        if !final_newline {
            before.truncate(before.trim_end().len());
        }
        std::fs::write(&plan, &before).unwrap();
        let r = northstar(&["-f", plan.to_str().unwrap(), "--as-of", "2026-11-20", "carry", "--to", "2027-Q1", "boring-api"]);
        prop_assert_eq!(r.code, 0, "{}", r.stderr);
        let after = std::fs::read_to_string(&plan).unwrap();
        prop_assert!(after.starts_with(&before));
        let added = &after[before.len()..];
        prop_assert_eq!(added.matches('\n').count(), added.matches(eol).count());
        let header = format!("[[objective]]{eol}id = \"boring-api-2027q1\"{eol}");
        prop_assert!(added.contains(&header), "{:?}", added);
        let okrs = northstar(&["-f", plan.to_str().unwrap(), "--as-of", "2027-01-05", "okrs", "--format", "json"]);
        prop_assert_eq!(okrs.code, 0, "{}", okrs.stderr);
        let v: serde_json::Value = serde_json::from_str(&okrs.stdout).unwrap();
        prop_assert_eq!(v["objectives"].as_array().map(Vec::len), Some(1));
        prop_assert_eq!(&v["objectives"][0]["key_results"][0]["baseline"], &serde_json::json!(1650.0));
    }
}

/// `--suffix` makes ids, so it is held to the id rule `add` holds an id to: a space or a
/// capital is refused (exit 2, nothing written) with the suffix that would do, through the
/// binary.
#[test]
fn carry_refuses_a_suffix_that_makes_invalid_ids() {
    let (dir, plan) = platform_copy();
    let before: Vec<Vec<u8>> = ["teams/dev-infra.toml", "teams/sre.toml"]
        .iter()
        .map(|f| std::fs::read(dir.path().join(f)).unwrap())
        .collect();
    for (suffix, message) in [
        (
            "Next Q",
            "error: `fewer-pages-Next Q` is not a valid id: ids are lowercase letters, digits, `.`, `_` and `-`, starting with a letter or a digit\nhelp: try `--suffix next-q`\nnothing was written\n",
        ),
        (
            "Q1",
            "error: `fewer-pages-Q1` is not a valid id: ids are lowercase letters, digits, `.`, `_` and `-`, starting with a letter or a digit\nhelp: try `--suffix q1`\nnothing was written\n",
        ),
        (
            "",
            "error: `--suffix` is empty\nhelp: leave `--suffix` out for the period's own, `2027q1`\nnothing was written\n",
        ),
    ] {
        let out = common::bin()
            .args(["-f", plan.to_str().unwrap(), "--as-of", "2026-11-20"])
            .args([
                "carry",
                "--to",
                "2027-Q1",
                "fewer-pages",
                "--suffix",
                suffix,
            ])
            .output()
            .unwrap();
        assert_eq!(
            (out.status.code(), String::from_utf8(out.stderr).unwrap()),
            (Some(2), message.to_string()),
            "{suffix:?}"
        );
        assert_eq!(String::from_utf8(out.stdout).unwrap(), "");
        let after: Vec<Vec<u8>> = ["teams/dev-infra.toml", "teams/sre.toml"]
            .iter()
            .map(|f| std::fs::read(dir.path().join(f)).unwrap())
            .collect();
        assert_eq!(after, before, "{suffix:?}");
    }
}

#[test]
fn carry_refuses_a_new_id_that_a_team_has() {
    let (dir, plan) = platform_copy();
    let main = plan.to_str().unwrap();
    let mut text = std::fs::read_to_string(&plan).unwrap();
    text.push_str("\n[[team]]\nid = \"fewer-pages-next\"\nname = \"Next\"\n");
    std::fs::write(&plan, &text).unwrap();
    let check = northstar(&["-f", main, "check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let files = ["northstar.toml", "teams/sre.toml", "teams/dev-infra.toml"];
    let before: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(dir.path().join(f)).unwrap())
        .collect();
    let clash = northstar(&[
        "-f",
        main,
        "--as-of",
        "2026-11-20",
        "carry",
        "--to",
        "2027-Q1",
        "--suffix",
        "next",
        "fewer-pages",
    ]);
    assert_eq!(
        (clash.code, clash.stderr.as_str()),
        (
            2,
            "error: the carried id `fewer-pages-next` is already taken\nhelp: choose another suffix with `--suffix`\nnothing was written\n"
        )
    );
    let after: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(dir.path().join(f)).unwrap())
        .collect();
    assert_eq!(before, after);
}
