//! Card stage driver: decides which cards need drawing, draws them in parallel
//! and writes each one as soon as it is encoded (so thousands of PNGs never sit
//! in memory), and keeps the incremental cache.
//!
//! A card's *key* is a blake3 hash of everything it depends on: the renderer's
//! fingerprint (templates, fonts, tool version), the kind, the drawn texts and
//! the hero's bytes. The cache (`cards.json` in the state folder) maps each
//! post identity (the slug; `{lang}/{slug}` outside the default language) to
//! the key of the card on disk; a card whose key and file are unchanged is not
//! drawn again, and is kept (not removed as stale). Hero bytes are hashed only when the file's
//! size or modification time changed since the last run, so a no-change re-run
//! reads no image at all.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{BuildOptions, Progress};
use crate::card::budget::Claim;
use crate::card::{self, CardFlags, CardText, Hero, Renderer, TitleCheck};
use crate::config::Config;
use crate::error::{Diagnostic, Error, Report};
use crate::feed::CardLink;
use crate::output::{self, Durability, OutputFolder};
use crate::post::{CardKind, Post};
use crate::site::{FeedSpec, Site};

/// Bumped when the cache file's shape changes; an old cache is then ignored.
const CACHE_VERSION: u32 = 1;
const CACHE_FILE: &str = "cards.json";

/// A card on disk, as feeds, meta tags and the manifest refer to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardOutput {
    /// The kind drawn.
    pub kind: CardKind,
    /// Root-relative URL path (`/blog/cards/slug.png`).
    pub url_path: String,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// File size in bytes.
    pub bytes: u64,
    /// Hex blake3 key of the card's inputs (the cache-busting hash).
    pub hash: String,
    /// How the hero was placed and what went wrong (for the gallery).
    #[serde(default)]
    pub flags: CardFlags,
}

