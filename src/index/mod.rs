//! The searchable form of a catalog: the tantivy index plus the side tables the search needs.
//!
//! [`CatalogIndex::build`] takes validated content and returns a read-only value; a reload
//! builds a new one and swaps it in whole.

mod builder;
mod document;
mod schema;
mod terms;
mod vocabulary;

use std::collections::HashMap;

use tantivy::columnar::Column;
use tantivy::{DocAddress, ReloadPolicy, Searcher};

pub use document::{all_texts, field_texts, name_key, name_keys, names};
pub use schema::{FieldKind, Fields};
pub use terms::{NO_TERM, Name, TermId, TermStats, TermTable};
pub use vocabulary::{Correction, Vocabulary, Word};

use crate::analysis::analyzer;
use crate::catalog::Catalog;
use crate::error::Result;
use crate::icd;
use crate::synonyms::SynonymMap;

/// Pages listed under a key (a code), by catalog position.
pub type Postings = HashMap<String, Vec<u32>>;

/// A page a name key leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The page's catalog position.
    pub page: u32,
    /// The name as the page writes it.
    pub name: String,
    /// Whether the name is one of the page's search phrases (not its title or an alias).
    pub phrase: bool,
}

/// Pages named by a key.
pub type NamePostings = HashMap<String, Vec<Named>>;

/// The index of one catalog, ready to search.
pub struct CatalogIndex {
    searcher: Searcher,
    fields: Fields,
    ords: Vec<Column<u64>>,
    terms: TermTable,
    vocabulary: Vocabulary,
    names: NamePostings,
    codes: Postings,
    code_parents: Postings,
}

impl std::fmt::Debug for CatalogIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CatalogIndex")
            .field("pages", &self.terms.page_count())
            .field("terms", &self.terms.len())
            .field("vocabulary", &self.vocabulary)
            .finish()
    }
}

impl CatalogIndex {
    /// Indexes `catalog`, with `synonyms` contributing words for typo correction.
    pub fn build(catalog: &Catalog, synonyms: &SynonymMap) -> Result<CatalogIndex> {
        let (schema, fields) = Fields::schema();
        let index = builder::build_index(catalog, &fields, schema)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        let ords = searcher
            .segment_readers()
            .iter()
            .map(|s| s.fast_fields().u64(schema::ORD_FIELD))
            .collect::<tantivy::Result<Vec<_>>>()?;

        let terms = TermTable::build(catalog);
        // Streamed text by text: the vocabulary keeps unique words, never every token at once.
        let page_words = catalog
            .conditions()
            .iter()
            .flat_map(|page| {
                FieldKind::ALL
                    .into_iter()
                    .flat_map(move |kind| field_texts(page, kind))
            })
            .flat_map(|text| {
                analyzer()
                    .analyze(text)
                    .into_iter()
                    .map(|t| (t.raw, t.term, Some(t.upper)))
            });
        let table_words = synonyms
            .words()
            .iter()
            .map(|(raw, term)| (raw.clone(), term.clone(), None));
        let words = page_words.chain(table_words);
        // Words that name conditions rank above words every page's body uses (see `Word::popularity`).
        let vocabulary = Vocabulary::build(words, |term| {
            let stats = terms.stats(term);
            stats.df.max(1) + stats.naming_df * terms.page_count() as u32
        });

        let mut names = NamePostings::new();
        let mut codes = Postings::new();
        let mut code_parents = Postings::new();
        for (ord, page) in catalog.conditions().iter().enumerate() {
            let ord = ord as u32;
            for (key, name, phrase) in name_keys(page) {
                names.entry(key).or_default().push(Named {
                    page: ord,
                    name: name.to_string(),
                    phrase,
                });
            }
            for (system, code) in builder::page_codes(page) {
                for parent in icd::ancestors(system, &code) {
                    let pages = code_parents.entry(parent).or_default();
                    if !pages.contains(&ord) {
                        pages.push(ord);
                    }
                }
                codes.entry(code).or_default().push(ord);
            }
        }
        Ok(CatalogIndex {
            searcher,
            fields,
            ords,
            terms,
            vocabulary,
            names,
            codes,
            code_parents,
        })
    }

    /// The tantivy searcher (read-only, shared by all queries).
    pub fn searcher(&self) -> &Searcher {
        &self.searcher
    }

    /// The schema's field handles.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The catalog position of a tantivy hit.
    pub fn ord(&self, address: DocAddress) -> usize {
        self.ords[address.segment_ord as usize]
            .first(address.doc_id)
            .expect("every document has an ord") as usize
    }

    /// Per-page term sets and document frequencies.
    pub fn terms(&self) -> &TermTable {
        &self.terms
    }

    /// Known words, for correction and completion.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// Pages by exact name key.
    pub fn names(&self) -> &NamePostings {
        &self.names
    }

    /// Pages by normalized ICD code.
    pub fn codes(&self) -> &Postings {
        &self.codes
    }

    /// Pages by ancestor of one of their codes.
    pub fn code_parents(&self) -> &Postings {
        &self.code_parents
    }
}
