//! Help texts (snapshot-tested, each with an example), shell completions and the man page.

mod common;

use common::bin;

const COMMANDS: &[&[&str]] = &[
    &[],
    &["check"],
    &["status"],
    &["okrs"],
    &["bets"],
    &["initiatives"],
    &["metrics"],
    &["log"],
    &["review"],
    &["diff"],
    &["show"],
    &["tree"],
    &["checkin"],
    &["init"],
    &["carry"],
    &["bet", "start"],
    &["bet", "decide"],
    &["add", "objective"],
    &["add", "kr"],
    &["add", "pillar"],
    &["add", "team"],
    &["add", "north-star"],
    &["add", "metric"],
    &["add", "initiative"],
    &["add", "bet"],
    &["remove"],
    &["schema"],
    &["completions"],
    &["man"],
    &["config", "path"],
];

#[test]
fn every_command_has_help_with_an_example() {
    for command in COMMANDS {
        let out = bin().args(*command).arg("--help").output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{command:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        if command != &["config", "path"] {
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
/// `app::meaning`) is left out of that command's help, and refused when given; the
/// commands it means something for still list it.
#[test]
fn meaningless_global_options_are_hidden_from_help_and_refused() {
    use northstar::app::meaning::hidden;
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
