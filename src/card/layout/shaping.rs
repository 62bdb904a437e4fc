//! Font selection and shaping: text + font chain → glyphs with advances in em.

use std::ops::Range;

use unicode_bidi::{Level, ParagraphBidiInfo};
use unicode_segmentation::UnicodeSegmentation;

use super::markup::{is_no_break_space, HARD_BREAK};
use super::Face;

/// Collapses whitespace and drops control characters.
pub(crate) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(1 << 16));
    let mut space = false;
    for c in text.chars() {
        if (c.is_whitespace() && !is_no_break_space(c)) || c == '\u{2028}' || c == '\u{2029}' {
            space = !out.is_empty();
        } else if c.is_control() {
            continue;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Characters that need no glyph of their own: joiners, variation selectors,
/// bidi controls, tags. rustybuzz hides them; they stay with their neighbours.
fn is_ignorable(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}' | '\u{E0000}'..='\u{E0FFF}' | HARD_BREAK)
}

/// Text after font selection: the characters kept, and which face draws each run.
pub(super) struct Itemized {
    pub(super) text: String,
    /// Byte ranges of `text` with the chain index of their face.
    pub(super) runs: Vec<(Range<usize>, usize)>,
    pub(super) missing: Vec<char>,
    /// (offset in the input, offset in `text`) at each kept grapheme start,
    /// to carry ranges (code spans) across dropped characters.
    pub(super) offsets: Vec<(usize, usize)>,
    /// Graphemes that are not spaces, and how many of them were dropped.
    pub(super) letters: usize,
    pub(super) lost_letters: usize,
}

impl Itemized {
    /// Maps a byte offset of the input to the kept text.
    pub(super) fn map(&self, at: usize) -> usize {
        match self.offsets.binary_search_by_key(&at, |&(from, _)| from) {
            Ok(i) => self.offsets[i].1,
            Err(0) => 0,
            Err(i) => self.offsets[i - 1].1,
        }
        .min(self.text.len())
    }
}

pub(super) fn itemize(text: &str, faces: &[Face<'_>]) -> Itemized {
    let mut out = String::with_capacity(text.len());
    let mut runs: Vec<(Range<usize>, usize)> = Vec::new();
    let mut missing = Vec::new();
    let mut offsets = Vec::new();
    let (mut letters, mut lost_letters) = (0, 0);
    let emoji = faces.iter().position(|f| f.bitmap);
    let mut current: Option<usize> = None;
    for (at, g) in text.grapheme_indices(true) {
        offsets.push((at, out.len()));
        let needed: Vec<char> = g.chars().filter(|&c| !is_ignorable(c)).collect();
        let letter = needed.iter().any(|c| !c.is_whitespace());
        letters += usize::from(letter);
        let base = needed.first().copied();
        let has_all = |i: usize| needed.iter().all(|&c| faces[i].has(c));
        let choice = match base {
            None => Some(current.unwrap_or(0)),
            Some(base) => {
                let wants_emoji = g.contains('\u{FE0F}');
                let wants_text = g.contains('\u{FE0E}');
                let neutral = !base.is_alphanumeric();
                let keep =
                    current.filter(|&c| neutral && !faces[c].bitmap && !wants_emoji && has_all(c));
                keep.or_else(|| {
                    emoji
                        .filter(|&e| wants_emoji && faces[e].has(base))
                        .or_else(|| {
                            (0..faces.len())
                                .filter(|&i| !(wants_text && faces[i].bitmap))
                                .find(|&i| has_all(i))
                        })
                        .or_else(|| (0..faces.len()).find(|&i| faces[i].has(base)))
                })
            }
        };
        let Some(face) = choice else {
            lost_letters += usize::from(letter);
            for c in needed {
                if !missing.contains(&c) {
                    missing.push(c);
                }
            }
            continue;
        };
        // A skin tone the emoji font has no ligature for would draw as a
        // colour swatch beside its base: draw the base alone and report it.
        let drop_tone =
            faces[face].bitmap && g.chars().any(is_skin_tone) && !ligates(&faces[face], g);
        let start = out.len();
        for c in g.chars() {
            if (is_ignorable(c) || faces[face].has(c)) && !(drop_tone && is_skin_tone(c)) {
                out.push(c);
            } else if !missing.contains(&c) {
                missing.push(c);
            }
        }
        let end = out.len();
        match runs.last_mut() {
            Some((r, f)) if *f == face && r.end == start => r.end = end,
            _ => runs.push((start..end, face)),
        }
        current = Some(face);
    }
    // A dropped character can leave two spaces side by side.
    offsets.push((text.len(), out.len()));
    Itemized {
        text: out,
        runs,
        missing,
        offsets,
        letters,
        lost_letters,
    }
}

fn is_skin_tone(c: char) -> bool {
    ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
}

/// Whether `face` draws the whole grapheme `g` as one glyph (a ligature).
fn ligates(face: &Face<'_>, g: &str) -> bool {
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(g);
    buffer.guess_segment_properties();
    rustybuzz::shape(&face.shaper, &[], buffer).len() == 1
}

#[derive(Debug, Clone, Copy)]
pub(super) struct ShapedGlyph {
    pub(super) face: usize,
    pub(super) id: u16,
    /// Byte offset of the cluster in the shaped text.
    pub(super) cluster: usize,
    pub(super) advance: f32,
    pub(super) dx: f32,
    pub(super) dy: f32,
}

pub(super) struct ShapedRun {
    pub(super) range: Range<usize>,
    pub(super) rtl: bool,
    /// In the run's visual order (rustybuzz reverses RTL runs).
    pub(super) glyphs: Vec<ShapedGlyph>,
}

/// Shapes `text` (already itemised) run by run, split at bidi level changes.
pub(super) fn shape_runs(
    it: &Itemized,
    levels: &[Level],
    faces: &[Face<'_>],
    letter_spacing: f32,
) -> Vec<ShapedRun> {
    let mut out = Vec::new();
    for (range, face) in &it.runs {
        let mut start = range.start;
        while start < range.end {
            let level = levels[start];
            let mut end = start;
            while end < range.end && levels[end] == level {
                end += 1;
            }
            // Stay on a char boundary (levels are per byte, equal within a char).
            while !it.text.is_char_boundary(end) {
                end += 1;
            }
            out.push(shape_one(
                &it.text,
                start..end,
                *face,
                level.is_rtl(),
                faces,
                letter_spacing,
            ));
            start = end;
        }
    }
    out
}

fn shape_one(
    text: &str,
    range: Range<usize>,
    face: usize,
    rtl: bool,
    faces: &[Face<'_>],
    letter_spacing: f32,
) -> ShapedRun {
    let f = &faces[face];
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(&text[range.clone()]);
    buffer.set_direction(if rtl {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    });
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(&f.shaper, &[], buffer);
    let spacing = if rtl { 0.0 } else { letter_spacing };
    let glyphs = shaped
        .glyph_infos()
        .iter()
        .zip(shaped.glyph_positions())
        .map(|(info, pos)| {
            let advance = pos.x_advance as f32 / f.upem;
            ShapedGlyph {
                face,
                id: info.glyph_id as u16,
                cluster: range.start + info.cluster as usize,
                advance: if advance > 0.0 {
                    advance + spacing
                } else {
                    advance
                },
                dx: pos.x_offset as f32 / f.upem,
                dy: pos.y_offset as f32 / f.upem,
            }
        })
        .collect();
    ShapedRun { range, rtl, glyphs }
}

/// the line's left edge. Returns (glyphs, advance width in em, missing).
pub(super) fn shape_line(
    text: &str,
    base: Level,
    faces: &[Face<'_>],
    letter_spacing: f32,
) -> (Vec<ShapedGlyph>, Vec<f32>, f32) {
    let it = itemize(text, faces);
    if it.text.is_empty() {
        return (Vec::new(), Vec::new(), 0.0);
    }
    let bidi = ParagraphBidiInfo::new(&it.text, Some(base));
    let runs = shape_runs(&it, &bidi.levels, faces, letter_spacing);
    let (_levels, visual) = bidi.visual_runs(0..it.text.len());
    let mut glyphs = Vec::new();
    let mut xs = Vec::new();
    let mut pen = 0.0f32;
    for vrun in visual {
        let mut pieces: Vec<&ShapedRun> = runs
            .iter()
            .filter(|r| r.range.start >= vrun.start && r.range.end <= vrun.end)
            .collect();
        pieces.sort_by_key(|r| r.range.start);
        if pieces.first().is_some_and(|r| r.rtl) {
            pieces.reverse();
        }
        for run in pieces {
            for g in &run.glyphs {
                xs.push(pen + g.dx);
                glyphs.push(*g);
                pen += g.advance;
            }
        }
    }
    (glyphs, xs, pen)
}
