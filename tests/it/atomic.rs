//! Atomic output (filled in below).
