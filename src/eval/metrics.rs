//! The ranking metrics, as pure functions of one query's ranked list and judgments.
//!
//! Definitions follow `trec_eval` (and `ir_measures`, which wraps it), so figures compare with
//! published ones: gains are the judgment grades (linear), discounts `log2(rank + 1)`, and a
//! document is relevant when its grade is at least 1. A query with no relevant documents is not
//! scored by these (it is out of scope; see `rejection` in the summary).

use std::collections::BTreeMap;

/// Grades of the judged documents of one query.
pub type Judgments = BTreeMap<String, u32>;

fn gain(judgments: &Judgments, doc: &str) -> u32 {
    judgments.get(doc).copied().unwrap_or(0)
}

/// Normalized discounted cumulative gain over the first `k` documents.
///
/// ```
/// use condsearch::eval::metrics::ndcg_at;
/// let j = [("a".to_string(), 2)].into_iter().collect();
/// assert_eq!(ndcg_at(&["a".to_string()], &j, 10), 1.0);
/// ```
pub fn ndcg_at(ranking: &[String], judgments: &Judgments, k: usize) -> f64 {
    let dcg: f64 = ranking
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, doc)| f64::from(gain(judgments, doc)) / (i as f64 + 2.0).log2())
        .sum();
    let mut ideal: Vec<u32> = judgments.values().copied().filter(|&g| g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, &g)| f64::from(g) / (i as f64 + 2.0).log2())
        .sum();
    if idcg == 0.0 { 0.0 } else { dcg / idcg }
}

/// Reciprocal rank of the first relevant document within the first `k`, else 0.
pub fn reciprocal_rank_at(ranking: &[String], judgments: &Judgments, k: usize) -> f64 {
    ranking
        .iter()
        .take(k)
        .position(|doc| gain(judgments, doc) >= 1)
        .map_or(0.0, |i| 1.0 / (i as f64 + 1.0))
}

/// Share of the relevant documents found in the first `k`.
pub fn recall_at(ranking: &[String], judgments: &Judgments, k: usize) -> f64 {
    let relevant = judgments.values().filter(|&&g| g >= 1).count();
    if relevant == 0 {
        return 0.0;
    }
    let found = ranking
        .iter()
        .take(k)
        .filter(|doc| gain(judgments, doc) >= 1)
        .count();
    found as f64 / relevant as f64
}

/// 1 when the first document has the top grade (2: *the* page for the query), else 0.
pub fn success_at_1(ranking: &[String], judgments: &Judgments) -> f64 {
    let top = judgments.values().copied().max().unwrap_or(0);
    match ranking.first() {
        Some(doc) if top > 0 && gain(judgments, doc) == top => 1.0,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn judged(pairs: &[(&str, u32)]) -> Judgments {
        pairs.iter().map(|(d, g)| (d.to_string(), *g)).collect()
    }

    fn docs(list: &[&str]) -> Vec<String> {
        list.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn hand_computed_values() {
        let j = judged(&[("a", 2), ("b", 1)]);
        let r = docs(&["x", "a", "b"]);
        // DCG = 2/log2(3) + 1/log2(4); IDCG = 2/log2(2) + 1/log2(3).
        let expected = (2.0 / 3f64.log2() + 0.5) / (2.0 + 1.0 / 3f64.log2());
        assert!((ndcg_at(&r, &j, 10) - expected).abs() < 1e-12);
        assert_eq!(reciprocal_rank_at(&r, &j, 10), 0.5);
        assert_eq!(recall_at(&r, &j, 2), 0.5);
        assert_eq!(success_at_1(&r, &j), 0.0);
        assert_eq!(success_at_1(&docs(&["a"]), &j), 1.0);
        assert_eq!(success_at_1(&docs(&["b"]), &j), 0.0);
    }

    #[test]
    fn cutoffs_apply() {
        let j = judged(&[("a", 2)]);
        let r = docs(&["x", "y", "a"]);
        assert_eq!(reciprocal_rank_at(&r, &j, 2), 0.0);
        assert_eq!(ndcg_at(&r, &j, 2), 0.0);
    }

    proptest! {
        #[test]
        fn ndcg_is_between_0_and_1(
            grades in proptest::collection::vec(0u32..3, 1..8),
            order in proptest::collection::vec(0usize..8, 0..10),
        ) {
            let j: Judgments = grades.iter().enumerate().map(|(i, g)| (format!("d{i}"), *g)).collect();
            let r: Vec<String> = order.iter().map(|i| format!("d{i}")).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
            let v = ndcg_at(&r, &j, 10);
            prop_assert!((0.0..=1.0 + 1e-12).contains(&v));
        }

        #[test]
        fn ideal_ranking_scores_one(grades in proptest::collection::vec(1u32..3, 1..8)) {
            let j: Judgments = grades.iter().enumerate().map(|(i, g)| (format!("d{i}"), *g)).collect();
            let mut ideal: Vec<(String, u32)> = j.clone().into_iter().collect();
            ideal.sort_by_key(|d| std::cmp::Reverse(d.1));
            let r: Vec<String> = ideal.into_iter().map(|(d, _)| d).collect();
            prop_assert!((ndcg_at(&r, &j, 10) - 1.0).abs() < 1e-12);
            prop_assert_eq!(reciprocal_rank_at(&r, &j, 10), 1.0);
            prop_assert_eq!(success_at_1(&r, &j), 1.0);
        }

        #[test]
        fn recall_is_monotone_in_k(order in proptest::collection::vec(0usize..6, 0..6)) {
            let j = judged(&[("d0", 2), ("d1", 1), ("d2", 1)]);
            let r: Vec<String> = order.iter().map(|i| format!("d{i}")).collect();
            prop_assert!(recall_at(&r, &j, 3) <= recall_at(&r, &j, 5));
        }
    }
}
