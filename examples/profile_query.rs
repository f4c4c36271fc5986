//! Runs queries many times, for profilers:
//! `cargo run --release --example profile_query -- [QUERY] [TIMES]`; without a query, the whole
//! labeled mix of `benches/queries/topics.tsv`.
use condsearch::Engine;
use condsearch::eval::trec;
use condsearch::search::SearchRequest;

fn main() {
    let mut args = std::env::args().skip(1);
    let queries: Vec<String> = match args.next().filter(|q| !q.is_empty()) {
        Some(q) => vec![q],
        None => trec::parse_topics("topics", include_str!("../benches/queries/topics.tsv"))
            .expect("topics parse")
            .into_iter()
            .map(|t| t.query)
            .collect(),
    };
    let times: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    let engine = Engine::embedded().expect("content loads");
    let started = std::time::Instant::now();
    for _ in 0..times {
        for q in &queries {
            std::hint::black_box(engine.search(&SearchRequest::new(q)).expect("valid"));
        }
    }
    println!(
        "{:?} per query",
        started.elapsed() / (times * queries.len()) as u32
    );
}
