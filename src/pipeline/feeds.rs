//! Feed stage driver: reads and renders the bodies of the posts that enter a
//! feed (and only those), then renders and writes every feed in every format.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;

use super::{put_output, CardOutput, Pages};
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

    let jobs: Vec<(&FeedSpec, crate::config::FeedFormat)> = specs
        .iter()
        .flat_map(|spec| config.feeds.formats.iter().map(move |&f| (spec, f)))
        .collect();
    let failures: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|&(spec, format)| {
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
                .map(|&i| FeedItem {
                    post: &site.posts[i],
                    url: &urls[i],
                    content_html: contents.get(&i).map(String::as_str),
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
