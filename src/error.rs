//! The two kinds of failure, kept apart.
//!
//! An [`Error`] is fatal: the configuration is wrong, the posts folder cannot be
//! read, the output folder cannot be written. The run stops.
//!
//! A [`Diagnostic`] belongs to one post (a bad date, a missing title, a hero that
//! cannot be read). It is collected and reported; with [`Severity::Error`] the post
//! is left out of every output and the run ends with exit status 1, with
//! [`Severity::Warning`] the post is still built (a card falls back to the plain
//! background, say). Diagnostics are values in the [`Report`], never printed by the
//! library.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// A fatal error: nothing (more) can be written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path the operation was about.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// The configuration file (or a flag) is wrong.
    #[error("{}{}: {message}", path.display(), location_suffix(*line, *column))]
    Config {
        /// The config file (or `<command line>`).
        path: PathBuf,
        /// 1-based line, when known.
        line: Option<usize>,
        /// 1-based column, when known.
        column: Option<usize>,
        /// What is wrong, written for the user.
        message: String,
    },
    /// A card template is wrong.
    #[error("{}{}: {message}", path.display(), location_suffix(*line, *column))]
    Template {
        /// The template file.
        path: PathBuf,
        /// 1-based line, when known.
        line: Option<usize>,
        /// 1-based column, when known.
        column: Option<usize>,
        /// What is wrong, written for the user.
        message: String,
    },
    /// A single post given on the command line cannot be used.
    #[error("{0}")]
    Post(Diagnostic),
    /// `--strict` was given and a post had an error.
    #[error("{0} (--strict: nothing was written)")]
    Strict(Diagnostic),
    /// Another build holds the output folder.
    #[error("{}: another feedcard build is writing to this folder; try again when it has finished", path.display())]
    Locked {
        /// The lock file.
        path: PathBuf,
    },
}

fn location_suffix(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Whether this error is about the user's input (config, template, usage)
    /// rather than the machine; the binary maps those to exit status 2.
    pub fn is_usage(&self) -> bool {
        matches!(self, Error::Config { .. } | Error::Template { .. })
    }
}

/// How bad a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The post was still built, with a fallback.
    Warning,
    /// The post was left out of every output.
    Error,
}

/// One problem with one input file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// The file, as the user named it (relative to where they pointed us).
    pub path: PathBuf,
    /// 1-based line in the file, when there is one.
    pub line: Option<usize>,
    /// 1-based column in the file, when there is one.
    pub column: Option<usize>,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and, where it helps, how to fix it.
    pub message: String,
}

impl Diagnostic {
    /// An error that leaves the post out.
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line: None,
            column: None,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    /// A warning: the post is still built.
    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Attaches a 1-based line (and column) to the diagnostic.
    pub fn at(mut self, line: usize, column: Option<usize>) -> Self {
        self.line = Some(line);
        self.column = column;
        self
    }

    /// The path the diagnostic is about.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// `path:line:col: error: message`, the format editors and CI annotate.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{}{}: {kind}: {}",
            escape_controls(&self.path.display().to_string()),
            location_suffix(self.line, self.column),
            escape_controls(&self.message)
        )
    }
}

/// Control characters from a post (a title, a hero path) are shown escaped,
/// so a hostile post cannot drive the terminal that reads the report.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| {
                if needs_escape(c) {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// Control characters, the bidirectional formatting characters that reorder
/// what a terminal shows (a title could make a message read as if it named
/// another file: "Trojan Source"), and characters that draw nothing, so a
/// quoted name never hides what it holds. The joiners (U+200C, U+200D) stay:
/// Indic scripts and emoji sequences need them.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
            // Line and paragraph separators: a log viewer may break a line there.
            | '\u{2028}' | '\u{2029}'
            // Invisible: zero-width space, word joiner and invisible operators,
            // byte-order mark, Mongolian vowel separator, Hangul fillers.
            | '\u{200B}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{180E}'
            | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}'
        )
}

