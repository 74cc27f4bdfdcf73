//! The command table: one row per command a user can run (`bet start`, not `bet`), saying
//! whether it reads a plan and writes files, which formats it writes (its default first)
//! and whether `-o FILE` takes them, which global options mean nothing for it (and why),
//! and its as-of and period rules. The command line's `--format` values and `-o` help,
//! the refusals of meaningless options, the options resolved from the command line, and
//! the README's command synopsis (a test compares them) are all derived from it; nothing
//! else keeps a list of commands.

use super::formats::Format;

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

/// How a command decides its as-of date (its period by [`PeriodRule`]; see
/// `app::options`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOfRule {
    /// `--as-of`, else today.
    Today,
    /// `review`: `--as-of`, else the earlier of today and the last day of the period
    /// reviewed.
    ClampedToPeriod,
    /// `diff`: `--as-of`, else each side's own date (a revision's commit date, the
    /// working tree's today).
    EachSide,
    /// `checkin`: the later of `--as-of` (else today) and the check-in's date, so its
    /// summary counts the check-in just recorded.
    LaterOfCheckin,
    /// No plan is read: no date.
    None,
}

/// How a command decides its period (see `app::options`, where the rule is resolved into
/// the one `Selection` as a `PeriodChoice`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodRule {
    /// `--period`, else the plan's cadence period containing the as-of date.
    Selected,
    /// `diff`: `--period`, else the newer side's default; the older side is rolled up over
    /// the very same days.
    NewerSide,
    /// `checkin` and `set`: the period of the entity the command names (an objective's own,
    /// a key result's objective's), else the cadence period containing the as-of date. A
    /// check-in is rated in its key result's period; a goalpost's period has started once
    /// its first day is today or earlier.
    OfEntity,
    /// No plan is read: no period.
    None,
}

/// One command.
#[derive(Debug)]
pub struct Spec {
    /// Its words (`["add", "kr"]`), as `--help` names it.
    pub words: &'static [&'static str],
    /// Whether it reads a plan (and so needs one found).
    pub reads_plan: bool,
    /// Whether it writes files (unless a dry run).
    pub writes_files: bool,
    /// The formats it writes a report in, its default first; empty: it writes no report.
    pub formats: &'static [Format],
    /// Whether it takes `-o FILE`.
    pub to_file: bool,
    /// The global options that mean nothing for it, each with its refusal (`{flag}` and
    /// `{command}` stand for the option and the command's words). Given anyway, the first
    /// in the order `--at`, `--as-of`, `--period` is refused before any plan is read; each
    /// is hidden from the command's `--help`.
    pub meaningless: &'static [(Global, &'static str)],
    /// Its as-of rule.
    pub as_of: AsOfRule,
    /// Its period rule.
    pub period: PeriodRule,
}

use AsOfRule::{ClampedToPeriod, EachSide, LaterOfCheckin, Today};
use Format::{Csv, Dot, Github, Html, Human, Json, Markdown, Mermaid, Slack, Table};

const REPORT: &[Format] = &[Table, Json, Csv, Markdown];

/// `--at` for a command that writes.
const AT_WRITES: (Global, &str) = (
    Global::At,
    "--at reads a past revision; commands that write need the working tree",
);

/// The refusal of an option that needs a plan, for a command that reads none.
const READS_NO_PLAN: &str =
    "`{flag}` means nothing for `northstar {command}`, which reads no plan; leave it out";

/// A command that reads no plan and writes nothing takes none of the three.
const NO_PLAN: &[(Global, &str)] = &[
    (Global::At, READS_NO_PLAN),
    (Global::AsOf, READS_NO_PLAN),
    (Global::Period, READS_NO_PLAN),
];

/// `add` and `remove` write and check the plan as it is today.
const AS_OF_TODAY: (Global, &str) = (
    Global::AsOf,
    "`--as-of` means nothing for `northstar {command}`: the plan is written and checked as it is today; leave it out",
);

/// The `add` commands whose table has no period.
const ADD_WITHOUT_PERIOD: &[(Global, &str)] = &[
    AT_WRITES,
    AS_OF_TODAY,
    (
        Global::Period,
        "`--period` means nothing for `northstar {command}`: only objectives and initiatives have one; leave it out",
    ),
];

/// The `add` commands whose table has a period.
const ADD_WITH_PERIOD: &[(Global, &str)] = &[AT_WRITES, AS_OF_TODAY];

/// A command that reads the plan and writes nothing, in one format.
const fn reader(
    words: &'static [&'static str],
    formats: &'static [Format],
    as_of: AsOfRule,
) -> Spec {
    Spec {
        words,
        reads_plan: true,
        writes_files: false,
        formats,
        to_file: true,
        meaningless: &[],
        as_of,
        period: PeriodRule::Selected,
    }
}

/// A command that reads the plan and writes it.
const fn writer(
    words: &'static [&'static str],
    meaningless: &'static [(Global, &'static str)],
    as_of: AsOfRule,
) -> Spec {
    Spec {
        words,
        reads_plan: true,
        writes_files: true,
        formats: &[],
        to_file: false,
        meaningless,
        as_of,
        period: PeriodRule::Selected,
    }
}

