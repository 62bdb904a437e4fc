//! Card templates: one strict TOML file per card kind.
//!
//! The defaults in `templates/` are compiled into the binary; a user folder may
//! hold a file of the same name (`summary.toml`, `summary_large_image.toml`)
//! that replaces the default for that kind. Every table denies unknown keys, so
//! a typo is an [`Error::Template`] with the file, line and column toml reports.
//!
//! Coordinates are pixels from the card's top-left corner. A label's `y` is its
//! **baseline**, so labels of different sizes on one row line up the way type
//! does. The title box is `x, y, w, h`; the title's cap height sits on the box
//! top (or the block is centred / pushed to the bottom, see `valign`).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::common::CardKind;
use crate::error::Error;

/// The built-in `summary` (square) template.
pub(crate) const DEFAULT_SUMMARY: &str = include_str!("../../templates/summary.toml");
/// The built-in `summary_large_image` (wide) template.
pub(crate) const DEFAULT_SUMMARY_LARGE: &str =
    include_str!("../../templates/summary_large_image.toml");

/// The built-in templates as (file name, TOML text), for `feedcard init`.
pub const BUILT_IN: [(&str, &str); 2] = [
    ("summary.toml", DEFAULT_SUMMARY),
    ("summary_large_image.toml", DEFAULT_SUMMARY_LARGE),
];

/// The file name of a kind's template.
pub(crate) fn file_name(kind: CardKind) -> &'static str {
    match kind {
        CardKind::Summary => "summary.toml",
        CardKind::SummaryLargeImage => "summary_large_image.toml",
    }
}

/// An RGBA colour written `#RRGGBB` or `#RRGGBBAA`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color(pub [u8; 4]);

impl Color {
    /// The colour without alpha.
    pub fn rgb(self) -> [u8; 3] {
        [self.0[0], self.0[1], self.0[2]]
    }
    /// Alpha, 0–255.
    pub fn alpha(self) -> u8 {
        self.0[3]
    }
    fn parse(s: &str) -> Option<Color> {
        let hex = s.strip_prefix('#')?;
        if !hex.is_ascii() || !(hex.len() == 6 || hex.len() == 8) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        let a = if hex.len() == 8 { byte(6)? } else { 255 };
        Some(Color([byte(0)?, byte(2)?, byte(4)?, a]))
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Color::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{s:?} is not a colour; write \"#RRGGBB\" or \"#RRGGBBAA\""
            ))
        })
    }
}

/// A whole card template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Multiplies every size in the file (the card's width and height,
    /// positions, boxes, font sizes, radii, gaps, paddings; not the em-based
    /// `line_height`/`letter_spacing` nor fractions): `scale = 2` turns the
    /// 1200×630 layout into a 2400×1260 card that looks the same. Applied
    /// when the template is loaded, before it is checked.
    #[serde(default = "default_scale")]
    pub scale: f32,
    /// Card width in pixels (144–4096), before `scale`.
    pub width: u32,
    /// Card height in pixels (144–4096).
    pub height: u32,
    /// What is under everything.
    pub background: Background,
    /// Where the post's hero image goes.
    #[serde(default)]
    pub hero: HeroStyle,
    /// Where a designed banner, a logo or a small image goes instead (never
    /// under the title).
    #[serde(default)]
    pub banner: BannerStyle,
    /// Flat shapes: brand bars, accents, rules. Drawn after the hero and scrim.
    #[serde(default, rename = "rect")]
    pub rects: Vec<RectStyle>,
    /// The post title.
    pub title: TitleStyle,
    /// The site name, if drawn.
    pub site_name: Option<LabelStyle>,
    /// The category label, if drawn (and the post has one).
    pub category: Option<LabelStyle>,
    /// The date, if drawn (and the post has one).
    pub date: Option<LabelStyle>,
    /// Accent colour per category (`[accents] rust = "#DE5833"`), matched
    /// without regard to case against the post's first category. The accent
    /// fills the category label, the site name's mark and every
    /// `[[rect]]` with `accent = true`; other posts keep the template's
    /// own colours.
    #[serde(default)]
    pub accents: std::collections::BTreeMap<String, Color>,
    /// The post's (first) author's name, if drawn and the post has one.
    pub author: Option<LabelStyle>,
    /// The post's description (summary), if drawn: a text box laid out like
    /// the title (same keys), usually smaller and dimmer.
    pub description: Option<TitleStyle>,
    /// The site's logo image.
    pub logo: Option<LogoStyle>,
    /// The cards index (the site's card and each category's): where its
    /// title and its description go.
    pub index: Option<IndexStyle>,
}

