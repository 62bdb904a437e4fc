//! A post's writing direction, from its language tag.
//!
//! A title's base direction is normally that of its first strong letter
//! (UAX #9), which reads an Arabic title starting with "Rust" as
//! left-to-right: the Arabic words then run backwards across line breaks
//! and the title is aligned left. A post whose language is written right to
//! left is laid out right to left whatever its first word.

/// Whether `lang` (a BCP 47 tag: `ar`, `fa-IR`, `ku-Arab`, `az_Arab`) is
/// written right to left. An explicit script subtag wins (`ku-Latn` is
/// left to right, `pa-Arab` right to left); otherwise the language's usual
/// script decides.
pub fn is_rtl_language(lang: &str) -> bool {
    let mut subtags = lang.split(['-', '_']);
    let primary = subtags.next().unwrap_or("").to_ascii_lowercase();
    if let Some(script) =
        subtags.find(|s| s.len() == 4 && s.chars().all(|c| c.is_ascii_alphabetic()))
    {
        return RTL_SCRIPTS
            .iter()
            .any(|rtl| rtl.eq_ignore_ascii_case(script));
    }
    RTL_LANGUAGES.contains(&primary.as_str())
}

/// ISO 639 codes whose usual script is right to left (Arabic, Hebrew,
/// Thaana, Syriac, N'Ko, Adlam scripts).
const RTL_LANGUAGES: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "ku", "lrc", "mzn", "nqo", "pnb", "ps",
    "sd", "syr", "ug", "ur", "yi",
];

/// ISO 15924 codes of right-to-left scripts.
const RTL_SCRIPTS: &[&str] = &[
    "Adlm", "Arab", "Aran", "Hebr", "Mand", "Mend", "Nkoo", "Rohg", "Samr", "Syrc", "Thaa", "Yezi",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_to_left_languages_and_scripts() {
        for rtl in [
            "ar", "AR", "ar-EG", "he", "iw", "fa_IR", "ur", "yi", "ps", "ckb", "pa-Arab", "az_Arab",
        ] {
            assert!(is_rtl_language(rtl), "{rtl}");
        }
        for ltr in [
            "", "en", "fr-CA", "zh-Hant", "ja", "hi", "ku-Latn", "arn", "her", "x",
        ] {
            assert!(!is_rtl_language(ltr), "{ltr}");
        }
    }
}
