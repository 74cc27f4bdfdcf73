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
//! **The period rule** (each command's is named in the command table too): `--period LABEL`
//! (alias `--quarter`), else the period of the plan's `cadence` that contains the as-of
//! date (for `review` without `--as-of`: today), fiscal when the plan sets
//! `fiscal_year_start`; for `checkin` and `set`, the period of the entity named (an
//! objective's, a key result's objective's: [`PeriodChoice::OfEntity`]); for `diff`, the
//! newer side's, the older side rolled up over the same days. Labels and entities resolve
//! in the plan, so the rule is written down here as a [`Selection`] and applied, by
//! [`Selection::resolve`], once the plan is loaded.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::action::date;
use super::env::Env;
use super::formats::{self, Format};
use super::table::{self, AsOfRule, Global, PeriodRule, Spec};
use crate::cli::{AddCommand, BetCommand, Cli, ColorArg, Command, ConfigCommand};
use crate::config::ColorSetting;
use crate::plan::Plan;
use crate::plan::model::EntityRef;
use crate::refusal::Refusal;
use crate::time::period::{Calendar, Label, Period, PeriodError};

pub use super::action::{
    Action, Addition, Checkin, Filter, LogFilter, Measure, NewTable, NewValue, PlanSetting,
    Removal, SetField,
};
pub use super::man::Generated;

/// Whether to colour each stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Colors {
    /// Colour stdout (never when the output goes to a file).
    pub stdout: bool,
    /// Colour stderr (diagnostics).
    pub stderr: bool,
}

impl Options {
    /// The as-of date, before any clamp to the period (`review`'s is clamped once the
    /// period is known: the roll-up's `as_of`).
    #[must_use]
    pub fn as_of(&self) -> NaiveDate {
        self.selection.as_of.date()
    }

    /// Whether a successful run has written files: a command that writes (by the command
    /// table), not its dry run. Once such a write is durable the command has succeeded,
    /// whatever happens to the confirmation it prints.
    #[must_use]
    pub fn writes_files(&self) -> bool {
        self.command.writes_files && !self.action.dry_run()
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
    /// A period already resolved (the older side of a `diff`, rolled up over the newer
    /// side's period).
    Fixed(Period),
    /// The period of the entity this id names (`checkin`'s and `set`'s rule): an
    /// objective's own, a key result's objective's; for any other entity, or an id the plan
    /// does not have, [`PeriodChoice::Default`]. A check-in is rated in its key result's
    /// period, and a goalpost's period has started once its first day is today or earlier.
    OfEntity(String),
}

/// The period rule and the as-of date that may depend on it (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Which period.
    pub period: PeriodChoice,
    /// The as-of date, and how it was decided.
    pub as_of: AsOf,
}

/// The as-of date and how it was decided, by the command's rule (see the module docs):
/// the one place the date lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOf {
    /// `--as-of DATE` (for `checkin`, the check-in's date when that is later).
    Given(NaiveDate),
    /// The command's default: today (for `checkin`, the check-in's date when later).
    Default(NaiveDate),
    /// `review` without `--as-of`: the earlier of this date (today) and the last day of
    /// the period reviewed, known once the period is ([`Selection::resolve`]).
    ClampedToPeriod(NaiveDate),
}

impl AsOf {
    /// The date, before any clamp to the period.
    #[must_use]
    pub fn date(self) -> NaiveDate {
        match self {
            AsOf::Given(d) | AsOf::Default(d) | AsOf::ClampedToPeriod(d) => d,
        }
    }

    /// The date `--as-of` gave, if it did (it overrides each `diff` side's own date).
    #[must_use]
    pub fn given(self) -> Option<NaiveDate> {
        match self {
            AsOf::Given(d) => Some(d),
            AsOf::Default(_) | AsOf::ClampedToPeriod(_) => None,
        }
    }
}

impl Selection {
    /// The selection of `period` as of `as_of`, nothing clamped.
    #[must_use]
    pub fn at(period: PeriodChoice, as_of: NaiveDate) -> Self {
        Self {
            period,
            as_of: AsOf::Default(as_of),
        }
    }

