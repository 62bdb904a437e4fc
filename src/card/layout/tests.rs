//! Layout unit tests: where breaks fall and which sizes win, in numbers.

use super::super::fonts::FontSet;
use super::*;

fn spec(width: f32, height: f32) -> TitleSpec {
    TitleSpec {
        width,
        height,
        max_size: 64.0,
        min_size: 32.0,
        max_lines: 3,
        extra_lines: 0,
        short_max_size: 64.0,
        short_max_lines: 2,
        line_height: 1.1,
        letter_spacing: 0.0,
        align: Align::Auto,
        valign: VAlign::Top,
        balance: false,
        rtl: false,
    }
}

fn with_faces<T>(f: impl FnOnce(&[Face<'_>]) -> T) -> T {
    let set = FontSet::load(&[]).unwrap();
    let chain = set.chain("Inter Display", 700).unwrap();
    let faces = set.faces(&chain);
    f(&faces)
}

fn texts(l: &TitleLayout) -> Vec<&str> {
    l.lines.iter().map(|l| l.text.as_str()).collect()
}

#[test]
fn short_title_takes_the_largest_size_on_one_line() {
    with_faces(|faces| {
        let l = layout_title("Hello, world", faces, &spec(1000.0, 400.0));
        assert_eq!(l.size, 64.0);
        assert_eq!(texts(&l), ["Hello, world"]);
        assert!(!l.truncated && !l.split_word);
        assert!(l.lines[0].width < 1000.0 && l.lines[0].width > 200.0);
        // First baseline sits one cap height below the box top.
        assert!((l.lines[0].baseline - faces[0].cap_height * 64.0).abs() < 0.01);
        assert!(l.ink_top <= l.top);
        // An accented capital rises above the cap height.
        let accented = layout_title("Éclat", faces, &spec(1000.0, 400.0));
        assert!(accented.ink_top < accented.top - 5.0);
    });
}

#[test]
fn wraps_on_word_boundaries_within_the_box() {
    with_faces(|faces| {
        let title = "The quick brown fox jumps over the lazy dog again and again";
        let l = layout_title(title, faces, &spec(600.0, 400.0));
        assert!(l.lines.len() >= 2, "{:?}", texts(&l));
        for line in &l.lines {
            assert!(
                line.width <= 600.0 + 0.01,
                "{} is {}",
                line.text,
                line.width
            );
            assert!(!line.text.starts_with(' ') && !line.text.ends_with(' '));
        }
        // No word was cut: joining the lines gives back the title.
        assert_eq!(texts(&l).join(" "), title);
        assert!(!l.split_word);
    });
}

#[test]
fn cjk_breaks_between_characters() {
    with_faces(|faces| {
        let title = "东京大学的研究人员发现了一种新的数据存储方法并公开了全部代码";
        let l = layout_title(title, faces, &spec(400.0, 400.0));
        assert!(l.lines.len() >= 2, "{:?}", texts(&l));
        assert!(l.missing.is_empty(), "{:?}", l.missing);
        assert!(!l.split_word, "CJK breaks are ordinary opportunities");
        assert_eq!(texts(&l).concat(), title);
        for line in &l.lines {
            assert!(line.width <= 400.01);
        }
    });
}

#[test]
fn shrinks_until_it_fits() {
    with_faces(|faces| {
        let title = "Shrinking a title until it fits inside three lines of this box";
        let s = spec(500.0, 300.0);
        let l = layout_title(title, faces, &s);
        assert!(l.size < 64.0 && l.size >= 32.0, "size {}", l.size);
        assert!(l.lines.len() <= 3);
        assert!(!l.truncated);
        // One pixel larger would not have fitted.
        let mut bigger = s.clone();
        bigger.min_size = l.size + 1.0;
        bigger.max_size = l.size + 1.0;
        let b = layout_title(title, faces, &bigger);
        assert!(b.truncated || b.lines.len() > 3);
        assert!(l.bottom <= 300.0 + 0.01);
    });
}

#[test]
fn ellipsis_when_even_the_minimum_size_overflows() {
    with_faces(|faces| {
        let title = "word ".repeat(80);
        let l = layout_title(&title, faces, &spec(500.0, 400.0));
        assert!(l.truncated);
        assert_eq!(l.size, 32.0);
        assert_eq!(l.lines.len(), 3);
        let last = &l.lines[2].text;
        assert!(last.ends_with("word…"), "{last}");
        for line in &l.lines {
            assert!(line.width <= 500.01, "{}", line.width);
        }
    });
}

#[test]
fn over_long_word_is_broken_not_overflowing() {
    with_faces(|faces| {
        let title = "Pneumonoultramicroscopicsilicovolcanoconiosis_and_more_and_more";
        let l = layout_title(title, faces, &spec(400.0, 400.0));
        assert!(l.split_word);
        assert!(l.lines.len() >= 2);
        for line in &l.lines {
            assert!(line.width <= 400.01, "{} {}", line.text, line.width);
        }
    });
}

#[test]
fn ten_thousand_characters_terminate_within_max_lines() {
    with_faces(|faces| {
        let mut title = "a".repeat(10_000);
        title.push_str(&" b".repeat(5_000));
        let l = layout_title(&title, faces, &spec(1000.0, 400.0));
        assert!(l.lines.len() <= 3);
        assert!(l.truncated);
        let cjk = "字".repeat(10_000);
        let l = layout_title(&cjk, faces, &spec(1000.0, 400.0));
        assert!(l.lines.len() <= 3 && l.truncated);
    });
}

#[test]
fn rtl_first_logical_character_is_rightmost() {
    with_faces(|faces| {
        for title in ["שלום עולם", "مرحبا بالعالم"] {
            let l = layout_title(title, faces, &spec(1000.0, 400.0));
            assert!(l.rtl, "{title}");
            assert!(l.missing.is_empty(), "{:?}", l.missing);
            let line = &l.lines[0];
            // Right-aligned: the line ends at the box's right edge.
            assert!((line.x + line.width - 1000.0).abs() < 0.01);
            let first = line.glyphs.iter().find(|g| g.cluster == 0).unwrap();
            let max_x = line.glyphs.iter().map(|g| g.x).fold(f32::MIN, f32::max);
            assert_eq!(first.x, max_x, "{title}");
        }
    });
}

#[test]
fn a_right_to_left_post_is_laid_out_right_to_left_even_after_a_latin_word() {
    with_faces(|faces| {
        let title = "Rust لغة برمجة سريعة";
        let auto = layout_title(title, faces, &spec(1000.0, 400.0));
        // The first strong letter is Latin: left to right, aligned left.
        assert!(!auto.rtl);
        assert!(auto.lines[0].x.abs() < 0.01);
        let rtl = TitleSpec {
            rtl: true,
            ..spec(1000.0, 400.0)
        };
        let l = layout_title(title, faces, &rtl);
        assert!(l.rtl);
        let line = &l.lines[0];
        // Right-aligned, and "Rust" (logically first) is the rightmost word.
        assert!((line.x + line.width - 1000.0).abs() < 0.01);
        let rust_left = line
            .glyphs
            .iter()
            .filter(|g| g.cluster < 4)
            .map(|g| g.x)
            .fold(f32::MAX, f32::min);
        let arabic_right = line
            .glyphs
            .iter()
            .filter(|g| g.cluster > 4)
            .map(|g| g.x)
            .fold(f32::MIN, f32::max);
        assert!(rust_left > arabic_right, "{rust_left} vs {arabic_right}");
        // "Rust" itself still reads left to right.
        let r = line.glyphs.iter().find(|g| g.cluster == 0).unwrap();
        let t = line.glyphs.iter().find(|g| g.cluster == 3).unwrap();
        assert!(r.x < t.x);
    });
}

#[test]
fn arabic_joins() {
    with_faces(|faces| {
        // Joined Arabic uses contextual forms: the same letter gets
        // different glyphs at the start and the end of a word.
        let l = layout_title("سس", faces, &spec(1000.0, 400.0));
        let ids: Vec<u16> = l.lines[0].glyphs.iter().map(|g| g.id).collect();
        assert_eq!(ids.len(), 2);
        assert_ne!(ids[0], ids[1]);
    });
}

#[test]
fn kerning_comes_from_gpos() {
    with_faces(|faces| {
        let kerned = layout_label("AV", faces, 100.0, 0.0, 1000.0).line.width;
        let a = layout_label("A", faces, 100.0, 0.0, 1000.0).line.width;
        let v = layout_label("V", faces, 100.0, 0.0, 1000.0).line.width;
        assert!(kerned < a + v - 1.0, "AV {kerned} vs {a}+{v}");
    });
}

#[test]
fn missing_glyphs_are_dropped_and_reported() {
    with_faces(|faces| {
        // U+13000 EGYPTIAN HIEROGLYPH A001: in no bundled font.
        let l = layout_title("Ok \u{13000} fine", faces, &spec(1000.0, 400.0));
        assert_eq!(l.missing, ['\u{13000}']);
        assert!(!l.lines[0].text.contains('\u{13000}'));
    });
}

#[test]
fn emoji_come_from_the_emoji_face() {
    with_faces(|faces| {
        let l = layout_title("Launch 🚀 day", faces, &spec(1000.0, 400.0));
        assert!(l.missing.is_empty());
        let emoji = faces.len() - 1;
        assert!(l.lines[0].glyphs.iter().any(|g| g.face == emoji));
    });
}

#[test]
fn balance_evens_out_lines() {
    with_faces(|faces| {
        let title = "Balanced headlines read better than ragged ones do";
        let mut s = spec(700.0, 400.0);
        s.max_size = 48.0;
        let plain = layout_title(title, faces, &s);
        s.balance = true;
        let bal = layout_title(title, faces, &s);
        assert_eq!(plain.lines.len(), bal.lines.len());
        let spread = |l: &TitleLayout| {
            let w: Vec<f32> = l.lines.iter().map(|l| l.width).collect();
            w.iter().cloned().fold(0.0, f32::max) - w.iter().cloned().fold(f32::MAX, f32::min)
        };
        assert!(spread(&bal) <= spread(&plain));
    });
}

#[test]
fn label_is_cut_with_ellipsis() {
    with_faces(|faces| {
        let l = layout_label("A very long site name indeed", faces, 20.0, 0.0, 120.0);
        assert!(l.line.text.ends_with('…'), "{}", l.line.text);
        assert!(l.line.width <= 120.01);
    });
}

#[test]
fn empty_and_blank_titles_give_no_lines() {
    with_faces(|faces| {
        for t in ["", "   \n\t ", "\u{200B}"] {
            let l = layout_title(t, faces, &spec(500.0, 300.0));
            assert!(l.lines.iter().all(|l| l.width == 0.0), "{t:?}");
        }
    });
}

// --- Typography rules ---------------------------------------------------

fn lines_at(title: &str, width: f32, size: f32) -> Vec<String> {
    with_faces(|faces| {
        let mut s = spec(width, 1000.0);
        s.max_size = size;
        s.min_size = size;
        s.short_max_size = size;
        s.max_lines = 8;
        layout_title(title, faces, &s)
            .lines
            .iter()
            .map(|l| l.text.clone())
            .collect()
    })
}

#[test]
fn no_line_starts_with_a_dash() {
    // At 48 px, "Storage is boring — " fills the first line to the dash;
    // plain UAX #14 would start line 2 with "—".
    let title = "Storage is boring — until the day it loses your data";
    for width in [420.0, 440.0, 470.0, 500.0, 540.0] {
        let lines = lines_at(title, width, 48.0);
        for line in &lines[1..] {
            assert!(!line.starts_with(['—', '-', '–']), "{width}: {lines:?}");
        }
    }
    // The dash stays at the end of the line before (never the start of one).
    let lines = lines_at(title, 470.0, 48.0);
    assert!(lines.iter().any(|l| l.ends_with(" —")), "{lines:?}");
}

#[test]
fn no_line_ends_with_a_one_or_two_letter_word() {
    let title = "A guide to the art of writing a headline in a hurry";
    for width in (300..=900).step_by(20) {
        let lines = lines_at(title, width as f32, 48.0);
        for line in &lines[..lines.len() - 1] {
            let last = line.rsplit(' ').next().unwrap();
            assert!(last.chars().count() > 2, "{width}: {lines:?}");
        }
    }
}

#[test]
fn code_spans_and_identifiers_break_only_at_soft_points() {
    // The identifier is kept whole while it fits a line…
    let lines = lines_at("Why `std::collections::HashMap` is fast", 900.0, 48.0);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("std::collections::HashMap")),
        "{lines:?}"
    );
    assert!(lines.iter().all(|l| !l.contains('`')), "{lines:?}");
    // …and when it cannot be, it breaks after `::`, never inside a name.
    let lines = lines_at(
        "Using tokio::sync::mpsc::unbounded_channel well",
        420.0,
        48.0,
    );
    let joined = lines.join("|");
    assert!(joined.contains("::|") || joined.contains("_|"), "{lines:?}");
    for line in &lines {
        assert!(!line.starts_with(':'), "{lines:?}");
    }
    // A path in a code span breaks after a slash.
    let lines = lines_at("Read `src/card/layout/breaking.rs` first", 380.0, 48.0);
    assert!(lines.join("|").contains("/|"), "{lines:?}");
}

