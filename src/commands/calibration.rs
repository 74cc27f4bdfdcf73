//! `northstar calibration`: confidence against outcomes over closed periods, per owner and
//! overall, narrowed by `--owner` and `--team` as the reports are; the computation is
//! [`crate::analysis::calibration`], the goalposts the one goalpost audit's.

use std::io::Write;

use chrono::NaiveDate;

use super::Ran;
use crate::analysis::calibration::{calibration, closed_periods_with_checkins};
use crate::app::exit;
use crate::app::options::{Filter, Options};
use crate::app::pipeline::period_error;
use crate::plan::Plan;
use crate::refusal::Refusal;
use crate::render::Output;
use crate::time::period::{Label, Period};

/// Runs `calibration` as of the options' date: the periods `--period` names (each refused
/// unless it closed before the as-of date), else every closed period with a key-result
/// check-in. An unknown `--owner` or `--team` is a usage error, as in the reports.
pub fn run(
    o: &Options,
    labels: &[Label],
    filter: &Filter,
    err: &mut dyn Write,
) -> anyhow::Result<Ran> {
    let ready = match super::read_plan(o, err)? {
        Ok(r) => r,
        Err(code) => return Ok(Ran::code(code)),
    };
    let plan = &ready.plan;
    let as_of = ready.report.as_of;
    let chosen =
        super::report::scope(plan, filter).and_then(|s| Ok((s, periods(plan, labels, as_of)?)));
    let (scope, periods) = match chosen {
        Ok(c) => c,
        Err(refusal) => return Ok(Ran::code(super::usage(err, &refusal)?)),
    };
    let moves = crate::analysis::goalpost::audit(plan, &o.plan, &o.cwd, as_of).moves;
    let report = calibration(plan, as_of, &periods, &scope, moves);
    Ok(Ran::output(Output::Calibration(Box::new(report)), exit::OK))
}

/// The periods `labels` name on the plan's calendar, oldest first and each once, or with
/// none, every closed period with key-result check-ins. A label the plan cannot resolve,
/// or a period not closed before `as_of`, is refused.
fn periods(plan: &Plan, labels: &[Label], as_of: NaiveDate) -> Result<Vec<Period>, Refusal> {
    if labels.is_empty() {
        return Ok(closed_periods_with_checkins(plan, as_of));
    }
    let mut periods = Vec::new();
    for label in labels {
        let period = plan
            .calendar
            .resolve(label)
            .map_err(|e| Refusal::new(period_error(&e)))?;
        if period.window.last_day >= as_of {
            return Err(Refusal::new(format!(
                "`{}` has not closed: it ends {}, on or after the as-of date {as_of}",
                period.label, period.window.last_day
            ))
            .help("calibration reads closed periods; name an earlier one, or leave out `--period` for every closed period"));
        }
        periods.push(period);
    }
    periods.sort_by(|a, b| (a.window, &a.label).cmp(&(b.window, &b.label)));
    periods.dedup();
    Ok(periods)
}
