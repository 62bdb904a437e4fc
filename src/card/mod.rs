//! Social cards: a post's title (and hero image) → a PNG for X, Open Graph,
//! LinkedIn, Slack, Discord and Mastodon previews.
//!
//! ```text
//!  templates/*.toml ─┐                 ┌─ hero::resolve_hero / decode_hero
//!  fonts/* (built in) ┼─ Renderer::load │
//!  extra fonts ──────┘        │         ▼
//!                              └─▶ Renderer::draw(kind, text, hero) ─▶ RgbImage ─▶ encode_png
//!                                    layout.rs (numbers) + raster.rs (pixels)
//! ```
//!
//! [`Renderer`] is loaded once and is `Sync`: rayon threads share it. Drawing
//! never fails; problems (a glyph no font has, say) come back as warning strings.
//! [`Renderer::fingerprint`] hashes every input a card has besides the post's own
//! (templates, font bytes, crate version) for the incremental cache.

pub mod budget;
pub mod date;
pub mod direction;
pub mod encode;
pub(crate) mod fonts;
pub mod hero;
pub(crate) mod layout;
pub(crate) mod raster;
pub mod template;

use std::path::{Path, PathBuf};

use image::{DynamicImage, RgbImage};
use serde::{Deserialize, Serialize};

use crate::common::{CardKind, HeroKind};
use crate::error::Error;

pub use encode::encode_png;
pub use hero::{decode_hero, load_hero, resolve_hero};
use layout::{layout_label, layout_title, TitleSpec};
pub use template::BUILT_IN as TEMPLATES;
use template::{
    Align, Anchor, Backdrop, HeroMode, LabelStyle, LoadedTemplate, Placement, Template, When,
};

/// The words on a card.
#[derive(Debug, Clone, Copy)]
pub struct CardText<'a> {
    /// The post's (card) title.
    pub title: &'a str,
    /// The site's name.
    pub site_name: &'a str,
    /// The post's category, if any.
    pub category: Option<&'a str>,
    /// The date, already formatted (e.g. "19 Dec 2024").
    pub date: Option<&'a str>,
    /// The post's language is written right to left
    /// ([`direction::is_rtl_language`]): the title is laid out right to left
    /// even when it starts with a Latin word. Otherwise its first strong
    /// letter decides.
    pub rtl: bool,
    /// The post's (first) author's name, for a template's `[author]`.
    pub author: Option<&'a str>,
    /// That author's avatar, decoded, drawn round before the name when the
    /// template's `[author]` sets `avatar`.
    pub avatar: Option<&'a DynamicImage>,
    /// The post's description, for a template's `[description]`.
    pub description: Option<&'a str>,
}

struct CardStyle {
    loaded: LoadedTemplate,
    /// `background.image`, decoded once.
    background: Option<DynamicImage>,
    /// `logo.image`, decoded once.
    logo: Option<DynamicImage>,
    author: Vec<usize>,
    description: Vec<usize>,
    /// `index.description`'s chain.
    index_description: Vec<usize>,
    title: Vec<usize>,
    site_name: Vec<usize>,
    category: Vec<usize>,
    date: Vec<usize>,
}

/// Fonts and both templates, loaded once; shared by reference across threads.
pub struct Renderer {
    fonts: fonts::FontSet,
    summary: CardStyle,
    large: CardStyle,
    fingerprint: [u8; 32],
}

// The build draws cards on rayon threads sharing one renderer.
const _: () = {
    const fn assert_sync<T: Sync + Send>() {}
    assert_sync::<Renderer>();
    assert_sync::<TitleCheck<'static>>();
};

