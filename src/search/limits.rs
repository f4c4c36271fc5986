//! Every tuning knob of the search, in one place, each with the reason for its value.
//!
//! The values were tuned on the `tune` split of `benches/queries/` and checked on the held-out
//! split (see BENCHMARKS.md); change one only with `condsearch eval` before and after.

use crate::index::FieldKind;

/// Longest query, in words, that is planned; the rest is ignored. Real queries are far shorter,
/// and the bound keeps a pasted paragraph from costing more than a query should.
pub const MAX_QUERY_WORDS: usize = 32;

/// Longest query accepted, in characters, by every interface.
pub const MAX_QUERY_CHARS: usize = 256;

/// Most hits a search returns.
pub const MAX_LIMIT: usize = 50;

/// Hits returned when the caller does not say.
pub const DEFAULT_LIMIT: usize = 10;

/// Relative weight of a match in each field. Names say the most about a page, the "How it
/// differs" section the least (it is about other conditions).
pub fn field_weight(kind: FieldKind) -> f32 {
    match kind {
        FieldKind::Title => 5.0,
        FieldKind::Aliases => 4.0,
        FieldKind::SearchPhrases => 3.5,
        FieldKind::Summary => 2.0,
        FieldKind::Body => 1.0,
        FieldKind::Faq => 0.8,
        FieldKind::Differs => 0.25,
    }
}

/// Weight of an intent word ("meds", "not working") in the naming fields, relative to a
/// condition word: enough to prefer the page whose phrases say the same, never enough to rank
/// a page on intent alone.
pub const INTENT_WEIGHT: f32 = 0.3;

/// Share of the best field's score that each other matching field adds (DisMax tie-breaker):
/// a word in the title and the body beats one in the title only, but not by much.
pub const FIELD_TIE_BREAKER: f32 = 0.2;

/// A term in at least this share of pages' field is ignored in that field: it cannot tell
/// pages apart ("ketamine", "treatment" in the body).
pub const UBIQUITOUS_SHARE: f32 = 0.7;

/// Below this many pages the share above is meaningless (every word of a 3-page test catalog
/// would be ubiquitous), so nothing is treated as ubiquitous.
pub const UBIQUITY_MIN_PAGES: usize = 8;

/// Weight of a synonym relative to the words typed.
pub const SYNONYM_WEIGHT: f32 = 0.9;

/// Weight of a prefix completion of the last word relative to a whole word.
pub const PREFIX_WEIGHT: f32 = 0.75;

/// Weight of a completion when the last word is already a known word ("pain" → "painkiller"):
/// the person has probably finished typing it.
pub const PREFIX_WEIGHT_AFTER_WORD: f32 = 0.3;

/// Weight of a typo correction by edit distance (index = distance). Low enough that a page
/// matching the word as typed always outranks one matching a correction.
pub const TYPO_WEIGHT: [f32; 3] = [1.0, 0.6, 0.4];

/// Weight of the joined or split form of a compound (`post traumatic` ↔ `posttraumatic`).
pub const COMPOUND_WEIGHT: f32 = 1.0;

/// Words up to this many characters get no typo tolerance: too many real words are one edit
/// apart ("pain", "paid").
pub const MAX_LEN_NO_TYPO: usize = 4;

/// Words up to this many characters get one typo; longer ones two.
pub const MAX_LEN_ONE_TYPO: usize = 8;

/// Most corrections kept for one word.
pub const MAX_TYPO_CANDIDATES: usize = 3;

/// Shortest last word completed as a prefix.
pub const MIN_PREFIX_CHARS: usize = 3;

/// Most completions of the last word.
pub const MAX_PREFIX_EXPANSIONS: usize = 12;

/// Most whole-query paths through the synonym graph turned into phrase and exact-name clauses.
pub const MAX_PATHS: usize = 8;

/// Longest path (in terms) matched as a phrase or by proximity.
pub const MAX_PHRASE_TERMS: usize = 6;

/// Boost of a whole-query phrase match in a naming field, on top of the word matches.
pub const PHRASE_BOOST: f32 = 1.5;

/// Words that may come between or around the phrase's words in a naming field.
pub const PHRASE_SLOP: u32 = 1;

/// Boost of a whole-query proximity match in the summary and body.
pub const PROXIMITY_BOOST: f32 = 0.5;

/// Words that may separate the query's words for a proximity match.
pub const PROXIMITY_SLOP: u32 = 3;

/// Boost of a query that equals one of the page's names or search phrases.
pub const EXACT_NAME_BOOST: f32 = 20.0;

/// Boost of a query code equal to one of the page's codes.
pub const CODE_BOOST: f32 = 20.0;

/// Boost of a query code that is a parent or child of one of the page's codes.
pub const CODE_FAMILY_BOOST: f32 = 12.0;

/// How much a page gains for being *named* by the query: its score is multiplied by
/// `1 + NAME_COVERAGE_BOOST × c`, where `c` is the largest share of one of its names (title,
/// alias, search phrase) that the query covers. "depression" covers all of "ketamine for
/// depression" (a phrase of the depression page) but half of "Bipolar Depression".
pub const NAME_COVERAGE_BOOST: f32 = 0.5;

/// Coordination: a page's score is multiplied by `u ^ COORDINATION_EXPONENT`, where `u` is the
/// share of the query's content units it matches outside "How it differs". Long lay
/// descriptions ("foot swollen purple and hurts to touch") then favour the page with most of
/// the symptoms over one whose search phrase holds a single of their words ("foot"). The square
/// root keeps a page that misses one word of a short query close to one that has all. Tuned on
/// the `tune` split and the diagnostic set (0.5 beat 0, 1 and 2 on both).
pub const COORDINATION_EXPONENT: f32 = 0.5;

/// How much a page the query names (its own confidence is high: the query is one of its
/// names, one of its codes, or covers a name with little left over) gains over pages it only
/// describes: "peripheral neu" names Peripheral Neuropathy, which then outranks Neuropathic
/// Pain even where the latter's aliases score more words. Tuned on the `tune` split (1.5 to 3
/// all help; 2 helps most); large values would rank on confidence alone.
pub const NAMED_BOOST: f32 = 2.0;

/// Pages re-ranked by name coverage, at least: enough that a page named by the query but
/// scored lower by BM25 can still reach the top.
pub const RERANK_DEPTH: usize = 20;

/// Extra hits fetched beyond the limit so that ties at the cut are broken by slug, not by
/// document order.
pub const TIE_SLACK: usize = 5;

/// Longest snippet, in characters, before it is cut around the first match.
pub const SNIPPET_MAX_CHARS: usize = 220;

/// Smallest similarity (cosine, sentence model) at which a hit's `why` names its closest unit
/// in meaning: below it the closest unit is not close, and showing it would mislead.
pub const MEANING_SHOWN: f32 = 0.4;

/// Longest sentence shown as the closest in meaning, in words; longer ones are cut with "…".
pub const MEANING_SHOWN_WORDS: usize = 16;

/// Smallest similarity (strsim normalized Damerau-Levenshtein) for a `did_you_mean` word.
pub const DID_YOU_MEAN_MIN_SIMILARITY: f64 = 0.6;

/// Shortest typed word for which `did_you_mean` may offer an acronym: a three-letter word is
/// one edit from too many acronyms ("bad" → "gad"), while a transposed four-letter one ("ptds")
/// is worth offering. Acronyms are still never corrected in the search itself.
pub const MIN_LEN_ACRONYM_SUGGESTION: usize = 4;
