//! A condition page as the rest of the engine sees it: typed front matter and typed sections.

use serde::Serialize;

/// The clinic's page for one condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Condition {
    /// The URL and file name of the page (`complex-regional-pain-syndrome`).
    pub slug: String,
    /// The page title (`Complex Regional Pain Syndrome (CRPS)`).
    pub title: String,
    /// ICD-10 codes, as printed (`G90.5`).
    pub icd10: Vec<String>,
    /// ICD-11 codes, as printed (`MG30.04`).
    pub icd11: Vec<String>,
    /// The one-line description under the title.
    pub summary: String,
    /// How people search for this condition ("Common ways people search for this").
    pub search_phrases: Vec<String>,
    /// Clinical synonyms, former names, eponyms and abbreviations.
    pub aliases: Vec<String>,
    /// Slugs of the conditions compared in "How it differs".
    pub related: Vec<String>,
    /// The last clinical review, if a clinician has reviewed the page.
    pub last_reviewed: Option<Review>,
    /// The body sections, in page order.
    pub sections: Vec<Section>,
    /// The educational disclaimer that closes the page.
    pub disclaimer: String,
    /// The file the page was read from.
    #[serde(skip)]
    pub source: String,
}

impl Condition {
    /// The page's path on the website.
    pub fn url(&self) -> String {
        format!("/conditions/{}", self.slug)
    }

    /// The section of a kind, if the page has it.
    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == kind)
    }
}

/// Who reviewed a page, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    /// ISO date of the review (`2026-05-31`).
    pub date: String,
    /// The clinician (`Dr. Ben Soffer, DO`).
    pub reviewer: String,
}

/// The sections every page has, in the seed page's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// "The short version": the page in bullets.
    ShortVersion,
    /// "Clinical definition".
    ClinicalDefinition,
    /// "How it differs from related conditions", one `### vs. X` per condition.
    HowItDiffers,
    /// "First-line treatments", one `###` per treatment.
    FirstLineTreatments,
    /// "When standard treatments fail".
    WhenStandardTreatmentsFail,
    /// "Where ketamine fits".
    WhereKetamineFits,
    /// "Where this fits with Tovani".
    WhereTovaniFits,
    /// "Frequently asked", one `###` per question.
    FrequentlyAsked,
    /// "References".
    References,
}

impl SectionKind {
    /// Every section, in the order a page must have them.
    pub const ALL: [SectionKind; 9] = [
        SectionKind::ShortVersion,
        SectionKind::ClinicalDefinition,
        SectionKind::HowItDiffers,
        SectionKind::FirstLineTreatments,
        SectionKind::WhenStandardTreatmentsFail,
        SectionKind::WhereKetamineFits,
        SectionKind::WhereTovaniFits,
        SectionKind::FrequentlyAsked,
        SectionKind::References,
    ];

    /// The `##` heading text of the section.
    pub fn heading(self) -> &'static str {
        match self {
            SectionKind::ShortVersion => "The short version",
            SectionKind::ClinicalDefinition => "Clinical definition",
            SectionKind::HowItDiffers => "How it differs from related conditions",
            SectionKind::FirstLineTreatments => "First-line treatments",
            SectionKind::WhenStandardTreatmentsFail => "When standard treatments fail",
            SectionKind::WhereKetamineFits => "Where ketamine fits",
            SectionKind::WhereTovaniFits => "Where this fits with Tovani",
            SectionKind::FrequentlyAsked => "Frequently asked",
            SectionKind::References => "References",
        }
    }

    /// The section whose heading is `heading`, compared without regard to case.
    pub fn from_heading(heading: &str) -> Option<SectionKind> {
        SectionKind::ALL
            .into_iter()
            .find(|k| k.heading().eq_ignore_ascii_case(heading.trim()))
    }

    /// Whether the section is organised in `###` subsections (and must have at least one).
    pub fn has_subsections(self) -> bool {
        matches!(
            self,
            SectionKind::HowItDiffers
                | SectionKind::FirstLineTreatments
                | SectionKind::FrequentlyAsked
        )
    }
}

/// One `##` section of a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Which section this is.
    pub kind: SectionKind,
    /// The heading as written.
    pub heading: String,
    /// Paragraphs and list items before the first subsection, as plain text.
    pub paragraphs: Vec<String>,
    /// The `###` subsections.
    pub subsections: Vec<Subsection>,
}

impl Section {
    /// All text of the section, subsection headings included, in page order.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.paragraphs
            .iter()
            .map(String::as_str)
            .chain(self.subsections.iter().flat_map(|s| {
                std::iter::once(s.heading.as_str()).chain(s.paragraphs.iter().map(String::as_str))
            }))
    }
}

/// One `###` subsection: a comparison, a treatment or a question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subsection {
    /// The heading as written (`vs. Chronic pain`, `Will ketamine cure my CRPS?`).
    pub heading: String,
    /// Paragraphs and list items, as plain text.
    pub paragraphs: Vec<String>,
}
