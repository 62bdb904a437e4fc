//! Multilingual sites (issue 13): the Zola layout (`index.es.md` bundles), the
//! Hugo layouts (`post.fr.md` suffix, `content/fr/…` folders) and front-matter
//! `lang`. Translations are not duplicates; each language's feeds hold exactly
//! its posts, newest first, with its language; every translation's meta
//! snippet links the others with hreflang.

use crate::util::{assert_well_formed, read_feed, SiteTest};

const FEEDS: [&str; 3] = ["rss.xml", "atom.xml", "feed.json"];

fn built(fixture: &str) -> SiteTest {
    let site = SiteTest::new(fixture);
    let run = site.run(&["build", "--no-cards"]);
    run.assert_code(0);
    assert!(
        !run.stderr.contains("already used"),
        "a translation was reported as a duplicate:\n{}",
        run.stderr
    );
    site
}

/// Checks the three feeds under `dir`: well-formed, the language attribute
/// set to `lang`, and exactly the posts at `urls`, in that order.
fn assert_feeds(site: &SiteTest, dir: &str, lang: &str, urls: &[&str]) {
    for name in FEEDS {
        let relative = format!("public{dir}/{name}");
        let bytes = site.read(&relative);
        if name.ends_with(".xml") {
            assert_well_formed(&bytes);
        }
        let feed = read_feed(&bytes);
        // RSS writes language codes in lower case, as its spec lists them.
        assert_eq!(
            feed.language.as_deref().map(str::to_ascii_lowercase),
            Some(lang.to_ascii_lowercase()),
            "{relative}: language"
        );
        let links: Vec<String> = feed
            .entries
            .iter()
            .map(|e| e.links.first().map(|l| l.href.clone()).unwrap_or_default())
            .collect();
        assert_eq!(links, urls, "{relative}: entries");
        let dates: Vec<_> = feed.entries.iter().map(|e| e.published).collect();
        assert!(
            dates.windows(2).all(|w| w[0] >= w[1]),
            "{relative}: newest first"
        );
    }
}

