//! Terminal output that reads on an 80-column terminal: every report fits `COLUMNS` (no
//! line wider, in display cells), ids stay whole, wider terminals get more columns, colour
//! uses only the eight normal colours, and long output goes through a pager only on a
//! terminal.

use crate::common;

use std::path::Path;

use common::{northstar, northstar_columns};
use unicode_width::UnicodeWidthStr as _;

const AS_OF: &str = "2026-11-20";
const PLATFORM: &str = "examples/platform/northstar.toml";

/// The table reports and the commands that print tables.
const REPORTS: [(&str, &[&str]); 7] = [
    ("status", &["status"]),
    ("okrs", &["okrs"]),
    ("bets", &["bets"]),
    ("initiatives", &["initiatives"]),
    ("metrics", &["metrics"]),
    ("show", &["show", "lead-time"]),
    ("log", &["log", "--since", "2026-11-01"]),
];

fn run(plan: &str, columns: u16, args: &[&str]) -> common::Outcome {
    let mut all = vec!["-f", plan, "--as-of", AS_OF];
    all.extend_from_slice(args);
    let r = northstar_columns(columns, &all);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    r
}

fn widest(text: &str) -> usize {
    text.lines().map(str::width).max().unwrap_or(0)
}

#[test]
fn each_report_at_80_120_and_200_columns() {
    for columns in [80, 120, 200] {
        for (name, args) in REPORTS {
            let r = run(PLATFORM, columns, args);
            assert!(
                widest(&r.stdout) <= usize::from(columns),
                "{name} at {columns}"
            );
            insta::assert_snapshot!(format!("{name}_{columns}"), r.stdout);
        }
    }
}

/// A plan whose titles, owners, units and notes are long, with ids of every length.
fn long_plan() -> (tempfile::TempDir, String) {
    let long = "A title that goes on and on about what the team will do this quarter and why it matters to everyone";
    let body = format!(
        "[[metric]]\nid = \"m\"\nname = \"{long}\"\nunit = \"requests per second per region\"\nbaseline = 1000000\ntarget = 2500000\n\n\
         [[objective]]\nid = \"objective-with-a-long-id\"\ntitle = \"{long}\"\npillar = \"p1\"\nperiod = \"2026-Q4\"\nowner = [\"someone-with-a-long-name\", \"another-team-entirely\"]\n\n\
         [[objective.key_result]]\nid = \"kr-with-a-long-id-too\"\ntitle = \"{long}\"\nunit = \"requests per second\"\nbaseline = 100\ntarget = 250000\nowner = \"someone-with-a-long-name\"\n\n\
         [[objective.key_result]]\nid = \"k\"\ntitle = \"{long}\"\nkeep_below = 15\n\n\
         [[initiative]]\nid = \"an-initiative\"\ntitle = \"{long}\"\nperiod = \"2026-Q4\"\nstatus = \"active\"\neffort_weeks = 12\nowner = \"someone-with-a-long-name\"\ndrives = [\"kr-with-a-long-id-too\", \"k\"]\n\n\
         [[bet]]\nid = \"a-bet\"\ntitle = \"{long}\"\npillar = \"p1\"\nrisk = \"transformational\"\nstatus = \"running\"\nappetite_weeks = 6\nstart = 2026-10-01\ndecide_by = 2026-11-01\nowner = \"someone-with-a-long-name\"\nhypothesis = \"{long}\"\nsuccess = \"{long}\"\nkill = \"{long}\"\n"
    );
    let (dir, path) =
        common::small_plan("A plan with a rather long name, as plans have", "", &body);
    std::fs::write(
        dir.path().join("checkins.toml"),
        format!(
            "[[checkin]]\nkey_result = \"kr-with-a-long-id-too\"\ndate = 2026-11-02\nvalue = 120000\nconfidence = 0.6\nnote = \"{long}\"\n\n\
             [[checkin]]\nkey_result = \"kr-with-a-long-id-too\"\ndate = 2026-11-09\nvalue = 130000\n\n\
             [[checkin]]\nkey_result = \"k\"\ndate = 2026-11-09\nvalue = 16\n"
        ),
    )
    .unwrap();
    (dir, path)
}

