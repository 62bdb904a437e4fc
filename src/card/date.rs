//! The date on a card, in the post's language.
//!
//! Month names and CJK date order come from CLDR-derived glibc locale data
//! (`chrono`'s `unstable-locales`, backed by `pure-rust-locales`), so no
//! table of month names lives here. The crate is pinned in `Cargo.lock`, and
//! the date string is part of each card's cache key, so a change in that
//! data redraws the cards it touches and nothing else.

use chrono::{Locale, NaiveDate};

/// `date` as a card shows it, for a post in `lang` (a BCP 47 tag), in the
/// form a reader of that language writes a date in running text:
///
/// * English and any language the locale data lacks: "3 Dec 2026".
/// * Chinese (Simplified and Traditional alike) and Japanese "2026年12月3日",
///   Korean "2026년 12월 3일": no zero padding, no era ("西元") and no
///   weekday, which the locales' `%x` added for `zh-TW` and `zh-HK`.
/// * Languages whose abbreviated month names are not in use, or look cut off
///   (Arabic "مار", Tamil "மார்."): the full name, "3 مارس 2026",
///   "3 मार्च 2026"; Hebrew with its preposition, "3 במרץ 2026".
/// * German "3. Dez 2026", Czech and Slovak "3. 12. 2026", Finnish
///   "3.12.2026", Hungarian "2026. dec. 3.", Vietnamese "3 tháng 12, 2026".
/// * Otherwise the locale's abbreviated month: "3 déc. 2026", "3 dic 2026".
pub fn card_date(date: NaiveDate, lang: &str) -> String {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let english = || date.format("%-d %b %Y").to_string();
    // Numeric patterns need no month names, so no locale.
    let numeric = match primary.as_str() {
        "ja" | "zh" | "yue" => Some("%Y年%-m月%-d日"),
        "ko" => Some("%Y년 %-m월 %-d일"),
        "cs" | "sk" => Some("%-d. %-m. %Y"),
        "fi" => Some("%-d.%-m.%Y"),
        "vi" => Some("%-d tháng %-m, %Y"),
        _ => None,
    };
    if let Some(pattern) = numeric {
        return date.format(pattern).to_string();
    }
    if primary == "en" || primary.is_empty() {
        return english();
    }
    let Some(locale) = locale_for(lang, &primary) else {
        return english();
    };
    let pattern = match primary.as_str() {
        "he" | "iw" => "%-d ב%B %Y",
        "de" => "%-d. %b %Y",
        "hu" => "%Y. %b. %-d.",
        p if FULL_MONTH.contains(&p) => "%-d %B %Y",
        _ => "%-d %b %Y",
    };
    date.format_localized(pattern, locale).to_string()
}

/// Languages written with the full month name: their locales' abbreviations
/// are not how dates are written (Arabic-script, Indic and other non-Latin
/// scripts, where a clipped month reads as a typo).
const FULL_MONTH: &[&str] = &[
    "ar", "fa", "ur", "ps", "sd", "ckb", "ug", "hi", "bn", "ta", "te", "kn", "ml", "mr", "gu",
    "pa", "ne", "si", "or", "as", "ka", "hy", "am", "ti", "km", "lo", "my",
];

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
        "et_EE", "sl_SI", "sr_RS", "ga_IE", "cy_GB", "ms_MY", "ur_PK", "ka_GE", "hy_AM", "am_ET",
        "km_KH", "lo_LA", "my_MM", "te_IN", "kn_IN", "ml_IN", "mr_IN", "gu_IN", "pa_IN", "ne_NP",
        "si_LK", "or_IN", "as_IN", "ti_ET", "ps_AF", "sd_IN", "ckb_IQ", "ug_CN",
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
        assert_eq!(card_date(d(), "de"), "3. Dez 2026");
        assert_eq!(card_date(d(), "ko"), "2026년 12월 3일");
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

    /// One date in every language the cards draw a script for, as a reader
    /// of it writes one (checked against CLDR's medium or long formats).
    #[test]
    fn dates_read_naturally_in_each_language() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        let cases = [
            ("ja", "2026年3月5日"),
            ("zh", "2026年3月5日"),
            ("zh-Hans", "2026年3月5日"),
            ("zh-CN", "2026年3月5日"),
            ("zh-Hant", "2026年3月5日"),
            ("zh-TW", "2026年3月5日"),
            ("zh-HK", "2026年3月5日"),
            ("zh-Hant-TW", "2026年3月5日"),
            ("ko", "2026년 3월 5일"),
            ("ar", "5 مارس 2026"),
            ("fa", "5 مارس 2026"),
            ("he", "5 במרץ 2026"),
            ("hi", "5 मार्च 2026"),
            ("bn", "5 মার্চ 2026"),
            ("ta", "5 மார்ச் 2026"),
            ("th", "5 มี.ค. 2026"),
            ("de", "5. Mär 2026"),
            ("cs", "5. 3. 2026"),
            ("fi", "5.3.2026"),
            ("hu", "2026. márc. 5."),
            ("vi", "5 tháng 3, 2026"),
            ("fr", "5 mars 2026"),
            ("ru", "5 мар 2026"),
        ];
        for (lang, want) in cases {
            assert_eq!(card_date(d, lang), want, "{lang}");
        }
        // Scripts whose locales the home-country guess missed: no longer English.
        for (lang, block) in [
            ("ka", '\u{10A0}'..='\u{10FF}'),
            ("hy", '\u{0530}'..='\u{058F}'),
            ("am", '\u{1200}'..='\u{137F}'),
        ] {
            let date = card_date(d, lang);
            assert!(date.chars().any(|c| block.contains(&c)), "{lang}: {date}");
        }
    }
}
