//! One post's `<head>` snippet: description and canonical link, feed
//! discovery links, Twitter card, Open Graph and article tags, escaped,
//! ready to include in the page's `<head>`. Also the site-wide
//! [`render_site_head`] for the home page.
//!
//! Each tag group is one small function returning [`Tag`]s, so a new group
//! is one more function and one more line in [`render`].

use std::fmt::Write;

use super::{escape_html, truncate_words, GluePost};
use crate::config::Config;
use crate::post::{same_language, Author, Post};
use crate::site::FeedSpec;

/// X shows at most 200 characters of a description and 420 of an alt text.
const MAX_DESCRIPTION: usize = 200;
const MAX_ALT: usize = 420;

/// One element of the snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tag {
    /// `<meta {attribute}="{key}" content="{content}">`
    Meta {
        attribute: &'static str,
        key: &'static str,
        content: String,
    },
    /// `<link rel="{rel}" href="{href}">`, with a type and title for feeds.
    Link {
        rel: &'static str,
        href: String,
        media_type: Option<&'static str>,
        title: Option<String>,
    },
}

fn name(key: &'static str, content: impl Into<String>) -> Tag {
    Tag::Meta {
        attribute: "name",
        key,
        content: content.into(),
    }
}

fn property(key: &'static str, content: impl Into<String>) -> Tag {
    Tag::Meta {
        attribute: "property",
        key,
        content: content.into(),
    }
}

/// Renders the `<head>` snippet of one post. `feeds` are the site's feed
/// specs (site feed first, then categories).
pub fn render(config: &Config, item: &GluePost<'_>, feeds: &[FeedSpec]) -> Vec<u8> {
    let mut tags = page_tags(config, item);
    tags.extend(feed_links(config, feeds, Some(item.post)));
    tags.extend(twitter_tags(config, item));
    tags.extend(fediverse_tags(config, &item.post.authors));
    tags.extend(open_graph_tags(config, item));
    let alternates = language_alternates(config, item);
    if alternates.is_empty() {
        tags.extend(locale_tags(config));
    }
    tags.extend(article_tags(item));
    let mut html = to_html(&tags);
    // A post with translations (or in another language) names its own locale
    // and each translation's, instead of the site's.
    html.extend_from_slice(alternates.as_bytes());
    html
}

/// The site-wide snippet for the home page (`head.html`): the site feeds for
/// discovery, and the site's description and accounts.
pub fn render_site_head(config: &Config, feeds: &[FeedSpec], card: Option<&str>) -> Vec<u8> {
    let mut tags = vec![name("description", config.site.description.clone())];
    tags.extend(feed_links(config, feeds, None));
    if let Some(handle) = &config.site.twitter {
        tags.push(name("twitter:site", handle.clone()));
    }
    tags.extend(fediverse_tags(config, &[]));
    tags.extend([
        property("og:type", "website"),
        property("og:site_name", config.site.title.clone()),
        property("og:title", config.site.title.clone()),
        property("og:description", config.site.description.clone()),
        property("og:url", config.absolute_url("/")),
    ]);
    // The site's own card (the cards index): what a shared home page unfurls to.
    if let Some(url) = card {
        tags.extend([
            property("og:image", url),
            property("og:image:width", "1200"),
            property("og:image:height", "630"),
            name("twitter:card", "summary_large_image"),
            name("twitter:image", url),
        ]);
    }
    tags.extend(locale_tags(config));
    to_html(&tags)
}

fn description(item: &GluePost<'_>) -> String {
    truncate_words(&item.post.summary, MAX_DESCRIPTION)
}

/// `<meta name="description">` and `<link rel="canonical">`: what search
/// engines and every unfurler fall back on.
fn page_tags(_config: &Config, item: &GluePost<'_>) -> Vec<Tag> {
    vec![
        name("description", description(item)),
        Tag::Link {
            rel: "canonical",
            href: item.url.to_string(),
            media_type: None,
            title: None,
        },
    ]
}

/// `<link rel="alternate">` for the site feeds in every format, then (for a
/// post) the feeds of its categories, so a reader finds the narrower feed too.
///
/// A post links only the feeds in its own language; the site head links the
/// feeds of every language.
fn feed_links(config: &Config, feeds: &[FeedSpec], post: Option<&Post>) -> Vec<Tag> {
    let wanted = |spec: &FeedSpec| match post {
        None => spec.category.is_none(),
        Some(post) => {
            same_language(&spec.language, &post.lang)
                && (spec.category.is_none()
                    || post.categories.iter().any(|c| spec.spellings.contains(c)))
        }
    };
    feeds
        .iter()
        .filter(|spec| wanted(spec))
        .flat_map(|spec| {
            config.feeds.formats.iter().map(move |&format| Tag::Link {
                rel: "alternate",
                href: config.absolute_url(&spec.path(format)),
                media_type: Some(format.media_type()),
                title: Some(spec.title.clone()),
            })
        })
        .collect()
}

