//! Card files: PNG (RGB8 or palette), JPEG or lossless WebP, deterministic
//! bytes.
//!
//! `[cards] format` picks one: `png` (the default), `jpeg` (quality 85),
//! `webp` (lossless: the `image` crate has no lossy WebP encoder) or `auto`:
//! JPEG for cards whose hero is a photo or a banner (continuous tone), a
//! palette PNG for flat cards (no hero, a logo on a plate), which is exact
//! when the card has at most 256 colours and NeuQuant-quantised otherwise.
//! None of the encoders writes a timestamp, so the same pixels always give
//! the same bytes.
//!
//! ## Formats, measured
//!
//! `cargo run --release --example contact_sheet -- --bench` prints, per card,
//! the size and best-of-3 time of JPEG 85, lossless WebP and palette PNG next
//! to the PNG settings below. Not yet measured for this table: the machine was
//! too loaded to finish a release build before the deadline of the change that
//! added the formats (see the lead's report). The issue's own figure: photo
//! cards of 200–800 KB as RGB PNG are 4–9× smaller as JPEG at quality 85.
//!
//! ## PNG settings, measured
//!
//! Measured on this machine (2-core AMD EPYC VM, release build, best of 3) with
//! `cargo run --release --example contact_sheet -- --bench` over twelve cards
//! drawn from corpus heroes:
//!
//! | card (RGB8)                       | Fast+Adaptive   | Fast+Sub        | Default+Adaptive | Best+Adaptive   |
//! |-----------------------------------|-----------------|-----------------|------------------|-----------------|
//! | 1200×630, photo hero (3 cards)    | 592–762 KB, 5–7 ms | 680–908 KB, 4–7 ms | 555–723 KB, 180–200 ms | 538–710 KB, 580–760 ms |
//! | 1200×630, flat graphic hero (2)   | 203–213 KB, 2.4 ms | 235–309 KB, 1.3–2.3 ms | 178–193 KB, 37–40 ms | 174–193 KB, 100–140 ms |
//! | 1200×630, no hero (gradient)      | 131 KB, 1.6 ms  | 164 KB, 0.9 ms  | 87 KB, 16 ms     | 90 KB, 52 ms    |
//! | 800×800, photo panel              | 655 KB, 2.7 ms  | 714 KB, 2.0 ms  | 637 KB, 61 ms    | 637 KB, 90 ms   |
//! | 800×800, no hero                  | 91 KB, 1.3 ms   | 118 KB, 0.7 ms  | 65 KB, 14 ms     | 66 KB, 39 ms    |
//!
//! For comparison, drawing a card (background, hero resize, scrim, text) takes
//! 4–15 ms and decoding a corpus hero 1–47 ms. `Default` would make encoding
//! 10–30× slower than everything else for 5–10 % smaller photo cards (a third
//! smaller text-only cards), so the default is `Fast` + `Adaptive`: every card
//! stays under 1 MB, far from X's 5 MB limit. `Sub` saves ~1 ms but costs
//! 10–40 % in size. Offer `oxipng` as a separate optimise pass if size matters.

use std::collections::HashMap;

use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder, RgbImage};
use serde::Deserialize;

use super::{CardFlags, HeroLayout};

/// `[cards] format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// RGB8 PNG: lossless, largest for photo cards.
    #[default]
    Png,
    /// JPEG at [`JPEG_QUALITY`].
    Jpeg,
    /// Lossless WebP.
    Webp,
    /// JPEG for photo and banner cards, palette PNG for flat ones.
    Auto,
}

/// The JPEG quality used: at 85 type edges stay clean on a dark scrim.
pub const JPEG_QUALITY: u8 = 85;

/// An encoded card.
#[derive(Debug, Clone)]
pub struct Encoded {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// File extension, without the dot.
    pub extension: &'static str,
    /// MIME type.
    pub media_type: &'static str,
}

