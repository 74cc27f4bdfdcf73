//! The HTML pages: the review packet ([`review`]) and the weekly dashboard
//! ([`HtmlRenderer`], `status --format html`), each one self-contained page in the same
//! shell ([`page`]): inline CSS and SVG (progress bars, sparklines, and per key result a
//! chart of its check-ins), a print stylesheet (A4 and Letter; pillars share a page when
//! they fit) and a dark-mode screen style; no script, no external asset.
//!
//! The pages are built with [`maud`], which escapes every interpolated value, so plan text
//! can only ever be text. Control characters are stripped from it first ([`sanitize`]). The
//! only unescaped markup is the constant stylesheet: the SVGs are maud elements too.
//!
//! What the pages promise a reader: every status carries a glyph and a word, not only a
//! colour; text colours meet WCAG AA contrast (4.5:1) on both backgrounds; every chart has
//! a text alternative that states its numbers (`aria-label`); on a phone (under 40 rem)
//! each table row is a card, its cells after their column's name (`data-label`); a table
//! wider than the screen above that scrolls sideways inside its own box; words are never
//! broken letter by letter.
//!
//! The shell and the pieces both pages use are here; [`chart`] draws the SVG charts,
//! [`packet`] the review packet and [`dashboard`] the report views.

mod chart;
mod dashboard;
mod packet;
mod site;

use std::io::{self, Write};

use maud::{DOCTYPE, Markup, PreEscaped, html};

pub use self::dashboard::HtmlRenderer;
pub use self::packet::review;
pub(crate) use self::site::{Sink, SiteFile, paths as site_paths, write as write_site};
use crate::analysis::report::Status;
use crate::render::text::status_label;
use crate::text::{percent, sanitize};

