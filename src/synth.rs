//! Synthetic org plans, for benchmarks and load tests: a main file plus team files, each
//! team file holding its objectives, key results, initiatives, bets and check-ins. The plan
//! is valid, in quarter 2026-Q4 (one objective in four in 2026-H2, its last key result due
//! at the end of the year; one initiative in three between its own dates), with check-ins
//! every week from 2026-10-05 (so as of 2026-11-20 nothing is stale when there are at
//! least 6 check-ins per key result).

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// The size of a synthetic plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Number of files in all, main file included (at least 2).
    pub files: usize,
    /// Number of objectives, spread over the team files.
    pub objectives: usize,
    /// Key results per objective.
    pub key_results_per_objective: usize,
    /// Check-ins per key result.
    pub checkins_per_key_result: usize,
}

impl Shape {
    /// The benchmark's plan: 20 files, 2,000 objectives, 10,000 key results, 60,000 check-ins.
    pub const BENCH: Shape = Shape {
        files: 20,
        objectives: 2_000,
        key_results_per_objective: 5,
        checkins_per_key_result: 6,
    };
}

const PILLARS: [&str; 4] = ["velocity", "reliability", "security", "cost"];

/// Writes a plan of `shape` into `dir` (which must exist) and returns the main file's path.
pub fn write_plan(dir: &Path, shape: Shape) -> io::Result<PathBuf> {
    let teams = shape.files.max(2) - 1;
    std::fs::create_dir_all(dir.join("teams"))?;
    let main = dir.join("northstar.toml");
    std::fs::write(&main, main_file())?;
    for team in 0..teams {
        let objectives: Vec<usize> = (0..shape.objectives)
            .filter(|o| o % teams == team)
            .collect();
        std::fs::write(
            dir.join("teams").join(format!("team-{team:02}.toml")),
            team_file(team, &objectives, shape),
        )?;
    }
    Ok(main)
}

fn main_file() -> String {
    let mut s = String::from(
        "[plan]\nname = \"Synthetic Org\"\ninclude = [\"teams/*.toml\"]\n\n\
         [north_star]\nid = \"weekly-active-teams\"\nname = \"Weekly active teams\"\nunit = \"teams\"\n\
         baseline = 1000\ntarget = 2000\ndue = 2027-06-30\n\n\
         [[metric]]\nid = \"activation\"\nname = \"Activation\"\nrole = \"input\"\nunit = \"%\"\nbaseline = 30\ntarget = 45\n\n\
         [[metric]]\nid = \"cfr\"\nname = \"Change failure rate\"\nrole = \"health\"\nunit = \"%\"\nkeep_below = 15\n\n",
    );
    for p in PILLARS {
        let _ = write!(
            s,
            "[[pillar]]\nid = \"{p}\"\nname = \"Pillar {p}\"\nowner = \"lead-{p}\"\n\n"
        );
    }
    s
}

fn team_file(team: usize, objectives: &[usize], shape: Shape) -> String {
    let mut s = format!("# Team {team}\n\n");
    for &o in objectives {
        let pillar = PILLARS[o % PILLARS.len()];
        // One objective in four is a half-year one, its last key result with its own
        // window, so that loading and the roll-up pay for periods and windows too.
        let half = o % 4 == 3;
        let period = if half {
            "period = \"2026-H2\""
        } else {
            "quarter = \"2026-Q4\""
        };
        let _ = write!(
            s,
            "[[objective]]\nid = \"obj-{o}\"\ntitle = \"Objective number {o}\"\npillar = \"{pillar}\"\n\
             {period}\nowner = \"owner-{team}\"\nweight = {}\n\n",
            1 + o % 3
        );
        for k in 0..shape.key_results_per_objective {
            let (baseline, target) = if k % 2 == 0 { (10, 50) } else { (48, 12) };
            let window = if half && k + 1 == shape.key_results_per_objective {
                "start = 2026-10-01\ndue = 2026-12-31\n"
            } else {
                ""
            };
            let _ = write!(
                s,
                "[[objective.key_result]]\nid = \"kr-{o}-{k}\"\ntitle = \"Key result {k} of objective {o}\"\n\
                 unit = \"u\"\nbaseline = {baseline}\ntarget = {target}\n{window}\n"
            );
        }
        if o % 2 == 0 {
            // One initiative in three runs between its own dates, straddling the quarter.
            let runs = if o % 6 == 0 {
                "start = 2026-09-01\nend = 2026-12-15"
            } else {
                "quarter = \"2026-Q4\""
            };
            let _ = write!(
                s,
                "[[initiative]]\nid = \"init-{o}\"\ntitle = \"Initiative for {o}\"\npillar = \"{pillar}\"\n\
                 {runs}\nowner = \"owner-{team}\"\nstatus = \"active\"\nwork = \"{}\"\n\
                 effort_weeks = {}\ndrives = [\"kr-{o}-0\", \"kr-{o}-1\"]\n\n",
                ["feature", "debt", "security", "maintenance"][o % 4],
                2 + o % 5
            );
        }
        if o % 10 == 0 {
            let _ = write!(
                s,
                "[[bet]]\nid = \"bet-{o}\"\ntitle = \"Bet {o}\"\npillar = \"{pillar}\"\n\
                 hypothesis = \"If we do {o}, then the metric moves, because reasons\"\nrisk = \"{}\"\n\
                 appetite_weeks = 4\nstart = 2026-10-01\ndecide_by = 2026-12-20\n\
                 success = \"Moves 10%\"\nkill = \"No move in 6 weeks\"\nstatus = \"running\"\nmetric = \"kr-{o}-0\"\n\n",
                [
                    "core",
                    "core",
                    "core",
                    "core",
                    "core",
                    "core",
                    "core",
                    "adjacent",
                    "adjacent",
                    "transformational"
                ][(o / 10) % 10]
            );
        }
    }
    for &o in objectives {
        for k in 0..shape.key_results_per_objective {
            let (baseline, target) = if k % 2 == 0 {
                (10.0, 50.0)
            } else {
                (48.0, 12.0)
            };
            for c in 0..shape.checkins_per_key_result {
                let week = 7 * i64::try_from(c).unwrap_or(0);
                let date = chrono::NaiveDate::from_ymd_opt(2026, 10, 5).unwrap_or_default()
                    + chrono::Duration::days(week);
                let value =
                    baseline + (target - baseline) * 0.1 * (c as f64 + ((o + k) % 3) as f64);
                let _ = write!(
                    s,
                    "[[checkin]]\nmetric = \"kr-{o}-{k}\"\ndate = {date}\nvalue = {value:.1}\nconfidence = 0.{}\nby = \"owner-{team}\"\n\n",
                    5 + (c % 4)
                );
            }
        }
    }
    s
}
