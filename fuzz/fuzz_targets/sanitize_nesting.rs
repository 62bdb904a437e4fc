//! Bodies built from the tokens that made the sanitiser and the Markdown
//! parser super-linear (nesting, unclosed raw-text elements, entity storms):
//! `render_html` must stay linear (libFuzzer's `-timeout` catches a stall),
//! never panic, and let no form control or script through.
#![no_main]

use libfuzzer_sys::fuzz_target;

const TOKENS: &[&str] = &[
    "<div>",
    "</div>",
    "<details>",
    "</details>",
    ">",
    "> ",
    "- ",
    "1. ",
    "  ",
    "\n",
    "\n\n",
    "<iframe src=\"https://v.example/e\">",
    "</iframe>",
    "<textarea>",
    "</textarea>",
    "<script>",
    "</script>",
    "<form>",
    "<input type=password>",
    "<button>",
    "<select>",
    "<option>",
    "&amp;",
    "\u{a0}",
    "<!--",
    "-->",
    "*",
    "_",
    "**",
    "[",
    "]",
    "(https://x.example)",
    "|",
    "|-|",
    "`",
    "<b id=1>",
    "</b>",
    "<p>",
    "word ",
    "[^1]",
    "[^1]: n\n",
    "<noscript>",
    "<title>",
    "<xmp>",
    "<plaintext>",
    "\r",
    "\t",
];

fuzz_target!(|data: &[u8]| {
    let body: String = data
        .iter()
        .map(|&b| TOKENS[usize::from(b) % TOKENS.len()])
        .collect();
    let html = feedcard::post::render_html(
        &body,
        &feedcard::post::LinkBase {
            page: "https://fuzz.example/blog/x",
            site: "https://fuzz.example/",
        },
    );
    let lower = html.to_ascii_lowercase();
    for forbidden in [
        "<script",
        "<form",
        "<input",
        "<textarea",
        "<button",
        "<select",
        "<option",
        "<iframe",
        "<!--",
    ] {
        assert!(!lower.contains(forbidden), "{forbidden} survived: {html}");
    }
    // Output grows with the input, never faster (no reconstructed-element blow-up).
    assert!(
        html.len() <= 64 * body.len() + 256,
        "{} bytes from {}",
        html.len(),
        body.len()
    );
});
