//! Front matter built from the tokens of YAML's line ends (`\r`, NEL, U+2028,
//! U+2029), comments, quotes and flow brackets: the nesting check must see
//! every line end libyaml sees, so `post::parse` never stalls (libFuzzer's
//! `-timeout` catches one) and never panics.
#![no_main]

use std::path::Path;

use feedcard::common::FieldKeys;
use feedcard::post::{self, ParseOptions};
use libfuzzer_sys::fuzz_target;

const TOKENS: &[&str] = &[
    "\n", "\r", "\r\n", "\u{85}", "\u{2028}", "\u{2029}", "#", " ", "[", "]", "{", "}", "'", "\"",
    "\\", ":", ",", "x", "- ", "? ", "&a ", "*a", "!!str ", "|\n", ">\n", "  ",
];

fuzz_target!(|data: &[u8]| {
    let mut text = String::from("---\ntitle: T\ndate: 2025-01-01\nx: ");
    for &b in data {
        // Runs of brackets are what stalled libyaml: let one byte ask for many.
        let token = TOKENS[usize::from(b & 0x1f) % TOKENS.len()];
        let times = if b >= 0xe0 { 200 } else { 1 };
        for _ in 0..times {
            text.push_str(token);
        }
    }
    text.push_str("\n---\nBody.\n");
    let fields = FieldKeys::default();
    let options = ParseOptions {
        timezone: chrono_tz::Tz::UTC,
        fields: &fields,
        languages: feedcard::post::Languages::default(),
        lowercase_slugs: false,
    };
    let _ = post::parse(Path::new("posts/fuzz.md"), &text, &options);
});
