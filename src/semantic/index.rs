//! Page vectors: every unit of every page, embedded once when the engine is built, and the
//! query's closest unit on each page.
//!
//! A catalog of up to [`EXACT_PAGES`] pages is scanned whole for every query (the shipped one
//! has 25: a few tens of microseconds). A larger one is scanned in two steps, so that a query's
//! cost grows with the number of pages, not of units: every page's centroid (the normalized
//! mean of its units) picks the [`CENTROID_CANDIDATES`] closest pages, and only their units and
//! those of the pages the caller already holds (the lexical hits) are scanned.

use super::rows::dot;
use super::units::{Unit, UnitKind, page_units};
use super::{Embedder, QuantizedRows};
use crate::catalog::Catalog;

/// The embedded units of a catalog.
#[derive(Debug, Clone)]
pub struct SemanticIndex {
    units: Vec<Unit>,
    /// One row per unit, of unit length (or zero).
    vectors: QuantizedRows,
    /// The sentences of the passages and summaries, embedded too: what an explanation quotes.
    /// Each is a unit and a byte range of its text.
    sentences: Vec<(usize, std::ops::Range<usize>)>,
    sentence_vectors: QuantizedRows,
    /// Each unit's sentences, a range of `sentences` (empty for names and questions).
    unit_sentences: Vec<std::ops::Range<usize>>,
    dims: usize,
    pages: usize,
    /// Each page's units, a range of `units` (units are listed page by page).
    page_units: Vec<std::ops::Range<usize>>,
    /// `pages × dims`: each page's centroid, for catalogs too large to scan whole.
    centroids: Vec<f32>,
}

/// Largest catalog whose units are all scanned for every query.
pub const EXACT_PAGES: usize = 200;

/// Pages a larger catalog scans by centroid, beside the pages the caller holds.
pub const CENTROID_CANDIDATES: usize = 50;

/// How close the query's meaning comes to one page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageMeaning {
    /// Cosine similarity of the query and the page's closest unit, -1 to 1.
    pub similarity: f32,
    /// That unit, an index into [`SemanticIndex::unit`].
    pub unit: usize,
    /// The closest of the page's names (title, aliases, search phrases).
    pub names: f32,
    /// The closest of the page's text (summary, questions, passages).
    pub text: f32,
}

