//! Search: from what a person typed to ranked condition pages, each with a confidence, a
//! snippet and the reasons it matched.
//!
//! One query goes through: crisis check → plan (`plan`: words, units, alternatives through
//! synonyms, typos, prefixes, compounds, codes) → tantivy query (`query`: field weights, phrase
//! and exact-name boosts) → top pages, ties broken by slug → for each page its matches
//! (`explain`), confidence (`confidence`) and snippet (`snippet`) → `did_you_mean` (`typo`).
//! Every tuning constant is in `limits`.

mod confidence;
mod crisis;
mod explain;
mod limits;
mod plan;
mod prefix;
mod query;
mod snippet;
mod typo;

use std::collections::HashSet;
use std::time::Instant;

use serde::Serialize;
use tantivy::collector::TopDocs;

pub use confidence::{Confidence, HIGH_EVIDENCE, MEDIUM_EVIDENCE, RELATIVE_LOW, RELATIVE_MEDIUM};
pub use crisis::is_crisis;
pub use explain::{MatchedIn, Via, Why};
pub use limits::{DEFAULT_LIMIT, MAX_LIMIT, MAX_QUERY_CHARS};
pub use typo::allowed_typos;

use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::index::CatalogIndex;
use crate::synonyms::SynonymMap;

/// Which ranking features are on. All are on in production; turning them off one at a time
/// is the ablation study of `condsearch eval --features`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Features {
    /// Separate, weighted fields plus phrase, exact-name and code matching; off, all page text
    /// is one BM25 field.
    pub field_weights: bool,
    /// The pages' "how people search for this" phrases.
    pub search_phrases: bool,
    /// The synonym tables.
    pub synonyms: bool,
    /// Typo correction.
    pub typos: bool,
    /// As-you-type completion of the last word.
    pub prefix: bool,
    /// The confidence rule; off, every hit is `high` (any hit counts as an answer).
    pub confidence: bool,
}

impl Default for Features {
    fn default() -> Features {
        Features::ALL
    }
}

impl Features {
    /// Everything on: production.
    pub const ALL: Features = Features {
        field_weights: true,
        search_phrases: true,
        synonyms: true,
        typos: true,
        prefix: true,
        confidence: true,
    };

    /// Everything off: plain BM25 over the page text.
    pub const NONE: Features = Features {
        field_weights: false,
        search_phrases: false,
        synonyms: false,
        typos: false,
        prefix: false,
        confidence: false,
    };

    /// The names accepted by [`Features::parse`], in ablation order.
    pub const NAMES: [&'static str; 6] = [
        "field-weights",
        "search-phrases",
        "synonyms",
        "typos",
        "prefix",
        "confidence",
    ];

    /// Parses a comma-separated list of feature names, `all` or `none`.
    ///
    /// ```
    /// use condsearch::search::Features;
    /// let f = Features::parse("field-weights,synonyms").unwrap();
    /// assert!(f.synonyms && !f.typos);
    /// assert_eq!(Features::parse("all").unwrap(), Features::ALL);
    /// ```
    pub fn parse(list: &str) -> Result<Features> {
        match list.trim() {
            "all" => return Ok(Features::ALL),
            "none" | "" => return Ok(Features::NONE),
            _ => {}
        }
        let mut features = Features::NONE;
        for name in list.split(',').map(str::trim) {
            let flag = match name {
                "field-weights" => &mut features.field_weights,
                "search-phrases" => &mut features.search_phrases,
                "synonyms" => &mut features.synonyms,
                "typos" => &mut features.typos,
                "prefix" => &mut features.prefix,
                "confidence" => &mut features.confidence,
                other => {
                    return Err(Error::InvalidArgument {
                        name: "features",
                        message: format!(
                            "unknown feature '{other}'; expected 'all', 'none' or a comma-separated list of: {}",
                            Features::NAMES.join(", ")
                        ),
                    });
                }
            };
            *flag = true;
        }
        Ok(features)
    }
}

/// One search.
#[derive(Debug, Clone)]
pub struct SearchRequest<'a> {
    /// What was typed.
    pub query: &'a str,
    /// Most hits to return, 1 to [`MAX_LIMIT`].
    pub limit: usize,
    /// Ranking features.
    pub features: Features,
    /// Whether hits carry snippets; batch tools that never show them save the work.
    pub snippets: bool,
}

impl<'a> SearchRequest<'a> {
    /// A request with the default limit, every feature on, and snippets.
    pub fn new(query: &'a str) -> SearchRequest<'a> {
        SearchRequest {
            query,
            limit: DEFAULT_LIMIT,
            features: Features::ALL,
            snippets: true,
        }
    }

    /// The same request without snippets (hits carry an empty one).
    pub fn without_snippets(mut self) -> SearchRequest<'a> {
        self.snippets = false;
        self
    }

