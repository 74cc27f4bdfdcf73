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

use crate::app::exit;
use crate::app::options::{Options, Removal};
use crate::diagnostic::{Code, FileId, Severity};
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
    let plan = &ready.plan;
    let loaded = &ready.checked.loaded;
    let Some(found) = find(plan, &r.id) else {
        return super::refuse(err, &super::set::unknown(plan, &r.id));
    };
    let path = loaded.sources.get(found.file).path.clone();
    let original = std::fs::read(&path)?;
    let Ok(text) = std::str::from_utf8(&original) else {
        anyhow::bail!("`{}` is not valid UTF-8; nothing was written", shown(&path));
    };
    let (plan_text, cut) = match remove_table(text, &r.id) {
        Ok(t) => t,
        Err(refusal) => return super::refuse(err, &refusal.about(&path)),
    };
    // The goalpost rule.
    let log = loaded
        .checkin_log
        .clone()
        .unwrap_or_else(|| ready.checked.path.clone());
    let started = found.period.filter(|p| p.window.first_day <= o.today);
    if let (Some(p), None) = (started, reason) {
        return super::refuse(
            err,
            &Refusal::new(format!(
                "{} `{}` is a goalpost, and {} began on {}: removing it needs --reason",
                found.what, r.id, p.label, p.window.first_day
            ))
            .help(format!(
                "say why with `--reason TEXT`; it is recorded as a `[[change]]` in {}",
                shown(&log)
            )),
        );
    }
    if reason.is_some() && found.period.is_none() {
        return super::refuse(
            err,
            &Refusal::new(format!(
                "--reason records the removal of an objective or a key result; `{}` is a {}",
                r.id, found.what
            ))
            .help("leave out --reason"),
        );
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
    let writes =
        match super::with_change_record(&log, &path, &original, plan_text, record.as_deref())? {
            Ok(w) => w,
            Err(refusal) => return super::refuse(err, &refusal),
        };
    // Nothing may still name it.
    let edits = super::edits_of(&writes);
    let after = crate::app::pipeline::check_edited(
        &ready.checked.path,
        &crate::plan::origin::Origin::WorkingTree,
        &edits,
        o.today,
        &o.selection,
    )?;
    if after.result.is_none() {
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
        if !errors.is_empty()
            && errors
                .iter()
                .all(|d| d.code == Code::UnknownReference && names_it(&d.message))
        {
            let mut message = format!(
                "{} `{}` is still named in {}:",
                found.what,
                r.id,
                crate::text::plural(errors.len(), "place")
            );
            for d in &errors {
                let field = d.message.rsplit_once(" in ").map_or("", |(_, f)| f);
                if let Some(label) = &d.primary {
                    // Where it stands in the files as they are (the one edited lost `cut`).
                    let file = &after.loaded.sources.get(label.loc.file).path;
                    let (line, column) = if crate::write::edit::identity(file)
                        == crate::write::edit::identity(&path)
                    {
                        let at = label.loc.span.start;
                        let at = if at >= cut.start { at + cut.len() } else { at };
                        loaded.sources.get(found.file).line_col(at)
                    } else {
                        let at = after.loaded.sources.position(&label.loc);
                        (at.line, at.column)
                    };
                    let _ = write!(message, "\n  {}:{line}:{column}: {field}", shown(file));
                }
            }
            return super::refuse(
                err,
                &Refusal::new(message).help("change or remove each of them first, then remove it"),
            );
        }
        let doing = format!("removing {} `{}`", found.what, r.id);
        if let Some(code) = super::refuse_invalid_edit(o, &ready.checked.path, &edits, &doing, err)?
        {
            return Ok(code);
        }
    }
    if r.dry_run {
        super::print_dry_run(out, &writes)?;
        return Ok(exit::OK);
    }
    super::write_all(&locks, &writes)?;
    writeln!(
        out,
        "removed {} `{}` from {}",
        found.what,
        r.id,
        shown(&path)
    )?;
    if reason.is_some() {
        writeln!(
            out,
            "recorded the removal and its reason in {}",
            shown(&log)
        )?;
    }
    Ok(exit::OK)
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
