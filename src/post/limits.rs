//! Bounds on a post body, checked before the expensive stages see it.
//!
//! pulldown-cmark and html5ever (inside ammonia) are fast on ordinary text
//! but super-linear in nesting depth: 30 000 `>` on one line take pulldown-cmark
//! minutes, as do a hundred thousand unclosed `<div>` for html5ever, whose
//! tree builder walks its stack of open elements at every tag. html5ever's
//! serialiser is also quadratic in one text node full of `&` or `U+00A0`.
//! These scans are linear and run first, so the work a post can cause grows
//! with its size and never with how it is nested:
//!
//! - [`check_body`] refuses (one error for the post) Markdown nesting deeper
//!   than [`MAX_MARKDOWN_NESTING`] and raw HTML nesting deeper than
//!   [`MAX_HTML_NESTING`];
//! - [`html_nesting_exceeds`] checks the rendered HTML again before it is
//!   sanitised (nesting built by indentation alone is found only there);
//! - [`split_long_text_runs`] cuts long text runs with empty comments, which
//!   the sanitiser removes, so each text node it serialises stays short.

/// Deepest container nesting (`>` quotes and list markers opened on one line)
/// accepted in a body. Hand-written posts stay under ten.
pub(crate) const MAX_MARKDOWN_NESTING: usize = 32;

/// Deepest nesting of HTML elements accepted in a body (raw HTML in the
/// Markdown, and the rendered HTML). Real posts stay under forty.
pub(crate) const MAX_HTML_NESTING: usize = 256;

/// Longest run of text between tags handed to the sanitiser in one piece.
const MAX_TEXT_RUN: usize = 2048;

/// Why a body was refused: the message, and the 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TooDeep {
    /// What is wrong, for the diagnostic.
    pub(crate) message: String,
    /// 1-based line of the body where the limit was crossed.
    pub(crate) line: usize,
    /// 1-based column (in characters) on that line.
    pub(crate) column: usize,
}

/// Checks a Markdown body against both nesting limits (see the module doc).
pub(crate) fn check_body(markdown: &str) -> Result<(), TooDeep> {
    if let Some((line, column)) = markdown_nesting_exceeds(markdown) {
        return Err(TooDeep {
            message: format!(
                "the body nests `>` quotes and lists more than {MAX_MARKDOWN_NESTING} levels deep on one line; \
                 the post is left out (no post needs that)"
            ),
            line,
            column,
        });
    }
    if let Some(offset) = html_nesting_exceeds(markdown) {
        let (line, column) = crate::common::line_column(markdown, offset);
        return Err(TooDeep {
            message: format!(
                "the body's HTML nests more than {MAX_HTML_NESTING} elements deep (unclosed tags?); \
                 the post is left out"
            ),
            line,
            column,
        });
    }
    Ok(())
}

/// The 1-based line and column where one line opens more than
/// [`MAX_MARKDOWN_NESTING`] containers (`>`, `-`, `*`, `+`, `1.`, `1)`).
fn markdown_nesting_exceeds(markdown: &str) -> Option<(usize, usize)> {
    for (index, line) in markdown.split('\n').enumerate() {
        let bytes = line.as_bytes();
        let mut at = 0;
        let mut depth = 0;
        loop {
            while at < bytes.len() && (bytes[at] == b' ' || bytes[at] == b'\t') {
                at += 1;
            }
            let Some(width) = container_marker(&bytes[at..]) else {
                break;
            };
            at += width;
            depth += 1;
            if depth > MAX_MARKDOWN_NESTING {
                let column = line[..at.min(line.len())].chars().count();
                return Some((index + 1, column));
            }
        }
    }
    None
}

/// The byte width of a container marker at the start of `rest`, if one is there.
fn container_marker(rest: &[u8]) -> Option<usize> {
    let followed_by_blank = |i: usize| rest.get(i).is_none_or(|b| matches!(b, b' ' | b'\t'));
    match rest.first()? {
        b'>' => Some(1),
        b'-' | b'*' | b'+' if followed_by_blank(1) => Some(1),
        b'0'..=b'9' => {
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            (digits <= 9
                && matches!(rest.get(digits), Some(b'.' | b')'))
                && followed_by_blank(digits + 1))
            .then_some(digits + 1)
        }
        _ => None,
    }
}

/// Elements without an end tag: they never nest.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose end tag may be left out and whose next sibling closes them
/// (`<p><p>` is two paragraphs, not one inside the other).
const SELF_CLOSING_SIBLINGS: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp", "thead",
    "tbody", "tfoot", "colgroup",
];

/// The byte offset of the start tag that takes HTML nesting past
/// [`MAX_HTML_NESTING`], if one does. Counts start tags minus end tags of the
/// elements that nest; conservative (an end tag closes one level whatever
/// its name), linear, not an HTML parser.
pub(crate) fn html_nesting_exceeds(html: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(i) = memchr_lt(&bytes[at..]) {
        let start = at + i;
        at = start + 1;
        let closing = bytes.get(at) == Some(&b'/');
        let name_start = if closing { at + 1 } else { at };
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        if VOID.contains(&name.as_str()) || SELF_CLOSING_SIBLINGS.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            if depth > MAX_HTML_NESTING {
                return Some(start);
            }
        }
    }
    None
}

fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'<')
}

