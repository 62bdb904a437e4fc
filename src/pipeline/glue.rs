//! Glue stage driver: writes each post's meta snippet, the site-wide
//! `head.html`, the manifest, the card gallery and the feeds' stylesheet.

use rayon::prelude::*;

use super::{put_output, CardOutput, Pages};
use crate::config::Config;
use crate::error::{Diagnostic, Report};
use crate::glue::{self, GluePost, Translation};
use crate::output::{Durability, OutputFolder};
use crate::post::Post;
use crate::site::{post_id, Site};

pub(super) fn run(
    config: &Config,
    site: &Site,
    pages: &Pages,
    cards: &[Option<CardOutput>],
    out: &OutputFolder,
    report: &mut Report,
) {
    let urls = &pages.urls;
    let card_urls: Vec<Option<String>> = cards
        .iter()
        .map(|c| c.as_ref().map(|c| config.absolute_url(&c.url_path)))
        .collect();
    let translations: Vec<Vec<Translation<'_>>> = site
        .translations()
        .iter()
        .map(|others| {
            let translation = |&j: &usize| Translation {
                lang: &site.posts[j].lang,
                url: &urls[j],
            };
            others.iter().map(translation).collect()
        })
        .collect();
    let posts: Vec<GluePost<'_>> = site
        .posts
        .iter()
        .enumerate()
        .map(|(i, post)| GluePost {
            post,
            url: &urls[i],
            card: cards[i].as_ref(),
            card_url: card_urls[i].as_deref(),
            translations: &translations[i],
        })
        .collect();
    // By identity, not slug: translations share a slug, never a snippet.
    let meta_path =
        |post: &Post| format!("{}/meta/{}.html", config.feeds.path, post_id(config, post));

    let mut failures: Vec<Diagnostic> = posts
        .par_iter()
        .filter_map(|item| {
            let html = glue::meta::render(config, item, &pages.feeds);
            let path = meta_path(item.post);
            put_output(out, &path, &html, Durability::Atomic, &item.post.source).err()
        })
        .collect();
    let feed_cards: Vec<Option<String>> = pages
        .feed_cards
        .iter()
        .map(|card| card.as_ref().map(|c| config.absolute_url(&c.url_path)))
        .collect();
    // The first feed is the site's own, in its default language.
    let site_card = feed_cards.first().cloned().flatten();
    let mut site_files = vec![
        (
            format!("{}/manifest.json", config.feeds.path),
            glue::manifest::render(config, &pages.feeds, &feed_cards, &posts, meta_path),
            Durability::Synced,
        ),
        (
            format!("{}/index.html", config.cards.path),
            glue::gallery::render(config, &posts, &config.cards.path),
            Durability::Atomic,
        ),
        (
            format!("{}/head.html", config.feeds.path),
            glue::meta::render_site_head(config, &pages.feeds, site_card.as_deref()),
            Durability::Atomic,
        ),
    ];
    if config.feeds.builtin_stylesheet {
        site_files.push((
            format!("{}/feed.xsl", config.feeds.path),
            glue::FEED_STYLESHEET.as_bytes().to_vec(),
            Durability::Atomic,
        ));
    }
    for (path, bytes, durability) in &site_files {
        let file = out.root().join(path.trim_start_matches('/'));
        failures.extend(put_output(out, path, bytes, *durability, &file).err());
    }
    report.other_written = posts.len() + site_files.len() - failures.len();
    report.diagnostics.extend(failures);
}
