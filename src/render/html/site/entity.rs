//! The site's page of each objective, key result, bet, initiative, metric, pillar and team
//! (`objective/ID.html`, `kr/ID.html`, ...): its fields, links both ways to the pages of
//! what it relates to, and for key results and metrics the check-in history as the
//! review's chart and a table; for bets their criteria and decision; for objectives, key
//! results and metrics their goalpost changes (recorded with a reason, or flagged as
//! unrecorded) and for measures where their values come from.

use std::io;

use maud::{Markup, html};

use super::super::chart::{point_value, sparkline};
use super::super::{bar, head, put, scroll, status_span};
use rayon::prelude::*;

use super::shell::{Ctx, Sink, file_name, folder};
use crate::analysis::goalpost::{Field, Value};
use crate::analysis::report::{
    BetRow, EntityKind, InitiativeRow, KeyResultRow, MetricRow, ObjectiveRow, PillarRow,
};
use crate::analysis::site::TeamPage;
use crate::render::text::{goal, reading, with_unit};
use crate::text::{number, percent, sanitize, variant};

/// Every entity's and team's page, each handed to `sink` as soon as it is drawn; on
/// several threads when `parallel` (each page is drawn alone, so the bytes are the same).
pub(super) fn pages(ctx: &Ctx<'_>, sink: &Sink<'_>, parallel: bool) -> io::Result<()> {
    let r = &ctx.site.report;
    for m in r.north_star.iter().chain(&r.metrics) {
        page(ctx, sink, EntityKind::Metric, &m.id, &m.name, |c| {
            metric(c, m)
        })?;
    }
    for p in &r.pillars {
        page(ctx, sink, EntityKind::Pillar, &p.id, &p.name, |c| {
            pillar(c, p)
        })?;
    }
    each(&ctx.site.teams, parallel, |t| {
        page(ctx, sink, EntityKind::Team, &t.id, &t.name, |c| team(c, t))
    })?;
    each(&r.objectives, parallel, |o| {
        page(ctx, sink, EntityKind::Objective, &o.id, &o.title, |c| {
            objective(c, o)
        })?;
        for k in &o.key_results {
            page(ctx, sink, EntityKind::KeyResult, &k.id, &k.title, |c| {
                key_result(c, o, k)
            })?;
        }
        Ok(())
    })?;
    each(&r.initiatives, parallel, |i| {
        page(ctx, sink, EntityKind::Initiative, &i.id, &i.title, |c| {
            initiative(c, i)
        })
    })?;
    each(&r.bets, parallel, |b| {
        page(ctx, sink, EntityKind::Bet, &b.id, &b.title, |c| bet(c, b))
    })
}

/// `f` over `items`, on rayon's pool when `parallel`; the first error stops it.
fn each<T: Sync>(
    items: &[T],
    parallel: bool,
    f: impl Fn(&T) -> io::Result<()> + Sync + Send,
) -> io::Result<()> {
    if parallel {
        items.par_iter().try_for_each(f)
    } else {
        items.iter().try_for_each(f)
    }
}

