//! The driver: runs the stages in order for `feedcard build` and `feedcard check`.
//!
//! ```text
//! load posts → reject duplicates → (strict? stop) → hold back scheduled → Site
//!   → open the output folder (lock, ledger)
//!   → cards (draw changed ones, write each as it is encoded)
//!   → feeds (bodies rendered only for posts that enter a feed)
//!   → glue (meta snippets, manifest, gallery)
//!   → finish: remove what earlier builds wrote and this one no longer produces
//! ```
//!
//! Loading finishes before anything is written, which is what makes `--strict`
//! ("the first bad post stops the run before anything is written") simple.
//! A file that cannot be written is an error naming the post (or feed) it
//! belongs to, and the rest of the site is still built; only the output
//! folder itself (or the state folder) failing stops the run.

mod cards;
mod fast;
mod feeds;
mod glue;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};

use crate::config::Config;
use crate::error::{Diagnostic, Error, Report, Severity};
use crate::output::{Durability, Mode, OutputFolder};
use crate::post::{self, Author, HeroRef, ParseOptions, Post};
use crate::site;
use crate::site::Site;

pub use cards::CardOutput;

/// How a run behaves, beyond the config.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The current instant: posts published after it are held back.
    pub now: DateTime<FixedOffset>,
    /// Worker threads; `None` uses every core.
    pub jobs: Option<usize>,
    /// Draw cards (`--no-cards` turns this off; feeds then link only cards
    /// that are already drawn and up to date).
    pub draw_cards: bool,
    /// Redraw every card even when its inputs are unchanged.
    pub force: bool,
    /// Stop at the first bad post, before anything is written.
    pub strict: bool,
    /// Write outputs; `false` for `check` and `build --dry-run`, which work
    /// out what would be written and removed and touch nothing.
    pub write: bool,
}

/// Progress reports for long stages; the binary turns them into a bar.
pub trait Progress: Sync {
    /// A stage with `total` steps begins.
    fn start(&self, _stage: &'static str, _total: u64) {}
    /// One step is done.
    fn advance(&self) {}
    /// The stage is over.
    fn finish(&self) {}
}

/// A [`Progress`] that shows nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {}

/// Runs a build (or, with `write: false`, a check) and reports what happened.
pub fn build(
    config: &Config,
    options: &BuildOptions,
    progress: &dyn Progress,
) -> Result<Report, Error> {
    crate::card::budget::bound_retained_memory();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::io(&config.paths.out, std::io::Error::other(e)))?;
    pool.install(|| run(config, options, progress))
}

fn run(config: &Config, options: &BuildOptions, progress: &dyn Progress) -> Result<Report, Error> {
    // The fast path: nothing changed since the last successful build.
    let inputs = (options.write && !options.force).then(|| {
        let lowercase_slugs = parse_options(config).lowercase_slugs;
        fast::Inputs::of(config, options.draw_cards, options.strict, lowercase_slugs)
    });
    if let Some(inputs) = &inputs {
        if let Some((report, _lock)) = inputs.try_skip(config, options.now) {
            return Ok(report);
        }
        inputs.forget();
    }

    let mut report = Report::default();
    let mut watch = fast::Watch::default();
    let site = load_site(config, options, &mut report, &mut watch)?;

    let mode = if options.write {
        Mode::Write
    } else {
        Mode::DryRun
    };
    let out = OutputFolder::open(&config.paths.out, &config.paths.state, mode)?;

    let feed_specs = site.feed_specs(config);
    let drawn = cards::run(
        config,
        &site,
        &feed_specs,
        &out,
        options,
        progress,
        &mut report,
        &mut watch,
    )?;
    let pages = Pages {
        urls: post_urls(config, &site),
        feeds: feed_specs,
        feed_cards: drawn.feeds,
    };
    feeds::run(config, &site, &pages, &drawn.posts, &out, &mut report);
    glue::run(config, &site, &pages, &drawn.posts, &out, &mut report);

    let (finished, written) = out.finish()?;
    report.removed = finished.removed;
    report.written = written;
    report.sort_diagnostics();
    // What a re-run repeats: not the output folder's one-off warnings.
    let repeated = report.diagnostics.clone();
    report.diagnostics.extend(finished.diagnostics);
    report.sort_diagnostics();
    if let Some(inputs) = &inputs {
        inputs.remember(config, &watch, &report, &repeated, &finished.produced);
    }
    Ok(report)
}

