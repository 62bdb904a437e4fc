//! [`OutputFolder`]: one build's view of its output folder. Every file a build
//! produces goes through [`OutputFolder::put`] (or [`OutputFolder::keep`] for a
//! file left as it is), so at the end the build knows exactly what it produced
//! and [`OutputFolder::finish`] can remove what it wrote before and no longer
//! produces (see `ledger.rs`).
//!
//! Writes are contained: a folder on the way to an output that is a symlink
//! leading outside the output folder is never written through (the file is
//! refused with an error naming the link; the rest of the site is built).
//!
//! State (the ledger, the journal, the lock, the card cache) lives in the
//! state folder, in a subfolder per output folder, never in the output folder
//! itself: what is deployed holds only files meant for readers.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::keys::{self, Key, Keys};
use super::ledger::{self, Entry, Files, Journal};
use super::{write_atomic, Durability, OutputLock};
use crate::common::plural;
use crate::error::{Diagnostic, Error};
use crate::read::FileStat;

/// How a build treats its output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write files, remove stale ones, keep the ledger.
    Write,
    /// Plan only: work out what would be written and removed, touch nothing.
    DryRun,
}

/// What [`OutputFolder::put`] did with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Put {
    /// The file did not exist (or was not feedcard's) and was written.
    New,
    /// The file held other bytes and was replaced.
    Changed,
    /// The file already held exactly these bytes; it was not touched, so its
    /// modification time stays (rsync and CDNs see no change).
    Unchanged,
}

/// What the end of a build did to files written earlier.
#[derive(Debug, Default)]
pub struct Finished {
    /// Files removed (or, in a dry run, that would be removed), relative to
    /// the output folder.
    pub removed: Vec<PathBuf>,
    /// Warnings: stale files left in place because someone changed them.
    pub diagnostics: Vec<Diagnostic>,
    /// Every file this build produced (written or kept), relative to the
    /// output folder, as its ledger now lists them.
    pub produced: Vec<String>,
}

/// One build's output folder: what it held, what this build produces.
#[derive(Debug)]
pub struct OutputFolder {
    root: PathBuf,
    /// `root` with symlinks resolved: writes must stay under it.
    canonical_root: PathBuf,
    state: PathBuf,
    mode: Mode,
    /// Files feedcard wrote here before (ledger ∪ journal).
    owned: Files,
    /// Files this build produced, with their entries.
    produced: Mutex<Files>,
    /// Last build's keyed outputs: input key and stat after that build.
    old_keys: Keys,
    /// This build's keyed outputs and their input keys.
    new_keys: Mutex<Vec<(String, Key)>>,
    /// New or changed files (written, or that a dry run would write).
    written: Mutex<Vec<String>>,
    journal: Option<Mutex<Journal>>,
    /// Folders already checked (and created) on the way to an output.
    checked: Mutex<HashSet<PathBuf>>,
    /// Files found at output paths on a first build, and replaced.
    adopted: Mutex<usize>,
    _lock: Option<OutputLock>,
}

/// Name of the card cache written by versions before the state folder; taken
/// over (and removed) on the first build that finds it.
const OLD_CACHE: &str = ".feedcard-cache.json";
const OLD_LOCK: &str = ".feedcard.lock";

