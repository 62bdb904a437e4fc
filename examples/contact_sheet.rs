//! Draws a dozen cards over real corpus heroes and tiles them into one PNG.
//!
//! ```text
//! cargo run --release --example contact_sheet -- [CORPUS_ROOT] [OUT.png] [--cards DIR] [--bench]
//! ```
//!
//! `CORPUS_ROOT` defaults to `/work/shared/corpus/filecoin-blog` (heroes
//! `/assets/images/x.png` resolve against it); `OUT.png` to
//! `docs/contact-sheet.png`. `--cards DIR` also writes each full-size card.
//! `--bench` times decode, draw and PNG encoding at each compression setting
//! (the numbers in `src/card/encode.rs`).

use std::path::PathBuf;
use std::time::Instant;

use feedcard::card::{self, CardText, Renderer};
use feedcard::post::CardKind;
use image::codecs::png::{CompressionType, FilterType};
use image::{imageops, RgbImage};

struct Sample {
    kind: CardKind,
    title: &'static str,
    category: Option<&'static str>,
    hero: Option<&'static str>,
}

const SAMPLES: &[Sample] = &[
    Sample {
        kind: CardKind::SummaryLargeImage,
        title: "AI Agents and Why Storage is the Key to Smarter, More Reliable Agents",
        category: Some("Ecosystem"),
        hero: Some("/assets/images/ghywxzyxwaahyct.jpeg"),
    },
    Sample {
        kind: CardKind::SummaryLargeImage,
        title: "Hello",
        category: None,
        hero: Some("/assets/images/0713-orbitcommunity.png"),
    },
    Sample {
        kind: CardKind::SummaryLargeImage,
        title: "Q&A: “Decentralize Your Data” — Storage Providers, Retrieval & the Road to 2025",
        category: Some("Interviews"),
        hero: Some("/assets/images/643e68bf3820f639f6d1de27_dsc05157-collage-1-.jpeg"),
    },
    Sample {
        kind: CardKind::SummaryLargeImage,
        title: "分散型ストレージの未来：東京で開かれた開発者会議のまとめと、次の一年に向けた展望",
        category: Some("イベント"),
        hero: Some("/assets/images/0215-ff-11-.webp"),
    },
    Sample {
        kind: CardKind::SummaryLargeImage,
        title: "مستقبل التخزين اللامركزي: دليل عملي للمطورين في عام 2025",
        category: Some("أخبار"),
        hero: Some("/assets/images/blogheader-filhk24recap-1-.png"),
    },
    Sample {
        kind: CardKind::SummaryLargeImage,
        title: "Ship it 🚀 — launch week recap, with 🎉 and 💡 for everyone",
        category: Some("Community"),
        hero: None,
    },
    Sample {
        kind: CardKind::SummaryLargeImage,
        title: "Ένα δίκτυο για όλους — Децентрализованное хранение данных для всех",
        category: Some("Global"),
        hero: Some("/assets/images/64423bdeb13e032a58960cfb_1-xicc70v_m64rcu1wlbq6qq.png"),
    },
    Sample {
        kind: CardKind::SummaryLargeImage,
        title: "Pneumonoultramicroscopicsilicovolcanoconiosis and other impossibly long words in one very long title that never seems to end, going on and on well past what any card could hold",
        category: Some("Edge cases"),
        hero: Some("/assets/images/643e68afef5daa4c54ea3faf_1-swfqosn81iazodieiqqqka.png"),
    },
    Sample {
        kind: CardKind::Summary,
        title: "Dev Grant Spotlight: 4EVERLAND",
        category: Some("Grants"),
        hero: Some("/assets/images/641cc0133287d14f6500fcea_petls-banner-photo.png"),
    },
    Sample {
        kind: CardKind::Summary,
        title: "שלום עולם: מדריך לאחסון מבוזר",
        category: Some("חדשות"),
        hero: Some("/assets/images/64423ad9ef619d9dd2b60e6d_0-yilkincrhittd7ub.png"),
    },
    Sample {
        kind: CardKind::Summary,
        title: "Meet Timo: building the open data economy, one deal at a time",
        category: Some("People"),
        hero: Some("/assets/images/643e68bf3820f64ae7d1de26_timo_lee_360.jpeg"),
    },
    Sample {
        kind: CardKind::Summary,
        title: "2023 Annual Report: what we shipped, what we learned & what comes next",
        category: Some("Reports"),
        hero: None,
    },
];

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let bench = take_flag(&mut args, "--bench");
    let cards_dir = take_value(&mut args, "--cards").map(PathBuf::from);
    let root = PathBuf::from(
        args.first()
            .cloned()
            .unwrap_or_else(|| "/work/shared/corpus/filecoin-blog".into()),
    );
    let out = PathBuf::from(
        args.get(1)
            .cloned()
            .unwrap_or_else(|| "docs/contact-sheet.png".into()),
    );
    let renderer = Renderer::load(None, &[]).expect("renderer loads");
    let mut cards = Vec::new();
    for (i, s) in SAMPLES.iter().enumerate() {
        let started = Instant::now();
        let hero =
            s.hero.and_then(
                |src| match card::load_hero(src, &root, &root, &root.join("posts")) {
                    Ok((_, img)) => Some(img),
                    Err(e) => {
                        eprintln!("warning: {e}");
                        None
                    }
                },
            );
        let decoded = started.elapsed();
        let text = CardText {
            title: s.title,
            site_name: "filecoin.io/blog",
            category: s.category,
            date: Some("19 Dec 2024"),
        };
        let hero = hero.as_ref().map(|image| card::Hero {
            image,
            focus: None,
            kind: None,
        });
        let drawn = renderer.draw(s.kind, &text, hero.as_ref());
        let (img, warnings) = (drawn.pixels, drawn.warnings);
        let drawn = started.elapsed() - decoded;
        for w in warnings {
            eprintln!("warning: card {i}: {w}");
        }
        if bench {
            report_encoding(i, &img, decoded, drawn);
        }
        if let Some(dir) = &cards_dir {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join(format!("{i:02}.png")), card::encode_png(&img)).unwrap();
        }
        cards.push((s.kind, img));
    }
    let sheet = tile(&cards);
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    let bytes = card::encode::encode_png_with(&sheet, CompressionType::Best, FilterType::Adaptive);
    std::fs::write(&out, &bytes).unwrap();
    eprintln!(
        "wrote {} ({}×{}, {} KB)",
        out.display(),
        sheet.width(),
        sheet.height(),
        bytes.len() / 1024
    );
}