impl Renderer {
    /// Loads the templates (a file in `templates_dir` named `summary.toml` or
    /// `summary_large_image.toml` replaces the built-in one; a missing folder or
    /// file means the built-in) and the fonts (bundled, plus `extra_fonts`,
    /// which a template may name by family and which come first in every
    /// fallback chain after the template's own face).
    pub fn load(templates_dir: Option<&Path>, extra_fonts: &[PathBuf]) -> Result<Renderer, Error> {
        if let Some(dir) = templates_dir.filter(|dir| !dir.is_dir()) {
            // A configured folder that is not there is a typo, not a wish for
            // the built-in templates.
            return Err(Error::io(
                dir,
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "the [cards] templates folder does not exist",
                ),
            ));
        }
        let fonts = fonts::FontSet::load(extra_fonts)?;
        let summary = Self::style(
            &fonts,
            template::load_template(templates_dir, CardKind::Summary)?,
        )?;
        let large = Self::style(
            &fonts,
            template::load_template(templates_dir, CardKind::SummaryLargeImage)?,
        )?;
        let mut hasher = blake3::Hasher::new();
        hasher.update(b"feedcard card renderer\0");
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        hasher.update(b"\0");
        for style in [&summary, &large] {
            let src = style.loaded.source.as_bytes();
            hasher.update(&(src.len() as u64).to_le_bytes());
            hasher.update(src);
            for image in [&style.background, &style.logo].into_iter().flatten() {
                hasher.update(image.as_bytes());
            }
        }
        fonts.hash_into(&mut hasher);
        let fingerprint = *hasher.finalize().as_bytes();
        Ok(Renderer {
            fonts,
            summary,
            large,
            fingerprint,
        })
    }

    fn style(fonts: &fonts::FontSet, loaded: LoadedTemplate) -> Result<CardStyle, Error> {
        let t = &loaded.template;
        let chain = |what: &str, family: &str, weight: u16| {
            fonts.chain(family, weight).ok_or_else(|| Error::Template {
                path: loaded.path.clone(),
                line: None,
                column: None,
                message: format!(
                    "{what}: no font family {family:?}; available: {}",
                    fonts.families().join(", ")
                ),
            })
        };
        let label_chain = |what: &str, l: &Option<LabelStyle>| match l {
            Some(l) => chain(what, &l.family, l.weight),
            None => Ok(Vec::new()),
        };
        Ok(CardStyle {
            background: match &t.background.image {
                Some(name) => Some(template_image(&loaded, "background.image", name)?),
                None => None,
            },
            logo: match &t.logo {
                Some(logo) => Some(template_image(&loaded, "logo.image", &logo.image)?),
                None => None,
            },
            author: label_chain("author.family", &t.author)?,
            description: match &t.description {
                Some(d) => chain("description.family", &d.family, d.weight)?,
                None => Vec::new(),
            },
            index_description: match t.index.as_ref().and_then(|i| i.description.as_ref()) {
                Some(d) => chain("index.description.family", &d.family, d.weight)?,
                None => Vec::new(),
            },
            title: chain("title.family", &t.title.family, t.title.weight)?,
            site_name: label_chain("site_name.family", &t.site_name)?,
            category: label_chain("category.family", &t.category)?,
            date: label_chain("date.family", &t.date)?,
            loaded,
        })
    }

    fn card(&self, kind: CardKind) -> &CardStyle {
        match kind {
            CardKind::Summary => &self.summary,
            CardKind::SummaryLargeImage => &self.large,
        }
    }

    /// The template of a kind (as parsed).
    pub fn template(&self, kind: CardKind) -> &Template {
        &self.card(kind).loaded.template
    }

    /// Card size in pixels.
    pub fn size(&self, kind: CardKind) -> (u32, u32) {
        let t = self.template(kind);
        (t.width, t.height)
    }

    /// A hash of everything a card depends on besides the post: both
    /// templates' text, every font's bytes, and the crate version.
    pub fn fingerprint(&self) -> [u8; 32] {
        self.fingerprint
    }

    /// An error message when no font has most of the title's letters: such a
    /// card would show a few stray characters, so the post gets no card.
    /// Builds the title's faces for this one call: for many titles, use
    /// [`Renderer::title_check`], which builds them once.
    pub fn title_error(&self, kind: CardKind, title: &str) -> Option<String> {
        self.title_check().error(kind, title)
    }

    /// The title check of [`Renderer::title_error`] with both kinds' faces
    /// built once: building a chain's faces (parsing each font's layout
    /// tables) costs ~1.9 M instructions, which per post was 84 % of a 10k-post
    /// `--no-cards` build (BENCHMARKS.md, session speed3).
    pub fn title_check(&self) -> TitleCheck<'_> {
        let summary = self.fonts.faces(&self.summary.title);
        let large = self.fonts.faces(&self.large.title);
        TitleCheck {
            ascii: [ascii_coverage(&summary), ascii_coverage(&large)],
            faces: [summary, large],
        }
    }
}

/// Which ASCII characters some face of a chain has.
fn ascii_coverage(faces: &[fonts::Face<'_>]) -> [bool; 128] {
    let mut covered = [false; 128];
    for (c, slot) in (0u8..128).zip(covered.iter_mut()) {
        *slot = faces.iter().any(|f| f.has(char::from(c)));
    }
    covered
}

/// Both card kinds' title faces, built once and shared across threads; see
/// [`Renderer::title_check`].
pub struct TitleCheck<'a> {
    /// Summary, then large.
    faces: [Vec<fonts::Face<'a>>; 2],
    /// Which ASCII characters each kind's chain has.
    ascii: [[bool; 128]; 2],
}

impl TitleCheck<'_> {
    /// See [`Renderer::title_error`].
    pub fn error(&self, kind: CardKind, title: &str) -> Option<String> {
        let k = match kind {
            CardKind::Summary => 0,
            CardKind::SummaryLargeImage => 1,
        };
        // Most titles are plain ASCII the chain has: nothing can be lost.
        // Without `&` no entity decodes to another character, and markup
        // only removes characters or adds spaces and line breaks, so every
        // letter drawn is one of these (itemizing costs ~90 k instructions
        // per title, 21 % of a 10k-post re-run).
        let covered = &self.ascii[k];
        let plain = title.bytes().all(|b| {
            b != b'&' && b.is_ascii() && (b.is_ascii_whitespace() || covered[usize::from(b)])
        });
        if plain {
            return None;
        }
        let (letters, lost, missing) = layout::coverage(title, &self.faces[k]);
        (lost * 2 > letters).then(|| {
            let shown: String = missing.iter().take(12).collect();
            format!(
                "no bundled font has {lost} of the {letters} letters of the title (e.g. {shown:?}); \
                 no card was drawn (add a font with `extra_fonts`)"
            )
        })
    }
}

