//! The parse cache: an unchanged post file is not parsed again.
//!
//! `<state>/posts.cache` maps each post file to what parsing it gave last time
//! (the post with its warnings, "draft", or the error), keyed by the file's
//! size, times and inode and a blake3 hash of its text. A file whose stat
//! matches is trusted without being read, as git and make trust theirs; one
//! whose stat changed (touched, copied, checked out) is read and hashed, and
//! only a changed hash parses it again.
//!
//! Stat alone is not trusted for a file modified within [`RACY`] of the run
//! that recorded it (git's "racily clean" entries): a second edit in the same
//! clock tick would keep its size and times. Such entries are checked by hash
//! until they are old enough. The change time (ctime) is part of the key
//! because tools that restore an mtime (`cp -p`, `rsync -a`, `touch -r`)
//! cannot restore it.
//!
//! The whole cache is dropped when anything else a parse depends on changes:
//! the feedcard version, the time zone, the `[fields]` keys (see
//! [`ParseCache::open`]). A missing, unreadable or corrupt cache is an empty
//! one: the cache can only save work, never change a result.
//!
//! The format is postcard (compact binary serde, behind a magic line):
//! serde_json took ~215 M instructions to load and ~150 M to write the 10k
//! entries of the benchmark site, a fifth of a re-run after a small edit
//! (BENCHMARKS.md, session speed3).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, FixedOffset, TimeZone};
use serde::{Deserialize, Serialize};

use super::{Author, HeroRef, Parsed, Post};
use crate::common::{CardKind, HeroKind};
use crate::error::{Diagnostic, Severity};

/// Bumped whenever the cached shape or the meaning of a field changes.
const FORMAT: u32 = 5;

/// The file's first bytes: a cache in another format (the JSON of earlier
/// versions) is ignored without being decoded.
const MAGIC: &[u8] = b"feedcard posts cache (postcard)\n";

/// The cache file's name inside the state folder.
pub(crate) const FILE_NAME: &str = "posts.cache";

/// A file modified less than this before it was recorded is checked by hash
/// next time even when its stat matches (see the module doc).
const RACY: Duration = Duration::from_secs(2);

use crate::read::FileStat as Stat;

/// Whether a change to the file could still hide behind `stat`: it was
/// modified less than [`RACY`] before `recorded`.
fn is_racy(stat: &Stat, recorded: SystemTime) -> bool {
    let recorded_ns = recorded
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    stat.newest_ns().saturating_add(RACY.as_nanos() as u64) >= recorded_ns
}

/// One file's cached parse.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    stat: Stat,
    /// The stat alone may be trusted (not racy when recorded).
    trusted: bool,
    /// blake3 of the text as read (BOM removed).
    hash: String,
    outcome: CachedOutcome,
}

/// The cache file.
#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    format: u32,
    fingerprint: String,
    /// By path, sorted (deterministic bytes).
    entries: Vec<(PathBuf, Entry)>,
}

/// The parse cache of one run: last run's entries, and this run's.
pub(crate) struct ParseCache {
    file: PathBuf,
    fingerprint: String,
    old: HashMap<PathBuf, Entry>,
    new: Mutex<HashMap<PathBuf, Entry>>,
    /// When this run started: entries whose file changed after it are racy.
    started: SystemTime,
}

impl ParseCache {
    /// Opens `<state_dir>/posts.cache`. `fingerprint` names everything besides
    /// the file that a parse depends on (time zone, `[fields]`); a cache made
    /// under another fingerprint or feedcard version is ignored.
    pub(crate) fn open(state_dir: &Path, fingerprint: &str) -> ParseCache {
        ParseCache::open_at(state_dir, fingerprint, SystemTime::now())
    }

    /// [`ParseCache::open`] as if the run started at `started` (tests move it
    /// later to make files old enough to trust by stat).
    fn open_at(state_dir: &Path, fingerprint: &str, started: SystemTime) -> ParseCache {
        let file = state_dir.join(FILE_NAME);
        let fingerprint = format!("feedcard {} {fingerprint}", env!("CARGO_PKG_VERSION"));
        let old = fs::read(&file)
            .ok()
            .and_then(|bytes| {
                let body = bytes.strip_prefix(MAGIC)?;
                postcard::from_bytes::<CacheFile>(body).ok()
            })
            .filter(|cache| cache.format == FORMAT && cache.fingerprint == fingerprint)
            .map(|cache| cache.entries.into_iter().collect())
            .unwrap_or_default();
        ParseCache {
            file,
            fingerprint,
            old,
            new: Mutex::new(HashMap::new()),
            started,
        }
    }

