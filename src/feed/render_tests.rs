//! Round-trip tests for the three renderers: hand-built posts in, bytes out,
//! read back with feed-rs (an independent, lenient reader) plus byte-level
//! checks for what feed-rs cannot see (namespaces, CDATA, control characters).
//! Validity against the W3C validator is checked outside `cargo test`
//! (see `scratch_feeds_for_the_validator`).

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};

use super::{render, CardLink, FeedItem, FeedMeta};
use crate::config::FeedFormat;
use crate::post::{Author, Post};

fn date(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("test dates are RFC 3339")
}

fn post(slug: &str, title: &str, published: &str, updated: &str) -> Post {
    Post {
        title: title.to_owned(),
        card_title: title.to_owned(),
        published: date(published),
        updated: date(updated),
        summary: format!("Summary of {title}"),
        ..Post::for_tests(slug)
    }
}

fn author(name: &str, email: Option<&str>) -> Author {
    Author {
        name: name.to_owned(),
        email: email.map(str::to_owned),
        ..Author::default()
    }
}

fn card(slug: &str, bytes: u64) -> CardLink {
    CardLink {
        url: format!("https://example.com/blog/cards/{slug}.png"),
        bytes,
        width: 1200,
        height: 630,
        media_type: "image/png",
    }
}

fn meta(self_url: &str, updated: Option<&str>) -> FeedMeta<'static> {
    FeedMeta {
        title: "Example & Co's <Blog>",
        description: "Notes on \"things\"",
        home_url: "https://example.com/blog/",
        self_url: Box::leak(self_url.to_owned().into_boxed_str()),
        language: "en",
        author: "Site Owner",
        author_email: Some("owner@example.com"),
        updated: updated.map(date),
        icon: Some("https://example.com/icon.png"),
        stylesheet: None,
        hub: None,
        category: None,
    }
}

/// Three posts, newest first, with the awkward content the renderers must
/// survive.
struct Fixture {
    posts: Vec<Post>,
    cards: Vec<CardLink>,
    html: Vec<String>,
}

impl Fixture {
    fn new() -> Fixture {
        let mut a = post(
            "tom-and-jerry",
            "Tom & Jerry: \"quotes\" <and> 'apostrophes' \u{1F600}",
            "2024-12-19T20:33:00+00:00",
            "2024-12-20T08:00:00+01:00",
        );
        a.categories = vec!["Rust & Go".to_owned(), "Feeds".to_owned()];
        a.authors = vec![author("Ana Ñúñez", Some("ana@example.com"))];
        a.summary = "Bell\u{7} and vertical\u{b}tab, then ]]> and <script>".to_owned();
        let mut b = post(
            "two-authors",
            "Two authors",
            "2024-03-02T10:00:00-05:00",
            "2024-03-02T10:00:00-05:00",
        );
        b.authors = vec![author("Bo", None), author("Cy", Some("cy@example.com"))];
        let c = post(
            "plain",
            "Plain",
            "2023-01-05T00:00:00+00:00",
            "2023-01-05T00:00:00+00:00",
        );
        Fixture {
            posts: vec![a, b, c],
            cards: vec![card("tom-and-jerry", 48_213), card("two-authors", 1)],
            html: vec![
                "<p>a ]]> b ]]> c \u{b}<code>&lt;script&gt;</code></p>".to_owned(),
                "<p>Two</p>".to_owned(),
            ],
        }
    }

    fn urls(&self) -> Vec<String> {
        self.posts
            .iter()
            .map(|p| format!("https://example.com/blog/{}/", p.slug))
            .collect()
    }

    fn render(&self, format: FeedFormat, self_url: &str) -> Vec<u8> {
        let urls = self.urls();
        let items: Vec<FeedItem<'_>> = self
            .posts
            .iter()
            .enumerate()
            .map(|(i, post)| FeedItem {
                post,
                url: &urls[i],
                content_html: self.html.get(i).map(String::as_str),
                card: self.cards.get(i),
            })
            .collect();
        render(
            format,
            &meta(self_url, Some("2024-12-20T08:00:00+01:00")),
            &items,
        )
    }
}

const RSS_URL: &str = "https://example.com/blog/rss.xml";
const ATOM_URL: &str = "https://example.com/blog/atom.xml";
const JSON_URL: &str = "https://example.com/blog/feed.json";

