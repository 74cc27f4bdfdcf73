//! Reading a measure's value from its `source` as of a measurement date D: a file (CSV
//! column or JSON pointer), an HTTP GET, a Prometheus instant query, a trusted command, or
//! one of DORA's four keys from a git repository ([`crate::sources::dora`]). Nothing here writes or
//! prints; `northstar measure` turns each value into a check-in through
//! [`crate::write::checkin::prepare_checkin`], like `northstar checkin`.
//!
//! The rules (docs/guide.md, "Measuring from sources"):
//! - CSV (`column`): the first row is the header. When it has a `date` column, the value
//!   is the row whose `date` is D (`YYYY-MM-DD`, the last such row), and it is an error
//!   when there is none; otherwise the last row.
//! - JSON (`pointer`): the value at the JSON pointer (RFC 6901); a number, or a string
//!   holding one (surrounding spaces ignored). Without a pointer, an HTTP body or a
//!   command's stdout must be a number (or a JSON number or numeric string).
//! - `http`: a GET of the plan's URL only (redirects are not followed), with
//!   `Authorization: Bearer $VAR` when `auth_env = "VAR"`; responses over 1 MiB once
//!   decoded ([`crate::sources::bounded`]) and statuses other than 2xx are errors; `timeout_s`
//!   (default 10) bounds the whole request. Only today can be measured (the URL answers
//!   now).
//! - `prometheus`: `GET {url}/api/v1/query?query=…&time=…`, the time being D 23:59:59Z
//!   when D is before today, else now; the result must be one series or a scalar.
//! - `command`: the program run without a shell, stdin empty, in the directory of the plan
//!   file defining it, in a process group of its own that is killed whole once it is done,
//!   after `timeout_s` (until its stdout closes), or once it prints more than 1 MiB; stdout
//!   is the value. It runs only when trusted (see `northstar measure`). Only today can be
//!   measured.
//! - `file` and the dora CSVs: regular files only (not a named pipe or device), at most
//!   1 MiB ([`crate::sources::bounded`]: exactly the limit is accepted, one byte more refused).
//! - `dora`: [`crate::sources::dora::measure`], converted to the measure's declared unit
//!   ([`crate::sources::dora::Key::scale`]) and rounded to 4 decimal places (a computed ratio such as
//!   3 deploys ÷ 7 days is written 0.4286, not 0.42857142857142855).
//! - The value must be a finite number. When it is not, the error says what kind of value
//!   came back (`a string of 40 characters`, `an object with 2 keys`), never what it says:
//!   a source may answer with a secret.

use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::plan::Plan;
use crate::plan::model::{Measured, Source, SourceKind, SourceRead};

/// What reading a source needs besides the source.
pub struct Context<'a> {
    /// The directory of the plan file defining the source (relative paths start there).
    pub base: &'a Path,
    /// The measurement date D.
    pub date: NaiveDate,
    /// Today (network and command sources answer for now only).
    pub today: NaiveDate,
    /// The measure's declared unit (a dora value is converted to it).
    pub unit: Option<&'a str>,
    /// Looks up an environment variable (`auth_env`); the value never leaves the request.
    pub env: &'a dyn Fn(&str) -> Option<String>,
}

/// A value read from a source.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The value, in the measure's unit.
    pub value: f64,
    /// The revision read, for a dora source: its repository's HEAD, abbreviated.
    pub revision: Option<String>,
}

impl Reading {
    fn plain(value: f64) -> Self {
        Self {
            value,
            revision: None,
        }
    }
}

