//! Loading: finds the plan file, reads it and its includes, and turns each file into a
//! [`RawFile`], collecting every syntax and schema problem as a diagnostic.
//!
//! Parsing has a fast path and a thorough one. A well-formed file is deserialized in one
//! pass (`toml::from_str`). A file with any problem is parsed again with the TOML parser's
//! error recovery, and each entity table is deserialized on its own; when serde rejects a key,
//! that key is reported and removed and the table is tried again. So a file with ten mistakes
//! gets ten diagnostics, not one.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use anyhow::Context as _;
use serde::Deserialize as _;
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::origin::Origin;
use super::raw::{self, RawFile, RawObjective, SECTIONS};
use crate::diagnostic::{Code, Diagnostic, FileId, Loc, SourceFile, Sources, did_you_mean};

/// The name of the plan file searched for when no `-f` or `NORTHSTAR_PLAN` is given.
pub const PLAN_FILE_NAME: &str = "northstar.toml";

/// Everything read from disk: the sources (for diagnostics) and each file's raw content.
#[derive(Debug, Default)]
pub struct Loaded {
    /// All files; the main file is `FileId(0)`.
    pub sources: Sources,
    /// Each file's raw content, in load order (main file first).
    pub files: Vec<(FileId, RawFile)>,
    /// Syntax, schema and include problems found while loading.
    pub diagnostics: Vec<Diagnostic>,
    /// The check-in log named by `[plan] checkin_log`, resolved against the main file.
    pub checkin_log: Option<PathBuf>,
    /// Keys dropped after a schema error, by (file, byte offset where their table starts):
    /// validation does not report them again as missing.
    pub removed: HashMap<(FileId, usize), Vec<String>>,
}