impl CardOutput {
    /// The card as feeds link it.
    pub fn link(&self, config: &Config) -> CardLink {
        CardLink {
            url: config.absolute_url(&self.url_path),
            bytes: self.bytes,
            width: self.width,
            height: self.height,
            media_type: card::encode::media_type_of(&self.url_path),
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    /// Hero file → the stamp its hash was taken at.
    heroes: BTreeMap<PathBuf, HeroStamp>,
    /// Post identity (`site::post_id`) → the card on disk and the warnings drawing it gave.
    cards: BTreeMap<String, CachedCard>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct HeroStamp {
    len: u64,
    modified_ns: u128,
    hash: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CachedCard {
    card: CardOutput,
    warnings: Vec<String>,
}

/// What one post's card job found.
struct CardJob {
    card: Option<CachedCard>,
    /// The hero's and the avatar's stamps, for the next run's cache.
    stamps: Vec<(PathBuf, HeroStamp)>,
    drawn: bool,
    warnings: Vec<String>,
    /// Why the post has no card (e.g. no font draws its title).
    error: Option<String>,
}

#[allow(
    clippy::too_many_arguments,
    reason = "the stage's inputs and its two sinks (report, fast-path watch), each used"
)]
pub(super) fn run(
    config: &Config,
    site: &Site,
    feeds: &[FeedSpec],
    out: &OutputFolder,
    options: &BuildOptions,
    progress: &dyn Progress,
    report: &mut Report,
    watch: &mut super::fast::Watch,
) -> Result<Drawn, Error> {
    let renderer = Renderer::load(config.cards.templates.as_deref(), &config.cards.extra_fonts)?;
    let cache_path = out.state_file(CACHE_FILE);
    let cache = load_cache(&cache_path);
    let fingerprint = renderer.fingerprint();
    let titles = renderer.title_check();

    progress.start("cards", site.posts.len() as u64);
    let failure: Mutex<Option<Error>> = Mutex::new(None);
    let jobs: Vec<CardJob> = site
        .posts
        .par_iter()
        .map(|post| {
            let job = card_job(
                config,
                &renderer,
                &titles,
                &fingerprint,
                &cache,
                post,
                out,
                options,
            );
            progress.advance();
            job.unwrap_or_else(|err| {
                failure
                    .lock()
                    .expect("no panics while holding the lock")
                    .get_or_insert(err);
                CardJob {
                    card: None,
                    stamps: Vec::new(),
                    drawn: false,
                    warnings: Vec::new(),
                    error: None,
                }
            })
        })
        .collect();
    progress.finish();
    if let Some(err) = failure
        .into_inner()
        .expect("no panics while holding the lock")
    {
        return Err(err);
    }

    let mut next = CacheFile {
        version: CACHE_VERSION,
        ..CacheFile::default()
    };
    let mut outputs = Vec::with_capacity(jobs.len());
    for (post, job) in site.posts.iter().zip(jobs) {
        watch_hero(config, post, watch);
        report.diagnostics.extend(
            job.warnings
                .iter()
                .map(|w| Diagnostic::warning(&post.source, w.clone())),
        );
        report
            .diagnostics
            .extend(job.error.map(|e| Diagnostic::error(&post.source, e)));
        if job.drawn {
            report.cards_drawn += 1;
        } else if job.card.is_some() {
            report.cards_unchanged += 1;
        }
        next.heroes.extend(job.stamps);
        outputs.push(job.card.as_ref().map(|c| c.card.clone()));
        if let Some(card) = job.card {
            next.cards.insert(crate::site::post_id(config, post), card);
        }
    }
    let feed_cards = feed_cards(
        config,
        &renderer,
        &titles,
        &fingerprint,
        &cache,
        feeds,
        out,
        options,
    );
    let mut feed_outputs = Vec::with_capacity(feed_cards.len());
    for (id, card) in feed_cards {
        let about =
            |message: &str| format!("the card of the feed {}: {message}", &id["_feeds".len()..]);
        let card = card.unwrap_or_else(|err| {
            report
                .diagnostics
                .push(Diagnostic::error(out.root(), about(&err)));
            None
        });
        feed_outputs.push(card.as_ref().map(|(c, _)| c.card.clone()));
        if let Some((card, drawn)) = card {
            // Feed cards are cards: the summary's count includes them.
            if drawn {
                report.cards_drawn += 1;
            } else {
                report.cards_unchanged += 1;
            }
            report.diagnostics.extend(
                card.warnings
                    .iter()
                    .map(|w| Diagnostic::warning(out.root(), about(w))),
            );
            next.cards.insert(id, card);
        }
    }
    if feeds.len() > MAX_FEED_CARDS {
        report.diagnostics.push(Diagnostic::warning(
            &config.paths.posts,
            format!(
                "{} feeds: cards are drawn for the first {MAX_FEED_CARDS} (the site feeds, \
                 then categories in order); the others have none",
                feeds.len()
            ),
        ));
    }
    if out.writes() && options.draw_cards {
        let json = serde_json::to_vec_pretty(&next).expect("the cache is plain data");
        output::write_if_changed(&cache_path, &json, Durability::Atomic)?;
    }
    Ok(Drawn {
        posts: outputs,
        feeds: feed_outputs,
    })
}

/// Cards drawn by a build: one per post (by index into `Site::posts`) and
/// one per feed (by index into the feed specs), `None` where there is none.
pub(super) struct Drawn {
    pub(super) posts: Vec<Option<CardOutput>>,
    pub(super) feeds: Vec<Option<CardOutput>>,
}

/// Feed cards drawn at most: a site with thousands of categories would
/// spend minutes on cards nobody shares.
const MAX_FEED_CARDS: usize = 500;

/// A card for each feed, the cards index: the site's own card for its home
/// page (the site's title and description, its host as the label) and one
/// per category (the category's name under the site's). No date, no hero.
/// Cached like post cards, under `_feeds/…` ids no post can have.
#[allow(
    clippy::too_many_arguments,
    reason = "the card stage's shared state, passed through once"
)]
fn feed_cards(
    config: &Config,
    renderer: &Renderer,
    titles: &TitleCheck<'_>,
    fingerprint: &[u8; 32],
    cache: &CacheFile,
    feeds: &[FeedSpec],
    out: &OutputFolder,
    options: &BuildOptions,
) -> Vec<(String, FeedCardResult)> {
    let host = url::Url::parse(&config.site.base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default();
    feeds
        .par_iter()
        .take(MAX_FEED_CARDS)
        .map(|spec| {
            let id = format!(
                "_feeds{}",
                if spec.dir.is_empty() {
                    "/site"
                } else {
                    &spec.dir
                }
            );
            let (title, site_name) = match &spec.category {
                Some(category) => (category.as_str(), config.site.title.as_str()),
                None => (spec.title.as_str(), host.as_str()),
            };
            let text = CardText {
                title,
                site_name,
                category: None,
                date: None,
                rtl: card::direction::is_rtl_language(&spec.language),
                author: None,
                avatar: None,
                description: Some(spec.description.as_str()).filter(|d| !d.is_empty()),
            };
            let card = feed_card(
                config,
                renderer,
                titles,
                fingerprint,
                cache,
                &id,
                &text,
                out,
                options,
            );
            (id, card)
        })
        .collect()
}

/// A feed card (with whether it was drawn in this run), none when cards are
/// not drawn, or why it could not be.
type FeedCardResult = Result<Option<(CachedCard, bool)>, String>;

/// One feed card: the cached one when its inputs are unchanged, else drawn;
/// with whether it was drawn in this run.
#[allow(
    clippy::too_many_arguments,
    reason = "the card stage's shared state, passed through once"
)]
fn feed_card(
    config: &Config,
    renderer: &Renderer,
    titles: &TitleCheck<'_>,
    fingerprint: &[u8; 32],
    cache: &CacheFile,
    id: &str,
    text: &CardText<'_>,
    out: &OutputFolder,
    options: &BuildOptions,
) -> FeedCardResult {
    let kind = CardKind::SummaryLargeImage;
    let key = card_key(fingerprint, kind, text, None, "feed");
    let url_path = card_url_path(config, id, &key);
    if let Some(cached) = reusable(config, cache, options, id, &key, &url_path) {
        out.keep(card_file(&cached.card.url_path));
        return Ok(Some((cached.clone(), false)));
    }
    if !options.draw_cards {
        return Ok(None);
    }
    if let Some(error) = titles.error(kind, text.title) {
        return Err(error);
    }
    let drawn = renderer.draw_index(kind, text);
    let encoded = card::encode::encode(&drawn.pixels, config.cards.format, &drawn.flags);
    let url_path = with_extension(&url_path, encoded.extension);
    let file = card_file(&url_path);
    out.put(file, &encoded.bytes, Durability::Atomic)
        .map_err(|err| format!("cannot write {file}: {err}"))?;
    let card = CachedCard {
        card: CardOutput {
            kind,
            url_path,
            width: drawn.pixels.width(),
            height: drawn.pixels.height(),
            bytes: encoded.bytes.len() as u64,
            hash: key,
            flags: drawn.flags,
        },
        warnings: drawn.warnings,
    };
    Ok(Some((card, true)))
}

