//! Generator dialects: the shortcodes and template tags that Hugo, Jekyll,
//! Zola and MDX (Astro, Next.js, Docusaurus) posts carry in their bodies,
//! turned into plain Markdown/HTML before the body is rendered.
//!
//! Pure functions, no I/O: [`rewrite`] takes a body, the post's [`Dialect`]
//! and a [`Context`] (the site's [`PostIndex`] for internal references and
//! the base URL) and returns Markdown plus what it could not resolve, so the
//! caller can warn once per unknown name per site. Constructs inside code
//! blocks and code spans are never touched: a post documenting a shortcode
//! shows it literally.
//!
//! Which dialect a post speaks ([`for_post`]): `.mdx` files are MDX; else the
//! configured one; with `auto`, the generator the site's layout names
//! ([`from_layout`]), else the syntax the body uses ([`sniff`]).

mod args;
mod hugo;
mod index;
mod jekyll;
mod mdx;
mod zola;

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag};

pub use index::{IndexEntry, PostIndex};

/// The template language a body is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// Hugo shortcodes: `{{< name >}}`, `{{% name %}}`.
    Hugo,
    /// Jekyll Liquid: `{% tag %}`, `{{ expression }}`.
    Jekyll,
    /// Zola shortcodes: `{{ name(args) }}`, `{% name(args) %}…{% end %}`, `@/` links.
    Zola,
    /// MDX: `import`/`export` lines, JSX components.
    Mdx,
    /// Plain Markdown: nothing rewritten.
    Plain,
}

/// What the site asks for in `[content] dialect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// Decide from the layout, else from each body's syntax.
    Auto,
    /// Always this dialect (`.mdx` files stay MDX).
    Fixed(Dialect),
}

/// A generator's configuration file found beside the posts, for [`from_layout`].
#[derive(Debug, Clone)]
pub struct LayoutFile {
    /// The file's name (`hugo.toml`, `_config.yml`, `config.toml`).
    pub name: String,
    /// Its first bytes, as text (enough to see `baseURL` or `base_url`).
    pub head: String,
}

/// The generator a site's layout names, if one does: `hugo.toml|yaml|json`
/// or a `config.*` with `baseURL` → Hugo; `zola.toml` or a `config.toml` with
/// `base_url` → Zola; `_config.yml` → Jekyll. The first file that decides
/// wins (callers list the nearest folder first).
pub fn from_layout(files: &[LayoutFile]) -> Option<Dialect> {
    files.iter().find_map(|file| {
        let name = file.name.as_str();
        let head = file.head.to_ascii_lowercase();
        match name {
            "hugo.toml" | "hugo.yaml" | "hugo.yml" | "hugo.json" => Some(Dialect::Hugo),
            "zola.toml" => Some(Dialect::Zola),
            "_config.yml" | "_config.yaml" | "_config.toml" => Some(Dialect::Jekyll),
            "config.toml" | "config.yaml" | "config.yml" | "config.json" => {
                // Hugo writes `baseURL` (any case); Zola `base_url`.
                if head.contains("base_url") {
                    Some(Dialect::Zola)
                } else if head.contains("baseurl") {
                    Some(Dialect::Hugo)
                } else {
                    None
                }
            }
            _ => None,
        }
    })
}

/// Whether the site's generator makes URL paths lower case, so a post's
/// slug must be too for its feed links to reach its page: Hugo (unless a
/// site turns it off), Zola (`slugify.paths`) and Astro's content
/// collections do; Jekyll keeps the file name as written.
pub fn lowercases_paths(files: &[LayoutFile]) -> bool {
    let astro = files.iter().any(|f| f.name.starts_with("astro.config."));
    astro || matches!(from_layout(files), Some(Dialect::Hugo | Dialect::Zola))
}

/// The generator a body's own syntax points to, outside code: Hugo
/// delimiters, then Zola's call syntax or `{% end %}` or `@/` links, then
/// Liquid tags or `{{ site.… }}`.
pub fn sniff(body: &str) -> Dialect {
    let protected = protected_ranges(body);
    let has = |pattern: &str| find_outside(body, 0, pattern, &protected).is_some();
    if has("{{<") || has("{{%") {
        return Dialect::Hugo;
    }
    if has("{% end %}") || has("](@/") || zola::has_call(body, &protected) {
        return Dialect::Zola;
    }
    if has("{%") || has("{{ site.") || has("{{site.") {
        return Dialect::Jekyll;
    }
    Dialect::Plain
}

/// The dialect of one post: `.mdx` files are MDX whatever the setting; else
/// the fixed setting; with `auto`, the site's layout, else the body's syntax.
pub fn for_post(setting: Setting, site: Option<Dialect>, path: &Path, body: &str) -> Dialect {
    if is_mdx(path) {
        return Dialect::Mdx;
    }
    match setting {
        Setting::Fixed(dialect) => dialect,
        Setting::Auto => site.unwrap_or_else(|| sniff(body)),
    }
}

