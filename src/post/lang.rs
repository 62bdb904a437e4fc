//! A post's language, from the first source that gives one:
//!
//! 1. the front matter (`lang`, `language`, `locale`, or the `[fields] lang` keys);
//! 2. a file-name suffix: `name.LANG.md`, `index.LANG.md`, `_index.LANG.md`
//!    (Hugo and Zola); LANG is a BCP 47 tag whose first subtag is a two-letter
//!    ISO 639-1 code (`fr`, `pt-BR`, `zh-Hant`), so `post.v2.md` or
//!    `notes.draft.md` keep their dotted slug;
//! 3. the top folder under the posts folder, when `[site] languages` lists it
//!    (Hugo's `content/fr/…`);
//! 4. the site's `language`.
//!
//! Tags are kept in their canonical case (`pt-BR`, `zh-Hant`): BCP 47 tags are
//! case-insensitive, so `PT-br` and `pt-BR` are one language.

use std::path::{Component, Path};

use crate::error::Diagnostic;

/// What the input stage needs to know about the site's languages.
#[derive(Debug, Clone, Copy)]
pub struct Languages<'a> {
    /// The site's language (`[site] language`): posts with no other source.
    pub default: &'a str,
    /// `[site] languages`: the top folders read as languages.
    pub listed: &'a [String],
    /// The posts folder, whose top-level sub-folders may be languages.
    pub root: &'a Path,
}

impl Default for Languages<'_> {
    fn default() -> Self {
        Languages {
            default: "en",
            listed: &[],
            root: Path::new(""),
        }
    }
}

/// ISO 639-1 two-letter codes (deprecated aliases `in`, `iw`, `ji`, `jw`, `mo`,
/// `sh` left out). A file suffix must start with one of these: three-letter
/// codes are too easily ordinary words (`post.old.md`).
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce \
ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he \
hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw \
ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj \
om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta \
te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// The canonical form of a well-formed BCP 47 language tag (RFC 5646
/// `langtag`: language, optional script, region, variants and extensions),
/// or `None`. `_` is read as `-` (`en_US`, as locales are often written).
pub fn canonical_tag(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() || text.len() > 35 {
        return None;
    }
    let subtags: Vec<&str> = text.split(['-', '_']).collect();
    let (language, rest) = subtags.split_first()?;
    let alpha = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
    };
    if !alpha(language, 2..=3) && !alpha(language, 5..=8) {
        return None;
    }
    let mut out = language.to_ascii_lowercase();
    // Position in the grammar: 0 script next, 1 region next, 2 variants.
    let mut stage = 0;
    let mut in_extension = false;
    for &sub in rest {
        let alnum = !sub.is_empty() && sub.bytes().all(|b| b.is_ascii_alphanumeric());
        if !alnum || sub.len() > 8 {
            return None;
        }
        out.push('-');
        if in_extension {
            out.push_str(&sub.to_ascii_lowercase());
            continue;
        }
        if stage == 0 && alpha(sub, 4..=4) {
            out.push_str(&sub[..1].to_ascii_uppercase());
            out.push_str(&sub[1..].to_ascii_lowercase());
            stage = 1;
        } else if stage <= 1 && (alpha(sub, 2..=2) || is_digits(sub, 3)) {
            out.push_str(&sub.to_ascii_uppercase());
            stage = 2;
        } else if (5..=8).contains(&sub.len())
            || (sub.len() == 4 && sub.as_bytes()[0].is_ascii_digit())
        {
            out.push_str(&sub.to_ascii_lowercase());
            stage = 2;
        } else if sub.len() == 1 {
            out.push_str(&sub.to_ascii_lowercase());
            in_extension = true;
        } else {
            return None;
        }
    }
    // A singleton must be followed by at least one subtag.
    if rest.last().is_some_and(|s| s.len() == 1) {
        return None;
    }
    Some(out)
}

fn is_digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether two tags name one language (tags are case-insensitive).
pub fn same_language(a: &str, b: &str) -> bool {
    a.replace('_', "-")
        .eq_ignore_ascii_case(&b.replace('_', "-"))
}

/// Splits a file stem's language suffix: `hello.es` → (`hello`, `es`),
/// `index.pt-br` → (`index`, `pt-BR`). `post.v2` and `notes.draft` have none.
pub(super) fn split_suffix(stem: &str) -> Option<(&str, String)> {
    let (base, suffix) = stem.rsplit_once('.')?;
    if base.is_empty() || suffix.contains('_') {
        return None;
    }
    let primary = suffix.split('-').next()?.to_ascii_lowercase();
    if primary.len() != 2 || !ISO_639_1.split(' ').any(|code| code == primary) {
        return None;
    }
    canonical_tag(suffix).map(|tag| (base, tag))
}

