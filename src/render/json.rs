//! JSON: serde of the report structs. The shapes here are the documented contract
//! (docs/output.md, "JSON output"); each view is a subset of the full `status` document. Every
//! JSON document northstar prints goes through [`write`], which escapes the characters no
//! output shows as they are (`serde_json` leaves C1 controls, DEL, bidirectional controls and
//! zero-width characters raw).

use std::io::{self, Write};

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use super::{Renderer, View};
use crate::analysis::report::{
    BetRow, Capacity, InitiativeRow, MetricRow, ObjectiveRow, PillarRow, PortfolioMix, Report,
    Status,
};
use crate::time::period::{Label, Period};

/// Pretty-printed JSON, one document, ending in a newline.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonRenderer;

#[derive(Serialize)]
struct Header<'r> {
    plan: &'r str,
    as_of: NaiveDate,
    quarter: &'r Label,
    period: &'r Period,
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
    north_star: Option<&'r MetricRow>,
    metrics: &'r [MetricRow],
}

/// `serde_json`'s pretty formatter, but every character [`crate::text::is_hidden`] names
/// is written as a `\uXXXX` escape: the document means the same, and its bytes can reach a
/// terminal or an editor safely. (Those characters are all in the Basic Multilingual Plane,
/// so one escape each is enough; `serde_json` already escapes C0 controls itself.)
struct SafeFormatter<'a>(PrettyFormatter<'a>);

impl Formatter for SafeFormatter<'_> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Every hidden character is DEL or outside ASCII: most fragments go out whole.
        if fragment.bytes().all(|b| b < 0x7f) {
            return w.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if crate::text::is_hidden(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                write!(w, "\\u{:04x}", u32::from(c))?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Writes `value` as pretty-printed JSON (two-space indent) followed by a newline, with
/// hidden characters escaped (see [`SafeFormatter`]).
pub fn write<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    // The serializer writes many small pieces: a buffer of its own makes each a copy into
    // memory rather than a call through `dyn Write`.
    let mut buffered = io::BufWriter::with_capacity(64 * 1024, out);
    let mut serializer = serde_json::Serializer::with_formatter(
        &mut buffered,
        SafeFormatter(PrettyFormatter::new()),
    );
    value.serialize(&mut serializer).map_err(io::Error::other)?;
    writeln!(buffered)?;
    buffered.flush()
}

impl Renderer for JsonRenderer {
    fn render(&self, r: &Report, view: View, out: &mut dyn Write) -> io::Result<()> {
        let header = Header {
            plan: &r.plan,
            as_of: r.as_of,
            quarter: &r.quarter,
            period: &r.period,
        };
        match view {
            View::Status => write(out, r),
            View::Okrs => write(
                out,
                &OkrsView {
                    header,
                    expected_pace: r.expected_pace,
                    progress: r.progress,
                    status: r.status,
                    pillars: &r.pillars,
                    objectives: &r.objectives,
                },
            ),
            View::Bets => write(
                out,
                &BetsView {
                    header,
                    bets: &r.bets,
                    portfolio: &r.portfolio,
                },
            ),
            View::Initiatives => write(
                out,
                &InitiativesView {
                    header,
                    initiatives: &r.initiatives,
                    capacity: &r.capacity,
                },
            ),
            View::Metrics => write(
                out,
                &MetricsView {
                    header,
                    north_star: r.north_star.as_ref(),
                    metrics: &r.metrics,
                },
            ),
        }
    }
}
