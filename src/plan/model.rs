//! The validated plan. A [`Plan`] can only be built by [`super::validate`]: every reference
//! in it resolves (as an index), every number is finite and within [`MAX_MAGNITUDE`], every date is a plain
//! date, and every period label resolves to a window of days on the plan's [`Calendar`].

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use strum::{IntoStaticStr, VariantArray};

use crate::diagnostic::Loc;
use crate::time::period::{Calendar, Period, Window};

/// The largest magnitude a number in a plan may have: baselines, targets, thresholds,
/// check-in values, weights, efforts and appetites all lie within ±1e15. Far beyond any
/// real measure, and small enough that every sum, difference and ratio the roll-up takes of
/// them stays finite and exact to a few digits (a float has 15–16 significant digits).
pub const MAX_MAGNITUDE: f64 = 1e15;

/// The smallest gap between a baseline and its target: progress divides by it, and with
/// `overshoot` nothing caps the quotient, so a narrower gap could overflow to infinity.
pub const MIN_RANGE: f64 = 1e-9;

/// Role of a metric.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    IntoStaticStr,
    VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum MetricRole {
    /// The North Star metric itself (not written in files: it is the `[north_star]` table).
    #[serde(skip_deserializing)]
    NorthStar,
    /// An input metric that drives the North Star (the default for `[[metric]]`).
    Input,
    /// A health metric: a guardrail that must not degrade (e.g. change failure rate).
    Health,
}

/// Committed or aspirational objective (Google's OKR convention).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    Default,
    JsonSchema,
    IntoStaticStr,
    VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum ObjectiveKind {
    /// Expected to be met in full: met at grade 1.0.
    #[default]
    Committed,
    /// A stretch: met at grade 0.7.
    Aspirational,
}

/// Lifecycle of an initiative.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    Default,
    JsonSchema,
    IntoStaticStr,
    VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum InitiativeStatus {
    /// Not started (the default).
    #[default]
    Planned,
    /// Under way.
    Active,
    /// Finished.
    Done,
    /// Abandoned; excluded from capacity.
    Dropped,
}

/// Kind of work, for capacity allocation.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    Default,
    JsonSchema,
    IntoStaticStr,
    VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum WorkKind {
    /// New capability (the default).
    #[default]
    Feature,
    /// Technical debt.
    Debt,
    /// Security work.
    Security,
    /// Keeping the lights on.
    Maintenance,
}

impl WorkKind {
    /// All kinds, in display order.
    pub const ALL: [WorkKind; 4] = [Self::Feature, Self::Debt, Self::Security, Self::Maintenance];
}

/// Risk class of a bet (the portfolio mix is measured over these).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
    IntoStaticStr,
    VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Risk {
    /// Improves what exists.
    Core,
    /// Extends into a neighbouring area.
    Adjacent,
    /// A new direction.
    Transformational,
}

impl Risk {
    /// All classes, in display order.
    pub const ALL: [Risk; 3] = [Self::Core, Self::Adjacent, Self::Transformational];
}

/// Lifecycle of a bet.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    Default,
    JsonSchema,
    IntoStaticStr,
    VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum BetStatus {
    /// Not funded yet (the default).
    #[default]
    Proposed,
    /// Funded and under way.
    Running,
    /// Decided: the hypothesis held.
    Validated,
    /// Decided: the hypothesis did not hold.
    Invalidated,
    /// Decided: stopped on its kill criteria.
    Killed,
}

impl BetStatus {
    /// Whether the bet has been decided (validated, invalidated or killed).
    #[must_use]
    pub fn is_decided(self) -> bool {
        matches!(self, Self::Validated | Self::Invalidated | Self::Killed)
    }
}

/// How a key result or metric is measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measure {
    /// From `baseline` to `target`; lower-is-better when target < baseline.
    Numeric {
        /// Starting value.
        baseline: f64,
        /// Target value (never equal to the baseline).
        target: f64,
    },
    /// Done / not done, from boolean check-ins.
    Milestone,
    /// Met while the value is ≤ the limit.
    KeepBelow(f64),
    /// Met while the value is ≥ the limit.
    KeepAbove(f64),
    /// A number with no target yet: a metric tracked without a goal, or a draft key result
    /// (`target = "tbd"`). It has no progress; its check-ins are recorded and shown.
    Untargeted {
        /// Starting value, if given.
        baseline: Option<f64>,
    },
    /// `progress_from = "children"`: the weighted mean (by `contribution`) of the progress
    /// of the objectives that name the key result as parent. Takes no check-ins.
    FromChildren,
}

