//! `add`'s command line as one typed [`Addition`]: the table it writes and its keys, in
//! the order of docs/plan-file.md, defaults left out; one function per kind of table.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::cli::{
    AddBetArgs, AddCommand, AddCommon, AddInitiativeArgs, AddKrArgs, AddMetricArgs,
    AddObjectiveArgs, InitiativeStatusArg, KindArg, RoleArg, WorkArg,
};
use crate::refusal::Refusal;
use crate::time::dates::DateArg;
use crate::time::period::Label;

/// `add KIND ID …`: one new table.
#[derive(Debug, Clone, PartialEq)]
pub struct Addition {
    /// Which table.
    pub table: NewTable,
    /// The new id.
    pub id: String,
    /// The keys after `id`, in the order they are written.
    pub keys: Vec<(&'static str, NewValue)>,
    /// `--in`: the plan file to add to.
    pub file: Option<PathBuf>,
    /// Print the diff, write nothing.
    pub dry_run: bool,
    /// Accept an id close to an existing one.
    pub force: bool,
}

/// The table `add` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewTable {
    /// `[[objective]]`.
    Objective,
    /// `[[objective.key_result]]` of the objective with this id.
    KeyResult {
        /// The objective's id.
        objective: String,
    },
    /// `[north_star]` (a plan has one).
    NorthStar,
    /// `[[pillar]]`.
    Pillar,
    /// `[[team]]`.
    Team,
    /// `[[metric]]`.
    Metric,
    /// `[[initiative]]`.
    Initiative,
    /// `[[bet]]`.
    Bet,
}

/// A value `add` writes.
#[derive(Debug, Clone, PartialEq)]
pub enum NewValue {
    /// A string.
    Text(String),
    /// A number in its written form (checked by the command line: a TOML integer or float).
    Number(String),
    /// A boolean.
    Bool(bool),
    /// A TOML date.
    Date(NaiveDate),
    /// An array of strings.
    List(Vec<String>),
}

/// Resolves a date option (`--start`, `--due`, `--end`) against today, or gives the usage
/// error naming the option.
pub(super) type Dates<'a> = &'a dyn Fn(Option<DateArg>, &str) -> Result<Option<NaiveDate>, Refusal>;