#[test]
fn a_break_after_a_colon_is_preferred() {
    let title = "Rust in production: what we learned after two years";
    with_faces(|faces| {
        // At 1000 px the title takes two lines either way, so the colon
        // break costs no line and is taken. (At 700–900 px the second line
        // would not fit after the colon: a third line, so it is not.)
        let mut s = spec(1000.0, 400.0);
        s.max_size = 56.0;
        let l = layout_title(title, faces, &s);
        assert_eq!(l.lines.len(), 2, "{:?}", texts(&l));
        assert_eq!(texts(&l)[0], "Rust in production:", "at {} px", l.size);
        // Without the colon the first line is filled further.
        let plain = layout_title(&title.replace(':', ""), faces, &s);
        assert_ne!(
            texts(&plain)[0],
            "Rust in production",
            "{:?}",
            texts(&plain)
        );
    });
}

#[test]
fn markup_is_read_not_drawn() {
    with_faces(|faces| {
        let l = layout_title(
            "Q&amp;A with the &lt;team&gt;<br>and `cargo`",
            faces,
            &spec(1000.0, 400.0),
        );
        // `<br>` breaks although both parts fit one line.
        assert_eq!(texts(&l), ["Q&A with the <team>", "and cargo"]);
    });
}

#[test]
fn short_titles_grow_long_ones_do_not() {
    with_faces(|faces| {
        let mut s = spec(1000.0, 400.0);
        s.max_size = 64.0;
        s.short_max_size = 96.0;
        let short = layout_title("Ship it", faces, &s);
        assert_eq!(short.size, 96.0);
        assert_eq!(short.lines.len(), 1);
        let long = layout_title(
            "A title long enough to need three lines at any size that this box allows",
            faces,
            &s,
        );
        assert!(long.size <= 64.0, "{}", long.size);
    });
}

