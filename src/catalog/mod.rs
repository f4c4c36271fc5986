//! The condition pages: loading, parsing and validating them.
//!
//! A page is Markdown with TOML front matter (`+++`), as static site generators write it, so a
//! website's own content folder can be indexed as it is. [`Catalog::load`] parses every page,
//! checks every rule, and returns the valid pages together with every problem found.

mod body;
mod front_matter;
mod page;
mod validate;

use std::collections::HashMap;

pub use body::DISCLAIMER;
pub use page::{Condition, Review, Section, SectionKind, Subsection};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::SourceFile;

/// The set of condition pages, sorted by slug.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    conditions: Vec<Condition>,
    by_slug: HashMap<String, usize>,
}

impl Catalog {
    /// Parses and validates `files`; pages with errors are left out of the catalog.
    ///
    /// Every problem found is in the returned diagnostics; serve nothing built from a load
    /// whose diagnostics have errors.
    pub fn load(files: &[SourceFile]) -> (Catalog, Diagnostics) {
        let mut diagnostics = Diagnostics::default();
        if files.is_empty() {
            diagnostics.push(Diagnostic::error(
                "catalog",
                None,
                "no condition pages (*.md) found; point --catalog at the folder holding them",
            ));
        }
        let mut parsed = Vec::new();
        for file in files {
            let split = match front_matter::split(file) {
                Ok(split) => split,
                Err(d) => {
                    diagnostics.push(d);
                    continue;
                }
            };
            let front = match front_matter::parse(file, &split) {
                Ok(front) => front,
                Err(ds) => {
                    diagnostics.extend(ds);
                    continue;
                }
            };
            let mut page_diagnostics = Diagnostics::default();
            validate::page(file, &front, &mut page_diagnostics);
            let body = body::parse(file, split.body_offset, &mut page_diagnostics);
            let valid = !page_diagnostics.has_errors();
            diagnostics.extend(page_diagnostics);
            parsed.push((file, front, body, valid));
        }
        let refs: Vec<validate::PageRef<'_>> = parsed
            .iter()
            .map(|(file, front, _, _)| validate::PageRef { file, front })
            .collect();
        let mut across = Diagnostics::default();
        validate::across(&refs, files, &mut across);
        let invalid_files: Vec<String> = across
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Error)
            .map(|d| d.path.clone())
            .collect();
        diagnostics.extend(across);

        let mut conditions: Vec<Condition> = parsed
            .into_iter()
            .filter(|(file, _, _, valid)| *valid && !invalid_files.contains(&file.path))
            .map(|(file, front, body, _)| Condition {
                slug: front.slug.value,
                title: front.title.value,
                icd10: front.icd10.into_iter().map(|c| c.value).collect(),
                icd11: front.icd11.into_iter().map(|c| c.value).collect(),
                summary: front.summary.value,
                search_phrases: front.search_phrases.into_iter().map(|p| p.value).collect(),
                aliases: front.aliases.into_iter().map(|a| a.value).collect(),
                related: front.related.into_iter().map(|r| r.value).collect(),
                last_reviewed: front.last_reviewed.map(|r| Review {
                    date: r.value.0,
                    reviewer: r.value.1,
                }),
                sections: body.sections,
                disclaimer: body.disclaimer,
                source: file.path.clone(),
            })
            .collect();
        conditions.sort_by(|a, b| a.slug.cmp(&b.slug));
        (Catalog::from_conditions(conditions), diagnostics.sorted())
    }

    /// A catalog of already-built pages (tests, synthetic catalogs for benchmarks).
    pub fn from_conditions(mut conditions: Vec<Condition>) -> Catalog {
        conditions.sort_by(|a, b| a.slug.cmp(&b.slug));
        let by_slug = conditions
            .iter()
            .enumerate()
            .map(|(i, c)| (c.slug.clone(), i))
            .collect();
        Catalog {
            conditions,
            by_slug,
        }
    }

    /// The pages, sorted by slug.
    pub fn conditions(&self) -> &[Condition] {
        &self.conditions
    }

    /// The page with `slug`.
    pub fn get(&self, slug: &str) -> Option<&Condition> {
        self.by_slug.get(slug).map(|&i| &self.conditions[i])
    }

    /// Number of pages.
    pub fn len(&self) -> usize {
        self.conditions.len()
    }

    /// Whether the catalog has no pages.
    pub fn is_empty(&self) -> bool {
        self.conditions.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{ContentKind, Source};

    #[test]
    fn shipped_catalog_loads_without_errors() {
        let files = Source::Embedded.files(ContentKind::Catalog).unwrap();
        let (catalog, diagnostics) = Catalog::load(&files);
        assert!(!diagnostics.has_errors(), "{diagnostics}");
        assert_eq!(catalog.len(), 25);
        let crps = catalog.get("complex-regional-pain-syndrome").unwrap();
        assert_eq!(crps.search_phrases.len(), 5);
        assert_eq!(crps.icd11, ["MG30.04", "8D8A.0"]);
        assert_eq!(
            crps.last_reviewed.as_ref().unwrap().reviewer,
            "Dr. Ben Soffer, DO"
        );
        assert_eq!(crps.sections.len(), 9);
    }
}
