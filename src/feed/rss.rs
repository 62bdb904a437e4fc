//! rss rendering.

use super::{FeedItem, FeedMeta};

pub(super) fn render(meta: &FeedMeta<'_>, items: &[FeedItem<'_>]) -> Vec<u8> {
    let _ = (meta, items);
    Vec::new()
}
