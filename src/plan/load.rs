//! Loading: finds the plan file, reads it and its includes, and turns each file into a
//! [`RawFile`], collecting every syntax and schema problem as a diagnostic.
//!
//! Parsing has a fast path and a thorough one. A well-formed file is deserialized in one
//! pass (`toml::from_str`). A file with any problem is parsed again with the TOML parser's
//! error recovery, and each entity table is deserialized on its own; when serde rejects a key,
//! that key is reported and removed and the table is tried again. So a file with ten mistakes
//! gets ten diagnostics, not one (`parse`, with serde's messages reworded in `schema`).
//! Paths that lead out of the plan are refused before anything is read (`fence`).
//!
//! The main file is parsed first (it names the includes and the check-in log); the other
//! files are read in load order, then parsed together, in parallel when more than one core
//! is free, their diagnostics put back in load order: the result never depends on the
//! number of cores.

mod chunks;
mod fence;
mod parallel;
mod parse;
mod reparse;
mod schema;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use self::fence::{
    Fence, IncludePlace, LogPlace, confine_sources, lexical_escape, names_git_metadata,
};
use self::parallel::parse_files;
use self::parse::parse_file;
pub use self::reparse::{appends_as_tables, plan_files, reparse};
use super::origin::Origin;
use super::raw::{self, RawFile};
use crate::diagnostic::{Code, Diagnostic, FileId, Loc, SourceFile, Sources};

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

impl Loaded {
    /// The file of the plan that `path` names (compared by [`crate::paths::identity`]), if
    /// the plan read it.
    #[must_use]
    pub fn file_id(&self, path: &Path) -> Option<FileId> {
        self.sources.file_id(path)
    }
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
/// by [`crate::paths::identity`].
pub fn load_edited(
    main: &Path,
    origin: &Origin,
    edits: &[(PathBuf, Vec<u8>)],
) -> anyhow::Result<Loaded> {
    let base = main.parent().unwrap_or_else(|| Path::new(""));
    let mut reader = Reader {
        origin,
        edited: edits
            .iter()
            .map(|(path, bytes)| (crate::paths::identity(path), bytes))
            .collect(),
        fence: Fence::new(origin, base),
        seen: HashSet::new(),
        pending: Vec::new(),
    };
    let bytes = reader
        .read(main)
        .with_context(|| main_context(main, origin))?;
    let mut loaded = Loaded::default();
    let main_id = add_source(&mut loaded, main.to_path_buf(), bytes);
    let main_raw = parse_file(
        &loaded.sources.get(main_id).text,
        main_id,
        &mut loaded.diagnostics,
        &mut loaded.removed,
    );
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
    reader.seen.insert(origin.identity(main));
    for pattern in &includes {
        reader.include(&mut loaded, pattern, Loc::new(main_id, pattern.span()));
    }
    if let (Some(setting), Some(log)) = (&log_setting, loaded.checkin_log.clone()) {
        reader.checkin_log(&mut loaded, setting, log, Loc::new(main_id, setting.span()));
    }
    parse_pending(&mut loaded, &reader.pending);
    let outside = confine_sources(&loaded.files, &loaded.sources, origin, &reader.fence, base);
    loaded.diagnostics.extend(outside);
    Ok(loaded)
}

/// The context of a main file that cannot be read: "cannot read plan file", its path and,
/// read from git, the revision.
fn main_context(main: &Path, origin: &Origin) -> String {
    match origin {
        Origin::WorkingTree => format!("cannot read plan file `{}`", main.display()),
        Origin::Git(tree) => format!(
            "cannot read plan file `{}` at revision `{}`",
            main.display(),
            tree.rev
        ),
    }
}

/// Reads the files of one plan: each from `edits` when given there, else from `origin`;
/// each file at most once, however it is spelled.
struct Reader<'a> {
    origin: &'a Origin,
    /// The bytes to read instead of a file's, by [`crate::paths::identity`].
    edited: HashMap<PathBuf, &'a Vec<u8>>,
    fence: Fence<'a>,
    /// The files read so far, by [`Origin::identity`].
    seen: HashSet<PathBuf>,
    /// The files read after the main one, in load order, to be parsed together.
    pending: Vec<Pending>,
}

/// A file other than the main one, read but not parsed yet: the files are parsed together
/// at the end of loading, in parallel, and their diagnostics put back where a serial parse
/// would have put them.
struct Pending {
    id: FileId,
    /// What the file is, for a `[plan]` found in it: "in an included file".
    role: &'static str,
    /// How many loading diagnostics came before the file's own.
    at: usize,
}

