//! Hugo shortcodes: `{{< name args >}}` (inner kept as is) and
//! `{{% name args %}}` (inner rendered as Markdown), self-closing or paired
//! with `{{< /name >}}`; `{{</* name */>}}` is Hugo's escape for a literal one.

use super::args::{split_words, Args};
use super::{
    code_block, details, embed_label, embed_link, figure, find_outside, fix_code, protected_ranges,
    unresolved, Context, Rewritten,
};

/// One parsed `{{< … >}}` / `{{% … %}}` delimiter pair.
struct Opening<'t> {
    /// Where the delimiter ends.
    end: usize,
    /// `<` or `%`.
    kind: char,
    /// The text between the delimiters, trimmed.
    inner: &'t str,
}

/// Rewrites every shortcode outside code.
pub(super) fn rewrite(body: &str, context: &Context<'_>) -> Rewritten {
    let body = fix_code(body, unescape);
    let mut out = Rewritten::default();
    out.markdown = rewrite_into(&body, context, &mut out);
    out
}

/// Inside code, `{{</* x */>}}` is how a post shows `{{< x >}}`.
fn unescape(code: &str) -> String {
    code.replace("{{</*", "{{<")
        .replace("*/>}}", ">}}")
        .replace("{{%/*", "{{%")
        .replace("*/%}}", "%}}")
}

fn rewrite_into(body: &str, context: &Context<'_>, out: &mut Rewritten) -> String {
    let protected = protected_ranges(body);
    let mut text = String::with_capacity(body.len());
    let mut at = 0;
    while let Some(start) = next_opening(body, at, &protected) {
        let Some(open) = parse_opening(body, start) else {
            // An unclosed `{{<` is text.
            text.push_str(&body[at..start + 3]);
            at = start + 3;
            continue;
        };
        text.push_str(&body[at..start]);
        at = open.end;
        // `{{</* figure */>}}` shows a shortcode literally.
        if let Some(escaped) = open
            .inner
            .strip_prefix("/*")
            .and_then(|s| s.strip_suffix("*/"))
        {
            let close = if open.kind == '<' { '>' } else { '%' };
            text.push_str(&format!("{{{{{}{escaped}{close}}}}}", open.kind));
            continue;
        }
        if open.inner.starts_with('/') {
            continue; // a closing tag without its opening: dropped
        }
        let self_closing = open.inner.ends_with('/');
        let inner = open.inner.trim_end_matches('/').trim();
        let (name, rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        let args = split_words(rest);
        let paired = if self_closing {
            None
        } else {
            find_closing(body, at, name)
        };
        let content = paired.map(|(content_end, _)| &body[at..content_end]);
        if let Some((_, after)) = paired {
            at = after;
        }
        text.push_str(&expand(name, &args, open.kind, content, context, out));
    }
    text.push_str(&body[at..]);
    text
}

/// The next `{{<` or `{{%` outside code. One search for `{{`, not one per
/// delimiter: searching for `{{<` in a post of only `{{%` scanned to its end
/// at every opening, time quadratic in the post's size.
fn next_opening(body: &str, from: usize, protected: &[std::ops::Range<usize>]) -> Option<usize> {
    let mut at = from;
    loop {
        let start = find_outside(body, at, "{{", protected)?;
        if matches!(body.as_bytes().get(start + 2), Some(b'<' | b'%')) {
            return Some(start);
        }
        at = start + 1;
    }
}

/// Longest shortcode tag (from `{{<` to `>}}`) looked for: real ones are a
/// line or a few; without a bound, every unclosed `{{<` in a post would scan
/// to its end, and a post of them would cost time quadratic in its size.
const MAX_TAG_BYTES: usize = 4096;

/// Most shortcode tags scanned for the closing tag of one paired shortcode,
/// for the same reason.
const MAX_TAGS_TO_CLOSING: usize = 512;

/// Parses the shortcode starting at `start` (`{{<` or `{{%`), quotes respected.
/// Works on bytes (every delimiter is ASCII), so no index lands inside a
/// character; a blank line or [`MAX_TAG_BYTES`] ends the search.
fn parse_opening(body: &str, start: usize) -> Option<Opening<'_>> {
    let bytes = body.as_bytes();
    let kind = char::from(*bytes.get(start + 2)?);
    let closer: &[u8] = if kind == '<' { b">}}" } else { b"%}}" };
    let from = start + 3;
    let end = body.len().min(from + MAX_TAG_BYTES);
    let mut quote = None;
    let mut i = from;
    while i < end {
        let c = bytes[i];
        match quote {
            Some(q) if c == b'\\' && q == b'"' => i += 1,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'`' => quote = Some(c),
            None if bytes[i..].starts_with(closer) => {
                return Some(Opening {
                    end: i + closer.len(),
                    kind,
                    inner: body[from..i].trim(),
                });
            }
            None if c == b'\n' && i > from && bytes[i - 1] == b'\n' => return None,
            None => {}
        }
        i += 1;
    }
    None
}

