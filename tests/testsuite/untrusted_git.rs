//! A pull request can add any file beside a plan, including the files of a bare git
//! repository (`HEAD`, `config`, `objects/`, `refs/`) whose `config` names programs:
//! `core.fsmonitor` (run by `git status`), `gpg.program` with `log.showSignature` (run by
//! `git show` on a signed commit). No northstar command may start them, and the plan's
//! real repository is still the one read.

use crate::common;

use std::path::Path;

use common::{bin, git_output};

/// Copies the directory tree `from` into `to`.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

const PLAN: &str = "[plan]\nname = \"Hostile\"\n\n[north_star]\nid = \"ns\"\nname = \"North Star\"\n\
                    baseline = 0\ntarget = 100\n\n[[pillar]]\nid = \"p1\"\nname = \"One\"\n";

/// A repository whose plan lives in `plan/`, committed together with a bare repository's
/// files in `plan/` whose configuration runs `hook.sh` (which appends to `marker`) as the
/// file-system monitor and as the signature verifier, and whose `HEAD` is a signed commit.
/// Returns the directory, the outer repository's HEAD and the marker's path.
fn hostile_repository() -> (tempfile::TempDir, String, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    let scratch = dir.path().join("scratch");
    let marker = dir.path().join("marker");
    let hook = dir.path().join("hook.sh");
    std::fs::write(
        &hook,
        format!("#!/bin/sh\necho \"$0 $*\" >> '{}'\n", marker.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let date = Some("2026-11-01T10:00:00Z");

    // The hostile repository's one commit, signed (any `gpgsig` header makes git verify).
    std::fs::create_dir_all(&scratch).unwrap();
    git_output(&scratch, &["init", "-q", "-b", "main"], date);
    std::fs::write(scratch.join("northstar.toml"), PLAN).unwrap();
    git_output(&scratch, &["add", "-A"], date);
    git_output(&scratch, &["commit", "-qm", "plan"], date);
    let unsigned = git_output(&scratch, &["cat-file", "commit", "HEAD"], date);
    let signed: String = unsigned
        .lines()
        .flat_map(|line| {
            let mut out = vec![line.to_string()];
            if line.starts_with("committer ") {
                out.push(
                    "gpgsig -----BEGIN PGP SIGNATURE-----\n \n AAAA\n -----END PGP SIGNATURE-----"
                        .to_string(),
                );
            }
            out
        })
        .map(|line| line + "\n")
        .collect();
    std::fs::write(dir.path().join("signed"), signed).unwrap();
    let signed = git_output(
        &scratch,
        &[
            "hash-object",
            "-t",
            "commit",
            "-w",
            dir.path().join("signed").to_str().unwrap(),
        ],
        date,
    );

    // The planning repository: the plan, and the bare repository's files beside it.
    let plan = root.join("plan");
    std::fs::create_dir_all(&plan).unwrap();
    git_output(&root, &["init", "-q", "-b", "main"], date);
    std::fs::write(plan.join("northstar.toml"), PLAN).unwrap();
    copy_tree(&scratch.join(".git/objects"), &plan.join("objects"));
    std::fs::create_dir_all(plan.join("refs/heads")).unwrap();
    std::fs::write(plan.join("refs/heads/main"), format!("{signed}\n")).unwrap();
    std::fs::write(plan.join("HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(
        plan.join("config"),
        format!(
            "[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = .\n\
             \tfsmonitor = {hook}\n\thooksPath = {hooks}\n[log]\n\tshowSignature = true\n\
             [gpg]\n\tprogram = {hook}\n",
            hook = hook.display(),
            hooks = dir.path().display(),
        ),
    )
    .unwrap();
    git_output(&root, &["add", "-A"], date);
    git_output(
        &root,
        &["commit", "-qm", "a plan and a hostile repository"],
        date,
    );
    let head = git_output(&root, &["rev-parse", "HEAD"], date);
    (dir, head, marker)
}

#[test]
fn review_and_diff_start_no_program_named_by_a_repository_beside_the_plan() {
    let (dir, head, marker) = hostile_repository();
    let plan = dir.path().join("repo/plan/northstar.toml");

    let review = bin()
        .arg("-f")
        .arg(&plan)
        .args(["review", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        review.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&review.stderr)
    );
    assert!(
        !marker.exists(),
        "review ran: {}",
        std::fs::read_to_string(&marker).unwrap()
    );
    // The plan's real repository is read: its HEAD, and no uncommitted change.
    let json: serde_json::Value = serde_json::from_slice(&review.stdout).unwrap();
    assert_eq!(json["source"]["commit"], head[..12]);
    assert_eq!(json["source"]["uncommitted_changes"], false);

    let diff = bin()
        .arg("-f")
        .arg(&plan)
        .args(["diff", "HEAD", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        diff.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&diff.stderr)
    );
    assert!(
        !marker.exists(),
        "diff ran: {}",
        std::fs::read_to_string(&marker).unwrap()
    );
    let json: serde_json::Value = serde_json::from_slice(&diff.stdout).unwrap();
    assert_eq!(json["from"]["commit"], head);

    // `check` reads git for the goalpost audit.
    let check = bin().arg("-f").arg(&plan).arg("check").output().unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(
        !marker.exists(),
        "check ran: {}",
        std::fs::read_to_string(&marker).unwrap()
    );
}
