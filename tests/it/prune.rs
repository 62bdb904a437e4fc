//! Publish exactly what the site holds: after any sequence of edits, the
//! output folder equals a fresh build of the same posts into an empty folder,
//! plus the files a person put there by hand. feedcard removes what it wrote
//! before and no longer produces (using its ledger in the state folder), never
//! anything else, and a killed build never loses a current file.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use crate::util::{snapshot, NOW};

/// Every folder under `dir`, relative (an emptied category folder must go too).
fn folders(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                found.push(path.strip_prefix(dir).unwrap().to_path_buf());
                pending.push(path);
            }
        }
    }
    found.sort();
    found
}

fn feedcard(site: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_feedcard"));
    command
        .current_dir(site)
        .args(args)
        .args(["--now", NOW])
        .env("NO_COLOR", "1");
    command
}

fn run(site: &Path, args: &[&str]) -> Output {
    feedcard(site, args).output().expect("feedcard runs")
}

fn run_ok(site: &Path, args: &[&str]) -> String {
    let output = run(site, args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "feedcard {args:?}: {stderr}");
    stderr
}

/// A small site: posts `(stem, front matter lines)`, two heroes.
struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    fn new(config_extra: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("posts")).unwrap();
        fs::create_dir_all(root.join("assets/img")).unwrap();
        for (name, shade) in [("sea.png", 40u8), ("hill.png", 200u8)] {
            let img = image::RgbImage::from_fn(400, 240, |x, y| {
                image::Rgb([shade, (x % 256) as u8, (y % 256) as u8])
            });
            img.save(root.join("assets/img").join(name)).unwrap();
        }
        fs::write(
            root.join("feedcard.toml"),
            format!(
                "[site]\ntitle = \"Tide Tables\"\nbase_url = \"https://tides.example\"\n\
                 [paths]\nposts = \"posts\"\nassets = \"assets\"\nout = \"public\"\n{config_extra}"
            ),
        )
        .unwrap();
        Site { _dir: dir, root }
    }

    fn post(&self, stem: &str, title: &str, date: &str, extra: &str) {
        fs::write(
            self.root.join("posts").join(format!("{stem}.md")),
            format!("---\ntitle: \"{title}\"\ndate: {date}\n{extra}---\nThe body of {title}.\n"),
        )
        .unwrap();
    }

    fn remove(&self, stem: &str) {
        fs::remove_file(self.root.join("posts").join(format!("{stem}.md"))).unwrap();
    }

    fn out(&self) -> PathBuf {
        self.root.join("public")
    }

    /// A fresh build of the same posts and config into an empty folder.
    fn fresh_build(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let copy = tempfile::tempdir().unwrap();
        let site = copy.path().join("site");
        for part in ["posts", "assets", "feedcard.toml"] {
            copy_path(&self.root.join(part), &site.join(part));
        }
        let output = run(&site, &["build"]);
        assert!(
            output.status.code() != Some(2),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        snapshot(&site.join("public"))
    }

    /// Builds (exit 0 or 1) and checks the output folder equals a fresh
    /// build plus `by_hand`.
    fn build_and_compare(&self, by_hand: &BTreeMap<PathBuf, Vec<u8>>, step: &str) -> String {
        let output = run(&self.root, &["build"]);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.code() != Some(2), "{step}: {stderr}");
        let mut expected = self.fresh_build();
        expected.extend(by_hand.clone());
        let actual = snapshot(&self.out());
        let extra: Vec<_> = actual
            .keys()
            .filter(|k| !expected.contains_key(*k))
            .collect();
        let missing: Vec<_> = expected
            .keys()
            .filter(|k| !actual.contains_key(*k))
            .collect();
        assert!(
            extra.is_empty() && missing.is_empty(),
            "{step}: left behind {extra:?}, missing {missing:?}\n{stderr}"
        );
        for (rel, bytes) in &expected {
            assert!(
                actual[rel] == *bytes,
                "{step}: {} differs from a fresh build",
                rel.display()
            );
        }
        stderr
    }
}

