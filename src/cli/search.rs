//! `condsearch search`: one query, as a table or JSON.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use condsearch::search::{DEFAULT_LIMIT, Features, SearchRequest, SearchResponse, Why};

use super::{ContentArgs, emit, outln};

#[derive(Debug, Args)]
pub(crate) struct SearchArgs {
    /// What a person would type
    query: String,
    /// Most pages to show (1 to 50)
    #[arg(long, default_value_t = DEFAULT_LIMIT)]
    limit: usize,
    /// Print the response as JSON
    #[arg(long)]
    json: bool,
    /// Ranking features: 'all', 'lexical' (all but dense), 'none', or a comma-separated list (ablation)
    #[arg(long, default_value = "all", value_parser = parse_features)]
    features: Features,
    #[command(flatten)]
    content: ContentArgs,
}

pub(crate) fn parse_features(s: &str) -> Result<Features, String> {
    Features::parse(s).map_err(|e| e.to_string())
}

/// `title: fibromyalga → fibromyalgia (typo)`.
pub(crate) fn describe(why: &Why) -> String {
    let (field, via) = (why.field.as_str(), why.via.as_str());
    let words = why.query_words.join(" ");
    if words == why.matched.to_lowercase() {
        format!("{field}: {words} ({via})")
    } else {
        format!("{field}: {words} → {} ({via})", why.matched)
    }
}

fn table(response: &SearchResponse) -> String {
    let mut out = String::new();
    if response.crisis {
        outln!(out, "crisis: show crisis-line help above the results");
    }
    if let Some(suggestion) = &response.did_you_mean {
        outln!(out, "did you mean: {suggestion}");
    }
    if !response.is_answered() {
        outln!(out, "no matching condition (no high or medium hit)");
    }
    outln!(out, "{:>4}  {:<45} {:<7} why", "rank", "title", "conf");
    for (i, hit) in response.hits.iter().enumerate() {
        let why: Vec<String> = hit.why.iter().map(describe).collect();
        outln!(
            out,
            "{:>4}  {:<45} {:<7} {}",
            i + 1,
            hit.title,
            hit.confidence.as_str(),
            why.join("; ")
        );
    }
    outln!(out, "({} µs)", response.took_us);
    out
}

pub(crate) fn run(args: SearchArgs) -> Result<ExitCode> {
    let engine = args.content.engine()?;
    let request = SearchRequest::new(&args.query)
        .limit(args.limit)
        .features(args.features);
    let response = engine.search(&request)?;
    if args.json {
        emit(&format!("{}\n", serde_json::to_string_pretty(&response)?))?;
    } else {
        emit(&table(&response))?;
    }
    Ok(ExitCode::SUCCESS)
}
