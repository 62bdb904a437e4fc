//! Command-line arguments (clap) → library calls. Binary only: the library
//! never sees clap.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use clap::{Args, Parser, Subcommand};

/// The most worker threads `--jobs` accepts.
const MAX_JOBS: i64 = 256;

use feedcard::Overrides;

/// Turns a folder of Markdown posts into RSS, Atom and JSON feeds and social
/// card images.
#[derive(Debug, Parser)]
#[command(name = "feedcard", version, about, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build feeds, cards, meta snippets, manifest and gallery.
    Build(BuildArgs),
    /// Validate posts, config and templates; write nothing.
    Check(SiteArgs),
    /// Draw one post's card (for template work).
    Card(CardArgs),
    /// Write a starter feedcard.toml and card templates.
    Init(InitArgs),
}

/// Flags shared by `build` and `check`.
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
    /// Worker threads, 1 to 256 (default: every core).
    // Capped: each thread holds a post's work and a card canvas; thousands
    // of threads only exhaust memory and the OS's thread limit.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=MAX_JOBS))]
    pub(crate) jobs: Option<u16>,
    /// Stop at the first bad post, before anything is written.
    #[arg(long)]
    pub(crate) strict: bool,
    /// The current time (RFC 3339); posts dated after it stay out. Default: now.
    #[arg(long, value_name = "RFC3339", value_parser = parse_now)]
    pub(crate) now: Option<DateTime<FixedOffset>>,
    /// Print errors only.
    #[arg(long, short)]
    pub(crate) quiet: bool,
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

/// `feedcard card`.
#[derive(Debug, Args)]
pub(crate) struct CardArgs {
    /// The post file.
    #[arg(value_name = "POST.md")]
    pub(crate) post: PathBuf,
    /// Where to write the PNG (default: SLUG.png in the current folder).
    #[arg(short, long, value_name = "OUT.png")]
    pub(crate) output: Option<PathBuf>,
    /// Config file.
    #[arg(long, value_name = "FILE", default_value = "feedcard.toml")]
    pub(crate) config: PathBuf,
    /// Folder that /assets/... image paths resolve against.
    #[arg(long, value_name = "DIR")]
    pub(crate) assets: Option<PathBuf>,
}

/// `feedcard init`.
#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Folder to write into.
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