fn report_encoding(
    i: usize,
    img: &RgbImage,
    decoded: std::time::Duration,
    drawn: std::time::Duration,
) {
    let mut line = format!(
        "card {i:02} {}×{}: hero {:>6.1} ms, draw {:>6.1} ms",
        img.width(),
        img.height(),
        decoded.as_secs_f64() * 1e3,
        drawn.as_secs_f64() * 1e3
    );
    for (name, c) in [
        ("fast", CompressionType::Fast),
        ("default", CompressionType::Default),
        ("best", CompressionType::Best),
    ] {
        for (fname, f) in [("adaptive", FilterType::Adaptive), ("sub", FilterType::Sub)] {
            let mut best = f64::MAX;
            let mut len = 0;
            for _ in 0..3 {
                let t = Instant::now();
                len = card::encode::encode_png_with(img, c, f).len();
                best = best.min(t.elapsed().as_secs_f64() * 1e3);
            }
            line.push_str(&format!(
                " | {name}/{fname} {:>4} KB {:>6.1} ms",
                len / 1024,
                best
            ));
        }
    }
    println!("{line}");
}

/// Large cards at half size, two per row; square cards at 290 px, four per row.
fn tile(cards: &[(CardKind, RgbImage)]) -> RgbImage {
    let gap = 24u32;
    let large: Vec<&RgbImage> = cards
        .iter()
        .filter(|(k, _)| *k == CardKind::SummaryLargeImage)
        .map(|(_, i)| i)
        .collect();
    let square: Vec<&RgbImage> = cards
        .iter()
        .filter(|(k, _)| *k == CardKind::Summary)
        .map(|(_, i)| i)
        .collect();
    let (lw, lh) = (600u32, 315u32);
    let sq = (2 * lw + gap - 3 * gap) / 4;
    let width = 2 * lw + 3 * gap;
    let large_rows = large.len().div_ceil(2) as u32;
    let square_rows = square.len().div_ceil(4) as u32;
    let height = gap + large_rows * (lh + gap) + square_rows * (sq + gap);
    let mut sheet = RgbImage::from_pixel(width, height, image::Rgb([236, 238, 242]));
    for (i, img) in large.iter().enumerate() {
        let thumb = imageops::resize(*img, lw, lh, imageops::FilterType::Lanczos3);
        let x = gap + (i as u32 % 2) * (lw + gap);
        let y = gap + (i as u32 / 2) * (lh + gap);
        imageops::replace(&mut sheet, &thumb, x as i64, y as i64);
    }
    let top = gap + large_rows * (lh + gap);
    for (i, img) in square.iter().enumerate() {
        let thumb = imageops::resize(*img, sq, sq, imageops::FilterType::Lanczos3);
        let x = gap + (i as u32 % 4) * (sq + gap);
        let y = top + (i as u32 / 4) * (sq + gap);
        imageops::replace(&mut sheet, &thumb, x as i64, y as i64);
    }
    sheet
}

fn take_flag(args: &mut Vec<String>, flag: &str) -> bool {
    let before = args.len();
    args.retain(|a| a != flag);
    args.len() != before
}

fn take_value(args: &mut Vec<String>, flag: &str) -> Option<String> {
    let i = args.iter().position(|a| a == flag)?;
    args.remove(i);
    (i < args.len()).then(|| args.remove(i))
}
