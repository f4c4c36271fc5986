//! The sentence model and fusion, black box, on the shipped catalog and model. This module tests
//! the following properties:
//! 1. the model's tokenizer cuts text exactly as the reference WordPiece tokenizer does;
//! 2. the shipped model file is the one `models/minilm-static/MODEL.toml` records, and model
//!    files round-trip and are refused with a reason when broken;
//! 3. queries worded unlike any page still find the page that means the same;
//! 4. fusion never re-ranks a query the lexical engine reads as a name (codes, exact names,
//!    acronyms, corrected misspellings and completed words rank exactly as with the words
//!    alone), and on the labeled sets' name-like queries it never changes the first page;
//! 5. a hit found by meaning says so in its `why`, and an engine without a model is lexical only;
//! 6. the real-people query set (`benches/queries/real/`) is cut from its sources, word for word.

use std::collections::HashMap;
use std::sync::LazyLock;

use condsearch::Engine;
use condsearch::engine::Ranking;
use condsearch::eval::{self, trec};
use condsearch::search::{Features, MatchedIn, SearchRequest, Via};
use condsearch::semantic::{self, Embedder, StaticModel};
use condsearch::source::Source;
use sha2::{Digest, Sha256};

static ENGINE: LazyLock<Engine> =
    LazyLock::new(|| Engine::embedded().expect("shipped content loads"));

