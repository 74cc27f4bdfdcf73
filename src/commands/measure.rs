//! `northstar measure [ID...] [--date D] [--dry-run] [--allow-commands]`: reads each
//! measure's `source` as of the date and appends one check-in per measure, with its
//! provenance, to the check-in log, under the lock and with the atomic replace `checkin`
//! uses. A measure already measured that day from the same source definition is skipped;
//! one whose source fails is reported on its own and nothing is written for it; the
//! others are recorded (exit 1 when any failed).
//!
//! Trust: a `command` source runs a program named in a file anyone with commit access can
//! change, so it runs only with `--allow-commands`, or when the user configuration's
//! `trusted` lists the directory of the plan's main file (as direnv's `allow`); otherwise
//! that source alone is refused and its program never started.
//!
//! Credentials: an `http` source's `auth_env` names an environment variable and its `url`
//! a host, both chosen by whoever wrote the plan. The token is sent only when the plan is
//! trusted as above (`--allow-credentials`, or `trusted`), the configuration lists the
//! variable with the URL's host (`[[credential]]`, see [`crate::config`]), and the URL is
//! `https://` (plain http never carries one); otherwise that source alone is refused with
//! why and how to allow it, and no request is made.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::app::exit;
use crate::app::options::{Measure, Options};
use crate::plan::Plan;
use crate::plan::model::{Measured, Source, SourceKind};
use crate::refusal::Refusal;
use crate::text::path as shown;
use crate::text::sanitize;
use crate::write::checkin::{
    CheckinRequest, explain, find_measured, new_checkin_errors, prepare_checkin,
};

/// One check-in ready to append.
struct Recorded {
    id: String,
    target: Measured,
    value: String,
    provenance: String,
    block: String,
}

/// What reading the sources gave: the check-ins to append, the file they go into, and how
/// many measures failed.
#[derive(Default)]
struct Readings {
    recorded: Vec<Recorded>,
    file: Option<PathBuf>,
    failed: usize,
}

/// Runs `measure`.
pub fn run(
    o: &Options,
    m: &Measure,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    if m.date > o.today {
        return super::refuse(
            err,
            &Refusal::new(format!(
                "--date {} is after today ({}): sources are measured as of a day that has come",
                m.date, o.today
            )),
        );
    }
    let (locks, mut ready) = match super::locked_plan(o, m.dry_run, err)? {
        Ok(held) => held,
        Err(code) => return Ok(code),
    };
    let jobs = match jobs(&ready.plan, &m.ids) {
        Ok(jobs) => jobs,
        Err(refusal) => return super::refuse(err, &refusal),
    };
    let mut readings = read_sources(o, m, &ready, jobs, err)?;
    let writes = match validated(o, &mut ready, m.date, &mut readings, err)? {
        Ok(writes) => writes,
        Err(code) => return Ok(code),
    };
    let code = if readings.failed > 0 {
        exit::SOURCE_FAILED
    } else {
        exit::OK
    };
    if m.dry_run {
        // One blank line between entries, as a reader would write them.
        let blocks: Vec<&str> = readings.recorded.iter().map(|r| r.block.as_str()).collect();
        write!(out, "{}", blocks.join("\n"))?;
        return Ok(code);
    }
    let (Some(file), Some(_)) = (&readings.file, writes.first()) else {
        return Ok(code);
    };
    super::write_all(&locks, &writes)?;
    drop(locks);
    for r in &readings.recorded {
        writeln!(
            out,
            "recorded {} = {} on {} in {} from {}",
            r.id,
            r.value,
            m.date,
            shown(file),
            sanitize(&r.provenance)
        )?;
    }
    Ok(code)
}

