//! Meaning: a sentence-embedding model, so that a query worded unlike any page — "how to cope
//! with anxiety", "when should you worry about tingling" — still finds the page that means the
//! same thing.
//!
//! The search side asks two things of this module: the query's vector ([`Embedder::embed`])
//! and how close it comes to each page ([`SemanticIndex::pages`]). How that closeness is
//! weighed against the words that matched is the search's business (`search::fusion`).
//!
//! - [`StaticModel`] (`static_model`): the shipped model, one vector per word, distilled from
//!   all-MiniLM-L6-v2 and built into the binary (feature `semantic`, on by default);
//! - `Transformer` (`transformer`, feature `transformer`): the full model it was distilled
//!   from, for distillation and ablation;
//! - [`WordPiece`] (`wordpiece`): that model's tokenizer, which spells unknown words;
//! - [`units`]: what of a page is embedded; [`SemanticIndex`] (`index`): the page vectors.

#[cfg(feature = "transformer")]
pub mod distill;
mod index;
mod rows;
mod static_model;
#[cfg(feature = "transformer")]
mod transformer;
pub mod units;
mod wordpiece;

use std::sync::Arc;

pub use index::{CENTROID_CANDIDATES, EXACT_PAGES, PageMeaning, SemanticIndex};
pub use rows::{QuantizedRows, dot};
pub use static_model::{FormatError, StaticModel, Vocabulary};
#[cfg(feature = "transformer")]
pub use transformer::Transformer;
pub use units::{Unit, UnitKind};
pub use wordpiece::{WordPiece, basic_split};

/// A sentence-embedding model.
pub trait Embedder: Send + Sync + std::fmt::Debug {
    /// The vector of `text`, of unit length (all zeros when the model knows none of its words).
    fn embed(&self, text: &str) -> Vec<f32>;

    /// Vectors of many texts; models that batch override it.
    fn embed_many(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        texts.iter().map(|t| self.embed(t)).collect()
    }

    /// Length of the vectors.
    fn dims(&self) -> usize;

    /// What to call the model in logs and reports.
    fn name(&self) -> &str;
}

/// Scales `v` to unit length; leaves a zero vector alone.
pub fn normalize_in_place(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

/// The model built into the binary, or `None` when the crate was built without the feature
/// `semantic` (the search is then lexical only, and says so when it starts).
pub fn shipped() -> Option<Arc<StaticModel>> {
    shipped::model()
}

#[cfg(feature = "semantic")]
mod shipped {
    use std::sync::{Arc, LazyLock};

    use super::StaticModel;

    static MODEL: LazyLock<Arc<StaticModel>> = LazyLock::new(|| {
        let bytes = include_bytes!("../../models/minilm-static/model.csm");
        Arc::new(
            StaticModel::from_bytes("minilm-static", bytes)
                .expect("the shipped model file is valid (tests/semantic.rs reads it)"),
        )
    });

    pub(super) fn model() -> Option<Arc<StaticModel>> {
        Some(Arc::clone(&MODEL))
    }
}

#[cfg(not(feature = "semantic"))]
mod shipped {
    pub(super) fn model() -> Option<std::sync::Arc<super::StaticModel>> {
        None
    }
}
