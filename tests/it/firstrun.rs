//! A new user's first session: `init`, `build`, the messages they read, the
//! tools around the build (completions, man page, watch).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::util::SiteTest;

/// Later than any date `init` writes, so the sample post is never scheduled.
const LATER: &str = "2100-01-01T00:00:00Z";

fn initialised() -> SiteTest {
    let site = SiteTest::new("empty");
    site.run(&["init"]).assert_code(0);
    site
}

#[test]
fn init_then_build_exits_zero_with_the_sample_post_and_its_card() {
    let site = SiteTest::new("empty");
    let init = site.run(&["init"]);
    init.assert_code(0);
    assert!(init.stderr.contains("Next steps"), "{}", init.stderr);
    let run = site.run(&["build", "--now", LATER]);
    run.assert_code(0);
    assert!(
        run.stderr.contains("1 post read, 1 built"),
        "right plural: {}",
        run.stderr
    );
    let card = image::open(site.path("public/blog/cards/hello-feedcard.png")).unwrap();
    assert_eq!((card.width(), card.height()), (1200, 630));
    assert!(site
        .read_string("public/blog/rss.xml")
        .contains("Hello, feedcard"));
}

#[test]
fn the_placeholder_base_url_warns_once_and_strict_refuses_it() {
    let site = initialised();
    let run = site.run(&["build", "--now", LATER]);
    run.assert_code(0);
    assert_eq!(
        run.stderr
            .matches("base_url is still the placeholder")
            .count(),
        1,
        "{}",
        run.stderr
    );
    let strict = site.run(&["build", "--now", LATER, "--strict"]);
    strict.assert_code(2);
    assert_eq!(
        strict.stderr.matches("placeholder").count(),
        1,
        "{}",
        strict.stderr
    );
}

#[test]
fn a_missing_config_warns() {
    let site = SiteTest::new("empty");
    std::fs::create_dir_all(site.path("posts")).unwrap();
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert!(
        run.stderr.contains("no feedcard.toml found"),
        "{}",
        run.stderr
    );
    site.run(&["build", "--strict"]).assert_code(2);
}

#[test]
fn editing_an_init_template_changes_the_card() {
    let site = initialised();
    let template = site.path("templates/summary_large_image.toml");
    let text = std::fs::read_to_string(&template).unwrap();
    let red = text
        .replacen("placement = \"cover\"", "placement = \"none\"", 1)
        .replacen("color = \"#0B1222\"", "color = \"#FF0000\"", 1)
        .replacen("gradient_to = \"#1A2540\"", "gradient_to = \"#FF0000\"", 1);
    assert_ne!(red, text, "the template has the keys this test edits");
    std::fs::write(&template, red).unwrap();
    site.run(&["build", "--now", LATER]).assert_code(0);
    let card = image::open(site.path("public/blog/cards/hello-feedcard.png"))
        .unwrap()
        .to_rgb8();
    let pixel = card.get_pixel(1180, 20);
    assert!(pixel[0] > 200 && pixel[1] < 60, "{pixel:?}");
}

