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
pub mod config;
pub mod error;
pub mod feed;
pub mod glue;
pub mod output;
pub mod post;
pub mod site;

pub use config::{Config, Overrides};
pub use error::{Diagnostic, Error, Report, Severity};
