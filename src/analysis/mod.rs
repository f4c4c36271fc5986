//! The one text analyzer, shared by indexing and querying.
//!
//! Pages and queries must be cut into the same terms or nothing matches, so there is exactly one
//! pipeline ([`Analyzer::analyze`]) and two views of it: [`Token`]s for the engine's own query
//! planning, and [`IndexTokenizer`] for tantivy, registered under [`ANALYZER_NAME`].
//!
//! The pipeline, rule by rule (the data lives in `rules.toml`):
//! 1. per character: drop invisible characters, Unicode compatibility decomposition (NFKD),
//!    drop combining marks (accents), lowercase, fold the letters NFKD leaves alone (ß → ss);
//! 2. split into words; inside a word drop apostrophes and split on hyphens, emitting the parts
//!    and the joined compound (`post-traumatic` → `post`, `traumatic`, `posttraumatic`);
//! 3. stem with Snowball English, except protected words and words holding a digit.
//!
//! Stop words are *not* removed here: positions must stay intact for phrase matching, and
//! whether a word carries meaning is a query-time decision ([`query_words`]).

mod query_words;
mod rules;
mod stemmer;
mod tokenizer;

use std::sync::LazyLock;

pub use query_words::{QueryWords, query_words};
use rules::Rules;
use stemmer::Stemmer;

/// The name the analyzer is registered under in every tantivy index the engine builds.
pub const ANALYZER_NAME: &str = "condsearch";

/// One analyzed word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalized surface form, before stemming: what suggestions and typo correction show.
    pub raw: String,
    /// The indexed form (stemmed); what the index stores and queries look up.
    pub term: String,
    /// Word position; the joined form of a compound shares its last part's position so that
    /// phrases match whichever form the text used.
    pub position: u32,
    /// Byte range of the word in the analyzed text, for highlighting.
    pub offset_from: usize,
    /// End of the byte range (exclusive).
    pub offset_to: usize,
    /// Written in capitals (`PTSD`): a hint that the word is an acronym, which is never
    /// typo-corrected.
    pub upper: bool,
    /// The joined form of a hyphenated word (`posttraumatic` from `post-traumatic`).
    pub compound: bool,
}

/// The analyzer; obtain the shared instance with [`analyzer`].
#[derive(Debug)]
pub struct Analyzer {
    rules: Rules,
    stemmer: Stemmer,
}

static ANALYZER: LazyLock<Analyzer> = LazyLock::new(|| {
    let rules = Rules::embedded();
    let stemmer = Stemmer::new(rules.protected.clone());
    Analyzer { rules, stemmer }
});

/// The process-wide analyzer: rules are compiled in, so every caller gets the same one.
pub fn analyzer() -> &'static Analyzer {
    &ANALYZER
}

impl Analyzer {
    /// Analyzes `text` into tokens, in position order.
    ///
    /// ```
    /// let tokens = condsearch::analysis::analyzer().analyze("Post‐traumatic stress");
    /// let terms: Vec<&str> = tokens.iter().map(|t| t.term.as_str()).collect();
    /// assert_eq!(terms, ["post", "traumat", "posttraumat", "stress"]);
    /// ```
    pub fn analyze(&self, text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        self.analyze_with(text, |t| tokens.push(t));
        tokens
    }

    /// Streams the tokens of `text` to `sink`, without collecting them.
    pub fn analyze_with(&self, text: &str, mut sink: impl FnMut(Token)) {
        let mut position: u32 = 0;
        tokenizer::split_words(&self.rules, text, |parts| {
            for part in parts {
                sink(Token {
                    term: self.stemmer.stem_cached(&part.text),
                    raw: part.text.clone(),
                    position,
                    offset_from: part.from,
                    offset_to: part.to,
                    upper: part.upper,
                    compound: false,
                });
                position += 1;
            }
            if let [first, .., last] = parts {
                let raw: String = parts.iter().map(|p| p.text.as_str()).collect();
                sink(Token {
                    term: self.stemmer.stem_cached(&raw),
                    raw,
                    position: position - 1,
                    offset_from: first.from,
                    offset_to: last.to,
                    upper: parts.iter().all(|p| p.upper),
                    compound: true,
                });
            }
        });
    }

