//! `condsearch eval`: score a run (live or from a file) against judgments.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Args;

use condsearch::eval::{self, Evaluation, Metrics, Spec, report};
use condsearch::search::{Features, MAX_LIMIT};

use super::labeled::{LabeledArgs, read};
use super::search::parse_features;
use super::{ContentArgs, emit, outln};

#[derive(Debug, Args)]
pub(crate) struct EvalArgs {
    #[command(flatten)]
    labeled: LabeledArgs,
    /// Score this run (TREC or condsearch JSONL) instead of searching
    #[arg(long, value_name = "FILE")]
    run: Option<PathBuf>,
    /// Compare query by query with this run (TREC or JSONL)
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Print the evaluation as JSON
    #[arg(long)]
    json: bool,
    /// Ranking features when searching: 'all', 'lexical' (all but dense), 'none' or a list (ablation)
    #[arg(long, default_value = "all", value_parser = parse_features)]
    features: Features,
    /// Rank by meaning alone: the sentence model as a plain dense retriever (a comparison row;
    /// its hits have no confidence, so every one counts as an answer)
    #[arg(long, conflicts_with_all = ["run", "features"])]
    dense_only: bool,
    /// Fail (exit 1) when a metric is below a floor, e.g. `--min success1=0.9` (repeatable);
    /// metrics: ndcg10, mrr10, success1, recall5, confident, rejection
    #[arg(long = "min", value_name = "METRIC=VALUE")]
    floors: Vec<String>,
    #[command(flatten)]
    content: ContentArgs,
}

fn metric(m: &Metrics, name: &str) -> Result<f64> {
    Ok(match name {
        "ndcg10" => m.ndcg10,
        "mrr10" => m.mrr10,
        "success1" => m.success1,
        "recall5" => m.recall5,
        "confident" => m.confident_answer_rate,
        "rejection" => m.rejection_rate,
        other => bail!(
            "unknown metric '{other}' in --min; use ndcg10, mrr10, success1, recall5, confident or rejection"
        ),
    })
}

fn check_floors(evaluation: &Evaluation, floors: &[String]) -> Result<Vec<String>> {
    let mut below = Vec::new();
    for floor in floors {
        let (name, value) = floor.split_once('=').with_context(|| {
            format!("--min '{floor}' must look like METRIC=VALUE, e.g. success1=0.9")
        })?;
        let value: f64 = value
            .parse()
            .with_context(|| format!("--min '{floor}': '{value}' is not a number"))?;
        let actual = metric(&evaluation.overall, name)?;
        if actual < value {
            below.push(format!("{name} is {actual:.4}, below the floor {value}"));
        }
    }
    Ok(below)
}

pub(crate) fn run(args: EvalArgs) -> Result<ExitCode> {
    let labeled = args.labeled.load()?;
    let topics = labeled.topics;
    let spec = Spec {
        topics: &topics,
        qrels: &labeled.qrels,
        labels: labeled.labels.as_ref(),
        split: args.labeled.split.as_deref(),
    };
    let responses = match &args.run {
        Some(path) => {
            let (name, text) = read(path, "run")?;
            eval::parse_run(&name, &text)?
        }
        None if args.dense_only => {
            eval::rank_by_meaning_all(&args.content.engine()?, &topics, MAX_LIMIT.min(10))?
        }
        None => eval::search_all(
            &args.content.engine()?,
            &topics,
            args.features,
            MAX_LIMIT.min(10),
        )?,
    };
    let evaluation = eval::evaluate(&spec, &responses);
    let comparison = match &args.baseline {
        Some(path) => {
            let (name, text) = read(path, "baseline")?;
            let baseline = eval::evaluate(&spec, &eval::parse_run(&name, &text)?);
            Some(eval::compare(&baseline, &evaluation))
        }
        None => None,
    };
    let mut out = String::new();
    if args.json {
        let mut value = serde_json::to_value(&evaluation)?;
        if let (Some(c), Some(object)) = (&comparison, value.as_object_mut()) {
            object.insert("comparison".into(), serde_json::to_value(c)?);
        }
        outln!(out, "{}", serde_json::to_string_pretty(&value)?);
    } else {
        out.push_str(&report::summary_table(&evaluation));
        let failures = report::failures(&evaluation);
        if !failures.is_empty() {
            outln!(
                out,
                "\nfailures ({}):\n{failures}",
                evaluation.failures().count()
            );
        }
        if let Some(c) = &comparison {
            out.push_str(&format!("\n{}", report::comparison(c)));
        }
    }
    emit(&out)?;
    let below = check_floors(&evaluation, &args.floors)?;
    for b in &below {
        eprintln!("eval: {b}");
    }
    Ok(if below.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
