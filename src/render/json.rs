//! JSON: serde of the report structs. The shapes here are the documented contract
//! (README, "JSON output"); each view is a subset of the full `status` document.

use std::io::{self, Write};

use chrono::NaiveDate;
use serde::Serialize;

use super::{Renderer, View};
use crate::quarter::Quarter;
use crate::report::{
    BetRow, Capacity, InitiativeRow, MetricRow, ObjectiveRow, PillarRow, PortfolioMix, Report,
    Status,
};

/// Pretty-printed JSON, one document, ending in a newline.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonRenderer;

#[derive(Serialize)]
struct Header<'r> {
    plan: &'r str,
    as_of: NaiveDate,
    quarter: Quarter,
}

#[derive(Serialize)]
struct OkrsView<'r> {
    #[serde(flatten)]
    header: Header<'r>,
    expected_pace: f64,
    progress: Option<f64>,
    status: Status,
    pillars: &'r [PillarRow],
    objectives: &'r [ObjectiveRow],
}

#[derive(Serialize)]
struct BetsView<'r> {
    #[serde(flatten)]
    header: Header<'r>,
    bets: &'r [BetRow],
    portfolio: &'r PortfolioMix,
}

#[derive(Serialize)]
struct InitiativesView<'r> {
    #[serde(flatten)]
    header: Header<'r>,
    initiatives: &'r [InitiativeRow],
    capacity: &'r Capacity,
}

#[derive(Serialize)]
struct MetricsView<'r> {
    #[serde(flatten)]
    header: Header<'r>,
    north_star: &'r MetricRow,
    metrics: &'r [MetricRow],
}

impl Renderer for JsonRenderer {
    fn render(&self, r: &Report, view: View, out: &mut dyn Write) -> io::Result<()> {
        let header = Header {
            plan: &r.plan,
            as_of: r.as_of,
            quarter: r.quarter,
        };
        let result = match view {
            View::Status => serde_json::to_writer_pretty(&mut *out, r),
            View::Okrs => serde_json::to_writer_pretty(
                &mut *out,
                &OkrsView {
                    header,
                    expected_pace: r.expected_pace,
                    progress: r.progress,
                    status: r.status,
                    pillars: &r.pillars,
                    objectives: &r.objectives,
                },
            ),
            View::Bets => serde_json::to_writer_pretty(
                &mut *out,
                &BetsView {
                    header,
                    bets: &r.bets,
                    portfolio: &r.portfolio,
                },
            ),
            View::Initiatives => serde_json::to_writer_pretty(
                &mut *out,
                &InitiativesView {
                    header,
                    initiatives: &r.initiatives,
                    capacity: &r.capacity,
                },
            ),
            View::Metrics => serde_json::to_writer_pretty(
                &mut *out,
                &MetricsView {
                    header,
                    north_star: &r.north_star,
                    metrics: &r.metrics,
                },
            ),
        };
        result.map_err(io::Error::other)?;
        writeln!(out)
    }
}
