//! The command line and the environment, resolved once into one typed [`Options`] value:
//! the plan file, the revision to read it at, the as-of date, the period, colour for stdout
//! and stderr, the output target and format, and what to do. This is the only module besides
//! `main.rs` and `cli.rs` that knows clap exists; commands see only [`Options`].
//!
//! **The as-of rule** (each command's is named in the command table, `app::table`, and
//! applied here; `--as-of D` always wins):
//! - `review`: the earlier of today and the last day of the period reviewed, so a packet
//!   printed mid-period is an interim one (see [`review_as_of`]);
//! - `diff`: each side's own date: a revision's commit date, the working tree's today
//!   (see [`side_as_of`]);
//! - `checkin`: the later of today and the check-in's date, so the one-line summary counts
//!   the check-in just recorded;
//! - every other command: today.
//!
//! **The period rule**: `--period LABEL` (alias `--quarter`), else the period of the plan's
//! `cadence` that contains the as-of date (for `review` without `--as-of`: today), fiscal
//! when the plan sets `fiscal_year_start`. Labels resolve on the plan's calendar, so the
//! rule is written down here as a [`Selection`] and applied, by [`Selection::resolve`],
//! once the plan is loaded.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::env::Env;
use super::formats::{self, Format};
use super::table::{self, AsOfRule, Global, Spec};
use crate::analysis::tree::{Query, Scope};
use crate::cli::{
    AddCommand, AddCommon, BetCommand, Cli, ColorArg, Command, ConfigCommand, DecisionArg,
    InitiativeStatusArg, KindArg, ListArgs, RoleArg, WorkArg,
};
use crate::config::ColorSetting;
use crate::plan::model::BetStatus;
use crate::render::View;
use crate::time::dates::DateArg;
use crate::time::period::{Calendar, Label, Period, PeriodError};

/// Whether to colour each stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Colors {
    /// Colour stdout (never when the output goes to a file).
    pub stdout: bool,
    /// Colour stderr (diagnostics).
    pub stderr: bool,
}

/// The `--pillar`, `--owner` and `--team` filters of the reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only this pillar's entities.
    pub pillar: Option<String>,
    /// Only entities with this owner.
    pub owner: Option<String>,
    /// Only entities of this team and its sub-teams (resolved against the plan by the
    /// command).
    pub team: Option<String>,
}

/// The filters of `log`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogFilter {
    /// Only check-ins on or after this date.
    pub since: Option<NaiveDate>,
    /// Only check-ins on or before this date.
    pub until: Option<NaiveDate>,
    /// Only check-ins of this measure.
    pub metric: Option<String>,
    /// Only check-ins by this person.
    pub by: Option<String>,
}

/// A check-in to record.
#[derive(Debug, Clone, PartialEq)]
pub struct Checkin {
    /// Key result, metric or North Star id.
    pub id: String,
    /// The value as typed.
    pub value: String,
    /// The check-in's date (default today).
    pub date: NaiveDate,
    /// Confidence, 0–1 (checked against the plan's rules by the command).
    pub confidence: Option<f64>,
    /// A note.
    pub note: Option<String>,
    /// Who checks in: `--by`, else the configured `name`, else `git config user.name`,
    /// else `$USER`.
    pub by: Option<String>,
    /// Print the block, write nothing.
    pub dry_run: bool,
    /// `--allow-future`: a date after today is recorded, not refused.
    pub allow_future: bool,
}

/// Sources to measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// The measures (empty: every one with a source).
    pub ids: Vec<String>,
    /// The measurement date (default today).
    pub date: NaiveDate,
    /// Print the blocks, write nothing.
    pub dry_run: bool,
    /// `--allow-commands`: run `command` sources this once.
    pub allow_commands: bool,
    /// `--allow-credentials`: let `http` sources send the credentials the configuration
    /// allows, this once.
    pub allow_credentials: bool,
    /// The configuration's `trusted` plan directories.
    pub trusted: Vec<PathBuf>,
    /// The configuration's `[[credential]]` tables.
    pub credentials: Vec<crate::config::Credential>,
    /// Draw a progress bar on stderr (a terminal).
    pub progress: bool,
}

