//! `tree --format dot`: the alignment as a Graphviz digraph, for `dot -Tsvg` (or `-Tpng`).
//! Each entity is one box named by its id (a shared objective is one box with an edge from
//! each parent); an ancestor path is drawn dashed; boxes are filled by status; a child of
//! another period is a dotted box saying so (`2027-Q1, outside the period`).
//!
//! Every name and label goes through [`quoted`], the one escaping function, tested.

use std::io::{self, Write};

use super::tree::{Graph, Tone, Vertex};
use crate::analysis::tree::Tree;

/// Writes `tree` as one `digraph`, left to right.
pub fn write(tree: &Tree, out: &mut dyn Write) -> io::Result<()> {
    let graph = Graph::of(tree);
    writeln!(out, "digraph alignment {{")?;
    writeln!(out, "    rankdir=LR;")?;
    writeln!(
        out,
        "    node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\"];"
    )?;
    for vertex in &graph.vertices {
        let [title, facts] = vertex.lines();
        // `\n` between the quoted pieces: Graphviz's own line break, centred.
        let label = format!("{}\\n{}", inner(&quoted(&title)), inner(&quoted(&facts)));
        let style = match (vertex, vertex.tone()) {
            (Vertex::Ancestor(_), _) => ", style=\"rounded,dashed,filled\", fillcolor=\"#f6f8fa\"",
            _ if vertex.outside() => ", style=\"rounded,dotted\", fontcolor=\"#57606a\"",
            (_, Some(Tone::Good)) => ", fillcolor=\"#dafbe1\"",
            (_, Some(Tone::Warning)) => ", fillcolor=\"#fff8c5\"",
            (_, Some(Tone::Bad)) => ", fillcolor=\"#ffebe9\"",
            (_, None) => "",
        };
        writeln!(
            out,
            "    {} [label=\"{label}\"{style}];",
            quoted(vertex.id())
        )?;
    }
    for edge in &graph.edges {
        let style = if edge.ancestry { " [style=dashed]" } else { "" };
        writeln!(
            out,
            "    {} -> {}{style};",
            quoted(graph.vertices[edge.from].id()),
            quoted(graph.vertices[edge.to].id())
        )?;
    }
    writeln!(out, "}}")
}

/// `text` as a DOT double-quoted string that Graphviz shows exactly as written: hidden
/// characters dropped, line breaks folded to spaces, `\` and `"` escaped with a backslash
/// (so `\n`, `\l`, `\N` and the like in the text stay text), and `&` written `&amp;`
/// (Graphviz reads HTML entities such as `&lt;` inside any label).
#[must_use]
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in crate::text::sanitize(&text.replace(['\n', '\r'], " ")).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A [`quoted`] string without its quotes, to join pieces inside one label.
fn inner(quoted: &str) -> &str {
    &quoted[1..quoted.len() - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_keeps_the_text_as_written() {
        assert_eq!(quoted("lead-time"), "\"lead-time\"");
        assert_eq!(quoted("Ship \"v2\""), "\"Ship \\\"v2\\\"\"");
        assert_eq!(quoted("a\\nb \\N"), "\"a\\\\nb \\\\N\"");
        assert_eq!(quoted("x &lt; y & z"), "\"x &amp;lt; y &amp; z\"");
        assert_eq!(quoted("two\nlines"), "\"two lines\"");
        assert_eq!(quoted("a\x1b[31mb\u{202e}c"), "\"a[31mbc\"");
        assert_eq!(quoted("ends in \\"), "\"ends in \\\\\"");
        assert_eq!(quoted("} digraph { ●"), "\"} digraph { ●\"");
        assert_eq!(inner(&quoted("\"")), "\\\"");
    }
}
