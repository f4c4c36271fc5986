//! Command-line interface: one file per subcommand, each parsing its flags and calling the
//! library.

mod calibrate;
mod catalog;
mod check;
mod coverage;
#[cfg(feature = "transformer")]
mod distill;
mod eval;
mod labeled;
mod run;
mod search;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use condsearch::Engine;
use condsearch::engine::Ranking;
use condsearch::search::fusion::FusionModel;
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
    /// Fit the fusion model on labeled queries (how words and meaning are weighed).
    Calibrate(calibrate::CalibrateArgs),
    /// Make the static sentence model from the full transformer (feature `transformer`).
    #[cfg(feature = "transformer")]
    Distill(distill::DistillArgs),
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
    /// Fusion weights fitted by `condsearch calibrate` [default: the weights built into the
    /// binary]
    #[arg(long, env = "CONDSEARCH_FUSION", value_name = "FILE")]
    fusion: Option<PathBuf>,
    /// Use the full transformer in this folder as the sentence model instead of the shipped
    /// static one (slow; for measuring what distillation costs)
    #[cfg(feature = "transformer")]
    #[arg(long, value_name = "DIR")]
    transformer: Option<PathBuf>,
}

impl ContentArgs {
    pub(crate) fn sources(&self) -> (Source, Source) {
        (
            Source::from_option(self.catalog.as_deref()),
            Source::from_option(self.synonyms.as_deref()),
        )
    }

    /// The sentence model and fusion weights to load the engine with.
    pub(crate) fn ranking(&self) -> Result<Ranking> {
        let mut ranking = Ranking::default();
        if let Some(path) = &self.fusion {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the fusion weights '{}'", path.display()))?;
            let model = FusionModel::parse(&text)
                .with_context(|| format!("'{}' is not usable fusion weights", path.display()))?;
            ranking.fusion = std::sync::Arc::new(model);
        }
        #[cfg(feature = "transformer")]
        if let Some(dir) = &self.transformer {
            let model = condsearch::semantic::Transformer::load(dir).context(
                "cannot load the transformer; run scripts/fetch-model to fetch and verify it",
            )?;
            ranking.model = Some(std::sync::Arc::new(model));
        }
        Ok(ranking)
    }

    /// Loads the engine, failing with every content problem listed.
    pub(crate) fn engine(&self) -> Result<Engine> {
        let (catalog, synonyms) = self.sources();
        let (engine, _) =
            Engine::load_with(&catalog, &synonyms, self.ranking()?).with_context(|| {
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
        Command::Calibrate(args) => calibrate::run(args),
        Command::Coverage(args) => coverage::run(args),
        #[cfg(feature = "transformer")]
        Command::Distill(args) => distill::run(args),
    }
}