fn repo(path: &str) -> String {
    format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn model() -> std::sync::Arc<StaticModel> {
    semantic::shipped().expect("built with the feature `semantic`")
}

// 1. The tokenizer.

#[test]
fn wordpiece_matches_the_reference_tokenizer() {
    let model = model();
    let pieces = model.vocabulary().pieces();
    let fixture = read("tests/fixtures/semantic/wordpiece.tsv");
    let mut checked = 0;
    for line in fixture.lines().filter(|l| !l.starts_with('#')) {
        let (text, ids) = line.split_once('\t').unwrap();
        let text: String = serde_json::from_str(text).unwrap();
        let expected: Vec<u32> = ids.split(' ').map(|i| i.parse().unwrap()).collect();
        assert_eq!(pieces.encode(&text, 512), expected, "{text:?}");
        checked += 1;
    }
    assert!(checked >= 15);
}

// 2. The model file.

#[test]
fn the_shipped_model_is_the_file_its_record_names() {
    let bytes = std::fs::read(repo("models/minilm-static/model.csm")).unwrap();
    let digest: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let record: toml::Table = toml::from_str(&read("models/minilm-static/MODEL.toml")).unwrap();
    assert_eq!(record["file"]["sha256"].as_str(), Some(digest.as_str()));
    assert_eq!(
        record["file"]["bytes"].as_integer(),
        Some(bytes.len() as i64)
    );
}

#[test]
fn a_model_file_round_trips() {
    let model = model();
    let again = StaticModel::from_bytes("again", &model.to_bytes()).unwrap();
    for text in ["can't stop worrying", "fibromyalgia", "zzqx unknownword"] {
        assert_eq!(model.embed(text), again.embed(text), "{text}");
    }
}

#[test]
fn a_broken_model_file_is_refused_with_the_reason() {
    let bytes = model().to_bytes();
    let truncated = StaticModel::from_bytes("t", &bytes[..bytes.len() - 10]).unwrap_err();
    assert!(truncated.to_string().contains("truncated"), "{truncated}");
    let foreign = StaticModel::from_bytes("f", b"GIF89a....").unwrap_err();
    assert!(
        foreign.to_string().contains("not a condsearch model file"),
        "{foreign}"
    );
    let mut longer = bytes.clone();
    longer.extend_from_slice(b"xx");
    let trailing = StaticModel::from_bytes("l", &longer).unwrap_err();
    assert!(
        trailing.to_string().contains("2 bytes follow"),
        "{trailing}"
    );
}

#[test]
fn vectors_have_unit_length_and_unknown_text_has_none() {
    let model = model();
    let v = model.embed("pins and needles in my feet");
    let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    assert!((norm - 1.0).abs() < 1e-4);
    assert!(model.embed("…!!! ???").iter().all(|&x| x == 0.0));
}

// 3. Meaning.

#[test]
fn queries_worded_unlike_any_page_find_the_page_that_means_the_same() {
    // No page is named by these words, and the words alone land on a page that shares one of
    // them ("teen" with the anorexia page, "opiates" with opioid use disorder, "head" and "days"
    // elsewhere); meaning lands on the page.
    let cases = [
        ("teen depression", "major-depressive-disorder"),
        (
            "ways to relieve unrelenting pain not using opiates",
            "chronic-pain",
        ),
        (
            "my head pounds for days and light hurts",
            "chronic-migraine",
        ),
    ];
    for (query, slug) in cases {
        let hits = ENGINE.search(&SearchRequest::new(query)).unwrap().hits;
        assert_eq!(hits[0].slug, slug, "{query}: {:?}", &hits[..3]);
    }
}

// 4. Names are never re-ranked.

#[test]
fn fusion_never_reranks_names_codes_acronyms_typos_or_prefixes() {
    let mut whole = 0;
    for set in [
        "benches/queries/",
        "benches/queries/diagnostic/",
        "benches/queries/blind/",
        "benches/queries/blind2/",
        "benches/queries/blind3/",
    ] {
        let topics = trec::parse_topics("topics", &read(&format!("{set}topics.tsv"))).unwrap();
        let labels =
            eval::parse_categories("categories", &read(&format!("{set}categories.tsv"))).unwrap();
        for topic in &topics {
            let category = labels[&topic.qid].category.as_str();
            if !["icd", "acronym", "misspelling", "prefix", "clinical"].contains(&category) {
                continue;
            }
            let order = |features| -> Vec<String> {
                ENGINE
                    .search(&SearchRequest::new(&topic.query).features(features))
                    .unwrap()
                    .hits
                    .into_iter()
                    .map(|h| h.slug)
                    .collect()
            };
            let (hybrid, words) = (order(Features::ALL), order(Features::LEXICAL));
            let what = format!("{set}{} {:?} ({category})", topic.qid, topic.query);
            // Where the engine reads a name, the lexical order stands whole ...
            if ENGINE.fusion_candidates(&topic.query).unwrap().is_none() {
                assert_eq!(hybrid, words, "{what}");
                whole += 1;
            }
            // ... and wherever else fusion runs on such a query, it keeps the first page.
            assert_eq!(hybrid.first(), words.first(), "{what}");
        }
    }
    assert!(whole > 400, "{whole}");
}

// 5. Explanations and the lexical-only engine.

#[test]
fn a_hit_found_by_meaning_says_so() {
    let response = ENGINE
        .search(&SearchRequest::new(
            "my feet feel like I am walking on sand",
        ))
        .unwrap();
    let first = &response.hits[0];
    let meaning = first
        .why
        .iter()
        .find(|w| w.via == Via::Meaning)
        .unwrap_or_else(|| panic!("{:?}", first.why));
    assert_eq!(meaning.field, MatchedIn::Meaning);
    assert!(!meaning.matched.is_empty());
}

#[test]
fn an_engine_without_a_model_is_lexical_only() {
    let (engine, _) =
        Engine::load_with(&Source::Embedded, &Source::Embedded, Ranking::lexical()).unwrap();
    assert!(engine.semantic().is_none() && engine.info().semantic_model.is_none());
    assert!(engine.pages_by_meaning("anything").is_none());
    for query in ["my feet feel like I am walking on sand", "ptsd", "G90.5"] {
        let hits = engine.search(&SearchRequest::new(query)).unwrap().hits;
        let words = ENGINE
            .search(&SearchRequest::new(query).features(Features::LEXICAL))
            .unwrap()
            .hits;
        assert_eq!(hits, words, "{query}");
    }
}

// 6. The real-people set.

/// Lowercased words, apostrophes kept inside words, as `benches/queries/real/README.md` defines
/// a cut.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace(['\u{2019}', '\u{2018}'], "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\'').to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

#[test]
fn every_real_people_query_is_cut_from_its_source_word_for_word() {
    for set in ["benches/queries/real/", "benches/unseen/"] {
        let topics = trec::parse_topics("topics", &read(&format!("{set}topics.tsv"))).unwrap();
        let sources: HashMap<String, Vec<String>> = read(&format!("{set}sources.tsv"))
            .lines()
            .skip(1)
            .map(|l| {
                let fields: Vec<&str> = l.split('\t').collect();
                assert_eq!(fields.len(), 4, "{set}sources.tsv: {l}");
                assert!(!fields[1].is_empty() && !fields[2].is_empty(), "{l}");
                (fields[0].to_string(), words(fields[3]))
            })
            .collect();
        for topic in &topics {
            let source = sources
                .get(&topic.qid)
                .unwrap_or_else(|| panic!("{set}: {} has no source", topic.qid));
            let mut rest = source.iter();
            for word in words(&topic.query) {
                assert!(
                    rest.any(|w| *w == word),
                    "{set}{}: {:?} is not cut from its source (at '{word}')",
                    topic.qid,
                    topic.query
                );
            }
        }
    }
}
