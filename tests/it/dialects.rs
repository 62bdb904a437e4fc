//! Sites written for Hugo, Jekyll, Zola and Astro (MDX), built with only
//! `base_url`, paths and `post_url` set: no template debris in any feed,
//! internal references resolved to the right post URLs, figures absolute,
//! and a card drawn from each post's front-matter or bundle image.

use std::path::Path;

use crate::util::{assert_well_formed, read_feed, SiteTest};

/// Every feed file under `public/`, as (relative path, text).
fn feeds(site: &SiteTest) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut pending = vec![site.path("public")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if matches!(
                path.file_name().and_then(|n| n.to_str()),
                Some("rss.xml" | "atom.xml" | "feed.json")
            ) {
                let relative = path.strip_prefix(&site.root).unwrap().display().to_string();
                found.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    found.sort();
    assert!(!found.is_empty(), "no feeds written");
    found
}

/// Builds a fixture and checks what every dialect site must satisfy.
fn build(name: &str) -> (SiteTest, String) {
    let site = SiteTest::new(name);
    let run = site.run(&["build"]);
    run.assert_code(0);
    for (path, text) in feeds(&site) {
        // Code samples show template syntax on purpose (each fixture has one).
        let prose = without_code(&text);
        for debris in [
            "{{",
            "}}",
            "{%",
            "%}",
            "import ",
            "export const",
            "\u{e000}",
        ] {
            assert!(!prose.contains(debris), "{debris:?} left in {path}");
        }
        let feed = read_feed(text.as_bytes());
        assert!(!feed.entries.is_empty(), "{path}");
        if path.ends_with(".xml") {
            assert_well_formed(text.as_bytes());
        }
    }
    (site, run.stderr)
}

/// A feed's text without its `<code>` elements, as JSON writes them and as
/// XML escapes them: what is left is prose, where no template syntax may stay.
fn without_code(text: &str) -> String {
    let mut text = text.to_string();
    for (open, close) in [("<code", "</code>"), ("&lt;code", "&lt;/code&gt;")] {
        let mut prose = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(start) = rest.find(open) {
            prose.push_str(&rest[..start]);
            let end = rest[start..]
                .find(close)
                .unwrap_or_else(|| panic!("unclosed code element in\n{text}"));
            rest = &rest[start + end + close.len()..];
        }
        prose.push_str(rest);
        text = prose;
    }
    text
}

/// The HTML content of the entry whose link is `url`, from the site Atom feed.
fn content_of(site: &SiteTest, atom: &str, url: &str) -> String {
    let feed = read_feed(&site.read(atom));
    let entry = feed
        .entries
        .iter()
        .find(|e| e.links.iter().any(|l| l.href == url))
        .unwrap_or_else(|| panic!("no entry for {url}"));
    entry
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .expect("full content")
}

/// The summary feed-rs reads for the entry at `url`.
fn summary_of(site: &SiteTest, atom: &str, url: &str) -> String {
    let feed = read_feed(&site.read(atom));
    let entry = feed
        .entries
        .iter()
        .find(|e| e.links.iter().any(|l| l.href == url))
        .unwrap();
    entry
        .summary
        .as_ref()
        .map(|s| s.content.clone())
        .unwrap_or_default()
}

/// Mean colour of a card: which hero it was drawn from shows in it.
fn mean_rgb(path: &Path) -> [f64; 3] {
    let image = image::open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .to_rgb8();
    let mut sum = [0u64; 3];
    for p in image.pixels() {
        for c in 0..3 {
            sum[c] += u64::from(p[c]);
        }
    }
    let n = f64::from(image.width() * image.height());
    sum.map(|s| s as f64 / n)
}

/// The card's dominant channel is the hero's (0 red, 1 green, 2 blue): not
/// the fallback background, and not another image of the bundle.
fn assert_card_from(site: &SiteTest, card: &str, channel: usize) {
    let rgb = mean_rgb(&site.path(card));
    for other in 0..3 {
        if other != channel {
            assert!(
                rgb[channel] > rgb[other] * 1.3,
                "{card}: mean colour {rgb:?}"
            );
        }
    }
}

#[test]

fn hugo_bundles_and_shortcodes() {
    let (site, stderr) = build("dialect-hugo");
    site.check_golden("public/blog/atom.xml", "atom.xml");
    let atom = "public/blog/atom.xml";
    let first = content_of(&site, atom, "https://ridge.example/posts/first-light/");
    for expected in [
        r#"<a href="https://ridge.example/posts/winter-schedule/" rel="noopener noreferrer">the winter plan</a>"#,
        r#"<a href="https://ridge.example/posts/night-shift/#calibration" rel="noopener noreferrer">their own notes</a>"#,
        r#"<figure><img src="https://ridge.example/posts/first-light/plot.png" alt="Seeing over the night"><figcaption>Seeing, in <em>arcseconds</em></figcaption></figure>"#,
        r#"<img src="https://ridge.example/posts/first-light/dome.png" alt="The dome at dusk">"#,
        r#"href="https://www.youtube.com/watch?v=aqz-KE-bpKQ""#,
        "<code class=\"language-python\">seeing = [1.2, 0.9, 0.8]",
        "The <strong>cooling fans</strong> stay on",
        "<details><summary>Equipment list</summary>",
        "<code>{{&lt; figure src=\"x.png\" &gt;}}</code>",
    ] {
        assert!(first.contains(expected), "{expected}\nnot in\n{first}");
    }
    let night = content_of(&site, atom, "https://ridge.example/posts/night-shift/");
    assert!(
        night.contains(r#"href="https://ridge.example/posts/first-light/""#),
        "{night}"
    );
    assert!(
        night.contains("and\nan old page that no longer exists"),
        "{night}"
    );
    assert!(
        night.contains("https://gist.github.com/observer/5f3a9c"),
        "{night}"
    );
    assert!(
        night.contains("https://x.com/ridgeobs/status/1790000000000000000"),
        "{night}"
    );
    // Title HTML stripped; summary stops at <!--more--> without shortcodes.
    let feed = read_feed(&site.read(atom));
    assert!(feed
        .entries
        .iter()
        .any(|e| e.title.as_ref().unwrap().content == "First light on the ridge"));
    assert_eq!(
        summary_of(&site, atom, "https://ridge.example/posts/first-light/"),
        "The dome opened at dusk and the mirror cooled for an hour. The schedule is in the winter plan, and the night crew wrote their own notes."
    );
    // One warning per unknown shortcode per site, one per unresolved ref.
    assert_eq!(stderr.matches("`badge`").count(), 1, "{stderr}");
    assert_eq!(stderr.matches("`notice`").count(), 1, "{stderr}");
    assert!(stderr.contains("content/posts/night-shift/index.md: warning: reference \"retired-page.md\" names no post"), "{stderr}");
    // images: [dome.png, …] → red; the bundle's feature-sky.png → green;
    // cover: {image: …} → blue.
    assert_card_from(&site, "public/blog/cards/first-light.png", 0);
    assert_card_from(&site, "public/blog/cards/night-shift.png", 1);
    assert_card_from(&site, "public/blog/cards/winter-schedule.png", 2);
}

#[test]

fn jekyll_liquid() {
    let (site, stderr) = build("dialect-jekyll");
    site.check_golden("public/blog/atom.xml", "atom.xml");
    let atom = "public/blog/atom.xml";
    let count = content_of(&site, atom, "https://lantern.example/notes/winter-count/");
    for expected in [
        r#"href="https://lantern.example/notes/spring-return/""#,
        r#"src="https://lantern.example/notes/assets/img/count.png""#,
        r#"src="https://lantern.example/notes/assets/img/map.png""#,
        "<code class=\"language-ruby\">count = finches.sum",
        "Old sheets say <em>tally</em> in the margin.",
    ] {
        assert!(count.contains(expected), "{expected}\nnot in\n{count}");
    }
    assert!(
        !count.contains("February") && !count.contains("gallery") && !count.contains("{:"),
        "{count}"
    );
    let spring = content_of(&site, atom, "https://lantern.example/notes/spring-return/");
    assert!(
        spring.contains(r#"href="https://lantern.example/notes/winter-count/""#),
        "{spring}"
    );
    // A theme's figure include (Minimal Mistakes) becomes a figure.
    assert!(
        spring.contains(r#"<figure><img src="https://lantern.example/notes/assets/img/spring.png" alt="Swallows on the wire"><figcaption>Back on the <em>tenth</em></figcaption></figure>"#),
        "{spring}"
    );
    assert_eq!(
        summary_of(&site, atom, "https://lantern.example/notes/spring-return/"),
        "Swallows were back on the tenth. Last winter's tally is in the count."
    );
    assert_eq!(stderr.matches("`include`").count(), 1, "{stderr}");
    assert_card_from(&site, "public/blog/cards/winter-count.png", 0);
    assert_card_from(&site, "public/blog/cards/spring-return.png", 2);
}

#[test]

fn zola_shortcodes_taxonomies_and_internal_links() {
    let (site, stderr) = build("dialect-zola");
    site.check_golden("public/blog/atom.xml", "atom.xml");
    let atom = "public/blog/atom.xml";
    let tables = content_of(&site, atom, "https://tideline.example/blog/tide-tables/");
    for expected in [
        r#"href="https://tideline.example/blog/neap-tides/#why""#,
        r#"<figure><img src="https://tideline.example/blog/tide-tables/chart.png" alt="The harbour chart">"#,
        r#"href="https://www.youtube.com/watch?v=aqz-KE-bpKQ""#,
        "Read the <strong>whole</strong> table.",
    ] {
        assert!(tables.contains(expected), "{expected}\nnot in\n{tables}");
    }
    let neap = content_of(&site, atom, "https://tideline.example/blog/neap-tides/");
    assert!(
        neap.contains(r#"href="https://tideline.example/blog/tide-tables/""#),
        "{neap}"
    );
    // [taxonomies] tags and categories make category feeds.
    assert!(site.path("public/blog/tides/atom.xml").is_file());
    assert!(site.path("public/blog/science/atom.xml").is_file());
    assert_eq!(stderr.matches("`tide_widget`").count(), 1, "{stderr}");
    assert_card_from(&site, "public/blog/cards/tide-tables.png", 1);
}

#[test]

fn astro_mdx_posts() {
    let (site, stderr) = build("dialect-astro");
    site.check_golden("public/blog/atom.xml", "atom.xml");
    let atom = "public/blog/atom.xml";
    let vise = content_of(&site, atom, "https://workbench.example/blog/bench-vise/");
    for expected in [
        r#"<img src="https://workbench.example/blog/bench-vise/clamp.png" alt="The clamp, closed">"#,
        "Wax the <strong>screw</strong> before the first use.",
        r#"href="https://www.youtube.com/watch?v=aqz-KE-bpKQ""#,
        "&lt;Callout&gt;kept in code&lt;/Callout&gt;",
        "<p><strong>Mind the screw</strong></p>\n<p>Do not overtighten the jaws.</p>",
    ] {
        assert!(vise.contains(expected), "{expected}\nnot in\n{vise}");
    }
    assert!(
        !vise.contains("Photos from the second")
            && !vise.contains("PartsTable")
            && !vise.contains(":::"),
        "{vise}"
    );
    assert_eq!(stderr.matches("`<PartsTable>`").count(), 1, "{stderr}");
    assert_card_from(&site, "public/blog/cards/bench-vise.png", 0);
    assert_card_from(&site, "public/blog/cards/sharpening.png", 2);
}