impl Renderer {
    /// Draws one card. `hero` is an already-decoded image (`None` → the
    /// template's fallback background). Returns the pixels, warnings (e.g.
    /// characters no font could draw, which are left out) and what the
    /// gallery flags.
    pub fn draw(&self, kind: CardKind, text: &CardText<'_>, hero: Option<&Hero<'_>>) -> Drawn {
        self.draw_card(kind, text, hero, false)
    }

    /// Draws a card of the cards index (the site's or a category's): no
    /// hero, and the template's `[index]` title box and description when it
    /// has them.
    pub fn draw_index(&self, kind: CardKind, text: &CardText<'_>) -> Drawn {
        self.draw_card(kind, text, None, true)
    }

    fn draw_card(
        &self,
        kind: CardKind,
        text: &CardText<'_>,
        hero: Option<&Hero<'_>>,
        index: bool,
    ) -> Drawn {
        let style = self.card(kind);
        let t = &style.loaded.template;
        let mut warnings = Vec::new();
        let mut flags = CardFlags::default();
        let mut img = RgbImage::new(t.width, t.height);
        let full = [0, 0, t.width, t.height];
        let seed = t.background.vary.then(|| variation_seed(text.title));
        raster::fill_gradient(
            &mut img,
            full,
            opaque(t.background.color),
            t.background.gradient_to.map(opaque),
            // One of eight directions, 45° apart.
            t.background.gradient_angle + seed.map_or(0.0, |s| (s % 8) as f32 * 45.0),
        );
        if let Some(image) = &style.background {
            if let Err(e) = draw_background_image(&mut img, image, t.background.image_opacity, seed)
            {
                warnings.push(format!("background image: {e}"));
            }
        }

        let area = t.hero.area.unwrap_or(full);
        let index_style = t.index.as_ref().filter(|_| index);
        let mut title_box = index_style.and_then(|i| i.title);
        if t.hero.placement != Placement::None {
            if let Some(hero) = hero {
                match draw_hero(&mut img, t, hero) {
                    Ok(placed) => {
                        flags.layout = placed.layout;
                        title_box = placed.title_box;
                        if let Some(w) = placed.warning {
                            warnings.push(w);
                        }
                    }
                    Err(e) => {
                        flags.fallback = true;
                        warnings.push(format!("{e}; drew the fallback background"));
                    }
                }
            }
            if flags.layout == HeroLayout::None {
                if let Some(fill) = t.hero.fallback {
                    raster::fill_gradient(&mut img, area, fill, t.hero.fallback_to, 135.0);
                }
            }
        }
        let has_hero = flags.layout != HeroLayout::None;

        let accent = t.accent_for(text.category);
        for r in &t.rects {
            let on = match r.when {
                When::Always => true,
                When::Hero => has_hero,
                When::NoHero => !has_hero,
            };
            let color = match accent {
                Some(a) if r.accent => a,
                _ => r.color,
            };
            if on {
                raster::fill_rect(&mut img, r.x, r.y, r.w, r.h, r.radius, color);
            }
        }
        if let (Some(logo), Some(image)) = (&t.logo, &style.logo) {
            let on = match logo.when {
                When::Always => true,
                When::Hero => has_hero,
                When::NoHero => !has_hero,
            };
            if on {
                if let Err(e) = draw_contained(&mut img, image, logo.area) {
                    warnings.push(format!("logo: {e}"));
                }
            }
        }

        // Title.
        let ts = &t.title;
        let [bx, by, bw, bh] = match (title_box, ts.box_no_hero) {
            (Some(b), _) => b,
            (None, Some(b)) if !has_hero => b,
            _ => [ts.x, ts.y, ts.w, ts.h],
        };
        let title_faces = self.fonts.faces(&style.title);
        let spec = TitleSpec {
            width: bw,
            height: bh,
            max_size: ts.max_size,
            min_size: ts.min_size,
            max_lines: ts.max_lines as usize,
            extra_lines: ts.extra_lines as usize,
            short_max_size: ts.short_max_size.unwrap_or(ts.max_size),
            short_max_lines: ts.short_max_lines as usize,
            line_height: ts.line_height,
            letter_spacing: ts.letter_spacing,
            align: ts.align,
            valign: match ts.valign_no_hero {
                Some(v) if !has_hero => v,
                _ => ts.valign,
            },
            balance: ts.balance,
            rtl: text.rtl,
        };
        let title = layout_title(text.title, &title_faces, &spec);
        report_missing(&mut warnings, "title", &title.missing);
        flags.cut_title = title.truncated;
        flags.dropped_glyphs |= !title.missing.is_empty();
        for line in &title.lines {
            raster::draw_line(&mut img, &title_faces, line, bx, by, title.size, ts.color);
        }
        let (description, description_faces) =
            match index_style.and_then(|i| i.description.as_ref()) {
                Some(d) => (Some(d), &style.index_description),
                None => (t.description.as_ref(), &style.description),
            };
        if let (Some(ds), Some(desc)) = (description, text.description) {
            if !desc.trim().is_empty() {
                let faces = self.fonts.faces(description_faces);
                Self::draw_description(&mut img, &faces, ds, desc, text.rtl, &mut warnings);
            }
        }
        let right_aligned = match ts.align {
            Align::Auto => title.rtl,
            a => a == Align::Right,
        };
        let title_edges = TitleEdges {
            left: bx,
            right: bx + bw,
            top: by + title.ink_top,
            bottom: by + title.ink_bottom,
            right_aligned,
            rtl: title.rtl,
            card_width: t.width as f32,
        };

        let labels = [
            (
                "category",
                &t.category,
                &style.category,
                text.category,
                None,
            ),
            (
                "site name",
                &t.site_name,
                &style.site_name,
                Some(text.site_name),
                None,
            ),
            ("date", &t.date, &style.date, text.date, None),
            ("author", &t.author, &style.author, text.author, text.avatar),
        ];
        for (what, label_style, chain, value, avatar) in labels {
            let (Some(ls), Some(value)) = (label_style, value) else {
                continue;
            };
            let accented;
            let ls = match accent {
                Some(a) => {
                    accented = LabelStyle {
                        background: ls.background.map(|_| a),
                        mark: ls.mark.map(|_| a),
                        ..ls.clone()
                    };
                    &accented
                }
                None => ls,
            };
            if value.trim().is_empty() {
                continue;
            }
            let faces = self.fonts.faces(chain);
            let before = warnings.len();
            self.draw_label(
                &mut img,
                &faces,
                ls,
                (value, avatar),
                &title_edges,
                what,
                &mut warnings,
            );
            flags.dropped_glyphs |= warnings[before..]
                .iter()
                .any(|w| w.contains("no bundled font has a glyph"));
        }
        Drawn {
            pixels: img,
            warnings,
            flags,
        }
    }

