//! The glue files: meta snippets, manifest, gallery.

use crate::util::SiteTest;

#[test]
fn meta_snippet_has_escaped_twitter_and_open_graph_tags() {
    let site = SiteTest::new("basic");
    site.run(&["build"]).assert_code(0);
    let html = site.read_string("public/blog/meta/spring-tides.html");
    for expected in [
        r#"<meta name="twitter:card" content="summary">"#,
        r#"<meta name="twitter:title" content="Spring tides &amp; neap tides">"#,
        r#"<meta name="twitter:image" content="https://tides.example/blog/cards/spring-tides.png">"#,
        r#"<meta property="og:image:width" content="800">"#,
        r#"<meta property="og:image:height" content="800">"#,
        r#"<meta property="og:url" content="https://tides.example/blog/spring-tides">"#,
        r#"<meta property="og:type" content="article">"#,
    ] {
        assert!(html.contains(expected), "missing {expected}\n{html}");
    }
}

#[test]
fn manifest_lists_every_built_post_with_its_card() {
    let site = SiteTest::new("basic");
    site.run(&["build"]).assert_code(0);
    let manifest: serde_json::Value =
        serde_json::from_slice(&site.read("public/blog/manifest.json")).unwrap();
    let posts = manifest["posts"].as_array().unwrap();
    let slugs: Vec<&str> = posts.iter().map(|p| p["slug"].as_str().unwrap()).collect();
    assert_eq!(
        slugs,
        [
            "harbour-hours",
            "spring-tides",
            "new-buoys",
            "tide-gauge",
            "storm-log"
        ]
    );
    let card = &posts[1]["card"];
    assert_eq!(card["kind"], "summary");
    assert_eq!(card["width"], 800);
    let bytes = site.read("public/blog/cards/spring-tides.png").len() as u64;
    assert_eq!(card["bytes"], bytes);
    assert_eq!(posts[1]["source"], "spring-tides.md");
}

#[test]
fn gallery_shows_every_card_without_javascript() {
    let site = SiteTest::new("basic");
    site.run(&["build"]).assert_code(0);
    let html = site.read_string("public/blog/cards/index.html");
    assert!(!html.contains("<script"));
    for slug in [
        "harbour-hours",
        "spring-tides",
        "new-buoys",
        "tide-gauge",
        "storm-log",
    ] {
        assert!(html.contains(&format!("src=\"{slug}.png\"")), "{slug}");
    }
    assert!(html.contains("Spring tides &amp; neap tides"));
}
