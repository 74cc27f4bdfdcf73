//! `northstar lsp`: serves the language server over stdin and stdout until the editor
//! says `exit`.

use std::io::Write;

use crate::app::exit;
use crate::app::options::Options;

/// Runs the server on stdin and `out` (stdout). Exit code 0 after `shutdown` then `exit`,
/// 1 when the editor left without `shutdown` (as the protocol asks).
pub fn run(o: &Options, out: &mut dyn Write) -> anyhow::Result<u8> {
    let mut input = std::io::stdin().lock();
    Ok(match crate::lsp::serve(&mut input, out, o.today)? {
        crate::lsp::End::Clean => exit::OK,
        crate::lsp::End::Abrupt => exit::LSP_ABRUPT_EXIT,
    })
}
