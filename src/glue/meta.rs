//! One post's `<head>` snippet: description and canonical link, feed
//! discovery links, Twitter card, Open Graph and article tags, escaped,
//! ready to include in the page's `<head>`. Also the site-wide
//! [`render_site_head`] for the home page.
//!
//! Each tag group is one small function returning [`Tag`]s, so a new group
//! is one more function and one more line in [`render`].

use super::{escape_html_into, truncate_words, GluePost};
use crate::config::Config;
use crate::post::{same_language, Author, Post};
use crate::site::FeedSpec;

/// X shows at most 200 characters of a description and 420 of an alt text.
const MAX_DESCRIPTION: usize = 200;
const MAX_ALT: usize = 420;

/// Appends `<meta {attribute}="{key}" content="{content}">` and a line break.
fn meta(html: &mut String, attribute: &str, key: &str, content: &str) {
    html.push_str("<meta ");
    html.push_str(attribute);
    html.push_str("=\"");
    html.push_str(key);
    html.push_str("\" content=\"");
    escape_html_into(html, content);
    html.push_str("\">\n");
}

fn name(html: &mut String, key: &str, content: &str) {
    meta(html, "name", key, content);
}

fn property(html: &mut String, key: &str, content: &str) {
    meta(html, "property", key, content);
}

/// Appends `<link rel="{rel}" href="{href}">`, with a type and a title for
/// feeds, and a line break.
fn link(html: &mut String, rel: &str, media_type: Option<&str>, title: Option<&str>, href: &str) {
    html.push_str("<link rel=\"");
    html.push_str(rel);
    html.push('"');
    if let Some(media_type) = media_type {
        html.push_str(" type=\"");
        html.push_str(media_type);
        html.push('"');
    }
    if let Some(title) = title {
        html.push_str(" title=\"");
        escape_html_into(html, title);
        html.push('"');
    }
    html.push_str(" href=\"");
    escape_html_into(html, href);
    html.push_str("\">\n");
}

/// Renders every post's snippet in one build. What is the same for every
/// post (each feed's discovery links, the site's accounts and locale) is
/// rendered once here: rebuilding the feed links per snippet was most of a
/// snippet's cost (~85 k instructions each at 10k posts).
#[derive(Debug)]
pub struct MetaRenderer<'a> {
    config: &'a Config,
    feeds: &'a [FeedSpec],
    /// Per feed spec (same order as `feeds`), its `<link rel="alternate">`
    /// lines in every configured format.
    feed_links: Vec<String>,
    /// The site's `fediverse:creator` lines (for posts whose authors have none).
    site_fediverse: String,
    /// The site's `og:locale` lines.
    locale: String,
}

impl<'a> MetaRenderer<'a> {
    /// Prepares the site-wide parts. `feeds` are the site's feed specs (site
    /// feed first, then categories).
    pub fn new(config: &'a Config, feeds: &'a [FeedSpec]) -> MetaRenderer<'a> {
        let feed_links = feeds.iter().map(|spec| spec_links(config, spec)).collect();
        let mut site_fediverse = String::new();
        fediverse_tags(&mut site_fediverse, config, &[]);
        let mut locale = String::new();
        locale_tags(&mut locale, config);
        MetaRenderer {
            config,
            feeds,
            feed_links,
            site_fediverse,
            locale,
        }
    }

    /// Renders the `<head>` snippet of one post.
    pub fn render(&self, item: &GluePost<'_>) -> Vec<u8> {
        let config = self.config;
        let mut html = String::with_capacity(2048);
        let description = description(item);
        page_tags(&mut html, item, &description);
        for (spec, links) in self.feeds.iter().zip(&self.feed_links) {
            if post_links_feed(spec, item.post) {
                html.push_str(links);
            }
        }
        twitter_tags(&mut html, config, item, &description);
        if item.post.authors.iter().any(|a| a.fediverse.is_some()) {
            fediverse_tags(&mut html, config, &item.post.authors);
        } else {
            html.push_str(&self.site_fediverse);
        }
        open_graph_tags(&mut html, config, item, &description);
        let alternates = language_alternates(config, item);
        if alternates.is_empty() {
            html.push_str(&self.locale);
        }
        article_tags(&mut html, item);
        // A post with translations (or in another language) names its own locale
        // and each translation's, instead of the site's.
        html.push_str(&alternates);
        html.into_bytes()
    }
}