/// Tells the fast path which hero file a post's card depends on (a local
/// one that does not resolve makes the build untrusted: it may appear).
fn watch_hero(config: &Config, post: &Post, watch: &mut super::fast::Watch) {
    let post_dir = post.source.parent().unwrap_or(Path::new("."));
    let hero = post.hero.as_ref().map(|h| h.src.as_str());
    // The avatar is watched like the hero: a new picture redraws the card.
    for src in [hero, card_author(config, post).1].into_iter().flatten() {
        match card::hero::resolve_hero(src, &config.paths.assets, post_dir, &config.paths.posts) {
            Ok(path) => watch.files.push(path),
            Err(_) if super::fast::is_local_hero(src) => watch.unresolved_hero = true,
            Err(_) => {}
        }
    }
}

fn load_cache(path: &Path) -> CacheFile {
    std::fs::read(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<CacheFile>(&bytes).ok())
        .filter(|cache| cache.version == CACHE_VERSION)
        .unwrap_or_default()
}

/// A post's card inputs, resolved: the kind, the drawn texts, the hero file.
struct CardInputs<'a> {
    kind: CardKind,
    post: &'a Post,
    site_name: &'a str,
    date: String,
    hero_path: Option<PathBuf>,
    /// The name on the card's `[author]` label and the avatar beside it.
    author: Option<&'a str>,
    avatar_src: Option<&'a str>,
    avatar_path: Option<PathBuf>,
    warnings: Vec<String>,
}

