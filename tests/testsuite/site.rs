//! `northstar site` (issue 24): the files the site of the platform example holds, every
//! internal link and anchor resolving, no external URL, byte-identical rebuilds, the
//! atomic swap (a failure leaves the old site whole), the stamp, and the directories it
//! refuses to replace.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{bin, git, northstar, platform_copy};

/// `northstar -f PLAN site -o DIR ARGS...`, which must succeed.
pub(crate) fn build(plan: &Path, dir: &Path, args: &[&str]) {
    let mut all = vec![
        "-f",
        plan.to_str().unwrap(),
        "site",
        "-o",
        dir.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let r = northstar(&all);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("wrote "), "{}", r.stdout);
}

/// Every file under `dir`, by its path from `dir` (`/` separated), with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, into: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, into);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .to_string();
                into.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut all = BTreeMap::new();
    walk(dir, dir, &mut all);
    all
}

/// Whether a file of the site is a page.
fn is_page(name: &str) -> bool {
    Path::new(name).extension().is_some_and(|e| e == "html")
}

/// The values of every `href` and `src` attribute in `html` (maud always quotes them with
/// `"` and escapes a `"` inside as `&quot;`).
fn references(html: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"\s(?:href|src)="([^"]*)""#).unwrap();
    re.captures_iter(html)
        .map(|c| c[1].replace("&amp;", "&"))
        .collect()
}

/// The site of the platform example, built in a directory beside a copy of the plan.
fn platform_site() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (dir, plan) = platform_copy();
    let site = dir.path().join("public");
    build(&plan, &site, &[]);
    (dir, plan, site)
}

#[test]
fn the_platform_site_holds_exactly_its_pages() {
    let (_dir, _plan, site) = platform_site();
    let names: Vec<String> = files(&site).into_keys().collect();
    let expected = [
        "bet/ai-triage.html",
        "bet/build-cache.html",
        "bet/canary-default.html",
        "bet/passkeys.html",
        "bet/policy-as-code.html",
        "feed.xml",
        "index.html",
        "initiative/alert-cleanup.html",
        "initiative/canary-rollouts.html",
        "initiative/flaky-tests.html",
        "initiative/k8s-upgrade.html",
        "initiative/legacy-queue.html",
        "initiative/onboarding-wizard.html",
        "initiative/pipeline-v2.html",
        "initiative/secrets-rotation.html",
        "initiative/service-mesh.html",
        "initiative/sso-rollout.html",
        "kr/cfr-guard.html",
        "kr/golden-path-adoption.html",
        "kr/lead-time.html",
        "kr/page-volume.html",
        "kr/pipeline-ga.html",
        "kr/runbook-coverage.html",
        "kr/secrets-scanning.html",
        "kr/slo-coverage.html",
        "kr/sso-coverage.html",
        "kr/time-to-first-deploy.html",
        "metric/activation.html",
        "metric/change-failure-rate.html",
        "metric/deploy-frequency.html",
        "metric/mttr.html",
        "metric/weekly-active-teams.html",
        "objective/boring-deploys.html",
        "objective/fewer-pages.html",
        "objective/self-serve-onboarding.html",
        "objective/sso-everywhere.html",
        "period/2026-q4.html",
        "pillar/reliability.html",
        "pillar/security.html",
        "pillar/velocity.html",
        "style.css",
        "tree.html",
        "week.html",
    ];
    assert_eq!(names, expected, "{names:#?}");
}

/// The text of `html` between the first `open` and the last `close` tag.
fn between<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let start = html.find(open).expect(open) + open.len();
    let end = html.rfind(close).expect(close);
    &html[start..end]
}

