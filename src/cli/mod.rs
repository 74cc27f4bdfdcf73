//! The command line: clap derive types only, importing nothing of the application.
//! [`crate::app::command()`] completes the definition from the command table (each
//! command's formats, `-o FILE` help, hidden options) and attaches the dynamic completers;
//! [`crate::app::options`] converts the parsed values once into typed options.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::time::dates::{DateArg, parse_date_arg};
use crate::time::period::Label;

mod add;

pub use add::{
    AddBetArgs, AddCommand, AddCommon, AddInitiativeArgs, AddKrArgs, AddMetricArgs,
    AddNorthStarArgs, AddObjectiveArgs, AddPillarArgs, AddTeamArgs, InitiativeStatusArg, KindArg,
    RiskArg, RoleArg, WorkArg,
};

/// Where the plan is read from (the end of `--help`; the manual page's FILES section).
pub const FINDING_THE_PLAN: &str = "The plan is found from -f, else $NORTHSTAR_PLAN, else the \
    nearest northstar.toml in the current directory or above.";

/// What each exit code means (the end of `--help`; the manual page's EXIT STATUS section).
pub const EXIT_CODES: &str = "0 success; 1 the plan has errors (or warnings under \
    --deny-warnings); 2 usage error, unreadable file or other failure.";

/// The example at the end of `--help` (the first of the manual page's EXAMPLES).
pub const EXAMPLE: &str = "northstar -f examples/platform/northstar.toml status";

