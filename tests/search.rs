//! Ranking, black box, on the shipped catalog. This module tests the following properties:
//! 1. the labeled query set (`benches/queries/`) meets floors for rank-1 accuracy, confident
//!    answers and out-of-scope rejection, overall and on the held-out split;
//! 2. every kind of query from the search box works: lay words, former names, acronyms in any
//!    case, misspellings, half-typed words, ICD codes, pasted Unicode, intent words;
//! 3. an exact match outranks a typo correction; acronyms, codes and short words are never
//!    corrected;
//! 4. synonyms work inside longer queries, and one-way rules only go one way;
//! 5. crisis queries are flagged, lay names that contain crisis words are not;
//! 6. results are deterministic, and each hit explains itself and carries a marked snippet.

use std::sync::LazyLock;

use condsearch::Engine;
use condsearch::analysis::analyzer;
use condsearch::eval::{self, trec};
use condsearch::search::{Confidence, Features, SearchRequest, SearchResponse, Via};
use condsearch::source::{ContentKind, Source};
use condsearch::synonyms::SynonymMap;

static ENGINE: LazyLock<Engine> =
    LazyLock::new(|| Engine::embedded().expect("shipped content loads"));

fn search(q: &str) -> SearchResponse {
    ENGINE.search(&SearchRequest::new(q)).expect("valid query")
}

fn top(q: &str) -> String {
    search(q)
        .hits
        .first()
        .map(|h| h.slug.clone())
        .unwrap_or_default()
}

fn assert_top(q: &str, slug: &str) {
    let r = search(q);
    let first = r.hits.first().unwrap_or_else(|| panic!("{q:?}: no hits"));
    assert_eq!(
        first.slug,
        slug,
        "{q:?}: {:?}",
        r.hits.iter().map(|h| &h.slug).collect::<Vec<_>>()
    );
    assert!(
        first.confidence >= Confidence::Medium,
        "{q:?}: {:?}",
        first.confidence
    );
}

fn assert_rejected(q: &str) {
    let r = search(q);
    assert!(
        !r.is_answered(),
        "{q:?} got a confident answer: {:?}",
        r.hits.first().map(|h| (&h.slug, h.confidence))
    );
}

// 1. The labeled set.

fn evaluate(split: Option<&str>) -> eval::Evaluation {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/queries/");
    let read = |f: &str| std::fs::read_to_string(format!("{dir}{f}")).unwrap();
    let topics = trec::parse_topics("topics.tsv", &read("topics.tsv")).unwrap();
    let qrels = trec::parse_qrels("qrels.txt", &read("qrels.txt")).unwrap();
    let labels = eval::parse_categories("categories.tsv", &read("categories.tsv")).unwrap();
    let run = eval::search_all(&ENGINE, &topics, Features::ALL, 10).unwrap();
    let spec = eval::Spec {
        topics: &topics,
        qrels: &qrels,
        labels: Some(&labels),
        split,
    };
    eval::evaluate(&spec, &run)
}

#[test]
fn labeled_set_meets_its_floors() {
    let all = evaluate(None);
    assert!(all.overall.in_scope >= 150 && all.overall.out_of_scope >= 30);
    assert!(
        all.overall.success1 >= 0.93,
        "success@1 {:.3}",
        all.overall.success1
    );
    assert!(
        all.overall.confident_answer_rate >= 0.90,
        "confident {:.3}",
        all.overall.confident_answer_rate
    );
    assert!(
        all.overall.rejection_rate >= 0.93,
        "rejection {:.3}",
        all.overall.rejection_rate
    );
    assert!(
        all.overall.ndcg10 >= 0.93,
        "nDCG@10 {:.3}",
        all.overall.ndcg10
    );
}

#[test]
fn held_out_split_meets_its_floors() {
    let held = evaluate(Some("heldout"));
    assert!(held.overall.in_scope >= 60);
    assert!(
        held.overall.success1 >= 0.90,
        "success@1 {:.3}",
        held.overall.success1
    );
    assert!(
        held.overall.rejection_rate >= 0.85,
        "rejection {:.3}",
        held.overall.rejection_rate
    );
}

// 2. Kinds of query.

