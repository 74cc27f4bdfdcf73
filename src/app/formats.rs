//! Which formats each command writes: one table, read by the command line (to offer
//! exactly these values in `--help` and the completions), by the `-o FILE` extension
//! inference, and by the dispatcher. A command never decides this on its own.

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

    /// The format a file extension names: `.json`, `.csv`, `.md`/`.markdown`,
    /// `.html`/`.htm`, `.txt`, `.dot`/`.gv` (case-insensitive). Mermaid has none: its
    /// output is a fenced block for Markdown, which `.mmd` files do not hold.
    #[must_use]
    pub fn from_extension(extension: &str) -> Option<Format> {
        match extension.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "txt" => Some(Format::Table),
            "dot" | "gv" => Some(Format::Dot),
            _ => None,
        }
    }
}

impl Format {
    /// The usual extension of a file in this format (`json`, `md`, …; `txt` for text).
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Format::Table | Format::Human | Format::Github => "txt",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown | Format::Mermaid => "md",
            Format::Html => "html",
            Format::Dot => "dot",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The commands that write a report, as far as formats are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    /// `check`.
    Check,
    /// `status`: the reports' formats, and a self-contained HTML page of the dashboard.
    Status,
    /// `okrs`, `bets`, `initiatives`, `metrics`, `log`.
    Report,
    /// `show`.
    Show,
    /// `review`.
    Review,
    /// `diff`.
    Diff,
    /// `tree`.
    Tree,
}

/// The table: the formats each command writes, its default first.
#[must_use]
pub fn formats(writer: Writer) -> &'static [Format] {
    use Format::{Csv, Dot, Github, Html, Human, Json, Markdown, Mermaid, Table};
    match writer {
        Writer::Check => &[Human, Json, Github],
        Writer::Report => &[Table, Json, Csv, Markdown],
        Writer::Status => &[Table, Json, Csv, Markdown, Html],
        Writer::Show | Writer::Diff => &[Table, Json, Markdown],
        Writer::Review => &[Table, Markdown, Html, Json, Csv],
        Writer::Tree => &[Table, Json, Markdown, Mermaid, Dot],
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

/// The format to write: `--format` when given (one of the command's, which the command
/// line has checked), else the one the `-o` file's extension names, else the command's
/// default.
///
/// Errors (a usage error, with the fix): an extension that names no format, or a format
/// this command does not write.
pub fn resolve(
    writer: Writer,
    explicit: Option<&str>,
    output: Option<&std::path::Path>,
) -> Result<Format, String> {
    let allowed = formats(writer);
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
    use std::path::Path;

    fn names(writer: Writer) -> Vec<&'static str> {
        formats(writer).iter().map(|f| f.name()).collect()
    }

    #[test]
    fn each_command_offers_exactly_what_it_writes() {
        assert_eq!(names(Writer::Report), ["table", "json", "csv", "markdown"]);
        assert_eq!(
            names(Writer::Status),
            ["table", "json", "csv", "markdown", "html"]
        );
        assert_eq!(names(Writer::Show), ["table", "json", "markdown"]);
        assert_eq!(
            names(Writer::Review),
            ["table", "markdown", "html", "json", "csv"]
        );
        assert_eq!(names(Writer::Check), ["human", "json", "github"]);
        assert_eq!(
            names(Writer::Tree),
            ["table", "json", "markdown", "mermaid", "dot"]
        );
    }

    #[test]
    fn extension_inference_and_refusals() {
        let f = |w, p: &str| resolve(w, None, Some(Path::new(p)));
        assert_eq!(f(Writer::Report, "a.CSV"), Ok(Format::Csv));
        assert_eq!(f(Writer::Report, "a.txt"), Ok(Format::Table));
        assert_eq!(f(Writer::Report, "noext"), Ok(Format::Table));
        assert_eq!(f(Writer::Review, "r.html"), Ok(Format::Html));
        assert_eq!(f(Writer::Status, "dashboard.html"), Ok(Format::Html));
        assert_eq!(
            f(Writer::Report, "r.html"),
            Err("`.html` is html, which this command does not write (`r.html`)\nhelp: pass --format table, json, csv or markdown".into())
        );
        assert_eq!(
            f(Writer::Show, "x.xlsx"),
            Err("cannot tell the format from the extension `.xlsx` (`x.xlsx`)\nhelp: pass --format table, json or markdown".into())
        );
        assert_eq!(resolve(Writer::Diff, Some("json"), None), Ok(Format::Json));
        assert_eq!(f(Writer::Tree, "align.GV"), Ok(Format::Dot));
        assert_eq!(
            f(Writer::Report, "a.dot"),
            Err("`.dot` is dot, which this command does not write (`a.dot`)\nhelp: pass --format table, json, csv or markdown".into())
        );
        assert_eq!(
            f(Writer::Tree, "a.mmd"),
            Err("cannot tell the format from the extension `.mmd` (`a.mmd`)\nhelp: pass --format table, json, markdown, mermaid or dot".into())
        );
    }
}
