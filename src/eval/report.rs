//! Human-readable evaluation reports (the JSON form is the serialized [`Evaluation`]).

use std::fmt::Write as _;

use super::{Comparison, Evaluation, Metrics};

fn metrics_row(out: &mut String, name: &str, m: &Metrics) {
    let pct = |x: f64, n: usize| {
        if n == 0 {
            "-".to_string()
        } else {
            format!("{x:.3}")
        }
    };
    writeln!(
        out,
        "{name:<14} {:>4} {:>4}  {:>7} {:>7} {:>7} {:>7} {:>9} {:>9}",
        m.in_scope,
        m.out_of_scope,
        pct(m.ndcg10, m.in_scope),
        pct(m.mrr10, m.in_scope),
        pct(m.success1, m.in_scope),
        pct(m.recall5, m.in_scope),
        pct(m.confident_answer_rate, m.in_scope),
        pct(m.rejection_rate, m.out_of_scope),
    )
    .expect("writing to a String");
}

/// The metrics table: overall, then one row per category.
pub fn summary_table(evaluation: &Evaluation) -> String {
    let mut out = String::new();
    writeln!(
        out,
        "{:<14} {:>4} {:>4}  {:>7} {:>7} {:>7} {:>7} {:>9} {:>9}",
        "", "in", "out", "nDCG@10", "MRR@10", "S@1", "R@5", "confident", "rejection"
    )
    .expect("writing to a String");
    metrics_row(&mut out, "all", &evaluation.overall);
    for (category, m) in &evaluation.per_category {
        metrics_row(&mut out, category, m);
    }
    out
}

/// The failed queries, each with what was expected and the top three returned with their why.
pub fn failures(evaluation: &Evaluation) -> String {
    let mut out = String::new();
    for q in evaluation.failures() {
        let expected = if q.in_scope {
            q.expected.join(", ")
        } else {
            "no confident answer (out of scope)".to_string()
        };
        writeln!(
            out,
            "{} [{}] {:?}\n    expected: {expected}",
            q.qid,
            q.category.as_deref().unwrap_or("-"),
            q.query
        )
        .expect("writing to a String");
        if q.top.is_empty() {
            writeln!(out, "    got: nothing").expect("writing to a String");
        }
        for (i, r) in q.top.iter().enumerate() {
            let why: Vec<String> = r
                .why
                .iter()
                .map(|w| format!("{}:{}", w.field.as_str(), w.matched))
                .collect();
            writeln!(
                out,
                "    {}. {} ({}) {}",
                i + 1,
                r.slug,
                r.confidence.map_or("-", |c| c.as_str()),
                why.join("; ")
            )
            .expect("writing to a String");
        }
    }
    out
}

/// Wins, losses, ties and the changed queries.
pub fn comparison(c: &Comparison) -> String {
    let mut out = String::new();
    writeln!(
        out,
        "against the baseline: {} better, {} worse, {} unchanged",
        c.wins, c.losses, c.ties
    )
    .expect("writing to a String");
    for change in &c.changed {
        writeln!(
            out,
            "  {} {:?}: {:.3} -> {:.3}  [{}] -> [{}]",
            change.qid,
            change.query,
            change.before,
            change.after,
            change.before_top.join(", "),
            change.after_top.join(", ")
        )
        .expect("writing to a String");
    }
    out
}
