//! Markdown bodies → sanitised HTML with absolute links, and plain-text summaries.
//!
//! Feeds carry post bodies to readers that render them out of the site's
//! context, so the HTML is sanitised (no scripts, no event handlers, no
//! `javascript:` URLs) and every relative `href`/`src` is made absolute
//! against the post's URL. Raw HTML in a body passes through pulldown-cmark
//! and is cleaned by ammonia together with the rest.

use std::borrow::Cow;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use url::Url;

/// Largest rendered HTML (before sanitising) a feed entry carries. Long
/// real posts render to a few hundred KB. The bound also bounds what one post
/// can add to the output: its content is copied into every feed it is in
/// (the site feed and up to 64 category feeds, in three formats), and a
/// 3 MB post of plain text once wrote 570 MB.
const MAX_RENDERED_BYTES: usize = 1024 * 1024;

/// The Markdown extensions posts may use (smart punctuation stays off).
fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Renders a Markdown body to sanitised HTML, links made absolute against `page_url`.
///
/// `page_url` is the post's absolute URL (`https://fil.org/blog/slug`). Its
/// last segment is treated as a folder, because images beside a page bundle's
/// `index.md` are published under the post's URL: `img.png` in the post
/// `https://fil.org/blog/slug` becomes `https://fil.org/blog/slug/img.png`.
/// A URL whose last segment has an extension (`…/slug.html`) is a file, and
/// relative links resolve beside it. Root-relative links (`/x`) resolve
/// against `links.site`, the site's base URL, so a site under a sub-path
/// (`https://user.github.io/myblog/`) keeps them under it; a link that
/// already starts with that sub-path is not given it twice. Fragment-only
/// links (`#fn-1`) resolve against the post's URL itself. If the page URL is
/// not an absolute URL, relative links are left as they are.
pub fn render_html(markdown: &str, links: &LinkBase<'_>) -> String {
    let mut raw = String::with_capacity(markdown.len() + markdown.len() / 4);
    let events = Parser::new_ext(markdown, markdown_options()).map(task_markers_as_text);
    pulldown_cmark::html::push_html(&mut raw, events);
    bounded_sanitize(&raw, links)
}

/// What relative links in a body resolve against.
#[derive(Debug, Clone, Copy)]
pub struct LinkBase<'a> {
    /// The post's absolute URL.
    pub page: &'a str,
    /// The site's base URL (`https://user.github.io/myblog/`), for links that
    /// start with `/`.
    pub site: &'a str,
}

/// Sanitises rendered HTML only when its work is bounded by its size (see
/// `limits.rs`): too deep a tree is replaced by a note (the parse stage
/// refuses such posts already; nesting built by indentation alone is caught
/// here), long text runs are cut for the serialiser.
fn bounded_sanitize(raw: &str, links: &LinkBase<'_>) -> String {
    // Embeds first: an `<iframe>` holds text, not elements, so unclosed ones
    // are no nesting once they are links.
    if raw.len() > MAX_RENDERED_BYTES {
        // Footnote and link storms render to 25 times their size; the
        // sanitiser's tree of that, copied into every feed the post is in,
        // took a 3 MB post to 1.2 GB and 118 MB feeds.
        return format!(
            "<p>(This post is too long to be shown here: its HTML is {} MB; read it on the site.)</p>",
            raw.len() / (1024 * 1024)
        );
    }
    let embeds_as_links = iframes_to_links(raw);
    if super::limits::html_nesting_exceeds(&embeds_as_links).is_some() {
        return "<p>(This post nests its content too deeply to be shown here.)</p>".to_string();
    }
    sanitize(
        &super::limits::split_long_text_runs(&embeds_as_links),
        links,
    )
}

