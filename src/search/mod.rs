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
pub mod fusion;
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
use crate::engine::Semantic;
use crate::error::{Error, Result};
use crate::index::CatalogIndex;
use crate::semantic::PageMeaning;
use crate::synonyms::SynonymMap;
use fusion::Evidence;

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
    /// The sentence model: pages close in meaning, weighed against the words by the fusion
    /// model when the query names no page.
    pub dense: bool,
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
        dense: true,
    };

    /// Everything but the sentence model: the words alone. What `/suggest` uses (suggestions
    /// complete what is typed, they do not interpret it) and the lexical row of comparisons.
    pub const LEXICAL: Features = Features {
        dense: false,
        ..Features::ALL
    };

    /// Everything off: plain BM25 over the page text.
    pub const NONE: Features = Features {
        field_weights: false,
        search_phrases: false,
        synonyms: false,
        typos: false,
        prefix: false,
        confidence: false,
        dense: false,
    };

    /// The names accepted by [`Features::parse`], in ablation order.
    pub const NAMES: [&'static str; 7] = [
        "field-weights",
        "search-phrases",
        "synonyms",
        "typos",
        "prefix",
        "confidence",
        "dense",
    ];

    /// Parses a comma-separated list of feature names, `all`, `lexical` (all but `dense`) or
    /// `none`.
    ///
    /// ```
    /// use condsearch::search::Features;
    /// let f = Features::parse("field-weights,synonyms").unwrap();
    /// assert!(f.synonyms && !f.typos);
    /// assert_eq!(Features::parse("all").unwrap(), Features::ALL);
    /// assert!(!Features::parse("lexical").unwrap().dense);
    /// ```
    pub fn parse(list: &str) -> Result<Features> {
        match list.trim() {
            "all" => return Ok(Features::ALL),
            "lexical" => return Ok(Features::LEXICAL),
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
                "dense" => &mut features.dense,
                other => {
                    return Err(Error::InvalidArgument {
                        name: "features",
                        message: format!(
                            "unknown feature '{other}'; expected 'all', 'lexical', 'none' or a comma-separated list of: {}",
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
    semantic: Option<&Semantic>,
    request: &SearchRequest<'_>,
) -> Result<SearchResponse> {
    validate(request)?;
    let started = Instant::now();
    let features = request.features;
    let plan = plan::plan(request.query, index, synonyms, &features);
    let mut ranked = lexical(index, catalog, &plan, &features, request.limit)?;
    let meaning = semantic.filter(|_| features.dense);
    let fused = meaning
        .and_then(|s| fuse(index, catalog, s, &plan, request.query, &mut ranked))
        .zip(meaning);
    ranked.truncate(request.limit);

    let pages = catalog.conditions();
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
            let mut why = explain::reasons(&plan, &r.matches, r.exact);
            if let Some((vector, semantic)) = &fused {
                why.extend(
                    r.meaning
                        .and_then(|m| meaning_reason(semantic, &plan, vector, m)),
                );
            }
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
                why,
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

/// The lexical ranking: BM25 over the weighted fields, re-ranked by name coverage and
/// coordination, pages the query names first, ties by slug. At least [`limits::RERANK_DEPTH`]
/// pages, so that fusion and confidence see more than the hits returned.
fn lexical<'c>(
    index: &CatalogIndex,
    catalog: &'c Catalog,
    plan: &plan::Plan,
    features: &Features,
    limit: usize,
) -> Result<Vec<Ranked<'c>>> {
    let query = query::build(index, plan, features);
    let depth = limit.max(limits::RERANK_DEPTH) + limits::TIE_SLACK;
    let top = index
        .searcher()
        .search(&query, &TopDocs::with_limit(depth).order_by_score())?;
    let pages = catalog.conditions();
    // Re-rank by how completely the query names each page and how much of it the page covers.
    let mut ranked: Vec<Ranked<'_>> = top
        .into_iter()
        .map(|(score, address)| {
            let ord = index.ord(address);
            let matches = explain::unit_matches(index, plan, ord);
            let score = if features.field_weights {
                let matched = explain::matched_terms(plan, &matches);
                let coverage = explain::page_name_coverage(plan, index, ord, &matched);
                let units = explain::units_covered(plan, &matches);
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
                exact: explain::exact_name(index, plan, ord),
                // Set below, once every page's matches are known.
                own: Confidence::Low,
                evidence: 0.0,
                matches,
                meaning: None,
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
        (r.own, r.evidence) = if features.confidence {
            let elsewhere = confidence::named_elsewhere(&namers, rank);
            confidence::assess(plan, &r.matches, r.exact.is_some(), &elsewhere)
        } else {
            (Confidence::High, 1.0)
        };
        if features.confidence && r.own == Confidence::High {
            r.score *= limits::NAMED_BOOST;
        }
    }
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.slug.cmp(b.slug)));
    Ok(ranked)
}

/// Re-ranks `ranked` by the fusion model unless the query names its first page (see
/// [`fusion`]); pages close in meaning but not lexical hits join as candidates. Returns the
/// query's vector when it re-ranked.
fn fuse<'c>(
    index: &CatalogIndex,
    catalog: &'c Catalog,
    semantic: &Semantic,
    plan: &plan::Plan,
    query: &str,
    ranked: &mut Vec<Ranked<'c>>,
) -> Option<Vec<f32>> {
    let (vector, evidence) = candidates(index, catalog, semantic, plan, query, ranked)?;
    let probabilities = semantic.fusion.choice_probabilities(&evidence);
    for (r, p) in ranked.iter_mut().zip(probabilities) {
        r.score = p;
    }
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.slug.cmp(b.slug)));
    Some(vector)
}

/// The query's vector and the fusion candidates' evidence, one per entry of `ranked` (which
/// gains the pages closest in meaning), or `None` when the lexical order stands: the query
/// names its first lexical hit, holds a code, is a single content word, ends in a word still
/// being typed, or names its first lexical hit through a misspelled word, a completed last word
/// or an acronym (see [`fusion`]).
fn candidates<'c>(
    index: &CatalogIndex,
    catalog: &'c Catalog,
    semantic: &Semantic,
    plan: &plan::Plan,
    query: &str,
    ranked: &mut Vec<Ranked<'c>>,
) -> Option<(Vec<f32>, Vec<Evidence>)> {
    let names_first = ranked.first().is_some_and(|r| r.own == Confidence::High);
    let coded = ranked.iter().any(|r| {
        r.matches
            .iter()
            .any(|m| matches!(m.via, Via::Code | Via::CodeFamily))
    });
    let content_units = plan.units.iter().filter(|u| u.content).count();
    let named_as_typed = ranked
        .first()
        .is_some_and(|r| names_through_typo_prefix_or_acronym(plan, &r.matches));
    if names_first
        || coded
        || named_as_typed
        || plan.typing_last_word
        || content_units < fusion::MIN_DESCRIPTION_UNITS
    {
        return None;
    }
    let vector = semantic.model.embed(query);
    let held: Vec<usize> = ranked.iter().map(|r| r.ord).collect();
    let meanings = semantic.index.pages(&vector, &held);
    let mut by_meaning: Vec<usize> = (0..meanings.len()).collect();
    by_meaning.sort_by(|&a, &b| meanings[b].similarity.total_cmp(&meanings[a].similarity));
    let mut meaning_rank = vec![0; meanings.len()];
    for (rank, &ord) in by_meaning.iter().enumerate() {
        meaning_rank[ord] = rank;
    }
    let pages = catalog.conditions();
    for &ord in by_meaning.iter().take(fusion::MEANING_CANDIDATES) {
        if !ranked.iter().any(|r| r.ord == ord) {
            let matches = explain::unit_matches(index, plan, ord);
            ranked.push(Ranked {
                evidence_score: 0.0,
                score: 0.0,
                ord,
                slug: &pages[ord].slug,
                exact: None,
                own: Confidence::Low,
                evidence: 0.0,
                matches,
                meaning: None,
            });
        }
    }
    let best_lexical = ranked.iter().map(|r| r.evidence_score).fold(0.0, f32::max);
    let unknown = plan.units.iter().filter(|u| u.content && !u.known).count();
    let unknown_share = unknown as f32 / content_units.max(1) as f32;
    let evidence = ranked
        .iter_mut()
        .enumerate()
        .map(|(rank, r)| {
            let lexical = r.evidence_score > 0.0;
            r.meaning = Some(meanings[r.ord]);
            Evidence {
                lexical_share: if best_lexical > 0.0 {
                    r.evidence_score / best_lexical
                } else {
                    0.0
                },
                lexical_rank: lexical.then_some(rank),
                own: r.own,
                evidence: r.evidence,
                meaning: meanings[r.ord].similarity,
                meaning_rank: meaning_rank[r.ord],
                content_units,
                coverage: explain::units_covered(plan, &r.matches),
                strongest: r.matches.iter().map(|m| m.strength).fold(0.0, f32::max),
                meaning_names: meanings[r.ord].names,
                meaning_text: meanings[r.ord].text,
                unknown_share,
            }
        })
        .collect();
    Some((vector, evidence))
}

