//! Per-page term sets and per-field document frequencies.
//!
//! tantivy ranks; these answer the questions ranking does not: *which* field of a hit holds a
//! query term (for explanations and confidence), and whether a term is in so many pages that it
//! says nothing about any of them ("ketamine", "treatment").

use std::collections::HashMap;

use super::document::{field_texts, names};
use super::schema::FieldKind;
use crate::analysis::analyzer;
use crate::catalog::Catalog;

const FIELDS: usize = FieldKind::ALL.len();

/// Identifies a term in the [`TermTable`].
pub type TermId = u32;

/// The sorted term ids of each text of one field of one page.
type FieldPassages = Box<[Box<[TermId]>]>;

/// In how many pages a term occurs, per field and overall.
#[derive(Debug, Clone, Copy, Default)]
pub struct TermStats {
    /// Pages whose field holds the term, indexed by [`FieldKind::index`].
    pub field_df: [u32; FIELDS],
    /// Pages holding the term in any field.
    pub df: u32,
    /// Pages holding the term in a naming field (title, aliases, search phrases): whether the
    /// word is one people use to name a condition, not only to describe one.
    pub naming_df: u32,
}

/// Marks an empty second term of a [`Name`] slot.
pub const NO_TERM: TermId = TermId::MAX;

/// One name of a page (title, alias, search phrase) as word slots: each slot holds the word's
/// term and, for a part of a hyphenated compound, the compound's term, so a query covering
/// "posttraumatic" covers both "post" and "traumatic".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// `[word term, compound term or NO_TERM]` per word.
    pub slots: Box<[[TermId; 2]]>,
    /// Whether the name is a search phrase (not the title or an alias).
    pub phrase: bool,
}

/// Every term of the catalog, with its statistics, and every page's terms per field.
#[derive(Debug, Default)]
pub struct TermTable {
    ids: HashMap<String, TermId>,
    texts: Vec<String>,
    informative: Vec<bool>,
    /// `ln(1 + pages / df)` per term: how much a word says about the pages holding it.
    specificity: Vec<f32>,
    stats: Vec<TermStats>,
    /// `pages[page][field]`: the page's term ids in that field, sorted.
    pages: Vec<[Box<[TermId]>; FIELDS]>,
    /// `passages[page][field][i]`: the term ids of the field's `i`-th text (as
    /// [`field_texts`] gives them), sorted: the snippet picks its passage from these.
    passages: Vec<[FieldPassages; FIELDS]>,
    /// `names[page]`: the page's names as slots.
    names: Vec<Box<[Name]>>,
}

impl TermTable {
    /// Analyzes every page of `catalog` (in catalog order).
    pub fn build(catalog: &Catalog) -> TermTable {
        let mut table = TermTable::default();
        let mut scratch: Vec<TermId> = Vec::new();
        for page in catalog.conditions() {
            let mut per_field: [Box<[TermId]>; FIELDS] = Default::default();
            let mut per_passage: [FieldPassages; FIELDS] = Default::default();
            for kind in FieldKind::ALL {
                let mut passages: Vec<Box<[TermId]>> = Vec::new();
                for text in field_texts(page, kind) {
                    scratch.clear();
                    analyzer().analyze_with(text, |t| scratch.push(table.intern(t.term)));
                    scratch.sort_unstable();
                    scratch.dedup();
                    passages.push(scratch.clone().into_boxed_slice());
                }
                let mut all: Vec<TermId> =
                    passages.iter().flat_map(|p| p.iter().copied()).collect();
                all.sort_unstable();
                all.dedup();
                per_field[kind.index()] = all.into_boxed_slice();
                per_passage[kind.index()] = passages.into_boxed_slice();
            }
            table.passages.push(per_passage);
            let mut any: Vec<TermId> = per_field.iter().flat_map(|f| f.iter().copied()).collect();
            any.sort_unstable();
            any.dedup();
            for id in any {
                table.stats[id as usize].df += 1;
            }
            for kind in FieldKind::ALL {
                for &id in per_field[kind.index()].iter() {
                    table.stats[id as usize].field_df[kind.index()] += 1;
                }
            }
            let mut naming: Vec<TermId> = FieldKind::ALL
                .into_iter()
                .filter(|k| k.is_naming())
                .flat_map(|k| per_field[k.index()].iter().copied())
                .collect();
            naming.sort_unstable();
            naming.dedup();
            for id in naming {
                table.stats[id as usize].naming_df += 1;
            }
            table.pages.push(per_field);
            let page_names: Vec<Name> = names(page)
                .into_iter()
                .map(|(n, phrase)| table.name(n, phrase))
                .collect();
            table.names.push(page_names.into_boxed_slice());
        }
        let pages = table.pages.len().max(1) as f32;
        table.specificity = table
            .stats
            .iter()
            .map(|s| (1.0 + pages / s.df.max(1) as f32).ln())
            .collect();
        table
    }