/// A command that reads no plan and writes nothing: text about the tool itself.
const fn about_the_tool(words: &'static [&'static str]) -> Spec {
    Spec {
        words,
        reads_plan: false,
        writes_files: false,
        formats: &[],
        to_file: false,
        meaningless: NO_PLAN,
        as_of: AsOfRule::None,
        period: PeriodRule::None,
    }
}

/// The table, in the order of `northstar --help`.
pub const COMMANDS: &[Spec] = &[
    Spec {
        to_file: false,
        ..reader(&["check"], &[Human, Json, Github], Today)
    },
    reader(&["status"], &[Table, Json, Csv, Markdown, Html], Today),
    reader(&["okrs"], REPORT, Today),
    reader(&["bets"], REPORT, Today),
    reader(&["initiatives"], REPORT, Today),
    reader(&["metrics"], REPORT, Today),
    reader(
        &["review"],
        &[Table, Markdown, Html, Json, Csv],
        ClampedToPeriod,
    ),
    reader(&["calibration"], REPORT, Today),
    reader(&["digest"], &[Table, Markdown, Html, Json, Slack], Today),
    // Writes a directory of pages, not the plan: `--at` builds the site of a revision.
    Spec {
        writes_files: true,
        to_file: false,
        ..reader(&["site"], &[], Today)
    },
    Spec {
        period: PeriodRule::NewerSide,
        ..reader(&["diff"], &[Table, Json, Markdown], EachSide)
    },
    reader(&["log"], REPORT, Today),
    reader(&["show"], &[Table, Json, Markdown], Today),
    reader(&["tree"], &[Table, Json, Markdown, Mermaid, Dot], Today),
    Spec {
        period: PeriodRule::OfEntity,
        ..writer(
            &["checkin"],
            &[
                AT_WRITES,
                (
                    Global::Period,
                    "`--period` means nothing for `northstar checkin`: a check-in is rated in its key result's own period; leave it out",
                ),
            ],
            LaterOfCheckin,
        )
    },
    writer(
        &["measure"],
        &[
            AT_WRITES,
            (
                Global::Period,
                "`--period` means nothing for `northstar measure`: each source is read as of `--date` and its check-in rated in its measure's own period; leave it out",
            ),
        ],
        Today,
    ),
    Spec {
        reads_plan: false,
        meaningless: &[
            AT_WRITES,
            (Global::AsOf, READS_NO_PLAN),
            (Global::Period, READS_NO_PLAN),
        ],
        period: PeriodRule::None,
        ..writer(&["init"], &[], AsOfRule::None)
    },
    writer(&["carry"], &[AT_WRITES], Today),
    writer(&["bet", "start"], &[AT_WRITES], Today),
    writer(&["bet", "decide"], &[AT_WRITES], Today),
    Spec {
        period: PeriodRule::OfEntity,
        ..writer(
            &["set"],
            &[
                AT_WRITES,
                (
                    Global::Period,
                    "`--period` means nothing for `northstar set`: to move an objective to another period, `set ID period LABEL`",
                ),
            ],
            Today,
        )
    },
    writer(&["add", "objective"], ADD_WITH_PERIOD, Today),
    writer(&["add", "kr"], ADD_WITHOUT_PERIOD, Today),
    writer(&["add", "north-star"], ADD_WITHOUT_PERIOD, Today),
    writer(&["add", "pillar"], ADD_WITHOUT_PERIOD, Today),
    writer(&["add", "team"], ADD_WITHOUT_PERIOD, Today),
    writer(&["add", "metric"], ADD_WITHOUT_PERIOD, Today),
    writer(&["add", "initiative"], ADD_WITH_PERIOD, Today),
    writer(&["add", "bet"], ADD_WITHOUT_PERIOD, Today),
    writer(
        &["remove"],
        &[
            AT_WRITES,
            AS_OF_TODAY,
            (
                Global::Period,
                "`--period` means nothing for `northstar remove`: an entity goes with every period it has; leave it out",
            ),
        ],
        Today,
    ),
    about_the_tool(&["lsp"]),
    about_the_tool(&["schema"]),
    about_the_tool(&["completions"]),
    about_the_tool(&["man"]),
    about_the_tool(&["config", "path"]),
];

/// The row of the command `words` (`["add", "kr"]`).
///
/// # Panics
/// When the table has no such command: every command of the command line has a row (a
/// test walks clap's command tree).
#[must_use]
pub fn spec(words: &[&str]) -> &'static Spec {
    COMMANDS
        .iter()
        .find(|s| s.words == words)
        .unwrap_or_else(|| panic!("the command table has no `{}`", words.join(" ")))
}

impl Spec {
    /// Why `option` means nothing for this command, or `None` when it means something.
    #[must_use]
    pub fn refusal(&self, option: Global) -> Option<String> {
        self.meaningless
            .iter()
            .find(|(o, _)| *o == option)
            .map(|(_, message)| {
                message
                    .replace("{flag}", option.flag())
                    .replace("{command}", &self.words.join(" "))
            })
    }

    /// The command as typed: `northstar add kr`.
    #[must_use]
    pub fn name(&self) -> String {
        format!("northstar {}", self.words.join(" "))
    }
}

