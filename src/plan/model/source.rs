//! A measure's validated `source` table: what `northstar measure` reads and how, and the
//! provenance a check-in from it carries.

use crate::diagnostic::Loc;

/// A validated `source` table: where `northstar measure` reads a measure's value.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// What is read, and how.
    pub kind: SourceKind,
    /// Where the `source` table stands (`loc.file` is the plan file defining it: relative
    /// paths are relative to its directory).
    pub loc: Loc,
}

/// The kinds of source, with their validated settings.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceKind {
    /// `kind = "file"`: a CSV column or a JSON pointer in a file of the planning repository.
    File {
        /// The file as written.
        path: String,
        /// How the value is found in it.
        read: SourceRead,
    },
    /// `kind = "http"`: a GET of `url`; the body is a number, or JSON read at `pointer`.
    Http {
        /// The URL (no credentials in it).
        url: String,
        /// JSON pointer to the value, if the body is JSON.
        pointer: Option<String>,
        /// Environment variable holding a bearer token. Sent only over `https://`, from a
        /// trusted plan (`--allow-credentials` or the user's `trusted`), to a host the user's
        /// `[[credential]]` lists with the variable.
        auth_env: Option<String>,
        /// Seconds before giving up.
        timeout_s: u64,
    },
    /// `kind = "prometheus"`: an instant query against a Prometheus server.
    Prometheus {
        /// The server's base URL.
        url: String,
        /// `PromQL` returning one series or a scalar.
        query: String,
        /// Seconds before giving up.
        timeout_s: u64,
    },
    /// `kind = "command"`: a program run without a shell; stdout is a number, or JSON read
    /// at `pointer`. Runs only when trusted (`--allow-commands` or the user's `trusted`).
    Command {
        /// Program and arguments.
        argv: Vec<String>,
        /// JSON pointer to the value, if stdout is JSON.
        pointer: Option<String>,
        /// Seconds before the program is killed.
        timeout_s: u64,
    },
    /// `kind = "dora"`: one of DORA's four keys computed from a git repository.
    Dora(crate::plan::model::dora::Definition),
}

/// How a file source's value is found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceRead {
    /// A CSV column (`column = "value"`).
    Column(String),
    /// A JSON pointer (`pointer = "/data/0/value"`).
    Pointer(String),
}

/// The default `timeout_s` of network and command sources, in seconds.
pub const DEFAULT_TIMEOUT_S: u64 = 10;

impl Source {
    /// The kind's name as written (`file`, `http`, …).
    #[must_use]
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            SourceKind::File { .. } => "file",
            SourceKind::Http { .. } => "http",
            SourceKind::Prometheus { .. } => "prometheus",
            SourceKind::Command { .. } => "command",
            SourceKind::Dora(_) => "dora",
        }
    }

    /// The provenance a check-in from this source carries, split where a dora source's
    /// revision goes: `(head, tail)`, the provenance being `head + "@" + revision + tail`
    /// (or `head + tail` without a revision). Examples:
    /// `file:data/velocity.csv column value`, `http:https://ci.example/api pointer /n`,
    /// `prometheus:http://127.0.0.1:9090 query sum(up)`, `command:["gh","api","x"]`,
    /// `dora:lead-time ../payments-service` + ` tags ^deploy- 28d`. Never a token: only
    /// what the plan says.
    #[must_use]
    pub fn definition(&self) -> (String, String) {
        let pointer = |p: &Option<String>| {
            p.as_ref()
                .map_or_else(String::new, |p| format!(" pointer {p}"))
        };
        match &self.kind {
            SourceKind::File { path, read } => (
                match read {
                    SourceRead::Column(c) => format!("file:{path} column {c}"),
                    SourceRead::Pointer(p) => format!("file:{path} pointer {p}"),
                },
                String::new(),
            ),
            SourceKind::Http {
                url, pointer: p, ..
            } => (format!("http:{url}{}", pointer(p)), String::new()),
            SourceKind::Prometheus { url, query, .. } => {
                (format!("prometheus:{url} query {query}"), String::new())
            }
            SourceKind::Command {
                argv, pointer: p, ..
            } => (
                format!(
                    "command:{}{}",
                    serde_json::to_string(argv).unwrap_or_default(),
                    pointer(p)
                ),
                String::new(),
            ),
            SourceKind::Dora(d) => {
                use crate::plan::model::dora::{Deploys, Failures, Key};
                let head = match (&d.repo, d.key) {
                    (None, _) | (_, Key::TimeToRestore) => format!("dora:{}", d.key.name()),
                    (Some(repo), _) => format!("dora:{} {repo}", d.key.name()),
                };
                let mut parts: Vec<String> = Vec::new();
                if d.key != Key::TimeToRestore {
                    parts.extend(d.deploys.as_ref().map(|deploys| match deploys {
                        Deploys::Tag(t) => format!("tags {t}"),
                        Deploys::Branch(b) => format!("branch {b}"),
                        Deploys::File(f) => format!("deploys {f}"),
                    }));
                }
                if d.key == Key::ChangeFailureRate {
                    parts.extend(d.failures.as_ref().map(|failures| match failures {
                        Failures::Commit(c) => format!("failures {c}"),
                        Failures::File(f) => format!("failures-file {f}"),
                    }));
                }
                if d.key == Key::TimeToRestore {
                    parts.extend(d.incidents.as_ref().map(|i| format!("incidents {i}")));
                }
                parts.push(format!("{}d", d.window_days));
                let tail = format!(" {}", parts.join(" "));
                (head, tail)
            }
        }
    }

    /// The provenance of a value read at `revision` (a dora source's HEAD, abbreviated).
    #[must_use]
    pub fn provenance(&self, revision: Option<&str>) -> String {
        let (head, tail) = self.definition();
        match revision {
            Some(r) => format!("{head}@{r}{tail}"),
            None => format!("{head}{tail}"),
        }
    }

    /// Whether a check-in's recorded `provenance` came from this very definition (a dora
    /// source's revision, the HEAD it read, is ignored: the same definition measured
    /// twice on one day is one measurement).
    #[must_use]
    pub fn same_definition(&self, provenance: &str) -> bool {
        let (head, tail) = self.definition();
        let Some(middle) = provenance
            .strip_prefix(head.as_str())
            .and_then(|rest| rest.strip_suffix(tail.as_str()))
        else {
            return false;
        };
        middle.is_empty()
            || middle
                .strip_prefix('@')
                .is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_hexdigit()))
    }
}
