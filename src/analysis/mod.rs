//! Typed results computed from a validated plan; nothing here formats text, writes a file
//! or reads the command line.
//!
//! [`rollup`] turns the plan into a [`report::Report`] (the structs behind the JSON
//! contract); `lint` adds the warnings that need the roll-up; `history`, `show`, `review`,
//! `diff`, `goalpost` and `tree` are the timelines, one entity, the quarter packet, what
//! moved, the one goalpost definition, and the alignment from the North Star down;
//! `calibration`, confidence against outcomes over closed periods; `digest`, the weekly
//! update: what moved, what is at risk, what each owner owes; `scope`, the `--owner` and
//! `--team` narrowing both share, with a goal's owners; `site`, what the static site
//! publishes.

pub mod calibration;
pub(crate) mod diff;
pub mod digest;
pub(crate) mod goalpost;
pub(crate) mod history;
pub(crate) mod lint;
pub mod report;
pub(crate) mod review;
pub mod rollup;
pub mod scope;
pub(crate) mod show;
pub(crate) mod site;
pub(crate) mod tree;
