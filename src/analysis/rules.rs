//! The data-driven normalization rules (`rules.toml`) and the per-character pipeline that applies
//! them.
//!
//! Normalizing one character at a time, rather than the whole string, keeps a map from every
//! normalized character back to the bytes it came from, which snippets need to highlight the
//! user's own text.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// The rules file, compiled in so the analyzer never depends on the working directory.
const RULES_TOML: &str = include_str!("rules.toml");

/// How the tokenizer treats one normalized character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CharClass {
    /// Part of a word: a letter or digit.
    Word,
    /// Removed inside a word (`Horton's` → `hortons`).
    Apostrophe,
    /// Splits a compound into parts (`post-traumatic`).
    Hyphen,
    /// A full stop; joins the parts of a code such as `G90.5`.
    Dot,
    /// Ends a word.
    Separator,
}

/// The parsed `rules.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    invisible: Vec<String>,
    apostrophes: Vec<String>,
    hyphens: Vec<String>,
    protected: Vec<String>,
    fold: HashMap<String, String>,
}

/// Normalization rules, ready for per-character lookups.
#[derive(Debug)]
pub(crate) struct Rules {
    invisible: HashSet<char>,
    apostrophes: HashSet<char>,
    hyphens: HashSet<char>,
    fold: HashMap<char, String>,
    /// The class of every ASCII character, precomputed: most text is ASCII.
    ascii: [CharClass; 128],
    /// Words the stemmer leaves alone.
    pub(crate) protected: HashSet<String>,
}

impl Rules {
    /// Parses the embedded rules; a malformed file is a build defect caught by the tests below.
    pub(crate) fn embedded() -> Rules {
        Rules::parse(RULES_TOML).expect("src/analysis/rules.toml is valid (see its unit test)")
    }

    fn parse(text: &str) -> Result<Rules, String> {
        let file: RulesFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let single = |list: &[String], what: &str| -> Result<HashSet<char>, String> {
            list.iter()
                .map(|s| {
                    let mut chars = s.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) => Ok(c),
                        _ => Err(format!("{what}: '{s}' must be exactly one character")),
                    }
                })
                .collect()
        };
        let mut fold = HashMap::new();
        for (from, to) in &file.fold {
            let c = single(std::slice::from_ref(from), "fold")?;
            fold.insert(c.into_iter().next().expect("one char"), to.clone());
        }
        let mut rules = Rules {
            invisible: single(&file.invisible, "invisible")?,
            apostrophes: single(&file.apostrophes, "apostrophes")?,
            hyphens: single(&file.hyphens, "hyphens")?,
            fold,
            ascii: [CharClass::Separator; 128],
            protected: file.protected.into_iter().collect(),
        };
        for byte in 0..128u8 {
            rules.ascii[byte as usize] = rules.classify_slow(char::from(byte));
        }
        Ok(rules)
    }

    /// Normalizes one source character into zero or more characters, calling `out` for each.
    ///
    /// ASCII takes a fast path: it is already in compatibility form and carries no accents.
    pub(crate) fn normalize_char(&self, c: char, out: &mut impl FnMut(char)) {
        if c.is_ascii() {
            out(c.to_ascii_lowercase());
            return;
        }
        if self.invisible.contains(&c) {
            return;
        }
        decompose_compatible(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            for lower in d.to_lowercase() {
                match self.fold.get(&lower) {
                    Some(folded) => folded.chars().for_each(&mut *out),
                    None => out(lower),
                }
            }
        });
    }

    /// Classifies a normalized character.
    pub(crate) fn classify(&self, c: char) -> CharClass {
        match self.ascii.get(c as usize) {
            Some(class) => *class,
            None => self.classify_slow(c),
        }
    }

    fn classify_slow(&self, c: char) -> CharClass {
        // Apostrophes first: U+02BC (modifier letter apostrophe) counts as a letter in Unicode.
        if self.apostrophes.contains(&c) {
            CharClass::Apostrophe
        } else if c.is_alphanumeric() {
            CharClass::Word
        } else if c == '.' {
            CharClass::Dot
        } else if self.hyphens.contains(&c) {
            CharClass::Hyphen
        } else {
            CharClass::Separator
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        let rules = Rules::embedded();
        let mut out = String::new();
        for c in s.chars() {
            rules.normalize_char(c, &mut |n| out.push(n));
        }
        out
    }

    #[test]
    fn embedded_rules_parse() {
        let rules = Rules::embedded();
        assert!(rules.protected.contains("crps"));
        assert_eq!(rules.classify('\u{2019}'), CharClass::Apostrophe);
        assert_eq!(rules.classify('\u{2010}'), CharClass::Hyphen);
    }

    #[test]
    fn full_width_letters_become_ascii() {
        assert_eq!(norm("ＰＴＳＤ"), "ptsd");
    }

    #[test]
    fn accents_are_stripped() {
        assert_eq!(norm("dépression Sjögren"), "depression sjogren");
    }

    #[test]
    fn decomposed_accents_are_stripped() {
        assert_eq!(norm("de\u{0301}pression"), "depression");
    }

    #[test]
    fn letters_without_decomposition_fold() {
        assert_eq!(norm("Straße Æsop"), "strasse aesop");
    }

    #[test]
    fn non_breaking_space_becomes_space() {
        assert_eq!(norm("a\u{00A0}b"), "a b");
    }

    #[test]
    fn invisible_characters_vanish() {
        assert_eq!(norm("fibro\u{00AD}my\u{200B}algia"), "fibromyalgia");
    }

    #[test]
    fn ligatures_expand() {
        assert_eq!(norm("\u{FB01}bro"), "fibro");
    }

    #[test]
    fn malformed_rules_are_reported() {
        let err =
            Rules::parse("invisible=[]\napostrophes=[\"ab\"]\nhyphens=[]\nprotected=[]\n[fold]\n")
                .unwrap_err();
        assert_eq!(err, "apostrophes: 'ab' must be exactly one character");
    }
}
