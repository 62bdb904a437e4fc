//! Where a title may break, and greedy wrapping at a width.
//!
//! Break opportunities start from UAX #14 (so CJK breaks between ideographs)
//! and follow the rules a typesetter would apply to a headline:
//!
//! * never before a dash (`word —`, `word -`), so a line never starts with one;
//! * never after a one- or two-letter Latin, Greek or Cyrillic word (`a`, `of`,
//!   `to`, `в`), which would dangle at a line end;
//! * never inside a code span or a `::`-identifier (`std::fs::read`); there the
//!   only places are *soft* breaks after `::`, `_`, `/` (and spaces inside a
//!   code span), used only when the word is wider than the line;
//! * a break after `:`, `—` or `–` is *preferred*: when the title needs several
//!   lines anyway, the first line ends there if the line count stays the same;
//! * `<br>` ([`HARD_BREAK`]) always breaks.

use std::ops::Range;

use unicode_bidi::{Level, ParagraphBidiInfo};
use unicode_linebreak::{linebreaks, BreakOpportunity};
use unicode_segmentation::UnicodeSegmentation;

use super::markup::HARD_BREAK;
use super::shaping::{itemize, shape_runs};
use super::Face;

/// What kind of break ends a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BreakKind {
    /// An ordinary opportunity.
    Allowed,
    /// After `:` or a dash: the first line would rather end here.
    Preferred,
    /// Inside a code span or identifier: only when the word does not fit.
    Soft,
    /// `<br>` or the end of the text.
    Hard,
}

/// The text between two break opportunities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Segment {
    pub(super) start: usize,
    /// End including trailing spaces.
    pub(super) end: usize,
    /// End without trailing spaces (and without a hard break).
    pub(super) visible: usize,
    /// The break at `end`.
    pub(super) kind: BreakKind,
}

/// Break opportunities of `text` as (byte offset, kind), in order, the last at
/// `text.len()`. `code` are the code spans.
pub(super) fn opportunities(text: &str, code: &[Range<usize>]) -> Vec<(usize, BreakKind)> {
    let protected = protected_spans(text, code);
    let inside = |at: usize| protected.iter().any(|r| r.start < at && at < r.end);
    let mut out: Vec<(usize, BreakKind)> = Vec::new();
    for (at, op) in linebreaks(text) {
        if at == 0 {
            continue;
        }
        let before = &text[..at];
        if at == text.len() || before.ends_with(HARD_BREAK) {
            out.push((at, BreakKind::Hard));
            continue;
        }
        if op == BreakOpportunity::Mandatory {
            out.push((at, BreakKind::Hard));
            continue;
        }
        if inside(at) || starts_with_dash(&text[at..]) || short_word_before(before) {
            continue;
        }
        let visible = before.trim_end_matches(' ');
        let kind = if visible.ends_with([':', '—', '–']) {
            BreakKind::Preferred
        } else {
            BreakKind::Allowed
        };
        out.push((at, kind));
    }
    for span in &protected {
        let is_code = code.contains(span);
        for (off, c) in text[span.clone()].char_indices() {
            let at = span.start + off + c.len_utf8();
            let soft = match c {
                '_' | '/' => true,
                ':' => text[..at].ends_with("::") && !text[at..].starts_with(':'),
                ' ' => is_code,
                _ => false,
            };
            if soft && at < span.end && !text[at..].starts_with(' ') {
                out.push((at, BreakKind::Soft));
            }
        }
    }
    out.sort_by_key(|&(at, _)| at);
    out.dedup_by_key(|&mut (at, _)| at);
    out
}

/// Code spans, and runs of non-spaces that contain `::` (Rust, C++, Ruby,
/// Perl names): no ordinary break falls inside them.
fn protected_spans(text: &str, code: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = code.to_vec();
    let mut start = 0;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c == ' ' || c == HARD_BREAK {
            if text[start..at].contains("::") {
                spans.push(start..at);
            }
            start = at + c.len_utf8();
        }
    }
    spans
}

fn starts_with_dash(s: &str) -> bool {
    s.starts_with(['-', '‐', '‒', '–', '—', '―', '−'])
}

/// `before` ends with spaces after a word of one or two letters of a script
/// that sets such words apart (Latin, Greek, Cyrillic).
fn short_word_before(before: &str) -> bool {
    let Some(trimmed) = before.strip_suffix(' ') else {
        return false;
    };
    let trimmed = trimmed.trim_end_matches(' ');
    let word = trimmed
        .rsplit([' ', HARD_BREAK])
        .next()
        .unwrap_or(trimmed)
        .trim_start_matches(['(', '[', '"', '\'', '“', '‘', '«', '„']);
    let letters = word.chars().count();
    (1..=2).contains(&letters)
        && word
            .chars()
            .all(|c| c.is_alphabetic() && (c as u32) < 0x0530)
}

/// A paragraph measured once: advance per byte (em) and its break points.
pub(super) struct Measured {
    pub(super) text: String,
    /// `prefix[i]` = advance of `text[..i]` in em (glyphs count at their
    /// cluster's first byte).
    prefix: Vec<f32>,
    /// Segments between break opportunities.
    pub(super) segments: Vec<Segment>,
    pub(super) base: Level,
    pub(super) missing: Vec<char>,
    /// Non-space graphemes, and how many no font had.
    pub(super) letters: usize,
    pub(super) lost_letters: usize,
}