/// Feed readers do not run embeds, and the sanitiser drops `<iframe>`
/// entirely; a link to the embedded page keeps the reader from losing it.
/// (The result is sanitised afterwards, so this scan need not be a parser.)
fn iframes_to_links(html: &str) -> std::borrow::Cow<'_, str> {
    let lower = html.to_ascii_lowercase();
    if !lower.contains("<iframe") {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    // Once no `</iframe` follows, none will: the scans below never look again,
    // so a body of unclosed iframes costs one pass, not one per iframe.
    let mut closers_left = true;
    while let Some(start) = lower[at..].find("<iframe").map(|i| i + at) {
        let Some(tag_end) = lower[start..].find('>').map(|i| i + start + 1) else {
            break;
        };
        let end = if closers_left {
            match lower[tag_end..]
                .find("</iframe")
                .and_then(|i| lower[tag_end + i..].find('>').map(|j| tag_end + i + j + 1))
            {
                Some(end) => end,
                None => {
                    closers_left = false;
                    tag_end
                }
            }
        } else {
            tag_end
        };
        out.push_str(&html[at..start]);
        let tag = &html[start..tag_end];
        if let Some(src) = attribute(tag, "src") {
            let title = attribute(tag, "title").unwrap_or("Embedded content");
            out.push_str(&format!("<p><a href=\"{src}\">{title}</a></p>"));
        }
        at = end;
    }
    out.push_str(&html[at..]);
    std::borrow::Cow::Owned(out)
}

/// The raw value of `name="..."` (or single-quoted) in one HTML start tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name).map(|i| i + from) {
        from = i + name.len();
        let before_ok = lower[..i].ends_with(|c: char| c.is_ascii_whitespace());
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - rest[1..].trim_start().len();
        let quote = tag[value_start..].chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let value = &tag[value_start + 1..];
        return value.find(quote).map(|end| &value[..end]);
    }
    None
}

/// Elements the sanitiser removes together with everything inside them:
/// form controls (a feed is no place to type into, and their text is control
/// data, not prose) and the elements html5ever reads as raw text (whose
/// content would come out as literal markup). `<form>` itself is dropped
/// like any unknown tag, its prose kept.
const DROPPED_WITH_CONTENT: [&str; 10] = [
    "textarea",
    "select",
    "button",
    "option",
    "title",
    "xmp",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Task-list markers as text: a checkbox is a form control, which the
/// sanitiser drops.
fn task_markers_as_text(event: Event<'_>) -> Event<'_> {
    match event {
        Event::TaskListMarker(true) => Event::Text("\u{2611} ".into()),
        Event::TaskListMarker(false) => Event::Text("\u{2610} ".into()),
        other => other,
    }
}

/// Cleans rendered HTML with ammonia, rewriting relative URLs.
fn sanitize(html: &str, links: &LinkBase<'_>) -> String {
    let page = Url::parse(links.page)
        .ok()
        .filter(|u| !u.cannot_be_a_base());
    let folder = page.as_ref().map(folder_base);
    let site = Url::parse(links.site)
        .ok()
        .filter(|u| !u.cannot_be_a_base())
        .map(|u| folder_base(&u));

    let mut builder = ammonia::Builder::default();
    builder
        .add_clean_content_tags(&DROPPED_WITH_CONTENT)
        // Footnote references link to the definitions by id.
        .add_tag_attributes("div", ["id"])
        .add_tag_attributes("li", ["id"])
        .add_tag_attributes("sup", ["id"])
        // Table column alignment is written as an inline style.
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .filter_style_properties(["text-align"].into_iter().collect())
        // A code block's language (`language-python`) lets readers highlight it.
        .add_tag_attributes("code", ["class"])
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("code", "class") => code_language_class(value).map(Cow::Owned),
            _ => Some(Cow::Borrowed(value)),
        });
    builder.url_relative(ammonia::UrlRelative::Custom(Box::new(Absolutize {
        page,
        folder,
        site,
    })));
    builder.clean(html).to_string()
}

/// The `language-…` class of a code element, the only class it keeps.
fn code_language_class(classes: &str) -> Option<String> {
    classes
        .split_whitespace()
        .find(|class| {
            class.strip_prefix("language-").is_some_and(|language| {
                !language.is_empty()
                    && language
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#'))
            })
        })
        .map(str::to_string)
}