    /// What parsing `path` gives: last run's result when the file is
    /// unchanged, else `read` then `parse`, remembered for next time.
    pub(crate) fn load(
        &self,
        path: &Path,
        read: impl FnOnce() -> Result<String, Diagnostic>,
        parse: impl FnOnce(&str) -> Result<Parsed, Diagnostic>,
    ) -> Result<Parsed, Diagnostic> {
        let Ok(meta) = fs::metadata(path) else {
            return read().and_then(|text| parse(&text)); // let the reader explain
        };
        let stat = Stat::of(&meta);
        let old = self.old.get(path);
        if let Some(entry) = old.filter(|e| e.trusted && e.stat == stat) {
            self.remember(path, entry.clone());
            return entry.outcome.to_parsed();
        }
        let text = read()?;
        let hash = blake3::hash(text.as_bytes()).to_hex().to_string();
        let outcome = match old.filter(|e| e.hash == hash) {
            Some(entry) => entry.outcome.clone(),
            None => CachedOutcome::from_parsed(&parse(&text)),
        };
        let result = outcome.to_parsed();
        let trusted = !is_racy(&stat, self.started);
        self.remember(
            path,
            Entry {
                stat,
                trusted,
                hash,
                outcome,
            },
        );
        result
    }

    fn remember(&self, path: &Path, entry: Entry) {
        self.new
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path.to_path_buf(), entry);
    }

    /// The bytes to store for next run, or `None` when they would be the same
    /// as last run's (nothing added, changed or removed).
    pub(crate) fn into_bytes(self) -> Option<Vec<u8>> {
        let new = self
            .new
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let same = new.len() == self.old.len()
            && new.iter().all(|(path, entry)| {
                self.old.get(path).is_some_and(|old| {
                    old.stat == entry.stat && old.trusted == entry.trusted && old.hash == entry.hash
                })
            });
        if same {
            return None;
        }
        let mut entries: Vec<(PathBuf, Entry)> = new.into_iter().collect();
        // By bytes: deterministic, and ~10× cheaper than `Path`'s
        // component-wise order.
        entries.sort_unstable_by(|a, b| {
            a.0.as_os_str()
                .as_encoded_bytes()
                .cmp(b.0.as_os_str().as_encoded_bytes())
        });
        let file = CacheFile {
            format: FORMAT,
            fingerprint: self.fingerprint,
            entries,
        };
        let body = postcard::to_stdvec(&file).ok()?;
        Some([MAGIC, &body].concat())
    }

    /// Where the cache lives.
    pub(crate) fn path(&self) -> &Path {
        &self.file
    }
}

/// A parse result in a storable shape.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum CachedOutcome {
    Post(Box<CachedPost>, Vec<CachedDiagnostic>),
    Draft,
    Failed(CachedDiagnostic),
}

impl CachedOutcome {
    fn from_parsed(parsed: &Result<Parsed, Diagnostic>) -> CachedOutcome {
        match parsed {
            Ok(Parsed::Post(post, warnings)) => CachedOutcome::Post(
                Box::new(CachedPost::from(post)),
                warnings.iter().map(CachedDiagnostic::from).collect(),
            ),
            Ok(Parsed::Draft) => CachedOutcome::Draft,
            Err(d) => CachedOutcome::Failed(CachedDiagnostic::from(d)),
        }
    }

    fn to_parsed(&self) -> Result<Parsed, Diagnostic> {
        match self {
            CachedOutcome::Post(post, warnings) => Ok(Parsed::Post(
                Box::new(post.to_post()),
                warnings
                    .iter()
                    .map(CachedDiagnostic::to_diagnostic)
                    .collect(),
            )),
            CachedOutcome::Draft => Ok(Parsed::Draft),
            CachedOutcome::Failed(d) => Err(d.to_diagnostic()),
        }
    }
}

/// An instant with the offset the author wrote.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct CachedDate {
    secs: i64,
    nanos: u32,
    offset: i32,
}

