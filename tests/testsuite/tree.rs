//! `northstar tree`: snapshots of every text format on a three-level plan with teams
//! (`tests/fixtures/alignment/`), the JSON shape read back into structs that deny unknown
//! fields, Graphviz reading the DOT output, and the refusals.

#![allow(clippy::struct_field_names)] // the mirrors spell the JSON field names exactly

use crate::common;

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::{Command, Stdio};

use common::{Outcome, northstar};
use serde::Deserialize;

const PLAN: &str = "tests/fixtures/alignment/northstar.toml";

fn tree(args: &[&str]) -> Outcome {
    let mut all = vec!["-f", PLAN, "--as-of", "2026-11-20", "tree"];
    all.extend_from_slice(args);
    northstar(&all)
}

/// The output of a run that must succeed silently on stderr.
fn stdout(args: &[&str]) -> String {
    let r = tree(args);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "tree {args:?}");
    r.stdout
}

#[test]
fn every_format_snapshots() {
    for (name, args) in [
        ("tree_table", &[][..]),
        ("tree_team_product_table", &["--team", "product"][..]),
        ("tree_markdown", &["--format", "markdown"][..]),
        ("tree_mermaid", &["--format", "mermaid"][..]),
        ("tree_dot", &["--format", "dot"][..]),
        (
            "tree_team_product_mermaid",
            &["--team", "product", "--format", "mermaid"][..],
        ),
        (
            "tree_team_platform_dot",
            &["--team", "platform", "--depth", "1", "--format", "dot"][..],
        ),
    ] {
        insta::assert_snapshot!(name, stdout(args));
    }
}