    /// A description in its own box, laid out like a title (it shrinks,
    /// then ends with `…`).
    fn draw_description(
        img: &mut RgbImage,
        faces: &[fonts::Face<'_>],
        ds: &template::TitleStyle,
        desc: &str,
        rtl: bool,
        warnings: &mut Vec<String>,
    ) {
        let spec = TitleSpec {
            width: ds.w,
            height: ds.h,
            max_size: ds.max_size,
            min_size: ds.min_size,
            max_lines: ds.max_lines as usize,
            extra_lines: ds.extra_lines as usize,
            short_max_size: ds.short_max_size.unwrap_or(ds.max_size),
            short_max_lines: ds.short_max_lines as usize,
            line_height: ds.line_height,
            letter_spacing: ds.letter_spacing,
            align: ds.align,
            valign: ds.valign,
            balance: ds.balance,
            rtl,
        };
        let laid = layout_title(desc, faces, &spec);
        report_missing(warnings, "description", &laid.missing);
        for line in &laid.lines {
            raster::draw_line(img, faces, line, ds.x, ds.y, laid.size, ds.color);
        }
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "one call site; a struct would only rename the arguments"
    )]
    fn draw_label(
        &self,
        img: &mut RgbImage,
        faces: &[fonts::Face<'_>],
        ls: &LabelStyle,
        (value, avatar): (&str, Option<&DynamicImage>),
        title: &TitleEdges,
        what: &str,
        warnings: &mut Vec<String>,
    ) {
        let value = if ls.uppercase {
            value.to_uppercase()
        } else {
            value.to_string()
        };
        let mark_w = if ls.mark.is_some() {
            ls.size * 0.5
        } else {
            0.0
        };
        let mark_gap = if ls.mark.is_some() {
            ls.size * 0.5
        } else {
            0.0
        };
        // The avatar leads the label, outside its pill, a third of its
        // diameter away from it.
        let avatar = avatar.zip(ls.avatar);
        let avatar_lead = avatar.map_or(0.0, |(_, d)| d + (d / 3.0).max(ls.size * 0.3));
        let max_text =
            (ls.max_width - 2.0 * ls.padding_x - mark_w - mark_gap - avatar_lead).max(ls.size);
        let laid = layout_label(&value, faces, ls.size, ls.letter_spacing, max_text);
        report_missing(warnings, what, &laid.missing);
        let cap = faces[0].cap_height * ls.size;
        let text_w = laid.line.width;
        let pill_w = text_w + 2.0 * ls.padding_x + mark_w + mark_gap;
        let total = pill_w + avatar_lead;
        // A relative label moves away from the title by what the avatar
        // stands out of the pill, so the circle never touches the title.
        let avatar_overhang =
            avatar.map_or(0.0, |(_, d)| ((d - cap) / 2.0 - ls.padding_y).max(0.0));
        // Labels anchored to the title follow its alignment (right for RTL).
        let (title_edge, title_align) = if title.right_aligned {
            (title.right, Align::Right)
        } else {
            (title.left, Align::Left)
        };
        let (anchor_x, align, baseline) = match ls.anchor {
            Anchor::Absolute => {
                let (x, align) = absolute_anchor(ls.x, ls.align, title.rtl, title.card_width);
                (x, align, ls.y)
            }
            Anchor::AboveTitle => (
                title_edge,
                title_align,
                title.top - ls.gap - ls.padding_y - avatar_overhang,
            ),
            Anchor::BelowTitle => (
                title_edge,
                title_align,
                title.bottom + ls.gap + cap + ls.padding_y + avatar_overhang,
            ),
        };
        let start = match align {
            Align::Right => anchor_x - total,
            Align::Center => anchor_x - total / 2.0,
            Align::Left | Align::Auto => anchor_x,
        };
        // Avatar, then pill; mirrored on a right-to-left card.
        let (left, avatar_x) = if title.rtl {
            (start, start + total - avatar.map_or(0.0, |(_, d)| d))
        } else {
            (start + avatar_lead, start)
        };
        if let Some((image, d)) = avatar {
            draw_avatar(img, image, avatar_x, baseline - cap / 2.0 - d / 2.0, d);
        }
        if let Some(bg) = ls.background {
            let top = baseline - cap - ls.padding_y;
            raster::fill_rect(
                img,
                left,
                top,
                pill_w,
                cap + 2.0 * ls.padding_y,
                ls.radius,
                bg,
            );
        }
        // The mark leads the label: at its left, or at its right on a
        // right-to-left card.
        let (mark_x, text_x) = if title.rtl {
            (left + ls.padding_x + text_w + mark_gap, left + ls.padding_x)
        } else {
            (left + ls.padding_x, left + ls.padding_x + mark_w + mark_gap)
        };
        if let Some(mark) = ls.mark {
            let top = baseline - cap / 2.0 - mark_w / 2.0;
            raster::fill_rect(img, mark_x, top, mark_w, mark_w, mark_w * 0.2, mark);
        }
        raster::draw_line(img, faces, &laid.line, text_x, baseline, ls.size, ls.color);
    }
}

/// Draws `image` as a round avatar of diameter `d` with its top-left at
/// `(x, y)` (rounded to whole pixels, so the bytes never depend on a
/// fraction): cover-scaled from its centre, the circle's edge anti-aliased.
/// An avatar that would leave the card is not drawn.
pub(crate) fn draw_avatar(img: &mut RgbImage, image: &DynamicImage, x: f32, y: f32, d: f32) {
    let (x, y, d) = (x.round(), y.round(), d.round());
    let (w, h) = img.dimensions();
    if x < 0.0 || y < 0.0 || d < 1.0 || x + d > w as f32 || y + d > h as f32 {
        return;
    }
    let (sw, sh) = (image.width() as f64, image.height() as f64);
    let side = sw.min(sh);
    let window = ((sw - side) / 2.0, (sh - side) / 2.0, side, side);
    let d = d as u32;
    // Cannot fail: the image is not empty (decoding refuses that) and the
    // window lies inside it.
    let _ = raster::draw_image(
        img,
        image,
        window,
        [x as u32, y as u32, d, d],
        d as f32 / 2.0,
    );
}

/// A decoded hero and what the post says about it.
#[derive(Debug, Clone, Copy)]
pub struct Hero<'a> {
    /// The pixels (upright, see [`hero::decode_hero`]).
    pub image: &'a DynamicImage,
    /// The point to keep in view (`image.focus`), 0–1 from the top-left.
    pub focus: Option<(f32, f32)>,
    /// Photo or banner, when the post says (`image.kind`).
    pub kind: Option<HeroKind>,
}

