//! Problems found in content, each pinned to a file and line like a compiler message.
//!
//! Content is written by people, so validation reports every problem at once rather than
//! stopping at the first: a `Diagnostics` collects them, and the caller decides whether any
//! error blocks the content from being served.

use std::fmt;

use serde::Serialize;

/// How serious a problem is: errors block the content, warnings are only reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth attention, but the content can be served.
    Warning,
    /// The content cannot be served until this is fixed.
    Error,
}

/// One problem, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file, as the user named it (`index/fibromyalgia.md`).
    pub path: String,
    /// 1-based line, where the problem has one.
    pub line: Option<usize>,
    /// 1-based column (in characters), where known.
    pub column: Option<usize>,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and, where possible, what to do about it.
    pub message: String,
}

impl Diagnostic {
    /// An error at `path:line`.
    pub fn error(path: &str, line: Option<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path: path.to_string(),
            line,
            column: None,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    /// A warning at `path:line`.
    pub fn warning(path: &str, line: Option<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, message)
        }
    }

    /// The same diagnostic with a column.
    pub fn at_column(mut self, column: usize) -> Diagnostic {
        self.column = Some(column);
        self
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:column: severity: message`, leaving out what is unknown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, ": {severity}: {}", self.message)
    }
}

/// Every problem found in one load of the content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Takes over every problem of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Whether any problem blocks the content.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// Problems in file and line order, so output reads top to bottom.
    pub fn sorted(mut self) -> Diagnostics {
        self.items
            .sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        self
    }

    /// The problems, in the order found (or sorted, after [`Diagnostics::sorted`]).
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    /// One diagnostic per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Maps byte offsets of a text to 1-based line and column numbers.
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, line_starts }
    }

    /// 1-based (line, column) of a byte offset; the column counts characters.
    pub fn locate(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_compiler_style() {
        let d = Diagnostic::error("index/a.md", Some(3), "bad thing").at_column(7);
        assert_eq!(d.to_string(), "index/a.md:3:7: error: bad thing");
        let w = Diagnostic::warning("index/a.md", None, "note");
        assert_eq!(w.to_string(), "index/a.md: warning: note");
    }

    #[test]
    fn line_index_locates_offsets() {
        let idx = LineIndex::new("ab\ncdé\nf");
        assert_eq!(idx.locate(0), (1, 1));
        assert_eq!(idx.locate(3), (2, 1));
        assert_eq!(idx.locate(7), (2, 4));
        assert_eq!(idx.locate(8), (3, 1));
    }

    #[test]
    fn counts_and_order() {
        let mut ds = Diagnostics::default();
        ds.push(Diagnostic::warning("b", Some(1), "w"));
        ds.push(Diagnostic::error("a", Some(2), "e"));
        assert!(ds.has_errors());
        assert_eq!((ds.error_count(), ds.warning_count()), (1, 1));
        let sorted: Vec<String> = ds.sorted().iter().map(|d| d.path.clone()).collect();
        assert_eq!(sorted, ["a", "b"]);
    }
}
