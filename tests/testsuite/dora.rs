//! DORA's four keys read from real git repositories (`northstar::sources::dora::measure`): each
//! test builds a repository with fixed commit, tag and merge times and a fixed identity,
//! with the machine's git configuration shut out, and asserts exact values.
//!
//! Every test measures as of 2026-11-20 over 7 days unless it says otherwise: the window
//! is [2026-11-14 00:00Z, 2026-11-21 00:00Z).

use crate::common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use northstar::sources::dora::{Definition, Deploys, Failures, Key, Reading, measure};

/// A temporary directory holding a plan directory (`plan/`, the `base`) and a repository
/// next to it (`service/`, `../service` from the plan).
struct World {
    dir: tempfile::TempDir,
}

impl World {
    fn new() -> Self {
        let world = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(world.base()).unwrap();
        std::fs::create_dir_all(world.dir.path().join("service")).unwrap();
        world.git(&["init", "-q", "-b", "main"], "2026-11-01T00:00:00Z");
        world
    }

    fn base(&self) -> PathBuf {
        self.dir.path().join("plan")
    }

    /// Runs git in the repository with both dates set to `date`; its trimmed stdout.
    fn git(&self, args: &[&str], date: &str) -> String {
        common::git_output(&self.dir.path().join("service"), args, Some(date))
    }

    /// An empty commit on the current branch; its full hash.
    fn commit(&self, subject: &str, date: &str) -> String {
        self.git(&["commit", "-q", "--allow-empty", "-m", subject], date);
        self.git(&["rev-parse", "HEAD"], date)
    }

    /// A lightweight tag on HEAD (its time is the commit's).
    fn tag(&self, name: &str) {
        self.git(&["tag", name], "2000-01-01T00:00:00Z");
    }

    /// An annotated tag on HEAD, tagged at `date`.
    fn annotated(&self, name: &str, date: &str) {
        self.git(&["tag", "-a", name, "-m", name], date);
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.base().join(name), text).unwrap();
    }

    fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"], "2000-01-01T00:00:00Z")[..7].to_string()
    }

    fn measure(&self, def: &Definition, date: &str) -> Result<Reading, String> {
        measure(def, &self.base(), day(date))
    }

    fn value(&self, def: &Definition) -> f64 {
        self.measure(def, "2026-11-20").unwrap().value
    }
}

fn day(date: &str) -> NaiveDate {
    NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap()
}

fn source(key: Key, deploys: Deploys, failures: Option<Failures>) -> Definition {
    Definition {
        key,
        repo: Some("../service".to_string()),
        deploys: Some(deploys),
        failures,
        incidents: None,
        window_days: 7,
    }
}

fn tags() -> Deploys {
    Deploys::Tag("^v[0-9]+$".to_string())
}

/// Failed deploys are those followed by a revert (`git revert`'s subject).
fn reverts() -> Failures {
    Failures::Commit("^Revert ".to_string())
}

/// The tagged history most tests read:
///
/// | commit | committer time       | subject          | tag                                  |
/// |--------|----------------------|------------------|--------------------------------------|
/// | c1     | 2026-11-01 00:00     | init             | v1 (lightweight: before the window)  |
/// | c2     | 2026-11-13 20:00     | feature a        |                                      |
/// | c3     | 2026-11-13 22:00     | feature b        | v2 annotated at 11-14 00:00 (the window's first second) |
/// | c4     | 2026-11-15 10:00     | feature c        | v3 (lightweight: at 11-15 10:00)     |
/// | c5     | 2026-11-16 10:00     | Revert "feature c" |                                    |
/// | c6     | 2026-11-16 12:00     | fix typo         | nightly-1 (not a deploy)             |
/// | c7     | 2026-11-17 06:00     | docs             | v4 annotated at 11-17 12:00          |
/// | c8     | 2026-11-20 18:00     | feature d        | v5 annotated at 11-21 00:00 (D + 1: ignored) |
/// | c9     | 2026-11-21 00:00     | Revert "docs"    | (after the date: ignored)            |
struct Tagged {
    world: World,
    c2: String,
    c3: String,
    c4: String,
    c7: String,
}

