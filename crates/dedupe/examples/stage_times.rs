//! Times each stage of `assign` in isolation (normalize, shingle + MinHash, story terms, whole assign) over the corpus and a synthetic corpus, to see where the CPU goes.

use std::time::Instant;

use rasd_dedupe::bench::{cpu_seconds, synth_corpus};
use rasd_dedupe::eval::DataDirs;
use rasd_dedupe::minhash::MinHasher;
use rasd_dedupe::normalize::{normalize, words};
use rasd_dedupe::story::{term_counts_in, Idf};
use rasd_dedupe::{Config, DedupeIndex};

fn timed<T>(label: &str, n: usize, f: impl FnOnce() -> T) -> T {
    let c = cpu_seconds().unwrap_or(0.0);
    let t = Instant::now();
    let r = f();
    let cpu = cpu_seconds().unwrap_or(0.0) - c;
    println!(
        "{label:<28} {:>8.1} µs/article CPU ({:.1} wall)",
        cpu * 1e6 / n as f64,
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
    r
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dirs = DataDirs::locate();
    let corpus = dirs.corpus()?;
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(30000);
    let docs = synth_corpus(&corpus, n, 0.3, 7);
    let cfg = Config::default();
    let n = docs.len();
    let norms: Vec<String> = timed("normalize", n, || {
        docs.iter().map(|d| normalize(&d.text)).collect()
    });
    let hasher = MinHasher::new(cfg.shingle, cfg.num_perm, cfg.seed);
    let sh: Vec<Vec<u64>> = timed("shingle hashes", n, || {
        norms
            .iter()
            .map(|t| hasher.shingle_hashes(words(t)))
            .collect()
    });
    let sk = timed("minhash sketch", n, || {
        sh.iter()
            .map(|s| hasher.sketch(s).mins.len())
            .sum::<usize>()
    });
    let idf = Idf::with_prior();
    let tc = timed("story term counts", n, || {
        norms
            .iter()
            .map(|t| term_counts_in("", t, 4.0, Some(&idf)).len())
            .sum::<usize>()
    });
    timed("story term counts, no idf", n, || {
        norms
            .iter()
            .map(|t| term_counts_in("", t, 4.0, None).len())
            .sum::<usize>()
    });
    timed("stems only", n, || {
        norms
            .iter()
            .map(|t| rasd_dedupe::story::stems(t).count())
            .sum::<usize>()
    });
    let mut idx = DedupeIndex::new(cfg)?;
    timed("whole assign", n, || {
        for d in &docs {
            idx.assign(&d.input());
        }
    });
    println!("({sk} minima, {tc} terms)");
    Ok(())
}
