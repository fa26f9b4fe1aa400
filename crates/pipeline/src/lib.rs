//! Wires the stages: walk inputs, read, clean, store in batch transactions; counts and reports bad input.

use std::path::{Path, PathBuf};

use std::collections::HashMap;

use rasd_core::{is_single_outlet_site, site_of, Article, Ymd};
use rasd_dedupe::{DedupeIndex, DocInput};
use rasd_ingest::{FileRecords, IngestError, Preparer, RawArticle, Skip};
use rasd_store::{EntityRow, MentionRow, NewArticle, Store, StoreError};
use std::sync::RwLock;

/// A failure that stops an ingest run (bad input never does).
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("stored dedupe state is unusable: {0}")]
    Dedupe(#[from] rasd_dedupe::Error),
    #[error("entity model: {0}")]
    Ner(#[from] rasd_ner::NerError),
    #[error("events table: {0}")]
    Events(#[from] rasd_events::EventError),
}

/// The stored entities of one article as the event coder sees them (id, kind, country, spans).
pub fn entity_likes(entities: &[EntityRow]) -> Vec<rasd_events::EntityLike> {
    entities
        .iter()
        .map(|e| rasd_events::EntityLike {
            id: e.id.clone(),
            kind: e.kind.clone(),
            country: e.country.clone(),
            mentions: e
                .mentions
                .iter()
                .map(|m| rasd_core::Span::new(m.start, m.end))
                .collect(),
            media: rasd_events::EntityLike::is_media_role(e.role.as_deref()),
        })
        .collect()
}

/// PLOVER event mentions and quantity claims of one article, as JSON documents for the store.
pub fn code_events(
    article: &Article,
    entities: &[EntityRow],
    published: Option<Ymd>,
) -> (Vec<String>, Vec<String>) {
    let likes = entity_likes(entities);
    let (events, claims) = rasd_events::code_article_with_claims(&article.text, published, &likes);
    (
        events
            .iter()
            .filter_map(|e| serde_json::to_string(e).ok())
            .collect(),
        claims
            .iter()
            .filter_map(|c| serde_json::to_string(c).ok())
            .collect(),
    )
}

/// Entity recognition and resolution for new articles.
///
/// Cheap to clone (the model and the resolver are shared), so a long-running process loads them
/// once and hands a clone to each ingest.
#[derive(Clone)]
pub struct EntityAnnotator {
    recognizer: std::sync::Arc<rasd_ner::Recognizer>,
    resolver: std::sync::Arc<rasd_ner::resolve::Resolver>,
}

impl std::fmt::Debug for EntityAnnotator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntityAnnotator").finish_non_exhaustive()
    }
}

impl EntityAnnotator {
    /// The shipped model, gazetteer and actor list.
    pub fn load_default() -> Result<EntityAnnotator, PipelineError> {
        Ok(EntityAnnotator {
            recognizer: std::sync::Arc::new(rasd_ner::Recognizer::load_default()?),
            resolver: std::sync::Arc::new(rasd_ner::resolve::Resolver::load_default()),
        })
    }

    /// The tagger (for benchmarks of recognition alone).
    pub fn recognizer(&self) -> &rasd_ner::Recognizer {
        &self.recognizer
    }

    /// Entities of one article with mentions as char offsets into `article.text`. Ids that are
    /// only meaningful inside the article (lone unknown names) are scoped with `@<article id>`.
    pub fn annotate(&self, article: &Article) -> Vec<EntityRow> {
        let tokens = rasd_ner::tokenize::tokenize(&article.text);
        let mentions = self.recognizer.recognize_tokens(&article.text, &tokens);
        self.resolver
            .resolve_tokens_at(
                &mentions,
                &article.text,
                &tokens,
                article
                    .published
                    .as_deref()
                    .map(|p| p.get(..10).unwrap_or(p)),
            )
            .into_iter()
            .map(|e| {
                let id = if e.is_article_local() {
                    format!("{}@{}", e.id, article.id)
                } else {
                    e.id.clone()
                };
                EntityRow {
                    id,
                    kind: e.kind.as_str().to_owned(),
                    name: e.name,
                    name_en: Some(e.name_en).filter(|n| !n.is_empty()),
                    country: e.country,
                    role: e.role,
                    wikidata: e.wikidata,
                    lat: e.lat,
                    lon: e.lon,
                    mentions: e
                        .mentions
                        .into_iter()
                        .map(|m| MentionRow {
                            article: article.id.clone(),
                            start: m.start,
                            end: m.end,
                            text: m.text,
                        })
                        .collect(),
                }
            })
            .collect()
    }
}

/// Files larger than this are reported and skipped without being read (UTF-8 JSONL is streamed
/// and has no file size limit, only a per-line one).
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// Articles per database transaction.
pub const BATCH_SIZE: usize = 1000;

/// Totals of one ingest run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub bytes: u64,
    pub new: usize,
    pub existing: usize,
    pub skipped: usize,
    /// What the events-table updates made during the run did (see
    /// [`Ingestor::with_events_every`]); the caller's final update comes on top.
    pub events: rasd_events::MaterializeStats,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} new, {} already stored, {} skipped",
            self.new, self.existing, self.skipped
        )
    }
}

/// An input file and the origin string it is reported under (the path as the user gave it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    pub origin: String,
}

/// Expand user paths into files: directories are walked recursively (hidden entries skipped) and
/// their files sorted by path, so the order is deterministic. Missing paths come back as skips.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<InputFile>, Vec<Skip>) {
    let mut files = Vec::new();
    let mut skips = Vec::new();
    for p in paths {
        let origin = p.display().to_string();
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                walk_dir(p, &mut found, &mut skips);
                found.sort_by(|a: &InputFile, b| a.path.cmp(&b.path));
                files.extend(found);
            }
            Ok(_) => files.push(InputFile {
                path: p.clone(),
                origin,
            }),
            Err(e) => skips.push(Skip {
                origin,
                error: IngestError::Io(e),
            }),
        }
    }
    (files, skips)
}

