//! `rasd ingest`, `rasd export` and `rasd bench ingest`: reading news files into the database and out again.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

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
    /// Recompute the whole merged events table from every stored mention (repair), instead of
    /// merging only the articles stored since the last ingest.
    #[arg(long)]
    pub rebuild_events: bool,
    /// Worker threads (0 = $RASD_THREADS or all cores; 1 = sequential); same result for any value.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
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
    let mut ing = rasd_pipeline::Ingestor::new(&mut store, preparer)?.with_threads(args.threads);
    if !args.rebuild_events {
        // Long ingests update the events table as they go (bounded memory per update).
        ing = ing.with_events_every(EVENTS_EVERY);
    }
    if !args.no_entities {
        ing = ing.with_entities(rasd_pipeline::EntityAnnotator::load_default()?);
    }
    for s in skips {
        ing.report_skip(s, &mut obs);
    }
    ing.ingest_files(&files, &mut obs)?;
    let summary = ing.finish()?;
    let tail = update_tables(&mut store, &args.db.db, args.rebuild_events)?;
    drop(store);
    let mut events = tail.events;
    events.articles += summary.events.articles;
    events.mentions += summary.events.mentions;
    events.written += summary.events.written;
    if events.mentions > 0 || args.rebuild_events {
        obs.bar.suspend(|| {
            eprintln!(
                "events: {} mentions in {} articles merged, {} events written, {} in all ({:.2} s)",
                events.mentions, events.articles, events.written, events.events, tail.events_secs
            )
        });
    }
    obs.bar.finish_and_clear();
    eprintln!("{summary}");
    Ok(if summary.new + summary.existing > 0 {
        0
    } else {
        1
    })
}

/// New articles between two events-table updates during `rasd ingest`.
const EVENTS_EVERY: usize = 20_000;

/// What the end of an ingest did: the events table update and the search index update.
pub(crate) struct TableUpdate {
    pub events: rasd_events::MaterializeStats,
    /// Wall and thread-CPU seconds of the events table update.
    pub events_secs: f64,
    pub events_cpu: f64,
    /// Wall and thread-CPU seconds of the search index update.
    pub search_secs: f64,
    pub search_cpu: f64,
}

/// Bring the derived tables up to date after articles were stored: the merged events (only the
/// events the new articles join or create, see docs/EVENTS.md "Events table"; in full with
/// `rebuild`) and the full-text index. The index reads only articles, so it is updated on another
/// thread (its own connection) meanwhile: the two tails of an ingest overlap instead of adding up.
pub(crate) fn update_tables(
    store: &mut Store,
    db: &Path,
    rebuild: bool,
) -> anyhow::Result<TableUpdate> {
    std::thread::scope(|scope| {
        let search = scope.spawn(|| {
            let (t, c) = (
                std::time::Instant::now(),
                rasd_pipeline::thread_cpu_seconds(),
            );
            crate::search_cmd::update_index(db).map(|()| {
                (
                    t.elapsed().as_secs_f64(),
                    rasd_pipeline::thread_cpu_seconds() - c,
                )
            })
        });
        let (t, c) = (
            std::time::Instant::now(),
            rasd_pipeline::thread_cpu_seconds(),
        );
        let events = if rebuild {
            rasd_events::rematerialize(store)
        } else {
            rasd_events::materialize(store)
        };
        let (events_secs, events_cpu) = (
            t.elapsed().as_secs_f64(),
            rasd_pipeline::thread_cpu_seconds() - c,
        );
        let (search_secs, search_cpu) = search
            .join()
            .map_err(|_| anyhow::anyhow!("the search index update panicked"))??;
        Ok(TableUpdate {
            events: events.context("updating the events table")?,
            events_secs,
            events_cpu,
            search_secs,
            search_cpu,
        })
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
