//! The only code that writes: atomic file writes, output paths, containment,
//! the lock that keeps two builds out of one output folder, and the ledger
//! that lets a build remove exactly the files it no longer produces.
//!
//! Every file is written to a temporary file in its own folder and renamed over
//! the target, so a reader (or a run killed midway) only ever sees the previous
//! file or the new one, whole. [`OutputFolder`] is what the pipeline writes
//! through; the functions here are its parts.

mod folder;
mod keys;
mod ledger;

pub(crate) use folder::state_folder;
pub use folder::{Finished, Mode, OutputFolder, Put};
pub(crate) use keys::Key;

use std::fs::{self, File};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;

/// Prefix of our temporary files, so a later run can clean up after a killed
/// one. Reserved: no slug or category may start with it.
pub const TEMP_PREFIX: &str = ".feedcard-tmp-";

/// How hard a write tries to survive more than a killed process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Renamed into place: after a killed run the file is old or new, whole.
    /// Used for cards and snippets, which the next build regenerates; syncing
    /// ten thousand of them made a build ten times slower.
    Atomic,
    /// Also flushed to disk before the rename, so a power cut cannot leave an
    /// empty file: for the feeds, which are few and what readers poll.
    Synced,
}

/// Writes `bytes` to `path` atomically (temporary file in the same folder,
/// then renamed over the target). Creates parent folders.
pub fn write_atomic(path: &Path, bytes: &[u8], durability: Durability) -> Result<(), Error> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    replace_atomic(path, bytes, durability)
}

/// [`write_atomic`] into a folder known to exist (the output folder checks
/// each folder once; a `create_dir_all` per file was a failing `mkdir` per
/// meta snippet).
pub(crate) fn replace_atomic(
    path: &Path,
    bytes: &[u8],
    durability: Durability,
) -> Result<(), Error> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    temp.write_all(bytes)
        .and_then(|()| set_public_mode(temp.as_file(), path))
        .and_then(|()| match durability {
            Durability::Synced => temp.as_file().sync_data(),
            Durability::Atomic => Ok(()),
        })
        .map_err(|e| Error::io(temp.path(), e))?;
    temp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// Temporary files are created private (0600); outputs are for web servers,
/// so they get the mode of the file they replace, or 0644 when new.
#[cfg(unix)]
fn set_public_mode(file: &File, target: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    // The link itself when the target is one: renaming replaces the link, and
    // a planted link must not lend us the mode of a file outside the folder.
    let mode = fs::symlink_metadata(target)
        .ok()
        .filter(fs::Metadata::is_file)
        .map_or(0o644, |m| m.permissions().mode() & 0o7777);
    file.set_permissions(fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_public_mode(_file: &File, _target: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Removes a state file if it is there (a missing one is fine; one that
/// cannot be removed is left, its reader checks it anyway).
pub(crate) fn remove_state_file(path: &Path) {
    let _ = fs::remove_file(path);
}

/// Whether the file already holds exactly these bytes (then a write is skipped,
/// keeping modification times stable for servers and rsync).
pub fn unchanged(path: &Path, bytes: &[u8]) -> bool {
    match fs::metadata(path) {
        Ok(meta) if meta.len() == bytes.len() as u64 => {
            fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

/// Writes only when the content differs. Returns whether it wrote.
pub fn write_if_changed(path: &Path, bytes: &[u8], durability: Durability) -> Result<bool, Error> {
    if unchanged(path, bytes) {
        return Ok(false);
    }
    write_atomic(path, bytes, durability)?;
    Ok(true)
}

/// The file for a root-relative URL path (`/blog/rss.xml`) under `out`.
/// URL paths come from config and slugs; `..` and other escapes are refused.
pub fn file_for_url_path(out: &Path, url_path: &str) -> Option<PathBuf> {
    let relative = Path::new(url_path.trim_start_matches('/'));
    relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| out.join(relative))
}

/// Removes temporary files a killed run left behind, anywhere under `out`.
pub fn remove_stray_temporaries(out: &Path) {
    let Ok(entries) = fs::read_dir(out) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            remove_stray_temporaries(&path);
        } else if kind.is_file() && entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            let _ = fs::remove_file(&path);
        }
    }
}

/// Holds the output folder for one build; released on drop.
#[derive(Debug)]
pub struct OutputLock {
    _state: File,
    _folder: Option<File>,
}

/// Takes the lock file `path` that guards the output folder `out`, and a lock
/// on the folder itself, failing at once (with a clear message) when another
/// build holds either. The lock file lives in the site's state folder, so it
/// alone cannot see a second site building into the same folder; the folder
/// lock can (on systems where a folder can be opened and locked; elsewhere
/// the lock file is the guard).
pub fn lock_output(path: &Path, out: &Path) -> Result<OutputLock, Error> {
    refuse_symlink(path)?;
    let state = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    try_lock(&state, path, out)?;
    let folder = File::open(out).ok();
    if let Some(folder) = &folder {
        try_lock(folder, out, out)?;
    }
    Ok(OutputLock {
        _state: state,
        _folder: folder,
    })
}

fn try_lock(file: &File, path: &Path, out: &Path) -> Result<(), Error> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(fs::TryLockError::WouldBlock) => Err(Error::Locked {
            path: out.to_path_buf(),
        }),
        // A folder that cannot be locked (some network file systems) is
        // still guarded by the lock file.
        Err(fs::TryLockError::Error(_)) if path == out => Ok(()),
        Err(fs::TryLockError::Error(e)) => Err(Error::io(path, e)),
    }
}

/// Fails at once, with the system's reason, when files cannot be created in
/// the output folder (read-only, not ours): one fatal error instead of one
/// per file.
pub fn check_writable(out: &Path) -> Result<(), Error> {
    tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(out)
        .map(drop)
        .map_err(|e| Error::io(out, e))
}

/// State files (the lock, the journal) are opened for writing in place, so
/// a symlink planted at one would make feedcard write wherever it points:
/// refused with a fatal error instead. (Files renamed into place, like the
/// ledger, replace a link rather than follow it.)
pub(crate) fn refuse_symlink(path: &Path) -> Result<(), Error> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(Error::io(
            path,
            std::io::Error::other(
                "is a symlink; feedcard's state files are never written through links \
                 (remove it and build again)",
            ),
        )),
        _ => Ok(()),
    }
}