/// The fusion candidates of a query and their evidence (what `condsearch calibrate` fits the
/// fusion model on), or `None` when the query names its first lexical hit or there is no
/// sentence model: then the lexical order stands and fusion plays no part.
pub(crate) fn fusion_candidates(
    index: &CatalogIndex,
    catalog: &Catalog,
    synonyms: &SynonymMap,
    semantic: Option<&Semantic>,
    query: &str,
) -> Result<Option<Vec<(String, Evidence)>>> {
    let request = SearchRequest::new(query);
    validate(&request)?;
    let Some(semantic) = semantic else {
        return Ok(None);
    };
    let plan = plan::plan(query, index, synonyms, &request.features);
    let mut ranked = lexical(index, catalog, &plan, &request.features, request.limit)?;
    let evidence = candidates(index, catalog, semantic, &plan, query, &mut ranked);
    Ok(evidence.map(|(_, e)| ranked.iter().map(|r| r.slug.to_string()).zip(e).collect()))
}

/// Whether `matches` name the page (a match in its title, aliases or search phrases) through a
/// corrected typo, a completed last word or an acronym: the lexical engine read a name being
/// typed, which a sentence model would read as noise ("fantom limb", "complex regional pa",
/// "passive SI").
fn names_through_typo_prefix_or_acronym(plan: &plan::Plan, matches: &[explain::UnitMatch]) -> bool {
    matches.iter().any(|m| {
        let naming = matches!(
            m.field,
            MatchedIn::Name
                | MatchedIn::Field(
                    crate::index::FieldKind::Title
                        | crate::index::FieldKind::Aliases
                        | crate::index::FieldKind::SearchPhrases
                )
        );
        let acronym = plan.units[m.unit]
            .words
            .clone()
            .any(|w| plan.words[w].acronym);
        naming && (matches!(m.via, Via::Typo | Via::Prefix) || acronym)
    })
}

