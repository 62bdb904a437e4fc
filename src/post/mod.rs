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
mod date;
mod fields;
mod front_matter;
mod walk;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;

use crate::common::FieldKeys;
pub use crate::common::{CardKind, HeroKind};
use crate::error::{Diagnostic, Error};

pub(crate) use body::truncate_at_word;
pub use body::{render_html, summary_from_markdown};
pub use date::parse_date;

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
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Author {
    /// Display name.
    pub name: String,
    /// Email address, when given.
    pub email: Option<String>,
    /// Home page, when given.
    pub uri: Option<String>,
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
}

/// Reads a post file's text: UTF-8 required, BOM removed, size limited.
pub fn read_post_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(path, format!("cannot read the post: {e}")))?;
    decode_post_bytes(path, bytes)
}

/// The largest post file read; anything larger is refused (a runaway export).
pub const MAX_POST_BYTES: u64 = 16 * 1024 * 1024;

fn decode_post_bytes(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.len() as u64 > MAX_POST_BYTES {
        return Err(Diagnostic::error(
            path,
            format!(
                "the post is {} MB, over the {} MB limit for one post",
                bytes.len() / (1024 * 1024),
                MAX_POST_BYTES / (1024 * 1024)
            ),
        ));
    }
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
    fields::parse_post(path, text, options)
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
    walk::load_all(dir, options)
}

#[cfg(test)]
mod tests;
