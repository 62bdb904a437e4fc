//! Integration tests: the real binary on fixture sites. One test binary, so it
//! links once and shares helpers (`util`).

mod atomic;
mod browser;
mod cards;
mod cli;
mod dialects;
mod fastpath;
mod feeds;
mod firstrun;
mod glue;
mod hostile;
mod i18n;
mod incremental;
mod prune;
mod publish;
mod util;