/// Finds `northstar.toml` in `start` or the nearest directory above it, as cargo finds
/// `Cargo.toml`. Returns `None` when there is none up to the filesystem root.
#[must_use]
pub fn find_plan(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(PLAN_FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Reads the plan whose main file is `main`, expanding its `include` globs once.
///
/// Every included file must lie under the main file's directory, and the check-in log in
/// the planning repository (the git work tree holding the main file; outside git, the main
/// file's directory): one that does not (an absolute path, a `..` or a symbolic link
/// leading out) is reported as `path-outside-plan` and never read.
///
/// Errors (`Err`) only when the main file itself cannot be read; every other problem,
/// including unreadable included files, becomes a diagnostic in [`Loaded::diagnostics`].
pub fn load(main: &Path, origin: &Origin) -> anyhow::Result<Loaded> {
    load_edited(main, origin, &[])
}

/// [`load`], with the files of `edits` read as the bytes given instead of their content
/// (a file given that does not exist yet exists): how a write command checks that the
/// plan it is about to write still validates, before writing anything. Files are matched
/// by [`crate::write::edit::identity`].
pub fn load_edited(
    main: &Path,
    origin: &Origin,
    edits: &[(PathBuf, Vec<u8>)],
) -> anyhow::Result<Loaded> {
    let edited: HashMap<PathBuf, &Vec<u8>> = edits
        .iter()
        .map(|(path, bytes)| (crate::write::edit::identity(path), bytes))
        .collect();
    let find = |path: &Path| edited.get(&crate::write::edit::identity(path)).copied();
    let read = |path: &Path| match find(path) {
        Some(bytes) => Ok(bytes.clone()),
        None => origin.read(path),
    };
    let bytes = read(main).with_context(|| match origin {
        Origin::WorkingTree => format!("cannot read plan file `{}`", main.display()),
        Origin::Git(tree) => format!(
            "cannot read plan file `{}` at revision `{}`",
            main.display(),
            tree.rev
        ),
    })?;
    let mut loaded = Loaded::default();
    let main_id = add_source(&mut loaded, main.to_path_buf(), bytes);
    let main_raw = parse_file(
        &loaded.sources,
        main_id,
        &mut loaded.diagnostics,
        &mut loaded.removed,
    );
    let base = main.parent().unwrap_or_else(|| Path::new(""));
    let fence = Fence {
        root: origin.plan_root(base),
        base,
    };
    let log_setting = main_raw
        .plan
        .as_ref()
        .and_then(|p| p.get_ref().checkin_log.clone());
    loaded.checkin_log = log_setting.as_ref().map(|log| base.join(log.get_ref()));
    let includes: Vec<raw::Spanned<String>> = main_raw
        .plan
        .as_ref()
        .and_then(|p| p.get_ref().include.clone())
        .unwrap_or_default();
    loaded.files.push((main_id, main_raw));

    let mut seen: HashSet<PathBuf> = HashSet::new();
    seen.insert(origin.identity(main));
    let git_dir = OnceCell::new();
    let in_git_dir = |path: &Path| {
        matches!(origin, Origin::WorkingTree)
            && origin.resolves_inside(
                git_dir.get_or_init(|| origin.repository_root(base).join(".git")),
                path,
            )
    };
    for pattern in &includes {
        let loc = Loc::new(main_id, pattern.span());
        if names_git_metadata(pattern.get_ref()) {
            loaded.diagnostics.push(fence.in_git(
                format!(
                    "include pattern `{}` leads into git's metadata",
                    pattern.get_ref()
                ),
                loc,
            ));
            continue;
        }
        if let Some(reason) = lexical_escape(pattern.get_ref()) {
            loaded.diagnostics.push(fence.outside(
                format!(
                    "include pattern `{}` leads outside the plan's directory",
                    pattern.get_ref()
                ),
                loc,
                reason,
            ));
            continue;
        }
        for path in expand_include(
            origin,
            &fence,
            pattern.get_ref(),
            &loc,
            &mut loaded.diagnostics,
        ) {
            if !origin.resolves_inside(&fence.root, &path) {
                loaded.diagnostics.push(fence.outside(
                    format!(
                        "included file `{}` resolves to a file outside the plan's directory",
                        path.display()
                    ),
                    loc.clone(),
                    "matched by this pattern: a symbolic link leads out".into(),
                ));
                continue;
            }
            if names_git_metadata(&path.strip_prefix(base).unwrap_or(&path).to_string_lossy())
                || in_git_dir(&path)
            {
                loaded.diagnostics.push(fence.in_git(
                    format!("included file `{}` lies in git's metadata", path.display()),
                    loc.clone(),
                ));
                continue;
            }
            if !seen.insert(origin.identity(&path)) {
                continue;
            }
            match read(&path) {
                Ok(bytes) => add_secondary_file(&mut loaded, path, bytes, "in an included file"),
                Err(err) => loaded.diagnostics.push(
                    Diagnostic::new(
                        Code::UnreadableFile,
                        format!("cannot read included file `{}`: {err}", path.display()),
                        loc.clone(),
                    )
                    .label("included by this pattern"),
                ),
            }
        }
    }
    // The check-in log is part of the plan even when no include names it; a log that does
    // not exist yet holds no check-ins. Unlike an include it may leave the main file's
    // directory, so that several plans of one planning repository share one log
    // (`../shared/checkins.toml`), but never the repository: `checkin` writes it.
    if let (Some(setting), Some(log)) = (&log_setting, loaded.checkin_log.clone()) {
        let loc = Loc::new(main_id, setting.span());
        let outside = |message: String, label: String| {
            fence.outside(message, loc.clone(), label).help(format!(
                "the check-in log must lie in the planning repository holding `{}` \
                 (or under its directory outside git): write its path relative to the main \
                 plan file",
                fence.dir()
            ))
        };
        if Path::new(setting.get_ref()).has_root() {
            loaded.diagnostics.push(outside(
                format!("check-in log `{}` is an absolute path", setting.get_ref()),
                "an absolute path".into(),
            ));
        } else if names_git_metadata(setting.get_ref()) || in_git_dir(&log) {
            loaded.diagnostics.push(fence.in_git(
                format!(
                    "check-in log `{}` lies in git's metadata",
                    setting.get_ref()
                ),
                loc,
            ));
        } else if !origin.resolves_inside(&fence.root, &log)
            && !origin.resolves_inside(&origin.repository_root(base), &log)
        {
            loaded.diagnostics.push(outside(
                format!(
                    "check-in log `{}` lies outside the plan's repository",
                    setting.get_ref()
                ),
                "outside the planning repository".into(),
            ));
        } else if (find(&log).is_some() || origin.exists(&log))
            && seen.insert(origin.identity(&log))
        {
            match read(&log) {
                Ok(bytes) => add_secondary_file(&mut loaded, log, bytes, "in the check-in log"),
                Err(err) => loaded.diagnostics.push(
                    Diagnostic::new(
                        Code::UnreadableFile,
                        format!("cannot read check-in log `{}`: {err}", log.display()),
                        loc,
                    )
                    .label("the check-in log")
                    .help("point `checkin_log` at a regular file (it is created when missing)"),
                ),
            }
        }
    }
    confine_sources(&mut loaded, origin, &fence, base);
    Ok(loaded)
}

/// Every file a `source` table reads (a `file` source's `path`; a `dora` source's
/// `incidents` and its `deploys`/`failures` `file`) must lie in the planning repository,
/// like the check-in log (`northstar measure` reads it): one that does not is reported as
/// `path-outside-plan`. A dora `repo` is another repository and may lie beside it.
/// The file is not read here; a missing one is `measure`'s error, not the plan's.
fn confine_sources(loaded: &mut Loaded, origin: &Origin, fence: &Fence<'_>, base: &Path) {
    let repository = origin.repository_root(base);
    let mut found = Vec::new();
    for (file, raw) in &loaded.files {
        let sources = raw
            .north_star
            .iter()
            .filter_map(|n| n.get_ref().source.as_ref())
            .chain(
                raw.metric
                    .iter()
                    .filter_map(|m| m.get_ref().source.as_ref()),
            )
            .chain(raw.objective.iter().flat_map(|o| {
                o.get_ref()
                    .key_result
                    .iter()
                    .filter_map(|k| k.get_ref().source.as_ref())
            }));
        for source in sources {
            let source = source.get_ref();
            // Every file a source reads: a `file` source's path, a dora source's CSVs.
            let paths = [
                source.path.as_ref(),
                source.incidents.as_ref(),
                source
                    .deploys
                    .as_ref()
                    .and_then(|d| d.get_ref().file.as_ref()),
                source
                    .failures
                    .as_ref()
                    .and_then(|f| f.get_ref().file.as_ref()),
            ];
            for path in paths.into_iter().flatten() {
                found.push((*file, path.clone()));
            }
        }
    }
    for (file, path) in found {
        let loc = Loc::new(file, path.span());
        let written = path.get_ref();
        let dir = loaded
            .sources
            .get(file)
            .path
            .parent()
            .unwrap_or_else(|| Path::new(""));
        let resolved = dir.join(written);
        let (message, label) = if Path::new(written).has_root() {
            (
                format!("source file `{written}` is an absolute path"),
                "an absolute path",
            )
        } else if names_git_metadata(written)
            || (matches!(origin, Origin::WorkingTree)
                && origin.resolves_inside(&repository.join(".git"), &resolved))
        {
            loaded.diagnostics.push(fence.in_git(
                format!("source file `{written}` lies in git's metadata"),
                loc,
            ));
            continue;
        } else if !origin.resolves_inside(&fence.root, &resolved)
            && !origin.resolves_inside(&repository, &resolved)
        {
            (
                format!("source file `{written}` lies outside the plan's repository"),
                "outside the planning repository",
            )
        } else {
            continue;
        };
        loaded
            .diagnostics
            .push(fence.outside(message, loc, label.into()).help(format!(
                "a source file must lie in the planning repository holding `{}` (or under its \
             directory outside git): write its path relative to the plan file defining it",
                fence.dir()
            )));
    }
}

/// The directory tree a plan's files must stay in: the main file's directory.
struct Fence<'a> {
    /// The main file's directory as the user wrote it (empty for the working directory).
    base: &'a Path,
    /// The same directory with symbolic links resolved ([`Origin::plan_root`]).
    root: PathBuf,
}

impl Fence<'_> {
    /// The directory as shown in messages (`.` for the working directory).
    fn dir(&self) -> String {
        if self.base.as_os_str().is_empty() {
            ".".to_string()
        } else {
            self.base.display().to_string()
        }
    }

    /// A `path-outside-plan` diagnostic for a path into git's metadata (`.git`, by name or
    /// through a symbolic link), which is never part of the plan.
    fn in_git(&self, message: String, loc: Loc) -> Diagnostic {
        Diagnostic::new(Code::PathOutsidePlan, message, loc)
            .label("inside `.git`")
            .help(format!(
                "git's metadata is not part of the plan, and nothing is read or written there: \
                 keep plan files, source files and the check-in log under `{}`, outside `.git`",
                self.dir()
            ))
    }

    /// A `path-outside-plan` diagnostic. Only the path as written in the plan is named:
    /// nothing is read from where it leads.
    fn outside(&self, message: String, loc: Loc, label: String) -> Diagnostic {
        let dir = self.dir();
        Diagnostic::new(Code::PathOutsidePlan, message, loc)
            .label(label)
            .help(format!(
                "plan files must lie under `{dir}`, the main plan file's directory: \
                 move the file there and write its path relative to it, without `..`"
            ))
    }
}

