//! The engine: validated content, its index, and the operations the interfaces expose.
//!
//! An `Engine` is immutable. Reloading content means building a new one and swapping it in, so
//! a search never sees half-loaded content and replicas need no shared state.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::catalog::Catalog;
use crate::diagnostic::Diagnostics;
use crate::error::{Error, Result};
use crate::index::CatalogIndex;
use crate::search::fusion::FusionModel;
use crate::search::{self, SearchRequest, SearchResponse};
use crate::semantic::{self, Embedder, SemanticIndex};
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
    /// The sentence model that gives queries and pages their meaning; `None` when the search
    /// is lexical only.
    pub semantic_model: Option<String>,
    /// Page units embedded by that model.
    pub semantic_units: usize,
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

/// A sentence model, the catalog's page vectors under it, and the weights that fuse it with
/// the words.
#[derive(Debug)]
pub struct Semantic {
    /// The model; queries are embedded with it.
    pub model: Arc<dyn Embedder>,
    /// The pages' units, embedded with it.
    pub index: SemanticIndex,
    /// How meaning is weighed against words.
    pub fusion: Arc<FusionModel>,
}

/// How an engine reads meaning: which sentence model, if any, and which fusion weights. Kept
/// apart from the content so that a reload builds the new engine the way the old one was built.
#[derive(Debug, Clone)]
pub struct Ranking {
    /// The sentence model; `None` for lexical search only.
    pub model: Option<Arc<dyn Embedder>>,
    /// The fusion weights.
    pub fusion: Arc<FusionModel>,
}

impl Default for Ranking {
    /// The model and weights built into the binary.
    fn default() -> Ranking {
        Ranking {
            model: semantic::shipped().map(|m| m as Arc<dyn Embedder>),
            fusion: search::fusion::shipped(),
        }
    }
}

impl Ranking {
    /// No sentence model: the words alone.
    pub fn lexical() -> Ranking {
        Ranking {
            model: None,
            ..Ranking::default()
        }
    }
}

/// Content, index, and the operations on them.
#[derive(Debug)]
pub struct Engine {
    catalog: Catalog,
    synonyms: SynonymMap,
    index: CatalogIndex,
    semantic: Option<Semantic>,
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
        Engine::load_with(catalog, synonyms, Ranking::default())
    }

    /// [`Engine::load`] with another sentence model or none, or other fusion weights.
    pub fn load_with(
        catalog: &Source,
        synonyms: &Source,
        ranking: Ranking,
    ) -> Result<(Engine, Diagnostics)> {
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
        let mut engine = Engine::from_parts_with(pages, tables, ranking)?;
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
        Engine::from_parts_with(catalog, synonyms, Ranking::default())
    }

    /// [`Engine::from_parts`] with another ranking.
    pub fn from_parts_with(
        catalog: Catalog,
        synonyms: SynonymMap,
        ranking: Ranking,
    ) -> Result<Engine> {
        let started = Instant::now();
        let index = CatalogIndex::build(&catalog, &synonyms)?;
        let semantic = ranking.model.map(|model| Semantic {
            index: SemanticIndex::build(&catalog, model.as_ref()),
            model,
            fusion: ranking.fusion,
        });
        let info = EngineInfo {
            version: String::from("unversioned"),
            pages: catalog.len(),
            synonym_rules: synonyms.rule_count(),
            build_time: started.elapsed(),
            catalog_source: String::from("memory"),
            synonyms_source: String::from("memory"),
            loaded_at: SystemTime::now(),
            semantic_model: semantic.as_ref().map(|s| s.model.name().to_string()),
            semantic_units: semantic.as_ref().map_or(0, |s| s.index.len()),
        };
        Ok(Engine {
            catalog,
            synonyms,
            index,
            semantic,
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
        search::search(
            &self.index,
            &self.catalog,
            &self.synonyms,
            self.semantic.as_ref(),
            request,
        )
    }

    /// The pages.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The index (for tools that inspect vocabulary or statistics).
    pub fn index(&self) -> &CatalogIndex {
        &self.index
    }

    /// The pages the fusion model would weigh for `query`, with what it would weigh (see
    /// [`search::fusion`]); `None` when the query names a page or the engine has no sentence
    /// model. What `condsearch calibrate` fits on.
    pub fn fusion_candidates(
        &self,
        query: &str,
    ) -> Result<Option<Vec<(String, search::fusion::Evidence)>>> {
        search::fusion_candidates(
            &self.index,
            &self.catalog,
            &self.synonyms,
            self.semantic.as_ref(),
            query,
        )
    }

    /// Every page by closeness in meaning alone, closest first, with its similarity: the
    /// sentence model as a plain dense retriever, for comparison with the engine. `None`
    /// without a sentence model.
    pub fn pages_by_meaning(&self, query: &str) -> Option<Vec<(String, f32)>> {
        let semantic = self.semantic.as_ref()?;
        let meanings = semantic.index.pages(&semantic.model.embed(query), &[]);
        let mut pages: Vec<(String, f32)> = self
            .catalog
            .conditions()
            .iter()
            .zip(meanings)
            .map(|(page, m)| (page.slug.clone(), m.similarity))
            .collect();
        pages.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Some(pages)
    }

    /// How this engine reads meaning, to build another one the same way (a reload).
    pub fn ranking(&self) -> Ranking {
        match &self.semantic {
            Some(s) => Ranking {
                model: Some(Arc::clone(&s.model)),
                fusion: Arc::clone(&s.fusion),
            },
            None => Ranking::lexical(),
        }
    }

    /// The sentence model and page vectors, if the engine has them.
    pub fn semantic(&self) -> Option<&Semantic> {
        self.semantic.as_ref()
    }

    /// Facts about this engine.
    pub fn info(&self) -> &EngineInfo {
        &self.info
    }
}