impl SemanticIndex {
    /// Embeds every unit of every page with `model`.
    pub fn build(catalog: &Catalog, model: &dyn Embedder) -> SemanticIndex {
        let units: Vec<Unit> = catalog
            .conditions()
            .iter()
            .enumerate()
            .flat_map(|(ord, page)| page_units(page, ord as u32))
            .collect();
        let texts: Vec<&str> = units.iter().map(|u| u.text.as_str()).collect();
        let dims = model.dims();
        let mut sentences = Vec::new();
        let unit_sentences = units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let start = sentences.len();
                if matches!(u.kind, UnitKind::Passage | UnitKind::Summary) {
                    sentences.extend(sentence_ranges(&u.text).map(|r| (i, r)));
                }
                start..sentences.len()
            })
            .collect();
        let sentence_refs: Vec<&str> = sentences
            .iter()
            .map(|(u, r): &(usize, std::ops::Range<usize>)| &units[*u].text[r.clone()])
            .collect();
        let sentence_vectors = embed_quantized(model, &sentence_refs, |_, _| {});
        let mut page_units = vec![0..0; catalog.len()];
        for (i, unit) in units.iter().enumerate() {
            let range = &mut page_units[unit.page as usize];
            if range.start == range.end {
                *range = i..i;
            }
            range.end = i + 1;
        }
        let mut centroids = vec![0.0; catalog.len() * dims];
        let vectors = embed_quantized(model, &texts, |i, row| {
            let page = units[i].page as usize;
            let centroid = &mut centroids[page * dims..(page + 1) * dims];
            centroid.iter_mut().zip(row).for_each(|(c, x)| *c += x);
        });
        centroids
            .chunks_exact_mut(dims.max(1))
            .for_each(super::normalize_in_place);
        SemanticIndex {
            units,
            vectors,
            sentences,
            sentence_vectors,
            unit_sentences,
            dims,
            pages: catalog.len(),
            page_units,
            centroids,
        }
    }

    /// What to quote of unit `i` as closest to `query`: the unit itself, or for a passage or
    /// summary its sentence closest to the query.
    pub fn closest_sentence(&self, i: usize, query: &[f32]) -> Option<&str> {
        let unit = self.units.get(i)?;
        let range = self.unit_sentences[i].clone();
        if range.is_empty() || query.len() != self.dims {
            return Some(&unit.text);
        }
        let closeness = |s: usize| self.sentence_vectors.dot(s, query);
        range
            .max_by(|&a, &b| closeness(a).total_cmp(&closeness(b)))
            .map(|s| &unit.text[self.sentences[s].1.clone()])
    }

    /// Every page's closest unit to `query` (a vector from the same model), by catalog
    /// position. In a catalog larger than [`EXACT_PAGES`] only the pages in `held` and the
    /// [`CENTROID_CANDIDATES`] closest by centroid are scanned; the others keep similarity -1.
    pub fn pages(&self, query: &[f32], held: &[usize]) -> Vec<PageMeaning> {
        let mut best = vec![
            PageMeaning {
                similarity: -1.0,
                unit: usize::MAX,
                names: -1.0,
                text: -1.0,
            };
            self.pages
        ];
        if query.len() != self.dims {
            return best;
        }
        if self.pages <= EXACT_PAGES {
            (0..self.pages).for_each(|page| self.scan(page, query, &mut best));
            return best;
        }
        let mut by_centroid: Vec<(f32, usize)> = self
            .centroids
            .chunks_exact(self.dims)
            .map(|c| dot(query, c))
            .zip(0..)
            .collect();
        let k = CENTROID_CANDIDATES.min(by_centroid.len());
        by_centroid.select_nth_unstable_by(k.saturating_sub(1), |a, b| b.0.total_cmp(&a.0));
        let mut scanned = vec![false; self.pages];
        let pages = by_centroid[..k]
            .iter()
            .map(|&(_, p)| p)
            .chain(held.iter().copied());
        for page in pages {
            if page < self.pages && !std::mem::replace(&mut scanned[page], true) {
                self.scan(page, query, &mut best);
            }
        }
        best
    }

    /// Scans one page's units into `best`.
    fn scan(&self, page: usize, query: &[f32], best: &mut [PageMeaning]) {
        let meaning = &mut best[page];
        for i in self.page_units[page].clone() {
            let similarity = self.vectors.dot(i, query);
            if similarity > meaning.similarity {
                meaning.similarity = similarity;
                meaning.unit = i;
            }
            let part = if self.units[i].kind.is_name() {
                &mut meaning.names
            } else {
                &mut meaning.text
            };
            *part = part.max(similarity);
        }
    }

    /// One unit.
    pub fn unit(&self, i: usize) -> Option<&Unit> {
        self.units.get(i)
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Whether no page had anything to embed.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }
}

/// Texts embedded a batch at a time and stored quantized, so that no more than a batch of
/// `f32` vectors exists at once; `each` sees every vector (by text index) before it is packed.
fn embed_quantized(
    model: &dyn Embedder,
    texts: &[&str],
    mut each: impl FnMut(usize, &[f32]),
) -> QuantizedRows {
    const BATCH: usize = 1024;
    let mut rows = QuantizedRows::empty(model.dims());
    for (b, batch) in texts.chunks(BATCH).enumerate() {
        for (i, vector) in model.embed_many(batch).iter().enumerate() {
            each(b * BATCH + i, vector);
            rows.push(vector);
        }
    }
    rows
}

/// The byte ranges of a passage's sentences: cut after `.`, `?` or `!`, trimmed.
fn sentence_ranges(passage: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    passage
        .split_inclusive(['.', '?', '!'])
        .scan(0, |at, piece| {
            let start = *at + (piece.len() - piece.trim_start().len());
            *at += piece.len();
            Some(start..start + piece.trim().len())
        })
        .filter(|r| !r.is_empty())
}
