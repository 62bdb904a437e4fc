//! The `feedcard` binary: parse arguments, call the library, print the report,
//! choose the exit status. Exit status: 0 clean; 1 when a post was left out
//! (or `--strict` stopped on one, or `--deny-warnings` met a warning), so CI
//! notices; 2 for usage, config and other fatal errors.

mod cli;
mod printer;
mod serve;
mod watch;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{CommandFactory, Parser};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use cli::{Cli, Command, MessageFormat};
use feedcard::pipeline::{BuildOptions, Progress};
use feedcard::{Config, Diagnostic};
use printer::Printer;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let printer = printer_for(&cli.command);
    match run(cli, &printer) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            report_fatal(&printer, &err);
            match err.downcast_ref::<feedcard::Error>() {
                Some(feedcard::Error::Strict(_)) => ExitCode::from(1),
                _ => ExitCode::from(2),
            }
        }
    }
}

fn run(cli: Cli, printer: &Printer) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build(args) => {
            let options = build_options(&args.site, true, !args.no_cards, args.force);
            build_once(&args.site, &options, printer, "built")
        }
        Command::Check(site) => {
            let options = build_options(&site, false, false, false);
            build_once(&site, &options, printer, "checked")
        }
        Command::Card(args) => draw_card(&args, printer),
        Command::Init(args) => {
            let today = chrono::Local::now().date_naive();
            let files = feedcard::init(&args.dir, today)?;
            print_next_steps(printer, &args.dir, &files);
            Ok(ExitCode::SUCCESS)
        }
        Command::Watch(args) => watch::run(&args, printer),
        Command::Completions { shell } => {
            let mut command = Cli::command();
            clap_complete::generate(shell, &mut command, "feedcard", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Loads the config, warns about (or, with `--strict`, refuses) a first-run
/// config, builds, prints, and picks the exit status.
pub(crate) fn build_once(
    site: &cli::SiteArgs,
    options: &BuildOptions,
    printer: &Printer,
    verb: &str,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let config = Config::load(&site.config, site.config_required(), &site.overrides())?;
    let setup = first_run_diagnostics(&config, &site.config, site.strict)?;
    let bar = Bar::new(site.quiet || site.message_format != MessageFormat::Human);
    let report = if options.write {
        feedcard::pipeline::build(&config, options, &bar)?
    } else {
        feedcard::pipeline::build(&config, options, &feedcard::pipeline::NoProgress)?
    };
    // Post diagnostics first; the config's last, right above the summary,
    // where a first-time user cannot miss them.
    let mut diagnostics = report.diagnostics.clone();
    diagnostics.extend(setup);
    let tally = printer.diagnostics(&diagnostics);
    printer.summary(&report, verb, &config, tally, started.elapsed());
    let failed = report.posts_left_out() > 0 || (site.deny_warnings && tally.warnings > 0);
    if site.deny_warnings && tally.warnings > 0 && tally.errors == 0 {
        printer.line("feedcard: --deny-warnings: exit status 1");
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A missing config or the placeholder `base_url`: warnings, or with
/// `--strict` a config error (nothing is built).
fn first_run_diagnostics(
    config: &Config,
    config_path: &Path,
    strict: bool,
) -> Result<Vec<Diagnostic>, feedcard::Error> {
    let problems = config.first_run_problems();
    if strict {
        if let Some(first) = problems.first() {
            return Err(feedcard::Error::Config {
                path: config_path.to_path_buf(),
                line: None,
                column: None,
                message: format!("{first} (--strict)"),
            });
        }
    }
    Ok(problems
        .into_iter()
        .map(|p| Diagnostic::warning(config_path, p))
        .collect())
}

fn draw_card(args: &cli::CardArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    let overrides = feedcard::Overrides {
        assets: args.assets.clone(),
        ..Default::default()
    };
    let (config_path, required) = match &args.config {
        Some(path) => (path.clone(), true),
        None => match find_config_upward(&args.post) {
            Some(found) => (found, true),
            None => (PathBuf::from("feedcard.toml"), false),
        },
    };
    let config = Config::load(&config_path, required, &overrides)?;
    let drawn = feedcard::draw_card(&config, &args.post, args.output.as_deref())?;
    let mut diagnostics = drawn.diagnostics;
    diagnostics.extend(first_run_diagnostics(&config, &config_path, false)?);
    printer.diagnostics(&diagnostics);
    printer.line(&format!("wrote {}", drawn.path.display()));
    Ok(ExitCode::SUCCESS)
}

/// The nearest `feedcard.toml` in the post's folder or a folder above it,
/// the way git finds `.git`: `feedcard card` works from anywhere in a site.
fn find_config_upward(post: &Path) -> Option<PathBuf> {
    let folder = match post.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let folder = folder.canonicalize().ok()?;
    folder
        .ancestors()
        .map(|dir| dir.join("feedcard.toml"))
        .find(|candidate| candidate.is_file())
}

fn print_next_steps(printer: &Printer, dir: &Path, files: &[PathBuf]) {
    for path in files {
        printer.line(&format!("created {}", path.display()));
    }
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("  cd {}\n", dir.display())
    };
    printer.line(&format!(
        "\nNext steps:\n{cd}  \
         1. edit feedcard.toml: set [site] title and base_url (your site's address)\n  \
         2. feedcard build      writes feeds, cards and meta snippets into public/\n  \
         3. feedcard watch      rebuilds on every save and serves the card gallery on\n                         \
         http://127.0.0.1:8000/blog/cards/ (edit templates/*.toml and watch it change)\n  \
         4. write posts in posts/ (posts/hello-feedcard.md shows the front matter)"
    ));
}

pub(crate) fn build_options(
    site: &cli::SiteArgs,
    write: bool,
    draw_cards: bool,
    force: bool,
) -> BuildOptions {
    BuildOptions {
        // The only place the wall clock is read for a build.
        now: site
            .now
            .unwrap_or_else(|| chrono::Utc::now().fixed_offset()),
        jobs: site.jobs.map(usize::from),
        draw_cards,
        force,
        strict: site.strict,
        write,
    }
}

fn printer_for(command: &Command) -> Printer {
    let site = match command {
        Command::Build(args) => Some(&args.site),
        Command::Check(site) => Some(site),
        Command::Watch(args) => Some(&args.site),
        _ => None,
    };
    match site {
        Some(site) => Printer::new(site.quiet, site.verbose, site.message_format),
        None => Printer::new(false, false, MessageFormat::Human),
    }
}

/// Prints a fatal error once. A post's own diagnostic already names its
/// file and says "error"; anything else gets one "error:" and its causes,
/// each only if the message before has not already said it.
pub(crate) fn report_fatal(printer: &Printer, err: &anyhow::Error) {
    match err.downcast_ref::<feedcard::Error>() {
        Some(feedcard::Error::Post(d)) => {
            printer.diagnostics(std::slice::from_ref(d));
        }
        Some(feedcard::Error::Strict(d)) => {
            let mut d = d.clone();
            d.message.push_str(" (--strict: nothing was written)");
            printer.diagnostics(&[d]);
        }
        _ => printer.fatal(&describe(err)),
    }
}

/// The error and its causes in one line, without repeats: an `Error::Io`
/// prints as `path: cause` and also hands `cause` on as its source, which
/// `{:#}` used to print a second time.
pub(crate) fn describe(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// An indicatif bar on a terminal; nothing otherwise (CI logs get the summary).
struct Bar(ProgressBar);

impl Bar {
    fn new(quiet: bool) -> Bar {
        let visible = !quiet && std::io::stderr().is_terminal();
        let bar = ProgressBar::with_draw_target(
            None,
            if visible {
                ProgressDrawTarget::stderr()
            } else {
                ProgressDrawTarget::hidden()
            },
        );
        Bar(bar)
    }
}

impl Progress for Bar {
    fn start(&self, stage: &'static str, total: u64) {
        let style = ProgressStyle::with_template("{prefix:>6} [{bar:40}] {pos}/{len} {eta}")
            .expect("the template is valid")
            .progress_chars("=> ");
        self.0.set_style(style);
        self.0.set_prefix(stage);
        self.0.set_length(total);
        self.0.set_position(0);
    }

    fn advance(&self) {
        self.0.inc(1);
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let io = std::io::Error::new(std::io::ErrorKind::AlreadyExists, "already exists");
        let err = anyhow::Error::from(feedcard::Error::io("blog/feedcard.toml", io));
        assert_eq!(describe(&err), "blog/feedcard.toml: already exists");
    }

    #[test]
    fn new_causes_are_kept() {
        let err = anyhow::anyhow!("inner").context("outer");
        assert_eq!(describe(&err), "outer: inner");
    }
}
