//! RSS 2.0 rendering with the `rss` crate, following the RSS Advisory Board
//! profile as the W3C Feed Validation Service checks it.
//!
//! Choices the validator forces (event names in brackets):
//! - `<author>` must be an email address [InvalidContact], and an item with
//!   both `<author>` and `dc:creator` is flagged [DuplicateItemSemantics].
//!   So an item whose one author has an email gets `<author>email (Name)</author>`;
//!   every other item names its authors with `dc:creator`.
//! - `<description>` is HTML, so the plain-text summary is HTML-escaped
//!   before the XML writer escapes it (a summary mentioning `<script>` must
//!   not become a script [SecurityRisk]).
//! - The crate writes `<description>` and `content:encoded` as CDATA; quick-xml
//!   splits every `]]>` across two sections, so the text round-trips.
//! - Plain-text elements spell `&` and `<` as `&#x26;` and `&#x3C;`
//!   [CharacterData]; see [`hex_char_refs`].
//! - `atom:link rel="self"` [MissingAtomSelfLink]; namespaces are declared only
//!   when used.

use std::collections::BTreeMap;

use rss::extension::dublincore::DublinCoreExtension;
use rss::extension::{Extension, ExtensionMap};
use rss::{Category, Channel, Enclosure, Guid, Image, Item};

use super::xml::{escape, hex_char_refs, rfc822, with_prolog};
use super::{clean_text, FeedItem, FeedMeta};

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const MEDIA_NS: &str = "http://search.yahoo.com/mrss/";

pub(super) fn render(meta: &FeedMeta<'_>, items: &[FeedItem<'_>]) -> Vec<u8> {
    let mut namespaces = BTreeMap::new();
    namespaces.insert("atom".to_owned(), ATOM_NS.to_owned());
    if items.iter().any(|item| item.card.is_some()) {
        namespaces.insert("media".to_owned(), MEDIA_NS.to_owned());
    }

    let mut atom_links = vec![atom_link(
        "self",
        meta.self_url,
        Some("application/rss+xml"),
    )];
    if let Some(hub) = meta.hub {
        atom_links.push(atom_link("hub", hub, None));
    }
    let mut extensions = ExtensionMap::new();
    extensions
        .entry("atom".to_owned())
        .or_default()
        .insert("link".to_owned(), atom_links);

    let title = clean(meta.title);
    let description = match clean(meta.description) {
        // <description> is required and must not be empty.
        d if d.trim().is_empty() => title.clone(),
        d => d,
    };
    let channel = Channel {
        title: title.clone(),
        link: clean(meta.home_url),
        description,
        language: Some(clean(meta.language)).filter(|l| !l.is_empty()),
        managing_editor: meta.author_email.map(|email| contact(email, meta.author)),
        last_build_date: meta.updated.as_ref().map(rfc822),
        categories: meta.category.map(category).into_iter().collect(),
        generator: Some("feedcard".to_owned()),
        image: meta.icon.map(|icon| Image {
            url: clean(icon),
            title,
            link: clean(meta.home_url),
            ..Image::default()
        }),
        items: items.iter().map(|item| render_item(meta, item)).collect(),
        namespaces,
        extensions,
        ..Channel::default()
    };

    let body = channel
        .pretty_write_to(Vec::new(), b' ', 2)
        .expect("writing XML into a Vec cannot fail");
    let body = String::from_utf8(body).expect("the rss crate writes UTF-8 from Strings");
    with_prolog(hex_char_refs(&body).into_bytes(), meta.stylesheet)
}

fn render_item(meta: &FeedMeta<'_>, item: &FeedItem<'_>) -> Item {
    let post = item.post;
    let summary = clean(&post.summary);
    let description = if !summary.trim().is_empty() {
        Some(escape(&summary))
    } else {
        // The profile wants full text in <description> when there is no
        // summary; without either the title stands alone, which RSS allows.
        item.body().map(clean)
    };

    // Authors: the post's own, else the site's (RSS has no inheritance).
    let authors: Vec<(&str, Option<&str>)> = if post.authors.is_empty() {
        vec![(meta.author, meta.author_email)]
    } else {
        post.authors
            .iter()
            .map(|a| (a.name.as_str(), a.email.as_deref()))
            .collect()
    };
    let (author, dublin_core_ext) = match authors.as_slice() {
        [(name, Some(email))] => (Some(contact(email, name)), None),
        _ => {
            let creators: Vec<String> = authors
                .iter()
                .map(|(name, _)| clean(name))
                .filter(|name| !name.trim().is_empty())
                .collect();
            let ext = (!creators.is_empty()).then(|| DublinCoreExtension {
                creators,
                ..DublinCoreExtension::default()
            });
            (None, ext)
        }
    };

    let mut extensions = ExtensionMap::new();
    if let Some(card) = item.card {
        let url = clean(&card.url);
        let media = extensions.entry("media".to_owned()).or_default();
        media.insert(
            "content".to_owned(),
            vec![empty_element(
                "media:content",
                &[
                    ("url", url.clone()),
                    ("type", card.media_type.to_owned()),
                    ("medium", "image".to_owned()),
                    ("fileSize", card.bytes.to_string()),
                    ("width", card.width.to_string()),
                    ("height", card.height.to_string()),
                ],
            )],
        );
        media.insert(
            "thumbnail".to_owned(),
            vec![empty_element(
                "media:thumbnail",
                &[
                    ("url", url),
                    ("width", card.width.to_string()),
                    ("height", card.height.to_string()),
                ],
            )],
        );
    }

    Item {
        title: Some(clean(&post.title)),
        link: Some(clean(item.url)),
        description,
        author,
        categories: post.categories.iter().map(|c| category(c)).collect(),
        enclosure: item.card.map(|card| Enclosure {
            url: clean(&card.url),
            length: card.bytes.to_string(),
            mime_type: card.media_type.to_owned(),
        }),
        guid: Some(Guid {
            value: clean(item.url),
            permalink: true,
        }),
        pub_date: Some(rfc822(&post.published)),
        content: item.body().map(clean),
        extensions,
        dublin_core_ext,
        ..Item::default()
    }
}

fn clean(text: &str) -> String {
    clean_text(text).into_owned()
}

/// `email (Name)`, the form RSS wants for people; bare `email` without a name.
fn contact(email: &str, name: &str) -> String {
    let email = clean(email.trim());
    let name = clean(name.trim());
    if name.is_empty() {
        email
    } else {
        format!("{email} ({name})")
    }
}

fn category(name: &str) -> Category {
    Category {
        name: clean(name),
        domain: None,
    }
}

fn atom_link(rel: &str, href: &str, media_type: Option<&str>) -> Extension {
    let mut attrs = vec![("href", clean(href)), ("rel", rel.to_owned())];
    if let Some(t) = media_type {
        attrs.push(("type", t.to_owned()));
    }
    empty_element("atom:link", &attrs)
}

/// An extension element with attributes only. The crate orders attributes by
/// name (a `BTreeMap`), which keeps the output deterministic.
fn empty_element(name: &str, attrs: &[(&str, String)]) -> Extension {
    Extension {
        name: name.to_owned(),
        // An empty value rather than none: with none, the pretty writer
        // puts the end tag on a line of its own.
        value: Some(String::new()),
        attrs: attrs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
        children: BTreeMap::new(),
    }
}
