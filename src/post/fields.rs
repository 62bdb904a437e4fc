//! Front-matter mapping → typed [`Post`]: one alias table per field.
//!
//! "First key found wins" cannot be expressed with `#[serde(alias)]` (a second
//! alias present is a duplicate-field error, serde-rs/serde#2380), so the
//! block is read as a mapping and each field walks its own list of keys: the
//! config's `[fields]` keys first, then the built-in ones. A key present with
//! `null` or an empty value counts as absent. Dotted keys (`image.src`) reach
//! into nested maps, but at each level a key that itself contains the dot or a
//! colon (`seo.twitter:card`, `twitter:card`) is tried as one literal key first.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use serde_yaml::{Mapping, Value};

use super::body::{collapse_whitespace, summary_from_markdown};
use super::date::{local_to_fixed, parse_date, EXPECTED_FORMS};
use super::dialect;
use super::front_matter::{self, Split};
use super::{Author, CardKind, HeroKind, HeroRef, ParseOptions, Parsed, Post};
use crate::common::FieldKeys;
use crate::error::Diagnostic;

/// Built-in keys per field, tried after the config's `[fields]` keys.
const TITLE: &[&str] = &["title"];
const CARD_TITLE: &[&str] = &[
    "seo.twitter.title",
    "seo.twitter:title",
    "seo.og:title",
    "twitter_title",
];
const PUBLISHED: &[&str] = &["published-on", "date", "published", "pubDate", "pubdate"];
const UPDATED: &[&str] = &[
    "updated-on",
    "updated",
    "lastmod",
    "modified",
    "last_modified_at",
];
const CREATED: &[&str] = &["created-on"];
const SUMMARY: &[&str] = &[
    "description",
    "seo.description",
    "summary",
    "excerpt",
    "f_description",
];
/// Most categories one post may name; each one is a feed.
pub(crate) const MAX_CATEGORIES_PER_POST: usize = 64;

const CATEGORIES: &[&str] = &[
    "category",
    "categories",
    "tags",
    // Zola: `[taxonomies] categories = [...]`, `tags = [...]`.
    "taxonomies.categories",
    "taxonomies.tags",
];
/// A value here may be a path, a list of paths (Hugo `images`: the first
/// usable one wins) or a mapping holding one (`{src|path|url|image: …}`:
/// Jekyll `image: {path: …}`, PaperMod `cover: {image: …}`, Astro
/// `heroImage`); see [`image_src`].
const IMAGE: &[&str] = &[
    "image",
    "images",
    "cover",
    "hero",
    "heroImage",
    "hero_image",
    "featured_image",
    "featuredImage",
    "feature_image",
    "featureImage",
    "og_image",
    "ogImage",
    "thumbnail",
    "banner",
    "header.image",
    "header.overlay_image",
    "header.teaser",
    // Zola keeps theme fields under `[extra]`.
    "extra.image",
    "extra.images",
    "extra.cover",
    "extra.cover_image",
    "extra.featured_image",
    "extra.thumbnail",
    "extra.banner",
];
const IMAGE_ALT: &[&str] = &[
    "image.alt",
    "cover.alt",
    "image_alt",
    "hero_alt",
    "heroImageAlt",
    "extra.image_alt",
];
const IMAGE_FOCUS: &[&str] = &["image.focus", "cover.focus", "image_focus"];
const IMAGE_KIND: &[&str] = &["image.kind", "cover.kind", "image_kind"];
const CARD: &[&str] = &[
    "seo.twitter.card",
    "seo.twitter:card",
    "twitter_card",
    "twitter:card",
];
const SLUG: &[&str] = &["slug"];
const LANG: &[&str] = &["lang", "language", "locale"];
const AUTHOR: &[&str] = &["author", "authors"];
/// Keys that mark a draft when true. (`published: false` is handled apart.)
const DRAFT: &[&str] = &["draft", "archived", "_draft", "_archived"];

/// How many characters of the body's first paragraph make a fallback summary.
pub(super) const SUMMARY_CHARS: usize = 300;

/// `image.focus: [x, y]` (or `"x, y"`), each 0–1 from the top-left corner.
fn hero_focus(value: &Value) -> Result<(f32, f32), String> {
    let numbers: Vec<f64> = match untag(value) {
        Value::Sequence(items) => items.iter().filter_map(|v| untag(v).as_f64()).collect(),
        Value::String(s) => s
            .split([',', ' '])
            .filter(|p| !p.trim().is_empty())
            .filter_map(|p| p.trim().parse().ok())
            .collect(),
        _ => Vec::new(),
    };
    match numbers[..] {
        [x, y] if (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y) => Ok((x as f32, y as f32)),
        _ => Err("image.focus: expected [x, y] with both between 0 and 1 (e.g. [0.5, 0.3]); choosing the crop automatically".into()),
    }
}

/// A value found under one of a field's keys.
struct Found<'v> {
    /// The key as listed (`seo.twitter:card`), for messages.
    key: String,
    /// The literal keys walked to reach the value, for its line.
    segments: Vec<String>,
    value: &'v Value,
}

/// Reads fields out of one post's front matter.
struct Resolver<'a> {
    path: &'a Path,
    split: &'a Split<'a>,
    map: &'a Mapping,
    /// The config's extra keys per field, tried first.
    fields: &'a FieldKeys,
}

/// Parses one post: split, parse the block, resolve every field.
pub(super) fn parse_post(
    path: &Path,
    text: &str,
    options: &ParseOptions<'_>,
) -> Result<Parsed, Diagnostic> {
    let split = front_matter::split(path, text)?;
    let map = front_matter::parse_block(path, &split)?;
    let r = Resolver {
        path,
        split: &split,
        map: &map,
        fields: options.fields,
    };
    if r.is_draft(options)? {
        return Ok(Parsed::Draft);
    }
    let mut warnings = Vec::new();
    let title = r.title()?;
    let card_title = r
        .card_title(&mut warnings)?
        .unwrap_or_else(|| title.clone());
    let file = file_slug(path);
    let slug = r.slug(&file, options.lowercase_slugs)?;
    let published = r.published(&file, options)?;
    let updated = r.optional_date(&r.fields.updated, UPDATED, options)?;
    let created = r.optional_date(&r.fields.created, CREATED, options)?;
    let summary = r.summary(text.get(split.body_offset..).unwrap_or(""))?;
    let categories = match r.find(&r.fields.categories, CATEGORIES, any) {
        Some(found) => r.categories(&found, &mut warnings)?,
        None => Vec::new(),
    };
    let hero = r.hero(&mut warnings)?;
    let card_kind = r.card_kind(&mut warnings)?;
    let authors = match r.find(&r.fields.author, AUTHOR, any) {
        Some(found) => r.authors(&found, &mut warnings)?,
        None => Vec::new(),
    };

    let lang_value = r
        .find(&r.fields.lang, LANG, any)
        .map(|f| r.text(&f))
        .transpose()?;
    let lang = super::lang::post_language(
        lang_value.as_deref(),
        file.lang.as_deref(),
        path,
        &options.languages,
        &mut warnings,
    );

    let post = Post {
        source: path.to_path_buf(),
        slug,
        title,
        card_title,
        published,
        updated: updated.unwrap_or(published),
        created,
        summary,
        categories,
        hero,
        card_kind,
        authors,
        draft: false,
        body_offset: split.body_offset,
        lang,
        section: String::new(),
    };
    Ok(Parsed::Post(Box::new(post), warnings))
}

