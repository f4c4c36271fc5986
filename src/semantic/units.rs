//! What of a page is embedded: its names, its search phrases, its summary, its questions, and
//! its text in passages of about a hundred words.
//!
//! Short units (a title, a phrase, a question) match short queries well; passages carry the
//! symptoms and situations a page describes in sentences. "How it differs" is left out: it
//! describes other conditions. The references are left out: they are titles of papers.

use serde::Serialize;

use crate::catalog::{Condition, SectionKind};

/// Words a passage collects before it is closed (at a paragraph's end).
pub const PASSAGE_WORDS: usize = 100;

/// Where on the page a unit comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// The page title.
    Title,
    /// A clinical synonym or abbreviation.
    Alias,
    /// One of "Common ways people search for this".
    SearchPhrase,
    /// The line under the title.
    Summary,
    /// A question of "Frequently asked".
    Question,
    /// A passage of the body or of an answer.
    Passage,
}

impl UnitKind {
    /// Every kind, in the order a page's units are listed.
    pub const ALL: [UnitKind; 6] = [
        UnitKind::Title,
        UnitKind::Alias,
        UnitKind::SearchPhrase,
        UnitKind::Summary,
        UnitKind::Question,
        UnitKind::Passage,
    ];

    /// Whether the unit names the page (title, alias, search phrase) rather than describes it.
    pub fn is_name(self) -> bool {
        matches!(
            self,
            UnitKind::Title | UnitKind::Alias | UnitKind::SearchPhrase
        )
    }

    /// The name used in explanations and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Title => "title",
            UnitKind::Alias => "alias",
            UnitKind::SearchPhrase => "search phrase",
            UnitKind::Summary => "summary",
            UnitKind::Question => "question",
            UnitKind::Passage => "passage",
        }
    }
}

/// One embedded piece of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The page's catalog position.
    pub page: u32,
    /// Where on the page it is.
    pub kind: UnitKind,
    /// The text embedded.
    pub text: String,
}

/// The units of one page, in page order.
pub fn page_units(page: &Condition, ord: u32) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut push = |kind, text: &str| {
        if !text.trim().is_empty() {
            units.push(Unit {
                page: ord,
                kind,
                text: text.to_string(),
            })
        }
    };
    push(UnitKind::Title, &page.title);
    page.aliases.iter().for_each(|a| push(UnitKind::Alias, a));
    page.search_phrases
        .iter()
        .for_each(|p| push(UnitKind::SearchPhrase, p));
    push(UnitKind::Summary, &page.summary);
    for section in &page.sections {
        match section.kind {
            SectionKind::HowItDiffers | SectionKind::References => {}
            SectionKind::FrequentlyAsked => {
                for question in &section.subsections {
                    push(UnitKind::Question, &question.heading);
                    for passage in passages(question.paragraphs.iter().map(String::as_str)) {
                        push(UnitKind::Passage, &passage);
                    }
                }
            }
            _ => {
                let texts = section.paragraphs.iter().map(String::as_str).chain(
                    section.subsections.iter().flat_map(|s| {
                        std::iter::once(s.heading.as_str())
                            .chain(s.paragraphs.iter().map(String::as_str))
                    }),
                );
                for passage in passages(texts) {
                    push(UnitKind::Passage, &passage);
                }
            }
        }
    }
    units
}

/// Joins paragraphs into passages of about [`PASSAGE_WORDS`] words, never splitting one.
fn passages<'a>(paragraphs: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut words = 0;
    for p in paragraphs {
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(p.trim());
        words += p.split_whitespace().count();
        if words >= PASSAGE_WORDS {
            out.push(std::mem::take(&mut current));
            words = 0;
        }
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passages_close_at_a_paragraph_end_after_enough_words() {
        let long = "word ".repeat(PASSAGE_WORDS);
        let got = passages([long.as_str(), "short one", "short two"].into_iter());
        assert_eq!(got.len(), 2);
        assert_eq!(got[1], "short one short two");
    }
}
