//! The hostile corpus (`tests/fixtures/hostile/`): one bad thing per post, each
//! with its expected outcome in `cases.toml`. One build over all of it must
//! report each bad post once (`path:line:col: message`), leave the bad posts
//! out, keep every good post in every feed with its card, exit 1, and never
//! panic. Things git cannot hold (symlinks, a FIFO, a 50 MB post, chmod 000)
//! are made here at run time.

// The hostile corpus checks every diagnostic line by line, so its runs use
// --verbose (no grouping of warnings of one kind).
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::util::{assert_well_formed, check_text, fixtures, read_feed, Run, SiteTest, NOW};

const BASE: &str = "https://hostile.example";
/// The warning every post without a hero gets.
const NO_HERO: &str = "no hero image in the front matter";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    file: String,
    what: String,
    severity: Expected,
    /// `line:col` or `line`.
    at: Option<String>,
    message: Option<String>,
    /// The slug when it is not the file stem.
    slug: Option<String>,
    /// `summary` for a square card.
    card: Option<String>,
    /// For error cases whose stem is another post's slug: check the title instead.
    absent_title: Option<String>,
    #[serde(default)]
    runtime: bool,
    /// Nothing to build (a FIFO, a folder link).
    #[serde(default)]
    no_post: bool,
    /// chmod 000 does not stop root: then the post is readable and builds.
    #[serde(default)]
    root_builds: bool,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Expected {
    Error,
    Warning,
    None,
}

impl Case {
    fn stem(&self) -> &str {
        let name = self.file.rsplit('/').next().unwrap();
        name.strip_suffix(".md").unwrap_or(name)
    }

    fn slug(&self) -> &str {
        self.slug.as_deref().unwrap_or_else(|| self.stem())
    }

    fn card_size(&self) -> (u32, u32) {
        match self.card.as_deref() {
            Some("summary") => (800, 800),
            _ => (1200, 630),
        }
    }
}

fn load_cases() -> Vec<Case> {
    let text = fs::read_to_string(fixtures().join("hostile/cases.toml")).unwrap();
    let cases: Cases = toml::from_str(&text).expect("cases.toml parses");
    cases.case
}

/// One `path[:line[:col]]: severity: message` line of stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Diag {
    path: String,
    at: Option<String>,
    severity: Expected,
    message: String,
    line: String,
}

