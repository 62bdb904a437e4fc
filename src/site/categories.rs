//! Which feed folder each category name gets.
//!
//! A category's folder is its slug, so names that fold to one slug would
//! share one feed. Two kinds of sameness are told apart:
//!
//! - names that differ only in case or spacing ("How-To", "how to",
//!   "How_to") are one category: one folder, titled with the spelling most
//!   posts use;
//! - names that differ in anything else are different categories. `+` and a
//!   `#` after a letter carry meaning in names (C++, C#, F#, Notepad++), so
//!   they are spelled out in the slug (`c-plus-plus`, `c-sharp`) and "C",
//!   "C++" and "C#" never meet. Names that still fold to one folder ("Rust &
//!   Go", "Rust Go") are a real collision: the name with the fewest symbols
//!   keeps the folder, the others get a suffix made from their own name (so
//!   it does not move when other categories come and go), reported once.
//!
//! A folder name is also bounded in length (see
//! [`crate::common::bounded_file_stem`]), and the number of category feeds a
//! site can have is capped, so no set of posts can make feedcard write an
//! unbounded number of feeds.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::{bounded_file_stem, short_hash};
use crate::error::Diagnostic;
use crate::post::Post;

/// Most category feeds one site gets (each is written in every feed format
/// and language). Categories with the most posts are kept.
pub const MAX_CATEGORY_FEEDS: usize = 5_000;

/// One category and the posts in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// The spelling most of its posts use (ties: the first in sort order).
    pub name: String,
    /// Every spelling its posts use ("How-To", "How-to").
    pub spellings: BTreeSet<String>,
    /// Indices into [`super::Site::posts`], in site order.
    pub posts: Vec<usize>,
}

/// What one spelling-insensitive name collected while the posts were read.
#[derive(Default)]
struct Gathered {
    /// Spelling → how many posts use it.
    spellings: BTreeMap<String, usize>,
    posts: Vec<usize>,
}

/// Groups the posts' categories into folders (slug → category). Collisions
/// and the cap are reported in `diagnostics`, once each.
pub(super) fn group(
    posts: &[Post],
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Category> {
    let gathered = gather(posts);
    let mut by_folder: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (identity, names) in &gathered {
        let folder = folder_of(identity);
        if folder.is_empty() {
            diagnostics.push(nameless_warning(
                &into_category(names).name,
                &posts[names.posts[0]],
            ));
        } else {
            by_folder.entry(folder).or_default().push(identity);
        }
    }

    let mut categories = BTreeMap::new();
    for (folder, identities) in &by_folder {
        for (slug, identity) in assign(folder, identities, &by_folder) {
            categories.insert(slug, into_category(&gathered[identity]));
        }
        if identities.len() > 1 {
            diagnostics.push(collision_warning(folder, identities, &gathered, posts));
        }
    }
    cap(categories, posts, diagnostics)
}

/// Every category name in the posts, keyed by [`identity`], in site order.
fn gather(posts: &[Post]) -> BTreeMap<String, Gathered> {
    let mut gathered: BTreeMap<String, Gathered> = BTreeMap::new();
    for (index, post) in posts.iter().enumerate() {
        for name in &post.categories {
            let entry = gathered.entry(identity(name)).or_default();
            *entry.spellings.entry(name.clone()).or_default() += 1;
            if entry.posts.last() != Some(&index) {
                entry.posts.push(index);
            }
        }
    }
    gathered
}

/// What makes two names one category: the name in lower case with runs of
/// spaces, `-` and `_` as one `-`.
fn identity(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    let mut gap = false;
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() || c == '-' || c == '_' {
            gap = true;
            continue;
        }
        if gap && !key.is_empty() {
            key.push('-');
        }
        gap = false;
        key.push(c);
    }
    key
}

/// The folder a name asks for: its slug with meaningful symbols spelled out,
/// bounded in length. Empty for a name of symbols only ("!!").
fn folder_of(identity: &str) -> String {
    bounded_file_stem(&super::slugify(&spell_symbols(identity)))
}

