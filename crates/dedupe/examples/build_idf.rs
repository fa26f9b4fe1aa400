//! Regenerates `resources/dedupe/idf_ar.tsv` (the IDF prior) from the shared ANT news corpus.
//!
//! `cargo run -p rasd-dedupe --example build_idf [CORPUS.jsonl.gz] [OUT.tsv]`; defaults resolve
//! `$RASD_SHARED` (else `<repo>/../shared`).

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dirs = rasd_dedupe::eval::DataDirs::locate();
    let mut args = std::env::args().skip(1);
    let corpus = args.next().map(PathBuf::from).unwrap_or_else(|| {
        dirs.shared
            .join("data/news_corpus/ant_corpus_v1.1_jawharafm.jsonl.gz")
    });
    let out = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| dirs.repo.join("resources/dedupe/idf_ar.tsv"));
    let docs = rasd_dedupe::eval::load_jsonl(&corpus)?;
    let norms: Vec<(String, Option<i32>)> = docs
        .iter()
        .map(|d| {
            let t = format!("{} {}", d.title.as_deref().unwrap_or(""), d.text);
            let day = d.published.and_then(|p| i32::try_from(p.day_number()).ok());
            (rasd_dedupe::normalize::normalize(&t), day)
        })
        .collect();
    let table = rasd_dedupe::story::build_prior(norms.iter().map(|(n, d)| (n.as_str(), *d)), 2);
    std::fs::write(&out, table)?;
    eprintln!("wrote {} from {} articles", out.display(), docs.len());
    Ok(())
}
