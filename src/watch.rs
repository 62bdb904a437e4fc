//! `feedcard watch`: build, then rebuild whenever a post, the config, a
//! template or an asset changes, and serve the output with live reload.
//! Binary only; the build itself is the library's, as for `feedcard build`.
//!
//! Changes are debounced (an editor's save is several events; a `git
//! checkout` is hundreds) and changes under the output folder, the state
//! folder and hidden or backup files are ignored, so the build's own writes
//! never trigger another build.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{new_debouncer, DebounceEventResult};

use crate::cli::WatchArgs;
use crate::printer::Printer;
use feedcard::Config;

/// Quiet time after the last change before rebuilding.
const DEBOUNCE: Duration = Duration::from_millis(250);

pub(crate) fn run(args: &WatchArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    let site = &args.site;
    let config = Config::load(&site.config, site.config_required(), &site.overrides())?;
    let generation = Arc::new(AtomicU64::new(0));

    rebuild(args, printer, &generation);
    if !args.no_serve {
        std::fs::create_dir_all(&config.paths.out)?;
        let addr = crate::serve::start(
            config.paths.out.clone(),
            args.port,
            config.cards.path.clone(),
            Arc::clone(&generation),
        )?;
        printer.line(&format!(
            "feedcard: serving {} on http://{addr}/ (loopback only); card gallery: http://{addr}{}/",
            config.paths.out.display(),
            config.cards.path
        ));
    }

    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, tx)?;
    let roots = watch_roots(&config, &site.config);
    for (root, mode) in &roots {
        debouncer.watcher().watch(root, *mode)?;
    }
    printer.line(&format!(
        "feedcard: watching {} for changes (Ctrl-C stops; a change to [paths] needs a restart)",
        roots
            .iter()
            .map(|(root, _)| root.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let ignored = ignored_roots(&config);
    for result in rx {
        match result {
            Ok(events) => {
                let changed: Vec<&Path> = events
                    .iter()
                    .map(|e| e.path.as_path())
                    .filter(|path| is_relevant(path, &ignored, &roots))
                    .collect();
                if let Some(first) = changed.first() {
                    printer.line(&format!(
                        "\nfeedcard: {} changed{}; rebuilding",
                        first.display(),
                        match changed.len() {
                            1 => String::new(),
                            n => format!(" (and {} more)", n - 1),
                        }
                    ));
                    rebuild(args, printer, &generation);
                }
            }
            Err(err) => printer.fatal(&format!("watching files failed: {err}")),
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One build, reported as `feedcard build` reports it; a fatal error is
/// printed and watching goes on (the next save may fix it).
fn rebuild(args: &WatchArgs, printer: &Printer, generation: &AtomicU64) {
    let options = crate::build_options(&args.site, true, true, false);
    if let Err(err) = crate::build_once(&args.site, &options, printer, "built") {
        crate::report_fatal(printer, &err);
    }
    generation.fetch_add(1, Ordering::SeqCst);
}

/// What to watch: the config file's folder (for the config and, as the
/// assets root by default, the images), the posts, the templates and the
/// assets. A folder inside another watched recursively is not watched twice.
fn watch_roots(config: &Config, config_path: &Path) -> Vec<(PathBuf, RecursiveMode)> {
    let config_dir = absolute(match config_path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    });
    let mut recursive: Vec<PathBuf> = [
        Some(config.paths.posts.clone()),
        config.cards.templates.clone(),
        Some(config.paths.assets.clone()),
    ]
    .into_iter()
    .flatten()
    .filter(|p| p.is_dir())
    .map(|p| absolute(&p))
    .collect();
    recursive.sort();
    recursive.dedup();
    let mut roots: Vec<(PathBuf, RecursiveMode)> = Vec::new();
    for dir in &recursive {
        if !recursive
            .iter()
            .any(|other| other != dir && dir.starts_with(other))
        {
            roots.push((dir.clone(), RecursiveMode::Recursive));
        }
    }
    if !roots.iter().any(|(dir, _)| config_dir.starts_with(dir)) {
        roots.push((config_dir, RecursiveMode::NonRecursive));
    }
    roots
}

/// The output folder and the state folder beside the config: the build
/// writes there, so changes there are not inputs.
fn ignored_roots(config: &Config) -> Vec<PathBuf> {
    let mut ignored = vec![absolute(&config.paths.out)];
    if let Some(file) = &config.file {
        if let Some(dir) = file.parent() {
            ignored.push(absolute(dir).join(".feedcard"));
        }
    }
    ignored
}

fn is_relevant(path: &Path, ignored: &[PathBuf], roots: &[(PathBuf, RecursiveMode)]) -> bool {
    if ignored.iter().any(|root| path.starts_with(root)) {
        return false;
    }
    // Only the part below the watched folder counts: a site may live in a
    // hidden folder itself.
    let below = roots
        .iter()
        .find_map(|(root, _)| path.strip_prefix(root).ok())
        .unwrap_or(path);
    // Editors' swap and backup files, and anything hidden (.git/).
    !below.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        (name.starts_with('.') && name != "." && name != "..") || name.ends_with('~')
    })
}

fn absolute(path: &Path) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_hidden_and_backup_files_do_not_trigger_a_build() {
        let ignored = vec![PathBuf::from("/.s/public"), PathBuf::from("/.s/.feedcard")];
        let roots = vec![(PathBuf::from("/.s"), RecursiveMode::Recursive)];
        let relevant = |p: &str| is_relevant(Path::new(p), &ignored, &roots);
        assert!(
            relevant("/.s/posts/a.md"),
            "a site in a hidden folder still works"
        );
        assert!(relevant("/.s/feedcard.toml"));
        assert!(!relevant("/.s/public/blog/rss.xml"));
        assert!(!relevant("/.s/.feedcard/ledger"));
        assert!(!relevant("/.s/posts/.a.md.swp"));
        assert!(!relevant("/.s/posts/a.md~"));
    }
}
