//! One post's `<meta>` tags: Twitter card and Open Graph, escaped, ready to
//! include in the page's `<head>`.

use std::fmt::Write;

use super::{escape_html, truncate_words, GluePost};
use crate::config::Config;

/// X shows at most 200 characters of a description and 420 of an alt text.
const MAX_DESCRIPTION: usize = 200;
const MAX_ALT: usize = 420;

/// Renders the `<meta>` snippet of one post.
pub fn render(config: &Config, item: &GluePost<'_>) -> Vec<u8> {
    let post = item.post;
    let kind = item
        .card
        .map_or(post.card_kind.unwrap_or(config.cards.default), |c| c.kind);
    let description = truncate_words(&post.summary, MAX_DESCRIPTION);
    let alt = truncate_words(
        &format!("{} — {}", post.card_title, config.site.title),
        MAX_ALT,
    );

    let mut tags: Vec<(&str, &str, String)> = vec![
        ("name", "twitter:card", kind.as_str().to_string()),
        ("name", "twitter:title", post.card_title.clone()),
        ("name", "twitter:description", description.clone()),
    ];
    if let Some(url) = item.card_url {
        tags.push(("name", "twitter:image", url.to_string()));
        tags.push(("name", "twitter:image:alt", alt.clone()));
    }
    tags.extend([
        ("property", "og:type", "article".to_string()),
        ("property", "og:site_name", config.site.title.clone()),
        ("property", "og:url", item.url.to_string()),
        ("property", "og:title", post.card_title.clone()),
        ("property", "og:description", description),
    ]);
    if let (Some(url), Some(card)) = (item.card_url, item.card) {
        tags.extend([
            ("property", "og:image", url.to_string()),
            ("property", "og:image:type", "image/png".to_string()),
            ("property", "og:image:width", card.width.to_string()),
            ("property", "og:image:height", card.height.to_string()),
            ("property", "og:image:alt", alt),
        ]);
    }
    tags.push((
        "property",
        "article:published_time",
        post.published.to_rfc3339(),
    ));
    tags.push((
        "property",
        "article:modified_time",
        post.updated.to_rfc3339(),
    ));
    if let Some(category) = post.categories.first() {
        tags.push(("property", "article:section", category.clone()));
    }

    let mut html = String::new();
    for (attribute, name, content) in tags {
        let _ = writeln!(
            html,
            r#"<meta {attribute}="{name}" content="{}">"#,
            escape_html(&content)
        );
    }
    html.into_bytes()
}
