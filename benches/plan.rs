//! The speed and memory benchmark of issue #2: on a synthetic org plan of 2,000 objectives,
//! 10,000 key results and 60,000 check-ins across 20 files, compare
//! (a) the floor: reading the files and parsing each into a `toml::Table`, with
//! (b) the whole job: `northstar status --format json` (find, load, validate, roll up,
//!     lint, render JSON), in-process.
//! Target: (b) within 1.5× of (a); peak heap during (b) under 10× the plan's size on disk.
//!
//! (c) the same two as whole processes, the way a user or CI runs them: the floor is this
//!     benchmark binary re-executed in floor mode (read + parse every file, exit), the job is
//!     the `northstar` binary; both with stdout read through a pipe, 7 alternating pairs,
//!     medians compared. Target: ≤ 1.35× (issue #8).
//!
//! Run with `cargo bench`. Before divan's statistics it prints one line with both medians
//! and their ratio, one line with the peak heap, and one line for the whole processes.
//!
//! Wall times on a shared 2-core machine vary by a third from run to run; `scripts/bench-
//! instructions` counts instructions of (a) and (b) as whole processes instead (valgrind),
//! which do not vary. It runs this binary with `NORTHSTAR_BENCH_WRITE_PLAN=DIR` to write the
//! synthetic plan into DIR.
//!
//! `NORTHSTAR_BENCH_SHAPE` chooses the plan: unset or `flat`, [`Shape::BENCH`], every
//! objective on its own (the plan every number in CONTRIBUTING.md's "Speed" was measured
//! on); `tree`, [`Shape::BENCH_TREE`], the same 2,000 objectives as a company → department → team
//! alignment tree (teams, parents, key results fed by children, key results reading a
//! shared series; see `src/synth.rs`). Anything else is an error. Both modes above honour
//! it, so `NORTHSTAR_BENCH_SHAPE=tree cargo bench` and
//! `NORTHSTAR_BENCH_SHAPE=tree scripts/bench-instructions` measure the tree.
//!
//! Two more variables choose the plan, for `scripts/bench` (issue 23), in both modes:
//! `NORTHSTAR_BENCH_SCALE=N` (unset: 1) writes N times the objectives, key results and
//! check-ins into as many files ([`Shape::scaled`]); `NORTHSTAR_BENCH_LAYOUT=log` puts every
//! check-in in one `checkins.toml` named by `[plan] checkin_log`, the layout `northstar init`
//! creates (unset or `teams`: in the team files; see [`CheckinLayout`]). Anything else is an error.
//!
//! The regression benchmarks after the floor and the full job run `log`, `review --format
//! json`, `review --format html`, `show obj-0`, `check`, `status` (the table at 80
//! columns) and `digest` in-process, each on the plan at a quarter of its size (`scale = 1`, 500
//! objectives) and at its full size (`scale = 4`): a linear command takes about 4× as long
//! on the second row; a super-linear path shows up as much more (16× for a quadratic one).

#![allow(unsafe_code)] // the counting global allocator below
#![allow(clippy::print_stdout, clippy::print_stderr)] // a benchmark reports on stdout

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use clap::Parser as _;
use northstar::synth::{CHECKIN_LOG, CheckinLayout, Shape, write_plan_in};

/// Wraps the system allocator, counting live bytes and their peak.
struct PeakAlloc;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to `System`; only counters are added.
unsafe impl GlobalAlloc for PeakAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            let live = LIVE.fetch_add(new_size, Ordering::Relaxed) + new_size;
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

struct Fixture {
    _dir: tempfile::TempDir,
    main: PathBuf,
    files: Vec<PathBuf>,
    bytes: u64,
}

/// The environment variable choosing the plan's shape: unset or `flat` for
/// [`Shape::BENCH`], `tree` for [`Shape::BENCH_TREE`].
const SHAPE_VAR: &str = "NORTHSTAR_BENCH_SHAPE";