/// Every post with translations: its meta snippet links itself and each
/// translation with hreflang (read from the manifest, the tool's own index).
fn assert_hreflang_everywhere(site: &SiteTest, manifest: &str) -> usize {
    let manifest: serde_json::Value =
        serde_json::from_str(&site.read_string(manifest)).expect("manifest JSON");
    let mut checked = 0;
    for post in manifest["posts"].as_array().unwrap() {
        let Some(translations) = post["translations"].as_array() else {
            continue;
        };
        let meta_path = post["meta"].as_str().unwrap();
        let meta = site.read_string(&format!("public{meta_path}"));
        for t in translations {
            let link = format!(
                r#"<link rel="alternate" hreflang="{}" href="{}">"#,
                t["lang"].as_str().unwrap(),
                t["url"].as_str().unwrap()
            );
            assert!(meta.contains(&link), "{meta_path} lacks {link}\n{meta}");
        }
        let own = format!(r#"href="{}">"#, post["url"].as_str().unwrap());
        assert!(meta.contains(&own), "{meta_path} lacks its own hreflang");
        assert!(meta.contains("og:locale"), "{meta_path} lacks og:locale");
        checked += 1;
    }
    checked
}

#[test]
fn zola_bundles_give_one_feed_set_per_language() {
    let site = built("i18n-zola");
    let base = "https://saltroad.example";
    assert_feeds(
        &site,
        "/blog",
        "en",
        &[
            &format!("{base}/blog/winter-nets/"),
            &format!("{base}/blog/tide-mill/"),
        ],
    );
    assert_feeds(
        &site,
        "/es/blog",
        "es",
        &[
            &format!("{base}/es/blog/winter-nets/"),
            &format!("{base}/es/blog/tide-mill/"),
        ],
    );
    assert_feeds(
        &site,
        "/ca/blog",
        "ca",
        &[
            &format!("{base}/ca/blog/salt-pans/"),
            &format!("{base}/ca/blog/tide-mill/"),
        ],
    );
    for name in FEEDS {
        site.check_golden(&format!("public/blog/{name}"), name);
        site.check_golden(&format!("public/es/blog/{name}"), &format!("es-{name}"));
    }
    assert_eq!(
        assert_hreflang_everywhere(&site, "public/blog/manifest.json"),
        5
    );
    let meta = site.read_string("public/blog/meta/es/tide-mill.html");
    assert!(meta.contains(r#"<meta property="og:locale" content="es_ES">"#));
    assert!(meta.contains(r#"<meta property="og:locale:alternate" content="ca_ES">"#));
    assert!(meta.contains(&format!(
        r#"<link rel="alternate" hreflang="x-default" href="{base}/blog/tide-mill/">"#
    )));
}

#[test]
fn translations_get_their_own_cards() {
    let site = SiteTest::new("i18n-zola");
    site.run(&["build"]).assert_code(0);
    let en = site.read("public/blog/cards/tide-mill.png");
    let es = site.read("public/blog/cards/es/tide-mill.png");
    let ca = site.read("public/blog/cards/ca/tide-mill.png");
    assert!(en != es && es != ca, "each translation draws its own title");
    let meta = site.read_string("public/blog/meta/es/tide-mill.html");
    assert!(meta.contains("https://saltroad.example/blog/cards/es/tide-mill.png"));
    // A second run finds every card in the cache: the identity keys it.
    let again = site.run(&["build"]);
    again.assert_code(0);
    let feeds = site.count_png("public/blog/cards/_feeds");
    assert!(
        again
            .stderr
            .contains(&format!("no cards drawn ({} unchanged)", 6 + feeds)),
        "{}",
        again.stderr
    );
}

#[test]
fn hugo_suffixes_are_languages_but_other_dotted_names_are_not() {
    let site = built("i18n-hugo-suffix");
    let base = "https://lamproom.example";
    assert_feeds(
        &site,
        "/blog",
        "en",
        &[
            &format!("{base}/posts/notes.draft/"),
            &format!("{base}/posts/post.v2/"),
            &format!("{base}/posts/lamp-oil/"),
            &format!("{base}/posts/first-light/"),
        ],
    );
    assert_feeds(
        &site,
        "/fr/blog",
        "fr",
        &[
            &format!("{base}/fr/posts/lamp-oil/"),
            &format!("{base}/fr/posts/first-light/"),
        ],
    );
    assert_feeds(
        &site,
        "/fr/blog/gardiens",
        "fr",
        &[
            &format!("{base}/fr/posts/lamp-oil/"),
            &format!("{base}/fr/posts/first-light/"),
        ],
    );
    assert!(!site.path("public/fr/blog/keepers").exists());
    assert!(!site.path("public/blog/gardiens").exists());
    for name in FEEDS {
        site.check_golden(&format!("public/fr/blog/{name}"), &format!("fr-{name}"));
    }
    assert_eq!(
        assert_hreflang_everywhere(&site, "public/blog/manifest.json"),
        4
    );
}

#[test]
fn hugo_language_folders_with_lang_in_post_url() {
    let site = built("i18n-hugo-folders");
    let base = "https://ferry.example";
    assert_feeds(
        &site,
        "/blog",
        "en",
        &[
            &format!("{base}/en/posts/crossing/"),
            &format!("{base}/en/posts/timetable/"),
        ],
    );
    assert_feeds(
        &site,
        "/fr/blog",
        "fr",
        &[
            &format!("{base}/fr/posts/quai/"),
            &format!("{base}/fr/posts/crossing/"),
        ],
    );
    for name in FEEDS {
        site.check_golden(&format!("public/fr/blog/{name}"), &format!("fr-{name}"));
    }
    assert_eq!(
        assert_hreflang_everywhere(&site, "public/blog/manifest.json"),
        2
    );
}

#[test]
fn front_matter_languages_and_all_languages_in_the_default_feed() {
    let site = built("i18n-frontmatter");
    let base = "https://market.example";
    // all_languages = true: the default feeds list every language.
    assert_feeds(
        &site,
        "/blog",
        "en",
        &[
            &format!("{base}/pt-br/blog/market"),
            &format!("{base}/de/blog/market"),
            &format!("{base}/blog/market"),
            &format!("{base}/blog/bakery"),
        ],
    );
    assert_feeds(
        &site,
        "/de/blog",
        "de",
        &[&format!("{base}/de/blog/market")],
    );
    assert_feeds(
        &site,
        "/pt-br/blog",
        "pt-BR",
        &[&format!("{base}/pt-br/blog/market")],
    );
    assert_eq!(
        assert_hreflang_everywhere(&site, "public/blog/manifest.json"),
        3
    );
    let meta = site.read_string("public/blog/meta/pt-br/market.html");
    assert!(meta.contains(r#"<meta property="og:locale" content="pt_BR">"#));
}

#[test]
fn one_slug_twice_in_one_language_is_still_a_duplicate() {
    let site = SiteTest::new("i18n-zola");
    std::fs::copy(
        site.path("content/blog/tide-mill/index.es.md"),
        site.path("content/blog/tide-mill.es.md"),
    )
    .unwrap();
    let run = site.run(&["build", "--no-cards"]);
    run.assert_code(1);
    assert_eq!(
        run.stderr.matches("is already used by").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("tide-mill"), "{}", run.stderr);
}
