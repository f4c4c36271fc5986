//! Stop words and intent words (`query_words.toml`): words that do not say which condition a
//! query is about. They are indexed like any word (phrases need them); the search decides what
//! to do with them.

use std::collections::HashSet;
use std::sync::LazyLock;

use serde::Deserialize;

use super::analyzer;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QueryWordsFile {
    stopwords: Vec<String>,
    intent: Vec<String>,
}

/// The two lists, normalized as the analyzer would.
#[derive(Debug)]
pub struct QueryWords {
    /// Normalized words.
    stop: HashSet<String>,
    /// The same, stemmed.
    stop_terms: HashSet<String>,
    /// Stemmed terms.
    intent: HashSet<String>,
}

static QUERY_WORDS: LazyLock<QueryWords> = LazyLock::new(|| {
    let file: QueryWordsFile = toml::from_str(include_str!("query_words.toml"))
        .expect("src/search/query_words.toml is valid (see its unit test)");
    QueryWords {
        stop_terms: file
            .stopwords
            .iter()
            .flat_map(|w| analyzer().terms(w))
            .collect(),
        stop: file
            .stopwords
            .iter()
            .map(|w| analyzer().normalize(w))
            .collect(),
        intent: file
            .intent
            .iter()
            .flat_map(|w| analyzer().terms(w))
            .collect(),
    }
});

/// The shared lists.
pub fn query_words() -> &'static QueryWords {
    &QUERY_WORDS
}

impl QueryWords {
    /// Whether a normalized word is a function word.
    pub fn is_stop(&self, raw: &str) -> bool {
        self.stop.contains(raw)
    }

    /// Whether a stemmed term is a function word's.
    pub fn is_stop_term(&self, term: &str) -> bool {
        self.stop_terms.contains(term)
    }

    /// Whether a stemmed term can say which condition a text is about: neither a function word
    /// nor an intent word.
    pub fn is_informative(&self, term: &str) -> bool {
        !self.is_stop_term(term) && !self.is_intent(term)
    }

    /// Whether a stemmed term is about intent rather than a condition.
    pub fn is_intent(&self, term: &str) -> bool {
        self.intent.contains(term)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load_and_compare_normalized() {
        let words = query_words();
        assert!(words.is_stop("wont"));
        assert!(words.is_stop("for"));
        assert!(words.is_intent(&analyzer().terms("treatments")[0]));
        assert!(words.is_intent(&analyzer().terms("ketamine")[0]));
        assert!(!words.is_intent(&analyzer().terms("depression")[0]));
        assert!(!words.is_stop("pain"));
    }
}