/// The value of `source` as of `cx.date`.
///
/// Errors: a complete sentence saying what failed (file missing, server unreachable,
/// timeout, status, pointer not found, value not a number, repository missing, …), never
/// containing a token.
pub fn read(source: &Source, cx: &Context<'_>) -> Result<Reading, String> {
    match &source.kind {
        SourceKind::File { path, read } => {
            let bytes = crate::sources::bounded::read_file(&cx.base.join(path))
                .map_err(|e| e.describe(path))?;
            match read {
                SourceRead::Column(column) => csv_value(&bytes, path, column, cx.date),
                SourceRead::Pointer(pointer) => json_value(&bytes, &format!("`{path}`"), pointer),
            }
            .map(Reading::plain)
        }
        SourceKind::Http {
            url,
            pointer,
            auth_env,
            timeout_s,
        } => {
            today_only(cx, "an http source")?;
            let token = match auth_env {
                None => None,
                Some(var) => Some((cx.env)(var).filter(|t| !t.is_empty()).ok_or_else(|| {
                    format!("the environment variable `{var}` (`auth_env`) is not set")
                })?),
            };
            let body = http_get(url, &[], token.as_deref(), *timeout_s)?;
            body_value(
                &body,
                &format!("the response of `{url}`"),
                pointer.as_deref(),
            )
            .map(Reading::plain)
        }
        SourceKind::Prometheus {
            url,
            query,
            timeout_s,
        } => prometheus(url, query, *timeout_s, cx).map(Reading::plain),
        SourceKind::Command {
            argv,
            pointer,
            timeout_s,
        } => {
            today_only(cx, "a command source")?;
            let stdout = run_command(argv, cx.base, *timeout_s)?;
            let shown = format!("the output of `{}`", argv[0]);
            body_value(&stdout, &shown, pointer.as_deref()).map(Reading::plain)
        }
        SourceKind::Dora(definition) => {
            let reading = crate::sources::dora::measure(definition, cx.base, cx.date)?;
            // Validation refused units the key is not written in (`source-unit-mismatch`).
            let scale = definition.key.scale(cx.unit).unwrap_or(1.0);
            Ok(Reading {
                value: (reading.value * scale * 1e4).round() / 1e4,
                revision: reading.head,
            })
        }
    }
}

/// Refuses a measurement date other than today for sources that only answer for now.
fn today_only(cx: &Context<'_>, what: &str) -> Result<(), String> {
    if cx.date == cx.today {
        Ok(())
    } else {
        Err(format!(
            "{what} answers for today only; it cannot be measured as of {} (today is {})",
            cx.date, cx.today
        ))
    }
}

/// `GET url?query`, with a bearer token when given: the body of a 2xx response, decoded
/// (gzip), at most [`crate::sources::bounded::LIMIT`] bytes after decoding.
fn http_get(
    url: &str,
    query: &[(&str, &str)],
    token: Option<&str>,
    timeout_s: u64,
) -> Result<Vec<u8>, String> {
    let agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(timeout_s)))
        .http_status_as_error(false)
        .max_redirects(0)
        .max_redirects_will_error(false)
        .build()
        .new_agent();
    let mut request = agent.get(url);
    for (key, value) in query {
        request = request.query(*key, *value);
    }
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    let mut response = request.call().map_err(|e| match e {
        ureq::Error::Timeout(_) => format!("`{url}` did not answer within {timeout_s} s"),
        ureq::Error::Io(io) => format!("cannot reach `{url}`: {io}"),
        ureq::Error::HostNotFound => format!("cannot reach `{url}`: host not found"),
        other => format!("cannot reach `{url}`: {other}"),
    })?;
    let status = response.status();
    if status.is_redirection() {
        let to = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .and_then(|l| l.parse::<ureq::http::Uri>().ok())
            // Where it points, as scheme, host and port only: the rest of the answer, user
            // information included, is not repeated (it may carry a secret).
            .and_then(|l| {
                let port = l.port_u16().map(|p| format!(":{p}")).unwrap_or_default();
                Some(format!("{}://{}{port}/…", l.scheme_str()?, l.host()?))
            })
            .map_or_else(|| "another address".to_string(), |to| format!("`{to}`"));
        return Err(format!(
            "`{url}` redirects ({status}) to {to}; northstar fetches only the URL in the plan, so write the final one there"
        ));
    }
    if !status.is_success() {
        return Err(format!("`{url}` answered {status}"));
    }
    // The limit counts decoded bytes: a small gzip body can decode to gigabytes.
    crate::sources::bounded::read(response.body_mut().as_reader()).map_err(|e| match e {
        crate::sources::bounded::ReadError::TooLarge => format!(
            "the response of `{url}` is larger than {}; point the source at a smaller answer",
            crate::sources::bounded::LIMIT_SHOWN
        ),
        crate::sources::bounded::ReadError::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => {
            format!("`{url}` did not answer within {timeout_s} s")
        }
        crate::sources::bounded::ReadError::Io(e) => {
            format!("cannot read the response of `{url}`: {e}")
        }
    })
}

