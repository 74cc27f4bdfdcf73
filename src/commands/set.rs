//! `northstar set ID FIELD VALUE [--reason TEXT]`: edits one value in place in the file
//! the entity stands in; a goalpost changed once its period has started needs a reason,
//! appended as a `[[change]]` to the check-in log.
//!
//! Both files are written under their directories' locks, after the edited plan was
//! validated as it would be read. The plan file is written first, then the `[[change]]`:
//! stopped between the two (killed, or the log's write failed and restoring the plan
//! failed too), the plan shows a move without its record, which `check` reports as
//! `goalpost-moved`: the truth. The other order left a record without its move, which
//! would later make an unrelated hand edit to the same value read as recorded (`check`
//! reports such a record as `unapplied-change`). Should the log's write fail, the plan
//! file is put back as it was.

use std::io::Write;

use crate::app::exit;
use crate::app::options::{Options, SetField};
use crate::diagnostic::{FileId, Loc, did_you_mean};
use crate::plan::Plan;
use crate::plan::model::{EntityKind, EntityRef};
use crate::plan::raw::table_keys;
use crate::plan::validate::changes::{KEY_RESULT_GOALPOSTS, OBJECTIVE_GOALPOSTS};
use crate::refusal::Refusal;
use crate::text::path as shown;
use crate::time::period::Period;
use crate::write::set::{ChangeRecord, change_block, change_value, parse_value, set_in_text};

/// What kind of entity an id names, for the goalpost rules.
#[derive(Clone, Copy)]
enum Named {
    /// An objective.
    Objective,
    /// A key result.
    KeyResult,
    /// Anything else.
    Other,
}

/// Runs `set`.
pub fn run(
    o: &Options,
    s: &SetField,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let reason = match super::reason(s.reason.as_deref(), "say why the goalpost moved", err)? {
        Ok(reason) => reason,
        Err(code) => return Ok(code),
    };
    let (locks, mut ready) = match super::locked_plan(o, s.dry_run, err)? {
        Ok(held) => held,
        Err(code) => return Ok(code),
    };
    let set = match prepare(o, s, &ready, reason)? {
        Ok(Prepared::Set(set)) => *set,
        Ok(Prepared::Unchanged(line)) => {
            writeln!(out, "{line}")?;
            return Ok(exit::OK);
        }
        Err(refusal) => return super::refuse(err, &refusal),
    };
    // The plan as it would be read: it must still validate.
    let doing = format!("setting `{}` of `{}` to {}", set.field, s.id, set.value);
    if let Some(code) = super::refuse_invalid_writes(o, &mut ready, &set.writes, &doing, err)? {
        return Ok(code);
    }
    if s.dry_run {
        super::print_dry_run(out, &set.writes)?;
        return Ok(exit::OK);
    }
    super::write_all(&locks, &set.writes)?;
    let from = set
        .old
        .map_or_else(|| "(unset)".to_string(), |v| v.to_string());
    // The old value is plan text, and VALUE may be pasted from anywhere: no control
    // character of either reaches the terminal or a CI log.
    writeln!(
        out,
        "{}",
        crate::text::sanitize(&format!(
            "set `{}` {}: {from} → {} ({})",
            s.id,
            set.field,
            set.value,
            shown(&set.path)
        ))
    )?;
    if reason.is_some() {
        writeln!(
            out,
            "recorded the change and its reason in {}",
            shown(&set.log)
        )?;
    }
    Ok(exit::OK)
}

/// What `set` would do.
enum Prepared {
    /// The value is already so: the line that says it.
    Unchanged(String),
    /// A change to write.
    Set(Box<Set>),
}

/// One value set: the files to write (the plan file, then the log's `[[change]]`, see the
/// module docs) and what the confirmation names.
struct Set {
    /// The key set (`quarter` when the objective writes its period so).
    field: String,
    value: toml_edit::Value,
    /// The value replaced (a missing `weight` counts as 1).
    old: Option<toml_edit::Value>,
    path: std::path::PathBuf,
    log: std::path::PathBuf,
    writes: Vec<super::Written>,
}

