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

use crate::common::{fediverse_handle, line_column, twitter_handle};
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
    content: RawContent,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawSite {
    title: Option<String>,
    base_url: Option<String>,
    description: Option<String>,
    language: Option<String>,
    languages: Option<Vec<String>>,
    timezone: Option<String>,
    author: Option<String>,
    author_email: Option<String>,
    author_avatar: Option<String>,
    icon: Option<String>,
    twitter: Option<String>,
    fediverse: Option<String>,
    locale: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawPaths {
    posts: Option<PathBuf>,
    assets: Option<PathBuf>,
    out: Option<PathBuf>,
    state: Option<PathBuf>,
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
    stylesheet: Option<RawStylesheet>,
    hub: Option<String>,
    all_languages: Option<bool>,
}

/// `stylesheet = false` (none), `true` (the built-in one, the default) or a URL.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawStylesheet {
    Enabled(bool),
    Href(String),
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

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawContent {
    dialect: Option<DialectChoice>,
}

/// `[content] dialect`: which generator's shortcodes and template tags post
/// bodies carry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DialectChoice {
    /// Decide from the site's layout (a `hugo.toml`, `_config.yml`, Zola's
    /// `config.toml`…), else from the syntax each body uses.
    #[default]
    Auto,
    /// Hugo shortcodes.
    Hugo,
    /// Jekyll Liquid.
    Jekyll,
    /// Zola shortcodes and `@/` links.
    Zola,
    /// Plain Markdown: nothing rewritten (`.mdx` files are still MDX).
    None,
}