    /// Streams the normalized words of `text` as borrowed views — `(word, from, to)`, the joined
    /// form of a compound after its parts — without stemming or allocating per word: the fast
    /// path for scanning text the index already holds (snippets).
    pub fn words_with(&self, text: &str, mut sink: impl FnMut(&str, usize, usize)) {
        let mut joined = String::new();
        tokenizer::split_words(&self.rules, text, |parts| {
            for part in parts {
                sink(&part.text, part.from, part.to);
            }
            if let [first, .., last] = parts {
                joined.clear();
                parts.iter().for_each(|p| joined.push_str(&p.text));
                sink(&joined, first.from, last.to);
            }
        });
    }

    /// The normalized words of `text` (no stemming, compounds as parts), space-separated.
    ///
    /// Used where text must be compared as people read it: crisis phrases, grouping keywords.
    pub fn normalize(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        tokenizer::split_words(&self.rules, text, |parts| {
            for part in parts {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&part.text);
            }
        });
        out
    }

    /// The stemmed terms of `text`, compounds included: the key a phrase is compared by.
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.analyze_with(text, |t| {
            if !t.compound {
                out.push(t.term)
            }
        });
        out
    }

    /// Stems one already-normalized word, as the index would.
    pub fn stem_word(&self, raw: &str) -> String {
        self.stemmer.stem_cached(raw)
    }

    /// Builds the tantivy analyzer to register under [`ANALYZER_NAME`].
    pub fn text_analyzer(&'static self) -> tantivy::tokenizer::TextAnalyzer {
        tantivy::tokenizer::TextAnalyzer::from(IndexTokenizer::default())
    }
}

/// The tantivy view of [`Analyzer::analyze`]: token text is the stemmed term.
#[derive(Clone, Default)]
pub struct IndexTokenizer {
    tokens: Vec<tantivy::tokenizer::Token>,
}

/// Token stream over the tokens [`IndexTokenizer`] analyzed.
pub struct IndexTokenStream<'a> {
    tokens: &'a mut [tantivy::tokenizer::Token],
    next: usize,
}

