//! Query coverage for marketing: which page answers each phrase of a keyword list, which
//! phrases no page answers, and how much search volume that is.
//!
//! [`ingest::read`] streams the list in; [`analyze`] searches every distinct query (in
//! parallel, without snippets) and builds the [`Report`]: per query, the first page, its
//! confidence, the runner-up and the margin, a status and how it matched; a summary by count
//! and by volume; per condition, what lands on it; the gaps grouped by similarity; and, with an
//! `expected` column, every query that lands somewhere else. [`report`] renders it.

pub mod ingest;
pub mod report;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

use crate::analysis::{analyzer, query_words};
use crate::engine::Engine;
use crate::error::Result;
use crate::index::FieldKind;
use crate::search::{Confidence, Hit, MatchedIn, SearchRequest, Via};
pub use ingest::{Ingested, Keyword, Malformed};

/// Runner-up within this share of the first page's score: the query is ambiguous.
pub const AMBIGUOUS_MARGIN: f32 = 0.15;

/// Groups compared with each gap group when merging similar ones (the biggest that share its
/// rarest word).
const MERGE_CANDIDATES: usize = 16;

/// Two gap queries are grouped when their normalized texts are at least this similar
/// (strsim normalized Levenshtein) or share this share of their content words.
pub const GROUP_SIMILARITY: f64 = 0.6;

/// Where a query lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The first page is a high-confidence answer.
    Covered,
    /// The first page is a medium-confidence answer.
    Weak,
    /// Two pages answer, close together.
    Ambiguous,
    /// No page answers with high or medium confidence.
    Uncovered,
}

impl Status {
    /// Every status, from best to worst.
    pub const ALL: [Status; 4] = [
        Status::Covered,
        Status::Weak,
        Status::Ambiguous,
        Status::Uncovered,
    ];

    /// The name used in tables and files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Covered => "covered",
            Status::Weak => "weak",
            Status::Ambiguous => "ambiguous",
            Status::Uncovered => "uncovered",
        }
    }
}

/// How the first page matched the query, in marketing's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// One of the page's search phrases.
    SearchPhrase,
    /// The page title or one of its aliases.
    Alias,
    /// A synonym table entry.
    Synonym,
    /// A corrected misspelling.
    TypoCorrection,
    /// The page's ICD codes.
    Code,
    /// Only the page's text (summary, sections, FAQ).
    BodyText,
    /// Nothing matched.
    None,
}

impl MatchKind {
    /// The name used in tables and files.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::SearchPhrase => "search phrase",
            MatchKind::Alias => "alias",
            MatchKind::Synonym => "synonym",
            MatchKind::TypoCorrection => "typo correction",
            MatchKind::Code => "code",
            MatchKind::BodyText => "body text",
            MatchKind::None => "none",
        }
    }

    /// Reads the strongest reason of a hit: a correction or synonym says more about how the
    /// query got there than the field does; then a search phrase, then a title or alias.
    fn of(engine: &Engine, hit: Option<&Hit>) -> MatchKind {
        let Some(hit) = hit else {
            return MatchKind::None;
        };
        let why = &hit.why;
        let is_phrase = |text: &str| {
            engine
                .catalog()
                .get(&hit.slug)
                .is_some_and(|page| page.search_phrases.iter().any(|p| p == text))
        };
        if why.iter().any(|w| w.via == Via::Typo) {
            MatchKind::TypoCorrection
        } else if why
            .iter()
            .any(|w| matches!(w.via, Via::Code | Via::CodeFamily))
        {
            MatchKind::Code
        } else if why.iter().any(|w| w.via == Via::Synonym) {
            MatchKind::Synonym
        } else if let Some(name) = why.iter().find(|w| w.field == MatchedIn::Name) {
            if is_phrase(&name.matched) {
                MatchKind::SearchPhrase
            } else {
                MatchKind::Alias
            }
        } else if why
            .iter()
            .any(|w| w.field == MatchedIn::Field(FieldKind::SearchPhrases))
        {
            MatchKind::SearchPhrase
        } else if why.iter().any(|w| {
            matches!(
                w.field,
                MatchedIn::Field(FieldKind::Title | FieldKind::Aliases)
            )
        }) {
            MatchKind::Alias
        } else if why.is_empty() {
            MatchKind::None
        } else {
            MatchKind::BodyText
        }
    }
}