/// `+` → ` plus `, `#` after a letter or digit → ` sharp ` (a `#` before a
/// word is a hashtag and folds away like other punctuation).
fn spell_symbols(name: &str) -> String {
    let mut spelled = String::with_capacity(name.len() + 8);
    let mut after_word = false;
    for c in name.chars() {
        match c {
            '+' => spelled.push_str(" plus "),
            '#' if after_word => spelled.push_str(" sharp "),
            c => spelled.push(c),
        }
        after_word = c.is_alphanumeric() || (c == '#' && after_word);
    }
    spelled
}

/// The slug of each name that asks for `folder`: with one name, the folder
/// itself; with several, the one with the fewest symbols keeps it (ties: the
/// first in sort order) and each other gets `{folder}-{hash of its name}`,
/// stepped past any folder another name already owns.
fn assign<'a>(
    folder: &str,
    identities: &[&'a str],
    taken: &BTreeMap<String, Vec<&str>>,
) -> Vec<(String, &'a str)> {
    let symbols = |name: &str| {
        name.chars()
            .filter(|c| !c.is_alphanumeric() && *c != '-')
            .count()
    };
    let keeper = identities
        .iter()
        .min_by_key(|name| (symbols(name), **name))
        .copied()
        .unwrap_or_default();
    identities
        .iter()
        .map(|&name| {
            if name == keeper {
                return (folder.to_string(), name);
            }
            let mut slug = format!("{folder}-{}", short_hash(name));
            while taken.contains_key(&slug) {
                slug = format!("{slug}-{}", short_hash(&slug));
            }
            (slug, name)
        })
        .collect()
}

fn into_category(gathered: &Gathered) -> Category {
    let name = gathered
        .spellings
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(spelling, _)| spelling.clone())
        .unwrap_or_default();
    Category {
        name,
        spellings: gathered.spellings.keys().cloned().collect(),
        posts: gathered.posts.clone(),
    }
}

/// One warning for names that collide on one folder, at the first post (in
/// site order) that uses one of them.
fn collision_warning(
    folder: &str,
    identities: &[&str],
    gathered: &BTreeMap<String, Gathered>,
    posts: &[Post],
) -> Diagnostic {
    let first_post = identities
        .iter()
        .filter_map(|name| gathered[*name].posts.first())
        .min()
        .copied()
        .unwrap_or_default();
    let names: Vec<String> = identities
        .iter()
        .map(|name| format!("{:?}", into_category(&gathered[*name]).name))
        .collect();
    Diagnostic::warning(
        &posts[first_post].source,
        format!(
            "the categories {} would share the feed folder `{folder}/`; each gets its own \
             (see the manifest for which); rename one to choose the folders yourself",
            names.join(", ")
        ),
    )
}

/// One warning for a category with no letter or digit ("🎉", "!!!"): there
/// is nothing to name its feed folder after.
fn nameless_warning(name: &str, first_post: &Post) -> Diagnostic {
    Diagnostic::warning(
        &first_post.source,
        format!(
            "the category {name:?} has no letter or digit to name a feed folder after; \
             it stays on its posts but gets no feed"
        ),
    )
}