/// A Prometheus instant query at D 23:59:59Z (D before today) or now: the one value.
fn prometheus(url: &str, query: &str, timeout_s: u64, cx: &Context<'_>) -> Result<f64, String> {
    let endpoint = format!("{}/api/v1/query", url.trim_end_matches('/'));
    let time = (cx.date < cx.today).then(|| format!("{}T23:59:59Z", cx.date));
    let mut params = vec![("query", query)];
    if let Some(time) = &time {
        params.push(("time", time.as_str()));
    }
    let body = http_get(&endpoint, &params, None, timeout_s)?;
    prometheus_answer(&body, &endpoint, query)
}

/// The one value of a Prometheus instant-query answer (`body`, the JSON of
/// `{endpoint}` for `query`): a scalar, or a vector of exactly one series.
///
/// Errors: not JSON, a refusal (named by Prometheus's error type only), no series, several
/// series, a matrix or string, or a sample that is not a finite number; never quoting the
/// answer's own text.
pub(crate) fn prometheus_answer(body: &[u8], endpoint: &str, query: &str) -> Result<f64, String> {
    let doc: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| format!("`{endpoint}` did not answer JSON: {e}"))?;
    if doc.pointer("/status").and_then(serde_json::Value::as_str) != Some("success") {
        // Only Prometheus's own error type names are repeated, never the free text of the
        // answer: the URL may lead to a server that is not Prometheus.
        let kind = match doc
            .pointer("/errorType")
            .and_then(serde_json::Value::as_str)
        {
            Some(
                kind @ ("bad_data" | "execution" | "timeout" | "canceled" | "internal"
                | "unavailable" | "not_found" | "not_acceptable"),
            ) => format!("error type `{kind}`"),
            _ => "an error of no known type".to_string(),
        };
        return Err(format!(
            "Prometheus refused the query `{query}` ({kind}); run it in Prometheus to see why"
        ));
    }
    let data = doc.pointer("/data").cloned().unwrap_or_default();
    let sample = match data
        .pointer("/resultType")
        .and_then(serde_json::Value::as_str)
    {
        Some("scalar") => data.pointer("/result/1").cloned(),
        Some("vector") => {
            let series = data
                .pointer("/result")
                .and_then(serde_json::Value::as_array)
                .map_or(0, Vec::len);
            match series {
                1 => data.pointer("/result/0/value/1").cloned(),
                0 => return Err(format!("the query `{query}` returned no series")),
                n => {
                    return Err(format!(
                        "the query `{query}` returned {n} series; aggregate it to one, e.g. `sum({query})`"
                    ));
                }
            }
        }
        other => {
            // Only Prometheus's own type names are repeated, never other text of the answer.
            let kind = match other {
                Some("matrix") => "a matrix",
                Some("string") => "a string",
                _ => "a result of no known type",
            };
            return Err(format!(
                "the query `{query}` returned {kind}; write an instant query returning one series or a scalar"
            ));
        }
    };
    sample
        .as_ref()
        .and_then(serde_json::Value::as_str)
        .and_then(number)
        .ok_or_else(|| format!("the query `{query}` returned a value that is not a finite number"))
}

/// What a command's stdout reader thread sends back.
type Output = Result<Vec<u8>, crate::sources::bounded::ReadError>;

