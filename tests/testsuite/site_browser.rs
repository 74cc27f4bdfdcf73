//! The site in a real browser (issue 24): for every bundled example, headless Chromium
//! opens the site's index and three deep pages (an objective, a key result and a bet, or
//! a metric where the plan has no bet) and takes a screenshot of each, which must be the
//! window's size and hold far more than an empty page does. With
//! `NORTHSTAR_UPDATE_SCREENSHOTS=1` the platform example's index is copied to
//! docs/site-1000.png, which the README shows.

use std::path::{Path, PathBuf};

use crate::common::tool;
use crate::review::headless;
use crate::site::{build, example_copy};

/// The window screenshots are taken in, in pixels.
const WIDTH: usize = 1000;
const HEIGHT: usize = 1400;

/// Takes a screenshot of `page` into `png` at [`WIDTH`] × [`HEIGHT`]; its size in bytes.
fn screenshot(chromium: &Path, dir: &Path, page: &Path, png: &Path) -> u64 {
    headless(
        chromium,
        dir,
        page,
        &[
            format!("--screenshot={}", png.display()),
            format!("--window-size={WIDTH},{HEIGHT}"),
        ],
    );
    let size = imagesize::size(png).unwrap();
    assert_eq!(
        (size.width, size.height),
        (WIDTH, HEIGHT),
        "{}",
        page.display()
    );
    std::fs::metadata(png).unwrap().len()
}

/// The first page (by name) in `folder` of the site in `site`.
fn first(site: &Path, folder: &str) -> Option<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(site.join(folder))
        .ok()?
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    pages.into_iter().next()
}

#[test]
fn every_examples_site_renders_in_chromium() {
    let Some(chromium) = tool(
        &["chromium", "chromium-browser", "google-chrome"],
        "apt-get install chromium",
    ) else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    // An empty page's screenshot: the size a page with nothing drawn compresses to.
    let blank = work.path().join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><html><body></body></html>").unwrap();
    let empty = screenshot(
        &chromium,
        work.path(),
        &blank,
        &work.path().join("blank.png"),
    );
    let update = std::env::var_os("NORTHSTAR_UPDATE_SCREENSHOTS").is_some();
    for example in ["fiscal", "measured", "org", "platform", "startup"] {
        let (dir, plan) = example_copy(example);
        let site = dir.path().join("public");
        build(&plan, &site, &[]);
        let deep = first(&site, "bet").or_else(|| first(&site, "metric"));
        let pages = [
            Some(site.join("index.html")),
            first(&site, "objective"),
            first(&site, "kr"),
            deep,
        ];
        for (n, page) in pages.into_iter().enumerate() {
            let page = page.unwrap_or_else(|| panic!("{example}: page {n} missing"));
            let png = dir.path().join(format!("{n}.png"));
            let bytes = screenshot(&chromium, dir.path(), &page, &png);
            // Text, tables and charts: several times what an empty page compresses to.
            assert!(
                bytes > 3 * empty,
                "{example}: {} is {bytes} bytes, an empty page {empty}",
                page.display()
            );
            if update && example == "platform" && n == 0 {
                let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
                std::fs::copy(&png, docs.join("site-1000.png")).unwrap();
            }
        }
    }
}
