//! `rasd eval dedupe` and `rasd bench dedupe`: duplicate/story quality and throughput, delegating to `rasd_dedupe`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use rasd_dedupe::bench::{export_words, run, run_passes, synth_corpus, BenchResult};
use rasd_dedupe::eval::{
    build_near_dup_data, eval_near_dup, eval_stories, load_jsonl, load_pairs, pair_counts,
    NearDupResult, NearDupSetup, PairCounts,
};
use rasd_dedupe::Config;

/// The repository root (compile-time location of this crate, else the working directory).
fn repo_root() -> PathBuf {
    let compiled = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    if compiled.join("testdata").is_dir() {
        compiled
    } else {
        PathBuf::from(".")
    }
}

/// Arguments of `rasd eval dedupe`.
#[derive(Debug, Args)]
pub struct EvalDedupeArgs {
    /// The ANT corpus JSONL(.gz) (default: $RASD_SHARED/data/news_corpus/ant_corpus_v1.1_jawharafm.jsonl.gz).
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// Hand-labelled story pairs (default: testdata/dedupe/story_pairs.tsv).
    #[arg(long)]
    pub pairs: Option<PathBuf>,
    /// Held-out test story pairs, never used for tuning (default: testdata/dedupe/story_pairs_test.tsv).
    #[arg(long)]
    pub test_pairs: Option<PathBuf>,
    /// Multi-outlet articles with gold `story` labels (default: testdata/dedupe/multi_outlet.jsonl).
    #[arg(long)]
    pub multi_outlet: Option<PathBuf>,
    /// Real corpus articles in the near-duplicate set.
    #[arg(long, default_value_t = 4000)]
    pub base: usize,
    /// Synthetic re-edited copies planted among them.
    #[arg(long, default_value_t = 2000)]
    pub copies: usize,
    /// Also print P/R for a sweep of Jaccard thresholds.
    #[arg(long)]
    pub sweep: bool,
    /// Print the labelled story pairs the system gets wrong.
    #[arg(long)]
    pub show_errors: bool,
    /// Override the words per shingle (default: the library default).
    #[arg(long)]
    pub shingle: Option<usize>,
    /// Override the near-duplicate Jaccard threshold.
    #[arg(long)]
    pub jaccard: Option<f32>,
    /// Skip the near-duplicate part.
    #[arg(long)]
    pub stories_only: bool,
}

fn pct(x: f64) -> String {
    format!("{:.3}", x)
}

fn print_pairs(label: &str, p: &PairCounts) {
    println!(
        "  {label:<34} P {}  R {}  (tp {}, fp {}, fn {})",
        pct(p.precision()),
        pct(p.recall()),
        p.tp,
        p.fp,
        p.fn_
    );
}

fn print_near(r: &NearDupResult, detail: bool) {
    print_pairs(
        &format!(
            "J>={:.2} | C>={:.2}",
            r.jaccard_threshold, r.containment_threshold
        ),
        &r.pairs,
    );
    println!(
        "    real corpus pairs put in one copy cluster: {} related by exact overlap (left out), {} unrelated (counted as fp)",
        r.base_pairs_flagged.0, r.base_pairs_flagged.1
    );
    if detail {
        let frac = |(a, b): (usize, usize)| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        let s = r.recall_by_substitution;
        println!(
            "    copy recall by substitution rate: 5-10% {} ({}), 10-15% {} ({}), 15-20% {} ({})",
            pct(frac(s[0])),
            s[0].1,
            pct(frac(s[1])),
            s[1].1,
            pct(frac(s[2])),
            s[2].1
        );
        let e = r.recall_by_edit;
        let names = [
            "dropped paragraph",
            "reordered",
            "header",
            "footer",
            "rewritten lead",
        ];
        let parts: Vec<String> = names
            .iter()
            .zip(e)
            .map(|(n, x)| format!("{n} {} ({})", pct(frac(x)), x.1))
            .collect();
        println!("    copy recall by edit: {}", parts.join(", "));
    }
}

pub fn run_eval(args: EvalDedupeArgs) -> anyhow::Result<i32> {
    let root = repo_root();
    let corpus_path = args.corpus.clone().unwrap_or_else(crate::default_corpus);
    let corpus =
        load_jsonl(&corpus_path).with_context(|| "loading the news corpus (set RASD_SHARED)")?;
    let mut cfg = Config::default();
    if let Some(k) = args.shingle {
        cfg.shingle = k;
    }
    if let Some(j) = args.jaccard {
        cfg.jaccard_threshold = j;
        cfg.containment_min_jaccard = cfg.containment_min_jaccard.min(j);
    }
    if !args.stories_only {
        eval_near(&args, &corpus, &corpus_path, &cfg)?;
    }
    eval_story(&args, &corpus, &cfg, &root)
}

