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
use super::front_matter::{self, Split};
use super::{Author, CardKind, HeroRef, ParseOptions, Parsed, Post};
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
const CATEGORIES: &[&str] = &["category", "categories", "tags"];
const IMAGE: &[&str] = &[
    "image.src",
    "image",
    "cover.image",
    "cover",
    "hero",
    "featured_image",
    "og_image",
];
const IMAGE_ALT: &[&str] = &["image.alt", "cover.alt", "image_alt", "hero_alt"];
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
    if r.is_draft(&options.fields.draft) {
        return Ok(Parsed::Draft);
    }
    let mut warnings = Vec::new();

    let title = r.title()?;
    let card_title = r.card_title()?.unwrap_or_else(|| title.clone());
    let file = file_slug(path);
    let slug = r.slug(&file)?;
    let published = r.published(&file, options)?;
    let updated = r.optional_date(&r.fields.updated, UPDATED, options)?;
    let created = r.optional_date(&r.fields.created, CREATED, options)?;
    let summary = r.summary(text.get(split.body_offset..).unwrap_or(""))?;
    let categories = match r.find(&r.fields.categories, CATEGORIES, any) {
        Some(found) => r.categories(&found)?,
        None => Vec::new(),
    };
    let hero = r.hero()?;
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
    };
    Ok(Parsed::Post(Box::new(post), warnings))
}

/// One method per field (or group of fields that are read together).
impl Resolver<'_> {
    /// The title: required, whitespace collapsed.
    fn title(&self) -> Result<String, Diagnostic> {
        self.find(&self.fields.title, TITLE, any)
            .map(|f| self.text(&f).map(|t| collapse_whitespace(&t)))
            .transpose()?
            .filter(|t| !t.is_empty())
            .ok_or_else(|| self.missing("title", &self.fields.title, TITLE))
    }

    /// The social title the author asked for, if any.
    fn card_title(&self) -> Result<Option<String>, Diagnostic> {
        Ok(self
            .find(&self.fields.card_title, CARD_TITLE, any)
            .map(|f| self.text(&f).map(|t| collapse_whitespace(&t)))
            .transpose()?
            .filter(|t| !t.is_empty()))
    }

    /// The front matter's `slug`, else the one the file name gives.
    fn slug(&self, file: &FileSlug) -> Result<String, Diagnostic> {
        let explicit = self
            .find(&self.fields.slug, SLUG, any)
            .map(|f| {
                let slug = self.text(&f)?.trim().to_string();
                check_slug(&slug)
                    .map_err(|problem| self.error_at(&f, format!("{slug:?} {problem}")))?;
                Ok::<_, Diagnostic>(slug)
            })
            .transpose()?;
        if let Some(slug) = explicit {
            return Ok(slug);
        }
        check_slug(&file.slug).map_err(|problem| {
            Diagnostic::error(
                self.path,
                format!(
                    "the slug {:?} taken from the file name {problem}; rename the file or set `slug:`",
                    file.slug
                ),
            )
        })?;
        Ok(file.slug.clone())
    }

    /// The publication date: required, from the front matter or a Jekyll
    /// file name.
    fn published(
        &self,
        file: &FileSlug,
        options: &ParseOptions<'_>,
    ) -> Result<DateTime<FixedOffset>, Diagnostic> {
        // `published: false` marks a draft (handled before); `published: true` is not a date.
        let found = self.find(&self.fields.published, PUBLISHED, |key, v| {
            !(key == "published" && matches!(v, Value::Bool(_)))
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
            return Ok(summary_from_markdown(body, SUMMARY_CHARS));
        }
        Ok(summary)
    }

    /// The hero image and its alt text.
    fn hero(&self) -> Result<Option<HeroRef>, Diagnostic> {
        // A mapping under `image` or `cover` is reached by `image.src`/`cover.image`.
        let src = self
            .find(&self.fields.image, IMAGE, |_, v| !v.is_mapping())
            .map(|f| self.text(&f).map(|s| s.trim().to_string()))
            .transpose()?
            .filter(|s| !s.is_empty());
        let Some(src) = src else {
            return Ok(None);
        };
        let alt = self
            .find(&self.fields.image_alt, IMAGE_ALT, any)
            .map(|f| self.text(&f).map(|t| collapse_whitespace(&t)))
            .transpose()?
            .filter(|t| !t.is_empty());
        Ok(Some(HeroRef { src, alt }))
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

/// The value under `path` in `map`: the whole path as one literal key first,
/// then split at each dot into a key and a path inside its nested map.
fn lookup<'v>(map: &'v Mapping, path: &str, segments: &mut Vec<String>) -> Option<&'v Value> {
    if let Some(value) = map.get(path) {
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
        if let Some(Value::Mapping(child)) = map.get(head).map(untag) {
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

/// Whether a value means "yes" (`true`, `"true"`, `"yes"`).
fn is_true(value: &Value) -> bool {
    match untag(value) {
        Value::Bool(b) => *b,
        Value::String(s) => matches!(s.trim().to_ascii_lowercase().as_str(), "true" | "yes"),
        _ => false,
    }
}

/// Whether a value means "no" (`false`, `"false"`, `"no"`).
fn is_false(value: &Value) -> bool {
    match untag(value) {
        Value::Bool(b) => !*b,
        Value::String(s) => matches!(s.trim().to_ascii_lowercase().as_str(), "false" | "no"),
        _ => false,
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

    fn is_draft(&self, extra: &[String]) -> bool {
        let marked = extra
            .iter()
            .map(String::as_str)
            .chain(DRAFT.iter().copied())
            .any(|key| lookup(self.map, key, &mut Vec::new()).is_some_and(is_true));
        marked || self.map.get("published").is_some_and(is_false)
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
    fn categories(&self, found: &Found<'_>) -> Result<Vec<String>, Diagnostic> {
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
        Ok(names)
    }

    /// Authors: a name, a `{name, email, uri|url}` map, or a list of either.
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
                    let email = field(&["email"]);
                    let uri = field(&["uri", "url"]);
                    match field(&["name"]).or_else(|| email.clone()) {
                        Some(name) => Author { name, email, uri },
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
                        email: None,
                        uri: None,
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
            .map(|s| s.to_string_lossy().into_owned())
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

/// `2015-05-11-traits` → (2015-05-11, `traits`), for a real date only.
fn jekyll_prefix(stem: &str) -> Option<(NaiveDate, &str)> {
    let bytes = stem.as_bytes();
    if bytes.len() < 12 || bytes[10] != b'-' {
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
    if slug.contains(char::is_whitespace) {
        return Err("contains whitespace; use `-` between words");
    }
    if slug.contains(char::is_control) {
        return Err("contains a control character");
    }
    if slug.contains(['?', '#']) {
        return Err("contains `?` or `#`, which would end the URL's path");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jekyll_prefixes_need_a_real_date_and_a_rest() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            jekyll_prefix("2015-05-11-traits"),
            Some((d(2015, 5, 11), "traits"))
        );
        assert_eq!(jekyll_prefix("2015-05-11-"), None);
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
