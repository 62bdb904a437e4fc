//! Glue stage driver: writes each post's meta snippet, the manifest and the
//! card gallery.

use rayon::prelude::*;

use super::{write_output, BuildOptions, CardOutput, Pages};
use crate::config::Config;
use crate::error::{Error, Report};
use crate::glue::{self, GluePost, Translation};
use crate::output::Durability;
use crate::post::Post;
use crate::site::{post_id, Site};

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

    posts.par_iter().try_for_each(|item| {
        let html = glue::meta::render(config, item);
        write_output(
            config,
            options,
            &meta_path(item.post),
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
    report.other_written = posts.len() + 2;
    Ok(())
}
