//! Reading part of a plan again, for a write command: the files a plan names, found from
//! its main file's `[plan]` alone (what to lock before loading it), and a file about to be
//! replaced, parsed from its new text into the plan already loaded instead of reading every
//! file again (only the bytes appended, when the new text extends the old with tables).

use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::Deserialize;

use super::fence::{
    Fence, IncludePlace, LogPlace, confine_sources, lexical_escape, names_git_metadata,
};
use super::parse::parse_file;
use super::{Loaded, expand_include, main_context};
use crate::diagnostic::{Diagnostic, FileId, Loc, SourceFile};
use crate::plan::origin::Origin;
use crate::plan::raw::{HeldCheckin, RawFile, RawPlanSection, Spanned};

/// The main file's `[plan]`, every other key of the file ignored.
#[derive(Deserialize)]
struct PlanOnly {
    plan: Option<RawPlanSection>,
}

/// The files plan `main` reads, found from the main file's `[plan]` alone, without reading
/// the others: the main file, each file its `include` globs match, and its `checkin_log`
/// (whether it exists or not). What a write command locks the directories of before it
/// loads the plan. Files the loader refuses (an include or the log leading out of the plan
/// or into `.git`; [`Fence::place_include`], [`Fence::place_checkin_log`]) are left out:
/// locking a directory sweeps it of stale temporary files, and a plan from a pull request
/// must not choose where. A main file whose `[plan]` does not parse names only itself
/// (loading reports why).
///
/// Errors: the main file cannot be read (as [`super::load`] words it).
pub fn plan_files(main: &Path, origin: &Origin) -> anyhow::Result<Vec<PathBuf>> {
    let bytes = origin
        .read(main)
        .with_context(|| main_context(main, origin))?;
    let mut files = vec![main.to_path_buf()];
    let Some(plan) = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|text| toml::from_str::<PlanOnly>(text).ok())
        .and_then(|p| p.plan)
    else {
        return Ok(files);
    };
    let base = main.parent().unwrap_or_else(|| Path::new(""));
    let fence = Fence::new(origin, base);
    for pattern in plan.include.iter().flatten() {
        let written = pattern.get_ref();
        if names_git_metadata(written) || lexical_escape(written).is_some() {
            continue;
        }
        let loc = Loc::new(FileId(0), pattern.span());
        files.extend(
            expand_include(origin, &fence, written, &loc, &mut Vec::new())
                .into_iter()
                .filter(|path| fence.place_include(origin, path) == IncludePlace::Inside),
        );
    }
    files.extend(plan.checkin_log.and_then(|log| {
        let path = base.join(log.get_ref());
        (fence.place_checkin_log(origin, log.get_ref(), &path) == LogPlace::Inside).then_some(path)
    }));
    Ok(files)
}

/// Replaces file `id` of `loaded` (a plan read from `origin` without errors, its problems
/// already taken out) with `text`, as loading the plan with the file holding `text` would
/// read it: when `text` extends the old text with tables of arrays the file already writes
/// as `[[key]]` tables, only the bytes appended are parsed and their entries added;
/// otherwise the whole file is parsed again (its problems, syntax, schema and `source`
/// paths leading out of the plan, go to `diagnostics`). The other files stay as parsed.
///
/// `false` when only loading the plan again can tell, and `loaded` is then to be dropped:
/// the main file's `[plan]` changed (its includes or check-in log may have), or another
/// file now has one.
pub fn reparse(
    loaded: &mut Loaded,
    id: FileId,
    text: String,
    origin: &Origin,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let Some(index) = loaded.files.iter().position(|(f, _)| *f == id) else {
        return false;
    };
    let old = loaded.sources.get(id);
    let path = old.path.clone();
    let old_len = old.text.len();
    if text.len() > old_len
        && text.starts_with(old.text.as_str())
        && let Some(tail) = parse_tail(&loaded.files[index].1, &old.text, &text[old_len..])
    {
        extend(&mut loaded.files[index].1, tail);
        loaded.sources.replace(id, SourceFile::new(path, text));
        return true;
    }
    let old_plan = plan_text(&loaded.files[index].1, &old.text);
    loaded.sources.replace(id, SourceFile::new(path, text));
    let raw = parse_file(
        &loaded.sources.get(id).text,
        id,
        diagnostics,
        &mut loaded.removed,
    );
    let new_plan = plan_text(&raw, &loaded.sources.get(id).text);
    let plan_kept = if id == FileId(0) {
        new_plan == old_plan
    } else {
        new_plan.is_none()
    };
    if !plan_kept {
        return false;
    }
    let one = [(id, raw)];
    if has_sources(&one[0].1) {
        let main = &loaded.sources.get(FileId(0)).path;
        let base = main.parent().unwrap_or_else(|| Path::new(""));
        let fence = Fence::new(origin, base);
        diagnostics.extend(confine_sources(&one, &loaded.sources, origin, &fence, base));
    }
    let [(_, raw)] = one;
    loaded.files[index].1 = raw;
    true
}