/// The shape [`SHAPE_VAR`] chooses; panics on any other value.
fn shape() -> Shape {
    match std::env::var(SHAPE_VAR) {
        Err(std::env::VarError::NotPresent) => Shape::BENCH,
        Ok(name) if name.is_empty() || name == "flat" => Shape::BENCH,
        Ok(name) if name == "tree" => Shape::BENCH_TREE,
        other => panic!("{SHAPE_VAR}={other:?}: expected `flat` or `tree`"),
    }
}

/// The environment variable multiplying the plan: unset for 1, else a positive integer.
const SCALE_VAR: &str = "NORTHSTAR_BENCH_SCALE";

/// The environment variable choosing where check-ins go: unset or `teams` for
/// [`CheckinLayout::TeamFiles`], `log` for [`CheckinLayout::CheckinLog`].
const LAYOUT_VAR: &str = "NORTHSTAR_BENCH_LAYOUT";

/// The scale [`SCALE_VAR`] chooses; panics on anything but a positive integer.
fn scale() -> usize {
    match std::env::var(SCALE_VAR) {
        Err(std::env::VarError::NotPresent) => 1,
        Ok(n) => match n.parse::<usize>() {
            Ok(n) if n > 0 => n,
            _ => panic!("{SCALE_VAR}={n:?}: expected a positive integer"),
        },
        Err(other) => panic!("{SCALE_VAR}: {other}"),
    }
}

/// The layout [`LAYOUT_VAR`] chooses; panics on any other value.
fn layout() -> CheckinLayout {
    match std::env::var(LAYOUT_VAR) {
        Err(std::env::VarError::NotPresent) => CheckinLayout::TeamFiles,
        Ok(name) if name.is_empty() || name == "teams" => CheckinLayout::TeamFiles,
        Ok(name) if name == "log" => CheckinLayout::CheckinLog,
        other => panic!("{LAYOUT_VAR}={other:?}: expected `teams` or `log`"),
    }
}

/// Writes the plan of `shape` in [`layout`] into a new temporary directory.
fn write_fixture(shape: Shape) -> Fixture {
    let dir = tempfile::tempdir().expect("temporary directory");
    let main = write_plan_in(dir.path(), shape, layout()).expect("write synthetic plan");
    let mut files = vec![main.clone()];
    let mut team: Vec<PathBuf> = std::fs::read_dir(dir.path().join("teams"))
        .expect("teams directory")
        .map(|e| e.expect("entry").path())
        .collect();
    team.sort();
    files.extend(team);
    let log = dir.path().join(CHECKIN_LOG);
    if log.exists() {
        files.push(log);
    }
    let bytes = files
        .iter()
        .map(|f| std::fs::metadata(f).expect("metadata").len())
        .sum();
    Fixture {
        _dir: dir,
        main,
        files,
        bytes,
    }
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| write_fixture(shape().scaled(scale())))
}

/// The regression benchmarks' plans: `quarters` quarters of [`fixture`]'s (1 or 4).
fn quarter_fixture(quarters: usize) -> &'static Fixture {
    static FIXTURES: [OnceLock<Fixture>; 2] = [OnceLock::new(), OnceLock::new()];
    let slot = usize::from(quarters > 1);
    FIXTURES[slot].get_or_init(|| {
        let full = shape().scaled(scale());
        write_fixture(Shape {
            objectives: full.objectives / 4 * quarters,
            ..full
        })
    })
}

/// (a) The floor: read every file and parse it into a `toml::Table`.
fn parse_floor(files: &[PathBuf]) -> usize {
    files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).expect("read");
            toml::from_str::<toml::Table>(&text)
                .expect("valid TOML")
                .len()
        })
        .sum()
}

/// (b) The whole job, as `northstar -f PLAN --as-of 2026-11-20 status --format json`.
fn full_job(main: &Path) -> u8 {
    command(main, &["status", "--format", "json"])
}

