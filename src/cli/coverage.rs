//! `condsearch coverage`: which page answers each phrase of a keyword list.

use std::fs::File;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use condsearch::coverage::{self, ingest, report};

use super::{ContentArgs, emit};

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Readable in a terminal
    Table,
    /// One row per query, for spreadsheets
    Csv,
    /// The whole report, for scripts
    Json,
    /// One self-contained page: summary, chart, gaps, sortable and filterable table
    Html,
}

#[derive(Debug, Args)]
pub(crate) struct CoverageArgs {
    /// Keyword list: CSV or TSV with a header (Search Console, Keyword Planner, Semrush, Ahrefs
    /// exports), or one query per line; `-` reads standard input
    file: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write the report here instead of to standard output
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    #[command(flatten)]
    content: ContentArgs,
}

pub(crate) fn run(args: CoverageArgs) -> Result<ExitCode> {
    let name = args.file.display().to_string();
    let ingested = if name == "-" {
        ingest::read("<stdin>", std::io::stdin().lock())?
    } else {
        let file =
            File::open(&args.file).with_context(|| format!("cannot open keyword list '{name}'"))?;
        ingest::read(&name, file)?
    };
    let engine = args.content.engine()?;
    // A progress bar only where someone watches: on a terminal, and not when the report
    // itself goes to a pipe.
    let watched =
        std::io::stderr().is_terminal() && (args.out.is_some() || std::io::stdout().is_terminal());
    let bar = if watched && ingested.keywords.len() >= 1000 {
        let bar = ProgressBar::new(ingested.keywords.len() as u64);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} searching {pos}/{len} queries {wide_bar} {eta}",
            )
            .expect("a valid progress template"),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let progress = |done: usize| {
        if done.is_multiple_of(256) {
            bar.set_position(done as u64);
        }
    };
    let report = coverage::analyze(&engine, ingested, &progress)?;
    bar.finish_and_clear();
    let format = match args.format {
        Format::Table => report::Format::Table,
        Format::Csv => report::Format::Csv,
        Format::Json => report::Format::Json,
        Format::Html => report::Format::Html,
    };
    let text = report::render(&report, format)?;
    match &args.out {
        Some(path) => {
            std::fs::write(path, text)
                .with_context(|| format!("cannot write '{}'", path.display()))?;
            eprintln!(
                "wrote {} ({} queries, {:.1}% of volume answered)",
                path.display(),
                report.summary.queries,
                report.summary.coverage_by_volume * 100.0
            );
        }
        None => emit(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}