/// Files met while walking a directory that are project files, not news documents (a corpus
/// folder's README, the script that built it). Paths given explicitly are always read.
fn is_auxiliary_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    matches!(
        ext.as_str(),
        "md" | "py" | "sh" | "rs" | "toml" | "yaml" | "yml" | "lock" | "tsv" | "csv"
    ) || [
        "readme", "license", "licence", "notice", "copying", "manifest",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

fn walk_dir(root: &Path, files: &mut Vec<InputFile>, skips: &mut Vec<Skip>) {
    // Explicit stack (no recursion); the caller sorts the result.
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) => {
                skips.push(Skip {
                    origin: dir.display().to_string(),
                    error: IngestError::Io(e),
                });
                continue;
            }
        };
        let names: Vec<(PathBuf, bool)> = entries
            .filter_map(Result::ok)
            .filter(|e| {
                !e.file_name().to_string_lossy().starts_with('.') && !is_auxiliary_file(&e.path())
            })
            .map(|e| {
                let path = e.path();
                // Follow symlinks to files but not to directories (no cycles).
                let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
                (path, is_dir)
            })
            .collect();
        for (path, is_dir) in names {
            if is_dir {
                stack.push(path);
            } else {
                files.push(InputFile {
                    origin: path.display().to_string(),
                    path,
                });
            }
        }
    }
}

/// Receives progress and bad-input reports during an ingest.
pub trait Observer {
    fn skip(&mut self, skip: &Skip);
    fn file_done(&mut self, _file: &InputFile, _bytes: u64) {}
}

/// Worker threads of an ingest run unless set with [`Ingestor::with_threads`]: `$RASD_THREADS` when it
/// is a positive integer, else the machine's available parallelism.
pub fn default_threads() -> usize {
    std::env::var("RASD_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// CPU seconds spent in each stage of an ingest run, summed over threads (per-thread CPU clock, so
/// other processes on the machine do not inflate them).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct StageTimes {
    /// Reading files, gunzip, format sniffing, charset decoding, record parsing (main thread).
    pub read: f64,
    /// HTML extraction, layout normalization, cleaning, dateline, article id.
    pub prepare: f64,
    /// Entity recognition and resolution.
    pub entities: f64,
    /// Event and claim coding.
    pub events: f64,
    /// Duplicate and story assignment (main thread, in input order).
    pub dedupe: f64,
    /// SQLite inserts (main thread).
    pub store: f64,
    /// Events-table updates made during the run ([`Ingestor::with_events_every`]).
    pub events_table: f64,
}

impl StageTimes {
    pub fn total(&self) -> f64 {
        self.read
            + self.prepare
            + self.entities
            + self.events
            + self.dedupe
            + self.store
            + self.events_table
    }
}

/// CPU time of the calling thread in seconds (0 where the clock is unavailable).
pub fn thread_cpu_seconds() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the call only writes into it.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc == 0 {
        ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
    } else {
        0.0
    }
}

/// The per-article work that does not depend on other articles: prepare, entities, events, claims.
/// Run on worker threads; the result is the same whichever thread runs it.
struct ArticleWork<'a> {
    preparer: &'a Preparer,
    entities: Option<&'a EntityAnnotator>,
    dedupe: &'a RwLock<DedupeIndex>,
    dedupe_preparer: &'a rasd_dedupe::Preparer,
}

/// An article after the per-article stages, waiting for its dedupe assignment and storage.
struct Prepared {
    article: Article,
    published: Option<Ymd>,
    /// Entities, events and claims; `None` when the id was already known (stored or queued), so
    /// the work was not done.
    annotations: Option<Annotations>,
    /// The dedupe stage's per-article half (normalization, MinHash, terms); `None` as above.
    dedupe: Option<rasd_dedupe::PreparedDoc>,
    times: StageTimes,
}

struct Annotations {
    entities: Vec<EntityRow>,
    events: Vec<String>,
    claims: Vec<String>,
}

fn annotate_article(
    annotator: Option<&EntityAnnotator>,
    article: &Article,
    published: Option<Ymd>,
    times: &mut StageTimes,
) -> Annotations {
    let Some(annotator) = annotator else {
        return Annotations {
            entities: Vec::new(),
            events: Vec::new(),
            claims: Vec::new(),
        };
    };
    let t0 = thread_cpu_seconds();
    let entities = annotator.annotate(article);
    let t1 = thread_cpu_seconds();
    // Events and claims need actors: they are coded when entities are.
    let (events, claims) = code_events(article, &entities, published);
    times.entities += t1 - t0;
    times.events += thread_cpu_seconds() - t1;
    Annotations {
        entities,
        events,
        claims,
    }
}

impl ArticleWork<'_> {
    fn run(&self, record: Result<RawArticle, Skip>) -> Result<Prepared, Skip> {
        let mut times = StageTimes::default();
        let t0 = thread_cpu_seconds();
        let article = record.and_then(|raw| self.preparer.prepare(raw));
        times.prepare = thread_cpu_seconds() - t0;
        let article = article?;
        let published = article.published.as_deref().and_then(Ymd::parse_iso);
        // Only a hint (the main thread decides again, in order); the index only grows, so an id
        // known here is known there too and the skipped work would have been thrown away.
        let known = self
            .dedupe
            .read()
            .map(|d| d.contains(&article.id))
            .unwrap_or(false);
        let annotations =
            (!known).then(|| annotate_article(self.entities, &article, published, &mut times));
        let t1 = thread_cpu_seconds();
        let dedupe = (!known).then(|| {
            self.dedupe_preparer
                .prepare(&dedupe_input(&article, published))
        });
        times.dedupe = thread_cpu_seconds() - t1;
        Ok(Prepared {
            article,
            published,
            annotations,
            dedupe,
            times,
        })
    }
}

/// What the dedupe stage reads of an article.
fn dedupe_input(article: &Article, published: Option<Ymd>) -> DocInput<'_> {
    DocInput {
        id: &article.id,
        text: &article.text,
        title: article.title.as_deref(),
        published,
        outlet: article.outlet.as_deref(),
    }
}

/// One step of an ingest run, in input order: a record's outcome or the end of a file.
enum Step<'f> {
    Record(Result<Box<Prepared>, Skip>),
    FileDone(&'f InputFile, u64),
}

/// Where the records of one document come from.
enum Source<'f> {
    File(&'f InputFile),
    Bytes(&'f str, &'f [u8]),
}

/// Records in flight per worker thread (bounds memory). Enough to keep every worker busy while
/// the calling thread stores a batch of [`BATCH_SIZE`] articles (≈0.1–0.3 s): with 32, the
/// workers ran dry during each batch transaction.
const IN_FLIGHT_PER_THREAD: usize = 256;