/// Renders the `<head>` snippet of one post. `feeds` are the site's feed
/// specs (site feed first, then categories). For many posts, build one
/// [`MetaRenderer`] and call its `render`.
pub fn render(config: &Config, item: &GluePost<'_>, feeds: &[FeedSpec]) -> Vec<u8> {
    MetaRenderer::new(config, feeds).render(item)
}

/// The site-wide snippet for the home page (`head.html`): the site feeds for
/// discovery, and the site's description and accounts.
pub fn render_site_head(config: &Config, feeds: &[FeedSpec], card: Option<&str>) -> Vec<u8> {
    let mut html = String::new();
    name(&mut html, "description", &config.site.description);
    for spec in feeds.iter().filter(|spec| spec.category.is_none()) {
        html.push_str(&spec_links(config, spec));
    }
    if let Some(handle) = &config.site.twitter {
        name(&mut html, "twitter:site", handle);
    }
    fediverse_tags(&mut html, config, &[]);
    property(&mut html, "og:type", "website");
    property(&mut html, "og:site_name", &config.site.title);
    property(&mut html, "og:title", &config.site.title);
    property(&mut html, "og:description", &config.site.description);
    property(&mut html, "og:url", &config.absolute_url("/"));
    // The site's own card (the cards index): what a shared home page unfurls to.
    if let Some(url) = card {
        property(&mut html, "og:image", url);
        property(&mut html, "og:image:width", "1200");
        property(&mut html, "og:image:height", "630");
        name(&mut html, "twitter:card", "summary_large_image");
        name(&mut html, "twitter:image", url);
    }
    locale_tags(&mut html, config);
    html.into_bytes()
}

fn description(item: &GluePost<'_>) -> String {
    truncate_words(&item.post.summary, MAX_DESCRIPTION)
}

/// `<meta name="description">` and `<link rel="canonical">`: what search
/// engines and every unfurler fall back on.
fn page_tags(html: &mut String, item: &GluePost<'_>, description: &str) {
    name(html, "description", description);
    link(html, "canonical", None, None, item.url);
}

/// Whether a post's snippet links a feed: the site feeds in its own
/// language, then the feeds of its categories, so a reader finds the
/// narrower feed too. (The site head links the feeds of every language.)
fn post_links_feed(spec: &FeedSpec, post: &Post) -> bool {
    same_language(&spec.language, &post.lang)
        && (spec.category.is_none() || post.categories.iter().any(|c| spec.spellings.contains(c)))
}

/// A feed's `<link rel="alternate">` lines, one per configured format.
fn spec_links(config: &Config, spec: &FeedSpec) -> String {
    let mut html = String::new();
    for &format in &config.feeds.formats {
        link(
            &mut html,
            "alternate",
            Some(format.media_type()),
            Some(&spec.title),
            &config.absolute_url(&spec.path(format)),
        );
    }
    html
}

/// The X card: kind, title, description, image, and the accounts.
fn twitter_tags(html: &mut String, config: &Config, item: &GluePost<'_>, description: &str) {
    let post = item.post;
    let kind = item
        .card
        .map_or(post.card_kind.unwrap_or(config.cards.default), |c| c.kind);
    name(html, "twitter:card", kind.as_str());
    name(html, "twitter:title", &post.card_title);
    name(html, "twitter:description", description);
    if let Some(url) = item.card_url {
        name(html, "twitter:image", url);
        name(html, "twitter:image:alt", &alt_text(config, item));
    }
    if let Some(handle) = &config.site.twitter {
        name(html, "twitter:site", handle);
    }
    // X shows one creator: the first author with a handle, else the site.
    let creator = post
        .authors
        .iter()
        .find_map(|a| a.twitter.as_ref())
        .or(config.site.twitter.as_ref());
    if let Some(handle) = creator {
        name(html, "twitter:creator", handle);
    }
}

