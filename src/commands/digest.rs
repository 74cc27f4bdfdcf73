//! `northstar digest`: the weekly update, over the days `--since` names ending on the as-of
//! date, narrowed by `--owner` and `--team` as the reports are; the computation is
//! [`crate::analysis::digest`], the goalposts the one goalpost audit's.

use std::io::Write;

use super::Ran;
use crate::analysis::digest::digest;
use crate::app::exit;
use crate::app::options::{Filter, Options};
use crate::refusal::Refusal;
use crate::render::Output;
use crate::time::dates::DateArg;

/// Runs `digest` as of the options' date, from `since` resolved against it
/// ([`DateArg::span_start`]). A span starting after the as-of date or before 0001-01-01,
/// or an unknown `--owner` or `--team`, is a usage error, as in the reports.
pub fn run(
    o: &Options,
    since: DateArg,
    filter: &Filter,
    err: &mut dyn Write,
) -> anyhow::Result<Ran> {
    let ready = match super::read_plan(o, err)? {
        Ok(r) => r,
        Err(code) => return Ok(Ran::code(code)),
    };
    let plan = &ready.plan;
    let as_of = ready.report.as_of;
    let first = match since.span_start(as_of) {
        Ok(d) if d <= as_of => d,
        Ok(d) => {
            let refusal = Refusal::new(format!("`--since {d}` is after the as-of date {as_of}"))
                .help("name a day on or before the as-of date, or a span such as `--since 7d`");
            return Ok(Ran::code(super::usage(err, &refusal)?));
        }
        Err(e) => {
            let refusal = Refusal::new(format!("invalid value for `--since`: {e}"));
            return Ok(Ran::code(super::usage(err, &refusal)?));
        }
    };
    let scope = match super::report::scope(plan, filter) {
        Ok(s) => s,
        Err(refusal) => return Ok(Ran::code(super::usage(err, &refusal)?)),
    };
    let moves = crate::analysis::goalpost::audit(plan, &o.plan, &o.cwd, as_of).moves;
    let report = digest(
        plan,
        &ready.report,
        first,
        &scope,
        filter.owner.clone(),
        filter.team.clone(),
        moves,
    );
    Ok(Ran::output(Output::Digest(Box::new(report)), exit::OK))
}
