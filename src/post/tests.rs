//! Tests of [`parse`]: front matter text → `Post`, with invented posts.

use std::path::Path;

use chrono_tz::Tz;

use super::*;
use crate::error::Severity;

fn opts(fields: &FieldKeys) -> ParseOptions<'_> {
    ParseOptions {
        timezone: Tz::UTC,
        fields,
        languages: Languages::default(),
        lowercase_slugs: false,
    }
}

/// Parses `text` as `posts/<name>` with default options; panics unless it is a post.
fn post_named(name: &str, text: &str) -> Post {
    post_with(name, text, &FieldKeys::default())
}

fn post_with(name: &str, text: &str, fields: &FieldKeys) -> Post {
    let path = Path::new("posts").join(name);
    match parse(&path, text, &opts(fields)) {
        Ok(Parsed::Post(post, _)) => *post,
        Ok(Parsed::Draft) => panic!("draft"),
        Err(d) => panic!("{d}"),
    }
}

fn post(text: &str) -> Post {
    post_named("x.md", text)
}

fn warnings(text: &str) -> Vec<Diagnostic> {
    match parse(Path::new("posts/x.md"), text, &opts(&FieldKeys::default())) {
        Ok(Parsed::Post(_, warnings)) => warnings,
        other => panic!("{other:?}"),
    }
}

fn error(text: &str) -> String {
    error_named("x.md", text)
}

fn error_named(name: &str, text: &str) -> String {
    let path = Path::new("posts").join(name);
    match parse(&path, text, &opts(&FieldKeys::default())) {
        Err(d) => {
            assert_eq!(d.severity, Severity::Error);
            d.to_string()
        }
        Ok(other) => panic!("expected an error, got {other:?}"),
    }
}

fn is_draft(text: &str, fields: &FieldKeys) -> bool {
    matches!(
        parse(Path::new("posts/x.md"), text, &opts(fields)),
        Ok(Parsed::Draft)
    )
}

/// A post with a title and date, plus `extra` front matter lines.
fn with(extra: &str) -> String {
    format!("---\ntitle: T\ndate: 2024-01-02\n{extra}---\nFirst paragraph of the body.\n")
}

fn date(text: &str) -> DateTime<FixedOffset> {
    parse_date(text, Tz::UTC).expect("test date")
}

// --- the reference shape -------------------------------------------------

#[test]
fn reads_the_reference_front_matter() {
    let text = "---\ntitle: The Year in Review\ncreated-on: 2024-12-18T10:00:00.000Z\nupdated-on: 2024-12-20T08:15:00.000Z\npublished-on: 2024-12-19T20:33:00.000Z\ncategory: ecosystem\ndescription: A look back at a busy\n  year of building.\nimage:\n  src: /assets/images/review.webp\n  alt: A chart going up\nseo:\n  twitter:\n    card: summary\n  description: Another description.\n---\n\nBody text here.\n";
    let p = post_named("the-year-in-review.md", text);
    assert_eq!(p.source, Path::new("posts/the-year-in-review.md"));
    assert_eq!(p.slug, "the-year-in-review");
    assert_eq!(p.title, "The Year in Review");
    assert_eq!(p.card_title, "The Year in Review");
    assert_eq!(p.published, date("2024-12-19T20:33:00Z"));
    assert_eq!(p.updated, date("2024-12-20T08:15:00Z"));
    assert_eq!(p.created, Some(date("2024-12-18T10:00:00Z")));
    assert_eq!(p.summary, "A look back at a busy year of building.");
    assert_eq!(p.categories, ["ecosystem"]);
    assert_eq!(
        p.hero,
        Some(HeroRef {
            src: "/assets/images/review.webp".into(),
            alt: Some("A chart going up".into()),
            focus: None,
            kind: None
        })
    );
    assert_eq!(p.card_kind, Some(CardKind::Summary));
    assert!(p.authors.is_empty());
    assert!(!p.draft);
    assert_eq!(&text[p.body_offset..], "\nBody text here.\n");
}

