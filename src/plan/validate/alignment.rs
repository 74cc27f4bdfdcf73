//! Teams and alignment: `[[team]]`s, an objective's `team`, `parent`/`parents` and
//! `contribution`, and a key result's `progress_from = "children"` and `measured_by`.
//!
//! Pass one checks each on its own (fields that cannot stand together, a contribution
//! ≤ 0); pass two, once references resolve, checks the plan as a whole: no team is its own
//! ancestor (`team-cycle`), no objective is (`alignment-cycle`, through objective parents
//! and key result parents alike), a child without a pillar inherits its first parent's,
//! and a `measured_by` names a measure that takes check-ins itself, of its own kind
//! (`measured-by-mismatch`).

use super::{Drafts, Kind, Validator};
use crate::diagnostic::{Code, Diagnostic, FileId, Loc};
use crate::plan::model::{KrRef, Measure, Measured, Metric, Objective, Parent, Team};
use crate::plan::raw::{ProgressFrom, RawKeyResult, RawObjective, RawTeam, Spanned};

/// The pillar of an objective that leaves it out, until pass two inherits its parent's.
pub(super) const INHERITED_PILLAR: usize = usize::MAX;

/// Whether `raw` names at least one parent (a child may leave its pillar out).
pub(super) fn has_parent(raw: &RawObjective) -> bool {
    raw.parent.is_some() || raw.parents.as_ref().is_some_and(|p| !p.is_empty())
}

