//! `rasd ingest`, `rasd export` and `rasd bench ingest`: reading news files into the database and out again.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use rasd_core::Article;
use rasd_ingest::clean::CleanRules;
use rasd_ingest::{Preparer, Skip};
use rasd_pipeline::{InputFile, Observer};
use rasd_store::Store;

/// Where the database lives: `--db FILE`, else `$RASD_DB`, else `./rasd.db`.
#[derive(Debug, Args, Clone)]
pub struct DbArg {
    /// SQLite database file (created if missing).
    #[arg(long, env = "RASD_DB", default_value = "rasd.db")]
    pub db: PathBuf,
}

impl DbArg {
    pub fn open(&self) -> anyhow::Result<Store> {
        Store::open(&self.db).with_context(|| format!("cannot open database {}", self.db.display()))
    }
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Extra cleaning rules (same format as resources/clean_rules.txt), added to the builtin ones.
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Skip entity recognition (faster; entities can not be added later for these articles).
    #[arg(long)]
    pub no_entities: bool,
    /// Files or directories (recursed, sorted). Format and encoding are detected from content.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// Reports skips on stderr and drives the progress bar (hidden when stderr is not a terminal).
struct CliObserver {
    bar: ProgressBar,
}

impl Observer for CliObserver {
    fn skip(&mut self, skip: &Skip) {
        self.bar.suspend(|| eprintln!("skip {skip}"));
    }
    fn file_done(&mut self, _file: &InputFile, bytes: u64) {
        self.bar.inc(bytes);
    }
}

fn total_bytes(files: &[InputFile]) -> u64 {
    files
        .iter()
        .filter_map(|f| std::fs::metadata(&f.path).ok())
        .map(|m| m.len())
        .sum()
}

fn preparer(rules: Option<&Path>) -> anyhow::Result<Preparer> {
    let rules = match rules {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read rules {}", p.display()))?;
            CleanRules::builtin_with(&text)
                .with_context(|| format!("invalid rules in {}", p.display()))?
        }
        None => CleanRules::builtin(),
    };
    Ok(Preparer::new(rules))
}

