//! `rasd search`, `rasd reindex` and `rasd bench search`: full-text search over stored articles.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::Args;

use rasd_core::Ymd;
use rasd_search::{Hit, SearchIndex, SearchQuery};

use crate::ingest_cmd::DbArg;

fn parse_ymd(s: &str) -> Result<Ymd, String> {
    Ymd::parse_iso(s).ok_or_else(|| format!("{s:?} is not a YYYY-MM-DD date"))
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// The query: Arabic words (spelling variants and clitics are folded: بإسطنبول finds
    /// إسطنبول), all required; "a phrase" (or «…») in quotes; -word to exclude; a OR b.
    /// Words after the first are joined with spaces. Empty: list articles matching the filters.
    #[arg(num_args = 0..)]
    pub query: Vec<String>,
    /// Print one JSON object per hit (one per line) instead of text.
    #[arg(long)]
    pub json: bool,
    /// Only articles published on or after this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_ymd)]
    pub from: Option<Ymd>,
    /// Only articles published on or before this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_ymd)]
    pub to: Option<Ymd>,
    /// Only articles of this outlet (spelling-folded, Latin case-insensitive).
    #[arg(long)]
    pub outlet: Option<String>,
    /// Only articles that mention this entity id (see `rasd export entities`).
    #[arg(long)]
    pub entity: Option<String>,
    /// Only articles with an event of this PLOVER type (CONSULT, ACCUSE, …).
    #[arg(long = "type")]
    pub event_type: Option<String>,
    /// Only articles of this story id (s-…).
    #[arg(long)]
    pub story: Option<String>,
    /// Number of hits to print (at most 1000).
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip (the next page starts at --offset LIMIT).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Show every copy of duplicated articles (default: one hit per duplicate group).
    #[arg(long)]
    pub all_copies: bool,
}

#[derive(Debug, Args)]
pub struct ReindexArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Also recompute the merged events table from every stored event mention (repair, or after
    /// the merge rules changed); the articles and their mentions are not re-read.
    #[arg(long)]
    pub events: bool,
    /// Recompute only the events table, not the search index.
    #[arg(long, conflicts_with = "events")]
    pub events_only: bool,
    /// First store every article of a site under one outlet name (the site's first stored
    /// name), as `rasd ingest` does for new articles: for a database ingested before it did.
    /// Implies `--events` (sources are counted by outlet).
    #[arg(long, conflicts_with = "events_only")]
    pub outlets: bool,
}

#[derive(Debug, Args)]
pub struct BenchSearchArgs {
    /// An already-ingested database to benchmark (its index is rebuilt). Default: ingest the
    /// shared news corpus into a temporary database first (without entities, unless --entities).
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Corpus to ingest when no --db is given (default: the shared 10k-article news corpus).
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// Run entity recognition and event coding while ingesting the corpus (slower; enables the
    /// entity and event-type filters in the latency run).
    #[arg(long)]
    pub entities: bool,
    /// Also index a synthetic database of N articles made from the stored ones (copies with new
    /// ids and rotated paragraphs) to measure indexing and queries at that size.
    #[arg(long)]
    pub synth: Option<usize>,
    /// Number of queries in the latency and recall runs.
    #[arg(long, default_value_t = 300)]
    pub queries: usize,
}

/// Turn a library error into a CLI error that names the database.
fn open_index(db: &Path) -> anyhow::Result<SearchIndex> {
    SearchIndex::open(db)
        .with_context(|| format!("cannot open the search index of {}", db.display()))
}