/// The X card: kind, title, description, image, and the accounts.
fn twitter_tags(config: &Config, item: &GluePost<'_>) -> Vec<Tag> {
    let post = item.post;
    let kind = item
        .card
        .map_or(post.card_kind.unwrap_or(config.cards.default), |c| c.kind);
    let mut tags = vec![
        name("twitter:card", kind.as_str()),
        name("twitter:title", post.card_title.clone()),
        name("twitter:description", description(item)),
    ];
    if let Some(url) = item.card_url {
        tags.push(name("twitter:image", url));
        tags.push(name("twitter:image:alt", alt_text(config, item)));
    }
    if let Some(handle) = &config.site.twitter {
        tags.push(name("twitter:site", handle.clone()));
    }
    // X shows one creator: the first author with a handle, else the site.
    let creator = post
        .authors
        .iter()
        .find_map(|a| a.twitter.as_ref())
        .or(config.site.twitter.as_ref());
    if let Some(handle) = creator {
        tags.push(name("twitter:creator", handle.clone()));
    }
    tags
}

/// `fediverse:creator`: Mastodon shows the accounts under link previews;
/// every author's own, else the site's.
fn fediverse_tags(config: &Config, authors: &[Author]) -> Vec<Tag> {
    let own: Vec<&String> = authors
        .iter()
        .filter_map(|a| a.fediverse.as_ref())
        .collect();
    let handles = if own.is_empty() {
        config.site.fediverse.iter().collect()
    } else {
        own
    };
    handles
        .into_iter()
        .map(|handle| name("fediverse:creator", handle.clone()))
        .collect()
}

fn alt_text(config: &Config, item: &GluePost<'_>) -> String {
    truncate_words(
        &format!("{} — {}", item.post.card_title, config.site.title),
        MAX_ALT,
    )
}

/// Open Graph: what Facebook, LinkedIn, Slack, Discord and most others read.
fn open_graph_tags(config: &Config, item: &GluePost<'_>) -> Vec<Tag> {
    let post = item.post;
    let mut tags = vec![
        property("og:type", "article"),
        property("og:site_name", config.site.title.clone()),
        property("og:url", item.url),
        property("og:title", post.card_title.clone()),
        property("og:description", description(item)),
    ];
    if let (Some(url), Some(card)) = (item.card_url, item.card) {
        tags.extend([
            property("og:image", url),
            property("og:image:type", "image/png"),
            property("og:image:width", card.width.to_string()),
            property("og:image:height", card.height.to_string()),
            property("og:image:alt", alt_text(config, item)),
        ]);
    }
    tags
}

/// `og:locale`, when the config names one (or a language with a region).
fn locale_tags(config: &Config) -> Vec<Tag> {
    config
        .site
        .locale
        .iter()
        .map(|locale| property("og:locale", locale.clone()))
        .collect()
}

/// `article:*`: dates, authors (their page when given, else their name), the
/// first category as the section and every category as a tag.
fn article_tags(item: &GluePost<'_>) -> Vec<Tag> {
    let post = item.post;
    let mut tags = vec![
        property("article:published_time", post.published.to_rfc3339()),
        property("article:modified_time", post.updated.to_rfc3339()),
    ];
    for author in &post.authors {
        let who = author.uri.clone().unwrap_or_else(|| author.name.clone());
        tags.push(property("article:author", who));
    }
    if let Some(category) = post.categories.first() {
        tags.push(property("article:section", category.clone()));
    }
    for category in &post.categories {
        tags.push(property("article:tag", category.clone()));
    }
    tags
}

