//! Card drawing tests: reference PNGs, determinism, warnings.
//!
//! Reference cards live in `src/card/testdata/<name>.png`. They are compared by
//! decoded pixels with a tolerance (≤ 2 per channel, ≤ 0.1 % of pixels may
//! differ by more), because SIMD resizing may round differently on another
//! CPU. On a failure the test writes `target/card-diffs/<name>.png`: expected |
//! mask (red = differing pixel) | actual.
//!
//! **Updating** after an intended design change: `FEEDCARD_BLESS=1 cargo test
//! card::` rewrites the references; look at every changed PNG before
//! committing. Never bless in CI. Fixture heroes are generated here in code.

use std::path::PathBuf;

use image::{DynamicImage, Rgb, RgbImage, Rgba, RgbaImage};

use super::*;

fn renderer() -> &'static Renderer {
    static R: std::sync::OnceLock<Renderer> = std::sync::OnceLock::new();
    R.get_or_init(|| Renderer::load(None, &[]).expect("built-in renderer loads"))
}

/// A smooth but varied "photo": diagonal gradient, soft discs, a bright sky.
fn busy_hero(w: u32, h: u32) -> DynamicImage {
    let discs = [
        (0.2, 0.3, 0.22, [250.0, 200.0, 60.0]),
        (0.7, 0.6, 0.3, [40.0, 180.0, 220.0]),
        (0.5, 0.9, 0.25, [230.0, 60.0, 90.0]),
        (0.9, 0.15, 0.18, [255.0, 255.0, 255.0]),
    ];
    DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
        let mut c = [60.0 + 150.0 * fx, 90.0 + 100.0 * fy, 160.0 - 80.0 * fx];
        for (cx, cy, r, col) in discs {
            let d = ((fx - cx).powi(2) + (fy - cy).powi(2)).sqrt() / r;
            let k = (1.0 - d).clamp(0.0, 1.0).powf(0.7);
            for i in 0..3 {
                c[i] = c[i] * (1.0 - k) + col[i] * k;
            }
        }
        // Stripes for high-frequency detail.
        let stripe = if (x / 24 + y / 24) % 2 == 0 {
            18.0
        } else {
            0.0
        };
        let n = noise(x, y);
        Rgb(c.map(|v: f32| (v + stripe + n).clamp(0.0, 255.0) as u8))
    }))
}

/// Deterministic "sensor noise" of ±6 levels: what makes a real photo a
/// photo to the classifier (no two neighbouring pixels are equal).
fn noise(x: u32, y: u32) -> f32 {
    let mut v = x.wrapping_mul(0x9E37_79B9) ^ y.wrapping_mul(0x85EB_CA6B);
    v ^= v >> 15;
    v = v.wrapping_mul(0x2C1B_3C6D);
    v ^= v >> 12;
    (v % 13) as f32 - 6.0
}

/// A portrait (600 × 900) with a face-like skin-toned oval in the top third.
fn portrait() -> DynamicImage {
    let base = busy_hero(600, 900).to_rgb8();
    DynamicImage::ImageRgb8(RgbImage::from_fn(600, 900, |x, y| {
        let (dx, dy) = (x as f32 - 300.0, y as f32 - 210.0);
        let face = (dx / 105.0).powi(2) + (dy / 135.0).powi(2);
        let eye = ((dx.abs() - 40.0) / 14.0).powi(2) + ((dy + 25.0) / 9.0).powi(2) < 1.0;
        if eye {
            Rgb([40, 30, 28])
        } else if face < 1.0 {
            Rgb([(222.0 + noise(x, y)) as u8, 170, 138])
        } else if y > 330 && (dx / 200.0).powi(2) + ((y as f32 - 700.0) / 380.0).powi(2) < 1.0 {
            Rgb([30, 60, (120.0 + noise(x, y)) as u8])
        } else {
            *base.get_pixel(x, y)
        }
    }))
}

/// A 64 × 64 app icon.
fn tiny_icon() -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(64, 64, |x, y| {
        let d = ((x as f32 - 31.5).powi(2) + (y as f32 - 31.5).powi(2)).sqrt();
        Rgb(if d < 18.0 {
            [255, 200, 40]
        } else {
            [230, 60, 90]
        })
    }))
}

const SVG_HERO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 210">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
<stop offset="0" stop-color="#12c2e9"/><stop offset="1" stop-color="#f64f59"/></linearGradient></defs>
<rect width="400" height="210" fill="url(#g)"/>
<circle cx="300" cy="100" r="60" fill="#ffffff" fill-opacity="0.85"/>
<path d="M40 170 L120 60 L200 170 Z" fill="#1b1f3b"/>
</svg>"##;

fn light_hero(w: u32, h: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
        let t = (x + y) as f32 / (w + h) as f32;
        let n = noise(x, y);
        Rgb([
            (245.0 - 20.0 * t + n).clamp(0.0, 255.0) as u8,
            (240.0 - 10.0 * t + n).clamp(0.0, 255.0) as u8,
            (230.0 + 20.0 * t + n).clamp(0.0, 255.0) as u8,
        ])
    }))
}