/// A page a query lands on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Landing {
    /// The page.
    pub slug: String,
    /// Its title.
    pub title: String,
    /// How sure the engine is.
    pub confidence: Confidence,
    /// Its score.
    pub score: f32,
}

/// Where one query lands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryCoverage {
    /// The query as written in the list.
    pub query: String,
    /// Its volume (summed over repeated rows).
    pub volume: u64,
    /// Rows that held it.
    pub rows: usize,
    /// Line of its first row.
    pub line: usize,
    /// The first page, if any.
    pub first: Option<Landing>,
    /// The second page, if any.
    pub runner_up: Option<Landing>,
    /// `(first - second) / first` score; 1 when there is no runner-up.
    pub margin: f32,
    /// Covered, weak, ambiguous or uncovered.
    pub status: Status,
    /// How the first page matched.
    pub matched_by: MatchKind,
    /// A corrected query, when the engine offers one.
    pub did_you_mean: Option<String>,
    /// The page the list expects, if it says.
    pub expected: Option<String>,
}

/// Totals for one status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Distinct queries.
    pub queries: usize,
    /// Their volume.
    pub volume: u64,
}

/// The summary of a report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Data rows read (malformed included).
    pub rows: usize,
    /// Malformed rows, reported and left out.
    pub malformed: usize,
    /// Rows merged into an earlier row with the same query.
    pub merged: usize,
    /// Distinct queries.
    pub queries: usize,
    /// Their total volume.
    pub volume: u64,
    /// Per status.
    pub by_status: BTreeMap<Status, Tally>,
    /// Share of queries answered (covered, weak or ambiguous).
    pub coverage_by_queries: f64,
    /// Share of volume answered.
    pub coverage_by_volume: f64,
}

/// What lands on one condition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConditionCoverage {
    /// The page.
    pub slug: String,
    /// Its title.
    pub title: String,
    /// Answered queries whose first page it is.
    pub queries: usize,
    /// Their volume.
    pub volume: u64,
}

/// Uncovered and weak queries that belong together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapGroup {
    /// The group's queries, most searched first.
    pub queries: Vec<String>,
    /// Their total volume.
    pub volume: u64,
    /// The page they most nearly match (by volume), if any: where to add phrases.
    pub nearest: Option<String>,
    /// The title of that page.
    pub nearest_title: Option<String>,
    /// What to do about it.
    pub suggestion: String,
}

/// A query that lands somewhere other than its expected page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mismatch {
    /// The query.
    pub query: String,
    /// Its line.
    pub line: usize,
    /// The page it should land on.
    pub expected: String,
    /// Where it lands (`None`: nowhere confidently).
    pub got: Option<String>,
    /// Its status.
    pub status: Status,
}

/// The coverage of a keyword list.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Totals.
    pub summary: Summary,
    /// Per condition, most volume first (every page, also those nothing lands on).
    pub conditions: Vec<ConditionCoverage>,
    /// Gaps, most volume first.
    pub gaps: Vec<GapGroup>,
    /// Queries landing elsewhere than expected (only with an `expected` column).
    pub mismatches: Vec<Mismatch>,
    /// Every distinct query, in list order.
    pub queries: Vec<QueryCoverage>,
    /// Rows that could not be read.
    pub malformed: Vec<Malformed>,
    /// The columns used.
    pub columns: ingest::Columns,
}

fn landing(hit: &Hit) -> Landing {
    Landing {
        slug: hit.slug.clone(),
        title: hit.title.clone(),
        confidence: hit.confidence,
        score: hit.score,
    }
}

fn cover(engine: &Engine, keyword: &Keyword) -> Result<QueryCoverage> {
    let response = engine.search(
        &SearchRequest::new(keyword.query.trim())
            .limit(2)
            .without_snippets(),
    )?;
    let first = response.hits.first();
    let second = response.hits.get(1);
    let margin = match (first, second) {
        (Some(a), Some(b)) if a.score > 0.0 => (a.score - b.score) / a.score,
        _ => 1.0,
    };
    let answered = |h: Option<&Hit>| h.is_some_and(|h| h.confidence >= Confidence::Medium);
    let status = if !answered(first) {
        Status::Uncovered
    } else if answered(second) && margin < AMBIGUOUS_MARGIN {
        Status::Ambiguous
    } else if first.is_some_and(|h| h.confidence == Confidence::High) {
        Status::Covered
    } else {
        Status::Weak
    };
    Ok(QueryCoverage {
        query: keyword.query.clone(),
        volume: keyword.volume,
        rows: keyword.rows,
        line: keyword.line,
        first: first.map(landing),
        runner_up: second.map(landing),
        margin,
        status,
        matched_by: MatchKind::of(engine, first),
        did_you_mean: response.did_you_mean,
        expected: keyword.expected.clone(),
    })
}

