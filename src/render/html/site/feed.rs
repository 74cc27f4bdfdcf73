//! The site's `feed.xml`: an Atom feed (RFC 4287) of the period's check-ins, bet decisions
//! and recorded goalpost moves, newest first, so people can subscribe without a service.
//! Written with maud, which escapes every interpolated value as XML needs (`&`, `<`, `>`,
//! `"`); elements without content are written open and closed (`<link ...></link>`),
//! never as HTML's void tags.
//!
//! Required elements (RFC 4287 §4.1.1, §4.1.2): the feed's `id`, `title`, `updated` and
//! `author`; each entry's `id`, `title`, `updated`, and a `link rel="alternate"` to its
//! page in place of `content`. Dates are the as-of date's and each event's, at midnight
//! UTC (RFC 3339 through chrono). Ids are `{base-url}/feed.xml#…` with `--base-url`, else
//! tag URIs (RFC 4151) under the `northstar` authority dated by the event.

use chrono::{NaiveDate, SecondsFormat};
use maud::{Markup, PreEscaped, html};

use super::super::chart::point_value;
use super::shell::{Ctx, FEED, SiteFile};
use crate::analysis::report::EntityKind;
use crate::text::{percent, sanitize, variant};

/// One entry: when, what, which page, and the words.
struct Entry {
    date: NaiveDate,
    /// Unique within the feed and stable from build to build: `kind/id/date/n`.
    key: String,
    title: String,
    /// The entity whose page the entry links to.
    kind: EntityKind,
    entity: String,
    summary: String,
}

/// A date at midnight UTC, as RFC 3339 (`2026-11-20T00:00:00Z`).
fn stamp(date: NaiveDate) -> String {
    date.and_time(chrono::NaiveTime::MIN)
        .and_utc()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The entries of the site, newest first (same-day entries in plan order).
fn entries(ctx: &Ctx<'_>) -> Vec<Entry> {
    let site = ctx.site;
    let mut entries = Vec::new();
    for k in site.report.objectives.iter().flat_map(|o| &o.key_results) {
        let Some(history) = site.key_result(&k.id) else {
            continue;
        };
        for (n, p) in history.points.iter().enumerate() {
            let progress = p
                .progress
                .map(|v| format!(" ({})", percent(v)))
                .unwrap_or_default();
            let value = point_value(history, p);
            entries.push(Entry {
                date: p.date,
                key: format!("kr/{}/{}/{n}", k.id, p.date),
                title: format!("{}: {value}", k.id),
                kind: EntityKind::KeyResult,
                entity: k.id.clone(),
                summary: format!("Check-in on {}: {value}{progress}", k.title),
            });
        }
    }
    for b in &site.report.bets {
        if let Some(date) = b.decided {
            entries.push(Entry {
                date,
                key: format!("bet/{}/{date}", b.id),
                title: format!("{} {}", b.id, variant(&b.status)),
                kind: EntityKind::Bet,
                entity: b.id.clone(),
                summary: b.outcome.clone().unwrap_or_default(),
            });
        }
    }
    for (n, g) in site.goalposts.iter().enumerate() {
        let Some(date) = g.recorded else {
            continue;
        };
        entries.push(Entry {
            date,
            key: format!("goalpost/{}/{date}/{n}", g.id),
            title: format!("{} {}: {} → {}", g.id, g.field.name(), g.from, g.to),
            kind: g.kind,
            entity: g.id.clone(),
            summary: g.reason.clone().unwrap_or_default(),
        });
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.date));
    entries
}

/// `feed.xml`.
pub(super) fn feed(ctx: &Ctx<'_>) -> SiteFile {
    let site = ctx.site;
    let r = &site.report;
    let id = |key: &str, date: NaiveDate| match &site.base_url {
        Some(base) => format!("{}/{FEED}#{key}", base.trim_end_matches('/')),
        None => format!("tag:northstar,{date}:{key}"),
    };
    let entries = entries(ctx);
    let xml: Markup = html! {
        (PreEscaped("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"))
        feed xmlns="http://www.w3.org/2005/Atom" {
            id { (id("feed", r.as_of)) }
            title { (sanitize(&r.plan)) " · " (r.quarter.to_string()) }
            updated { (stamp(r.as_of)) }
            author { name { (sanitize(&r.plan)) } }
            link rel="alternate" href="index.html" {}
            @for e in &entries {
                entry {
                    id { (id(&e.key, e.date)) }
                    title { (sanitize(&e.title)) }
                    updated { (stamp(e.date)) }
                    @if ctx.has(e.kind, &e.entity) {
                        link rel="alternate" href=(Ctx::href(0, e.kind, &e.entity)) {}
                    } @else { link rel="alternate" href="index.html" {} }
                    @if !e.summary.is_empty() { summary { (sanitize(&e.summary)) } }
                }
            }
        }
    };
    SiteFile {
        path: FEED.to_string(),
        bytes: format!("{}\n", xml.0).into_bytes(),
    }
}