/// One method per field (or group of fields that are read together).
impl Resolver<'_> {
    /// The title: required, whitespace collapsed.
    fn title(&self) -> Result<String, Diagnostic> {
        // `linkTitle`/`richtitle` are menu and theme titles, never read here.
        self.find(&self.fields.title, TITLE, any)
            .map(|f| self.text(&f).map(|t| title_text(&t)))
            .transpose()?
            .filter(|t| !t.is_empty())
            .ok_or_else(|| self.missing("title", &self.fields.title, TITLE))
    }

    /// The social title the author asked for, if any. A CMS slip (the card
    /// kind `summary` typed into the title field, or an empty field) is
    /// skipped with a warning naming the key, so it never becomes a headline.
    fn card_title(&self, warnings: &mut Vec<Diagnostic>) -> Result<Option<String>, Diagnostic> {
        let keys = self
            .fields
            .card_title
            .iter()
            .map(String::as_str)
            .chain(CARD_TITLE.iter().copied());
        for key in keys {
            let mut segments = Vec::new();
            let Some(value) = lookup(self.map, key, &mut segments) else {
                let segments: Vec<String> = key.split('.').map(str::to_string).collect();
                if lookup_blank(self.map, &segments) {
                    let d = Diagnostic::warning(
                        self.path,
                        format!("{key} is empty and was ignored; the card uses the post title"),
                    );
                    warnings.push(match front_matter::key_position(self.split, &segments) {
                        Some((line, column)) => d.at(line, Some(column)),
                        None => d,
                    });
                }
                continue;
            };
            let found = Found {
                key: key.to_string(),
                segments,
                value,
            };
            let title = title_text(&self.text(&found)?);
            if title.is_empty() {
                warnings.push(self.warning_at(
                    &found,
                    format!("{key} shows nothing (only invisible characters) and was ignored; the card uses the post title"),
                ));
                continue;
            }
            if is_card_kind(&title) {
                warnings.push(self.warning_at(
                    &found,
                    format!(
                        "{key}: {title:?} is a card kind, not a title (a CMS slip?); ignored, \
                         the card uses the post title"
                    ),
                ));
                continue;
            }
            return Ok(Some(title));
        }
        Ok(None)
    }

    /// The front matter's `slug`, else the one the file name gives; made
    /// lower case with `-` between words when the generator does so.
    fn slug(&self, file: &FileSlug, lowercase: bool) -> Result<String, Diagnostic> {
        let explicit = self
            .find(&self.fields.slug, SLUG, any)
            .map(|f| {
                let text = self.text(&f)?;
                let slug = text.trim();
                let slug = if lowercase {
                    urlize(slug)
                } else {
                    slug.to_string()
                };
                check_slug(&slug)
                    .map_err(|problem| self.error_at(&f, format!("{slug:?} {problem}")))?;
                Ok::<_, Diagnostic>(slug)
            })
            .transpose()?;
        if let Some(slug) = explicit {
            return Ok(slug);
        }
        let slug = if lowercase {
            urlize(&file.slug)
        } else {
            file.slug.clone()
        };
        check_slug(&slug).map_err(|problem| {
            Diagnostic::error(
                self.path,
                format!(
                    "the slug {slug:?} taken from the file name {problem}; rename the file or set `slug:`"
                ),
            )
        })?;
        Ok(slug)
    }

    /// The publication date: required, from the front matter or a Jekyll
    /// file name.
    fn published(
        &self,
        file: &FileSlug,
        options: &ParseOptions<'_>,
    ) -> Result<DateTime<FixedOffset>, Diagnostic> {
        // `published: false` marks a draft (handled before); `published: yes` is not a date.
        let found = self.find(&self.fields.published, PUBLISHED, |key, v| {
            !(key == "published" && yes_no(v).is_some())
        });
        if let Some(found) = found {
            return self.date(&found, options);
        }
        let Some(date) = file.date else {
            return Err(self.missing("publication date", &self.fields.published, PUBLISHED));
        };
        local_to_fixed(date.and_time(NaiveTime::MIN), options.timezone).ok_or_else(|| {
            Diagnostic::error(
                self.path,
                format!("the date {date} in the file name does not exist in the site time zone"),
            )
        })
    }

    /// An optional date field (updated, created).
    fn optional_date(
        &self,
        extra: &[String],
        builtin: &[&str],
        options: &ParseOptions<'_>,
    ) -> Result<Option<DateTime<FixedOffset>>, Diagnostic> {
        self.find(extra, builtin, any)
            .map(|f| self.date(&f, options))
            .transpose()
    }

    /// The description, else the body's first paragraph.
    fn summary(&self, body: &str) -> Result<String, Diagnostic> {
        let summary = match self.find(&self.fields.summary, SUMMARY, any) {
            Some(found) => collapse_whitespace(&self.text(&found)?),
            None => String::new(),
        };
        if summary.is_empty() {
            // Before a `<!--more-->` divider (or Jekyll's `excerpt_separator`),
            // shortcodes and Liquid tags removed.
            let separator = get(self.map, "excerpt_separator").and_then(scalar_text);
            let source = dialect::summary_source(self.path, body, separator.as_deref());
            return Ok(summary_from_markdown(&source, SUMMARY_CHARS));
        }
        Ok(summary)
    }

    /// The hero image and its alt text.
    fn hero(&self, warnings: &mut Vec<Diagnostic>) -> Result<Option<HeroRef>, Diagnostic> {
        // The first key holding a usable path wins; a list or mapping that
        // holds none (`images: []`, `cover: {hidden: true}`) counts as absent.
        let src = self
            .find(&self.fields.image, IMAGE, |_, v| image_src(v).is_some())
            .and_then(|f| image_src(f.value));
        let Some(src) = src else {
            return Ok(None);
        };
        let alt = self
            .find(&self.fields.image_alt, IMAGE_ALT, any)
            .map(|f| self.text(&f).map(|t| collapse_whitespace(&t)))
            .transpose()?
            .filter(|t| !t.is_empty());
        let focus = self.find(&[], IMAGE_FOCUS, any).and_then(|f| {
            hero_focus(f.value)
                .map_err(|m| warnings.push(self.warning_at(&f, m)))
                .ok()
        });
        let kind = self
            .find(&[], IMAGE_KIND, any)
            .map(|f| self.text(&f).map(|name| (f, name)))
            .transpose()?
            .and_then(|(f, name)| {
                let kind = HeroKind::from_name(&name);
                if kind.is_none() {
                    warnings.push(self.warning_at(
                        &f,
                        format!(
                            "{}: unknown image kind {:?} (expected photo or banner); measuring the image instead",
                            f.key,
                            name.trim()
                        ),
                    ));
                }
                kind
            });
        Ok(Some(HeroRef {
            src,
            alt,
            focus,
            kind,
        }))
    }

    /// The card kind the post asks for; an unknown kind is a warning.
    fn card_kind(&self, warnings: &mut Vec<Diagnostic>) -> Result<Option<CardKind>, Diagnostic> {
        let Some(found) = self.find(&self.fields.card, CARD, any) else {
            return Ok(None);
        };
        let name = self.text(&found)?;
        let kind = CardKind::from_name(&name);
        if kind.is_none() {
            warnings.push(self.warning_at(
                &found,
                format!(
                    "{}: unknown card kind {:?} (expected summary or summary_large_image); using the site default",
                    found.key,
                    name.trim()
                ),
            ));
        }
        Ok(kind)
    }
}

