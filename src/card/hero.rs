//! Hero images: from the front matter's `src` to decoded pixels.
//!
//! Nothing here fails a run. Every problem (remote URL, missing file, a path
//! that escapes its root, SVG, a truncated or corrupt file, a decompression
//! bomb) is an `Err(String)` written for the user; the caller turns it into a
//! warning and the card is drawn on the template's fallback background.
//!
//! Bytes are sniffed, never trusted by extension: a `.jpg` that is really a PNG
//! loads. Decoding runs under explicit limits (12000 × 12000 px, 512 MB), and
//! the declared size is checked from the header before any pixel is decoded,
//! so a tiny file declaring 100000 × 100000 is refused in microseconds.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageFormat, ImageReader, Limits};

use crate::output::{contained, ContainmentError};

/// Largest width or height accepted.
pub const MAX_DIMENSION: u32 = 12_000;
/// Most memory a decoder may allocate.
pub const MAX_ALLOC: u64 = 512 * 1024 * 1024;

const FALLBACK: &str = "drew the fallback background";

/// Resolves a hero `src` to a file inside its root.
///
/// * `https://…`, `http://…`, `//host/…`: not fetched → `Err`.
/// * `/assets/x.webp` (root-relative): against `assets_root`.
/// * `cover.jpg` (relative): the post's own folder first (page bundles,
///   contained in `posts_root`), then `assets_root`.
///
/// A query or fragment (`?v=2`, `#x`) is ignored and `%XX` escapes decoded.
/// A path that resolves outside its root (`../../etc/passwd`, a symlink out)
/// is refused.
pub fn resolve_hero(
    src: &str,
    assets_root: &Path,
    post_dir: &Path,
    posts_root: &Path,
) -> Result<PathBuf, String> {
    let src = src.trim();
    let lower = src.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || src.starts_with("//") {
        return Err(format!(
            "hero image {src} is remote; remote images are not fetched; {FALLBACK}"
        ));
    }
    if lower.starts_with("data:") || lower.starts_with("file:") || lower.contains("://") {
        return Err(format!("hero image {src} is not a local path; {FALLBACK}"));
    }
    if src.is_empty() {
        return Err(format!("hero image path is empty; {FALLBACK}"));
    }
    let path_part = src.split(['?', '#']).next().unwrap_or(src);
    let decoded = percent_decode(path_part);
    if let Some(rel) = decoded.strip_prefix('/') {
        let rel = rel.trim_start_matches('/');
        return check(src, assets_root, &assets_root.join(rel));
    }
    let beside_post = post_dir.join(&decoded);
    match contained(posts_root, &beside_post) {
        Ok(p) if p.is_file() => return Ok(p),
        Err(ContainmentError::Outside) => {
            // Astro keeps images beside the content folder and points at them
            // from each post (`../../assets/x.jpg`): allowed when that lands
            // inside the assets folder, refused anywhere else.
            return match contained(assets_root, &beside_post) {
                Ok(p) if p.is_file() => Ok(p),
                _ => Err(format!(
                    "hero image {src} resolves outside the posts folder {} and the assets \
                     folder; refused; {FALLBACK}",
                    posts_root.display()
                )),
            };
        }
        _ => {}
    }
    check(src, assets_root, &assets_root.join(&decoded))
}

