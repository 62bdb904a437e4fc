//! The input stage: posts on disk → typed [`Post`] values.
//!
//! A post is a Markdown file with YAML (`---`) or TOML (`+++`) front matter.
//! [`parse`] turns one file's text into a `Post` (pure, unit-tested);
//! [`load_posts`] walks the posts folder, reads every file and collects a
//! [`Diagnostic`] for each one that cannot become a post, so one bad file never
//! stops the rest.
//!
//! Bodies are not kept: a post records where its body starts, and
//! [`load_body`] reads it again only for the posts that enter a feed, so memory
//! grows with front matter, not with the size of the archive. The summary
//! fallback (the body's first paragraph) is computed while parsing, so it is
//! stored in the `Post`.
//!
//! The files: `front_matter.rs` finds the `---`/`+++` block, parses it and
//! maps positions to file lines; `fields.rs` resolves the alias table of each
//! field into the typed `Post`; `date.rs` parses dates; `body.rs` renders
//! and sanitises Markdown and makes summaries; `walk.rs` finds the files and
//! parses them in parallel.

mod body;
mod cache;
mod date;
pub mod dialect;
mod fields;
mod front_matter;
mod lang;
mod limits;
mod walk;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;

use crate::common::FieldKeys;
pub use crate::common::{CardKind, HeroKind};
use crate::error::{Diagnostic, Error};

pub(crate) use body::truncate_at_word;
pub use body::{render_html, summary_from_markdown, LinkBase};
pub use date::parse_date;
pub use lang::{canonical_tag, same_language, Languages};

/// A hero image as the front matter names it; resolved to a file by the card
/// stage (which also checks it stays inside its root).
#[derive(Debug, Clone, PartialEq)]
pub struct HeroRef {
    /// The path or URL as written (`/assets/images/x.webp`, `cover.jpg`, `https://…`).
    pub src: String,
    /// Alt text, when the author gave one.
    pub alt: Option<String>,
    /// The point to keep in view when cropping (`image.focus: [x, y]`, 0–1).
    pub focus: Option<(f32, f32)>,
    /// Photo or designed banner, when the author says (`image.kind`).
    pub kind: Option<HeroKind>,
}

/// A person credited with a post.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Author {
    /// Display name.
    pub name: String,
    /// Email address, when given.
    pub email: Option<String>,
    /// Home page, when given.
    pub uri: Option<String>,
    /// X handle (`@name`), for the post's `twitter:creator`.
    pub twitter: Option<String>,
    /// Fediverse account (`@user@host`), for its `fediverse:creator`.
    pub fediverse: Option<String>,
    /// Avatar image as written (`avatar`, `image` or `picture`): a path
    /// resolved like the hero's by the card stage, which draws it beside
    /// the name in a template's `[author]`.
    pub avatar: Option<String>,
}

/// One post, resolved from its front matter into types. Each fact has one
/// representation.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    /// The file, as found under the posts folder (for messages).
    pub source: PathBuf,
    /// URL slug: front matter `slug`, else the file stem (bundle folder name,
    /// Jekyll date prefix removed).
    pub slug: String,
    /// The title, trimmed, whitespace collapsed.
    pub title: String,
    /// The title drawn on the card: the author's social title when given.
    pub card_title: String,
    /// Publication instant.
    pub published: DateTime<FixedOffset>,
    /// Last update as the front matter says (CMS exports sometimes put it
    /// before `published`; it is kept, never fudged). Defaults to `published`.
    pub updated: DateTime<FixedOffset>,
    /// Creation instant, informational.
    pub created: Option<DateTime<FixedOffset>>,
    /// Plain-text summary: the description, else the body's first paragraph.
    pub summary: String,
    /// Category names as written, trimmed, duplicates removed, order kept.
    pub categories: Vec<String>,
    /// The hero image, if any.
    pub hero: Option<HeroRef>,
    /// The card kind the post asks for, if it asks.
    pub card_kind: Option<CardKind>,
    /// Authors, in the order given.
    pub authors: Vec<Author>,
    /// Drafts are excluded from every output.
    pub draft: bool,
    /// Byte offset of the Markdown body in the file's text (after BOM removal).
    pub body_offset: usize,
    /// The post's language, a BCP 47 tag in canonical case (`es`, `pt-BR`):
    /// front matter, else file-name suffix, else language folder, else the
    /// site's language (see `lang.rs`).
    pub lang: String,
    /// The post's folder under the posts folder, `/`-separated, without a
    /// page bundle's own folder: `tutorials/python` for
    /// `tutorials/python/intro.md` and for `tutorials/python/intro/index.md`,
    /// empty at the top. Set by the loader (parsing sees one file); the
    /// `{section}` of `post_url`, as Hugo and Zola nest their URLs.
    pub section: String,
}

