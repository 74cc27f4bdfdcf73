//! Help texts (snapshot-tested, each with an example), shell completions and the man page.

use crate::common;

use common::bin;

/// Every command a user can run, from clap's own command tree: the root, then each
/// subcommand that has none of its own (`bet start`, `add kr`, `config path`), in the
/// order `--help` lists them. No hand-kept list can miss one.
fn commands() -> Vec<Vec<String>> {
    fn walk(command: &clap::Command, words: &mut Vec<String>, found: &mut Vec<Vec<String>>) {
        let subcommands: Vec<&clap::Command> = command
            .get_subcommands()
            .filter(|c| c.get_name() != "help")
            .collect();
        if subcommands.is_empty() {
            found.push(words.clone());
        }
        for sub in subcommands {
            words.push(sub.get_name().to_string());
            walk(sub, words, found);
            words.pop();
        }
    }
    let mut found = vec![Vec::new()];
    let root = northstar::app::command();
    for sub in root.get_subcommands().filter(|c| c.get_name() != "help") {
        walk(sub, &mut vec![sub.get_name().to_string()], &mut found);
    }
    found
}

/// clap's own consistency checks of the command line (conflicting names, bad defaults,
/// arguments required and defaulted at once), which otherwise run only in debug builds
/// when that very command is parsed.
#[test]
fn the_command_line_passes_clap_debug_asserts() {
    northstar::app::command().debug_assert();
}

#[test]
fn every_command_has_help_with_an_example() {
    for command in commands() {
        let out = bin().args(&command).arg("--help").output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{command:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        if command != ["config", "path"] {
            assert!(
                text.contains("Example:\n  northstar "),
                "{command:?} has no example:\n{text}"
            );
        }
        let name = if command.is_empty() {
            "northstar".to_string()
        } else {
            command.join("_")
        };
        insta::assert_snapshot!(format!("help_{name}"), text);
    }
}

#[test]
fn completions_and_man_page() {
    for (shell, marker) in [
        ("bash", "_northstar()"),
        ("zsh", "#compdef northstar"),
        ("fish", "complete -c northstar"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[northstar]"),
    ] {
        let out = bin().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains(marker),
            "{shell}: {}",
            &text[..text.len().min(300)]
        );
        assert!(text.contains("checkin"), "{shell} completes subcommands");
    }
    let man = bin().arg("man").output().unwrap();
    let text = String::from_utf8(man.stdout).unwrap();
    assert!(
        text.starts_with(".ie \\n(.g .ds Aq \\(aq") || text.contains(".TH northstar"),
        "{}",
        &text[..200]
    );
    assert!(text.contains(".TH northstar 1"), "{}", &text[..300]);
}

/// A global option that means nothing for a command (the one table of
/// `app::table`) is left out of that command's help, and refused when given; the
/// commands it means something for still list it.
#[test]
fn meaningless_global_options_are_hidden_from_help_and_refused() {
    use northstar::app::table::hidden;
    let help = |words: &[&str]| {
        let out = bin().args(words).arg("--help").output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{words:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let mut pairs = 0;
    for (words, option) in hidden() {
        let text = help(words);
        assert!(
            !text.contains(&format!("  {} <", option.flag())),
            "{words:?} --help lists {}:\n{text}",
            option.flag()
        );
        pairs += 1;
    }
    assert!(pairs > 40, "{pairs}");
    for flag in ["--as-of <DATE>", "--period <PERIOD>", "--at <REV>"] {
        assert!(
            help(&["status"]).contains(flag),
            "status --help lacks {flag}"
        );
    }
    for (args, expected) in [
        (
            &["add", "pillar", "p", "--name", "P", "--as-of", "2026-01-01"][..],
            "error: `--as-of` means nothing for `northstar add pillar`: the plan is written and checked as it is today; leave it out\n",
        ),
        (
            &["init", "--as-of", "2026-01-01"][..],
            "error: `--as-of` means nothing for `northstar init`, which reads no plan; leave it out\n",
        ),
        (
            &["measure", "--period", "2026-Q4", "--dry-run"][..],
            "error: `--period` means nothing for `northstar measure`: each source is read as of `--date` and its check-in rated in its measure's own period; leave it out\n",
        ),
        (
            &["--at", "HEAD", "init"][..],
            "error: --at reads a past revision; commands that write need the working tree\n",
        ),
    ] {
        let out = bin().args(args).output().unwrap();
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8(out.stderr).unwrap().as_str()
            ),
            (Some(2), expected),
            "{args:?}"
        );
    }
}

/// The README's command synopsis (`## Commands`) agrees with the command table: each
/// command stands under `reading` or `writing` as it writes files or not, and shows exactly
/// the formats the table gives it, its default first, and `-o FILE` when it takes one.
#[test]
fn the_readme_synopsis_follows_the_command_table() {
    use northstar::app::table::{COMMANDS, synopsis_options};
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let block = readme
        .split("## Commands")
        .nth(1)
        .and_then(|s| s.split("```text\n").nth(1))
        .and_then(|s| s.split("\n```").next())
        .expect("a ```text block under ## Commands");
    let mut group = "";
    let mut lines = Vec::new();
    for line in block.lines() {
        match line.split_whitespace().next() {
            Some(word @ ("reading" | "writing")) if !line.starts_with(' ') => group = word,
            _ if line.trim().is_empty() => group = "",
            _ => lines.push((group, line.trim())),
        }
    }
    for spec in COMMANDS {
        let words = spec.words.join(" ");
        let found = lines.iter().find(|(_, l)| {
            l.strip_prefix(words.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
                || l.contains(&format!("| {words}"))
        });
        let Some((group, line)) = found else {
            panic!("the README synopsis lacks `{words}`");
        };
        let expected_group = if spec.writes_files {
            "writing"
        } else if spec.reads_plan {
            "reading"
        } else {
            ""
        };
        assert_eq!(
            *group, expected_group,
            "`{words}` stands under the wrong heading"
        );
        match synopsis_options(spec) {
            Some(options) => assert!(
                line.contains(&options),
                "the README shows `{words}` as\n  {line}\nwhich lacks `{options}`"
            ),
            None => assert!(!line.contains("--format"), "{line}"),
        }
    }
}