/// The reason "meaning: close to '…' on the page", when the page's closest unit is close enough
/// to be worth showing: the unit itself, or for a passage its sentence closest to the query.
fn meaning_reason(
    semantic: &Semantic,
    plan: &plan::Plan,
    vector: &[f32],
    meaning: PageMeaning,
) -> Option<Why> {
    if meaning.similarity < limits::MEANING_SHOWN {
        return None;
    }
    let text = semantic.index.closest_sentence(meaning.unit, vector)?;
    let words: Vec<&str> = text.split_whitespace().collect();
    let matched = if words.len() > limits::MEANING_SHOWN_WORDS {
        format!("{}…", words[..limits::MEANING_SHOWN_WORDS].join(" "))
    } else {
        text.to_string()
    };
    Some(Why {
        field: MatchedIn::Meaning,
        query_words: plan.words.iter().map(|w| w.raw.clone()).collect(),
        via: Via::Meaning,
        matched,
        rule: None,
    })
}

/// A page on its way to becoming a [`Hit`].
struct Ranked<'c> {
    /// Its score from the text alone: BM25 re-ranked by name coverage and coordination.
    evidence_score: f32,
    /// The score it is ranked by: the above, raised when the query names the page; or, when
    /// fused, the fusion model's probability.
    score: f32,
    /// Catalog position.
    ord: usize,
    /// Breaks ties.
    slug: &'c str,
    /// The whole query as one of the page's names, if it is one.
    exact: Option<(String, Via)>,
    /// The confidence it earns on its own (rules 1–4 of `confidence`).
    own: Confidence,
    /// The evidence value behind `own`.
    evidence: f32,
    /// The best match of each query unit on the page.
    matches: Vec<explain::UnitMatch>,
    /// Its closest unit in meaning, when fused.
    meaning: Option<PageMeaning>,
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
