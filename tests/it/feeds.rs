//! Feeds on a small fixture site: byte-exact goldens, an independent reader
//! (feed-rs), strict XML, order, exclusions, category feeds, determinism.

use crate::util::{assert_well_formed, read_feed, SiteTest};

const FEEDS: [&str; 3] = ["rss.xml", "atom.xml", "feed.json"];

fn built(fixture: &str) -> SiteTest {
    let site = SiteTest::new(fixture);
    site.run(&["build"]).assert_code(0);
    site
}

#[test]
fn site_feeds_match_their_goldens_and_parse() {
    let site = built("basic");
    for name in FEEDS {
        let relative = format!("public/blog/{name}");
        site.check_golden(&relative, name);
        let bytes = site.read(&relative);
        if name.ends_with(".xml") {
            assert_well_formed(&bytes);
        }
        let feed = read_feed(&bytes);
        assert_eq!(
            feed.entries.len(),
            5,
            "{name}: drafts and scheduled posts stay out"
        );
    }
}

#[test]
fn entries_are_newest_first_with_the_slug_breaking_ties() {
    let site = built("basic");
    let feed = read_feed(&site.read("public/blog/atom.xml"));
    let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            // Same published instant: the slug decides.
            "https://tides.example/blog/harbour-hours",
            "https://tides.example/blog/spring-tides",
            "https://tides.example/blog/new-buoys",
            "https://tides.example/blog/tide-gauge",
            "https://tides.example/blog/storm-log",
        ]
    );
}

#[test]
fn dates_come_from_the_front_matter_in_the_site_time_zone() {
    let site = built("basic");
    let feed = read_feed(&site.read("public/blog/atom.xml"));
    let entry = |slug: &str| {
        feed.entries
            .iter()
            .find(|e| e.id.ends_with(slug))
            .unwrap_or_else(|| panic!("no entry {slug}"))
    };
    let spring = entry("/spring-tides");
    assert_eq!(
        spring.published.unwrap().to_rfc3339(),
        "2025-06-01T12:00:00+00:00"
    );
    assert_eq!(
        spring.updated.unwrap().to_rfc3339(),
        "2025-06-02T08:00:00+00:00"
    );
    // A date-only value is midnight in America/New_York.
    let buoys = entry("/new-buoys");
    assert_eq!(
        buoys.published.unwrap().to_rfc3339(),
        "2025-05-20T04:00:00+00:00"
    );
    // The feed changed when its newest post was updated, not when it was built.
    assert_eq!(
        feed.updated.unwrap().to_rfc3339(),
        "2025-06-02T08:00:00+00:00"
    );
}

#[test]
fn every_category_gets_all_three_feeds() {
    let site = built("basic");
    for (category, count) in [("news", 3), ("science", 2), ("safety", 1)] {
        for name in FEEDS {
            let bytes = site.read(&format!("public/blog/{category}/{name}"));
            assert_eq!(read_feed(&bytes).entries.len(), count, "{category}/{name}");
        }
    }
}

#[test]
fn body_html_is_sanitised_and_links_are_absolute() {
    let site = built("basic");
    let rss = site.read_string("public/blog/rss.xml");
    assert!(!rss.contains("<script"), "scripts are removed");
    assert!(!rss.contains("onerror"), "event handlers are removed");
    assert!(
        rss.contains("https://tides.example/almanac"),
        "root-relative links become absolute"
    );
    assert!(
        rss.contains("https://tides.example/blog/tide-gauge/gauge.png"),
        "page-relative images resolve against the post's URL"
    );
}

#[test]
fn a_second_build_writes_identical_bytes() {
    let site = built("basic");
    let first: Vec<Vec<u8>> = FEEDS
        .iter()
        .map(|n| site.read(&format!("public/blog/{n}")))
        .collect();
    site.run(&["build"]).assert_code(0);
    let second: Vec<Vec<u8>> = FEEDS
        .iter()
        .map(|n| site.read(&format!("public/blog/{n}")))
        .collect();
    assert_eq!(first, second);
}

#[test]
fn a_webflow_export_works_through_the_fields_table() {
    let site = built("webflow-fields");
    let feed = read_feed(&site.read("public/blog/atom.xml"));
    let titles: Vec<&str> = feed
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.as_str())
        .collect();
    assert_eq!(
        titles,
        ["Pruning season starts"],
        "_draft and _archived stay out"
    );
    let entry = &feed.entries[0];
    assert_eq!(
        entry.summary.as_ref().unwrap().content,
        "Bring gloves; we start with the old pear trees."
    );
    assert!(site.path("public/blog/cards/pruning-season.png").is_file());
}

#[test]
fn a_hugo_site_with_toml_front_matter_and_bundles_builds() {
    let site = SiteTest::new("hugo-site");
    let run = site.run(&["build"]);
    run.assert_code(0);
    // The bundle's relative cover resolves; only the post without a hero warns.
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(warnings[0].starts_with("content/posts/winter-schedule.md: warning: no hero"));
    assert!(
        !site.path("public/posts/feed.json").exists(),
        "formats limit the output"
    );
    let feed = read_feed(&site.read("public/posts/atom.xml"));
    let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "https://station.example/posts/winter-schedule/",
            "https://station.example/posts/first-light/",
        ]
    );
    let first_light = &feed.entries[1];
    assert_eq!(
        first_light.updated.unwrap().to_rfc3339(),
        "2025-09-03T18:00:00+00:00"
    );
    assert_eq!(
        first_light.published.unwrap().to_rfc3339(),
        "2025-09-01T04:12:00+00:00"
    );
    let log = read_feed(&site.read("public/posts/log/rss.xml"));
    assert_eq!(log.entries.len(), 2);
}
