//! Memory budgets for hero images, shared by every thread: one for the
//! files read, one for the decoded pixels.
//!
//! A hero may claim up to 12 000 × 12 000 pixels; each of `--jobs N` threads
//! decoding one at once would multiply that claim by N. Before decoding,
//! a thread reserves the pixels' bytes (read from the header, without
//! decoding) and holds the reservation until its card is drawn; a thread
//! whose claim does not fit waits for others to finish. A claim larger than
//! the whole budget is refused (the card gets its fallback background), so
//! peak memory stays bounded whatever the images say about themselves.
//! Hero files (up to 32 MB each) are read within their own pool the same
//! way, so `--jobs 256` does not hold 256 files at once either.

use std::io::Cursor;
use std::sync::{Condvar, Mutex};

use image::{ColorType, DynamicImage, ImageDecoder, ImageReader};

/// Bytes that decoded heroes may hold at once, across all threads.
pub const DECODE_BUDGET: u64 = 576 * 1024 * 1024;

/// Bytes of hero *files* that may be in memory at once, across all threads
/// (each file is at most `read::MAX_HERO_BYTES`). A separate pool from the
/// decode budget: a thread holding file bytes may wait for decode room, but
/// a thread holding decode room never waits for file room, so the two can
/// never wait on each other.
pub const FILE_BUDGET: u64 = 160 * 1024 * 1024;

/// Bytes per pixel the 8-bit RGB(A) copy takes that drawing makes of a hero
/// decoded in any other layout (16-bit, grey, palette).
const CONVERTED_BYTES_PER_PIXEL: u64 = 4;

/// A pool of bytes threads reserve from and wait on.
#[derive(Debug)]
struct Pool {
    limit: u64,
    in_use: Mutex<u64>,
    freed: Condvar,
}

static DECODE: Pool = Pool {
    limit: DECODE_BUDGET,
    in_use: Mutex::new(0),
    freed: Condvar::new(),
};

static FILES: Pool = Pool {
    limit: FILE_BUDGET,
    in_use: Mutex::new(0),
    freed: Condvar::new(),
};

/// A reservation of memory from one pool, released when dropped.
#[derive(Debug)]
pub struct Claim {
    pool: &'static Pool,
    bytes: u64,
}

impl Drop for Claim {
    fn drop(&mut self) {
        let mut in_use = self.pool.in_use.lock().unwrap_or_else(|e| e.into_inner());
        *in_use -= self.bytes;
        self.pool.freed.notify_all();
    }
}

impl Pool {
    /// Reserves `bytes` (at most the whole pool), waiting until they fit.
    fn reserve(&'static self, bytes: u64) -> Claim {
        let bytes = bytes.min(self.limit);
        let mut in_use = self.in_use.lock().unwrap_or_else(|e| e.into_inner());
        while *in_use + bytes > self.limit {
            in_use = self.freed.wait(in_use).unwrap_or_else(|e| e.into_inner());
        }
        *in_use += bytes;
        Claim { pool: self, bytes }
    }
}

/// Keeps memory that drawing freed from staying with the process.
///
/// glibc gives each thread of `--jobs N` its own heap (up to 8 per core), and
/// a heap keeps the blocks freed in it: the resizer's buffers for one large
/// hero (tens of MB, under glibc's mmap threshold once that has grown) stayed
/// resident in every thread's heap, and 16 jobs on eight 64-megapixel heroes
/// peaked at 930 MB where one job needs 540 MB. Two heaps bring that to
/// 580 MB, with no measurable cost on the corpus build (4.6–5.0 s either
/// way). A no-op elsewhere.
pub fn bound_retained_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; it is called before
    // the worker threads exist.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Reserves room for a hero file of `len` bytes before it is read; keep the
/// claim as long as the bytes.
pub fn reserve_file(len: u64) -> Claim {
    FILES.reserve(len)
}

/// The bytes decoding `bytes` and drawing it would hold at once, from its
/// header alone: the decoded pixels in the decoder's own layout, plus an
/// 8-bit RGB(A) copy unless that layout already is one (drawing borrows
/// those), plus the resizer's premultiplied copy when the layout has alpha.
/// `None` when the header cannot be read (the decoder then says why).
fn claim_size(bytes: &[u8]) -> Option<u64> {
    let decoder = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?
        .into_decoder()
        .ok()?;
    let (w, h) = decoder.dimensions();
    let color = decoder.color_type();
    let copy = match color {
        ColorType::Rgb8 | ColorType::Rgba8 => 0,
        _ => CONVERTED_BYTES_PER_PIXEL,
    };
    // The resizer premultiplies a translucent hero's alpha into a copy.
    let premultiplied = if color.has_alpha() {
        CONVERTED_BYTES_PER_PIXEL
    } else {
        0
    };
    let per_pixel = u64::from(color.bytes_per_pixel()) + copy + premultiplied;
    Some(u64::from(w) * u64::from(h) * per_pixel)
}

