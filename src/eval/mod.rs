//! Ranking evaluation: labeled queries in, standard IR metrics out.
//!
//! A [`Spec`] names what is evaluated (topics, judgments, categories, which split); a run is
//! either searched live or read from a file; [`evaluate`] scores it query by query and sums up.
//! Metrics over in-scope queries (those with a relevant page): nDCG@10, MRR@10, success@1,
//! recall@5 and the confident-answer rate (first hit relevant *and* high or medium). Over
//! out-of-scope queries (no relevant page): the rejection rate (no high or medium hit).
//!
//! Ties: a live run is scored in the engine's order (equal scores by slug); a TREC run read from
//! a file is re-sorted as `trec_eval` does (score descending, then document id descending).

pub mod metrics;
pub mod report;
pub mod trec;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::search::{Confidence, Features, SearchRequest, Why};
use trec::{Qrels, Topic};

/// Cutoff of nDCG and MRR.
pub const RANK_CUTOFF: usize = 10;
/// Cutoff of recall.
pub const RECALL_CUTOFF: usize = 5;

/// A query's category and split, from `categories.tsv` (`qid<TAB>category<TAB>split`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// The kind of query (lay, acronym, misspelling, ...).
    pub category: String,
    /// `tune` or `heldout`.
    pub split: String,
}

/// Parses a categories file.
pub fn parse_categories(path: &str, text: &str) -> Result<BTreeMap<String, Label>> {
    let mut labels = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [qid, category, split] = fields.as_slice() else {
            return Err(Error::Parse {
                path: path.to_string(),
                line: i + 1,
                message: format!(
                    "expected 'qid<TAB>category<TAB>split', found {} field(s)",
                    fields.len()
                ),
            });
        };
        if !matches!(*split, "tune" | "heldout") {
            return Err(Error::Parse {
                path: path.to_string(),
                line: i + 1,
                message: format!("split '{split}' must be 'tune' or 'heldout'"),
            });
        }
        labels.insert(
            qid.to_string(),
            Label {
                category: category.to_string(),
                split: split.to_string(),
            },
        );
    }
    Ok(labels)
}

/// One returned page of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    /// The page.
    pub slug: String,
    /// Its score.
    pub score: f64,
    /// Its confidence; `None` for TREC runs, which carry none (every hit then counts as an
    /// answer).
    pub confidence: Option<Confidence>,
    /// Why it matched, when the run says.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub why: Vec<Why>,
}

impl Ranked {
    fn is_answer(&self) -> bool {
        self.confidence.is_none_or(|c| c >= Confidence::Medium)
    }
}

/// Ranked pages per query id.
pub type Responses = BTreeMap<String, Vec<Ranked>>;

/// Searches every topic with `engine`.
pub fn search_all(
    engine: &Engine,
    topics: &[Topic],
    features: Features,
    limit: usize,
) -> Result<Responses> {
    topics
        .iter()
        .map(|t| {
            let response =
                engine.search(&SearchRequest::new(&t.query).limit(limit).features(features))?;
            let ranked = response
                .hits
                .into_iter()
                .map(|h| Ranked {
                    slug: h.slug,
                    score: f64::from(h.score),
                    confidence: Some(h.confidence),
                    why: h.why,
                })
                .collect();
            Ok((t.qid.clone(), ranked))
        })
        .collect()
}

/// Ranks every topic's pages by meaning alone (see [`Engine::pages_by_meaning`]); hits carry
/// no confidence, so each counts as an answer. Fails when the engine has no sentence model.
pub fn rank_by_meaning_all(engine: &Engine, topics: &[Topic], limit: usize) -> Result<Responses> {
    topics
        .iter()
        .map(|t| {
            let pages =
                engine
                    .pages_by_meaning(&t.query)
                    .ok_or_else(|| Error::InvalidArgument {
                        name: "dense-only",
                        message: "this engine has no sentence model to rank by".to_string(),
                    })?;
            let ranked = pages
                .into_iter()
                .take(limit)
                .map(|(slug, similarity)| Ranked {
                    slug,
                    score: f64::from(similarity),
                    confidence: None,
                    why: Vec::new(),
                })
                .collect();
            Ok((t.qid.clone(), ranked))
        })
        .collect()
}

