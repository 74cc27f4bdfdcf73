//! Diagnostics: `check`'s diagnostics as the protocol's, one list per plan file (the main
//! file, each include and the check-in log), with the same code, message and severity; the
//! text under the caret and the help follow the message on lines of their own; secondary
//! labels are related information; each code links to its row of the diagnostics table.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr as _;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Uri,
};

use super::position::{Encoding, LineIndex};
use super::uri;
use super::workspace::Analysis;
use crate::diagnostic::{Code, Diagnostic, FileId, Loc, Severity, Sources};

/// Where the diagnostic codes are documented: `docs/diagnostics.md`, one table row per
/// code (the README links there). A row is reached with a text fragment naming the code.
pub const CODES_DOC: &str = "https://github.com/OWNER/northstar/blob/main/docs/diagnostics.md";

/// The diagnostics of each file of `analysis`, by path; every file read has a list, empty
/// when it has none (so a fixed problem is cleared). A diagnostic about the whole plan
/// stands at the start of the main file.
#[must_use]
pub fn by_file(
    analysis: &Analysis,
    encoding: Encoding,
) -> BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>> {
    let sources = &analysis.sources;
    let lines = line_indexes(sources);
    let mut files: BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>> = sources
        .files()
        .iter()
        .map(|f| (absolute(&f.path), Vec::new()))
        .collect();
    let Some(main) = sources.files().first() else {
        return files;
    };
    let main = absolute(&main.path);
    for d in &analysis.diagnostics {
        let (path, converted) = match &d.primary {
            Some(label) => (
                absolute(&sources.get(label.loc.file).path),
                convert(d, sources, &lines, Some(&label.loc), encoding),
            ),
            None => (main.clone(), convert(d, sources, &lines, None, encoding)),
        };
        files.entry(path).or_default().push(converted);
    }
    files
}

/// The line index of each file of `sources`, by [`FileId`] (what [`one`] converts with).
#[must_use]
pub fn line_indexes(sources: &Sources) -> Vec<LineIndex> {
    sources
        .files()
        .iter()
        .map(|f| LineIndex::new(&f.text))
        .collect()
}

/// Diagnostic `d` of `analysis` as [`by_file`] publishes it (a code action names the
/// diagnostic it fixes), converted with `lines` ([`line_indexes`] of `analysis.sources`).
#[must_use]
pub fn one(
    analysis: &Analysis,
    lines: &[LineIndex],
    d: &Diagnostic,
    encoding: Encoding,
) -> lsp_types::Diagnostic {
    convert(
        d,
        &analysis.sources,
        lines,
        d.primary.as_ref().map(|l| &l.loc),
        encoding,
    )
}

/// `path` made absolute against the working directory, as the client names files.
fn absolute(path: &std::path::Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// One diagnostic, at `loc` (`None`: the start of the file).
fn convert(
    d: &Diagnostic,
    sources: &Sources,
    lines: &[LineIndex],
    loc: Option<&Loc>,
    encoding: Encoding,
) -> lsp_types::Diagnostic {
    let range = |loc: &Loc| {
        let text = &sources.get(loc.file).text;
        lines[loc.file.0].range(text, &loc.span, encoding)
    };
    let mut message = d.message.clone();
    if let Some(label) = d.primary.as_ref().filter(|l| !l.message.is_empty()) {
        message.push('\n');
        message.push_str(&label.message);
    }
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .secondary
        .iter()
        .filter_map(|l| {
            Some(DiagnosticRelatedInformation {
                location: Location::new(location_uri(sources, l.loc.file)?, range(&l.loc)),
                message: l.message.clone(),
            })
        })
        .collect();
    lsp_types::Diagnostic {
        range: loc.map(range).unwrap_or_default(),
        severity: Some(match d.severity() {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        code_description: code_description(d.code),
        source: Some("northstar".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The URI of file `file` of `sources`.
fn location_uri(sources: &Sources, file: FileId) -> Option<Uri> {
    uri::from_path(&absolute(&sources.get(file).path))
}

/// The link to `code`'s row of [`CODES_DOC`]: a text fragment naming the code in
/// backticks, as its row spells it.
fn code_description(code: Code) -> Option<CodeDescription> {
    let href = format!("{CODES_DOC}#:~:text=%60{}%60", code.as_str());
    Uri::from_str(&href)
        .ok()
        .map(|href| CodeDescription { href })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_links_to_its_row() {
        for &code in Code::ALL {
            let href = code_description(code).unwrap().href;
            assert_eq!(
                href.as_str(),
                format!("{CODES_DOC}#:~:text=%60{}%60", code.as_str())
            );
        }
    }
}
