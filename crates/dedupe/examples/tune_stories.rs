//! Grid search of story-clustering parameters on the dev pairs (`story_pairs.tsv`) and the multi-outlet set only; the held-out test pairs are never read here.
//!
//! `cargo run --release -p rasd-dedupe --example tune_stories -- "member=0.4,member_t=0.6" "cos=0.15" …`
//! (each argument is one configuration: comma-separated `name=value` overrides of `Config::default()`).

use rasd_dedupe::eval::{eval_stories, DataDirs, PairCounts};
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

/// Apply `name=value` overrides to the default configuration.
fn config(spec: &str) -> Result<Config, String> {
    let mut c = Config::default();
    for kv in spec.split(',').filter(|s| !s.is_empty()) {
        let (k, v) = kv
            .split_once('=')
            .ok_or(format!("expected name=value: {kv}"))?;
        let x: f32 = v.parse().map_err(|_| format!("not a number: {v}"))?;
        match k {
            "recent" => c.story_max_recent_days = x as u8,
            "damp" => c.story_recurrence_damping = x,
            "cos" => c.story_join_cosine = x,
            "cos_named" => c.story_join_cosine_named = x,
            "min_named" => c.story_min_named_shared = x as usize,
            "named_idf" => c.story_named_idf = x,
            "share" => c.story_template_share = x,
            "member" => c.story_member_cosine = x,
            "member_t" => c.story_member_cosine_template = x,
            "mpen" => c.story_member_day_penalty = x,
            "min_any" => c.story_min_named_any = x as usize,
            "twin" => c.story_template_window_days = x as i32,
            "penalty" => c.story_day_penalty = x,
            "top" => c.story_top_terms = x as usize,
            "title" => c.story_title_boost = x,
            "window" => c.story_window_days = x as i32,
            "round" => c.story_round_member_cosine = x,
            "prior" => c.story_template_prior_cosine = x,
            _ => return Err(format!("unknown parameter {k}")),
        }
    }
    Ok(c)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dirs = DataDirs::locate();
    let corpus = dirs.corpus()?;
    let multi = dirs.multi_outlet()?;
    let dev = dirs.dev_pairs()?;
    for spec in std::env::args().skip(1) {
        let cfg = config(&spec)?;
        let a = eval_stories(&corpus, &multi, &dev, &cfg)?;
        println!(
            "{spec:<40} | dev {} | multi {}",
            f(&a.labelled),
            f(&a.multi_outlet)
        );
    }
    Ok(())
}
