//! The card gallery in a real browser: the example site (plus two
//! right-to-left posts) is built and served by `feedcard watch` on loopback,
//! and headless Chromium loads it. A check page served beside the gallery
//! frames it and writes what it finds into its own DOM, which `--dump-dom`
//! prints: every card image decoded, no text spilling out of its box, and
//! the start of every title (right-to-left ones included) visible. A
//! screenshot is saved under `target/` for a person to look at.
//!
//! Without Chromium the test says so loudly and passes, except when `CI` or
//! `FEEDCARD_REQUIRE_BROWSER` is set: there it fails (`.ci/run` installs it).

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use crate::firstrun::start_watch;

/// Written beside the gallery in the served copy only (the test's own page).
const CHECK_PAGE: &str = r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>gallery check</title></head>
<body style="margin:0">
<pre id="result">pending</pre>
<iframe id="gallery" src="./" style="width:1280px;height:7000px;border:0"></iframe>
<script>
const frame = document.getElementById('gallery');
frame.addEventListener('load', async () => {
  const doc = frame.contentDocument;
  const win = frame.contentWindow;
  const images = Array.from(doc.images);
  images.forEach(img => { img.loading = 'eager'; });
  await Promise.all(images.map(img => img.complete && img.naturalWidth > 0 ? null :
    new Promise(done => { img.addEventListener('load', done); img.addEventListener('error', done); })));
  const result = { images: images.length, broken: [], overflowing: [], clipped_starts: [], rtl_titles: 0 };
  for (const img of images) {
    if (!(img.naturalWidth > 0)) result.broken.push(img.getAttribute('src'));
  }
  // Text wider than its box is a fault unless the box cuts it on purpose,
  // with an ellipsis.
  for (const el of doc.querySelectorAll('article, article *')) {
    const style = win.getComputedStyle(el);
    const deliberate = style.overflowX === 'hidden' && style.textOverflow === 'ellipsis';
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && !deliberate) {
      result.overflowing.push(el.className + ': ' + el.textContent.slice(0, 60));
    }
  }
  const main = doc.querySelector('main').getBoundingClientRect();
  for (const article of doc.querySelectorAll('article')) {
    const box = article.getBoundingClientRect();
    if (box.right > main.right + 1 || box.left < main.left - 1) {
      result.overflowing.push('article outside the page: ' + article.textContent.slice(0, 60));
    }
  }
  // The first letter of every title must be inside its box: an RTL title
  // laid out left-to-right would be cut at its start.
  for (const title of doc.querySelectorAll('.title')) {
    const text = title.firstChild;
    if (!text || !text.textContent) continue;
    if (/[\u0590-\u08FF]/.test(text.textContent)) result.rtl_titles += 1;
    const range = doc.createRange();
    range.setStart(text, 0);
    range.setEnd(text, 1);
    const first = range.getBoundingClientRect();
    const box = title.getBoundingClientRect();
    if (first.left < box.left - 1 || first.right > box.right + 1) {
      result.clipped_starts.push(text.textContent.slice(0, 60));
    }
  }
  document.getElementById('result').textContent = 'RESULT' + JSON.stringify(result) + 'END';
});
</script>
</body></html>
"#;

const RTL_POSTS: [(&str, &str); 2] = [
    (
        "rtl-hebrew.md",
        "---\ntitle: \"מגדלור בלילה: איך כותבים הודעות שאנשים קוראים פעם אחת בלבד ולא יותר\"\n\
         date: 2026-02-20\ncategories: [notes]\nsummary: \"סיכום קצר בעברית על הודעות ברורות.\"\n---\n\nגוף הפוסט.\n",
    ),
    (
        "rtl-arabic.md",
        "---\ntitle: \"ملاحظات من المنارة حول بناء أدوات ويب صغيرة ومتينة تدوم طويلا\"\n\
         date: 2026-02-21\ncategories: [notes]\nsummary: \"ملخص قصير باللغة العربية.\"\ntwitter_card: summary\n---\n\nنص المقال.\n",
    ),
];

fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|candidate| candidate.is_file())
}

fn browser_required() -> bool {
    std::env::var_os("CI").is_some() || std::env::var_os("FEEDCARD_REQUIRE_BROWSER").is_some()
}

