//! Output formats: Markdown and CSV snapshots, `-o FILE` with the format taken from the
//! extension, and a hostile plan (formula cells, ANSI escapes, HTML) inert in every format.

use crate::common;

use common::northstar;

const PLATFORM: &str = "examples/platform/northstar.toml";
const STARTUP: &str = "examples/startup/northstar.toml";

#[test]
fn markdown_and_csv_snapshots() {
    for (report, format) in [
        ("status", "markdown"),
        ("okrs", "csv"),
        ("bets", "csv"),
        ("initiatives", "csv"),
        ("metrics", "csv"),
        ("log", "markdown"),
        ("log", "csv"),
    ] {
        let r = northstar(&[
            "-f",
            PLATFORM,
            "--as-of",
            "2026-11-20",
            report,
            "--format",
            format,
        ]);
        assert_eq!(r.code, 0, "{report} {format}: {}", r.stderr);
        insta::assert_snapshot!(format!("{report}_{format}"), r.stdout);
    }
}

#[test]
fn csv_reads_back_with_one_row_per_entity() {
    let r = northstar(&[
        "-f",
        PLATFORM,
        "--as-of",
        "2026-11-20",
        "status",
        "--format",
        "csv",
    ]);
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let count = |kind: &str| rows.iter().filter(|r| &r[0] == kind).count();
    assert_eq!(
        (
            count("north_star"),
            count("metric"),
            count("pillar"),
            count("objective"),
            count("key_result")
        ),
        (1, 4, 3, 4, 10)
    );
    let lead = rows.iter().find(|r| &r[1] == "lead-time").unwrap();
    assert_eq!(
        (&lead[2], &lead[3], &lead[12]),
        ("boring-deploys", "velocity", "0.5833")
    );
}

#[test]
fn output_files_take_their_format_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    for (name, starts) in [
        ("s.json", "{\n  \"plan\""),
        ("s.csv", "type,id,parent"),
        ("s.md", "## Tidewater"),
        ("s.txt", "Tidewater Engineering ·"),
    ] {
        let path = dir.path().join(name);
        let r = northstar(&[
            "-f",
            STARTUP,
            "--as-of",
            "2026-11-20",
            "status",
            "-o",
            path.to_str().unwrap(),
        ]);
        assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{name}: {}", r.stderr);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(starts), "{name}: {text}");
        assert!(!text.contains('\x1b'), "{name}: no colour in files");
    }
    let bad = northstar(&[
        "-f",
        STARTUP,
        "status",
        "-o",
        dir.path().join("s.pdf").to_str().unwrap(),
    ]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("cannot tell the format from the extension `.pdf`"),
        "{}",
        bad.stderr
    );
    // An explicit --format wins over the extension.
    let path = dir.path().join("report.txt");
    let r = northstar(&[
        "-f",
        STARTUP,
        "--as-of",
        "2026-11-20",
        "bets",
        "--format",
        "json",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read_to_string(&path).unwrap().starts_with('{'));
}

#[test]
fn a_hostile_plan_is_inert_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let plan = std::fs::read_to_string(STARTUP)
        .unwrap()
        .replace(
            "title = \"p95 latency of /optimise\"",
            "title = \"=cmd|' /C calc'!A0\"",
        )
        .replace(
            "title = \"The routing API is boring\"",
            "title = \"<script>alert(1)</script> \\u001b[31mred | pipe\"",
        )
        .replace(
            "owner = \"sam\"\nkind = \"aspirational\"",
            "owner = \"@SUM(A1)\"\nkind = \"aspirational\"",
        );
    let path = dir.path().join("northstar.toml");
    std::fs::write(&path, plan).unwrap();
    let p = path.to_str().unwrap();
    for format in ["table", "json", "csv", "markdown"] {
        let r = northstar(&[
            "-f",
            p,
            "--as-of",
            "2026-11-20",
            "okrs",
            "--wide",
            "--format",
            format,
        ]);
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        assert!(!r.stdout.contains('\x1b'), "{format}: raw escape");
        match format {
            "csv" => {
                assert!(r.stdout.contains(",'=cmd|' /C calc'!A0,"), "{}", r.stdout);
                assert!(r.stdout.contains(",'@SUM(A1),"), "{}", r.stdout);
            }
            "markdown" => {
                assert!(
                    r.stdout
                        .contains("&lt;script&gt;alert(1)&lt;/script&gt; \\[31mred \\| pipe"),
                    "{}",
                    r.stdout
                );
                assert!(!r.stdout.contains("<script>"));
            }
            "json" => assert!(
                r.stdout.contains("\\u001b[31mred"),
                "JSON keeps the text, escaped"
            ),
            _ => assert!(
                r.stdout
                    .contains("<script>alert(1)</script> [31mred | pipe"),
                "{}",
                r.stdout
            ),
        }
    } // The dashboard page: the text escaped, the escape sequence's control character
    // stripped, no script anywhere.
    let r = northstar(&[
        "-f",
        p,
        "--as-of",
        "2026-11-20",
        "status",
        "--format",
        "html",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "<code class=\"id\">boring-api</code> &lt;script&gt;alert(1)&lt;/script&gt; [31mred | pipe"
        ),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("<script") && !r.stdout.contains('\x1b'));
}