impl<'a> CardInputs<'a> {
    fn resolve(config: &'a Config, post: &'a Post) -> CardInputs<'a> {
        let mut warnings = Vec::new();
        if post.hero.is_none() {
            // Worth a word: the card is plain, and often the hero was meant
            // to be there (an empty `image.src:` from a CMS export).
            warnings.push("no hero image in the front matter; drew the fallback background".into());
        }
        let hero_path = post.hero.as_ref().and_then(|hero| {
            let post_dir = post.source.parent().unwrap_or(Path::new("."));
            card::hero::resolve_hero(
                &hero.src,
                &config.paths.assets,
                post_dir,
                &config.paths.posts,
            )
            .map_err(|w| warnings.push(w))
            .ok()
        });
        let (author, avatar_src) = card_author(config, post);
        let avatar_path = avatar_src.and_then(|src| {
            resolve_avatar(config, post, src)
                .map_err(|w| warnings.push(w))
                .ok()
        });
        CardInputs {
            kind: post.card_kind.unwrap_or(config.cards.default),
            post,
            site_name: &config.site.title,
            date: card::date::card_date(
                post.published
                    .with_timezone(&config.site.timezone)
                    .date_naive(),
                &post.lang,
            ),
            hero_path,
            author,
            avatar_src,
            avatar_path,
            warnings,
        }
    }

    fn text(&self) -> CardText<'_> {
        self.text_with(None)
    }

    /// The card's words, with the decoded avatar when drawing.
    fn text_with<'s>(&'s self, avatar: Option<&'s image::DynamicImage>) -> CardText<'s> {
        CardText {
            title: &self.post.card_title,
            site_name: self.site_name,
            category: self.post.categories.first().map(String::as_str),
            date: Some(&self.date),
            rtl: card::direction::is_rtl_language(&self.post.lang),
            author: self.author,
            avatar,
            description: Some(self.post.summary.as_str()).filter(|s| !s.is_empty()),
        }
    }

    /// Decodes the hero (a problem becomes a warning and the fallback
    /// background), draws and encodes. `hero_bytes` are the hero's bytes when
    /// hashing already read them. Returns the file, its size and its flags.
    fn draw(
        &mut self,
        renderer: &Renderer,
        format: card::encode::Format,
        hero_bytes: Option<(Claim, Vec<u8>)>,
        avatar_bytes: Option<(Claim, Vec<u8>)>,
    ) -> (card::encode::Encoded, u32, u32, CardFlags) {
        let avatar = self.decode_avatar(avatar_bytes);
        let hero = self.hero_path.as_ref().and_then(|path| {
            hero_bytes
                .map_or_else(|| read_hero_claimed(path), Ok)
                .map_err(|e| {
                    format!(
                        "hero image {}: {e}; drew the fallback background",
                        path.display()
                    )
                })
                .and_then(|(_file_claim, bytes)| card::budget::decode_within_budget(&bytes))
                .map_err(|w| {
                    // Name the file: decoding problems speak of "the hero image".
                    let src = self.post.hero.as_ref().map_or("", |h| h.src.as_str());
                    let named = w.replacen("the hero image", &format!("the hero image {src}"), 1);
                    self.warnings.push(named)
                })
                .ok()
        });
        // The decode claim (see card::budget) lives until the card is drawn.
        let hero_ref = self.post.hero.as_ref();
        let hero = hero.as_ref().map(|(_claim, image)| Hero {
            image,
            focus: hero_ref.and_then(|h| h.focus),
            kind: hero_ref.and_then(|h| h.kind),
        });
        let text = self.text_with(avatar.as_ref().map(|(_claim, image)| image));
        let drawn = renderer.draw(self.kind, &text, hero.as_ref());
        self.warnings.extend(drawn.warnings);
        let mut flags = drawn.flags;
        // Named but not drawn: the card shows the fallback background.
        flags.fallback |= hero_ref.is_some() && hero.is_none();
        let encoded = card::encode::encode(&drawn.pixels, format, &flags);
        (encoded, drawn.pixels.width(), drawn.pixels.height(), flags)
    }
}

