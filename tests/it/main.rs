//! Integration tests: the real binary on fixture sites. One test binary, so it
//! links once and shares helpers (`util`).

mod atomic;
mod browser;
mod cards;
mod cli;
mod feeds;
mod firstrun;
mod glue;
mod hostile;
mod util;
