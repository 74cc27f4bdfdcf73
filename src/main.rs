//! The `northstar` binary: parse the command line, run, exit with the code.
//!
//! stdout and stderr are written through buffers and flushed once at the end: a report of
//! thousands of lines is a handful of `write` calls instead of one per line. A reader that
//! closed the pipe early (`northstar log | head`) is not an error.

use std::io::{BufWriter, Write as _};
use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = northstar::cli::Cli::parse();
    let env = northstar::app::Env::from_process();
    let options = northstar::app::options::resolve(&cli, &env);
    let mut out = BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let mut err = BufWriter::new(std::io::stderr().lock());
    let code = northstar::app::run(options, &mut out, &mut err);
    // A closed pipe on the final flush is the reader's choice, not a failure.
    let _ = out.flush();
    let _ = err.flush();
    ExitCode::from(code)
}
