//! DORA's four keys, as pure arithmetic over dated events: deployment frequency, lead
//! time for changes, change failure rate and time to restore (definitions after the DORA
//! program, <https://dora.dev/guides/dora-metrics-four-keys/>, simplified as noted).
//! Reading the events from a repository (tags, first-parent merges, commits) and CSV
//! files is [`read`]'s job ([`measure`], issue 12); this module only counts.
//!
//! - **Window**: the `days` calendar days ending on the measurement date D, in UTC: from
//!   D − (days − 1) at 00:00Z up to, not including, D + 1 at 00:00Z. Events at or after
//!   D + 1 00:00Z are ignored, so a past date reproduces that day's number.
//! - **Deployment frequency** = deploys in the window ÷ window days (deploys/day).
//! - **Lead time for changes** = median, over the commits first deployed by a deploy in the
//!   window, of (that deploy's time − the commit's committer time), in hours. The median
//!   of an even count is the mean of the middle two. (DORA measures from commit to
//!   production; a commit's committer time stands for "committed".)
//! - **Change failure rate** = failed deploys ÷ deploys in the window, a 0–1 fraction.
//!   Which deploys failed is the caller's reading (a revert or hotfix before the next
//!   deploy, or a list of failed deploys).
//! - **Time to restore** = median (resolved − started) in hours over the incidents
//!   resolved in the window; open incidents are skipped.

use chrono::{DateTime, Duration, NaiveDate, Utc};

pub mod read;

pub use read::{Reading, measure};

// What a plan says about a `dora` source is the plan's model; re-exported so the library's
// users (tests, benchmarks, fuzz targets) keep naming it `sources::dora::Key` and so on.
pub use crate::plan::model::dora::{DEFAULT_WINDOW_DAYS, Definition, Deploys, Failures, Key};

/// The window of `days` calendar days ending on `date` (UTC), as `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    days: i64,
}

impl Window {
    /// The `days` (≥ 1) days ending on `date`; `None` for fewer than one day or dates
    /// chrono cannot represent.
    #[must_use]
    pub fn ending(date: NaiveDate, days: i64) -> Option<Self> {
        if days < 1 {
            return None;
        }
        let end = date
            .checked_add_signed(Duration::days(1))?
            .and_hms_opt(0, 0, 0)?
            .and_utc();
        let start = date
            .checked_sub_signed(Duration::days(days - 1))?
            .and_hms_opt(0, 0, 0)?
            .and_utc();
        Some(Self { start, end, days })
    }

    /// Whether `t` falls inside: at or after the start, before the end.
    #[must_use]
    pub fn contains(self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end
    }
}

/// One deploy: when, which commits it deployed first (their committer times), and
/// whether it failed.
#[derive(Debug, Clone, PartialEq)]
pub struct Deploy {
    /// When it happened.
    pub time: DateTime<Utc>,
    /// Committer times of the commits this deploy was the first to ship.
    pub new_commits: Vec<DateTime<Utc>>,
    /// Whether it failed (see the module docs).
    pub failed: bool,
}

/// An incident: when it started and, once over, when it was resolved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Incident {
    /// Start.
    pub started: DateTime<Utc>,
    /// End; `None` while open.
    pub resolved: Option<DateTime<Utc>>,
}

/// The median of `values`; the mean of the middle two for an even count; `None` when
/// empty.
fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        f64::midpoint(values[mid - 1], values[mid])
    } else {
        values[mid]
    })
}

fn hours(d: Duration) -> f64 {
    d.num_seconds() as f64 / 3600.0
}

/// Deploys in the window ÷ window days (deploys/day).
#[must_use]
pub fn deployment_frequency(deploys: &[Deploy], window: Window) -> f64 {
    let n = deploys.iter().filter(|d| window.contains(d.time)).count();
    n as f64 / window.days as f64
}

/// Median hours from commit to its first deploy, over deploys in the window; `None`
/// without any deployed commit there.
#[must_use]
pub fn lead_time_hours(deploys: &[Deploy], window: Window) -> Option<f64> {
    median(
        deploys
            .iter()
            .filter(|d| window.contains(d.time))
            .flat_map(|d| d.new_commits.iter().map(|c| hours(d.time - *c)))
            .collect(),
    )
}

