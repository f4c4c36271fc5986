//! English stemming, with the protected words of `rules.toml` left alone.
//!
//! Words holding a digit are codes or numbers and are never stemmed: `f43` must stay `f43`.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use frostem::{Algorithm, Stemmer as Snowball};

/// Words a thread's stem cache holds before it starts over; far more than the catalog's
/// vocabulary, so in practice it never does.
const STEM_CACHE_WORDS: usize = 100_000;

/// The Snowball English stemmer plus the words it must not touch.
pub(crate) struct Stemmer {
    snowball: Snowball,
    protected: HashSet<String>,
}

impl Stemmer {
    pub(crate) fn new(protected: HashSet<String>) -> Stemmer {
        Stemmer {
            snowball: Snowball::new(Algorithm::English),
            protected,
        }
    }

    /// Stems one lowercase word, through a per-thread cache: the same few thousand words are
    /// stemmed over and over (snippets, queries), and Snowball costs far more than a lookup.
    pub(crate) fn stem_cached(&self, word: &str) -> String {
        thread_local! {
            static CACHE: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
        }
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            if let Some(stem) = cache.get(word) {
                return stem.clone();
            }
            if cache.len() >= STEM_CACHE_WORDS {
                cache.clear();
            }
            let stem = self.stem(word).into_owned();
            cache.insert(word.to_string(), stem.clone());
            stem
        })
    }

    /// Stems one lowercase word.
    pub(crate) fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        if word.bytes().any(|b| b.is_ascii_digit()) || self.protected.contains(word) {
            Cow::Borrowed(word)
        } else {
            self.snowball.stem(word)
        }
    }
}

impl std::fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stemmer")
            .field("language", &"english")
            .field("protected", &self.protected)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_and_suffixes_are_stemmed() {
        let s = Stemmer::new(HashSet::new());
        assert_eq!(s.stem("migraines"), "migrain");
        assert_eq!(s.stem("depressed"), s.stem("depression"));
    }

    #[test]
    fn protected_words_and_codes_are_left_alone() {
        let s = Stemmer::new(["crps".to_string()].into_iter().collect());
        assert_eq!(s.stem("crps"), "crps");
        assert_eq!(s.stem("f43s"), "f43s");
    }
}