/// How the hero ended up on the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeroLayout {
    /// No hero drawn (none given, none readable, or the template has none).
    #[default]
    None,
    /// A photo, cover-cropped.
    Photo,
    /// A designed banner, shown whole in its panel.
    Banner,
    /// A transparent logo on a contrasting plate.
    Logo,
    /// An image too small to fill its area, at its own size (≤ `max_upscale`) on a fill.
    Small,
}

/// Facts about a drawn card that the gallery shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CardFlags {
    /// How the hero was placed.
    pub layout: HeroLayout,
    /// A hero was named but could not be drawn: the fallback background shows.
    pub fallback: bool,
    /// Some characters had no glyph in any font and were left out.
    pub dropped_glyphs: bool,
    /// The title did not fit and ends with an ellipsis.
    pub cut_title: bool,
}

/// A drawn card.
#[derive(Debug, Clone)]
pub struct Drawn {
    /// The pixels.
    pub pixels: RgbImage,
    /// Problems worth a warning.
    pub warnings: Vec<String>,
    /// What the gallery flags; also what `format = "auto"` chooses by.
    pub flags: CardFlags,
}

/// Where a hero went and what the title must avoid.
struct Placed {
    layout: HeroLayout,
    title_box: Option<[f32; 4]>,
    warning: Option<String>,
}