/// A logo-like PNG with transparency: a solid ring on nothing.
fn alpha_hero() -> DynamicImage {
    DynamicImage::ImageRgba8(RgbaImage::from_fn(300, 200, |x, y| {
        let d = ((x as f32 - 150.0).powi(2) + (y as f32 - 100.0).powi(2)).sqrt();
        let a = if (50.0..80.0).contains(&d) { 255 } else { 0 };
        Rgba([255, 180, 40, a])
    }))
}

/// A black wordmark-like logo on transparency.
fn dark_logo() -> DynamicImage {
    DynamicImage::ImageRgba8(RgbaImage::from_fn(480, 160, |x, y| {
        let d = ((x as f32 - 80.0).powi(2) + (y as f32 - 80.0).powi(2)).sqrt();
        let ring = (40.0..62.0).contains(&d);
        let bars = x > 170 && x < 450 && y > 55 && y < 105 && (x / 30) % 2 == 0;
        Rgba([8, 8, 12, if ring || bars { 255 } else { 0 }])
    }))
}

struct Case {
    name: &'static str,
    kind: CardKind,
    title: &'static str,
    category: Option<&'static str>,
    hero: Option<DynamicImage>,
    focus: Option<(f32, f32)>,
}

fn cases() -> Vec<Case> {
    use CardKind::*;
    vec![
        Case {
            name: "large-no-hero",
            kind: SummaryLargeImage,
            title: "Designing cards that read well at a glance",
            category: Some("Design"),
            hero: None,
            focus: None,
        },
        Case {
            name: "large-busy-hero-long",
            kind: SummaryLargeImage,
            title: "Q&A: what “incremental” really means for a static site with 10,000 posts, \
                    200 categories and a very slow build server",
            category: Some("Engineering"),
            hero: Some(busy_hero(1600, 900)),
            focus: None,
        },
        Case {
            name: "large-overflow-ellipsis",
            kind: SummaryLargeImage,
            title: "An extremely long title that keeps going and going, far past anything a \
                    card could hold, so the renderer must shrink it to the minimum size and \
                    then cut the last line with an ellipsis instead of spilling out of the box \
                    and over the footer where the site name lives",
            category: None,
            hero: Some(light_hero(1200, 630)),
            focus: None,
        },
        Case {
            name: "large-rtl-arabic",
            kind: SummaryLargeImage,
            title: "مرحبا بالعالم: دليل عملي لبناء المواقع الثابتة",
            category: Some("أخبار"),
            hero: None,
            focus: None,
        },
        Case {
            name: "large-alpha-hero",
            kind: SummaryLargeImage,
            title: "Transparent logos sit on the template background",
            category: None,
            hero: Some(alpha_hero()),
            focus: None,
        },
        Case {
            name: "summary-light-hero",
            kind: Summary,
            title: "Light heroes keep a readable title below the panel",
            category: Some("Guides"),
            hero: Some(light_hero(900, 600)),
            focus: None,
        },
        Case {
            name: "large-devanagari",
            kind: SummaryLargeImage,
            title: "हिन्दी में शीर्षक: क्षेत्रीय भंडारण और श्री",
            category: Some("समाचार"),
            hero: None,
            focus: None,
        },
        Case {
            name: "large-bengali-tamil",
            kind: SummaryLargeImage,
            title: "বাংলা শিরোনাম ক্ষেত্র — தமிழ் தலைப்பு ஸ்ரீ",
            category: None,
            hero: None,
            focus: None,
        },
        Case {
            name: "summary-thai",
            kind: Summary,
            title: "หัวข้อภาษาไทย น้ำใจ ที่อ่านง่าย",
            category: Some("ข่าว"),
            hero: None,
            focus: None,
        },
        Case {
            name: "large-georgian-armenian-ethiopic",
            kind: SummaryLargeImage,
            title: "ქართული სათაური · Հայերեն վերնագիր · የአማርኛ ርዕስ",
            category: None,
            hero: Some(busy_hero(1600, 900)),
            focus: None,
        },
        Case {
            name: "summary-hangul",
            kind: Summary,
            title: "분산 스토리지의 미래: 개발자 회의 요약",
            category: Some("소식"),
            hero: None,
            focus: None,
        },
        Case {
            name: "large-traditional-chinese",
            kind: SummaryLargeImage,
            title: "去中心化儲存的未來：開發者大會回顧與展望",
            category: Some("新聞"),
            hero: None,
            focus: None,
        },
        Case {
            name: "large-emoji-sequences",
            kind: SummaryLargeImage,
            title: "Flags 🇫🇷 🇯🇵, 👩‍💻 at work, 👍🏽 and 🏳️‍🌈 — one glyph each",
            category: None,
            hero: None,
            focus: None,
        },
        Case {
            name: "large-markup-and-breaks",
            kind: SummaryLargeImage,
            title: "Q&amp;A: why `std::collections::HashMap` is fast<br>and when it is not",
            category: Some("Rust"),
            hero: None,
            focus: None,
        },
        Case {
            name: "large-short-title-grows",
            kind: SummaryLargeImage,
            title: "Ship it",
            category: Some("News"),
            hero: None,
            focus: None,
        },
        Case {
            name: "summary-five-lines",
            kind: Summary,
            title: "A very long title about storage providers, retrieval markets, deal-making \
                    and the economics of keeping the world's data safe for a hundred years",
            category: None,
            hero: None,
            focus: None,
        },
        Case {
            name: "summary-cjk-no-hero",
            kind: Summary,
            title: "東京で開催された分散型ストレージ会議のまとめ：新しい技術と未来の展望",
            category: Some("イベント"),
            hero: None,
            focus: None,
        },
        Case {
            name: "large-banner-with-text",
            kind: SummaryLargeImage,
            title: "A designed banner keeps its own headline: the title goes beside it",
            category: Some("Banners"),
            hero: Some(super::hero::tests::banner(1200, 630)),
            focus: None,
        },
        Case {
            name: "large-portrait-face",
            kind: SummaryLargeImage,
            title: "A portrait cropped wide keeps the face",
            category: None,
            hero: Some(portrait()),
            focus: None,
        },
        Case {
            name: "large-tiny-icon",
            kind: SummaryLargeImage,
            title: "A 64 px icon is placed at 2× on a fill, not stretched into a blur",
            category: None,
            hero: Some(tiny_icon()),
            focus: None,
        },
        Case {
            name: "summary-dark-logo",
            kind: Summary,
            title: "A black logo on transparency gets a light plate",
            category: Some("Brand"),
            hero: Some(dark_logo()),
            focus: None,
        },
        Case {
            name: "large-exif-rotated",
            kind: SummaryLargeImage,
            title: "Phone photos stand upright",
            category: None,
            // Big enough to fill its area without enlarging (a tiny one warns).
            hero: Some(
                super::hero::decode_hero(&super::hero::tests::sideways_jpeg_of(800, 400)).unwrap(),
            ),
            focus: None,
        },
        Case {
            name: "large-svg",
            kind: SummaryLargeImage,
            title: "SVG heroes are drawn",
            category: None,
            hero: Some(super::hero::decode_hero(SVG_HERO.as_bytes()).unwrap()),
            focus: None,
        },
    ]
}

