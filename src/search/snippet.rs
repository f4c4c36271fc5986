//! Snippets: the passage of a page that best shows why it matched, with the matched words
//! marked.
//!
//! The snippet is HTML: the page text escaped, matched words wrapped in `<mark>`. Passages are
//! the summary first, then the body, FAQ and comparison paragraphs; the one holding the most
//! distinct matched terms wins, the summary on ties. The choice reads the per-passage term sets
//! built with the index; of the chosen passage, only the window shown is analyzed again.

use std::collections::HashSet;

use super::limits::SNIPPET_MAX_CHARS;
use crate::analysis::analyzer;
use crate::catalog::Condition;
use crate::html::escape_into;
use crate::index::{CatalogIndex, FieldKind, TermId, field_texts};

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
    let table = index.terms();
    let ids: Vec<TermId> = terms.iter().filter_map(|t| table.id(t)).collect();
    // The passage holding the most distinct matched terms, read from the per-passage term sets;
    // a field is skipped when it cannot beat the best passage so far.
    let mut best: Option<(usize, FieldKind, usize)> = None;
    for kind in [
        FieldKind::Summary,
        FieldKind::Body,
        FieldKind::Faq,
        FieldKind::Differs,
    ] {
        let held: Vec<TermId> = ids
            .iter()
            .copied()
            .filter(|&id| table.page_has_all(ord, kind, &[Some(id)]))
            .collect();
        if held.is_empty() || best.is_some_and(|(count, _, _)| count >= held.len()) {
            continue;
        }
        for (i, passage) in table.passages(ord, kind).iter().enumerate() {
            let count = held
                .iter()
                .filter(|id| passage.binary_search(id).is_ok())
                .count();
            if count > 0 && best.is_none_or(|(most, _, _)| count > most) {
                best = Some((count, kind, i));
                if count == held.len() {
                    break;
                }
            }
        }
    }
    let text = best.map_or(page.summary.as_str(), |(_, kind, i)| {
        field_texts(page, kind)[i]
    });
    // Where the first match is, by a cheap substring test; ASCII lowercasing keeps byte offsets,
    // and the offset is snapped to a character boundary in case it sits inside a multi-byte one.
    // Only the window shown is analyzed, to place the marks.
    let lower = text.to_ascii_lowercase();
    let anchor = terms
        .iter()
        .filter_map(|t| lower.find(needle(t)))
        .min()
        .map(|a| {
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
