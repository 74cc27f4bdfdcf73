//! Write safety (issue 9): what `-o` does to devices, FIFOs, symlinks and the plan's own
//! files; check-ins from two plans sharing one log under concurrent writers; inline arrays
//! in the files written; leftover temporary files and include globs; a failing stdout after
//! a durable write; and the permissions, owner and group of the files written.
//!
//! These tests run as root (they `mknod` and `chown`), and use the real binary where the
//! process matters (its stdout, its umask, many processes at once).

use crate::common;

use std::os::unix::fs::{FileTypeExt as _, MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use common::{git, northstar, platform_copy, std_bin};

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `northstar -f PLAN ARGS...` in-process.
fn on(plan: &Path, args: &[&str]) -> common::Outcome {
    let mut all = vec!["-f", s(plan)];
    all.extend_from_slice(args);
    northstar(&all)
}

/// Runs a shell command, panicking unless it succeeds.
fn sh(command: &str) {
    let status = std::process::Command::new("sh")
        .args(["-c", command])
        .status()
        .unwrap();
    assert!(status.success(), "`{command}` failed");
}

/// Every plan file of the platform example, with its bytes.
fn plan_bytes(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    [
        "northstar.toml",
        "checkins.toml",
        "teams/dev-infra.toml",
        "teams/sre.toml",
        "teams/security.toml",
    ]
    .iter()
    .map(|f| (dir.join(f), std::fs::read(dir.join(f)).unwrap()))
    .collect()
}

// --- `-o` and what it writes to (issue 9, defect 1) --------------------------------------

/// The JSON status of the platform example, as `-o` should write it.
fn status_json(plan: &Path) -> String {
    let r = on(plan, &["status", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

#[test]
fn output_to_a_device_writes_through_and_leaves_the_device() {
    let (dir, plan) = platform_copy();
    let null = dir.path().join("null");
    sh(&format!(
        "mknod {} c 1 3 && chmod 0620 {}",
        s(&null),
        s(&null)
    ));
    let r = on(&plan, &["status", "--format", "json", "-o", s(&null)]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    let meta = std::fs::symlink_metadata(&null).unwrap();
    assert!(meta.file_type().is_char_device(), "still a device");
    assert_eq!(meta.rdev(), (1 << 8) | 3, "still /dev/null's numbers");
    assert_eq!(meta.permissions().mode() & 0o7777, 0o620, "mode untouched");
}

#[test]
fn output_to_a_fifo_writes_through_to_its_reader() {
    let (dir, plan) = platform_copy();
    let fifo = dir.path().join("pipe");
    sh(&format!("mkfifo {}", s(&fifo)));
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let r = on(&plan, &["status", "--format", "json", "-o", s(&fifo)]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    // Checked before joining: a FIFO replaced by a file would leave the reader blocked.
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo(),
        "still a FIFO"
    );
    assert_eq!(reader.join().unwrap(), status_json(&plan));
}

/// `/dev/stdout` is reached through a link of the test's own (`to-stdout.json ->
/// /dev/stdout`) and as `/dev/fd/1`: a build that replaced its target would then break a
/// file of the test, never the machine's `/dev/stdout`.
#[test]
fn output_to_dev_stdout_writes_to_stdout_even_when_it_is_a_file() {
    let (dir, plan) = platform_copy();
    let expected = status_json(&plan);
    let link = dir.path().join("to-stdout.json");
    std::os::unix::fs::symlink("/dev/stdout", &link).unwrap();
    for output in [s(&link), "/dev/fd/1"] {
        // stdout a pipe.
        let out = std_bin()
            .args(["-f", s(&plan), "status", "--format", "json", "-o", output])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "-o {output}");
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            expected,
            "-o {output}"
        );
        // stdout a regular file: written through, not replaced (same inode, so the
        // shell's redirection still points at it).
        let file = dir.path().join("captured.json");
        std::fs::write(&file, "").unwrap();
        let inode = std::fs::metadata(&file).unwrap().ino();
        let status = std_bin()
            .args(["-f", s(&plan), "status", "--format", "json", "-o", output])
            .stdout(std::fs::File::options().append(true).open(&file).unwrap())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(0), "-o {output}");
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            expected,
            "-o {output}"
        );
        assert_eq!(
            std::fs::metadata(&file).unwrap().ino(),
            inode,
            "-o {output}"
        );
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    }
}

#[test]
fn output_through_a_symlink_replaces_the_target_and_keeps_the_link() {
    let (dir, plan) = platform_copy();
    let expected = status_json(&plan);
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let target = dir.path().join("out/real.json");
    std::fs::write(&target, "old report\n").unwrap();
    let link = dir.path().join("report.json");
    std::os::unix::fs::symlink("out/real.json", &link).unwrap();
    let r = on(&plan, &["status", "-o", s(&link)]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        Path::new("out/real.json"),
        "the link is still a link, to the same place"
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), expected);
    // A dangling link: its target is created.
    let dangling = dir.path().join("next.json");
    std::os::unix::fs::symlink("out/next-real.json", &dangling).unwrap();
    let r = on(&plan, &["status", "-o", s(&dangling)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::symlink_metadata(&dangling).unwrap().is_symlink());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out/next-real.json")).unwrap(),
        expected
    );
}

