//! The binary, black box: each command on fixtures and on the shipped content, exit codes, and
//! the errors a user sees.

mod common;

use std::process::{Command, Output};

fn condsearch(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_condsearch"))
        .args(args)
        .env_remove("CONDSEARCH_CATALOG")
        .env_remove("CONDSEARCH_SYNONYMS")
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts that the command failed with `code` and told the user `message`.
fn assert_fails(o: &Output, code: i32, message: &str) {
    assert_eq!(o.status.code(), Some(code), "{}", stderr(o));
    assert!(stderr(o).contains(message), "{}", stderr(o));
}

fn path(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn check_passes_on_the_shipped_content() {
    let o = condsearch(&["check", "--quiet"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("25 pages"), "{}", stdout(&o));
    assert!(stdout(&o).contains("find their page"));
}

#[test]
fn check_lists_every_problem_and_fails() {
    let c = common::Content::fixture();
    c.edit(
        "catalog/alpha-pain.md",
        "icd10 = [\"G90.5\"]",
        "icd10 = [\"GG0.5\"]",
    );
    c.write("synonyms/broken.txt", "lonely\n");
    let o = condsearch(&[
        "check",
        "--catalog",
        path(&c.catalog()),
        "--synonyms",
        path(&c.synonyms()),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("alpha-pain.md:4: error: ICD-10 code 'GG0.5' is not well formed"),
        "{out}"
    );
    assert!(
        out.contains("broken.txt:1:1: error: 'lonely' has nothing to be equivalent to"),
        "{out}"
    );
    assert!(out.contains("warning: awaiting clinical review"), "{out}");
    assert!(out.contains("check failed: 2 error(s)"), "{out}");
}

#[test]
fn check_runs_the_self_test_on_another_folder() {
    let c = common::Content::fixture();
    let o = condsearch(&[
        "check",
        "--catalog",
        path(&c.catalog()),
        "--synonyms",
        path(&c.synonyms()),
    ]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("3 pages"));
}

#[test]
fn missing_folder_is_a_clear_error() {
    let o = condsearch(&["search", "pain", "--catalog", "/no/such/folder"]);
    assert_fails(&o, 2, "cannot access '/no/such/folder'");
}

#[test]
fn search_prints_a_table_or_json() {
    let o = condsearch(&["search", "fibromyalga", "--limit", "3"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(
        out.contains("did you mean: fibromyalgia") && out.contains("Fibromyalgia"),
        "{out}"
    );
    let o = condsearch(&["search", "ptsd", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["hits"][0]["slug"], "post-traumatic-stress-disorder");
    for key in ["query", "hits", "did_you_mean", "crisis", "took_us"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    let o = condsearch(&["search", "pain", "--limit", "99"]);
    assert_fails(&o, 2, "invalid limit: 99 is outside 1 to 50");
}

#[test]
fn run_writes_trec_and_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let topics = dir.path().join("topics.tsv");
    std::fs::write(&topics, "q1\tfibromyalgia\nq2\tG90.5\n").unwrap();
    let o = condsearch(&["run", "--topics", path(&topics), "--limit", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<String> = stdout(&o).lines().map(String::from).collect();
    assert!(lines[0].starts_with("q1 Q0 fibromyalgia 1 "), "{lines:?}");
    assert!(lines[0].ends_with(" condsearch"));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("q2 Q0 complex-regional-pain-syndrome 1 "))
    );
    let o = condsearch(&["run", "--topics", path(&topics), "--format", "jsonl"]);
    let first: serde_json::Value =
        serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(first["qid"], "q1");
    assert_eq!(first["hits"][0]["slug"], "fibromyalgia");
    std::fs::write(&topics, "q1 no tab here\n").unwrap();
    let o = condsearch(&["run", "--topics", path(&topics)]);
    assert_fails(&o, 2, "topics.tsv:1: expected 'qid<TAB>query'");
}

#[test]
fn catalog_prints_the_parsed_pages() {
    let o = condsearch(&["catalog", "--json"]);
    let pages: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let pages = pages.as_array().unwrap();
    assert_eq!(pages.len(), 25);
    for key in [
        "slug",
        "title",
        "aliases",
        "search_phrases",
        "summary",
        "sections",
    ] {
        assert!(pages[0].get(key).is_some(), "{key}");
    }
}

#[test]
fn eval_scores_and_enforces_floors() {
    let q = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/queries/");
    let args = |extra: &[&str]| {
        let mut a = vec![
            "eval".to_string(),
            "--topics".into(),
            format!("{q}topics.tsv"),
            "--qrels".into(),
            format!("{q}qrels.txt"),
            "--categories".into(),
            format!("{q}categories.tsv"),
        ];
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let run = |a: Vec<String>| condsearch(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let o = run(args(&["--split", "heldout"]));
    assert!(o.status.success());
    assert!(stdout(&o).contains("nDCG@10") && stdout(&o).contains("out-of-scope"));
    let o = run(args(&["--min", "success1=0.99", "--min", "rejection=0.5"]));
    assert_fails(&o, 1, "success1 is ");
    let o = run(args(&["--min", "speed=3"]));
    assert_fails(&o, 2, "unknown metric 'speed'");
    // A baseline comparison against a plain-BM25 run.
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("bm25.trec");
    let o = condsearch(&[
        "run",
        "--topics",
        &format!("{q}topics.tsv"),
        "--features",
        "none",
    ]);
    std::fs::write(&baseline, &o.stdout).unwrap();
    let o = run(args(&["--baseline", path(&baseline)]));
    let out = stdout(&o);
    assert!(
        out.contains("against the baseline:") && out.contains("better"),
        "{out}"
    );
}

#[test]
fn coverage_reads_a_list_and_writes_every_format() {
    let list = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/coverage/keywords.csv"
    );
    let o = condsearch(&["coverage", list]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("coverage:") && stdout(&o).contains("gaps"));
    let o = condsearch(&["coverage", list, "--format", "csv"]);
    assert!(stdout(&o).starts_with("query,volume,"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let o = condsearch(&["coverage", list, "--format", "html", "--out", path(&out)]);
    assert!(o.status.success());
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("<h1>Query coverage</h1>")
    );
    let o = condsearch(&["coverage", "/no/such/list.csv"]);
    assert_fails(&o, 2, "cannot open keyword list '/no/such/list.csv'");
}
