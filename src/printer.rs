//! How the binary tells people (and CI) what happened: diagnostics in the
//! chosen `--message-format`, warnings of one kind grouped, and a summary
//! that ends with the counts and the elapsed time. Binary only.
//!
//! Grouping needs to know that two warnings are "the same kind". Diagnostics
//! carry no code, and giving them one would touch every stage; instead the
//! message is normalised: quoted text, paths and numbers become `…`, so
//! "hero image /a.webp not found under /site" and "hero image /b.png not
//! found under /site" fall into one group. The messages are written by this
//! crate, in one style, which is what makes that reliable.

use std::collections::{BTreeMap, HashMap};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Duration;

use feedcard::common::plural;
use feedcard::error::escape_controls;
use feedcard::{Config, Diagnostic, Report, Severity};

use crate::cli::MessageFormat;

/// Warnings of one kind in more files than this are printed as one line.
const GROUP_OVER: usize = 3;

/// Prints diagnostics and summaries: human text on stderr (in colour on a
/// terminal unless `NO_COLOR` is set), JSON lines or GitHub annotations on
/// stdout. `--quiet` keeps errors only.
pub(crate) struct Printer {
    pub(crate) quiet: bool,
    pub(crate) verbose: bool,
    pub(crate) format: MessageFormat,
    color: bool,
}

/// The counts the last summary line gives, and the exit status uses.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tally {
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
}

impl Printer {
    pub(crate) fn new(quiet: bool, verbose: bool, format: MessageFormat) -> Printer {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Printer {
            quiet,
            verbose,
            format,
            color: !no_color && std::io::stderr().is_terminal(),
        }
    }

    fn paint(&self, text: &str, severity: Severity) -> String {
        match (self.color, severity) {
            (false, _) => text.to_string(),
            (true, Severity::Error) => format!("\x1b[1;31m{text}\x1b[0m"),
            (true, Severity::Warning) => format!("\x1b[1;33m{text}\x1b[0m"),
        }
    }

    /// A line of human text on stderr, unless `--quiet`.
    pub(crate) fn line(&self, text: &str) {
        if !self.quiet {
            eprintln!("{text}");
        }
    }

    /// A fatal error, not tied to one post.
    pub(crate) fn fatal(&self, message: &str) {
        match self.format {
            MessageFormat::Human => {
                eprintln!("{}: {message}", self.paint("error", Severity::Error));
            }
            MessageFormat::Json => {
                stdout_line(&serde_json::json!({"type": "error", "message": message}).to_string())
            }
            MessageFormat::Github => stdout_line(&format!("::error::{}", github_data(message))),
        }
    }

    /// Prints every diagnostic (warnings of one kind grouped unless
    /// `--verbose`) and returns the counts.
    pub(crate) fn diagnostics(&self, diagnostics: &[Diagnostic]) -> Tally {
        let tally = Tally {
            errors: count(diagnostics, Severity::Error),
            warnings: count(diagnostics, Severity::Warning),
        };
        if self.format == MessageFormat::Json {
            // Machines get every diagnostic; they group for themselves.
            for d in diagnostics {
                stdout_line(&json_diagnostic(d).to_string());
            }
            return tally;
        }
        for group in group(diagnostics) {
            if self.quiet && group.severity == Severity::Warning {
                continue;
            }
            // Errors are posts left out: each is named on its own line (and
            // is its own annotation on GitHub); only warnings are grouped.
            let one_each = self.verbose
                || group.severity == Severity::Error
                || self.format == MessageFormat::Github
                || group.members.len() <= GROUP_OVER;
            if one_each {
                for d in &group.members {
                    self.one(d);
                }
            } else {
                self.grouped(&group);
            }
        }
        tally
    }

    fn one(&self, d: &Diagnostic) {
        match self.format {
            MessageFormat::Github => stdout_line(&github_annotation(d, &d.message)),
            _ => {
                let label = label(d.severity);
                // Diagnostic's Display is `path:line:col: label: message`; colour the label.
                let plain = format!(": {label}: ");
                let painted = format!(": {}: ", self.paint(label, d.severity));
                eprintln!("{}", d.to_string().replacen(&plain, &painted, 1));
            }
        }
    }

    fn grouped(&self, group: &Group<'_>) {
        let total = group.members.len();
        let shown: Vec<String> = group
            .members
            .iter()
            .take(GROUP_OVER)
            .map(|d| escape_controls(&d.path.display().to_string()).into_owned())
            .collect();
        let files = format!(
            "{}: {} and {} more (--verbose lists them all)",
            plural(total, "file", "files"),
            shown.join(", "),
            total - shown.len()
        );
        match self.format {
            MessageFormat::Github => stdout_line(&github_annotation(
                group.members[0],
                &format!("{} ({files})", group.kind),
            )),
            _ => eprintln!(
                "{}: {} — {files}",
                self.paint(label(group.severity), group.severity),
                group.kind
            ),
        }
    }

