//! The tantivy schema: one field per kind of page text, so each can be weighted by how much
//! it says about the page.

use serde::Serialize;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis::ANALYZER_NAME;

/// The analyzed text fields, strongest first. Search weights, explanations and confidence all
/// speak in these terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// The page title.
    Title,
    /// Clinical synonyms, former names, eponyms, abbreviations.
    Aliases,
    /// How people search for the page.
    SearchPhrases,
    /// The one-line description.
    Summary,
    /// The sections that describe the condition and its care.
    Body,
    /// "Frequently asked": questions and answers.
    Faq,
    /// "How it differs": mostly about *other* conditions, so it says little about this one.
    Differs,
}

impl FieldKind {
    /// Every text field, strongest first.
    pub const ALL: [FieldKind; 7] = [
        FieldKind::Title,
        FieldKind::Aliases,
        FieldKind::SearchPhrases,
        FieldKind::Summary,
        FieldKind::Body,
        FieldKind::Faq,
        FieldKind::Differs,
    ];

    /// Position in [`FieldKind::ALL`], for per-field arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The schema name of the field.
    pub fn name(self) -> &'static str {
        match self {
            FieldKind::Title => "title",
            FieldKind::Aliases => "aliases",
            FieldKind::SearchPhrases => "search_phrases",
            FieldKind::Summary => "summary",
            FieldKind::Body => "body",
            FieldKind::Faq => "faq",
            FieldKind::Differs => "differs",
        }
    }

    /// Names the page by what it is: a match here alone can identify the page.
    pub fn is_naming(self) -> bool {
        matches!(
            self,
            FieldKind::Title | FieldKind::Aliases | FieldKind::SearchPhrases
        )
    }

    /// Whether term counts and length normalization apply. Names and phrases are lists:
    /// a page with many aliases must not score lower for each one.
    fn has_fieldnorms(self) -> bool {
        !matches!(self, FieldKind::Aliases | FieldKind::SearchPhrases)
    }
}

/// Handles to every field of the schema, so no code looks fields up by name.
#[derive(Debug, Clone)]
pub struct Fields {
    text: [Field; FieldKind::ALL.len()],
    /// Every way the page is named, analyzed and joined: a whole query equal to one of them
    /// is an exact match.
    pub names: Field,
    /// The page's ICD codes, normalized (`g905`).
    pub codes: Field,
    /// The ancestors of the page's codes (`g90`), so a broader code still finds the page.
    pub code_parents: Field,
    /// All page text in one field, for the plain-BM25 baseline of the ablation study.
    pub all_text: Field,
    /// The page's position in the catalog.
    pub ord: Field,
}

/// Name of the fast field holding a document's catalog position.
pub const ORD_FIELD: &str = "ord";

impl Fields {
    /// The tantivy field of a text field kind.
    pub fn text(&self, kind: FieldKind) -> Field {
        self.text[kind.index()]
    }

    /// Builds the schema and the handles into it.
    pub fn schema() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        let analyzed = |norms: bool| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(ANALYZER_NAME)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions)
                    .set_fieldnorms(norms),
            )
        };
        let text = FieldKind::ALL
            .map(|kind| builder.add_text_field(kind.name(), analyzed(kind.has_fieldnorms())));
        let names = builder.add_text_field("names", STRING);
        let codes = builder.add_text_field("codes", STRING);
        let code_parents = builder.add_text_field("code_parents", STRING);
        let all_text = builder.add_text_field("all_text", analyzed(true));
        let ord = builder.add_u64_field(ORD_FIELD, NumericOptions::default().set_fast());
        (
            builder.build(),
            Fields {
                text,
                names,
                codes,
                code_parents,
                all_text,
                ord,
            },
        )
    }
}