/// Whether a file is an MDX post (`.mdx`, any case).
pub fn is_mdx(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("mdx"))
}

/// What a body is rewritten with.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Internal references: source path, bundle name, slug → URL.
    pub index: &'a PostIndex,
    /// The site's absolute base URL, no trailing slash (`https://x.org/blog`).
    pub base_url: &'a str,
    /// The post's own absolute URL (for `#anchor` references).
    pub page_url: &'a str,
}

/// A rewritten body and what could not be rewritten faithfully.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rewritten {
    /// Plain Markdown (with some HTML) for the renderer.
    pub markdown: String,
    /// Shortcode, tag or component names this dialect does not know (each
    /// once, in order of first use); their content was kept or dropped.
    pub unknown: Vec<String>,
    /// Internal references that name no post (each once); left as plain text.
    pub unresolved: Vec<String>,
}

impl Rewritten {
    fn note_unknown(&mut self, name: &str) {
        if !self.unknown.iter().any(|n| n == name) {
            self.unknown.push(name.to_string());
        }
    }

    fn note_unresolved(&mut self, target: &str) {
        if !self.unresolved.iter().any(|n| n == target) {
            self.unresolved.push(target.to_string());
        }
    }
}

/// Rewrites a body written in `dialect` into plain Markdown.
pub fn rewrite(dialect: Dialect, body: &str, context: &Context<'_>) -> Rewritten {
    let mut out = match dialect {
        Dialect::Hugo => hugo::rewrite(body, context),
        Dialect::Jekyll => jekyll::rewrite(body, context),
        Dialect::Zola => zola::rewrite(body, context),
        Dialect::Mdx => mdx::rewrite(body, context),
        Dialect::Plain => Rewritten {
            markdown: body.to_string(),
            ..Rewritten::default()
        },
    };
    out.markdown = unlink_unresolved(&out.markdown);
    out
}

/// The Markdown a summary is made from: the body before a `<!--more-->`
/// divider (or the post's own `excerpt_separator`), with template syntax
/// removed. No index is at hand while parsing, so references become their
/// target text; summaries are plain text, so nothing is lost.
pub fn summary_source(path: &Path, body: &str, separator: Option<&str>) -> String {
    let protected = protected_ranges(body);
    let cut = separator
        .filter(|s| !s.trim().is_empty())
        .and_then(|s| find_outside(body, 0, s, &protected))
        .or_else(|| more_divider(body, &protected))
        .unwrap_or(body.len());
    let head = &body[..cut];
    let dialect = if is_mdx(path) {
        Dialect::Mdx
    } else {
        sniff(head)
    };
    let index = PostIndex::default();
    let context = Context {
        index: &index,
        base_url: "",
        page_url: "",
    };
    rewrite(dialect, head, &context).markdown
}

/// Where a `<!--more-->` divider (any spacing or case) starts, outside code.
fn more_divider(body: &str, protected: &[Range<usize>]) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = find_outside(body, from, "<!--", protected) {
        let rest = &body[at + 4..];
        let end = rest.find("-->")?;
        if rest[..end].trim().eq_ignore_ascii_case("more") {
            return Some(at);
        }
        from = at + 4;
    }
    None
}

/// Byte ranges of code blocks and code spans, where nothing is rewritten.
pub(crate) fn protected_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Parser::new_ext(text, pulldown_cmark::Options::empty())
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_))))
        .map(|(_, range)| range)
        .collect();
    ranges.sort_by_key(|r| r.start);
    ranges
}

/// The next `pattern` at or after `from` that does not start inside a
/// protected range (`protected` sorted by start and not overlapping, as
/// [`protected_ranges`] makes them: found by binary search, so a post of many
/// code spans costs no more per search).
pub(crate) fn find_outside(
    text: &str,
    mut from: usize,
    pattern: &str,
    protected: &[Range<usize>],
) -> Option<usize> {
    while from <= text.len() {
        let at = text.get(from..)?.find(pattern)? + from;
        let before = protected.partition_point(|r| r.start <= at);
        let inside = before
            .checked_sub(1)
            .map(|i| &protected[i])
            .filter(|r| r.contains(&at));
        match inside {
            Some(range) => from = range.end.max(at + 1),
            None => return Some(at),
        }
    }
    None
}