    /// The closing lines of `build` / `check`; returns the exit status.
    pub(crate) fn summary(
        &self,
        report: &Report,
        verb: &str,
        config: &Config,
        tally: Tally,
        elapsed: Duration,
    ) {
        let left_out = report.posts_left_out();
        if self.format == MessageFormat::Json {
            let summary = serde_json::json!({
                "type": "summary",
                "posts_read": report.posts_found,
                "posts_built": report.posts_built,
                "scheduled": report.scheduled,
                "drafts": report.drafts,
                "left_out": left_out,
                "feeds": report.feeds_written,
                "cards_drawn": report.cards_drawn,
                "cards_unchanged": report.cards_unchanged,
                "other_files": report.other_written,
                "errors": tally.errors,
                "warnings": tally.warnings,
                "removed": report.removed.len(),
                "up_to_date": report.up_to_date,
                "elapsed_ms": elapsed.as_millis() as u64,
            });
            stdout_line(&summary.to_string());
        }
        self.line(&format!(
            "feedcard: {} read, {} {verb} ({} scheduled, {}, {} left out with errors)",
            plural(report.posts_found, "post", "posts"),
            report.posts_built,
            report.scheduled,
            plural(report.drafts, "draft", "drafts"),
            left_out
        ));
        if verb == "built" {
            let cards = if report.cards_drawn == 0 && report.cards_unchanged > 0 {
                format!("no cards drawn ({} unchanged)", report.cards_unchanged)
            } else {
                format!(
                    "{} drawn, {} unchanged",
                    plural(report.cards_drawn, "card", "cards"),
                    report.cards_unchanged
                )
            };
            self.line(&format!(
                "feedcard: {}, {cards}, {} in {}",
                plural(report.feeds_written, "feed", "feeds"),
                plural(report.other_written, "other file", "other files"),
                config.paths.out.display()
            ));
        }
        if !report.removed.is_empty() && verb == "built" {
            self.line(&format!(
                "feedcard: removed what the build no longer produces: {}",
                list_paths(&report.removed, 5)
            ));
        }
        self.line(&format!(
            "feedcard: {}, {}, {} removed in {}",
            plural(tally.errors, "error", "errors"),
            plural(tally.warnings, "warning", "warnings"),
            plural(report.removed.len(), "file", "files"),
            seconds(elapsed)
        ));
    }
}

impl Printer {
    /// `build --dry-run`: every file that would be written or removed, on
    /// stdout, so it can be piped.
    pub(crate) fn plan(&self, report: &Report) {
        for path in &report.written {
            stdout_line(&format!("write  {}", path.display()));
        }
        for path in &report.removed {
            stdout_line(&format!("remove {}", path.display()));
        }
    }
}

/// The first `shown` paths, then "and N more".
fn list_paths(paths: &[std::path::PathBuf], shown: usize) -> String {
    let mut text: Vec<String> = paths
        .iter()
        .take(shown)
        .map(|p| p.display().to_string())
        .collect();
    if paths.len() > shown {
        text.push(format!("and {} more", paths.len() - shown));
    }
    text.join(", ")
}

fn label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

/// `0.42 s`, `12.3 s`, `2 min 05 s`.
fn seconds(elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    if secs < 10.0 {
        format!("{secs:.2} s")
    } else if secs < 60.0 {
        format!("{secs:.1} s")
    } else {
        let whole = elapsed.as_secs();
        format!("{} min {:02} s", whole / 60, whole % 60)
    }
}

fn stdout_line(text: &str) {
    let mut out = std::io::stdout().lock();
    // A closed stdout (`| head`) is not worth a panic.
    let _ = writeln!(out, "{text}");
}

/// Diagnostics of one severity and kind, in the order they were reported.
struct Group<'a> {
    severity: Severity,
    kind: String,
    members: Vec<&'a Diagnostic>,
}

/// Groups by (severity, kind); errors first, each group where its first
/// member was. Errors are never grouped with warnings.
fn group(diagnostics: &[Diagnostic]) -> Vec<Group<'_>> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    let mut index: BTreeMap<(Severity, String), usize> = BTreeMap::new();
    // Sites repeat one message many times (10k posts without a hero give
    // 10k identical warnings): each distinct message is reduced to its kind
    // once.
    let mut by_message: HashMap<(Severity, &str), usize> = HashMap::new();
    for d in diagnostics {
        if let Some(&at) = by_message.get(&(d.severity, d.message.as_str())) {
            groups[at].members.push(d);
            continue;
        }
        let kind = kind_of(&d.message);
        let at = *index.entry((d.severity, kind.clone())).or_insert_with(|| {
            groups.push(Group {
                severity: d.severity,
                kind,
                members: Vec::new(),
            });
            groups.len() - 1
        });
        groups[at].members.push(d);
        by_message.insert((d.severity, d.message.as_str()), at);
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.severity));
    groups
}