/// `fediverse:creator`: Mastodon shows the accounts under link previews;
/// every author's own, else the site's.
fn fediverse_tags(html: &mut String, config: &Config, authors: &[Author]) {
    let own = || authors.iter().filter_map(|a| a.fediverse.as_ref());
    if own().next().is_some() {
        for handle in own() {
            name(html, "fediverse:creator", handle);
        }
    } else {
        if let Some(handle) = &config.site.fediverse {
            name(html, "fediverse:creator", handle);
        }
    }
}

fn alt_text(config: &Config, item: &GluePost<'_>) -> String {
    truncate_words(
        &format!("{} — {}", item.post.card_title, config.site.title),
        MAX_ALT,
    )
}

/// Open Graph: what Facebook, LinkedIn, Slack, Discord and most others read.
fn open_graph_tags(html: &mut String, config: &Config, item: &GluePost<'_>, description: &str) {
    let post = item.post;
    property(html, "og:type", "article");
    property(html, "og:site_name", &config.site.title);
    property(html, "og:url", item.url);
    property(html, "og:title", &post.card_title);
    property(html, "og:description", description);
    if let (Some(url), Some(card)) = (item.card_url, item.card) {
        property(html, "og:image", url);
        property(html, "og:image:type", "image/png");
        property(html, "og:image:width", &card.width.to_string());
        property(html, "og:image:height", &card.height.to_string());
        property(html, "og:image:alt", &alt_text(config, item));
    }
}

/// `og:locale`, when the config names one (or a language with a region).
fn locale_tags(html: &mut String, config: &Config) {
    if let Some(locale) = &config.site.locale {
        property(html, "og:locale", locale);
    }
}

/// `article:*`: dates, authors (their page when given, else their name), the
/// first category as the section and every category as a tag.
fn article_tags(html: &mut String, item: &GluePost<'_>) {
    let post = item.post;
    property(html, "article:published_time", &post.published.to_rfc3339());
    property(html, "article:modified_time", &post.updated.to_rfc3339());
    for author in &post.authors {
        let who = author.uri.as_ref().unwrap_or(&author.name);
        property(html, "article:author", who);
    }
    if let Some(category) = post.categories.first() {
        property(html, "article:section", category);
    }
    for category in &post.categories {
        property(html, "article:tag", category);
    }
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
        let mut html = String::new();
        link(
            &mut html,
            "alternate",
            Some("application/rss+xml"),
            Some("Tom & Jerry"),
            "https://x.test/a?b=1&c=2",
        );
        assert_eq!(
            html,
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
        let snippet = String::from_utf8(MetaRenderer::new(&config, &feeds).render(&GluePost {
            post: &post,
            url: "https://example.com/blog/p",
            card: None,
            card_url: None,
            translations: &[],
        }))
        .unwrap();
        let hrefs: Vec<&str> = snippet
            .lines()
            .filter(|line| line.starts_with("<link rel=\"alternate\""))
            .filter_map(|line| line.split(" href=\"").nth(1))
            .map(|href| href.trim_end_matches("\">"))
            .collect();
        assert_eq!(
            hrefs,
            [
                "https://example.com/blog/rss.xml",
                "https://example.com/blog/use-cases/rss.xml"
            ]
        );
        let head = String::from_utf8(render_site_head(&config, &feeds, None)).unwrap();
        assert_eq!(head.matches("<link rel=\"alternate\"").count(), 2);
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
    property(&mut html, "og:locale", &og_locale(&post.lang));
    for translation in item.translations {
        property(
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
        html.push_str("<link rel=\"alternate\" hreflang=\"");
        escape_html_into(&mut html, lang);
        html.push_str("\" href=\"");
        escape_html_into(&mut html, url);
        html.push_str("\">\n");
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
