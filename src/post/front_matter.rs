//! Front matter: find the `---` (YAML) or `+++` (TOML) block, parse it into one
//! mapping shape, and map positions inside the block back to lines of the file.
//!
//! Both formats become a `serde_yaml::Mapping` so the field resolver
//! (`fields.rs`) has one shape to read. serde_yaml and toml count lines from
//! the start of the block; every position reported here is a line of the
//! FILE (the block's first line is added), so editors jump to the right place.

use std::path::Path;

use serde_yaml::{Mapping, Value};

use crate::error::Diagnostic;

/// Which syntax the block is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    /// `---` … `---`
    Yaml,
    /// `+++` … `+++` (Hugo, Zola)
    Toml,
}

/// A post's text cut into front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Split<'a> {
    /// The block's syntax.
    pub(super) format: Format,
    /// The text between the fence lines (line endings as in the file).
    pub(super) block: &'a str,
    /// 1-based file line of the block's first line (the line after the
    /// opening fence).
    pub(super) block_line: usize,
    /// Byte offset of the body: the first byte after the closing fence line.
    pub(super) body_offset: usize,
}

/// One line of text with its byte offset; `content` has no line ending.
struct Line<'a> {
    start: usize,
    end_with_newline: usize,
    content: &'a str,
}

fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |raw| {
        let start = offset;
        offset += raw.len();
        let content = raw.strip_suffix('\n').unwrap_or(raw);
        let content = content.strip_suffix('\r').unwrap_or(content);
        Line {
            start,
            end_with_newline: offset,
            content,
        }
    })
}

/// Whether `line` is the fence `fence`, ignoring trailing blanks.
fn is_fence(line: &str, fence: &str) -> bool {
    line.trim_end_matches([' ', '\t']) == fence
}

/// Finds the front matter block. Blank lines before the opening fence are
/// allowed; a BOM has already been removed by `read_post_text`.
pub(super) fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    // `read_post_text` removes a BOM; tolerate one here too (offsets stay
    // those of `text`).
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut iter = lines(&text[bom..])
        .map(|l| Line {
            start: l.start + bom,
            end_with_newline: l.end_with_newline + bom,
            content: l.content,
        })
        .enumerate();
    let (open_index, open) = loop {
        match iter.next() {
            None => {
                return Err(Diagnostic::error(
                    path,
                    "the file is empty; a post starts with front matter between `---` lines",
                ))
            }
            Some((_, line)) if line.content.trim().is_empty() => continue,
            Some(found) => break found,
        }
    };
    let (format, closers): (Format, &[&str]) = if is_fence(open.content, "---") {
        (Format::Yaml, &["---", "..."])
    } else if is_fence(open.content, "+++") {
        (Format::Toml, &["+++"])
    } else {
        return Err(Diagnostic::error(
            path,
            "no front matter: a post must start with a `---` line (YAML) or a `+++` line (TOML)",
        )
        .at(open_index + 1, Some(1)));
    };
    let block_start = open.end_with_newline;
    for (_, line) in iter {
        if closers.iter().any(|c| is_fence(line.content, c)) {
            return Ok(Split {
                format,
                block: &text[block_start..line.start],
                block_line: open_index + 2,
                body_offset: line.end_with_newline,
            });
        }
    }
    let fence = if format == Format::Yaml { "---" } else { "+++" };
    Err(Diagnostic::error(
        path,
        format!("the front matter opened here is never closed: add a `{fence}` line after it"),
    )
    .at(open_index + 1, Some(1)))
}

/// Parses the block into a mapping. An empty block is an empty mapping.
pub(super) fn parse_block(path: &Path, split: &Split<'_>) -> Result<Mapping, Diagnostic> {
    match split.format {
        Format::Yaml => parse_yaml(path, split),
        Format::Toml => parse_toml(path, split),
    }
}

