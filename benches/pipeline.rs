//! Pipeline benchmark over a generated site: `cargo bench` (or
//! `cargo bench --bench pipeline -- --posts 10000 --card-posts 1000`).
//!
//! It writes a synthetic site (N posts, a pool of procedural hero images in
//! PNG, JPEG and WebP), then times, on every core:
//!
//! - **feeds only**: a build with `--no-cards` into an empty folder;
//! - **no-change re-run**: a second full build over unchanged inputs;
//! - **cards**: a full build of the card site into an empty folder;
//! - **floor**: for the same posts, only decoding each hero, cover-resizing it
//!   to the card size and encoding the PNG — what any card tool must pay.
//!
//! Figures are printed as times and as ratios against the floor measured in
//! the same run, never asserted: speed lives here, not in tests.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::DateTime;
use fast_image_resize as fr;
use feedcard::{BuildOptions, Config, NoProgress};
use image::{DynamicImage, ImageEncoder, RgbImage};
use rayon::prelude::*;

const HERO_POOL: usize = 24;

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    // Sub-commands used by benches/peers.sh (which times them with hyperfine).
    match argv
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["generate", dir, posts, heroes, ..] => {
            let posts = posts.parse().expect("generate DIR POSTS HEROES");
            let heroes = match *heroes {
                "photo" => Heroes::Photo,
                "none" => Heroes::None,
                other => panic!("heroes is photo or none, not {other}"),
            };
            generate_peer_site(Path::new(dir), posts, heroes);
            return;
        }
        ["floor", dir, ..] => {
            floor_peer_site(Path::new(dir));
            return;
        }
        _ => {}
    }
    in_process(argv);
}

/// The in-process run (the default of `cargo bench`).
fn in_process(argv: Vec<String>) {
    let mut posts = 10_000usize;
    let mut card_posts = 600usize;
    let mut args = argv.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--posts" => posts = args.next().and_then(|v| v.parse().ok()).expect("--posts N"),
            "--card-posts" => {
                card_posts = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--card-posts N")
            }
            _ => {} // cargo bench passes --bench
        }
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    println!(
        "generating {posts} posts and {HERO_POOL} heroes in {}",
        dir.path().display()
    );
    let feeds_site = generate_site(&dir.path().join("feeds-site"), posts);
    let cards_site = generate_site(&dir.path().join("cards-site"), card_posts);

    let feeds_only = time(|| build(&feeds_site, false));
    let feeds_rerun = time(|| build(&feeds_site, false));
    let cards_full = time(|| build(&cards_site, true));
    let cards_rerun = time(|| build(&cards_site, true));
    let floor = time(|| floor(&cards_site));

    println!();
    println!("{:<44} {:>10}", "measurement", "time");
    row(&format!("feeds only, {posts} posts (no cards)"), feeds_only);
    row(&format!("feeds only re-run, {posts} posts"), feeds_rerun);
    row(
        &format!("full build, {card_posts} posts with cards"),
        cards_full,
    );
    row(
        &format!("no-change re-run, {card_posts} posts"),
        cards_rerun,
    );
    row(
        &format!("floor: decode+resize+encode, {card_posts} heroes"),
        floor,
    );
    println!();
    println!(
        "cards / floor            = {:.2}×  (1.00× would be the cost of the unavoidable work)",
        cards_full.as_secs_f64() / floor.as_secs_f64()
    );
    println!(
        "no-change re-run / build = {:.3}×",
        cards_rerun.as_secs_f64() / cards_full.as_secs_f64()
    );
    println!(
        "per card: build {:.1} ms, floor {:.1} ms (wall time over {} threads)",
        cards_full.as_secs_f64() * 1e3 / card_posts as f64,
        floor.as_secs_f64() * 1e3 / card_posts as f64,
        rayon::current_num_threads()
    );
}

fn row(name: &str, elapsed: Duration) {
    println!("{name:<44} {:>8.3} s", elapsed.as_secs_f64());
}