/// Why `option` means nothing for `command` (its words), or `None` when it means something.
#[must_use]
pub fn refusal(command: &[&str], option: Global) -> Option<String> {
    spec(command).refusal(option)
}

/// Every (command, option) pair the table marks meaningless, for hiding the option from
/// the command's help.
pub fn hidden() -> impl Iterator<Item = (&'static [&'static str], Global)> {
    COMMANDS
        .iter()
        .flat_map(|s| s.meaningless.iter().map(move |(o, _)| (s.words, *o)))
}

/// The `-o FILE` help of a command writing `formats`: every extension that picks one of
/// them (in the order of [`Format::ALL`], text last).
#[must_use]
pub fn output_help(formats: &[Format]) -> String {
    let mut extensions: Vec<String> = Format::ALL
        .iter()
        .filter(|f| formats.contains(f) && **f != Table)
        .chain(formats.contains(&Table).then_some(&Table))
        .flat_map(|f| f.extensions().iter().map(|e| format!(".{e}")))
        .collect();
    extensions.dedup();
    format!(
        "Write to this file instead of stdout (atomically); its extension picks the format: {}",
        extensions.join(", ")
    )
}

/// The `[--format a|b] [-o FILE]` a command's synopsis line shows (README, `## Commands`).
#[must_use]
pub fn synopsis_options(spec: &Spec) -> Option<String> {
    if spec.formats.is_empty() {
        return None;
    }
    let names: Vec<&str> = spec.formats.iter().map(|f| f.name()).collect();
    let mut text = format!("[--format {}]", names.join("|"));
    if spec.to_file {
        text.push_str(" [-o FILE]");
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(words: &[&str]) -> Vec<&'static str> {
        spec(words).formats.iter().map(|f| f.name()).collect()
    }

    #[test]
    fn each_command_offers_exactly_what_it_writes() {
        assert_eq!(names(&["okrs"]), ["table", "json", "csv", "markdown"]);
        assert_eq!(
            names(&["status"]),
            ["table", "json", "csv", "markdown", "html"]
        );
        assert_eq!(names(&["show"]), ["table", "json", "markdown"]);
        assert_eq!(
            names(&["review"]),
            ["table", "markdown", "html", "json", "csv"]
        );
        assert_eq!(names(&["check"]), ["human", "json", "github"]);
        assert_eq!(
            names(&["tree"]),
            ["table", "json", "markdown", "mermaid", "dot"]
        );
        assert!(names(&["checkin"]).is_empty());
    }

    #[test]
    fn writers_refuse_at_and_tool_commands_every_plan_option() {
        // `site` writes a directory of pages, not the plan: it builds the site of `--at`'s
        // revision.
        for s in COMMANDS
            .iter()
            .filter(|s| s.writes_files && s.words != ["site"])
        {
            assert!(s.refusal(Global::At).is_some(), "{:?}", s.words);
        }
        assert_eq!(spec(&["site"]).refusal(Global::At), None);
        for s in COMMANDS.iter().filter(|s| !s.reads_plan) {
            for g in [Global::At, Global::AsOf, Global::Period] {
                assert!(s.refusal(g).is_some(), "{:?} {g:?}", s.words);
            }
        }
        assert_eq!(
            refusal(&["add", "kr"], Global::Period).as_deref(),
            Some(
                "`--period` means nothing for `northstar add kr`: only objectives and initiatives have one; leave it out"
            )
        );
        assert_eq!(refusal(&["add", "objective"], Global::Period), None);
    }

    #[test]
    fn the_period_rules() {
        assert_eq!(spec(&["checkin"]).period, PeriodRule::OfEntity);
        assert_eq!(spec(&["set"]).period, PeriodRule::OfEntity);
        assert_eq!(spec(&["diff"]).period, PeriodRule::NewerSide);
        assert_eq!(spec(&["review"]).period, PeriodRule::Selected);
        for s in COMMANDS {
            assert_eq!(s.period == PeriodRule::None, !s.reads_plan, "{:?}", s.words);
        }
    }

    /// Every command of clap's command tree has one row, and every row is a command.
    #[test]
    fn the_table_has_every_command_once() {
        fn leaves(command: &clap::Command, words: &mut Vec<String>, found: &mut Vec<String>) {
            for sub in command.get_subcommands().filter(|c| c.get_name() != "help") {
                words.push(sub.get_name().to_string());
                if sub.has_subcommands() {
                    leaves(sub, words, found);
                } else {
                    found.push(words.join(" "));
                }
                words.pop();
            }
        }
        let mut found = Vec::new();
        leaves(&crate::app::command(), &mut Vec::new(), &mut found);
        let rows: Vec<String> = COMMANDS.iter().map(|s| s.words.join(" ")).collect();
        assert_eq!(found, rows);
    }

    #[test]
    fn output_help_lists_every_extension_that_picks_a_format() {
        assert_eq!(
            output_help(spec(&["tree"]).formats),
            "Write to this file instead of stdout (atomically); its extension picks the format: .json, .md, .markdown, .dot, .gv, .txt"
        );
    }
}