/// Edits the entity's file text and builds the `[[change]]` record a goalpost changed with
/// a reason needs.
///
/// Errors: the refusal (unknown id, not a key, a goalpost without `--reason`, …); `Err` of
/// the outer result when a file cannot be read.
fn prepare(
    o: &Options,
    s: &SetField,
    ready: &super::Ready,
    reason: Option<&str>,
) -> anyhow::Result<Result<Prepared, Refusal>> {
    let (plan, loaded) = (&ready.plan, &ready.checked.loaded);
    let Some((file, named, table)) = find(plan, &s.id) else {
        return Ok(Err(unknown(plan, &s.id)));
    };
    if s.field != "id"
        && let Some(refusal) = not_a_key(table, &s.field)
    {
        return Ok(Err(refusal));
    }
    let path = loaded.sources.get(file).path.clone();
    let original = super::plan_text(&path)?;
    let text = original.as_str();
    let field = written_field(text, &s.id, named, &s.field);
    let value = parse_value(&s.value);
    let edited = match set_in_text(text, &s.id, field, &value) {
        Ok(e) => e,
        Err(refusal) => return Ok(Err(refusal)),
    };
    if edited.text == text {
        return Ok(Ok(Prepared::Unchanged(format!(
            "`{}` {field} is already {value}: nothing to change",
            s.id
        ))));
    }
    let log = loaded
        .checkin_log
        .clone()
        .unwrap_or_else(|| ready.checked.path.clone());
    // The period is the entity's (the command table's rule for `set`), as resolved once.
    let period = &ready.report.period;
    if let Err(refusal) = goalpost_rule(o, period, &s.id, named, field, reason, &log) {
        return Ok(Err(refusal));
    }
    let old = edited
        .old
        .clone()
        .or_else(|| (field == "weight").then(|| toml_edit::Value::from(1)));
    let record = match reason {
        None => None,
        Some(reason) => match record(o, s, field, old.as_ref(), &value, reason) {
            Ok(r) => Some(r),
            Err(refusal) => return Ok(Err(refusal)),
        },
    };
    let writes = match super::with_change_record(
        loaded,
        &log,
        &path,
        original.as_bytes(),
        edited.text,
        record.as_deref(),
    )? {
        Ok(w) => w,
        Err(refusal) => return Ok(Err(refusal)),
    };
    Ok(Ok(Prepared::Set(Box::new(Set {
        field: field.to_string(),
        value,
        old,
        path,
        log,
        writes,
    }))))
}

