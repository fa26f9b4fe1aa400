//! rasd-search: a full-text index over stored articles with an Arabic analyzer (folded, clitic-aware tokens).
//!
//! The index is a [tantivy] index in a directory beside the SQLite database (`rasd.db` →
//! `rasd.db.search/`). It is derived data: it can always be rebuilt from the database
//! ([`SearchIndex::rebuild`]), and it is rebuilt by itself when it is missing, damaged, of another
//! [`INDEX_FORMAT`], or does not belong to the database next to it. Articles are append-only, so
//! [`SearchIndex::update`] adds only the articles stored after the last indexed `articles.seq`
//! (kept in the index's commit payload, committed atomically with the documents).
//!
//! Text is analyzed by [`analyzer`] (folded spelling variants, proclitic stems, stopwords; no
//! suffix stemming). Queries use the same analyzer and a small language ([`query`] module docs):
//! words are ANDed, `"phrases"` (or `«…»`), `-excluded`, `a OR b`.
//!
//! ```no_run
//! use rasd_search::{SearchIndex, SearchQuery};
//! # fn main() -> Result<(), rasd_search::SearchError> {
//! let index = SearchIndex::open(std::path::Path::new("rasd.db"))?; // builds or catches up
//! let results = index.search(&SearchQuery {
//!     text: "بإسطنبول".into(),
//!     limit: 10,
//!     ..SearchQuery::default()
//! })?;
//! for hit in &results.hits {
//!     println!("{} {:.2} {}", hit.article, hit.score, hit.snippet);
//! }
//! # Ok(()) }
//! ```
//!
//! [`SearchIndex`] is `Send + Sync`: share one (e.g. in an `Arc`) between request handlers;
//! searches run concurrently on a reader that reloads when the index is committed (by this
//! process or another one, e.g. `rasd ingest`). Writes ([`SearchIndex::update`],
//! [`SearchIndex::rebuild`]) are serialized; another process writing the same index gives
//! [`SearchError::Busy`].

pub mod analyzer;
mod collect;
pub mod query;
mod schema;
mod source;

use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rasd_core::Ymd;
use rusqlite::Connection;
use tantivy::directory::error::LockError;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, TantivyError, Term};

pub use analyzer::{analyze, is_stopword, query_words, ArabicTokenizer, TOKENIZER_NAME};
pub use query::QueryError;
pub use schema::INDEX_FORMAT;

use collect::{rank_and_collapse, AllMatches};
use schema::{build_schema, Fields};
use source::SourceArticle;

/// Most hits one [`SearchQuery`] may ask for.
pub const MAX_LIMIT: usize = 1000;

/// Snippet length in bytes of UTF-8 (tantivy counts bytes): about 150 Arabic letters.
const SNIPPET_BYTES: usize = 300;

/// Memory for the index writer (one indexing thread).
const WRITER_MEMORY: usize = 64_000_000;

/// A search error: what failed and where.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("database {0} does not exist (run `rasd ingest` first, or pass --db)")]
    NoDatabase(PathBuf),
    #[error("{0} is not a rasd database (it has no articles table)")]
    NotRasdDatabase(PathBuf),
    #[error("cannot read database {0}: {1}")]
    Database(PathBuf, rusqlite::Error),
    // The messages include the cause, so the causes are not also `source()`s (a report that
    // walks the chain would say everything twice).
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("search index error: {0}")]
    Index(TantivyError),
    #[error("the search index {0} is being written by another process; try again")]
    Busy(PathBuf),
    #[error("{0} exists and is not a rasd search index; move it away")]
    NotAnIndex(PathBuf),
    #[error("I/O error on {0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("invalid query: {0}")]
    Query(QueryError),
}

impl From<rusqlite::Error> for SearchError {
    fn from(e: rusqlite::Error) -> SearchError {
        SearchError::Sqlite(e)
    }
}

impl From<TantivyError> for SearchError {
    fn from(e: TantivyError) -> SearchError {
        SearchError::Index(e)
    }
}

impl From<QueryError> for SearchError {
    fn from(e: QueryError) -> SearchError {
        SearchError::Query(e)
    }
}