/// Whether a path written in the plan names git's metadata: a `.git` component, in any
/// case and with any trailing dots or spaces (which case-insensitive file systems, and
/// Windows, read as `.git` itself). Writing there could create a hook git then runs.
fn names_git_metadata(path: &str) -> bool {
    Path::new(path).components().any(|c| {
        matches!(c, Component::Normal(name) if name
            .to_str()
            .is_some_and(|n| n.trim_end_matches(['.', ' ']).eq_ignore_ascii_case(".git")))
    })
}

/// Why a path written in `[plan]` (an include pattern, the check-in log) leaves the main
/// file's directory on its face: it is absolute, or has a `..` component. `None` when it
/// does not (a symbolic link may still lead out: [`Origin::resolves_inside`]).
fn lexical_escape(path: &str) -> Option<String> {
    let path = Path::new(path);
    if path.has_root() || path.is_absolute() {
        return Some("an absolute path".into());
    }
    path.components()
        .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)))
        .then(|| "`..` is not allowed in plan paths".into())
}

/// Adds a file other than the main one: parses it and reports a `[plan]` in it.
fn add_secondary_file(loaded: &mut Loaded, path: PathBuf, bytes: Vec<u8>, role: &str) {
    let id = add_source(loaded, path, bytes);
    let raw = parse_file(
        &loaded.sources,
        id,
        &mut loaded.diagnostics,
        &mut loaded.removed,
    );
    if let Some(plan) = &raw.plan {
        loaded.diagnostics.push(
            Diagnostic::new(
                Code::PlanInInclude,
                "`[plan]` may only stand in the main plan file",
                Loc::new(id, plan.span()),
            )
            .label(role.to_string())
            .help("move these settings into the main plan file"),
        );
    }
    loaded.files.push((id, raw));
}

