//! Shortcode and tag arguments: positional and `name=value`, quoted or bare.

/// A shortcode's arguments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Args {
    pub(super) positional: Vec<String>,
    pub(super) named: Vec<(String, String)>,
}

impl Args {
    /// The named argument `name`, else the positional one at `position`.
    pub(super) fn get(&self, name: &str, position: usize) -> Option<&str> {
        self.named(name)
            .or_else(|| self.positional.get(position).map(String::as_str))
    }

    /// The first of several names given.
    pub(super) fn named(&self, name: &str) -> Option<&str> {
        self.named
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The first named argument of `names` present.
    pub(super) fn any(&self, names: &[&str]) -> Option<&str> {
        names.iter().find_map(|name| self.named(name))
    }
}

/// Hugo and Liquid style: `"quoted" bare key=value key="quoted value"`,
/// separated by spaces (commas too for Liquid-style `key: value`, not
/// handled: positional values are enough there).
pub(super) fn split_words(text: &str) -> Args {
    let mut args = Args::default();
    let mut chars = text.trim().chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            break;
        }
        let mut key = None;
        let mut value = String::new();
        loop {
            match chars.peek().copied() {
                None => break,
                Some(c) if c.is_whitespace() => break,
                Some('=') if key.is_none() && !value.is_empty() => {
                    chars.next();
                    key = Some(std::mem::take(&mut value));
                }
                Some(q @ ('"' | '\'' | '`')) => {
                    chars.next();
                    read_quoted(&mut chars, q, &mut value);
                }
                Some(c) => {
                    chars.next();
                    value.push(c);
                }
            }
        }
        match key {
            Some(key) => args.named.push((key, value)),
            None => args.positional.push(value),
        }
    }
    args
}

/// Reads up to the closing quote `q`; `\"` escapes inside double quotes.
fn read_quoted(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, q: char, into: &mut String) {
    while let Some(c) = chars.next() {
        if c == q {
            return;
        }
        if c == '\\' && q == '"' {
            if let Some(&next) = chars.peek() {
                if next == '"' || next == '\\' {
                    into.push(next);
                    chars.next();
                    continue;
                }
            }
        }
        into.push(c);
    }
}

/// Zola (Tera) style call arguments, the text between the parentheses:
/// `key="v", n=3, flag=true, list=["a", "b"]`. Lists keep their first item.
pub(super) fn split_call(text: &str) -> Args {
    let mut args = Args::default();
    for part in split_top_level(text, ',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let Some((key, value)) = part.split_once('=') else {
            args.positional.push(unquote(part));
            continue;
        };
        let value = value.trim();
        let value = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            Some(list) => split_top_level(list, ',')
                .into_iter()
                .map(|v| unquote(v.trim()))
                .find(|v| !v.is_empty())
                .unwrap_or_default(),
            None => unquote(value),
        };
        args.named.push((key.trim().to_string(), value));
    }
    args
}

/// Splits at `separator` outside quotes and brackets.
fn split_top_level(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None, 0);
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '[' | '(' | '{' => depth += 1,
            ']' | ')' | '}' => depth -= 1,
            c if c == separator && depth == 0 => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// A value without its quotes (and `\"` unescaped); bare values as they are.
pub(super) fn unquote(value: &str) -> String {
    let value = value.trim();
    for q in ['"', '\'', '`'] {
        if value.len() >= 2 && value.starts_with(q) && value.ends_with(q) {
            let inner = &value[1..value.len() - 1];
            return if q == '"' {
                inner.replace("\\\"", "\"").replace("\\\\", "\\")
            } else {
                inner.to_string()
            };
        }
    }
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_take_quotes_and_names() {
        let args = split_words(r#"src="a b.png" caption="Say \"hi\"" 42 `raw "x"` link=/x"#);
        assert_eq!(args.named("src"), Some("a b.png"));
        assert_eq!(args.named("caption"), Some("Say \"hi\""));
        assert_eq!(args.named("link"), Some("/x"));
        assert_eq!(args.positional, ["42", "raw \"x\""]);
        assert_eq!(args.get("id", 0), Some("42"));
    }

    #[test]
    fn calls_take_named_values_and_lists() {
        let args =
            split_call(r#"id="dQw", n=3, autoplay=true, src=["a.png", "b.png"], q='it, is'"#);
        assert_eq!(args.named("id"), Some("dQw"));
        assert_eq!(args.named("n"), Some("3"));
        assert_eq!(args.named("src"), Some("a.png"));
        assert_eq!(args.named("q"), Some("it, is"));
    }
}
