//! Cards on a fixture site, checked by decoding the PNGs: sizes per kind, the
//! fallback for a missing hero, incremental re-runs, cache-busting names,
//! enclosure lengths that match the files, byte determinism.

use crate::util::{read_feed, SiteTest};

fn card_size(site: &SiteTest, slug: &str) -> (u32, u32) {
    let path = site.path(&format!("public/blog/cards/{slug}.png"));
    let image = image::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (image.width(), image.height())
}

#[test]
fn every_built_post_gets_a_card_of_the_size_its_kind_asks() {
    let site = SiteTest::new("basic");
    site.run(&["build"]).assert_code(0);
    // seo.twitter.card: summary → square; the others take the site default.
    assert_eq!(card_size(&site, "spring-tides"), (800, 800));
    for slug in ["harbour-hours", "new-buoys", "tide-gauge", "storm-log"] {
        assert_eq!(card_size(&site, slug), (1200, 630), "{slug}");
    }
    for left_out in ["draft-notice", "next-season"] {
        assert!(!site
            .path(&format!("public/blog/cards/{left_out}.png"))
            .exists());
    }
}

#[test]
fn a_missing_hero_is_a_warning_and_a_fallback_card() {
    let site = SiteTest::new("basic");
    let run = site.run(&["build"]);
    run.assert_code(0);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("posts/harbour-hours.md"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    // Posts without any hero are told so too.
    assert!(
        run.stderr
            .contains("posts/new-buoys.md: warning: no hero image"),
        "{}",
        run.stderr
    );
    assert!(
        warnings[0].starts_with("posts/harbour-hours.md: warning: "),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("missing.png"), "{}", warnings[0]);
    assert_eq!(card_size(&site, "harbour-hours"), (1200, 630));
}

#[test]
fn hero_pixels_reach_the_card() {
    let site = SiteTest::new("basic");
    site.run(&["build"]).assert_code(0);
    // spring-tides has a blue hero; harbour-hours has none. Their cards differ
    // in colour: the hero card is bluer on average.
    let blueness = |slug: &str| {
        let image = image::open(site.path(&format!("public/blog/cards/{slug}.png")))
            .unwrap()
            .to_rgb8();
        let (mut b, mut r) = (0u64, 0u64);
        for p in image.pixels() {
            b += u64::from(p[2]);
            r += u64::from(p[0]);
        }
        b as f64 / (r.max(1)) as f64
    };
    assert!(
        blueness("spring-tides") > 1.2,
        "{}",
        blueness("spring-tides")
    );
}

#[test]
fn a_rerun_with_no_change_draws_nothing_and_says_so() {
    let site = SiteTest::new("basic");
    site.run(&["build"]).assert_code(0);
    let first = site.read("public/blog/cards/new-buoys.png");
    // The feed cards (the site's and one per category) count as cards.
    let feeds = site.count_png("public/blog/cards/_feeds");
    assert!(feeds >= 2, "{feeds} feed cards");
    let run = site.run(&["build"]);
    run.assert_code(0);
    assert!(
        run.stderr
            .contains(&format!("no cards drawn ({} unchanged)", 5 + feeds)),
        "{}",
        run.stderr
    );
    assert_eq!(site.read("public/blog/cards/new-buoys.png"), first);

    // A changed title redraws that card only.
    let post = site.path("posts/2025-03-15-storm-log.md");
    let text = std::fs::read_to_string(&post)
        .unwrap()
        .replace("Storm log", "Storm log, updated");
    std::fs::write(&post, text).unwrap();
    let run = site.run(&["build"]);
    assert!(
        run.stderr
            .contains(&format!("1 card drawn, {} unchanged", 4 + feeds)),
        "{}",
        run.stderr
    );

    let run = site.run(&["build", "--force"]);
    assert!(
        run.stderr
            .contains(&format!("{} cards drawn, 0 unchanged", 5 + feeds)),
        "{}",
        run.stderr
    );
}

#[test]
fn cards_are_byte_identical_across_clean_builds() {
    let one = SiteTest::new("basic");
    one.run(&["build"]).assert_code(0);
    let two = SiteTest::new("basic");
    two.run(&["build", "--jobs", "1"]).assert_code(0);
    for slug in [
        "spring-tides",
        "harbour-hours",
        "new-buoys",
        "tide-gauge",
        "storm-log",
    ] {
        let path = format!("public/blog/cards/{slug}.png");
        assert_eq!(one.read(&path), two.read(&path), "{slug}");
    }
}

#[test]
fn feeds_link_each_card_with_its_real_size() {
    let site = SiteTest::new("basic");
    site.run(&["build"]).assert_code(0);
    let rss = read_feed(&site.read("public/blog/rss.xml"));
    for entry in &rss.entries {
        let slug = entry.id.rsplit('/').next().unwrap();
        let file_size = site.read(&format!("public/blog/cards/{slug}.png")).len() as u64;
        let enclosure = entry
            .media
            .iter()
            .flat_map(|m| &m.content)
            .find(|c| {
                c.url
                    .as_ref()
                    .is_some_and(|u| u.as_str().ends_with(&format!("/{slug}.png")))
            })
            .unwrap_or_else(|| panic!("{slug}: no media content for the card"));
        assert_eq!(enclosure.size, Some(file_size), "{slug}");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&site.read("public/blog/feed.json")).unwrap();
    assert_eq!(
        json["items"][0]["image"],
        "https://tides.example/blog/cards/harbour-hours.png"
    );
}

#[test]
fn cache_busting_names_carry_the_content_hash() {
    let site = SiteTest::new("basic");
    let config = site.path("feedcard.toml");
    let text = std::fs::read_to_string(&config).unwrap()
        + "\n[cards]\nfile_name = \"{slug}.{hash8}.png\"\n";
    std::fs::write(&config, text).unwrap();
    site.run(&["build"]).assert_code(0);
    let names: Vec<String> = std::fs::read_dir(site.path("public/blog/cards"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("storm-log."))
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    let hash = names[0]
        .trim_start_matches("storm-log.")
        .trim_end_matches(".png");
    assert_eq!(hash.len(), 8);
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()), "{hash}");
    let manifest = site.read_string("public/blog/manifest.json");
    assert!(manifest.contains(&format!("/blog/cards/storm-log.{hash}.png")));
}