/// What to do, with the command's own arguments, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// `check`.
    Check {
        /// Exit 1 on warnings too.
        deny_warnings: bool,
        /// Run the checks that read git history.
        git: bool,
    },
    /// `status`, `okrs`, `bets`, `initiatives`, `metrics`.
    Report {
        /// Which report.
        view: View,
        /// `--pillar`, `--owner`, `--team`.
        filter: Filter,
        /// `bets --overdue`: only overdue bets.
        overdue_only: bool,
        /// `bets --fail`: exit 1 when a bet is overdue.
        fail_on_overdue: bool,
    },
    /// `show ID`.
    Show {
        /// The entity.
        id: String,
    },
    /// `tree [ID] [--team ID] [--depth N]`.
    Tree(Query),
    /// `log`.
    Log(LogFilter),
    /// `review`.
    Review {
        /// `--team`: only this team's and its sub-teams' objectives, initiatives and bets.
        team: Option<String>,
    },
    /// `diff`.
    Diff {
        /// The older side's revision.
        from: String,
        /// The newer side's revision; `None`: the working tree.
        to: Option<String>,
    },
    /// `checkin`.
    Checkin(Checkin),
    /// `measure`.
    Measure(Measure),
    /// `bet start`.
    BetStart {
        /// The bet.
        id: String,
        /// Its start date.
        start: NaiveDate,
        /// `--decide-by`; `None`: the bet's own `decide_by`.
        decide_by: Option<NaiveDate>,
    },
    /// `bet decide`.
    BetDecide {
        /// The bet.
        id: String,
        /// Validated, invalidated or killed.
        status: BetStatus,
        /// The decision date.
        decided: NaiveDate,
        /// What happened.
        outcome: String,
        /// What was learnt, if given.
        learnings: Option<String>,
    },
    /// `set`.
    Set(SetField),
    /// `set plan KEY VALUE`.
    SetPlan(PlanSetting),
    /// `add`.
    Add(Addition),
    /// `remove`.
    Remove(Removal),
    /// `carry`.
    Carry {
        /// The period to copy into (a label or a cycle id, resolved on the plan's calendar).
        to: Label,
        /// The objectives (default: every unfinished one of the selected period).
        ids: Vec<String>,
        /// The new ids' suffix.
        suffix: Option<String>,
        /// Print, write nothing.
        dry_run: bool,
    },
    /// `init`.
    Init {
        /// Where to write.
        dir: PathBuf,
        /// The plan's name.
        name: String,
        /// `--empty`: no sample entities.
        empty: bool,
    },
    /// `schema`.
    Schema,
    /// `config path`.
    ConfigPath,
    /// `completions` and `man`: text generated from the command line's own definition.
    Generated(Generated),
}

impl Action {
    /// Whether this action is a dry run: it prints what a command that writes would
    /// write, and writes nothing.
    #[must_use]
    pub fn dry_run(&self) -> bool {
        match self {
            Action::Checkin(c) => c.dry_run,
            Action::Measure(m) => m.dry_run,
            Action::Carry { dry_run, .. } => *dry_run,
            Action::Set(s) => s.dry_run,
            Action::SetPlan(s) => s.dry_run,
            Action::Add(a) => a.dry_run,
            Action::Remove(r) => r.dry_run,
            _ => false,
        }
    }
}

impl Options {
    /// Whether a successful run has written files: a command that writes (by the command
    /// table), not its dry run. Once such a write is durable the command has succeeded,
    /// whatever happens to the confirmation it prints.
    #[must_use]
    pub fn writes_files(&self) -> bool {
        self.command.writes_files && !self.action.dry_run()
    }
}

/// `set ID FIELD VALUE`.
#[derive(Debug, Clone, PartialEq)]
pub struct SetField {
    /// The entity.
    pub id: String,
    /// The TOML key.
    pub field: String,
    /// The value as typed.
    pub value: String,
    /// Why (a goalpost change).
    pub reason: Option<String>,
    /// Who (the `--by` default rules of `checkin`).
    pub by: Option<String>,
    /// Print the diff, write nothing.
    pub dry_run: bool,
}

/// `set plan KEY VALUE`: one key of the `[plan]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSetting {
    /// The key.
    pub key: String,
    /// The value as typed.
    pub value: String,
    /// Print the diff, write nothing.
    pub dry_run: bool,
}

/// `remove ID`: one entity's table taken out.
#[derive(Debug, Clone, PartialEq)]
pub struct Removal {
    /// The entity.
    pub id: String,
    /// Why (an objective or key result whose period began).
    pub reason: Option<String>,
    /// Who (the `--by` default rules of `checkin`).
    pub by: Option<String>,
    /// Print the diff, write nothing.
    pub dry_run: bool,
}

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

/// Text generated from the command-line definition itself (completions, the manual page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generated(GeneratedKind);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GeneratedKind {
    Completions(clap_complete::Shell),
    Man,
}

impl Generated {
    /// Writes the completion script or the roff manual page.
    pub fn write(self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let command = super::command();
        match self.0 {
            GeneratedKind::Completions(shell) => {
                clap_complete::generate(shell, &mut command.clone(), "northstar", out);
                Ok(())
            }
            GeneratedKind::Man => man_page(command, out),
        }
    }
}

