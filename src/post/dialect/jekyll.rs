//! Jekyll Liquid: `{% tag args %}` and `{{ expression | filter }}`.

use super::args::{split_words, unquote};
use super::{
    code_block, embed_label, embed_link, figure, find_outside, fix_code, protected_ranges,
    split_base, unresolved, Context, Rewritten,
};

/// Rewrites every tag and output expression outside code.
pub(super) fn rewrite(body: &str, context: &Context<'_>) -> Rewritten {
    let body = fix_code(body, strip_raw_markers);
    let protected = protected_ranges(&body);
    let mut out = Rewritten::default();
    let mut text = String::with_capacity(body.len());
    let mut at = 0;
    loop {
        let tag = find_outside(&body, at, "{%", &protected);
        let output = find_outside(&body, at, "{{", &protected);
        let start = match (tag, output) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => break,
        };
        let is_tag = Some(start) == tag;
        let closer = if is_tag { "%}" } else { "}}" };
        let Some(len) = body[start + 2..].find(closer) else {
            break;
        };
        let inner = trim_control(&body[start + 2..start + 2 + len]);
        text.push_str(&body[at..start]);
        at = start + 2 + len + 2;
        if !is_tag {
            text.push_str(&output_expression(inner, context, &mut out));
            continue;
        }
        let (name, rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        let rest = rest.trim();
        match name {
            "raw" => {
                let (content, after) = block_content(&body, at, "endraw");
                text.push_str(content);
                at = after;
            }
            "comment" => at = block_content(&body, at, "endcomment").1,
            "highlight" => {
                let (content, after) = block_content(&body, at, "endhighlight");
                let language = rest.split_whitespace().next().unwrap_or("");
                text.push_str(&code_block(language, content));
                at = after;
            }
            "post_url" | "link" => text.push_str(&reference(name, rest, context, &mut out)),
            "include" | "include_relative" => text.push_str(&include(rest, &mut out)),
            "youtube" => {
                let id = unquote(rest.split_whitespace().next().unwrap_or(""));
                let url = format!("https://www.youtube.com/watch?v={id}");
                text.push_str(&embed_link(&url, "Video on YouTube"));
            }
            "vimeo" => {
                let id = unquote(rest.split_whitespace().next().unwrap_or(""));
                text.push_str(&embed_link(
                    &format!("https://vimeo.com/{id}"),
                    "Video on Vimeo",
                ));
            }
            "gist" => {
                let id = unquote(rest.split_whitespace().next().unwrap_or(""));
                let url = format!("https://gist.github.com/{id}");
                text.push_str(&embed_link(&url, "Gist on GitHub"));
            }
            // Control flow, includes, assignments: dropped (a feed has no
            // site templates to run them against); their end tags too.
            name if name.starts_with("end") => {}
            name => out.note_unknown(name),
        }
    }
    text.push_str(&body[at..]);
    out.markdown = kramdown_markup(&text);
    out
}