/// The North Star, an input metric or a health metric.
#[derive(Debug, Clone)]
pub struct Metric {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// North Star, input or health.
    pub role: MetricRole,
    /// Unit (free text).
    pub unit: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Numeric, threshold or untargeted (never milestone).
    pub measure: Measure,
    /// Date by which the target should be reached, if any.
    pub due: Option<NaiveDate>,
    /// Where `northstar measure` reads its value, if anywhere.
    pub source: Option<Source>,
    /// Where the table stands.
    pub loc: Loc,
}

/// A validated `source` table: where `northstar measure` reads a measure's value.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// What is read, and how.
    pub kind: SourceKind,
    /// Where the `source` table stands (`loc.file` is the plan file defining it: relative
    /// paths are relative to its directory).
    pub loc: Loc,
}

/// The kinds of source, with their validated settings.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceKind {
    /// `kind = "file"`: a CSV column or a JSON pointer in a file of the planning repository.
    File {
        /// The file as written.
        path: String,
        /// How the value is found in it.
        read: SourceRead,
    },
    /// `kind = "http"`: a GET of `url`; the body is a number, or JSON read at `pointer`.
    Http {
        /// The URL (no credentials in it).
        url: String,
        /// JSON pointer to the value, if the body is JSON.
        pointer: Option<String>,
        /// Environment variable holding a bearer token. Sent only over `https://`, from a
        /// trusted plan (`--allow-credentials` or the user's `trusted`), to a host the user's
        /// `[[credential]]` lists with the variable.
        auth_env: Option<String>,
        /// Seconds before giving up.
        timeout_s: u64,
    },
    /// `kind = "prometheus"`: an instant query against a Prometheus server.
    Prometheus {
        /// The server's base URL.
        url: String,
        /// `PromQL` returning one series or a scalar.
        query: String,
        /// Seconds before giving up.
        timeout_s: u64,
    },
    /// `kind = "command"`: a program run without a shell; stdout is a number, or JSON read
    /// at `pointer`. Runs only when trusted (`--allow-commands` or the user's `trusted`).
    Command {
        /// Program and arguments.
        argv: Vec<String>,
        /// JSON pointer to the value, if stdout is JSON.
        pointer: Option<String>,
        /// Seconds before the program is killed.
        timeout_s: u64,
    },
    /// `kind = "dora"`: one of DORA's four keys computed from a git repository.
    Dora(crate::sources::dora::Definition),
}

/// How a file source's value is found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceRead {
    /// A CSV column (`column = "value"`).
    Column(String),
    /// A JSON pointer (`pointer = "/data/0/value"`).
    Pointer(String),
}

/// The default `timeout_s` of network and command sources, in seconds.
pub const DEFAULT_TIMEOUT_S: u64 = 10;

