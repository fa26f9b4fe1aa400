//! Times a full `rematerialize` and `merge` on a rasd database, and `merge` on the same mentions replicated N times
//! (new article ids, dates shifted by 40 days per copy) to see how the merge scales.
//!
//! `cargo run --release -p rasd-events --example merge_bench -- DB [N]`

use std::time::Instant;

use rasd_core::Ymd;
use rasd_events::{merge, CodedArticle, EventMention};

fn shift(date: &str, days: i64) -> String {
    match Ymd::parse_iso(date) {
        Some(d) if date.len() == 10 => Ymd::from_day_number(d.day_number() + days)
            .map_or_else(|| date.to_string(), |x| x.iso()),
        _ => date.to_string(),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let db = args.next().ok_or("usage: merge_bench DB [N]")?;
    let copies: i64 = args.next().map_or(Ok(10), |s| s.parse())?;
    let mut store = rasd_store::Store::open(std::path::Path::new(&db))?;
    let t = Instant::now();
    let stats = rasd_events::rematerialize(&mut store)?;
    println!(
        "rematerialize (full recompute): {} articles with mentions, {} mentions -> {} events in {:.3} s",
        stats.articles,
        stats.mentions,
        stats.events,
        t.elapsed().as_secs_f64()
    );
    let mut coded = Vec::new();
    for (article, outlet, duplicate_of, docs) in store.event_mentions()? {
        let mentions = docs
            .iter()
            .map(|j| serde_json::from_str::<EventMention>(j))
            .collect::<Result<Vec<_>, _>>()?;
        coded.push(CodedArticle {
            article,
            outlet,
            duplicate_of,
            story: None,
            mentions,
        });
    }
    let t = Instant::now();
    let n = merge(&coded).len();
    println!(
        "merge x1: {} mentions -> {n} events in {:.3} s",
        stats.mentions,
        t.elapsed().as_secs_f64()
    );
    let mut big = Vec::new();
    for k in 0..copies {
        for a in &coded {
            let mut a = a.clone();
            a.article = format!("{k}-{}", a.article);
            a.duplicate_of = a.duplicate_of.map(|d| format!("{k}-{d}"));
            for m in &mut a.mentions {
                m.date = m.date.as_deref().map(|d| shift(d, 40 * k));
            }
            big.push(a);
        }
    }
    let total: usize = big.iter().map(|a| a.mentions.len()).sum();
    let t = Instant::now();
    let n = merge(&big).len();
    println!(
        "merge x{copies}: {} articles, {total} mentions -> {n} events in {:.3} s",
        big.len(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
