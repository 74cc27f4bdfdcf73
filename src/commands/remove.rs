//! `northstar remove ID [--reason TEXT]`: one entity's table taken out of the file it
//! stands in (an objective with its key results), nothing else changed.
//!
//! Refused while anything still names it: the plan as it would be read without it must
//! validate, and each reference it would leave dangling (a parent, a pillar, a team, a
//! `drives`, a `measured_by`, a check-in, …) is listed with its location. An objective or
//! key result whose period has begun is a goalpost: removing it needs `--reason`, recorded
//! as a `[[change]]` (`field = "removed"`, `from` its title, `to = ""`) in the check-in
//! log, written first, as `set` does.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::app::exit;
use crate::app::options::{Options, Removal};
use crate::app::pipeline::Checked;
use crate::diagnostic::{Code, FileId, Severity};
use crate::paths::identity;
use crate::plan::Plan;
use crate::plan::model::EntityRef;
use crate::plan::validate::changes::REMOVED;
use crate::refusal::Refusal;
use crate::text::path as shown;
use crate::time::period::Period;
use crate::write::remove::remove_table;
use crate::write::set::{ChangeRecord, change_block};

/// What an id names, for the messages and the goalpost rule.
struct Found<'p> {
    /// The kind in words.
    what: &'static str,
    /// Its title or name.
    title: &'p str,
    /// The file it stands in.
    file: FileId,
    /// An objective's or key result's period: it is a goalpost once that began.
    period: Option<&'p Period>,
    /// The ids that go with it: its own, and an objective's key results'.
    ids: Vec<&'p str>,
}

/// Runs `remove`.
pub fn run(
    o: &Options,
    r: &Removal,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let reason = match super::reason(r.reason.as_deref(), "say why it is removed", err)? {
        Ok(reason) => reason,
        Err(code) => return Ok(code),
    };
    let (locks, ready) = match super::locked_plan(o, r.dry_run, err)? {
        Ok(held) => held,
        Err(code) => return Ok(code),
    };
    let Some(found) = find(&ready.plan, &r.id) else {
        return super::refuse(err, &super::set::unknown(&ready.plan, &r.id));
    };
    let removal = match prepare(o, r, &ready, &found, reason)? {
        Ok(removal) => removal,
        Err(refusal) => return super::refuse(err, &refusal),
    };
    // Nothing may still name it.
    let edits = super::edits_of(&removal.writes);
    let after = crate::app::pipeline::check_edited(
        &ready.checked.path,
        &crate::plan::origin::Origin::WorkingTree,
        &edits,
        o.today,
        &o.selection,
    )?;
    if let Some(refusal) = still_named(&ready, &found, &removal, &after, &r.id) {
        return super::refuse(err, &refusal);
    }
    let doing = format!("removing {} `{}`", found.what, r.id);
    if let Some(code) = super::refuse_errors(o, &after, &doing, err)? {
        return Ok(code);
    }
    if r.dry_run {
        super::print_dry_run(out, &removal.writes)?;
        return Ok(exit::OK);
    }
    super::write_all(&locks, &removal.writes)?;
    let (what, path) = (found.what, shown(&removal.path));
    writeln!(out, "removed {what} `{}` from {path}", r.id)?;
    if reason.is_some() {
        let log = shown(&removal.log);
        writeln!(out, "recorded the removal and its reason in {log}")?;
    }
    Ok(exit::OK)
}

/// A removal ready to write: the file the entity stands in, the byte range taken out of
/// it, the check-in log, and the files to write (the plan file, then the log's record).
struct Prepared {
    path: PathBuf,
    cut: std::ops::Range<usize>,
    log: PathBuf,
    writes: Vec<super::Written>,
}

/// Takes the entity's table out of its file's text and builds the `[[change]]` record a
/// goalpost removed with a reason needs.
///
/// Errors: the refusal (the table cannot be taken out alone, a goalpost without
/// `--reason`, a reason for what is not a goalpost); `Err` of the outer result when a file
/// cannot be read.
fn prepare(
    o: &Options,
    r: &Removal,
    ready: &super::Ready,
    found: &Found<'_>,
    reason: Option<&str>,
) -> anyhow::Result<Result<Prepared, Refusal>> {
    let loaded = &ready.checked.loaded;
    let path = loaded.sources.get(found.file).path.clone();
    let original = super::plan_text(&path)?;
    let text = original.as_str();
    let (plan_text, cut) = match remove_table(text, &r.id) {
        Ok(t) => t,
        Err(refusal) => return Ok(Err(refusal.about(&path))),
    };
    let log = loaded
        .checkin_log
        .clone()
        .unwrap_or_else(|| ready.checked.path.clone());
    if let Err(refusal) = goalpost_rule(o, found, &r.id, reason, &log) {
        return Ok(Err(refusal));
    }
    let record = reason.map(|reason| {
        change_block(&ChangeRecord {
            id: &r.id,
            field: REMOVED,
            from: &toml_edit::Value::from(found.title),
            to: &toml_edit::Value::from(""),
            date: o.today,
            by: r.by.as_deref(),
            reason,
        })
    });
    let writes = match super::with_change_record(
        loaded,
        &log,
        &path,
        original.as_bytes(),
        plan_text,
        record.as_deref(),
    )? {
        Ok(w) => w,
        Err(refusal) => return Ok(Err(refusal)),
    };
    Ok(Ok(Prepared {
        path,
        cut,
        log,
        writes,
    }))
}