#[test]
fn output_never_overwrites_a_file_of_the_plan() {
    let (dir, plan) = platform_copy();
    let before = plan_bytes(dir.path());
    let alias = dir.path().join("alias.json");
    std::os::unix::fs::symlink("teams/sre.toml", &alias).unwrap();
    for (output, plan_file, ext) in [
        (plan.clone(), plan.clone(), "json"),
        (
            dir.path().join("checkins.toml"),
            dir.path().join("checkins.toml"),
            "json",
        ),
        // An included file, named through `..`.
        (
            dir.path().join("teams/../teams/security.toml"),
            dir.path().join("teams/security.toml"),
            "json",
        ),
        // A link to an included file.
        (alias.clone(), dir.path().join("teams/sre.toml"), "json"),
    ] {
        let r = on(&plan, &["status", "--format", "json", "-o", s(&output)]);
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr),
            (
                2,
                "",
                format!(
                    "error: refusing to overwrite plan file `{}`\n\
                     help: `-o` names the file the report goes to: pick one outside the plan, e.g. `-o report.{ext}`\n\
                     nothing was written\n",
                    plan_file.display()
                )
            ),
            "-o {}",
            output.display()
        );
    }
    // A check-in log that does not exist yet is a plan file too.
    let text = std::fs::read_to_string(&plan).unwrap().replace(
        "checkin_log = \"checkins.toml\"",
        "checkin_log = \"later.toml\"",
    );
    std::fs::write(&plan, &text).unwrap();
    let later = dir.path().join("later.toml");
    let r = on(&plan, &["review", "--format", "markdown", "-o", s(&later)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stderr.lines().next().unwrap(),
        format!(
            "error: refusing to overwrite plan file `{}`",
            later.display()
        )
    );
    assert!(!later.exists());
    std::fs::write(&plan, &before[0].1).unwrap();
    assert_eq!(plan_bytes(dir.path()), before, "no plan file changed");
}

#[test]
fn a_checkin_through_a_symlinked_log_replaces_its_target_and_keeps_the_link() {
    let (dir, plan) = platform_copy();
    std::fs::create_dir(dir.path().join("elsewhere")).unwrap();
    let target = dir.path().join("elsewhere/log.toml");
    std::fs::rename(dir.path().join("checkins.toml"), &target).unwrap();
    let link = dir.path().join("checkins.toml");
    std::os::unix::fs::symlink("elsewhere/log.toml", &link).unwrap();
    let before = std::fs::read_to_string(&target).unwrap();
    let r = on(&plan, &["checkin", "lead-time", "26", "--by", "sam"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        Path::new("elsewhere/log.toml")
    );
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        format!(
            "{before}\n[[checkin]]\nmetric = \"lead-time\"\ndate = 2026-11-20\nvalue = 26\nby = \"sam\"\n"
        )
    );
}

