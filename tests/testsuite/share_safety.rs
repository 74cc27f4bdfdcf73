//! What a hostile plan can do to the outputs meant for people who never open a terminal
//! (issue 24): the digest in every format, every page of the site and its Atom feed. The
//! plan's titles, names, owners, notes, reasons and outcomes all hold an OSC-8 hyperlink
//! (`ESC ]8;;http://evil BEL`), a newline followed by `::error::forged` (a GitHub Actions
//! command, were it to start a line of a CI log), Slack's `<!channel>` and `<http://x|y>`,
//! an HTML `<script>`, and XML's `]]>` and `&`. No output holds a control character other
//! than a line break; `::error::` never starts a line; Slack's mrkdwn text is escaped; the
//! HTML and the feed are escaped, and the feed parses as XML with the text intact.

use std::path::Path;

use crate::common::northstar;

/// The hostile text, as a TOML basic string's content (TOML decodes the escapes).
const HOSTILE: &str = r"\u001B]8;;http://evil\u0007click\u001B]8;;\u0007 <!channel> <http://x|y> <script>alert(1)</script> ]]> & co\n::error::forged";

/// [`HOSTILE`] as every text output shows it: the control characters dropped.
const SHOWN: &str = "]8;;http://evilclick]8;; <!channel> <http://x|y> <script>alert(1)</script> ]]> & co::error::forged";

/// A plan as of 2026-11-20 whose every text holds `{h}`: a check-in, a goalpost change and
/// a bet decision in the last 30 days, an off-track and a stale key result, a bet due.
const PLAN: &str = r#"[plan]
name = "Evil {h}"

[north_star]
id = "ns"
name = "North {h}"
baseline = 0
target = 100
owner = "nina {h}"

[[pillar]]
id = "p1"
name = "One {h}"

[[pillar]]
id = "p2"
name = "Two"

[[team]]
id = "web"
name = "Web {h}"
lead = "lea {h}"

[[objective]]
id = "o1"
title = "Objective {h}"
pillar = "p1"
team = "web"
period = "2026-Q4"
owner = "ann {h}"

[[objective.key_result]]
id = "k1"
title = "Key result {h}"
baseline = 0
target = 10

[[objective.key_result]]
id = "k2"
title = "Stale {h}"
baseline = 0
target = 10
owner = "bo {h}"

[[bet]]
id = "b1"
title = "Bet {h}"
pillar = "p1"
risk = "adjacent"
appetite_weeks = 2
hypothesis = "Hypothesis {h}"
success = "Success {h}"
kill = "Kill {h}"
status = "validated"
owner = "cy {h}"
decide_by = 2026-11-10
decided = 2026-11-12
outcome = "Outcome {h}"
learnings = "Learnings {h}"

[[bet]]
id = "b2"
title = "Due {h}"
pillar = "p1"
risk = "core"
appetite_weeks = 2
hypothesis = "H"
success = "S"
kill = "K"
status = "running"
owner = "cy {h}"
decide_by = 2026-11-25

[[checkin]]
metric = "k1"
date = 2026-10-01
value = 6
confidence = 0.9

[[checkin]]
metric = "k1"
date = 2026-11-16
value = 2
confidence = 0.2
by = "dee {h}"
note = "Note {h}"

[[checkin]]
metric = "ns"
date = 2026-11-17
value = 40
note = "NS {h}"
source = "file:x.csv {h}"

[[change]]
id = "k1"
field = "target"
from = 8
to = 10
date = 2026-11-15
by = "eve {h}"
reason = "Reason {h}"
"#;

/// The hostile plan in a fresh temporary directory, and its main file.
fn hostile_plan() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("northstar.toml");
    std::fs::write(&path, PLAN.replace("{h}", HOSTILE)).unwrap();
    let path = path.to_str().unwrap().to_string();
    (dir, path)
}

/// No control character but a line break in `text`, no line starting with `::error::`,
/// and the hostile text did reach it (so the checks are not vacuous).
fn assert_safe(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|&c| c.is_control() && c != '\n') {
        panic!("{what}: control character {c:?}");
    }
    for line in text.lines() {
        assert!(
            !line.trim_start().starts_with("::error::"),
            "{what}: a line starts a workflow command: {line}"
        );
    }
    assert!(
        text.contains("::error::forged"),
        "{what}: the plan's text is not in it"
    );
}

/// HTML or XML in which the hostile text is escaped: no `<script`, `<!channel>` or
/// `<http` of the plan's, its `<script>` shown as text.
fn assert_escaped(what: &str, markup: &str) {
    assert!(!markup.to_lowercase().contains("<script"), "{what}");
    assert!(
        !markup.contains("<!channel") && !markup.contains("<http"),
        "{what}"
    );
    assert!(
        markup.contains("&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; co"),
        "{what}"
    );
}

