//! Roll-up through the whole pipeline on small plans written for one rule each:
//! overshoot, the as-of cut-off, same-day check-ins, weights up to pillar and quarter,
//! and initiatives.

use crate::common;

use common::northstar;

const HEAD: &str = r#"
[plan]
name = "Rollup"
OVERSHOOT

[north_star]
id = "ns"
name = "North Star"
baseline = 0
target = 100

[[pillar]]
id = "p1"
name = "One"

[[pillar]]
id = "p2"
name = "Two"

[[objective]]
id = "o1"
title = "First"
pillar = "p1"
quarter = "2026-Q4"
owner = "ann"
weight = 3

[[objective.key_result]]
id = "up"
title = "Up"
baseline = 0
target = 10
weight = 3

[[objective.key_result]]
id = "silent"
title = "No check-ins"
baseline = 5
target = 1

[[objective]]
id = "o2"
title = "Second"
pillar = "p2"
quarter = "2026-Q4"
owner = "bob"

[[objective.key_result]]
id = "ship"
title = "Ship it"
milestone = true

[[initiative]]
id = "i1"
title = "Drives up and ship"
quarter = "2026-Q4"
drives = ["up", "ship"]

[[checkin]]
metric = "up"
date = 2026-11-01
value = 4

[[checkin]]
metric = "up"
date = 2026-11-10
value = 6

[[checkin]]
metric = "up"
date = 2026-11-10
value = 15

[[checkin]]
metric = "up"
date = 2026-11-25
value = 1

[[checkin]]
metric = "ship"
date = 2026-11-02
value = true
"#;

fn status(overshoot: bool) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("northstar.toml");
    std::fs::write(
        &path,
        HEAD.replace("OVERSHOOT", if overshoot { "overshoot = true" } else { "" }),
    )
    .unwrap();
    let r = northstar(&[
        "-f",
        path.to_str().unwrap(),
        "--as-of",
        "2026-11-20",
        "status",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

fn kr<'a>(s: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    s["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["key_results"].as_array().unwrap())
        .find(|k| k["id"] == id)
        .unwrap()
}

#[test]
fn capped_roll_up() {
    let s = status(false);
    // Same-day check-ins: the later in the file wins (15), the one after the as-of date (1)
    // does not count. 15 on a 0 → 10 scale is capped at 1.
    let up = kr(&s, "up");
    assert_eq!(
        (
            up["current"].as_f64(),
            up["progress"].as_f64(),
            up["checkins"].as_u64()
        ),
        (Some(15.0), Some(1.0), Some(3))
    );
    assert_eq!(up["status"], "done");
    let silent = kr(&s, "silent");
    assert_eq!(
        (silent["progress"].as_f64(), silent["status"].as_str()),
        (Some(0.0), Some("no-data"))
    );
    // o1: (3 × 1 + 1 × 0) / 4 = 0.75; o2: 1 (milestone done).
    let o = &s["objectives"];
    assert_eq!(o[0]["progress"].as_f64(), Some(0.75));
    assert_eq!(o[1]["progress"].as_f64(), Some(1.0));
    // Pillars hold one objective each; the quarter weights o1 by 3: (3 × 0.75 + 1) / 4.
    assert_eq!(s["pillars"][0]["progress"].as_f64(), Some(0.75));
    assert_eq!(s["progress"].as_f64(), Some((3.0 * 0.75 + 1.0) / 4.0));
    // The initiative: KR weights 3 (up) and 1 (ship), both at 1.
    assert_eq!(s["initiatives"][0]["progress"].as_f64(), Some(1.0));
    // The North Star has no check-in.
    assert_eq!(
        (
            s["north_star"]["status"].as_str(),
            s["north_star"]["stale"].as_bool()
        ),
        (Some("no-data"), Some(true))
    );
}

#[test]
fn overshoot_lets_progress_pass_one() {
    let s = status(true);
    assert_eq!(kr(&s, "up")["progress"].as_f64(), Some(1.5));
    assert_eq!(
        s["objectives"][0]["progress"].as_f64(),
        Some((3.0 * 1.5) / 4.0)
    );
    assert_eq!(
        s["initiatives"][0]["progress"].as_f64(),
        Some((3.0 * 1.5 + 1.0) / 4.0)
    );
}

#[test]
fn an_earlier_as_of_date_sees_the_plan_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("northstar.toml");
    std::fs::write(&path, HEAD.replace("OVERSHOOT", "")).unwrap();
    let r = northstar(&[
        "-f",
        path.to_str().unwrap(),
        "--as-of",
        "2026-11-05",
        "okrs",
        "--format",
        "json",
    ]);
    let s: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let up = kr(&s, "up");
    assert_eq!(
        (up["current"].as_f64(), up["progress"].as_f64()),
        (Some(4.0), Some(0.4))
    );
    // 36 of 92 days: pace 0.391; 0.4 ≥ pace − 0.10.
    assert_eq!(up["status"], "on-track");
    assert_eq!(s["expected_pace"].as_f64(), Some(36.0 / 92.0));
}