fn tagged() -> Tagged {
    let world = World::new();
    world.commit("init", "2026-11-01T00:00:00Z");
    world.tag("v1");
    let c2 = world.commit("feature a", "2026-11-13T20:00:00Z");
    let c3 = world.commit("feature b", "2026-11-13T22:00:00Z");
    world.annotated("v2", "2026-11-14T00:00:00Z");
    let c4 = world.commit("feature c", "2026-11-15T10:00:00Z");
    world.tag("v3");
    world.commit("Revert \"feature c\"", "2026-11-16T10:00:00Z");
    world.commit("fix typo", "2026-11-16T12:00:00Z");
    world.tag("nightly-1");
    let c7 = world.commit("docs", "2026-11-17T06:00:00Z");
    world.annotated("v4", "2026-11-17T12:00:00Z");
    world.commit("feature d", "2026-11-20T18:00:00Z");
    world.annotated("v5", "2026-11-21T00:00:00Z");
    world.commit("Revert \"docs\"", "2026-11-21T00:00:00Z");
    Tagged {
        world,
        c2,
        c3,
        c4,
        c7,
    }
}

#[test]
fn tag_deploys_give_all_three_deploy_keys() {
    let Tagged { world, .. } = tagged();
    // v2 (annotated, tagged at the window's first second though its commit is older), v3
    // (lightweight, at its commit's time) and v4; v1 is before the window, v5 tagged at
    // D + 1 00:00Z, nightly-1 not matched.
    let reading = world
        .measure(
            &source(Key::DeploymentFrequency, tags(), None),
            "2026-11-20",
        )
        .unwrap();
    assert_eq!(reading.value, 3.0 / 7.0);
    assert_eq!(reading.head, Some(world.head()));
    // First deployed: by v2 c2 (4 h) and c3 (2 h); by v3 c4 (0 h); by v4 c5 (26 h), c6
    // (24 h) and c7 (6 h). Six values: the mean of the middle two, (4 + 6) / 2.
    assert_eq!(world.value(&source(Key::LeadTime, tags(), None)), 5.0);
    // v3 failed: `Revert "feature c"` came after it and before v4. v4 is the latest: the
    // revert of c7 is committed at D + 1 00:00Z and ignored.
    assert_eq!(
        world.value(&source(Key::ChangeFailureRate, tags(), Some(reverts()))),
        1.0 / 3.0
    );
}

#[test]
fn a_past_date_reproduces_that_days_numbers() {
    let Tagged { world, .. } = tagged();
    // As of 11-16, over [11-10, 11-17): v2 and v3; v4 (11-17 12:00) is in the future.
    let as_of = |key, failures| {
        world
            .measure(&source(key, tags(), failures), "2026-11-16")
            .unwrap()
            .value
    };
    assert_eq!(as_of(Key::DeploymentFrequency, None), 2.0 / 7.0);
    // 4, 2 and 0 hours.
    assert_eq!(as_of(Key::LeadTime, None), 2.0);
    // v3 is the latest then; the revert (11-16 10:00) is before the window's end.
    assert_eq!(as_of(Key::ChangeFailureRate, Some(reverts())), 1.0 / 2.0);
}

#[test]
fn a_revert_tagged_as_the_next_deploy_fails_the_one_before() {
    let world = World::new();
    world.commit("init", "2026-11-14T08:00:00Z");
    world.tag("v1");
    world.commit("risky change", "2026-11-15T08:00:00Z");
    world.tag("v2");
    // The revert is the next deploy's own commit: at its time, "up to the next deploy".
    world.commit("Revert \"risky change\"", "2026-11-15T09:00:00Z");
    world.tag("v3");
    assert_eq!(
        world.value(&source(Key::ChangeFailureRate, tags(), Some(reverts()))),
        1.0 / 3.0
    );
}

#[test]
fn failures_listed_in_a_file_by_tag_or_hash_prefix() {
    let Tagged { world, c7, .. } = tagged();
    // v2 by name, v4 by the first 8 digits of c7 in capitals; v9 and a prefix of no
    // deploy's commit name nothing; v5 is after the date.
    world.write(
        "failed.csv",
        &format!("deploy\nv2\n{}\nv9\n\nv5\n", c7[..8].to_ascii_uppercase()),
    );
    let failures = Some(Failures::File("failed.csv".to_string()));
    assert_eq!(
        world.value(&source(Key::ChangeFailureRate, tags(), failures)),
        2.0 / 3.0
    );
}

