//! `northstar lsp` driven as an editor drives it: the binary spawned, JSON-RPC messages
//! with `Content-Length` framing over its stdin and stdout (`serde_json`), on a copy of the
//! platform example. Diagnostics equal `check`'s, follow unsaved buffers and clear when
//! fixed; definition and references cross files; symbols nest; hover's numbers are
//! `show --format json`'s; positions are exact in UTF-16 and UTF-8.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Stdio};

use serde_json::{Value, json};

use crate::common::{TODAY, northstar, platform_copy, std_bin};

/// A minimal client: requests answered in order, notifications kept as they arrive.
pub(crate) struct Client {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: i64,
    /// Notifications received and not yet taken.
    notifications: Vec<Value>,
}

impl Client {
    /// Starts `northstar lsp` and initializes it on the folder `root` with `extra`
    /// capabilities and options merged into the parameters; returns the client and the
    /// `initialize` result.
    pub(crate) fn start(root: &Path, params: &Value) -> (Client, Value) {
        let mut child = std_bin()
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut client = Client {
            child,
            stdin,
            stdout,
            next_id: 0,
            notifications: Vec::new(),
        };
        let mut init = json!({
            "processId": null,
            "capabilities": {},
            "workspaceFolders": [{ "uri": uri(root), "name": "plan" }],
        });
        if let (Some(init), Some(extra)) = (init.as_object_mut(), params.as_object()) {
            init.extend(extra.clone());
        }
        let result = client.request("initialize", init);
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn receive(&mut self) -> Value {
        let mut length = None;
        loop {
            let mut line = String::new();
            assert!(
                self.stdout.read_line(&mut line).unwrap() > 0,
                "the server closed stdout"
            );
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = Some(n.parse::<usize>().unwrap());
            }
        }
        let mut body = vec![0; length.expect("a Content-Length header")];
        self.stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    /// Sends a request and waits for its response (its `result`; an error panics),
    /// keeping the notifications that come first.
    pub(crate) fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(response.get("error").is_none(), "{response}");
        response["result"].clone()
    }

    /// Sends a request and returns the whole response.
    pub(crate) fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "jsonrpc": "2.0", "id": id, "method": method });
        message["params"] = params;
        self.send(&message);
        loop {
            let message = self.receive();
            if message.get("id") == Some(&json!(id)) {
                return message;
            }
            self.notifications.push(message);
        }
    }

    pub(crate) fn notify(&mut self, method: &str, params: Value) {
        let mut message = json!({ "jsonrpc": "2.0", "method": method });
        message["params"] = params;
        self.send(&message);
    }

    /// The diagnostics published since the last call, by URI, the latest list of each
    /// (a request answered after them proves they are all in).
    pub(crate) fn published(&mut self) -> std::collections::BTreeMap<String, Vec<Value>> {
        self.request("workspace/symbol", json!({ "query": "no such id" }));
        let mut by_uri = std::collections::BTreeMap::new();
        for n in self.notifications.drain(..) {
            if n["method"] == "textDocument/publishDiagnostics" {
                let uri = n["params"]["uri"].as_str().unwrap().to_string();
                by_uri.insert(uri, n["params"]["diagnostics"].as_array().unwrap().clone());
            }
        }
        by_uri
    }

    /// `shutdown` then `exit`: the server's exit code.
    pub(crate) fn stop(mut self) -> Option<i32> {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        self.child.wait().unwrap().code()
    }
}

pub(crate) fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// `{ textDocument, position }` at `line`:`character`.
pub(crate) fn at(path: &Path, line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": uri(path) }, "position": { "line": line, "character": character } })
}

pub(crate) fn open(client: &mut Client, path: &Path, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri(path), "languageId": "toml", "version": 1, "text": text } }),
    );
}

/// The (line, character) of the first `needle` in `text`, counted in UTF-16 units.
pub(crate) fn utf16_position(text: &str, needle: &str) -> (u32, u32) {
    let offset = text.find(needle).unwrap();
    let line = text[..offset].matches('\n').count();
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let character = text[start..offset].encode_utf16().count();
    (
        u32::try_from(line).unwrap(),
        u32::try_from(character).unwrap(),
    )
}