pub fn run_search(args: SearchArgs) -> anyhow::Result<i32> {
    let index = open_index(&args.db.db)?;
    let query = SearchQuery {
        text: args.query.join(" "),
        from: args.from,
        to: args.to,
        outlet: args.outlet,
        entity: args.entity,
        event_type: args.event_type,
        story: args.story,
        limit: args.limit,
        offset: args.offset,
        collapse_duplicates: !args.all_copies,
    };
    let results = index.search(&query)?;
    let stdout = std::io::stdout();
    let tty = stdout.is_terminal();
    let mut out = BufWriter::new(stdout.lock());
    for (i, hit) in results.hits.iter().enumerate() {
        if args.json {
            serde_json::to_writer(&mut out, hit)?;
            writeln!(out)?;
        } else {
            write_hit(&mut out, args.offset + i + 1, hit, tty)?;
        }
    }
    out.flush()?;
    if !args.json {
        let shown = results.hits.len();
        eprintln!(
            "{} matching article{}{}",
            results.total,
            if results.total == 1 { "" } else { "s" },
            if shown > 0 && shown < results.total {
                format!(", showing {}–{}", args.offset + 1, args.offset + shown)
            } else {
                String::new()
            }
        );
    }
    Ok(if results.total > 0 { 0 } else { 1 })
}

/// The snippet with its highlights marked: ANSI bold on a terminal, ‹…› otherwise.
fn marked_snippet(hit: &Hit, tty: bool) -> String {
    let (open, close) = if tty {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("‹", "›")
    };
    let mut out = String::with_capacity(hit.snippet.len() + 16);
    let mut marks = hit.highlights.iter().peekable();
    for (i, c) in hit.snippet.chars().enumerate() {
        while let Some(&&(s, e)) = marks.peek() {
            if e <= i && s < e {
                marks.next();
                continue;
            }
            break;
        }
        if marks.peek().is_some_and(|&&(s, _)| s == i) {
            out.push_str(open);
        }
        out.push(c);
        if marks.peek().is_some_and(|&&(_, e)| e == i + 1) {
            out.push_str(close);
            marks.next();
        }
    }
    out
}

fn write_hit(out: &mut impl Write, rank: usize, hit: &Hit, tty: bool) -> std::io::Result<()> {
    let title = hit.title.as_deref().unwrap_or("(no title)");
    writeln!(
        out,
        "{rank}. {title}\n   {} · {} · {} · score {:.2}{}",
        hit.published.as_deref().unwrap_or("(no date)"),
        hit.outlet.as_deref().unwrap_or("(no outlet)"),
        hit.article,
        hit.score,
        match hit.duplicates {
            0 => String::new(),
            1 => " · +1 copy".to_string(),
            n => format!(" · +{n} copies"),
        }
    )?;
    writeln!(out, "   {}\n", marked_snippet(hit, tty))
}

pub fn run_reindex(args: ReindexArgs) -> anyhow::Result<i32> {
    if args.events || args.events_only || args.outlets {
        if !args.db.db.exists() {
            anyhow::bail!(
                "database {} does not exist (run `rasd ingest` first)",
                args.db.db.display()
            );
        }
        let mut store = args.db.open()?;
        if args.outlets {
            let n = rasd_pipeline::unify_site_outlets(&mut store)
                .context("storing each site under one outlet name")?;
            eprintln!("outlets: {n} articles renamed to their site's outlet name");
        }
        let t = Instant::now();
        let stats =
            rasd_events::rematerialize(&mut store).context("rebuilding the events table")?;
        eprintln!(
            "events: {} mentions in {} articles merged into {} events ({:.2} s)",
            stats.mentions,
            stats.articles,
            stats.events,
            t.elapsed().as_secs_f64()
        );
        if args.events_only {
            return Ok(0);
        }
    }
    let t = Instant::now();
    let stats = rasd_search::rebuild_index(&args.db.db).with_context(|| {
        format!(
            "cannot rebuild the search index of {}",
            args.db.db.display()
        )
    })?;
    eprintln!(
        "indexed {} articles in {:.2} s into {}",
        stats.total,
        t.elapsed().as_secs_f64(),
        rasd_search::index_dir(&args.db.db).display()
    );
    Ok(0)
}