#[derive(serde::Deserialize)]
struct JsonlLine {
    qid: String,
    hits: Vec<JsonlHit>,
}

#[derive(serde::Deserialize)]
struct JsonlHit {
    slug: String,
    score: f64,
    confidence: Confidence,
}

/// Reads a run file: JSONL as `condsearch run --format jsonl` writes it (with confidences), or
/// a TREC run.
pub fn parse_run(path: &str, text: &str) -> Result<Responses> {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if !first.trim_start().starts_with('{') {
        return Ok(trec::parse_run(path, text)?
            .into_iter()
            .map(|(qid, docs)| {
                let ranked = docs
                    .into_iter()
                    .map(|(slug, score)| Ranked {
                        slug,
                        score,
                        confidence: None,
                        why: Vec::new(),
                    })
                    .collect();
                (qid, ranked)
            })
            .collect());
    }
    let mut responses = Responses::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let parsed: JsonlLine = serde_json::from_str(line).map_err(|e| Error::Parse {
            path: path.to_string(),
            line: i + 1,
            message: format!("not a condsearch JSONL response: {e}"),
        })?;
        let ranked = parsed
            .hits
            .into_iter()
            .map(|h| Ranked {
                slug: h.slug,
                score: h.score,
                confidence: Some(h.confidence),
                why: Vec::new(),
            })
            .collect();
        responses.insert(parsed.qid, ranked);
    }
    Ok(responses)
}

/// How one query fared.
#[derive(Debug, Clone, Serialize)]
pub struct QueryEval {
    /// Query id.
    pub qid: String,
    /// The query.
    pub query: String,
    /// Its category, if labeled.
    pub category: Option<String>,
    /// Whether some page is relevant to it.
    pub in_scope: bool,
    /// nDCG@10 (in scope only).
    pub ndcg10: f64,
    /// Reciprocal rank within 10 (in scope only).
    pub rr10: f64,
    /// The grade-2 page first (in scope only).
    pub success1: f64,
    /// Recall@5 (in scope only).
    pub recall5: f64,
    /// Some hit is high or medium.
    pub answered: bool,
    /// The first hit is relevant and high or medium (in scope only).
    pub confident_answer: bool,
    /// The pages judged grade 2.
    pub expected: Vec<String>,
    /// The first three pages returned.
    pub top: Vec<Ranked>,
}

impl QueryEval {
    /// Whether the query counts as a failure: in scope without a confident, correct first page;
    /// out of scope with a confident answer.
    pub fn failed(&self) -> bool {
        if self.in_scope {
            self.success1 < 1.0 || !self.confident_answer
        } else {
            self.answered
        }
    }

    /// The figure compared between runs: nDCG@10 in scope, rejection (1 or 0) out of scope.
    pub fn primary(&self) -> f64 {
        if self.in_scope {
            self.ndcg10
        } else if self.answered {
            0.0
        } else {
            1.0
        }
    }
}

/// Averages over a set of queries.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Metrics {
    /// In-scope queries.
    pub in_scope: usize,
    /// Out-of-scope queries.
    pub out_of_scope: usize,
    /// Mean nDCG@10 over in-scope queries.
    pub ndcg10: f64,
    /// Mean reciprocal rank within 10 over in-scope queries.
    pub mrr10: f64,
    /// Share of in-scope queries with the grade-2 page first.
    pub success1: f64,
    /// Mean recall@5 over in-scope queries.
    pub recall5: f64,
    /// Share of in-scope queries whose first hit is relevant and high or medium.
    pub confident_answer_rate: f64,
    /// Share of out-of-scope queries with no high or medium hit.
    pub rejection_rate: f64,
}