/// WCAG contrast every text pixel keeps over a hero backdrop.
const MIN_CONTRAST: f32 = 4.5;

/// Draws the hero: full bleed for a photo (cropped around the post's focus
/// point or the most salient part), else whole in the banner panel.
fn draw_hero(img: &mut RgbImage, t: &Template, hero: &Hero<'_>) -> Result<Placed, String> {
    let full = [0, 0, t.width, t.height];
    let area = t.hero.area.unwrap_or(full);
    let image = hero.image;
    let (sw, sh) = (image.width() as f64, image.height() as f64);
    if sw < 1.0 || sh < 1.0 {
        return Err("the hero image is empty".into());
    }
    let analysis = hero::analyse(image);
    let logo = analysis.transparent >= 0.05;
    let kind = hero.kind.unwrap_or(match t.hero.kind {
        HeroMode::Photo => HeroKind::Photo,
        HeroMode::Banner => HeroKind::Banner,
        HeroMode::Auto => analysis.kind,
    });
    let (aw, ah) = (area[2] as f64, area[3] as f64);
    let cover = (aw / sw).max(ah / sh);
    let max_up = t.hero.max_upscale as f64;
    if kind == HeroKind::Photo && !logo && cover <= max_up {
        let (cw, ch) = (aw / cover, ah / cover);
        let (left, top) = match hero.focus {
            Some(point) => hero::window_around(point, sw, sh, cw, ch),
            None if t.hero.auto_focus => analysis.best_window(sw, sh, cw, ch),
            None => (
                (sw - cw) * t.hero.focus_x as f64,
                (sh - ch) * t.hero.focus_y as f64,
            ),
        };
        raster::draw_image(img, image, (left, top, cw, ch), area, t.hero.radius)?;
        raster::scrim(
            img,
            area,
            t.hero.scrim_color,
            t.hero.scrim_top,
            t.hero.scrim_bottom,
            t.hero.scrim_start,
        );
        return Ok(Placed {
            layout: HeroLayout::Photo,
            title_box: None,
            warning: None,
        });
    }

    let b = &t.banner;
    let is_cover = t.hero.placement == Placement::Cover;
    let (w, h) = (t.width as f32, t.height as f32);
    let panel = match (b.area, is_cover) {
        (Some(a), _) => a,
        (None, false) => area,
        // The right column, clear of a footer row.
        (None, true) => {
            let x = (w * 0.52).round() as u32;
            let y = (h * 0.1).round() as u32;
            [x, y, t.width - x - (w * 0.06) as u32, (h * 0.7) as u32]
        }
    };
    let title_box = is_cover.then(|| {
        b.title.unwrap_or_else(|| {
            let right = panel[0] as f32 - w * 0.04;
            let x = t.title.x.min(right - 1.0);
            [x, t.title.y, (right - x).max(1.0), t.title.h]
        })
    });
    let [px, py, pw, ph] = panel;
    let pad = if logo || cover > max_up {
        (b.padding * pw.min(ph) as f32).round() as u32
    } else {
        0
    };
    let (iw, ih) = (
        pw.saturating_sub(2 * pad).max(1),
        ph.saturating_sub(2 * pad).max(1),
    );
    let fit = (iw as f64 / sw).min(ih as f64 / sh);
    let small = fit > max_up;
    let scale = fit.min(max_up);
    let (dw, dh) = (
        ((sw * scale).round() as u32).max(1),
        ((sh * scale).round() as u32).max(1),
    );
    let dest = [
        px + (pw - dw.min(pw)) / 2,
        py + (ph - dh.min(ph)) / 2,
        dw.min(pw),
        dh.min(ph),
    ];

    let layout = if logo {
        HeroLayout::Logo
    } else if small {
        HeroLayout::Small
    } else {
        HeroLayout::Banner
    };
    if layout == HeroLayout::Logo {
        // The plate that contrasts most with the logo's own ink.
        let ink = analysis.ink_luminance;
        let contrast = |c: template::Color| {
            let l = hero::luminance(c.rgb());
            (l.max(ink) + 0.05) / (l.min(ink) + 0.05)
        };
        let plate = if contrast(b.plate_light) >= contrast(b.plate_dark) {
            b.plate_light
        } else {
            b.plate_dark
        };
        let [x, y, pw, ph] = panel.map(|v| v as f32);
        raster::fill_rect(img, x, y, pw, ph, b.radius, plate);
    } else {
        if is_cover {
            backdrop(img, t, image, &analysis, full)?;
        } else {
            backdrop(img, t, image, &analysis, panel)?;
        }
        if small {
            // The small image sits on a plate of its own edge colour, so it
            // reads as placed, not lost.
            let e = analysis.edge_color;
            let [x, y, pw, ph] = panel.map(|v| v as f32);
            raster::fill_rect(
                img,
                x,
                y,
                pw,
                ph,
                b.radius,
                template::Color([e[0], e[1], e[2], 255]),
            );
        }
    }
    let radius = if layout == HeroLayout::Banner {
        b.radius
    } else {
        0.0
    };
    raster::draw_image(img, image, (0.0, 0.0, sw, sh), dest, radius)?;
    let warning = small.then(|| {
        format!(
            "the hero image is {}×{} px, too small for its {}×{} px area; drew it at {:.1}× on a fill instead of enlarging it {:.1}×",
            sw, sh, pw, ph, scale, fit
        )
    });
    Ok(Placed {
        layout,
        title_box,
        warning,
    })
}

