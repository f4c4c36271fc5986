//! `condsearch catalog`: the parsed pages, for people or for other tools.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::{ContentArgs, emit, outln};

#[derive(Debug, Args)]
pub(crate) struct CatalogArgs {
    /// Print every page as JSON (slug, title, codes, aliases, search_phrases, summary, sections)
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    content: ContentArgs,
}

pub(crate) fn run(args: CatalogArgs) -> Result<ExitCode> {
    let engine = args.content.engine()?;
    let pages = engine.catalog().conditions();
    let mut out = String::new();
    if args.json {
        outln!(out, "{}", serde_json::to_string_pretty(pages)?);
        emit(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!(
        out,
        "{:<34} {:<10} {:<16} {:>7} {:>7} reviewed",
        "slug",
        "icd10",
        "icd11",
        "phrases",
        "aliases"
    );
    for page in pages {
        outln!(
            out,
            "{:<34} {:<10} {:<16} {:>7} {:>7} {}",
            page.slug,
            page.icd10.join(","),
            page.icd11.join(","),
            page.search_phrases.len(),
            page.aliases.len(),
            page.last_reviewed
                .as_ref()
                .map_or("awaiting review", |r| r.date.as_str()),
        );
    }
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}