/// What the worker threads share read-only (the dedupe index is written by the main thread only).
struct Shared {
    preparer: Preparer,
    entities: Option<EntityAnnotator>,
    dedupe: RwLock<DedupeIndex>,
    dedupe_preparer: rasd_dedupe::Preparer,
}

impl Shared {
    fn work(&self) -> ArticleWork<'_> {
        ArticleWork {
            preparer: &self.preparer,
            entities: self.entities.as_ref(),
            dedupe: &self.dedupe,
            dedupe_preparer: &self.dedupe_preparer,
        }
    }
}

/// The main thread's state: the store, the open batch, the counts.
struct Sink<'s> {
    store: &'s mut Store,
    pending: Vec<NewArticle>,
    summary: Summary,
    times: StageTimes,
    /// Update the events table after this many new articles (0 = only the caller, at the end).
    events_every: usize,
    new_since_events: usize,
    /// The outlet name of each site stored so far.
    site_outlets: SiteOutlets,
}

/// Site (URL host, see [`rasd_core::site_of`]) → the outlet name of its first stored article
/// that had one: every later article of the site is stored under that name, so one outlet
/// counts once in stories and events whatever each page, feed or JSONL record calls it.
/// Aggregators and social networks ([`rasd_core::is_single_outlet_site`]) and articles without a
/// URL keep their own names.
#[derive(Debug, Default)]
pub struct SiteOutlets {
    names: HashMap<String, String>,
}

impl SiteOutlets {
    /// The names of the sites of `store`'s articles, in storage order.
    pub fn from_store(store: &Store) -> Result<SiteOutlets, PipelineError> {
        let mut sites = SiteOutlets::default();
        for (url, outlet) in store.urls_and_outlets()? {
            sites.resolve(Some(&url), Some(&outlet));
        }
        Ok(sites)
    }

    /// The outlet an article with `url` and its own `outlet` name is stored under, in storage
    /// order: its site's name, else its own (trimmed, which becomes the site's name when it
    /// has a site), else none.
    pub fn resolve(&mut self, url: Option<&str>, outlet: Option<&str>) -> Option<String> {
        let Some(site) = url.and_then(site_of).filter(|s| is_single_outlet_site(s)) else {
            return outlet.map(str::to_string);
        };
        if let Some(name) = self.names.get(&site) {
            return Some(name.clone());
        }
        let own = outlet.map(str::trim).filter(|o| !o.is_empty())?;
        self.names.insert(site, own.to_string());
        Some(own.to_string())
    }
}

/// Store every article of a site under one outlet name, as ingest does since the thirteenth
/// session: the name of the site's first stored named article, in storage order (`rasd reindex
/// --outlets`, for a database ingested before). The dedupe records carry the new names too.
/// Returns the number of articles renamed; the events table and the search index are left to
/// the caller.
pub fn unify_site_outlets(store: &mut Store) -> Result<usize, PipelineError> {
    let mut sites = SiteOutlets::default();
    Ok(store.rewrite_outlets(
        |url, outlet| {
            let name = sites.resolve(url, outlet);
            (name.as_deref() != outlet).then_some(name)
        },
        record_with_outlet,
    )?)
}

/// A serialized dedupe record with its outlet replaced (`None` when it does not decode).
fn record_with_outlet(record: &[u8], outlet: Option<&str>) -> Option<Vec<u8>> {
    let mut r = rasd_dedupe::DocRecord::from_bytes(record).ok()?;
    r.outlet = outlet.map(str::to_string);
    Some(r.to_bytes())
}

/// Reads, prepares, deduplicates/clusters and stores articles.
///
/// With more than one thread, the per-article stages (prepare, entities, events, claims) run on a
/// worker pool while the calling thread reads input, assigns duplicates and stories in input order
/// and writes to the store, so the stored result is the same for any number of threads.
pub struct Ingestor<'s> {
    shared: Shared,
    sink: Sink<'s>,
    threads: usize,
}

/// The dedupe index of everything stored so far, rebuilt from the per-article records.
pub fn load_dedupe_index(store: &Store) -> Result<DedupeIndex, PipelineError> {
    // Records come back in insertion order, which `from_record_bytes` relies on.
    let blobs = store.dedupe_records()?;
    Ok(DedupeIndex::from_record_bytes(
        rasd_dedupe::Config::default(),
        blobs,
    )?)
}

impl<'s> Ingestor<'s> {
    pub fn new(store: &'s mut Store, preparer: Preparer) -> Result<Ingestor<'s>, PipelineError> {
        let dedupe = load_dedupe_index(store)?;
        let site_outlets = SiteOutlets::from_store(store)?;
        Ok(Ingestor {
            shared: Shared {
                preparer,
                entities: None,
                dedupe_preparer: dedupe.preparer(),
                dedupe: RwLock::new(dedupe),
            },
            sink: Sink {
                store,
                pending: Vec::with_capacity(BATCH_SIZE),
                summary: Summary::default(),
                times: StageTimes::default(),
                events_every: 0,
                new_since_events: 0,
                site_outlets,
            },
            threads: default_threads(),
        })
    }

    /// Also recognize and resolve entities (and code events and claims) in every new article.
    pub fn with_entities(mut self, annotator: EntityAnnotator) -> Self {
        self.shared.entities = Some(annotator);
        self
    }

    /// Bring the events table up to date (`rasd_events::materialize`, incremental) after every
    /// `n` new articles stored, instead of only when the caller does at the end: a long ingest
    /// shows its events as it goes, and the memory of each update is bounded by `n` articles'
    /// mentions rather than the whole batch's. 0 (the default) = never during the run. The
    /// table is the same either way (incremental materialization equals a full recompute).
    pub fn with_events_every(mut self, n: usize) -> Self {
        self.sink.events_every = n;
        self
    }

    /// Worker threads for the per-article stages (0 = [`default_threads`]; 1 = everything on the
    /// calling thread). The stored result does not depend on it.
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = if threads == 0 {
            default_threads()
        } else {
            threads
        };
        self
    }

    /// Worker threads this ingestor uses.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// CPU seconds per stage so far.
    pub fn stage_times(&self) -> StageTimes {
        self.sink.times
    }

