//! Helpers shared by the integration tests: run northstar in-process with a fixed
//! environment, or as a process with a fixed `NORTHSTAR_TODAY`.

use northstar::app::{Env, options};
use northstar::run::run;

/// The date every test runs on.
pub const TODAY: &str = "2026-11-20";

/// A reproducible environment: today is [`TODAY`], no terminal, no colour.
#[must_use]
pub fn env() -> Env {
    Env::fixed(chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap())
}

/// Output of one in-process run.
pub struct Outcome {
    pub code: u8,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `northstar ARGS` in-process.
#[must_use]
pub fn northstar(args: &[&str]) -> Outcome {
    northstar_in(&env(), args)
}

/// Runs `northstar ARGS` in-process with `COLUMNS` set to `columns`.
#[must_use]
pub fn northstar_columns(columns: u16, args: &[&str]) -> Outcome {
    let mut env = env();
    env.columns = Some(columns);
    northstar_in(&env, args)
}

/// Runs `northstar ARGS` in-process in `env`.
#[must_use]
pub fn northstar_in(env: &Env, args: &[&str]) -> Outcome {
    let cli =
        northstar::app::try_parse_from(std::iter::once("northstar").chain(args.iter().copied()))
            .unwrap_or_else(|e| panic!("bad test arguments {args:?}: {e}"));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(options::resolve(&cli, env), &mut out, &mut err);
    Outcome {
        code,
        stdout: String::from_utf8(out).unwrap(),
        stderr: String::from_utf8(err).unwrap(),
    }
}

/// The binary, with `NORTHSTAR_TODAY` fixed and colour variables cleared.
#[must_use]
pub fn bin() -> assert_cmd::Command {
    assert_cmd::Command::from_std(std_bin())
}

/// [`bin`] as a plain `std::process::Command`, for tests that choose the child's stdout
/// (a file, `/dev/full`) or spawn many processes at once.
#[must_use]
pub fn std_bin() -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("northstar"));
    cmd.env("NORTHSTAR_TODAY", TODAY)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("NORTHSTAR_PLAN")
        .env_remove("COLUMNS")
        .env("NORTHSTAR_CONFIG", "/nonexistent/northstar-config.toml");
    cmd
}

/// A copy of the platform example (main file, check-in log, team files) in a temporary
/// directory outside any git repository; returns the directory and the main file.
#[must_use]
pub fn platform_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("teams")).unwrap();
    for f in [
        "northstar.toml",
        "checkins.toml",
        "teams/dev-infra.toml",
        "teams/sre.toml",
        "teams/security.toml",
    ] {
        std::fs::copy(
            std::path::Path::new("examples/platform").join(f),
            dir.path().join(f),
        )
        .unwrap();
    }
    let main = dir.path().join("northstar.toml");
    (dir, main)
}

/// The diagnostic codes in `check --format json` output, in order.
#[must_use]
pub fn codes(json: &str) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(json).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// Runs `git ARGS` in `dir` with a fixed identity and no signing, panicking unless it
/// succeeds.
pub fn git(dir: &std::path::Path, args: &[&str]) {
    git_output(dir, args, None);
}

/// Runs `git ARGS` in `dir` as [`git`] does, with the author and committer dates set to
/// `date` (RFC 3339) when given; its trimmed stdout. The user's and the system's git
/// configuration are not read, so no setting of this machine changes the result.
pub fn git_output(dir: &std::path::Path, args: &[&str], date: Option<&str>) -> String {
    let mut command = std::process::Command::new("git");
    command
        .current_dir(dir)
        .args([
            "-c",
            "user.name=Plan Bot",
            "-c",
            "user.email=bot@example.com",
        ])
        .args(["-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    if let Some(date) = date {
        command
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A plan named `name` in a temporary directory: `settings` under `[plan]`, a North Star
/// from 0 to 100, pillars `p1` and `p2`, then `body`. Returns the directory (keep it
/// alive) and the main file's path.
#[must_use]
pub fn small_plan(name: &str, settings: &str, body: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("northstar.toml");
    std::fs::write(
        &path,
        format!(
            "[plan]\nname = \"{name}\"\n{settings}\n\n[north_star]\nid = \"ns\"\nname = \"North Star\"\nbaseline = 0\ntarget = 100\n\n\
             [[pillar]]\nid = \"p1\"\nname = \"One\"\n\n[[pillar]]\nid = \"p2\"\nname = \"Two\"\n\n{body}"
        ),
    )
    .unwrap();
    let path = path.to_str().unwrap().to_string();
    (dir, path)
}

/// `northstar -f PLAN --as-of AS_OF [ARGS...] status --format json`, parsed; the run must
/// succeed.
#[must_use]
pub fn status_json(path: &str, as_of: &str, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["-f", path, "--as-of", as_of];
    all.extend_from_slice(args);
    all.extend_from_slice(&["status", "--format", "json"]);
    let r = northstar(&all);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

/// `northstar -f PLAN --as-of 2026-11-20 show ID --format json`'s history, one
/// `(date, progress, target_changed)` a check-in; the run must succeed.
#[must_use]
pub fn history_rows(plan: &str, id: &str) -> Vec<(String, f64, bool)> {
    let r = northstar(&["-f", plan, "--as-of", TODAY, "show", id, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["date"].as_str().unwrap().to_string(),
                h["progress"].as_f64().unwrap(),
                h["target_changed"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// The objective `id` of a JSON report.
#[must_use]
pub fn objective_row<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .unwrap_or_else(|| panic!("no objective `{id}` in {report}"))
}

/// The key result `id` of a JSON report.
#[must_use]
pub fn key_result_row<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["key_results"].as_array().unwrap())
        .find(|k| k["id"] == id)
        .unwrap_or_else(|| panic!("no key result `{id}` in {report}"))
}

/// The environment variable that turns a missing outside tool from a skipped test into a
/// failure; `.ci/run` sets it to `1` after installing every tool the tests use.
pub const REQUIRE_TOOLS: &str = "NORTHSTAR_REQUIRE_TOOLS";

/// The path of the first of `names` found on `PATH` (Graphviz's `dot`, Chromium, poppler's
/// `pdftotext`, Prometheus), for a test that needs an outside tool. When none is found the
/// test is skipped: this prints `skipped: <test>: `<name>` is not installed (<install>)` and
/// returns `None`, so `cargo test` passes on a fresh machine with only Rust. With
/// [`REQUIRE_TOOLS`]`=1` a missing tool panics instead, so CI cannot pass by skipping.
/// `install` is how to get the tool, e.g. `apt-get install graphviz`.
#[must_use]
pub fn tool(names: &[&str], install: &str) -> Option<std::path::PathBuf> {
    if let Some(found) = names.iter().find_map(|n| which::which(n).ok()) {
        return Some(found);
    }
    let wanted = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(" or ");
    assert!(
        std::env::var(REQUIRE_TOOLS).as_deref() != Ok("1"),
        "{REQUIRE_TOOLS}=1 but {wanted} is not installed ({install})"
    );
    let test = std::thread::current()
        .name()
        .unwrap_or("this test")
        .to_string();
    // Written to the process's stderr, not through `eprintln!`, which the test harness
    // captures: the line shows in `cargo test`'s output although the test passes.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("skipped: {test}: {wanted} is not installed ({install})\n").as_bytes(),
    );
    None
}
