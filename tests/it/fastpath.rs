//! The no-change fast path (`build.fingerprint` in the state folder): a
//! build with nothing changed reads and writes nothing, and anything that
//! changes the output defeats it. After every step the output folder must
//! equal a fresh build of the same site.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;
use std::time::Duration;

use crate::util::{copy_tree, snapshot, SiteTest};

const JANUARY: &str = "2026-01-01T00:00:00Z";
const JUNE: &str = "2026-06-01T00:00:00Z";

/// Builds at `now` and says whether the fast path answered
/// (`up_to_date` in the JSON summary).
fn build(site: &SiteTest, now: &str) -> bool {
    let run = site.run(&["build", "--now", now, "--message-format", "json"]);
    run.assert_code(0);
    let stdout = String::from_utf8_lossy(&run.output.stdout).into_owned();
    let summary: serde_json::Value = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|v| v["type"] == "summary")
        .unwrap_or_else(|| panic!("no summary in {stdout}"));
    summary["up_to_date"]
        .as_bool()
        .unwrap_or_else(|| panic!("no up_to_date in {summary}"))
}

/// A fresh build of the same posts, templates and config, at `now`.
fn fresh_build(site: &SiteTest, now: &str) -> BTreeMap<PathBuf, Vec<u8>> {
    let copy = tempfile::tempdir().unwrap();
    let root = copy.path().join("site");
    for part in ["posts", "templates", "feedcard.toml"] {
        let from = site.path(part);
        if from.is_dir() {
            copy_tree(&from, &root.join(part));
        } else {
            fs::create_dir_all(&root).unwrap();
            fs::copy(&from, root.join(part)).unwrap();
        }
    }
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_feedcard"))
        .current_dir(&root)
        .args(["build", "--now", now])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    snapshot(&root.join("public"))
}

fn assert_fresh(site: &SiteTest, now: &str, step: &str) {
    let actual = snapshot(&site.path("public"));
    let expected = fresh_build(site, now);
    let keys = |m: &BTreeMap<PathBuf, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&actual), keys(&expected), "{step}: files differ");
    for (rel, bytes) in &expected {
        assert!(actual[rel] == *bytes, "{step}: {} differs", rel.display());
    }
}

/// A file changed less than two seconds before a build is not trusted by its
/// stat (its change could hide within the file system's time resolution), so
/// that build keeps no record; waiting lets the next one keep it.
fn settle() {
    std::thread::sleep(Duration::from_millis(2100));
}

#[test]
fn r_a_due_post_a_config_or_template_edit_and_a_deleted_output_each_defeat_the_fast_path() {
    let site = SiteTest::new("empty");
    site.run(&["init"]).assert_code(0);
    fs::write(
        site.path("posts/low-water.md"),
        "---\ntitle: \"Low water\"\ndate: 2025-12-01\ncategories: [Harbour]\n---\nThe harbour dries.\n",
    )
    .unwrap();
    fs::write(
        site.path("posts/spring-tide.md"),
        "---\ntitle: \"Spring tide\"\ndate: 2026-03-01\ncategories: [Moon]\n---\nHigh water, twice.\n",
    )
    .unwrap();
    settle();

    assert!(!build(&site, JANUARY), "first build");
    assert!(
        build(&site, JANUARY),
        "nothing changed: the fast path answers"
    );
    assert_fresh(&site, JANUARY, "no change");

    // A deleted output file.
    let snippet = snapshot(&site.path("public"))
        .into_keys()
        .find(|rel| rel.to_string_lossy().contains("/meta/"))
        .expect("a meta snippet");
    fs::remove_file(site.path("public").join(&snippet)).unwrap();
    assert!(!build(&site, JANUARY), "a deleted output defeats it");
    assert_fresh(&site, JANUARY, "deleted output");
    assert!(build(&site, JANUARY));

    // The scheduled post falls due.
    assert!(!build(&site, JUNE), "a due scheduled post defeats it");
    assert_fresh(&site, JUNE, "due post");
    assert!(
        snapshot(&site.path("public"))
            .keys()
            .any(|rel| rel.to_string_lossy().contains("spring-tide")),
        "the due post is built"
    );
    assert!(build(&site, JUNE));

    // A config edit.
    let config = fs::read_to_string(site.path("feedcard.toml")).unwrap();
    let edited = config.replacen("title = \"", "title = \"Tidal ", 1);
    assert_ne!(edited, config, "the config has a title");
    fs::write(site.path("feedcard.toml"), edited).unwrap();
    settle();
    assert!(!build(&site, JUNE), "a config edit defeats it");
    assert_fresh(&site, JUNE, "config edit");
    assert!(build(&site, JUNE));

    // A template edit.
    let template = site.path("templates/summary_large_image.toml");
    let text = fs::read_to_string(&template).unwrap();
    let red = text.replacen("color = \"#0B1222\"", "color = \"#FF0000\"", 1);
    assert_ne!(red, text, "the template has the colour this test edits");
    fs::write(&template, red).unwrap();
    settle();
    assert!(!build(&site, JUNE), "a template edit defeats it");
    assert_fresh(&site, JUNE, "template edit");
    assert!(build(&site, JUNE));

    // A post edited right before the build: defeated, and not trusted next
    // time either while its change is that recent.
    fs::write(
        site.path("posts/spring-tide.md"),
        "---\ntitle: \"Spring tides\"\ndate: 2026-03-01\n---\nHigh water.\n",
    )
    .unwrap();
    assert!(!build(&site, JUNE), "a post edit defeats it");
    assert_fresh(&site, JUNE, "post edit");
}
