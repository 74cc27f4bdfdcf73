//! serde's schema errors (unknown keys, wrong types, unknown variants) turned into
//! diagnostics with our codes, wording and help.

use crate::diagnostic::{Code, Diagnostic, Loc, did_you_mean};
use crate::plan::raw;

/// Turns a serde error message into a diagnostic with our code, wording and help.
///
/// serde's messages have stable shapes (`unknown field `x`, expected one of ...`,
/// `invalid type: string "x", expected f64`, `unknown variant ...`, `missing field ...`);
/// anything else is reported as a wrong type with serde's own text. `key` is the key the
/// value stands at, when known, to name it in the help.
pub(super) fn schema_diagnostic(
    message: &str,
    what: &str,
    key: Option<&str>,
    loc: Loc,
) -> Diagnostic {
    let names = backtick_names(message);
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let key = names.first().map_or(rest, String::as_str);
        let expected: Vec<&str> = names.iter().skip(1).map(String::as_str).collect();
        let d = Diagnostic::new(
            Code::UnknownKey,
            format!("unknown key `{key}` in `{what}`"),
            loc,
        )
        .label("unknown key");
        return match did_you_mean(key, expected.iter().copied()) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None if expected.is_empty() => d,
            None => d.help(format!("known keys: {}", backticked(&expected))),
        };
    }
    if message.starts_with("unknown variant ") {
        let value = names.first().map_or("", String::as_str);
        let expected: Vec<&str> = names.iter().skip(1).map(String::as_str).collect();
        let d = Diagnostic::new(
            Code::InvalidValue,
            format!("`{value}` is not allowed here in `{what}`"),
            loc,
        )
        .label(format!("expected one of {}", backticked(&expected)));
        return match did_you_mean(value, expected.iter().copied()) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => d,
        };
    }
    if let Some(rest) = message.strip_prefix("invalid value: string \"")
        && let Some(text) = rest.strip_suffix(&format!("\", expected {}", raw::TARGET_EXPECTED))
    {
        // A key result's `target` that is neither a number nor "tbd": a quoted number is
        // a wrong type, as for any number; other text is not a value `target` takes.
        let trimmed = text.trim();
        if trimmed.parse::<f64>().is_ok_and(f64::is_finite) {
            return Diagnostic::new(
                Code::WrongType,
                format!("expected a number in `{what}`, found a string"),
                loc,
            )
            .label("expected a number")
            .help(quoted_help(key, Some(trimmed), "a number", ""));
        }
        return Diagnostic::new(
            Code::InvalidValue,
            format!("`{text}` is not a target in `{what}`"),
            loc,
        )
        .label(format!("expected {}", raw::TARGET_EXPECTED))
        .help("write a number, or \"tbd\" for a draft");
    }
    if message.contains("overflow")
        || message.starts_with("invalid type: integer `") && message.ends_with("expected f64")
    {
        return Diagnostic::new(
            Code::OutOfRange,
            format!("number too large in `{what}`"),
            loc,
        )
        .label("too large to represent")
        .help("plan numbers lie within ±1e15; check for a typo, or use a larger unit");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .rsplit_once(", expected ")
            .unwrap_or((rest, "another type"));
        let expected = describe_expected(expected);
        // serde writes a string as `string "text"` (Debug-quoted).
        let text = found
            .strip_prefix("string \"")
            .and_then(|t| t.strip_suffix('"'))
            .map(str::trim);
        let found = found.split(' ').next().unwrap_or(found);
        let d = Diagnostic::new(
            Code::WrongType,
            format!("expected {expected} in `{what}`, found {}", article(found)),
            loc,
        )
        .label(format!("expected {expected}"));
        return match (text, expected) {
            (Some(text), "a number" | "an integer") => d.help(quoted_help(
                key,
                text.parse::<f64>().is_ok().then_some(text),
                "a number",
                "",
            )),
            (Some(text), "a date") => d.help(quoted_help(
                key,
                chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .is_ok()
                    .then_some(text),
                "a date",
                "2026-10-15",
            )),
            (Some(_), "true or false") => d.help("write `true` or `false` without quotes"),
            (_, raw::TARGET_EXPECTED) => d.help("write a number, or \"tbd\" for a draft"),
            _ => d,
        };
    }
    Diagnostic::new(
        Code::WrongType,
        format!("{} in `{what}`", message.trim()),
        loc,
    )
}

/// The help for a quoted value where `kind` ("a number", "a date") belongs: the value
/// unquoted when it is one (`unquoted`), else what the key takes, with `example` if any.
fn quoted_help(key: Option<&str>, unquoted: Option<&str>, kind: &str, example: &str) -> String {
    match (key, unquoted) {
        (Some(key), Some(value)) => format!("remove the quotes: `{key} = {value}`"),
        (None, Some(_)) => format!("remove the quotes around {kind}"),
        (Some(key), None) if example.is_empty() => {
            format!("`{key}` takes {kind}, written without quotes")
        }
        (Some(key), None) => {
            format!("`{key}` takes {kind}, written without quotes, like `{key} = {example}`")
        }
        (None, None) => format!("{kind} is expected here, written without quotes"),
    }
}

fn article(found: &str) -> String {
    match found {
        "integer" => "an integer".into(),
        "sequence" => "an array".into(),
        "map" => "a table".into(),
        "boolean" => "a boolean".into(),
        "floating" => "a number".into(),
        other => format!("a {other}"),
    }
}

fn describe_expected(expected: &str) -> &'static str {
    match expected {
        "f64" => "a number",
        "i64" | "u32" | "u64" | "i32" => "an integer",
        "a boolean" => "true or false",
        "a string" => "a string",
        "a sequence" => "an array",
        "a TOML datetime" | "struct Datetime" => "a date",
        raw::TARGET_EXPECTED => raw::TARGET_EXPECTED,
        e if e.contains("Raw") || e.starts_with("struct ") => "a table",
        e if e.starts_with("enum ") || e.contains("variant") => "a string",
        _ => "another type",
    }
}

/// The names between backticks in a serde message, in order.
fn backtick_names(message: &str) -> Vec<String> {
    message
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Names in backticks, comma-separated: `` `a`, `b` ``.
pub(super) fn backticked(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