impl Source {
    /// The kind's name as written (`file`, `http`, …).
    #[must_use]
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            SourceKind::File { .. } => "file",
            SourceKind::Http { .. } => "http",
            SourceKind::Prometheus { .. } => "prometheus",
            SourceKind::Command { .. } => "command",
            SourceKind::Dora(_) => "dora",
        }
    }

    /// The provenance a check-in from this source carries, split where a dora source's
    /// revision goes: `(head, tail)`, the provenance being `head + "@" + revision + tail`
    /// (or `head + tail` without a revision). Examples:
    /// `file:data/velocity.csv column value`, `http:https://ci.example/api pointer /n`,
    /// `prometheus:http://127.0.0.1:9090 query sum(up)`, `command:["gh","api","x"]`,
    /// `dora:lead-time ../payments-service` + ` tags ^deploy- 28d`. Never a token: only
    /// what the plan says.
    #[must_use]
    pub fn definition(&self) -> (String, String) {
        let pointer = |p: &Option<String>| {
            p.as_ref()
                .map_or_else(String::new, |p| format!(" pointer {p}"))
        };
        match &self.kind {
            SourceKind::File { path, read } => (
                match read {
                    SourceRead::Column(c) => format!("file:{path} column {c}"),
                    SourceRead::Pointer(p) => format!("file:{path} pointer {p}"),
                },
                String::new(),
            ),
            SourceKind::Http {
                url, pointer: p, ..
            } => (format!("http:{url}{}", pointer(p)), String::new()),
            SourceKind::Prometheus { url, query, .. } => {
                (format!("prometheus:{url} query {query}"), String::new())
            }
            SourceKind::Command {
                argv, pointer: p, ..
            } => (
                format!(
                    "command:{}{}",
                    serde_json::to_string(argv).unwrap_or_default(),
                    pointer(p)
                ),
                String::new(),
            ),
            SourceKind::Dora(d) => {
                use crate::sources::dora::{Deploys, Failures, Key};
                let head = match (&d.repo, d.key) {
                    (None, _) | (_, Key::TimeToRestore) => format!("dora:{}", d.key.name()),
                    (Some(repo), _) => format!("dora:{} {repo}", d.key.name()),
                };
                let mut parts: Vec<String> = Vec::new();
                if d.key != Key::TimeToRestore {
                    parts.extend(d.deploys.as_ref().map(|deploys| match deploys {
                        Deploys::Tag(t) => format!("tags {t}"),
                        Deploys::Branch(b) => format!("branch {b}"),
                        Deploys::File(f) => format!("deploys {f}"),
                    }));
                }
                if d.key == Key::ChangeFailureRate {
                    parts.extend(d.failures.as_ref().map(|failures| match failures {
                        Failures::Commit(c) => format!("failures {c}"),
                        Failures::File(f) => format!("failures-file {f}"),
                    }));
                }
                if d.key == Key::TimeToRestore {
                    parts.extend(d.incidents.as_ref().map(|i| format!("incidents {i}")));
                }
                parts.push(format!("{}d", d.window_days));
                let tail = format!(" {}", parts.join(" "));
                (head, tail)
            }
        }
    }

    /// The provenance of a value read at `revision` (a dora source's HEAD, abbreviated).
    #[must_use]
    pub fn provenance(&self, revision: Option<&str>) -> String {
        let (head, tail) = self.definition();
        match revision {
            Some(r) => format!("{head}@{r}{tail}"),
            None => format!("{head}{tail}"),
        }
    }

    /// Whether a check-in's recorded `provenance` came from this very definition (a dora
    /// source's revision, the HEAD it read, is ignored: the same definition measured
    /// twice on one day is one measurement).
    #[must_use]
    pub fn same_definition(&self, provenance: &str) -> bool {
        let (head, tail) = self.definition();
        let Some(middle) = provenance
            .strip_prefix(head.as_str())
            .and_then(|rest| rest.strip_suffix(tail.as_str()))
        else {
            return false;
        };
        middle.is_empty()
            || middle
                .strip_prefix('@')
                .is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_hexdigit()))
    }
}

/// An org unit (`[[team]]`).
#[derive(Debug, Clone)]
pub struct Team {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Index into [`Plan::teams`] of the team it belongs to, if any.
    pub parent: Option<usize>,
    /// Who leads it.
    pub lead: Option<String>,
    /// Where the table stands.
    pub loc: Loc,
}

/// What an objective contributes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Parent {
    /// Index into [`Plan::objectives`].
    Objective(usize),
    /// A key result (it aligns to it; a `progress_from = "children"` one rolls it up).
    KeyResult(KrRef),
}

/// A strategic pillar.
#[derive(Debug, Clone)]
pub struct Pillar {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Owner.
    pub owner: Option<String>,
    /// Indices into [`Plan::metrics`] of the input metrics this pillar drives.
    pub inputs: Vec<usize>,
    /// Where the table stands.
    pub loc: Loc,
}

