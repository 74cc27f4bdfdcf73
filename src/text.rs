//! The text helpers every output shares, defined once: numbers, percentages and counts as
//! messages and reports write them, file names as shown to a person, and the characters
//! that display differently from what they are, for every output and for the
//! `suspicious-unicode` lint: control characters (C0, DEL and C1, whose U+009B is an 8-bit
//! CSI to some terminals), bidirectional controls (which reorder the text around them:
//! Trojan Source, CVE-2021-42574) and zero-width characters. Renderers, commands,
//! diagnostics and refusals use them; this module imports nothing from the crate.

/// A number as messages and reports write it: at most two decimals, no trailing zeros
/// (`40`, `12.5`, `0.33`; `-0` is `0`).
#[must_use]
pub fn number(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// A 0–1 fraction as a whole percentage: `0.456` → `46%`.
#[must_use]
pub fn percent(v: f64) -> String {
    format!("{:.0}%", v * 100.0)
}

/// `1 error`, `2 warnings`: a count with the right plural.
#[must_use]
pub fn plural(count: usize, singular: &str) -> String {
    if count == 1 {
        format!("1 {singular}")
    } else {
        format!("{count} {singular}s")
    }
}

/// Removes from user text and file names every character no output shows as it is
/// ([`is_hidden`]): control characters (C0, DEL, C1, and so ANSI escape sequences' ESC and
/// the 8-bit CSI), bidirectional controls (Trojan Source) and zero-width characters, so
/// that nothing shown can drive the terminal or hide what it says. Every text format
/// (terminal, CSV, Markdown, HTML) goes through it; JSON escapes the same characters
/// instead.
#[must_use]
pub fn sanitize(text: &str) -> String {
    text.chars().filter(|&c| !is_hidden(c)).collect()
}

/// [`sanitize`] line by line: a message's own line breaks (an error's `help:` lines, a
/// TOML error's layout) stay, and nothing else it quotes (plan text, a path) reaches the
/// terminal. For refusals and errors, whose text is laid out in lines.
#[must_use]
pub fn sanitize_lines(text: &str) -> String {
    text.split('\n')
        .map(sanitize)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A file name as shown to a person: [`sanitize`]d, so a name cannot drive the terminal.
#[must_use]
pub fn path(path: &std::path::Path) -> String {
    sanitize(&path.display().to_string())
}

/// A bidirectional embedding, override or isolate, or the pop that ends one:
/// U+202A–U+202E and U+2066–U+2069.
#[must_use]
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A zero-width space, non-joiner or joiner (U+200B–U+200D), word joiner (U+2060) or
/// byte-order mark / zero-width no-break space (U+FEFF).
#[must_use]
pub(crate) fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// A character no output shows as it is: a control character (C0, DEL, C1), a
/// bidirectional control or a zero-width character. Text formats drop it; JSON escapes it.
#[must_use]
pub(crate) fn is_hidden(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_zero_width(c)
}

/// The Unicode name of a bidirectional control, in lowercase (`right-to-left override`).
#[must_use]
pub(crate) fn bidi_name(c: char) -> &'static str {
    match c {
        '\u{202a}' => "left-to-right embedding",
        '\u{202b}' => "right-to-left embedding",
        '\u{202c}' => "pop directional formatting",
        '\u{202d}' => "left-to-right override",
        '\u{202e}' => "right-to-left override",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        _ => "not a bidirectional control",
    }
}

/// The name of a unit enum variant as serde writes it (`core`, `debt`, `key-result`, ...):
/// derived by `strum` with the same `kebab-case` rule as the enum's `serde(rename_all)`
/// (a test checks every variant of every such enum against serde).
#[must_use]
pub fn variant<T>(value: &T) -> String
where
    for<'a> &'a T: Into<&'static str>,
{
    let name: &'static str = value.into();
    name.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_and_their_boundaries() {
        for c in ['\u{0}', '\u{1b}', '\u{7f}', '\u{80}', '\u{9b}', '\u{9f}'] {
            assert!(is_hidden(c), "{c:?}");
        }
        for c in ['\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}'] {
            assert!(is_bidi_control(c) && is_hidden(c), "{c:?}");
        }
        for c in ['\u{200b}', '\u{200d}', '\u{2060}', '\u{feff}'] {
            assert!(is_zero_width(c) && is_hidden(c), "{c:?}");
        }
        for c in [
            'a', 'é', '\u{a0}', '\u{2029}', '\u{202f}', '\u{2065}', '\u{206a}', '\u{200e}',
        ] {
            assert!(!is_hidden(c), "{c:?}");
        }
        assert_eq!(bidi_name('\u{202e}'), "right-to-left override");
    }

    #[test]
    fn numbers_percentages_and_counts() {
        assert_eq!(number(40.0), "40");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(1.0 / 3.0), "0.33");
        assert_eq!(number(-0.001), "0");
        assert_eq!(percent(0.456), "46%");
        assert_eq!(plural(1, "error"), "1 error");
        assert_eq!(plural(0, "error"), "0 errors");
    }

    #[test]
    fn sanitizing_drops_every_hidden_character() {
        assert_eq!(sanitize("a\x1b[31mred\x07"), "a[31mred");
        assert_eq!(
            sanitize("a\u{202e}b\u{2066}c\u{2069}\u{200b}\u{feff}\u{85}\u{9b}1m\u{7f}d"),
            "abc1md"
        );
        assert_eq!(sanitize_lines("a\x1b\nb\u{202e}"), "a\nb");
        assert_eq!(
            path(std::path::Path::new("plan\x1b[2J.toml")),
            "plan[2J.toml"
        );
    }
}
