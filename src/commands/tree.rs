//! `northstar tree [ID] [--team ID] [--depth N]`: the alignment from the North Star down, in
//! the chosen format.

use std::io::Write;

use super::Ran;
use crate::analysis::tree::{Query, Scope};
use crate::app::exit;
use crate::app::options::Options;
use crate::render::Output;
use crate::text::sanitize;

/// Runs `tree`: the alignment, to render; an id or team the tree cannot start at is a
/// usage error with the fix.
pub fn run(o: &Options, query: &Query, err: &mut dyn Write) -> anyhow::Result<Ran> {
    let ready = match super::read_plan(o, err)? {
        Ok(r) => r,
        Err(code) => return Ok(Ran::code(code)),
    };
    let tree = match crate::analysis::tree::build(&ready.plan, &ready.report, query) {
        Ok(tree) => tree,
        Err(refusal) => return Ok(Ran::code(super::usage(err, &refusal)?)),
    };
    if let (Scope::Team(team), true) = (&query.scope, tree.roots.is_empty()) {
        writeln!(
            err,
            "note: team `{}` and its sub-teams have no objective in {}",
            sanitize(team),
            tree.period.label
        )?;
    }
    Ok(Ran::output(Output::Tree(tree), exit::OK))
}
