//! From a [`Plan`] to a tantivy query: per-field weights, DisjunctionMax across fields and
//! alternatives, and phrase, proximity, exact-name and code clauses on top.
//!
//! Score of a page = Σ over units of max over (field, alternative) of
//! `BM25 × field weight × alternative weight` (plus a share of the other matches), plus the
//! boosts for the whole query appearing as a phrase, near together, or as one of the page's
//! names. Terms that occur in most pages' field are left out of that field entirely.

use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, EmptyQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::limits::{
    CODE_BOOST, CODE_FAMILY_BOOST, EXACT_NAME_BOOST, FIELD_TIE_BREAKER, INTENT_WEIGHT,
    MAX_PHRASE_TERMS, PHRASE_BOOST, PHRASE_SLOP, PROXIMITY_BOOST, PROXIMITY_SLOP, UBIQUITOUS_SHARE,
    UBIQUITY_MIN_PAGES, field_weight,
};
use super::plan::{Alternative, Plan, Target, Unit};
use super::{Features, Via};
use crate::index::{CatalogIndex, FieldKind};

/// Where an analyzed alternative is searched, and with what weight.
fn text_fields(index: &CatalogIndex, features: &Features) -> Vec<(Field, Option<FieldKind>, f32)> {
    if !features.field_weights {
        return vec![(index.fields().all_text, None, 1.0)];
    }
    FieldKind::ALL
        .into_iter()
        .filter(|k| features.search_phrases || *k != FieldKind::SearchPhrases)
        .map(|k| (index.fields().text(k), Some(k), field_weight(k)))
        .collect()
}

/// Whether `term` is in so many pages' `kind` field that it cannot tell them apart, or in none.
fn useless_in(index: &CatalogIndex, term: &str, kind: Option<FieldKind>) -> bool {
    let stats = index.terms().stats(term);
    let pages = index.terms().page_count();
    let df = match kind {
        Some(kind) => stats.field_df[kind.index()],
        None => return stats.df == 0,
    };
    df == 0 || (pages >= UBIQUITY_MIN_PAGES && df as f32 >= UBIQUITOUS_SHARE * pages as f32)
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, boost))
}

fn term_query(field: Field, text: &str, record: IndexRecordOption) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, text), record))
}

fn phrase_query(field: Field, terms: &[String], slop: u32) -> Box<dyn Query> {
    let terms: Vec<(usize, Term)> = terms
        .iter()
        .enumerate()
        .map(|(i, t)| (i, Term::from_field_text(field, t)))
        .collect();
    Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
}

/// The clauses of one alternative in one text field, if it can match there.
fn alternative_in_field(
    index: &CatalogIndex,
    alternative: &Alternative,
    (field, kind, weight): (Field, Option<FieldKind>, f32),
) -> Option<Box<dyn Query>> {
    let terms = &alternative.terms;
    if alternative.plain && kind == Some(FieldKind::Aliases) {
        return None;
    }
    let boost = weight * alternative.weight;
    if terms.len() == 1 {
        if useless_in(index, &terms[0], kind) {
            return None;
        }
        return Some(boosted(
            term_query(field, &terms[0], IndexRecordOption::WithFreqs),
            boost,
        ));
    }
    // A phrase can only match where all its words occur; it is useless only if all are.
    let stats = |t: &String| index.terms().stats(t);
    let missing = terms.iter().any(|t| match kind {
        Some(k) => stats(t).field_df[k.index()] == 0,
        None => stats(t).df == 0,
    });
    if missing || terms.iter().all(|t| useless_in(index, t, kind)) {
        return None;
    }
    Some(boosted(phrase_query(field, terms, 0), boost))
}

fn unit_query(index: &CatalogIndex, unit: &Unit, features: &Features) -> Option<Box<dyn Query>> {
    let fields = index.fields();
    let mut disjuncts: Vec<Box<dyn Query>> = Vec::new();
    for alternative in &unit.alternatives {
        match alternative.target {
            Target::Text => {
                for field in text_fields(index, features) {
                    disjuncts.extend(alternative_in_field(index, alternative, field));
                }
            }
            Target::Codes | Target::CodeParents if features.field_weights => {
                let (field, boost) = match (alternative.target, alternative.via) {
                    (Target::Codes, Via::Code) => (fields.codes, CODE_BOOST),
                    (Target::Codes, _) => (fields.codes, CODE_FAMILY_BOOST),
                    _ => (fields.code_parents, CODE_FAMILY_BOOST),
                };
                disjuncts.push(boosted(
                    term_query(field, &alternative.terms[0], IndexRecordOption::Basic),
                    boost,
                ));
            }
            Target::Codes | Target::CodeParents => {}
        }
    }
    (!disjuncts.is_empty()).then(|| {
        Box::new(DisjunctionMaxQuery::with_tie_breaker(
            disjuncts,
            FIELD_TIE_BREAKER,
        )) as Box<dyn Query>
    })
}

