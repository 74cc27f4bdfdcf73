//! `tree --format mermaid`: a fenced ```` ```mermaid ```` flowchart that GitHub renders when
//! it is pasted into Markdown (an issue, a pull request, a wiki page, a `.md` file). Each
//! entity is one box (a shared objective is one box with an arrow from each parent); an
//! ancestor path is drawn with dashed arrows; boxes are coloured by status; a child of
//! another period is a dotted grey box saying so (`2027-Q1, outside the period`).
//!
//! Mermaid's own syntax is kept out of the plan's text by two functions, each tested:
//! [`node_id`] (what names a box) and [`label`] (what it says).

use std::collections::HashSet;
use std::io::{self, Write};

use super::tree::{Graph, Tone, Vertex};
use crate::analysis::tree::Tree;

/// The class names and styles of the coloured boxes (GitHub's Primer palette, readable in
/// light and dark mode).
const CLASSES: [(&str, &str); 5] = [
    ("good", "fill:#dafbe1,stroke:#1a7f37,color:#1f2328"),
    ("warning", "fill:#fff8c5,stroke:#9a6700,color:#1f2328"),
    ("bad", "fill:#ffebe9,stroke:#cf222e,color:#1f2328"),
    (
        "ancestor",
        "fill:#f6f8fa,stroke:#8c959f,color:#1f2328,stroke-dasharray:4 3",
    ),
    (
        "outside",
        "fill:#ffffff,stroke:#8c959f,color:#57606a,stroke-dasharray:2 2",
    ),
];

/// Writes `tree` as a fenced Mermaid flowchart, left to right.
pub fn write(tree: &Tree, out: &mut dyn Write) -> io::Result<()> {
    let graph = Graph::of(tree);
    writeln!(out, "```mermaid")?;
    writeln!(out, "flowchart LR")?;
    let mut taken = HashSet::new();
    let ids: Vec<String> = graph
        .vertices
        .iter()
        .map(|v| node_id(v.id(), &mut taken))
        .collect();
    for (i, vertex) in graph.vertices.iter().enumerate() {
        let [title, facts] = vertex.lines();
        let class = match (vertex, vertex.tone()) {
            (Vertex::Ancestor(_), _) => ":::ancestor",
            _ if vertex.outside() => ":::outside",
            (_, Some(Tone::Good)) => ":::good",
            (_, Some(Tone::Warning)) => ":::warning",
            (_, Some(Tone::Bad)) => ":::bad",
            (_, None) => "",
        };
        writeln!(
            out,
            "    {}[\"{}<br/>{}\"]{class}",
            ids[i],
            label(&title),
            label(&facts)
        )?;
    }
    for edge in &graph.edges {
        let arrow = if edge.ancestry { "-.->" } else { "-->" };
        writeln!(out, "    {} {arrow} {}", ids[edge.from], ids[edge.to])?;
    }
    for (name, style) in CLASSES {
        writeln!(out, "    classDef {name} {style}")?;
    }
    writeln!(out, "```")
}

/// A Mermaid node id for the plan id `id`, unique among `taken` (which it joins): `n_`
/// and the id with every character outside `[A-Za-z0-9_]` made `_` (the prefix keeps it
/// off Mermaid's keywords, `end` above all, and off a leading digit). Ids that come out
/// alike (`a-b`, `a.b`) get `_2`, `_3`, ... in the order they are asked for, so the same
/// tree always gets the same ids.
#[must_use]
pub fn node_id(id: &str, taken: &mut HashSet<String>) -> String {
    let base: String = std::iter::once("n_".to_string())
        .chain(id.chars().map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c.to_string()
            } else {
                "_".to_string()
            }
        }))
        .collect();
    let mut candidate = base.clone();
    let mut n = 1;
    while taken.contains(&candidate) {
        n += 1;
        candidate = format!("{base}_{n}");
    }
    taken.insert(candidate.clone());
    candidate
}

/// Text for inside a quoted Mermaid label (`id["…"]`): hidden characters dropped, line
/// breaks folded to spaces, and every character Mermaid or the HTML it renders to would
/// read as syntax written as a Mermaid entity code: `"` `#quot;`, `#` `#35;`, `&` `#amp;`,
/// `<` `#lt;`, `>` `#gt;`, a backtick (which would open a Markdown string) `#96;`, and
/// `%` `#37;`, `{` `#123;`, `}` `#125;`, so that no plan text forms a `%%{init: …}%%`
/// directive (which sets the theme and CSS of the whole diagram) or a `%%` comment.
/// Mermaid turns `#name;` and `#number;` into `&name;` and `&#number;` before it draws, so
/// the label reads as written.
#[must_use]
pub fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::text::sanitize(&text.replace(['\n', '\r'], " ")).chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '%' => out.push_str("#37;"),
            '{' => out.push_str("#123;"),
            '}' => out.push_str("#125;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_ids_are_safe_and_stable_on_collision() {
        let mut taken = HashSet::new();
        let ids: Vec<String> = [
            "lead-time",
            "lead.time",
            "lead_time",
            "end",
            "9lives",
            "lead-time",
        ]
        .iter()
        .map(|id| node_id(id, &mut taken))
        .collect();
        assert_eq!(
            ids,
            [
                "n_lead_time",
                "n_lead_time_2",
                "n_lead_time_3",
                "n_end",
                "n_9lives",
                "n_lead_time_4"
            ]
        );
        // A suffix never lands on an id already taken by a real one.
        let mut taken = HashSet::new();
        let ids: Vec<String> = ["a.b", "a-b", "a-b-2", "a-b-3"]
            .iter()
            .map(|id| node_id(id, &mut taken))
            .collect();
        assert_eq!(ids, ["n_a_b", "n_a_b_2", "n_a_b_2_2", "n_a_b_3"]);
    }

    #[test]
    fn labels_keep_their_text_and_lose_their_syntax() {
        assert_eq!(label("Ship \"v2\" fast"), "Ship #quot;v2#quot; fast");
        assert_eq!(
            label("<b>bold</b> & #1; `code`"),
            "#lt;b#gt;bold#lt;/b#gt; #amp; #35;1; #96;code#96;"
        );
        assert_eq!(label("two\nlines\r\n"), "two lines  ");
        assert_eq!(label("a\x1b[31mb\u{202e}c"), "a[31mbc");
        assert_eq!(label("]) --> x[(\"y"), "]) --#gt; x[(#quot;y");
        assert_eq!(label("Déploiement ● 42%"), "Déploiement ● 42#37;");
        assert_eq!(
            label("%%{init: {'theme':'dark'}}%%"),
            "#37;#37;#123;init: #123;'theme':'dark'#125;#125;#37;#37;"
        );
    }
}