/// The preamble every section `clap_mangen` (and `roff`) renders starts with (it defines `\*(Aq`, the
/// apostrophe); the page needs it once.
const ROFF_PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// The manual page, `northstar(1)`: one page for the whole tool. `clap_mangen` writes the
/// title, name, synopsis, description, options and version; this adds COMMANDS (every
/// command, nested ones included, with its usage and summary: the page refers to no
/// `northstar-COMMAND(1)` pages, which are not generated), EXIT STATUS, FILES and
/// EXAMPLES (the top-level example, then every command's) instead of `clap_mangen`'s
/// SUBCOMMANDS and "EXTRA".
fn man_page(mut command: clap::Command, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    type Section = fn(&clap_mangen::Man, &mut dyn std::io::Write) -> std::io::Result<()>;
    command.build();
    let man = clap_mangen::Man::new(command.clone());
    let generated: [Section; 5] = [
        clap_mangen::Man::render_title,
        clap_mangen::Man::render_name_section,
        clap_mangen::Man::render_synopsis_section,
        clap_mangen::Man::render_description_section,
        clap_mangen::Man::render_options_section,
    ];
    out.write_all(ROFF_PREAMBLE.as_bytes())?;
    let section = |render: Section, out: &mut dyn std::io::Write| {
        let mut buf = Vec::new();
        render(&man, &mut buf)?;
        out.write_all(buf.strip_prefix(ROFF_PREAMBLE.as_bytes()).unwrap_or(&buf))
    };
    for render in generated {
        section(render, out)?;
    }
    let mut leaves = Vec::new();
    commands(&command, &mut leaves);
    // The sections written here, escaped by the `roff` crate (as `clap_mangen`'s are).
    let mut page = roff::Roff::new();
    page.control("SH", ["COMMANDS"]);
    for &sub in &leaves {
        let usage = sub.clone().render_usage().to_string();
        let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
        let name = sub.get_bin_name().unwrap_or_else(|| sub.get_name());
        let args = usage.strip_prefix(name).unwrap_or(usage);
        page.control("TP", [])
            .text([roff::bold(name), roff::roman(args)]);
        if let Some(about) = sub.get_about() {
            page.text([roff::roman(about.to_string())]);
        }
    }
    page.control("PP", [])
        .text([roff::roman(
            "Each command's options: northstar COMMAND --help.",
        )])
        .control("SH", ["EXIT STATUS"])
        .text([roff::roman(crate::cli::EXIT_CODES)])
        .control("SH", ["FILES"])
        .text([roff::roman(crate::cli::FINDING_THE_PLAN)])
        .control("SH", ["EXAMPLES"])
        .control("nf", [])
        .text([roff::roman(crate::cli::EXAMPLE)]);
    examples(&command, &mut page);
    page.control("fi", []);
    let page = page.render();
    out.write_all(page.strip_prefix(ROFF_PREAMBLE).unwrap_or(&page).as_bytes())?;
    section(clap_mangen::Man::render_version_section, out)
}

/// The example lines of every command under `command` (each `--help` ends with
/// `Example:` and indented lines), in order, as text lines of `page`.
fn examples(command: &clap::Command, page: &mut roff::Roff) {
    for sub in command.get_subcommands() {
        let help = sub
            .get_after_help()
            .map(ToString::to_string)
            .unwrap_or_default();
        for line in help.strip_prefix("Example:\n").unwrap_or("").lines() {
            page.text([roff::roman(line.trim())]);
        }
        examples(sub, page);
    }
}

/// The commands under `command` that run something (`bet start`, not `bet`), in order,
/// without `help`.
fn commands<'c>(command: &'c clap::Command, out: &mut Vec<&'c clap::Command>) {
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        if sub.has_subcommands() {
            commands(sub, out);
        } else {
            out.push(sub);
        }
    }
}

/// Everything a command needs to know, decided once.
#[derive(Debug, Clone)]
pub struct Options {
    /// The working directory (for paths the user typed and for git).
    pub cwd: PathBuf,
    /// Today (`NORTHSTAR_TODAY` overrides the clock).
    pub today: NaiveDate,
    /// The main plan file: `-f`, else `NORTHSTAR_PLAN`, else the nearest `northstar.toml` at
    /// or above the working directory. Empty for commands that read no plan.
    pub plan: PathBuf,
    /// `--at REV`: read every plan file at this git revision.
    pub at: Option<String>,
    /// The as-of date, by the rule in the module docs.
    pub as_of: NaiveDate,
    /// Whether `--as-of` was given (it overrides each `diff` side's date).
    pub as_of_given: bool,
    /// The period reported and, for `review`, the as-of date that depends on it.
    pub selection: Selection,
    /// Colour per stream.
    pub color: Colors,
    /// The width tables fit (`None`: `--wide`, no limit): `COLUMNS`, else the terminal's
    /// width, else 80, also when piped or written to a file.
    pub width: Option<u16>,
    /// How terminal tables are drawn (`--style`).
    pub style: crate::render::table::TableStyle,
    /// The pager to send stdout through (a command for `sh -c`), when stdout is a terminal
    /// and paging is on; used only when the output has more lines than `rows`.
    pub pager: Option<String>,
    /// The terminal's rows, when stdout is one.
    pub rows: Option<u16>,
    /// `-o FILE`: write the report there atomically instead of to stdout.
    pub output: Option<PathBuf>,
    /// The output format, from `--format`, the `-o` extension, or the command's default.
    pub format: Format,
    /// The command's row of the command table.
    pub command: &'static Spec,
    /// What to do.
    pub action: Action,
}

/// Which period to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodChoice {
    /// The period of the plan's cadence containing the as-of date.
    Default,
    /// `--period LABEL`: a label or a cycle id, resolved on the plan's calendar.
    Label(Label),
    /// A period already resolved (the other side of a `diff`, a check-in's objective).
    Fixed(Period),
}

/// The period rule and the as-of date that may depend on it (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Which period.
    pub period: PeriodChoice,
    /// The as-of date (for `review` without `--as-of`: today, before [`review_as_of`]).
    pub as_of: NaiveDate,
    /// `review` without `--as-of`: the as-of date is the earlier of `as_of` and the
    /// period's last day.
    pub clamp_to_period: bool,
}

impl Selection {
    /// The selection of `period` as of `as_of`, nothing clamped.
    #[must_use]
    pub fn at(period: PeriodChoice, as_of: NaiveDate) -> Self {
        Self {
            period,
            as_of,
            clamp_to_period: false,
        }
    }

