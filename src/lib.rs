//! `condsearch`: matches what people type to the right clinical condition page.
//!
//! A ketamine-therapy clinic publishes one page per condition it treats. This library loads
//! those pages (Markdown with TOML front matter) and synonym tables (Solr format), validates
//! them, indexes them with tantivy, and answers free-text queries with ranked pages, each with a
//! confidence, a snippet and the reasons it matched. It has no HTTP and no terminal code: the
//! `condsearch` binary (CLI and `serve`) is a thin layer over it.
//!
//! ```
//! use condsearch::{Engine, search::SearchRequest};
//!
//! let engine = Engine::embedded()?; // the pages and tables built into the binary
//! let response = engine.search(&SearchRequest::new("reflex sympathetic dystrophy"))?;
//! assert_eq!(response.hits[0].slug, "complex-regional-pain-syndrome");
//! # Ok::<(), condsearch::error::Error>(())
//! ```
//!
//! # Layout
//! - [`analysis`]: the one analyzer for pages and queries (Unicode folding, hyphens and
//!   apostrophes, stemming) and the stop and intent word lists.
//! - [`source`]: where content comes from (embedded, or a folder).
//! - [`catalog`]: condition pages: parsing, typed sections, validation.
//! - [`synonyms`]: synonym tables: parsing and the multi-word synonym map.
//! - [`diagnostic`]: located content problems (`file:line:col: error: ...`).
//! - [`icd`]: ICD-10 / ICD-11 code shapes and comparison.
//! - [`index`]: the tantivy index and the side tables search needs (term sets, vocabulary).
//! - [`search`]: query planning, ranking, confidence, explanations, snippets, crisis detection.
//! - [`engine`]: content + index behind one immutable value; what the interfaces call.
//! - [`semantic`]: a sentence-embedding model and the page vectors it gives.
//! - [`suggest`]: as-you-type suggestions for the search box.
//! - `server` (feature `server`, on by default): the HTTP service, a thin axum layer.
//! - [`selftest`]: every search phrase and alias must find its own page.
//! - [`coverage`]: which page answers each phrase of a keyword list (marketing).
//! - [`eval`]: IR metrics over labeled queries, TREC files, run comparison.
//! - [`html`]: HTML escaping, for snippets and reports.
//! - [`learn`]: logistic regression, which fits the fusion model.
//! - [`error`]: the error type.

pub mod analysis;
pub mod catalog;
pub mod coverage;
pub mod diagnostic;
pub mod engine;
pub mod error;
pub mod eval;
pub mod html;
pub mod icd;
pub mod index;
pub mod learn;
pub mod search;
pub mod selftest;
pub mod semantic;
#[cfg(feature = "server")]
pub mod server;
pub mod source;
pub mod suggest;
pub mod synonyms;

pub use engine::Engine;
