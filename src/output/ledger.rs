//! The ledger: which files feedcard wrote into one output folder, with a
//! blake3 hash of each, so a later build can remove exactly the files it no
//! longer produces and nothing a person put there.
//!
//! Two files in the state folder keep it:
//!
//! - `ledger.json`, rewritten (atomically, synced) at the end of every
//!   successful build: the files that build produced;
//! - `journal`, one JSON line appended *before* each file is written. A build
//!   killed midway leaves its new files listed there, so the next build knows
//!   it wrote them even though no ledger says so.
//!
//! The files feedcard owns are the union of both. A successful build removes
//! the owned files it did not produce, then writes its ledger, then empties the
//! journal; a kill at any point leaves every owned file listed somewhere, and
//! no current file is ever removed.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// Bumped when the ledger's shape changes; an old ledger is then read as empty
/// (nothing is removed that feedcard cannot prove it wrote).
const LEDGER_VERSION: u32 = 1;

/// One file feedcard wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// Size in bytes.
    pub(crate) len: u64,
    /// Hex blake3 hash of the bytes; `None` when only known by name (files
    /// taken over from a cache written before the ledger existed).
    pub(crate) hash: Option<String>,
}

impl Entry {
    pub(crate) fn of(bytes: &[u8]) -> Entry {
        Entry {
            len: bytes.len() as u64,
            hash: Some(blake3::hash(bytes).to_hex().to_string()),
        }
    }
}

/// Files by path relative to the output folder, `/`-separated.
pub(crate) type Files = BTreeMap<String, Entry>;

#[derive(Debug, Serialize, Deserialize)]
struct LedgerFile {
    version: u32,
    files: Files,
}

/// The owned files: the ledger plus whatever the journal adds.
pub(crate) fn read(ledger: &Path, journal: &Path) -> Files {
    let mut files = fs::read(ledger)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<LedgerFile>(&bytes).ok())
        .filter(|l| l.version == LEDGER_VERSION)
        .map(|l| l.files)
        .unwrap_or_default();
    if let Ok(text) = fs::read_to_string(journal) {
        // A line cut short by a kill does not parse and is skipped: its file
        // was not created yet (the line is written first).
        for (rel, entry) in text
            .lines()
            .filter_map(|line| serde_json::from_str::<(String, Entry)>(line).ok())
        {
            files.insert(rel, entry);
        }
    }
    files
}

/// The ledger's bytes for `files`.
pub(crate) fn render(files: &Files) -> Vec<u8> {
    let ledger = LedgerFile {
        version: LEDGER_VERSION,
        files: files.clone(),
    };
    serde_json::to_vec(&ledger).expect("the ledger is plain data")
}

/// The open journal of a writing build.
#[derive(Debug)]
pub(crate) struct Journal {
    file: File,
}

impl Journal {
    pub(crate) fn open(path: &Path) -> std::io::Result<Journal> {
        let file = File::options().create(true).append(true).open(path)?;
        Ok(Journal { file })
    }

    /// Records that `rel` is about to be written with these bytes. One
    /// `write` call per line, so lines from parallel writers never interleave.
    pub(crate) fn record(&mut self, rel: &str, entry: &Entry) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(&(rel, entry)).expect("plain data");
        line.push(b'\n');
        self.file.write_all(&line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_lines_add_to_the_ledger_and_a_cut_line_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let (ledger, journal) = (dir.path().join("ledger.json"), dir.path().join("journal"));
        let mut files = Files::new();
        files.insert("blog/rss.xml".into(), Entry::of(b"old"));
        fs::write(&ledger, render(&files)).unwrap();
        let mut j = Journal::open(&journal).unwrap();
        j.record("blog/cards/a.png", &Entry::of(b"png")).unwrap();
        drop(j);
        // A kill in the middle of the next line.
        let mut text = fs::read(&journal).unwrap();
        text.extend_from_slice(b"[\"blog/cards/b.p");
        fs::write(&journal, text).unwrap();

        let owned = read(&ledger, &journal);
        assert_eq!(
            owned.keys().collect::<Vec<_>>(),
            ["blog/cards/a.png", "blog/rss.xml"]
        );
        assert_eq!(owned["blog/rss.xml"], Entry::of(b"old"));
    }

    #[test]
    fn a_ledger_of_another_version_owns_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = dir.path().join("ledger.json");
        fs::write(
            &ledger,
            br#"{"version":999,"files":{"a":{"len":1,"hash":null}}}"#,
        )
        .unwrap();
        assert!(read(&ledger, &dir.path().join("journal")).is_empty());
    }
}
