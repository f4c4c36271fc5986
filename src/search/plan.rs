//! Query planning: from what was typed to the units a page is matched on.
//!
//! A query is cut into words by the one analyzer, then grouped into *units*, each with the
//! alternatives that count as a match for it:
//! - a code (`G90.5`): the page's own code, or a parent or child of it;
//! - a span matched by a synonym rule, longest first (`complex regional pain syndrome` ↔
//!   `crps`), as phrases: the graph-aware expansion, so multi-word synonyms stay phrases;
//! - a hyphenated or split compound (`post-traumatic`, `post traumatic` ↔ `posttraumatic`);
//! - a single word: as typed, its typo corrections when the catalog does not know it, and its
//!   completions when it is the last word and still being typed.
//!
//! The plan also lists whole-query *paths* (the words with each unit replaced by one of its
//! alternatives) for phrase and exact-name matching.

use std::ops::Range;

use super::limits::{
    COMPOUND_WEIGHT, MAX_PATHS, MAX_QUERY_WORDS, MAX_TYPO_CANDIDATES, PREFIX_WEIGHT,
    PREFIX_WEIGHT_AFTER_WORD, SYNONYM_WEIGHT, TYPO_WEIGHT,
};
use super::{Features, Via, prefix, typo};
use crate::analysis::{analyzer, query_words};
use crate::icd;
use crate::index::{CatalogIndex, TermId};
use crate::synonyms::SynonymMap;

/// One word of the query.
#[derive(Debug, Clone)]
pub(crate) struct QueryWord {
    /// Normalized, unstemmed.
    pub(crate) raw: String,
    /// Stemmed.
    pub(crate) term: String,
    /// A function word.
    pub(crate) stop: bool,
    /// An intent word ("ketamine", "treatment").
    pub(crate) intent: bool,
    /// The catalog or the synonym tables know it.
    pub(crate) known: bool,
    /// Typed in lowercase, and the catalog uses it both as an acronym and as an everyday word
    /// ("sad", "SAD"): it is read as the everyday word.
    pub(crate) plain: bool,
    /// Corrections searched instead, closest first: (word, term, distance).
    pub(crate) corrections: Vec<(String, String, u8)>,
    /// An acronym: typed in capitals, or one the catalog uses as an acronym and not read as an
    /// everyday word ("ptsd", not "sad").
    pub(crate) acronym: bool,
}

impl QueryWord {
    /// Whether the word can say which condition the query is about.
    pub(crate) fn is_content(&self) -> bool {
        !self.stop && !self.intent
    }

    /// The term the word stands for: as typed, or its best correction.
    fn resolved(&self) -> &str {
        match self.corrections.first() {
            Some((_, term, _)) if !self.known => term,
            _ => &self.term,
        }
    }

    fn resolved_raw(&self) -> &str {
        match self.corrections.first() {
            Some((raw, _, _)) if !self.known => raw,
            _ => &self.raw,
        }
    }
}

/// Which index field an alternative is looked up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// The analyzed text fields.
    Text,
    /// The pages' own codes.
    Codes,
    /// The ancestors of the pages' codes.
    CodeParents,
}

/// One way a unit can match.
#[derive(Debug, Clone)]
pub(crate) struct Alternative {
    /// Terms, matched as a phrase when more than one.
    pub(crate) terms: Vec<String>,
    /// Where the alternative came from.
    pub(crate) via: Via,
    /// Weight relative to the words as typed.
    pub(crate) weight: f32,
    /// What to show for it ("fibromyalgia" for a correction, the synonym entry as written).
    pub(crate) shown: String,
    /// `path:line` of the synonym rule.
    pub(crate) rule: Option<String>,
    /// Where to look it up.
    pub(crate) target: Target,
    /// An everyday word that is also an acronym alias: not matched against aliases or names.
    pub(crate) plain: bool,
    /// The terms' ids in the index (`None` for a term no page has), resolved once per query.
    pub(crate) ids: Vec<Option<TermId>>,
}

