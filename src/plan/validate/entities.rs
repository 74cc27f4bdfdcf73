//! Pass one: each kind of entity turned from its raw table into the model, on its own.
//!
//! Objectives with their key results, pillars, teams, initiatives and bets: required
//! fields, ids, numbers, dates (periods and windows through `periods`); the `[plan]` table,
//! the North Star and metrics are checked in `settings` and `measures`.
//! Every id is registered in the one namespace, even that of a broken entity, and every
//! reference is recorded in the [`Drafts`] for pass two (in `references`) to resolve.

use std::ops::Range;

use chrono::NaiveDate;

use super::alignment::{INHERITED_PILLAR, has_parent};
use super::measures::{MeasureFields, MetricTable, Untargeted};
use super::{Drafts, Kind, Slot, Validator, Want, id_loc, join_names};
use crate::diagnostic::{Code, Diagnostic, FileId, Loc};
use crate::plan::model::{Bet, BetStatus, Initiative, KeyResult, KrRef, Objective, Pillar};
use crate::plan::raw::{
    Datetime, RawBet, RawFile, RawInitiative, RawKeyResult, RawNorthStar, RawObjective, RawPillar,
    RawTarget, RawTeam, Spanned,
};
use crate::time::period::{Calendar, Period};

impl Validator<'_> {
    /// Pass one: every entity of every file checked on its own and its id registered;
    /// returns those that passed, and the references still to resolve.
    pub(super) fn first_pass<'r>(&mut self, files: &'r [(FileId, RawFile)]) -> Drafts<'r> {
        let mut drafts = Drafts::default();
        let mut north_star_loc: Option<Loc> = None;
        drafts.calendar = self.calendar(files);
        // At most as many as there are tables, never copied while growing (peak memory).
        let count = |f: fn(&RawFile) -> usize| files.iter().map(|(_, raw)| f(raw)).sum();
        drafts
            .objectives
            .reserve_exact(count(|raw| raw.objective.len()));
        for (index, (file, raw)) in files.iter().enumerate() {
            let file = *file;
            if index == 0 {
                drafts.plan = self.plan_settings(raw, file);
            }
            self.draft_file(&mut drafts, &mut north_star_loc, raw, file);
        }
        if north_star_loc.is_none() {
            self.missing_north_star();
        }
        drafts
    }

    /// The entities of one file, kind by kind, into `drafts`; `north_star_loc` is where
    /// the first North Star of the plan stands, once one was read.
    fn draft_file<'r>(
        &mut self,
        drafts: &mut Drafts<'r>,
        north_star_loc: &mut Option<Loc>,
        raw: &'r RawFile,
        file: FileId,
    ) {
        if let Some(ns) = &raw.north_star {
            self.draft_north_star(drafts, north_star_loc, ns, file);
        }
        for m in &raw.metric {
            let loc = self.head(file, m.span());
            if let Some(metric) = self.metric(&MetricTable::from(m.get_ref()), file, &loc) {
                self.settle(&metric.id, Kind::Metric(Some(drafts.metrics.len())));
                drafts.metrics.push(metric);
            }
        }
        for p in &raw.pillar {
            self.draft_pillar(drafts, p, file);
        }
        for t in &raw.team {
            self.draft_team(drafts, t, file);
        }
        for o in &raw.objective {
            self.draft_objective(drafts, o, file);
        }
        for i in &raw.initiative {
            self.draft_initiative(drafts, i, file);
        }
        for b in &raw.bet {
            self.draft_bet(drafts, b, file);
        }
    }

    /// The North Star, unless one was already read (`north_star_loc`): a plan has one.
    fn draft_north_star(
        &mut self,
        drafts: &mut Drafts<'_>,
        north_star_loc: &mut Option<Loc>,
        ns: &Spanned<RawNorthStar>,
        file: FileId,
    ) {
        let loc = self.head(file, ns.span());
        if let Some(first) = north_star_loc {
            self.duplicate_north_star(loc, first);
            return;
        }
        *north_star_loc = Some(loc.clone());
        drafts.north_star = self.metric(&MetricTable::from(ns.get_ref()), file, &loc);
        if let Some(north_star) = &drafts.north_star {
            self.settle(&north_star.id, Kind::NorthStar(true));
        }
    }

    /// A pillar, and its `inputs` to resolve.
    fn draft_pillar<'r>(
        &mut self,
        drafts: &mut Drafts<'r>,
        p: &'r Spanned<RawPillar>,
        file: FileId,
    ) {
        let loc = self.head(file, p.span());
        let raw_p = p.get_ref();
        let id = self.register(raw_p.id.as_ref(), Kind::Pillar(None), file);
        let mut missing = self.missing(&loc);
        missing.need(raw_p.id.as_ref(), "id");
        let name = missing.need(raw_p.name.as_ref(), "name");
        let complete = self.report_missing(&missing, "[[pillar]]", id.as_deref(), &loc);
        let index = drafts.pillars.len();
        let built = if let (true, Some(id), Some(name)) = (complete, id, name) {
            self.settle(&id, Kind::Pillar(Some(index)));
            drafts.pillars.push(Pillar {
                loc: id_loc(raw_p.id.as_ref(), file, &loc),
                id,
                name: name.get_ref().clone(),
                owner: raw_p.owner.clone(),
                inputs: Vec::new(),
            });
            true
        } else {
            false
        };
        for input in raw_p.inputs.as_deref().unwrap_or(&[]) {
            let slot = if built {
                Slot::PillarInput(index)
            } else {
                Slot::Nowhere
            };
            drafts.refer(file, Some(input), Want::InputMetric, "inputs", slot);
        }
    }

    /// A team, and its `parent` to resolve.
    fn draft_team<'r>(&mut self, drafts: &mut Drafts<'r>, t: &'r Spanned<RawTeam>, file: FileId) {
        let loc = self.head(file, t.span());
        let index = drafts.teams.len();
        let built = self
            .team(t.get_ref(), file, &loc, index)
            .map(|team| drafts.teams.push(team))
            .is_some();
        let slot = if built {
            Slot::TeamParent(index)
        } else {
            Slot::Nowhere
        };
        drafts.refer(
            file,
            t.get_ref().parent.as_ref(),
            Want::Team,
            "parent",
            slot,
        );
    }

    /// An objective with its key results, and its `pillar`, `team`, `parent(s)` and key
    /// results' `measured_by` to resolve.
    fn draft_objective<'r>(
        &mut self,
        drafts: &mut Drafts<'r>,
        o: &'r Spanned<RawObjective>,
        file: FileId,
    ) {
        let loc = self.head(file, o.span());
        let index = drafts.objectives.len();
        let raw_o = o.get_ref();
        let built = self
            .objective(&drafts.calendar, raw_o, file, &loc, index)
            .map(|objective| drafts.objectives.push(objective))
            .is_some();
        let slot = |s: Slot| if built { s } else { Slot::Nowhere };
        drafts.refer(
            file,
            raw_o.pillar.as_ref(),
            Want::Pillar,
            "pillar",
            slot(Slot::ObjectivePillar(index)),
        );
        for t in raw_o.team.iter().flat_map(|t| &t.0) {
            drafts.refer(
                file,
                Some(t),
                Want::Team,
                "team",
                slot(Slot::ObjectiveTeam(index)),
            );
        }
        let (field, parents) = match (&raw_o.parent, &raw_o.parents) {
            (Some(p), _) => ("parent", std::slice::from_ref(p)),
            (None, Some(ps)) => ("parents", ps.as_slice()),
            (None, None) => ("parent", &[][..]),
        };
        for p in parents {
            drafts.refer(
                file,
                Some(p),
                Want::Parent,
                field,
                slot(Slot::ObjectiveParent(index)),
            );
        }
        for (j, kr) in raw_o.key_result.iter().enumerate() {
            let r = KrRef {
                objective: index,
                key_result: j,
            };
            drafts.refer(
                file,
                kr.get_ref().measured_by.as_deref(),
                Want::Measured,
                "measured_by",
                slot(Slot::KeyResultMeasuredBy(r)),
            );
        }
    }

    /// An initiative, and its `pillar`, `team` and `drives` to resolve.
    fn draft_initiative<'r>(
        &mut self,
        drafts: &mut Drafts<'r>,
        i: &'r Spanned<RawInitiative>,
        file: FileId,
    ) {
        let loc = self.head(file, i.span());
        let index = drafts.initiatives.len();
        let raw_i = i.get_ref();
        let built = self
            .initiative(&drafts.calendar, raw_i, file, &loc)
            .map(|initiative| drafts.initiatives.push(initiative))
            .is_some();
        let slot = |s: Slot| if built { s } else { Slot::Nowhere };
        drafts.refer(
            file,
            raw_i.pillar.as_ref(),
            Want::Pillar,
            "pillar",
            slot(Slot::InitiativePillar(index)),
        );
        for t in raw_i.team.iter().flat_map(|t| &t.0) {
            drafts.refer(
                file,
                Some(t),
                Want::Team,
                "team",
                slot(Slot::InitiativeTeam(index)),
            );
        }
        for d in raw_i.drives.as_deref().unwrap_or(&[]) {
            drafts.refer(
                file,
                Some(d),
                Want::KeyResult,
                "drives",
                slot(Slot::InitiativeDrive(index)),
            );
        }
    }

    /// A bet, and its `pillar`, `metric`, `team` and criteria's `metric` to resolve.
    fn draft_bet<'r>(&mut self, drafts: &mut Drafts<'r>, b: &'r Spanned<RawBet>, file: FileId) {
        let loc = self.head(file, b.span());
        let index = drafts.bets.len();
        let raw_b = b.get_ref();
        let built = self
            .bet(raw_b, file, &loc)
            .map(|bet| drafts.bets.push(bet))
            .is_some();
        let slot = |s: Slot| if built { s } else { Slot::Nowhere };
        drafts.refer(
            file,
            raw_b.pillar.as_ref(),
            Want::Pillar,
            "pillar",
            slot(Slot::BetPillar(index)),
        );
        drafts.refer(
            file,
            raw_b.metric.as_ref(),
            Want::Measured,
            "metric",
            slot(Slot::BetMetric(index)),
        );
        for t in raw_b.team.iter().flat_map(|t| &t.0) {
            drafts.refer(
                file,
                Some(t),
                Want::Team,
                "team",
                slot(Slot::BetTeam(index)),
            );
        }
        for (criterion, s) in [
            (&raw_b.kill_when, Slot::BetKill(index)),
            (&raw_b.succeed_when, Slot::BetSucceed(index)),
        ] {
            let reference = criterion.as_ref().and_then(|c| c.get_ref().metric.as_ref());
            drafts.refer(file, reference, Want::Measured, "metric", slot(s));
        }
    }

    fn objective(
        &mut self,
        calendar: &Calendar,
        raw: &RawObjective,
        file: FileId,
        loc: &Loc,
        index: usize,
    ) -> Option<Objective> {
        let id = self.register(raw.id.as_ref(), Kind::Objective(None), file);
        let mut missing = self.missing(loc);
        missing.need(raw.id.as_ref(), "id");
        let title = missing.need(raw.title.as_ref(), "title");
        // A child objective may leave its pillar out: it inherits its first parent's.
        let has_parent = has_parent(raw);
        if !has_parent {
            missing.need(raw.pillar.as_ref(), "pillar");
        }
        missing.need(raw.period.as_ref().or(raw.quarter.as_ref()), "period");
        let mut ok = self.report_missing(&missing, "[[objective]]", id.as_deref(), loc);
        ok &= self.parents_written(raw, file);
        let contribution = self.contribution(raw.contribution.as_ref(), file);
        let period = self
            .period(calendar, raw.period.as_ref(), raw.quarter.as_ref(), file)
            .ok()
            .flatten();
        let weight = self.weight(raw.weight.as_ref(), file);
        // Exactly as many as there are tables: a plan holds tens of thousands (peak memory).
        let mut key_results = Vec::with_capacity(raw.key_result.len());
        for kr in &raw.key_result {
            let kr_loc = self.head(file, kr.span());
            match self.key_result(period.as_ref(), kr.get_ref(), file, &kr_loc) {
                Some(kr) => key_results.push(kr),
                None => ok = false,
            }
        }
        let (true, Some(id), Some(title), true, Some(period), Some(weight), Some(contribution)) = (
            ok,
            id,
            title,
            raw.pillar.is_some() || has_parent,
            period,
            weight,
            contribution,
        ) else {
            // Its key results stay unsettled (`Kind::KeyResult(None)`): a check-in or a
            // `drives` naming one is not reported again, and nothing indexes an objective
            // that is not in the plan.
            return None;
        };
        // Only now, with the objective certain to be `drafts.objectives[index]`, do it and
        // its key results resolve to it.
        self.settle(&id, Kind::Objective(Some(index)));
        for (j, kr) in key_results.iter().enumerate() {
            self.settle(
                &kr.id,
                Kind::KeyResult(Some(KrRef {
                    objective: index,
                    key_result: j,
                })),
            );
        }
        Some(Objective {
            loc: id_loc(raw.id.as_ref(), file, loc),
            id,
            title: title.get_ref().clone(),
            // Set from `pillar` in pass two, or inherited from the first parent.
            pillar: INHERITED_PILLAR,
            teams: Vec::new(),
            parents: Vec::new(),
            contribution,
            period,
            owners: raw.owner.clone().unwrap_or_default().0,
            kind: raw.kind.unwrap_or_default(),
            weight,
            key_results,
        })
    }

    /// A key result of an objective of `period` (`None`: the objective's period is broken,
    /// so the key result's window is not checked).
    fn key_result(
        &mut self,
        period: Option<&Period>,
        raw: &RawKeyResult,
        file: FileId,
        loc: &Loc,
    ) -> Option<KeyResult> {
        let id = self.register(raw.id.as_ref(), Kind::KeyResult(None), file);
        let mut missing = self.missing(loc);
        missing.need(raw.id.as_ref(), "id");
        let title = missing.need(raw.title.as_ref(), "title");
        let complete =
            self.report_missing(&missing, "[[objective.key_result]]", id.as_deref(), loc);
        let weight = self.weight(raw.weight.as_ref(), file);
        let shown = raw.id.as_ref().map_or("?", |i| i.get_ref().as_str());
        let (target, tbd) = match &raw.target {
            Some(t) => match *t.get_ref() {
                RawTarget::Number(n) => (Some(Spanned::new(t.span(), n)), None),
                RawTarget::Tbd => (None, Some(t.span())),
            },
            None => (None, None),
        };
        let fields = MeasureFields {
            baseline: raw.baseline.as_ref(),
            target: target.as_ref(),
            keep_below: raw.keep_below.as_deref(),
            keep_above: raw.keep_above.as_deref(),
            milestone: raw.milestone.as_deref(),
            untargeted: tbd.clone().map_or(Untargeted::Refused, Untargeted::Tbd),
        };
        let measure = match &raw.progress_from {
            Some(from) => self.derived_measure(raw, from, tbd, file, shown),
            None => self.measure(&fields, file, loc, "key result", shown),
        };
        let window = period.map(|p| {
            self.key_result_window(p, raw.start.as_deref(), raw.due.as_deref(), file, shown)
        });
        let source = raw
            .source
            .as_ref()
            .map(|s| self.key_result_source(s, measure, file, shown, raw.unit.as_deref()));
        if !complete {
            return None;
        }
        let source = source.transpose().ok()?.map(Box::new);
        let (start, due, window) = window?.ok()?;
        Some(KeyResult {
            id: id?,
            title: title?.get_ref().clone(),
            unit: raw.unit.clone(),
            measure: measure?,
            weight: weight?,
            start,
            due,
            window,
            owners: raw.owner.clone().unwrap_or_default().0,
            // Resolved in pass two.
            measured_by: None,
            source,
            loc: id_loc(raw.id.as_ref(), file, loc),
        })
    }

    fn initiative(
        &mut self,
        calendar: &Calendar,
        raw: &RawInitiative,
        file: FileId,
        loc: &Loc,
    ) -> Option<Initiative> {
        let id = self.register(raw.id.as_ref(), Kind::Initiative, file);
        let mut missing = self.missing(loc);
        missing.need(raw.id.as_ref(), "id");
        let title = missing.need(raw.title.as_ref(), "title");
        let written = raw.period.is_some()
            || raw.quarter.is_some()
            || raw.start.is_some()
            || raw.end.is_some();
        missing.need(written.then_some(&()), "period");
        let complete = self.report_missing(&missing, "[[initiative]]", id.as_deref(), loc);
        let window = self.initiative_window(calendar, raw, file);
        let effort_weeks = match &raw.effort_weeks {
            None => Some(0.0),
            Some(e) => self.in_range(
                e,
                file,
                |x| x >= 0.0,
                Code::OutOfRange,
                "`effort_weeks`",
                "person-weeks must be ≥ 0",
            ),
        };
        if !complete {
            return None;
        }
        let (period, window) = window.ok()??;
        Some(Initiative {
            id: id?,
            title: title?.get_ref().clone(),
            pillar: None,
            teams: Vec::new(),
            period,
            window,
            owner: raw.owner.clone(),
            status: raw.status.unwrap_or_default(),
            work: raw.work.unwrap_or_default(),
            effort_weeks: effort_weeks?,
            success: raw.success.clone(),
            drives: Vec::new(),
            loc: id_loc(raw.id.as_ref(), file, loc),
        })
    }

    fn bet(&mut self, raw: &RawBet, file: FileId, loc: &Loc) -> Option<Bet> {
        let id = self.register(raw.id.as_ref(), Kind::Bet, file);
        let status = raw
            .status
            .as_ref()
            .map_or(BetStatus::Proposed, |s| *s.get_ref());
        let mut missing = self.missing(loc);
        missing.need(raw.id.as_ref(), "id");
        let title = missing.need(raw.title.as_ref(), "title");
        let hypothesis = missing.need(
            raw.hypothesis
                .as_ref()
                .filter(|s| !s.get_ref().trim().is_empty()),
            "hypothesis",
        );
        let risk = missing.need(raw.risk.as_ref(), "risk");
        let appetite = missing.need(raw.appetite_weeks.as_ref(), "appetite_weeks");
        let success = missing.need(
            raw.success
                .as_ref()
                .filter(|s| !s.get_ref().trim().is_empty()),
            "success",
        );
        let kill = missing.need(
            raw.kill.as_ref().filter(|s| !s.get_ref().trim().is_empty()),
            "kill",
        );
        if status != BetStatus::Proposed {
            missing.need(raw.decide_by.as_ref(), "decide_by");
        }
        let mut ok = self.report_missing(&missing, "[[bet]]", id.as_deref(), loc);
        let appetite = appetite.and_then(|a| {
            self.in_range(
                a,
                file,
                |x| x > 0.0,
                Code::OutOfRange,
                "`appetite_weeks`",
                "person-weeks must be > 0",
            )
        });
        let mut date = |this: &mut Self, d: &Option<Spanned<Datetime>>| match d {
            Some(d) => {
                let parsed = this.date(d, file);
                ok &= parsed.is_some();
                parsed.map(|p| (p, d.span()))
            }
            None => None,
        };
        let start = date(self, &raw.start);
        let decide_by = date(self, &raw.decide_by);
        let decided = date(self, &raw.decided);
        ok &= self.bet_decision(raw, status, id.as_deref(), file, loc);
        ok &= self.bet_date_order(
            start.as_ref(),
            [
                (decide_by.as_ref(), "decide_by"),
                (decided.as_ref(), "decided"),
            ],
            file,
        );
        let kill_when = raw
            .kill_when
            .as_ref()
            .map(|c| self.criterion(c, file, "kill_when"));
        let succeed_when = raw
            .succeed_when
            .as_ref()
            .map(|c| self.criterion(c, file, "succeed_when"));
        if matches!(kill_when, Some(None)) || matches!(succeed_when, Some(None)) {
            ok = false;
        }
        if !ok {
            return None;
        }
        Some(Bet {
            id: id?,
            title: title?.get_ref().clone(),
            pillar: None,
            teams: Vec::new(),
            hypothesis: hypothesis?.get_ref().clone(),
            risk: *risk?.get_ref(),
            appetite_weeks: appetite?,
            start: start.map(|s| s.0),
            decide_by: decide_by.map(|s| s.0),
            success: success?.get_ref().clone(),
            kill: kill?.get_ref().clone(),
            status,
            metric: None,
            owner: raw.owner.clone(),
            decided: decided.map(|s| s.0),
            outcome: raw.outcome.as_ref().map(|o| o.get_ref().clone()),
            learnings: raw.learnings.clone(),
            kill_when: kill_when.flatten(),
            succeed_when: succeed_when.flatten(),
            loc: id_loc(raw.id.as_ref(), file, loc),
        })
    }

    /// A decided bet (validated, invalidated, killed) records its `decided` date and
    /// `outcome`: `false` when either is lacking (reported).
    fn bet_decision(
        &mut self,
        raw: &RawBet,
        status: BetStatus,
        id: Option<&str>,
        file: FileId,
        loc: &Loc,
    ) -> bool {
        let mut ok = true;
        if status.is_decided() {
            let mut lacking = Vec::new();
            if raw.decided.is_none() {
                lacking.push("decided");
            }
            if raw
                .outcome
                .as_ref()
                .is_none_or(|o| o.get_ref().trim().is_empty())
            {
                lacking.push("outcome");
            }
            if !lacking.is_empty() {
                let status_name = crate::text::variant(&status);
                self.push(
                    Diagnostic::new(
                        Code::MissingDecision,
                        format!(
                            "bet `{}` is {status_name} but has no {}",
                            id.unwrap_or("?"),
                            join_names(&lacking)
                        ),
                        raw.status
                            .as_ref()
                            .map_or(loc.clone(), |s| Loc::new(file, s.span())),
                    )
                    .label(format!("decided as {status_name}"))
                    .help("record the decision: `decided = 2026-11-20` and `outcome = \"...\"`"),
                );
                ok = false;
            }
        }
        ok
    }

    /// A bet's `decide_by` and `decided` are not before its `start`: `false` when one is
    /// (reported).
    fn bet_date_order(
        &mut self,
        start: Option<&Dated>,
        others: [(Option<&Dated>, &str); 2],
        file: FileId,
    ) -> bool {
        let mut ok = true;
        if let Some((start, start_span)) = start {
            for (other, name) in others {
                if let Some((d, span)) = other
                    && d < start
                {
                    self.push(
                        Diagnostic::new(
                            Code::DateOrder,
                            format!("`{name}` {d} is before `start` {start}"),
                            Loc::new(file, span.clone()),
                        )
                        .label("before the start".to_string())
                        .secondary(Loc::new(file, start_span.clone()), "start"),
                    );
                    ok = false;
                }
            }
        }
        ok
    }
}

/// A date as written in a plan, with the byte range it was read from.
type Dated = (NaiveDate, Range<usize>);