/// Elements whose content is raw text to html5ever: an inserted comment
/// would be text there. The sanitiser drops all of them with their content.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Inserts `<!---->` into every run of text longer than [`MAX_TEXT_RUN`]
/// bytes (at a character boundary outside tags and raw-text elements), so
/// the sanitiser serialises short text nodes. The comments are stripped by
/// the sanitiser; the text is unchanged.
pub(crate) fn split_long_text_runs(html: &str) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0; // bytes of `html` already in `out`
    let mut run_start = 0; // where the current text run began
    let mut entity_from: Option<usize> = None; // an open `&name` (no `;` yet)
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'<' {
            entity_from = None;
            let end = if bytes[at..].starts_with(b"<!--") {
                // A comment ends at `-->`, not at its first `>`.
                html[at + 4..]
                    .find("-->")
                    .map_or(bytes.len(), |i| at + 4 + i + 3)
            } else {
                tag_end(bytes, at)
            };
            if let Some(raw) = raw_text_element(html, at) {
                // Skip to the element's end tag (or the end: html5ever reads
                // the rest as its text, and the sanitiser drops it).
                at = find_end_tag(html, end, raw).unwrap_or(bytes.len());
            } else {
                at = end;
            }
            run_start = at;
            continue;
        }
        // Never cut inside a character reference (`&am|p;` would change
        // the text); a run of 32 name bytes is no reference.
        if entity_from.is_some_and(|from| at - from > 32) {
            entity_from = None;
        }
        if at - run_start >= MAX_TEXT_RUN && html.is_char_boundary(at) && entity_from.is_none() {
            let out =
                out.get_or_insert_with(|| String::with_capacity(html.len() + html.len() / 256));
            out.push_str(&html[copied..at]);
            out.push_str("<!---->");
            copied = at;
            run_start = at;
        }
        match bytes[at] {
            b'&' => entity_from = Some(at),
            b if b.is_ascii_alphanumeric() || b == b'#' => {}
            _ => entity_from = None,
        }
        at += 1;
    }
    match out {
        None => std::borrow::Cow::Borrowed(html),
        Some(mut out) => {
            out.push_str(&html[copied..]);
            std::borrow::Cow::Owned(out)
        }
    }
}

/// The offset just past the `>` closing the tag that starts at `start` (or
/// the end of the text).
fn tag_end(bytes: &[u8], start: usize) -> usize {
    let mut quote = None;
    for (i, &b) in bytes[start..].iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return start + i + 1,
            None => {}
        }
    }
    bytes.len()
}

/// The raw-text element a start tag at `start` opens, if it opens one.
fn raw_text_element(html: &str, start: usize) -> Option<&'static str> {
    let rest = &html.as_bytes()[start + 1..];
    RAW_TEXT.iter().copied().find(|name| {
        rest.len() > name.len()
            && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            && !rest[name.len()].is_ascii_alphanumeric()
    })
}

/// The offset just past `</name…>` at or after `from`.
fn find_end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(i) = memchr_lt(&bytes[at..]) {
        let start = at + i;
        let rest = &bytes[start + 1..];
        if rest.first() == Some(&b'/')
            && rest.len() > name.len()
            && rest[1..=name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return Some(tag_end(bytes, start));
        }
        at = start + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_bodies_pass() {
        let md = "> quote\n> > nested\n\n- a\n  - b\n    1. c\n\n<div><details><summary>s</summary>x</details></div>\n\n<p>one<p>two<br><img src=x>\n";
        assert_eq!(check_body(md), Ok(()));
    }

    #[test]
    fn deep_quotes_and_list_markers_on_one_line_are_refused() {
        for md in [
            format!("intro\n{} x\n", ">".repeat(10_000)),
            format!("intro\n{} x\n", "- ".repeat(10_000)),
            format!("intro\n{}x\n", "> 1. ".repeat(40)),
        ] {
            let err = check_body(&md).unwrap_err();
            assert_eq!(err.line, 2, "{}", err.message);
            assert!(err.message.contains("nests"), "{}", err.message);
        }
        let at_limit = format!("{} x\n", ">".repeat(MAX_MARKDOWN_NESTING));
        assert_eq!(check_body(&at_limit), Ok(()));
    }

    #[test]
    fn deep_or_unclosed_html_is_refused() {
        for tag in ["<div>", "<details>", "<b id=x>", "<DIV class='a>b'>"] {
            let md = format!("text\n\n{}", tag.repeat(10_000));
            let err = check_body(&md).unwrap_err();
            assert_eq!(err.line, 3, "{tag}");
            assert!(err.message.contains("HTML nests"), "{}", err.message);
        }
        // Closed elements, void elements and paragraphs do not add up.
        let fine = "<div></div><br><p>".repeat(10_000);
        assert_eq!(check_body(&fine), Ok(()));
    }

    #[test]
    fn long_text_runs_are_cut_by_comments_outside_tags_and_raw_text() {
        let text = "&amp;".repeat(2000);
        let html = format!("<p title=\"{text}\">{text}</p><textarea>{text}</textarea>");
        let split = split_long_text_runs(&html);
        assert_eq!(split.replace("<!---->", ""), html);
        let comments = split.matches("<!---->").count();
        assert!(comments >= 4, "{comments}");
        // Never inside the attribute, the textarea or an entity.
        let inside_p = &split[split.find("\">").unwrap()..split.find("</p>").unwrap()];
        assert_eq!(inside_p.matches("<!---->").count(), comments);
        for piece in inside_p[2..].split("<!---->") {
            assert!(piece.starts_with("&amp;"), "{piece}");
        }
        let comment = format!("<!-- {text} -->{text}");
        let split = split_long_text_runs(&comment);
        assert!(
            split.starts_with(&format!("<!-- {text} -->&amp;")),
            "not inside the comment"
        );
        let short = "<p>short</p>";
        assert!(matches!(
            split_long_text_runs(short),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn a_text_run_never_splits_a_character() {
        let html = "é".repeat(5000);
        let split = split_long_text_runs(&html);
        assert_eq!(split.replace("<!---->", ""), html);
        assert!(split.contains("<!---->"));
    }
}