fn parse_yaml(path: &Path, split: &Split<'_>) -> Result<Mapping, Diagnostic> {
    if split.block.trim().is_empty() {
        return Ok(Mapping::new());
    }
    if let Some((line, column)) = too_deep_flow_nesting(split.block) {
        let message = format!(
            "YAML nests `[`/`{{` more than {MAX_FLOW_DEPTH} levels deep; front matter never needs that"
        );
        return Err(Diagnostic::error(path, message).at(split.block_line + line, Some(column)));
    }
    let value: Value = serde_yaml::from_str(split.block).map_err(|err| {
        let message = format!(
            "YAML syntax: {}",
            yaml_message(&err.to_string(), split.block_line)
        );
        let diagnostic = Diagnostic::error(path, message);
        // libyaml's reader errors (a control character, bad UTF-8) say "at
        // position N", a byte offset into the block; their location() is
        // only the start of the block.
        if let Some(offset) = reader_error_offset(&err.to_string()) {
            let (line, column) = crate::common::line_column(split.block, offset);
            let mut diagnostic = diagnostic.at(split.block_line + line - 1, Some(column));
            diagnostic.message = diagnostic
                .message
                .replace(&format!(" at position {offset}"), "");
            return diagnostic;
        }
        match err.location() {
            Some(loc) => {
                // serde_yaml places a duplicate key at the start of its mapping;
                // point at the second occurrence instead.
                let (line, column) = duplicate_key(&err.to_string())
                    .and_then(|key| {
                        duplicate_key_position(split.block, loc.line() - 1, loc.column() - 1, &key)
                    })
                    .unwrap_or((loc.line() - 1, loc.column()));
                diagnostic.at(split.block_line + line, Some(column))
            }
            None => diagnostic.at(split.block_line, None),
        }
    })?;
    let mut value = value;
    while let Value::Tagged(tagged) = value {
        value = tagged.value;
    }
    // Merge keys (`<<: *defaults`) are YAML 1.1, which Jekyll and Hugo
    // honour: a `draft: true` merged in must count like one written out.
    value.apply_merge().map_err(|err| {
        Diagnostic::error(path, format!("YAML merge key (`<<`): {err}"))
            .at(split.block_line, Some(1))
    })?;
    match value {
        Value::Mapping(map) => Ok(map),
        Value::Null => Ok(Mapping::new()),
        _ => Err(Diagnostic::error(
            path,
            "the front matter must be `key: value` lines, not a single value or a list",
        )
        .at(split.block_line, Some(1))),
    }
}

/// The byte offset in "… at position N" (libyaml reader errors).
fn reader_error_offset(message: &str) -> Option<usize> {
    let rest = &message[message.find("at position ")? + "at position ".len()..];
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    rest[..digits].parse().ok()
}

/// Deepest `[`/`{` nesting accepted in YAML front matter.
const MAX_FLOW_DEPTH: usize = 64;

/// The 0-based line and 1-based column where flow collections nest deeper than
/// [`MAX_FLOW_DEPTH`], if they do. libyaml's scanner is quadratic in that depth
/// (a few hundred KB of `[` stall it for minutes), so this is checked first.
/// Quoted scalars and comments are skipped; the check is conservative, not a
/// YAML parser.
fn too_deep_flow_nesting(block: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut in_comment = false;
    let mut previous = '\n';
    let (mut line, mut column) = (0usize, 0usize);
    let mut after_cr = false;
    for c in block.chars() {
        column += 1;
        // libyaml ends a line (and so a comment) at `\n`, `\r`, NEL, U+2028
        // and U+2029; a scanner that knew only `\n` let a comment hide the
        // deep nesting on the "next line" from it.
        if is_yaml_line_break(c) {
            // `\r\n` is one line end.
            if !(c == '\n' && after_cr) {
                line += 1;
            }
            after_cr = c == '\r';
            column = 0;
            in_comment = false;
            previous = '\n';
            continue;
        }
        after_cr = false;
        match quote {
            _ if in_comment => {}
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' if matches!(previous, ' ' | '\t' | '\n' | '[' | '{' | ',' | ':') => {
                    quote = Some(c)
                }
                '#' if matches!(previous, ' ' | '\t' | '\n') => in_comment = true,
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some((line, column));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        previous = c;
    }
    None
}

/// The characters libyaml counts as line breaks.
fn is_yaml_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// serde_yaml's message without the block-relative position of the problem
/// (reported as the diagnostic's line and column instead), with any other
/// position it mentions (", while scanning … at line 2 column 5") moved to
/// file lines.
fn yaml_message(message: &str, block_line: usize) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    let mut first = true;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let Ok(line) = after[..digits].parse::<usize>() else {
            out.push_str(" at line ");
            rest = after;
            continue;
        };
        let tail = &after[digits..];
        let column_digits = tail
            .strip_prefix(" column ")
            .map(|t| t.bytes().take_while(u8::is_ascii_digit).count())
            .unwrap_or(0);
        let column_end = if column_digits > 0 {
            " column ".len() + column_digits
        } else {
            0
        };
        if !first {
            out.push_str(&format!(
                " at line {}{}",
                line + block_line - 1,
                &tail[..column_end]
            ));
        }
        first = false;
        rest = &tail[column_end..];
    }
    out.push_str(rest);
    out
}