fn check(src: &str, root: &Path, path: &Path) -> Result<PathBuf, String> {
    match contained(root, path) {
        Ok(p) if p.is_file() => Ok(p),
        Ok(_) => Err(format!("hero image {src} is not a file; {FALLBACK}")),
        Err(ContainmentError::NotFound) => Err(format!(
            "hero image {src} not found under {}; {FALLBACK}",
            root.display()
        )),
        Err(ContainmentError::Outside) => Err(format!(
            "hero image {src} resolves outside {}; refused; {FALLBACK}",
            root.display()
        )),
        Err(ContainmentError::Unreadable(e)) => {
            Err(format!("hero image {src} cannot be read ({e}); {FALLBACK}"))
        }
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Decodes hero bytes (WebP, PNG, JPEG, GIF first frame), sniffing the format.
pub fn decode_hero(bytes: &[u8]) -> Result<DynamicImage, String> {
    if bytes.is_empty() {
        return Err(format!("the hero image file is empty; {FALLBACK}"));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("<svg") || (head.starts_with("<?xml") && head.contains("<svg")) {
        return Err(format!(
            "the hero image is an SVG, which cards cannot draw (use PNG, JPEG, WebP or GIF); {FALLBACK}"
        ));
    }
    let without_icc = without_icc_profile(bytes);
    let bytes = without_icc.as_deref().unwrap_or(bytes);
    let reader = || {
        ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| format!("the hero image cannot be read ({e}); {FALLBACK}"))
    };
    let format = reader()?.format();
    match format {
        Some(ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP) => {}
        Some(other) => {
            return Err(format!(
                "the hero image is {}, which cards do not read (use PNG, JPEG, WebP or GIF); {FALLBACK}",
                other.extensions_str().first().unwrap_or(&"an unsupported format")
            ))
        }
        None => {
            return Err(format!(
                "the hero image is not a PNG, JPEG, WebP or GIF file; {FALLBACK}"
            ))
        }
    }
    let (w, h) = reader()?
        .into_dimensions()
        .map_err(|e| format!("the hero image is corrupt ({e}); {FALLBACK}"))?;
    if w > MAX_DIMENSION || h > MAX_DIMENSION {
        return Err(format!(
            "the hero image declares {w}×{h} pixels, over the {MAX_DIMENSION}×{MAX_DIMENSION} limit; {FALLBACK}"
        ));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_ALLOC);
    let mut r = reader()?;
    r.limits(limits);
    r.decode()
        .map_err(|e| format!("the hero image cannot be decoded ({e}); {FALLBACK}"))
}

/// A PNG without its colour profile (`iCCP`), or `None` when the bytes are
/// not a PNG or have none: the decoder inflates a profile while reading the
/// header although cards never use it, and a 1 MB profile of zeros inflated
/// to 540 MB, outside the decode budget. Anything but a well-formed chunk
/// sequence is left to the decoder to report.
pub(crate) fn without_icc_profile(png: &[u8]) -> Option<Vec<u8>> {
    const SIGNATURE: usize = 8;
    const KIND: &[u8; 4] = b"iCCP";
    if !png.starts_with(b"\x89PNG\r\n\x1a\n") {
        return None;
    }
    let mut chunks = Vec::new();
    let mut at = SIGNATURE;
    while at + 12 <= png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().ok()?) as usize;
        let end = at.checked_add(12)?.checked_add(len)?;
        if end > png.len() {
            return None;
        }
        chunks.push((at, end, &png[at + 4..at + 8] == KIND));
        at = end;
    }
    if !chunks.iter().any(|&(_, _, drop)| drop) {
        return None;
    }
    let mut out = png[..SIGNATURE].to_vec();
    for (start, end, drop) in chunks {
        if !drop {
            out.extend_from_slice(&png[start..end]);
        }
    }
    out.extend_from_slice(&png[at..]);
    Some(out)
}

