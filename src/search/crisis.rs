//! Crisis detection: does a query express thoughts of suicide or self-harm?
//!
//! The phrases are data (`crisis.toml`). Matching is on normalized, unstemmed words so that the
//! rule reads exactly as written.

use std::sync::LazyLock;

use serde::Deserialize;

use crate::analysis::analyzer;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CrisisFile {
    phrases: Vec<String>,
    exclusions: Vec<String>,
}

struct Crisis {
    phrases: Vec<Vec<String>>,
    exclusions: Vec<Vec<String>>,
}

static CRISIS: LazyLock<Crisis> = LazyLock::new(|| {
    let file: CrisisFile = toml::from_str(include_str!("crisis.toml"))
        .expect("src/search/crisis.toml is valid (see its unit test)");
    let words = |list: Vec<String>| {
        list.iter()
            .map(|p| {
                analyzer()
                    .normalize(p)
                    .split(' ')
                    .map(str::to_string)
                    .collect()
            })
            .collect()
    };
    Crisis {
        phrases: words(file.phrases),
        exclusions: words(file.exclusions),
    }
});

/// Words allowed between two consecutive words of a phrase.
const MAX_GAP: usize = 1;

/// Whether `pattern` occurs in `words` in order, with at most [`MAX_GAP`] words between
/// consecutive pattern words.
fn occurs(words: &[&str], pattern: &[String]) -> bool {
    (0..words.len()).any(|start| {
        if words[start] != pattern[0] {
            return false;
        }
        let mut at = start;
        pattern[1..].iter().all(|p| {
            let window = (at + 1)..(at + 2 + MAX_GAP).min(words.len());
            match window.clone().find(|&i| words[i] == *p) {
                Some(i) => {
                    at = i;
                    true
                }
                None => false,
            }
        })
    })
}

/// Whether `query` expresses thoughts of suicide or self-harm.
///
/// ```
/// use condsearch::search::is_crisis;
/// assert!(is_crisis("i want to die"));
/// assert!(!is_crisis("suicide headaches"));
/// ```
pub fn is_crisis(query: &str) -> bool {
    let normalized = analyzer().normalize(query);
    let mut words: Vec<&str> = normalized.split(' ').filter(|w| !w.is_empty()).collect();
    for exclusion in &CRISIS.exclusions {
        let n = exclusion.len();
        let mut i = 0;
        while i + n <= words.len() {
            if words[i..i + n].iter().zip(exclusion).all(|(w, e)| w == e) {
                words.drain(i..i + n);
            } else {
                i += 1;
            }
        }
    }
    CRISIS.phrases.iter().any(|p| occurs(&words, p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn intent_to_self_harm_is_a_crisis() {
        for q in [
            "i want to die",
            "I just want to die",
            "kill myself",
            "how do i kill myself",
            "I don’t want to live anymore",
            "thinking about suicide",
            "suicidal thoughts ketamine",
            "i want to die from these suicide headaches",
            "SELF-HARM",
            "my dad keeps talking about ending it",
            "i dont want to be here",
            "ya no quiero vivir",
            "Je veux mourir",
        ] {
            assert!(is_crisis(q), "{q}");
        }
    }

    #[test]
    fn lay_condition_names_are_not_a_crisis() {
        for q in [
            "suicide headaches",
            "suicide headache treatment",
            "the suicide disease face pain",
            "cluster headache",
            "die hard",
            "i want to try ketamine",
        ] {
            assert!(!is_crisis(q), "{q}");
        }
    }

    proptest! {
        #[test]
        fn never_panics(q in "\\PC{0,100}") {
            let _ = is_crisis(&q);
        }
    }
}