impl Measured {
    pub(super) fn new(
        text: &str,
        code: &[Range<usize>],
        faces: &[Face<'_>],
        letter_spacing: f32,
        rtl: bool,
    ) -> Measured {
        let it = itemize(text, faces);
        let code: Vec<Range<usize>> = code
            .iter()
            .map(|r| it.map(r.start)..it.map(r.end))
            .collect();
        let bidi = ParagraphBidiInfo::new(&it.text, rtl.then(Level::rtl));
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
        for (at, kind) in opportunities(&it.text, &code) {
            if at <= start {
                continue;
            }
            let visible = it.text[start..at].trim_end_matches([' ', HARD_BREAK]).len() + start;
            segments.push(Segment {
                start,
                end: at,
                visible,
                kind,
            });
            start = at;
        }
        Measured {
            text: it.text,
            prefix,
            segments,
            base,
            missing: it.missing,
            letters: it.letters,
            lost_letters: it.lost_letters,
        }
    }

    pub(super) fn width(&self, r: Range<usize>) -> f32 {
        self.prefix[r.end] - self.prefix[r.start]
    }

    /// Byte offsets after which a preferred break (`:` or a dash) falls.
    pub(super) fn preferred_breaks(&self) -> impl Iterator<Item = usize> + '_ {
        self.segments
            .iter()
            .filter(|s| s.kind == BreakKind::Preferred)
            .map(|s| s.end)
    }
}

/// Lines of a wrap, and what it had to do.
#[derive(Debug, Clone)]
pub(super) struct Wrapped {
    pub(super) lines: Vec<Range<usize>>,
    /// A code span or identifier was broken at a soft break.
    pub(super) soft_split: bool,
    /// A word was split between graphemes.
    pub(super) split_word: bool,
}

/// Greedy wrap at `width` em; stops once `limit` lines are exceeded. `forced`
/// is one more break that must be taken (a preferred break chosen by the fit).
pub(super) fn wrap(m: &Measured, width: f32, limit: usize, forced: Option<usize>) -> Wrapped {
    let eps = 1e-4;
    let fits = |r: Range<usize>| m.width(r) <= width + eps;
    let mut out = Wrapped {
        lines: Vec::new(),
        soft_split: false,
        split_word: false,
    };
    let mut line: Option<Range<usize>> = None; // start..visible end
    let mut word: Vec<Segment> = Vec::new();
    for &seg in &m.segments {
        if out.lines.len() > limit {
            break;
        }
        word.push(seg);
        if seg.kind == BreakKind::Soft {
            continue;
        }
        // A whole word (its soft pieces joined).
        let start = word[0].start;
        let visible = seg.visible;
        let hard = seg.kind == BreakKind::Hard || forced == Some(seg.end);
        let pieces = std::mem::take(&mut word);
        match &line {
            Some(cur) if fits(cur.start..visible) => {
                line = Some(cur.start..visible.max(cur.end));
            }
            _ => {
                if let Some(cur) = line.take() {
                    out.lines.push(cur);
                }
                if start < visible {
                    line = Some(if fits(start..visible) {
                        start..visible
                    } else {
                        place_wide_word(m, &pieces, width, limit, &mut out)
                    });
                }
            }
        }
        if hard {
            if let Some(cur) = line.take() {
                out.lines.push(cur);
            }
        }
    }
    if let Some(cur) = line {
        if cur.end > cur.start {
            out.lines.push(cur);
        }
    }
    out
}

/// Lays a word wider than the line over several lines: at its soft breaks
/// first, then between graphemes. Pushes the full lines and returns the last.
fn place_wide_word(
    m: &Measured,
    pieces: &[Segment],
    width: f32,
    limit: usize,
    out: &mut Wrapped,
) -> Range<usize> {
    let eps = 1e-4;
    let fits = |r: Range<usize>| m.width(r) <= width + eps;
    let mut line: Option<Range<usize>> = None;
    for piece in pieces {
        if piece.start == piece.visible {
            continue;
        }
        if let Some(cur) = &line {
            if fits(cur.start..piece.visible) {
                line = Some(cur.start..piece.visible);
                continue;
            }
            out.soft_split = true;
            out.lines.push(cur.clone());
            if out.lines.len() > limit {
                return piece.start..piece.start;
            }
        }
        if fits(piece.start..piece.visible) {
            line = Some(piece.start..piece.visible);
            continue;
        }
        // Still too wide: split between graphemes.
        out.split_word = true;
        let (mut from, mut end) = (piece.start, piece.start);
        for (off, g) in m.text[piece.start..piece.visible].grapheme_indices(true) {
            let g_end = piece.start + off + g.len();
            if end > from && !fits(from..g_end) {
                out.lines.push(from..end);
                if out.lines.len() > limit {
                    return end..end;
                }
                from = end;
            }
            end = g_end;
        }
        line = Some(from..end);
    }
    line.unwrap_or(0..0)
}
