//! The raw plan file: a serde mirror of the TOML, one struct per table, spans kept,
//! unknown keys rejected. Nothing here is checked beyond TOML types: every field is optional
//! so that validation can report *all* missing fields at once, with the table's location.
//!
//! The file format is documented in docs/plan-file.md ("The plan file"); this module is its source
//! of truth. The values that need their own reading (spans, dates, owners, id lists, a
//! key result's `"tbd"` target) are in `values`.

mod held;
mod values;

use std::borrow::Cow;
use std::ops::Range;

use schemars::{JsonSchema, Schema};
use serde::Deserialize;

pub use self::held::HeldCheckin;
use self::values::shift;
pub use self::values::{
    ChangeValue, CheckinValue, Datetime, Ids, Owners, RawTarget, Spanned, TARGET_EXPECTED,
};
use super::model::{
    BetStatus, EntityKind, InitiativeStatus, MetricRole, ObjectiveKind, Risk, WorkKind,
};
use crate::time::period::{Cadence, FiscalNaming};

/// One TOML file of the plan. Any file may hold any section, except that `[plan]`
/// belongs to the main file only.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// `[plan]`: plan-wide settings (main file only).
    pub plan: Option<Spanned<RawPlanSection>>,
    /// `[north_star]`: at most one across the plan (a warning when there is none).
    pub north_star: Option<Spanned<RawNorthStar>>,
    /// `[[team]]`: org units (teams, departments), named by id.
    #[serde(default)]
    pub team: Vec<Spanned<RawTeam>>,
    /// `[[cycle]]`: custom periods (six-week cycles, a three-year roadmap), named by id.
    #[serde(default)]
    pub cycle: Vec<Spanned<RawCycle>>,
    /// `[[metric]]`: input metrics and health guardrails.
    #[serde(default)]
    pub metric: Vec<Spanned<RawMetric>>,
    /// `[[pillar]]`: strategic pillars (2–4 expected).
    #[serde(default)]
    pub pillar: Vec<Spanned<RawPillar>>,
    /// `[[objective]]` with nested `[[objective.key_result]]`.
    #[serde(default)]
    pub objective: Vec<Spanned<RawObjective>>,
    /// `[[initiative]]`: projects, including technical debt and security work.
    #[serde(default)]
    pub initiative: Vec<Spanned<RawInitiative>>,
    /// `[[bet]]`: the portfolio of hypothesis bets.
    #[serde(default)]
    pub bet: Vec<Spanned<RawBet>>,
    /// `[[checkin]]`: dated measurements of key results, metrics and the North Star.
    #[serde(default)]
    pub checkin: Vec<Spanned<RawCheckin>>,
    /// `[[change]]`: goalpost changes recorded by `northstar set --reason`.
    #[serde(default)]
    pub change: Vec<Spanned<RawChange>>,
    /// Further `[[checkin]]` tables, after those of `checkin`, when a large file was parsed
    /// in chunks (`load`): one array per chunk, in file order, so that a long check-in log
    /// is never copied into one array, each check-in held compactly until validation
    /// ([`HeldCheckin`]). Not a key of the file.
    #[serde(skip)]
    pub checkin_chunks: Vec<Vec<HeldCheckin>>,
}

impl RawFile {
    /// Every `[[checkin]]` of the file, in file order (`checkin`, then `checkin_chunks`),
    /// exactly as read.
    pub fn checkins(&self) -> impl Iterator<Item = Cow<'_, Spanned<RawCheckin>>> {
        self.checkin
            .iter()
            .map(Cow::Borrowed)
            .chain(self.checkin_chunks.iter().flatten().map(HeldCheckin::raw))
    }

    /// The byte range of every `[[checkin]]` of the file, in file order.
    pub fn checkin_spans(&self) -> impl DoubleEndedIterator<Item = Range<usize>> {
        self.checkin
            .iter()
            .map(Spanned::span)
            .chain(self.checkin_chunks.iter().flatten().map(HeldCheckin::span))
    }

    /// How many `[[checkin]]` tables the file has.
    #[must_use]
    pub fn checkin_count(&self) -> usize {
        self.checkin.len() + self.checkin_chunks.iter().map(Vec::len).sum::<usize>()
    }

    /// Takes every `[[checkin]]` out of the file: arrays in file order.
    pub fn take_checkins(&mut self) -> Vec<Vec<HeldCheckin>> {
        let mut parts = vec![HeldCheckin::hold(std::mem::take(&mut self.checkin))];
        parts.append(&mut self.checkin_chunks);
        parts
    }
}

