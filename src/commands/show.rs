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
        let refusal = match did_you_mean(id, plan_ids(&ready.plan)) {
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

/// Every id of the plan, for did-you-mean, grouped by kind: the North Star and metrics,
/// pillars, objectives, key results, initiatives, bets, teams (plan order within a kind).
/// Not [`Plan::ids`]'s order, on purpose: `did_you_mean` keeps the last of equally close
/// ids, so the order decides which of two ties is suggested, and this is the order `show`
/// has always suggested in.
fn plan_ids(plan: &Plan) -> Vec<&str> {
    use crate::plan::model::EntityRef;
    let mut ids: Vec<(u8, &str)> = plan
        .entities()
        .map(|(id, e)| {
            let group = match e {
                EntityRef::NorthStar | EntityRef::Metric(_) => 0,
                EntityRef::Pillar(_) => 1,
                EntityRef::Objective(_) => 2,
                EntityRef::KeyResult(_) => 3,
                EntityRef::Initiative(_) => 4,
                EntityRef::Bet(_) => 5,
                EntityRef::Team(_) => 6,
            };
            (group, id)
        })
        .collect();
    ids.sort_by_key(|&(group, _)| group); // stable: plan order within a group
    ids.into_iter().map(|(_, id)| id).collect()
}