/// `[plan]` as written in `text` (parsed as `raw`), with where it stands.
fn plan_text(raw: &RawFile, text: &str) -> Option<(std::ops::Range<usize>, String)> {
    let span = raw.plan.as_ref()?.span();
    Some((span.clone(), text.get(span)?.to_string()))
}

/// Whether a file names a `source` (whose path must stay in the plan).
fn has_sources(raw: &RawFile) -> bool {
    raw.north_star.iter().any(|n| n.get_ref().source.is_some())
        || raw.metric.iter().any(|m| m.get_ref().source.is_some())
        || raw.objective.iter().any(|o| {
            o.get_ref()
                .key_result
                .iter()
                .any(|k| k.get_ref().source.is_some())
        })
}

/// The tables appended to `old` (a file parsed without problems as `raw`), `tail` its new
/// bytes, parsed where they stand (the old bytes blanked, so every span is the file's):
/// `None` unless `tail` parses on its own and holds only entries of arrays of tables that
/// `old` already writes as `[[key]]` tables, the only form text appended extends (after an
/// inline `key = [...]` it is a duplicate key; an empty array may be either).
fn parse_tail(raw: &RawFile, old: &str, tail: &str) -> Option<RawFile> {
    let mut padded = String::with_capacity(old.len() + tail.len());
    padded.extend(std::iter::repeat_n(' ', old.len()));
    padded.push_str(tail);
    let parsed: RawFile = toml::from_str(&padded).ok()?;
    if parsed.plan.is_some() || parsed.north_star.is_some() {
        return None;
    }
    let fits = written_as_tables(old, "team", last(&raw.team), &parsed.team)
        && written_as_tables(old, "cycle", last(&raw.cycle), &parsed.cycle)
        && written_as_tables(old, "metric", last(&raw.metric), &parsed.metric)
        && written_as_tables(old, "pillar", last(&raw.pillar), &parsed.pillar)
        && written_as_tables(old, "objective", last(&raw.objective), &parsed.objective)
        && written_as_tables(old, "initiative", last(&raw.initiative), &parsed.initiative)
        && written_as_tables(old, "bet", last(&raw.bet), &parsed.bet)
        && written_as_tables(
            old,
            "checkin",
            raw.checkin_spans().next_back(),
            &parsed.checkin,
        )
        && written_as_tables(old, "change", last(&raw.change), &parsed.change);
    fits.then_some(parsed)
}

/// The byte range of the last of `tables`, if any.
fn last<T>(tables: &[Spanned<T>]) -> Option<Range<usize>> {
    tables.last().map(Spanned::span)
}

/// Whether entries `added` may follow array `key` parsed from `old` (`last` the span of its
/// last entry) as appended text: none are added, or [`extends`].
fn written_as_tables<T>(
    old: &str,
    key: &str,
    last: Option<Range<usize>>,
    added: &[Spanned<T>],
) -> bool {
    added.is_empty() || extends(old, key, last)
}