/// The cards index's layout: a feed card has a short title (the site's or
/// a category's name) and a description worth showing (the site's, or
/// "Rust posts from …"), no hero and no date.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexStyle {
    /// `[x, y, w, h]` of the title on an index card (default: `[title]`'s).
    pub title: Option<[f32; 4]>,
    /// The feed's description, laid out like `[description]`.
    pub description: Option<TitleStyle>,
}

/// A logo image from the templates folder, fitted whole into `area`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogoStyle {
    /// A file in the templates folder (PNG, JPEG, WebP or SVG).
    pub image: String,
    /// `[x, y, w, h]`; the logo keeps its proportions, centred in it.
    pub area: [u32; 4],
    /// Draw always, only with a hero, or only without.
    #[serde(default)]
    pub when: When,
}

/// Background colour, optionally a linear gradient.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Background {
    /// Solid colour, or the gradient's start.
    pub color: Color,
    /// The gradient's end colour; a flat fill when absent.
    pub gradient_to: Option<Color>,
    /// Direction in degrees, as in CSS: 180 runs top → bottom, 90 left → right.
    #[serde(default = "default_angle")]
    pub gradient_angle: f32,
    /// An image file in the templates folder drawn over the colours
    /// (cover-cropped), so a text-only site's cards are not bare gradients.
    pub image: Option<String>,
    /// How much of the image shows over `color`/`gradient_to` (0–1): low
    /// values keep white text legible on a busy image.
    #[serde(default = "default_image_opacity")]
    pub image_opacity: f32,
    /// Vary the background per post (from a hash of its title): the
    /// image's crop and mirroring and the gradient's angle, so a series of
    /// text posts does not look like one card reposted.
    #[serde(default)]
    pub vary: bool,
}

fn default_image_opacity() -> f32 {
    0.35
}

fn default_angle() -> f32 {
    180.0
}

/// How the hero image is placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// Full-bleed cover crop of the area (the whole card by default) under a
    /// darkening scrim.
    #[default]
    Cover,
    /// A panel (rectangle, optionally rounded) beside or above the text.
    Panel,
    /// No hero at all.
    None,
}

/// The hero area.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HeroStyle {
    /// `cover`, `panel` or `none`.
    pub placement: Placement,
    /// Area `[x, y, w, h]`; the whole card when absent.
    pub area: Option<[u32; 4]>,
    /// Corner radius of a panel.
    pub radius: f32,
    /// Horizontal focus of the crop, 0 = left edge, 0.5 = centre, 1 = right.
    pub focus_x: f32,
    /// Vertical focus of the crop, 0 = top, 0.5 = centre, 1 = bottom.
    pub focus_y: f32,
    /// Scrim (darkening gradient) colour over a cover hero.
    pub scrim_color: Color,
    /// Scrim opacity at the top of the area, 0–1.
    pub scrim_top: f32,
    /// Scrim opacity at the bottom of the area, 0–1.
    pub scrim_bottom: f32,
    /// Where the scrim ramp starts, as a fraction of the area height.
    pub scrim_start: f32,
    /// Fill of the hero area when the post has no (readable) hero; the
    /// background shows through when absent.
    pub fallback: Option<Color>,
    /// Second colour of the fallback fill (a diagonal gradient).
    pub fallback_to: Option<Color>,
    /// `auto` (measure each image), `photo` (always full bleed) or
    /// `banner` (always shown whole); a post's `image.kind` wins.
    pub kind: HeroMode,
    /// Choose the crop by the image's content (detail, skin tones,
    /// saturation) when the post gives no `image.focus`; `false` uses
    /// `focus_x`/`focus_y`.
    pub auto_focus: bool,
    /// The most a hero is enlarged; a smaller image is drawn at this scale
    /// in the banner panel, on a fill, with a warning.
    pub max_upscale: f32,
}

/// How the template treats heroes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum HeroMode {
    /// Measure: photos full bleed, banners and logos whole.
    #[default]
    Auto,
    /// Every hero is a photo.
    Photo,
    /// Every hero is a banner.
    Banner,
}

