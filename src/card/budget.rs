//! One memory budget for decoding hero images, shared by every thread.
//!
//! A hero may claim up to 12 000 × 12 000 pixels; each of `--jobs N` threads
//! decoding one at once would multiply that claim by N. Before decoding,
//! a thread reserves the pixels' bytes (read from the header, without
//! decoding) and holds the reservation until its card is drawn; a thread
//! whose claim does not fit waits for others to finish. A claim larger than
//! the whole budget is refused (the card gets its fallback background), so
//! peak memory stays bounded whatever the images say about themselves.

use std::io::Cursor;
use std::sync::{Condvar, Mutex};

use image::{DynamicImage, ImageReader};

/// Bytes that decoded heroes may hold at once, across all threads.
pub const DECODE_BUDGET: u64 = 640 * 1024 * 1024;

/// Bytes reserved per pixel: the decoded RGBA image and one converted or
/// resized copy of it alive at the same time.
const BYTES_PER_PIXEL: u64 = 8;

struct Budget {
    in_use: Mutex<u64>,
    freed: Condvar,
}

static BUDGET: Budget = Budget {
    in_use: Mutex::new(0),
    freed: Condvar::new(),
};

/// A reservation of decode memory, released when dropped.
#[derive(Debug)]
pub struct Claim {
    bytes: u64,
}

impl Drop for Claim {
    fn drop(&mut self) {
        let mut in_use = BUDGET.in_use.lock().unwrap_or_else(|e| e.into_inner());
        *in_use -= self.bytes;
        BUDGET.freed.notify_all();
    }
}

/// Reserves `bytes` (at most [`DECODE_BUDGET`]), waiting until they fit.
fn reserve(bytes: u64) -> Claim {
    let bytes = bytes.min(DECODE_BUDGET);
    let mut in_use = BUDGET.in_use.lock().unwrap_or_else(|e| e.into_inner());
    while *in_use + bytes > DECODE_BUDGET {
        in_use = BUDGET.freed.wait(in_use).unwrap_or_else(|e| e.into_inner());
    }
    *in_use += bytes;
    Claim { bytes }
}

/// The bytes decoding `bytes` would claim, from its header alone; `None`
/// when the header cannot be read (the decoder then reports why).
fn claim_size(bytes: &[u8]) -> Option<u64> {
    let (w, h) = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()?;
    Some(u64::from(w) * u64::from(h) * BYTES_PER_PIXEL)
}

/// Decodes a hero (with [`super::decode_hero`]'s checks) inside the shared
/// budget. Keep the returned claim alive as long as the image.
pub fn decode_within_budget(bytes: &[u8]) -> Result<(Claim, DynamicImage), String> {
    let size = claim_size(bytes).unwrap_or(0);
    if size > DECODE_BUDGET {
        return Err(format!(
            "the hero image would need {} MB to decode, over the {} MB decode budget; drew the fallback background",
            size / (1024 * 1024),
            DECODE_BUDGET / (1024 * 1024)
        ));
    }
    let claim = reserve(size);
    let image = super::decode_hero(bytes)?;
    Ok((claim, image))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_wait_for_room_and_free_it_when_dropped() {
        let first = reserve(DECODE_BUDGET / 2);
        let second = reserve(DECODE_BUDGET / 2);
        let waiter = std::thread::spawn(|| {
            let claim = reserve(DECODE_BUDGET / 4);
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