/// OKRs, a North Star and a portfolio of bets, kept in git-friendly TOML and checked like code.
#[derive(Debug, Parser)]
#[command(name = "northstar", version, about, propagate_version = true)]
#[command(
    after_help = format!("{FINDING_THE_PLAN}\n\nExit codes: {EXIT_CODES}\n\nExample:\n  {EXAMPLE}")
)]
pub struct Cli {
    /// The main plan file.
    #[arg(
        short = 'f',
        long = "file",
        global = true,
        env = "NORTHSTAR_PLAN",
        value_name = "PLAN"
    )]
    pub file: Option<PathBuf>,

    /// Count only check-ins on or before this date [default: today]. Every date option takes
    /// YYYY-MM-DD, YYYY/MM/DD, `today`, `yesterday`, or days or weeks before today: `3d` (or
    /// `-3d`), `2w` (or `-2w`).
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date_arg, allow_hyphen_values = true)]
    pub as_of: Option<DateArg>,

    /// The period to report: `2026-Q4`, `2026-H1`, `2026`, `FY24-Q2`, `FY24-H1`, `FY24` or a
    /// cycle id [default: the period of the plan's cadence containing the as-of date].
    #[arg(long, visible_alias = "quarter", global = true, value_name = "PERIOD", value_parser = parse_period)]
    pub period: Option<Label>,

    /// Read every plan file as it was at this git revision (branch, tag, hash, `HEAD~3`);
    /// nothing is checked out and the working tree is not touched.
    #[arg(long, global = true, value_name = "REV")]
    pub at: Option<String>,

    /// When to use colour. `auto` honours `NO_COLOR` and `CLICOLOR_FORCE` and colours only terminals.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,

    /// How terminal tables are drawn: `light` (aligned columns, no boxes), `boxed` or
    /// `markdown`.
    #[arg(long, global = true, value_enum, default_value_t = StyleArg::Light, value_name = "STYLE")]
    pub style: StyleArg,

    /// Print every column, however wide the terminal (tables otherwise fit `COLUMNS`, else
    /// the terminal's width, else 80).
    #[arg(long, global = true)]
    pub wide: bool,

    /// Never page output (otherwise a report longer than the terminal goes through
    /// `$NORTHSTAR_PAGER`, else `$PAGER`, else `less -FRX`).
    #[arg(long, global = true)]
    pub no_pager: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the plan and print every problem at once.
    #[command(after_help = "Example:\n  northstar check --deny-warnings")]
    Check(CheckArgs),
    /// The dashboard for the period: North Star, metrics, OKRs, bets and capacity.
    #[command(after_help = "Example:\n  northstar status --as-of 2026-11-20")]
    Status(ReportArgs),
    /// Objectives and key results of the period.
    #[command(after_help = "Example:\n  northstar okrs --pillar velocity")]
    Okrs(ListArgs),
    /// The portfolio of bets and its mix.
    #[command(
        after_help = "Example:\n  northstar bets --overdue --fail   # in a scheduled CI job: exit 1 while a bet is overdue"
    )]
    Bets(BetsArgs),
    /// Initiatives of the period and the capacity allocation.
    #[command(after_help = "Example:\n  northstar initiatives --pillar reliability")]
    Initiatives(ListArgs),
    /// The North Star and its input and health metrics.
    #[command(after_help = "Example:\n  northstar metrics --format json")]
    Metrics(ListArgs),
    /// The period-close review packet, to print or paste.
    #[command(after_help = "Example:\n  northstar review --period 2026-Q4 -o review.html")]
    Review(ReviewArgs),
    /// Calibration of closed periods: prompts for a conversation, not performance scores.
    ///
    /// Brier score of check-in confidences, a reliability table, goalposts moved after their
    /// period began, bets decided late, and owners who met every key result at 1.0 in every
    /// period. Closed periods ended before the as-of date; by default every closed period
    /// with check-ins.
    #[command(after_help = "Example:\n  northstar calibration --period 2026-Q3 --team platform")]
    Calibration(CalibrationArgs),
    /// The weekly update for Slack or mail: what moved, what is at risk, who owes what.
    ///
    /// What moved in the days ending on the as-of date, newest first (check-ins with their
    /// change in progress and status, bet decisions, goalposts moved with their recorded
    /// reasons); key results at risk or off-track; bets whose decide-by is within 14 days or
    /// past; and per owner the key results stale or becoming stale within 7 days and the
    /// bets to decide.
    #[command(
        after_help = "Example:\n  northstar digest --since 7d --team platform --format slack"
    )]
    Digest(DigestArgs),
    /// A static site of the plan: the dashboard, a page per entity, the tree, an Atom feed.
    ///
    /// For GitHub Pages or any web server. Written into DIR atomically (built beside it, then swapped in); relative links only,
    /// one stylesheet, no script; every page stamped with its commit and as-of date.
    #[command(
        after_help = "Example:\n  northstar site -o public --base-url https://okrs.example.com/"
    )]
    Site(SiteArgs),
    /// What moved between two revisions of the plan (goalpost moves first).
    #[command(
        after_help = "Example:\n  northstar diff HEAD~4            # a month of movement, against the working tree\n  northstar diff q3-review..main --format markdown"
    )]
    Diff(DiffArgs),
    /// Check-ins as a timeline.
    #[command(after_help = "Example:\n  northstar log --since 2026-11-01 --by carol")]
    Log(LogArgs),
    /// Everything about one entity: fields, parents and children, check-in history.
    #[command(after_help = "Example:\n  northstar show lead-time")]
    Show(ShowArgs),
    /// The alignment from the North Star down, drawn like `cargo tree`.
    ///
    /// Pillars, objectives, child objectives, key results, initiatives and bets, each with its
    /// progress, status and owner. An objective with several parents is shown in full once,
    /// then marked (*).
    #[command(
        after_help = "Example:\n  northstar tree --team platform --depth 2\n  northstar tree --format mermaid >> ALIGNMENT.md"
    )]
    Tree(TreeArgs),
    /// Record a check-in for a key result, a metric or the North Star.
    #[command(
        after_help = "Example:\n  northstar checkin lead-time 27 --confidence 0.7 --note \"Shards landed\""
    )]
    Checkin(CheckinArgs),
    /// Read the measures' sources (file, HTTP, Prometheus, command, git) into check-ins.
    ///
    /// Each measure with a `source` (or each named one) is read as of --date and gets one
    /// check-in carrying its provenance; one already measured that day from the same source
    /// is skipped. A source that fails is reported and skipped; the others are recorded.
    #[command(after_help = "Example:\n  northstar measure velocity --date 2026-11-20")]
    Measure(MeasureArgs),
    /// Write a starter plan and an empty check-in log.
    #[command(
        after_help = "Example:\n  northstar init planning --name \"Acme Platform Engineering\""
    )]
    Init(InitArgs),
    /// Copy unfinished objectives, with their key results, into another period.
    #[command(
        after_help = "Example:\n  northstar carry --period 2026-Q4 --to 2027-Q1 boring-deploys"
    )]
    Carry(CarryArgs),
    /// Start or decide a bet.
    #[command(subcommand)]
    Bet(BetCommand),
    /// Set one field of an entity, or of `plan`, in place (comments and formatting kept).
    ///
    /// `set plan KEY VALUE` sets a key of the `[plan]` table: `name`, `fiscal_year_start`,
    /// `fiscal_year_named_by`, `cadence`, `stale_after_days`, `overshoot`,
    /// `children_in_rollup`, `include`, `checkin_log`.
    ///
    /// A goalpost (a key result's `baseline`, `target`, `keep_below`, `keep_above`,
    /// `weight`; an objective's `period`/`quarter`) changed once its period has started
    /// needs `--reason`, recorded as a `[[change]]` in the check-in log.
    #[command(
        after_help = "Example:\n  northstar set lead-time target 24 --reason \"the platform team joined\""
    )]
    Set(SetArgs),
    /// Add the North Star, an objective, a key result, a pillar, a team, a metric, an initiative or a bet.
    ///
    /// The id is checked against the plan first (a likely typo of an id of its kind needs
    /// --force); the new
    /// table goes in the main file (or --in, one of its includes), a key result directly
    /// after its objective's last key result; the plan must still validate.
    #[command(
        subcommand,
        after_help = "Example:\n  northstar add kr p95-build --objective fast-builds --title \"p95 build under 10 min\" --baseline 18 --target 10 --unit min"
    )]
    Add(AddCommand),
    /// Remove an entity: its table, and nothing else, from the file it stands in.
    ///
    /// Refused while anything names it (each reference is listed with its location). An
    /// objective or key result whose period has begun needs --reason, recorded as a
    /// `[[change]]` in the check-in log.
    #[command(
        after_help = "Example:\n  northstar remove flaky-tests --reason \"folded into ci-under-10\""
    )]
    Remove(RemoveArgs),
    /// Serve the plan to an editor: the Language Server Protocol over stdio.
    ///
    /// Started by the editor, not by hand. Finds the plan from the workspace folder (or the
    /// `plan` initialization option) and checks it with the editor's unsaved buffers:
    /// diagnostics as you type, go to definition, references, symbols, hover.
    #[command(
        after_help = "Example:\n  northstar lsp   # run by the editor (Helix: command = \"northstar\", args = [\"lsp\"])"
    )]
    Lsp,
    /// Print the JSON Schema of the plan file, for editors.
    #[command(after_help = "Example:\n  northstar schema > northstar.schema.json")]
    Schema,
    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  northstar completions bash > ~/.local/share/bash-completion/completions/northstar"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    #[command(after_help = "Example:\n  northstar man > ~/.local/share/man/man1/northstar.1")]
    Man,
    /// The user configuration.
    #[command(subcommand, after_help = "Example:\n  northstar config path")]
    Config(ConfigCommand),
}