#[test]
fn deploys_listed_in_a_file() {
    let Tagged {
        world, c2, c3, c4, ..
    } = tagged();
    // One second before the window (deploys c1 and c2), the window's first second written
    // at +09:00 (c3, abbreviated), inside (c4 by tag name), and at D + 1 (ignored).
    world.write(
        "deploys.csv",
        &format!(
            "time,commit\n\
             2026-11-13T23:59:59Z,{c2}\n\
             2026-11-14T09:00:00+09:00,{}\n\
             2026-11-15T10:00:00Z,v3\n\
             2026-11-21T00:00:00Z,{c4}\n",
            &c3[..7]
        ),
    );
    world.write("failed.csv", &format!("deploy\n{}\n", &c4[..10]));
    let file = || Deploys::File("deploys.csv".to_string());
    assert_eq!(
        world.value(&source(Key::DeploymentFrequency, file(), None)),
        2.0 / 7.0
    );
    // c3: 2 h; c4: 0 h. The mean of the two.
    assert_eq!(world.value(&source(Key::LeadTime, file(), None)), 1.0);
    let failures = Some(Failures::File("failed.csv".to_string()));
    assert_eq!(
        world.value(&source(Key::ChangeFailureRate, file(), failures)),
        1.0 / 2.0
    );
    // With reverts as failures: after c4's deploy (the latest) and before the window's
    // end come c5 `Revert "feature c"`, c6, c7 and c8.
    assert_eq!(
        world.value(&source(Key::ChangeFailureRate, file(), Some(reverts()))),
        1.0 / 2.0
    );
}

/// main's first-parent line, merges marked M:
///
/// ```text
/// init (11-01) ── M0 (11-02 12:00) ── M1 (11-15 12:00) ── M2 (11-16 10:00) ── M3 (11-18 12:00)
///   setup: s1 (11-02)    feature: f1 (11-14 08:00)   fix: r1 `Revert "add x"`   feature2: g1 (11-17 09:00),
///                                 f2 (11-14 10:00)        (11-16 09:00)        G merging sub's h1 (11-17 10:00)
///                                                                               at 11-17 11:00
/// ```
fn merged() -> World {
    let world = World::new();
    world.commit("init", "2026-11-01T00:00:00Z");
    let branch = |name: &str, commits: &[(&str, &str)], merged_at: &str| {
        world.git(&["checkout", "-q", "-b", name], merged_at);
        for (subject, date) in commits {
            world.commit(subject, date);
        }
        world.git(&["checkout", "-q", "main"], merged_at);
        world.git(&["merge", "-q", "--no-ff", "--no-edit", name], merged_at);
    };
    branch(
        "setup",
        &[("s1", "2026-11-02T00:00:00Z")],
        "2026-11-02T12:00:00Z",
    );
    branch(
        "feature",
        &[
            ("add x", "2026-11-14T08:00:00Z"),
            ("test x", "2026-11-14T10:00:00Z"),
        ],
        "2026-11-15T12:00:00Z",
    );
    branch(
        "fix",
        &[("Revert \"add x\"", "2026-11-16T09:00:00Z")],
        "2026-11-16T10:00:00Z",
    );
    // feature2 merges a branch of its own: a merge, but not on main's first-parent line.
    world.git(
        &["checkout", "-q", "-b", "feature2"],
        "2026-11-17T09:00:00Z",
    );
    world.commit("g1", "2026-11-17T09:00:00Z");
    world.git(&["checkout", "-q", "-b", "sub"], "2026-11-17T10:00:00Z");
    world.commit("h1", "2026-11-17T10:00:00Z");
    world.git(&["checkout", "-q", "feature2"], "2026-11-17T11:00:00Z");
    world.git(
        &["merge", "-q", "--no-ff", "--no-edit", "sub"],
        "2026-11-17T11:00:00Z",
    );
    world.git(&["checkout", "-q", "main"], "2026-11-18T12:00:00Z");
    world.git(
        &["merge", "-q", "--no-ff", "--no-edit", "feature2"],
        "2026-11-18T12:00:00Z",
    );
    // HEAD elsewhere: branch deploys read the branch, not HEAD.
    world.git(&["checkout", "-q", "setup"], "2026-11-18T12:00:00Z");
    world
}