/// Runs `argv` (no shell) in `dir`, in a process group of its own: its stdout, at most
/// [`crate::sources::bounded::LIMIT`] bytes. The whole group (the program and anything it started)
/// is killed when the program has finished, when it prints more than the limit, and at
/// `timeout_s` (counted until its stdout closes too: a child left holding the pipe cannot
/// keep `measure` waiting).
fn run_command(argv: &[String], dir: &Path, timeout_s: u64) -> Result<Vec<u8>, String> {
    use crate::sources::bounded::{LIMIT_SHOWN, ReadError};
    let program = &argv[0];
    let mut command = Command::new(program);
    command
        .args(&argv[1..])
        .current_dir(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command.spawn().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("program `{program}` not found"),
        _ => format!("cannot run `{program}`: {e}"),
    })?;
    // Read both pipes on their own threads, so a chatty program cannot fill a pipe and
    // block while we wait; each sends what it read when its pipe closes or is full.
    let (out_tx, out_rx) = mpsc::channel::<Output>();
    if let Some(out) = child.stdout.take() {
        std::thread::spawn(move || out_tx.send(crate::sources::bounded::read(out)));
    }
    let (err_tx, err_rx) = mpsc::channel::<Vec<u8>>();
    if let Some(err) = child.stderr.take() {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = err.take(64 * 1024).read_to_end(&mut buf);
            err_tx.send(buf)
        });
    }
    // Done when stdout has closed (or grown too large) and the program has exited, the
    // two waited for in turn, both against one deadline: nothing polls.
    let deadline = Instant::now() + Duration::from_secs(timeout_s);
    let timed_out = || format!("`{program}` did not finish within {timeout_s} s and was stopped");
    let mut stdout = None;
    let outcome = match out_rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        Ok(Err(ReadError::TooLarge)) => Err(format!(
            "`{program}` printed more than {LIMIT_SHOWN} and was stopped; make it print only the value"
        )),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(timed_out()),
        read => {
            stdout = Some(read.unwrap_or_else(|_| Ok(Vec::new())));
            let left = deadline.saturating_duration_since(Instant::now());
            match wait_timeout::ChildExt::wait_timeout(&mut child, left) {
                Ok(Some(status)) => Ok(status),
                Ok(None) => Err(timed_out()),
                Err(e) => Err(format!("cannot wait for `{program}`: {e}")),
            }
        }
    };
    kill_group(&mut child);
    let status = outcome?;
    let out = match stdout {
        Some(Ok(out)) => out,
        Some(Err(ReadError::Io(e))) => {
            return Err(format!("cannot read the output of `{program}`: {e}"));
        }
        Some(Err(ReadError::TooLarge)) | None => Vec::new(),
    };
    if !status.success() {
        let err = err_rx
            .recv_timeout(Duration::from_millis(500))
            .unwrap_or_default();
        let said = String::from_utf8_lossy(&err);
        let said = said.trim().lines().last().unwrap_or("").to_string();
        let code = status
            .code()
            .map_or_else(|| "a signal".to_string(), |c| format!("exit code {c}"));
        return Err(if said.is_empty() {
            format!("`{program}` failed with {code}")
        } else {
            format!("`{program}` failed with {code}: {said}")
        });
    }
    Ok(out)
}

/// Kills `child`'s whole process group (it leads one of its own) and reaps `child`.
fn kill_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        // The group outlives its leader while a member lives; an empty group is gone
        // already (ESRCH), which is fine.
        let _ = rustix::process::kill_process_group(
            rustix::process::Pid::from_child(child),
            rustix::process::Signal::KILL,
        );
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A body (HTTP response or stdout) as a value: at `pointer` when given, otherwise the
/// whole body as a number (a JSON number or numeric string counts).
pub(crate) fn body_value(bytes: &[u8], shown: &str, pointer: Option<&str>) -> Result<f64, String> {
    if let Some(pointer) = pointer {
        return json_value(bytes, shown, pointer);
    }
    let text = String::from_utf8_lossy(bytes);
    if let Some(v) = number(&text) {
        return Ok(v);
    }
    if let Ok(serde_json::Value::String(s)) = serde_json::from_str::<serde_json::Value>(&text)
        && let Some(v) = number(&s)
    {
        return Ok(v);
    }
    let kind = match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(value) => kind_of(&value),
        Err(_) => kind_of_text(&text),
    };
    Err(format!(
        "{shown} is not a number: it is {kind} (set `pointer` to read a JSON document)"
    ))
}

