//! Diagnostics as people read them: rustc-style text through annotate-snippets (a caret
//! under the exact span, related places, `help:`), and the one-line summaries.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::source::{SourceFile, Sources};
use super::{Code, Diagnostic, FileId, Label, Severity, Tally};
use crate::text::{plural, sanitize};

/// Renders diagnostics rustc-style: `error[code]: message`, then `--> file:line:col`, the
/// source line and a caret under the exact span, related places, and `help:` lines.
/// Ends with a summary line when there is anything to report.
///
/// A snippet quotes only the lines around its labels; a related place more than 20 lines
/// away in the same file gets a snippet of its own (`::: file:line:col`), as one in another
/// file does. So each diagnostic costs the lines it shows, and the whole rendering is
/// linear in the number of diagnostics.
///
/// `color` turns on ANSI styling. Writes only to `out`.
pub fn render_human(
    out: &mut dyn std::io::Write,
    sources: &Sources,
    diagnostics: &[Diagnostic],
    color: bool,
) -> std::io::Result<()> {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for diagnostic in diagnostics {
        let text = renderer.render(&report_groups(sources, diagnostic));
        // annotate-snippets makes C0 controls, DEL and bidirectional controls visible, but
        // passes C1 controls (U+009B is an 8-bit CSI to some terminals) through.
        let text = text.replace(|c: char| ('\u{80}'..='\u{9f}').contains(&c), "\u{fffd}");
        writeln!(out, "{text}\n")?;
    }
    let tally = Tally::of(diagnostics);
    if tally.errors > 0 || tally.warnings > 0 {
        writeln!(out, "{}", summary_line(tally))?;
    }
    Ok(())
}

/// `error: 2 errors and 1 warning found`, or `warning: 3 warnings found`.
#[must_use]
pub fn summary_line(tally: Tally) -> String {
    match (tally.errors, tally.warnings) {
        (0, w) => format!("warning: {} found", plural(w, "warning")),
        (e, 0) => format!("error: {} found", plural(e, "error")),
        (e, w) => format!(
            "error: {} and {} found",
            plural(e, "error"),
            plural(w, "warning")
        ),
    }
}

fn report_groups<'a>(sources: &'a Sources, diagnostic: &'a Diagnostic) -> Vec<Group<'a>> {
    let level = match diagnostic.severity() {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group = Group::with_title(
        level
            .primary_title(diagnostic.message.as_str())
            .id(diagnostic.code.as_str()),
    );
    // One snippet per file, in order of first mention: the primary file first.
    let mut labels: Vec<(&Label, AnnotationKind)> = Vec::new();
    if let Some(primary) = &diagnostic.primary {
        labels.push((primary, AnnotationKind::Primary));
    }
    labels.extend(
        diagnostic
            .secondary
            .iter()
            .map(|l| (l, AnnotationKind::Context)),
    );
    let mut files: Vec<FileId> = Vec::new();
    for (label, _) in &labels {
        if !files.contains(&label.loc.file) {
            files.push(label.loc.file);
        }
    }
    for file_id in files {
        let file = sources.get(file_id);
        // The text and labels are escaped by annotate-snippets; the path is printed as is.
        let path = sanitize(&file.path.display().to_string());
        let here = labels
            .iter()
            .copied()
            .filter(|(l, _)| l.loc.file == file_id);
        for cluster in clusters(file, here) {
            let lines = file.lines_span(cluster.first_line, cluster.last_line);
            let mut snippet = Snippet::source(&file.text[lines.clone()])
                .line_start(cluster.first_line + 1)
                .path(path.clone())
                .fold(true);
            for (span, label, kind) in cluster.labels {
                let span = span.start - lines.start..span.end - lines.start;
                snippet = snippet.annotation(kind.span(span).label(label.message.as_str()));
            }
            group = group.element(snippet);
        }
    }
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    vec![group]
}

/// Labels more than this many lines apart in one file get snippets of their own (close
/// enough, they share one, with `...` for the lines between).
const CLUSTER_GAP_LINES: usize = 20;

/// Labels of one file close enough to share a snippet, and the lines (0-based) it shows.
struct Cluster<'a> {
    first_line: usize,
    last_line: usize,
    labels: Vec<(Range<usize>, &'a Label, AnnotationKind)>,
}

/// Groups a file's labels into [`Cluster`]s: a snippet holds only the lines from its first
/// label to its last, so rendering a diagnostic costs the lines around its labels, never the
/// whole file (one snippet holding the file made `check` quadratic in the number of
/// diagnostics). The cluster holding the primary label comes first; it names the position.
fn clusters<'a>(
    file: &SourceFile,
    labels: impl Iterator<Item = (&'a Label, AnnotationKind)>,
) -> Vec<Cluster<'a>> {
    let mut placed: Vec<(usize, usize, Range<usize>, &'a Label, AnnotationKind)> = labels
        .map(|(label, kind)| {
            let span = clamp_span(&file.text, &label.loc.span);
            let mut first = file.line_index(span.start);
            // A span at the very end of a file ending in a newline belongs to its last line.
            if first > 0 && span.start == file.text.len() && file.text.ends_with('\n') {
                first -= 1;
            }
            let last = file.line_index(span.end).max(first);
            (first, last, span, label, kind)
        })
        .collect();
    placed.sort_by_key(|p| p.0);
    let mut out: Vec<Cluster<'a>> = Vec::new();
    for (first, last, span, label, kind) in placed {
        match out.last_mut() {
            Some(c) if first <= c.last_line + CLUSTER_GAP_LINES => {
                c.last_line = c.last_line.max(last);
                c.labels.push((span, label, kind));
            }
            _ => out.push(Cluster {
                first_line: first,
                last_line: last,
                labels: vec![(span, label, kind)],
            }),
        }
    }
    if let Some(i) = out.iter().position(|c| {
        c.labels
            .iter()
            .any(|(_, _, k)| matches!(k, AnnotationKind::Primary))
    }) {
        let primary = out.remove(i);
        out.insert(0, primary);
    }
    out
}

/// Keeps a span inside the text and on character boundaries, so that a
/// renderer never slices in the middle of a character.
fn clamp_span(text: &str, span: &Range<usize>) -> Range<usize> {
    let mut start = span.start.min(text.len());
    let mut end = span.end.min(text.len()).max(start);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// One line on stderr for reports when the plan has warnings:
/// `warning: 3 warnings (2 stale-key-result, 1 overdue-bet); run `northstar check` for details`.
#[must_use]
pub fn warning_summary(diagnostics: &[Diagnostic]) -> String {
    let mut counts: Vec<(Code, usize)> = Vec::new();
    for d in diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Warning)
    {
        match counts.iter_mut().find(|(c, _)| *c == d.code) {
            Some((_, n)) => *n += 1,
            None => counts.push((d.code, 1)),
        }
    }
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let parts: Vec<String> = counts.iter().map(|(c, n)| format!("{n} {c}")).collect();
    format!(
        "warning: {} ({}); run `northstar check` for details",
        plural(total, "warning"),
        parts.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_names_both_counts() {
        assert_eq!(
            summary_line(Tally {
                errors: 2,
                warnings: 1
            }),
            "error: 2 errors and 1 warning found"
        );
    }
}
