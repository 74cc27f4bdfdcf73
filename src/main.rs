//! The `northstar` binary: parse the command line, run, exit with the code.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = northstar::cli::Cli::parse();
    let env = northstar::run::Env::from_process();
    let code = northstar::run::run(
        &cli,
        &env,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code)
}