/// Registers a file's bytes as a source. Invalid UTF-8 is reported at the first bad byte
/// and the text kept with replacement characters, so the rest can still be quoted.
fn add_source(loaded: &mut Loaded, path: PathBuf, bytes: Vec<u8>) -> FileId {
    match String::from_utf8(bytes) {
        Ok(text) => loaded.sources.add(SourceFile::new(path, text)),
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
            let id = loaded.sources.add(SourceFile::new(path, text));
            loaded.diagnostics.push(
                Diagnostic::new(
                    Code::InvalidUtf8,
                    "the file is not valid UTF-8",
                    Loc::new(id, at..at + 1),
                )
                .label("invalid byte here")
                .help("save the file as UTF-8"),
            );
            id
        }
    }
}

/// Expands one include glob relative to the main file's directory; reports bad patterns,
/// directories it leads out of the plan into, and empty matches.
fn expand_include(
    origin: &Origin,
    fence: &Fence<'_>,
    pattern: &str,
    loc: &Loc,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let expansion = match origin.glob(fence.base, &fence.root, pattern) {
        Ok(expansion) => expansion,
        Err(err) => {
            diagnostics.push(
                Diagnostic::new(
                    Code::InvalidInclude,
                    format!("invalid include pattern `{pattern}`: {}", err.msg),
                    loc.clone(),
                )
                .help("patterns use `*`, `**`, `?` and `[...]`; a literal `[` is written `[[]`"),
            );
            return Vec::new();
        }
    };
    for dir in &expansion.outside {
        diagnostics.push(fence.outside(
            format!(
                "`{}` resolves to a directory outside the plan's directory",
                dir.display()
            ),
            loc.clone(),
            "this pattern leads into it: a symbolic link leads out".into(),
        ));
    }
    for (dir, err) in &expansion.errors {
        diagnostics.push(
            Diagnostic::new(
                Code::UnreadableFile,
                format!("cannot read `{}`: {err}", dir.display()),
                loc.clone(),
            )
            .label("while expanding this pattern"),
        );
    }
    let literal = !pattern.contains(['*', '?', '[']);
    let mut matched = Vec::new();
    for path in expansion.paths {
        if origin.is_file(&path) {
            matched.push(path);
        } else if literal && origin.is_dir(&path) {
            diagnostics.push(
                Diagnostic::new(
                    Code::UnreadableFile,
                    format!("cannot include `{}`: it is a directory", path.display()),
                    loc.clone(),
                )
                .label("a directory, not a file")
                .help(format!(
                    "to include the plan files in it, write `{}/*.toml`",
                    pattern.trim_end_matches('/')
                )),
            );
            return Vec::new();
        } else if literal {
            // Named exactly, and neither a file nor a directory (a FIFO, a dangling link):
            // reading it reports why, without opening it.
            matched.push(path);
        }
    }
    if matched.is_empty() && expansion.outside.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Code::IncludeNoMatch,
                format!("include pattern `{pattern}` matches no file"),
                loc.clone(),
            )
            .label(format!("no file matches under `{}`", fence.dir()))
            .help(
                "patterns are relative to the main plan file; remove the entry if the file is gone",
            ),
        );
    }
    matched
}