/// A group of query words matched as one.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    /// The query words it covers.
    pub(crate) words: Range<usize>,
    /// Ways it matches.
    pub(crate) alternatives: Vec<Alternative>,
    /// Whether it says which condition the query is about (not only stop or intent words).
    pub(crate) content: bool,
    /// Whether any alternative exists in the catalog at all.
    pub(crate) known: bool,
    /// Whether any alternative is a word some page is named by (title, alias, search phrase):
    /// a topic word, whose absence from a page counts against it more than a filler word's.
    pub(crate) topical: bool,
    /// A finished word of five letters or more that nothing in the catalog knows, even with a
    /// correction ("gambling", "endometriosis"): likely the topic of a query about something
    /// the site does not cover.
    pub(crate) foreign: bool,
}

/// A planned query.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    pub(crate) words: Vec<QueryWord>,
    pub(crate) units: Vec<Unit>,
    /// Whole-query term sequences for phrase and exact-name matching, the query as typed first.
    pub(crate) paths: Vec<Path>,
    /// Whether the pages' search phrases count as names (off only in the ablation study).
    pub(crate) search_phrases: bool,
    /// The query ends inside a word the catalog does not know: a word still being typed ("phantom
    /// li", "complex regi"), as opposed to a finished one.
    pub(crate) typing_last_word: bool,
}

/// The whole query with each unit replaced by one of its alternatives.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Path {
    pub(crate) terms: Vec<String>,
    /// The least direct way any unit was replaced (a typo over a synonym over the words typed).
    pub(crate) via: Via,
    /// Holds an everyday word that is also an acronym alias: not an exact name.
    pub(crate) plain: bool,
}

/// Orders ways of matching from most to least direct, for a path's overall `via`.
fn indirectness(via: Via) -> u8 {
    match via {
        Via::Exact | Via::Code => 0,
        Via::Compound => 1,
        Via::CodeFamily => 2,
        Via::Synonym => 3,
        Via::Prefix => 4,
        Via::Typo => 5,
        Via::Meaning => 6,
    }
}

impl Plan {
    /// The query words a unit covers, as normalized text.
    pub(crate) fn unit_words(&self, unit: &Unit) -> Vec<String> {
        self.words[unit.words.clone()]
            .iter()
            .map(|w| w.raw.clone())
            .collect()
    }
}

/// Plans `query` against `index` and `synonyms`.
pub(crate) fn plan(
    query: &str,
    index: &CatalogIndex,
    synonyms: &SynonymMap,
    features: &Features,
) -> Plan {
    let tokens = analyzer().analyze(query);
    let mut word_tokens: Vec<&crate::analysis::Token> =
        tokens.iter().filter(|t| !t.compound).collect();
    word_tokens.truncate(MAX_QUERY_WORDS);
    let open_last = features.prefix && prefix::last_word_open(query);
    let vocabulary = index.vocabulary();
    let words: Vec<QueryWord> = word_tokens
        .iter()
        .map(|t| {
            let stop = query_words().is_stop(&t.raw);
            let intent = query_words().is_intent(&t.term);
            let word = vocabulary.get(&t.raw);
            let known = word.is_some() || index.terms().id(&t.term).is_some();
            let plain = !t.upper && word.is_some_and(|w| w.acronym && w.plain);
            let acronym = t.upper || (!plain && word.is_some_and(|w| w.acronym));
            let corrections = if features.typos
                && !known
                && !stop
                && !icd::looks_like_code(&t.raw)
                && typo::correctable(&t.raw, t.upper, vocabulary)
            {
                typo::corrections(&t.raw, vocabulary, MAX_TYPO_CANDIDATES)
                    .into_iter()
                    .map(|c| (c.word.raw.clone(), c.word.term.clone(), c.distance))
                    .collect()
            } else {
                Vec::new()
            };
            QueryWord {
                raw: t.raw.clone(),
                term: t.term.clone(),
                stop,
                intent,
                known,
                plain,
                corrections,
                acronym,
            }
        })
        .collect();
    // Compounds typed with a hyphen, as ranges of word indices.
    let compounds: Vec<(Range<usize>, String)> = tokens
        .iter()
        .filter(|t| t.compound)
        .filter_map(|c| {
            let inside: Vec<usize> = word_tokens
                .iter()
                .enumerate()
                .filter(|(_, w)| w.offset_from >= c.offset_from && w.offset_to <= c.offset_to)
                .map(|(i, _)| i)
                .collect();
            Some((*inside.first()?..*inside.last()? + 1, c.term.clone()))
        })
        .collect();

    let planner = Planner {
        index,
        synonyms,
        features,
        words: &words,
        open_last,
    };
    let mut units = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let unit = planner
            .code_unit(i)
            .or_else(|| planner.synonym_unit(i))
            .or_else(|| planner.compound_unit(i, &compounds))
            .or_else(|| planner.joined_unit(i))
            .unwrap_or_else(|| planner.word_unit(i));
        i = unit.words.end;
        units.push(unit);
    }
    for alternative in units.iter_mut().flat_map(|u| u.alternatives.iter_mut()) {
        alternative.ids = alternative
            .terms
            .iter()
            .map(|t| index.terms().id(t))
            .collect();
    }
    let paths = planner.paths(&units);
    let typing_last_word = open_last
        && words.last().is_some_and(|w| {
            !w.known
                && (w.raw.chars().count() < super::limits::MIN_PREFIX_CHARS
                    || units
                        .last()
                        .is_some_and(|u| u.alternatives.iter().any(|a| a.via == Via::Prefix)))
        });
    Plan {
        words,
        units,
        paths,
        search_phrases: features.search_phrases,
        typing_last_word,
    }
}