#[test]
fn the_table_colours_statuses_only_when_asked() {
    let plain = stdout(&["signups"]);
    assert!(!plain.contains('\x1b'), "{plain}");
    let coloured = stdout(&["signups", "--color", "always"]);
    assert_eq!(
        coloured.lines().collect::<Vec<_>>(),
        [
            "Alignment fixture · 2026-Q4 · as of 2026-11-20",
            "                                \x1b[2mweekly-active-teams › velocity › company\x1b[0m",
            "                                \x1b[2m› co-adoption › product-reach\x1b[0m",
            "███░░░░░░░  25%  \x1b[31m✖ off-track\x1b[0m    key result signups — Team sign-ups per week",
            "                                    · cpo",
        ]
    );
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Tree {
    plan: String,
    as_of: String,
    period: Period,
    roots: Vec<Root>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Period {
    label: String,
    first_day: String,
    last_day: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Root {
    ancestors: Vec<Ancestor>,
    node: Branch,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Ancestor {
    id: String,
    kind: String,
    title: String,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(untagged)]
enum Branch {
    Repeat(Repeat),
    Node(Node),
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Node {
    id: String,
    kind: String,
    title: String,
    progress: Option<f64>,
    status: Option<String>,
    owner: Option<String>,
    children: Vec<Branch>,
    outside_period: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Repeat {
    id: String,
    kind: String,
    repeat: bool,
}

impl Branch {
    fn node(&self) -> &Node {
        match self {
            Branch::Node(n) => n,
            Branch::Repeat(r) => panic!("`{}` is a repeat", r.id),
        }
    }

    /// The child with `id`.
    fn child(&self, id: &str) -> &Branch {
        let node = self.node();
        node.children
            .iter()
            .find(|c| match c {
                Branch::Node(n) => n.id == id,
                Branch::Repeat(r) => r.id == id,
            })
            .unwrap_or_else(|| panic!("no child `{id}` under `{}`", node.id))
    }
}

fn leaf(id: &str, kind: &str, title: &str, progress: f64, status: &str, owner: &str) -> Branch {
    Branch::Node(Node {
        id: id.into(),
        kind: kind.into(),
        title: title.into(),
        progress: Some(progress),
        status: Some(status.into()),
        owner: Some(owner.into()),
        children: Vec::new(),
        outside_period: None,
    })
}

fn repeat(id: &str, kind: &str) -> Branch {
    Branch::Repeat(Repeat {
        id: id.into(),
        kind: kind.into(),
        repeat: true,
    })
}

#[test]
fn json_reads_back_with_the_documented_shape() {
    let whole: Tree = serde_json::from_str(&stdout(&["--format", "json"])).unwrap();
    assert_eq!(
        (whole.plan.as_str(), whole.as_of.as_str()),
        ("Alignment fixture", "2026-11-20")
    );
    assert_eq!(
        whole.period,
        Period {
            label: "2026-Q4".into(),
            first_day: "2026-10-01".into(),
            last_day: "2026-12-31".into(),
        }
    );
    assert_eq!(whole.roots.len(), 1);
    assert_eq!(whole.roots[0].ancestors, []);
    let ns = &whole.roots[0].node;
    assert_eq!(
        (ns.node().id.as_str(), ns.node().kind.as_str()),
        ("weekly-active-teams", "north-star")
    );
    // The North Star's children: both pillars, then the bet aiming at it (lifecycle as status).
    let children: Vec<&str> = ns
        .node()
        .children
        .iter()
        .map(|c| c.node().id.as_str())
        .collect();
    assert_eq!(children, ["velocity", "trust", "public-api"]);
    assert_eq!(
        ns.child("public-api"),
        &leaf(
            "public-api",
            "bet",
            "A public deploy API",
            0.42,
            "running",
            "vp-eng"
        )
    );
    let company = ns.child("velocity").child("company");
    let eng = company.child("eng-speed");
    // `platform-pipeline` is in full under `product-reach` (reached first, through the
    // key result `co-adoption`), a repeat under `eng-speed`; so is the initiative under
    // `lead-time`, which the pipeline's key result reached first.
    assert_eq!(
        eng.child("platform-pipeline"),
        &repeat("platform-pipeline", "objective")
    );
    assert_eq!(
        eng.child("lead-time").node().children,
        [
            repeat("new-pipeline", "initiative"),
            leaf(
                "warm-caches",
                "bet",
                "Warm build caches",
                0.5,
                "running",
                "ahmed"
            ),
        ]
    );
    let pipeline = company
        .child("co-adoption")
        .child("product-reach")
        .child("platform-pipeline");
    assert_eq!(
        (pipeline.node().progress, pipeline.node().status.as_deref()),
        (Some(1.0), Some("done"))
    );
    // The key result fed by children, and the one read from a metric (36% of 30 → 45).
    let adoption = company.child("co-adoption").node();
    assert_eq!(
        (adoption.progress, adoption.status.as_deref()),
        (Some(0.4375), Some("at-risk"))
    );
    assert_eq!(
        company.child("co-activation"),
        &leaf(
            "co-activation",
            "key-result",
            "New teams activate",
            0.4,
            "at-risk",
            "carol"
        )
    );

    // --team: each root with its ancestor path; --depth cuts below the root.
    let team: Tree = serde_json::from_str(&stdout(&[
        "--team", "product", "--depth", "0", "--format", "json",
    ]))
    .unwrap();
    let path = |ids: &[(&str, &str, &str)]| -> Vec<Ancestor> {
        ids.iter()
            .map(|&(id, kind, title)| Ancestor {
                id: id.into(),
                kind: kind.into(),
                title: title.into(),
            })
            .collect()
    };
    let above = path(&[
        (
            "weekly-active-teams",
            "north-star",
            "Teams deploying weekly",
        ),
        ("velocity", "pillar", "Developer velocity"),
        ("company", "objective", "Win the platform market"),
        ("co-adoption", "key-result", "Teams adopt the platform"),
    ]);
    assert_eq!(team.roots.len(), 2);
    assert_eq!(team.roots[0].ancestors, above);
    assert_eq!(team.roots[1].ancestors, above);
    assert_eq!(
        team.roots[1].node,
        leaf(
            "growth-onboarding",
            "objective",
            "Onboard a team in a day",
            0.25,
            "off-track",
            "gus"
        )
    );
}

/// `dot -Tsvg` run on `source`: its exit code, and the SVG; `None` when Graphviz is not
/// installed (the test is then skipped, saying so; see [`common::tool`]).
fn graphviz(source: &str) -> Option<(Option<i32>, String)> {
    let dot = common::tool(&["dot"], "apt-get install graphviz")?;
    let mut child = Command::new(dot)
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(source.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some((out.status.code(), String::from_utf8(out.stdout).unwrap()))
}

#[test]
fn graphviz_draws_the_dot_output() {
    let Some((code, svg)) = graphviz(&stdout(&["--format", "dot"])) else {
        return;
    };
    assert_eq!(code, Some(0));
    assert!(svg.contains("<svg"), "{svg}");
    // One box per entity: the shared objective is drawn once, with an edge from each parent.
    let count = |title: &str| svg.matches(&format!("<title>{title}</title>")).count();
    assert_eq!(count("platform&#45;pipeline"), 1);
    assert_eq!(count("eng&#45;speed&#45;&gt;platform&#45;pipeline"), 1);
    assert_eq!(count("product&#45;reach&#45;&gt;platform&#45;pipeline"), 1);
    // A team's roots with their ancestor paths, drawn dashed.
    let (code, svg) = graphviz(&stdout(&["--team", "product", "--format", "dot"])).unwrap();
    assert_eq!(code, Some(0));
    assert!(svg.contains("<svg"), "{svg}");
    // Four ancestor boxes, and five edges: three down the path, one into each root.
    assert_eq!(
        svg.matches("stroke-dasharray=\"5,2\"").count(),
        4 + 5,
        "{svg}"
    );
}

#[test]
fn refusals_and_usage_errors_exit_2() {
    for (args, stderr) in [
        (
            &["next-quarter"][..],
            "error: objective `next-quarter` is in 2027-Q1, not in the period shown, 2026-Q4\nhelp: pass `--period 2027-Q1`\n",
        ),
        (
            &["onboarding-wizard"][..],
            "error: `onboarding-wizard` is an initiative: a tree starts at the North Star, a pillar, an objective or a key result\nhelp: `northstar show onboarding-wizard` shows where it belongs\n",
        ),
        (
            &["eng-sped"][..],
            "error: no entity `eng-sped` in the plan\nhelp: did you mean `eng-speed`?\n",
        ),
        (
            &["--team", "mobil"][..],
            "error: no team `mobil` in the plan\nhelp: did you mean `mobile`?\n",
        ),
    ] {
        let r = tree(args);
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (2, "", stderr),
            "{args:?}"
        );
    }
    // The same id, when its period is selected, is a tree.
    let r = northstar(&[
        "-f",
        PLAN,
        "--as-of",
        "2026-11-20",
        "--period",
        "2027-Q1",
        "tree",
        "next-quarter",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "Alignment fixture · 2027-Q1 · as of 2026-11-20
                                weekly-active-teams › velocity › company
                                › eng-speed
              —  ○ no-data      objective next-quarter — Next quarter's
                                │   follow-up · ahmed
              —  ◌ not-started  └── key result follow-up — Follow-up shipped
"
    );
    // An id and --team cannot stand together; a format `tree` does not write is refused.
    let both = common::bin()
        .args(["-f", PLAN, "tree", "company", "--team", "product"])
        .output()
        .unwrap();
    assert_eq!(both.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&both.stderr)
            .contains("the argument '[ID]' cannot be used with '--team <ID>'"),
        "{}",
        String::from_utf8_lossy(&both.stderr)
    );
    let csv = common::bin()
        .args(["-f", PLAN, "tree", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(csv.status.code(), Some(2));
}

#[test]
fn an_output_file_named_dot_gets_dot() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alignment.gv");
    let r = tree(&["-o", path.to_str().unwrap()]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, stdout(&["--format", "dot"]));
}

/// Plan text that is syntax in Mermaid, DOT, HTML or Markdown stays text: the fixture with
/// `eng-speed` renamed `end` (a Mermaid keyword) and titled with quotes, tags, an entity,
/// an entity code, a backtick, an arrow, brackets and a DOT escape.
#[test]
fn plan_text_cannot_break_mermaid_or_dot() {
    const TITLE: &str = r#"Ship "v2" <b>now</b> & #quot; `x` --> y["z"] \N &lt;"#;
    let text = std::fs::read_to_string(PLAN)
        .unwrap()
        .replace("\"eng-speed\"", "\"end\"")
        .replace("title = \"Ship faster\"", &format!("title = '{TITLE}'"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("northstar.toml");
    std::fs::write(&path, text).unwrap();
    let run = |format: &str| {
        let r = northstar(&[
            "-f",
            path.to_str().unwrap(),
            "--as-of",
            "2026-11-20",
            "tree",
            "--format",
            format,
        ]);
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{format}");
        r.stdout
    };
    let mermaid = run("mermaid");
    assert!(
        mermaid.contains(
            "\n    n_end[\"Ship #quot;v2#quot; #lt;b#gt;now#lt;/b#gt; #amp; #35;quot; #96;x#96; --#gt; y[#quot;z#quot;] \\N #amp;lt;<br/>objective end · 61#37; · ● on-track · cto\"]:::good\n"
        ),
        "{mermaid}"
    );
    assert!(mermaid.contains("\n    n_company --> n_end\n"), "{mermaid}");
    let dot = run("dot");
    assert!(
        dot.contains(
            "\n    \"end\" [label=\"Ship \\\"v2\\\" <b>now</b> &amp; #quot; `x` --> y[\\\"z\\\"] \\\\N &amp;lt;\\nobjective end · 61% · ● on-track · cto\", fillcolor=\"#dafbe1\"];\n"
        ),
        "{dot}"
    );
    // Graphviz draws the title exactly as written (the SVG escapes it as XML).
    let Some((code, svg)) = graphviz(&dot) else {
        return;
    };
    assert_eq!(code, Some(0));
    let shown: Vec<String> = svg
        .split("<text")
        .skip(1)
        .filter_map(|t| Some(t.split_once('>')?.1.split_once("</text>")?.0))
        .map(|t| {
            t.replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#45;", "-")
                .replace("&amp;", "&")
        })
        .collect();
    assert!(shown.iter().any(|t| t == TITLE), "{shown:#?}");
}

/// A title holding a Mermaid directive (`%%{init: …}%%`, which would set the theme and
/// CSS that hides every box) stays text: `%`, `{` and `}` are written as entity codes, so
/// no plan text forms a directive or a comment; DOT quotes them as they are.
#[test]
fn a_title_cannot_hold_a_mermaid_directive() {
    const TITLE: &str = r#"%%{init: {"theme": "dark", "themeCSS": ".node {display: none}"}}%%"#;
    let text = std::fs::read_to_string(PLAN)
        .unwrap()
        .replace("title = \"Ship faster\"", &format!("title = '{TITLE}'"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("northstar.toml");
    std::fs::write(&path, text).unwrap();
    let run = |format: &str| {
        let out = common::bin()
            .args(["-f", path.to_str().unwrap(), "--as-of", "2026-11-20"])
            .args(["tree", "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}");
        assert_eq!(String::from_utf8(out.stderr).unwrap(), "", "{format}");
        String::from_utf8(out.stdout).unwrap()
    };
    let mermaid = run("mermaid");
    assert!(
        mermaid.contains(
            "\n    n_eng_speed[\"#37;#37;#123;init: #123;#quot;theme#quot;: #quot;dark#quot;, #quot;themeCSS#quot;: #quot;.node #123;display: none#125;#quot;#125;#125;#37;#37;<br/>objective eng-speed · 61#37; · ● on-track · cto\"]:::good\n"
        ),
        "{mermaid}"
    );
    assert!(!mermaid.contains(['%', '{', '}']), "{mermaid}");
    let dot = run("dot");
    assert!(
        dot.contains(
            "\n    \"eng-speed\" [label=\"%%{init: {\\\"theme\\\": \\\"dark\\\", \\\"themeCSS\\\": \\\".node {display: none}\\\"}}%%\\nobjective eng-speed · 61% · ● on-track · cto\", fillcolor=\"#dafbe1\"];\n"
        ),
        "{dot}"
    );
}

/// Issue 21, item 11: a chain of 12,000 objectives, each the parent of the next, overflowed
/// the stack of `tree` (the walk and every renderer recursed once a level). The tree is
/// refused past `MAX_LEVELS` (100) with the fix, in every format, and `--depth` draws it;
/// every other view of the chain prints, each line within 80 columns. Run as a process: a
/// stack overflow aborts, and must not take the test harness with it.
#[test]
fn a_chain_12000_objectives_deep_is_refused_with_the_fix_not_a_stack_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let mut plan = String::from(
        "[plan]\nname = \"Deep\"\n\n[[pillar]]\nid = \"p\"\nname = \"P\"\nowner = \"ann\"\n",
    );
    for i in 0..12_000 {
        let above = if i == 0 {
            "pillar = \"p\"".to_string()
        } else {
            format!("parent = \"o{}\"", i - 1)
        };
        write!(
            plan,
            "\n[[objective]]\nid = \"o{i}\"\ntitle = \"Objective {i}\"\nperiod = \"2026-Q4\"\n\
             owner = \"ann\"\n{above}\n\n[[objective.key_result]]\nid = \"k{i}\"\n\
             title = \"Key result {i}\"\nmilestone = true\n"
        )
        .unwrap();
    }
    let path = dir.path().join("northstar.toml");
    std::fs::write(&path, plan).unwrap();
    let run = |args: &[&str]| {
        let out = common::std_bin()
            .args(["-f", path.to_str().unwrap(), "--as-of", "2026-10-01"])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (code, stdout, stderr) = run(&["tree", "--format", "json"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(stdout, "");
    assert_eq!(
        stderr
            .lines()
            .skip_while(|l| l.starts_with("warning"))
            .collect::<Vec<_>>(),
        [
            "error: the alignment is more than 100 levels deep (it goes on below `o99`): \
             `tree` draws at most 100 levels",
            "help: pass `--depth 100` or less, or start lower down: `northstar tree o99`",
        ]
    );
    // The other walks over the alignment (validation's cycle search, the roll-up, the
    // review's and the tables' tree order) iterate: every view of the chain prints, its
    // indentation capped (8 levels), so each line fits 80 columns and the output grows
    // linearly.
    for args in [
        &["check"][..],
        &["status"],
        &["okrs"],
        &["review"],
        &["show", "o11999"],
        &["tree", "o11990"],
    ] {
        let (code, stdout, stderr) = run(args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        if args[0] != "check" {
            assert!(stdout.contains("o11999"), "{args:?}");
        }
        let widest = stdout.lines().map(|l| l.chars().count()).max();
        assert!(widest <= Some(80), "{args:?}: {widest:?}");
    }
    let (code, stdout, stderr) = run(&["tree", "--depth", "3"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        stdout,
        "Deep · 2026-Q4 · as of 2026-10-01
░░░░░░░░░░   0%  ○ no-data      pillar p — P · ann
░░░░░░░░░░   0%  ○ no-data      └── objective o0 — Objective 0 · ann
░░░░░░░░░░   0%  ○ no-data          ├── key result k0 — Key result 0
░░░░░░░░░░   0%  ○ no-data          └── objective o1 — Objective 1 · ann
░░░░░░░░░░   0%  ○ no-data              ├── key result k1 — Key result 1
░░░░░░░░░░   0%  ○ no-data              └── objective o2 — Objective 2 · ann
"
    );
}

/// Issue 21, item 17: a child objective of another period (`next-quarter`, 2027-Q1, under
/// `eng-speed`) is drawn under its parent in 2026-Q4, marked in every format, without a
/// standing or children, and counts nowhere: its parent's progress is the roll-up's.
#[test]
fn a_child_outside_the_period_is_drawn_marked_and_counted_nowhere() {
    let whole: Tree = serde_json::from_str(&stdout(&["--format", "json"])).unwrap();
    let eng_speed = whole.roots[0]
        .node
        .child("velocity")
        .child("company")
        .child("eng-speed");
    assert_eq!(
        eng_speed.child("next-quarter"),
        &Branch::Node(Node {
            id: "next-quarter".into(),
            kind: "objective".into(),
            title: "Next quarter's follow-up".into(),
            progress: None,
            status: None,
            owner: Some("ahmed".into()),
            children: Vec::new(),
            outside_period: Some("2027-Q1".into()),
        })
    );
    // Listed last: after the children in the period.
    assert!(matches!(
        eng_speed.node().children.last(),
        Some(Branch::Node(n)) if n.id == "next-quarter"
    ));
    let report = common::status_json(PLAN, "2026-11-20", &[]);
    let row = common::objective_row(&report, "eng-speed");
    assert_eq!(eng_speed.node().progress, row["progress"].as_f64());
    assert!(
        report["objectives"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["id"] != "next-quarter")
    );
    // Every other format marks it.
    let wide = common::northstar_columns(
        200,
        &["-f", PLAN, "--as-of", "2026-11-20", "tree", "eng-speed"],
    );
    assert!(
        wide.stdout.contains(
            "              —  —              └── objective next-quarter — \
             Next quarter's follow-up · ahmed (2027-Q1, outside 2026-Q4)\n"
        ),
        "{}",
        wide.stdout
    );
    for (format, expected) in [
        (
            "markdown",
            "- objective **next-quarter** — Next quarter's follow-up · ahmed · \
             *2027-Q1, outside the period*\n",
        ),
        (
            "mermaid",
            "    n_next_quarter[\"Next quarter's follow-up<br/>objective next-quarter · ahmed · \
             2027-Q1, outside the period\"]:::outside\n",
        ),
        (
            "dot",
            "    \"next-quarter\" [label=\"Next quarter's follow-up\\nobjective next-quarter · \
             ahmed · 2027-Q1, outside the period\", style=\"rounded,dotted\", \
             fontcolor=\"#57606a\"];\n",
        ),
    ] {
        let out = stdout(&["eng-speed", "--format", format]);
        assert!(out.contains(expected), "{format}:\n{out}");
    }
}
