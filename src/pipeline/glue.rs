//! Glue stage driver: writes each post's meta snippet, the site-wide
//! `head.html`, the manifest, the card gallery and the feeds' stylesheet.

use rayon::prelude::*;

use super::{write_output, BuildOptions, CardOutput, Pages};
use crate::config::Config;
use crate::error::{Error, Report};
use crate::glue::{self, GluePost};
use crate::output::Durability;
use crate::site::Site;

pub(super) fn run(
    config: &Config,
    site: &Site,
    pages: &Pages,
    cards: &[Option<CardOutput>],
    options: &BuildOptions,
    report: &mut Report,
) -> Result<(), Error> {
    let urls = &pages.urls;
    let card_urls: Vec<Option<String>> = cards
        .iter()
        .map(|c| c.as_ref().map(|c| config.absolute_url(&c.url_path)))
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
        })
        .collect();
    let meta_path = |slug: &str| format!("{}/meta/{slug}.html", config.feeds.path);

    posts.par_iter().try_for_each(|item| {
        let html = glue::meta::render(config, item, &pages.feeds);
        write_output(
            config,
            options,
            &meta_path(&item.post.slug),
            &html,
            Durability::Atomic,
        )
    })?;
    let manifest = glue::manifest::render(config, &pages.feeds, &posts, meta_path);
    write_output(
        config,
        options,
        &format!("{}/manifest.json", config.feeds.path),
        &manifest,
        Durability::Synced,
    )?;
    let gallery = glue::gallery::render(config, &posts, &config.cards.path);
    write_output(
        config,
        options,
        &format!("{}/index.html", config.cards.path),
        &gallery,
        Durability::Atomic,
    )?;
    let head = glue::meta::render_site_head(config, &pages.feeds);
    write_output(
        config,
        options,
        &format!("{}/head.html", config.feeds.path),
        &head,
        Durability::Atomic,
    )?;
    let mut written = posts.len() + 3;
    if config.feeds.builtin_stylesheet {
        write_output(
            config,
            options,
            &format!("{}/feed.xsl", config.feeds.path),
            glue::FEED_STYLESHEET.as_bytes(),
            Durability::Atomic,
        )?;
        written += 1;
    }
    report.other_written = written;
    Ok(())
}
