//! Reading the plan at a git revision (`--at REV`), with real git: each test builds a
//! repository with fixed dates and a fixed identity.

use crate::common;

use std::path::{Path, PathBuf};

use common::northstar;

/// A repository in a temporary directory, committing with fixed dates and identity.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Self {
        let repo = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "-q", "-b", "main"], "2026-10-01T09:00:00Z");
        repo
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn git(&self, args: &[&str], date: &str) -> String {
        common::git_output(self.dir.path(), args, Some(date))
    }

    fn commit_all(&self, message: &str, date: &str) -> String {
        self.git(&["add", "-A"], date);
        self.git(&["commit", "-qm", message], date);
        self.git(&["rev-parse", "HEAD"], date)
    }

    fn copy_example(&self) {
        std::fs::create_dir_all(self.path("plan/teams")).unwrap();
        for f in [
            "northstar.toml",
            "checkins.toml",
            "northstar.schema.json",
            "teams/dev-infra.toml",
            "teams/sre.toml",
            "teams/security.toml",
        ] {
            std::fs::copy(
                Path::new("examples/platform").join(f),
                self.path(&format!("plan/{f}")),
            )
            .unwrap();
        }
    }
}

#[test]
fn at_rebuilds_an_old_review_byte_for_byte() {
    let repo = Repo::new();
    repo.copy_example();
    let v1 = repo.commit_all("plan for Q4", "2026-11-16T12:00:00Z");
    let plan = repo.path("plan/northstar.toml");
    let p = plan.to_str().unwrap();
    // The packet as printed at the time, from the working tree at v1.
    let then = northstar(&[
        "-f",
        p,
        "--as-of",
        "2026-11-20",
        "review",
        "--format",
        "html",
    ]);
    assert_eq!(then.code, 0, "{}", then.stderr);
    assert!(then.stdout.contains(&format!("git {}", &v1[..12])));
    // A week of changes: a check-in, a dropped team file, a new one.
    let r = northstar(&[
        "-f",
        p,
        "checkin",
        "lead-time",
        "20",
        "--by",
        "carol",
        "--date",
        "2026-11-23",
        "--allow-future",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::write(
        repo.path("plan/teams/data.toml"),
        "[[pillar]]\nid = \"data\"\nname = \"Data\"\n",
    )
    .unwrap();
    repo.commit_all("week 8", "2026-11-23T12:00:00Z");
    // --at v1 rebuilds the same bytes, and the working tree was not touched.
    let before = std::fs::read(repo.path("plan/checkins.toml")).unwrap();
    let again = northstar(&[
        "-f",
        p,
        "--at",
        &v1,
        "--as-of",
        "2026-11-20",
        "review",
        "--format",
        "html",
    ]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(again.stdout, then.stdout);
    let by_name = northstar(&[
        "-f",
        p,
        "--at",
        "HEAD~1",
        "--as-of",
        "2026-11-20",
        "review",
        "--format",
        "html",
    ]);
    assert_eq!(by_name.stdout, then.stdout);
    assert_eq!(
        std::fs::read(repo.path("plan/checkins.toml")).unwrap(),
        before
    );
    // The include glob is matched against the revision's files: v1 had no data.toml.
    let now = northstar(&["-f", p, "--as-of", "2026-11-30", "okrs", "--format", "json"]);
    let old = northstar(&[
        "-f",
        p,
        "--at",
        &v1,
        "--as-of",
        "2026-11-30",
        "okrs",
        "--format",
        "json",
    ]);
    let pillars = |out: &str| {
        serde_json::from_str::<serde_json::Value>(out).unwrap()["pillars"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!((pillars(&now.stdout), pillars(&old.stdout)), (4, 3));
}

#[test]
fn bad_revisions_and_missing_git_are_clear_errors() {
    let repo = Repo::new();
    std::fs::write(repo.path("README.md"), "planning\n").unwrap();
    let before_plan = repo.commit_all("readme", "2026-10-01T10:00:00Z");
    repo.copy_example();
    repo.commit_all("plan", "2026-10-02T10:00:00Z");
    let plan = repo.path("plan/northstar.toml");
    let p = plan.to_str().unwrap();

    let unknown = northstar(&["-f", p, "--at", "no-such-tag", "status"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .starts_with("error: unknown revision `no-such-tag` in `"),
        "{}",
        unknown.stderr
    );

    let missing = northstar(&["-f", p, "--at", &before_plan, "status"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.starts_with(&format!("error: cannot read plan file `{p}` at revision `{before_plan}`: it does not exist at revision")),
        "{}",
        missing.stderr
    );

    let write = northstar(&["-f", p, "--at", "HEAD", "checkin", "lead-time", "1"]);
    assert_eq!(
        (write.code, write.stderr.as_str()),
        (
            2,
            "error: --at reads a past revision; commands that write need the working tree\n"
        )
    );

    let outside = tempfile::tempdir().unwrap();
    std::fs::copy(
        "examples/startup/northstar.toml",
        outside.path().join("northstar.toml"),
    )
    .unwrap();
    let not_repo = northstar(&[
        "-f",
        outside.path().join("northstar.toml").to_str().unwrap(),
        "--at",
        "HEAD",
        "status",
    ]);
    assert_eq!(not_repo.code, 2);
    assert!(
        not_repo
            .stderr
            .contains("is not inside a git repository, and --at needs one"),
        "{}",
        not_repo.stderr
    );

    let no_git = common::bin()
        .env("PATH", "/nonexistent")
        .args(["-f", p, "--at", "HEAD", "status"])
        .output()
        .unwrap();
    assert_eq!(no_git.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(no_git.stderr).unwrap(),
        "error: git is not installed, and --at reads plan files from git\n"
    );
}

/// The messages of the `goalpost-moved` warnings of `check --format json` on `plan` as of
/// 2026-11-20; the check must pass.
fn goalpost_moves(plan: &str) -> Vec<String> {
    let r = northstar(&[
        "-f",
        plan,
        "--as-of",
        "2026-11-20",
        "check",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "goalpost-moved")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn moving_an_objective_to_another_period_after_it_began_is_a_goalpost_move() {
    let repo = Repo::new();
    repo.copy_example();
    repo.commit_all("Q4 plan", "2026-09-25T12:00:00Z");
    let dev = repo.path("plan/teams/dev-infra.toml");
    let text = std::fs::read_to_string(&dev).unwrap().replacen(
        "quarter = \"2026-Q4\"",
        "period = \"2026-H2\"",
        1,
    );
    std::fs::write(&dev, text).unwrap();
    repo.commit_all("boring deploys over the half", "2026-10-20T12:00:00Z");
    let plan = repo.path("plan/northstar.toml");
    let moved = goalpost_moves(plan.to_str().unwrap());
    assert_eq!(
        moved,
        [
            "objective `boring-deploys` moved its goalposts after 2026-Q4 began: quarter 2026-Q4 → 2026-H2"
        ]
    );
}

#[test]
fn check_flags_goalposts_moved_after_the_quarter_began() {
    let repo = Repo::new();
    repo.copy_example();
    repo.commit_all("Q4 plan", "2026-09-25T12:00:00Z");
    let dev = repo.path("plan/teams/dev-infra.toml");
    let text = std::fs::read_to_string(&dev)
        .unwrap()
        .replace("baseline = 48\ntarget = 12 ", "baseline = 48\ntarget = 18 ");
    std::fs::write(&dev, text).unwrap();
    repo.commit_all("ease lead-time", "2026-10-20T12:00:00Z");
    let plan = repo.path("plan/northstar.toml");
    let p = plan.to_str().unwrap();
    let r = northstar(&[
        "-f",
        p,
        "--as-of",
        "2026-11-20",
        "check",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let moved: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "goalpost-moved")
        .collect();
    assert_eq!(moved.len(), 1);
    assert_eq!(
        moved[0]["message"],
        "key result `lead-time` moved its goalposts after 2026-Q4 began: target 12 → 18"
    );
    assert_eq!(
        (
            moved[0]["location"]["line"].as_u64(),
            moved[0]["location"]["column"].as_u64()
        ),
        (Some(13), Some(6))
    );
    let human = northstar(&["-f", p, "--as-of", "2026-11-20", "check", "--deny-warnings"]);
    assert_eq!(human.code, 1);
    let rendered = human
        .stderr
        .split("\n\n")
        .find(|block| block.starts_with("warning[goalpost-moved]"))
        .unwrap();
    let first_commit = repo.git(
        &["rev-list", "--max-parents=0", "HEAD"],
        "2026-11-20T00:00:00Z",
    );
    assert_eq!(
        rendered
            .replace(&first_commit[..12], "<commit>")
            .replace(p, "<plan>")
            .replace(&repo.path("plan").display().to_string(), "<dir>"),
        "warning[goalpost-moved]: key result `lead-time` moved its goalposts after 2026-Q4 began: target 12 → 18\n  --> <dir>/teams/dev-infra.toml:13:6\n   |\n13 | id = \"lead-time\"\n   |      ^^^^^^^^^^^ compared with commit <commit>, the last before 2026-10-01\n   |\n   = help: if the change is deliberate, record why: a `[[change]]` with its reason in the check-in log (`northstar set ID FIELD VALUE --reason TEXT` makes the change and writes it)"
    );
    let skipped = northstar(&[
        "-f",
        p,
        "--as-of",
        "2026-11-20",
        "check",
        "--no-git",
        "--format",
        "json",
    ]);
    assert!(!skipped.stdout.contains("goalpost-moved"));
    // A shallow clone without history before the quarter says so and skips the audit.
    let shallow = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.dir.path().display());
    common::git(shallow.path(), &["clone", "-q", "--depth", "1", &url, "c"]);
    let sp = shallow.path().join("c/plan/northstar.toml");
    let r = northstar(&[
        "-f",
        sp.to_str().unwrap(),
        "--as-of",
        "2026-11-20",
        "check",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0);
    assert!(!r.stdout.contains("goalpost-moved"));
    assert!(r.stderr.starts_with("note: this is a shallow clone with no history before 2026-10-01; the goalpost audit of 2026-Q4 was skipped"), "{}", r.stderr);
}

#[test]
fn diff_shows_a_week_of_movement_goalposts_first() {
    let repo = Repo::new();
    repo.copy_example();
    repo.commit_all("week 7", "2026-11-16T18:00:00Z");
    let plan = repo.path("plan/northstar.toml");
    let p = plan.to_str().unwrap();
    assert_eq!(
        northstar(&[
            "-f",
            p,
            "checkin",
            "lead-time",
            "20",
            "--by",
            "carol",
            "--date",
            "2026-11-23",
            "--allow-future"
        ])
        .code,
        0
    );
    assert_eq!(
        northstar(&[
            "-f",
            p,
            "bet",
            "decide",
            "ai-triage",
            "killed",
            "--outcome",
            "No MTTR change",
            "--date",
            "2026-11-23"
        ])
        .code,
        0
    );
    let sre = repo.path("plan/teams/sre.toml");
    let text = std::fs::read_to_string(&sre)
        .unwrap()
        .replace("baseline = 120\ntarget = 40", "baseline = 120\ntarget = 50");
    std::fs::write(&sre, text + "\n[[initiative]]\nid = \"pager-rotation\"\ntitle = \"Follow-the-sun rotation\"\nquarter = \"2026-Q4\"\nstatus = \"active\"\neffort_weeks = 0\n").unwrap();
    repo.commit_all("week 8", "2026-11-23T18:00:00Z");

    let json = northstar(&["-f", p, "diff", "HEAD~1..HEAD", "--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        (
            v["from"]["as_of"].as_str(),
            v["to"]["as_of"].as_str(),
            v["quarter"].as_str()
        ),
        (Some("2026-11-16"), Some("2026-11-23"), Some("2026-Q4"))
    );
    assert_eq!(
        v["goalposts"],
        serde_json::json!([{ "kind": "key-result", "id": "page-volume", "field": "target", "from": 40.0, "to": 50.0, "quarter": "2026-Q4", "reason": null, "recorded": null }])
    );
    let added: Vec<&str> = v["checkins_added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["metric"].as_str().unwrap())
        .collect();
    assert_eq!(added, ["lead-time"]);
    assert_eq!(
        v["bets_decided"],
        serde_json::json!([{ "id": "ai-triage", "from": "running", "to": "killed" }])
    );
    assert_eq!(
        v["added"],
        serde_json::json!([{ "kind": "initiative", "id": "pager-rotation", "title": "Follow-the-sun rotation" }])
    );
    let lead = v["movements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "lead-time")
        .unwrap();
    assert_eq!(
        (lead["progress_from"].as_f64(), lead["progress_to"].as_f64()),
        (Some(21.0 / 36.0), Some(28.0 / 36.0))
    );

    let md = northstar(&["-f", p, "diff", "HEAD~1", "HEAD", "--format", "markdown"]);
    assert_eq!(md.code, 0, "{}", md.stderr);
    let head = repo.git(&["rev-parse", "HEAD"], "2026-11-23T18:00:00Z");
    let base = repo.git(&["rev-parse", "HEAD~1"], "2026-11-23T18:00:00Z");
    insta::assert_snapshot!(
        "diff_week_markdown",
        md.stdout
            .replace(&head[..12], "<head>")
            .replace(&base[..12], "<base>")
    );
    // With one revision, the other side is the working tree.
    let default = northstar(&[
        "-f",
        p,
        "--as-of",
        "2026-11-23",
        "diff",
        "HEAD~1",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&default.stdout).unwrap();
    assert_eq!(v["to"]["revision"], serde_json::Value::Null);
    assert_eq!(v["goalposts"].as_array().unwrap().len(), 1);
}

#[test]
fn a_month_of_weekly_commits_shows_in_diff_head_4() {
    let repo = Repo::new();
    repo.copy_example();
    repo.commit_all("week 7", "2026-11-16T18:00:00Z");
    let plan = repo.path("plan/northstar.toml");
    let p = plan.to_str().unwrap();
    for (week, (date, value)) in [
        ("2026-11-23", "25"),
        ("2026-11-30", "22"),
        ("2026-12-07", "19"),
        ("2026-12-14", "16"),
    ]
    .iter()
    .enumerate()
    {
        let r = northstar(&[
            "-f",
            p,
            "checkin",
            "lead-time",
            value,
            "--by",
            "carol",
            "--date",
            date,
            "--allow-future",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        repo.commit_all(&format!("week {}", week + 8), &format!("{date}T18:00:00Z"));
    }
    let r = northstar(&[
        "-f",
        p,
        "--as-of",
        "2026-12-14",
        "diff",
        "HEAD~4",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let dates: Vec<&str> = v["checkins_added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        ["2026-11-23", "2026-11-30", "2026-12-07", "2026-12-14"]
    );
}

/// The northstar commands of docs/ci.md's workflow, run as written in a planning repository.
#[test]
fn the_ci_recipe_commands_work_as_written() {
    let doc = std::fs::read_to_string("docs/ci.md").unwrap();
    let commands: Vec<&str> = doc
        .lines()
        .filter_map(|l| l.trim().strip_prefix("run: northstar "))
        .collect();
    assert_eq!(commands.len(), 3, "{commands:?}");
    let repo = Repo::new();
    repo.copy_example();
    repo.commit_all("plan", "2026-11-16T18:00:00Z");
    let dir = repo.path("plan");
    let expected = [0, 1, 0]; // check: warnings only; bets: ai-triage is overdue; review: ok
    for (command, code) in commands.iter().zip(expected) {
        let out = common::bin()
            .current_dir(&dir)
            .args(command.split_whitespace())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "northstar {command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(
        std::fs::read_to_string(dir.join("review.html"))
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
}

/// Issue 8, bug 5: `show` rates each past check-in against the goal in force on its date
/// (from git history) and marks the rows whose goal has moved since; without history for a
/// date, today's goal, unmarked.
#[test]
fn show_rates_history_against_the_goal_in_force_then() {
    let repo = Repo::new();
    repo.copy_example();
    let dev = repo.path("plan/teams/dev-infra.toml");
    let today = std::fs::read_to_string(&dev).unwrap();
    let wider = today.replace("target = 12              # lower is better", "target = 24");
    assert_ne!(wider, today);
    std::fs::write(&dev, &wider).unwrap();
    repo.commit_all("plan with target 24", "2026-10-06T12:00:00Z");
    std::fs::write(&dev, &today).unwrap();
    repo.commit_all("target tightened to 12", "2026-11-10T12:00:00Z");
    let plan = repo.path("plan/northstar.toml");
    let p = plan.to_str().unwrap();
    let rows = common::history_rows(p, "lead-time");
    let rows: Vec<(&str, f64, bool)> = rows.iter().map(|(d, p, c)| (d.as_str(), *p, *c)).collect();
    // 2026-10-05: no commit yet, so today's goal (48 → 12): 2/36, unmarked.
    assert_eq!(rows[0], ("2026-10-05", 2.0 / 36.0, false));
    // 2026-10-12: the goal then was 48 → 24: 44 h is 4/24 of the way, marked.
    assert_eq!(rows[1], ("2026-10-12", 4.0 / 24.0, true));
    // 2026-11-16: after the commit of 2026-11-10, today's goal again: 27 h is 21/36.
    assert_eq!(rows[6], ("2026-11-16", 21.0 / 36.0, false));
    let table = northstar(&["-f", p, "--as-of", "2026-11-20", "show", "lead-time"]);
    assert!(
        table.stdout.contains("17%*")
            && table.stdout.ends_with(
                "* progress and status against the goal in force on that date; it has changed\nsince\n"
            ),
        "{}",
        table.stdout
    );
}

#[test]
fn changing_a_source_definition_after_the_period_began_is_a_goalpost_move() {
    let repo = Repo::new();
    repo.copy_example();
    let main = repo.path("plan/northstar.toml");
    let source = "\n[[metric]]\nid = \"deploys-per-day\"\nname = \"Deployment frequency\"\nrole = \"health\"\nunit = \"deploys/day\"\nkeep_above = 1\n[metric.source]\nkind = \"dora\"\nmeasure = \"deployment-frequency\"\nrepo = \"../../payments\"\ndeploys = { tag = \"^deploy-\" }\n";
    let text = std::fs::read_to_string(&main).unwrap() + source;
    std::fs::write(&main, &text).unwrap();
    repo.commit_all(
        "Q4 plan, deploys measured from tags",
        "2026-09-25T12:00:00Z",
    );
    // The deploy pattern changed mid-quarter: every number after it counts differently.
    std::fs::write(
        &main,
        text.replace("tag = \"^deploy-\"", "tag = \"^(deploy|release)-\""),
    )
    .unwrap();
    repo.commit_all("count releases as deploys", "2026-11-02T12:00:00Z");
    let p = main.to_str().unwrap();
    let moved = goalpost_moves(p);
    assert_eq!(
        moved,
        [
            "metric `deploys-per-day` moved its goalposts after 2026-Q4 began: source dora:deployment-frequency ../../payments tags ^deploy- 28d → dora:deployment-frequency ../../payments tags ^(deploy|release)- 28d"
        ]
    );
    let diff = northstar(&["-f", p, "diff", "HEAD~1..HEAD", "--format", "json"]);
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    let v: serde_json::Value = serde_json::from_str(&diff.stdout).unwrap();
    assert_eq!(
        v["goalposts"],
        serde_json::json!([{
            "kind": "metric",
            "id": "deploys-per-day",
            "field": "source",
            "from": "dora:deployment-frequency ../../payments tags ^deploy- 28d",
            "to": "dora:deployment-frequency ../../payments tags ^(deploy|release)- 28d",
            "quarter": "2026-Q4",
            "reason": null,
            "recorded": null
        }])
    );
}

/// A goalpost moved with `set --reason` is recorded: `check` shows it as a note with its
/// reason instead of `goalpost-moved`, and `diff` shows the reason; a move made by hand
/// still warns.
#[test]
fn a_recorded_goalpost_change_is_a_note_and_diff_shows_its_reason() {
    let repo = Repo::new();
    repo.copy_example();
    repo.commit_all("Q4 plan", "2026-09-25T12:00:00Z");
    let plan = repo.path("plan/northstar.toml");
    let p = plan.to_str().unwrap();
    let r = northstar(&[
        "-f",
        p,
        "set",
        "lead-time",
        "target",
        "18",
        "--reason",
        "the build farm move slipped",
        "--by",
        "ana",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    repo.commit_all("ease lead-time", "2026-10-20T12:00:00Z");
    let check = northstar(&[
        "-f",
        p,
        "--as-of",
        "2026-11-20",
        "check",
        "--format",
        "json",
    ]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(!check.stdout.contains("goalpost-moved"), "{}", check.stdout);
    assert!(
        check.stderr.contains("note: key result `lead-time` moved its goalposts after 2026-Q4 began: target 12 → 18, recorded on 2026-11-20: the build farm move slipped\n"),
        "{}",
        check.stderr
    );
    let diff = northstar(&["-f", p, "diff", "HEAD~1..HEAD", "--format", "json"]);
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    let v: serde_json::Value = serde_json::from_str(&diff.stdout).unwrap();
    assert_eq!(
        v["goalposts"],
        serde_json::json!([{ "kind": "key-result", "id": "lead-time", "field": "target", "from": 12.0, "to": 18.0, "quarter": "2026-Q4", "reason": "the build farm move slipped", "recorded": "2026-11-20" }])
    );
    let md = northstar(&["-f", p, "diff", "HEAD~1..HEAD", "--format", "markdown"]);
    assert!(
        md.stdout.contains("| ✓ key result lead-time | target | 12   | 18 | 2026-Q4 | the build farm move slipped (2026-11-20) |"),
        "{}",
        md.stdout
    );
    // The review's "Goalposts moved" section: the move with its reason.
    let review = northstar(&[
        "-f",
        p,
        "--as-of",
        "2026-11-20",
        "review",
        "--format",
        "json",
    ]);
    assert_eq!(review.code, 0, "{}", review.stderr);
    let v: serde_json::Value = serde_json::from_str(&review.stdout).unwrap();
    assert_eq!(
        v["goalposts"],
        serde_json::json!([{ "kind": "key-result", "id": "lead-time", "field": "target", "from": 12.0, "to": 18.0, "quarter": "2026-Q4", "reason": "the build farm move slipped", "recorded": "2026-11-20" }])
    );
    // Moved again by hand: warned, and the review flags it unrecorded.
    let dev = repo.path("plan/teams/dev-infra.toml");
    let text = std::fs::read_to_string(&dev)
        .unwrap()
        .replace("target = 18 ", "target = 20 ");
    std::fs::write(&dev, text).unwrap();
    let review = northstar(&[
        "-f",
        p,
        "--as-of",
        "2026-11-20",
        "review",
        "--format",
        "markdown",
    ]);
    assert!(
        review.stdout.contains("## Goalposts moved")
            && review
                .stdout
                .contains("| key result lead-time | target | 12   | 20 | ✖ unrecorded | —      |"),
        "{}",
        review.stdout
    );
    let check = northstar(&[
        "-f",
        p,
        "--as-of",
        "2026-11-20",
        "check",
        "--format",
        "json",
    ]);
    assert!(check.stdout.contains("target 12 → 20"), "{}", check.stdout);
}

/// A `[[change]]` reason is plan text: `check` prints it in its note with every control
/// character removed, in human and in `--format github` output, so it can neither drive
/// the terminal nor start a GitHub workflow command on a line of its own.
#[test]
fn a_recorded_reason_cannot_drive_the_terminal_or_start_a_workflow_command() {
    let repo = Repo::new();
    repo.copy_example();
    repo.commit_all("Q4 plan", "2026-09-25T12:00:00Z");
    let plan = repo.path("plan/northstar.toml");
    let p = plan.to_str().unwrap();
    let reason = "slipped\u{1b}[2J\u{7}\r\n::add-mask::hunter2\n::error::fake %0A\u{202e}";
    common::bin()
        .args([
            "-f",
            p,
            "set",
            "lead-time",
            "target",
            "18",
            "--reason",
            reason,
        ])
        .assert()
        .code(0);
    repo.commit_all("ease lead-time", "2026-10-20T12:00:00Z");
    let note = "note: key result `lead-time` moved its goalposts after 2026-Q4 began: target 12 → 18, recorded on 2026-11-20: slipped[2J::add-mask::hunter2::error::fake %0A\n";
    for format in ["human", "github"] {
        let out = common::bin()
            .args([
                "-f",
                p,
                "--as-of",
                "2026-11-20",
                "check",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with(note), "{format}: {stderr}");
        assert!(!stderr.contains(['\u{1b}', '\u{7}', '\r']), "{format}");
        assert!(
            !stderr.lines().any(|l| l.trim_start().starts_with("::")),
            "{format}: {stderr}"
        );
        // The annotations: the plan's three warnings, one line each, none of them the
        // reason's.
        let stdout = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = stdout.lines().collect();
        if format == "github" {
            assert_eq!(lines.len(), 3, "{stdout}");
            assert!(
                lines.iter().all(|l| l.starts_with("::warning file=")),
                "{stdout}"
            );
        } else {
            assert_eq!(stdout, "");
        }
    }
}

/// Issue 21: `diff --format json` named only the kinds of a measure that changed kind
/// (`numeric` → `threshold`); it gives both goals' numbers as typed fields.
#[test]
fn diff_gives_the_numbers_of_a_measure_that_changed_kind() {
    let repo = Repo::new();
    repo.copy_example();
    repo.commit_all("Q4 plan", "2026-09-25T12:00:00Z");
    let dev = repo.path("plan/teams/dev-infra.toml");
    let text = std::fs::read_to_string(&dev).unwrap();
    std::fs::write(
        &dev,
        text.replacen(
            "baseline = 48\ntarget = 12              # lower is better\n",
            "keep_below = 20\n",
            1,
        ),
    )
    .unwrap();
    repo.commit_all("lead time: keep it under 20 h", "2026-11-02T12:00:00Z");
    let plan = repo.path("plan/northstar.toml");
    let p = plan.to_str().unwrap();
    let diff = northstar(&["-f", p, "diff", "HEAD~1..HEAD", "--format", "json"]);
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    let v: serde_json::Value = serde_json::from_str(&diff.stdout).unwrap();
    assert_eq!(
        v["goalposts"],
        serde_json::json!([{
            "kind": "key-result",
            "id": "lead-time",
            "field": "measure",
            "from": {"measure": "numeric", "baseline": 48.0, "target": 12.0, "keep_below": null, "keep_above": null},
            "to": {"measure": "threshold", "baseline": null, "target": null, "keep_below": 20.0, "keep_above": null},
            "quarter": "2026-Q4",
            "reason": null,
            "recorded": null
        }])
    );
}