struct Planner<'a> {
    index: &'a CatalogIndex,
    synonyms: &'a SynonymMap,
    features: &'a Features,
    words: &'a [QueryWord],
    open_last: bool,
}

impl Planner<'_> {
    fn is_open(&self, i: usize) -> bool {
        self.open_last && i + 1 == self.words.len()
    }

    fn unit(&self, words: Range<usize>, alternatives: Vec<Alternative>) -> Unit {
        // A synonym can give meaning to words that have none alone ("for years" => "chronic").
        let content = self.words[words.clone()].iter().any(QueryWord::is_content)
            || alternatives.iter().any(|a| {
                a.via == Via::Synonym
                    && a.terms
                        .iter()
                        .any(|t| !query_words().is_intent(t) && !query_words().is_stop_term(t))
            });
        let terms = self.index.terms();
        let known = alternatives.iter().any(|a| match a.target {
            Target::Text => a.terms.iter().all(|t| terms.id(t).is_some()),
            Target::Codes | Target::CodeParents => true,
        });
        let topical = alternatives.iter().any(|a| match a.target {
            Target::Text => a.terms.iter().any(|t| {
                terms.stats(t).naming_df > 0
                    && !query_words().is_stop_term(t)
                    && !query_words().is_intent(t)
            }),
            Target::Codes | Target::CodeParents => true,
        });
        let foreign = content
            && !known
            && !self.is_open(words.end - 1)
            && self.words[words.clone()]
                .iter()
                .all(|w| w.raw.chars().count() >= 5);
        Unit {
            words,
            alternatives,
            content,
            known,
            topical,
            foreign,
        }
    }

    fn alternative(terms: Vec<String>, via: Via, weight: f32, shown: String) -> Alternative {
        Alternative {
            terms,
            via,
            weight,
            shown,
            rule: None,
            target: Target::Text,
            plain: false,
            ids: Vec::new(),
        }
    }

    /// A word shaped like an ICD code that the catalog has, or has a relative of.
    fn code_unit(&self, i: usize) -> Option<Unit> {
        let raw = &self.words[i].raw;
        if !icd::looks_like_code(raw) {
            return None;
        }
        let code = |terms: &str, via: Via, target: Target| Alternative {
            terms: vec![terms.to_string()],
            via,
            weight: 1.0,
            shown: terms.to_uppercase(),
            rule: None,
            target,
            plain: false,
            ids: Vec::new(),
        };
        let mut alternatives = Vec::new();
        if self.index.codes().contains_key(raw) {
            alternatives.push(code(raw, Via::Code, Target::Codes));
        }
        if self.index.code_parents().contains_key(raw) {
            alternatives.push(code(raw, Via::CodeFamily, Target::CodeParents));
        }
        if alternatives.is_empty() {
            // A more specific code than any page lists: its nearest listed ancestor.
            let ancestor = (3..raw.len())
                .rev()
                .map(|len| &raw[..len])
                .find(|a| self.index.codes().contains_key(*a))?;
            alternatives.push(code(ancestor, Via::CodeFamily, Target::Codes));
        }
        let mut unit = self.unit(i..i + 1, alternatives);
        unit.content = true;
        Some(unit)
    }

    /// The longest span starting at `i` that a synonym rule mentions.
    fn synonym_unit(&self, i: usize) -> Option<Unit> {
        if !self.features.synonyms {
            return None;
        }
        let longest = self.synonyms.max_key_len().min(self.words.len() - i);
        (1..=longest).rev().find_map(|len| {
            let span = i..i + len;
            let key: Vec<String> = self.words[span.clone()]
                .iter()
                .map(|w| w.resolved().to_string())
                .collect();
            let expansion = self.synonyms.lookup(&key)?;
            let mut alternatives = if expansion.keep_original {
                self.span_alternatives(span.clone())
            } else {
                Vec::new()
            };
            alternatives.extend(expansion.alternatives.iter().map(|a| Alternative {
                terms: a.terms.clone(),
                via: Via::Synonym,
                weight: SYNONYM_WEIGHT,
                shown: a.text.clone(),
                rule: Some(a.origin.clone()),
                target: Target::Text,
                plain: false,
                ids: Vec::new(),
            }));
            Some(self.unit(span, alternatives))
        })
    }

    /// The words of a span as typed (or corrected): one word's alternatives, or one phrase.
    fn span_alternatives(&self, span: Range<usize>) -> Vec<Alternative> {
        if span.len() == 1 {
            return self.word_alternatives(span.start);
        }
        let words = &self.words[span];
        let typos = words
            .iter()
            .filter(|w| !w.known && !w.corrections.is_empty())
            .map(|w| w.corrections[0].2 as usize)
            .max();
        let (via, weight) = match typos {
            Some(d) => (Via::Typo, TYPO_WEIGHT[d.min(2)]),
            None => (Via::Exact, 1.0),
        };
        let shown = words
            .iter()
            .map(QueryWord::resolved_raw)
            .collect::<Vec<_>>()
            .join(" ");
        vec![Self::alternative(
            words.iter().map(|w| w.resolved().to_string()).collect(),
            via,
            weight,
            shown,
        )]
    }

    /// A compound the query typed with a hyphen that the catalog also knows joined: its parts
    /// as a phrase, or joined. An unknown compound ("ketamine-assisted") is left to its parts.
    fn compound_unit(&self, i: usize, compounds: &[(Range<usize>, String)]) -> Option<Unit> {
        let (range, joined) = compounds.iter().find(|(r, _)| r.start == i)?;
        self.index.terms().id(joined)?;
        let parts = &self.words[range.clone()];
        let phrase: Vec<String> = parts.iter().map(|w| w.term.clone()).collect();
        let shown = parts.iter().map(|w| w.raw.as_str()).collect::<Vec<_>>();
        Some(self.unit(
            range.clone(),
            vec![
                Self::alternative(phrase, Via::Exact, 1.0, shown.join(" ")),
                Self::alternative(
                    vec![joined.clone()],
                    Via::Compound,
                    COMPOUND_WEIGHT,
                    shown.concat(),
                ),
            ],
        ))
    }

    /// Two words the catalog writes as one (`post traumatic` → `posttraumatic`).
    fn joined_unit(&self, i: usize) -> Option<Unit> {
        let (a, b) = (self.words.get(i)?, self.words.get(i + 1)?);
        if a.stop || b.stop {
            return None;
        }
        let joined = self
            .index
            .vocabulary()
            .get(&format!("{}{}", a.raw, b.raw))?;
        Some(self.unit(
            i..i + 2,
            vec![
                Self::alternative(
                    vec![a.term.clone(), b.term.clone()],
                    Via::Exact,
                    1.0,
                    format!("{} {}", a.raw, b.raw),
                ),
                Self::alternative(
                    vec![joined.term.clone()],
                    Via::Compound,
                    COMPOUND_WEIGHT,
                    joined.raw.clone(),
                ),
            ],
        ))
    }

    fn word_unit(&self, i: usize) -> Unit {
        self.unit(i..i + 1, self.word_alternatives(i))
    }

    /// A single word: as typed, corrected, completed, or split into two known words.
    fn word_alternatives(&self, i: usize) -> Vec<Alternative> {
        let word = &self.words[i];
        let mut exact =
            Self::alternative(vec![word.term.clone()], Via::Exact, 1.0, word.raw.clone());
        exact.plain = word.plain;
        let mut alternatives = vec![exact];
        let vocabulary = self.index.vocabulary();
        let completions = if self.is_open(i) && !word.stop {
            prefix::completions(&word.raw, vocabulary)
        } else {
            Vec::new()
        };
        for completion in &completions {
            if completion.term != word.term
                && !alternatives.iter().any(|a| a.terms[0] == completion.term)
            {
                alternatives.push(Self::alternative(
                    vec![completion.term.clone()],
                    Via::Prefix,
                    if word.known {
                        PREFIX_WEIGHT_AFTER_WORD
                    } else {
                        PREFIX_WEIGHT
                    },
                    completion.raw.clone(),
                ));
            }
        }
        // A word still being typed is a prefix, not a typo, when it completes to something.
        if completions.is_empty() {
            for (raw, term, distance) in &word.corrections {
                alternatives.push(Self::alternative(
                    vec![term.clone()],
                    Via::Typo,
                    TYPO_WEIGHT[(*distance as usize).min(2)],
                    raw.clone(),
                ));
            }
        }
        if !word.known && word.corrections.is_empty() && completions.is_empty() {
            alternatives.extend(self.split(word));
        }
        alternatives
    }

    /// An unknown word that is two known words run together (`backpain`).
    fn split(&self, word: &QueryWord) -> Option<Alternative> {
        const MIN_PART: usize = 3;
        let vocabulary = self.index.vocabulary();
        word.raw
            .char_indices()
            .map(|(at, _)| at)
            .filter(|&at| at >= MIN_PART && word.raw.len() - at >= MIN_PART)
            .find_map(|at| {
                let (a, b) = word.raw.split_at(at);
                let (a, b) = (vocabulary.get(a)?, vocabulary.get(b)?);
                if query_words().is_stop(&a.raw) || query_words().is_stop(&b.raw) {
                    return None;
                }
                Some(Self::alternative(
                    vec![a.term.clone(), b.term.clone()],
                    Via::Compound,
                    COMPOUND_WEIGHT,
                    format!("{} {}", a.raw, b.raw),
                ))
            })
    }

    /// Whole-query term sequences: each unit replaced by one of its alternatives.
    fn paths(&self, units: &[Unit]) -> Vec<Path> {
        let mut paths: Vec<Path> = vec![Path {
            terms: Vec::new(),
            via: Via::Exact,
            plain: false,
        }];
        for unit in units {
            let mut options: Vec<&Alternative> = Vec::new();
            let primary = unit
                .alternatives
                .iter()
                .find(|a| a.via == Via::Exact && self.index.terms().id(&a.terms[0]).is_some())
                .or_else(|| unit.alternatives.iter().find(|a| a.via == Via::Typo))
                .or_else(|| unit.alternatives.iter().find(|a| a.via == Via::Prefix))
                .or_else(|| unit.alternatives.first());
            options.extend(primary);
            for a in &unit.alternatives {
                if matches!(
                    a.via,
                    Via::Synonym | Via::Compound | Via::Code | Via::CodeFamily
                ) && !options.iter().any(|o| o.terms == a.terms)
                {
                    options.push(a);
                }
            }
            let mut next = Vec::new();
            for path in &paths {
                for option in &options {
                    if next.len() == MAX_PATHS {
                        break;
                    }
                    let mut terms = path.terms.clone();
                    terms.extend(option.terms.iter().cloned());
                    let via = if indirectness(option.via) > indirectness(path.via) {
                        option.via
                    } else {
                        path.via
                    };
                    next.push(Path {
                        terms,
                        via,
                        plain: path.plain || option.plain,
                    });
                }
            }
            paths = next;
        }
        paths.retain(|p| !p.terms.is_empty());
        paths
    }
}
