//! As-you-type matching: the last word of a query also matches as a prefix.
//!
//! The search box sends queries while the user types, so "trigem" must already find
//! trigeminal neuralgia. A word followed by a space or punctuation is complete and is not
//! expanded.

use super::limits::{MAX_PREFIX_EXPANSIONS, MIN_PREFIX_CHARS};
use crate::index::{Vocabulary, Word};

/// Whether the last word of `query` is still being typed: nothing follows it.
pub(crate) fn last_word_open(query: &str) -> bool {
    query.chars().last().is_some_and(char::is_alphanumeric)
}

/// Known words that complete `raw`, most used first; none for words shorter than
/// [`MIN_PREFIX_CHARS`] or holding digits.
pub(crate) fn completions<'v>(raw: &str, vocabulary: &'v Vocabulary) -> Vec<&'v Word> {
    if raw.chars().count() < MIN_PREFIX_CHARS || raw.chars().any(|c| c.is_ascii_digit()) {
        return Vec::new();
    }
    let mut found = vocabulary.completions(raw, MAX_PREFIX_EXPANSIONS + 1);
    found.retain(|w| w.raw != raw);
    found.truncate(MAX_PREFIX_EXPANSIONS);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_unfinished_last_word_is_open() {
        assert!(last_word_open("trigem"));
        assert!(!last_word_open("trigem "));
        assert!(!last_word_open("ptsd?"));
        assert!(!last_word_open(""));
    }

    #[test]
    fn short_prefixes_do_not_expand() {
        let v = Vocabulary::build(
            [("pain".to_string(), "pain".to_string(), Some(false))],
            |_| 1,
        );
        assert!(completions("pa", &v).is_empty());
        assert_eq!(completions("pai", &v)[0].raw, "pain");
    }
}
