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
}

/// Ingest into a fresh temporary database and print throughput.
pub fn run_bench(args: BenchIngestArgs) -> anyhow::Result<i32> {
    let path = match args.path {
        Some(p) => p,
        None => crate::shared_dir().join("data/news_corpus/ant_corpus_v1.1_jawharafm.jsonl.gz"),
    };
    let tmp = std::env::temp_dir().join(format!("rasd-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    let result = (|| {
        let entities = !args.no_entities;
        bench_one(
            "corpus",
            std::slice::from_ref(&path),
            &tmp.join("a.db"),
            entities,
        )?;
        if let Some(n) = args.synth {
            let synth = tmp.join("synth.jsonl");
            synthesize(&path, n, &synth)?;
            bench_one(
                &format!("synthetic {n}"),
                &[synth],
                &tmp.join("b.db"),
                entities,
            )?;
        }
        anyhow::Ok(())
    })();
    std::fs::remove_dir_all(&tmp).ok();
    result.map(|_| 0)
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
    let t = Instant::now();
    let mut raws = Vec::new();
    for f in &files {
        let bytes = std::fs::read(&f.path)?;
        raws.extend(
            rasd_ingest::read_document(&f.origin, &bytes)
                .into_iter()
                .filter_map(Result::ok),
        );
    }
    let read = t.elapsed().as_secs_f64();
    let bodies: Vec<String> = raws
        .iter()
        .map(|r| match &r.body {
            rasd_ingest::Body::Text(t) => rasd_ingest::decode::normalize_layout(t),
            rasd_ingest::Body::Html(h) => rasd_ingest::html::extract(h)
                .map(|e| e.lines.join("\n"))
                .unwrap_or_default(),
        })
        .collect();
    let extract = t.elapsed().as_secs_f64() - read;
    let rules = CleanRules::builtin();
    let t = Instant::now();
    let cleaned: Vec<String> = bodies.iter().map(|b| rules.clean(b).text).collect();
    let clean = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let found = cleaned
        .iter()
        .filter(|c| rasd_time::find_dateline(c).is_some())
        .count();
    let dateline = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let folded: usize = cleaned.iter().map(|c| rasd_text::fold(c).len()).sum();
    let fold = t.elapsed().as_secs_f64();
    let preparer = Preparer::default();
    let articles: Vec<Article> = raws
        .into_iter()
        .filter_map(|r| preparer.prepare(r).ok())
        .collect();
    let t = Instant::now();
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
    let dedupe = t.elapsed().as_secs_f64();
    let annotator = rasd_pipeline::EntityAnnotator::load_default()?;
    let t = Instant::now();
    let articles: Vec<rasd_store::NewArticle> = articles
        .into_iter()
        .map(|mut n| {
            n.entities = annotator.annotate(&n.article);
            n
        })
        .collect();
    let entities = t.elapsed().as_secs_f64();
    let mut store = Store::open(db)?;
    let t = Instant::now();
    for chunk in articles.chunks(rasd_pipeline::BATCH_SIZE) {
        store.insert_articles(chunk)?;
    }
    let insert = t.elapsed().as_secs_f64();
    let n = articles.len().max(1) as f64;
    let per = |s: f64| s * 1e6 / n;
    println!(
        "  phases (µs/article): read+decode {:.0}, html/layout {:.0}, clean {:.0}, dateline {:.0} ({found} found), fold {:.0} ({folded} key bytes), dedupe+stories {:.0}, entities {:.0}, store {:.0}",
        per(read),
        per(extract),
        per(clean),
        per(dateline),
        per(fold),
        per(dedupe),
        per(entities),
        per(insert)
    );
    Ok(())
}

fn bench_one(label: &str, paths: &[PathBuf], db: &Path, entities: bool) -> anyhow::Result<()> {
    bench_phases(paths, &db.with_extension("phases.db"))?;
    let mut store = Store::open(db)?;
    let start = Instant::now();
    let (files, _) = rasd_pipeline::collect_inputs(paths);
    let mut ing = rasd_pipeline::Ingestor::new(&mut store, Preparer::default())?;
    if entities {
        ing = ing.with_entities(rasd_pipeline::EntityAnnotator::load_default()?);
    }
    let mut quiet = Quiet(0);
    for f in &files {
        ing.ingest_file(f, &mut quiet)?;
    }
    let s = ing.finish()?;
    let secs = start.elapsed().as_secs_f64();
    let raw_mb = s.bytes as f64 / 1e6;
    let text_mb = store.text_bytes()? as f64 / 1e6;
    println!(
        "bench ingest {label} ({}): {} articles ({} skipped) in {secs:.2}s = {:.0} articles/s, {:.1} MB/s of input ({raw_mb:.1} MB), {:.1} MB/s of clean text",
        if entities { "decode+clean+dateline+dedupe+entities+store" } else { "decode+clean+dateline+dedupe+store" },
        s.new + s.existing,
        s.skipped,
        (s.new + s.existing) as f64 / secs,
        raw_mb / secs,
        text_mb / secs
    );
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
