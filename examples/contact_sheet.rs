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

/// Heroes made here (none copied from anywhere), decoded by the real
/// decoder so EXIF and SVG go through the same path as a site's files.
struct Made {
    kind: CardKind,
    title: &'static str,
    category: Option<&'static str>,
    bytes: fn() -> Vec<u8>,
}

const MADE: &[Made] = &[
    Made {
        kind: CardKind::SummaryLargeImage,
        title: "Meet the team behind the storage network: a portrait series",
        category: Some("People"),
        bytes: portrait_jpeg,
    },
    Made {
        kind: CardKind::SummaryLargeImage,
        title: "Phone photo stored sideways, drawn upright from its EXIF tag",
        category: Some("EXIF"),
        bytes: sideways_jpeg,
    },
    Made {
        kind: CardKind::SummaryLargeImage,
        title: "A 64 px app icon, placed at 2× instead of stretched 19×",
        category: Some("Small hero"),
        bytes: icon_png,
    },
    Made {
        kind: CardKind::SummaryLargeImage,
        title: "A black logo on transparency gets a light plate",
        category: Some("Brand"),
        bytes: logo_png,
    },
    Made {
        kind: CardKind::SummaryLargeImage,
        title: "SVG heroes are drawn by resvg",
        category: Some("SVG"),
        bytes: svg_bytes,
    },
    Made {
        kind: CardKind::Summary,
        title: "Square card, portrait hero: the face stays in the panel",
        category: Some("People"),
        bytes: portrait_jpeg,
    },
];

fn noise(x: u32, y: u32) -> f32 {
    let mut v = x.wrapping_mul(0x9E37_79B9) ^ y.wrapping_mul(0x85EB_CA6B);
    v ^= v >> 15;
    v = v.wrapping_mul(0x2C1B_3C6D);
    v ^= v >> 12;
    (v % 13) as f32 - 6.0
}

fn jpeg(img: &RgbImage) -> Vec<u8> {
    card::encode::encode_jpeg(img, 90)
}