fn draw_case(c: &Case) -> (RgbImage, Vec<String>) {
    let text = CardText {
        title: c.title,
        site_name: "feedcard.example",
        category: c.category,
        date: Some("19 Dec 2024"),
        rtl: false,
        author: None,
        avatar: None,
        description: None,
    };
    let hero = c.hero.as_ref().map(|image| Hero {
        image,
        focus: c.focus,
        kind: None,
    });
    let drawn = renderer().draw(c.kind, &text, hero.as_ref());
    (drawn.pixels, drawn.warnings)
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// Compares with the stored reference; returns a message on failure.
fn check_reference(name: &str, actual: &RgbImage) -> Result<(), String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/card/testdata")
        .join(format!("{name}.png"));
    if std::env::var_os("FEEDCARD_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, encode_png_best(actual)).unwrap();
        return Ok(());
    }
    let expected = match image::open(&path) {
        Ok(img) => img.to_rgb8(),
        Err(e) => {
            return Err(format!(
                "{}: {e}; run FEEDCARD_BLESS=1 cargo test to create it",
                path.display()
            ))
        }
    };
    if expected.dimensions() != actual.dimensions() {
        return Err(format!(
            "{name}: size {:?} != reference {:?}",
            actual.dimensions(),
            expected.dimensions()
        ));
    }
    let (w, h) = expected.dimensions();
    let mut mask = RgbImage::from_pixel(w, h, Rgb([0, 0, 0]));
    let mut differing = 0u64;
    let mut worst = 0u8;
    for (x, y, e) in expected.enumerate_pixels() {
        let a = actual.get_pixel(x, y);
        let d =
            e.0.iter()
                .zip(a.0)
                .map(|(p, q)| p.abs_diff(q))
                .max()
                .unwrap();
        worst = worst.max(d);
        if d > 2 {
            differing += 1;
            mask.put_pixel(x, y, Rgb([255, 0, 0]));
        }
    }
    let limit = (w as u64 * h as u64) / 1000;
    if differing > limit {
        let dir = target_dir().join("card-diffs");
        std::fs::create_dir_all(&dir).unwrap();
        let mut sheet = RgbImage::new(w * 3, h);
        image::imageops::replace(&mut sheet, &expected, 0, 0);
        image::imageops::replace(&mut sheet, &mask, w as i64, 0);
        image::imageops::replace(&mut sheet, actual, 2 * w as i64, 0);
        let out = dir.join(format!("{name}.png"));
        sheet.save(&out).unwrap();
        return Err(format!(
            "{name}: {differing} pixels differ by more than 2 (limit {limit}, worst {worst}); see {}",
            out.display()
        ));
    }
    Ok(())
}

/// References are stored with the best compression; they are read back as
/// pixels, so the setting does not matter for the comparison.
fn encode_png_best(img: &RgbImage) -> Vec<u8> {
    encode::encode_png_with(
        img,
        image::codecs::png::CompressionType::Best,
        image::codecs::png::FilterType::Adaptive,
    )
}

