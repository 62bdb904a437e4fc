//! `feedcard.toml`: read strictly, then resolved into a validated [`Config`].
//!
//! Two steps, as ripgrep goes from low-level to high-level arguments:
//! [`RawConfig`] mirrors the file (every table `deny_unknown_fields`, so a typo is
//! an error with its line, never silently ignored); command-line [`Overrides`] are
//! merged into it; then [`Config::resolve`] checks values and resolves paths
//! against the config file's folder. One validation covers file and flags alike.

use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use serde::Deserialize;

use crate::common::line_column;
pub use crate::common::{CardKind, FieldKeys};
use crate::error::Error;

/// The file as written, every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawConfig {
    site: RawSite,
    paths: RawPaths,
    feeds: RawFeeds,
    cards: RawCards,
    fields: RawFields,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawSite {
    title: Option<String>,
    base_url: Option<String>,
    description: Option<String>,
    language: Option<String>,
    timezone: Option<String>,
    author: Option<String>,
    author_email: Option<String>,
    icon: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawPaths {
    posts: Option<PathBuf>,
    assets: Option<PathBuf>,
    out: Option<PathBuf>,
    post_url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawFeeds {
    limit: Option<usize>,
    full_content: Option<bool>,
    formats: Option<Vec<FeedFormat>>,
    per_category: Option<bool>,
    path: Option<String>,
    stylesheet: Option<String>,
    hub: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawCards {
    default: Option<CardKind>,
    path: Option<String>,
    templates: Option<PathBuf>,
    file_name: Option<String>,
    extra_fonts: Option<Vec<PathBuf>>,
    format: Option<crate::card::encode::Format>,
}

type RawFields = FieldKeys;

/// Values given on the command line; each one, when set, wins over the file.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--posts`
    pub posts: Option<PathBuf>,
    /// `--assets`
    pub assets: Option<PathBuf>,
    /// `--out`
    pub out: Option<PathBuf>,
}

/// One feed format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedFormat {
    /// RSS 2.0, `rss.xml`.
    Rss,
    /// Atom 1.0, `atom.xml`.
    Atom,
    /// JSON Feed 1.1, `feed.json`.
    Json,
}

impl FeedFormat {
    /// The file name the format is written under.
    pub fn file_name(self) -> &'static str {
        match self {
            FeedFormat::Rss => "rss.xml",
            FeedFormat::Atom => "atom.xml",
            FeedFormat::Json => "feed.json",
        }
    }

    /// The media type readers and `<link rel=alternate>` use.
    pub fn media_type(self) -> &'static str {
        match self {
            FeedFormat::Rss => "application/rss+xml",
            FeedFormat::Atom => "application/atom+xml",
            FeedFormat::Json => "application/feed+json",
        }
    }
}

/// The site as a whole.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Site (and feed) title.
    pub title: String,
    /// Absolute base URL, without a trailing slash.
    pub base_url: String,
    /// Feed description.
    pub description: String,
    /// Language tag, e.g. `en`.
    pub language: String,
    /// Time zone for dates written without an offset.
    pub timezone: Tz,
    /// Feed-level author name.
    pub author: String,
    /// Feed-level author email (RSS `managingEditor`, Atom `email`).
    pub author_email: Option<String>,
    /// Site icon: a root-relative path or absolute URL.
    pub icon: Option<String>,
}

/// Where things are read and written, resolved against the config's folder.
#[derive(Debug, Clone)]
pub struct PathsConfig {
    /// Folder of posts.
    pub posts: PathBuf,
    /// Folder that root-relative image paths resolve against.
    pub assets: PathBuf,
    /// Output root.
    pub out: PathBuf,
    /// URL path pattern of a post page, containing `{slug}`.
    pub post_url: String,
}

/// Which feeds to write and how.
#[derive(Debug, Clone)]
pub struct FeedsConfig {
    /// Items per feed.
    pub limit: usize,
    /// Whether items carry the full HTML body.
    pub full_content: bool,
    /// Formats to write, in a fixed order.
    pub formats: Vec<FeedFormat>,
    /// Whether to write feeds for each category.
    pub per_category: bool,
    /// URL path of the feed folder, starting with `/`, no trailing slash.
    pub path: String,
    /// Optional XSL stylesheet URL for the XML feeds.
    pub stylesheet: Option<String>,
    /// Optional WebSub hub URL.
    pub hub: Option<String>,
}

