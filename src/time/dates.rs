//! Dates as typed on the command line (`--date`, `--as-of`, `--since`, `--until`,
//! `--decide-by`), hledger-style. The grammar, case-insensitive:
//!
//! ```text
//! date     = day | relative | "today" | "yesterday"
//! day      = YYYY "-" MM "-" DD | YYYY "/" MM "/" DD      four-digit year, 0001–9999
//! relative = ["-"] N ("d" | "w")                          N days or weeks before today
//! ```
//!
//! `3d` and `-3d` both mean three days before today (a plan is about what happened, so a
//! relative date never points ahead); `2w` is fourteen days. Parsing needs no clock: a
//! relative date stays a [`DateArg`] until [`DateArg::resolve`] is given today (the
//! program's today, which `NORTHSTAR_TODAY` fixes), once, when the options are resolved.
//! All arithmetic goes through chrono.
//!
//! Also the crate's date bounds ([`FIRST_DAY`], [`LAST_DAY`]: the years 1–9999) and the
//! plain `YYYY-MM-DD` form `NORTHSTAR_TODAY` takes ([`parse_date`]).

use chrono::{Days, NaiveDate};

/// The first date northstar accepts. Dates are years 1–9999: the years a TOML date
/// writes with its four digits, without year 0, which few calendars agree on.
pub const FIRST_DAY: NaiveDate = NaiveDate::from_ymd_opt(1, 1, 1).expect("a valid date");

/// The last date northstar accepts (see [`FIRST_DAY`]).
pub const LAST_DAY: NaiveDate = NaiveDate::from_ymd_opt(9999, 12, 31).expect("a valid date");

/// Parses a date as the command line and `NORTHSTAR_TODAY` take it: `YYYY-MM-DD` with a
/// four-digit year, from [`FIRST_DAY`] to [`LAST_DAY`]. The error says what is expected.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    const EXPECTED: &str = "expected a date like 2026-11-20, from 0001-01-01 to 9999-12-31";
    let four_digits = s.len() > 4 && s.as_bytes()[..4].iter().all(u8::is_ascii_digit);
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(date) if four_digits && (FIRST_DAY..=LAST_DAY).contains(&date) => Ok(date),
        Ok(_) => Err(EXPECTED.to_string()),
        Err(e) => Err(format!("{EXPECTED} ({e})")),
    }
}

/// The forms a date may take, for error messages and help.
pub const FORMS: &str = "YYYY-MM-DD, YYYY/MM/DD, `today`, `yesterday`, or days or weeks \
    before today (3d or -3d, 2w or -2w)";

/// A date as typed: a day of the calendar, or a number of days before today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateArg {
    /// `2026-11-20`, `2026/11/20`.
    Day(NaiveDate),
    /// `today` (0), `yesterday` (1), `3d`, `-3d` (3), `2w` (14): days before today.
    DaysAgo(u64),
}

impl DateArg {
    /// The date, counting back from `today`.
    ///
    /// Errors: a relative date reaching before 0001-01-01.
    pub fn resolve(self, today: NaiveDate) -> Result<NaiveDate, String> {
        match self {
            DateArg::Day(day) => Ok(day),
            DateArg::DaysAgo(days) => today
                .checked_sub_days(Days::new(days))
                .filter(|d| *d >= FIRST_DAY)
                .ok_or_else(|| format!("{days} days before {today} is before {FIRST_DAY}")),
        }
    }
}

impl DateArg {
    /// The first day of a span of days ending on `last` (included), as `--since` of
    /// `digest` takes it: `7d` is the 7 days ending on `last` (`last` − 6), `2w` the 14;
    /// `today` (and `1d`) is `last` alone, `yesterday` too (one day); a calendar day is
    /// itself.
    ///
    /// Errors: a span reaching before 0001-01-01.
    pub fn span_start(self, last: NaiveDate) -> Result<NaiveDate, String> {
        match self {
            DateArg::Day(day) => Ok(day),
            DateArg::DaysAgo(days) => DateArg::DaysAgo(days.saturating_sub(1)).resolve(last),
        }
    }
}