/// What fills the card (cover templates) or the panel (panel templates)
/// around a banner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Backdrop {
    /// The banner itself, blurred past recognition (and darkened under text).
    #[default]
    Blur,
    /// The banner's edge colour.
    Edge,
    /// The template background.
    None,
}

/// The layout for heroes that must be seen whole: designed banners (their
/// own headline or wordmark), transparent logos and images too small to
/// fill the hero area.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BannerStyle {
    /// The banner's panel `[x, y, w, h]`; the image is fitted inside, whole.
    /// Default: the hero area of a panel template; the right column of a
    /// cover template.
    pub area: Option<[u32; 4]>,
    /// The title box `[x, y, w, h]` beside the panel (cover templates);
    /// default: the left column.
    pub title: Option<[f32; 4]>,
    /// Corner radius of the banner and of a logo's plate.
    pub radius: f32,
    /// What shows around the banner.
    pub backdrop: Backdrop,
    /// Space around a logo or a small image inside its plate, as a fraction
    /// of the panel's shorter side.
    pub padding: f32,
    /// A plate for dark logos.
    pub plate_light: Color,
    /// A plate for light logos.
    pub plate_dark: Color,
}

impl Default for BannerStyle {
    fn default() -> Self {
        BannerStyle {
            area: None,
            title: None,
            radius: 12.0,
            backdrop: Backdrop::Blur,
            padding: 0.12,
            plate_light: Color([244, 246, 250, 255]),
            plate_dark: Color([15, 23, 42, 255]),
        }
    }
}

impl Default for HeroStyle {
    fn default() -> Self {
        HeroStyle {
            placement: Placement::Cover,
            area: None,
            radius: 0.0,
            focus_x: 0.5,
            focus_y: 0.5,
            scrim_color: Color([0, 0, 0, 255]),
            scrim_top: 0.3,
            scrim_bottom: 0.85,
            scrim_start: 0.0,
            fallback: None,
            fallback_to: None,
            kind: HeroMode::Auto,
            auto_focus: true,
            max_upscale: 2.0,
        }
    }
}

/// When a shape or box variant applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum When {
    /// Always.
    #[default]
    Always,
    /// Only when a hero was drawn.
    Hero,
    /// Only when there is no hero.
    NoHero,
}

/// A flat rectangle (brand bar, accent rule).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RectStyle {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
    /// Fill (alpha allowed).
    pub color: Color,
    /// Corner radius.
    #[serde(default)]
    pub radius: f32,
    /// Draw always, only with a hero, or only without.
    #[serde(default)]
    pub when: When,
    /// Take the post's category accent (see `accents`) instead of `color`.
    #[serde(default)]
    pub accent: bool,
}

/// Horizontal alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// Start of the line for the title's direction: left for LTR, right for RTL.
    #[default]
    Auto,
    /// Left.
    Left,
    /// Centre.
    Center,
    /// Right.
    Right,
}

/// Vertical alignment of the title block in its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum VAlign {
    /// Cap height of the first line on the box top.
    #[default]
    Top,
    /// Centred.
    Center,
    /// Last line's descenders on the box bottom.
    Bottom,
}

/// The title block.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitleStyle {
    /// Box left.
    pub x: f32,
    /// Box top.
    pub y: f32,
    /// Box width.
    pub w: f32,
    /// Box height.
    pub h: f32,
    /// Another box `[x, y, w, h]` used when there is no hero (a panel
    /// template can give the text the whole card).
    pub box_no_hero: Option<[f32; 4]>,
    /// Vertical alignment in the box.
    #[serde(default)]
    pub valign: VAlign,
    /// Vertical alignment when there is no hero (default: `valign`).
    pub valign_no_hero: Option<VAlign>,
    /// Font family, one of the bundled (`Inter Display`, `Inter`) or an extra font's.
    #[serde(default = "default_title_family")]
    pub family: String,
    /// Font weight (100–900); the nearest bundled weight is used.
    #[serde(default = "default_title_weight")]
    pub weight: u16,
    /// Largest font size (px per em).
    pub max_size: f32,
    /// Smallest font size before the ellipsis.
    pub min_size: f32,
    /// At most this many lines.
    pub max_lines: u32,
    /// More lines a long title may take (at any size down to `min_size`)
    /// before it is cut with `…`.
    #[serde(default)]
    pub extra_lines: u32,
    /// A title that fits in `short_max_lines` lines may grow up to this size
    /// (default: `max_size`, no growing).
    pub short_max_size: Option<f32>,
    /// See `short_max_size` (default 2).
    #[serde(default = "default_short_max_lines")]
    pub short_max_lines: u32,
    /// Line advance as a multiple of the font size.
    #[serde(default = "default_line_height")]
    pub line_height: f32,
    /// Extra space between letters, in em (negative tightens).
    #[serde(default)]
    pub letter_spacing: f32,
    /// Text colour.
    pub color: Color,
    /// `auto` (start of the title's direction), `left`, `center`, `right`.
    #[serde(default)]
    pub align: Align,
    /// Even out line lengths (like CSS `text-wrap: balance`).
    #[serde(default)]
    pub balance: bool,
}

