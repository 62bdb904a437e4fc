//! `feedcard init`: a starter `feedcard.toml` and the built-in card templates,
//! written where the user can edit them.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::output;

const STARTER_CONFIG: &str = include_str!("starter.toml");

/// Writes `feedcard.toml` and `templates/*.toml` into `dir`. Existing files are
/// never overwritten: that is an error naming the file.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut files: Vec<(PathBuf, &str)> = vec![(dir.join("feedcard.toml"), STARTER_CONFIG)];
    for (name, text) in crate::card::TEMPLATES {
        files.push((dir.join("templates").join(name), text));
    }
    if let Some((existing, _)) = files.iter().find(|(path, _)| path.exists()) {
        return Err(Error::io(
            existing,
            std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "already exists; feedcard init never overwrites a file",
            ),
        ));
    }
    for (path, text) in &files {
        output::write_atomic(path, text.as_bytes(), output::Durability::Atomic)?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_config_is_valid() {
        crate::Config::parse(STARTER_CONFIG, Path::new("/site")).unwrap();
    }

    #[test]
    fn init_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        init(dir.path()).unwrap();
        let err = init(dir.path()).unwrap_err();
        assert!(err.to_string().contains("never overwrites"), "{err}");
    }
}