#[test]
fn init_twice_says_already_exists_once() {
    let site = initialised();
    let run = site.run(&["init"]);
    run.assert_code(2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("already exists").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_posts_folder_is_reported_once() {
    let site = SiteTest::new("empty");
    let _ = std::fs::remove_dir_all(site.path("posts"));
    std::fs::write(
        site.path("feedcard.toml"),
        "[site]\nbase_url = \"https://a.example\"\n",
    )
    .unwrap();
    let run = site.run(&["build"]);
    run.assert_code(2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert_eq!(run.stderr.matches("os error").count(), 1, "{}", run.stderr);
}

/// Six posts whose heroes are all missing: one kind of warning.
fn site_with_missing_heroes() -> SiteTest {
    let site = SiteTest::new("empty");
    std::fs::write(
        site.path("feedcard.toml"),
        "[site]\nbase_url = \"https://heroes.example\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(site.path("posts")).unwrap();
    for i in 0..6 {
        std::fs::write(
            site.path(&format!("posts/walk-{i}.md")),
            format!(
                "---\ntitle: Walk {i}\ndate: 2025-0{}-01\nimage: /img/walk-{i}.jpg\n---\nA walk.\n",
                i + 1
            ),
        )
        .unwrap();
    }
    site
}

#[test]
fn warnings_of_one_kind_are_grouped_and_verbose_lists_them_all() {
    let site = site_with_missing_heroes();
    let run = site.run(&["build"]);
    run.assert_code(0);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(warnings[0].contains("6 files"), "{}", warnings[0]);
    assert!(warnings[0].contains("posts/walk-0.md"), "{}", warnings[0]);
    assert!(warnings[0].contains("and 3 more"), "{}", warnings[0]);
    assert!(
        run.stderr
            .contains("0 errors, 6 warnings, 0 files removed in"),
        "{}",
        run.stderr
    );

    let verbose = site.run(&["build", "--verbose"]);
    let lines = verbose
        .stderr
        .lines()
        .filter(|l| l.contains("warning:"))
        .count();
    assert_eq!(lines, 6, "{}", verbose.stderr);
}

#[test]
fn deny_warnings_fails_the_build() {
    let site = site_with_missing_heroes();
    site.run(&["build", "--deny-warnings"]).assert_code(1);
    let clean = initialised();
    let config = clean.read_string("feedcard.toml");
    let config = config.replacen("https://example.com", "https://clean.example", 1);
    std::fs::write(clean.path("feedcard.toml"), config).unwrap();
    clean
        .run(&["build", "--deny-warnings", "--now", LATER])
        .assert_code(0);
}

#[test]
fn github_format_writes_annotations() {
    let site = site_with_missing_heroes();
    let run = site.run(&["build", "--message-format", "github", "--verbose"]);
    run.assert_code(0);
    let stdout = String::from_utf8(run.output.stdout.clone()).unwrap();
    let annotations: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("::warning file="))
        .collect();
    assert_eq!(annotations.len(), 6, "{stdout}");
    assert!(
        annotations[0].starts_with("::warning file=posts/walk-0.md"),
        "{stdout}"
    );
    assert!(
        annotations[0].contains("::hero image /img/walk-0.jpg"),
        "{stdout}"
    );
    assert!(
        !run.stderr.contains("warning:"),
        "each warning is printed once: {}",
        run.stderr
    );
}

#[test]
fn json_format_is_one_object_per_line() {
    let site = site_with_missing_heroes();
    let run = site.run(&["build", "--message-format", "json"]);
    run.assert_code(0);
    let stdout = String::from_utf8(run.output.stdout.clone()).unwrap();
    let objects: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(objects.len(), 7, "{stdout}");
    assert_eq!(objects[0]["type"], "diagnostic");
    assert_eq!(objects[0]["file"], "posts/walk-0.md");
    assert_eq!(objects[0]["severity"], "warning");
    let summary = objects.last().unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["warnings"], 6);
    assert_eq!(summary["posts_built"], 6);
}

#[test]
fn card_finds_the_config_above_the_post() {
    let site = initialised();
    std::fs::write(
        site.path("feedcard.toml"),
        "[site]\nbase_url = \"https://found.example\"\n[cards]\ndefault = \"summary\"\n",
    )
    .unwrap();
    let out = site.path("elsewhere");
    std::fs::create_dir_all(&out).unwrap();
    // Run from an unrelated folder: the config is found from the post's folder up.
    let output = Command::new(env!("CARGO_BIN_EXE_feedcard"))
        .current_dir(&out)
        .args(["card", "../posts/hello-feedcard.md", "-o", "card.png"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("no feedcard.toml"), "{stderr}");
    let card = image::open(out.join("card.png")).unwrap();
    assert_eq!(
        (card.width(), card.height()),
        (800, 800),
        "the site's `summary` default was used"
    );
}

#[test]
fn completions_and_man_page_are_generated() {
    let site = SiteTest::new("empty");
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = site.run(&["completions", shell]);
        run.assert_code(0);
        let script = String::from_utf8_lossy(&run.output.stdout);
        assert!(script.contains("deny-warnings"), "{shell}: {script}");
    }
    let man = site.run(&["man"]);
    man.assert_code(0);
    let page = String::from_utf8_lossy(&man.output.stdout);
    assert!(
        page.starts_with(".ie") || page.contains(".TH feedcard"),
        "{page}"
    );
    let help = site.run(&["--help"]);
    let text = String::from_utf8_lossy(&help.output.stdout);
    assert!(
        text.contains("Exit status:") && text.contains("Examples:"),
        "{text}"
    );
}

/// An HTTP GET on loopback, by hand: the tests need no HTTP client crate.
pub fn http_get(addr: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// `feedcard watch --port 0` in `root`; returns the child and the address
/// it printed. The caller kills the child.
pub fn start_watch(root: &Path) -> (std::process::Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_feedcard"))
        .current_dir(root)
        .args(["watch", "--port", "0", "--now", LATER])
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("watch prints where it serves before anything else ends")
            .unwrap();
        if let Some(rest) = line.split("on http://").nth(1) {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    // Keep draining stderr so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, addr)
}

#[test]
fn watch_serves_with_live_reload_and_rebuilds_on_a_change() {
    let site = initialised();
    let (mut child, addr) = start_watch(&site.root);
    let (status, gallery) = http_get(&addr, "/blog/cards/");
    let generation = |addr: &str| http_get(addr, "/__feedcard/generation").1;
    let before = generation(&addr);
    let on_disk = site.read_string("public/blog/cards/index.html");

    let post = site.path("posts/hello-feedcard.md");
    let text = std::fs::read_to_string(&post).unwrap();
    std::fs::write(&post, text.replace("Hello, feedcard", "Hello again")).unwrap();
    // Wait for the rebuild (bounded; the assertion is on the content, not the time).
    let mut rebuilt = false;
    for _ in 0..300 {
        if generation(&addr) != before {
            rebuilt = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let (_, rss) = http_get(&addr, "/blog/rss.xml");
    child.kill().unwrap();
    child.wait().unwrap();

    assert_eq!(status, 200);
    assert!(
        gallery.contains("/__feedcard/generation"),
        "served HTML gets live reload"
    );
    assert!(!on_disk.contains("<script"), "written files never do");
    assert!(rebuilt, "a saved post triggers a rebuild");
    assert!(rss.contains("Hello again"), "{rss}");
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
}
