//! The one bounded file reader the loaders use for posts and hero images.
//!
//! A name in the posts or assets folder may lead (through symbolic links)
//! to a FIFO, a device, a socket or a folder: opening a FIFO for reading
//! blocks forever, and `/dev/zero` never ends. So the file's type and size
//! are checked with metadata (links followed) BEFORE it is opened, checked
//! again on the opened handle (the name may have been swapped in between),
//! and no more than the limit is ever read.

use std::fs;
use std::io::{self, Read};
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum Refused {
    /// Not a regular file after following links (a FIFO, device, socket, folder).
    NotAFile(&'static str),
    /// Larger than the limit, in bytes.
    TooLarge(u64),
    /// The file system said no.
    Io(io::Error),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::NotAFile(kind) => write!(f, "it is {kind}, not a regular file"),
            Refused::TooLarge(len) => write!(f, "it is {len} bytes, over the limit"),
            Refused::Io(e) => write!(f, "{e}"),
        }
    }
}

/// What kind of non-regular file `meta` describes, for messages.
fn kind(meta: &fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

/// Checks that `path` (links followed) is a regular file of at most `max`
/// bytes, without opening it. Returns its length.
pub fn check_regular(path: &Path, max: u64) -> Result<u64, Refused> {
    let meta = fs::metadata(path).map_err(Refused::Io)?;
    check_meta(&meta, max)
}

fn check_meta(meta: &fs::Metadata, max: u64) -> Result<u64, Refused> {
    if !meta.is_file() {
        return Err(Refused::NotAFile(kind(meta)));
    }
    if meta.len() > max {
        return Err(Refused::TooLarge(meta.len()));
    }
    Ok(meta.len())
}

/// Reads a regular file of at most `max` bytes (see the module doc).
pub fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, Refused> {
    check_regular(path, max)?;
    let file = fs::File::open(path).map_err(Refused::Io)?;
    let len = check_meta(&file.metadata().map_err(Refused::Io)?, max)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
    // One byte past the limit tells a file that grew since its metadata.
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    if bytes.len() as u64 > max {
        return Err(Refused::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The largest hero image file read; a larger one is refused unread.
pub const MAX_HERO_BYTES: u64 = 32 * 1024 * 1024;

/// Reads a hero image file within [`MAX_HERO_BYTES`], as an `io::Error`
/// whose message says why (the card stage turns it into a warning).
pub fn read_hero(path: &Path) -> io::Result<Vec<u8>> {
    read_bounded(path, MAX_HERO_BYTES).map_err(|refused| match refused {
        Refused::Io(e) => e,
        Refused::TooLarge(len) => io::Error::other(format!(
            "the file is {} MB, over the {} MB limit for a hero image",
            len / (1024 * 1024),
            MAX_HERO_BYTES / (1024 * 1024)
        )),
        Refused::NotAFile(kind) => io::Error::other(format!("it is {kind}, not an image file")),
    })
}

/// What identifies a file's version without reading it: size, modification
/// and change times, inode. The parse cache and the build's fast path both
/// compare these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct FileStat {
    pub(crate) size: u64,
    pub(crate) mtime_ns: u64,
    pub(crate) ctime_ns: u64,
    pub(crate) inode: u64,
}

impl FileStat {
    pub(crate) fn of(meta: &fs::Metadata) -> FileStat {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns =
                |secs: i64, nanos: i64| (secs as u64).wrapping_mul(1_000_000_000) + nanos as u64;
            FileStat {
                size: meta.len(),
                mtime_ns: ns(meta.mtime(), meta.mtime_nsec()),
                ctime_ns: ns(meta.ctime(), meta.ctime_nsec()),
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let mtime_ns = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as u64);
            FileStat {
                size: meta.len(),
                mtime_ns,
                ctime_ns: mtime_ns,
                inode: 0,
            }
        }
    }

    /// The later of the modification and change times.
    pub(crate) fn newest_ns(&self) -> u64 {
        self.mtime_ns.max(self.ctime_ns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        fs::write(&file, b"hello").unwrap();
        assert_eq!(read_bounded(&file, 5).unwrap(), b"hello");
        assert!(matches!(read_bounded(&file, 4), Err(Refused::TooLarge(5))));
        assert!(matches!(
            read_bounded(dir.path(), 10),
            Err(Refused::NotAFile("a folder"))
        ));
        assert!(matches!(
            read_bounded(&dir.path().join("none"), 10),
            Err(Refused::Io(_))
        ));
    }

    #[test]
    fn r_a_fifo_and_a_link_to_one_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.md");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&fifo, &link).unwrap();
        for path in [&fifo, &link] {
            match read_bounded(path, 100) {
                Err(Refused::NotAFile(kind)) => assert!(kind.contains("FIFO"), "{kind}"),
                other => panic!("{other:?}"),
            }
        }
        let dev = Path::new("/dev/zero");
        assert!(matches!(
            read_bounded(dev, 100),
            Err(Refused::NotAFile("a device"))
        ));
        assert!(read_hero(dev).unwrap_err().to_string().contains("device"));
    }
}
