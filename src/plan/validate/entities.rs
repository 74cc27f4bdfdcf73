//! Pass one: each kind of entity turned from its raw table into the model, on its own.
//!
//! Plan settings, the North Star, metrics, pillars, objectives with their key results,
//! initiatives and bets: required fields, ids, numbers, dates and measure shapes (periods
//! and windows through `periods`).
//! Every id is registered in the one namespace, even that of a broken entity, and every
//! reference is recorded in the [`Drafts`] for pass two (in `references`) to resolve.
//!
//! Check-ins are built here too, but called from pass two: their target must be resolved
//! first, since the target decides what shape their value takes.

use std::ops::Range;

use chrono::NaiveDate;

use super::alignment::{INHERITED_PILLAR, has_parent};
use super::{Drafts, Kind, PlanSettings, Slot, Validator, Want, id_loc, join_names};
use crate::diagnostic::{Code, Diagnostic, FileId, Loc};
use crate::plan::load::Loaded;
use crate::plan::model::{
    Bet, BetStatus, CapacityTarget, CheckIn, Initiative, KeyResult, KrRef, MIN_RANGE, Measure,
    Measured, Metric, MetricRole, Objective, Pillar, Plan, PortfolioTarget, Reading,
};
use crate::plan::raw::{
    CheckinValue, Datetime, RawBet, RawCheckin, RawFile, RawInitiative, RawKeyResult, RawMetric,
    RawNorthStar, RawObjective, RawTarget, Spanned,
};
use crate::time::period::{Calendar, Period};

