//! Vocabulary shared by the config and the posts: the card kinds, the
//! front-matter keys per field, and byte offsets as lines and columns. It sits
//! below both so neither imports the other.

use serde::{Deserialize, Serialize};

/// The kind of social card a post asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CardKind {
    /// Square card (X `summary`).
    Summary,
    /// Wide card (X `summary_large_image`, Open Graph 1200×630).
    SummaryLargeImage,
}

impl CardKind {
    /// The value of `twitter:card`.
    pub fn as_str(self) -> &'static str {
        match self {
            CardKind::Summary => "summary",
            CardKind::SummaryLargeImage => "summary_large_image",
        }
    }

    /// Reads a front-matter value; `None` for anything else.
    pub fn from_name(name: &str) -> Option<CardKind> {
        match name.trim() {
            "summary" => Some(CardKind::Summary),
            "summary_large_image" | "summary-large-image" => Some(CardKind::SummaryLargeImage),
            _ => None,
        }
    }
}

/// What a hero image is, as the post (`image.kind`) or the template says or
/// as the card stage measures: a photo is drawn full bleed; a designed banner
/// (its own headline, a wordmark, flat colour) is shown whole, never under
/// the title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeroKind {
    /// A photograph: cover-cropped, full bleed.
    Photo,
    /// A designed banner, logo or icon: contained in its own panel.
    Banner,
}

impl HeroKind {
    /// Reads a front-matter value; `None` for anything else.
    pub fn from_name(name: &str) -> Option<HeroKind> {
        match name.trim().to_ascii_lowercase().as_str() {
            "photo" | "cover" => Some(HeroKind::Photo),
            "banner" | "logo" | "graphic" | "contain" => Some(HeroKind::Banner),
            _ => None,
        }
    }
}

/// Extra front-matter keys per field, tried before the built-in aliases.
#[derive(Debug, Default, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct FieldKeys {
    /// Keys for the title.
    pub title: Vec<String>,
    /// Keys for the social (card) title.
    pub card_title: Vec<String>,
    /// Keys for the publication date.
    pub published: Vec<String>,
    /// Keys for the last-updated date.
    pub updated: Vec<String>,
    /// Keys for the creation date.
    pub created: Vec<String>,
    /// Keys for the summary.
    pub summary: Vec<String>,
    /// Keys for the categories.
    pub categories: Vec<String>,
    /// Keys for the hero image.
    pub image: Vec<String>,
    /// Keys for the hero image's alt text.
    pub image_alt: Vec<String>,
    /// Keys for the card kind.
    pub card: Vec<String>,
    /// Keys for the slug.
    pub slug: Vec<String>,
    /// Keys for the authors.
    pub author: Vec<String>,
    /// Keys that mark a draft when true.
    pub draft: Vec<String>,
    /// Keys for the post's language (a BCP 47 tag).
    pub lang: Vec<String>,
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Escapes text for an HTML attribute value or element content (control
/// characters other than line breaks and tabs are dropped). Shared by the
/// glue stage and the generator-dialect rewriting.
///
/// Copies runs of plain text whole between the few bytes that need a
/// change (a char-by-char `push` was 13 % of a no-change re-run): every such
/// byte is ASCII or the lead byte 0xC2 of a C1 control, so each cut falls on
/// a character boundary.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    escape_html_into(&mut out, text);
    out
}

/// [`escape_html`] appending to `out` (no string of its own per value).
pub(crate) fn escape_html_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut run_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (replacement, width) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            b'\n' | b'\t' => {
                i += 1;
                continue;
            }
            0x00..=0x1F | 0x7F => ("", 1),
            // U+0080..U+009F (C1 controls) are 0xC2 0x80..0x9F in UTF-8.
            0xC2 if matches!(bytes.get(i + 1), Some(0x80..=0x9F)) => ("", 2),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[run_start..i]);
        out.push_str(replacement);
        i += width;
        run_start = i;
    }
    out.push_str(&text[run_start..]);
}

/// Longest file or folder name (in bytes) made from a slug or a category,
/// before the extension and hash feedcard adds (`.{hash8}.png`): well under
/// the 255 bytes file systems allow.
pub(crate) const MAX_FILE_STEM: usize = 120;

/// `name` itself when it is at most [`MAX_FILE_STEM`] bytes; otherwise its
/// start (cut at a character boundary, trailing `-` removed) and a hash of
/// the whole name, so two long names that share a start stay apart and the
/// same name always gives the same stem.
pub(crate) fn bounded_file_stem(name: &str) -> String {
    if name.len() <= MAX_FILE_STEM {
        return name.to_string();
    }
    let mut end = MAX_FILE_STEM - 9;
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}-{}", name[..end].trim_end_matches('-'), short_hash(name))
}

/// The first 8 hex digits of the BLAKE3 hash of `text`: a stable, short
/// name suffix.
pub(crate) fn short_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex()[..8].to_string()
}

/// `1 post`, `2 posts`, `0 posts`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// An X handle, `@` added when missing: letters, digits and `_`, at most
/// 15 of them (X's own rule).
pub fn twitter_handle(text: &str) -> Result<String, String> {
    let name = text.trim().trim_start_matches('@');
    let valid = (1..=15).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Err(format!(
            "{text:?} must be an X handle such as \"@lighthouse\""
        ));
    }
    Ok(format!("@{name}"))
}

/// A fediverse account `@user@host` (the leading `@` is added when
/// missing): a user of letters, digits, `_`, `.`, `-` and a host name, so
/// nothing in it can leave a meta tag's attribute.
pub fn fediverse_handle(text: &str) -> Result<String, String> {
    let handle = text.trim().trim_start_matches('@');
    let valid = handle.split_once('@').is_some_and(|(user, host)| {
        let user_ok = !user.is_empty()
            && user
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'));
        let host_ok = host.contains('.')
            && !host.starts_with('.')
            && !host.ends_with('.')
            && host
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'));
        user_ok && host_ok
    });
    if !valid {
        return Err(format!(
            "{text:?} must be a fediverse account such as \"@ana@mastodon.social\""
        ));
    }
    Ok(format!("@{handle}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_stems_are_cut_with_a_hash_of_the_whole() {
        assert_eq!(bounded_file_stem("short"), "short");
        let long = "é".repeat(200);
        let stem = bounded_file_stem(&long);
        assert!(stem.len() <= MAX_FILE_STEM, "{}", stem.len());
        assert!(stem.ends_with(&format!("-{}", short_hash(&long))), "{stem}");
        let other = format!("{long}x");
        assert_ne!(bounded_file_stem(&other), stem);
        assert_eq!(bounded_file_stem(&long), stem);
    }
    #[test]
    fn escape_html_copies_runs_and_escapes_like_the_char_by_char_rule() {
        let by_char = |text: &str| -> String {
            let mut out = String::new();
            for c in text.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    '\'' => out.push_str("&#39;"),
                    c if c.is_control() && !matches!(c, '\n' | '\t') => {}
                    c => out.push(c),
                }
            }
            out
        };
        for text in [
            "",
            "plain",
            "Tom & \"Jerry\" <b>'x'</b>",
            "caf\u{e9} \u{85}next\u{9f}\u{a0}nbsp\u{7f}del\u{1}\r\n\ttab",
            "\u{c2}\u{80}\u{80}\u{1F30A} tide & \u{6f22}\u{5b57}>",
            "&&&<<<",
        ] {
            assert_eq!(escape_html(text), by_char(text), "{text:?}");
        }
    }
}
