//! Feed stage driver: reads and renders the bodies of the posts that enter a
//! feed (and only those), then renders and writes every feed in every format.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;

use super::{put_output, CardOutput, Pages};
use crate::common::plural;
use crate::config::Config;
use crate::config::DialectChoice;
use crate::error::{Diagnostic, Error, Report};
use crate::feed::{self, CardLink, FeedItem, FeedMeta};
use crate::output::{Durability, OutputFolder};
use crate::post::{self, dialect};
use crate::site::{FeedSpec, Site};
use dialect::{Dialect, PostIndex, Rewritten};

pub(super) fn run(
    config: &Config,
    site: &Site,
    pages: &Pages,
    cards: &[Option<CardOutput>],
    out: &OutputFolder,
    report: &mut Report,
) {
    let (specs, urls) = (&pages.feeds, &pages.urls);
    let contents = render_bodies(config, site, specs, urls, report);
    let links: Vec<Option<CardLink>> = cards
        .iter()
        .map(|card| card.as_ref().map(|c| c.link(config)))
        .collect();
    let home_url = config.absolute_url("/");
    let icon = config.site.icon.as_deref().map(|i| config.absolute_url(i));
    let stylesheet = config
        .feeds
        .stylesheet
        .as_deref()
        .map(|s| config.absolute_url(s));

    let full_text = allot_full_text(specs, &contents);
    if let Some(warning) = full_text.warning(site, specs) {
        report.diagnostics.push(warning);
    }

    let jobs: Vec<(usize, crate::config::FeedFormat)> = (0..specs.len())
        .flat_map(|s| config.feeds.formats.iter().map(move |&f| (s, f)))
        .collect();
    let failures: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|&(s, format)| {
            let spec = &specs[s];
            let path = spec.path(format);
            let self_url = config.absolute_url(&path);
            let meta = FeedMeta {
                title: &spec.title,
                description: &spec.description,
                home_url: &home_url,
                self_url: &self_url,
                language: &spec.language,
                author: &config.site.author,
                author_email: config.site.author_email.as_deref(),
                updated: site.last_updated(&spec.posts),
                icon: icon.as_deref(),
                stylesheet: stylesheet.as_deref(),
                hub: config.feeds.hub.as_deref(),
                category: spec.category.as_deref(),
            };
            let items: Vec<FeedItem<'_>> = spec
                .posts
                .iter()
                .zip(&full_text.allowed[s])
                .map(|(&i, &full)| FeedItem {
                    post: &site.posts[i],
                    url: &urls[i],
                    content_html: contents.get(&i).filter(|_| full).map(String::as_str),
                    card: links[i].as_ref(),
                })
                .collect();
            let bytes = feed::render(format, &meta, &items);
            let file = out.root().join(path.trim_start_matches('/'));
            put_output(out, &path, &bytes, Durability::Synced, &file).err()
        })
        .collect();
    report.feeds_written = jobs.len() - failures.len();
    report.diagnostics.extend(failures);
}

/// Full text one feed carries; later items carry their summary. Readers
/// fetch the whole file on every poll, and many give up on feeds of several
/// megabytes; fifty long real posts fit.
const FEED_TEXT_BUDGET: usize = 4 << 20;

/// Full text all feeds together carry (per format). A post's content is
/// copied into every feed it is in: a site of long posts with many
/// categories each would otherwise write gigabytes. A real site with hundreds
/// of category feeds stays under it.
const SITE_TEXT_BUDGET: usize = 128 << 20;

/// Which items carry their full text, by feed and item.
struct FullText {
    allowed: Vec<Vec<bool>>,
    /// Items left with their summary, and the first of them (feed, post).
    summarised: usize,
    first: Option<(usize, usize)>,
}