    /// Ingest one file; bad records are reported to `obs` and counted, never returned as errors.
    /// Only a database failure is an error.
    pub fn ingest_file(
        &mut self,
        file: &InputFile,
        obs: &mut dyn Observer,
    ) -> Result<(), PipelineError> {
        self.run(&[Source::File(file)], obs)
    }

    /// Ingest files in order, the records of all of them sharing the worker pool (many small
    /// files are as parallel as one big one). Same result as `ingest_file` on each in turn.
    pub fn ingest_files(
        &mut self,
        files: &[InputFile],
        obs: &mut dyn Observer,
    ) -> Result<(), PipelineError> {
        let sources: Vec<Source<'_>> = files.iter().map(Source::File).collect();
        self.run(&sources, obs)
    }

    /// Ingest a document already in memory (API uploads, tests).
    pub fn ingest_bytes(
        &mut self,
        origin: &str,
        bytes: &[u8],
        obs: &mut dyn Observer,
    ) -> Result<(), PipelineError> {
        self.run(&[Source::Bytes(origin, bytes)], obs)
    }

    fn run(&mut self, sources: &[Source<'_>], obs: &mut dyn Observer) -> Result<(), PipelineError> {
        let Ingestor {
            shared,
            sink,
            threads,
        } = self;
        if *threads <= 1 {
            let work = shared.work();
            for source in sources {
                let (mut records, done) = sink.read_source(source);
                while let Some(record) = sink.next_record(&mut records) {
                    sink.take_step(Step::Record(work.run(record).map(Box::new)), shared, obs)?;
                }
                if let Some(step) = done {
                    sink.take_step(step, shared, obs)?;
                }
            }
            return Ok(());
        }
        run_parallel(shared, sink, *threads, sources, obs)
    }

    /// Count and report a skipped input found outside `ingest_file` (e.g. a missing path).
    pub fn report_skip(&mut self, skip: Skip, obs: &mut dyn Observer) {
        self.sink.report_skip(skip, obs);
    }

    /// Store pending articles in one transaction.
    pub fn flush(&mut self) -> Result<(), PipelineError> {
        self.sink.flush()
    }

    /// Flush and return the totals.
    pub fn finish(mut self) -> Result<Summary, PipelineError> {
        self.sink.flush()?;
        Ok(self.sink.summary)
    }
}

/// The worker-pool variant of [`Ingestor::run`]: records are numbered as they are read, worked on
/// by `threads` workers, and their results taken back in number order by the calling thread.
fn run_parallel(
    shared: &Shared,
    sink: &mut Sink<'_>,
    threads: usize,
    sources: &[Source<'_>],
    obs: &mut dyn Observer,
) -> Result<(), PipelineError> {
    use std::sync::{mpsc, Mutex};
    type Job = (u64, RawArticle);
    let max_in_flight = threads * IN_FLIGHT_PER_THREAD;
    let (job_tx, job_rx) = mpsc::channel::<Job>();
    let job_rx = Mutex::new(job_rx);
    let job_rx = &job_rx;
    let (done_tx, done_rx) = mpsc::channel::<(u64, Result<Box<Prepared>, Skip>)>();
    // The closure owns the job sender and the result receiver, so they are dropped when it returns
    // (also early, on a store error) and the workers stop before the scope joins them.
    std::thread::scope(move |scope| {
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            scope.spawn(move || {
                let work = shared.work();
                loop {
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return, // another worker panicked; the scope re-raises it
                    };
                    let Ok((seq, raw)) = job else { return };
                    if done_tx
                        .send((seq, work.run(Ok(raw)).map(Box::new)))
                        .is_err()
                    {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        let mut order = Reorder {
            next_seq: 0,
            next_out: 0,
            in_flight: 0,
            ready: std::collections::BTreeMap::new(),
            done_rx,
        };
        for source in sources {
            let (mut records, done) = sink.read_source(source);
            while let Some(record) = sink.next_record(&mut records) {
                while order.in_flight >= max_in_flight {
                    if !order.wait_one() {
                        return Ok(()); // workers are gone (a panic, re-raised by the scope)
                    }
                    order.drain(sink, shared, obs)?;
                }
                let seq = order.push_seq();
                match record {
                    Err(skip) => {
                        order.ready.insert(seq, Step::Record(Err(skip)));
                    }
                    Ok(raw) => {
                        order.in_flight += 1;
                        if job_tx.send((seq, raw)).is_err() {
                            return Ok(());
                        }
                    }
                }
            }
            if let Some(step) = done {
                let seq = order.push_seq();
                order.ready.insert(seq, step);
            }
            order.poll();
            order.drain(sink, shared, obs)?;
        }
        drop(job_tx);
        while order.next_out < order.next_seq {
            if !order.ready.contains_key(&order.next_out) && !order.wait_one() {
                return Ok(());
            }
            order.drain(sink, shared, obs)?;
        }
        Ok(())
    })
}

/// Puts worker results back into input order.
struct Reorder<'f> {
    next_seq: u64,
    next_out: u64,
    in_flight: usize,
    ready: std::collections::BTreeMap<u64, Step<'f>>,
    done_rx: std::sync::mpsc::Receiver<(u64, Result<Box<Prepared>, Skip>)>,
}

impl<'f> Reorder<'f> {
    fn push_seq(&mut self) -> u64 {
        let s = self.next_seq;
        self.next_seq += 1;
        s
    }

    /// Block for one worker result; false when every worker has stopped.
    fn wait_one(&mut self) -> bool {
        match self.done_rx.recv() {
            Ok((seq, r)) => {
                self.in_flight -= 1;
                self.ready.insert(seq, Step::Record(r));
                true
            }
            Err(_) => false,
        }
    }

    /// Collect the results that are already there.
    fn poll(&mut self) {
        while let Ok((seq, r)) = self.done_rx.try_recv() {
            self.in_flight -= 1;
            self.ready.insert(seq, Step::Record(r));
        }
    }

    /// Take every step that is next in input order.
    fn drain(
        &mut self,
        sink: &mut Sink<'_>,
        shared: &Shared,
        obs: &mut dyn Observer,
    ) -> Result<(), PipelineError> {
        self.poll();
        while let Some(step) = self.ready.remove(&self.next_out) {
            self.next_out += 1;
            sink.take_step(step, shared, obs)?;
        }
        Ok(())
    }
}

impl Sink<'_> {
    /// The records of one source, and the step that ends it (a file's `file_done`). A UTF-8
    /// JSONL file is streamed: its records are read as the iterator is advanced (see
    /// [`Sink::next_record`], which also accounts the reading time).
    fn read_source<'f>(&mut self, source: &Source<'f>) -> (FileRecords, Option<Step<'f>>) {
        let t0 = thread_cpu_seconds();
        let out = match *source {
            Source::Bytes(origin, bytes) => (
                FileRecords::from_vec(rasd_ingest::read_document(origin, bytes)),
                None,
            ),
            Source::File(file) => {
                self.summary.files += 1;
                match rasd_ingest::read_file(&file.origin, &file.path, MAX_FILE_BYTES) {
                    Ok((records, len)) => {
                        self.summary.bytes += len;
                        (records, Some(Step::FileDone(file, len)))
                    }
                    // Reported in input order like a bad record (not before the records still
                    // in flight), and without `file_done`.
                    Err(error) => (
                        FileRecords::from_vec(vec![Err(Skip {
                            origin: file.origin.clone(),
                            error,
                        })]),
                        None,
                    ),
                }
            }
        };
        self.times.read += thread_cpu_seconds() - t0;
        out
    }

    /// The next record of a source, with the time spent reading it counted as `read`.
    fn next_record(&mut self, records: &mut FileRecords) -> Option<Result<RawArticle, Skip>> {
        let t0 = thread_cpu_seconds();
        let r = records.next();
        self.times.read += thread_cpu_seconds() - t0;
        r
    }

    /// Take one step in input order: queue a prepared article, report a skip, or end a file.
    fn take_step(
        &mut self,
        step: Step<'_>,
        shared: &Shared,
        obs: &mut dyn Observer,
    ) -> Result<(), PipelineError> {
        match step {
            Step::Record(Ok(p)) => self.add(*p, shared)?,
            Step::Record(Err(skip)) => self.report_skip(skip, obs),
            Step::FileDone(file, len) => obs.file_done(file, len),
        }
        Ok(())
    }

    /// Queue a prepared article: an id already known (stored or queued) is counted as existing;
    /// a new one gets its duplicate and story assignment.
    fn add(&mut self, p: Prepared, shared: &Shared) -> Result<(), PipelineError> {
        let Prepared {
            mut article,
            published,
            annotations,
            dedupe: prepared_dedupe,
            times,
        } = p;
        self.times.prepare += times.prepare;
        self.times.dedupe += times.dedupe;
        self.times.entities += times.entities;
        self.times.events += times.events;
        let t0 = thread_cpu_seconds();
        let assignment = {
            // The lock is only ever poisoned by a panic in this thread, which has unwound already.
            let mut index = shared.dedupe.write().unwrap_or_else(|e| e.into_inner());
            if index.contains(&article.id) {
                self.summary.existing += 1;
                self.times.dedupe += thread_cpu_seconds() - t0;
                return Ok(());
            }
            article.outlet = self
                .site_outlets
                .resolve(article.url.as_deref(), article.outlet.as_deref());
            match prepared_dedupe {
                Some(mut p) => {
                    p.set_outlet(article.outlet.as_deref());
                    index.assign_prepared(p)
                }
                None => index.assign(&dedupe_input(&article, published)),
            }
        };
        article.duplicate_of = assignment.duplicate_of;
        article.story = Some(assignment.story);
        let dedupe = Some(assignment.record.to_bytes());
        self.times.dedupe += thread_cpu_seconds() - t0;
        // A worker skips the annotations only for an id already known, which is never new here;
        // annotate anyway rather than store an article without them.
        let a = match annotations {
            Some(a) => a,
            None => annotate_article(
                shared.entities.as_ref(),
                &article,
                published,
                &mut self.times,
            ),
        };
        self.pending.push(NewArticle {
            article,
            dedupe,
            entities: a.entities,
            events: a.events,
            claims: a.claims,
        });
        if self.pending.len() >= BATCH_SIZE {
            self.flush()?;
        }
        Ok(())
    }

    fn report_skip(&mut self, skip: Skip, obs: &mut dyn Observer) {
        self.summary.skipped += 1;
        obs.skip(&skip);
    }

    fn flush(&mut self) -> Result<(), PipelineError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let t0 = thread_cpu_seconds();
        let counts = self.store.insert_articles(&self.pending)?;
        self.summary.new += counts.new;
        self.summary.existing += counts.existing;
        self.pending.clear();
        self.times.store += thread_cpu_seconds() - t0;
        self.new_since_events += counts.new;
        if self.events_every > 0 && self.new_since_events >= self.events_every {
            let t0 = thread_cpu_seconds();
            let s = rasd_events::materialize(self.store)?;
            let e = &mut self.summary.events;
            e.articles += s.articles;
            e.mentions += s.mentions;
            e.written += s.written;
            e.events = s.events;
            self.new_since_events = 0;
            self.times.events_table += thread_cpu_seconds() - t0;
        }
        Ok(())
    }
}

/// Ingest `paths` into `store`: the whole batch in one call.
pub fn ingest_paths(
    store: &mut Store,
    paths: &[PathBuf],
    preparer: Preparer,
    obs: &mut dyn Observer,
) -> Result<Summary, PipelineError> {
    let (files, skips) = collect_inputs(paths);
    let mut ing = Ingestor::new(store, preparer)?;
    for s in skips {
        ing.report_skip(s, obs);
    }
    ing.ingest_files(&files, obs)?;
    ing.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Collect(Vec<String>);
    impl Observer for Collect {
        fn skip(&mut self, skip: &Skip) {
            self.0.push(skip.to_string());
        }
    }

    /// Ingest `path` into `store` with the default preparer; the summary and the skip messages.
    fn ingest_file(store: &mut Store, path: PathBuf) -> (Summary, Vec<String>) {
        let mut obs = Collect(Vec::new());
        let s = ingest_paths(store, &[path], Preparer::default(), &mut obs).unwrap();
        (s, obs.0)
    }

    fn tmpdir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("rasd-pipeline-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn one_site_is_one_outlet_across_names_and_runs() {
        let d = tmpdir("sites");
        let rec = |url: Option<&str>, outlet: Option<&str>, text: &str| {
            let mut o = serde_json::json!({"text": text, "date": "2025-12-20"});
            if let Some(u) = url {
                o["url"] = u.into();
            }
            if let Some(n) = outlet {
                o["outlet"] = n.into();
            }
            format!("{o}\n")
        };
        let first = [
            rec(
                Some("https://m.site-a.com/0"),
                None,
                "خبر بلا اسم منفذ عن الطقس في تونس اليوم.",
            ),
            rec(
                Some("https://www.site-a.com/1"),
                Some(" Site A "),
                "وصل وفد حماس إلى القاهرة لبحث التهدئة.",
            ),
            rec(
                Some("http://site-a.com/2"),
                Some("موقع أ - أخبار عالمية"),
                "أعلنت وزارة الصحة عن حصيلة جديدة للضحايا.",
            ),
            rec(
                Some("https://m.site-a.com/3"),
                None,
                "التقى وزير الخارجية القطري نظيره المصري في الدوحة.",
            ),
            rec(
                Some("https://site-b.org/x"),
                Some("B"),
                "ارتفعت أسعار النفط في الأسواق العالمية أمس.",
            ),
            rec(
                None,
                Some("C"),
                "افتتح معرض الكتاب أبوابه للزوار في الرباط.",
            ),
            rec(
                Some("https://news.google.com/rss/articles/1"),
                Some("D"),
                "أعلن البنك المركزي خفض سعر الفائدة.",
            ),
            rec(
                Some("https://news.google.com/rss/articles/2"),
                Some("E"),
                "فاز المنتخب الوطني في المباراة الودية.",
            ),
        ]
        .concat();
        std::fs::write(d.join("a.jsonl"), first).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let (s, skips) = ingest_file(&mut store, d.join("a.jsonl"));
        assert_eq!(s.new, 8, "{skips:?}");
        // A second run over the same store knows the site's name.
        std::fs::write(
            d.join("b.jsonl"),
            rec(
                Some("https://amp.site-a.com/9"),
                Some("أ آخر"),
                "عاد الهدوء إلى الحدود بعد ليلة من التوتر.",
            ),
        )
        .unwrap();
        let (s, skips) = ingest_file(&mut store, d.join("b.jsonl"));
        assert_eq!(s.new, 1, "{skips:?}");
        let outlets: Vec<(Option<String>, Option<String>)> = store
            .article_refs()
            .unwrap()
            .into_iter()
            .map(|a| (a.url, a.outlet))
            .collect();
        let named = |u: &str| {
            outlets
                .iter()
                .find(|(url, _)| url.as_deref() == Some(u))
                .and_then(|(_, o)| o.clone())
        };
        // Before the site's first name: its own (none); from then on: that name, trimmed.
        assert_eq!(named("https://m.site-a.com/0"), None);
        for u in [
            "https://www.site-a.com/1",
            "http://site-a.com/2",
            "https://m.site-a.com/3",
            "https://amp.site-a.com/9",
        ] {
            assert_eq!(named(u).as_deref(), Some("Site A"), "{u}");
        }
        assert_eq!(named("https://site-b.org/x").as_deref(), Some("B"));
        assert!(outlets
            .iter()
            .any(|(u, o)| u.is_none() && o.as_deref() == Some("C")));
        // An aggregator's pages keep their publishers' names.
        assert_eq!(
            named("https://news.google.com/rss/articles/1").as_deref(),
            Some("D")
        );
        assert_eq!(
            named("https://news.google.com/rss/articles/2").as_deref(),
            Some("E")
        );
        // The dedupe records (story outlets) carry the same names.
        let index = load_dedupe_index(&store).unwrap();
        let mut story_outlets: Vec<String> = index
            .stories()
            .iter()
            .flat_map(|st| st.outlets.clone())
            .collect();
        story_outlets.sort();
        story_outlets.dedup();
        assert_eq!(story_outlets, ["B", "C", "D", "E", "Site A"]);
    }

    #[test]
    fn a_database_stored_with_several_names_per_site_is_unified() {
        let d = tmpdir("unify");
        let rec = |url: &str, outlet: &str, text: &str| {
            format!(
                "{}\n",
                serde_json::json!({"url": url, "outlet": outlet, "text": text, "date": "2025-12-20"})
            )
        };
        std::fs::write(
            d.join("a.jsonl"),
            [
                rec(
                    "https://www.site-a.com/1",
                    "Site A",
                    "وصل وفد حماس إلى القاهرة لبحث التهدئة.",
                ),
                rec(
                    "https://site-a.com/2",
                    "Site A",
                    "أعلنت وزارة الصحة عن حصيلة جديدة للضحايا.",
                ),
                rec(
                    "https://t.me/channel/5",
                    "قناة",
                    "ارتفعت أسعار النفط في الأسواق العالمية أمس.",
                ),
            ]
            .concat(),
        )
        .unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let (s, skips) = ingest_file(&mut store, d.join("a.jsonl"));
        assert_eq!(s.new, 3, "{skips:?}");
        // As a database ingested before one name per site: the second article under another
        // name, in its row and its dedupe record.
        let renamed = store
            .rewrite_outlets(
                |url, _| (url == Some("https://site-a.com/2")).then(|| Some("موقع أ".to_string())),
                record_with_outlet,
            )
            .unwrap();
        assert_eq!(renamed, 1);
        let story_outlets = |store: &Store| -> Vec<String> {
            let mut v: Vec<String> = load_dedupe_index(store)
                .unwrap()
                .stories()
                .iter()
                .flat_map(|st| st.outlets.clone())
                .collect();
            v.sort();
            v.dedup();
            v
        };
        assert_eq!(story_outlets(&store), ["Site A", "قناة", "موقع أ"]);
        assert_eq!(unify_site_outlets(&mut store).unwrap(), 1);
        let names: Vec<Option<String>> = store
            .article_refs()
            .unwrap()
            .into_iter()
            .map(|a| a.outlet)
            .collect();
        assert_eq!(
            names,
            [
                Some("Site A".into()),
                Some("Site A".into()),
                Some("قناة".into())
            ]
        );
        assert_eq!(story_outlets(&store), ["Site A", "قناة"]);
        // Idempotent.
        assert_eq!(unify_site_outlets(&mut store).unwrap(), 0);
    }

    #[test]
    fn batch_survives_bad_files_and_reingest_is_idempotent() {
        let d = tmpdir("batch");
        std::fs::create_dir_all(d.join("sub")).unwrap();
        std::fs::write(
            d.join("a.txt"),
            " date 2025-12-20 التقى وزير الخارجية نظيره التركي.\nوبحثا وقف إطلاق النار.",
        )
        .unwrap();
        std::fs::write(
            d.join("b.jsonl"),
            "{\"text\":\"نص أول طويل بما يكفي.\"}\n{oops\n",
        )
        .unwrap();
        std::fs::write(d.join("empty.txt"), "").unwrap();
        std::fs::write(d.join("sub/bin.dat"), [0u8, 1, 2, 3, 255, 254]).unwrap();
        std::fs::write(d.join("sub/z.gz"), [0x1f, 0x8b, 8, 0, 0, 0]).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let mut obs = Collect(Vec::new());
        let paths = vec![d.clone(), d.join("missing.txt")];
        let s = ingest_paths(&mut store, &paths, Preparer::default(), &mut obs).unwrap();
        assert_eq!((s.new, s.existing, s.skipped), (2, 0, 5), "{:?}", obs.0);
        assert!(obs
            .0
            .iter()
            .any(|m| m.contains("b.jsonl#2: malformed JSON")));
        assert!(obs.0.iter().any(|m| m.contains("empty.txt: empty file")));
        assert!(obs.0.iter().any(|m| m.contains("bin.dat: binary")));
        assert!(obs
            .0
            .iter()
            .any(|m| m.contains("z.gz: truncated or corrupt gzip")));
        assert!(obs.0.iter().any(|m| m.contains("missing.txt")));
        let s = ingest_paths(&mut store, &paths, Preparer::default(), &mut obs).unwrap();
        assert_eq!((s.new, s.existing), (0, 2));
        assert_eq!(store.article_count().unwrap(), 2);
        std::fs::remove_dir_all(&d).ok();
    }

    #[test]
    fn copies_point_to_the_first_and_stories_persist_across_runs() {
        let d = tmpdir("dedupe");
        let body = "أعلنت وزارة الخارجية القطرية اليوم أن وفدا من حركة حماس ووفدا إسرائيليا سيجتمعان في الدوحة الأسبوع المقبل لبحث تمديد وقف إطلاق النار في قطاع غزة وتبادل الأسرى، وقال المتحدث باسم الوزارة ماجد الأنصاري إن الوسطاء المصريين والقطريين يعملون على تقريب وجهات النظر بين الطرفين بشأن المرحلة الثانية من الاتفاق.";
        std::fs::write(d.join("a.txt"), format!(" date 2025-12-20 {body}")).unwrap();
        std::fs::write(
            d.join("b.jsonl"),
            format!("{{\"text\":\"{body}\",\"outlet\":\"B\",\"date\":\"2025-12-20\"}}\n"),
        )
        .unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let mut obs = Collect(Vec::new());
        let s = ingest_paths(
            &mut store,
            &[d.join("a.txt")],
            Preparer::default(),
            &mut obs,
        )
        .unwrap();
        assert_eq!(s.new, 1);
        // A second run rebuilds the index from the stored records and finds the copy.
        let s = ingest_paths(
            &mut store,
            &[d.join("b.jsonl")],
            Preparer::default(),
            &mut obs,
        )
        .unwrap();
        assert_eq!(s.new, 1);
        let mut arts = Vec::new();
        store
            .for_each_article(|a| {
                arts.push(a);
                Ok(())
            })
            .unwrap();
        assert_eq!(arts.len(), 2);
        assert_eq!(arts[1].duplicate_of.as_deref(), Some(arts[0].id.as_str()));
        assert!(arts[0].story.is_some());
        assert_eq!(arts[0].story, arts[1].story);
        std::fs::remove_dir_all(&d).ok();
    }

    #[test]
    fn entities_are_stored_with_offsets_into_the_clean_text() {
        let d = tmpdir("entities");
        std::fs::write(
            d.join("a.txt"),
            " date 2025-12-20 التقى رئيس جهاز المخابرات التركي إبراهيم قالن في إسطنبول أمس الجمعة وفدا من حركة حماس.\nوقال قالن إن المحادثات إيجابية.",
        )
        .unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let mut obs = Collect(Vec::new());
        let mut ing = Ingestor::new(&mut store, Preparer::default())
            .unwrap()
            .with_entities(EntityAnnotator::load_default().unwrap());
        let files = collect_inputs(&[d.join("a.txt")]).0;
        ing.ingest_file(&files[0], &mut obs).unwrap();
        ing.finish().unwrap();
        let mut text = String::new();
        store
            .for_each_article(|a| {
                text = a.text;
                Ok(())
            })
            .unwrap();
        let mut ents = Vec::new();
        store
            .for_each_entity(|e| {
                ents.push(e);
                Ok(())
            })
            .unwrap();
        assert!(!ents.is_empty());
        for e in &ents {
            for m in &e.mentions {
                let slice: String = text.chars().skip(m.start).take(m.end - m.start).collect();
                assert_eq!(slice, m.text, "{}", e.id);
            }
        }
        let kalin = ents
            .iter()
            .find(|e| e.mentions.iter().any(|m| m.text == "قالن"))
            .expect("Kalin found");
        assert_eq!(kalin.kind, "person");
        assert!(
            kalin.mentions.len() >= 2,
            "full name and surname resolve to one entity: {kalin:?}"
        );
        std::fs::remove_dir_all(&d).ok();
    }

    /// Everything an ingest stored, in storage order, as comparable text.
    fn dump(store: &Store) -> Vec<String> {
        let mut out = Vec::new();
        store
            .for_each_article(|a| {
                out.push(format!("{a:?}"));
                Ok(())
            })
            .unwrap();
        store
            .for_each_entity(|e| {
                out.push(format!("{e:?}"));
                Ok(())
            })
            .unwrap();
        store
            .for_each_claim(|a, c| {
                out.push(format!("{a} {c}"));
                Ok(())
            })
            .unwrap();
        out.extend(
            store
                .dedupe_records()
                .unwrap()
                .iter()
                .map(|r| format!("{r:?}")),
        );
        out
    }

    #[test]
    fn worker_pool_stores_exactly_what_one_thread_stores() {
        let d = tmpdir("threads");
        let body = "أعلنت وزارة الخارجية القطرية اليوم أن وفدا من حركة حماس ووفدا إسرائيليا سيجتمعان في الدوحة الأسبوع المقبل لبحث تمديد وقف إطلاق النار في قطاع غزة وتبادل الأسرى، وقال المتحدث باسم الوزارة ماجد الأنصاري إن الوسطاء المصريين والقطريين يعملون على تقريب وجهات النظر. وقتل 12 شخصا في غارة إسرائيلية على خان يونس أمس.";
        let mut jsonl = String::new();
        for i in 0..60 {
            // Copies, near-copies and distinct articles interleaved, so dedupe order matters.
            let text = match i % 3 {
                0 => body.to_string(),
                1 => format!("{body} تحديث رقم {i}."),
                _ => format!(
                    "التقى الرئيس التركي رجب طيب أردوغان نظيره الفرنسي في أنقرة لبحث الملف {i}."
                ),
            };
            jsonl.push_str(&format!(
                "{{\"text\":\"{text}\",\"outlet\":\"O{}\",\"date\":\"2025-12-{:02}\"}}\n",
                i % 4,
                10 + i % 7
            ));
            if i % 17 == 0 {
                jsonl.push_str("{broken\n");
            }
        }
        std::fs::write(d.join("a.jsonl"), &jsonl).unwrap();
        for i in 0..12 {
            std::fs::write(
                d.join(format!("t{i:02}.txt")),
                format!(" date 2025-12-20 {body} ({i})"),
            )
            .unwrap();
        }
        std::fs::write(d.join("t05.txt"), "").unwrap();
        let run = |threads: usize| {
            let mut store = Store::open_in_memory().unwrap();
            let mut obs = Collect(Vec::new());
            let (files, _) = collect_inputs(std::slice::from_ref(&d));
            let mut ing = Ingestor::new(&mut store, Preparer::default())
                .unwrap()
                .with_entities(EntityAnnotator::load_default().unwrap())
                .with_threads(threads);
            ing.ingest_files(&files, &mut obs).unwrap();
            // A second pass: everything is already stored.
            ing.ingest_files(&files, &mut obs).unwrap();
            let summary = ing.finish().unwrap();
            (summary, obs.0, dump(&store))
        };
        let one = run(1);
        assert!(one.0.new > 50 && one.0.existing == one.0.new && one.0.skipped == 2 * 5);
        assert!(one.2.iter().any(|l| l.contains("duplicate_of: Some")));
        for threads in [2, 3] {
            let many = run(threads);
            assert_eq!(many.0, one.0, "{threads} threads");
            assert_eq!(many.1, one.1, "skip reports in input order");
            assert_eq!(many.2, one.2, "{threads} threads store the same rows");
        }
        std::fs::remove_dir_all(&d).ok();
    }

    #[test]
    fn events_updated_during_runs_equal_one_full_recompute() {
        let d = tmpdir("events-every");
        let texts = [
            " date 2025-12-19 التقى وزير الخارجية القطري نظيره التركي في الدوحة لبحث وقف إطلاق النار في غزة.",
            " date 2025-12-19 والتقى وزير الخارجية القطري أمس نظيره التركي في الدوحة وبحثا وقف إطلاق النار.",
            " date 2025-12-20 وقتل 12 شخصا في غارة إسرائيلية على خان يونس أمس، وأدانت قطر الغارة.",
            " date 2025-12-21 اتهمت إيران الولايات المتحدة بدعم الهجمات على أراضيها.",
        ];
        for (i, t) in texts.iter().enumerate() {
            std::fs::write(d.join(format!("{i}.txt")), t).unwrap();
        }
        let (files, _) = collect_inputs(std::slice::from_ref(&d));
        let events_of = |store: &Store| {
            let mut v = Vec::new();
            store
                .for_each_event(|j| {
                    v.push(j);
                    Ok(())
                })
                .unwrap();
            v
        };
        // One file per run, the table updated inside each run.
        let mut stepwise = Store::open_in_memory().unwrap();
        for f in &files {
            let mut ing = Ingestor::new(&mut stepwise, Preparer::default())
                .unwrap()
                .with_entities(EntityAnnotator::load_default().unwrap())
                .with_events_every(1);
            ing.ingest_files(std::slice::from_ref(f), &mut Collect(Vec::new()))
                .unwrap();
            let s = ing.finish().unwrap();
            assert_eq!(s.events.events, stepwise.event_count().unwrap());
        }
        // Everything at once, then a full recompute.
        let mut whole = Store::open_in_memory().unwrap();
        let mut ing = Ingestor::new(&mut whole, Preparer::default())
            .unwrap()
            .with_entities(EntityAnnotator::load_default().unwrap());
        ing.ingest_files(&files, &mut Collect(Vec::new())).unwrap();
        let s = ing.finish().unwrap();
        assert_eq!(s.events, rasd_events::MaterializeStats::default());
        rasd_events::rematerialize(&mut whole).unwrap();
        let (a, b) = (events_of(&stepwise), events_of(&whole));
        assert!(a.len() >= 3, "{a:?}");
        assert_eq!(a, b);
        std::fs::remove_dir_all(&d).ok();
    }

    #[test]
    fn thread_count_comes_from_env_or_machine() {
        assert!(default_threads() >= 1);
        let mut store = Store::open_in_memory().unwrap();
        let ing = Ingestor::new(&mut store, Preparer::default())
            .unwrap()
            .with_threads(0);
        assert_eq!(ing.threads(), default_threads());
    }

    #[test]
    fn directory_walk_is_sorted_and_recursive() {
        let d = tmpdir("walk");
        for f in [
            "b.txt",
            "a/z.txt",
            "a/b/c.txt",
            ".hidden.txt",
            "c.txt",
            "README.md",
            "a/make.py",
            "LICENSE",
        ] {
            let p = d.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let (files, skips) = collect_inputs(std::slice::from_ref(&d));
        assert!(skips.is_empty());
        let rel: Vec<String> = files
            .iter()
            .map(|f| f.path.strip_prefix(&d).unwrap().display().to_string())
            .collect();
        assert_eq!(rel, vec!["a/b/c.txt", "a/z.txt", "b.txt", "c.txt"]);
        std::fs::remove_dir_all(&d).ok();
    }
}