/// What to search for. `SearchQuery::default()` is an empty text (all articles, newest first),
/// no filters, 10 hits, duplicates collapsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// Query text: words (ANDed), `"phrases"`, `-excluded`, `a OR b`. Empty: filters only.
    pub text: String,
    /// Published on or after this day.
    pub from: Option<Ymd>,
    /// Published on or before this day.
    pub to: Option<Ymd>,
    /// Outlet name (spelling-folded, so `جوهرة` = `جوهره`; Latin case-insensitive).
    pub outlet: Option<String>,
    /// Entity id (as in the `entities` table) mentioned in the article.
    pub entity: Option<String>,
    /// PLOVER event type coded in the article (`CONSULT`, `ACCUSE`, …; case-insensitive).
    pub event_type: Option<String>,
    /// Story id (`s-…`) the article belongs to.
    pub story: Option<String>,
    /// Hits per page (at most [`MAX_LIMIT`]).
    pub limit: usize,
    /// Hits to skip (pagination).
    pub offset: usize,
    /// Show one hit per duplicate group (an article and its copies); default true.
    pub collapse_duplicates: bool,
}

impl Default for SearchQuery {
    fn default() -> SearchQuery {
        SearchQuery {
            text: String::new(),
            from: None,
            to: None,
            outlet: None,
            entity: None,
            event_type: None,
            story: None,
            limit: 10,
            offset: 0,
            collapse_duplicates: true,
        }
    }
}

/// One page of ranked results.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SearchResults {
    /// Matching articles (duplicate groups when collapsing), over all pages.
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// One matching article.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    /// Article id (`articles.id`).
    pub article: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    /// Publication date `YYYY-MM-DD`, when known.
    pub published: Option<String>,
    pub story: Option<String>,
    pub duplicate_of: Option<String>,
    /// Other matching copies of this article hidden by duplicate collapsing.
    pub duplicates: usize,
    /// BM25 relevance (0 for filter-only queries).
    pub score: f32,
    /// Plain-text passage of the article (line breaks as spaces) around the best matches.
    pub snippet: String,
    /// Matched words in `snippet`: half-open char offsets (Unicode scalar values), sorted.
    pub highlights: Vec<(usize, usize)>,
}

/// What an index update did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct IndexStats {
    /// Articles added by this call.
    pub added: usize,
    /// Articles in the index now.
    pub total: u64,
    /// True when the index was rebuilt from scratch.
    pub rebuilt: bool,
}

/// What the index has consumed from its database (the commit payload).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct IndexState {
    format: u32,
    /// Highest `articles.seq` indexed (0: none).
    last_seq: i64,
    /// Id of that article: a database whose `seq` points elsewhere is another database.
    last_id: Option<String>,
}

/// The directory of the index of the database at `db_path`: `<db_path>.search`.
pub fn index_dir(db_path: &Path) -> PathBuf {
    let mut s = db_path.as_os_str().to_owned();
    s.push(".search");
    PathBuf::from(s)
}

/// Open the index beside `db_path` and add the articles stored since the last update
/// (what `rasd ingest` calls at its end).
pub fn update_index(db_path: &Path) -> Result<IndexStats, SearchError> {
    let index = SearchIndex::open_without_update(db_path)?;
    index.update()
}

/// Rebuild the index beside `db_path` from every stored article (`rasd reindex`).
pub fn rebuild_index(db_path: &Path) -> Result<IndexStats, SearchError> {
    let index = SearchIndex::open_without_update(db_path)?;
    index.rebuild()
}

