//! The `northstar` binary: parse the command line, run, exit with the code.
//!
//! stdout and stderr are written through buffers: a report of thousands of lines is a
//! handful of `write` calls instead of one per line. `run` flushes stdout itself and
//! decides what a failure to print means (an error for a report, a warning once a write
//! is durable, nothing when the reader closed the pipe early).
//!
//! Paging, as git does it: when the options name a pager (stdout is a terminal and paging
//! is on), the report is held, and sent through `sh -c PAGER` only when it has more lines
//! than the terminal has rows; otherwise, or when the pager cannot start, it is printed.

use std::io::{BufWriter, Write as _};
use std::process::{Command, ExitCode, Stdio};

/// jemalloc instead of the system allocator: a plan of 60,000 check-ins makes hundreds of
/// thousands of small strings, and glibc's malloc slowed down as they fragmented its free
/// lists (the 80-column status table grew with an exponent of 1.26; with jemalloc it is
/// linear and 0.45 -> 0.34 s on the benchmark plan).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read at its start: one arena instead of four per core. northstar's
/// threads parse files and hand the tables back to the main thread, so arenas per thread
/// only held freed memory apart (peak RSS of `check` on the benchmark plan 73 -> 63 MB, time
/// unchanged).
#[cfg(not(target_env = "msvc"))]
// The one unsafe item: jemalloc reads this symbol by name (tikv-jemallocator's documented
// way to set options without the environment).
#[allow(non_upper_case_globals, unsafe_code)]
#[unsafe(export_name = "_rjem_malloc_conf")]
pub static malloc_conf: &[u8; 10] = b"narenas:1\0";

fn main() -> ExitCode {
    // `COMPLETE=bash northstar …`: the shell asking for completions (answered, then exit).
    clap_complete::CompleteEnv::with_factory(northstar::app::command).complete();
    let cli = northstar::app::try_parse_from(std::env::args_os()).unwrap_or_else(|e| e.exit());
    let env = northstar::app::Env::from_process();
    let options = northstar::app::options::resolve(&cli, &env);
    let paging = options
        .as_ref()
        .ok()
        .and_then(|o| o.pager.clone().zip(o.rows));
    let mut err = BufWriter::new(std::io::stderr().lock());
    let code = match paging {
        None => {
            let mut out = BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
            let code = northstar::run::run(options, &mut out, &mut err);
            // stdout was flushed by `run`, which reported any failure.
            drop(out);
            code
        }
        Some((pager, rows)) => {
            let mut held = Vec::new();
            let code = northstar::run::run(options, &mut held, &mut err);
            let _ = err.flush();
            let lines = held.split(|&b| b == b'\n').count().saturating_sub(1);
            if lines <= usize::from(rows) || !page(&pager, &held) {
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(&held).and_then(|()| out.flush());
            }
            code
        }
    };
    // stderr has nowhere left to report its own failure.
    let _ = err.flush();
    ExitCode::from(code)
}

/// Sends `text` through `sh -c PAGER` and waits for it; `false` when it could not start.
fn page(pager: &str, text: &[u8]) -> bool {
    let Ok(mut child) = Command::new("sh")
        .arg("-c")
        .arg(pager)
        .stdin(Stdio::piped())
        .spawn()
    else {
        return false;
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A pager quit early (`q` in less) closes the pipe: not an error.
        let _ = stdin.write_all(text);
    }
    let _ = child.wait();
    true
}
