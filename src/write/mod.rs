//! Atomic, locked, byte-preserving edits of plan files: the edit core ([`edit`]: append,
//! replace in place, lock and rename) and the edits each write command makes over it
//! (`record`: check-ins, bet decisions and carry; `set`; `add`; `remove`).

pub(crate) mod add;
pub(crate) mod edit;
pub(crate) mod record;
pub(crate) mod remove;
pub(crate) mod set;
