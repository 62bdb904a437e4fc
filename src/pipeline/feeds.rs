//! Feed stage driver: reads and renders the bodies of the posts that enter a
//! feed (and only those), then renders and writes every feed in every format.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::{write_output, BuildOptions, CardOutput, Pages};
use crate::config::Config;
use crate::error::{Diagnostic, Error, Report};
use crate::feed::{self, CardLink, FeedItem, FeedMeta};
use crate::output::Durability;
use crate::post;
use crate::site::{FeedSpec, Site};

pub(super) fn run(
    config: &Config,
    site: &Site,
    pages: &Pages,
    cards: &[Option<CardOutput>],
    options: &BuildOptions,
    report: &mut Report,
) -> Result<(), Error> {
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
    let written: Result<Vec<()>, Error> = jobs
        .par_iter()
        .map(|&(spec, format)| {
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
            write_output(config, options, &path, &bytes, Durability::Synced)
        })
        .collect();
    written?;
    report.feeds_written = jobs.len();
    Ok(())
}

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
    let rendered: Vec<(usize, Result<String, Error>)> = needed
        .into_par_iter()
        .map(|i| {
            let html = post::load_body(&site.posts[i]).map(|md| post::render_html(&md, &urls[i]));
            (i, html)
        })
        .collect();
    let mut contents = BTreeMap::new();
    for (i, html) in rendered {
        match html {
            Ok(html) => {
                contents.insert(i, html);
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
