//! Tagging throughput of the shipped model (feature extraction + Viterbi) on the ANERcorp held-out text.
//! Usage: `cargo run --release -p rasd-ner --example bench_tagging`

use std::time::Instant;

fn main() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = std::env::var("RASD_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| root.join("../shared"));
    let t0 = Instant::now();
    let rec = match rasd_ner::Recognizer::load_default() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    println!("model loaded in {:.2}s", t0.elapsed().as_secs_f64());
    let (split, _) = match rasd_ner::train::load_corpora(&shared, false) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let sents: Vec<_> = split.dev.iter().chain(&split.test).collect();
    let mut tokens = 0usize;
    let mut entities = 0usize;
    let cpu0 = rasd_ner::cputime::process_cpu_seconds();
    let started = Instant::now();
    for _ in 0..5 {
        for s in &sents {
            let tags = rec.tag_tokens(&s.tokens);
            tokens += tags.len();
            entities += rasd_ner::eval::chunks(&tags).len();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    if let (Some(a), Some(b)) = (cpu0, rasd_ner::cputime::process_cpu_seconds()) {
        println!(
            "CPU time {:.2}s: {:.0} tokens per CPU second",
            b - a,
            tokens as f64 / (b - a).max(1e-9)
        );
    }
    println!(
        "{tokens} tokens, {entities} entities tagged in {secs:.2}s: {:.0} tokens/s (one thread)",
        tokens as f64 / secs
    );
}
