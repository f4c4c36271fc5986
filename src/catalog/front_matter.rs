//! The TOML front matter between `+++` lines, as Hugo and Zola write it.
//!
//! Every value keeps the line it was written on, so later checks (a `related` slug with no page,
//! a malformed code, a duplicated phrase) can point at the exact line.

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics, LineIndex};
use crate::source::SourceFile;

/// The line that opens and closes the front matter.
const FENCE: &str = "+++";

/// A value and the 1-based line of the file it was written on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Located<T> {
    pub(crate) value: T,
    pub(crate) line: usize,
}

/// The front matter of one page, every value located.
#[derive(Debug, Clone)]
pub(crate) struct FrontMatter {
    pub(crate) title: Located<String>,
    pub(crate) slug: Located<String>,
    pub(crate) icd10: Vec<Located<String>>,
    pub(crate) icd11: Vec<Located<String>>,
    pub(crate) summary: Located<String>,
    pub(crate) search_phrases: Vec<Located<String>>,
    pub(crate) aliases: Vec<Located<String>>,
    pub(crate) related: Vec<Located<String>>,
    pub(crate) last_reviewed: Option<Located<(String, String)>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: Spanned<String>,
    slug: Spanned<String>,
    icd10: Vec<Spanned<String>>,
    icd11: Vec<Spanned<String>>,
    summary: Spanned<String>,
    search_phrases: Vec<Spanned<String>>,
    aliases: Vec<Spanned<String>>,
    related: Vec<Spanned<String>>,
    last_reviewed: Option<Spanned<RawReview>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReview {
    date: toml::value::Datetime,
    reviewer: String,
}

/// A page split at its fences.
#[derive(Debug)]
pub(crate) struct Split<'a> {
    /// The TOML between the fences.
    pub(crate) toml: &'a str,
    /// Byte offset of the TOML in the file.
    pub(crate) toml_offset: usize,
    /// Byte offset of the body in the file.
    pub(crate) body_offset: usize,
}

/// Splits a page into front matter and body, or explains why it cannot.
pub(crate) fn split(file: &SourceFile) -> Result<Split<'_>, Diagnostic> {
    let text = file.text.strip_prefix('\u{FEFF}').unwrap_or(&file.text);
    let bom = file.text.len() - text.len();
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != FENCE {
        return Err(Diagnostic::error(
            &file.path,
            Some(1),
            "a page must start with a '+++' line that opens its TOML front matter",
        ));
    }
    let toml_offset = bom + first.len();
    let mut offset = toml_offset;
    for line in lines {
        if line.trim_end() == FENCE {
            return Ok(Split {
                toml: &file.text[toml_offset..offset],
                toml_offset,
                body_offset: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        &file.path,
        Some(1),
        "the front matter opened here is never closed: add a '+++' line after it",
    ))
}

/// Decodes the front matter, reporting TOML errors and missing or unknown fields.
pub(crate) fn parse(file: &SourceFile, split: &Split<'_>) -> Result<FrontMatter, Diagnostics> {
    let lines = LineIndex::new(&file.text);
    let line_of = |span: std::ops::Range<usize>| lines.locate(split.toml_offset + span.start).0;
    let raw: RawFrontMatter = toml::from_str(split.toml).map_err(|e| {
        let mut diagnostics = Diagnostics::default();
        let message = e.message().trim().to_string();
        // serde reports a missing field against the whole table: point at the opening fence.
        let diagnostic = match e.span() {
            Some(span) if !message.starts_with("missing field") => {
                let (line, column) = lines.locate(split.toml_offset + span.start);
                Diagnostic::error(&file.path, Some(line), message).at_column(column)
            }
            _ => Diagnostic::error(&file.path, Some(1), format!("front matter: {message}")),
        };
        diagnostics.push(diagnostic);
        diagnostics
    })?;
    let located = |s: Spanned<String>| Located {
        line: line_of(s.span()),
        value: s.into_inner(),
    };
    let list = |v: Vec<Spanned<String>>| v.into_iter().map(located).collect::<Vec<_>>();
    let mut diagnostics = Diagnostics::default();
    let last_reviewed = raw.last_reviewed.and_then(|r| {
        let line = line_of(r.span());
        let review = r.into_inner();
        match review.date.date {
            Some(date) if review.date.time.is_none() => Some(Located {
                value: (date.to_string(), review.reviewer),
                line,
            }),
            _ => {
                diagnostics.push(Diagnostic::error(
                    &file.path,
                    Some(line),
                    format!(
                        "last_reviewed.date '{}' must be a plain date such as 2026-05-31",
                        review.date
                    ),
                ));
                None
            }
        }
    });
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(FrontMatter {
        title: located(raw.title),
        slug: located(raw.slug),
        icd10: list(raw.icd10),
        icd11: list(raw.icd11),
        summary: located(raw.summary),
        search_phrases: list(raw.search_phrases),
        aliases: list(raw.aliases),
        related: list(raw.related),
        last_reviewed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            path: "index/x.md".into(),
            text: text.into(),
        }
    }

    const GOOD: &str = "+++\ntitle = \"T\"\nslug = \"x\"\nicd10 = [\"F32\"]\nicd11 = []\n\
        summary = \"S\"\nsearch_phrases = [\"a\", \"b\"]\naliases = []\nrelated = []\n+++\nbody\n";

    #[test]
    fn splits_at_fences() {
        let f = file(GOOD);
        let s = split(&f).unwrap();
        assert!(s.toml.starts_with("title"));
        assert_eq!(&f.text[s.body_offset..], "body\n");
    }

    #[test]
    fn values_keep_their_lines() {
        let f = file(GOOD);
        let fm = parse(&f, &split(&f).unwrap()).unwrap();
        assert_eq!(fm.title.line, 2);
        assert_eq!(fm.search_phrases[1].line, 7);
        assert!(fm.last_reviewed.is_none());
    }

    #[test]
    fn missing_opening_fence() {
        let err = split(&file("title = 1\n")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "index/x.md:1: error: a page must start with a '+++' line that opens its TOML front matter"
        );
    }

    #[test]
    fn unclosed_front_matter() {
        let err = split(&file("+++\ntitle = 1\n")).unwrap_err();
        assert!(err.to_string().contains("never closed"), "{err}");
    }

    #[test]
    fn unknown_field_is_located() {
        let text = GOOD.replace("aliases = []", "aliases = []\ncolour = \"red\"");
        let f = file(&text);
        let err = parse(&f, &split(&f).unwrap()).unwrap_err();
        let msg = err.iter().next().unwrap().to_string();
        assert!(
            msg.starts_with("index/x.md:9:1: error: unknown field `colour`"),
            "{msg}"
        );
    }

    #[test]
    fn missing_field_points_at_fence() {
        let text = GOOD.replace("summary = \"S\"\n", "");
        let f = file(&text);
        let err = parse(&f, &split(&f).unwrap()).unwrap_err();
        let msg = err.iter().next().unwrap().to_string();
        assert_eq!(
            msg,
            "index/x.md:1: error: front matter: missing field `summary`"
        );
    }

    #[test]
    fn review_date_must_be_a_date() {
        let text = GOOD.replace(
            "related = []\n",
            "related = []\n[last_reviewed]\ndate = 2026-05-31T10:00:00\nreviewer = \"Dr. A\"\n",
        );
        let f = file(&text);
        let err = parse(&f, &split(&f).unwrap()).unwrap_err();
        assert!(err.to_string().contains("must be a plain date"), "{err}");
    }
}
