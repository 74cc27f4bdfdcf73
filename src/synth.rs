//! Synthetic org plans, for benchmarks and load tests: a main file plus team files, each
//! team file holding its objectives, key results, initiatives, bets and check-ins. The plan
//! is valid, in quarter 2026-Q4 (one objective in four in 2026-H2, its last key result due
//! at the end of the year; one initiative in three between its own dates), with check-ins
//! every week from 2026-10-05 (so as of 2026-11-20 nothing is stale when there are at
//! least 6 check-ins per key result).
//!
//! Built only with the `synth` feature (the benchmark and the tests turn it on; the library
//! users get leaves it out).
//!
//! With [`Shape::tree_levels`] of 2 or more the objectives also form an alignment tree
//! ([`Shape::BENCH_TREE`]: company → department → team), so that validation and the
//! roll-up pay for teams, parents, key results fed by children and shared series:
//! - Level sizes: with L levels and N objectives, level l < L − 1 holds N / 10^(L−1−l)
//!   objectives (at least 1) and the bottom level the rest; objectives are numbered level
//!   by level (`obj-0` is the first company objective). Each level needs at least as many
//!   objectives as the one above, so that every parent has a child (2,000 objectives in
//!   3 levels: 20, 200 and 1,780; 40 objectives: 1, 4 and 35).
//! - Teams: `company`, then 4 units per middle level (`unit-1-0` … `unit-1-3`, each under
//!   the unit of the same number a level up), then one team per team file (`team-00` …,
//!   under `unit-{L−2}-{k % 4}`). An objective's `team` is `company`, its level's unit
//!   (index % 4), or at the bottom its file's team.
//! - Parents: the objective of index i in level l > 0 serves the objective of index
//!   i % (size of level l − 1) a level up: through that objective's last key result when it
//!   is fed by children, else the objective itself. Every fifth bottom-level objective
//!   (i % 5 == 4) names a second parent, the next objective up; every third child
//!   (i % 3 == 2) has `contribution = 2`. Children leave `pillar` out and inherit it.
//! - Fed by children: the last key result of every odd-indexed objective above the bottom
//!   level has `progress_from = "children"`.
//! - Shared series: the last key result of every bottom-level objective with i % 4 == 1 is
//!   `measured_by = "activation"` (baseline 32, target 40), and the `activation` metric gets
//!   the weekly check-ins instead.
//!
//! With `tree_levels` 0 or 1 the output is byte for byte what it was before trees existed,
//! so the flat benchmark's numbers stay comparable.
//!
//! Two more dimensions, for the whole-process benchmark (`scripts/bench`, issue 23):
//! - Scale: [`Shape::scaled`] multiplies the objectives (so the key results, initiatives,
//!   bets and check-ins) and keeps the number of files: at 4× the 20 files are each four
//!   times as large (8,000 objectives, 40,000 key results, 240,000 check-ins).
//! - Layout: [`write_plan`] spreads the check-ins over the team files
//!   ([`CheckinLayout::TeamFiles`]); [`write_plan_in`] with [`CheckinLayout::CheckinLog`] writes the same
//!   check-ins, in the same order, into one `checkins.toml` named by
//!   `[plan] checkin_log = "checkins.toml"` and listed in `include`, the layout
//!   `northstar init` creates, and leaves them out of the team files (and of the main file).

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
    /// Levels of the alignment tree (see the module docs): 0 or 1 for none, every objective
    /// on its own as in [`Shape::BENCH`]; 3 for company → department → team.
    pub tree_levels: usize,
}

impl Shape {
    /// The benchmark's plan: 20 files, 2,000 objectives, 10,000 key results, 60,000 check-ins.
    pub const BENCH: Shape = Shape {
        files: 20,
        objectives: 2_000,
        key_results_per_objective: 5,
        checkins_per_key_result: 6,
        tree_levels: 0,
    };

    /// [`Shape::BENCH`] as a three-level alignment tree (company → department → team):
    /// 20 company, 200 department and 1,780 team objectives; 110 key results fed by
    /// children, 445 key results measured by the shared `activation` series.
    pub const BENCH_TREE: Shape = Shape {
        tree_levels: 3,
        ..Shape::BENCH
    };

    /// This shape with `factor` times the objectives (and so the key results, initiatives,
    /// bets and check-ins); the files stay as many, each `factor` times as large.
    /// `Shape::BENCH.scaled(1)` is `Shape::BENCH`.
    #[must_use]
    pub fn scaled(self, factor: usize) -> Shape {
        Shape {
            objectives: self.objectives * factor,
            ..self
        }
    }
}