/// Keeps at most [`MAX_CATEGORY_FEEDS`] categories, those with the most posts
/// (ties: by slug); one warning, at the first post of the first dropped one.
fn cap(
    categories: BTreeMap<String, Category>,
    posts: &[Post],
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Category> {
    if categories.len() <= MAX_CATEGORY_FEEDS {
        return categories;
    }
    let total = categories.len();
    let mut ranked: Vec<(String, Category)> = categories.into_iter().collect();
    ranked.sort_by(|a, b| {
        b.1.posts
            .len()
            .cmp(&a.1.posts.len())
            .then_with(|| a.0.cmp(&b.0))
    });
    let dropped = ranked.split_off(MAX_CATEGORY_FEEDS);
    let (_, first) = &dropped[0];
    diagnostics.push(Diagnostic::warning(
        &posts[first.posts[0]].source,
        format!(
            "the site has {total} categories; feeds are written for the {MAX_CATEGORY_FEEDS} with \
             the most posts, and {} (the first: {:?}) get none",
            dropped.len(),
            first.name
        ),
    ));
    ranked.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posts(categories: &[&[&str]]) -> Vec<Post> {
        categories
            .iter()
            .enumerate()
            .map(|(i, names)| Post {
                source: format!("posts/p{i}.md").into(),
                categories: names.iter().map(|n| n.to_string()).collect(),
                ..Post::for_tests(&format!("p{i}"))
            })
            .collect()
    }

    fn folders(categories: &[&[&str]]) -> (BTreeMap<String, String>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let grouped = group(&posts(categories), &mut diagnostics);
        let names = grouped
            .into_iter()
            .map(|(slug, c)| (c.name, slug))
            .collect();
        (names, diagnostics)
    }

    #[test]
    fn c_cpp_and_csharp_get_three_folders_without_a_warning() {
        let (folders, diagnostics) = folders(&[&["C"], &["C++"], &["C#"], &["F#", "#rustlang"]]);
        assert_eq!(folders["C"], "c");
        assert_eq!(folders["C++"], "c-plus-plus");
        assert_eq!(folders["C#"], "c-sharp");
        assert_eq!(folders["F#"], "f-sharp");
        assert_eq!(folders["#rustlang"], "rustlang");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
    }

    #[test]
    fn case_and_spacing_variants_share_a_folder_titled_by_the_most_common() {
        let (folders, diagnostics) = folders(&[&["How-to"], &["How-To"], &["how to"], &["How-To"]]);
        assert_eq!(folders.len(), 1, "{folders:?}");
        assert_eq!(folders["How-To"], "how-to");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
    }

    #[test]
    fn a_real_collision_is_resolved_by_name_and_reported_once() {
        let (first, diagnostics) = folders(&[&["Rust & Go"], &["Rust Go"], &["Rust & Go"]]);
        assert_eq!(first["Rust Go"], "rust-go");
        let other = &first["Rust & Go"];
        assert!(
            other.starts_with("rust-go-") && other.len() == "rust-go-".len() + 8,
            "{other}"
        );
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(
            diagnostics[0]
                .message
                .contains("\"Rust & Go\", \"Rust Go\""),
            "{diagnostics:?}"
        );
        assert_eq!(diagnostics[0].path, std::path::Path::new("posts/p0.md"));

        // The same names in another order, with other categories around,
        // get the same folders.
        let (again, _) = folders(&[&["Zig"], &["Rust Go", "Rust & Go"], &["Ada"]]);
        assert_eq!(again["Rust & Go"], *other);
        assert_eq!(again["Rust Go"], "rust-go");
    }

    #[test]
    fn symbol_only_names_have_no_folder_and_long_names_are_bounded() {
        let long = "word ".repeat(100);
        let (folders, diagnostics) = folders(&[&["!!", &long]]);
        assert_eq!(folders.len(), 1, "{folders:?}");
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(
            diagnostics[0].message.contains("\"!!\" has no letter"),
            "{diagnostics:?}"
        );
        let slug = folders.values().next().unwrap();
        assert!(slug.len() <= crate::common::MAX_FILE_STEM, "{slug}");
    }

    #[test]
    fn the_number_of_category_feeds_is_capped() {
        let names: Vec<String> = (0..MAX_CATEGORY_FEEDS + 3)
            .map(|i| format!("tag{i}"))
            .collect();
        let mut many: Vec<&str> = names.iter().map(String::as_str).collect();
        many.push("popular");
        let mut diagnostics = Vec::new();
        let grouped = group(&posts(&[&many, &["popular"]]), &mut diagnostics);
        assert_eq!(grouped.len(), MAX_CATEGORY_FEEDS);
        assert_eq!(grouped["popular"].posts, vec![0, 1]);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(
            diagnostics[0].message.contains("4 (the first"),
            "{diagnostics:?}"
        );
    }
}