/// Whether a social title is really a card kind (`summary`,
/// `Summary Large Image`, `summary-large-image`): any case, any spacing.
fn is_card_kind(title: &str) -> bool {
    let folded: String = title
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    matches!(
        folded.as_str(),
        "summary" | "summary_large_image" | "player" | "app"
    )
}

/// Whether the literal key path is present with a blank (null or empty) value.
fn lookup_blank(map: &Mapping, segments: &[String]) -> bool {
    let Some((last, parents)) = segments.split_last() else {
        return false;
    };
    let mut map = map;
    for segment in parents {
        match get(map, segment).map(untag) {
            Some(Value::Mapping(child)) => map = child,
            _ => return false,
        }
    }
    get(map, last).is_some_and(is_blank)
}

/// The image path a front-matter value names: text as is; a list's first
/// usable item; a mapping's `src`, `path`, `url`, `image` or `file`.
fn image_src(value: &Value) -> Option<String> {
    match untag(value) {
        Value::Sequence(items) => items.iter().find_map(image_src),
        Value::Mapping(map) => ["src", "path", "url", "image", "file"]
            .iter()
            .filter_map(|key| get(map, key))
            .find_map(image_src),
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// A title as plain text: HTML tags some generators allow in titles
/// (`Using <code>git</code>`) removed, the common entities decoded,
/// whitespace collapsed. Only the inline HTML elements a title could hold
/// are tags: `a < b`, `Vec<T>` and `Why <vector> is fast` keep their text.
fn title_text(title: &str) -> String {
    let title: String = title
        .chars()
        .filter(|c| !c.is_control() || c.is_whitespace())
        .collect();
    if !title.chars().any(is_visible) {
        // Zero-width spaces, bidi marks, soft hyphens: a headline of nothing.
        return String::new();
    }
    let title = title.as_str();
    if !title.contains('<') {
        return collapse_whitespace(title);
    }
    let mut out = String::with_capacity(title.len());
    let mut rest = title;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        // Elements and comments only: `<![CDATA[` or `a < b` is text.
        let opens_tag = opens_inline_tag(after) || after.starts_with("!--");
        match after.find('>').filter(|_| opens_tag) {
            Some(end) => rest = &after[end + 1..],
            None => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    collapse_whitespace(&decoded)
}

/// Whether a character shows anything: not whitespace, not a control, not a
/// format character (zero-width, bidi, soft hyphen, BOM, tags) and not one of
/// the blank fillers (Hangul, Braille) that render as nothing.
fn is_visible(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}'
            | '\u{17B5}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{2800}' | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}'
            | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}'))
}

/// Whether the text after a `<` starts an inline HTML element's tag
/// (`code>`, `/em>`, `span class="x">`), as opposed to a type parameter or
/// a C++ header name.
fn opens_inline_tag(after: &str) -> bool {
    const INLINE: &[&str] = &[
        "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "font", "i",
        "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time",
        "u", "var", "wbr",
    ];
    let name_start = after.strip_prefix('/').unwrap_or(after);
    let name_end = name_start
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(name_start.len());
    let (name, next) = name_start.split_at(name_end);
    let ends_name = next.starts_with(['>', ' ', '/', '\t', '\n']);
    ends_name && INLINE.iter().any(|tag| tag.eq_ignore_ascii_case(name))
}

/// Accepts any non-empty value.
fn any(_: &str, _: &Value) -> bool {
    true
}

/// Skips YAML tags (`!foo value`).
fn untag(mut value: &Value) -> &Value {
    while let Value::Tagged(tagged) = value {
        value = &tagged.value;
    }
    value
}

/// `null`, blank text, and empty lists or maps count as absent.
fn is_blank(value: &Value) -> bool {
    match untag(value) {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Sequence(s) => s.is_empty(),
        Value::Mapping(m) => m.is_empty(),
        _ => false,
    }
}

/// `map.get(key)` for a text key, by a scan of the keys when the mapping is
/// small (as front matter is): the same match (`Value::String` equal to
/// `key`; a mapping's keys are unique, so the first match is the one), without
/// SipHash-ing the key through serde_yaml's `IndexMap` for each of the ~70
/// keys a post's fields try (225 M instructions at 10k posts).
fn get<'v>(map: &'v Mapping, key: &str) -> Option<&'v Value> {
    const SCAN_UP_TO: usize = 16;
    if map.len() > SCAN_UP_TO {
        return map.get(key);
    }
    map.iter()
        .find(|(k, _)| matches!(k, Value::String(s) if s == key))
        .map(|(_, v)| v)
}

