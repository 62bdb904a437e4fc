//! Finding post files under the posts folder and parsing them in parallel.
//!
//! Every `.md`/`.markdown` file anywhere below the folder is a post, except
//! under hidden names (starting with `.`). Symbolic links are never followed
//! into folders (so a link loop cannot hang the walk and no post is found
//! twice); a linked FILE is read when it resolves inside the posts folder and
//! refused with a diagnostic when it resolves outside it. Files are sorted by
//! path and parsed with rayon; results are collected in that order, so thread
//! timing never reaches the output.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::cache::ParseCache;
use super::{read_post_text, Loaded, ParseOptions, Parsed};
use crate::error::{Diagnostic, Error};

/// Whether a file name is a post's (`.md`, `.markdown` or `.mdx`, any case).
fn is_post_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
        || super::dialect::is_mdx(path)
}

/// `_index.md` is a section's own list page in Hugo and Zola at any depth
/// (`posts/_index.md`, `posts/cheatsheets/_index.md`, a language's
/// `en/_index.md`, a translation's `_index.fr.md`), never a post: a page
/// bundle is `index.md`.
fn is_section_page(path: &Path) -> bool {
    path.file_stem()
        .and_then(|stem| stem.to_str())
        .is_some_and(|stem| {
            stem == "_index"
                || super::lang::split_suffix(stem).is_some_and(|(base, _)| base == "_index")
        })
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// Post files under `dir` (as `dir` joined with their relative path), sorted,
/// and diagnostics for what could not be walked.
fn find_post_files(dir: &Path) -> Result<(Vec<PathBuf>, Vec<Diagnostic>), Error> {
    let metadata = fs::metadata(dir).map_err(|e| Error::io(dir, e))?;
    if !metadata.is_dir() {
        return Err(Error::io(
            dir,
            io::Error::new(
                io::ErrorKind::NotADirectory,
                "the posts folder is not a folder",
            ),
        ));
    }
    let root = fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries = match fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) if folder == dir => return Err(Error::io(dir, e)),
            Err(e) => {
                diagnostics.push(Diagnostic::error(
                    &folder,
                    format!("cannot read the folder: {e}"),
                ));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    diagnostics.push(Diagnostic::error(
                        &folder,
                        format!("cannot list the folder: {e}"),
                    ));
                    continue;
                }
            };
            if is_hidden(&entry.file_name()) {
                continue;
            }
            let path = entry.path();
            let file_type = match entry.file_type() {
                Ok(t) => t,
                Err(e) => {
                    diagnostics.push(Diagnostic::error(&path, format!("cannot read: {e}")));
                    continue;
                }
            };
            if file_type.is_dir() {
                pending.push(path);
            } else if file_type.is_file() {
                if is_post_name(&path) && !is_section_page(&path) {
                    files.push(path);
                }
            } else if file_type.is_symlink() {
                if let Some(file) = check_link(&path, &root, &mut diagnostics) {
                    files.push(file);
                }
            }
        }
    }
    files.sort();
    Ok((files, diagnostics))
}