// --- title ---------------------------------------------------------------

#[test]
fn title_is_trimmed_and_whitespace_collapsed() {
    let p = post("---\ntitle: \"  A   spaced \\t title  \"\ndate: 2024-01-02\n---\n");
    assert_eq!(p.title, "A spaced title");
}

#[test]
fn scalar_titles_are_stringified() {
    assert_eq!(
        post("---\ntitle: 2024\ndate: 2024-01-02\n---\n").title,
        "2024"
    );
    assert_eq!(
        post("---\ntitle: 3.5\ndate: 2024-01-02\n---\n").title,
        "3.5"
    );
    assert_eq!(
        post("---\ntitle: true\ndate: 2024-01-02\n---\n").title,
        "true"
    );
}

#[test]
fn missing_or_blank_title_is_an_error() {
    let e = error("---\ndate: 2024-01-02\n---\n");
    assert!(e.starts_with("posts/x.md:1:1: error: missing title"), "{e}");
    // A key that is there but blank is pointed at.
    for text in [
        "---\ntitle:\ndate: 2024-01-02\n---\n",
        "---\ntitle: null\ndate: 2024-01-02\n---\n",
        "---\ntitle: \"   \"\ndate: 2024-01-02\n---\n",
    ] {
        let e = error(text);
        assert!(
            e.starts_with("posts/x.md:2:1: error: missing title: `title` is empty"),
            "{text:?}: {e}"
        );
    }
}

#[test]
fn a_title_of_the_wrong_shape_names_the_key_and_line() {
    let e = error("---\ndate: 2024-01-02\ntitle:\n  text: nested\n---\n");
    assert_eq!(
        e,
        "posts/x.md:3:1: error: title: expected text, found a mapping"
    );
    let e = error("---\ndate: 2024-01-02\ntitle: [a, b]\n---\n");
    assert!(e.ends_with("title: expected text, found a list"), "{e}");
}

#[test]
fn very_long_titles_are_fine() {
    let long = "word ".repeat(2_000);
    let p = post(&format!("---\ntitle: {long}\ndate: 2024-01-02\n---\n"));
    assert_eq!(p.title.len(), long.trim_end().len());
}

#[test]
fn card_title_comes_from_the_social_title() {
    let p = post(&with("seo:\n  twitter:\n    title: Nested\n"));
    assert_eq!(p.card_title, "Nested");
    let p = post(&with("seo:\n  twitter:title: Colon\n  og:title: Og\n"));
    assert_eq!(p.card_title, "Colon");
    let p = post(&with("seo:\n  og:title: Og\n"));
    assert_eq!(p.card_title, "Og");
    let p = post(&with("twitter_title: Flat\n"));
    assert_eq!(p.card_title, "Flat");
    let p = post(&with("seo:\n  title: Not a social title\n"));
    assert_eq!(p.card_title, "T");
}

// --- dates ---------------------------------------------------------------

#[test]
fn published_aliases_first_found_wins() {
    for (key, value) in [
        ("published-on", "2020-01-01T00:00:00Z"),
        ("date", "2020-01-01"),
        ("published", "2020-01-01"),
        ("pubDate", "Wed, 01 Jan 2020 00:00:00 +0000"),
        ("pubdate", "2020-01-01 00:00"),
    ] {
        let p = post(&format!("---\ntitle: T\n{key}: {value}\n---\n"));
        assert_eq!(p.published, date("2020-01-01T00:00:00Z"), "{key}");
    }
    // Listed order decides, not file order.
    let p = post("---\ntitle: T\ndate: 2021-01-01\npublished-on: 2022-02-02\n---\n");
    assert_eq!(p.published, date("2022-02-02"));
}

