//! Publish exactly what the site holds: drafts in every spelling stay out,
//! CMS slips never become headlines, distinct categories keep distinct feeds,
//! empty bodies write no empty content, and sub-path sites keep their path.

use std::path::{Path, PathBuf};

use crate::util::{assert_well_formed, read_feed, SiteTest};

/// Every file under `dir`, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The feeds among `files`, parsed by feed-rs (XML ones also checked for
/// well-formedness), with their paths.
fn feeds_in(files: &[PathBuf]) -> Vec<(PathBuf, feed_rs::model::Feed)> {
    files
        .iter()
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            matches!(&*name, "rss.xml" | "atom.xml" | "feed.json")
        })
        .map(|p| {
            let bytes = std::fs::read(p).unwrap();
            if p.extension().is_some_and(|e| e == "xml") {
                assert_well_formed(&bytes);
            }
            (p.clone(), read_feed(&bytes))
        })
        .collect()
}

fn entry_titles(feed: &feed_rs::model::Feed) -> Vec<String> {
    feed.entries
        .iter()
        .map(|e| {
            e.title
                .as_ref()
                .map(|t| t.content.clone())
                .unwrap_or_default()
        })
        .collect()
}

// --- drafts ---------------------------------------------------------------

#[test]
fn drafts_in_every_jekyll_and_hugo_spelling_are_in_no_output() {
    let site = SiteTest::new("publish-drafts");
    let run = site.run(&["build"]);
    // The three posts whose draft key says neither yes nor no are errors.
    run.assert_code(1);
    for (file, line) in [
        ("posts/undecided-yaml.md", 5),
        ("posts/undecided-published.md", 5),
        ("posts/undecided-toml.md", 5),
    ] {
        let at = format!("{file}:{line}:1: error:");
        assert!(run.stderr.contains(&at), "{at} in\n{}", run.stderr);
    }
    assert_eq!(run.stderr.matches("error:").count(), 3, "{}", run.stderr);

    let files = files_under(&site.path("public"));
    let feeds = feeds_in(&files);
    // Site feed plus the two categories that live posts have, three formats each.
    assert_eq!(feeds.len(), 9, "{files:#?}");
    for (path, feed) in &feeds {
        let titles = entry_titles(feed);
        assert!(
            titles.iter().all(|t| !t.contains("Secret")),
            "{}: {titles:?}",
            path.display()
        );
    }
    let site_feed = &feeds
        .iter()
        .find(|(p, _)| p.ends_with("blog/atom.xml"))
        .unwrap()
        .1;
    assert_eq!(
        entry_titles(site_feed),
        [
            "First frost on the brassicas",
            "Bean poles up at last",
            "Forcing the rhubarb"
        ]
    );
    // No card, meta snippet, category folder or manifest entry for any draft.
    for file in &files {
        let name = file.strip_prefix(site.path("public")).unwrap();
        let name = name.to_string_lossy();
        assert!(
            !name.contains("secret") && !name.contains("undecided") && !name.contains("seedlings"),
            "{name}"
        );
        let text = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
        assert!(!text.contains("Secret"), "{name} mentions a draft");
    }
    assert!(site.path("public/blog/cards/bean-poles.png").is_file());
    assert!(site.path("public/blog/meta/rhubarb.html").is_file());
}

// --- one site under a sub-path: links, categories, slips, empty bodies ---

/// The feed at `public/{relative}`, parsed by feed-rs.
fn feed_at(site: &SiteTest, relative: &str) -> feed_rs::model::Feed {
    read_feed(&site.read(&format!("public/{relative}")))
}

#[test]
fn root_relative_body_links_stay_under_the_sites_sub_path() {
    let site = SiteTest::new("publish-rules");
    site.run(&["build"]).assert_code(0);
    for feed in ["blog/rss.xml", "blog/atom.xml", "blog/feed.json"] {
        let parsed = feed_at(&site, feed);
        let entry = parsed
            .entries
            .iter()
            .find(|e| e.id.ends_with("/blog/plain-c"))
            .unwrap_or_else(|| panic!("{feed}: no plain-c entry"));
        let html = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .unwrap_or_default();
        for expected in [
            "href=\"https://user.github.io/myblog/about\"",
            "src=\"https://user.github.io/myblog/img/pointers.png\"",
            "href=\"https://user.github.io/myblog/blog/plain-c#bottom\"",
            "href=\"https://user.github.io/myblog/blog/plain-c/notes.html\"",
        ] {
            assert!(html.contains(expected), "{feed}: {expected} in {html}");
        }
    }
    // A link that already names the sub-path does not get it twice.
    let json = site.read_string("public/blog/feed.json");
    assert!(
        json.contains("https://user.github.io/myblog/start"),
        "{json}"
    );
    assert!(!json.contains("myblog/myblog"), "{json}");
    assert!(!json.contains("\\\"https://user.github.io/about"), "{json}");
}