fn copy_path(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy_path(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(from, to).unwrap();
    }
}

#[test]
fn after_every_edit_the_output_folder_equals_a_fresh_build_plus_hand_made_files() {
    let site = Site::new("");
    site.post(
        "low-water",
        "Low water",
        "2025-03-01",
        "category: Harbour\nimage: /img/sea.png\n",
    );
    site.post(
        "spring-tide",
        "Spring tide",
        "2025-03-02",
        "categories: [Harbour, Moon]\n",
    );
    site.post(
        "neap-tide",
        "Neap tide",
        "2025-03-03",
        "category: Moon\nimage: /img/hill.png\n",
    );
    run_ok(&site.root, &["build"]);
    let by_hand: BTreeMap<PathBuf, Vec<u8>> = [
        ("robots.txt", b"User-agent: *\n".as_slice()),
        ("blog/logo.svg", b"<svg/>".as_slice()),
        ("blog/cards/hand-drawn.png", b"not ours".as_slice()),
    ]
    .into_iter()
    .map(|(rel, bytes)| (PathBuf::from(rel), bytes.to_vec()))
    .collect();
    for (rel, bytes) in &by_hand {
        fs::create_dir_all(site.out().join(rel).parent().unwrap()).unwrap();
        fs::write(site.out().join(rel), bytes).unwrap();
    }
    assert!(
        !site.out().join(".feedcard-cache.json").exists()
            && !site.out().join(".feedcard.lock").exists(),
        "no state in the output folder"
    );

    site.post(
        "slack-water",
        "Slack water",
        "2025-03-04",
        "category: Currents\n",
    );
    site.build_and_compare(&by_hand, "add a post in a new category");

    site.remove("spring-tide");
    let stderr = site.build_and_compare(&by_hand, "delete a post");
    assert!(stderr.contains("2 files removed"), "{stderr}");

    site.post(
        "neap-tide",
        "Neap tide, revised",
        "2025-03-03",
        "category: Moon\nimage: /img/hill.png\n",
    );
    site.build_and_compare(&by_hand, "retitle a post");

    site.post(
        "low-water",
        "Low water",
        "2025-03-01",
        "category: Harbour\nimage: /img/sea.png\ndraft: true\n",
    );
    site.build_and_compare(&by_hand, "retract a post to draft");
    assert!(!site.out().join("blog/cards/low-water.png").exists());
    assert!(!site.out().join("blog/meta/low-water.html").exists());
    assert!(
        !site.out().join("blog/harbour").exists(),
        "the emptied category's folder goes too: {:?}",
        folders(&site.out())
    );

    site.post(
        "slack-water",
        "Slack water",
        "2025-03-04",
        "category: Streams\n",
    );
    site.build_and_compare(&by_hand, "rename a category");
    assert!(!site.out().join("blog/currents").exists());

    let config = fs::read_to_string(site.root.join("feedcard.toml")).unwrap();
    fs::write(
        site.root.join("feedcard.toml"),
        format!("{config}[cards]\nfile_name = \"{{slug}}.{{hash8}}.png\"\n"),
    )
    .unwrap();
    site.build_and_compare(&by_hand, "switch to hash-named cards");
    site.post(
        "neap-tide",
        "Neap tide, revised twice",
        "2025-03-03",
        "category: Moon\nimage: /img/hill.png\n",
    );
    site.build_and_compare(&by_hand, "retitle a hash-named card");
    let cards: Vec<_> = fs::read_dir(site.out().join("blog/cards"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("neap-tide"))
        .collect();
    assert_eq!(
        cards.len(),
        1,
        "one card per post, old hash names gone: {cards:?}"
    );
}

#[test]
fn a_file_feedcard_wrote_but_a_person_changed_is_left_in_place() {
    let site = Site::new("");
    site.post("ebb", "Ebb", "2025-03-01", "");
    site.post("flood", "Flood", "2025-03-02", "");
    run_ok(&site.root, &["build"]);
    let meta = site.out().join("blog/meta/ebb.html");
    fs::write(&meta, "edited by hand").unwrap();
    site.remove("ebb");
    let stderr = run_ok(&site.root, &["build"]);
    assert_eq!(fs::read_to_string(&meta).unwrap(), "edited by hand");
    assert!(
        stderr.contains("was changed since; left in place"),
        "{stderr}"
    );
    assert!(!site.out().join("blog/cards/ebb.png").exists());
}

#[test]
fn r_a_persons_file_where_a_new_output_goes_is_left_alone_with_one_error() {
    let site = Site::new("");
    site.post("ebb", "Ebb", "2025-03-01", "");
    run_ok(&site.root, &["build"]);
    // A person puts a page where the next post's snippet will go.
    let meta = site.out().join("blog/meta/flood.html");
    fs::write(&meta, "my own page").unwrap();
    site.post("flood", "Flood", "2025-03-02", "");
    let output = run(&site.root, &["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(fs::read_to_string(&meta).unwrap(), "my own page");
    assert_eq!(
        stderr.matches("not written by feedcard").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("flood.html"), "{stderr}");
    // Everything else of the new post is built.
    assert!(site.out().join("blog/cards/flood.png").exists());
    let rss = fs::read_to_string(site.out().join("blog/rss.xml")).unwrap();
    assert!(rss.contains("Flood"), "{rss}");
    // Once the person moves the file away, the next build writes it.
    fs::remove_file(&meta).unwrap();
    run_ok(&site.root, &["build"]);
    assert!(fs::read_to_string(&meta).unwrap().contains("Flood"));
}

#[test]
fn a_first_build_takes_over_files_at_its_paths_and_says_so_once() {
    let site = Site::new("");
    site.post("ebb", "Ebb", "2025-03-01", "");
    fs::create_dir_all(site.out().join("blog")).unwrap();
    fs::write(site.out().join("blog/rss.xml"), "another generator's feed").unwrap();
    fs::write(site.out().join("index.html"), "home").unwrap();
    let stderr = run_ok(&site.root, &["build"]);
    assert_eq!(
        stderr
            .matches("1 file already in the output folder")
            .count(),
        1,
        "{stderr}"
    );
    let rss = fs::read_to_string(site.out().join("blog/rss.xml")).unwrap();
    assert!(rss.contains("Ebb"), "{rss}");
    assert_eq!(
        fs::read_to_string(site.out().join("index.html")).unwrap(),
        "home"
    );
    // From then on the feed is feedcard's: no warning, no refusal.
    site.post("flood", "Flood", "2025-03-02", "");
    let stderr = run_ok(&site.root, &["build"]);
    assert!(!stderr.contains("already in the output folder"), "{stderr}");
}

#[test]
fn r_two_sites_cannot_build_into_one_output_folder_at_once() {
    let first = Site::new("");
    first.post("ebb", "Ebb", "2025-03-01", "");
    let second = Site::new("");
    second.post("flood", "Flood", "2025-03-02", "");
    // The second site's config points at the first site's output folder.
    let config = fs::read_to_string(second.root.join("feedcard.toml")).unwrap();
    let shared = first.out();
    fs::create_dir_all(&shared).unwrap();
    fs::write(
        second.root.join("feedcard.toml"),
        config.replace(
            "out = \"public\"",
            &format!("out = {:?}", shared.display().to_string()),
        ),
    )
    .unwrap();
    let lock = fs::File::open(&shared).unwrap();
    lock.lock().unwrap();
    let output = run(&second.root, &["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("another"), "{stderr}");
    assert_eq!(fs::read_dir(&shared).unwrap().count(), 0);
}

#[test]
fn no_cards_keeps_current_cards_and_removes_a_deleted_posts_card() {
    let site = Site::new("");
    site.post("ebb", "Ebb", "2025-03-01", "image: /img/sea.png\n");
    site.post("flood", "Flood", "2025-03-02", "");
    run_ok(&site.root, &["build"]);
    let card = fs::read(site.out().join("blog/cards/flood.png")).unwrap();
    site.remove("ebb");
    run_ok(&site.root, &["build", "--no-cards"]);
    assert_eq!(
        fs::read(site.out().join("blog/cards/flood.png")).unwrap(),
        card
    );
    assert!(!site.out().join("blog/cards/ebb.png").exists());
    let feed = fs::read_to_string(site.out().join("blog/rss.xml")).unwrap();
    assert!(
        feed.contains("cards/flood.png"),
        "the current card is still linked"
    );
}

#[test]
fn dry_run_lists_what_would_be_written_and_removed_and_touches_nothing() {
    let site = Site::new("");
    site.post("ebb", "Ebb", "2025-03-01", "category: Tides\n");
    site.post("flood", "Flood", "2025-03-02", "");
    run_ok(&site.root, &["build"]);
    let before = snapshot(&site.out());
    let state_before = snapshot(&site.root.join(".feedcard"));
    site.remove("ebb");
    site.post("flood", "Flood, later", "2025-03-02", "");
    let output = run(&site.root, &["build", "--dry-run"]);
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    for line in [
        "remove blog/meta/ebb.html",
        "remove blog/cards/ebb.png",
        "remove blog/tides/rss.xml",
        "write  blog/cards/flood.png",
        "write  blog/rss.xml",
    ] {
        assert!(stdout.lines().any(|l| l == line), "{line:?} in\n{stdout}");
    }
    assert!(
        !stdout.contains("blog/tides/feed.json\nwrite"),
        "removals come after writes"
    );
    assert_eq!(snapshot(&site.out()), before, "a dry run writes nothing");
    assert_eq!(snapshot(&site.root.join(".feedcard")), state_before);
}

#[test]
fn state_left_in_the_output_folder_by_older_versions_is_taken_over_and_removed() {
    let site = Site::new("");
    site.post("ebb", "Ebb", "2025-03-01", "");
    run_ok(&site.root, &["build"]);
    // What an older version left: its cache and lock in the output folder,
    // and a card it drew for a post since deleted.
    let state = fs::read_dir(site.root.join(".feedcard/outputs"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let cache = fs::read_to_string(state.join("cards.json")).unwrap();
    let old_cache = cache
        .replace("\"ebb\"", "\"gone\"")
        .replace("ebb.png", "gone.png");
    fs::remove_dir_all(site.root.join(".feedcard")).unwrap();
    fs::write(site.out().join(".feedcard-cache.json"), old_cache).unwrap();
    fs::write(site.out().join(".feedcard.lock"), "").unwrap();
    fs::copy(
        site.out().join("blog/cards/ebb.png"),
        site.out().join("blog/cards/gone.png"),
    )
    .unwrap();

    run_ok(&site.root, &["build"]);
    assert!(!site.out().join(".feedcard-cache.json").exists());
    assert!(!site.out().join(".feedcard.lock").exists());
    assert!(
        !site.out().join("blog/cards/gone.png").exists(),
        "a card the old cache listed is feedcard's and goes"
    );
    assert!(site.out().join("blog/cards/ebb.png").exists());
}

#[cfg(unix)]
#[test]
fn a_symlink_in_the_output_folder_leading_outside_is_never_written_through() {
    let site = Site::new("");
    site.post("ebb", "Ebb", "2025-03-01", "");
    site.post("flood", "Flood", "2025-03-02", "");
    let outside = tempfile::tempdir().unwrap();
    fs::create_dir_all(site.out().join("blog")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.out().join("blog/meta")).unwrap();

    let output = run(&site.root, &["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("symlink leading outside the output folder"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("symlink leading outside").count(),
        2,
        "one error per post: {stderr}"
    );
    assert!(
        fs::read_dir(outside.path()).unwrap().next().is_none(),
        "nothing written outside"
    );
    assert!(
        site.out().join("blog/rss.xml").exists(),
        "the rest is built"
    );
    assert!(site.out().join("blog/cards/ebb.png").exists());
}

#[cfg(unix)]
#[test]
fn r_symlinks_planted_in_the_state_folder_are_never_written_through() {
    let site = Site::new("");
    site.post("ebb", "Ebb", "2025-03-01", "");
    run(&site.root, &["build"]);
    let outputs = site.root.join(".feedcard/outputs");
    let state = fs::read_dir(&outputs)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let outside = tempfile::tempdir().unwrap();
    let precious = outside.path().join("important.txt");
    fs::write(&precious, "IMPORTANT DATA\n").unwrap();
    for name in ["journal", "lock"] {
        let link = state.join(name);
        fs::remove_file(&link).unwrap();
        std::os::unix::fs::symlink(&precious, &link).unwrap();
        let output = run(&site.root, &["build"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_ne!(output.status.code(), Some(0), "{name}: {stderr}");
        assert!(stderr.contains("is a symlink"), "{name}: {stderr}");
        assert_eq!(
            fs::read_to_string(&precious).unwrap(),
            "IMPORTANT DATA\n",
            "{name}"
        );
        fs::remove_file(&link).unwrap();
    }
    // With the links gone, the build goes on as before.
    assert_eq!(run(&site.root, &["build"]).status.code(), Some(0));
}

#[test]
fn the_state_folder_may_not_be_inside_the_output_folder() {
    let site = Site::new("state = \"public/.state\"\n");
    site.post("ebb", "Ebb", "2025-03-01", "");
    let output = run(&site.root, &["build"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("paths.state"));
}

/// Kills builds that prune hundreds of files at moments spread over the run:
/// after each kill every file a fresh build of the new posts produces and the
/// previous build had too is still there (old or new version, whole), and a
/// normal build afterwards leaves exactly the fresh build.
#[test]
fn a_build_killed_while_pruning_never_loses_a_current_file() {
    const POSTS: usize = 240;
    let site = Site::new("");
    for i in 0..POSTS {
        site.post(
            &format!("p{i:03}"),
            &format!("Tide {i}"),
            &format!("2025-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            &format!("category: c{}\n", i % 40),
        );
    }
    let start = std::time::Instant::now();
    run_ok(&site.root, &["build"]);
    let full = start.elapsed();
    let previous = snapshot(&site.out());
    // Delete most posts: the next build removes hundreds of files.
    for i in (0..POSTS).filter(|i| i % 4 != 0) {
        site.remove(&format!("p{i:03}"));
    }
    let fresh = site.fresh_build();
    let current: Vec<&PathBuf> = fresh.keys().filter(|k| previous.contains_key(*k)).collect();
    assert!(current.len() > 100);

    for i in 0..12u32 {
        let mut child = feedcard(&site.root, &["build"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full.mul_f64(f64::from(i) / 10.0) + Duration::from_millis(2));
        child.kill().ok();
        child.wait().unwrap();
        let now = snapshot(&site.out());
        for rel in &current {
            assert!(
                now.contains_key(*rel),
                "kill {i}: {} was lost",
                rel.display()
            );
        }
        for (rel, bytes) in &now {
            let name = rel.file_name().unwrap().to_string_lossy();
            if name.starts_with(".feedcard-tmp-") {
                continue;
            }
            assert!(
                fresh.get(rel) == Some(bytes) || previous.get(rel) == Some(bytes),
                "kill {i}: {} is neither version",
                rel.display()
            );
        }
    }
    run_ok(&site.root, &["build"]);
    assert_eq!(snapshot(&site.out()), fresh, "after a normal build");
}