/// Whether `[[key]]` tables appended to `old` (a file parsed without problems, `last` the span of the
/// last entry of its array `key`) read back as that array's last entries: the array's last
/// entry is a `[[key]]` table (its span starts at its header; an inline table's at `{`),
/// or the file has no `key` at all. Without entries, `key = []` (which tables cannot
/// extend) can only be told from no `key` by reading the file: only a file where neither
/// `key` nor a backslash (an escape in a quoted key) stands is known to have none.
fn extends(old: &str, key: &str, last: Option<Range<usize>>) -> bool {
    match last {
        Some(last) => old.get(last.start..).is_some_and(|t| t.starts_with('[')),
        None => !old.contains(key) && !old.contains('\\'),
    }
}

/// Whether `[[key]]` tables appended as text to file `id` of `loaded` (a plan read
/// without errors) read back as the last entries of its array `key` (`checkin`, `change`,
/// `objective`, …): see [`extends`]. `false` for any other key.
#[must_use]
pub fn appends_as_tables(loaded: &Loaded, id: FileId, key: &str) -> bool {
    let Some((_, raw)) = loaded.files.iter().find(|(f, _)| *f == id) else {
        return false;
    };
    let old = loaded.sources.get(id).text.as_str();
    match key {
        "team" => extends(old, key, last(&raw.team)),
        "cycle" => extends(old, key, last(&raw.cycle)),
        "metric" => extends(old, key, last(&raw.metric)),
        "pillar" => extends(old, key, last(&raw.pillar)),
        "objective" => extends(old, key, last(&raw.objective)),
        "initiative" => extends(old, key, last(&raw.initiative)),
        "bet" => extends(old, key, last(&raw.bet)),
        "checkin" => extends(old, key, raw.checkin_spans().next_back()),
        "change" => extends(old, key, last(&raw.change)),
        _ => false,
    }
}