#[test]
fn first_parent_merges_on_a_branch_are_the_deploys() {
    let world = merged();
    let main = || Deploys::Branch("main".to_string());
    // M1, M2 and M3 (M0 before the window; G is on feature2's line).
    assert_eq!(
        world.value(&source(Key::DeploymentFrequency, main(), None)),
        3.0 / 7.0
    );
    // M1: add x 28 h, test x 26 h, M1 0 h; M2: the revert 1 h, M2 0 h; M3: g1 27 h,
    // h1 26 h, G 25 h, M3 0 h. Nine values: 0 0 0 1 25 26 26 27 28.
    assert_eq!(world.value(&source(Key::LeadTime, main(), None)), 25.0);
    // M1 failed: the revert came after it, up to M2.
    assert_eq!(
        world.value(&source(Key::ChangeFailureRate, main(), Some(reverts()))),
        1.0 / 3.0
    );
    let reading = world
        .measure(
            &source(Key::DeploymentFrequency, main(), None),
            "2026-11-20",
        )
        .unwrap();
    assert_eq!(reading.head, Some(world.head()));
}

fn incidents(path: &str) -> Definition {
    Definition {
        key: Key::TimeToRestore,
        repo: None,
        deploys: None,
        failures: None,
        incidents: Some(path.to_string()),
        window_days: 7,
    }
}

#[test]
fn time_to_restore_over_incidents_resolved_in_the_window() {
    let world = World::new();
    world.write(
        "incidents.csv",
        "started,resolved\n\
         2026-11-14T10:00:00Z,2026-11-14T12:00:00Z\n\
         2026-11-10T22:00:00Z,2026-11-14T01:00:00+02:00\n\
         2026-11-15T09:00:00+01:00,2026-11-15T09:30:00Z\n\
         2026-11-18T09:00:00Z,\n\
         2026-11-20T22:00:00Z,2026-11-21T00:00:00Z\n\
         2026-11-16T00:00:00Z,2026-11-16T05:00:00Z\n\
         2026-11-19T00:00:00Z,2026-11-20T06:00:00Z\n",
    );
    // 2 h, 1.5 h (started 08:00Z), 5 h and 30 h; resolved before the window (23:00Z the
    // day before), open, and resolved at D + 1 00:00Z are left out. (2 + 5) / 2.
    let reading = world
        .measure(&incidents("incidents.csv"), "2026-11-20")
        .unwrap();
    assert_eq!(
        reading,
        Reading {
            value: 3.5,
            head: None
        }
    );
    assert_eq!(
        world.measure(&incidents("incidents.csv"), "2026-11-01"),
        Err("no incidents resolved in the 7 days ending 2026-11-01".to_string())
    );
}

#[test]
fn keys_without_deploys() {
    let Tagged { world, .. } = tagged();
    let before = |key, failures| world.measure(&source(key, tags(), failures), "2026-10-20");
    assert_eq!(
        before(Key::DeploymentFrequency, None).map(|r| r.value),
        Ok(0.0)
    );
    let none = Err("no deploys in the 7 days ending 2026-10-20".to_string());
    assert_eq!(before(Key::LeadTime, None), none);
    assert_eq!(before(Key::ChangeFailureRate, Some(reverts())), none);
}

#[test]
fn errors_name_what_the_plan_wrote() {
    let Tagged { world, .. } = tagged();
    std::fs::create_dir_all(world.dir.path().join("plain")).unwrap();
    let error = |def: &Definition| world.measure(def, "2026-11-20").unwrap_err();
    let with_repo = |repo: &str| Definition {
        repo: Some(repo.to_string()),
        ..source(Key::DeploymentFrequency, tags(), None)
    };
    assert_eq!(
        error(&with_repo("../payments-service")),
        "repository `../payments-service` does not exist"
    );
    assert_eq!(
        error(&with_repo("../plain")),
        "`../plain` is not a git repository"
    );
    // An absolute path is used as it is.
    let absolute = world.dir.path().join("service");
    let reading = world
        .measure(&with_repo(absolute.to_str().unwrap()), "2026-11-20")
        .unwrap();
    assert_eq!(reading.value, 3.0 / 7.0);
    assert_eq!(
        error(&source(
            Key::DeploymentFrequency,
            Deploys::Tag("^deploy-(".to_string()),
            None
        )),
        "tag pattern `^deploy-(` is not a valid regular expression: unclosed group"
    );
    assert_eq!(
        error(&source(
            Key::ChangeFailureRate,
            tags(),
            Some(Failures::Commit("[revert".to_string()))
        )),
        "failure pattern `[revert` is not a valid regular expression: unclosed character class"
    );
    assert_eq!(
        error(&source(
            Key::DeploymentFrequency,
            Deploys::Branch("release".to_string()),
            None
        )),
        "branch `release` does not exist in `../service`"
    );
}

