//! The command line's definition: clap's, from the derive types of `crate::cli`, completed
//! here from the command table and with the dynamic completers of [`super::complete`], so
//! that `cli` imports nothing of the application.

use clap::builder::{PossibleValue, PossibleValuesParser};

use super::complete::Ids;

/// The command line's definition: [`crate::cli::Cli`]'s, completed from the command table
/// (`app::table`): each command's `--format` takes exactly the formats the table gives it,
/// its `-o FILE` help lists the extensions that pick them, and each global option is
/// hidden from the help of the commands it means nothing for (the table also refuses them
/// there). Each such command gets a hidden copy of the option, which clap then does not
/// propagate over; a value given there still reaches [`crate::cli::Cli`] (it is global).
#[must_use]
pub fn command() -> clap::Command {
    use clap::CommandFactory as _;
    let mut command = completers(crate::cli::Cli::command());
    for spec in super::table::COMMANDS {
        if spec.formats.is_empty() {
            continue;
        }
        let parser = PossibleValuesParser::new(spec.formats.iter().map(|f| {
            PossibleValue::new(f.name())
                .aliases(f.aliases().iter().copied())
                .help(f.description())
        }));
        let output = super::table::output_help(spec.formats);
        command = in_subcommand(command, spec.words, &|sub| {
            let sub = sub.mut_arg("format", |a| a.value_parser(parser.clone()));
            if spec.to_file {
                sub.mut_arg("output", |a| a.help(output.clone()))
            } else {
                sub
            }
        });
    }
    for (words, option) in super::table::hidden() {
        let Some(global) = command
            .get_arguments()
            .find(|a| a.get_id() == option.id())
            .cloned()
        else {
            continue;
        };
        command = hide_in(command, words, global.hide(true));
    }
    // Every subcommand in the table's order: `mut_subcommand` moves the one it changes last,
    // so a command neither pass above changes (`site`: no format, no meaningless option)
    // would otherwise stay first.
    for spec in super::table::COMMANDS {
        command = in_subcommand(command, spec.words, &|sub| sub);
    }
    command
}

/// `command` with `change` made to its subcommand `words` (nested).
fn in_subcommand(
    command: clap::Command,
    words: &[&str],
    change: &dyn Fn(clap::Command) -> clap::Command,
) -> clap::Command {
    match words {
        [] => change(command),
        [first, rest @ ..] => {
            command.mut_subcommand(*first, |sub| in_subcommand(sub, rest, change))
        }
    }
}

/// `command` with `arg` added to its subcommand `words` (nested), unless already there.
fn hide_in(command: clap::Command, words: &[&str], arg: clap::Arg) -> clap::Command {
    match words {
        [] => {
            if command.get_arguments().any(|a| a.get_id() == arg.get_id()) {
                command
            } else {
                command.arg(arg)
            }
        }
        [first, rest @ ..] => command.mut_subcommand(*first, |sub| hide_in(sub, rest, arg)),
    }
}

/// Parses `args` (the program name first) by [`command`].
///
/// Errors: clap's, for a usage error, `--help` or `--version`.
pub fn try_parse_from<I, T>(args: I) -> Result<crate::cli::Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    use clap::FromArgMatches as _;
    let mut matches = command().try_get_matches_from(args)?;
    crate::cli::Cli::from_arg_matches_mut(&mut matches)
}

/// Which arguments complete which ids: (the command's words, `[]` for a global option;
/// the argument's id; the ids).
const COMPLETED: &[(&[&str], &str, Ids)] = &[
    (&[], "period", Ids::Periods),
    (&["status"], "team", Ids::Teams),
    (&["okrs"], "pillar", Ids::Pillars),
    (&["okrs"], "team", Ids::Teams),
    (&["bets"], "pillar", Ids::Pillars),
    (&["bets"], "team", Ids::Teams),
    (&["initiatives"], "pillar", Ids::Pillars),
    (&["initiatives"], "team", Ids::Teams),
    (&["metrics"], "pillar", Ids::Pillars),
    (&["metrics"], "team", Ids::Teams),
    (&["review"], "team", Ids::Teams),
    (&["calibration"], "period", Ids::Periods),
    (&["calibration"], "team", Ids::Teams),
    (&["log"], "metric", Ids::Measures),
    (&["show"], "id", Ids::Entities),
    (&["tree"], "team", Ids::Teams),
    (&["checkin"], "id", Ids::Measures),
    (&["measure"], "ids", Ids::Measures),
    (&["carry"], "ids", Ids::Goals),
    (&["bet", "start"], "id", Ids::Bets),
    (&["bet", "decide"], "id", Ids::Bets),
    (&["add", "objective"], "pillar", Ids::Pillars),
    (&["add", "objective"], "team", Ids::Teams),
    (&["add", "objective"], "parent", Ids::Goals),
    (&["add", "objective"], "parents", Ids::Goals),
    (&["add", "kr"], "objective", Ids::Objectives),
    (&["add", "kr"], "measured_by", Ids::Measures),
    (&["add", "team"], "parent", Ids::Teams),
    (&["add", "initiative"], "pillar", Ids::Pillars),
    (&["add", "bet"], "pillar", Ids::Pillars),
    (&["remove"], "id", Ids::Entities),
];

/// `command` with the dynamic completer of each argument [`COMPLETED`] names attached
/// (`source <(COMPLETE=bash northstar)`).
#[must_use]
fn completers(mut command: clap::Command) -> clap::Command {
    fn at(command: clap::Command, words: &[&str], arg: &'static str, ids: Ids) -> clap::Command {
        match words {
            // In place: `mut_arg` would move the argument last, and a positional's place
            // is its index (`checkin ID VALUE`).
            [] => command.mut_args(|a| {
                if a.get_id() == arg {
                    a.add(completer(ids))
                } else {
                    a
                }
            }),
            [first, rest @ ..] => command.mut_subcommand(*first, |sub| at(sub, rest, arg, ids)),
        }
    }
    for &(words, arg, ids) in COMPLETED {
        command = at(command, words, arg, ids);
    }
    command
}

/// The completer of `ids`: each candidate with its description.
fn completer(ids: Ids) -> clap_complete::ArgValueCandidates {
    clap_complete::ArgValueCandidates::new(move || {
        super::complete::candidates(ids)
            .into_iter()
            .map(|(id, about)| clap_complete::CompletionCandidate::new(id).help(Some(about.into())))
            .collect()
    })
}
