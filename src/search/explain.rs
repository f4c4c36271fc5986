//! Why a page matched: which query words, in which field, and how (as typed, through a synonym,
//! a typo correction, a prefix completion, a compound, a code).
//!
//! Explanations come from the plan and the per-page term sets, not from re-scoring, so they are
//! cheap enough for every hit of every query.

use serde::Serialize;

use super::plan::{Alternative, Plan, Target};
use crate::index::{CatalogIndex, FieldKind, NO_TERM, TermId};

/// How a query unit reached the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// The words as typed.
    Exact,
    /// The joined or split form of a compound (`post traumatic` → `posttraumatic`).
    Compound,
    /// A synonym rule.
    Synonym,
    /// A typo correction.
    Typo,
    /// A completion of the last, unfinished word.
    Prefix,
    /// One of the page's ICD codes.
    Code,
    /// A parent or child of one of the page's ICD codes.
    CodeFamily,
    /// Closeness in meaning (the sentence model), not shared words.
    Meaning,
}

/// Where on the page a match was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedIn {
    /// The whole query equals one of the page's names or search phrases.
    Name,
    /// The page's ICD codes.
    Code,
    /// The page's unit closest in meaning to the whole query.
    Meaning,
    /// A text field.
    #[serde(untagged)]
    Field(FieldKind),
}

impl MatchedIn {
    /// The name used in JSON and tables (`name`, `code`, `title`, `search_phrases`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedIn::Name => "name",
            MatchedIn::Code => "code",
            MatchedIn::Meaning => "meaning",
            MatchedIn::Field(kind) => kind.name(),
        }
    }
}

impl Via {
    /// The name used in JSON and tables (`exact`, `synonym`, `typo`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Exact => "exact",
            Via::Compound => "compound",
            Via::Synonym => "synonym",
            Via::Typo => "typo",
            Via::Prefix => "prefix",
            Via::Code => "code",
            Via::CodeFamily => "code_family",
            Via::Meaning => "meaning",
        }
    }
}

/// One reason a page matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Why {
    /// Where the match is.
    pub field: MatchedIn,
    /// The query words it explains, normalized.
    pub query_words: Vec<String>,
    /// How they matched.
    pub via: Via,
    /// What they matched as: the corrected word, the completion, the synonym entry, the code.
    pub matched: String,
    /// The synonym rule (`synonyms/lay.txt:12`), for `via: synonym`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// The best match of one unit on one page.
#[derive(Debug, Clone)]
pub(crate) struct UnitMatch {
    /// Index into `plan.units`.
    pub(crate) unit: usize,
    pub(crate) field: MatchedIn,
    pub(crate) via: Via,
    pub(crate) alternative: usize,
    /// How much the match says about the page, 0 to 1 (see `confidence`).
    pub(crate) strength: f32,
}

/// How much a match in a field says about a page. In a naming field this is the most it can
/// say: the match is worth that only when the query covers the whole name (see
/// [`NAME_PART_STRENGTH`]).
pub(crate) fn field_strength(field: MatchedIn) -> f32 {
    match field {
        MatchedIn::Name | MatchedIn::Code => 1.0,
        MatchedIn::Meaning => 0.0,
        MatchedIn::Field(kind) => match kind {
            FieldKind::Title | FieldKind::Aliases | FieldKind::SearchPhrases => 1.0,
            FieldKind::Summary => 0.6,
            FieldKind::Body => 0.4,
            FieldKind::Faq => 0.35,
            FieldKind::Differs => 0.1,
        },
    }
}

/// Strength of a naming-field match that covers none of the name beyond its own word; a match
/// covering the whole name (all its content words) is worth 1.0, in proportion between.
/// "low" in "Chronic Low Back Pain" names the page far less than "fibromyalgia" in
/// "Fibromyalgia".
pub(crate) const NAME_PART_STRENGTH: f32 = 0.4;

/// The largest share of the content words of one of the page's names holding `unit_terms`
/// that the query's `matched` terms cover, each word weighted by its specificity.
fn name_coverage(
    with_phrases: bool,
    index: &CatalogIndex,
    page: usize,
    unit_terms: &[TermId],
    matched: &[TermId],
) -> f32 {
    let terms = index.terms();
    let content = |id: TermId| terms.is_informative(id);
    terms
        .names(page)
        .iter()
        .filter(|name| with_phrases || !name.phrase)
        .filter(|name| {
            name.slots
                .iter()
                .flatten()
                .any(|id| unit_terms.contains(id))
        })
        .filter_map(|name| {
            // In a title or alias, words count by their specificity: covering "fatigue" of
            // "combat fatigue" names that page far less than covering "combat" would. A search
            // phrase is a person's sentence: each of its words counts the same.
            let (mut covered, mut total) = (0.0, 0.0);
            for slot in name.slots.iter().filter(|s| content(s[0])) {
                let weight = if name.phrase {
                    1.0
                } else {
                    terms.specificity(slot[0])
                };
                total += weight;
                if slot.iter().any(|id| *id != NO_TERM && matched.contains(id)) {
                    covered += weight;
                }
            }
            (total > 0.0).then(|| covered / total)
        })
        .fold(0.0, f32::max)
}