pub fn run_ingest(args: IngestArgs) -> anyhow::Result<i32> {
    let mut store = args.db.open()?;
    let preparer = preparer(args.rules.as_deref())?;
    let (files, skips) = rasd_pipeline::collect_inputs(&args.paths);
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(total_bytes(&files));
        bar.set_style(
            ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut obs = CliObserver { bar };
    let mut ing = rasd_pipeline::Ingestor::new(&mut store, preparer)?;
    if !args.no_entities {
        ing = ing.with_entities(rasd_pipeline::EntityAnnotator::load_default()?);
    }
    for s in skips {
        ing.report_skip(s, &mut obs);
    }
    for f in &files {
        ing.ingest_file(f, &mut obs)?;
    }
    let summary = ing.finish()?;
    drop(store);
    crate::search_cmd::update_index(&args.db.db)?;
    obs.bar.finish_and_clear();
    eprintln!("{summary}");
    Ok(if summary.new + summary.existing > 0 {
        0
    } else {
        1
    })
}

#[derive(Debug, Args)]
pub struct CleanArgs {
    /// Extra cleaning rules (same format as resources/clean_rules.txt), added to the builtin ones.
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// A news file (any supported format); every record is shown.
    pub file: PathBuf,
}

/// `rasd clean FILE`: show which lines the cleaner keeps (`+`) and drops (`-` with the rule), to
/// help write a site's rules.
pub fn run_clean(args: CleanArgs) -> anyhow::Result<i32> {
    let rules = preparer(args.rules.as_deref())?.rules;
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    for record in rasd_ingest::read_document(&args.file.display().to_string(), &bytes) {
        let raw = match record {
            Ok(r) => r,
            Err(skip) => {
                eprintln!("skip {skip}");
                continue;
            }
        };
        let body = match &raw.body {
            rasd_ingest::Body::Text(t) => t.clone(),
            rasd_ingest::Body::Html(h) => match rasd_ingest::html::extract(h) {
                Ok(ex) => ex.lines.join("\n"),
                Err(e) => {
                    eprintln!("skip {}: {e}", raw.origin);
                    continue;
                }
            },
        };
        let body = rasd_ingest::decode::normalize_layout(&body);
        let cleaned = rules.clean(&body);
        writeln!(out, "== {}", raw.origin)?;
        let dropped: std::collections::HashMap<usize, &str> = cleaned
            .dropped
            .iter()
            .map(|d| (d.line, d.rule.as_str()))
            .collect();
        for (i, line) in body.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            match dropped.get(&i) {
                Some(rule) => writeln!(out, "- [{rule}] {line}")?,
                None => writeln!(out, "+ {line}")?,
            }
        }
    }
    out.flush()?;
    Ok(0)
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Jsonl,
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportWhat {
    /// One record per article with its clean text (the coordinate system of every span).
    Articles,
    /// One record per story: id, first/last published, member articles, outlets, title.
    Stories,
    /// One record per entity: id, kind, names, country, role, mentions with article offsets.
    Entities,
    /// One record per real-world event (mentions from all articles merged), JSONL only.
    Events,
    /// One record per quantity claim with its article and evidence span, JSONL only.
    Claims,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export.
    pub what: ExportWhat,
    #[command(flatten)]
    pub db: DbArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: ExportFormat,
}

/// Export columns, in order (JSON keys and CSV header).
const ARTICLE_FIELDS: [&str; 12] = [
    "id",
    "origin",
    "url",
    "outlet",
    "title",
    "published",
    "header_date",
    "text",
    "encoding",
    "format",
    "duplicate_of",
    "story",
];

fn article_values(a: &Article) -> [Option<&str>; 12] {
    [
        Some(a.id.as_str()),
        Some(a.origin.as_str()),
        a.url.as_deref(),
        a.outlet.as_deref(),
        a.title.as_deref(),
        a.published.as_deref(),
        a.header_date.as_deref(),
        Some(a.text.as_str()),
        Some(a.encoding.as_str()),
        Some(a.format.as_str()),
        a.duplicate_of.as_deref(),
        a.story.as_deref(),
    ]
}

pub fn run_export(args: ExportArgs) -> anyhow::Result<i32> {
    if !args.db.db.exists() {
        anyhow::bail!(
            "database {} does not exist (run `rasd ingest` first)",
            args.db.db.display()
        );
    }
    let store = args.db.open()?;
    let stdout = std::io::stdout().lock();
    let mut out = BufWriter::new(stdout);
    match args.what {
        ExportWhat::Stories => return export_stories(&store, &mut out, args.format),
        ExportWhat::Entities => return export_entities(&store, &mut out, args.format),
        ExportWhat::Events | ExportWhat::Claims if matches!(args.format, ExportFormat::Csv) => {
            anyhow::bail!("events and claims are exported as JSONL only for now")
        }
        ExportWhat::Events => return export_events(&store, &mut out),
        ExportWhat::Claims => return export_claims(&store, &mut out),
        ExportWhat::Articles => {}
    }
    let result = match args.format {
        ExportFormat::Jsonl => store.for_each_article(|a| {
            let mut obj = serde_json::Map::new();
            for (k, v) in ARTICLE_FIELDS.iter().zip(article_values(&a)) {
                obj.insert(
                    (*k).to_owned(),
                    v.map_or(serde_json::Value::Null, |s| s.into()),
                );
            }
            serde_json::to_writer(&mut out, &obj)
                .map_err(std::io::Error::from)
                .map_err(io_to_store)?;
            out.write_all(b"\n").map_err(io_to_store)
        }),
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(ARTICLE_FIELDS)?;
            store.for_each_article(|a| {
                w.write_record(article_values(&a).map(|v| v.unwrap_or("")))
                    .map_err(|e| io_to_store(std::io::Error::other(e)))
            })
        }
    };
    match result {
        // A closed pipe (`| head`) is a normal way to stop reading.
        Err(rasd_store::StoreError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            return Ok(0)
        }
        r => r?,
    }
    match out.flush() {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        r => r.map(|_| 0).map_err(Into::into),
    }
}

