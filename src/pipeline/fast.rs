//! The no-change fast path: a build whose inputs and outputs are exactly as
//! the last successful build left them writes nothing and reports what that
//! build reported, without loading a post.
//!
//! A full build records, in the output folder's state (`build.fingerprint`):
//!
//! - the *inputs key*, a blake3 hash taken before anything is read: this
//!   binary (path, size, mtime), the whole validated config (its `Debug`
//!   form), the build options that change output (`--no-cards`,
//!   `--strict`), whether slugs are lower-cased, and the stat (size, mtime,
//!   ctime, inode, type) of every entry of the posts folder and the template
//!   folder and of every extra font: an edited, added, removed or renamed
//!   post, a bundle image dropped beside an `index.md`, changes one of them;
//! - `next_due`: the earliest publication instant of a post held back as
//!   scheduled, so the build after it falls due is a full one;
//! - watched files read during the build (heroes, the card cache, the
//!   ledger), with their stat;
//! - every output file with its size and mtime, so a deleted or edited
//!   output (or one replaced by a folder) makes the next build a full one;
//! - the report, without what only that run did (files written, removed).
//!
//! The next build computes the inputs key again (stat only) and, when it,
//! `now < next_due`, every watched stat and every output's stat match,
//! takes the output folder's lock and returns the stored report. Anything
//! else is a full build, which first deletes the record (so a build that
//! fails or is killed never leaves a stale one behind).
//!
//! Conservative on purpose: no record is kept when the build had an error,
//! when a post's hero is a local path that did not resolve (creating that
//! file later would change the card), or when an input changed less than
//! [`RACY`] before the build began (a change within the file system's time
//! resolution could hide behind an unchanged stat).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::error::{Diagnostic, Report, Severity};
use crate::output::{self, Durability, OutputLock};
use crate::read::FileStat;

/// The record's file name in the output folder's state.
const FILE_NAME: &str = "build.fingerprint";

/// Bumped when the record's shape or the inputs key's recipe changes.
const VERSION: u32 = 1;

/// An input changed less than this before the build began is not trusted
/// by its stat: no record is kept.
const RACY: Duration = Duration::from_secs(2);

/// A file's stat (see [`FileStat`]) and its kind, for any entry of a
/// watched tree: a file turned into a folder is a change too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stat {
    file: FileStat,
    /// 1 file, 2 folder, 3 anything else.
    kind: u8,
}

impl Stat {
    fn of(meta: &fs::Metadata) -> Stat {
        let kind = if meta.is_file() {
            1
        } else if meta.is_dir() {
            2
        } else {
            3
        };
        Stat {
            file: FileStat::of(meta),
            kind,
        }
    }

    /// A path's stat (following links), `None` when nothing is there.
    fn of_path(path: &Path) -> Option<Stat> {
        fs::metadata(path).ok().map(|m| Stat::of(&m))
    }

    /// The stat as fixed-width bytes for the inputs key (formatting each
    /// of 10k stats with `Debug` was most of the key's cost).
    fn key_bytes(stat: Option<Stat>) -> [u8; 34] {
        let mut bytes = [0u8; 34];
        if let Some(s) = stat {
            bytes[0] = 1;
            bytes[1] = s.kind;
            let f = s.file;
            for (i, n) in [f.size, f.mtime_ns, f.ctime_ns, f.inode].iter().enumerate() {
                bytes[2 + 8 * i..10 + 8 * i].copy_from_slice(&n.to_le_bytes());
            }
        }
        bytes
    }

    fn newest_ns(&self) -> u64 {
        self.file.newest_ns()
    }
}

/// The inputs key, computed at the start of a build.
pub(super) struct Inputs {
    key: String,
    /// The newest mtime/ctime among the inputs, for the racy check.
    newest_ns: u64,
    started: SystemTime,
    state: PathBuf,
}

