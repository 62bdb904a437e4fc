//! Atom 1.0 (RFC 4287) rendering with the `atom_syndication` crate.
//!
//! - The feed id is the feed's own URL: every feed (site, each category)
//!   gets a distinct id that does not change when posts do. Entry ids are the
//!   post URLs, which the caller keeps canonical.
//! - An empty feed has no newest post to date it by, and the clock must not
//!   reach the output, so its `updated` is a fixed instant,
//!   `2000-01-01T00:00:00+00:00`: deterministic and older than any real
//!   update. Not the Unix epoch: the validator calls any date before 1990
//!   implausible [ImplausibleDate].
//! - The site author is the feed's `<author>`; entries carry authors only
//!   when the post names its own, and inherit the feed's otherwise.
//! - Titles and summaries are text constructs, plain text by default. Text
//!   holding something markup-like (a `<` opening a tag, an `&` starting a
//!   character reference) is written as `type="html"` with the markup escaped
//!   once more, so a title such as "Why `</div>` matters" reads the same and
//!   the validator does not mistake it for undeclared HTML
//!   [ContainsUndeclaredHTML]; "Q&A" or "1 < 2" stay plain text.
//! - Entries should differ in `updated` [DuplicateUpdated], but a CMS that
//!   edits posts in a batch stamps them with one instant. Such ties are
//!   broken by whole milliseconds (see [`distinct_updated`]): no reader shows
//!   the difference, and the oldest entry keeps the instant as written, so a
//!   new post never makes an old one look edited.

use atom_syndication::{
    Category, Content, Entry, Feed, FixedDateTime, Generator, Link, Person, Text, TextType,
    WriteConfig,
};
use chrono::DateTime;

use super::xml::{escape, with_prolog};
use super::{clean_text, FeedItem, FeedMeta};
use crate::post::Author;

pub(super) fn render(meta: &FeedMeta<'_>, items: &[FeedItem<'_>]) -> Vec<u8> {
    let mut links = vec![
        link("alternate", meta.home_url, Some("text/html")),
        link("self", meta.self_url, Some("application/atom+xml")),
    ];
    if let Some(hub) = meta.hub {
        links.push(link("hub", hub, None));
    }
    let author_name = match clean(meta.author) {
        // Person constructs need a non-empty name.
        name if name.trim().is_empty() => clean(meta.title),
        name => name,
    };
    let feed = Feed {
        title: text(meta.title),
        id: clean(meta.self_url),
        updated: meta.updated.unwrap_or_else(empty_feed_updated),
        authors: vec![Person {
            name: author_name,
            email: meta.author_email.map(clean),
            ..Person::default()
        }],
        categories: meta.category.map(category).into_iter().collect(),
        generator: Some(Generator {
            value: "feedcard".to_owned(),
            ..Generator::default()
        }),
        icon: meta.icon.map(clean),
        links,
        subtitle: Some(meta.description)
            .filter(|d| !d.trim().is_empty())
            .map(text),
        entries: items
            .iter()
            .zip(distinct_updated(items))
            .map(|(item, updated)| render_entry(item, updated))
            .collect(),
        lang: Some(clean(meta.language)).filter(|l| !l.is_empty()),
        ..Feed::default()
    };

    let body = feed
        .write_with_config(
            Vec::new(),
            WriteConfig {
                write_document_declaration: false,
                indent_size: Some(2),
            },
        )
        .expect("writing XML into a Vec cannot fail");
    with_prolog(body, meta.stylesheet)
}

fn render_entry(item: &FeedItem<'_>, updated: FixedDateTime) -> Entry {
    let post = item.post;
    let mut links = vec![link("alternate", item.url, Some("text/html"))];
    if let Some(card) = item.card {
        links.push(Link {
            length: Some(card.bytes.to_string()),
            ..link("enclosure", &card.url, Some(card.media_type))
        });
    }
    Entry {
        title: text(&post.title),
        id: clean(item.url),
        updated,
        authors: post.authors.iter().filter_map(person).collect(),
        categories: post.categories.iter().map(|c| category(c)).collect(),
        links,
        published: Some(post.published),
        summary: Some(post.summary.as_str())
            .filter(|s| !s.trim().is_empty())
            // An entry with neither summary nor content has no text at all
            // [MissingTextualContent]; the title is the best summary there is.
            .or_else(|| item.body().is_none().then_some(post.title.as_str()))
            .map(text),
        content: item.body().map(|html| Content {
            value: Some(clean(html)),
            content_type: Some("html".to_owned()),
            ..Content::default()
        }),
        ..Entry::default()
    }
}

