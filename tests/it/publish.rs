//! Publish exactly what the site holds: drafts in every spelling stay out,
//! CMS slips never become headlines, distinct categories keep distinct feeds,
//! empty bodies write no empty content, and sub-path sites keep their path.

use std::path::{Path, PathBuf};

use crate::util::{assert_well_formed, read_feed, SiteTest};

/// Every file under `dir`, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The feeds among `files`, parsed by feed-rs (XML ones also checked for
/// well-formedness), with their paths.
fn feeds_in(files: &[PathBuf]) -> Vec<(PathBuf, feed_rs::model::Feed)> {
    files
        .iter()
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            matches!(&*name, "rss.xml" | "atom.xml" | "feed.json")
        })
        .map(|p| {
            let bytes = std::fs::read(p).unwrap();
            if p.extension().is_some_and(|e| e == "xml") {
                assert_well_formed(&bytes);
            }
            (p.clone(), read_feed(&bytes))
        })
        .collect()
}

fn entry_titles(feed: &feed_rs::model::Feed) -> Vec<String> {
    feed.entries
        .iter()
        .map(|e| {
            e.title
                .as_ref()
                .map(|t| t.content.clone())
                .unwrap_or_default()
        })
        .collect()
}

// --- drafts ---------------------------------------------------------------

#[test]
fn drafts_in_every_jekyll_and_hugo_spelling_are_in_no_output() {
    let site = SiteTest::new("publish-drafts");
    let run = site.run(&["build"]);
    // The three posts whose draft key says neither yes nor no are errors.
    run.assert_code(1);
    for (file, line) in [
        ("posts/undecided-yaml.md", 5),
        ("posts/undecided-published.md", 5),
        ("posts/undecided-toml.md", 5),
    ] {
        let at = format!("{file}:{line}:1: error:");
        assert!(run.stderr.contains(&at), "{at} in\n{}", run.stderr);
    }
    assert_eq!(run.stderr.matches("error:").count(), 3, "{}", run.stderr);

    let files = files_under(&site.path("public"));
    let feeds = feeds_in(&files);
    // Site feed plus the two categories that live posts have, three formats each.
    assert_eq!(feeds.len(), 9, "{files:#?}");
    for (path, feed) in &feeds {
        let titles = entry_titles(feed);
        assert!(
            titles.iter().all(|t| !t.contains("Secret")),
            "{}: {titles:?}",
            path.display()
        );
    }
    let site_feed = &feeds
        .iter()
        .find(|(p, _)| p.ends_with("blog/atom.xml"))
        .unwrap()
        .1;
    assert_eq!(
        entry_titles(site_feed),
        [
            "First frost on the brassicas",
            "Bean poles up at last",
            "Forcing the rhubarb"
        ]
    );
    // No card, meta snippet, category folder or manifest entry for any draft.
    for file in &files {
        let name = file.strip_prefix(site.path("public")).unwrap();
        let name = name.to_string_lossy();
        assert!(
            !name.contains("secret") && !name.contains("undecided") && !name.contains("seedlings"),
            "{name}"
        );
        let text = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
        assert!(!text.contains("Secret"), "{name} mentions a draft");
    }
    assert!(site.path("public/blog/cards/bean-poles.png").is_file());
    assert!(site.path("public/blog/meta/rhubarb.html").is_file());
}
