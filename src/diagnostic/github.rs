//! Diagnostics as GitHub Actions workflow commands (`::error file=…::message`), which
//! GitHub shows as annotations on the pull request's lines.

use super::source::Sources;
use super::{Diagnostic, Severity};
use crate::text::sanitize;

/// Escapes text for a GitHub Actions workflow command: `%`, CR and LF always, and in
/// property values also `:` and `,` (GitHub's `toolkit/core` `escapeData`/`escapeProperty`).
/// Any other character no output shows as it is ([`crate::text::is_hidden`]) becomes
/// U+FFFD `�`.
fn github_escape(text: &str, property: bool) -> String {
    let mut out = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace(crate::text::is_hidden, "\u{fffd}");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// Diagnostics as GitHub Actions annotations, one line each:
/// `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE::message`
/// (`::warning` for warnings; no location properties for plan-wide problems). Control
/// characters are removed from the file name, message and help (`crate::text::sanitize`).
#[must_use]
pub fn github_annotations(sources: &Sources, diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            let level = match d.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut props = Vec::new();
            if let Some(primary) = &d.primary {
                let p = sources.position(&primary.loc);
                props.push(format!("file={}", github_escape(&sanitize(&p.file), true)));
                props.push(format!("line={}", p.line));
                props.push(format!("col={}", p.column));
                props.push(format!("endLine={}", p.end_line));
                props.push(format!("endColumn={}", p.end_column));
            }
            props.push(format!("title={}", d.code.as_str()));
            let mut message = sanitize(&d.message);
            if let Some(help) = &d.help {
                message = format!("{message}\nhelp: {}", sanitize(help));
            }
            format!(
                "::{level} {}::{}",
                props.join(","),
                github_escape(&message, false)
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_annotations_show_hidden_characters_as_replacement_characters() {
        assert_eq!(
            github_escape("a\u{202e}b\u{9b}1m\u{200b}%\n:,", false),
            "a\u{fffd}b\u{fffd}1m\u{fffd}%25%0A:,"
        );
        assert_eq!(github_escape("f:1,2", true), "f%3A1%2C2");
    }
}
