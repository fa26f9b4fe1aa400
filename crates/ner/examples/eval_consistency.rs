//! Article-level consistency post-pass (`consistency::propagate`) on the ANERcorp held-out split.
//! ANERcorp has no article boundaries, so consecutive sentences are grouped into pseudo-articles of about
//! N tokens (N = 123 is the mean article of the shared news corpus that the pipeline tags).
//! Usage: `cargo run --release -p rasd-ner --example eval_consistency -- dev|test [N ...]`

use rasd_ner::eval::Scores;

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "dev".to_string());
    let sizes: Vec<usize> = args.filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![123] } else { sizes };
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = std::env::var("RASD_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| root.join("../shared"));
    // `RASD_NER_MODEL=FILE` scores another model file with the shipped resources.
    let loaded = match std::env::var_os("RASD_NER_MODEL") {
        Some(f) => rasd_ner::Recognizer::load_model_file(std::path::Path::new(&f)),
        None => rasd_ner::Recognizer::load_default(),
    };
    let (rec, (split, _)) =
        match loaded.and_then(|r| Ok((r, rasd_ner::train::load_corpora(&shared, false)?))) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        };
    let sents = if which == "test" {
        split.test
    } else {
        split.dev
    };
    let t0 = std::time::Instant::now();
    let pred: Vec<_> = sents.iter().map(|s| rec.tag_tokens(&s.tokens)).collect();
    let tag_secs = t0.elapsed().as_secs_f64();
    let n_tokens: usize = sents.iter().map(|s| s.tokens.len()).sum();
    let mut base = Scores::default();
    for (s, p) in sents.iter().zip(&pred) {
        base.add(&s.tags, p);
    }
    println!("{which}: per sentence (no post-pass)\n{}", base.table());
    for n in sizes {
        let mut scores = Scores::default();
        let mut post_secs = 0.0;
        let mut start = 0;
        while start < sents.len() {
            let mut end = start;
            let mut toks = 0;
            while end < sents.len() && (toks == 0 || toks < n) {
                toks += sents[end].tokens.len();
                end += 1;
            }
            let words: Vec<&[String]> = sents[start..end]
                .iter()
                .map(|s| s.tokens.as_slice())
                .collect();
            let mut tags: Vec<_> = pred[start..end].to_vec();
            let t1 = std::time::Instant::now();
            rasd_ner::consistency::propagate(&words, &mut tags);
            post_secs += t1.elapsed().as_secs_f64();
            for (s, p) in sents[start..end].iter().zip(&tags) {
                scores.add(&s.tags, p);
            }
            start = end;
        }
        println!(
            "{which}: post-pass over pseudo-articles of ~{n} tokens\n{}{n_tokens} tokens: tagging {:.0} tokens/s, post-pass {:.0} tokens/s (wall, one thread)\n",
            scores.table(),
            n_tokens as f64 / tag_secs.max(1e-9),
            n_tokens as f64 / post_secs.max(1e-9)
        );
    }
}
