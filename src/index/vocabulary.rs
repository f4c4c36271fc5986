//! The words of the catalog and synonym tables, as people write them (normalized, unstemmed).
//!
//! Typo correction and as-you-type completion work on words, not stems: a suggestion must read
//! as a word ("fibromyalgia", not "fibromyalgia" stemmed), and a half-typed word is a prefix of
//! the word, not always of its stem. The words sit in an FST, searched with tantivy's
//! Levenshtein automaton (the one [`tantivy::query::FuzzyTermQuery`] uses) for corrections, and
//! by range for completions.

use std::collections::BTreeMap;

use tantivy::Term;
use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy_fst::{IntoStreamer, Map, Streamer};

/// A known word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The normalized word (`fibromyalgia`).
    pub raw: String,
    /// Its indexed term (the stem).
    pub term: String,
    /// How much the term is used, ranking competing corrections and completions: pages that
    /// name a condition with it come first, then pages that use it at all ("pian" is "pain", a
    /// word of titles, before "plan", a word of every page's body).
    pub popularity: u32,
    /// Written in capitals in the content (`CRPS`): an acronym, never a correction target
    /// for a longer word nor corrected itself.
    pub acronym: bool,
    /// Also written in lowercase in the content: an acronym that is an everyday word too
    /// ("SAD" and "sad") when `acronym` is set.
    pub plain: bool,
}

/// The FST of known words.
pub struct Vocabulary {
    fst: Map<Vec<u8>>,
    words: Vec<Word>,
}

impl std::fmt::Debug for Vocabulary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vocabulary")
            .field("words", &self.words.len())
            .finish()
    }
}

/// A word found near a typed word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction<'a> {
    /// The known word.
    pub word: &'a Word,
    /// Edits from the typed word (a transposition counts one).
    pub distance: u8,
}

impl Vocabulary {
    /// Builds the vocabulary from `(raw, term, case)` triples, where case is whether the word
    /// was written in capitals (`None` when the source does not say, as in synonym tables);
    /// `popularity` ranks a term (see [`Word::popularity`]).
    pub fn build(
        words: impl IntoIterator<Item = (String, String, Option<bool>)>,
        popularity: impl Fn(&str) -> u32,
    ) -> Vocabulary {
        let mut unique: BTreeMap<String, (String, bool, bool)> = BTreeMap::new();
        for (raw, term, upper) in words {
            let entry = unique.entry(raw).or_insert((term, false, false));
            entry.1 |= upper == Some(true);
            entry.2 |= upper == Some(false);
        }
        let words: Vec<Word> = unique
            .into_iter()
            .map(|(raw, (term, acronym, plain))| Word {
                popularity: popularity(&term),
                acronym: acronym && raw.chars().count() <= 6,
                plain,
                raw,
                term,
            })
            .collect();
        let fst = Map::from_iter(
            words
                .iter()
                .enumerate()
                .map(|(i, w)| (w.raw.as_bytes(), i as u64)),
        )
        .expect("keys are unique and sorted (BTreeMap order)");
        Vocabulary { fst, words }
    }

    /// The word `raw`, if known.
    pub fn get(&self, raw: &str) -> Option<&Word> {
        self.fst.get(raw).map(|i| &self.words[i as usize])
    }

    /// Known words within `max_distance` edits of `raw` (transpositions cost one), closest and
    /// most used first, without `raw` itself.
    pub fn corrections(&self, raw: &str, max_distance: u8) -> Vec<Correction<'_>> {
        if max_distance == 0 {
            return Vec::new();
        }
        // The field is irrelevant: only the automaton is used, over this FST.
        let query = FuzzyTermQuery::new(
            Term::from_field_text(Field::from_field_id(0), raw),
            max_distance,
            true,
        );
        let Ok(automaton) = query.automaton() else {
            return Vec::new();
        };
        let mut stream = self.fst.search(automaton).into_stream();
        let mut found = Vec::new();
        while let Some((key, index)) = stream.next() {
            if key != raw.as_bytes() {
                let word = &self.words[index as usize];
                let distance = strsim::osa_distance(raw, &word.raw) as u8;
                found.push(Correction { word, distance });
            }
        }
        found.sort_by(|a, b| {
            (
                a.distance,
                std::cmp::Reverse(a.word.popularity),
                &a.word.raw,
            )
                .cmp(&(
                    b.distance,
                    std::cmp::Reverse(b.word.popularity),
                    &b.word.raw,
                ))
        });
        found
    }

    /// Known words that start with `prefix`, most used first, at most `limit`.
    pub fn completions(&self, prefix: &str, limit: usize) -> Vec<&Word> {
        let mut stream = self.fst.range().ge(prefix).into_stream();
        let mut found: Vec<&Word> = Vec::new();
        while let Some((key, index)) = stream.next() {
            if !key.starts_with(prefix.as_bytes()) {
                break;
            }
            found.push(&self.words[index as usize]);
        }
        found.sort_by(|a, b| {
            (std::cmp::Reverse(a.popularity), a.raw.len(), &a.raw).cmp(&(
                std::cmp::Reverse(b.popularity),
                b.raw.len(),
                &b.raw,
            ))
        });
        found.truncate(limit);
        found
    }

    /// Every known word, in byte order.
    pub fn words(&self) -> &[Word] {
        &self.words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(words: &[&str]) -> Vocabulary {
        Vocabulary::build(
            words
                .iter()
                .map(|w| (w.to_string(), w.to_string(), Some(false))),
            |_| 1,
        )
    }

    #[test]
    fn corrections_allow_transpositions() {
        let v = vocab(&["neuropathy", "fibromyalgia", "migraine"]);
        let found = v.corrections("nueropathy", 1);
        assert_eq!(found[0].word.raw, "neuropathy");
        assert_eq!(found[0].distance, 1);
        assert!(v.corrections("fibromyalga", 1)[0].word.raw == "fibromyalgia");
        assert!(v.corrections("migraine", 1).is_empty());
    }

    #[test]
    fn completions_are_prefix_matches() {
        let v = vocab(&["trigeminal", "trigger", "trial"]);
        let raws: Vec<&str> = v
            .completions("trig", 10)
            .iter()
            .map(|w| w.raw.as_str())
            .collect();
        assert_eq!(raws, ["trigger", "trigeminal"]);
    }
}