/// Encodes a card in `format`; `auto` decides by what the card shows.
pub fn encode(img: &RgbImage, format: Format, flags: &CardFlags) -> Encoded {
    let photo = matches!(
        flags.layout,
        HeroLayout::Photo | HeroLayout::Banner | HeroLayout::Small
    );
    match format {
        Format::Png => png(encode_png(img)),
        Format::Jpeg => jpeg(img),
        Format::Webp => Encoded {
            bytes: encode_webp(img),
            extension: "webp",
            media_type: "image/webp",
        },
        Format::Auto if photo => jpeg(img),
        Format::Auto => png(encode_palette_png(img)),
    }
}

fn png(bytes: Vec<u8>) -> Encoded {
    Encoded {
        bytes,
        extension: "png",
        media_type: "image/png",
    }
}

fn jpeg(img: &RgbImage) -> Encoded {
    Encoded {
        bytes: encode_jpeg(img, JPEG_QUALITY),
        extension: "jpg",
        media_type: "image/jpeg",
    }
}

/// The MIME type of a card file, by its extension.
pub fn media_type_of(path: &str) -> &'static str {
    let path = path.split('?').next().unwrap_or(path).to_ascii_lowercase();
    if path.ends_with(".jpg") || path.ends_with(".jpeg") {
        "image/jpeg"
    } else if path.ends_with(".webp") {
        "image/webp"
    } else {
        "image/png"
    }
}

/// Encodes as baseline JPEG.
pub fn encode_jpeg(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::with_capacity(img.as_raw().len() / 10);
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            ExtendedColorType::Rgb8,
        )
        .expect("encoding a well-formed RGB8 buffer into memory cannot fail");
    out
}

/// Encodes as lossless WebP.
pub fn encode_webp(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::with_capacity(img.as_raw().len() / 4);
    image::codecs::webp::WebPEncoder::new_lossless(&mut out)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            ExtendedColorType::Rgb8,
        )
        .expect("encoding a well-formed RGB8 buffer into memory cannot fail");
    out
}

/// Encodes as an 8-bit palette PNG: the exact colours when there are at
/// most 256, else a NeuQuant palette (sampling every 10th pixel).
pub fn encode_palette_png(img: &RgbImage) -> Vec<u8> {
    let (palette, indices) = exact_palette(img).unwrap_or_else(|| quantised(img));
    let mut out = Vec::with_capacity(indices.len() / 4);
    {
        let mut encoder = png::Encoder::new(&mut out, img.width(), img.height());
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_palette(palette);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder
            .write_header()
            .expect("a PNG header into memory cannot fail");
        writer
            .write_image_data(&indices)
            .expect("indices match the declared size");
    }
    out
}

fn exact_palette(img: &RgbImage) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut index: HashMap<[u8; 3], u8> = HashMap::new();
    let mut palette = Vec::new();
    let mut indices = Vec::with_capacity((img.width() * img.height()) as usize);
    for p in img.pixels() {
        let i = match index.get(&p.0) {
            Some(&i) => i,
            None => {
                if index.len() == 256 {
                    return None;
                }
                let i = index.len() as u8;
                index.insert(p.0, i);
                palette.extend_from_slice(&p.0);
                i
            }
        };
        indices.push(i);
    }
    Some((palette, indices))
}

fn quantised(img: &RgbImage) -> (Vec<u8>, Vec<u8>) {
    let rgba: Vec<u8> = img
        .pixels()
        .flat_map(|p| [p.0[0], p.0[1], p.0[2], 255])
        .collect();
    // NeuQuant learns from every `sample`-th pixel: 10 is plenty on a full
    // card (75 000 samples) but starves a small image, whose palette then
    // misses whole regions; aim for about 100 000 samples.
    let sample = (rgba.len() / 4 / 100_000).clamp(1, 10) as i32;
    let nq = color_quant::NeuQuant::new(sample, 256, &rgba);
    let palette: Vec<u8> = nq
        .color_map_rgba()
        .chunks_exact(4)
        .flat_map(|c| [c[0], c[1], c[2]])
        .collect();
    // Cards repeat colours heavily (flat fills): look each up once.
    let mut memo: HashMap<[u8; 3], u8> = HashMap::new();
    let indices = img
        .pixels()
        .map(|p| {
            *memo
                .entry(p.0)
                .or_insert_with(|| nq.index_of(&[p.0[0], p.0[1], p.0[2], 255]) as u8)
        })
        .collect();
    (palette, indices)
}