/// The top-level section names a file may hold, for did-you-mean on unknown ones.
pub const SECTIONS: &[&str] = &[
    "plan",
    "north_star",
    "team",
    "cycle",
    "metric",
    "pillar",
    "objective",
    "initiative",
    "bet",
    "checkin",
    "change",
];

/// `[plan]`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPlanSection {
    /// Display name of the plan.
    pub name: Option<Spanned<String>>,
    /// Globs, relative to the main file, of further plan files. They stay under the main
    /// file's directory: no absolute paths, no `..`, no symbolic links leading out.
    pub include: Option<Vec<Spanned<String>>>,
    /// The check-in log, relative to the main file: where `northstar checkin` appends.
    /// It is part of the plan even when no include names it (and may not exist yet). It
    /// may be shared by several plans of one repository (`../shared/checkins.toml`), but
    /// stays inside the planning repository.
    pub checkin_log: Option<Spanned<String>>,
    /// Days without a check-in after which a KR or metric is stale (default 14).
    pub stale_after_days: Option<Spanned<i64>>,
    /// When true, KR and metric progress may exceed 1.0 (default false).
    pub overshoot: Option<bool>,
    /// `MM-DD` the fiscal year starts on, day 01–28 (default `"01-01"`, the calendar year).
    /// Setting it makes the default period of reports fiscal.
    pub fiscal_year_start: Option<Spanned<String>>,
    /// `end` (default: FY24 is the fiscal year that ends in 2024) or `start` (FY24 starts
    /// in 2024).
    pub fiscal_year_named_by: Option<FiscalNaming>,
    /// The default period of reports: `quarter` (default), `half` or `year`.
    pub cadence: Option<Cadence>,
    /// Whether an objective's child objectives count in its progress beside its key
    /// results (default true); false keeps them as alignment only.
    pub children_in_rollup: Option<bool>,
    /// `[plan.portfolio]`: target bet mix by appetite.
    pub portfolio: Option<Spanned<RawPortfolio>>,
    /// `[plan.capacity]`: target share of initiative effort by work kind.
    pub capacity: Option<Spanned<RawCapacity>>,
}

/// `[plan.portfolio]`: target shares (0–1 fractions) of funded appetite per risk class.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPortfolio {
    /// Share for core bets (default 0.7).
    pub core: Option<Spanned<f64>>,
    /// Share for adjacent bets (default 0.2).
    pub adjacent: Option<Spanned<f64>>,
    /// Share for transformational bets (default 0.1).
    pub transformational: Option<Spanned<f64>>,
    /// Allowed absolute deviation from each share (default 0.1).
    pub tolerance: Option<Spanned<f64>>,
}

/// `[plan.capacity]`: target shares (0–1 fractions) of initiative effort per work kind.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCapacity {
    /// Share for feature work.
    pub feature: Option<Spanned<f64>>,
    /// Share for technical debt.
    pub debt: Option<Spanned<f64>>,
    /// Share for security work.
    pub security: Option<Spanned<f64>>,
    /// Share for maintenance.
    pub maintenance: Option<Spanned<f64>>,
    /// Allowed absolute deviation from each share (default 0.05).
    pub tolerance: Option<Spanned<f64>>,
}

/// `[north_star]`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNorthStar {
    /// Required id.
    pub id: Option<Spanned<String>>,
    /// Required display name.
    pub name: Option<Spanned<String>>,
    /// Unit of the value (free text, e.g. `teams`).
    pub unit: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Starting value (required with `target`).
    pub baseline: Option<Spanned<f64>>,
    /// Target value (needs `baseline`); without one the North Star is tracked, not rated.
    pub target: Option<Spanned<f64>>,
    /// Date by which the target should be reached.
    pub due: Option<Spanned<Datetime>>,
    /// `[north_star.source]`: where `northstar measure` reads its value.
    pub source: Option<Box<Spanned<RawSource>>>,
}