impl Metrics {
    fn of<'a>(queries: impl Iterator<Item = &'a QueryEval>) -> Metrics {
        let mut m = Metrics::default();
        let mut rejected = 0usize;
        let mut confident = 0usize;
        for q in queries {
            if q.in_scope {
                m.in_scope += 1;
                m.ndcg10 += q.ndcg10;
                m.mrr10 += q.rr10;
                m.success1 += q.success1;
                m.recall5 += q.recall5;
                confident += usize::from(q.confident_answer);
            } else {
                m.out_of_scope += 1;
                rejected += usize::from(!q.answered);
            }
        }
        if m.in_scope > 0 {
            let n = m.in_scope as f64;
            m.ndcg10 /= n;
            m.mrr10 /= n;
            m.success1 /= n;
            m.recall5 /= n;
            m.confident_answer_rate = confident as f64 / n;
        }
        if m.out_of_scope > 0 {
            m.rejection_rate = rejected as f64 / m.out_of_scope as f64;
        }
        m
    }
}

/// What an evaluation covers.
#[derive(Debug, Clone)]
pub struct Spec<'a> {
    /// The queries.
    pub topics: &'a [Topic],
    /// The judgments.
    pub qrels: &'a Qrels,
    /// Categories and splits, when known.
    pub labels: Option<&'a BTreeMap<String, Label>>,
    /// Only queries of this split (`tune`, `heldout`), or all.
    pub split: Option<&'a str>,
}

/// The result of scoring one run.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// All queries together.
    pub overall: Metrics,
    /// Per category.
    pub per_category: BTreeMap<String, Metrics>,
    /// Per query, in topic order.
    pub queries: Vec<QueryEval>,
}

impl Evaluation {
    /// The queries that failed, in topic order.
    pub fn failures(&self) -> impl Iterator<Item = &QueryEval> {
        self.queries.iter().filter(|q| q.failed())
    }
}

/// Scores `run` against `spec`.
pub fn evaluate(spec: &Spec<'_>, run: &Responses) -> Evaluation {
    let empty = BTreeMap::new();
    let queries: Vec<QueryEval> = spec
        .topics
        .iter()
        .filter(|t| {
            spec.split.is_none_or(|split| {
                spec.labels
                    .and_then(|l| l.get(&t.qid))
                    .is_some_and(|l| l.split == split)
            })
        })
        .map(|t| {
            let judgments = spec.qrels.get(&t.qid).unwrap_or(&empty);
            let ranked = run.get(&t.qid).map(Vec::as_slice).unwrap_or(&[]);
            let slugs: Vec<String> = ranked.iter().map(|r| r.slug.clone()).collect();
            let in_scope = judgments.values().any(|&g| g >= 1);
            let answered = ranked.iter().any(Ranked::is_answer);
            let top_grade = judgments.values().copied().max().unwrap_or(0);
            QueryEval {
                qid: t.qid.clone(),
                query: t.query.clone(),
                category: spec
                    .labels
                    .and_then(|l| l.get(&t.qid))
                    .map(|l| l.category.clone()),
                in_scope,
                ndcg10: metrics::ndcg_at(&slugs, judgments, RANK_CUTOFF),
                rr10: metrics::reciprocal_rank_at(&slugs, judgments, RANK_CUTOFF),
                success1: metrics::success_at_1(&slugs, judgments),
                recall5: metrics::recall_at(&slugs, judgments, RECALL_CUTOFF),
                answered,
                confident_answer: in_scope
                    && ranked.first().is_some_and(|r| {
                        r.is_answer() && judgments.get(&r.slug).copied().unwrap_or(0) >= 1
                    }),
                expected: judgments
                    .iter()
                    .filter(|(_, g)| **g == top_grade && **g > 0)
                    .map(|(d, _)| d.clone())
                    .collect(),
                top: ranked.iter().take(3).cloned().collect(),
            }
        })
        .collect();
    let mut categories: BTreeMap<String, Vec<&QueryEval>> = BTreeMap::new();
    for q in &queries {
        if let Some(c) = &q.category {
            categories.entry(c.clone()).or_default().push(q);
        }
    }
    Evaluation {
        overall: Metrics::of(queries.iter()),
        per_category: categories
            .into_iter()
            .map(|(c, qs)| (c, Metrics::of(qs.into_iter())))
            .collect(),
        queries,
    }
}

/// A query whose figure differs between two runs.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// Query id.
    pub qid: String,
    /// The query.
    pub query: String,
    /// The figure (nDCG@10, or rejection out of scope) in the baseline.
    pub before: f64,
    /// The figure in the run.
    pub after: f64,
    /// Top pages of the baseline.
    pub before_top: Vec<String>,
    /// Top pages of the run.
    pub after_top: Vec<String>,
}

