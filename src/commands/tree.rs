//! `northstar tree [ID] [--team ID] [--depth N]`: the alignment from the North Star down, in
//! the chosen format.

use std::io::Write;

use crate::analysis::tree::{Query, Scope};
use crate::app::exit;
use crate::app::formats::Format;
use crate::app::options::Options;
use crate::render::{dot, markdown::MarkdownRenderer, mermaid};
use crate::text::sanitize;

/// Runs `tree`; an id or team the tree cannot start at is a usage error with the fix.
pub fn run(
    o: &Options,
    query: &Query,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<u8> {
    let ready = match super::read_plan(o, err)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let tree = match crate::analysis::tree::build(&ready.plan, &ready.report, query) {
        Ok(tree) => tree,
        Err(refusal) => {
            // The id was typed by the user: no escape of it reaches the terminal.
            writeln!(err, "error: {}", sanitize(&refusal.message))?;
            if let Some(help) = &refusal.help {
                writeln!(err, "help: {}", sanitize(help))?;
            }
            return Ok(exit::FAILURE);
        }
    };
    if let (Scope::Team(team), true) = (&query.scope, tree.roots.is_empty()) {
        writeln!(
            err,
            "note: team `{}` and its sub-teams have no objective in {}",
            sanitize(team),
            tree.period.label
        )?;
    }
    match o.format {
        Format::Json => super::json(&tree, out)?,
        Format::Markdown => MarkdownRenderer.render_tree(&tree, out)?,
        Format::Mermaid => mermaid::write(&tree, out)?,
        Format::Dot => dot::write(&tree, out)?,
        _ => super::report::table(o).render_tree(&tree, out)?,
    }
    Ok(exit::OK)
}
