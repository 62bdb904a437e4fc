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
pub mod encode;
pub(crate) mod fonts;
pub mod hero;
pub(crate) mod layout;
pub(crate) mod raster;
pub mod template;

use std::path::{Path, PathBuf};

use image::{DynamicImage, RgbImage};

use crate::common::CardKind;
use crate::error::Error;

pub use encode::encode_png;
pub use hero::{decode_hero, load_hero, resolve_hero};
use layout::{layout_label, layout_title, TitleSpec};
pub use template::BUILT_IN as TEMPLATES;
use template::{Align, Anchor, LabelStyle, LoadedTemplate, Placement, Template, When};

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
}

struct CardStyle {
    loaded: LoadedTemplate,
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
    pub fn title_error(&self, kind: CardKind, title: &str) -> Option<String> {
        let faces = self.fonts.faces(&self.card(kind).title);
        let (letters, lost, missing) = layout::coverage(title, &faces);
        (lost * 2 > letters).then(|| {
            let shown: String = missing.iter().take(12).collect();
            format!(
                "no bundled font has {lost} of the {letters} letters of the title (e.g. {shown:?}); \
                 no card was drawn (add a font with `extra_fonts`)"
            )
        })
    }

    /// Draws one card. `hero` is an already-decoded image (`None` → the
    /// template's fallback background). Returns the pixels and warnings (e.g.
    /// characters no font could draw, which are left out).
    pub fn draw(
        &self,
        kind: CardKind,
        text: &CardText<'_>,
        hero: Option<&DynamicImage>,
    ) -> (RgbImage, Vec<String>) {
        let style = self.card(kind);
        let t = &style.loaded.template;
        let mut warnings = Vec::new();
        let mut img = RgbImage::new(t.width, t.height);
        let full = [0, 0, t.width, t.height];
        raster::fill_gradient(
            &mut img,
            full,
            opaque(t.background.color),
            t.background.gradient_to.map(opaque),
            t.background.gradient_angle,
        );

        let area = t.hero.area.unwrap_or(full);
        let mut has_hero = false;
        if t.hero.placement != Placement::None {
            if let Some(hero) = hero {
                match raster::draw_hero(
                    &mut img,
                    hero,
                    area,
                    (t.hero.focus_x, t.hero.focus_y),
                    t.hero.radius,
                ) {
                    Ok(()) => has_hero = true,
                    Err(e) => warnings.push(format!("{e}; drew the fallback background")),
                }
            }
            if has_hero {
                raster::scrim(
                    &mut img,
                    area,
                    t.hero.scrim_color,
                    t.hero.scrim_top,
                    t.hero.scrim_bottom,
                    t.hero.scrim_start,
                );
            } else if let Some(fill) = t.hero.fallback {
                raster::fill_gradient(&mut img, area, fill, t.hero.fallback_to, 135.0);
            }
        }

        for r in &t.rects {
            let on = match r.when {
                When::Always => true,
                When::Hero => has_hero,
                When::NoHero => !has_hero,
            };
            if on {
                raster::fill_rect(&mut img, r.x, r.y, r.w, r.h, r.radius, r.color);
            }
        }

        // Title.
        let ts = &t.title;
        let [bx, by, bw, bh] = match ts.box_no_hero {
            Some(b) if !has_hero => b,
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
        };
        let title = layout_title(text.title, &title_faces, &spec);
        report_missing(&mut warnings, "title", &title.missing);
        for line in &title.lines {
            raster::draw_line(&mut img, &title_faces, line, bx, by, title.size, ts.color);
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
        };

        let labels = [
            ("category", &t.category, &style.category, text.category),
            (
                "site name",
                &t.site_name,
                &style.site_name,
                Some(text.site_name),
            ),
            ("date", &t.date, &style.date, text.date),
        ];
        for (what, label_style, chain, value) in labels {
            let (Some(ls), Some(value)) = (label_style, value) else {
                continue;
            };
            if value.trim().is_empty() {
                continue;
            }
            let faces = self.fonts.faces(chain);
            self.draw_label(
                &mut img,
                &faces,
                ls,
                value,
                &title_edges,
                what,
                &mut warnings,
            );
        }
        (img, warnings)
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
        value: &str,
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
        let max_text = (ls.max_width - 2.0 * ls.padding_x - mark_w - mark_gap).max(ls.size);
        let laid = layout_label(&value, faces, ls.size, ls.letter_spacing, max_text);
        report_missing(warnings, what, &laid.missing);
        let cap = faces[0].cap_height * ls.size;
        let text_w = laid.line.width;
        let total = text_w + 2.0 * ls.padding_x + mark_w + mark_gap;
        // Labels anchored to the title follow its alignment (right for RTL).
        let (title_edge, title_align) = if title.right_aligned {
            (title.right, Align::Right)
        } else {
            (title.left, Align::Left)
        };
        let (anchor_x, align, baseline) = match ls.anchor {
            Anchor::Absolute => (ls.x, ls.align, ls.y),
            Anchor::AboveTitle => (title_edge, title_align, title.top - ls.gap - ls.padding_y),
            Anchor::BelowTitle => (
                title_edge,
                title_align,
                title.bottom + ls.gap + cap + ls.padding_y,
            ),
        };
        let left = match align {
            Align::Right => anchor_x - total,
            Align::Center => anchor_x - total / 2.0,
            Align::Left | Align::Auto => anchor_x,
        };
        if let Some(bg) = ls.background {
            let top = baseline - cap - ls.padding_y;
            raster::fill_rect(
                img,
                left,
                top,
                total,
                cap + 2.0 * ls.padding_y,
                ls.radius,
                bg,
            );
        }
        let mut x = left + ls.padding_x;
        if let Some(mark) = ls.mark {
            let top = baseline - cap / 2.0 - mark_w / 2.0;
            raster::fill_rect(img, x, top, mark_w, mark_w, mark_w * 0.2, mark);
            x += mark_w + mark_gap;
        }
        raster::draw_line(img, faces, &laid.line, x, baseline, ls.size, ls.color);
    }
}

struct TitleEdges {
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
    right_aligned: bool,
}

fn opaque(c: template::Color) -> template::Color {
    template::Color([c.0[0], c.0[1], c.0[2], 255])
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