/// The measures to read: those `ids` name (each once), or, when none, every one with a
/// `source`.
///
/// Errors: an id names no measure, or one without a source; the plan has no source.
fn jobs<'p>(plan: &'p Plan, ids: &[String]) -> Result<Vec<(Measured, &'p Source)>, Refusal> {
    let all = crate::sources::measure::sources(plan);
    if ids.is_empty() {
        if all.is_empty() {
            return Err(Refusal::new("no measure in the plan has a `source`").help(
                "add a `[metric.source]` table, e.g. kind = \"file\", path = \"velocity.csv\", column = \"value\"",
            ));
        }
        return Ok(all);
    }
    let mut jobs = Vec::new();
    for id in ids {
        let target = find_measured(plan, id)?;
        let Some(job) = all.iter().find(|(t, _)| *t == target) else {
            return Err(
                Refusal::new(format!("`{id}` has no `source` to measure")).help(format!(
                    "record its value with `northstar checkin {id} VALUE`"
                )),
            );
        };
        if !jobs.iter().any(|(t, _)| *t == target) {
            jobs.push(*job);
        }
    }
    Ok(jobs)
}

/// Reads each job's source as of `--date` and prepares its check-in; a measure skipped or
/// failed is reported on `err` (behind the progress bar) on its own.
fn read_sources(
    o: &Options,
    m: &Measure,
    ready: &super::Ready,
    jobs: Vec<(Measured, &Source)>,
    err: &mut dyn Write,
) -> anyhow::Result<Readings> {
    let plan = &ready.plan;
    let trust = Trust::new(&o.plan, m);
    let env = |name: &str| std::env::var(name).ok();
    let progress = progress_bar(m.progress, jobs.len());
    let mut readings = Readings::default();
    for (done, (target, source)) in jobs.into_iter().enumerate() {
        let id = plan.measured_id(target).to_string();
        progress.set_message(id.clone());
        progress.set_position(done as u64);
        // Every line quotes the plan (paths, URLs, argv) or what a source answered: all of
        // it goes through the one `sanitize`, so nothing can drive the terminal or a CI log.
        let mut report = |lines: &[String]| -> std::io::Result<()> {
            progress.suspend(|| {
                lines
                    .iter()
                    .try_for_each(|line| writeln!(err, "{}", sanitize(line)))
            })
        };
        if already_measured(plan, target, m.date, source) {
            report(&[format!(
                "note: skipped `{id}`: already measured on {} from {}",
                m.date,
                source.provenance(None)
            )])?;
            continue;
        }
        let cx = crate::sources::measure::Context {
            base: ready
                .checked
                .loaded
                .sources
                .get(source.loc.file)
                .path
                .parent()
                .unwrap_or_else(|| Path::new("")),
            date: m.date,
            today: o.today,
            unit: plan.measured_unit(target),
            env: &env,
        };
        match trust
            .refusal(source, m)
            .map_or_else(|| read(ready, &id, target, source, &cx, m), Err)
        {
            Ok((recorded, file)) => {
                readings.file = Some(file);
                readings.recorded.push(recorded);
            }
            Err(lines) => {
                readings.failed += 1;
                let lines: Vec<String> = lines
                    .iter()
                    .enumerate()
                    .map(|(i, l)| match i {
                        0 => format!("error: cannot measure `{id}`: {l}"),
                        _ => format!("help: {l}"),
                    })
                    .collect();
                report(&lines)?;
            }
        }
    }
    progress.finish_and_clear();
    Ok(readings)
}

/// Reads `source` and prepares the check-in of `target` (`id`) with its value and
/// provenance, and the file it goes into; `Err` with the reason (and a help line) when the
/// source fails or the value does not fit the measure.
fn read(
    ready: &super::Ready,
    id: &str,
    target: Measured,
    source: &Source,
    cx: &crate::sources::measure::Context<'_>,
    m: &Measure,
) -> Result<(Recorded, PathBuf), Vec<String>> {
    let r = crate::sources::measure::read(source, cx).map_err(|reason| vec![reason])?;
    let value = r.value.to_string();
    let provenance = source.provenance(r.revision.as_deref());
    let request = request(id, &value, m.date, &provenance);
    let prepared = prepare_checkin(
        &ready.plan,
        &ready.checked.loaded,
        &ready.checked.path,
        &request,
    )
    .map_err(|refusal| {
        std::iter::once(refusal.message)
            .chain(refusal.help)
            .collect::<Vec<_>>()
    })?;
    let recorded = Recorded {
        id: id.to_string(),
        target,
        value,
        provenance,
        block: prepared.block,
    };
    Ok((recorded, prepared.file))
}

