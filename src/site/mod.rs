//! The model stage: posts + config → a [`Site`] with a total order, categories
//! and URLs. No I/O.
//!
//! Everything later stages need to agree on lives here once: which posts are
//! built (not scheduled), in which order, what each post's URL is, and which
//! posts go into which feed.

mod categories;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset};

pub use categories::{Category, MAX_CATEGORY_FEEDS};

use crate::common::bounded_file_stem;
use crate::config::{Config, FeedFormat};
use crate::error::Diagnostic;
use crate::post::{same_language, Post};

/// The posts that will be built, in order, with their categories.
#[derive(Debug, Clone)]
pub struct Site {
    /// Built posts, newest `published` first, ties broken by slug.
    pub posts: Vec<Post>,
    /// Categories by slug (their feed folder; see `categories.rs`).
    pub categories: BTreeMap<String, Category>,
}

/// One feed to write: which posts, under which URL folder, with which title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedSpec {
    /// Feed title.
    pub title: String,
    /// Feed description.
    pub description: String,
    /// URL folder of the feed files (`/blog`, `/blog/news`).
    pub dir: String,
    /// The category's name, for category feeds.
    pub category: Option<String>,
    /// Every spelling of the category in the posts ("How-To", "How-to"):
    /// the posts that name one of these are in this feed.
    pub spellings: BTreeSet<String>,
    /// Indices into [`Site::posts`], newest first, at most `limit`.
    pub posts: Vec<usize>,
    /// The feed's language tag (RSS `<language>`, Atom `xml:lang`, JSON Feed
    /// `language`).
    pub language: String,
}

impl FeedSpec {
    /// URL path of the feed in one format (`/blog/rss.xml`).
    pub fn path(&self, format: FeedFormat) -> String {
        format!("{}/{}", self.dir, format.file_name())
    }
}

impl Site {
    /// Orders the posts and groups them by category. Scheduled posts (after
    /// `now`) must already be filtered out by the caller. Categories that
    /// would share a feed folder, and categories over the cap, are reported
    /// in `diagnostics`.
    pub fn new(mut posts: Vec<Post>, diagnostics: &mut Vec<Diagnostic>) -> Site {
        posts.sort_by(|a, b| {
            b.published
                .cmp(&a.published)
                .then_with(|| a.slug.cmp(&b.slug))
                .then_with(|| a.source.cmp(&b.source))
        });
        let categories = categories::group(&posts, diagnostics);
        Site { posts, categories }
    }

    /// The site feed followed by one feed per category (when enabled), for
    /// the default language; then the same for each other language its posts
    /// are written in, under `/{lang}` (`/es/blog/rss.xml`,
    /// `/es/blog/{category}/rss.xml`). The default language's feeds list only
    /// its own posts unless `[feeds] all_languages` is on.
    pub fn feed_specs(&self, config: &Config) -> Vec<FeedSpec> {
        let default = &config.site.language;
        let mut specs = self.language_feed_specs(config, &config.feeds.path, default, |post| {
            config.feeds.all_languages || same_language(&post.lang, default)
        });
        for lang in self.other_languages(config) {
            let dir = format!("{}{}", language_prefix(config, lang), config.feeds.path);
            specs.extend(
                self.language_feed_specs(config, &dir, lang, |post| {
                    same_language(&post.lang, lang)
                }),
            );
        }
        specs
    }

    /// The site feed and category feeds of the posts `include` keeps, under
    /// the URL folder `dir`. A category with none of those posts has no feed.
    fn language_feed_specs(
        &self,
        config: &Config,
        dir: &str,
        language: &str,
        include: impl Fn(&Post) -> bool,
    ) -> Vec<FeedSpec> {
        let limit = config.feeds.limit;
        let kept = |indices: &mut dyn Iterator<Item = usize>| -> Vec<usize> {
            indices
                .filter(|&i| include(&self.posts[i]))
                .take(limit)
                .collect()
        };
        let mut specs = vec![FeedSpec {
            title: config.site.title.clone(),
            description: config.site.description.clone(),
            dir: dir.to_string(),
            category: None,
            spellings: BTreeSet::new(),
            posts: kept(&mut (0..self.posts.len())),
            language: language.to_string(),
        }];
        if config.feeds.per_category {
            for (slug, category) in &self.categories {
                let posts = kept(&mut category.posts.iter().copied());
                if posts.is_empty() {
                    continue;
                }
                specs.push(FeedSpec {
                    title: format!("{} – {}", config.site.title, category.name),
                    description: format!("{} posts from {}", category.name, config.site.title),
                    dir: format!("{dir}/{slug}"),
                    category: Some(category.name.clone()),
                    spellings: category.spellings.clone(),
                    posts,
                    language: language.to_string(),
                });
            }
        }
        specs
    }

