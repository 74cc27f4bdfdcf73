//! The application layer: the command line's definition completed from the command table
//! ([`table`], [`command()`]), resolved once into [`options::Options`]
//! ([`options::resolve`]), and the one pipeline (`pipeline::check`). The dispatcher that
//! routes an action to its command is `crate::run`, above both this and `crate::commands`.

pub(crate) mod action;
pub(crate) mod addition;
pub mod command;
pub mod complete;
pub mod env;
pub(crate) mod exit;
pub mod formats;
pub(crate) mod man;
pub mod options;
pub(crate) mod output;
pub(crate) mod pipeline;
pub mod table;

pub use command::{command, try_parse_from};
pub use env::Env;
