//! The one rule deciding whether a new id is a likely typo of an id the plan already has
//! (`add` refuses one without `--force`; a rename is to use the same rule).
//!
//! Ids of a real plan sit close to each other on purpose: `lsif-90` beside `lsif-95`,
//! `kr-1` to `kr-12`, `sales-enablement` beside `sales`, `mttr` beside `mttd`. A
//! similarity score (Jaro–Winkler ≥ 0.8, the rule this replaces) calls a third of such ids
//! "close", so users learn `--force` and the guard is gone. A likely typo is narrower: see
//! [`likely_typo`].

/// Whether `new` is a likely typo of `existing` (an id of the same kind):
/// - they are one edit apart: one insertion, deletion, substitution or transposition of
///   adjacent characters (optimal string alignment distance 1, `strsim::osa_distance`);
/// - they do not differ in a digit (their digits, read in order, are the same:
///   `lsif-90`/`lsif-95`, `kr-1`/`kr-2`, `q3-okr`/`q4-okr` are different ids);
/// - neither extends the other (`api`/`apis`, `kr-1`/`kr-1a`);
/// - it is not a substitution in a word (a run between `-`, `_` and `.`) shorter than
///   [`MIN_WORD`] characters: there one letter is the whole difference between two
///   abbreviations (`mttr`/`mttd`, `wau`/`mau`, `lead-time`/`load-time`, `ci`/`cd`), not a
///   slip of the finger. A letter left out, doubled or swapped (`lead-tme`, `lead-tiem`)
///   still is one, and so is a separator added, left out or changed (`devinfra`).
#[must_use]
pub fn likely_typo(new: &str, existing: &str) -> bool {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    if new == existing
        || strsim::osa_distance(new, existing) != 1
        || digits(new) != digits(existing)
        || new.starts_with(existing)
        || existing.starts_with(new)
    {
        return false;
    }
    let is_separator = |c: char| matches!(c, '-' | '_' | '.');
    let (a, b): (Vec<&str>, Vec<&str>) = (
        new.split(is_separator).collect(),
        existing.split(is_separator).collect(),
    );
    let separators = |s: &str| s.chars().filter(|c| is_separator(*c)).collect::<String>();
    let differing: Vec<(&&str, &&str)> = a.iter().zip(&b).filter(|(x, y)| x != y).collect();
    match differing.as_slice() {
        // The edit is inside one word: a substitution in a short one is a different word.
        [(x, y)] if a.len() == b.len() && separators(new) == separators(existing) => {
            let substitution = x.chars().count() == y.chars().count()
                && x.chars().zip(y.chars()).filter(|(p, q)| p != q).count() == 1;
            !substitution || x.chars().count() >= MIN_WORD
        }
        // The edit adds, removes, replaces or moves a separator.
        _ => true,
    }
}

/// The shortest word in which a substituted letter is taken for a typo (see [`likely_typo`]).
pub const MIN_WORD: usize = 5;

/// The first of `existing` (ids of the new id's kind, in plan order) that `new` is a likely
/// typo of ([`likely_typo`]).
pub fn typo_of<'a>(new: &str, existing: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    existing.into_iter().find(|e| likely_typo(new, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_of_the_finger_are_typos() {
        for (new, existing) in [
            ("velocty", "velocity"),        // deletion
            ("velocitty", "velocity"),      // insertion
            ("velocoty", "velocity"),       // substitution
            ("relaibility", "reliability"), // adjacent transposition
            ("platfrom", "platform"),
            ("sales-enablment", "sales-enablement"),
            ("devinfra", "dev-infra"),  // a separator left out
            ("dev_infra", "dev-infra"), // another separator
            ("p95-latncy", "p95-latency"),
            ("lead-tme", "lead-time"),  // a short word, a letter left out
            ("lead-tmie", "lead-time"), // a short word, two letters swapped
        ] {
            assert!(likely_typo(new, existing), "{new} / {existing}");
            assert!(likely_typo(existing, new), "{existing} / {new}");
        }
    }

    #[test]
    fn neighbouring_ids_are_not_typos() {
        for (new, existing) in [
            ("lsif-95", "lsif-90"), // a digit
            ("q4-reliability", "q3-reliability"),
            ("kr-12", "kr-1"),             // a digit, and an extension
            ("sales-enablement", "sales"), // far apart
            ("apis", "api"),               // an extension
            ("mttd", "mttr"),              // a short word
            ("mau", "wau"),
            ("load-time", "lead-time"),
            ("ci", "cd"),
            ("velocity", "velocity"), // the same id is not a typo, it is taken
            ("velocity", "reliability"),
        ] {
            assert!(!likely_typo(new, existing), "{new} / {existing}");
        }
        assert_eq!(
            typo_of("velocty", ["reliability", "velocity"]),
            Some("velocity")
        );
        assert_eq!(typo_of("lsif-95", ["lsif-90"]), None);
    }
}