#[test]
fn lay_words_find_their_page() {
    assert_top("hurt all over and tired all the time", "fibromyalgia");
    assert_top("cant stop drinking", "alcohol-use-disorder");
    assert_top("shingles pain that won't go away", "postherpetic-neuralgia");
}

#[test]
fn a_medicine_used_for_one_condition_finds_its_page() {
    // synonyms/indications.txt
    assert_top("suboxone", "opioid-use-disorder");
    assert_top("zurzuvae", "postpartum-depression");
    assert_top("tegretol making me drowsy", "trigeminal-neuralgia");
    assert_top("aimovig stopped working", "chronic-migraine");
}

#[test]
fn a_lay_description_finds_the_page_with_most_of_its_symptoms() {
    // Each limb word is also in Phantom Limb Pain's search phrases; CRPS has the rest of the
    // description (swelling, colour, touch) in its summary and body.
    assert_top(
        "hand swollen and discolored since my cast came off",
        "complex-regional-pain-syndrome",
    );
    assert_top(
        "leg swollen and sweaty and it hurts to touch",
        "complex-regional-pain-syndrome",
    );
    assert_top("numb tingling feet and hands", "peripheral-neuropathy");
}

#[test]
fn clinical_former_and_eponymous_names() {
    assert_top(
        "reflex sympathetic dystrophy",
        "complex-regional-pain-syndrome",
    );
    assert_top("causalgia", "complex-regional-pain-syndrome");
    assert_top("tic douloureux", "trigeminal-neuralgia");
    assert_top("dysthymia", "persistent-depressive-disorder");
}

#[test]
fn acronyms_in_any_case() {
    for q in ["rsd", "RSD", "Rsd"] {
        assert_top(q, "complex-regional-pain-syndrome");
    }
    for q in ["PTSD", "ptsd", "Ptsd"] {
        assert_top(q, "post-traumatic-stress-disorder");
    }
    assert_top("Ocd", "obsessive-compulsive-disorder");
}

#[test]
fn misspellings_are_corrected() {
    assert_top("fibromyalga", "fibromyalgia");
    assert_top("nueropathy", "peripheral-neuropathy");
    assert_top("post tramatic stress", "post-traumatic-stress-disorder");
    let r = search("fibromyalga");
    assert_eq!(r.did_you_mean.as_deref(), Some("fibromyalgia"));
    assert!(r.hits[0].why.iter().any(|w| w.via == Via::Typo));
}

#[test]
fn half_typed_words_complete() {
    assert_top("trigem", "trigeminal-neuralgia");
    assert_top("complex regional pa", "complex-regional-pain-syndrome");
    assert_top("fibromyal", "fibromyalgia");
    assert!(
        search("trigem").hits[0]
            .why
            .iter()
            .any(|w| w.via == Via::Prefix)
    );
}

#[test]
fn icd_codes_with_or_without_dot() {
    for q in ["G90.5", "g905", "g90.5"] {
        assert_top(q, "complex-regional-pain-syndrome");
    }
    assert_top("F43.10", "post-traumatic-stress-disorder");
    assert_top("8D8A", "complex-regional-pain-syndrome");
    assert_top("MG30.04", "complex-regional-pain-syndrome");
    assert_eq!(search("G90.5").hits[0].confidence, Confidence::High);
}

#[test]
fn pasted_unicode_is_normalized() {
    for q in ["Horton’s headache", "Horton's headache", "hortons headache"] {
        assert_top(q, "cluster-headache");
    }
    for q in [
        "post‐traumatic stress",
        "post–traumatic stress",
        "posttraumatic stress",
        "post traumatic stress",
    ] {
        assert_top(q, "post-traumatic-stress-disorder");
    }
    assert_top("ＰＴＳＤ", "post-traumatic-stress-disorder");
    assert_top("ptsd?", "post-traumatic-stress-disorder");
    assert_top("cluster\u{00A0}headache", "cluster-headache");
    assert_eq!(top("dépression"), top("depression"));
}