/// The keys of one table, each `None` when left out.
type Keys = Vec<(&'static str, Option<NewValue>)>;

/// `add`'s command line as one [`Addition`]: the keys each kind writes, in the order of
/// docs/plan-file.md, defaults left out. `period`: the global `--period`, an objective's
/// (required) or an initiative's (unless `--start` and `--end`); `date` resolves the date
/// options.
///
/// Errors: a usage error: a key missing, or two that conflict, or an invalid date.
pub(super) fn addition(
    cmd: &AddCommand,
    period: Option<&Label>,
    date: Dates<'_>,
) -> Result<Addition, Refusal> {
    let label = period.map(|p| NewValue::Text(p.to_string()));
    let (common, table, keys): (&AddCommon, NewTable, Keys) = match cmd {
        AddCommand::Objective(a) => (&a.common, NewTable::Objective, objective(a, label)?),
        AddCommand::Kr(a) => (
            &a.common,
            NewTable::KeyResult {
                objective: a.objective.clone(),
            },
            key_result(a, date)?,
        ),
        AddCommand::Pillar(a) => (
            &a.common,
            NewTable::Pillar,
            vec![
                ("name", Some(Text(a.name.clone()))),
                ("owner", text(a.owner.as_deref())),
            ],
        ),
        AddCommand::NorthStar(a) => (
            &a.common,
            NewTable::NorthStar,
            vec![
                ("name", Some(Text(a.name.clone()))),
                ("unit", text(a.unit.as_deref())),
                ("owner", text(a.owner.as_deref())),
                ("baseline", num(a.baseline.as_deref())),
                ("target", num(a.target.as_deref())),
                ("due", date(a.due, "--due")?.map(NewValue::Date)),
            ],
        ),
        AddCommand::Team(a) => (
            &a.common,
            NewTable::Team,
            vec![
                ("name", Some(Text(a.name.clone()))),
                ("parent", text(a.parent.as_deref())),
                ("lead", text(a.lead.as_deref())),
            ],
        ),
        AddCommand::Metric(a) => (&a.common, NewTable::Metric, metric(a)),
        AddCommand::Initiative(a) => (&a.common, NewTable::Initiative, initiative(a, label, date)?),
        AddCommand::Bet(a) => (&a.common, NewTable::Bet, bet(a)),
    };
    Ok(Addition {
        table,
        id: common.id.clone(),
        keys: keys
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect(),
        file: common.into.clone(),
        dry_run: common.dry_run,
        force: common.force,
    })
}

use NewValue::{Bool, List, Number, Text};

/// A string option as text.
fn text(s: Option<&str>) -> Option<NewValue> {
    s.map(|s| Text(s.to_string()))
}

/// A number option in its written form.
fn num(s: Option<&str>) -> Option<NewValue> {
    s.map(|s| Number(s.to_string()))
}

/// One name as a string, several as a list (`team = ["a", "b"]`).
fn names(v: &[String]) -> Option<NewValue> {
    match v {
        [] => None,
        [one] => Some(Text(one.clone())),
        _ => Some(List(v.to_vec())),
    }
}

/// `add objective`: its period is required.
fn objective(a: &AddObjectiveArgs, label: Option<NewValue>) -> Result<Keys, Refusal> {
    if a.pillar.is_none() && a.parent.is_none() && a.parents.is_empty() {
        return Err(
            "an objective needs --pillar, or --parent (or --parents) whose pillar it inherits"
                .into(),
        );
    }
    Ok(vec![
        ("title", Some(Text(a.title.clone()))),
        ("pillar", text(a.pillar.as_deref())),
        ("team", names(&a.team)),
        ("parent", text(a.parent.as_deref())),
        (
            "parents",
            (!a.parents.is_empty()).then(|| List(a.parents.clone())),
        ),
        ("contribution", num(a.contribution.as_deref())),
        (
            "period",
            Some(
                label
                    .ok_or("the following required argument was not provided: --period <PERIOD>")?,
            ),
        ),
        ("owner", text(a.owner.as_deref())),
        (
            "kind",
            matches!(a.kind, Some(KindArg::Aspirational)).then(|| Text("aspirational".into())),
        ),
    ])
}

/// `add kr`: a target needs a baseline, unless it is `tbd`.
fn key_result(a: &AddKrArgs, date: Dates<'_>) -> Result<Keys, Refusal> {
    let target = match (&a.target, &a.baseline) {
        (Some(t), _) if t == "tbd" => Some(Text(t.clone())),
        (Some(t), None) => {
            return Err(Refusal::new(format!(
                "`--target {t}` needs --baseline: a key result moves from a baseline to its target; `--target tbd` drafts one whose target is still to be decided"
            )));
        }
        (t, _) => num(t.as_deref()),
    };
    Ok(vec![
        ("title", Some(Text(a.title.clone()))),
        ("unit", text(a.unit.as_deref())),
        ("baseline", num(a.baseline.as_deref())),
        ("target", target),
        ("milestone", a.milestone.then_some(Bool(true))),
        ("keep_below", num(a.keep_below.as_deref())),
        ("keep_above", num(a.keep_above.as_deref())),
        ("weight", num(a.weight.as_deref())),
        ("start", date(a.start, "--start")?.map(NewValue::Date)),
        ("due", date(a.due, "--due")?.map(NewValue::Date)),
        ("owner", text(a.owner.as_deref())),
        ("measured_by", text(a.measured_by.as_deref())),
    ])
}

/// `add metric`: an input metric unless `--role health`.
fn metric(a: &AddMetricArgs) -> Keys {
    vec![
        ("name", Some(Text(a.name.clone()))),
        (
            "role",
            matches!(a.role, Some(RoleArg::Health)).then(|| Text("health".into())),
        ),
        ("unit", text(a.unit.as_deref())),
        ("owner", text(a.owner.as_deref())),
        ("baseline", num(a.baseline.as_deref())),
        ("target", num(a.target.as_deref())),
        ("keep_below", num(a.keep_below.as_deref())),
        ("keep_above", num(a.keep_above.as_deref())),
    ]
}

/// `add initiative`: `--period`, or `--start` and `--end`, not both.
fn initiative(
    a: &AddInitiativeArgs,
    label: Option<NewValue>,
    date: Dates<'_>,
) -> Result<Keys, Refusal> {
    let period = match (&label, a.start) {
        (Some(_), Some(_)) => {
            return Err("an initiative has --period or --start and --end, not both".into());
        }
        (None, None) => return Err("an initiative needs --period, or --start and --end".into()),
        _ => label,
    };
    Ok(vec![
        ("title", Some(Text(a.title.clone()))),
        ("pillar", text(a.pillar.as_deref())),
        ("period", period),
        ("start", date(a.start, "--start")?.map(NewValue::Date)),
        ("end", date(a.end, "--end")?.map(NewValue::Date)),
        ("owner", text(a.owner.as_deref())),
        (
            "status",
            a.status
                .filter(|s| !matches!(s, InitiativeStatusArg::Planned))
                .map(|s| Text(value_name(&s))),
        ),
        (
            "work",
            a.work
                .filter(|w| !matches!(w, WorkArg::Feature))
                .map(|w| Text(value_name(&w))),
        ),
        ("effort_weeks", Some(Number(a.effort_weeks.clone()))),
    ])
}

/// `add bet`: the texts not given are `TODO`s to fill in.
fn bet(a: &AddBetArgs) -> Keys {
    let todo = |s: &Option<String>, what: &str| {
        Some(Text(s.clone().unwrap_or_else(|| format!("TODO: {what}"))))
    };
    vec![
        ("title", Some(Text(a.title.clone()))),
        ("pillar", Some(Text(a.pillar.clone()))),
        ("owner", text(a.owner.as_deref())),
        ("hypothesis", todo(&a.hypothesis, "if …, then …, because …")),
        ("risk", Some(Text(value_name(&a.risk)))),
        ("appetite_weeks", Some(Number(a.appetite_weeks.clone()))),
        ("success", todo(&a.success, "what tells us it worked")),
        ("kill", todo(&a.kill, "what tells us to stop")),
    ]
}

/// The name clap gives a value of a `ValueEnum` (`debt`, `transformational`).
fn value_name(v: &impl clap::ValueEnum) -> String {
    v.to_possible_value()
        .map(|p| p.get_name().to_string())
        .unwrap_or_default()
}