/// A search index over the articles of one database. `Send + Sync`; see the crate docs.
pub struct SearchIndex {
    db_path: PathBuf,
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Serializes writers inside this process.
    write_lock: Mutex<()>,
    /// Read-only database connections for snippets, reused between searches.
    conns: Mutex<Vec<Connection>>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("db_path", &self.db_path)
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic in another thread while holding the lock leaves plain data intact.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn register_analyzer(index: &Index) {
    index
        .tokenizers()
        .register(TOKENIZER_NAME, TextAnalyzer::from(ArabicTokenizer));
}

fn read_state(index: &Index) -> Option<IndexState> {
    let payload = index.load_metas().ok()?.payload?;
    serde_json::from_str(&payload).ok()
}

/// Open the index in `dir` if it is a usable index of this format; otherwise (re)create it.
fn open_or_create(dir: &Path) -> Result<Index, SearchError> {
    if dir.exists() {
        if let Ok(index) = Index::open_in_dir(dir) {
            let ours = read_state(&index).is_some_and(|s| s.format == INDEX_FORMAT)
                && Fields::resolve(&index.schema()).is_ok();
            if ours {
                return Ok(index);
            }
        }
        // Only a directory that looks like a tantivy index is ever deleted.
        if !dir.join("meta.json").is_file() {
            let empty = std::fs::read_dir(dir)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if !empty {
                return Err(SearchError::NotAnIndex(dir.to_path_buf()));
            }
        }
        std::fs::remove_dir_all(dir).map_err(|e| SearchError::Io(dir.to_path_buf(), e))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| SearchError::Io(dir.to_path_buf(), e))?;
    let index = Index::create_in_dir(dir, build_schema())?;
    register_analyzer(&index);
    // Commit an empty index with its state, so a crash before the first update leaves a valid index.
    let mut writer: IndexWriter<TantivyDocument> =
        index.writer_with_num_threads(1, WRITER_MEMORY)?;
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&state_json(&IndexState {
        format: INDEX_FORMAT,
        last_seq: 0,
        last_id: None,
    }));
    prepared.commit()?;
    writer.wait_merging_threads()?;
    Ok(index)
}

fn state_json(state: &IndexState) -> String {
    serde_json::to_string(state).unwrap_or_default()
}

/// True when the index's last article is stored in this database under the same `seq` (an
/// index copied beside another database, or a database replaced under it, is rebuilt).
fn belongs_to(conn: &Connection, state: &IndexState) -> Result<bool, SearchError> {
    if state.last_seq == 0 {
        return Ok(true);
    }
    let id = source::id_at_seq(conn, state.last_seq)?;
    Ok(id.is_some() && id == state.last_id)
}