/// How post bodies are read.
#[derive(Debug, Clone, Default)]
pub struct ContentConfig {
    /// The generator dialect of the bodies.
    pub dialect: DialectChoice,
}

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
    /// Language tag, e.g. `en`: the default language, whose posts and feeds
    /// take no `/{lang}` prefix.
    pub language: String,
    /// `[site] languages`: the top folders of the posts folder read as
    /// languages (Hugo's `content/fr/…`), canonical BCP 47 tags.
    pub languages: Vec<String>,
    /// Time zone for dates written without an offset.
    pub timezone: Tz,
    /// Feed-level author name.
    pub author: String,
    /// Feed-level author email (RSS `managingEditor`, Atom `email`).
    pub author_email: Option<String>,
    /// The site author's avatar (a path resolved like a hero's): drawn on
    /// the card of a post whose first author is the site's author (by name)
    /// without an avatar of their own, and of a post naming no author (whose
    /// card then credits the site's author).
    pub author_avatar: Option<String>,
    /// Site icon: a root-relative path or absolute URL.
    pub icon: Option<String>,
    /// The site's X/Twitter handle with its `@` (`twitter:site`, and
    /// `twitter:creator` unless a post says otherwise).
    pub twitter: Option<String>,
    /// The fediverse account credited with posts, `@user@host`
    /// (`fediverse:creator`, which Mastodon shows under link previews).
    pub fediverse: Option<String>,
    /// Open Graph locale (`og:locale`, `en_GB`): `locale`, else `language`
    /// when it names a region (`en-GB`).
    pub locale: Option<String>,
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
    /// Folder for feedcard's own state (card cache, ledger, lock), kept out of
    /// the output folder.
    pub state: PathBuf,
    /// URL path pattern of a post page, containing `{slug}` and optionally
    /// `{lang}` (see [`crate::site::post_url`]).
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
    /// XSL stylesheet URL for the XML feeds, if any (default: the built-in
    /// one at `{path}/feed.xsl`).
    pub stylesheet: Option<String>,
    /// Whether the built-in stylesheet is written to `{path}/feed.xsl`.
    pub builtin_stylesheet: bool,
    /// Optional WebSub hub URL.
    pub hub: Option<String>,
    /// Whether the default language's feeds also list the other languages' posts.
    pub all_languages: bool,
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
    /// The file this config was read from; `None` when no file was found and
    /// every value is a default.
    pub file: Option<PathBuf>,
    /// `[content]`
    pub content: ContentConfig,
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
        let (raw, file) = match std::fs::read_to_string(path) {
            Ok(text) => (RawConfig::parse(path, &text)?, Some(path.to_path_buf())),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound && !required => {
                (RawConfig::default(), None)
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
        let mut config = Config::resolve(raw, overrides, &base, path)?;
        config.file = file;
        Ok(config)
    }

    /// What a first run usually forgets: a config file, and a `base_url`
    /// changed from the placeholder. Every URL in the outputs would point to
    /// example.com, so the binary warns (and `--strict` refuses).
    pub fn first_run_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.file.is_none() {
            problems.push(
                "no feedcard.toml found, so every setting is a default; run `feedcard init` \
                 to write one"
                    .to_string(),
            );
        }
        let host = url::Url::parse(&self.site.base_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase));
        if matches!(host.as_deref(), Some("example.com" | "www.example.com")) {
            problems.push(format!(
                "[site] base_url is still the placeholder {}: every feed, card and meta link \
                 points there; set it to your site's address",
                self.site.base_url
            ));
        }
        problems
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
        let languages = raw
            .site
            .languages
            .unwrap_or_default()
            .iter()
            .map(|tag| {
                crate::post::canonical_tag(tag).ok_or_else(|| {
                    invalid(
                        "site.languages",
                        format!("{tag:?} is not a BCP 47 language tag such as \"fr\" or \"pt-BR\""),
                    )
                })
            })
            .collect::<Result<Vec<String>, Error>>()?;
        let title = raw.site.title.unwrap_or_else(|| "Blog".into());
        let mut site = SiteConfig {
            description: raw
                .site
                .description
                .unwrap_or_else(|| format!("Latest posts from {title}")),
            author: raw.site.author.unwrap_or_else(|| title.clone()),
            title,
            base_url: base_url.trim_end_matches('/').to_string(),
            language: raw.site.language.unwrap_or_else(|| "en".into()),
            languages,
            timezone,
            author_email: raw.site.author_email,
            author_avatar: raw
                .site
                .author_avatar
                .map(|a| a.trim().to_owned())
                .filter(|a| !a.is_empty()),
            icon: raw.site.icon,
            twitter: raw
                .site
                .twitter
                .map(|h| twitter_handle(&h).map_err(|m| invalid("site.twitter", m)))
                .transpose()?,
            fediverse: raw
                .site
                .fediverse
                .map(|h| fediverse_handle(&h).map_err(|m| invalid("site.fediverse", m)))
                .transpose()?,
            locale: None,
        };
        site.locale = raw
            .site
            .locale
            .or_else(|| site.language.contains('-').then(|| site.language.clone()))
            .map(|l| l.replace('-', "_"));

        let post_url = raw.paths.post_url.unwrap_or_else(|| "/blog/{slug}".into());
        if !post_url.contains("{slug}") {
            return Err(invalid(
                "paths.post_url",
                format!("{post_url:?} must contain {{slug}}"),
            ));
        }
        let post_url = url_path_pattern(&post_url).map_err(|m| invalid("paths.post_url", m))?;
        let paths = PathsConfig {
            posts: resolve_path(&overrides.posts, raw.paths.posts, "posts"),
            assets: resolve_path(&overrides.assets, raw.paths.assets, "."),
            out: resolve_path(&overrides.out, raw.paths.out, "public"),
            state: base.join(
                raw.paths
                    .state
                    .unwrap_or_else(|| PathBuf::from(".feedcard")),
            ),
            post_url,
        };
        if lexically_inside(&paths.state, &paths.out) {
            return Err(invalid(
                "paths.state",
                format!(
                    "{} is inside the output folder {}; feedcard's state must stay out of what \
                     is deployed (set [paths] state to a folder beside it)",
                    paths.state.display(),
                    paths.out.display()
                ),
            ));
        }

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
        let feed_path = url_dir(&raw.feeds.path.unwrap_or_else(|| "/blog".into()))
            .map_err(|m| invalid("feeds.path", m))?;
        let builtin_href = format!("{feed_path}/feed.xsl");
        let (stylesheet, builtin_stylesheet) = match raw.feeds.stylesheet {
            None | Some(RawStylesheet::Enabled(true)) => (Some(builtin_href), true),
            Some(RawStylesheet::Enabled(false)) => (None, false),
            Some(RawStylesheet::Href(href)) if href.trim().is_empty() => (None, false),
            Some(RawStylesheet::Href(href)) => (Some(href), false),
        };
        let feeds = FeedsConfig {
            limit,
            full_content: raw.feeds.full_content.unwrap_or(true),
            formats,
            per_category: raw.feeds.per_category.unwrap_or(true),
            path: feed_path,
            stylesheet,
            builtin_stylesheet,
            hub: raw.feeds.hub,
            all_languages: raw.feeds.all_languages.unwrap_or(false),
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
            file: Some(config_path.to_path_buf()),
            content: ContentConfig {
                dialect: raw.content.dialect.unwrap_or_default(),
            },
        })
    }

    /// The site's languages as the input stage needs them.
    pub fn languages(&self) -> crate::post::Languages<'_> {
        crate::post::Languages {
            default: &self.site.language,
            listed: &self.site.languages,
            root: &self.paths.posts,
        }
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
        let path = encode_stray_percent(&path);
        let encoded = percent_encoding::utf8_percent_encode(&path, URL_PATH);
        match query {
            Some(query) => format!("{}{encoded}?{query}", self.site.base_url),
            None => format!("{}{encoded}", self.site.base_url),
        }
    }
}