fn parse_diagnostics(stderr: &str) -> Vec<Diag> {
    let mut out = Vec::new();
    for line in stderr.lines() {
        let (head, severity, message) = if let Some(i) = line.find(": error: ") {
            (&line[..i], Expected::Error, &line[i + ": error: ".len()..])
        } else if let Some(i) = line.find(": warning: ") {
            (
                &line[..i],
                Expected::Warning,
                &line[i + ": warning: ".len()..],
            )
        } else {
            continue;
        };
        // Peel up to two trailing `:digits` off the path.
        let mut path = head;
        let mut numbers = Vec::new();
        for _ in 0..2 {
            match path.rsplit_once(':') {
                Some((p, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                    numbers.push(n);
                    path = p;
                }
                _ => break,
            }
        }
        numbers.reverse();
        out.push(Diag {
            path: path.to_string(),
            at: (!numbers.is_empty()).then(|| numbers.join(":")),
            severity,
            message: message.to_string(),
            line: line.to_string(),
        });
    }
    out
}

/// Makes what git cannot hold. Returns whether `err-unreadable.md` really is
/// unreadable (it is not when the tests run as root).
fn make_runtime_cases(root: &Path) -> bool {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let posts = root.join("posts");

    // A 50 MB post: over the size limit, refused before it is parsed.
    let mut huge = String::from("---\ntitle: Fifty megabytes\ndate: 2025-07-22\n---\n");
    let line = "All work and no play makes a very large post indeed.\n";
    huge.reserve(50 * 1024 * 1024 + line.len());
    while huge.len() < 50 * 1024 * 1024 {
        huge.push_str(line);
    }
    fs::write(posts.join("err-huge-50mb.md"), huge).unwrap();

    // Links out of, around and nowhere inside the posts folder.
    fs::write(
        root.join("outside/secret.md"),
        "---\ntitle: A secret outside the posts folder\ndate: 2025-01-01\n---\nSecret.\n",
    )
    .unwrap();
    symlink(
        "../outside/secret.md",
        posts.join("err-link-out-of-posts.md"),
    )
    .unwrap();
    symlink("nowhere.md", posts.join("err-dangling-link.md")).unwrap();
    symlink("err-loop-b.md", posts.join("err-loop-a.md")).unwrap();
    symlink("err-loop-a.md", posts.join("err-loop-b.md")).unwrap();
    symlink("..", posts.join("loop")).unwrap();
    symlink(".", posts.join("self-loop")).unwrap();

    // Hero links: one escaping the assets root, one dangling.
    let images = root.join("assets/images");
    symlink("../../outside/secret.png", images.join("escape.png")).unwrap();
    symlink("nowhere.png", images.join("dangling.png")).unwrap();

    // A named pipe with a post's name: opening it would block forever.
    let fifo = posts.join("fifo.md");
    let status = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", fifo.display());

    // A post that links to a FIFO (inside the posts folder, under a hidden
    // name the walk skips) and a hero that is one: refused unopened (opening
    // a FIFO for reading blocks until a writer comes, which is never).
    fs::create_dir_all(posts.join(".pipes")).unwrap();
    for fifo in [posts.join(".pipes/post-pipe"), images.join("pipe.png")] {
        let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(status.success(), "mkfifo {}", fifo.display());
    }
    symlink(".pipes/post-pipe", posts.join("err-link-to-fifo.md")).unwrap();

    // Huge tables: 10,000 columns, then 20,000 rows (too big to keep in git).
    let mut table =
        String::from("---\ntitle: Huge tables\ndate: 2025-09-14\n---\nTables follow.\n\n");
    table.push_str(&"|c".repeat(10_000));
    table.push_str("|\n");
    table.push_str(&"|-".repeat(10_000));
    table.push_str("|\n\n| a | b |\n|---|---|\n");
    for row in 0..20_000 {
        table.push_str(&format!("| {row} | &amp; |\n"));
    }
    fs::write(posts.join("good-huge-table.md"), table).unwrap();

    // chmod 000: unreadable, unless we are root.
    let locked = posts.join("err-unreadable.md");
    fs::write(
        &locked,
        "---\ntitle: Locked away\ndate: 2025-07-23\n---\nPermissions 000.\n",
    )
    .unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    fs::read(&locked).is_err()
}

fn hostile_site() -> (SiteTest, bool) {
    let site = SiteTest::new("hostile");
    let unreadable = make_runtime_cases(&site.root);
    (site, unreadable)
}

/// The outcome a case must have in this environment.
fn effective(case: &Case, unreadable: bool) -> Expected {
    if case.root_builds && !unreadable {
        Expected::None
    } else {
        case.severity
    }
}

/// Every feed file under `out` (site-wide and per category).
fn feed_files(out: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![out.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if matches!(
                path.file_name().and_then(|n| n.to_str()),
                Some("rss.xml" | "atom.xml" | "feed.json")
            ) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Characters no feed may carry: C0 controls other than tab, LF, CR, and the
/// XML non-characters U+FFFE/U+FFFF.
fn forbidden_char(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}'
    })
}

/// A text construct as a reader shows it: `type="html"` text is markup, so
/// its entities are decoded once more (feed-rs hands it over as written).
fn plain(text: &feed_rs::model::Text) -> String {
    if text.content_type.subty() == "html" {
        unescape_html(&text.content)
    } else {
        text.content.clone()
    }
}

