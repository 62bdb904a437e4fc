//! Title and label layout: text + font chain + box → positioned glyphs. No pixels.
//!
//! The steps, each bounded so no input can loop forever:
//!
//! 1. **Normalise**: whitespace and controls collapse to single spaces, title
//!    markup is read (`markup`: entities, code spans, `<br>`); the text is cut to the most graphemes that could ever fit the box at the
//!    minimum size (a 10,000-character title costs no more than a long one).
//! 2. **Itemise**: each grapheme takes the first face of the chain that has all
//!    its characters (neutral characters stay with the face before them); a
//!    character no face has is dropped and reported — never drawn as a box.
//! 3. **Bidi + shape**: unicode-bidi gives embedding levels; each run of one
//!    face and one level is shaped by rustybuzz in its direction (GPOS kerning,
//!    Arabic joining, mirroring). Advances are in em, so one shaping serves
//!    every candidate size.
//! 4. **Wrap** (`breaking`): greedy filling between line-break opportunities
//!    (UAX #14, so CJK breaks between ideographs, plus headline rules: no
//!    break before a dash, after a one- or two-letter word, or inside code);
//!    a word wider than the box is split at soft breaks (`::`, `_`, `/`), then
//!    at grapheme boundaries, but only when no size avoids it.
//! 5. **Fit** (`fit`): a short title grows up to `short_max_size`; otherwise
//!    sizes from `max_size` down to `min_size` in 1 px steps, first in
//!    `max_lines` lines, then with `extra_lines` more; the first that fits
//!    wins. Otherwise the min-size layout keeps its first lines and the last
//!    ends with `…`. A preferred break (after `:` or `—`) is taken when the
//!    line count stays; optional balancing narrows the measure likewise.
//! 6. **Lines**: each line is re-shaped on its own and put in visual order
//!    (UAX #9 L2) for drawing; `auto` alignment is right for RTL titles.

mod breaking;
mod fit;
pub(crate) mod markup;
mod shaping;
#[cfg(test)]
mod tests;

use unicode_bidi::Level;
use unicode_segmentation::UnicodeSegmentation;

use super::fonts::Face;
use super::template::{Align, VAlign};
use breaking::Measured;
use fit::cap_graphemes;
pub(crate) use fit::layout_title;
use shaping::{normalize, shape_line};

/// How to set a title.
#[derive(Debug, Clone)]
pub(crate) struct TitleSpec {
    /// Box width, px.
    pub(crate) width: f32,
    /// Box height, px.
    pub(crate) height: f32,
    /// Largest size, px per em.
    pub(crate) max_size: f32,
    /// Smallest size, px per em.
    pub(crate) min_size: f32,
    /// At most this many lines.
    pub(crate) max_lines: usize,
    /// More lines a long title may take, at any size down to `min_size`,
    /// before it is cut with `…` (a fifth line beats an ellipsis).
    pub(crate) extra_lines: usize,
    /// A title that fits in `short_max_lines` lines may grow up to this size
    /// (≤ `max_size` disables growing).
    pub(crate) short_max_size: f32,
    /// See `short_max_size`.
    pub(crate) short_max_lines: usize,
    /// Line advance in em.
    pub(crate) line_height: f32,
    /// Extra advance per glyph, em (not applied to right-to-left runs, where it
    /// would break joining).
    pub(crate) letter_spacing: f32,
    /// Horizontal alignment.
    pub(crate) align: Align,
    /// Vertical alignment.
    pub(crate) valign: VAlign,
    /// Even out line lengths.
    pub(crate) balance: bool,
    /// Lay the text out right to left (the post's language is); `false`
    /// lets the first strong letter decide (UAX #9 rules P2–P3).
    pub(crate) rtl: bool,
}

/// One glyph, placed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PlacedGlyph {
    /// Index of the face in the chain.
    pub(crate) face: usize,
    /// Glyph id in that face.
    pub(crate) id: u16,
    /// Pen x of the glyph origin, px from the box's left edge.
    pub(crate) x: f32,
    /// Baseline shift, px, positive up (mark positioning).
    pub(crate) dy: f32,
    /// Byte offset of the glyph's cluster in the line's text.
    pub(crate) cluster: usize,
}

/// One line, placed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    /// The line's text in logical order (ellipsis included when cut).
    pub(crate) text: String,
    /// Glyphs in visual (left-to-right drawing) order.
    pub(crate) glyphs: Vec<PlacedGlyph>,
    /// Left edge of the line's ink box, px from the box's left edge.
    pub(crate) x: f32,
    /// Advance width, px.
    pub(crate) width: f32,
    /// Baseline, px from the box's top edge.
    pub(crate) baseline: f32,
}

/// A laid-out title.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TitleLayout {
    /// Chosen size, px per em.
    pub(crate) size: f32,
    /// The lines, top to bottom.
    pub(crate) lines: Vec<Line>,
    /// The title did not fit and ends with `…`.
    pub(crate) truncated: bool,
    /// A word had to be split inside because it is wider than the box.
    pub(crate) split_word: bool,
    /// The paragraph direction is right-to-left.
    pub(crate) rtl: bool,
    /// Characters no face has (dropped from the drawing).
    pub(crate) missing: Vec<char>,
    /// Graphemes of the (capped) title that are not spaces.
    pub(crate) letters: usize,
    /// How many of them no face could draw.
    pub(crate) lost_letters: usize,
    /// Top of the block (cap height of the first line), px from the box top.
    pub(crate) top: f32,
    /// Bottom of the block (last baseline + descender), px from the box top.
    pub(crate) bottom: f32,
    /// Highest ink of the first line (tall Arabic or CJK glyphs, accents,
    /// emoji rise above the cap height), never below `top`.
    pub(crate) ink_top: f32,
    /// Lowest ink of the last line, never above `bottom`.
    pub(crate) ink_bottom: f32,
}

