//! Glue stage driver: writes each post's meta snippet, the site-wide
//! `head.html`, the manifest, the card gallery and the feeds' stylesheet.

use rayon::prelude::*;

use super::{put_keyed_output, put_output, CardOutput, Pages};
use crate::config::Config;
use crate::error::{Diagnostic, Report};
use crate::glue::{self, GluePost, Translation};
use crate::output::{Durability, Key, OutputFolder};
use crate::post::Post;
use crate::site::{post_id, FeedSpec, Site};

/// A file listing every post: its path, key, durability and renderer.
type Listing<'a> = (&'a String, Key, Durability, &'a dyn Fn() -> Vec<u8>);

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

    // What every snippet depends on besides its own post: the config, this
    // binary, and the feeds it may link (their item lists aside).
    let site_key = {
        let mut hasher = super::KeyHasher::new("meta snippet");
        hasher.debug(config);
        let specs: Vec<FeedSpec> = pages
            .feeds
            .iter()
            .map(|spec| FeedSpec {
                posts: Vec::new(),
                ..spec.clone()
            })
            .collect();
        hasher.debug(&specs);
        hasher
    };
    let post_keys: Vec<Key> = posts
        .par_iter()
        .map(|item| {
            let GluePost {
                post,
                url,
                card,
                card_url,
                translations,
            } = item;
            let mut hasher = site_key.clone();
            hasher.post(post);
            hasher.str(url);
            hasher.flag(card.is_some());
            if card.is_some() {
                hasher.debug(card);
            }
            hasher.opt_str(*card_url);
            for Translation { lang, url } in translations.iter() {
                hasher.str(lang);
                hasher.str(url);
            }
            hasher.finish()
        })
        .collect();
    let snippets = glue::meta::MetaRenderer::new(config, &pages.feeds);
    let mut failures: Vec<Diagnostic> = posts
        .par_iter()
        .zip(&post_keys)
        .filter_map(|(item, key)| {
            let path = meta_path(item.post);
            let render = || snippets.render(item);
            let owner = &item.post.source;
            put_keyed_output(out, &path, key, Durability::Atomic, owner, render).err()
        })
        .collect();
    let feed_cards: Vec<Option<String>> = pages
        .feed_cards
        .iter()
        .map(|card| card.as_ref().map(|c| config.absolute_url(&c.url_path)))
        .collect();
    // The first feed is the site's own, in its default language.
    let site_card = feed_cards.first().cloned().flatten();
    // The manifest and the gallery list every post: keyed by every post's
    // key (which covers the config), the feeds and their cards.
    let all_posts_key = |what: &str| {
        let mut hasher = super::KeyHasher::new(what);
        hasher.debug(config);
        hasher.debug(&pages.feeds);
        hasher.debug(&feed_cards);
        for key in &post_keys {
            hasher.bytes(key);
        }
        hasher.finish()
    };
    let manifest_path = format!("{}/manifest.json", config.feeds.path);
    let manifest = || glue::manifest::render(config, &pages.feeds, &feed_cards, &posts, meta_path);
    let gallery_path = format!("{}/index.html", config.cards.path);
    let gallery = || glue::gallery::render(config, &posts, &config.cards.path);
    let listings: [Listing<'_>; 2] = [
        (
            &manifest_path,
            all_posts_key("manifest"),
            Durability::Synced,
            &manifest,
        ),
        (
            &gallery_path,
            all_posts_key("gallery"),
            Durability::Atomic,
            &gallery,
        ),
    ];
    for (path, key, durability, render) in listings {
        let file = out.root().join(path.trim_start_matches('/'));
        failures.extend(put_keyed_output(out, path, &key, durability, &file, render).err());
    }
    let mut site_files = vec![(
        format!("{}/head.html", config.feeds.path),
        glue::meta::render_site_head(config, &pages.feeds, site_card.as_deref()),
        Durability::Atomic,
    )];
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
    report.other_written = posts.len() + listings.len() + site_files.len() - failures.len();
    report.diagnostics.extend(failures);
}
