//! feedcard: a folder of Markdown posts → RSS 2.0, Atom 1.0 and JSON feeds,
//! social card PNGs, and the glue that ties them together.
//!
//! ```text
//!  posts/*.md ──post::load_posts──▶ Vec<Post> ──Site::new──▶ Site
//!                                                    │
//!              ┌─────────────────────┬───────────────┼──────────────────┐
//!              ▼                     ▼               ▼                  ▼
//!        feed::render          card::draw      glue::{meta,       report
//!        (rss/atom/json)       (PNG bytes)      manifest,gallery}
//!              └──────────────┬──────┴───────────────┘
//!                             ▼
//!                   output::write_atomic
//! ```

#![warn(missing_docs, unreachable_pub)]

pub mod card;
pub mod common;
pub mod config;
pub mod error;
pub mod feed;
pub mod glue;
pub mod output;
pub mod pipeline;
pub mod post;
pub mod read;
pub mod site;

mod init;

pub use config::{Config, Overrides};
pub use error::{Diagnostic, Error, Report, Severity};
pub use init::init;
pub use pipeline::{build, BuildOptions, NoProgress, Progress};

use std::path::{Path, PathBuf};

/// What [`draw_card`] wrote.
#[derive(Debug, Clone)]
pub struct DrawnCard {
    /// The PNG file.
    pub path: PathBuf,
    /// Warnings (a missing hero, a glyph no font has).
    pub diagnostics: Vec<Diagnostic>,
}

/// Draws one post's card to `output` (default `SLUG.png` in the current
/// folder), for template work. Errors in the post are returned as an error.
pub fn draw_card(config: &Config, post: &Path, output: Option<&Path>) -> Result<DrawnCard, Error> {
    pipeline::draw_one_card(config, post, output)
}
