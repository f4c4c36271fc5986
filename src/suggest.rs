//! As-you-type suggestions: the names, aliases and search phrases of pages that complete what
//! has been typed so far.
//!
//! Suggestions ride on the search: the pages the (typo-tolerant, prefix-matching) search ranks
//! first are the ones whose names are offered, so a suggestion always leads where a search
//! would. Among a page's names, those that contain every typed word — the last one as a prefix,
//! a misspelled one by its correction — are offered, true completions (starting with what was
//! typed) first.

use serde::Serialize;

use crate::analysis::analyzer;
use crate::engine::Engine;
use crate::error::Result;
use crate::search::{Confidence, Features, SearchRequest};

/// Most suggestions returned.
pub const MAX_SUGGESTIONS: usize = 8;

/// Pages searched for names to offer.
const PAGES_CONSIDERED: usize = 8;

/// What kind of name a suggestion is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionKind {
    /// The page title.
    Title,
    /// A clinical synonym, former name or abbreviation.
    Alias,
    /// A way people search for the page.
    SearchPhrase,
}

/// One suggestion for the search box.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// The text to show and to search when chosen.
    pub text: String,
    /// What the text is.
    pub kind: SuggestionKind,
    /// The page it leads to.
    pub slug: String,
    /// That page's title.
    pub title: String,
    /// That page's URL.
    pub url: String,
}

/// How well a name completes the typed words; `None` when it does not contain them all.
fn completes(name: &[String], typed: &[&str], last_open: bool) -> Option<u8> {
    let (last, before) = typed.split_last()?;
    let mut used = vec![false; name.len()];
    for word in before {
        let i = (0..name.len()).find(|&i| !used[i] && name[i] == *word)?;
        used[i] = true;
    }
    let last_at = (0..name.len())
        .find(|&i| !used[i] && (name[i] == *last || (last_open && name[i].starts_with(last))))?;
    // 0: the name starts with what was typed, in order; 1: contains it.
    let in_order = typed.len() <= name.len()
        && typed
            .iter()
            .zip(name)
            .all(|(t, n)| n == t || n.starts_with(t));
    Some(if in_order && (typed.len() > 1 || last_at == 0) {
        0
    } else {
        1
    })
}

/// Suggestions for what has been typed so far, at most `limit` (1 to [`MAX_SUGGESTIONS`]).
///
/// ```
/// use condsearch::{suggest::suggest, Engine};
/// let engine = Engine::embedded().unwrap();
/// let s = suggest(&engine, "fibromyal", 8).unwrap();
/// assert_eq!(s[0].text, "Fibromyalgia");
/// ```
pub fn suggest(engine: &Engine, typed: &str, limit: usize) -> Result<Vec<Suggestion>> {
    // Lexical: a suggestion completes what was typed; meaning is for the search itself.
    let response = engine.search(
        &SearchRequest::new(typed)
            .limit(PAGES_CONSIDERED)
            .features(Features::LEXICAL)
            .without_snippets(),
    )?;
    let last_open = typed.chars().last().is_some_and(char::is_alphanumeric);
    // The typed words, and the same with corrections applied when the search made some.
    let as_typed = analyzer().normalize(typed);
    let corrected = response.did_you_mean.clone().unwrap_or_default();
    let readings: Vec<Vec<&str>> = [as_typed.as_str(), corrected.as_str()]
        .into_iter()
        .filter(|r| !r.is_empty())
        .map(|r| r.split(' ').collect())
        .collect();
    let mut found: Vec<(u8, usize, SuggestionKind, usize, Suggestion)> = Vec::new();
    for (rank, hit) in response.hits.iter().enumerate() {
        let Some(page) = engine.catalog().get(&hit.slug) else {
            continue;
        };
        let names = std::iter::once((SuggestionKind::Title, &page.title))
            .chain(page.aliases.iter().map(|a| (SuggestionKind::Alias, a)))
            .chain(
                page.search_phrases
                    .iter()
                    .map(|p| (SuggestionKind::SearchPhrase, p)),
            );
        let mut offered = false;
        for (kind, name) in names {
            let words: Vec<String> = analyzer()
                .normalize(name)
                .split(' ')
                .map(String::from)
                .collect();
            let quality = readings
                .iter()
                .filter_map(|typed| completes(&words, typed, last_open))
                .min();
            if let Some(quality) = quality {
                offered = true;
                found.push((quality, rank, kind, name.len(), suggestion(name, kind, hit)));
            }
        }
        // A confident page none of whose names contains the words is still where the search
        // leads: offer its title.
        if !offered && hit.confidence >= Confidence::Medium {
            found.push((
                2,
                rank,
                SuggestionKind::Title,
                0,
                suggestion(&page.title, SuggestionKind::Title, hit),
            ));
        }
    }
    found.sort_by_key(|f| (f.0, f.1, f.2, f.3));
    let mut out: Vec<Suggestion> = Vec::new();
    for (.., s) in found {
        if out.len() == limit.clamp(1, MAX_SUGGESTIONS) {
            break;
        }
        if !out.iter().any(|o| o.text.eq_ignore_ascii_case(&s.text)) {
            out.push(s);
        }
    }
    Ok(out)
}

fn suggestion(text: &str, kind: SuggestionKind, hit: &crate::search::Hit) -> Suggestion {
    Suggestion {
        text: text.to_string(),
        kind,
        slug: hit.slug.clone(),
        title: hit.title.clone(),
        url: hit.url.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    #[test]
    fn completion_quality() {
        let name = words("trigeminal neuralgia");
        assert_eq!(completes(&name, &["trigem"], true), Some(0));
        assert_eq!(completes(&name, &["neur"], true), Some(1));
        assert_eq!(completes(&name, &["trigem"], false), None);
        assert_eq!(completes(&name, &["trigeminal", "neu"], true), Some(0));
        assert_eq!(completes(&name, &["cluster"], true), None);
    }
}