const CSS: &str = r#"
:root { --fg: #1d2430; --muted: #5b6472; --line: #d5dae1; --grid: #eceff3; --bg: #ffffff; --done: #0e6b8c; --ok: #1a7340; --warn: #975a16; --bad: #c53030; --accent: #2b6cb0; }
@media screen and (prefers-color-scheme: dark) {
  :root { --fg: #e6e9ee; --muted: #a0a8b5; --line: #3a4250; --grid: #262c36; --bg: #161a21; --done: #4fd1c5; --ok: #48bb78; --warn: #ecc94b; --bad: #fc8181; --accent: #63b3ed; }
}
* { box-sizing: border-box; }
body { font: 11pt/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); margin: 2rem auto; max-width: 64rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.4rem 0 .4rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem; break-after: avoid; }
p { margin: .4rem 0; }
p.meta, .meta, p.legend { color: var(--muted); }
p.meta { margin: 0 0 .6rem; }
p.summary { font-size: 1.05rem; }
.whole { white-space: nowrap; }
code.id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .88em; white-space: nowrap; }
.scroll { overflow-x: auto; margin: .4rem 0 .8rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .45rem; text-align: left; vertical-align: top; overflow-wrap: normal; word-break: normal; }
th { color: var(--muted); font-weight: 600; font-size: .85rem; white-space: nowrap; }
td.label { min-width: 14em; }
.pct { display: inline-block; min-width: 2.6em; text-align: right; }
td.num, th.num { text-align: right; }
th.num, td.nowrap { white-space: nowrap; }
td.status, td.grade { white-space: nowrap; }
td.chart { padding-top: .1rem; padding-bottom: .1rem; }
tr.kr td.label { padding-left: 1.4rem; }
tr.objective td { border-top: 1px solid var(--line); }
.done { color: var(--done); }
.ok, .on-track, .met { color: var(--ok); }
.at-risk { color: var(--warn); }
.off-track, .breach, .not-met { color: var(--bad); }
.no-data, .tracking, .not-started, .draft { color: var(--muted); }
svg { vertical-align: middle; }
svg.bar .track { fill: var(--line); } svg.bar .fill { fill: var(--accent); }
svg.spark polyline { fill: none; stroke: var(--accent); stroke-width: 1.5; }
svg.chart { display: block; }
svg.chart text { font: 8px -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--muted); }
svg.chart text.latest { fill: var(--fg); font-weight: 600; }
svg.chart .axis { stroke: var(--muted); stroke-width: 1; }
svg.chart .grid { stroke: var(--grid); stroke-width: 1; }
svg.chart .target { stroke: var(--ok); stroke-width: 1; }
svg.chart .limit { stroke: var(--bad); stroke-width: 1; stroke-dasharray: 4 2; }
svg.chart .pace { stroke: var(--muted); stroke-dasharray: 3 3; stroke-width: 1; }
svg.chart .actual { fill: none; stroke: var(--accent); stroke-width: 1.5; }
svg.chart .dot { fill: var(--accent); stroke: var(--bg); stroke-width: 1; }
svg.chart .dot.miss { fill: var(--bad); }
/* On a phone each table row becomes a card: cells stacked, each after its column's name. */
@media screen and (max-width: 40rem) {
  body { margin: 1rem auto; }
  .scroll { overflow-x: visible; }
  .scroll table, .scroll tbody { display: block; width: auto; }
  .scroll thead { display: none; }
  .scroll tr { display: flex; flex-wrap: wrap; align-items: baseline; border-bottom: 1px solid var(--line); padding: .35rem 0; }
  .scroll td.label, .scroll td.chart { flex: 0 0 100%; }
  .scroll tr.objective td { border-top: 0; }
  .scroll td { display: block; border: 0; padding: .08rem .45rem; text-align: left; white-space: normal; min-width: 0; }
  .scroll td:empty { display: none; }
  .scroll td[data-label]::before { content: attr(data-label); color: var(--muted); font-size: .8rem; margin-right: .4em; }
}
@page { margin: 12mm 11mm; } /* no fixed size: the same page prints on A4 and on Letter */
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 8.5pt; line-height: 1.3; color: #000; background: #fff; }
  h1 { font-size: 1.35rem; }
  h2 { font-size: 1.05rem; margin: .9rem 0 .3rem; }
  /* A pillar flows across pages (kept whole, one taller than the space left jumped to the
     next page and left the rest blank); an objective keeps its first key result. */
  tr.objective { break-after: avoid; }
  h2 + .scroll, h2 + p { break-before: avoid; }
  .scroll { overflow: visible; margin: .2rem 0 .5rem; }
  th, td { padding: .15rem .35rem; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  td.label { min-width: 11em; }
  svg.chart { width: 168px; height: 60.2px; }
  body > :last-child { margin-bottom: 0; }
}
"#;

/// Where [`around`] splits a piece of markup: a comment no interpolated text can hold
/// (maud escapes every `<` in it).
const HOLE: &str = "<!--northstar:hole-->";

/// The place in a piece of markup where [`around`] writes what goes inside it.
fn hole() -> PreEscaped<&'static str> {
    PreEscaped(HOLE)
}

/// Writes `shell` with what `fill` writes in place of its [`hole`]: a long page written
/// piece by piece (a pillar's rows, an objective at a time) instead of nested into one
/// string after another; byte for byte the page built whole.
fn around(
    out: &mut dyn Write,
    shell: &Markup,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let (before, after) = shell.0.split_once(HOLE).expect("the shell has a hole");
    out.write_all(before.as_bytes())?;
    fill(out)?;
    out.write_all(after.as_bytes())
}

/// Writes `markup` to `out`.
fn put(out: &mut dyn Write, markup: &Markup) -> io::Result<()> {
    out.write_all(markup.0.as_bytes())
}

/// Writes one self-contained page: `title`, the stylesheet, and the body `body` writes,
/// then a newline.
fn page(
    out: &mut dyn Write,
    title: &str,
    body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (sanitize(title)) }
                style { (PreEscaped(CSS)) }
            }
            body { (hole()) }
        }
    };
    around(out, &page, body)?;
    writeln!(out)
}

