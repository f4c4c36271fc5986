//! What the speed benchmarks share: the realistic query mix and how a latency distribution is
//! read. Included by `benches/search.rs`, `benches/scale.rs` and `examples/profile_query.rs`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use condsearch::Engine;
use condsearch::eval::trec;
use condsearch::search::SearchRequest;

/// The labeled queries of `benches/queries/topics.tsv`: lay phrases, typos, prefixes, codes,
/// Unicode and out-of-scope queries, as the search box receives them.
pub fn query_mix() -> Vec<String> {
    trec::parse_topics(
        "benches/queries/topics.tsv",
        include_str!("../queries/topics.tsv"),
    )
    .expect("the shipped topics parse")
    .into_iter()
    .map(|t| t.query)
    .collect()
}

/// The `p`th percentile (0 to 100) of `sorted` durations, nearest rank.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((p / 100.0) * (sorted.len() - 1) as f64).round() as usize]
}

/// The latency of every search of `queries`, `passes` times over, one at a time, sorted.
pub fn time_searches(engine: &Engine, queries: &[String], passes: usize) -> Vec<Duration> {
    time_each(queries, passes, |q| {
        black_box(engine.search(&SearchRequest::new(q)).expect("valid query"));
    })
}

/// The latency of `work` on every item, `passes` times over, one at a time, sorted.
pub fn time_each<T>(items: &[T], passes: usize, mut work: impl FnMut(&T)) -> Vec<Duration> {
    let mut samples = Vec::with_capacity(items.len() * passes);
    for _ in 0..passes {
        for item in items {
            let started = Instant::now();
            work(item);
            samples.push(started.elapsed());
        }
    }
    samples.sort();
    samples
}
