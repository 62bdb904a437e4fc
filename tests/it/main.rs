//! Integration tests: the real binary on fixture sites. One test binary, so it
//! links once and shares helpers (`util`).

mod atomic;
mod cards;
mod cli;
mod feeds;
mod glue;
mod hostile;
mod i18n;
mod util;
