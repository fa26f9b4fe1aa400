//! Runs only the `assign` loop (several passes over fresh indexes) so a profiler sees nothing else: `profile_assign [N] [passes] [dup]` (`dup`: duplicates only, no stories).

use rasd_dedupe::bench::{cpu_seconds, synth_corpus};
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
    for _ in 0..passes {
        let c = cpu_seconds().unwrap_or(0.0);
        let mut idx = DedupeIndex::new(cfg.clone())?;
        let mut bytes = 0usize;
        for d in &refs {
            bytes += idx.assign(&d.input()).record.to_bytes().len();
        }
        let cpu = cpu_seconds().unwrap_or(0.0) - c;
        println!(
            "{} articles: {:.1} µs/article CPU ({} stories, {bytes} record bytes)",
            refs.len(),
            cpu * 1e6 / refs.len() as f64,
            idx.stories().len()
        );
    }
    Ok(())
}