/// Options of `checkin`.
#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// Id of a key result, a metric or the North Star.
    pub id: String,
    /// The value: a number, or true/false (also done/not-done) for a milestone key result.
    #[arg(allow_hyphen_values = true)]
    pub value: String,
    /// Date of the check-in [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg, allow_hyphen_values = true)]
    pub date: Option<DateArg>,
    /// Confidence of reaching the target, 0–1.
    #[arg(long, value_name = "0-1")]
    pub confidence: Option<f64>,
    /// A note.
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub note: Option<String>,
    /// Who checks in [default: `name` from the config, else `git config user.name`, else $USER].
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Print the block that would be appended; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Accept a --date after today (refused otherwise, as a likely typo).
    #[arg(long)]
    pub allow_future: bool,
}

/// Options of `set`.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// Id of any entity of the plan, or `plan` for the `[plan]` table's settings.
    pub id: String,
    /// The TOML key to set (`target`, `title`, `owner`, ...; of `plan`: `name`,
    /// `fiscal_year_start`, `fiscal_year_named_by`, `cadence`, `stale_after_days`, ...).
    pub field: String,
    /// The value, read as TOML where it reads as a number, boolean, date, quoted string or
    /// array, else as text.
    #[arg(allow_hyphen_values = true)]
    pub value: String,
    /// Why a goalpost moved (required once its period has started).
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub reason: Option<String>,
    /// Who changes it [default: `name` from the config, else `git config user.name`, else $USER].
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Print the diff that would be written; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Options of `remove`.
#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Id of any entity of the plan (an objective goes with its key results).
    pub id: String,
    /// Why an objective or key result whose period began is removed (required then).
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub reason: Option<String>,
    /// Who removes it [default: `name` from the config, else `git config user.name`, else $USER].
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Print the diff that would be written; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Options of `measure`.
#[derive(Debug, Args)]
pub struct MeasureArgs {
    /// Ids of the measures to read [default: every measure with a source].
    pub ids: Vec<String>,
    /// The measurement date [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg, allow_hyphen_values = true)]
    pub date: Option<DateArg>,
    /// Print the blocks that would be appended; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Run `kind = "command"` sources (programs named in the plan) for this run, as if the
    /// plan's directory were listed in the configuration's `trusted`.
    #[arg(long)]
    pub allow_commands: bool,
    /// Let `http` sources send their `auth_env` token for this run, as if the plan's
    /// directory were listed in `trusted`; the configuration must still list the variable
    /// and the host (`[[credential]]`), and the URL must be `https://`.
    #[arg(long)]
    pub allow_credentials: bool,
}