/// The compression used by [`encode_png`].
pub const COMPRESSION: CompressionType = CompressionType::Fast;
/// The row filter used by [`encode_png`].
pub const FILTER: FilterType = FilterType::Adaptive;

/// Encodes a card as an RGB8 PNG.
pub fn encode_png(img: &RgbImage) -> Vec<u8> {
    encode_png_with(img, COMPRESSION, FILTER)
}

/// Encodes with explicit settings (for measuring).
pub fn encode_png_with(
    img: &RgbImage,
    compression: CompressionType,
    filter: FilterType,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(img.as_raw().len() / 4);
    PngEncoder::new_with_quality(&mut out, compression, filter)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            ExtendedColorType::Rgb8,
        )
        .expect("encoding a well-formed RGB8 buffer into memory cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_rgb8_and_round_trips() {
        let img = RgbImage::from_fn(33, 17, |x, y| image::Rgb([x as u8 * 7, y as u8 * 9, 3]));
        let a = encode_png(&img);
        assert_eq!(a, encode_png(&img));
        let back = image::load_from_memory(&a).unwrap();
        assert_eq!(back.color(), image::ColorType::Rgb8);
        assert_eq!(back.to_rgb8(), img);
    }

    #[test]
    fn palette_png_is_exact_for_few_colours_and_close_otherwise() {
        let flat = RgbImage::from_fn(40, 20, |x, _| {
            image::Rgb(if x < 20 { [11, 18, 34] } else { [76, 125, 255] })
        });
        let bytes = encode_palette_png(&flat);
        assert_eq!(image::load_from_memory(&bytes).unwrap().to_rgb8(), flat);
        let many = RgbImage::from_fn(64, 64, |x, y| image::Rgb([x as u8 * 4, y as u8 * 4, 90]));
        let back = image::load_from_memory(&encode_palette_png(&many))
            .unwrap()
            .to_rgb8();
        let errors: Vec<u32> = many
            .pixels()
            .zip(back.pixels())
            .map(|(a, b)| (0..3).map(|i| a.0[i].abs_diff(b.0[i]) as u32).sum::<u32>())
            .collect();
        let mean = errors.iter().sum::<u32>() as f32 / errors.len() as f32;
        let worst = errors.iter().copied().max().unwrap();
        // 4096 colours into 256: close on average, never wildly off.
        assert!(mean < 16.0 && worst < 120, "mean {mean} worst {worst}");
    }

    #[test]
    fn auto_picks_jpeg_for_photos_and_png_for_flat_cards() {
        let img = RgbImage::from_pixel(32, 32, image::Rgb([200, 100, 50]));
        let photo = CardFlags {
            layout: HeroLayout::Photo,
            ..CardFlags::default()
        };
        let e = encode(&img, Format::Auto, &photo);
        assert_eq!((e.extension, e.media_type), ("jpg", "image/jpeg"));
        assert_eq!(&e.bytes[..2], &[0xFF, 0xD8]);
        let e = encode(&img, Format::Auto, &CardFlags::default());
        assert_eq!(e.extension, "png");
        assert_eq!(&e.bytes[1..4], b"PNG");
        let e = encode(&img, Format::Webp, &photo);
        assert_eq!(&e.bytes[8..12], b"WEBP");
        assert_eq!(image::load_from_memory(&e.bytes).unwrap().to_rgb8(), img);
        assert_eq!(media_type_of("/c/a.jpg?v=1"), "image/jpeg");
        assert_eq!(media_type_of("/c/a.webp"), "image/webp");
    }
}