/// Phrase, proximity and exact-name clauses for the whole query.
fn whole_query_clauses(
    index: &CatalogIndex,
    plan: &Plan,
    features: &Features,
) -> Vec<Box<dyn Query>> {
    let mut clauses = Vec::new();
    if !features.field_weights {
        return clauses;
    }
    let content_words = plan.words.iter().filter(|w| w.is_content()).count();
    for (nth, path) in plan.paths.iter().enumerate() {
        let key = path.terms.join(" ");
        let plain = path.plain;
        let path = &path.terms;
        let named = index
            .names()
            .get(&key)
            .is_some_and(|pages| pages.iter().any(|n| features.search_phrases || !n.phrase));
        if !plain && named {
            clauses.push(boosted(
                term_query(index.fields().names, &key, IndexRecordOption::Basic),
                EXACT_NAME_BOOST,
            ));
        }
        // A longer query is a sentence, not a name: it matches as a whole (exact name) or by
        // its words, and phrase scoring would cost more than it tells.
        if !(2..=MAX_PHRASE_TERMS).contains(&path.len()) || content_words == 0 {
            continue;
        }
        for kind in FieldKind::ALL {
            if !features.search_phrases && kind == FieldKind::SearchPhrases {
                continue;
            }
            let (slop, boost) = if kind.is_naming() {
                (PHRASE_SLOP, PHRASE_BOOST)
            } else if nth == 0 && matches!(kind, FieldKind::Summary | FieldKind::Body) {
                (PROXIMITY_SLOP, PROXIMITY_BOOST)
            } else {
                continue;
            };
            let present = path
                .iter()
                .all(|t| index.terms().stats(t).field_df[kind.index()] > 0);
            if present {
                clauses.push(boosted(
                    phrase_query(index.fields().text(kind), path, slop),
                    boost * field_weight(kind),
                ));
            }
        }
    }
    clauses
}

/// The tantivy query for `plan`.
pub(crate) fn build(index: &CatalogIndex, plan: &Plan, features: &Features) -> Box<dyn Query> {
    let mut clauses: Vec<Box<dyn Query>> = plan
        .units
        .iter()
        .filter(|u| u.content)
        .filter_map(|u| unit_query(index, u, features))
        .collect();
    // Intent words say what the person wants, and a page's own phrases sometimes say it too
    // ("antidepressants not working"): they count a little, in the naming fields only.
    if features.field_weights {
        let intent_units = plan
            .units
            .iter()
            .filter(|u| !u.content && plan.words[u.words.clone()].iter().any(|w| w.intent));
        let naming_fields: Vec<FieldKind> = FieldKind::ALL
            .into_iter()
            .filter(|k| {
                k.is_naming() && (features.search_phrases || *k != FieldKind::SearchPhrases)
            })
            .collect();
        for unit in intent_units {
            let disjuncts: Vec<Box<dyn Query>> = unit
                .alternatives
                .iter()
                .flat_map(|a| naming_fields.iter().map(move |&k| (a, k)))
                .filter_map(|(a, kind)| {
                    let field = (
                        index.fields().text(kind),
                        Some(kind),
                        field_weight(kind) * INTENT_WEIGHT,
                    );
                    alternative_in_field(index, a, field)
                })
                .collect();
            if !disjuncts.is_empty() {
                clauses.push(Box::new(DisjunctionMaxQuery::with_tie_breaker(
                    disjuncts,
                    FIELD_TIE_BREAKER,
                )));
            }
        }
    }
    clauses.extend(whole_query_clauses(index, plan, features));
    if clauses.is_empty() {
        return Box::new(EmptyQuery);
    }
    Box::new(BooleanQuery::new(
        clauses.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}