/// What a run did, handed back to the caller to print.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Every problem found, sorted by path then line.
    pub diagnostics: Vec<Diagnostic>,
    /// Posts read from disk.
    pub posts_found: usize,
    /// Posts that entered the build (not drafts, not scheduled, no errors).
    pub posts_built: usize,
    /// Drafts left out on purpose.
    pub drafts: usize,
    /// Posts dated after `now`, held back until their time.
    pub scheduled: usize,
    /// Feed files written (or that would be written, for `check`).
    pub feeds_written: usize,
    /// Cards drawn in this run.
    pub cards_drawn: usize,
    /// Cards whose inputs had not changed, so they were kept.
    pub cards_unchanged: usize,
    /// Other files written (meta snippets, manifest, gallery).
    pub other_written: usize,
    /// Output files removed because the build no longer produces them (in a
    /// dry run: that would be removed), relative to the output folder.
    pub removed: Vec<PathBuf>,
    /// Output files that were new or changed and so written (in a dry run:
    /// that would be written), relative to the output folder.
    pub written: Vec<PathBuf>,
    /// Nothing had changed since the last successful build, so nothing was
    /// read or written and the counts are that build's.
    pub up_to_date: bool,
}

impl Report {
    /// Posts left out because of an error.
    pub fn posts_left_out(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| &d.path)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    }

    /// Sorts diagnostics into a total order so parallel completion order never
    /// reaches the output.
    pub(crate) fn sort_diagnostics(&mut self) {
        // Usually sorted already (posts load in path order): checking is one
        // comparison per pair, sorting 10k diagnostics cost ~140 M
        // instructions of `Path` component comparisons.
        if !self.diagnostics.is_sorted() {
            self.diagnostics.sort();
        }
        self.diagnostics.dedup();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostic_prints_in_editor_format() {
        let d = Diagnostic::error("posts/a.md", "bad date").at(3, Some(14));
        assert_eq!(d.to_string(), "posts/a.md:3:14: error: bad date");
        let w = Diagnostic::warning("posts/b.md", "hero missing");
        assert_eq!(w.to_string(), "posts/b.md: warning: hero missing");
    }

    #[test]
    fn control_characters_are_shown_escaped() {
        let d = Diagnostic::warning("a.md", "hero /x\u{1b}[2J\u{7}.png missing");
        assert_eq!(
            d.to_string(),
            "a.md: warning: hero /x\\u{1b}[2J\\u{7}.png missing"
        );
    }

    #[test]
    fn r_invisible_characters_are_shown_escaped() {
        let shown = escape_controls("a\u{3164}b\u{200B}c\u{FEFF}d");
        assert_eq!(shown, "a\\u{3164}b\\u{200b}c\\u{feff}d");
        // Joiners are part of Indic words and emoji sequences: kept.
        assert_eq!(escape_controls("क्\u{200D}ष"), "क्\u{200D}ष");
    }

    #[test]
    fn r_bidi_controls_are_shown_escaped() {
        let d = Diagnostic::error("a\u{202E}dm.exe", "title \u{2067}x\u{2069} \u{200F}\u{61C}");
        assert_eq!(
            d.to_string(),
            "a\\u{202e}dm.exe: error: title \\u{2067}x\\u{2069} \\u{200f}\\u{61c}"
        );
        // Ordinary right-to-left text is not touched.
        let d = Diagnostic::warning("a.md", "عنوان");
        assert_eq!(d.to_string(), "a.md: warning: عنوان");
    }

    #[test]
    fn posts_left_out_counts_files_not_messages() {
        let report = Report {
            diagnostics: vec![
                Diagnostic::error("a.md", "one"),
                Diagnostic::error("a.md", "two"),
                Diagnostic::warning("b.md", "three"),
            ],
            ..Report::default()
        };
        assert_eq!(report.posts_left_out(), 1);
    }
}