impl CachedDate {
    fn from(date: &DateTime<FixedOffset>) -> CachedDate {
        CachedDate {
            secs: date.timestamp(),
            nanos: date.timestamp_subsec_nanos(),
            offset: date.offset().local_minus_utc(),
        }
    }

    fn to_date(self) -> DateTime<FixedOffset> {
        // The values came from a valid DateTime; a corrupt file that slipped
        // past serde falls back to the epoch rather than panicking.
        let offset =
            FixedOffset::east_opt(self.offset).unwrap_or(FixedOffset::east_opt(0).expect("UTC"));
        offset
            .timestamp_opt(self.secs, self.nanos)
            .single()
            .unwrap_or_else(|| offset.timestamp_opt(0, 0).single().expect("the epoch"))
    }
}

/// [`Author`], field for field.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CachedAuthor {
    name: String,
    email: Option<String>,
    uri: Option<String>,
    twitter: Option<String>,
    fediverse: Option<String>,
    avatar: Option<String>,
}

/// [`HeroRef`], field for field.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CachedHero {
    src: String,
    alt: Option<String>,
    focus: Option<(f32, f32)>,
    kind: Option<HeroKind>,
}

/// [`Post`], field for field. Both conversions destructure exhaustively, so a
/// field added to `Post` does not compile until it is cached too.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CachedPost {
    source: PathBuf,
    slug: String,
    title: String,
    card_title: String,
    published: CachedDate,
    updated: CachedDate,
    created: Option<CachedDate>,
    summary: String,
    categories: Vec<String>,
    hero: Option<CachedHero>,
    card_kind: Option<CardKind>,
    authors: Vec<CachedAuthor>,
    draft: bool,
    body_offset: usize,
    lang: String,
    section: String,
}

impl CachedPost {
    fn from(post: &Post) -> CachedPost {
        let Post {
            source,
            slug,
            title,
            card_title,
            published,
            updated,
            created,
            summary,
            categories,
            hero,
            card_kind,
            authors,
            draft,
            body_offset,
            lang,
            section,
        } = post;
        CachedPost {
            source: source.clone(),
            slug: slug.clone(),
            title: title.clone(),
            card_title: card_title.clone(),
            published: CachedDate::from(published),
            updated: CachedDate::from(updated),
            created: created.as_ref().map(CachedDate::from),
            summary: summary.clone(),
            categories: categories.clone(),
            hero: hero.as_ref().map(|h| CachedHero {
                src: h.src.clone(),
                alt: h.alt.clone(),
                focus: h.focus,
                kind: h.kind,
            }),
            card_kind: *card_kind,
            authors: authors
                .iter()
                .map(|a| CachedAuthor {
                    name: a.name.clone(),
                    email: a.email.clone(),
                    uri: a.uri.clone(),
                    twitter: a.twitter.clone(),
                    fediverse: a.fediverse.clone(),
                    avatar: a.avatar.clone(),
                })
                .collect(),
            draft: *draft,
            body_offset: *body_offset,
            lang: lang.clone(),
            section: section.clone(),
        }
    }

    fn to_post(&self) -> Post {
        let CachedPost {
            source,
            slug,
            title,
            card_title,
            published,
            updated,
            created,
            summary,
            categories,
            hero,
            card_kind,
            authors,
            draft,
            body_offset,
            lang,
            section,
        } = self;
        Post {
            source: source.clone(),
            slug: slug.clone(),
            title: title.clone(),
            card_title: card_title.clone(),
            published: published.to_date(),
            updated: updated.to_date(),
            created: created.map(CachedDate::to_date),
            summary: summary.clone(),
            categories: categories.clone(),
            hero: hero.as_ref().map(|h| HeroRef {
                src: h.src.clone(),
                alt: h.alt.clone(),
                focus: h.focus,
                kind: h.kind,
            }),
            card_kind: *card_kind,
            authors: authors
                .iter()
                .map(|a| Author {
                    name: a.name.clone(),
                    email: a.email.clone(),
                    uri: a.uri.clone(),
                    twitter: a.twitter.clone(),
                    fediverse: a.fediverse.clone(),
                    avatar: a.avatar.clone(),
                })
                .collect(),
            draft: *draft,
            body_offset: *body_offset,
            lang: lang.clone(),
            section: section.clone(),
        }
    }
}