#[test]
fn initialize_announces_the_features_and_shutdown_exits_cleanly() {
    let (dir, _) = platform_copy();
    let (client, result) = Client::start(dir.path(), &json!({}));
    let capabilities = &result["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16");
    assert_eq!(
        capabilities["textDocumentSync"],
        json!({ "openClose": true, "change": 2, "save": true })
    );
    for feature in [
        "definitionProvider",
        "referencesProvider",
        "documentSymbolProvider",
        "workspaceSymbolProvider",
        "hoverProvider",
    ] {
        assert_eq!(capabilities[feature], true, "{feature}");
    }
    assert_eq!(
        capabilities["codeActionProvider"],
        json!({ "codeActionKinds": ["quickfix"] })
    );
    assert_eq!(result["serverInfo"]["name"], "northstar");
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn exit_without_shutdown_is_exit_code_1_and_requests_before_initialize_are_refused() {
    let mut child = std_bin()
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let mut client = Client {
        child,
        stdin,
        stdout,
        next_id: 0,
        notifications: Vec::new(),
    };
    let response = client.request_raw("textDocument/hover", json!({}));
    assert_eq!(response["error"]["code"], -32002);
    client.notify("exit", Value::Null);
    assert_eq!(client.child.wait().unwrap().code(), Some(1));
}

#[test]
fn diagnostics_are_checks_and_follow_an_unsaved_buffer_until_fixed() {
    let (dir, main) = platform_copy();
    let (mut client, _) = Client::start(dir.path(), &json!({}));
    let published = client.published();
    let sre = dir.path().join("teams/sre.toml");
    let files: Vec<String> = [
        "checkins.toml",
        "northstar.toml",
        "teams/dev-infra.toml",
        "teams/security.toml",
        "teams/sre.toml",
    ]
    .iter()
    .map(|f| uri(&dir.path().join(f)))
    .collect();
    assert_eq!(published.keys().cloned().collect::<Vec<_>>(), files);
    // `check`'s two warnings, in sre.toml, with its codes, messages and places.
    let check = northstar(&[
        "-f",
        main.to_str().unwrap(),
        "check",
        "--no-git",
        "--format",
        "json",
    ]);
    let check: Value = serde_json::from_str(&check.stdout).unwrap();
    let expected: Vec<Value> = check["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let l = &d["location"];
            let line = l["line"].as_u64().unwrap() - 1;
            json!({
                "code": d["code"],
                "severity": 2,
                "message": format!("{}\n{}\nhelp: {}", d["message"].as_str().unwrap(), d["label"].as_str().unwrap(), d["help"].as_str().unwrap()),
                "range": {
                    "start": { "line": line, "character": l["column"].as_u64().unwrap() - 1 },
                    "end": { "line": l["end_line"].as_u64().unwrap() - 1, "character": l["end_column"].as_u64().unwrap() - 1 },
                },
            })
        })
        .collect();
    let got: Vec<Value> = published[&uri(&sre)]
        .iter()
        .map(|d| json!({ "code": d["code"], "severity": d["severity"], "message": d["message"], "range": d["range"] }))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(got.len(), 2);
    assert_eq!(
        published[&uri(&sre)][0]["codeDescription"]["href"],
        "https://github.com/OWNER/northstar/blob/main/docs/diagnostics.md#:~:text=%60stale-key-result%60"
    );
    assert_eq!(
        got[0]["message"],
        "key result `runbook-coverage` is stale: last check-in 2026-10-26\nno check-in for more than 14 days\nhelp: record one: `northstar checkin runbook-coverage VALUE`"
    );

    // A typo in an unsaved buffer: an error at the typo, nothing written to disk.
    let text = std::fs::read_to_string(&sre).unwrap();
    open(&mut client, &sre, &text);
    let (line, character) = utf16_position(&text, "\"reliability\"");
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri(&sre), "version": 2 },
            "contentChanges": [{
                "range": { "start": { "line": line, "character": character + 1 }, "end": { "line": line, "character": character + 12 } },
                "text": "reliabilty",
            }],
        }),
    );
    let published = client.published();
    let errors: Vec<&Value> = published[&uri(&sre)]
        .iter()
        .filter(|d| d["severity"] == 1)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["code"], "unknown-reference");
    assert_eq!(
        errors[0]["message"],
        "unknown id `reliabilty` in `pillar`\nno pillar has this id\nhelp: did you mean `reliability`?"
    );
    assert_eq!(
        errors[0]["range"],
        json!({ "start": { "line": 6, "character": 9 }, "end": { "line": 6, "character": 21 } })
    );
    assert_eq!(std::fs::read_to_string(&sre).unwrap(), text);

    // Fixed by a whole-text change: the error is cleared.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri(&sre), "version": 3 }, "contentChanges": [{ "text": text }] }),
    );
    let published = client.published();
    let codes: Vec<&Value> = published[&uri(&sre)].iter().map(|d| &d["code"]).collect();
    assert_eq!(codes, vec!["stale-key-result", "overdue-bet"]);
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn a_toml_syntax_error_is_a_diagnostic_and_definition_still_works() {
    let (dir, _) = platform_copy();
    let (mut client, _) = Client::start(dir.path(), &json!({}));
    client.published();
    let sre = dir.path().join("teams/sre.toml");
    let text = std::fs::read_to_string(&sre).unwrap();
    let broken = text.replace("owner = \"dmitri\"\n", "owner = \"dmitri\n");
    open(&mut client, &sre, &broken);
    let published = client.published();
    let codes: Vec<&Value> = published[&uri(&sre)].iter().map(|d| &d["code"]).collect();
    assert_eq!(codes, vec!["toml-syntax"]);
    // `pillar = "reliability"` (line 7) still leads to its definition.
    let found = client.request("textDocument/definition", at(&sre, 6, 12));
    assert_eq!(found["uri"], uri(&dir.path().join("northstar.toml")));
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn definition_and_references_cross_files_check_ins_included() {
    let (dir, main) = platform_copy();
    let (mut client, _) = Client::start(dir.path(), &json!({}));
    client.published();
    let sre = dir.path().join("teams/sre.toml");
    let main_text = std::fs::read_to_string(&main).unwrap();
    // `pillar = "reliability"` in sre.toml, to `id = "reliability"` in northstar.toml.
    let found = client.request("textDocument/definition", at(&sre, 6, 12));
    let (line, character) = utf16_position(
        &main_text,
        "\"reliability\"\nname = \"Platform reliability\"",
    );
    assert_eq!(
        found,
        json!({
            "uri": uri(&main),
            "range": { "start": { "line": line, "character": character }, "end": { "line": line, "character": character + 13 } },
        })
    );
    // Every place naming `runbook-coverage`: its initiative's `drives` and four check-ins.
    let refs = client.request(
        "textDocument/references",
        json!({
            "textDocument": { "uri": uri(&sre) },
            "position": { "line": 25, "character": 8 },
            "context": { "includeDeclaration": true },
        }),
    );
    let places: Vec<(String, u64, u64)> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let file = l["uri"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string();
            (
                file,
                l["range"]["start"]["line"].as_u64().unwrap(),
                l["range"]["start"]["character"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, u64, u64)> = [
        ("sre.toml", 25, 5),
        ("sre.toml", 51, 25),
        ("checkins.toml", 82, 9),
        ("checkins.toml", 182, 9),
        ("checkins.toml", 285, 9),
        ("checkins.toml", 386, 9),
    ]
    .iter()
    .map(|(f, l, c)| ((*f).to_string(), *l, *c))
    .collect();
    assert_eq!(places, expected);
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn symbols_outline_a_file_and_search_the_plan() {
    let (dir, _) = platform_copy();
    let (mut client, _) = Client::start(dir.path(), &json!({}));
    client.published();
    let sre = dir.path().join("teams/sre.toml");
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri(&sre) } }),
    );
    let names = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        names(&symbols),
        vec![
            "fewer-pages",
            "canary-rollouts",
            "alert-cleanup",
            "k8s-upgrade",
            "legacy-queue",
            "ai-triage",
            "canary-default"
        ]
    );
    assert_eq!(
        names(&symbols[0]["children"]),
        vec!["page-volume", "slo-coverage", "runbook-coverage"]
    );
    assert_eq!(symbols[0]["detail"], "objective · On-call is sustainable");
    // The objective's range runs from its header to its last key result's last value.
    assert_eq!(
        symbols[0]["range"]["start"],
        json!({ "line": 3, "character": 0 })
    );
    assert_eq!(
        symbols[0]["range"]["end"],
        json!({ "line": 29, "character": 12 })
    );
    assert_eq!(
        symbols[0]["selectionRange"]["start"],
        json!({ "line": 4, "character": 5 })
    );

    let found = client.request("workspace/symbol", json!({ "query": "CANARY" }));
    let found: Vec<(String, String)> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["containerName"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("canary-rollouts".to_string(), "initiative".to_string()),
            ("canary-default".to_string(), "bet".to_string())
        ]
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn hover_shows_the_numbers_of_show() {
    let (dir, main) = platform_copy();
    let (mut client, _) = Client::start(dir.path(), &json!({}));
    client.published();
    let show = northstar(&[
        "-f",
        main.to_str().unwrap(),
        "--as-of",
        TODAY,
        "show",
        "page-volume",
        "--format",
        "json",
    ]);
    let show: Value = serde_json::from_str(&show.stdout).unwrap();
    let standing = &show["standing"];
    assert_eq!(standing["current"], 74.0);
    assert_eq!(standing["progress"], 0.575);
    let last = show["history"].as_array().unwrap().last().unwrap().clone();
    // On the reference in `drives = ["page-volume", …]` (sre.toml line 52).
    let sre = dir.path().join("teams/sre.toml");
    let hover = client.request("textDocument/hover", at(&sre, 51, 12));
    assert_eq!(hover["contents"]["kind"], "markdown");
    let progress = format!("{:.0}%", standing["progress"].as_f64().unwrap() * 100.0);
    let expected = format!(
        "**key result** `page-volume` · Pages per week across all rotations\n\n\
         - window: {} – {}\n\
         - latest: {} pages\n\
         - progress: {progress}\n\
         - status: {}\n\
         - last check-in: {} · {} · confidence {}\n\
         - as of: {TODAY}\n",
        show["window"]["first_day"].as_str().unwrap(),
        show["window"]["last_day"].as_str().unwrap(),
        standing["current"].as_f64().unwrap(),
        standing["status"].as_str().unwrap(),
        last["date"].as_str().unwrap(),
        last["value"].as_f64().unwrap(),
        last["confidence"].as_f64().unwrap(),
    );
    assert_eq!(hover["contents"]["value"], expected);
    assert_eq!(
        hover["contents"]["value"],
        "**key result** `page-volume` · Pages per week across all rotations\n\n- window: 2026-10-01 – 2026-12-31\n- latest: 74 pages\n- progress: 57%\n- status: on-track\n- last check-in: 2026-11-16 · 74 · confidence 0.75\n- as of: 2026-11-20\n"
    );
    assert_eq!(
        hover["range"],
        json!({ "start": { "line": 51, "character": 10 }, "end": { "line": 51, "character": 23 } })
    );
    assert_eq!(client.stop(), Some(0));
}

