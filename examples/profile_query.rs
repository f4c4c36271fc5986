//! Runs one query many times, for profilers: `cargo run --release --example profile_query -- "query" 2000`.
use condsearch::Engine;
use condsearch::search::SearchRequest;
fn main() {
    let mut args = std::env::args().skip(1);
    let query = args
        .next()
        .unwrap_or_else(|| "burning pain in my hand after a wrist fracture".into());
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let engine = Engine::embedded().expect("content loads");
    let started = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(engine.search(&SearchRequest::new(&query)).expect("valid"));
    }
    println!("{:?} per query", started.elapsed() / n as u32);
}