/// A `source` table: where `northstar measure` reads a measure's value. `kind` decides
/// which of the other keys belong (validation refuses a key of another kind).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// Required: `file`, `http`, `prometheus`, `command` or `dora`.
    pub kind: Option<Spanned<String>>,
    /// `file`, required: the file, relative to the plan file that defines the source; it
    /// stays inside the planning repository.
    pub path: Option<Spanned<String>>,
    /// `file`: a CSV file's column holding the value (the row dated the measurement date
    /// when the CSV has a `date` column, else the last row). Exactly one of `column` and
    /// `pointer`.
    pub column: Option<Spanned<String>>,
    /// `file`, `http`, `command`: a JSON pointer (RFC 6901) to the value, e.g.
    /// `/data/0/value`; a numeric string counts as a number. Without it, `http` and
    /// `command` read the whole body as a number.
    pub pointer: Option<Spanned<String>>,
    /// `http`, `prometheus`, required: the URL (`http://` or `https://`, no credentials in
    /// it; `prometheus`: the server's base URL).
    pub url: Option<Spanned<String>>,
    /// `http`: the environment variable holding a bearer token, sent as
    /// `Authorization: Bearer …` only when the plan is trusted (`--allow-credentials` or the
    /// configuration's `trusted`), the URL is `https://` and a `[[credential]]` of the user
    /// configuration lists the variable with the URL's host; the token never reaches a file
    /// or the output.
    pub auth_env: Option<Spanned<String>>,
    /// `prometheus`, required: a `PromQL` instant query returning one series or a scalar.
    pub query: Option<Spanned<String>>,
    /// `command`, required: the program and its arguments (no shell).
    pub argv: Option<Spanned<Vec<String>>>,
    /// `http`, `prometheus`, `command`: seconds before giving up (default 10).
    pub timeout_s: Option<Spanned<i64>>,
    /// `dora`, required: `deployment-frequency`, `lead-time`, `change-failure-rate` or
    /// `time-to-restore`.
    pub measure: Option<Spanned<String>>,
    /// `dora`: the git repository, relative to the plan file (required except for
    /// `time-to-restore`).
    pub repo: Option<Spanned<String>>,
    /// `dora`: what counts as a deploy, `{ tag = "^deploy-" }`, `{ branch = "main" }` or
    /// `{ file = "deploys.csv" }` (required except for `time-to-restore`).
    pub deploys: Option<Spanned<RawDeploys>>,
    /// `dora`, `change-failure-rate`: `{ commit = "^(Revert|hotfix)" }` or
    /// `{ file = "failed.csv" }`.
    pub failures: Option<Spanned<RawFailures>>,
    /// `dora`, `time-to-restore`: a CSV with `started,resolved` columns (RFC 3339).
    pub incidents: Option<Spanned<String>>,
    /// `dora`: the trailing window in calendar days ending on the measurement date
    /// (default 28).
    pub window_days: Option<Spanned<i64>>,
}

/// A dora source's `deploys`: exactly one key.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDeploys {
    /// A regular expression over tag names.
    pub tag: Option<Spanned<String>>,
    /// A branch whose first-parent merges are deploys.
    pub branch: Option<Spanned<String>>,
    /// A CSV with `time,commit` columns, relative to the plan file.
    pub file: Option<Spanned<String>>,
}

/// A dora source's `failures`: exactly one key.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFailures {
    /// A regular expression over commit subjects.
    pub commit: Option<Spanned<String>>,
    /// A CSV whose `deploy` column lists failed deploys (tag or commit).
    pub file: Option<Spanned<String>>,
}

/// `[[team]]`: an org unit.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTeam {
    /// Required id (shares the plan's namespace).
    pub id: Option<Spanned<String>>,
    /// Required display name.
    pub name: Option<Spanned<String>>,
    /// The team it belongs to (another `[[team]]` id).
    pub parent: Option<Spanned<String>>,
    /// Who leads it.
    pub lead: Option<String>,
}

/// How a key result gets its progress other than from its own check-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ProgressFrom {
    /// The weighted mean (by `contribution`) of the objectives that name it as parent.
    Children,
}

/// `[[cycle]]`: a custom period, named by its id wherever a period label goes.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCycle {
    /// Required id (shares the plan's namespace; may not read as a period label).
    pub id: Option<Spanned<String>>,
    /// Required display name.
    pub name: Option<Spanned<String>>,
    /// Required first day.
    pub start: Option<Spanned<Datetime>>,
    /// Required last day, included; on or after `start`.
    pub end: Option<Spanned<Datetime>>,
}

