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

#[test]
fn meta_snippet_links_feeds_canonical_description_and_article_tags() {
    let site = SiteTest::new("basic");
    site.run(&["build"]).assert_code(0);
    let html = site.read_string("public/blog/meta/spring-tides.html");
    for expected in [
        r#"<link rel="canonical" href="https://tides.example/blog/spring-tides">"#,
        r#"<link rel="alternate" type="application/rss+xml" title="Tide Tables" href="https://tides.example/blog/rss.xml">"#,
        r#"<link rel="alternate" type="application/atom+xml" title="Tide Tables" href="https://tides.example/blog/atom.xml">"#,
        r#"<link rel="alternate" type="application/feed+json" title="Tide Tables" href="https://tides.example/blog/feed.json">"#,
        r#"href="https://tides.example/blog/science/rss.xml">"#,
        r#"<meta name="description" content="Why the moon and the sun sometimes pull together.">"#,
        r#"<meta property="article:tag" content="Science">"#,
    ] {
        assert!(html.contains(expected), "missing {expected}\n{html}");
    }
    assert!(
        !html.contains("/blog/news/rss.xml"),
        "only the post's own category feeds: {html}"
    );
}

#[test]
fn site_accounts_and_locale_reach_the_meta_snippet() {
    let site = SiteTest::new("basic");
    let config = site.path("feedcard.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let text = text.replacen(
        "[site]\n",
        "[site]\ntwitter = \"@tides\"\nfediverse = \"@office@harbour.example\"\nlocale = \"en_GB\"\n",
        1,
    );
    std::fs::write(&config, text).unwrap();
    site.run(&["build"]).assert_code(0);
    let html = site.read_string("public/blog/meta/spring-tides.html");
    for expected in [
        r#"<meta name="twitter:site" content="@tides">"#,
        r#"<meta name="twitter:creator" content="@tides">"#,
        r#"<meta name="fediverse:creator" content="@office@harbour.example">"#,
        r#"<meta property="og:locale" content="en_GB">"#,
    ] {
        assert!(html.contains(expected), "missing {expected}\n{html}");
    }
}

#[test]
fn head_html_has_the_site_feed_discovery_links() {
    let site = SiteTest::new("basic");
    site.run(&["build"]).assert_code(0);
    let head = site.read_string("public/blog/head.html");
    assert!(
        head.contains(r#"<link rel="alternate" type="application/rss+xml" title="Tide Tables" href="https://tides.example/blog/rss.xml">"#),
        "{head}"
    );
    assert!(
        !head.contains("/blog/science/"),
        "category feeds belong to posts: {head}"
    );
}

#[test]
fn manifest_matches_its_json_schema() {
    let schema_path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/manifest.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema is valid");
    for (fixture, file, first_format) in [
        ("basic", "public/blog/manifest.json", "rss"),
        ("hugo-site", "public/posts/manifest.json", "rss"),
        ("webflow-fields", "public/blog/manifest.json", "rss"),
    ] {
        let site = SiteTest::new(fixture);
        site.run(&["build"]);
        let manifest: serde_json::Value = serde_json::from_slice(&site.read(file)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&manifest)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{fixture}: {errors:#?}");
        assert_eq!(manifest["version"], 1);
        assert_eq!(manifest["feeds"][0]["files"][0]["format"], first_format);
    }
    // The schema can fail: a manifest without its version is rejected.
    let mut broken = serde_json::json!({});
    broken["generator"] = "feedcard 0".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn feeds_link_the_built_in_stylesheet_which_is_written_beside_them() {
    let site = SiteTest::new("basic");
    site.run(&["build"]).assert_code(0);
    let rss = site.read_string("public/blog/rss.xml");
    assert!(
        rss.contains(
            r#"<?xml-stylesheet type="text/xsl" href="https://tides.example/blog/feed.xsl"?>"#
        ),
        "{}",
        &rss[..200]
    );
    let xsl = site.read_string("public/blog/feed.xsl");
    let doc = roxmltree::Document::parse(&xsl).expect("the stylesheet is well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "stylesheet");
    assert!(xsl.contains("This is a web feed"));
    crate::util::read_feed(rss.as_bytes());

    std::fs::write(
        site.path("feedcard.toml"),
        std::fs::read_to_string(site.path("feedcard.toml"))
            .unwrap()
            .replacen("[feeds]\n", "[feeds]\nstylesheet = false\n", 1),
    )
    .unwrap();
    let off = SiteTest::new("basic");
    std::fs::write(
        off.path("feedcard.toml"),
        std::fs::read_to_string(site.path("feedcard.toml")).unwrap(),
    )
    .unwrap();
    off.run(&["build"]).assert_code(0);
    assert!(!off
        .read_string("public/blog/rss.xml")
        .contains("xml-stylesheet"));
    assert!(!off.path("public/blog/feed.xsl").exists());
}
