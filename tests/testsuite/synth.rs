//! The synthetic plans of `src/synth.rs`: the flat benchmark plan is byte for byte what it
//! was before alignment trees, so its numbers stay comparable; a tree-shaped plan is valid,
//! and its objectives serve the parents the module docs say.

use crate::common;

use common::northstar;
use northstar::synth::{Shape, write_plan};
use serde_json::Value;

/// The plan's files as `write_plan` lays them out: the main file, then the team files
/// sorted.
fn files(main: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut team: Vec<std::path::PathBuf> = std::fs::read_dir(main.with_file_name("teams"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    team.sort();
    std::iter::once(main.to_path_buf()).chain(team).collect()
}

/// Every file's text, in [`files`] order, concatenated.
fn text(main: &std::path::Path) -> Vec<u8> {
    files(main)
        .iter()
        .flat_map(|f| std::fs::read(f).unwrap())
        .collect()
}

/// 64-bit FNV-1a: a fingerprint of the bytes, stable across platforms and releases.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn count(text: &str, line_start: &str) -> usize {
    text.lines().filter(|l| l.starts_with(line_start)).count()
}

#[test]
fn the_flat_benchmark_plan_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let main = write_plan(dir.path(), Shape::BENCH).unwrap();
    assert_eq!(files(&main).len(), 20);
    let bytes = text(&main);
    // Pinned from the generator before alignment trees (commit 9d16e37): 7,567,219 bytes.
    assert_eq!(bytes.len(), 7_567_219);
    assert_eq!(fnv1a(&bytes), 0xf20f_01f8_6963_ce99);
}

#[test]
fn the_tree_benchmark_plan_has_the_documented_counts() {
    let dir = tempfile::tempdir().unwrap();
    let main = write_plan(dir.path(), Shape::BENCH_TREE).unwrap();
    let text = String::from_utf8(text(&main)).unwrap();
    assert_eq!(count(&text, "[[objective]]"), 2_000);
    assert_eq!(count(&text, "[[objective.key_result]]"), 10_000);
    // The company and 4 departments, one team per team file.
    assert_eq!(count(&text, "[[team]]"), 1 + 4 + 19);
    // 20 company objectives stand alone and name their pillar (as do the 1,000 initiatives
    // and 200 bets); the other 1,980 name parents, 356 of the 1,780 team objectives (every
    // fifth) two; each of the 4 departments and 19 teams names its parent unit.
    assert_eq!(count(&text, "pillar = "), 20 + 1_000 + 200);
    assert_eq!(count(&text, "parent = "), 1_980 - 356 + 4 + 19);
    assert_eq!(count(&text, "parents = "), 356);
    // Odd-indexed company (10) and department (100) objectives have a key result fed by
    // children; one team objective in four (445) a key result on the shared series.
    assert_eq!(count(&text, "progress_from = "), 110);
    assert_eq!(count(&text, "measured_by = "), 445);
    // 6 check-ins for each of the other 9,445 key results, and 6 for the series.
    assert_eq!(count(&text, "[[checkin]]"), 9_445 * 6 + 6);
}

