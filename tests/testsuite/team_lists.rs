//! `team` as a list (`team = ["web", "mobile"]`) on objectives, initiatives and bets: each
//! team's `--team` filter, `show TEAM` and the JSON and CSV reports count the shared
//! entity as theirs; an unknown team in a list is reported at its own span.

use crate::common;

use common::northstar;

const PLAN: &str = r#"[plan]
name = "Shared"

[[pillar]]
id = "velocity"
name = "Velocity"

[[team]]
id = "web"
name = "Web"

[[team]]
id = "mobile"
name = "Mobile"

[[team]]
id = "ios"
name = "iOS"
parent = "mobile"

[[objective]]
id = "one-login"
title = "One login everywhere"
pillar = "velocity"
team = ["web", "ios"]
period = "2026-Q4"
owner = "ana"

[[objective.key_result]]
id = "sso-share"
title = "Sign-ins through SSO"
baseline = 0
target = 80

[[objective]]
id = "web-only"
title = "Web only"
pillar = "velocity"
team = "web"
period = "2026-Q4"
owner = "bo"

[[objective.key_result]]
id = "web-kr"
title = "Web KR"
milestone = true

[[initiative]]
id = "passkeys"
title = "Passkeys"
period = "2026-Q4"
team = ["web", "mobile"]
effort_weeks = 2

[[bet]]
id = "shared-ui"
title = "Shared UI kit"
pillar = "velocity"
hypothesis = "If both apps share one kit, features ship once"
risk = "adjacent"
appetite_weeks = 4
success = "Two features shipped once"
kill = "No reuse after a month"
team = ["mobile", "web"]
"#;

fn plan(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("northstar.toml");
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap().to_string();
    (dir, path)
}

fn json(path: &str, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["-f", path];
    all.extend_from_slice(args);
    let r = northstar(&all);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

fn ids(rows: &serde_json::Value) -> Vec<String> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_shared_objective_initiative_and_bet_are_each_teams() {
    let (_dir, path) = plan(PLAN);
    let all = json(&path, &["status", "--format", "json"]);
    let shared = &all["objectives"][0];
    assert_eq!(
        (&shared["team"], &shared["teams"]),
        (
            &serde_json::json!("web"),
            &serde_json::json!(["web", "ios"])
        )
    );
    assert_eq!(all["objectives"][1]["teams"], serde_json::json!(["web"]));
    assert_eq!(
        all["initiatives"][0]["teams"],
        serde_json::json!(["web", "mobile"])
    );
    assert_eq!(
        all["bets"][0]["teams"],
        serde_json::json!(["mobile", "web"])
    );
    // Each team's filter (and its parent's) finds what it shares.
    for (team, objectives, initiatives, bets) in [
        (
            "web",
            vec!["one-login", "web-only"],
            vec!["passkeys"],
            vec!["shared-ui"],
        ),
        ("ios", vec!["one-login"], vec![], vec![]),
        (
            "mobile",
            vec!["one-login"],
            vec!["passkeys"],
            vec!["shared-ui"],
        ),
    ] {
        let v = json(&path, &["status", "--team", team, "--format", "json"]);
        assert_eq!(ids(&v["objectives"]), objectives, "{team}");
        assert_eq!(ids(&v["initiatives"]), initiatives, "{team}");
        assert_eq!(ids(&v["bets"]), bets, "{team}");
    }
    // `review --team` and `tree --team` keep it for each of its teams.
    for team in ["web", "ios"] {
        let review = json(&path, &["review", "--team", team, "--format", "json"]);
        let objectives: Vec<String> = review["pillars"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| ids(&p["objectives"]))
            .collect();
        assert!(
            objectives.contains(&"one-login".to_string()),
            "{team}: {objectives:?}"
        );
        let r = northstar(&["-f", &path, "tree", "--team", team]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            r.stdout.contains("objective one-login"),
            "{team}: {}",
            r.stdout
        );
    }
    // `show TEAM` lists it; `show ID` lists both teams.
    let ios = json(&path, &["show", "ios", "--format", "json"]);
    let objectives = ios["related"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["relation"] == "objectives")
        .unwrap();
    assert_eq!(ids(&objectives["entities"]), ["one-login"]);
    let shown = json(&path, &["show", "one-login", "--format", "json"]);
    let teams = shown["related"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["relation"] == "team")
        .unwrap();
    assert_eq!(ids(&teams["entities"]), ["web", "ios"]);
    // The CSV's team cell holds both.
    let r = northstar(&["-f", &path, "okrs", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let row = r.stdout.lines().find(|l| l.contains("one-login,")).unwrap();
    assert!(row.ends_with(",\"web, ios\""), "{row}");
}

#[test]
fn an_unknown_team_in_a_list_is_reported_at_its_span() {
    let (_dir, path) =
        plan(&PLAN.replace("team = [\"web\", \"ios\"]", "team = [\"web\", \"iso\"]"));
    let r = northstar(&["-f", &path, "check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "error[unknown-reference]: unknown id `iso` in `team`\n  --> "
        ) && r.stderr.contains(":25:16\n   |\n25 | team = [\"web\", \"iso\"]\n   |                ^^^^^ no team has this id\n"),
        "{}",
        r.stderr
    );
}

/// A file read on the slow path (it has an error) still reads its `[[team]]` and
/// `[[cycle]]` sections: before, they were reported as unknown sections.
#[test]
fn teams_and_cycles_are_read_beside_an_error() {
    let (_dir, path) = plan(&format!(
        "{PLAN}\n[[cycle]]\nid = \"cycle-1\"\nname = \"Cycle 1\"\nstart = 2026-10-01\nend = 2026-11-11\n\n[[metric]]\nid = \"m\"\nname = 3\n"
    ));
    let r = northstar(&["-f", &path, "check", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["missing-north-star", "wrong-type"], "{}", r.stdout);
}
