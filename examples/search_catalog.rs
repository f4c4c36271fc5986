//! A tour of the engine: load content, search, and read why each page matched.
//!
//! `cargo run --example search_catalog -- "burning pain after a wrist fracture"`

use condsearch::Engine;
use condsearch::search::{SearchRequest, Via};
use condsearch::source::Source;

fn main() -> Result<(), condsearch::error::Error> {
    // 1. Load the content. `Source::Embedded` is the copy built into the binary; a folder works
    //    the same way (`Source::Dir`). Problems come back as diagnostics: errors refuse the
    //    content, warnings (pages awaiting clinical review) do not.
    let (engine, warnings) = Engine::load(&Source::Embedded, &Source::Embedded)?;
    println!(
        "{} pages, {} synonym rules, {} warnings, indexed in {:?}",
        engine.info().pages,
        engine.info().synonym_rules,
        warnings.warning_count(),
        engine.info().build_time
    );

    // 2. Search, as the search box would.
    let query = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "fibromyalga".to_string());
    let response = engine.search(&SearchRequest::new(&query).limit(3))?;
    if let Some(corrected) = &response.did_you_mean {
        println!("did you mean: {corrected}");
    }
    if response.crisis {
        println!("(the page would show crisis-line help first)");
    }

    // 3. Every hit says how sure the engine is and why it matched.
    for hit in &response.hits {
        println!("\n{} [{}] {}", hit.title, hit.confidence.as_str(), hit.url);
        for why in &hit.why {
            let how = match why.via {
                Via::Exact => "as typed",
                Via::Compound => "as a compound",
                Via::Synonym => "through a synonym",
                Via::Typo => "through a typo correction",
                Via::Prefix => "as a prefix",
                Via::Code => "as an ICD code",
                Via::CodeFamily => "as a related ICD code",
                Via::Meaning => "by meaning, close to",
            };
            println!(
                "  {:?} matched {:?} {how} in the {}",
                why.query_words.join(" "),
                why.matched,
                why.field.as_str()
            );
        }
        println!("  snippet: {}", hit.snippet);
    }
    Ok(())
}
