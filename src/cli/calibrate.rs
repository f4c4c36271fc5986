//! `condsearch calibrate`: fit the fusion model (`src/search/fusion.toml`) on labeled queries.

use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Args;

use condsearch::learn::{Choice, ConditionalLogit};
use condsearch::search::fusion::{FEATURES, FitSummary, FusionModel};

use super::labeled::LabeledArgs;
use super::{ContentArgs, emit, outln};

#[derive(Debug, Args)]
pub(crate) struct CalibrateArgs {
    #[command(flatten)]
    labeled: LabeledArgs,
    /// Write the fitted model here (TOML) instead of printing it
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Also write the rows fitted on, for inspection: `qid<TAB>slug<TAB>grade<TAB>` then the
    /// features in the model's order
    #[arg(long, value_name = "FILE")]
    rows: Option<PathBuf>,
    #[command(flatten)]
    content: ContentArgs,
}

pub(crate) fn run(args: CalibrateArgs) -> Result<ExitCode> {
    let labeled = args.labeled.load()?;
    let engine = args.content.engine()?;
    if engine.semantic().is_none() {
        bail!("this build has no sentence model (feature `semantic`), so there is nothing to fuse");
    }
    let mut choices = Vec::new();
    let mut queries = 0;
    let mut dump = String::new();
    for topic in &labeled.topics {
        let in_split = match (&args.labeled.split, &labeled.labels) {
            (Some(split), Some(labels)) => {
                labels.get(&topic.qid).is_some_and(|l| &l.split == split)
            }
            _ => true,
        };
        if !in_split {
            continue;
        }
        let Some(candidates) = engine.fusion_candidates(&topic.query)? else {
            continue;
        };
        queries += 1;
        let judged = labeled.qrels.get(&topic.qid);
        let mut choice = Choice {
            candidates: Vec::new(),
            chosen: Vec::new(),
        };
        for (slug, evidence) in candidates {
            let grade = judged.and_then(|j| j.get(&slug)).copied().unwrap_or(0);
            let features = evidence.features();
            if args.rows.is_some() {
                let values: Vec<String> = features.iter().map(|v| format!("{v:.6}")).collect();
                outln!(
                    dump,
                    "{}\t{slug}\t{grade}\t{}",
                    topic.qid,
                    values.join("\t")
                );
            }
            choice.candidates.push(features);
            choice.chosen.push(grade >= 2);
        }
        choices.push(choice);
    }
    if queries == 0 {
        bail!("no labeled query reached fusion (every one names a page, or none is in the split)");
    }
    if let Some(path) = &args.rows {
        fs::write(path, &dump).with_context(|| format!("cannot write '{}'", path.display()))?;
    }
    let rows: usize = choices.iter().map(|c| c.candidates.len()).sum();
    let positives = choices
        .iter()
        .flat_map(|c| &c.chosen)
        .filter(|&&a| a)
        .count();
    let model = FusionModel {
        features: FEATURES.iter().map(|f| f.to_string()).collect(),
        ranker: ConditionalLogit::fit(&choices),
        fitted_on: FitSummary {
            topics: args.labeled.topic_files(),
            split: args.labeled.split.clone(),
            queries,
            rows,
            positives,
        },
    };
    let mut text = String::new();
    outln!(
        text,
        "# The fusion model of condsearch: the probability that a page is the one wanted, from"
    );
    outln!(
        text,
        "# what the query's words matched and what it means (see src/search/fusion.rs)."
    );
    outln!(
        text,
        "# Written by `condsearch calibrate`; refit it after changing the features, the pages or the"
    );
    outln!(
        text,
        "# sentence model. Fitted on {} queries ({} candidate pages, {} of them the answer).",
        queries,
        rows,
        positives
    );
    text.push_str(&toml::to_string(&model).context("cannot write the model as TOML")?);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    match &args.out {
        Some(path) => {
            fs::write(path, &text).with_context(|| format!("cannot write '{}'", path.display()))?;
            eprintln!(
                "calibrate: wrote {} ({queries} queries, {rows} rows)",
                path.display()
            );
        }
        None => emit(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}
