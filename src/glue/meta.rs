//! One post's `<meta>` tags: Twitter card and Open Graph, escaped, ready to
//! include in the page's `<head>`.

use std::fmt::Write;

use super::{escape_html, truncate_words, GluePost};
use crate::config::Config;
use crate::post::same_language;

/// X shows at most 200 characters of a description and 420 of an alt text.
const MAX_DESCRIPTION: usize = 200;
const MAX_ALT: usize = 420;

/// Renders the `<meta>` snippet of one post.
pub fn render(config: &Config, item: &GluePost<'_>) -> Vec<u8> {
    let post = item.post;
    let kind = item
        .card
        .map_or(post.card_kind.unwrap_or(config.cards.default), |c| c.kind);
    let description = truncate_words(&post.summary, MAX_DESCRIPTION);
    let alt = truncate_words(
        &format!("{} — {}", post.card_title, config.site.title),
        MAX_ALT,
    );

    let mut tags: Vec<(&str, &str, String)> = vec![
        ("name", "twitter:card", kind.as_str().to_string()),
        ("name", "twitter:title", post.card_title.clone()),
        ("name", "twitter:description", description.clone()),
    ];
    if let Some(url) = item.card_url {
        tags.push(("name", "twitter:image", url.to_string()));
        tags.push(("name", "twitter:image:alt", alt.clone()));
    }
    tags.extend([
        ("property", "og:type", "article".to_string()),
        ("property", "og:site_name", config.site.title.clone()),
        ("property", "og:url", item.url.to_string()),
        ("property", "og:title", post.card_title.clone()),
        ("property", "og:description", description),
    ]);
    if let (Some(url), Some(card)) = (item.card_url, item.card) {
        tags.extend([
            ("property", "og:image", url.to_string()),
            ("property", "og:image:type", "image/png".to_string()),
            ("property", "og:image:width", card.width.to_string()),
            ("property", "og:image:height", card.height.to_string()),
            ("property", "og:image:alt", alt),
        ]);
    }
    tags.push((
        "property",
        "article:published_time",
        post.published.to_rfc3339(),
    ));
    tags.push((
        "property",
        "article:modified_time",
        post.updated.to_rfc3339(),
    ));
    if let Some(category) = post.categories.first() {
        tags.push(("property", "article:section", category.clone()));
    }

    let mut html = String::new();
    for (attribute, name, content) in tags {
        let _ = writeln!(
            html,
            r#"<meta {attribute}="{name}" content="{}">"#,
            escape_html(&content)
        );
    }
    html.push_str(&language_alternates(config, item));
    html.into_bytes()
}

/// The post's language and its translations: `og:locale`,
/// `og:locale:alternate` per translation, and a `<link rel="alternate"
/// hreflang>` for every version (itself included, as Google asks) plus
/// `x-default` for the default language's version. Empty for a post in the
/// site's language with no translation, so monolingual sites are unchanged.
///
/// Links are sorted by language tag, so every translation's snippet lists the
/// same set in the same order.
pub fn language_alternates(config: &Config, item: &GluePost<'_>) -> String {
    let post = item.post;
    if item.translations.is_empty() && same_language(&post.lang, &config.site.language) {
        return String::new();
    }
    let mut html = String::new();
    let meta = |html: &mut String, property: &str, content: &str| {
        let _ = writeln!(
            html,
            r#"<meta property="{property}" content="{}">"#,
            escape_html(content)
        );
    };
    meta(&mut html, "og:locale", &og_locale(&post.lang));
    for translation in item.translations {
        meta(
            &mut html,
            "og:locale:alternate",
            &og_locale(translation.lang),
        );
    }
    let mut versions: Vec<(&str, &str)> = item
        .translations
        .iter()
        .map(|t| (t.lang, t.url))
        .chain([(post.lang.as_str(), item.url)])
        .collect();
    versions.sort();
    let default = versions
        .iter()
        .find(|(lang, _)| same_language(lang, &config.site.language))
        .map(|&(_, url)| ("x-default", url));
    for (lang, url) in versions.iter().copied().chain(default) {
        let _ = writeln!(
            html,
            r#"<link rel="alternate" hreflang="{}" href="{}">"#,
            escape_html(lang),
            escape_html(url)
        );
    }
    html
}