#[test]
fn no_cards_builds_feeds_that_link_cards_already_drawn() {
    let site = SiteTest::new("basic");
    site.run(&["build", "--no-cards"]).assert_code(0);
    assert!(!site.path("public/blog/cards/storm-log.png").exists());
    site.run(&["build"]).assert_code(0);
    let run = site.run(&["build", "--no-cards"]);
    run.assert_code(0);
    assert!(site
        .read_string("public/blog/rss.xml")
        .contains("/blog/cards/storm-log.png"));
}

#[test]
fn the_card_command_draws_one_post() {
    let site = SiteTest::new("basic");
    site.run(&["card", "posts/spring-tides.md", "-o", "one.png"])
        .assert_code(0);
    let image = image::open(site.path("one.png")).unwrap();
    assert_eq!((image.width(), image.height()), (800, 800));
}

#[test]
fn format_jpeg_writes_jpeg_files_named_and_typed_as_such() {
    let site = SiteTest::new("basic");
    let config = site.path("feedcard.toml");
    let text = std::fs::read_to_string(&config).unwrap() + "\n[cards]\nformat = \"jpeg\"\n";
    std::fs::write(&config, text).unwrap();
    site.run(&["build"]).assert_code(0);
    let bytes = site.read("public/blog/cards/storm-log.jpg");
    assert_eq!(&bytes[..3], &[0xFF, 0xD8, 0xFF], "not a JPEG");
    let image = image::load_from_memory(&bytes).unwrap();
    assert_eq!((image.width(), image.height()), (1200, 630));
    assert!(!site.path("public/blog/cards/storm-log.png").exists());
    let rss = site.read_string("public/blog/rss.xml");
    assert!(rss.contains("/blog/cards/storm-log.jpg"), "{rss}");
    assert!(rss.contains("image/jpeg"));
    assert!(!rss.contains("image/png"));
}

#[test]
fn format_auto_picks_jpeg_for_photos_and_png_for_plain_cards() {
    let site = SiteTest::new("basic");
    let config = site.path("feedcard.toml");
    let text = std::fs::read_to_string(&config).unwrap() + "\n[cards]\nformat = \"auto\"\n";
    std::fs::write(&config, text).unwrap();
    site.run(&["build"]);
    // Post cards (the feeds' own cards sit in `_feeds/`).
    let names: Vec<String> = std::fs::read_dir(site.path("public/blog/cards"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".html"))
        .collect();
    for name in &names {
        let bytes = site.read(&format!("public/blog/cards/{name}"));
        let is_jpeg = bytes.starts_with(&[0xFF, 0xD8]);
        let is_png = bytes.starts_with(b"\x89PNG");
        assert!(
            (name.ends_with(".jpg") && is_jpeg) || (name.ends_with(".png") && is_png),
            "{name} holds the wrong format"
        );
    }
    assert!(names.iter().any(|n| n.ends_with(".png")), "{names:?}");
}