/// A linked post file that stays inside the posts folder; `None` (with a
/// diagnostic when it matters) otherwise. Linked folders are not followed.
fn check_link(path: &Path, root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<PathBuf> {
    let target = match fs::canonicalize(path) {
        Ok(target) => target,
        Err(e) => {
            if is_post_name(path) {
                diagnostics.push(Diagnostic::error(
                    path,
                    format!("cannot follow the link: {e}"),
                ));
            }
            return None;
        }
    };
    let is_dir = target.is_dir();
    if !target.starts_with(root) {
        if is_dir || is_post_name(path) {
            diagnostics.push(Diagnostic::error(
                path,
                format!(
                    "refused: the link points outside the posts folder (to {})",
                    target.display()
                ),
            ));
        }
        return None;
    }
    // A linked folder inside the root is walked under its real path already.
    (!is_dir && is_post_name(path)).then(|| path.to_path_buf())
}

/// What reading and parsing one file gave.
enum Outcome {
    Post(Box<super::Post>, Vec<Diagnostic>),
    Draft,
    Failed(Diagnostic),
}

fn load_one(
    root: &Path,
    path: &Path,
    options: &ParseOptions<'_>,
    cache: Option<&ParseCache>,
) -> Outcome {
    let read = || read_post_text(path);
    let parse = |text: &str| super::parse(path, text, options);
    let parsed = match cache {
        Some(cache) => cache.load(path, read, parse),
        None => read().and_then(|text| parse(&text)),
    };
    match parsed {
        Ok(Parsed::Post(mut post, warnings)) => {
            if post.hero.is_none() {
                post.hero = bundle_hero(path);
            }
            post.section = section_of(root, path, &post.lang, options.lowercase_slugs);
            Outcome::Post(post, warnings)
        }
        Ok(Parsed::Draft) => Outcome::Draft,
        Err(d) => Outcome::Failed(d),
    }
}

/// The folders between the posts folder and a post, a page bundle's own
/// folder left out (its name is the slug) and so is a top language folder
/// (`fr/` of Hugo's `content/fr/…`: the language prefix stands for it);
/// lower case with `-` between words when the generator makes URLs so.
fn section_of(root: &Path, path: &Path, lang: &str, lowercase: bool) -> String {
    let Ok(relative) = path.strip_prefix(root) else {
        return String::new();
    };
    let mut folders: Vec<String> = relative
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let stem = super::lang::split_suffix(stem).map_or(stem, |(base, _)| base);
    if stem == "index" || stem == "_index" {
        folders.pop();
    }
    if folders
        .first()
        .is_some_and(|f| f.eq_ignore_ascii_case(lang))
    {
        folders.remove(0);
    }
    let folders = folders.iter().map(|f| {
        if lowercase {
            super::fields::urlize(f)
        } else {
            f.clone()
        }
    });
    folders.collect::<Vec<_>>().join("/")
}

/// Hugo's convention for a page bundle's image when the front matter names
/// none: a file beside `index.md` whose name contains `feature`, else
/// `cover`, else `thumb` (`thumbnail.png`; Congo and Blowfish's `thumb.jpg`),
/// first by name. Given relative, as the front
/// matter would, so the card stage resolves it in the post's folder.
fn bundle_hero(path: &Path) -> Option<super::HeroRef> {
    let stem = path.file_stem()?.to_str()?;
    if stem != "index" {
        return None;
    }
    let mut images: Vec<String> = fs::read_dir(path.parent()?)
        .ok()?
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| is_image_name(name) && !name.starts_with('.'))
        .collect();
    images.sort();
    ["feature", "cover", "thumb"].iter().find_map(|word| {
        images
            .iter()
            .find(|name| name.to_ascii_lowercase().contains(word))
            .map(|name| super::HeroRef {
                src: name.clone(),
                alt: None,
                focus: None,
                kind: None,
            })
    })
}

/// Whether a file name is an image a card can draw.
fn is_image_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".webp", ".gif"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// The generator configuration files beside the posts folder and its
/// parents (nearest first, at most three levels up), with their first
/// bytes: what `[content] dialect = "auto"` decides from. Only these few
/// names are opened, and only their beginning is read.
pub(crate) fn layout_files(dir: &Path) -> Vec<super::dialect::LayoutFile> {
    const NAMES: &[&str] = &[
        "hugo.toml",
        "hugo.yaml",
        "hugo.yml",
        "hugo.json",
        "zola.toml",
        "_config.yml",
        "_config.yaml",
        "_config.toml",
        "config.toml",
        "config.yaml",
        "config.yml",
        "config.json",
        "astro.config.mjs",
        "astro.config.js",
        "astro.config.ts",
        "astro.config.mts",
    ];
    let Ok(start) = fs::canonicalize(dir) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for folder in start.ancestors().take(4) {
        for name in NAMES {
            let path = folder.join(name);
            if !path.is_file() {
                continue;
            }
            let mut head = Vec::new();
            if let Ok(file) = fs::File::open(&path) {
                use std::io::Read;
                let _ = file.take(64 * 1024).read_to_end(&mut head);
            }
            found.push(super::dialect::LayoutFile {
                name: (*name).to_string(),
                head: String::from_utf8_lossy(&head).into_owned(),
            });
        }
    }
    found
}

