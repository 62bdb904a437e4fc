//! Zola shortcodes: `{{ name(args) }}` and `{% name(args) %}…{% end %}`
//! (escaped as `{{/* name() */}}`), and `@/path.md` internal links.

use std::ops::Range;

use super::args::{split_call, Args};
use super::{
    code_block, embed_label, embed_link, figure, find_outside, fix_code, protected_ranges,
    unresolved, Context, Rewritten,
};

/// Whether the body calls a shortcode `{{ name(` outside code.
pub(super) fn has_call(body: &str, protected: &[Range<usize>]) -> bool {
    let mut at = 0;
    while let Some(start) = find_outside(body, at, "{{", protected) {
        if call_at(body, start, "}}").is_some() {
            return true;
        }
        at = start + 2;
    }
    false
}

/// A parsed call: name, argument text, where it ends.
struct Call<'t> {
    name: &'t str,
    args: &'t str,
    end: usize,
}

/// The call `{{ name(args) }}` (or `{% … %}` with `closer` `%}`) at `start`.
fn call_at<'t>(body: &'t str, start: usize, closer: &str) -> Option<Call<'t>> {
    let rest = &body[start + 2..];
    let trimmed = rest.trim_start();
    let name_len = trimmed
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(trimmed.len());
    let name = &trimmed[..name_len];
    if name.is_empty() || !trimmed[name_len..].starts_with('(') {
        return None;
    }
    let args_start = body.len() - trimmed.len() + name_len + 1;
    // The matching `)`, quotes and brackets respected.
    let (mut depth, mut quote, mut escaped) = (0i32, None, false);
    for (i, c) in body[args_start..].char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '(' | '[' => depth += 1,
            ']' => depth -= 1,
            ')' if depth > 0 => depth -= 1,
            ')' => {
                let args_end = args_start + i;
                let after = &body[args_end + 1..];
                let closing = after.trim_start();
                if !closing.starts_with(closer) {
                    return None;
                }
                let end = body.len() - closing.len() + closer.len();
                return Some(Call {
                    name,
                    args: &body[args_start..args_end],
                    end,
                });
            }
            '\n' if body[args_start..args_start + i].contains("\n\n") => return None,
            _ => {}
        }
    }
    None
}

/// Rewrites every shortcode and `@/` link outside code.
pub(super) fn rewrite(body: &str, context: &Context<'_>) -> Rewritten {
    let body = fix_code(body, unescape);
    let mut out = Rewritten::default();
    let text = rewrite_shortcodes(&body, &mut out);
    out.markdown = internal_links(&text, context, &mut out);
    out
}

/// Inside code, `{{/* x() */}}` is how a post shows `{{ x() }}`.
fn unescape(code: &str) -> String {
    code.replace("{{/*", "{{")
        .replace("*/}}", "}}")
        .replace("{%/*", "{%")
        .replace("*/%}", "%}")
}

fn rewrite_shortcodes(body: &str, out: &mut Rewritten) -> String {
    let protected = protected_ranges(body);
    let mut text = String::with_capacity(body.len());
    let mut at = 0;
    loop {
        let inline = find_outside(body, at, "{{", &protected);
        let block = find_outside(body, at, "{%", &protected);
        let start = match (inline, block) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => break,
        };
        let is_block = Some(start) == block;
        // `{{/* x() */}}` outside code: shown literally.
        let escape_close = if is_block { "*/%}" } else { "*/}}" };
        if body[start + 2..].starts_with("/*") {
            if let Some(len) = body[start + 4..].find(escape_close) {
                text.push_str(&body[at..start + 2]);
                text.push_str(body[start + 4..start + 4 + len].trim());
                text.push_str(if is_block { "%}" } else { "}}" });
                at = start + 4 + len + 4;
                continue;
            }
        }
        let Some(call) = call_at(body, start, if is_block { "%}" } else { "}}" }) else {
            text.push_str(&body[at..start + 2]);
            at = start + 2;
            continue;
        };
        text.push_str(&body[at..start]);
        at = call.end;
        let args = split_call(call.args);
        let content = if is_block {
            let (content, after) = block_body(body, at);
            at = after;
            Some(rewrite_shortcodes(content, out))
        } else {
            None
        };
        text.push_str(&expand(call.name, &args, content, out));
    }
    text.push_str(&body[at..]);
    text
}

/// The body of a block shortcode up to its `{% end %}` (nested blocks
/// counted) and the offset after it.
fn block_body(body: &str, from: usize) -> (&str, usize) {
    let mut depth = 0usize;
    let mut at = from;
    while let Some(start) = body[at..].find("{%").map(|i| i + at) {
        let Some(len) = body[start + 2..].find("%}") else {
            break;
        };
        let inner = body[start + 2..start + 2 + len].trim();
        if inner == "end" {
            if depth == 0 {
                return (&body[from..start], start + 2 + len + 2);
            }
            depth -= 1;
        } else if call_at(body, start, "%}").is_some() {
            depth += 1;
        }
        at = start + 2;
    }
    (&body[from..], body.len())
}

fn expand(name: &str, args: &Args, content: Option<String>, out: &mut Rewritten) -> String {
    match name {
        "youtube" => {
            let id = args.get("id", 0).unwrap_or("");
            let url = format!("https://www.youtube.com/watch?v={id}");
            embed_link(&url, &embed_label(args.named("title"), "Video on YouTube"))
        }
        "vimeo" => {
            let id = args.get("id", 0).unwrap_or("");
            embed_link(&format!("https://vimeo.com/{id}"), "Video on Vimeo")
        }
        "streamable" => {
            let id = args.get("id", 0).unwrap_or("");
            embed_link(
                &format!("https://streamable.com/{id}"),
                "Video on Streamable",
            )
        }
        "gist" => embed_link(args.get("url", 0).unwrap_or(""), "Gist on GitHub"),
        "figure" | "image" | "img" | "resize_image" | "fig" => {
            let src = args.any(&["src", "path", "url"]).unwrap_or("");
            let caption = args.any(&["caption", "title"]).unwrap_or("");
            let alt = args.named("alt").unwrap_or(caption);
            let content_caption = content.as_deref().unwrap_or("");
            let caption = if caption.is_empty() {
                content_caption
            } else {
                caption
            };
            figure(src, alt, caption, args.named("link"))
        }
        "highlight" | "code" => code_block(
            args.any(&["lang", "language"]).unwrap_or(""),
            content.as_deref().unwrap_or(""),
        ),
        _ => {
            out.note_unknown(name);
            content.map(|c| format!("\n\n{c}\n\n")).unwrap_or_default()
        }
    }
}

/// `[text](@/blog/post.md#part)` (and `<a href="@/…">`, reference
/// definitions) → the post's URL.
fn internal_links(text: &str, context: &Context<'_>, out: &mut Rewritten) -> String {
    let protected = protected_ranges(text);
    let mut result = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(start) = find_outside(text, at, "@/", &protected) {
        let before = text[..start].chars().next_back();
        if !matches!(before, Some('(' | '"' | '\'' | '<' | ' ')) {
            result.push_str(&text[at..start + 2]);
            at = start + 2;
            continue;
        }
        let len = text[start..]
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '>'))
            .unwrap_or(text.len() - start);
        let target = &text[start..start + len];
        result.push_str(&text[at..start]);
        match context.index.resolve(target, context.page_url) {
            Some(url) => result.push_str(&url),
            None => {
                out.note_unresolved(target);
                result.push_str(&unresolved(target));
            }
        }
        at = start + len;
    }
    result.push_str(&text[at..]);
    result
}
