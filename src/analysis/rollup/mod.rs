//! The roll-up: pure maths from a validated `Plan` to a
//! [`Report`](crate::analysis::report::Report), for one as-of date and one selected
//! period. No formatting happens here.
//!
//! The formulas are written out together, with a worked example, in one place:
//! `docs/rollup.md` ("How alignment rolls up", "How progress rolls up"). Here each
//! function's docstring keeps the definition it computes.
//!
//! [`roll_up`] counts the check-ins (`Counted`: those on or before the as-of date, for a
//! key result from its window's first day on) and hands each part to its module:
//! `progress` holds what every row is made of (progress, expected pace, status, the one
//! "done" rule, weighted means, staleness), `objectives` the key results, objectives
//! and pillars (children before parents; the roots count toward pillars and the period),
//! `metrics` the North Star and metrics, `capacity` the initiatives and capacity
//! allocation, `bets` the bets and the portfolio mix.
//!
//! The OKR grading conventions follow Google's re:Work OKR guide (0.0–1.0 grades; 0.7 is
//! success for an aspirational objective); pace-based status is this tool's own definition.

mod bets;
mod capacity;
mod counted;
mod metrics;
mod objectives;
mod progress;
mod roll_up;

pub use bets::{is_funded, is_overdue};
pub use capacity::prorated_effort;
pub(crate) use metrics::metric_status;
pub use progress::{
    EPSILON, current_progress, expected_pace, is_done, is_stale, key_result_status,
    numeric_progress, progress, rate, weighted_mean,
};
pub use roll_up::roll_up;

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::analysis::report::{Status, Trend};
    use crate::plan::model::{
        CheckIn, InitiativeStatus, Measure, Measured, Metric, Plan, Reading, WorkKind,
    };
    use crate::time::period::{Period, Window};

    pub(super) fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    pub(super) fn q4() -> Window {
        Window::new(d("2026-10-01"), d("2026-12-31")).unwrap()
    }

    fn q4_period() -> Period {
        crate::time::period::Calendar::default()
            .parse("2026-Q4")
            .unwrap()
    }

    pub(super) fn metric(measure: Measure, due: Option<&str>) -> Metric {
        Metric {
            id: "m".into(),
            name: "M".into(),
            role: crate::plan::model::MetricRole::Input,
            unit: None,
            owner: None,
            measure,
            due: due.map(d),
            source: None,
            loc: crate::diagnostic::Loc::default(),
        }
    }

    fn key_result(id: &str, measure: Measure, weight: f64) -> crate::plan::model::KeyResult {
        crate::plan::model::KeyResult {
            id: id.into(),
            title: id.into(),
            unit: None,
            measure,
            weight,
            start: None,
            due: None,
            window: q4(),
            owners: Vec::new(),
            measured_by: None,
            source: None,
            loc: crate::diagnostic::Loc::default(),
        }
    }

    fn objective(
        id: &str,
        key_results: Vec<crate::plan::model::KeyResult>,
    ) -> crate::plan::model::Objective {
        crate::plan::model::Objective {
            id: id.into(),
            title: id.into(),
            pillar: 0,
            teams: Vec::new(),
            parents: Vec::new(),
            contribution: 1.0,
            period: q4_period(),
            owners: Vec::new(),
            kind: crate::plan::model::ObjectiveKind::Committed,
            weight: 1.0,
            key_results,
            loc: crate::diagnostic::Loc::default(),
        }
    }

    fn initiative(
        id: &str,
        drives: Vec<crate::plan::model::KrRef>,
    ) -> crate::plan::model::Initiative {
        crate::plan::model::Initiative {
            id: id.into(),
            title: id.into(),
            pillar: None,
            teams: Vec::new(),
            period: Some(q4_period()),
            window: q4(),
            owner: None,
            status: InitiativeStatus::Active,
            work: WorkKind::Feature,
            effort_weeks: 1.0,
            success: None,
            drives,
            loc: crate::diagnostic::Loc::default(),
        }
    }

    fn checkin(target: Measured, date: &str, value: f64) -> CheckIn {
        CheckIn::new(
            target,
            d(date),
            Reading::Number(value),
            crate::diagnostic::Loc::default(),
        )
    }

    /// A plan without a North Star, with `objectives`, `metrics`, `initiatives` and
    /// `checkins`, in one pillar.
    fn plan(
        objectives: Vec<crate::plan::model::Objective>,
        metrics: Vec<Metric>,
        initiatives: Vec<crate::plan::model::Initiative>,
        checkins: Vec<CheckIn>,
    ) -> Plan {
        Plan {
            name: "p".into(),
            stale_after_days: 14,
            overshoot: false,
            calendar: crate::time::period::Calendar::default(),
            children_in_rollup: true,
            portfolio: crate::plan::model::PortfolioTarget::default(),
            capacity: None,
            north_star: None,
            metrics,
            pillars: vec![crate::plan::model::Pillar {
                id: "pillar".into(),
                name: "Pillar".into(),
                owner: None,
                inputs: Vec::new(),
                loc: crate::diagnostic::Loc::default(),
            }],
            teams: Vec::new(),
            objectives,
            initiatives,
            bets: Vec::new(),
            checkins,
            changes: Vec::new(),
            loc: crate::diagnostic::Loc::default(),
        }
    }

    fn kr_ref(objective: usize, key_result: usize) -> crate::plan::model::KrRef {
        crate::plan::model::KrRef {
            objective,
            key_result,
        }
    }

    #[test]
    fn draft_key_results_are_left_out_of_the_objective_and_initiatives() {
        let numeric = Measure::Numeric {
            baseline: 0.0,
            target: 10.0,
        };
        let draft = Measure::Untargeted {
            baseline: Some(3.0),
        };
        let plan = plan(
            vec![
                objective(
                    "mixed",
                    vec![
                        key_result("half", numeric, 1.0),
                        key_result("draft", draft, 3.0),
                    ],
                ),
                objective(
                    "all-drafts",
                    vec![key_result(
                        "other-draft",
                        Measure::Untargeted { baseline: None },
                        1.0,
                    )],
                ),
            ],
            Vec::new(),
            vec![
                initiative("both", vec![kr_ref(0, 0), kr_ref(0, 1)]),
                initiative("draft-only", vec![kr_ref(0, 1)]),
            ],
            vec![
                checkin(Measured::KeyResult(kr_ref(0, 0)), "2026-11-10", 5.0),
                // 19 days before the as-of date: stale, were it not a draft.
                checkin(Measured::KeyResult(kr_ref(0, 1)), "2026-11-01", 40.0),
            ],
        );
        let r = roll_up(&plan, d("2026-11-20"), &q4_period());
        let mixed = &r.objectives[0];
        let draft_row = &mixed.key_results[1];
        // The draft's check-in is counted and shown, but it has no progress and is never stale.
        assert_eq!(
            (
                draft_row.progress,
                draft_row.status,
                draft_row.current,
                draft_row.checkins,
                draft_row.stale
            ),
            (None, Status::Draft, Some(Reading::Number(40.0)), 1, false)
        );
        // (1 × 0.5) / 1: the draft's weight of 3 does not count (it would make it 0.125).
        assert_eq!(mixed.progress, Some(0.5));
        assert_eq!(mixed.status, Status::OnTrack);
        // An objective of drafts alone has nothing to roll up.
        let all_drafts = &r.objectives[1];
        assert_eq!(all_drafts.progress, None);
        assert_eq!(all_drafts.status, Status::NoData);
        assert_eq!(
            (
                all_drafts.key_results[0].status,
                all_drafts.key_results[0].stale
            ),
            (Status::Draft, false)
        );
        // The quarter and the pillar: the mixed objective alone.
        assert_eq!(r.progress, Some(0.5));
        assert_eq!(r.pillars[0].progress, Some(0.5));
        // Initiatives skip the draft too.
        assert_eq!(
            (r.initiatives[0].progress, r.initiatives[0].progress_status),
            (Some(0.5), Some(Status::OnTrack))
        );
        assert_eq!(
            (r.initiatives[1].progress, r.initiatives[1].progress_status),
            (None, None)
        );
        assert!(r.north_star.is_none());
    }

    #[test]
    fn untargeted_metrics_are_no_data_then_tracking() {
        let untargeted = metric(
            Measure::Untargeted {
                baseline: Some(40.0),
            },
            Some("2026-11-30"),
        );
        let as_of = d("2026-11-20");
        assert_eq!(
            metric_status(&untargeted, None, None, as_of),
            Status::NoData
        );
        // Even with a `due` date: there is no target to be on pace for.
        assert_eq!(
            metric_status(&untargeted, Some(d("2026-11-01")), None, as_of),
            Status::Tracking
        );
        let plan = plan(
            Vec::new(),
            vec![untargeted.clone(), untargeted],
            Vec::new(),
            vec![
                checkin(Measured::Metric(1), "2026-11-02", 44.0),
                checkin(Measured::Metric(1), "2026-11-16", 46.0),
            ],
        );
        let r = roll_up(&plan, as_of, &q4_period());
        let silent = &r.metrics[0];
        assert_eq!(
            (silent.progress, silent.status, silent.stale),
            (None, Status::NoData, true)
        );
        let tracked = &r.metrics[1];
        assert_eq!(
            (
                tracked.progress,
                tracked.status,
                tracked.current,
                tracked.trend,
                tracked.improving,
                tracked.target,
                tracked.baseline
            ),
            (
                None,
                Status::Tracking,
                Some(46.0),
                Some(Trend::Up),
                None,
                None,
                Some(40.0)
            )
        );
    }
}
