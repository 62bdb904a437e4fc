//! Choosing the size and the lines of a title: the largest size whose wrap
//! fits the box, with the typographic preferences of `breaking`.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::super::template::{Align, VAlign};
use super::breaking::{wrap, Measured, Wrapped};
use super::shaping::normalize;
use super::{ellipsize, glyph_extent, markup, place_line, Face, Line, TitleLayout, TitleSpec};

/// Bounds the text to what could ever be drawn: graphemes no narrower than a
/// tenth of an em at the minimum size.
pub(super) fn cap_graphemes(text: &str, width: f32, min_size: f32, lines: usize) -> (&str, bool) {
    let per_line = (width / (min_size * 0.1)).ceil().max(1.0) as usize;
    let cap = per_line.saturating_mul(lines).saturating_add(1);
    match text.grapheme_indices(true).nth(cap) {
        Some((at, _)) => (&text[..at], true),
        None => (text, false),
    }
}

/// How much a wrap may do to long words, from the most to the least careful.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// Only ordinary breaks.
    Strict,
    /// Also inside code spans and identifiers (after `::`, `_`, `/`).
    Soft,
    /// Also between the graphemes of a word.
    Split,
}

impl Pass {
    fn accepts(self, w: &Wrapped) -> bool {
        match self {
            Pass::Strict => !w.soft_split && !w.split_word,
            Pass::Soft => !w.split_word,
            Pass::Split => true,
        }
    }
}

/// Lays out a title in its box. Always terminates: at most
/// `6 × (max_size − min_size + 1) + (short_max_size − max_size)` wraps plus
/// 12 balancing steps, each linear in the (capped) text.
///
/// The order of preference: a short title (at most `short_max_lines` lines)
/// grows up to `short_max_size`; then the largest size from `max_size` down to
/// `min_size` in `max_lines` lines, then in `max_lines + extra_lines`; breaking
/// inside identifiers, then inside words, only when no size avoids it;
/// finally the minimum size cut with `…`.
pub(crate) fn layout_title(text: &str, faces: &[Face<'_>], spec: &TitleSpec) -> TitleLayout {
    let primary = &faces[0];
    let marked = markup::parse(&normalize(text));
    let min_size = spec.min_size.max(1.0).round();
    let max_size = spec.max_size.max(min_size).round();
    let most_lines = spec.max_lines + spec.extra_lines;
    let (capped, cut) = cap_graphemes(&marked.text, spec.width, min_size, most_lines);
    let code: Vec<Range<usize>> = marked
        .code
        .iter()
        .map(|r| r.start.min(capped.len())..r.end.min(capped.len()))
        .collect();
    let m = Measured::new(capped, &code, faces, spec.letter_spacing, spec.rtl);

    let (cap, desc) = (primary.cap_height, primary.descender);
    let allowed = |size: f32, limit: usize| -> usize {
        let adv = spec.line_height * size;
        let room = spec.height - (cap + desc) * size;
        let n = if room < 0.0 {
            0
        } else {
            (room / adv).floor() as usize + 1
        };
        n.min(limit)
    };
    let try_size = |size: f32, limit: usize, pass: Pass| -> Option<Wrapped> {
        let n = allowed(size, limit);
        if n == 0 {
            return None;
        }
        let w = wrap(&m, spec.width / size, n, None);
        (w.lines.len() <= n && pass.accepts(&w)).then_some(w)
    };

    let mut chosen: Option<(f32, Wrapped)> = None;
    if !cut {
        let short_max = spec.short_max_size.max(max_size).round();
        let short_lines = spec.short_max_lines.min(spec.max_lines);
        let mut size = short_max;
        while chosen.is_none() && size > max_size {
            chosen = try_size(size, short_lines, Pass::Strict).map(|w| (size, w));
            size -= 1.0;
        }
        let mut limits = vec![spec.max_lines];
        if spec.extra_lines > 0 {
            limits.push(most_lines);
        }
        'passes: for pass in [Pass::Strict, Pass::Soft, Pass::Split] {
            for &limit in &limits {
                if chosen.is_some() {
                    break 'passes;
                }
                let mut size = max_size;
                while size >= min_size {
                    if let Some(w) = try_size(size, limit, pass) {
                        chosen = Some((size, w));
                        break;
                    }
                    size -= 1.0;
                }
            }
        }
    }

    let (size, mut ranges, truncated, split_word) = match chosen {
        Some((size, w)) => {
            let w = refine(&m, spec, size, w);
            (size, w.lines, false, w.split_word)
        }
        None => {
            let size = min_size;
            let n = allowed(size, most_lines).max(1);
            let w = wrap(&m, spec.width / size, n, None);
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
        letters: m.letters,
        lost_letters: m.lost_letters,
        top,
        bottom: top + block,
        ink_top,
        ink_bottom,
    }
}

/// Takes a preferred break (after `:` or a dash) when the line count stays
/// the same, then balances the lines (narrowest measure with that count).
fn refine(m: &Measured, spec: &TitleSpec, size: f32, w: Wrapped) -> Wrapped {
    let target = w.lines.len();
    if target < 2 {
        return w;
    }
    let width = spec.width / size;
    let total = m.width(0..m.text.len());
    let (soft, split) = (w.soft_split, w.split_word);
    let same_or_better = |t: &Wrapped| {
        t.lines.len() == target && (split || !t.split_word) && (soft || !t.soft_split)
    };
    // A preferred break with a fair share of the text on either side.
    let forced = m
        .preferred_breaks()
        .filter(|&at| {
            let before = m.width(0..at);
            before >= 0.15 * total && total - before >= 0.15 * total
        })
        .find(|&at| same_or_better(&wrap(m, width, target, Some(at))));
    let mut best = wrap(m, width, target, forced);
    if !same_or_better(&best) {
        best = w;
    }
    if spec.balance {
        let (mut lo, mut hi) = (width * 0.4, width);
        for _ in 0..12 {
            let mid = (lo + hi) / 2.0;
            if same_or_better(&wrap(m, mid, target, forced)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let t = wrap(m, hi, target, forced);
        if same_or_better(&t) {
            best = t;
        }
    }
    best
}
