//! The synonym map: from a sequence of terms to the term sequences it may be replaced by.
//!
//! Keys and alternatives are analyzed with the one analyzer, so `Crohn's` in a table and
//! `crohns` in a query meet. Multi-word entries are kept as sequences (not flattened into loose
//! words), so the query planner can match them as phrases: the graph-aware expansion of Lucene's
//! `SynonymGraphFilter`, where "crps" and "complex regional pain syndrome" stand for each other
//! inside any longer query.

use std::collections::HashMap;

use super::parser::Rule;
use crate::analysis::analyzer;

/// Most alternatives kept for one key; a larger group is almost always a mistake in a table,
/// and each alternative costs a phrase clause per field at query time.
pub const MAX_ALTERNATIVES: usize = 16;

/// One replacement for a matched key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternative {
    /// The stemmed terms, matched as a phrase.
    pub terms: Vec<String>,
    /// The entry as written in the table, for explanations.
    pub text: String,
    /// `path:line` of the rule that produced it.
    pub origin: String,
}

/// What a key expands to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expansion {
    /// Whether the matched words themselves still count: true for equivalents, false for a
    /// one-way rule `a => b`, which replaces `a` (Solr semantics).
    pub keep_original: bool,
    /// The replacements.
    pub alternatives: Vec<Alternative>,
}

/// The compiled synonym tables.
#[derive(Debug, Clone, Default)]
pub struct SynonymMap {
    map: HashMap<Vec<String>, Expansion>,
    max_key_len: usize,
    words: Vec<(String, String)>,
    rules: usize,
}

/// The term sequences an entry is matched by: its parts, and its joined compounds when it has
/// hyphenated words (`post-traumatic stress` → `post traumat stress`, `posttraumat stress`).
fn keys(entry: &str) -> Vec<Vec<String>> {
    let tokens = analyzer().analyze(entry);
    let parts: Vec<String> = tokens
        .iter()
        .filter(|t| !t.compound)
        .map(|t| t.term.clone())
        .collect();
    // The compound follows its parts: replace them (they start at or after it) with it.
    let mut joined: Vec<(usize, String)> = Vec::new();
    for t in &tokens {
        if t.compound {
            while joined
                .last()
                .is_some_and(|(from, _)| *from >= t.offset_from)
            {
                joined.pop();
            }
        }
        joined.push((t.offset_from, t.term.clone()));
    }
    let joined: Vec<String> = joined.into_iter().map(|(_, term)| term).collect();
    let mut keys = vec![parts];
    if tokens.iter().any(|t| t.compound) && !keys.contains(&joined) {
        keys.push(joined);
    }
    keys
}

impl SynonymMap {
    /// Compiles parsed rules.
    pub(crate) fn from_rules(rules: &[Rule]) -> SynonymMap {
        let mut map: HashMap<Vec<String>, Expansion> = HashMap::new();
        let mut words = Vec::new();
        for rule in rules {
            for entry in rule.from.iter().chain(rule.to.iter().flatten()) {
                analyzer().analyze_with(entry, |t| words.push((t.raw, t.term)));
            }
            let alternative = |entry: &String| Alternative {
                terms: keys(entry).swap_remove(0),
                text: entry.clone(),
                origin: rule.origin.clone(),
            };
            for (i, entry) in rule.from.iter().enumerate() {
                let (targets, keep): (Vec<&String>, bool) = match &rule.to {
                    None => (
                        rule.from
                            .iter()
                            .enumerate()
                            .filter(|(j, _)| *j != i)
                            .map(|(_, e)| e)
                            .collect(),
                        true,
                    ),
                    Some(to) => (to.iter().collect(), false),
                };
                for key in keys(entry) {
                    let expansion = map.entry(key.clone()).or_default();
                    expansion.keep_original |= keep;
                    for target in &targets {
                        let alt = alternative(target);
                        if alt.terms == key {
                            expansion.keep_original = true;
                        } else if expansion.alternatives.len() < MAX_ALTERNATIVES
                            && !expansion.alternatives.iter().any(|a| a.terms == alt.terms)
                        {
                            expansion.alternatives.push(alt);
                        }
                    }
                }
            }
        }
        words.sort();
        words.dedup();
        let max_key_len = map.keys().map(Vec::len).max().unwrap_or(0);
        SynonymMap {
            map,
            max_key_len,
            words,
            rules: rules.len(),
        }
    }

    /// What the term sequence `key` expands to, if any rule mentions it.
    pub fn lookup(&self, key: &[String]) -> Option<&Expansion> {
        self.map.get(key)
    }

    /// The longest key, in terms: how far a query scan must look ahead.
    pub fn max_key_len(&self) -> usize {
        self.max_key_len
    }

    /// Every (normalized word, term) the tables use, so typo correction can reach words that
    /// only the tables know.
    pub fn words(&self) -> &[(String, String)] {
        &self.words
    }

    /// Number of rules (lines) compiled.
    pub fn rule_count(&self) -> usize {
        self.rules
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(lines: &[(&[&str], Option<&[&str]>)]) -> SynonymMap {
        let rules: Vec<Rule> = lines
            .iter()
            .enumerate()
            .map(|(i, (from, to))| Rule {
                origin: format!("t.txt:{}", i + 1),
                from: from.iter().map(|s| s.to_string()).collect(),
                to: to.map(|t| t.iter().map(|s| s.to_string()).collect()),
            })
            .collect();
        SynonymMap::from_rules(&rules)
    }

    fn key(text: &str) -> Vec<String> {
        analyzer().terms(text)
    }

    #[test]
    fn equivalents_expand_both_ways() {
        let m = map(&[(&["crps", "complex regional pain syndrome"], None)]);
        let e = m.lookup(&key("CRPS")).unwrap();
        assert!(e.keep_original);
        assert_eq!(
            e.alternatives[0].terms,
            key("complex regional pain syndrome")
        );
        let back = m.lookup(&key("complex regional pain syndromes")).unwrap();
        assert_eq!(back.alternatives[0].text, "crps");
        assert_eq!(m.max_key_len(), 4);
    }

    #[test]
    fn one_way_rules_only_go_one_way() {
        let m = map(&[(&["hurt all over"], Some(&["widespread pain"]))]);
        let e = m.lookup(&key("hurt all over")).unwrap();
        assert!(!e.keep_original);
        assert_eq!(e.alternatives[0].terms, key("widespread pain"));
        assert!(m.lookup(&key("widespread pain")).is_none());
    }

    #[test]
    fn hyphenated_entries_match_joined_and_split_queries() {
        let m = map(&[(&["ptsd", "post-traumatic stress disorder"], None)]);
        assert!(m.lookup(&key("post traumatic stress disorder")).is_some());
        assert!(m.lookup(&key("posttraumatic stress disorder")).is_some());
    }

    #[test]
    fn table_words_are_known() {
        let m = map(&[(&["fibro", "fibromyalgia"], None)]);
        assert!(m.words().iter().any(|(raw, _)| raw == "fibro"));
    }
}