    /// The same request with another limit.
    pub fn limit(mut self, limit: usize) -> SearchRequest<'a> {
        self.limit = limit;
        self
    }

    /// The same request with other features.
    pub fn features(mut self, features: Features) -> SearchRequest<'a> {
        self.features = features;
        self
    }
}

/// A ranked page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The page's slug.
    pub slug: String,
    /// The page's title.
    pub title: String,
    /// The page's path on the site.
    pub url: String,
    /// Ranking score; comparable within one response only.
    pub score: f32,
    /// How sure the engine is that this is the page wanted.
    pub confidence: Confidence,
    /// HTML: a passage of the page, escaped, with matched words in `<mark>`.
    pub snippet: String,
    /// Why the page matched.
    pub why: Vec<Why>,
}

/// The answer to a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResponse {
    /// The query as received.
    pub query: String,
    /// Pages, best first; equal scores in slug order.
    pub hits: Vec<Hit>,
    /// A corrected query, when words were corrected or the best hit is weak.
    pub did_you_mean: Option<String>,
    /// The query expresses thoughts of suicide or self-harm: show crisis help first.
    pub crisis: bool,
    /// Time spent in the engine, microseconds.
    pub took_us: u64,
}

impl SearchResponse {
    /// Whether some hit is a confident answer (high or medium).
    pub fn is_answered(&self) -> bool {
        self.hits.iter().any(|h| h.confidence >= Confidence::Medium)
    }
}

/// Checks a request's parameters, with messages that say what is accepted.
pub fn validate(request: &SearchRequest<'_>) -> Result<()> {
    let chars = request.query.chars().count();
    if request.query.trim().is_empty() {
        return Err(Error::InvalidArgument {
            name: "q",
            message: "the query is empty; type at least one word".to_string(),
        });
    }
    if chars > MAX_QUERY_CHARS {
        return Err(Error::InvalidArgument {
            name: "q",
            message: format!(
                "the query has {chars} characters; the most accepted is {MAX_QUERY_CHARS}"
            ),
        });
    }
    if !(1..=MAX_LIMIT).contains(&request.limit) {
        return Err(Error::InvalidArgument {
            name: "limit",
            message: format!("{} is outside 1 to {MAX_LIMIT}", request.limit),
        });
    }
    Ok(())
}

/// Runs one search over an index of `catalog`.
pub(crate) fn search(
    index: &CatalogIndex,
    catalog: &Catalog,
    synonyms: &SynonymMap,
    request: &SearchRequest<'_>,
) -> Result<SearchResponse> {
    validate(request)?;
    let started = Instant::now();
    let features = request.features;
    let plan = plan::plan(request.query, index, synonyms, &features);
    let query = query::build(index, &plan, &features);
    let depth = request.limit.max(limits::RERANK_DEPTH) + limits::TIE_SLACK;
    let top = index
        .searcher()
        .search(&query, &TopDocs::with_limit(depth).order_by_score())?;
    let pages = catalog.conditions();
    // Re-rank by how completely the query names each page and how much of it the page covers.
    let mut ranked: Vec<Ranked<'_>> = top
        .into_iter()
        .map(|(score, address)| {
            let ord = index.ord(address);
            let matches = explain::unit_matches(index, &plan, ord);
            let score = if features.field_weights {
                let matched = explain::matched_terms(&plan, &matches);
                let coverage = explain::page_name_coverage(&plan, index, ord, &matched);
                let units = explain::units_covered(&plan, &matches);
                score
                    * (1.0 + limits::NAME_COVERAGE_BOOST * coverage)
                    * units.powf(limits::COORDINATION_EXPONENT)
            } else {
                score
            };
            Ranked {
                evidence_score: score,
                score,
                ord,
                slug: &pages[ord].slug,
                exact: explain::exact_name(index, &plan, ord),
                // Set below, once every page's matches are known.
                own: Confidence::Low,
                matches,
            }
        })
        .collect();
    // Each page's own confidence (before the rule relative to the first hit), over the whole
    // depth so that it does not depend on the limit asked for. A page the query names (high)
    // then ranks above pages it does not name.
    let namers = confidence::named_by_some_hit(
        plan.units.len(),
        ranked.iter().map(|r| r.matches.as_slice()),
    );
    for (rank, r) in ranked.iter_mut().enumerate() {
        r.own = if features.confidence {
            let elsewhere = confidence::named_elsewhere(&namers, rank);
            confidence::assess(&plan, &r.matches, r.exact.is_some(), &elsewhere)
        } else {
            Confidence::High
        };
        if features.confidence && r.own == Confidence::High {
            r.score *= limits::NAMED_BOOST;
        }
    }
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.slug.cmp(b.slug)));
    ranked.truncate(request.limit);

    let (best, best_matches) = ranked
        .first()
        .map(|r| (r.evidence_score, r.matches.clone()))
        .unwrap_or_default();
    let hits: Vec<Hit> = ranked
        .into_iter()
        .map(|r| {
            let page = &pages[r.ord];
            let confidence = if features.confidence {
                let another_part = confidence::answers_another_part(&r.matches, &best_matches);
                confidence::relative_cap(r.own, r.evidence_score, best, another_part)
            } else {
                Confidence::High
            };
            Hit {
                slug: page.slug.clone(),
                title: page.title.clone(),
                url: page.url(),
                score: r.score,
                confidence,
                snippet: if request.snippets {
                    snippet::snippet(index, r.ord, page, &snippet_terms(&plan, &r.matches))
                } else {
                    String::new()
                },
                why: explain::reasons(&plan, &r.matches, r.exact),
            }
        })
        .collect();
    Ok(SearchResponse {
        query: request.query.to_string(),
        did_you_mean: did_you_mean(&plan, hits.first(), index),
        crisis: is_crisis(request.query),
        hits,
        took_us: started.elapsed().as_micros() as u64,
    })
}