/// Makes relative URLs absolute (see [`render_html`]).
struct Absolutize {
    page: Option<Url>,
    folder: Option<Url>,
    /// The site's base URL as a folder (`https://user.github.io/myblog/`).
    site: Option<Url>,
}

impl ammonia::UrlRelativeEvaluate<'_> for Absolutize {
    fn evaluate<'url>(&self, url: &'url str) -> Option<Cow<'url, str>> {
        let (Some(page), Some(folder)) = (&self.page, &self.folder) else {
            return Some(Cow::Borrowed(url));
        };
        let joined = if url.starts_with('#') || url.starts_with('?') {
            page.join(url)
        } else if let (Some(site), Some(rest)) =
            (&self.site, root_relative(url, self.site.as_ref()))
        {
            site.join(rest)
        } else {
            folder.join(url)
        };
        // A URL that cannot be joined is dropped rather than left relative.
        joined.ok().map(|u| Cow::Owned(String::from(u)))
    }
}

/// For a root-relative URL (`/about`, not `//cdn.example/x`), the part to
/// join to the site's base URL: `about`. A URL that already names the site's
/// sub-path (`/myblog/about` under `…/myblog/`) is joined from the origin as
/// written, so the sub-path is not doubled.
fn root_relative<'u>(url: &'u str, site: Option<&Url>) -> Option<&'u str> {
    if !url.starts_with('/') || url.starts_with("//") {
        return None;
    }
    let base_path = site.map_or("/", Url::path);
    if base_path != "/" && (url.starts_with(base_path) || url == base_path.trim_end_matches('/')) {
        return None;
    }
    Some(url.trim_start_matches('/'))
}

/// The URL relative links resolve against: the post's URL as a folder unless
/// its last segment looks like a file name.
fn folder_base(page: &Url) -> Url {
    let path = page.path();
    let last = path.rsplit('/').next().unwrap_or("");
    if path.ends_with('/') || last.contains('.') {
        return page.clone();
    }
    let mut folder = page.clone();
    folder.set_path(&format!("{path}/"));
    folder.set_query(None);
    folder.set_fragment(None);
    folder
}

/// The first paragraph as plain text, cut at a word boundary near `max_chars`.
///
/// Headings, HTML blocks, code blocks, footnote definitions and paragraphs
/// holding only images are skipped; emphasis, inline code and link text are
/// kept; whitespace is collapsed. When the text is longer than `max_chars`
/// characters it is cut at the last word boundary that leaves room for `…`,
/// so the result never exceeds `max_chars` characters.
pub fn summary_from_markdown(markdown: &str, max_chars: usize) -> String {
    // Enough text to fill the summary; the rest of a huge paragraph is not needed.
    let budget = max_chars.saturating_mul(4).saturating_add(64);
    let mut text = String::new();
    let mut in_paragraph = false;
    let mut skip_depth = 0usize; // inside an image or footnote definition
    let mut in_raw_element = false; // between inline <script>/<style> tags
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::InlineHtml(html) => {
                let tag = html.trim_start_matches('<').to_ascii_lowercase();
                if tag.starts_with("script") || tag.starts_with("style") {
                    in_raw_element = true;
                } else if tag.starts_with("/script") || tag.starts_with("/style") {
                    in_raw_element = false;
                }
            }
            _ if in_raw_element => {}
            Event::Start(Tag::Image { .. }) | Event::Start(Tag::FootnoteDefinition(_)) => {
                skip_depth += 1;
            }
            Event::End(TagEnd::Image) | Event::End(TagEnd::FootnoteDefinition) => {
                skip_depth = skip_depth.saturating_sub(1);
            }
            _ if skip_depth > 0 => {}
            Event::Start(Tag::Paragraph) => {
                in_paragraph = true;
                text.clear();
            }
            Event::End(TagEnd::Paragraph) => {
                in_paragraph = false;
                if text.split_whitespace().next().is_some() {
                    break;
                }
            }
            Event::Text(t) | Event::Code(t) if in_paragraph && text.len() < budget => {
                text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak if in_paragraph => text.push(' '),
            _ => {}
        }
    }
    truncate_at_word(&collapse_whitespace(&text), max_chars)
}