/// A check-in log whose only check-in is an inline table after a note with an emoji (two
/// UTF-16 units, four UTF-8 bytes) and CJK text (one unit, three bytes each).
const EMOJI_LOG: &str =
    "checkin = [{ note = \"🚀 速度\", metric = \"page-volume\", date = 2026-11-17, value = 70 }]\n";

#[test]
fn positions_are_utf16_on_a_line_with_emoji_and_cjk() {
    let (dir, _) = platform_copy();
    let (mut client, _) = Client::start(dir.path(), &json!({}));
    client.published();
    let log = dir.path().join("checkins.toml");
    open(&mut client, &log, EMOJI_LOG);
    let (_, character) = utf16_position(EMOJI_LOG, "\"page-volume\"");
    assert_eq!(character, 38);
    let refs = client.request(
        "textDocument/references",
        json!({
            "textDocument": { "uri": uri(&log) },
            "position": { "line": 0, "character": 41 },
            "context": { "includeDeclaration": false },
        }),
    );
    let in_log: Vec<&Value> = refs
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["uri"] == uri(&log))
        .collect();
    assert_eq!(
        in_log,
        vec![
            &json!({ "uri": uri(&log), "range": { "start": { "line": 0, "character": 38 }, "end": { "line": 0, "character": 51 } } })
        ]
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn positions_are_utf8_when_the_client_offers_it() {
    let (dir, _) = platform_copy();
    let params =
        json!({ "capabilities": { "general": { "positionEncodings": ["utf-8", "utf-16"] } } });
    let (mut client, result) = Client::start(dir.path(), &params);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    client.published();
    let log = dir.path().join("checkins.toml");
    open(&mut client, &log, EMOJI_LOG);
    let offset = EMOJI_LOG.find("\"page-volume\"").unwrap();
    assert_eq!(offset, 44);
    let found = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(&log) }, "position": { "line": 0, "character": 47 } }),
    );
    assert_eq!(
        found["range"],
        json!({ "start": { "line": 0, "character": 44 }, "end": { "line": 0, "character": 57 } })
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn completion_offers_the_ids_a_key_takes_and_enum_values_in_an_unsaved_buffer() {
    let (dir, _) = platform_copy();
    let (mut client, _) = Client::start(dir.path(), &json!({}));
    client.published();
    let sre = dir.path().join("teams/sre.toml");
    let text = std::fs::read_to_string(&sre).unwrap();
    // Mid-edit: `pillar = "re` on line 7, `risk = "` in the first bet.
    let edited = text
        .replacen("pillar = \"reliability\"", "pillar = \"re", 1)
        .replacen("risk = \"transformational\"", "risk = \"", 1);
    open(&mut client, &sre, &edited);
    let labels = |items: &Value| -> Vec<String> {
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    let items = client.request("textDocument/completion", at(&sre, 6, 12));
    assert_eq!(labels(&items), vec!["velocity", "reliability", "security"]);
    assert_eq!(items[1]["detail"], "pillar · Platform reliability");
    assert_eq!(
        items[1]["textEdit"],
        json!({ "range": { "start": { "line": 6, "character": 10 }, "end": { "line": 6, "character": 12 } }, "newText": "reliability" })
    );
    let (line, character) = utf16_position(&edited, "risk = \"\n");
    let items = client.request("textDocument/completion", at(&sre, line, character + 8));
    assert_eq!(labels(&items), vec!["core", "adjacent", "transformational"]);
    // Outside a quoted value of such a key: nothing.
    let items = client.request("textDocument/completion", at(&sre, 4, 3));
    assert_eq!(items, Value::Null);
    assert_eq!(client.stop(), Some(0));
}

/// `edits` (one file's `TextEdit`s, on ASCII lines) applied to `text`.
pub(crate) fn apply(text: &str, edits: &[Value]) -> String {
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let offset = |p: &Value| {
                let line = usize::try_from(p["line"].as_u64().unwrap()).unwrap();
                let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
                start + usize::try_from(p["character"].as_u64().unwrap()).unwrap()
            };
            let range = &e["range"];
            (
                offset(&range["start"]),
                offset(&range["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut text = text.to_string();
    for (start, end, new) in edits {
        text.replace_range(start..end, &new);
    }
    text
}

#[test]
fn rename_edits_every_file_and_the_plan_still_checks() {
    let (dir, main) = platform_copy();
    let (mut client, _) = Client::start(dir.path(), &json!({}));
    client.published();
    let sre = dir.path().join("teams/sre.toml");
    let log = dir.path().join("checkins.toml");
    // On `id = "page-volume"` (sre.toml line 12): the id without its quotes.
    let prepared = client.request("textDocument/prepareRename", at(&sre, 11, 8));
    assert_eq!(
        prepared,
        json!({ "range": { "start": { "line": 11, "character": 6 }, "end": { "line": 11, "character": 17 } }, "placeholder": "page-volume" })
    );
    let rename = |client: &mut Client, name: &str| {
        client.request_raw(
            "textDocument/rename",
            json!({ "textDocument": { "uri": uri(&sre) }, "position": { "line": 11, "character": 8 }, "newName": name }),
        )
    };
    // Refused as `add` refuses a new id.
    let refusals = [
        (
            "Weekly Pages",
            "`Weekly Pages` is not a valid id: ids are lowercase letters, digits, `.`, `_` and `-`, starting with a letter or a digit\nhelp: try `weekly-pages`",
        ),
        (
            "slo-coverage",
            "the plan already has an entity with id `slo-coverage`\nhelp: pick another id; `northstar show slo-coverage` shows it",
        ),
        (
            "slo-covrage",
            "id `slo-covrage` is one edit away from the key result `slo-coverage`, which the plan already has\nhelp: did you mean `slo-coverage`? pick an id further from it",
        ),
    ];
    for (name, message) in refusals {
        let response = rename(&mut client, name);
        assert_eq!(response["error"]["code"], -32803, "{name}");
        assert_eq!(response["error"]["message"], message, "{name}");
    }
    let response = rename(&mut client, "weekly-pages");
    let changes = &response["result"]["changes"];
    let count = |f: &Path| changes[uri(f)].as_array().unwrap().len();
    let in_log = std::fs::read_to_string(&log)
        .unwrap()
        .matches("\"page-volume\"")
        .count();
    assert_eq!((count(&sre), count(&log)), (3, in_log));
    assert_eq!(changes.as_object().unwrap().len(), 2);
    for file in [&sre, &log] {
        let text = std::fs::read_to_string(file).unwrap();
        let renamed = apply(&text, changes[uri(file)].as_array().unwrap());
        assert_eq!(renamed, text.replace("\"page-volume\"", "\"weekly-pages\""));
        std::fs::write(file, renamed).unwrap();
    }
    let check = northstar(&[
        "-f",
        main.to_str().unwrap(),
        "check",
        "--no-git",
        "--format",
        "json",
    ]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert_eq!(
        crate::common::codes(&check.stdout),
        vec!["stale-key-result", "overdue-bet"]
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn inlay_hints_show_the_roll_up_and_code_lenses_count_references() {
    let (dir, main) = platform_copy();
    let (mut client, _) = Client::start(dir.path(), &json!({}));
    client.published();
    let sre = dir.path().join("teams/sre.toml");
    let report = crate::common::status_json(main.to_str().unwrap(), TODAY, &[]);
    let objective = crate::common::objective_row(&report, "fewer-pages");
    let label = |row: &Value| {
        format!(
            "{:.0}% · {}",
            row["progress"].as_f64().unwrap() * 100.0,
            row["status"].as_str().unwrap()
        )
    };
    let mut expected: Vec<(u64, String)> = vec![(4, label(objective))];
    for (line, kr) in [
        (11, "page-volume"),
        (18, "slo-coverage"),
        (25, "runbook-coverage"),
    ] {
        expected.push((line, label(crate::common::key_result_row(&report, kr))));
    }
    // After each `quarter = "2026-Q4"` (the objective's on line 8, then the initiatives'):
    // its days.
    let q4 = "→ 2026-10-01 – 2026-12-31".to_string();
    expected.insert(1, (7, q4.clone()));
    expected.extend([35, 46, 57, 67].map(|line| (line, q4.clone())));
    let hints = client.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri(&sre) }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 200, "character": 0 } } }),
    );
    let got: Vec<(u64, String)> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["position"]["line"].as_u64().unwrap(),
                h["label"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(got, expected);
    assert_eq!(got[2].1, "57% · on-track");
    assert_eq!(hints[2]["position"], json!({ "line": 11, "character": 18 }));

    let lenses = client.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri(&sre) } }),
    );
    let page_volume = lenses
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["range"]["start"]["line"] == 11)
        .unwrap();
    let checkins = std::fs::read_to_string(dir.path().join("checkins.toml"))
        .unwrap()
        .matches("metric = \"page-volume\"")
        .count();
    assert_eq!(checkins, 7);
    assert_eq!(
        page_volume["command"]["title"],
        format!("{} references · {checkins} check-ins", checkins + 2)
    );
    assert_eq!(
        page_volume["command"]["title"],
        "9 references · 7 check-ins"
    );
    assert_eq!(client.stop(), Some(0));
}