impl OutputFolder {
    /// Opens `root` for a build whose state lives under `state_root`. In
    /// [`Mode::Write`] this creates the folders, takes the lock (failing at
    /// once if another build holds it), cleans up after a killed run and
    /// takes over state an older version left in the output folder.
    pub fn open(root: &Path, state_root: &Path, mode: Mode) -> Result<OutputFolder, Error> {
        if mode == Mode::Write {
            fs::create_dir_all(root).map_err(|e| Error::io(root, e))?;
        }
        let canonical_root = root
            .canonicalize()
            .or_else(|_| std::path::absolute(root))
            .map_err(|e| Error::io(root, e))?;
        let state = state_folder_of(state_root, &canonical_root);
        let lock = match mode {
            Mode::Write => {
                fs::create_dir_all(&state).map_err(|e| Error::io(&state, e))?;
                Some(super::lock_output(&state.join("lock"), root)?)
            }
            Mode::DryRun => None,
        };
        let mut owned = ledger::read(&state.join("ledger.json"), &state.join("journal"));
        let old_keys = keys::read(&state.join(keys::FILE_NAME));
        take_over_old_cache(root, &state, &mut owned, mode);
        let journal = match mode {
            Mode::Write => {
                super::check_writable(root)?;
                super::remove_stray_temporaries(root);
                let path = state.join("journal");
                super::refuse_symlink(&path)?;
                Some(Mutex::new(
                    Journal::open(&path).map_err(|e| Error::io(&path, e))?,
                ))
            }
            Mode::DryRun => None,
        };
        Ok(OutputFolder {
            root: root.to_path_buf(),
            canonical_root,
            state,
            mode,
            owned,
            produced: Mutex::new(Files::new()),
            old_keys,
            new_keys: Mutex::new(Vec::new()),
            written: Mutex::new(Vec::new()),
            journal,
            checked: Mutex::new(HashSet::new()),
            adopted: Mutex::new(0),
            _lock: lock,
        })
    }

    /// The output folder as given.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A file of this output folder's state (`cards.json`), outside the
    /// output folder.
    pub fn state_file(&self, name: &str) -> PathBuf {
        self.state.join(name)
    }

    /// Whether files are really written.
    pub fn writes(&self) -> bool {
        self.mode == Mode::Write
    }

    /// Writes `bytes` to `rel` (a `/`-separated path under the output folder)
    /// unless it already holds them, and records it as produced.
    pub fn put(&self, rel: &str, bytes: &[u8], durability: Durability) -> Result<Put, Error> {
        let rel = rel.trim_start_matches('/');
        let path = self.file(rel)?;
        let entry = Entry::of(bytes);
        self.produced
            .lock()
            .expect("no panics under the lock")
            .insert(rel.to_string(), entry.clone());
        let put = self.compare(rel, &path, &entry, bytes);
        if put == Put::Unchanged {
            return Ok(put);
        }
        if put == Put::Changed && !self.owned.contains_key(rel) {
            self.refuse_or_adopt(&path)?;
        }
        self.written
            .lock()
            .expect("no panics under the lock")
            .push(rel.to_string());
        if self.mode == Mode::DryRun {
            return Ok(put);
        }
        let parent = path.parent().unwrap_or(&self.root);
        self.ensure_folder(parent)?;
        if let Some(journal) = &self.journal {
            journal
                .lock()
                .expect("no panics under the lock")
                .record(rel, &entry)
                .map_err(|e| Error::io(self.state_file("journal"), e))?;
        }
        // Even a new file goes through a temporary file and a rename: a web
        // server or a reader never sees it half written, even mid-build.
        super::replace_atomic(&path, bytes, durability)?;
        Ok(put)
    }

    /// [`OutputFolder::put`] for a file whose bytes are a function of `key`
    /// (a hash of every input the pipeline renders it from): when the last
    /// build recorded the same key for `rel`, the ledger vouches for its
    /// bytes and the file's stat is still the one recorded after that
    /// build, the file is kept without calling `render`. Otherwise the
    /// bytes are rendered and put as usual. Either way the key is recorded
    /// for the next build.
    pub fn put_keyed(
        &self,
        rel: &str,
        key: &Key,
        durability: Durability,
        render: impl FnOnce() -> Vec<u8>,
    ) -> Result<Put, Error> {
        let rel = rel.trim_start_matches('/');
        let put = match self.still_current(rel, key) {
            Some(entry) => {
                self.produced
                    .lock()
                    .expect("no panics under the lock")
                    .insert(rel.to_string(), entry);
                Put::Unchanged
            }
            None => self.put(rel, &render(), durability)?,
        };
        self.new_keys
            .lock()
            .expect("no panics under the lock")
            .push((rel.to_string(), *key));
        Ok(put)
    }