impl Reader<'_> {
    /// The bytes `edits` gives for `path`, if any.
    fn find(&self, path: &Path) -> Option<&Vec<u8>> {
        self.edited.get(&crate::paths::identity(path)).copied()
    }

    /// The bytes of `path`: as edited, else as `origin` has them.
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        match self.find(path) {
            Some(bytes) => Ok(bytes.clone()),
            None => self.origin.read(path),
        }
    }

    /// Adds a file other than the main one, to be parsed with the others
    /// ([`parse_pending`]).
    fn add_secondary_file(
        &mut self,
        loaded: &mut Loaded,
        path: PathBuf,
        bytes: Vec<u8>,
        role: &'static str,
    ) {
        let id = add_source(loaded, path, bytes);
        self.pending.push(Pending {
            id,
            role,
            at: loaded.diagnostics.len(),
        });
    }

    /// The files one include `pattern` (at `loc`) names, each read and parsed once, unless
    /// it leads out of the plan's directory or into git's metadata (reported).
    fn include(&mut self, loaded: &mut Loaded, pattern: &raw::Spanned<String>, loc: Loc) {
        let fence = &self.fence;
        if names_git_metadata(pattern.get_ref()) {
            loaded.diagnostics.push(fence.in_git(
                format!(
                    "include pattern `{}` leads into git's metadata",
                    pattern.get_ref()
                ),
                loc,
            ));
            return;
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
            return;
        }
        let paths = expand_include(
            self.origin,
            fence,
            pattern.get_ref(),
            &loc,
            &mut loaded.diagnostics,
        );
        for path in paths {
            self.included_file(loaded, path, &loc);
        }
    }

    /// One file an include pattern (at `loc`) matched.
    fn included_file(&mut self, loaded: &mut Loaded, path: PathBuf, loc: &Loc) {
        let (origin, fence) = (self.origin, &self.fence);
        match fence.place_include(origin, &path) {
            IncludePlace::Inside => {}
            IncludePlace::Outside => {
                return loaded.diagnostics.push(fence.outside(
                    format!(
                        "included file `{}` resolves to a file outside the plan's directory",
                        path.display()
                    ),
                    loc.clone(),
                    "matched by this pattern: a symbolic link leads out".into(),
                ));
            }
            IncludePlace::InGit => {
                return loaded.diagnostics.push(fence.in_git(
                    format!("included file `{}` lies in git's metadata", path.display()),
                    loc.clone(),
                ));
            }
        }
        if !self.seen.insert(origin.identity(&path)) {
            return;
        }
        match self.read(&path) {
            Ok(bytes) => self.add_secondary_file(loaded, path, bytes, "in an included file"),
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

    /// The check-in log, `setting` as written (at `loc`) and `log` resolved against the
    /// main file's directory.
    ///
    /// It is part of the plan even when no include names it; a log that does not exist
    /// yet holds no check-ins. Unlike an include it may leave the main file's directory,
    /// so that several plans of one planning repository share one log
    /// (`../shared/checkins.toml`), but never the repository: `checkin` writes it.
    fn checkin_log(
        &mut self,
        loaded: &mut Loaded,
        setting: &raw::Spanned<String>,
        log: PathBuf,
        loc: Loc,
    ) {
        let (origin, fence) = (self.origin, &self.fence);
        let outside = |message: String, label: String| {
            fence.outside(message, loc.clone(), label).help(format!(
                "the check-in log must lie in the planning repository holding `{}` \
                 (or under its directory outside git): write its path relative to the main \
                 plan file",
                fence.dir()
            ))
        };
        let place = fence.place_checkin_log(origin, setting.get_ref(), &log);
        if place == LogPlace::Absolute {
            loaded.diagnostics.push(outside(
                format!("check-in log `{}` is an absolute path", setting.get_ref()),
                "an absolute path".into(),
            ));
        } else if place == LogPlace::InGit {
            loaded.diagnostics.push(fence.in_git(
                format!(
                    "check-in log `{}` lies in git's metadata",
                    setting.get_ref()
                ),
                loc,
            ));
        } else if place == LogPlace::Outside {
            loaded.diagnostics.push(outside(
                format!(
                    "check-in log `{}` lies outside the plan's repository",
                    setting.get_ref()
                ),
                "outside the planning repository".into(),
            ));
        } else if (self.find(&log).is_some() || origin.exists(&log))
            && self.seen.insert(origin.identity(&log))
        {
            match self.read(&log) {
                Ok(bytes) => self.add_secondary_file(loaded, log, bytes, "in the check-in log"),
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
}

/// Parses the files of `pending` (in parallel when more than one core is free) and adds
/// them to `loaded` in load order, each file's diagnostics (a `[plan]` in it reported last)
/// where a serial parse would have pushed them: the result is the same on any number of
/// cores.
fn parse_pending(loaded: &mut Loaded, pending: &[Pending]) {
    let jobs: Vec<(FileId, &str)> = pending
        .iter()
        .map(|p| (p.id, loaded.sources.get(p.id).text.as_str()))
        .collect();
    let parsed = parse_files(&jobs);
    let mut before = std::mem::take(&mut loaded.diagnostics).into_iter();
    let mut taken = 0;
    let mut diagnostics = Vec::with_capacity(before.len());
    for (p, file) in pending.iter().zip(parsed) {
        diagnostics.extend(before.by_ref().take(p.at - taken));
        taken = p.at;
        diagnostics.extend(file.diagnostics);
        if let Some(plan) = &file.raw.plan {
            diagnostics.push(
                Diagnostic::new(
                    Code::PlanInInclude,
                    "`[plan]` may only stand in the main plan file",
                    Loc::new(p.id, plan.span()),
                )
                .label(p.role.to_string())
                .help("move these settings into the main plan file"),
            );
        }
        loaded.removed.extend(file.removed);
        loaded.files.push((p.id, file.raw));
    }
    diagnostics.extend(before);
    loaded.diagnostics = diagnostics;
}

/// Registers a file's bytes as a source. Invalid UTF-8 is reported at the first bad byte
/// and the text kept with replacement characters, so the rest can still be quoted.
fn add_source(loaded: &mut Loaded, path: PathBuf, mut bytes: Vec<u8>) -> FileId {
    // Kept for the whole run: no spare capacity from reading (up to twice the file).
    bytes.shrink_to_fit();
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
