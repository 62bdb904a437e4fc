//! The model stage: posts + config → a [`Site`] with a total order, categories
//! and URLs. No I/O.
//!
//! Everything later stages need to agree on lives here once: which posts are
//! built (not scheduled), in which order, what each post's URL is, and which
//! posts go into which feed.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};

use crate::config::{Config, FeedFormat};
use crate::post::Post;

/// One category and the posts in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// The name as the first post (in site order) wrote it.
    pub name: String,
    /// Indices into [`Site::posts`], in site order.
    pub posts: Vec<usize>,
}

/// The posts that will be built, in order, with their categories.
#[derive(Debug, Clone)]
pub struct Site {
    /// Built posts, newest `published` first, ties broken by slug.
    pub posts: Vec<Post>,
    /// Categories by slug.
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
    /// The category, for category feeds.
    pub category: Option<String>,
    /// Indices into [`Site::posts`], newest first, at most `limit`.
    pub posts: Vec<usize>,
}

impl FeedSpec {
    /// URL path of the feed in one format (`/blog/rss.xml`).
    pub fn path(&self, format: FeedFormat) -> String {
        format!("{}/{}", self.dir, format.file_name())
    }
}

impl Site {
    /// Orders the posts and groups them by category. Scheduled posts (after
    /// `now`) must already be filtered out by the caller.
    pub fn new(mut posts: Vec<Post>) -> Site {
        posts.sort_by(|a, b| {
            b.published
                .cmp(&a.published)
                .then_with(|| a.slug.cmp(&b.slug))
                .then_with(|| a.source.cmp(&b.source))
        });
        let mut categories: BTreeMap<String, Category> = BTreeMap::new();
        for (index, post) in posts.iter().enumerate() {
            for name in &post.categories {
                let slug = slugify(name);
                if slug.is_empty() {
                    continue;
                }
                let category = categories.entry(slug).or_insert_with(|| Category {
                    name: name.clone(),
                    posts: Vec::new(),
                });
                if category.posts.last() != Some(&index) {
                    category.posts.push(index);
                }
            }
        }
        Site { posts, categories }
    }

    /// The site feed followed by one feed per category (when enabled).
    pub fn feed_specs(&self, config: &Config) -> Vec<FeedSpec> {
        let limit = config.feeds.limit;
        let mut specs = vec![FeedSpec {
            title: config.site.title.clone(),
            description: config.site.description.clone(),
            dir: config.feeds.path.clone(),
            category: None,
            posts: (0..self.posts.len().min(limit)).collect(),
        }];
        if config.feeds.per_category {
            specs.extend(self.categories.iter().map(|(slug, category)| FeedSpec {
                title: format!("{} – {}", config.site.title, category.name),
                description: format!("{} posts from {}", category.name, config.site.title),
                dir: format!("{}/{}", config.feeds.path, slug),
                category: Some(category.name.clone()),
                posts: category.posts.iter().copied().take(limit).collect(),
            }));
        }
        specs
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

/// Absolute URL of a post's page.
pub fn post_url(config: &Config, slug: &str) -> String {
    config.absolute_url(&config.paths.post_url.replace("{slug}", slug))
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
    fn slugify_folds_punctuation_and_case() {
        assert_eq!(slugify("Use Cases"), "use-cases");
        assert_eq!(slugify("  use-cases "), "use-cases");
        assert_eq!(slugify("C++ & Rust!"), "c-rust");
        assert_eq!(slugify("Événements"), "événements");
        assert_eq!(slugify("!!"), "");
    }
}
