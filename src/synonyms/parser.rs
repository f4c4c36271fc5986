//! The Solr / Elasticsearch synonyms format, read line by line.
//!
//! ```text
//! # a comment
//! crps, complex regional pain syndrome, rsd    <- equivalents: any one finds the others
//! hurt all over => widespread pain             <- one way: the left side is replaced
//! ```
//! A comma inside an entry is written `\,`. Every malformed line is reported with its line and
//! column; the other lines still load.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::SourceFile;

/// One parsed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rule {
    /// `path:line` of the rule, shown when a search explains a synonym match.
    pub(crate) origin: String,
    /// The entries before `=>`, or all entries of a line of equivalents.
    pub(crate) from: Vec<String>,
    /// The entries after `=>`; `None` for a line of equivalents.
    pub(crate) to: Option<Vec<String>>,
}

/// Parses one synonyms file, adding a diagnostic for every line that does not parse.
pub(crate) fn parse(file: &SourceFile, diagnostics: &mut Diagnostics) -> Vec<Rule> {
    let mut rules = Vec::new();
    for (index, line) in file.text.lines().enumerate() {
        let number = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        match parse_line(line) {
            Ok((from, to)) => rules.push(Rule {
                origin: format!("{}:{number}", file.path),
                from,
                to,
            }),
            Err((column, message)) => diagnostics
                .push(Diagnostic::error(&file.path, Some(number), message).at_column(column)),
        }
    }
    rules
}

type LineError = (usize, String);

fn parse_line(line: &str) -> Result<(Vec<String>, Option<Vec<String>>), LineError> {
    let arrows: Vec<usize> = line.match_indices("=>").map(|(i, _)| i).collect();
    match arrows.as_slice() {
        [] => {
            let entries = entries(line, 0)?;
            if entries.len() < 2 {
                return Err((
                    1,
                    format!(
                        "'{}' has nothing to be equivalent to: separate equivalents with commas \
                         ('a, b') or map one way with '=>' ('a => b')",
                        line.trim()
                    ),
                ));
            }
            Ok((entries, None))
        }
        [arrow] => {
            let column = line[..*arrow].chars().count() + 1;
            let (left, right) = (&line[..*arrow], &line[arrow + 2..]);
            if left.trim().is_empty() {
                return Err((column, "nothing before '=>': write 'a, b => c'".to_string()));
            }
            if right.trim().is_empty() {
                return Err((column, "nothing after '=>': write 'a, b => c'".to_string()));
            }
            Ok((entries(left, 0)?, Some(entries(right, arrow + 2)?)))
        }
        [_, second, ..] => Err((
            line[..*second].chars().count() + 1,
            "more than one '=>' on a line; split it into one mapping per line".to_string(),
        )),
    }
}

/// Splits a comma-separated list (honouring `\,`), checking that no entry is empty.
/// `offset` is the byte position of `list` in its line, for columns.
fn entries(list: &str, offset: usize) -> Result<Vec<String>, LineError> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = offset;
    let mut chars = list.char_indices().peekable();
    let mut push = |current: &mut String, start: usize| -> Result<(), LineError> {
        let entry = current.trim().to_string();
        current.clear();
        if entry.is_empty() {
            return Err((
                start + 1,
                "empty entry: two commas in a row, or a comma at the start or end".to_string(),
            ));
        }
        if crate::analysis::analyzer().terms(&entry).is_empty() {
            return Err((start + 1, format!("entry '{entry}' has no words")));
        }
        out.push(entry);
        Ok(())
    };
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, escaped)) => current.push(escaped),
                None => return Err((offset + i + 1, "a line cannot end with '\\'".to_string())),
            },
            ',' => {
                push(&mut current, start)?;
                start = offset + i + 1;
            }
            _ => current.push(c),
        }
    }
    push(&mut current, start)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn one(line: &str) -> Result<Rule, String> {
        let file = SourceFile {
            path: "synonyms/t.txt".into(),
            text: line.into(),
        };
        let mut diagnostics = Diagnostics::default();
        let rules = parse(&file, &mut diagnostics);
        match diagnostics.iter().next() {
            Some(d) => Err(d.to_string()),
            None => Ok(rules.into_iter().next().expect("one rule")),
        }
    }

    #[test]
    fn equivalents() {
        let rule = one("crps, complex regional pain syndrome, rsd").unwrap();
        assert_eq!(rule.from, ["crps", "complex regional pain syndrome", "rsd"]);
        assert_eq!(rule.to, None);
        assert_eq!(rule.origin, "synonyms/t.txt:1");
    }

    #[test]
    fn one_way_mapping() {
        let rule = one("hurt all over, aching everywhere => widespread pain").unwrap();
        assert_eq!(rule.from, ["hurt all over", "aching everywhere"]);
        assert_eq!(rule.to, Some(vec!["widespread pain".to_string()]));
    }

    #[test]
    fn escaped_comma() {
        let rule = one(r"a\, b, c").unwrap();
        assert_eq!(rule.from, ["a, b", "c"]);
    }

    #[test]
    fn comments_and_blank_lines_are_skipped() {
        let file = SourceFile {
            path: "s.txt".into(),
            text: "# note\n\n  # indented\na, b\n".into(),
        };
        let mut diagnostics = Diagnostics::default();
        assert_eq!(parse(&file, &mut diagnostics).len(), 1);
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn errors_name_line_and_column() {
        assert_eq!(
            one("a,, b").unwrap_err(),
            "synonyms/t.txt:1:3: error: empty entry: two commas in a row, or a comma at the start or end"
        );
        assert_eq!(
            one("a => ").unwrap_err(),
            "synonyms/t.txt:1:3: error: nothing after '=>': write 'a, b => c'"
        );
        assert_eq!(
            one("a => b => c").unwrap_err(),
            "synonyms/t.txt:1:8: error: more than one '=>' on a line; split it into one mapping per line"
        );
        assert!(
            one("lonely")
                .unwrap_err()
                .contains("has nothing to be equivalent to")
        );
        assert!(
            one("a, ?!")
                .unwrap_err()
                .contains("entry '?!' has no words")
        );
    }

    proptest! {
        #[test]
        fn never_panics(line in "\\PC{0,80}") {
            let _ = parse_line(&line);
        }
    }
}
