//! Glue files.