/// Each item's `updated`, made distinct within the feed: walking from the
/// oldest item (the last) to the newest, an instant already taken moves one
/// millisecond later until it is free.
fn distinct_updated(items: &[FeedItem<'_>]) -> Vec<FixedDateTime> {
    let mut taken = std::collections::HashSet::with_capacity(items.len());
    let mut instants: Vec<FixedDateTime> = items
        .iter()
        .rev()
        .map(|item| {
            let mut instant = item.post.updated;
            while !taken.insert(instant) {
                instant += chrono::TimeDelta::milliseconds(1);
            }
            instant
        })
        .collect();
    instants.reverse();
    instants
}

/// 2000-01-01T00:00:00Z, the `updated` of an empty feed (see the module doc).
fn empty_feed_updated() -> FixedDateTime {
    DateTime::from_timestamp(946_684_800, 0)
        .expect("2000-01-01 is in range")
        .fixed_offset()
}

fn clean(text: &str) -> String {
    clean_text(text).into_owned()
}

/// A text construct for plain text (see the module doc for the `html` case).
fn text(value: &str) -> Text {
    let value = clean(value);
    if looks_like_markup(&value) {
        Text {
            value: escape(&value),
            r#type: TextType::Html,
            ..Text::default()
        }
    } else {
        Text::plain(value)
    }
}

/// Whether plain text holds something a reader could take for markup: a `<`
/// that opens a tag, comment or declaration (`<div`, `</p`, `<!--`, `<?`), or
/// an `&` that starts a character reference (`&amp;`, `&#38;`, `&#x26;`).
/// Only then is `type="html"` needed; "Q&A" or "1 < 2" stay plain text.
fn looks_like_markup(text: &str) -> bool {
    let opens_tag = text.match_indices('<').any(|(i, _)| {
        text[i + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
    });
    opens_tag
        || text
            .match_indices('&')
            .any(|(i, _)| is_reference(&text[i + 1..]))
}

/// Whether `rest` (what follows an `&`) is `name;`, `#digits;` or `#xhex;`.
fn is_reference(rest: &str) -> bool {
    let Some(end) = rest.find(';') else {
        return false;
    };
    let name = &rest[..end];
    if let Some(number) = name.strip_prefix('#') {
        return match number.strip_prefix(['x', 'X']) {
            Some(hex) => !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()),
            None => !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()),
        };
    }
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

fn person(author: &Author) -> Option<Person> {
    let name = clean(author.name.trim());
    (!name.is_empty()).then(|| Person {
        name,
        email: author.email.as_deref().map(clean),
        uri: author.uri.as_deref().map(clean),
        ..Person::default()
    })
}

fn category(name: &str) -> Category {
    Category {
        term: clean(name),
        ..Category::default()
    }
}

fn link(rel: &str, href: &str, media_type: Option<&str>) -> Link {
    Link {
        href: clean(href),
        rel: rel.to_owned(),
        mime_type: media_type.map(str::to_owned),
        ..Link::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_type_only_for_markup_like_text() {
        for plain in ["Q&A", "1 < 2", "a & b", "x <3", "AT&T"] {
            assert!(!looks_like_markup(plain), "{plain}");
            assert_eq!(text(plain).r#type, TextType::Text, "{plain}");
        }
        for markup in [
            "Why </div> matters",
            "<b>bold</b>",
            "a &amp; b",
            "&#38;",
            "&#x26;",
            "<!-- c -->",
        ] {
            assert!(looks_like_markup(markup), "{markup}");
            assert_eq!(text(markup).r#type, TextType::Html, "{markup}");
        }
    }
}