/// A key result of an objective.
#[derive(Debug, Clone)]
pub struct KeyResult {
    /// Unique id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Unit (free text).
    pub unit: Option<String>,
    /// How it is measured.
    pub measure: Measure,
    /// Weight in the objective's roll-up, > 0.
    pub weight: f64,
    /// Its own `start`, if given.
    pub start: Option<NaiveDate>,
    /// Its own `due`, if given.
    pub due: Option<NaiveDate>,
    /// The days it is paced over: `start` (else its objective's first day) through `due`
    /// (else its objective's last day).
    pub window: Window,
    /// Owners (people or teams), in the order written; empty when none.
    pub owners: Vec<String>,
    /// `measured_by`: the metric or key result whose check-ins it reads instead of its own.
    pub measured_by: Option<Measured>,
    /// Where `northstar measure` reads its value, if anywhere.
    pub source: Option<Source>,
    /// Where the table stands.
    pub loc: Loc,
}

/// An objective of a period.
#[derive(Debug, Clone)]
pub struct Objective {
    /// Unique id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Index into [`Plan::pillars`] (its own, or inherited from its first parent).
    pub pillar: usize,
    /// Indexes into [`Plan::teams`] of its teams (`team`, one or a list), in the order
    /// written; empty when none.
    pub teams: Vec<usize>,
    /// What it contributes to, in the order written.
    pub parents: Vec<Parent>,
    /// Its weight inside each parent's roll-up, > 0.
    pub contribution: f64,
    /// The period it belongs to (`period`, or the older `quarter`).
    pub period: Period,
    /// Owners (people or teams), in the order written; empty when none.
    pub owners: Vec<String>,
    /// Committed or aspirational.
    pub kind: ObjectiveKind,
    /// Weight in pillar and period roll-ups, > 0.
    pub weight: f64,
    /// Its key results.
    pub key_results: Vec<KeyResult>,
    /// Where the table stands.
    pub loc: Loc,
}

/// Points at a key result: `plan.objectives[objective].key_results[key_result]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KrRef {
    /// Index into [`Plan::objectives`].
    pub objective: usize,
    /// Index into that objective's key results.
    pub key_result: usize,
}

/// Something that takes check-ins: the North Star, a metric or a key result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measured {
    /// [`Plan::north_star`] (only ever built for a plan that has one).
    NorthStar,
    /// Index into [`Plan::metrics`].
    Metric(usize),
    /// A key result.
    KeyResult(KrRef),
}

/// Points at one entity of a plan, by index: what [`Plan::entity`] finds for an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityRef {
    /// [`Plan::north_star`].
    NorthStar,
    /// Index into [`Plan::metrics`].
    Metric(usize),
    /// Index into [`Plan::pillars`].
    Pillar(usize),
    /// Index into [`Plan::teams`].
    Team(usize),
    /// Index into [`Plan::objectives`].
    Objective(usize),
    /// A key result.
    KeyResult(KrRef),
    /// Index into [`Plan::initiatives`].
    Initiative(usize),
    /// Index into [`Plan::bets`].
    Bet(usize),
}

/// A project with a period or its own dates.
#[derive(Debug, Clone)]
pub struct Initiative {
    /// Unique id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Index into [`Plan::pillars`], if any.
    pub pillar: Option<usize>,
    /// Its period, when given by label (`None` for `start`/`end` dates).
    pub period: Option<Period>,
    /// Indexes into [`Plan::teams`] of its teams (`team`, one or a list), in the order
    /// written; empty when none.
    pub teams: Vec<usize>,
    /// The days it runs: its period's, or `start` through `end`.
    pub window: Window,
    /// Owner.
    pub owner: Option<String>,
    /// Lifecycle.
    pub status: InitiativeStatus,
    /// Kind of work.
    pub work: WorkKind,
    /// Effort in person-weeks, ≥ 0.
    pub effort_weeks: f64,
    /// Success criteria.
    pub success: Option<String>,
    /// The key results it drives.
    pub drives: Vec<KrRef>,
    /// Where the table stands.
    pub loc: Loc,
}