impl CardInputs<'_> {
    /// Reads and decodes the avatar within the hero bounds (see
    /// `card::budget`); a problem is one warning naming the avatar, and the
    /// label shows the name alone.
    fn decode_avatar(
        &mut self,
        bytes: Option<(Claim, Vec<u8>)>,
    ) -> Option<(Claim, image::DynamicImage)> {
        let path = self.avatar_path.as_ref()?;
        let src = self.avatar_src.unwrap_or_default();
        bytes
            .map_or_else(|| read_hero_claimed(path), Ok)
            .map_err(|e| format!("the author avatar {src} cannot be read ({e})"))
            .and_then(|(_file_claim, bytes)| card::budget::decode_within_budget(&bytes))
            .map_err(|w| {
                let named = as_avatar_warning(&w.replacen(
                    "the hero image",
                    &format!("the author avatar {src}"),
                    1,
                ));
                self.warnings.push(named)
            })
            .ok()
    }
}

/// What the label shows when the avatar cannot be drawn.
const NAME_ONLY: &str = "drew the author's name without it";

/// A hero warning reworded for an avatar (resolution and decoding are the
/// hero's, so their messages speak of the hero and its fallback).
fn as_avatar_warning(warning: &str) -> String {
    let warning = warning.replacen("hero image", "author avatar", 1);
    if warning.contains(card::hero::FALLBACK) {
        warning.replace(card::hero::FALLBACK, NAME_ONLY)
    } else {
        format!("{warning}; {NAME_ONLY}")
    }
}

/// The name on a post's `[author]` label and its avatar as written: the
/// first author's, with the site's `author_avatar` for the site's own
/// author; a post that names no author is the site author's when the site
/// gives an avatar (a single-author blog rarely names one in each post).
fn card_author<'a>(config: &'a Config, post: &'a Post) -> (Option<&'a str>, Option<&'a str>) {
    let site_avatar = config.site.author_avatar.as_deref();
    match post.authors.first() {
        Some(author) => {
            let site_author = author.name.eq_ignore_ascii_case(&config.site.author);
            let avatar = author
                .avatar
                .as_deref()
                .or(site_avatar.filter(|_| site_author));
            (Some(author.name.as_str()), avatar)
        }
        None => match site_avatar {
            Some(avatar) => (Some(config.site.author.as_str()), Some(avatar)),
            None => (None, None),
        },
    }
}

/// An avatar resolved like a hero (root-relative under the assets, else
/// beside the post; remote URLs are not fetched), or the warning saying why not.
fn resolve_avatar(config: &Config, post: &Post, src: &str) -> Result<PathBuf, String> {
    let post_dir = post.source.parent().unwrap_or(Path::new("."));
    card::hero::resolve_hero(src, &config.paths.assets, post_dir, &config.paths.posts)
        .map_err(|w| as_avatar_warning(&w))
}

