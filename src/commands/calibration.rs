//! `northstar calibration`: confidence against outcomes over closed periods, per owner and
//! overall, narrowed by `--owner` and `--team` as the reports are; the computation is
//! [`crate::analysis::calibration`], the goalposts the one goalpost audit's.

use std::io::Write;

use super::Ran;
use crate::analysis::calibration::{Scope, calibration, closed_periods_with_checkins};
use crate::app::exit;
use crate::app::options::{Filter, Options, PeriodChoice};
use crate::refusal::Refusal;
use crate::render::Output;

/// Runs `calibration` as of the options' date: the period `--period` names (refused
/// unless it closed before the as-of date), else every closed period with a key-result
/// check-in. An unknown `--owner` or `--team` is a usage error, as in the reports.
pub fn run(o: &Options, filter: &Filter, err: &mut dyn Write) -> anyhow::Result<Ran> {
    let ready = match super::read_plan(o, err)? {
        Ok(r) => r,
        Err(code) => return Ok(Ran::code(code)),
    };
    let plan = &ready.plan;
    let as_of = ready.report.as_of;
    let scope = match scope(plan, filter) {
        Ok(s) => s,
        Err(refusal) => return Ok(Ran::code(super::usage(err, &refusal)?)),
    };
    let periods = match &o.selection.period {
        PeriodChoice::Label(_) | PeriodChoice::Fixed(_) => {
            let period = ready.report.period.clone();
            if period.window.last_day >= as_of {
                let refusal = Refusal::new(format!(
                    "`{}` has not closed: it ends {}, on or after the as-of date {as_of}",
                    period.label, period.window.last_day
                ))
                .help("calibration reads closed periods; name an earlier one, or leave out `--period` for every closed period");
                return Ok(Ran::code(super::usage(err, &refusal)?));
            }
            vec![period]
        }
        PeriodChoice::Default | PeriodChoice::OfEntity(_) => {
            closed_periods_with_checkins(plan, as_of)
        }
    };
    let moves = crate::analysis::goalpost::audit(plan, &o.plan, &o.cwd, as_of).moves;
    let report = calibration(plan, as_of, &periods, &scope, moves);
    Ok(Ran::output(Output::Calibration(Box::new(report)), exit::OK))
}

/// `--owner` and `--team` as a [`Scope`], checked against the plan by the reports' rules.
fn scope(plan: &crate::plan::Plan, filter: &Filter) -> Result<Scope, Refusal> {
    if let Some(owner) = &filter.owner {
        super::report::owner_named(plan, owner)?;
    }
    let teams = filter
        .team
        .as_deref()
        .map(|id| super::report::team_scope(plan, id))
        .transpose()?;
    Ok(Scope {
        owner: filter.owner.clone(),
        teams,
    })
}