/// `rasd export events`: the coded mentions of every article merged into events across outlets.
fn export_events(store: &Store, out: &mut impl Write) -> anyhow::Result<i32> {
    let mut coded = Vec::new();
    for (article, outlet, duplicate_of, docs) in store.event_mentions()? {
        let mentions = docs
            .iter()
            .map(|j| serde_json::from_str::<rasd_events::EventMention>(j))
            .collect::<Result<Vec<_>, _>>()
            .with_context(|| format!("stored event mention of article {article} is unreadable"))?;
        coded.push(rasd_events::CodedArticle {
            article,
            outlet,
            duplicate_of,
            mentions,
        });
    }
    let res: anyhow::Result<()> = (|| {
        for e in rasd_events::merge(&coded) {
            serde_json::to_writer(&mut *out, &e)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
        Ok(())
    })();
    match res {
        Err(e) if is_broken_pipe(&e) => Ok(0),
        r => r.map(|_| 0),
    }
}

/// `rasd export claims`: each stored claim with its article id.
fn export_claims(store: &Store, out: &mut impl Write) -> anyhow::Result<i32> {
    let io = |e: std::io::Error| rasd_store::StoreError::Io(e);
    let res = store.for_each_claim(|article, json| {
        let mut v: serde_json::Value = serde_json::from_str(&json)
            .map_err(std::io::Error::from)
            .map_err(io)?;
        if let Some(obj) = v.as_object_mut() {
            obj.insert("article".into(), article.into());
        }
        serde_json::to_writer(&mut *out, &v)
            .map_err(std::io::Error::from)
            .map_err(io)?;
        out.write_all(b"\n").map_err(io)
    });
    match res
        .map_err(anyhow::Error::from)
        .and_then(|_| out.flush().map_err(Into::into))
    {
        Err(e) if is_broken_pipe(&e) => Ok(0),
        r => r.map(|_| 0),
    }
}

/// `rasd export entities`: JSONL, one entity per line with its mentions; CSV, one row per mention.
fn export_entities(
    store: &Store,
    out: &mut impl Write,
    format: ExportFormat,
) -> anyhow::Result<i32> {
    let io = |e: std::io::Error| rasd_store::StoreError::Io(e);
    let res: anyhow::Result<()> = match format {
        ExportFormat::Jsonl => store
            .for_each_entity(|e| {
                serde_json::to_writer(&mut *out, &e)
                    .map_err(std::io::Error::from)
                    .map_err(io)?;
                out.write_all(b"\n").map_err(io)
            })
            .map_err(Into::into),
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record([
                "id", "kind", "name", "name_en", "country", "role", "article", "start", "end",
                "text",
            ])?;
            store.for_each_entity(|e| {
                let opt = |o: &Option<String>| o.clone().unwrap_or_default();
                for m in &e.mentions {
                    w.write_record([
                        e.id.clone(),
                        e.kind.clone(),
                        e.name.clone(),
                        opt(&e.name_en),
                        opt(&e.country),
                        opt(&e.role),
                        m.article.clone(),
                        m.start.to_string(),
                        m.end.to_string(),
                        m.text.clone(),
                    ])
                    .map_err(|e| io(std::io::Error::other(e)))?;
                }
                Ok(())
            })?;
            w.flush().map_err(Into::into)
        }
    };
    match res.and_then(|_| out.flush().map_err(Into::into)) {
        Err(e) if is_broken_pipe(&e) => Ok(0),
        r => r.map(|_| 0),
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
            || matches!(c.downcast_ref::<rasd_store::StoreError>(), Some(rasd_store::StoreError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// `rasd export stories`: the story summaries of the dedupe index rebuilt from the store; the title
/// is the most central article's title (or its first line).
fn export_stories(
    store: &Store,
    out: &mut impl Write,
    format: ExportFormat,
) -> anyhow::Result<i32> {
    let index = rasd_pipeline::load_dedupe_index(store)?;
    let mut rows = Vec::new();
    for st in index.stories() {
        let central = store.get_article(&st.central_article)?;
        let title = central.map(|a| {
            a.title
                .unwrap_or_else(|| a.text.lines().next().unwrap_or("").to_owned())
        });
        rows.push(serde_json::json!({
            "id": st.id,
            "first_published": st.first_published.map(|d| d.iso()),
            "last_published": st.last_published.map(|d| d.iso()),
            "articles": st.articles,
            "outlets": st.outlets,
            "title": title,
        }));
    }
    let res: anyhow::Result<()> = (|| {
        match format {
            ExportFormat::Jsonl => {
                for r in &rows {
                    serde_json::to_writer(&mut *out, r)?;
                    out.write_all(b"\n")?;
                }
            }
            ExportFormat::Csv => {
                let mut w = csv::Writer::from_writer(&mut *out);
                w.write_record([
                    "id",
                    "first_published",
                    "last_published",
                    "articles",
                    "outlets",
                    "title",
                ])?;
                for r in &rows {
                    let s = |k: &str| r[k].as_str().unwrap_or("").to_owned();
                    let list = |k: &str, sep: &str| {
                        r[k].as_array()
                            .map(|a| {
                                a.iter()
                                    .filter_map(|v| v.as_str())
                                    .collect::<Vec<_>>()
                                    .join(sep)
                            })
                            .unwrap_or_default()
                    };
                    w.write_record([
                        s("id"),
                        s("first_published"),
                        s("last_published"),
                        list("articles", " "),
                        list("outlets", " | "),
                        s("title"),
                    ])?;
                }
                w.flush()?;
            }
        }
        out.flush()?;
        Ok(())
    })();
    match res {
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(0)
        }
        r => r.map(|_| 0),
    }
}

fn io_to_store(e: std::io::Error) -> rasd_store::StoreError {
    rasd_store::StoreError::Io(e)
}

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