fn group_hash(group: &str) -> u64 {
    // FNV-1a: stable across runs and builds (the value is stored in the index).
    group.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

impl SearchIndex {
    /// Open the index beside the database at `db_path`, building it if missing (or of another
    /// format), and add articles stored since its last update. If another process is writing the
    /// index at that moment, the index opens as it is and catches up on the next update.
    pub fn open(db_path: &Path) -> Result<SearchIndex, SearchError> {
        let index = SearchIndex::open_without_update(db_path)?;
        match index.update() {
            Ok(_) | Err(SearchError::Busy(_)) => Ok(index),
            Err(e) => Err(e),
        }
    }

    /// Open (creating an empty index if needed) without reading new articles.
    pub fn open_without_update(db_path: &Path) -> Result<SearchIndex, SearchError> {
        let conn = source::open_db(db_path)?;
        let dir = index_dir(db_path);
        let index = open_or_create(&dir)?;
        register_analyzer(&index);
        let fields = Fields::resolve(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(SearchIndex {
            db_path: db_path.to_path_buf(),
            dir,
            index,
            reader,
            fields,
            write_lock: Mutex::new(()),
            conns: Mutex::new(vec![conn]),
        })
    }

    /// The database this index belongs to.
    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    /// The index directory (`<db>.search`).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Articles in the index (as of the reader's last reload).
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn with_conn<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, SearchError>,
    ) -> Result<T, SearchError> {
        let conn = match lock(&self.conns).pop() {
            Some(c) => c,
            None => source::open_db(&self.db_path)?,
        };
        let out = f(&conn);
        lock(&self.conns).push(conn);
        out
    }

    fn writer(&self) -> Result<IndexWriter<TantivyDocument>, SearchError> {
        self.index
            .writer_with_num_threads(1, WRITER_MEMORY)
            .map_err(|e| match e {
                TantivyError::LockFailure(LockError::LockBusy, _) => {
                    SearchError::Busy(self.dir.clone())
                }
                e => SearchError::Index(e),
            })
    }

    /// Add the articles stored after the last indexed one. If the database is not the one the
    /// index was built from (its `seq` no longer matches), the index is rebuilt.
    pub fn update(&self) -> Result<IndexStats, SearchError> {
        self.write(false)
    }

    /// Re-index every stored article (one commit: searches see the old index until it is done).
    pub fn rebuild(&self) -> Result<IndexStats, SearchError> {
        self.write(true)
    }

    fn write(&self, rebuild: bool) -> Result<IndexStats, SearchError> {
        let _guard = lock(&self.write_lock);
        self.with_conn(|conn| {
            // Cheap check first: no writer (and no lock) when there is nothing to do.
            let state = read_state(&self.index).unwrap_or_default();
            if !rebuild && belongs_to(conn, &state)? && source::max_seq(conn)? <= state.last_seq {
                return Ok(IndexStats {
                    added: 0,
                    total: self.num_docs(),
                    rebuilt: false,
                });
            }
            let mut writer = self.writer()?;
            // Another process may have committed before we got the lock: read the state again.
            let state = read_state(&self.index).unwrap_or_default();
            let rebuild = rebuild || !belongs_to(conn, &state)?;
            let mut last = (state.last_seq, state.last_id.clone());
            if rebuild {
                writer.delete_all_documents()?;
                last = (0, None);
            }
            let mut added = 0usize;
            source::for_each_article_after(conn, last.0, |a| {
                writer.add_document(self.document(&a))?;
                added += 1;
                last = (a.seq, Some(a.id));
                Ok(())
            })?;
            let mut prepared = writer.prepare_commit()?;
            prepared.set_payload(&state_json(&IndexState {
                format: INDEX_FORMAT,
                last_seq: last.0,
                last_id: last.1,
            }));
            prepared.commit()?;
            writer.wait_merging_threads()?;
            self.reader.reload()?;
            Ok(IndexStats {
                added,
                total: self.num_docs(),
                rebuilt: rebuild,
            })
        })
    }

    fn document(&self, a: &SourceArticle) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, &a.id);
        doc.add_i64(f.seq, a.seq);
        if let Some(t) = &a.title {
            doc.add_text(f.title, t);
        }
        doc.add_text(f.text, &a.text);
        if let Some(o) = &a.outlet {
            doc.add_text(f.outlet, o);
            doc.add_text(f.outlet_key, rasd_text::fold(o));
        }
        if let Some(day) = a.published.as_deref().and_then(Ymd::parse_iso) {
            doc.add_i64(f.published, day.day_number());
        }
        for e in &a.entities {
            doc.add_text(f.entity, e);
        }
        for t in &a.event_types {
            doc.add_text(f.event_type, t);
        }
        if let Some(s) = &a.story {
            doc.add_text(f.story, s);
        }
        if let Some(d) = &a.duplicate_of {
            doc.add_text(f.duplicate_of, d);
        }
        doc.add_u64(
            f.group,
            group_hash(a.duplicate_of.as_deref().unwrap_or(&a.id)),
        );
        doc
    }

    fn filters(&self, q: &SearchQuery) -> Vec<(Occur, Box<dyn Query>)> {
        let f = &self.fields;
        let exact = |field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        if q.from.is_some() || q.to.is_some() {
            let bound = |d: Option<Ymd>| match d {
                Some(d) => Bound::Included(Term::from_field_i64(f.published, d.day_number())),
                None => Bound::Unbounded,
            };
            out.push(Box::new(RangeQuery::new(bound(q.from), bound(q.to))));
        }
        if let Some(o) = &q.outlet {
            out.push(exact(f.outlet_key, &rasd_text::fold(o.trim())));
        }
        if let Some(e) = &q.entity {
            out.push(exact(f.entity, e.trim()));
        }
        if let Some(t) = &q.event_type {
            out.push(exact(f.event_type, &t.trim().to_uppercase()));
        }
        if let Some(s) = &q.story {
            out.push(exact(f.story, s.trim()));
        }
        // Filters select; they do not change relevance.
        out.into_iter()
            .map(|q| {
                (
                    Occur::Must,
                    Box::new(ConstScoreQuery::new(q, 0.0)) as Box<dyn Query>,
                )
            })
            .collect()
    }

    /// Search: ranked (BM25, title matches count double), filtered, duplicate groups collapsed,
    /// with a snippet per hit. Bad query syntax is a [`SearchError::Query`].
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        if q.limit > MAX_LIMIT {
            return Err(QueryError::LimitTooLarge {
                limit: q.limit,
                max: MAX_LIMIT,
            }
            .into());
        }
        if let (Some(from), Some(to)) = (q.from, q.to) {
            if from > to {
                return Err(QueryError::EmptyDateRange {
                    from: from.iso(),
                    to: to.iso(),
                }
                .into());
            }
        }
        let clauses = query::parse(&q.text)?;
        let text_fields = query::TextFields {
            text: self.fields.text,
            title: self.fields.title,
        };
        let scoring = !clauses.is_empty();
        let mut parts = query::to_tantivy(&clauses, text_fields);
        if !scoring {
            parts.push((Occur::Must, Box::new(AllQuery)));
        }
        parts.extend(self.filters(q));
        let query = BooleanQuery::new(parts);

        let searcher = self.reader.searcher();
        let all = searcher.search(&query, &AllMatches { scoring })?;
        let keep = q.offset.saturating_add(q.limit);
        let (ranked, total) = rank_and_collapse(all, q.collapse_duplicates, keep);
        let page: Vec<_> = ranked.into_iter().skip(q.offset).take(q.limit).collect();
        if page.is_empty() {
            return Ok(SearchResults {
                total,
                hits: Vec::new(),
            });
        }
        let snippets = if scoring {
            let mut g = SnippetGenerator::create(&searcher, &query, self.fields.text)?;
            g.set_max_num_chars(SNIPPET_BYTES);
            Some(g)
        } else {
            None
        };
        let f = &self.fields;
        let mut hits = Vec::with_capacity(page.len());
        self.with_conn(|conn| {
            for (c, duplicates) in page {
                let doc: TantivyDocument = searcher.doc(c.addr)?;
                let text_of = |field| {
                    doc.get_first(field)
                        .and_then(|v| v.as_str().map(str::to_string))
                };
                let article = text_of(f.id).unwrap_or_default();
                let body = source::article_text(conn, &article)?.unwrap_or_default();
                let (snippet, highlights) = make_snippet(&body, snippets.as_ref());
                hits.push(Hit {
                    title: text_of(f.title),
                    outlet: text_of(f.outlet),
                    published: doc
                        .get_first(f.published)
                        .and_then(|v| v.as_i64())
                        .and_then(Ymd::from_day_number)
                        .map(|d| d.iso()),
                    story: text_of(f.story),
                    duplicate_of: text_of(f.duplicate_of),
                    article,
                    duplicates,
                    score: if scoring { c.score } else { 0.0 },
                    snippet,
                    highlights,
                });
            }
            Ok(())
        })?;
        Ok(SearchResults { total, hits })
    }
}