/// A small tree: 40 objectives in 3 levels of 1, 4 and 35.
#[test]
fn a_tree_shaped_plan_is_valid_and_aligned() {
    let dir = tempfile::tempdir().unwrap();
    let shape = Shape {
        files: 4,
        objectives: 40,
        key_results_per_objective: 5,
        checkins_per_key_result: 6,
        tree_levels: 3,
    };
    let main = write_plan(dir.path(), shape).unwrap();
    let main = main.to_str().unwrap();
    let check = northstar(&[
        "-f",
        main,
        "--as-of",
        "2026-11-20",
        "check",
        "--format",
        "json",
    ]);
    // As in the flat plan: four bets are too few for the mix; nothing else.
    assert_eq!(common::codes(&check.stdout), ["portfolio-mix"]);

    let r = common::status_json(main, "2026-11-20", &[]);
    let objectives = r["objectives"].as_array().unwrap();
    assert_eq!(objectives.len(), 40);
    let objective = |id: &str| objectives.iter().find(|o| o["id"] == id).unwrap();
    let parents = |id: &str| -> Vec<String> {
        objective(id)["parents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect()
    };
    let key_result = |id: &str| {
        objectives
            .iter()
            .flat_map(|o| o["key_results"].as_array().unwrap())
            .find(|k| k["id"] == id)
            .unwrap()
    };

    // Level 0: obj-0, the company's; level 1: obj-1 … obj-4, its departments.
    assert!(parents("obj-0").is_empty());
    assert_eq!(objective("obj-0")["team"], "company");
    for d in 1..=4 {
        assert_eq!(parents(&format!("obj-{d}")), ["obj-0"]);
    }
    assert_eq!(objective("obj-1")["team"], "unit-1-0");
    // obj-3 is the department of index 2: contribution 2.
    assert_eq!(objective("obj-3")["contribution"], 2.0);
    // Level 2, index i = o − 5, serves department i % 4: obj-1 or obj-3 themselves, the
    // key results kr-2-4 and kr-4-4 of obj-2 and obj-4 (odd indices, fed by children).
    assert_eq!(parents("obj-5"), ["obj-1"]);
    assert_eq!(parents("obj-6"), ["kr-2-4"]);
    assert_eq!(parents("obj-7"), ["obj-3"]);
    assert_eq!(parents("obj-8"), ["kr-4-4"]);
    // Every fifth (i % 5 == 4) also serves the next department.
    assert_eq!(parents("obj-9"), ["obj-1", "obj-2"]);
    assert_eq!(parents("obj-14"), ["kr-2-4", "obj-3"]);
    assert_eq!(parents("obj-39"), ["obj-3", "obj-4"]);
    let two = objectives
        .iter()
        .filter(|o| o["parents"].as_array().unwrap().len() == 2)
        .count();
    assert_eq!(two, 7);
    // A team objective belongs to its file's team: obj-5 is in teams/team-02.toml.
    assert_eq!(objective("obj-5")["team"], "team-02");
    assert_eq!(objective("obj-7")["contribution"], 2.0);

    // The root alone counts in pillars; everything else inherited its pillar.
    assert!(objectives.iter().all(|o| o["pillar"] == "velocity"));
    let pillars = r["pillars"].as_array().unwrap();
    assert_eq!(pillars[0]["objectives"], serde_json::json!(["obj-0"]));
    assert_eq!(r["progress"], objective("obj-0")["progress"]);
    let children = objective("obj-0")["children_by_status"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum::<u64>();
    assert_eq!(children, 4);

    // kr-2-4 is the mean of the objectives under it, by contribution: the team objectives
    // of index 1, 5, 9, … 33 (o = 6, 10, … 38); obj-10, obj-22 and obj-34 (i = 5, 17, 29)
    // count twice.
    let derived = key_result("kr-2-4");
    assert_eq!(derived["measure"], "children");
    let under: Vec<&Value> = objectives
        .iter()
        .filter(|o| o["parents"][0] == "kr-2-4")
        .collect();
    // In file order (team-00, team-01, team-02); sorted by number here.
    let mut ids: Vec<&str> = under.iter().map(|o| o["id"].as_str().unwrap()).collect();
    ids.sort_by_key(|id| id["obj-".len()..].parse::<usize>().unwrap());
    assert_eq!(
        ids,
        [
            "obj-6", "obj-10", "obj-14", "obj-18", "obj-22", "obj-26", "obj-30", "obj-34", "obj-38"
        ]
    );
    let (sum, weights) = under.iter().fold((0.0, 0.0), |(s, w), o| {
        let c = o["contribution"].as_f64().unwrap();
        (s + c * o["progress"].as_f64().unwrap(), w + c)
    });
    assert_eq!(weights, 12.0);
    let progress = derived["progress"].as_f64().unwrap();
    assert!((progress - sum / weights).abs() < 1e-12, "{progress}");

    // The shared series: the metric's six weekly check-ins, 31.5 … 39; 32 → 40 reads
    // (39 − 32) / 8 = 0.875.
    let measured = key_result("kr-6-4");
    assert_eq!(measured["measured_by"], "activation");
    assert_eq!(
        (
            &measured["current"],
            &measured["checkins"],
            &measured["progress"]
        ),
        (
            &serde_json::json!(39.0),
            &serde_json::json!(6),
            &serde_json::json!(0.875)
        )
    );
}

#[test]
fn a_flat_plan_has_no_tree() {
    let dir = tempfile::tempdir().unwrap();
    let shape = Shape {
        files: 3,
        objectives: 12,
        key_results_per_objective: 2,
        checkins_per_key_result: 6,
        tree_levels: 1,
    };
    let main = write_plan(dir.path(), shape).unwrap();
    let main = main.to_str().unwrap();
    let r = northstar(&[
        "-f",
        main,
        "--as-of",
        "2026-11-20",
        "status",
        "--format",
        "json",
    ]);
    let r: Value = serde_json::from_str(&r.stdout).unwrap();
    for o in r["objectives"].as_array().unwrap() {
        assert_eq!(
            (&o["parents"], &o["team"]),
            (&serde_json::json!([]), &Value::Null),
            "{}",
            o["id"]
        );
    }
}

/// The check-in log layout (issue 23): the same plan, every check-in in `checkins.toml`.
mod layouts {
    use super::{count, files, northstar};
    use crate::common;
    use northstar::synth::{CHECKIN_LOG, CheckinLayout, Shape, write_plan, write_plan_in};

    /// 200 objectives in 4 files: 20 bets, enough for the portfolio mix.
    const SMALL: Shape = Shape {
        files: 4,
        objectives: 200,
        key_results_per_objective: 5,
        checkins_per_key_result: 6,
        tree_levels: 0,
    };

    fn read(path: &std::path::Path) -> String {
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn scaling_multiplies_the_objectives_and_keeps_the_files() {
        assert_eq!(Shape::BENCH.scaled(1), Shape::BENCH);
        let four = Shape::BENCH.scaled(4);
        assert_eq!(
            (four.files, four.objectives, four.key_results_per_objective),
            (20, 8_000, 5)
        );
        let dir = tempfile::tempdir().unwrap();
        let main = write_plan(dir.path(), SMALL.scaled(4)).unwrap();
        assert_eq!(files(&main).len(), 4);
        let text: String = files(&main).iter().map(|f| read(f)).collect();
        assert_eq!(count(&text, "[[objective]]"), 800);
        assert_eq!(count(&text, "[[objective.key_result]]"), 4_000);
        assert_eq!(count(&text, "[[initiative]]"), 400);
        assert_eq!(count(&text, "[[bet]]"), 80);
        assert_eq!(count(&text, "[[checkin]]"), 24_000);
    }

    #[test]
    fn the_benchmark_plan_in_one_log_holds_every_checkin_there() {
        let dir = tempfile::tempdir().unwrap();
        let main = write_plan_in(dir.path(), Shape::BENCH, CheckinLayout::CheckinLog).unwrap();
        let log = read(&dir.path().join(CHECKIN_LOG));
        assert_eq!(count(&log, "[[checkin]]"), 60_000);
        let plan: String = files(&main).iter().map(|f| read(f)).collect();
        assert_eq!(count(&plan, "[[checkin]]"), 0);
        assert_eq!(count(&plan, "[[objective]]"), 2_000);
        assert!(
            read(&main).starts_with(
                "[plan]\nname = \"Synthetic Org\"\ninclude = [\"teams/*.toml\", \"checkins.toml\"]\n\
                 checkin_log = \"checkins.toml\"\n\n[north_star]\n"
            ),
            "{}",
            read(&main)
        );
        // The same check-ins, in the same order, as the team files' of the other layout.
        let other = tempfile::tempdir().unwrap();
        let teams = write_plan(other.path(), Shape::BENCH).unwrap();
        let checkins = |text: &str| -> Vec<String> {
            text.split("\n\n")
                .filter(|block| block.starts_with("[[checkin]]"))
                .map(str::to_string)
                .collect()
        };
        let spread: Vec<String> = files(&teams)
            .iter()
            .flat_map(|f| checkins(&read(f)))
            .collect();
        assert_eq!(spread.len(), 60_000);
        assert_eq!(checkins(&log), spread);
    }

    #[test]
    fn a_tree_in_one_log_keeps_the_shared_series_there_too() {
        let dir = tempfile::tempdir().unwrap();
        let shape = Shape {
            tree_levels: 3,
            ..SMALL
        };
        let main = write_plan_in(dir.path(), shape, CheckinLayout::CheckinLog).unwrap();
        assert_eq!(count(&read(&main), "[[checkin]]"), 0);
        let log = read(&dir.path().join(CHECKIN_LOG));
        assert_eq!(count(&log, "metric = \"activation\""), 6);
    }

    /// Both layouts are valid and roll up to the same report.
    #[test]
    fn both_layouts_check_clean_and_report_alike() {
        let mut reports = Vec::new();
        for layout in [CheckinLayout::TeamFiles, CheckinLayout::CheckinLog] {
            let dir = tempfile::tempdir().unwrap();
            let main = write_plan_in(dir.path(), SMALL, layout).unwrap();
            let main = main.to_str().unwrap();
            let check = northstar(&["-f", main, "--as-of", "2026-11-20", "check"]);
            assert_eq!(
                (check.code, check.stdout.as_str(), check.stderr.as_str()),
                (0, "", ""),
                "{layout:?}"
            );
            let r = common::status_json(main, "2026-11-20", &[]);
            assert_eq!(r["objectives"].as_array().unwrap().len(), 200, "{layout:?}");
            reports.push(r);
        }
        assert_eq!(reports[0], reports[1]);
    }
}
