//! The shell every page of the site shares ([`Ctx::page`]): the stylesheet and feed links,
//! the canonical link, the navigation bar, the main landmark and the stamp of the commit
//! and as-of date; and the pages the site has ([`Ctx`]), so that every link it draws
//! resolves, relative to the page it is on.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

use maud::{DOCTYPE, Markup, html};

use super::super::chart::chart;
use super::super::{around, hole, label};
use super::related::Related;
use crate::analysis::report::{EntityKind, ObjectiveRow};
use crate::analysis::review::KeyResultReview;
use crate::analysis::site::Site;
use crate::text::sanitize;
use crate::time::period::Label;
use rayon::prelude::*;

/// The stylesheet's file name, at the site's root.
pub(crate) const STYLESHEET: &str = "style.css";

/// The Atom feed's file name, at the site's root.
pub(crate) const FEED: &str = "feed.xml";

/// Where each file of the site goes as soon as it is made (the command writes it into the
/// temporary directory); called from several threads at once, in no particular order.
pub(crate) type Sink<'s> = dyn Fn(SiteFile) -> io::Result<()> + Sync + 's;

/// One file of the site: its path from the site's root (`objective/obj-1.html`, `/`
/// separated) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SiteFile {
    /// The path from the site's root.
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// The file name of `id`'s page (`obj-1.html`), or `None` for an id the plan's id rule
/// would refuse (so never `..`, `a/b` or `.hidden`).
#[must_use]
pub(crate) fn file_name(id: &str) -> Option<String> {
    crate::plan::validate::is_valid_id(id).then(|| format!("{id}.html"))
}

/// The path of period `label`'s review packet page (`period/2026-q4.html`), or `None` for
/// a label whose lowercase form the id rule would refuse.
#[must_use]
pub(crate) fn period_path(label: &Label) -> Option<String> {
    file_name(&label.to_string().to_lowercase()).map(|name| format!("period/{name}"))
}

/// The folder of a kind's pages.
pub(super) fn folder(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::NorthStar | EntityKind::Metric => "metric",
        EntityKind::Pillar => "pillar",
        EntityKind::Objective => "objective",
        EntityKind::KeyResult => "kr",
        EntityKind::Initiative => "initiative",
        EntityKind::Bet => "bet",
        EntityKind::Team => "team",
    }
}

