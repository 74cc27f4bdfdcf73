//! `northstar add KIND ID …`: one new table written into a plan file. The id is checked
//! against the plan's namespace first (not a valid id, taken, a likely typo of one of its kind:
//! `crate::typo`), then
//! the parent it names (an objective's pillar, a key result's objective); the new table
//! goes in the main file or `--in` (a key result: its objective's file, after its last
//! key result), and the plan as it would be read must still validate before anything is
//! written, under the plan's locks.

use std::io::Write;
use std::path::PathBuf;

use crate::app::exit;
use crate::app::options::{Addition, NewTable, NewValue, Options};
use crate::diagnostic::did_you_mean;
use crate::paths::identity;
use crate::plan::Plan;
use crate::refusal::Refusal;
use crate::text::path as shown;
use crate::write::add::{append_table, insert_key_result, new_table, text_value};
use crate::write::append::append_entries;
use crate::write::document::{block, table_block};

/// Runs `add`.
pub fn run(
    o: &Options,
    a: &Addition,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    if let Some(refusal) = super::invalid_id(&a.id) {
        return super::refuse(err, &refusal);
    }
    let (locks, mut ready) = match super::locked_plan(o, a.dry_run, err)? {
        Ok(held) => held,
        Err(code) => return Ok(code),
    };
    let placed = refused_id(&ready.plan, a).map_or_else(|| file(o, a, &ready), Err);
    let (path, objective) = match placed {
        Ok(placed) => placed,
        Err(refusal) => return super::refuse(err, &refusal),
    };
    let original = super::plan_text(&path)?;
    let text = original.as_str();
    let edited = match added(text, a, objective) {
        Ok(t) => t,
        Err(refusal) => return super::refuse(err, &refusal.about(&path)),
    };
    let what = what(&a.table);
    let doing = format!("adding {what} `{}`", a.id);
    let writes = [(path.clone(), Some(original.clone().into_bytes()), edited)];
    if let Some(code) = super::refuse_invalid_writes(o, &mut ready, &writes, &doing, err)? {
        return Ok(code);
    }
    if a.dry_run {
        super::print_dry_run(out, &writes)?;
        return Ok(exit::OK);
    }
    super::write_all(&locks, &writes)?;
    writeln!(out, "added {what} `{}` to {}", a.id, shown(&path))?;
    Ok(exit::OK)
}

/// The refusal of the new id or of what it names: taken, one edit away from another of its
/// kind (unless `--force`), a second North Star, a pillar, team, parent or series the
/// plan does not have.
fn refused_id(plan: &Plan, a: &Addition) -> Option<Refusal> {
    if plan.entity(&a.id).is_some() {
        return Some(crate::naming::taken(&a.id));
    }
    if !a.force
        && let Some(near) = crate::typo::typo_of(&a.id, same_kind(plan, &a.table))
    {
        return Some(
            crate::naming::near_duplicate(&a.id, what(&a.table), near).help(format!(
                "did you mean `{near}`? add --force to add `{}` anyway",
                a.id
            )),
        );
    }
    // A plan has one North Star.
    if let (NewTable::NorthStar, Some(ns)) = (&a.table, &plan.north_star) {
        return Some(
            Refusal::new(format!("the plan already has a North Star, `{}`", ns.id)).help(format!(
                "a plan has one; `northstar set {} FIELD VALUE` changes it",
                ns.id
            )),
        );
    }
    // The pillar, teams, parents and series it names.
    unknown_reference(plan, &a.table, &a.keys)
}

/// The file the new table goes in: a key result's objective's (with the objective's id),
/// else `--in`, else the main file.
///
/// Errors: the objective is unknown; `--in` names no file of the plan, or another file
/// than a key result's objective's.
fn file<'a>(
    o: &Options,
    a: &'a Addition,
    ready: &super::Ready,
) -> Result<(PathBuf, Option<&'a str>), Refusal> {
    let (plan, sources) = (&ready.plan, &ready.checked.loaded.sources);
    let objective = match &a.table {
        NewTable::KeyResult { objective } => {
            let Some(found) = plan.objectives.iter().find(|x| &x.id == objective) else {
                let ids = plan.objectives.iter().map(|x| x.id.as_str());
                return Err(unknown("objective", objective, ids));
            };
            Some((objective.as_str(), found.loc.file))
        }
        _ => None,
    };
    let named = a.file.as_ref().map(|f| {
        let id = identity(&if f.is_absolute() {
            f.clone()
        } else {
            o.cwd.join(f)
        });
        (
            f.clone(),
            sources.files().iter().position(|s| identity(&s.path) == id),
        )
    });
    let path = match (named, objective) {
        (Some((f, None)), _) => {
            let files: Vec<String> = sources
                .files()
                .iter()
                .map(|s| format!("`{}`", shown(&s.path)))
                .collect();
            return Err(
                Refusal::new(format!("`{}` is not a file of the plan", shown(&f))).help(format!(
                    "name the main file or one of its includes: {}",
                    files.join(", ")
                )),
            );
        }
        (Some((_, Some(i))), Some((objective, file)))
            if sources.files()[i].path != sources.get(file).path =>
        {
            return Err(Refusal::new(format!(
                "a key result goes in the file of its objective `{objective}`: `{}`",
                shown(&sources.get(file).path)
            ))
            .help("leave out --in"));
        }
        (_, Some((_, file))) => sources.get(file).path.clone(),
        (Some((_, Some(i))), None) => sources.files()[i].path.clone(),
        (None, None) => ready.checked.path.clone(),
    };
    Ok((path, objective.map(|(id, _)| id)))
}

