//! `northstar bet start|decide`: edits one bet in place, in the file it stands in, under
//! the lock of its directory; only the values set change.

use std::io::Write;

use crate::app::exit;
use crate::app::options::{Action, Options};
use crate::text::variant;
use crate::write::bet::{BetEdit, check_bet_edit, edit_bet, find_bet, start_edit};
use crate::write::edit::replace_atomically;

/// Runs `bet start` or `bet decide` (the options' action says which).
pub fn run(o: &Options, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<u8> {
    let (id, edit) = match &o.action {
        Action::BetStart {
            id,
            start,
            decide_by,
        } => (id, Err((*start, *decide_by))),
        Action::BetDecide {
            id,
            status,
            decided,
            outcome,
            learnings,
        } => (
            id,
            Ok(BetEdit::Decide {
                status: *status,
                decided: *decided,
                outcome: outcome.as_str(),
                learnings: learnings.as_deref(),
            }),
        ),
        _ => return Ok(exit::FAILURE),
    };
    let (locks, ready) = match super::locked_plan(o, false, err)? {
        Ok(held) => held,
        Err(code) => return Ok(code),
    };
    let bet = find_bet(&ready.plan, id);
    // `bet start` without `--decide-by` keeps the bet's own decide-by date.
    let checked = bet.and_then(|bet| {
        let edit = edit.or_else(|(start, decide_by)| start_edit(bet, start, decide_by))?;
        check_bet_edit(bet, &edit).map(|()| (bet, edit))
    });
    let (bet, edit) = match checked {
        Ok(checked) => checked,
        Err(refusal) => return super::refuse(err, &refusal),
    };
    let file = ready.checked.loaded.sources.get(bet.loc.file).path.clone();
    let original = super::plan_text(&file)?;
    let text = original.as_str();
    let updated = match edit_bet(text, id, &edit) {
        Ok(u) => u,
        Err(refusal) => return super::refuse(err, &refusal),
    };
    replace_atomically(&locks, &file, updated.as_bytes(), Some(original.as_bytes()))?;
    let before = variant(&bet.status);
    match edit {
        BetEdit::Start { start, decide_by } => writeln!(
            out,
            "bet {id}: {before} → running from {start}, decide by {decide_by} ({})",
            crate::text::path(&file)
        )?,
        BetEdit::Decide {
            status, decided, ..
        } => writeln!(
            out,
            "bet {id}: {before} → {} on {decided} ({})",
            variant(&status),
            crate::text::path(&file)
        )?,
    }
    Ok(exit::OK)
}
