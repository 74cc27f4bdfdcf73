//! Reading the plan at a git revision (`--at REV`), with real git: each test builds a
//! repository with fixed dates and a fixed identity.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::northstar;

/// A repository in a temporary directory, committing with fixed dates and identity.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Self {
        let repo = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "-q", "-b", "main"], "2026-10-01T09:00:00Z");
        repo
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn git(&self, args: &[&str], date: &str) -> String {
        let out = Command::new("git")
            .current_dir(self.dir.path())
            .args([
                "-c",
                "user.name=Plan Bot",
                "-c",
                "user.email=bot@example.com",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    fn commit_all(&self, message: &str, date: &str) -> String {
        self.git(&["add", "-A"], date);
        self.git(&["commit", "-qm", message], date);
        self.git(&["rev-parse", "HEAD"], date)
    }

    fn copy_example(&self) {
        std::fs::create_dir_all(self.path("plan/teams")).unwrap();
        for f in [
            "northstar.toml",
            "checkins.toml",
            "northstar.schema.json",
            "teams/dev-infra.toml",
            "teams/sre.toml",
            "teams/security.toml",
        ] {
            std::fs::copy(
                Path::new("examples/platform").join(f),
                self.path(&format!("plan/{f}")),
            )
            .unwrap();
        }
    }
}

#[test]
fn at_rebuilds_an_old_review_byte_for_byte() {
    let repo = Repo::new();
    repo.copy_example();
    let v1 = repo.commit_all("plan for Q4", "2026-11-16T12:00:00Z");
    let plan = repo.path("plan/northstar.toml");
    let p = plan.to_str().unwrap();
    // The packet as printed at the time, from the working tree at v1.
    let then = northstar(&[
        "-f",
        p,
        "--as-of",
        "2026-11-20",
        "review",
        "--format",
        "html",
    ]);
    assert_eq!(then.code, 0, "{}", then.stderr);
    assert!(then.stdout.contains(&format!("git {}", &v1[..12])));
    // A week of changes: a check-in, a dropped team file, a new one.
    let r = northstar(&[
        "-f",
        p,
        "checkin",
        "lead-time",
        "20",
        "--by",
        "carol",
        "--date",
        "2026-11-23",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::write(
        repo.path("plan/teams/data.toml"),
        "[[pillar]]\nid = \"data\"\nname = \"Data\"\n",
    )
    .unwrap();
    repo.commit_all("week 8", "2026-11-23T12:00:00Z");
    // --at v1 rebuilds the same bytes, and the working tree was not touched.
    let before = std::fs::read(repo.path("plan/checkins.toml")).unwrap();
    let again = northstar(&[
        "-f",
        p,
        "--at",
        &v1,
        "--as-of",
        "2026-11-20",
        "review",
        "--format",
        "html",
    ]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(again.stdout, then.stdout);
    let by_name = northstar(&[
        "-f",
        p,
        "--at",
        "HEAD~1",
        "--as-of",
        "2026-11-20",
        "review",
        "--format",
        "html",
    ]);
    assert_eq!(by_name.stdout, then.stdout);
    assert_eq!(
        std::fs::read(repo.path("plan/checkins.toml")).unwrap(),
        before
    );
    // The include glob is matched against the revision's files: v1 had no data.toml.
    let now = northstar(&["-f", p, "--as-of", "2026-11-30", "okrs", "--format", "json"]);
    let old = northstar(&[
        "-f",
        p,
        "--at",
        &v1,
        "--as-of",
        "2026-11-30",
        "okrs",
        "--format",
        "json",
    ]);
    let pillars = |out: &str| {
        serde_json::from_str::<serde_json::Value>(out).unwrap()["pillars"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!((pillars(&now.stdout), pillars(&old.stdout)), (4, 3));
}

#[test]
fn bad_revisions_and_missing_git_are_clear_errors() {
    let repo = Repo::new();
    std::fs::write(repo.path("README.md"), "planning\n").unwrap();
    let before_plan = repo.commit_all("readme", "2026-10-01T10:00:00Z");
    repo.copy_example();
    repo.commit_all("plan", "2026-10-02T10:00:00Z");
    let plan = repo.path("plan/northstar.toml");
    let p = plan.to_str().unwrap();

    let unknown = northstar(&["-f", p, "--at", "no-such-tag", "status"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .starts_with("error: unknown revision `no-such-tag` in `"),
        "{}",
        unknown.stderr
    );

    let missing = northstar(&["-f", p, "--at", &before_plan, "status"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.starts_with(&format!("error: cannot read plan file `{p}` at revision `{before_plan}`: it does not exist at revision")),
        "{}",
        missing.stderr
    );

    let write = northstar(&["-f", p, "--at", "HEAD", "checkin", "lead-time", "1"]);
    assert_eq!(
        (write.code, write.stderr.as_str()),
        (
            2,
            "error: --at reads a past revision; commands that write need the working tree\n"
        )
    );

    let outside = tempfile::tempdir().unwrap();
    std::fs::copy(
        "examples/startup/northstar.toml",
        outside.path().join("northstar.toml"),
    )
    .unwrap();
    let not_repo = northstar(&[
        "-f",
        outside.path().join("northstar.toml").to_str().unwrap(),
        "--at",
        "HEAD",
        "status",
    ]);
    assert_eq!(not_repo.code, 2);
    assert!(
        not_repo
            .stderr
            .contains("is not inside a git repository, and --at needs one"),
        "{}",
        not_repo.stderr
    );

    let no_git = common::bin()
        .env("PATH", "/nonexistent")
        .args(["-f", p, "--at", "HEAD", "status"])
        .output()
        .unwrap();
    assert_eq!(no_git.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(no_git.stderr).unwrap(),
        "error: git is not installed, and --at reads plan files from git\n"
    );
}