/// Decodes a hero (with [`super::decode_hero`]'s checks) inside the shared
/// budget. Keep the returned claim alive as long as the image.
pub fn decode_within_budget(bytes: &[u8]) -> Result<(Claim, DynamicImage), String> {
    // Reading the header inflates a PNG's colour profile: drop it first.
    let without_icc = super::hero::without_icc_profile(bytes);
    let bytes = without_icc.as_deref().unwrap_or(bytes);
    let size = claim_size(bytes).unwrap_or(0);
    if size > DECODE_BUDGET {
        return Err(format!(
            "the hero image would need {} MB to decode, over the {} MB decode budget; drew the fallback background",
            size / (1024 * 1024),
            DECODE_BUDGET / (1024 * 1024)
        ));
    }
    let claim = DECODE.reserve(size);
    let image = super::decode_hero(bytes)?;
    Ok((claim, image))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_wait_for_room_and_free_it_when_dropped() {
        let first = DECODE.reserve(DECODE_BUDGET / 2);
        let second = DECODE.reserve(DECODE_BUDGET / 2);
        let waiter = std::thread::spawn(|| {
            let claim = DECODE.reserve(DECODE_BUDGET / 4);
            claim.bytes
        });
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(!waiter.is_finished(), "no room yet");
        drop(first);
        assert_eq!(waiter.join().unwrap(), DECODE_BUDGET / 4);
        drop(second);
    }

    #[test]
    fn a_claim_over_the_whole_budget_is_refused_before_decoding() {
        // A PNG header claiming 12 000 × 12 000 pixels (the decoder would
        // accept its size; the budget does not).
        let mut png = Vec::new();
        png.extend_from_slice(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
        png.extend_from_slice(&12_000u32.to_be_bytes());
        png.extend_from_slice(&12_000u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0]);
        let crc = crc32(&png[12..]);
        png.extend_from_slice(&crc.to_be_bytes());
        // The decoder reads the header chunks up to the first IDAT.
        png.extend_from_slice(b"\0\0\0\0IDAT");
        png.extend_from_slice(&crc32(b"IDAT").to_be_bytes());
        let err = decode_within_budget(&png).unwrap_err();
        assert!(err.contains("decode budget"), "{err}");
    }

    /// A PNG of `w`×`h` pixels in the given bit depth and colour type, header only.
    fn png_header(w: u32, h: u32, depth: u8, color_type: u8) -> Vec<u8> {
        let mut png = Vec::new();
        png.extend_from_slice(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
        png.extend_from_slice(&w.to_be_bytes());
        png.extend_from_slice(&h.to_be_bytes());
        png.extend_from_slice(&[depth, color_type, 0, 0, 0]);
        let crc = crc32(&png[12..]);
        png.extend_from_slice(&crc.to_be_bytes());
        png.extend_from_slice(b"\0\0\0\0IDAT");
        png.extend_from_slice(&crc32(b"IDAT").to_be_bytes());
        png
    }

    #[test]
    fn r_a_png_colour_profile_is_dropped_before_the_header_is_read() {
        // Regression: the decoder inflated a 1 MB profile of zeros to 540 MB
        // while reading the header. The chunk is dropped unread, whatever
        // it holds.
        let mut png = png_header(1, 1, 8, 2);
        let idat = png.split_off(png.len() - 12);
        let mut chunk = b"iCCPicc\0\0".to_vec();
        chunk.resize(1024 * 1024, 0x78);
        png.extend_from_slice(&((chunk.len() - 4) as u32).to_be_bytes());
        png.extend_from_slice(&chunk);
        png.extend_from_slice(&crc32(&chunk).to_be_bytes());
        png.extend_from_slice(&idat);
        let stripped = crate::card::hero::without_icc_profile(&png).unwrap();
        assert_eq!(stripped, png_header(1, 1, 8, 2));
        assert_eq!(crate::card::hero::without_icc_profile(&stripped), None);
    }

    #[test]
    fn r_claims_count_every_copy_drawing_makes() {
        // RGB8 is drawn from the decoded pixels themselves.
        assert_eq!(claim_size(&png_header(100, 10, 8, 2)), Some(1000 * 3));
        // RGBA8: the resizer premultiplies alpha into a copy.
        assert_eq!(claim_size(&png_header(100, 10, 8, 6)), Some(1000 * (4 + 4)));
        // 16-bit RGBA (8 bytes a pixel) is converted to 8-bit, then premultiplied;
        // before this was counted, 16 jobs on such heroes peaked at 1.4 GB.
        assert_eq!(
            claim_size(&png_header(100, 10, 16, 6)),
            Some(1000 * (8 + 4 + 4))
        );
    }

    /// CRC-32 (IEEE) as PNG chunks carry it, so the header is a valid one.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}
