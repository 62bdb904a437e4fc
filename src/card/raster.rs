//! Painting: background, hero, scrim, shapes and glyphs into an RGB buffer.
//!
//! Everything here is integer-exact or plain `f32` arithmetic in a fixed order,
//! so the same inputs give the same pixels on every run. Resizing goes through
//! fast_image_resize (SIMD convolution; deterministic on one CPU, tolerated by
//! the reference tests across CPUs).

use std::borrow::Cow;

use ab_glyph::{Font, GlyphId, GlyphImageFormat, PxScale};
use fast_image_resize as fr;
use image::{DynamicImage, RgbImage};

use super::fonts::Face;
use super::layout::Line;
use super::template::Color;

/// Blends `color` (with `coverage` 0–1 times its alpha) into pixel `(x, y)`.
#[inline]
fn blend(img: &mut RgbImage, x: i64, y: i64, rgb: [u8; 3], alpha: f32) {
    if x < 0 || y < 0 || x >= img.width() as i64 || y >= img.height() as i64 || alpha <= 0.0 {
        return;
    }
    let a = alpha.min(1.0);
    let p = img.get_pixel_mut(x as u32, y as u32);
    for (c, &s) in p.0.iter_mut().zip(&rgb) {
        let v = *c as f32 + (s as f32 - *c as f32) * a;
        *c = v.round().clamp(0.0, 255.0) as u8;
    }
}

fn lerp(a: [u8; 4], b: [u8; 4], t: f32) -> [u8; 3] {
    let t = t.clamp(0.0, 1.0);
    std::array::from_fn(|i| (a[i] as f32 + (b[i] as f32 - a[i] as f32) * t).round() as u8)
}

/// Fills a rectangle with a colour or a CSS-style linear gradient (`angle` in
/// degrees: 180 = top → bottom). Opaque colours are written directly.
pub(crate) fn fill_gradient(
    img: &mut RgbImage,
    area: [u32; 4],
    from: Color,
    to: Option<Color>,
    angle: f32,
) {
    let [ax, ay, aw, ah] = area;
    let (iw, ih) = img.dimensions();
    let (x1, y1) = ((ax + aw).min(iw), (ay + ah).min(ih));
    if ax >= x1 || ay >= y1 {
        return;
    }
    let (w, h) = (aw as f32, ah as f32);
    let rad = angle.to_radians();
    let (dx, dy) = (rad.sin(), -rad.cos());
    let len = (w * dx.abs() + h * dy.abs()).max(1.0);
    let alpha = from.alpha() as f32 / 255.0;
    // Colours along the gradient line, looked up per pixel: t is linear in x.
    const STEPS: usize = 1024;
    let lut: Vec<[u8; 3]> = match to {
        None => vec![from.rgb()],
        Some(to) => (0..STEPS)
            .map(|i| lerp(from.0, to.0, i as f32 / (STEPS - 1) as f32))
            .collect(),
    };
    let stride = iw as usize * 3;
    let buf: &mut [u8] = img;
    for y in ay..y1 {
        let row = &mut buf[y as usize * stride..(y as usize + 1) * stride];
        let py = (y - ay) as f32 + 0.5 - h / 2.0;
        let t0 = ((0.5 - w / 2.0) * dx + py * dy) / len + 0.5;
        let step = dx / len;
        for x in ax..x1 {
            let rgb = if lut.len() == 1 {
                lut[0]
            } else {
                let t = t0 + (x - ax) as f32 * step;
                lut[((t * (STEPS - 1) as f32 + 0.5) as usize).min(STEPS - 1)]
            };
            let p = &mut row[x as usize * 3..x as usize * 3 + 3];
            if alpha >= 1.0 {
                p.copy_from_slice(&rgb);
            } else {
                for (c, s) in p.iter_mut().zip(rgb) {
                    // Rounds like `round` (the value is never negative).
                    *c = (*c as f32 + (s as f32 - *c as f32) * alpha + 0.5) as u8;
                }
            }
        }
    }
}

