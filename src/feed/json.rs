//! JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>) rendering with serde.
//!
//! Keys come out in struct field order, so the bytes are deterministic.
//! JSON Feed authors have no email field; an author's email becomes a
//! `mailto:` `url` when the author has no home page (the spec allows it).
//! Text goes through [`clean_text`] like the XML feeds, so all three formats
//! carry the same characters.

use serde::Serialize;

use super::xml::rfc3339;
use super::{clean_text, FeedItem, FeedMeta};

const VERSION: &str = "https://jsonfeed.org/version/1.1";

#[derive(Serialize)]
struct JsonFeed {
    version: &'static str,
    title: String,
    home_page_url: String,
    feed_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    icon: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<JsonAuthor>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hubs: Vec<JsonHub>,
    items: Vec<JsonItem>,
}

#[derive(Serialize)]
struct JsonAuthor {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
struct JsonHub {
    #[serde(rename = "type")]
    kind: &'static str,
    url: String,
}

#[derive(Serialize)]
struct JsonItem {
    id: String,
    url: String,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_html: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    date_published: String,
    date_modified: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<JsonAuthor>,
}

pub(super) fn render(meta: &FeedMeta<'_>, items: &[FeedItem<'_>]) -> Vec<u8> {
    let feed = JsonFeed {
        version: VERSION,
        title: clean(meta.title),
        home_page_url: clean(meta.home_url),
        feed_url: clean(meta.self_url),
        description: non_empty(meta.description),
        icon: meta.icon.map(clean),
        language: non_empty(meta.language),
        authors: author(meta.author, meta.author_email, None)
            .into_iter()
            .collect(),
        hubs: meta
            .hub
            .map(|url| JsonHub {
                kind: "WebSub",
                url: clean(url),
            })
            .into_iter()
            .collect(),
        items: items.iter().map(render_item).collect(),
    };
    let mut out = serde_json::to_vec_pretty(&feed).expect("the feed structs always serialise");
    out.push(b'\n');
    out
}

fn render_item(item: &FeedItem<'_>) -> JsonItem {
    let post = item.post;
    let summary = non_empty(&post.summary);
    let content_html = item.body().map(clean);
    JsonItem {
        id: clean(item.url),
        url: clean(item.url),
        title: clean(&post.title),
        // An item needs content_html or content_text; the summary stands in,
        // or the title when there is no summary either (as in Atom).
        content_text: match content_html {
            Some(_) => None,
            None => Some(summary.clone().unwrap_or_else(|| clean(&post.title))),
        },
        content_html,
        summary,
        image: item.card.map(|card| clean(&card.url)),
        date_published: rfc3339(&post.published),
        date_modified: rfc3339(&post.updated),
        tags: post.categories.iter().map(|c| clean(c)).collect(),
        authors: post
            .authors
            .iter()
            .filter_map(|a| author(&a.name, a.email.as_deref(), a.uri.as_deref()))
            .collect(),
    }
}

fn clean(text: &str) -> String {
    clean_text(text).into_owned()
}

fn non_empty(text: &str) -> Option<String> {
    Some(clean(text)).filter(|t| !t.trim().is_empty())
}

fn author(name: &str, email: Option<&str>, uri: Option<&str>) -> Option<JsonAuthor> {
    let name = non_empty(name.trim())?;
    let url = match (uri, email) {
        (Some(uri), _) => Some(clean(uri)),
        (None, Some(email)) => Some(format!("mailto:{}", clean(email.trim()))),
        (None, None) => None,
    };
    Some(JsonAuthor { name, url })
}