    /// The languages of the posts other than the site's default, sorted.
    pub fn other_languages<'a>(&'a self, config: &Config) -> BTreeSet<&'a str> {
        self.posts
            .iter()
            .map(|p| p.lang.as_str())
            .filter(|lang| !same_language(lang, &config.site.language))
            .collect()
    }

    /// For each post (by index), its translations: the other posts with the
    /// same slug in the same section (in other languages: one URL is one
    /// post, duplicates are rejected before the site is made), in site
    /// order. The section counts because translations sit side by side
    /// (`index.md`, `index.es.md`) or in mirrored language folders, and two
    /// `intro` posts of two sections are two posts, not one translated.
    pub fn translations(&self) -> Vec<Vec<usize>> {
        let key = |post: &'_ Post| (post.section.clone(), post.slug.clone());
        let mut by_key: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
        for (index, post) in self.posts.iter().enumerate() {
            by_key.entry(key(post)).or_default().push(index);
        }
        (0..self.posts.len())
            .map(|index| {
                by_key[&key(&self.posts[index])]
                    .iter()
                    .copied()
                    .filter(|&other| other != index)
                    .collect()
            })
            .collect()
    }

    /// When a feed of these posts last changed: the newest `published` or
    /// `updated` among them. Never the wall clock, so the same posts give the
    /// same bytes.
    pub fn last_updated(&self, posts: &[usize]) -> Option<DateTime<FixedOffset>> {
        posts
            .iter()
            .map(|&i| self.posts[i].updated.max(self.posts[i].published))
            .max()
    }
}

/// Absolute URL of a post's page, from `[paths] post_url`:
///
/// - a pattern with `{lang}` gets the post's language there, for every
///   language (`/{lang}/blog/{slug}` → `/en/blog/hello`, `/es/blog/hello`);
/// - a pattern without it is used as is for the default language and gets
///   `/{lang}` in front for the others (`/blog/{slug}` → `/blog/hello`,
///   `/es/blog/hello`), as Hugo and Zola do;
/// - `{section}` is the post's folder under the posts folder (nothing, and
///   no empty segment, at the top), as Hugo and Zola nest their URLs;
///   `{year}`, `{month}`, `{day}` are its publication date in the site's
///   time zone, as Jekyll's permalinks have them.
///
/// `{lang}` in a URL is the tag in lower case (`pt-br`), as Hugo writes it.
pub fn post_url(config: &Config, post: &Post) -> String {
    config.absolute_url(&post_url_path(config, post))
}

/// The URL path of a post's page, not yet percent-encoded: two posts with
/// the same one are one page (see the pipeline's duplicate check).
pub fn post_url_path(config: &Config, post: &Post) -> String {
    let pattern = &config.paths.post_url;
    let path = if pattern.contains("{lang}") {
        pattern.replace("{lang}", &post.lang.to_lowercase())
    } else {
        format!("{}{pattern}", language_prefix(config, &post.lang))
    };
    let mut path = path.replace("{slug}", &post.slug);
    for placeholder in PLACEHOLDERS {
        if !path.contains(placeholder) {
            continue; // nothing to replace
        }
        let value = placeholder_value(config, post, placeholder);
        if value.is_empty() {
            path = path.replace(&format!("/{placeholder}"), "");
        }
        path = path.replace(placeholder, &value);
    }
    path
}

/// `post_url`'s placeholders besides `{slug}` and `{lang}`.
const PLACEHOLDERS: [&str; 4] = ["{section}", "{year}", "{month}", "{day}"];

/// This post's value of one of [`PLACEHOLDERS`]. Computed only for the
/// placeholders a pattern has: formatting the three date parts for every
/// call was 7 k instructions, several calls per post.
fn placeholder_value(config: &Config, post: &Post, name: &str) -> String {
    let format = match name {
        "{year}" => "%Y",
        "{month}" => "%m",
        "{day}" => "%d",
        _ => return post.section.clone(),
    };
    let local = post.published.with_timezone(&config.site.timezone);
    local.format(format).to_string()
}

/// The URL path prefix of a language: empty for the site's default language,
/// `/{lang}` (lower case) for the others.
pub fn language_prefix(config: &Config, lang: &str) -> String {
    if same_language(lang, &config.site.language) {
        String::new()
    } else {
        format!("/{}", lang.to_lowercase())
    }
}

