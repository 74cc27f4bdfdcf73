//! northstar: a command-line OKR and bet-portfolio tracker for engineering leads.
//!
//! The plan (a North Star metric, input and health metrics, strategic pillars, quarterly
//! objectives and key results, initiatives, bets and check-ins) lives in TOML files in a
//! planning repository. The pipeline runs one way: **load → validate → roll up → render**.
//!
//! The pipeline, one way: the command line is resolved once into typed options, the plan
//! is loaded, validated, rolled up and linted by one function, and each command renders
//! the typed result in the chosen format.
//!
//! - [`cli`] (clap types) → [`app::options`] (resolved once: plan, revision, as-of rule,
//!   period, colour, output, format) → [`app`] (the dispatcher) → `commands` (one file
//!   per subcommand). `app::formats` is the one table of formats per command;
//!   `app::pipeline` the one load → validate → roll up → lint function.
//! - `plan`: finding and reading files (`plan::load`, from the working tree or a git
//!   revision, `plan::origin`), the raw serde mirror (`plan::raw`), validation into the
//!   checked model (`plan::model`).
//! - [`diagnostic`]: every problem as data with a stable code, rendered rustc-style or as JSON.
//! - [`rollup`] → [`report`]: the progress maths into plain structs; `lint`: warnings that
//!   need the roll-up; `history`, `show`, `review`, `diff`, `goalpost`, `tree`: typed
//!   timelines, one entity, the quarter packet, what moved, the one goalpost definition,
//!   and the alignment from the North Star down.
//! - `render`: one renderer per format over those structs; `render::text` holds the
//!   formatting they share.
//! - `measure`: a measure's value read from its `source` (a file, HTTP, Prometheus, a
//!   trusted command, or DORA from git); `bounded`: the one size limit on what a source
//!   reads, and regular files only.
//! - `record` and `edit`: the blocks and in-place edits the write commands make, and
//!   the lock-and-replace protocol; `refusal`: why a command declined, with the fix. `git`:
//!   every git call. `config`, [`dates`] (dates as typed on the command line: `today`,
//!   `3d`, `2026/11/01`), [`quarter`] and [`period`] (dates, labels, fiscal calendars), [`dora`] (DORA's four keys, read from a git repository and CSVs), [`synth`] (synthetic plans for benchmarks), `unicode` (the characters no
//!   output shows as they are), `typo` (the one rule for an id that is a likely typo of
//!   another).
//!
//! The library's API is what the binary, the tests and the benchmark use, plus the
//! documented maths: [`cli`], [`app`] ([`app::run`], [`app::Env`], [`app::options`]),
//! [`diagnostic`], [`dates`], [`quarter`], [`period`], [`rollup`] and [`report`] (the structs behind
//! the JSON contract), [`dora`], [`fuzzing`] and [`synth`]. Every other module is
//! `pub(crate)`.

pub(crate) mod add;
pub mod app;
pub(crate) mod bounded;
pub(crate) mod change;
pub mod cli;
pub(crate) mod commands;
pub mod complete;
pub(crate) mod config;
pub mod dates;
pub mod diagnostic;
pub(crate) mod diff;
pub mod dora;
pub(crate) mod edit;
pub mod fuzzing;
pub(crate) mod git;
pub(crate) mod goalpost;
pub(crate) mod history;
pub(crate) mod lint;
pub(crate) mod measure;
pub mod period;
pub(crate) mod plan;
pub mod quarter;
pub(crate) mod record;
pub(crate) mod refusal;
pub(crate) mod remove;
pub(crate) mod render;
pub mod report;
pub(crate) mod review;
pub mod rollup;
pub(crate) mod show;
pub mod synth;
pub(crate) mod tree;
pub(crate) mod typo;
pub(crate) mod unicode;