/// The language of the top folder of `path` under `languages.root`, when
/// `[site] languages` lists it.
fn folder_language(path: &Path, languages: &Languages<'_>) -> Option<String> {
    if languages.listed.is_empty() {
        return None;
    }
    let relative = path.strip_prefix(languages.root).ok()?;
    let mut components = relative.components();
    let Some(Component::Normal(top)) = components.next() else {
        return None;
    };
    // The top component must be a folder, not the post file itself.
    components.next()?;
    let top = top.to_str()?;
    languages
        .listed
        .iter()
        .find(|listed| same_language(listed, top))
        .and_then(|listed| canonical_tag(listed))
}

/// Resolves a post's language from its sources, in order (see the module
/// doc). A front-matter value that is not a language tag is a warning and the
/// next source decides.
pub(super) fn post_language(
    front_matter: Option<&str>,
    suffix: Option<&str>,
    path: &Path,
    languages: &Languages<'_>,
    warnings: &mut Vec<Diagnostic>,
) -> String {
    if let Some(value) = front_matter.filter(|v| !v.trim().is_empty()) {
        match canonical_tag(value) {
            Some(tag) => return tag,
            None => warnings.push(Diagnostic::warning(
                path,
                format!(
                    "language {value:?} is not a BCP 47 language tag such as \"en\" or \
                     \"pt-BR\"; the post's language is taken from its file name, folder or the site"
                ),
            )),
        }
    }
    suffix
        .map(str::to_string)
        .or_else(|| folder_language(path, languages))
        .unwrap_or_else(|| {
            canonical_tag(languages.default).unwrap_or_else(|| languages.default.to_string())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_checked_and_put_in_canonical_case() {
        assert_eq!(canonical_tag("en").as_deref(), Some("en"));
        assert_eq!(canonical_tag("PT-br").as_deref(), Some("pt-BR"));
        assert_eq!(canonical_tag("en_US").as_deref(), Some("en-US"));
        assert_eq!(canonical_tag("zh-hant-tw").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(canonical_tag("es-419").as_deref(), Some("es-419"));
        assert_eq!(canonical_tag("ca-valencia").as_deref(), Some("ca-valencia"));
        assert_eq!(
            canonical_tag("de-u-co-phonebk").as_deref(),
            Some("de-u-co-phonebk")
        );
        for bad in [
            "",
            "e",
            "english language",
            "en-",
            "v2",
            "1a",
            "en--us",
            "en-x",
            "fr.md",
        ] {
            assert_eq!(canonical_tag(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn only_language_suffixes_are_split_off() {
        assert_eq!(split_suffix("hello.es"), Some(("hello", "es".into())));
        assert_eq!(split_suffix("index.pt-br"), Some(("index", "pt-BR".into())));
        assert_eq!(split_suffix("_index.fr"), Some(("_index", "fr".into())));
        for keep in [
            "post.v2",
            "notes.draft",
            "hello",
            ".es",
            "a.old",
            "a.js",
            "x.en_US",
        ] {
            assert_eq!(split_suffix(keep), None, "{keep:?}");
        }
    }

    #[test]
    fn sources_are_tried_in_order() {
        let listed = vec!["en".to_string(), "fr".to_string()];
        let languages = Languages {
            default: "en",
            listed: &listed,
            root: Path::new("content"),
        };
        let mut warnings = Vec::new();
        let mut lang = |fm: Option<&str>, suffix: Option<&str>, path: &str| {
            post_language(fm, suffix, Path::new(path), &languages, &mut warnings)
        };
        assert_eq!(lang(Some("de"), Some("es"), "content/fr/a.md"), "de");
        assert_eq!(lang(None, Some("es"), "content/fr/a.md"), "es");
        assert_eq!(lang(None, None, "content/fr/posts/a.md"), "fr");
        assert_eq!(lang(None, None, "content/posts/fr/a.md"), "en");
        assert_eq!(lang(None, None, "content/fr.md"), "en");
        assert_eq!(lang(Some("English!"), None, "content/a.md"), "en");
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn folders_count_only_when_listed() {
        let languages = Languages {
            root: Path::new("content"),
            ..Languages::default()
        };
        let mut warnings = Vec::new();
        let lang = post_language(
            None,
            None,
            Path::new("content/fr/a.md"),
            &languages,
            &mut warnings,
        );
        assert_eq!(lang, "en");
    }
}
