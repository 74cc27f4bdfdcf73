//! `northstar set plan KEY VALUE`: one key of the main file's `[plan]` table (the fiscal
//! year, the cadence, the days after which a check-in is stale, …) edited in place, as
//! `set` edits an entity's: only the value's bytes change, a missing key is added after
//! the table's last key, and the plan as it would be read must validate (so a value of
//! the wrong type or out of range is refused with its diagnostic) before anything is
//! written, under the plan's locks.

use std::io::Write;

use crate::app::exit;
use crate::app::options::{Options, PlanSetting};
use crate::diagnostic::did_you_mean;
use crate::refusal::Refusal;
use crate::text::path as shown;
use crate::write::edit::replace_atomically;
use crate::write::set::{parse_value, set_plan_in_text, unified_diff};

/// The keys of `[plan]` that `set plan` sets: every key of the table but its sub-tables
/// (`[plan.portfolio]`, `[plan.capacity]`), in docs/plan-file.md's order.
pub(crate) const KEYS: &[&str] = &[
    "name",
    "include",
    "checkin_log",
    "stale_after_days",
    "overshoot",
    "fiscal_year_start",
    "fiscal_year_named_by",
    "cadence",
    "children_in_rollup",
];

/// Runs `set plan KEY VALUE`.
pub fn run(
    o: &Options,
    s: &PlanSetting,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    if !KEYS.contains(&s.key.as_str()) {
        let listed = KEYS
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let refusal = Refusal::new(format!("`[plan]` has no key `{}`", s.key));
        let refusal = match did_you_mean(&s.key, KEYS.iter().copied()) {
            Some(near) => refusal.help(format!("did you mean `{near}`? the keys: {listed}")),
            None => refusal.help(format!(
                "the keys: {listed}; edit `[plan.portfolio]` and `[plan.capacity]` by hand"
            )),
        };
        return super::refuse(err, &refusal);
    }
    let (locks, ready) = match super::locked_plan(o, s.dry_run, err)? {
        Ok(held) => held,
        Err(code) => return Ok(code),
    };
    let path = ready.checked.path.clone();
    let original = super::plan_text(&path)?;
    let text = original.as_str();
    let value = parse_value(&s.value);
    let edited = match set_plan_in_text(text, &s.key, &value) {
        Ok(e) => e,
        Err(refusal) => return super::refuse(err, &refusal.about(&path)),
    };
    if edited.text == text {
        writeln!(
            out,
            "`[plan]` {} is already {value}: nothing to change",
            s.key
        )?;
        return Ok(exit::OK);
    }
    let doing = format!("setting `{}` of `[plan]` to {value}", s.key);
    let edits = [(path.clone(), edited.text.as_bytes().to_vec())];
    if let Some(code) = super::refuse_invalid_edit(o, &path, &edits, &doing, err)? {
        return Ok(code);
    }
    if s.dry_run {
        write!(out, "{}", unified_diff(&shown(&path), text, &edited.text))?;
        return Ok(exit::OK);
    }
    replace_atomically(
        &locks,
        &path,
        edited.text.as_bytes(),
        Some(original.as_bytes()),
    )?;
    let from = edited
        .old
        .map_or_else(|| "(unset)".to_string(), |v| v.to_string());
    // The old value is plan text: no control character of it reaches the terminal.
    writeln!(
        out,
        "{}",
        crate::text::sanitize(&format!(
            "set `[plan]` {}: {from} → {value} ({})",
            s.key,
            shown(&path)
        ))
    )?;
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    /// `KEYS` is every key of `[plan]` the schema has, but its tables.
    #[test]
    fn the_keys_are_the_plan_tables_scalar_keys() {
        let schema = serde_json::to_value(crate::plan::raw::json_schema()).unwrap();
        let mut keys: Vec<&str> = schema["definitions"]["RawPlanSection"]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|k| !["portfolio", "capacity"].contains(k))
            .collect();
        keys.sort_unstable();
        let mut ours = super::KEYS.to_vec();
        ours.sort_unstable();
        assert_eq!(keys, ours);
    }
}