/// The value under `path` in `map`: the whole path as one literal key first,
/// then split at each dot into a key and a path inside its nested map.
fn lookup<'v>(map: &'v Mapping, path: &str, segments: &mut Vec<String>) -> Option<&'v Value> {
    if let Some(value) = get(map, path) {
        if !is_blank(value) {
            segments.push(path.to_string());
            return Some(value);
        }
    }
    for (i, _) in path.match_indices('.') {
        let (head, rest) = (&path[..i], &path[i + 1..]);
        if head.is_empty() || rest.is_empty() {
            continue;
        }
        if let Some(Value::Mapping(child)) = get(map, head).map(untag) {
            segments.push(head.to_string());
            if let Some(value) = lookup(child, rest, segments) {
                return Some(value);
            }
            segments.pop();
        }
    }
    None
}

fn describe(value: &Value) -> &'static str {
    match untag(value) {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// A scalar as text: numbers and booleans as YAML writes them.
fn scalar_text(value: &Value) -> Option<String> {
    match untag(value) {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A yes/no value as the site generators read one, `None` when it is none.
///
/// Jekyll reads YAML 1.1, where `yes/no`, `on/off`, `y/n` and `true/false`
/// are booleans in any case; Hugo reads `1/0`, `t/f` and `true/false` (Go's
/// `strconv.ParseBool`), also when written as strings or TOML integers.
/// serde_yaml speaks YAML 1.2, so `on` or `yes` arrive here as strings: this
/// reader, not the parser, decides what a flag says.
fn yes_no(value: &Value) -> Option<bool> {
    match untag(value) {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_i64() {
            Some(1) => Some(true),
            Some(0) => Some(false),
            _ => None,
        },
        Value::String(s) => yes_no_word(s),
        _ => None,
    }
}

/// `yes`, `On`, `T`, `1` … → true; `no`, `OFF`, `f`, `0` … → false.
fn yes_no_word(word: &str) -> Option<bool> {
    match word.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "y" | "t" | "1" => Some(true),
        "false" | "no" | "off" | "n" | "f" | "0" => Some(false),
        _ => None,
    }
}

impl<'a> Resolver<'a> {
    /// The first non-empty value under `extra` keys then `builtin` keys that
    /// `accept` takes.
    fn find(
        &self,
        extra: &[String],
        builtin: &[&str],
        accept: impl Fn(&str, &Value) -> bool,
    ) -> Option<Found<'a>> {
        let keys = extra
            .iter()
            .map(String::as_str)
            .chain(builtin.iter().copied());
        for key in keys {
            let mut segments = Vec::new();
            if let Some(value) = lookup(self.map, key, &mut segments) {
                if accept(key, untag(value)) {
                    return Some(Found {
                        key: key.to_string(),
                        segments,
                        value,
                    });
                }
            }
        }
        None
    }

    /// Whether the post is held back as a draft. Fails closed: a draft key
    /// (or `published`) whose value is neither yes/no (nor, for `published`,
    /// a date) is an error, so the post is left out rather than published.
    fn is_draft(&self, options: &ParseOptions<'_>) -> Result<bool, Diagnostic> {
        let mut draft = false;
        for flag in self.flags(&self.fields.draft, DRAFT) {
            match yes_no(flag.value) {
                Some(yes) => draft |= yes,
                None => return Err(self.not_a_flag(&flag, "")),
            }
        }
        // Jekyll's `published: false`; `published: <date>` is a date, not a flag.
        for flag in self.flags(&[], &["published"]) {
            match yes_no(flag.value) {
                Some(yes) => draft |= !yes,
                None if self.date(&flag, options).is_ok() => {}
                None => return Err(self.not_a_flag(&flag, " or a date")),
            }
        }
        Ok(draft)
    }

    /// Every value under a flag key: the config's `extra` keys as
    /// written (dotted paths allowed), and every top-level key equal to one of
    /// `extra` or `builtin` ignoring ASCII case (`Draft`, `DRAFT`).
    fn flags(&self, extra: &[String], builtin: &[&str]) -> Vec<Found<'a>> {
        let mut found = Vec::new();
        for key in extra {
            let mut segments = Vec::new();
            if let Some(value) = lookup(self.map, key, &mut segments) {
                found.push(Found {
                    key: key.clone(),
                    segments,
                    value,
                });
            }
        }
        let names: Vec<&str> = extra
            .iter()
            .map(String::as_str)
            .chain(builtin.iter().copied())
            .collect();
        for (key, value) in self.map {
            let Some(key) = key.as_str() else { continue };
            let wanted = names.iter().any(|name| name.eq_ignore_ascii_case(key));
            let already = found.iter().any(|f| f.segments == [key]);
            // A blank value (`draft:`, `draft: ""`, `draft: {}`) says
            // neither yes nor no: it reaches the check and fails closed.
            if wanted && !already {
                found.push(Found {
                    key: key.to_string(),
                    segments: vec![key.to_string()],
                    value,
                });
            }
        }
        found
    }

    /// "draft: "maybe" is not a yes/no value …".
    fn not_a_flag(&self, flag: &Found<'_>, or_else: &str) -> Diagnostic {
        let shown = match scalar_text(flag.value) {
            _ if is_blank(flag.value) => "an empty value".to_string(),
            Some(text) => format!("{:?}", shorten(&text)),
            None => describe(flag.value).to_string(),
        };
        self.error_at(
            flag,
            format!(
                "{}: {shown} is not a yes/no value{or_else} (true/false, yes/no, on/off, 1/0); \
                 the post is left out until it says whether it is a draft",
                flag.key
            ),
        )
    }

    fn error_at(&self, found: &Found<'_>, message: String) -> Diagnostic {
        let d = Diagnostic::error(self.path, message);
        match front_matter::key_position(self.split, &found.segments) {
            Some((line, column)) => d.at(line, Some(column)),
            None => d,
        }
    }

    fn warning_at(&self, found: &Found<'_>, message: String) -> Diagnostic {
        let mut d = self.error_at(found, message);
        d.severity = crate::error::Severity::Warning;
        d
    }

    /// "missing title: set one of `name`, `title`".
    fn missing(&self, what: &str, extra: &[String], builtin: &[&str]) -> Diagnostic {
        let keys: Vec<String> = extra
            .iter()
            .map(String::as_str)
            .chain(builtin.iter().copied())
            .map(|k| format!("`{k}`"))
            .collect();
        let hint = if keys.len() == 1 {
            format!("set {} in the front matter", keys[0])
        } else {
            format!("none of {} is set", keys.join(", "))
        };
        // A key that is there but blank or null is the likely culprit: point
        // at its line; otherwise at the opening fence.
        let present = extra
            .iter()
            .map(String::as_str)
            .chain(builtin.iter().copied())
            .find_map(|key| {
                let segments: Vec<String> = key.split('.').map(str::to_string).collect();
                front_matter::key_position(self.split, &segments).map(|at| (key, at))
            });
        match present {
            Some((key, (line, column))) => {
                Diagnostic::error(self.path, format!("missing {what}: `{key}` is empty"))
                    .at(line, Some(column))
            }
            None => Diagnostic::error(self.path, format!("missing {what}: {hint}"))
                .at(self.split.block_line.saturating_sub(1).max(1), Some(1)),
        }
    }

    /// A scalar as text, or an error naming the key and what it holds.
    fn text(&self, found: &Found<'_>) -> Result<String, Diagnostic> {
        scalar_text(found.value).ok_or_else(|| {
            self.error_at(
                found,
                format!(
                    "{}: expected text, found {}",
                    found.key,
                    describe(found.value)
                ),
            )
        })
    }

    fn date(
        &self,
        found: &Found<'_>,
        options: &ParseOptions<'_>,
    ) -> Result<DateTime<FixedOffset>, Diagnostic> {
        let text = scalar_text(found.value);
        text.as_deref()
            .and_then(|t| parse_date(t, options.timezone))
            .ok_or_else(|| {
                let shown = match text {
                    Some(t) => format!("{:?}", shorten(&t)),
                    None => describe(found.value).to_string(),
                };
                self.error_at(
                    found,
                    format!("{}: {shown} is not a date ({EXPECTED_FORMS})", found.key),
                )
            })
    }

    /// Category names: one string (comma-separated except under `category`)
    /// or a list; trimmed, empties dropped, duplicates removed, order kept.
    /// Category names, at most [`MAX_CATEGORIES_PER_POST`] (each is a feed):
    /// the rest are left out with a warning.
    fn categories(
        &self,
        found: &Found<'_>,
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<Vec<String>, Diagnostic> {
        let mut names: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        let mut push = |name: &str| {
            let name = collapse_whitespace(name);
            if !name.is_empty() && seen.insert(name.clone()) {
                names.push(name);
            }
        };
        match untag(found.value) {
            Value::Sequence(items) => {
                for item in items {
                    if is_blank(item) {
                        continue;
                    }
                    let name = scalar_text(item).ok_or_else(|| {
                        self.error_at(
                            found,
                            format!(
                                "{}: expected a list of names, found {} in the list",
                                found.key,
                                describe(item)
                            ),
                        )
                    })?;
                    push(&name);
                }
            }
            value => {
                let text = scalar_text(value).ok_or_else(|| {
                    self.error_at(
                        found,
                        format!(
                            "{}: expected a name or a list of names, found {}",
                            found.key,
                            describe(value)
                        ),
                    )
                })?;
                if found.key == "category" {
                    push(&text);
                } else {
                    text.split(',').for_each(&mut push);
                }
            }
        }
        if names.len() > MAX_CATEGORIES_PER_POST {
            warnings.push(self.warning_at(
                found,
                format!(
                    "{}: {} names; the first {MAX_CATEGORIES_PER_POST} are used and the rest left out \
                     (each category is a feed)",
                    found.key,
                    names.len()
                ),
            ));
            names.truncate(MAX_CATEGORIES_PER_POST);
        }
        Ok(names)
    }

    /// Authors: a name, a `{name, email, uri|url}` map, or a list of either.
    /// `value` as `check` normalises it, or `None` with a warning: an author
    /// link goes into every feed, so a `javascript:` URI or a malformed email
    /// is dropped (the author is kept).
    /// `value` as `check` accepts it, or a warning saying it is not
    /// `expected` and nothing.
    fn checked_author_field(
        &self,
        found: &Found<'_>,
        (what, expected): (&str, &str),
        value: String,
        check: fn(&str) -> Option<String>,
        warnings: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let checked = check(&value);
        if checked.is_none() {
            let shown: String = value.chars().take(80).collect();
            warnings.push(self.warning_at(
                found,
                format!(
                    "{}: the author {what} {shown:?} is not {expected}; left out",
                    found.key
                ),
            ));
        }
        checked
    }

    fn authors(
        &self,
        found: &Found<'_>,
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<Vec<Author>, Diagnostic> {
        let items: Vec<&Value> = match untag(found.value) {
            Value::Sequence(items) => items.iter().collect(),
            other => vec![other],
        };
        let mut authors: Vec<Author> = Vec::new();
        let mut seen = BTreeSet::new();
        for item in items {
            if is_blank(item) {
                continue;
            }
            let author = match untag(item) {
                Value::Mapping(map) => {
                    let field = |keys: &[&str]| {
                        keys.iter()
                            .filter_map(|k| map.get(*k))
                            .filter(|v| !is_blank(v))
                            .find_map(scalar_text)
                            .map(|t| collapse_whitespace(&t))
                    };
                    let mut checked = |keys: &[&str], what, check| {
                        field(keys).and_then(|v| {
                            self.checked_author_field(found, what, v, check, warnings)
                        })
                    };
                    let email = checked(&["email"], ("email", "an email address"), email_address);
                    let uri = checked(&["uri", "url"], ("uri", "an http(s) URL"), web_url);
                    let twitter = checked(
                        &["twitter", "x"],
                        ("X handle", "an X handle such as @name"),
                        |h| crate::common::twitter_handle(h).ok(),
                    );
                    let fediverse = checked(
                        &["fediverse", "mastodon"],
                        ("fediverse account", "an account such as @name@host"),
                        |h| crate::common::fediverse_handle(h).ok(),
                    );
                    let avatar = author_avatar(map);
                    match field(&["name"]).or_else(|| email.clone()) {
                        Some(name) => Author {
                            name,
                            email,
                            uri,
                            twitter,
                            fediverse,
                            avatar,
                        },
                        None => {
                            warnings.push(self.warning_at(
                                found,
                                format!("{}: an author without a `name` was left out", found.key),
                            ));
                            continue;
                        }
                    }
                }
                other => {
                    let name = scalar_text(other).ok_or_else(|| {
                        self.error_at(
                            found,
                            format!(
                                "{}: expected a name, a {{name, email, uri}} mapping or a list of them, found {}",
                                found.key,
                                describe(other)
                            ),
                        )
                    })?;
                    Author {
                        name: collapse_whitespace(&name),
                        ..Author::default()
                    }
                }
            };
            if !author.name.is_empty() && seen.insert(author.clone()) {
                authors.push(author);
            }
        }
        Ok(authors)
    }
}

/// The avatar of an author mapping: `avatar`, `image` or `picture` (the
/// spellings of Hugo themes, Jekyll's jekyll-seo-tag and Astro starters), a
/// path or a `{src|url}` mapping like a hero's. Resolved by the card stage.
fn author_avatar(map: &Mapping) -> Option<String> {
    ["avatar", "image", "picture"]
        .iter()
        .filter_map(|k| map.get(*k))
        .find_map(|v| match untag(v) {
            Value::Mapping(inner) => ["src", "url"]
                .iter()
                .filter_map(|k| inner.get(*k))
                .find_map(scalar_text),
            other => scalar_text(other),
        })
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
}

/// A value cut short for a message.
fn shorten(text: &str) -> String {
    const MAX: usize = 80;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(MAX).collect();
        s.push('…');
        s
    }
}

/// What the file's name says about the post.
struct FileSlug {
    slug: String,
    /// The Jekyll date prefix, when there is one.
    date: Option<NaiveDate>,
    /// The language suffix (`hello.es.md`), when there is one.
    lang: Option<String>,
}

/// The slug a file name gives: the stem, or the folder's name for a page
/// bundle's `index.md`/`_index.md`; a Jekyll `YYYY-MM-DD-` prefix is removed
/// and kept as a date.
fn file_slug(path: &Path) -> FileSlug {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (stem, lang) = match super::lang::split_suffix(&stem) {
        Some((base, lang)) => (base.to_string(), Some(lang)),
        None => (stem, None),
    };
    let stem = if stem == "index" || stem == "_index" {
        path.parent()
            .and_then(Path::file_name)
            .map(|s| urlize_folder(&s.to_string_lossy()))
            .unwrap_or(stem)
    } else {
        stem
    };
    match jekyll_prefix(&stem) {
        Some((date, rest)) => FileSlug {
            slug: rest.to_string(),
            date: Some(date),
            lang,
        },
        None => FileSlug {
            slug: stem,
            date: None,
            lang,
        },
    }
}

/// A page bundle's folder named like a title (`Markdown Syntax/index.md`, as
/// Hugo themes' demos have them) gives the URL segment Hugo makes of it:
/// lower case, `-` between words. Folders without blanks are kept as written.
fn urlize_folder(name: &str) -> String {
    if !name.contains(char::is_whitespace) {
        return name.to_string();
    }
    urlize(name)
}

/// The URL segment Hugo, Zola and Astro make of a name: lower case, words
/// joined by `-`.
pub(super) fn urlize(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
        .to_lowercase()
}

/// `2015-05-11-traits` → (2015-05-11, `traits`), for a real date only; Zola
/// also writes `2015-05-11_traits`.
fn jekyll_prefix(stem: &str) -> Option<(NaiveDate, &str)> {
    let bytes = stem.as_bytes();
    if bytes.len() < 12 || !matches!(bytes[10], b'-' | b'_') {
        return None;
    }
    let shape_ok = bytes[..10].iter().enumerate().all(|(i, b)| {
        if i == 4 || i == 7 {
            *b == b'-'
        } else {
            b.is_ascii_digit()
        }
    });
    if !shape_ok {
        return None;
    }
    let date = NaiveDate::parse_from_str(&stem[..10], "%Y-%m-%d").ok()?;
    Some((date, &stem[11..]))
}

/// Why a slug cannot be used in a URL, if it cannot.
fn check_slug(slug: &str) -> Result<(), &'static str> {
    if slug.is_empty() {
        return Err("is empty");
    }
    if slug.contains(['/', '\\']) {
        return Err("contains a slash; a slug is one URL segment");
    }
    if slug.contains("..") || slug == "." {
        return Err("contains `..`; a slug is one URL segment");
    }
    if slug.starts_with('.') {
        // A hidden file on the server, and `.feedcard-tmp-` is reserved for
        // feedcard's own temporary files.
        return Err("starts with `.`, which would make its card and snippet hidden files");
    }
    if slug.contains(char::is_whitespace) {
        return Err("contains whitespace; use `-` between words");
    }
    if slug.contains(char::is_control) {
        return Err("contains a control character");
    }
    if slug.contains(['?', '#']) {
        return Err("contains `?` or `#`, which would end the URL's path");
    }
    if has_percent_escape(slug) {
        // `%2e%2e` would be `..` to a browser, `%25` and `%` one URL: the
        // URL is made from the slug, so a slug is written unencoded.
        return Err("contains a percent-escape such as `%20`; write the character itself");
    }
    Ok(())
}

