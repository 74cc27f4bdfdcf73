//! Characters that display differently from what they are, defined once for every output
//! and for the `suspicious-unicode` lint: control characters (C0, DEL and C1, whose U+009B
//! is an 8-bit CSI to some terminals), bidirectional controls (which reorder the text around
//! them: Trojan Source, CVE-2021-42574) and zero-width characters.

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
}
