//! The fuzzing harnesses: one function per target in `fuzz/fuzz_targets/`, shared with
//! `tests/testsuite/fuzz_regressions.rs`, which replays every input saved under
//! `tests/fuzz-regressions/<target>/` on stable Rust. Built only with the `fuzzing` feature
//! (the `fuzz/` crate and the tests turn it on; the library users get leaves it out).
//!
//! Each harness takes arbitrary bytes, runs northstar in-process on them in a temporary
//! directory (today fixed at 2026-11-20), and checks its property with `assert!`: a panic
//! anywhere, in northstar or in the assertion, is a crash to the fuzzer and a failure to the
//! replay test. Inputs are text so a corpus stays readable:
//!
//! - [`load`]: the main plan file; after a line `#--- inc.toml`, the file `inc.toml` (which the
//!   main file may `include`). Runs `check` (human, JSON, GitHub), `status` in every format,
//!   `log`, `review` (Markdown, HTML, CSV, JSON) and `tree` (table, JSON, Mermaid, DOT).
//!   Property: exit 0, 1 or 2; JSON output parses; no output carries an ESC or a bidi
//!   control from the plan.
//! - [`checkin`]: the first line is `checkin`'s arguments (split on spaces; only `ID VALUE`
//!   and the flags `--date`, `--confidence`, `--note`, `--by`, `--dry-run`), the rest the
//!   plan. Property: on exit 0 the old bytes are a prefix of the new and the plan still loads
//!   without errors; otherwise the file is unchanged.
//! - [`bet`]: the same for `bet start` / `bet decide` (first line: the arguments after `bet`),
//!   edits in place. Property: on exit 0 the plan still loads without errors; otherwise the
//!   file is unchanged.
//! - [`edit`]: the first line is the arguments of `set` or `add` (a JSON array of strings,
//!   so a value may hold a newline, quotes or `]`; or words split on spaces), the rest the
//!   plan. Options naming another file (`-f`, `-o`, `--in`, `--at`) skip the input.
//!   Property: on exit 0 the plan still loads without errors, and it changed only where the
//!   command says: `set ID FIELD VALUE` changed nothing but the key FIELD of the entity ID
//!   (or of `[plan]`) and appended `[[change]]` records; `add` only added (keys, tables and
//!   array entries at their ends; every old value is still there) and the new id is in the
//!   plan. On any other exit the file is unchanged.
//! - [`measure`]: what a source answered, read by each reader `measure` has. The first byte
//!   chooses the reader (its value modulo 6: a CSV `column`, a JSON `pointer`, a whole
//!   HTTP body or command output, a Prometheus instant-query answer, a dora incidents CSV,
//!   a dora failed-deploys CSV); the rest is the answer. Property: no panic; a value is
//!   finite; an error never quotes the answer: no run of 16 or more letters and digits
//!   from it (but for the CSV header row's column names, which an error may list) is in
//!   the message. A source may answer with a secret (an internal metadata endpoint does).
//! - [`dates`]: a string read as a quarter label, a period label, a `--as-of` date and a
//!   command-line date (`3d`, `today`, `2026/11/20`) resolved on the first and last days.
//!   Property: what parses prints back to the same value; a label resolves, on calendars
//!   with both namings and early and late fiscal starts, to a window inside the years
//!   1–9999 (or to an error, never a panic); the default period of a day contains it.
//!
//! Plans that name a check-in log (`checkin_log`) or a parent directory (`..`) are skipped by
//! the write harnesses, so a fuzzer never writes outside its temporary directory; [`edit`]
//! also skips plans that `include` other files, so an edit never lands outside it.

use std::path::Path;

use chrono::{Datelike as _, NaiveDate};

use crate::app::{Env, options};
use crate::time::period::Quarter;
use crate::time::period::{Calendar, FiscalNaming, FiscalStart, Label};

/// Inputs longer than this are skipped: the slow paths they find are benchmarks' business.
const MAX_INPUT: usize = 64 * 1024;

