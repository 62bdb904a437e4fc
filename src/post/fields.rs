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
use super::{Author, CardKind, HeroKind, HeroRef, ParseOptions, Parsed, Post};
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
const IMAGE_FOCUS: &[&str] = &["image.focus", "cover.focus", "image_focus"];
const IMAGE_KIND: &[&str] = &["image.kind", "cover.kind", "image_kind"];
const CARD: &[&str] = &[
    "seo.twitter.card",
    "seo.twitter:card",
    "twitter_card",
    "twitter:card",
];
const SLUG: &[&str] = &["slug"];
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
    };
    if r.is_draft(&options.fields.draft) {
        return Ok(Parsed::Draft);
    }
    let fields = options.fields;
    let mut warnings = Vec::new();

    let title = r
        .find(&fields.title, TITLE, any)
        .map(|f| r.text(&f).map(|t| collapse_whitespace(&t)))
        .transpose()?
        .filter(|t| !t.is_empty())
        .ok_or_else(|| r.missing("title", &fields.title, TITLE))?;
    let card_title = r
        .find(&fields.card_title, CARD_TITLE, any)
        .map(|f| r.text(&f).map(|t| collapse_whitespace(&t)))
        .transpose()?
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| title.clone());

    let file = file_slug(path);
    let explicit_slug = r
        .find(&fields.slug, SLUG, any)
        .map(|f| {
            let slug = r.text(&f)?.trim().to_string();
            check_slug(&slug).map_err(|problem| r.error_at(&f, format!("{slug:?} {problem}")))?;
            Ok::<_, Diagnostic>(slug)
        })
        .transpose()?;
    let slug = match explicit_slug {
        Some(slug) => slug,
        None => {
            check_slug(&file.slug).map_err(|problem| {
                Diagnostic::error(
                    path,
                    format!(
                        "the slug {:?} taken from the file name {problem}; rename the file or set `slug:`",
                        file.slug
                    ),
                )
            })?;
            file.slug.clone()
        }
    };

    // `published: false` marks a draft (handled above); `published: true` is not a date.
    let published = match r.find(&fields.published, PUBLISHED, |key, v| {
        !(key == "published" && matches!(v, Value::Bool(_)))
    }) {
        Some(found) => r.date(&found, options)?,
        None => match file.date {
            Some(date) => local_to_fixed(date.and_time(NaiveTime::MIN), options.timezone)
                .ok_or_else(|| {
                    Diagnostic::error(
                        path,
                        format!(
                            "the date {date} in the file name does not exist in the site time zone"
                        ),
                    )
                })?,
            None => return Err(r.missing("publication date", &fields.published, PUBLISHED)),
        },
    };
    let updated = match r.find(&fields.updated, UPDATED, any) {
        Some(found) => r.date(&found, options)?,
        None => published,
    };
    let created = r
        .find(&fields.created, CREATED, any)
        .map(|f| r.date(&f, options))
        .transpose()?;

    let summary = match r.find(&fields.summary, SUMMARY, any) {
        Some(found) => collapse_whitespace(&r.text(&found)?),
        None => String::new(),
    };
    let summary = if summary.is_empty() {
        let body = text.get(split.body_offset..).unwrap_or("");
        summary_from_markdown(body, SUMMARY_CHARS)
    } else {
        summary
    };

    let categories = match r.find(&fields.categories, CATEGORIES, any) {
        Some(found) => r.categories(&found)?,
        None => Vec::new(),
    };

    // A mapping under `image` or `cover` is reached by `image.src`/`cover.image`.
    let hero = r
        .find(&fields.image, IMAGE, |_, v| !v.is_mapping())
        .map(|f| r.text(&f).map(|s| s.trim().to_string()))
        .transpose()?
        .filter(|s| !s.is_empty());
    let hero = match hero {
        Some(src) => {
            let alt = r
                .find(&fields.image_alt, IMAGE_ALT, any)
                .map(|f| r.text(&f).map(|t| collapse_whitespace(&t)))
                .transpose()?
                .filter(|t| !t.is_empty());
            let focus = r.find(&[], IMAGE_FOCUS, any).and_then(|f| {
                hero_focus(f.value)
                    .map_err(|m| warnings.push(r.warning_at(&f, m)))
                    .ok()
            });
            let kind = r
                .find(&[], IMAGE_KIND, any)
                .map(|f| r.text(&f).map(|name| (f, name)))
                .transpose()?
                .and_then(|(f, name)| {
                    let kind = HeroKind::from_name(&name);
                    if kind.is_none() {
                        warnings.push(r.warning_at(
                            &f,
                            format!("{}: unknown image kind {:?} (expected photo or banner); measuring the image instead", f.key, name.trim()),
                        ));
                    }
                    kind
                });
            Some(HeroRef {
                src,
                alt,
                focus,
                kind,
            })
        }
        None => None,
    };

    let card_kind = match r.find(&fields.card, CARD, any) {
        Some(found) => {
            let name = r.text(&found)?;
            let kind = CardKind::from_name(&name);
            if kind.is_none() {
                warnings.push(r.warning_at(
                    &found,
                    format!(
                        "{}: unknown card kind {:?} (expected summary or summary_large_image); using the site default",
                        found.key,
                        name.trim()
                    ),
                ));
            }
            kind
        }
        None => None,
    };

    let authors = match r.find(&fields.author, AUTHOR, any) {
        Some(found) => r.authors(&found, &mut warnings)?,
        None => Vec::new(),
    };

    let post = Post {
        source: path.to_path_buf(),
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
        draft: false,
        body_offset: split.body_offset,
    };
    Ok(Parsed::Post(Box::new(post), warnings))
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
}

/// The slug a file name gives: the stem, or the folder's name for a page
/// bundle's `index.md`/`_index.md`; a Jekyll `YYYY-MM-DD-` prefix is removed
/// and kept as a date.
fn file_slug(path: &Path) -> FileSlug {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
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
        },
        None => FileSlug {
            slug: stem,
            date: None,
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