/// The string values of `value`, recursively, with the object each is in.
fn texts<'a>(
    value: &'a serde_json::Value,
    parent: Option<&'a serde_json::Value>,
    into: &mut Vec<(&'a str, Option<&'a serde_json::Value>)>,
) {
    match value {
        serde_json::Value::String(s) => into.push((s, parent)),
        serde_json::Value::Array(items) => items.iter().for_each(|v| texts(v, parent, into)),
        serde_json::Value::Object(map) => map.values().for_each(|v| texts(v, Some(value), into)),
        _ => {}
    }
}

#[test]
fn the_digest_is_safe_in_every_format() {
    let (_dir, plan) = hostile_plan();
    let digest = |format: &str| {
        let r = northstar(&[
            "-f",
            &plan,
            "--as-of",
            "2026-11-20",
            "digest",
            "--since",
            "30d",
            "--format",
            format,
        ]);
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        assert!(
            !r.stderr.contains(['\u{1b}', '\u{7}']),
            "{format}: {}",
            r.stderr
        );
        r.stdout
    };
    for format in ["table", "text", "markdown", "html", "json", "slack"] {
        assert_safe(&format!("digest --format {format}"), &digest(format));
    }
    assert_escaped("digest --format html", &digest("html"));
    assert!(!digest("markdown").contains("<script"));
    // JSON keeps the text, control characters escaped.
    let json: serde_json::Value = serde_json::from_str(&digest("json")).unwrap();
    let mut all = Vec::new();
    texts(&json, None, &mut all);
    assert!(
        all.iter()
            .any(|(s, _)| s.contains("\u{1b}]8;;http://evil\u{7}"))
    );
    // Slack parses `<...>` (mentions, links) and `&` in mrkdwn text only: there every
    // one is escaped; a plain_text header shows the text as written, without controls.
    let slack: serde_json::Value = serde_json::from_str(&digest("slack")).unwrap();
    let mut all = Vec::new();
    texts(&slack, None, &mut all);
    let kind = |parent: Option<&serde_json::Value>| {
        parent
            .and_then(|p| p["type"].as_str())
            .unwrap_or("")
            .to_string()
    };
    let mrkdwn: Vec<&str> = all
        .iter()
        .filter(|(_, p)| kind(*p) == "mrkdwn")
        .map(|(s, _)| *s)
        .collect();
    assert!(mrkdwn.iter().any(|s| s.contains(
        "&lt;!channel&gt; &lt;http://x|y&gt; &lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; co::error::forged"
    )));
    for s in &mrkdwn {
        assert!(!s.contains('<') && !s.contains('>'), "{s}");
        assert!(!s.contains("& "), "{s}");
    }
    let header = all
        .iter()
        .find(|(_, p)| kind(*p) == "plain_text")
        .map(|(s, _)| *s)
        .unwrap();
    assert_eq!(
        header,
        format!("Digest: Evil {SHOWN}, 2026-10-22 to 2026-11-20")
    );
}

/// Every file under `dir` with its text.
fn site_files(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                out.push((name, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_site_and_its_feed_are_safe() {
    let (dir, plan) = hostile_plan();
    let site = dir.path().join("public");
    let r = northstar(&[
        "-f",
        &plan,
        "--as-of",
        "2026-11-20",
        "site",
        "-o",
        site.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let files = site_files(&site);
    let pages: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for page in [
        "bet/b1.html",
        "kr/k1.html",
        "metric/ns.html",
        "objective/o1.html",
        "team/web.html",
    ] {
        assert!(pages.contains(&page), "{pages:?}");
    }
    for (name, text) in &files {
        if name == "style.css" {
            continue;
        }
        assert_safe(name, text);
        assert_escaped(name, text);
    }
    // The feed is well-formed XML and its text reads back as the plan wrote it, less the
    // control characters.
    let feed = &files.iter().find(|(n, _)| n == "feed.xml").unwrap().1;
    let doc = roxmltree::Document::parse(feed).unwrap();
    let root = doc.root_element();
    let child = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .map(str::to_string)
    };
    assert_eq!(
        child(root, "title").unwrap(),
        format!("Evil {SHOWN} · 2026-Q4")
    );
    let summaries: Vec<String> = root
        .children()
        .filter(|c| c.has_tag_name("entry"))
        .filter_map(|e| child(e, "summary"))
        .collect();
    assert!(
        summaries.contains(&format!("Reason {SHOWN}")),
        "{summaries:?}"
    );
    assert!(
        summaries.contains(&format!("Outcome {SHOWN}")),
        "{summaries:?}"
    );
}
