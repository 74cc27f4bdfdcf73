//! The README's quick start ("from `init` to `review` in five minutes"), run as written:
//! each command of its `sh` block in order, in a fresh directory, with today fixed at
//! 2026-11-20 as the README says. Every command succeeds, the plan checks clean where the
//! README says it does, and the review lands in the file it names.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn the_readme_quick_start_runs_as_written() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let section = &readme[readme
        .find("## Quick start: from `init` to `review`")
        .expect("the quick start in the README")..];
    let block = &section[section.find("```sh\n").unwrap() + 6..];
    let block = &block[..block.find("```").unwrap()];
    let commands: Vec<&str> = block
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert_eq!(commands.len(), 16, "{commands:#?}");

    let bin = assert_cmd::cargo::cargo_bin!("northstar");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap()
    );
    let world = tempfile::tempdir().unwrap();
    let mut dir: PathBuf = world.path().to_path_buf();
    for command in commands {
        if let Some(sub) = command.strip_prefix("cd ") {
            dir = dir.join(sub.trim());
            continue;
        }
        let out = Command::new("sh")
            .arg("-c")
            .arg(command)
            .current_dir(&dir)
            .env("PATH", &path)
            .env("NORTHSTAR_TODAY", "2026-11-20")
            .env("NORTHSTAR_CONFIG", "/nonexistent/northstar-config.toml")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("COLUMNS")
            .env_remove("NORTHSTAR_PLAN")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{command}: {stderr}");
        if command.starts_with("northstar check --deny-warnings") {
            // "silent: the plan is clean"
            assert_eq!((out.stdout.as_slice(), stderr.as_ref()), (&b""[..], ""));
        } else if command.starts_with("northstar check ") {
            // "the starter plan's key results have no check-in yet: two warnings"
            assert!(stderr.ends_with("warning: 2 warnings found\n"), "{stderr}");
        }
    }
    let review = std::fs::read_to_string(dir.join("q4-review.md")).unwrap();
    assert!(review.contains("fewer-incidents"), "{review}");
}