fn unescape_html(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Text of one entry that a reader would render: title, summary, content.
fn entry_texts(entry: &feed_rs::model::Entry) -> Vec<String> {
    let mut texts = Vec::new();
    if let Some(t) = &entry.title {
        texts.push(plain(t));
    }
    if let Some(s) = &entry.summary {
        texts.push(plain(s));
    }
    if let Some(c) = entry.content.as_ref().and_then(|c| c.body.clone()) {
        texts.push(c);
    }
    texts
}

fn entry_link(entry: &feed_rs::model::Entry) -> Option<String> {
    entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .map(|l| l.href.clone())
}

#[test]
fn hostile_corpus_builds_every_good_post_and_reports_each_bad_one_once() {
    let cases = load_cases();
    assert!(cases.len() >= 40, "at least 40 cases, have {}", cases.len());
    let (site, unreadable) = hostile_site();
    for case in cases.iter().filter(|c| !c.runtime) {
        assert!(
            site.path(&case.file).exists(),
            "{}: listed in cases.toml but not in the fixture",
            case.file
        );
    }

    let run = site.run(&["build", "--verbose"]);
    let mut failures: Vec<String> = Vec::new();
    let mut fail = |s: String| failures.push(s);

    if run.stderr.contains("panicked") {
        fail(format!("a panic:\n{}", run.stderr));
    }
    if run.output.status.code() != Some(1) {
        fail(format!("exit status {:?}, want 1", run.output.status));
    }

    // Every line of stderr is a one-line diagnostic or a summary line.
    for line in run.stderr.lines() {
        if !(line.starts_with("feedcard: ")
            || line.contains(": error: ")
            || line.contains(": warning: "))
        {
            fail(format!(
                "stderr line that is neither a diagnostic nor a summary: {line:?}"
            ));
        }
    }

    // Diagnostics: exactly one per bad case, at the expected place, and none
    // for anything else. A post that names no hero at all gets a warning by
    // design (main 2b9f074); it is checked apart, so each case still has
    // exactly one diagnostic about what it tests.
    let (no_hero, diagnostics): (Vec<Diag>, Vec<Diag>) = parse_diagnostics(&run.stderr)
        .into_iter()
        .partition(|d| d.message.starts_with(NO_HERO));
    for d in &no_hero {
        let text = fs::read_to_string(site.path(&d.path)).unwrap_or_default();
        if d.severity != Expected::Warning || text.contains("\nimage:") {
            fail(format!(
                "a no-hero warning for a post with a hero: {}",
                d.line
            ));
        }
    }
    let known: BTreeSet<&str> = cases.iter().map(|c| c.file.as_str()).collect();
    for d in &diagnostics {
        if !known.contains(d.path.as_str()) {
            fail(format!("diagnostic for no listed case: {}", d.line));
        }
    }
    for case in &cases {
        let mine: Vec<&Diag> = diagnostics.iter().filter(|d| d.path == case.file).collect();
        let expected = effective(case, unreadable);
        if expected == Expected::None {
            if !mine.is_empty() {
                fail(format!(
                    "{} ({}): want no diagnostic, got {:?}",
                    case.file, case.what, mine
                ));
            }
            continue;
        }
        let [d] = mine.as_slice() else {
            fail(format!(
                "{} ({}): want exactly one {expected:?} diagnostic, got {}: {:#?}",
                case.file,
                case.what,
                mine.len(),
                mine.iter().map(|d| &d.line).collect::<Vec<_>>()
            ));
            continue;
        };
        if d.severity != expected {
            fail(format!("{}: want {expected:?}, got: {}", case.file, d.line));
        }
        if d.at != case.at {
            fail(format!(
                "{}: want location {:?}, got {:?}: {}",
                case.file, case.at, d.at, d.line
            ));
        }
        if let Some(message) = &case.message {
            if !d.message.contains(message.as_str()) {
                fail(format!(
                    "{}: message lacks {message:?}: {}",
                    case.file, d.line
                ));
            }
        }
    }

    // Feeds: every feed file well-formed and readable by feed-rs; no forbidden
    // characters, no live script anywhere a reader renders.
    let out = site.path("public");
    let feeds = feed_files(&out);
    if feeds.len() < 3 {
        fail(format!("want at least 3 feeds, found {feeds:?}"));
    }
    for feed in &feeds {
        let bytes = fs::read(feed).unwrap();
        let name = feed.strip_prefix(&site.root).unwrap().display().to_string();
        if let Some(c) = forbidden_char(&String::from_utf8_lossy(&bytes)) {
            fail(format!("{name}: raw forbidden character {c:?}"));
        }
        if name.ends_with(".xml") {
            let text = std::str::from_utf8(&bytes).expect("UTF-8 feed");
            if let Err(err) = roxmltree::Document::parse(text) {
                fail(format!("{name}: not well-formed XML: {err}"));
                continue;
            }
        } else if let Err(err) = serde_json::from_slice::<serde_json::Value>(&bytes) {
            fail(format!("{name}: not JSON: {err}"));
            continue;
        }
        let parsed = match feed_rs::parser::parse(bytes.as_slice()) {
            Ok(parsed) => parsed,
            Err(err) => {
                fail(format!("{name}: feed-rs cannot parse it: {err}"));
                continue;
            }
        };
        for entry in &parsed.entries {
            for text in entry_texts(entry) {
                if let Some(c) = forbidden_char(&text) {
                    fail(format!("{name}: entry {:?} carries {c:?}", entry.id));
                }
                let lower = text.to_lowercase();
                for bad in ["<script", "onerror", "onload", "onclick", "javascript:"] {
                    if lower.contains(bad) {
                        fail(format!("{name}: entry {:?} carries {bad:?}", entry.id));
                    }
                }
            }
        }
    }

    // The three site feeds: who is in, who is out.
    let blog = out.join("blog");
    let mut site_feeds = BTreeMap::new();
    for name in ["rss.xml", "atom.xml", "feed.json"] {
        let bytes = fs::read(blog.join(name)).unwrap_or_default();
        if name.ends_with(".xml") && !bytes.is_empty() {
            assert_well_formed(&bytes);
        }
        site_feeds.insert(name, read_feed(&bytes));
    }
    for (name, feed) in &site_feeds {
        let links: BTreeSet<String> = feed.entries.iter().filter_map(entry_link).collect();
        let titles: BTreeSet<String> = feed
            .entries
            .iter()
            .filter_map(|e| e.title.as_ref().map(plain))
            .collect();
        for case in &cases {
            if case.no_post {
                continue;
            }
            // A `%` in a slug is a character of the name: its URL says `%25`.
            let url = format!("{BASE}/blog/{}", case.slug().replace('%', "%25"));
            match effective(case, unreadable) {
                Expected::None | Expected::Warning => {
                    if !links.contains(&url) {
                        fail(format!(
                            "{name}: {} ({}) missing; want {url}",
                            case.file, case.what
                        ));
                    }
                }
                Expected::Error => {
                    if let Some(title) = &case.absent_title {
                        if titles.contains(title) {
                            fail(format!("{name}: left-out {} is in the feed", case.file));
                        }
                    } else if links.contains(&url) {
                        fail(format!("{name}: left-out {} is in the feed", case.file));
                    }
                }
            }
        }
        // `]]>` survives intact in title, summary and content.
        let cdata = feed
            .entries
            .iter()
            .find(|e| entry_link(e).as_deref() == Some(&format!("{BASE}/blog/good-cdata-end")));
        if let Some(entry) = cdata {
            let title = entry.title.as_ref().map(plain).unwrap_or_default();
            if !title.contains("]]>") || !title.contains("<![CDATA[") {
                fail(format!("{name}: `]]>` title mangled: {title:?}"));
            }
            let body = entry
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .unwrap_or_default();
            if !body.contains("]]&gt;") && !body.contains("]]>") {
                fail(format!("{name}: `]]>` body lost: {body:?}"));
            }
        }
    }

    // Cards: every built post has a whole PNG of its kind's size; no left-out
    // post has one.
    let cards = blog.join("cards");
    for case in cases.iter().filter(|c| !c.no_post) {
        let card = cards.join(format!("{}.png", case.slug()));
        match effective(case, unreadable) {
            Expected::None | Expected::Warning => match image::open(&card) {
                Ok(img) if (img.width(), img.height()) == case.card_size() => {}
                Ok(img) => fail(format!(
                    "{}: card is {}x{}, want {:?}",
                    case.file,
                    img.width(),
                    img.height(),
                    case.card_size()
                )),
                Err(err) => fail(format!("{}: card {}: {err}", case.file, card.display())),
            },
            Expected::Error => {
                if case.absent_title.is_none() && card.exists() {
                    fail(format!("{}: left out, yet has a card", case.file));
                }
            }
        }
    }

    // The golden of every diagnostic (the chmod case depends on who runs it).
    let mut lines: Vec<&str> = diagnostics
        .iter()
        .chain(&no_hero)
        .filter(|d| d.path != "posts/err-unreadable.md")
        .map(|d| d.line.as_str())
        .collect();
    lines.sort();
    let golden = lines.join("\n") + "\n";
    if std::env::var_os("FEEDCARD_BLESS").is_some() {
        check_text(&fixtures().join("hostile/expected/stderr.txt"), &golden);
    } else {
        let expected =
            fs::read_to_string(fixtures().join("hostile/expected/stderr.txt")).unwrap_or_default();
        if expected != golden {
            fail(format!(
                "diagnostics differ from expected/stderr.txt (FEEDCARD_BLESS=1 to update, then review):\n{}",
                diff_lines(&expected, &golden)
            ));
        }
    }

    assert!(
        failures.is_empty(),
        "{} problem(s) with the hostile corpus:\n- {}\n\nstderr:\n{}",
        failures.len(),
        failures.join("\n- "),
        run.stderr
    );
}

fn diff_lines(expected: &str, actual: &str) -> String {
    let e: BTreeSet<&str> = expected.lines().collect();
    let a: BTreeSet<&str> = actual.lines().collect();
    let mut out = String::new();
    for line in e.difference(&a) {
        out.push_str(&format!("  - {line}\n"));
    }
    for line in a.difference(&e) {
        out.push_str(&format!("  + {line}\n"));
    }
    out
}

/// The diagnostics a run printed, as sorted lines.
fn diagnostic_lines(run: &Run) -> Vec<String> {
    let mut lines: Vec<String> = parse_diagnostics(&run.stderr)
        .into_iter()
        .map(|d| d.line)
        .collect();
    lines.sort();
    lines
}

#[test]
fn strict_stops_at_the_first_bad_post_and_writes_nothing() {
    let (site, _) = hostile_site();
    let run = site.run(&["build", "--strict"]);
    run.assert_code(1);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(run.stderr.contains("--strict"), "{}", run.stderr);
    assert!(
        !site.path("public").exists(),
        "--strict wrote an output folder:\n{}",
        run.stderr
    );
    // The first bad post in path order is the one named.
    assert!(
        run.stderr.contains("posts/dup-bundle.md"),
        "want the first bad post (in path order) named:\n{}",
        run.stderr
    );
}

#[test]
fn check_reports_the_same_diagnostics_and_writes_nothing() {
    let (site, _) = hostile_site();
    let check = site.run(&["check", "--verbose"]);
    check.assert_code(1);
    assert!(!check.stderr.contains("panicked"), "{}", check.stderr);
    assert!(
        !site.path("public").exists(),
        "check wrote an output folder"
    );

    let (built, _) = hostile_site();
    let build = built.run(&["build", "--verbose"]);
    // `check` neither reads nor draws heroes, so it reports post errors only;
    // every error a build reports, `check` reports identically.
    let check_lines = diagnostic_lines(&check);
    let build_errors: Vec<String> = diagnostic_lines(&build)
        .into_iter()
        .filter(|l| l.contains(": error: "))
        .collect();
    let check_errors: Vec<String> = check_lines
        .iter()
        .filter(|l| l.contains(": error: "))
        .cloned()
        .collect();
    assert_eq!(check_errors, build_errors);
}

/// A second build over the hostile site with nothing changed: same
/// diagnostics (cached card warnings are repeated), exit 1, nothing redrawn.
#[test]
fn a_rebuild_of_the_hostile_site_repeats_its_diagnostics() {
    let (site, _) = hostile_site();
    let first = site.run(&["build", "--verbose"]);
    let second = site.run(&["build", "--verbose"]);
    second.assert_code(1);
    assert_eq!(diagnostic_lines(&first), diagnostic_lines(&second));
}

// --- Regressions found while building the corpus -------------------------

/// serde_yaml (libyaml's scanner) is quadratic in flow nesting depth: 40,000
/// nested `[` take ~3 s, 100,000 take ~45 s, and a post of a few hundred KB
/// (well under the 16 MB post limit) stalls a CI build for hours. The loader
/// must refuse deep nesting before handing the block to serde_yaml. This
/// test uses a 30 s watchdog (a hang detector, not a timing assertion: the
/// fixed loader answers in milliseconds).
#[test]
fn r_yaml_flow_nesting_bomb_does_not_stall_the_build() {
    let site = SiteTest::new("empty");
    let depth = 400_000;
    let text = format!(
        "---\ntitle: Nesting bomb\ndate: 2025-01-01\nx: {}{}\n---\nBody.\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    fs::write(site.path("posts/bomb.md"), text).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_feedcard"))
        .current_dir(&site.root)
        .args(["check", "--posts", "posts", "--now", NOW])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
            assert_eq!(status.code(), Some(1), "{stderr}");
            assert!(stderr.contains("posts/bomb.md"), "{stderr}");
            return;
        }
        if start.elapsed() > Duration::from_secs(30) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!(
                "feedcard check on a {} KB post of nested `[` did not finish in 30 s \
                 (quadratic YAML scanning; see the comment on this test)",
                2 * depth / 1024
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

// --- Config and template errors: usage errors, exit 2 ---------------------

#[test]
fn a_config_value_of_the_wrong_type_is_a_usage_error_at_its_line_and_column() {
    let site = SiteTest::new("config-wrong-type");
    let run = site.run(&["build", "--verbose"]);
    run.assert_code(2);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stderr.contains("feedcard.toml:10:9: ") && run.stderr.contains("\"many\""),
        "want feedcard.toml:10:9 naming the value:\n{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(!site.path("public").exists(), "nothing is written");
}

#[test]
fn a_template_with_an_unknown_key_is_a_usage_error_at_its_line_and_column() {
    let site = SiteTest::new("template-unknown-key");
    let run = site.run(&["build", "--verbose"]);
    run.assert_code(2);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("templates/summary_large_image.toml:59:1: ")
            && run.stderr.contains("colour"),
        "want templates/summary_large_image.toml:59:1 naming `colour`:\n{}",
        run.stderr
    );
    assert!(
        !site.path("public/blog/rss.xml").exists(),
        "nothing is written"
    );
    // `check` validates templates too.
    let check = site.run(&["check", "--verbose"]);
    check.assert_code(2);
}