/// Removes kramdown's own markup (Jekyll's default Markdown): attribute lists
/// (`{: .message }`, `{:#id}`, `{:toc}` with the `* TOC` item it replaces by
/// a table of contents), `{::comment}…{:/comment}` and `{::options … /}`;
/// `{::nomarkdown}…{:/nomarkdown}` keeps its inside. Code is left alone.
fn kramdown_markup(body: &str) -> String {
    let protected = protected_ranges(body);
    let mut text = String::with_capacity(body.len());
    let mut at = 0;
    while let Some(start) = find_outside(body, at, "{:", &protected) {
        let rest = &body[start..];
        let Some(len) = rest.find('}').map(|i| i + 1) else {
            break;
        };
        let markup = &rest[..len];
        if markup.contains('\n') {
            text.push_str(&body[at..start + 2]);
            at = start + 2;
            continue;
        }
        text.push_str(&body[at..start]);
        at = start + len;
        if let Some(extension) = markup.strip_prefix("{::") {
            let name = extension
                .trim_end_matches('}')
                .trim_end_matches('/')
                .split_whitespace()
                .next()
                .unwrap_or("");
            let closer = format!("{{:/{name}}}");
            let self_closing = markup.ends_with("/}");
            if !self_closing && matches!(name, "comment" | "nomarkdown") {
                let inner_end = body[at..].find(&closer).map_or(body.len(), |i| at + i);
                if name == "nomarkdown" {
                    text.push_str(&body[at..inner_end]);
                }
                at = (inner_end + closer.len()).min(body.len());
            }
            continue;
        }
        if markup.starts_with("{:/") {
            continue; // a stray extension closer
        }
        let alone = text.ends_with('\n') || text.is_empty();
        let is_toc = markup
            .trim_start_matches("{:")
            .trim_end_matches('}')
            .split_whitespace()
            .any(|word| word == "toc" || word == ".toc");
        if alone && is_toc {
            drop_last_list_item(&mut text);
        }
        if alone && body[at..].starts_with('\n') {
            at += 1; // the attribute list's own line goes with it
        } else if !alone && body[..start].ends_with(' ') && text.ends_with(' ') {
            text.pop(); // `text {: .x}` leaves no trailing blank
        }
    }
    text.push_str(&body[at..]);
    text
}

/// Drops the last line of `text` when it is a list item (`* TOC`, `1. x`):
/// kramdown replaces a list marked `{:toc}` with a table of contents, which
/// a feed has no headings' ids for.
fn drop_last_list_item(text: &mut String) {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let line_start = body.rfind('\n').map_or(0, |i| i + 1);
    let line = body[line_start..].trim_start();
    let is_item = line.starts_with(['*', '-', '+'])
        || line
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if is_item {
        text.truncate(line_start);
    }
}

/// `{%- x -%}` → `x`.
fn trim_control(inner: &str) -> &str {
    let inner = inner.trim();
    let inner = inner.strip_prefix('-').unwrap_or(inner);
    inner.strip_suffix('-').unwrap_or(inner).trim()
}

/// The text up to `{% end %}` (any spacing) and the offset after it; the
/// rest of the body when it is never closed.
fn block_content<'t>(body: &'t str, from: usize, end: &str) -> (&'t str, usize) {
    let mut at = from;
    while let Some(start) = body[at..].find("{%").map(|i| i + at) {
        let Some(len) = body[start + 2..].find("%}") else {
            break;
        };
        if trim_control(&body[start + 2..start + 2 + len]) == end {
            return (&body[from..start], start + 2 + len + 2);
        }
        at = start + 2;
    }
    (&body[from..], body.len())
}

/// The includes themes ship for figures and videos, which a feed can show:
/// `{% include figure image_path="/x.png" alt="…" caption="…" %}` (Minimal
/// Mistakes), `{% include image.html src=… %}`, `{% include
/// embed/youtube.html id='…' %}` (Chirpy), `{% include video id="…"
/// provider="youtube" %}`. Any other include is dropped with a warning.
fn include(rest: &str, out: &mut Rewritten) -> String {
    let args = split_words(rest);
    let file = args.positional.first().map(String::as_str).unwrap_or("");
    let stem = file
        .rsplit('/')
        .next()
        .unwrap_or(file)
        .trim_end_matches(".html")
        .to_ascii_lowercase();
    let provider = args
        .named("provider")
        .map(str::to_ascii_lowercase)
        .unwrap_or_else(|| stem.clone());
    let id = args.any(&["id", "video_id"]).unwrap_or("").trim();
    let image = args
        .any(&["image_path", "src", "image", "url", "path", "file"])
        .map(str::trim)
        .filter(|src| !src.is_empty());
    match (stem.as_str(), image) {
        ("figure" | "image" | "img" | "picture" | "photo", Some(src)) => {
            let caption = args.any(&["caption", "description", "title"]).unwrap_or("");
            let alt = args.named("alt").unwrap_or(caption);
            figure(src, alt, caption, args.named("link"))
        }
        _ if !id.is_empty() && provider == "youtube" => embed_link(
            &format!("https://www.youtube.com/watch?v={id}"),
            &embed_label(args.named("title"), "Video on YouTube"),
        ),
        _ if !id.is_empty() && provider == "vimeo" => embed_link(
            &format!("https://vimeo.com/{id}"),
            &embed_label(args.named("title"), "Video on Vimeo"),
        ),
        _ => {
            out.note_unknown("include");
            String::new()
        }
    }
}