fn default_title_family() -> String {
    "Inter Display".into()
}
fn default_title_weight() -> u16 {
    700
}
fn default_short_max_lines() -> u32 {
    2
}
fn default_line_height() -> f32 {
    1.15
}

/// Where a label is anchored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// At `x, y` (baseline).
    #[default]
    Absolute,
    /// `gap` pixels above the title's first line (cap top), at the title box's
    /// left (or right, for a right-aligned title).
    AboveTitle,
    /// `gap` pixels below the title's last baseline.
    BelowTitle,
}

/// A one-line label: site name, category or date.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelStyle {
    /// Left edge for `align = "left"`, right edge for `right`, centre for `center`.
    #[serde(default)]
    pub x: f32,
    /// Baseline.
    #[serde(default)]
    pub y: f32,
    /// Anchoring: absolute or relative to the title block.
    #[serde(default)]
    pub anchor: Anchor,
    /// Distance from the title for relative anchors.
    #[serde(default = "default_gap")]
    pub gap: f32,
    /// Font size (px per em).
    pub size: f32,
    /// Text colour.
    pub color: Color,
    /// Font family.
    #[serde(default = "default_label_family")]
    pub family: String,
    /// Font weight.
    #[serde(default = "default_label_weight")]
    pub weight: u16,
    /// Alignment about `x`.
    #[serde(default)]
    pub align: Align,
    /// Widest the label may be; longer text ends with `…`.
    #[serde(default = "default_label_width")]
    pub max_width: f32,
    /// Draw in capitals.
    #[serde(default)]
    pub uppercase: bool,
    /// Extra space between letters, in em.
    #[serde(default)]
    pub letter_spacing: f32,
    /// Fill of a pill behind the label, if any.
    pub background: Option<Color>,
    /// Pill padding left and right.
    #[serde(default)]
    pub padding_x: f32,
    /// Pill padding above the cap height and below the baseline.
    #[serde(default)]
    pub padding_y: f32,
    /// Pill corner radius.
    #[serde(default)]
    pub radius: f32,
    /// A small square mark (brand dot) before the label, in this colour.
    pub mark: Option<Color>,
    /// `[author]` only: the diameter of the author's avatar, drawn round
    /// before the name (after it on a right-to-left card) when the post has
    /// a readable one.
    pub avatar: Option<f32>,
}

fn default_gap() -> f32 {
    24.0
}
fn default_label_family() -> String {
    "Inter".into()
}
fn default_scale() -> f32 {
    1.0
}

impl Template {
    /// The accent for a post whose first category is `category`, if the
    /// template names one.
    pub fn accent_for(&self, category: Option<&str>) -> Option<Color> {
        let key = category?.trim().to_lowercase();
        self.accents.get(&key).copied()
    }