/// Hands out the text budgets in feed order (the site feed first, then its
/// categories, then the other languages), newest item first, so the same
/// site always gets the same feeds.
fn allot_full_text(specs: &[FeedSpec], contents: &BTreeMap<usize, String>) -> FullText {
    let mut site_left = SITE_TEXT_BUDGET;
    let mut full = FullText {
        allowed: Vec::with_capacity(specs.len()),
        summarised: 0,
        first: None,
    };
    for (s, spec) in specs.iter().enumerate() {
        let mut feed_left = FEED_TEXT_BUDGET;
        let allowed = spec
            .posts
            .iter()
            .map(|&i| {
                let size = contents.get(&i).map_or(0, String::len);
                let fits = size <= feed_left && size <= site_left;
                if fits {
                    feed_left -= size;
                    site_left -= size;
                } else {
                    full.summarised += 1;
                    full.first.get_or_insert((s, i));
                }
                fits
            })
            .collect();
        full.allowed.push(allowed);
    }
    full
}

impl FullText {
    /// One warning for the whole site when a budget ran out, naming the
    /// first post that lost its full text.
    fn warning(&self, site: &Site, specs: &[FeedSpec]) -> Option<Diagnostic> {
        let (s, i) = self.first?;
        let feeds = self.allowed.iter().filter(|a| a.contains(&false)).count();
        Some(Diagnostic::warning(
            &site.posts[i].source,
            format!(
                "feeds carry at most {} MB of full text each and {} MB together: {} in {} \
                 carry only a summary (the first: this post in {})",
                FEED_TEXT_BUDGET >> 20,
                SITE_TEXT_BUDGET >> 20,
                plural(self.summarised, "item", "items"),
                plural(feeds, "feed", "feeds"),
                specs[s].dir,
            ),
        ))
    }
}

/// A post's feed HTML and what its dialect rewriting reported, or why its
/// body could not be read.
type RenderedBody = Result<(String, Rewritten), Error>;

/// Renders each post that enters at least one feed, once, in parallel.
fn render_bodies(
    config: &Config,
    site: &Site,
    specs: &[FeedSpec],
    urls: &[String],
    report: &mut Report,
) -> BTreeMap<usize, String> {
    if !config.feeds.full_content {
        return BTreeMap::new();
    }
    let mut needed: Vec<usize> = specs.iter().flat_map(|s| s.posts.iter().copied()).collect();
    needed.sort_unstable();
    needed.dedup();
    let bodies = Bodies::new(config, site, urls);
    let rendered: Vec<(usize, RenderedBody)> = needed
        .into_par_iter()
        .map(|i| (i, bodies.render(i)))
        .collect();
    let mut contents = BTreeMap::new();
    let mut unknown_named = BTreeSet::new();
    for (i, html) in rendered {
        match html {
            Ok((html, rewritten)) => {
                contents.insert(i, html);
                bodies.warn(i, &rewritten, &mut unknown_named, report);
            }
            // The file changed or vanished since it was loaded: the item keeps
            // its summary, and the user hears why the full text is missing.
            Err(err) => report.diagnostics.push(Diagnostic::warning(
                &site.posts[i].source,
                format!("body not included in feeds: {err}"),
            )),
        }
    }
    contents
}

/// What rendering bodies needs from the site, built once: the post index
/// internal references resolve against, and the dialect the layout names.
struct Bodies<'a> {
    site: &'a Site,
    urls: &'a [String],
    base_url: &'a str,
    setting: dialect::Setting,
    layout: Option<Dialect>,
    index: PostIndex,
}