/// `text` with the new table: a key result after its objective's last, the North Star as
/// `[north_star]`, anything else appended to its array of tables.
fn added(text: &str, a: &Addition, objective: Option<&str>) -> Result<String, Refusal> {
    let keys: Vec<(&str, String)> = a.keys.iter().map(|(k, v)| (*k, toml(v))).collect();
    let key = table(&a.table);
    match objective {
        Some(objective) => insert_key_result(text, objective, &a.id, &keys),
        None if a.table == NewTable::NorthStar => {
            let block = table_block(key, new_table(&a.id, &keys)?);
            append_table(text, key, &a.id, &block)
        }
        None => append_entries(text, key, &block(key, new_table(&a.id, &keys)?)),
    }
}

/// The table (an array of tables, but for `north_star`) a kind is written in.
fn table(t: &NewTable) -> &'static str {
    match t {
        NewTable::Objective => "objective",
        NewTable::KeyResult { .. } => "objective.key_result",
        NewTable::NorthStar => "north_star",
        NewTable::Pillar => "pillar",
        NewTable::Team => "team",
        NewTable::Metric => "metric",
        NewTable::Initiative => "initiative",
        NewTable::Bet => "bet",
    }
}

/// The ids of the plan's entities of the kind `t` adds, in plan order: the ids a new one
/// may be a typo of (the North Star counts as a metric).
fn same_kind<'p>(plan: &'p Plan, t: &NewTable) -> Vec<&'p str> {
    match t {
        NewTable::Objective => plan.objectives.iter().map(|o| o.id.as_str()).collect(),
        NewTable::KeyResult { .. } => plan
            .objectives
            .iter()
            .flat_map(|o| o.key_results.iter().map(|k| k.id.as_str()))
            .collect(),
        NewTable::NorthStar => Vec::new(),
        NewTable::Pillar => plan.pillars.iter().map(|p| p.id.as_str()).collect(),
        NewTable::Team => plan.teams.iter().map(|t| t.id.as_str()).collect(),
        NewTable::Metric => plan
            .north_star
            .iter()
            .chain(&plan.metrics)
            .map(|m| m.id.as_str())
            .collect(),
        NewTable::Initiative => plan.initiatives.iter().map(|i| i.id.as_str()).collect(),
        NewTable::Bet => plan.bets.iter().map(|b| b.id.as_str()).collect(),
    }
}

/// The kind in words.
fn what(t: &NewTable) -> &'static str {
    match t {
        NewTable::Objective => "objective",
        NewTable::KeyResult { .. } => "key result",
        NewTable::NorthStar => "North Star",
        NewTable::Pillar => "pillar",
        NewTable::Team => "team",
        NewTable::Metric => "metric",
        NewTable::Initiative => "initiative",
        NewTable::Bet => "bet",
    }
}

/// A value as TOML text (a number in the form it was typed).
fn toml(v: &NewValue) -> String {
    match v {
        NewValue::Text(t) => text_value(t),
        NewValue::Number(n) => n.clone(),
        NewValue::Bool(b) => b.to_string(),
        NewValue::Date(d) => d.to_string(),
        NewValue::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| text_value(i))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The refusal of the first id named in `keys` (`pillar`, `team`, `parent`, `parents`, a
/// team's `parent`, `measured_by`) that the plan does not have as the kind it must be.
fn unknown_reference(plan: &Plan, t: &NewTable, keys: &[(&str, NewValue)]) -> Option<Refusal> {
    let pillars = || {
        plan.pillars
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>()
    };
    let teams = || plan.teams.iter().map(|t| t.id.as_str()).collect::<Vec<_>>();
    let goals = || {
        plan.objectives
            .iter()
            .flat_map(|o| {
                std::iter::once(o.id.as_str()).chain(o.key_results.iter().map(|k| k.id.as_str()))
            })
            .collect::<Vec<_>>()
    };
    let series = || plan.measure_ids().collect::<Vec<_>>();
    for (key, value) in keys {
        let (kind, candidates): (&str, Vec<&str>) = match (*key, t) {
            ("pillar", _) => ("pillar", pillars()),
            ("team", _) | ("parent", NewTable::Team) => ("team", teams()),
            ("parent" | "parents", _) => ("objective or key result", goals()),
            ("measured_by", _) => ("metric or key result", series()),
            _ => continue,
        };
        let named: Vec<&str> = match value {
            NewValue::Text(id) => vec![id.as_str()],
            NewValue::List(ids) => ids.iter().map(String::as_str).collect(),
            _ => continue,
        };
        if let Some(id) = named.into_iter().find(|id| !candidates.contains(id)) {
            return Some(unknown(kind, id, candidates));
        }
    }
    None
}

/// The refusal of a parent the plan does not have, with the nearest one.
fn unknown<'a>(kind: &str, id: &str, candidates: impl IntoIterator<Item = &'a str>) -> Refusal {
    let refusal = Refusal::new(format!("unknown {kind} `{id}`"));
    match did_you_mean(id, candidates) {
        Some(s) => refusal.help(format!("did you mean `{s}`?")),
        None => refusal.help(match kind {
            "metric or key result" => "`northstar metrics` and `northstar okrs` list them".into(),
            "objective or key result" => "`northstar tree` lists them".into(),
            _ => format!("`northstar tree` lists the {kind}s"),
        }),
    }
}
