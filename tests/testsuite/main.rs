//! The integration tests, one binary (cargo's `tests/testsuite` layout): each module
//! tests one area of northstar through its library API or its command line; `common`
//! holds the helpers they share.

mod add;
mod alignment;
mod bet;
mod broken_objectives;
mod calibration;
mod carry;
mod checkin;
mod cli;
mod common;
mod completion;
mod criteria;
mod dates;
mod diagnostics;
mod digest;
mod dora;
mod formats;
mod fuzz_regressions;
mod git;
mod goalpost_cache;
mod help;
mod init_carry;
mod json_contract;
mod load_safety;
mod measure;
mod periods;
mod quickstart;
mod remove;
mod render_safety;
mod review;
mod rollup;
mod schema;
mod set;
mod sources;
mod stale_milestone;
mod synth;
mod team_lists;
mod teams;
mod terminal;
mod tree;
mod untrusted_git;
mod walkthrough;
mod walkthrough_add;
mod walkthrough_build;
mod write_safety;