    /// The ledger's entry for `rel` when the file is, by its key and stat,
    /// the one the last build made from the same inputs.
    fn still_current(&self, rel: &str, key: &Key) -> Option<Entry> {
        let (old_key, stat) = self.old_keys.get(rel)?;
        let entry = self.owned.get(rel)?;
        if old_key != key || entry.hash.is_none() || entry.len != stat.size {
            return None;
        }
        let meta = fs::symlink_metadata(self.file(rel).ok()?).ok()?;
        (meta.is_file() && FileStat::of(&meta) == *stat).then(|| entry.clone())
    }

    /// Records that `rel` is produced by this build as it already is on disk
    /// (a card that did not need redrawing), so it is not removed.
    pub fn keep(&self, rel: &str) {
        let rel = rel.trim_start_matches('/');
        let entry = self.owned.get(rel).cloned().unwrap_or_else(|| {
            let len = fs::metadata(self.root.join(rel)).map_or(0, |m| m.len());
            Entry { len, hash: None }
        });
        self.produced
            .lock()
            .expect("no panics under the lock")
            .insert(rel.to_string(), entry);
    }

    /// Ends a successful build: removes the files feedcard wrote before and
    /// this build no longer produces (in a dry run, lists them), then records
    /// what this build produced. Not called when a build fails, so a failed
    /// or killed build removes nothing.
    pub fn finish(self) -> Result<(Finished, Vec<PathBuf>), Error> {
        let produced = self
            .produced
            .into_inner()
            .expect("no panics under the lock");
        let new_keys = self
            .new_keys
            .into_inner()
            .expect("no panics under the lock");
        let mut written: Vec<PathBuf> = self
            .written
            .into_inner()
            .expect("no panics under the lock")
            .into_iter()
            .map(PathBuf::from)
            .collect();
        written.sort();
        let mut finished = Finished::default();
        let adopted = self.adopted.into_inner().expect("no panics under the lock");
        if adopted > 0 {
            let verb = if self.mode == Mode::Write {
                "were"
            } else {
                "would be"
            };
            finished.diagnostics.push(Diagnostic::warning(
                &self.root,
                format!(
                    "{} already in the output folder {verb} replaced: feedcard had not \
                     built here before, so it takes over the files at its paths",
                    plural(adopted, "file", "files")
                ),
            ));
        }
        for (rel, entry) in self
            .owned
            .iter()
            .filter(|(rel, _)| !produced.contains_key(*rel))
        {
            match stale_file(&self.root, &self.canonical_root, rel, entry) {
                Stale::Gone => {}
                Stale::Remove(path) => {
                    if self.mode == Mode::Write {
                        match fs::remove_file(&path) {
                            Ok(()) => remove_empty_folders(&self.root, &path),
                            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                            Err(e) => {
                                finished.diagnostics.push(Diagnostic::warning(
                                    &path,
                                    format!("could not remove this file the build no longer produces: {e}"),
                                ));
                                continue;
                            }
                        }
                    }
                    finished.removed.push(PathBuf::from(rel));
                }
                Stale::Changed(path) => finished.diagnostics.push(Diagnostic::warning(
                    &path,
                    "feedcard wrote this file and the build no longer produces it, but it was \
                     changed since; left in place (delete it by hand if it should go)",
                )),
            }
        }
        finished.produced = produced.keys().cloned().collect();
        if self.mode == Mode::Write {
            let ledger = self.state.join("ledger.json");
            write_atomic(&ledger, &ledger::render(&produced), Durability::Synced)?;
            // Only now is every journal line in the ledger (or removed).
            let journal = self.state.join("journal");
            drop(self.journal);
            super::refuse_symlink(&journal)?;
            fs::write(&journal, b"").map_err(|e| Error::io(&journal, e))?;
            write_keys(&self.state, &self.root, new_keys, &produced);
        }
        Ok((finished, written))
    }

