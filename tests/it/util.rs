//! `SiteTest`: copies a fixture site to a temporary folder, runs the real
//! `feedcard` binary on it, and checks what it wrote.
//!
//! Goldens live in `tests/fixtures/<case>/expected/`. `FEEDCARD_BLESS=1 cargo
//! test` rewrites them from the current output; review the diff like code.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `--now` every test uses, so scheduled posts and goldens are stable.
pub const NOW: &str = "2026-01-01T00:00:00Z";

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub struct SiteTest {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
    fixture: PathBuf,
}

pub struct Run {
    pub output: Output,
    pub stderr: String,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output
            .status
            .code()
            .expect("feedcard exited normally, not by a signal")
    }

    pub fn assert_code(&self, expected: i32) -> &Run {
        assert_eq!(
            self.code(),
            expected,
            "exit status; stderr:\n{}",
            self.stderr
        );
        self
    }
}

impl SiteTest {
    /// A copy of `tests/fixtures/<name>` in a fresh temporary folder.
    pub fn new(name: &str) -> SiteTest {
        let fixture = fixtures().join(name);
        assert!(fixture.is_dir(), "no fixture {}", fixture.display());
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path().join("site");
        copy_tree(&fixture, &root);
        SiteTest {
            _dir: dir,
            root,
            fixture,
        }
    }

    /// Runs `feedcard ARGS` in the site folder (with `--now` fixed for
    /// `build` and `check` unless given).
    pub fn run(&self, args: &[&str]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_feedcard"));
        command
            .current_dir(&self.root)
            .args(args)
            .env("NO_COLOR", "1");
        if matches!(args.first(), Some(&"build") | Some(&"check")) && !args.contains(&"--now") {
            command.args(["--now", NOW]);
        }
        let output = command.output().expect("feedcard runs");
        let stderr = String::from_utf8_lossy(&output.stderr)
            .replace(&*self.root.to_string_lossy(), "[ROOT]");
        Run { output, stderr }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    pub fn read(&self, relative: &str) -> Vec<u8> {
        std::fs::read(self.path(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
    }

    /// PNG files under `relative`, at any depth: the feed cards a build
    /// drew, counted from the disk rather than from its summary.
    pub fn count_png(&self, relative: &str) -> usize {
        snapshot(&self.path(relative))
            .keys()
            .filter(|p| p.extension().is_some_and(|e| e == "png"))
            .count()
    }

    pub fn read_string(&self, relative: &str) -> String {
        String::from_utf8(self.read(relative)).expect("UTF-8 output")
    }

    /// Compares an output file with `expected/<golden>` byte for byte (after
    /// redacting the temporary root), or rewrites the golden when blessing.
    /// Card file sizes are redacted too: PNG bytes may differ by a few between
    /// CPUs (SIMD resizing), and `cards.rs` checks sizes against the files.
    pub fn check_golden(&self, relative: &str, golden: &str) {
        let actual = self
            .read_string(relative)
            .replace(&*self.root.to_string_lossy(), "[ROOT]");
        let actual = redact_numbers_after(&actual, &["length=\"", "fileSize=\""]);
        check_text(&self.fixture.join("expected").join(golden), &actual);
    }
}

/// Compares `actual` with the golden file, or rewrites it under FEEDCARD_BLESS=1.
pub fn check_text(golden: &Path, actual: &str) {
    if std::env::var_os("FEEDCARD_BLESS").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(golden, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(golden).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run FEEDCARD_BLESS=1 cargo test to create it)",
            golden.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output at line {}:\n expected: {:?}\n   actual: {:?}\n\
             (if the change is intended: FEEDCARD_BLESS=1 cargo test, then review the diff)",
            golden.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

/// Replaces the digits that follow each marker with `[SIZE]`.
fn redact_numbers_after(text: &str, markers: &[&str]) -> String {
    let mut out = text.to_string();
    for marker in markers {
        let mut result = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(at) = rest.find(marker) {
            let (head, tail) = rest.split_at(at + marker.len());
            result.push_str(head);
            let digits = tail.len() - tail.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits > 0 {
                result.push_str("[SIZE]");
            }
            rest = &tail[digits..];
        }
        result.push_str(rest);
        out = result;
    }
    out
}

pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_name() == "expected" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Parses a feed with feed-rs, the independent reader.
pub fn read_feed(bytes: &[u8]) -> feed_rs::model::Feed {
    feed_rs::parser::parse(bytes).expect("feed-rs parses the feed")
}

/// Strict XML well-formedness (roxmltree rejects what XML 1.0 forbids).
pub fn assert_well_formed(bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).expect("feeds are UTF-8");
    if let Err(err) = roxmltree::Document::parse(text) {
        panic!("not well-formed XML: {err}");
    }
}

/// Every file under `dir` (relative path → bytes).
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_path_buf();
                files.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    files
}