    /// The period and the as-of date in `plan` (on its calendar).
    ///
    /// Errors: a label naming no period of the plan (a cycle it does not have), or one
    /// reaching outside the years 1–9999.
    pub fn resolve(&self, plan: &Plan) -> Result<(Period, NaiveDate), PeriodError> {
        let entity = match &self.period {
            PeriodChoice::OfEntity(id) => entity_period(plan, id),
            _ => None,
        };
        self.resolve_on(&plan.calendar, entity)
    }

    /// [`Selection::resolve`] on `calendar`, `entity` being the period of the entity an
    /// [`PeriodChoice::OfEntity`] names (`None`: it has none).
    fn resolve_on(
        &self,
        calendar: &Calendar,
        entity: Option<&Period>,
    ) -> Result<(Period, NaiveDate), PeriodError> {
        let period = match (&self.period, entity) {
            (PeriodChoice::Label(label), _) => calendar.resolve(label)?,
            (PeriodChoice::Fixed(period), _) | (PeriodChoice::OfEntity(_), Some(period)) => {
                period.clone()
            }
            (PeriodChoice::Default, _) | (PeriodChoice::OfEntity(_), None) => {
                calendar.containing(self.as_of.date())
            }
        };
        let as_of = match self.as_of {
            AsOf::ClampedToPeriod(today) => review_as_of(None, today, &period),
            AsOf::Given(d) | AsOf::Default(d) => d,
        };
        Ok((period, as_of))
    }
}

/// The period of the entity `id` names: an objective's, or a key result's objective's;
/// `None` for any other entity or an id `plan` does not have.
fn entity_period<'p>(plan: &'p Plan, id: &str) -> Option<&'p Period> {
    match plan.entity(id)? {
        EntityRef::Objective(i) => Some(&plan.objectives[i].period),
        EntityRef::KeyResult(r) => Some(&plan.objectives[r.objective].period),
        EntityRef::NorthStar
        | EntityRef::Metric(_)
        | EntityRef::Pillar(_)
        | EntityRef::Team(_)
        | EntityRef::Initiative(_)
        | EntityRef::Bet(_) => None,
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

/// The command line `northstar ARGS…` (without the program name) parsed and resolved as
/// `main` does, for callers that start from words rather than a process (the fuzzing
/// harness).
///
/// # Errors
/// clap's message for a usage error (or `--help`, `--version`) as a refusal, else
/// [`resolve`]'s.
pub fn from_args<I, T>(args: I, env: &Env) -> Result<Options, Refusal>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let command_line = std::iter::once(std::ffi::OsString::from("northstar"))
        .chain(args.into_iter().map(Into::into));
    let cli = super::try_parse_from(command_line).map_err(|e| Refusal::new(e.to_string()))?;
    resolve(&cli, env)
}

/// Refuses global options that mean nothing for the command, rather than ignoring them,
/// by the command table (which also hides them from the command's help).
fn meaningless_options(cli: &Cli, spec: &Spec) -> Result<(), Refusal> {
    for (option, given) in [
        (Global::At, cli.at.is_some()),
        (Global::AsOf, cli.as_of.is_some()),
        (Global::Period, cli.period.is_some()),
    ] {
        if let (true, Some(message)) = (given, spec.refusal(option)) {
            return Err(Refusal::new(message));
        }
    }
    Ok(())
}

/// The command's period rule (its row of the command table) as the [`PeriodChoice`] to
/// resolve once the plan is loaded.
fn period_choice(cli: &Cli, spec: &Spec, action: &Action) -> PeriodChoice {
    match (spec.period, action) {
        (
            PeriodRule::OfEntity,
            Action::Checkin(Checkin { id, .. }) | Action::Set(SetField { id, .. }),
        ) => PeriodChoice::OfEntity(id.clone()),
        _ => cli
            .period
            .clone()
            .map_or(PeriodChoice::Default, PeriodChoice::Label),
    }
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
        Command::Calibration(_) => &["calibration"],
        Command::Digest(_) => &["digest"],
        Command::Site(_) => &["site"],
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
        Command::Lsp => &["lsp"],
        Command::Schema => &["schema"],
        Command::Completions { .. } => &["completions"],
        Command::Man => &["man"],
        Command::Config(ConfigCommand::Path) => &["config", "path"],
    }
}

