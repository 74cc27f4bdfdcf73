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
use crate::plan::model::{Measured, Source, SourceKind};
use crate::refusal::Refusal;
use crate::text::path as shown;
use crate::text::sanitize;
use crate::write::edit::{append_entries, replace_atomically};
use crate::write::record::{CheckinRequest, find_measured, prepare_checkin};

/// One check-in ready to append.
struct Recorded {
    id: String,
    value: String,
    provenance: String,
    block: String,
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
    let (locks, ready) = match super::locked_plan(o, m.dry_run, err)? {
        Ok(held) => held,
        Err(code) => return Ok(code),
    };
    let plan = &ready.plan;
    let loaded = &ready.checked.loaded;
    let all = crate::sources::measure::sources(plan);
    let jobs = if m.ids.is_empty() {
        if all.is_empty() {
            return super::refuse(
                err,
                &Refusal::new("no measure in the plan has a `source`").help(
                    "add a `[metric.source]` table, e.g. kind = \"file\", path = \"velocity.csv\", column = \"value\"",
                ),
            );
        }
        all
    } else {
        let mut jobs = Vec::new();
        for id in &m.ids {
            let target = match find_measured(plan, id) {
                Ok(t) => t,
                Err(refusal) => return super::refuse(err, &refusal),
            };
            let Some(job) = all.iter().find(|(t, _)| *t == target) else {
                return super::refuse(
                    err,
                    &Refusal::new(format!("`{id}` has no `source` to measure")).help(format!(
                        "record its value with `northstar checkin {id} VALUE`"
                    )),
                );
            };
            if !jobs.iter().any(|(t, _)| *t == target) {
                jobs.push(*job);
            }
        }
        jobs
    };

    let trusted_plan = plan_trusted(&o.plan, m);
    let config_file = crate::config::path().map_or_else(
        || "the configuration".to_string(),
        |p| format!("`{}`", p.display()),
    );
    let env = |name: &str| std::env::var(name).ok();
    let progress = progress_bar(m.progress, jobs.len());
    let mut failed = 0_usize;
    let mut recorded: Vec<Recorded> = Vec::new();
    let mut file: Option<PathBuf> = None;
    for (done, (target, source)) in jobs.into_iter().enumerate() {
        let id = plan.measured_id(target).to_string();
        progress.set_message(id.clone());
        progress.set_position(done as u64);
        // Every line quotes the plan (paths, URLs, argv) or what a source answered: all of
        // it goes through the one `sanitize`, so nothing can drive the terminal or a CI log.
        let mut report = |line: String| -> std::io::Result<()> {
            progress.suspend(|| writeln!(err, "{}", sanitize(&line)))
        };
        if already_measured(plan, target, m.date, source) {
            report(format!(
                "note: skipped `{id}`: already measured on {} from {}",
                m.date,
                source.provenance(None)
            ))?;
            continue;
        }
        if let SourceKind::Http {
            url,
            auth_env: Some(var),
            ..
        } = &source.kind
            && let Err((why, help)) =
                credential_allowed(url, var, m, trusted_plan, &o.plan, &config_file)
        {
            failed += 1;
            report(format!("error: cannot measure `{id}`: {why}"))?;
            report(format!("help: {help}"))?;
            continue;
        }
        if matches!(source.kind, SourceKind::Command { .. }) && !(m.allow_commands || trusted_plan)
        {
            failed += 1;
            report(format!(
                "error: cannot measure `{id}`: not running `{}`: command sources run programs named in the plan, which anyone with commit access can change",
                source.provenance(None).trim_start_matches("command:")
            ))?;
            report(format!(
                "help: run `northstar measure --allow-commands` once you have read the source, or list `{}` in `trusted` in {config_file}",
                plan_dir(&o.plan).display(),
            ))?;
            continue;
        }
        let base = loaded
            .sources
            .get(source.loc.file)
            .path
            .parent()
            .unwrap_or_else(|| Path::new(""));
        let unit = plan.measured_unit(target);
        let cx = crate::sources::measure::Context {
            base,
            date: m.date,
            today: o.today,
            unit,
            env: &env,
        };
        let (value, provenance) = match crate::sources::measure::read(source, &cx) {
            Ok(r) => (
                r.value.to_string(),
                source.provenance(r.revision.as_deref()),
            ),
            Err(reason) => {
                failed += 1;
                report(format!("error: cannot measure `{id}`: {reason}"))?;
                continue;
            }
        };
        let request = CheckinRequest {
            id: &id,
            value: &value,
            date: m.date,
            confidence: None,
            note: None,
            by: None,
            source: Some(&provenance),
        };
        match prepare_checkin(plan, loaded, &ready.checked.path, &request) {
            Ok(prepared) => {
                file = Some(prepared.file);
                recorded.push(Recorded {
                    id,
                    value,
                    provenance,
                    block: prepared.block,
                });
            }
            Err(refusal) => {
                failed += 1;
                report(format!("error: cannot measure `{id}`: {}", refusal.message))?;
                if let Some(help) = &refusal.help {
                    report(format!("help: {help}"))?;
                }
            }
        }
    }
    progress.finish_and_clear();
    // One blank line between entries, as a reader would write them.
    let blocks = recorded
        .iter()
        .map(|r| r.block.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let code = if failed > 0 {
        exit::SOURCE_FAILED
    } else {
        exit::OK
    };
    if m.dry_run {
        write!(out, "{blocks}")?;
        return Ok(code);
    }
    let Some(file) = file else {
        return Ok(code);
    };
    let original = match std::fs::read(&file) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(anyhow::Error::new(e).context(format!("cannot read `{}`", file.display())));
        }
    };
    let text = match original.as_deref().map(std::str::from_utf8) {
        None => "",
        Some(Ok(text)) => text,
        Some(Err(_)) => anyhow::bail!("`{}` is not valid UTF-8; nothing was written", shown(&file)),
    };
    let updated = match append_entries(text, "checkin", &blocks) {
        Ok(updated) => updated,
        Err(refusal) => return super::refuse(err, &refusal.about(&file)),
    };
    replace_atomically(&locks, &file, updated.as_bytes(), original.as_deref())?;
    drop(locks);
    for r in &recorded {
        writeln!(
            out,
            "recorded {} = {} on {} in {} from {}",
            r.id,
            r.value,
            m.date,
            shown(&file),
            sanitize(&r.provenance)
        )?;
    }
    Ok(code)
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
            && c.source
                .as_deref()
                .is_some_and(|p| source.same_definition(p))
    })
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
