//! Title and label layout: text + font chain + box → positioned glyphs. No pixels.
//!
//! The steps, each bounded so no input can loop forever:
//!
//! 1. **Normalise**: whitespace and controls collapse to single spaces; the
//!    text is cut to the most graphemes that could ever fit the box at the
//!    minimum size (a 10,000-character title costs no more than a long one).
//! 2. **Itemise**: each grapheme takes the first face of the chain that has all
//!    its characters (neutral characters stay with the face before them); a
//!    character no face has is dropped and reported — never drawn as a box.
//! 3. **Bidi + shape**: unicode-bidi gives embedding levels; each run of one
//!    face and one level is shaped by rustybuzz in its direction (GPOS kerning,
//!    Arabic joining, mirroring). Advances are in em, so one shaping serves
//!    every candidate size.
//! 4. **Wrap**: greedy filling between Unicode line-break opportunities
//!    (UAX #14, so CJK breaks between ideographs); a word wider than the box is
//!    split at grapheme boundaries, but only when no size avoids it.
//! 5. **Fit**: sizes from `max_size` down to `min_size` in 1 px steps; the first
//!    that fits in the allowed lines wins. Otherwise the min-size layout keeps
//!    its first lines and the last ends with `…`. Optional balancing narrows
//!    the measure while the line count stays the same.
//! 6. **Lines**: each line is re-shaped on its own and put in visual order
//!    (UAX #9 L2) for drawing; `auto` alignment is right for RTL titles.

use std::ops::Range;

use unicode_bidi::{Level, ParagraphBidiInfo};
use unicode_linebreak::linebreaks;
use unicode_segmentation::UnicodeSegmentation;

use super::fonts::Face;
use super::template::{Align, VAlign};

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

