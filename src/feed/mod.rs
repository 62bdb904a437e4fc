//! The feed stage: a list of items → the bytes of one RSS 2.0, Atom 1.0 or
//! JSON Feed 1.1 document. No I/O: bodies are read and rendered to HTML before
//! this stage, and `output` writes what it returns.
//!
//! Every value that reaches a feed passes through [`clean_text`] first, so
//! characters XML forbids are removed, never written.

mod atom;
mod json;
mod rss;
mod xml;

#[cfg(test)]
mod render_tests;

use chrono::{DateTime, FixedOffset};

use crate::config::FeedFormat;
use crate::post::Post;

/// A card image as feeds link it (enclosure, media:content, JSON `image`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardLink {
    /// Absolute URL of the PNG.
    pub url: String,
    /// File size in bytes (RSS enclosure length).
    pub bytes: u64,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// Media type, `image/png`.
    pub media_type: &'static str,
}

/// One entry of a feed.
#[derive(Debug, Clone, Copy)]
pub struct FeedItem<'a> {
    /// The post.
    pub post: &'a Post,
    /// Absolute URL of the post's page (also its RSS guid and Atom id).
    pub url: &'a str,
    /// Sanitised HTML body with absolute links, when full content is on.
    pub content_html: Option<&'a str>,
    /// The post's card, when cards are drawn.
    pub card: Option<&'a CardLink>,
}

impl FeedItem<'_> {
    /// The body HTML, unless it is blank: an empty body writes no empty
    /// `<content>`, `content:encoded` or `content_html` (the W3C validator's
    /// NotBlank), and the item falls back to its summary as it does without
    /// full content.
    pub(crate) fn body(&self) -> Option<&str> {
        self.content_html.filter(|html| !html.trim().is_empty())
    }
}

/// Feed-level facts.
#[derive(Debug, Clone)]
pub struct FeedMeta<'a> {
    /// Feed title.
    pub title: &'a str,
    /// Feed description / subtitle.
    pub description: &'a str,
    /// Absolute URL of the site's home page.
    pub home_url: &'a str,
    /// Absolute URL this document is served from (`rel="self"`).
    pub self_url: &'a str,
    /// Language tag.
    pub language: &'a str,
    /// Site author name.
    pub author: &'a str,
    /// Site author email, if configured.
    pub author_email: Option<&'a str>,
    /// Newest `updated` among the items; `None` for an empty feed.
    pub updated: Option<DateTime<FixedOffset>>,
    /// Absolute icon URL.
    pub icon: Option<&'a str>,
    /// XSL stylesheet URL (XML feeds).
    pub stylesheet: Option<&'a str>,
    /// WebSub hub URL.
    pub hub: Option<&'a str>,
    /// The category of a category feed.
    pub category: Option<&'a str>,
}

/// Renders one feed document.
pub fn render(format: FeedFormat, meta: &FeedMeta<'_>, items: &[FeedItem<'_>]) -> Vec<u8> {
    match format {
        FeedFormat::Rss => rss::render(meta, items),
        FeedFormat::Atom => atom::render(meta, items),
        FeedFormat::Json => json::render(meta, items),
    }
}

/// Removes characters XML 1.0 does not allow (C0 controls other than tab,
/// newline and carriage return; U+FFFE/U+FFFF; lone surrogates cannot occur in
/// a Rust string). Borrowed when nothing needs removing.
pub fn clean_text(text: &str) -> std::borrow::Cow<'_, str> {
    fn allowed(c: char) -> bool {
        matches!(c, '\t' | '\n' | '\r')
            || ('\u{20}'..='\u{D7FF}').contains(&c)
            || ('\u{E000}'..='\u{FFFD}').contains(&c)
            || c >= '\u{10000}'
    }
    if text.chars().all(allowed) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.chars().filter(|&c| allowed(c)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_drops_xml_illegal_characters() {
        assert_eq!(clean_text("a\u{0}b\u{b}c\u{1f}d\te\u{fffe}"), "abcd\te");
        assert!(matches!(
            clean_text("plain"),
            std::borrow::Cow::Borrowed("plain")
        ));
    }
}