    /// The period and the as-of date on `calendar`.
    ///
    /// Errors: a label naming no period of the plan (a cycle it does not have), or one
    /// reaching outside the years 1–9999.
    pub fn resolve(&self, calendar: &Calendar) -> Result<(Period, NaiveDate), PeriodError> {
        let period = match &self.period {
            PeriodChoice::Default => calendar.containing(self.as_of),
            PeriodChoice::Label(label) => calendar.resolve(label)?,
            PeriodChoice::Fixed(period) => period.clone(),
        };
        let as_of = if self.clamp_to_period {
            review_as_of(None, self.as_of, &period)
        } else {
            self.as_of
        };
        Ok((period, as_of))
    }
}

/// The as-of date of `review`: `--as-of`, else the earlier of today and the period's last
/// day.
#[must_use]
pub fn review_as_of(given: Option<NaiveDate>, today: NaiveDate, period: &Period) -> NaiveDate {
    given.unwrap_or_else(|| today.min(period.window.last_day))
}

/// The as-of date of one side of `diff`: `--as-of`, else the revision's commit date, else
/// (the working tree, or a commit without a readable date) today.
#[must_use]
pub fn side_as_of(
    given: Option<NaiveDate>,
    commit_date: Option<NaiveDate>,
    today: NaiveDate,
) -> NaiveDate {
    given.or(commit_date).unwrap_or(today)
}

/// Whether a stream gets colour: `--color always|never` decide; `auto` follows the user
/// configuration's `color`, else colours a terminal unless `NO_COLOR` is set
/// (`CLICOLOR_FORCE` colours a non-terminal).
fn colored(choice: ColorArg, env: &Env, is_terminal: bool) -> bool {
    match (choice, env.config_color) {
        (ColorArg::Always, _) | (ColorArg::Auto, Some(ColorSetting::Always)) => true,
        (ColorArg::Never, _) | (ColorArg::Auto, Some(ColorSetting::Never)) => false,
        (ColorArg::Auto, _) => !env.no_color && (env.clicolor_force || is_terminal),
    }
}

/// The width tables fit: none with `--wide`, else `COLUMNS`, else the terminal's width,
/// else 80 (also when piped, so a report pasted from a pipe looks as it did on screen).
#[must_use]
pub fn table_width(wide: bool, env: &Env) -> Option<u16> {
    if wide {
        return None;
    }
    Some(
        env.columns
            .or(env.terminal.map(|(columns, _)| columns))
            .unwrap_or(80),
    )
}

/// The pager, as git chooses one: only when stdout is a terminal; `--no-pager`,
/// `pager = false` in the configuration, or an empty `NORTHSTAR_PAGER` or `PAGER` turn it
/// off; otherwise `$NORTHSTAR_PAGER`, else `$PAGER`, else `less -FRX`.
#[must_use]
pub fn pager(no_pager: bool, env: &Env) -> Option<String> {
    if no_pager || env.config_pager == Some(false) || !env.stdout_is_terminal {
        return None;
    }
    let chosen = match &env.pager_vars {
        (Some(ours), _) => ours.clone(),
        (None, Some(theirs)) => theirs.clone(),
        (None, None) => "less -FRX".to_string(),
    };
    (!chosen.trim().is_empty()).then_some(chosen)
}

/// A date option resolved against `today` (a relative date counts back from it), or the
/// usage error naming the option.
fn date(arg: Option<DateArg>, flag: &str, today: NaiveDate) -> Result<Option<NaiveDate>, String> {
    arg.map(|d| {
        d.resolve(today)
            .map_err(|e| format!("invalid value for `{flag}`: {e}"))
    })
    .transpose()
}

