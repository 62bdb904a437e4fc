//! `cards/index.html`: a static page that previews every card the way a post
//! unfurls when shared — wide cards as a large image above the text, square
//! cards as a thumbnail beside it. Each card carries the flags the card stage
//! set (fallback background, dropped glyphs, cut title, how the hero was
//! placed); radio buttons and a few CSS rules filter by them (no script, no
//! network: the page works wherever it is opened). Text is `dir="auto"` so right-to-left titles
//! read right. Card images are linked relative to the page, so the gallery
//! works from the output folder too.

use std::fmt::Write;

use super::{escape_html, truncate_words, GluePost};
use crate::card::HeroLayout;
use crate::common::CardKind;
use crate::config::Config;

const STYLE: &str = r#"
:root { color-scheme: light dark; --bg: #f4f5f7; --card: #fff; --ink: #0f1419; --muted: #536471; --line: #cfd9de; }
@media (prefers-color-scheme: dark) { :root { --bg: #0b0d10; --card: #16181c; --ink: #e7e9ea; --muted: #8b98a5; --line: #2f3336; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--ink); }
header { padding: 24px 32px 8px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: var(--muted); }
main { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 24px; padding: 24px 32px 48px; align-items: start; }
article { background: var(--card); border: 1px solid var(--line); border-radius: 16px; overflow: hidden; }
article a { color: inherit; text-decoration: none; display: block; }
.wide img { display: block; width: 100%; height: auto; border-bottom: 1px solid var(--line); }
.square a { display: flex; }
.square img { width: 132px; height: 132px; flex: none; border-right: 1px solid var(--line); }
.text { padding: 12px 16px; min-width: 0; }
.domain { color: var(--muted); font-size: 13px; }
.title { font-weight: 600; margin: 2px 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.desc { color: var(--muted); font-size: 14px; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
.facts { color: var(--muted); font-size: 12px; padding: 0 16px 12px; }
.none { padding: 48px 16px; text-align: center; color: var(--muted); border-bottom: 1px solid var(--line); }
.flag { display: inline-block; margin-left: 6px; padding: 1px 7px; border-radius: 9px; font-size: 11px; background: #f4c54a33; color: inherit; border: 1px solid #f4c54a; }
.flag.layout { background: transparent; border-color: var(--line); }
nav { padding: 0 32px; display: flex; flex-wrap: wrap; gap: 8px; }
nav label { font-size: 13px; padding: 4px 12px; border-radius: 14px; border: 1px solid var(--line); background: var(--card); color: var(--ink); cursor: pointer; }
input.filter { position: absolute; opacity: 0; pointer-events: none; }
"#;

/// The CSS that makes the filters work: a checked radio hides the cards
/// without its flag and marks its label. Radios precede `nav` and `main`
/// as siblings so `~` reaches both.
fn filter_css() -> String {
    let mut css = String::new();
    for (f, _) in FILTERS {
        let _ = writeln!(
            css,
            "#f-{f}:checked ~ nav label[for=\"f-{f}\"] {{ background: var(--ink); color: var(--bg); }}\n\
             #f-{f}:focus-visible ~ nav label[for=\"f-{f}\"] {{ outline: 2px solid var(--muted); }}"
        );
        if f != "all" {
            let _ = writeln!(
                css,
                "#f-{f}:checked ~ main article:not([data-flags~=\"{f}\"]) {{ display: none; }}"
            );
        }
    }
    css
}

/// The filters offered: (flag, label).
const FILTERS: [(&str, &str); 7] = [
    ("all", "All"),
    ("fallback", "Fallback background"),
    ("dropped-glyphs", "Dropped glyphs"),
    ("cut-title", "Cut title"),
    ("photo", "Photo"),
    ("banner", "Banner"),
    ("logo", "Logo / small"),
];

/// The flags of a card as space-separated words and as badges.
fn flags_of(card: Option<&crate::pipeline::CardOutput>) -> (String, String) {
    let Some(card) = card else {
        return ("none".into(), String::new());
    };
    let f = &card.flags;
    let layout = match f.layout {
        HeroLayout::None => "no-hero",
        HeroLayout::Photo => "photo",
        HeroLayout::Banner => "banner",
        HeroLayout::Logo | HeroLayout::Small => "logo",
    };
    let mut words = vec![layout];
    let mut badges = format!(
        "<span class=\"flag layout\">{}</span>",
        layout.replace('-', " ")
    );
    for (on, word, label) in [
        (f.fallback, "fallback", "fallback background"),
        (f.dropped_glyphs, "dropped-glyphs", "dropped glyphs"),
        (f.cut_title, "cut-title", "title cut"),
    ] {
        if on {
            words.push(word);
            let _ = write!(badges, "<span class=\"flag\">{label}</span>");
        }
    }
    (words.join(" "), badges)
}

/// Renders the gallery page. `card_dir` is the URL folder the page lives in.
pub fn render(config: &Config, posts: &[GluePost<'_>], card_dir: &str) -> Vec<u8> {
    let domain = config
        .site
        .base_url
        .split("://")
        .nth(1)
        .unwrap_or(&config.site.base_url);
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <title>Cards – {title}</title>\n<style>{STYLE}{filter_css}</style>\n</head>\n<body>\n{radios}\n\
         <header><h1>{title}: social cards</h1><p>{count} posts, shown as they unfurl when shared.</p></header>\n<nav>{filters}</nav>\n<main>\n",
        lang = escape_html(&config.site.language),
        title = escape_html(&config.site.title),
        count = posts.len(),
        filter_css = filter_css(),
        radios = FILTERS
            .iter()
            .map(|(f, _)| format!(
                "<input class=\"filter\" type=\"radio\" name=\"filter\" id=\"f-{f}\"{}>",
                if *f == "all" { " checked" } else { "" }
            ))
            .collect::<String>(),
        filters = FILTERS
            .iter()
            .map(|(f, label)| format!("<label for=\"f-{f}\">{label}</label>"))
            .collect::<String>(),
    );
    for item in posts {
        let post = item.post;
        let kind = item
            .card
            .map_or(post.card_kind.unwrap_or(config.cards.default), |c| c.kind);
        let class = match kind {
            CardKind::Summary => "square",
            CardKind::SummaryLargeImage => "wide",
        };
        let image = match item.card {
            Some(card) => format!(
                "<img src=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\" loading=\"lazy\">",
                escape_html(relative_to(card_dir, &card.url_path)),
                card.width,
                card.height,
                escape_html(&post.card_title)
            ),
            None => "<div class=\"none\">no card drawn</div>".to_string(),
        };
        let facts = item.card.map_or_else(String::new, |card| {
            format!(
                "{} · {}×{} · {} KB",
                kind.as_str(),
                card.width,
                card.height,
                card.bytes.div_ceil(1024)
            )
        });
        let (flag_words, badges) = flags_of(item.card);
        let _ = writeln!(
            html,
            "<article class=\"{class}\" data-flags=\"{flag_words}\"><a href=\"{url}\">{image}<div class=\"text\">\
             <div class=\"domain\">{domain}</div><div class=\"title\" dir=\"auto\">{title}</div>\
             <div class=\"desc\" dir=\"auto\">{desc}</div></div></a><div class=\"facts\">{facts}{badges}</div></article>",
            url = escape_html(item.url),
            domain = escape_html(domain),
            title = escape_html(&post.card_title),
            desc = escape_html(&truncate_words(&post.summary, 200)),
        );
    }
    let _ = write!(html, "</main>\n</body>\n</html>\n");
    html.into_bytes()
}

/// The card's URL relative to the gallery page when it sits in the same
/// folder (the default), else its root-relative path.
fn relative_to<'a>(dir: &str, url_path: &'a str) -> &'a str {
    url_path
        .strip_prefix(dir)
        .and_then(|rest| rest.strip_prefix('/'))
        .filter(|rest| !rest.contains('/'))
        .unwrap_or(url_path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_beside_the_page_are_linked_relatively() {
        assert_eq!(relative_to("/blog/cards", "/blog/cards/a.png"), "a.png");
        assert_eq!(relative_to("/blog/cards", "/other/a.png"), "/other/a.png");
    }

    #[test]
    fn every_filter_is_a_radio_with_a_css_rule_and_no_script() {
        let css = filter_css();
        for (f, _) in FILTERS {
            assert!(css.contains(&format!("#f-{f}:checked ~ nav label[for=\"f-{f}\"]")));
            let hides = css.contains(&format!(
                "#f-{f}:checked ~ main article:not([data-flags~=\"{f}\"]) {{ display: none; }}"
            ));
            assert_eq!(hides, f != "all", "{f}");
        }
        assert!(!css.contains("script"));
    }

    #[test]
    fn flags_become_filter_words_and_badges() {
        assert_eq!(flags_of(None).0, "none");
        let card = crate::pipeline::CardOutput {
            kind: CardKind::SummaryLargeImage,
            url_path: "/c/a.png".into(),
            width: 1200,
            height: 630,
            bytes: 1,
            hash: "h".into(),
            flags: crate::card::CardFlags {
                layout: HeroLayout::Banner,
                fallback: false,
                dropped_glyphs: true,
                cut_title: true,
            },
        };
        let (words, badges) = flags_of(Some(&card));
        assert_eq!(words, "banner dropped-glyphs cut-title");
        assert!(
            badges.contains("dropped glyphs") && badges.contains("title cut"),
            "{badges}"
        );
        assert!(!badges.contains("fallback"), "{badges}");
    }
}
