//! Helpers shared by the two XML renderers (RSS and Atom): the document
//! prolog, escaping for the few places the feed crates do not escape for us,
//! and date formats.
//!
//! The `rss` and `atom_syndication` crates write their own XML declaration
//! (`encoding="utf-8"` and no encoding, respectively) and neither can write a
//! processing instruction, so both renderers serialise without (or strip) the
//! crate's declaration and put [`prolog`] in front.

use chrono::{DateTime, FixedOffset};

/// The XML declaration, then the `xml-stylesheet` processing instruction when
/// a stylesheet is configured. Ends with a newline, so the root element
/// starts on its own line.
pub(super) fn prolog(stylesheet: Option<&str>) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if let Some(href) = stylesheet {
        out.push_str("<?xml-stylesheet type=\"text/xsl\" href=\"");
        // Pseudo-attribute values take the predefined entities (W3C
        // "Associating Style Sheets with XML documents" §2); escaping `>` also
        // keeps a stray `?>` from ending the instruction early.
        out.push_str(&escape(&super::clean_text(href)));
        out.push_str("\"?>\n");
    }
    out
}

/// Replaces a leading XML declaration written by a feed crate with
/// [`prolog`].
pub(super) fn with_prolog(body: Vec<u8>, stylesheet: Option<&str>) -> Vec<u8> {
    let rest = match body.strip_prefix(b"<?xml") {
        Some(_) => {
            let end = body
                .windows(2)
                .position(|w| w == b"?>")
                .map_or(0, |i| i + 2);
            let mut rest = &body[end..];
            while let Some(r) = rest.strip_prefix(b"\n") {
                rest = r;
            }
            rest
        }
        None => &body[..],
    };
    let mut out = prolog(stylesheet).into_bytes();
    out.extend_from_slice(rest);
    out.push(b'\n');
    out
}

/// Escapes `&`, `<`, `>` and `"`: enough for XML text, attribute values and
/// for HTML text (RSS `<description>` is HTML, so a plain-text summary is
/// escaped with this before the XML writer escapes it again).
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Rewrites the `&amp;` and `&lt;` references the XML writer put in text and
/// attribute values as `&#x26;` and `&#x3C;`, leaving CDATA sections alone.
///
/// The RSS profile asks plain-text elements to encode `&` and `<` with
/// hexadecimal character references, and the validator warns otherwise
/// [CharacterData] (or, for text such as "&amp;" spelt out, [ContainsHTML]).
/// To an XML parser both spellings are the same character, so doing it to
/// the whole document changes no value. Outside CDATA the writer escapes
/// every `&` itself, so each `&amp;`/`&lt;` found there is one it wrote.
pub(super) fn hex_char_refs(xml: &str) -> String {
    const OPEN: &str = "<![CDATA[";
    let mut out = String::with_capacity(xml.len() + xml.len() / 32);
    let mut rest = xml;
    loop {
        let (outside, cdata) = match rest.find(OPEN) {
            Some(start) => {
                let end = rest[start..]
                    .find("]]>")
                    .map_or(rest.len(), |e| start + e + 3);
                (&rest[..start], Some((&rest[start..end], &rest[end..])))
            }
            None => (rest, None),
        };
        out.push_str(&outside.replace("&amp;", "&#x26;").replace("&lt;", "&#x3C;"));
        match cdata {
            Some((section, after)) => {
                out.push_str(section);
                rest = after;
            }
            None => return out,
        }
    }
}

/// RFC 822 date as RSS wants it: four-digit year, numeric zone
/// (`Thu, 19 Dec 2024 20:33:00 +0000`). The instant keeps the offset the
/// author wrote. `format` rather than `to_rfc2822`, which panics on years
/// outside 0..=9999.
pub(super) fn rfc822(date: &DateTime<FixedOffset>) -> String {
    date.format("%a, %d %b %Y %H:%M:%S %z").to_string()
}

/// RFC 3339 date (`2024-12-19T20:33:00+00:00`), the form the Atom crate writes,
/// so JSON Feed dates read the same as Atom ones.
pub(super) fn rfc3339(date: &DateTime<FixedOffset>) -> String {
    date.to_rfc3339()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prolog_escapes_the_stylesheet_href() {
        assert_eq!(
            prolog(Some("https://x.test/a.xsl?a=1&b=\"?>")),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <?xml-stylesheet type=\"text/xsl\" href=\"https://x.test/a.xsl?a=1&amp;b=&quot;?&gt;\"?>\n"
        );
    }

    #[test]
    fn with_prolog_replaces_the_crate_declaration() {
        let out = with_prolog(
            b"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss/>".to_vec(),
            None,
        );
        assert_eq!(
            out,
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss/>\n".to_vec()
        );
        let out = with_prolog(b"<feed/>".to_vec(), None);
        assert_eq!(
            out,
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed/>\n".to_vec()
        );
    }

    #[test]
    fn hex_char_refs_leave_cdata_alone() {
        assert_eq!(
            hex_char_refs("<t a=\"&amp;\">&lt;b&gt; &amp;amp;</t><d><![CDATA[&amp; ]]]]><![CDATA[>&lt;]]></d>&lt;"),
            "<t a=\"&#x26;\">&#x3C;b&gt; &#x26;amp;</t><d><![CDATA[&amp; ]]]]><![CDATA[>&lt;]]></d>&#x3C;"
        );
    }

    #[test]
    fn rfc822_has_a_four_digit_year_and_numeric_zone() {
        let d = DateTime::parse_from_rfc3339("2024-03-02T10:00:00+01:00").unwrap();
        assert_eq!(rfc822(&d), "Sat, 02 Mar 2024 10:00:00 +0100");
    }
}
