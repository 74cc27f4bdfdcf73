//! `add`'s command line: one subcommand per kind of table, the options every `add` takes,
//! and the value enums and number parsers of their keys (clap derive types only).

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use crate::time::dates::{DateArg, parse_date_arg};

/// What `add` adds.
#[derive(Debug, Subcommand)]
pub enum AddCommand {
    /// An `[[objective]]` of the period --period names (required), in the main file or --in.
    #[command(
        after_help = "Example:\n  northstar add objective fast-builds --title \"Builds developers don't wait for\" --pillar velocity --period 2027-Q1 --owner ana"
    )]
    Objective(AddObjectiveArgs),
    /// An `[[objective.key_result]]`, after its objective's last key result.
    #[command(
        after_help = "Example:\n  northstar add kr p95-build --objective fast-builds --title \"p95 build time\" --baseline 18 --target 10 --unit min"
    )]
    Kr(AddKrArgs),
    /// The `[north_star]`: the one outcome the plan serves (a plan has one).
    #[command(
        name = "north-star",
        after_help = "Example:\n  northstar add north-star weekly-active-teams --name \"Teams shipping every week\" --unit teams --baseline 40 --target 60"
    )]
    NorthStar(AddNorthStarArgs),
    /// A `[[pillar]]` (in the main file, or --in).
    #[command(
        after_help = "Example:\n  northstar add pillar platform --name \"Platform\" --owner ana"
    )]
    Pillar(AddPillarArgs),
    /// A `[[team]]`: an org unit objectives, initiatives and bets name (in the main file,
    /// or --in).
    #[command(
        after_help = "Example:\n  northstar add team dev-infra --name \"Developer infrastructure\" --parent platform --lead ana"
    )]
    Team(AddTeamArgs),
    /// A `[[metric]]` (in the main file, or --in).
    #[command(
        after_help = "Example:\n  northstar add metric change-failure-rate --name \"Change failure rate\" --role health --unit % --keep-below 15"
    )]
    Metric(AddMetricArgs),
    /// An `[[initiative]]` of --period, or of --start to --end, in the main file or --in.
    #[command(
        after_help = "Example:\n  northstar add initiative remote-cache --title \"Remote build cache\" --period 2027-Q1 --effort-weeks 6 --work debt"
    )]
    Initiative(AddInitiativeArgs),
    /// A `[[bet]]` (in the main file, or --in).
    #[command(
        after_help = "Example:\n  northstar add bet monorepo --title \"One repository\" --pillar velocity --risk adjacent --appetite-weeks 6"
    )]
    Bet(AddBetArgs),
}

/// Options every `add` takes.
#[derive(Debug, Args)]
pub struct AddCommon {
    /// The new id: lowercase letters, digits, `.`, `_`, `-`.
    pub id: String,
    /// The plan file to add to: the main file or one of its includes [default: the main
    /// file; a key result: its objective's file]. (`--file`/`-f` names the main file.)
    #[arg(long = "in", value_name = "FILE")]
    pub into: Option<PathBuf>,
    /// Print the diff that would be written; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Add the id even when it is a likely typo of one of its kind the plan has.
    #[arg(long)]
    pub force: bool,
}

/// `add objective` (its period is the global `--period`, required here).
#[derive(Debug, Args)]
pub struct AddObjectiveArgs {
    /// The id, --in, --dry-run and --force.
    #[command(flatten)]
    pub common: AddCommon,
    /// The title.
    #[arg(long, allow_hyphen_values = true)]
    pub title: String,
    /// Its pillar's id [required unless --parent or --parents names what it inherits its
    /// pillar from].
    #[arg(long, value_name = "ID")]
    pub pillar: Option<String>,
    /// Its team's id; several: `--team a,b` or `--team a --team b` (written as a list).
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub team: Vec<String>,
    /// The objective or key result it contributes to.
    #[arg(long, value_name = "ID", conflicts_with = "parents")]
    pub parent: Option<String>,
    /// Several parents: `--parents a,b`.
    #[arg(long, value_name = "ID,…", value_delimiter = ',')]
    pub parents: Vec<String>,
    /// Its weight inside each parent's roll-up, > 0 [default: 1, not written].
    #[arg(long, value_name = "NUMBER", value_parser = number)]
    pub contribution: Option<String>,
    /// Its owner.
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// `aspirational` (the default, committed, is not written).
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
}

/// `--kind` of `add objective`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    /// Expected to be met in full (the default).
    Committed,
    /// A stretch: 0.7 is a good grade.
    Aspirational,
}

