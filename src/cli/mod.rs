//! Command-line interface: one file per subcommand, each parsing its flags and calling the
//! library.

mod catalog;
mod check;
mod coverage;
mod eval;
mod run;
mod search;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use condsearch::Engine;
use condsearch::source::Source;

/// Search clinical condition pages the way patients type.
#[derive(Debug, Parser)]
#[command(name = "condsearch", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the search API and demo page over HTTP.
    Serve(serve::ServeArgs),
    /// Validate the pages and synonym tables, then check every phrase and alias finds its page.
    Check(check::CheckArgs),
    /// Search once and print the ranked pages.
    Search(search::SearchArgs),
    /// Search every query of a topics file and write a TREC or JSONL run.
    Run(run::RunArgs),
    /// Print the parsed pages.
    Catalog(catalog::CatalogArgs),
    /// Which page answers each phrase of a keyword list, and what is uncovered.
    Coverage(coverage::CoverageArgs),
    /// Score ranking quality against labeled queries (nDCG@10, MRR@10, success@1, recall@5).
    Eval(eval::EvalArgs),
}

/// Where content is read from; the embedded copy when not given.
#[derive(Debug, Clone, Args)]
pub(crate) struct ContentArgs {
    /// Folder of condition pages (*.md) [default: the pages built into the binary]
    #[arg(long, env = "CONDSEARCH_CATALOG", value_name = "DIR")]
    catalog: Option<PathBuf>,
    /// Folder of synonym tables (*.txt) [default: the tables built into the binary]
    #[arg(long, env = "CONDSEARCH_SYNONYMS", value_name = "DIR")]
    synonyms: Option<PathBuf>,
}

impl ContentArgs {
    pub(crate) fn sources(&self) -> (Source, Source) {
        (
            Source::from_option(self.catalog.as_deref()),
            Source::from_option(self.synonyms.as_deref()),
        )
    }

    /// Loads the engine, failing with every content problem listed.
    pub(crate) fn engine(&self) -> Result<Engine> {
        let (catalog, synonyms) = self.sources();
        let (engine, _) = Engine::load(&catalog, &synonyms).with_context(|| {
            format!(
                "cannot load content (catalog: {}, synonyms: {})",
                catalog.describe(),
                synonyms.describe()
            )
        })?;
        Ok(engine)
    }
}

/// Writes `text` to standard output. A closed pipe (`condsearch ... | head`) is not an error
/// worth a panic: it surfaces as an `io::Error` that `main` treats as a quiet exit.
pub(crate) fn emit(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

/// Appends a formatted line to a `String` buffer (the CLI writes its output with [`emit`]).
macro_rules! outln {
    ($buf:expr) => { $buf.push('\n') };
    ($buf:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        writeln!($buf, $($arg)*).expect("writing to a String");
    }};
}
pub(crate) use outln;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => serve::run(args),
        Command::Check(args) => check::run(args),
        Command::Search(args) => search::run(args),
        Command::Run(args) => run::run(args),
        Command::Catalog(args) => catalog::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Coverage(args) => coverage::run(args),
    }
}