#[test]
fn published_true_is_not_a_date() {
    let p = post("---\ntitle: T\npublished: true\ndate: 2021-01-01\n---\n");
    assert_eq!(p.published, date("2021-01-01"));
}

#[test]
fn missing_date_names_the_keys_looked_for() {
    let e = error("---\ntitle: T\n---\n");
    assert_eq!(
        e,
        "posts/x.md:1:1: error: missing publication date: none of `published-on`, `date`, `published`, `pubDate`, `pubdate` is set"
    );
}

#[test]
fn impossible_date_names_file_line_key_and_value() {
    let e = error("---\ntitle: T\npublished-on: 2024-02-30\n---\n");
    assert_eq!(
        e,
        "posts/x.md:3:1: error: published-on: \"2024-02-30\" is not a date (expected e.g. 2024-12-19, 2024-12-19T20:33:00Z)"
    );
    // Blank lines before the block move the line.
    let e = error("\n\n---\ntitle: T\ndate: yesterday\n---\n");
    assert!(
        e.starts_with("posts/x.md:5:1: error: date: \"yesterday\" is not a date"),
        "{e}"
    );
    let e = error(&with("updated-on: 2024-13-01\n"));
    assert!(e.starts_with("posts/x.md:4:1: error: updated-on:"), "{e}");
    let e = error(&with("created-on: 12\n"));
    assert!(e.contains("created-on: \"12\" is not a date"), "{e}");
    let e = error("---\ntitle: T\ndate: [2024-01-01]\n---\n");
    assert!(e.contains("date: a list is not a date"), "{e}");
}

#[test]
fn updated_defaults_to_published_and_is_kept_when_earlier() {
    let p = post(&with(""));
    assert_eq!(p.updated, p.published);
    assert_eq!(p.created, None);
    for key in [
        "updated-on",
        "updated",
        "lastmod",
        "modified",
        "last_modified_at",
    ] {
        let p = post(&with(&format!("{key}: 2023-06-01\n")));
        assert_eq!(p.updated, date("2023-06-01"), "{key}");
        assert!(p.updated < p.published);
    }
}

#[test]
fn naive_dates_use_the_site_time_zone() {
    let fields = FieldKeys::default();
    let options = ParseOptions {
        timezone: "America/New_York".parse().unwrap(),
        fields: &fields,
        languages: Languages::default(),
        lowercase_slugs: false,
    };
    let text = "---\ntitle: T\ndate: 2024-07-04 09:30\nupdated: 2024-07-05T00:00:00Z\n---\n";
    let Ok(Parsed::Post(p, _)) = parse(Path::new("x.md"), text, &options) else {
        panic!()
    };
    assert_eq!(p.published.to_rfc3339(), "2024-07-04T09:30:00-04:00");
    assert_eq!(p.updated.to_rfc3339(), "2024-07-05T00:00:00+00:00");
}

#[test]
fn yaml_timestamps_and_quoted_dates_parse_alike() {
    let a = post("---\ntitle: T\ndate: 2023-04-21T07:26:07.722Z\n---\n");
    let b = post("---\ntitle: T\ndate: \"2023-04-21T07:26:07.722Z\"\n---\n");
    assert_eq!(a.published, b.published);
}

// --- summary -------------------------------------------------------------

#[test]
fn summary_aliases_first_found_wins() {
    for key in ["description", "summary", "excerpt", "f_description"] {
        let p = post(&with(&format!("{key}: \"  From {key}  \"\n")));
        assert_eq!(p.summary, format!("From {key}"));
    }
    let p = post(&with("seo:\n  description: From seo\n"));
    assert_eq!(p.summary, "From seo");
    let p = post(&with("summary: Second\ndescription: First\n"));
    assert_eq!(p.summary, "First");
}

#[test]
fn null_or_empty_summary_falls_through_to_the_next_key() {
    let p = post(&with("description: null\nseo:\n  description: From seo\n"));
    assert_eq!(p.summary, "From seo");
    let p = post(&with("description: \"\"\nsummary: From summary\n"));
    assert_eq!(p.summary, "From summary");
}