#[test]
fn condition_names_pasted_in_spanish_or_french_find_their_page() {
    // synonyms/languages.txt: names, not a translation of the site.
    assert_top("migraña crónica", "chronic-migraine");
    assert_top("névralgie du trijumeau", "trigeminal-neuralgia");
    assert_top("dolor de espalda crónico", "chronic-low-back-pain");
    assert_top(
        "trastorno de estrés postraumático",
        "post-traumatic-stress-disorder",
    );
    assert_top("dépression post-partum", "postpartum-depression");
}

#[test]
fn intent_words_around_the_condition() {
    assert_top("ketamine for fibromyalgia", "fibromyalgia");
    assert_top("fibromyalgia treatment", "fibromyalgia");
    assert_top("migraines that won't go away", "chronic-migraine");
}

#[test]
fn queries_the_site_does_not_cover_get_no_confident_answer() {
    for q in [
        "broken arm",
        "ketamine cost",
        "asdfgh",
        "ketamine",
        "treatment",
        "knee replacement",
        // Another word beside a word of a page's name: the query is about the other thing.
        "gaming addiction",
        "endometriosis",
        "quit smoking",
        "tension headache",
    ] {
        assert_rejected(q);
    }
}

// 3. Typos.

/// Whether some hit matched through a typo correction.
fn corrected(r: &SearchResponse) -> bool {
    r.hits
        .iter()
        .any(|h| h.why.iter().any(|w| w.via == Via::Typo))
}

#[test]
fn exact_matches_are_not_corrected() {
    // "migraine" is a known word: no correction is searched, so no page ranks on one.
    let r = search("migraine");
    assert!(!corrected(&r));
    assert_eq!(r.did_you_mean, None);
}

#[test]
fn acronyms_codes_and_short_words_are_not_corrected() {
    for q in ["PSTD", "G91.5", "pian"] {
        assert!(!corrected(&search(q)), "{q}");
    }
}

#[test]
fn a_transposed_acronym_is_offered_but_never_searched() {
    let r = search("ptds");
    assert!(!corrected(&r));
    assert_eq!(r.did_you_mean.as_deref(), Some("ptsd"));
    // A three-letter word is one edit from too many acronyms to offer one.
    assert_eq!(search("bad").did_you_mean, None);
}

#[test]
fn did_you_mean_prefers_words_that_name_conditions_and_spares_everyday_words() {
    // "pian" is one edit from "pain" (titles) and "plan" (every page's body).
    assert_eq!(
        search("cronic pian").did_you_mean.as_deref(),
        Some("chronic pain")
    );
    // An answered query's unknown short word is an everyday word, not a typo.
    let r = search("hand swollen and discolored since my cast came off");
    assert!(r.is_answered());
    assert_eq!(r.did_you_mean, None);
}

// 4. Synonyms.

#[test]
fn synonyms_work_inside_longer_queries() {
    let r = search("ketamine for crps pain in my arm");
    assert_eq!(r.hits[0].slug, "complex-regional-pain-syndrome");
    let r = search("complex regional pain syndrome ketamine");
    assert_eq!(r.hits[0].slug, "complex-regional-pain-syndrome");
}

#[test]
fn one_way_synonyms_only_go_one_way() {
    // synonyms/lay.txt: "suicide headache => suicide headache, cluster headache";
    // synonyms/indications.txt: "suboxone, ... => suboxone, ..., opioid use disorder".
    assert_top("suicide headache", "cluster-headache");
    assert_top("suboxone", "opioid-use-disorder");
    let files = Source::Embedded
        .files(ContentKind::Synonyms)
        .expect("embedded tables");
    let (map, _) = SynonymMap::load(&files);
    let expands = |from: &str, to: &str| {
        map.lookup(&analyzer().terms(from))
            .is_some_and(|e| e.alternatives.iter().any(|a| a.text == to))
    };
    for (typed, target) in [
        ("suicide headache", "cluster headache"),
        ("suboxone", "opioid use disorder"),
    ] {
        assert!(expands(typed, target), "{typed} → {target}");
        assert!(!expands(target, typed), "{target} → {typed}");
    }
}

// 5. Crisis.