impl tantivy::tokenizer::Tokenizer for IndexTokenizer {
    type TokenStream<'a> = IndexTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> IndexTokenStream<'a> {
        self.tokens.clear();
        analyzer().analyze_with(text, |t| {
            self.tokens.push(tantivy::tokenizer::Token {
                offset_from: t.offset_from,
                offset_to: t.offset_to,
                position: t.position as usize,
                text: t.term,
                position_length: 1,
            })
        });
        IndexTokenStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

impl tantivy::tokenizer::TokenStream for IndexTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &tantivy::tokenizer::Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut tantivy::tokenizer::Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn terms(text: &str) -> Vec<String> {
        analyzer()
            .analyze(text)
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    /// The terms a phrase contributes, compounds included, as a set.
    fn term_set(text: &str) -> std::collections::BTreeSet<String> {
        terms(text).into_iter().collect()
    }

    #[test]
    fn hyphen_space_and_joined_spellings_meet() {
        let hyphen = term_set("post-traumatic");
        assert!(hyphen.contains("post") && hyphen.contains("traumat"));
        assert!(hyphen.contains(&terms("posttraumatic")[0]));
        assert!(term_set("post traumatic").is_subset(&hyphen));
    }

    #[test]
    fn unusual_hyphens_are_hyphens() {
        for dash in ["\u{2010}", "\u{2011}", "\u{2013}", "\u{2212}", "－"] {
            assert_eq!(
                terms(&format!("post{dash}traumatic")),
                terms("post-traumatic")
            );
        }
    }

    #[test]
    fn em_dash_separates_words() {
        assert_eq!(terms("ketamine—ptsd"), terms("ketamine ptsd"));
    }

    #[test]
    fn apostrophes_of_every_kind_are_dropped() {
        for apostrophe in ["'", "’", "‘", "ʼ", "`", "＇"] {
            assert_eq!(terms(&format!("Horton{apostrophe}s")), terms("Hortons"));
        }
    }

    #[test]
    fn case_accents_and_width_fold() {
        assert_eq!(terms("DÉPRESSION"), terms("depression"));
        assert_eq!(terms("ｆｉｂｒｏｍｙａｌｇｉａ"), terms("fibromyalgia"));
    }

    #[test]
    fn non_breaking_spaces_separate_words() {
        assert_eq!(terms("cluster\u{00A0}headache"), terms("cluster headache"));
    }

    #[test]
    fn stray_punctuation_is_ignored() {
        assert_eq!(terms("ptsd?!"), terms("ptsd"));
        assert_eq!(terms("«ocd»"), terms("ocd"));
    }

    #[test]
    fn english_stemming_applies() {
        assert_eq!(terms("headaches"), terms("headache"));
        assert_eq!(terms("depressed"), terms("depression"));
    }

    #[test]
    fn codes_keep_their_digits() {
        assert_eq!(terms("G90.5"), ["g905"]);
        assert_eq!(terms("g905"), ["g905"]);
        assert_eq!(terms("8D8A.0"), ["8d8a0"]);
    }

    #[test]
    fn compound_shares_last_position() {
        let tokens = analyzer().analyze("post-traumatic stress");
        let positions: Vec<(String, u32)> = tokens
            .iter()
            .map(|t| (t.term.clone(), t.position))
            .collect();
        assert_eq!(
            positions,
            [
                ("post".into(), 0),
                ("traumat".into(), 1),
                ("posttraumat".into(), 1),
                ("stress".into(), 2)
            ]
        );
    }

    #[test]
    fn normalize_keeps_words_readable() {
        assert_eq!(analyzer().normalize("I  WANT to—die!"), "i want to die");
        assert_eq!(analyzer().normalize("Horton’s"), "hortons");
    }

    #[test]
    fn tantivy_view_matches_engine_view() {
        use tantivy::tokenizer::{TokenStream, Tokenizer};
        let text = "Horton’s post-traumatic G90.5";
        let mut tokenizer = IndexTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut via_tantivy = Vec::new();
        while stream.advance() {
            via_tantivy.push((stream.token().text.clone(), stream.token().position as u32));
        }
        let direct: Vec<(String, u32)> = analyzer()
            .analyze(text)
            .into_iter()
            .map(|t| (t.term, t.position))
            .collect();
        assert_eq!(via_tantivy, direct);
    }

    proptest! {
        #[test]
        fn never_panics_and_offsets_are_char_boundaries(text in "\\PC*") {
            for t in analyzer().analyze(&text) {
                prop_assert!(text.is_char_boundary(t.offset_from));
                prop_assert!(text.is_char_boundary(t.offset_to));
                prop_assert!(t.offset_from < t.offset_to);
                prop_assert!(!t.term.is_empty());
            }
        }

        #[test]
        fn arbitrary_unicode_never_panics(text in any::<String>()) {
            let _ = analyzer().analyze(&text);
            let _ = analyzer().normalize(&text);
        }

        #[test]
        fn analysis_is_idempotent_on_normalized_text(text in "\\PC{0,64}") {
            let once = analyzer().normalize(&text);
            prop_assert_eq!(analyzer().normalize(&once), once.clone());
        }

        #[test]
        fn case_does_not_matter(text in "[a-zA-Z ]{0,40}") {
            prop_assert_eq!(terms(&text.to_uppercase()), terms(&text.to_lowercase()));
        }

        #[test]
        fn hyphen_and_space_agree_on_parts(a in "[a-z]{2,10}", b in "[a-z]{2,10}") {
            let hyphen: Vec<String> = analyzer()
                .analyze(&format!("{a}-{b}"))
                .into_iter()
                .filter(|t| !t.compound)
                .map(|t| t.term)
                .collect();
            prop_assert_eq!(hyphen, terms(&format!("{a} {b}")));
        }
    }
}
