//! TREC files: topics (`qid<TAB>query`), qrels (`qid 0 doc grade`) and runs
//! (`qid Q0 doc rank score tag`), read with line-numbered errors and written in the standard
//! layout, so `trec_eval` and `ir_measures` read what `condsearch` writes and the reverse.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::error::{Error, Result};

/// One query of a topics file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// Query id.
    pub qid: String,
    /// The query text.
    pub query: String,
}

/// Relevance judgments: grade per (query, document); absent means not relevant.
pub type Qrels = BTreeMap<String, BTreeMap<String, u32>>;

/// A ranked list per query: (document, score), best first.
pub type Run = BTreeMap<String, Vec<(String, f64)>>;

fn parse_error(path: &str, line: usize, message: impl Into<String>) -> Error {
    Error::Parse {
        path: path.to_string(),
        line,
        message: message.into(),
    }
}

/// Lines that carry data: not blank, not `#` comments. (1-based number, text)
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

/// Parses a topics file: `qid<TAB>query` per line.
pub fn parse_topics(path: &str, text: &str) -> Result<Vec<Topic>> {
    let mut topics = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (n, line) in data_lines(text) {
        let (qid, query) = line
            .split_once('\t')
            .ok_or_else(|| parse_error(path, n, "expected 'qid<TAB>query': the line has no tab"))?;
        let qid = qid.trim();
        if qid.is_empty() || qid.contains(char::is_whitespace) {
            return Err(parse_error(
                path,
                n,
                format!("query id '{qid}' must be one word"),
            ));
        }
        if !seen.insert(qid.to_string()) {
            return Err(parse_error(
                path,
                n,
                format!("query id '{qid}' appears twice"),
            ));
        }
        topics.push(Topic {
            qid: qid.to_string(),
            query: query.to_string(),
        });
    }
    Ok(topics)
}

/// Parses qrels: `qid iteration doc grade` per line, whitespace-separated.
pub fn parse_qrels(path: &str, text: &str) -> Result<Qrels> {
    let mut qrels = Qrels::new();
    for (n, line) in data_lines(text) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [qid, _, doc, grade] = fields.as_slice() else {
            return Err(parse_error(
                path,
                n,
                format!(
                    "expected 'qid 0 doc grade' (4 fields), found {}",
                    fields.len()
                ),
            ));
        };
        let grade: i64 = grade
            .parse()
            .map_err(|_| parse_error(path, n, format!("grade '{grade}' is not a whole number")))?;
        if grade > 0 {
            qrels
                .entry(qid.to_string())
                .or_default()
                .insert(doc.to_string(), grade as u32);
        } else {
            qrels.entry(qid.to_string()).or_default();
        }
    }
    Ok(qrels)
}

/// Parses a TREC run: `qid Q0 doc rank score tag` per line. Documents are re-sorted by score
/// (descending, then document id descending), as `trec_eval` does, so a run's own rank column
/// does not matter.
pub fn parse_run(path: &str, text: &str) -> Result<Run> {
    let mut run = Run::new();
    for (n, line) in data_lines(text) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [qid, _, doc, _, score, ..] = fields.as_slice() else {
            return Err(parse_error(
                path,
                n,
                format!(
                    "expected 'qid Q0 doc rank score tag' (6 fields), found {}",
                    fields.len()
                ),
            ));
        };
        let score: f64 = score
            .parse()
            .map_err(|_| parse_error(path, n, format!("score '{score}' is not a number")))?;
        run.entry(qid.to_string())
            .or_default()
            .push((doc.to_string(), score));
    }
    for docs in run.values_mut() {
        docs.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
    }
    Ok(run)
}

/// Writes one query's ranked list as TREC run lines.
pub fn write_run_lines(out: &mut String, qid: &str, docs: &[(String, f64)], tag: &str) {
    for (rank, (doc, score)) in docs.iter().enumerate() {
        writeln!(out, "{qid} Q0 {doc} {} {score:.6} {tag}", rank + 1).expect("writing to a String");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_need_a_tab_and_unique_ids() {
        assert_eq!(
            parse_topics("t.tsv", "q1\tfibro\nq2 nothing")
                .unwrap_err()
                .to_string(),
            "t.tsv:2: expected 'qid<TAB>query': the line has no tab"
        );
        assert!(
            parse_topics("t.tsv", "q1\ta\nq1\tb")
                .unwrap_err()
                .to_string()
                .contains("appears twice")
        );
        let topics = parse_topics("t.tsv", "# comment\nq1\tcrps  pain\n").unwrap();
        assert_eq!(topics[0].query, "crps  pain");
    }

    #[test]
    fn qrels_keep_positive_grades() {
        let q = parse_qrels("q.txt", "q1 0 a 2\nq1 0 b 0\nq2 0 c 1\n").unwrap();
        assert_eq!(q["q1"].len(), 1);
        assert_eq!(q["q2"]["c"], 1);
        assert!(
            parse_qrels("q.txt", "q1 0 a x")
                .unwrap_err()
                .to_string()
                .contains("'x'")
        );
    }

    #[test]
    fn runs_are_sorted_by_score() {
        let run = parse_run("r", "q1 Q0 a 1 0.5 t\nq1 Q0 b 2 0.9 t\n").unwrap();
        assert_eq!(run["q1"][0].0, "b");
        let mut out = String::new();
        write_run_lines(&mut out, "q1", &run["q1"], "x");
        assert_eq!(out, "q1 Q0 b 1 0.900000 x\nq1 Q0 a 2 0.500000 x\n");
    }
}
