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
    &["add", "metric"],
    &["add", "initiative"],
    &["add", "bet"],
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
