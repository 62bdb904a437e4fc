//! Integration tests: the real binary on fixture sites. One test binary, so it
//! links once and shares helpers (`util`).

mod atomic;
mod cli;
mod feeds;
mod hostile;
mod util;