/// `[[metric]]`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMetric {
    /// Required id.
    pub id: Option<Spanned<String>>,
    /// Required display name.
    pub name: Option<Spanned<String>>,
    /// `input` (default) or `health`.
    pub role: Option<Spanned<MetricRole>>,
    /// Unit (free text).
    pub unit: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// Starting value (required with `target`).
    pub baseline: Option<Spanned<f64>>,
    /// Target value (needs `baseline`); a metric with neither a target nor a threshold is
    /// tracked without a goal.
    pub target: Option<Spanned<f64>>,
    /// Threshold: the value must stay at or below this.
    pub keep_below: Option<Spanned<f64>>,
    /// Threshold: the value must stay at or above this.
    pub keep_above: Option<Spanned<f64>>,
    /// Optional date by which the target should be reached (enables a pace).
    pub due: Option<Spanned<Datetime>>,
    /// `[metric.source]`: where `northstar measure` reads its value.
    pub source: Option<Box<Spanned<RawSource>>>,
}

/// `[[pillar]]`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPillar {
    /// Required id.
    pub id: Option<Spanned<String>>,
    /// Required display name.
    pub name: Option<Spanned<String>>,
    /// Who owns the pillar.
    pub owner: Option<String>,
    /// Ids of the input metrics this pillar drives.
    pub inputs: Option<Vec<Spanned<String>>>,
}

/// `[[objective]]`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawObjective {
    /// Required id.
    pub id: Option<Spanned<String>>,
    /// Required title.
    pub title: Option<Spanned<String>>,
    /// Pillar id; required unless the objective has a parent, whose pillar it inherits.
    pub pillar: Option<Spanned<String>>,
    /// The team it belongs to, or the teams it is shared by (a list).
    pub team: Option<Ids>,
    /// The objective, or key result, it contributes to.
    pub parent: Option<Spanned<String>>,
    /// Several parents (not with `parent`).
    pub parents: Option<Vec<Spanned<String>>>,
    /// Its weight inside each parent's roll-up, > 0 (default 1).
    pub contribution: Option<Spanned<f64>>,
    /// Required (or `quarter`): the period label (`2026-Q4`, `FY27-H1`, `2026`, a cycle id).
    pub period: Option<Spanned<String>>,
    /// The older name of `period`, still accepted (not both).
    pub quarter: Option<Spanned<String>>,
    /// Owner: a name or a list (a warning when missing).
    pub owner: Option<Owners>,
    /// `committed` (default) or `aspirational`.
    pub kind: Option<ObjectiveKind>,
    /// Weight in pillar and period roll-ups, > 0 (default 1).
    pub weight: Option<Spanned<f64>>,
    /// `[[objective.key_result]]`.
    #[serde(default)]
    pub key_result: Vec<Spanned<RawKeyResult>>,
}

/// `[[objective.key_result]]`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawKeyResult {
    // The rarer keys are boxed: a plan holds thousands of key results, each parsed here
    // before it is validated (464 bytes each with them all inline, 288 boxed).
    /// Required id.
    pub id: Option<Spanned<String>>,
    /// Required title.
    pub title: Option<Spanned<String>>,
    /// Unit (free text).
    pub unit: Option<String>,
    /// Starting value of a numeric KR (optional for a draft).
    pub baseline: Option<Spanned<f64>>,
    /// Target value of a numeric KR, or `"tbd"` for a draft.
    pub target: Option<Spanned<RawTarget>>,
    /// Weight in the objective's roll-up, > 0 (default 1).
    pub weight: Option<Spanned<f64>>,
    /// `true` for a done / not-done KR.
    pub milestone: Option<Box<Spanned<bool>>>,
    /// Threshold KR: met while the value is at or below this.
    pub keep_below: Option<Box<Spanned<f64>>>,
    /// Threshold KR: met while the value is at or above this.
    pub keep_above: Option<Box<Spanned<f64>>>,
    /// First day of the key result's own window (default: its objective's first day).
    pub start: Option<Box<Spanned<Datetime>>>,
    /// Last day of the key result's own window (default: its objective's last day).
    pub due: Option<Box<Spanned<Datetime>>>,
    /// Owner: a name or a list.
    pub owner: Option<Owners>,
    /// `"children"`: progress is the weighted mean of the objectives naming it as parent.
    pub progress_from: Option<Box<Spanned<ProgressFrom>>>,
    /// A metric or key result whose check-ins this key result reads.
    pub measured_by: Option<Box<Spanned<String>>>,
    /// `[objective.key_result.source]`: where `northstar measure` reads a numeric key
    /// result's value.
    pub source: Option<Box<Spanned<RawSource>>>,
}