fn time(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn build(config: &Config, draw_cards: bool) {
    let options = BuildOptions {
        now: DateTime::parse_from_rfc3339("2030-01-01T00:00:00Z").expect("a valid date"),
        jobs: None,
        draw_cards,
        force: false,
        strict: false,
        write: true,
    };
    let report = feedcard::build(config, &options, &NoProgress).expect("the build runs");
    assert_eq!(report.posts_left_out(), 0, "generated posts are valid");
}

/// What every card tool pays at least: decode the hero, resize it to cover the
/// card, encode a PNG.
fn floor(config: &Config) {
    let heroes: Vec<PathBuf> = std::fs::read_dir(config.paths.posts.clone())
        .expect("the posts folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    heroes.par_iter().for_each(|post| {
        let stem = post.file_stem().and_then(|s| s.to_str()).expect("a stem");
        let n: usize = stem.trim_start_matches("post-").parse().expect("a number");
        let hero = config.paths.assets.join(hero_name(n));
        let bytes = std::fs::read(hero).expect("the hero");
        let image = image::load_from_memory(&bytes)
            .expect("a decodable hero")
            .to_rgb8();
        let resized = cover_resize(&DynamicImage::ImageRgb8(image), 1200, 630);
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new_with_quality(
            &mut png,
            image::codecs::png::CompressionType::Fast,
            image::codecs::png::FilterType::Adaptive,
        )
        .write_image(&resized, 1200, 630, image::ExtendedColorType::Rgb8)
        .expect("PNG encoding works");
    });
}

fn cover_resize(image: &DynamicImage, width: u32, height: u32) -> RgbImage {
    let mut dst = fr::images::Image::new(width, height, fr::PixelType::U8x3);
    let options = fr::ResizeOptions::new().fit_into_destination(Some((0.5, 0.5)));
    fr::Resizer::new()
        .resize(image, &mut dst, &options)
        .expect("resizing works");
    RgbImage::from_raw(width, height, dst.into_vec()).expect("sizes match")
}

fn hero_name(n: usize) -> String {
    let ext = ["png", "jpg", "webp"][n % HERO_POOL % 3];
    format!("heroes/hero-{}.{ext}", n % HERO_POOL)
}

/// Writes a site of `posts` posts spread over eight categories, with a pool of
/// heroes, and returns its config.
fn generate_site(root: &Path, posts: usize) -> Config {
    let posts_dir = root.join("posts");
    std::fs::create_dir_all(&posts_dir).expect("a posts folder");
    std::fs::create_dir_all(root.join("heroes")).expect("a heroes folder");
    for n in 0..HERO_POOL {
        write_hero(&root.join(hero_name(n)), n as u32);
    }
    let words = [
        "storage", "network", "rust", "feeds", "design", "notes", "release", "proof", "data",
        "cards", "archive", "open",
    ];
    for n in 0..posts {
        let title: Vec<&str> = (0..(4 + n % 9))
            .map(|i| words[(n * 7 + i * 3) % words.len()])
            .collect();
        let day = 1 + n % 28;
        let month = 1 + (n / 28) % 12;
        let year = 2015 + (n / 336) % 12;
        let body =
            "Lorem ipsum dolor sit amet, with [a link](/elsewhere) and *emphasis*.\n\n".repeat(8);
        let text = format!(
            "---\ntitle: {title}\npublished-on: {year}-{month:02}-{day:02}T{h:02}:00:00Z\n\
             category: topic-{cat}\ndescription: Post number {n} of the benchmark site.\n\
             image:\n  src: /{hero}\nseo:\n  twitter:\n    card: {card}\n---\n\n{body}",
            title = title.join(" "),
            h = n % 24,
            cat = n % 8,
            hero = hero_name(n),
            card = if n % 4 == 0 {
                "summary"
            } else {
                "summary_large_image"
            },
        );
        std::fs::write(posts_dir.join(format!("post-{n}.md")), text).expect("a post");
    }
    let config = "[site]\ntitle = \"Bench\"\nbase_url = \"https://bench.example\"\n\
                  [paths]\nposts = \"posts\"\nassets = \".\"\nout = \"public\"\n";
    std::fs::write(root.join("feedcard.toml"), config).expect("a config");
    Config::load(
        &root.join("feedcard.toml"),
        true,
        &feedcard::Overrides::default(),
    )
    .expect("the generated config is valid")
}

