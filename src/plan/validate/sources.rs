//! `source` tables on the North Star, metrics and numeric key results: where
//! `northstar measure` reads a value. `kind` decides which keys belong: a key of another
//! kind is an error at that key, never silently ignored. A `file` source's confinement to
//! the planning repository is checked by the loader (it needs the filesystem); whether a
//! dora source's declared unit is one its value can be written in is checked here
//! (`source-unit-mismatch`).

use std::ops::Range;

use super::Validator;
use crate::diagnostic::{Code, Diagnostic, FileId, Loc, did_you_mean};
use crate::plan::model::dora::{DEFAULT_WINDOW_DAYS, Definition, Deploys, Failures, Key};
use crate::plan::model::{DEFAULT_TIMEOUT_S, Measure, Source, SourceKind, SourceRead};
use crate::plan::raw::{RawDeploys, RawFailures, RawSource, Spanned};

/// The `source` table being read: its file, header, written name and its measure's id.
struct Table<'a> {
    file: FileId,
    loc: &'a Loc,
    name: &'a str,
    id: &'a str,
}

/// Source kinds, as written.
const KINDS: &[&str] = &["file", "http", "prometheus", "command", "dora"];

/// The keys each kind takes (besides `kind`).
fn keys_of(kind: &str) -> &'static [&'static str] {
    match kind {
        "file" => &["path", "column", "pointer"],
        "http" => &["url", "pointer", "auth_env", "timeout_s"],
        "prometheus" => &["url", "query", "timeout_s"],
        "command" => &["argv", "pointer", "timeout_s"],
        _ => &[
            "measure",
            "repo",
            "deploys",
            "failures",
            "incidents",
            "window_days",
        ],
    }
}

/// The keys present in `table`, with their spans.
fn present(table: &RawSource) -> Vec<(&'static str, Range<usize>)> {
    let mut keys = Vec::new();
    let mut add = |name: &'static str, span: Option<Range<usize>>| {
        if let Some(span) = span {
            keys.push((name, span));
        }
    };
    add("path", table.path.as_ref().map(Spanned::span));
    add("column", table.column.as_ref().map(Spanned::span));
    add("pointer", table.pointer.as_ref().map(Spanned::span));
    add("url", table.url.as_ref().map(Spanned::span));
    add("auth_env", table.auth_env.as_ref().map(Spanned::span));
    add("query", table.query.as_ref().map(Spanned::span));
    add("argv", table.argv.as_ref().map(Spanned::span));
    add("timeout_s", table.timeout_s.as_ref().map(Spanned::span));
    add("measure", table.measure.as_ref().map(Spanned::span));
    add("repo", table.repo.as_ref().map(Spanned::span));
    add("deploys", table.deploys.as_ref().map(Spanned::span));
    add("failures", table.failures.as_ref().map(Spanned::span));
    add("incidents", table.incidents.as_ref().map(Spanned::span));
    add("window_days", table.window_days.as_ref().map(Spanned::span));
    keys
}

