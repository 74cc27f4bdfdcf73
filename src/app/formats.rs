//! The output formats, their names and file extensions, and the choice of one for a run
//! (`--format`, else the `-o FILE` extension, else the command's default) among those the
//! command table (`app::table`) gives the command.

use std::fmt;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Text for a terminal: tables in the `--style` chosen, fitted to the width (the
    /// review packet and `diff` as an outline of headings, paragraphs and such tables).
    Table,
    /// One pretty-printed JSON document (the contract in docs/output.md).
    Json,
    /// RFC 4180 CSV, one row per entity, spreadsheet-safe.
    Csv,
    /// GitHub-flavoured Markdown, to paste into a PR, an issue or a wiki.
    Markdown,
    /// One self-contained HTML page.
    Html,
    /// rustc-style diagnostics with source lines and carets (`check`).
    Human,
    /// GitHub Actions workflow commands (`check`).
    Github,
    /// A fenced Mermaid flowchart, which GitHub renders inside Markdown (`tree`).
    Mermaid,
    /// A Graphviz DOT digraph, for `dot -Tsvg` (`tree`).
    Dot,
}

impl Format {
    /// The name used on the command line (`--format NAME`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Human => "human",
            Format::Github => "github",
            Format::Mermaid => "mermaid",
            Format::Dot => "dot",
        }
    }

    /// One line for `--help`.
    #[must_use]
    pub fn description(self) -> &'static str {
        match self {
            Format::Table => "Text for the terminal",
            Format::Json => "One JSON document (the contract in docs/output.md)",
            Format::Csv => "RFC 4180 CSV, one row per entity, spreadsheet-safe",
            Format::Markdown => "GitHub-flavoured Markdown, to paste into a PR, an issue or a wiki",
            Format::Html => "One self-contained HTML page, to print or publish",
            Format::Human => "rustc-style text with source lines and carets",
            Format::Github => {
                "GitHub Actions workflow commands (`::error file=...,line=...::message`)"
            }
            Format::Mermaid => {
                "A fenced Mermaid flowchart that renders when pasted into GitHub Markdown"
            }
            Format::Dot => "Graphviz DOT, for `dot -Tsvg`",
        }
    }

    /// Every format, in the order help lists extensions in.
    pub const ALL: [Format; 9] = [
        Format::Table,
        Format::Json,
        Format::Csv,
        Format::Markdown,
        Format::Html,
        Format::Human,
        Format::Github,
        Format::Mermaid,
        Format::Dot,
    ];

    /// The file extensions that name this format, the usual one first (`md`, `markdown`;
    /// `txt` for text). Mermaid has none: its output is a fenced block for Markdown, which
    /// `.mmd` files do not hold; `human` and `github` are not written to files.
    #[must_use]
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Table => &["txt"],
            Format::Json => &["json"],
            Format::Csv => &["csv"],
            Format::Markdown => &["md", "markdown"],
            Format::Html => &["html", "htm"],
            Format::Dot => &["dot", "gv"],
            Format::Human | Format::Github | Format::Mermaid => &[],
        }
    }

    /// The format a file extension names (case-insensitive), by [`Format::extensions`].
    #[must_use]
    pub fn from_extension(extension: &str) -> Option<Format> {
        let extension = extension.to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.extensions().contains(&extension.as_str()))
    }

    /// The usual extension of a file in this format (`json`, `md`, …; `txt` for text and
    /// for the formats no file extension names).
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Format::Mermaid => "md",
            _ => self.extensions().first().copied().unwrap_or("txt"),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `a, b, c or d`.
fn listed(formats: &[Format]) -> String {
    match formats {
        [] => String::new(),
        [one] => one.name().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(|f| f.name()).collect();
            format!("{} or {}", init.join(", "), last.name())
        }
    }
}

/// The format to write, of those `allowed` (a command's, from the command table, its
/// default first): `--format` when given (one of the command's, which the command
/// line has checked), else the one the `-o` file's extension names, else the command's
/// default.
///
/// Errors (a usage error, with the fix): an extension that names no format, or a format
/// this command does not write.
pub fn resolve(
    allowed: &[Format],
    explicit: Option<&str>,
    output: Option<&std::path::Path>,
) -> Result<Format, String> {
    if let Some(name) = explicit {
        return allowed
            .iter()
            .copied()
            .find(|f| f.name() == name)
            .ok_or_else(|| {
                format!(
                    "this command does not write `{name}`\nhelp: pass --format {}",
                    listed(allowed)
                )
            });
    }
    let Some(path) = output else {
        return Ok(allowed[0]);
    };
    let extension = path.extension().and_then(|e| e.to_str());
    match extension.map(|e| (e, Format::from_extension(e))) {
        None => Ok(allowed[0]),
        Some((_, Some(format))) if allowed.contains(&format) => Ok(format),
        Some((e, found)) => {
            let what = match found {
                Some(format) => format!("`.{e}` is {format}, which this command does not write"),
                None => format!("cannot tell the format from the extension `.{e}`"),
            };
            Err(format!(
                "{what} (`{}`)\nhelp: pass --format {}",
                path.display(),
                listed(allowed)
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::table::spec;
    use std::path::Path;

    #[test]
    fn extension_inference_and_refusals() {
        let f = |w: &[&str], p: &str| resolve(spec(w).formats, None, Some(Path::new(p)));
        assert_eq!(f(&["okrs"], "a.CSV"), Ok(Format::Csv));
        assert_eq!(f(&["okrs"], "a.txt"), Ok(Format::Table));
        assert_eq!(f(&["okrs"], "noext"), Ok(Format::Table));
        assert_eq!(f(&["review"], "r.html"), Ok(Format::Html));
        assert_eq!(f(&["status"], "dashboard.html"), Ok(Format::Html));
        assert_eq!(
            f(&["okrs"], "r.html"),
            Err("`.html` is html, which this command does not write (`r.html`)\nhelp: pass --format table, json, csv or markdown".into())
        );
        assert_eq!(
            f(&["show"], "x.xlsx"),
            Err("cannot tell the format from the extension `.xlsx` (`x.xlsx`)\nhelp: pass --format table, json or markdown".into())
        );
        assert_eq!(resolve(spec(&["diff"]).formats, Some("json"), None), Ok(Format::Json));
        assert_eq!(f(&["tree"], "align.GV"), Ok(Format::Dot));
        assert_eq!(
            f(&["okrs"], "a.dot"),
            Err("`.dot` is dot, which this command does not write (`a.dot`)\nhelp: pass --format table, json, csv or markdown".into())
        );
        assert_eq!(
            f(&["tree"], "a.mmd"),
            Err("cannot tell the format from the extension `.mmd` (`a.mmd`)\nhelp: pass --format table, json, markdown, mermaid or dot".into())
        );
    }
}