/// Query-by-query comparison of a run with a baseline.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Comparison {
    /// Queries better in the run.
    pub wins: usize,
    /// Queries worse in the run.
    pub losses: usize,
    /// Queries equal in both.
    pub ties: usize,
    /// The queries that changed, biggest change first.
    pub changed: Vec<Change>,
}

/// Compares `run` with `baseline`, query by query, on [`QueryEval::primary`].
pub fn compare(baseline: &Evaluation, run: &Evaluation) -> Comparison {
    let before: BTreeMap<&str, &QueryEval> = baseline
        .queries
        .iter()
        .map(|q| (q.qid.as_str(), q))
        .collect();
    let mut comparison = Comparison::default();
    for q in &run.queries {
        let Some(b) = before.get(q.qid.as_str()) else {
            continue;
        };
        let delta = q.primary() - b.primary();
        if delta.abs() < 1e-9 {
            comparison.ties += 1;
            continue;
        }
        if delta > 0.0 {
            comparison.wins += 1;
        } else {
            comparison.losses += 1;
        }
        comparison.changed.push(Change {
            qid: q.qid.clone(),
            query: q.query.clone(),
            before: b.primary(),
            after: q.primary(),
            before_top: b.top.iter().map(|r| r.slug.clone()).collect(),
            after_top: q.top.iter().map(|r| r.slug.clone()).collect(),
        });
    }
    comparison.changed.sort_by(|a, b| {
        (b.after - b.before)
            .abs()
            .total_cmp(&(a.after - a.before).abs())
    });
    comparison
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(qid: &str, query: &str) -> Topic {
        Topic {
            qid: qid.into(),
            query: query.into(),
        }
    }

    fn ranked(slug: &str, confidence: Confidence) -> Ranked {
        Ranked {
            slug: slug.into(),
            score: 1.0,
            confidence: Some(confidence),
            why: Vec::new(),
        }
    }

    #[test]
    fn in_and_out_of_scope_are_scored_apart() {
        let topics = [topic("q1", "fibro"), topic("q2", "broken arm")];
        let qrels = trec::parse_qrels("q", "q1 0 fibromyalgia 2\n").unwrap();
        let mut run = Responses::new();
        run.insert("q1".into(), vec![ranked("fibromyalgia", Confidence::High)]);
        run.insert("q2".into(), vec![ranked("chronic-pain", Confidence::Low)]);
        let spec = Spec {
            topics: &topics,
            qrels: &qrels,
            labels: None,
            split: None,
        };
        let e = evaluate(&spec, &run);
        assert_eq!((e.overall.in_scope, e.overall.out_of_scope), (1, 1));
        assert_eq!(e.overall.success1, 1.0);
        assert_eq!(e.overall.confident_answer_rate, 1.0);
        assert_eq!(e.overall.rejection_rate, 1.0);
        assert_eq!(e.failures().count(), 0);
    }

    #[test]
    fn comparison_counts_wins_and_losses() {
        let topics = [topic("q1", "a"), topic("q2", "b")];
        let qrels = trec::parse_qrels("q", "q1 0 x 2\nq2 0 y 2\n").unwrap();
        let spec = Spec {
            topics: &topics,
            qrels: &qrels,
            labels: None,
            split: None,
        };
        let mut before = Responses::new();
        before.insert("q1".into(), vec![ranked("x", Confidence::High)]);
        before.insert("q2".into(), vec![ranked("z", Confidence::High)]);
        let mut after = before.clone();
        after.insert("q2".into(), vec![ranked("y", Confidence::High)]);
        let c = compare(&evaluate(&spec, &before), &evaluate(&spec, &after));
        assert_eq!((c.wins, c.losses, c.ties), (1, 0, 1));
        assert_eq!(c.changed[0].qid, "q2");
    }

    #[test]
    fn categories_file_is_checked() {
        let err = parse_categories("c.tsv", "q1\tlay\tsometimes\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "c.tsv:1: split 'sometimes' must be 'tune' or 'heldout'"
        );
    }
}
