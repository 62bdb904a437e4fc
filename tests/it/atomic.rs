//! Atomic output: a build killed at any moment leaves every feed and card
//! either as the previous build wrote it or as the new build writes it, whole
//! and valid; stray temporaries are cleaned up by the next run; two builds
//! never interleave in one output folder.
//!
//! The kill test generates a real-sized site (300 posts, a third with hero
//! images, three categories), builds it (the *previous* version), changes
//! every title (so every feed and card changes), builds a copy unkilled (the
//! *new* version, and the build's duration), then starts `feedcard build
//! --force` again and again and SIGKILLs it at moments spread from 1 ms to the
//! whole duration. After each kill every output file must be byte-identical to
//! its previous or its new version; both versions were checked once to be
//! whole (strict XML, feed-rs, JSON, full PNG decode at the right size).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{assert_well_formed, read_feed, NOW};

const POSTS: usize = 300;
const KILLS: usize = 25;
const CATEGORIES: [&str; 3] = ["harbour", "weather", "fleet"];
const TEMP_PREFIX: &str = ".feedcard-tmp-";

fn feedcard(site: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_feedcard"));
    command
        .current_dir(site)
        .args(args)
        .args(["--now", NOW])
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

fn run_ok(site: &Path, args: &[&str]) -> Duration {
    let start = Instant::now();
    let output = feedcard(site, args).output().expect("feedcard runs");
    let elapsed = start.elapsed();
    assert!(
        output.status.success(),
        "feedcard {args:?}: {:?}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    elapsed
}

fn hero_png(seed: usize) -> Vec<u8> {
    let img = image::RgbImage::from_fn(480, 270, |x, y| {
        let v = (x as usize * 7 + y as usize * 13 + seed * 31) % 256;
        image::Rgb([v as u8, (x % 256) as u8, ((y as usize + seed) % 256) as u8])
    });
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// Writes the site; `version` goes into every title.
fn write_posts(site: &Path, version: &str) {
    let posts = site.join("posts");
    fs::create_dir_all(&posts).unwrap();
    for i in 0..POSTS {
        let category = CATEGORIES[i % CATEGORIES.len()];
        let hero = if i % 3 == 0 {
            format!("image:\n  src: /images/hero-{i}.png\n")
        } else {
            String::new()
        };
        let card = if i % 5 == 0 {
            "seo:\n  twitter:\n    card: summary\n"
        } else {
            ""
        };
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let text = format!(
            "---\ntitle: \"Post {i} of the harbour log, {version}\"\ndate: 2025-{month:02}-{day:02}T{:02}:00:00Z\ncategory: {category}\n{hero}{card}---\n\
             Entry {i}. The tide came in at {} and went out again.\n\n\
             A second paragraph with *emphasis*, a [link](/blog/post-{}) and `code`.\n",
            i % 24,
            i % 12,
            (i + 1) % POSTS
        );
        fs::write(posts.join(format!("post-{i:03}.md")), text).unwrap();
    }
}

fn make_site(root: &Path) -> PathBuf {
    let site = root.join("site");
    fs::create_dir_all(site.join("assets/images")).unwrap();
    fs::write(
        site.join("feedcard.toml"),
        "[site]\ntitle = \"Kill Test Harbour\"\nbase_url = \"https://kill.example\"\n\
         description = \"A real-sized site\"\n\n[paths]\nposts = \"posts\"\nassets = \"assets\"\nout = \"public\"\n\n\
         [feeds]\nlimit = 400\n",
    )
    .unwrap();
    for i in (0..POSTS).step_by(3) {
        fs::write(
            site.join(format!("assets/images/hero-{i}.png")),
            hero_png(i),
        )
        .unwrap();
    }
    write_posts(&site, "first edition");
    site
}

/// Every file under `out` (relative path → bytes), temporaries aside.
fn snapshot(out: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = crate::util::snapshot(out);
    files.retain(|rel, _| {
        !rel.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(TEMP_PREFIX)
    });
    files
}

fn temporaries(out: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![out.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(TEMP_PREFIX)
            {
                found.push(path);
            }
        }
    }
    found
}

/// Checks that one version of the outputs is whole and valid: every feed
/// parses strictly and in feed-rs, every JSON file parses, every card decodes
/// fully at a card size. Returns (feeds, cards) counted.
fn assert_whole(version: &str, files: &BTreeMap<PathBuf, Vec<u8>>) -> (usize, usize) {
    let (mut feeds, mut cards) = (0, 0);
    for (rel, bytes) in files {
        let name = rel.file_name().unwrap().to_string_lossy();
        let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
        match (name.as_ref(), ext) {
            ("rss.xml" | "atom.xml", _) => {
                assert_well_formed(bytes);
                read_feed(bytes);
                feeds += 1;
            }
            ("feed.json", _) => {
                serde_json::from_slice::<serde_json::Value>(bytes)
                    .unwrap_or_else(|e| panic!("{version} {}: {e}", rel.display()));
                read_feed(bytes);
                feeds += 1;
            }
            (_, "json") => {
                serde_json::from_slice::<serde_json::Value>(bytes)
                    .unwrap_or_else(|e| panic!("{version} {}: {e}", rel.display()));
            }
            (_, "png") => {
                let img = image::load_from_memory(bytes)
                    .unwrap_or_else(|e| panic!("{version} {}: {e}", rel.display()));
                assert!(
                    matches!((img.width(), img.height()), (1200, 630) | (800, 800)),
                    "{version} {}: {}x{}",
                    rel.display(),
                    img.width(),
                    img.height()
                );
                // Post cards; the feeds' own cards sit in `_feeds/`.
                if !rel.components().any(|c| c.as_os_str() == "_feeds") {
                    cards += 1;
                }
            }
            _ => {}
        }
    }
    (feeds, cards)
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Kill moments: a few very early ones (config, walk, lock), then spread
/// evenly over the whole build, then one past its end.
fn kill_moments(full: Duration) -> Vec<Duration> {
    let mut moments: Vec<Duration> = [1, 3, 8, 20, 50]
        .iter()
        .map(|&ms| Duration::from_millis(ms))
        .collect();
    let rest = KILLS - moments.len();
    for i in 1..=rest {
        moments.push(full.mul_f64(i as f64 / rest as f64 * 1.05));
    }
    moments
}

#[test]
fn a_build_killed_at_any_moment_leaves_every_output_whole_old_or_new() {
    let dir = tempfile::tempdir().unwrap();
    let site = make_site(dir.path());
    let out = site.join("public");

    run_ok(&site, &["build"]);
    let previous = snapshot(&out);
    let (feeds, cards) = assert_whole("previous", &previous);
    assert!(feeds >= 3 * (1 + CATEGORIES.len()), "feeds: {feeds}");
    assert_eq!(cards, POSTS, "one card per post");

    // The new version: every title changes, so every feed and card does.
    write_posts(&site, "second edition");
    let fresh = dir.path().join("fresh");
    copy_tree(&site, &fresh);
    let duration = run_ok(&fresh, &["build", "--force"]);
    let new = snapshot(&fresh.join("public"));
    assert_whole("new", &new);
    let mut cards_changed = 0;
    for (rel, bytes) in &previous {
        let name = rel.to_string_lossy();
        if name.ends_with(".xml") || name.ends_with("feed.json") {
            assert!(
                new.get(rel) != Some(bytes),
                "{name} must change between versions"
            );
        } else if name.ends_with(".png") && new.get(rel) != Some(bytes) {
            cards_changed += 1;
        }
    }

    let mut report = Vec::new();
    let (mut killed, mut finished_first, mut strays_seen) = (0, 0, 0);
    for (i, moment) in kill_moments(duration).into_iter().enumerate() {
        let mut child = feedcard(&site, &["build", "--force"])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(moment);
        let done_before = child.try_wait().unwrap().is_some();
        child.kill().ok(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        if done_before {
            finished_first += 1;
            assert_eq!(status.code(), Some(0), "kill {i}: the unkilled run failed");
        } else {
            killed += 1;
        }

        let strays = temporaries(&out);
        strays_seen += strays.len();
        let now = snapshot(&out);
        let (mut old_files, mut new_files) = (0, 0);
        for (rel, bytes) in &now {
            if new.get(rel) == Some(bytes) {
                new_files += 1;
            } else if previous.get(rel) == Some(bytes) {
                old_files += 1;
            } else {
                // Say what is wrong with it before failing.
                let whole = std::panic::catch_unwind(|| {
                    assert_whole("killed", &BTreeMap::from([(rel.clone(), bytes.clone())]))
                });
                panic!(
                    "kill {i} at {moment:?}: {} ({} bytes) is neither the previous nor the new \
                     version (whole: {})",
                    rel.display(),
                    bytes.len(),
                    whole.is_ok()
                );
            }
        }
        for rel in previous.keys() {
            assert!(
                now.contains_key(rel),
                "kill {i} at {moment:?}: {} disappeared",
                rel.display()
            );
        }
        report.push(format!(
            "kill {i:2} at {:>7.1} ms: {old_files:3} previous, {new_files:3} new, {:2} stray temporaries{}",
            moment.as_secs_f64() * 1000.0,
            strays.len(),
            if done_before { " (finished before the kill)" } else { "" }
        ));
    }
    eprintln!(
        "unkilled build: {:.0} ms\n{}",
        duration.as_secs_f64() * 1000.0,
        report.join("\n")
    );
    assert!(
        killed >= KILLS / 2,
        "most runs must really be killed ({killed})"
    );

    // A normal build afterwards finishes the job and sweeps the temporaries.
    // Plant one in a deep folder as a killed run on another machine would.
    fs::write(
        out.join("blog/cards").join(format!("{TEMP_PREFIX}planted")),
        b"half",
    )
    .unwrap();
    run_ok(&site, &["build"]);
    assert_eq!(
        temporaries(&out),
        Vec::<PathBuf>::new(),
        "stray temporaries"
    );
    let last = snapshot(&out);
    for (rel, bytes) in &new {
        assert_eq!(
            last.get(rel),
            Some(bytes),
            "{} after the final build",
            rel.display()
        );
    }
    eprintln!(
        "{killed} killed, {finished_first} finished before their kill, \
         {strays_seen} stray temporaries seen after kills, all swept"
    );
    // Checked last so the kill loop runs even while it fails: a card that
    // does not change with its title cannot show which version is on disk.
    assert_eq!(
        cards_changed, POSTS,
        "every card must change when every title does (else old/new cannot be told apart)"
    );
}

#[test]
fn a_second_build_into_a_locked_folder_fails_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let site = make_site(dir.path());
    let out = site.join("public");
    // A first build makes the state folder; then hold its lock the way a
    // running build does (flock on the lock file beside the ledger).
    run_ok(&site, &["build"]);
    fs::remove_dir_all(&out).unwrap();
    let state = fs::read_dir(site.join(".feedcard/outputs"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let lock = fs::File::options()
        .write(true)
        .open(state.join("lock"))
        .unwrap();
    lock.try_lock().expect("the test takes the lock");
    let output = feedcard(&site, &["build"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("another feedcard build is writing to this folder"),
        "{stderr}"
    );
    assert!(
        !out.join("blog").exists(),
        "nothing is written while the lock is held"
    );
    drop(lock);
    run_ok(&site, &["build"]);
}

#[test]
fn two_builds_at_once_do_not_interleave() {
    let dir = tempfile::tempdir().unwrap();
    let site = make_site(dir.path());
    let out = site.join("public");
    let mut outcomes = Vec::new();
    for round in 0..3 {
        let first = feedcard(&site, &["build", "--force"]).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(30 * round));
        let second = feedcard(&site, &["build", "--force"]).output().unwrap();
        let first = first.wait_with_output().unwrap();
        let stderr1 = String::from_utf8_lossy(&first.stderr).into_owned();
        let stderr2 = String::from_utf8_lossy(&second.stderr).into_owned();
        // Whichever takes the lock first (after loading the posts) builds;
        // the other is refused at once with a clear message.
        let refused = match (first.status.code(), second.status.code()) {
            (Some(0), Some(0)) => None,
            (Some(0), Some(2)) => Some(&stderr2),
            (Some(2), Some(0)) => Some(&stderr1),
            other => {
                panic!("round {round}: unexpected exit statuses {other:?}\n{stderr1}\n{stderr2}")
            }
        };
        match refused {
            None => outcomes.push("both finished"),
            Some(stderr) => {
                assert!(
                    stderr.contains("another feedcard build is writing to this folder"),
                    "{stderr}"
                );
                outcomes.push("one refused");
            }
        }
        let files = snapshot(&out);
        assert_whole("after two builds", &files);
        assert!(temporaries(&out).is_empty());
    }
    eprintln!("concurrent builds: {outcomes:?}");
    assert!(
        outcomes.contains(&"one refused"),
        "the lock was never contended: {outcomes:?}"
    );
}

/// Regression: `write_atomic` creates its temporary with `tempfile`, which
/// uses mode 0600, and the rename keeps it; every feed and card was then
/// unreadable to a web server running as another user (`-rw-------`). Files
/// must get the usual mode for new files (0666 less the umask).
#[cfg(unix)]
#[test]
fn r_outputs_are_readable_by_other_users() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    fs::create_dir_all(site.join("posts")).unwrap();
    fs::write(
        site.join("feedcard.toml"),
        "[site]\ntitle = \"Modes\"\nbase_url = \"https://modes.example\"\n[paths]\nposts = \"posts\"\nout = \"public\"\n",
    )
    .unwrap();
    fs::write(
        site.join("posts/a.md"),
        "---\ntitle: Modes\ndate: 2025-01-01\n---\nBody.\n",
    )
    .unwrap();
    // umask 022, as on a typical server; the test's own umask is not ours to change,
    // so run through sh.
    let status = Command::new("sh")
        .current_dir(&site)
        .arg("-c")
        .arg(format!(
            "umask 022 && exec '{}' build --now {NOW} 2>/dev/null",
            env!("CARGO_BIN_EXE_feedcard")
        ))
        .status()
        .unwrap();
    assert!(status.success());
    for rel in [
        "public/blog/rss.xml",
        "public/blog/feed.json",
        "public/blog/cards/a.png",
    ] {
        let mode = fs::metadata(site.join(rel)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{rel} has mode {mode:o}");
    }
}
