//! The `feedcard` binary: parse arguments, call the library, print the report,
//! choose the exit status. Exit status: 0 clean; 1 when a post was left out
//! (or `--strict` stopped on one), so CI notices; 2 for usage, config and other
//! fatal errors.

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use cli::{Cli, Command};
use feedcard::pipeline::{BuildOptions, Progress};
use feedcard::{Config, Diagnostic, Report, Severity};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let printer = Printer::new(quiet(&cli.command));
    match run(cli, &printer) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{}: {err:#}", printer.paint("error", Severity::Error));
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
            let site = &args.site;
            let config = Config::load(&site.config, site.config_required(), &site.overrides())?;
            let options = build_options(site, !args.dry_run, !args.no_cards, args.force);
            let bar = Bar::new(site.quiet);
            let report = feedcard::pipeline::build(&config, &options, &bar)?;
            if args.dry_run {
                printer.plan(&report);
                return Ok(printer.report(&report, "checked", &config));
            }
            Ok(printer.report(&report, "built", &config))
        }
        Command::Check(site) => {
            let config = Config::load(&site.config, site.config_required(), &site.overrides())?;
            let options = build_options(&site, false, false, false);
            let report =
                feedcard::pipeline::build(&config, &options, &feedcard::pipeline::NoProgress)?;
            Ok(printer.report(&report, "checked", &config))
        }
        Command::Card(args) => {
            let overrides = feedcard::Overrides {
                assets: args.assets.clone(),
                ..Default::default()
            };
            let required = args.config != std::path::Path::new("feedcard.toml");
            let config = Config::load(&args.config, required, &overrides)?;
            let drawn = feedcard::draw_card(&config, &args.post, args.output.as_deref())
                .with_context(|| format!("cannot draw a card for {}", args.post.display()))?;
            for diagnostic in &drawn.diagnostics {
                printer.diagnostic(diagnostic);
            }
            printer.line(&format!("wrote {}", drawn.path.display()));
            Ok(ExitCode::SUCCESS)
        }
        Command::Init(args) => {
            for path in feedcard::init(&args.dir)? {
                printer.line(&format!("wrote {}", path.display()));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn build_options(site: &cli::SiteArgs, write: bool, draw_cards: bool, force: bool) -> BuildOptions {
    BuildOptions {
        // The only place the wall clock is read.
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

fn quiet(command: &Command) -> bool {
    match command {
        Command::Build(args) => args.site.quiet,
        Command::Check(site) => site.quiet,
        Command::Card(_) | Command::Init(_) => false,
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Prints diagnostics and summaries to stderr, in colour on a terminal unless
/// `NO_COLOR` is set; `--quiet` keeps errors only.
struct Printer {
    quiet: bool,
    color: bool,
}

impl Printer {
    fn new(quiet: bool) -> Printer {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Printer {
            quiet,
            color: !no_color && std::io::stderr().is_terminal(),
        }
    }

    fn paint(&self, text: &str, severity: Severity) -> String {
        match (self.color, severity) {
            (false, _) => text.to_string(),
            (true, Severity::Error) => format!("\x1b[1;31m{text}\x1b[0m"),
            (true, Severity::Warning) => format!("\x1b[1;33m{text}\x1b[0m"),
        }
    }

    fn line(&self, text: &str) {
        if !self.quiet {
            eprintln!("{text}");
        }
    }

    fn diagnostic(&self, d: &Diagnostic) {
        if self.quiet && d.severity == Severity::Warning {
            return;
        }
        let label = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let location = d.to_string();
        // Diagnostic's Display is `path:line:col: label: message`; colour the label.
        let plain = format!(": {label}: ");
        let painted = format!(": {}: ", self.paint(label, d.severity));
        eprintln!("{}", location.replacen(&plain, &painted, 1));
    }

    fn report(&self, report: &Report, verb: &str, config: &Config) -> ExitCode {
        for diagnostic in &report.diagnostics {
            self.diagnostic(diagnostic);
        }
        let left_out = report.posts_left_out();
        self.line(&format!(
            "feedcard: {} posts read, {} {verb} ({} scheduled, {} drafts, {} left out with errors)",
            report.posts_found, report.posts_built, report.scheduled, report.drafts, left_out
        ));
        if verb == "built" {
            let cards = if report.cards_drawn == 0 && report.cards_unchanged > 0 {
                format!("no cards drawn ({} unchanged)", report.cards_unchanged)
            } else {
                format!(
                    "{} cards drawn, {} unchanged",
                    report.cards_drawn, report.cards_unchanged
                )
            };
            self.line(&format!(
                "feedcard: {} feeds, {cards}, {} other files in {}",
                report.feeds_written,
                report.other_written,
                config.paths.out.display()
            ));
            if !report.removed.is_empty() {
                self.line(&format!(
                    "feedcard: removed {} the build no longer produces: {}",
                    plural(report.removed.len(), "file", "files"),
                    list_paths(&report.removed, 5)
                ));
            }
        }
        if left_out > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

impl Printer {
    /// `build --dry-run`: every file that would be written or removed, on
    /// stdout, so it can be piped.
    fn plan(&self, report: &Report) {
        for path in &report.written {
            println!("write  {}", path.display());
        }
        for path in &report.removed {
            println!("remove {}", path.display());
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The first `shown` paths, then "and N more".
fn list_paths(paths: &[std::path::PathBuf], shown: usize) -> String {
    let mut text: Vec<String> = paths
        .iter()
        .take(shown)
        .map(|p| p.display().to_string())
        .collect();
    if paths.len() > shown {
        text.push(format!("and {} more", paths.len() - shown));
    }
    text.join(", ")
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