/// A post's identity wherever a file name is made from it (card file, meta
/// snippet, card cache): the slug for the default language, `{lang}/{slug}`
/// for the others (`es/hello` → `/blog/cards/es/hello.png`,
/// `/blog/meta/es/hello.html`). When `post_url` also tells posts apart by
/// section or date, those parts come first, in the pattern's order
/// (`tutorials/python`, `2024/03/hello`), so two posts with one slug in two
/// sections never share a card. A slug has no `/`, so translations and posts
/// never share a file. A slug too long for a file name is shortened here
/// (its URL keeps it whole), see [`bounded_file_stem`].
pub fn post_id(config: &Config, post: &Post) -> String {
    let pattern = &config.paths.post_url;
    let mut used: Vec<(usize, String)> = PLACEHOLDERS
        .into_iter()
        .filter_map(|name| Some((pattern.find(name)?, placeholder_value(config, post, name))))
        .filter(|(_, value)| !value.is_empty())
        .collect();
    used.sort();
    let mut parts: Vec<String> = language_prefix(config, &post.lang)
        .strip_prefix('/')
        .map(str::to_string)
        .into_iter()
        .collect();
    parts.extend(used.into_iter().map(|(_, value)| value));
    parts.push(bounded_file_stem(&post.slug));
    parts.join("/")
}

/// A URL-safe lowercase slug: letters and digits kept (any script), everything
/// else folded into single dashes.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.push(c);
        } else {
            dash = true;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_translations_share_slug_and_section() {
        let post = |section: &str, lang: &str| Post {
            section: section.into(),
            lang: lang.into(),
            source: format!("posts/{section}/intro.{lang}.md").into(),
            ..Post::for_tests("intro")
        };
        let posts = vec![
            post("guides", "en"),
            post("guides", "es"),
            post("notes", "en"),
        ];
        let mut diagnostics = Vec::new();
        let site = Site::new(posts, &mut diagnostics);
        let translations = site.translations();
        let sections = |i: usize| -> Vec<(&str, &str)> {
            translations[i]
                .iter()
                .map(|&j| (site.posts[j].section.as_str(), site.posts[j].lang.as_str()))
                .collect()
        };
        let guides_en = site
            .posts
            .iter()
            .position(|p| p.section == "guides" && p.lang == "en")
            .unwrap();
        let notes_en = site
            .posts
            .iter()
            .position(|p| p.section == "notes")
            .unwrap();
        assert_eq!(sections(guides_en), [("guides", "es")]);
        assert!(sections(notes_en).is_empty());
    }

    #[test]
    fn post_urls_nest_by_section_and_date_as_the_generators_do() {
        let config = |pattern: &str| {
            let toml = format!("[site]\nbase_url = \"https://x.example\"\ntimezone = \"America/New_York\"\n[paths]\npost_url = \"{pattern}\"\n");
            Config::parse(&toml, std::path::Path::new("/site")).unwrap()
        };
        let post = |section: &str| Post {
            section: section.into(),
            // 02:00 UTC on 1 March is 29 February in New York.
            published: chrono::DateTime::parse_from_rfc3339("2024-03-01T02:00:00Z").unwrap(),
            ..Post::for_tests("tides")
        };
        let nested = config("/posts/{section}/{slug}/");
        assert_eq!(
            post_url(&nested, &post("notes/2024")),
            "https://x.example/posts/notes/2024/tides/"
        );
        assert_eq!(
            post_url(&nested, &post("")),
            "https://x.example/posts/tides/"
        );
        assert_eq!(post_id(&nested, &post("notes/2024")), "notes/2024/tides");
        let dated = config("/{year}/{month}/{day}/{slug}.html");
        assert_eq!(
            post_url(&dated, &post("")),
            "https://x.example/2024/02/29/tides.html"
        );
        assert_eq!(post_id(&dated, &post("")), "2024/02/29/tides");
        // A section the pattern does not use is not part of the identity.
        let flat = config("/blog/{slug}");
        assert_eq!(post_id(&flat, &post("notes")), "tides");
    }

    #[test]
    fn slugify_folds_punctuation_and_case() {
        assert_eq!(slugify("Use Cases"), "use-cases");
        assert_eq!(slugify("  use-cases "), "use-cases");
        assert_eq!(slugify("C++ & Rust!"), "c-rust");
        assert_eq!(slugify("Événements"), "événements");
        assert_eq!(slugify("!!"), "");
    }
}