/// A page on its way to becoming a [`Hit`].
struct Ranked<'c> {
    /// Its score from the text alone: BM25 re-ranked by name coverage and coordination.
    evidence_score: f32,
    /// The score it is ranked by: the above, raised when the query names the page.
    score: f32,
    /// Catalog position.
    ord: usize,
    /// Breaks ties.
    slug: &'c str,
    /// The whole query as one of the page's names, if it is one.
    exact: Option<(String, Via)>,
    /// The confidence it earns on its own (rules 1–4 of `confidence`).
    own: Confidence,
    /// The best match of each query unit on the page.
    matches: Vec<explain::UnitMatch>,
}

/// The terms to mark in a hit's snippet: every form a matched unit may take on the page (the
/// correction as well as the synonym that scored best), but not the other completions of a
/// prefix.
fn snippet_terms<'p>(plan: &'p plan::Plan, matches: &[explain::UnitMatch]) -> HashSet<&'p str> {
    matches
        .iter()
        .flat_map(|m| {
            let unit = &plan.units[m.unit];
            unit.alternatives.iter().enumerate().filter(move |(i, a)| {
                a.target == plan::Target::Text && (*i == m.alternative || a.via != Via::Prefix)
            })
        })
        .flat_map(|(_, a)| a.terms.iter().map(String::as_str))
        .collect()
}

/// The query with its unknown words corrected: offered when the search corrected words (so the
/// page can say "showing results for …"), or when no hit is a confident answer and a close
/// known word exists for a short unknown word ("pian"). A short word the catalog does not know
/// beside a query that was answered is just an everyday word ("cast"), not a typo.
fn did_you_mean(plan: &plan::Plan, top: Option<&Hit>, index: &CatalogIndex) -> Option<String> {
    let weak = top.is_none_or(|h| h.confidence < Confidence::Medium);
    // A correction is offered only where it found something: a word the best page matched
    // through its correction ("wrist" corrected to "waist" matches nothing worth saying).
    let corrected_on_top: HashSet<&str> = top
        .into_iter()
        .flat_map(|h| h.why.iter())
        .filter(|w| w.via == Via::Typo)
        .flat_map(|w| w.query_words.iter().map(String::as_str))
        .collect();
    let mut changed = false;
    let words: Vec<String> = plan
        .words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let completes = i + 1 == plan.words.len()
                && plan
                    .units
                    .last()
                    .is_some_and(|u| u.alternatives.iter().any(|a| a.via == Via::Prefix));
            let replacement = if w.known || w.stop || completes {
                None
            } else if let Some((raw, _, _)) = w.corrections.first() {
                corrected_on_top
                    .contains(w.raw.as_str())
                    .then(|| raw.clone())
            } else if weak
                && !crate::icd::looks_like_code(&w.raw)
                && (3..=limits::MAX_LEN_NO_TYPO).contains(&w.raw.chars().count())
            {
                // Longer words were already searched for corrections within the same
                // distance and had none; short ones get a one-edit suggestion here.
                typo::suggestion(&w.raw, index.vocabulary())
            } else {
                None
            };
            match replacement {
                Some(r) if r != w.raw => {
                    changed = true;
                    r
                }
                _ => w.raw.clone(),
            }
        })
        .collect();
    changed.then(|| words.join(" "))
}