#[test]
fn a_fifth_line_comes_before_the_ellipsis() {
    // 26 words: more than four lines hold at the 32 px minimum (six a
    // line at 500 px), fewer than five do.
    let title = "word ".repeat(26);
    with_faces(|faces| {
        let mut s = spec(500.0, 380.0);
        s.max_lines = 4;
        let four = layout_title(&title, faces, &s);
        assert!(four.truncated, "{:?}", texts(&four));
        s.extra_lines = 1;
        let five = layout_title(&title, faces, &s);
        assert!(!five.truncated, "{:?}", texts(&five));
        assert_eq!(
            five.lines.len(),
            5,
            "{:?} at {} px",
            texts(&five),
            five.size
        );
        assert!(five.size >= four.size, "{} < {}", five.size, four.size);
    });
}

// --- Scripts -----------------------------------------------------------

/// (script, title) pairs a bundled font must draw with no missing glyph.
const SCRIPTS: &[(&str, &str)] = &[
    ("Devanagari", "हिन्दी में शीर्षक: क्षेत्र और श्री"),
    ("Bengali", "বাংলা শিরোনাম ক্ষেত্র"),
    ("Tamil", "தமிழ் தலைப்பு க்ஷ ஸ்ரீ"),
    ("Thai", "หัวข้อภาษาไทย น้ำ"),
    ("Georgian", "ქართული სათაური"),
    ("Armenian", "Հայերեն վերնագիր"),
    ("Ethiopic", "የአማርኛ ርዕስ ሰላም"),
    ("Hangul", "한국어 제목 읽기 쉬운 카드"),
    ("Traditional Chinese", "繁體中文標題：資料儲存與網路"),
    ("Simplified Chinese", "简体中文标题：数据存储与网络"),
    ("Japanese", "日本語のタイトル：分散ストレージ"),
];