impl<'a> Bodies<'a> {
    fn new(config: &'a Config, site: &'a Site, urls: &'a [String]) -> Bodies<'a> {
        let setting = match config.content.dialect {
            DialectChoice::Auto => dialect::Setting::Auto,
            DialectChoice::Hugo => dialect::Setting::Fixed(Dialect::Hugo),
            DialectChoice::Jekyll => dialect::Setting::Fixed(Dialect::Jekyll),
            DialectChoice::Zola => dialect::Setting::Fixed(Dialect::Zola),
            DialectChoice::None => dialect::Setting::Fixed(Dialect::Plain),
        };
        let layout = match setting {
            dialect::Setting::Auto => post::site_dialect(&config.paths.posts),
            dialect::Setting::Fixed(_) => None,
        };
        let root = config.paths.posts.as_path();
        let index =
            PostIndex::new(
                site.posts
                    .iter()
                    .zip(urls)
                    .map(|(p, url)| dialect::IndexEntry {
                        path: relative_path(root, &p.source),
                        slug: p.slug.clone(),
                        url: url.clone(),
                    }),
            );
        Bodies {
            site,
            urls,
            base_url: &config.site.base_url,
            setting,
            layout,
            index,
        }
    }

    /// Reads post `i`'s body, rewrites its dialect and renders it.
    fn render(&self, i: usize) -> Result<(String, Rewritten), Error> {
        let post = &self.site.posts[i];
        let markdown = post::load_body(post)?;
        let spoken = dialect::for_post(self.setting, self.layout, &post.source, &markdown);
        let context = dialect::Context {
            index: &self.index,
            base_url: self.base_url,
            page_url: &self.urls[i],
        };
        let rewritten = dialect::rewrite(spoken, &markdown, &context);
        let links = post::LinkBase {
            page: &self.urls[i],
            site: self.base_url,
        };
        let html = post::render_html(&rewritten.markdown, &links);
        Ok((html, rewritten))
    }

    /// One warning per unknown name per site (at its first post in site
    /// order), one per reference that names no post.
    fn warn(
        &self,
        i: usize,
        rewritten: &Rewritten,
        unknown_named: &mut BTreeSet<String>,
        report: &mut Report,
    ) {
        let source = &self.site.posts[i].source;
        for name in &rewritten.unknown {
            if unknown_named.insert(name.clone()) {
                report.diagnostics.push(Diagnostic::warning(
                    source,
                    format!(
                        "unknown shortcode or tag `{name}`: its content was kept, or dropped when it had none (warned once per site)"
                    ),
                ));
            }
        }
        for target in &rewritten.unresolved {
            report.diagnostics.push(Diagnostic::warning(
                source,
                format!("reference {target:?} names no post; left as plain text"),
            ));
        }
    }
}

/// `source` relative to the posts folder, `/`-separated (the whole path
/// when it is not under it).
fn relative_path(root: &Path, source: &Path) -> String {
    let relative = source.strip_prefix(root).unwrap_or(source);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(dir: &str, posts: &[usize]) -> FeedSpec {
        FeedSpec {
            title: dir.into(),
            description: String::new(),
            dir: dir.into(),
            category: None,
            spellings: BTreeSet::new(),
            posts: posts.to_vec(),
            language: "en".into(),
        }
    }

    #[test]
    fn a_feed_carries_full_text_until_its_budget_then_summaries() {
        let kb = |n: usize| "x".repeat(n << 10);
        let contents: BTreeMap<usize, String> = [
            (0, kb(1024)),
            (1, kb(2048)),
            (2, kb(512)),
            (3, kb(1024)),
            (4, "short".into()),
        ]
        .into();
        let full = allot_full_text(&[spec("/blog", &[0, 1, 2, 3, 4])], &contents);
        // 3.5 MB are carried; the next 1 MB post would pass the 4 MB and gets
        // its summary; a short one after it still fits.
        assert_eq!(full.allowed, vec![vec![true, true, true, false, true]]);
        assert_eq!((full.summarised, full.first), (1, Some((0, 3))));
    }

    #[test]
    fn r_all_feeds_together_share_one_budget() {
        // One post of 1 MB in 200 category feeds: 128 of them carry it.
        let contents: BTreeMap<usize, String> = [(0, "x".repeat(1 << 20))].into();
        let specs: Vec<FeedSpec> = (0..200).map(|c| spec(&format!("/c{c}"), &[0])).collect();
        let full = allot_full_text(&specs, &contents);
        let carried = full.allowed.iter().filter(|a| a[0]).count();
        assert_eq!(carried, SITE_TEXT_BUDGET >> 20);
        assert_eq!(full.summarised, 200 - carried);
        assert_eq!(full.first, Some((carried, 0)));
    }

    #[test]
    fn posts_without_rendered_text_cost_nothing() {
        let full = allot_full_text(&[spec("/blog", &[0, 1])], &BTreeMap::new());
        assert_eq!(full.allowed, vec![vec![true, true]]);
        assert_eq!(full.summarised, 0);
    }
}