/// `add`'s command line as one [`Addition`]: the keys each kind writes, in the order of
/// docs/plan-file.md, defaults left out. `period`: the global `--period`, an objective's
/// (required) or an initiative's (unless `--start` and `--end`).
fn addition(
    cmd: &AddCommand,
    period: Option<&Label>,
    today: NaiveDate,
) -> Result<Addition, String> {
    use NewValue::{Bool, List, Number, Text};
    // One name as a string, several as a list (`team = ["a", "b"]`).
    let names = |v: &Vec<String>| match v.as_slice() {
        [] => None,
        [one] => Some(Text(one.clone())),
        _ => Some(List(v.clone())),
    };
    let label = period.map(|p| NewValue::Text(p.to_string()));
    let text = |s: &Option<String>| s.clone().map(Text);
    let num = |s: &Option<String>| s.clone().map(Number);
    let (common, table, keys): (&AddCommon, NewTable, Vec<(&'static str, Option<NewValue>)>) =
        match cmd {
            AddCommand::Objective(a) => (
                &a.common,
                NewTable::Objective,
                vec![
                    ("title", Some(Text(a.title.clone()))),
                    ("pillar", {
                        if a.pillar.is_none() && a.parent.is_none() && a.parents.is_empty() {
                            return Err(
                                "an objective needs --pillar, or --parent (or --parents) whose pillar it inherits"
                                    .into(),
                            );
                        }
                        text(&a.pillar)
                    }),
                    ("team", names(&a.team)),
                    ("parent", text(&a.parent)),
                    (
                        "parents",
                        (!a.parents.is_empty()).then(|| List(a.parents.clone())),
                    ),
                    ("contribution", num(&a.contribution)),
                    (
                        "period",
                        Some(label.ok_or(
                            "the following required argument was not provided: --period <PERIOD>",
                        )?),
                    ),
                    ("owner", text(&a.owner)),
                    (
                        "kind",
                        matches!(a.kind, Some(KindArg::Aspirational))
                            .then(|| Text("aspirational".into())),
                    ),
                ],
            ),
            AddCommand::Kr(a) => (
                &a.common,
                NewTable::KeyResult {
                    objective: a.objective.clone(),
                },
                vec![
                    ("title", Some(Text(a.title.clone()))),
                    ("unit", text(&a.unit)),
                    ("baseline", num(&a.baseline)),
                    (
                        "target",
                        match (&a.target, &a.baseline) {
                            (Some(t), _) if t == "tbd" => Some(Text(t.clone())),
                            (Some(t), None) => {
                                return Err(format!(
                                    "`--target {t}` needs --baseline: a key result moves from a baseline to its target; `--target tbd` drafts one whose target is still to be decided"
                                ));
                            }
                            (t, _) => num(t),
                        },
                    ),
                    ("milestone", a.milestone.then_some(Bool(true))),
                    ("keep_below", num(&a.keep_below)),
                    ("keep_above", num(&a.keep_above)),
                    ("weight", num(&a.weight)),
                    (
                        "start",
                        date(a.start, "--start", today)?.map(NewValue::Date),
                    ),
                    ("due", date(a.due, "--due", today)?.map(NewValue::Date)),
                    ("owner", text(&a.owner)),
                    ("measured_by", text(&a.measured_by)),
                ],
            ),
            AddCommand::Pillar(a) => (
                &a.common,
                NewTable::Pillar,
                vec![
                    ("name", Some(Text(a.name.clone()))),
                    ("owner", text(&a.owner)),
                ],
            ),
            AddCommand::NorthStar(a) => (
                &a.common,
                NewTable::NorthStar,
                vec![
                    ("name", Some(Text(a.name.clone()))),
                    ("unit", text(&a.unit)),
                    ("owner", text(&a.owner)),
                    ("baseline", num(&a.baseline)),
                    ("target", num(&a.target)),
                    ("due", date(a.due, "--due", today)?.map(NewValue::Date)),
                ],
            ),
            AddCommand::Team(a) => (
                &a.common,
                NewTable::Team,
                vec![
                    ("name", Some(Text(a.name.clone()))),
                    ("parent", text(&a.parent)),
                    ("lead", text(&a.lead)),
                ],
            ),
            AddCommand::Metric(a) => (
                &a.common,
                NewTable::Metric,
                vec![
                    ("name", Some(Text(a.name.clone()))),
                    (
                        "role",
                        matches!(a.role, Some(RoleArg::Health)).then(|| Text("health".into())),
                    ),
                    ("unit", text(&a.unit)),
                    ("owner", text(&a.owner)),
                    ("baseline", num(&a.baseline)),
                    ("target", num(&a.target)),
                    ("keep_below", num(&a.keep_below)),
                    ("keep_above", num(&a.keep_above)),
                ],
            ),
            AddCommand::Initiative(a) => (
                &a.common,
                NewTable::Initiative,
                vec![
                    ("title", Some(Text(a.title.clone()))),
                    ("pillar", text(&a.pillar)),
                    ("period", {
                        match (&label, a.start) {
                            (Some(_), Some(_)) => {
                                return Err(
                                    "an initiative has --period or --start and --end, not both"
                                        .into(),
                                );
                            }
                            (None, None) => {
                                return Err(
                                    "an initiative needs --period, or --start and --end".into()
                                );
                            }
                            _ => label.clone(),
                        }
                    }),
                    (
                        "start",
                        date(a.start, "--start", today)?.map(NewValue::Date),
                    ),
                    ("end", date(a.end, "--end", today)?.map(NewValue::Date)),
                    ("owner", text(&a.owner)),
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
                ],
            ),
            AddCommand::Bet(a) => {
                let todo = |s: &Option<String>, what: &str| {
                    Some(Text(s.clone().unwrap_or_else(|| format!("TODO: {what}"))))
                };
                (
                    &a.common,
                    NewTable::Bet,
                    vec![
                        ("title", Some(Text(a.title.clone()))),
                        ("pillar", Some(Text(a.pillar.clone()))),
                        ("owner", text(&a.owner)),
                        ("hypothesis", todo(&a.hypothesis, "if …, then …, because …")),
                        ("risk", Some(Text(value_name(&a.risk)))),
                        ("appetite_weeks", Some(Number(a.appetite_weeks.clone()))),
                        ("success", todo(&a.success, "what tells us it worked")),
                        ("kill", todo(&a.kill, "what tells us to stop")),
                    ],
                )
            }
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

/// The name clap gives a value of a `ValueEnum` (`debt`, `transformational`).
fn value_name(v: &impl clap::ValueEnum) -> String {
    v.to_possible_value()
        .map(|p| p.get_name().to_string())
        .unwrap_or_default()
}

/// `--by`'s default: the configured `name`, else `git config user.name` of the plan's
/// repository (the directory of `-f PLAN`, else the working directory, where the plan is
/// found), else `$USER`.
fn default_author(env: &Env, plan: Option<&Path>) -> Option<String> {
    let dir = plan
        .and_then(Path::parent)
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| env.cwd.clone(), |d| env.cwd.join(d));
    env.config_name
        .clone()
        .or_else(|| crate::git::Git::new(&dir).config("user.name"))
        .or_else(|| env.user.clone())
}

fn filter(args: &ListArgs) -> Filter {
    Filter {
        pillar: args.pillar.clone(),
        owner: args.owner.clone(),
        team: args.team.clone(),
    }
}

/// `REV_A [REV_B]` or `REV_A..REV_B` (an empty side of `..` is `HEAD`); none: `HEAD`
/// against the working tree.
fn revisions(revs: &[String]) -> (String, Option<String>) {
    let or_head = |s: &str| {
        if s.is_empty() {
            "HEAD".to_string()
        } else {
            s.to_string()
        }
    };
    match revs {
        [] => ("HEAD".into(), None),
        [one] => match one.split_once("..") {
            Some((a, b)) => (or_head(a), Some(or_head(b))),
            None => (one.clone(), None),
        },
        [a, b, ..] => (a.clone(), Some(b.clone())),
    }
}

/// The command line `northstar ARGS…` (without the program name) parsed and resolved as
/// `main` does, for callers that start from words rather than a process (the fuzzing
/// harness).
///
/// # Errors
/// clap's message for a usage error (or `--help`, `--version`), else [`resolve`]'s.
pub fn from_args<I, T>(args: I, env: &Env) -> Result<Options, String>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let command_line = std::iter::once(std::ffi::OsString::from("northstar"))
        .chain(args.into_iter().map(Into::into));
    let cli = super::try_parse_from(command_line).map_err(|e| e.to_string())?;
    resolve(&cli, env)
}

/// Refuses global options that mean nothing for the command, rather than ignoring them,
/// by the command table (which also hides them from the command's help).
fn meaningless_options(cli: &Cli, spec: &Spec) -> Result<(), String> {
    for (option, given) in [
        (Global::At, cli.at.is_some()),
        (Global::AsOf, cli.as_of.is_some()),
        (Global::Period, cli.period.is_some()),
    ] {
        if let (true, Some(message)) = (given, spec.refusal(option)) {
            return Err(message);
        }
    }
    Ok(())
}

/// A command's words (`["add", "kr"]`), as `--help` and the command table name it.
fn command_words(command: &Command) -> &'static [&'static str] {
    match command {
        Command::Check(_) => &["check"],
        Command::Status(_) => &["status"],
        Command::Okrs(_) => &["okrs"],
        Command::Bets(_) => &["bets"],
        Command::Initiatives(_) => &["initiatives"],
        Command::Metrics(_) => &["metrics"],
        Command::Review(_) => &["review"],
        Command::Diff(_) => &["diff"],
        Command::Log(_) => &["log"],
        Command::Show(_) => &["show"],
        Command::Tree(_) => &["tree"],
        Command::Checkin(_) => &["checkin"],
        Command::Measure(_) => &["measure"],
        Command::Init(_) => &["init"],
        Command::Carry(_) => &["carry"],
        Command::Bet(BetCommand::Start { .. }) => &["bet", "start"],
        Command::Bet(BetCommand::Decide { .. }) => &["bet", "decide"],
        Command::Set(_) => &["set"],
        Command::Add(AddCommand::Objective(_)) => &["add", "objective"],
        Command::Add(AddCommand::Kr(_)) => &["add", "kr"],
        Command::Add(AddCommand::NorthStar(_)) => &["add", "north-star"],
        Command::Add(AddCommand::Pillar(_)) => &["add", "pillar"],
        Command::Add(AddCommand::Team(_)) => &["add", "team"],
        Command::Add(AddCommand::Metric(_)) => &["add", "metric"],
        Command::Add(AddCommand::Initiative(_)) => &["add", "initiative"],
        Command::Add(AddCommand::Bet(_)) => &["add", "bet"],
        Command::Remove(_) => &["remove"],
        Command::Schema => &["schema"],
        Command::Completions { .. } => &["completions"],
        Command::Man => &["man"],
        Command::Config(ConfigCommand::Path) => &["config", "path"],
    }
}

/// Resolves the command line and the environment into [`Options`].
///
/// Errors (usage errors, printed as `error: …` with exit code 2 before any plan is read):
/// `--at` with a command that writes; a format the command does not write, or an `-o`
/// extension naming none; no plan file found.
pub fn resolve(cli: &Cli, env: &Env) -> Result<Options, String> {
    if let Some(bad) = &env.bad_today {
        return Err(bad.clone());
    }
    // `config path` still answers, so the user can find the file to fix.
    if let Some(bad) = &env.bad_config
        && !matches!(cli.command, Command::Config(_))
    {
        return Err(bad.clone());
    }
    let today = env.today;
    let spec = table::spec(command_words(&cli.command));
    meaningless_options(cli, spec)?;
    // (--format, -o) of the commands that write a report.
    let (format, output) = match &cli.command {
        Command::Check(a) => (a.format.as_deref(), None),
        Command::Status(a) => (a.format.as_deref(), a.output.as_deref()),
        Command::Okrs(a) | Command::Initiatives(a) | Command::Metrics(a) => {
            (a.format.as_deref(), a.output.as_deref())
        }
        Command::Bets(a) => (a.list.format.as_deref(), a.list.output.as_deref()),
        Command::Log(a) => (a.format.as_deref(), a.output.as_deref()),
        Command::Show(a) => (a.format.as_deref(), a.output.as_deref()),
        Command::Tree(a) => (a.format.as_deref(), a.output.as_deref()),
        Command::Review(a) => (a.format.as_deref(), a.output.as_deref()),
        Command::Diff(a) => (a.format.as_deref(), a.output.as_deref()),
        _ => (None, None),
    };
    let format = if spec.formats.is_empty() {
        Format::Table
    } else {
        formats::resolve(spec.formats, format, output)?
    };
    let mut as_of = date(cli.as_of, "--as-of", today)?.unwrap_or(today);
    let clamp_to_period = spec.as_of == AsOfRule::ClampedToPeriod && cli.as_of.is_none();
    let action = match &cli.command {
        Command::Check(a) => Action::Check {
            deny_warnings: a.deny_warnings,
            git: !a.no_git && cli.at.is_none(),
        },
        Command::Status(a) => report(
            View::Status,
            Filter {
                team: a.team.clone(),
                ..Filter::default()
            },
        ),
        Command::Okrs(a) => report(View::Okrs, filter(a)),
        Command::Initiatives(a) => report(View::Initiatives, filter(a)),
        Command::Metrics(a) => report(View::Metrics, filter(a)),
        Command::Bets(a) => Action::Report {
            view: View::Bets,
            filter: filter(&a.list),
            overdue_only: a.overdue,
            fail_on_overdue: a.fail,
        },
        Command::Show(a) => Action::Show { id: a.id.clone() },
        Command::Tree(a) => Action::Tree(Query {
            scope: match (&a.id, &a.team) {
                (Some(id), _) => Scope::Under(id.clone()),
                (None, Some(team)) => Scope::Team(team.clone()),
                (None, None) => Scope::Whole,
            },
            depth: a.depth,
        }),
        Command::Log(a) => Action::Log(LogFilter {
            since: date(a.since, "--since", today)?,
            until: date(a.until, "--until", today)?,
            metric: a.metric.clone(),
            by: a.by.clone(),
        }),
        Command::Review(a) => Action::Review {
            team: a.team.clone(),
        },
        Command::Diff(a) => {
            let (from, to) = revisions(&a.revs);
            Action::Diff { from, to }
        }
        Command::Checkin(a) => {
            let date = date(a.date, "--date", today)?.unwrap_or(today);
            if spec.as_of == AsOfRule::LaterOfCheckin {
                as_of = as_of.max(date);
            }
            Action::Checkin(Checkin {
                id: a.id.clone(),
                value: a.value.clone(),
                date,
                confidence: a.confidence,
                note: a.note.clone(),
                by: a
                    .by
                    .clone()
                    .or_else(|| default_author(env, cli.file.as_deref())),
                dry_run: a.dry_run,
                allow_future: a.allow_future,
            })
        }
        Command::Measure(a) => {
            let date = date(a.date, "--date", today)?.unwrap_or(today);
            Action::Measure(Measure {
                ids: a.ids.clone(),
                date,
                dry_run: a.dry_run,
                allow_commands: a.allow_commands,
                allow_credentials: a.allow_credentials,
                trusted: env.config_trusted.clone(),
                credentials: env.config_credentials.clone(),
                progress: env.stderr_is_terminal,
            })
        }
        Command::Bet(BetCommand::Start {
            id,
            decide_by,
            date,
        }) => Action::BetStart {
            id: id.clone(),
            start: self::date(*date, "--date", today)?.unwrap_or(today),
            decide_by: self::date(*decide_by, "--decide-by", today)?,
        },
        Command::Bet(BetCommand::Decide {
            id,
            decision,
            outcome,
            learnings,
            date,
        }) => Action::BetDecide {
            id: id.clone(),
            status: match decision {
                DecisionArg::Validated => BetStatus::Validated,
                DecisionArg::Invalidated => BetStatus::Invalidated,
                DecisionArg::Killed => BetStatus::Killed,
            },
            decided: self::date(*date, "--date", today)?.unwrap_or(today),
            outcome: outcome.clone(),
            learnings: learnings.clone(),
        },
        // `plan` names the `[plan]` table: its keys are settings, not goalposts.
        Command::Set(a) if a.id == "plan" => {
            if a.reason.is_some() {
                return Err(
                    "`--reason` records goalpost changes; the keys of `[plan]` are settings, not goalposts: leave it out"
                        .into(),
                );
            }
            Action::SetPlan(PlanSetting {
                key: a.field.clone(),
                value: a.value.clone(),
                dry_run: a.dry_run,
            })
        }
        Command::Set(a) => Action::Set(SetField {
            id: a.id.clone(),
            field: a.field.clone(),
            value: a.value.clone(),
            reason: a.reason.clone(),
            by: a
                .by
                .clone()
                .or_else(|| default_author(env, cli.file.as_deref())),
            dry_run: a.dry_run,
        }),
        Command::Add(a) => Action::Add(addition(a, cli.period.as_ref(), today)?),
        Command::Remove(a) => Action::Remove(Removal {
            id: a.id.clone(),
            reason: a.reason.clone(),
            by: a
                .by
                .clone()
                .or_else(|| default_author(env, cli.file.as_deref())),
            dry_run: a.dry_run,
        }),
        Command::Carry(a) => Action::Carry {
            to: a.to.clone(),
            ids: a.ids.clone(),
            suffix: a.suffix.clone(),
            dry_run: a.dry_run,
        },
        Command::Init(a) => Action::Init {
            dir: a.dir.clone().unwrap_or_else(|| PathBuf::from(".")),
            name: a
                .name
                .clone()
                .unwrap_or_else(|| "Engineering plan".to_string()),
            empty: a.empty,
        },
        Command::Schema => Action::Schema,
        Command::Config(ConfigCommand::Path) => Action::ConfigPath,
        Command::Completions { shell } => {
            Action::Generated(Generated(GeneratedKind::Completions(*shell)))
        }
        Command::Man => Action::Generated(Generated(GeneratedKind::Man)),
    };
    let plan = if spec.reads_plan {
        env.find_plan(cli.file.as_deref())?
    } else {
        PathBuf::new()
    };
    let to_file = output.is_some();
    Ok(Options {
        cwd: env.cwd.clone(),
        today,
        plan,
        at: cli.at.clone(),
        as_of,
        as_of_given: cli.as_of.is_some(),
        selection: Selection {
            period: cli
                .period
                .clone()
                .map_or(PeriodChoice::Default, PeriodChoice::Label),
            as_of,
            clamp_to_period,
        },
        color: Colors {
            stdout: !to_file && colored(cli.color, env, env.stdout_is_terminal),
            stderr: colored(cli.color, env, env.stderr_is_terminal),
        },
        width: table_width(cli.wide, env),
        style: match cli.style {
            crate::cli::StyleArg::Light => crate::render::table::TableStyle::Light,
            crate::cli::StyleArg::Boxed => crate::render::table::TableStyle::Boxed,
            crate::cli::StyleArg::Markdown => crate::render::table::TableStyle::Markdown,
        },
        pager: if to_file || spec.writes_files {
            None
        } else {
            pager(cli.no_pager, env)
        },
        rows: env.terminal.map(|(_, rows)| rows),
        output: output.map(Path::to_path_buf),
        format,
        command: spec,
        action,
    })
}

fn report(view: View, filter: Filter) -> Action {
    Action::Report {
        view,
        filter,
        overdue_only: false,
        fail_on_overdue: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_as_of_rules() {
        let q4 = Calendar::default().parse("2026-Q4").unwrap();
        let q4 = &q4;
        let today = date("2026-11-20");
        // review: the earlier of today and the period's last day; --as-of wins.
        assert_eq!(review_as_of(None, today, q4), today);
        assert_eq!(
            review_as_of(None, date("2027-02-01"), q4),
            date("2026-12-31")
        );
        assert_eq!(
            review_as_of(Some(date("2026-12-31")), today, q4),
            date("2026-12-31")
        );
        // diff: the commit's date, today for the working tree; --as-of wins.
        assert_eq!(
            side_as_of(None, Some(date("2026-11-16")), today),
            date("2026-11-16")
        );
        assert_eq!(side_as_of(None, None, today), today);
        assert_eq!(
            side_as_of(Some(date("2026-10-01")), Some(date("2026-11-16")), today),
            date("2026-10-01")
        );
    }

    #[test]
    fn the_period_rule() {
        let fiscal = Calendar {
            fiscal_start: crate::time::period::FiscalStart::parse("02-01").ok(),
            ..Calendar::default()
        };
        let resolve = |s: &Selection, c: &Calendar| {
            let (p, as_of) = s.resolve(c).unwrap();
            (p.to_string(), as_of)
        };
        // Default: the cadence's period containing the as-of date, fiscal when set.
        let default = Selection::at(PeriodChoice::Default, date("2026-11-20"));
        assert_eq!(
            resolve(&default, &Calendar::default()),
            (
                "2026-Q4, 2026-10-01 – 2026-12-31".into(),
                date("2026-11-20")
            )
        );
        assert_eq!(
            resolve(&default, &fiscal),
            (
                "FY27-Q4, 2026-11-01 – 2027-01-31".into(),
                date("2026-11-20")
            )
        );
        // A label resolves on the plan's calendar; review clamps to its last day.
        let review = Selection {
            period: PeriodChoice::Label(Label::parse("fy27-q3").unwrap()),
            as_of: date("2026-11-20"),
            clamp_to_period: true,
        };
        assert_eq!(
            resolve(&review, &fiscal),
            (
                "FY27-Q3, 2026-08-01 – 2026-10-31".into(),
                date("2026-10-31")
            )
        );
        let unknown = Selection::at(
            PeriodChoice::Label(Label::parse_or_cycle("cycle-9")),
            date("2026-11-20"),
        );
        assert_eq!(
            unknown.resolve(&fiscal).unwrap_err().to_string(),
            "unknown period `cycle-9`"
        );
    }

    #[test]
    fn revision_ranges() {
        let r = |v: &[&str]| revisions(&v.iter().map(|s| (*s).to_string()).collect::<Vec<_>>());
        assert_eq!(r(&[]), ("HEAD".into(), None));
        assert_eq!(r(&["v1"]), ("v1".into(), None));
        assert_eq!(r(&["v1..v2"]), ("v1".into(), Some("v2".into())));
        assert_eq!(r(&["v1.."]), ("v1".into(), Some("HEAD".into())));
        assert_eq!(r(&["a", "b"]), ("a".into(), Some("b".into())));
    }
}