/// Resolves, reads and decodes in one step; returns the bytes too (for the
/// caller's cache key).
pub fn load_hero(
    src: &str,
    assets_root: &Path,
    post_dir: &Path,
    posts_root: &Path,
) -> Result<(Vec<u8>, DynamicImage), String> {
    let path = resolve_hero(src, assets_root, post_dir, posts_root)?;
    let bytes = crate::read::read_hero(&path)
        .map_err(|e| format!("hero image {src} cannot be read ({e}); {FALLBACK}"))?;
    let img = decode_hero(&bytes).map_err(|e| format!("hero image {src}: {e}"))?;
    Ok((bytes, img))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageEncoder, Rgba, RgbaImage};

    fn png_bytes(img: &RgbaImage) -> Vec<u8> {
        let mut out = Vec::new();
        image::codecs::png::PngEncoder::new(&mut out)
            .write_image(
                img.as_raw(),
                img.width(),
                img.height(),
                image::ExtendedColorType::Rgba8,
            )
            .unwrap();
        out
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= b as u32;
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn png_named_jpg_is_sniffed() {
        let dir = tempfile::tempdir().unwrap();
        let img = RgbaImage::from_pixel(8, 4, Rgba([10, 200, 30, 255]));
        std::fs::create_dir_all(dir.path().join("assets")).unwrap();
        std::fs::write(dir.path().join("assets/photo.jpg"), png_bytes(&img)).unwrap();
        let (_, decoded) =
            load_hero("/assets/photo.jpg", dir.path(), dir.path(), dir.path()).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (8, 4));
        assert_eq!(decoded.to_rgb8().get_pixel(0, 0).0, [10, 200, 30]);
    }

    #[test]
    fn truncated_file_is_an_error() {
        let img = RgbaImage::from_fn(64, 64, |x, y| Rgba([x as u8 * 4, y as u8 * 4, 7, 255]));
        let bytes = png_bytes(&img);
        let err = decode_hero(&bytes[..bytes.len() / 2]).unwrap_err();
        assert!(err.contains("fallback"), "{err}");
        assert!(decode_hero(b"garbage, not an image").is_err());
        assert!(decode_hero(b"").is_err());
    }

    #[test]
    fn decompression_bomb_is_refused_from_the_header() {
        let mut bytes = png_bytes(&RgbaImage::new(1, 1));
        // IHDR data starts at byte 16: width, height (big-endian), then 5 bytes.
        bytes[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        let started = std::time::Instant::now();
        let err = decode_hero(&bytes).unwrap_err();
        assert!(err.contains("100000×100000"), "{err}");
        // Not a timing assertion on speed, only a guard against decoding it.
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn gif_gives_the_first_frame() {
        use image::codecs::gif::{GifEncoder, Repeat};
        use image::{Delay, Frame};
        let mut out = Vec::new();
        {
            let mut enc = GifEncoder::new(&mut out);
            enc.set_repeat(Repeat::Infinite).unwrap();
            for c in [[255u8, 0, 0, 255], [0, 0, 255, 255]] {
                let frame = Frame::from_parts(
                    RgbaImage::from_pixel(4, 4, Rgba(c)),
                    0,
                    0,
                    Delay::from_numer_denom_ms(100, 1),
                );
                enc.encode_frame(frame).unwrap();
            }
        }
        let img = decode_hero(&out).unwrap().to_rgb8();
        let p = img.get_pixel(1, 1).0;
        assert!(p[0] > 200 && p[2] < 50, "{p:?}");
    }

    #[test]
    fn alpha_png_keeps_its_alpha() {
        let img = RgbaImage::from_fn(4, 4, |x, _| {
            Rgba([255, 255, 255, if x < 2 { 0 } else { 255 }])
        });
        let d = decode_hero(&png_bytes(&img)).unwrap();
        assert!(d.color().has_alpha());
        assert_eq!(d.to_rgba8().get_pixel(0, 0).0[3], 0);
    }

    #[test]
    fn svg_is_refused_with_a_reason() {
        let err =
            decode_hero(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
                .unwrap_err();
        assert!(err.contains("SVG"), "{err}");
    }

    #[test]
    fn resolution_rules() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let assets = root.join("site");
        let posts = root.join("site/posts");
        let bundle = posts.join("my-post");
        std::fs::create_dir_all(assets.join("assets/images")).unwrap();
        std::fs::create_dir_all(&bundle).unwrap();
        std::fs::write(assets.join("assets/images/a b.png"), b"x").unwrap();
        std::fs::write(bundle.join("cover.jpg"), b"x").unwrap();
        std::fs::write(assets.join("shared.jpg"), b"x").unwrap();
        std::fs::write(root.join("secret.png"), b"x").unwrap();

        let r = |src: &str| resolve_hero(src, &assets, &bundle, &posts);
        assert!(r("/assets/images/a%20b.png?v=3")
            .unwrap()
            .ends_with("a b.png"));
        assert!(r("cover.jpg").unwrap().ends_with("my-post/cover.jpg"));
        assert!(r("shared.jpg").unwrap().ends_with("site/shared.jpg"));
        let e = r("https://example.com/x.png").unwrap_err();
        assert!(e.contains("remote"), "{e}");
        let e = r("/assets/images/nope.png").unwrap_err();
        assert!(e.contains("not found under"), "{e}");
        assert!(e.contains("drew the fallback background"), "{e}");
        let e = r("../../../secret.png").unwrap_err();
        assert!(e.contains("outside"), "{e}");
        let e = r("/../secret.png").unwrap_err();
        assert!(e.contains("outside"), "{e}");
        let e = r("../../../../../../../../etc/passwd").unwrap_err();
        assert!(e.contains("outside") || e.contains("not found"), "{e}");
        let e = r("/assets/images").unwrap_err();
        assert!(e.contains("not a file"), "{e}");
        // Astro: a post points out of the content folder into the assets.
        assert!(r("../../assets/images/a b.png")
            .unwrap()
            .ends_with("assets/images/a b.png"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("secret.png"), assets.join("link.png")).unwrap();
            let e = r("/link.png").unwrap_err();
            assert!(e.contains("outside"), "{e}");
        }
    }
}