#[test]
fn summary_falls_back_to_the_body() {
    let p = post(&with("description: \"   \"\n"));
    assert_eq!(p.summary, "First paragraph of the body.");
    let body = format!("# Heading\n\n{}\n", "lorem ipsum ".repeat(60));
    let p = post(&format!("---\ntitle: T\ndate: 2024-01-02\n---\n{body}"));
    assert!(p.summary.ends_with('…'), "{}", p.summary);
    assert!(p.summary.chars().count() <= 300);
    assert!(p.summary.starts_with("lorem ipsum lorem"));
}

// --- categories ----------------------------------------------------------

#[test]
fn categories_from_every_alias_shape() {
    let p = post(&with("category: \" News, and views \"\n"));
    assert_eq!(p.categories, ["News, and views"]);
    let p = post(&with("categories: [b, a, b, \" \", 7]\n"));
    assert_eq!(p.categories, ["b", "a", "7"]);
    let p = post(&with("tags: \"rust, web ,, rust\"\n"));
    assert_eq!(p.categories, ["rust", "web"]);
    let p = post(&with("tags:\n  - one\n  - two\n"));
    assert_eq!(p.categories, ["one", "two"]);
    let p = post(&with("category: \"\"\ntags: [x]\n"));
    assert_eq!(p.categories, ["x"]);
    let p = post(&with(""));
    assert!(p.categories.is_empty());
    let e = error(&with("tags:\n  a: b\n"));
    assert!(
        e.starts_with("posts/x.md:4:1: error: tags: expected"),
        "{e}"
    );
}

// --- hero ----------------------------------------------------------------

#[test]
fn hero_from_every_alias() {
    for (extra, src) in [
        ("image:\n  src: a.png\n", "a.png"),
        ("image: b.png\n", "b.png"),
        ("cover:\n  image: c.png\n", "c.png"),
        ("cover: d.png\n", "d.png"),
        ("hero: e.png\n", "e.png"),
        ("featured_image: f.png\n", "f.png"),
        ("og_image: g.png\n", "g.png"),
    ] {
        let p = post(&with(extra));
        assert_eq!(p.hero.map(|h| h.src).as_deref(), Some(src), "{extra}");
    }
}

#[test]
fn hero_alt_and_empty_values() {
    let p = post(&with(
        "image:\n  src:\n  alt: Ignored\ncover: c.png\nhero_alt: Alt\n",
    ));
    assert_eq!(
        p.hero,
        Some(HeroRef {
            src: "c.png".into(),
            alt: Some("Ignored".into()),
            focus: None,
            kind: None
        })
    );
    let p = post(&with(
        "image:\n  src: a.png\n  alt:\ncover:\n  alt: From cover\n",
    ));
    assert_eq!(p.hero.unwrap().alt.as_deref(), Some("From cover"));
    let p = post(&with("image:\n  src: a.png\n  alt: null\n"));
    assert_eq!(p.hero.unwrap().alt, None);
    let p = post(&with("image:\n  src: \"\"\n"));
    assert_eq!(p.hero, None);
    let p = post(&with("image_alt: Alone\n"));
    assert_eq!(p.hero, None);
}

// --- card kind -----------------------------------------------------------

#[test]
fn card_kind_nested_colon_and_flat_keys() {
    let p = post(&with("seo:\n  twitter:\n    card: summary\n"));
    assert_eq!(p.card_kind, Some(CardKind::Summary));
    let p = post(&with("seo:\n  twitter:card: summary_large_image\n"));
    assert_eq!(p.card_kind, Some(CardKind::SummaryLargeImage));
    let p = post(&with("twitter_card: summary\n"));
    assert_eq!(p.card_kind, Some(CardKind::Summary));
    let p = post(&with("twitter:card: summary\n"));
    assert_eq!(p.card_kind, Some(CardKind::Summary));
    // The nested form is listed first.
    let p = post(&with(
        "seo:\n  twitter:card: summary_large_image\n  twitter:\n    card: summary\n",
    ));
    assert_eq!(p.card_kind, Some(CardKind::Summary));
    assert_eq!(post(&with("")).card_kind, None);
}