/// A hypothesis bet.
#[derive(Debug, Clone)]
pub struct Bet {
    /// Unique id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Index into [`Plan::pillars`], if any.
    pub pillar: Option<usize>,
    /// Indexes into [`Plan::teams`] of its teams (`team`, one or a list), in the order
    /// written; empty when none.
    pub teams: Vec<usize>,
    /// The hypothesis.
    pub hypothesis: String,
    /// Risk class.
    pub risk: Risk,
    /// Appetite in person-weeks, > 0.
    pub appetite_weeks: f64,
    /// When it was funded.
    pub start: Option<NaiveDate>,
    /// When it must be decided (always set unless proposed).
    pub decide_by: Option<NaiveDate>,
    /// Success criteria.
    pub success: String,
    /// Kill criteria.
    pub kill: String,
    /// Lifecycle.
    pub status: BetStatus,
    /// What it aims to move.
    pub metric: Option<Measured>,
    /// Owner.
    pub owner: Option<String>,
    /// Decision date (set when decided).
    pub decided: Option<NaiveDate>,
    /// Decision outcome (set when decided).
    pub outcome: Option<String>,
    /// What was learned.
    pub learnings: Option<String>,
    /// Kill criteria as data (`kill_when`).
    pub kill_when: Option<Criterion>,
    /// Success criteria as data (`succeed_when`).
    pub succeed_when: Option<Criterion>,
    /// Where the table stands.
    pub loc: Loc,
}

/// Which side of its bound a criterion wants the value on (strictly).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// Met while the value is > the bound.
    Above(f64),
    /// Met while the value is < the bound.
    Below(f64),
}

/// A bet's kill or success criterion as data (`kill_when`, `succeed_when`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Criterion {
    /// The measure it reads.
    pub measure: Measured,
    /// Where its value must be.
    pub bound: Bound,
    /// Days it must have held (`for_days`); `None`: the latest check-in decides.
    pub for_days: Option<i64>,
}

/// A check-in value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Reading {
    /// A measurement of a numeric or threshold measure.
    Number(f64),
    /// Done (true) or not (false), for a milestone.
    Done(bool),
}

/// One dated measurement.
#[derive(Debug, Clone)]
pub struct CheckIn {
    /// What was measured.
    pub target: Measured,
    /// When.
    pub date: NaiveDate,
    /// The value (its kind always matches the target's measure).
    pub value: Reading,
    /// Confidence of reaching the target, 0–1.
    pub confidence: Option<f64>,
    /// Note.
    pub note: Option<String>,
    /// Who.
    pub by: Option<String>,
    /// Provenance, when `northstar measure` wrote it (`file:data/velocity.csv column value`).
    pub source: Option<String>,
    /// Where the table stands.
    pub loc: Loc,
}

/// A goalpost changed on purpose (`[[change]]`, written by `northstar set --reason`):
/// the goalpost audit shows a move it records as a note, with its reason, instead of the
/// `goalpost-moved` warning.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The objective or key result changed.
    pub id: String,
    /// The key changed, as written in plan files (`target`, `period`, ...; `quarter` and
    /// `period` both read `quarter`, as the goalpost audit names an objective's period).
    pub field: String,
    /// The value before.
    pub from: ChangeValue,
    /// The value after.
    pub to: ChangeValue,
    /// When.
    pub date: NaiveDate,
    /// Who.
    pub by: Option<String>,
    /// Why.
    pub reason: String,
    /// Where the table stands.
    pub loc: Loc,
}

/// A goalpost value recorded in a `[[change]]`.
#[derive(Debug, Clone, PartialEq)]
pub enum ChangeValue {
    /// A baseline, target, limit or weight.
    Number(f64),
    /// A period label, or `tbd`.
    Text(String),
}

impl std::fmt::Display for ChangeValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChangeValue::Number(n) => f.write_str(&crate::text::number(*n)),
            ChangeValue::Text(t) => f.write_str(t),
        }
    }
}

/// Target bet mix by funded appetite: 0–1 shares per risk class and an absolute tolerance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PortfolioTarget {
    /// Core share (default 0.7).
    pub core: f64,
    /// Adjacent share (default 0.2).
    pub adjacent: f64,
    /// Transformational share (default 0.1).
    pub transformational: f64,
    /// Allowed absolute deviation per class (default 0.1).
    pub tolerance: f64,
}

impl PortfolioTarget {
    /// The target share of `risk`.
    #[must_use]
    pub fn share(&self, risk: Risk) -> f64 {
        match risk {
            Risk::Core => self.core,
            Risk::Adjacent => self.adjacent,
            Risk::Transformational => self.transformational,
        }
    }
}

impl Default for PortfolioTarget {
    fn default() -> Self {
        Self {
            core: 0.7,
            adjacent: 0.2,
            transformational: 0.1,
            tolerance: 0.1,
        }
    }
}