/// Options of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the plan [default: the current directory].
    pub dir: Option<PathBuf>,
    /// The plan's name.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Write only the `[plan]` table, no sample entities (build the plan with `add`).
    #[arg(long)]
    pub empty: bool,
}

/// Options of `carry`.
#[derive(Debug, Args)]
pub struct CarryArgs {
    /// The period to copy into: any period label or cycle id.
    #[arg(long, value_name = "PERIOD", value_parser = parse_period)]
    pub to: Label,
    /// Objectives (with their unfinished key results) or key results (even when done, with
    /// their objective) to carry [default: every objective of the selected period with
    /// progress < 1].
    // The brackets are clap's way of showing a default in help, not a rustdoc link.
    #[allow(rustdoc::broken_intra_doc_links)]
    pub ids: Vec<String>,
    /// Suffix of the new ids [default: the target period, lowercased without dashes, e.g. `2027q1`, `fy24q2`].
    #[arg(long, value_name = "SUFFIX")]
    pub suffix: Option<String>,
    /// Print the blocks that would be appended; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Options of `log`.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only check-ins on or after this date.
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg, allow_hyphen_values = true)]
    pub since: Option<DateArg>,
    /// Only check-ins on or before this date.
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg, allow_hyphen_values = true)]
    pub until: Option<DateArg>,
    /// Only check-ins of this key result, metric or North Star.
    #[arg(long, value_name = "ID")]
    pub metric: Option<String>,
    /// Only check-ins by this person.
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Output format [default: from the -o file's extension, else table].
    #[arg(long)]
    pub format: Option<String>,
    /// Write to this file instead of stdout (atomically); its extension picks the format
    /// (`--help` lists the extensions, from the command table).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Options of `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// `REV_A [REV_B]` or `REV_A..REV_B` [default: HEAD against the working tree; one
    /// revision: that revision against the working tree].
    #[arg(num_args = 0..=2, value_name = "REV")]
    pub revs: Vec<String>,
    /// Output format (markdown pastes into a PR comment) [default: from the -o file's
    /// extension, else table].
    #[arg(long)]
    pub format: Option<String>,
    /// Write to this file instead of stdout (atomically); its extension picks the format
    /// (`--help` lists the extensions, from the command table).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Options of `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Id of any entity of the plan.
    pub id: String,
    /// Output format [default: from the -o file's extension, else table].
    #[arg(long)]
    pub format: Option<String>,
    /// Write to this file instead of stdout (atomically); its extension picks the format
    /// (`--help` lists the extensions, from the command table).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Options of `tree`.
#[derive(Debug, Args)]
pub struct TreeArgs {
    /// Start at this entity: the North Star, a pillar, an objective or a key result
    /// [default: the North Star, else every pillar].
    #[arg(value_name = "ID", conflicts_with = "team")]
    pub id: Option<String>,
    /// Start at the objectives of this team and its sub-teams whose parents lie outside
    /// them, each after the path above it.
    #[arg(long, value_name = "ID")]
    pub team: Option<String>,
    /// Show this many levels below each root (the root is level 0) [default: all].
    #[arg(long, value_name = "N")]
    pub depth: Option<usize>,
    /// Output format [default: from the -o file's extension, else table].
    #[arg(long)]
    pub format: Option<String>,
    /// Write to this file instead of stdout (atomically); its extension picks the format
    /// (`--help` lists the extensions, from the command table).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `bet` subcommands.
#[derive(Debug, Subcommand)]
pub enum BetCommand {
    /// Fund a proposed bet: status → running, with its start and decide-by dates.
    #[command(after_help = "Example:\n  northstar bet start passkeys --decide-by 2027-01-15")]
    Start {
        /// The bet's id.
        id: String,
        /// When it must be decided [default: the bet's `decide_by`].
        #[arg(long, value_name = "DATE", value_parser = parse_date_arg, allow_hyphen_values = true)]
        decide_by: Option<DateArg>,
        /// The start date [default: today].
        #[arg(long, value_name = "DATE", value_parser = parse_date_arg, allow_hyphen_values = true)]
        date: Option<DateArg>,
    },
    /// Record a bet's decision: status, decided date and outcome.
    #[command(
        after_help = "Example:\n  northstar bet decide ai-triage killed --outcome \"No MTTR change after 6 weeks\""
    )]
    Decide {
        /// The bet's id.
        id: String,
        /// The decision.
        #[arg(value_enum)]
        decision: DecisionArg,
        /// What happened, in a sentence.
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        outcome: String,
        /// What was learnt (written as the bet's `learnings`).
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        learnings: Option<String>,
        /// The decision date [default: today].
        #[arg(long, value_name = "DATE", value_parser = parse_date_arg, allow_hyphen_values = true)]
        date: Option<DateArg>,
    },
}