/// The goalpost rule: removing an objective or key result whose period has begun needs a
/// reason (recorded in `log`); a reason records such a removal only.
fn goalpost_rule(
    o: &Options,
    found: &Found<'_>,
    id: &str,
    reason: Option<&str>,
    log: &Path,
) -> Result<(), Refusal> {
    let started = found.period.filter(|p| p.window.has_started(o.today));
    if let (Some(p), None) = (started, reason) {
        return Err(Refusal::new(format!(
            "{} `{id}` is a goalpost, and {} began on {}: removing it needs --reason",
            found.what, p.label, p.window.first_day
        ))
        .help(format!(
            "say why with `--reason TEXT`; it is recorded as a `[[change]]` in {}",
            shown(log)
        )));
    }
    if reason.is_some() && found.period.is_none() {
        return Err(Refusal::new(format!(
            "--reason records the removal of an objective or a key result; `{id}` is a {}",
            found.what
        ))
        .help("leave out --reason"));
    }
    Ok(())
}

/// When every error of the plan read without the entity (`after`) is a reference to it or
/// to one of its key results: the refusal listing each place that still names it, located
/// in the files as they are.
fn still_named(
    ready: &super::Ready,
    found: &Found<'_>,
    removal: &Prepared,
    after: &Checked,
    id: &str,
) -> Option<Refusal> {
    if after.result.is_some() {
        return None;
    }
    let errors: Vec<_> = after
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .collect();
    let names_it = |message: &str| {
        found
            .ids
            .iter()
            .any(|id| message.starts_with(&format!("unknown id `{id}` ")))
    };
    if errors.is_empty()
        || !errors
            .iter()
            .all(|d| d.code == Code::UnknownReference && names_it(&d.message))
    {
        return None;
    }
    let mut message = format!(
        "{} `{id}` is still named in {}:",
        found.what,
        crate::text::plural(errors.len(), "place")
    );
    let cut = &removal.cut;
    for d in &errors {
        let field = d.message.rsplit_once(" in ").map_or("", |(_, f)| f);
        if let Some(label) = &d.primary {
            // Where it stands in the files as they are (the one edited lost `cut`).
            let file = &after.loaded.sources.get(label.loc.file).path;
            let (line, column) = if identity(file) == identity(&removal.path) {
                let at = label.loc.span.start;
                let at = if at >= cut.start { at + cut.len() } else { at };
                ready.checked.loaded.sources.get(found.file).line_col(at)
            } else {
                let at = after.loaded.sources.position(&label.loc);
                (at.line, at.column)
            };
            let _ = write!(message, "\n  {}:{line}:{column}: {field}", shown(file));
        }
    }
    Some(Refusal::new(message).help("change or remove each of them first, then remove it"))
}

/// The entity `id` names.
fn find<'p>(plan: &'p Plan, id: &str) -> Option<Found<'p>> {
    let found = |what, title: &'p String, file, period, ids: Vec<&'p str>| {
        Some(Found {
            what,
            title: title.as_str(),
            file,
            period,
            ids,
        })
    };
    match plan.entity(id)? {
        EntityRef::Objective(i) => {
            let o = &plan.objectives[i];
            let ids = std::iter::once(o.id.as_str())
                .chain(o.key_results.iter().map(|k| k.id.as_str()))
                .collect();
            found("objective", &o.title, o.loc.file, Some(&o.period), ids)
        }
        EntityRef::KeyResult(r) => {
            let (o, k) = (&plan.objectives[r.objective], plan.key_result(r));
            found(
                "key result",
                &k.title,
                k.loc.file,
                Some(&o.period),
                vec![&k.id],
            )
        }
        EntityRef::NorthStar => {
            let m = plan.north_star.as_ref()?;
            found("North Star", &m.name, m.loc.file, None, vec![&m.id])
        }
        EntityRef::Metric(i) => {
            let m = &plan.metrics[i];
            found("metric", &m.name, m.loc.file, None, vec![&m.id])
        }
        EntityRef::Pillar(i) => {
            let p = &plan.pillars[i];
            found("pillar", &p.name, p.loc.file, None, vec![&p.id])
        }
        EntityRef::Team(i) => {
            let t = &plan.teams[i];
            found("team", &t.name, t.loc.file, None, vec![&t.id])
        }
        EntityRef::Initiative(i) => {
            let x = &plan.initiatives[i];
            found("initiative", &x.title, x.loc.file, None, vec![&x.id])
        }
        EntityRef::Bet(i) => {
            let b = &plan.bets[i];
            found("bet", &b.title, b.loc.file, None, vec![&b.id])
        }
    }
}
