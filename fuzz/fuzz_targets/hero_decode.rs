//! Arbitrary bytes as a hero image: `decode_hero` must never panic, and must
//! stay within its limits (run with `-rss_limit_mb=2048 -timeout=10`); a
//! decoded image is never larger than the engine's dimension limit.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(image) = feedcard::card::hero::decode_hero(data) {
        assert!(image.width() > 0 && image.height() > 0);
        assert!(image.width() <= 12_000 && image.height() <= 12_000);
    }
});