/// The org example has objectives in 2026-Q3, 2026-H2 and 2026-Q4: each gets a page
/// holding exactly the packet `review --period P --format html` writes (a past period's
/// as of its last day), listed on the index and linked from the navigation.
#[test]
fn each_period_up_to_the_selected_one_has_its_review_packet() {
    let (dir, plan) = example_copy("org");
    let site = dir.path().join("public");
    build(
        &plan,
        &site,
        &["--as-of", "2026-11-20", "--period", "2026-Q3"],
    );
    let names: Vec<String> = files(&site)
        .into_keys()
        .filter(|n| n.starts_with("period/"))
        .collect();
    // 2026-H2 began on or before 2026-Q3 did; 2026-Q4 began after.
    assert_eq!(names, ["period/2026-h2.html", "period/2026-q3.html"]);
    build(&plan, &site, &["--as-of", "2026-11-20"]);
    let all = files(&site);
    let names: Vec<&str> = all
        .keys()
        .filter(|n| n.starts_with("period/"))
        .map(String::as_str)
        .collect();
    assert_eq!(
        names,
        [
            "period/2026-h2.html",
            "period/2026-q3.html",
            "period/2026-q4.html"
        ]
    );
    // A past period's packet is as of its last day.
    for (label, as_of, file) in [
        ("2026-Q3", "2026-09-30", "period/2026-q3.html"),
        ("2026-H2", "2026-11-20", "period/2026-h2.html"),
        ("2026-Q4", "2026-11-20", "period/2026-q4.html"),
    ] {
        let p = plan.to_str().unwrap();
        let review = northstar(&[
            "-f", p, "--as-of", as_of, "--period", label, "review", "--format", "html",
        ]);
        assert_eq!(review.code, 0, "{}", review.stderr);
        let page = String::from_utf8(all[file].clone()).unwrap();
        assert_eq!(
            between(&page, "<main>", "</main>"),
            between(&review.stdout, "<body>", "</body>"),
            "{label}"
        );
        assert!(page.contains(r#"<a href="../index.html#periods">Review packets</a>"#));
    }
    let q3 = String::from_utf8(all["period/2026-q3.html"].clone()).unwrap();
    assert!(q3.contains(r#"<p class="meta">As of 2026-09-30</p>"#));
    let index = String::from_utf8(all["index.html"].clone()).unwrap();
    assert!(index.contains(r#"<section id="periods"><h2>Review packets</h2>"#));
    assert!(index.contains(r#"<a href="period/2026-q3.html">2026-Q3</a>"#));
}

/// `week.html` lists what `digest --since 7d` says moved in the 7 days ending on the
/// as-of date, in its order, each linked to its page, and is linked from the navigation.
#[test]
fn the_week_page_shows_the_digest_of_the_last_seven_days() {
    let (dir, plan) = example_copy("org");
    let site = dir.path().join("public");
    build(&plan, &site, &["--as-of", "2026-11-20"]);
    let p = plan.to_str().unwrap();
    let digest = northstar(&[
        "-f",
        p,
        "--as-of",
        "2026-11-20",
        "digest",
        "--since",
        "7d",
        "--format",
        "json",
    ]);
    assert_eq!(digest.code, 0, "{}", digest.stderr);
    let json: serde_json::Value = serde_json::from_str(&digest.stdout).unwrap();
    let expected: Vec<String> = json["moved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(expected.len(), 15, "{expected:?}");
    let week = std::fs::read_to_string(site.join("week.html")).unwrap();
    let moved = between(
        &week,
        "<h2>What moved (2026-11-14 to 2026-11-20)</h2>",
        "</section>",
    );
    let re = regex::Regex::new(
        r#"<td data-label="Id"><a href="(?:kr|metric|bet|objective)/([^"]+)\.html">"#,
    )
    .unwrap();
    let linked: Vec<String> = re.captures_iter(moved).map(|c| c[1].to_string()).collect();
    assert_eq!(linked, expected);
    assert!(week.contains("<h2>At risk or off-track (2026-Q4)</h2>"));
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains(r#"<li><a href="week.html">This week</a></li>"#));
}

/// A copy of `examples/NAME` (every file, recursively) in a temporary directory.
pub(crate) fn example_copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() {
                copy(&path, &target);
            } else {
                std::fs::copy(&path, &target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&Path::new("examples").join(name), dir.path());
    let main = dir.path().join("northstar.toml");
    (dir, main)
}

/// Checks every `href` and `src` of every page of the site in `site`: relative, resolving
/// to a file of the site, and each `#anchor` to an element's `id` in it. Returns how many
/// it checked.
fn check_links(site: &Path) -> usize {
    let root = std::fs::canonicalize(site).unwrap();
    let mut checked = 0;
    for (name, bytes) in files(site) {
        if !is_page(&name) {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        assert!(!html.contains("<script"), "{name}");
        for reference in references(&html) {
            assert!(
                !reference.contains("://") && !reference.starts_with("//"),
                "{name} references `{reference}`"
            );
            assert!(
                !reference.starts_with('/'),
                "{name}: `{reference}` is not relative"
            );
            let (path, anchor) = reference.split_once('#').unwrap_or((&reference, ""));
            let from = root.join(&name);
            let target = if path.is_empty() {
                from.clone()
            } else {
                std::fs::canonicalize(from.parent().unwrap().join(path))
                    .unwrap_or_else(|e| panic!("{name}: `{reference}` does not resolve: {e}"))
            };
            assert!(
                target.starts_with(&root),
                "{name}: `{reference}` leaves the site"
            );
            assert!(target.is_file(), "{name}: `{reference}` is not a file");
            if !anchor.is_empty() {
                let text = std::fs::read_to_string(&target).unwrap();
                assert!(
                    text.contains(&format!("id=\"{anchor}\"")),
                    "{name}: `{reference}` names no element"
                );
            }
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_internal_link_and_anchor_resolves_and_nothing_is_external() {
    for example in ["fiscal", "measured", "org", "platform", "startup"] {
        let (dir, plan) = example_copy(example);
        let site = dir.path().join("public");
        build(&plan, &site, &[]);
        let checked = check_links(&site);
        let pages = files(&site).len();
        // The stylesheet and three navigation links on every page, at least.
        assert!(
            checked >= 4 * (pages - 1),
            "{example}: only {checked} links in {pages} files"
        );
    }
}

#[test]
fn pages_link_both_ways_and_show_check_ins() {
    let (_dir, _plan, site) = platform_site();
    let all = files(&site);
    let page = |name: &str| String::from_utf8(all[name].clone()).unwrap();
    let objective = page("objective/boring-deploys.html");
    assert!(
        objective.contains(r#"href="../kr/lead-time.html""#),
        "{objective}"
    );
    assert!(objective.contains(r#"<link rel="stylesheet" href="../style.css">"#));
    assert!(
        objective.contains(r#"href="../pillar/velocity.html""#),
        "{objective}"
    );
    let kr = page("kr/lead-time.html");
    assert!(
        kr.contains(r#"href="../objective/boring-deploys.html""#),
        "{kr}"
    );
    assert!(
        kr.contains("<svg class=\"chart\""),
        "the check-ins' chart: {kr}"
    );
    assert!(kr.contains("<th>Date</th>"), "the check-ins' table: {kr}");
    let pillar = page("pillar/velocity.html");
    assert!(
        pillar.contains(r#"href="../objective/boring-deploys.html""#),
        "{pillar}"
    );
    let index = page("index.html");
    assert!(
        index.contains(r#"<nav class="site" aria-label="Site">"#),
        "{index}"
    );
    assert!(index.contains(r#"<section id="pages">"#), "{index}");
    let tree = page("tree.html");
    assert!(tree.contains(r#"<ul class="tree">"#), "{tree}");
    assert!(
        tree.contains(r#"href="objective/boring-deploys.html""#),
        "{tree}"
    );
}

#[test]
fn every_page_is_stamped_and_building_twice_gives_the_same_bytes() {
    let (dir, plan, site) = platform_site();
    let first = files(&site);
    let again = dir.path().join("again");
    build(&plan, &again, &[]);
    assert_eq!(first, files(&again));
    // Built over itself, the site is the same too.
    build(&plan, &site, &[]);
    assert_eq!(first, files(&site));
    for (name, bytes) in &first {
        if is_page(name) {
            let html = std::str::from_utf8(bytes).unwrap();
            assert!(
                html.contains("Built from a plan not in git · as of 2026-11-20"),
                "{name}"
            );
            assert!(!html.contains("rel=\"canonical\""), "{name}");
        }
    }
    let css = std::str::from_utf8(&first["style.css"]).unwrap();
    assert!(css.contains("prefers-color-scheme: dark") && css.contains("@media print"));
}

#[test]
fn a_plan_in_git_stamps_its_commit_and_base_url_gives_canonical_links() {
    let (dir, plan) = platform_copy();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "plan"]);
    let head = crate::common::git_output(dir.path(), &["rev-parse", "--short=12", "HEAD"], None);
    let site = dir.path().join("public");
    build(
        &plan,
        &site,
        &["--base-url", "https://okrs.example.com/plan/"],
    );
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains(&format!(
            "Built from commit <code class=\"id\">{head}</code> · as of 2026-11-20"
        )),
        "{index}"
    );
    assert!(
        index.contains(r#"<link rel="canonical" href="https://okrs.example.com/plan/index.html">"#)
    );
    let kr = std::fs::read_to_string(site.join("kr/lead-time.html")).unwrap();
    assert!(kr.contains(r#"href="https://okrs.example.com/plan/kr/lead-time.html""#));
}

#[test]
fn a_failure_before_the_swap_leaves_the_old_site_whole() {
    let (dir, plan, site) = platform_site();
    let before = files(&site);
    std::fs::write(site.join("index.html"), "old").unwrap();
    let out = bin()
        .env("NORTHSTAR_TEST_FAIL_BEFORE_RENAME", "1")
        .args([
            "-f",
            plan.to_str().unwrap(),
            "site",
            "-o",
            site.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("\nerror: injected failure before swapping the site into"),
        "{stderr}"
    );
    let after = files(&site);
    assert_eq!(after["index.html"], b"old");
    assert_eq!(after.len(), before.len());
    // Nothing is left beside it.
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["checkins.toml", "northstar.toml", "public", "teams"]);
    // Rebuilt, a file the new site no longer has is gone.
    std::fs::write(site.join("stale.html"), "x").unwrap();
    build(&plan, &site, &[]);
    assert_eq!(files(&site), before);
}

/// `site -o DIR` on the platform copy: exit 2, the refusal, nothing written.
fn refused(plan: &Path, dir: &Path, message: &str) {
    let r = northstar(&[
        "-f",
        plan.to_str().unwrap(),
        "site",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains(message), "{}", r.stderr);
    assert!(r.stderr.ends_with("nothing was written\n"), "{}", r.stderr);
}

#[test]
fn it_refuses_plan_files_the_plan_directory_files_and_other_directories() {
    let (dir, plan) = platform_copy();
    let root = dir.path();
    let before = files(root);
    refused(&plan, &plan, "refusing to replace plan file");
    refused(
        &plan,
        &root.join("checkins.toml"),
        "refusing to replace plan file",
    );
    refused(&plan, root, "it holds plan file");
    refused(&plan, &root.join("teams"), "it holds plan file");
    refused(&plan, &root.join("teams/.."), "names no directory");
    let other = root.join("notes");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("todo.txt"), "keep me").unwrap();
    refused(
        &plan,
        &other,
        "it holds files and no `index.html`, so it is not a site",
    );
    std::fs::remove_dir_all(&other).unwrap();
    let file = root.join("site.txt");
    std::fs::write(&file, "keep me").unwrap();
    refused(&plan, &file, "is a file, not a directory");
    std::fs::remove_file(&file).unwrap();
    assert_eq!(files(root), before);
}

#[test]
fn it_refuses_a_directory_the_include_patterns_read() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("northstar.toml");
    std::fs::create_dir(dir.path().join("parts")).unwrap();
    std::fs::write(
        &plan,
        "[plan]\nname = \"P\"\ninclude = [\"parts/*\"]\n\n[[pillar]]\nid = \"p1\"\nname = \"One\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("parts/a.toml"), "").unwrap();
    refused(
        &plan,
        &dir.path().join("parts/site"),
        "include pattern `parts/*` would read",
    );
    assert!(!dir.path().join("parts/site").exists());
    // Beside the plan, the site is written.
    build(&plan, &dir.path().join("public"), &[]);
}
