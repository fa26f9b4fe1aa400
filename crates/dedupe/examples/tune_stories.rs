//! Grid search of story-clustering parameters on the dev pairs (`story_pairs.tsv`) only; the held-out test pairs are never read here.
//!
//! `cargo run --release -p rasd-dedupe --example tune_stories -- [max_recent_days...]`

use std::path::PathBuf;

use rasd_dedupe::eval::{eval_stories, load_jsonl, load_pairs, PairCounts};
use rasd_dedupe::Config;

fn f(p: &PairCounts) -> String {
    format!(
        "P {:.3} R {:.3} (tp {} fp {} fn {})",
        p.precision(),
        p.recall(),
        p.tp,
        p.fp,
        p.fn_
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = std::env::var_os("RASD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("../shared"));
    let corpus = load_jsonl(&shared.join("data/news_corpus/ant_corpus_v1.1_jawharafm.jsonl.gz"))?;
    let dev = load_pairs(&repo.join("testdata/dedupe/story_pairs.tsv"))?;
    let grid: Vec<(u8, f32, f32, f32, f32)> = std::env::args()
        .skip(1)
        .filter_map(|a| {
            let v: Vec<&str> = a.split(',').collect();
            Some((
                v.first()?.parse().ok()?,
                v.get(1)?.parse().ok()?,
                v.get(2)?.parse().ok()?,
                v.get(3)?.parse().ok()?,
                v.get(4)?.parse().ok()?,
            ))
        })
        .collect();
    for (recent, damp, cos, named_idf, share) in grid {
        let cfg = Config {
            story_max_recent_days: recent,
            story_recurrence_damping: damp,
            story_join_cosine: cos,
            story_named_idf: named_idf,
            story_template_share: share,
            ..Config::default()
        };
        let a = eval_stories(&corpus, &[], &dev, &cfg)?;
        println!(
            "recent<={recent} damp {damp:.2} cos {cos:.2} named {named_idf:.1} share {share:.2} | dev {}",
            f(&a.labelled)
        );
    }
    Ok(())
}