/// A bet's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DecisionArg {
    /// The hypothesis held.
    Validated,
    /// The hypothesis did not hold.
    Invalidated,
    /// Stopped on its kill criteria.
    Killed,
}

/// `config` subcommands.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print where the configuration file is looked for.
    Path,
}

/// Options of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Exit 1 when there are warnings, too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Output format [default: human].
    #[arg(long)]
    pub format: Option<String>,
    /// Skip the checks that read git history (`goalpost-moved`).
    #[arg(long)]
    pub no_git: bool,
}

/// Options of `status`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Output format (html: one self-contained page, to mail or publish) [default: from the
    /// -o file's extension, else table].
    #[arg(long)]
    pub format: Option<String>,
    /// Write to this file instead of stdout (atomically); its extension picks the format
    /// (`--help` lists the extensions, from the command table).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only the objectives, initiatives and bets of this team and its sub-teams, and the
    /// metrics they read.
    #[arg(long, value_name = "ID")]
    pub team: Option<String>,
}

/// Options of `review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Output format [default: from the -o file's extension, else table].
    #[arg(long)]
    pub format: Option<String>,
    /// Write to this file instead of stdout (atomically); its extension picks the format
    /// (`--help` lists the extensions, from the command table).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only the objectives, initiatives and bets of this team and its sub-teams, and the
    /// metrics they read.
    #[arg(long, value_name = "ID")]
    pub team: Option<String>,
}