/// Resolves, hashes, and (when needed) draws one post's card.
#[allow(
    clippy::too_many_arguments,
    reason = "the card stage's shared state, passed through once"
)]
fn card_job(
    config: &Config,
    renderer: &Renderer,
    titles: &TitleCheck<'_>,
    fingerprint: &[u8; 32],
    cache: &CacheFile,
    post: &Post,
    out: &OutputFolder,
    options: &BuildOptions,
) -> Result<CardJob, Error> {
    let mut inputs = CardInputs::resolve(config, post);
    if let Some(error) = titles.error(inputs.kind, &post.card_title) {
        return Ok(CardJob {
            card: None,
            stamps: Vec::new(),
            drawn: false,
            warnings: inputs.warnings,
            error: Some(error),
        });
    }
    // Translations share a slug: the identity keeps their cards apart.
    let id = crate::site::post_id(config, post);
    if !options.draw_cards && !cache.cards.contains_key(&id) {
        // Nothing to draw and nothing cached to link: the hero need not be
        // hashed (a feeds-only build reads no image).
        return Ok(CardJob {
            card: None,
            stamps: Vec::new(),
            drawn: false,
            warnings: inputs.warnings,
            error: None,
        });
    }
    let hero = inputs
        .hero_path
        .as_ref()
        .and_then(|path| stamp_hero(path, cache));
    let avatar = inputs
        .avatar_path
        .as_ref()
        .and_then(|path| stamp_hero(path, cache));
    let stamps: Vec<(PathBuf, HeroStamp)> = [&hero, &avatar]
        .into_iter()
        .flatten()
        .map(|h| (h.path.clone(), h.stamp.clone()))
        .collect();
    // The avatar's content is part of the key: a new picture redraws the card.
    let choices = format!(
        "{}/avatar {}",
        hero_choices(post, config.cards.format),
        avatar.as_ref().map_or("none", |a| a.stamp.hash.as_str())
    );
    let key = card_key(
        fingerprint,
        inputs.kind,
        &inputs.text(),
        hero.as_ref().map(|h| &h.stamp),
        &choices,
    );
    let url_path = card_url_path(config, &id, &key);
    if let Some(cached) = reusable(config, cache, options, &id, &key, &url_path) {
        // Its own file: with `format = "auto"` the extension is the drawn one.
        out.keep(card_file(&cached.card.url_path));
        inputs.warnings.extend(cached.warnings.iter().cloned());
        return Ok(CardJob {
            card: Some(cached.clone()),
            stamps: stamps.clone(),
            drawn: false,
            warnings: inputs.warnings,
            error: None,
        });
    }
    if !options.draw_cards {
        return Ok(CardJob {
            card: None,
            stamps: stamps.clone(),
            drawn: false,
            warnings: inputs.warnings,
            error: None,
        });
    }

    let (encoded, width, height, flags) = inputs.draw(
        renderer,
        config.cards.format,
        hero.and_then(|h| h.bytes),
        avatar.and_then(|a| a.bytes),
    );
    let url_path = with_extension(&url_path, encoded.extension);
    let file = card_file(&url_path);
    if let Err(err) = out.put(file, &encoded.bytes, Durability::Atomic) {
        // The post is still built, without a card: the file alone failed.
        inputs.warnings.push(format!(
            "cannot write the card {file}: {err}; the post has no card"
        ));
        return Ok(CardJob {
            card: None,
            stamps: stamps.clone(),
            drawn: false,
            warnings: inputs.warnings,
            error: None,
        });
    }
    let card = CardOutput {
        kind: inputs.kind,
        url_path,
        width,
        height,
        bytes: encoded.bytes.len() as u64,
        hash: key,
        flags,
    };
    Ok(CardJob {
        card: Some(CachedCard {
            card,
            warnings: inputs.warnings.clone(),
        }),
        stamps,
        drawn: out.writes(),
        warnings: inputs.warnings,
        error: None,
    })
}

/// `feedcard card POST.md`: parses one post and draws its card, no cache.
pub(super) fn draw_one(
    config: &Config,
    post: &Post,
    output_path: &Path,
) -> Result<Vec<String>, Error> {
    let renderer = Renderer::load(config.cards.templates.as_deref(), &config.cards.extra_fonts)?;
    let mut inputs = CardInputs::resolve(config, post);
    if let Some(error) = renderer.title_error(inputs.kind, &post.card_title) {
        return Err(Error::Post(Diagnostic::error(&post.source, error)));
    }
    // The format follows the file the user asked for (`card post.md -o x.jpg`).
    let format = match card::encode::media_type_of(&output_path.to_string_lossy()) {
        "image/jpeg" => card::encode::Format::Jpeg,
        "image/webp" => card::encode::Format::Webp,
        _ => card::encode::Format::Png,
    };
    let (encoded, _, _, _) = inputs.draw(&renderer, format, None, None);
    output::write_atomic(output_path, &encoded.bytes, Durability::Atomic)?;
    Ok(inputs.warnings)
}

/// A hero file as the cache knows it, with its bytes when hashing had to read
/// them (so drawing does not read the file twice).
struct HeroFile {
    path: PathBuf,
    stamp: HeroStamp,
    bytes: Option<(Claim, Vec<u8>)>,
}

/// Reads a hero file within the shared file budget (see `card::budget`);
/// the claim is held as long as the bytes.
fn read_hero_claimed(path: &Path) -> std::io::Result<(Claim, Vec<u8>)> {
    let len = std::fs::metadata(path)?.len();
    let claim = card::budget::reserve_file(len.min(crate::read::MAX_HERO_BYTES));
    let bytes = crate::read::read_hero(path)?;
    Ok((claim, bytes))
}

