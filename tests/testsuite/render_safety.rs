//! Issue 9, the rendering defects: what a hostile plan can do to the output. Each test
//! failed before its fix. Plans are written into a temporary directory from [`plan`], a
//! small valid plan whose objective and key result text the test chooses.
//!
//! - Defect 6: a table cell shows at most 200 characters of user text (the rest becomes
//!   `…`; JSON and CSV keep it all), and diagnostics are rendered from the lines around
//!   their labels only, so `check` stays linear in the number of diagnostics.
//! - Defect 10: C1 controls, DEL, bidirectional controls and zero-width characters never
//!   reach a text format, JSON escapes them, and bidirectional controls in the files get
//!   the `suspicious-unicode` warning at their exact place.
//! - Defect 11: CSV neutralizes formulas after leading blanks and in full-width forms.
//! - A new user's findings: the stale and overdue warnings name the command that fixes
//!   them; a done key result is never stale; a breached threshold key result is off-track;
//!   the manual page names no page that does not exist, and no section "EXTRA".

use crate::common;

use std::path::PathBuf;

use common::northstar;

/// A valid plan in a fresh temporary directory: one objective (`objective`, `title`) with one
/// numeric key result (`kr`, `kr_title`) checked in on 2026-11-16, and `extra` appended.
fn plan(
    objective: &str,
    title: &str,
    kr: &str,
    kr_title: &str,
    extra: &str,
) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("northstar.toml");
    let text = format!(
        r#"[plan]
name = "Safety"

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
id = "{objective}"
title = "{title}"
pillar = "p1"
quarter = "2026-Q4"
owner = "ann"

[[objective.key_result]]
id = "{kr}"
title = "{kr_title}"
baseline = 0
target = 10

[[checkin]]
metric = "{kr}"
date = 2026-11-16
value = 5
{extra}"#
    );
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn run(path: &std::path::Path, args: &[&str]) -> common::Outcome {
    let mut all = vec!["-f", path.to_str().unwrap(), "--as-of", "2026-11-20"];
    all.extend_from_slice(args);
    northstar(&all)
}

/// 1,000 characters with no space to wrap at: `first`, then the digits `1234567890` over and
/// over.
fn long(first: char) -> String {
    std::iter::once(first)
        .chain((1..1000).map(|i| char::from(b'0' + u8::try_from(i % 10).unwrap())))
        .collect()
}