/// Trims and turns every run of whitespace into one space.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Cuts `text` to at most `max_chars` characters at a word boundary, ending
/// with `…` when something was cut.
pub(crate) fn truncate_at_word(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    if max_chars == 0 {
        return String::new();
    }
    // Byte index just past the first `max_chars - 1` characters (room for `…`).
    let limit = text
        .char_indices()
        .nth(max_chars - 1)
        .map_or(text.len(), |(i, _)| i);
    let head = &text[..limit];
    // Cut at the last space if the next character starts a new word or the
    // head ends exactly at a word's end.
    let next_is_space = text[limit..].starts_with(char::is_whitespace);
    let cut = if next_is_space {
        head
    } else {
        match head.rfind(char::is_whitespace) {
            Some(i) if i > 0 => &head[..i],
            // One enormous word: cut inside it.
            _ => head,
        }
    };
    let cut = cut.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—".contains(c));
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &LinkBase<'static> = &at("https://blog.example/posts/my-post");

    /// A post at `page` on the site `https://blog.example/`.
    const fn at(page: &str) -> LinkBase<'_> {
        LinkBase {
            page,
            site: "https://blog.example/",
        }
    }

    #[test]
    fn renders_the_usual_extensions() {
        let md = "| a | b |\n|:-:|---|\n| 1 | 2 |\n\n~~old~~ new\n\n- [x] done\n- [ ] todo\n\nText[^n].\n\n[^n]: A note.\n";
        let html = render_html(md, PAGE);
        assert!(html.contains("<table>"), "{html}");
        assert!(
            html.contains("<th style=\"text-align:center\">a</th>"),
            "{html}"
        );
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains("<li>\u{2611} done</li>"), "{html}");
        assert!(html.contains("<li>\u{2610} todo</li>"), "{html}");
        assert!(!html.contains("<input"), "{html}");
        assert!(
            html.contains("href=\"https://blog.example/posts/my-post#n\""),
            "{html}"
        );
        assert!(html.contains("id=\"n\""), "{html}");
    }

    #[test]
    fn form_controls_are_dropped_with_their_content() {
        let md = "<form action=\"https://evil.example/\">Prose <input name=pw type=password> \
                  <textarea>typed</textarea><select><option>opt</option></select>\
                  <button onclick=x>Press</button> stays.</form>\n";
        let html = render_html(md, PAGE);
        for gone in [
            "<form",
            "<input",
            "<textarea",
            "typed",
            "<select",
            "opt",
            "<button",
            "Press",
            "evil",
        ] {
            assert!(!html.contains(gone), "{gone} in {html}");
        }
        assert!(html.contains("Prose"), "{html}");
        assert!(html.contains("stays."), "{html}");
    }

    #[test]
    fn r_hostile_nesting_and_unclosed_iframes_render_in_bounded_work() {
        // Each of these took minutes before (quadratic in pulldown-cmark,
        // html5ever or the iframe scan); now they are linear.
        let deep_list = (0..3000)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect::<String>();
        let html = render_html(&deep_list, PAGE);
        assert!(
            html.contains("too deeply"),
            "{}",
            &html[..200.min(html.len())]
        );
        let iframes = "<iframe src=\"https://v.example/e\">a ".repeat(20_000);
        let html = render_html(&iframes, PAGE);
        assert!(html.contains("href=\"https://v.example/e\""));
        assert!(!html.contains("<iframe"));
        let entities = "&amp;".repeat(200_000);
        let html = render_html(&entities, PAGE);
        assert_eq!(html.matches("&amp;").count(), 200_000);
        assert!(!html.contains("<!--"), "the split comments are stripped");
    }

    #[test]
    fn smart_punctuation_is_off() {
        let html = render_html("\"quoted\" -- dash", PAGE);
        assert!(html.contains("\"quoted\" -- dash"), "{html}");
    }

    #[test]
    fn strips_scripts_handlers_and_javascript_urls() {
        let md = "Hi <script>alert(1)</script>\n\n<img src=\"x.png\" onerror=\"alert(2)\">\n\n[click](javascript:alert(3))\n\n<a href=\"JaVaScRiPt:alert(4)\">x</a>\n\n<div onclick=\"alert(5)\">d</div>\n";
        let html = render_html(md, PAGE);
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script"), "{html}");
        assert!(!lower.contains("alert"), "{html}");
        assert!(!lower.contains("onerror"), "{html}");
        assert!(!lower.contains("onclick"), "{html}");
        assert!(!lower.contains("javascript"), "{html}");
        assert!(html.contains("<div>d</div>"), "{html}");
    }

    #[test]
    fn keeps_ordinary_raw_html_and_code() {
        let md = "<details><summary>More</summary>\n\nHidden *text*\n\n</details>\n\n```rust\nfn main() {}\n```\n";
        let html = render_html(md, PAGE);
        assert!(html.contains("<details><summary>More</summary>"), "{html}");
        assert!(html.contains("<em>text</em>"), "{html}");
        assert!(
            html.contains("<pre><code class=\"language-rust\">fn main() {}"),
            "{html}"
        );
    }

    #[test]
    fn code_keeps_only_its_language_class() {
        let md = "<code class=\"x language-sh\" onclick=\"a()\">ls</code> <code class=\"big\">b</code> <span class=\"language-sh\">s</span>\n";
        let html = render_html(md, PAGE);
        assert!(
            html.contains("<code class=\"language-sh\">ls</code>"),
            "{html}"
        );
        assert!(html.contains("<code>b</code>"), "{html}");
        assert!(html.contains("<span>s</span>"), "{html}");
    }

    #[test]
    fn makes_relative_links_absolute() {
        let md = "![a](img.png) [root](/about) [up](../other) [frag](#part) [q](?page=2) [mail](mailto:me@blog.example) [abs](https://else.example/x) [proto](//cdn.example/y.png)\n";
        let html = render_html(md, PAGE);
        for expected in [
            "src=\"https://blog.example/posts/my-post/img.png\"",
            "href=\"https://blog.example/about\"",
            "href=\"https://blog.example/posts/other\"",
            "href=\"https://blog.example/posts/my-post#part\"",
            "href=\"https://blog.example/posts/my-post?page=2\"",
            "href=\"mailto:me@blog.example\"",
            "href=\"https://else.example/x\"",
            "href=\"https://cdn.example/y.png\"",
        ] {
            assert!(html.contains(expected), "{expected} in {html}");
        }
    }

    #[test]
    fn r_bodies_that_render_huge_are_not_sanitised_or_carried_whole() {
        let storm = format!("{}\n\n[^1]: x\n", "[^1]".repeat(100_000));
        let html = render_html(&storm, PAGE);
        assert!(html.len() < 200, "{}", html.len());
        assert!(html.contains("too long to be shown here"), "{html}");
    }

    #[test]
    fn root_relative_links_stay_under_a_sub_path_site() {
        let links = LinkBase {
            page: "https://user.github.io/myblog/blog/post",
            site: "https://user.github.io/myblog/",
        };
        let md = "[a](/about) ![i](/img/x.png) [b](/myblog/already) [c](/myblog) [d](img.png) [e](//cdn.example/y) [f](/myblogger)\n";
        let html = render_html(md, &links);
        for expected in [
            "href=\"https://user.github.io/myblog/about\"",
            "src=\"https://user.github.io/myblog/img/x.png\"",
            "href=\"https://user.github.io/myblog/already\"",
            "href=\"https://user.github.io/myblog\"",
            "href=\"https://user.github.io/myblog/blog/post/img.png\"",
            "href=\"https://cdn.example/y\"",
            "href=\"https://user.github.io/myblog/myblogger\"",
        ] {
            assert!(html.contains(expected), "{expected} in {html}");
        }
    }

    #[test]
    fn a_page_url_with_a_file_name_resolves_beside_it() {
        let html = render_html("![a](img.png)", &at("https://blog.example/posts/x.html"));
        assert!(
            html.contains("src=\"https://blog.example/posts/img.png\""),
            "{html}"
        );
        let html = render_html("![a](img.png)", &at("https://blog.example/posts/x/"));
        assert!(
            html.contains("src=\"https://blog.example/posts/x/img.png\""),
            "{html}"
        );
    }

    #[test]
    fn a_bad_page_url_leaves_links_alone() {
        let html = render_html("[a](b.html)", &at("not a url"));
        assert!(html.contains("href=\"b.html\""), "{html}");
    }

    #[test]
    fn summary_is_the_first_real_paragraph_as_plain_text() {
        let md = "# Heading\n\n<div>raw block</div>\n\n![only an image](x.png)\n\nThe *first* real   paragraph with `code`\nand a [link](https://x.example) across lines.\n\nSecond paragraph.\n";
        assert_eq!(
            summary_from_markdown(md, 300),
            "The first real paragraph with code and a link across lines."
        );
    }

    #[test]
    fn summary_skips_image_alt_text_and_footnotes() {
        let md = "[^a]: Footnote first.\n\n![alt](i.png) Caption after image[^a].\n";
        assert_eq!(summary_from_markdown(md, 300), "Caption after image.");
    }

    #[test]
    fn embedded_iframes_become_links() {
        let md = "Watch:\n\n<iframe width=\"5\" src=\"https://video.example/embed/x?a=1&amp;b=2\" \
                  title=\"A talk\"></iframe>\n\nAfter.";
        let html = render_html(
            md,
            &LinkBase {
                page: "https://example.com/blog/post",
                site: "https://example.com/",
            },
        );
        assert!(!html.contains("iframe"), "{html}");
        assert!(
            html.contains(r#"<a href="https://video.example/embed/x?a=1&amp;b=2" rel="noopener noreferrer">A talk</a>"#),
            "{html}"
        );
        assert!(html.contains("After."), "{html}");
    }

    #[test]
    fn summary_leaves_out_inline_script_and_style_text() {
        let md = "Marks went in. <script>alert(1)</script> <style>p{}</style>Done.";
        assert_eq!(summary_from_markdown(md, 300), "Marks went in. Done.");
    }

    #[test]
    fn summary_of_a_body_without_paragraphs_is_empty() {
        assert_eq!(summary_from_markdown("", 300), "");
        assert_eq!(summary_from_markdown("## Only a heading\n", 300), "");
    }

    #[test]
    fn summary_is_cut_at_a_word_boundary() {
        let md = "alpha beta gamma delta epsilon";
        assert_eq!(summary_from_markdown(md, 100), md);
        assert_eq!(summary_from_markdown(md, 30), md);
        assert_eq!(summary_from_markdown(md, 29), "alpha beta gamma delta…");
        assert_eq!(summary_from_markdown(md, 17), "alpha beta gamma…");
        assert_eq!(summary_from_markdown(md, 16), "alpha beta…");
        let cut = summary_from_markdown(md, 12);
        assert!(cut.chars().count() <= 12, "{cut}");
        assert_eq!(summary_from_markdown("abcdefghij", 5), "abcd…");
        assert_eq!(summary_from_markdown("abc", 0), "");
    }

    #[test]
    fn truncation_respects_char_boundaries() {
        let text = "ééééé ééééé ééééé";
        for max in 0..20 {
            let cut = truncate_at_word(text, max);
            assert!(cut.chars().count() <= max.max(1), "{max}: {cut}");
        }
        assert_eq!(truncate_at_word("日本語の文章です", 4), "日本語…");
    }

    #[test]
    fn cut_drops_trailing_punctuation_before_the_ellipsis() {
        assert_eq!(truncate_at_word("one, two, three", 10), "one, two…");
    }
}