/// Regression (issue 8): form controls passed the sanitiser (a phishing
/// `<form>` with a password field reached every feed), author links were
/// written as given (`javascript:` URIs), and a `%` in a slug made an
/// invalid URL.
#[test]
fn r_feeds_carry_no_form_controls_script_links_or_stray_percent() {
    let (site, _) = hostile_site();
    let run = site.run(&["build"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    for feed in feed_files(&site.path("public")) {
        let text = fs::read_to_string(&feed).unwrap();
        let lower = text.to_ascii_lowercase();
        for bad in [
            "&lt;form",
            "&lt;input",
            "&lt;textarea",
            "&lt;button",
            "&lt;select",
            "<form",
            "<input",
            "phish.example",
            "typed-in-secret",
            "opt-one",
            "send now",
            "javascript:",
            "data:text",
        ] {
            assert!(!lower.contains(bad), "{bad} in {}", feed.display());
        }
        assert!(!text.contains("/blog/100%-done"), "{}", feed.display());
        // The posts themselves are in the site feeds (not every category's).
        if feed.parent() == Some(&site.path("public/blog")) {
            assert!(text.contains("Please sign in below."), "{}", feed.display());
            assert!(text.contains("/blog/100%25-done"), "{}", feed.display());
        }
    }
}

/// Regression (issue 8): bidi override and isolate characters quoted in a
/// diagnostic reordered the terminal line (a message could seem to name
/// another file). They are escaped like control characters.
#[test]
fn r_diagnostics_never_print_raw_bidi_controls() {
    let (site, _) = hostile_site();
    let run = site.run(&["check"]);
    let is_bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}');
    let raw: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.chars().any(is_bidi))
        .collect();
    assert!(raw.is_empty(), "{raw:?}");
    assert!(
        run.stderr.contains("err-bidi-in-date.md:4:1: error:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("\\u{202e}"), "{}", run.stderr);
}

/// Regression: diagnostics echo what the post wrote (a hero path, a slug)
/// verbatim, control characters included. The hostile corpus's
/// `warn-hero-nul-in-path.md` printed a raw NUL to stderr; an ESC in a hero
/// path reaches the CI log or terminal as a live escape sequence (clear the
/// screen, rewrite the title bar, hide earlier lines). Diagnostics must show
/// control characters escaped (as `{:?}` does), never raw.
#[test]
fn r_diagnostics_never_print_raw_control_characters() {
    let site = SiteTest::new("empty");
    fs::write(
        site.path("posts/escape.md"),
        "---\ntitle: Escapes\ndate: 2025-01-01\nimage: \"/images/\\e[2J\\e]0;pwned\\a.png\"\n---\nBody.\n",
    )
    .unwrap();
    fs::write(
        site.path("posts/slug.md"),
        "---\ntitle: Slug\ndate: 2025-01-01\nslug: \"a\\e[31mred\\x00\"\n---\nBody.\n",
    )
    .unwrap();
    let run = site.run(&["build", "--posts", "posts", "--out", "public"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let raw: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.chars().any(|c| c.is_control()))
        .collect();
    assert!(
        raw.is_empty(),
        "diagnostics with raw control characters: {raw:?}"
    );
}

// --- Names too long for a file system, too many feeds, reserved names -----

#[test]
fn r_long_names_and_many_categories_cost_one_diagnostic_each_never_the_build() {
    let site = SiteTest::new("empty");
    fs::write(
        site.path("feedcard.toml"),
        "[site]\ntitle = \"Names\"\nbase_url = \"https://names.example\"\n\
         [paths]\nposts = \"posts\"\nout = \"public\"\n",
    )
    .unwrap();
    let post = |name: &str, front: &str| {
        let text = format!(
            "---\ntitle: Post {}\ndate: 2025-03-01\n{front}---\nBody.\n",
            name.len()
        );
        fs::write(site.path(&format!("posts/{name}.md")), text).unwrap();
    };
    // A legal 250-byte file name: the slug is too long for `{slug}.{hash8}.png`.
    let long_file = "w".repeat(247);
    post(&long_file, "");
    let long_slug = "s".repeat(400);
    post("long-slug", &format!("slug: {long_slug}\n"));
    let long_category = "category ".repeat(60);
    post(
        "long-category",
        &format!("categories: [\"{}\"]\n", long_category.trim()),
    );
    let many: Vec<String> = (0..300).map(|i| format!("tag{i}")).collect();
    post("many-categories", &format!("tags: [{}]\n", many.join(", ")));
    post("reserved-slug", "slug: .feedcard-tmp-x\n");
    post("hidden-slug", "slug: .htaccess\n");
    post("plain", "categories: [News]\n");

    let run = site.run(&["build"]);
    run.assert_code(1);
    let diagnostics = parse_diagnostics(&run.stderr);
    let about = |file: &str| -> Vec<&Diag> {
        diagnostics
            .iter()
            .filter(|d| d.path == format!("posts/{file}.md"))
            .collect()
    };
    for hidden in ["reserved-slug", "hidden-slug"] {
        let found = about(hidden);
        assert_eq!(found.len(), 1, "{hidden}: {}", run.stderr);
        assert_eq!(found[0].severity, Expected::Error);
        assert_eq!(found[0].at.as_deref(), Some("4:1"), "{}", found[0].line);
        assert!(
            found[0].message.contains("starts with `.`"),
            "{}",
            found[0].line
        );
    }
    let many_found = about("many-categories");
    assert_eq!(many_found.len(), 1, "{}", run.stderr);
    assert_eq!(many_found[0].severity, Expected::Warning);
    assert!(
        many_found[0].message.contains("300 names; the first 64"),
        "{}",
        many_found[0].line
    );
    for quiet in [long_file.as_str(), "long-slug", "long-category", "plain"] {
        assert!(about(quiet).is_empty(), "{quiet}: {}", run.stderr);
    }

    // Every good post is in the site feed, with its whole slug in its URL and
    // a card under a bounded file name.
    let feed = read_feed(&site.read("public/blog/atom.xml"));
    let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), 5, "{ids:?}");
    assert!(
        ids.contains(&format!("https://names.example/blog/{long_slug}").as_str()),
        "{ids:?}"
    );
    assert!(
        ids.contains(&format!("https://names.example/blog/{long_file}").as_str()),
        "{ids:?}"
    );
    let mut longest = 0;
    for path in feed_files(&site.path("public"))
        .iter()
        .chain(&cards_in(&site))
    {
        for part in path.strip_prefix(site.path("public")).unwrap().components() {
            longest = longest.max(part.as_os_str().len());
        }
    }
    assert!(longest <= 140, "a path segment of {longest} bytes");
    assert_eq!(cards_in(&site).len(), 5);
    // 64 tag feeds, the long category's feed, News: 66 category folders.
    let folders = fs::read_dir(site.path("public/blog"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("atom.xml").is_file())
        .count();
    assert_eq!(folders, 66);
}

#[test]
fn r_long_posts_in_many_feeds_write_a_bounded_amount_of_full_text() {
    let site = SiteTest::new("empty");
    fs::write(
        site.path("feedcard.toml"),
        "[site]\ntitle = \"Long\"\nbase_url = \"https://long.example\"\n\
         [paths]\nposts = \"posts\"\nout = \"public\"\n",
    )
    .unwrap();
    // Six posts of about 900 KB each, all in two categories: every feed
    // would hold 5.4 MB of text in each of three formats.
    let paragraph = "Harbour tides rise twice a day, and the table lists each one.\n\n";
    for day in 1..=6 {
        let body = paragraph.repeat(900 * 1024 / paragraph.len());
        let text = format!(
            "---\ntitle: Tides {day}\ndate: 2025-03-0{day}\ndescription: Day {day}.\n\
             categories: [Tides, Harbours]\n---\n{body}"
        );
        fs::write(site.path(&format!("posts/day{day}.md")), text).unwrap();
    }
    let run = site.run(&["build", "--no-cards"]);
    run.assert_code(0);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("MB of full text"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    // Newest first: days 6 to 3 fill the 4 MB; day 2 is the first left short.
    assert!(warnings[0].contains("posts/day2.md"), "{}", warnings[0]);
    assert!(
        warnings[0].contains("6 items in 3 feeds"),
        "{}",
        warnings[0]
    );
    for feed in [
        "blog/atom.xml",
        "blog/tides/atom.xml",
        "blog/harbours/rss.xml",
    ] {
        let bytes = site.read(&format!("public/{feed}"));
        assert!(bytes.len() < 5 << 20, "{feed}: {} bytes", bytes.len());
        let parsed = read_feed(&bytes);
        let with_text: Vec<bool> = parsed
            .entries
            .iter()
            .map(|e| e.content.as_ref().and_then(|c| c.body.as_ref()).is_some())
            .collect();
        assert_eq!(with_text, [true, true, true, true, false, false], "{feed}");
        // The items left short still carry their summary.
        let last = &parsed.entries[5];
        assert!(last
            .summary
            .as_ref()
            .is_some_and(|s| s.content.contains("Day 1")));
    }
}

fn cards_in(site: &SiteTest) -> Vec<PathBuf> {
    fs::read_dir(site.path("public/blog/cards"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect()
}
