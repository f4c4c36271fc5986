//! The shipped content keeps the rules it was written to: exactly the catalog's slugs, titles
//! and codes; the seed page carried over faithfully; new pages in range and awaiting review.

use std::collections::BTreeSet;

use condsearch::Engine;
use condsearch::catalog::{DISCLAIMER, SectionKind};

/// The clinic's list of conditions (a copy of `shared/catalog/conditions.tsv`): slug, title, codes.
const CATALOG_TSV: &str = include_str!("fixtures/conditions.tsv");

fn words(page: &condsearch::catalog::Condition) -> usize {
    let count = |t: &str| t.split_whitespace().count();
    count(&page.title)
        + count(&page.summary)
        + page
            .sections
            .iter()
            .flat_map(|s| std::iter::once(s.heading.as_str()).chain(s.texts()))
            .map(count)
            .sum::<usize>()
}

#[test]
fn pages_are_exactly_the_catalog() {
    let engine = Engine::embedded().unwrap();
    let mut expected = BTreeSet::new();
    for line in CATALOG_TSV.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let split = |s: &str| -> Vec<String> {
            s.split(',')
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect()
        };
        let page = engine
            .catalog()
            .get(f[0])
            .unwrap_or_else(|| panic!("no page for {}", f[0]));
        assert_eq!(page.title, f[1], "{}", f[0]);
        assert_eq!(page.icd10, split(f[2]), "{}", f[0]);
        assert_eq!(page.icd11, split(f[3]), "{}", f[0]);
        expected.insert(f[0].to_string());
    }
    let shipped: BTreeSet<String> = engine
        .catalog()
        .conditions()
        .iter()
        .map(|c| c.slug.clone())
        .collect();
    assert_eq!(shipped, expected);
}

#[test]
fn the_seed_page_is_carried_over() {
    let engine = Engine::embedded().unwrap();
    let crps = engine
        .catalog()
        .get("complex-regional-pain-syndrome")
        .unwrap();
    assert_eq!(
        crps.search_phrases,
        [
            "ketamine for CRPS",
            "ketamine for RSD",
            "complex regional pain syndrome treatment",
            "CRPS that won't go away",
            "ketamine infusion for nerve pain limb"
        ]
    );
    let review = crps.last_reviewed.as_ref().unwrap();
    assert_eq!(
        (review.date.as_str(), review.reviewer.as_str()),
        ("2026-05-31", "Dr. Ben Soffer, DO")
    );
    let faq = crps.section(SectionKind::FrequentlyAsked).unwrap();
    assert_eq!(faq.subsections.len(), 4);
    let refs = crps.section(SectionKind::References).unwrap();
    assert_eq!(refs.paragraphs.len(), 3);
}

#[test]
fn new_pages_follow_the_content_rules() {
    let engine = Engine::embedded().unwrap();
    for page in engine.catalog().conditions() {
        assert_eq!(page.disclaimer, DISCLAIMER, "{}", page.slug);
        assert_eq!(page.sections.len(), 9, "{}", page.slug);
        if page.slug == "complex-regional-pain-syndrome" {
            continue;
        }
        let n = words(page);
        assert!((600..=1200).contains(&n), "{}: {n} words", page.slug);
        assert!(
            page.search_phrases.len() >= 8,
            "{}: {} search phrases",
            page.slug,
            page.search_phrases.len()
        );
        assert!(
            page.last_reviewed.is_none(),
            "{}: a review date needs a real clinical review",
            page.slug
        );
    }
}

#[test]
fn only_the_seed_references_are_cited() {
    let engine = Engine::embedded().unwrap();
    let allowed = ["PMID 24075073", "PMID 29870458", "PMID 28249076"];
    for page in engine.catalog().conditions() {
        let refs = page.section(SectionKind::References).unwrap();
        for p in &refs.paragraphs {
            if let Some(at) = p.find("PMID") {
                let cited = &p[at..at + 13];
                assert!(allowed.contains(&cited), "{}: {cited}", page.slug);
            }
        }
    }
}
