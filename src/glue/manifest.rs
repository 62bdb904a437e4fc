//! `manifest.json`: every built post with its URL, dates, categories and card,
//! plus the feeds, for schedulers and site builds. Deterministic: posts in site
//! order, keys in a fixed order.
//!
//! Its shape is documented by the JSON Schema in `docs/manifest.schema.json`
//! (a test validates real output against it). [`VERSION`] changes when a
//! field is removed or changes meaning; new fields may appear without it.

use serde::Serialize;

use super::{GluePost, Translation};
use crate::config::{Config, FeedFormat};
use crate::post::Post;
use crate::site::FeedSpec;

/// The manifest format's version, the `version` field.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    generator: &'a str,
    site: SiteEntry<'a>,
    feeds: Vec<FeedEntry<'a>>,
    posts: Vec<PostEntry<'a>>,
}

#[derive(Serialize)]
struct SiteEntry<'a> {
    title: &'a str,
    base_url: &'a str,
}

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    category: Option<&'a str>,
    items: usize,
    /// The feed's card (the cards index), when drawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    card: Option<String>,
    files: Vec<FeedFile>,
}

/// One file of a feed, labelled with its format.
#[derive(Serialize)]
struct FeedFile {
    format: &'static str,
    media_type: &'static str,
    url: String,
}

#[derive(Serialize)]
struct PostEntry<'a> {
    slug: &'a str,
    title: &'a str,
    url: &'a str,
    source: String,
    published: String,
    updated: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    categories: &'a [String],
    summary: &'a str,
    meta: String,
    card: Option<CardEntry<'a>>,
    /// The post in other languages; absent on a monolingual site.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    translations: &'a [Translation<'a>],
}

#[derive(Serialize)]
struct CardEntry<'a> {
    kind: &'a str,
    url: &'a str,
    path: &'a str,
    width: u32,
    height: u32,
    bytes: u64,
    hash: &'a str,
}

/// Renders the manifest. `meta_path` gives a post's meta snippet URL path.
pub fn render(
    config: &Config,
    feeds: &[FeedSpec],
    feed_cards: &[Option<String>],
    posts: &[GluePost<'_>],
    meta_path: impl Fn(&Post) -> String,
) -> Vec<u8> {
    let manifest = Manifest {
        version: VERSION,
        generator: concat!("feedcard ", env!("CARGO_PKG_VERSION")),
        site: SiteEntry {
            title: &config.site.title,
            base_url: &config.site.base_url,
        },
        feeds: feeds
            .iter()
            .enumerate()
            .map(|(i, spec)| FeedEntry {
                title: &spec.title,
                category: spec.category.as_deref(),
                items: spec.posts.len(),
                card: feed_cards.get(i).cloned().flatten(),
                files: config
                    .feeds
                    .formats
                    .iter()
                    .map(|&f| FeedFile {
                        format: format_name(f),
                        media_type: f.media_type(),
                        url: config.absolute_url(&spec.path(f)),
                    })
                    .collect(),
            })
            .collect(),
        posts: posts
            .iter()
            .map(|item| PostEntry {
                slug: &item.post.slug,
                title: &item.post.title,
                url: item.url,
                source: item
                    .post
                    .source
                    .strip_prefix(&config.paths.posts)
                    .unwrap_or(&item.post.source)
                    .display()
                    .to_string(),
                published: item.post.published.to_rfc3339(),
                updated: item.post.updated.to_rfc3339(),
                created: item.post.created.map(|c| c.to_rfc3339()),
                categories: &item.post.categories,
                summary: &item.post.summary,
                meta: meta_path(item.post),
                card: item.card.zip(item.card_url).map(|(card, url)| CardEntry {
                    kind: card.kind.as_str(),
                    url,
                    path: &card.url_path,
                    width: card.width,
                    height: card.height,
                    bytes: card.bytes,
                    hash: &card.hash,
                }),
                translations: item.translations,
            })
            .collect(),
    };
    let mut json = serde_json::to_vec_pretty(&manifest).expect("the manifest is plain data");
    json.push(b'\n');
    json
}

fn format_name(format: FeedFormat) -> &'static str {
    match format {
        FeedFormat::Rss => "rss",
        FeedFormat::Atom => "atom",
        FeedFormat::Json => "json",
    }
}