#[test]
fn csv_errors_name_the_file_and_column() {
    let world = World::new();
    let error = |def: &Definition| world.measure(def, "2026-11-20").unwrap_err();
    assert_eq!(
        error(&incidents("incidents.csv")),
        "`incidents.csv` does not exist"
    );
    world.write("incidents.csv", "started,ended\n2026-11-14T10:00:00Z,\n");
    assert_eq!(
        error(&incidents("incidents.csv")),
        "`incidents.csv` has no column `resolved`"
    );
    world.write("incidents.csv", "started,resolved\n2026-13-01,\n");
    assert_eq!(
        error(&incidents("incidents.csv")),
        "a value in column `started` of `incidents.csv` is not an RFC 3339 time: it is text of 10 characters"
    );
    world.write(
        "incidents.csv",
        "started,resolved\n2026-11-14T10:00:00Z,2026-11-14 noon\n",
    );
    assert_eq!(
        error(&incidents("incidents.csv")),
        "a value in column `resolved` of `incidents.csv` is not an RFC 3339 time: it is text of 15 characters"
    );
    world.commit("init", "2026-11-01T00:00:00Z");
    world.write(
        "deploys.csv",
        "time,commit\n2026-11-15T10:00:00Z,deadbeef\n",
    );
    assert_eq!(
        error(&source(
            Key::DeploymentFrequency,
            Deploys::File("deploys.csv".to_string()),
            None
        )),
        "a value in column `commit` of `deploys.csv` is not a commit in `../service`: it is text of 8 characters"
    );
    world.write("deploys.csv", "when,commit\n");
    assert_eq!(
        error(&source(
            Key::DeploymentFrequency,
            Deploys::File("deploys.csv".to_string()),
            None
        )),
        "`deploys.csv` has no column `time`"
    );
}

/// Paths are relative to the plan's directory, not the process's.
#[test]
fn paths_are_relative_to_the_plan() {
    let world = World::new();
    world.write(
        "incidents.csv",
        "started,resolved\n2026-11-14T10:00:00Z,2026-11-14T11:00:00Z\n",
    );
    let elsewhere = Path::new("/");
    assert_eq!(
        measure(
            &incidents("incidents.csv"),
            &world.base(),
            day("2026-11-20")
        )
        .map(|r| r.value),
        Ok(1.0)
    );
    assert!(measure(&incidents("incidents.csv"), elsewhere, day("2026-11-20")).is_err());
}