/// The content words of a query: what gap grouping compares.
fn content_terms(query: &str) -> HashSet<String> {
    analyzer()
        .terms(query)
        .into_iter()
        .filter(|t| query_words().is_informative(t))
        .collect()
}

fn group_gaps(engine: &Engine, queries: &[QueryCoverage]) -> Vec<GapGroup> {
    let mut gaps: Vec<&QueryCoverage> = queries
        .iter()
        .filter(|q| matches!(q.status, Status::Uncovered | Status::Weak))
        .collect();
    gaps.sort_by(|a, b| b.volume.cmp(&a.volume).then_with(|| a.line.cmp(&b.line)));
    struct Group<'a> {
        text: String,
        terms: Vec<String>,
        members: Vec<&'a QueryCoverage>,
    }
    // 1. Queries with the same content words are one group ("fibro fog", "fibro fog cure").
    let mut groups: Vec<Group<'_>> = Vec::new();
    let mut by_key: HashMap<Vec<String>, usize> = HashMap::new();
    for q in gaps {
        let mut terms: Vec<String> = content_terms(&q.query).into_iter().collect();
        terms.sort();
        // Queries with no content word at all are keyed by their text.
        let key = if terms.is_empty() {
            vec![analyzer().normalize(&q.query)]
        } else {
            terms.clone()
        };
        match by_key.get(&key) {
            Some(&g) => groups[g].members.push(q),
            None => {
                by_key.insert(key, groups.len());
                groups.push(Group {
                    text: analyzer().normalize(&q.query),
                    terms,
                    members: vec![q],
                });
            }
        }
    }
    // 2. Groups whose words largely overlap, or whose texts are alike, merge into the group
    //    with more volume. Candidates share the group's rarest word, and only the
    //    [`MERGE_CANDIDATES`] biggest such groups are compared, which keeps this linear.
    let mut word_groups: HashMap<&str, Vec<usize>> = HashMap::new();
    for (g, group) in groups.iter().enumerate() {
        for t in &group.terms {
            word_groups.entry(t.as_str()).or_default().push(g);
        }
    }
    let mut merged_into: Vec<usize> = (0..groups.len()).collect();
    for g in 0..groups.len() {
        let group = &groups[g];
        let Some(rarest) = group
            .terms
            .iter()
            .min_by_key(|t| word_groups.get(t.as_str()).map_or(0, Vec::len))
        else {
            continue;
        };
        let similar = word_groups[rarest.as_str()]
            .iter()
            .copied()
            .filter(|&o| o < g && merged_into[o] == o)
            .take(MERGE_CANDIDATES)
            .find(|&o| {
                let other = &groups[o];
                let shared = group
                    .terms
                    .iter()
                    .filter(|t| other.terms.contains(t))
                    .count() as f64;
                let union = (group.terms.len() + other.terms.len()) as f64 - shared;
                shared / union.max(1.0) >= GROUP_SIMILARITY
                    || strsim::normalized_levenshtein(&other.text, &group.text) >= GROUP_SIMILARITY
            });
        if let Some(o) = similar {
            merged_into[g] = o;
        }
    }
    for g in (0..groups.len()).rev() {
        let target = merged_into[g];
        if target != g {
            let members = std::mem::take(&mut groups[g].members);
            groups[target].members.extend(members);
        }
    }
    let groups: Vec<Group<'_>> = groups
        .into_iter()
        .filter(|g| !g.members.is_empty())
        .collect();
    let mut out: Vec<GapGroup> = groups
        .into_iter()
        .map(|mut g| {
            g.members.sort_by(|a, b| b.volume.cmp(&a.volume).then_with(|| a.line.cmp(&b.line)));
            let volume = g.members.iter().map(|q| q.volume).sum();
            let mut nearest: HashMap<&str, u64> = HashMap::new();
            for q in &g.members {
                if let Some(first) = &q.first {
                    *nearest.entry(first.slug.as_str()).or_default() += q.volume.max(1);
                }
            }
            let nearest = nearest
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(slug, _)| slug.to_string());
            let nearest_title = nearest
                .as_deref()
                .and_then(|s| engine.catalog().get(s))
                .map(|c| c.title.clone());
            let suggestion = match (&nearest_title, g.members.iter().all(|q| q.status == Status::Uncovered && q.first.is_none())) {
                (Some(title), _) if g.members.iter().any(|q| q.status == Status::Weak) => {
                    format!("strengthen '{title}': add these phrases to its search phrases")
                }
                (Some(title), _) => format!(
                    "if '{title}' is the right page, add these phrases to it; otherwise no page covers them"
                ),
                (None, _) => "no page covers these: a condition without a page, or off-topic".to_string(),
            };
            GapGroup {
                queries: g.members.iter().map(|q| q.query.clone()).collect(),
                volume,
                nearest,
                nearest_title,
                suggestion,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.volume
            .cmp(&a.volume)
            .then_with(|| b.queries.len().cmp(&a.queries.len()))
    });
    out
}