/// The separator between the main file and `inc.toml` in a [`load`] input.
pub const INCLUDED: &str = "\n#--- inc.toml\n";

/// Exit code, stdout and stderr of one in-process run.
struct Ran {
    code: u8,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).expect("a valid date")
}

/// Runs `northstar ARGS` in-process; a usage error is exit 2, as in `main`.
fn run(args: &[&str]) -> Ran {
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let options = options::from_args(args, &Env::fixed(today()));
    let code = crate::run::run(options, &mut stdout, &mut stderr);
    Ran {
        code,
        stdout,
        stderr,
    }
}

/// A temporary directory holding `northstar.toml` with `plan`; `None` if it cannot be made.
fn plan_dir(plan: &[u8]) -> Option<(tempfile::TempDir, String)> {
    let dir = tempfile::tempdir().ok()?;
    let main = dir.path().join("northstar.toml");
    std::fs::write(&main, plan).ok()?;
    let main = main.to_str()?.to_string();
    Some((dir, main))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Characters that must never reach output from plan text: ESC (terminal escapes) and the
/// bidi controls of Trojan Source (CVE-2021-42574).
fn smuggled(output: &[u8]) -> Option<char> {
    String::from_utf8_lossy(output)
        .chars()
        .find(|c| matches!(c, '\u{1b}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
}

/// The loader target: see the module docs.
///
/// # Panics
/// When the property fails (that is the point).
pub fn load(data: &[u8]) {
    if data.len() > MAX_INPUT {
        return;
    }
    let (main, included) = match data
        .windows(INCLUDED.len())
        .position(|w| w == INCLUDED.as_bytes())
    {
        Some(at) => (&data[..at], Some(&data[at + INCLUDED.len()..])),
        None => (data, None),
    };
    let Some((dir, path)) = plan_dir(main) else {
        return;
    };
    if let Some(included) = included
        && std::fs::write(dir.path().join("inc.toml"), included).is_err()
    {
        return;
    }
    let commands: [&[&str]; 17] = [
        &["check", "--no-git"],
        &["check", "--no-git", "--format", "json"],
        &["check", "--no-git", "--format", "github"],
        &["status"],
        &["status", "--format", "json"],
        &["status", "--format", "csv"],
        &["status", "--format", "markdown"],
        &["log"],
        &["bets"],
        &["review", "--format", "markdown"],
        &["review", "--format", "html"],
        &["review", "--format", "csv"],
        &["review", "--format", "json"],
        &["tree"],
        &["tree", "--format", "json"],
        &["tree", "--format", "mermaid"],
        &["tree", "--format", "dot"],
    ];
    for command in commands {
        let mut args = vec!["-f", path.as_str()];
        args.extend_from_slice(command);
        let ran = run(&args);
        assert!(ran.code <= 2, "{command:?}: exit {}", ran.code);
        if command.contains(&"json") && ran.code < 2 && !ran.stdout.is_empty() {
            let parsed: Result<serde_json::Value, _> = serde_json::from_slice(&ran.stdout);
            assert!(parsed.is_ok(), "{command:?}: output is not JSON");
        }
        for (stream, bytes) in [("stdout", &ran.stdout), ("stderr", &ran.stderr)] {
            if let Some(c) = smuggled(bytes) {
                panic!(
                    "{command:?}: {stream} carries U+{:04X} from the plan",
                    u32::from(c)
                );
            }
        }
    }
}

/// Whether a write harness may run on `plan` (see the module docs).
fn writable(plan: &[u8]) -> bool {
    !contains(plan, b"checkin_log") && !contains(plan, b"..")
}

/// The first line as arguments and the rest as the plan, or `None`.
fn split_arguments(data: &[u8]) -> Option<(Vec<String>, &[u8])> {
    if data.len() > MAX_INPUT {
        return None;
    }
    let newline = data.iter().position(|&b| b == b'\n')?;
    let line = std::str::from_utf8(&data[..newline]).ok()?;
    let arguments: Vec<String> = line.split(' ').map(str::to_string).collect();
    let plan = &data[newline + 1..];
    writable(plan).then_some((arguments, plan))
}

/// Flags a write harness passes on; anything else starting with `-` skips the input.
fn allowed(arguments: &[String], flags: &[&str]) -> bool {
    arguments
        .iter()
        .filter(|a| a.starts_with("--"))
        .all(|a| flags.contains(&a.split('=').next().unwrap_or_default()))
        && arguments.iter().all(|a| a != "-f" && a != "-o")
}

/// After a write command on `path` (whose bytes were `before`), exit `code`: the property.
fn after_write(path: &str, before: &[u8], code: u8, append_only: bool) {
    let after = std::fs::read(path).unwrap_or_default();
    if code != 0 {
        assert_eq!(after, before, "exit {code}, yet the plan changed");
        return;
    }
    if append_only {
        assert!(
            after.starts_with(before),
            "the old bytes are not a prefix of the new"
        );
    }
    let checked = run(&["-f", path, "check", "--format", "json"]);
    assert_eq!(
        checked.code,
        0,
        "the plan does not load after a successful write: {}",
        String::from_utf8_lossy(&checked.stdout)
    );
}

/// The check-in target: see the module docs.
///
/// # Panics
/// When the property fails.
pub fn checkin(data: &[u8]) {
    let Some((arguments, plan)) = split_arguments(data) else {
        return;
    };
    let flags = ["--date", "--confidence", "--note", "--by", "--dry-run"];
    if !allowed(&arguments, &flags) {
        return;
    }
    let Some((_dir, path)) = plan_dir(plan) else {
        return;
    };
    let mut args = vec!["-f", path.as_str(), "checkin"];
    args.extend(arguments.iter().map(String::as_str));
    let code = run(&args).code;
    assert!(code <= 2, "exit {code}");
    after_write(&path, plan, code, true);
}

/// The bet-edit target: see the module docs.
///
/// # Panics
/// When the property fails.
pub fn bet(data: &[u8]) {
    let Some((arguments, plan)) = split_arguments(data) else {
        return;
    };
    if !allowed(&arguments, &["--decide-by", "--date", "--outcome"]) {
        return;
    }
    let Some((_dir, path)) = plan_dir(plan) else {
        return;
    };
    let mut args = vec!["-f", path.as_str(), "bet"];
    args.extend(arguments.iter().map(String::as_str));
    let code = run(&args).code;
    assert!(code <= 2, "exit {code}");
    after_write(&path, plan, code, false);
}

/// The `set`/`add` target: see the module docs.
///
/// # Panics
/// When the property fails.
pub fn edit(data: &[u8]) {
    let Some((arguments, plan)) = edit_arguments(data) else {
        return;
    };
    let Some((_dir, path)) = plan_dir(plan) else {
        return;
    };
    let mut args = vec!["-f", path.as_str()];
    args.extend(arguments.iter().map(String::as_str));
    let code = run(&args).code;
    assert!(code <= 2, "exit {code}");
    after_write(&path, plan, code, false);
    if code != 0 || arguments.iter().any(|a| a == "--dry-run") {
        return;
    }
    let after = std::fs::read(&path).unwrap_or_default();
    let parse = |bytes: &[u8]| -> toml::Table {
        let text = std::str::from_utf8(bytes).expect("a plan that loaded is UTF-8");
        text.parse().expect("a plan that loaded is TOML")
    };
    let (before, after) = (parse(plan), parse(&after));
    match arguments.as_slice() {
        [set, id, field, ..] if set == "set" => {
            let mut changed = Vec::new();
            differences(&mut Vec::new(), &before, &after, &mut changed);
            for at in changed {
                assert!(
                    set_may_change(&before, &after, &at, id, field),
                    "`set {id} {field}` changed {at:?}"
                );
            }
        }
        [add, _kind, id, ..] if add == "add" => {
            if let Err(at) = only_added(&mut Vec::new(), &before, &after) {
                panic!("`add` changed or removed {at:?}");
            }
            assert!(
                holds_id(&toml::Value::Table(after), id),
                "`add` exited 0 without adding `{id}`"
            );
        }
        _ => {}
    }
}

/// Options that name another file to read or write: an edit input using one is skipped.
const ELSEWHERE: [&str; 6] = ["-f", "--file", "-o", "--output", "--in", "--at"];

/// The arguments (`set …` or `add …`) and the plan of an [`edit`] input, or `None` when it
/// is skipped.
fn edit_arguments(data: &[u8]) -> Option<(Vec<String>, &[u8])> {
    if data.len() > MAX_INPUT {
        return None;
    }
    let newline = data.iter().position(|&b| b == b'\n')?;
    let line = std::str::from_utf8(&data[..newline]).ok()?;
    let arguments: Vec<String> = match serde_json::from_str(line) {
        Ok(list) => list,
        Err(_) => line.split(' ').map(str::to_string).collect(),
    };
    let plan = &data[newline + 1..];
    let elsewhere = |a: &String| {
        ELSEWHERE.contains(&a.split('=').next().unwrap_or_default())
            || (a.starts_with('-') && a.chars().nth(1).is_some_and(char::is_alphabetic))
                && !a.starts_with("--")
    };
    // The command, then two positionals (`ID FIELD`, `KIND ID`) before any option, so the
    // property knows which entity was meant.
    let ok = matches!(arguments.first().map(String::as_str), Some("set" | "add"))
        && arguments.len() >= 3
        && !arguments[1..3].iter().any(|a| a.starts_with('-'))
        && !arguments.iter().any(elsewhere)
        && writable(plan)
        && !contains(plan, b"include");
    ok.then_some((arguments, plan))
}

/// The paths (keys and array indexes) at which `before` and `after` differ, descending into
/// tables, and into arrays of the same length; pushed onto `out`.
fn differences(
    at: &mut Vec<String>,
    before: &toml::Table,
    after: &toml::Table,
    out: &mut Vec<Vec<String>>,
) {
    let keys: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for key in keys {
        at.push(key.clone());
        value_differences(at, before.get(key), after.get(key), out);
        at.pop();
    }
}

fn value_differences(
    at: &mut Vec<String>,
    before: Option<&toml::Value>,
    after: Option<&toml::Value>,
    out: &mut Vec<Vec<String>>,
) {
    use toml::Value;
    match (before, after) {
        (Some(Value::Table(b)), Some(Value::Table(a))) => differences(at, b, a, out),
        (Some(Value::Array(b)), Some(Value::Array(a))) if b.len() == a.len() => {
            for (i, (b, a)) in b.iter().zip(a).enumerate() {
                at.push(i.to_string());
                value_differences(at, Some(b), Some(a), out);
                at.pop();
            }
        }
        (b, a) if b == a => {}
        _ => out.push(at.clone()),
    }
}

/// Whether `set ID FIELD` may have changed the value at `at`: the key FIELD of the table
/// whose `id` is ID (or of `[plan]` for `set plan`), or appended `[[change]]` records.
fn set_may_change(
    before: &toml::Table,
    after: &toml::Table,
    at: &[String],
    id: &str,
    field: &str,
) -> bool {
    if at.len() == 1 && at[0] == "change" {
        let records = |t: &toml::Table| match t.get("change") {
            Some(toml::Value::Array(a)) => Some(a.clone()),
            None => Some(Vec::new()),
            Some(_) => None,
        };
        return matches!(
            (records(before), records(after)),
            (Some(b), Some(a)) if a.starts_with(&b)
        );
    }
    let mut value = &toml::Value::Table(after.clone());
    for (depth, key) in at.iter().enumerate() {
        let table = value.as_table();
        let names_it = table.is_some_and(|t| {
            t.get("id").and_then(toml::Value::as_str) == Some(id)
                || (depth == 1 && id == "plan" && at[0] == "plan")
        });
        if names_it && key == field {
            return true;
        }
        value = match value {
            toml::Value::Table(t) => match t.get(key) {
                Some(v) => v,
                None => return false,
            },
            toml::Value::Array(a) => match key.parse::<usize>().ok().and_then(|i| a.get(i)) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    false
}

/// `Err(path)` when `after` lost or changed a value of `before` (tables may gain keys and
/// arrays entries at their end; everything `before` holds is still there).
fn only_added(
    at: &mut Vec<String>,
    before: &toml::Table,
    after: &toml::Table,
) -> Result<(), Vec<String>> {
    for (key, old) in before {
        at.push(key.clone());
        value_only_added(at, old, after.get(key))?;
        at.pop();
    }
    Ok(())
}

fn value_only_added(
    at: &mut Vec<String>,
    before: &toml::Value,
    after: Option<&toml::Value>,
) -> Result<(), Vec<String>> {
    use toml::Value;
    match (before, after) {
        (Value::Table(b), Some(Value::Table(a))) => only_added(at, b, a),
        (Value::Array(b), Some(Value::Array(a))) if b.len() <= a.len() => {
            for (i, (b, a)) in b.iter().zip(a).enumerate() {
                at.push(i.to_string());
                value_only_added(at, b, Some(a))?;
                at.pop();
            }
            Ok(())
        }
        (b, Some(a)) if b == a => Ok(()),
        _ => Err(at.clone()),
    }
}

/// Whether some table in `value` has `id = ID` (or `ID` is a `[[team]]`'s or other entity's
/// id anywhere in the document).
fn holds_id(value: &toml::Value, id: &str) -> bool {
    match value {
        toml::Value::Table(t) => {
            t.get("id").and_then(toml::Value::as_str) == Some(id)
                || t.values().any(|v| holds_id(v, id))
        }
        toml::Value::Array(a) => a.iter().any(|v| holds_id(v, id)),
        _ => false,
    }
}

/// The source-reader target: see the module docs.
///
/// # Panics
/// When the property fails.
pub fn measure(data: &[u8]) {
    let Some((&reader, answer)) = data.split_first() else {
        return;
    };
    if answer.len() > MAX_INPUT {
        return;
    }
    let outcome = match reader % 6 {
        0 => crate::sources::measure::csv_value(answer, "data.csv", "value", today()),
        1 => crate::sources::measure::json_value(answer, "`data.json`", "/data/0/value"),
        2 => crate::sources::measure::body_value(
            answer,
            "the response of `https://metrics.test/`",
            None,
        ),
        3 => crate::sources::measure::prometheus_answer(
            answer,
            "http://prom.test/api/v1/query",
            "sum(up)",
        ),
        reader => {
            let Ok(dir) = tempfile::tempdir() else {
                return;
            };
            if std::fs::write(dir.path().join("rows.csv"), answer).is_err() {
                return;
            }
            if reader == 4 {
                crate::sources::dora::read::read_incidents(dir.path(), "rows.csv")
                    .map(|rows| rows.len() as f64)
            } else {
                crate::sources::dora::read::read_failed(dir.path(), "rows.csv")
                    .map(|rows| rows.len() as f64)
            }
        }
    };
    match outcome {
        Ok(value) => assert!(value.is_finite(), "reader {reader}: {value}"),
        Err(message) => {
            let csv = matches!(reader % 6, 0 | 4 | 5);
            if let Some(run) = quoted_run(answer, &message, csv) {
                panic!("reader {reader}: the error quotes `{run}` from the answer: {message}");
            }
        }
    }
}

/// A run of 16 or more ASCII letters and digits of `answer` that `message` contains, if
/// any; when `csv`, runs inside a column name of the header row (read as the readers read
/// it) are allowed, since an error may list the columns a file has.
fn quoted_run(answer: &[u8], message: &str, csv: bool) -> Option<String> {
    let header: Vec<String> = if csv {
        csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .flexible(true)
            .from_reader(answer)
            .headers()
            .map(|h| h.iter().map(str::to_string).collect())
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    String::from_utf8_lossy(answer)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|run| run.len() >= 16)
        .filter(|run| !header.iter().any(|name| name.contains(run)))
        .find(|run| message.contains(run))
        .map(str::to_string)
}

/// The date and period-label target: see the module docs.
///
/// # Panics
/// When the property fails.
pub fn dates(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // A command-line date resolves, on the first and last days there are, inside the years
    // 1–9999 or to an error: never a panic.
    if let Ok(arg) = crate::time::dates::parse_date_arg(text) {
        for today in [crate::time::dates::FIRST_DAY, crate::time::dates::LAST_DAY] {
            if let Ok(day) = arg.resolve(today) {
                assert!((1..=9999).contains(&day.year()), "`{text}` on {today}");
                assert!(day <= today || matches!(arg, crate::time::dates::DateArg::Day(_)));
            }
        }
    }
    if let Ok(quarter) = text.parse::<Quarter>() {
        let again: Quarter = quarter
            .to_string()
            .parse()
            .unwrap_or_else(|e| panic!("`{quarter}` does not parse back: {e:?}"));
        assert_eq!(again, quarter);
        assert!(quarter.first_day() <= quarter.last_day());
        assert!(
            (1..=9999).contains(&quarter.first_day().year()),
            "{quarter}"
        );
    }
    // Every period label prints canonically and parses back to itself, and resolves on
    // every calendar (both namings, a fiscal start early and late in the year) to a window
    // inside the years 1–9999, or to an error: never a panic.
    if let Some(label) = Label::parse(text) {
        let printed = label.to_string();
        assert_eq!(
            Label::parse(&printed).as_ref(),
            Some(&label),
            "`{text}` printed `{printed}`"
        );
        for (start, named_by) in [
            ("01-01", FiscalNaming::End),
            ("02-01", FiscalNaming::End),
            ("07-01", FiscalNaming::Start),
            ("12-28", FiscalNaming::End),
            ("12-28", FiscalNaming::Start),
        ] {
            let calendar = Calendar {
                fiscal_start: FiscalStart::parse(start).ok(),
                named_by,
                ..Calendar::default()
            };
            if let Ok(period) = calendar.resolve(&label) {
                let w = period.window;
                assert!(w.first_day <= w.last_day, "{printed}: {w}");
                assert!((1..=9999).contains(&w.first_day.year()), "{printed}: {w}");
                assert!((1..=9999).contains(&w.last_day.year()), "{printed}: {w}");
                // The default period of any day contains that day.
                for day in [w.first_day, w.last_day] {
                    let around = calendar.containing(day).window;
                    assert!(around.contains(day), "{day} outside its period {around}");
                }
            }
        }
    }
    let _ = Label::suggest(text);
    // `-f` names a plan so resolving needs no file system; the plan is never read.
    let words = ["-f", "northstar.toml", "--as-of", text, "status"];
    if let Ok(resolved) = options::from_args(words, &Env::fixed(today())) {
        let as_of = resolved.as_of();
        assert!(
            (1..=9999).contains(&as_of.year()),
            "--as-of {text:?} gave {as_of}"
        );
        let printed = as_of.to_string();
        assert_eq!(printed.parse::<NaiveDate>().ok(), Some(as_of), "{printed}");
    }
}

/// Replays one saved input of `target` (`load`, `checkin`, `bet`, `edit`, `measure` or
/// `dates`).
///
/// # Panics
/// When the input still fails its target's property, or `target` is unknown.
pub fn replay(target: &str, data: &[u8]) {
    match target {
        "load" => load(data),
        "checkin" => checkin(data),
        "bet" => bet(data),
        "edit" => edit(data),
        "measure" => measure(data),
        "dates" => dates(data),
        other => panic!("no fuzz target `{other}`"),
    }
}

/// Whether `path` is inside a saved-inputs folder of a known target.
#[must_use]
pub fn target_of(path: &Path) -> Option<&str> {
    let target = path.parent()?.file_name()?.to_str()?;
    ["load", "checkin", "bet", "edit", "measure", "dates"]
        .contains(&target)
        .then_some(target)
}