/// How cards are drawn and named.
#[derive(Debug, Clone)]
pub struct CardsConfig {
    /// Kind used when a post does not ask for one.
    pub default: CardKind,
    /// URL path of the cards folder, starting with `/`, no trailing slash.
    pub path: String,
    /// Folder of user templates overriding the built-in ones, if any.
    pub templates: Option<PathBuf>,
    /// File name pattern: `{slug}` and optionally `{hash8}`.
    pub file_name: String,
    /// Extra font files tried first in the fallback chain (e.g. a full CJK font).
    pub extra_fonts: Vec<PathBuf>,
    /// Image format of the cards; the file name's extension follows it.
    pub format: crate::card::encode::Format,
}

/// The validated configuration every stage reads.
#[derive(Debug, Clone)]
pub struct Config {
    /// `[site]`
    pub site: SiteConfig,
    /// `[paths]`
    pub paths: PathsConfig,
    /// `[feeds]`
    pub feeds: FeedsConfig,
    /// `[cards]`
    pub cards: CardsConfig,
    /// `[fields]`
    pub fields: FieldKeys,
}

impl RawConfig {
    /// Parses the TOML text of a config file; `path` is only for messages.
    pub fn parse(path: &Path, text: &str) -> Result<RawConfig, Error> {
        toml::from_str(text).map_err(|err| {
            let (line, column) = err.span().map(|span| line_column(text, span.start)).unzip();
            Error::Config {
                path: path.to_path_buf(),
                line,
                column,
                message: err.message().to_string(),
            }
        })
    }
}

impl Config {
    /// Reads and resolves a config file. A missing file is fine when `required`
    /// is false (every key has a default); then paths resolve against `.`.
    pub fn load(path: &Path, required: bool, overrides: &Overrides) -> Result<Config, Error> {
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let raw = match std::fs::read_to_string(path) {
            Ok(text) => RawConfig::parse(path, &text)?,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound && !required => {
                RawConfig::default()
            }
            Err(err) => {
                return Err(Error::Config {
                    path: path.to_path_buf(),
                    line: None,
                    column: None,
                    message: format!("cannot read the config file: {err}"),
                })
            }
        };
        Config::resolve(raw, overrides, &base, path)
    }

    /// Parses config text (no I/O); paths resolve against `base`.
    pub fn parse(text: &str, base: &Path) -> Result<Config, Error> {
        let path = base.join("feedcard.toml");
        Config::resolve(
            RawConfig::parse(&path, text)?,
            &Overrides::default(),
            base,
            &path,
        )
    }