#[test]
fn every_script_draws_without_missing_glyphs() {
    with_faces(|faces| {
        for (script, title) in SCRIPTS {
            let l = layout_title(title, faces, &spec(1000.0, 400.0));
            assert!(l.missing.is_empty(), "{script}: {:?}", l.missing);
            assert_eq!(l.lost_letters, 0, "{script}");
            // Not drawn by the primary (Latin) face.
            let glyphs: Vec<_> = l.lines.iter().flat_map(|l| &l.glyphs).collect();
            assert!(glyphs.iter().any(|g| g.face != 0), "{script}");
            assert!(glyphs.iter().all(|g| g.id != 0), "{script}: a .notdef");
        }
    });
}

#[test]
fn indic_text_is_shaped_not_mapped() {
    with_faces(|faces| {
        // क्ष is one conjunct glyph (3 characters); ि is drawn before क.
        let l = layout_title("क्ष", faces, &spec(1000.0, 400.0));
        assert_eq!(l.lines[0].glyphs.len(), 1, "{:?}", l.lines[0].glyphs);
        let l = layout_title("कि", faces, &spec(1000.0, 400.0));
        let g = &l.lines[0].glyphs;
        assert_eq!(g.len(), 2);
        assert!(g[0].x < g[1].x);
        // The vowel sign (cluster 0, reordered) comes first visually.
        let ka_glyph = layout_title("क", faces, &spec(1000.0, 400.0)).lines[0].glyphs[0].id;
        assert_eq!(g[1].id, ka_glyph);
    });
}