#[test]
fn no_report_is_wider_than_80_columns_on_any_plan() {
    let (_dir, long) = long_plan();
    let plans = [
        PLATFORM,
        "examples/startup/northstar.toml",
        "examples/fiscal/northstar.toml",
        "examples/org/northstar.toml",
        "examples/measured/northstar.toml",
        long.as_str(),
    ];
    for plan in plans {
        for (name, args) in REPORTS {
            let args: Vec<&str> = match name {
                // Each plan's own first key result.
                "show" => vec!["show", "--period", "2026-Q4"],
                _ => args.to_vec(),
            };
            let r = if name == "show" {
                let json = northstar(&["-f", plan, "--as-of", AS_OF, "okrs", "--format", "json"]);
                let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
                let Some(id) = v["objectives"][0]["key_results"][0]["id"].as_str() else {
                    continue;
                };
                run(plan, 80, &["show", id])
            } else {
                run(plan, 80, &args)
            };
            for line in r.stdout.lines() {
                assert!(
                    line.width() <= 80,
                    "{plan} {name}: {} cells\n{line}",
                    line.width()
                );
            }
        }
    }
    // Ids are never broken: each key result's id stands whole on a line of `okrs`.
    let r = run(&long, 80, &["okrs"]);
    for id in ["kr-with-a-long-id-too", "objective-with-a-long-id"] {
        assert!(
            r.stdout
                .lines()
                .any(|l| l.split_whitespace().any(|w| w == id)),
            "{id}:\n{}",
            r.stdout
        );
    }
    // A wrapped title keeps its indentation under its key result.
    let title_lines: Vec<&str> = r
        .stdout
        .lines()
        .skip_while(|l| !l.contains("kr-with-a-long-id-too"))
        .skip(1)
        .take(3)
        .collect();
    assert!(
        title_lines
            .iter()
            .all(|l| l.starts_with("    ") && !l.starts_with("     ")),
        "{title_lines:#?}"
    );
}

#[test]
fn wider_terminals_get_more_columns_and_wide_gets_all() {
    let header = |columns: u16, extra: &[&str]| {
        let mut args = vec!["okrs"];
        args.extend_from_slice(extra);
        let r = run(PLATFORM, columns, &args);
        r.stdout.lines().nth(1).unwrap().to_string()
    };
    let narrow = header(80, &[]);
    let wide = header(200, &[]);
    assert!(
        !narrow.contains("Conf.") && !narrow.contains("Last check-in"),
        "{narrow}"
    );
    assert!(
        wide.contains("Conf.") && wide.contains("Last check-in"),
        "{wide}"
    );
    // Every width from 60 to 200 shows at least the columns of the one before.
    let mut before = 0;
    for columns in (60..=200).step_by(5) {
        let r = run(PLATFORM, columns, &["okrs"]);
        let count = r
            .stdout
            .lines()
            .nth(1)
            .unwrap()
            .split("  ")
            .filter(|c| !c.trim().is_empty())
            .count();
        assert!(count >= before, "{columns}: {count} < {before}");
        before = count;
    }
    let all = header(80, &["--wide"]);
    assert!(
        all.contains("Conf.") && all.contains("Last check-in"),
        "{all}"
    );
    // Boxed and Markdown styles remain.
    let boxed = run(PLATFORM, 200, &["okrs", "--style", "boxed"]);
    assert!(boxed.stdout.contains("┌─"), "{}", boxed.stdout);
    let markdown = run(PLATFORM, 200, &["okrs", "--style", "markdown"]);
    assert!(
        markdown.stdout.lines().nth(2).unwrap().starts_with("|--"),
        "{}",
        markdown.stdout
    );
}

#[test]
fn flags_sit_in_the_status_cell() {
    let r = run(PLATFORM, 200, &["okrs"]);
    let stale = r
        .stdout
        .lines()
        .find(|l| l.contains("runbook-coverage"))
        .unwrap();
    assert!(stale.contains("✖ off-track · stale"), "{stale}");
    let bets = run(PLATFORM, 200, &["bets"]);
    let overdue = bets
        .stdout
        .lines()
        .find(|l| l.contains("ai-triage"))
        .unwrap();
    assert!(overdue.contains("running · overdue"), "{overdue}");
}

