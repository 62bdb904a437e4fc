//! Title markup: what a title written for Markdown or HTML means on a card.
//!
//! Titles come from front matter, where authors write `&amp;`, `` `code` `` and
//! `<br>` because their site's templates render them. A card draws plain text:
//! entities are decoded, backticks and inline tags (`<code>`, `<em>`, …) are
//! removed, `<br>` becomes a forced line break ([`HARD_BREAK`]). Code spans are
//! kept as byte ranges so that the line breaker does not break inside them.
//! Anything that is not one of these stays literal (`a <div> b`, `AT&T`).

use std::ops::Range;

/// The forced line break in laid-out text (U+2028 LINE SEPARATOR: a mandatory
/// break for UAX #14 and plain whitespace for bidi).
pub(crate) const HARD_BREAK: char = '\u{2028}';

/// A title after markup: plain text and where its code spans are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marked {
    /// The text to draw (spaces collapsed, [`HARD_BREAK`] for `<br>`).
    pub(crate) text: String,
    /// Byte ranges of `text` that were inline code.
    pub(crate) code: Vec<Range<usize>>,
}

/// Parses an already normalised title (see `shaping::normalize`).
pub(crate) fn parse(src: &str) -> Marked {
    let mut out = Out::default();
    let mut open_code: Option<usize> = None;
    let mut i = 0;
    while i < src.len() {
        let rest = &src[i..];
        if rest.starts_with('`') && open_code.is_none() {
            let ticks = rest.len() - rest.trim_start_matches('`').len();
            if let Some((content, used)) = code_span(rest, ticks) {
                let start = out.text.len();
                out.push_str(content);
                out.code.push(start..out.text.len());
                i += used;
            } else {
                out.push_str(&rest[..ticks]);
                i += ticks;
            }
            continue;
        }
        if rest.starts_with('<') {
            if let Some((tag, used)) = inline_tag(rest) {
                match tag {
                    Tag::Break => out.hard_break(),
                    Tag::CodeOpen => open_code = Some(out.text.len()),
                    Tag::CodeClose => {
                        if let Some(start) = open_code.take() {
                            out.code.push(start..out.text.len());
                        }
                    }
                    Tag::Other => {}
                }
                i += used;
                continue;
            }
        }
        if rest.starts_with('&') && open_code.is_none() {
            if let Some((c, used)) = entity(rest) {
                out.push(c);
                i += used;
                continue;
            }
        }
        let c = rest.chars().next().expect("i < len");
        out.push(c);
        i += c.len_utf8();
    }
    if let Some(start) = open_code {
        out.code.push(start..out.text.len());
    }
    out.finish()
}

#[derive(Default)]
struct Out {
    text: String,
    code: Vec<Range<usize>>,
}

impl Out {
    fn push_str(&mut self, s: &str) {
        for c in s.chars() {
            self.push(c);
        }
    }

    /// Pushes a character, collapsing spaces (a decoded entity may be one) and
    /// dropping controls.
    fn push(&mut self, c: char) {
        if c == HARD_BREAK {
            self.hard_break();
        } else if c == ' ' || (c.is_whitespace() && !is_no_break_space(c)) {
            if !self.text.is_empty() && !self.text.ends_with([' ', HARD_BREAK]) {
                self.text.push(' ');
            }
        } else if !c.is_control() {
            self.text.push(c);
        }
    }

    fn hard_break(&mut self) {
        self.trim_end(&[' ']);
        if !self.text.is_empty() && !self.text.ends_with(HARD_BREAK) {
            self.text.push(HARD_BREAK);
        }
    }

    fn trim_end(&mut self, chars: &[char]) {
        let kept = self.text.trim_end_matches(chars).len();
        self.text.truncate(kept);
        for r in &mut self.code {
            r.end = r.end.min(kept);
            r.start = r.start.min(r.end);
        }
    }

    fn finish(mut self) -> Marked {
        self.trim_end(&[' ', HARD_BREAK]);
        self.code.retain(|r| !r.is_empty());
        Marked {
            text: self.text,
            code: self.code,
        }
    }
}

/// U+00A0, U+2007, U+202F: spaces an author chose so that no line breaks there.
pub(crate) fn is_no_break_space(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}')
}

/// A Markdown code span opened by `ticks` backticks at the start of `s`:
/// (content, bytes used). Unclosed → `None` (the backticks are literal).
fn code_span(s: &str, ticks: usize) -> Option<(&str, usize)> {
    let body = &s[ticks..];
    let mut from = 0;
    while let Some(at) = body[from..].find('`') {
        let at = from + at;
        let run = body[at..].len() - body[at..].trim_start_matches('`').len();
        if run == ticks {
            let content = &body[..at];
            // CommonMark: one space inside each end is padding.
            let content = match content.strip_prefix(' ').and_then(|c| c.strip_suffix(' ')) {
                Some(inner) if !inner.trim().is_empty() => inner,
                _ => content,
            };
            return Some((content, ticks + at + run));
        }
        from = at + run;
    }
    None
}