/// Bring the search index beside the database up to date with the stored articles (called after ingest).
///
/// A failure here does not fail the ingest (the articles are stored): it is reported with the
/// command that repairs it.
pub fn update_index(db: &std::path::Path) -> anyhow::Result<()> {
    if let Err(e) = rasd_search::update_index(db) {
        eprintln!(
            "warning: search index not updated: {e}; run `rasd reindex --db {}`",
            db.display()
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Benchmark

/// A tiny deterministic generator (xorshift64*), so the query sample is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// A respelling a writer or a user could produce for the same word: another hamza or alef, a
/// final ى/ي or ة/ه swap, a harakah, Arabic-Indic digits, or a proclitic added or removed.
fn respell(word: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    let mut options: Vec<String> = Vec::new();
    let swap_first = |to: char| -> String {
        std::iter::once(to)
            .chain(chars.iter().skip(1).copied())
            .collect()
    };
    let swap_last = |to: char| -> String {
        chars
            .iter()
            .take(n.saturating_sub(1))
            .copied()
            .chain(std::iter::once(to))
            .collect()
    };
    match chars.first() {
        Some('ا') => options.push(swap_first('أ')),
        Some('أ' | 'إ' | 'آ') => options.push(swap_first('ا')),
        _ => {}
    }
    match chars.last() {
        Some('ي') => options.push(swap_last('ى')),
        Some('ى') => options.push(swap_last('ي')),
        Some('ة') => options.push(swap_last('ه')),
        Some('ه') => options.push(swap_last('ة')),
        _ => {}
    }
    if chars.iter().all(|c| c.is_ascii_digit()) {
        options.push(
            chars
                .iter()
                .map(|c| char::from_u32(0x0660 + (*c as u32 - '0' as u32)).unwrap_or(*c))
                .collect(),
        );
    } else if n >= 2 {
        // A damma after the first letter.
        options.push(
            chars
                .iter()
                .take(1)
                .chain(std::iter::once(&'\u{064F}'))
                .chain(chars.iter().skip(1))
                .collect(),
        );
        if let Some(rest) = word.strip_prefix("ال") {
            if rest.chars().count() >= 3 {
                options.push(rest.to_string());
                options.push(format!("وب{word}"));
            }
        } else {
            options.push(format!("و{word}"));
            options.push(format!("ب{word}"));
        }
    }
    if options.is_empty() {
        return word.to_string();
    }
    let i = rng.below(options.len());
    options.swap_remove(i)
}

/// Known-item queries from stored articles: each is `(article id, words of the article)`.
fn sample_items(
    db: &Path,
    count: usize,
    rng: &mut Rng,
) -> anyhow::Result<Vec<(String, Vec<String>)>> {
    let store = rasd_store::Store::open(db)?;
    let mut articles: Vec<(String, String)> = Vec::new();
    store.for_each_article(|a| {
        articles.push((a.id, a.text));
        Ok(())
    })?;
    anyhow::ensure!(
        !articles.is_empty(),
        "the database {} has no articles",
        db.display()
    );
    let mut out = Vec::with_capacity(count);
    let mut tries = 0;
    while out.len() < count && tries < count * 20 {
        tries += 1;
        let Some((id, text)) = articles.get(rng.below(articles.len())) else {
            continue;
        };
        // Content words: Arabic, long enough, not stopwords, taken as written in the text.
        let words: Vec<String> = rasd_search::analyze(text)
            .into_iter()
            .filter(|w| w.end - w.start >= 5)
            .filter_map(|w| {
                let s: String = text.chars().skip(w.start).take(w.end - w.start).collect();
                s.chars()
                    .all(|c| ('\u{0621}'..='\u{064A}').contains(&c))
                    .then_some(s)
            })
            .collect();
        if words.len() < 20 {
            continue;
        }
        out.push((id.clone(), words));
    }
    Ok(out)
}

fn percentile(sorted_us: &[f64], p: f64) -> f64 {
    let i = (sorted_us.len().saturating_sub(1) as f64 * p).round() as usize;
    sorted_us.get(i).copied().unwrap_or(0.0)
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// Rebuild timing, then latency and known-item recall on queries sampled from the database.
fn bench_db(label: &str, db: &Path, queries: usize) -> anyhow::Result<()> {
    println!("== {label}: {}", db.display());
    let index = SearchIndex::open_without_update(db)?;
    let t = Instant::now();
    let stats = index.rebuild()?;
    let secs = t.elapsed().as_secs_f64();
    println!(
        "index build: {} articles in {:.2} s = {:.0} articles/s; index {:.1} MB",
        stats.total,
        secs,
        stats.total as f64 / secs.max(1e-9),
        dir_size(index.dir()) as f64 / 1e6
    );
    let t = Instant::now();
    let noop = index.update()?;
    println!(
        "incremental update with nothing new: {:.1} ms ({} added)",
        t.elapsed().as_secs_f64() * 1e3,
        noop.added
    );

    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let items = sample_items(db, queries, &mut rng)?;
    // Query mix: one word, two words, a two-word phrase, three respelled words (known item).
    let mut timings: Vec<f64> = Vec::new();
    let mut found_exact = 0usize;
    let mut found_variant = 0usize;
    let mut rr_variant = 0.0f64;
    let mut hits_total = 0usize;
    for (i, (id, words)) in items.iter().enumerate() {
        let pick = |rng: &mut Rng| {
            words
                .get(rng.below(words.len()))
                .cloned()
                .unwrap_or_default()
        };
        let start = rng.below(words.len().saturating_sub(1));
        let phrase = format!(
            "\"{} {}\"",
            words.get(start).map_or("", String::as_str),
            words.get(start + 1).map_or("", String::as_str)
        );
        let three: Vec<String> = (0..3).map(|_| pick(&mut rng)).collect();
        let variant: Vec<String> = three.iter().map(|w| respell(w, &mut rng)).collect();
        let texts = [
            pick(&mut rng),
            format!("{} {}", pick(&mut rng), pick(&mut rng)),
            phrase,
            three.join(" "),
            variant.join(" "),
        ];
        for (k, text) in texts.iter().enumerate() {
            let q = SearchQuery {
                text: text.clone(),
                limit: 10,
                collapse_duplicates: false,
                ..SearchQuery::default()
            };
            let t = Instant::now();
            let r = index.search(&q);
            timings.push(t.elapsed().as_secs_f64() * 1e6);
            let r = match r {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("query {i}.{k} {text:?}: {e}");
                    continue;
                }
            };
            hits_total += r.total;
            let rank = r.hits.iter().position(|h| &h.article == id);
            if k == 3 && rank.is_some() {
                found_exact += 1;
            }
            if k == 4 {
                if let Some(rank) = rank {
                    found_variant += 1;
                    rr_variant += 1.0 / (rank as f64 + 1.0);
                }
            }
        }
    }
    timings.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let n = items.len().max(1) as f64;
    println!(
        "query latency over {} queries (limit 10, snippets): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; mean matches/query {:.0}",
        timings.len(),
        percentile(&timings, 0.5) / 1e3,
        percentile(&timings, 0.99) / 1e3,
        timings.last().copied().unwrap_or(0.0) / 1e3,
        hits_total as f64 / timings.len().max(1) as f64
    );
    println!(
        "known item, 3 words of an article as written: in top 10 for {}/{} ({:.1}%)",
        found_exact,
        items.len(),
        100.0 * found_exact as f64 / n
    );
    println!(
        "known item, same 3 words respelled (hamza/alef, ى/ي, ة/ه, harakah, digits, ±clitic): in top 10 for {}/{} ({:.1}%), MRR@10 {:.3}",
        found_variant,
        items.len(),
        100.0 * found_variant as f64 / n,
        rr_variant / n
    );
    Ok(())
}

/// A database of `n` articles made from the stored ones: copies with new ids and paragraphs
/// rotated, no duplicate links (each copy is its own article for the index).
fn synthesize_db(from: &Path, to: &Path, n: usize) -> anyhow::Result<()> {
    let src = rasd_store::Store::open(from)?;
    let mut base: Vec<rasd_core::Article> = Vec::new();
    src.for_each_article(|a| {
        base.push(a);
        Ok(())
    })?;
    anyhow::ensure!(!base.is_empty(), "no articles to synthesize from");
    let mut dst = rasd_store::Store::open(to)?;
    let mut batch = Vec::with_capacity(1000);
    for i in 0..n {
        let Some(a) = base.get(i % base.len()) else {
            break;
        };
        let round = i / base.len();
        let mut a = a.clone();
        let mut paras: Vec<&str> = a.text.lines().collect();
        if !paras.is_empty() {
            let k = round % paras.len();
            paras.rotate_left(k);
        }
        a.text = paras.join("\n");
        a.id = format!("{}-{round}", a.id);
        a.duplicate_of = None;
        batch.push(rasd_store::NewArticle::from(a));
        if batch.len() == 1000 {
            dst.insert_articles(&batch)?;
            batch.clear();
        }
    }
    dst.insert_articles(&batch)?;
    Ok(())
}

pub fn run_bench(args: BenchSearchArgs) -> anyhow::Result<i32> {
    let tmp = std::env::temp_dir().join(format!("rasd-bench-search-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    let result = (|| {
        let db = match &args.db {
            Some(db) => db.clone(),
            None => {
                let corpus = args.corpus.clone().unwrap_or_else(crate::default_corpus);
                let db = tmp.join("corpus.db");
                let t = Instant::now();
                let mut store = rasd_store::Store::open(&db)?;
                let preparer =
                    rasd_ingest::Preparer::new(rasd_ingest::clean::CleanRules::builtin());
                let (files, _) = rasd_pipeline::collect_inputs(std::slice::from_ref(&corpus));
                anyhow::ensure!(!files.is_empty(), "no corpus at {}", corpus.display());
                let mut ing = rasd_pipeline::Ingestor::new(&mut store, preparer)?;
                if args.entities {
                    ing = ing.with_entities(rasd_pipeline::EntityAnnotator::load_default()?);
                }
                struct Quiet;
                impl rasd_pipeline::Observer for Quiet {
                    fn skip(&mut self, _: &rasd_ingest::Skip) {}
                }
                for f in &files {
                    ing.ingest_file(f, &mut Quiet)?;
                }
                let summary = ing.finish()?;
                println!(
                    "ingested {} ({summary}) in {:.1} s (not part of the search figures)",
                    corpus.display(),
                    t.elapsed().as_secs_f64()
                );
                db
            }
        };
        bench_db("corpus", &db, args.queries)?;
        if let Some(n) = args.synth {
            let synth = tmp.join("synth.db");
            synthesize_db(&db, &synth, n)?;
            bench_db(&format!("synthetic {n}"), &synth, args.queries)?;
        }
        anyhow::Ok(())
    })();
    std::fs::remove_dir_all(&tmp).ok();
    result.map(|_| 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(snippet: &str, highlights: Vec<(usize, usize)>) -> Hit {
        Hit {
            article: "a".into(),
            title: None,
            outlet: None,
            published: None,
            story: None,
            duplicate_of: None,
            duplicates: 0,
            score: 1.0,
            snippet: snippet.into(),
            highlights,
        }
    }

    #[test]
    fn snippet_marks_wrap_highlighted_chars() {
        let h = hit("زار إسطنبول أمس", vec![(4, 11)]);
        assert_eq!(marked_snippet(&h, false), "زار ‹إسطنبول› أمس");
        assert_eq!(marked_snippet(&h, true), "زار \x1b[1mإسطنبول\x1b[0m أمس");
    }

    #[test]
    fn respelling_changes_the_word_but_not_its_folded_stem() {
        let mut rng = Rng(7);
        for w in ["الحكومة", "إسطنبول", "مستشفى", "2017", "تونس"] {
            let v = respell(w, &mut rng);
            let base = |s: &str| rasd_search::query_words(s).first().map(|q| q.base.clone());
            assert_eq!(base(&v), base(w), "{w} → {v}");
        }
    }
}