/// `{% raw %}` markers inside code: Jekyll removes them before Markdown runs.
fn strip_raw_markers(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut at = 0;
    while let Some(start) = code[at..].find("{%").map(|i| i + at) {
        let Some(len) = code[start + 2..].find("%}") else {
            break;
        };
        let inner = trim_control(&code[start + 2..start + 2 + len]);
        out.push_str(&code[at..start]);
        if inner != "raw" && inner != "endraw" {
            out.push_str(&code[start..start + 2 + len + 2]);
        }
        at = start + 2 + len + 2;
    }
    out.push_str(&code[at..]);
    out
}

/// `{% post_url 2010-07-21-name %}`, `{% link _posts/x.md %}` → a URL.
fn reference(tag: &str, rest: &str, context: &Context<'_>, out: &mut Rewritten) -> String {
    let target = split_words(rest)
        .positional
        .into_iter()
        .next()
        .unwrap_or_default();
    if let Some(url) = context.index.resolve(&target, context.page_url) {
        return url;
    }
    let is_page = [".md", ".markdown", ".html", ".mdx"]
        .iter()
        .any(|e| target.to_ascii_lowercase().ends_with(e));
    if tag == "link" && !is_page && !target.is_empty() {
        // A static file (`assets/x.pdf`) is published at its own path.
        let (_, base_path) = split_base(context.base_url);
        return format!("{base_path}/{}", target.trim_start_matches('/'));
    }
    out.note_unresolved(&target);
    unresolved(&target)
}

/// `{{ site.url }}`, `{{ site.baseurl }}`, `{{ "/x" | relative_url }}` and
/// friends; any other expression is dropped and its variable named once.
fn output_expression(inner: &str, context: &Context<'_>, out: &mut Rewritten) -> String {
    let (origin, base_path) = split_base(context.base_url);
    let mut parts = inner.split('|').map(str::trim);
    let head = parts.next().unwrap_or("");
    let value = |expr: &str| -> Option<String> {
        match expr {
            "site.url" => Some(origin.clone()),
            "site.baseurl" => Some(base_path.clone()),
            "site.github.url" => Some(format!("{origin}{base_path}")),
            expr if expr.starts_with(['"', '\'']) => Some(unquote(expr)),
            _ => None,
        }
    };
    let Some(mut result) = value(head) else {
        let variable = head.split_whitespace().next().unwrap_or(head);
        out.note_unknown(&format!("{{{{ {variable} }}}}"));
        // Used as a link's target (`[GitHub]({{ site.github.repo }})`), the
        // link goes and its text stays, rather than pointing at the page.
        return unresolved("");
    };
    for filter in parts {
        let (name, argument) = match filter.split_once(':') {
            Some((name, argument)) => (name.trim(), value(argument.trim()).unwrap_or_default()),
            None => (filter, String::new()),
        };
        result = match name {
            "relative_url" => join_path(&base_path, &result),
            "absolute_url" => format!("{origin}{}", join_path(&base_path, &result)),
            "prepend" => format!("{argument}{result}"),
            "append" => format!("{result}{argument}"),
            _ => result,
        };
    }
    result
}

/// `/blog` + `x/y` → `/blog/x/y`; absolute URLs are kept.
fn join_path(base_path: &str, path: &str) -> String {
    if path.contains("://") {
        return path.to_string();
    }
    format!("{base_path}/{}", path.trim_start_matches('/'))
}