/// A 1600×900 procedural photo-like hero (gradients plus noise, so it
/// compresses like a photo rather than a flat image).
fn write_hero(path: &Path, seed: u32) {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    let image = RgbImage::from_fn(1600, 900, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let noise = (state % 32) as u8;
        image::Rgb([
            ((x * 255 / 1600) as u8)
                .wrapping_add(noise)
                .wrapping_add(seed as u8 * 9),
            ((y * 255 / 900) as u8).wrapping_add(noise),
            (((x + y) / 10) as u8).wrapping_add(noise),
        ])
    });
    image.save(path).expect("the hero is written");
}

/// Which backgrounds a peer site's posts have.
#[derive(Clone, Copy, PartialEq)]
enum Heroes {
    /// A JPEG photo per post (a pool of [`PHOTO_POOL`], two sizes).
    Photo,
    /// No hero: the template's own (synthetic) background.
    None,
}

const PHOTO_POOL: usize = 12;

/// Photo hero `n` of the pool: half camera-sized (2400×1350), half web-sized
/// (1600×900), the two sizes blogs mostly carry.
fn photo_name(n: usize) -> String {
    format!("heroes/photo-{}.jpg", n % PHOTO_POOL)
}

/// Writes a site both feedcard and Hugo build: `DIR/content/posts/*.md` (YAML
/// front matter with keys both read: title, date, categories, description,
/// image), `DIR/feedcard.toml`,
/// `DIR/heroes/` and `DIR/cards.json` (title + background of every post, for
/// benches/satori-cards.mjs).
fn generate_peer_site(root: &Path, posts: usize, heroes: Heroes) {
    let posts_dir = root.join("content/posts");
    std::fs::create_dir_all(&posts_dir).expect("a posts folder");
    if heroes == Heroes::Photo {
        std::fs::create_dir_all(root.join("heroes")).expect("a heroes folder");
        (0..PHOTO_POOL).into_par_iter().for_each(|n| {
            let (w, h) = if n % 2 == 0 {
                (2400, 1350)
            } else {
                (1600, 900)
            };
            write_photo(&root.join(photo_name(n)), n as u32, w, h);
        });
    }
    let words = [
        "storage",
        "network",
        "rust",
        "feeds",
        "design",
        "notes",
        "release",
        "proof",
        "data",
        "cards",
        "archive",
        "open",
        "faster",
        "retrieval",
        "deals",
        "miners",
    ];
    let mut cards = Vec::with_capacity(posts);
    for n in 0..posts {
        let title: Vec<&str> = (0..(4 + n % 9))
            .map(|i| words[(n * 7 + i * 3) % words.len()])
            .collect();
        let mut title = title.join(" ");
        title[..1].make_ascii_uppercase();
        let day = 1 + n % 28;
        let month = 1 + (n / 28) % 12;
        let year = 2012 + (n / 336) % 13;
        let image = match heroes {
            Heroes::Photo => format!("image: /{}\n", photo_name(n)),
            Heroes::None => String::new(),
        };
        let text = format!(
            "---\ntitle: \"{title}\"\ndate: {year}-{month:02}-{day:02}T{h:02}:{m:02}:00Z\n\
             categories: [\"topic-{cat}\"]\ndescription: \"Post number {n} of the benchmark site, about {w}.\"\n\
             {image}---\n\n{body}",
            h = n % 24,
            m = n % 60,
            cat = n % 8,
            w = words[n % words.len()],
            body = post_body(n, &words),
        );
        std::fs::write(posts_dir.join(format!("post-{n}.md")), text).expect("a post");
        cards.push(serde_json::json!({
            "title": title,
            "background": (heroes == Heroes::Photo).then(|| root.join(photo_name(n))),
        }));
    }
    std::fs::write(
        root.join("cards.json"),
        serde_json::to_vec(&cards).expect("JSON"),
    )
    .expect("cards.json");
    let feedcard = "[site]\ntitle = \"Bench\"\nbase_url = \"https://bench.example\"\n\
                    [paths]\nposts = \"content/posts\"\nassets = \".\"\nout = \"public\"\n";
    std::fs::write(root.join("feedcard.toml"), feedcard).expect("feedcard.toml");
    // benches/peers.sh writes hugo.toml next to it.
}