/// Loads every post, leaves out the bad ones (or stops, with `--strict`) and
/// the scheduled ones, and orders the rest.
fn load_site(
    config: &Config,
    options: &BuildOptions,
    report: &mut Report,
    watch: &mut fast::Watch,
) -> Result<Site, Error> {
    let parse_options = parse_options(config);
    let loaded = if options.write {
        post::load_posts_cached(&config.paths.posts, &parse_options, &config.paths.state)?
    } else {
        post::load_posts(&config.paths.posts, &parse_options)?
    };
    report.posts_found = loaded.files;
    report.drafts = loaded.drafts;
    report.diagnostics = loaded.diagnostics;
    let posts = reject_duplicate_urls(config, loaded.posts, &mut report.diagnostics);

    if options.strict {
        report.sort_diagnostics();
        if let Some(first) = report
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
        {
            return Err(Error::Strict(first.clone()));
        }
    }

    let (live, scheduled): (Vec<Post>, Vec<Post>) =
        posts.into_iter().partition(|p| p.published <= options.now);
    report.scheduled = scheduled.len();
    watch.next_due = scheduled.iter().map(|p| p.published).min();
    let site = Site::new(live, &mut report.diagnostics);
    report.posts_built = site.posts.len();
    Ok(site)
}

/// How posts are read: the site's time zone, keys and languages, and
/// whether its generator lower-cases URLs (`[content] dialect`, or the
/// layout when it is `auto`).
fn parse_options(config: &Config) -> ParseOptions<'_> {
    use crate::config::DialectChoice;
    let lowercase_slugs = match config.content.dialect {
        DialectChoice::Auto => post::site_lowercases_paths(&config.paths.posts),
        DialectChoice::Hugo | DialectChoice::Zola => true,
        DialectChoice::Jekyll | DialectChoice::None => false,
    };
    ParseOptions {
        timezone: config.site.timezone,
        fields: &config.fields,
        languages: config.languages(),
        lowercase_slugs,
    }
}

