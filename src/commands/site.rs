//! `northstar site -o DIR [--base-url URL]`: the plan as a static site ([`crate::render`]'s
//! HTML pages over the period's roll-up, review packet, alignment tree and weekly digest,
//! and each earlier period's packet), written into `DIR` atomically: each page written
//! into a temporary directory beside it as soon as it is drawn, then the directory swapped
//! in (the old site renamed away, the new one renamed in, the old one removed), so a
//! failure leaves the old site whole; the lock of `DIR`'s parent held meanwhile, so a
//! second run fails instead of racing. A `DIR` that is a plan file, holds one (the plan's own directory),
//! lies where an include pattern reads files, or is a directory that holds something other
//! than a site, is refused before anything is written.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, bail};
use indicatif::ProgressBar;

use crate::analysis::site::Site;
use crate::analysis::tree::{Query, Scope};
use crate::app::exit;
use crate::app::options::Options;
use crate::paths::{identity, parent_dir};
use crate::plan::origin::Origin;
use crate::refusal::Refusal;
use crate::render::html::{Sink, SiteFile};
use crate::text::{path as shown, plural};
use crate::time::period::Period;
use crate::write::edit::{DirLocks, FAIL_BEFORE_RENAME};

/// Runs `site`: reads the plan (its errors printed, exit 1), builds every page, refuses a
/// `dir` it must not replace (usage error, nothing written), then writes the site and says
/// how many files it wrote. Errors: a directory that cannot be created, written or renamed
/// (the old site left in place).
pub fn run(
    o: &Options,
    dir: &Path,
    base_url: Option<&str>,
    progress: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    if let Some(refusal) = base_url.and_then(bad_base_url) {
        return super::refuse(err, &refusal);
    }
    let ready = match super::read_plan(o, err)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let source = super::review::source(&ready.origin, &ready.checked.loaded);
    let packet = crate::analysis::review::review(&ready.plan, &ready.report, source, None);
    let whole = Query {
        scope: Scope::Whole,
        depth: None,
    };
    let tree = match crate::analysis::tree::build(&ready.plan, &ready.report, &whole) {
        Ok(tree) => tree,
        Err(refusal) => return super::refuse(err, &refusal),
    };
    let goalposts =
        crate::analysis::goalpost::audit(&ready.plan, &o.plan, &o.cwd, ready.report.as_of).moves;
    let mut packet = packet;
    packet.goalposts = goalposts
        .iter()
        .filter(|g| g.quarter == ready.report.period.label)
        .cloned()
        .collect();
    let site = Site::new(
        &ready.plan,
        ready.report,
        packet,
        tree,
        goalposts,
        base_url.map(str::to_string),
    );
    let files = crate::render::html::site_paths(&site);
    let loaded = matches!(ready.origin, Origin::WorkingTree).then_some(&ready.checked.loaded);
    let refused = || refusal(o, Layout::of(o, loaded), dir, &files);
    // Judged before the lock too, so a refused `DIR` never takes its parent's lock (`-o .`
    // would otherwise lock the directory above the plan's), and again under it.
    if let Some(refusal) = refused() {
        return super::refuse(err, &refusal);
    }
    // Held until the site is swapped in: a second `site` into the same directory fails.
    let _lock = match lock(dir)? {
        Ok(lock) => lock,
        Err(refusal) => return super::refuse(err, &refusal),
    };
    if let Some(refusal) = refused() {
        return super::refuse(err, &refusal);
    }
    let bar = progress_bar(progress, files.len());
    let as_of = site.report.as_of;
    let packet = |period: &Period| {
        crate::analysis::site::packet(
            &ready.plan,
            period,
            as_of,
            site.source.clone(),
            &site.goalposts,
        )
    };
    let written = publish(dir, &bar, |sink| {
        // The bar draws on stderr, which this thread holds locked: drawn from other
        // threads it would wait forever, so a site with a bar is drawn on this one.
        crate::render::html::write_site(&site, &packet, sink, bar.is_hidden())
    })?;
    bar.finish_and_clear();
    writeln!(out, "wrote {} to {}", plural(written, "file"), shown(dir))?;
    Ok(exit::OK)
}

/// Sites with at least this many files show a progress bar (on a terminal): about a
/// second of work on the development machine.
const PROGRESS_FILES: usize = 2_000;