fn eval_near(
    args: &EvalDedupeArgs,
    corpus: &[rasd_dedupe::eval::CorpusDoc],
    corpus_path: &Path,
    cfg: &Config,
) -> anyhow::Result<()> {
    println!(
        "== near duplicates (synthetic copies of {} articles) ==",
        corpus_path.display()
    );
    let setup = NearDupSetup {
        base: args.base,
        copies: args.copies,
        ..NearDupSetup::default()
    };
    let data = build_near_dup_data(corpus, &setup);
    println!(
        "  base: {} real articles ({} shorter than {} words and {} exact corpus duplicates left out); copies: {}",
        data.base, data.short_dropped, setup.min_words, data.exact_corpus_dups_dropped, data.copies
    );
    println!(
        "  related real pairs (exact 3-word-shingle Jaccard >= {} or containment >= {}): {} (excluded from P/R)",
        setup.related_jaccard, setup.related_containment, data.related_pairs
    );
    println!(
        "  default: {} words/shingle, {} permutations; duplicate if J >= {} or (containment >= {} and J >= {})",
        cfg.shingle, cfg.num_perm, cfg.jaccard_threshold, cfg.containment_threshold, cfg.containment_min_jaccard
    );
    let default = eval_near_dup(&data, cfg)?;
    print_near(&default, true);
    if args.sweep {
        println!("  sweep (containment rule unchanged):");
        for t in [0.2f32, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8] {
            let c = Config {
                jaccard_threshold: t,
                containment_min_jaccard: cfg.containment_min_jaccard.min(t),
                ..cfg.clone()
            };
            print_near(&eval_near_dup(&data, &c)?, false);
        }
        println!("  sweep (Jaccard only, no containment rule):");
        for t in [0.2f32, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8] {
            let c = Config {
                jaccard_threshold: t,
                containment_threshold: 1.0,
                containment_min_jaccard: t,
                ..cfg.clone()
            };
            print_near(&eval_near_dup(&data, &c)?, false);
        }
    }
    Ok(())
}

fn eval_story(
    args: &EvalDedupeArgs,
    corpus: &[rasd_dedupe::eval::CorpusDoc],
    cfg: &Config,
    root: &Path,
) -> anyhow::Result<i32> {
    println!("== stories ==");
    let pairs_path = args
        .pairs
        .clone()
        .unwrap_or_else(|| root.join("testdata/dedupe/story_pairs.tsv"));
    let multi_path = args
        .multi_outlet
        .clone()
        .unwrap_or_else(|| root.join("testdata/dedupe/multi_outlet.jsonl"));
    let test_path = args
        .test_pairs
        .clone()
        .unwrap_or_else(|| root.join("testdata/dedupe/story_pairs_test.tsv"));
    let dev = load_pairs(&pairs_path)?;
    let test = load_pairs(&test_path)?;
    let pairs: Vec<_> = dev.iter().chain(&test).cloned().collect();
    let multi = load_jsonl(&multi_path)?;
    let t = std::time::Instant::now();
    let r = eval_stories(corpus, &multi, &pairs, cfg)?;
    let (dev_pred, test_pred) = r.predictions.split_at(dev.len().min(r.predictions.len()));
    println!(
        "  {} articles ({} corpus + {} multi-outlet) -> {} stories in {:.2}s; window ±{} days",
        r.articles,
        corpus.len(),
        multi.len(),
        r.stories,
        t.elapsed().as_secs_f64(),
        cfg.story_window_days
    );
    println!("  largest stories: {:?} articles", r.largest);
    print_pairs(
        &format!("dev corpus pairs ({})", dev.len()),
        &pair_counts(&dev, dev_pred),
    );
    print_pairs(
        &format!("TEST corpus pairs ({}, held out)", test.len()),
        &pair_counts(&test, test_pred),
    );
    print_pairs(
        &format!("all labelled pairs ({})", pairs.len() - r.missing),
        &r.labelled,
    );
    print_pairs(
        &format!("multi-outlet pairs ({} articles)", multi.len()),
        &r.multi_outlet,
    );
    print_pairs("combined", &r.combined);
    if r.missing > 0 {
        println!("  warning: {} labelled pairs name unknown ids", r.missing);
    }
    if args.show_errors {
        // Errors of the dev pairs only: looking at test errors would turn them into tuning data.
        let dev_keys: std::collections::HashSet<(&str, &str)> =
            dev.iter().map(|p| (p.a.as_str(), p.b.as_str())).collect();
        for (p, pred) in r
            .errors
            .iter()
            .filter(|(p, _)| dev_keys.contains(&(p.a.as_str(), p.b.as_str())))
        {
            println!(
                "  wrong: {} {} gold {} predicted {} — {}",
                p.a,
                p.b,
                if p.same { "same" } else { "different" },
                if *pred { "same" } else { "different" },
                p.reason
            );
        }
    }
    Ok(0)
}

