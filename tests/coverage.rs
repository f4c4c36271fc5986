//! Keyword-list coverage, black box: every header variant of the tools marketing exports from,
//! each malformed-row case, the merge of repeated queries, a fixture list with known expected
//! pages giving the expected statuses, and the parts of the HTML report.

use std::sync::LazyLock;

use condsearch::Engine;
use condsearch::coverage::{self, MatchKind, Status, ingest, report};

static ENGINE: LazyLock<Engine> =
    LazyLock::new(|| Engine::embedded().expect("shipped content loads"));

fn read(text: &str) -> ingest::Ingested {
    ingest::read("list.csv", text.as_bytes()).expect("readable")
}

fn analyze(text: &str) -> coverage::Report {
    coverage::analyze(&ENGINE, read(text), &|_| {}).expect("coverage runs")
}

#[test]
fn every_header_variant_is_recognized() {
    for (header, query_col, volume_col) in [
        ("query,volume", "query", Some("volume")),
        ("Query,Volume", "Query", Some("Volume")),
        (
            "Top queries,Clicks,Impressions,CTR,Position",
            "Top queries",
            Some("Impressions"),
        ),
        ("Keyword,Search Volume,KD", "Keyword", Some("Search Volume")),
        (
            "keyword,Avg. monthly searches",
            "keyword",
            Some("Avg. monthly searches"),
        ),
        ("Keyword,Clicks", "Keyword", Some("Clicks")),
        ("Keyword,Impressions", "Keyword", Some("Impressions")),
        ("\u{FEFF}Keyword,Competition", "Keyword", None),
    ] {
        let fields = header.split(',').count();
        let row = std::iter::once("fibromyalgia")
            .chain(std::iter::repeat_n("1,300", 0))
            .collect::<Vec<_>>();
        let mut line = row.join(",");
        for _ in 1..fields {
            line.push_str(",\"1,300\"");
        }
        let i = read(&format!("{header}\n{line}\n"));
        assert_eq!(i.columns.query.as_deref(), Some(query_col), "{header}");
        assert_eq!(i.columns.volume.as_deref(), volume_col, "{header}");
        assert_eq!(i.keywords[0].query, "fibromyalgia", "{header}");
        assert_eq!(
            i.keywords[0].volume,
            if volume_col.is_some() { 1300 } else { 0 },
            "{header}"
        );
        assert!(i.malformed.is_empty(), "{header}: {:?}", i.malformed);
    }
}

#[test]
fn tab_separated_and_plain_lists() {
    let tsv = read("Keyword\tVolume\texpected\nfibromyalgia\t1,300\tfibromyalgia\n");
    assert_eq!(tsv.keywords[0].volume, 1300);
    assert_eq!(tsv.keywords[0].expected.as_deref(), Some("fibromyalgia"));
    let plain = read("fibromyalgia\nptsd treatment\n\ncluster headache\n");
    assert_eq!(plain.columns.query, None);
    assert_eq!(plain.keywords.len(), 3);
    assert_eq!(plain.keywords[2].line, 4);
}

#[test]
fn malformed_rows_are_reported_with_their_lines() {
    let i = read(
        "query,volume\n\
         fine,10\n\
         \"unbalanced quote,10\n\
         depression,lots\n\
         ,50\n\
         ?!,5\n\
         too,many,fields\n\
         still fine,\"2,000\"\n",
    );
    let problems: Vec<(usize, &str)> = i
        .malformed
        .iter()
        .map(|m| (m.line, m.reason.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            (
                3,
                "unbalanced quotes: a field opens a quote it does not close"
            ),
            (4, "volume 'lots' is not a number"),
            (5, "empty query"),
            (6, "query '?!' has no words"),
            (
                7,
                "3 fields where the header has 2 (an unquoted comma inside a field?)"
            ),
        ]
    );
    assert_eq!(i.rows, 7);
    assert_eq!(i.keywords.len(), 2);
    assert_eq!(i.keywords[1].volume, 2000);
}

#[test]
fn repeated_queries_merge_and_volumes_add() {
    let i = read(
        "Keyword,Volume\nKetamine for CRPS,\"1,300\"\nketamine  for crps,200\nKETAMINE FOR CRPS,1\n",
    );
    assert_eq!(i.keywords.len(), 1);
    assert_eq!(i.keywords[0].query, "Ketamine for CRPS");
    assert_eq!((i.keywords[0].volume, i.keywords[0].rows), (1501, 3));
    assert_eq!(i.merged, 2);
}

fn fixture_report() -> coverage::Report {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/coverage/keywords.csv"
    ))
    .unwrap();
    analyze(&text)
}