/// The pages the site has, for links that always resolve.
pub(crate) struct Ctx<'a> {
    /// What the pages show.
    pub site: &'a Site,
    /// Each page as (folder, id), with the title it shows.
    pages: BTreeMap<(&'static str, &'a str), &'a str>,
    /// The objectives naming each id (an objective's or a key result's) among their
    /// parents, in plan order.
    children: HashMap<&'a str, Vec<&'a ObjectiveRow>>,
    /// The other lists pages show, by id.
    pub related: Related<'a>,
    /// The chart of each key result of the selected period's packet ([`Site::review`]),
    /// by id, with the [`KeyResultReview`] it was drawn from: drawn once by
    /// [`Ctx::draw_charts`] for its page and every packet that shows it alike; empty until
    /// then.
    charts: HashMap<&'a str, (&'a KeyResultReview, Markup)>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(site: &'a Site) -> Self {
        let r = &site.report;
        let mut pages = BTreeMap::new();
        let mut add = |kind: EntityKind, id: &'a str, title: &'a str| {
            if file_name(id).is_some() {
                pages.insert((folder(kind), id), title);
            }
        };
        for m in r.north_star.iter().chain(&r.metrics) {
            add(EntityKind::Metric, &m.id, &m.name);
        }
        for p in &r.pillars {
            add(EntityKind::Pillar, &p.id, &p.name);
        }
        for o in &r.objectives {
            add(EntityKind::Objective, &o.id, &o.title);
            for k in &o.key_results {
                add(EntityKind::KeyResult, &k.id, &k.title);
            }
        }
        for i in &r.initiatives {
            add(EntityKind::Initiative, &i.id, &i.title);
        }
        for b in &r.bets {
            add(EntityKind::Bet, &b.id, &b.title);
        }
        for t in &site.teams {
            add(EntityKind::Team, &t.id, &t.name);
        }
        let mut children: HashMap<&str, Vec<&ObjectiveRow>> = HashMap::new();
        for o in &r.objectives {
            for parent in &o.parents {
                let under = children.entry(parent.as_str()).or_default();
                // A parent named twice lists the child once.
                if !under.last().is_some_and(|last| std::ptr::eq(*last, o)) {
                    under.push(o);
                }
            }
        }
        Self {
            site,
            pages,
            children,
            related: Related::new(site),
            charts: HashMap::new(),
        }
    }

    /// Draws the chart of every key result of [`Site::review`] once (on rayon's pool when
    /// `parallel`), for [`Ctx::chart`] to hand out on the key result's page and in the
    /// selected period's packet.
    pub(crate) fn draw_charts(&mut self, parallel: bool) {
        let krs: Vec<&'a KeyResultReview> = self
            .site
            .review
            .pillars
            .iter()
            .flat_map(|p| &p.objectives)
            .flat_map(|o| &o.key_results)
            .collect();
        let drawn = |k: &&'a KeyResultReview| {
            // Kept until the last page is drawn: without the slack its drawing left.
            let mut drawn = chart(k);
            drawn.0.shrink_to_fit();
            (k.row.id.as_str(), (*k, drawn))
        };
        self.charts = if parallel {
            krs.par_iter().map(drawn).collect()
        } else {
            krs.iter().map(drawn).collect()
        };
    }

    /// `k`'s chart: the one [`Ctx::draw_charts`] drew when it drew it from `k` or from a
    /// key result equal to it (another period's packet shows the same check-ins in the
    /// same window), else drawn now; the same bytes either way, [`chart`] drawing from
    /// its key result alone.
    pub(crate) fn chart(&self, k: &KeyResultReview) -> Markup {
        match self.charts.get(k.row.id.as_str()) {
            Some((from, drawn)) if std::ptr::eq(*from, k) || *from == k => drawn.clone(),
            _ => chart(k),
        }
    }

    /// The path of every entity's and team's page (`objective/obj-1.html`), sorted.
    pub(crate) fn entity_paths(&self) -> impl Iterator<Item = String> + '_ {
        self.pages
            .keys()
            .map(|(folder, id)| format!("{folder}/{id}.html"))
    }

    /// The objectives that name `id` (an objective or a key result) among their parents.
    pub(crate) fn children(&self, id: &str) -> &[&'a ObjectiveRow] {
        self.children.get(id).map_or(&[], Vec::as_slice)
    }

    /// Whether `id` has a page of `kind`.
    pub(crate) fn has(&self, kind: EntityKind, id: &str) -> bool {
        self.pages.contains_key(&(folder(kind), id))
    }

    /// The relative address of `id`'s page of `kind` from a page `depth` folders down.
    pub(crate) fn href(depth: usize, kind: EntityKind, id: &str) -> String {
        format!("{}{}/{id}.html", "../".repeat(depth), folder(kind))
    }

    /// `id` and `title` (an empty one: the page's own title), linked to its page when it
    /// has one (from a page `depth` folders down).
    pub(crate) fn link(&self, depth: usize, kind: EntityKind, id: &str, title: &str) -> Markup {
        match self.pages.get(&(folder(kind), id)) {
            Some(own) => {
                let title = if title.is_empty() { own } else { title };
                html! { a href=(Self::href(depth, kind, id)) { (label(id, title)) } }
            }
            None => label(id, title),
        }
    }

    /// The page the site writes at `path` (`depth` folders down): `title`, the stylesheet
    /// and canonical links, the navigation, what `body` writes as the main content, and
    /// the stamp.
    pub(crate) fn page(
        &self,
        path: &str,
        title: &str,
        body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<SiteFile> {
        let up = "../".repeat(path.matches('/').count());
        let canonical = self
            .site
            .base_url
            .as_deref()
            .map(|base| format!("{}/{path}", base.trim_end_matches('/')));
        let shell = html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (sanitize(title)) }
                    link rel="stylesheet" href={ (up) (STYLESHEET) };
                    link rel="alternate" type="application/atom+xml" title="What moved" href={ (up) (FEED) };
                    @if let Some(c) = &canonical { link rel="canonical" href=(c); }
                }
                body {
                    header {
                        nav class="site" aria-label="Site" { ul {
                            li { a href={ (up) "index.html" } { "Dashboard" } }
                            li { a href={ (up) "tree.html" } { "Alignment tree" } }
                            li { a href={ (up) "week.html" } { "This week" } }
                            li { a href={ (up) "index.html#periods" } { "Review packets" } }
                            li { a href={ (up) "index.html#pages" } { "Every page" } }
                        } }
                    }
                    main { (hole()) }
                    (self.stamp())
                }
            }
        };
        let mut bytes = Vec::new();
        around(&mut bytes, &shell, body)?;
        writeln!(bytes)?;
        Ok(SiteFile {
            path: path.to_string(),
            bytes,
        })
    }

    /// The footer every page carries: the commit the plan was read at (or "not in git")
    /// and the as-of date.
    fn stamp(&self) -> Markup {
        let r = &self.site.report;
        html! {
            footer class="stamp" { p {
                @match &self.site.source {
                    Some(s) => {
                        "Built from commit " code class="id" { (sanitize(&s.commit)) }
                        @if s.uncommitted_changes { " with uncommitted changes" }
                    }
                    None => { "Built from a plan not in git" }
                }
                " · as of " (r.as_of) " · " (sanitize(&r.plan)) " · " (r.quarter.to_string())
            } }
        }
    }
}
