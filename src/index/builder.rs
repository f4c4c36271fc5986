//! Catalog → tantivy index, in RAM.
//!
//! The index is derived data: it is rebuilt from the content at every start and reload (the
//! whole catalog takes milliseconds), never written to disk, and never changed once built, so
//! any number of identical replicas can serve it.

use tantivy::{Index, IndexWriter, TantivyDocument};

use super::document::{all_texts, field_texts, name_keys};
use super::schema::{FieldKind, Fields};
use crate::analysis::{ANALYZER_NAME, analyzer};
use crate::catalog::Catalog;
use crate::error::Result;
use crate::icd::{self, CodeSystem};

/// Indexing memory per writer thread; tantivy's minimum, ample for the catalog.
const WRITER_HEAP_BYTES: usize = 15_000_000;

/// Catalogs up to this size are indexed on one thread: faster than starting more.
const SINGLE_THREAD_MAX_PAGES: usize = 2_000;

/// Every normalized code of a page, with its system.
pub(crate) fn page_codes(page: &crate::catalog::Condition) -> Vec<(CodeSystem, String)> {
    page.icd10
        .iter()
        .map(|c| (CodeSystem::Icd10, icd::normalize(c)))
        .chain(
            page.icd11
                .iter()
                .map(|c| (CodeSystem::Icd11, icd::normalize(c))),
        )
        .collect()
}

/// Builds the tantivy index of `catalog`; document `ord` is the page's catalog position.
pub(crate) fn build_index(
    catalog: &Catalog,
    fields: &Fields,
    schema: tantivy::schema::Schema,
) -> Result<Index> {
    let index = Index::create_in_ram(schema);
    index
        .tokenizers()
        .register(ANALYZER_NAME, analyzer().text_analyzer());
    let threads = if catalog.len() <= SINGLE_THREAD_MAX_PAGES {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
    };
    let mut writer: IndexWriter =
        index.writer_with_num_threads(threads, WRITER_HEAP_BYTES * threads)?;
    for (ord, page) in catalog.conditions().iter().enumerate() {
        let mut doc = TantivyDocument::default();
        for kind in FieldKind::ALL {
            for text in field_texts(page, kind) {
                doc.add_text(fields.text(kind), text);
            }
        }
        for text in all_texts(page) {
            doc.add_text(fields.all_text, text);
        }
        for (key, _, _) in name_keys(page) {
            doc.add_text(fields.names, key);
        }
        for (system, code) in page_codes(page) {
            for parent in icd::ancestors(system, &code) {
                doc.add_text(fields.code_parents, parent);
            }
            doc.add_text(fields.codes, code);
        }
        doc.add_u64(fields.ord, ord as u64);
        writer.add_document(doc)?;
    }
    writer.commit()?;
    Ok(index)
}
