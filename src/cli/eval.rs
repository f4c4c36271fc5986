//! `condsearch eval`: score a run (live or from a file) against judgments.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Args;

use condsearch::eval::{self, Evaluation, Metrics, Spec, report, trec};
use condsearch::search::{Features, MAX_LIMIT};

use super::search::parse_features;
use super::{ContentArgs, emit, outln};

#[derive(Debug, Args)]
pub(crate) struct EvalArgs {
    /// Topics: one `qid<TAB>query` per line
    #[arg(long, value_name = "FILE")]
    topics: PathBuf,
    /// Judgments: `qid 0 slug grade` (2 = the page, 1 = acceptable)
    #[arg(long, value_name = "FILE")]
    qrels: PathBuf,
    /// Categories and splits: `qid<TAB>category<TAB>tune|heldout`
    #[arg(long, value_name = "FILE")]
    categories: Option<PathBuf>,
    /// Only this split of the categories file
    #[arg(long, value_parser = ["tune", "heldout"])]
    split: Option<String>,
    /// Score this run (TREC or condsearch JSONL) instead of searching
    #[arg(long, value_name = "FILE")]
    run: Option<PathBuf>,
    /// Compare query by query with this run (TREC or JSONL)
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Print the evaluation as JSON
    #[arg(long)]
    json: bool,
    /// Ranking features when searching: 'all', 'none' or a list (ablation)
    #[arg(long, default_value = "all", value_parser = parse_features)]
    features: Features,
    /// Fail (exit 1) when a metric is below a floor, e.g. `--min success1=0.9` (repeatable);
    /// metrics: ndcg10, mrr10, success1, recall5, confident, rejection
    #[arg(long = "min", value_name = "METRIC=VALUE")]
    floors: Vec<String>,
    #[command(flatten)]
    content: ContentArgs,
}

fn read(path: &Path, what: &str) -> Result<(String, String)> {
    let name = path.display().to_string();
    let text =
        fs::read_to_string(path).with_context(|| format!("cannot read {what} file '{name}'"))?;
    Ok((name, text))
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
    let (topics_path, topics_text) = read(&args.topics, "topics")?;
    let topics = trec::parse_topics(&topics_path, &topics_text)?;
    let (qrels_path, qrels_text) = read(&args.qrels, "qrels")?;
    let qrels = trec::parse_qrels(&qrels_path, &qrels_text)?;
    let labels = match &args.categories {
        Some(path) => {
            let (name, text) = read(path, "categories")?;
            Some(eval::parse_categories(&name, &text)?)
        }
        None => None,
    };
    if args.split.is_some() && labels.is_none() {
        bail!("--split needs --categories, which says which split each query is in");
    }
    let spec = Spec {
        topics: &topics,
        qrels: &qrels,
        labels: labels.as_ref(),
        split: args.split.as_deref(),
    };
    let responses = match &args.run {
        Some(path) => {
            let (name, text) = read(path, "run")?;
            eval::parse_run(&name, &text)?
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