// --- Two plans sharing one check-in log (issue 9, defect 3) ------------------------------

/// The smallest plan there is: a North Star, and a check-in log shared with its sibling.
const SHARING_PLAN: &str = "[plan]\nname = \"Sharing\"\ncheckin_log = \"../shared/checkins.toml\"\n\n\
    [north_star]\nid = \"ns\"\nname = \"North Star\"\nbaseline = 0\ntarget = 100000\n";

const WRITERS: usize = 32;
const ROUNDS: usize = 20;

#[test]
#[allow(clippy::print_stderr)] // its timing, seen with `--nocapture`
fn concurrent_checkins_from_two_plans_sharing_one_log_all_land() {
    let dir = tempfile::tempdir().unwrap();
    // One planning repository: a log outside it would be `path-outside-plan`.
    common::git(dir.path(), &["init", "-q"]);
    let plans: Vec<PathBuf> = ["a", "b"]
        .iter()
        .map(|name| {
            std::fs::create_dir(dir.path().join(name)).unwrap();
            let plan = dir.path().join(name).join("northstar.toml");
            std::fs::write(&plan, SHARING_PLAN).unwrap();
            plan
        })
        .collect();
    std::fs::create_dir(dir.path().join("shared")).unwrap();
    let log = dir.path().join("shared/checkins.toml");
    std::fs::write(&log, "# shared by a and b\n").unwrap();

    let started = std::time::Instant::now();
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let plan = plans[w % 2].clone();
            std::thread::spawn(move || {
                (0..ROUNDS)
                    .map(|r| {
                        let out = std_bin()
                            .args(["-f", s(&plan), "checkin", "ns"])
                            .arg((w * 100 + r).to_string())
                            .args(["--by", &format!("w{w}")])
                            .output()
                            .unwrap();
                        (w * 100 + r, out.status.code(), out.stderr)
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let runs: Vec<_> = writers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    let elapsed = started.elapsed();

    let failed: Vec<String> = runs
        .iter()
        .filter(|(_, code, _)| *code != Some(0))
        .map(|(v, code, e)| format!("{v}: {code:?} {}", String::from_utf8_lossy(e)))
        .collect();
    let log_text = std::fs::read_to_string(&log).unwrap();
    let table: toml::Table = toml::from_str(&log_text).unwrap();
    let mut logged: Vec<usize> = table["checkin"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| usize::try_from(c["value"].as_integer().unwrap()).unwrap())
        .collect();
    logged.sort_unstable();
    let lost: Vec<usize> = runs
        .iter()
        .filter(|(v, code, _)| *code == Some(0) && logged.binary_search(v).is_err())
        .map(|(v, _, _)| *v)
        .collect();
    assert_eq!(
        lost,
        Vec::<usize>::new(),
        "acknowledged with exit 0, then lost"
    );
    assert_eq!(
        failed,
        Vec::<String>::new(),
        "every writer queues and succeeds"
    );
    let mut expected: Vec<usize> = (0..WRITERS)
        .flat_map(|w| (0..ROUNDS).map(move |r| w * 100 + r))
        .collect();
    expected.sort_unstable();
    assert_eq!(logged, expected, "each check-in exactly once");
    for plan in &plans {
        let r = on(plan, &["check"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    eprintln!(
        "{} check-ins ({WRITERS} writers × {ROUNDS} rounds) in {elapsed:?}",
        WRITERS * ROUNDS
    );
}

// --- Inline arrays (issue 9, defect 4) ---------------------------------------------------

/// A plan whose pillars, objectives and bets are inline arrays (top-level keys come before
/// the first table), with its check-ins in `checkins.toml`.
const INLINE_PLAN: &str = r#"pillar = [{ id = "p1", name = "One" }, { id = "p2", name = "Two" }]
objective = [{ id = "o1", title = "Objective", pillar = "p1", quarter = "2026-Q4", owner = "ann", key_result = [{ id = "kr1", title = "KR", baseline = 0, target = 10 }] }]
bet = [{ id = "b1", title = "Bet", pillar = "p1", hypothesis = "If x then y because z", risk = "core", appetite_weeks = 2, success = "s", kill = "k", status = "proposed" }]

[plan]
name = "Inline"
checkin_log = "checkins.toml"

[north_star]
id = "ns"
name = "North Star"
baseline = 0
target = 100
"#;

/// A directory holding [`INLINE_PLAN`] and a check-in log with `log`; the main file.
fn inline_plan(log: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("northstar.toml");
    std::fs::write(&plan, INLINE_PLAN).unwrap();
    std::fs::write(dir.path().join("checkins.toml"), log).unwrap();
    (dir, plan)
}

/// `check` passes (warnings allowed).
fn reloads(plan: &Path) {
    let r = on(plan, &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_checkin_joins_an_inline_array_in_its_own_form() {
    for (log, expected) in [
        (
            "checkin = [{ metric = \"kr1\", date = 2026-11-01, value = 1 }]\n",
            "checkin = [{ metric = \"kr1\", date = 2026-11-01, value = 1 }, { metric = \"kr1\", date = 2026-11-20, value = 2, by = \"sam\" }]\n",
        ),
        (
            "# log\ncheckin = [\n  { metric = \"kr1\", date = 2026-11-01, value = 1 },\n]\n",
            "# log\ncheckin = [\n  { metric = \"kr1\", date = 2026-11-01, value = 1 },\n  { metric = \"kr1\", date = 2026-11-20, value = 2, by = \"sam\" },\n]\n",
        ),
        (
            "checkin = [\r\n  { metric = \"kr1\", date = 2026-11-01, value = 1 }\r\n]\r\n",
            "checkin = [\r\n  { metric = \"kr1\", date = 2026-11-01, value = 1 },\r\n  { metric = \"kr1\", date = 2026-11-20, value = 2, by = \"sam\" }\r\n]\r\n",
        ),
        (
            "checkin = []\n",
            "checkin = [{ metric = \"kr1\", date = 2026-11-20, value = 2, by = \"sam\" }]\n",
        ),
    ] {
        let (dir, plan) = inline_plan(log);
        reloads(&plan);
        let r = on(&plan, &["checkin", "kr1", "2", "--by", "sam"]);
        assert_eq!(r.code, 0, "{log:?}: {}", r.stderr);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("checkins.toml")).unwrap(),
            expected
        );
        reloads(&plan);
    }
}

#[test]
fn carry_joins_an_inline_objective_array_in_its_own_form() {
    let (_dir, plan) = inline_plan("");
    let r = on(&plan, &["carry", "--to", "2027-Q1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        INLINE_PLAN.replace(
            "target = 10 }] }]\n",
            "target = 10 }] }, { id = \"o1-2027q1\", title = \"Objective\", pillar = \"p1\", period = \"2027-Q1\", owner = \"ann\", kind = \"committed\", key_result = [{ id = \"kr1-2027q1\", title = \"KR\", baseline = 0, target = 10 }] }]\n"
        )
    );
    reloads(&plan);
}

#[test]
fn bet_edits_a_bet_in_an_inline_array() {
    let (_dir, plan) = inline_plan("");
    let r = on(&plan, &["bet", "start", "b1", "--decide-by", "2027-01-15"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        INLINE_PLAN.replace(
            "status = \"proposed\" }]",
            "status = \"running\", start = 2026-11-20, decide_by = 2027-01-15 }]"
        )
    );
    reloads(&plan);
}

// --- Leftover temporary files (issue 9, defect 8) ----------------------------------------

/// What a write killed before its rename leaves: a temporary file, here a copy of a team
/// file (so it would bring duplicate ids if read), last modified an hour ago.
fn leave_temp_file(dir: &Path, name: &str) -> PathBuf {
    let temp = dir.join(name);
    std::fs::write(&temp, "[[objective]]\nid = \"half-written\"\n").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&temp)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600))
        .unwrap();
    temp
}

#[test]
fn a_leftover_temporary_file_never_matches_an_include_glob() {
    let (dir, plan) = platform_copy();
    let text = std::fs::read_to_string(&plan)
        .unwrap()
        .replace("\"teams/*.toml\"", "\"teams/*\"");
    std::fs::write(&plan, text).unwrap();
    leave_temp_file(&dir.path().join("teams"), ".northstar-Ab12Cd.tmp");
    let r = on(&plan, &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The same at a git revision that (wrongly) committed it.
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "plan"]);
    let r = on(&plan, &["--at", "HEAD", "check", "--no-git"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn the_next_write_removes_stale_temporary_files_and_nothing_else() {
    let (dir, plan) = platform_copy();
    let stale = [
        leave_temp_file(dir.path(), ".northstar-Ab12Cd.tmp"),
        leave_temp_file(&dir.path().join("teams"), ".northstar-Xy34Zw.tmp"),
    ];
    std::fs::write(dir.path().join(".northstar-notes.txt"), "mine\n").unwrap();
    std::fs::write(dir.path().join("teams/.hidden.toml"), "# mine\n").unwrap();
    let r = on(&plan, &["checkin", "lead-time", "26", "--by", "sam"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for temp in &stale {
        assert!(!temp.exists(), "{} removed", temp.display());
    }
    let names = |d: &Path| {
        let mut names: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        names(dir.path()),
        [
            ".northstar-notes.txt",
            "checkins.toml",
            "northstar.toml",
            "teams"
        ]
    );
    assert_eq!(
        names(&dir.path().join("teams")),
        [
            ".hidden.toml",
            "dev-infra.toml",
            "security.toml",
            "sre.toml"
        ]
    );
}

// --- Stdout failing after a durable write (issue 9, defect 12) ---------------------------

/// The binary with stdout on `/dev/full` (every write to it fails with ENOSPC).
fn to_dev_full(args: &[&str]) -> (Option<i32>, String) {
    let out = std_bin()
        .args(args)
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

const CONFIRMATION_LOST: &str = "warning: written, but the confirmation could not be printed: No space left on device (os error 28)\n";

/// A writer that fails every write and flush, as stdout on a full disk does.
struct Full;

impl std::io::Write for Full {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::Error::from_raw_os_error(28))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Err(std::io::Error::from_raw_os_error(28))
    }
}

/// `northstar ARGS` in-process with stdout failing: the exit code and stderr.
fn with_full_stdout(args: &[&str]) -> (u8, String) {
    use clap::Parser as _;
    let cli = northstar::cli::Cli::try_parse_from(
        std::iter::once("northstar").chain(args.iter().copied()),
    )
    .unwrap();
    let mut err = Vec::new();
    let options = northstar::app::options::resolve(&cli, &common::env());
    let code = northstar::run::run(options, &mut Full, &mut err);
    (code, String::from_utf8(err).unwrap())
}

#[test]
fn a_durable_write_succeeds_even_when_its_confirmation_cannot_be_printed() {
    let (dir, plan) = platform_copy();
    let log = dir.path().join("checkins.toml");
    let block = |value: &str| {
        format!(
            "\n[[checkin]]\nmetric = \"lead-time\"\ndate = 2026-11-20\nvalue = {value}\nby = \"sam\"\n"
        )
    };
    let before = std::fs::read_to_string(&log).unwrap();
    // The binary (stdout buffered, the failure seen at the final flush) ...
    assert_eq!(
        to_dev_full(&["-f", s(&plan), "checkin", "lead-time", "26", "--by", "sam"]),
        (Some(0), CONFIRMATION_LOST.to_string())
    );
    // ... and the library (the failure seen at the first write).
    assert_eq!(
        with_full_stdout(&["-f", s(&plan), "checkin", "lead-time", "25", "--by", "sam"]),
        (0, CONFIRMATION_LOST.to_string())
    );
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        format!("{before}{}{}", block("26"), block("25")),
        "each check-in recorded once"
    );
    // The other write commands too.
    for args in [
        &[
            "bet",
            "start",
            "policy-as-code",
            "--decide-by",
            "2027-01-15",
        ][..],
        &[
            "bet",
            "decide",
            "ai-triage",
            "killed",
            "--outcome",
            "No MTTR change",
        ][..],
        &["carry", "--to", "2027-Q1", "fewer-pages"][..],
    ] {
        let mut all = vec!["-f", s(&plan)];
        all.extend_from_slice(args);
        assert_eq!(
            with_full_stdout(&all),
            (0, CONFIRMATION_LOST.to_string()),
            "{args:?}"
        );
    }
    let fresh = dir.path().join("fresh");
    assert_eq!(
        to_dev_full(&["init", s(&fresh)]),
        (Some(0), CONFIRMATION_LOST.to_string())
    );
    assert!(fresh.join("northstar.toml").is_file());
    reloads(&plan);
}

#[test]
fn a_report_that_cannot_be_printed_fails_unless_the_reader_left() {
    let (_dir, plan) = platform_copy();
    let warnings = "warning: 2 warnings (1 stale-key-result, 1 overdue-bet); run `northstar check` for details\n";
    let failed = "error: cannot write to stdout: No space left on device (os error 28)\n";
    for args in [
        &["status"][..],
        &["status", "--format", "json"][..],
        // A dry run's output is its product.
        &["checkin", "lead-time", "26", "--dry-run"][..],
    ] {
        let mut all = vec!["-f", s(&plan)];
        all.extend_from_slice(args);
        let expected_stderr = if args[0] == "status" {
            format!("{warnings}{failed}")
        } else {
            failed.to_string()
        };
        assert_eq!(
            to_dev_full(&all),
            (Some(2), expected_stderr.clone()),
            "{args:?}"
        );
        assert_eq!(with_full_stdout(&all), (2, expected_stderr), "{args:?}");
    }
    // A reader that closed the pipe (`northstar status | head -0`) is not a failure.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = std_bin()
        .args(["-f", s(&plan), "status"])
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(
        (out.status.code(), String::from_utf8(out.stderr).unwrap()),
        (Some(0), warnings.to_string())
    );
}

// --- Permissions, owner and group (issue 9, defect 13) -----------------------------------

/// The binary under `sh -c 'umask UMASK; exec northstar ARGS...'`.
fn with_umask(umask: &str, args: &[&str]) -> std::process::Output {
    let northstar = std_bin();
    let mut shell = std::process::Command::new("sh");
    shell
        .args(["-c", &format!("umask {umask} && exec \"$0\" \"$@\"")])
        .arg(northstar.get_program())
        .args(args);
    for (key, value) in northstar.get_envs() {
        match value {
            Some(value) => shell.env(key, value),
            None => shell.env_remove(key),
        };
    }
    shell.output().unwrap()
}

/// A file's permission bits, in octal as `ls -l` and `chmod` spell them (`0640`).
fn mode(path: &Path) -> String {
    format!(
        "{:04o}",
        std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
    )
}

#[test]
fn new_files_honour_the_umask() {
    for (umask, expected) in [("027", "0640"), ("002", "0664"), ("077", "0600")] {
        let dir = tempfile::tempdir().unwrap();
        let out = with_umask(umask, &["init", s(dir.path())]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        for file in ["northstar.toml", "checkins.toml", "northstar.schema.json"] {
            assert_eq!(
                mode(&dir.path().join(file)),
                expected,
                "umask {umask}: {file}"
            );
        }
        // A check-in log created by the first check-in, and a new `-o` report.
        let plan = dir.path().join("northstar.toml");
        let text = std::fs::read_to_string(&plan).unwrap().replace(
            "checkin_log = \"checkins.toml\"",
            "checkin_log = \"new-log.toml\"",
        );
        std::fs::write(&plan, text).unwrap();
        let out = with_umask(umask, &["-f", s(&plan), "checkin", "lead-time", "40"]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert_eq!(
            mode(&dir.path().join("new-log.toml")),
            expected,
            "umask {umask}"
        );
        let report = dir.path().join("status.json");
        let out = with_umask(umask, &["-f", s(&plan), "status", "-o", s(&report)]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        assert_eq!(mode(&report), expected, "umask {umask}: report");
    }
}

#[test]
fn a_read_only_file_is_refused_with_nothing_written() {
    let (dir, plan) = platform_copy();
    let log = dir.path().join("checkins.toml");
    let team = dir.path().join("teams/security.toml");
    let report = dir.path().join("status.txt");
    std::fs::write(&report, "last week's\n").unwrap();
    for file in [&log, &team, &report] {
        std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o444)).unwrap();
    }
    let before = plan_bytes(dir.path());
    let refused = |file: &Path| {
        format!(
            "error: cannot write `{0}`: it is read-only (mode 0444)\n\
             help: if it should change, make it writable first: `chmod u+w {0}`\n\
             nothing was written\n",
            file.display()
        )
    };
    for (args, file) in [
        (&["checkin", "lead-time", "26"][..], &log),
        (
            &[
                "bet",
                "start",
                "policy-as-code",
                "--decide-by",
                "2027-01-15",
            ][..],
            &team,
        ),
        (&["status", "-o", s(&report)][..], &report),
    ] {
        let r = on(&plan, args);
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr),
            (2, "", refused(file)),
            "{args:?}"
        );
        assert_eq!(mode(file), "0444");
    }
    assert_eq!(plan_bytes(dir.path()), before);
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "last week's\n");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert_eq!(names, Vec::<String>::new(), "no temporary file left");
}

#[test]
fn a_replaced_file_keeps_its_mode_owner_and_group() {
    let (dir, plan) = platform_copy();
    let log = dir.path().join("checkins.toml");
    let team = dir.path().join("teams/security.toml");
    let report = dir.path().join("status.txt");
    std::fs::write(&report, "last week's\n").unwrap();
    let cases = [
        (&log, 0o640, 1234, 5678),
        (&team, 0o664, 4321, 8765),
        (&report, 0o604, 42, 43),
    ];
    for (file, mode, uid, gid) in cases {
        std::fs::set_permissions(file, std::fs::Permissions::from_mode(mode)).unwrap();
        std::os::unix::fs::chown(file, Some(uid), Some(gid)).unwrap();
    }
    let log_before = std::fs::read_to_string(&log).unwrap();
    for args in [
        &["checkin", "lead-time", "26", "--by", "sam"][..],
        &[
            "bet",
            "start",
            "policy-as-code",
            "--decide-by",
            "2027-01-15",
        ][..],
        &["status", "-o", s(&report)][..],
    ] {
        let r = on(&plan, args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    }
    for (file, expected, uid, gid) in cases {
        let meta = std::fs::metadata(file).unwrap();
        assert_eq!(
            (mode(file), meta.uid(), meta.gid()),
            (format!("{expected:04o}"), uid, gid),
            "{}",
            file.display()
        );
    }
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        format!(
            "{log_before}\n[[checkin]]\nmetric = \"lead-time\"\ndate = 2026-11-20\nvalue = 26\nby = \"sam\"\n"
        )
    );
}

// --- File names printed on stdout, for the write commands (issue 9, defect 9) ------------

/// A check-in log whose name carries a terminal escape: `checkin` confirms where it wrote
/// without sending the escape to the terminal (the loader's diagnostics already scrub it).
#[test]
fn write_confirmations_scrub_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("northstar.toml");
    std::fs::write(
        &plan,
        "[plan]\nname = \"Escapes\"\ncheckin_log = \"log\\u001b[31m.toml\"\n\n\
         [north_star]\nid = \"ns\"\nname = \"North Star\"\nbaseline = 0\ntarget = 10\n",
    )
    .unwrap();
    let r = on(&plan, &["checkin", "ns", "4", "--date", "2026-11-20"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(dir.path().join("log\u{1b}[31m.toml").exists());
    assert_eq!(
        r.stdout,
        format!(
            "recorded ns = 4 on 2026-11-20 in {}/log[31m.toml: progress 40% ● tracking\n",
            dir.path().display()
        )
    );
}

/// Git's metadata is outside the plan: a `checkin_log` or include in `.git` (by name, in
/// any case, or through a symbolic link into it) is `path-outside-plan`, and `checkin`
/// refuses rather than create `.git/hooks/post-commit`, through the binary; nor does it
/// lock `.git/hooks` and sweep it of temporary files before refusing.
#[test]
fn nothing_of_the_plan_lies_in_git_metadata() {
    let (dir, plan) = platform_copy();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    std::os::unix::fs::symlink(".git/hooks", dir.path().join("hooks")).unwrap();
    let swept = leave_temp_file(&dir.path().join(".git/hooks"), ".northstar-Ab12Cd.tmp");
    let main = std::fs::read_to_string(&plan).unwrap();
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "checkin_log = \"checkins.toml\"",
            "checkin_log = \".git/hooks/post-commit\"",
            "check-in log `.git/hooks/post-commit` lies in git's metadata",
            ".git/hooks/post-commit",
        ),
        (
            "checkin_log = \"checkins.toml\"",
            "checkin_log = \"teams/../.GIT/hooks/post-commit\"",
            "check-in log `teams/../.GIT/hooks/post-commit` lies in git's metadata",
            ".git/hooks/post-commit",
        ),
        (
            "checkin_log = \"checkins.toml\"",
            "checkin_log = \"hooks/post-commit\"",
            "check-in log `hooks/post-commit` lies in git's metadata",
            ".git/hooks/post-commit",
        ),
        (
            "include = [\"teams/*.toml\", \"checkins.toml\"]",
            "include = [\"teams/*.toml\", \"checkins.toml\", \".git/*\"]",
            "include pattern `.git/*` leads into git's metadata",
            ".git/hooks/post-commit",
        ),
    ];
    for (from, to, message, hook) in cases {
        assert!(main.contains(from));
        std::fs::write(&plan, main.replace(from, to)).unwrap();
        let check = std_bin()
            .args(["-f", s(&plan), "check", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(check.status.code(), Some(1), "{to}");
        let v: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
        let found: Vec<(&str, &str)> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["code"].as_str().unwrap(), d["message"].as_str().unwrap()))
            .collect();
        assert_eq!(found, [("path-outside-plan", *message)], "{to}");
        let checkin = std_bin()
            .args(["-f", s(&plan), "checkin", "lead-time", "20"])
            .output()
            .unwrap();
        assert_eq!(checkin.status.code(), Some(1), "{to}");
        assert!(!dir.path().join(hook).exists(), "{to}");
        assert!(swept.exists(), "{to}: a file in .git/hooks was removed");
    }
}

/// A plan whose check-in log lies outside its repository is refused before anything is
/// written, and the directory it names is neither locked nor swept of stale temporary
/// files: in CI the plan comes from a pull request, and must not choose where northstar
/// deletes files.
#[test]
fn a_write_never_sweeps_a_directory_outside_the_plan() {
    let (dir, plan) = platform_copy();
    let elsewhere = tempfile::tempdir().unwrap();
    let stale = leave_temp_file(elsewhere.path(), ".northstar-Ab12Cd.tmp");
    let main = std::fs::read_to_string(&plan).unwrap();
    let log = elsewhere.path().join("checkins.toml");
    let relative = pathdiff(&log, dir.path());
    for setting in [
        format!("checkin_log = {relative:?}"),
        format!("checkin_log = {log:?}"),
    ] {
        std::fs::write(
            &plan,
            main.replace("checkin_log = \"checkins.toml\"", &setting),
        )
        .unwrap();
        let r = on(&plan, &["checkin", "lead-time", "20", "--by", "sam"]);
        assert_eq!(r.code, 1, "{setting}: {}", r.stderr);
        assert!(
            r.stderr.contains("path-outside-plan"),
            "{setting}: {}",
            r.stderr
        );
        assert!(
            stale.exists(),
            "{setting}: the stale file outside the plan was removed"
        );
        assert!(!log.exists(), "{setting}");
    }
}

/// `to` written relative to `from` with `..` components (both absolute).
fn pathdiff(to: &Path, from: &Path) -> String {
    let ups = from.components().count() - 1;
    format!(
        "{}{}",
        "../".repeat(ups),
        to.strip_prefix("/").unwrap().display()
    )
}