impl Validator<'_> {
    /// The `source` table (written `table_name`, e.g. `[metric.source]`) of the measure
    /// `id`, whose declared unit is `unit`. `Err` after reporting its problems.
    pub(super) fn source(
        &mut self,
        raw: &Spanned<RawSource>,
        file: FileId,
        table_name: &str,
        id: &str,
        unit: Option<&str>,
    ) -> Result<Source, ()> {
        let loc = self.head(file, raw.span());
        let table = raw.get_ref();
        let mut missing = self.missing(&loc);
        let Some(kind) = missing.need(table.kind.as_ref(), "kind") else {
            self.report_missing(&missing, table_name, Some(id), &loc);
            return Err(());
        };
        let name = kind.get_ref().as_str();
        if !KINDS.contains(&name) {
            let mut d = Diagnostic::new(
                Code::InvalidValue,
                format!("unknown source kind `{name}`"),
                Loc::new(file, kind.span()),
            )
            .label("not a source kind");
            d = match did_you_mean(name, KINDS.iter().copied()) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help("a source is `file`, `http`, `prometheus`, `command` or `dora`"),
            };
            self.push(d);
            return Err(());
        }
        let allowed = keys_of(name);
        let mut ok = true;
        for (key, span) in present(table) {
            if !allowed.contains(&key) {
                let list: Vec<String> = allowed.iter().map(|k| format!("`{k}`")).collect();
                self.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("`{key}` does not belong in a `{name}` source"),
                        Loc::new(file, span),
                    )
                    .label(format!("not a key of kind `{name}`"))
                    .help(format!("a `{name}` source takes {}", list.join(", "))),
                );
                ok = false;
            }
        }
        let at = Table {
            file,
            loc: &loc,
            name: table_name,
            id,
        };
        let kind = match name {
            "file" => self.file_source(table, &at),
            "http" => self.http_source(table, &at),
            "prometheus" => self.prometheus_source(table, &at),
            "command" => self.command_source(table, &at),
            _ => self.dora_source(table, &at, unit),
        };
        match (ok, kind) {
            (true, Some(kind)) => Ok(Source { kind, loc }),
            _ => Err(()),
        }
    }

    /// A required, non-empty text key: `None` after reporting it missing or empty.
    fn text_key<'t>(
        &mut self,
        value: Option<&'t Spanned<String>>,
        name: &'static str,
        at: &Table<'_>,
        label: &str,
    ) -> Option<&'t Spanned<String>> {
        let file = at.file;
        let mut missing = self.missing(at.loc);
        let value = missing.need(value, name);
        self.report_missing(&missing, at.name, Some(at.id), at.loc);
        let value = value?;
        if value.get_ref().trim().is_empty() {
            self.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("source `{name}` is empty"),
                    Loc::new(file, value.span()),
                )
                .label(label.to_string()),
            );
            return None;
        }
        Some(value)
    }

    /// An optional JSON pointer; `Err` after reporting one not starting with `/`.
    fn pointer_key(
        &mut self,
        pointer: Option<&Spanned<String>>,
        file: FileId,
    ) -> Result<Option<String>, ()> {
        let Some(pointer) = pointer else {
            return Ok(None);
        };
        let p = pointer.get_ref();
        if p.is_empty() || p.starts_with('/') {
            return Ok(Some(p.clone()));
        }
        self.push(
            Diagnostic::new(
                Code::InvalidValue,
                format!("JSON pointer `{p}` does not start with `/`"),
                Loc::new(file, pointer.span()),
            )
            .label("a JSON pointer (RFC 6901)")
            .help(format!(
                "write it from the document's root: `/{}`",
                p.trim_start_matches('/')
            )),
        );
        Err(())
    }

    /// `timeout_s` (default [`DEFAULT_TIMEOUT_S`]), 1–3600 seconds.
    fn timeout_key(&mut self, timeout: Option<&Spanned<i64>>, file: FileId) -> Option<u64> {
        let Some(timeout) = timeout else {
            return Some(DEFAULT_TIMEOUT_S);
        };
        if let Ok(t @ 1..=3600) = u64::try_from(*timeout.get_ref()) {
            Some(t)
        } else {
            {
                self.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("`timeout_s = {}` is out of range", timeout.get_ref()),
                        Loc::new(file, timeout.span()),
                    )
                    .label("seconds, 1 to 3600")
                    .help(format!(
                        "leave it out for the default, {DEFAULT_TIMEOUT_S} s"
                    )),
                );
                None
            }
        }
    }

    /// A URL a network source may fetch: `http://` or `https://`, parsed, without
    /// credentials (they would be written into every check-in's provenance).
    fn url_key(&mut self, table: &RawSource, at: &Table<'_>) -> Option<String> {
        let file = at.file;
        let url = self.text_key(table.url.as_ref(), "url", at, "an http:// or https:// URL")?;
        let text = url.get_ref().trim();
        let at = Loc::new(file, url.span());
        let problem = match text.parse::<ureq::http::Uri>() {
            Err(e) => Some((format!("`{text}` is not a valid URL: {e}"), None)),
            Ok(uri) => match (uri.scheme_str(), uri.authority()) {
                (Some("http" | "https"), Some(authority)) if authority.as_str().contains('@') => {
                    Some((
                        "the URL carries credentials".to_string(),
                        Some(
                            "they would be written into every check-in's provenance: put a \
                             token in an environment variable and name it in `auth_env`",
                        ),
                    ))
                }
                (Some("http" | "https"), Some(_)) => None,
                _ => Some((format!("`{text}` is not an http:// or https:// URL"), None)),
            },
        };
        match problem {
            None => Some(text.to_string()),
            Some((message, help)) => {
                let mut d = Diagnostic::new(Code::InvalidValue, message, at)
                    .label("an http:// or https:// URL");
                if let Some(help) = help {
                    d = d.help(help);
                }
                self.push(d);
                None
            }
        }
    }

    fn file_source(&mut self, table: &RawSource, at: &Table<'_>) -> Option<SourceKind> {
        let (file, loc, id) = (at.file, at.loc, at.id);
        let path = self.text_key(
            table.path.as_ref(),
            "path",
            at,
            "a file, relative to this plan file",
        );
        let read = match (&table.column, &table.pointer) {
            (Some(column), None) => Some(SourceRead::Column(column.get_ref().clone())),
            (None, Some(_)) => match self.pointer_key(table.pointer.as_ref(), file) {
                Ok(Some(p)) => Some(SourceRead::Pointer(p)),
                _ => None,
            },
            (Some(_), Some(pointer)) => {
                self.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("the source of `{id}` has both `column` and `pointer`"),
                        Loc::new(file, pointer.span()),
                    )
                    .label("one of the two")
                    .help("`column` reads a CSV file, `pointer` a JSON file"),
                );
                None
            }
            (None, None) => {
                self.push(
                    Diagnostic::new(
                        Code::MissingField,
                        format!("the source of `{id}` has neither `column` nor `pointer`"),
                        loc.clone(),
                    )
                    .label("`column` or `pointer` required here")
                    .help("`column = \"value\"` for a CSV file, `pointer = \"/value\"` for JSON"),
                );
                None
            }
        };
        Some(SourceKind::File {
            path: path?.get_ref().clone(),
            read: read?,
        })
    }

    fn http_source(&mut self, table: &RawSource, at: &Table<'_>) -> Option<SourceKind> {
        let file = at.file;
        let url = self.url_key(table, at);
        let pointer = self.pointer_key(table.pointer.as_ref(), file);
        let timeout_s = self.timeout_key(table.timeout_s.as_ref(), file);
        let auth_env = match &table.auth_env {
            None => Some(None),
            Some(var) if is_env_name(var.get_ref()) => Some(Some(var.get_ref().clone())),
            Some(var) => {
                self.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("`{}` is not an environment variable's name", var.get_ref()),
                        Loc::new(file, var.span()),
                    )
                    .label("letters, digits and `_`, not starting with a digit")
                    .help(
                        "name the variable that holds the token (`auth_env = \"GRAFANA_TOKEN\"`), \
                         never the token itself",
                    ),
                );
                None
            }
        };
        Some(SourceKind::Http {
            url: url?,
            pointer: pointer.ok()?,
            auth_env: auth_env?,
            timeout_s: timeout_s?,
        })
    }

    fn prometheus_source(&mut self, table: &RawSource, at: &Table<'_>) -> Option<SourceKind> {
        let file = at.file;
        let url = self.url_key(table, at);
        let query = self.text_key(table.query.as_ref(), "query", at, "a PromQL instant query");
        let timeout_s = self.timeout_key(table.timeout_s.as_ref(), file);
        Some(SourceKind::Prometheus {
            url: url?,
            query: query?.get_ref().trim().to_string(),
            timeout_s: timeout_s?,
        })
    }

    fn command_source(&mut self, table: &RawSource, at: &Table<'_>) -> Option<SourceKind> {
        let (file, loc, id) = (at.file, at.loc, at.id);
        let mut missing = self.missing(loc);
        let argv = missing.need(table.argv.as_ref(), "argv");
        self.report_missing(&missing, at.name, Some(id), loc);
        let pointer = self.pointer_key(table.pointer.as_ref(), file);
        let timeout_s = self.timeout_key(table.timeout_s.as_ref(), file);
        let argv = argv?;
        if argv.get_ref().first().is_none_or(|p| p.trim().is_empty()) {
            self.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    "`argv` names no program",
                    Loc::new(file, argv.span()),
                )
                .label("the program, then its arguments")
                .help("e.g. argv = [\"gh\", \"api\", \"repos/acme/app/releases\"] (run without a shell)"),
            );
            return None;
        }
        Some(SourceKind::Command {
            argv: argv.get_ref().clone(),
            pointer: pointer.ok()?,
            timeout_s: timeout_s?,
        })
    }

    fn dora_source(
        &mut self,
        table: &RawSource,
        at: &Table<'_>,
        unit: Option<&str>,
    ) -> Option<SourceKind> {
        let (file, loc, id) = (at.file, at.loc, at.id);
        let measure = self.text_key(
            table.measure.as_ref(),
            "measure",
            at,
            "one of DORA's four keys",
        )?;
        let Some(key) = Key::parse(measure.get_ref()) else {
            let names = Key::ALL.map(Key::name);
            let written = measure.get_ref();
            self.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("unknown DORA measure `{written}`"),
                    Loc::new(file, measure.span()),
                )
                .label("not one of DORA's four keys")
                .help(match did_you_mean(written, names) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("a dora measure is one of {}", names.join(", ")),
                }),
            );
            return None;
        };
        let mut ok = true;
        let mut required: Vec<&'static str> = Vec::new();
        if key != Key::TimeToRestore {
            if table.repo.is_none() {
                required.push("repo");
            }
            if table.deploys.is_none() {
                required.push("deploys");
            }
        }
        if key == Key::ChangeFailureRate && table.failures.is_none() {
            required.push("failures");
        }
        if key == Key::TimeToRestore && table.incidents.is_none() {
            required.push("incidents");
        }
        if !required.is_empty() {
            let mut missing = self.missing(loc);
            for name in required {
                missing.need(None::<&()>, name);
            }
            ok &= self.report_missing(&missing, at.name, Some(id), loc);
        }
        let deploys = table
            .deploys
            .as_ref()
            .and_then(|d| self.dora_deploys(d, file));
        let failures = table
            .failures
            .as_ref()
            .and_then(|f| self.dora_failures(f, file));
        if table.deploys.is_some() && deploys.is_none()
            || table.failures.is_some() && failures.is_none()
        {
            ok = false;
        }
        let window_days = match &table.window_days {
            None => Some(DEFAULT_WINDOW_DAYS),
            Some(w) => {
                if let Ok(n @ 1..=3660) = u32::try_from(*w.get_ref()) {
                    Some(n)
                } else {
                    {
                        self.push(
                            Diagnostic::new(
                                Code::InvalidValue,
                                format!("`window_days = {}` is out of range", w.get_ref()),
                                Loc::new(file, w.span()),
                            )
                            .label("calendar days, 1 to 3660")
                            .help(format!(
                                "leave it out for DORA's usual trailing {DEFAULT_WINDOW_DAYS} days"
                            )),
                        );
                        None
                    }
                }
            }
        };
        if key.scale(unit).is_none() {
            let units: Vec<String> = key.units().iter().map(|u| format!("`{u}`")).collect();
            self.push(
                Diagnostic::new(
                    Code::SourceUnitMismatch,
                    format!(
                        "`{id}` declares unit `{}`, but DORA's {} is written in {}",
                        unit.unwrap_or_default(),
                        key.name(),
                        key.base_unit()
                    ),
                    Loc::new(file, measure.span()),
                )
                .label(format!("measured in {}", key.base_unit()))
                .help(format!(
                    "declare one of {} on `{id}`, or leave `unit` out",
                    units.join(", ")
                )),
            );
            ok = false;
        }
        let window_days = window_days?;
        ok.then(|| {
            SourceKind::Dora(Definition {
                key,
                repo: table.repo.as_ref().map(|r| r.get_ref().clone()),
                deploys,
                failures,
                incidents: table.incidents.as_ref().map(|i| i.get_ref().clone()),
                window_days,
            })
        })
    }

    /// A dora source's `deploys`: exactly one of `tag` (a regex), `branch` and `file`.
    fn dora_deploys(&mut self, d: &Spanned<RawDeploys>, file: FileId) -> Option<Deploys> {
        let raw = d.get_ref();
        let given: Vec<(&str, &Spanned<String>)> = [
            ("tag", raw.tag.as_ref()),
            ("branch", raw.branch.as_ref()),
            ("file", raw.file.as_ref()),
        ]
        .into_iter()
        .filter_map(|(n, v)| v.map(|v| (n, v)))
        .collect();
        match given.as_slice() {
            [("tag", v)] => self.regex_key(v, file, "tag").map(Deploys::Tag),
            [("branch", v)] => Some(Deploys::Branch(v.get_ref().clone())),
            [(_, v)] => Some(Deploys::File(v.get_ref().clone())),
            _ => {
                self.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        "`deploys` must name exactly one of `tag`, `branch` and `file`",
                        Loc::new(file, d.span()),
                    )
                    .label("one way to find deploys")
                    .help(
                        "`{ tag = \"^deploy-\" }`, `{ branch = \"main\" }` or \
                         `{ file = \"deploys.csv\" }`",
                    ),
                );
                None
            }
        }
    }

    /// A dora source's `failures`: exactly one of `commit` (a regex) and `file`.
    fn dora_failures(&mut self, f: &Spanned<RawFailures>, file: FileId) -> Option<Failures> {
        let raw = f.get_ref();
        match (&raw.commit, &raw.file) {
            (Some(c), None) => self.regex_key(c, file, "commit").map(Failures::Commit),
            (None, Some(path)) => Some(Failures::File(path.get_ref().clone())),
            _ => {
                self.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        "`failures` must name exactly one of `commit` and `file`",
                        Loc::new(file, f.span()),
                    )
                    .label("one way to find failed deploys")
                    .help("`{ commit = \"^(Revert|hotfix)\" }` or `{ file = \"failed.csv\" }`"),
                );
                None
            }
        }
    }

    /// A regular expression (the `regex` crate's syntax); `None` after reporting one that
    /// does not compile.
    fn regex_key(&mut self, value: &Spanned<String>, file: FileId, name: &str) -> Option<String> {
        match regex::Regex::new(value.get_ref()) {
            Ok(_) => Some(value.get_ref().clone()),
            Err(e) => {
                let first = e.to_string();
                let reason = first.lines().last().unwrap_or_default().trim().to_string();
                self.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!(
                            "`{name}` pattern `{}` is not a valid regular expression",
                            value.get_ref()
                        ),
                        Loc::new(file, value.span()),
                    )
                    .label(reason)
                    .help("the syntax is Rust's `regex` crate's (as ripgrep's)"),
                );
                None
            }
        }
    }
}

/// Whether `name` is a portable environment variable name: `[A-Za-z_][A-Za-z0-9_]*`.
fn is_env_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

impl Validator<'_> {
    /// The `source` table of key result `id`, measured as `measure` (`None`: broken,
    /// reported elsewhere). A source gives numbers: a milestone key result, or one whose
    /// progress comes from its children, takes none.
    pub(super) fn key_result_source(
        &mut self,
        raw: &Spanned<RawSource>,
        measure: Option<Measure>,
        file: FileId,
        id: &str,
        unit: Option<&str>,
    ) -> Result<Source, ()> {
        let why = match measure {
            Some(Measure::Milestone) => Some("a milestone is done or not done"),
            Some(Measure::FromChildren) => Some("its progress comes from the objectives under it"),
            _ => None,
        };
        if let Some(why) = why {
            self.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    format!("key result `{id}` cannot have a source: {why}"),
                    self.head(file, raw.span()),
                )
                .label("a source gives numbers")
                .help("give sources to numeric key results, metrics and the North Star"),
            );
            return Err(());
        }
        self.source(raw, file, "[objective.key_result.source]", id, unit)
    }
}