/// `status --format html`: the weekly dashboard as one page in the review's shell: the
/// header, the metrics, one section per pillar, the bets with the portfolio mix and the
/// initiatives with capacity (snapshot of the body, one element per line).
#[test]
fn the_dashboard_page_shows_every_section_of_status() {
    let r = northstar(&[
        "-f",
        "examples/platform/northstar.toml",
        "--as-of",
        "2026-11-20",
        "status",
        "--format",
        "html",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let body = &r.stdout[r.stdout.find("<body>").unwrap()..];
    assert_eq!(r.stdout.matches("<section class=\"pillar\">").count(), 3);
    insta::assert_snapshot!("status_html_body", body.replace("><", ">\n<"));
}

/// Every (command, format) pair the command table lists is written in that very format,
/// from the bundled platform example: JSON parses as JSON, CSV reads back with the csv
/// crate, HTML is a whole document, Markdown has a heading or a pipe table, Mermaid is a
/// fenced flowchart, DOT a digraph, GitHub annotations workflow commands, and the terminal
/// formats are text that is none of these.
#[test]
fn every_format_the_table_lists_is_rendered_as_itself() {
    use northstar::app::formats::Format;
    use northstar::app::table::COMMANDS;
    let mut pairs = 0;
    for spec in COMMANDS {
        let words: Vec<&str> = match spec.words {
            ["show"] => vec!["show", "lead-time"],
            ["diff"] => vec!["diff", "HEAD"],
            words => words.to_vec(),
        };
        for format in spec.formats {
            let mut args = vec!["-f", PLATFORM, "--as-of", "2026-11-20"];
            args.extend(&words);
            args.extend(["--format", format.name()]);
            let r = northstar(&args);
            assert!(r.code <= 1, "{args:?}: {}", r.stderr);
            let text = r.stdout.trim_start();
            let what = format!(
                "{args:?} wrote:\n{}",
                text.chars().take(400).collect::<String>()
            );
            let is_json = serde_json::from_str::<serde_json::Value>(text).is_ok();
            let is_html =
                text.starts_with("<!DOCTYPE html>") && text.trim_end().ends_with("</html>");
            match format {
                Format::Json => assert!(is_json, "{what}"),
                Format::Csv => {
                    let mut reader = csv::Reader::from_reader(text.as_bytes());
                    let rows: Result<Vec<_>, _> = reader.records().collect();
                    assert!(rows.is_ok_and(|r| !r.is_empty()), "{what}");
                    assert!(reader.headers().is_ok_and(|h| h.len() > 1), "{what}");
                }
                Format::Html => assert!(is_html, "{what}"),
                Format::Markdown => assert!(
                    text.starts_with('#') || text.lines().any(|l| l.starts_with("| ")),
                    "{what}"
                ),
                Format::Mermaid => {
                    assert!(text.starts_with("```mermaid\nflowchart"), "{what}");
                }
                Format::Dot => assert!(text.starts_with("digraph "), "{what}"),
                Format::Slack => assert!(
                    serde_json::from_str::<serde_json::Value>(text)
                        .is_ok_and(|v| v["blocks"].is_array()),
                    "{what}"
                ),
                Format::Github => assert!(text.lines().all(|l| l.starts_with("::")), "{what}"),
                // rustc-style diagnostics go to stderr; stdout stays empty.
                Format::Human => assert!(text.is_empty(), "{what}"),
                Format::Table => assert!(
                    !text.is_empty() && !is_json && !is_html && !text.starts_with('#'),
                    "{what}"
                ),
            }
            pairs += 1;
        }
    }
    assert!(pairs >= 30, "{pairs}");
}