/// `body` with `fix` applied to its code blocks and spans only: a
/// generator's escapes there (Hugo's `{{</* x */>}}`, Liquid's `{% raw %}`)
/// are undone, as the generator would, and the code is then left alone.
pub(crate) fn fix_code(body: &str, fix: impl Fn(&str) -> String) -> String {
    let protected = protected_ranges(body);
    if protected.is_empty() {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    for range in protected {
        if range.start < at {
            continue; // nested in a range already fixed
        }
        out.push_str(&body[at..range.start]);
        out.push_str(&fix(&body[range.clone()]));
        at = range.end;
    }
    out.push_str(&body[at..]);
    out
}

/// Markers around an unresolved reference's target, removed by
/// [`unlink_unresolved`] (private-use characters never found in posts' links).
const UNRESOLVED_OPEN: char = '\u{E000}';
const UNRESOLVED_CLOSE: char = '\u{E001}';

/// Marks a reference that names no post.
fn unresolved(target: &str) -> String {
    format!("{UNRESOLVED_OPEN}{target}{UNRESOLVED_CLOSE}")
}

/// An unresolved reference used as a link target (`[text](⟨x⟩)`) leaves just
/// the link text, so no broken link reaches readers; anywhere else it leaves
/// the target as written.
fn unlink_unresolved(markdown: &str) -> String {
    if !markdown.contains(UNRESOLVED_OPEN) {
        return markdown.to_string();
    }
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(open) = rest.find(UNRESOLVED_OPEN) {
        let after = &rest[open + UNRESOLVED_OPEN.len_utf8()..];
        let Some(close) = after.find(UNRESOLVED_CLOSE) else {
            break;
        };
        let target = &after[..close];
        let tail = &after[close + UNRESOLVED_CLOSE.len_utf8()..];
        let head = &rest[..open];
        // `[text](` + marker + optional title + `)`
        let link = head.trim_end().strip_suffix("](").and_then(|before| {
            let text_start = before.rfind('[')?;
            let end = tail.find(')')?;
            let inside = tail[..end].trim();
            (inside.is_empty() || inside.starts_with('"')).then_some((text_start, before, end))
        });
        match link {
            Some((text_start, before, end)) => {
                out.push_str(&before[..text_start]);
                out.push_str(&before[text_start + 1..]);
                rest = &tail[end + 1..];
            }
            None => {
                out.push_str(head);
                out.push_str(target);
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out.replace([UNRESOLVED_OPEN, UNRESOLVED_CLOSE], "")
}

pub(crate) use crate::common::escape_html;

/// Inline Markdown (a caption) rendered to HTML without the `<p>` around it.
fn inline_markdown(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new(text.trim()));
    let html = html.trim();
    let html = html.strip_prefix("<p>").unwrap_or(html);
    html.strip_suffix("</p>").unwrap_or(html).to_string()
}

/// A figure as its own HTML block: image, optional link around it, optional
/// caption (Markdown allowed, as Hugo and Zola render it).
pub(crate) fn figure(src: &str, alt: &str, caption: &str, link: Option<&str>) -> String {
    let mut img = format!(
        "<img src=\"{}\" alt=\"{}\">",
        escape_html(src),
        escape_html(alt)
    );
    if let Some(link) = link.filter(|l| !l.trim().is_empty()) {
        img = format!("<a href=\"{}\">{img}</a>", escape_html(link));
    }
    let caption = if caption.trim().is_empty() {
        String::new()
    } else {
        format!("<figcaption>{}</figcaption>", inline_markdown(caption))
    };
    format!("\n\n<figure>{img}{caption}</figure>\n\n")
}

/// An embed (video, post, gist) as a paragraph holding a link to it: feed
/// readers do not run embeds.
pub(crate) fn embed_link(url: &str, label: &str) -> String {
    let label = label.replace(['[', ']'], "");
    format!("\n\n[{label}](<{url}>)\n\n")
}

/// A fenced code block that no line of `code` can close early.
pub(crate) fn code_block(language: &str, code: &str) -> String {
    let longest = code
        .lines()
        .map(|line| line.trim_start().chars().take_while(|&c| c == '`').count())
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let code = code.trim_matches('\n');
    let language: String = language
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '+' | '#'))
        .collect();
    format!("\n\n{fence}{language}\n{code}\n{fence}\n\n")
}

/// A `<details>` block whose inner Markdown is still rendered.
pub(crate) fn details(summary: &str, inner: &str) -> String {
    let summary = if summary.trim().is_empty() {
        "Details".to_string()
    } else {
        inline_markdown(summary)
    };
    format!("\n\n<details><summary>{summary}</summary>\n\n{inner}\n\n</details>\n\n")
}

/// The link label for a video or post embed.
pub(crate) fn embed_label(title: Option<&str>, fallback: &str) -> String {
    title
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(fallback)
        .to_string()
}

/// `https://x.org/blog` → (`https://x.org`, `/blog`): Jekyll's `site.url`
/// and `site.baseurl`, which templates concatenate.
pub(crate) fn split_base(base_url: &str) -> (String, String) {
    match url::Url::parse(base_url) {
        Ok(url) if url.has_host() => {
            let origin = url.origin().ascii_serialization();
            let path = url.path().trim_end_matches('/').to_string();
            (origin, path)
        }
        _ => (base_url.trim_end_matches('/').to_string(), String::new()),
    }
}

#[cfg(test)]
mod tests;