/// Failed deploys ÷ deploys in the window (0–1); `None` without deploys there.
#[must_use]
pub fn change_failure_rate(deploys: &[Deploy], window: Window) -> Option<f64> {
    let inside: Vec<&Deploy> = deploys.iter().filter(|d| window.contains(d.time)).collect();
    if inside.is_empty() {
        return None;
    }
    let failed = inside.iter().filter(|d| d.failed).count();
    Some(failed as f64 / inside.len() as f64)
}

/// Median hours from start to resolution over incidents resolved in the window; `None`
/// without any.
#[must_use]
pub fn time_to_restore_hours(incidents: &[Incident], window: Window) -> Option<f64> {
    median(
        incidents
            .iter()
            .filter_map(|i| i.resolved.map(|r| (i.started, r)))
            .filter(|(_, r)| window.contains(*r))
            .map(|(s, r)| hours(r - s))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn deploy(time: &str, commits: &[&str], failed: bool) -> Deploy {
        Deploy {
            time: t(time),
            new_commits: commits.iter().map(|c| t(c)).collect(),
            failed,
        }
    }

    #[test]
    fn the_window_ends_at_the_next_midnight_utc() {
        let w = Window::ending(d("2026-11-20"), 7).unwrap();
        for (time, inside) in [
            ("2026-11-13T23:59:59Z", false),
            ("2026-11-14T00:00:00Z", true),
            ("2026-11-20T23:59:59Z", true),
            ("2026-11-21T00:00:00Z", false),
            // Offsets are read as the instant they name.
            ("2026-11-21T00:30:00+01:00", true),
        ] {
            assert_eq!(w.contains(t(time)), inside, "{time}");
        }
        assert_eq!(Window::ending(d("2026-11-20"), 0), None);
    }

    #[test]
    fn the_four_keys() {
        let w = Window::ending(d("2026-11-20"), 28).unwrap();
        let deploys = [
            // Before the window: not counted anywhere.
            deploy("2026-10-20T10:00:00Z", &["2026-10-19T10:00:00Z"], true),
            deploy(
                "2026-11-02T12:00:00Z",
                &["2026-11-01T12:00:00Z", "2026-11-02T06:00:00Z"],
                false,
            ),
            deploy("2026-11-10T12:00:00Z", &["2026-11-08T12:00:00Z"], true),
            deploy("2026-11-20T23:00:00Z", &["2026-11-20T20:00:00Z"], false),
            // After the measurement date: ignored, so the past reproduces.
            deploy("2026-11-21T01:00:00Z", &["2026-11-20T01:00:00Z"], true),
        ];
        // 3 deploys in 28 days.
        assert_eq!(deployment_frequency(&deploys, w), 3.0 / 28.0);
        // Lead times 24, 6, 48, 3 hours: median of the even count = (6 + 24) / 2 = 15.
        assert_eq!(lead_time_hours(&deploys, w), Some(15.0));
        // 1 failed of 3.
        assert_eq!(change_failure_rate(&deploys, w), Some(1.0 / 3.0));
        let empty = Window::ending(d("2026-09-01"), 7).unwrap();
        assert_eq!(change_failure_rate(&deploys, empty), None);
        assert_eq!(lead_time_hours(&deploys, empty), None);
        assert_eq!(deployment_frequency(&deploys, empty), 0.0);

        let incidents = [
            // Resolved in the window: 2 h and 30 min.
            Incident {
                started: t("2026-11-03T10:00:00Z"),
                resolved: Some(t("2026-11-03T12:00:00Z")),
            },
            Incident {
                started: t("2026-11-15T09:00:00Z"),
                resolved: Some(t("2026-11-15T09:30:00Z")),
            },
            // Started before the window, resolved inside: counted (5 h).
            Incident {
                started: t("2026-10-23T22:00:00Z"),
                resolved: Some(t("2026-10-24T03:00:00Z")),
            },
            // Open: skipped. Resolved after the date: ignored.
            Incident {
                started: t("2026-11-19T09:00:00Z"),
                resolved: None,
            },
            Incident {
                started: t("2026-11-20T22:00:00Z"),
                resolved: Some(t("2026-11-21T02:00:00Z")),
            },
        ];
        // 2, 0.5, 5 hours: median 2.
        assert_eq!(time_to_restore_hours(&incidents, w), Some(2.0));
        assert_eq!(time_to_restore_hours(&incidents, empty), None);
    }

    #[test]
    fn medians() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![3.0]), Some(3.0));
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(vec![5.0, 1.0, 3.0]), Some(3.0));
    }
}