/// The check-in of `value` for `id` on `date`, read from `provenance`.
fn request<'a>(
    id: &'a str,
    value: &'a str,
    date: chrono::NaiveDate,
    provenance: &'a str,
) -> CheckinRequest<'a> {
    CheckinRequest {
        id,
        value,
        date,
        confidence: None,
        note: None,
        by: None,
        source: Some(provenance),
    }
}

/// The write of the check-ins read, after the plan as it would be read with them has
/// validated (the plan `ready` read with them parsed into it, see [`super::edited_plan`],
/// as `add` and `set` check theirs; the plan's files are taken out of `ready`). A check-in
/// the plan refuses is reported as its measure's failure and left out; `Err(exit code)`
/// when the plan would have errors elsewhere.
fn validated(
    o: &Options,
    ready: &mut super::Ready,
    date: chrono::NaiveDate,
    readings: &mut Readings,
    err: &mut dyn Write,
) -> anyhow::Result<Result<Vec<super::Written>, u8>> {
    let Some(file) = readings.file.clone() else {
        return Ok(Ok(Vec::new()));
    };
    loop {
        if readings.recorded.is_empty() {
            return Ok(Ok(Vec::new()));
        }
        let blocks: Vec<&str> = readings.recorded.iter().map(|r| r.block.as_str()).collect();
        let loaded = std::mem::take(&mut ready.checked.loaded);
        // Taken once: after a refusal, the plan is read again with the fewer check-ins.
        let writes = match super::appended_in(&loaded, &file, "checkin", &blocks)? {
            Ok(w) => vec![w],
            Err(refusal) => return super::refuse(err, &refusal).map(Err),
        };
        let Err(after) = super::edited_plan(o, &ready.checked.path, loaded, &writes)? else {
            return Ok(Ok(writes));
        };
        let n = readings.recorded.len();
        let errors = new_checkin_errors(&after.loaded.sources, &after.diagnostics, &file, n);
        if errors.is_empty() {
            let doing = "recording the measured values";
            let code = super::refuse_errors(o, &after, doing, err)?;
            return Ok(Err(code.unwrap_or(exit::FAILURE)));
        }
        // Each refused check-in is its measure's failure, reported with the first reason.
        for (i, d) in &errors {
            let r = &readings.recorded[*i];
            if errors.iter().find(|(j, _)| j == i).map(|(_, first)| *first) != Some(*d) {
                continue;
            }
            let request = request(&r.id, &r.value, date, &r.provenance);
            let refusal = explain(&ready.plan, r.target, &request, d);
            writeln!(
                err,
                "{}",
                sanitize(&format!(
                    "error: cannot measure `{}`: {}",
                    r.id, refusal.message
                ))
            )?;
            if let Some(help) = &refusal.help {
                writeln!(err, "{}", sanitize(&format!("help: {help}")))?;
            }
        }
        let mut refused: Vec<usize> = errors.iter().map(|(i, _)| *i).collect();
        refused.dedup();
        for i in refused.iter().rev() {
            readings.recorded.remove(*i);
        }
        readings.failed += refused.len();
    }
}

/// Whether `target` already has a check-in on `date` from this very source definition
/// (the revision a dora source read is ignored).
fn already_measured(
    plan: &crate::plan::Plan,
    target: Measured,
    date: chrono::NaiveDate,
    source: &Source,
) -> bool {
    plan.checkins.iter().any(|c| {
        c.target == target
            && c.date == date
            && c.source().is_some_and(|p| source.same_definition(p))
    })
}

/// Whether the plan is trusted (see the module docs), for the refusals of the sources
/// that need it.
struct Trust<'a> {
    plan: &'a Path,
    trusted: bool,
    config_file: String,
}