/// The hero's content hash, taken from the cache when its size and
/// modification time are unchanged.
fn stamp_hero(path: &Path, cache: &CacheFile) -> Option<HeroFile> {
    let meta = std::fs::metadata(path).ok()?;
    let modified_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    if let Some(old) = cache.heroes.get(path) {
        if old.len == meta.len() && old.modified_ns == modified_ns {
            return Some(HeroFile {
                path: path.to_path_buf(),
                stamp: old.clone(),
                bytes: None,
            });
        }
    }
    let (claim, bytes) = read_hero_claimed(path).ok()?;
    let stamp = HeroStamp {
        len: meta.len(),
        modified_ns,
        hash: blake3::hash(&bytes).to_hex().to_string(),
    };
    let bytes = (claim, bytes);
    Some(HeroFile {
        path: path.to_path_buf(),
        stamp,
        bytes: Some(bytes),
    })
}

/// What the post and config choose about the hero and the file, as text
/// for the card key: focus point, photo/banner, output format.
fn hero_choices(post: &Post, format: card::encode::Format) -> String {
    let hero = post.hero.as_ref();
    format!(
        "{:?}/{:?}/{format:?}",
        hero.and_then(|h| h.focus),
        hero.and_then(|h| h.kind)
    )
}

/// The path without its file extension (and query), to compare card names
/// across formats.
fn without_extension(url_path: &str) -> &str {
    let path = url_path.split('?').next().unwrap_or(url_path);
    let file_start = path.rfind('/').map_or(0, |i| i + 1);
    match path[file_start..].rfind('.') {
        Some(dot) => &path[..file_start + dot],
        None => path,
    }
}

/// `url_path` with its file extension replaced by `ext` (a `?query` kept).
fn with_extension(url_path: &str, ext: &str) -> String {
    let (path, query) = match url_path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (url_path, None),
    };
    let mut out = format!("{}.{ext}", without_extension(path));
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

fn card_key(
    fingerprint: &[u8; 32],
    kind: CardKind,
    text: &CardText<'_>,
    hero: Option<&HeroStamp>,
    choices: &str,
) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(fingerprint);
    // Each field is length-prefixed so ("ab", "c") and ("a", "bc") differ.
    for field in [
        kind.as_str(),
        text.title,
        text.site_name,
        text.category.unwrap_or("\u{0}none"),
        text.date.unwrap_or("\u{0}none"),
        if text.rtl { "rtl" } else { "auto" },
        text.author.unwrap_or("\u{0}none"),
        text.description.unwrap_or("\u{0}none"),
        hero.map_or("\u{0}none", |h| h.hash.as_str()),
        choices,
    ] {
        hasher.update(&(field.len() as u64).to_le_bytes());
        hasher.update(field.as_bytes());
    }
    hasher.finalize().to_hex().to_string()
}

/// A card's URL path from `[cards] file_name` (`{slug}`, `{hash8}`).
fn card_url_path(config: &Config, id: &str, key: &str) -> String {
    let name = config
        .cards
        .file_name
        .replace("{slug}", id)
        .replace("{hash8}", &key[..8]);
    format!("{}/{}", config.cards.path, name)
}

/// The cached card of `id` when it can stand: same inputs, same name (the
/// extension may differ: `format = "auto"` picks it), still on disk, and no
/// `--force`.
fn reusable<'c>(
    config: &Config,
    cache: &'c CacheFile,
    options: &BuildOptions,
    id: &str,
    key: &str,
    url_path: &str,
) -> Option<&'c CachedCard> {
    cache.cards.get(id).filter(|cached| {
        !options.force
            && cached.card.hash == key
            && without_extension(&cached.card.url_path) == without_extension(url_path)
            && on_disk(config, &cached.card)
    })
}

/// The card's file, as a URL path without a `?v=` cache-busting query.
fn card_file(url_path: &str) -> &str {
    url_path.split('?').next().unwrap_or(url_path)
}

fn on_disk(config: &Config, card: &CardOutput) -> bool {
    output::file_for_url_path(&config.paths.out, card_file(&card.url_path))
        .and_then(|p| std::fs::metadata(p).ok())
        .is_some_and(|m| m.len() == card.bytes)
}
