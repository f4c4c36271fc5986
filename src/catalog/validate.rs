//! Checks that span a page's fields or several pages; one function per rule.
//!
//! Each rule adds to the shared [`Diagnostics`] and never stops the others, so `condsearch check`
//! shows every problem in one run.

use std::collections::HashMap;

use super::front_matter::{FrontMatter, Located};
use crate::analysis::analyzer;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::icd::{CodeSystem, is_well_formed};
use crate::source::SourceFile;

/// A page's front matter with the file it came from, for cross-page rules.
pub(crate) struct PageRef<'a> {
    pub(crate) file: &'a SourceFile,
    pub(crate) front: &'a FrontMatter,
}

/// The rules that look at one page's front matter.
pub(crate) fn page(file: &SourceFile, front: &FrontMatter, diagnostics: &mut Diagnostics) {
    required_text(file, &front.title, "title", diagnostics);
    required_text(file, &front.summary, "summary", diagnostics);
    slug_matches_file(file, front, diagnostics);
    codes(file, CodeSystem::Icd10, &front.icd10, diagnostics);
    codes(file, CodeSystem::Icd11, &front.icd11, diagnostics);
    list_entries(file, "search_phrases", &front.search_phrases, diagnostics);
    list_entries(file, "aliases", &front.aliases, diagnostics);
    related_is_not_self(file, front, diagnostics);
    review_recorded(file, front, diagnostics);
}

/// The rules that compare pages with each other. `files` are all page files, including those
/// whose front matter did not parse: a page that exists but is broken is reported once, not
/// again by every page that relates to it.
pub(crate) fn across(pages: &[PageRef<'_>], files: &[SourceFile], diagnostics: &mut Diagnostics) {
    unique_slugs(pages, diagnostics);
    related_pages_exist(pages, files, diagnostics);
    phrases_on_one_page(pages, diagnostics);
    aliases_on_one_page(pages, diagnostics);
}

fn error(file: &SourceFile, line: usize, message: String) -> Diagnostic {
    Diagnostic::error(&file.path, Some(line), message)
}

fn required_text(file: &SourceFile, value: &Located<String>, field: &str, d: &mut Diagnostics) {
    if value.value.trim().is_empty() {
        d.push(error(file, value.line, format!("`{field}` is empty")));
    }
}

fn slug_matches_file(file: &SourceFile, front: &FrontMatter, d: &mut Diagnostics) {
    let slug = &front.slug;
    let well_formed = !slug.value.is_empty()
        && slug
            .value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !well_formed {
        d.push(error(
            file,
            slug.line,
            format!(
                "slug '{}' must use only lowercase letters, digits and hyphens",
                slug.value
            ),
        ));
    } else if slug.value != file.stem() {
        d.push(error(
            file,
            slug.line,
            format!(
                "slug '{}' differs from the file name '{}': the file must be named '{}.md'",
                slug.value,
                file.stem(),
                slug.value
            ),
        ));
    }
}

fn codes(file: &SourceFile, system: CodeSystem, codes: &[Located<String>], d: &mut Diagnostics) {
    for code in codes {
        if !is_well_formed(system, &code.value) {
            d.push(error(
                file,
                code.line,
                format!(
                    "{} code '{}' is not well formed; expected a code such as {}",
                    system.name(),
                    code.value,
                    system.example()
                ),
            ));
        }
    }
}

fn list_entries(file: &SourceFile, field: &str, entries: &[Located<String>], d: &mut Diagnostics) {
    let mut seen: HashMap<Vec<String>, &Located<String>> = HashMap::new();
    for entry in entries {
        let key = analyzer().terms(&entry.value);
        if key.is_empty() {
            d.push(error(
                file,
                entry.line,
                format!("`{field}` has an entry with no words: '{}'", entry.value),
            ));
        } else if let Some(first) = seen.get(&key) {
            d.push(error(
                file,
                entry.line,
                format!(
                    "`{field}` lists '{}' twice (also as '{}' on line {})",
                    entry.value, first.value, first.line
                ),
            ));
        } else {
            seen.insert(key, entry);
        }
    }
}

fn related_is_not_self(file: &SourceFile, front: &FrontMatter, d: &mut Diagnostics) {
    for related in &front.related {
        if related.value == front.slug.value {
            d.push(error(
                file,
                related.line,
                format!("`related` lists the page's own slug '{}'", related.value),
            ));
        }
    }
}

fn review_recorded(file: &SourceFile, front: &FrontMatter, d: &mut Diagnostics) {
    if front.last_reviewed.is_none() {
        d.push(Diagnostic::warning(
            &file.path,
            Some(1),
            "awaiting clinical review: no [last_reviewed] date and reviewer yet",
        ));
    }
}

fn unique_slugs(pages: &[PageRef<'_>], d: &mut Diagnostics) {
    let mut first: HashMap<&str, &PageRef<'_>> = HashMap::new();
    for page in pages {
        let slug = &page.front.slug;
        match first.get(slug.value.as_str()) {
            Some(other) => d.push(error(
                page.file,
                slug.line,
                format!(
                    "duplicate slug '{}': also used by {}:{}",
                    slug.value, other.file.path, other.front.slug.line
                ),
            )),
            None => {
                first.insert(&slug.value, page);
            }
        }
    }
}

fn related_pages_exist(pages: &[PageRef<'_>], files: &[SourceFile], d: &mut Diagnostics) {
    let slugs: std::collections::HashSet<&str> = pages
        .iter()
        .map(|p| p.front.slug.value.as_str())
        .chain(files.iter().map(SourceFile::stem))
        .collect();
    for page in pages {
        for related in &page.front.related {
            if !slugs.contains(related.value.as_str()) {
                d.push(error(
                    page.file,
                    related.line,
                    format!(
                        "related slug '{}' has no page in the catalog",
                        related.value
                    ),
                ));
            }
        }
    }
}

fn phrases_on_one_page(pages: &[PageRef<'_>], d: &mut Diagnostics) {
    let mut first: HashMap<Vec<String>, (&PageRef<'_>, &Located<String>)> = HashMap::new();
    for page in pages {
        for phrase in &page.front.search_phrases {
            let key = analyzer().terms(&phrase.value);
            if key.is_empty() {
                continue;
            }
            match first.get(&key) {
                Some((other, _)) if std::ptr::eq(other.file, page.file) => {}
                Some((other, other_phrase)) => d.push(error(
                    page.file,
                    phrase.line,
                    format!(
                        "search phrase '{}' is also listed on {}:{}; a phrase must lead to one page",
                        phrase.value, other.file.path, other_phrase.line
                    ),
                )),
                None => {
                    first.insert(key, (page, phrase));
                }
            }
        }
    }
}

fn aliases_on_one_page(pages: &[PageRef<'_>], d: &mut Diagnostics) {
    let mut first: HashMap<Vec<String>, (&PageRef<'_>, &Located<String>)> = HashMap::new();
    for page in pages {
        for alias in &page.front.aliases {
            let key = analyzer().terms(&alias.value);
            match first.get(&key) {
                Some((other, _)) if std::ptr::eq(other.file, page.file) => {}
                Some((other, other_alias)) => d.push(Diagnostic::warning(
                    &page.file.path,
                    Some(alias.line),
                    format!(
                        "alias '{}' is also an alias on {}:{}; searches for it cannot tell the pages apart",
                        alias.value, other.file.path, other_alias.line
                    ),
                )),
                None => {
                    first.insert(key, (page, alias));
                }
            }
        }
    }
}
