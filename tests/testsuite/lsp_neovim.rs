//! `northstar lsp` in a real client (issue 25): headless Neovim's built-in LSP client runs
//! `lsp_neovim.lua` on a copy of the platform example. It receives the diagnostic of a typo
//! in an unsaved buffer, jumps to a definition in another file, renames a key result's id
//! and writes the buffers; the files then differ from the example by exactly the rename,
//! and the plan passes `check`.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::{TODAY, codes, northstar, platform_copy, tool};

/// How long Neovim may take before the test kills it and fails.
const TIMEOUT: Duration = Duration::from_secs(120);

/// Runs the script in headless Neovim `nvim` on the plan in `root`; what it saw (its JSON).
fn drive(nvim: &Path, root: &Path) -> Value {
    let work = tempfile::tempdir().unwrap();
    let script = work.path().join("lsp_neovim.lua");
    std::fs::write(&script, include_str!("lsp_neovim.lua")).unwrap();
    let out = work.path().join("seen.json");
    let mut child = std::process::Command::new(nvim)
        .args([
            "--headless",
            "--clean",
            "-u",
            "NONE",
            "-i",
            "NONE",
            "-n",
            "-c",
        ])
        .arg(format!("luafile {}", script.display()))
        .current_dir(root)
        .env("NS_ROOT", root)
        .env("NS_OUT", &out)
        .env("NS_BIN", assert_cmd::cargo::cargo_bin!("northstar"))
        .env("NORTHSTAR_TODAY", TODAY)
        .env("NORTHSTAR_CONFIG", "/nonexistent/northstar-config.toml")
        .env_remove("NORTHSTAR_PLAN")
        // Neovim's log (lsp.log), state and configuration stay in the temporary directory.
        .env("HOME", work.path())
        .env("XDG_CONFIG_HOME", work.path())
        .env("XDG_CACHE_HOME", work.path())
        .env("XDG_STATE_HOME", work.path())
        .env("XDG_DATA_HOME", work.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("Neovim did not finish within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let seen = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(status.success(), "Neovim failed: {status}: {seen}");
    serde_json::from_str(&seen).unwrap()
}

#[test]
fn neovim_shows_diagnostics_jumps_to_a_definition_and_renames_an_id() {
    let Some(nvim) = tool(&["nvim"], "apt-get install neovim") else {
        return;
    };
    let (dir, main) = platform_copy();
    let seen = drive(&nvim, dir.path());
    let root = dir.path().display();
    assert_eq!(
        seen,
        json!({
            // `check`'s two warnings in sre.toml.
            "first": 2,
            "error": {
                "code": "unknown-reference",
                "message": "unknown id `reliabilty` in `pillar`\nno pillar has this id\nhelp: did you mean `reliability`?",
                "line": 6,
                "column": 9,
            },
            // `id = "reliability"` in the main file.
            "definition": { "file": format!("{root}/northstar.toml"), "line": 74 },
        })
    );
    // The files differ from the example by the rename alone.
    let example = Path::new("examples/platform");
    for (file, renamed) in [
        ("teams/sre.toml", 3),
        ("checkins.toml", 7),
        ("northstar.toml", 0),
        ("teams/dev-infra.toml", 0),
        ("teams/security.toml", 0),
    ] {
        let before = std::fs::read_to_string(example.join(file)).unwrap();
        let after = std::fs::read_to_string(dir.path().join(file)).unwrap();
        assert_eq!(before.matches("\"page-volume\"").count(), renamed, "{file}");
        assert_eq!(
            after,
            before.replace("\"page-volume\"", "\"weekly-pages\""),
            "{file}"
        );
    }
    let check = northstar(&[
        "-f",
        main.to_str().unwrap(),
        "check",
        "--no-git",
        "--format",
        "json",
    ]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert_eq!(
        codes(&check.stdout),
        vec!["stale-key-result", "overdue-bet"]
    );
}