impl Validator<'_> {
    /// A `[[team]]`, its id registered and, once built, settled at `index`.
    pub(super) fn team(
        &mut self,
        raw: &RawTeam,
        file: FileId,
        loc: &Loc,
        index: usize,
    ) -> Option<Team> {
        let id = self.register(raw.id.as_ref(), Kind::Team(None), file);
        let mut missing = self.missing(loc);
        missing.need(raw.id.as_ref(), "id");
        let name = missing.need(raw.name.as_ref(), "name");
        let complete = self.report_missing(&missing, "[[team]]", id.as_deref(), loc);
        let (true, Some(id), Some(name)) = (complete, id, name) else {
            return None;
        };
        self.settle(&id, Kind::Team(Some(index)));
        Some(Team {
            loc: super::id_loc(raw.id.as_ref(), file, loc),
            id,
            name: name.get_ref().clone(),
            parent: None,
            lead: raw.lead.clone(),
        })
    }

    /// `parent` and `parents` may not stand together. Returns whether they are fine.
    pub(super) fn parents_written(&mut self, raw: &RawObjective, file: FileId) -> bool {
        if let (Some(one), Some(many)) = (&raw.parent, &raw.parents) {
            let at = many.first().map_or(one.span(), Spanned::span);
            self.conflict(
                file,
                ("parent", one.span()),
                ("parents", at),
                "name one parent with `parent`, or several with `parents = [...]`",
            );
            return false;
        }
        true
    }

    /// An objective's `contribution`: > 0, default 1.
    pub(super) fn contribution(
        &mut self,
        value: Option<&Spanned<f64>>,
        file: FileId,
    ) -> Option<f64> {
        let Some(value) = value else { return Some(1.0) };
        let c = self.finite(value, file)?;
        if c > 0.0 {
            return Some(c);
        }
        self.push(
            Diagnostic::new(
                Code::InvalidWeight,
                format!("contribution `{c}` must be greater than 0"),
                Loc::new(file, value.span()),
            )
            .label("must be > 0")
            .help("leave `contribution` out for the default of 1, or drop the `parent` to stop counting it"),
        );
        None
    }

    /// The measure of a key result with `progress_from`: it has no goal of its own, and
    /// reads no series.
    pub(super) fn derived_measure(
        &mut self,
        raw: &RawKeyResult,
        from: &Spanned<ProgressFrom>,
        tbd: Option<std::ops::Range<usize>>,
        file: FileId,
        id: &str,
    ) -> Option<Measure> {
        let written = [
            ("baseline", raw.baseline.as_ref().map(Spanned::span)),
            ("target", raw.target.as_ref().map(Spanned::span).or(tbd)),
            ("milestone", raw.milestone.as_deref().map(Spanned::span)),
            ("keep_below", raw.keep_below.as_deref().map(Spanned::span)),
            ("keep_above", raw.keep_above.as_deref().map(Spanned::span)),
            ("measured_by", raw.measured_by.as_deref().map(Spanned::span)),
        ];
        let Some((field, span)) = written
            .into_iter()
            .find_map(|(field, span)| span.map(|s| (field, s)))
        else {
            return Some(Measure::FromChildren);
        };
        self.push(
            Diagnostic::new(
                Code::ConflictingFields,
                format!("key result `{id}` has both `progress_from` and `{field}`"),
                Loc::new(file, span),
            )
            .label("conflicts with `progress_from`")
            .secondary(Loc::new(file, from.span()), "")
            .help("its progress comes from the objectives under it: remove the goal, or `progress_from`"),
        );
        None
    }

    /// Pass two, references resolved: team cycles, alignment cycles, inherited pillars and
    /// `measured_by` rules. Returns whether all hold.
    pub(super) fn alignment(&mut self, drafts: &mut Drafts<'_>) -> bool {
        let mut ok = self.team_cycles(&drafts.teams);
        ok &= self.alignment_cycles(&drafts.objectives);
        if ok {
            inherit_pillars(&mut drafts.objectives);
        }
        ok &= self.measured_by(drafts);
        ok
    }

    fn team_cycles(&mut self, teams: &[Team]) -> bool {
        let mut reported = vec![false; teams.len()];
        let mut ok = true;
        for start in 0..teams.len() {
            let mut path = vec![start];
            let mut at = start;
            while let Some(next) = teams[at].parent {
                if let Some(pos) = path.iter().position(|&t| t == next) {
                    let cycle = &path[pos..];
                    if cycle.iter().all(|&t| !reported[t]) {
                        for &t in cycle {
                            reported[t] = true;
                        }
                        let names: Vec<&str> = cycle
                            .iter()
                            .chain(std::iter::once(&next))
                            .map(|&t| teams[t].id.as_str())
                            .collect();
                        let mut d = Diagnostic::new(
                            Code::TeamCycle,
                            format!(
                                "team `{}` is its own ancestor: {}",
                                teams[next].id,
                                names.join(" → ")
                            ),
                            teams[next].loc.clone(),
                        )
                        .label("in a cycle of `parent` teams");
                        for &t in &cycle[1..] {
                            d = d.secondary(teams[t].loc.clone(), "in the cycle");
                        }
                        self.push(d.help(
                            "a team's `parent` is the unit it belongs to; remove one `parent`",
                        ));
                        ok = false;
                    }
                    break;
                }
                path.push(next);
                at = next;
            }
        }
        ok
    }

    /// Every objective reachable from itself through its parents (an objective parent, or
    /// the objective of a key result parent) is reported once per cycle.
    fn alignment_cycles(&mut self, objectives: &[Objective]) -> bool {
        let up = |o: usize| -> Vec<usize> {
            objectives[o]
                .parents
                .iter()
                .map(|p| match *p {
                    Parent::Objective(j) => j,
                    Parent::KeyResult(r) => r.objective,
                })
                .collect()
        };
        // Iterative depth-first search with colours: 0 unseen, 1 on the stack, 2 done.
        let mut colour = vec![0u8; objectives.len()];
        let mut ok = true;
        for start in 0..objectives.len() {
            if colour[start] != 0 {
                continue;
            }
            let mut stack: Vec<(usize, Vec<usize>)> = vec![(start, up(start))];
            colour[start] = 1;
            while let Some((node, next)) = stack.last_mut() {
                let node = *node;
                let Some(parent) = next.pop() else {
                    colour[node] = 2;
                    stack.pop();
                    continue;
                };
                match colour[parent] {
                    0 => {
                        colour[parent] = 1;
                        stack.push((parent, up(parent)));
                    }
                    1 => {
                        let pos = stack.iter().position(|(o, _)| *o == parent).unwrap_or(0);
                        let cycle: Vec<usize> = stack[pos..].iter().map(|(o, _)| *o).collect();
                        self.report_alignment_cycle(objectives, &cycle);
                        ok = false;
                    }
                    _ => {}
                }
            }
        }
        ok
    }

    fn report_alignment_cycle(&mut self, objectives: &[Objective], cycle: &[usize]) {
        let first = cycle[0];
        let names: Vec<&str> = cycle
            .iter()
            .chain(std::iter::once(&first))
            .map(|&o| objectives[o].id.as_str())
            .collect();
        let link = |child: usize, parent: usize| -> String {
            let via = objectives[child].parents.iter().find_map(|p| match *p {
                Parent::KeyResult(r) if r.objective == parent => Some(
                    objectives[r.objective].key_results[r.key_result]
                        .id
                        .as_str(),
                ),
                _ => None,
            });
            match via {
                Some(kr) => format!(
                    "contributes to `{}` through key result `{kr}`",
                    objectives[parent].id
                ),
                None => format!("contributes to `{}`", objectives[parent].id),
            }
        };
        let next = |i: usize| cycle[(i + 1) % cycle.len()];
        let mut d = Diagnostic::new(
            Code::AlignmentCycle,
            format!(
                "objective `{}` is its own ancestor: {}",
                objectives[first].id,
                names.join(" → ")
            ),
            objectives[first].loc.clone(),
        )
        .label(link(first, next(0)));
        for (i, &o) in cycle.iter().enumerate().skip(1) {
            d = d.secondary(objectives[o].loc.clone(), link(o, next(i)));
        }
        self.push(d.help(
            "an objective contributes to the goals above it; remove one of the `parent` links",
        ));
    }

    /// A key result's `measured_by` names a metric, the North Star, or a key result that
    /// takes check-ins itself, of a matching kind.
    fn measured_by(&mut self, drafts: &Drafts<'_>) -> bool {
        let mut ok = true;
        for (oi, o) in drafts.objectives.iter().enumerate() {
            for (ki, kr) in o.key_results.iter().enumerate() {
                let Some(series) = kr.measured_by else {
                    continue;
                };
                let (name, measure, own_series): (&str, Option<Measure>, bool) = match series {
                    Measured::NorthStar => (
                        drafts.north_star.as_ref().map_or("", |m| m.id.as_str()),
                        drafts.north_star.as_ref().map(|m: &Metric| m.measure),
                        true,
                    ),
                    Measured::Metric(i) => (
                        drafts.metrics[i].id.as_str(),
                        Some(drafts.metrics[i].measure),
                        true,
                    ),
                    Measured::KeyResult(r) => {
                        let other = &drafts.objectives[r.objective].key_results[r.key_result];
                        let reads_itself = r
                            == KrRef {
                                objective: oi,
                                key_result: ki,
                            };
                        (
                            other.id.as_str(),
                            Some(other.measure),
                            !reads_itself
                                && other.measured_by.is_none()
                                && other.measure != Measure::FromChildren,
                        )
                    }
                };
                let problem = if own_series {
                    let numeric =
                        |m: Measure| !matches!(m, Measure::Milestone | Measure::FromChildren);
                    match (kr.measure, measure) {
                        (Measure::Milestone, Some(Measure::Milestone)) => None,
                        (Measure::Milestone, Some(_)) => Some(format!(
                            "a milestone key result reads done / not done, but `{name}` is measured in numbers"
                        )),
                        (mine, Some(theirs)) if numeric(mine) && !numeric(theirs) => Some(format!(
                            "key result `{}` reads numbers, but `{name}` is a milestone",
                            kr.id
                        )),
                        _ => None,
                    }
                } else {
                    Some(format!(
                        "`{name}` takes no check-ins of its own (it reads another series or its children): name the series itself"
                    ))
                };
                if let Some(problem) = problem {
                    self.push(
                        Diagnostic::new(
                            Code::MeasuredByMismatch,
                            format!("key result `{}` cannot be measured by `{name}`", kr.id),
                            kr.loc.clone(),
                        )
                        .label(problem)
                        .help("`measured_by` names a metric, or a key result with check-ins of its own and the same kind of value"),
                    );
                    ok = false;
                }
            }
        }
        ok
    }
}

