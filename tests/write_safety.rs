//! Write safety (issue 9): what `-o` does to devices, FIFOs, symlinks and the plan's own
//! files; check-ins from two plans sharing one log under concurrent writers; inline arrays
//! in the files written; leftover temporary files and include globs; a failing stdout after
//! a durable write; and the permissions, owner and group of the files written.
//!
//! These tests run as root (they `mknod` and `chown`), and use the real binary where the
//! process matters (its stdout, its umask, many processes at once).

mod common;

use std::os::unix::fs::{FileTypeExt as _, MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use common::{northstar, platform_copy, std_bin};

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `northstar -f PLAN ARGS...` in-process.
fn on(plan: &Path, args: &[&str]) -> common::Outcome {
    let mut all = vec!["-f", s(plan)];
    all.extend_from_slice(args);
    northstar(&all)
}

/// Runs a shell command, panicking unless it succeeds.
fn sh(command: &str) {
    let status = std::process::Command::new("sh")
        .args(["-c", command])
        .status()
        .unwrap();
    assert!(status.success(), "`{command}` failed");
}

/// Every plan file of the platform example, with its bytes.
fn plan_bytes(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    [
        "northstar.toml",
        "checkins.toml",
        "teams/dev-infra.toml",
        "teams/sre.toml",
        "teams/security.toml",
    ]
    .iter()
    .map(|f| (dir.join(f), std::fs::read(dir.join(f)).unwrap()))
    .collect()
}

// --- Defect 1: `-o` and what it writes to -----------------------------------------------

/// The JSON status of the platform example, as `-o` should write it.
fn status_json(plan: &Path) -> String {
    let r = on(plan, &["status", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

#[test]
fn output_to_a_device_writes_through_and_leaves_the_device() {
    let (dir, plan) = platform_copy();
    let null = dir.path().join("null");
    sh(&format!(
        "mknod {} c 1 3 && chmod 0620 {}",
        s(&null),
        s(&null)
    ));
    let r = on(&plan, &["status", "--format", "json", "-o", s(&null)]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    let meta = std::fs::symlink_metadata(&null).unwrap();
    assert!(meta.file_type().is_char_device(), "still a device");
    assert_eq!(meta.rdev(), (1 << 8) | 3, "still /dev/null's numbers");
    assert_eq!(meta.permissions().mode() & 0o7777, 0o620, "mode untouched");
}

#[test]
fn output_to_a_fifo_writes_through_to_its_reader() {
    let (dir, plan) = platform_copy();
    let fifo = dir.path().join("pipe");
    sh(&format!("mkfifo {}", s(&fifo)));
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let r = on(&plan, &["status", "--format", "json", "-o", s(&fifo)]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    // Checked before joining: a FIFO replaced by a file would leave the reader blocked.
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo(),
        "still a FIFO"
    );
    assert_eq!(reader.join().unwrap(), status_json(&plan));
}

/// `/dev/stdout` is reached through a link of the test's own (`to-stdout.json ->
/// /dev/stdout`) and as `/dev/fd/1`: a build that replaced its target would then break a
/// file of the test, never the machine's `/dev/stdout`.
#[test]
fn output_to_dev_stdout_writes_to_stdout_even_when_it_is_a_file() {
    let (dir, plan) = platform_copy();
    let expected = status_json(&plan);
    let link = dir.path().join("to-stdout.json");
    std::os::unix::fs::symlink("/dev/stdout", &link).unwrap();
    for output in [s(&link), "/dev/fd/1"] {
        // stdout a pipe.
        let out = std_bin()
            .args(["-f", s(&plan), "status", "--format", "json", "-o", output])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "-o {output}");
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            expected,
            "-o {output}"
        );
        // stdout a regular file: written through, not replaced (same inode, so the
        // shell's redirection still points at it).
        let file = dir.path().join("captured.json");
        std::fs::write(&file, "").unwrap();
        let inode = std::fs::metadata(&file).unwrap().ino();
        let status = std_bin()
            .args(["-f", s(&plan), "status", "--format", "json", "-o", output])
            .stdout(std::fs::File::options().append(true).open(&file).unwrap())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(0), "-o {output}");
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            expected,
            "-o {output}"
        );
        assert_eq!(
            std::fs::metadata(&file).unwrap().ino(),
            inode,
            "-o {output}"
        );
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    }
}

#[test]
fn output_through_a_symlink_replaces_the_target_and_keeps_the_link() {
    let (dir, plan) = platform_copy();
    let expected = status_json(&plan);
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let target = dir.path().join("out/real.json");
    std::fs::write(&target, "old report\n").unwrap();
    let link = dir.path().join("report.json");
    std::os::unix::fs::symlink("out/real.json", &link).unwrap();
    let r = on(&plan, &["status", "-o", s(&link)]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        Path::new("out/real.json"),
        "the link is still a link, to the same place"
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), expected);
    // A dangling link: its target is created.
    let dangling = dir.path().join("next.json");
    std::os::unix::fs::symlink("out/next-real.json", &dangling).unwrap();
    let r = on(&plan, &["status", "-o", s(&dangling)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::symlink_metadata(&dangling).unwrap().is_symlink());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out/next-real.json")).unwrap(),
        expected
    );
}

#[test]
fn output_never_overwrites_a_file_of_the_plan() {
    let (dir, plan) = platform_copy();
    let before = plan_bytes(dir.path());
    let alias = dir.path().join("alias.json");
    std::os::unix::fs::symlink("teams/sre.toml", &alias).unwrap();
    for (output, plan_file, ext) in [
        (plan.clone(), plan.clone(), "json"),
        (
            dir.path().join("checkins.toml"),
            dir.path().join("checkins.toml"),
            "json",
        ),
        // An included file, named through `..`.
        (
            dir.path().join("teams/../teams/security.toml"),
            dir.path().join("teams/security.toml"),
            "json",
        ),
        // A link to an included file.
        (alias.clone(), dir.path().join("teams/sre.toml"), "json"),
    ] {
        let r = on(&plan, &["status", "--format", "json", "-o", s(&output)]);
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr),
            (
                2,
                "",
                format!(
                    "error: refusing to overwrite plan file `{}`\n\
                     help: `-o` names the file the report goes to: pick one outside the plan, e.g. `-o report.{ext}`\n\
                     nothing was written\n",
                    plan_file.display()
                )
            ),
            "-o {}",
            output.display()
        );
    }
    // A check-in log that does not exist yet is a plan file too.
    let text = std::fs::read_to_string(&plan).unwrap().replace(
        "checkin_log = \"checkins.toml\"",
        "checkin_log = \"later.toml\"",
    );
    std::fs::write(&plan, &text).unwrap();
    let later = dir.path().join("later.toml");
    let r = on(&plan, &["review", "--format", "markdown", "-o", s(&later)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stderr.lines().next().unwrap(),
        format!(
            "error: refusing to overwrite plan file `{}`",
            later.display()
        )
    );
    assert!(!later.exists());
    std::fs::write(&plan, &before[0].1).unwrap();
    assert_eq!(plan_bytes(dir.path()), before, "no plan file changed");
}
