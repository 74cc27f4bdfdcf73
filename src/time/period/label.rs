//! Period labels as written in a plan or on the command line (`2026-Q4`, `FY24-H1`,
//! `cycle-7`): reading them in any case, suggesting the label a near miss meant, and
//! printing them canonically.

use std::fmt;

use serde::{Serialize, Serializer};

use super::Quarter;

/// How period labels are written, for the help of command-line errors.
pub const LABEL_FORMS: &str = "periods are written 2026-Q4, 2026-H1, 2026, FY24-Q2, FY24-H1, FY24, or name a `[[cycle]]` of the plan";
/// The name of a period, as written in a plan or on the command line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    /// A calendar quarter, `2026-Q4`.
    Quarter(Quarter),
    /// A calendar half, `2026-H1` (`half` is 1 or 2).
    Half {
        /// The calendar year.
        year: i32,
        /// 1 or 2.
        half: u8,
    },
    /// A calendar year, `2026`.
    Year(i32),
    /// A fiscal quarter, `FY24-Q2` (`year` is the full fiscal year number, 2024).
    FiscalQuarter {
        /// The fiscal year's number.
        year: i32,
        /// 1–4.
        quarter: u8,
    },
    /// A fiscal half, `FY24-H1`.
    FiscalHalf {
        /// The fiscal year's number.
        year: i32,
        /// 1 or 2.
        half: u8,
    },
    /// A fiscal year, `FY24`.
    FiscalYear(i32),
    /// The id of a `[[cycle]]`.
    Cycle(String),
}

impl Label {
    /// Reads a period label in any of its forms (case-insensitive); `None` when `s` is not
    /// one (it may still be a cycle id: see [`Label::parse_or_cycle`]).
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        let upper = s.to_ascii_uppercase();
        if let Some(rest) = upper.strip_prefix("FY") {
            let (digits, part) = rest
                .split_once('-')
                .map_or((rest, None), |(d, p)| (d, Some(p)));
            if !all_digits(digits) {
                return None;
            }
            let year: i32 = match digits.len() {
                2 => 2000 + digits.parse::<i32>().ok()?,
                4 => digits.parse().ok()?,
                _ => return None,
            };
            if year < 1 {
                return None;
            }
            return match part.map(|p| p.split_at_checked(1)) {
                None => Some(Self::FiscalYear(year)),
                Some(Some(("Q", n))) => {
                    number(n, 4).map(|quarter| Self::FiscalQuarter { year, quarter })
                }
                Some(Some(("H", n))) => number(n, 2).map(|half| Self::FiscalHalf { year, half }),
                Some(_) => None,
            };
        }
        let (digits, part) = upper
            .split_once('-')
            .map_or((upper.as_str(), None), |(d, p)| (d, Some(p)));
        if digits.len() != 4 || !all_digits(digits) {
            return None;
        }
        let year: i32 = digits.parse().ok()?;
        if year < 1 {
            return None;
        }
        match part.map(|p| p.split_at_checked(1)) {
            None => Some(Self::Year(year)),
            Some(Some(("Q", n))) => Quarter::new(year, number(n, 4)?).map(Self::Quarter),
            Some(Some(("H", n))) => number(n, 2).map(|half| Self::Half { year, half }),
            Some(_) => None,
        }
    }

    /// Reads a label, or else takes `s` as the id of a cycle (resolved, or found unknown,
    /// by [`Calendar::resolve`](super::Calendar::resolve)).
    #[must_use]
    pub fn parse_or_cycle(s: &str) -> Self {
        Self::parse(s).unwrap_or_else(|| Self::Cycle(s.to_string()))
    }

    /// The canonical label a near miss most likely meant: `Q4 2026` → `2026-Q4`,
    /// `fy24q2` → `FY24-Q2`, `H1/2026` → `2026-H1`. `None` when nothing close reads as a
    /// label.
    #[must_use]
    pub fn suggest(s: &str) -> Option<Self> {
        let upper = s.trim().to_ascii_uppercase();
        let fiscal = upper.contains("FY");
        let tokens: String = upper
            .replace("FY", " ")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect();
        // Split into year digits and an optional Qn / Hn part, in either order.
        let mut year = None;
        let mut part = None;
        for token in tokens.split_whitespace() {
            let mut rest = token;
            while !rest.is_empty() {
                if let Some(p) = rest.strip_prefix(['Q', 'H']) {
                    let n = p.chars().next().filter(char::is_ascii_digit)?;
                    part = Some(format!("{}{n}", &rest[..1]));
                    rest = &p[1..];
                } else {
                    let end = rest
                        .find(|c: char| !c.is_ascii_digit())
                        .unwrap_or(rest.len());
                    if end == 0 {
                        return None;
                    }
                    year = Some(&rest[..end]);
                    rest = &rest[end..];
                }
            }
        }
        let year = year?;
        let candidate = match (fiscal, part) {
            (true, Some(p)) => format!("FY{year}-{p}"),
            (true, None) => format!("FY{year}"),
            (false, Some(p)) => format!("{year}-{p}"),
            (false, None) => return None,
        };
        Self::parse(&candidate).filter(|label| label.to_string() != s)
    }

    /// Whether the label is a fiscal one (`FY…`).
    #[must_use]
    pub fn is_fiscal(&self) -> bool {
        matches!(
            self,
            Self::FiscalQuarter { .. } | Self::FiscalHalf { .. } | Self::FiscalYear(_)
        )
    }

    /// What kind of period it is, as a noun: `quarter`, `half`, `year` or `cycle`.
    #[must_use]
    pub fn noun(&self) -> &'static str {
        match self {
            Self::Quarter(_) | Self::FiscalQuarter { .. } => "quarter",
            Self::Half { .. } | Self::FiscalHalf { .. } => "half",
            Self::Year(_) | Self::FiscalYear(_) => "year",
            Self::Cycle(_) => "cycle",
        }
    }

    /// The label as a suffix for carried ids: canonical, lowercased, dashes removed
    /// (`FY24-Q2` → `fy24q2`, `2027-Q1` → `2027q1`).
    #[must_use]
    pub fn id_suffix(&self) -> String {
        self.to_string().to_ascii_lowercase().replace('-', "")
    }
}