#[test]
fn reference_cards_match() {
    let mut failures = Vec::new();
    for case in cases() {
        let (img, warnings) = draw_case(&case);
        // The one expected warning: a hero too small to fill its area.
        let expected = usize::from(case.name == "large-tiny-icon");
        assert_eq!(warnings.len(), expected, "{}: {warnings:?}", case.name);
        if expected == 1 {
            assert!(warnings[0].contains("64×64 px, too small"), "{warnings:?}");
        }
        if let Err(e) = check_reference(case.name, &img) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn same_inputs_give_the_same_bytes() {
    for case in cases().into_iter().take(3) {
        let a = encode_png(&draw_case(&case).0);
        let b = encode_png(&draw_case(&case).0);
        assert!(a == b, "{} is not deterministic", case.name);
        assert!(a.len() < 5 * 1024 * 1024);
    }
}

#[test]
fn draws_the_same_on_other_threads() {
    let case = &cases()[1];
    let here = draw_case(case).0;
    let there = std::thread::scope(|s| s.spawn(|| draw_case(case).0).join().unwrap());
    assert!(here == there);
}

#[test]
fn sizes_come_from_the_templates() {
    assert_eq!(renderer().size(CardKind::Summary), (800, 800));
    assert_eq!(renderer().size(CardKind::SummaryLargeImage), (1200, 630));
    let Drawn { pixels: img, .. } = renderer().draw(
        CardKind::Summary,
        &CardText {
            title: "x",
            site_name: "s",
            category: None,
            date: None,
            rtl: false,
            author: None,
            avatar: None,
            description: None,
        },
        None,
    );
    assert_eq!(img.dimensions(), (800, 800));
}

#[test]
fn missing_glyphs_are_one_warning_naming_the_characters() {
    let Drawn { warnings, .. } = renderer().draw(
        CardKind::SummaryLargeImage,
        &CardText {
            title: "Hieroglyphs \u{13000} and \u{13001}\u{13000} here",
            site_name: "site",
            category: None,
            date: None,
            rtl: false,
            author: None,
            avatar: None,
            description: None,
        },
        None,
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("U+13000"), "{}", warnings[0]);
    assert!(warnings[0].contains("U+13001"), "{}", warnings[0]);
    assert!(warnings[0].contains("title"), "{}", warnings[0]);
}

#[test]
fn a_title_that_loses_most_letters_is_an_error() {
    let r = renderer();
    let lost = "\u{13000}\u{13001}\u{13002}\u{13003} ok";
    let err = r.title_error(CardKind::Summary, lost).expect("an error");
    assert!(err.contains("4 of the 6 letters"), "{err}");
    assert!(r
        .title_error(CardKind::Summary, "ok \u{13000} fine")
        .is_none());
    let every_script = "हिन्दी ქართული 한국어 繁體 ไทย";
    assert!(r
        .title_error(CardKind::SummaryLargeImage, every_script)
        .is_none());
}

#[test]
fn the_shared_title_check_agrees_with_a_full_itemization() {
    let r = renderer();
    let check = r.title_check();
    // ASCII titles take the shortcut; entities and other scripts do not.
    for title in [
        "Plain ASCII title, with punctuation: 42% off!",
        "Tabs\tand <br> breaks <em>and</em> `code`",
        "&#x13000;&#x13001;&#x13002;&#x13003; ok",
        "AT&amp;T &mdash; fine",
        "\u{13000}\u{13001}\u{13002}\u{13003} ok",
        "ok \u{13000} fine",
        "",
    ] {
        for kind in [CardKind::Summary, CardKind::SummaryLargeImage] {
            let faces = r.fonts.faces(&r.card(kind).title);
            let (letters, lost, _) = layout::coverage(title, &faces);
            assert_eq!(
                check.error(kind, title).is_some(),
                lost * 2 > letters,
                "{title:?}"
            );
        }
    }
    // An entity that decodes to a letter no font has is not waved through.
    assert!(check
        .error(CardKind::Summary, "&#x13000;&#x13001;&#x13002;&#x13003; ok")
        .is_some());
}

#[test]
fn fingerprint_changes_with_the_template() {
    let base = renderer().fingerprint();
    assert_eq!(base, Renderer::load(None, &[]).unwrap().fingerprint());
    let dir = tempfile::tempdir().unwrap();
    let changed = template::DEFAULT_SUMMARY.replace("max_size = 56", "max_size = 50");
    std::fs::write(dir.path().join("summary.toml"), changed).unwrap();
    let other = Renderer::load(Some(dir.path()), &[]).unwrap();
    assert_ne!(base, other.fingerprint());
}

#[test]
fn unknown_template_family_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let changed = template::DEFAULT_SUMMARY.replacen(
        "family = \"Inter Display\"",
        "family = \"Nope Sans\"",
        1,
    );
    std::fs::write(dir.path().join("summary.toml"), changed).unwrap();
    let err = Renderer::load(Some(dir.path()), &[]).err().unwrap();
    assert!(err.to_string().contains("Nope Sans"), "{err}");
    assert!(err.is_usage());
}

#[test]
fn extra_fonts_come_before_bundled_fallbacks() {
    // The bundled Hebrew face loaded again as an "extra" font: it becomes a
    // selectable family and the renderer still loads.
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fonts/NotoSansHebrew-Bold.ttf");
    let r = Renderer::load(None, &[path]).unwrap();
    assert_ne!(r.fingerprint(), renderer().fingerprint());
}

#[test]
fn hostile_titles_draw_within_bounds() {
    let long = "x".repeat(10_000);
    let zalgo = "Z\u{0351}\u{0300}\u{0301}\u{0302}".repeat(300);
    for title in [
        "",
        " ",
        long.as_str(),
        zalgo.as_str(),
        "\u{202E}reversed\u{202C} and \u{FEFF}bom",
        "🚀🔥💡🎉",
    ] {
        for kind in [CardKind::Summary, CardKind::SummaryLargeImage] {
            let Drawn { pixels: img, .. } = renderer().draw(
                kind,
                &CardText {
                    title,
                    site_name: "",
                    category: Some(""),
                    date: None,
                    rtl: false,
                    author: None,
                    avatar: None,
                    description: None,
                },
                None,
            );
            assert_eq!(img.dimensions(), renderer().size(kind));
        }
    }
}

#[test]
fn one_scale_key_resizes_the_whole_card() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("summary_large_image.toml"),
        format!("scale = 2\n{}", template::DEFAULT_SUMMARY_LARGE),
    )
    .unwrap();
    let big = Renderer::load(Some(dir.path()), &[]).unwrap();
    let text = CardText {
        title: "The same card at twice the size",
        site_name: "feedcard.example",
        category: Some("News"),
        date: Some("19 Dec 2024"),
        rtl: false,
        author: None,
        avatar: None,
        description: None,
    };
    let small = renderer()
        .draw(CardKind::SummaryLargeImage, &text, None)
        .pixels;
    let large = big.draw(CardKind::SummaryLargeImage, &text, None).pixels;
    assert_eq!(large.dimensions(), (2400, 1260));
    // Shrunk back, it is the 1× card: same layout, only sharper.
    let shrunk = image::imageops::resize(&large, 1200, 630, image::imageops::FilterType::Triangle);
    let diff: u64 = small
        .pixels()
        .zip(shrunk.pixels())
        .map(|(a, b)| (0..3).map(|i| a.0[i].abs_diff(b.0[i]) as u64).sum::<u64>())
        .sum();
    let mean = diff as f64 / (1200.0 * 630.0 * 3.0);
    assert!(mean < 2.0, "mean difference {mean}");
}

