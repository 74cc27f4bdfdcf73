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
    let mut s = fixed(v, 2);
    let kept = s.trim_end_matches('0').trim_end_matches('.').len();
    s.truncate(kept);
    if s == "-0" { "0".into() } else { s }
}

/// A 0–1 fraction as a whole percentage: `0.456` → `46%`.
#[must_use]
pub fn percent(v: f64) -> String {
    let mut s = fixed(v * 100.0, 0);
    s.push('%');
    s
}

/// `x` with `decimals` decimals (0, 1 or 2), exactly as `format!("{x:.N}")` writes it
/// (the binary value rounded, ties to even; `-0.0` for a negative value that rounds to
/// zero), `+` before a value whose sign is positive when `plus` (`{x:+.N}`).
///
/// The formatter's exact decimal expansion of `x` is slow; when `x · 10^N` lies within
/// ±1e9 and at least 1e-6 from a tie (`k + 0.5`), rounding the f64 product gives the same
/// whole number, because the product's rounding error is at most half an ulp, under
/// 1.2e-7 at that size (IEEE 754 multiplication is correctly rounded). Any other value
/// goes through the formatter.
#[must_use]
pub fn fixed_signed(x: f64, decimals: u32, plus: bool) -> String {
    use std::fmt::Write as _;
    let scale = 10_i64.pow(decimals.min(2));
    // Precision: `scale` ≤ 100 and `|scaled|` < 1e9 are exact in f64 and in i64.
    #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
    let fast = {
        let scaled = x * scale as f64;
        let whole = scaled.round();
        let clear = scaled.abs() < 1e9 && ((scaled - whole).abs() - 0.5).abs() > 1e-6;
        // A value that rounds to zero keeps its sign in the formatter's output (`-0`).
        (clear && (whole != 0.0 || !x.is_sign_negative())).then_some(whole as i64)
    };
    let Some(r) = fast else {
        return match (decimals.min(2), plus) {
            (0, false) => format!("{x:.0}"),
            (1, false) => format!("{x:.1}"),
            (_, false) => format!("{x:.2}"),
            (0, true) => format!("{x:+.0}"),
            (1, true) => format!("{x:+.1}"),
            (_, true) => format!("{x:+.2}"),
        };
    };
    let mut s = String::with_capacity(16);
    if r < 0 {
        s.push('-');
    } else if plus {
        s.push('+');
    }
    let a = r.unsigned_abs();
    let scale = scale.unsigned_abs();
    let _ = write!(s, "{}", a / scale);
    match decimals.min(2) {
        0 => {}
        1 => {
            let _ = write!(s, ".{}", a % scale);
        }
        _ => {
            let _ = write!(s, ".{:02}", a % scale);
        }
    }
    s
}

/// `x` with `decimals` decimals (0, 1 or 2) as `format!("{x:.N}")` writes it:
/// [`fixed_signed`] without a `+`.
#[must_use]
pub fn fixed(x: f64, decimals: u32) -> String {
    fixed_signed(x, decimals, false)
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
    /// Values of every size and sign, ties and near-ties included, for [`fixed`].
    fn samples() -> Vec<f64> {
        let mut v = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.5,
            2.5,
            -2.5,
            0.005,
            0.015,
            0.125,
            -0.125,
            0.25,
            0.35,
            0.45,
            1.005,
            2.675,
            0.049_999_999,
            -0.004,
            -0.0049,
            999_999.995,
            1e7,
            9.999e6,
            1e9,
            -1e9,
            1e12,
            1e-12,
            -1e-12,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN_POSITIVE,
        ];
        for k in -2_000..2_000 {
            let k = f64::from(k);
            v.extend([
                k / 100.0,
                k / 1000.0,
                k / 20.0 + 0.025,
                k / 10.0 + 0.05,
                k + 0.5,
            ]);
            v.extend([k / 3.0, k / 7.0, k * 0.1 * 0.3]);
        }
        // A fixed linear congruential sequence over many magnitudes.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..100_000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let bits = seed >> 11;
            #[allow(clippy::cast_precision_loss)]
            let unit = bits as f64 / (1_u64 << 53) as f64;
            let exp = i32::try_from(seed % 24).expect("small") - 12;
            let sign = if seed & 1 == 0 { 1.0 } else { -1.0 };
            v.push(sign * unit * 10_f64.powi(exp));
        }
        v
    }

    #[test]
    fn fixed_writes_what_the_formatter_writes() {
        for x in samples() {
            assert_eq!(super::fixed(x, 0), format!("{x:.0}"), "{x:e}");
            assert_eq!(super::fixed(x, 1), format!("{x:.1}"), "{x:e}");
            assert_eq!(super::fixed(x, 2), format!("{x:.2}"), "{x:e}");
            assert_eq!(super::fixed_signed(x, 0, true), format!("{x:+.0}"), "{x:e}");
            assert_eq!(super::fixed_signed(x, 1, true), format!("{x:+.1}"), "{x:e}");
            let y = x * 100.0;
            assert_eq!(super::percent(x), format!("{y:.0}%"), "{x:e}");
            let s = format!("{x:.2}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            let s = if s == "-0" { "0" } else { s };
            assert_eq!(super::number(x), s, "{x:e}");
        }
    }

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