/// Where a synthetic plan's check-ins go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CheckinLayout {
    /// Each team file holds its key results' check-ins (and the main file the shared
    /// series' in a tree): the plan [`write_plan`] writes.
    #[default]
    TeamFiles,
    /// Every check-in in `checkins.toml`, beside the main file, which names it with
    /// `[plan] checkin_log` and includes it: the layout `northstar init` creates.
    CheckinLog,
}

/// The check-in log's file name in [`CheckinLayout::CheckinLog`], relative to the main file.
pub const CHECKIN_LOG: &str = "checkins.toml";

/// Where each objective stands in the alignment tree of a [`Shape`].
struct Tree {
    /// Levels, top first.
    levels: usize,
    /// Objectives per level.
    sizes: Vec<usize>,
    /// The number of the first objective of each level.
    offsets: Vec<usize>,
    /// Key results per objective.
    key_results: usize,
}

/// Org units per middle level.
const UNITS: usize = 4;

impl Tree {
    /// The tree of `shape`, or `None` for a flat plan (`tree_levels` below 2).
    fn of(shape: Shape) -> Option<Tree> {
        let levels = shape.tree_levels;
        if levels < 2 {
            return None;
        }
        let mut sizes: Vec<usize> = (0..levels - 1)
            .map(|l| {
                let divisor = (0..levels - 1 - l).fold(1usize, |d, _| d.saturating_mul(10));
                (shape.objectives / divisor).max(1)
            })
            .collect();
        sizes.push(shape.objectives.saturating_sub(sizes.iter().sum()));
        let offsets = sizes
            .iter()
            .scan(0, |start, &n| {
                let first = *start;
                *start += n;
                Some(first)
            })
            .collect();
        Some(Tree {
            levels,
            sizes,
            offsets,
            key_results: shape.key_results_per_objective,
        })
    }

    /// (level, index within the level) of objective `o`.
    fn place(&self, o: usize) -> (usize, usize) {
        let level = self
            .offsets
            .iter()
            .rposition(|&first| first <= o)
            .unwrap_or(0);
        (level, o - self.offsets[level])
    }

    fn bottom(&self, level: usize) -> bool {
        level + 1 == self.levels
    }

    /// Whether objective `o`'s last key result is fed by its children.
    fn derived(&self, o: usize) -> bool {
        let (level, index) = self.place(o);
        !self.bottom(level) && index % 2 == 1 && self.key_results > 0
    }

    /// Whether objective `o`'s last key result reads the shared `activation` series.
    fn measured(&self, o: usize) -> bool {
        let (level, index) = self.place(o);
        self.bottom(level) && index % 4 == 1 && self.key_results > 0
    }

    /// The org unit objective `o` belongs to; `file_team` is its file's team number.
    fn team(&self, o: usize, file_team: usize) -> String {
        match self.place(o) {
            (0, _) => "company".into(),
            (level, _) if self.bottom(level) => format!("team-{file_team:02}"),
            (level, index) => format!("unit-{level}-{}", index % UNITS),
        }
    }

    /// The ids objective `o` names as parents (none at the top).
    fn parents(&self, o: usize) -> Vec<String> {
        let (level, index) = self.place(o);
        if level == 0 {
            return Vec::new();
        }
        let above = self.sizes[level - 1];
        let first = self.offsets[level - 1] + index % above;
        let mut parents = vec![if self.derived(first) {
            format!("kr-{first}-{}", self.key_results - 1)
        } else {
            format!("obj-{first}")
        }];
        if self.bottom(level) && index % 5 == 4 && above > 1 {
            let second = self.offsets[level - 1] + (index + 1) % above;
            parents.push(format!("obj-{second}"));
        }
        parents
    }

    /// The `[[team]]` tables: the company, the middle levels' units, one team per file.
    fn teams(&self, file_teams: usize) -> String {
        let mut s =
            String::from("[[team]]\nid = \"company\"\nname = \"The company\"\nlead = \"ceo\"\n\n");
        let unit_parent = |level: usize, i: usize| {
            if level == 1 {
                "company".to_string()
            } else {
                format!("unit-{}-{i}", level - 1)
            }
        };
        for level in 1..self.levels - 1 {
            for i in 0..UNITS {
                let _ = write!(
                    s,
                    "[[team]]\nid = \"unit-{level}-{i}\"\nname = \"Unit {i} of level {level}\"\nparent = \"{}\"\nlead = \"head-{level}-{i}\"\n\n",
                    unit_parent(level, i)
                );
            }
        }
        for k in 0..file_teams {
            let parent = if self.levels == 2 {
                "company".to_string()
            } else {
                format!("unit-{}-{}", self.levels - 2, k % UNITS)
            };
            let _ = write!(
                s,
                "[[team]]\nid = \"team-{k:02}\"\nname = \"Team {k}\"\nparent = \"{parent}\"\nlead = \"owner-{k}\"\n\n"
            );
        }
        s
    }