#[cfg(test)]
impl Post {
    /// A minimal built post for unit tests in other stages: `posts/{slug}.md`,
    /// titled after its slug, published 2024-01-01, in English.
    pub(crate) fn for_tests(slug: &str) -> Post {
        let published =
            DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z").expect("a valid RFC 3339 date");
        Post {
            source: PathBuf::from(format!("posts/{slug}.md")),
            slug: slug.to_owned(),
            title: slug.to_owned(),
            card_title: slug.to_owned(),
            published,
            updated: published,
            created: None,
            summary: String::new(),
            categories: Vec::new(),
            hero: None,
            card_kind: None,
            authors: Vec::new(),
            draft: false,
            body_offset: 0,
            lang: "en".to_owned(),
            section: String::new(),
        }
    }
}

/// Reads a post file's text: UTF-8 required, BOM removed, size limited.
///
/// The size and the kind of file are checked from metadata before the file
/// is opened (see `crate::read`): a FIFO, device, socket or folder under a
/// post's name (or behind a link) is refused without blocking, and a post
/// over [`MAX_POST_BYTES`] is refused without being read.
pub fn read_post_text(path: &Path) -> Result<String, Diagnostic> {
    use crate::read::{read_bounded, Refused};
    let bytes = read_bounded(path, MAX_POST_BYTES).map_err(|refused| match refused {
        Refused::Io(e) => Diagnostic::error(path, format!("cannot read the post: {e}")),
        Refused::TooLarge(len) => Diagnostic::error(
            path,
            format!(
                "the post is {} MB, over the {} MB limit for one post",
                len / (1024 * 1024),
                MAX_POST_BYTES / (1024 * 1024)
            ),
        ),
        Refused::NotAFile(kind) => Diagnostic::error(
            path,
            format!("refused: the post is {kind}, not a regular file"),
        ),
    })?;
    decode_post_bytes(path, bytes)
}

/// The largest post file read; anything larger is refused (a runaway export).
pub const MAX_POST_BYTES: u64 = 16 * 1024 * 1024;

fn decode_post_bytes(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
        let (line, column) = crate::common::line_column(&valid, valid.len());
        Diagnostic::error(
            path,
            format!("the file is not valid UTF-8 (byte {offset}); save it as UTF-8"),
        )
        .at(line, Some(column))
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

/// Settings the input stage needs from the config.
#[derive(Debug, Clone)]
pub struct ParseOptions<'a> {
    /// Time zone for dates without an offset.
    pub timezone: Tz,
    /// Extra keys per field from `[fields]`.
    pub fields: &'a FieldKeys,
    /// The site's languages, for posts that do not name theirs.
    pub languages: Languages<'a>,
    /// Slugs are made lower case, words joined by `-`, as the site's
    /// generator makes its URLs (see [`site_lowercases_paths`]).
    pub lowercase_slugs: bool,
}

/// What parsing one file gives.
#[derive(Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "one short-lived value per file; boxing Post would change the stage's contract for no measurable gain"
)]
pub enum Parsed {
    /// A post, possibly with warnings.
    Post(Box<Post>, Vec<Diagnostic>),
    /// A draft: left out on purpose, not an error.
    Draft,
}

