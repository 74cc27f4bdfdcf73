//! The site's entity pages (issue 24): goalpost changes with their recorded reasons, moves
//! the goalpost audit finds in git history without a record flagged as unrecorded, and
//! where a measure's values come from, as `show` gives them, with exact values.

use std::path::Path;

use crate::common::{git, git_output, northstar};

/// A plan in 2026-Q4 as of 2026-11-20, committed before the period began with `moved`'s
/// target at 8, `quiet`'s at 4 and the metric's source reading column `count`; the working
/// tree moves `moved` to 10 with a `[[change]]` record, `quiet` to 5 without one, and the
/// source to column `total` (a metric takes no records).
const PLAN: &str = r#"[plan]
name = "Pages"

[[pillar]]
id = "p1"
name = "One"

[[metric]]
id = "deploys"
name = "Deploys"
role = "health"
unit = "deploys/day"
keep_above = 1
[metric.source]
kind = "file"
path = "data/deploys.csv"
column = "count"

[[objective]]
id = "ship"
title = "Ship faster"
pillar = "p1"
period = "2026-Q4"
owner = "ana"

[[objective.key_result]]
id = "moved"
title = "Moved with a reason"
baseline = 0
target = 8

[[objective.key_result]]
id = "quiet"
title = "Moved quietly"
baseline = 0
target = 4

[[checkin]]
metric = "deploys"
date = 2026-10-05
value = 2
source = "file:data/deploys.csv@abc123 column count"

[[checkin]]
metric = "deploys"
date = 2026-11-02
value = 3
note = "typed by hand"

[[checkin]]
metric = "deploys"
date = 2026-10-20
value = 1.5
source = "file:data/deploys.csv@def456 column count"
"#;

const CHANGE: &str = r#"
[[change]]
id = "moved"
field = "target"
from = 8
to = 10
date = 2026-10-15
by = "ana"
reason = "the web team <joined> & stayed"
"#;

/// The site of [`PLAN`] after its moves, built as of 2026-11-20.
fn site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("northstar.toml");
    std::fs::write(&plan, PLAN).unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git_output(
        dir.path(),
        &["commit", "-q", "-m", "Q4 plan"],
        Some("2026-09-20T12:00:00Z"),
    );
    let moved = PLAN
        .replace("target = 8", "target = 10")
        .replace("target = 4", "target = 5")
        .replace("column = \"count\"", "column = \"total\"");
    std::fs::write(&plan, format!("{moved}{CHANGE}")).unwrap();
    let out = dir.path().join("public");
    let r = northstar(&[
        "-f",
        plan.to_str().unwrap(),
        "--as-of",
        "2026-11-20",
        "site",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    (dir, out)
}

/// The page `name` of the site in `site` from its "Goalpost changes" heading to the end of
/// its main content.
fn records(site: &Path, name: &str) -> String {
    let html = std::fs::read_to_string(site.join(name)).unwrap();
    let from = html
        .find("<h2>Goalpost changes</h2>")
        .unwrap_or_else(|| panic!("{name}: no goalpost changes"));
    let to = html.find("</main>").unwrap();
    html[from..to].to_string()
}

#[test]
fn a_recorded_goalpost_change_shows_its_reason() {
    let (_dir, site) = site();
    assert_eq!(
        records(&site, "kr/moved.html"),
        "<h2>Goalpost changes</h2><div class=\"scroll\"><table><thead><tr><th>Date</th>\
         <th>Change</th><th>By</th><th>Reason</th></tr></thead><tbody><tr>\
         <td class=\"label\">2026-10-15</td><td data-label=\"Change\">target 8 → 10</td>\
         <td data-label=\"By\">ana</td>\
         <td data-label=\"Reason\">the web team &lt;joined&gt; &amp; stayed</td>\
         </tr></tbody></table></div>"
    );
    // `show` gives the same record.
    let dir = site.parent().unwrap();
    let r = northstar(&[
        "-f",
        dir.join("northstar.toml").to_str().unwrap(),
        "--as-of",
        "2026-11-20",
        "show",
        "moved",
    ]);
    assert!(
        r.stdout.contains(
            "Recorded changes\n  2026-10-15  target 8 → 10, by ana: the web team <joined> & stayed\n"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn a_move_found_in_git_history_without_a_record_is_flagged() {
    let (_dir, site) = site();
    assert_eq!(
        records(&site, "kr/quiet.html"),
        "<h2>Goalpost changes</h2><ul><li><span class=\"off-track\">unrecorded</span> · \
         target 4 → 5 after 2026-Q4 began; no <code>[[change]]</code> gives a reason</li></ul>"
    );
    assert_eq!(
        records(&site, "objective/ship.html"),
        "<h2>Goalpost changes</h2><p class=\"meta\">None.</p>"
    );
}

#[test]
fn a_measure_shows_its_source_and_where_each_measured_value_was_read() {
    let (_dir, site) = site();
    assert_eq!(
        records(&site, "metric/deploys.html"),
        "<h2>Goalpost changes</h2><ul><li><span class=\"off-track\">unrecorded</span> · \
         source file:data/deploys.csv column count → file:data/deploys.csv column total \
         after 2026-Q4 began; no <code>[[change]]</code> gives a reason</li></ul>\
         <h2>Source</h2><dl class=\"fields\"><dt>Measured from</dt>\
         <dd>file:data/deploys.csv column total</dd></dl><div class=\"scroll\"><table><thead>\
         <tr><th>Date</th><th>Value</th><th>Read from</th></tr></thead><tbody><tr>\
         <td class=\"label\">2026-10-05</td><td data-label=\"Value\">2 deploys/day</td>\
         <td data-label=\"Read from\">file:data/deploys.csv@abc123 column count</td></tr><tr>\
         <td class=\"label\">2026-10-20</td><td data-label=\"Value\">1.5 deploys/day</td>\
         <td data-label=\"Read from\">file:data/deploys.csv@def456 column count</td></tr>\
         </tbody></table></div>"
    );
    // A key result without a source and without measured check-ins has no such section.
    let quiet = std::fs::read_to_string(site.join("kr/quiet.html")).unwrap();
    assert!(!quiet.contains("<h2>Source</h2>"));
}