    /// How `bytes` compare with what `rel` holds: the ledger's hash and the
    /// file's size answer without reading it back when feedcard wrote it.
    fn compare(&self, rel: &str, path: &Path, entry: &Entry, bytes: &[u8]) -> Put {
        let Ok(meta) = fs::symlink_metadata(path) else {
            return Put::New;
        };
        if !meta.is_file() || meta.len() != entry.len {
            return Put::Changed;
        }
        let same = match self.owned.get(rel) {
            Some(old) if old.hash.is_some() => old == entry,
            _ => fs::read(path).is_ok_and(|old| old == bytes),
        };
        if same {
            Put::Unchanged
        } else {
            Put::Changed
        }
    }

    /// A file feedcard did not write sits where this build writes one. Where
    /// feedcard has built before (it has a ledger), the file is a person's or
    /// another tool's: left as it is, and refused with an error for this
    /// output alone. A first build into a folder takes over what it finds at
    /// its paths (an earlier build whose state is gone, a generator it
    /// replaces) and says how many it replaced.
    fn refuse_or_adopt(&self, path: &Path) -> Result<(), Error> {
        if self.owned.is_empty() {
            *self.adopted.lock().expect("no panics under the lock") += 1;
            return Ok(());
        }
        Err(Error::io(
            path,
            std::io::Error::other(
                "refused: this file was not written by feedcard, so it is left as it is \
                 (move or delete it, or build to another folder)",
            ),
        ))
    }

    /// The file for `rel`, refusing paths that climb out.
    fn file(&self, rel: &str) -> Result<PathBuf, Error> {
        super::file_for_url_path(&self.root, rel).ok_or_else(|| {
            Error::io(
                rel,
                std::io::Error::other("refused: the path would leave the output folder"),
            )
        })
    }

    /// Creates `dir` (under the root) one folder at a time, refusing to go
    /// through a symlink that leads outside the output folder.
    fn ensure_folder(&self, dir: &Path) -> Result<(), Error> {
        if self
            .checked
            .lock()
            .expect("no panics under the lock")
            .contains(dir)
        {
            return Ok(());
        }
        let relative = dir.strip_prefix(&self.root).unwrap_or(Path::new(""));
        let mut current = self.root.clone();
        for part in relative.components() {
            current.push(part);
            match fs::symlink_metadata(&current) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    let inside = current
                        .canonicalize()
                        .is_ok_and(|target| target.starts_with(&self.canonical_root));
                    if !inside {
                        return Err(Error::io(
                            &current,
                            std::io::Error::other(
                                "refused: this is a symlink leading outside the output folder; \
                                 feedcard does not write through it (remove it)",
                            ),
                        ));
                    }
                }
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    match fs::create_dir(&current) {
                        Ok(()) => {}
                        // Another thread made it meanwhile.
                        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                        Err(e) => return Err(Error::io(&current, e)),
                    }
                }
                Err(e) => return Err(Error::io(&current, e)),
            }
        }
        self.checked
            .lock()
            .expect("no panics under the lock")
            .insert(dir.to_path_buf());
        Ok(())
    }
}

/// Records the keyed outputs with their stat as this build leaves them.
/// A record that cannot be written only costs the next build its skips; a
/// stale one is harmless (its stats no longer match the files).
fn write_keys(state: &Path, root: &Path, new_keys: Vec<(String, Key)>, produced: &Files) {
    let mut entries: Vec<(String, Key, FileStat)> = new_keys
        .into_iter()
        .filter(|(rel, _)| produced.contains_key(rel))
        .filter_map(|(rel, key)| {
            let meta = fs::symlink_metadata(super::file_for_url_path(root, &rel)?).ok()?;
            meta.is_file().then(|| (rel, key, FileStat::of(&meta)))
        })
        .collect();
    let path = state.join(keys::FILE_NAME);
    let _ = write_atomic(&path, &keys::render(&mut entries), Durability::Atomic);
}