#[test]
fn fixture_list_gives_the_expected_statuses() {
    let r = fixture_report();
    let status = |q: &str| {
        r.queries
            .iter()
            .find(|c| c.query == q)
            .unwrap_or_else(|| panic!("{q}"))
            .status
    };
    assert_eq!(status("ketamine for crps"), Status::Covered);
    assert_eq!(status("fibromyalga"), Status::Covered);
    assert_eq!(status("tic douloureux"), Status::Covered);
    assert_eq!(status("depression"), Status::Ambiguous);
    assert_eq!(status("broken arm"), Status::Uncovered);
    assert_eq!(status("ketamine cost"), Status::Uncovered);
    let by = |q: &str| r.queries.iter().find(|c| c.query == q).unwrap().matched_by;
    assert_eq!(by("ketamine for crps"), MatchKind::SearchPhrase);
    assert_eq!(by("fibromyalga"), MatchKind::TypoCorrection);
    assert_eq!(by("tic douloureux"), MatchKind::Alias);
    // Repeats merged; every expected page that is not the landing page is listed.
    assert_eq!(r.summary.merged, 1);
    assert_eq!(
        r.queries
            .iter()
            .find(|c| c.query == "ketamine for crps")
            .unwrap()
            .volume,
        1500
    );
    let mismatched: Vec<&str> = r.mismatches.iter().map(|m| m.query.as_str()).collect();
    assert!(mismatched.contains(&"ptsd"), "{mismatched:?}");
    assert!(!mismatched.contains(&"fibromyalga"));
    // Totals add up.
    let by_status: u64 = r.summary.by_status.values().map(|t| t.volume).sum();
    assert_eq!(by_status, r.summary.volume);
    let uncovered = r.summary.by_status[&Status::Uncovered];
    assert!(
        (r.summary.coverage_by_volume - (1.0 - uncovered.volume as f64 / r.summary.volume as f64))
            .abs()
            < 1e-9
    );
    // Gaps hold the uncovered and weak queries, biggest volume first.
    let in_gaps: usize = r.gaps.iter().map(|g| g.queries.len()).sum();
    let gap_queries = r
        .queries
        .iter()
        .filter(|q| matches!(q.status, Status::Uncovered | Status::Weak))
        .count();
    assert_eq!(in_gaps, gap_queries);
    assert!(r.gaps.windows(2).all(|w| w[0].volume >= w[1].volume));
}

#[test]
fn similar_gap_queries_are_grouped() {
    let r = analyze(
        "query,volume\nlong covid fatigue,700\nlong covid fatigue treatment,50\nasdfgh,3\n",
    );
    let group = r
        .gaps
        .iter()
        .find(|g| g.queries.contains(&"long covid fatigue".to_string()))
        .unwrap();
    assert!(
        group
            .queries
            .contains(&"long covid fatigue treatment".to_string()),
        "{:?}",
        r.gaps
    );
    assert_eq!(group.volume, 750);
}

#[test]
fn html_report_is_self_contained_with_all_its_parts() {
    let r = fixture_report();
    let html = report::render(&r, report::Format::Html).unwrap();
    for part in [
        "<h1>Query coverage</h1>",
        "volume answered",
        "Volume per condition",
        "class=\"bar\"",
        "<h2 id=\"gaps-h\">Gaps</h2>",
        "Landing elsewhere than expected",
        "id=\"filter\"",
        "id=\"status-filter\"",
        "aria-sort",
        "<script type=\"application/json\" id=\"data\">",
    ] {
        assert!(html.contains(part), "missing {part}");
    }
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no network needed to view it"
    );
    assert!(
        !html.contains("<link") && !html.contains(" src="),
        "no external files"
    );
}

#[test]
fn html_escapes_what_the_list_holds() {
    let r = analyze("query\n<script>alert(1)</script>\n");
    let html = report::render(&r, report::Format::Html).unwrap();
    assert!(!html.contains("<script>alert"));
}

#[test]
fn csv_and_json_outputs() {
    let r = fixture_report();
    let csv = report::render(&r, report::Format::Csv).unwrap();
    assert!(csv.starts_with("query,volume,rows,line,status,page,title,confidence,runner_up"));
    assert_eq!(csv.lines().count(), r.queries.len() + 1);
    let json: serde_json::Value =
        serde_json::from_str(&report::render(&r, report::Format::Json).unwrap()).unwrap();
    assert_eq!(json["summary"]["queries"], r.queries.len());
    assert!(json["gaps"].is_array() && json["conditions"].as_array().unwrap().len() == 25);
}
