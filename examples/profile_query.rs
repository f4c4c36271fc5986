//! Runs queries many times and prints per-query latency: for profilers (`perf record`) and for
//! the peer comparison, which measures every engine the same way (in process, one query at a
//! time, after a warm-up pass).
//!
//! `cargo run --release --example profile_query -- [QUERY] [PASSES]`; an empty QUERY runs the
//! whole labeled mix of `benches/queries/topics.tsv`. Prints
//! `mean_ms <x> p50_ms <x> p99_ms <x>`.
use std::time::Duration;

#[path = "../benches/common/mod.rs"]
mod common;

use common::{percentile, query_mix, time_searches};
use condsearch::Engine;
use condsearch::search::SearchRequest;

fn main() {
    let mut args = std::env::args().skip(1);
    let queries: Vec<String> = match args.next().filter(|q| !q.is_empty()) {
        Some(q) => vec![q],
        None => query_mix(),
    };
    let passes: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    let engine = Engine::embedded().expect("content loads");
    for q in &queries {
        std::hint::black_box(engine.search(&SearchRequest::new(q)).expect("valid"));
    }
    let samples = time_searches(&engine, &queries, passes);
    let mean = samples.iter().sum::<Duration>() / samples.len() as u32;
    let at = |p: f64| percentile(&samples, p);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "mean_ms {:.3} p50_ms {:.3} p99_ms {:.3}",
        ms(mean),
        ms(at(50.0)),
        ms(at(99.0))
    );
}
