//! Snippets: the passage of a page that best shows why it matched, with the matched words
//! marked.
//!
//! The snippet is HTML: the page text escaped, matched words wrapped in `<mark>`. Passages are
//! the summary first, then the body, FAQ and comparison paragraphs; the one holding the most
//! distinct matched terms wins, the summary on ties. A cheap substring test skips paragraphs
//! that cannot match before any of them is analyzed.

use std::collections::HashSet;

use super::limits::SNIPPET_MAX_CHARS;
use crate::analysis::analyzer;
use crate::catalog::Condition;
use crate::html::escape_into;
use crate::index::{CatalogIndex, FieldKind, field_texts};

/// The text a stem most likely appears as: stems drop a final "e" and turn "y" into "i", so
/// "anxieti" is searched as "anxiet".
fn needle(term: &str) -> &str {
    match term.strip_suffix('i') {
        Some(stem) if stem.len() >= 3 => stem,
        _ => term,
    }
}

/// Matched byte ranges of `text`, merged, in order. Only words that start like a matched term
/// are stemmed to check.
fn highlights(text: &str, terms: &HashSet<&str>) -> Vec<(usize, usize)> {
    let needles: Vec<&str> = terms.iter().map(|t| needle(t)).collect();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    analyzer().words_with(text, |word, from, to| {
        let candidate = needles
            .iter()
            .any(|n| word.starts_with(n) || n.starts_with(word));
        if candidate && terms.contains(analyzer().stem_word(word).as_str()) {
            ranges.push((from, to));
        }
    });
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (from, to) in ranges {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

/// The window of `text` to show: all of it when short, otherwise about
/// [`SNIPPET_MAX_CHARS`] characters starting a little before the first match, cut at spaces.
fn window(text: &str, first_match: Option<usize>) -> (usize, usize) {
    if text.chars().count() <= SNIPPET_MAX_CHARS {
        return (0, text.len());
    }
    const LEAD: usize = 60;
    let anchor = first_match.unwrap_or(0);
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let anchor_char = boundaries.partition_point(|&b| b < anchor);
    let mut start = boundaries[anchor_char.saturating_sub(LEAD)];
    if start > 0 {
        start = text[start..anchor]
            .find(' ')
            .map_or(start, |s| start + s + 1);
    }
    let start_char = boundaries.partition_point(|&b| b < start);
    let end = match boundaries.get(start_char + SNIPPET_MAX_CHARS) {
        Some(&limit) => text[start..limit].rfind(' ').map_or(limit, |e| start + e),
        None => text.len(),
    };
    (start, end)
}

/// The snippet of page `ord` (`page`) for the matched `terms`.
pub(crate) fn snippet(
    index: &CatalogIndex,
    ord: usize,
    page: &Condition,
    terms: &HashSet<&str>,
) -> String {
    // Only the passage fields that hold a matched term are read, looking only for the terms
    // each holds.
    let mut best: Option<(usize, &str, Option<usize>)> = None;
    for kind in [
        FieldKind::Summary,
        FieldKind::Body,
        FieldKind::Faq,
        FieldKind::Differs,
    ] {
        let held: Vec<&str> = terms
            .iter()
            .filter(|t| {
                let id = index.terms().id(t);
                index.terms().page_has_all(ord, kind, &[id])
            })
            .map(|t| needle(t))
            .collect();
        if held.is_empty() || best.is_some_and(|(count, _, _)| count >= held.len()) {
            continue;
        }
        let lowered = index.lowercase_passages(ord, kind);
        for (passage, lower) in field_texts(page, kind).into_iter().zip(lowered) {
            let found: Vec<usize> = held.iter().filter_map(|n| lower.find(n)).collect();
            if !found.is_empty() && best.is_none_or(|(count, _, _)| found.len() > count) {
                best = Some((found.len(), passage, found.iter().min().copied()));
                if found.len() == held.len() {
                    break;
                }
            }
        }
    }
    let (text, anchor) = best.map_or((page.summary.as_str(), None), |(_, passage, first)| {
        (passage, first)
    });
    // ASCII lowercasing keeps byte offsets, so the anchor is an offset into `text`; snap it to a
    // character boundary in case the match sits inside a multi-byte character.
    let anchor = anchor.map(|a| {
        (0..=a)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0)
    });
    let (start, end) = window(text, anchor);
    let shown = &text[start..end];
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut at = 0;
    for (from, to) in highlights(shown, terms) {
        escape_into(&mut out, &shown[at..from]);
        out.push_str("<mark>");
        escape_into(&mut out, &shown[from..to]);
        out.push_str("</mark>");
        at = to;
    }
    escape_into(&mut out, &shown[at..]);
    if end < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needles_undo_common_stem_changes() {
        assert_eq!(needle("anxieti"), "anxiet");
        assert_eq!(needle("migrain"), "migrain");
    }

    #[test]
    fn highlights_merge_compound_and_parts() {
        let terms: HashSet<&str> = ["post", "traumat", "posttraumat"].into_iter().collect();
        assert_eq!(highlights("a post-traumatic b", &terms), [(2, 16)]);
    }

    #[test]
    fn long_text_is_windowed_on_spaces() {
        let text = "word ".repeat(100);
        let (start, end) = window(&text, Some(250));
        assert!(start > 0 && end < text.len());
        assert!(text[start..end].chars().count() <= SNIPPET_MAX_CHARS);
        assert!(!text[start..end].starts_with(' '));
    }
}
