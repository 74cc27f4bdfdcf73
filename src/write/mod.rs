//! Atomic, locked, byte-preserving edits of plan files: the edit core ([`edit`]: locks and
//! the atomic replace; [`append`]: appending in the file's own form; [`document`]: finding
//! an entity's table and building a block) and the edits each write command makes over it
//! ([`checkin`], [`bet`], [`carry`], [`set`], [`add`], [`remove`]).

pub(crate) mod add;
pub(crate) mod append;
pub(crate) mod bet;
pub(crate) mod carry;
pub(crate) mod checkin;
pub(crate) mod document;
pub(crate) mod edit;
pub(crate) mod remove;
pub(crate) mod set;