fn matches_on(index: &CatalogIndex, page: usize, alternative: &Alternative) -> Option<MatchedIn> {
    let key = &alternative.terms[0];
    let listed = |postings: &crate::index::Postings| {
        postings
            .get(key)
            .is_some_and(|p| p.contains(&(page as u32)))
    };
    match alternative.target {
        Target::Codes => listed(index.codes()).then_some(MatchedIn::Code),
        Target::CodeParents => listed(index.code_parents()).then_some(MatchedIn::Code),
        Target::Text => FieldKind::ALL
            .into_iter()
            .filter(|&kind| !(alternative.plain && kind == FieldKind::Aliases))
            .find(|&kind| index.terms().page_has_all(page, kind, &alternative.ids))
            .map(MatchedIn::Field),
    }
}

/// The best match of every unit of `plan` on `page`.
pub(crate) fn unit_matches(index: &CatalogIndex, plan: &Plan, page: usize) -> Vec<UnitMatch> {
    let mut out = Vec::new();
    for (u, unit) in plan.units.iter().enumerate() {
        if !unit.content {
            continue;
        }
        let best = unit
            .alternatives
            .iter()
            .enumerate()
            .filter_map(|(a, alt)| matches_on(index, page, alt).map(|field| (a, alt, field)))
            // The strongest field and weight; then the longer alternative (a whole synonym
            // phrase in a name, "chronic migraine", says more than one word of it, "cgrp");
            // then the first.
            .max_by(|(ia, a, fa), (ib, b, fb)| {
                (field_strength(*fa) * a.weight)
                    .total_cmp(&(field_strength(*fb) * b.weight))
                    .then(a.terms.len().cmp(&b.terms.len()))
                    .then(ib.cmp(ia))
            });
        if let Some((a, alt, field)) = best {
            out.push(UnitMatch {
                unit: u,
                field,
                via: alt.via,
                alternative: a,
                strength: field_strength(field),
            });
        }
    }
    // A naming-field match is worth as much as the query covers of the name it is in.
    let ids = |m: &UnitMatch| alternative_ids(plan, m).collect::<Vec<_>>();
    let matched = matched_terms(plan, &out);
    for m in &mut out {
        if matches!(m.field, MatchedIn::Field(kind) if kind.is_naming()) {
            let coverage = name_coverage(plan.search_phrases, index, page, &ids(m), &matched);
            m.strength = NAME_PART_STRENGTH + (1.0 - NAME_PART_STRENGTH) * coverage;
        }
    }
    out
}

fn alternative_ids<'p>(plan: &'p Plan, m: &UnitMatch) -> impl Iterator<Item = TermId> + 'p {
    plan.units[m.unit].alternatives[m.alternative]
        .ids
        .iter()
        .flatten()
        .copied()
}

/// The term ids of every alternative that matched.
pub(crate) fn matched_terms(plan: &Plan, matches: &[UnitMatch]) -> Vec<TermId> {
    matches
        .iter()
        .flat_map(|m| alternative_ids(plan, m))
        .collect()
}

/// The share of the query's content units that the page matches anywhere but in "How it
/// differs" (which describes other conditions); 1 for a query with no content units, which
/// nothing can cover. A page matching four of a lay description's five symptoms is more likely
/// meant than one matching a single word of it, however well placed that word is.
pub(crate) fn units_covered(plan: &Plan, matches: &[UnitMatch]) -> f32 {
    let content = plan.units.iter().filter(|u| u.content).count();
    if content == 0 {
        return 1.0;
    }
    let covered = matches
        .iter()
        .filter(|m| m.field != MatchedIn::Field(FieldKind::Differs))
        .count();
    covered as f32 / content as f32
}

/// The largest share of one of the page's names that the matched terms cover.
pub(crate) fn page_name_coverage(
    plan: &Plan,
    index: &CatalogIndex,
    page: usize,
    matched: &[TermId],
) -> f32 {
    name_coverage(plan.search_phrases, index, page, matched, matched)
}

/// The whole query (on some path) as one of the page's names: the name as the page writes it,
/// and how the query reached it.
pub(crate) fn exact_name(index: &CatalogIndex, plan: &Plan, page: usize) -> Option<(String, Via)> {
    plan.paths.iter().filter(|p| !p.plain).find_map(|p| {
        let named = index.names().get(&p.terms.join(" "))?;
        named
            .iter()
            .find(|n| n.page as usize == page && (plan.search_phrases || !n.phrase))
            .map(|n| (n.name.clone(), p.via))
    })
}

/// The reasons to show for a hit.
pub(crate) fn reasons(
    plan: &Plan,
    matches: &[UnitMatch],
    exact: Option<(String, Via)>,
) -> Vec<Why> {
    let mut why = Vec::new();
    if let Some((name, via)) = exact {
        why.push(Why {
            field: MatchedIn::Name,
            query_words: plan.words.iter().map(|w| w.raw.clone()).collect(),
            via,
            matched: name,
            rule: None,
        });
    }
    for m in matches {
        let unit = &plan.units[m.unit];
        let alternative = &unit.alternatives[m.alternative];
        why.push(Why {
            field: m.field,
            query_words: plan.unit_words(unit),
            via: m.via,
            matched: alternative.shown.clone(),
            rule: alternative.rule.clone(),
        });
    }
    why
}
