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
    let mut posts = 10_000usize;
    let mut card_posts = 600usize;
    let mut args = std::env::args().skip(1);
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