/// `raw` with the entries of `tail` (tables appended to its file) added at the end.
fn extend(raw: &mut RawFile, tail: RawFile) {
    raw.team.extend(tail.team);
    raw.cycle.extend(tail.cycle);
    raw.metric.extend(tail.metric);
    raw.pillar.extend(tail.pillar);
    raw.objective.extend(tail.objective);
    raw.initiative.extend(tail.initiative);
    raw.bet.extend(tail.bet);
    // At the end of the last array of held check-ins, when the file has some, so that
    // file order is kept (and the file reads as a fresh load reads it).
    match raw.checkin_chunks.last_mut() {
        None => raw.checkin.extend(tail.checkin),
        Some(last) => last.extend(tail.checkin.into_iter().map(HeldCheckin::new)),
    }
    raw.change.extend(tail.change);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each file's text, and its raw content with every entry's span.
    fn shape(loaded: &Loaded) -> Vec<(String, String, Vec<std::ops::Range<usize>>)> {
        loaded
            .files
            .iter()
            .map(|(id, raw)| {
                let spans = (raw.checkin_spans())
                    .chain(raw.change.iter().map(Spanned::span))
                    .chain(raw.objective.iter().map(Spanned::span))
                    .collect();
                (
                    loaded.sources.get(*id).text.clone(),
                    format!("{raw:?}"),
                    spans,
                )
            })
            .collect()
    }

    const MAIN: &str = "[plan]\nname = \"p\"\ninclude = [\"teams/*.toml\"]\ncheckin_log = \"log.toml\"\n\n[[objective]]\nid = \"o\"\ntitle = \"O\"\nquarter = \"2026-Q4\"\n\n[[objective.key_result]]\nid = \"kr\"\ntitle = \"K\"\nbaseline = 0\ntarget = 10\n";
    const CHECKIN: &str = "[[checkin]]\nmetric = \"kr\"\ndate = 2026-10-01\nvalue = 2.0\n";

    /// The plan in a temporary directory with `log` as its check-in log.
    fn plan(log: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("teams")).unwrap();
        std::fs::write(
            dir.path().join("teams/a.toml"),
            "[[pillar]]\nid = \"p\"\nname = \"P\"\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("log.toml"), log).unwrap();
        let main = dir.path().join("northstar.toml");
        std::fs::write(&main, MAIN).unwrap();
        (dir, main)
    }

    /// Reparsing `path` as `text` gives what loading the plan with that edit gives, and
    /// whether only the tail was parsed.
    fn agrees(main: &Path, path: &Path, text: &str) -> bool {
        let origin = Origin::WorkingTree;
        let mut loaded = super::super::load(main, &origin).unwrap();
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let id = (0..loaded.sources.files().len())
            .map(FileId)
            .find(|id| loaded.sources.get(*id).path == path)
            .unwrap();
        let old = &loaded.sources.get(id).text;
        let tail = text.starts_with(old.as_str())
            && parse_tail(&loaded.files[id.0].1, old, &text[old.len()..]).is_some();
        let mut diagnostics = Vec::new();
        assert!(reparse(
            &mut loaded,
            id,
            text.to_string(),
            &origin,
            &mut diagnostics
        ));
        assert!(diagnostics.is_empty());
        let edits = [(path.to_path_buf(), text.as_bytes().to_vec())];
        let fresh = super::super::load_edited(main, &origin, &edits).unwrap();
        assert_eq!(shape(&loaded), shape(&fresh));
        tail
    }

    #[test]
    fn an_appended_check_in_parses_alone_and_reads_as_the_whole_file_would() {
        let (dir, main) = plan(&format!("# log\n\n{CHECKIN}"));
        let log = dir.path().join("log.toml");
        let old = std::fs::read_to_string(&log).unwrap();
        let new = crate::write::append::append_block(&old, &CHECKIN.replace("2.0", "3.0"));
        assert!(agrees(&main, &log, &new));
        // A `[[change]]` where there is none yet, and the log has no backslash.
        let change = "[[change]]\nid = \"kr\"\nfield = \"target\"\nfrom = 10\nto = 12\ndate = 2026-10-02\nreason = \"r\"\n";
        assert!(agrees(
            &main,
            &log,
            &crate::write::append::append_block(&old, change)
        ));
        // CRLF, and no final newline.
        let (dir, main) = plan(&format!(
            "# log\r\n\r\n{}",
            CHECKIN.replace('\n', "\r\n").trim_end()
        ));
        let log = dir.path().join("log.toml");
        let old = std::fs::read_to_string(&log).unwrap();
        assert!(agrees(
            &main,
            &log,
            &crate::write::append::append_block(&old, CHECKIN)
        ));
    }

    #[test]
    fn what_text_cannot_extend_is_parsed_whole() {
        // An inline array and an empty one: `[[checkin]]` after them is a duplicate key,
        // which the whole file, parsed again, reports.
        for log in [
            "checkin = [{ metric = \"kr\", date = 2026-10-01, value = 2.0 }]\n",
            "checkin = []\n",
        ] {
            let (dir, main) = plan(log);
            let path = dir.path().join("log.toml");
            let mut loaded = super::super::load(&main, &Origin::WorkingTree).unwrap();
            let id = FileId(loaded.sources.files().len() - 1);
            assert_eq!(loaded.sources.get(id).path, path);
            let new = crate::write::append::append_block(log, CHECKIN);
            assert!(parse_tail(&loaded.files[id.0].1, log, &new[log.len()..]).is_none());
            let mut diagnostics = Vec::new();
            assert!(reparse(
                &mut loaded,
                id,
                new,
                &Origin::WorkingTree,
                &mut diagnostics
            ));
            assert_eq!(diagnostics.len(), 1, "{log}");
        }
        // A backslash that might spell the key: valid, read whole.
        let (dir, main) = plan("# a \\ here\n");
        let path = dir.path().join("log.toml");
        assert!(!agrees(&main, &path, &format!("# a \\ here\n\n{CHECKIN}")));
        // An edit in place, of the main file.
        let (_dir, main) = plan("");
        assert!(!agrees(
            &main,
            &main,
            &MAIN.replace("title = \"K\"", "title = \"L\"")
        ));
    }
}