/// The best passage of `text` for the query with matched words as char offsets, or the opening
/// of the text when nothing in it matches (a title-only match, a filter-only query).
fn make_snippet(text: &str, generator: Option<&SnippetGenerator>) -> (String, Vec<(usize, usize)>) {
    let plain = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect()
    };
    if let Some(g) = generator {
        let snippet = g.snippet(text);
        if !snippet.is_empty() {
            let frag = snippet.fragment();
            let to_char = |b: usize| frag.get(..b).map_or(0, |p| p.chars().count());
            let mut ranges: Vec<(usize, usize)> = snippet
                .highlighted()
                .iter()
                .map(|r| (to_char(r.start), to_char(r.end)))
                .filter(|(s, e)| s < e)
                .collect();
            ranges.sort_unstable();
            let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
            for (s, e) in ranges {
                match merged.last_mut() {
                    Some(last) if s <= last.1 => last.1 = last.1.max(e),
                    _ => merged.push((s, e)),
                }
            }
            return (plain(frag), merged);
        }
    }
    let opening: String = text.chars().take(SNIPPET_BYTES / 2).collect();
    // Cut at the last space so the snippet does not end inside a word.
    let cut = if opening.chars().count() < text.chars().count() {
        opening
            .rfind(char::is_whitespace)
            .map_or(opening.as_str(), |i| &opening[..i])
    } else {
        opening.as_str()
    };
    (plain(cut.trim_end()), Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_dir_is_beside_the_database() {
        assert_eq!(
            index_dir(Path::new("/data/rasd.db")),
            PathBuf::from("/data/rasd.db.search")
        );
    }

    #[test]
    fn search_index_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<SearchIndex>();
    }

    #[test]
    fn group_hash_is_stable() {
        assert_eq!(group_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_ne!(group_hash("a"), group_hash("b"));
    }

    #[test]
    fn opening_snippet_does_not_cut_a_word() {
        let text = "كلمة ".repeat(100);
        let (s, h) = make_snippet(&text, None);
        assert!(s.ends_with("كلمة"));
        assert!(h.is_empty());
    }
}