#[test]
fn unknown_card_kind_is_a_warning_with_its_line() {
    let text = with("seo:\n  twitter:\n    card: player\n");
    assert_eq!(post(&text).card_kind, None);
    let w = warnings(&text);
    assert_eq!(w.len(), 1);
    assert_eq!(
        w[0].to_string(),
        "posts/x.md:6:5: warning: seo.twitter.card: unknown card kind \"player\" (expected summary or summary_large_image); using the site default"
    );
}

// --- slug ----------------------------------------------------------------

#[test]
fn slug_from_front_matter_or_file_name() {
    assert_eq!(post(&with("slug: custom-one\n")).slug, "custom-one");
    assert_eq!(post_named("plain.md", &with("")).slug, "plain");
    assert_eq!(
        post_named("my-bundle/index.md", &with("")).slug,
        "my-bundle"
    );
    assert_eq!(post_named("sec/_index.markdown", &with("")).slug, "sec");
    assert_eq!(post_named("2015-05-11-traits.md", &with("")).slug, "traits");
    // Found on the Hugo Stack theme's demo: a bundle folder named like a title.
    assert_eq!(
        post_named("Markdown  Syntax/index.md", &with("")).slug,
        "markdown-syntax"
    );
    assert_eq!(
        post_named("Case-Kept/index.md", &with("")).slug,
        "Case-Kept"
    );
}

#[test]
fn jekyll_file_names_give_the_date_when_the_front_matter_has_none() {
    let p = post_named("2015-05-11-traits.md", "---\ntitle: T\n---\n");
    assert_eq!(p.published, date("2015-05-11T00:00:00Z"));
    let fields = FieldKeys::default();
    let options = ParseOptions {
        timezone: "Asia/Tokyo".parse().unwrap(),
        fields: &fields,
        languages: Languages::default(),
        lowercase_slugs: false,
    };
    let Ok(Parsed::Post(p, _)) = parse(
        Path::new("posts/2015-05-11-traits.md"),
        "---\ntitle: T\n---\n",
        &options,
    ) else {
        panic!()
    };
    assert_eq!(p.published.to_rfc3339(), "2015-05-11T00:00:00+09:00");
    // The front matter's date wins.
    let p = post_named("2015-05-11-traits.md", &with(""));
    assert_eq!(p.published, date("2024-01-02"));
    // Not a real date: not a Jekyll name.
    assert_eq!(
        post_named("2015-02-30-x.md", &with("")).slug,
        "2015-02-30-x"
    );
}

#[test]
fn unsafe_slugs_are_errors() {
    for bad in ["a/b", "../up", "has space", "\"tab\\there\""] {
        let e = error(&with(&format!("slug: {bad}\n")));
        assert!(e.starts_with("posts/x.md:4:1: error: "), "{bad}: {e}");
    }
    let e = error_named("my post.md", &with(""));
    assert!(e.contains("taken from the file name"), "{e}");
}

// --- authors -------------------------------------------------------------

#[test]
fn authors_in_every_shape() {
    let a = |name: &str| Author {
        name: name.into(),
        ..Author::default()
    };
    assert_eq!(post(&with("author: Ada\n")).authors, [a("Ada")]);
    assert_eq!(
        post(&with("authors: [Ada, Grace, Ada]\n")).authors,
        [a("Ada"), a("Grace")]
    );
    let p = post(&with(
        "author:\n  name: Ada\n  email: ada@example.org\n  url: https://ada.example\n",
    ));
    assert_eq!(
        p.authors,
        [Author {
            name: "Ada".into(),
            email: Some("ada@example.org".into()),
            uri: Some("https://ada.example/".into()),
            ..Author::default()
        }]
    );
    let p = post(&with(
        "authors:\n  - name: Ada\n    uri: https://a.example\n  - Grace\n",
    ));
    assert_eq!(p.authors.len(), 2);
    assert_eq!(p.authors[0].uri.as_deref(), Some("https://a.example/"));
    let text = with("author:\n  twitter: ada\n");
    assert!(post(&text).authors.is_empty());
    assert_eq!(warnings(&text).len(), 1);
}