/// A progress bar over `len` files on stderr when `shown` (stderr is a terminal) and the
/// site is large ([`PROGRESS_FILES`]); hidden otherwise, so never in a pipe or a CI log.
fn progress_bar(shown: bool, len: usize) -> ProgressBar {
    if !shown || len < PROGRESS_FILES {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("writing the site {bar:24} {pos}/{len}")
    {
        bar.set_style(style);
    }
    bar
}

/// Why `--base-url` cannot be used, if it cannot: it must be an absolute `http://` or
/// `https://` URL (parsed as HTTP's URI), without credentials (they would be written into
/// every page), a query or a fragment (page paths are appended to it).
fn bad_base_url(url: &str) -> Option<Refusal> {
    let help =
        "give the address the site is served from, e.g. `--base-url https://example.org/okrs`";
    let shown_url = crate::text::sanitize(url);
    let problem = match url.parse::<ureq::http::Uri>() {
        Err(e) => format!("`--base-url {shown_url}` is not a valid URL: {e}"),
        Ok(uri) => match (uri.scheme_str(), uri.authority()) {
            (Some("http" | "https"), Some(a)) if a.as_str().contains('@') => {
                format!("`--base-url {shown_url}` carries credentials, which every page would show")
            }
            (Some("http" | "https"), Some(_)) if uri.query().is_some() || url.contains('#') => {
                format!(
                    "`--base-url {shown_url}` has a query or fragment; page paths are appended to it"
                )
            }
            (Some("http" | "https"), Some(_)) => return None,
            _ => format!("`--base-url {shown_url}` is not an absolute http:// or https:// URL"),
        },
    };
    Some(Refusal::new(problem).help(help))
}

/// The lock of the directory `dir` is in (the one writers to a plan there take), held
/// while the site is written and swapped; a refusal when another process holds it (a
/// `site` run into the same directory, or a write to a plan there). No lock is needed
/// when that directory does not exist: nothing can be written there.
fn lock(dir: &Path) -> anyhow::Result<Result<Option<DirLocks>, Refusal>> {
    let parent = parent_dir(dir);
    if !parent.is_dir() {
        return Ok(Ok(None));
    }
    Ok(match DirLocks::try_acquire(&parent)? {
        Some(lock) => Ok(Some(lock)),
        None => Err(Refusal::new(format!(
            "another northstar is writing in `{}` (a `site` run into `{}`, or a write to a plan there)",
            shown(&parent),
            shown(dir)
        ))
        .help("wait for it to finish, then run `northstar site` again")),
    })
}

/// Why `dir` must not be replaced by a site of `files`, if it must not (`layout`: the
/// plan's, when it could be read).
fn refusal(o: &Options, layout: Option<Layout>, dir: &Path, files: &[String]) -> Option<Refusal> {
    let help =
        "`-o` names the directory the site replaces: pick one outside the plan, e.g. `-o public`";
    if dir.file_name().is_none() {
        return Some(
            Refusal::new(format!("`{}` names no directory to replace", shown(dir))).help(help),
        );
    }
    if let Some(refusal) = over_plan(o, layout, dir, files) {
        return Some(refusal.help(help));
    }
    match fs::symlink_metadata(dir) {
        Ok(meta) if !meta.is_dir() => Some(
            Refusal::new(format!("`{}` is a file, not a directory", shown(dir))).help(help),
        ),
        Ok(_) if !fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
            && !dir.join("index.html").is_file() =>
        {
            Some(
                Refusal::new(format!(
                    "refusing to replace `{}`: it holds files and no `index.html`, so it is not a site",
                    shown(dir)
                ))
                .help(help),
            )
        }
        _ => None,
    }
}

/// The plan's files in the working tree (the check-in log included) and the main file's
/// include patterns, as the working tree has them.
struct Layout {
    files: Vec<PathBuf>,
    include: Vec<String>,
}

impl Layout {
    /// From `loaded`, the plan just read from the working tree (its raw tables freed: the
    /// include patterns are read again from the main file alone), else by loading the
    /// working tree's plan (`--at` read another revision). `None` when it cannot be read.
    fn of(o: &Options, loaded: Option<&crate::plan::Loaded>) -> Option<Self> {
        let files = |l: &crate::plan::Loaded| -> Vec<PathBuf> {
            l.sources
                .files()
                .iter()
                .map(|f| f.path.clone())
                .chain(l.checkin_log.clone())
                .collect()
        };
        if let Some(loaded) = loaded {
            let main: toml::Table = fs::read_to_string(&o.plan).ok()?.parse().ok()?;
            let include = main
                .get("plan")
                .and_then(|p| p.get("include"))
                .and_then(toml::Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            return Some(Self {
                files: files(loaded),
                include,
            });
        }
        let loaded = crate::plan::load(&o.plan, &Origin::WorkingTree).ok()?;
        let include = loaded
            .files
            .first()
            .and_then(|(_, raw)| raw.plan.as_ref())
            .and_then(|p| p.get_ref().include.as_ref())
            .map(|i| i.iter().map(|p| p.get_ref().clone()).collect())
            .unwrap_or_default();
        Some(Self {
            files: files(&loaded),
            include,
        })
    }
}

/// Refuses a `dir` that is a file of the plan in the working tree, holds one (the plan's
/// directory, or one above it), or where one of the plan's include patterns would read
/// `dir` or a file of the site.
fn over_plan(o: &Options, layout: Option<Layout>, dir: &Path, files: &[String]) -> Option<Refusal> {
    let layout = layout?;
    let target = identity(dir);
    for f in &layout.files {
        let file = identity(f);
        if file == target {
            return Some(Refusal::new(format!(
                "refusing to replace plan file `{}` with a site",
                shown(f)
            )));
        }
        if file.starts_with(&target) {
            return Some(Refusal::new(format!(
                "refusing to replace `{}`: it holds plan file `{}`",
                shown(dir),
                shown(f)
            )));
        }
    }
    let base = fs::canonicalize(parent_dir(&o.plan)).ok()?;
    let patterns = layout.include;
    let candidates: Vec<PathBuf> = std::iter::once(target.clone())
        .chain(files.iter().map(|f| target.join(f)))
        .collect();
    for pattern in &patterns {
        let Ok(glob) = glob::Pattern::new(&base.join(pattern).to_string_lossy()) else {
            continue;
        };
        if let Some(hit) = candidates.iter().find(|c| glob.matches_path(c)) {
            return Some(Refusal::new(format!(
                "refusing to write the site into `{}`: the plan's include pattern `{}` would read `{}`",
                shown(dir),
                crate::text::sanitize(pattern),
                shown(hit)
            )));
        }
    }
    None
}

/// Creates a temporary directory beside `dir`, lets `draw` hand each file of the site to
/// the sink that writes it there (from any thread), then swaps it in for `dir`. Returns
/// how many files were written. Errors leave `dir` as it was and remove the temporary
/// directory.
fn publish(
    dir: &Path,
    bar: &ProgressBar,
    draw: impl FnOnce(&Sink<'_>) -> std::io::Result<()>,
) -> anyhow::Result<usize> {
    let parent = parent_dir(dir);
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.tmp-"))
        .tempdir_in(&parent)
        .map_err(|e| beside_error(dir, &e))?;
    let written = AtomicUsize::new(0);
    let sink = |f: SiteFile| -> std::io::Result<()> {
        write_file(&staging.path().join(&f.path), &f.bytes)?;
        written.fetch_add(1, Ordering::Relaxed);
        bar.inc(1);
        Ok(())
    };
    draw(&sink)?;
    // A temporary directory is private (0700); a site is read by a web server.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(staging.path(), fs::Permissions::from_mode(0o755))
            .with_context(|| format!("cannot make `{}` readable", shown(staging.path())))?;
    }
    if std::env::var_os(FAIL_BEFORE_RENAME).is_some() {
        bail!(
            "injected failure before swapping the site into `{}` ({FAIL_BEFORE_RENAME} is set)",
            shown(dir)
        );
    }
    swap(dir, staging.path(), &parent, &name)?;
    // Renamed into place: nothing is left for the temporary directory to remove.
    let _ = staging.keep();
    Ok(written.into_inner())
}

/// A directory beside `dir` could not be created: the reason without the random name
/// tempfile adds (`at path ".public.tmp-kR9rZl"`), so the message says only what to fix.
fn beside_error(dir: &Path, e: &std::io::Error) -> anyhow::Error {
    anyhow::anyhow!(
        "cannot create a directory beside `{}`: {}",
        shown(dir),
        e.kind()
    )
}

/// Writes `bytes` to `path`, creating its folder when missing; the error names the path.
fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let named = |e: std::io::Error, what: &Path| {
        std::io::Error::new(e.kind(), format!("cannot write `{}`: {e}", shown(what)))
    };
    match fs::write(path, bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(folder) = path.parent() {
                fs::create_dir_all(folder).map_err(|e| named(e, folder))?;
            }
            fs::write(path, bytes).map_err(|e| named(e, path))
        }
        other => other.map_err(|e| named(e, path)),
    }
}

/// Puts `staged` in place of `dir`: the old site, if any, renamed into a temporary
/// directory beside it (removed once the new one is in), and put back if the new one
/// cannot be renamed in.
fn swap(dir: &Path, staged: &Path, parent: &Path, name: &str) -> anyhow::Result<()> {
    let cannot = || format!("cannot rename the new site to `{}`", shown(dir));
    if fs::symlink_metadata(dir).is_err() {
        return fs::rename(staged, dir).with_context(cannot);
    }
    let old = tempfile::Builder::new()
        .prefix(&format!(".{name}.old-"))
        .tempdir_in(parent)
        .map_err(|e| beside_error(dir, &e))?;
    let away = old.path().join(name);
    fs::rename(dir, &away)
        .with_context(|| format!("cannot move the old site `{}` away", shown(dir)))?;
    if let Err(e) = fs::rename(staged, dir) {
        fs::rename(&away, dir).with_context(|| {
            format!(
                "cannot put the old site back at `{}`; it is at `{}`",
                shown(dir),
                shown(&away)
            )
        })?;
        return Err(e).with_context(cannot);
    }
    old.close().with_context(|| {
        format!(
            "the site is written, but the old one could not be removed from `{}`",
            shown(&away)
        )
    })
}
