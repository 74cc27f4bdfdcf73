//! northstar: a command-line OKR and bet-portfolio tracker for engineering leads.
//!
//! The plan (a North Star metric, input and health metrics, strategic pillars, quarterly
//! objectives and key results, initiatives, bets and check-ins) lives in TOML files in a
//! planning repository. The pipeline runs one way: **load → validate → roll up → render**.
//!
//! - [`plan`]: finding and reading the files ([`plan::load`]), the raw serde mirror
//!   ([`plan::raw`]), validation into the checked model ([`plan::model`]).
//! - [`diagnostic`]: every problem as data with a stable code, rendered rustc-style or as JSON.
//! - [`rollup`]: the progress maths, into the [`report`] structs.
//! - [`lint`]: warnings that need the roll-up (stale, overdue, mix, capacity).
//! - [`render`]: tables and JSON, each a pure renderer of a [`report::Report`].
//! - [`cli`] and [`run`]: the command line, and the wiring from it to an exit code.
//! - [`synth`]: synthetic org plans for benchmarks.

pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod edit;
pub mod git;
pub mod goalpost;
pub mod history;
pub mod lint;
pub mod plan;
pub mod quarter;
pub mod record;
pub mod render;
pub mod report;
pub mod review;
pub mod rollup;
pub mod show;
pub mod synth;