/// Every measure of `plan` with a source, in plan order: the North Star, the metrics, then
/// the key results.
#[must_use]
pub fn sources(plan: &Plan) -> Vec<(Measured, &Source)> {
    let north_star = plan
        .north_star
        .iter()
        .filter_map(|n| n.source.as_ref().map(|s| (Measured::NorthStar, s)));
    let metrics = plan
        .metrics
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.source.as_ref().map(|s| (Measured::Metric(i), s)));
    let key_results = plan.objectives.iter().enumerate().flat_map(|(oi, o)| {
        o.key_results.iter().enumerate().filter_map(move |(ki, k)| {
            k.source.as_deref().map(|s| {
                (
                    Measured::KeyResult(crate::plan::model::KrRef {
                        objective: oi,
                        key_result: ki,
                    }),
                    s,
                )
            })
        })
    });
    north_star.chain(metrics).chain(key_results).collect()
}

/// The value of `column` in CSV `bytes` (see the module docs for which row).
pub(crate) fn csv_value(
    bytes: &[u8],
    shown: &str,
    column: &str,
    date: NaiveDate,
) -> Result<f64, String> {
    let invalid = |e: csv::Error| format!("`{shown}` is not valid CSV: {e}");
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(bytes);
    let headers = reader.headers().map_err(invalid)?.clone();
    let Some(index) = headers.iter().position(|h| h == column) else {
        let names: Vec<&str> = headers.iter().collect();
        return Err(format!(
            "`{shown}` has no column `{column}` (its columns: {})",
            names.join(", ")
        ));
    };
    let date_index = headers.iter().position(|h| h == "date");
    let wanted = date.to_string();
    let mut chosen = None;
    for record in reader.records() {
        let record = record.map_err(invalid)?;
        if date_index.is_none_or(|d| record.get(d) == Some(wanted.as_str())) {
            chosen = Some(record);
        }
    }
    let Some(record) = chosen else {
        return Err(match date_index {
            Some(_) => format!("`{shown}` has no row dated {date} in its `date` column"),
            None => format!("`{shown}` has no rows"),
        });
    };
    let text = record.get(index).unwrap_or("");
    number(text).ok_or_else(|| {
        format!(
            "the value in column `{column}` of `{shown}` is not a number: it is {}",
            kind_of_text(text)
        )
    })
}

/// The value at `pointer` in JSON `bytes`; `shown` names them in messages, quoted as it
/// should appear ("`stats.json`", "the output of `gh`").
pub(crate) fn json_value(bytes: &[u8], shown: &str, pointer: &str) -> Result<f64, String> {
    let doc: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| format!("{shown} is not valid JSON: {e}"))?;
    let value = doc
        .pointer(pointer)
        .ok_or_else(|| format!("{shown} has nothing at pointer `{pointer}`"))?;
    let found = match value {
        serde_json::Value::Number(n) => n.as_f64().filter(|v| v.is_finite()),
        serde_json::Value::String(s) => number(s),
        _ => None,
    };
    found.ok_or_else(|| {
        format!(
            "the value at `{pointer}` in {shown} is not a number: it is {}",
            kind_of(value)
        )
    })
}

/// What kind of JSON value came back, never what it says: `null`, `a boolean`, `a number
/// out of range`, `a string of 40 characters`, `an array of 3 items`, `an object with 2
/// keys`. What a source answers may be a secret (an internal metadata endpoint answers
/// with credentials), so messages describe it instead of quoting it.
fn kind_of(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "null".into(),
        serde_json::Value::Bool(_) => "a boolean".into(),
        serde_json::Value::Number(_) => "a number out of range".into(),
        serde_json::Value::String(s) => {
            format!("a string of {}", count(s.chars().count(), "character"))
        }
        serde_json::Value::Array(items) => format!("an array of {}", count(items.len(), "item")),
        serde_json::Value::Object(keys) => format!("an object with {}", count(keys.len(), "key")),
    }
}

/// What kind of text came back (spaces around it ignored), never what it says: `empty`,
/// or `text of 4 characters`.
fn kind_of_text(text: &str) -> String {
    match text.trim().chars().count() {
        0 => "empty".into(),
        n => format!("text of {}", count(n, "character")),
    }
}

/// `1 item`, `3 items`.
fn count(n: usize, singular: &str) -> String {
    crate::text::plural(n, singular)
}