#[test]
fn a_category_accent_colours_the_bar_the_label_and_the_mark() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("summary_large_image.toml"),
        format!(
            "{}\n[accents]\nRust = \"#C2410C\"\n",
            template::DEFAULT_SUMMARY_LARGE
        ),
    )
    .unwrap();
    let r = Renderer::load(Some(dir.path()), &[]).unwrap();
    let draw = |category| {
        r.draw(
            CardKind::SummaryLargeImage,
            &CardText {
                title: "Accents",
                site_name: "feedcard.example",
                category: Some(category),
                date: None,
                rtl: false,
                author: None,
                avatar: None,
                description: None,
            },
            None,
        )
        .pixels
    };
    let accent = Rgb([0xC2, 0x41, 0x0C]);
    let rust = draw("rust");
    // The brand bar down the left edge (accent = true in the template).
    assert_eq!(*rust.get_pixel(4, 300), accent);
    let accented = |img: &RgbImage| img.pixels().filter(|p| **p == accent).count();
    let other = draw("Go");
    assert_ne!(*other.get_pixel(4, 300), accent, "no accent for Go");
    assert_eq!(accented(&other), 0);
    // Bar (10 × 630) plus the label's fill and the site name's mark.
    assert!(accented(&rust) > 10 * 630 + 2000, "{}", accented(&rust));
}

/// A templates folder whose large template has a background image.
fn background_templates(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let img = RgbImage::from_fn(900, 300, |x, y| Rgb([(x / 4) as u8, (y / 2) as u8, 200]));
    img.save(dir.path().join("bg.png")).unwrap();
    let text = template::DEFAULT_SUMMARY_LARGE.replace(
        "[background]\n",
        &format!("[background]\nimage = \"bg.png\"\nimage_opacity = 0.5\n{extra}"),
    );
    std::fs::write(dir.path().join("summary_large_image.toml"), text).unwrap();
    dir
}

