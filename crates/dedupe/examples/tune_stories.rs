//! Grid search of story-clustering parameters on the labelled pairs (odd lines tune, even lines held out) and the multi-outlet set.

use std::path::PathBuf;

use rasd_dedupe::eval::{eval_stories, load_jsonl, load_pairs, PairCounts};
use rasd_dedupe::Config;

fn f(p: &PairCounts) -> String {
    format!("P {:.3} R {:.3}", p.precision(), p.recall())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = std::env::var_os("RASD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("../shared"));
    let corpus = load_jsonl(&shared.join("data/news_corpus/ant_corpus_v1.1_jawharafm.jsonl.gz"))?;
    let multi = load_jsonl(&repo.join("testdata/dedupe/multi_outlet.jsonl"))?;
    let pairs = load_pairs(&repo.join("testdata/dedupe/story_pairs.tsv"))?;
    let tune: Vec<_> = pairs.iter().step_by(2).cloned().collect();
    let held: Vec<_> = pairs.iter().skip(1).step_by(2).cloned().collect();
    for (named_idf, pen) in [(4.5f32, 0.05f32)] {
        for named_any in [1usize] {
            for cos in [0.12f32, 0.15, 0.2] {
                for boost in [2.0f32, 4.0] {
                    let cfg = Config {
                        story_min_named_any: named_any,
                        story_join_cosine: cos,
                        story_join_cosine_named: cos * 0.6,
                        story_min_named_shared: named_any + 2,
                        story_day_penalty: pen,
                        story_named_idf: named_idf,
                        story_title_boost: boost,
                        ..Config::default()
                    };
                    let a = eval_stories(&corpus, &multi, &tune, &cfg)?;
                    let b = eval_stories(&corpus, &[], &held, &cfg)?;
                    println!(
                    "named {named_idf:.1} any {named_any} cos {cos:.2} pen {pen:.2} boost {boost} | tune {} | held {} | multi {}",
                    f(&a.labelled),
                    f(&b.labelled),
                    f(&a.multi_outlet)
                );
                }
            }
        }
    }
    Ok(())
}