/// Parses one post file's text. `path` is the file (for messages and the slug).
pub fn parse(path: &Path, text: &str, options: &ParseOptions<'_>) -> Result<Parsed, Diagnostic> {
    check_body_limits(path, text)?;
    fields::parse_post(path, text, options)
}

/// Refuses a body nested deeper than the Markdown and HTML stages handle in
/// work linear in its size (see `limits.rs`), before any of them runs.
fn check_body_limits(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let Ok(split) = front_matter::split(path, text) else {
        return Ok(()); // the parser reports a missing front matter itself
    };
    let body = &text[split.body_offset..];
    limits::check_body(body).map_err(|too_deep| {
        let body_line = text[..split.body_offset].matches('\n').count();
        Diagnostic::error(path, too_deep.message)
            .at(body_line + too_deep.line, Some(too_deep.column))
    })
}

/// The generator the site's layout names (see [`dialect::from_layout`]):
/// reads the beginning of the generator config files beside the posts
/// folder and its parents.
pub fn site_dialect(posts_dir: &Path) -> Option<dialect::Dialect> {
    dialect::from_layout(&walk::layout_files(posts_dir))
}

/// Whether the generator whose layout surrounds `posts_dir` lower-cases URL
/// paths (Hugo, Zola, Astro).
pub fn site_lowercases_paths(posts_dir: &Path) -> bool {
    dialect::lowercases_paths(&walk::layout_files(posts_dir))
}

/// Reads a post's Markdown body again (see the module doc for why).
pub fn load_body(post: &Post) -> Result<String, Error> {
    let mut text = read_post_text(&post.source)
        .map_err(|d| Error::io(&post.source, std::io::Error::other(d.message)))?;
    Ok(text.split_off(post.body_offset.min(text.len())))
}

/// Everything [`load_posts`] found.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Posts that parsed, drafts excluded, in path order.
    pub posts: Vec<Post>,
    /// Problems, one or more per bad file.
    pub diagnostics: Vec<Diagnostic>,
    /// Files read.
    pub files: usize,
    /// Drafts left out.
    pub drafts: usize,
}

/// Finds and parses every post under `dir`, in parallel, in path order.
///
/// Every `.md`/`.markdown` file below `dir` is read, except under hidden
/// names (`.git/`, `.draft.md`). Linked folders are not followed; a linked
/// file is read only when it resolves inside `dir`. A file that cannot be
/// read or parsed gives a [`Diagnostic`] and the others still load; only a
/// `dir` that is missing, not a folder or unreadable is a fatal [`Error`].
pub fn load_posts(dir: &Path, options: &ParseOptions<'_>) -> Result<Loaded, Error> {
    walk::load_all(dir, options, None)
}

/// [`load_posts`] with the parse cache (`posts.cache`) in `state_dir`: an
/// unchanged file is not parsed again, and the cache is saved for the next
/// run. A cache that cannot be saved costs only speed: a warning says so.
pub fn load_posts_cached(
    dir: &Path,
    options: &ParseOptions<'_>,
    state_dir: &Path,
) -> Result<Loaded, Error> {
    let fingerprint = format!(
        "{} {:?} {:?} {}",
        options.timezone, options.fields, options.languages, options.lowercase_slugs
    );
    let cache = cache::ParseCache::open(state_dir, &fingerprint);
    let mut loaded = walk::load_all(dir, options, Some(&cache))?;
    let path = cache.path().to_path_buf();
    if let Some(bytes) = cache.into_bytes() {
        if let Err(err) =
            crate::output::write_atomic(&path, &bytes, crate::output::Durability::Atomic)
        {
            loaded.diagnostics.push(Diagnostic::warning(
                &path,
                format!("the parse cache was not saved (the next run parses every post): {err}"),
            ));
        }
    }
    Ok(loaded)
}

#[cfg(test)]
mod tests;
