//! The metric code agrees with an established implementation: nDCG@10, MRR@10 and recall@5 of a
//! fixture run, per query and averaged, equal to 4 decimals what `ir_measures` (trec_eval's
//! code) computed on the same files (`tests/fixtures/metrics/expected.tsv` records the values
//! and the tool's version). The run has tied scores, so tie handling is checked too.

use std::fs;
use std::path::Path;

use condsearch::eval::{self, Spec, trec};

fn fixture(name: &str) -> String {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/metrics")
            .join(name),
    )
    .unwrap()
}

#[test]
fn metrics_match_trec_eval_to_four_decimals() {
    let qrels = trec::parse_qrels("qrels.txt", &fixture("qrels.txt")).unwrap();
    let run = eval::parse_run("run.txt", &fixture("run.txt")).unwrap();
    let topics: Vec<trec::Topic> = qrels
        .keys()
        .map(|qid| trec::Topic {
            qid: qid.clone(),
            query: String::new(),
        })
        .collect();
    let evaluation = eval::evaluate(
        &Spec {
            topics: &topics,
            qrels: &qrels,
            labels: None,
            split: None,
        },
        &run,
    );
    let close = |a: f64, b: f64| (a - b).abs() < 5e-5;
    let mut checked = 0;
    for line in fixture("expected.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
    {
        let f: Vec<&str> = line.split('\t').collect();
        let (ndcg, rr, recall): (f64, f64, f64) = (
            f[1].parse().unwrap(),
            f[2].parse().unwrap(),
            f[3].parse().unwrap(),
        );
        let (got_ndcg, got_rr, got_recall) = if f[0] == "all" {
            (
                evaluation.overall.ndcg10,
                evaluation.overall.mrr10,
                evaluation.overall.recall5,
            )
        } else {
            let q = evaluation.queries.iter().find(|q| q.qid == f[0]).unwrap();
            (q.ndcg10, q.rr10, q.recall5)
        };
        assert!(
            close(got_ndcg, ndcg),
            "{}: nDCG@10 {got_ndcg:.4} != {ndcg:.4}",
            f[0]
        );
        assert!(close(got_rr, rr), "{}: RR@10 {got_rr:.4} != {rr:.4}", f[0]);
        assert!(
            close(got_recall, recall),
            "{}: R@5 {got_recall:.4} != {recall:.4}",
            f[0]
        );
        checked += 1;
    }
    assert_eq!(checked, 6);
}