/// Searches every keyword and builds the report. `progress` is called with the number of
/// keywords done so far, from the worker threads.
pub fn analyze(
    engine: &Engine,
    ingested: Ingested,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Report> {
    let keywords = &ingested.keywords;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(keywords.len().max(1));
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let chunks: Vec<Vec<(usize, Result<QueryCoverage>)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= keywords.len() {
                            break;
                        }
                        mine.push((i, cover(engine, &keywords[i])));
                        progress(done.fetch_add(1, Ordering::Relaxed) + 1);
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("coverage worker panicked"))
            .collect()
    });
    // Back into list order.
    let mut covered: Vec<(usize, Result<QueryCoverage>)> = chunks.into_iter().flatten().collect();
    covered.sort_unstable_by_key(|(i, _)| *i);
    let queries: Vec<QueryCoverage> = covered.into_iter().map(|(_, r)| r).collect::<Result<_>>()?;

    let mut summary = Summary {
        rows: ingested.rows,
        malformed: ingested.malformed.len(),
        merged: ingested.merged,
        queries: queries.len(),
        ..Summary::default()
    };
    let mut per_page: HashMap<&str, (usize, u64)> = HashMap::new();
    for q in &queries {
        summary.volume += q.volume;
        let tally = summary.by_status.entry(q.status).or_default();
        tally.queries += 1;
        tally.volume += q.volume;
        if q.status != Status::Uncovered
            && let Some(first) = &q.first
        {
            let e = per_page.entry(first.slug.as_str()).or_default();
            e.0 += 1;
            e.1 += q.volume;
        }
    }
    let uncovered = summary
        .by_status
        .get(&Status::Uncovered)
        .copied()
        .unwrap_or_default();
    if summary.queries > 0 {
        summary.coverage_by_queries = 1.0 - uncovered.queries as f64 / summary.queries as f64;
    }
    if summary.volume > 0 {
        summary.coverage_by_volume = 1.0 - uncovered.volume as f64 / summary.volume as f64;
    }
    let mut conditions: Vec<ConditionCoverage> = engine
        .catalog()
        .conditions()
        .iter()
        .map(|c| {
            let (queries, volume) = per_page.get(c.slug.as_str()).copied().unwrap_or_default();
            ConditionCoverage {
                slug: c.slug.clone(),
                title: c.title.clone(),
                queries,
                volume,
            }
        })
        .collect();
    conditions.sort_by(|a, b| {
        b.volume
            .cmp(&a.volume)
            .then(b.queries.cmp(&a.queries))
            .then_with(|| a.slug.cmp(&b.slug))
    });
    let mismatches = queries
        .iter()
        .filter_map(|q| {
            let expected = q.expected.clone()?;
            let got = q
                .first
                .as_ref()
                .filter(|_| q.status != Status::Uncovered)
                .map(|f| f.slug.clone());
            (got.as_deref() != Some(expected.as_str())).then(|| Mismatch {
                query: q.query.clone(),
                line: q.line,
                expected,
                got,
                status: q.status,
            })
        })
        .collect();
    Ok(Report {
        gaps: group_gaps(engine, &queries),
        summary,
        conditions,
        mismatches,
        queries,
        malformed: ingested.malformed,
        columns: ingested.columns,
    })
}
