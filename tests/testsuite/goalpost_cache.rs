//! The goalpost cache (`.git/northstar/goalposts/`), with real git: the first `check`
//! fills it, the next ones read it and say exactly the same, and a cache file that is
//! corrupt, truncated, not a file, or reached through a link is never trusted or written
//! through.

use crate::common;

use std::path::{Path, PathBuf};

use common::northstar;

/// The platform example committed on 2026-09-25, then `lead-time`'s target moved from 12 to
/// 18 and committed on 2026-10-20: one goalpost move after 2026-Q4 began.
fn repository() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str], date: &str| common::git_output(dir.path(), args, Some(date));
    git(&["init", "-q", "-b", "main"], "2026-09-25T12:00:00Z");
    std::fs::create_dir_all(dir.path().join("plan/teams")).unwrap();
    for f in [
        "northstar.toml",
        "checkins.toml",
        "teams/dev-infra.toml",
        "teams/sre.toml",
        "teams/security.toml",
    ] {
        std::fs::copy(
            Path::new("examples/platform").join(f),
            dir.path().join("plan").join(f),
        )
        .unwrap();
    }
    git(&["add", "-A"], "2026-09-25T12:00:00Z");
    git(&["commit", "-qm", "Q4 plan"], "2026-09-25T12:00:00Z");
    let dev = dir.path().join("plan/teams/dev-infra.toml");
    let text = std::fs::read_to_string(&dev)
        .unwrap()
        .replace("baseline = 48\ntarget = 12 ", "baseline = 48\ntarget = 18 ");
    std::fs::write(&dev, text).unwrap();
    git(
        &["commit", "-qam", "ease lead-time"],
        "2026-10-20T12:00:00Z",
    );
    let plan = dir.path().join("plan/northstar.toml");
    (dir, plan)
}

/// `check` as of 2026-11-20 in both formats: (code, stdout, stderr) of each.
fn check(plan: &Path) -> Vec<(u8, String, String)> {
    let p = plan.to_str().unwrap();
    [&[][..], &["--format", "json"][..]]
        .iter()
        .map(|format| {
            let mut args = vec!["-f", p, "--as-of", "2026-11-20", "check"];
            args.extend_from_slice(format);
            let r = northstar(&args);
            (r.code, r.stdout, r.stderr)
        })
        .collect()
}

/// The cache's files.
fn cached(repo: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(repo.join(".git/northstar/goalposts")) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

#[test]
fn the_cache_is_filled_then_read_and_a_broken_one_is_never_trusted() {
    let (dir, plan) = repository();
    let repo = dir.path();
    let first = check(&plan);
    assert!(
        first[1].1.contains(
            "key result `lead-time` moved its goalposts after 2026-Q4 began: target 12 → 18"
        ),
        "{}",
        first[1].1
    );
    let files = cached(repo);
    assert_eq!(files.len(), 1, "{files:?}");
    let file = &files[0];
    let good = std::fs::read(file).unwrap();
    let commit = common::git_output(repo, &["rev-parse", "HEAD~1"], None);
    assert!(
        file.file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with(&format!("{commit}-")),
        "{file:?}"
    );
    assert_eq!(check(&plan), first, "the second run reads the cache");

    // A changed baseline (its checksum no longer matches): were it trusted, `lead-time`
    // would be a key result the old plan did not have, and nothing would have moved.
    let text = String::from_utf8(good.clone()).unwrap();
    assert!(text.contains("lead-time"));
    std::fs::write(file, text.replace("lead-time", "lead-tame")).unwrap();
    assert_eq!(check(&plan), first, "a changed cache file is ignored");
    assert_eq!(std::fs::read(file).unwrap(), good, "and rewritten");

    // Truncated, empty, not JSON, or a directory in the file's place.
    for broken in [&good[..good.len() / 2], b"", b"\x00\xff{not json"] {
        std::fs::write(file, broken).unwrap();
        assert_eq!(check(&plan), first);
        assert_eq!(std::fs::read(file).unwrap(), good);
    }
    std::fs::remove_file(file).unwrap();
    std::fs::create_dir(file).unwrap();
    assert_eq!(check(&plan), first, "a directory in its place");
    std::fs::remove_dir(file).unwrap();
    assert_eq!(check(&plan), first);
    assert_eq!(std::fs::read(file).unwrap(), good);

    // The old plan's file gone from git: only the cache still knows the old target.
    let blob = common::git_output(
        repo,
        &["rev-parse", "HEAD~1:plan/teams/dev-infra.toml"],
        None,
    );
    std::fs::remove_file(repo.join(".git/objects").join(&blob[..2]).join(&blob[2..])).unwrap();
    assert_eq!(check(&plan), first, "the cache is read, not the history");
    std::fs::remove_file(file).unwrap();
    let without = check(&plan);
    assert!(!without[1].1.contains("goalpost-moved"), "{}", without[1].1);
    assert!(
        cached(repo).is_empty(),
        "a plan that cannot be loaded is not cached"
    );
}

#[cfg(unix)]
#[test]
fn the_cache_is_never_written_through_a_link() {
    let (dir, plan) = repository();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join(".git/northstar")).unwrap();
    let first = check(&plan);
    assert_eq!(check(&plan), first);
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    std::fs::remove_file(dir.path().join(".git/northstar")).unwrap();
    std::fs::create_dir(dir.path().join(".git/northstar")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join(".git/northstar/goalposts"))
        .unwrap();
    assert_eq!(check(&plan), first);
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}
