//! The date on a card, in the post's language.
//!
//! Month names and CJK date order come from CLDR-derived glibc locale data
//! (`chrono`'s `unstable-locales`, backed by `pure-rust-locales`), so no
//! table of month names lives here. The crate is pinned in `Cargo.lock`, and
//! the date string is part of each card's cache key, so a change in that
//! data redraws the cards it touches and nothing else.

use chrono::{Locale, NaiveDate};

/// `date` as a card shows it, for a post in `lang` (a BCP 47 tag): "3 Dec
/// 2026" in English (and any language the locale data lacks), "3 déc. 2026",
/// "3 Dez 2026", and the locale's own order for Chinese, Japanese and Korean
/// ("2026年12月03日").
pub fn card_date(date: NaiveDate, lang: &str) -> String {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if primary == "en" || primary.is_empty() {
        return date.format("%-d %b %Y").to_string();
    }
    let Some(locale) = locale_for(lang, &primary) else {
        return date.format("%-d %b %Y").to_string();
    };
    let pattern = match primary.as_str() {
        "ja" | "zh" | "ko" => "%x",
        _ => "%-d %b %Y",
    };
    date.format_localized(pattern, locale).to_string()
}

/// The glibc locale for a tag: the tag itself (`pt-BR` → `pt_BR`), else the
/// language in its home country (`fr` → `fr_FR`), else the first locale of
/// that language.
fn locale_for(lang: &str, primary: &str) -> Option<Locale> {
    let exact = lang.replace('-', "_");
    let home = format!("{primary}_{}", primary.to_ascii_uppercase());
    Locale::try_from(exact.as_str())
        .or_else(|_| Locale::try_from(home.as_str()))
        .ok()
        .or_else(|| {
            let prefix = format!("{primary}_");
            pure_locales()
                .find(|name| name.starts_with(&prefix))
                .and_then(|name| Locale::try_from(name).ok())
        })
}

/// Locales to fall back on for languages whose home country code differs
/// from the language code.
fn pure_locales() -> impl Iterator<Item = &'static str> {
    [
        "ja_JP", "zh_CN", "ko_KR", "sv_SE", "da_DK", "cs_CZ", "el_GR", "he_IL", "uk_UA", "ca_ES",
        "eu_ES", "gl_ES", "hi_IN", "bn_IN", "ta_IN", "vi_VN", "fa_IR", "ar_EG", "nb_NO", "nn_NO",
        "et_EE", "sl_SI", "sr_RS", "ga_IE", "cy_GB", "ms_MY", "ur_PK",
    ]
    .into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    #[test]
    fn dates_follow_the_posts_language() {
        assert_eq!(card_date(d(), "en"), "3 Dec 2026");
        assert_eq!(card_date(d(), "en-GB"), "3 Dec 2026");
        assert_eq!(card_date(d(), "fr"), "3 déc. 2026");
        assert_eq!(card_date(d(), "es"), "3 dic 2026");
        assert!(
            card_date(d(), "ja").starts_with("2026年12月"),
            "{}",
            card_date(d(), "ja")
        );
        // An unknown language reads as English rather than failing.
        assert_eq!(card_date(d(), "tlh"), "3 Dec 2026");
    }

    /// Kept from the hand-written table this module replaced: empty, unknown
    /// and upper-case tags, region subtags and the non-Latin scripts the
    /// cards draw (the month must come out in the language's own script).
    #[test]
    fn tags_of_every_shape_resolve() {
        assert_eq!(card_date(d(), ""), "3 Dec 2026");
        assert_eq!(card_date(d(), "xx"), "3 Dec 2026");
        assert_eq!(card_date(d(), "EN"), "3 Dec 2026");
        assert_eq!(card_date(d(), "RU"), card_date(d(), "ru"));
        assert_eq!(card_date(d(), "fr-CA"), "3 déc 2026");
        assert_eq!(card_date(d(), "pt-BR"), "3 dez 2026");
        assert_eq!(card_date(d(), "de"), "3 Dez 2026");
        assert_eq!(card_date(d(), "ko"), "2026년 12월 03일");
        let in_script = |lang: &str, block: std::ops::RangeInclusive<char>| {
            let date = card_date(d(), lang);
            assert!(date.chars().any(|c| block.contains(&c)), "{lang}: {date}");
        };
        in_script("ru", '\u{0400}'..='\u{04FF}');
        in_script("ar", '\u{0600}'..='\u{06FF}');
        in_script("fa", '\u{0600}'..='\u{06FF}');
        in_script("he", '\u{0590}'..='\u{05FF}');
        in_script("hi", '\u{0900}'..='\u{097F}');
    }
}
