//! Social cards.