#[test]
fn a_background_image_varies_per_post_and_is_stable_per_post() {
    let draw = |r: &Renderer, title| {
        r.draw(
            CardKind::SummaryLargeImage,
            &CardText {
                title,
                site_name: "feedcard.example",
                category: None,
                date: None,
                rtl: false,
                author: None,
                avatar: None,
                description: None,
            },
            None,
        )
        .pixels
    };
    // A corner no text reaches: only the background shows there.
    let corner = |img: &RgbImage| {
        (1150..1200)
            .flat_map(|x| (0..40).map(move |y| (x, y)))
            .map(|(x, y)| *img.get_pixel(x, y))
            .collect::<Vec<_>>()
    };
    let titles = ["First post", "Second post", "Third post", "Fourth post"];
    let varied_dir = background_templates("vary = true\n");
    let varied = Renderer::load(Some(varied_dir.path()), &[]).unwrap();
    let corners: Vec<_> = titles.iter().map(|t| corner(&draw(&varied, t))).collect();
    let distinct = corners
        .iter()
        .enumerate()
        .filter(|(i, c)| corners[..*i].iter().all(|d| d != *c))
        .count();
    assert!(distinct >= 3, "only {distinct} of 4 backgrounds differ");
    assert_eq!(draw(&varied, "First post"), draw(&varied, "First post"));

    let plain_dir = background_templates("");
    let plain = Renderer::load(Some(plain_dir.path()), &[]).unwrap();
    let a = corner(&draw(&plain, titles[0]));
    assert_eq!(
        a,
        corner(&draw(&plain, titles[1])),
        "no vary: one background"
    );
    // The image shows: the corner is not the template's flat navy.
    let builtin = corner(&draw(renderer(), titles[0]));
    assert_ne!(a, builtin);
}

#[test]
fn a_background_image_outside_the_templates_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = template::DEFAULT_SUMMARY_LARGE
        .replace("[background]\n", "[background]\nimage = \"../x.png\"\n");
    std::fs::write(dir.path().join("summary_large_image.toml"), text).unwrap();
    let err = Renderer::load(Some(dir.path()), &[])
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("must be a file inside the templates folder"),
        "{err}"
    );
}

#[test]
fn logo_author_and_description_slots_draw_what_the_post_gives() {
    let dir = tempfile::tempdir().unwrap();
    // A wide red logo: fitted whole, it is 200 × 50 centred in its area.
    RgbImage::from_pixel(80, 20, Rgb([230, 20, 20]))
        .save(dir.path().join("logo.png"))
        .unwrap();
    let slots = "\n[logo]\nimage = \"logo.png\"\narea = [900, 30, 200, 100]\n\
        \n[author]\nx = 72\ny = 610\nsize = 20\ncolor = \"#FFFFFF\"\n\
        \n[description]\nx = 72\ny = 30\nw = 700\nh = 80\nmax_size = 28\nmin_size = 20\n\
        max_lines = 2\ncolor = \"#FFFFFF\"\nweight = 500\nfamily = \"Inter\"\n";
    std::fs::write(
        dir.path().join("summary_large_image.toml"),
        format!("{}{slots}", template::DEFAULT_SUMMARY_LARGE),
    )
    .unwrap();
    let r = Renderer::load(Some(dir.path()), &[]).unwrap();
    let draw = |author, description| {
        let drawn = r.draw(
            CardKind::SummaryLargeImage,
            &CardText {
                title: "Slots",
                site_name: "feedcard.example",
                category: None,
                date: None,
                rtl: false,
                author,
                avatar: None,
                description,
            },
            None,
        );
        assert!(drawn.warnings.is_empty(), "{:?}", drawn.warnings);
        drawn.pixels
    };
    let bare = draw(None, None);
    let full = draw(
        Some("Ada Lovelace"),
        Some("What the post is about, in a line."),
    );
    let red = |img: &RgbImage, x, y| *img.get_pixel(x, y) == Rgb([230, 20, 20]);
    assert!(red(&bare, 1000, 80) && red(&bare, 901, 56) && red(&bare, 1098, 103));
    assert!(
        !red(&bare, 1000, 40) && !red(&bare, 1000, 120),
        "kept its proportions"
    );
    let changed = |x0, y0, x1, y1| {
        (x0..x1)
            .flat_map(|x| (y0..y1).map(move |y| (x, y)))
            .filter(|&(x, y)| bare.get_pixel(x, y) != full.get_pixel(x, y))
            .count()
    };
    assert!(
        changed(72, 590, 400, 615) > 300,
        "the author's name is drawn"
    );
    assert!(changed(72, 30, 772, 110) > 1000, "the description is drawn");
    assert_eq!(changed(0, 130, 1200, 580), 0, "nothing else moved");
}

/// Columns of the footer band (y 530–565) where `pick` holds for a pixel.
fn footer_columns(img: &RgbImage, pick: impl Fn([u8; 3]) -> bool) -> Vec<u32> {
    (0..img.width())
        // Past the brand bar down the left edge.
        .filter(|&x| x >= 12 && (530..565).any(|y| pick(img.get_pixel(x, y).0)))
        .collect()
}