/// A laid-out one-line label.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LabelLayout {
    /// The line (x = 0, baseline = 0).
    pub(crate) line: Line,
    /// Characters no face has.
    pub(crate) missing: Vec<char>,
    /// Paragraph direction is right-to-left.
    pub(crate) rtl: bool,
}

/// A glyph's vertical ink extent (top, bottom) in px above the baseline.
fn glyph_extent(faces: &[Face<'_>], g: &PlacedGlyph, size: f32) -> (f32, f32) {
    let f = &faces[g.face];
    match f
        .shaper
        .glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(g.id))
    {
        Some(b) => (
            b.y_max as f32 / f.upem * size + g.dy,
            b.y_min as f32 / f.upem * size + g.dy,
        ),
        // Bitmap glyphs have no outline box: use the face's ascender/descender.
        None if f.bitmap => (f.ascender * size + g.dy, -f.descender * size + g.dy),
        None => (0.0, 0.0),
    }
}

fn place_line(
    text: String,
    base: Level,
    faces: &[Face<'_>],
    letter_spacing: f32,
    size: f32,
    baseline: f32,
    x_of: impl Fn(f32) -> f32,
) -> Line {
    let (glyphs, xs, width) = shape_line(&text, base, faces, letter_spacing);
    let width = width * size;
    let x = x_of(width);
    let glyphs = glyphs
        .iter()
        .zip(xs)
        .map(|(g, gx)| PlacedGlyph {
            face: g.face,
            id: g.id,
            x: x + gx * size,
            dy: g.dy * size,
            cluster: g.cluster,
        })
        .collect();
    Line {
        text,
        glyphs,
        x,
        width,
        baseline,
    }
}

/// The last line of a cut title: the longest prefix of `m.text[start..]` that
/// fits with `…`, cut at a break opportunity when one fits, else inside the word.
fn ellipsize(
    m: &Measured,
    start: usize,
    width_em: f32,
    base: Level,
    faces: &[Face<'_>],
    letter_spacing: f32,
) -> String {
    let ell = shape_line("…", base, faces, letter_spacing).2;
    let room = width_em - ell;
    let tidy = |end: usize| -> usize {
        let s = m.text[start..end]
            .trim_end_matches(|c: char| c.is_whitespace() || ",;:·–—-/|&".contains(c));
        start + s.len()
    };
    // The line ends at a forced break at the latest.
    let stop = m.text[start..]
        .find(markup::HARD_BREAK)
        .map_or(m.text.len(), |i| start + i);
    // Longest word-boundary cut that fits.
    let mut end = m
        .segments
        .iter()
        .filter(|s| s.start > start && s.start <= stop)
        .map(|s| s.start)
        .chain(std::iter::once(stop))
        .rfind(|&e| m.width(start..tidy(e)) <= room)
        .map(tidy)
        .filter(|&e| e > start);
    if end.is_none() {
        // Inside the first word: as many graphemes as fit (at least one).
        let mut best = start;
        for (off, g) in m.text[start..stop].grapheme_indices(true) {
            let e = start + off + g.len();
            if m.width(start..e) > room && best > start {
                break;
            }
            best = e;
        }
        end = Some(best);
    }
    let mut end = end.unwrap_or(start);
    // The measure came from whole-paragraph shaping; confirm with the line's
    // own shaping and give back graphemes if a kern pushed it over (bounded).
    for _ in 0..16 {
        let candidate = format!("{}…", &m.text[start..end]);
        if shape_line(&candidate, base, faces, letter_spacing).2 <= width_em + 1e-3 {
            return candidate;
        }
        match m.text[start..end].grapheme_indices(true).next_back() {
            Some((off, _)) if off > 0 => end = tidy(start + off),
            _ => break,
        }
    }
    format!("{}…", &m.text[start..end])
}

/// How many non-space graphemes a title has, how many no face of the chain
/// can draw, and which characters are missing (title markup read first).
pub(crate) fn coverage(text: &str, faces: &[Face<'_>]) -> (usize, usize, Vec<char>) {
    let marked = markup::parse(&normalize(text));
    let it = shaping::itemize(&marked.text, faces);
    (it.letters, it.lost_letters, it.missing)
}

/// Lays out a one-line label at `size`, cut with `…` past `max_width` px.
pub(crate) fn layout_label(
    text: &str,
    faces: &[Face<'_>],
    size: f32,
    letter_spacing: f32,
    max_width: f32,
) -> LabelLayout {
    // Labels are one line: a `<br>` in a site name is a space.
    let marked = markup::parse(&normalize(text))
        .text
        .replace(markup::HARD_BREAK, " ");
    let (capped, cut) = cap_graphemes(&marked, max_width, size, 1);
    let m = Measured::new(capped, &[], faces, letter_spacing, false);
    let base = m.base;
    let width_em = max_width / size;
    let fits = !cut && m.width(0..m.text.len()) <= width_em;
    let text = if fits {
        m.text.clone()
    } else {
        ellipsize(&m, 0, width_em, base, faces, letter_spacing)
    };
    let line = place_line(text, base, faces, letter_spacing, size, 0.0, |_| 0.0);
    LabelLayout {
        line,
        missing: m.missing,
        rtl: base.is_rtl(),
    }
}