/// [`Diagnostic`], field for field.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CachedDiagnostic {
    path: PathBuf,
    line: Option<usize>,
    column: Option<usize>,
    error: bool,
    message: String,
}

impl CachedDiagnostic {
    fn from(d: &Diagnostic) -> CachedDiagnostic {
        let Diagnostic {
            path,
            line,
            column,
            severity,
            message,
        } = d;
        CachedDiagnostic {
            path: path.clone(),
            line: *line,
            column: *column,
            error: *severity == Severity::Error,
            message: message.clone(),
        }
    }

    fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic {
            path: self.path.clone(),
            line: self.line,
            column: self.column,
            severity: if self.error {
                Severity::Error
            } else {
                Severity::Warning
            },
            message: self.message.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::common::FieldKeys;
    use crate::post::{read_post_text, ParseOptions};

    const POST: &str = "---\ntitle: Cached\ndate: 2024-01-02T03:04:05+02:00\ncategories: [A, B]\n\
                        image: {src: /x.png, alt: An x}\nauthor: Ann\nunknown_key: 1\n---\nBody.\n";

    /// Loads `path` through `cache`, counting real parses in `parses`.
    fn load(cache: &ParseCache, path: &Path, parses: &Cell<usize>) -> Result<Parsed, Diagnostic> {
        let fields = FieldKeys::default();
        let options = ParseOptions {
            timezone: chrono_tz::Tz::UTC,
            fields: &fields,
            languages: crate::post::Languages::default(),
            lowercase_slugs: false,
        };
        cache.load(
            path,
            || read_post_text(path),
            |text| {
                parses.set(parses.get() + 1);
                crate::post::parse(path, text, &options)
            },
        )
    }

    fn save(cache: ParseCache) {
        let path = cache.path().to_path_buf();
        if let Some(bytes) = cache.into_bytes() {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        }
    }

    fn post_of(parsed: Result<Parsed, Diagnostic>) -> (Post, Vec<Diagnostic>) {
        match parsed {
            Ok(Parsed::Post(post, warnings)) => (*post, warnings),
            other => panic!("expected a post, got {other:?}"),
        }
    }

    #[test]
    fn an_unchanged_post_comes_back_equal_without_a_parse() {
        let tmp = tempfile::tempdir().unwrap();
        let (state, path) = (tmp.path().join("state"), tmp.path().join("p.md"));
        fs::write(&path, POST).unwrap();
        let parses = Cell::new(0);
        let cache = ParseCache::open(&state, "fp");
        let first = post_of(load(&cache, &path, &parses));
        save(cache);
        let cache = ParseCache::open(&state, "fp");
        let second = post_of(load(&cache, &path, &parses));
        assert_eq!(parses.get(), 1);
        assert_eq!(first, second);
    }

    #[test]
    fn an_edited_post_is_parsed_again_and_a_touched_one_is_not() {
        let tmp = tempfile::tempdir().unwrap();
        let (state, path) = (tmp.path().join("state"), tmp.path().join("p.md"));
        fs::write(&path, POST).unwrap();
        let parses = Cell::new(0);
        let cache = ParseCache::open(&state, "fp");
        load(&cache, &path, &parses).unwrap();
        save(cache);
        // Same size, new text: the stat could even match; the hash does not.
        fs::write(&path, POST.replace("Cached", "Edited")).unwrap();
        let cache = ParseCache::open(&state, "fp");
        let (post, _) = post_of(load(&cache, &path, &parses));
        assert_eq!((parses.get(), post.title.as_str()), (2, "Edited"));
        save(cache);
        // Rewritten with the same bytes (new mtime): hashed, not parsed.
        fs::write(&path, POST.replace("Cached", "Edited")).unwrap();
        let cache = ParseCache::open(&state, "fp");
        load(&cache, &path, &parses).unwrap();
        assert_eq!(parses.get(), 2);
    }

    #[test]
    fn an_old_file_is_trusted_by_stat_and_a_fresh_one_is_not() {
        let tmp = tempfile::tempdir().unwrap();
        let (state, path) = (tmp.path().join("state"), tmp.path().join("p.md"));
        fs::write(&path, POST).unwrap();
        let parses = Cell::new(0);
        // Recorded just after the write: racy, so checked by hash next time.
        let cache = ParseCache::open(&state, "fp");
        load(&cache, &path, &parses).unwrap();
        assert!(!cache.new.lock().unwrap()[&path].trusted);
        save(cache);
        // Recorded long after: trusted; the next run does not even read it.
        let later = SystemTime::now() + Duration::from_secs(60);
        let cache = ParseCache::open_at(&state, "fp", later);
        load(&cache, &path, &parses).unwrap();
        assert!(cache.new.lock().unwrap()[&path].trusted);
        save(cache);
        let cache = ParseCache::open(&state, "fp");
        let unreadable = || -> Result<String, Diagnostic> { panic!("a trusted file is not read") };
        let parsed = cache.load(&path, unreadable, |_| unreachable!("not parsed"));
        assert_eq!(post_of(parsed).0.title, "Cached");
        assert_eq!(parses.get(), 1);
    }

    #[test]
    fn another_fingerprint_or_a_corrupt_file_means_no_cache() {
        let tmp = tempfile::tempdir().unwrap();
        let (state, path) = (tmp.path().join("state"), tmp.path().join("p.md"));
        fs::write(&path, POST).unwrap();
        let parses = Cell::new(0);
        let cache = ParseCache::open(&state, "fp");
        load(&cache, &path, &parses).unwrap();
        save(cache);
        let cache = ParseCache::open(&state, "other fields");
        load(&cache, &path, &parses).unwrap();
        assert_eq!(parses.get(), 2);
        fs::write(state.join(FILE_NAME), b"{not json").unwrap();
        let cache = ParseCache::open(&state, "fp");
        load(&cache, &path, &parses).unwrap();
        assert_eq!(parses.get(), 3);
        // The magic line, then bytes cut short.
        let mut cut = MAGIC.to_vec();
        cut.extend_from_slice(&[4, 0, 0]);
        fs::write(state.join(FILE_NAME), cut).unwrap();
        let cache = ParseCache::open(&state, "fp");
        load(&cache, &path, &parses).unwrap();
        assert_eq!(parses.get(), 4);
    }

    #[test]
    fn drafts_and_errors_are_cached_too() {
        let tmp = tempfile::tempdir().unwrap();
        let state = tmp.path().join("state");
        let (draft, bad) = (tmp.path().join("d.md"), tmp.path().join("b.md"));
        fs::write(
            &draft,
            "---\ntitle: D\ndate: 2024-01-01\ndraft: true\n---\n",
        )
        .unwrap();
        fs::write(&bad, "---\ntitle: [unclosed\n---\n").unwrap();
        let parses = Cell::new(0);
        let cache = ParseCache::open(&state, "fp");
        assert!(matches!(load(&cache, &draft, &parses), Ok(Parsed::Draft)));
        let error = load(&cache, &bad, &parses).unwrap_err();
        save(cache);
        let cache = ParseCache::open(&state, "fp");
        assert!(matches!(load(&cache, &draft, &parses), Ok(Parsed::Draft)));
        let again = load(&cache, &bad, &parses).unwrap_err();
        assert_eq!(parses.get(), 2);
        assert_eq!(
            (
                again.path,
                again.line,
                again.column,
                again.severity,
                again.message
            ),
            (
                error.path,
                error.line,
                error.column,
                error.severity,
                error.message
            )
        );
    }

    #[test]
    fn an_unchanged_run_does_not_rewrite_the_cache() {
        let tmp = tempfile::tempdir().unwrap();
        let (state, path) = (tmp.path().join("state"), tmp.path().join("p.md"));
        fs::write(&path, POST).unwrap();
        let parses = Cell::new(0);
        let later = SystemTime::now() + Duration::from_secs(60);
        let cache = ParseCache::open_at(&state, "fp", later);
        load(&cache, &path, &parses).unwrap();
        save(cache);
        let cache = ParseCache::open_at(&state, "fp", later);
        load(&cache, &path, &parses).unwrap();
        assert!(cache.into_bytes().is_none());
        // A removed post drops out of the cache: it is rewritten.
        let cache = ParseCache::open_at(&state, "fp", later);
        assert!(cache.into_bytes().is_some());
    }
}