#[test]
fn crisis_queries_are_flagged() {
    for q in [
        "i want to die",
        "kill myself",
        "I don’t want to live anymore",
    ] {
        assert!(search(q).crisis, "{q}");
    }
    assert_top("i want to die", "suicidal-ideation");
    for q in ["me quiero morir", "je veux mourir"] {
        assert!(search(q).crisis, "{q}");
        assert_top(q, "suicidal-ideation");
    }
    for q in ["suicide headaches", "cluster headache", "ketamine for ptsd"] {
        assert!(!search(q).crisis, "{q}");
    }
}

// 6. Determinism, explanations, snippets.

#[test]
fn results_are_deterministic_and_ties_break_by_slug() {
    for q in ["depression", "pain", "F32", "anxiety"] {
        let a = search(q);
        let b = search(q);
        let slugs = |r: &SearchResponse| {
            r.hits
                .iter()
                .map(|h| (h.slug.clone(), h.score))
                .collect::<Vec<_>>()
        };
        assert_eq!(slugs(&a), slugs(&b), "{q}");
        for pair in a.hits.windows(2) {
            assert!(
                pair[0].score > pair[1].score
                    || (pair[0].score == pair[1].score && pair[0].slug < pair[1].slug),
                "{q}"
            );
        }
    }
}

#[test]
fn a_page_the_query_names_outranks_pages_it_only_describes() {
    // Neuropathic Pain's aliases hold "peripheral" and a completion of "neu" too, but only
    // Peripheral Neuropathy is named by the query.
    assert_top("peripheral neu", "peripheral-neuropathy");
    assert_top("peripheral neuropathy", "peripheral-neuropathy");
}

#[test]
fn scores_fall_with_rank_and_confidence_does_not_depend_on_the_limit() {
    // TREC tools rank a run by its scores, so the order must be the scores' order.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/queries/topics.tsv");
    let topics = trec::parse_topics("topics.tsv", &std::fs::read_to_string(path).unwrap()).unwrap();
    for topic in &topics {
        let full = ENGINE
            .search(&SearchRequest::new(&topic.query).limit(10))
            .unwrap();
        for pair in full.hits.windows(2) {
            assert!(pair[0].score >= pair[1].score, "{}", topic.query);
        }
        let one = ENGINE
            .search(&SearchRequest::new(&topic.query).limit(1))
            .unwrap();
        assert_eq!(
            one.hits.first().map(|h| (&h.slug, h.confidence)),
            full.hits.first().map(|h| (&h.slug, h.confidence)),
            "{}",
            topic.query
        );
    }
}

#[test]
fn every_hit_explains_itself_with_a_marked_snippet() {
    let r = search("burning nerve pain");
    for hit in &r.hits {
        assert!(!hit.why.is_empty(), "{}", hit.slug);
        assert!(hit.url == format!("/conditions/{}", hit.slug));
    }
    assert!(
        r.hits[0].snippet.contains("<mark>"),
        "{}",
        r.hits[0].snippet
    );
}

#[test]
fn snippets_escape_html() {
    let r = search("<script>fibromyalgia</script>");
    assert_eq!(r.hits[0].slug, "fibromyalgia");
    assert!(!r.hits[0].snippet.contains("<script>"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    /// No query, however odd, makes the engine fail or panic.
    #[test]
    fn any_query_gets_an_answer(q in "\\PC{1,120}") {
        let r = ENGINE.search(&SearchRequest::new(&q));
        if q.trim().is_empty() {
            proptest::prop_assert!(r.is_err());
        } else {
            let r = r.unwrap();
            proptest::prop_assert!(r.hits.len() <= 10);
        }
    }
}

#[test]
fn limits_are_checked() {
    assert!(ENGINE.search(&SearchRequest::new("pain").limit(0)).is_err());
    assert!(
        ENGINE
            .search(&SearchRequest::new("pain").limit(51))
            .is_err()
    );
    assert!(ENGINE.search(&SearchRequest::new("  ")).is_err());
    assert!(
        ENGINE
            .search(&SearchRequest::new(&"a".repeat(257)))
            .is_err()
    );
    assert_eq!(
        ENGINE
            .search(&SearchRequest::new("pain").limit(3))
            .unwrap()
            .hits
            .len(),
        3
    );
}