/// A message with its particulars (quoted text, paths, numbers) replaced by
/// `…`: the "kind" warnings are grouped by and the JSON output reports.
pub(crate) fn kind_of(message: &str) -> String {
    let mut unquoted = String::with_capacity(message.len());
    let mut chars = message.chars();
    while let Some(c) = chars.next() {
        if c == '"' || c == '`' {
            for inner in chars.by_ref() {
                if inner == c {
                    break;
                }
            }
            unquoted.push('…');
        } else {
            unquoted.push(c);
        }
    }
    let mut kind = String::with_capacity(unquoted.len());
    for (i, token) in unquoted.split(' ').enumerate() {
        if i > 0 {
            kind.push(' ');
        }
        let core = token.trim_end_matches([';', ',', ':', '.', ')']);
        let particular = core.contains(['/', '\\'])
            || core.bytes().any(|b| b.is_ascii_digit())
            || core.contains('.') && !core.ends_with('.');
        if particular && !core.is_empty() {
            kind.push('…');
            kind.push_str(&token[core.len()..]);
        } else {
            kind.push_str(token);
        }
    }
    kind
}

fn json_diagnostic(d: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "type": "diagnostic",
        "severity": label(d.severity),
        "kind": kind_of(&d.message),
        "file": d.path.display().to_string(),
        "line": d.line,
        "column": d.column,
        "message": d.message,
    })
}

/// `::warning file=posts/a.md,line=3,col=14::message`, escaped as the
/// Actions runner expects.
fn github_annotation(d: &Diagnostic, message: &str) -> String {
    let mut properties = vec![format!("file={}", github_property(&d.path))];
    if let Some(line) = d.line {
        properties.push(format!("line={line}"));
    }
    if let Some(column) = d.column {
        properties.push(format!("col={column}"));
    }
    format!(
        "::{} {}::{}",
        label(d.severity),
        properties.join(","),
        github_data(message)
    )
}

fn github_data(text: &str) -> String {
    // Line breaks are GitHub's own escapes; other controls and bidi marks
    // are shown escaped, as in the human format.
    let escape = |part: &str| escape_controls(part).replace('%', "%25");
    text.split('\n')
        .map(|line| line.split('\r').map(escape).collect::<Vec<_>>().join("%0D"))
        .collect::<Vec<_>>()
        .join("%0A")
}

fn github_property(path: &Path) -> String {
    github_data(&path.display().to_string())
        .replace(':', "%3A")
        .replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_ignore_paths_numbers_and_quotes() {
        let a = kind_of(
            "hero image /assets/a.webp not found under /site; drew the fallback background",
        );
        let b = kind_of(
            "hero image /assets/b-2.png not found under /site; drew the fallback background",
        );
        assert_eq!(a, b);
        assert_eq!(
            a,
            "hero image … not found under …; drew the fallback background"
        );
        assert_eq!(
            kind_of("published-on: \"2024-02-30\" is not a date"),
            "published-on: … is not a date"
        );
        assert_ne!(kind_of("title is missing"), kind_of("date is missing"));
    }

    #[test]
    fn many_warnings_of_one_kind_form_one_group() {
        let mut diagnostics: Vec<Diagnostic> = (0..5)
            .map(|i| {
                Diagnostic::warning(
                    format!("p{i}.md"),
                    format!("hero image /x{i}.png not found"),
                )
            })
            .collect();
        diagnostics.push(Diagnostic::error("bad.md", "title is missing"));
        let groups = group(&diagnostics);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].severity, Severity::Error);
        assert_eq!(groups[1].members.len(), 5);
    }

    #[test]
    fn r_one_message_repeated_is_one_group_per_severity_in_order() {
        let same = "the post has no hero image";
        let diagnostics = vec![
            Diagnostic::warning("a.md", same),
            Diagnostic::error("b.md", same),
            Diagnostic::warning("c.md", "hero image /c.png not found"),
            Diagnostic::warning("d.md", same),
            Diagnostic::error("e.md", same),
        ];
        let groups = group(&diagnostics);
        let shape: Vec<(Severity, Vec<&str>)> = groups
            .iter()
            .map(|g| {
                let files = g.members.iter().map(|d| d.path.to_str().unwrap());
                (g.severity, files.collect())
            })
            .collect();
        assert_eq!(
            shape,
            [
                (Severity::Error, vec!["b.md", "e.md"]),
                (Severity::Warning, vec!["a.md", "d.md"]),
                (Severity::Warning, vec!["c.md"]),
            ]
        );
    }

    #[test]
    fn plurals_agree() {
        assert_eq!(plural(1, "post", "posts"), "1 post");
        assert_eq!(plural(2, "post", "posts"), "2 posts");
        assert_eq!(plural(0, "post", "posts"), "0 posts");
    }

    #[test]
    fn github_annotations_are_escaped() {
        let d = Diagnostic::warning("posts/a,b.md", "50% done\nnext").at(3, Some(4));
        assert_eq!(
            github_annotation(&d, &d.message),
            "::warning file=posts/a%2Cb.md,line=3,col=4::50%25 done%0Anext"
        );
    }
}