    /// Multiplies every pixel measure by `scale` and resets it to 1, so
    /// drawing code only ever sees pixels. Integer measures are rounded.
    fn apply_scale(&mut self) {
        let s = self.scale;
        if s == 1.0 {
            return;
        }
        let px = |v: &mut f32| *v *= s;
        let px_u = |v: &mut u32| *v = (*v as f32 * s).round() as u32;
        px_u(&mut self.width);
        px_u(&mut self.height);
        let h = &mut self.hero;
        h.area.iter_mut().flatten().for_each(px_u);
        px(&mut h.radius);
        let b = &mut self.banner;
        b.area.iter_mut().flatten().for_each(px_u);
        b.title.iter_mut().flatten().for_each(px);
        px(&mut b.radius);
        for r in &mut self.rects {
            [&mut r.x, &mut r.y, &mut r.w, &mut r.h, &mut r.radius]
                .into_iter()
                .for_each(px);
        }
        if let Some(index) = &mut self.index {
            index.title.iter_mut().flatten().for_each(px);
        }
        let index_description = self.index.as_mut().and_then(|i| i.description.as_mut());
        for t in std::iter::once(&mut self.title)
            .chain(self.description.as_mut())
            .chain(index_description)
        {
            [
                &mut t.x,
                &mut t.y,
                &mut t.w,
                &mut t.h,
                &mut t.max_size,
                &mut t.min_size,
            ]
            .into_iter()
            .for_each(px);
            t.box_no_hero.iter_mut().flatten().for_each(px);
            t.short_max_size.iter_mut().for_each(px);
        }
        if let Some(logo) = &mut self.logo {
            logo.area.iter_mut().for_each(px_u);
        }
        for l in [
            &mut self.site_name,
            &mut self.category,
            &mut self.date,
            &mut self.author,
        ]
        .into_iter()
        .flatten()
        {
            [
                &mut l.x,
                &mut l.y,
                &mut l.gap,
                &mut l.size,
                &mut l.max_width,
                &mut l.padding_x,
                &mut l.padding_y,
                &mut l.radius,
            ]
            .into_iter()
            .for_each(px);
            l.avatar.iter_mut().for_each(px);
        }
        self.scale = 1.0;
    }
}

fn default_label_weight() -> u16 {
    600
}
fn default_label_width() -> f32 {
    600.0
}

/// A template as loaded, with where it came from (for messages and the fingerprint).
#[derive(Debug, Clone)]
pub(crate) struct LoadedTemplate {
    pub(crate) template: Template,
    pub(crate) path: PathBuf,
    pub(crate) source: String,
}