    /// Weekly check-ins of the shared `activation` series, as many as each key result gets.
    fn activation_checkins(checkins: usize) -> String {
        let mut s = String::new();
        for c in 0..checkins {
            let _ = write!(
                s,
                "[[checkin]]\nmetric = \"activation\"\ndate = {}\nvalue = {:.1}\nby = \"analyst\"\n\n",
                week(c),
                30.0 + 1.5 * (c as f64 + 1.0)
            );
        }
        s
    }
}

/// The date of the `c`-th weekly check-in: 2026-10-05 plus `c` weeks.
fn week(c: usize) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 10, 5).unwrap_or_default()
        + chrono::Duration::days(7 * i64::try_from(c).unwrap_or(0))
}

const PILLARS: [&str; 4] = ["velocity", "reliability", "security", "cost"];

/// Writes a plan of `shape` into `dir` (which must exist), check-ins in the team files, and
/// returns the main file's path. Errors: any file that cannot be written.
pub fn write_plan(dir: &Path, shape: Shape) -> io::Result<PathBuf> {
    write_plan_in(dir, shape, CheckinLayout::TeamFiles)
}

/// Writes a plan of `shape` in `layout` into `dir` (which must exist) and returns the main
/// file's path: `northstar.toml`, `teams/team-NN.toml` (`shape.files` − 1 of them) and, in
/// [`CheckinLayout::CheckinLog`], [`CHECKIN_LOG`]. Errors: any file that cannot be written.
pub fn write_plan_in(dir: &Path, shape: Shape, layout: CheckinLayout) -> io::Result<PathBuf> {
    let teams = shape.files.max(2) - 1;
    let tree = Tree::of(shape);
    let in_log = layout == CheckinLayout::CheckinLog;
    std::fs::create_dir_all(dir.join("teams"))?;
    let main = dir.join("northstar.toml");
    let mut main_text = main_file(in_log);
    let mut log =
        String::from("# Check-ins, appended by `northstar checkin`. Newest at the bottom.\n\n");
    if let Some(tree) = &tree {
        main_text.push_str(&tree.teams(teams));
        let series = Tree::activation_checkins(shape.checkins_per_key_result);
        if in_log { &mut log } else { &mut main_text }.push_str(&series);
    }
    std::fs::write(&main, main_text)?;
    for team in 0..teams {
        let objectives: Vec<usize> = (0..shape.objectives)
            .filter(|o| o % teams == team)
            .collect();
        let mut text = team_file(team, &objectives, shape, tree.as_ref());
        let checkins = if in_log { &mut log } else { &mut text };
        for &o in &objectives {
            write_checkins(checkins, o, team, shape, tree.as_ref());
        }
        std::fs::write(dir.join("teams").join(format!("team-{team:02}.toml")), text)?;
    }
    if in_log {
        std::fs::write(dir.join(CHECKIN_LOG), log)?;
    }
    Ok(main)
}