/// Parses one file. Never fails: problems become diagnostics and the parts that could be
/// read are returned.
fn parse_file(
    sources: &Sources,
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
    removed: &mut HashMap<(FileId, usize), Vec<String>>,
) -> RawFile {
    let text = sources.get(file).text.as_str();
    if let Ok(raw) = toml::from_str::<RawFile>(text) {
        return raw;
    }
    parse_file_thoroughly(text, file, diagnostics, removed)
}

/// The slow path: recover from syntax errors, then deserialize entity by entity.
fn parse_file_thoroughly(
    text: &str,
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
    removed: &mut HashMap<(FileId, usize), Vec<String>>,
) -> RawFile {
    let (mut root, errors) = DeTable::parse_recoverable(text);
    let mut headers = Vec::new();
    header_spans(root.get_ref(), text, &mut headers);
    headers.sort_by_key(|h| h.start);
    let mut error_spans = Vec::new();
    // The bodies of tables whose header repeats an earlier one: every key in them is
    // "duplicate" again, which only restates the header's error.
    let mut repeated_bodies: Vec<std::ops::Range<usize>> = Vec::new();
    for error in errors {
        let span = error.span().unwrap_or(0..0);
        error_spans.push(span.clone());
        let message = error.message().trim();
        let duplicate = message == "duplicate key";
        if duplicate && repeated_bodies.iter().any(|b| b.contains(&span.start)) {
            continue;
        }
        let mut d = Diagnostic::new(
            Code::TomlSyntax,
            "invalid TOML",
            Loc::new(file, span.clone()),
        )
        .label(message.to_string());
        let header = headers
            .iter()
            .find(|h| h.start <= span.start && span.end <= h.end);
        if let (true, Some(header)) = (duplicate, header) {
            // The header as written, its first line only (a broken header may run on).
            let name = text[header.clone()]
                .trim()
                .lines()
                .next()
                .unwrap_or_default();
            d = d
                .label(format!("`{name}` is defined twice"))
                .help(format!("merge its keys into the first `{name}`"));
            let end = headers
                .iter()
                .map(|h| h.start)
                .find(|&start| start >= header.end)
                .unwrap_or(text.len());
            repeated_bodies.push(header.end..end);
        } else if let Some(date) = text.get(span.clone()).and_then(slashed_date) {
            d = d
                .label("dates are written `YYYY-MM-DD`")
                .help(format!("write the date as `{date}`"));
        }
        diagnostics.push(d);
    }
    // Values the parser had to guess at would only cause follow-on errors: drop them.
    if !error_spans.is_empty() {
        let root_span = root.span();
        prune(root.get_mut(), root_span.start, &error_spans, file, removed);
    }
    let mut raw = RawFile::default();
    let mut cx = Cx {
        file,
        diagnostics,
        removed,
    };
    for (key, value) in root.into_inner() {
        let key_span = key.span();
        let name = key.into_inner();
        match name.as_ref() {
            "plan" => raw.plan = cx.one(value, "[plan]"),
            "north_star" => raw.north_star = cx.one(value, "[north_star]"),
            "team" => raw.team = cx.many(value, "team"),
            "cycle" => raw.cycle = cx.many(value, "cycle"),
            "metric" => raw.metric = cx.many(value, "metric"),
            "pillar" => raw.pillar = cx.many(value, "pillar"),
            "objective" => raw.objective = cx.objectives(value),
            "initiative" => raw.initiative = cx.many(value, "initiative"),
            "bet" => raw.bet = cx.many(value, "bet"),
            "checkin" => raw.checkin = cx.many(value, "checkin"),
            "change" => raw.change = cx.many(value, "change"),
            other => {
                let mut d = Diagnostic::new(
                    Code::UnknownKey,
                    format!("unknown section `{other}`"),
                    Loc::new(file, key_span),
                )
                .label("not a section of a plan file");
                d = match did_you_mean(other, SECTIONS.iter().copied()) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(format!("sections are: {}", backticked(SECTIONS))),
                };
                cx.diagnostics.push(d);
            }
        }
    }
    raw
}

