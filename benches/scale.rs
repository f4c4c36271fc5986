//! Scale: synthetic catalogs shaped like the real pages, at 1,000, 10,000 and 100,000 pages;
//! for each, index build time, resident memory, and search latency p50/p99 over the labeled
//! query mix plus queries for synthetic pages.
//!
//! `cargo bench --bench scale` (all sizes), or `cargo bench --bench scale -- 1000 10000`.
//!
//! A synthetic page is a real page re-dressed: a made-up condition name replaces the real one
//! everywhere (title, aliases, phrases, text), and paragraphs are drawn from the whole catalog,
//! so sizes, structure and vocabulary growth follow the real content.

use std::time::Instant;

use condsearch::Engine;
mod common;

use common::{percentile, query_mix, time_searches};
use condsearch::catalog::{Catalog, Condition};
use condsearch::source::{ContentKind, Source};
use condsearch::synonyms::SynonymMap;

/// A small deterministic generator (xorshift64*), so every run builds the same catalogs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A pronounceable made-up word, unique per `n`.
fn pseudo_word(n: usize, rng: &mut Rng) -> String {
    const ONSETS: [&str; 16] = [
        "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "tr",
    ];
    const VOWELS: [&str; 6] = ["a", "e", "i", "o", "u", "ae"];
    let mut word = String::new();
    let mut k = n + 1;
    while k > 0 {
        word.push_str(ONSETS[k % ONSETS.len()]);
        word.push_str(VOWELS[rng.below(VOWELS.len())]);
        k /= ONSETS.len();
    }
    word.push_str(["lia", "osis", "itis", "algia", "ema"][n % 5]);
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn synthetic_catalog(real: &Catalog, pages: usize) -> Catalog {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let all_paragraphs: Vec<&str> = real
        .conditions()
        .iter()
        .flat_map(|c| c.sections.iter().flat_map(|s| s.texts()))
        .collect();
    let conditions = (0..pages)
        .map(|n| {
            let template = &real.conditions()[n % real.len()];
            let name = pseudo_word(n, &mut rng);
            let real_name = template
                .title
                .split(" (")
                .next()
                .unwrap_or(&template.title)
                .to_string();
            let rename = |text: &str| text.replace(&real_name, &name);
            let mut page: Condition = template.clone();
            page.slug = format!("{}-{n}", name.to_lowercase());
            page.title = format!(
                "{name} {}",
                ["Syndrome", "Disorder", "Pain", "Neuralgia"][n % 4]
            );
            page.summary = rename(&template.summary);
            page.aliases = template
                .aliases
                .iter()
                .map(|a| format!("{name} {a}"))
                .collect();
            page.search_phrases = template
                .search_phrases
                .iter()
                .map(|p| format!("{} {name}", rename(p)))
                .collect();
            for section in &mut page.sections {
                for p in section.paragraphs.iter_mut() {
                    *p = rename(all_paragraphs[rng.below(all_paragraphs.len())]);
                }
                for sub in &mut section.subsections {
                    for p in sub.paragraphs.iter_mut() {
                        *p = rename(all_paragraphs[rng.below(all_paragraphs.len())]);
                    }
                }
            }
            page.related.clear();
            page
        })
        .collect();
    Catalog::from_conditions(conditions)
}

fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000, 100_000]
    } else {
        sizes
    };
    let (real, _) = Catalog::load(
        &Source::Embedded
            .files(ContentKind::Catalog)
            .expect("embedded"),
    );
    let (synonyms, _) = SynonymMap::load(
        &Source::Embedded
            .files(ContentKind::Synonyms)
            .expect("embedded"),
    );
    let mut queries = query_mix();
    println!("| pages | words | build | resident memory | search p50 | search p99 | queries |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for &pages in &sizes {
        let catalog = synthetic_catalog(&real, pages);
        let words: usize = catalog
            .conditions()
            .iter()
            .map(|c| {
                c.sections
                    .iter()
                    .flat_map(|s| s.texts())
                    .map(|t| t.split_whitespace().count())
                    .sum::<usize>()
            })
            .sum();
        // Queries that name synthetic pages, as people would search for them.
        let mut mix = queries.clone();
        for c in catalog.conditions().iter().step_by((pages / 100).max(1)) {
            mix.push(c.title.to_lowercase());
            mix.push(format!(
                "ketamine for {}",
                c.title.split(' ').next().unwrap_or("").to_lowercase()
            ));
        }
        let before = resident_kib();
        let started = Instant::now();
        let engine =
            Engine::from_parts(catalog, synonyms.clone()).expect("synthetic catalog indexes");
        let build = started.elapsed();
        let memory_mib = resident_kib().saturating_sub(before) as f64 / 1024.0;
        let passes = if pages >= 100_000 { 2 } else { 5 };
        let samples = time_searches(&engine, &mix, passes);
        println!(
            "| {pages} | {words} | {:.2} s | {memory_mib:.0} MiB | {:.2} ms | {:.2} ms | {} |",
            build.as_secs_f64(),
            percentile(&samples, 50.0).as_secs_f64() * 1000.0,
            percentile(&samples, 99.0).as_secs_f64() * 1000.0,
            samples.len()
        );
        drop(engine);
        queries.truncate(360);
    }
}