// --- drafts --------------------------------------------------------------

#[test]
fn drafts_are_recognised() {
    let none = FieldKeys::default();
    for marker in [
        "draft: true",
        "published: false",
        "archived: true",
        "_draft: true",
        "_archived: true",
        "draft: \"true\"",
    ] {
        assert!(is_draft(&with(&format!("{marker}\n")), &none), "{marker}");
    }
    assert!(!is_draft(&with("draft: false\n_archived: false\n"), &none));
    // A draft need not be complete.
    assert!(is_draft("---\ndraft: true\n---\n", &none));
    let custom = FieldKeys {
        draft: vec!["status.hidden".into()],
        ..FieldKeys::default()
    };
    assert!(is_draft(&with("status:\n  hidden: true\n"), &custom));
}

// --- [fields] ------------------------------------------------------------

#[test]
fn config_keys_are_tried_before_the_built_in_ones() {
    let fields = FieldKeys {
        title: vec!["name".into()],
        summary: vec!["post-summary".into()],
        image: vec!["main-image.url".into()],
        published: vec!["go-live".into()],
        categories: vec!["topic".into()],
        card: vec!["social.kind".into()],
        slug: vec!["permalink-name".into()],
        author: vec!["writer".into()],
        card_title: vec!["social.title".into()],
        updated: vec!["changed".into()],
        created: vec!["born".into()],
        image_alt: vec!["main-image.alt".into()],
        lang: Vec::new(),
        draft: vec![],
    };
    let text = "---\ntitle: Built-in\nname: From config\npost-summary: Config summary\ndescription: Built-in summary\nmain-image:\n  url: /m.png\n  alt: M\nimage: /i.png\ngo-live: 2020-05-05\ndate: 2021-01-01\ntopic: cfg\ncategory: builtin\nsocial:\n  kind: summary\n  title: Social\nseo:\n  twitter:\n    card: summary_large_image\npermalink-name: cfg-slug\nwriter: Config Writer\nchanged: 2020-06-06\nborn: 2020-04-04\n---\n";
    let p = post_with("x.md", text, &fields);
    assert_eq!(p.title, "From config");
    assert_eq!(p.summary, "Config summary");
    assert_eq!(
        p.hero,
        Some(HeroRef {
            src: "/m.png".into(),
            alt: Some("M".into()),
            focus: None,
            kind: None
        })
    );
    assert_eq!(p.published, date("2020-05-05"));
    assert_eq!(p.updated, date("2020-06-06"));
    assert_eq!(p.created, Some(date("2020-04-04")));
    assert_eq!(p.categories, ["cfg"]);
    assert_eq!(p.card_kind, Some(CardKind::Summary));
    assert_eq!(p.card_title, "Social");
    assert_eq!(p.slug, "cfg-slug");
    assert_eq!(p.authors[0].name, "Config Writer");
    // Absent config keys fall back to the built-in ones.
    let p = post_with("x.md", &with(""), &fields);
    assert_eq!(p.title, "T");
    // The missing-field message lists the config keys first.
    let path = Path::new("x.md");
    let e = parse(path, "---\ntitle: T\n---\n", &opts(&fields)).unwrap_err();
    assert!(
        e.message.contains("none of `go-live`, `published-on`"),
        "{e}"
    );
}

// --- syntax --------------------------------------------------------------

