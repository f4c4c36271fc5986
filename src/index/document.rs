//! How a page's text is divided among the index fields.
//!
//! The index builder, the per-page term sets and the snippet generator all read page text
//! through these functions, so a field always means the same text everywhere.

use super::schema::FieldKind;
use crate::analysis::analyzer;
use crate::catalog::{Condition, SectionKind};

/// The texts of `page` that make up field `kind`, in page order.
pub fn field_texts(page: &Condition, kind: FieldKind) -> Vec<&str> {
    let sections = |accept: fn(SectionKind) -> bool| -> Vec<&str> {
        page.sections
            .iter()
            .filter(|s| accept(s.kind))
            .flat_map(|s| s.texts())
            .collect()
    };
    match kind {
        FieldKind::Title => vec![page.title.as_str()],
        FieldKind::Aliases => page.aliases.iter().map(String::as_str).collect(),
        FieldKind::SearchPhrases => page.search_phrases.iter().map(String::as_str).collect(),
        FieldKind::Summary => vec![page.summary.as_str()],
        FieldKind::Body => sections(is_body),
        FieldKind::Faq => sections(|k| k == SectionKind::FrequentlyAsked),
        FieldKind::Differs => sections(|k| k == SectionKind::HowItDiffers),
    }
}

/// Sections that describe the condition itself. References are citations, not content.
fn is_body(kind: SectionKind) -> bool {
    !matches!(
        kind,
        SectionKind::HowItDiffers | SectionKind::FrequentlyAsked | SectionKind::References
    )
}

/// All the page's readable text, for the single-field baseline.
pub fn all_texts(page: &Condition) -> Vec<&str> {
    std::iter::once(page.title.as_str())
        .chain(std::iter::once(page.summary.as_str()))
        .chain(
            page.sections
                .iter()
                .filter(|s| s.kind != SectionKind::References)
                .flat_map(|s| s.texts()),
        )
        .collect()
}

/// Every way the page is named — the title, the title without and within its parentheses
/// ("Complex Regional Pain Syndrome", "CRPS"), the aliases, then the search phrases — each with
/// whether it is a search phrase.
pub fn names(page: &Condition) -> Vec<(&str, bool)> {
    let mut names: Vec<(&str, bool)> = vec![(page.title.as_str(), false)];
    if let Some((outside, inside)) = page.title.split_once('(') {
        names.push((outside, false));
        names.push((inside.trim_end_matches(')'), false));
    }
    names.extend(page.aliases.iter().map(|a| (a.as_str(), false)));
    names.extend(page.search_phrases.iter().map(|p| (p.as_str(), true)));
    names
}

/// The exact-match key of a name: its analyzed terms joined by spaces.
pub fn name_key(name: &str) -> String {
    analyzer().terms(name).join(" ")
}

/// The exact-match keys of a page, each with the first name it comes from and whether that is
/// a search phrase, sorted by key.
pub fn name_keys(page: &Condition) -> Vec<(String, &str, bool)> {
    let mut keys: Vec<(String, &str, bool)> = names(page)
        .into_iter()
        .map(|(n, phrase)| (name_key(n), n, phrase))
        .filter(|(k, _, _)| !k.is_empty())
        .collect();
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    keys.dedup_by(|a, b| a.0 == b.0);
    keys
}