/// Whether `s` is one or more ASCII digits.
pub(super) fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `n` as a number from 1 to `max`, one digit.
fn number(n: &str, max: u8) -> Option<u8> {
    let n: u8 = (n.len() == 1).then(|| n.parse().ok())??;
    (1..=max).contains(&n).then_some(n)
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fy = |f: &mut fmt::Formatter<'_>, year: i32| {
            if (2000..=2099).contains(&year) {
                write!(f, "FY{:02}", year - 2000)
            } else {
                write!(f, "FY{year:04}")
            }
        };
        match self {
            Self::Quarter(q) => write!(f, "{q}"),
            Self::Half { year, half } => write!(f, "{year:04}-H{half}"),
            Self::Year(year) => write!(f, "{year:04}"),
            Self::FiscalQuarter { year, quarter } => {
                fy(f, *year)?;
                write!(f, "-Q{quarter}")
            }
            Self::FiscalHalf { year, half } => {
                fy(f, *year)?;
                write!(f, "-H{half}")
            }
            Self::FiscalYear(year) => fy(f, *year),
            Self::Cycle(id) => f.write_str(id),
        }
    }
}

impl Serialize for Label {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_near_misses() {
        for not_label in [
            "2026-Q5", "2026-Q0", "26-Q4", "FY2-Q1", "FY24-Q5", "FY24-H3", "FY24Q2", "cycle-7", "",
            "0000", "FY0000", "2026-Q10",
        ] {
            assert_eq!(Label::parse(not_label), None, "{not_label}");
        }
        for (input, suggestion) in [
            ("Q4 2026", Some("2026-Q4")),
            ("2026Q4", Some("2026-Q4")),
            ("q2-2027", Some("2027-Q2")),
            ("H1 2026", Some("2026-H1")),
            ("FY24Q2", Some("FY24-Q2")),
            ("fy 24 q2", Some("FY24-Q2")),
            ("Q2 FY2024", Some("FY24-Q2")),
            ("FY 24", Some("FY24")),
            ("2026-Q4", None),
            ("2026-Q5", None),
            ("cycle-8", None),
            ("Q4", None),
        ] {
            assert_eq!(
                Label::suggest(input).map(|l| l.to_string()).as_deref(),
                suggestion,
                "{input}"
            );
        }
        assert_eq!(Label::parse("FY24-Q2").unwrap().id_suffix(), "fy24q2");
        assert_eq!(Label::parse("2027-q1").unwrap().id_suffix(), "2027q1");
    }
}
