//! Prints, for every dev pair (`story_pairs.tsv`) and every same-story multi-outlet pair, the features the story rule sees: pairwise cosine of the two article vectors and their shared terms with day-IDF and recent days (dev and multi-outlet only; test pairs are never read).

use std::collections::HashMap;

use rasd_dedupe::eval::{date_order, DataDirs};
use rasd_dedupe::normalize::normalize;
use rasd_dedupe::story::{dot, stems, term_id};
use rasd_dedupe::{Config, DedupeIndex};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dirs = DataDirs::locate();
    let corpus = dirs.corpus()?;
    let multi = dirs.multi_outlet()?;
    let dev = dirs.dev_pairs()?;
    let mut refs: Vec<_> = corpus.iter().chain(&multi).collect();
    date_order(&mut refs);
    let cfg = Config::default();
    let mut idx = DedupeIndex::new(cfg.clone())?;
    let mut story: HashMap<String, String> = HashMap::new();
    let mut day: HashMap<String, i64> = HashMap::new();
    let mut names: HashMap<u32, String> = HashMap::new();
    for d in &refs {
        let a = idx.assign(&d.input());
        story.insert(d.id.clone(), a.story);
        if let Some(p) = d.published {
            day.insert(d.id.clone(), p.day_number());
        }
        for s in
            stems(&normalize(&d.text)).chain(stems(&normalize(d.title.as_deref().unwrap_or(""))))
        {
            names.entry(term_id(s)).or_insert_with(|| s.to_string());
        }
    }
    let mut pairs: Vec<(String, String, bool, String)> = dev
        .iter()
        .map(|p| (p.a.clone(), p.b.clone(), p.same, p.reason.clone()))
        .collect();
    for (k, a) in multi.iter().enumerate() {
        for b in multi.iter().skip(k + 1) {
            if a.story.is_some() && a.story == b.story {
                pairs.push((
                    a.id.clone(),
                    b.id.clone(),
                    true,
                    a.story.clone().unwrap_or_default(),
                ));
            }
        }
    }
    let idf = idx.term_stats();
    for (a, b, same, reason) in pairs {
        let (Some(va), Some(vb)) = (idx.vector_of(&a), idx.vector_of(&b)) else {
            continue;
        };
        let pred = story.get(&a) == story.get(&b);
        let tag = match (same, pred) {
            (true, true) => "TP",
            (true, false) => "FN",
            (false, true) => "FP",
            (false, false) => "TN",
        };
        let gap = match (day.get(&a), day.get(&b)) {
            (Some(x), Some(y)) => (x - y).abs(),
            _ => -1,
        };
        println!("{tag} cos {:.3} gap {gap} {a} {b} — {reason}", dot(va, vb));
        let wb: HashMap<u32, f32> = vb.iter().copied().collect();
        let mut shared: Vec<(f32, String)> = va
            .iter()
            .filter_map(|(t, w)| {
                let w2 = wb.get(t)?;
                let tw = idf.weights(*t, 1.0);
                Some((
                    w * w2,
                    format!(
                        "{}({:.2} d{:.1} df{})",
                        names.get(t).map_or("?", String::as_str),
                        w * w2,
                        tw.day_idf,
                        idf.df(*t)
                    ),
                ))
            })
            .collect();
        shared.sort_by(|x, y| y.0.total_cmp(&x.0));
        let s: Vec<String> = shared.into_iter().take(12).map(|x| x.1).collect();
        println!("    {}", s.join(" "));
    }
    Ok(())
}