/// Fills `area` around a banner per the template, darkened wherever text
/// may sit so white type keeps [`MIN_CONTRAST`].
fn backdrop(
    img: &mut RgbImage,
    t: &Template,
    image: &DynamicImage,
    analysis: &hero::Analysis,
    area: [u32; 4],
) -> Result<(), String> {
    match t.banner.backdrop {
        Backdrop::None => return Ok(()),
        Backdrop::Blur => {
            raster::blurred_fill(img, image, area)?;
            // The blur keeps the banner's colour fields but also a glow
            // where its headline was, which sat behind the title as a grey
            // haze: pulled most of the way to the mean, only the colour
            // fields' drift remains.
            flatten_toward_mean(img, area, 0.65);
        }
        Backdrop::Edge => {
            let e = analysis.edge_color;
            raster::fill_gradient(
                img,
                area,
                template::Color([e[0], e[1], e[2], 255]),
                None,
                180.0,
            );
        }
    }
    raster::darken_for_contrast(img, area, t.hero.scrim_color, backdrop_contrast(t));
    Ok(())
}

/// Moves every pixel of `area` the fraction `amount` of the way to the
/// area's mean colour: a flatter, calmer fill with the same overall hue.
fn flatten_toward_mean(img: &mut RgbImage, area: [u32; 4], amount: f32) {
    let [ax, ay, aw, ah] = area;
    let (x1, y1) = ((ax + aw).min(img.width()), (ay + ah).min(img.height()));
    if x1 <= ax || y1 <= ay {
        return;
    }
    let mut sum = [0u64; 3];
    for y in ay..y1 {
        for x in ax..x1 {
            let p = img.get_pixel(x, y).0;
            (0..3).for_each(|i| sum[i] += p[i] as u64);
        }
    }
    let n = ((x1 - ax) * (y1 - ay)) as u64;
    let mean = sum.map(|s| (s / n) as f32);
    for y in ay..y1 {
        for x in ax..x1 {
            let p = &mut img.get_pixel_mut(x, y).0;
            for i in 0..3 {
                p[i] = (p[i] as f32 + (mean[i] - p[i] as f32) * amount + 0.5) as u8;
            }
        }
    }
}

/// The contrast with white a banner's backdrop is darkened to, so that the
/// dimmest light text the template draws straight on it (the title, a
/// description, a label without its own pill) keeps [`MIN_CONTRAST`]: a
/// grey-blue date needs a darker backdrop than a white title. Dark text
/// colours are not the backdrop's business (they need a light fill, which a
/// darkened banner never is).
fn backdrop_contrast(t: &Template) -> f32 {
    let labels = [&t.site_name, &t.category, &t.date, &t.author];
    let dimmest = std::iter::once(t.title.color)
        .chain(t.description.as_ref().map(|d| d.color))
        .chain(
            labels
                .into_iter()
                .flatten()
                .filter(|l| l.background.is_none())
                .map(|l| l.color),
        )
        .map(|c| hero::luminance(c.rgb()))
        .filter(|&l| l > 0.4)
        .fold(1.0f32, f32::min);
    // Backdrop luminance at most (dimmest + 0.05) / MIN_CONTRAST - 0.05,
    // expressed as the contrast white would have with it.
    1.05 * MIN_CONTRAST / (dimmest + 0.05)
}

