//! The site's `week.html`: what changed in the [`WEEK_DAYS`] days ending on the as-of date
//! (check-ins with their change of progress and status, bet decisions, goalposts moved),
//! what is at risk, the bets to decide and who owes what: the digest's sections
//! ([`crate::render::digest::sections`], over [`crate::analysis::digest`]'s one analysis)
//! as the site's tables, each thing that moved linked to its page.

use std::io;

use maud::html;

use super::super::{head, put, scroll};
use super::shell::{Ctx, SiteFile};
use crate::analysis::digest::Event;
use crate::analysis::report::EntityKind;
use crate::analysis::site::WEEK_DAYS;
use crate::render::digest::sections;
use crate::text::sanitize;

/// The page of what moved, whose entity it was.
fn moved_kind(ctx: &Ctx<'_>, e: &Event) -> EntityKind {
    match e {
        Event::Checkin { id, .. } if ctx.has(EntityKind::KeyResult, id) => EntityKind::KeyResult,
        Event::Checkin { .. } => EntityKind::Metric,
        Event::BetDecided { .. } => EntityKind::Bet,
        Event::Goalpost { entity, .. } => *entity,
    }
}

/// `week.html`.
pub(super) fn week(ctx: &Ctx<'_>) -> io::Result<SiteFile> {
    let d = &ctx.site.week;
    let title = format!("This week · {} to {}", d.since, d.as_of);
    let body = html! {
        h1 { "This week" }
        p class="meta" { "The " (WEEK_DAYS) " days from " (d.since) " to " (d.as_of) " (as "
            code { "northstar digest --since " (WEEK_DAYS) "d" } " reports them)" }
        @for (n, s) in sections(d).iter().enumerate() {
            section {
                h2 { (sanitize(&s.title)) }
                @if s.rows.is_empty() { p class="meta" { (sanitize(&s.empty)) } }
                @else {
                    @let header: Vec<&str> = s.header.iter().map(String::as_str).collect();
                    (scroll(&html! { table {
                        (head(&header, &[]))
                        tbody { @for (r, row) in s.rows.iter().enumerate() { tr {
                            @for (c, cell) in row.iter().enumerate() {
                                @let event = (n == 0 && c == 2).then(|| d.moved.get(r)).flatten();
                                td class=[(c == 0).then_some("label")] data-label=(s.header[c]) {
                                    @match event {
                                        Some(e) => (ctx.link(0, moved_kind(ctx, e), cell, "")),
                                        None => (sanitize(cell)),
                                    }
                                }
                            }
                        } } }
                    } }))
                }
            }
        }
    };
    ctx.page("week.html", &title, |out| put(out, &body))
}
