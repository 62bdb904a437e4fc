//! Output keys: which inputs each *keyed* output was rendered from, so a
//! build whose inputs for a file are unchanged neither renders it nor
//! compares it (see [`super::OutputFolder::put_keyed`]).
//!
//! `outputs.keys` in the output folder's state holds, per file, the blake3
//! key the pipeline computed over everything the file's bytes depend on,
//! and the file's stat (size, mtime, ctime, inode) right after the build
//! that wrote or kept it. A later build trusts the file only when its key
//! is the same, the ledger vouches for its bytes, and its stat is still
//! the recorded one: a deleted, edited, replaced or renamed-over file
//! changes its stat (a rename always brings another inode) and is rendered
//! again. A build killed midway leaves the previous record, whose stats no
//! longer match the files it rewrote.
//!
//! The format is a line per file, `KEY SIZE MTIME CTIME INODE PATH`: read
//! and written in a few milliseconds for 10k files (serde_json was ~20×
//! the cost for the parse cache).

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use crate::read::FileStat;

/// A 32-byte blake3 key.
pub(crate) type Key = [u8; 32];

/// The record's file name in the output folder's state.
pub(crate) const FILE_NAME: &str = "outputs.keys";

/// First line; a record with another one is ignored (everything renders).
const HEADER: &str = "feedcard output keys 1";

/// Keys and stats by path relative to the output folder.
pub(crate) type Keys = HashMap<String, (Key, FileStat)>;

/// Reads the record; a missing or malformed one is empty (the keys can only
/// save work, never change a result).
pub(crate) fn read(path: &Path) -> Keys {
    let Ok(text) = fs::read_to_string(path) else {
        return Keys::new();
    };
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return Keys::new();
    }
    let mut keys = Keys::new();
    for line in lines {
        match parse_line(line) {
            Some((rel, key, stat)) => {
                keys.insert(rel.to_string(), (key, stat));
            }
            None => return Keys::new(),
        }
    }
    keys
}

fn parse_line(line: &str) -> Option<(&str, Key, FileStat)> {
    let mut parts = line.splitn(6, ' ');
    let hex = parts.next()?;
    let mut numbers = [0u64; 4];
    for n in &mut numbers {
        *n = parts.next()?.parse().ok()?;
    }
    let rel = parts.next().filter(|r| !r.is_empty())?;
    let key = parse_hex(hex)?;
    let [size, mtime_ns, ctime_ns, inode] = numbers;
    let stat = FileStat {
        size,
        mtime_ns,
        ctime_ns,
        inode,
    };
    Some((rel, key, stat))
}

fn parse_hex(hex: &str) -> Option<Key> {
    let bytes = hex.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let digit = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut key = [0u8; 32];
    for (i, k) in key.iter_mut().enumerate() {
        *k = digit(bytes[2 * i])? << 4 | digit(bytes[2 * i + 1])?;
    }
    Some(key)
}

/// The record's bytes, lines sorted by path (deterministic). Paths with a
/// line break cannot be written in this format and are left out (their
/// files simply render every time).
pub(crate) fn render(entries: &mut [(String, Key, FileStat)]) -> Vec<u8> {
    use std::fmt::Write;
    entries.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut text = String::with_capacity(64 + entries.len() * 160);
    text.push_str(HEADER);
    text.push('\n');
    for (rel, key, stat) in entries.iter() {
        if rel.is_empty() || rel.contains(['\n', '\r']) {
            continue;
        }
        // By hand: `write!` per byte was 90 M instructions for 10k keys.
        const HEX: &[u8; 16] = b"0123456789abcdef";
        for &b in key {
            text.push(char::from(HEX[usize::from(b >> 4)]));
            text.push(char::from(HEX[usize::from(b & 15)]));
        }
        let _ = writeln!(
            text,
            " {} {} {} {} {rel}",
            stat.size, stat.mtime_ns, stat.ctime_ns, stat.inode
        );
    }
    text.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_survive_a_round_trip_and_a_damaged_record_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let stat = FileStat {
            size: 12,
            mtime_ns: 1_700_000_000_123_456_789,
            ctime_ns: 1_700_000_000_123_456_790,
            inode: 42,
        };
        let mut entries = vec![
            ("blog/meta/b c.html".to_string(), [7u8; 32], stat),
            ("blog/meta/a.html".to_string(), [255u8; 32], stat),
            ("bad\nname".to_string(), [1u8; 32], stat),
        ];
        let bytes = render(&mut entries);
        fs::write(&path, &bytes).unwrap();
        let keys = read(&path);
        assert_eq!(keys.len(), 2);
        assert_eq!(keys["blog/meta/b c.html"], ([7u8; 32], stat));
        assert_eq!(keys["blog/meta/a.html"], ([255u8; 32], stat));

        let mut cut = bytes.clone();
        cut.truncate(bytes.len() - 20);
        fs::write(&path, &cut).unwrap();
        assert!(read(&path).is_empty(), "a cut record is ignored");
        fs::write(&path, b"feedcard output keys 0\n").unwrap();
        assert!(read(&path).is_empty());
    }
}
