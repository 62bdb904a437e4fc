//! The date on a card, in the site's language.
//!
//! A small table of our own (CLDR's medium or long date format for each
//! language, written out by hand) rather than a locale crate: fourteen
//! languages, twelve months each, and the output must never change under us,
//! since it is part of every card's cache key. An unknown language gets English.

use chrono::{Datelike, NaiveDate};

/// Formats `date` for a site whose `language` is a BCP 47 tag (`en`, `pt-BR`,
/// `zh_TW`; only the primary subtag matters), e.g. "3 Dec 2026", "3 déc. 2026",
/// "3. Dez. 2026", "2026年12月3日".
pub fn format_card_date(date: NaiveDate, language: &str) -> String {
    let lang = language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let (d, m, y) = (date.day(), date.month0() as usize, date.year());
    match lang.as_str() {
        "fr" => format!("{d} {} {y}", FR[m]),
        "de" => format!("{d}. {} {y}", DE[m]),
        "es" => format!("{d} {} {y}", ES[m]),
        "it" => format!("{d} {} {y}", IT[m]),
        "pt" => format!("{d} de {} de {y}", PT[m]),
        "nl" => format!("{d} {} {y}", NL[m]),
        "ru" => format!("{d} {} {y} г.", RU[m]),
        "ja" | "zh" => format!("{y}年{}月{d}日", m + 1),
        "ko" => format!("{y}년 {}월 {d}일", m + 1),
        "ar" => arabic_digits(&format!("{d} {} {y}", AR[m])),
        "he" => format!("{d} ב{} {y}", HE[m]),
        "hi" => format!("{d} {} {y}", HI[m]),
        _ => format!("{d} {} {y}", EN[m]),
    }
}

const EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const FR: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];
const DE: [&str; 12] = [
    "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez.",
];
const ES: [&str; 12] = [
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
];
const IT: [&str; 12] = [
    "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic",
];
const PT: [&str; 12] = [
    "jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.", "dez.",
];
const NL: [&str; 12] = [
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];
/// Genitive abbreviations, as after a day number.
const RU: [&str; 12] = [
    "янв.",
    "февр.",
    "мар.",
    "апр.",
    "мая",
    "июн.",
    "июл.",
    "авг.",
    "сент.",
    "окт.",
    "нояб.",
    "дек.",
];
const AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];
/// Full names; the format adds the prefix ב ("in").
const HE: [&str; 12] = [
    "ינואר",
    "פברואר",
    "מרץ",
    "אפריל",
    "מאי",
    "יוני",
    "יולי",
    "אוגוסט",
    "ספטמבר",
    "אוקטובר",
    "נובמבר",
    "דצמבר",
];
const HI: [&str; 12] = [
    "जनवरी",
    "फ़रवरी",
    "मार्च",
    "अप्रैल",
    "मई",
    "जून",
    "जुलाई",
    "अगस्त",
    "सितंबर",
    "अक्तूबर",
    "नवंबर",
    "दिसंबर",
];

/// Arabic-Indic digits, CLDR's default numbering for `ar`.
fn arabic_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0x0660 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_has_its_format() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let cases = [
            ("en", "3 Dec 2026"),
            ("en-GB", "3 Dec 2026"),
            ("", "3 Dec 2026"),
            ("xx", "3 Dec 2026"),
            ("fr", "3 déc. 2026"),
            ("fr-CA", "3 déc. 2026"),
            ("de", "3. Dez. 2026"),
            ("es", "3 dic 2026"),
            ("it", "3 dic 2026"),
            ("pt-BR", "3 de dez. de 2026"),
            ("nl", "3 dec 2026"),
            ("ja", "2026年12月3日"),
            ("zh_TW", "2026年12月3日"),
            ("ko", "2026년 12월 3일"),
            ("ru", "3 дек. 2026 г."),
            ("ar", "٣ ديسمبر ٢٠٢٦"),
            ("he", "3 בדצמבר 2026"),
            ("hi", "3 दिसंबर 2026"),
        ];
        for (lang, want) in cases {
            assert_eq!(format_card_date(date, lang), want, "{lang}");
        }
        let may = NaiveDate::from_ymd_opt(2025, 5, 19).unwrap();
        assert_eq!(format_card_date(may, "RU"), "19 мая 2025 г.");
        assert_eq!(format_card_date(may, "de"), "19. Mai 2025");
    }
}