/// The spans of every table header (`[plan]`, `[[objective]]`, `[plan.portfolio]`) under
/// `table`: the tables whose span starts with `[` (an inline table's starts with `{`).
fn header_spans(table: &DeTable<'_>, text: &str, out: &mut Vec<std::ops::Range<usize>>) {
    for (_, value) in table {
        let items: Vec<&Spanned<DeValue<'_>>> = match value.get_ref() {
            DeValue::Array(items) => items.iter().collect(),
            _ => vec![value],
        };
        for item in items {
            if let DeValue::Table(inner) = item.get_ref() {
                let span = item.span();
                if text.get(span.clone()).is_some_and(|t| t.starts_with('[')) {
                    out.push(span);
                }
                header_spans(inner, text, out);
            }
        }
    }
}

/// `2026/11/30` or `2026.11.30` (a year, month and day that make a date) as the TOML date
/// `2026-11-30`.
fn slashed_date(value: &str) -> Option<String> {
    let parts: Vec<&str> = value.trim().split(['/', '.']).collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let date = chrono::NaiveDate::from_ymd_opt(
        i32::try_from(number(year).filter(|_| year.len() == 4)?).ok()?,
        number(month)?,
        number(day)?,
    )?;
    Some(date.format("%Y-%m-%d").to_string())
}

/// Removes, recursively, every key whose key or scalar value overlaps a syntax error (a
/// table only through its own keys), recording it as removed so that validation does not
/// report it missing.
fn prune(
    table: &mut DeTable<'_>,
    table_start: usize,
    errors: &[std::ops::Range<usize>],
    file: FileId,
    removed: &mut HashMap<(FileId, usize), Vec<String>>,
) {
    let overlaps = |span: std::ops::Range<usize>| {
        errors
            .iter()
            .any(|e| e.start < span.end.max(span.start + 1) && span.start < e.end.max(e.start + 1))
    };
    let doomed: Vec<String> = table
        .iter()
        .filter(|(k, v)| {
            // A table stays: its own keys are pruned below (a repeated `[plan]` header is an
            // error, but its first definition is not missing).
            let table = v.get_ref().is_table();
            let scalar = !table && !v.get_ref().is_array();
            (!table && overlaps(k.span())) || (scalar && overlaps(v.span()))
        })
        .map(|(k, _)| k.get_ref().to_string())
        .collect();
    for key in doomed {
        table.remove(key.as_str());
        removed.entry((file, table_start)).or_default().push(key);
    }
    for (_, value) in table.iter_mut() {
        let start = value.span().start;
        match value.get_mut() {
            DeValue::Table(inner) => prune(inner, start, errors, file, removed),
            DeValue::Array(items) => {
                for item in items.iter_mut() {
                    let item_start = item.span().start;
                    if let DeValue::Table(inner) = item.get_mut() {
                        prune(inner, item_start, errors, file, removed);
                    }
                }
            }
            _ => {}
        }
    }
}

fn backticked(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Deserialization context for one file in the thorough path.
struct Cx<'d> {
    file: FileId,
    diagnostics: &'d mut Vec<Diagnostic>,
    removed: &'d mut HashMap<(FileId, usize), Vec<String>>,
}

/// How many keys may be removed from one table before giving up on it.
const MAX_RETRIES: usize = 64;

