//! The site's `feed.xml` read by a real XML parser (roxmltree) and checked against RFC
//! 4287's requirements (issue 24): a well-formed document whose root is an `atom:feed`
//! with exactly one `id` (an absolute IRI), `title`, `updated` (RFC 3339) and an `author`
//! with one `name`; each entry with exactly one `id` (unique in the feed), `title` and
//! `updated`, and, having no `content`, a `link rel="alternate"` that resolves to a page
//! of the site; entries newest first.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::DateTime;
use roxmltree::{Document, Node};

use crate::common::platform_copy;
use crate::site::build;

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// The children of `node` named `name` in the Atom namespace.
fn atom<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
    node.children()
        .filter(|c| c.is_element() && c.tag_name().name() == name)
        .inspect(|c| assert_eq!(c.tag_name().namespace(), Some(ATOM), "{name}"))
        .collect()
}

/// The text of the one child `name` of `node`, which must have exactly one.
fn one(node: Node<'_, '_>, name: &str) -> String {
    let found = atom(node, name);
    assert_eq!(found.len(), 1, "{name} of <{}>", node.tag_name().name());
    found[0].text().unwrap_or("").to_string()
}

/// An RFC 3339 date-time.
fn date(text: &str) -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// Checks the feed of the site in `site` against RFC 4287; returns the feed's id and the
/// entries' ids, in order.
fn check(site: &Path) -> (String, Vec<String>) {
    let xml = std::fs::read_to_string(site.join("feed.xml")).unwrap();
    let doc = Document::parse(&xml).unwrap();
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    let id = one(feed, "id");
    assert!(!one(feed, "title").is_empty());
    date(&one(feed, "updated"));
    let authors = atom(feed, "author");
    assert_eq!(authors.len(), 1);
    assert!(!one(authors[0], "name").is_empty());
    let mut ids = Vec::new();
    let mut last = None;
    for entry in atom(feed, "entry") {
        let entry_id = one(entry, "id");
        assert!(!ids.contains(&entry_id), "duplicate id {entry_id}");
        ids.push(entry_id);
        assert!(!one(entry, "title").is_empty());
        let updated = date(&one(entry, "updated"));
        assert!(last.is_none_or(|l| updated <= l), "not newest first");
        last = Some(updated);
        assert!(atom(entry, "content").is_empty());
        let links = atom(entry, "link");
        let alternate: Vec<&str> = links
            .iter()
            .filter(|l| l.attribute("rel").is_none_or(|r| r == "alternate"))
            .filter_map(|l| l.attribute("href"))
            .collect();
        assert_eq!(alternate.len(), 1, "{links:?}");
        assert!(!alternate[0].contains("://"), "{}", alternate[0]);
        assert!(site.join(alternate[0]).is_file(), "{}", alternate[0]);
    }
    (id, ids)
}

/// The site of a copy of the platform example with `args`.
fn platform_site(args: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, plan) = platform_copy();
    let site = dir.path().join("public");
    build(&plan, &site, args);
    (dir, site)
}

#[test]
fn the_feed_is_atom_by_rfc_4287() {
    let (_dir, site) = platform_site(&[]);
    let (id, entries) = check(&site);
    // Tag URIs (RFC 4151) without `--base-url`: absolute IRIs that need no host.
    assert_eq!(id, "tag:northstar,2026-11-20:feed");
    assert_eq!(entries.len(), 68);
    assert!(entries.iter().all(|e| e.starts_with("tag:northstar,2026-")));
    assert_eq!(entries.iter().collect::<BTreeSet<_>>().len(), entries.len());
}

#[test]
fn with_a_base_url_the_feed_ids_are_under_it() {
    let (_dir, site) = platform_site(&["--base-url", "https://okrs.example.com/plan/"]);
    let (id, entries) = check(&site);
    assert_eq!(id, "https://okrs.example.com/plan/feed.xml#feed");
    assert!(
        entries
            .iter()
            .all(|e| e.starts_with("https://okrs.example.com/plan/feed.xml#")),
        "{entries:?}"
    );
}