/// A period label or a date that never breaks across lines (`2026-Q4` broke after its
/// hyphen in a narrow title).
fn whole(text: &str) -> Markup {
    html! { span class="whole" { (text) } }
}

/// An id in monospace, set apart from the title after it.
fn id(id: &str) -> Markup {
    html! { code class="id" { (sanitize(id)) } }
}

/// An id, then its title in normal text.
fn label(entity: &str, title: &str) -> Markup {
    html! { (id(entity)) " " (sanitize(title)) }
}

/// A table inside a box that scrolls sideways when the screen is narrower than the table,
/// and whose rows become cards on a phone (the stylesheet's `max-width: 40rem` rule; every
/// cell but the first carries its column's name in `data-label`).
fn scroll(table: &Markup) -> Markup {
    html! { div class="scroll" { (table) } }
}

/// A progress bar as inline SVG (0–1, clamped), with the percentage as text for readers
/// without SVG (of a fixed width, so the bars line up).
fn bar(progress: f64) -> Markup {
    let width = (progress.clamp(0.0, 1.0) * 100.0).round();
    let label = percent(progress);
    html! {
        svg class="bar" viewBox="0 0 100 8" width="80" height="8" aria-hidden="true" {
            rect class="track" width="100" height="8" rx="2" {}
            rect class="fill" width=(width) height="8" rx="2" {}
        }
        " " span class="pct" { (label) }
    }
}

/// A status as its glyph and word, coloured by its class.
fn status_span(s: Status) -> Markup {
    html! { span class=(s.as_str()) { (sanitize(&status_label(s))) } }
}

/// A header row; the columns at `right` are right-aligned.
fn head(cells: &[&str], right: &[usize]) -> Markup {
    html! {
        thead { tr { @for (i, c) in cells.iter().enumerate() {
            th class=[right.contains(&i).then_some("num")] { (sanitize(c)) }
        } } }
    }
}

#[cfg(test)]
mod tests {
    use super::CSS;

    /// The colour variables of the first `:root { … }` at or after `from` in the stylesheet.
    fn palette(from: &str) -> Vec<(String, String)> {
        let at = CSS.find(from).unwrap();
        let root = &CSS[at..];
        let block = &root[root.find(":root {").unwrap()..];
        let block = &block[..block.find('}').unwrap()];
        regex::Regex::new(r"--([a-z]+): (#[0-9a-f]{6})")
            .unwrap()
            .captures_iter(block)
            .map(|c| (c[1].to_string(), c[2].to_string()))
            .collect()
    }

    /// WCAG 2.2's relative luminance of an sRGB colour `#rrggbb` (0–1): the linearised
    /// channels weighted 0.2126, 0.7152, 0.0722 (WCAG 2.2, "relative luminance").
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap()) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
    }

    /// WCAG 2.2's contrast ratio (1–21): (L1 + 0.05) / (L2 + 0.05), L1 the lighter.
    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn contrast_follows_the_wcag_definition() {
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
        assert!((contrast("#777777", "#ffffff") - 4.478).abs() < 1e-3);
    }

    /// Every colour that text is written in meets WCAG AA (4.5:1) on its background, in the
    /// light and in the dark style.
    #[test]
    fn text_colours_meet_wcag_aa_on_both_backgrounds() {
        for from in [":root {", "prefers-color-scheme: dark"] {
            let colours = palette(from);
            let bg = &colours.iter().find(|(n, _)| n == "bg").unwrap().1;
            let text: Vec<_> = colours
                .iter()
                .filter(|(n, _)| !matches!(n.as_str(), "bg" | "line" | "grid"))
                .collect();
            assert_eq!(text.len(), 7, "{from}: {colours:?}");
            for (name, hex) in text {
                let ratio = contrast(hex, bg);
                assert!(
                    ratio >= 4.5,
                    "{from}: --{name} {hex} on {bg} is {ratio:.2}:1"
                );
            }
        }
    }
}