/// The key of serde_yaml's `duplicate entry with key "x"` message.
fn duplicate_key(message: &str) -> Option<String> {
    let start = message.find("duplicate entry with key \"")? + "duplicate entry with key \"".len();
    let mut key = String::new();
    let mut chars = message[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(key),
            '\\' => key.push(chars.next()?),
            c => key.push(c),
        }
    }
    None
}

/// 0-based line and 1-based column of the second `key:` of the mapping that
/// starts at `line` with keys indented by `indent`.
fn duplicate_key_position(
    block: &str,
    line: usize,
    indent: usize,
    key: &str,
) -> Option<(usize, usize)> {
    let mut seen = false;
    for (index, l) in lines(block).enumerate().skip(line) {
        let trimmed = l.content.trim_start_matches(' ');
        if trimmed.trim().is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let this_indent = l.content.len() - trimmed.len();
        if this_indent < indent {
            break;
        }
        if this_indent == indent && yaml_line_has_key(trimmed, key) {
            if seen {
                return Some((index, indent + 1));
            }
            seen = true;
        }
    }
    None
}

fn parse_toml(path: &Path, split: &Split<'_>) -> Result<Mapping, Diagnostic> {
    let table: toml::Table = toml::from_str(split.block).map_err(|err| {
        // toml's messages can span lines ("invalid string\nexpected `\"`"); keep one line.
        let message = err
            .message()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
        let diagnostic = Diagnostic::error(path, format!("TOML syntax: {message}"));
        match err.span() {
            Some(span) => {
                let (line, column) = crate::common::line_column(split.block, span.start);
                diagnostic.at(split.block_line + line - 1, Some(column))
            }
            // libyaml's reader errors (a control character, bad UTF-8) carry
            // only "at position N", a byte offset into the block.
            None => match reader_error_offset(&err.to_string()) {
                Some(offset) => {
                    let (line, column) = crate::common::line_column(split.block, offset);
                    let mut diagnostic = diagnostic.at(split.block_line + line - 1, Some(column));
                    diagnostic.message = diagnostic
                        .message
                        .replace(&format!(" at position {offset}"), "");
                    diagnostic
                }
                None => diagnostic.at(split.block_line, None),
            },
        }
    })?;
    Ok(toml_table_to_mapping(table))
}

fn toml_table_to_mapping(table: toml::Table) -> Mapping {
    table
        .into_iter()
        .map(|(k, v)| (Value::String(k), toml_to_yaml(v)))
        .collect()
}

/// TOML values in the YAML shape: dates become the strings YAML would give.
fn toml_to_yaml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Sequence(items.into_iter().map(toml_to_yaml).collect()),
        toml::Value::Table(t) => Value::Mapping(toml_table_to_mapping(t)),
    }
}

/// The file line and column of a key, found by the literal keys leading to it
/// (`["seo", "twitter:card"]`). Best effort: YAML block style and TOML
/// `key = value` lines are recognised; flow mappings are not.
pub(super) fn key_position(split: &Split<'_>, segments: &[String]) -> Option<(usize, usize)> {
    let (line, column) = match split.format {
        Format::Yaml => yaml_key_position(split.block, segments)?,
        Format::Toml => toml_key_position(split.block, segments)?,
    };
    Some((split.block_line + line, column))
}