/// Parses a date typed on the command line (see the module docs for the forms).
///
/// Errors: anything else, naming the forms accepted.
pub fn parse_date_arg(s: &str) -> Result<DateArg, String> {
    let expected =
        || format!("expected a date like 2026-11-20, from 0001-01-01 to 9999-12-31: {FORMS}");
    if s.starts_with("--") {
        // The option takes hyphenated values (`-3d`), so the next option lands here.
        return Err(format!(
            "the option `{s}` came where a date was expected; put the date right after the option ({FORMS})"
        ));
    }
    let lower = s.to_ascii_lowercase();
    match lower.as_str() {
        "today" => return Ok(DateArg::DaysAgo(0)),
        "yesterday" => return Ok(DateArg::DaysAgo(1)),
        _ => {}
    }
    let unsigned = lower.strip_prefix('-').unwrap_or(&lower);
    if let Some(unit) = unsigned.chars().last().filter(|c| matches!(c, 'd' | 'w')) {
        let count = &unsigned[..unsigned.len() - 1];
        if !count.is_empty() && count.bytes().all(|b| b.is_ascii_digit()) {
            let days = count
                .parse::<u64>()
                .ok()
                .and_then(|n| n.checked_mul(if unit == 'w' { 7 } else { 1 }))
                .ok_or_else(|| format!("`{s}` is too far back; {}", expected()))?;
            return Ok(DateArg::DaysAgo(days));
        }
    }
    let day = if s.contains('/') && !s.contains('-') {
        parse_date(&s.replace('/', "-"))
    } else {
        parse_date(s)
    };
    day.map(DateArg::Day).map_err(|_| expected())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_span_of_n_days_ends_on_its_last_day() {
        let last = date("2026-11-20");
        let start = |s: &str| parse_date_arg(s).unwrap().span_start(last);
        assert_eq!(start("7d"), Ok(date("2026-11-14")));
        assert_eq!(start("2w"), Ok(date("2026-11-07")));
        assert_eq!(start("1d"), Ok(last));
        assert_eq!(start("today"), Ok(last));
        assert_eq!(start("2026-11-01"), Ok(date("2026-11-01")));
        assert!(DateArg::DaysAgo(3).span_start(FIRST_DAY).is_err());
    }

    #[test]
    fn dates_span_the_years_1_to_9999() {
        for ok in ["0001-01-01", "2026-11-20", "9999-12-31"] {
            assert_eq!(parse_date(ok), Ok(date(ok)), "{ok}");
        }
        let expected = "expected a date like 2026-11-20, from 0001-01-01 to 9999-12-31";
        for bad in ["0000-12-31", "-0001-06-15", "+10000-01-01", "26-11-20"] {
            assert_eq!(parse_date(bad), Err(expected.into()), "{bad}");
        }
        for (bad, why) in [
            ("10000-01-01", "input contains invalid characters"),
            ("2026-02-30", "input is out of range"),
        ] {
            assert_eq!(parse_date(bad), Err(format!("{expected} ({why})")), "{bad}");
        }
    }

    #[test]
    fn every_form_resolves_against_today() {
        let today = date("2026-11-20");
        for (typed, expected) in [
            ("today", "2026-11-20"),
            ("Today", "2026-11-20"),
            ("yesterday", "2026-11-19"),
            ("0d", "2026-11-20"),
            ("3d", "2026-11-17"),
            ("-3d", "2026-11-17"),
            ("2w", "2026-11-06"),
            ("-2W", "2026-11-06"),
            ("30d", "2026-10-21"),
            ("2026-11-01", "2026-11-01"),
            ("2026/11/01", "2026-11-01"),
            ("0001-01-01", "0001-01-01"),
            ("9999/12/31", "9999-12-31"),
        ] {
            assert_eq!(
                parse_date_arg(typed).and_then(|d| d.resolve(today)),
                Ok(date(expected)),
                "{typed}"
            );
        }
    }

    #[test]
    fn anything_else_names_the_forms() {
        let expected =
            format!("expected a date like 2026-11-20, from 0001-01-01 to 9999-12-31: {FORMS}");
        for typed in [
            "",
            "d",
            "-d",
            "3",
            "3x",
            "+3d",
            "3 d",
            "3dd",
            "d3",
            "2026-11",
            "2026/11-01",
            "2026-13-01",
            "0000-01-01",
            "10000-01-01",
            "-2026-01-01",
            "tomorrow",
            "2026/2/30",
        ] {
            assert_eq!(parse_date_arg(typed), Err(expected.clone()), "{typed:?}");
        }
        assert_eq!(
            parse_date_arg("99999999999999999999d"),
            Err(format!(
                "`99999999999999999999d` is too far back; {expected}"
            ))
        );
        assert_eq!(
            parse_date_arg("9000000000000000000w"),
            Err(format!(
                "`9000000000000000000w` is too far back; {expected}"
            ))
        );
    }

    #[test]
    fn an_option_in_place_of_the_date_is_named() {
        assert_eq!(
            parse_date_arg("--help"),
            Err(format!(
                "the option `--help` came where a date was expected; put the date right after the option ({FORMS})"
            ))
        );
    }

    #[test]
    fn a_relative_date_stops_at_the_first_day() {
        let today = date("0001-01-03");
        assert_eq!(DateArg::DaysAgo(2).resolve(today), Ok(date("0001-01-01")));
        assert_eq!(
            DateArg::DaysAgo(3).resolve(today),
            Err("3 days before 0001-01-03 is before 0001-01-01".to_string())
        );
        assert_eq!(
            DateArg::DaysAgo(u64::MAX).resolve(date("2026-11-20")),
            Err(format!(
                "{} days before 2026-11-20 is before 0001-01-01",
                u64::MAX
            ))
        );
    }
}