/// Coverage (0–1) of pixel centre `(px, py)` by a rounded rectangle.
#[inline]
fn rounded_coverage(px: f32, py: f32, x: f32, y: f32, w: f32, h: f32, r: f32) -> f32 {
    let r = r.min(w / 2.0).min(h / 2.0).max(0.0);
    let cx = (px - (x + w / 2.0)).abs() - (w / 2.0 - r);
    let cy = (py - (y + h / 2.0)).abs() - (h / 2.0 - r);
    let outside = (cx.max(0.0).powi(2) + cy.max(0.0).powi(2)).sqrt();
    let inside = cx.max(cy).min(0.0);
    let d = outside + inside - r;
    (0.5 - d).clamp(0.0, 1.0)
}

/// Fills an anti-aliased rounded rectangle.
pub(crate) fn fill_rect(img: &mut RgbImage, x: f32, y: f32, w: f32, h: f32, r: f32, color: Color) {
    if w <= 0.0 || h <= 0.0 {
        return;
    }
    let x0 = x.floor().max(0.0) as i64;
    let y0 = y.floor().max(0.0) as i64;
    let x1 = ((x + w).ceil() as i64).min(img.width() as i64);
    let y1 = ((y + h).ceil() as i64).min(img.height() as i64);
    let a = color.alpha() as f32 / 255.0;
    for py in y0..y1 {
        for px in x0..x1 {
            let c = rounded_coverage(px as f32 + 0.5, py as f32 + 0.5, x, y, w, h, r);
            blend(img, px, py, color.rgb(), c * a);
        }
    }
}

/// Darkens `area` with a vertical ramp of `color` from `top` to `bottom`
/// opacity, starting at `start` (fraction of the height), smoothstepped.
/// Integer blending, one opacity per row.
pub(crate) fn scrim(
    img: &mut RgbImage,
    area: [u32; 4],
    color: Color,
    top: f32,
    bottom: f32,
    start: f32,
) {
    let [ax, ay, aw, ah] = area;
    if top <= 0.0 && bottom <= 0.0 {
        return;
    }
    let (iw, ih) = img.dimensions();
    let x1 = (ax + aw).min(iw);
    let stride = iw as usize * 3;
    let c = color.rgb().map(u32::from);
    let buf: &mut [u8] = img;
    for y in ay..(ay + ah).min(ih) {
        let f = ((y - ay) as f32 + 0.5) / ah as f32;
        let t = if start >= 1.0 {
            0.0
        } else {
            ((f - start) / (1.0 - start)).clamp(0.0, 1.0)
        };
        let t = t * t * (3.0 - 2.0 * t);
        let a = ((top + (bottom - top) * t).clamp(0.0, 1.0) * 256.0).round() as u32;
        let row =
            &mut buf[y as usize * stride + ax as usize * 3..y as usize * stride + x1 as usize * 3];
        for p in row.chunks_exact_mut(3) {
            for (v, cc) in p.iter_mut().zip(c) {
                *v = ((*v as u32 * (256 - a) + cc * a + 128) >> 8) as u8;
            }
        }
    }
}

/// Whether an 8-bit RGBA hero has no translucent pixel (most PNG heroes
/// saved with an alpha channel): one linear pass, no copy.
fn is_opaque(hero: &DynamicImage) -> bool {
    hero.as_rgba8()
        .is_some_and(|rgba| rgba.as_raw().chunks_exact(4).all(|px| px[3] == u8::MAX))
}

/// A source rectangle `(left, top, width, height)` in hero pixels.
pub(crate) type Window = (f64, f64, f64, f64);

/// Resizes `window` of `hero` to `dest` (`[x, y, w, h]`, rounded by
/// `radius`) and composites it over what is already there (so a transparent
/// PNG shows what is under it).
pub(crate) fn draw_image(
    img: &mut RgbImage,
    hero: &DynamicImage,
    window: Window,
    dest: [u32; 4],
    radius: f32,
) -> Result<(), String> {
    let (buf, channels) = resized(hero, window, dest[2], dest[3])?;
    blit(img, &buf, channels, dest, radius);
    Ok(())
}

