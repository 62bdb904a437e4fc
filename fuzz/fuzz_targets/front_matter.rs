//! Arbitrary bytes as a post file: reading (UTF-8, BOM, size) and parsing
//! (front matter split, YAML/TOML, alias fields, dates, slug) must never
//! panic, and a parsed post must be usable by the later stages.
#![no_main]

use std::path::Path;

use feedcard::config::FieldKeys;
use feedcard::post::{self, ParseOptions, Parsed};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The same decoding the loader does (BOM removed), without the file.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let fields = FieldKeys::default();
    let options = ParseOptions {
        timezone: chrono_tz::Tz::America__New_York,
        fields: &fields,
        languages: feedcard::post::Languages::default(),
        // Both ways a generator may make slugs.
        lowercase_slugs: text.len() % 2 == 1,
    };
    let path = Path::new("posts/2024-02-29-fuzz.md");
    match post::parse(path, text, &options) {
        Ok(Parsed::Post(post, warnings)) => {
            // `load_body` cuts the text at `body_offset`: it must be a char boundary.
            assert!(post.body_offset <= text.len());
            assert!(text.is_char_boundary(post.body_offset));
            assert!(!post.title.trim().is_empty());
            assert!(!post.slug.is_empty() && !post.slug.contains('/'));
            for w in warnings {
                assert!(!w.to_string().contains('\n'), "one-line diagnostics: {w}");
            }
            let body = &text[post.body_offset..];
            let _ = post::render_html(
                body,
                &post::LinkBase {
                    page: "https://fuzz.example/blog/x",
                    site: "https://fuzz.example/",
                },
            );
        }
        Ok(Parsed::Draft) => {}
        Err(diagnostic) => {
            // Diagnostics print as one `path:line:col: error: message` line.
            let shown = diagnostic.to_string();
            assert!(!shown.contains('\n'), "one-line diagnostics: {shown:?}");
            assert!(shown.starts_with("posts/2024-02-29-fuzz.md"));
            if let Some(line) = diagnostic.line {
                // YAML counts CR, NEL, LS and PS as line breaks too.
                let breaks = text
                    .char_indices()
                    .filter(|&(i, c)| {
                        c == '\n'
                            || (c == '\r' && !text[i + 1..].starts_with('\n'))
                            || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')
                    })
                    .count();
                assert!(
                    line >= 1 && line <= breaks + 2,
                    "line {line} out of the file: {shown}"
                );
            }
        }
    }
});
