//! MDX (Astro, Next.js, Docusaurus): `import`/`export` statements removed,
//! `{expressions}` and `{/* comments */}` dropped, JSX components replaced
//! by their children; `<Image>`, `<Figure>`, `<YouTube>` mapped like the
//! shortcodes. Lowercase tags are HTML and stay for the sanitiser.

use std::collections::BTreeMap;
use std::ops::Range;

use super::args::unquote;
use super::{embed_link, figure, find_outside, protected_ranges, Context, Rewritten};

/// Rewrites an MDX body into Markdown.
pub(super) fn rewrite(body: &str, _context: &Context<'_>) -> Rewritten {
    let mut out = Rewritten::default();
    let (body, imports) = remove_statements(body);
    let body = components(&body, &imports, &mut out);
    let body = remove_expressions(&body);
    out.markdown = admonitions(&body);
    out
}

/// Docusaurus (and remark-directive) admonitions: `:::tip[Title]` or
/// `:::tip Title` opens, `:::` closes. The fences go; a bold title (the
/// given one, else the kind: `Tip`) heads the content, which stays.
fn admonitions(body: &str) -> String {
    let protected = protected_ranges(body);
    let mut out = String::with_capacity(body.len());
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let in_code = protected.iter().any(|r| r.contains(&start));
        let fence = line.trim();
        let Some(rest) = fence.strip_prefix(":::").filter(|_| !in_code) else {
            out.push_str(line);
            continue;
        };
        let rest = rest.trim_start_matches(':');
        let kind_len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        let (kind, after) = rest.split_at(kind_len);
        if kind.is_empty() {
            if after.trim().is_empty() {
                out.push('\n'); // a closing fence
            } else {
                out.push_str(line);
            }
            continue;
        }
        let after = after.trim();
        let title = match after.strip_prefix('[') {
            Some(bracketed) => bracketed.split(']').next().unwrap_or("").trim(),
            None if !after.starts_with('{') => after,
            None => "",
        };
        let title = if title.is_empty() {
            let mut chars = kind.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        } else {
            title.to_string()
        };
        out.push_str(&format!("\n**{title}**\n\n"));
    }
    out
}

/// Removes top-level `import`/`export` statements (outside code), and
/// returns the default imports (`import hero from './hero.png'` → hero →
/// ./hero.png) so `src={hero}` can name the file.
fn remove_statements(body: &str) -> (String, BTreeMap<String, String>) {
    let protected = protected_ranges(body);
    let mut imports = BTreeMap::new();
    let mut out = String::with_capacity(body.len());
    let mut depth = 0i32;
    let mut in_statement = false;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let in_code = protected.iter().any(|r| r.contains(&start));
        if !in_statement && !in_code && (line.starts_with("import ") || line.starts_with("export "))
        {
            in_statement = true;
            depth = 0;
            if let Some((name, from)) = default_import(line) {
                imports.insert(name, from);
            }
        }
        if !in_statement {
            out.push_str(line);
            continue;
        }
        depth += bracket_balance(line);
        let trimmed = line.trim_end();
        let continues = trimmed.ends_with([',', '{', '(', '[', '=']) || trimmed.is_empty();
        if depth <= 0 && !continues {
            in_statement = false;
        }
    }
    (out, imports)
}

/// `import name from "path"` → (name, path).
fn default_import(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix("import ")?.trim();
    let (name, from) = rest.split_once(" from ")?;
    let name = name.trim();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
    {
        return None;
    }
    let from = unquote(from.trim().trim_end_matches(';'));
    Some((name.to_string(), from))
}

/// Opening minus closing brackets on a line (quotes ignored: good enough for
/// statements, which are code the feed drops anyway).
fn bracket_balance(line: &str) -> i32 {
    line.chars()
        .map(|c| match c {
            '{' | '(' | '[' => 1,
            '}' | ')' | ']' => -1,
            _ => 0,
        })
        .sum()
}

/// One JSX tag: its name (empty for a fragment), attributes, kind, extent.
struct JsxTag {
    name: String,
    attributes: Vec<(String, String)>,
    closing: bool,
    self_closing: bool,
    end: usize,
}

impl JsxTag {
    fn attribute(&self, names: &[&str]) -> Option<&str> {
        names.iter().find_map(|name| {
            self.attributes
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, v)| v.as_str())
        })
    }
}

