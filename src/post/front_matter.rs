//! Front matter: split the block, resolve aliases into a typed Post.

use std::path::Path;

use super::{Loaded, ParseOptions, Parsed};
use crate::error::{Diagnostic, Error};

pub(super) fn parse_post(
    path: &Path,
    text: &str,
    options: &ParseOptions<'_>,
) -> Result<Parsed, Diagnostic> {
    let _ = (text, options);
    Err(Diagnostic::error(path, "not yet"))
}

pub(super) fn load_all(dir: &Path, options: &ParseOptions<'_>) -> Result<Loaded, Error> {
    let _ = (dir, options);
    Ok(Loaded::default())
}
