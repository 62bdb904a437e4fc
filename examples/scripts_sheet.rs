//! Draws a title in every bundled script, plus the typography rules (markup,
//! breaks, short and long titles, localised dates), and tiles the cards into
//! `docs/scripts-sheet.png` at phone size (each card 400 px wide) and the
//! first few at full size beside it.
//!
//! ```text
//! cargo run --release --example scripts_sheet -- [OUT.png] [--cards DIR]
//! ```
//!
//! `--cards DIR` also writes each full-size card (to look at them 1:1).

use std::path::PathBuf;

use chrono::NaiveDate;
use feedcard::card::{self, CardText, Renderer};
use feedcard::post::CardKind;
use image::codecs::png::{CompressionType, FilterType};
use image::{imageops, RgbImage};

/// (title, category, site language for the date).
const SAMPLES: &[(&str, &str, &str)] = &[
    ("हिन्दी में शीर्षक: विकेंद्रीकृत भंडारण का भविष्य", "समाचार", "hi"),
    ("বাংলা শিরোনাম: বিকেন্দ্রীভূত সংরক্ষণের ভবিষ্যৎ", "খবর", "en"),
    ("தமிழ் தலைப்பு: பரவலாக்கப்பட்ட சேமிப்பு", "செய்திகள்", "en"),
    ("อนาคตของการจัดเก็บข้อมูลแบบกระจายศูนย์", "ข่าว", "en"),
    (
        "ქართული სათაური: დეცენტრალიზებული შენახვა",
        "სიახლეები",
        "en",
    ),
    (
        "Հայերեն վերնագիր՝ ապակենտրոնացված պահեստ",
        "Նորություններ",
        "en",
    ),
    ("የአማርኛ ርዕስ፡ ያልተማከለ የመረጃ ማከማቻ", "ዜና", "en"),
    ("분산 스토리지의 미래: 개발자 회의 요약", "소식", "ko"),
    ("去中心化儲存的未來：開發者大會回顧與展望", "新聞", "zh-TW"),
    ("去中心化存储的未来：开发者大会回顾与展望", "新闻", "zh"),
    (
        "Flags 🇫🇷 🇯🇵 🇧🇷, 👩‍💻 at work, 👍🏽 and 🏳️‍🌈 — one glyph each",
        "Emoji",
        "fr",
    ),
    (
        "Q&amp;A: why `std::collections::HashMap` is fast<br>and when it is not",
        "Markup",
        "de",
    ),
    ("Ship it", "Short titles grow", "es"),
    (
        "A very long title about storage providers, retrieval markets, deal-making and \
         the economics of keeping the world's data safe for a hundred years or more",
        "Five lines before an ellipsis",
        "pt",
    ),
];

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let cards_dir = match args.iter().position(|a| a == "--cards") {
        Some(i) if i + 1 < args.len() => {
            let dir = PathBuf::from(args.remove(i + 1));
            args.remove(i);
            Some(dir)
        }
        _ => None,
    };
    let out = PathBuf::from(
        args.first()
            .cloned()
            .unwrap_or_else(|| "docs/scripts-sheet.png".into()),
    );
    let renderer = Renderer::load(None, &[]).expect("renderer loads");
    let date = NaiveDate::from_ymd_opt(2026, 12, 3).expect("a date");
    let mut cards = Vec::new();
    for (i, (title, category, lang)) in SAMPLES.iter().enumerate() {
        let date = card::date::card_date(date, lang);
        let kind = if i % 4 == 3 {
            CardKind::Summary
        } else {
            CardKind::SummaryLargeImage
        };
        let text = CardText {
            title,
            site_name: "feedcard.example",
            category: Some(category),
            date: Some(&date),
            rtl: false,
            author: None,
            avatar: None,
            description: None,
        };
        let card::Drawn {
            pixels: img,
            warnings,
            ..
        } = renderer.draw(kind, &text, None);
        for w in warnings {
            eprintln!("warning: card {i}: {w}");
        }
        if let Some(dir) = &cards_dir {
            std::fs::create_dir_all(dir).expect("cards folder");
            std::fs::write(dir.join(format!("{i:02}.png")), card::encode_png(&img))
                .expect("card written");
        }
        cards.push(img);
    }
    let sheet = tile(&cards);
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).expect("output folder");
    }
    let bytes = card::encode::encode_png_with(&sheet, CompressionType::Best, FilterType::Adaptive);
    std::fs::write(&out, &bytes).expect("sheet written");
    eprintln!(
        "wrote {} ({}×{}, {} KB)",
        out.display(),
        sheet.width(),
        sheet.height(),
        bytes.len() / 1024
    );
}

/// Every card scaled to 400 px wide (a phone timeline), three to a row.
fn tile(cards: &[RgbImage]) -> RgbImage {
    const W: u32 = 400;
    const GAP: u32 = 16;
    const COLS: u32 = 3;
    let scaled: Vec<RgbImage> = cards
        .iter()
        .map(|c| {
            let h = c.height() * W / c.width();
            imageops::resize(c, W, h, imageops::FilterType::Lanczos3)
        })
        .collect();
    let rows: Vec<&[RgbImage]> = scaled.chunks(COLS as usize).collect();
    let row_h: Vec<u32> = rows
        .iter()
        .map(|r| r.iter().map(|c| c.height()).max().unwrap_or(0))
        .collect();
    let height = row_h.iter().sum::<u32>() + GAP * (rows.len() as u32 + 1);
    let mut sheet = RgbImage::from_pixel(COLS * W + GAP * (COLS + 1), height, image::Rgb([240; 3]));
    let mut y = GAP;
    for (row, h) in rows.iter().zip(&row_h) {
        for (i, c) in row.iter().enumerate() {
            let x = GAP + i as u32 * (W + GAP);
            imageops::replace(&mut sheet, c, x as i64, y as i64);
        }
        y += h + GAP;
    }
    sheet
}