/// Replaces components by their children (known ones by their HTML).
fn components(body: &str, imports: &BTreeMap<String, String>, out: &mut Rewritten) -> String {
    let protected = protected_ranges(body);
    let mut text = String::with_capacity(body.len());
    let mut at = 0;
    // Components open on a line of their own: (name, where their children
    // start in `text`), to dedent the children when the component closes.
    let mut open_blocks: Vec<(String, usize)> = Vec::new();
    while let Some(start) = find_outside(body, at, "<", &protected) {
        let Some(tag) = parse_tag(body, start, imports) else {
            text.push_str(&body[at..start + 1]);
            at = start + 1;
            continue;
        };
        text.push_str(&body[at..start]);
        at = tag.end;
        let alone = alone_on_line(body, start, tag.end);
        if tag.closing {
            if let Some(open) = open_blocks.iter().rposition(|(name, _)| *name == tag.name) {
                let (_, children) = open_blocks.remove(open);
                if alone {
                    let dedented = dedent(&text[children..]);
                    text.truncate(children);
                    text.push_str(&dedented);
                }
            }
            continue;
        }
        if alone && !tag.self_closing {
            open_blocks.push((tag.name.clone(), text.len()));
        }
        match tag.name.rsplit('.').next().unwrap_or("") {
            "Image" | "Img" | "Picture" => {
                let src = tag.attribute(&["src"]).unwrap_or("");
                let alt = tag.attribute(&["alt"]).unwrap_or("");
                text.push_str(&format!(
                    "<img src=\"{}\" alt=\"{}\">",
                    super::escape_html(src),
                    super::escape_html(alt)
                ));
            }
            "Figure" => {
                let src = tag.attribute(&["src", "image"]).unwrap_or("");
                let caption = tag.attribute(&["caption", "title"]).unwrap_or("");
                let alt = tag.attribute(&["alt"]).unwrap_or(caption);
                text.push_str(&figure(src, alt, caption, tag.attribute(&["link", "href"])));
            }
            "YouTube" | "Youtube" | "YoutubeEmbed" | "LiteYouTube" | "LiteYouTubeEmbed" => {
                let id = tag.attribute(&["id", "videoId", "videoid"]).unwrap_or("");
                let url = tag
                    .attribute(&["url", "src"])
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("https://www.youtube.com/watch?v={id}"));
                let label = tag.attribute(&["title"]).unwrap_or("Video on YouTube");
                text.push_str(&embed_link(&url, label));
            }
            name if tag.self_closing && !name.is_empty() => out.note_unknown(&format!("<{name}>")),
            _ => {} // children follow and are kept
        }
    }
    text.push_str(&body[at..]);
    text
}

/// Whether only blanks share the line with `body[start..end]`.
fn alone_on_line(body: &str, start: usize, end: usize) -> bool {
    let line_start = body[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = body[end..].find('\n').map_or(body.len(), |i| end + i);
    body[line_start..start].trim().is_empty() && body[end..line_end].trim().is_empty()
}

/// Children indented under their component (`<Note>\n\tText\n</Note>`)
/// lose the indentation they share: MDX has no indented code blocks, but
/// Markdown would make one of them once the component is gone.
fn dedent(children: &str) -> String {
    let indent = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    let common = children
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(indent)
        .min()
        .unwrap_or(0);
    if common == 0 {
        return children.to_string();
    }
    children
        .split_inclusive('\n')
        .map(|line| &line[indent(line).min(common)..])
        .collect()
}

/// A component tag at `start` (`<Name …>`, `</Name>`, `<Name />`, `<>`,
/// `</>`); lowercase names are HTML and give `None`.
fn parse_tag(body: &str, start: usize, imports: &BTreeMap<String, String>) -> Option<JsxTag> {
    let rest = &body[start + 1..];
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let name_len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '_'))
        .unwrap_or(rest.len());
    let name = &rest[..name_len];
    let is_fragment = name.is_empty() && rest.starts_with('>');
    if !is_fragment && !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let attrs_start = body.len() - rest.len() + name_len;
    let (attributes, end, self_closing) = parse_attributes(body, attrs_start, imports)?;
    Some(JsxTag {
        name: name.to_string(),
        attributes,
        closing,
        self_closing,
        end,
    })
}

/// Attributes up to `>` or `/>`: `a="x"`, `a='x'`, `a={expr}`, bare `a`.
/// Returns them, the offset after the tag and whether it closed itself.
type ParsedAttributes = (Vec<(String, String)>, usize, bool);

fn parse_attributes(
    body: &str,
    from: usize,
    imports: &BTreeMap<String, String>,
) -> Option<ParsedAttributes> {
    let mut attributes = Vec::new();
    let mut i = from;
    let bytes = body.as_bytes();
    loop {
        while i < body.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let rest = body.get(i..)?;
        if rest.starts_with("/>") {
            return Some((attributes, i + 2, true));
        }
        if rest.starts_with('>') {
            return Some((attributes, i + 1, false));
        }
        if rest.starts_with('{') {
            // `{...spread}`
            i += balanced(rest, '{', '}')?;
            continue;
        }
        let key_len = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/'))
            .unwrap_or(rest.len());
        if key_len == 0 {
            return None;
        }
        let key = rest[..key_len].to_string();
        i += key_len;
        let rest = &body[i..];
        let Some(value) = rest.strip_prefix('=') else {
            attributes.push((key, "true".into()));
            continue;
        };
        i += 1;
        let value_text = value.trim_start();
        i += value.len() - value_text.len();
        let (value, len) = if let Some(q) = value_text
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\''))
        {
            let end = value_text[1..].find(q)? + 2;
            (value_text[1..end - 1].to_string(), end)
        } else if value_text.starts_with('{') {
            let len = balanced(value_text, '{', '}')?;
            let expr = value_text[1..len - 1].trim();
            let value = imports.get(expr).cloned().unwrap_or_else(|| unquote(expr));
            (value, len)
        } else {
            return None;
        };
        attributes.push((key, value));
        i += len;
    }
}

/// The length of a balanced `{…}` at the start of `text` (quotes respected).
fn balanced(text: &str, open: char, close: char) -> Option<usize> {
    let (mut depth, mut quote) = (0i32, None);
    for (i, c) in text.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            c if c == open => depth += 1,
            c if c == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + c.len_utf8());
                }
            }
            _ => {}
        }
    }
    None
}

/// Drops `{expressions}` and `{/* comments */}` outside code.
fn remove_expressions(body: &str) -> String {
    let protected: Vec<Range<usize>> = protected_ranges(body);
    let mut text = String::with_capacity(body.len());
    let mut at = 0;
    while let Some(start) = find_outside(body, at, "{", &protected) {
        text.push_str(&body[at..start]);
        match balanced(&body[start..], '{', '}') {
            Some(len) => at = start + len,
            None => {
                text.push('{');
                at = start + 1;
            }
        }
    }
    text.push_str(&body[at..]);
    text
}
