//! Prints the estimated and exact shingle Jaccard and containment of two corpus articles by id: `pair_sim ID_A ID_B`.

use rasd_dedupe::eval::DataDirs;
use rasd_dedupe::minhash::{containment, jaccard, MinHasher};
use rasd_dedupe::normalize::{normalize, words};
use rasd_dedupe::Config;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let corpus = DataDirs::locate().corpus()?;
    let ids: Vec<String> = std::env::args().skip(1).collect();
    let cfg = Config::default();
    let h = MinHasher::new(cfg.shingle, cfg.num_perm, cfg.seed);
    let docs: Vec<_> = ids
        .iter()
        .filter_map(|id| corpus.iter().find(|d| &d.id == id))
        .collect();
    let [a, b] = docs.as_slice() else {
        return Err("two known ids".into());
    };
    let (na, nb) = (normalize(&a.text), normalize(&b.text));
    let (sa, sb) = (h.shingle_hashes(words(&na)), h.shingle_hashes(words(&nb)));
    let inter = sa.iter().filter(|x| sb.binary_search(x).is_ok()).count();
    let union = sa.len() + sb.len() - inter;
    let (ka, kb) = (h.sketch(&sa), h.sketch(&sb));
    let j = jaccard(&ka.mins, &kb.mins);
    println!(
        "shingles {} / {}, shared {inter}: exact J {:.3} containment {:.3}; estimated J {j:.3} containment {:.3}",
        sa.len(),
        sb.len(),
        inter as f32 / union.max(1) as f32,
        inter as f32 / sa.len().min(sb.len()).max(1) as f32,
        containment(j, ka.shingles, kb.shingles)
    );
    Ok(())
}