#[test]
fn labels_mirror_on_a_right_to_left_card() {
    let draw = |rtl| {
        let text = CardText {
            title: if rtl {
                "مرحبا بالعالم: دليل عملي"
            } else {
                "Hello world: a practical guide"
            },
            site_name: "feedcard.example",
            category: Some("أخبار"),
            date: Some("19 Dec 2024"),
            rtl,
            author: None,
            avatar: None,
            description: None,
        };
        renderer()
            .draw(CardKind::SummaryLargeImage, &text, None)
            .pixels
    };
    // The site name's mark is the template's blue square (#4C7DFF); the
    // site name is near-white, the date grey-blue (#B7C1D3).
    let mark = |p: [u8; 3]| p[2] > 200 && p[0] < 120 && p[1] > 90 && p[1] < 160;
    let white = |p: [u8; 3]| p.iter().all(|&c| c > 225);
    let grey =
        |p: [u8; 3]| p[0].abs_diff(183) <= 5 && p[1].abs_diff(193) <= 5 && p[2].abs_diff(211) <= 5;
    let ltr = draw(false);
    let rtl = draw(true);
    let _ = rtl.save(target_dir().join("rtl-labels.png"));
    let _ = ltr.save(target_dir().join("ltr-labels.png"));
    let (m, w, g) = (
        footer_columns(&ltr, mark),
        footer_columns(&ltr, white),
        footer_columns(&ltr, grey),
    );
    assert!(
        !m.is_empty() && m.iter().all(|&x| x < 120),
        "LTR mark at {m:?}"
    );
    assert!(
        *w.last().unwrap() < 640 && *g.first().unwrap() > 700,
        "{:?}",
        (w.first(), w.last(), g.first(), g.last())
    );
    let (m, w, g) = (
        footer_columns(&rtl, mark),
        footer_columns(&rtl, white),
        footer_columns(&rtl, grey),
    );
    // Mirrored: the mark at the right edge (1200 − 72), leading the site
    // name, which starts at the right; the date on the left.
    assert!(
        !m.is_empty() && m.iter().all(|&x| x > 1080 && x <= 1128),
        "RTL mark at {m:?}"
    );
    assert!(
        *w.first().unwrap() > 560 && *w.last().unwrap() < 1110,
        "RTL site name at {:?}",
        (w.first(), w.last())
    );
    assert!(
        *g.first().unwrap() >= 72 && *g.last().unwrap() < 500,
        "RTL date at {:?}",
        (g.first(), g.last())
    );
}

