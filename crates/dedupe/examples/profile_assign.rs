//! Runs only the `assign` loop (several passes over fresh indexes) so a profiler sees nothing else: `profile_assign [N] [passes] [dup]` (`dup`: duplicates only, no stories).

use rasd_dedupe::bench::{cpu_seconds, fold_checksum, synth_corpus};
use rasd_dedupe::eval::{date_order, DataDirs};
use rasd_dedupe::{Config, DedupeIndex};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let corpus = DataDirs::locate().corpus()?;
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(0);
    let passes: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let cfg = Config {
        stories: args.next().as_deref() != Some("dup"),
        ..Config::default()
    };
    let docs = if n > corpus.len() {
        synth_corpus(&corpus, n, 0.3, 7)
    } else {
        corpus
    };
    let mut refs: Vec<_> = docs.iter().collect();
    date_order(&mut refs);
    // The split: preparing every article (any thread) and the sequential decisions alone.
    // The split, timed over every pass (the CPU clock ticks every 10 ms: one pass of 10k
    // articles resolves only 1 µs per article).
    let (mut prep_cpu, mut decide_cpu) = (0.0, 0.0);
    for _ in 0..passes.max(1) {
        let idx = DedupeIndex::new(cfg.clone())?;
        let prep = idx.preparer();
        let c = cpu_seconds().unwrap_or(0.0);
        let prepared: Vec<_> = refs.iter().map(|d| prep.prepare(&d.input())).collect();
        let c2 = cpu_seconds().unwrap_or(0.0);
        let mut idx = idx;
        for p in prepared {
            idx.assign_prepared(p).record.to_bytes();
        }
        let c3 = cpu_seconds().unwrap_or(0.0);
        prep_cpu += c2 - c;
        decide_cpu += c3 - c2;
    }
    let per = |s: f64| s * 1e6 / (refs.len() * passes.max(1)) as f64;
    println!(
        "prepare {:.1} µs/article CPU, assign_prepared {:.1} µs/article CPU",
        per(prep_cpu),
        per(decide_cpu)
    );
    for _ in 0..passes {
        let c = cpu_seconds().unwrap_or(0.0);
        let mut idx = DedupeIndex::new(cfg.clone())?;
        let mut bytes = 0usize;
        // A checksum of every decision and record, to check that a speed change decides the same.
        let mut sum = 0u64;
        for d in &refs {
            let a = idx.assign(&d.input());
            let rec = a.record.to_bytes();
            bytes += rec.len();
            sum = fold_checksum(sum, &a, &rec);
        }
        let cpu = cpu_seconds().unwrap_or(0.0) - c;
        println!(
            "{} articles: {:.1} µs/article CPU ({} stories, {bytes} record bytes, checksum {sum:016x})",
            refs.len(),
            cpu * 1e6 / refs.len() as f64,
            idx.stories().len()
        );
    }
    Ok(())
}