/// The pixels of `window` resized to `w` × `h` (RGB, or RGBA when the hero
/// has alpha), by Catmull-Rom convolution.
fn resized(hero: &DynamicImage, window: Window, w: u32, h: u32) -> Result<(Vec<u8>, u32), String> {
    let (sw, sh) = (hero.width(), hero.height());
    if sw == 0 || sh == 0 || w == 0 || h == 0 {
        return Err("the hero image is empty".into());
    }
    // Clamped: rounding can make the crop a hair wider than the source, which
    // the resizer rejects as out of bounds.
    let (cw, ch) = (window.2.min(sw as f64), window.3.min(sh as f64));
    let left = window.0.clamp(0.0, sw as f64 - cw);
    let top = window.1.clamp(0.0, sh as f64 - ch);
    let alpha = hero.color().has_alpha();
    // Premultiplying alpha copies the source; an opaque one needs none.
    let options = fr::ResizeOptions::new()
        .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::CatmullRom))
        .crop(left, top, cw, ch)
        .use_alpha(alpha && !is_opaque(hero));
    let mut resizer = fr::Resizer::new();
    // The 8-bit layouts are borrowed, not copied: a copy of a large hero
    // would double the memory its decode claim reserved (see budget.rs).
    if alpha {
        let src_buf = hero
            .as_rgba8()
            .map_or_else(|| Cow::Owned(hero.to_rgba8()), Cow::Borrowed);
        let src = fr::images::ImageRef::new(sw, sh, src_buf.as_raw(), fr::PixelType::U8x4)
            .map_err(|e| e.to_string())?;
        let mut dst = fr::images::Image::new(w, h, fr::PixelType::U8x4);
        resizer
            .resize(&src, &mut dst, &options)
            .map_err(|e| e.to_string())?;
        Ok((dst.into_vec(), 4))
    } else {
        let src_buf = hero
            .as_rgb8()
            .map_or_else(|| Cow::Owned(hero.to_rgb8()), Cow::Borrowed);
        let src = fr::images::ImageRef::new(sw, sh, src_buf.as_raw(), fr::PixelType::U8x3)
            .map_err(|e| e.to_string())?;
        let mut dst = fr::images::Image::new(w, h, fr::PixelType::U8x3);
        resizer
            .resize(&src, &mut dst, &options)
            .map_err(|e| e.to_string())?;
        Ok((dst.into_vec(), 3))
    }
}

/// Composites a `dest`-sized RGB(A) buffer at `dest`, rounded by `radius`.
fn blit(img: &mut RgbImage, buf: &[u8], channels: u32, dest: [u32; 4], radius: f32) {
    let [ax, ay, aw, ah] = dest;
    let (iw, ih) = img.dimensions();
    let stride = iw as usize * 3;
    let out: &mut [u8] = img;
    for y in 0..ah {
        let py = ay + y;
        if py >= ih {
            break;
        }
        for x in 0..aw {
            let px = ax + x;
            if px >= iw {
                break;
            }
            let i = ((y * aw + x) * channels) as usize;
            let a = if channels == 4 {
                buf[i + 3] as u32
            } else {
                255
            };
            // Square corners cover every pixel fully: no float work.
            let a = if radius > 0.0 {
                let c = rounded_coverage(
                    x as f32 + 0.5,
                    y as f32 + 0.5,
                    0.0,
                    0.0,
                    aw as f32,
                    ah as f32,
                    radius,
                );
                (a as f32 * c + 0.5) as u32
            } else {
                a
            };
            let o = py as usize * stride + px as usize * 3;
            let p = &mut out[o..o + 3];
            if a >= 255 {
                p.copy_from_slice(&buf[i..i + 3]);
            } else if a > 0 {
                for (v, s) in p.iter_mut().zip(&buf[i..i + 3]) {
                    *v = ((*v as u32 * (255 - a) + *s as u32 * a + 127) / 255) as u8;
                }
            }
        }
    }
}