impl Validator<'_> {
    /// Pass one: every entity of every file checked on its own and its id registered;
    /// returns those that passed, and the references still to resolve.
    pub(super) fn first_pass<'r>(&mut self, loaded: &'r Loaded) -> Drafts<'r> {
        let mut drafts = Drafts::default();
        let mut north_star_loc: Option<Loc> = None;
        drafts.calendar = self.calendar(loaded);
        for (index, (file, raw)) in loaded.files.iter().enumerate() {
            let file = *file;
            if index == 0 {
                drafts.plan = self.plan_settings(raw, file);
            }
            if let Some(ns) = &raw.north_star {
                let loc = self.head(file, ns.span());
                if let Some(first) = &north_star_loc {
                    self.duplicate_north_star(loc, first);
                } else {
                    north_star_loc = Some(loc.clone());
                    drafts.north_star = self.north_star(ns.get_ref(), file, &loc);
                    if let Some(north_star) = &drafts.north_star {
                        self.settle(&north_star.id, Kind::NorthStar(true));
                    }
                }
            }
            for m in &raw.metric {
                let loc = self.head(file, m.span());
                if let Some(metric) = self.metric(m.get_ref(), file, &loc) {
                    self.settle(&metric.id, Kind::Metric(Some(drafts.metrics.len())));
                    drafts.metrics.push(metric);
                }
            }
            for p in &raw.pillar {
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
            for t in &raw.team {
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
            for o in &raw.objective {
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
                        kr.get_ref().measured_by.as_ref(),
                        Want::Measured,
                        "measured_by",
                        slot(Slot::KeyResultMeasuredBy(r)),
                    );
                }
            }
            for i in &raw.initiative {
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
            for b in &raw.bet {
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
        }
        if north_star_loc.is_none() {
            self.missing_north_star();
        }
        drafts
    }

    fn plan_settings(&mut self, raw: &RawFile, file: FileId) -> Option<PlanSettings> {
        let Some(plan) = &raw.plan else {
            self.push(
                Diagnostic::new(
                    Code::MissingPlan,
                    "the main plan file has no `[plan]` table",
                    Loc::new(file, 0..0),
                )
                .help("start the file with `[plan]` and `name = \"...\"`"),
            );
            return None;
        };
        let loc = self.head(file, plan.span());
        let p = plan.get_ref();
        let mut missing = self.missing(&loc);
        let name = missing.need(p.name.as_ref(), "name");
        let mut ok = self.report_missing(&missing, "[plan]", None, &loc);
        let stale_after_days = match &p.stale_after_days {
            None => 14,
            Some(d) if *d.get_ref() >= 1 => *d.get_ref(),
            Some(d) => {
                self.push(
                    Diagnostic::new(
                        Code::OutOfRange,
                        format!("`stale_after_days` `{}` must be at least 1", d.get_ref()),
                        Loc::new(file, d.span()),
                    )
                    .label("a number of days ≥ 1"),
                );
                ok = false;
                14
            }
        };
        let mut portfolio = PortfolioTarget::default();
        if let Some(pf) = &p.portfolio {
            let pf = pf.get_ref();
            let fields = [
                (&pf.core, &mut portfolio.core, "`core` share"),
                (&pf.adjacent, &mut portfolio.adjacent, "`adjacent` share"),
                (
                    &pf.transformational,
                    &mut portfolio.transformational,
                    "`transformational` share",
                ),
                (
                    &pf.tolerance,
                    &mut portfolio.tolerance,
                    "portfolio `tolerance`",
                ),
            ];
            for (value, slot, what) in fields {
                match self.share(value.as_ref(), file, what) {
                    Ok(Some(v)) => *slot = v,
                    Ok(None) => {}
                    Err(()) => ok = false,
                }
            }
        }
        let capacity = match &p.capacity {
            None => None,
            Some(c) => {
                let c = c.get_ref();
                let mut shares = [None; 4];
                let fields = [
                    (&c.feature, "`feature` share"),
                    (&c.debt, "`debt` share"),
                    (&c.security, "`security` share"),
                    (&c.maintenance, "`maintenance` share"),
                ];
                for (slot, (value, what)) in shares.iter_mut().zip(fields) {
                    match self.share(value.as_ref(), file, what) {
                        Ok(v) => *slot = v,
                        Err(()) => ok = false,
                    }
                }
                let tolerance =
                    if let Ok(t) = self.share(c.tolerance.as_ref(), file, "capacity `tolerance`") {
                        t.unwrap_or(0.05)
                    } else {
                        ok = false;
                        0.05
                    };
                Some(CapacityTarget {
                    feature: shares[0],
                    debt: shares[1],
                    security: shares[2],
                    maintenance: shares[3],
                    tolerance,
                })
            }
        };
        let name = name?;
        ok.then(|| PlanSettings {
            name: name.get_ref().clone(),
            stale_after_days,
            overshoot: p.overshoot.unwrap_or(false),
            portfolio,
            capacity,
            children_in_rollup: p.children_in_rollup.unwrap_or(true),
            loc,
        })
    }

    fn north_star(&mut self, raw: &RawNorthStar, file: FileId, loc: &Loc) -> Option<Metric> {
        let id = self.register(raw.id.as_ref(), Kind::NorthStar(false), file);
        let mut missing = self.missing(loc);
        missing.need(raw.id.as_ref(), "id");
        let name = missing.need(raw.name.as_ref(), "name");
        let complete = self.report_missing(&missing, "[north_star]", id.as_deref(), loc);
        let due = match &raw.due {
            Some(d) => Some(self.date(d, file)?),
            None => None,
        };
        let (id, name) = (id?, name?);
        if !complete {
            return None;
        }
        let measure = self.measure(
            &MeasureFields {
                baseline: raw.baseline.as_ref(),
                target: raw.target.as_ref(),
                untargeted: Untargeted::Allowed,
                ..MeasureFields::default()
            },
            file,
            loc,
            "the North Star",
            &id,
        );
        let source = raw
            .source
            .as_ref()
            .map(|s| self.source(s, file, "[north_star.source]", &id, raw.unit.as_deref()));
        let (measure, source) = (measure?, source.transpose().ok()?);
        Some(Metric {
            id,
            name: name.get_ref().clone(),
            role: MetricRole::NorthStar,
            unit: raw.unit.clone(),
            owner: raw.owner.clone(),
            measure,
            due,
            source,
            loc: id_loc(raw.id.as_ref(), file, loc),
        })
    }

    fn metric(&mut self, raw: &RawMetric, file: FileId, loc: &Loc) -> Option<Metric> {
        let id = self.register(raw.id.as_ref(), Kind::Metric(None), file);
        let mut missing = self.missing(loc);
        missing.need(raw.id.as_ref(), "id");
        let name = missing.need(raw.name.as_ref(), "name");
        let complete = self.report_missing(&missing, "[[metric]]", id.as_deref(), loc);
        let due = match &raw.due {
            Some(d) => Some(self.date(d, file)?),
            None => None,
        };
        let (id, name) = (id?, name?);
        if !complete {
            return None;
        }
        let measure = self.measure(
            &MeasureFields {
                baseline: raw.baseline.as_ref(),
                target: raw.target.as_ref(),
                keep_below: raw.keep_below.as_ref(),
                keep_above: raw.keep_above.as_ref(),
                milestone: None,
                untargeted: Untargeted::Allowed,
            },
            file,
            loc,
            "metric",
            &id,
        );
        let source = raw
            .source
            .as_ref()
            .map(|s| self.source(s, file, "[metric.source]", &id, raw.unit.as_deref()));
        let (measure, source) = (measure?, source.transpose().ok()?);
        Some(Metric {
            id,
            name: name.get_ref().clone(),
            role: raw
                .role
                .as_ref()
                .map_or(MetricRole::Input, |r| *r.get_ref()),
            unit: raw.unit.clone(),
            owner: raw.owner.clone(),
            measure,
            due,
            source,
            loc: id_loc(raw.id.as_ref(), file, loc),
        })
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
        let mut key_results = Vec::new();
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
            keep_below: raw.keep_below.as_ref(),
            keep_above: raw.keep_above.as_ref(),
            milestone: raw.milestone.as_ref(),
            untargeted: tbd.clone().map_or(Untargeted::Refused, Untargeted::Tbd),
        };
        let measure = match &raw.progress_from {
            Some(from) => self.derived_measure(raw, from, tbd, file, shown),
            None => self.measure(&fields, file, loc, "key result", shown),
        };
        let window = period
            .map(|p| self.key_result_window(p, raw.start.as_ref(), raw.due.as_ref(), file, shown));
        let source = raw
            .source
            .as_ref()
            .map(|s| self.key_result_source(s, measure, file, shown, raw.unit.as_deref()));
        if !complete {
            return None;
        }
        let source = source.transpose().ok()?;
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
                let status_name = format!("{status:?}").to_lowercase();
                self.push(
                    Diagnostic::new(
                        Code::MissingDecision,
                        format!(
                            "bet `{}` is {status_name} but has no {}",
                            id.as_deref().unwrap_or("?"),
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
        if let Some((start, start_span)) = &start {
            for (other, name) in [(&decide_by, "decide_by"), (&decided, "decided")] {
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

    /// The measure of a key result or metric, from its shape fields.
    ///
    /// Numeric: `baseline` and `target`. A target without a baseline is an error; without a
    /// target, a metric or the North Star is [`Measure::Untargeted`] (tracked without a
    /// goal, its baseline optional), and so is a key result with `target = "tbd"` (a
    /// draft); any other key result needs a target.
    fn measure(
        &mut self,
        fields: &MeasureFields<'_>,
        file: FileId,
        loc: &Loc,
        what: &str,
        id: &str,
    ) -> Option<Measure> {
        let milestone = fields.milestone.filter(|m| *m.get_ref());
        let tbd = match &fields.untargeted {
            Untargeted::Tbd(span) => Some(("target", span.clone())),
            _ => None,
        };
        let numeric_present: Vec<(&'static str, Range<usize>)> = [
            fields.baseline.map(|b| ("baseline", b.span())),
            fields.target.map(|t| ("target", t.span())),
            tbd,
        ]
        .into_iter()
        .flatten()
        .collect();
        let threshold_present: Vec<(&'static str, Range<usize>)> = [
            fields.keep_below.map(|v| ("keep_below", v.span())),
            fields.keep_above.map(|v| ("keep_above", v.span())),
        ]
        .into_iter()
        .flatten()
        .collect();
        let conflict =
            |this: &mut Self, a: (&str, Range<usize>), b: (&str, Range<usize>), help: &str| {
                this.push(
                    Diagnostic::new(
                        Code::ConflictingFields,
                        format!("{what} `{id}` has both `{}` and `{}`", a.0, b.0),
                        Loc::new(file, b.1),
                    )
                    .label(format!("conflicts with `{}`", a.0))
                    .secondary(Loc::new(file, a.1), "")
                    .help(help.to_string()),
                );
            };
        if let Some(m) = milestone {
            if let Some(other) = numeric_present.first().or(threshold_present.first()) {
                conflict(
                    self,
                    ("milestone", m.span()),
                    other.clone(),
                    "a milestone is done or not: remove the numbers, or `milestone`",
                );
                return None;
            }
            return Some(Measure::Milestone);
        }
        if threshold_present.len() == 2 {
            conflict(
                self,
                threshold_present[0].clone(),
                threshold_present[1].clone(),
                "a threshold is either `keep_below` or `keep_above`",
            );
            return None;
        }
        if let (Some(t), Some(n)) = (threshold_present.first(), numeric_present.first()) {
            conflict(
                self,
                t.clone(),
                n.clone(),
                "use `baseline` and `target` for a goal, or `keep_below`/`keep_above` for a guardrail",
            );
            return None;
        }
        if let Some(v) = fields.keep_below {
            return self.finite(v, file).map(Measure::KeepBelow);
        }
        if let Some(v) = fields.keep_above {
            return self.finite(v, file).map(Measure::KeepAbove);
        }
        let dropped = self.missing(loc).dropped.iter().any(|d| {
            [
                "baseline",
                "target",
                "keep_below",
                "keep_above",
                "milestone",
            ]
            .contains(&d.as_str())
        });
        match (fields.baseline, fields.target) {
            (Some(b), Some(t)) => {
                let (baseline, target) = (self.finite(b, file), self.finite(t, file));
                let (baseline, target) = (baseline?, target?);
                if (target - baseline).abs() < MIN_RANGE {
                    let message = if baseline == target {
                        format!("{what} `{id}` has baseline equal to target ({baseline})")
                    } else {
                        format!("{what} `{id}` has baseline and target less than 1e-9 apart")
                    };
                    self.push(
                        Diagnostic::new(
                            Code::BaselineEqualsTarget,
                            message,
                            Loc::new(file, t.span()),
                        )
                        .label("same as the baseline")
                        .secondary(Loc::new(file, b.span()), "baseline")
                        .help("progress is (current − baseline) / (target − baseline); for a value to hold, use `keep_below` or `keep_above`"),
                    );
                    return None;
                }
                Some(Measure::Numeric { baseline, target })
            }
            // A shape field was already reported (wrong type or syntax error).
            _ if dropped => None,
            (None, Some(_)) => {
                self.push(
                    Diagnostic::new(
                        Code::MissingField,
                        format!("{what} `{id}` is missing required field `baseline`"),
                        loc.clone(),
                    )
                    .label("`baseline` required here")
                    .help("progress runs from `baseline` to `target`: give both"),
                );
                None
            }
            (baseline, None) if fields.untargeted != Untargeted::Refused => {
                let baseline = match baseline {
                    Some(b) => Some(self.finite(b, file)?),
                    None => None,
                };
                Some(Measure::Untargeted { baseline })
            }
            (Some(_), None) => {
                self.push(
                    Diagnostic::new(
                        Code::MissingField,
                        format!("{what} `{id}` is missing required field `target`"),
                        loc.clone(),
                    )
                    .label("`target` required here")
                    .help("a numeric key result needs `baseline` and `target`; write `target = \"tbd\"` for a draft"),
                );
                None
            }
            (None, None) => {
                // Only a key result gets here: a metric without a target is untargeted.
                let shapes = "`baseline` and `target` (`target = \"tbd\"` for a draft), `milestone = true`, or `keep_below` / `keep_above`";
                self.push(
                    Diagnostic::new(
                        Code::ConflictingFields,
                        format!("{what} `{id}` says nothing about how it is measured"),
                        loc.clone(),
                    )
                    .label("no measure")
                    .help(format!("give it {shapes}")),
                );
                None
            }
        }
    }

    /// A check-in, against its resolved target in `plan`. `Ok(None)` when it cannot be built
    /// but its problems were reported elsewhere (its target is a broken entity).
    pub(super) fn checkin(
        &mut self,
        plan: &Plan,
        raw: &RawCheckin,
        file: FileId,
        loc: &Loc,
        today: NaiveDate,
    ) -> Result<Option<CheckIn>, ()> {
        let mut missing = self.missing(loc);
        let metric = missing.need(raw.metric.as_ref(), "metric");
        let date = missing.need(raw.date.as_ref(), "date");
        let value = missing.need(raw.value.as_ref(), "value");
        let complete = self.report_missing(&missing, "[[checkin]]", None, loc);
        let target = metric.map(|m| self.measured(m, file, "metric"));
        let date = date.map(|d| self.date(d, file).ok_or(()));
        let confidence = raw.confidence.as_ref().map(|c| {
            let v = *c.get_ref();
            let in_range = (0.0..=1.0).contains(&v);
            if !in_range && v.is_finite() {
                let mut d = Diagnostic::new(
                    Code::ConfidenceOutOfRange,
                    format!("confidence `{v}` is outside 0–1"),
                    Loc::new(file, c.span()),
                )
                .label("confidence is a 0–1 fraction");
                if v > 1.0 && v <= 100.0 {
                    d = d.help(format!(
                        "write percentages as fractions: `confidence = {}`",
                        v / 100.0
                    ));
                }
                self.push(d);
                return Err(());
            }
            self.finite(c, file).ok_or(())
        });
        let (Some(Ok(Some(target))), Some(Ok(date)), Some(value)) = (target, date, value) else {
            let failed = !complete
                || matches!(target, Some(Err(())))
                || matches!(date, Some(Err(())))
                || matches!(confidence, Some(Err(())));
            return if failed { Err(()) } else { Ok(None) };
        };
        let confidence = confidence.transpose()?;
        if let Measured::KeyResult(r) = target {
            let kr = plan.key_result(r);
            let reads = match (kr.measure, kr.measured_by) {
                (Measure::FromChildren, _) => Some((
                    "its progress comes from the objectives under it (`progress_from = \"children\"`)".to_string(),
                    "check in on those objectives' key results".to_string(),
                )),
                (_, Some(series)) => Some((
                    format!("it reads the check-ins of `{}` (`measured_by`)", plan.measured_id(series)),
                    format!("check in on the series: `metric = \"{}\"`", plan.measured_id(series)),
                )),
                _ => None,
            };
            if let Some((why, help)) = reads {
                self.push(
                    Diagnostic::new(
                        Code::CheckinOnDerivedKeyResult,
                        format!("check-in on key result `{}`, which takes none", kr.id),
                        Loc::new(file, metric.map_or(0..0, Spanned::span)),
                    )
                    .label(why)
                    .secondary(kr.loc.clone(), "key result defined here")
                    .help(help),
                );
                return Err(());
            }
        }
        let value = self.reading(plan, target, value, file)?;
        if date > today {
            self.push(
                Diagnostic::new(
                    Code::CheckinInFuture,
                    format!("check-in dated {date}, after today ({today})"),
                    Loc::new(file, raw.date.as_ref().map_or(0..0, Spanned::span)),
                )
                .label("in the future")
                .help("check the year and month"),
            );
        }
        if let Measured::KeyResult(r) = target {
            let kr = plan.key_result(r);
            let period = &plan.objectives[r.objective].period;
            // Before the window but inside the objective's period: an early reading, fine.
            let early = date < kr.window.first_day && period.window.contains(date);
            if !kr.window.contains(date) && !early {
                let runs = if kr.start.is_some() || kr.due.is_some() {
                    format!("`{}` runs {}", kr.id, kr.window)
                } else {
                    format!("its period {} runs {}", period.label, period.window)
                };
                self.push(
                    Diagnostic::new(
                        Code::CheckinOutsideWindow,
                        format!(
                            "check-in for key result `{}` dated {date}, outside its window",
                            kr.id
                        ),
                        Loc::new(file, raw.date.as_ref().map_or(0..0, Spanned::span)),
                    )
                    .label(runs)
                    .secondary(kr.loc.clone(), "key result defined here"),
                );
            }
        }
        Ok(Some(CheckIn {
            target,
            date,
            value,
            confidence,
            note: raw.note.clone(),
            by: raw.by.clone(),
            source: raw.source.clone(),
            loc: loc.clone(),
        }))
    }

    fn reading(
        &mut self,
        plan: &Plan,
        target: Measured,
        value: &Spanned<CheckinValue>,
        file: FileId,
    ) -> Result<Reading, ()> {
        let loc = Loc::new(file, value.span());
        let id = plan.measured_id(target).to_string();
        let milestone = plan.measure(target) == Measure::Milestone;
        let number = match &value.get_ref().0 {
            toml::Value::Integer(i) => Some(*i as f64),
            toml::Value::Float(f) => Some(*f),
            _ => None,
        };
        match (milestone, &value.get_ref().0, number) {
            (true, toml::Value::Boolean(b), _) => Ok(Reading::Done(*b)),
            (false, _, Some(n)) if n.is_finite() => {
                self.bounded(n, loc).map(Reading::Number).ok_or(())
            }
            (false, _, Some(n)) => {
                self.push(
                    Diagnostic::new(
                        Code::NonFiniteNumber,
                        format!("`{n}` is not a finite number"),
                        loc,
                    )
                    .label("a finite number is needed here"),
                );
                Err(())
            }
            (true, found, _) => {
                let d = Diagnostic::new(
                    Code::CheckinTypeMismatch,
                    format!(
                        "`{id}` is a milestone: its check-ins are `true` or `false`, found {}",
                        found.type_str()
                    ),
                    loc,
                )
                .label("expected `true` or `false`");
                let d = match found.as_str() {
                    Some("true" | "false") => d.help("remove the quotes"),
                    _ => d.help("write `value = true` once it is done"),
                };
                self.push(d);
                Err(())
            }
            (false, found, None) => {
                let d = Diagnostic::new(
                    Code::CheckinTypeMismatch,
                    format!("`{id}` is measured in numbers, found {}", found.type_str()),
                    loc,
                )
                .label("expected a number");
                let d = match found {
                    toml::Value::String(s) if s.trim().parse::<f64>().is_ok() => {
                        d.help("remove the quotes")
                    }
                    toml::Value::Boolean(_) => {
                        d.help("only milestone key results take `true` / `false`")
                    }
                    _ => d,
                };
                self.push(d);
                Err(())
            }
        }
    }
}

/// The fields that decide a measure's shape.
#[derive(Default, Clone)]
struct MeasureFields<'r> {
    baseline: Option<&'r Spanned<f64>>,
    /// A numeric target (a key result's `"tbd"` is in `untargeted`).
    target: Option<&'r Spanned<f64>>,
    keep_below: Option<&'r Spanned<f64>>,
    keep_above: Option<&'r Spanned<f64>>,
    milestone: Option<&'r Spanned<bool>>,
    untargeted: Untargeted,
}

/// Whether a numeric measure may lack a target ([`Measure::Untargeted`]).
#[derive(Default, Clone, PartialEq, Eq)]
enum Untargeted {
    /// No: a key result needs a target, or `"tbd"`.
    #[default]
    Refused,
    /// A key result's `target = "tbd"`, at this byte range: a draft.
    Tbd(Range<usize>),
    /// A metric or the North Star: without a target it is tracked without a goal.
    Allowed,
}