#[test]
fn c_cpp_and_csharp_keep_their_own_feeds_and_spelling_variants_share_one() {
    let site = SiteTest::new("publish-rules");
    let run = site.run(&["build"]);
    run.assert_code(0);
    let title = |dir: &str| {
        let feed = feed_at(&site, &format!("blog/{dir}/rss.xml"));
        let entries = entry_titles(&feed);
        (feed.title.unwrap().content, entries)
    };
    assert_eq!(title("c").1, ["Pointers without tears"]);
    assert_eq!(
        title("c-plus-plus").1,
        ["Why <vector> beats arrays & lists", "Templates, gently"]
    );
    assert_eq!(title("c-sharp").1, ["Records in C#"]);
    // How-To (twice), How-to and how to: one feed, titled by the most common.
    let (how_to_title, how_to_entries) = title("how-to");
    assert_eq!(how_to_title, "Workbench Log – How-To");
    assert_eq!(how_to_entries.len(), 4, "{how_to_entries:?}");
    // "Rust & Go" and "Rust Go" collide on rust-go/: both keep a feed, and
    // the collision is reported once.
    assert_eq!(title("rust-go").1, ["Rust Go meetup notes"]);
    let manifest = site.read_string("public/blog/manifest.json");
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    let rust_and_go = manifest["feeds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["category"] == "Rust & Go")
        .expect("a feed for Rust & Go in the manifest");
    let url = rust_and_go["files"][0]["url"].as_str().unwrap();
    assert!(
        url.starts_with("https://user.github.io/myblog/blog/rust-go-"),
        "{url}"
    );
    assert_eq!(
        run.stderr.matches("would share the feed folder").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("\"Rust & Go\", \"Rust Go\" would share the feed folder `rust-go/`"),
        "{}",
        run.stderr
    );
    // A post's snippet links the feeds of its own categories only.
    let meta = site.read_string("public/blog/meta/cpp.html");
    assert!(meta.contains("/blog/c-plus-plus/rss.xml"), "{meta}");
    assert!(meta.contains("/blog/how-to/rss.xml"), "{meta}");
    assert!(
        !meta.contains("/blog/c/rss.xml") && !meta.contains("/blog/c-sharp/"),
        "{meta}"
    );
}

#[test]
fn card_kinds_and_blank_values_in_title_fields_never_become_headlines() {
    let site = SiteTest::new("publish-rules");
    let run = site.run(&["build"]);
    for (file, key) in [
        (
            "posts/csharp.md:5:1",
            "twitter_title: \"summary_large_image\"",
        ),
        ("posts/rust-go.md:6:3", "seo.twitter:title: \"summary\""),
    ] {
        let expected = format!("{file}: warning: {key} is a card kind");
        assert!(
            run.stderr.contains(&expected),
            "{expected} in\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("posts/rust-go-plain.md") && run.stderr.contains("og:title"),
        "{}",
        run.stderr
    );
    for (slug, title) in [
        ("csharp", "Records in C#"),
        ("rust-go", "Two runtimes compared"),
        ("rust-go-plain", "Rust Go meetup notes"),
    ] {
        let meta = site.read_string(&format!("public/blog/meta/{slug}.html"));
        assert!(
            meta.contains(&format!("<meta property=\"og:title\" content=\"{title}\">")),
            "{meta}"
        );
        assert!(
            meta.contains(&format!(
                "<meta name=\"twitter:title\" content=\"{title}\">"
            )),
            "{meta}"
        );
    }
    let manifest = site.read_string("public/blog/manifest.json");
    assert!(!manifest.contains("\"title\": \"summary"), "{manifest}");
}

#[test]
fn an_empty_body_writes_no_empty_content_and_titles_are_typed_by_need() {
    let site = SiteTest::new("publish-rules");
    site.run(&["build"]).assert_code(0);
    let atom = site.read_string("public/blog/atom.xml");
    let rss = site.read_string("public/blog/rss.xml");
    let json: serde_json::Value =
        serde_json::from_str(&site.read_string("public/blog/feed.json")).unwrap();
    let entry = |text: &str, id: &str| -> String {
        let start = text.find(id).unwrap_or_else(|| panic!("{id} in {text}"));
        let rest = &text[start..];
        rest[..rest
            .find("</entry>")
            .or_else(|| rest.find("</item>"))
            .unwrap()]
            .to_string()
    };
    let empty_atom = entry(
        &atom,
        "<id>https://user.github.io/myblog/blog/empty-body</id>",
    );
    assert!(!empty_atom.contains("<content"), "{empty_atom}");
    let empty_rss = entry(&rss, "https://user.github.io/myblog/blog/empty-body</guid>");
    assert!(!empty_rss.contains("content:encoded"), "{empty_rss}");
    let item = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"].as_str().unwrap().ends_with("/empty-body"))
        .unwrap();
    assert!(item.get("content_html").is_none(), "{item}");
    assert_eq!(item["content_text"], "Only a title and this description.");
    // Plain titles are plain text; a title with `<` is typed html and escaped.
    assert!(atom.contains("<title>Link of the day</title>"), "{atom}");
    assert!(
        atom.contains(
            "<title type=\"html\">Why &amp;lt;vector&amp;gt; beats arrays &amp;amp; lists</title>"
        ),
        "{atom}"
    );
    // An independent reader sees the html title, and the plain ones as text.
    let parsed = feed_at(&site, "blog/atom.xml");
    let titles: Vec<_> = parsed
        .entries
        .iter()
        .filter_map(|e| e.title.as_ref())
        .collect();
    assert_eq!(
        titles[0].content,
        "Why &lt;vector&gt; beats arrays &amp; lists"
    );
    assert_eq!(titles[0].content_type.essence().to_string(), "text/html");
    assert_eq!(titles[1].content_type.essence().to_string(), "text/plain");
}