/// The key FIELD is written as in the entity's text: `period` and `quarter` are one key of
/// an objective, so the one it has is edited.
fn written_field<'a>(text: &str, id: &str, named: Named, field: &'a str) -> &'a str {
    if !(matches!(named, Named::Objective) && matches!(field, "period" | "quarter")) {
        return field;
    }
    let has = |k: &str| set_in_text(text, id, k, &parse_value("x")).is_ok_and(|e| e.old.is_some());
    if has("quarter") && !has("period") {
        "quarter"
    } else {
        "period"
    }
}
/// The goalpost rules: changing a goalpost of an objective or key result whose `period`
/// (the entity's own, as the options selected it) has begun needs a reason (recorded in
/// `log`); a reason records goalpost changes only.
fn goalpost_rule(
    o: &Options,
    period: &Period,
    id: &str,
    named: Named,
    field: &str,
    reason: Option<&str>,
    log: &std::path::Path,
) -> Result<(), Refusal> {
    let (goalposts, period, what) = match named {
        Named::Objective => (OBJECTIVE_GOALPOSTS, Some(period), "objective"),
        Named::KeyResult => (KEY_RESULT_GOALPOSTS, Some(period), "key result"),
        Named::Other => (&[][..], None, "entity"),
    };
    let goalpost = goalposts.contains(&field);
    let started = period.filter(|p| goalpost && p.window.has_started(o.today));
    if let (Some(p), None) = (started, reason) {
        return Err(Refusal::new(format!(
            "`{field}` of {what} `{id}` is a goalpost, and {} began on {}: changing it needs --reason",
            p.label, p.window.first_day
        ))
        .help(format!(
            "say why with `--reason TEXT`; it is recorded as a `[[change]]` in {}",
            shown(log)
        )));
    }
    if reason.is_some() && !goalpost {
        let keys = if goalposts.is_empty() {
            "only objectives and key results have goalposts".to_string()
        } else {
            format!(
                "the goalposts of a {what}: {}",
                goalposts
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        return Err(Refusal::new(format!(
            "--reason records goalpost changes; `{field}` of `{id}` is not a goalpost"
        ))
        .help(keys));
    }
    Ok(())
}

/// The `[[change]]` block of FIELD going from `old` to `value`, for `reason`.
///
/// Errors: either value is neither a number nor text.
fn record(
    o: &Options,
    s: &SetField,
    field: &str,
    old: Option<&toml_edit::Value>,
    value: &toml_edit::Value,
    reason: &str,
) -> Result<String, Refusal> {
    let (Some(from), Some(_), Some(_)) = (old, old.and_then(change_value), change_value(value))
    else {
        return Err(Refusal::new(format!(
            "a `[[change]]` records numbers and text; `{field}` would go from {} to {value}",
            old.map_or_else(|| "nothing".to_string(), ToString::to_string)
        )));
    };
    Ok(change_block(&ChangeRecord {
        id: &s.id,
        field,
        from,
        to: value,
        date: o.today,
        by: s.by.as_deref(),
        reason,
    }))
}

/// The file entity `id` stands in, what it is, and the table it is written as.
fn find(plan: &Plan, id: &str) -> Option<(FileId, Named, EntityKind)> {
    let other = |loc: &Loc, table| (loc.file, Named::Other, table);
    Some(match plan.entity(id)? {
        EntityRef::Objective(i) => (
            plan.objectives[i].loc.file,
            Named::Objective,
            EntityKind::Objective,
        ),
        EntityRef::KeyResult(r) => (
            plan.key_result(r).loc.file,
            Named::KeyResult,
            EntityKind::KeyResult,
        ),
        EntityRef::NorthStar => other(&plan.north_star.as_ref()?.loc, EntityKind::NorthStar),
        EntityRef::Metric(i) => other(&plan.metrics[i].loc, EntityKind::Metric),
        EntityRef::Pillar(i) => other(&plan.pillars[i].loc, EntityKind::Pillar),
        EntityRef::Initiative(i) => other(&plan.initiatives[i].loc, EntityKind::Initiative),
        EntityRef::Bet(i) => other(&plan.bets[i].loc, EntityKind::Bet),
        EntityRef::Team(i) => other(&plan.teams[i].loc, EntityKind::Team),
    })
}

/// The refusal of a FIELD that is not a key of `table` ([`table_keys`], read from
/// the plan format itself), with the nearest key and all of them; `None` when it is one.
/// FIELD is written into the file as it is, so anything else (a newline above all, which
/// would write further keys or whole tables) never reaches the edit.
fn not_a_key(table: EntityKind, field: &str) -> Option<Refusal> {
    let keys = table_keys(table);
    if keys.iter().any(|k| k == field) {
        return None;
    }
    let what = table.noun();
    let all = keys
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let near = did_you_mean(field, keys.iter().map(String::as_str))
        .map(|k| format!("did you mean `{k}`? "))
        .unwrap_or_default();
    Some(
        Refusal::new(format!("`{}` is not a key of {what}", field.escape_debug()))
            .help(format!("{near}{what} takes {all}")),
    )
}

/// The refusal of an id the plan does not have, with the nearest one.
/// The refusal of an id no entity of `plan` has, with the nearest id as its help.
pub(crate) fn unknown(plan: &Plan, id: &str) -> Refusal {
    let refusal = Refusal::new(format!("unknown id `{id}`: no entity of the plan has it"));
    match did_you_mean(id, plan.ids()) {
        Some(s) => refusal.help(format!("did you mean `{s}`?")),
        None => refusal.help("`northstar tree` lists the ids"),
    }
}
