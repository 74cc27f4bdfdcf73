//! northstar: a command-line OKR and bet-portfolio tracker for engineering leads.
//!
//! The plan (a North Star metric, input and health metrics, strategic pillars, quarterly
//! objectives and key results, initiatives, bets and check-ins) lives in TOML files in a
//! planning repository. The pipeline runs one way: **load → validate → roll up → render**,
//! and the folders draw it:
//!
//! - [`cli`] (clap types) → [`app`]: the command line and the environment resolved once into
//!   typed [`app::options`] by the command table ([`app::table`]), the one load → validate
//!   → roll up → lint pipeline and completion; [`run`], the dispatcher, routes to
//!   `commands`: one file per subcommand, each returning its typed result for `render`.
//! - `plan`: finding and reading files (from the working tree or a git revision), the raw
//!   serde mirror, validation into the checked model.
//! - [`time`]: every calendar and date rule (command-line dates, quarters, fiscal periods,
//!   cycles).
//! - [`analysis`]: typed results computed from the plan ([`analysis::rollup`] into
//!   [`analysis::report`], lint, history, show, review, diff, goalposts, the alignment
//!   tree); nothing there formats.
//! - `write`: atomic, locked, byte-preserving edits of plan files (check-ins, bet
//!   decisions, carry, `set`, `add`, `remove`).
//! - [`sources`]: numbers from outside the plan (files, HTTP, Prometheus, trusted commands,
//!   [`sources::dora`] from git), each read under one size limit.
//! - `render`: one renderer per format over the typed results.
//! - `lsp`: the language server (`northstar lsp`), the plan in the editor.
//! - [`diagnostic`]: every problem as data with a stable code, rendered rustc-style or as
//!   JSON; `refusal`: why a command declined, with the fix; `git`: every git call, with
//!   safe configuration; `config`: the user's configuration; `text`: numbers, percentages,
//!   counts, file names and the characters no output shows as they are; `typo`: the one
//!   rule for an id that is a likely typo of another; `naming`: the refusals of a new id
//!   (`add`'s and rename's); `paths`: one file's identity however its path is spelled.
//!
//! The library's API is what the binary, the tests, the benchmark and the fuzz targets
//! use, plus the documented maths: [`cli`], [`app`], [`run`], [`diagnostic`], [`time`],
//! [`analysis::rollup`], [`analysis::report`] (the structs behind the JSON contract) and
//! [`sources::dora`]. Every other module is `pub(crate)`. Two more public modules exist only
//! behind cargo features, off by default, for the crate's own tooling: `fuzzing` (feature
//! `fuzzing`: the harnesses the `fuzz/` targets and the replay test call) and `synth`
//! (feature `synth`: synthetic org plans for the benchmark and load tests).

pub mod analysis;
pub mod app;
pub mod cli;
pub(crate) mod commands;
pub(crate) mod config;
pub mod diagnostic;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
pub(crate) mod git;
pub(crate) mod lsp;
pub(crate) mod naming;
pub(crate) mod paths;
pub(crate) mod plan;
pub(crate) mod refusal;
pub(crate) mod render;
pub mod run;
pub mod sources;
#[cfg(feature = "synth")]
pub mod synth;
pub(crate) mod text;
pub mod time;
pub(crate) mod typo;
pub(crate) mod write;
