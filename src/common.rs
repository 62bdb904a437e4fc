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
