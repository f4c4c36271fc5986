//! Synonym tables (`synonyms/*.txt`) in the Solr / Elasticsearch format.
//!
//! Parsing (line by line, with located errors) and the compiled map used at query time are
//! separate concerns, in `parser` and `graph`.

mod graph;
mod parser;

pub use graph::{Alternative, Expansion, MAX_ALTERNATIVES, SynonymMap};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::SourceFile;

impl SynonymMap {
    /// Parses and compiles every table; malformed lines are reported and skipped.
    pub fn load(files: &[SourceFile]) -> (SynonymMap, Diagnostics) {
        let mut diagnostics = Diagnostics::default();
        let mut rules = Vec::new();
        for file in files {
            let parsed = parser::parse(file, &mut diagnostics);
            if parsed.is_empty() {
                diagnostics.push(Diagnostic::warning(
                    &file.path,
                    None,
                    "synonym table has no rules",
                ));
            }
            rules.extend(parsed);
        }
        (SynonymMap::from_rules(&rules), diagnostics.sorted())
    }
}