impl Cx<'_> {
    /// A single table section such as `[plan]`.
    fn one<T: DeserializeOwned>(
        &mut self,
        value: Spanned<DeValue<'_>>,
        what: &str,
    ) -> Option<raw::Spanned<T>> {
        if !value.get_ref().is_table() {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::WrongType,
                    format!("`{what}` must be a table"),
                    Loc::new(self.file, value.span()),
                )
                .label(format!("found {}", value.get_ref().type_str()))
                .help(format!(
                    "write it as a `{what}` header followed by its keys"
                )),
            );
            return None;
        }
        self.lenient(value, what)
    }

    /// An array of tables such as `[[metric]]`.
    fn many<T: DeserializeOwned>(
        &mut self,
        value: Spanned<DeValue<'_>>,
        name: &str,
    ) -> Vec<raw::Spanned<T>> {
        self.items(value, name)
            .into_iter()
            .filter_map(|item| self.lenient(item, &format!("[[{name}]]")))
            .collect()
    }

    /// The elements of an array-of-tables section; anything else is reported.
    fn items<'i>(&mut self, value: Spanned<DeValue<'i>>, name: &str) -> Vec<Spanned<DeValue<'i>>> {
        let span = value.span();
        match value.into_inner() {
            DeValue::Array(items) => items
                .into_iter()
                .filter(|item| {
                    let ok = item.get_ref().is_table();
                    if !ok {
                        self.diagnostics.push(
                            Diagnostic::new(
                                Code::WrongType,
                                format!("each `{name}` entry must be a table"),
                                Loc::new(self.file, item.span()),
                            )
                            .label(format!("found {}", item.get_ref().type_str())),
                        );
                    }
                    ok
                })
                .collect(),
            other => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::WrongType,
                        format!("`{name}` must be an array of tables"),
                        Loc::new(self.file, span),
                    )
                    .label(format!("found {}", other.type_str()))
                    .help(format!("write each entry under a `[[{name}]]` header")),
                );
                Vec::new()
            }
        }
    }

    /// Objectives: key results are split off and deserialized one by one, so that a
    /// mistake in one key result does not hide the objective or its siblings.
    fn objectives(&mut self, value: Spanned<DeValue<'_>>) -> Vec<raw::Spanned<RawObjective>> {
        let mut out = Vec::new();
        for item in self.items(value, "objective") {
            let span = item.span();
            let DeValue::Table(mut table) = item.into_inner() else {
                continue;
            };
            let key_results = table.remove("key_result");
            let Some(mut objective) = self.lenient::<RawObjective>(
                Spanned::new(span, DeValue::Table(table)),
                "[[objective]]",
            ) else {
                continue;
            };
            if let Some(krs) = key_results {
                objective.get_mut().key_result = self.many(krs, "objective.key_result");
            }
            out.push(objective);
        }
        out
    }

    /// Deserializes one table; on each error, reports it, removes the offending key and
    /// tries again, so every bad key of the table is reported.
    fn lenient<T: DeserializeOwned>(
        &mut self,
        mut value: Spanned<DeValue<'_>>,
        what: &str,
    ) -> Option<raw::Spanned<T>> {
        for _ in 0..MAX_RETRIES {
            match raw::Spanned::<T>::deserialize(ValueDeserializer::from(value.clone())) {
                Ok(t) => return Some(t),
                Err(err) => {
                    let span = err.span().unwrap_or_else(|| value.span());
                    let removed = remove_at(&mut value, &span);
                    self.diagnostics.push(schema_diagnostic(
                        err.message(),
                        what,
                        removed.as_ref().map(|(_, key)| key.as_str()),
                        Loc::new(self.file, span),
                    ));
                    let (table_start, key) = removed?;
                    self.removed
                        .entry((self.file, table_start))
                        .or_default()
                        .push(key);
                }
            }
        }
        None
    }
}

/// Removes the key whose key or value stands exactly at `span` (or whose array value
/// contains it), searching nested tables. Returns where the key's table starts and the key.
fn remove_at(
    value: &mut Spanned<DeValue<'_>>,
    span: &std::ops::Range<usize>,
) -> Option<(usize, String)> {
    let table_start = value.span().start;
    let DeValue::Table(table) = value.get_mut() else {
        return None;
    };
    let hit = table
        .iter()
        .find(|(k, v)| {
            k.span() == *span
                || v.span() == *span
                || (v.get_ref().is_array() && contains(&v.span(), span))
        })
        .map(|(k, _)| k.get_ref().to_string());
    if let Some(key) = hit {
        table.remove(key.as_str());
        return Some((table_start, key));
    }
    table
        .iter_mut()
        .filter(|(_, v)| contains(&v.span(), span))
        .find_map(|(_, v)| remove_at(v, span))
}

fn contains(outer: &std::ops::Range<usize>, inner: &std::ops::Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end && outer != inner
}

