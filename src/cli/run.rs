//! `condsearch run`: batch search over a topics file, for benchmarks.

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};

use condsearch::eval::trec;
use condsearch::search::{DEFAULT_LIMIT, Features, SearchRequest};

use super::ContentArgs;
use super::search::parse_features;

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// `qid Q0 slug rank score condsearch`
    Trec,
    /// One JSON object per query: {"qid": ..., plus the search response}
    Jsonl,
}

#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    /// Topics file: one `qid<TAB>query` per line
    #[arg(long, value_name = "FILE")]
    topics: PathBuf,
    /// Most pages per query (1 to 50)
    #[arg(long, default_value_t = DEFAULT_LIMIT)]
    limit: usize,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Trec)]
    format: Format,
    /// Ranking features: 'all', 'lexical' (all but dense), 'none', or a comma-separated list (ablation)
    #[arg(long, default_value = "all", value_parser = parse_features)]
    features: Features,
    #[command(flatten)]
    content: ContentArgs,
}

pub(crate) fn run(args: RunArgs) -> Result<ExitCode> {
    let path = args.topics.display().to_string();
    let text = fs::read_to_string(&args.topics)
        .with_context(|| format!("cannot read topics file '{path}'"))?;
    let topics = trec::parse_topics(&path, &text)?;
    let engine = args.content.engine()?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for topic in &topics {
        let request = SearchRequest::new(&topic.query)
            .limit(args.limit)
            .features(args.features);
        let response = engine
            .search(&request)
            .with_context(|| format!("{path}: query {}", topic.qid))?;
        match args.format {
            Format::Trec => {
                let docs: Vec<(String, f64)> = response
                    .hits
                    .iter()
                    .map(|h| (h.slug.clone(), f64::from(h.score)))
                    .collect();
                let mut lines = String::new();
                trec::write_run_lines(&mut lines, &topic.qid, &docs, "condsearch");
                out.write_all(lines.as_bytes())?;
            }
            Format::Jsonl => {
                let mut value = serde_json::to_value(&response)?;
                let mut object = serde_json::Map::new();
                object.insert("qid".into(), topic.qid.clone().into());
                if let Some(fields) = value.as_object_mut() {
                    object.append(fields);
                }
                serde_json::to_writer(&mut out, &object)?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