    /// Merges overrides into the raw file, checks every value and resolves paths.
    pub fn resolve(
        raw: RawConfig,
        overrides: &Overrides,
        base: &Path,
        config_path: &Path,
    ) -> Result<Config, Error> {
        let invalid = |key: &str, message: String| Error::Config {
            path: config_path.to_path_buf(),
            line: None,
            column: None,
            message: format!("`{key}`: {message}"),
        };
        let resolve_path = |flag: &Option<PathBuf>, file: Option<PathBuf>, default: &str| {
            // Flags are relative to the working directory, file values to the file.
            match flag {
                Some(p) => p.clone(),
                None => base.join(file.unwrap_or_else(|| PathBuf::from(default))),
            }
        };

        let base_url = raw
            .site
            .base_url
            .unwrap_or_else(|| "https://example.com".into());
        let parsed = url::Url::parse(&base_url)
            .map_err(|e| invalid("site.base_url", format!("{base_url:?} is not a URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(invalid(
                "site.base_url",
                format!(
                    "{base_url:?} must be an absolute http(s) URL such as \"https://example.com\""
                ),
            ));
        }
        let timezone_name = raw.site.timezone.unwrap_or_else(|| "UTC".into());
        let timezone: Tz = timezone_name.parse().map_err(|_| {
            invalid(
                "site.timezone",
                format!("{timezone_name:?} is not an IANA time zone name such as \"Europe/Paris\""),
            )
        })?;
        let title = raw.site.title.unwrap_or_else(|| "Blog".into());
        let site = SiteConfig {
            description: raw
                .site
                .description
                .unwrap_or_else(|| format!("Latest posts from {title}")),
            author: raw.site.author.unwrap_or_else(|| title.clone()),
            title,
            base_url: base_url.trim_end_matches('/').to_string(),
            language: raw.site.language.unwrap_or_else(|| "en".into()),
            timezone,
            author_email: raw.site.author_email,
            icon: raw.site.icon,
        };

        let post_url = raw.paths.post_url.unwrap_or_else(|| "/blog/{slug}".into());
        if !post_url.contains("{slug}") {
            return Err(invalid(
                "paths.post_url",
                format!("{post_url:?} must contain {{slug}}"),
            ));
        }
        let paths = PathsConfig {
            posts: resolve_path(&overrides.posts, raw.paths.posts, "posts"),
            assets: resolve_path(&overrides.assets, raw.paths.assets, "."),
            out: resolve_path(&overrides.out, raw.paths.out, "public"),
            post_url: ensure_leading_slash(&post_url),
        };

        let limit = raw.feeds.limit.unwrap_or(50);
        if limit == 0 {
            return Err(invalid("feeds.limit", "must be at least 1".into()));
        }
        let mut formats = raw
            .feeds
            .formats
            .unwrap_or_else(|| vec![FeedFormat::Rss, FeedFormat::Atom, FeedFormat::Json]);
        formats.sort();
        formats.dedup();
        let feeds = FeedsConfig {
            limit,
            full_content: raw.feeds.full_content.unwrap_or(true),
            formats,
            per_category: raw.feeds.per_category.unwrap_or(true),
            path: url_dir(&raw.feeds.path.unwrap_or_else(|| "/blog".into()))
                .map_err(|m| invalid("feeds.path", m))?,
            stylesheet: raw.feeds.stylesheet,
            hub: raw.feeds.hub,
        };

        let file_name = raw.cards.file_name.unwrap_or_else(|| "{slug}.png".into());
        let disk_name = file_name.split('?').next().unwrap_or_default();
        let image_name = [".png", ".jpg", ".jpeg", ".webp"]
            .iter()
            .any(|ext| disk_name.to_ascii_lowercase().ends_with(ext));
        if !disk_name.contains("{slug}") || file_name.contains('/') || !image_name {
            return Err(invalid(
                "cards.file_name",
                format!(
                    "{file_name:?} must be a .png, .jpg or .webp name containing {{slug}} and no '/' \
                     (the extension then follows cards.format), \
                     e.g. \"{{slug}}.{{hash8}}.png\" or \"{{slug}}.png?v={{hash8}}\""
                ),
            ));
        }
        let cards = CardsConfig {
            default: raw.cards.default.unwrap_or(CardKind::SummaryLargeImage),
            path: url_dir(&raw.cards.path.unwrap_or_else(|| "/blog/cards".into()))
                .map_err(|m| invalid("cards.path", m))?,
            templates: raw.cards.templates.map(|p| base.join(p)),
            file_name,
            format: raw.cards.format.unwrap_or_default(),
            extra_fonts: raw
                .cards
                .extra_fonts
                .unwrap_or_default()
                .into_iter()
                .map(|p| base.join(p))
                .collect(),
        };

        Ok(Config {
            site,
            paths,
            feeds,
            cards,
            fields: raw.fields,
        })
    }

    /// Absolute URL of a root-relative path (`/blog/rss.xml`). The path is
    /// percent-encoded (a slug or category in any script becomes a valid URL;
    /// files on disk keep their UTF-8 names, which is what servers map it to);
    /// a `?query` part is kept as written.
    pub fn absolute_url(&self, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            return path.to_string();
        }
        let (path, query) = match path.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (path, None),
        };
        let path = ensure_leading_slash(path);
        let encoded = percent_encoding::utf8_percent_encode(&path, URL_PATH);
        match query {
            Some(query) => format!("{}{encoded}?{query}", self.site.base_url),
            None => format!("{}{encoded}", self.site.base_url),
        }
    }
}

