//! Keyed outputs (`outputs.keys` in the state folder): after a small edit
//! a build renders only the outputs whose inputs changed. Whatever it skips,
//! the output folder must equal a fresh build, and a file it did not need to
//! change keeps its inode and modification time.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::util::{copy_tree, snapshot, SiteTest};

/// Each output's identity on disk: a file renamed into place gets a new
/// inode, so an unchanged identity means it was not rewritten.
fn identities(dir: &Path) -> BTreeMap<PathBuf, (u64, SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    snapshot(dir)
        .into_keys()
        .map(|rel| {
            let meta = fs::metadata(dir.join(&rel)).unwrap();
            (rel, (meta.ino(), meta.modified().unwrap()))
        })
        .collect()
}

/// The outputs rewritten (or created) since `before`.
fn rewritten(site: &SiteTest, before: &BTreeMap<PathBuf, (u64, SystemTime)>) -> BTreeSet<String> {
    identities(&site.path("public"))
        .into_iter()
        .filter(|(rel, id)| before.get(rel) != Some(id))
        .map(|(rel, _)| rel.to_string_lossy().replace('\\', "/"))
        .collect()
}

fn build(site: &SiteTest) {
    site.run(&["build", "--no-cards"]).assert_code(0);
}

fn assert_fresh(site: &SiteTest, step: &str) {
    let copy = tempfile::tempdir().unwrap();
    let root = copy.path().join("site");
    copy_tree(&site.path("posts"), &root.join("posts"));
    fs::copy(site.path("feedcard.toml"), root.join("feedcard.toml")).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_feedcard"))
        .current_dir(&root)
        .args(["build", "--no-cards", "--now", crate::util::NOW])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let expected = snapshot(&root.join("public"));
    let actual = snapshot(&site.path("public"));
    let names = |m: &BTreeMap<PathBuf, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&actual), names(&expected), "{step}: files differ");
    for (rel, bytes) in &expected {
        assert!(actual[rel] == *bytes, "{step}: {} differs", rel.display());
    }
}

fn post(category: &str, title: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: 2025-12-01\ncategories: [{category}]\n---\n{body}\n")
}

#[test]
fn r_an_edit_rewrites_only_what_depends_on_it_and_the_rest_stays_as_a_fresh_build() {
    let site = SiteTest::new("empty");
    fs::create_dir_all(site.path("posts")).unwrap();
    fs::write(
        site.path("feedcard.toml"),
        "[site]\ntitle = \"Tides\"\nbase_url = \"https://tides.example\"\n\
         [paths]\nposts = \"posts\"\nout = \"public\"\n",
    )
    .unwrap();
    fs::write(
        site.path("posts/ebb.md"),
        post("Harbour", "Ebb", "Out it goes."),
    )
    .unwrap();
    fs::write(
        site.path("posts/flood.md"),
        post("Moon", "Flood", "In it comes."),
    )
    .unwrap();
    fs::write(
        site.path("posts/slack.md"),
        post("Harbour", "Slack", "Still."),
    )
    .unwrap();
    let meta = |slug: &str| format!("blog/meta/{slug}.html");
    build(&site);
    assert_fresh(&site, "first build");
    let all = identities(&site.path("public"));
    assert!(
        all.contains_key(Path::new(&meta("ebb"))),
        "snippets live at {:?}",
        all.keys().collect::<Vec<_>>()
    );

    // An edited post: its snippet, the listings and the feeds it is in.
    let before = identities(&site.path("public"));
    fs::write(
        site.path("posts/ebb.md"),
        post("Harbour", "Ebb tide", "Out it goes."),
    )
    .unwrap();
    build(&site);
    assert_fresh(&site, "post edit");
    let changed = rewritten(&site, &before);
    assert!(changed.contains(&meta("ebb")), "{changed:?}");
    for untouched in [meta("flood"), meta("slack")] {
        assert!(!changed.contains(&untouched), "{untouched}: {changed:?}");
    }
    assert!(
        changed.iter().all(|rel| !rel.contains("moon")),
        "the Moon feeds do not list the edited post: {changed:?}"
    );
    assert!(
        changed.iter().any(|rel| rel.contains("harbour")),
        "the Harbour feeds do: {changed:?}"
    );

    // Only a touch (same bytes): nothing is rewritten.
    let before = identities(&site.path("public"));
    let text = fs::read(site.path("posts/flood.md")).unwrap();
    fs::write(site.path("posts/flood.md"), text).unwrap();
    build(&site);
    assert_eq!(rewritten(&site, &before), BTreeSet::new());

    // A deleted snippet is written again, and only it.
    fs::remove_file(site.path("public").join(meta("slack"))).unwrap();
    let before = identities(&site.path("public"));
    build(&site);
    assert_fresh(&site, "deleted snippet");
    assert_eq!(rewritten(&site, &before), BTreeSet::from([meta("slack")]));

    // A snippet edited by hand goes back to what the build makes.
    fs::write(site.path("public").join(meta("flood")), "<meta name=x>").unwrap();
    build(&site);
    assert_fresh(&site, "edited snippet");

    // A site-level change (the site's title is in every snippet and feed)
    // re-renders everything that shows it.
    let before = identities(&site.path("public"));
    let config = fs::read_to_string(site.path("feedcard.toml")).unwrap();
    fs::write(
        site.path("feedcard.toml"),
        config.replace("title = \"Tides\"", "title = \"Tide tables\""),
    )
    .unwrap();
    build(&site);
    assert_fresh(&site, "config edit");
    let changed = rewritten(&site, &before);
    for slug in ["ebb", "flood", "slack"] {
        assert!(changed.contains(&meta(slug)), "{slug}: {changed:?}");
    }

    // A new post in a category adds its snippet; the others' stay.
    let before = identities(&site.path("public"));
    fs::write(site.path("posts/neap.md"), post("Moon", "Neap", "Small.")).unwrap();
    build(&site);
    assert_fresh(&site, "new post");
    let changed = rewritten(&site, &before);
    assert!(changed.contains(&meta("neap")), "{changed:?}");
    for untouched in [meta("ebb"), meta("flood"), meta("slack")] {
        assert!(!changed.contains(&untouched), "{untouched}: {changed:?}");
    }
}
