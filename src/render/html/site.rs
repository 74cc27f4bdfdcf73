//! The static site's pages (`northstar site`), in the review's and dashboard's HTML: the
//! same maud pieces, charts and stylesheet, here in one file (`style.css`) that every page
//! links to instead of inlining it. This file holds `index.html` (the dashboard, the list
//! of review packets and of every page), `tree.html` (the alignment as nested lists) and
//! each period's page (`period/2026-q4.html`: the review's packet renderer in the site's
//! frame); `shell` the frame every page shares (navigation, the stamp of the commit and
//! as-of date, the canonical link); `entity` the page of each objective, key result, bet,
//! initiative, metric, pillar and team, and `related` the lists those pages show, indexed
//! once; `week` the digest of the last 7 days; `feed` the Atom feed. Each file goes to the
//! sink as soon as it is drawn: the site is never whole in memory.
//!
//! Links are relative only (`../objective/obj-1.html`), so the site works from `file://`
//! and from any sub-path; an entity is linked only when its page exists. A page's file
//! name is its id, which the plan's id rule (`[a-z0-9][a-z0-9._-]*`) keeps free of `/`,
//! `\`, a leading `.` and so of `..`: `shell::file_name` checks it again.

mod entity;
mod feed;
mod related;
mod shell;
mod week;

use std::io;

use maud::{Markup, html};

use self::shell::{Ctx, FEED, STYLESHEET, period_path};
pub(crate) use self::shell::{Sink, SiteFile};
use super::packet::Charts;
use super::{CSS, put, status_span};
use crate::analysis::report::EntityKind;
use rayon::prelude::*;

use crate::analysis::review::Review;
use crate::analysis::site::Site;
use crate::analysis::tree::{Branch, NodeStatus};
use crate::render::View;
use crate::text::{percent, variant};
use crate::time::period::Period;

/// What the site adds to the pages' stylesheet: the navigation bar, the stamp, the field
/// lists, the tree's lists; the navigation is left out of a printout.
const SITE_CSS: &str = r"
a { color: var(--accent); }
nav.site ul { list-style: none; display: flex; flex-wrap: wrap; gap: .2rem 1.2rem; margin: 0 0 1rem; padding: 0 0 .4rem; border-bottom: 1px solid var(--line); }
footer.stamp { margin-top: 2rem; padding-top: .4rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .85rem; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .6rem 0; }
dl.fields dt { color: var(--muted); }
dl.fields dd { margin: 0; }
ul.tree, ul.tree ul { list-style: none; padding-left: 1.2rem; }
ul.tree { padding-left: 0; }
@media print { nav.site { display: none; } }
";

/// Pages a site needs before drawing them on several threads pays (rayon's threads cost
/// about 0.1 ms each to start; a page, about as much to draw).
const PARALLEL_PAGES: usize = 256;

