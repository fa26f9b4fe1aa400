//! Lists romanization errors of the learned table on held-out GeoNames words and the actor list's persons (`cargo run -p rasd-ner --example translit_errors -- [N]`).

use rasd_ner::translit::{
    actor_person_pairs, is_held_out, parse_geonames, training_pairs, word_pairs, Romanizer,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(40);
    let shared = std::env::var("RASD_SHARED").unwrap_or_else(|_| "../shared".into());
    let geo = parse_geonames(&std::fs::read_to_string(format!(
        "{shared}/data/geonames/cities_ar.tsv"
    ))?);
    let r = Romanizer::train(training_pairs(&geo, |g| !is_held_out(g.id)));
    let test: Vec<(String, String)> = geo
        .iter()
        .filter(|g| is_held_out(g.id))
        .map(|g| (g.arabic.clone(), g.latin.clone()))
        .collect();
    for (label, set) in [("geonames", test), ("actors", actor_person_pairs())] {
        println!("== {label}");
        let mut shown = 0;
        for (a, l) in &set {
            for w in word_pairs(a, l).unwrap_or_default() {
                let got = r.spell_word(&w.arabic).1;
                if got != w.latin && shown < n {
                    println!(
                        "{}\t{}\t{got}",
                        w.arabic.iter().collect::<String>(),
                        w.latin
                    );
                    shown += 1;
                }
            }
        }
    }
    Ok(())
}