#[test]
fn colour_uses_the_eight_normal_colours_bold_and_dim_only() {
    let r = run(PLATFORM, 200, &["--color", "always", "status"]);
    let codes = regex::Regex::new("\x1b\\[([0-9;]*)m").unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for c in codes.captures_iter(&r.stdout) {
        for part in c[1].split(';') {
            seen.insert(part.to_string());
        }
    }
    let allowed = [
        "0", "1", "2", "31", "32", "33", "34", "35", "36", "37", "39",
    ];
    assert!(
        seen.iter().all(|c| allowed.contains(&c.as_str())),
        "codes used: {seen:?}"
    );
    // Done and on track differ: cyan and green.
    let line = |needle: &str| {
        r.stdout
            .lines()
            .find(|l| l.contains(needle))
            .unwrap()
            .to_string()
    };
    assert!(
        line("pipeline-ga").contains("\x1b[36m✔ done"),
        "{}",
        line("pipeline-ga")
    );
    assert!(
        line("    lead-time").contains("\x1b[32m● on-track"),
        "{}",
        line("    lead-time")
    );
    // The bar takes its row's status colour.
    assert!(line("golden-path-adoption").contains("\x1b[31m██░░░░░░░░ 22%"));
    // Without the codes, the text is the uncoloured report, byte for byte.
    let plain = run(PLATFORM, 200, &["--color", "never", "status"]);
    assert_eq!(codes.replace_all(&r.stdout, ""), plain.stdout);
    insta::assert_snapshot!(
        "okrs_colour_120",
        run(PLATFORM, 120, &["--color", "always", "okrs"]).stdout
    );
}

#[test]
fn empty_results_say_so_and_suggest_the_fix() {
    let r = run(PLATFORM, 80, &["--period", "2026-Q3", "okrs"]);
    assert!(
        r.stdout.ends_with("No objectives in 2026-Q3.\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.lines().any(|l| l
            == "note: no objectives in 2026-Q3; the plan's objectives are in 2026-Q4 (try `--period 2026-Q4`)"),
        "{}",
        r.stderr
    );
    let owner = northstar(&["-f", PLATFORM, "--as-of", AS_OF, "okrs", "--owner", "carl"]);
    assert_eq!(owner.code, 2);
    assert!(
        owner.stderr.ends_with(
            "error: no one named `carl` owns anything in the plan\nhelp: did you mean `carol`?\n"
        ),
        "{}",
        owner.stderr
    );
    let log = northstar(&["-f", PLATFORM, "log", "--metric", "lead-tme"]);
    assert_eq!(log.code, 2);
    assert!(
        log.stderr.ends_with(
            "error: unknown id `lead-tme`: no key result, metric or North Star has it\nhelp: did you mean `lead-time`?\n"
        ),
        "{}",
        log.stderr
    );
}

#[test]
fn the_status_has_no_repeated_lines() {
    let r = run(PLATFORM, 200, &["status"]);
    assert!(!r.stdout.contains("\nCapacity\n"), "{}", r.stdout);
    assert!(r.stdout.contains("\nCapacity 2026-Q4: "));
    let (dir, path) = common::small_plan("No bets", "", "");
    let r = run(&path, 200, &["status"]);
    assert!(!r.stdout.contains("No bets funded"), "{}", r.stdout);
    assert!(
        r.stdout.contains("Funded in 2026-Q4: 0 bets"),
        "{}",
        r.stdout
    );
    drop(dir);
}

/// Runs the binary on a pseudo-terminal (`script`), with `env`, and returns what the
/// terminal showed.
fn on_a_terminal(args: &str, env: &[(&str, &str)], rows: u16) -> String {
    let bin = assert_cmd::cargo::cargo_bin!("northstar");
    let command = format!("stty rows {rows} cols 200; {} {args}", bin.display());
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qec", &command, "/dev/null"])
        .env("NORTHSTAR_TODAY", AS_OF)
        .env("NORTHSTAR_CONFIG", "/nonexistent/northstar-config.toml")
        .env_remove("NORTHSTAR_PAGER")
        .env_remove("PAGER")
        .env_remove("COLUMNS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n")
}

#[test]
fn long_output_on_a_terminal_goes_through_the_pager() {
    if common::tool(&["script"], "apt-get install util-linux").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let paged_file = dir.path().join("paged_file.txt");
    let pager = format!("cat > {}", paged_file.display());
    let args = format!("-f {PLATFORM} --as-of {AS_OF} --color never status");
    // Longer than 20 rows: paged_file.
    let shown = on_a_terminal(&args, &[("NORTHSTAR_PAGER", &pager)], 20);
    let text = std::fs::read_to_string(&paged_file).unwrap();
    assert!(
        text.starts_with("Acme Platform Engineering · 2026-Q4"),
        "{text}"
    );
    assert!(!shown.contains("Acme Platform"), "{shown}");
    std::fs::remove_file(&paged_file).unwrap();
    // `PAGER` when `NORTHSTAR_PAGER` is unset.
    on_a_terminal(&args, &[("PAGER", &pager)], 20);
    assert!(Path::new(&paged_file).exists());
    std::fs::remove_file(&paged_file).unwrap();
    // Shorter than the terminal, `--no-pager`, an empty variable: printed directly.
    for (extra, env) in [
        ("", vec![("NORTHSTAR_PAGER", pager.as_str())]),
        ("--no-pager", vec![("NORTHSTAR_PAGER", pager.as_str())]),
        ("", vec![("NORTHSTAR_PAGER", ""), ("PAGER", pager.as_str())]),
    ] {
        let rows = if extra.is_empty() && env[0].1 == pager {
            500
        } else {
            20
        };
        let shown = on_a_terminal(&format!("{extra} {args}"), &env, rows);
        assert!(
            shown.contains("Acme Platform Engineering"),
            "{extra} {env:?}: {shown}"
        );
        assert!(!Path::new(&paged_file).exists(), "{extra} {env:?}");
    }
    // Never when piped: stdout is not a terminal.
    let r = common::std_bin()
        .args(["-f", PLATFORM, "--as-of", AS_OF, "status"])
        .env("NORTHSTAR_PAGER", &pager)
        .output()
        .unwrap();
    assert!(
        String::from_utf8(r.stdout)
            .unwrap()
            .starts_with("Acme Platform")
    );
    assert!(!Path::new(&paged_file).exists());
}