struct TitleEdges {
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
    right_aligned: bool,
    /// The title reads right to left: labels at absolute places mirror.
    rtl: bool,
    card_width: f32,
}

/// Where an absolutely placed label goes: as the template says, or, on a
/// right-to-left card, mirrored (`x` from the right edge, left ↔ right),
/// so the labels start at the right like the title.
fn absolute_anchor(x: f32, align: Align, rtl: bool, card_width: f32) -> (f32, Align) {
    if !rtl {
        return (x, align);
    }
    let mirrored = match align {
        Align::Left | Align::Auto => Align::Right,
        Align::Right => Align::Left,
        Align::Center => Align::Center,
    };
    (card_width - x, mirrored)
}

fn opaque(c: template::Color) -> template::Color {
    template::Color([c.0[0], c.0[1], c.0[2], 255])
}

/// Reads and decodes an image a template names (`what`), a file beside
/// the template; any other path is refused.
fn template_image(loaded: &LoadedTemplate, what: &str, name: &str) -> Result<DynamicImage, Error> {
    let bad = |message: String| Error::Template {
        path: loaded.path.clone(),
        line: None,
        column: None,
        message,
    };
    let plain = std::path::Path::new(name)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !plain || name.is_empty() {
        return Err(bad(format!(
            "{what} = {name:?} must be a file inside the templates folder"
        )));
    }
    let dir = loaded.path.parent().unwrap_or(Path::new("."));
    let path = dir.join(name);
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    hero::decode_hero(&bytes).map_err(|e| bad(format!("{what} {name}: {e}")))
}

/// Draws `image` whole, centred in `area`, keeping its proportions.
fn draw_contained(img: &mut RgbImage, image: &DynamicImage, area: [u32; 4]) -> Result<(), String> {
    let [x, y, w, h] = area;
    let (sw, sh) = (image.width() as f64, image.height() as f64);
    let scale = (w as f64 / sw).min(h as f64 / sh);
    let (dw, dh) = (
        ((sw * scale).round() as u32).clamp(1, w),
        ((sh * scale).round() as u32).clamp(1, h),
    );
    let dest = [x + (w - dw) / 2, y + (h - dh) / 2, dw, dh];
    raster::draw_image(img, image, (0.0, 0.0, sw, sh), dest, 0.0)
}

/// A number from the title, stable across runs and platforms (FNV-1a), that
/// picks a post's background variation.
fn variation_seed(title: &str) -> u64 {
    title.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Cover-crops `image` over the whole card at `opacity`; `seed` moves the
/// crop along the image's spare axis and may mirror it.
fn draw_background_image(
    img: &mut RgbImage,
    image: &DynamicImage,
    opacity: f32,
    seed: Option<u64>,
) -> Result<(), String> {
    let (w, h) = img.dimensions();
    let (sw, sh) = (image.width() as f64, image.height() as f64);
    let scale = (w as f64 / sw).max(h as f64 / sh);
    let (cw, ch) = (w as f64 / scale, h as f64 / scale);
    // Eight crop positions from one edge to the other; centred without a seed.
    let along = seed.map_or(0.5, |s| ((s >> 3) % 8) as f64 / 7.0);
    let window = ((sw - cw) * along, (sh - ch) * along, cw, ch);
    let mut layer = RgbImage::new(w, h);
    raster::draw_image(&mut layer, image, window, [0, 0, w, h], 0.0)?;
    if seed.is_some_and(|s| (s >> 6) & 1 == 1) {
        image::imageops::flip_horizontal_in_place(&mut layer);
    }
    let a = (opacity.clamp(0.0, 1.0) * 256.0) as u32;
    for (under, over) in img.pixels_mut().zip(layer.pixels()) {
        for i in 0..3 {
            under.0[i] = ((under.0[i] as u32 * (256 - a) + over.0[i] as u32 * a) >> 8) as u8;
        }
    }
    Ok(())
}

/// One warning for all the characters of a text no font has.
fn report_missing(warnings: &mut Vec<String>, what: &str, missing: &[char]) {
    if missing.is_empty() {
        return;
    }
    let named: Vec<String> = missing
        .iter()
        .map(|c| format!("{c:?} (U+{:04X})", *c as u32))
        .collect();
    let (noun, pronoun) = if missing.len() == 1 {
        ("a glyph", "it was")
    } else {
        ("glyphs", "they were")
    };
    warnings.push(format!(
        "no bundled font has {noun} for {} in the card {what}; {pronoun} left out (add a font with `extra_fonts`)",
        named.join(", ")
    ));
}

#[cfg(test)]
mod tests;