/// 0-based line and 1-based column within the block.
fn yaml_key_position(block: &str, segments: &[String]) -> Option<(usize, usize)> {
    let mut best = None;
    let mut depth = 0;
    // Indentation of the parent key's line, and of the parent's children once seen.
    let mut parent_indent: Option<usize> = None;
    let mut child_indent: Option<usize> = None;
    for (index, line) in lines(block).enumerate() {
        let trimmed = line.content.trim_start_matches(' ');
        if trimmed.trim().is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.content.len() - trimmed.len();
        if let Some(parent) = parent_indent {
            if indent <= parent {
                break; // left the parent's block
            }
        }
        let level = *child_indent.get_or_insert(indent);
        if indent != level {
            continue;
        }
        if yaml_line_has_key(trimmed, &segments[depth]) {
            best = Some((index, indent + 1));
            depth += 1;
            if depth == segments.len() {
                break;
            }
            parent_indent = Some(indent);
            child_indent = None;
        }
    }
    best
}

/// `key:` followed by a blank or the end of the line, bare or quoted.
fn yaml_line_has_key(line: &str, key: &str) -> bool {
    let rest = if let Some(r) = line.strip_prefix(key) {
        r
    } else if let Some(r) = strip_quoted(line, key) {
        r
    } else {
        return false;
    };
    match rest.strip_prefix(':') {
        Some(after) => after.is_empty() || after.starts_with([' ', '\t', '\r']),
        None => false,
    }
}

fn strip_quoted<'l>(line: &'l str, key: &str) -> Option<&'l str> {
    for quote in ['"', '\''] {
        if let Some(rest) = line
            .strip_prefix(quote)
            .and_then(|r| r.strip_prefix(key))
            .and_then(|r| r.strip_prefix(quote))
        {
            return Some(rest);
        }
    }
    None
}

