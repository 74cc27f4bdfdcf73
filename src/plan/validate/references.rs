//! Pass two: references by id resolved to indices into the model.
//!
//! Every reference recorded in pass one (an objective's, initiative's or bet's `pillar`, a
//! pillar's `inputs`, an initiative's `drives`, a bet's `metric`) and every check-in's
//! `metric` is looked up in the namespace. An unknown id is reported with a did-you-mean
//! among the ids of the wanted kind; an id of the wrong kind is reported with where it is
//! defined. An id that names a broken entity is not reported again. Then the plan is
//! assembled, its check-ins built, and the plan-wide rules run on a plan without errors.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::changes::REMOVED;
use super::{Assembled, Drafts, Kind, PlanSettings, Ref, Slot, Validator, Want};
use crate::diagnostic::{Code, Diagnostic, FileId, Loc, Severity};
use crate::plan::model::{Measured, MetricRole, Parent, Plan, PortfolioTarget};
use crate::plan::raw::{HeldCheckin, RawCheckin, RawFile, Spanned};

impl Validator<'_> {
    /// Pass two, first half: resolves the references of `drafts` and assembles the plan,
    /// without check-ins or changes yet. The raw entity tables are not read past it.
    pub(super) fn second_pass(&mut self, mut drafts: Drafts<'_>) -> Assembled {
        let mut ok = self.resolve_references(&mut drafts);
        ok &= self.alignment(&mut drafts);
        // Without settings there is no plan, but check-ins are still checked, so every
        // problem is reported at once. A plan without a North Star is valid (a warning).
        let complete = drafts.plan.is_some();
        Assembled {
            plan: assemble(drafts),
            ok,
            complete,
        }
    }

    /// Pass two, second half: builds the check-ins and changes of `files` into the
    /// assembled plan (the `i`th file's check-ins its own, then those of `checkins[i]`)
    /// and runs the plan-wide rules on a plan without errors.
    pub(super) fn finish(
        &mut self,
        assembled: Assembled,
        files: &[(FileId, RawFile)],
        checkins: Vec<Vec<Vec<HeldCheckin>>>,
        today: NaiveDate,
    ) -> Option<Plan> {
        let Assembled {
            mut plan,
            mut ok,
            complete,
        } = assembled;
        ok &= self.records(files, checkins, &mut plan, today);
        if !complete {
            return None;
        }
        // Plan-wide warnings only on a plan without errors: broken entities would skew them.
        let clean = ok
            && !self
                .diagnostics
                .iter()
                .any(|d| d.severity() == Severity::Error);
        if clean {
            self.plan_warnings(&plan);
            self.unapplied_changes(&plan);
        }
        ok.then_some(plan)
    }

    /// Resolves every reference recorded in pass one and puts each into its slot;
    /// `false` when one is unknown, of the wrong kind or otherwise wrong (each reported).
    fn resolve_references(&mut self, drafts: &mut Drafts<'_>) -> bool {
        let mut ok = true;
        for r in std::mem::take(&mut drafts.refs) {
            let kind = match self.resolve(r.reference, r.file, r.want, r.field) {
                Ok(Some(kind)) => kind,
                Ok(None) => continue,
                Err(()) => {
                    ok = false;
                    continue;
                }
            };
            if let (Want::InputMetric, Kind::Metric(Some(i))) = (r.want, kind)
                && drafts.metrics[i].role == MetricRole::Health
            {
                self.push(
                    Diagnostic::new(
                        Code::WrongReferenceKind,
                        format!(
                            "`inputs` must name input metrics, but `{}` is a health metric",
                            r.reference.get_ref()
                        ),
                        Loc::new(r.file, r.reference.span()),
                    )
                    .label("a health metric")
                    .secondary(
                        drafts.metrics[i].loc.clone(),
                        "defined here with `role = \"health\"`",
                    ),
                );
                ok = false;
                continue;
            }
            ok &= self.place(drafts, &r, kind);
        }
        ok
    }

    /// Puts the resolved reference `r`, naming `kind`, into its slot of `drafts`; `false`
    /// when a bet's criterion names a measure it cannot read (reported).
    fn place(&mut self, drafts: &mut Drafts<'_>, r: &Ref<'_>, kind: Kind) -> bool {
        let measured = match kind {
            Kind::NorthStar(true) => Some(Measured::NorthStar),
            Kind::Metric(Some(i)) => Some(Measured::Metric(i)),
            Kind::KeyResult(Some(k)) => Some(Measured::KeyResult(k)),
            _ => None,
        };
        match (r.slot, kind) {
            (Slot::PillarInput(p), Kind::Metric(Some(i))) => drafts.pillars[p].inputs.push(i),
            (Slot::ObjectivePillar(o), Kind::Pillar(Some(p))) => {
                drafts.objectives[o].pillar = p;
            }
            (Slot::InitiativePillar(i), Kind::Pillar(Some(p))) => {
                drafts.initiatives[i].pillar = Some(p);
            }
            (Slot::InitiativeDrive(i), Kind::KeyResult(Some(k))) => {
                drafts.initiatives[i].drives.push(k);
            }
            (Slot::BetPillar(b), Kind::Pillar(Some(p))) => drafts.bets[b].pillar = Some(p),
            (Slot::BetMetric(b), _) => drafts.bets[b].metric = measured,
            (Slot::TeamParent(t), Kind::Team(Some(p))) => drafts.teams[t].parent = Some(p),
            (Slot::ObjectiveTeam(o), Kind::Team(Some(t))) => {
                drafts.objectives[o].teams.push(t);
            }
            (Slot::ObjectiveParent(o), Kind::Objective(Some(p))) => {
                drafts.objectives[o].parents.push(Parent::Objective(p));
            }
            (Slot::ObjectiveParent(o), Kind::KeyResult(Some(k))) => {
                drafts.objectives[o].parents.push(Parent::KeyResult(k));
            }
            (Slot::KeyResultMeasuredBy(k), _) => {
                drafts.objectives[k.objective].key_results[k.key_result].measured_by = measured;
            }
            (Slot::InitiativeTeam(i), Kind::Team(Some(t))) => {
                drafts.initiatives[i].teams.push(t);
            }
            (Slot::BetTeam(b), Kind::Team(Some(t))) => drafts.bets[b].teams.push(t),
            (Slot::BetKill(b) | Slot::BetSucceed(b), _) => {
                if let Some(m) = measured {
                    if self.criterion_measure(drafts, r.reference, r.file, m) {
                        let c = if matches!(r.slot, Slot::BetKill(_)) {
                            &mut drafts.bets[b].kill_when
                        } else {
                            &mut drafts.bets[b].succeed_when
                        };
                        if let Some(c) = c {
                            c.measure = m;
                        }
                    } else {
                        return false;
                    }
                }
            }
            _ => {}
        }
        true
    }

    /// Builds the check-ins and goalpost changes of every file into `plan`; `false` when
    /// one is wrong (reported). The `i`th file's check-ins are its own, then those of the
    /// arrays of `taken[i]`, each array freed once built.
    fn records(
        &mut self,
        files: &[(FileId, RawFile)],
        mut taken: Vec<Vec<Vec<HeldCheckin>>>,
        plan: &mut Plan,
        today: NaiveDate,
    ) -> bool {
        let mut ok = true;
        // The ids `northstar remove` recorded as removed: their records stay history.
        let removed: std::collections::HashSet<&str> = files
            .iter()
            .flat_map(|(_, raw)| &raw.change)
            .filter(|c| c.get_ref().field.as_ref().map(|f| f.get_ref().as_str()) == Some(REMOVED))
            .filter_map(|c| c.get_ref().id.as_ref().map(|i| i.get_ref().as_str()))
            .collect();
        // Exactly as many as there are tables: no spare capacity, no copy while growing.
        let owned: usize = taken.iter().flatten().map(Vec::len).sum();
        let count = |f: fn(&RawFile) -> usize| files.iter().map(|(_, raw)| f(raw)).sum();
        plan.checkins
            .reserve_exact(count(RawFile::checkin_count) + owned);
        plan.changes.reserve_exact(count(|raw| raw.change.len()));
        for (index, (file, raw)) in files.iter().enumerate() {
            for c in raw.checkins() {
                ok &= self.record_checkin(plan, c, *file, today);
            }
            for part in taken.get_mut(index).map(std::mem::take).unwrap_or_default() {
                for c in part {
                    ok &= self.record_checkin(plan, Cow::Owned(c.into_raw()), *file, today);
                }
            }
            for c in &raw.change {
                let loc = self.head(*file, c.span());
                match self.change(plan, c.get_ref(), *file, &loc, &removed) {
                    Ok(Some(change)) => plan.changes.push(change),
                    Ok(None) => {}
                    Err(()) => ok = false,
                }
            }
        }
        ok
    }

    /// Builds the check-in `c` of `file` into `plan` (its texts moved when it is owned);
    /// `false` when it is wrong (reported).
    fn record_checkin(
        &mut self,
        plan: &mut Plan,
        c: Cow<'_, Spanned<RawCheckin>>,
        file: FileId,
        today: NaiveDate,
    ) -> bool {
        let loc = self.head(file, c.span());
        match self.checkin(plan, c.get_ref(), file, &loc, today) {
            Ok(Some(mut checkin)) => {
                let (note, by, source) = match c {
                    Cow::Owned(c) => {
                        let c = c.into_inner();
                        (c.note, c.by, c.source)
                    }
                    Cow::Borrowed(c) => {
                        let c = c.get_ref();
                        (c.note.clone(), c.by.clone(), c.source.clone())
                    }
                };
                checkin.by = by.map(|b| self.name(b));
                checkin.set_texts(note, source);
                plan.checkins.push(checkin);
                true
            }
            Ok(None) => true,
            Err(()) => false,
        }
    }

    /// Resolves a reference, reporting unknown ids (with did-you-mean) and wrong kinds.
    /// `Ok(None)` means the id names a broken entity: already reported.
    pub(super) fn resolve(
        &mut self,
        reference: &Spanned<String>,
        file: FileId,
        want: Want,
        field: &str,
    ) -> Result<Option<Kind>, ()> {
        let name = reference.get_ref();
        let loc = Loc::new(file, reference.span());
        match self.ids.get(name).cloned() {
            Some(entry) if want.accepts(entry.kind) => Ok(Some(entry.kind)),
            Some(entry) => {
                self.push(
                    Diagnostic::new(
                        Code::WrongReferenceKind,
                        format!(
                            "`{field}` must name {}, but `{name}` is {}",
                            want.noun(),
                            entry.kind.noun()
                        ),
                        loc,
                    )
                    .label(format!("expected {}", want.noun()))
                    .secondary(entry.loc, format!("`{name}` is defined here")),
                );
                Err(())
            }
            None => {
                let mut d = Diagnostic::new(
                    Code::UnknownReference,
                    format!("unknown id `{name}` in `{field}`"),
                    loc,
                )
                .label(match want {
                    Want::Measured => "no key result, metric or North Star has this id".to_string(),
                    Want::Parent => "no objective or key result has this id".to_string(),
                    _ => format!(
                        "no {} has this id",
                        want.noun()
                            .trim_start_matches("a ")
                            .trim_start_matches("an ")
                    ),
                });
                if let Some(s) = self.suggestions.get(&self.ids, want, name) {
                    d = d.help(format!("did you mean `{s}`?"));
                }
                self.push(d);
                Err(())
            }
        }
    }

    /// Resolves a reference to something measured: a key result, a metric or the North Star.
    pub(super) fn measured(
        &mut self,
        reference: &Spanned<String>,
        file: FileId,
        field: &str,
    ) -> Result<Option<Measured>, ()> {
        Ok(
            match self.resolve(reference, file, Want::Measured, field)? {
                Some(Kind::NorthStar(true)) => Some(Measured::NorthStar),
                Some(Kind::Metric(Some(i))) => Some(Measured::Metric(i)),
                Some(Kind::KeyResult(Some(r))) => Some(Measured::KeyResult(r)),
                _ => None,
            },
        )
    }
}

/// The plan from the entities of `drafts` (references resolved), with no check-ins or
/// changes yet; default settings when the `[plan]` table is broken or missing.
fn assemble(drafts: Drafts<'_>) -> Plan {
    let settings = drafts.plan.unwrap_or_else(|| PlanSettings {
        name: String::new(),
        stale_after_days: 14,
        overshoot: false,
        portfolio: PortfolioTarget::default(),
        capacity: None,
        children_in_rollup: true,
        loc: Loc::default(),
    });
    Plan {
        name: settings.name,
        stale_after_days: settings.stale_after_days,
        overshoot: settings.overshoot,
        calendar: drafts.calendar,
        children_in_rollup: settings.children_in_rollup,
        portfolio: settings.portfolio,
        capacity: settings.capacity,
        north_star: drafts.north_star,
        metrics: drafts.metrics,
        pillars: drafts.pillars,
        teams: drafts.teams,
        objectives: drafts.objectives,
        initiatives: drafts.initiatives,
        bets: drafts.bets,
        checkins: Vec::new(),
        changes: Vec::new(),
        loc: settings.loc,
    }
}