impl Inputs {
    /// Hashes the inputs' stats. `lowercase_slugs` is the dialect choice
    /// the parse options would make.
    pub(super) fn of(
        config: &Config,
        draw_cards: bool,
        strict: bool,
        lowercase_slugs: bool,
    ) -> Inputs {
        let started = SystemTime::now();
        let mut hasher = blake3::Hasher::new();
        let mut newest_ns = 0;
        // Each field is length-prefixed so ("ab", "c") and ("a", "bc") differ.
        let field = |hasher: &mut blake3::Hasher, bytes: &[u8]| {
            hasher.update(&(bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        field(&mut hasher, &VERSION.to_le_bytes());
        field(&mut hasher, env!("CARGO_PKG_VERSION").as_bytes());
        field(&mut hasher, binary_identity().as_bytes());
        field(&mut hasher, format!("{config:?}").as_bytes());
        let flags = [
            u8::from(draw_cards),
            u8::from(strict),
            u8::from(lowercase_slugs),
        ];
        field(&mut hasher, &flags);
        let mut entries = Vec::new();
        stat_tree(&config.paths.posts, &mut entries);
        if let Some(templates) = &config.cards.templates {
            stat_tree(templates, &mut entries);
        }
        for font in &config.cards.extra_fonts {
            entries.push((font.clone(), Stat::of_path(font)));
        }
        for (path, stat) in &entries {
            hasher.update(path.as_os_str().as_encoded_bytes());
            hasher.update(&[0]);
            hasher.update(&Stat::key_bytes(*stat));
            if let Some(stat) = stat {
                newest_ns = newest_ns.max(stat.newest_ns());
            }
        }
        Inputs {
            key: hasher.finalize().to_hex().to_string(),
            newest_ns,
            started,
            state: output::state_folder(&config.paths.out, &config.paths.state),
        }
    }

    fn record_path(&self) -> PathBuf {
        self.state.join(FILE_NAME)
    }

    /// When the last build's record matches, takes the output folder's lock
    /// and returns its report; `None` means a full build is needed.
    pub(super) fn try_skip(
        &self,
        config: &Config,
        now: DateTime<FixedOffset>,
    ) -> Option<(Report, OutputLock)> {
        let bytes = fs::read(self.record_path()).ok()?;
        // Most misses are a changed key: found out without decoding the
        // record (its 10k output stats cost ~70 M instructions to decode).
        // serde_json writes the fields in order, so the record starts so.
        let head = format!("{{\"version\":{VERSION},\"key\":\"{}\"", self.key);
        if !bytes.starts_with(head.as_bytes()) {
            return None;
        }
        let record: Record = serde_json::from_slice(&bytes).ok()?;
        if !record.matches(self, &config.paths.out, now) {
            return None;
        }
        // The lock keeps a concurrent build out; the record is read again
        // under it, as that build may have just replaced it.
        let lock = output::lock_output(&self.state.join("lock"), &config.paths.out).ok()?;
        let again = fs::read(self.record_path()).ok()?;
        (again == bytes).then(|| (record.report.to_report(), lock))
    }

    /// Deletes the record before a full build: the build may fail or be
    /// killed after changing outputs the record vouches for.
    pub(super) fn forget(&self) {
        output::remove_state_file(&self.record_path());
    }

    /// Records a finished full build, when it may be trusted next time.
    /// `run_diagnostics` are the report's diagnostics that a re-run repeats
    /// (the output folder's one-off warnings left out).
    pub(super) fn remember(
        &self,
        config: &Config,
        watch: &Watch,
        report: &Report,
        run_diagnostics: &[Diagnostic],
        outputs: &[String],
    ) {
        let started_ns = ns_since_epoch(self.started);
        let racy = |newest: u64| newest.saturating_add(RACY.as_nanos() as u64) >= started_ns;
        if watch.unresolved_hero
            || racy(self.newest_ns)
            || report
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error)
        {
            return;
        }
        let mut watched: Vec<(PathBuf, Option<Stat>)> = watch
            .files
            .iter()
            .map(|p| (p.clone(), Stat::of_path(p)))
            .collect();
        if watched
            .iter()
            .any(|(_, s)| s.is_some_and(|s| racy(s.newest_ns())))
        {
            return;
        }
        // The build's own state, just written: watched, but not racy.
        for name in ["ledger.json", "cards.json"] {
            let path = self.state.join(name);
            watched.push((path.clone(), Stat::of_path(&path)));
        }
        let mut files = Vec::with_capacity(outputs.len());
        for rel in outputs {
            let Some(path) = output::file_for_url_path(&config.paths.out, rel) else {
                return;
            };
            let Ok(meta) = fs::symlink_metadata(&path) else {
                return;
            };
            files.push((rel.clone(), Stat::of(&meta)));
        }
        let record = Record {
            version: VERSION,
            key: self.key.clone(),
            next_due: watch
                .next_due
                .map(|d| d.timestamp_nanos_opt().unwrap_or(i64::MAX)),
            watched,
            outputs: files,
            report: StoredReport::of(report, run_diagnostics),
        };
        let json = serde_json::to_vec(&record).expect("the record is plain data");
        // A record that cannot be written only costs the next run its shortcut.
        let _ = output::write_atomic(&self.record_path(), &json, Durability::Atomic);
    }
}

/// This binary: its path and stat (a rebuilt feedcard may render the same
/// inputs differently, even at the same version number).
pub(super) fn binary_identity() -> String {
    let exe = std::env::current_exe().ok();
    let exe_stat = exe.as_deref().and_then(Stat::of_path);
    format!("{exe:?} {exe_stat:?}")
}

/// What a full build read beyond the posts and templates.
#[derive(Debug, Default)]
pub(super) struct Watch {
    /// Hero images cards were drawn (or checked) from.
    pub(super) files: Vec<PathBuf>,
    /// A post names a local hero that did not resolve.
    pub(super) unresolved_hero: bool,
    /// The earliest scheduled post's publication instant.
    pub(super) next_due: Option<DateTime<FixedOffset>>,
}

/// Whether a hero `src` is local (a file that may appear later), as
/// opposed to a URL, which never resolves.
pub(super) fn is_local_hero(src: &str) -> bool {
    let lower = src.trim().to_ascii_lowercase();
    !(lower.is_empty() || lower.starts_with("//") || lower.contains(':'))
}

#[derive(Debug, Serialize, Deserialize)]
struct Record {
    version: u32,
    key: String,
    /// Nanoseconds since the epoch.
    next_due: Option<i64>,
    watched: Vec<(PathBuf, Option<Stat>)>,
    outputs: Vec<(String, Stat)>,
    report: StoredReport,
}

impl Record {
    fn matches(&self, inputs: &Inputs, out: &Path, now: DateTime<FixedOffset>) -> bool {
        let now_ns = now.timestamp_nanos_opt().unwrap_or(i64::MAX);
        self.version == VERSION
            && self.key == inputs.key
            && self.next_due.is_none_or(|due| now_ns < due)
            && self
                .watched
                .iter()
                .all(|(path, stat)| Stat::of_path(path) == *stat)
            && self.outputs.iter().all(|(rel, stat)| {
                output::file_for_url_path(out, rel)
                    .and_then(|p| fs::symlink_metadata(p).ok())
                    .is_some_and(|m| Stat::of(&m) == *stat)
            })
    }
}

/// The report's lasting part: what a re-run with nothing changed reports.
#[derive(Debug, Serialize, Deserialize)]
struct StoredReport {
    diagnostics: Vec<StoredDiagnostic>,
    posts_found: usize,
    posts_built: usize,
    drafts: usize,
    scheduled: usize,
    feeds_written: usize,
    cards_unchanged: usize,
    other_written: usize,
}

impl StoredReport {
    fn of(report: &Report, diagnostics: &[Diagnostic]) -> StoredReport {
        StoredReport {
            diagnostics: diagnostics.iter().map(StoredDiagnostic::of).collect(),
            posts_found: report.posts_found,
            posts_built: report.posts_built,
            drafts: report.drafts,
            scheduled: report.scheduled,
            feeds_written: report.feeds_written,
            // Drawn this time, unchanged next time.
            cards_unchanged: report.cards_unchanged + report.cards_drawn,
            other_written: report.other_written,
        }
    }

    fn to_report(&self) -> Report {
        Report {
            diagnostics: self.diagnostics.iter().map(StoredDiagnostic::to).collect(),
            posts_found: self.posts_found,
            posts_built: self.posts_built,
            drafts: self.drafts,
            scheduled: self.scheduled,
            feeds_written: self.feeds_written,
            cards_drawn: 0,
            cards_unchanged: self.cards_unchanged,
            other_written: self.other_written,
            removed: Vec::new(),
            written: Vec::new(),
            up_to_date: true,
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredDiagnostic {
    path: PathBuf,
    line: Option<usize>,
    column: Option<usize>,
    error: bool,
    message: String,
}

impl StoredDiagnostic {
    fn of(d: &Diagnostic) -> StoredDiagnostic {
        StoredDiagnostic {
            path: d.path.clone(),
            line: d.line,
            column: d.column,
            error: d.severity == Severity::Error,
            message: d.message.clone(),
        }
    }

    fn to(&self) -> Diagnostic {
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

fn ns_since_epoch(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// Every entry under `root` (hidden names included: a stat is cheap and a
/// hidden file may matter to a generator's layout), sorted by path bytes
/// per folder, with its stat; links are followed for the stat but not
/// walked into.
fn stat_tree(root: &Path, entries: &mut Vec<(PathBuf, Option<Stat>)>) {
    let root_stat = Stat::of_path(root);
    entries.push((root.to_path_buf(), root_stat));
    if root_stat.is_none_or(|s| s.kind != 2) {
        return;
    }
    let mut pending = vec![root.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(list) = fs::read_dir(&folder) else {
            entries.push((folder, None));
            continue;
        };
        let mut children: Vec<(PathBuf, bool)> = list
            .filter_map(Result::ok)
            .map(|e| {
                let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
                (e.path(), is_dir)
            })
            .collect();
        children.sort_unstable_by(|a, b| {
            a.0.as_os_str()
                .as_encoded_bytes()
                .cmp(b.0.as_os_str().as_encoded_bytes())
        });
        for (path, is_dir) in children {
            let stat = Stat::of_path(&path);
            if is_dir {
                pending.push(path.clone());
            }
            entries.push((path, stat));
        }
    }
}
