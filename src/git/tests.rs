//! git.rs's tests, with real repositories: tags, resolved names, history picks and
//! bounded blob reads.

use super::*;

/// A temporary repository whose commits get the dates they are given.
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

    fn git(&self, args: &[&str], date: &str) {
        let out = Command::new("git")
            .current_dir(self.dir.path())
            .args([
                "-c",
                "user.name=Plan Bot",
                "-c",
                "user.email=bot@example.com",
            ])
            .args(["-c", "commit.gpgsign=false"])
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
    }
}

/// Tag times: an annotated tag's tagger date (a tag of a tag too), a lightweight tag's
/// commit's committer date; and names resolved to commits in one batch.
#[test]
fn tags_and_resolved_names() {
    let repo = Repo::new();
    repo.git(
        &["commit", "-q", "--allow-empty", "-m", "a"],
        "2026-10-01T10:00:00Z",
    );
    repo.git(&["tag", "light"], "2026-10-09T00:00:00Z");
    repo.git(
        &["tag", "-a", "heavy", "-m", "h"],
        "2026-10-02T10:00:00+02:00",
    );
    repo.git(
        &[
            "-c",
            "advice.nestedTag=false",
            "tag",
            "-a",
            "nested",
            "-m",
            "n",
            "heavy",
        ],
        "2026-10-03T00:00:00Z",
    );
    let git = Git::new(repo.dir.path());
    let head = git.commit("HEAD").unwrap();
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp();
    let tag = |name: &str, time: &str| Tag {
        name: name.to_string(),
        commit: head.clone(),
        time: at(time),
    };
    assert_eq!(
        git.tags().unwrap(),
        vec![
            tag("heavy", "2026-10-02T08:00:00Z"),
            tag("light", "2026-10-01T10:00:00Z"),
            tag("nested", "2026-10-03T00:00:00Z"),
        ]
    );
    assert_eq!(
        git.resolve_commits(&["heavy", "nope", &head[..7], "", "a b\nc"])
            .unwrap(),
        vec![Some(head.clone()), None, Some(head.clone()), None, None]
    );
}

/// A blob over the limit is refused without being read, and the reader goes on
/// (restarted) for the next; exactly the limit is read.
#[test]
fn blob_reads_are_bounded() {
    let repo = Repo::new();
    std::fs::write(repo.dir.path().join("big.toml"), "0123456789").unwrap();
    std::fs::write(repo.dir.path().join("small.toml"), "01234").unwrap();
    repo.git(&["add", "-A"], "2026-10-01T10:00:00Z");
    repo.git(&["commit", "-q", "-m", "a"], "2026-10-01T10:00:00Z");
    let reader = Git::new(repo.dir.path()).blob_reader();
    let read = |name: &str| reader.read(&format!("HEAD:{name}"), 5).unwrap();
    assert_eq!(read("big.toml"), Blob::TooLarge);
    assert_eq!(read("small.toml"), Blob::Found(b"01234".to_vec()));
    assert_eq!(read("big.toml"), Blob::TooLarge);
    assert_eq!(read("nothing.toml"), Blob::Missing);
    assert_eq!(read("small.toml"), Blob::Found(b"01234".to_vec()));
    // A tree is no blob, whatever its size.
    assert_eq!(reader.read("HEAD^{tree}", 1).unwrap(), Blob::Missing);
    assert_eq!(read("small.toml"), Blob::Found(b"01234".to_vec()));
}

/// `GoalsInForce` picks commits from one listing of HEAD's history; it must pick, for every
/// time, the commit `git rev-list -1 --before` picks, merges and clock skew included (a
/// commit dated before its parent; a side branch dated between main's commits).
#[test]
fn one_history_listing_picks_what_rev_list_before_picks() {
    let repo = Repo::new();
    let commit = |message: &str, date: &str| {
        repo.git(&["commit", "-q", "--allow-empty", "-m", message], date);
    };
    commit("a", "2026-10-01T10:00:00Z");
    commit("b", "2026-10-05T10:00:00Z");
    repo.git(&["checkout", "-q", "-b", "side"], "2026-10-05T10:00:00Z");
    commit("side 1", "2026-10-03T10:00:00Z");
    commit("side 2, the last second of the day", "2026-10-09T23:59:59Z");
    repo.git(&["checkout", "-q", "main"], "2026-10-09T23:59:59Z");
    commit("main 1", "2026-10-07T10:00:00Z");
    commit("older than its parent", "2026-10-04T12:00:00Z");
    repo.git(
        &["merge", "-q", "--no-edit", "side"],
        "2026-10-10T00:00:00Z",
    );
    commit("older than the merge", "2026-10-08T10:00:00Z");
    commit("east of UTC", "2026-10-12T00:00:00+02:00");

    let git = Git::new(repo.dir.path());
    let history = git.history().unwrap();
    let mut day = chrono::NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
    let mut picked = std::collections::BTreeSet::new();
    while day <= chrono::NaiveDate::from_ymd_opt(2026, 10, 13).unwrap() {
        let end = day.and_hms_opt(23, 59, 59).unwrap().and_utc().timestamp();
        let expected = git.last_commit_before(&format!("{day} 23:59:59 +0000"));
        assert_eq!(
            history.last_commit_before(end),
            expected.as_deref(),
            "on {day}"
        );
        picked.insert(expected);
        day = day.succ_opt().unwrap();
    }
    // None before the first commit, and more than a handful of distinct commits after it.
    assert!(picked.contains(&None) && picked.len() >= 6, "{picked:?}");
}
