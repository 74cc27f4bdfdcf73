//! The `northstar` binary: parse the command line, run, exit with the code.
//!
//! stdout and stderr are written through buffers: a report of thousands of lines is a
//! handful of `write` calls instead of one per line. `run` flushes stdout itself and
//! decides what a failure to print means (an error for a report, a warning once a write
//! is durable, nothing when the reader closed the pipe early).

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
    // stdout was flushed by `run`, which reported any failure; stderr has nowhere left
    // to report its own.
    drop(out);
    let _ = err.flush();
    ExitCode::from(code)
}
