//! `northstar site` writing safely (issue 24): `--base-url` must be an absolute http(s)
//! URL, a second run into the same directory fails while the first holds its lock, and a
//! directory that cannot be written beside gives a clear error; each leaves the old site
//! whole.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{northstar, platform_copy, std_bin};

/// `northstar -f PLAN site -o DIR ARGS...` in-process.
fn site(plan: &Path, dir: &Path, args: &[&str]) -> crate::common::Outcome {
    let mut all = vec![
        "-f",
        plan.to_str().unwrap(),
        "site",
        "-o",
        dir.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    northstar(&all)
}

/// Every file under `dir` by its path from `dir`, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut all = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                all.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    all
}

#[test]
fn base_url_must_be_an_absolute_http_url() {
    let (dir, plan) = platform_copy();
    let public = dir.path().join("public");
    for (url, problem) in [
        ("example.org/okrs", "is not a valid URL: invalid format"),
        (
            "ftp://example.org/okrs",
            "is not an absolute http:// or https:// URL",
        ),
        ("/okrs", "is not an absolute http:// or https:// URL"),
        (
            "https://exa mple.org",
            "is not a valid URL: invalid uri character",
        ),
        (
            "https://me:secret@example.org",
            "carries credentials, which every page would show",
        ),
        (
            "https://example.org/okrs?x=1",
            "has a query or fragment; page paths are appended to it",
        ),
    ] {
        let r = site(&plan, &public, &["--base-url", url]);
        assert_eq!(r.code, 2, "{url}: {}", r.stderr);
        assert_eq!(
            r.stderr,
            format!(
                "error: `--base-url {url}` {problem}\n\
                 help: give the address the site is served from, e.g. `--base-url https://example.org/okrs`\n\
                 nothing was written\n"
            )
        );
        assert!(!public.exists(), "{url}");
    }
    let r = site(
        &plan,
        &public,
        &["--base-url", "http://intranet:8080/okrs/"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let index = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(
        index.contains(r#"<link rel="canonical" href="http://intranet:8080/okrs/index.html">"#)
    );
}

#[test]
fn a_second_run_into_the_same_directory_fails_and_loses_nothing() {
    let (dir, plan) = platform_copy();
    let public = dir.path().join("public");
    assert_eq!(site(&plan, &public, &[]).code, 0);
    std::fs::write(public.join("index.html"), "old").unwrap();
    let before = files(&public);
    // What a first run holds while it writes: the lock of the directory the site is in.
    let held = std::fs::File::open(dir.path()).unwrap();
    held.try_lock().unwrap();
    let r = site(&plan, &public, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.ends_with(&format!(
            "error: another northstar is writing in `{}` (a `site` run into `{}`, or a write to a plan there)\n\
             help: wait for it to finish, then run `northstar site` again\n\
             nothing was written\n",
            dir.path().display(),
            public.display()
        )),
        "{}",
        r.stderr
    );
    assert_eq!(files(&public), before);
    drop(held);
    assert_eq!(site(&plan, &public, &[]).code, 0);
    assert_ne!(files(&public)[Path::new("index.html")], b"old");
}

/// A refused `DIR` is refused before its parent's lock is taken: `-o` naming the plan's own
/// directory gets its refusal even while another process holds the lock of the directory
/// above (as a test running `site` beside it would).
#[test]
fn a_refused_directory_takes_no_lock() {
    let (dir, plan) = platform_copy();
    let parent = dir.path().parent().unwrap().to_path_buf();
    let held = std::fs::File::open(&parent).unwrap();
    held.try_lock().unwrap();
    let r = site(&plan, dir.path(), &[]);
    drop(held);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "refusing to replace `{}`: it holds plan file",
            dir.path().display()
        )),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("another northstar"), "{}", r.stderr);
}

/// The site's parent made read-only (`0555`); as root, which writes there anyway, the
/// child runs without the capability to override permissions (`setpriv`, util-linux; as
/// root without it, the test is skipped with a line saying so).
#[test]
fn an_unwritable_parent_gives_a_clear_error_and_leaves_the_old_site() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let (dir, plan) = platform_copy();
    let parent = dir.path().join("out");
    std::fs::create_dir(&parent).unwrap();
    let public = parent.join("public");
    assert_eq!(site(&plan, &public, &[]).code, 0);
    let before = files(&public);
    let root = std::fs::metadata(&parent).unwrap().uid() == 0;
    let inner = std_bin();
    let mut cmd = if root {
        let Some(setpriv) = crate::common::tool(&["setpriv"], "apt-get install util-linux") else {
            return;
        };
        let mut cmd = std::process::Command::new(setpriv);
        cmd.args(["--bounding-set", "-dac_override,-dac_read_search", "--"])
            .arg(inner.get_program());
        cmd
    } else {
        std::process::Command::new(inner.get_program())
    };
    for (key, value) in inner.get_envs() {
        match value {
            Some(v) => cmd.env(key, v),
            None => cmd.env_remove(key),
        };
    }
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o555)).unwrap();
    let out = cmd
        .args([
            "-f",
            plan.to_str().unwrap(),
            "site",
            "-o",
            public.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.ends_with(&format!(
            "error: cannot create a directory beside `{}`: permission denied\n",
            public.display()
        )),
        "{stderr}"
    );
    assert_eq!(files(&public), before);
    let beside: Vec<_> = std::fs::read_dir(&parent)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["public"]);
}
