//! What `northstar site` publishes, as typed data and no formatting: the period's roll-up
//! (the dashboard and every entity's fields), its review packet (each key result's and
//! metric's check-in history), the alignment tree, the teams, the goalposts moved (for the
//! feed), where the plan was read from (the commit every page is stamped with), and the
//! periods that get a page of their own review packet ([`packet_periods`], [`packet`]),
//! and the digest of the last [`WEEK_DAYS`] days (`week.html`).

use std::collections::HashMap;

use crate::analysis::digest::{Digest, Scope};
use crate::analysis::goalpost::Goalpost;
use crate::analysis::report::Report;
use chrono::NaiveDate;

use crate::analysis::review::{KeyResultReview, MetricReview, Review, Source};
use crate::analysis::tree::Tree;
use crate::plan::Plan;
use crate::time::dates::DateArg;
use crate::time::period::Period;

/// The days `week.html` covers: the span of `digest --since 7d`, ending on the as-of date
/// (included).
pub const WEEK_DAYS: u64 = 7;

/// One team (`[[team]]`) as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamPage {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Who leads it.
    pub lead: Option<String>,
    /// The id of the team it belongs to.
    pub parent: Option<String>,
    /// The ids of the teams that belong to it, in plan order.
    pub sub_teams: Vec<String>,
}

/// Everything the site's pages are drawn from.
#[derive(Debug)]
pub struct Site {
    /// The roll-up of the selected period as of the as-of date (`status`'s).
    pub report: Report,
    /// The period's review packet, for the check-in histories.
    pub review: Review,
    /// The whole alignment tree of the period.
    pub tree: Tree,
    /// Every team, in plan order.
    pub teams: Vec<TeamPage>,
    /// The commit the plan was read at; `None` outside git.
    pub source: Option<Source>,
    /// Goalposts moved after their period began (the goalpost audit's), for the feed.
    pub goalposts: Vec<Goalpost>,
    /// `--base-url`, for `<link rel="canonical">` and the feed's ids only.
    pub base_url: Option<String>,
    /// The periods that get a page of their review packet ([`packet_periods`]).
    pub periods: Vec<Period>,
    /// What moved in the last [`WEEK_DAYS`] days, what is at risk, due and owed: the
    /// digest of the whole plan (`digest --since 7d`).
    pub week: Digest,
    /// Where each key result's history is in the packet: (pillar, objective, key result)
    /// indices, by id, so a page finds it in constant time.
    histories: HashMap<String, (usize, usize, usize)>,
}

impl Site {
    /// Gathers the site of `plan` from its roll-up, review packet and tree, the goalpost
    /// audit's moves, and the digest of the [`WEEK_DAYS`] days ending on the as-of date.
    #[must_use]
    pub fn new(
        plan: &Plan,
        report: Report,
        review: Review,
        tree: Tree,
        goalposts: Vec<Goalpost>,
        base_url: Option<String>,
    ) -> Self {
        let since = DateArg::DaysAgo(WEEK_DAYS)
            .span_start(report.as_of)
            .unwrap_or(report.as_of);
        let week = crate::analysis::digest::digest(
            plan,
            &report,
            since,
            &Scope::default(),
            None,
            None,
            goalposts.clone(),
        );
        let teams = plan
            .teams
            .iter()
            .enumerate()
            .map(|(i, t)| TeamPage {
                id: t.id.clone(),
                name: t.name.clone(),
                lead: t.lead.clone(),
                parent: t.parent.map(|p| plan.teams[p].id.clone()),
                sub_teams: plan
                    .teams
                    .iter()
                    .filter(|s| s.parent == Some(i))
                    .map(|s| s.id.clone())
                    .collect(),
            })
            .collect();
        let source = review.source.clone();
        let periods = packet_periods(plan, &report.period);
        let mut histories = HashMap::new();
        for (p, pillar) in review.pillars.iter().enumerate() {
            for (o, objective) in pillar.objectives.iter().enumerate() {
                for (k, kr) in objective.key_results.iter().enumerate() {
                    histories.entry(kr.row.id.clone()).or_insert((p, o, k));
                }
            }
        }
        Self {
            report,
            review,
            tree,
            teams,
            source,
            goalposts,
            base_url,
            periods,
            week,
            histories,
        }
    }

    /// The check-in history of key result `id`, when the packet has it.
    #[must_use]
    pub fn key_result(&self, id: &str) -> Option<&KeyResultReview> {
        let &(p, o, k) = self.histories.get(id)?;
        Some(&self.review.pillars[p].objectives[o].key_results[k])
    }

    /// The history of metric `id` (the North Star's included), when the packet has it.
    #[must_use]
    pub fn metric(&self, id: &str) -> Option<&MetricReview> {
        self.review
            .north_star
            .iter()
            .chain(&self.review.metrics)
            .find(|m| m.row.id == id)
    }
}

/// The periods of the plan's objectives that began on or before `selected` began (so
/// `selected` itself and every earlier one, a longer period overlapping it included),
/// oldest first (by window, then label), each once.
#[must_use]
pub fn packet_periods(plan: &Plan, selected: &Period) -> Vec<Period> {
    let mut periods: Vec<Period> = plan
        .objectives
        .iter()
        .map(|o| &o.period)
        .filter(|p| p.window.first_day <= selected.window.first_day)
        .cloned()
        .collect();
    periods.push(selected.clone());
    periods.sort_by(|a, b| (a.window, &a.label).cmp(&(b.window, &b.label)));
    periods.dedup();
    periods
}

/// `period`'s review packet as `review --period` writes it as of the earlier of its last
/// day and `as_of` (a past period's as of its last day), read at `source`, with the
/// goalposts of `moves` moved in it.
#[must_use]
pub fn packet(
    plan: &Plan,
    period: &Period,
    as_of: NaiveDate,
    source: Option<Source>,
    moves: &[Goalpost],
) -> Review {
    let as_of = as_of.min(period.window.last_day);
    let report = crate::analysis::rollup::roll_up(plan, as_of, period);
    let mut review = crate::analysis::review::review(plan, &report, source, None);
    review.goalposts = moves
        .iter()
        .filter(|g| g.quarter == period.label)
        .cloned()
        .collect();
    review
}
