//! `northstar measure` against network and command sources: `http` and `prometheus` against
//! HTTP servers the tests start on 127.0.0.1 (a real Prometheus from Debian's `prometheus`
//! package when it is installed, as CI does), and `command` refused without trust and run
//! with it. Each failure: its exact message, exit code 1, nothing written for it while the
//! other sources land, and never a token in the output or the log.

use crate::common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::std_bin;

/// What the test server answers: status, body, extra headers.
type Answer = (u16, Vec<u8>, Vec<(&'static str, String)>);

/// One request the server saw: its URL (path and query) and its `Authorization` header.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    url: String,
    authorization: Option<String>,
}

/// An HTTP server on 127.0.0.1 (`tiny_http`) answering every request with `answer`.
struct Server {
    http: Arc<tiny_http::Server>,
    seen: Arc<Mutex<Vec<Seen>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(answer: impl Fn(&str) -> Answer + Send + 'static) -> Self {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (s, log) = (Arc::clone(&server), Arc::clone(&seen));
        let thread = std::thread::spawn(move || {
            for request in s.incoming_requests() {
                let url = request.url().to_string();
                let authorization = request
                    .headers()
                    .iter()
                    .find(|h| h.field.equiv("Authorization"))
                    .map(|h| h.value.to_string());
                log.lock().unwrap().push(Seen {
                    url: url.clone(),
                    authorization,
                });
                let (status, body, headers) = answer(&url);
                let mut response = tiny_http::Response::from_data(body).with_status_code(status);
                for (name, value) in headers {
                    response.add_header(
                        tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap(),
                    );
                }
                let _ = request.respond(response);
            }
        });
        Self {
            http: server,
            seen,
            thread: Some(thread),
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.http.server_addr().to_ip().unwrap())
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.http.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn ok(body: &str) -> Answer {
    (200, body.as_bytes().to_vec(), Vec::new())
}

/// A planning directory whose plan has one metric `m` per `(id, source body)`.
fn planning(sources: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let mut plan = String::from(
        "[plan]\nname = \"Sourced\"\ncheckin_log = \"checkins.toml\"\n\n\
         [[pillar]]\nid = \"speed\"\nname = \"Speed\"\n\n[[pillar]]\nid = \"care\"\nname = \"Care\"\n",
    );
    for (id, body) in sources {
        writeln!(
            plan,
            "\n[[metric]]\nid = \"{id}\"\nname = \"{id}\"\nkeep_above = 1\n[metric.source]\n{body}"
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("northstar.toml"), plan).unwrap();
    std::fs::write(dir.path().join("checkins.toml"), "# log\n").unwrap();
    let main = dir.path().join("northstar.toml");
    (dir, main)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// How long any one `measure` may run before the test calls it hung and kills it: a hang
/// guard, not a timing assertion.
const HANG_GUARD: Duration = Duration::from_secs(60);

fn measure_with(plan: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = std_bin();
    cmd.arg("-f").arg(plan).arg("measure").args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let id = child.id();
    let (done, finished) = std::sync::mpsc::channel();
    let waiter = std::thread::spawn(move || {
        let out = child.wait_with_output().unwrap();
        let _ = done.send(());
        out
    });
    if finished.recv_timeout(HANG_GUARD).is_err() {
        let _ = std::process::Command::new("kill")
            .args(["-9", &id.to_string()])
            .status();
        panic!("`northstar measure` hung for {HANG_GUARD:?} and was killed");
    }
    let out = waiter.join().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn measure(plan: &Path, args: &[&str]) -> Run {
    measure_with(plan, args, &[])
}

fn log(plan: &Path) -> String {
    std::fs::read_to_string(plan.with_file_name("checkins.toml")).unwrap()
}

fn checkin(id: &str, value: &str, source: &str) -> String {
    format!(
        "[[checkin]]\nmetric = \"{id}\"\ndate = 2026-11-20\nvalue = {value}\nsource = \"{source}\"\n"
    )
}

#[test]
fn http_reads_a_pointer_and_measures_once_a_day() {
    let server = Server::start(|_| ok(r#"{"data": {"value": 12.5, "text": " 7 "}}"#));
    let url = format!("{}/api/stats", server.url());
    let (_dir, plan) = planning(&[
        (
            "latency",
            &format!("kind = \"http\"\nurl = \"{url}\"\npointer = \"/data/value\""),
        ),
        (
            "text",
            &format!("kind = \"http\"\nurl = \"{url}\"\npointer = \"/data/text\""),
        ),
    ]);
    let r = measure(&plan, &[]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_eq!(
        log(&plan),
        format!(
            "# log\n\n{}\n{}",
            checkin(
                "latency",
                "12.5",
                &format!("http:{url} pointer /data/value")
            ),
            checkin("text", "7", &format!("http:{url} pointer /data/text"))
        )
    );
    assert_eq!(
        server.seen(),
        vec![
            Seen {
                url: "/api/stats".into(),
                authorization: None
            },
            Seen {
                url: "/api/stats".into(),
                authorization: None
            },
        ]
    );
    // Measured again the same day: skipped, no request made.
    let again = measure(&plan, &[]);
    assert_eq!(again.code, 0);
    assert_eq!(
        again.stderr,
        format!(
            "note: skipped `latency`: already measured on 2026-11-20 from http:{url} pointer /data/value\n\
             note: skipped `text`: already measured on 2026-11-20 from http:{url} pointer /data/text\n"
        )
    );
    assert_eq!(server.seen().len(), 2);
}

#[test]
fn each_http_failure_is_reported_alone_and_the_others_land() {
    let big = vec![b'1'; (1 << 20) + 1];
    let server = Server::start(move |url| match url {
        "/number" => ok(" 42\n"),
        "/missing" => (404, b"no".to_vec(), Vec::new()),
        "/words" => ok("fast"),
        "/json" => ok(r#"{"a": 1}"#),
        "/big" => (200, big.clone(), Vec::new()),
        "/moved" => (
            302,
            Vec::new(),
            // User information and a query in the answer are never repeated.
            vec![(
                "Location",
                "https://ana:hunter2@elsewhere.example:8443/n?token=s3cr3t".to_string(),
            )],
        ),
        "/slow" => {
            std::thread::sleep(Duration::from_millis(2500));
            ok("1")
        }
        _ => ok("0"),
    });
    let base = server.url();
    // A port nothing listens on: bind one, then free it.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let http = |path: &str| format!("kind = \"http\"\nurl = \"{base}{path}\"");
    let (_dir, plan) = planning(&[
        ("number", &http("/number")),
        ("missing", &http("/missing")),
        ("words", &http("/words")),
        ("pointer", &format!("{}\npointer = \"/b\"", http("/json"))),
        ("big", &http("/big")),
        ("moved", &http("/moved")),
        ("slow", &format!("{}\ntimeout_s = 1", http("/slow"))),
        (
            "refused",
            &format!("kind = \"http\"\nurl = \"http://127.0.0.1:{closed}/n\""),
        ),
        (
            "token",
            &format!("{}\nauth_env = \"NS_TEST_UNSET_TOKEN\"", http("/number")),
        ),
    ]);
    let r = measure(&plan, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        log(&plan),
        format!(
            "# log\n\n{}",
            checkin("number", "42", &format!("http:{base}/number"))
        )
    );
    let lines: Vec<&str> = r.stderr.lines().collect();
    let refused = lines
        .iter()
        .find(|l| l.contains("`refused`"))
        .copied()
        .unwrap_or_default();
    assert!(
        refused.starts_with(&format!(
            "error: cannot measure `refused`: cannot reach `http://127.0.0.1:{closed}/n`: "
        )) && refused.contains("onnection refused"),
        "{refused}"
    );
    let expected = [
        format!("error: cannot measure `missing`: `{base}/missing` answered 404 Not Found"),
        format!(
            "error: cannot measure `words`: the response of `{base}/words` is not a number: it is text of 4 characters (set `pointer` to read a JSON document)"
        ),
        format!(
            "error: cannot measure `pointer`: the response of `{base}/json` has nothing at pointer `/b`"
        ),
        format!(
            "error: cannot measure `big`: the response of `{base}/big` is larger than 1 MiB (1048576 bytes); point the source at a smaller answer"
        ),
        format!(
            "error: cannot measure `moved`: `{base}/moved` redirects (302 Found) to `https://elsewhere.example:8443/…`; northstar fetches only the URL in the plan, so write the final one there"
        ),
        format!("error: cannot measure `slow`: `{base}/slow` did not answer within 1 s"),
        refused.to_string(),
        format!(
            "error: cannot measure `token`: not sending `NS_TEST_UNSET_TOKEN` (`auth_env`) to `{base}/number`: a credential is never sent over plain http"
        ),
        "help: write the service's `https://` URL, or remove `auth_env`".to_string(),
    ];
    assert_eq!(
        lines,
        expected.iter().map(String::as_str).collect::<Vec<_>>()
    );
}

#[test]
fn http_and_command_sources_answer_for_today_only() {
    let (_dir, plan) = planning(&[
        ("web", "kind = \"http\"\nurl = \"http://127.0.0.1:9/n\""),
        ("cmd", "kind = \"command\"\nargv = [\"echo\", \"3\"]"),
    ]);
    let r = measure(&plan, &["--date", "2026-11-19", "--allow-commands"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "error: cannot measure `web`: an http source answers for today only; it cannot be measured as of 2026-11-19 (today is 2026-11-20)\n\
         error: cannot measure `cmd`: a command source answers for today only; it cannot be measured as of 2026-11-19 (today is 2026-11-20)\n"
    );
    assert_eq!(log(&plan), "# log\n");
}

/// A fake Prometheus HTTP API answering `/api/v1/query` by the query asked.
fn fake_prometheus() -> Server {
    Server::start(|url| {
        let body = if url.contains("query=one") {
            r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"a"},"value":[1763683199,"0.25"]}]}}"#
        } else if url.contains("query=scalar") {
            r#"{"status":"success","data":{"resultType":"scalar","result":[1763683199,"3"]}}"#
        } else if url.contains("query=none") {
            r#"{"status":"success","data":{"resultType":"vector","result":[]}}"#
        } else if url.contains("query=two") {
            r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"1"]},{"metric":{},"value":[1,"2"]}]}}"#
        } else if url.contains("query=matrix") {
            r#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#
        } else {
            return (
                400,
                br#"{"status":"error","errorType":"bad_data","error":"parse error at char 4"}"#
                    .to_vec(),
                Vec::new(),
            );
        };
        ok(body)
    })
}

#[test]
fn prometheus_queries_at_the_end_of_a_past_day_or_now() {
    let server = fake_prometheus();
    let base = server.url();
    let prom = |q: &str| format!("kind = \"prometheus\"\nurl = \"{base}/\"\nquery = \"{q}\"");
    let (_dir, plan) = planning(&[("ratio", &prom("one")), ("count", &prom("scalar"))]);
    let past = measure(&plan, &["--date", "2026-11-18"]);
    assert_eq!((past.code, past.stderr.as_str()), (0, ""));
    let today = measure(&plan, &["ratio"]);
    assert_eq!((today.code, today.stderr.as_str()), (0, ""));
    let urls: Vec<String> = server.seen().into_iter().map(|s| s.url).collect();
    assert_eq!(
        urls,
        [
            "/api/v1/query?query=one&time=2026-11-18T23%3A59%3A59Z",
            "/api/v1/query?query=scalar&time=2026-11-18T23%3A59%3A59Z",
            "/api/v1/query?query=one",
        ]
    );
    let source = |q: &str| format!("prometheus:{base}/ query {q}");
    assert_eq!(
        log(&plan),
        format!(
            "# log\n\n{}\n{}\n{}",
            checkin("ratio", "0.25", &source("one")).replace("2026-11-20", "2026-11-18"),
            checkin("count", "3", &source("scalar")).replace("2026-11-20", "2026-11-18"),
            checkin("ratio", "0.25", &source("one")),
        )
    );
}

#[test]
fn prometheus_answers_that_are_not_one_number_fail_alone() {
    let server = fake_prometheus();
    let base = server.url();
    let prom = |q: &str| format!("kind = \"prometheus\"\nurl = \"{base}\"\nquery = \"{q}\"");
    let (_dir, plan) = planning(&[
        ("none", &prom("none")),
        ("two", &prom("two")),
        ("matrix", &prom("matrix")),
        ("bad", &prom("bad(")),
        ("one", &prom("one")),
    ]);
    let r = measure(&plan, &[]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        format!(
            "error: cannot measure `none`: the query `none` returned no series\n\
             error: cannot measure `two`: the query `two` returned 2 series; aggregate it to one, e.g. `sum(two)`\n\
             error: cannot measure `matrix`: the query `matrix` returned a matrix; write an instant query returning one series or a scalar\n\
             error: cannot measure `bad`: `{base}/api/v1/query` answered 400 Bad Request\n"
        )
    );
    assert_eq!(
        log(&plan),
        format!(
            "# log\n\n{}",
            checkin("one", "0.25", &format!("prometheus:{base} query one"))
        )
    );
}

/// Kills the process it holds when dropped.
struct Kill(std::process::Child);
impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A real Prometheus (Debian's package) scraping a tiny exporter the test serves. CI
/// installs `prometheus`; elsewhere the test says it was skipped unless
/// `NORTHSTAR_REQUIRE_TOOLS=1` makes a missing binary a failure.
#[test]
fn a_real_prometheus_scrapes_an_exporter_and_answers_the_query() {
    let Some(binary) = common::tool(&["prometheus"], "apt-get install prometheus") else {
        return;
    };
    let exporter = Server::start(|_| {
        ok(
            "# TYPE northstar_test_deploys gauge\nnorthstar_test_deploys{team=\"payments\"} 17\nnorthstar_test_deploys{team=\"search\"} 4\n",
        )
    });
    let work = tempfile::tempdir().unwrap();
    let target = exporter.url().trim_start_matches("http://").to_string();
    std::fs::write(
        work.path().join("prometheus.yml"),
        format!(
            "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: exporter\n    static_configs:\n      - targets: ['{target}']\n"
        ),
    )
    .unwrap();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let child = std::process::Command::new(binary)
        .arg(format!(
            "--config.file={}",
            work.path().join("prometheus.yml").display()
        ))
        .arg(format!(
            "--storage.tsdb.path={}",
            work.path().join("data").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let _guard = Kill(child);
    let url = format!("http://127.0.0.1:{port}");
    let (_dir, plan) = planning(&[(
        "deploys",
        &format!("kind = \"prometheus\"\nurl = \"{url}\"\nquery = \"sum(northstar_test_deploys)\""),
    )]);
    // Wait (up to 60 s) until Prometheus is up and has scraped the exporter once.
    let mut last = None;
    for _ in 0..120 {
        let r = measure(&plan, &["--dry-run"]);
        if r.code == 0 {
            last = Some(r);
            break;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    let dry = last.expect("Prometheus answered with a value within 60 s");
    let source = format!("prometheus:{url} query sum(northstar_test_deploys)");
    assert_eq!(dry.stdout, checkin("deploys", "21", &source));
    let r = measure(&plan, &[]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_eq!(
        log(&plan),
        format!("# log\n\n{}", checkin("deploys", "21", &source))
    );
}

const COMMAND: &str = "kind = \"command\"\nargv = [\"sh\", \"-c\", \"touch started; echo '{\\\"n\\\": 5}'\"]\npointer = \"/n\"";

#[test]
fn a_command_source_is_refused_without_trust_and_never_started() {
    let (dir, plan) = planning(&[
        ("cmd", COMMAND),
        (
            "web",
            "kind = \"http\"\nurl = \"http://127.0.0.1:9/n\"\ntimeout_s = 1",
        ),
    ]);
    let r = measure(&plan, &["cmd"]);
    assert_eq!(r.code, 1);
    let canonical = std::fs::canonicalize(dir.path()).unwrap();
    assert_eq!(
        r.stderr,
        format!(
            "error: cannot measure `cmd`: not running `[\"sh\",\"-c\",\"touch started; echo '{{\\\"n\\\": 5}}'\"] pointer /n`: command sources run programs named in the plan, which anyone with commit access can change\n\
             help: run `northstar measure --allow-commands` once you have read the source, or list `{}` in `trusted` in `/nonexistent/northstar-config.toml`\n",
            canonical.display()
        )
    );
    assert!(!dir.path().join("started").exists());
    assert_eq!(log(&plan), "# log\n");
}

#[test]
fn a_command_source_runs_with_allow_commands_or_a_trusted_directory() {
    let (dir, plan) = planning(&[("cmd", COMMAND)]);
    // toml_edit writes a string holding `"` and `'` as a multi-line literal string.
    let entry = "[[checkin]]\nmetric = \"cmd\"\ndate = 2026-11-20\nvalue = 5\n\
                 source = '''command:[\"sh\",\"-c\",\"touch started; echo '{\\\"n\\\": 5}'\"] pointer /n'''\n";
    let r = measure(&plan, &["--allow-commands"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    // It ran in the plan's directory.
    assert!(dir.path().join("started").exists());
    assert_eq!(log(&plan), format!("# log\n\n{entry}"));

    // Trusted through the user configuration (another day's log entry is simulated by a
    // fresh log).
    std::fs::write(plan.with_file_name("checkins.toml"), "# log\n").unwrap();
    std::fs::remove_file(dir.path().join("started")).unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!("trusted = [{:?}]\n", dir.path().display().to_string()),
    )
    .unwrap();
    let r = measure_with(
        &plan,
        &[],
        &[("NORTHSTAR_CONFIG", config.to_str().unwrap())],
    );
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert!(dir.path().join("started").exists());
    assert_eq!(log(&plan), format!("# log\n\n{entry}"));
}

#[test]
fn command_failures_are_reported_alone() {
    let (_dir, plan) = planning(&[
        (
            "missing",
            "kind = \"command\"\nargv = [\"northstar-no-such-program\"]",
        ),
        (
            "fails",
            "kind = \"command\"\nargv = [\"sh\", \"-c\", \"echo nope >&2; exit 3\"]",
        ),
        ("words", "kind = \"command\"\nargv = [\"echo\", \"many\"]"),
        (
            "slow",
            "kind = \"command\"\nargv = [\"sleep\", \"5\"]\ntimeout_s = 1",
        ),
        ("good", "kind = \"command\"\nargv = [\"echo\", \"7\"]"),
    ]);
    let r = measure(&plan, &["--allow-commands"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "error: cannot measure `missing`: program `northstar-no-such-program` not found\n\
         error: cannot measure `fails`: `sh` failed with exit code 3: nope\n\
         error: cannot measure `words`: the output of `echo` is not a number: it is text of 4 characters (set `pointer` to read a JSON document)\n\
         error: cannot measure `slow`: `sleep` did not finish within 1 s and was stopped\n"
    );
    assert_eq!(
        log(&plan),
        "# log\n\n[[checkin]]\nmetric = \"good\"\ndate = 2026-11-20\nvalue = 7\nsource = 'command:[\"echo\",\"7\"]'\n"
    );
}

/// Whether `text` holds a character no output may show as it is: ESC, BEL and the other
/// controls, and bidirectional overrides (U+202E).
fn has_hidden(text: &str) -> bool {
    text.chars()
        .any(|c| (c.is_control() && c != '\n') || ('\u{200b}'..='\u{202e}').contains(&c))
}

#[test]
fn fetched_content_is_described_never_quoted_and_no_control_character_reaches_stderr() {
    // An internal metadata endpoint's answer: never repeated.
    let key = "AKIAIOSFODNN7EXAMPLEwJalrXUtnFEMIK7MDENG";
    assert_eq!(key.len(), 40);
    let metadata = format!(r#"{{"Code":"Success","AccessKeyId":"{key}","Role":{{"a":1,"b":2}}}}"#);
    let hostile = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}gnp.exe\u{1b}[31m";
    let server = Server::start(move |url| match url {
        "/metadata" => ok(&metadata),
        "/list" => ok("[1, 2, 3]"),
        "/hostile" => ok(hostile),
        _ => ok(&format!(
            r#"{{"status":"error","errorType":"bad_data","error":"{}"}}"#,
            "parse error \\u001b[2J\\u0007 at char 4"
        )),
    });
    let base = server.url();
    let http = |path: &str| format!("kind = \"http\"\nurl = \"{base}{path}\"");
    let (dir, plan) = planning(&[
        (
            "key",
            &format!("{}\npointer = \"/AccessKeyId\"", http("/metadata")),
        ),
        (
            "role",
            &format!("{}\npointer = \"/Role\"", http("/metadata")),
        ),
        ("list", &http("/list")),
        ("hostile", &http("/hostile")),
        (
            "prom",
            &format!("kind = \"prometheus\"\nurl = \"{base}\"\nquery = \"up\""),
        ),
        (
            "cell",
            "kind = \"file\"\npath = \"cells.csv\"\ncolumn = \"value\"",
        ),
        (
            "path",
            "kind = \"file\"\npath = \"\\u001b[2Jmissing\\u202e.csv\"\ncolumn = \"value\"",
        ),
    ]);
    std::fs::write(
        dir.path().join("cells.csv"),
        format!("value\n{hostile}{key}\n"),
    )
    .unwrap();
    let r = measure(&plan, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!has_hidden(&r.stderr), "{:?}", r.stderr);
    assert!(
        !r.stderr.contains("AKIA") && !r.stderr.contains("pwned"),
        "{}",
        r.stderr
    );
    assert_eq!(
        r.stderr,
        format!(
            "error: cannot measure `key`: the value at `/AccessKeyId` in the response of `{base}/metadata` is not a number: it is a string of 40 characters\n\
             error: cannot measure `role`: the value at `/Role` in the response of `{base}/metadata` is not a number: it is an object with 2 keys\n\
             error: cannot measure `list`: the response of `{base}/list` is not a number: it is an array of 3 items (set `pointer` to read a JSON document)\n\
             error: cannot measure `hostile`: the response of `{base}/hostile` is not a number: it is text of {} characters (set `pointer` to read a JSON document)\n\
             error: cannot measure `prom`: Prometheus refused the query `up` (error type `bad_data`); run it in Prometheus to see why\n\
             error: cannot measure `cell`: the value in column `value` of `cells.csv` is not a number: it is text of {} characters\n\
             error: cannot measure `path`: `[2Jmissing.csv` does not exist\n",
            hostile.chars().count(),
            hostile.chars().count() + 40,
        )
    );
    assert_eq!(log(&plan), "# log\n");
}

/// `count` bytes of spaces ending in `7`: the number 7, padded to exactly `count` bytes.
fn padded_seven(count: usize) -> Vec<u8> {
    let mut body = vec![b' '; count - 1];
    body.push(b'7');
    body
}

#[test]
fn the_one_size_limit_counts_decoded_bytes_accepts_exactly_1_mib_and_stops_a_chatty_command() {
    use std::io::Write as _;
    const MIB: usize = 1 << 20;
    // 2 MiB of spaces and a 7 compress to about 2 KiB: the limit counts what they decode to.
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(&padded_seven(2 * MIB)).unwrap();
    let gzip = gzip.finish().unwrap();
    assert!(gzip.len() < 16 * 1024, "{}", gzip.len());
    let server = Server::start(move |url| match url {
        "/gzip" => (
            200,
            gzip.clone(),
            vec![("Content-Encoding", "gzip".to_string())],
        ),
        "/exact" => (200, padded_seven(MIB), Vec::new()),
        _ => (200, padded_seven(MIB + 1), Vec::new()),
    });
    let base = server.url();
    let http = |path: &str| format!("kind = \"http\"\nurl = \"{base}{path}\"");
    let command = |script: &str| {
        format!("kind = \"command\"\nargv = [\"sh\", \"-c\", \"{script}\"]\ntimeout_s = 30")
    };
    let (_dir, plan) = planning(&[
        ("gzip", &http("/gzip")),
        ("exact", &http("/exact")),
        ("over", &http("/over")),
        (
            "printed-exact",
            &command("head -c 1048575 /dev/zero | tr '\\\\0' ' '; printf 7"),
        ),
        (
            "printed-over",
            &command("head -c 1048576 /dev/zero | tr '\\\\0' ' '; printf 7"),
        ),
        (
            "endless",
            "kind = \"command\"\nargv = [\"yes\", \"1\"]\ntimeout_s = 30",
        ),
    ]);
    let r = measure(&plan, &["--allow-commands"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!(
            "error: cannot measure `gzip`: the response of `{base}/gzip` is larger than 1 MiB (1048576 bytes); point the source at a smaller answer\n\
             error: cannot measure `over`: the response of `{base}/over` is larger than 1 MiB (1048576 bytes); point the source at a smaller answer\n\
             error: cannot measure `printed-over`: `sh` printed more than 1 MiB (1048576 bytes) and was stopped; make it print only the value\n\
             error: cannot measure `endless`: `yes` printed more than 1 MiB (1048576 bytes) and was stopped; make it print only the value\n"
        )
    );
    // toml_edit writes a string holding `"` and `'` as a multi-line literal string.
    assert_eq!(
        log(&plan),
        format!(
            "# log\n\n{}\n[[checkin]]\nmetric = \"printed-exact\"\ndate = 2026-11-20\nvalue = 7\n\
             source = '\'\'command:[\"sh\",\"-c\",\"head -c 1048575 /dev/zero | tr '\\\\0' ' '; printf 7\"]'\'\'\n",
            checkin("exact", "7", &format!("http:{base}/exact")),
        )
    );
}

/// The state letter of process `pid` (`Z` for a zombie), or `None` once it is gone.
fn process_state(pid: &str) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(") ")
        .and_then(|(_, rest)| rest.chars().next())
}

#[test]
fn a_command_whose_child_keeps_its_output_open_is_stopped_whole_at_the_timeout() {
    let (dir, plan) = planning(&[(
        "lingering",
        "kind = \"command\"\nargv = [\"sh\", \"-c\", \"sleep 60 & echo $! > sleeper; echo 5\"]\ntimeout_s = 1",
    )]);
    let started = std::time::Instant::now();
    let r = measure(&plan, &["--allow-commands"]);
    let took = started.elapsed();
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "error: cannot measure `lingering`: `sh` did not finish within 1 s and was stopped\n"
        )
    );
    // A hang guard only: the 60-second sleeper held the pipe open.
    assert!(took < Duration::from_secs(30), "{took:?}");
    let pid = std::fs::read_to_string(dir.path().join("sleeper")).unwrap();
    let pid = pid.trim();
    let mut state = process_state(pid);
    for _ in 0..100 {
        if matches!(state, None | Some('Z')) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
        state = process_state(pid);
    }
    assert!(
        matches!(state, None | Some('Z')),
        "the sleeper lives on: {state:?}"
    );
    assert_eq!(log(&plan), "# log\n");
}

#[test]
fn named_pipes_and_devices_are_refused_never_read() {
    let (dir, plan) = planning(&[
        (
            "pipe",
            "kind = \"file\"\npath = \"pipe.csv\"\ncolumn = \"value\"",
        ),
        (
            "restore",
            "kind = \"dora\"\nmeasure = \"time-to-restore\"\nincidents = \"incidents.csv\"",
        ),
    ]);
    for name in ["pipe.csv", "incidents.csv"] {
        let made = std::process::Command::new("mkfifo")
            .arg(dir.path().join(name))
            .status()
            .unwrap();
        assert!(made.success());
    }
    let r = measure(&plan, &[]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "error: cannot measure `pipe`: `pipe.csv` is a named pipe, not a regular file\n\
             error: cannot measure `restore`: `incidents.csv` is a named pipe, not a regular file\n"
        )
    );
}

#[test]
fn dora_csv_paths_stay_in_the_planning_repository() {
    let (_dir, plan) = planning(&[
        (
            "restore",
            "kind = \"dora\"\nmeasure = \"time-to-restore\"\nincidents = \"/dev/zero\"",
        ),
        (
            "deploys",
            "kind = \"dora\"\nmeasure = \"deployment-frequency\"\nrepo = \".\"\ndeploys = { file = \"../../deploys.csv\" }",
        ),
        (
            "failures",
            "kind = \"dora\"\nmeasure = \"change-failure-rate\"\nrepo = \".\"\ndeploys = { tag = \"^v\" }\nfailures = { file = \"/etc/passwd\" }",
        ),
    ]);
    let out = common::bin()
        .arg("-f")
        .arg(&plan)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let codes = common::codes(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(
        codes.iter().filter(|c| *c == "path-outside-plan").count(),
        3,
        "{codes:?}"
    );
    // `measure` reads nothing from a plan with errors.
    let r = measure(&plan, &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("source file `/dev/zero` is an absolute path"),
        "{}",
        r.stderr
    );
    assert_eq!(log(&plan), "# log\n");
}

#[test]
fn a_token_goes_only_over_https_to_a_host_the_configuration_allows_from_a_trusted_plan() {
    let server = Server::start(|_| ok("3"));
    let base = server.url();
    let port = base.rsplit_once(':').unwrap().1.to_string();
    let (dir, plan) = planning(&[
        (
            "plain",
            &format!("kind = \"http\"\nurl = \"{base}/n\"\nauth_env = \"NS_TEST_TOKEN\""),
        ),
        (
            "secure",
            &format!(
                "kind = \"http\"\nurl = \"https://127.0.0.1:{port}/n\"\nauth_env = \"NS_TEST_TOKEN\""
            ),
        ),
        (
            "aws",
            &format!(
                "kind = \"http\"\nurl = \"https://127.0.0.1:{port}/n\"\nauth_env = \"AWS_SECRET_ACCESS_KEY\""
            ),
        ),
    ]);
    let canonical = std::fs::canonicalize(dir.path()).unwrap();
    let config = dir.path().join("config.toml");
    let secrets = [
        ("NS_TEST_TOKEN", "s3cret-token"),
        ("AWS_SECRET_ACCESS_KEY", "aws-s3cret"),
    ];
    let refused_plain = format!(
        "error: cannot measure `plain`: not sending `NS_TEST_TOKEN` (`auth_env`) to `{base}/n`: a credential is never sent over plain http\n\
         help: write the service's `https://` URL, or remove `auth_env`\n"
    );

    // Untrusted: refused, with how to allow it.
    let untrusted = |var: &str, id: &str, config: &str| {
        format!(
            "error: cannot measure `{id}`: not sending `{var}` (`auth_env`) to `https://127.0.0.1:{port}/n`: the plan names both the variable and the URL, and anyone with commit access can change them\n\
             help: run `northstar measure --allow-credentials` once you have read the source, or list `{}` in `trusted` in `{config}`\n",
            canonical.display()
        )
    };
    let r = measure_with(&plan, &[], &secrets);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        format!(
            "{refused_plain}{}{}",
            untrusted(
                "NS_TEST_TOKEN",
                "secure",
                "/nonexistent/northstar-config.toml"
            ),
            untrusted(
                "AWS_SECRET_ACCESS_KEY",
                "aws",
                "/nonexistent/northstar-config.toml"
            )
        )
    );

    // Trusted (by flag, then by `trusted` relative to the configuration file), but the
    // configuration allows only `NS_TEST_TOKEN` to `127.0.0.1` on another port.
    std::fs::write(
        &config,
        "trusted = [\".\"]\n\n[[credential]]\nenv = \"NS_TEST_TOKEN\"\nhosts = [\"127.0.0.1:1\", \"example.com\"]\n",
    )
    .unwrap();
    let env = [
        secrets[0],
        secrets[1],
        ("NORTHSTAR_CONFIG", config.to_str().unwrap()),
    ];
    let not_allowed = |var: &str, id: &str| {
        format!(
            "error: cannot measure `{id}`: not sending `{var}` (`auth_env`) to `https://127.0.0.1:{port}/n`: the configuration does not allow `{var}` to be sent to `127.0.0.1`\n\
             help: add `[[credential]]` with `env = \"{var}\"` and `hosts = [\"127.0.0.1\"]` to `{}`\n",
            config.display()
        )
    };
    for args in [&["--allow-credentials"][..], &[]] {
        let r = measure_with(&plan, args, &env);
        assert_eq!(r.code, 1);
        assert_eq!(
            r.stderr,
            format!(
                "{refused_plain}{}{}",
                not_allowed("NS_TEST_TOKEN", "secure"),
                not_allowed("AWS_SECRET_ACCESS_KEY", "aws")
            )
        );
    }

    // Allowed to this host, trusted: only plain http still refuses it.
    std::fs::write(
        &config,
        format!(
            "trusted = [\".\"]\n\n[[credential]]\nenv = \"NS_TEST_TOKEN\"\nhosts = [\"127.0.0.1:{port}\"]\n"
        ),
    )
    .unwrap();
    let r = measure_with(&plan, &[], &env);
    assert!(r.stderr.starts_with(&refused_plain), "{}", r.stderr);
    // The server never saw a token: no request carried one.
    assert!(
        server.seen().iter().all(|s| s.authorization.is_none()),
        "{:?}",
        server.seen()
    );
    assert!(!r.stderr.contains("s3cret") && !r.stdout.contains("s3cret"));
    assert_eq!(log(&plan), "# log\n");
}

#[test]
fn an_invalid_configuration_is_an_error_naming_it() {
    let (dir, plan) = planning(&[("cmd", "kind = \"command\"\nargv = [\"echo\", \"1\"]")]);
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "name = \"carol\"\ntrustd = [\".\"]\n").unwrap();
    let r = measure_with(
        &plan,
        &[],
        &[("NORTHSTAR_CONFIG", config.to_str().unwrap())],
    );
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: invalid configuration file `{}` at line 2, column 1: unknown field `trustd`, expected one of `name`, `color`, `trusted`, `pager`, `credential`\n\
             help: fix the file, or move it away (`northstar config path` prints where it is read from)\n",
            config.display()
        )
    );
    assert_eq!(log(&plan), "# log\n");
}

#[test]
fn trusted_entries_are_relative_to_the_configuration_file_not_the_working_directory() {
    let (dir, plan) = planning(&[(
        "cmd",
        "kind = \"command\"\nargv = [\"sh\", \"-c\", \"touch started; echo 1\"]",
    )]);
    let elsewhere = tempfile::tempdir().unwrap();
    let config = elsewhere.path().join("config.toml");
    std::fs::write(&config, "trusted = [\".\"]\n").unwrap();
    let out = std_bin()
        .current_dir(dir.path())
        .env("NORTHSTAR_CONFIG", &config)
        .args(["-f", "northstar.toml", "measure"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .starts_with("error: cannot measure `cmd`: not running "),
    );
    assert!(!dir.path().join("started").exists());
    assert_eq!(log(&plan), "# log\n");
}

/// Issue 21's second reading: includes and the check-in log were kept out of git's
/// metadata, but a `file` source or a dora CSV could still read `.git/config` and quote
/// its first line as CSV column names. Every path a source reads, by name (any case),
/// through `..` or through a symbolic link, is `path-outside-plan`, and nothing is read.
#[test]
fn a_source_file_in_git_metadata_is_outside_the_plan() {
    let (dir, plan) = planning(&[
        (
            "named",
            "kind = \"file\"\npath = \".git/config\"\ncolumn = \"x\"",
        ),
        (
            "cased",
            "kind = \"file\"\npath = \"data/../.GIT/HEAD\"\ncolumn = \"x\"",
        ),
        (
            "linked",
            "kind = \"file\"\npath = \"meta/config\"\ncolumn = \"x\"",
        ),
        (
            "file-link",
            "kind = \"file\"\npath = \"cfg\"\ncolumn = \"x\"",
        ),
        (
            "incidents",
            "kind = \"dora\"\nmeasure = \"time-to-restore\"\nrepo = \".\"\nincidents = \".git/config\"",
        ),
    ]);
    common::git(dir.path(), &["init", "-q", "-b", "main"]);
    std::os::unix::fs::symlink(".git", dir.path().join("meta")).unwrap();
    std::os::unix::fs::symlink(".git/config", dir.path().join("cfg")).unwrap();
    let out = std_bin()
        .args([
            "-f",
            plan.to_str().unwrap(),
            "check",
            "--no-git",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(&str, &str)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("missing-north-star", "the plan has no `[north_star]`"),
            (
                "path-outside-plan",
                "source file `.git/config` lies in git's metadata"
            ),
            (
                "path-outside-plan",
                "source file `data/../.GIT/HEAD` lies in git's metadata"
            ),
            (
                "path-outside-plan",
                "source file `meta/config` lies in git's metadata"
            ),
            (
                "path-outside-plan",
                "source file `cfg` lies in git's metadata"
            ),
            (
                "path-outside-plan",
                "source file `.git/config` lies in git's metadata"
            ),
        ]
    );
    let r = measure(&plan, &[]);
    assert_eq!(r.code, 1);
    assert!(!r.stderr.contains("[core]"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("checkins.toml")).unwrap(),
        "# log\n"
    );
}