/// The main file's `[plan]`, North Star, metrics and pillars; with `in_log`, the `[plan]`
/// names and includes the check-in log.
fn main_file(in_log: bool) -> String {
    let plan = if in_log {
        "include = [\"teams/*.toml\", \"checkins.toml\"]\ncheckin_log = \"checkins.toml\"\n"
    } else {
        "include = [\"teams/*.toml\"]\n"
    };
    let mut s = format!("[plan]\nname = \"Synthetic Org\"\n{plan}\n");
    s.push_str(
        "[north_star]\nid = \"weekly-active-teams\"\nname = \"Weekly active teams\"\nunit = \"teams\"\n\
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

/// One team file: for each of its `objectives`, the objective, its key results, and an
/// initiative and a bet for some; the caller adds the check-ins (here or in the log).
fn team_file(team: usize, objectives: &[usize], shape: Shape, tree: Option<&Tree>) -> String {
    let mut s = format!("# Team {team}\n\n");
    for &o in objectives {
        let pillar = PILLARS[o % PILLARS.len()];
        // One objective in four is a half-year one, its last key result with its own
        // window, so that loading and the roll-up pay for periods and windows too.
        let half = o % 4 == 3;
        write_objective(&mut s, o, team, pillar, half, tree);
        write_key_results(&mut s, o, half, shape, tree);
        if o % 2 == 0 {
            write_initiative(&mut s, o, team, pillar);
        }
        if o % 10 == 0 {
            write_bet(&mut s, o, pillar);
        }
    }
    s
}

/// The `[[objective]]` table of objective `o`: its own pillar in a flat plan; in a tree, its
/// parents (the top level names its pillar; children inherit theirs), team and contribution.
fn write_objective(
    s: &mut String,
    o: usize,
    team: usize,
    pillar: &str,
    half: bool,
    tree: Option<&Tree>,
) {
    let period = if half {
        "period = \"2026-H2\""
    } else {
        "quarter = \"2026-Q4\""
    };
    match tree {
        None => {
            let _ = write!(
                s,
                "[[objective]]\nid = \"obj-{o}\"\ntitle = \"Objective number {o}\"\npillar = \"{pillar}\"\n\
                 {period}\nowner = \"owner-{team}\"\nweight = {}\n\n",
                1 + o % 3
            );
        }
        Some(tree) => {
            let parents = tree.parents(o);
            let aligned = match parents.as_slice() {
                [] => format!("pillar = \"{pillar}\"\n"),
                [one] => format!("parent = \"{one}\"\n"),
                many => format!("parents = [\"{}\"]\n", many.join("\", \"")),
            };
            let contribution = if !parents.is_empty() && tree.place(o).1 % 3 == 2 {
                "contribution = 2\n"
            } else {
                ""
            };
            let _ = write!(
                s,
                "[[objective]]\nid = \"obj-{o}\"\ntitle = \"Objective number {o}\"\n{aligned}\
                 team = \"{}\"\n{contribution}{period}\nowner = \"owner-{team}\"\nweight = {}\n\n",
                tree.team(o, team),
                1 + o % 3
            );
        }
    }
}

/// Objective `o`'s `[[objective.key_result]]` tables: rising and falling ones in turn; the
/// last one with its own window on a half-year objective, and in a tree fed by children or
/// reading the shared `activation` series where [`Tree`] says so.
fn write_key_results(s: &mut String, o: usize, half: bool, shape: Shape, tree: Option<&Tree>) {
    for k in 0..shape.key_results_per_objective {
        let (baseline, target) = if k % 2 == 0 { (10, 50) } else { (48, 12) };
        let last = k + 1 == shape.key_results_per_objective;
        let window = if half && last {
            "start = 2026-10-01\ndue = 2026-12-31\n"
        } else {
            ""
        };
        let measure = match tree {
            Some(tree) if last && tree.derived(o) => "progress_from = \"children\"\n".to_string(),
            Some(tree) if last && tree.measured(o) => {
                "unit = \"%\"\nmeasured_by = \"activation\"\nbaseline = 32\ntarget = 40\n"
                    .to_string()
            }
            _ => format!("unit = \"u\"\nbaseline = {baseline}\ntarget = {target}\n"),
        };
        let _ = write!(
            s,
            "[[objective.key_result]]\nid = \"kr-{o}-{k}\"\ntitle = \"Key result {k} of objective {o}\"\n\
             {measure}{window}\n"
        );
    }
}

/// The `[[initiative]]` driving objective `o`'s first two key results; one in three runs
/// between its own dates, straddling the quarter.
fn write_initiative(s: &mut String, o: usize, team: usize, pillar: &str) {
    let runs = if o.is_multiple_of(6) {
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

/// The running `[[bet]]` on objective `o`'s first key result; seven in ten are core, two
/// adjacent, one transformational.
fn write_bet(s: &mut String, o: usize, pillar: &str) {
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

/// The weekly `[[checkin]]`s of objective `o`'s key results, each moving a tenth of the way
/// from baseline to target per week; key results fed by children or by a shared series
/// take none.
fn write_checkins(s: &mut String, o: usize, team: usize, shape: Shape, tree: Option<&Tree>) {
    for k in 0..shape.key_results_per_objective {
        let last = k + 1 == shape.key_results_per_objective;
        if tree.is_some_and(|t| last && (t.derived(o) || t.measured(o))) {
            continue;
        }
        let (baseline, target) = if k % 2 == 0 {
            (10.0, 50.0)
        } else {
            (48.0, 12.0)
        };
        for c in 0..shape.checkins_per_key_result {
            let date = week(c);
            let value = baseline + (target - baseline) * 0.1 * (c as f64 + ((o + k) % 3) as f64);
            let _ = write!(
                s,
                "[[checkin]]\nmetric = \"kr-{o}-{k}\"\ndate = {date}\nvalue = {value:.1}\nconfidence = 0.{}\nby = \"owner-{team}\"\n\n",
                5 + (c % 4)
            );
        }
    }
}