/// `add kr`.
#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("measure")
        .required(true)
        .args(["baseline", "target", "milestone", "keep_below", "keep_above"])
        .multiple(true)
))]
pub struct AddKrArgs {
    /// The id, --in, --dry-run and --force.
    #[command(flatten)]
    pub common: AddCommon,
    /// The objective it belongs to.
    #[arg(long, value_name = "ID")]
    pub objective: String,
    /// The title.
    #[arg(long, allow_hyphen_values = true)]
    pub title: String,
    /// Starting value (with --target).
    #[arg(long, value_name = "NUMBER", requires = "target", value_parser = number, allow_hyphen_values = true)]
    pub baseline: Option<String>,
    /// Target value (with --baseline), or `tbd`: a draft whose target is still to be
    /// decided (--baseline optional).
    #[arg(long, value_name = "NUMBER", value_parser = target, allow_hyphen_values = true)]
    pub target: Option<String>,
    /// Unit (free text).
    #[arg(long)]
    pub unit: Option<String>,
    /// A done / not-done key result.
    #[arg(long, conflicts_with_all = ["baseline", "target", "keep_below", "keep_above"])]
    pub milestone: bool,
    /// A threshold: met while the value stays at or below this.
    #[arg(long, value_name = "NUMBER", value_parser = number, allow_hyphen_values = true, conflicts_with_all = ["baseline", "target", "keep_above"])]
    pub keep_below: Option<String>,
    /// A threshold: met while the value stays at or above this.
    #[arg(long, value_name = "NUMBER", value_parser = number, allow_hyphen_values = true, conflicts_with_all = ["baseline", "target"])]
    pub keep_above: Option<String>,
    /// Weight in the objective's roll-up, > 0 [default: 1, not written].
    #[arg(long, value_name = "NUMBER", value_parser = number)]
    pub weight: Option<String>,
    /// First day of its own window [default: its objective's first day].
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg, allow_hyphen_values = true)]
    pub start: Option<DateArg>,
    /// Last day of its own window [default: its objective's last day].
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg, allow_hyphen_values = true)]
    pub due: Option<DateArg>,
    /// A metric or key result whose check-ins it reads.
    #[arg(long, value_name = "ID")]
    pub measured_by: Option<String>,
    /// Its owner.
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
}

/// `add pillar`.
#[derive(Debug, Args)]
pub struct AddPillarArgs {
    /// The id, --in, --dry-run and --force.
    #[command(flatten)]
    pub common: AddCommon,
    /// The display name.
    #[arg(long, allow_hyphen_values = true)]
    pub name: String,
    /// Its owner.
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
}

/// `add north-star`.
#[derive(Debug, Args)]
pub struct AddNorthStarArgs {
    /// The id, --in, --dry-run and --force.
    #[command(flatten)]
    pub common: AddCommon,
    /// The display name.
    #[arg(long, allow_hyphen_values = true)]
    pub name: String,
    /// Unit (free text).
    #[arg(long)]
    pub unit: Option<String>,
    /// Its owner.
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// Starting value (with --target).
    #[arg(long, value_name = "NUMBER", requires = "target", value_parser = number, allow_hyphen_values = true)]
    pub baseline: Option<String>,
    /// Target value (with --baseline).
    #[arg(long, value_name = "NUMBER", requires = "baseline", value_parser = number, allow_hyphen_values = true)]
    pub target: Option<String>,
    /// When the target should be reached (enables a pace).
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg, allow_hyphen_values = true)]
    pub due: Option<DateArg>,
}

/// `add team`.
#[derive(Debug, Args)]
pub struct AddTeamArgs {
    /// The id, --in, --dry-run and --force.
    #[command(flatten)]
    pub common: AddCommon,
    /// The display name.
    #[arg(long, allow_hyphen_values = true)]
    pub name: String,
    /// The team it belongs to.
    #[arg(long, value_name = "ID")]
    pub parent: Option<String>,
    /// Who leads it.
    #[arg(long, value_name = "NAME")]
    pub lead: Option<String>,
}

/// `add metric`.
#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("goal").args(["baseline", "keep_below", "keep_above"])
))]
pub struct AddMetricArgs {
    /// The id, --in, --dry-run and --force.
    #[command(flatten)]
    pub common: AddCommon,
    /// The display name.
    #[arg(long, allow_hyphen_values = true)]
    pub name: String,
    /// `input` (the default, not written) or `health`.
    #[arg(long, value_enum)]
    pub role: Option<RoleArg>,
    /// Unit (free text).
    #[arg(long)]
    pub unit: Option<String>,
    /// Starting value (with --target).
    #[arg(long, value_name = "NUMBER", requires = "target", value_parser = number, allow_hyphen_values = true)]
    pub baseline: Option<String>,
    /// Target value (with --baseline).
    #[arg(long, value_name = "NUMBER", requires = "baseline", value_parser = number, allow_hyphen_values = true)]
    pub target: Option<String>,
    /// A threshold: the value must stay at or below this.
    #[arg(long, value_name = "NUMBER", value_parser = number, allow_hyphen_values = true)]
    pub keep_below: Option<String>,
    /// A threshold: the value must stay at or above this.
    #[arg(long, value_name = "NUMBER", value_parser = number, allow_hyphen_values = true)]
    pub keep_above: Option<String>,
    /// Its owner.
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
}