/// Bytes percent-encoded in URL paths: controls, non-ASCII, and the
/// characters RFC 3986 does not allow in a path (`%` is kept, so a path the
/// user already encoded is not encoded twice).
const URL_PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'#')
    .add(b'?')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^')
    .add(b'[')
    .add(b']');

fn ensure_leading_slash(path: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    }
}

/// A URL folder path: leading slash, no trailing slash (`/` becomes empty).
/// Outputs are written under it, so it may not climb out with `..`.
fn url_dir(path: &str) -> Result<String, String> {
    let climbs = path
        .split('/')
        .any(|segment| segment == ".." || segment == ".");
    if climbs || path.contains('\\') || path.contains("://") {
        return Err(format!(
            "{path:?} must be a plain URL path such as \"/blog\" (no \"..\", \".\" or host)"
        ));
    }
    Ok(ensure_leading_slash(path.trim_end_matches('/'))
        .trim_end_matches('/')
        .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        let config = Config::parse("", Path::new("/site")).unwrap();
        assert_eq!(config.feeds.limit, 50);
        assert_eq!(config.feeds.path, "/blog");
        assert_eq!(config.paths.posts, Path::new("/site/posts"));
        assert_eq!(config.cards.default, CardKind::SummaryLargeImage);
        assert_eq!(config.site.timezone, Tz::UTC);
    }

    #[test]
    fn unknown_key_is_an_error_with_its_line() {
        let text = "[site]\ntitle = \"x\"\n\n[feeds]\nlimmit = 3\n";
        let err = Config::parse(text, Path::new("/site")).unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("/site/feedcard.toml:5:1: unknown field `limmit`"),
            "{message}"
        );
        assert!(err.is_usage());
    }

    #[test]
    fn wrong_type_names_the_line() {
        let err = Config::parse("[feeds]\nlimit = \"many\"\n", Path::new("/s")).unwrap_err();
        assert!(
            err.to_string().starts_with("/s/feedcard.toml:2:9:"),
            "{err}"
        );
    }

    #[test]
    fn bad_time_zone_is_rejected() {
        let err = Config::parse("[site]\ntimezone = \"Mars/Olympus\"\n", Path::new("/s"));
        assert!(err.unwrap_err().to_string().contains("site.timezone"));
    }

    #[test]
    fn overrides_win_over_the_file() {
        let raw = RawConfig::parse(Path::new("c.toml"), "[paths]\nout = \"dist\"\n").unwrap();
        let overrides = Overrides {
            out: Some("elsewhere".into()),
            ..Overrides::default()
        };
        let config = Config::resolve(raw, &overrides, Path::new("/s"), Path::new("c")).unwrap();
        assert_eq!(config.paths.out, Path::new("elsewhere"));
    }

    #[test]
    fn output_paths_cannot_climb_out() {
        let err = Config::parse("[feeds]\npath = \"/blog/../../etc\"\n", Path::new("/s"));
        assert!(err.unwrap_err().to_string().contains("feeds.path"));
    }

    #[test]
    fn paths_are_normalised() {
        let text = "[feeds]\npath = \"feeds/\"\n[cards]\npath = \"/\"\n[site]\nbase_url = \"https://x.org/\"";
        let config = Config::parse(text, Path::new("/s")).unwrap();
        assert_eq!(config.feeds.path, "/feeds");
        assert_eq!(config.cards.path, "");
        assert_eq!(config.absolute_url("/a"), "https://x.org/a");
        assert_eq!(
            config.absolute_url("/blog/日本語/rss.xml"),
            "https://x.org/blog/%E6%97%A5%E6%9C%AC%E8%AA%9E/rss.xml"
        );
        assert_eq!(
            config.absolute_url("/c/a b.png?v=1234"),
            "https://x.org/c/a%20b.png?v=1234"
        );
    }
}
