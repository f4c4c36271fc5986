//! Keyword lists in: the CSV/TSV exports of Google Search Console, Google Ads Keyword Planner,
//! Semrush and Ahrefs, or a plain list of one query per line.
//!
//! Rows stream through; a malformed row (unbalanced quotes, a volume that is not a number, an
//! empty query) is reported with its line and counted, never dropped silently; a query that
//! repeats is merged, volumes added.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

use serde::Serialize;

use crate::analysis::analyzer;
use crate::error::{Error, Result};

/// Header names of the query column, in the tools that export them.
pub const QUERY_COLUMNS: [&str; 4] = ["query", "top queries", "keyword", "search term"];
/// Header names of a volume column, most specific first: when a file has several (Search
/// Console has both clicks and impressions), the first listed here is used.
pub const VOLUME_COLUMNS: [&str; 6] = [
    "volume",
    "search volume",
    "avg. monthly searches",
    "impressions",
    "clicks",
    "sv",
];
/// Header name of the optional column holding the slug a query should land on.
pub const EXPECTED_COLUMN: &str = "expected";

/// One distinct query of the list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Keyword {
    /// The query as first written in the file.
    pub query: String,
    /// The sum of the volumes of its rows (0 when the file has no volume column).
    pub volume: u64,
    /// The slug it should land on, when the file says.
    pub expected: Option<String>,
    /// How many rows held it.
    pub rows: usize,
    /// Line of its first row.
    pub line: usize,
}

/// A row that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Malformed {
    /// Line in the file (1-based).
    pub line: usize,
    /// What is wrong with it.
    pub reason: String,
}

/// Which columns were used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Columns {
    /// The query column's header (`None` for a plain list).
    pub query: Option<String>,
    /// The volume column's header, if any.
    pub volume: Option<String>,
    /// The expected-page column's header, if any.
    pub expected: Option<String>,
}

/// A keyword list, read.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Ingested {
    /// Distinct queries, in order of first appearance.
    pub keywords: Vec<Keyword>,
    /// Rows that could not be read.
    pub malformed: Vec<Malformed>,
    /// Data rows in the file (header excluded), malformed ones included.
    pub rows: usize,
    /// Rows merged into an earlier one with the same query.
    pub merged: usize,
    /// The columns used.
    pub columns: Columns,
}

/// Parses a volume as exported: "1300", "1,300", "1 300", " 12 ". Empty means no volume (0).
pub fn parse_volume(raw: &str) -> Option<u64> {
    let digits: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '\u{00A0}' | '\u{202F}' | '_'))
        .collect();
    if digits.is_empty() {
        return Some(0);
    }
    digits.parse().ok().or_else(|| {
        // Search Console writes fractional clicks in some exports ("12.0").
        digits
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .map(|v| v.round() as u64)
    })
}

fn find_column(headers: &[String], names: &[&str]) -> Option<usize> {
    names.iter().find_map(|name| {
        headers.iter().position(|h| {
            h.trim()
                .trim_start_matches('\u{FEFF}')
                .eq_ignore_ascii_case(name)
        })
    })
}

struct Merger {
    out: Ingested,
    index: HashMap<String, usize>,
}

impl Merger {
    fn add(&mut self, line: usize, query: &str, volume: u64, expected: Option<String>) {
        let query = query.trim();
        let key = analyzer().normalize(query);
        if key.is_empty() {
            self.out.malformed.push(Malformed {
                line,
                reason: if query.is_empty() {
                    "empty query".to_string()
                } else {
                    format!("query '{query}' has no words")
                },
            });
            return;
        }
        match self.index.get(&key) {
            Some(&i) => {
                let k = &mut self.out.keywords[i];
                k.volume += volume;
                k.rows += 1;
                if k.expected.is_none() {
                    k.expected = expected;
                }
                self.out.merged += 1;
            }
            None => {
                self.index.insert(key, self.out.keywords.len());
                self.out.keywords.push(Keyword {
                    query: query.to_string(),
                    volume,
                    expected,
                    rows: 1,
                    line,
                });
            }
        }
    }
}