#[test]
fn toml_front_matter() {
    let text = "+++\ntitle = \"Toml post\"\ndate = 2024-03-04T05:06:07Z\ntags = [\"a\", \"b\"]\n[image]\nsrc = \"h.png\"\n[seo.twitter]\ncard = \"summary\"\n+++\nBody.\n";
    let p = post(text);
    assert_eq!(p.title, "Toml post");
    assert_eq!(p.published, date("2024-03-04T05:06:07Z"));
    assert_eq!(p.categories, ["a", "b"]);
    assert_eq!(p.hero.unwrap().src, "h.png");
    assert_eq!(p.card_kind, Some(CardKind::Summary));
    assert_eq!(&text[p.body_offset..], "Body.\n");
    let local = post("+++\ntitle = \"T\"\ndate = 2024-03-04\n+++\n");
    assert_eq!(local.published, date("2024-03-04"));
    let e = error("+++\ntitle = \"T\"\ndate = \"soon\"\n+++\n");
    assert!(
        e.starts_with("posts/x.md:3:1: error: date: \"soon\""),
        "{e}"
    );
}

#[test]
fn crlf_and_blank_lines_before_the_front_matter() {
    let text = "\r\n\r\n---\r\ntitle: Windows\r\ndate: 2024-01-02\r\n---\r\nBody\r\n";
    let p = post(text);
    assert_eq!(p.title, "Windows");
    assert_eq!(&text[p.body_offset..], "Body\r\n");
    assert_eq!(p.summary, "Body");
    let e = error("\r\n---\r\ntitle: T\r\ndate: nope\r\n---\r\n");
    assert!(e.starts_with("posts/x.md:4:1:"), "{e}");
}

#[test]
fn yaml_syntax_error_is_reported_at_the_file_line() {
    // Line 5 of the file holds the tab (line 4 of the block).
    let e = error("---\ntitle: T\ndate: 2024-01-02\nseo:\n\tcard: x\n---\n");
    assert!(e.starts_with("posts/x.md:5:1: error: YAML syntax: "), "{e}");
    let e = error("---\ntitle: T\ntags: [a\ndate: 2024-01-02\n---\n");
    assert!(e.contains("error: YAML syntax: "), "{e}");
    assert!(!e.contains("Error {"), "{e}");
    let e = error("---\ntitle: T\ntitle: U\n---\n");
    assert!(e.starts_with("posts/x.md:3:"), "{e}");
}

#[test]
fn yaml_syntax_error_on_line_four_says_four() {
    let e = error("---\ntitle: T\ndate: 2024-01-02\ndescription: \"unclosed\n---\n");
    let d = parse(
        Path::new("posts/x.md"),
        "---\ntitle: T\ndate: 2024-01-02\nbad: : :\n---\n",
        &opts(&FieldKeys::default()),
    )
    .unwrap_err();
    assert_eq!(d.line, Some(4), "{d}");
    assert!(e.contains("YAML syntax"), "{e}");
}

#[test]
fn missing_front_matter_is_an_error_naming_the_file() {
    assert!(error("Just text\n").starts_with("posts/x.md:1:1: error: no front matter"));
    assert!(error("").starts_with("posts/x.md: error: the file is empty"));
    assert!(error("---\ntitle: T\n")
        .starts_with("posts/x.md:1:1: error: the front matter opened here is never closed"));
}

#[test]
fn tagged_values_are_read_through() {
    let p = post("---\ntitle: !custom Tagged\ndate: !ts 2024-01-02\n---\n");
    assert_eq!(p.title, "Tagged");
}