/// `northstar measure` end to end: a plan beside the repository with one metric per key,
/// in the units the metrics declare; the provenance names the HEAD read, and measuring the
/// same day again is skipped even after new commits (the definition is the same).
#[test]
fn northstar_measure_records_the_four_keys_with_their_provenance() {
    let Tagged { world, .. } = tagged();
    world.write(
        "incidents.csv",
        "started,resolved\n2026-11-14T10:00:00Z,2026-11-14T12:30:00Z\n",
    );
    let metric = |id: &str, unit: &str, body: &str| {
        format!(
            "\n[[metric]]\nid = \"{id}\"\nname = \"{id}\"\nrole = \"health\"\nunit = \"{unit}\"\n\
             [metric.source]\nkind = \"dora\"\nwindow_days = 7\n{body}\n"
        )
    };
    let git = "repo = \"../service\"\ndeploys = { tag = \"^v[0-9]+$\" }";
    let plan = format!(
        "[plan]\nname = \"DORA\"\ncheckin_log = \"checkins.toml\"\n\n\
         [[pillar]]\nid = \"speed\"\nname = \"Speed\"\n\n[[pillar]]\nid = \"care\"\nname = \"Care\"\n{}{}{}{}",
        metric(
            "deploys",
            "deploys/day",
            &format!("measure = \"deployment-frequency\"\n{git}")
        ),
        metric("lead", "min", &format!("measure = \"lead-time\"\n{git}")),
        metric(
            "failures",
            "%",
            &format!(
                "measure = \"change-failure-rate\"\n{git}\nfailures = {{ commit = \"^Revert \" }}"
            )
        ),
        metric(
            "restore",
            "h",
            "measure = \"time-to-restore\"\nincidents = \"incidents.csv\""
        ),
    );
    world.write("northstar.toml", &plan);
    world.write("checkins.toml", "");
    let main = world.base().join("northstar.toml");
    let head = world.head();
    let r = common::northstar(&["-f", main.to_str().unwrap(), "measure"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let entry = |id: &str, value: &str, source: &str| {
        format!(
            "[[checkin]]\nmetric = \"{id}\"\ndate = 2026-11-20\nvalue = {value}\nsource = \"{source}\"\n"
        )
    };
    let log = std::fs::read_to_string(world.base().join("checkins.toml")).unwrap();
    assert_eq!(
        log,
        [
            // 3 deploys in 7 days.
            entry(
                "deploys",
                "0.4286",
                &format!("dora:deployment-frequency ../service@{head} tags ^v[0-9]+$ 7d")
            ),
            // 5 hours in minutes.
            entry(
                "lead",
                "300",
                &format!("dora:lead-time ../service@{head} tags ^v[0-9]+$ 7d")
            ),
            // 1 of 3 deploys, in percent.
            entry(
                "failures",
                "33.3333",
                &format!(
                    "dora:change-failure-rate ../service@{head} tags ^v[0-9]+$ failures ^Revert  7d"
                )
            ),
            entry(
                "restore",
                "2.5",
                "dora:time-to-restore incidents incidents.csv 7d"
            ),
        ]
        .join("\n")
    );
    // A new commit, the same day: the same definitions, so nothing is measured twice.
    world.commit("more work", "2026-11-20T20:00:00Z");
    let again = common::northstar(&["-f", main.to_str().unwrap(), "measure", "lead"]);
    assert_eq!(again.code, 0);
    assert_eq!(
        again.stderr,
        "note: skipped `lead`: already measured on 2026-11-20 from dora:lead-time ../service tags ^v[0-9]+$ 7d\n"
    );
    assert_eq!(
        std::fs::read_to_string(world.base().join("checkins.toml")).unwrap(),
        log
    );
}

/// `repo` must be the top of a whole clone: a plain directory inside a repository would
/// measure the enclosing one, and a shallow clone counts from what happens to be fetched.
#[test]
fn a_directory_inside_a_repository_and_a_shallow_clone_are_refused() {
    let Tagged { world, .. } = tagged();
    std::fs::create_dir_all(world.dir.path().join("service/sub")).unwrap();
    let service = world.dir.path().join("service");
    common::git_output(
        world.dir.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            &format!("file://{}", service.display()),
            "shallow",
        ],
        None,
    );
    let metric = |id: &str, repo: &str| {
        format!(
            "\n[[metric]]\nid = \"{id}\"\nname = \"{id}\"\nrole = \"health\"\n\
             [metric.source]\nkind = \"dora\"\nwindow_days = 7\nmeasure = \"lead-time\"\n\
             repo = \"{repo}\"\ndeploys = {{ tag = \"^v[0-9]+$\" }}\n"
        )
    };
    world.write(
        "northstar.toml",
        &format!(
            "[plan]\nname = \"DORA\"\ncheckin_log = \"checkins.toml\"\n\n\
             [[pillar]]\nid = \"speed\"\nname = \"Speed\"\n\n[[pillar]]\nid = \"care\"\nname = \"Care\"\n{}{}{}",
            metric("inside", "../service/sub"),
            metric("shallow", "../shallow"),
            metric("whole", "../service"),
        ),
    );
    world.write("checkins.toml", "");
    let out = common::bin()
        .arg("-f")
        .arg(world.base().join("northstar.toml"))
        .arg("measure")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: cannot measure `inside`: `../service/sub` is not the top of a git repository (a directory inside one, or a bare repository); point `repo` at the top directory of a clone with a work tree\n\
         error: cannot measure `shallow`: `../shallow` is a shallow clone, so its history is cut short and lead time and change failure rate would be wrong; fetch the whole history (`fetch-depth: 0` with `actions/checkout`, or `git fetch --unshallow`)\n"
    );
    let log = std::fs::read_to_string(world.base().join("checkins.toml")).unwrap();
    assert!(
        log.contains("metric = \"whole\"")
            && !log.contains("inside")
            && !log.contains("\"shallow\""),
        "{log}"
    );
}