/// The closing `{{< /name >}}` (either delimiter) matching an opening that
/// ends at `from`, nested same-name shortcodes counted: (content end, after).
fn find_closing(body: &str, from: usize, name: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut at = from;
    let mut scanned = 0;
    while let Some(start) = next_opening(body, at, &[]) {
        scanned += 1;
        if scanned > MAX_TAGS_TO_CLOSING {
            return None;
        }
        let Some(open) = parse_opening(body, start) else {
            at = start + 3;
            continue;
        };
        at = open.end;
        let inner = open.inner.trim_end_matches('/').trim();
        if let Some(closing) = inner.strip_prefix('/') {
            if closing.trim() == name {
                if depth == 0 {
                    return Some((start, open.end));
                }
                depth -= 1;
            }
        } else if !open.inner.ends_with('/') && inner.split_whitespace().next() == Some(name) {
            depth += 1;
        }
    }
    None
}

/// What one shortcode becomes.
fn expand(
    name: &str,
    args: &Args,
    kind: char,
    content: Option<&str>,
    context: &Context<'_>,
    out: &mut Rewritten,
) -> String {
    match name {
        "ref" | "relref" => {
            let target = args.get("path", 0).unwrap_or("");
            match context.index.resolve(target, context.page_url) {
                Some(url) => url,
                None => {
                    out.note_unresolved(target);
                    unresolved(target)
                }
            }
        }
        "figure" => {
            let src = args.get("src", 0).unwrap_or("");
            let caption = args.named("caption").or(args.named("title")).unwrap_or("");
            let alt = args.named("alt").unwrap_or(caption);
            figure(src, alt, caption, args.named("link"))
        }
        // Inline shortcodes define their own template in the post: the body
        // is Go template text, kept without its actions (the HTML is left
        // for the sanitiser, which drops `<style>` and `<script>`).
        name if name.ends_with(".inline") => content.map(without_actions).unwrap_or_default(),
        "youtube" => {
            let id = args.get("id", 0).unwrap_or("");
            let url = format!("https://www.youtube.com/watch?v={id}");
            embed_link(&url, &embed_label(args.named("title"), "Video on YouTube"))
        }
        "vimeo" | "vimeo_simple" => {
            let id = args.get("id", 0).unwrap_or("");
            let url = format!("https://vimeo.com/{id}");
            embed_link(&url, &embed_label(args.named("title"), "Video on Vimeo"))
        }
        "gist" => {
            let user = args.get("user", 0).unwrap_or("");
            let id = args.get("id", 1).unwrap_or("");
            let url = format!("https://gist.github.com/{user}/{id}");
            embed_link(&url, "Gist on GitHub")
        }
        "x" | "x_simple" | "tweet" | "twitter" | "twitter_simple" => {
            let id = args.get("id", 0).unwrap_or("");
            let url = match args.named("user") {
                Some(user) => format!("https://x.com/{user}/status/{id}"),
                None => format!("https://x.com/i/status/{id}"),
            };
            embed_link(&url, "Post on X")
        }
        "instagram" => {
            let id = args.get("id", 0).unwrap_or("");
            let url = format!("https://www.instagram.com/p/{id}/");
            embed_link(&url, "Post on Instagram")
        }
        // Self-hosted media (`video src=…`, `audio src=…`, as themes name them).
        "video" | "audio" => match args.get("src", 0) {
            Some(src) if !src.trim().is_empty() => {
                let label = if name == "video" { "Video" } else { "Audio" };
                embed_link(src, &embed_label(args.named("title"), label))
            }
            _ => {
                out.note_unknown(name);
                String::new()
            }
        },
        // Diagram source (Congo, Blowfish, Docsy): a reader shows it as code.
        "mermaid" => code_block("mermaid", content.unwrap_or("")),
        "highlight" => {
            let language = args.get("lang", 0).unwrap_or("");
            code_block(language, content.unwrap_or(""))
        }
        "details" => {
            let inner = rewrite_into(content.unwrap_or(""), context, out);
            details(args.get("summary", 0).unwrap_or(""), &inner)
        }
        _ => {
            out.note_unknown(name);
            match content {
                // `{{% %}}` content is Markdown: blank lines keep it out of
                // whatever paragraph the shortcode sat in.
                Some(inner) if kind == '%' => {
                    format!("\n\n{}\n\n", rewrite_into(inner, context, out))
                }
                Some(inner) => rewrite_into(inner, context, out),
                None => String::new(),
            }
        }
    }
}

/// Go template text without its `{{ … }}` actions (`{{ if … }}`, `{{ end }}`,
/// `{{- .Get 0 -}}`): what is left is the template's literal HTML.
fn without_actions(template: &str) -> String {
    let mut text = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        text.push_str(&rest[..start]);
        rest = &rest[start + len + 2..];
    }
    text.push_str(rest);
    text
}
