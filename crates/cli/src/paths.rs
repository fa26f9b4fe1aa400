//! Where the shared data lives (`../shared` or `$RASD_SHARED`) and the default news corpus in it.

/// The shared data directory: `$RASD_SHARED`, else the first `../shared` holding `data/` beside
/// the working directory or one of its ancestors, else `../shared` beside the source tree this
/// binary was built from.
pub fn shared_dir() -> std::path::PathBuf {
    if let Some(p) = std::env::var_os("RASD_SHARED") {
        return p.into();
    }
    if let Ok(cwd) = std::env::current_dir() {
        if let Some(d) = cwd
            .ancestors()
            .map(|a| a.join("..").join("shared"))
            .find(|d| d.join("data").is_dir())
        {
            return d;
        }
    }
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// The shared news corpus (10k Jawhara FM articles), the default input of the evals and benches.
pub fn default_corpus() -> std::path::PathBuf {
    shared_dir().join("data/news_corpus/ant_corpus_v1.1_jawharafm.jsonl.gz")
}
