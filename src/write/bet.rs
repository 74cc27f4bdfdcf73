//! Deciding a bet: the lifecycle edits `bet start` and `bet decide` make
//! ([`BetEdit`]), checked against the bet's status ([`check_bet_edit`]) and written into
//! its table in place by `toml_edit` ([`edit_bet`]), so that only the values set change.

use chrono::NaiveDate;

use crate::diagnostic::did_you_mean;
use crate::plan::Plan;
use crate::plan::model::{Bet, BetStatus};
use crate::refusal::Refusal;
use crate::write::document::{EntityMut, find_entity_mut, toml_date};

/// A change to one bet's lifecycle.
#[derive(Debug, Clone, PartialEq)]
pub enum BetEdit<'a> {
    /// proposed → running: sets `status`, `start` and `decide_by`.
    Start {
        /// The start date.
        start: NaiveDate,
        /// The decide-by date.
        decide_by: NaiveDate,
    },
    /// → validated, invalidated or killed: sets `status`, `decided`, `outcome` and, when
    /// given, `learnings`.
    Decide {
        /// The decision (a decided status).
        status: BetStatus,
        /// The decision date.
        decided: NaiveDate,
        /// What happened.
        outcome: &'a str,
        /// What was learnt.
        learnings: Option<&'a str>,
    },
}

/// The bet `id` of `plan`.
///
/// Errors: the plan has none, with the nearest bet id as a suggestion.
pub fn find_bet<'p>(plan: &'p Plan, id: &str) -> Result<&'p Bet, Refusal> {
    plan.bets.iter().find(|b| b.id == id).ok_or_else(|| {
        let refusal = Refusal::new(format!("no bet `{id}` in the plan"));
        match did_you_mean(id, plan.bets.iter().map(|b| b.id.as_str())) {
            Some(s) => refusal.help(format!("did you mean `{s}`?")),
            None => refusal,
        }
    })
}

/// The `bet start` edit of `bet`: from `start`, to be decided by `decide_by` or, without
/// it, by the bet's own decide-by date.
///
/// Errors: there is neither; or, without `decide_by`, a proposed bet's own date is before
/// `start`.
pub fn start_edit(
    bet: &Bet,
    start: NaiveDate,
    decide_by: Option<NaiveDate>,
) -> Result<BetEdit<'static>, Refusal> {
    let id = &bet.id;
    let Some(chosen) = decide_by.or(bet.decide_by) else {
        return Err(Refusal::new(format!("bet `{id}` has no decide-by date"))
            .help("pass `--decide-by DATE`, or add `decide_by = YYYY-MM-DD` to the bet"));
    };
    if decide_by.is_none()
        && bet.status == BetStatus::Proposed
        && let Some(own) = bet.decide_by.filter(|d| *d < start)
    {
        return Err(Refusal::new(format!(
            "bet `{id}` has `decide_by = {own}`, before the start {start}"
        ))
        .help("pass a later `--decide-by DATE`"));
    }
    Ok(BetEdit::Start {
        start,
        decide_by: chosen,
    })
}

/// Checks that `edit` fits the bet's current status.
pub fn check_bet_edit(bet: &Bet, edit: &BetEdit<'_>) -> Result<(), Refusal> {
    let status = crate::text::variant(&bet.status);
    match edit {
        BetEdit::Start { start, decide_by } => {
            if bet.status != BetStatus::Proposed {
                let refusal = Refusal::new(format!(
                    "bet `{}` is {status}; only a proposed bet can start",
                    bet.id
                ));
                return Err(if bet.status.is_decided() {
                    refusal.help("a decision stands; record what changed in a new bet")
                } else {
                    refusal.help(format!(
                        "it has started; when it is decided: `northstar bet decide {} validated|invalidated|killed --outcome \"...\"`",
                        bet.id
                    ))
                });
            }
            if decide_by < start {
                return Err(Refusal::new(format!(
                    "--decide-by {decide_by} is before the start {start}"
                )));
            }
        }
        BetEdit::Decide {
            decided, outcome, ..
        } => {
            // The plan requires a non-blank outcome on a decided bet (`missing-decision`):
            // writing a blank one would leave a plan that no longer loads.
            if outcome.trim().is_empty() {
                return Err(Refusal::new("--outcome is blank").help(
                    "say what happened, e.g. --outcome \"MTTR fell 30% on the pilot services\"",
                ));
            }
            if bet.status.is_decided() {
                let when = bet.decided.map(|d| format!(" on {d}")).unwrap_or_default();
                return Err(Refusal::new(format!(
                    "bet `{}` was already decided: {status}{when}",
                    bet.id
                ))
                .help("a decision stands; record what changed in a new bet"));
            }
            if let Some(start) = bet.start
                && *decided < start
            {
                return Err(Refusal::new(format!(
                    "the decision date {decided} is before the bet's start {start}"
                )));
            }
        }
    }
    Ok(())
}

