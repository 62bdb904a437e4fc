//! Command-line arguments (clap) → library calls. Binary only: the library
//! never sees clap.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use clap::{Args, Parser, Subcommand, ValueEnum};

use feedcard::Overrides;

/// Shown after `feedcard --help`: what a first session looks like and what
/// the exit status means, so scripts and CI can rely on it.
const AFTER_HELP: &str = "\
Examples:
  feedcard init blog && cd blog && feedcard build
                                   start a site and build it
  feedcard watch                   rebuild on every save; preview the cards on http://127.0.0.1:8000
  feedcard build --message-format github --deny-warnings
                                   in CI: annotations on the files, and fail on warnings
  feedcard card posts/hello.md -o hello.png
                                   draw one card while editing a template
  feedcard completions bash > ~/.local/share/bash-completion/completions/feedcard

Exit status:
  0  everything was built
  1  a post was left out with an error (the rest was built), --strict stopped,
     or --deny-warnings met a warning
  2  usage, config or template error, or the output could not be written";

/// Turns a folder of Markdown posts into RSS, Atom and JSON feeds and social
/// card images.
#[derive(Debug, Parser)]
#[command(name = "feedcard", version, about, max_term_width = 100, after_help = AFTER_HELP)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build feeds, cards, meta snippets, manifest and gallery.
    #[command(after_help = "Example:\n  feedcard build --message-format github --deny-warnings")]
    Build(BuildArgs),
    /// Validate posts, config and templates; write nothing.
    Check(SiteArgs),
    /// Draw one post's card (for template work).
    #[command(
        after_help = "Example:\n  feedcard card posts/hello-feedcard.md -o hello.png\n\n\
        Without --config, feedcard.toml is looked for in the post's folder and then in each\n\
        folder above it, as git looks for .git."
    )]
    Card(CardArgs),
    /// Write a starter site: feedcard.toml, card templates and a sample post.
    #[command(after_help = "Example:\n  feedcard init blog && cd blog && feedcard build")]
    Init(InitArgs),
    /// Build, then rebuild on every change to posts, config or templates, and
    /// serve the output on 127.0.0.1 with live reload.
    #[command(after_help = "Example:\n  feedcard watch --port 8000\n  \
        then open http://127.0.0.1:8000/blog/cards/ (the gallery reloads itself after each build)")]
    Watch(WatchArgs),
    /// Print a shell completion script to stdout.
    #[command(after_help = "Examples:\n  \
        feedcard completions bash > ~/.local/share/bash-completion/completions/feedcard\n  \
        feedcard completions zsh > \"${fpath[1]}/_feedcard\"\n  \
        feedcard completions fish > ~/.config/fish/completions/feedcard.fish\n  \
        feedcard completions powershell >> $PROFILE")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to stdout.
    #[command(after_help = "Example:\n  feedcard man > ~/.local/share/man/man1/feedcard.1")]
    Man,
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum MessageFormat {
    /// For people: warnings of one kind grouped, a summary at the end (stderr).
    #[default]
    Human,
    /// One JSON object per line on stdout (diagnostics, then the summary).
    Json,
    /// GitHub Actions annotations (`::warning file=…::…`) on stdout.
    Github,
}

/// Flags shared by `build`, `check` and `watch`.
#[derive(Debug, Args)]
pub(crate) struct SiteArgs {
    /// Config file.
    #[arg(long, value_name = "FILE", default_value = "feedcard.toml")]
    pub(crate) config: PathBuf,
    /// Folder of posts (overrides [paths] posts).
    #[arg(long, value_name = "DIR")]
    pub(crate) posts: Option<PathBuf>,
    /// Folder that /assets/... image paths resolve against (overrides [paths] assets).
    #[arg(long, value_name = "DIR")]
    pub(crate) assets: Option<PathBuf>,
    /// Output folder (overrides [paths] out).
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
    /// Worker threads (default: every core).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub(crate) jobs: Option<u16>,
    /// Stop at the first bad post, before anything is written; a missing config
    /// or the placeholder base_url is an error too.
    #[arg(long)]
    pub(crate) strict: bool,
    /// The current time (RFC 3339); posts dated after it stay out. Default: now.
    #[arg(long, value_name = "RFC3339", value_parser = parse_now)]
    pub(crate) now: Option<DateTime<FixedOffset>>,
    /// Print errors only.
    #[arg(long, short)]
    pub(crate) quiet: bool,
    /// List every file of a grouped warning instead of the first few.
    #[arg(long, short)]
    pub(crate) verbose: bool,
    /// Exit with status 1 when there is any warning.
    #[arg(long)]
    pub(crate) deny_warnings: bool,
    /// How diagnostics are printed.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = MessageFormat::Human)]
    pub(crate) message_format: MessageFormat,
}

/// `feedcard build`.
#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// Draw no cards (feeds still link cards already drawn and up to date).
    #[arg(long)]
    pub(crate) no_cards: bool,
    /// Redraw every card, even unchanged ones.
    #[arg(long)]
    pub(crate) force: bool,
}

/// `feedcard watch`.
#[derive(Debug, Args)]
pub(crate) struct WatchArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// Port to serve on (127.0.0.1 only); 0 picks a free one.
    #[arg(long, default_value_t = 8000)]
    pub(crate) port: u16,
    /// Rebuild on changes but serve nothing.
    #[arg(long)]
    pub(crate) no_serve: bool,
}

/// `feedcard card`.
#[derive(Debug, Args)]
pub(crate) struct CardArgs {
    /// The post file.
    #[arg(value_name = "POST.md")]
    pub(crate) post: PathBuf,
    /// Where to write the PNG (default: SLUG.png in the current folder).
    #[arg(short, long, value_name = "OUT.png")]
    pub(crate) output: Option<PathBuf>,
    /// Config file (default: the nearest feedcard.toml from the post's folder up).
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Folder that /assets/... image paths resolve against.
    #[arg(long, value_name = "DIR")]
    pub(crate) assets: Option<PathBuf>,
}

/// `feedcard init`.
#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Folder to write into (created when missing).
    #[arg(default_value = ".")]
    pub(crate) dir: PathBuf,
}

impl SiteArgs {
    pub(crate) fn overrides(&self) -> Overrides {
        Overrides {
            posts: self.posts.clone(),
            assets: self.assets.clone(),
            out: self.out.clone(),
        }
    }

    /// The config file must exist unless the user left `--config` at its default.
    pub(crate) fn config_required(&self) -> bool {
        self.config != std::path::Path::new("feedcard.toml")
    }
}

fn parse_now(text: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(text)
        .map_err(|e| format!("{e}; expected e.g. 2026-01-01T00:00:00Z"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
