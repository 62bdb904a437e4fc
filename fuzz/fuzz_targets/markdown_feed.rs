//! Arbitrary Markdown and front-matter text through the feed path:
//! `render_html` (Markdown → sanitised HTML), then all three feed renderers.
//! Every RSS and Atom document must be well-formed XML (roxmltree is strict
//! about XML 1.0), every JSON Feed valid JSON, and no sanitised body may carry
//! a live `<script`. Finds escaping and control-character bugs.
#![no_main]

use std::path::PathBuf;

use arbitrary::Arbitrary;
use chrono::{DateTime, FixedOffset, TimeZone};
use feedcard::config::FeedFormat;
use feedcard::feed::{self, CardLink, FeedItem, FeedMeta};
use feedcard::post::{self, Author, CardKind, HeroRef, Post};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    body: String,
    title: String,
    summary: String,
    categories: Vec<String>,
    author: Option<(String, Option<String>, Option<String>)>,
    hero_alt: Option<String>,
    published: i64,
    updated: i64,
    offset_minutes: i16,
    // Site-level strings come from the config (TOML escapes allow any char).
    site_title: String,
    site_description: String,
    site_author: String,
    language: String,
    category_feed: Option<String>,
    stylesheet: Option<String>,
    full_content: bool,
}

fn instant(seconds: i64, offset_minutes: i16) -> DateTime<FixedOffset> {
    // Years 0001..=9999: what the date parser can produce.
    let min = -62_135_596_800i64; // 0001-01-01T00:00:00Z
    let max = 253_402_300_799i64; // 9999-12-31T23:59:59Z
    let span = (max - min) as u64 + 1;
    let secs = min + (seconds as u64 % span) as i64;
    let offset =
        FixedOffset::east_opt(i32::from(offset_minutes % (24 * 60)) * 60).expect("within a day");
    let utc = chrono::Utc
        .timestamp_opt(secs, 0)
        .single()
        .expect("in range");
    // Keep the local year within 4 digits as well.
    let local = utc.with_timezone(&offset);
    if local.format("%Y").to_string().len() != 4 || local.format("%Y").to_string().starts_with('-')
    {
        return utc.fixed_offset();
    }
    local
}

/// `name="value"` pairs of one serialised tag (its text after `<`).
fn attributes(tag: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq].rsplit(char::is_whitespace).next().unwrap_or("");
        let after = &rest[eq + 2..];
        let end = after.find('"').unwrap_or(after.len());
        out.push((name, &after[..end]));
        rest = &after[(end + 1).min(after.len())..];
    }
    out
}

fn check_xml(kind: &str, bytes: &[u8], input: &Input) {
    let text = std::str::from_utf8(bytes).expect("feeds are UTF-8");
    if let Err(err) = roxmltree::Document::parse(text) {
        panic!("{kind} is not well-formed XML: {err}\ninput: {input:#?}\nfeed:\n{text}");
    }
}

fuzz_target!(|input: Input| {
    let url = "https://fuzz.example/blog/post";
    let html = post::render_html(
        &input.body,
        &post::LinkBase {
            page: url,
            site: "https://fuzz.example/",
        },
    );
    // Text content escapes `<`, so every literal `<` opens a tag; inside a
    // tag, attribute values are quoted with `"` (escaped inside as &quot;).
    // The same words in text or in an alt text are harmless.
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        let lower = tag.to_ascii_lowercase();
        assert!(
            !lower.starts_with("script"),
            "script survived sanitising: {html:?}"
        );
        for (name, value) in attributes(&lower) {
            assert!(
                !name.starts_with("on"),
                "event handler {name} survived: {html:?}"
            );
            if matches!(
                name,
                "href"
                    | "src"
                    | "action"
                    | "formaction"
                    | "xlink:href"
                    | "cite"
                    | "poster"
                    | "background"
            ) {
                let v: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect();
                assert!(
                    !v.starts_with("javascript:"),
                    "javascript: URL survived: {html:?}"
                );
            }
        }
    }

    let published = instant(input.published, input.offset_minutes);
    let post = Post {
        source: PathBuf::from("posts/post.md"),
        slug: "post".into(),
        title: input.title.clone(),
        card_title: input.title.clone(),
        published,
        updated: instant(input.updated, input.offset_minutes),
        created: None,
        summary: input.summary.clone(),
        categories: input.categories.clone(),
        hero: input.hero_alt.clone().map(|alt| HeroRef {
            src: "/images/x.png".into(),
            alt: Some(alt),
        }),
        card_kind: Some(CardKind::SummaryLargeImage),
        authors: input
            .author
            .iter()
            .map(|(name, email, uri)| Author {
                name: name.clone(),
                email: email.clone(),
                uri: uri.clone(),
            })
            .collect(),
        draft: false,
        body_offset: 0,
        lang: "en".into(),
    };
    let card = CardLink {
        url: "https://fuzz.example/blog/cards/post.png".into(),
        bytes: 1234,
        width: 1200,
        height: 630,
        media_type: "image/png",
    };
    let items = [FeedItem {
        post: &post,
        url,
        content_html: input.full_content.then_some(html.as_str()),
        card: Some(&card),
    }];
    let meta = FeedMeta {
        title: &input.site_title,
        description: &input.site_description,
        home_url: "https://fuzz.example/",
        self_url: "https://fuzz.example/blog/rss.xml",
        language: &input.language,
        author: &input.site_author,
        author_email: None,
        updated: Some(post.updated.max(post.published)),
        icon: None,
        stylesheet: input.stylesheet.as_deref(),
        hub: None,
        category: input.category_feed.as_deref(),
    };
    check_xml("RSS", &feed::render(FeedFormat::Rss, &meta, &items), &input);
    check_xml(
        "Atom",
        &feed::render(FeedFormat::Atom, &meta, &items),
        &input,
    );
    let json = feed::render(FeedFormat::Json, &meta, &items);
    if let Err(err) = serde_json::from_slice::<serde_json::Value>(&json) {
        panic!("JSON Feed is not JSON: {err}\ninput: {input:#?}");
    }
});