/// Fills `area` with a heavily blurred cover crop of `hero` (shrunk to a
/// few dozen pixels, then enlarged smoothly): the colours of the image
/// without its content, for a letterbox or a backdrop.
pub(crate) fn blurred_fill(
    img: &mut RgbImage,
    hero: &DynamicImage,
    area: [u32; 4],
) -> Result<(), String> {
    let [ax, ay, aw, ah] = area;
    let (sw, sh) = (hero.width() as f64, hero.height() as f64);
    let scale = (aw as f64 / sw).max(ah as f64 / sh);
    let (cw, ch) = (aw as f64 / scale, ah as f64 / scale);
    let window = ((sw - cw) / 2.0, (sh - ch) / 2.0, cw, ch);
    // About 12 × 6 samples for a 1200 × 630 card: only the banner's colour
    // fields survive, never a ghost of its headline behind the title.
    let (tw, th) = ((aw / 100).max(2), (ah / 100).max(2));
    // Transparent heroes are flattened over black first: their blur is never
    // used for a logo (that gets a plate), so this only keeps types simple.
    let (tiny, channels) = resized(hero, window, tw, th)?;
    let tiny_rgb: Vec<u8> = if channels == 4 {
        tiny.chunks_exact(4)
            .flat_map(|p| {
                let a = p[3] as u32;
                [0, 1, 2].map(|i| (p[i] as u32 * a / 255) as u8)
            })
            .collect()
    } else {
        tiny
    };
    let src = fr::images::ImageRef::new(tw, th, &tiny_rgb, fr::PixelType::U8x3)
        .map_err(|e| e.to_string())?;
    let mut dst = fr::images::Image::new(aw, ah, fr::PixelType::U8x3);
    fr::Resizer::new()
        .resize(
            &src,
            &mut dst,
            &fr::ResizeOptions::new()
                .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Bilinear)),
        )
        .map_err(|e| e.to_string())?;
    blit(img, dst.buffer(), 3, [ax, ay, aw, ah], 0.0);
    Ok(())
}

/// Darkens `area` towards `color` just enough that white text on any of its
/// pixels has a WCAG contrast of at least `min_contrast` (the brightest
/// pixel decides). Returns the opacity used.
pub(crate) fn darken_for_contrast(
    img: &mut RgbImage,
    area: [u32; 4],
    color: Color,
    min_contrast: f32,
) -> f32 {
    let [ax, ay, aw, ah] = area;
    let (iw, ih) = img.dimensions();
    let (x1, y1) = ((ax + aw).min(iw), (ay + ah).min(ih));
    let max_lum = 1.05 / min_contrast - 0.05;
    let c = color.rgb();
    // Every fourth pixel each way: the fills this guards are smooth.
    let samples: Vec<[u8; 3]> = (ay..y1)
        .step_by(4)
        .flat_map(|y| (ax..x1).step_by(4).map(move |x| (x, y)))
        .map(|(x, y)| img.get_pixel(x, y).0)
        .collect();
    let brightest = |a: f32| {
        samples
            .iter()
            .map(|p| {
                // `+ 0.5` then truncate: `round` for these non-negative
                // values, without the libm call.
                let q: [u8; 3] = std::array::from_fn(|i| {
                    (p[i] as f32 + (c[i] as f32 - p[i] as f32) * a + 0.5) as u8
                });
                super::hero::luminance(q)
            })
            .fold(0.0f32, f32::max)
    };
    let mut alpha = 0.0f32;
    while alpha < 1.0 && brightest(alpha) > max_lum {
        alpha = (alpha + 0.05).min(1.0);
    }
    if alpha > 0.0 {
        fill_gradient(
            img,
            area,
            Color([c[0], c[1], c[2], (alpha * 255.0).round() as u8]),
            None,
            180.0,
        );
    }
    alpha
}