/// Hands `sink` the page of `id` (skipped when its id could not name a file), whose
/// content `content` draws, under a heading naming its kind.
fn page(
    ctx: &Ctx<'_>,
    sink: &Sink<'_>,
    kind: EntityKind,
    id: &str,
    title: &str,
    content: impl FnOnce(&Ctx<'_>) -> Markup,
) -> io::Result<()> {
    let Some(name) = file_name(id) else {
        return Ok(());
    };
    let path = format!("{}/{name}", folder(kind));
    let noun = crate::render::text::entity_kind(kind);
    let body = html! {
        h1 { (super::super::label(id, title)) }
        p class="meta" { (noun) }
        (content(ctx))
    };
    sink(ctx.page(&path, &format!("{id} · {title}"), |out| put(out, &body))?)
}

/// A list of fields; a field without a value is left out.
fn fields(rows: Vec<(&str, Option<Markup>)>) -> Markup {
    html! {
        dl class="fields" {
            @for (name, value) in rows {
                @if let Some(v) = value { dt { (name) } dd { (v) } }
            }
        }
    }
}

/// A section listing links, or saying there are none.
fn section(heading: &str, items: &[Markup]) -> Markup {
    html! {
        h2 { (heading) }
        @if items.is_empty() { p class="meta" { "None." } }
        @else { ul { @for i in items { li { (i) } } } }
    }
}

/// Plain text as markup, `None` when absent.
fn text(value: Option<&str>) -> Option<Markup> {
    value.map(|v| html! { (sanitize(v)) })
}

/// Links to teams `ids`, comma separated; `None` without any.
fn team_links(ctx: &Ctx<'_>, ids: &[String]) -> Option<Markup> {
    (!ids.is_empty()).then(|| {
        html! {
            @for (i, t) in ids.iter().enumerate() {
                @if i > 0 { ", " }
                (ctx.link(1, EntityKind::Team, t, ""))
            }
        }
    })
}

/// A pillar's link, `None` without one.
fn pillar_link(ctx: &Ctx<'_>, id: Option<&str>) -> Option<Markup> {
    id.map(|p| ctx.link(1, EntityKind::Pillar, p, ""))
}

/// The objectives that name `id` (an objective or a key result) among their parents.
fn children(ctx: &Ctx<'_>, id: &str) -> Vec<Markup> {
    ctx.children(id)
        .iter()
        .map(|o| ctx.link(1, EntityKind::Objective, &o.id, &o.title))
        .collect()
}

/// Links to each of `rows` of `kind` (by id and title).
fn links<'a, T: 'a>(
    ctx: &Ctx<'_>,
    kind: EntityKind,
    rows: impl Iterator<Item = &'a T>,
    of: impl Fn(&T) -> (&str, &str),
) -> Vec<Markup> {
    rows.map(|r| {
        let (id, title) = of(r);
        ctx.link(1, kind, id, title)
    })
    .collect()
}

fn objective(ctx: &Ctx<'_>, o: &ObjectiveRow) -> Markup {
    let parents: Vec<Markup> = o
        .parents
        .iter()
        .map(|p| {
            let kind = if ctx.has(EntityKind::KeyResult, p) {
                EntityKind::KeyResult
            } else {
                EntityKind::Objective
            };
            ctx.link(1, kind, p, "")
        })
        .collect();
    let driving = ctx
        .related
        .driving(ctx.site, o.key_results.iter().map(|k| k.id.as_str()));
    html! {
        (fields(vec![
            ("Pillar", pillar_link(ctx, Some(&o.pillar))),
            ("Teams", team_links(ctx, &o.teams)),
            ("Period", Some(html! { (o.quarter.to_string()) " (" (o.window.first_day) " – " (o.window.last_day) ")" })),
            ("Owners", text(crate::render::text::owners(&o.owners).as_deref())),
            ("Kind", Some(html! { (variant(&o.kind)) })),
            ("Weight", Some(html! { (number(o.weight)) })),
            ("Progress", o.progress.map(bar)),
            ("Status", Some(status_span(o.status))),
        ]))
        (section("Contributes to", &parents))
        h2 { "Key results" }
        (scroll(&html! { table {
            (head(&["Key result", "Progress", "Status", "Current"], &[]))
            tbody { @for k in &o.key_results { tr {
                td class="label" { (ctx.link(1, EntityKind::KeyResult, &k.id, &k.title)) }
                td class="nowrap" data-label="Progress" { @if let Some(p) = k.progress { (bar(p)) } }
                td class="status" data-label="Status" { (status_span(k.status)) }
                td data-label="Current" { (reading(k.current, k.unit.as_deref())) }
            } } }
        } }))
        (section("Child objectives", &children(ctx, &o.id)))
        (section("Initiatives driving its key results", &links(ctx, EntityKind::Initiative, driving.into_iter(), |i: &InitiativeRow| (i.id.as_str(), i.title.as_str()))))
        (goalposts(ctx, &o.id))
    }
}

fn key_result(ctx: &Ctx<'_>, o: &ObjectiveRow, k: &KeyResultRow) -> Markup {
    let history = ctx.site.key_result(&k.id);
    let driving = ctx.related.driving(ctx.site, [k.id.as_str()]);
    html! {
        (fields(vec![
            ("Objective", Some(ctx.link(1, EntityKind::Objective, &o.id, &o.title))),
            ("Owners", text(crate::render::text::owners(&k.owners).as_deref())),
            ("Measure", Some(html! { (variant(&k.measure)) })),
            ("Goal", Some(html! { (goal(k.measure, k.baseline, k.target, k.keep_below, k.keep_above, k.unit.as_deref())) })),
            ("Window", Some(html! { (k.window.first_day) " – " (k.window.last_day) })),
            ("Current", Some(html! { (reading(k.current, k.unit.as_deref())) })),
            ("Last check-in", k.last_checkin.map(|d| html! { (d) })),
            ("Confidence", k.confidence.map(|c| html! { (percent(c)) })),
            ("Progress", k.progress.map(bar)),
            ("Status", Some(status_span(k.status))),
            ("Measured by", k.measured_by.as_deref().map(|m| ctx.link(1, EntityKind::Metric, m, ""))),
            ("Weight", Some(html! { (number(k.weight)) })),
        ]))
        h2 { "Check-ins" }
        @match history {
            Some(h) if !h.points.is_empty() => {
                (ctx.chart(h))
                (scroll(&html! { table {
                    (head(&["Date", "Value", "Progress"], &[2]))
                    tbody { @for p in &h.points { tr {
                        td class="label" { (p.date) }
                        td data-label="Value" { (point_value(h, p)) }
                        td class="num" data-label="Progress" { @if let Some(v) = p.progress { (percent(v)) } }
                    } } }
                } }))
            }
            _ => { p class="meta" { "No check-ins in the period." } }
        }
        (section("Objectives aligned to it", &children(ctx, &k.id)))
        (section("Initiatives driving it", &links(ctx, EntityKind::Initiative, driving.into_iter(), |i: &InitiativeRow| (i.id.as_str(), i.title.as_str()))))
        (goalposts(ctx, &k.id))
        (provenance(ctx, &k.id, k.unit.as_deref()))
    }
}

fn bet(ctx: &Ctx<'_>, b: &BetRow) -> Markup {
    let learnings = ctx.related.learnings(&b.id);
    html! {
        (fields(vec![
            ("Pillar", pillar_link(ctx, b.pillar.as_deref())),
            ("Teams", team_links(ctx, &b.teams)),
            ("Owner", text(b.owner.as_deref())),
            ("Risk", Some(html! { (variant(&b.risk)) })),
            ("Status", Some(html! { (variant(&b.status)) @if b.overdue { " · " span class="off-track" { "overdue" } } })),
            ("Appetite", Some(html! { (number(b.appetite_weeks)) " weeks" })),
            ("Started", b.start.map(|d| html! { (d) })),
            ("Decide by", b.decide_by.map(|d| html! { (d) })),
            ("Metric", b.metric.as_deref().map(|m| ctx.link(1, EntityKind::Metric, m, ""))),
            ("Progress", b.progress.map(bar)),
        ]))
        h2 { "Hypothesis" }
        p { (sanitize(&b.hypothesis)) }
        h2 { "Criteria" }
        (fields(vec![
            ("Success", Some(html! { (sanitize(&b.success)) @if let Some(d) = b.success_met { " " span class="met" { "(met " (d) ")" } } })),
            ("Kill", Some(html! { (sanitize(&b.kill)) @if let Some(d) = b.kill_met { " " span class="not-met" { "(met " (d) ")" } } })),
        ]))
        h2 { "Decision" }
        @if b.decided.is_none() && b.outcome.is_none() { p class="meta" { "Not decided yet." } }
        @else {
            (fields(vec![
                ("Decided", b.decided.map(|d| html! { (d) " · " (variant(&b.status)) })),
                ("Outcome", text(b.outcome.as_deref())),
                ("Learnings", text(learnings)),
            ]))
        }
    }
}

fn initiative(ctx: &Ctx<'_>, i: &InitiativeRow) -> Markup {
    let drives: Vec<Markup> = i
        .drives
        .iter()
        .map(|k| ctx.link(1, EntityKind::KeyResult, k, ""))
        .collect();
    html! {
        (fields(vec![
            ("Pillar", pillar_link(ctx, i.pillar.as_deref())),
            ("Teams", team_links(ctx, &i.teams)),
            ("Owner", text(i.owner.as_deref())),
            ("Period", i.quarter.as_ref().map(|q| html! { (q.to_string()) })),
            ("Window", Some(html! { (i.window.first_day) " – " (i.window.last_day) })),
            ("Status", Some(html! { (variant(&i.status)) })),
            ("Work", Some(html! { (variant(&i.work)) })),
            ("Effort", Some(html! { (number(i.effort_weeks)) " weeks" })),
            ("Success", text(i.success.as_deref())),
            ("Progress", i.progress.map(bar)),
        ]))
        (section("Drives", &drives))
    }
}

fn metric(ctx: &Ctx<'_>, m: &MetricRow) -> Markup {
    let r = &ctx.site.report;
    let history = ctx.site.metric(&m.id);
    let krs = ctx.related.measured(&m.id).iter().copied();
    let bets = ctx.related.bets_on(&m.id).iter().copied();
    let pillars = r.pillars.iter().filter(|p| p.inputs.contains(&m.id));
    html! {
        (fields(vec![
            ("Role", Some(html! { (variant(&m.role)) })),
            ("Owner", text(m.owner.as_deref())),
            ("Goal", Some(html! { (goal(m.measure, m.baseline, m.target, m.keep_below, m.keep_above, m.unit.as_deref())) })),
            ("Due", m.due.map(|d| html! { (d) })),
            ("Current", m.current.map(|v| html! { (with_unit(v, m.unit.as_deref())) })),
            ("Last check-in", m.last_checkin.map(|d| html! { (d) })),
            ("Progress", m.progress.map(bar)),
            ("Status", Some(status_span(m.status))),
        ]))
        h2 { "Check-ins" }
        @match history {
            Some(h) if !h.points.is_empty() => {
                @let values: Vec<f64> = h.points.iter().map(|p| p.value).collect();
                p { (sparkline(&values)) }
                (scroll(&html! { table {
                    (head(&["Date", "Value"], &[]))
                    tbody { @for p in &h.points { tr {
                        td class="label" { (p.date) }
                        td data-label="Value" { (with_unit(p.value, m.unit.as_deref())) }
                    } } }
                } }))
            }
            _ => { p class="meta" { "No check-ins in the period." } }
        }
        (section("Key results measured by it", &links(ctx, EntityKind::KeyResult, krs, |k: &KeyResultRow| (k.id.as_str(), k.title.as_str()))))
        (section("Bets on it", &links(ctx, EntityKind::Bet, bets, |b: &BetRow| (b.id.as_str(), b.title.as_str()))))
        (section("Pillars it is an input of", &links(ctx, EntityKind::Pillar, pillars, |p: &PillarRow| (p.id.as_str(), p.name.as_str()))))
        (goalposts(ctx, &m.id))
        (provenance(ctx, &m.id, m.unit.as_deref()))
    }
}

fn pillar(ctx: &Ctx<'_>, p: &PillarRow) -> Markup {
    let r = &ctx.site.report;
    let objectives: Vec<Markup> = p
        .objectives
        .iter()
        .map(|o| ctx.link(1, EntityKind::Objective, o, ""))
        .collect();
    let inputs: Vec<Markup> = p
        .inputs
        .iter()
        .map(|m| ctx.link(1, EntityKind::Metric, m, ""))
        .collect();
    let initiatives = r
        .initiatives
        .iter()
        .filter(|i| i.pillar.as_deref() == Some(p.id.as_str()));
    let bets = r
        .bets
        .iter()
        .filter(|b| b.pillar.as_deref() == Some(p.id.as_str()));
    html! {
        (fields(vec![
            ("Owner", text(p.owner.as_deref())),
            ("Progress", p.progress.map(bar)),
            ("Status", Some(status_span(p.status))),
        ]))
        (section("Objectives", &objectives))
        (section("Input metrics", &inputs))
        (section("Initiatives", &links(ctx, EntityKind::Initiative, initiatives, |i: &InitiativeRow| (i.id.as_str(), i.title.as_str()))))
        (section("Bets", &links(ctx, EntityKind::Bet, bets, |b: &BetRow| (b.id.as_str(), b.title.as_str()))))
    }
}

fn team(ctx: &Ctx<'_>, t: &TeamPage) -> Markup {
    let named = ctx.related.of_team(&t.id);
    let objectives = named.iter().flat_map(|n| n.objectives.iter().copied());
    let initiatives = named.iter().flat_map(|n| n.initiatives.iter().copied());
    let bets = named.iter().flat_map(|n| n.bets.iter().copied());
    html! {
        (fields(vec![
            ("Lead", text(t.lead.as_deref())),
            ("Part of", t.parent.as_deref().map(|p| ctx.link(1, EntityKind::Team, p, ""))),
            ("Sub-teams", team_links(ctx, &t.sub_teams)),
        ]))
        (section("Objectives", &links(ctx, EntityKind::Objective, objectives, |o: &ObjectiveRow| (o.id.as_str(), o.title.as_str()))))
        (section("Initiatives", &links(ctx, EntityKind::Initiative, initiatives, |i: &InitiativeRow| (i.id.as_str(), i.title.as_str()))))
        (section("Bets", &links(ctx, EntityKind::Bet, bets, |b: &BetRow| (b.id.as_str(), b.title.as_str()))))
    }
}

/// The goalpost changes of `id`: its `[[change]]` records with their reasons (as `show`
/// lists them), then the moves the goalpost audit found without a record, flagged.
fn goalposts(ctx: &Ctx<'_>, id: &str) -> Markup {
    let recorded = ctx.site.changes(id);
    let unrecorded: Vec<_> = ctx.site.unrecorded(id).collect();
    let change = |field: Field, from: &Value, to: &Value| {
        sanitize(&format!("{} {from} → {to}", field.name()))
    };
    html! {
        h2 { "Goalpost changes" }
        @if recorded.is_empty() && unrecorded.is_empty() { p class="meta" { "None." } }
        @if !recorded.is_empty() {
            (scroll(&html! { table {
                (head(&["Date", "Change", "By", "Reason"], &[]))
                tbody { @for c in recorded { tr {
                    td class="label" { (c.date) }
                    td data-label="Change" { (change(c.field, &c.from, &c.to)) }
                    td data-label="By" { (c.by.as_deref().map_or_else(|| "—".to_string(), sanitize)) }
                    td data-label="Reason" { (sanitize(&c.reason)) }
                } } }
            } }))
        }
        @if !unrecorded.is_empty() {
            ul { @for g in &unrecorded { li {
                span class="off-track" { "unrecorded" } " · "
                (change(g.field, &g.from, &g.to))
                " after " (g.quarter.to_string()) " began; no " code { "[[change]]" } " gives a reason"
            } } }
        }
    }
}

/// Where the values of measure `id` come from (its source and each measured check-in's
/// recorded provenance, as `show` gives them); nothing when it has neither.
fn provenance(ctx: &Ctx<'_>, id: &str, unit: Option<&str>) -> Markup {
    let Some(p) = ctx.site.provenance(id) else {
        return html! {};
    };
    html! {
        h2 { "Source" }
        @if let Some(d) = &p.definition { (fields(vec![("Measured from", text(Some(d)))])) }
        @if !p.checkins.is_empty() {
            (scroll(&html! { table {
                (head(&["Date", "Value", "Read from"], &[]))
                tbody { @for c in &p.checkins { tr {
                    td class="label" { (c.date) }
                    td data-label="Value" { (reading(Some(c.value), unit)) }
                    td data-label="Read from" { (sanitize(&c.source)) }
                } } }
            } }))
        }
    }
}
