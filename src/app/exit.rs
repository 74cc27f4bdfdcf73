//! The exit codes, one meaning each (README, "Exit codes").

/// Success (warnings allowed, unless `check --deny-warnings`).
pub const OK: u8 = 0;
/// The plan has errors, or warnings under `check --deny-warnings`, or an overdue bet or a
/// running bet meeting its kill criteria under `bets --fail`.
pub const PLAN_ERRORS: u8 = 1;
/// Usage error, unreadable plan file, plan not found, or another failure.
pub const FAILURE: u8 = 2;
/// `measure`: a source could not be measured (the others were recorded). The same code as
/// plan errors: the plan does not hold every number it should.
pub const SOURCE_FAILED: u8 = 1;
/// `lsp`: the editor said `exit` without `shutdown`, or closed the input (the Language
/// Server Protocol asks for 1).
pub const LSP_ABRUPT_EXIT: u8 = 1;