/// Parses a template's text; `path` is only for messages.
pub fn parse_template(path: &Path, text: &str) -> Result<Template, Error> {
    let template: Template = toml::from_str(text).map_err(|err| {
        let (line, column) = match err.span() {
            Some(span) => {
                let (l, c) = crate::common::line_column(text, span.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        Error::Template {
            path: path.to_path_buf(),
            line,
            column,
            message: err.message().trim().to_string(),
        }
    })?;
    let mut template = template;
    if !(0.25..=4.0).contains(&template.scale) {
        return Err(Error::Template {
            path: path.to_path_buf(),
            line: None,
            column: None,
            message: format!("scale = {} must be 0.25–4", template.scale),
        });
    }
    template.apply_scale();
    template.accents = std::mem::take(&mut template.accents)
        .into_iter()
        .map(|(category, colour)| (category.to_lowercase(), colour))
        .collect();
    validate(path, &template)?;
    Ok(template)
}

fn validate(path: &Path, t: &Template) -> Result<(), Error> {
    let bad = |message: String| Error::Template {
        path: path.to_path_buf(),
        line: None,
        column: None,
        message,
    };
    for (name, v) in [("width", t.width), ("height", t.height)] {
        if !(144..=4096).contains(&v) {
            return Err(bad(format!(
                "{name} = {v} is outside 144–4096 px (X's card limits)"
            )));
        }
    }
    let title = &t.title;
    if !(title.min_size >= 4.0 && title.min_size <= title.max_size && title.max_size <= 1000.0) {
        return Err(bad(format!(
            "title sizes must satisfy 4 ≤ min_size ≤ max_size ≤ 1000 (min_size = {}, max_size = {})",
            title.min_size, title.max_size
        )));
    }
    if !(1..=20).contains(&title.max_lines) || title.max_lines + title.extra_lines > 20 {
        return Err(bad(format!(
            "title.max_lines = {} (+ extra_lines = {}) must be 1–20",
            title.max_lines, title.extra_lines
        )));
    }
    if let Some(short) = title.short_max_size {
        if !(title.max_size..=1000.0).contains(&short) || title.short_max_lines == 0 {
            return Err(bad(format!(
                "title.short_max_size = {short} must be max_size–1000 px (and short_max_lines ≥ 1)"
            )));
        }
    }
    if !(0.5..=4.0).contains(&title.line_height) {
        return Err(bad(format!(
            "title.line_height = {} must be 0.5–4",
            title.line_height
        )));
    }
    let boxes = std::iter::once(("title", [title.x, title.y, title.w, title.h]))
        .chain(title.box_no_hero.map(|b| ("title.box_no_hero", b)));
    for (name, [x, y, w, h]) in boxes {
        let fits = x >= 0.0
            && y >= 0.0
            && w >= 1.0
            && h >= 1.0
            && x + w <= t.width as f32
            && y + h <= t.height as f32;
        if !fits {
            return Err(bad(format!(
                "{name} box [{x}, {y}, {w}, {h}] must lie inside the {}×{} card",
                t.width, t.height
            )));
        }
    }
    let index_description = t.index.as_ref().and_then(|i| i.description.as_ref());
    for d in t.description.iter().chain(index_description) {
        let [x, y, w, h] = [d.x, d.y, d.w, d.h];
        let sizes_ok = d.min_size >= 4.0 && d.min_size <= d.max_size && d.max_size <= 1000.0;
        let lines_ok = (1..=20).contains(&d.max_lines);
        let inside = x >= 0.0
            && y >= 0.0
            && w >= 1.0
            && h >= 1.0
            && x + w <= t.width as f32
            && y + h <= t.height as f32;
        if !(sizes_ok && lines_ok && inside) {
            return Err(bad(format!(
                "description: its box [{x}, {y}, {w}, {h}] must lie inside the card, \
                 4 ≤ min_size ≤ max_size ≤ 1000 and max_lines 1–20"
            )));
        }
    }
    if let Some(logo) = &t.logo {
        let [x, y, w, hh] = logo.area;
        if w == 0 || hh == 0 || x + w > t.width || y + hh > t.height {
            return Err(bad(format!(
                "logo.area [{x}, {y}, {w}, {hh}] must lie inside the {}×{} card",
                t.width, t.height
            )));
        }
    }
    for (name, label) in [
        ("site_name", &t.site_name),
        ("category", &t.category),
        ("date", &t.date),
        ("author", &t.author),
    ] {
        if let Some(l) = label {
            if !(4.0..=400.0).contains(&l.size) || l.max_width < 1.0 {
                return Err(bad(format!(
                    "{name}.size must be 4–400 and max_width positive"
                )));
            }
            match l.avatar {
                Some(_) if name != "author" => {
                    return Err(bad(format!("{name}.avatar: only [author] draws an avatar")));
                }
                Some(d) if !(4.0..=1024.0).contains(&d) => {
                    return Err(bad(format!("author.avatar = {d} must be 4–1024")));
                }
                _ => {}
            }
        }
    }
    let h = &t.hero;
    for (name, v) in [
        ("background.image_opacity", t.background.image_opacity),
        ("hero.scrim_top", h.scrim_top),
        ("hero.scrim_bottom", h.scrim_bottom),
        ("hero.scrim_start", h.scrim_start),
        ("hero.focus_x", h.focus_x),
        ("hero.focus_y", h.focus_y),
    ] {
        if !(0.0..=1.0).contains(&v) {
            return Err(bad(format!("{name} = {v} must be between 0 and 1")));
        }
    }
    if !(1.0..=8.0).contains(&h.max_upscale) {
        return Err(bad(format!(
            "hero.max_upscale = {} must be 1–8",
            h.max_upscale
        )));
    }
    if let Some([x, y, w, hh]) = t.banner.area {
        if w == 0 || hh == 0 || x + w > t.width || y + hh > t.height {
            return Err(bad(format!(
                "banner.area [{x}, {y}, {w}, {hh}] must lie inside the {}×{} card",
                t.width, t.height
            )));
        }
    }
    if let Some([x, y, w, hh]) = t.banner.title {
        if !(x >= 0.0
            && y >= 0.0
            && w >= 1.0
            && hh >= 1.0
            && x + w <= t.width as f32
            && y + hh <= t.height as f32)
        {
            return Err(bad(format!(
                "banner.title box [{x}, {y}, {w}, {hh}] must lie inside the {}×{} card",
                t.width, t.height
            )));
        }
    }
    if !(0.0..=0.45).contains(&t.banner.padding) {
        return Err(bad(format!(
            "banner.padding = {} must be 0–0.45",
            t.banner.padding
        )));
    }
    if let Some([x, y, w, hh]) = h.area {
        if w == 0 || hh == 0 || x + w > t.width || y + hh > t.height {
            return Err(bad(format!(
                "hero.area [{x}, {y}, {w}, {hh}] must lie inside the {}×{} card",
                t.width, t.height
            )));
        }
    }
    Ok(())
}

/// Loads the template for `kind`: the user's file when `dir` has one, else the
/// built-in default.
pub(crate) fn load_template(dir: Option<&Path>, kind: CardKind) -> Result<LoadedTemplate, Error> {
    let name = file_name(kind);
    if let Some(dir) = dir {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(source) => {
                let template = parse_template(&path, &source)?;
                return Ok(LoadedTemplate {
                    template,
                    path,
                    source,
                });
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => return Err(Error::io(path, err)),
        }
    }
    let source = match kind {
        CardKind::Summary => DEFAULT_SUMMARY,
        CardKind::SummaryLargeImage => DEFAULT_SUMMARY_LARGE,
    };
    let path = PathBuf::from(format!("<built-in templates/{name}>"));
    let template = parse_template(&path, source)?;
    Ok(LoadedTemplate {
        template,
        path,
        source: source.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_templates_parse() {
        for kind in [CardKind::Summary, CardKind::SummaryLargeImage] {
            load_template(None, kind).expect("built-in template parses");
        }
    }

    #[test]
    fn unknown_key_is_reported_with_line_and_column() {
        let text = DEFAULT_SUMMARY_LARGE.replace("[title]\n", "[title]\nmax_sizee = 3\n");
        let err = parse_template(Path::new("t/summary_large_image.toml"), &text).unwrap_err();
        let msg = err.to_string();
        let line = text
            .lines()
            .position(|l| l.starts_with("max_sizee"))
            .unwrap()
            + 1;
        assert!(
            msg.starts_with(&format!(
                "t/summary_large_image.toml:{line}:1: unknown field `max_sizee`"
            )),
            "{msg}"
        );
    }

    #[test]
    fn bad_colour_names_the_value() {
        let text = DEFAULT_SUMMARY.replacen("color = \"#", "color = \"nope", 1);
        let err = parse_template(Path::new("s.toml"), &text).unwrap_err();
        assert!(err.to_string().contains("is not a colour"), "{err}");
    }

    #[test]
    fn user_folder_file_wins_and_missing_file_falls_back() {
        let dir = tempfile::tempdir().unwrap();
        let custom = DEFAULT_SUMMARY.replace("max_size = 56", "max_size = 50");
        std::fs::write(dir.path().join("summary.toml"), &custom).unwrap();
        let s = load_template(Some(dir.path()), CardKind::Summary).unwrap();
        assert_eq!(s.template.title.max_size, 50.0);
        let l = load_template(Some(dir.path()), CardKind::SummaryLargeImage).unwrap();
        assert_eq!(l.template.width, 1200);
    }

    #[test]
    fn scale_multiplies_every_pixel_measure_and_nothing_else() {
        let path = Path::new("t.toml");
        let one = parse_template(path, DEFAULT_SUMMARY_LARGE).unwrap();
        let text = format!("scale = 1.5\n{DEFAULT_SUMMARY_LARGE}");
        let big = parse_template(path, &text).unwrap();
        assert_eq!((big.width, big.height), (1800, 945));
        assert_eq!(big.scale, 1.0, "applied once, at load");
        assert_eq!(big.title.max_size, one.title.max_size * 1.5);
        assert_eq!(big.title.x, one.title.x * 1.5);
        assert_eq!(big.title.line_height, one.title.line_height);
        assert_eq!(big.title.letter_spacing, one.title.letter_spacing);
        let (l1, l2) = (one.date.unwrap(), big.date.unwrap());
        assert_eq!(
            (l2.size, l2.x, l2.y),
            (l1.size * 1.5, l1.x * 1.5, l1.y * 1.5)
        );
        assert_eq!(big.rects[0].h, one.rects[0].h * 1.5);
        assert_eq!(big.hero.scrim_top, one.hero.scrim_top);
        let err = parse_template(path, &format!("scale = 9\n{DEFAULT_SUMMARY_LARGE}"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("scale = 9 must be 0.25–4"), "{err}");
    }

    #[test]
    fn colours_parse() {
        assert_eq!(Color::parse("#102030"), Some(Color([16, 32, 48, 255])));
        assert_eq!(Color::parse("#10203040"), Some(Color([16, 32, 48, 64])));
        assert_eq!(Color::parse("102030"), None);
        assert_eq!(Color::parse("#1020"), None);
        assert_eq!(Color::parse("#ééé"), None);
    }
}
