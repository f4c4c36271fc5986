//! The engine: validated content, its index, and the operations the interfaces expose.
//!
//! An `Engine` is immutable. Reloading content means building a new one and swapping it in, so
//! a search never sees half-loaded content and replicas need no shared state.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::catalog::Catalog;
use crate::diagnostic::Diagnostics;
use crate::error::{Error, Result};
use crate::index::CatalogIndex;
use crate::search::{self, SearchRequest, SearchResponse};
use crate::source::{ContentKind, Source, SourceFile};
use crate::synonyms::SynonymMap;

/// Facts about a loaded engine, for logs, `/metrics` and `check`.
#[derive(Debug, Clone, Serialize)]
pub struct EngineInfo {
    /// A hash of the content: changes whenever any page or table does.
    pub version: String,
    /// Number of pages.
    pub pages: usize,
    /// Number of synonym rules.
    pub synonym_rules: usize,
    /// Time to parse, validate and index the content.
    #[serde(serialize_with = "as_micros")]
    pub build_time: Duration,
    /// Where the content came from.
    pub catalog_source: String,
    /// Where the synonym tables came from.
    pub synonyms_source: String,
    /// When the engine was built.
    #[serde(serialize_with = "as_unix_seconds")]
    pub loaded_at: SystemTime,
}

fn as_unix_seconds<S: serde::Serializer>(
    t: &SystemTime,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_u64(t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()))
}

fn as_micros<S: serde::Serializer>(d: &Duration, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_micros() as u64)
}

/// Content, index, and the operations on them.
#[derive(Debug)]
pub struct Engine {
    catalog: Catalog,
    synonyms: SynonymMap,
    index: CatalogIndex,
    info: EngineInfo,
}

fn content_hash(files: &[SourceFile]) -> String {
    let mut hasher = DefaultHasher::new();
    for f in files {
        f.path.rsplit('/').next().hash(&mut hasher);
        f.text.hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

impl Engine {
    /// Loads, validates and indexes content. Fails with [`Error::InvalidContent`] (listing every
    /// problem) if any page or table has an error; the warnings come back with the engine.
    pub fn load(catalog: &Source, synonyms: &Source) -> Result<(Engine, Diagnostics)> {
        let started = Instant::now();
        let page_files = catalog.files(ContentKind::Catalog)?;
        let table_files = synonyms.files(ContentKind::Synonyms)?;
        let (pages, mut diagnostics) = Catalog::load(&page_files);
        let (tables, table_diagnostics) = SynonymMap::load(&table_files);
        diagnostics.extend(table_diagnostics);
        if diagnostics.has_errors() {
            return Err(Error::InvalidContent(diagnostics.sorted()));
        }
        let all: Vec<SourceFile> = page_files.into_iter().chain(table_files).collect();
        let mut engine = Engine::from_parts(pages, tables)?;
        engine.info.version = content_hash(&all);
        engine.info.catalog_source = catalog.describe();
        engine.info.synonyms_source = synonyms.describe();
        engine.info.build_time = started.elapsed();
        Ok((engine, diagnostics.sorted()))
    }

    /// The shipped content, embedded at build time.
    pub fn embedded() -> Result<Engine> {
        Engine::load(&Source::Embedded, &Source::Embedded).map(|(engine, _)| engine)
    }

    /// Indexes an already-loaded catalog and synonym map (tests, synthetic benchmarks).
    pub fn from_parts(catalog: Catalog, synonyms: SynonymMap) -> Result<Engine> {
        let started = Instant::now();
        let index = CatalogIndex::build(&catalog, &synonyms)?;
        let info = EngineInfo {
            version: String::from("unversioned"),
            pages: catalog.len(),
            synonym_rules: synonyms.rule_count(),
            build_time: started.elapsed(),
            catalog_source: String::from("memory"),
            synonyms_source: String::from("memory"),
            loaded_at: SystemTime::now(),
        };
        Ok(Engine {
            catalog,
            synonyms,
            index,
            info,
        })
    }

    /// Searches; fails only on parameters outside the accepted ranges.
    ///
    /// ```
    /// use condsearch::{Engine, search::SearchRequest};
    /// let engine = Engine::embedded().unwrap();
    /// let response = engine.search(&SearchRequest::new("fibromyalga")).unwrap();
    /// assert_eq!(response.hits[0].slug, "fibromyalgia");
    /// ```
    pub fn search(&self, request: &SearchRequest<'_>) -> Result<SearchResponse> {
        search::search(&self.index, &self.catalog, &self.synonyms, request)
    }

    /// The pages.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The index (for tools that inspect vocabulary or statistics).
    pub fn index(&self) -> &CatalogIndex {
        &self.index
    }

    /// Facts about this engine.
    pub fn info(&self) -> &EngineInfo {
        &self.info
    }
}