    fn name(&mut self, text: &str, phrase: bool) -> Name {
        let mut slots: Vec<[TermId; 2]> = Vec::new();
        let mut starts: Vec<usize> = Vec::new();
        for token in crate::analysis::analyzer().analyze(text) {
            let id = self.intern(token.term);
            if token.compound {
                for (slot, start) in slots.iter_mut().zip(&starts) {
                    if *start >= token.offset_from {
                        slot[1] = id;
                    }
                }
            } else {
                slots.push([id, NO_TERM]);
                starts.push(token.offset_from);
            }
        }
        Name {
            slots: slots.into_boxed_slice(),
            phrase,
        }
    }

    fn intern(&mut self, term: String) -> TermId {
        if let Some(&id) = self.ids.get(&term) {
            return id;
        }
        let id = self.stats.len() as TermId;
        self.stats.push(TermStats::default());
        self.informative
            .push(crate::analysis::query_words().is_informative(&term));
        self.texts.push(term.clone());
        self.ids.insert(term, id);
        id
    }

    /// The text of a term id.
    pub fn text(&self, id: TermId) -> &str {
        &self.texts[id as usize]
    }

    /// Whether the term can say which condition a text is about (see
    /// [`QueryWords::is_informative`](crate::analysis::QueryWords::is_informative)).
    pub fn is_informative(&self, id: TermId) -> bool {
        self.informative[id as usize]
    }

    /// How much a term says about the pages holding it: `ln(1 + pages / document frequency)`,
    /// high for "trigeminal", low for "pain".
    pub fn specificity(&self, id: TermId) -> f32 {
        self.specificity[id as usize]
    }

    /// The names of page `page` (catalog position).
    pub fn names(&self, page: usize) -> &[Name] {
        &self.names[page]
    }

    /// The id of `term`, if any page uses it.
    pub fn id(&self, term: &str) -> Option<TermId> {
        self.ids.get(term).copied()
    }

    /// The statistics of `term`; zero when no page uses it.
    pub fn stats(&self, term: &str) -> TermStats {
        self.id(term)
            .map(|id| self.stats[id as usize])
            .unwrap_or_default()
    }

    /// Whether field `kind` of page `page` (catalog position) holds every one of `terms`
    /// (ids from [`TermTable::id`]; `None`, a term no page has, is never held).
    pub fn page_has_all(&self, page: usize, kind: FieldKind, terms: &[Option<TermId>]) -> bool {
        let field = &self.pages[page][kind.index()];
        !terms.is_empty()
            && terms
                .iter()
                .all(|id| id.is_some_and(|id| field.binary_search(&id).is_ok()))
    }

    /// The term ids of each text of field `kind` of page `page`, in [`field_texts`] order.
    pub fn passages(&self, page: usize, kind: FieldKind) -> &[Box<[TermId]>] {
        &self.passages[page][kind.index()]
    }

    /// Number of pages analyzed.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Number of distinct terms.
    pub fn len(&self) -> usize {
        self.stats.len()
    }

    /// Whether no page had any term.
    pub fn is_empty(&self) -> bool {
        self.stats.is_empty()
    }
}