/// Open Graph's `language_TERRITORY` form of a BCP 47 tag: the tag's own
/// region when it has one (`pt-BR` → `pt_BR`, `es-419` → `es_419`); else the
/// region Unicode CLDR's likely-subtags data gives the language (`es` →
/// `es_ES`, `en` → `en_US`, `zh-Hant` → `zh_TW`), for the languages listed
/// below; else the bare language subtag (`eo`), which Facebook reads as the
/// language alone.
pub fn og_locale(tag: &str) -> String {
    let mut subtags = tag.split(['-', '_']);
    let language = subtags.next().unwrap_or_default().to_ascii_lowercase();
    let mut script = None;
    for sub in subtags {
        match sub.len() {
            4 if sub.bytes().all(|b| b.is_ascii_alphabetic()) => {
                script = Some(sub.to_ascii_lowercase())
            }
            2 => return format!("{language}_{}", sub.to_ascii_uppercase()),
            3 if sub.bytes().all(|b| b.is_ascii_digit()) => return format!("{language}_{sub}"),
            _ => {}
        }
    }
    let region = match (language.as_str(), script.as_deref()) {
        ("zh", Some("hant")) => Some("TW"),
        ("sr", Some("latn")) => Some("RS"),
        (language, _) => LIKELY_REGION
            .iter()
            .find(|(l, _)| *l == language)
            .map(|&(_, r)| r),
    };
    match region {
        Some(region) => format!("{language}_{region}"),
        None => language,
    }
}

/// The likely region of common languages (CLDR likelySubtags).
const LIKELY_REGION: &[(&str, &str)] = &[
    ("af", "ZA"),
    ("ar", "EG"),
    ("az", "AZ"),
    ("be", "BY"),
    ("bg", "BG"),
    ("bn", "BD"),
    ("bs", "BA"),
    ("ca", "ES"),
    ("cs", "CZ"),
    ("cy", "GB"),
    ("da", "DK"),
    ("de", "DE"),
    ("el", "GR"),
    ("en", "US"),
    ("es", "ES"),
    ("et", "EE"),
    ("eu", "ES"),
    ("fa", "IR"),
    ("fi", "FI"),
    ("fil", "PH"),
    ("fr", "FR"),
    ("ga", "IE"),
    ("gl", "ES"),
    ("gu", "IN"),
    ("he", "IL"),
    ("hi", "IN"),
    ("hr", "HR"),
    ("hu", "HU"),
    ("hy", "AM"),
    ("id", "ID"),
    ("is", "IS"),
    ("it", "IT"),
    ("ja", "JP"),
    ("ka", "GE"),
    ("kk", "KZ"),
    ("km", "KH"),
    ("kn", "IN"),
    ("ko", "KR"),
    ("lt", "LT"),
    ("lv", "LV"),
    ("mk", "MK"),
    ("ml", "IN"),
    ("mn", "MN"),
    ("mr", "IN"),
    ("ms", "MY"),
    ("nb", "NO"),
    ("ne", "NP"),
    ("nl", "NL"),
    ("nn", "NO"),
    ("no", "NO"),
    ("pa", "IN"),
    ("pl", "PL"),
    ("pt", "BR"),
    ("ro", "RO"),
    ("ru", "RU"),
    ("sk", "SK"),
    ("sl", "SI"),
    ("sq", "AL"),
    ("sr", "RS"),
    ("sv", "SE"),
    ("sw", "TZ"),
    ("ta", "IN"),
    ("te", "IN"),
    ("th", "TH"),
    ("tr", "TR"),
    ("uk", "UA"),
    ("ur", "PK"),
    ("uz", "UZ"),
    ("vi", "VN"),
    ("zh", "CN"),
    ("zu", "ZA"),
];

#[cfg(test)]
mod language_tests {
    use super::*;

    #[test]
    fn og_locales_use_the_region_given_or_the_likely_one() {
        assert_eq!(og_locale("es"), "es_ES");
        assert_eq!(og_locale("pt-BR"), "pt_BR");
        assert_eq!(og_locale("en"), "en_US");
        assert_eq!(og_locale("zh-Hant"), "zh_TW");
        assert_eq!(og_locale("es-419"), "es_419");
        assert_eq!(og_locale("ca"), "ca_ES");
        assert_eq!(og_locale("eo"), "eo");
    }
}
