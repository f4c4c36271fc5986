//! Typo tolerance: which words may be corrected, by how much, and the `did_you_mean` text.
//!
//! A word is corrected only when the catalog does not know it: a page that has the word as
//! typed always outranks one that only has a correction, because the correction is never
//! searched. Acronyms, codes and numbers are never corrected: "RSD" one edit from "PSD" is a
//! different thing, not a typo.

use super::limits::{
    DID_YOU_MEAN_MIN_SIMILARITY, MAX_LEN_NO_TYPO, MAX_LEN_ONE_TYPO, MIN_LEN_ACRONYM_SUGGESTION,
};
use crate::index::{Correction, Vocabulary};

/// Edits allowed for a word of this many characters.
///
/// ```
/// use condsearch::search::allowed_typos;
/// assert_eq!(allowed_typos("pain"), 0);
/// assert_eq!(allowed_typos("migrane"), 1);
/// assert_eq!(allowed_typos("fibromyalga"), 2);
/// ```
pub fn allowed_typos(word: &str) -> u8 {
    match word.chars().count() {
        n if n <= MAX_LEN_NO_TYPO => 0,
        n if n <= MAX_LEN_ONE_TYPO => 1,
        _ => 2,
    }
}

/// Whether a query word may be corrected at all: not an acronym as typed or as the catalog
/// writes it, not a code, not holding digits.
pub(crate) fn correctable(raw: &str, typed_upper: bool, vocabulary: &Vocabulary) -> bool {
    !typed_upper
        && !raw.chars().any(|c| c.is_ascii_digit())
        && vocabulary.get(raw).is_none_or(|w| !w.acronym)
}

/// Corrections a search uses for an unknown word: the closest ones, never acronyms.
pub(crate) fn corrections<'v>(
    raw: &str,
    vocabulary: &'v Vocabulary,
    max: usize,
) -> Vec<Correction<'v>> {
    let mut found = vocabulary.corrections(raw, allowed_typos(raw));
    found.retain(|c| !c.word.acronym);
    if let Some(best) = found.first().map(|c| c.distance) {
        // Keep only the closest distance: a one-edit correction exists, two-edit ones are noise.
        found.retain(|c| c.distance == best);
    }
    found.truncate(max);
    found
}

/// The best known word for `did_you_mean`, looser than search corrections (one edit even for
/// short words, and acronyms for longer words, ranked by string similarity), or `None` when nothing is close enough.
pub(crate) fn suggestion(raw: &str, vocabulary: &Vocabulary) -> Option<String> {
    vocabulary
        .corrections(raw, allowed_typos(raw).max(1))
        .into_iter()
        .filter(|c| !c.word.acronym || raw.chars().count() >= MIN_LEN_ACRONYM_SUGGESTION)
        .map(|c| (strsim::normalized_damerau_levenshtein(raw, &c.word.raw), c))
        .filter(|(similarity, _)| *similarity >= DID_YOU_MEAN_MIN_SIMILARITY)
        .max_by(|(sa, a), (sb, b)| {
            sa.total_cmp(sb)
                .then(a.word.popularity.cmp(&b.word.popularity))
                .then(b.word.raw.cmp(&a.word.raw))
        })
        .map(|(_, c)| c.word.raw.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_budget_grows_with_length() {
        assert_eq!(allowed_typos("rsd"), 0);
        assert_eq!(allowed_typos("crps"), 0);
        assert_eq!(allowed_typos("anxity"), 1);
        assert_eq!(allowed_typos("depresion"), 2);
    }

    #[test]
    fn acronyms_codes_and_numbers_are_not_corrected() {
        let v = Vocabulary::build(
            [("crps".to_string(), "crps".to_string(), Some(true))],
            |_| 1,
        );
        assert!(!correctable("crps", false, &v));
        assert!(!correctable("ptsdd", true, &v));
        assert!(!correctable("g905", false, &v));
        assert!(correctable("fibromyalga", false, &v));
    }
}