/// `--role` of `add metric`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    /// Driven by the pillars (the default).
    Input,
    /// A guardrail.
    Health,
}

/// `add initiative` (its period is the global `--period`, unless --start and --end).
#[derive(Debug, Args)]
pub struct AddInitiativeArgs {
    /// The id, --in, --dry-run and --force.
    #[command(flatten)]
    pub common: AddCommon,
    /// The title.
    #[arg(long, allow_hyphen_values = true)]
    pub title: String,
    /// First day (with --end), instead of a period.
    #[arg(long, value_name = "DATE", requires = "end", value_parser = parse_date_arg, allow_hyphen_values = true)]
    pub start: Option<DateArg>,
    /// Last day, included (with --start).
    #[arg(long, value_name = "DATE", requires = "start", value_parser = parse_date_arg, allow_hyphen_values = true)]
    pub end: Option<DateArg>,
    /// Effort in person-weeks, ≥ 0.
    #[arg(long, value_name = "WEEKS", value_parser = number)]
    pub effort_weeks: String,
    /// Its pillar's id.
    #[arg(long, value_name = "ID")]
    pub pillar: Option<String>,
    /// The kind of work (`feature`, the default, is not written).
    #[arg(long, value_enum)]
    pub work: Option<WorkArg>,
    /// Its status (`planned`, the default, is not written).
    #[arg(long, value_enum)]
    pub status: Option<InitiativeStatusArg>,
    /// Its owner.
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
}

/// `--work` of `add initiative`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum WorkArg {
    /// New capability.
    Feature,
    /// Technical debt.
    Debt,
    /// Security work.
    Security,
    /// Keeping the lights on.
    Maintenance,
}

/// `--status` of `add initiative`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum InitiativeStatusArg {
    /// Not started.
    Planned,
    /// Under way.
    Active,
    /// Finished.
    Done,
    /// Abandoned.
    Dropped,
}

/// `add bet`.
#[derive(Debug, Args)]
pub struct AddBetArgs {
    /// The id, --in, --dry-run and --force.
    #[command(flatten)]
    pub common: AddCommon,
    /// The title.
    #[arg(long, allow_hyphen_values = true)]
    pub title: String,
    /// Its pillar's id.
    #[arg(long, value_name = "ID")]
    pub pillar: String,
    /// Its portfolio class.
    #[arg(long, value_enum)]
    pub risk: RiskArg,
    /// Appetite in person-weeks, > 0.
    #[arg(long, value_name = "WEEKS", value_parser = number)]
    pub appetite_weeks: String,
    /// "If …, then …, because …" [default: a `TODO` to fill in].
    #[arg(long, allow_hyphen_values = true)]
    pub hypothesis: Option<String>,
    /// Success criteria [default: a `TODO` to fill in].
    #[arg(long, allow_hyphen_values = true)]
    pub success: Option<String>,
    /// Kill criteria [default: a `TODO` to fill in].
    #[arg(long, allow_hyphen_values = true)]
    pub kill: Option<String>,
    /// Its owner.
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
}

/// `--risk` of `add bet`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RiskArg {
    /// Improves what exists.
    Core,
    /// Extends into a neighbouring area.
    Adjacent,
    /// A new capability or market.
    Transformational,
}

/// A number as written (kept in that form, `2` stays `2`): a finite TOML integer or float.
fn number(text: &str) -> Result<String, String> {
    let t = text.trim();
    match format!("n = {t}")
        .parse::<toml::Table>()
        .ok()
        .and_then(|mut v| v.remove("n"))
    {
        Some(toml::Value::Integer(_)) => Ok(t.to_string()),
        Some(toml::Value::Float(f)) if f.is_finite() => Ok(t.to_string()),
        _ => Err(format!("`{text}` is not a number")),
    }
}

/// A target: a number, or `tbd`.
fn target(text: &str) -> Result<String, String> {
    if text.trim() == "tbd" {
        Ok("tbd".into())
    } else {
        number(text)
    }
}