/// Target share of initiative effort per work kind (0–1 each; kinds left out have no target).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CapacityTarget {
    /// Feature share.
    pub feature: Option<f64>,
    /// Technical debt share.
    pub debt: Option<f64>,
    /// Security share.
    pub security: Option<f64>,
    /// Maintenance share.
    pub maintenance: Option<f64>,
    /// Allowed absolute deviation per kind (default 0.05).
    pub tolerance: f64,
}

impl CapacityTarget {
    /// The target share of `work`, if one is set.
    #[must_use]
    pub fn share(&self, work: WorkKind) -> Option<f64> {
        match work {
            WorkKind::Feature => self.feature,
            WorkKind::Debt => self.debt,
            WorkKind::Security => self.security,
            WorkKind::Maintenance => self.maintenance,
        }
    }
}

/// A validated plan: the union of all its files.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Display name.
    pub name: String,
    /// Days without a check-in after which a KR or metric is stale.
    pub stale_after_days: i64,
    /// Whether progress may exceed 1.0.
    pub overshoot: bool,
    /// Fiscal year, cadence and cycles: how period labels resolve.
    pub calendar: Calendar,
    /// Whether child objectives count in their parents' progress (`children_in_rollup`).
    pub children_in_rollup: bool,
    /// Target bet mix.
    pub portfolio: PortfolioTarget,
    /// Target capacity allocation, if set.
    pub capacity: Option<CapacityTarget>,
    /// The North Star metric, when the plan has one (a plan without one is valid, with a
    /// `missing-north-star` warning).
    pub north_star: Option<Metric>,
    /// Input and health metrics.
    pub metrics: Vec<Metric>,
    /// Strategic pillars.
    pub pillars: Vec<Pillar>,
    /// Org units.
    pub teams: Vec<Team>,
    /// Objectives of all periods, with their key results.
    pub objectives: Vec<Objective>,
    /// Initiatives of all periods.
    pub initiatives: Vec<Initiative>,
    /// All bets.
    pub bets: Vec<Bet>,
    /// All check-ins, in file order.
    pub checkins: Vec<CheckIn>,
    /// Goalpost changes recorded with a reason (`[[change]]`), in file order.
    pub changes: Vec<Change>,
    /// Where `[plan]` stands.
    pub loc: Loc,
}

/// Who is under whom among some objectives of a plan (see [`Plan::children`]).
#[derive(Debug, Clone, Default)]
pub struct Children {
    /// For each objective (by index), the objectives naming it as parent, in plan order.
    pub of_objective: Vec<Vec<usize>>,
    /// For each key result named as a parent, the objectives naming it, in plan order.
    pub of_key_result: std::collections::HashMap<KrRef, Vec<usize>>,
}

impl Plan {
    /// Every entity of the plan with its id, in plan order: the North Star, metrics,
    /// pillars, teams, each objective followed by its key results, initiatives, bets.
    /// Validation makes the ids unique (`duplicate-id`). Cycles share the namespace but are
    /// period labels, not entities, and are not listed.
    pub fn entities(&self) -> impl Iterator<Item = (&str, EntityRef)> {
        let north_star = self
            .north_star
            .iter()
            .map(|n| (n.id.as_str(), EntityRef::NorthStar));
        let metrics = self.metrics.iter().enumerate();
        let pillars = self.pillars.iter().enumerate();
        let teams = self.teams.iter().enumerate();
        let objectives = self.objectives.iter().enumerate().flat_map(|(i, o)| {
            let key_results = o.key_results.iter().enumerate().map(move |(k, kr)| {
                let r = KrRef {
                    objective: i,
                    key_result: k,
                };
                (kr.id.as_str(), EntityRef::KeyResult(r))
            });
            std::iter::once((o.id.as_str(), EntityRef::Objective(i))).chain(key_results)
        });
        let initiatives = self.initiatives.iter().enumerate();
        let bets = self.bets.iter().enumerate();
        north_star
            .chain(metrics.map(|(i, m)| (m.id.as_str(), EntityRef::Metric(i))))
            .chain(pillars.map(|(i, p)| (p.id.as_str(), EntityRef::Pillar(i))))
            .chain(teams.map(|(i, t)| (t.id.as_str(), EntityRef::Team(i))))
            .chain(objectives)
            .chain(initiatives.map(|(i, x)| (x.id.as_str(), EntityRef::Initiative(i))))
            .chain(bets.map(|(i, b)| (b.id.as_str(), EntityRef::Bet(i))))
    }