/// Reads a keyword list from `reader`; `path` names it in errors. The format is recognized from
/// the first line: a header with a known query column (comma- or tab-separated) makes it a
/// table; otherwise every line is one query.
pub fn read(path: &str, reader: impl Read) -> Result<Ingested> {
    let mut reader = BufReader::new(reader);
    let mut first = String::new();
    reader.read_line(&mut first).map_err(|source| Error::Io {
        path: path.into(),
        source,
    })?;
    let header_line = first
        .trim_end_matches(['\r', '\n'])
        .trim_start_matches('\u{FEFF}');
    let delimiter = if header_line.contains('\t') {
        b'\t'
    } else {
        b','
    };
    let headers: Vec<String> = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(header_line.as_bytes())
        .records()
        .next()
        .and_then(|r| r.ok())
        .map(|r| r.iter().map(str::to_string).collect())
        .unwrap_or_default();
    let mut merger = Merger {
        out: Ingested::default(),
        index: HashMap::new(),
    };
    let Some(query_col) = find_column(&headers, &QUERY_COLUMNS) else {
        // A plain list: the first line is a query too, unless it is a lone header word.
        let mut line_no = 1;
        let mut add = |line_no: usize, text: &str| {
            merger.out.rows += 1;
            merger.add(line_no, text, 0, None);
        };
        if !header_line.trim().is_empty() {
            add(line_no, header_line);
        }
        for line in reader.lines() {
            line_no += 1;
            let line = line.map_err(|source| Error::Io {
                path: path.into(),
                source,
            })?;
            if !line.trim().is_empty() {
                add(line_no, &line);
            }
        }
        return Ok(merger.out);
    };
    let volume_col = find_column(&headers, &VOLUME_COLUMNS);
    let expected_col = find_column(&headers, &[EXPECTED_COLUMN]);
    merger.out.columns = Columns {
        query: Some(headers[query_col].trim().to_string()),
        volume: volume_col.map(|i| headers[i].trim().to_string()),
        expected: expected_col.map(|i| headers[i].trim().to_string()),
    };
    // Line by line: keyword exports never hold a field across lines, so an unbalanced quote
    // spoils its own line only instead of swallowing the rest of the file.
    let delimiter_name = if delimiter == b'\t' { "tab" } else { "comma" };
    for (index, line) in reader.lines().enumerate() {
        let line_no = index + 2;
        let text = match line {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::InvalidData => {
                merger.out.rows += 1;
                merger.out.malformed.push(Malformed {
                    line: line_no,
                    reason: "not valid UTF-8".to_string(),
                });
                continue;
            }
            Err(source) => {
                return Err(Error::Io {
                    path: path.into(),
                    source,
                });
            }
        };
        let text = text.trim_end_matches('\r');
        if text.trim().is_empty() {
            continue;
        }
        merger.out.rows += 1;
        if text.matches('"').count() % 2 == 1 {
            merger.out.malformed.push(Malformed {
                line: line_no,
                reason: "unbalanced quotes: a field opens a quote it does not close".to_string(),
            });
            continue;
        }
        // Most lines hold no quotes: split them directly; quoted ones go through the CSV
        // parser.
        let record: csv::StringRecord = if text.contains('"') {
            let parsed = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .has_headers(false)
                .flexible(true)
                .buffer_capacity(text.len() + 1)
                .from_reader(text.as_bytes())
                .into_records()
                .next();
            match parsed {
                Some(Ok(record)) => record,
                Some(Err(err)) => {
                    merger.out.malformed.push(Malformed {
                        line: line_no,
                        reason: format!("cannot be read: {err}"),
                    });
                    continue;
                }
                None => continue,
            }
        } else {
            text.split(delimiter as char).collect()
        };
        if record.len() > headers.len() {
            merger.out.malformed.push(Malformed {
                line: line_no,
                reason: format!(
                    "{} fields where the header has {} (an unquoted {delimiter_name} inside a field?)",
                    record.len(),
                    headers.len()
                ),
            });
            continue;
        }
        let volume = match volume_col.map(|i| record.get(i).unwrap_or("")) {
            None => 0,
            Some(raw) => match parse_volume(raw) {
                Some(v) => v,
                None => {
                    merger.out.malformed.push(Malformed {
                        line: line_no,
                        reason: format!("volume '{}' is not a number", raw.trim()),
                    });
                    continue;
                }
            },
        };
        let expected = expected_col
            .and_then(|i| record.get(i))
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_string);
        merger.add(
            line_no,
            record.get(query_col).unwrap_or(""),
            volume,
            expected,
        );
    }
    Ok(merger.out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> Ingested {
        read("k.csv", text.as_bytes()).unwrap()
    }

    #[test]
    fn volumes_with_separators() {
        assert_eq!(parse_volume("1,300"), Some(1300));
        assert_eq!(parse_volume(" 12 "), Some(12));
        assert_eq!(parse_volume("1 300"), Some(1300));
        assert_eq!(parse_volume(""), Some(0));
        assert_eq!(parse_volume("12.0"), Some(12));
        assert_eq!(parse_volume("lots"), None);
        assert_eq!(parse_volume("-3"), None);
    }

    #[test]
    fn plain_list() {
        let i = read_str("fibromyalgia\n\nptsd\nPTSD\n");
        assert_eq!(i.keywords.len(), 2);
        assert_eq!(i.keywords[1].rows, 2);
        assert_eq!((i.rows, i.merged), (3, 1));
        assert_eq!(i.columns.query, None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,200}") {
            let _ = read("k.csv", text.as_bytes());
        }
    }
}
