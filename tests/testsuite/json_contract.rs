//! The JSON output is a contract: read it back into structs that deny unknown fields, so
//! that any added, renamed or removed field fails here first. Also pins a few values of the
//! platform example to their formulas.

#![allow(clippy::struct_field_names)] // the mirrors spell the JSON field names exactly

use crate::common;

use common::northstar;
use serde::Deserialize;

const PLATFORM: &str = "examples/platform/northstar.toml";
const DRAFTS: &str = "tests/fixtures/drafts/northstar.toml";

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Period {
    label: String,
    first_day: String,
    last_day: String,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Window {
    first_day: String,
    last_day: String,
}

fn window(first_day: &str, last_day: &str) -> Window {
    Window {
        first_day: first_day.into(),
        last_day: last_day.into(),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Status {
    plan: String,
    as_of: String,
    quarter: String,
    period: Period,
    expected_pace: f64,
    progress: Option<f64>,
    status: String,
    north_star: Option<Metric>,
    metrics: Vec<Metric>,
    pillars: Vec<Pillar>,
    objectives: Vec<Objective>,
    initiatives: Vec<Initiative>,
    bets: Vec<Bet>,
    portfolio: Portfolio,
    capacity: Capacity,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Metric {
    id: String,
    name: String,
    role: String,
    unit: Option<String>,
    owner: Option<String>,
    measure: String,
    baseline: Option<f64>,
    target: Option<f64>,
    keep_below: Option<f64>,
    keep_above: Option<f64>,
    due: Option<String>,
    current: Option<f64>,
    last_checkin: Option<String>,
    checkins: usize,
    progress: Option<f64>,
    status: String,
    trend: Option<String>,
    improving: Option<bool>,
    stale: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Pillar {
    id: String,
    name: String,
    owner: Option<String>,
    inputs: Vec<String>,
    objectives: Vec<String>,
    progress: Option<f64>,
    status: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Objective {
    id: String,
    title: String,
    pillar: String,
    team: Option<String>,
    teams: Vec<String>,
    parents: Vec<String>,
    quarter: String,
    window: Window,
    expected_pace: f64,
    owner: Option<String>,
    owners: Vec<String>,
    kind: String,
    weight: f64,
    contribution: f64,
    progress: Option<f64>,
    status: String,
    children_by_status: std::collections::BTreeMap<String, usize>,
    key_results: Vec<KeyResult>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(untagged)]
enum Reading {
    Number(f64),
    Done(bool),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct KeyResult {
    id: String,
    objective: String,
    title: String,
    unit: Option<String>,
    measure: String,
    baseline: Option<f64>,
    target: Option<f64>,
    keep_below: Option<f64>,
    keep_above: Option<f64>,
    weight: f64,
    owners: Vec<String>,
    measured_by: Option<String>,
    window: Window,
    expected_pace: f64,
    current: Option<Reading>,
    last_checkin: Option<String>,
    confidence: Option<f64>,
    confidence_date: Option<String>,
    checkins: usize,
    progress: Option<f64>,
    status: String,
    stale: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Initiative {
    id: String,
    title: String,
    pillar: Option<String>,
    team: Option<String>,
    teams: Vec<String>,
    quarter: Option<String>,
    window: Window,
    expected_pace: f64,
    owner: Option<String>,
    status: String,
    work: String,
    effort_weeks: f64,
    period_effort_weeks: f64,
    success: Option<String>,
    drives: Vec<String>,
    progress: Option<f64>,
    progress_status: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Bet {
    id: String,
    title: String,
    pillar: Option<String>,
    team: Option<String>,
    teams: Vec<String>,
    owner: Option<String>,
    hypothesis: String,
    risk: String,
    status: String,
    appetite_weeks: f64,
    start: Option<String>,
    decide_by: Option<String>,
    decided: Option<String>,
    outcome: Option<String>,
    success: String,
    kill: String,
    metric: Option<String>,
    progress: Option<f64>,
    funded: bool,
    overdue: bool,
    days_to_decision: Option<i64>,
    kill_met: Option<String>,
    success_met: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Portfolio {
    funded_bets: usize,
    funded_appetite_weeks: f64,
    overdue_bets: usize,
    tolerance: f64,
    classes: Vec<MixShare>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct MixShare {
    risk: String,
    appetite_weeks: f64,
    share: Option<f64>,
    target: f64,
    within_tolerance: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Capacity {
    effort_weeks: f64,
    tolerance: Option<f64>,
    kinds: Vec<CapacityShare>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct CapacityShare {
    work: String,
    effort_weeks: f64,
    share: Option<f64>,
    target: Option<f64>,
    within_tolerance: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Okrs {
    plan: String,
    as_of: String,
    quarter: String,
    period: Period,
    expected_pace: f64,
    progress: Option<f64>,
    status: String,
    pillars: Vec<Pillar>,
    objectives: Vec<Objective>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Bets {
    plan: String,
    as_of: String,
    quarter: String,
    period: Period,
    bets: Vec<Bet>,
    portfolio: Portfolio,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Initiatives {
    plan: String,
    as_of: String,
    quarter: String,
    period: Period,
    initiatives: Vec<Initiative>,
    capacity: Capacity,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Metrics {
    plan: String,
    as_of: String,
    quarter: String,
    period: Period,
    north_star: Option<Metric>,
    metrics: Vec<Metric>,
}

fn json(report: &str) -> String {
    json_of(PLATFORM, report)
}

fn json_of(plan: &str, report: &str) -> String {
    let r = northstar(&[
        "-f",
        plan,
        "--as-of",
        "2026-11-20",
        report,
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

#[test]
fn status_json_reads_back_with_the_documented_fields() {
    let s: Status = serde_json::from_str(&json("status")).unwrap();
    assert_eq!(
        (s.plan.as_str(), s.as_of.as_str(), s.quarter.as_str()),
        ("Acme Platform Engineering", "2026-11-20", "2026-Q4")
    );
    assert_eq!(
        s.period,
        Period {
            label: "2026-Q4".into(),
            first_day: "2026-10-01".into(),
            last_day: "2026-12-31".into()
        }
    );
    // 51 days of 92 have passed on 2026-11-20 (October 1 through November 20, inclusive).
    assert_eq!(s.expected_pace, 51.0 / 92.0);

    let boring = s
        .objectives
        .iter()
        .find(|o| o.id == "boring-deploys")
        .unwrap();
    let lead_time = boring
        .key_results
        .iter()
        .find(|k| k.id == "lead-time")
        .unwrap();
    // Lower is better: 48 h → 12 h, latest 27 h.
    assert_eq!(lead_time.progress, Some((27.0 - 48.0) / (12.0 - 48.0)));
    assert_eq!(lead_time.current, Some(Reading::Number(27.0)));
    assert_eq!(lead_time.status, "on-track");
    let ga = boring
        .key_results
        .iter()
        .find(|k| k.id == "pipeline-ga")
        .unwrap();
    assert_eq!(
        (ga.current.as_ref(), ga.progress),
        (Some(&Reading::Done(true)), Some(1.0))
    );
    // Without dates of its own, a key result is paced over its objective's quarter.
    assert_eq!(lead_time.window, window("2026-10-01", "2026-12-31"));
    assert_eq!(lead_time.expected_pace, 51.0 / 92.0);
    assert_eq!(boring.window, window("2026-10-01", "2026-12-31"));
    assert_eq!(boring.expected_pace, 51.0 / 92.0);
    assert_eq!(boring.owners, [boring.owner.clone().unwrap()]);
    // Weights 2, 1, 1: (2 × 0.5833… + 1 + 1) / 4.
    let expected = (2.0 * lead_time.progress.unwrap() + 1.0 + 1.0) / 4.0;
    assert_eq!(boring.progress, Some(expected));

    let runbook = s
        .objectives
        .iter()
        .flat_map(|o| &o.key_results)
        .find(|k| k.id == "runbook-coverage")
        .unwrap();
    assert!(runbook.stale);
    assert_eq!(runbook.last_checkin.as_deref(), Some("2026-10-26"));

    let triage = s.bets.iter().find(|b| b.id == "ai-triage").unwrap();
    assert!(triage.overdue && triage.funded);
    assert_eq!(triage.days_to_decision, Some(-19));
    assert_eq!(s.portfolio.funded_bets, 4);
    assert_eq!(s.portfolio.funded_appetite_weeks, 34.0);
    assert_eq!(s.portfolio.classes[0].share, Some(24.0 / 34.0));
    assert_eq!(s.capacity.effort_weeks, 40.0);
    // Every initiative of the example runs the whole quarter: all its effort counts.
    for i in &s.initiatives {
        assert_eq!(i.period_effort_weeks, i.effort_weeks, "{}", i.id);
        assert_eq!(i.quarter.as_deref(), Some("2026-Q4"));
    }
    assert_eq!(s.capacity.kinds[1].share, Some(8.0 / 40.0));
    let north_star = s.north_star.unwrap();
    assert_eq!(
        (north_star.id.as_str(), north_star.role.as_str()),
        ("weekly-active-teams", "north-star")
    );
    assert_eq!(
        north_star.progress,
        Some((1371.0 - 1200.0) / (2000.0 - 1200.0))
    );
    assert_eq!(s.metrics.len(), 4);
    assert_eq!(s.pillars.len(), 3);
    assert_eq!(s.initiatives.len(), 10);
    assert_eq!(s.status, "at-risk");
    assert!(s.progress.is_some());
}

#[test]
fn every_report_reads_back() {
    let okrs: Okrs = serde_json::from_str(&json("okrs")).unwrap();
    assert_eq!(okrs.objectives.len(), 4);
    let bets: Bets = serde_json::from_str(&json("bets")).unwrap();
    assert_eq!(bets.bets.len(), 5);
    let initiatives: Initiatives = serde_json::from_str(&json("initiatives")).unwrap();
    assert_eq!(initiatives.initiatives.len(), 10);
    let metrics: Metrics = serde_json::from_str(&json("metrics")).unwrap();
    assert_eq!(metrics.north_star.unwrap().role, "north-star");
}

#[test]
fn check_json_reads_back() {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Check {
        diagnostics: Vec<Diag>,
        errors: usize,
        warnings: usize,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Diag {
        code: String,
        severity: String,
        message: String,
        location: Option<Location>,
        label: Option<String>,
        related: Vec<Related>,
        help: Option<String>,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Related {
        location: Location,
        message: String,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Location {
        file: String,
        line: usize,
        column: usize,
        end_line: usize,
        end_column: usize,
    }
    let c: Check = serde_json::from_str(&json("check")).unwrap();
    assert_eq!((c.errors, c.warnings), (0, 2));
    let codes: Vec<&str> = c.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["stale-key-result", "overdue-bet"]);
    let loc = c.diagnostics[0].location.as_ref().unwrap();
    assert_eq!(
        (loc.file.as_str(), loc.line, loc.column),
        ("examples/platform/teams/sre.toml", 26, 6)
    );
}

/// A plan without a North Star, with draft key results and metrics without a target: the
/// North Star is `null`, their progress `null`, a draft's status `"draft"`, and drafts are
/// left out of the objective's and initiatives' progress.
#[test]
fn nulls_and_drafts_read_back() {
    let s: Status = serde_json::from_str(&json_of(DRAFTS, "status")).unwrap();
    assert!(s.north_star.is_none());
    let metrics: Metrics = serde_json::from_str(&json_of(DRAFTS, "metrics")).unwrap();
    assert!(metrics.north_star.is_none());

    let signups = &s.metrics[0];
    assert_eq!(
        (
            signups.measure.as_str(),
            signups.baseline,
            signups.target,
            signups.current,
            signups.progress,
            signups.status.as_str(),
            signups.trend.as_deref(),
            signups.improving
        ),
        (
            "numeric",
            Some(40.0),
            None,
            Some(46.0),
            None,
            "tracking",
            Some("up"),
            None
        )
    );
    let nps = &s.metrics[1];
    assert_eq!(
        (nps.baseline, nps.progress, nps.status.as_str(), nps.stale),
        (None, None, "no-data", true)
    );

    let fast = &s.objectives[0];
    let adoption = &fast.key_results[1];
    assert_eq!(
        (
            adoption.id.as_str(),
            adoption.measure.as_str(),
            adoption.baseline,
            adoption.target,
            adoption.current.as_ref(),
            adoption.checkins,
            adoption.progress,
            adoption.status.as_str(),
            adoption.stale
        ),
        (
            "adoption",
            "numeric",
            Some(10.0),
            None,
            Some(&Reading::Number(14.0)),
            1,
            None,
            "draft",
            false
        )
    );
    // latency: 400 → 200 ms, at 300 ms: 0.5. The draft (weight 3) is left out; counted as
    // 0 it would make 0.125.
    assert_eq!(fast.key_results[0].progress, Some(0.5));
    assert_eq!(fast.progress, Some(0.5));
    // An objective whose only key result is a draft has no progress.
    let pricing = &s.objectives[1];
    assert_eq!(
        (
            pricing.progress,
            pricing.status.as_str(),
            pricing.key_results[0].status.as_str(),
            pricing.key_results[0].baseline
        ),
        (None, "no-data", "draft", None)
    );
    assert_eq!(s.progress, Some(0.5));
    assert_eq!(
        (
            s.initiatives[0].progress,
            s.initiatives[0].progress_status.as_deref()
        ),
        (Some(0.5), Some("on-track"))
    );
    assert_eq!(
        (
            s.initiatives[1].progress,
            s.initiatives[1].progress_status.as_deref()
        ),
        (None, None)
    );
}

/// The fiscal example: its default period is the fiscal quarter of the as-of date, each
/// objective, key result and initiative carries its own window and pace, and an initiative
/// counts toward the period by the share of its days inside it.
#[test]
fn fiscal_example_pins_periods_windows_and_proration() {
    let fiscal = |period: Option<&str>| -> Status {
        let mut args = vec![
            "-f",
            "examples/fiscal/northstar.toml",
            "--as-of",
            "2026-11-20",
        ];
        if let Some(p) = period {
            args.extend(["--period", p]);
        }
        args.extend(["status", "--format", "json"]);
        let r = northstar(&args);
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{period:?}");
        serde_json::from_str(&r.stdout).unwrap()
    };
    let s = fiscal(None);
    // FY27 starts 2026-02-01 and is named by its end: FY27-Q4 is November through January.
    assert_eq!(
        s.period,
        Period {
            label: "FY27-Q4".into(),
            first_day: "2026-11-01".into(),
            last_day: "2027-01-31".into()
        }
    );
    assert_eq!(s.quarter, "FY27-Q4");
    assert_eq!(s.expected_pace, 20.0 / 92.0);

    // Every objective overlapping FY27-Q4: the annual ones, the quarter's, and the cycle.
    let ids: Vec<&str> = s.objectives.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "enterprise-ready",
            "ingest-at-scale",
            "big-tenant-queries",
            "calm-holidays",
            "self-serve-revenue",
            "guided-setup"
        ]
    );
    let objective = |id: &str| s.objectives.iter().find(|o| o.id == id).unwrap();
    let enterprise = objective("enterprise-ready");
    assert_eq!(enterprise.quarter, "FY27");
    assert_eq!(enterprise.window, window("2026-02-01", "2027-01-31"));
    // February 1 through November 20 is 293 of FY27's 365 days.
    assert_eq!(enterprise.expected_pace, 293.0 / 365.0);
    let kr = |id: &str| enterprise.key_results.iter().find(|k| k.id == id).unwrap();
    // An H1 key result has ended: paced at 1 and no longer stale.
    let sso = kr("sso-enforced");
    assert_eq!(sso.window, window("2026-02-01", "2026-07-31"));
    assert_eq!((sso.expected_pace, sso.stale), (1.0, false));
    // An H2 key result with two owners: 112 of H2's 184 days.
    let review = kr("security-review-pass");
    assert_eq!(review.window, window("2026-08-01", "2027-01-31"));
    assert_eq!(review.expected_pace, 112.0 / 184.0);
    assert_eq!(review.owners, ["priya", "sales-engineering"]);
    // The cycle objective: two owners, the first also as `owner`; 33 of 42 days.
    let guided = objective("guided-setup");
    assert_eq!(guided.quarter, "cycle-7");
    assert_eq!(guided.owners, ["jonas", "lena"]);
    assert_eq!(guided.owner.as_deref(), Some("jonas"));
    assert_eq!(guided.window, window("2026-10-19", "2026-11-29"));
    assert_eq!(guided.expected_pace, 33.0 / 42.0);

    let initiative = |id: &str| s.initiatives.iter().find(|i| i.id == id).unwrap();
    // Given by dates: no period label; 48 of its 96 days fall in FY27-Q4.
    let redpanda = initiative("redpanda-migration");
    assert_eq!(redpanda.quarter, None);
    assert_eq!(redpanda.window, window("2026-09-14", "2026-12-18"));
    assert_eq!(
        (redpanda.effort_weeks, redpanda.period_effort_weeks),
        (12.0, 6.0)
    );
    // FY27-H2 covers FY27-Q4: half of its 184 days.
    assert_eq!(initiative("pen-test-findings").period_effort_weeks, 4.0);
    // Cycle 7 has 29 of its 42 days in FY27-Q4.
    assert_eq!(
        initiative("otel-wizard").period_effort_weeks,
        6.0 * 29.0 / 42.0
    );
    let total: f64 = s.initiatives.iter().map(|i| i.period_effort_weeks).sum();
    assert!((s.capacity.effort_weeks - total).abs() < 1e-9);
    assert!(
        s.capacity
            .kinds
            .iter()
            .all(|k| k.within_tolerance == Some(true))
    );

    // The whole fiscal year and its second half show the closed FY27-Q3 objectives too.
    let h2 = fiscal(Some("fy27-h2"));
    assert_eq!(
        h2.period,
        Period {
            label: "FY27-H2".into(),
            first_day: "2026-08-01".into(),
            last_day: "2027-01-31".into()
        }
    );
    assert_eq!(h2.objectives.len(), 8);
    let year = fiscal(Some("FY2027"));
    assert_eq!(year.period.label, "FY27");
    assert_eq!(year.capacity.effort_weeks, 117.0);
}

/// `actual` is `expected` up to floating-point rounding (the roll-up sums in its own order).
#[track_caller]
fn assert_close(actual: Option<f64>, expected: f64) {
    let actual = actual.unwrap_or_else(|| panic!("null, expected {expected}"));
    assert!(
        (actual - expected).abs() < 1e-12,
        "{actual} is not {expected}"
    );
}

fn objective<'s>(s: &'s Status, id: &str) -> &'s Objective {
    s.objectives
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no objective `{id}` in {}", s.period.label))
}

fn key_result<'s>(s: &'s Status, id: &str) -> &'s KeyResult {
    s.objectives
        .iter()
        .flat_map(|o| &o.key_results)
        .find(|k| k.id == id)
        .unwrap_or_else(|| panic!("no key result `{id}` in {}", s.period.label))
}

fn by_status(pairs: &[(&str, usize)]) -> std::collections::BTreeMap<String, usize> {
    pairs.iter().map(|&(s, n)| (s.to_string(), n)).collect()
}

// The org example (company → department → team), every number worked out by hand: a
// parent's progress from its key results and its children, a key result fed by children,
// two key results reading one metric series, children counted by status, pillars and the
// quarter over the roots only, and a parent that reads differently in another period.

/// `status --format json` of the org example as of 2026-11-20 in `period`.
fn org_status(period: &str) -> Status {
    let r = northstar(&[
        "-f",
        "examples/org/northstar.toml",
        "--as-of",
        "2026-11-20",
        "--period",
        period,
        "status",
        "--format",
        "json",
    ]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{period}");
    serde_json::from_str(&r.stdout).unwrap()
}

/// The org example's quarter: its pace, and the objectives of the period only.
#[test]
fn org_example_shows_the_quarters_objectives_at_its_pace() {
    let q4 = org_status("2026-Q4");
    // October 1 through November 20: 51 of the quarter's 92 days.
    assert_eq!(q4.expected_pace, 51.0 / 92.0);
    // The Q3 objective `eta-model-v2` is not shown in Q4: 9 objectives of 10.
    assert_eq!(q4.objectives.len(), 9);
}

/// Two key results reading one metric series, each against its own baseline, target and
/// window.
#[test]
fn org_example_key_results_share_one_series_with_their_own_goals() {
    let q4 = org_status("2026-Q4");

    // Two key results read the `eta-accuracy` series (14 check-ins, latest 86 on
    // 2026-11-16), each against its own baseline and target, each counting the check-ins
    // from its own window's first day: all 14 for the H2 one, the 7 since October 1 for
    // the Q4 one.
    let h2_goal = key_result(&q4, "eta-accuracy-h2");
    let q4_goal = key_result(&q4, "eta-accuracy-q4");
    for (k, checkins) in [(h2_goal, 14), (q4_goal, 7)] {
        assert_eq!(
            (
                k.measured_by.as_deref(),
                k.current.as_ref(),
                k.checkins,
                k.last_checkin.as_deref(),
                k.stale
            ),
            (
                Some("eta-accuracy"),
                Some(&Reading::Number(86.0)),
                checkins,
                Some("2026-11-16"),
                false
            ),
            "{}",
            k.id
        );
    }
    // (86 − 80) / (90 − 80) = 0.6, paced over 2026-H2: 143 of 184 days, 0.777; 0.6 is
    // within 0.25 of it: at risk.
    assert_eq!((h2_goal.baseline, h2_goal.target), (Some(80.0), Some(90.0)));
    assert_close(h2_goal.progress, 0.6);
    assert_eq!(h2_goal.expected_pace, 143.0 / 184.0);
    assert_eq!(h2_goal.status, "at-risk");
    // (86 − 82) / (88 − 82) = 2/3, paced over 2026-Q4 (0.554): on track.
    assert_eq!((q4_goal.baseline, q4_goal.target), (Some(82.0), Some(88.0)));
    assert_close(q4_goal.progress, 2.0 / 3.0);
    assert_eq!(q4_goal.status, "on-track");
    assert_eq!(key_result(&q4, "eta-error-p90").measured_by, None);
}

/// A key result fed by children: the weighted mean of its children by contribution.
#[test]
fn org_example_key_result_fed_by_children_is_their_weighted_mean() {
    let q4 = org_status("2026-Q4");

    // The key result fed by children: the weighted mean, by contribution, of the objectives
    // naming it as parent.
    //   autoscale-everything (contribution 2) = (34−10)/(50−10) = 0.6 and
    //     (12−20)/(4−20) = 0.5, weights 1 and 1: 0.55
    //   event-pipeline (contribution 1) = (10000−5000)/(15000−5000) = 0.5 with weight 3
    //     and the replay drill, not done yet, 0 with weight 1: (3 × 0.5 + 0) / 4 = 0.375
    //   services-peak-ready = (2 × 0.55 + 1 × 0.375) / 3 = 1.475 / 3 = 59/120
    let autoscale = objective(&q4, "autoscale-everything");
    assert_eq!(
        (autoscale.parents.as_slice(), autoscale.contribution),
        (&["services-peak-ready".to_string()][..], 2.0)
    );
    assert_close(autoscale.progress, 0.55);
    let pipeline = objective(&q4, "event-pipeline");
    assert_close(pipeline.progress, 0.375);
    assert_eq!(pipeline.status, "at-risk");
    let derived = key_result(&q4, "services-peak-ready");
    assert_eq!(
        (
            derived.measure.as_str(),
            derived.baseline,
            derived.target,
            derived.current.as_ref(),
            derived.checkins,
            derived.stale
        ),
        ("children", None, None, None, 0, false)
    );
    assert_close(derived.progress, 59.0 / 120.0);
    assert_eq!(derived.status, "on-track");
}

/// A parent's progress from its key results and its children together, and its children
/// counted by status.
#[test]
fn org_example_parents_roll_up_key_results_and_children_together() {
    let q4 = org_status("2026-Q4");

    // A parent from its key results and its children together: peak-ready-platform has
    //   services-peak-ready 59/120 (weight 2), peak-headroom (30−10)/(50−10) = 0.5
    //   (weight 1), and the child live-tracking (contribution 1) = ((300−180)/(300−60) +
    //   (24−12)/(30−12)) / 2 = (0.5 + 2/3) / 2 = 7/12:
    //   (2 × 59/120 + 0.5 + 7/12) / 4 = (59/60 + 30/60 + 35/60) / 4 = 31/60.
    let live = objective(&q4, "live-tracking");
    assert_eq!(live.parents, ["plannable-etas", "peak-ready-platform"]);
    // Its pillar is its first parent's, which has its own parent's: trust.
    assert_eq!(
        (live.pillar.as_str(), live.team.as_deref()),
        ("trust", Some("tracking"))
    );
    assert_close(live.progress, 7.0 / 12.0);
    let platform = objective(&q4, "peak-ready-platform");
    assert_close(platform.progress, 31.0 / 60.0);
    assert_eq!(platform.status, "on-track");
    // Its direct children: live-tracking under the objective, autoscale-everything and
    // event-pipeline under its key result.
    assert_eq!(
        platform.children_by_status,
        by_status(&[("on-track", 2), ("at-risk", 1)])
    );
    // plannable-etas: eta-accuracy-q4 2/3, eta-error-p90 (4.5−6)/(3−6) = 0.5, and the
    // children smarter-routes ((52−0)/80 = 0.65 and (17.5−30)/(5−30) = 0.5: 0.575) and
    // live-tracking (7/12), all weight or contribution 1:
    //   (2/3 + 1/2 + 0.575 + 7/12) / 4 = (80 + 60 + 69 + 70) / 120 / 4 = 279/480.
    let plannable = objective(&q4, "plannable-etas");
    assert_close(plannable.progress, 279.0 / 480.0);
    assert_eq!(plannable.children_by_status, by_status(&[("on-track", 2)]));
    // live-tracking counts, fully, in both its parents; a team objective has no children.
    assert!(
        objective(&q4, "smarter-routes")
            .children_by_status
            .is_empty()
    );

    // The company objective: eta-accuracy-h2 0.6 (weight 2) and, in 2026-Q4, the one child
    // shown, plannable-etas 279/480: (2 × 0.6 + 0.58125) / 3 = 1.78125 / 3 = 0.59375,
    // paced over 2026-H2 (0.777): at risk.
    let trusted = objective(&q4, "trusted-etas");
    assert_eq!(
        (trusted.team.as_deref(), trusted.parents.len()),
        (Some("keel"), 0)
    );
    assert_close(trusted.progress, 0.59375);
    assert_eq!(trusted.status, "at-risk");
    assert_eq!(trusted.children_by_status, by_status(&[("on-track", 1)]));
    // calm-peak: the load test passed (1) and peak-ready-platform 31/60: 91/120.
    assert_close(objective(&q4, "calm-peak").progress, 91.0 / 120.0);
}

/// Pillars and the quarter average the root objectives only.
#[test]
fn org_example_pillars_and_the_quarter_average_the_roots_only() {
    let q4 = org_status("2026-Q4");

    // Pillars and the quarter average the roots only: the company objectives and the team
    // objective that serves no one above it (cheaper-compute: (4−3.55)/(4−3) = 0.45 and
    // (44−20)/(60−20) = 0.6, 0.525). trust is trusted-etas alone, 0.59375, not the mean of
    // the four trust objectives.
    let pillar = |id: &str| q4.pillars.iter().find(|p| p.id == id).unwrap();
    assert_eq!(pillar("trust").objectives, ["trusted-etas"]);
    assert_close(pillar("trust").progress, 0.59375);
    assert_eq!(pillar("scale").objectives, ["calm-peak"]);
    assert_close(pillar("scale").progress, 91.0 / 120.0);
    assert_eq!(pillar("cost").objectives, ["cheaper-compute"]);
    assert_close(pillar("cost").progress, 0.525);
    assert_close(q4.progress, (0.59375 + 91.0 / 120.0 + 0.525) / 3.0);
    assert_eq!(q4.status, "on-track");
}

/// Initiatives and bets carry their teams; an initiative reads a key result measured by a
/// series.
#[test]
fn org_example_initiatives_and_bets_carry_teams() {
    let q4 = org_status("2026-Q4");

    // Teams on initiatives and bets.
    let initiative = q4
        .initiatives
        .iter()
        .find(|i| i.id == "spot-batch")
        .unwrap();
    assert_eq!(initiative.team.as_deref(), Some("infra"));
    // An initiative driving a key result measured by a series: 2/3.
    let feedback = q4
        .initiatives
        .iter()
        .find(|i| i.id == "eta-feedback-loop")
        .unwrap();
    assert_close(feedback.progress, 2.0 / 3.0);
    let bet = q4.bets.iter().find(|b| b.id == "depot-edge").unwrap();
    assert_eq!(bet.team.as_deref(), Some("data"));
}

/// A parent's progress depends on the period: another period shows other children.
#[test]
fn org_example_parents_read_differently_in_another_period() {
    // A parent's progress depends on the period: 2026-H2 also shows the Q3 child
    // eta-model-v2 (done, 1), so (2 × 0.6 + 0.58125 + 1) / 4 = 0.6953125, on track
    // against the same pace.
    let h2 = org_status("2026-H2");
    assert_eq!(h2.objectives.len(), 10);
    let trusted = objective(&h2, "trusted-etas");
    let h2_progress = (2.0 * 0.6 + 279.0 / 480.0 + 1.0) / 4.0;
    assert_close(trusted.progress, h2_progress);
    assert_eq!(trusted.status, "on-track");
    assert_eq!(
        trusted.children_by_status,
        by_status(&[("done", 1), ("on-track", 1)])
    );
    let pillar = |id: &str| h2.pillars.iter().find(|p| p.id == id).unwrap();
    assert_close(pillar("trust").progress, h2_progress);
}

/// A copy of the org example in a temporary directory, `edit` applied to (file, text).
fn org_copy(edit: impl Fn(&str, String) -> String) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("teams")).unwrap();
    for sub in ["", "teams"] {
        for entry in std::fs::read_dir(std::path::Path::new("examples/org").join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                let name = format!(
                    "{sub}{}{}",
                    if sub.is_empty() { "" } else { "/" },
                    path.file_name().unwrap().to_str().unwrap()
                );
                let text = edit(&name, std::fs::read_to_string(&path).unwrap());
                std::fs::write(dir.path().join(&name), text).unwrap();
            }
        }
    }
    let main = dir
        .path()
        .join("northstar.toml")
        .to_str()
        .unwrap()
        .to_string();
    (dir, main)
}

/// docs/rollup.md's worked examples beyond the example as it stands: `children_in_rollup =
/// false`, and a child aligned to an ordinary key result.
#[test]
fn org_example_variants_of_the_readme() {
    // Children as alignment only: objectives read their own key results, every objective
    // counts in its pillar, and a key result fed by children still averages them.
    let (_dir, main) = org_copy(|name, text| {
        if name == "northstar.toml" {
            text.replace("children_in_rollup = true ", "children_in_rollup = false")
        } else {
            text
        }
    });
    let s: Status = serde_json::from_str(&json_of(&main, "status")).unwrap();
    // trusted-etas: eta-accuracy-h2 alone, 0.6.
    assert_close(objective(&s, "trusted-etas").progress, 0.6);
    // peak-ready-platform: services-peak-ready (59/120, weight 2) and peak-headroom (0.5):
    // (2 × 59/120 + 0.5) / 3 = 89/180 = 0.4944.
    assert_close(key_result(&s, "services-peak-ready").progress, 59.0 / 120.0);
    assert_close(objective(&s, "peak-ready-platform").progress, 89.0 / 180.0);
    // plannable-etas: (2/3 + 1/2) / 2 = 7/12, its children left out.
    assert_close(objective(&s, "plannable-etas").progress, 7.0 / 12.0);
    // Pillar trust: its four objectives, (0.6 + 7/12 + 0.575 + 7/12) / 4.
    let trust = s.pillars.iter().find(|p| p.id == "trust").unwrap();
    assert_eq!(
        trust.objectives,
        [
            "trusted-etas",
            "plannable-etas",
            "smarter-routes",
            "live-tracking"
        ]
    );
    assert_close(
        trust.progress,
        (0.6 + 7.0 / 12.0 + 0.575 + 7.0 / 12.0) / 4.0,
    );
    // The quarter: all nine, calm-peak at 1 (its load test alone).
    let all = [
        0.6,
        1.0,
        7.0 / 12.0,
        0.575,
        7.0 / 12.0,
        89.0 / 180.0,
        0.55,
        0.525,
        0.375,
    ];
    assert_close(s.progress, all.iter().sum::<f64>() / 9.0);

    // A child naming an ordinary key result is aligned to it but counted nowhere:
    // plannable-etas drops to its key results and live-tracking, (2/3 + 1/2 + 7/12) / 3,
    // and smarter-routes (0.575), drawn under `eta-error-p90`, is no root of trust either
    // (issue 21: it was, so trust read the mean of trusted-etas and 0.575).
    let (_dir, main) = org_copy(|name, text| {
        if name == "teams/routing.toml" {
            text.replace("parent = \"plannable-etas\"", "parent = \"eta-error-p90\"")
        } else {
            text
        }
    });
    let s: Status = serde_json::from_str(&json_of(&main, "status")).unwrap();
    let plannable = objective(&s, "plannable-etas");
    assert_close(plannable.progress, (2.0 / 3.0 + 0.5 + 7.0 / 12.0) / 3.0);
    assert_eq!(plannable.children_by_status, by_status(&[("on-track", 2)]));
    let trust = s.pillars.iter().find(|p| p.id == "trust").unwrap();
    assert_eq!(trust.objectives, ["trusted-etas"]);
    let trusted = (2.0 * 0.6 + (2.0 / 3.0 + 0.5 + 7.0 / 12.0) / 3.0) / 3.0;
    assert_close(objective(&s, "trusted-etas").progress, trusted);
    assert_close(trust.progress, trusted);
}

/// The keys of a JSON object, sorted.
fn keys(v: &serde_json::Value) -> Vec<&str> {
    let mut keys: Vec<&str> = v
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

/// Issue 11's fields in `review` (the team filtered to, an objective's team, parents and
/// depth in its pillar's tree) and `show` (a team), and no others.
#[test]
fn review_and_show_json_keep_their_documented_fields() {
    const TEAMS: &str = "tests/fixtures/teams/northstar.toml";
    let of = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["-f", TEAMS, "--as-of", "2026-11-20"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--format", "json"]);
        let r = northstar(&all);
        assert_eq!(r.code, 0, "{}", r.stderr);
        serde_json::from_str(&r.stdout).unwrap()
    };
    let review = of(&["review", "--team", "platform"]);
    assert_eq!(
        keys(&review),
        [
            "as_of",
            "bets",
            "capacity",
            "goalposts",
            "metrics",
            "north_star",
            "period",
            "pillars",
            "plan",
            "quarter",
            "source",
            "stage",
            "stale_key_results",
            "summary",
            "team"
        ]
    );
    assert_eq!(keys(&review["team"]), ["id", "sub_teams"]);
    assert_eq!(
        keys(&review["pillars"][0]["objectives"][1]),
        [
            "depth",
            "grade",
            "id",
            "initiatives",
            "key_results",
            "kind",
            "met",
            "owner",
            "owners",
            "parents",
            "status",
            "team",
            "teams",
            "title"
        ]
    );
    let team = of(&["show", "platform"]);
    assert_eq!(
        keys(&team),
        [
            "as_of",
            "changes",
            "history",
            "id",
            "kind",
            "lead",
            "related",
            "report_period",
            "report_quarter",
            "standing",
            "title"
        ]
    );
    assert_eq!(
        (&team["kind"], &team["related"][0]["relation"]),
        (
            &serde_json::json!("team"),
            &serde_json::json!("parent-team")
        )
    );
}

/// One row of `log --format json` (and of `show`'s history), with `source`, the provenance
/// `northstar measure` writes (null on a hand-typed check-in).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read back to prove the shape
struct LogRow {
    date: String,
    by: Option<String>,
    metric: String,
    value: serde_json::Value,
    unit: Option<String>,
    progress: Option<f64>,
    progress_change: Option<f64>,
    status: String,
    confidence: Option<f64>,
    note: Option<String>,
    source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Log {
    #[allow(dead_code)]
    plan: String,
    checkins: Vec<LogRow>,
}

#[test]
fn log_rows_read_back_with_their_source() {
    let r = northstar(&["-f", PLATFORM, "log", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let log: Log = serde_json::from_str(&r.stdout).unwrap();
    assert!(!log.checkins.is_empty());
    assert!(log.checkins.iter().all(|c| c.source.is_none()));
}

/// One row of `show`'s check-in history: a [`LogRow`] with whether it was rated against an
/// older goal and whether it counts on the as-of date (progress and status null if not).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read back to prove the shape
struct HistoryRow {
    date: String,
    by: Option<String>,
    metric: String,
    value: serde_json::Value,
    unit: Option<String>,
    progress: Option<f64>,
    progress_change: Option<f64>,
    status: Option<String>,
    confidence: Option<f64>,
    note: Option<String>,
    source: Option<String>,
    target_changed: bool,
    counted: bool,
}

#[test]
fn show_history_rows_read_back_with_whether_they_count() {
    #[derive(Debug, Deserialize)]
    struct Shown {
        history: Vec<HistoryRow>,
    }
    // The platform example's `lead-time` as of its first check-in's eve: none counts yet.
    let all: Shown = serde_json::from_str(
        &northstar(&["-f", PLATFORM, "show", "lead-time", "--format", "json"]).stdout,
    )
    .unwrap();
    let first = all.history[0].date.clone();
    let eve = (chrono::NaiveDate::parse_from_str(&first, "%Y-%m-%d").unwrap()
        - chrono::Days::new(1))
    .to_string();
    let r = northstar(&[
        "-f",
        PLATFORM,
        "--as-of",
        &eve,
        "show",
        "lead-time",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before: Shown = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(before.history.len(), all.history.len());
    assert!(
        before
            .history
            .iter()
            .all(|h| !h.counted && h.status.is_none() && h.progress.is_none())
    );
    assert!(all.history.iter().all(|h| h.counted && h.status.is_some()));
}

/// One `[[change]]` record in `show`'s `changes` (an objective's or key result's).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordedChange {
    date: String,
    by: Option<String>,
    field: String,
    from: serde_json::Value,
    to: serde_json::Value,
    reason: String,
}

#[test]
fn show_changes_read_back_with_their_reasons() {
    #[derive(Debug, Deserialize)]
    struct Shown {
        changes: Option<Vec<RecordedChange>>,
    }
    let (_dir, plan) = common::platform_copy();
    let p = plan.to_str().unwrap();
    let set = northstar(&[
        "-f",
        p,
        "set",
        "lead-time",
        "target",
        "18",
        "--reason",
        "slipped",
        "--by",
        "ana",
    ]);
    assert_eq!(set.code, 0, "{}", set.stderr);
    let shown: Shown = serde_json::from_str(
        &northstar(&["-f", p, "show", "lead-time", "--format", "json"]).stdout,
    )
    .unwrap();
    let changes = shown.changes.unwrap();
    assert_eq!(changes.len(), 1);
    let c = &changes[0];
    assert_eq!(
        (
            c.date.as_str(),
            c.by.as_deref(),
            c.field.as_str(),
            c.reason.as_str()
        ),
        ("2026-11-20", Some("ana"), "target", "slipped")
    );
    assert_eq!(
        (&c.from, &c.to),
        (&serde_json::json!(12.0), &serde_json::json!(18.0))
    );
    // A metric takes no records: null.
    let metric: Shown = serde_json::from_str(
        &northstar(&["-f", p, "show", "activation", "--format", "json"]).stdout,
    )
    .unwrap();
    assert!(metric.changes.is_none());
}
