//! What to do: the command line's subcommand and its own arguments as one typed
//! [`Action`], built once by [`action`]; the global options are `super::options`'.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::env::Env;
use super::man::Generated;
use crate::analysis::tree::{Query, Scope};
use crate::cli::{BetCommand, Cli, Command, ConfigCommand, DecisionArg, ListArgs};
use crate::plan::model::BetStatus;
use crate::refusal::Refusal;
use crate::render::View;
use crate::time::dates::DateArg;
use crate::time::period::Label;

pub use super::addition::{Addition, NewTable, NewValue};

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
    /// `calibration`.
    Calibration {
        /// `--period`, repeatable, as given (the first is also the selection's period);
        /// empty: every closed period with key-result check-ins.
        periods: Vec<Label>,
        /// `--owner` and `--team` (no `--pillar`).
        filter: Filter,
    },
    /// `digest`.
    Digest {
        /// `--since` as typed: resolved against the as-of date by the command
        /// ([`crate::time::dates::DateArg::span_start`]).
        since: DateArg,
        /// `--owner` and `--team` (no `--pillar`).
        filter: Filter,
    },
    /// `site`.
    Site {
        /// `-o DIR`: the directory replaced by the site.
        dir: PathBuf,
        /// `--base-url`, for `<link rel="canonical">` and the feed's ids only.
        base_url: Option<String>,
        /// Whether a large site shows a progress bar: stderr is a terminal.
        progress: bool,
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
    /// `lsp`.
    Lsp,
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

/// A date option resolved against `today` (a relative date counts back from it), or the
/// usage error naming the option.
pub(super) fn date(
    arg: Option<DateArg>,
    flag: &str,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, Refusal> {
    arg.map(|d| {
        d.resolve(today)
            .map_err(|e| Refusal::new(format!("invalid value for `{flag}`: {e}")))
    })
    .transpose()
}

/// The command line's [`Action`]: what to do, with the command's own arguments typed.
/// Dates resolve against `env.today`; `--by` defaults by [`default_author`].
///
/// Errors: a usage error (an invalid date, `add`'s missing or conflicting keys, `set
/// plan` with `--reason`).
pub(super) fn action(cli: &Cli, env: &Env) -> Result<Action, Refusal> {
    let today = env.today;
    Ok(match &cli.command {
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
        Command::Calibration(a) => Action::Calibration {
            periods: a.period.clone(),
            filter: Filter {
                owner: a.owner.clone(),
                team: a.team.clone(),
                ..Filter::default()
            },
        },
        Command::Digest(a) => Action::Digest {
            since: a.since,
            filter: Filter {
                owner: a.owner.clone(),
                team: a.team.clone(),
                ..Filter::default()
            },
        },
        Command::Diff(a) => {
            let (from, to) = revisions(&a.revs);
            Action::Diff { from, to }
        }
        Command::Lsp => Action::Lsp,
        Command::Schema => Action::Schema,
        Command::Config(ConfigCommand::Path) => Action::ConfigPath,
        Command::Completions { shell } => Action::Generated(Generated::completions(*shell)),
        Command::Man => Action::Generated(Generated::man()),
        Command::Checkin(_)
        | Command::Measure(_)
        | Command::Bet(_)
        | Command::Set(_)
        | Command::Add(_)
        | Command::Remove(_)
        | Command::Carry(_)
        | Command::Site(_)
        | Command::Init(_) => writing(cli, env)?,
    })
}

/// [`action`] of a command that writes files.
fn writing(cli: &Cli, env: &Env) -> Result<Action, Refusal> {
    let today = env.today;
    Ok(match &cli.command {
        Command::Checkin(a) => {
            let date = date(a.date, "--date", today)?.unwrap_or(today);
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
        Command::Bet(bet) => self::bet(bet, today)?,
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
        Command::Add(a) => {
            let date = |d: Option<DateArg>, flag: &str| date(d, flag, today);
            Action::Add(super::addition::addition(a, cli.period.as_ref(), &date)?)
        }
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
        Command::Site(a) => Action::Site {
            dir: a.output.clone(),
            base_url: a.base_url.clone(),
            progress: env.stderr_is_terminal,
        },
        Command::Init(a) => Action::Init {
            dir: a.dir.clone().unwrap_or_else(|| PathBuf::from(".")),
            name: a
                .name
                .clone()
                .unwrap_or_else(|| "Engineering plan".to_string()),
            empty: a.empty,
        },
        Command::Check(_)
        | Command::Status(_)
        | Command::Okrs(_)
        | Command::Bets(_)
        | Command::Initiatives(_)
        | Command::Metrics(_)
        | Command::Review(_)
        | Command::Calibration(_)
        | Command::Digest(_)
        | Command::Diff(_)
        | Command::Log(_)
        | Command::Show(_)
        | Command::Tree(_)
        | Command::Lsp
        | Command::Schema
        | Command::Completions { .. }
        | Command::Man
        | Command::Config(_) => unreachable!("`action` builds the actions that write nothing"),
    })
}

/// `bet start` or `bet decide`.
fn bet(command: &BetCommand, today: NaiveDate) -> Result<Action, Refusal> {
    Ok(match command {
        BetCommand::Start {
            id,
            decide_by,
            date,
        } => Action::BetStart {
            id: id.clone(),
            start: self::date(*date, "--date", today)?.unwrap_or(today),
            decide_by: self::date(*decide_by, "--decide-by", today)?,
        },
        BetCommand::Decide {
            id,
            decision,
            outcome,
            learnings,
            date,
        } => Action::BetDecide {
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
    })
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
