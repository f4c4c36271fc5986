//! Speed of the engine, in process: building the index from the embedded catalog, and one
//! search over a realistic mix of queries (the labeled set in `benches/queries/topics.tsv`:
//! lay phrases, typos, prefixes, codes, Unicode, out-of-scope).
//!
//! Run with `cargo bench --bench search`. Before criterion's own measurements it prints the
//! per-query latency distribution (p50, p99, max) over the whole mix, since a search box cares
//! about the slow tail, which criterion's mean hides.

use std::hint::black_box;
use std::time::{Duration, Instant};

mod common;

use common::{percentile, query_mix, time_each, time_searches};
use condsearch::Engine;
use condsearch::search::{Features, SearchRequest};
use condsearch::source::Source;
use condsearch::suggest::suggest;
use criterion::{Criterion, criterion_group};

/// Passes over the mix for the latency distribution.
const PASSES: usize = 50;

/// One line of the latency table: the distribution of `samples`.
fn report(what: &str, samples: &[Duration]) {
    println!(
        "{what}: p50 {:?}, p90 {:?}, p99 {:?}, max {:?} ({} samples)",
        percentile(samples, 50.0),
        percentile(samples, 90.0),
        percentile(samples, 99.0),
        samples[samples.len() - 1],
        samples.len()
    );
}

/// Every prefix of every query from 3 characters on, as the search box sends them to
/// `/suggest` while someone types.
fn typed_prefixes(queries: &[String]) -> Vec<String> {
    queries
        .iter()
        .flat_map(|q| {
            let chars: Vec<char> = q.chars().collect();
            (3..=chars.len()).map(move |n| chars[..n].iter().collect::<String>())
        })
        .collect()
}

/// Prints build time and the per-query latency distribution.
fn latency_report(engine: &Engine, queries: &[String]) {
    let mut builds: Vec<Duration> = (0..20)
        .map(|_| {
            let started = Instant::now();
            black_box(Engine::load(&Source::Embedded, &Source::Embedded).expect("content loads"));
            started.elapsed()
        })
        .collect();
    builds.sort();
    let samples = time_searches(engine, queries, PASSES);
    println!(
        "index build from the embedded catalog ({} pages): median {:?}, max {:?} over {} builds",
        engine.catalog().len(),
        percentile(&builds, 50.0),
        builds[builds.len() - 1],
        builds.len()
    );
    report(
        &format!(
            "search (production: words and meaning) over {} queries x {PASSES} passes",
            queries.len()
        ),
        &samples,
    );
    let lexical = time_each(queries, PASSES, |q| {
        black_box(
            engine
                .search(&SearchRequest::new(q).features(Features::LEXICAL))
                .expect("valid query"),
        );
    });
    report("search, words only (--features lexical)", &lexical);
    if let Some(semantic) = engine.semantic() {
        let meaning = time_each(queries, PASSES, |q| {
            black_box(semantic.index.pages(&semantic.model.embed(q), &[]));
        });
        report(
            "the query's vector and every page's closest unit (inside the search)",
            &meaning,
        );
    }
    let prefixes = typed_prefixes(queries);
    let suggestions = time_each(&prefixes, 5, |p| {
        black_box(suggest(engine, p, 8).expect("valid prefix"));
    });
    report(
        &format!("suggest over {} typed prefixes x 5 passes", prefixes.len()),
        &suggestions,
    );
}

fn bench(c: &mut Criterion) {
    let engine = Engine::embedded().expect("embedded content loads");
    let queries = query_mix();
    latency_report(&engine, &queries);

    c.bench_function("build_embedded_index", |b| {
        b.iter(|| Engine::load(&Source::Embedded, &Source::Embedded).expect("content loads"))
    });
    let mut next = 0;
    c.bench_function("search_query_mix", |b| {
        b.iter(|| {
            let q = &queries[next % queries.len()];
            next += 1;
            engine.search(&SearchRequest::new(q)).expect("valid query")
        })
    });
    for q in [
        "fibromyalga",
        "complex regional pa",
        "G90.5",
        "burning pain in my hand after a wrist fracture",
    ] {
        c.bench_function(&format!("search {q:?}"), |b| {
            b.iter(|| {
                engine
                    .search(&SearchRequest::new(black_box(q)))
                    .expect("valid query")
            })
        });
    }
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
