//! A stale key result's help names the check-in it needs: a value for a number, `true`
//! (or `false`) for a milestone.

use crate::common;

use common::{northstar, small_plan};

#[test]
fn a_stale_milestones_help_says_true_or_false() {
    let (_dir, path) = small_plan(
        "Stale",
        "stale_after_days = 14",
        "[[objective]]\nid = \"o\"\ntitle = \"O\"\npillar = \"p1\"\nperiod = \"2026-Q4\"\nowner = \"ann\"\n\n[[objective.key_result]]\nid = \"ga\"\ntitle = \"GA\"\nmilestone = true\n\n[[objective.key_result]]\nid = \"speed\"\ntitle = \"Speed\"\nbaseline = 10\ntarget = 5\n",
    );
    let r = northstar(&["-f", &path, "check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let helps: Vec<(&str, &str)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "stale-key-result")
        .map(|d| (d["message"].as_str().unwrap(), d["help"].as_str().unwrap()))
        .collect();
    assert_eq!(
        helps,
        [
            (
                "key result `ga` is stale: no check-in since its window began on 2026-10-01",
                "record one: `northstar checkin ga true` (or `false`)"
            ),
            (
                "key result `speed` is stale: no check-in since its window began on 2026-10-01",
                "record one: `northstar checkin speed VALUE`"
            ),
        ]
    );
}
