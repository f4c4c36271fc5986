//! The catalog's own regression test: every search phrase and alias of every page, searched as
//! a query, must return its own page first.
//!
//! A page's phrases are promises about how it is found; this keeps them true as pages, synonyms
//! and ranking change. `condsearch check` runs it.

use serde::Serialize;

use crate::engine::Engine;
use crate::error::Result;
use crate::search::SearchRequest;

/// One phrase or alias that does not lead to its page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelfTestFailure {
    /// The page that lists the text.
    pub slug: String,
    /// `search phrase` or `alias`.
    pub kind: &'static str,
    /// The text searched.
    pub text: String,
    /// The page that came first instead, if any.
    pub got: Option<String>,
}

/// The outcome of the self-test.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SelfTestReport {
    /// Number of texts searched.
    pub checked: usize,
    /// The texts whose page did not come first.
    pub failures: Vec<SelfTestFailure>,
}

/// Searches every search phrase and alias of every page of `engine`.
pub fn run(engine: &Engine) -> Result<SelfTestReport> {
    let mut report = SelfTestReport::default();
    for page in engine.catalog().conditions() {
        let texts = page
            .search_phrases
            .iter()
            .map(|t| ("search phrase", t))
            .chain(page.aliases.iter().map(|t| ("alias", t)));
        for (kind, text) in texts {
            report.checked += 1;
            // A phrase typed in full: with a trailing space the last word is complete.
            let query = format!("{text} ");
            let response = engine.search(&SearchRequest::new(&query).limit(1))?;
            let got = response.hits.first().map(|h| h.slug.clone());
            if got.as_deref() != Some(page.slug.as_str()) {
                report.failures.push(SelfTestFailure {
                    slug: page.slug.clone(),
                    kind,
                    text: text.clone(),
                    got,
                });
            }
        }
    }
    Ok(report)
}