enum Tag {
    Break,
    CodeOpen,
    CodeClose,
    /// An emphasis-like tag whose text is kept and whose markup is dropped.
    Other,
}

/// `<br>`, `<br/>`, `<code>`, `</em>`… at the start of `s` (any case).
fn inline_tag(s: &str) -> Option<(Tag, usize)> {
    let end = s[..s.len().min(12)].find('>')?;
    let inner = s[1..end].trim();
    let (closing, name) = match inner.strip_prefix('/') {
        Some(name) => (true, name.trim()),
        None => (false, inner.trim_end_matches('/').trim()),
    };
    let name = name.to_ascii_lowercase();
    let tag = match name.as_str() {
        "br" => Tag::Break,
        "code" | "kbd" | "tt" | "samp" if closing => Tag::CodeClose,
        "code" | "kbd" | "tt" | "samp" => Tag::CodeOpen,
        "em" | "strong" | "b" | "i" | "u" | "s" | "mark" | "small" | "span" | "sup" | "sub"
        | "wbr" => Tag::Other,
        _ => return None,
    };
    Some((tag, end + 1))
}

/// An HTML character reference at the start of `s`: (character, bytes used).
fn entity(s: &str) -> Option<(char, usize)> {
    let end = s[..s.len().min(12)].find(';')?;
    let name = &s[1..end];
    let c = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        // HTML maps NUL and surrogates to U+FFFD; we drop them instead.
        char::from_u32(code).filter(|&c| c != '\0')?
    } else {
        named_entity(name)?
    };
    Some((c, end + 1))
}

/// The named references that turn up in titles (the full HTML list has 2,231;
/// numeric references cover the rest).
fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{00A0}',
        "ensp" | "emsp" | "thinsp" => ' ',
        "shy" => '\u{00AD}',
        "zwj" => '\u{200D}',
        "zwnj" => '\u{200C}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "middot" => '·',
        "bull" => '•',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "times" => '×',
        "divide" => '÷',
        "plusmn" => '±',
        "minus" => '−',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "sect" => '§',
        "para" => '¶',
        "larr" => '←',
        "rarr" => '→',
        "harr" => '↔',
        "check" => '✓',
        "agrave" => 'à',
        "aacute" => 'á',
        "acirc" => 'â',
        "auml" => 'ä',
        "ccedil" => 'ç',
        "egrave" => 'è',
        "eacute" => 'é',
        "ecirc" => 'ê',
        "iacute" => 'í',
        "ntilde" => 'ñ',
        "oacute" => 'ó',
        "ouml" => 'ö',
        "uacute" => 'ú',
        "uuml" => 'ü',
        "Auml" => 'Ä',
        "Eacute" => 'É',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        "szlig" => 'ß',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        parse(s).text
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            text("Q&amp;A: &lt;b&gt; &#8212; &#x1F680;"),
            "Q&A: <b> — 🚀"
        );
        assert_eq!(text("10&nbsp;km"), "10\u{00A0}km");
        // Not an entity: stays literal.
        assert_eq!(text("AT&T & friends &unknown;"), "AT&T & friends &unknown;");
        // A decoded control is dropped, a decoded newline is a space; NUL is
        // no character reference at all.
        assert_eq!(text("a&#10;b&#1;c&#0;"), "a bc&#0;");
    }

    #[test]
    fn backticks_become_code_spans() {
        let m = parse("Use `Vec::with_capacity` for `speed`");
        assert_eq!(m.text, "Use Vec::with_capacity for speed");
        assert_eq!(m.code, [4..22, 27..32]);
        assert_eq!(&m.text[m.code[0].clone()], "Vec::with_capacity");
        // Double backticks hold a backtick; unclosed ones are literal.
        let m = parse("``a`b`` and `open");
        assert_eq!(m.text, "a`b and `open");
        assert_eq!(m.code, vec![0..3_usize]);
        // Entities inside code stay literal, as Markdown renders them.
        assert_eq!(text("`&amp;`"), "&amp;");
    }

    #[test]
    fn br_is_a_hard_break_and_tags_are_dropped() {
        let m = parse("First line <br> second<BR/>third <br />");
        assert_eq!(m.text, "First line\u{2028}second\u{2028}third");
        let m = parse("<em>Big</em> <code>news</code> <div>");
        assert_eq!(m.text, "Big news <div>");
        assert_eq!(m.code, vec![4..8_usize]);
        assert_eq!(text("<br><br>x<br><br>"), "x");
        assert_eq!(text("a <br><br> b"), "a\u{2028}b");
    }
}