fn toml_key_position(block: &str, segments: &[String]) -> Option<(usize, usize)> {
    let dotted = segments.join(".");
    let last = segments.last()?;
    let mut fallback = None;
    for (index, line) in lines(block).enumerate() {
        let trimmed = line.content.trim_start();
        let column = line.content.len() - trimmed.len() + 1;
        let is_key = |key: &str| {
            let rest = trimmed
                .strip_prefix(key)
                .or_else(|| strip_quoted(trimmed, key));
            rest.is_some_and(|r| r.trim_start().starts_with('='))
        };
        if is_key(&dotted) {
            return Some((index, column));
        }
        if fallback.is_none() && is_key(last) {
            fallback = Some((index, column));
        }
    }
    fallback
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_ok(text: &str) -> Split<'_> {
        split(Path::new("p.md"), text).expect("front matter")
    }

    fn split_err(text: &str) -> String {
        split(Path::new("p.md"), text).unwrap_err().to_string()
    }

    #[test]
    fn splits_yaml_front_matter() {
        let text = "---\ntitle: A\n---\nBody\n";
        let s = split_ok(text);
        assert_eq!(s.format, Format::Yaml);
        assert_eq!(s.block, "title: A\n");
        assert_eq!(s.block_line, 2);
        assert_eq!(&text[s.body_offset..], "Body\n");
    }

    #[test]
    fn splits_toml_front_matter() {
        let text = "+++\ntitle = \"A\"\n+++\nBody";
        let s = split_ok(text);
        assert_eq!(s.format, Format::Toml);
        assert_eq!(s.block, "title = \"A\"\n");
        assert_eq!(&text[s.body_offset..], "Body");
    }

    #[test]
    fn allows_blank_lines_before_the_fence_and_crlf() {
        let text = "\r\n  \n---\r\ntitle: A\r\n---  \r\nBody\r\n";
        let s = split_ok(text);
        assert_eq!(s.block, "title: A\r\n");
        assert_eq!(s.block_line, 4);
        assert_eq!(&text[s.body_offset..], "Body\r\n");
    }

    #[test]
    fn a_closing_fence_at_the_end_of_the_file_leaves_an_empty_body() {
        let text = "---\ntitle: A\n---";
        let s = split_ok(text);
        assert_eq!(s.body_offset, text.len());
        let s = split_ok("---\n---\n");
        assert_eq!(s.block, "");
    }

    #[test]
    fn a_leftover_bom_is_tolerated() {
        let text = "\u{feff}---\ntitle: A\n---\nBody";
        let s = split_ok(text);
        assert_eq!(s.block, "title: A\n");
        assert_eq!(&text[s.body_offset..], "Body");
    }

    #[test]
    fn yaml_document_end_marker_closes_too() {
        let s = split_ok("---\ntitle: A\n...\nBody");
        assert_eq!(s.block, "title: A\n");
    }

    #[test]
    fn errors_if_cannot_locate_front_matter() {
        assert_eq!(
            split_err(""),
            "p.md: error: the file is empty; a post starts with front matter between `---` lines"
        );
        assert!(split_err(" \n\n").contains("the file is empty"));
        assert_eq!(
            split_err("\n# Title\n"),
            "p.md:2:1: error: no front matter: a post must start with a `---` line (YAML) or a `+++` line (TOML)"
        );
        assert_eq!(
            split_err("\n---\ntitle: A\nBody\n"),
            "p.md:2:1: error: the front matter opened here is never closed: add a `---` line after it"
        );
        assert!(split_err("+++\ntitle = 1\n---\n").contains("add a `+++` line"));
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_the_yaml_parser_sees_it() {
        let deep = format!(
            "---\ntitle: T\nx: {}{}\n---\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let split = split_ok(&deep);
        let err = parse_block(Path::new("p.md"), &split).unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(4 + MAX_FLOW_DEPTH)));
        assert!(err.message.contains("nests"), "{}", err.message);
        // Ordinary flow collections and brackets inside quotes are fine.
        let fine = "---\ntags: [a, [b, {c: d}]]\ntitle: \"[[[[[[[[\" # [[[[\n---\n";
        assert!(parse_block(Path::new("p.md"), &split_ok(fine)).is_ok());
    }

    #[test]
    fn r_flow_nesting_hidden_after_a_comment_and_an_odd_line_end_is_refused() {
        for line_end in ["\r", "\u{85}", "\u{2028}", "\u{2029}"] {
            let deep = format!(
                "---\ntitle: T\nx: # note{line_end}  {}{}\n---\n",
                "[".repeat(100_000),
                "]".repeat(100_000)
            );
            let split = split_ok(&deep);
            let err = parse_block(Path::new("p.md"), &split).unwrap_err();
            assert!(
                err.message.contains("nests"),
                "{line_end:?}: {}",
                err.message
            );
            assert_eq!(err.line, Some(4), "{line_end:?}");
        }
        // `\r\n` is one line end, not two.
        let text = "---\r\ntitle: T\r\nx: # c\r\n  [[\r\n---\r\n";
        let block = split_ok(text).block.replace('[', &"[".repeat(40));
        assert_eq!(too_deep_flow_nesting(&block).map(|(line, _)| line), Some(2));
    }

    #[test]
    fn yaml_syntax_errors_point_at_the_file_line() {
        // The tab is on file line 4 (block line 3).
        let text = "\n---\ntitle: A\nseo:\n\tcard: x\n---\n";
        let s = split_ok(text);
        let err = parse_block(Path::new("p.md"), &s).unwrap_err();
        assert_eq!(err.line, Some(5), "{err}");
        let shown = err.to_string();
        assert!(shown.starts_with("p.md:5:"), "{shown}");
        assert!(shown.contains("error: YAML syntax: "), "{shown}");
        assert!(!shown.contains("Error("), "{shown}");
        assert!(!shown.contains("at line 3"), "{shown}");
    }

    #[test]
    fn yaml_error_on_line_four_is_reported_on_line_four() {
        let text = "---\ntitle: A\ndate: 2024-01-01\nbad: [unclosed\n---\n";
        let err = parse_block(Path::new("p.md"), &split_ok(text)).unwrap_err();
        assert!(err.line.unwrap() >= 4, "{err}");
        let text = "---\ntitle: A\ntitle: B\n---\n";
        let err = parse_block(Path::new("p.md"), &split_ok(text)).unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("duplicate"), "{err}");
        let text = "---\ntitle: A\nseo:\n  a: 1\n  b: 2\n  a: 3\n---\n";
        let err = parse_block(Path::new("p.md"), &split_ok(text)).unwrap_err();
        assert_eq!((err.line, err.column), (Some(6), Some(3)), "{err}");
        assert_eq!(
            err.message,
            "YAML syntax: seo: duplicate entry with key \"a\""
        );
    }

    #[test]
    fn yaml_messages_move_context_positions_to_file_lines() {
        assert_eq!(
            yaml_message(
                "bad thing at line 2 column 3, while scanning at line 1 column 1",
                5
            ),
            "bad thing, while scanning at line 5 column 1"
        );
        assert_eq!(yaml_message("no position here", 5), "no position here");
        assert_eq!(yaml_message("odd at line x", 5), "odd at line x");
    }

    #[test]
    fn toml_syntax_errors_point_at_the_file_line() {
        let text = "+++\ntitle = \"A\"\ndate = = 3\n+++\n";
        let err = parse_block(Path::new("p.md"), &split_ok(text)).unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.starts_with("TOML syntax: "), "{err}");
        assert!(!err.message.contains('\n'), "{err}");
    }

    #[test]
    fn toml_becomes_the_yaml_shape() {
        let text = "+++\ntitle = \"A\"\ndate = 2024-12-19T20:33:00Z\nday = 2024-12-19\ntags = [\"x\", 2]\n[image]\nsrc = \"a.png\"\n+++\n";
        let map = parse_block(Path::new("p.md"), &split_ok(text)).unwrap();
        assert_eq!(map.get("date"), Some(&Value::from("2024-12-19T20:33:00Z")));
        assert_eq!(map.get("day"), Some(&Value::from("2024-12-19")));
        assert_eq!(
            map.get("tags"),
            Some(&Value::Sequence(vec![Value::from("x"), Value::from(2)]))
        );
        assert_eq!(map["image"]["src"], Value::from("a.png"));
    }

    #[test]
    fn a_front_matter_that_is_not_a_mapping_is_an_error() {
        let err = parse_block(Path::new("p.md"), &split_ok("---\n- a\n- b\n---\n")).unwrap_err();
        assert_eq!(err.line, Some(2));
        let map = parse_block(Path::new("p.md"), &split_ok("---\n# only a comment\n---\n"));
        assert!(map.unwrap().is_empty());
    }

    #[test]
    fn finds_key_positions_in_yaml() {
        let text = "---\ntitle: A\nseo:\n  description: d\n  twitter:\n    title: t\n    card: summary\n  title: s\n  twitter:card: x\n\"quoted\": q\n---\n";
        let s = split_ok(text);
        let pos = |keys: &[&str]| {
            let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
            key_position(&s, &keys)
        };
        assert_eq!(pos(&["title"]), Some((2, 1)));
        assert_eq!(pos(&["seo", "twitter", "card"]), Some((7, 5)));
        assert_eq!(pos(&["seo", "title"]), Some((8, 3)));
        assert_eq!(pos(&["seo", "twitter:card"]), Some((9, 3)));
        assert_eq!(pos(&["quoted"]), Some((10, 1)));
        // Not there: the nearest parent found.
        assert_eq!(pos(&["seo", "missing"]), Some((3, 1)));
        assert_eq!(pos(&["nothing"]), None);
    }

    #[test]
    fn finds_key_positions_in_toml() {
        let text = "+++\ntitle = \"A\"\n[image]\n  src = \"x\"\n+++\n";
        let s = split_ok(text);
        let keys = vec!["image".to_string(), "src".to_string()];
        assert_eq!(key_position(&s, &keys), Some((4, 3)));
        assert_eq!(key_position(&s, &["title".to_string()]), Some((2, 1)));
    }
}
