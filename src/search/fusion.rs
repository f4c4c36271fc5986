//! Fusion: weighing what a query's words matched against what the query means.
//!
//! The lexical engine is nearly always right when the query *names* a page — a title, an alias,
//! a search phrase, a code, an acronym, a half-typed or misspelled name — and a sentence model
//! adds nothing there. So the lexical order stands, exactly, when the lexical first hit is
//! named by the query (its own confidence is high), when the query holds an ICD code, when it
//! has a single content word ([`MIN_DESCRIPTION_UNITS`]), when its last word is still being
//! typed (a fragment the catalog does not know), and when the first lexical hit is named through
//! a corrected typo, a completed last word or an acronym (the engine read a name being typed,
//! which a sentence model reads as noise). Otherwise the query describes or asks,
//! and every
//! candidate page (the lexical hits and the pages closest in meaning) is scored by a logistic
//! model over [`FEATURES`], fitted by `condsearch calibrate` on labeled queries and shipped as
//! data (`fusion.toml`); the candidates are ranked by that score.

use std::sync::{Arc, LazyLock};

use serde::{Deserialize, Serialize};

use super::confidence::Confidence;
use crate::learn::ConditionalLogit;

/// What the fusion model sees of one (query, page) pair, in this order.
pub const FEATURES: [&str; 13] = [
    "lexical_share",
    "lexical_rank",
    "lexical_medium",
    "evidence",
    "coverage",
    "strongest",
    "meaning",
    "meaning_rank",
    "meaning_long",
    "meaning_names",
    "meaning_text",
    "meaning_unknown",
    "lexical_absent",
];

/// Fewest content units (words or synonym phrases that say what the query is about) for the
/// query to be a description that fusion re-ranks. With one, the sentence model only restates
/// the word, and on the labeled sets fusing such queries lost more than it won (written sets:
/// success@1 0.939 lexical against 0.902 fused, 82 queries; two units: 0.903 against 0.920).
pub const MIN_DESCRIPTION_UNITS: usize = 2;

/// Content units at which a query counts as a long description for `meaning_long`.
pub const LONG_QUERY_UNITS: usize = 8;

/// Pages closest in meaning added as candidates beside the lexical hits.
pub const MEANING_CANDIDATES: usize = 10;

/// What the lexical engine and the sentence model say about one candidate page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence {
    /// Lexical score over the best lexical score of the query (0 when not a lexical hit).
    pub lexical_share: f32,
    /// Position among the lexical hits (0 = first), `None` when not a lexical hit.
    pub lexical_rank: Option<usize>,
    /// The confidence the page earns on its own words.
    pub own: Confidence,
    /// The mean strength of the query's content units on the page (0 to 1, see `confidence`).
    pub evidence: f32,
    /// Cosine similarity of the query and the page's closest unit.
    pub meaning: f32,
    /// Position by meaning among all pages (0 = closest).
    pub meaning_rank: usize,
    /// Content units of the query.
    pub content_units: usize,
    /// Share of the query's content units the page matches (outside "How it differs").
    pub coverage: f32,
    /// The strongest match of a query unit on the page (0 to 1, see `confidence`).
    pub strongest: f32,
    /// Closest of the page's names in meaning.
    pub meaning_names: f32,
    /// Closest of the page's text in meaning.
    pub meaning_text: f32,
    /// Share of the query's content units the catalog does not know at all: the words the
    /// lexical side is blind to.
    pub unknown_share: f32,
}

impl Evidence {
    /// The feature vector, in [`FEATURES`] order.
    pub fn features(&self) -> Vec<f64> {
        let long = self.content_units.min(LONG_QUERY_UNITS) as f32 / LONG_QUERY_UNITS as f32;
        [
            self.lexical_share,
            self.lexical_rank.map_or(0.0, |r| 1.0 / (r as f32 + 1.0)),
            f32::from(u8::from(self.own == Confidence::Medium)),
            self.evidence,
            self.coverage,
            self.strongest,
            self.meaning,
            1.0 / (self.meaning_rank as f32 + 1.0),
            self.meaning * long,
            self.meaning_names,
            self.meaning_text,
            self.meaning * self.unknown_share,
            f32::from(u8::from(self.lexical_rank.is_none())),
        ]
        .into_iter()
        .map(f64::from)
        .collect()
    }
}

/// The fitted model and where it came from, as `fusion.toml` stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FusionModel {
    /// Feature names, which must be [`FEATURES`].
    pub features: Vec<String>,
    /// The coefficients.
    #[serde(flatten)]
    pub ranker: ConditionalLogit,
    /// What it was fitted on.
    pub fitted_on: FitSummary,
}

/// The data a fit saw, for the file's reader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitSummary {
    /// The topics files.
    pub topics: Vec<String>,
    /// Which split of them, if one.
    pub split: Option<String>,
    /// Labeled queries used (those fused rather than named).
    pub queries: usize,
    /// (query, candidate page) rows.
    pub rows: usize,
    /// Rows whose page is the answer.
    pub positives: usize,
}

/// A fusion model file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ModelFileError(String);

impl FusionModel {
    /// Reads `fusion.toml`, checking that it was fitted on the features this build computes.
    pub fn parse(text: &str) -> Result<FusionModel, ModelFileError> {
        let model: FusionModel = toml::from_str(text).map_err(|e| ModelFileError(e.to_string()))?;
        if model.features != FEATURES || model.ranker.weights.len() != FEATURES.len() {
            return Err(ModelFileError(format!(
                "the model was fitted on features {:?}, but this build computes {:?}; refit it with `condsearch calibrate`",
                model.features, FEATURES
            )));
        }
        Ok(model)
    }

    /// The score a candidate is ranked by; only differences within one query mean anything.
    pub fn score(&self, evidence: &Evidence) -> f64 {
        self.ranker.score(&evidence.features())
    }

    /// Each candidate's probability of being the answer, given that one of them is: the
    /// softmax of their scores.
    pub fn choice_probabilities(&self, candidates: &[Evidence]) -> Vec<f32> {
        let scores: Vec<f64> = candidates.iter().map(|e| self.score(e)).collect();
        let max = scores.iter().fold(f64::NEG_INFINITY, |m, &s| m.max(s));
        let exp: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
        let sum: f64 = exp.iter().sum();
        exp.iter().map(|e| (e / sum) as f32).collect()
    }
}

/// The model shipped in `src/search/fusion.toml`.
pub fn shipped() -> Arc<FusionModel> {
    static MODEL: LazyLock<Arc<FusionModel>> = LazyLock::new(|| {
        Arc::new(
            FusionModel::parse(include_str!("fusion.toml"))
                .expect("the shipped fusion.toml matches FEATURES (a unit test reads it)"),
        )
    });
    Arc::clone(&MODEL)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_reads_and_weighs_meaning() {
        let model = shipped();
        let meaning = FEATURES.iter().position(|f| *f == "meaning").unwrap();
        assert!(model.ranker.weights[meaning] > 0.0, "{model:?}");
        assert!(model.fitted_on.queries > 0 && model.fitted_on.rows > model.fitted_on.queries);
    }

    #[test]
    fn a_file_for_other_features_is_refused_with_advice() {
        let text = "features = [\"x\"]\nweights = [1.0]\n[fitted_on]\ntopics = []\nqueries = 1\nrows = 2\npositives = 1\n";
        let err = FusionModel::parse(text).unwrap_err();
        assert!(
            err.to_string()
                .contains("refit it with `condsearch calibrate`"),
            "{err}"
        );
    }
}