/// The realistic plan of `tests/fixtures/wide` in a temporary git repository with two
/// commits (the first without the last week's check-ins, the second with them and a
/// goalpost moved), so `diff HEAD~1..HEAD` has something of every kind to show. Returns
/// the directory (keep it alive) and the main file.
fn wide_repository() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new("tests/fixtures/wide");
    let plan = std::fs::read_to_string(fixture.join("northstar.toml")).unwrap();
    let checkins = std::fs::read_to_string(fixture.join("checkins.toml")).unwrap();
    let earlier: String = checkins
        .split_inclusive("\n\n")
        .filter(|block| !block.contains("2026-11-16"))
        .collect();
    std::fs::write(dir.path().join("northstar.toml"), &plan).unwrap();
    std::fs::write(dir.path().join("checkins.toml"), earlier).unwrap();
    common::git(dir.path(), &["init", "-q", "-b", "main"]);
    common::git(dir.path(), &["add", "."]);
    common::git_output(
        dir.path(),
        &["commit", "-q", "-m", "plan"],
        Some("2026-11-10T09:00:00Z"),
    );
    let moved = plan.replacen("target = 14", "target = 16", 1);
    assert_ne!(moved, plan);
    std::fs::write(dir.path().join("northstar.toml"), moved).unwrap();
    std::fs::write(dir.path().join("checkins.toml"), checkins).unwrap();
    common::git(dir.path(), &["add", "."]);
    common::git_output(
        dir.path(),
        &["commit", "-q", "-m", "week"],
        Some("2026-11-17T09:00:00Z"),
    );
    let main = dir.path().join("northstar.toml").display().to_string();
    (dir, main)
}

/// Every view of a realistic plan (long titles, five owners, long units and goals, an
/// alignment four objectives deep, notes with URLs) fits 80 and 120 columns in every
/// style, and the key views are snapshotted at both widths. Before issue 21, `review`,
/// `diff` and `tree` ignored `COLUMNS` and `--style` (on this plan at 80: `review` 341
/// cells, `tree` 201, `diff` boxed tables as wide as its longest note) and `status`, `log`
/// and `metrics` reached 86.
#[test]
fn every_view_of_a_realistic_plan_fits_80_and_120_columns() {
    let (_dir, plan) = wide_repository();
    let views: [(&str, &[&str]); 12] = [
        ("status", &["status"]),
        ("okrs", &["okrs"]),
        ("log", &["log"]),
        ("review", &["review"]),
        ("diff", &["diff", "HEAD~1..HEAD"]),
        ("tree", &["tree"]),
        ("show_objective", &["show", "grow-paying-merchants"]),
        ("show_key_result", &["show", "markets-on-one-page-checkout"]),
        ("show_metric", &["show", "weekly-paying-merchants"]),
        ("bets", &["bets"]),
        ("initiatives", &["initiatives"]),
        ("metrics", &["metrics"]),
    ];
    let snapshotted = ["status", "log", "review", "diff", "tree"];
    for columns in [80, 120] {
        for (name, args) in views {
            for style in ["light", "boxed", "markdown"] {
                let mut all = args.to_vec();
                all.extend(["--style", style]);
                let r = run(&plan, columns, &all);
                for line in r.stdout.lines() {
                    assert!(
                        line.width() <= usize::from(columns),
                        "{name} --style {style} at {columns}: {} cells\n{line}",
                        line.width()
                    );
                }
                if style == "light" && snapshotted.contains(&name) {
                    insta::assert_snapshot!(format!("wide_{name}_{columns}"), r.stdout);
                }
            }
        }
    }
}