/// WCAG contrast of two relative luminances.
fn contrast(a: f32, b: f32) -> f32 {
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

#[test]
fn a_light_banners_backdrop_keeps_every_light_text_colour_legible() {
    // A light banner (near-white with blue "letters"): its blurred backdrop
    // starts out almost white, the hardest case for the haze.
    let light = DynamicImage::ImageRgb8(RgbImage::from_fn(1000, 500, |x, y| {
        let letter = (200..300).contains(&y) && (100..600).contains(&x) && (x / 12) % 3 != 2;
        Rgb(if letter {
            [40, 110, 230]
        } else {
            [235, 245, 250]
        })
    }));
    let text = CardText {
        title: "Hi",
        site_name: "feedcard.example",
        category: None,
        date: Some("19 Dec 2024"),
        rtl: false,
        author: None,
        avatar: None,
        description: None,
    };
    let hero = Hero {
        image: &light,
        focus: None,
        kind: Some(HeroKind::Banner),
    };
    let drawn = renderer().draw(CardKind::SummaryLargeImage, &text, Some(&hero));
    assert_eq!(drawn.flags.layout, HeroLayout::Banner);
    let img = &drawn.pixels;
    let _ = img.save(target_dir().join("light-banner-backdrop.png"));
    // Backdrop only: the title column above the short title, and the footer
    // between the site name and the date.
    let brightest = [(200..600, 120..380), (560..880, 515..575)]
        .into_iter()
        .flat_map(|(xs, ys)| ys.flat_map(move |y| xs.clone().map(move |x| (x, y))))
        .map(|(x, y)| hero::luminance(img.get_pixel(x, y).0))
        .fold(0.0f32, f32::max);
    let t = &renderer().card(CardKind::SummaryLargeImage).loaded.template;
    for (what, colour) in [
        ("title", t.title.color),
        ("site name", t.site_name.as_ref().unwrap().color),
        ("date", t.date.as_ref().unwrap().color),
    ] {
        let c = contrast(hero::luminance(colour.rgb()), brightest);
        assert!(c >= 4.5, "{what} on the backdrop: {c:.2}:1");
    }
}

/// Rows (in `ys`) of the text column holding near-white or light grey ink.
fn ink_rows(img: &RgbImage, ys: std::ops::Range<u32>) -> Vec<u32> {
    ys.filter(|&y| (72..1128).any(|x| img.get_pixel(x, y).0.iter().all(|&c| c > 170)))
        .collect()
}

#[test]
fn index_cards_show_the_feeds_description_under_a_raised_title() {
    let text = |description| CardText {
        title: "Rust",
        site_name: "feedcard.example",
        category: None,
        date: None,
        rtl: false,
        author: None,
        avatar: None,
        description,
    };
    let with = renderer()
        .draw_index(
            CardKind::SummaryLargeImage,
            &text(Some("Rust posts from feedcard.example")),
        )
        .pixels;
    let _ = with.save(target_dir().join("index-card.png"));
    // The description's box (built-in [index.description]: y 372–472)
    // holds ink; the title ends well above it.
    let description = ink_rows(&with, 372..472);
    assert!(description.len() > 15, "description rows {description:?}");
    let title = ink_rows(&with, 96..362);
    assert!(
        !title.is_empty() && *title.last().unwrap() < 360,
        "{title:?}"
    );
    // A post card with the same text draws no description (the built-in
    // post template has none) and keeps its title at the bottom.
    let post = renderer()
        .draw(
            CardKind::SummaryLargeImage,
            &text(Some("Rust posts from feedcard.example")),
            None,
        )
        .pixels;
    assert!(*ink_rows(&post, 96..480).last().unwrap() > 400);
    // A feed without a description leaves its box empty.
    let without = renderer()
        .draw_index(CardKind::SummaryLargeImage, &text(None))
        .pixels;
    assert!(ink_rows(&without, 372..472).is_empty());
}

#[test]
fn an_avatar_is_cropped_round_from_its_centre() {
    // A wide avatar: a green square in the middle of red side bands, so a
    // cover crop from the centre shows only green.
    let mut avatar = RgbImage::from_pixel(300, 100, Rgb([220, 30, 30]));
    for x in 100..200 {
        for y in 0..100 {
            avatar.put_pixel(x, y, Rgb([20, 200, 60]));
        }
    }
    let avatar = DynamicImage::ImageRgb8(avatar);
    let background = Rgb([10, 10, 40]);
    let mut img = RgbImage::from_pixel(100, 100, background);
    draw_avatar(&mut img, &avatar, 20.0, 20.0, 48.0);
    let green = |p: &Rgb<u8>| p.0[1] > 180 && p.0[0] < 60;
    assert!(green(img.get_pixel(44, 44)), "the centre is the avatar");
    for (x, y) in [(20, 20), (67, 20), (20, 67), (67, 67), (22, 22)] {
        assert_eq!(*img.get_pixel(x, y), background, "corner ({x}, {y})");
    }
    for (x, y) in [(20, 44), (67, 44), (44, 20), (44, 67)] {
        assert!(green(img.get_pixel(x, y)), "the circle touches ({x}, {y})");
    }
    let red = img.pixels().filter(|p| p.0[0] > 150).count();
    assert_eq!(red, 0, "the side bands are cropped away");
    // The edge is anti-aliased: some pixels are between the two colours.
    let mixed = img.pixels().filter(|p| p.0[1] > 30 && p.0[1] < 170).count();
    assert!(mixed > 20, "{mixed} edge pixels blend");
    // Outside the card it is not drawn at all.
    let mut edge = RgbImage::from_pixel(100, 100, background);
    draw_avatar(&mut edge, &avatar, 80.0, 10.0, 48.0);
    assert!(edge.pixels().all(|p| *p == background));
}

#[test]
fn the_author_avatar_leads_the_name_and_mirrors_right_to_left() {
    let dir = tempfile::tempdir().unwrap();
    let author = "\n[author]\nx = 72\ny = 600\nsize = 24\navatar = 40\ncolor = \"#FFFFFF\"\n";
    std::fs::write(
        dir.path().join("summary_large_image.toml"),
        format!("{}{author}", template::DEFAULT_SUMMARY_LARGE),
    )
    .unwrap();
    let r = Renderer::load(Some(dir.path()), &[]).unwrap();
    let avatar = DynamicImage::ImageRgb8(RgbImage::from_pixel(64, 64, Rgb([20, 220, 60])));
    let draw = |rtl: bool, avatar| {
        r.draw(
            CardKind::SummaryLargeImage,
            &CardText {
                title: if rtl {
                    "مرحبا بالعالم"
                } else {
                    "Hello world"
                },
                site_name: "feedcard.example",
                category: None,
                date: None,
                rtl,
                author: Some("Ada Lovelace"),
                avatar,
                description: None,
            },
            None,
        )
        .pixels
    };
    let green = |p: &Rgb<u8>| p.0[1] > 180 && p.0[0] < 60 && p.0[2] < 100;
    let green_columns = |img: &RgbImage| -> Vec<u32> {
        (0..img.width())
            .filter(|&x| (570..620).any(|y| green(img.get_pixel(x, y))))
            .collect()
    };
    let ltr = draw(false, Some(&avatar));
    let columns = green_columns(&ltr);
    assert_eq!(
        (columns.first(), columns.last()),
        (Some(&72), Some(&111)),
        "a 40 px circle at the label's start"
    );
    // The name moved right of the avatar.
    let plain = draw(false, None);
    assert!(green_columns(&plain).is_empty());
    let white = |img: &RgbImage, x0: u32, x1: u32| {
        (x0..x1)
            .filter(|&x| (580..605).any(|y| img.get_pixel(x, y).0.iter().all(|&c| c > 230)))
            .count()
    };
    assert!(
        white(&plain, 72, 100) > 5,
        "without an avatar the name starts at x"
    );
    assert_eq!(
        white(&ltr, 60, 120),
        0,
        "with one, the name starts after it"
    );
    // Right to left: x counts from the right edge, the avatar at the right.
    let rtl = draw(true, Some(&avatar));
    let columns = green_columns(&rtl);
    assert_eq!(
        (columns.first(), columns.last()),
        (Some(&1088), Some(&1127))
    );
    // Deterministic bytes.
    assert_eq!(draw(false, Some(&avatar)).as_raw(), ltr.as_raw());
}