#[test]
fn every_feed_gets_its_own_card_listed_in_the_manifest() {
    let site = SiteTest::new("basic");
    site.run(&["build"]).assert_code(0);
    let manifest: serde_json::Value =
        serde_json::from_slice(&site.read("public/blog/manifest.json")).unwrap();
    let feeds = manifest["feeds"].as_array().unwrap();
    assert!(feeds.len() > 1, "the site feed and its categories");
    for feed in feeds {
        let url = feed["card"]
            .as_str()
            .unwrap_or_else(|| panic!("no card: {feed}"));
        let path = url.strip_prefix("https://tides.example/").unwrap();
        let image = image::open(site.path(&format!("public/{path}"))).unwrap();
        assert_eq!((image.width(), image.height()), (1200, 630), "{url}");
    }
    // The site's card is what its home page unfurls to.
    let head = site.read_string("public/blog/head.html");
    let site_card = feeds[0]["card"].as_str().unwrap();
    assert!(
        head.contains(&format!(
            r#"<meta property="og:image" content="{site_card}">"#
        )),
        "{head}"
    );
    // A re-run draws no feed card again and removes none.
    let rerun = site.run(&["build"]);
    rerun.assert_code(0);
    assert!(rerun.stderr.contains("0 files removed"), "{}", rerun.stderr);
}

/// The basic site with an `[author]` slot that draws a 48 px avatar at the
/// top left, and two posts: one whose author has an avatar of `colour`, one
/// whose avatar file is missing.
fn site_with_avatars(colour: [u8; 3]) -> SiteTest {
    let site = SiteTest::new("basic");
    let templates = site.path("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let built_in = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/summary_large_image.toml"),
    )
    .unwrap();
    std::fs::write(
        templates.join("summary_large_image.toml"),
        built_in
            + "\n[author]\nx = 72\ny = 96\nsize = 28\navatar = 48\ncolor = \"#FFFFFF\"\nweight = 600\n",
    )
    .unwrap();
    let config = site.path("feedcard.toml");
    let text = std::fs::read_to_string(&config).unwrap() + "\n[cards]\ntemplates = \"templates\"\n";
    std::fs::write(&config, text).unwrap();
    write_avatar(&site, colour);
    for (slug, avatar) in [
        ("with-face", "/images/face.png"),
        ("no-face", "/images/missing-face.png"),
    ] {
        std::fs::write(
            site.path(&format!("posts/{slug}.md")),
            format!(
                "---\ntitle: A quiet week at the pier\ndate: 2025-04-0{}\nauthor:\n  name: Rosa Quay\n  avatar: {avatar}\n---\nNothing moved.\n",
                if slug == "no-face" { 2 } else { 1 }
            ),
        )
        .unwrap();
    }
    site
}

fn write_avatar(site: &SiteTest, colour: [u8; 3]) {
    image::RgbImage::from_pixel(96, 96, image::Rgb(colour))
        .save(site.path("assets/images/face.png"))
        .unwrap();
}

/// Pixels of `colour` (± 12 per channel) in the avatar's corner of a card.
fn avatar_pixels(site: &SiteTest, slug: &str, colour: [u8; 3]) -> usize {
    let card = image::open(site.path(&format!("public/blog/cards/{slug}.png")))
        .unwrap()
        .to_rgb8();
    let near = |p: &image::Rgb<u8>| (0..3).all(|i| p.0[i].abs_diff(colour[i]) <= 12);
    (60..140)
        .flat_map(|x| (40..120).map(move |y| (x, y)))
        .filter(|&(x, y)| near(card.get_pixel(x, y)))
        .count()
}

#[test]
fn the_author_avatar_is_drawn_round_in_the_author_slot_and_redrawn_when_it_changes() {
    let magenta = [240, 30, 200];
    let site = site_with_avatars(magenta);
    let run = site.run(&["build"]);
    run.assert_code(0);
    // A 48 px disc is ~1810 px; its anti-aliased rim blends with the card.
    let drawn = avatar_pixels(&site, "with-face", magenta);
    assert!((1600..=1900).contains(&drawn), "{drawn} avatar pixels");
    let face_warnings = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("posts/with-face.md") && l.contains("avatar"))
        .count();
    assert_eq!(face_warnings, 0, "{}", run.stderr);

    // A new picture redraws the card (the avatar's bytes are in its key).
    let green = [30, 220, 90];
    write_avatar(&site, green);
    site.run(&["build"]).assert_code(0);
    assert_eq!(avatar_pixels(&site, "with-face", magenta), 0);
    assert!(avatar_pixels(&site, "with-face", green) > 1600);
}

#[test]
fn a_missing_avatar_is_one_warning_and_the_name_alone() {
    let site = site_with_avatars([240, 30, 200]);
    let run = site.run(&["build"]);
    run.assert_code(0);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("posts/no-face.md") && l.contains("avatar"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(warnings[0].contains("missing-face.png"), "{}", warnings[0]);
    assert!(warnings[0].contains("name without it"), "{}", warnings[0]);
    assert_eq!(avatar_pixels(&site, "no-face", [240, 30, 200]), 0);
    // The name is drawn where the label starts (no room kept for a picture).
    let card = image::open(site.path("public/blog/cards/no-face.png"))
        .unwrap()
        .to_rgb8();
    let white = (72..100)
        .flat_map(|x| (70..100).map(move |y| (x, y)))
        .filter(|&(x, y)| card.get_pixel(x, y).0.iter().all(|&c| c > 230))
        .count();
    assert!(white > 20, "{white} white pixels of the name");
}
