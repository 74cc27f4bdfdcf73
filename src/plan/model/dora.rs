//! What a plan says about a `kind = "dora"` source: which of DORA's four keys it measures
//! ([`Key`], with the units each is written in), what counts as a deploy ([`Deploys`]) and
//! as a failed one ([`Failures`]), and the window's length ([`Definition`]). The arithmetic
//! over the events, and reading them from git and CSV files, is [`crate::sources::dora`]'s.

/// Which of the four keys a `dora` source measures (`measure = "…"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// `deployment-frequency`, deploys/day.
    DeploymentFrequency,
    /// `lead-time`, hours.
    LeadTime,
    /// `change-failure-rate`, a 0–1 fraction.
    ChangeFailureRate,
    /// `time-to-restore`, hours.
    TimeToRestore,
}

impl Key {
    /// Every key, in DORA's order.
    pub const ALL: [Key; 4] = [
        Key::DeploymentFrequency,
        Key::LeadTime,
        Key::ChangeFailureRate,
        Key::TimeToRestore,
    ];

    /// The name written in a plan.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Key::DeploymentFrequency => "deployment-frequency",
            Key::LeadTime => "lead-time",
            Key::ChangeFailureRate => "change-failure-rate",
            Key::TimeToRestore => "time-to-restore",
        }
    }

    /// The unit the value is computed in: `deploys/day`, `hours` or `a 0–1 fraction`.
    #[must_use]
    pub fn base_unit(self) -> &'static str {
        match self {
            Key::DeploymentFrequency => "deploys/day",
            Key::LeadTime | Key::TimeToRestore => "hours",
            Key::ChangeFailureRate => "a 0–1 fraction",
        }
    }

    /// The units a measure with this source may declare (besides none, which means the
    /// base unit).
    #[must_use]
    pub fn units(self) -> &'static [&'static str] {
        match self {
            Key::DeploymentFrequency => &["deploys/day"],
            Key::LeadTime | Key::TimeToRestore => &["h", "hours", "min"],
            Key::ChangeFailureRate => &["fraction", "%"],
        }
    }

    /// The factor from the base unit to the declared `unit`: 1, 60 for `min` (hours to
    /// minutes), 100 for `%` (fraction to percent); `None` for a unit the key is not
    /// written in (`source-unit-mismatch`).
    #[must_use]
    pub fn scale(self, unit: Option<&str>) -> Option<f64> {
        let Some(unit) = unit.map(str::trim) else {
            return Some(1.0);
        };
        match (self, unit) {
            (Key::LeadTime | Key::TimeToRestore, "min") => Some(60.0),
            (Key::ChangeFailureRate, "%") => Some(100.0),
            _ => self.units().contains(&unit).then_some(1.0),
        }
    }

    /// The key named `name`, if any.
    #[must_use]
    pub fn parse(name: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// What counts as a deploy (`deploys = { … }`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deploys {
    /// `{ tag = "REGEX" }`: every tag whose name matches; its time is an annotated tag's
    /// tagger date, otherwise the tagged commit's committer date.
    Tag(String),
    /// `{ branch = "main" }`: every first-parent merge commit on the branch, at its
    /// committer date.
    Branch(String),
    /// `{ file = "deploys.csv" }`: a CSV with `time` (RFC 3339) and `commit` columns, the
    /// path relative to the plan file defining the source.
    File(String),
}

/// Which deploys failed (`failures = { … }`), for the change failure rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failures {
    /// `{ commit = "REGEX" }`: a deploy failed when a commit after it, up to the next
    /// deploy (for the latest: up to the window's end), has a subject matching.
    Commit(String),
    /// `{ file = "failed.csv" }`: a CSV whose `deploy` column lists failed deploys by tag
    /// name or commit hash (full or abbreviated), relative to the plan file.
    File(String),
}

/// A validated `kind = "dora"` source. Paths are as written, relative to the directory of
/// the plan file that defines the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The key measured.
    pub key: Key,
    /// The git repository (required except for `time-to-restore`).
    pub repo: Option<String>,
    /// What counts as a deploy (required except for `time-to-restore`).
    pub deploys: Option<Deploys>,
    /// Which deploys failed (required for `change-failure-rate`).
    pub failures: Option<Failures>,
    /// The incidents CSV (`started,resolved`, RFC 3339; required for `time-to-restore`).
    pub incidents: Option<String>,
    /// The window's length in calendar days, ≥ 1 (default 28).
    pub window_days: u32,
}

/// The default `window_days`.
pub const DEFAULT_WINDOW_DAYS: u32 = 28;