/// Collapses whitespace and drops control characters.
pub(crate) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(1 << 16));
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() || c == '\u{2028}' || c == '\u{2029}' {
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
        | '\u{FEFF}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Text after font selection: the characters kept, and which face draws each run.
struct Itemized {
    text: String,
    /// Byte ranges of `text` with the chain index of their face.
    runs: Vec<(Range<usize>, usize)>,
    missing: Vec<char>,
}

fn itemize(text: &str, faces: &[Face<'_>]) -> Itemized {
    let mut out = String::with_capacity(text.len());
    let mut runs: Vec<(Range<usize>, usize)> = Vec::new();
    let mut missing = Vec::new();
    let emoji = faces.iter().position(|f| f.bitmap);
    let mut current: Option<usize> = None;
    for g in text.graphemes(true) {
        let needed: Vec<char> = g.chars().filter(|&c| !is_ignorable(c)).collect();
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
            for c in needed {
                if !missing.contains(&c) {
                    missing.push(c);
                }
            }
            continue;
        };
        let start = out.len();
        for c in g.chars() {
            if is_ignorable(c) || faces[face].has(c) {
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
    Itemized {
        text: out,
        runs,
        missing,
    }
}

#[derive(Debug, Clone, Copy)]
struct ShapedGlyph {
    face: usize,
    id: u16,
    /// Byte offset of the cluster in the shaped text.
    cluster: usize,
    advance: f32,
    dx: f32,
    dy: f32,
}

struct ShapedRun {
    range: Range<usize>,
    rtl: bool,
    /// In the run's visual order (rustybuzz reverses RTL runs).
    glyphs: Vec<ShapedGlyph>,
}

/// Shapes `text` (already itemised) run by run, split at bidi level changes.
fn shape_runs(
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

/// A paragraph measured once: advance per byte (em) and its break points.
struct Measured {
    text: String,
    /// `prefix[i]` = advance of `text[..i]` in em (glyphs count at their
    /// cluster's first byte).
    prefix: Vec<f32>,
    /// Segments between break opportunities: (start, end incl. trailing
    /// spaces, end without them).
    segments: Vec<(usize, usize, usize)>,
    base: Level,
    missing: Vec<char>,
}

impl Measured {
    fn new(text: &str, faces: &[Face<'_>], letter_spacing: f32) -> Measured {
        let it = itemize(text, faces);
        let bidi = ParagraphBidiInfo::new(&it.text, None);
        let base = bidi.paragraph_level;
        let runs = shape_runs(&it, &bidi.levels, faces, letter_spacing);
        let mut per_byte = vec![0.0f32; it.text.len() + 1];
        for run in &runs {
            for g in &run.glyphs {
                per_byte[g.cluster.min(it.text.len())] += g.advance;
            }
        }
        let mut prefix = Vec::with_capacity(per_byte.len());
        let mut acc = 0.0;
        prefix.push(0.0);
        for w in per_byte.iter().take(it.text.len()) {
            acc += w;
            prefix.push(acc);
        }
        let mut segments = Vec::new();
        let mut start = 0;
        for (at, _kind) in linebreaks(&it.text) {
            if at <= start {
                continue;
            }
            let visible = it.text[start..at].trim_end_matches(' ').len() + start;
            segments.push((start, at, visible));
            start = at;
        }
        Measured {
            text: it.text,
            prefix,
            segments,
            base,
            missing: it.missing,
        }
    }

    fn width(&self, r: Range<usize>) -> f32 {
        self.prefix[r.end] - self.prefix[r.start]
    }
}

struct Wrapped {
    lines: Vec<Range<usize>>,
    split_word: bool,
}

/// Greedy wrap at `width` em; stops once `limit` lines are exceeded.
fn wrap(m: &Measured, width: f32, limit: usize) -> Wrapped {
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut split_word = false;
    let mut line: Option<Range<usize>> = None; // start..visible end
    let eps = 1e-4;
    for &(start, _end, visible) in &m.segments {
        if lines.len() > limit {
            break;
        }
        if let Some(cur) = &line {
            if m.width(cur.start..visible) <= width + eps {
                line = Some(cur.start..visible.max(cur.end));
                continue;
            }
            lines.push(cur.clone());
            line = None;
        }
        if start == visible {
            continue; // a lone space at a line start
        }
        if m.width(start..visible) <= width + eps {
            line = Some(start..visible);
            continue;
        }
        // Wider than the box: split at grapheme boundaries.
        split_word = true;
        let mut piece = start;
        let mut end = start;
        for (off, g) in m.text[start..visible].grapheme_indices(true) {
            let g_end = start + off + g.len();
            if end > piece && m.width(piece..g_end) > width + eps {
                lines.push(piece..end);
                if lines.len() > limit {
                    break;
                }
                piece = end;
            }
            end = g_end;
        }
        line = Some(piece..end);
    }
    if let Some(cur) = line {
        if cur.end > cur.start {
            lines.push(cur);
        }
    }
    Wrapped { lines, split_word }
}

/// Shapes one line of text for drawing: glyphs in visual order, x in em from
/// the line's left edge. Returns (glyphs, advance width in em, missing).
fn shape_line(
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

/// Bounds the text to what could ever be drawn: graphemes no narrower than a
/// tenth of an em at the minimum size.
fn cap_graphemes(text: &str, width: f32, min_size: f32, lines: usize) -> (&str, bool) {
    let per_line = (width / (min_size * 0.1)).ceil().max(1.0) as usize;
    let cap = per_line.saturating_mul(lines).saturating_add(1);
    match text.grapheme_indices(true).nth(cap) {
        Some((at, _)) => (&text[..at], true),
        None => (text, false),
    }
}

/// Lays out a title in its box. Always terminates: at most
/// `2 × (max_size − min_size + 1)` wraps plus 12 balancing steps, each linear
/// in the (capped) text.
pub(crate) fn layout_title(text: &str, faces: &[Face<'_>], spec: &TitleSpec) -> TitleLayout {
    let primary = &faces[0];
    let normalized = normalize(text);
    let min_size = spec.min_size.max(1.0).round();
    let max_size = spec.max_size.max(min_size).round();
    let (capped, cut) = cap_graphemes(&normalized, spec.width, min_size, spec.max_lines);
    let m = Measured::new(capped, faces, spec.letter_spacing);

    let (cap, desc) = (primary.cap_height, primary.descender);
    let allowed = |size: f32| -> usize {
        let adv = spec.line_height * size;
        let room = spec.height - (cap + desc) * size;
        let n = if room < 0.0 {
            0
        } else {
            (room / adv).floor() as usize + 1
        };
        n.min(spec.max_lines)
    };

    let mut chosen: Option<(f32, Wrapped)> = None;
    if !cut {
        'passes: for allow_split in [false, true] {
            let mut size = max_size;
            while size >= min_size {
                let n = allowed(size);
                if n > 0 {
                    let w = wrap(&m, spec.width / size, n);
                    if w.lines.len() <= n && (allow_split || !w.split_word) {
                        chosen = Some((size, w));
                        break 'passes;
                    }
                }
                size -= 1.0;
            }
        }
    }

    let (size, mut ranges, truncated, split_word) = match chosen {
        Some((size, mut w)) => {
            if spec.balance && w.lines.len() >= 2 {
                let target = w.lines.len();
                let (mut lo, mut hi) = (spec.width / size * 0.4, spec.width / size);
                for _ in 0..12 {
                    let mid = (lo + hi) / 2.0;
                    let t = wrap(&m, mid, target);
                    if t.lines.len() == target && t.split_word == w.split_word {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                let t = wrap(&m, hi, target);
                if t.lines.len() == target {
                    w = t;
                }
            }
            (size, w.lines, false, w.split_word)
        }
        None => {
            let size = min_size;
            let n = allowed(size).max(1);
            let w = wrap(&m, spec.width / size, n);
            let mut lines = w.lines;
            lines.truncate(n);
            (size, lines, true, w.split_word)
        }
    };

    let base = m.base;
    let rtl = base.is_rtl();
    let width_em = spec.width / size;
    let mut texts: Vec<String> = ranges
        .iter()
        .map(|r| m.text[r.clone()].to_string())
        .collect();
    if truncated && !ranges.is_empty() {
        let last = ranges.len() - 1;
        let start = ranges[last].start;
        texts[last] = ellipsize(&m, start, width_em, base, faces, spec.letter_spacing);
        ranges[last].end = m.text.len();
    }

    let adv = spec.line_height * size;
    let n = texts.len().max(1) as f32;
    let block = cap * size + (n - 1.0) * adv + desc * size;
    let top = match spec.valign {
        VAlign::Top => 0.0,
        VAlign::Center => (spec.height - block) / 2.0,
        VAlign::Bottom => spec.height - block,
    };
    let align = match spec.align {
        Align::Auto if rtl => Align::Right,
        Align::Auto => Align::Left,
        a => a,
    };
    let lines: Vec<Line> = texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let baseline = top + cap * size + i as f32 * adv;
            place_line(
                text,
                base,
                faces,
                spec.letter_spacing,
                size,
                baseline,
                |w| match align {
                    Align::Right => spec.width - w,
                    Align::Center => (spec.width - w) / 2.0,
                    _ => 0.0,
                },
            )
        })
        .collect();
    let (mut ink_top, mut ink_bottom) = (top, top + block);
    if let Some(first) = lines.first() {
        for g in &first.glyphs {
            ink_top = ink_top.min(first.baseline - glyph_extent(faces, g, size).0);
        }
    }
    if let Some(last) = lines.last() {
        for g in &last.glyphs {
            ink_bottom = ink_bottom.max(last.baseline - glyph_extent(faces, g, size).1);
        }
    }
    TitleLayout {
        size,
        lines,
        truncated,
        split_word,
        rtl,
        missing: m.missing,
        top,
        bottom: top + block,
        ink_top,
        ink_bottom,
    }
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
    // Longest word-boundary cut that fits.
    let mut end = m
        .segments
        .iter()
        .filter(|s| s.0 > start && s.0 <= m.text.len())
        .map(|s| s.0)
        .chain(std::iter::once(m.text.len()))
        .rfind(|&e| m.width(start..tidy(e)) <= room)
        .map(tidy)
        .filter(|&e| e > start);
    if end.is_none() {
        // Inside the first word: as many graphemes as fit (at least one).
        let mut best = start;
        for (off, g) in m.text[start..].grapheme_indices(true) {
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

/// Lays out a one-line label at `size`, cut with `…` past `max_width` px.
pub(crate) fn layout_label(
    text: &str,
    faces: &[Face<'_>],
    size: f32,
    letter_spacing: f32,
    max_width: f32,
) -> LabelLayout {
    let normalized = normalize(text);
    let (capped, cut) = cap_graphemes(&normalized, max_width, size, 1);
    let m = Measured::new(capped, faces, letter_spacing);
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

#[cfg(test)]
mod tests {
    use super::super::fonts::FontSet;
    use super::*;

    fn spec(width: f32, height: f32) -> TitleSpec {
        TitleSpec {
            width,
            height,
            max_size: 64.0,
            min_size: 32.0,
            max_lines: 3,
            line_height: 1.1,
            letter_spacing: 0.0,
            align: Align::Auto,
            valign: VAlign::Top,
            balance: false,
        }
    }

    fn with_faces<T>(f: impl FnOnce(&[Face<'_>]) -> T) -> T {
        let set = FontSet::load(&[]).unwrap();
        let chain = set.chain("Inter Display", 700).unwrap();
        let faces = set.faces(&chain);
        f(&faces)
    }

    fn texts(l: &TitleLayout) -> Vec<&str> {
        l.lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn short_title_takes_the_largest_size_on_one_line() {
        with_faces(|faces| {
            let l = layout_title("Hello, world", faces, &spec(1000.0, 400.0));
            assert_eq!(l.size, 64.0);
            assert_eq!(texts(&l), ["Hello, world"]);
            assert!(!l.truncated && !l.split_word);
            assert!(l.lines[0].width < 1000.0 && l.lines[0].width > 200.0);
            // First baseline sits one cap height below the box top.
            assert!((l.lines[0].baseline - faces[0].cap_height * 64.0).abs() < 0.01);
            assert!(l.ink_top <= l.top);
            // An accented capital rises above the cap height.
            let accented = layout_title("Éclat", faces, &spec(1000.0, 400.0));
            assert!(accented.ink_top < accented.top - 5.0);
        });
    }

    #[test]
    fn wraps_on_word_boundaries_within_the_box() {
        with_faces(|faces| {
            let title = "The quick brown fox jumps over the lazy dog again and again";
            let l = layout_title(title, faces, &spec(600.0, 400.0));
            assert!(l.lines.len() >= 2, "{:?}", texts(&l));
            for line in &l.lines {
                assert!(
                    line.width <= 600.0 + 0.01,
                    "{} is {}",
                    line.text,
                    line.width
                );
                assert!(!line.text.starts_with(' ') && !line.text.ends_with(' '));
            }
            // No word was cut: joining the lines gives back the title.
            assert_eq!(texts(&l).join(" "), title);
            assert!(!l.split_word);
        });
    }

    #[test]
    fn cjk_breaks_between_characters() {
        with_faces(|faces| {
            let title = "东京大学的研究人员发现了一种新的数据存储方法并公开了全部代码";
            let l = layout_title(title, faces, &spec(400.0, 400.0));
            assert!(l.lines.len() >= 2, "{:?}", texts(&l));
            assert!(l.missing.is_empty(), "{:?}", l.missing);
            assert!(!l.split_word, "CJK breaks are ordinary opportunities");
            assert_eq!(texts(&l).concat(), title);
            for line in &l.lines {
                assert!(line.width <= 400.01);
            }
        });
    }

    #[test]
    fn shrinks_until_it_fits() {
        with_faces(|faces| {
            let title = "Shrinking a title until it fits inside three lines of this box";
            let s = spec(500.0, 300.0);
            let l = layout_title(title, faces, &s);
            assert!(l.size < 64.0 && l.size >= 32.0, "size {}", l.size);
            assert!(l.lines.len() <= 3);
            assert!(!l.truncated);
            // One pixel larger would not have fitted.
            let mut bigger = s.clone();
            bigger.min_size = l.size + 1.0;
            bigger.max_size = l.size + 1.0;
            let b = layout_title(title, faces, &bigger);
            assert!(b.truncated || b.lines.len() > 3);
            assert!(l.bottom <= 300.0 + 0.01);
        });
    }

    #[test]
    fn ellipsis_when_even_the_minimum_size_overflows() {
        with_faces(|faces| {
            let title = "word ".repeat(80);
            let l = layout_title(&title, faces, &spec(500.0, 400.0));
            assert!(l.truncated);
            assert_eq!(l.size, 32.0);
            assert_eq!(l.lines.len(), 3);
            let last = &l.lines[2].text;
            assert!(last.ends_with("word…"), "{last}");
            for line in &l.lines {
                assert!(line.width <= 500.01, "{}", line.width);
            }
        });
    }

    #[test]
    fn over_long_word_is_broken_not_overflowing() {
        with_faces(|faces| {
            let title = "Pneumonoultramicroscopicsilicovolcanoconiosis_and_more_and_more";
            let l = layout_title(title, faces, &spec(400.0, 400.0));
            assert!(l.split_word);
            assert!(l.lines.len() >= 2);
            for line in &l.lines {
                assert!(line.width <= 400.01, "{} {}", line.text, line.width);
            }
        });
    }

    #[test]
    fn ten_thousand_characters_terminate_within_max_lines() {
        with_faces(|faces| {
            let mut title = "a".repeat(10_000);
            title.push_str(&" b".repeat(5_000));
            let l = layout_title(&title, faces, &spec(1000.0, 400.0));
            assert!(l.lines.len() <= 3);
            assert!(l.truncated);
            let cjk = "字".repeat(10_000);
            let l = layout_title(&cjk, faces, &spec(1000.0, 400.0));
            assert!(l.lines.len() <= 3 && l.truncated);
        });
    }

    #[test]
    fn rtl_first_logical_character_is_rightmost() {
        with_faces(|faces| {
            for title in ["שלום עולם", "مرحبا بالعالم"] {
                let l = layout_title(title, faces, &spec(1000.0, 400.0));
                assert!(l.rtl, "{title}");
                assert!(l.missing.is_empty(), "{:?}", l.missing);
                let line = &l.lines[0];
                // Right-aligned: the line ends at the box's right edge.
                assert!((line.x + line.width - 1000.0).abs() < 0.01);
                let first = line.glyphs.iter().find(|g| g.cluster == 0).unwrap();
                let max_x = line.glyphs.iter().map(|g| g.x).fold(f32::MIN, f32::max);
                assert_eq!(first.x, max_x, "{title}");
            }
        });
    }

    #[test]
    fn arabic_joins() {
        with_faces(|faces| {
            // Joined Arabic uses contextual forms: the same letter gets
            // different glyphs at the start and the end of a word.
            let l = layout_title("سس", faces, &spec(1000.0, 400.0));
            let ids: Vec<u16> = l.lines[0].glyphs.iter().map(|g| g.id).collect();
            assert_eq!(ids.len(), 2);
            assert_ne!(ids[0], ids[1]);
        });
    }

    #[test]
    fn kerning_comes_from_gpos() {
        with_faces(|faces| {
            let kerned = layout_label("AV", faces, 100.0, 0.0, 1000.0).line.width;
            let a = layout_label("A", faces, 100.0, 0.0, 1000.0).line.width;
            let v = layout_label("V", faces, 100.0, 0.0, 1000.0).line.width;
            assert!(kerned < a + v - 1.0, "AV {kerned} vs {a}+{v}");
        });
    }

    #[test]
    fn missing_glyphs_are_dropped_and_reported() {
        with_faces(|faces| {
            // U+13000 EGYPTIAN HIEROGLYPH A001: in no bundled font.
            let l = layout_title("Ok \u{13000} fine", faces, &spec(1000.0, 400.0));
            assert_eq!(l.missing, ['\u{13000}']);
            assert!(!l.lines[0].text.contains('\u{13000}'));
        });
    }

    #[test]
    fn emoji_come_from_the_emoji_face() {
        with_faces(|faces| {
            let l = layout_title("Launch 🚀 day", faces, &spec(1000.0, 400.0));
            assert!(l.missing.is_empty());
            let emoji = faces.len() - 1;
            assert!(l.lines[0].glyphs.iter().any(|g| g.face == emoji));
        });
    }

    #[test]
    fn balance_evens_out_lines() {
        with_faces(|faces| {
            let title = "Balanced headlines read better than ragged ones do";
            let mut s = spec(700.0, 400.0);
            s.max_size = 48.0;
            let plain = layout_title(title, faces, &s);
            s.balance = true;
            let bal = layout_title(title, faces, &s);
            assert_eq!(plain.lines.len(), bal.lines.len());
            let spread = |l: &TitleLayout| {
                let w: Vec<f32> = l.lines.iter().map(|l| l.width).collect();
                w.iter().cloned().fold(0.0, f32::max) - w.iter().cloned().fold(f32::MAX, f32::min)
            };
            assert!(spread(&bal) <= spread(&plain));
        });
    }

    #[test]
    fn label_is_cut_with_ellipsis() {
        with_faces(|faces| {
            let l = layout_label("A very long site name indeed", faces, 20.0, 0.0, 120.0);
            assert!(l.line.text.ends_with('…'), "{}", l.line.text);
            assert!(l.line.width <= 120.01);
        });
    }

    #[test]
    fn empty_and_blank_titles_give_no_lines() {
        with_faces(|faces| {
            for t in ["", "   \n\t ", "\u{200B}"] {
                let l = layout_title(t, faces, &spec(500.0, 300.0));
                assert!(l.lines.iter().all(|l| l.width == 0.0), "{t:?}");
            }
        });
    }
}
