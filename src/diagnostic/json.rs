//! Diagnostics in `check --format json`: plain `Serialize` structs, a documented contract.

use serde::Serialize;

use super::source::{Position, Sources};
use super::{Code, Diagnostic, Severity, Tally};

/// One diagnostic in `check --format json`.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    /// Stable kebab-case code.
    pub code: Code,
    /// `error` or `warning`.
    pub severity: Severity,
    /// The message.
    pub message: &'a str,
    /// Where, or null for plan-wide problems.
    pub location: Option<Position>,
    /// The text under the caret, when there is one.
    pub label: Option<&'a str>,
    /// Related places.
    pub related: Vec<JsonRelated<'a>>,
    /// The suggested fix.
    pub help: Option<&'a str>,
}

/// A related place in JSON output.
#[derive(Debug, Serialize)]
pub struct JsonRelated<'a> {
    /// Where.
    pub location: Position,
    /// What it is.
    pub message: &'a str,
}

/// The whole `check --format json` document: `{ "diagnostics": [...], "errors": n, "warnings": n }`.
#[derive(Debug, Serialize)]
pub struct JsonCheck<'a> {
    /// Every diagnostic, in the order found.
    pub diagnostics: Vec<JsonDiagnostic<'a>>,
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
}

/// Builds the JSON form of `diagnostics`.
#[must_use]
pub fn to_json<'a>(sources: &Sources, diagnostics: &'a [Diagnostic]) -> JsonCheck<'a> {
    let tally = Tally::of(diagnostics);
    JsonCheck {
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                code: d.code,
                severity: d.severity(),
                message: &d.message,
                location: d.primary.as_ref().map(|l| sources.position(&l.loc)),
                label: d
                    .primary
                    .as_ref()
                    .map(|l| l.message.as_str())
                    .filter(|m| !m.is_empty()),
                related: d
                    .secondary
                    .iter()
                    .map(|l| JsonRelated {
                        location: sources.position(&l.loc),
                        message: &l.message,
                    })
                    .collect(),
                help: d.help.as_deref(),
            })
            .collect(),
        errors: tally.errors,
        warnings: tally.warnings,
    }
}