/// `text` (a plan file) with bet `id` edited in place by `toml_edit`: only the values set
/// change; comments, order and spacing elsewhere stay. A value keeps the comment after it.
/// New lines follow the file's line ending when the file uses one consistently. The bet
/// may be a `[[bet]]` table or an inline table of `bet = [{ … }]`.
///
/// Before anything is returned, the result is parsed back: it must be valid TOML holding
/// the bet with the values set.
///
/// Errors: the text is not valid TOML, or holds no bet `id`, or the result would not load.
pub fn edit_bet(text: &str, id: &str, edit: &BetEdit<'_>) -> Result<String, Refusal> {
    use toml_edit::{DocumentMut, Item, Value};
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e| Refusal::new(format!("cannot edit the file: {e}")))?;
    let mut found = find_entity_mut(doc.as_table_mut(), id)
        .ok_or_else(|| Refusal::new(format!("no bet with id `{id}` in this file")))?;
    let inline = matches!(found, EntityMut::Inline(_));
    let table = found.table_like();
    let written_decide_by = table
        .get("decide_by")
        .and_then(Item::as_value)
        .and_then(Value::as_datetime)
        .map(ToString::to_string);
    let mut set = |key: &str, value: Value| match table
        .get_mut(key)
        .and_then(toml_edit::Item::as_value_mut)
    {
        Some(old) => {
            let mut decor = old.decor().clone();
            keep_comment_column(&mut decor, bare_len(old), bare_len(&value));
            *old = value;
            *old.decor_mut() = decor;
        }
        None if inline => {
            // `{ …, last = 1 }` → `{ …, last = 1, key = value }`: the space before `}`
            // moves after the new value.
            let mut value = value.decorated(" ", "");
            if let Some((_, last)) = table.iter_mut().last()
                && let Some(last) = last.as_value_mut()
            {
                let suffix = last.decor().suffix().cloned();
                last.decor_mut().set_suffix("");
                if let Some(suffix) = suffix {
                    value.decor_mut().set_suffix(suffix);
                }
            }
            table.insert(key, Item::Value(value));
        }
        None => {
            table.insert(key, Item::Value(value));
        }
    };
    let (status, values) = match edit {
        BetEdit::Start { start, decide_by } => {
            // A decide-by date the bet already has is left as written.
            let unchanged = written_decide_by.as_deref() == Some(decide_by.to_string().as_str());
            set("status", Value::from("running"));
            set("start", Value::from(toml_date(*start)));
            if !unchanged {
                set("decide_by", Value::from(toml_date(*decide_by)));
            }
            (
                "running".to_string(),
                vec![("start", *start), ("decide_by", *decide_by)],
            )
        }
        BetEdit::Decide {
            status,
            decided,
            outcome,
            learnings,
        } => {
            let status = crate::text::variant(status);
            set("status", Value::from(status.as_str()));
            set("decided", Value::from(toml_date(*decided)));
            set("outcome", Value::from(*outcome));
            if let Some(learnings) = learnings {
                set("learnings", Value::from(*learnings));
            }
            (status, vec![("decided", *decided)])
        }
    };
    let mut edited = crate::write::append::match_line_endings(text, &doc.to_string());
    // toml_edit ends the document with a newline; keep the original's choice.
    if !text.ends_with('\n') {
        while edited.ends_with('\n') || edited.ends_with('\r') {
            edited.pop();
        }
    }
    verify_bet(&edited, id, &status, &values)?;
    Ok(edited)
}

/// Checks that `edited` parses and holds bet `id` with `status` and the dates `values`.
fn verify_bet(
    edited: &str,
    id: &str,
    status: &str,
    values: &[(&str, NaiveDate)],
) -> Result<(), Refusal> {
    let table: toml::Table = toml::from_str(edited).map_err(|e| {
        Refusal::new(format!(
            "the edit would leave a file that does not load: {}",
            e.message()
        ))
        .help("the file is left as it was; please report this with the file to northstar's maintainers")
    })?;
    let bet = table
        .get("bet")
        .and_then(toml::Value::as_array)
        .and_then(|bets| {
            bets.iter()
                .find(|b| b.get("id").and_then(toml::Value::as_str) == Some(id))
        });
    let holds = bet.is_some_and(|bet| {
        bet.get("status").and_then(toml::Value::as_str) == Some(status)
            && values.iter().all(|(key, date)| {
                bet.get(*key)
                    .and_then(toml::Value::as_datetime)
                    .is_some_and(|d| d.to_string() == date.to_string())
            })
    });
    if holds {
        Ok(())
    } else {
        Err(Refusal::new(format!(
            "the edit would not leave bet `{id}` with the values set"
        ))
        .help("the file is left as it was; please report this with the file to northstar's maintainers"))
    }
}

/// Length in characters of a value as written, without its surrounding whitespace and comment.
fn bare_len(value: &toml_edit::Value) -> usize {
    let mut bare = value.clone();
    bare.decor_mut().clear();
    bare.to_string().chars().count()
}

/// Keeps a trailing comment in its column when a value's length changes
/// (`status = "running"   # note` → `status = "killed"    # note`), with at least one space.
fn keep_comment_column(decor: &mut toml_edit::Decor, old_len: usize, new_len: usize) {
    let Some(suffix) = decor
        .suffix()
        .and_then(toml_edit::RawString::as_str)
        .map(str::to_string)
    else {
        return;
    };
    let rest = suffix.trim_start_matches(' ');
    let spaces = suffix.len() - rest.len();
    if spaces == 0 || !rest.starts_with('#') {
        return;
    }
    let wanted = (spaces + old_len).saturating_sub(new_len).max(1);
    decor.set_suffix(format!("{}{rest}", " ".repeat(wanted)));
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bet_guard_refuses_an_edit_that_would_not_load_or_lacks_the_values() {
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let values = [("start", date("2026-11-20"))];
        let good = "[[bet]]\nid = \"b\"\nstatus = \"running\"\nstart = 2026-11-20\n";
        assert_eq!(verify_bet(good, "b", "running", &values), Ok(()));
        let err = verify_bet(&format!("{good}id = \"c\"\n"), "b", "running", &values).unwrap_err();
        assert_eq!(
            err.message,
            "the edit would leave a file that does not load: duplicate key"
        );
        for wrong in [
            good.replace("running", "proposed"),
            good.replace("2026-11-20", "2026-11-21"),
            good.replace("\"b\"", "\"c\""),
        ] {
            assert_eq!(
                verify_bet(&wrong, "b", "running", &values)
                    .unwrap_err()
                    .message,
                "the edit would not leave bet `b` with the values set"
            );
        }
    }
}
