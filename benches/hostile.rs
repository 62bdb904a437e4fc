//! Hostile-post benchmark: `cargo bench --bench hostile` (add `-- --max-mb 4`
//! to stop earlier). For each class of hostile body (deep nesting, unclosed
//! tags, huge tables, storms of entities, emphasis, footnotes, links…) it
//! builds one post of 100 KB, 1 MB, 4 MB and 16 MB and times what the input
//! stage and the feed stage do with it: `post::parse` (front matter, the
//! nesting checks, the summary) and, for a post that is accepted,
//! `post::render_html` (Markdown, sanitiser). It prints milliseconds per MB:
//! a flat row means the work is linear in the post's size. Nothing is
//! asserted: speed lives here, not in tests.

use std::path::Path;
use std::time::Instant;

use feedcard::common::FieldKeys;
use feedcard::post::{self, ParseOptions, Parsed};

const HEAD: &str = "---\ntitle: Hostile\ndate: 2025-01-01\n---\n";

/// `unit` repeated to about `size` bytes.
fn repeat(unit: &str, size: usize) -> String {
    unit.repeat((size / unit.len()).max(1))
}

/// One body of about `size` bytes of the given class.
fn body(class: &str, size: usize) -> String {
    match class {
        "blockquote" => repeat(">", size) + " x\n",
        "list markers" => repeat("- ", size) + "x\n",
        "div" => repeat("<div>", size),
        "details lines" => repeat("<details>\n\n", size),
        "unclosed iframe" => repeat("<iframe src=\"https://v.example/e\">a ", size),
        "unclosed script" => format!("text\n\n{}", repeat("<script>a ", size)),
        "unclosed textarea" => format!("text\n\n{}", repeat("<textarea>a &amp; ", size)),
        "deep list indent" => {
            let mut out = String::new();
            let mut depth = 0;
            while out.len() < size {
                out.push_str(&"  ".repeat(depth));
                out.push_str("- x\n");
                depth += 1;
            }
            out
        }
        "table 10k cols" => {
            let cols = size / 4;
            let mut out = repeat("|c", cols * 2);
            out.push_str("|\n");
            out.push_str(&repeat("|-", cols * 2));
            out.push_str("|\n");
            out
        }
        "table rows" => format!("|a|b|\n|-|-|\n{}", repeat("|1|&amp;|\n", size)),
        "long line" => repeat("word ", size) + "\n",
        "entities" => repeat("&amp;", size),
        "nbsp" => repeat("\u{a0}", size),
        "footnotes" => (0..size / 20)
            .map(|i| format!("t[^{i}]\n\n[^{i}]: n\n\n"))
            .collect(),
        "reference links" => (0..size / 40)
            .map(|i| format!("[l{i}]\n[l{i}]: https://x.example/{i}\n"))
            .collect(),
        "links" => repeat("[a](https://x.example/) ", size),
        "emphasis *a_" => repeat("*a_", size) + "\n",
        "emphasis **_" => repeat("**_", size) + "\n",
        "brackets" => repeat("[", size) + "\n",
        "b with ids" => (0..size / 12).map(|i| format!("<b id={i}>")).collect(),
        other => panic!("unknown class {other}"),
    }
}

/// YAML front matter of about `size` bytes hiding deep flow nesting behind a
/// comment ended by `line_end`.
fn yaml(line_end: &str, size: usize) -> String {
    let half = size / 2;
    format!(
        "---\ntitle: T\ndate: 2025-01-01\nx: # c{line_end}  {}{}\n---\nbody\n",
        "[".repeat(half),
        "]".repeat(half)
    )
}

/// Seconds the input and feed stages spend on `text`, and what became of it.
fn time_post(text: &str, fields: &FieldKeys) -> (f64, &'static str) {
    let options = ParseOptions {
        timezone: chrono_tz::Tz::UTC,
        fields,
        languages: post::Languages::default(),
        lowercase_slugs: false,
    };
    let start = Instant::now();
    let outcome = match post::parse(Path::new("hostile.md"), text, &options) {
        Ok(Parsed::Post(p, _)) => {
            let html = post::render_html(
                &text[p.body_offset..],
                &post::LinkBase {
                    page: "https://h.example/blog/p",
                    site: "https://h.example/",
                },
            );
            std::hint::black_box(html);
            "built"
        }
        Ok(Parsed::Draft) => "draft",
        Err(_) => "refused",
    };
    (start.elapsed().as_secs_f64(), outcome)
}

fn main() {
    let mut max_mb = 16usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--max-mb" {
            max_mb = args
                .next()
                .and_then(|v| v.parse().ok())
                .expect("--max-mb N");
        }
    }
    let sizes: Vec<usize> = [100 * 1024, 1 << 20, 4 << 20, 16 << 20]
        .into_iter()
        .filter(|&s| s <= max_mb << 20)
        .collect();
    let fields = FieldKeys::default();
    let classes = [
        "blockquote",
        "list markers",
        "div",
        "details lines",
        "unclosed iframe",
        "unclosed script",
        "unclosed textarea",
        "deep list indent",
        "table 10k cols",
        "table rows",
        "long line",
        "entities",
        "nbsp",
        "footnotes",
        "reference links",
        "links",
        "emphasis *a_",
        "emphasis **_",
        "brackets",
        "b with ids",
        "yaml \\r",
        "yaml NEL",
        "yaml U+2028",
    ];
    print!("{:<20}", "ms per MB");
    for size in &sizes {
        print!("{:>18}", format!("{} KB", size / 1024));
    }
    println!();
    for class in classes {
        print!("{class:<20}");
        for &size in &sizes {
            // Leave room for the front matter within the 16 MB post limit.
            let size = size - size / 64;
            let text = match class {
                "yaml \\r" => yaml("\r", size),
                "yaml NEL" => yaml("\u{85}", size),
                "yaml U+2028" => yaml("\u{2028}", size),
                _ => format!("{HEAD}{}", body(class, size)),
            };
            let (seconds, outcome) = time_post(&text, &fields);
            let mb = text.len() as f64 / (1024.0 * 1024.0);
            print!(
                "{:>18}",
                format!("{:.1} {}", seconds * 1000.0 / mb, outcome)
            );
        }
        println!();
    }
}