/// Finds and parses every post under `dir` (see the module doc).
pub(super) fn load_all(
    dir: &Path,
    options: &ParseOptions<'_>,
    cache: Option<&ParseCache>,
) -> Result<Loaded, Error> {
    let (files, mut diagnostics) = find_post_files(dir)?;
    let outcomes: Vec<Outcome> = files
        .par_iter()
        .map(|p| load_one(dir, p, options, cache))
        .collect();
    let mut loaded = Loaded {
        files: files.len(),
        ..Loaded::default()
    };
    for outcome in outcomes {
        match outcome {
            Outcome::Post(post, warnings) => {
                loaded.posts.push(*post);
                diagnostics.extend(warnings);
            }
            Outcome::Draft => loaded.drafts += 1,
            Outcome::Failed(d) => diagnostics.push(d),
        }
    }
    loaded.diagnostics = diagnostics;
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::FieldKeys;

    #[test]
    fn a_posts_section_is_its_folder_without_bundle_or_language_folder() {
        let root = Path::new("/site/content");
        let section =
            |rel: &str, lang: &str, lower: bool| section_of(root, &root.join(rel), lang, lower);
        assert_eq!(section("hello.md", "en", false), "");
        assert_eq!(section("tutorials/python.md", "en", false), "tutorials");
        assert_eq!(
            section("tutorials/Deep Dives/x/index.md", "en", false),
            "tutorials/Deep Dives"
        );
        assert_eq!(
            section("tutorials/Deep Dives/x/index.md", "en", true),
            "tutorials/deep-dives"
        );
        assert_eq!(section("notes/x/index.fr.md", "fr", false), "notes");
        assert_eq!(section("fr/notes/x.md", "fr", false), "notes");
        assert_eq!(section("x/_index.md", "en", false), "");
    }
    use crate::post::Languages;
    use chrono_tz::Tz;

    fn options(fields: &FieldKeys) -> ParseOptions<'_> {
        ParseOptions {
            timezone: Tz::UTC,
            fields,
            languages: Languages::default(),
            lowercase_slugs: false,
        }
    }

    fn write(path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn post(title: &str) -> String {
        format!("---\ntitle: {title}\ndate: 2024-01-02\n---\nBody of {title}.\n")
    }

    #[test]
    fn finds_markdown_files_in_path_order_skipping_hidden_ones() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(&root.join("b.md"), &post("B"));
        write(&root.join("a.markdown"), &post("A"));
        write(&root.join("sub/c.MD"), &post("C"));
        write(&root.join("sub/deeper/index.md"), &post("D"));
        // Section list pages, at the top or deeper (found on a real Hugo
        // site: nested `_index.md` files failed as posts without a date).
        write(&root.join("_index.md"), "---\ntitle: Posts\n---\n");
        write(&root.join("sub/_index.md"), "---\ntitle: Sub\n---\n");
        write(&root.join("sub/_index.fr.md"), "---\ntitle: Sous\n---\n");
        write(&root.join("notes.txt"), "not a post");
        write(&root.join(".hidden.md"), &post("H"));
        write(&root.join(".git/x.md"), &post("G"));
        write(&root.join("draft.md"), "---\ntitle: X\ndraft: true\n---\n");
        write(&root.join("bad.md"), "no front matter\n");
        let fields = FieldKeys::default();
        let loaded = load_all(root, &options(&fields), None).unwrap();
        let slugs: Vec<&str> = loaded.posts.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["a", "b", "c", "deeper"]);
        assert_eq!(loaded.files, 6);
        assert_eq!(loaded.drafts, 1);
        assert_eq!(loaded.diagnostics.len(), 1);
        assert_eq!(loaded.diagnostics[0].path, root.join("bad.md"));
        assert_eq!(loaded.posts[0].source, root.join("a.markdown"));
        // The body is not kept but can be read again.
        let body = super::super::load_body(&loaded.posts[1]).unwrap();
        assert_eq!(body, "Body of B.\n");
    }

    #[test]
    fn bundle_images_named_feature_cover_or_thumb_are_the_hero() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        // Congo's `thumb.jpg` (found on a real Hugo site: 74 fallback cards).
        write(&root.join("a/index.md"), &post("A"));
        write(&root.join("a/thumb.jpg"), "");
        write(&root.join("a/photo.png"), "");
        write(&root.join("b/index.md"), &post("B"));
        write(&root.join("b/thumbnail.png"), "");
        write(&root.join("b/cover.png"), "");
        write(&root.join("b/z-feature.webp"), "");
        write(&root.join("c/index.md"), &post("C"));
        write(&root.join("c/plot.png"), "");
        write(&root.join("d.md"), &post("D"));
        write(&root.join("feature.png"), "");
        let fields = FieldKeys::default();
        let loaded = load_all(root, &options(&fields), None).unwrap();
        let heroes: Vec<(&str, Option<&str>)> = loaded
            .posts
            .iter()
            .map(|p| (p.slug.as_str(), p.hero.as_ref().map(|h| h.src.as_str())))
            .collect();
        assert_eq!(
            heroes,
            [
                ("a", Some("thumb.jpg")),
                ("b", Some("z-feature.webp")),
                ("c", None),
                ("d", None)
            ]
        );
    }

    #[test]
    fn a_missing_posts_folder_is_fatal_and_names_the_path() {
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("nope");
        let fields = FieldKeys::default();
        let err = load_all(&missing, &options(&fields), None).unwrap_err();
        assert!(err.to_string().starts_with(&missing.display().to_string()));
        let file = tmp.path().join("file.md");
        write(&file, "x");
        let err = load_all(&file, &options(&fields), None).unwrap_err();
        assert!(err.to_string().contains("not a folder"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_stay_inside_the_posts_folder() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("posts");
        let outside = tmp.path().join("outside");
        write(&root.join("real.md"), &post("Real"));
        write(&outside.join("secret.md"), &post("Secret"));
        symlink(root.join("real.md"), root.join("alias.md")).unwrap();
        symlink(outside.join("secret.md"), root.join("leak.md")).unwrap();
        symlink(&outside, root.join("outdir")).unwrap();
        symlink(&root, root.join("loop")).unwrap();
        symlink(root.join("gone.md"), root.join("dangling.md")).unwrap();
        let fields = FieldKeys::default();
        let loaded = load_all(&root, &options(&fields), None).unwrap();
        let slugs: Vec<&str> = loaded.posts.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["alias", "real"]);
        let mut flagged: Vec<PathBuf> = loaded.diagnostics.iter().map(|d| d.path.clone()).collect();
        flagged.sort();
        assert_eq!(
            flagged,
            [
                root.join("dangling.md"),
                root.join("leak.md"),
                root.join("outdir")
            ]
        );
        assert!(loaded
            .diagnostics
            .iter()
            .any(|d| d.message.contains("outside the posts folder")));
    }

    #[cfg(unix)]
    #[test]
    fn an_unreadable_file_is_reported_and_the_rest_load() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        write(&root.join("ok.md"), &post("Ok"));
        let locked = root.join("locked.md");
        write(&locked, &post("Locked"));
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
        if fs::read(&locked).is_ok() {
            return; // running as root: permissions are not enforced
        }
        let fields = FieldKeys::default();
        let loaded = load_all(root, &options(&fields), None).unwrap();
        assert_eq!(loaded.posts.len(), 1);
        assert_eq!(loaded.diagnostics.len(), 1);
        assert!(loaded.diagnostics[0].message.contains("cannot read"));
    }
}