/// The state folder of output folder `root` (as [`OutputFolder::open`] uses it).
pub(crate) fn state_folder(root: &Path, state_root: &Path) -> PathBuf {
    let canonical_root = root
        .canonicalize()
        .or_else(|_| std::path::absolute(root))
        .unwrap_or_else(|_| root.to_path_buf());
    state_folder_of(state_root, &canonical_root)
}

fn state_folder_of(state_root: &Path, canonical_root: &Path) -> PathBuf {
    state_root.join("outputs").join(folder_key(canonical_root))
}

/// A short stable name for an output folder, so one state folder can serve
/// several (a site built to `public/` and, in CI, to a temporary folder).
fn folder_key(canonical_root: &Path) -> String {
    let hash = blake3::hash(canonical_root.as_os_str().as_encoded_bytes());
    hash.to_hex()[..16].to_string()
}

/// What to do with a file feedcard wrote before and no longer produces.
enum Stale {
    /// Already gone.
    Gone,
    /// Still as feedcard wrote it: remove.
    Remove(PathBuf),
    /// Changed since (or replaced by a folder or link): leave it.
    Changed(PathBuf),
}

fn stale_file(root: &Path, canonical_root: &Path, rel: &str, entry: &Entry) -> Stale {
    let Some(path) = super::file_for_url_path(root, rel) else {
        return Stale::Gone;
    };
    // Never follow a planted link out of the folder to remove something there.
    let parent_inside = path
        .parent()
        .and_then(|p| p.canonicalize().ok())
        .is_some_and(|p| p.starts_with(canonical_root));
    let meta = match fs::symlink_metadata(&path) {
        Ok(meta) => meta,
        Err(_) => return Stale::Gone,
    };
    if !parent_inside || !meta.is_file() {
        return Stale::Changed(path);
    }
    let unchanged = match &entry.hash {
        Some(hash) => {
            meta.len() == entry.len
                && fs::read(&path).is_ok_and(|b| blake3::hash(&b).to_hex().as_str() == hash)
        }
        None => true,
    };
    if unchanged {
        Stale::Remove(path)
    } else {
        Stale::Changed(path)
    }
}

/// Removes the folders a removal left empty, up to (not including) the root,
/// so a gone category leaves no empty folder behind.
fn remove_empty_folders(root: &Path, removed: &Path) {
    let mut dir = removed.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Versions before the state folder kept the card cache and the lock in the
/// output folder. The cache moves to the state folder (so no card is redrawn)
/// and the cards it lists count as written by feedcard; both files go.
fn take_over_old_cache(root: &Path, state: &Path, owned: &mut Files, mode: Mode) {
    let old = root.join(OLD_CACHE);
    let Ok(bytes) = fs::read(&old) else {
        return;
    };
    if let Ok(cache) = serde_json::from_slice::<serde_json::Value>(&bytes) {
        let cards = cache.get("cards").and_then(|c| c.as_object());
        for card in cards.into_iter().flat_map(|c| c.values()) {
            let url_path = card.pointer("/card/url_path").and_then(|u| u.as_str());
            if let Some(url_path) = url_path {
                let rel = url_path.split('?').next().unwrap_or(url_path);
                let rel = rel.trim_start_matches('/').to_string();
                owned.entry(rel).or_insert(Entry { len: 0, hash: None });
            }
        }
    }
    if mode == Mode::Write {
        let cache = state.join("cards.json");
        if !cache.exists() {
            let _ = write_atomic(&cache, &bytes, Durability::Atomic);
        }
        let _ = fs::remove_file(&old);
        let _ = fs::remove_file(root.join(OLD_LOCK));
    }
}