/// Runs Chromium headless with a throwaway profile and no network beyond
/// the loopback page; kills it if it has not finished in five minutes (a
/// safety net for a hung browser, not a measurement). Returns its stdout,
/// or its stdout and the end of its stderr when stdout is empty.
fn chromium(binary: &Path, profile: &Path, args: &[String]) -> String {
    // Files, not pipes: a pipe nobody reads until the end would block a
    // chatty browser forever.
    let stdout_path = profile.with_extension("stdout.log");
    let stderr_path = profile.with_extension("stderr.log");
    let child = Command::new(binary)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .expect("chromium starts");
    let killed = wait_or_kill(child);
    let stdout = std::fs::read_to_string(&stdout_path).unwrap_or_default();
    if !stdout.trim().is_empty() {
        return stdout;
    }
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    let tail: Vec<&str> = stderr.lines().rev().take(20).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    format!(
        "(no output; {}; chromium's stderr ends:)\n{}",
        if killed {
            "killed after 5 minutes"
        } else {
            "it exited"
        },
        tail.join("\n")
    )
}

/// Waits for the child; true when it had to be killed.
fn wait_or_kill(mut child: Child) -> bool {
    let started = Instant::now();
    let mut killed = false;
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(300) {
            child.kill().unwrap();
            killed = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    child.wait().unwrap();
    killed
}

#[test]
fn the_gallery_renders_in_headless_chromium() {
    let Some(binary) = find_chromium() else {
        assert!(
            !browser_required(),
            "chromium is not installed, and CI requires the browser test (.ci/run installs it)"
        );
        eprintln!(
            "\n\n  *** BROWSER TEST NOT RUN: chromium is not installed. ***\n  \
             Install it (apt-get install chromium) or run bash .ci/run, which does.\n\n"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    crate::util::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("example"),
        &root,
    );
    let _ = std::fs::remove_dir_all(root.join("public"));
    for (name, text) in RTL_POSTS {
        std::fs::write(root.join("posts").join(name), text).unwrap();
    }

    let (mut server, addr) = start_watch(&root);
    let gallery = root.join("public/notes/cards");
    std::fs::write(gallery.join("__check.html"), CHECK_PAGE).unwrap();
    let profile = dir.path().join("profile");
    let dom = chromium(
        &binary,
        &profile,
        &[
            "--window-size=1280,7200".into(),
            // Virtual time stands still while a fetch is pending, so the
            // budget only has to cover timers; each virtual second costs a
            // live-reload poll, which on a loaded machine is a slow round
            // trip (15 s of budget took 50 s of real time under a load of 6).
            "--virtual-time-budget=4000".into(),
            "--dump-dom".into(),
            format!("http://{addr}/notes/cards/__check.html"),
        ],
    );
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let screenshot = target.join("gallery-screenshot.png");
    let _ = std::fs::remove_file(&screenshot);
    chromium(
        &binary,
        &profile,
        &[
            "--window-size=1280,2200".into(),
            "--virtual-time-budget=3000".into(),
            format!("--screenshot={}", screenshot.display()),
            format!("http://{addr}/notes/cards/"),
        ],
    );
    server.kill().unwrap();
    server.wait().unwrap();

    let json = dom
        .split("RESULT")
        .nth(1)
        .and_then(|rest| rest.split("END").next())
        .unwrap_or_else(|| panic!("the check page wrote no result; DOM:\n{dom}"));
    let json = json.replace("&quot;", "\"").replace("&amp;", "&");
    let result: serde_json::Value =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    eprintln!(
        "browser check: {result}\nscreenshot: {}",
        screenshot.display()
    );
    let built_cards = std::fs::read_dir(&gallery)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "png")
        })
        .count();
    assert_eq!(
        result["images"], built_cards as u64,
        "one image per card: {result}"
    );
    assert!(
        built_cards >= 8,
        "the example's cards and the two RTL ones: {built_cards}"
    );
    assert_eq!(result["broken"], serde_json::json!([]), "{result}");
    assert_eq!(result["overflowing"], serde_json::json!([]), "{result}");
    assert_eq!(result["rtl_titles"], 2, "{result}");
    assert_eq!(result["clipped_starts"], serde_json::json!([]), "{result}");
    let shot = image::open(&screenshot).expect("chromium saved a screenshot");
    assert_eq!(shot.width(), 1280);
}
