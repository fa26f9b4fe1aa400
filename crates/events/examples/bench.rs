//! Coder throughput on a JSONL corpus from stdin (fields `text`, `date`), without entities: `zcat corpus.jsonl.gz | cargo run --release -p rasd-events --example bench`.

use std::io::BufRead;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut arts: Vec<(Option<rasd_core::Ymd>, String)> = Vec::new();
    for line in std::io::stdin().lock().lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let text = v["text"].as_str().unwrap_or("").to_string();
        let date = v["date"].as_str().and_then(rasd_core::Ymd::parse_iso);
        arts.push((date, text));
    }
    let coder = rasd_events::Coder::load_default()?;
    let t0 = Instant::now();
    let (mut mentions, mut claims) = (0usize, 0usize);
    for (d, t) in &arts {
        mentions += coder.code(t, *d, &[]).len();
        claims += coder.claims(t, *d, &[]).len();
    }
    let dt = t0.elapsed().as_secs_f64();
    println!(
        "{} articles, {} event mentions, {} claims, {:.2}s, {:.0} articles/s (events + claims, one thread)",
        arts.len(),
        mentions,
        claims,
        dt,
        arts.len() as f64 / dt
    );
    Ok(())
}
