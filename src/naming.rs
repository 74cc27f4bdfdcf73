//! The rules a new id passes before it enters a plan, and their refusals worded once: a
//! valid id ([`crate::plan::validate::is_valid_id`]), not taken, not one edit away from
//! another of its kind ([`crate::typo`]). `add`, `carry` and the language server's rename
//! refuse alike.

use crate::refusal::Refusal;

/// The refusal of an id that breaks the one id rule, with a valid id close to it as its
/// help; `None` for a valid id.
pub(crate) fn invalid_id(id: &str) -> Option<Refusal> {
    if crate::plan::validate::is_valid_id(id) {
        return None;
    }
    let refusal = Refusal::new(format!(
        "`{id}` is not a valid id: ids are lowercase letters, digits, `.`, `_` and `-`, starting with a letter or a digit"
    ));
    Some(match crate::plan::validate::id_suggestion(id) {
        Some(s) => refusal.help(format!("try `{s}`")),
        None => refusal,
    })
}

/// The refusal of an id the plan already has.
pub(crate) fn taken(id: &str) -> Refusal {
    Refusal::new(format!("the plan already has an entity with id `{id}`"))
        .help(format!("pick another id; `northstar show {id}` shows it"))
}

/// The refusal of an id one edit away from `near`, an id of its kind (`what`: "key
/// result") the plan has; without help, which depends on what the caller allows.
pub(crate) fn near_duplicate(id: &str, what: &str, near: &str) -> Refusal {
    Refusal::new(format!(
        "id `{id}` is one edit away from the {what} `{near}`, which the plan already has"
    ))
}
