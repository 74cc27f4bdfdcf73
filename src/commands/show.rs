//! `northstar show ID`: one entity with its fields, relations and check-in history.

use std::io::Write;

use super::Ran;
use crate::app::exit;
use crate::app::options::Options;
use crate::diagnostic::did_you_mean;
use crate::plan::Plan;

/// Runs `show`: the entity, to render; an unknown id is a usage error with a did-you-mean.
pub fn run(o: &Options, id: &str, err: &mut dyn Write) -> anyhow::Result<Ran> {
    let ready = match super::read_plan(o, err)? {
        Ok(r) => r,
        Err(code) => return Ok(Ran::code(code)),
    };
    // The goal each past check-in was rated against: from the plan's git history, else
    // from its `[[change]]` records.
    let goals = crate::analysis::goalpost::GoalsInForce::new(&o.plan, &o.cwd, o.today);
    let measure_on = |id: &str, date| {
        goals
            .on(id, date)
            .or_else(|| crate::analysis::goalpost::goal_before_changes(&ready.plan, id, date))
    };
    let Some(shown) = crate::analysis::show::show(&ready.plan, &ready.report, id, &measure_on)
    else {
        let refusal = crate::refusal::Refusal::new(format!("no entity `{id}` in the plan"));
        let refusal = match did_you_mean(id, plan_ids(&ready.plan).iter().map(String::as_str)) {
            Some(s) => refusal.help(format!("did you mean `{s}`?")),
            None => refusal,
        };
        return Ok(Ran::code(super::usage(err, &refusal)?));
    };
    Ok(Ran::output(
        crate::render::Output::Show(Box::new(shown)),
        exit::OK,
    ))
}

/// Every id of the plan, for did-you-mean.
fn plan_ids(plan: &Plan) -> Vec<String> {
    plan.north_star
        .iter()
        .chain(&plan.metrics)
        .map(|m| m.id.clone())
        .chain(plan.pillars.iter().map(|p| p.id.clone()))
        .chain(plan.objectives.iter().map(|o| o.id.clone()))
        .chain(
            plan.objectives
                .iter()
                .flat_map(|o| o.key_results.iter().map(|k| k.id.clone())),
        )
        .chain(plan.initiatives.iter().map(|i| i.id.clone()))
        .chain(plan.bets.iter().map(|b| b.id.clone()))
        .chain(plan.teams.iter().map(|t| t.id.clone()))
        .collect()
}