#[test]
fn table_cells_show_at_most_200_characters() {
    let title = long('T');
    let kr = long('k');
    let (_dir, path) = plan("o1", &title, &kr, "Key result", "");
    let shown = |text: &str| format!("{}…", text.chars().take(199).collect::<String>());

    for report in ["status", "okrs"] {
        // Every column at its width: this is about clipping, not fitting.
        let r = run(&path, &[report, "--wide"]);
        assert_eq!(r.code, 0, "{report}: {}", r.stderr);
        assert!(
            r.stdout.contains(&format!("{} · ann", shown(&title))),
            "{report}:\n{}",
            r.stdout
        );
        assert!(
            r.stdout.contains(&format!("    {}", shown(&kr))),
            "{report}:\n{}",
            r.stdout
        );
        assert!(!r.stdout.contains(&title[..200]), "{report}");
        assert!(!r.stdout.contains(&kr[..200]), "{report}");
    }
    let md = run(&path, &["okrs", "--format", "markdown"]);
    assert_eq!(md.code, 0, "{}", md.stderr);
    assert!(
        md.stdout
            .contains(&format!("| **o1** {} (ann) |", shown(&title))),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout
            .contains(&format!("| ↳ {} Key result |", shown(&kr))),
        "{}",
        md.stdout
    );

    // The full text stays in JSON and CSV.
    let json = run(&path, &["okrs", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(json["objectives"][0]["title"], title.as_str());
    assert_eq!(json["objectives"][0]["key_results"][0]["id"], kr.as_str());
    let csv = run(&path, &["okrs", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let kinds_ids: Vec<(&str, &str)> = rows.iter().map(|r| (&r[0], &r[1])).collect();
    assert_eq!(
        kinds_ids,
        [
            ("pillar", "p1"),
            ("pillar", "p2"),
            ("objective", "o1"),
            ("key_result", kr.as_str())
        ]
    );
    assert_eq!(&rows[2][5], title.as_str());
}

/// The output with the temporary directory's path replaced by `DIR`.
fn scrub(text: &str, path: &std::path::Path) -> String {
    text.replace(path.parent().unwrap().to_str().unwrap(), "DIR")
}

#[test]
fn a_related_place_far_away_in_the_same_file_gets_its_own_snippet() {
    // Labels were rendered from one snippet holding the whole file, so each diagnostic cost
    // the whole file: quadratic. Now a snippet holds the lines around its labels; a label
    // more than 20 lines from the others gets a snippet of its own.
    let filler = "# filler\n".repeat(40);
    let extra = format!("\n{filler}\n[[pillar]]\nid = \"p1\"\nname = \"Again\"\n");
    let (_dir, path) = plan("o1", "Objective", "kr1", "Key result", &extra);
    let r = run(&path, &["check"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        scrub(&r.stderr, &path),
        "\
error[duplicate-id]: duplicate id `p1`
  --> DIR/northstar.toml:78:6
   |
78 | id = \"p1\"
   |      ^^^^ defined again here, as a pillar
   |
  ::: DIR/northstar.toml:11:6
   |
11 | id = \"p1\"
   |      ---- first defined here, as a pillar
   |
   = help: ids share one namespace across all files of the plan; rename one of them

error: 1 error found
"
    );
}

#[test]
fn many_diagnostics_each_point_at_their_own_line() {
    let block = "
[[objective]]
id = \"oN\"
title = \"O\"
pillar = \"p2\"
quarter = \"2026-Q4\"

[[objective.key_result]]
id = \"krN\"
title = \"K\"
baseline = 0
target = 1

[[checkin]]
metric = \"krN\"
date = 2026-11-16
value = 1
";
    let objectives: String = (2..=1000)
        .map(|i| block.replace('N', &i.to_string()))
        .collect();
    let (_dir, path) = plan("o1", "Objective", "kr1", "Key result", &objectives);
    let r = run(&path, &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let warnings = r.stderr.matches("warning[objective-without-owner]").count();
    assert_eq!(warnings, 999);
    // Each objective takes 17 lines; `o2`'s id is on line 37, so `o1000`'s on 37 + 998 × 17.
    let last = r
        .stderr
        .rsplit("warning[objective-without-owner]")
        .next()
        .unwrap();
    assert_eq!(
        scrub(last, &path),
        "\
: objective `o1000` has no owner
     --> DIR/northstar.toml:17003:6
      |
17003 | id = \"o1000\"
      |      ^^^^^^^ no owner
      |
      = help: add `owner = \"...\"`

warning: 999 warnings found
"
    );
}

/// The characters defect 10 is about: C1 controls and DEL, bidirectional controls
/// (Trojan Source, CVE-2021-42574) and zero-width characters.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{7f}'..='\u{9f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200b}'..='\u{200d}'
            | '\u{2060}'
            | '\u{feff}'
    )
}

/// A title holding one of each kind, written as TOML escapes so the file itself is ASCII.
const HIDDEN_TITLE: &str =
    r"Ship\u202Eevil\u2066x\u2069\u200B\u200C\u200D\u2060\uFEFF\u0085\u009B31m\u007Fdone";

#[test]
fn invisible_characters_never_reach_tables_csv_markdown_or_html() {
    let (_dir, path) = plan("o1", HIDDEN_TITLE, "kr1", "Key result", "");
    let visible = "Shipevilx31mdone";
    for (args, expected) in [
        (&["okrs", "--wide"][..], format!("  {visible} · ann")),
        (
            &["okrs", "--format", "markdown"],
            format!("| **o1** {visible} (ann) |"),
        ),
        (
            &["okrs", "--format", "csv"],
            format!(",o1,p1,p1,2026-Q4,{visible},ann,"),
        ),
        (
            &["review", "--wide"],
            format!("o1 {visible} (ann; committed"),
        ),
        (
            &["review", "--format", "markdown"],
            format!("| `o1` {visible} (ann; committed"),
        ),
        (
            &["review", "--format", "csv"],
            format!(",o1,p1,p1,2026-Q4,{visible},ann,"),
        ),
        (
            &["review", "--format", "html"],
            format!("<strong><code class=\"id\">o1</code> {visible}</strong> "),
        ),
        (&["tree"], format!("objective o1 — {visible} ")),
        (
            &["tree", "--format", "markdown"],
            format!("objective **o1** — {visible} · "),
        ),
        (
            &["tree", "--format", "mermaid"],
            format!("n_o1[\"{visible}<br/>objective o1 · "),
        ),
        (
            &["tree", "--format", "dot"],
            format!("\"o1\" [label=\"{visible}\\nobjective o1 · "),
        ),
    ] {
        let r = run(&path, args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(r.stdout.contains(&expected), "{args:?}:\n{}", r.stdout);
        assert_eq!(
            r.stdout
                .chars()
                .filter(|&c| invisible(c))
                .collect::<String>(),
            "",
            "{args:?}"
        );
    }
}

#[test]
fn json_escapes_invisible_characters_and_keeps_them() {
    let (_dir, path) = plan("o1", HIDDEN_TITLE, "kr1", "Key result", "");
    for args in [
        &["okrs", "--format", "json"][..],
        &["review", "--format", "json"],
        &["tree", "--format", "json"],
    ] {
        let r = run(&path, args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(
            r.stdout.contains(
                r#""title": "Ship\u202eevil\u2066x\u2069\u200b\u200c\u200d\u2060\ufeff\u0085\u009b31m\u007fdone""#
            ),
            "{args:?}:\n{}",
            r.stdout
        );
        assert_eq!(r.stdout.chars().filter(|&c| invisible(c)).count(), 0);
    }
    let r = run(&path, &["okrs", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        json["objectives"][0]["title"],
        "Ship\u{202E}evil\u{2066}x\u{2069}\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}\u{85}\u{9B}31m\u{7F}done"
    );
}

#[test]
fn check_prints_no_c1_control() {
    // A key is quoted back in the message and the source line; U+009B is the 8-bit CSI.
    // The message drops it (every diagnostic text is sanitized where it is built); the
    // source line shows a replacement character where it stands.
    let (_dir, path) = plan(
        "o1",
        "Objective",
        "kr1",
        "Key result",
        "\n[[pillar]]\nid = \"p3\"\nname = \"Three\"\n\"a\u{9b}31mb\" = 1\n",
    );
    let r = run(&path, &["check"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        scrub(&r.stderr, &path),
        "\
error[unknown-key]: unknown key `a31mb` in `[[pillar]]`
  --> DIR/northstar.toml:39:1
   |
39 | \"a\u{fffd}31mb\" = 1
   | ^^^^^^^^ unknown key
   |
   = help: known keys: `id`, `name`, `owner`, `inputs`

error: 1 error found
"
    );
}

#[test]
fn bidi_controls_in_plan_text_warn_at_their_exact_span() {
    // Trojan Source: a comment whose bytes differ from how it displays, and one control in a
    // title on its own line.
    let extra = "# ok \u{202e} \u{2066}// admin only\u{2069} \u{2066}\n";
    let (_dir, path) = plan("o1", "Ship \u{202e}it", "kr1", "Key result", extra);
    let r = run(&path, &["check", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let found: Vec<(String, String, u64, u64, u64, Vec<u64>)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let at = &d["location"];
            (
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
                at["line"].as_u64().unwrap(),
                at["column"].as_u64().unwrap(),
                at["end_column"].as_u64().unwrap(),
                d["related"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r["location"]["column"].as_u64().unwrap())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "suspicious-unicode".to_string(),
                "plan text holds the invisible bidirectional control U+202E (right-to-left override)"
                    .to_string(),
                20,
                15,
                16,
                vec![]
            ),
            (
                "suspicious-unicode".to_string(),
                "plan text holds 4 invisible bidirectional controls on one line".to_string(),
                35,
                6,
                7,
                vec![8, 22, 24]
            ),
        ]
    );
    let human = run(&path, &["check"]);
    assert!(
        human
            .stderr
            .ends_with("   = help: delete them: text around a bidirectional control can display in another order than it is stored (Trojan Source, CVE-2021-42574); reports strip them\n\nwarning: 2 warnings found\n"),
        "{}",
        human.stderr
    );
}

/// Defect 11: a spreadsheet runs a cell as a formula when its first non-blank character is
/// `=`, `+`, `-` or `@`, full-width forms included; each such text cell gets a `'` in front.
#[test]
fn csv_neutralizes_formulas_after_blanks_and_in_full_width() {
    let titles = [
        " =1+1",
        "\u{a0}=1+1",
        "\u{3000}+1",
        "\u{ff1d}HYPERLINK(\"x\")",
        "\u{ff0b}1",
        "\u{ff0d}1",
        "\u{ff20}SUM(A1)",
        "\u{2003}-2+3",
        "plain = fine",
    ];
    let mut extra = String::new();
    for (i, t) in titles.iter().enumerate() {
        use std::fmt::Write as _;
        let t = t.replace('"', "\\\"");
        write!(
            extra,
            "\n[[objective]]\nid = \"x{i}\"\ntitle = \"{t}\"\npillar = \"p2\"\nquarter = \"2026-Q4\"\nowner = \"ann\"\n"
        )
        .unwrap();
    }
    let (_dir, path) = plan("o1", "Objective", "kr1", "Key result", &extra);
    let r = run(&path, &["okrs", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    let cells: Vec<String> = reader
        .records()
        .map(Result::unwrap)
        .filter(|row| row[1].starts_with('x'))
        .map(|row| row[5].to_string())
        .collect();
    assert_eq!(
        cells,
        [
            "' =1+1",
            "'\u{a0}=1+1",
            "'\u{3000}+1",
            "'\u{ff1d}HYPERLINK(\"x\")",
            "'\u{ff0b}1",
            "'\u{ff0d}1",
            "'\u{ff20}SUM(A1)",
            "'\u{2003}-2+3",
            "plain = fine",
        ]
    );
}

/// The help of each diagnostic in `check --format json` of `path`, by code.
fn helps(path: &str) -> Vec<(String, String)> {
    let r = northstar(&[
        "-f",
        path,
        "--as-of",
        "2026-11-20",
        "check",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["help"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// A new user: the stale and overdue warnings pointed at editing TOML by hand; they name
/// the command that records a check-in or a decision.
#[test]
fn stale_and_overdue_help_names_the_command() {
    assert_eq!(
        helps("tests/diagnostics/stale-key-result/northstar.toml"),
        [(
            "stale-key-result".to_string(),
            "record one: `northstar checkin kr1 VALUE`".to_string()
        )]
    );
    assert_eq!(
        helps("tests/diagnostics/overdue-bet/northstar.toml"),
        [(
            "overdue-bet".to_string(),
            "decide it: `northstar bet decide b1 validated|invalidated|killed --outcome \"...\"`"
                .to_string()
        )]
    );
}

/// Key results of objective `o2` (in `extra` after [`plan`]'s own), with check-ins.
const FINISHED: &str = r#"
[[objective]]
id = "o2"
title = "Finished early"
pillar = "p2"
quarter = "2026-Q4"
owner = "bob"

[[objective.key_result]]
id = "reached"
title = "Numeric, at its target"
baseline = 0
target = 10

[[objective.key_result]]
id = "shipped"
title = "Milestone, done"
milestone = true

[[objective.key_result]]
id = "halfway"
title = "Numeric, half way"
baseline = 0
target = 10

[[checkin]]
metric = "reached"
date = 2026-10-05
value = 10

[[checkin]]
metric = "shipped"
date = 2026-10-06
value = true

[[checkin]]
metric = "halfway"
date = 2026-10-07
value = 5
"#;

/// The (id, status, stale) of every key result in `okrs --format json`.
fn key_results(path: &std::path::Path, as_of: &str) -> Vec<(String, String, bool)> {
    let r = northstar(&[
        "-f",
        path.to_str().unwrap(),
        "--as-of",
        as_of,
        "okrs",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    json["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["key_results"].as_array().unwrap().clone())
        .map(|k| {
            (
                k["id"].as_str().unwrap().to_string(),
                k["status"].as_str().unwrap().to_string(),
                k["stale"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// A new user: a key result that is done (progress 1) was reported stale every week.
#[test]
fn a_done_key_result_is_never_stale() {
    let (_dir, path) = plan("o1", "Objective", "kr1", "Key result", FINISHED);
    let s = |id: &str, status: &str, stale: bool| (id.to_string(), status.to_string(), stale);
    assert_eq!(
        key_results(&path, "2026-11-20"),
        [
            s("kr1", "on-track", false),
            s("reached", "done", false),
            s("shipped", "done", false),
            s("halfway", "on-track", true),
        ]
    );
    let codes: Vec<(String, String)> = helps(path.to_str().unwrap());
    assert_eq!(
        codes,
        [(
            "stale-key-result".to_string(),
            "record one: `northstar checkin halfway VALUE`".to_string()
        )]
    );
}

/// A new user: a breached threshold key result showed `▲ at-risk` (or even on-track early
/// in the quarter) where a breached health metric shows `✖ breach`. Not met is off-track.
#[test]
fn a_breached_threshold_key_result_is_off_track_whatever_the_pace() {
    let guard = r#"
[[objective]]
id = "o2"
title = "Guardrails"
pillar = "p2"
quarter = "2026-Q4"
owner = "bob"

[[objective.key_result]]
id = "breached"
title = "Change failure rate under 15%"
keep_below = 15

[[objective.key_result]]
id = "kept"
title = "Availability at least 99.9%"
keep_above = 99.9

[[checkin]]
metric = "breached"
date = 2026-10-01
value = 16

[[checkin]]
metric = "kept"
date = 2026-10-01
value = 99.95
"#;
    let (_dir, path) = plan("o1", "Objective", "kr1", "Key result", guard);
    let s = |id: &str, status: &str| (id.to_string(), status.to_string(), false);
    // On the quarter's second day, the pace is 2%: a pace rating would say on-track.
    assert_eq!(
        key_results(&path, "2026-10-02"),
        [
            s("kr1", "no-data"),
            s("breached", "off-track"),
            s("kept", "done")
        ]
    );
    let r = run(&path, &["okrs", "--wide", "--style", "boxed"]);
    assert!(
        r.stdout.contains(
            "│     breached                      ┆      16 ┆ ≤ 15   ┆   ░░░░░░░░░░ 0% ┆ ✖ off-track · stale ┆       ┆ 2026-10-01    │"
        ),
        "{}",
        r.stdout
    );
    let log = run(&path, &["log", "--format", "json"]);
    let log: serde_json::Value = serde_json::from_str(&log.stdout).unwrap();
    let statuses: Vec<(&str, &str)> = log
        .as_array()
        .or_else(|| log["checkins"].as_array())
        .unwrap()
        .iter()
        .map(|c| (c["metric"].as_str().unwrap(), c["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("breached", "off-track"),
            ("kept", "done"),
            ("kr1", "on-track")
        ]
    );
}

/// A new user: the manual page pointed at `northstar-check(1)` and other pages that are not
/// generated, and had a section headed "EXTRA". The one page now lists every command, and
/// names its sections as manual pages do.
#[test]
fn the_man_page_refers_to_no_missing_page_and_has_no_extra_section() {
    let r = northstar(&["man"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let sections: Vec<&str> = r.stdout.lines().filter(|l| l.starts_with(".SH")).collect();
    assert_eq!(
        sections,
        [
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH DESCRIPTION",
            ".SH OPTIONS",
            ".SH COMMANDS",
            ".SH \"EXIT STATUS\"",
            ".SH FILES",
            ".SH EXAMPLES",
            ".SH VERSION",
        ]
    );
    assert!(!r.stdout.contains("(1)"), "{}", r.stdout);
    assert_eq!(
        r.stdout.matches(".ds Aq").count(),
        2,
        "one apostrophe preamble"
    );
    for entry in [
        ".TP\n\\fBnorthstar check\\fR [OPTIONS]\nValidate the plan and print every problem at once\n",
        ".TP\n\\fBnorthstar checkin\\fR [OPTIONS] <ID> <VALUE>\nRecord a check\\-in for a key result, a metric or the North Star\n",
        ".TP\n\\fBnorthstar bet decide\\fR [OPTIONS] \\-\\-outcome <TEXT> <ID> <DECISION>\nRecord a bet\\*(Aqs decision: status, decided date and outcome\n",
        ".SH \"EXIT STATUS\"\n0 success; 1 the plan has errors (or warnings under \\-\\-deny\\-warnings); 2 usage error, unreadable file or other failure.\n",
        ".SH EXAMPLES\n.nf\nnorthstar \\-f examples/platform/northstar.toml status\nnorthstar check \\-\\-deny\\-warnings\n",
    ] {
        assert!(r.stdout.contains(entry), "no {entry:?} in\n{}", r.stdout);
    }
}

/// A refusal quotes plan paths (an included file's name may hold an escape sequence): it
/// is sanitized like a diagnostic, through the binary.
#[test]
fn a_refusal_naming_a_plan_file_drives_no_terminal() {
    let (dir, plan) = common::platform_copy();
    let hostile = "teams/x\u{1b}]0;pwned\u{7}\u{1b}[2J.toml";
    std::fs::rename(dir.path().join("teams/sre.toml"), dir.path().join(hostile)).unwrap();
    let target = dir.path().join(hostile);
    let out = common::bin()
        .args(["-f", plan.to_str().unwrap(), "status", "--format", "csv"])
        .args(["-o", target.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let shown = dir.path().join("teams/x]0;pwned[2J.toml");
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "error: refusing to overwrite plan file `{}`\nhelp: `-o` names the file the report goes to: pick one outside the plan, e.g. `-o report.csv`\nnothing was written\n",
            shown.display()
        )
    );
}
