//! Code actions: the fixes `check`'s diagnostics already suggest as help, each a quick fix
//! editing only the text under the diagnostic. `did you mean `x`?` replaces an unknown key,
//! section, id or enumerated value with `x`; `remove the quotes…` and ``write `true` or
//! `false` without quotes`` unquote a number, date or boolean written as a string; ``write
//! the date as `x` `` rewrites a slashed date. A help that names no edit (a list of known
//! keys, a sentence) has no action.

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr as _;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Uri, WorkspaceEdit};

use super::diagnostics;
use super::position::{Encoding, LineIndex};
use super::workspace::Analysis;
use crate::diagnostic::Diagnostic;

/// The quick fixes of the diagnostics of the file at `path` (named `uri` by the client)
/// whose range touches `range`, in `check`'s order; `None` when the file is not part of
/// the plan.
#[must_use]
pub fn actions(
    analysis: &Analysis,
    path: &Path,
    uri: &Uri,
    range: lsp_types::Range,
    encoding: Encoding,
) -> Option<Vec<CodeActionOrCommand>> {
    let file = analysis.file_id(path)?;
    let text = &analysis.sources.get(file).text;
    let lines = LineIndex::new(text);
    // Every file's line index, for the diagnostic each fix names (its related locations
    // may lie in other files); built once, and only when a fix is found.
    let all_lines = std::cell::OnceCell::new();
    let mut found = Vec::new();
    for d in &analysis.diagnostics {
        let Some(label) = d.primary.as_ref().filter(|l| l.loc.file == file) else {
            continue;
        };
        let span = &label.loc.span;
        let at = lines.range(text, span, encoding);
        if at.start > range.end || range.start > at.end {
            continue;
        }
        let Some((title, new_text)) = fix(d, text.get(span.clone())) else {
            continue;
        };
        let edit = TextEdit::new(at, new_text);
        let indexes = all_lines.get_or_init(|| diagnostics::line_indexes(&analysis.sources));
        let all = diagnostics::one(analysis, indexes, d, encoding);
        found.push(CodeActionOrCommand::CodeAction(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![all]),
            edit: Some(WorkspaceEdit::new(HashMap::from([(
                uri.clone(),
                vec![edit],
            )]))),
            is_preferred: Some(true),
            ..CodeAction::default()
        }));
    }
    Some(found)
}

/// The title and the replacement of the text `under` diagnostic `d`'s primary span, when
/// its help names one and the text is what the help speaks of.
fn fix(d: &Diagnostic, under: Option<&str>) -> Option<(String, String)> {
    let help = d.help.as_deref()?;
    let under = under?;
    if let Some(name) = help
        .strip_prefix("did you mean `")
        .and_then(|h| h.strip_suffix("`?"))
    {
        return replace_name(under, name).map(|new| (format!("Change to `{name}`"), new));
    }
    if help.starts_with("remove the quotes") || help == "write `true` or `false` without quotes" {
        let inner = string_value(under)?;
        let inner = inner.trim();
        return scalar(inner).then(|| (format!("Remove the quotes: `{inner}`"), inner.to_string()));
    }
    if let Some(date) = help
        .strip_prefix("write the date as `")
        .and_then(|h| h.strip_suffix('`'))
    {
        let is_date = matches!(
            toml_edit::Value::from_str(date),
            Ok(toml_edit::Value::Datetime(_))
        );
        return is_date.then(|| (format!("Write the date as `{date}`"), date.to_string()));
    }
    None
}

/// `under` (a bare key or a quoted string) with `name` in its place: a bare key stays
/// bare, a string stays a string. `None` when `name` is not a bare key (so it could be
/// written without quoting or escaping) or `under` is neither.
fn replace_name(under: &str, name: &str) -> Option<String> {
    let bare = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    };
    // Ids may hold a `.`, which a string holds as it is (a bare key would split there).
    let id_like = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    };
    if string_value(under).is_some() {
        return id_like(name).then(|| format!("\"{name}\""));
    }
    (bare(under) && bare(name)).then(|| name.to_string())
}

/// The value of `text` when it is one TOML string (quoted any way TOML allows).
fn string_value(text: &str) -> Option<String> {
    match toml_edit::Value::from_str(text) {
        Ok(toml_edit::Value::String(s)) => Some(s.value().clone()),
        _ => None,
    }
}

/// Whether `text` is a TOML number, date or boolean written as it is.
fn scalar(text: &str) -> bool {
    matches!(
        toml_edit::Value::from_str(text),
        Ok(toml_edit::Value::Integer(_)
            | toml_edit::Value::Float(_)
            | toml_edit::Value::Boolean(_)
            | toml_edit::Value::Datetime(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Code, FileId, Loc};

    fn with_help(help: &str) -> Diagnostic {
        Diagnostic::new(Code::UnknownKey, "m", Loc::new(FileId(0), 0..0)).help(help)
    }

    #[test]
    fn each_help_that_names_an_edit_is_a_fix() {
        let cases = [
            ("did you mean `owner`?", "ownr", Some("owner")),
            (
                "did you mean `reliability`?",
                "\"reliabilty\"",
                Some("\"reliability\""),
            ),
            ("did you mean `a.b`?", "'a.c'", Some("\"a.b\"")),
            // A dotted name cannot replace a bare key without changing the table.
            ("did you mean `a.b`?", "a", None),
            ("remove the quotes: `target = 40`", "\"40\"", Some("40")),
            (
                "remove the quotes around a date",
                "\" 2026-10-15 \"",
                Some("2026-10-15"),
            ),
            (
                "write `true` or `false` without quotes",
                "\"true\"",
                Some("true"),
            ),
            // The text is not what the help speaks of.
            ("remove the quotes around a number", "\"forty\"", None),
            ("remove the quotes around a number", "40", None),
            (
                "write the date as `2026-10-15`",
                "2026/10/15",
                Some("2026-10-15"),
            ),
            ("known keys: `a`, `b`", "c", None),
        ];
        for (help, under, expected) in cases {
            let got = fix(&with_help(help), Some(under));
            assert_eq!(
                got.map(|(_, new)| new).as_deref(),
                expected,
                "{help} on {under}"
            );
        }
    }
}
