//! Arbitrary category names on a few posts: grouping them into feed folders
//! (`site::Site::new`) must never panic, every folder must be one short,
//! non-hidden path segment, names that differ only in case or spacing must
//! share a folder, and the folders must not depend on the order posts come in.
#![no_main]

use std::collections::BTreeMap;
use std::path::Path;

use feedcard::config::FieldKeys;
use feedcard::post::{self, ParseOptions, Parsed, Post};
use feedcard::site::Site;
use libfuzzer_sys::fuzz_target;

/// A post named `n` with these categories, through the real parser.
fn post_with(n: usize, names: &[String], options: &ParseOptions<'_>) -> Option<Post> {
    let list = serde_json::to_string(names).ok()?;
    let text = format!(
        "---\ntitle: Post {n}\ndate: 2024-01-{:02}\ncategories: {list}\n---\nBody.\n",
        n % 28 + 1
    );
    match post::parse(Path::new(&format!("posts/p{n}.md")), &text, options) {
        Ok(Parsed::Post(post, _)) => Some(*post),
        _ => None,
    }
}

/// Slug → spellings, the part of a site the feeds are made from.
fn folders(posts: Vec<Post>) -> BTreeMap<String, Vec<String>> {
    let mut diagnostics = Vec::new();
    let site = Site::new(posts, &mut diagnostics);
    for d in &diagnostics {
        assert!(!d.to_string().contains('\n'), "one-line diagnostics: {d}");
    }
    site.categories
        .into_iter()
        .map(|(slug, c)| (slug, c.spellings.into_iter().collect()))
        .collect()
}

fuzz_target!(|posts: Vec<Vec<String>>| {
    let fields = FieldKeys::default();
    let options = ParseOptions {
        timezone: chrono_tz::Tz::UTC,
        fields: &fields,
        languages: feedcard::post::Languages::default(),
        lowercase_slugs: false,
    };
    let parsed: Vec<Post> = posts
        .iter()
        .take(8)
        .enumerate()
        .filter_map(|(n, names)| post_with(n, names, &options))
        .collect();
    let forward = folders(parsed.clone());
    for (slug, spellings) in &forward {
        assert!(!slug.is_empty() && slug.len() <= 130, "folder {slug:?}");
        assert!(
            !slug.contains(['/', '\\']) && !slug.starts_with('.'),
            "folder {slug:?}"
        );
        assert!(!spellings.is_empty());
    }
    // Case and spacing variants of one name never get two folders.
    let owner: BTreeMap<String, &String> = forward
        .iter()
        .flat_map(|(slug, spellings)| spellings.iter().map(move |s| (s.clone(), slug)))
        .collect();
    for (a, slug_a) in &owner {
        let lower = a.to_lowercase();
        if let Some(slug_b) = owner
            .iter()
            .find(|(b, _)| b.to_lowercase() == lower && *b != a)
            .map(|(_, s)| s)
        {
            assert_eq!(slug_a, slug_b, "{a:?} split from its case variant");
        }
    }
    let mut reversed = parsed;
    reversed.reverse();
    assert_eq!(forward, folders(reversed), "folders depend on post order");
});