impl<'a> Trust<'a> {
    fn new(plan: &'a Path, m: &Measure) -> Self {
        Self {
            plan,
            trusted: plan_trusted(plan, m),
            config_file: crate::config::path().map_or_else(
                || "the configuration".to_string(),
                |p| format!("`{}`", p.display()),
            ),
        }
    }

    /// Why `source` may not be read (the reason, then how to allow it); `None` when it may.
    fn refusal(&self, source: &Source, m: &Measure) -> Option<Vec<String>> {
        if let SourceKind::Http {
            url,
            auth_env: Some(var),
            ..
        } = &source.kind
            && let Err((why, help)) =
                credential_allowed(url, var, m, self.trusted, self.plan, &self.config_file)
        {
            return Some(vec![why, help]);
        }
        if matches!(source.kind, SourceKind::Command { .. }) && !(m.allow_commands || self.trusted)
        {
            return Some(vec![
                format!(
                    "not running `{}`: command sources run programs named in the plan, which anyone with commit access can change",
                    source.provenance(None).trim_start_matches("command:")
                ),
                format!(
                    "run `northstar measure --allow-commands` once you have read the source, or list `{}` in `trusted` in {}",
                    plan_dir(self.plan).display(),
                    self.config_file
                ),
            ]);
        }
        None
    }
}

/// The directory of the plan's main file, absolute when it can be resolved.
fn plan_dir(plan: &Path) -> PathBuf {
    let dir = plan.parent().unwrap_or_else(|| Path::new(""));
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// Whether the plan's directory is one of the configuration's `trusted` directories
/// (compared with symbolic links resolved).
fn plan_trusted(plan: &Path, m: &Measure) -> bool {
    let dir = plan_dir(plan);
    m.trusted
        .iter()
        .any(|t| std::fs::canonicalize(t).is_ok_and(|t| t == dir))
}

/// Whether an `http` source may send the token in `var` to `url` (see the module docs):
/// `Ok`, or why not and how to allow it. Checked in this order: plain http (nothing
/// allows it), trust, then the configuration's `[[credential]]` list.
fn credential_allowed(
    url: &str,
    var: &str,
    m: &Measure,
    trusted_plan: bool,
    plan: &Path,
    config_file: &str,
) -> Result<(), (String, String)> {
    let not_sending = format!("not sending `{var}` (`auth_env`) to `{url}`");
    let uri: ureq::http::Uri = url.parse().map_err(|_| {
        (
            format!("{not_sending}: it is not a URL"),
            "write the service's `https://` URL".to_string(),
        )
    })?;
    if uri.scheme_str() != Some("https") {
        return Err((
            format!("{not_sending}: a credential is never sent over plain http"),
            "write the service's `https://` URL, or remove `auth_env`".to_string(),
        ));
    }
    if !(m.allow_credentials || trusted_plan) {
        return Err((
            format!(
                "{not_sending}: the plan names both the variable and the URL, and anyone with commit access can change them"
            ),
            format!(
                "run `northstar measure --allow-credentials` once you have read the source, or list `{}` in `trusted` in {config_file}",
                plan_dir(plan).display()
            ),
        ));
    }
    let host = uri.host().unwrap_or("").to_ascii_lowercase();
    let port = uri.port_u16().unwrap_or(443);
    if !crate::config::allows_credential(&m.credentials, var, &host, port) {
        return Err((
            format!(
                "{not_sending}: the configuration does not allow `{var}` to be sent to `{host}`"
            ),
            format!(
                "add `[[credential]]` with `env = \"{var}\"` and `hosts = [\"{host}\"]` to {config_file}"
            ),
        ));
    }
    Ok(())
}

/// A progress bar over `len` sources on stderr when `shown` (stderr is a terminal) and
/// there is more than one; hidden otherwise.
fn progress_bar(shown: bool, len: usize) -> indicatif::ProgressBar {
    if !shown || len < 2 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("measuring {bar:24} {pos}/{len} {msg}")
    {
        bar.set_style(style);
    }
    bar
}