#[test]
fn never_panics_on_odd_inputs() {
    let inputs = [
        "---".to_string(),
        "---\n".to_string(),
        "---\n---".to_string(),
        "+++\n+++\n".to_string(),
        "---\n: :\n---\n".to_string(),
        "---\n[1, 2]\n---\n".to_string(),
        "---\nnull\n---\n".to_string(),
        "---\ntitle: é\ndate: é\n---\né".to_string(),
        "---\n? [a, b]\n: c\ntitle: T\ndate: 2024-01-01\n---\n".to_string(),
        format!(
            "---\ntitle: {}\ndate: 2024-01-01\n---\n",
            "x".repeat(10_000)
        ),
        format!(
            "---\ntitle: T\ndate: 2024-01-01\n---\n{}",
            "* ".repeat(5_000)
        ),
        "---\na: &a [*a]\n---\n".to_string(),
        "---\n\u{0}\n---\n".to_string(),
        "\u{feff}---\ntitle: T\n---\n".to_string(),
    ];
    for text in &inputs {
        let _ = parse(Path::new("p.md"), text, &opts(&FieldKeys::default()));
    }
}

#[test]
fn r_slugs_follow_a_generator_that_lowercases_urls() {
    let fields = FieldKeys::default();
    let lowercase = ParseOptions {
        lowercase_slugs: true,
        ..opts(&fields)
    };
    let slug = |name: &str, text: &str, options: &ParseOptions<'_>| match parse(
        &Path::new("posts").join(name),
        text,
        options,
    ) {
        Ok(Parsed::Post(post, _)) => post.slug,
        other => panic!("{other:?}"),
    };
    let plain = "---\ntitle: T\ndate: 2025-01-01\n---\n";
    // Hugo, Zola, Astro: `My Post.md` is the page `/my-post/`.
    assert_eq!(slug("My Post.md", plain, &lowercase), "my-post");
    assert_eq!(slug("Rust-Tips/index.md", plain, &lowercase), "rust-tips");
    let explicit = "---\ntitle: T\ndate: 2025-01-01\nslug: Hello World\n---\n";
    assert_eq!(slug("x.md", explicit, &lowercase), "hello-world");
    // Jekyll and plain sites keep the name as written.
    assert_eq!(slug("My-Post.md", plain, &opts(&fields)), "My-Post");
}

// --- author avatars ------------------------------------------------------

#[test]
fn an_author_avatar_is_read_under_each_common_spelling() {
    let avatar = |text: &str| post(text).authors[0].avatar.clone();
    for key in ["avatar", "image", "picture"] {
        assert_eq!(
            avatar(&with(&format!(
                "author:\n  name: Ada\n  {key}: /img/ada.png\n"
            ))),
            Some("/img/ada.png".into()),
            "{key}"
        );
    }
    // A hero-like mapping, and a list of authors each with their own.
    assert_eq!(
        avatar(&with("author:\n  name: Ada\n  image:\n    src: ada.jpg\n")),
        Some("ada.jpg".into())
    );
    let p = post(&with(
        "authors:\n  - name: Ada\n    avatar: a.png\n  - name: Grace\n",
    ));
    assert_eq!(p.authors[0].avatar.as_deref(), Some("a.png"));
    assert_eq!(p.authors[1].avatar, None);
    // A name alone or a blank avatar has none.
    assert_eq!(avatar(&with("author: Ada\n")), None);
    assert_eq!(
        avatar(&with("author:\n  name: Ada\n  avatar: \"  \"\n")),
        None
    );
}

#[test]
fn a_toml_author_avatar_is_read() {
    let p = post(
        "+++\ntitle = \"T\"\ndate = 2024-03-04\n[author]\nname = \"Ada\"\npicture = \"/me.webp\"\n+++\nBody.\n",
    );
    assert_eq!(p.authors[0].name, "Ada");
    assert_eq!(p.authors[0].avatar.as_deref(), Some("/me.webp"));
    let p = post(
        "+++\ntitle = \"T\"\ndate = 2024-03-04\n[[authors]]\nname = \"Ada\"\navatar = \"a.png\"\n+++\n",
    );
    assert_eq!(p.authors[0].avatar.as_deref(), Some("a.png"));
}