/// Two files with one URL (one slug in one language, and one section or
/// date when `post_url` has them) would share one page and one card; the
/// first (in path order) keeps it and the others are reported and left out.
/// One slug in several languages is a post and its translations. URLs are
/// compared in Unicode NFC: `café.md` with a composed and with a decomposed
/// `é` are two files on Linux but one on macOS, and one word to a reader.
fn reject_duplicate_urls(
    config: &Config,
    posts: Vec<Post>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Post> {
    use unicode_normalization::UnicodeNormalization;
    let mut owners: BTreeMap<String, std::path::PathBuf> = BTreeMap::new();
    let mut kept = Vec::with_capacity(posts.len());
    for post in posts {
        let key: String = site::post_url_path(config, &post)
            .to_lowercase()
            .nfc()
            .collect();
        match owners.get(&key) {
            Some(owner) => diagnostics.push(Diagnostic::error(
                &post.source,
                format!(
                    "slug {:?} is already used by {}; two posts cannot share one URL \
                     (set a different `slug:` in one of them)",
                    post.slug,
                    owner.display()
                ),
            )),
            None => {
                owners.insert(key, post.source.clone());
                kept.push(post);
            }
        }
    }
    kept
}

/// Draws one post's card to `output` (default `SLUG.png`); see [`crate::draw_card`].
pub(crate) fn draw_one_card(
    config: &Config,
    path: &std::path::Path,
    output: Option<&std::path::Path>,
) -> Result<crate::DrawnCard, Error> {
    let parse_options = parse_options(config);
    let text = post::read_post_text(path).map_err(Error::Post)?;
    let post = match post::parse(path, &text, &parse_options).map_err(Error::Post)? {
        post::Parsed::Post(post, _) => *post,
        post::Parsed::Draft => {
            let message = "the post is a draft; unmark it to draw its card";
            return Err(Error::Post(Diagnostic::error(path, message)));
        }
    };
    let target = output.map_or_else(|| format!("{}.png", post.slug).into(), ToOwned::to_owned);
    let warnings = cards::draw_one(config, &post, &target)?;
    Ok(crate::DrawnCard {
        diagnostics: warnings
            .into_iter()
            .map(|w| Diagnostic::warning(path, w))
            .collect(),
        path: target,
    })
}

/// What the feed and glue stages both need, derived from the site once.
struct Pages {
    /// Absolute page URL of each post, by index into `Site::posts`.
    urls: Vec<String>,
    /// The site feed and the category feeds.
    feeds: Vec<crate::site::FeedSpec>,
    /// Each feed's card (the cards index), by index into `feeds`.
    feed_cards: Vec<Option<CardOutput>>,
}

/// Absolute page URLs of the site's posts, by index.
fn post_urls(config: &Config, site: &Site) -> Vec<String> {
    site.posts
        .iter()
        .map(|p| site::post_url(config, p))
        .collect()
}

/// Writes `bytes` to the file for a root-relative URL path. A failure is an
/// error diagnostic naming `owner` (the post or feed the file belongs to):
/// one file that cannot be written never stops the rest of the site.
fn put_output(
    out: &OutputFolder,
    url_path: &str,
    bytes: &[u8],
    durability: Durability,
    owner: &std::path::Path,
) -> Result<(), Diagnostic> {
    out.put(url_path, bytes, durability)
        .map(|_| ())
        .map_err(|err| Diagnostic::error(owner, format!("cannot write {url_path}: {err}")))
}

/// [`put_output`] through [`OutputFolder::put_keyed`]: `render` runs only
/// when the inputs behind `key` changed or the file is not as left.
fn put_keyed_output(
    out: &OutputFolder,
    url_path: &str,
    key: &crate::output::Key,
    durability: Durability,
    owner: &std::path::Path,
    render: impl FnOnce() -> Vec<u8>,
) -> Result<(), Diagnostic> {
    out.put_keyed(url_path, key, durability, render)
        .map(|_| ())
        .map_err(|err| Diagnostic::error(owner, format!("cannot write {url_path}: {err}")))
}

/// Hashes what an output is rendered from into its key (see
/// [`OutputFolder::put_keyed`]). Values go in by their `Debug` form, which
/// derives from every field, so a field added later is covered too.
#[derive(Clone)]
struct KeyHasher(blake3::Hasher);

impl KeyHasher {
    /// A hasher for one kind of output, seeded with this binary's identity.
    fn new(what: &str) -> KeyHasher {
        let mut hasher = KeyHasher(blake3::Hasher::new());
        hasher.bytes(b"feedcard output key 1");
        hasher.bytes(what.as_bytes());
        hasher.bytes(fast::binary_identity().as_bytes());
        hasher
    }

    /// Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
    fn bytes(&mut self, bytes: &[u8]) {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    fn flag(&mut self, on: bool) {
        self.0.update(&[u8::from(on)]);
    }

    fn str(&mut self, text: &str) {
        self.bytes(text.as_bytes());
    }

    fn opt_str(&mut self, text: Option<&str>) {
        match text {
            Some(text) => {
                self.flag(true);
                self.str(text);
            }
            None => self.flag(false),
        }
    }

    fn debug(&mut self, value: &impl std::fmt::Debug) {
        // Formatted whole, then hashed once: many small updates cost more.
        self.str(&format!("{value:?}"));
    }

    /// A post, field by field. The destructuring names every field, so a
    /// field added to `Post` fails to compile here until it is keyed too
    /// (its `Debug` form cost ~30 k instructions per post).
    fn post(&mut self, post: &Post) {
        let Post {
            source,
            slug,
            title,
            card_title,
            published,
            updated,
            created,
            summary,
            categories,
            hero,
            card_kind,
            authors,
            draft,
            body_offset,
            lang,
            section,
        } = post;
        self.bytes(source.as_os_str().as_encoded_bytes());
        for text in [slug, title, card_title, summary, lang, section] {
            self.str(text);
        }
        for instant in [Some(published), Some(updated), created.as_ref()] {
            match instant {
                Some(t) => {
                    let offset = t.offset().local_minus_utc();
                    self.0.update(&[1]);
                    self.0.update(&t.timestamp().to_le_bytes());
                    self.0.update(&t.timestamp_subsec_nanos().to_le_bytes());
                    self.0.update(&offset.to_le_bytes());
                }
                None => {
                    self.0.update(&[0]);
                }
            }
        }
        self.0.update(&(categories.len() as u64).to_le_bytes());
        for category in categories {
            self.str(category);
        }
        match hero {
            Some(HeroRef {
                src,
                alt,
                focus,
                kind,
            }) => {
                self.0.update(&[1]);
                self.str(src);
                self.opt_str(alt.as_deref());
                self.debug(&(focus.map(|(x, y)| (x.to_bits(), y.to_bits())), kind));
            }
            None => {
                self.0.update(&[0]);
            }
        }
        self.debug(card_kind);
        self.0.update(&(authors.len() as u64).to_le_bytes());
        for Author {
            name,
            email,
            uri,
            twitter,
            fediverse,
            avatar,
        } in authors
        {
            self.str(name);
            for field in [email, uri, twitter, fediverse, avatar] {
                self.opt_str(field.as_deref());
            }
        }
        self.0.update(&[u8::from(*draft)]);
        self.0.update(&(*body_offset as u64).to_le_bytes());
    }

    fn finish(&self) -> crate::output::Key {
        *self.0.finalize().as_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_slugs_that_differ_only_in_unicode_composition_are_duplicates() {
        let composed = Post::for_tests("caf\u{e9}");
        let decomposed = Post {
            source: "posts/cafe\u{301}.md".into(),
            ..Post::for_tests("cafe\u{301}")
        };
        let mut diagnostics = Vec::new();
        let config = Config::parse("", std::path::Path::new("/site")).unwrap();
        let kept = reject_duplicate_urls(&config, vec![composed, decomposed], &mut diagnostics);
        assert_eq!(kept.len(), 1);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(
            diagnostics[0].message.contains("already used"),
            "{diagnostics:?}"
        );
    }

    #[test]
    fn r_one_slug_in_two_sections_is_two_posts_when_the_url_has_the_section() {
        let in_section = |section: &str| Post {
            source: format!("posts/{section}/python.md").into(),
            section: section.into(),
            ..Post::for_tests("python")
        };
        let posts = || vec![in_section("tutorials"), in_section("notes")];
        let nested = "[paths]\npost_url = \"/posts/{section}/{slug}/\"\n";
        let config = Config::parse(nested, std::path::Path::new("/site")).unwrap();
        let mut diagnostics = Vec::new();
        assert_eq!(
            reject_duplicate_urls(&config, posts(), &mut diagnostics).len(),
            2
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let ids: Vec<String> = posts().iter().map(|p| site::post_id(&config, p)).collect();
        assert_eq!(ids, ["tutorials/python", "notes/python"]);
        // Without {section} in the URL they are one page: the second is refused.
        let flat = Config::parse("", std::path::Path::new("/site")).unwrap();
        assert_eq!(
            reject_duplicate_urls(&flat, posts(), &mut diagnostics).len(),
            1
        );
        assert_eq!(diagnostics.len(), 1);
    }
}