/// `northstar -f PLAN --as-of 2026-11-20 ARGS…` in-process, stdout thrown away, tables at
/// 80 columns (no terminal, no `COLUMNS`); panics unless it exits 0.
fn command(main: &Path, args: &[&str]) -> u8 {
    let cli = northstar::cli::Cli::parse_from(
        ["northstar", "-f", main.to_str().expect("UTF-8 path")]
            .into_iter()
            .chain(["--as-of", "2026-11-20"])
            .chain(args.iter().copied()),
    );
    let env =
        northstar::app::Env::fixed(chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"));
    let mut out = std::io::sink();
    let mut err = Vec::new();
    let code = northstar::run::run(
        northstar::app::options::resolve(&cli, &env),
        &mut out,
        &mut err,
    );
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    code
}

fn median(mut f: impl FnMut(), runs: usize) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

/// The environment variable that turns this binary into the whole-process floor: the value
/// is the list of plan files, separated by newlines.
const FLOOR_MODE: &str = "NORTHSTAR_BENCH_FLOOR_FILES";

/// Runs `command` with stdout piped and read to the end; returns the wall time.
fn timed_process(command: &mut std::process::Command) -> Duration {
    use std::io::Read as _;
    let start = Instant::now();
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let mut sink = Vec::new();
    child
        .stdout
        .take()
        .expect("piped stdout")
        .read_to_end(&mut sink)
        .expect("read stdout");
    let status = child.wait().expect("wait");
    let elapsed = start.elapsed();
    assert!(status.success(), "{command:?} failed: {status}");
    std::hint::black_box(sink.len());
    elapsed
}

/// (c) Whole processes: 7 alternating pairs of (floor process, `northstar` process), medians.
fn whole_process(fx: &Fixture) -> (Duration, Duration) {
    let files: Vec<String> = fx.files.iter().map(|f| f.display().to_string()).collect();
    let me = std::env::current_exe().expect("current exe");
    let mut floor = std::process::Command::new(&me);
    floor.env(FLOOR_MODE, files.join("\n"));
    let mut job = std::process::Command::new(env!("CARGO_BIN_EXE_northstar"));
    job.args(["-f", fx.main.to_str().expect("UTF-8 path")])
        .args(["--as-of", "2026-11-20", "status", "--format", "json"])
        .env("NORTHSTAR_CONFIG", "/nonexistent/northstar-config.toml");
    timed_process(&mut floor);
    timed_process(&mut job);
    let (mut a, mut b): (Vec<Duration>, Vec<Duration>) = (0..7)
        .map(|_| (timed_process(&mut floor), timed_process(&mut job)))
        .unzip();
    a.sort();
    b.sort();
    (a[3], b[3])
}

fn main() {
    if let Some(dir) = std::env::var_os("NORTHSTAR_BENCH_WRITE_PLAN") {
        let main = write_plan_in(Path::new(&dir), shape().scaled(scale()), layout())
            .expect("write synthetic plan");
        println!("{}", main.display());
        return;
    }
    if let Some(list) = std::env::var_os(FLOOR_MODE) {
        let files: Vec<PathBuf> = list.to_string_lossy().lines().map(PathBuf::from).collect();
        std::hint::black_box(parse_floor(&files));
        return;
    }
    let fx = fixture();
    // Warm the file cache, then one summary line each for speed and memory.
    parse_floor(&fx.files);
    full_job(&fx.main);
    let a = median(|| _ = std::hint::black_box(parse_floor(&fx.files)), 11);
    let b = median(|| _ = std::hint::black_box(full_job(&fx.main)), 11);
    if shape() == Shape::BENCH_TREE {
        println!("shape: {SHAPE_VAR}=tree, a company → department → team alignment tree");
    }
    if scale() != 1 || layout() != CheckinLayout::TeamFiles {
        println!(
            "plan: {SCALE_VAR}={} ({} objectives), {LAYOUT_VAR}={:?}",
            scale(),
            shape().scaled(scale()).objectives,
            layout()
        );
    }
    println!(
        "plan: {} files, {:.1} MiB on disk | (a) toml parse floor {:.1} ms | (b) full job {:.1} ms | ratio b/a {:.2} (target ≤ 1.50)",
        fx.files.len(),
        fx.bytes as f64 / (1024.0 * 1024.0),
        a.as_secs_f64() * 1e3,
        b.as_secs_f64() * 1e3,
        b.as_secs_f64() / a.as_secs_f64()
    );
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    full_job(&fx.main);
    let peak = PEAK.load(Ordering::Relaxed) - before;
    println!(
        "peak heap during (b): {:.1} MiB = {:.2}× the plan on disk (target < 10×)",
        peak as f64 / (1024.0 * 1024.0),
        peak as f64 / fx.bytes as f64
    );
    let (a, b) = whole_process(fx);
    println!(
        "whole process, stdout through a pipe (median of 7 alternating pairs): (a) floor {:.1} ms | (b) northstar status --format json {:.1} ms | ratio b/a {:.2} (target ≤ 1.35)",
        a.as_secs_f64() * 1e3,
        b.as_secs_f64() * 1e3,
        b.as_secs_f64() / a.as_secs_f64()
    );
    divan::main();
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn a_toml_parse_floor(bencher: divan::Bencher) {
    let fx = fixture();
    bencher.bench(|| parse_floor(&fx.files));
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn b_full_job_status_json(bencher: divan::Bencher) {
    let fx = fixture();
    bencher.bench(|| full_job(&fx.main));
}

/// The regression benchmarks' commands: the paths issue 23 found super-linear or slow.
const COMMANDS: [&[&str]; 7] = [
    &["log"],
    &["review", "--format", "json"],
    &["review", "--format", "html"],
    &["show", "obj-0"],
    &["check"],
    &["status"],
    &["digest"],
];

/// One of [`COMMANDS`] on the plan at `quarters` quarters of its size; compare the rows of
/// one command: linear is 4×.
fn regression(bencher: divan::Bencher, args: &[&str], quarters: usize) {
    let fx = quarter_fixture(quarters);
    bencher.bench(|| command(&fx.main, args));
}

#[divan::bench(sample_count = 5, sample_size = 1, args = [1, 4])]
fn c_log(bencher: divan::Bencher, quarters: usize) {
    regression(bencher, COMMANDS[0], quarters);
}

#[divan::bench(sample_count = 5, sample_size = 1, args = [1, 4])]
fn d_review_json(bencher: divan::Bencher, quarters: usize) {
    regression(bencher, COMMANDS[1], quarters);
}

#[divan::bench(sample_count = 5, sample_size = 1, args = [1, 4])]
fn e_review_html(bencher: divan::Bencher, quarters: usize) {
    regression(bencher, COMMANDS[2], quarters);
}

#[divan::bench(sample_count = 5, sample_size = 1, args = [1, 4])]
fn f_show(bencher: divan::Bencher, quarters: usize) {
    regression(bencher, COMMANDS[3], quarters);
}

#[divan::bench(sample_count = 5, sample_size = 1, args = [1, 4])]
fn g_check(bencher: divan::Bencher, quarters: usize) {
    regression(bencher, COMMANDS[4], quarters);
}

#[divan::bench(sample_count = 5, sample_size = 1, args = [1, 4])]
fn h_status_table_80_columns(bencher: divan::Bencher, quarters: usize) {
    regression(bencher, COMMANDS[5], quarters);
}

/// `digest` looked up each check-in's and key result's owners by scanning every entity
/// (`Plan::entity`): 17.7× the floor at 4× the plan, against 2.0× at 1×.
#[divan::bench(sample_count = 5, sample_size = 1, args = [1, 4])]
fn i_digest(bencher: divan::Bencher, quarters: usize) {
    regression(bencher, COMMANDS[6], quarters);
}

/// `site -o DIR`: every page drawn and written to disk, replacing the previous sample's
/// site (issue 24: within 3× `review --format html`, and linear).
#[divan::bench(sample_count = 5, sample_size = 1, args = [1, 4])]
fn j_site(bencher: divan::Bencher, quarters: usize) {
    let fx = quarter_fixture(quarters);
    let out = tempfile::tempdir().expect("a temporary directory");
    let dir = out.path().join("site");
    let dir = dir.to_str().expect("UTF-8 path");
    bencher.bench(|| command(&fx.main, &["site", "-o", dir]));
}