/// The path of every file [`write`] hands its sink, sorted: the stylesheet, `index.html`,
/// `tree.html`, `week.html`, the Atom feed (`feed.xml`), a page per entity and team, and a page per
/// period of [`Site::periods`] (`period/2026-q4.html`).
pub(crate) fn paths(site: &Site) -> Vec<String> {
    let ctx = Ctx::new(site);
    let mut paths: Vec<String> = [STYLESHEET, "index.html", "tree.html", "week.html", FEED]
        .into_iter()
        .map(str::to_string)
        .chain(ctx.entity_paths())
        .chain(period_pages(site).map(|(path, _)| path))
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// Each period of [`Site::periods`] that can name a file, with its page's path; a label
/// whose file name an earlier one took is left out.
fn period_pages(site: &Site) -> impl Iterator<Item = (String, &Period)> {
    let mut seen = std::collections::HashSet::new();
    site.periods
        .iter()
        .filter_map(|p| period_path(&p.label).map(|path| (path, p)))
        .filter(move |(path, _)| seen.insert(path.clone()))
}

/// Draws every file of `site` (those [`paths`] lists) and hands each to `sink` as soon as
/// it is drawn, so the site is never whole in memory; the key results' charts (each drawn
/// once, for its page and the packets), the feed, the period and entity pages on rayon's
/// pool when there are many, more than one core and `threads` (else all on this thread, so
/// a sink that draws on a locked stderr cannot wait on it). A period's page holds the
/// packet `packet` makes for it (the selected period's is the site's own). Errors: the
/// feed's `sink` error, else the first `sink` or drawing error of the pages.
pub(crate) fn write(
    site: &Site,
    packet: &(dyn Fn(&Period) -> Review + Sync),
    sink: &Sink<'_>,
    threads: bool,
) -> io::Result<()> {
    let mut ctx = Ctx::new(site);
    sink(SiteFile {
        path: STYLESHEET.to_string(),
        bytes: format!("{}{}", CSS.trim_start(), SITE_CSS.trim_start()).into_bytes(),
    })?;
    sink(index(&ctx)?)?;
    sink(tree(&ctx)?)?;
    sink(week::week(&ctx)?)?;
    let parallel = threads
        && ctx.entity_paths().count() >= PARALLEL_PAGES
        && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    ctx.draw_charts(parallel);
    let ctx = &ctx;
    let feed = || sink(feed::feed(ctx));
    let pages = || -> io::Result<()> {
        let periods: Vec<(String, &Period)> = period_pages(site).collect();
        let period_page = |(path, period): &(String, &Period)| -> io::Result<()> {
            let own;
            let review = if *period == &site.report.period {
                &site.review
            } else {
                own = packet(period);
                &own
            };
            let title = crate::render::review::title(review);
            let charts: Charts<'_> = &|k| ctx.chart(k);
            sink(ctx.page(path, &title, |out| {
                super::packet::content_with(review, charts, out)
            })?)
        };
        if parallel {
            periods.par_iter().try_for_each(period_page)?;
        } else {
            periods.iter().try_for_each(period_page)?;
        }
        entity::pages(ctx, sink, parallel)
    };
    // The feed is drawn alone on one thread: alongside the pages when they have the pool.
    if parallel {
        let (feed, pages) = rayon::join(feed, pages);
        feed.and(pages)
    } else {
        feed()?;
        pages()
    }
}

/// `index.html`: `status --format html`'s content, then a list of every page.
fn index(ctx: &Ctx<'_>) -> io::Result<SiteFile> {
    let r = &ctx.site.report;
    ctx.page("index.html", &super::dashboard::title(r), |out| {
        super::dashboard::content(r, View::Status, out)?;
        put(out, &every_page(ctx))
    })
}

/// The section of the index that links every page, by kind.
fn every_page(ctx: &Ctx<'_>) -> Markup {
    let site = ctx.site;
    let r = &site.report;
    let group = |heading: &str, items: Vec<(EntityKind, &str, &str)>| {
        html! {
            @if !items.is_empty() {
                h3 { (heading) }
                ul { @for (kind, id, title) in &items { li { (ctx.link(0, *kind, id, title)) } } }
            }
        }
    };
    let metrics: Vec<_> = r
        .north_star
        .iter()
        .chain(&r.metrics)
        .map(|m| (EntityKind::Metric, m.id.as_str(), m.name.as_str()))
        .collect();
    let pillars: Vec<_> = r
        .pillars
        .iter()
        .map(|p| (EntityKind::Pillar, p.id.as_str(), p.name.as_str()))
        .collect();
    let teams: Vec<_> = site
        .teams
        .iter()
        .map(|t| (EntityKind::Team, t.id.as_str(), t.name.as_str()))
        .collect();
    let objectives: Vec<_> = r
        .objectives
        .iter()
        .map(|o| (EntityKind::Objective, o.id.as_str(), o.title.as_str()))
        .collect();
    let krs: Vec<_> = r
        .objectives
        .iter()
        .flat_map(|o| &o.key_results)
        .map(|k| (EntityKind::KeyResult, k.id.as_str(), k.title.as_str()))
        .collect();
    let initiatives: Vec<_> = r
        .initiatives
        .iter()
        .map(|i| (EntityKind::Initiative, i.id.as_str(), i.title.as_str()))
        .collect();
    let bets: Vec<_> = r
        .bets
        .iter()
        .map(|b| (EntityKind::Bet, b.id.as_str(), b.title.as_str()))
        .collect();
    let periods: Vec<(String, &Period)> = period_pages(site).collect();
    html! {
        section id="periods" {
            h2 { "Review packets" }
            ul { @for (path, p) in &periods { li {
                a href=(path) { (p.label.to_string()) }
                " " span class="meta" { "(" (p.window.first_day) " – " (p.window.last_day) ")" }
            } } }
        }
        section id="pages" {
            h2 { "Every page" }
            (group("North Star and metrics", metrics))
            (group("Pillars", pillars))
            (group("Teams", teams))
            (group("Objectives", objectives))
            (group("Key results", krs))
            (group("Initiatives", initiatives))
            (group("Bets", bets))
        }
    }
}

/// `tree.html`: the alignment from the North Star down as nested lists.
fn tree(ctx: &Ctx<'_>) -> io::Result<SiteFile> {
    let t = &ctx.site.tree;
    let title = format!("Alignment · {}", t.period.label);
    ctx.page("tree.html", &title, |out| {
        put(
            out,
            &html! {
                h1 { "Alignment · " (t.period.label.to_string()) }
                p class="meta" { "From the North Star down, as of " (t.as_of) }
                @for root in &t.roots {
                    @if !root.ancestors.is_empty() {
                        p class="meta" { "Under "
                            @for (i, a) in root.ancestors.iter().enumerate() {
                                @if i > 0 { " › " }
                                (ctx.link(0, a.kind, &a.id, &a.title))
                            }
                        }
                    }
                    ul class="tree" { (branch(ctx, &root.node)) }
                }
            },
        )
    })
}

/// One place in the tree as a list item, its children in a list inside it (at most
/// [`crate::analysis::tree::MAX_LEVELS`] deep, as every tree renderer).
fn branch(ctx: &Ctx<'_>, b: &Branch) -> Markup {
    match b {
        Branch::Node(n) => html! {
            li {
                (ctx.link(0, n.kind, &n.id, &n.title))
                @if let Some(p) = n.progress { " " (percent(p)) }
                @match n.status {
                    Some(NodeStatus::Rating(s)) => { " " (status_span(s)) }
                    Some(NodeStatus::Bet(s)) => { " · " (variant(&s)) }
                    None => {}
                }
                @if let Some(l) = &n.outside_period { " " span class="meta" { "(" (l.to_string()) ")" } }
                @if !n.children.is_empty() {
                    ul { @for c in &n.children { (branch(ctx, c)) } }
                }
            }
        },
        Branch::Repeat(r) => html! {
            li { (ctx.link(0, r.kind, &r.id, "")) " " span class="meta" { "(shown above)" } }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::shell::file_name;

    /// A page's file name is its id, which the plan's id rule keeps inside its folder.
    #[test]
    fn file_names_stay_inside_their_folder() {
        assert_eq!(file_name("obj-1.q4_x").as_deref(), Some("obj-1.q4_x.html"));
        for id in [
            "", "..", ".", "../x", "a/b", "a\\b", ".hidden", "A", "-x", "a b", "é",
        ] {
            assert_eq!(file_name(id), None, "{id:?}");
        }
    }
}
