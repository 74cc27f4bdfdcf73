//! The output formats: each one's name on the command line, its one-line help, and the
//! file extensions that name it. Which command writes which is the command table's
//! (`app::table`); [`super::render`] writes each.

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
    /// A Slack Block Kit message, `{"blocks": [...]}`, to POST to an incoming webhook
    /// (`digest`).
    Slack,
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
            Format::Slack => "slack",
        }
    }

    /// Other names `--format` takes for it, hidden from help: `text` for `table` (the name
    /// issue 24 gives the digest's terminal text).
    #[must_use]
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Format::Table => &["text"],
            Format::Json
            | Format::Csv
            | Format::Markdown
            | Format::Html
            | Format::Human
            | Format::Github
            | Format::Mermaid
            | Format::Dot
            | Format::Slack => &[],
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
            Format::Slack => "A Slack Block Kit message (JSON) to POST to an incoming webhook",
        }
    }

    /// Every format, in the order help lists extensions in.
    pub const ALL: [Format; 10] = [
        Format::Table,
        Format::Json,
        Format::Csv,
        Format::Markdown,
        Format::Html,
        Format::Human,
        Format::Github,
        Format::Mermaid,
        Format::Dot,
        Format::Slack,
    ];

    /// The file extensions that name this format, the usual one first (`md`, `markdown`;
    /// `txt` for text). Mermaid has none: its output is a fenced block for Markdown, which
    /// `.mmd` files do not hold; `human` and `github` are not written to files; `slack` is
    /// JSON, which `.json` names.
    #[must_use]
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Table => &["txt"],
            Format::Json => &["json"],
            Format::Csv => &["csv"],
            Format::Markdown => &["md", "markdown"],
            Format::Html => &["html", "htm"],
            Format::Dot => &["dot", "gv"],
            Format::Human | Format::Github | Format::Mermaid | Format::Slack => &[],
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
            Format::Slack => "json",
            _ => self.extensions().first().copied().unwrap_or("txt"),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
