//! A small real plan built from the command line alone, as a new user would: `init
//! --empty`, `set plan`, the North Star, metrics, pillars, teams, objectives with parents
//! and shared teams, key results with windows, owners and `measured_by`, and check-ins;
//! every step prints what it did, the files end up byte for byte as committed in
//! `tests/fixtures/built-from-the-cli*.toml`, and `check --deny-warnings` is clean.

use crate::common;

use common::northstar;

/// Each step's arguments (after `-f PLAN`, but `init`) and what it prints.
const STEPS: &[(&[&str], &str)] = &[
    (
        &["set", "plan", "fiscal_year_start", "02-01"],
        "set `[plan]` fiscal_year_start: (unset) → \"02-01\" (PLAN)\n",
    ),
    (
        &[
            "add",
            "north-star",
            "weekly-active-teams",
            "--name",
            "Teams shipping every week",
            "--unit",
            "teams",
            "--baseline",
            "40",
            "--target",
            "60",
            "--due",
            "2027-01-31",
        ],
        "added North Star `weekly-active-teams` to PLAN\n",
    ),
    (
        &[
            "add",
            "metric",
            "deploys-per-day",
            "--name",
            "Deploys per day",
            "--baseline",
            "3",
            "--target",
            "10",
        ],
        "added metric `deploys-per-day` to PLAN\n",
    ),
    (
        &[
            "add",
            "metric",
            "change-failure-rate",
            "--name",
            "Change failure rate",
            "--role",
            "health",
            "--unit",
            "%",
            "--keep-below",
            "15",
        ],
        "added metric `change-failure-rate` to PLAN\n",
    ),
    (
        &[
            "add",
            "pillar",
            "velocity",
            "--name",
            "Developer velocity",
            "--owner",
            "ana",
        ],
        "added pillar `velocity` to PLAN\n",
    ),
    (
        &[
            "add",
            "pillar",
            "reliability",
            "--name",
            "Reliability",
            "--owner",
            "dmitri",
        ],
        "added pillar `reliability` to PLAN\n",
    ),
    (
        &["set", "velocity", "inputs", "[\"deploys-per-day\"]"],
        "set `velocity` inputs: (unset) → [\"deploys-per-day\"] (PLAN)\n",
    ),
    (
        &[
            "add",
            "team",
            "engineering",
            "--name",
            "Engineering",
            "--lead",
            "carol",
        ],
        "added team `engineering` to PLAN\n",
    ),
    (
        &[
            "add",
            "team",
            "platform",
            "--name",
            "Platform",
            "--parent",
            "engineering",
            "--lead",
            "paul",
        ],
        "added team `platform` to PLAN\n",
    ),
    (
        &[
            "add",
            "team",
            "dev-infra",
            "--name",
            "Developer infrastructure",
            "--parent",
            "platform",
            "--lead",
            "ana",
        ],
        "added team `dev-infra` to PLAN\n",
    ),
    (
        &[
            "add",
            "objective",
            "ship-faster",
            "--period",
            "FY27-Q4",
            "--title",
            "Ship changes faster",
            "--pillar",
            "velocity",
            "--team",
            "engineering",
            "--owner",
            "carol",
        ],
        "added objective `ship-faster` to PLAN\n",
    ),
    (
        &[
            "add",
            "kr",
            "deploy-rate",
            "--objective",
            "ship-faster",
            "--title",
            "Deploys per day",
            "--baseline",
            "3",
            "--target",
            "10",
            "--measured-by",
            "deploys-per-day",
            "--owner",
            "carol",
        ],
        "added key result `deploy-rate` to PLAN\n",
    ),
    (
        &[
            "add",
            "objective",
            "fast-builds",
            "--period",
            "FY27-Q4",
            "--title",
            "Builds nobody waits for",
            "--parent",
            "ship-faster",
            "--team",
            "platform,dev-infra",
            "--owner",
            "ana",
            "--contribution",
            "2",
        ],
        "added objective `fast-builds` to PLAN\n",
    ),
    (
        &[
            "add",
            "kr",
            "p95-build",
            "--objective",
            "fast-builds",
            "--title",
            "p95 build time",
            "--unit",
            "min",
            "--baseline",
            "18",
            "--target",
            "10",
            "--start",
            "2026-11-01",
            "--due",
            "2026-12-15",
            "--owner",
            "ana",
        ],
        "added key result `p95-build` to PLAN\n",
    ),
    (
        &[
            "add",
            "kr",
            "remote-cache-on",
            "--objective",
            "fast-builds",
            "--title",
            "Remote cache on for every repo",
            "--milestone",
            "--owner",
            "paul",
        ],
        "added key result `remote-cache-on` to PLAN\n",
    ),
    (
        &[
            "add",
            "objective",
            "fewer-incidents",
            "--period",
            "FY27-Q4",
            "--title",
            "Fewer customer-facing incidents",
            "--pillar",
            "reliability",
            "--team",
            "platform",
            "--owner",
            "dmitri",
        ],
        "added objective `fewer-incidents` to PLAN\n",
    ),
    (
        &[
            "add",
            "kr",
            "mttr",
            "--objective",
            "fewer-incidents",
            "--title",
            "Median time to restore",
            "--unit",
            "min",
            "--baseline",
            "90",
            "--target",
            "30",
            "--owner",
            "dmitri",
        ],
        "added key result `mttr` to PLAN\n",
    ),
    (
        &["checkin", "deploys-per-day", "5", "--by", "carol"],
        "recorded deploys-per-day = 5 on 2026-11-20 in LOG: progress 29% ● tracking\n",
    ),
    (
        &["checkin", "p95-build", "15", "--by", "ana"],
        "recorded p95-build = 15 min on 2026-11-20 in LOG: progress 38% ● on-track\n",
    ),
    (
        &["checkin", "remote-cache-on", "false", "--by", "paul"],
        "recorded remote-cache-on = not done on 2026-11-20 in LOG: progress 0% ▲ at-risk\n",
    ),
    (
        &["checkin", "mttr", "60", "--by", "dmitri"],
        "recorded mttr = 60 min on 2026-11-20 in LOG: progress 50% ● on-track\n",
    ),
    (
        &["checkin", "weekly-active-teams", "45", "--by", "carol"],
        "recorded weekly-active-teams = 45 teams on 2026-11-20 in LOG: progress 25% ● on-track\n",
    ),
    (
        &["checkin", "change-failure-rate", "12", "--by", "dmitri"],
        "recorded change-failure-rate = 12% on 2026-11-20 in LOG: progress 100% ✔ ok\n",
    ),
];

#[test]
fn a_real_plan_is_built_from_the_cli_alone_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("northstar.toml");
    let log = dir.path().join("checkins.toml");
    let r = northstar(&[
        "init",
        dir.path().to_str().unwrap(),
        "--empty",
        "--name",
        "Acme Engineering",
    ]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let p = plan.to_str().unwrap();
    for (args, expected) in STEPS {
        let mut all = vec!["-f", p];
        all.extend_from_slice(args);
        let r = northstar(&all);
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (
                0,
                expected
                    .replace("PLAN", p)
                    .replace("LOG", log.to_str().unwrap())
                    .as_str(),
                ""
            ),
            "{args:?}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        include_str!("../fixtures/built-from-the-cli.toml")
    );
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        include_str!("../fixtures/built-from-the-cli.checkins.toml")
    );
    let r = northstar(&["-f", p, "check", "--deny-warnings"]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
    // The shared objective is each of its teams'.
    for team in ["platform", "dev-infra"] {
        let r = northstar(&["-f", p, "status", "--team", team, "--format", "json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        assert!(
            v["objectives"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["id"] == "fast-builds"),
            "{team}"
        );
    }
}
