//! What `northstar site` publishes, as typed data and no formatting: the period's roll-up
//! (the dashboard and every entity's fields), its review packet (each key result's and
//! metric's check-in history), the alignment tree, the teams, the goalposts moved (for the
//! feed), and where the plan was read from (the commit every page is stamped with). Per
//! entity, as `show` gives them: the `[[change]]` records of its goalposts with their
//! reasons, the moves the goalpost audit found without one, and where a measure's values
//! come from (its `source` and each check-in's recorded provenance). And the periods that
//! get a page of their own review packet ([`packet_periods`], [`packet`]), and the digest
//! of the last [`WEEK_DAYS`] days (`week.html`).

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::analysis::digest::Digest;
use crate::analysis::goalpost::Goalpost;
use crate::analysis::report::Report;
use crate::analysis::review::{KeyResultReview, MetricReview, Review, Source};
use crate::analysis::scope::Scope;
use crate::analysis::show::{RecordedChange, recorded_change};
use crate::analysis::tree::Tree;
use crate::plan::Plan;
use crate::plan::model::Reading;
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
    /// Goalpost changes and provenance, by entity id.
    records: Records,
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
        let records = Records::of(plan, report.as_of, &goalposts);
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
            records,
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

/// Where a measure's values come from, as `show` says it.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    /// Where `northstar measure` reads it: its `source`'s definition, as its check-ins'
    /// provenance reads without a revision (`show`'s `source`); `None` without a source.
    pub definition: Option<String>,
    /// Its check-ins that `northstar measure` recorded, with where each value was read,
    /// oldest first (file order breaks ties).
    pub checkins: Vec<MeasuredValue>,
}

/// A check-in whose value `northstar measure` read from a source.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasuredValue {
    /// The check-in's date.
    pub date: NaiveDate,
    /// Its value.
    pub value: Reading,
    /// Its recorded provenance (`file:data/velocity.csv column value`).
    pub source: String,
}

/// The per-entity records of the pages, each built in one pass over the plan.
#[derive(Debug, Default)]
struct Records {
    /// `[[change]]` records dated on or before the as-of date, by id, oldest first.
    changes: HashMap<String, Vec<RecordedChange>>,
    /// Indices into [`Site::goalposts`] of the moves without a record, by id.
    unrecorded: HashMap<String, Vec<usize>>,
    /// Provenance of each measure (North Star, metric, key result) that has any, by id.
    provenance: HashMap<String, Provenance>,
}

impl Records {
    fn of(plan: &Plan, as_of: NaiveDate, goalposts: &[Goalpost]) -> Self {
        let mut changes: HashMap<String, Vec<RecordedChange>> = HashMap::new();
        for c in plan.changes.iter().filter(|c| c.date <= as_of) {
            if let Some(r) = recorded_change(c) {
                changes.entry(c.id.clone()).or_default().push(r);
            }
        }
        for list in changes.values_mut() {
            list.sort_by_key(|c| c.date);
        }
        let mut unrecorded: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, g) in goalposts.iter().enumerate() {
            if g.reason.is_none() {
                unrecorded.entry(g.id.clone()).or_default().push(i);
            }
        }
        let mut provenance: HashMap<String, Provenance> = HashMap::new();
        let sources = plan
            .north_star
            .iter()
            .chain(&plan.metrics)
            .map(|m| (&m.id, m.source.as_ref()))
            .chain(
                plan.objectives
                    .iter()
                    .flat_map(|o| &o.key_results)
                    .map(|k| (&k.id, k.source.as_deref())),
            );
        for (id, source) in sources {
            if let Some(s) = source {
                provenance.entry(id.clone()).or_insert(Provenance {
                    definition: Some(s.provenance(None)),
                    checkins: Vec::new(),
                });
            }
        }
        for c in &plan.checkins {
            let Some(source) = c.source() else { continue };
            let entry = provenance
                .entry(plan.measured_id(c.target).to_string())
                .or_insert(Provenance {
                    definition: None,
                    checkins: Vec::new(),
                });
            entry.checkins.push(MeasuredValue {
                date: c.date,
                value: c.value,
                source: source.to_string(),
            });
        }
        for p in provenance.values_mut() {
            p.checkins.sort_by_key(|m| m.date);
        }
        Self {
            changes,
            unrecorded,
            provenance,
        }
    }
}

impl Site {
    /// The `[[change]]` records of objective or key result `id` dated on or before the
    /// as-of date, oldest first, with their reasons (`show`'s `changes`).
    #[must_use]
    pub fn changes(&self, id: &str) -> &[RecordedChange] {
        self.records.changes.get(id).map_or(&[], Vec::as_slice)
    }

    /// The goalpost moves of `id` the goalpost audit found without a `[[change]]` record
    /// (from git history), in the audit's order.
    pub fn unrecorded(&self, id: &str) -> impl Iterator<Item = &Goalpost> {
        self.records
            .unrecorded
            .get(id)
            .into_iter()
            .flatten()
            .map(|&i| &self.goalposts[i])
    }

    /// Where the values of measure `id` come from; `None` when it has no source and no
    /// check-in records one.
    #[must_use]
    pub fn provenance(&self, id: &str) -> Option<&Provenance> {
        self.records.provenance.get(id)
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