/// Resolves the command line and the environment into [`Options`].
///
/// Errors (usage errors, printed as every refusal is, `error: …` and `help: …` with exit
/// code 2, before any plan is read): an invalid `NORTHSTAR_TODAY` or user configuration;
/// a global option meaningless for the command (`--at` with a command that writes); a
/// format the command does not write, or an `-o` extension naming none; an invalid date
/// or a missing or conflicting argument; no plan file found.
pub fn resolve(cli: &Cli, env: &Env) -> Result<Options, Refusal> {
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
        Command::Calibration(a) => (a.format.as_deref(), a.output.as_deref()),
        Command::Digest(a) => (a.format.as_deref(), a.output.as_deref()),
        Command::Diff(a) => (a.format.as_deref(), a.output.as_deref()),
        _ => (None, None),
    };
    let format = if spec.formats.is_empty() {
        Format::Table
    } else {
        formats::resolve(spec.formats, format, output)?
    };
    let mut as_of = date(cli.as_of, "--as-of", today)?.unwrap_or(today);
    let action = super::action::action(cli, env)?;
    if let (AsOfRule::LaterOfCheckin, Action::Checkin(checkin)) = (spec.as_of, &action) {
        as_of = as_of.max(checkin.date);
    }
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
        selection: Selection {
            period: period_choice(cli, spec, &action),
            as_of: match (spec.as_of, cli.as_of.is_some()) {
                (_, true) => AsOf::Given(as_of),
                (AsOfRule::ClampedToPeriod, false) => AsOf::ClampedToPeriod(as_of),
                (_, false) => AsOf::Default(as_of),
            },
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

    /// The command table's period rule becomes the selection's period choice once, when
    /// the command line is resolved.
    #[test]
    fn each_command_gets_its_period_rule() {
        let period = |words: &[&str]| {
            let args = ["-f", "northstar.toml"].iter().chain(words);
            from_args(args, &Env::fixed(date("2026-11-20")))
                .unwrap()
                .selection
                .period
        };
        assert_eq!(
            period(&["checkin", "lead-time", "27"]),
            PeriodChoice::OfEntity("lead-time".into())
        );
        assert_eq!(
            period(&["set", "faster", "title", "Faster"]),
            PeriodChoice::OfEntity("faster".into())
        );
        assert_eq!(period(&["set", "plan", "name", "X"]), PeriodChoice::Default);
        assert_eq!(period(&["okrs"]), PeriodChoice::Default);
        assert_eq!(
            period(&["okrs", "--period", "2026-Q3"]),
            PeriodChoice::Label(Label::parse("2026-q3").unwrap())
        );
    }

    #[test]
    fn the_period_rule() {
        let fiscal = Calendar {
            fiscal_start: crate::time::period::FiscalStart::parse("02-01").ok(),
            ..Calendar::default()
        };
        let resolve = |s: &Selection, c: &Calendar| {
            let (p, as_of) = s.resolve_on(c, None).unwrap();
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
            as_of: AsOf::ClampedToPeriod(date("2026-11-20")),
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
            unknown.resolve_on(&fiscal, None).unwrap_err().to_string(),
            "unknown period `cycle-9`"
        );
        // An entity's own period (checkin, set), else the default.
        let q1 = Calendar::default().parse("2027-Q1").unwrap();
        let own = Selection::at(PeriodChoice::OfEntity("kr".into()), date("2026-11-20"));
        assert_eq!(
            own.resolve_on(&Calendar::default(), Some(&q1)).unwrap().0,
            q1
        );
        assert_eq!(
            own.resolve_on(&Calendar::default(), None).unwrap().0,
            Calendar::default().containing(date("2026-11-20"))
        );
    }
}
