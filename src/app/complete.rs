//! What the shell completes from the plan: ids and period labels for `northstar`'s
//! dynamic completion (`clap_complete`'s engine, wired in `crate::cli`). The plan is the one
//! the command would read without `-f`: `NORTHSTAR_PLAN`, else the nearest
//! `northstar.toml` at or above the working directory. A plan that cannot be found or
//! read completes nothing: completion never prints an error into the user's prompt.

use std::path::PathBuf;

use crate::plan::origin::Origin;
use crate::plan::{Plan, find_plan, load, validate};

/// Which ids a completion offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ids {
    /// What a check-in records: key results, metrics and the North Star.
    Measures,
    /// Strategic pillars.
    Pillars,
    /// Teams.
    Teams,
    /// Bets.
    Bets,
    /// Objectives (`add kr --objective`).
    Objectives,
    /// Objectives and key results (`carry`).
    Goals,
    /// Every entity (`show`).
    Entities,
    /// Period labels: the plan's cadence periods around today, its objectives' periods and
    /// its cycles.
    Periods,
}

/// The candidates for `ids`, each with a short description (a title or a name), from the
/// plan found from the working directory; empty when there is none.
#[must_use]
pub fn candidates(ids: Ids) -> Vec<(String, String)> {
    let Some(plan) = plan() else {
        return Vec::new();
    };
    of(&plan, ids, today())
}

/// Today, as the commands see it (`NORTHSTAR_TODAY` overrides the clock).
fn today() -> chrono::NaiveDate {
    std::env::var("NORTHSTAR_TODAY")
        .ok()
        .and_then(|t| crate::time::dates::parse_date(&t).ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

fn plan() -> Option<Plan> {
    let main = std::env::var_os("NORTHSTAR_PLAN")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| find_plan(&std::env::current_dir().ok()?))?;
    let loaded = load(&main, &Origin::WorkingTree).ok()?;
    validate(&loaded, today(), &mut Vec::new())
}

/// The candidates for `ids` in `plan`, as of `today` (for period labels).
#[must_use]
pub fn of(plan: &Plan, ids: Ids, today: chrono::NaiveDate) -> Vec<(String, String)> {
    let pair = |id: &str, about: &str| (id.to_string(), about.to_string());
    let measures = || {
        plan.north_star
            .iter()
            .chain(&plan.metrics)
            .map(|m| pair(&m.id, &m.name))
            .chain(
                plan.objectives
                    .iter()
                    .flat_map(|o| o.key_results.iter().map(|k| pair(&k.id, &k.title))),
            )
            .collect::<Vec<_>>()
    };
    match ids {
        Ids::Measures => measures(),
        Ids::Pillars => plan.pillars.iter().map(|p| pair(&p.id, &p.name)).collect(),
        Ids::Teams => plan.teams.iter().map(|t| pair(&t.id, &t.name)).collect(),
        Ids::Bets => plan.bets.iter().map(|b| pair(&b.id, &b.title)).collect(),
        Ids::Objectives => plan
            .objectives
            .iter()
            .map(|o| pair(&o.id, &o.title))
            .collect(),
        Ids::Goals => plan
            .objectives
            .iter()
            .flat_map(|o| {
                std::iter::once(pair(&o.id, &o.title))
                    .chain(o.key_results.iter().map(|k| pair(&k.id, &k.title)))
            })
            .collect(),
        Ids::Entities => {
            let mut all = measures();
            all.extend(plan.pillars.iter().map(|p| pair(&p.id, &p.name)));
            all.extend(plan.objectives.iter().map(|o| pair(&o.id, &o.title)));
            all.extend(plan.initiatives.iter().map(|i| pair(&i.id, &i.title)));
            all.extend(plan.bets.iter().map(|b| pair(&b.id, &b.title)));
            all.extend(plan.teams.iter().map(|t| pair(&t.id, &t.name)));
            all
        }
        Ids::Periods => {
            // The cadence's period containing today, the one before and the one after, then
            // the objectives' own periods and the cycles.
            let current = plan.calendar.containing(today);
            let around = [
                current
                    .window
                    .first_day
                    .pred_opt()
                    .map(|d| plan.calendar.containing(d)),
                Some(current.clone()),
                current
                    .window
                    .last_day
                    .succ_opt()
                    .map(|d| plan.calendar.containing(d)),
            ];
            let mut periods: Vec<(String, String)> = Vec::new();
            let mut add = |label: String, about: String| {
                if !periods.iter().any(|(l, _)| *l == label) {
                    periods.push((label, about));
                }
            };
            for p in around.into_iter().flatten() {
                add(p.label.to_string(), p.window.to_string());
            }
            for o in &plan.objectives {
                add(o.period.label.to_string(), o.period.window.to_string());
            }
            for c in &plan.calendar.cycles {
                add(c.id.clone(), format!("{}, {}", c.name, c.window));
            }
            periods
        }
    }
}
