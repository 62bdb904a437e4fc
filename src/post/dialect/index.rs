//! The site's post index: what internal references (`ref`, `relref`,
//! `post_url`, `link`, `@/…`) are resolved against.

/// One post, as references may name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// The source file relative to the posts folder, `/`-separated
    /// (`2024/first-light/index.md`).
    pub path: String,
    /// The post's slug.
    pub slug: String,
    /// The post's absolute URL.
    pub url: String,
}

/// Source path / bundle name / slug → URL, built once per site.
#[derive(Debug, Clone, Default)]
pub struct PostIndex {
    /// (normalised path key, slug, URL), in the order given.
    entries: Vec<(String, String, String)>,
}

impl PostIndex {
    /// An index of these posts (give them in site order: the first of two
    /// equally good matches wins).
    pub fn new(entries: impl IntoIterator<Item = IndexEntry>) -> PostIndex {
        PostIndex {
            entries: entries
                .into_iter()
                .map(|e| (path_key(&e.path), e.slug.to_lowercase(), e.url))
                .collect(),
        }
    }

    /// The absolute URL a reference names, `#anchor` kept, or `None`. A
    /// target is matched by its path (with or without the content folder's
    /// prefix, extension or `index.md`), then by its last segment as a
    /// bundle name, file stem or slug. `#anchor` alone is the page itself.
    pub fn resolve(&self, target: &str, page_url: &str) -> Option<String> {
        let target = target.trim().trim_matches(|c| c == '"' || c == '\'');
        let (path, anchor) = match target.find('#') {
            Some(at) => (&target[..at], &target[at..]),
            None => (target, ""),
        };
        let key = path_key(path);
        if key.is_empty() {
            return (!anchor.is_empty() && !page_url.is_empty())
                .then(|| format!("{page_url}{anchor}"));
        }
        let suffix_of = |long: &str, short: &str| {
            long.len() > short.len()
                && long.ends_with(short)
                && long.as_bytes()[long.len() - short.len() - 1] == b'/'
        };
        let last = key.rsplit('/').next().unwrap_or(&key);
        let url = self
            .entries
            .iter()
            .find(|(path, _, _)| *path == key)
            .or_else(|| {
                self.entries
                    .iter()
                    .find(|(path, _, _)| suffix_of(&key, path) || suffix_of(path, &key))
            })
            .or_else(|| {
                self.entries
                    .iter()
                    .find(|(path, slug, _)| slug == last || path.rsplit('/').next() == Some(last))
            })
            .map(|(_, _, url)| url)?;
        Some(format!("{url}{anchor}"))
    }
}

/// A path as references write it, reduced to compare: lowercase, `/`
/// separators, no leading `./`, `/`, `@/` or `../`, no extension, no
/// trailing `index`/`_index` (a bundle is named by its folder).
fn path_key(path: &str) -> String {
    let path = path.trim().replace('\\', "/").to_lowercase();
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." | "@" => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    if let Some(last) = parts.last_mut() {
        for extension in [".md", ".markdown", ".mdx", ".html"] {
            if let Some(stem) = last.strip_suffix(extension) {
                *last = stem;
                break;
            }
        }
    }
    if matches!(parts.last(), Some(&"index") | Some(&"_index")) && parts.len() > 1 {
        parts.pop();
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> PostIndex {
        let entry = |path: &str, slug: &str| IndexEntry {
            path: path.into(),
            slug: slug.into(),
            url: format!("https://x.org/p/{slug}/"),
        };
        PostIndex::new([
            entry("2024/first-light/index.md", "first-light"),
            entry("winter.md", "winter-schedule"),
            entry("2010-07-21-hello.md", "hello"),
        ])
    }

    #[test]
    fn references_resolve_by_path_bundle_stem_slug_and_anchor() {
        let index = index();
        let page = "https://x.org/p/here/";
        for (target, url) in [
            ("2024/first-light/index.md", "https://x.org/p/first-light/"),
            ("/posts/2024/first-light", "https://x.org/p/first-light/"),
            ("first-light", "https://x.org/p/first-light/"),
            (
                "../first-light/index.md#lens",
                "https://x.org/p/first-light/#lens",
            ),
            ("winter.md", "https://x.org/p/winter-schedule/"),
            ("@/posts/winter.md", "https://x.org/p/winter-schedule/"),
            ("winter-schedule", "https://x.org/p/winter-schedule/"),
            ("2010-07-21-hello", "https://x.org/p/hello/"),
            ("#notes", "https://x.org/p/here/#notes"),
        ] {
            assert_eq!(
                index.resolve(target, page).as_deref(),
                Some(url),
                "{target}"
            );
        }
        assert_eq!(index.resolve("nothing-here.md", page), None);
        assert_eq!(index.resolve("", page), None);
    }
}