fn png_rgba(img: &image::RgbaImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::ImageRgba8(img.clone())
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A synthetic portrait: face-like oval (skin tone, eyes) on shoulders and a
/// noisy studio backdrop, 900 × 1350.
fn portrait_image() -> RgbImage {
    RgbImage::from_fn(900, 1350, |x, y| {
        let (dx, dy) = (x as f32 - 450.0, y as f32 - 330.0);
        let n = noise(x, y);
        let face = (dx / 150.0).powi(2) + (dy / 195.0).powi(2);
        let eye = ((dx.abs() - 58.0) / 20.0).powi(2) + ((dy + 30.0) / 12.0).powi(2) < 1.0;
        let mouth = (dx / 55.0).powi(2) + ((dy - 95.0) / 10.0).powi(2) < 1.0;
        let hair = (dx / 170.0).powi(2) + ((dy + 60.0) / 200.0).powi(2) < 1.0 && dy < -90.0;
        let body = y > 520 && (dx / 330.0).powi(2) + ((y as f32 - 1150.0) / 620.0).powi(2) < 1.0;
        let c: [f32; 3] = if eye {
            [35.0, 28.0, 26.0]
        } else if mouth {
            [170.0, 80.0, 80.0]
        } else if hair {
            [60.0, 40.0, 30.0]
        } else if face < 1.0 {
            let shade = 1.0 - 0.15 * face;
            [224.0 * shade, 172.0 * shade, 140.0 * shade]
        } else if body {
            [40.0, 70.0, 130.0]
        } else {
            let t = y as f32 / 1350.0;
            [120.0 + 60.0 * t, 140.0 + 30.0 * t, 110.0 - 20.0 * t]
        };
        image::Rgb(c.map(|v| (v + n).clamp(0.0, 255.0) as u8))
    })
}

fn portrait_jpeg() -> Vec<u8> {
    jpeg(&portrait_image())
}

/// A landscape photo stored rotated (as a phone in portrait orientation
/// writes it) with EXIF orientation 6.
fn sideways_jpeg() -> Vec<u8> {
    let upright = RgbImage::from_fn(1600, 1000, |x, y| {
        let n = noise(x, y);
        let sky = y < 600;
        let sun = ((x as f32 - 1200.0).powi(2) + (y as f32 - 250.0).powi(2)).sqrt() < 110.0;
        let c: [f32; 3] = if sun {
            [255.0, 230.0, 150.0]
        } else if sky {
            [90.0 + y as f32 * 0.15, 150.0 + y as f32 * 0.1, 230.0]
        } else {
            [60.0, 120.0 + (x % 97) as f32 * 0.2, 50.0]
        };
        image::Rgb(c.map(|v| (v + n).clamp(0.0, 255.0) as u8))
    });
    // Stored turned 90° anticlockwise; orientation 6 says "turn clockwise".
    let stored = image::imageops::rotate270(&upright);
    let body = jpeg(&stored);
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&1u16.to_be_bytes());
    tiff.extend_from_slice(&0x0112u16.to_be_bytes());
    tiff.extend_from_slice(&3u16.to_be_bytes());
    tiff.extend_from_slice(&1u32.to_be_bytes());
    tiff.extend_from_slice(&[0, 6, 0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes());
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = body[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&body[2..]);
    out
}

fn icon_png() -> Vec<u8> {
    png_rgba(&image::RgbaImage::from_fn(64, 64, |x, y| {
        let d = ((x as f32 - 31.5).powi(2) + (y as f32 - 31.5).powi(2)).sqrt();
        image::Rgba(if d < 17.0 {
            [255, 210, 60, 255]
        } else {
            [50, 110, 240, 255]
        })
    }))
}

fn logo_png() -> Vec<u8> {
    png_rgba(&image::RgbaImage::from_fn(600, 200, |x, y| {
        let d = ((x as f32 - 100.0).powi(2) + (y as f32 - 100.0).powi(2)).sqrt();
        let ring = (50.0..78.0).contains(&d);
        let bars = x > 210 && x < 570 && y > 70 && y < 130 && (x / 36) % 2 == 0;
        image::Rgba([10, 10, 14, if ring || bars { 255 } else { 0 }])
    }))
}

fn svg_bytes() -> Vec<u8> {
    br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 210">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
<stop offset="0" stop-color="#12c2e9"/><stop offset="1" stop-color="#f64f59"/></linearGradient></defs>
<rect width="400" height="210" fill="url(#g)"/>
<circle cx="300" cy="100" r="60" fill="#ffffff" fill-opacity="0.85"/>
<path d="M40 170 L120 60 L200 170 Z" fill="#1b1f3b"/>
</svg>"##
        .to_vec()
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
            rtl: false,
            author: None,
            avatar: None,
            description: None,
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
    for (j, m) in MADE.iter().enumerate() {
        let i = SAMPLES.len() + j;
        let image = match card::decode_hero(&(m.bytes)()) {
            Ok(img) => img,
            Err(e) => panic!("made hero {i}: {e}"),
        };
        let text = CardText {
            title: m.title,
            site_name: "filecoin.io/blog",
            category: m.category,
            date: Some("19 Dec 2024"),
            rtl: false,
            author: None,
            avatar: None,
            description: None,
        };
        let hero = card::Hero {
            image: &image,
            focus: None,
            kind: None,
        };
        let drawn = renderer.draw(m.kind, &text, Some(&hero));
        for w in drawn.warnings {
            eprintln!("warning: card {i}: {w}");
        }
        eprintln!("card {i}: {:?}", drawn.flags.layout);
        if let Some(dir) = &cards_dir {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(
                dir.join(format!("{i:02}.png")),
                card::encode_png(&drawn.pixels),
            )
            .unwrap();
        }
        cards.push((m.kind, drawn.pixels));
    }
    // Text-only posts in other scripts, dated as the build dates a post in
    // that language; `rtl` is what a post in `ar`, `he`, `fa` or `ur` gets,
    // whatever its first word.
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    let texts: [(&str, Option<&str>, &str, bool); 3] = [
        (
            "Rust لغة برمجة سريعة وآمنة للأنظمة",
            Some("أخبار"),
            "ar",
            true,
        ),
        (
            "去中心化儲存的未來：開發者大會回顧與展望",
            Some("新聞"),
            "zh-Hant",
            false,
        ),
        ("हिन्दी में शीर्षक: क्षेत्रीय भंडारण", Some("समाचार"), "hi", false),
    ];
    for (title, category, lang, rtl) in texts {
        let date = card::date::card_date(day, lang);
        let date = date.as_str();
        let text = CardText {
            title,
            site_name: "filecoin.io/blog",
            category,
            date: Some(date),
            rtl,
            author: None,
            avatar: None,
            description: None,
        };
        let drawn = renderer.draw(CardKind::SummaryLargeImage, &text, None);
        for w in drawn.warnings {
            eprintln!("warning: {title}: {w}");
        }
        cards.push((CardKind::SummaryLargeImage, drawn.pixels));
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
    for (name, f) in [
        ("jpeg85", card::encode::Format::Jpeg),
        ("webp-lossless", card::encode::Format::Webp),
        ("palette-png", card::encode::Format::Auto),
    ] {
        let mut best = f64::MAX;
        let mut len = 0;
        for _ in 0..3 {
            let t = Instant::now();
            len = card::encode::encode(img, f, &card::CardFlags::default())
                .bytes
                .len();
            best = best.min(t.elapsed().as_secs_f64() * 1e3);
        }
        line.push_str(&format!(" | {name} {:>4} KB {:>6.1} ms", len / 1024, best));
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