/// `text` (spaces around it ignored) as a finite number.
fn number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn csv_rows_by_date_or_last() {
        let dated = b"date,value\n2026-11-13,40\n2026-11-20, 42.5 \n2026-11-27,44\n";
        assert_eq!(
            csv_value(dated, "v.csv", "value", d("2026-11-20")),
            Ok(42.5)
        );
        assert_eq!(
            csv_value(dated, "v.csv", "value", d("2026-11-21")),
            Err("`v.csv` has no row dated 2026-11-21 in its `date` column".into())
        );
        let undated = b"week,value\n46,40\n47,41\n";
        assert_eq!(
            csv_value(undated, "v.csv", "value", d("2026-11-21")),
            Ok(41.0)
        );
        assert_eq!(
            csv_value(b"week,value\n", "v.csv", "value", d("2026-11-21")),
            Err("`v.csv` has no rows".into())
        );
        assert_eq!(
            csv_value(undated, "v.csv", "points", d("2026-11-21")),
            Err("`v.csv` has no column `points` (its columns: week, value)".into())
        );
        assert_eq!(
            csv_value(b"value\nn/a\n", "v.csv", "value", d("2026-11-21")),
            Err("the value in column `value` of `v.csv` is not a number: it is text of 3 characters".into())
        );
        assert_eq!(
            csv_value(b"a,value\n1\n", "v.csv", "value", d("2026-11-21")),
            Err("the value in column `value` of `v.csv` is not a number: it is empty".into())
        );
    }

    #[test]
    fn json_numbers_and_numeric_strings() {
        let doc = br#"{"data":[{"value":12.5,"s":" 7 ","b":true,"inf":"inf"}]}"#;
        assert_eq!(json_value(doc, "`s.json`", "/data/0/value"), Ok(12.5));
        assert_eq!(json_value(doc, "`s.json`", "/data/0/s"), Ok(7.0));
        assert_eq!(
            json_value(doc, "`s.json`", "/data/1/value"),
            Err("`s.json` has nothing at pointer `/data/1/value`".into())
        );
        assert_eq!(
            json_value(doc, "`s.json`", "/data/0/b"),
            Err("the value at `/data/0/b` in `s.json` is not a number: it is a boolean".into())
        );
        assert_eq!(
            json_value(doc, "`s.json`", "/data/0/inf"),
            Err("the value at `/data/0/inf` in `s.json` is not a number: it is a string of 3 characters".into())
        );
        assert_eq!(
            json_value(br#"{"a":[1,2,3],"o":{"k":"AKIA"}}"#, "`s.json`", "/a"),
            Err("the value at `/a` in `s.json` is not a number: it is an array of 3 items".into())
        );
        assert_eq!(
            json_value(br#"{"a":[1,2,3],"o":{"k":"AKIA"}}"#, "`s.json`", ""),
            Err("the value at `` in `s.json` is not a number: it is an object with 2 keys".into())
        );
        assert!(
            json_value(b"{", "`s.json`", "/a")
                .unwrap_err()
                .starts_with("`s.json` is not valid JSON: ")
        );
    }

    /// A program is done when it has exited and its stdout has closed; one that closes
    /// stdout and keeps running is stopped at the timeout, as is one that exits while a
    /// child it left holds stdout open.
    #[cfg(unix)]
    #[test]
    fn a_command_is_waited_for_until_it_exits_and_its_output_closes() {
        let argv = |script: &str| ["sh", "-c", script].map(String::from);
        let dir = Path::new("");
        assert_eq!(run_command(&argv("echo 5"), dir, 5), Ok(b"5\n".to_vec()));
        let started = Instant::now();
        assert_eq!(
            run_command(&argv("echo 5; exec >&-; sleep 30"), dir, 1),
            Err("`sh` did not finish within 1 s and was stopped".into())
        );
        assert_eq!(
            run_command(&argv("sleep 30 & echo 5"), dir, 1),
            Err("`sh` did not finish within 1 s and was stopped".into())
        );
        assert!(started.elapsed() < Duration::from_secs(10));
        assert_eq!(
            run_command(&argv("echo oops >&2; exit 3"), dir, 5),
            Err("`sh` failed with exit code 3: oops".into())
        );
    }
}