/// Draws a laid-out line at `(ox, oy)` (the box origin; the line's baseline is
/// relative to it).
pub(crate) fn draw_line(
    img: &mut RgbImage,
    faces: &[Face<'_>],
    line: &Line,
    ox: f32,
    oy: f32,
    size: f32,
    color: Color,
) {
    let alpha = color.alpha() as f32 / 255.0;
    for g in &line.glyphs {
        let face = &faces[g.face];
        let x = ox + g.x;
        let y = oy + line.baseline - g.dy;
        if face.bitmap {
            draw_bitmap_glyph(img, face, g.id, x, y, size, alpha);
            continue;
        }
        let glyph = ab_glyph::Glyph {
            id: GlyphId(g.id),
            scale: PxScale::from(size * face.px_scale_per_em),
            position: ab_glyph::point(x, y),
        };
        if let Some(outlined) = face.outline.outline_glyph(glyph) {
            let b = outlined.px_bounds();
            let (bx, by) = (b.min.x as i64, b.min.y as i64);
            outlined.draw(|gx, gy, c| {
                blend(img, bx + gx as i64, by + gy as i64, color.rgb(), c * alpha);
            });
        }
    }
}

/// Draws a colour bitmap glyph (CBDT PNG strike), scaled to `size` px per em.
fn draw_bitmap_glyph(
    img: &mut RgbImage,
    face: &Face<'_>,
    id: u16,
    x: f32,
    baseline: f32,
    size: f32,
    alpha: f32,
) {
    let Some(raster) = face
        .outline
        .glyph_raster_image2(GlyphId(id), size.round().clamp(1.0, 65535.0) as u16)
    else {
        return;
    };
    if !matches!(raster.format, GlyphImageFormat::Png) || raster.pixels_per_em == 0 {
        return;
    }
    let Ok(decoded) = image::load_from_memory_with_format(raster.data, image::ImageFormat::Png)
    else {
        return;
    };
    let src = decoded.to_rgba8();
    let scale = size / raster.pixels_per_em as f32;
    let tw = ((src.width() as f32 * scale).round() as u32).max(1);
    let th = ((src.height() as f32 * scale).round() as u32).max(1);
    let Ok(src_view) =
        fr::images::ImageRef::new(src.width(), src.height(), src.as_raw(), fr::PixelType::U8x4)
    else {
        return;
    };
    let mut dst = fr::images::Image::new(tw, th, fr::PixelType::U8x4);
    let options =
        fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::CatmullRom));
    if fr::Resizer::new()
        .resize(&src_view, &mut dst, &options)
        .is_err()
    {
        return;
    }
    let left = (x + raster.origin.x * scale).round() as i64;
    let top = (baseline - (raster.origin.y + raster.height as f32) * scale).round() as i64;
    let buf = dst.buffer();
    for yy in 0..th as i64 {
        for xx in 0..tw as i64 {
            let i = ((yy * tw as i64 + xx) * 4) as usize;
            let a = buf[i + 3] as f32 / 255.0 * alpha;
            blend(
                img,
                left + xx,
                top + yy,
                [buf[i], buf[i + 1], buf[i + 2]],
                a,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: some hero sizes made the cover crop a rounding error wider
    /// than the source, and the resizer refused it (5 corpus heroes did).
    #[test]
    fn cover_crop_accepts_every_source_size() {
        let mut card = RgbImage::new(1200, 630);
        for (w, h) in [
            (1201, 631),
            (1999, 1049),
            (2400, 1261),
            (3000, 1573),
            (577, 301),
            (1, 7000),
        ] {
            for area in [[0, 0, 1200, 630], [0, 0, 800, 380], [13, 7, 1111, 599]] {
                let hero = DynamicImage::ImageRgb8(RgbImage::new(w, h));
                let scale = (area[2] as f64 / w as f64).max(area[3] as f64 / h as f64);
                let (cw, ch) = (area[2] as f64 / scale, area[3] as f64 / scale);
                let window = ((w as f64 - cw) / 2.0, (h as f64 - ch) / 2.0, cw, ch);
                draw_image(&mut card, &hero, window, area, 0.0)
                    .unwrap_or_else(|e| panic!("{w}×{h} into {area:?}: {e}"));
            }
        }
    }
}
