//! PNG output: RGB8, tuned compression, deterministic bytes.
//!
//! The `image` crate's PNG encoder writes no timestamp or other varying chunk,
//! so the same pixels always give the same bytes.
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

use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder, RgbImage};

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
}