#[test]
fn emoji_sequences_are_single_glyphs() {
    with_faces(|faces| {
        let emoji = faces.len() - 1;
        for seq in [
            "🇫🇷",
            "🇯🇵",
            "👩\u{200D}💻",
            "🏳\u{FE0F}\u{200D}🌈",
            "👍🏽",
            "👋🏿",
        ] {
            let l = layout_title(seq, faces, &spec(1000.0, 400.0));
            assert!(l.missing.is_empty(), "{seq}: {:?}", l.missing);
            let g = &l.lines[0].glyphs;
            assert_eq!(g.len(), 1, "{seq}: {g:?}");
            assert_eq!(g[0].face, emoji);
        }
        // A skin tone with no ligature in the subset: the base alone, the
        // modifier reported.
        let l = layout_title("🧑🏽", faces, &spec(1000.0, 400.0));
        assert_eq!(l.lines[0].glyphs.len(), 1);
        assert_eq!(l.missing, ['\u{1F3FD}']);
    });
}

#[test]
fn lost_letters_are_counted() {
    with_faces(|faces| {
        let l = layout_title("𓀀𓀁𓀂 ok", faces, &spec(1000.0, 400.0));
        assert_eq!((l.letters, l.lost_letters), (5, 3));
        assert_eq!(coverage("𓀀𓀁𓀂 ok", faces), (5, 3, vec!['𓀀', '𓀁', '𓀂']));
    });
}

/// Characters a CJK line may not start with (closing brackets and
/// punctuation, small kana, the prolonged sound mark) and may not end with
/// (opening brackets): the kinsoku rules.
const NO_LINE_START: &str =
    "、。，．・：；？！」』）】〕〉》”’ーぁぃぅぇぉっゃゅょァィゥェォッャュョ々";
const NO_LINE_END: &str = "「『（【〔〈《“‘";

#[test]
fn cjk_titles_keep_latin_words_whole_and_follow_kinsoku() {
    let titles = [
        "在WebAssembly中使用Rust：我们学到了什么，以及「下一步」的计划。",
        "日本語のタイトルでKubernetesとPostgreSQLを使う「分散ストレージ」入門、ショッピング。",
        "繁體中文標題：使用Filecoin儲存資料（第二部分）、效能與網路。",
    ];
    let latin = [
        "WebAssembly",
        "Rust",
        "Kubernetes",
        "PostgreSQL",
        "Filecoin",
    ];
    with_faces(|faces| {
        for title in titles {
            // Many widths, so that a break is tried at every position; all
            // wider than the longest Latin word (a word wider than the line
            // must be split).
            for width in (300..=700).step_by(10) {
                let mut s = spec(width as f32, 2000.0);
                s.max_size = 40.0;
                s.min_size = 40.0;
                s.max_lines = 20;
                let l = layout_title(title, faces, &s);
                let lines = texts(&l);
                assert_eq!(lines.concat(), title, "at {width}: {lines:?}");
                for pair in lines.windows(2) {
                    let (end, start) = (pair[0], pair[1]);
                    let first = start.chars().next().unwrap();
                    let last = end.chars().last().unwrap();
                    assert!(
                        !NO_LINE_START.contains(first),
                        "at {width}, a line starts with {first}: {lines:?}"
                    );
                    assert!(
                        !NO_LINE_END.contains(last),
                        "at {width}, a line ends with {last}: {lines:?}"
                    );
                    for word in latin {
                        for cut in 1..word.len() {
                            assert!(
                                !(end.ends_with(&word[..cut]) && start.starts_with(&word[cut..])),
                                "at {width}, {word} is split: {lines:?}"
                            );
                        }
                    }
                }
            }
        }
    });
}