/// Checks that `path` (after following symlinks) stays inside `root`; returns
/// the canonical path. Used before any hero, asset, template or font is read.
pub fn contained(root: &Path, path: &Path) -> Result<PathBuf, ContainmentError> {
    let root = root
        .canonicalize()
        .map_err(|_| ContainmentError::NotFound)?;
    let full = path.canonicalize().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ContainmentError::NotFound,
        _ => ContainmentError::Unreadable(e.to_string()),
    })?;
    if full.starts_with(&root) {
        Ok(full)
    } else {
        Err(ContainmentError::Outside)
    }
}

/// Why a path was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainmentError {
    /// Nothing there.
    NotFound,
    /// It resolves outside its root (`..`, an absolute path, a symlink out).
    Outside,
    /// It exists but cannot be resolved.
    Unreadable(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_atomic_replaces_whole_files_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/feed.xml");
        write_atomic(&path, b"one", Durability::Synced).unwrap();
        write_atomic(&path, b"two", Durability::Atomic).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn written_files_are_readable_by_others() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rss.xml");
        write_atomic(&path, b"x", Durability::Atomic).unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o644
        );
    }

    #[test]
    fn url_paths_cannot_escape_the_output_folder() {
        let out = Path::new("/out");
        assert_eq!(
            file_for_url_path(out, "/blog/rss.xml"),
            Some(PathBuf::from("/out/blog/rss.xml"))
        );
        assert_eq!(file_for_url_path(out, "/blog/../../etc/x"), None);
    }

    #[test]
    fn containment_refuses_paths_outside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("assets");
        fs::create_dir_all(&root).unwrap();
        fs::write(root.join("ok.png"), b"x").unwrap();
        fs::write(dir.path().join("secret"), b"x").unwrap();
        assert!(contained(&root, &root.join("ok.png")).is_ok());
        assert_eq!(
            contained(&root, &root.join("../secret")),
            Err(ContainmentError::Outside)
        );
        assert_eq!(
            contained(&root, &root.join("missing.png")),
            Err(ContainmentError::NotFound)
        );
    }

    #[test]
    fn stray_temporaries_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("x")).unwrap();
        fs::write(dir.path().join("x/.feedcard-tmp-abc"), b"half").unwrap();
        fs::write(dir.path().join("x/keep.xml"), b"whole").unwrap();
        remove_stray_temporaries(dir.path());
        assert!(!dir.path().join("x/.feedcard-tmp-abc").exists());
        assert!(dir.path().join("x/keep.xml").exists());
    }

    #[test]
    fn r_two_state_folders_cannot_build_into_one_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        let _first = lock_output(&dir.path().join("lock-a"), &out).unwrap();
        assert!(matches!(
            lock_output(&dir.path().join("lock-b"), &out),
            Err(Error::Locked { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn r_an_unwritable_output_folder_is_one_fatal_error() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
        let probe = check_writable(dir.path());
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        // Root ignores permissions; the probe then rightly succeeds.
        let root = fs::metadata("/proc/self").is_ok_and(|m| {
            use std::os::unix::fs::MetadataExt;
            m.uid() == 0
        });
        assert_eq!(probe.is_err(), !root, "{probe:?}");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_keyed_output_renders_only_when_its_key_or_its_file_changed() {
        let dir = tempfile::tempdir().unwrap();
        let (out, state) = (dir.path().join("public"), dir.path().join("state"));
        let build = |key: u8, bytes: &str| -> bool {
            let folder = OutputFolder::open(&out, &state, Mode::Write).unwrap();
            let mut rendered = false;
            let put = folder.put_keyed("blog/meta/a.html", &[key; 32], Durability::Atomic, || {
                rendered = true;
                bytes.as_bytes().to_vec()
            });
            put.unwrap();
            folder.finish().unwrap();
            rendered
        };
        assert!(build(1, "one"), "first build renders");
        assert!(!build(1, "one"), "same key, file as left: kept");
        assert_eq!(fs::read(out.join("blog/meta/a.html")).unwrap(), b"one");
        assert!(build(2, "two"), "another key renders");
        assert_eq!(fs::read(out.join("blog/meta/a.html")).unwrap(), b"two");
        fs::write(out.join("blog/meta/a.html"), "hand").unwrap();
        assert!(build(2, "two"), "a file changed since renders");
        assert_eq!(fs::read(out.join("blog/meta/a.html")).unwrap(), b"two");
        fs::remove_file(out.join("blog/meta/a.html")).unwrap();
        assert!(build(2, "two"), "a deleted file renders");
        assert!(!build(2, "two"));
        // A build that does not produce it forgets it.
        OutputFolder::open(&out, &state, Mode::Write)
            .unwrap()
            .finish()
            .unwrap();
        assert!(!out.join("blog/meta/a.html").exists());
        assert!(build(2, "two"), "a removed output renders");
    }

    #[test]
    fn a_second_lock_on_the_same_folder_fails() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join("lock");
        let _first = lock_output(&lock, dir.path()).unwrap();
        assert!(matches!(
            lock_output(&lock, dir.path()),
            Err(Error::Locked { .. })
        ));
    }
}