fn to_html(tags: &[Tag]) -> Vec<u8> {
    let mut html = String::new();
    for tag in tags {
        let _ = match tag {
            Tag::Meta {
                attribute,
                key,
                content,
            } => writeln!(
                html,
                r#"<meta {attribute}="{key}" content="{}">"#,
                escape_html(content)
            ),
            Tag::Link {
                rel,
                href,
                media_type,
                title,
            } => {
                let mut line = format!(r#"<link rel="{rel}""#);
                if let Some(media_type) = media_type {
                    let _ = write!(line, r#" type="{media_type}""#);
                }
                if let Some(title) = title {
                    let _ = write!(line, r#" title="{}""#, escape_html(title));
                }
                writeln!(html, r#"{line} href="{}">"#, escape_html(href))
            }
        };
    }
    html.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_creator_accounts_are_the_authors_own_else_the_sites() {
        let toml = "[site]\ntwitter = \"@tides\"\nfediverse = \"@tides@social.example\"\n";
        let config = Config::parse(toml, std::path::Path::new("/s")).unwrap();
        let author = |twitter: Option<&str>, fediverse: Option<&str>| Author {
            name: "Ana".into(),
            twitter: twitter.map(Into::into),
            fediverse: fediverse.map(Into::into),
            ..Author::default()
        };
        let snippet = |authors: Vec<Author>| {
            let post = Post {
                authors,
                ..Post::for_tests("p")
            };
            let item = GluePost {
                post: &post,
                url: "https://x.example/blog/p",
                card: None,
                card_url: None,
                translations: &[],
            };
            String::from_utf8(render(&config, &item, &[])).unwrap()
        };
        let site_only = snippet(vec![]);
        assert!(
            site_only.contains(r#"name="twitter:creator" content="@tides""#),
            "{site_only}"
        );
        assert!(
            site_only.contains(r#"content="@tides@social.example""#),
            "{site_only}"
        );
        let own = snippet(vec![
            author(None, Some("@ana@mastodon.example")),
            author(Some("@ana_writes"), Some("@bo@fedi.example")),
        ]);
        assert!(
            own.contains(r#"name="twitter:site" content="@tides""#),
            "{own}"
        );
        assert!(
            own.contains(r#"name="twitter:creator" content="@ana_writes""#),
            "{own}"
        );
        assert_eq!(own.matches("fediverse:creator").count(), 2, "{own}");
        assert!(!own.contains("@tides@social.example"), "{own}");
    }

    #[test]
    fn links_carry_type_and_title_and_are_escaped() {
        let html = to_html(&[Tag::Link {
            rel: "alternate",
            href: "https://x.test/a?b=1&c=2".into(),
            media_type: Some("application/rss+xml"),
            title: Some("Tom & Jerry".into()),
        }]);
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Tom &amp; Jerry\" \
             href=\"https://x.test/a?b=1&amp;c=2\">\n"
        );
    }

    #[test]
    fn a_post_links_the_site_feeds_and_only_its_own_category_feeds() {
        let config =
            Config::parse("[feeds]\nformats = [\"rss\"]\n", std::path::Path::new("/s")).unwrap();
        let spec = |category: Option<&str>, dir: &str, language: &str| FeedSpec {
            title: "T".into(),
            description: String::new(),
            dir: dir.into(),
            category: category.map(Into::into),
            spellings: category
                .into_iter()
                .flat_map(|c| [c.to_string(), c.to_lowercase()])
                .collect(),
            language: language.into(),
            posts: Vec::new(),
        };
        let feeds = [
            spec(None, "/blog", "en"),
            spec(Some("Use Cases"), "/blog/use-cases", "en"),
            spec(Some("News"), "/blog/news", "en"),
            spec(None, "/es/blog", "es"),
            spec(Some("Use Cases"), "/es/blog/use-cases", "es"),
        ];
        let post = Post {
            categories: vec!["use cases".to_string()],
            ..Post::for_tests("p")
        };
        let links = feed_links(&config, &feeds, Some(&post));
        let hrefs: Vec<&str> = links
            .iter()
            .map(|t| match t {
                Tag::Link { href, .. } => href.as_str(),
                Tag::Meta { .. } => "",
            })
            .collect();
        assert_eq!(
            hrefs,
            [
                "https://example.com/blog/rss.xml",
                "https://example.com/blog/use-cases/rss.xml"
            ]
        );
        assert_eq!(feed_links(&config, &feeds, None).len(), 2);
    }
}

/// The post's language and its translations: `og:locale`,
/// `og:locale:alternate` per translation, and a `<link rel="alternate"
/// hreflang>` for every version (itself included, as Google asks) plus
/// `x-default` for the default language's version. Empty for a post in the
/// site's language with no translation, so monolingual sites are unchanged.
///
/// Links are sorted by language tag, so every translation's snippet lists the
/// same set in the same order.
pub fn language_alternates(config: &Config, item: &GluePost<'_>) -> String {
    let post = item.post;
    if item.translations.is_empty() && same_language(&post.lang, &config.site.language) {
        return String::new();
    }
    let mut html = String::new();
    let meta = |html: &mut String, property: &str, content: &str| {
        let _ = writeln!(
            html,
            r#"<meta property="{property}" content="{}">"#,
            escape_html(content)
        );
    };
    meta(&mut html, "og:locale", &og_locale(&post.lang));
    for translation in item.translations {
        meta(
            &mut html,
            "og:locale:alternate",
            &og_locale(translation.lang),
        );
    }
    let mut versions: Vec<(&str, &str)> = item
        .translations
        .iter()
        .map(|t| (t.lang, t.url))
        .chain([(post.lang.as_str(), item.url)])
        .collect();
    versions.sort();
    let default = versions
        .iter()
        .find(|(lang, _)| same_language(lang, &config.site.language))
        .map(|&(_, url)| ("x-default", url));
    for (lang, url) in versions.iter().copied().chain(default) {
        let _ = writeln!(
            html,
            r#"<link rel="alternate" hreflang="{}" href="{}">"#,
            escape_html(lang),
            escape_html(url)
        );
    }
    html
}

/// Open Graph's `language_TERRITORY` form of a BCP 47 tag: the tag's own
/// region when it has one (`pt-BR` → `pt_BR`, `es-419` → `es_419`); else the
/// region Unicode CLDR's likely-subtags data gives the language (`es` →
/// `es_ES`, `en` → `en_US`, `zh-Hant` → `zh_TW`), for the languages listed
/// below; else the bare language subtag (`eo`), which Facebook reads as the
/// language alone.
pub fn og_locale(tag: &str) -> String {
    let mut subtags = tag.split(['-', '_']);
    let language = subtags.next().unwrap_or_default().to_ascii_lowercase();
    let mut script = None;
    for sub in subtags {
        match sub.len() {
            4 if sub.bytes().all(|b| b.is_ascii_alphabetic()) => {
                script = Some(sub.to_ascii_lowercase())
            }
            2 => return format!("{language}_{}", sub.to_ascii_uppercase()),
            3 if sub.bytes().all(|b| b.is_ascii_digit()) => return format!("{language}_{sub}"),
            _ => {}
        }
    }
    let region = match (language.as_str(), script.as_deref()) {
        ("zh", Some("hant")) => Some("TW"),
        ("sr", Some("latn")) => Some("RS"),
        (language, _) => LIKELY_REGION
            .iter()
            .find(|(l, _)| *l == language)
            .map(|&(_, r)| r),
    };
    match region {
        Some(region) => format!("{language}_{region}"),
        None => language,
    }
}

/// The likely region of common languages (CLDR likelySubtags).
const LIKELY_REGION: &[(&str, &str)] = &[
    ("af", "ZA"),
    ("ar", "EG"),
    ("az", "AZ"),
    ("be", "BY"),
    ("bg", "BG"),
    ("bn", "BD"),
    ("bs", "BA"),
    ("ca", "ES"),
    ("cs", "CZ"),
    ("cy", "GB"),
    ("da", "DK"),
    ("de", "DE"),
    ("el", "GR"),
    ("en", "US"),
    ("es", "ES"),
    ("et", "EE"),
    ("eu", "ES"),
    ("fa", "IR"),
    ("fi", "FI"),
    ("fil", "PH"),
    ("fr", "FR"),
    ("ga", "IE"),
    ("gl", "ES"),
    ("gu", "IN"),
    ("he", "IL"),
    ("hi", "IN"),
    ("hr", "HR"),
    ("hu", "HU"),
    ("hy", "AM"),
    ("id", "ID"),
    ("is", "IS"),
    ("it", "IT"),
    ("ja", "JP"),
    ("ka", "GE"),
    ("kk", "KZ"),
    ("km", "KH"),
    ("kn", "IN"),
    ("ko", "KR"),
    ("lt", "LT"),
    ("lv", "LV"),
    ("mk", "MK"),
    ("ml", "IN"),
    ("mn", "MN"),
    ("mr", "IN"),
    ("ms", "MY"),
    ("nb", "NO"),
    ("ne", "NP"),
    ("nl", "NL"),
    ("nn", "NO"),
    ("no", "NO"),
    ("pa", "IN"),
    ("pl", "PL"),
    ("pt", "BR"),
    ("ro", "RO"),
    ("ru", "RU"),
    ("sk", "SK"),
    ("sl", "SI"),
    ("sq", "AL"),
    ("sr", "RS"),
    ("sv", "SE"),
    ("sw", "TZ"),
    ("ta", "IN"),
    ("te", "IN"),
    ("th", "TH"),
    ("tr", "TR"),
    ("uk", "UA"),
    ("ur", "PK"),
    ("uz", "UZ"),
    ("vi", "VN"),
    ("zh", "CN"),
    ("zu", "ZA"),
];

#[cfg(test)]
mod language_tests {
    use super::*;

    #[test]
    fn og_locales_use_the_region_given_or_the_likely_one() {
        assert_eq!(og_locale("es"), "es_ES");
        assert_eq!(og_locale("pt-BR"), "pt_BR");
        assert_eq!(og_locale("en"), "en_US");
        assert_eq!(og_locale("zh-Hant"), "zh_TW");
        assert_eq!(og_locale("es-419"), "es_419");
        assert_eq!(og_locale("ca"), "ca_ES");
        assert_eq!(og_locale("eo"), "eo");
    }
}