/// A blog-like Markdown body of about 1.5 KB: paragraphs with links and
/// emphasis, a heading, a list, a code block.
fn post_body(n: usize, words: &[&str]) -> String {
    let w = |i: usize| words[(n + i) % words.len()];
    let paragraph = format!(
        "The {} team shipped a new {} path this week. It makes *{}* faster, \
         keeps [{} docs](https://docs.example/{}) current and trims the {} queue \
         by a third, with **no** change to {} users need to make.\n\n",
        w(1),
        w(2),
        w(3),
        w(4),
        w(5),
        w(6),
        w(7)
    );
    format!(
        "{paragraph}{paragraph}## What changed\n\n- {} now streams\n- {} keeps a cache\n- {} is gone\n\n\
         ```rust\nfn main() {{ println!(\"{}\"); }}\n```\n\n{paragraph}",
        w(8), w(9), w(10), w(11)
    )
}

/// A photo-like JPEG: smooth gradients and soft shapes with a little grain,
/// so it compresses (and decodes) like a photograph rather than noise.
fn write_photo(path: &Path, seed: u32, width: u32, height: u32) {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    let (cx, cy) = ((seed * 97 % width) as f32, (seed * 53 % height) as f32);
    let image = RgbImage::from_fn(width, height, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let grain = (state % 9) as f32;
        let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
        let d = ((x as f32 - cx).hypot(y as f32 - cy) / width as f32).min(1.0);
        let wave = ((fx * 9.0 + seed as f32).sin() * (fy * 7.0).cos() + 1.0) * 40.0;
        image::Rgb([
            (60.0 + 150.0 * fx + wave * 0.5 + grain) as u8,
            (40.0 + 120.0 * (1.0 - d) + grain) as u8,
            (90.0 + 100.0 * fy + wave * 0.3 + grain) as u8,
        ])
    });
    let file = std::fs::File::create(path).expect("the photo is created");
    image::codecs::jpeg::JpegEncoder::new_with_quality(std::io::BufWriter::new(file), 85)
        .encode_image(&image)
        .expect("the photo is written");
}

/// The floor for a peer site: every post's background decoded, cover-resized
/// to 1200×630 and encoded as PNG (zlib fast, adaptive filters, as feedcard
/// does), on every core, nothing written. Posts without a hero pay only the
/// encode of a flat gradient-free image.
fn floor_peer_site(root: &Path) {
    let cards: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(root.join("cards.json")).expect("cards.json"))
            .expect("cards.json is JSON");
    cards.par_iter().for_each(|card| {
        let resized = match card["background"].as_str() {
            Some(path) => {
                let bytes = std::fs::read(path).expect("the background");
                let image = image::load_from_memory(&bytes).expect("a decodable background");
                cover_resize(&image, 1200, 630)
            }
            None => RgbImage::from_pixel(1200, 630, image::Rgb([11, 18, 34])),
        };
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new_with_quality(
            &mut png,
            image::codecs::png::CompressionType::Fast,
            image::codecs::png::FilterType::Adaptive,
        )
        .write_image(&resized, 1200, 630, image::ExtendedColorType::Rgb8)
        .expect("PNG encoding works");
        std::hint::black_box(png);
    });
}
