//! `condsearch distill`: make the static sentence model from the transformer (feature
//! `transformer`; see `models/README.md` and `scripts/build-static-model`).

use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use condsearch::catalog::SectionKind;
use condsearch::semantic::Transformer;
use condsearch::semantic::distill::{DistillOptions, distill};
use condsearch::source::ContentKind;

use super::ContentArgs;

#[derive(Debug, Args)]
pub(crate) struct DistillArgs {
    /// Folder of the transformer (scripts/fetch-model fills models/all-minilm-l6-v2)
    #[arg(long, value_name = "DIR", default_value = "models/all-minilm-l6-v2")]
    teacher: PathBuf,
    /// Training text: UTF-8 files holding one document per line (repeatable)
    #[arg(long, value_name = "FILE", required = true)]
    corpus: Vec<PathBuf>,
    /// Where to write the model
    #[arg(
        long,
        value_name = "FILE",
        default_value = "models/minilm-static/model.csm"
    )]
    out: PathBuf,
    /// Most corpus sentences to train on
    #[arg(long, default_value_t = DistillOptions::default().sentences)]
    sentences: usize,
    /// Passes over the training sentences
    #[arg(long, default_value_t = DistillOptions::default().epochs)]
    epochs: usize,
    /// Fewest corpus occurrences for a word to get a row of its own
    #[arg(long, default_value_t = DistillOptions::default().min_count)]
    min_count: u32,
    /// Dimensions kept (principal axes of the training sentences)
    #[arg(long, default_value_t = DistillOptions::default().dims)]
    dims: usize,
    #[command(flatten)]
    content: ContentArgs,
}

pub(crate) fn run(args: DistillArgs) -> Result<ExitCode> {
    let teacher = Transformer::load(&args.teacher).context(
        "the teacher model is missing or broken; run scripts/fetch-model to fetch and verify it",
    )?;
    let mut corpus = Vec::new();
    for path in &args.corpus {
        let text = fs::read_to_string(path)
            .with_context(|| format!("cannot read corpus file '{}'", path.display()))?;
        corpus.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string),
        );
    }
    // Every word of the pages and of the synonym tables gets a row, however rare in the corpus.
    let engine = args.content.engine()?;
    let mut always: Vec<String> = Vec::new();
    for page in engine.catalog().conditions() {
        always.push(page.title.clone());
        always.extend(page.aliases.iter().cloned());
        always.extend(page.search_phrases.iter().cloned());
        always.push(page.summary.clone());
        for section in page
            .sections
            .iter()
            .filter(|s| s.kind != SectionKind::References)
        {
            always.extend(section.texts().map(str::to_string));
        }
    }
    let (_, synonyms) = args.content.sources();
    always.extend(
        synonyms
            .files(ContentKind::Synonyms)?
            .into_iter()
            .flat_map(|f| f.text.lines().map(str::to_string).collect::<Vec<_>>()),
    );
    let options = DistillOptions {
        sentences: args.sentences,
        epochs: args.epochs,
        min_count: args.min_count,
        dims: args.dims,
        ..DistillOptions::default()
    };
    let (model, report) = distill(&teacher, &corpus, &always, &options, |stage| {
        eprintln!("distill: {stage}");
    })?;
    let bytes = model.to_bytes();
    if let Some(dir) = args.out.parent() {
        fs::create_dir_all(dir).with_context(|| format!("cannot create '{}'", dir.display()))?;
    }
    fs::write(&args.out, &bytes)
        .with_context(|| format!("cannot write '{}'", args.out.display()))?;
    eprintln!(
        "distill: wrote {} ({} bytes): {} words, trained on {} sentences, held-out loss {}, {:.4} in {} dimensions",
        args.out.display(),
        bytes.len(),
        report.words,
        report.sentences,
        report
            .validation_loss
            .iter()
            .map(|l| format!("{l:.4}"))
            .collect::<Vec<_>>()
            .join(" → "),
        report.projected_loss,
        args.dims,
    );
    Ok(ExitCode::SUCCESS)
}