/// Turns a serde error message into a diagnostic with our code, wording and help.
///
/// serde's messages have stable shapes (`unknown field `x`, expected one of ...`,
/// `invalid type: string "x", expected f64`, `unknown variant ...`, `missing field ...`);
/// anything else is reported as a wrong type with serde's own text. `key` is the key the
/// value stands at, when known, to name it in the help.
fn schema_diagnostic(message: &str, what: &str, key: Option<&str>, loc: Loc) -> Diagnostic {
    let names = backtick_names(message);
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let key = names.first().map_or(rest, String::as_str);
        let expected: Vec<&str> = names.iter().skip(1).map(String::as_str).collect();
        let d = Diagnostic::new(
            Code::UnknownKey,
            format!("unknown key `{key}` in `{what}`"),
            loc,
        )
        .label("unknown key");
        return match did_you_mean(key, expected.iter().copied()) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None if expected.is_empty() => d,
            None => d.help(format!("known keys: {}", backticked(&expected))),
        };
    }
    if message.starts_with("unknown variant ") {
        let value = names.first().map_or("", String::as_str);
        let expected: Vec<&str> = names.iter().skip(1).map(String::as_str).collect();
        let d = Diagnostic::new(
            Code::InvalidValue,
            format!("`{value}` is not allowed here in `{what}`"),
            loc,
        )
        .label(format!("expected one of {}", backticked(&expected)));
        return match did_you_mean(value, expected.iter().copied()) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => d,
        };
    }
    if let Some(rest) = message.strip_prefix("invalid value: string \"")
        && let Some(text) = rest.strip_suffix(&format!("\", expected {}", raw::TARGET_EXPECTED))
    {
        // A key result's `target` that is neither a number nor "tbd": a quoted number is
        // a wrong type, as for any number; other text is not a value `target` takes.
        let trimmed = text.trim();
        if trimmed.parse::<f64>().is_ok_and(f64::is_finite) {
            return Diagnostic::new(
                Code::WrongType,
                format!("expected a number in `{what}`, found a string"),
                loc,
            )
            .label("expected a number")
            .help(quoted_help(key, Some(trimmed), "a number", ""));
        }
        return Diagnostic::new(
            Code::InvalidValue,
            format!("`{text}` is not a target in `{what}`"),
            loc,
        )
        .label(format!("expected {}", raw::TARGET_EXPECTED))
        .help("write a number, or \"tbd\" for a draft");
    }
    if message.contains("overflow")
        || message.starts_with("invalid type: integer `") && message.ends_with("expected f64")
    {
        return Diagnostic::new(
            Code::OutOfRange,
            format!("number too large in `{what}`"),
            loc,
        )
        .label("too large to represent")
        .help("plan numbers lie within ±1e15; check for a typo, or use a larger unit");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .rsplit_once(", expected ")
            .unwrap_or((rest, "another type"));
        let expected = describe_expected(expected);
        // serde writes a string as `string "text"` (Debug-quoted).
        let text = found
            .strip_prefix("string \"")
            .and_then(|t| t.strip_suffix('"'))
            .map(str::trim);
        let found = found.split(' ').next().unwrap_or(found);
        let d = Diagnostic::new(
            Code::WrongType,
            format!("expected {expected} in `{what}`, found {}", article(found)),
            loc,
        )
        .label(format!("expected {expected}"));
        return match (text, expected) {
            (Some(text), "a number" | "an integer") => d.help(quoted_help(
                key,
                text.parse::<f64>().is_ok().then_some(text),
                "a number",
                "",
            )),
            (Some(text), "a date") => d.help(quoted_help(
                key,
                chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .is_ok()
                    .then_some(text),
                "a date",
                "2026-10-15",
            )),
            (Some(_), "true or false") => d.help("write `true` or `false` without quotes"),
            (_, raw::TARGET_EXPECTED) => d.help("write a number, or \"tbd\" for a draft"),
            _ => d,
        };
    }
    Diagnostic::new(
        Code::WrongType,
        format!("{} in `{what}`", message.trim()),
        loc,
    )
}

/// The help for a quoted value where `kind` ("a number", "a date") belongs: the value
/// unquoted when it is one (`unquoted`), else what the key takes, with `example` if any.
fn quoted_help(key: Option<&str>, unquoted: Option<&str>, kind: &str, example: &str) -> String {
    match (key, unquoted) {
        (Some(key), Some(value)) => format!("remove the quotes: `{key} = {value}`"),
        (None, Some(_)) => format!("remove the quotes around {kind}"),
        (Some(key), None) if example.is_empty() => {
            format!("`{key}` takes {kind}, written without quotes")
        }
        (Some(key), None) => {
            format!("`{key}` takes {kind}, written without quotes, like `{key} = {example}`")
        }
        (None, None) => format!("{kind} is expected here, written without quotes"),
    }
}

fn article(found: &str) -> String {
    match found {
        "integer" => "an integer".into(),
        "sequence" => "an array".into(),
        "map" => "a table".into(),
        "boolean" => "a boolean".into(),
        "floating" => "a number".into(),
        other => format!("a {other}"),
    }
}

fn describe_expected(expected: &str) -> &'static str {
    match expected {
        "f64" => "a number",
        "i64" | "u32" | "u64" | "i32" => "an integer",
        "a boolean" => "true or false",
        "a string" => "a string",
        "a sequence" => "an array",
        "a TOML datetime" | "struct Datetime" => "a date",
        raw::TARGET_EXPECTED => raw::TARGET_EXPECTED,
        e if e.contains("Raw") || e.starts_with("struct ") => "a table",
        e if e.starts_with("enum ") || e.contains("variant") => "a string",
        _ => "another type",
    }
}

/// The names between backticks in a serde message, in order.
fn backtick_names(message: &str) -> Vec<String> {
    message
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}