/// Options of `calibration`.
#[derive(Debug, Args)]
pub struct CalibrationArgs {
    /// A closed period to calibrate, repeatable (`--period 2026-Q2 --period 2026-Q3`): a
    /// period label or a cycle id [default: every closed period with key-result check-ins].
    #[arg(long, visible_alias = "quarter", value_name = "PERIOD", value_parser = parse_period)]
    pub period: Vec<Label>,
    /// Only the key results, goalposts and bets this person (or team name) owns.
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// Only the objectives and bets of this team and its sub-teams.
    #[arg(long, value_name = "ID")]
    pub team: Option<String>,
    /// Output format [default: from the -o file's extension, else table].
    #[arg(long)]
    pub format: Option<String>,
    /// Write to this file instead of stdout (atomically); its extension picks the format
    /// (`--help` lists the extensions, from the command table).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Options of `digest`.
#[derive(Debug, Args)]
pub struct DigestArgs {
    /// The span's first day: `7d` or `2w` for the 7 or 14 days ending on the as-of date
    /// (both included), or a date like 2026-11-20.
    #[arg(long, value_name = "DATE", default_value = "7d", value_parser = parse_date_arg, allow_hyphen_values = true)]
    pub since: DateArg,
    /// Only what this person (or team name) owns, and what they owe.
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// Only the objectives and bets of this team and its sub-teams.
    #[arg(long, value_name = "ID")]
    pub team: Option<String>,
    /// Output format [default: from the -o file's extension, else table].
    #[arg(long)]
    pub format: Option<String>,
    /// Write to this file instead of stdout (atomically); its extension picks the format
    /// (`--help` lists the extensions, from the command table).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Options of `site`.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The directory the site is written to (replaced whole, atomically).
    #[arg(short = 'o', long, value_name = "DIR")]
    pub output: PathBuf,
    /// The site's public address, used only for each page's `<link rel="canonical">` and
    /// the Atom feed's entry ids.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// Options of filterable reports.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only entities of this pillar.
    #[arg(long, value_name = "ID")]
    pub pillar: Option<String>,
    /// Only entities with this owner.
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// Output format [default: from the -o file's extension, else table].
    #[arg(long)]
    pub format: Option<String>,
    /// Write to this file instead of stdout (atomically); its extension picks the format
    /// (`--help` lists the extensions, from the command table).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only the objectives, initiatives and bets of this team and its sub-teams, and the
    /// metrics they read.
    #[arg(long, value_name = "ID")]
    pub team: Option<String>,
}

/// Options of `bets`.
#[derive(Debug, Args)]
pub struct BetsArgs {
    /// Filters and format.
    #[command(flatten)]
    pub list: ListArgs,
    /// Only bets past their decide-by date without a decision.
    #[arg(long)]
    pub overdue: bool,
    /// Exit 1 when any bet is overdue, or a running bet meets its `kill_when` criteria
    /// (after printing the report): a CI circuit breaker.
    #[arg(long)]
    pub fail: bool,
}

/// `--style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StyleArg {
    /// A header row and aligned columns, no box drawing.
    Light,
    /// Box drawing around every cell.
    Boxed,
    /// Pipe tables.
    Markdown,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour on terminals, unless `NO_COLOR` is set (`CLICOLOR_FORCE` forces it).
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// A period label, or a cycle id (which only the plan can resolve). Text that is neither
/// (`Q4 2026`) is refused here, with the label it most likely meant.
fn parse_period(s: &str) -> Result<Label, String> {
    const EXPECTED: &str =
        "expected a period like 2026-Q4, 2026-H1, 2026, FY24-Q2, FY24-H1, FY24 or a cycle id";
    if let Some(label) = Label::parse(s) {
        return Ok(label);
    }
    if let Some(label) = Label::suggest(s) {
        return Err(format!("{EXPECTED}; did you mean {label}?"));
    }
    let id_like = s
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && s.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        });
    if id_like {
        Ok(Label::Cycle(s.to_string()))
    } else {
        Err(EXPECTED.to_string())
    }
}