impl Validator<'_> {
    /// A bet's `kill_when` / `succeed_when`, all but its measure (resolved in pass two;
    /// [`Measured::NorthStar`] stands in until then). `None` when reported as wrong.
    pub(super) fn criterion(
        &mut self,
        raw: &Spanned<crate::plan::raw::RawCriterion>,
        file: FileId,
        field: &str,
    ) -> Option<crate::plan::model::Criterion> {
        use crate::plan::model::{Bound, Criterion};
        let head = Loc::new(file, raw.span());
        let c = raw.get_ref();
        let mut missing = self.missing(&head);
        missing.need(c.metric.as_ref(), "metric");
        let mut ok = self.report_missing(&missing, field, None, &head);
        let bound = match (&c.above, &c.below) {
            (Some(a), Some(b)) => {
                self.conflict(
                    file,
                    ("above", a.span()),
                    ("below", b.span()),
                    "a criterion is met above a bound or below one: keep one",
                );
                None
            }
            (Some(a), None) => self.finite(a, file).map(Bound::Above),
            (None, Some(b)) => self.finite(b, file).map(Bound::Below),
            (None, None) => {
                self.push(
                    Diagnostic::new(
                        Code::MissingField,
                        format!("`{field}` says neither `above` nor `below`"),
                        head.clone(),
                    )
                    .label("`above` or `below` required here")
                    .help(format!(
                        "e.g. `{field} = {{ metric = \"mttr\", above = 60 }}`"
                    )),
                );
                None
            }
        };
        let for_days = match &c.for_days {
            Some(d) if *d.get_ref() < 1 => {
                self.push(
                    Diagnostic::new(
                        Code::OutOfRange,
                        format!("`for_days` `{}` must be at least 1", d.get_ref()),
                        Loc::new(file, d.span()),
                    )
                    .label("a number of days ≥ 1")
                    .help("leave `for_days` out to let the latest check-in decide"),
                );
                ok = false;
                None
            }
            Some(d) => Some(*d.get_ref()),
            None => None,
        };
        let bound = bound?;
        ok.then_some(Criterion {
            measure: Measured::NorthStar,
            bound,
            for_days,
        })
    }

    /// A criterion's measure, once resolved, must be read in numbers.
    pub(super) fn criterion_measure(
        &mut self,
        drafts: &Drafts<'_>,
        reference: &Spanned<String>,
        file: FileId,
        measured: Measured,
    ) -> bool {
        let measure = match measured {
            Measured::NorthStar => drafts.north_star.as_ref().map(|m| m.measure),
            Measured::Metric(i) => Some(drafts.metrics[i].measure),
            Measured::KeyResult(r) => {
                Some(drafts.objectives[r.objective].key_results[r.key_result].measure)
            }
        };
        let what = match measure {
            Some(Measure::Milestone) => "a milestone (done or not done)",
            Some(Measure::FromChildren) => "fed by children (no check-ins of its own)",
            _ => return true,
        };
        self.push(
            Diagnostic::new(
                Code::WrongReferenceKind,
                format!(
                    "`metric` of a bet's criterion must be measured in numbers, but `{}` is {what}",
                    reference.get_ref()
                ),
                Loc::new(file, reference.span()),
            )
            .label("a criterion compares a number with `above` or `below`")
            .help("name a metric, or a key result with numeric check-ins"),
        );
        false
    }
}

/// Gives every objective that left its pillar out its first parent's pillar (a key result
/// parent: that key result's objective's), following chains of children. Runs on a plan
/// without alignment cycles.
fn inherit_pillars(objectives: &mut [Objective]) {
    for o in 0..objectives.len() {
        let mut at = o;
        // At most one step per objective: no cycles, so the chain ends.
        for _ in 0..objectives.len() {
            if objectives[at].pillar != INHERITED_PILLAR {
                break;
            }
            match objectives[at].parents.first() {
                Some(Parent::Objective(j)) => at = *j,
                Some(Parent::KeyResult(r)) => at = r.objective,
                None => break,
            }
        }
        let pillar = objectives[at].pillar;
        objectives[o].pillar = pillar;
    }
}