fn parse(bytes: &[u8]) -> feed_rs::model::Feed {
    feed_rs::parser::parse(bytes).expect("feed-rs reads the feed")
}

/// Asserts the XML-level properties feed-rs is too lenient to check: no
/// XML-illegal characters, and no raw `]]>` outside CDATA sections (inside
/// one it would end the section early).
fn assert_xml_safe(bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).expect("feeds are UTF-8");
    assert_eq!(
        super::clean_text(text),
        text,
        "an XML-illegal character was written"
    );
    let mut rest = text;
    let mut outside = String::new();
    while let Some(start) = rest.find("<![CDATA[") {
        outside.push_str(&rest[..start]);
        let after = &rest[start + "<![CDATA[".len()..];
        let end = after.find("]]>").expect("every CDATA section is closed");
        rest = &after[end + 3..];
    }
    outside.push_str(rest);
    assert!(
        !outside.contains("]]>"),
        "a raw ]]> outside CDATA is not well-formed"
    );
    assert!(
        text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
        "declaration"
    );
}

fn expected_content(html: &str) -> String {
    super::clean_text(html).into_owned()
}

#[test]
fn rss_round_trips_titles_ids_dates_order_and_enclosures() {
    let fx = Fixture::new();
    let bytes = fx.render(FeedFormat::Rss, RSS_URL);
    assert_xml_safe(&bytes);
    let feed = parse(&bytes);
    assert_eq!(feed.title.unwrap().content, "Example & Co's <Blog>");
    assert_eq!(feed.entries.len(), 3);
    for (entry, (post, url)) in feed.entries.iter().zip(fx.posts.iter().zip(fx.urls())) {
        assert_eq!(entry.id, url, "guid is the permalink");
        assert_eq!(entry.title.as_ref().unwrap().content, post.title);
        assert_eq!(entry.published, Some(post.published.to_utc()));
        assert_eq!(entry.links[0].href, url);
        let terms: Vec<_> = entry.categories.iter().map(|c| c.term.as_str()).collect();
        assert_eq!(terms, post.categories);
    }
    let enclosure = &feed.entries[0].media[0].content[0];
    assert_eq!(enclosure.size, Some(48_213));
    assert_eq!(
        enclosure.content_type.as_ref().unwrap().to_string(),
        "image/png"
    );
    assert!(feed.entries[2].media.is_empty(), "no card, no enclosure");
    // content:encoded survives ]]> and loses the control character.
    assert_eq!(
        feed.entries[0].content.as_ref().unwrap().body.as_deref(),
        Some(expected_content(&fx.html[0]).as_str())
    );

    let text = String::from_utf8(bytes).unwrap();
    for ns in [
        r#"xmlns:atom="http://www.w3.org/2005/Atom""#,
        r#"xmlns:content="http://purl.org/rss/1.0/modules/content/""#,
        r#"xmlns:dc="http://purl.org/dc/elements/1.1/""#,
        r#"xmlns:media="http://search.yahoo.com/mrss/""#,
    ] {
        assert!(text.contains(ns), "{ns} is declared");
    }
    assert!(text.contains(
        r#"<atom:link href="https://example.com/blog/rss.xml" rel="self" type="application/rss+xml">"#
    ));
    assert!(text.contains("<pubDate>Thu, 19 Dec 2024 20:33:00 +0000</pubDate>"));
    assert!(text.contains("<pubDate>Sat, 02 Mar 2024 10:00:00 -0500</pubDate>"));
    assert!(text.contains("<lastBuildDate>Fri, 20 Dec 2024 08:00:00 +0100</lastBuildDate>"));
    assert!(text.contains("<managingEditor>owner@example.com (Site Owner)</managingEditor>"));
    assert!(text.contains(
        r#"<enclosure url="https://example.com/blog/cards/tom-and-jerry.png" length="48213" type="image/png"/>"#
    ));
    assert!(text.contains(r#"medium="image""#) && text.contains("<media:thumbnail "));
    // Escaped once, `&` and `<` as hex references (RSS profile).
    assert!(text.contains("<title>Tom &#x26; Jerry: &quot;quotes&quot; &#x3C;and&gt;"));
    assert!(!text.contains("&#x26;amp;") && !text.contains("&amp;"));
    // The plain-text summary is HTML-escaped inside the HTML <description>.
    assert!(text.contains("then ]]&gt; and &lt;script&gt;]]></description>"));
}

#[test]
fn rss_author_is_an_email_and_names_go_to_dc_creator() {
    let text = String::from_utf8(Fixture::new().render(FeedFormat::Rss, RSS_URL)).unwrap();
    let items: Vec<&str> = text.split("<item>").skip(1).collect();
    // One author with an email: <author>, no dc:creator (DuplicateItemSemantics).
    assert!(items[0].contains("<author>ana@example.com (Ana Ñúñez)</author>"));
    assert!(!items[0].contains("dc:creator"));
    // Two authors: names only.
    assert!(!items[1].contains("<author>"));
    assert!(items[1].contains("<dc:creator>Bo</dc:creator>"));
    assert!(items[1].contains("<dc:creator>Cy</dc:creator>"));
    // No authors of its own: the site author stands in.
    assert!(items[2].contains("<author>owner@example.com (Site Owner)</author>"));
}

#[test]
fn atom_round_trips_ids_dates_authors_and_enclosure_links() {
    let fx = Fixture::new();
    let bytes = fx.render(FeedFormat::Atom, ATOM_URL);
    assert_xml_safe(&bytes);
    let feed = parse(&bytes);
    assert_eq!(feed.id, ATOM_URL);
    assert_eq!(
        feed.updated,
        Some(date("2024-12-20T08:00:00+01:00").to_utc())
    );
    assert_eq!(feed.authors[0].name, "Site Owner");
    assert_eq!(feed.authors[0].email.as_deref(), Some("owner@example.com"));
    assert_eq!(feed.entries.len(), 3);
    for (entry, (post, url)) in feed.entries.iter().zip(fx.posts.iter().zip(fx.urls())) {
        assert_eq!(entry.id, url);
        assert_eq!(entry.published, Some(post.published.to_utc()));
        assert_eq!(entry.updated, Some(post.updated.to_utc()));
        let terms: Vec<_> = entry.categories.iter().map(|c| c.term.as_str()).collect();
        assert_eq!(terms, post.categories);
        let names: Vec<_> = entry.authors.iter().map(|a| a.name.as_str()).collect();
        let expected: Vec<_> = post.authors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, expected, "own authors only; the rest inherit");
    }
    let first = &feed.entries[0];
    // A title with markup characters is written as escaped HTML, which
    // feed-rs hands back as the HTML source.
    let title = first.title.as_ref().unwrap();
    assert_eq!(title.content_type.to_string(), "text/html");
    assert_eq!(title.content, super::xml::escape(&fx.posts[0].title));
    let enclosure = first
        .links
        .iter()
        .find(|l| l.rel.as_deref() == Some("enclosure"))
        .expect("card link");
    assert_eq!(enclosure.length, Some(48_213));
    assert_eq!(enclosure.media_type.as_deref(), Some("image/png"));
    assert_eq!(
        first.content.as_ref().unwrap().body.as_deref(),
        Some(expected_content(&fx.html[0]).as_str())
    );
    assert_eq!(
        feed.entries[1]
            .title
            .as_ref()
            .unwrap()
            .content_type
            .to_string(),
        "text/plain"
    );

    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains(
        r#"<link href="https://example.com/blog/atom.xml" rel="self" type="application/atom+xml"/>"#
    ));
    assert!(text.contains(r#"<content type="html">"#));
    assert!(!text.contains("CDATA"), "Atom text is entity-escaped");
}

#[test]
fn json_feed_carries_the_same_items() {
    let fx = Fixture::new();
    let bytes = fx.render(FeedFormat::Json, JSON_URL);
    assert!(bytes.ends_with(b"}\n"));
    let doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(doc["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(doc["feed_url"], JSON_URL);
    assert_eq!(doc["authors"][0]["url"], "mailto:owner@example.com");
    let items = doc["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["id"], fx.urls()[0]);
    assert_eq!(items[0]["title"], fx.posts[0].title);
    assert_eq!(items[0]["image"], fx.cards[0].url);
    assert_eq!(items[0]["date_published"], "2024-12-19T20:33:00+00:00");
    assert_eq!(items[0]["date_modified"], "2024-12-20T08:00:00+01:00");
    assert_eq!(items[0]["tags"][0], "Rust & Go");
    assert_eq!(items[0]["content_html"], expected_content(&fx.html[0]));
    assert_eq!(
        items[0]["summary"],
        "Bell and verticaltab, then ]]> and <script>"
    );
    assert!(items[2].get("content_html").is_none());
    assert_eq!(items[2]["content_text"], "Summary of Plain");
    assert!(items[2].get("tags").is_none() && items[2].get("authors").is_none());

    let feed = parse(&bytes);
    let ids: Vec<_> = feed.entries.iter().map(|e| e.id.clone()).collect();
    assert_eq!(ids, fx.urls());
}

#[test]
fn rendering_is_byte_deterministic() {
    for (format, url) in [
        (FeedFormat::Rss, RSS_URL),
        (FeedFormat::Atom, ATOM_URL),
        (FeedFormat::Json, JSON_URL),
    ] {
        let a = Fixture::new().render(format, url);
        let b = Fixture::new().render(format, url);
        assert!(!a.is_empty());
        assert_eq!(a, b, "{format:?}");
    }
}

#[test]
fn empty_feeds_are_valid_documents() {
    let m = meta(RSS_URL, None);
    let rss = String::from_utf8(render(FeedFormat::Rss, &m, &[])).unwrap();
    assert!(!rss.contains("lastBuildDate") && !rss.contains("<item>"));
    assert!(!rss.contains("xmlns:media") && !rss.contains("xmlns:content"));
    parse(rss.as_bytes());

    let m = meta(ATOM_URL, None);
    let atom = String::from_utf8(render(FeedFormat::Atom, &m, &[])).unwrap();
    assert!(atom.contains("<updated>2000-01-01T00:00:00+00:00</updated>"));
    assert_eq!(parse(atom.as_bytes()).entries.len(), 0);

    let m = meta(JSON_URL, None);
    let json: serde_json::Value =
        serde_json::from_slice(&render(FeedFormat::Json, &m, &[])).unwrap();
    assert_eq!(json["items"], serde_json::json!([]));
}

#[test]
fn stylesheet_and_hub_are_linked() {
    let mut m = meta(RSS_URL, None);
    m.stylesheet = Some("https://example.com/feed.xsl");
    m.hub = Some("https://hub.example.com/");
    for format in [FeedFormat::Rss, FeedFormat::Atom] {
        let text = String::from_utf8(render(format, &m, &[])).unwrap();
        assert!(text.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <?xml-stylesheet type=\"text/xsl\" href=\"https://example.com/feed.xsl\"?>\n"
        ));
        assert!(text.contains(r#"href="https://hub.example.com/" rel="hub""#));
    }
    let json = String::from_utf8(render(FeedFormat::Json, &m, &[])).unwrap();
    assert!(json.contains(r#""type": "WebSub""#));
}

/// Posts with the content the validator is pickiest about, for the scratch
/// run: markup-looking titles, spelt-out entities, empty summaries, offsets,
/// odd authors, Unicode everywhere.
fn tricky_posts() -> (Vec<Post>, Vec<Option<String>>) {
    let mut posts = Vec::new();
    let mut html = Vec::new();

    let mut p = post(
        "entities",
        "Writing &amp; in HTML, R&D, AT&T, x<y, \"5 > 3\" & 'so on'",
        "2024-11-30T23:59:59+05:30",
        "2024-12-01T09:15:00+05:30",
    );
    p.summary = "Spell it &amp; or &#38; \u{0} or &#x26; \u{fffe}; a<b && c>d".to_owned();
    p.categories = vec!["Café ☕".to_owned(), "<html>".to_owned()];
    p.authors = vec![Author {
        name: "Zoë \"Z\" O'Brien".to_owned(),
        email: Some("zoe@example.com".to_owned()),
        uri: Some("https://example.com/~zoe?x=1&y=2".to_owned()),
        ..Author::default()
    }];
    posts.push(p);
    html.push(Some(
        "<p>Links: <a href=\"https://example.com/a?b=1&amp;c=2\">q&amp;a</a> \
         <img src=\"https://example.com/i.png\" alt=\"&lt;alt&gt;\"></p>\
         <pre><code>if a &lt; b &amp;&amp; c ]]&gt; d {}\n]]>]]>\u{1}</code></pre>\
         <p dir=\"rtl\">مرحبا \u{200d} 👩\u{200d}💻</p>"
            .to_owned(),
    ));

    let mut p = post(
        "no-summary",
        "No summary, full text only",
        "2024-10-01T08:00:00-08:00",
        "2024-10-01T08:00:00-08:00",
    );
    p.summary = String::new();
    p.authors = vec![
        author("", Some("nobody@example.com")),
        author("Only Name", None),
    ];
    posts.push(p);
    html.push(Some(
        "<p>The whole post, <em>emphasised</em>.</p>".to_owned(),
    ));

    let mut p = post(
        "nothing",
        "No summary and no content",
        "2024-09-01T00:00:00+00:00",
        "2024-09-01T00:00:00+00:00",
    );
    p.summary = String::new();
    p.authors = vec![
        author("A One", Some("a1@example.com")),
        author("B Two", Some("b2@example.com")),
    ];
    posts.push(p);
    html.push(None);

    let mut p = post(
        "unicode",
        "Ünïcödé 日本語 🚀 \u{b}title",
        "2020-02-29T12:00:00+14:00",
        "2024-08-31T12:00:00-12:00",
    );
    p.categories = vec!["日本語".to_owned()];
    posts.push(p);
    html.push(Some("<p>日本語 🚀</p>".to_owned()));

    (posts, html)
}

/// Writes feeds with awkward content to a folder for the W3C validator:
/// `FEEDCARD_SCRATCH=/tmp/feedcard-feeds cargo test scratch -- --ignored`,
/// then `check_feeds.py /tmp/feedcard-feeds https://example.com/blog/`.
#[test]
#[ignore = "writes files for the offline validator; run by hand"]
fn scratch_feeds_for_the_validator() {
    let root = PathBuf::from(
        std::env::var("FEEDCARD_SCRATCH").unwrap_or_else(|_| "/tmp/feedcard-feeds".to_owned()),
    );
    let fx = Fixture::new();
    let write = |dir: &str, name: &str, bytes: Vec<u8>| {
        let dir = root.join(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), bytes).unwrap();
    };
    let base = "https://example.com/blog/";
    for (dir, items_of) in [("", 3usize), ("empty", 0), ("one", 1)] {
        let urls = fx.urls();
        let items: Vec<FeedItem<'_>> = fx
            .posts
            .iter()
            .take(items_of)
            .enumerate()
            .map(|(i, post)| FeedItem {
                post,
                url: &urls[i],
                content_html: fx.html.get(i).map(String::as_str),
                card: fx.cards.get(i),
            })
            .collect();
        let prefix = if dir.is_empty() {
            base.to_owned()
        } else {
            format!("{base}{dir}/")
        };
        for (format, name) in [
            (FeedFormat::Rss, "rss.xml"),
            (FeedFormat::Atom, "atom.xml"),
            (FeedFormat::Json, "feed.json"),
        ] {
            let self_url = format!("{prefix}{name}");
            let mut m = meta(
                &self_url,
                (items_of > 0).then_some("2024-12-20T08:00:00+01:00"),
            );
            if dir == "one" {
                m.stylesheet = Some("https://example.com/feed.xsl?a=1&b=2");
                m.hub = Some("https://hub.example.com/");
                m.author_email = None;
                m.icon = None;
                m.category = Some("Rust & Go");
            }
            write(dir, name, render(format, &m, &items));
        }
    }

    // The tricky corpus, as a site feed and as a category feed, plus two
    // posts sharing an `updated` (told apart: no DuplicateUpdated) and
    // a title containing an HTML end tag.
    let (posts, html) = tricky_posts();
    let mut dup = [
        post(
            "same-a",
            "Same A",
            "2024-05-01T10:00:00+00:00",
            "2024-05-02T10:00:00+00:00",
        ),
        post(
            "same-b",
            "Same B",
            "2024-04-01T10:00:00+00:00",
            "2024-05-02T10:00:00+00:00",
        ),
    ];
    let end_tag = post(
        "end-tag",
        "Why </div> needs closing",
        "2024-01-01T10:00:00+00:00",
        "2024-01-01T10:00:00+00:00",
    );
    dup[0].summary = "Shares its updated instant with the next post".to_owned();
    for (dir, posts, html, category) in [
        ("tricky", &posts[..], &html[..], None),
        ("tricky/cafe", &posts[..1], &html[..1], Some("Café ☕")),
        ("dup", &dup[..], &[][..], None),
        ("endtag", std::slice::from_ref(&end_tag), &[][..], None),
    ] {
        let urls: Vec<String> = posts.iter().map(|p| format!("{base}{}/", p.slug)).collect();
        let cards: Vec<CardLink> = posts.iter().map(|p| card(&p.slug, 70_000)).collect();
        let items: Vec<FeedItem<'_>> = posts
            .iter()
            .enumerate()
            .map(|(i, post)| FeedItem {
                post,
                url: &urls[i],
                content_html: html.get(i).and_then(|h| h.as_deref()),
                card: (i % 2 == 0).then(|| &cards[i]),
            })
            .collect();
        let newest = posts.iter().map(|p| p.updated).max().unwrap();
        for (format, name) in [
            (FeedFormat::Rss, "rss.xml"),
            (FeedFormat::Atom, "atom.xml"),
            (FeedFormat::Json, "feed.json"),
        ] {
            let self_url = format!("{base}{dir}/{name}");
            let mut m = meta(&self_url, None);
            m.updated = Some(newest);
            m.category = category;
            m.hub = Some("https://pubsubhubbub.appspot.com/");
            write(dir, name, render(format, &m, &items));
        }
    }
}

#[test]
fn an_empty_body_writes_no_empty_content() {
    let post = post(
        "blank",
        "Blank body",
        "2024-01-01T00:00:00Z",
        "2024-01-01T00:00:00Z",
    );
    let url = "https://example.com/blog/blank";
    for body in ["", "  \n "] {
        let items = [FeedItem {
            post: &post,
            url,
            content_html: Some(body),
            card: None,
        }];
        let rss = String::from_utf8(render(FeedFormat::Rss, &meta(RSS_URL, None), &items)).unwrap();
        assert!(!rss.contains("content:encoded"), "{rss}");
        assert!(rss.contains("Summary of Blank body"), "{rss}");
        let atom =
            String::from_utf8(render(FeedFormat::Atom, &meta(ATOM_URL, None), &items)).unwrap();
        assert!(!atom.contains("<content"), "{atom}");
        assert!(
            atom.contains("<summary>Summary of Blank body</summary>"),
            "{atom}"
        );
        let json: serde_json::Value =
            serde_json::from_slice(&render(FeedFormat::Json, &meta(JSON_URL, None), &items))
                .unwrap();
        assert!(json["items"][0].get("content_html").is_none(), "{json}");
        assert_eq!(json["items"][0]["content_text"], "Summary of Blank body");
    }
}

#[test]
fn atom_entries_sharing_an_updated_instant_are_told_apart_oldest_unchanged() {
    // A CMS batch edit: three posts stamped with one instant.
    let same = "2024-05-31T17:08:54.178+00:00";
    let posts = [
        post("new", "New", "2024-05-03T00:00:00Z", same),
        post("mid", "Mid", "2024-05-02T00:00:00Z", same),
        post("old", "Old", "2024-05-01T00:00:00Z", same),
    ];
    let urls: Vec<String> = posts
        .iter()
        .map(|p| format!("https://example.com/blog/{}", p.slug))
        .collect();
    let items: Vec<FeedItem<'_>> = posts
        .iter()
        .zip(&urls)
        .map(|(post, url)| FeedItem {
            post,
            url,
            content_html: None,
            card: None,
        })
        .collect();
    let feed = parse(&render(FeedFormat::Atom, &meta(ATOM_URL, None), &items));
    let updated: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.updated.unwrap().to_rfc3339())
        .collect();
    assert_eq!(
        updated,
        [
            "2024-05-31T17:08:54.180+00:00",
            "2024-05-31T17:08:54.179+00:00",
            "2024-05-31T17:08:54.178+00:00",
        ]
    );
}