/// `[[initiative]]`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawInitiative {
    /// Required id.
    pub id: Option<Spanned<String>>,
    /// Required title.
    pub title: Option<Spanned<String>>,
    /// Pillar id.
    pub pillar: Option<Spanned<String>>,
    /// The period label; required unless `start` and `end` are given.
    pub period: Option<Spanned<String>>,
    /// The older name of `period`, still accepted (not both).
    pub quarter: Option<Spanned<String>>,
    /// First day, with `end`, instead of a period.
    pub start: Option<Spanned<Datetime>>,
    /// Last day (included), with `start`, instead of a period.
    pub end: Option<Spanned<Datetime>>,
    /// The team it belongs to, or the teams it is shared by (a list).
    pub team: Option<Ids>,
    /// Owner.
    pub owner: Option<String>,
    /// `planned` (default), `active`, `done` or `dropped`.
    pub status: Option<InitiativeStatus>,
    /// `feature` (default), `debt`, `security` or `maintenance`.
    pub work: Option<WorkKind>,
    /// Effort in person-weeks, ≥ 0 (default 0).
    pub effort_weeks: Option<Spanned<f64>>,
    /// Success criteria, free text.
    pub success: Option<String>,
    /// Ids of the key results this initiative drives.
    pub drives: Option<Vec<Spanned<String>>>,
}

/// `[[bet]]`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBet {
    /// Required id.
    pub id: Option<Spanned<String>>,
    /// Required title.
    pub title: Option<Spanned<String>>,
    /// Pillar id.
    pub pillar: Option<Spanned<String>>,
    /// Required hypothesis ("If ..., then ..., because ...").
    pub hypothesis: Option<Spanned<String>>,
    /// Required risk class.
    pub risk: Option<Spanned<Risk>>,
    /// Required appetite in person-weeks, > 0.
    pub appetite_weeks: Option<Spanned<f64>>,
    /// When the bet was funded.
    pub start: Option<Spanned<Datetime>>,
    /// When it must be decided (required unless proposed).
    pub decide_by: Option<Spanned<Datetime>>,
    /// Required success criteria.
    pub success: Option<Spanned<String>>,
    /// Required kill criteria.
    pub kill: Option<Spanned<String>>,
    /// `proposed` (default), `running`, `validated`, `invalidated` or `killed`.
    pub status: Option<Spanned<BetStatus>>,
    /// Id of a key result, metric or the North Star the bet aims to move.
    pub metric: Option<Spanned<String>>,
    /// The team it belongs to, or the teams it is shared by (a list).
    pub team: Option<Ids>,
    /// Owner.
    pub owner: Option<String>,
    /// Decision date (required once decided).
    pub decided: Option<Spanned<Datetime>>,
    /// Decision outcome (required once decided).
    pub outcome: Option<Spanned<String>>,
    /// What was learned, free text.
    pub learnings: Option<String>,
    /// The kill criteria as data: `{ metric = "mttr", above = 60, for_days = 14 }`.
    pub kill_when: Option<Spanned<RawCriterion>>,
    /// The success criteria as data: `{ metric = "mttr", below = 30 }`.
    pub succeed_when: Option<Spanned<RawCriterion>>,
}

/// A bet's criterion as data: a measure's value strictly above or below a bound, for at
/// least `for_days` days.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCriterion {
    /// Required id of a metric, key result or the North Star (numbers, not a milestone).
    pub metric: Option<Spanned<String>>,
    /// Met while the value is strictly above this (not with `below`).
    pub above: Option<Spanned<f64>>,
    /// Met while the value is strictly below this (not with `above`).
    pub below: Option<Spanned<f64>>,
    /// Days it must have held: the latest check-in on or before the as-of date minus this
    /// many days, and every later one, meet it (default: the latest check-in decides).
    pub for_days: Option<Spanned<i64>>,
}

/// `[[checkin]]`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCheckin {
    /// Required id of a key result, metric or the North Star.
    pub metric: Option<Spanned<String>>,
    /// Required date of the measurement.
    pub date: Option<Spanned<Datetime>>,
    /// Required value: a number, or true/false for a milestone KR.
    pub value: Option<Spanned<CheckinValue>>,
    /// Confidence of reaching the target, 0–1.
    pub confidence: Option<Spanned<f64>>,
    /// Free-text note.
    pub note: Option<String>,
    /// Who checked in.
    pub by: Option<String>,
    /// Where the value came from, written by `northstar measure`
    /// (`file:data/velocity.csv column value`).
    pub source: Option<String>,
}

