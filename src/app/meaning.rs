//! Which global options mean nothing for which command: one table that both the refusals
//! (given anyway, the option is refused with the reason, before any plan is read) and
//! `--help` (the option is hidden from that command's help) are derived from.

/// A global option that not every command takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Global {
    /// `--as-of DATE`.
    AsOf,
    /// `--period PERIOD` (`--quarter`).
    Period,
    /// `--at REV`.
    At,
}

impl Global {
    /// The option as typed.
    #[must_use]
    pub fn flag(self) -> &'static str {
        match self {
            Global::AsOf => "--as-of",
            Global::Period => "--period",
            Global::At => "--at",
        }
    }

    /// Its clap argument id (the field of `cli::Cli`).
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Global::AsOf => "as_of",
            Global::Period => "period",
            Global::At => "at",
        }
    }
}

/// Options that mean nothing for some commands, and why.
pub struct Meaningless {
    /// The commands, each as its words (`["add", "kr"]`).
    pub commands: &'static [&'static [&'static str]],
    /// The options.
    pub options: &'static [Global],
    /// The refusal: `{flag}` and `{command}` stand for the option and the command's words.
    pub message: &'static str,
}

/// The commands that write files.
const WRITERS: &[&[&str]] = &[
    &["checkin"],
    &["measure"],
    &["bet", "start"],
    &["bet", "decide"],
    &["carry"],
    &["set"],
    &["add", "objective"],
    &["add", "kr"],
    &["add", "north-star"],
    &["add", "pillar"],
    &["add", "team"],
    &["add", "metric"],
    &["add", "initiative"],
    &["add", "bet"],
    &["remove"],
    &["init"],
];

/// The add commands whose table has no period.
const ADD_WITHOUT_PERIOD: &[&[&str]] = &[
    &["add", "kr"],
    &["add", "north-star"],
    &["add", "pillar"],
    &["add", "team"],
    &["add", "metric"],
    &["add", "bet"],
];

/// The refusal of an option that needs a plan, for a command that reads none.
const READS_NO_PLAN: &str =
    "`{flag}` means nothing for `northstar {command}`, which reads no plan; leave it out";

/// The table; the first entry naming a command and an option gives its refusal.
pub const MEANINGLESS: &[Meaningless] = &[
    Meaningless {
        commands: WRITERS,
        options: &[Global::At],
        message: "--at reads a past revision; commands that write need the working tree",
    },
    Meaningless {
        commands: &[
            &["init"],
            &["schema"],
            &["completions"],
            &["man"],
            &["config", "path"],
        ],
        options: &[Global::AsOf, Global::Period],
        message: READS_NO_PLAN,
    },
    Meaningless {
        commands: &[&["schema"], &["completions"], &["man"], &["config", "path"]],
        options: &[Global::At],
        message: READS_NO_PLAN,
    },
    Meaningless {
        commands: ADD_WITHOUT_PERIOD,
        options: &[Global::Period],
        message: "`--period` means nothing for `northstar {command}`: only objectives and initiatives have one; leave it out",
    },
    Meaningless {
        commands: &[
            &["add", "objective"],
            &["add", "kr"],
            &["add", "north-star"],
            &["add", "pillar"],
            &["add", "team"],
            &["add", "metric"],
            &["add", "initiative"],
            &["add", "bet"],
            &["remove"],
        ],
        options: &[Global::AsOf],
        message: "`--as-of` means nothing for `northstar {command}`: the plan is written and checked as it is today; leave it out",
    },
    Meaningless {
        commands: &[&["checkin"]],
        options: &[Global::Period],
        message: "`--period` means nothing for `northstar checkin`: a check-in is rated in its key result's own period; leave it out",
    },
    Meaningless {
        commands: &[&["measure"]],
        options: &[Global::Period],
        message: "`--period` means nothing for `northstar measure`: each source is read as of `--date` and its check-in rated in its measure's own period; leave it out",
    },
    Meaningless {
        commands: &[&["remove"]],
        options: &[Global::Period],
        message: "`--period` means nothing for `northstar remove`: an entity goes with every period it has; leave it out",
    },
    Meaningless {
        commands: &[&["set"]],
        options: &[Global::Period],
        message: "`--period` means nothing for `northstar set`: to move an objective to another period, `set ID period LABEL`",
    },
];

/// Why `option` means nothing for `command` (its words), or `None` when it means something.
#[must_use]
pub fn refusal(command: &[&str], option: Global) -> Option<String> {
    MEANINGLESS
        .iter()
        .find(|m| m.options.contains(&option) && m.commands.contains(&command))
        .map(|m| {
            m.message
                .replace("{flag}", option.flag())
                .replace("{command}", &command.join(" "))
        })
}

/// Every (command, option) pair the table names, for hiding the option from the
/// command's help.
pub fn hidden() -> impl Iterator<Item = (&'static [&'static str], Global)> {
    MEANINGLESS.iter().flat_map(|m| {
        m.commands
            .iter()
            .flat_map(move |c| m.options.iter().map(move |o| (*c, *o)))
    })
}