/// Arguments of `rasd bench dedupe`.
#[derive(Debug, Args)]
pub struct BenchDedupeArgs {
    /// The ANT corpus JSONL(.gz) (default: $RASD_SHARED/data/news_corpus/…).
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// Size of the synthesized corpus (0 to skip).
    #[arg(long, default_value_t = 100_000)]
    pub synth: usize,
    /// Fraction of synthesized articles that are planted near-duplicates.
    #[arg(long, default_value_t = 0.3)]
    pub dup_rate: f64,
    /// Write `corpus.jsonl`, `synth.jsonl` (normalized words, in ingest order) and `params.json`
    /// here for the Python baseline (bench/dedupe/run.sh).
    #[arg(long)]
    pub export_dir: Option<PathBuf>,
    /// One JSON object per data set instead of text.
    #[arg(long)]
    pub json: bool,
}

fn report(name: &str, r: &BenchResult, json: bool) {
    if json {
        println!(
            "{}",
            serde_json::json!({
                "label": name, "articles": r.articles, "seconds": r.seconds,
                "per_second": r.per_second(), "cpu_seconds": r.cpu_seconds,
                "per_cpu_second": r.per_cpu_second(), "duplicates": r.duplicates, "stories": r.stories,
                "peak_rss": r.peak_rss, "rebuild_seconds": r.rebuild_seconds, "rebuild_cpu_seconds": r.rebuild_cpu_seconds, "record_bytes": r.record_bytes,
                "checksum": format!("{:016x}", r.checksum),
            })
        );
    } else {
        println!(
            "{name:<13} {:>7} articles  {:>9.0} articles/s  ({:.2}s wall, {} articles/CPU-s)  duplicates {}  stories {}  peak RSS {}  \
             records {:.1} MiB, rebuild from records {:.2}s ({} CPU-s)  checksum {:016x}",
            r.articles,
            r.per_second(),
            r.seconds,
            r.per_cpu_second().map_or("n/a".to_string(), |x| format!("{x:.0}")),
            r.duplicates,
            r.stories,
            r.peak_rss
                .map_or("n/a".to_string(), |b| format!("{:.0} MiB", b as f64 / 1048576.0)),
            r.record_bytes as f64 / 1048576.0,
            r.rebuild_seconds,
            r.rebuild_cpu_seconds
                .map_or("n/a".to_string(), |c| format!("{c:.2}")),
            r.checksum
        );
    }
}

pub fn run_bench(args: BenchDedupeArgs) -> anyhow::Result<i32> {
    let corpus_path = args.corpus.unwrap_or_else(crate::default_corpus);
    let corpus =
        load_jsonl(&corpus_path).with_context(|| "loading the news corpus (set RASD_SHARED)")?;
    let cfg = Config::default();
    let synth = (args.synth > 0).then(|| synth_corpus(&corpus, args.synth, args.dup_rate, 7));
    if let Some(dir) = &args.export_dir {
        std::fs::create_dir_all(dir)?;
        export_words(&corpus, &dir.join("corpus.jsonl"))?;
        if let Some(s) = &synth {
            export_words(s, &dir.join("synth.jsonl"))?;
        }
        let (bands, rows) = rasd_dedupe::DedupeIndex::new(cfg.clone())?.lsh_shape();
        let params = serde_json::json!({
            "shingle": cfg.shingle, "num_perm": cfg.num_perm,
            "candidate_threshold": cfg.jaccard_threshold.min(cfg.containment_min_jaccard),
            "jaccard": cfg.jaccard_threshold, "containment": cfg.containment_threshold,
            "containment_min_jaccard": cfg.containment_min_jaccard, "bands": bands, "rows": rows,
        });
        std::fs::write(dir.join("params.json"), params.to_string())?;
    }
    if !args.json {
        println!(
            "dedupe + story assignment, {} words/shingle, {} permutations, one thread (-2t rows: two preparing workers beside the deciding thread)",
            cfg.shingle, cfg.num_perm
        );
    }
    // The duplicate-only runs time what datasketch does (no story assignment), for an
    // like-for-like ratio next to the full one.
    let dup_only = Config {
        stories: false,
        ..cfg.clone()
    };
    // The 10k corpus takes ~0.5 s a pass: five passes give the CPU clock (10 ms ticks) enough
    // to measure; `articles` counts every pass.
    // The `-2t` rows add two workers that prepare articles ahead of the sequential decisions
    // (what `rasd ingest` does on a 2-core machine); their CPU time counts every thread.
    report("corpus", &run_passes(&corpus, &cfg, 5, 1)?, args.json);
    report("corpus-2t", &run_passes(&corpus, &cfg, 5, 2)?, args.json);
    report(
        "corpus-dup",
        &run_passes(&corpus, &dup_only, 5, 1)?,
        args.json,
    );
    report(
        "corpus-dup-2t",
        &run_passes(&corpus, &dup_only, 5, 2)?,
        args.json,
    );
    if let Some(s) = &synth {
        report("synth", &run(s, &cfg, 1)?, args.json);
        report("synth-2t", &run(s, &cfg, 2)?, args.json);
        report("synth-dup", &run(s, &dup_only, 1)?, args.json);
        report("synth-dup-2t", &run(s, &dup_only, 2)?, args.json);
    }
    Ok(0)
}
