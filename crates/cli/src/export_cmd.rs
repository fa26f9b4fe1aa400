//! `rasd export`: stored articles, stories, entities, events and claims as JSONL or CSV.

use std::io::{BufWriter, Write};

use anyhow::Context;
use clap::{Args, ValueEnum};

use rasd_core::Article;
use rasd_store::Store;

use crate::ingest_cmd::DbArg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated with a header row; list cells joined with `;`.
    Csv,
    /// PLOVER JSON records, one per line (events only).
    Plover,
    /// GDELT 2.0-style tab-separated events table (events only; `--mentions FILE` for the mentions table).
    Gdelt,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportWhat {
    /// One record per article with its clean text (the coordinate system of every span).
    Articles,
    /// One record per story: id, first/last published, member articles, outlets, title.
    Stories,
    /// One record per entity: id, kind, names, country, role, mentions with article offsets.
    Entities,
    /// One record per real-world event (mentions from all articles merged): jsonl, csv, plover, gdelt.
    Events,
    /// One record per quantity claim with its article and evidence span: jsonl, csv.
    Claims,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export.
    pub what: ExportWhat,
    #[command(flatten)]
    pub db: DbArg,
    /// Output format (plover and gdelt: events only).
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: ExportFormat,
    /// With `--format gdelt`: also write the mentions table (TSV) to this file.
    #[arg(long, value_name = "FILE")]
    pub mentions: Option<std::path::PathBuf>,
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
    let mut store = args.db.open()?;
    if matches!(args.what, ExportWhat::Events)
        && store.event_count()? == 0
        && store.event_mention_count()? > 0
    {
        // A database written before the events table existed (schema v4): build it once.
        rasd_events::materialize(&mut store).context("building the events table")?;
    }
    let stdout = std::io::stdout().lock();
    let mut out = BufWriter::new(stdout);
    if args.mentions.is_some()
        && !(matches!(args.what, ExportWhat::Events) && args.format == ExportFormat::Gdelt)
    {
        anyhow::bail!("--mentions FILE goes with `export events --format gdelt`");
    }
    if matches!(args.format, ExportFormat::Plover | ExportFormat::Gdelt)
        && !matches!(args.what, ExportWhat::Events)
    {
        anyhow::bail!(
            "--format {} is for events only (claims, articles, stories and entities: jsonl or csv)",
            if args.format == ExportFormat::Plover {
                "plover"
            } else {
                "gdelt"
            }
        );
    }
    match args.what {
        ExportWhat::Stories => return export_stories(&store, &mut out, args.format),
        ExportWhat::Entities => return export_entities(&store, &mut out, args.format),
        ExportWhat::Events => {
            return export_events(&store, &mut out, args.format, args.mentions.as_deref())
        }
        ExportWhat::Claims => return export_claims(&store, &mut out, args.format),
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
        ExportFormat::Plover | ExportFormat::Gdelt => Ok(()),
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

/// `rasd export events`: the materialized events table (merged at ingest), in the chosen format.
fn export_events(
    store: &Store,
    out: &mut impl Write,
    format: ExportFormat,
    mentions_file: Option<&std::path::Path>,
) -> anyhow::Result<i32> {
    let ctx = match format {
        ExportFormat::Plover | ExportFormat::Gdelt => rasd_events::export::ExportContext::new(
            store.entity_descriptions()?,
            store.article_refs()?,
        ),
        _ => Default::default(),
    };
    let mut mentions_out = match mentions_file {
        Some(p) => Some(BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => None,
    };
    let parse = |json: &str| -> Result<rasd_events::Event, rasd_store::StoreError> {
        serde_json::from_str(json)
            .map_err(|e| rasd_store::StoreError::Corrupt(format!("events.json: {e}")))
    };
    // The first write error of a callback (the store callbacks can only return StoreError).
    let mut failed: Option<anyhow::Error> = None;
    let keep = |r: anyhow::Result<()>, failed: &mut Option<anyhow::Error>| {
        r.map_err(|e| {
            *failed = Some(e);
            rasd_store::StoreError::Io(std::io::Error::other("export stopped"))
        })
    };
    let res: anyhow::Result<()> = (|| {
        if format == ExportFormat::Csv {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(rasd_events::export::CSV_EVENT_COLUMNS)?;
            let r = store.for_each_event(|json| {
                let step = (|| -> anyhow::Result<()> {
                    w.write_record(rasd_events::export::csv_event_row(&parse(&json)?))?;
                    Ok(())
                })();
                keep(step, &mut failed)
            });
            if let Some(e) = failed.take() {
                return Err(e);
            }
            r?;
            w.flush()?;
            drop(w);
            out.flush()?;
            return Ok(());
        }
        if format == ExportFormat::Gdelt {
            writeln!(
                out,
                "{}",
                rasd_events::export::GDELT_EVENT_COLUMNS.join("\t")
            )?;
            if let Some(m) = mentions_out.as_mut() {
                writeln!(
                    m,
                    "{}",
                    rasd_events::export::GDELT_MENTION_COLUMNS.join("\t")
                )?;
            }
        }
        let r = store.for_each_event(|json| {
            let step = (|| -> anyhow::Result<()> {
                match format {
                    ExportFormat::Plover => {
                        let rec = rasd_events::export::plover_record(&parse(&json)?, &ctx);
                        serde_json::to_writer(&mut *out, &rec)?;
                        out.write_all(b"\n")?;
                    }
                    ExportFormat::Gdelt => {
                        let e = parse(&json)?;
                        let row = rasd_events::export::gdelt_event_row(&e, &ctx);
                        writeln!(out, "{}", row.join("\t"))?;
                        if let Some(m) = mentions_out.as_mut() {
                            for row in rasd_events::export::gdelt_mention_rows(&e, &ctx) {
                                writeln!(m, "{}", row.join("\t"))?;
                            }
                        }
                    }
                    ExportFormat::Jsonl | ExportFormat::Csv => {
                        out.write_all(json.as_bytes())?;
                        out.write_all(b"\n")?;
                    }
                }
                Ok(())
            })();
            keep(step, &mut failed)
        });
        if let Some(e) = failed.take() {
            return Err(e);
        }
        r?;
        if let Some(m) = mentions_out.as_mut() {
            m.flush()?;
        }
        out.flush()?;
        Ok(())
    })();
    match res {
        Err(e) if is_broken_pipe(&e) => Ok(0),
        r => r.map(|_| 0),
    }
}

/// `rasd export claims`: each stored claim with its article id (JSONL or CSV).
fn export_claims(store: &Store, out: &mut impl Write, format: ExportFormat) -> anyhow::Result<i32> {
    let io = |e: std::io::Error| rasd_store::StoreError::Io(e);
    let ctx = rasd_events::export::ExportContext::new(Vec::new(), store.article_refs()?);
    let res: anyhow::Result<()> = match format {
        ExportFormat::Csv => (|| {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(rasd_events::export::CSV_CLAIM_COLUMNS)?;
            store.for_each_claim(|article, json| {
                let c: rasd_events::Claim = serde_json::from_str(&json)
                    .map_err(|e| rasd_store::StoreError::Corrupt(format!("claims.json: {e}")))?;
                w.write_record(rasd_events::export::csv_claim_row(&article, &c, &ctx))
                    .map_err(|e| io(std::io::Error::other(e)))
            })?;
            w.flush()?;
            Ok(())
        })(),
        _ => store
            .for_each_claim(|article, json| {
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
            })
            .map_err(Into::into),
    };
    match res.and_then(|_| out.flush().map_err(Into::into)) {
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
        ExportFormat::Jsonl | ExportFormat::Plover | ExportFormat::Gdelt => store
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
            ExportFormat::Jsonl | ExportFormat::Plover | ExportFormat::Gdelt => {
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
