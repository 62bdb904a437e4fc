//! The glue stage: the small files that tie feeds and cards to a site.
//!
//! - [`meta::render`]: one post's `<head>` tags (feeds, Twitter, Open Graph,
//!   article), and [`meta::render_site_head`] for the home page;
//! - [`manifest::render`]: every post with its URL, dates and card, as JSON,
//!   for schedulers and site builds;
//! - [`gallery::render`]: a static HTML page previewing every card the way it
//!   unfurls;
//! - [`FEED_STYLESHEET`]: the XSL that makes a feed opened in a browser a
//!   readable page.
//!
//! Each renderer takes values and returns bytes; `build` writes them.

pub mod gallery;
pub mod manifest;
pub mod meta;

use crate::pipeline::CardOutput;

/// The built-in XSL stylesheet written to `{feeds.path}/feed.xsl`: a feed
/// opened in a browser shows what a feed is, how to follow it, and the posts.
/// It reads RSS 2.0 and Atom 1.0.
pub const FEED_STYLESHEET: &str = include_str!("feed.xsl");
pub(crate) use crate::post::truncate_at_word as truncate_words;
use crate::post::Post;

/// What the glue renderers know about one post.
#[derive(Debug, Clone, Copy)]
pub struct GluePost<'a> {
    /// The post.
    pub post: &'a Post,
    /// Absolute URL of its page.
    pub url: &'a str,
    /// Its card, when one is drawn.
    pub card: Option<&'a CardOutput>,
    /// Absolute URL of its card.
    pub card_url: Option<&'a str>,
    /// The same post in other languages (same slug), in site order.
    pub translations: &'a [Translation<'a>],
}

/// One other-language version of a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Translation<'a> {
    /// Its language tag.
    pub lang: &'a str,
    /// Absolute URL of its page.
    pub url: &'a str,
}

pub(crate) use crate::common::{escape_html, escape_html_into};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_html_escapes_markup_and_quotes() {
        assert_eq!(
            escape_html(r#"Tom & "Jerry" <b>'x'</b>"#),
            "Tom &amp; &quot;Jerry&quot; &lt;b&gt;&#39;x&#39;&lt;/b&gt;"
        );
    }

    #[test]
    fn truncation_cuts_at_a_space() {
        assert_eq!(truncate_words("short", 10), "short");
        assert_eq!(truncate_words("one two three four", 12), "one two…");
        assert_eq!(truncate_words("abcdefghijklmnop", 6), "abcde…");
    }
}