/// Whether `text` holds `%` followed by two hex digits.
fn has_percent_escape(text: &str) -> bool {
    text.as_bytes()
        .windows(3)
        .any(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit())
}

/// An absolute `http`/`https` URL with a host, normalised; nothing else
/// (`javascript:`, `data:`, `vbscript:`, `file:`, relative paths) is a home page.
fn web_url(text: &str) -> Option<String> {
    let url = url::Url::parse(text.trim()).ok()?;
    let web =
        matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| !h.is_empty());
    web.then(|| url.to_string())
}

/// A plain `local@domain.tld` address (a `mailto:` prefix is removed); not
/// the whole RFC 5322 grammar, but nothing that could break out of a feed's
/// element or become a link of another scheme.
fn email_address(text: &str) -> Option<String> {
    let text = text.trim();
    let text = match text.get(..7) {
        Some(prefix) if prefix.eq_ignore_ascii_case("mailto:") => &text[7..],
        _ => text,
    };
    let (local, domain) = text.split_once('@')?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    (local_ok && domain_ok).then(|| text.to_string())
}

#[cfg(test)]
mod link_tests {
    use super::*;

    #[test]
    fn author_uris_must_be_web_urls() {
        assert_eq!(
            web_url("https://me.example/about").as_deref(),
            Some("https://me.example/about")
        );
        assert_eq!(
            web_url("http://me.example").as_deref(),
            Some("http://me.example/")
        );
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
            "/about",
            "me.example",
            "https://",
            "mailto:a@b.example",
        ] {
            assert_eq!(web_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn author_emails_must_be_emails() {
        assert_eq!(
            email_address("me@blog.example").as_deref(),
            Some("me@blog.example")
        );
        assert_eq!(
            email_address("MAILTO:me@blog.example").as_deref(),
            Some("me@blog.example")
        );
        for bad in [
            "me",
            "me@",
            "@blog.example",
            "me@localhost",
            "a@b@c.example",
            "a b@c.example",
            "<x>@c.example",
            "me@blog.example\"><script>",
            "javascript:alert(1)//@x.example",
            "me@-x.example",
        ] {
            assert_eq!(email_address(bad), None, "{bad}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_scan_finds_what_the_mapping_lookup_finds() {
        let small = "title: a\ntrue: b\n1: c\n!t tagged: d\n'quoted': e\n\"x.y\": f\n";
        let large: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        for yaml in [small, large.as_str()] {
            let map: Mapping = serde_yaml::from_str(yaml).unwrap();
            for key in [
                "title", "true", "1", "tagged", "quoted", "x.y", "k3", "k39", "missing", "",
            ] {
                assert_eq!(get(&map, key), map.get(key), "{key:?} in {yaml:?}");
            }
        }
    }

    #[test]
    fn image_values_take_the_first_usable_path() {
        let value = |yaml: &str| serde_yaml::from_str::<Value>(yaml).unwrap();
        assert_eq!(
            image_src(&value("[a.png, b.png]")).as_deref(),
            Some("a.png")
        );
        assert_eq!(
            image_src(&value("['', {src: c.png}]")).as_deref(),
            Some("c.png")
        );
        assert_eq!(
            image_src(&value("{path: /d.jpg, alt: x}")).as_deref(),
            Some("/d.jpg")
        );
        assert_eq!(
            image_src(&value("{image: e.webp, hidden: false}")).as_deref(),
            Some("e.webp")
        );
        assert_eq!(image_src(&value("[]")), None);
        assert_eq!(image_src(&value("{hidden: true}")), None);
        assert_eq!(image_src(&value("12")), None);
    }

    #[test]
    fn titles_lose_their_html_but_not_their_comparisons() {
        assert_eq!(
            title_text("Using <code>git</code> &amp; <em>jj</em>"),
            "Using git & jj"
        );
        assert_eq!(title_text("When a < b and c>d"), "When a < b and c>d");
        assert_eq!(title_text("Plain   title"), "Plain title");
        // Regression: percent-escapes in slugs made `%` and `%25` one URL.
        for escaped in ["%25", "%2e%2e", "a%20b", "x%00y"] {
            assert!(check_slug(escaped).is_err(), "{escaped}");
        }
        assert!(check_slug("100%-done").is_ok());
        assert!(check_slug("%").is_ok());
        // Regression: a title of invisible characters or controls is no title.
        assert_eq!(title_text("\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}"), "");
        assert_eq!(title_text("\u{202e}\u{2066}\u{2069} \u{ad}\u{3164}"), "");
        assert_eq!(title_text("\u{1}\u{2}\u{7f}"), "");
        assert_eq!(title_text("Bell\u{7} rings"), "Bell rings");
        // Regression: type parameters and header names are text, not tags.
        assert_eq!(
            title_text("Rust's Vec<T> explained"),
            "Rust's Vec<T> explained"
        );
        assert_eq!(
            title_text("Why <vector> beats <B>lists</b>"),
            "Why <vector> beats lists"
        );
        assert_eq!(
            title_text("A <span class=\"x\">styled</span> word"),
            "A styled word"
        );
    }

    #[test]
    fn jekyll_prefixes_need_a_real_date_and_a_rest() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            jekyll_prefix("2015-05-11-traits"),
            Some((d(2015, 5, 11), "traits"))
        );
        // Zola's form (found in Zola's own test site).
        assert_eq!(
            jekyll_prefix("2016-10-08_a-post-with-dates"),
            Some((d(2016, 10, 8), "a-post-with-dates"))
        );
        assert_eq!(jekyll_prefix("2015-05-11-"), None);
        assert_eq!(jekyll_prefix("2015-05-11_"), None);
        assert_eq!(jekyll_prefix("2015-02-30-x"), None);
        assert_eq!(jekyll_prefix("2015-05-11"), None);
        assert_eq!(jekyll_prefix("2015_05_11-x"), None);
        assert_eq!(jekyll_prefix("ééééééééééééé"), None);
    }

    #[test]
    fn lookup_prefers_literal_keys_at_each_level() {
        let map: Mapping = serde_yaml::from_str(
            "seo:\n  twitter:card: flat\n  twitter:\n    card: nested\na.b: literal\na:\n  b: nested\n",
        )
        .unwrap();
        let get = |path: &str| {
            let mut segments = Vec::new();
            lookup(&map, path, &mut segments).map(|v| (v.as_str().unwrap().to_string(), segments))
        };
        assert_eq!(
            get("seo.twitter:card"),
            Some(("flat".into(), vec!["seo".into(), "twitter:card".into()]))
        );
        assert_eq!(
            get("seo.twitter.card"),
            Some((
                "nested".into(),
                vec!["seo".into(), "twitter".into(), "card".into()]
            ))
        );
        assert_eq!(get("a.b"), Some(("literal".into(), vec!["a.b".into()])));
        assert_eq!(get("seo.nothing"), None);
        assert_eq!(get("."), None);
    }

    /// Parses a post whose front matter is `block` in `format` (`---` or `+++`).
    fn parse_block(fence: &str, block: &str) -> Result<Parsed, Diagnostic> {
        let fields = FieldKeys::default();
        let options = ParseOptions {
            timezone: chrono_tz::Tz::UTC,
            fields: &fields,
            languages: crate::post::Languages::default(),
            lowercase_slugs: false,
        };
        let (title, date) = if fence == "+++" {
            ("title = \"T\"", "date = 2024-01-02")
        } else {
            ("title: T", "date: 2024-01-02")
        };
        let text = format!("{fence}\n{title}\n{date}\n{block}\n{fence}\nBody.\n");
        parse_post(Path::new("posts/x.md"), &text, &options)
    }

    /// What a build does with the post: Some(true) left out as a draft,
    /// Some(false) published, None an error.
    fn drafted(fence: &str, block: &str) -> Option<bool> {
        match parse_block(fence, block) {
            Ok(Parsed::Draft) => Some(true),
            Ok(Parsed::Post(..)) => Some(false),
            Err(_) => None,
        }
    }

    #[test]
    fn draft_spellings_of_jekyll_and_hugo_in_yaml() {
        let yes = [
            "true",
            "True",
            "TRUE",
            "yes",
            "Yes",
            "YES",
            "on",
            "On",
            "ON",
            "y",
            "Y",
            "t",
            "T",
            "1",
            "\"1\"",
            "\"yes\"",
            "'on'",
            "\"t\"",
            "\"TRUE\"",
            "!!bool true",
            " yes ",
        ];
        let no = [
            "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N", "f", "F",
            "0", "\"0\"", "\"no\"", "'off'", "\"f\"",
        ];
        for key in ["draft", "Draft", "DRAFT", "_draft", "archived", "_Archived"] {
            for value in yes {
                assert_eq!(
                    drafted("---", &format!("{key}: {value}")),
                    Some(true),
                    "{key}: {value}"
                );
            }
            for value in no {
                assert_eq!(
                    drafted("---", &format!("{key}: {value}")),
                    Some(false),
                    "{key}: {value}"
                );
            }
        }
        for key in ["published", "Published", "PUBLISHED"] {
            for value in yes {
                assert_eq!(
                    drafted("---", &format!("{key}: {value}")),
                    Some(false),
                    "{key}: {value}"
                );
            }
            for value in no {
                assert_eq!(
                    drafted("---", &format!("{key}: {value}")),
                    Some(true),
                    "{key}: {value}"
                );
            }
        }
    }

    #[test]
    fn draft_spellings_of_hugo_in_toml() {
        let yes = [
            "true", "1", "\"true\"", "\"True\"", "\"t\"", "\"1\"", "\"yes\"", "\"on\"",
        ];
        let no = [
            "false",
            "0",
            "\"false\"",
            "\"F\"",
            "\"0\"",
            "\"no\"",
            "\"off\"",
        ];
        for key in ["draft", "Draft", "DRAFT"] {
            for value in yes {
                assert_eq!(
                    drafted("+++", &format!("{key} = {value}")),
                    Some(true),
                    "{key} = {value}"
                );
            }
            for value in no {
                assert_eq!(
                    drafted("+++", &format!("{key} = {value}")),
                    Some(false),
                    "{key} = {value}"
                );
            }
        }
        assert_eq!(drafted("+++", "published = false"), Some(true));
        assert_eq!(drafted("+++", "published = \"off\""), Some(true));
    }

    #[test]
    fn a_draft_value_that_is_not_yes_or_no_leaves_the_post_out_with_its_line() {
        for block in [
            "draft: maybe",
            "draft: 2",
            "draft: 0.5",
            "draft: [true]",
            "draft:\n  when: later",
            "DRAFT: pending",
            "archived: soon",
            "published: someday",
            "published: 7",
        ] {
            assert_eq!(drafted("---", block), None, "{block}");
        }
        assert_eq!(drafted("+++", "draft = \"perhaps\""), None);
        assert_eq!(drafted("+++", "draft = 1979-05-27"), None);
        let Err(d) = parse_block("---", "Draft: maybe") else {
            panic!("an error")
        };
        assert_eq!((d.line, d.column), (Some(4), Some(1)), "{d}");
        assert!(
            d.message.contains("Draft: \"maybe\" is not a yes/no value"),
            "{d}"
        );
        let Err(d) = parse_block("+++", "draft = \"x\"") else {
            panic!("an error")
        };
        assert_eq!(d.line, Some(4), "{d}");
    }

    #[test]
    fn published_as_a_date_is_a_date_and_as_a_flag_is_a_flag() {
        // `published` holding a date is not a flag: the post is live, dated by it.
        let Ok(Parsed::Post(post, _)) = parse_block("---", "published: 2023-03-04") else {
            panic!("a post")
        };
        assert_eq!(post.published.to_rfc3339(), "2024-01-02T00:00:00+00:00");
        let text = "---\ntitle: T\npublished: 2023-03-04\n---\n";
        let fields = FieldKeys::default();
        let options = ParseOptions {
            timezone: chrono_tz::Tz::UTC,
            fields: &fields,
            languages: crate::post::Languages::default(),
            lowercase_slugs: false,
        };
        let Ok(Parsed::Post(post, _)) = parse_post(Path::new("x.md"), text, &options) else {
            panic!("a post")
        };
        assert_eq!(post.published.to_rfc3339(), "2023-03-04T00:00:00+00:00");
        // `published: yes` is a flag, never a date; the date comes from `date`.
        assert_eq!(drafted("---", "published: yes"), Some(false));
        // Regression: an empty draft key says neither yes nor no, so it fails
        // closed (an error) instead of publishing, as it did.
        for blank in [
            "draft:",
            "draft: \"\"",
            "draft: ~",
            "draft: {}",
            "draft: []",
            "published: \"\"",
        ] {
            assert_eq!(drafted("---", blank), None, "{blank}");
        }
        assert_eq!(drafted("+++", "draft = \"\""), None);
        // A draft merged in with a YAML merge key is a draft.
        assert_eq!(drafted("---", "base: &b {draft: true}\n<<: *b"), Some(true));
        assert_eq!(drafted("---", "<<: {draft: true}"), Some(true));
        // One yes among several spellings is enough.
        assert_eq!(drafted("---", "draft: false\nDraft: on"), Some(true));
    }

    #[test]
    fn card_kinds_are_not_titles() {
        for slip in [
            "summary",
            "Summary",
            " SUMMARY ",
            "summary_large_image",
            "Summary Large Image",
            "summary-large-image",
        ] {
            assert!(is_card_kind(slip), "{slip}");
        }
        for title in ["Summary of the year", "summaryx", "Large image"] {
            assert!(!is_card_kind(title), "{title}");
        }
    }

    #[test]
    fn a_card_kind_or_empty_card_title_falls_back_with_a_warning() {
        for block in [
            "seo:\n  twitter:title: summary",
            "seo:\n  twitter:\n    title: Summary_Large_Image",
            "twitter_title: \"\"",
            "seo:\n  og:title:",
        ] {
            let Ok(Parsed::Post(post, warnings)) = parse_block("---", block) else {
                panic!("a post: {block}")
            };
            assert_eq!(post.card_title, "T", "{block}");
            assert_eq!(warnings.len(), 1, "{block}: {warnings:?}");
            assert!(warnings[0].line.is_some(), "{:?}", warnings[0]);
        }
        // A real social title further down the list still wins.
        let Ok(Parsed::Post(post, warnings)) =
            parse_block("---", "seo:\n  twitter:title: summary\n  og:title: Social")
        else {
            panic!("a post")
        };
        assert_eq!((post.card_title.as_str(), warnings.len()), ("Social", 1));
    }

    #[test]
    fn slugs_must_be_one_url_segment() {
        assert!(check_slug("a-good_slug.v2").is_ok());
        for bad in [
            "", "a/b", "..", "a..b", ".", "a b", "a\u{7}", "a\\b", "a?b", "a#b",
        ] {
            assert!(check_slug(bad).is_err(), "{bad:?}");
        }
    }
}