/// `%` becomes `%25` unless it starts a valid `%XX` escape: `100%-done` is
/// a slug with a percent sign (its URL must say `100%25-done`), `caf%C3%A9`
/// a path the user already encoded (kept, not encoded twice).
fn encode_stray_percent(path: &str) -> std::borrow::Cow<'_, str> {
    let bytes = path.as_bytes();
    let is_escape = |i: usize| {
        bytes.len() > i + 2 && bytes[i + 1].is_ascii_hexdigit() && bytes[i + 2].is_ascii_hexdigit()
    };
    if !(0..bytes.len()).any(|i| bytes[i] == b'%' && !is_escape(i)) {
        return std::borrow::Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len() + 8);
    for (i, c) in path.char_indices() {
        if c == '%' && !is_escape(i) {
            out.push_str("%25");
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The post URL pattern, checked like the other URL paths: leading slash,
/// `{slug}` in it, no `..`/`.` segment, host, backslash, fragment, blank or
/// control character (a post URL is written into every feed).
fn url_path_pattern(pattern: &str) -> Result<String, String> {
    let climbs = pattern
        .split('/')
        .any(|segment| segment == ".." || segment == ".");
    let odd = pattern
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\' || c == '#');
    if climbs || odd || pattern.contains("://") || pattern.starts_with("//") {
        return Err(format!(
            "{pattern:?} must be a plain URL path such as \"/blog/{{slug}}\" (no \"..\", \".\", host, blank or `#`)"
        ));
    }
    Ok(ensure_leading_slash(pattern))
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

/// Whether `inner` is `outer` or below it, comparing absolute paths with `.`
/// and `..` resolved by name (the folders need not exist yet).
fn lexically_inside(inner: &Path, outer: &Path) -> bool {
    let normal = |p: &Path| {
        let absolute = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let mut parts: Vec<std::path::Component<'_>> = Vec::new();
        for c in absolute.components() {
            match c {
                std::path::Component::CurDir => {}
                std::path::Component::ParentDir => {
                    parts.pop();
                }
                c => parts.push(c),
            }
        }
        parts.iter().collect::<PathBuf>()
    };
    normal(inner).starts_with(normal(outer))
}

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
    fn r_a_percent_sign_in_a_slug_is_encoded_unless_it_is_an_escape() {
        assert_eq!(encode_stray_percent("/blog/100%-done"), "/blog/100%25-done");
        assert_eq!(encode_stray_percent("/blog/caf%C3%a9"), "/blog/caf%C3%a9");
        assert_eq!(encode_stray_percent("/a%2"), "/a%252");
        assert_eq!(encode_stray_percent("/a%"), "/a%25");
        assert_eq!(encode_stray_percent("/é%zz"), "/é%25zz");
        let url = url::Url::parse(&format!(
            "https://x.example{}",
            encode_stray_percent("/100%-done")
        ));
        assert_eq!(url.unwrap().path(), "/100%25-done");
    }

    #[test]
    fn post_url_is_validated_like_the_other_paths() {
        for bad in [
            "/blog/../{slug}",
            "https://else.example/{slug}",
            "//cdn/{slug}",
            "/a b/{slug}",
            "/x/{slug}#top",
            "/a\\{slug}",
        ] {
            let err = url_path_pattern(bad).unwrap_err();
            assert!(err.contains("plain URL path"), "{bad}: {err}");
        }
        assert_eq!(url_path_pattern("posts/{slug}/").unwrap(), "/posts/{slug}/");
        assert_eq!(url_path_pattern("/{slug}.html").unwrap(), "/{slug}.html");
    }

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
    fn the_built_in_stylesheet_is_on_by_default_and_can_be_turned_off() {
        let config = Config::parse("", Path::new("/s")).unwrap();
        assert_eq!(config.feeds.stylesheet.as_deref(), Some("/blog/feed.xsl"));
        assert!(config.feeds.builtin_stylesheet);
        let off = Config::parse("[feeds]\nstylesheet = false\n", Path::new("/s")).unwrap();
        assert_eq!(off.feeds.stylesheet, None);
        assert!(!off.feeds.builtin_stylesheet);
        let own = Config::parse("[feeds]\nstylesheet = \"/my.xsl\"\n", Path::new("/s")).unwrap();
        assert_eq!(own.feeds.stylesheet.as_deref(), Some("/my.xsl"));
        assert!(!own.feeds.builtin_stylesheet);
    }

    #[test]
    fn social_handles_are_normalised_and_checked() {
        let text = "[site]\ntwitter = \"lighthouse\"\nfediverse = \"ana@social.example\"\nlanguage = \"en-GB\"\n";
        let config = Config::parse(text, Path::new("/s")).unwrap();
        assert_eq!(config.site.twitter.as_deref(), Some("@lighthouse"));
        assert_eq!(
            config.site.fediverse.as_deref(),
            Some("@ana@social.example")
        );
        assert_eq!(config.site.locale.as_deref(), Some("en_GB"));
        let bad = Config::parse("[site]\nfediverse = \"ana\"\n", Path::new("/s"));
        assert!(bad.unwrap_err().to_string().contains("site.fediverse"));
    }

    #[test]
    fn the_placeholder_base_url_is_a_first_run_problem() {
        let placeholder = Config::parse("", Path::new("/s")).unwrap();
        let problems = placeholder.first_run_problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("base_url"), "{problems:?}");
        let real = Config::parse(
            "[site]\nbase_url = \"https://tides.example\"\n",
            Path::new("/s"),
        );
        assert!(real.unwrap().first_run_problems().is_empty());
    }

    #[test]
    fn content_dialect_is_read_and_checked() {
        let config = Config::parse("", Path::new("/s")).unwrap();
        assert_eq!(config.content.dialect, DialectChoice::Auto);
        let config = Config::parse("[content]\ndialect = \"zola\"\n", Path::new("/s")).unwrap();
        assert_eq!(config.content.dialect, DialectChoice::Zola);
        let err = Config::parse("[content]\ndialect = \"gatsby\"\n", Path::new("/s"));
        assert!(err
            .unwrap_err()
            .to_string()
            .starts_with("/s/feedcard.toml:2:11:"));
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
    fn state_defaults_beside_the_config_and_may_not_be_deployed() {
        let config = Config::parse("", Path::new("/site")).unwrap();
        assert_eq!(config.paths.state, Path::new("/site/.feedcard"));
        let err = Config::parse("[paths]\nstate = \"public/.state\"\n", Path::new("/s"));
        assert!(err.unwrap_err().to_string().contains("paths.state"));
        let err = Config::parse("[paths]\nout = \".\"\n", Path::new("/s"));
        assert!(err.unwrap_err().to_string().contains("paths.state"));
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
