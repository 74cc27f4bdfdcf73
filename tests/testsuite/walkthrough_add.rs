//! The guide's walkthrough (docs/guide.md) "from `init` to a real plan without opening an editor", run as
//! written: each `$ ` command in order in a fresh directory (a commit between steps), each
//! printing what the guide shows after it (`git diff` from its first hunk).

use std::process::Command;

#[test]
fn the_add_walkthrough_prints_what_the_guide_shows() {
    let guide = std::fs::read_to_string("docs/guide.md").unwrap();
    let start = guide
        .find("### Walkthrough: from `init` to a real plan without opening an editor")
        .unwrap();
    let block = &guide[start..];
    let block = &block[block.find("```text\n").unwrap() + 8..];
    let block = &block[..block.find("```").unwrap()];
    // (command, what it prints), in order.
    let mut steps: Vec<(String, String)> = Vec::new();
    for line in block.lines() {
        if let Some(command) = line.strip_prefix("$ ") {
            steps.push((command.to_string(), String::new()));
        } else {
            let last = steps.last_mut().unwrap();
            last.1.push_str(line);
            last.1.push('\n');
        }
    }
    assert_eq!(steps.len(), 11, "{steps:#?}");

    let bin = assert_cmd::cargo::cargo_bin!("northstar");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap()
    );
    let world = tempfile::tempdir().unwrap();
    let mut dir = world.path().to_path_buf();
    for (command, expected) in &steps {
        let out = Command::new("sh")
            .arg("-c")
            .arg(command)
            .current_dir(&dir)
            .env("PATH", &path)
            .env("NORTHSTAR_TODAY", "2026-11-20")
            .env("NORTHSTAR_CONFIG", "/nonexistent/northstar-config.toml")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Plan Bot")
            .env("GIT_AUTHOR_EMAIL", "bot@example.com")
            .env("GIT_COMMITTER_NAME", "Plan Bot")
            .env("GIT_COMMITTER_EMAIL", "bot@example.com")
            .env_remove("COLUMNS")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        if command == "git diff" {
            let hunks = &stdout[stdout.find("@@").unwrap_or(0)..];
            assert_eq!(hunks, expected, "{command}");
            // A commit between steps.
            let commit = Command::new("git")
                .args([
                    "-c",
                    "user.name=Plan Bot",
                    "-c",
                    "user.email=bot@example.com",
                ])
                .args(["commit", "-qam", "step"])
                .current_dir(&dir)
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .status()
                .unwrap();
            assert!(commit.success());
        } else {
            assert_eq!(stdout, *expected, "{command}");
        }
        if command.contains("cd planning") {
            dir = dir.join("planning");
        }
    }
}