impl RawCheckin {
    /// The same check-in read `by` bytes further into its file, every span moved (a
    /// chunk's check-in made the file's).
    #[must_use]
    pub fn shifted(self, by: usize) -> Self {
        let RawCheckin {
            metric,
            date,
            value,
            confidence,
            note,
            by: who,
            source,
        } = self;
        RawCheckin {
            metric: shift(metric, by),
            date: shift(date, by),
            value: shift(value, by),
            confidence: shift(confidence, by),
            note,
            by: who,
            source,
        }
    }
}

/// `[[change]]`: a goalpost moved on purpose, with its reason, appended to the check-in
/// log by `northstar set` (append-only, like check-ins).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawChange {
    /// The objective or key result whose goal changed.
    pub id: Option<Spanned<String>>,
    /// The key changed: `baseline`, `target`, `keep_below`, `keep_above`, `weight`
    /// (a key result); `period` or `quarter` (an objective).
    pub field: Option<Spanned<String>>,
    /// The value before.
    pub from: Option<Spanned<ChangeValue>>,
    /// The value after.
    pub to: Option<Spanned<ChangeValue>>,
    /// When it was changed.
    pub date: Option<Spanned<Datetime>>,
    /// Who changed it.
    pub by: Option<String>,
    /// Why.
    pub reason: Option<Spanned<String>>,
}

impl RawChange {
    /// The same change read `by` bytes further into its file, every span moved.
    #[must_use]
    pub fn shifted(self, by: usize) -> Self {
        let RawChange {
            id,
            field,
            from,
            to,
            date,
            by: who,
            reason,
        } = self;
        RawChange {
            id: shift(id, by),
            field: shift(field, by),
            from: shift(from, by),
            to: shift(to, by),
            date: shift(date, by),
            by: who,
            reason: shift(reason, by),
        }
    }
}

/// Every key the table of entities of `kind` takes, sorted: the properties of the JSON
/// Schema of its raw struct, the very struct the loader deserializes with unknown keys
/// rejected, so the list cannot drift from what a plan file may say.
#[must_use]
pub fn table_keys(kind: EntityKind) -> Vec<String> {
    fn of<T: JsonSchema>() -> Vec<String> {
        let schema = schemars::generate::SchemaSettings::draft07()
            .into_generator()
            .into_root_schema_for::<T>();
        let mut keys: Vec<String> = schema
            .get("properties")
            .and_then(serde_json::Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        keys.sort();
        keys
    }
    match kind {
        EntityKind::NorthStar => of::<RawNorthStar>(),
        EntityKind::Metric => of::<RawMetric>(),
        EntityKind::Pillar => of::<RawPillar>(),
        EntityKind::Objective => of::<RawObjective>(),
        EntityKind::KeyResult => of::<RawKeyResult>(),
        EntityKind::Initiative => of::<RawInitiative>(),
        EntityKind::Bet => of::<RawBet>(),
        EntityKind::Team => of::<RawTeam>(),
    }
}

/// The JSON Schema (draft-07) of a plan file, generated from [`RawFile`] and the types it holds, for editors
/// (Even Better TOML / taplo read `#:schema ./northstar.schema.json` at the top of a file).
/// Unknown keys are rejected (`additionalProperties: false`), as the loader rejects them.
#[must_use]
pub fn json_schema() -> Schema {
    let mut schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<RawFile>();
    schema.insert("title".into(), "northstar plan file".into());
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_keys_come_from_the_raw_structs() {
        assert_eq!(
            table_keys(EntityKind::KeyResult),
            [
                "baseline",
                "due",
                "id",
                "keep_above",
                "keep_below",
                "measured_by",
                "milestone",
                "owner",
                "progress_from",
                "source",
                "start",
                "target",
                "title",
                "unit",
                "weight"
            ]
        );
        let objective = table_keys(EntityKind::Objective);
        assert!(
            objective.iter().any(|k| k == "quarter") && objective.iter().any(|k| k == "period")
        );
    }

    /// A large plan's key results are all parsed into these before validation: growth
    /// shows in every command's peak memory (issue 23).
    #[test]
    fn a_raw_key_result_stays_small() {
        // 464 bytes with its rarer keys inline.
        assert_eq!(std::mem::size_of::<RawKeyResult>(), 288);
    }
}
