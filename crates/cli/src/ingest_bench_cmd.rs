//! `rasd bench ingest`: end-to-end and per-phase ingest throughput on the shared corpus or a synthetic one.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::Args;

use rasd_core::Article;
use rasd_ingest::clean::CleanRules;
use rasd_ingest::{Preparer, Skip};
use rasd_pipeline::Observer;
use rasd_store::Store;

#[derive(Debug, Args)]
pub struct BenchIngestArgs {
    /// Corpus to ingest (file or directory); default: the shared 10k-article news corpus.
    pub path: Option<PathBuf>,
    /// Also synthesize a corpus of N distinct articles from PATH and ingest it.
    #[arg(long)]
    pub synth: Option<usize>,
    /// Leave entity recognition out of the end-to-end runs (foundation + dedupe only).
    #[arg(long)]
    pub no_entities: bool,
    /// Worker thread counts to run end to end, comma-separated (default: 1 and the available
    /// parallelism, or `$RASD_THREADS`).
    #[arg(long, value_delimiter = ',')]
    pub threads: Vec<usize>,
    /// Skip the separate per-phase timing pass (only the end-to-end runs).
    #[arg(long)]
    pub no_phases: bool,
}

/// Ingest into a fresh temporary database and print throughput.
pub fn run_bench(args: BenchIngestArgs) -> anyhow::Result<i32> {
    let path = match args.path {
        Some(p) => p,
        None => crate::default_corpus(),
    };
    let tmp = std::env::temp_dir().join(format!("rasd-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    let mut threads = args.threads.clone();
    if threads.is_empty() {
        threads.push(1);
        let n = rasd_pipeline::default_threads();
        if n > 1 {
            threads.push(n);
        }
    }
    let opts = BenchOpts {
        entities: !args.no_entities,
        phases: !args.no_phases,
        threads,
    };
    let result = (|| {
        bench_one(
            "corpus",
            std::slice::from_ref(&path),
            &tmp.join("a.db"),
            &opts,
        )?;
        if let Some(n) = args.synth {
            let synth = tmp.join("synth.jsonl");
            synthesize(&path, n, &synth)?;
            bench_one(
                &format!("synthetic {n}"),
                &[synth],
                &tmp.join("b.db"),
                &opts,
            )?;
        }
        anyhow::Ok(())
    })();
    std::fs::remove_dir_all(&tmp).ok();
    result.map(|_| 0)
}

struct BenchOpts {
    entities: bool,
    phases: bool,
    threads: Vec<usize>,
}

struct Quiet(usize);
impl Observer for Quiet {
    fn skip(&mut self, _: &Skip) {
        self.0 += 1;
    }
}

/// Time each stage separately on the same input (read+decode, clean, dateline, fold, store), so a
/// slow stage shows up as a share of the whole.
fn bench_phases(paths: &[PathBuf], db: &Path) -> anyhow::Result<()> {
    let (files, _) = rasd_pipeline::collect_inputs(paths);
    let t = cpu();
    let mut raws = Vec::new();
    for f in &files {
        let bytes = std::fs::read(&f.path)?;
        raws.extend(
            rasd_ingest::read_document(&f.origin, &bytes)
                .into_iter()
                .filter_map(Result::ok),
        );
    }
    let read = cpu() - t;
    let bodies: Vec<String> = raws
        .iter()
        .map(|r| match &r.body {
            rasd_ingest::Body::Text(t) => rasd_ingest::decode::normalize_layout(t),
            rasd_ingest::Body::Html(h) => rasd_ingest::html::extract(h)
                .map(|e| e.lines.join("\n"))
                .unwrap_or_default(),
        })
        .collect();
    let extract = (cpu() - t) - read;
    let rules = CleanRules::builtin();
    let t = cpu();
    let cleaned: Vec<String> = bodies.iter().map(|b| rules.clean(b).text).collect();
    let clean = cpu() - t;
    let t = cpu();
    let found = cleaned
        .iter()
        .filter(|c| rasd_time::find_dateline(c).is_some())
        .count();
    let dateline = cpu() - t;
    let t = cpu();
    let folded: usize = cleaned.iter().map(|c| rasd_text::fold(c).len()).sum();
    let fold = cpu() - t;
    let preparer = Preparer::default();
    let articles: Vec<Article> = raws
        .into_iter()
        .filter_map(|r| preparer.prepare(r).ok())
        .collect();
    let t = cpu();
    let mut index = rasd_dedupe::DedupeIndex::new(rasd_dedupe::Config::default())?;
    let articles: Vec<rasd_store::NewArticle> = articles
        .into_iter()
        .map(|mut a| {
            let asg = index.assign(&rasd_dedupe::DocInput {
                id: &a.id,
                text: &a.text,
                title: a.title.as_deref(),
                published: a.published.as_deref().and_then(rasd_core::Ymd::parse_iso),
                outlet: a.outlet.as_deref(),
            });
            a.duplicate_of = asg.duplicate_of;
            a.story = Some(asg.story);
            rasd_store::NewArticle {
                article: a,
                dedupe: Some(asg.record.to_bytes()),
                entities: Vec::new(),
                events: Vec::new(),
                claims: Vec::new(),
            }
        })
        .collect();
    let dedupe = cpu() - t;
    let annotator = rasd_pipeline::EntityAnnotator::load_default()?;
    let t = cpu();
    let mut articles: Vec<rasd_store::NewArticle> = articles
        .into_iter()
        .map(|mut n| {
            n.entities = annotator.annotate(&n.article);
            n
        })
        .collect();
    let entities = cpu() - t;
    let t = cpu();
    let mentions: usize = articles
        .iter()
        .map(|n| annotator.recognizer().recognize(&n.article.text).len())
        .sum();
    let recognize = cpu() - t;
    let t = cpu();
    for n in &mut articles {
        let published = n
            .article
            .published
            .as_deref()
            .and_then(rasd_core::Ymd::parse_iso);
        (n.events, n.claims) = rasd_pipeline::code_events(&n.article, &n.entities, published);
    }
    let events = cpu() - t;
    // The claims share of events+claims, for finding the hot spot.
    let t = cpu();
    for n in &articles {
        let likes = rasd_pipeline::entity_likes(&n.entities);
        let published = n
            .article
            .published
            .as_deref()
            .and_then(rasd_core::Ymd::parse_iso);
        std::hint::black_box(rasd_events::find_claims(&n.article.text, published, &likes));
    }
    let claims = cpu() - t;
    let tokens: usize = articles
        .iter()
        .map(|n| rasd_ner::tokenize::tokenize(&n.article.text).len())
        .sum();
    let mut store = Store::open(db)?;
    let t = cpu();
    for chunk in articles.chunks(rasd_pipeline::BATCH_SIZE) {
        store.insert_articles(chunk)?;
    }
    let insert = cpu() - t;
    let n = articles.len().max(1) as f64;
    let per = |s: f64| s * 1e6 / n;
    println!(
        "  phases, one thread (CPU µs/article): read+decode {:.0}, html/layout {:.0}, clean {:.0}, dateline {:.0} ({found} found), fold {:.0} ({folded} key bytes)",
        per(read),
        per(extract),
        per(clean),
        per(dateline),
        per(fold),
    );
    println!(
        "  phases, one thread (CPU µs/article): dedupe+stories {:.0}, entities {:.0} (of which tagging {:.0}: {:.0} tokens/article, {:.0}k tokens/CPU s, {:.1} mentions/article), events+claims {:.0} (of which claims {:.0}), store {:.0}",
        per(dedupe),
        per(entities),
        per(recognize),
        tokens as f64 / n,
        tokens as f64 / recognize.max(1e-9) / 1e3,
        mentions as f64 / n,
        per(events),
        per(claims),
        per(insert)
    );
    Ok(())
}

/// CPU seconds of the calling thread (what a stage costs, whatever else the machine runs).
fn cpu() -> f64 {
    rasd_pipeline::thread_cpu_seconds()
}

fn bench_one(label: &str, paths: &[PathBuf], db: &Path, opts: &BenchOpts) -> anyhow::Result<()> {
    if opts.phases {
        bench_phases(paths, &db.with_extension("phases.db"))?;
    }
    let stages = if opts.entities {
        "decode+clean+dateline+dedupe+entities+events+claims+store"
    } else {
        "decode+clean+dateline+dedupe+store"
    };
    for (run, &threads) in opts.threads.iter().enumerate() {
        let db = db.with_extension(format!("{run}.db"));
        let mut store = Store::open(&db)?;
        let annotator = if opts.entities {
            Some(rasd_pipeline::EntityAnnotator::load_default()?)
        } else {
            None
        };
        let cpu0 = rasd_ner::cputime::process_cpu_seconds();
        let start = Instant::now();
        let (files, _) = rasd_pipeline::collect_inputs(paths);
        let mut ing =
            rasd_pipeline::Ingestor::new(&mut store, Preparer::default())?.with_threads(threads);
        if let Some(a) = annotator {
            ing = ing.with_entities(a);
        }
        let mut quiet = Quiet(0);
        ing.ingest_files(&files, &mut quiet)?;
        let times = ing.stage_times();
        let s = ing.finish()?;
        let ingest_secs = start.elapsed().as_secs_f64();
        // The rest of `rasd ingest`: the merged events table and the search index (overlapped).
        let tail = crate::ingest_cmd::update_tables(&mut store, &db, false)?;
        let secs = start.elapsed().as_secs_f64();
        let cpu_secs = match (cpu0, rasd_ner::cputime::process_cpu_seconds()) {
            (Some(a), Some(b)) => Some(b - a),
            _ => None,
        };
        let raw_mb = s.bytes as f64 / 1e6;
        let text_mb = store.text_bytes()? as f64 / 1e6;
        let n = s.new + s.existing;
        let per = |x: f64| x * 1e6 / n.max(1) as f64;
        println!(
            "bench ingest {label} ({stages}+events table+search index), {threads} thread{}: {n} articles ({} skipped) in {secs:.2}s = {:.0} articles/s, {:.1} MB/s of input ({raw_mb:.1} MB), {:.1} MB/s of clean text; {}",
            if threads == 1 { "" } else { "s" },
            s.skipped,
            n as f64 / secs,
            raw_mb / secs,
            text_mb / secs,
            match cpu_secs {
                Some(c) => format!("{c:.2} CPU s = {:.0} articles per CPU s", n as f64 / c.max(1e-9)),
                None => "CPU time unavailable".to_owned(),
            }
        );
        println!(
            "  stages (CPU µs/article, all threads): read+decode {:.0}, prepare {:.0}, entities {:.0}, events+claims {:.0}, dedupe+stories {:.0}, store {:.0}; total {:.0}",
            per(times.read),
            per(times.prepare),
            per(times.entities),
            per(times.events),
            per(times.dedupe),
            per(times.store),
            per(times.total()),
        );
        println!(
            "  then (as rasd ingest): {} events table {:.2} s ({:.0} CPU µs/article), search index {:.2} s ({:.0} CPU µs/article), overlapped; wall: stages {ingest_secs:.2} s + tables {:.2} s",
            tail.events.events,
            tail.events_secs,
            per(tail.events_cpu),
            tail.search_secs,
            per(tail.search_cpu),
            secs - ingest_secs,
        );
    }
    Ok(())
}

/// Write `n` distinct articles derived from the corpus at `src` (paragraphs rotated and a
/// numbered variant marker, so every article is new) as JSONL.
fn synthesize(src: &Path, n: usize, out: &Path) -> anyhow::Result<()> {
    let bytes = std::fs::read(src).with_context(|| format!("cannot read {}", src.display()))?;
    let base: Vec<_> = rasd_ingest::read_document(&src.display().to_string(), &bytes)
        .into_iter()
        .filter_map(Result::ok)
        .collect();
    anyhow::ensure!(!base.is_empty(), "no articles in {}", src.display());
    let mut w = BufWriter::new(std::fs::File::create(out)?);
    for i in 0..n {
        let raw = &base[i % base.len()];
        let round = i / base.len();
        let text = match &raw.body {
            rasd_ingest::Body::Text(t) | rasd_ingest::Body::Html(t) => t,
        };
        let mut paras: Vec<&str> = text.split('\n').collect();
        let k = round % paras.len().max(1);
        paras.rotate_left(k);
        let rec = serde_json::json!({
            "id": format!("synth-{i}"),
            "title": raw.title.as_deref().map(|t| format!("{t} ({round})")),
            "date": raw.meta_date,
            "outlet": raw.outlet,
            "url": raw.url.as_deref().map(|u| format!("{u}?v={round}")),
            "text": paras.join("\n"),
        });
        serde_json::to_writer(&mut w, &rec)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(())
}