    /// Every entity id of the plan, in the order of [`Plan::entities`].
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.entities().map(|(id, _)| id)
    }

    /// The ids of every measure that takes check-ins (the North Star, the metrics, then the
    /// key results), in plan order.
    pub fn measure_ids(&self) -> impl Iterator<Item = &str> {
        self.entities()
            .filter(|(_, e)| {
                matches!(
                    e,
                    EntityRef::NorthStar | EntityRef::Metric(_) | EntityRef::KeyResult(_)
                )
            })
            .map(|(id, _)| id)
    }

    /// The entity with `id`, if the plan has one.
    #[must_use]
    pub fn entity(&self, id: &str) -> Option<EntityRef> {
        self.entities().find(|(e, _)| *e == id).map(|(_, r)| r)
    }

    /// The measure whose check-ins `m` reads: the series a key result is `measured_by`,
    /// else `m` itself.
    #[must_use]
    pub fn series_of(&self, m: Measured) -> Measured {
        match m {
            Measured::KeyResult(r) => self.key_result(r).measured_by.unwrap_or(m),
            _ => m,
        }
    }

    /// The children of every objective and key result among the objectives `shown`
    /// (indexed like [`Plan::objectives`]): the one reading of `parent`/`parents` that the
    /// roll-up and the tree share.
    #[must_use]
    pub fn children(&self, shown: &[bool]) -> Children {
        let mut out = Children {
            of_objective: vec![Vec::new(); self.objectives.len()],
            of_key_result: std::collections::HashMap::new(),
        };
        for (c, o) in self
            .objectives
            .iter()
            .enumerate()
            .filter(|(c, _)| shown[*c])
        {
            for p in &o.parents {
                match *p {
                    Parent::Objective(j) => out.of_objective[j].push(c),
                    Parent::KeyResult(r) => out.of_key_result.entry(r).or_default().push(c),
                }
            }
        }
        out
    }

    /// The key result `r` points at.
    #[must_use]
    pub fn key_result(&self, r: KrRef) -> &KeyResult {
        &self.objectives[r.objective].key_results[r.key_result]
    }

    /// The metric `m` points at, for the North Star and metrics; `None` for a key result
    /// (and for [`Measured::NorthStar`] in a plan without one, which validation never builds).
    #[must_use]
    pub fn metric(&self, m: Measured) -> Option<&Metric> {
        match m {
            Measured::NorthStar => self.north_star.as_ref(),
            Measured::Metric(i) => Some(&self.metrics[i]),
            Measured::KeyResult(_) => None,
        }
    }

    /// The id of what `m` points at (empty for [`Measured::NorthStar`] in a plan without
    /// one, which validation never builds).
    #[must_use]
    pub fn measured_id(&self, m: Measured) -> &str {
        match m {
            Measured::NorthStar => self.north_star.as_ref().map_or("", |n| n.id.as_str()),
            Measured::Metric(i) => &self.metrics[i].id,
            Measured::KeyResult(r) => &self.key_result(r).id,
        }
    }

    /// The `source` of the measure (North Star, metric or key result) with `id`, if it has
    /// one.
    #[must_use]
    pub fn source_of(&self, id: &str) -> Option<&Source> {
        let north_star = self.north_star.iter().filter(|n| n.id == id);
        let metrics = self.metrics.iter().filter(|m| m.id == id);
        north_star
            .chain(metrics)
            .find_map(|m| m.source.as_ref())
            .or_else(|| {
                self.objectives
                    .iter()
                    .flat_map(|o| &o.key_results)
                    .filter(|k| k.id == id)
                    .find_map(|k| k.source.as_ref())
            })
    }

    /// The declared unit of the measure `m`, if any.
    #[must_use]
    pub fn measured_unit(&self, m: Measured) -> Option<&str> {
        match m {
            Measured::NorthStar => self.north_star.as_ref().and_then(|n| n.unit.as_deref()),
            Measured::Metric(i) => self.metrics[i].unit.as_deref(),
            Measured::KeyResult(r) => self.key_result(r).unit.as_deref(),
        }
    }

    /// The index into [`Plan::teams`] of the team with `id`.
    #[must_use]
    pub fn team_index(&self, id: &str) -> Option<usize> {
        self.teams.iter().position(|t| t.id == id)
    }

    /// Team `t` and every team under it through `parent` (its sub-teams, theirs, and so
    /// on), as indices into [`Plan::teams`] in plan order. Validation rules out cycles; the
    /// walk up from each team is bounded by the number of teams anyway.
    #[must_use]
    pub fn team_and_subteams(&self, t: usize) -> Vec<usize> {
        (0..self.teams.len())
            .filter(|&u| {
                let mut at = Some(u);
                for _ in 0..=self.teams.len() {
                    match at {
                        Some(a) if a == t => return true,
                        Some(a) => at = self.teams[a].parent,
                        None => return false,
                    }
                }
                false
            })
            .collect()
    }

    /// The measure of what `m` points at ([`Measure::Untargeted`] for
    /// [`Measured::NorthStar`] in a plan without one, which validation never builds).
    #[must_use]
    pub fn measure(&self, m: Measured) -> Measure {
        match m {
            Measured::NorthStar => self
                .north_star
                .as_ref()
                .map_or(Measure::Untargeted { baseline: None }, |n| n.measure),
            Measured::Metric(i) => self.metrics[i].measure,
            Measured::KeyResult(r) => self.key_result(r).measure,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The org example: a North Star, metrics, pillars, teams, objectives with key results,
    /// initiatives and bets across several files.
    pub(crate) fn org() -> Plan {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/org/northstar.toml");
        let loaded = crate::plan::load(&path, &crate::plan::origin::Origin::WorkingTree).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let mut diagnostics = Vec::new();
        crate::plan::validate(&loaded, today, &mut diagnostics)
            .unwrap_or_else(|| panic!("the example is valid: {diagnostics:?}"))
    }

    /// The id of the entity `e` points at, read back through the plan's own fields.
    fn id_of(plan: &Plan, e: EntityRef) -> &str {
        match e {
            EntityRef::NorthStar => &plan.north_star.as_ref().unwrap().id,
            EntityRef::Metric(i) => &plan.metrics[i].id,
            EntityRef::Pillar(i) => &plan.pillars[i].id,
            EntityRef::Team(i) => &plan.teams[i].id,
            EntityRef::Objective(i) => &plan.objectives[i].id,
            EntityRef::KeyResult(r) => &plan.key_result(r).id,
            EntityRef::Initiative(i) => &plan.initiatives[i].id,
            EntityRef::Bet(i) => &plan.bets[i].id,
        }
    }

    #[test]
    fn every_entity_is_listed_once_in_plan_order_and_found_by_its_id() {
        let plan = org();
        let key_results: usize = plan.objectives.iter().map(|o| o.key_results.len()).sum();
        let count = 1
            + plan.metrics.len()
            + plan.pillars.len()
            + plan.teams.len()
            + plan.objectives.len()
            + key_results
            + plan.initiatives.len()
            + plan.bets.len();
        assert!(plan.north_star.is_some() && !plan.teams.is_empty() && !plan.bets.is_empty());
        assert_eq!(plan.entities().count(), count);
        let ids: Vec<&str> = plan.ids().collect();
        assert_eq!(ids.len(), count);
        assert_eq!(ids[0], plan.north_star.as_ref().unwrap().id);
        assert_eq!(ids[count - 1], plan.bets.last().unwrap().id);
        // Each objective is followed by its own key results.
        let o = &plan.objectives[0];
        let at = ids.iter().position(|i| *i == o.id).unwrap();
        let krs: Vec<&str> = o.key_results.iter().map(|k| k.id.as_str()).collect();
        assert_eq!(ids[at + 1..=at + krs.len()], krs[..]);
        for (id, e) in plan.entities() {
            assert_eq!(id_of(&plan, e), id);
            assert_eq!(plan.entity(id), Some(e), "{id}");
        }
        assert_eq!(plan.entity("no-such-id"), None);
    }
}
