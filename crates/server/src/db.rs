//! Read-side query layer over a rasd database: a small pool of read-only connections and typed, parameterized queries.
//!
//! Every query function takes a `&Connection` and returns serde-serializable structs, so the JSON API
//! ([`crate::api`]) and the dashboard ([`crate::web`]) share them. From async code use [`Db::call`]
//! (runs the closure on a pooled connection inside `spawn_blocking`); from blocking code [`Db::with`].
//!
//! Lists are paginated with opaque keyset cursors ([`Cursor`]): a page starts strictly after the
//! last row of the previous page in the list's order, so rows inserted meanwhile never shift or
//! repeat a page. All spans are char offsets (Unicode scalar values) into the article's `text`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};

use rusqlite::functions::FunctionFlags;
use rusqlite::{params, params_from_iter, Connection, OpenFlags, OptionalExtension, ToSql};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A read-side failure (never caused by user input: inputs are validated before they get here).
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot open database {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    #[error("query worker failed: {0}")]
    Worker(String),
}

/// Connections kept open by default (two cores: more would only queue in SQLite).
pub const DEFAULT_POOL_SIZE: usize = 4;

/// Page size limits shared by the API and the dashboard.
pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 500;

struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    available: Condvar,
    spellings: Mutex<Option<Arc<SpellingIndex>>>,
    stats: Mutex<Option<Versioned<Stats>>>,
    stories: Mutex<Option<Versioned<Vec<StorySummary>>>>,
}

/// A whole-table aggregate and the data version it was computed at.
struct Versioned<T> {
    version: (i64, i64),
    value: Arc<T>,
}

/// Changes whenever articles are added or events rewritten: the newest article `seq` and the
/// newest `events` rowid (rewritten events get new rowids). Two index look-ups.
pub(crate) fn data_version(conn: &Connection) -> Result<(i64, i64), DbError> {
    Ok(conn
        .prepare_cached(
            "SELECT (SELECT COALESCE(MAX(seq), 0) FROM articles), (SELECT COALESCE(MAX(rowid), 0) FROM events)",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// The cached value in `slot` when it is current, else `build()` (stored for the next caller).
fn cached<T>(
    slot: &Mutex<Option<Versioned<T>>>,
    conn: &Connection,
    build: impl FnOnce(&Connection) -> Result<T, DbError>,
) -> Result<Arc<T>, DbError> {
    let version = data_version(conn)?;
    if let Ok(guard) = slot.lock() {
        if let Some(v) = guard.as_ref().filter(|v| v.version == version) {
            return Ok(Arc::clone(&v.value));
        }
    }
    let value = Arc::new(build(conn)?);
    if let Ok(mut guard) = slot.lock() {
        *guard = Some(Versioned {
            version,
            value: Arc::clone(&value),
        });
    }
    Ok(value)
}

/// A pool of read-only SQLite connections to one database (cheap to clone).
#[derive(Clone)]
pub struct Db {
    pool: Arc<Pool>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").field("path", &self.pool.path).finish()
    }
}

/// Open one read-only connection with the `rasd_fold(text)` SQL function registered.
pub fn open_read_only(path: &Path) -> Result<Connection, DbError> {
    let open_err = |source| DbError::Open {
        path: path.display().to_string(),
        source,
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI,
    )
    .map_err(open_err)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(open_err)?;
    conn.execute_batch(
        "PRAGMA query_only = ON; PRAGMA cache_size = -16000; PRAGMA mmap_size = 268435456;",
    )
    .map_err(open_err)?;
    conn.create_scalar_function(
        "rasd_fold",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let s: Option<String> = ctx.get(0)?;
            Ok(s.map(|s| rasd_text::fold(&s)))
        },
    )
    .map_err(open_err)?;
    Ok(conn)
}

impl Db {
    /// Open `size` read-only connections to an existing database (create and migrate it first with
    /// `rasd_store::Store::open`; WAL mode lets ingest write while these read).
    pub fn open(path: &Path, size: usize) -> Result<Db, DbError> {
        let conns = (0..size.max(1))
            .map(|_| open_read_only(path))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Db {
            pool: Arc::new(Pool {
                path: path.to_path_buf(),
                idle: Mutex::new(conns),
                available: Condvar::new(),
                spellings: Mutex::new(None),
                stats: Mutex::new(None),
                stories: Mutex::new(None),
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.pool.path
    }

    /// Run `f` on a pooled connection, blocking the current thread (waits for a free connection).
    pub fn with<T>(&self, f: impl FnOnce(&Connection) -> Result<T, DbError>) -> Result<T, DbError> {
        let conn = {
            let mut idle = self
                .pool
                .idle
                .lock()
                .map_err(|_| DbError::Worker("connection pool poisoned".into()))?;
            loop {
                if let Some(c) = idle.pop() {
                    break c;
                }
                idle = self
                    .pool
                    .available
                    .wait(idle)
                    .map_err(|_| DbError::Worker("connection pool poisoned".into()))?;
            }
        };
        // Put the connection back even if `f` panics.
        struct Return<'a>(&'a Pool, Option<Connection>);
        impl Drop for Return<'_> {
            fn drop(&mut self) {
                if let (Some(c), Ok(mut idle)) = (self.1.take(), self.0.idle.lock()) {
                    idle.push(c);
                    self.0.available.notify_one();
                }
            }
        }
        let guard = Return(&self.pool, Some(conn));
        match guard.1.as_ref() {
            Some(c) => f(c),
            None => Err(DbError::Worker("no connection".into())),
        }
    }

    /// Run `f` on a pooled connection on tokio's blocking thread pool.
    pub async fn call<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, DbError> + Send + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || db.with(f))
            .await
            .map_err(|e| DbError::Worker(e.to_string()))?
    }

    /// Entities whose name or any spelling seen in the text matches `query` (folded substring match),
    /// best first: exact spelling, then prefix, then substring, each by number of mentions.
    /// With an empty query: the most mentioned entities. `kind` restricts to one entity kind.
    pub fn search_entities(
        &self,
        conn: &Connection,
        query: &str,
        kind: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<EntitySummary>, DbError> {
        let index = self.spelling_index(conn)?;
        let key = rasd_text::fold(query.trim());
        // A query in Latin letters also finds other romanizations of the English name
        // ("Rohani" → Hassan Rouhani, "Jalloul" → Naji Jalul), by whole consonant-skeleton words.
        let latin_query = if query.chars().any(|c| c.is_ascii_alphabetic()) {
            rasd_text::latin_name_key(query)
        } else {
            String::new()
        };
        let latin_query =
            (latin_query.chars().filter(|c| *c != ' ').count() >= 2).then_some(latin_query);
        let mut scored: Vec<(u8, usize, &IndexedEntity, Option<&str>)> = Vec::new();
        for e in &index.entities {
            if kind.is_some_and(|k| k != e.kind) {
                continue;
            }
            if key.is_empty() {
                scored.push((0, e.mentions, e, None));
                continue;
            }
            let mut best: Option<(u8, &str)> = None;
            for (folded, spelling) in &e.keys {
                let rank = if *folded == key {
                    3
                } else if folded.starts_with(&key) {
                    2
                } else if folded.contains(&key) {
                    1
                } else {
                    continue;
                };
                if best.is_none_or(|(r, _)| rank > r) {
                    best = Some((rank, spelling.as_str()));
                }
            }
            if best.is_none() {
                if let (Some(q), Some(en)) = (&latin_query, &e.name_en) {
                    if rasd_text::latin_key_matches(&e.latin_key, q) {
                        best = Some((1, en.as_str()));
                    }
                }
            }
            if let Some((rank, spelling)) = best {
                scored.push((rank, e.mentions, e, Some(spelling)));
            }
        }
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.id.cmp(&b.2.id)));
        Ok(scored
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|(_, mentions, e, matched)| EntitySummary {
                id: e.id.clone(),
                kind: e.kind.clone(),
                name: e.name.clone(),
                name_en: e.name_en.clone(),
                country: e.country.clone(),
                role: e.role.clone(),
                mentions,
                matched: matched.map(str::to_owned),
            })
            .collect())
    }

    /// Compute the per-data-version caches (stats, story aggregates, spelling index) now, so the
    /// first requests after start-up or an ingest do not pay for them. Errors are left for the
    /// request that meets them again.
    pub fn warm(&self) {
        let _ = self.with(|c| {
            self.stats(c)?;
            cached(&self.pool.stories, c, all_stories)?;
            self.spelling_index(c)?;
            Ok(())
        });
    }

    /// Database-wide counts ([`stats`]), computed once per data version: they count whole tables.
    pub fn stats(&self, conn: &Connection) -> Result<Stats, DbError> {
        Ok(cached(&self.pool.stats, conn, stats)?.as_ref().clone())
    }

    /// Stories matching `filter`, most recently published first, after `cursor`: a page of the
    /// per-story aggregates, which are computed over all articles once per data version.
    pub fn list_stories(
        &self,
        conn: &Connection,
        filter: &StoryFilter,
        limit: usize,
        cursor: Option<&Cursor>,
    ) -> Result<Page<StorySummary>, DbError> {
        let all = cached(&self.pool.stories, conn, all_stories)?;
        let min = i64::from(filter.min_articles.unwrap_or(1));
        let mut items: Vec<StorySummary> = all
            .iter()
            .filter(|s| s.num_articles >= min)
            .filter(|s| {
                date_in_bounds(
                    s.last_published.as_deref(),
                    filter.from.as_deref(),
                    filter.to.as_deref(),
                )
            })
            .filter(|s| cursor.is_none_or(|c| after_cursor(s.last_published.as_deref(), &s.id, c)))
            .take(limit + 1)
            .cloned()
            .collect();
        let next = page_cursor(&mut items, limit, |s| Cursor {
            key: s.last_published.clone(),
            tie: s.id.clone(),
        });
        Ok(Page { items, next })
    }

    /// The spelling index, rebuilt when articles were added since it was built.
    fn spelling_index(&self, conn: &Connection) -> Result<Arc<SpellingIndex>, DbError> {
        let version: i64 =
            conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM articles", [], |r| {
                r.get(0)
            })?;
        if let Ok(guard) = self.pool.spellings.lock() {
            if let Some(ix) = guard.as_ref().filter(|ix| ix.version == version) {
                return Ok(Arc::clone(ix));
            }
        }
        let built = Arc::new(SpellingIndex::build(conn, version)?);
        if let Ok(mut guard) = self.pool.spellings.lock() {
            *guard = Some(Arc::clone(&built));
        }
        Ok(built)
    }
}

struct IndexedEntity {
    id: String,
    kind: String,
    name: String,
    name_en: Option<String>,
    country: Option<String>,
    role: Option<String>,
    mentions: usize,
    /// (folded key, spelling as written): the name, the English name and every mention text.
    keys: Vec<(String, String)>,
    /// [`rasd_text::latin_name_key`] of the English name ("" without one).
    latin_key: String,
}

/// Every entity with the folded keys of all its spellings (built from `mentions`, cached per data version).
struct SpellingIndex {
    version: i64,
    entities: Vec<IndexedEntity>,
}

impl SpellingIndex {
    fn build(conn: &Connection, version: i64) -> Result<SpellingIndex, DbError> {
        let mut entities = Vec::new();
        let mut pos: HashMap<String, usize> = HashMap::new();
        let mut stmt = conn
            .prepare("SELECT id, kind, name, name_en, country, role FROM entities ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let name: String = r.get(2)?;
            let name_en: Option<String> = r.get(3)?;
            let mut keys = vec![(rasd_text::fold(&name), name.clone())];
            if let Some(en) = &name_en {
                keys.push((rasd_text::fold(en).to_lowercase(), en.clone()));
            }
            let latin_key = name_en
                .as_deref()
                .map(rasd_text::latin_name_key)
                .unwrap_or_default();
            pos.insert(id.clone(), entities.len());
            entities.push(IndexedEntity {
                id,
                kind: r.get(1)?,
                name,
                name_en,
                country: r.get(4)?,
                role: r.get(5)?,
                mentions: 0,
                keys,
                latin_key,
            });
        }
        let mut stmt =
            conn.prepare("SELECT entity, text, COUNT(*) FROM mentions GROUP BY entity, text")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let text: String = r.get(1)?;
            let n: i64 = r.get(2)?;
            if let Some(e) = pos.get(&id).and_then(|&i| entities.get_mut(i)) {
                e.mentions += usize::try_from(n).unwrap_or(0);
                let key = rasd_text::fold(&text);
                if !e.keys.iter().any(|(k, _)| *k == key) {
                    e.keys.push((key, text));
                }
            }
        }
        Ok(SpellingIndex { version, entities })
    }
}

/// An opaque keyset position: the sort key of the last row of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// Primary sort key (a date, or `None` for rows without one, which sort last).
    pub key: Option<String>,
    /// Tie-breaker (unique).
    pub tie: String,
}

impl Cursor {
    /// Hex of `v<key>\x1f<tie>` (or `n\x1f<tie>`): opaque, URL-safe, no dependency.
    pub fn encode(&self) -> String {
        let raw = match &self.key {
            Some(k) => format!("v{k}\u{1f}{}", self.tie),
            None => format!("n\u{1f}{}", self.tie),
        };
        raw.bytes().map(|b| format!("{b:02x}")).collect()
    }

    /// `None` when `s` is not a cursor this module made.
    pub fn decode(s: &str) -> Option<Cursor> {
        if s.len() & 1 == 1 || s.len() > 2048 {
            return None;
        }
        let bytes = (0..s.len())
            .step_by(2)
            .map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
            .collect::<Option<Vec<u8>>>()?;
        let raw = String::from_utf8(bytes).ok()?;
        let (key, tie) = raw.split_once('\u{1f}')?;
        let key = match key.strip_prefix('v') {
            Some(k) => Some(k.to_owned()),
            None if key == "n" => None,
            None => return None,
        };
        if tie.is_empty() {
            return None;
        }
        Some(Cursor {
            key,
            tie: tie.to_owned(),
        })
    }
}

/// One page of a list and the cursor of the next page (`None` on the last page).
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

/// SQL text and its parameters, built clause by clause.
#[derive(Default)]
struct Sql {
    wheres: Vec<String>,
    params: Vec<Box<dyn ToSql + Send>>,
}

impl Sql {
    /// Add a condition whose `?` placeholders take `values` in order.
    fn cond(&mut self, clause: &str, values: Vec<Box<dyn ToSql + Send>>) {
        let mut out = String::new();
        for (i, part) in clause.split('?').enumerate() {
            if i > 0 {
                out.push_str(&format!("?{}", self.params.len() + i));
            }
            out.push_str(part);
        }
        self.params.extend(values);
        self.wheres.push(out);
    }

    fn where_clause(&self) -> String {
        if self.wheres.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.wheres.join(" AND "))
        }
    }

    fn next_param(&self) -> String {
        format!("?{}", self.params.len() + 1)
    }
}

fn boxed<T: ToSql + Send + 'static>(v: T) -> Box<dyn ToSql + Send> {
    Box::new(v)
}

/// Keyset condition for `ORDER BY key DESC, tie DESC` where `key` may be NULL (NULLs last).
fn keyset(sql: &mut Sql, key: &str, tie: &str, cursor: &Cursor) {
    match &cursor.key {
        Some(k) => sql.cond(
            &format!("(({key}, {tie}) < (?, ?) OR {key} IS NULL)"),
            vec![boxed(k.clone()), boxed(cursor.tie.clone())],
        ),
        None => sql.cond(
            &format!("({key} IS NULL AND {tie} < ?)"),
            vec![boxed(cursor.tie.clone())],
        ),
    }
}

/// Date bounds: `from` and `to` are `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (validated by the caller).
/// A value of coarser precision (an event dated `2025-12`) overlaps a day bound inside it.
///
/// The lower bound is written as a plain range (`col >= year`, which every overlapping value
/// satisfies since `"2025" < "2025-12" < "2025-12-01"`) plus the exact test, so the date index
/// serves it: an `OR` alone would make SQLite scan the whole index.
fn date_bounds(sql: &mut Sql, col: &str, from: Option<&str>, to: Option<&str>) {
    if let Some(f) = from {
        let month = f.get(..7).unwrap_or(f).to_owned();
        let year = f.get(..4).unwrap_or(f).to_owned();
        sql.cond(&format!("{col} >= ?"), vec![boxed(year.clone())]);
        sql.cond(
            &format!("({col} >= ? OR {col} IN (?, ?))"),
            vec![boxed(f.to_owned()), boxed(month), boxed(year)],
        );
    }
    if let Some(t) = to {
        // "2025-12" must include "2025-12-31": pad partial bounds past any day.
        let bound = if t.len() >= 10 {
            t.to_owned()
        } else {
            format!("{t}-99")
        };
        sql.cond(&format!("{col} <= ?"), vec![boxed(bound)]);
    }
}

/// A short reference to an entity (names for display).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EntityRef {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub name_en: Option<String>,
    pub country: Option<String>,
}

/// Names of the given entity ids (unknown ids are left out).
pub fn entity_refs<'a>(
    conn: &Connection,
    ids: impl IntoIterator<Item = &'a String>,
) -> Result<BTreeMap<String, EntityRef>, DbError> {
    let mut stmt =
        conn.prepare_cached("SELECT id, kind, name, name_en, country FROM entities WHERE id = ?1")?;
    let mut out = BTreeMap::new();
    for id in ids {
        if out.contains_key(id) {
            continue;
        }
        let r = stmt
            .query_row([id], |r| {
                Ok(EntityRef {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    name: r.get(2)?,
                    name_en: r.get(3)?,
                    country: r.get(4)?,
                })
            })
            .optional()?;
        if let Some(r) = r {
            out.insert(id.clone(), r);
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- events

/// Filters of the event list (all optional; combined with AND).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct EventFilter {
    /// PLOVER types (`CONSULT`, ...); any of them.
    pub types: Vec<String>,
    /// Entity id that is a source or target.
    pub actor: Option<String>,
    /// ISO-3 country of any source or target actor.
    pub country: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Location entity id.
    pub location: Option<String>,
    pub min_sources: Option<u32>,
    /// `asserted` | `negated` | `future` | `hypothetical` | `historical`.
    pub mode: Option<String>,
}

/// An event in a list: the `events` row plus actors and the first evidence sentence.
#[derive(Debug, Clone, Serialize)]
pub struct EventSummary {
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub cameo: String,
    pub mode: String,
    pub date: Option<String>,
    pub date_precision: String,
    pub location: Option<String>,
    pub source: Vec<String>,
    pub target: Vec<String>,
    pub num_articles: i64,
    pub num_sources: i64,
    pub num_conflicts: usize,
    /// The first mention's evidence sentence and its article.
    pub evidence: Option<String>,
    pub evidence_article: Option<String>,
    /// Names of every entity id above.
    pub entities: BTreeMap<String, EntityRef>,
}

#[derive(Deserialize)]
struct StoredEvent {
    #[serde(default)]
    cameo: String,
    #[serde(default)]
    source: Vec<String>,
    #[serde(default)]
    target: Vec<String>,
    #[serde(default)]
    mentions: Vec<StoredMention>,
    #[serde(default)]
    conflicts: Vec<Value>,
}

#[derive(Deserialize)]
struct StoredMention {
    #[serde(default)]
    article: String,
    #[serde(default)]
    text: String,
}

/// Below this many events with `num_sources >= n`, a `min_sources` list reads them through the
/// `events_sources` index and sorts them; above it, walking the date index until a page is full
/// is cheaper (at least 1 row in `SPARSE_SOURCES / total` matches).
const SPARSE_SOURCES: i64 = 4096;

/// Events matching `filter`, newest first (`date DESC, id DESC`, undated last), after `cursor`.
///
/// Plan: an actor, location or country filter walks that key's range of `event_keys` (one row
/// per key and event, in date order) and checks the other conditions per row; otherwise the
/// `events` date/type/mode indexes are used. Either way a page costs about `limit` rows, not a
/// scan of every event, unless the filters together match very few events.
pub fn list_events(
    conn: &Connection,
    filter: &EventFilter,
    limit: usize,
    cursor: Option<&Cursor>,
) -> Result<Page<EventSummary>, DbError> {
    let mut keys: Vec<String> = Vec::new();
    if let Some(a) = &filter.actor {
        keys.push(format!("a:{a}"));
    }
    if let Some(l) = &filter.location {
        keys.push(format!("l:{l}"));
    }
    if let Some(c) = &filter.country {
        keys.push(format!("c:{c}"));
    }
    let mut sql = Sql::default();
    // (date, id, type) columns of the driving table.
    let (date, id, ty, from) = match keys.split_first() {
        Some((driver, rest)) => {
            sql.cond("k.key = ?", vec![boxed(driver.clone())]);
            for other in rest {
                sql.cond(
                    "EXISTS (SELECT 1 FROM event_keys k2 WHERE k2.event = k.event AND k2.key = ?)",
                    vec![boxed(other.clone())],
                );
            }
            (
                "k.date",
                "k.event",
                "k.type",
                "event_keys k JOIN events e ON e.id = k.event",
            )
        }
        None => {
            let sparse = match filter.min_sources {
                Some(n) if n > 1 => {
                    conn.prepare_cached(
                        "SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE num_sources >= ?1 LIMIT ?2)",
                    )?
                    .query_row(params![i64::from(n), SPARSE_SOURCES], |r| r.get::<_, i64>(0))?
                        < SPARSE_SOURCES
                }
                _ => false,
            };
            let from = if sparse {
                "events e INDEXED BY events_sources"
            } else {
                "events e"
            };
            ("e.date", "e.id", "e.type", from)
        }
    };
    if !filter.types.is_empty() {
        let marks = vec!["?"; filter.types.len()].join(", ");
        sql.cond(
            &format!("{ty} IN ({marks})"),
            filter.types.iter().cloned().map(boxed).collect(),
        );
    }
    if let Some(m) = &filter.mode {
        sql.cond("e.mode = ?", vec![boxed(m.clone())]);
    }
    match filter.min_sources {
        // Every event has at least one source: no condition (and no index to mislead).
        Some(n) if n > 1 => sql.cond("e.num_sources >= ?", vec![boxed(i64::from(n))]),
        _ => {}
    }
    date_bounds(&mut sql, date, filter.from.as_deref(), filter.to.as_deref());
    if let Some(c) = cursor {
        keyset(&mut sql, date, id, c);
    }
    let q = format!(
        "SELECT e.id, e.type, e.mode, e.date, e.date_precision, e.location, e.num_articles, e.num_sources, e.json
         FROM {from} {} ORDER BY {date} DESC, {id} DESC LIMIT {}",
        sql.where_clause(),
        sql.next_param()
    );
    sql.params.push(boxed((limit + 1) as i64));
    let mut stmt = conn.prepare_cached(&q)?;
    let mut rows = stmt.query(params_from_iter(sql.params.iter()))?;
    let mut items = Vec::new();
    while let Some(r) = rows.next()? {
        let json: String = r.get(8)?;
        let stored: StoredEvent = serde_json::from_str(&json)
            .map_err(|e| DbError::Corrupt(format!("event json: {e}")))?;
        let first = stored.mentions.first();
        items.push(EventSummary {
            id: r.get(0)?,
            event_type: r.get(1)?,
            cameo: stored.cameo,
            mode: r.get(2)?,
            date: r.get(3)?,
            date_precision: r.get(4)?,
            location: r.get(5)?,
            num_articles: r.get(6)?,
            num_sources: r.get(7)?,
            num_conflicts: stored.conflicts.len(),
            evidence: first.map(|m| m.text.clone()),
            evidence_article: first.map(|m| m.article.clone()),
            source: stored.source,
            target: stored.target,
            entities: BTreeMap::new(),
        });
    }
    let next = page_cursor(&mut items, limit, |e| Cursor {
        key: e.date.clone(),
        tie: e.id.clone(),
    });
    for e in &mut items {
        let ids: Vec<String> = e
            .source
            .iter()
            .chain(&e.target)
            .chain(e.location.iter())
            .cloned()
            .collect();
        e.entities = entity_refs(conn, &ids)?;
    }
    Ok(Page { items, next })
}

/// Trim the look-ahead row and return the next cursor when there was one.
fn page_cursor<T>(items: &mut Vec<T>, limit: usize, key: impl Fn(&T) -> Cursor) -> Option<String> {
    if items.len() > limit {
        items.truncate(limit);
        items.last().map(|last| key(last).encode())
    } else {
        None
    }
}

/// An article cited by an event or a story.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleBrief {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub story: Option<String>,
    pub duplicate_of: Option<String>,
}

fn article_briefs<'a>(
    conn: &Connection,
    ids: impl IntoIterator<Item = &'a String>,
) -> Result<BTreeMap<String, ArticleBrief>, DbError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, outlet, published, url, story, duplicate_of FROM articles WHERE id = ?1",
    )?;
    let mut out = BTreeMap::new();
    for id in ids {
        if out.contains_key(id) {
            continue;
        }
        if let Some(b) = stmt.query_row([id], brief_row).optional()? {
            out.insert(id.clone(), b);
        }
    }
    Ok(out)
}

/// An [`ArticleBrief`] from `id, title, outlet, published, url, story, duplicate_of`.
pub(crate) fn brief_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ArticleBrief> {
    Ok(ArticleBrief {
        id: r.get(0)?,
        title: r.get(1)?,
        outlet: r.get(2)?,
        published: r.get(3)?,
        url: r.get(4)?,
        story: r.get(5)?,
        duplicate_of: r.get(6)?,
    })
}

/// One event in full: the merged event as `rasd export events` prints it, plus the entities and
/// articles it refers to.
#[derive(Debug, Clone, Serialize)]
pub struct EventDetail {
    /// The stored event (id, type, cameo, mode, source, target, location, date, date_precision,
    /// num_articles, num_sources, mentions with evidence text and offsets, conflicts).
    pub event: Value,
    pub entities: BTreeMap<String, EntityRef>,
    pub articles: BTreeMap<String, ArticleBrief>,
}

pub fn get_event(conn: &Connection, id: &str) -> Result<Option<EventDetail>, DbError> {
    let json: Option<String> = conn
        .prepare_cached("SELECT json FROM events WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let Some(json) = json else { return Ok(None) };
    let event: Value =
        serde_json::from_str(&json).map_err(|e| DbError::Corrupt(format!("event json: {e}")))?;
    let mut entity_ids: Vec<String> = Vec::new();
    let mut article_ids: Vec<String> = Vec::new();
    let strs = |v: Option<&Value>| -> Vec<String> {
        match v {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect(),
            Some(Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        }
    };
    entity_ids.extend(strs(event.get("source")));
    entity_ids.extend(strs(event.get("target")));
    entity_ids.extend(strs(event.get("location")));
    if let Some(Value::Array(ms)) = event.get("mentions") {
        for m in ms {
            article_ids.extend(strs(m.get("article")));
            entity_ids.extend(strs(m.get("attributed_to")));
        }
    }
    Ok(Some(EventDetail {
        entities: entity_refs(conn, &entity_ids)?,
        articles: article_briefs(conn, &article_ids)?,
        event,
    }))
}

// ---------------------------------------------------------------- articles

/// Filters of the article list.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ArticleFilter {
    /// Folded substring match over the text (`rasd_fold(text) LIKE %q%`; slow on large databases:
    /// the API uses the search index when there is one).
    pub text: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub outlet: Option<String>,
    /// Entity id mentioned in the article.
    pub entity: Option<String>,
    pub story: Option<String>,
    /// Only articles with (true) or without (false) coded event mentions.
    pub has_events: Option<bool>,
    /// Restrict to these ids (e.g. search hits); order is still the list order.
    pub ids: Option<Vec<String>>,
}

/// An article in a list (no full text).
#[derive(Debug, Clone, Serialize)]
pub struct ArticleSummary {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub story: Option<String>,
    pub duplicate_of: Option<String>,
    /// The first 200 chars of the text.
    pub snippet: String,
    pub num_event_mentions: i64,
}

const SNIPPET_CHARS: usize = 200;

fn snippet(text: &str) -> String {
    let mut s: String = text.chars().take(SNIPPET_CHARS).collect();
    if text.chars().nth(SNIPPET_CHARS).is_some() {
        s.push('…');
    }
    s
}

/// Escape `%`, `_` and `\` for `LIKE ... ESCAPE '\'`.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Articles matching `filter`, newest first (`published DESC, seq DESC`, undated last).
pub fn list_articles(
    conn: &Connection,
    filter: &ArticleFilter,
    limit: usize,
    cursor: Option<&Cursor>,
) -> Result<Page<ArticleSummary>, DbError> {
    let mut sql = Sql::default();
    if let Some(t) = filter
        .text
        .as_deref()
        .map(rasd_text::fold)
        .filter(|t| !t.is_empty())
    {
        sql.cond(
            "rasd_fold(a.text) LIKE ? ESCAPE '\\'",
            vec![boxed(format!("%{}%", like_escape(&t)))],
        );
    }
    if let Some(o) = &filter.outlet {
        sql.cond("a.outlet = ?", vec![boxed(o.clone())]);
    }
    if let Some(s) = &filter.story {
        sql.cond("a.story = ?", vec![boxed(s.clone())]);
    }
    if let Some(e) = &filter.entity {
        sql.cond(
            "EXISTS (SELECT 1 FROM mentions m WHERE m.article = a.id AND m.entity = ?)",
            vec![boxed(e.clone())],
        );
    }
    match filter.has_events {
        Some(true) => sql.cond(
            "EXISTS (SELECT 1 FROM event_mentions v WHERE v.article = a.id)",
            vec![],
        ),
        Some(false) => sql.cond(
            "NOT EXISTS (SELECT 1 FROM event_mentions v WHERE v.article = a.id)",
            vec![],
        ),
        None => {}
    }
    if let Some(ids) = &filter.ids {
        let marks = vec!["?"; ids.len()].join(", ");
        sql.cond(
            &format!("a.id IN ({marks})"),
            ids.iter().cloned().map(boxed).collect(),
        );
    }
    date_bounds(
        &mut sql,
        "a.published",
        filter.from.as_deref(),
        filter.to.as_deref(),
    );
    if let Some(c) = cursor {
        let seq = c.tie.parse::<i64>().unwrap_or(i64::MAX);
        match &c.key {
            Some(k) => sql.cond(
                "((a.published, a.seq) < (?, ?) OR a.published IS NULL)",
                vec![boxed(k.clone()), boxed(seq)],
            ),
            None => sql.cond("(a.published IS NULL AND a.seq < ?)", vec![boxed(seq)]),
        }
    }
    let q = format!(
        "SELECT a.id, a.title, a.outlet, a.published, a.url, a.story, a.duplicate_of, substr(a.text, 1, {}), a.seq,
                (SELECT COUNT(*) FROM event_mentions v WHERE v.article = a.id)
         FROM articles a {} ORDER BY a.published DESC, a.seq DESC LIMIT {}",
        SNIPPET_CHARS + 1,
        sql.where_clause(),
        sql.next_param()
    );
    sql.params.push(boxed((limit + 1) as i64));
    let mut stmt = conn.prepare_cached(&q)?;
    let mut rows = stmt.query(params_from_iter(sql.params.iter()))?;
    let mut items = Vec::new();
    let mut seqs = Vec::new();
    while let Some(r) = rows.next()? {
        let text: String = r.get(7)?;
        seqs.push(r.get::<_, i64>(8)?);
        items.push(ArticleSummary {
            id: r.get(0)?,
            title: r.get(1)?,
            outlet: r.get(2)?,
            published: r.get(3)?,
            url: r.get(4)?,
            story: r.get(5)?,
            duplicate_of: r.get(6)?,
            snippet: snippet(&text),
            num_event_mentions: r.get(9)?,
        });
    }
    let next = if items.len() > limit {
        items.truncate(limit);
        items.last().zip(seqs.get(limit - 1)).map(|(a, seq)| {
            Cursor {
                key: a.published.clone(),
                tie: seq.to_string(),
            }
            .encode()
        })
    } else {
        None
    };
    Ok(Page { items, next })
}

/// Summaries of the given article ids, in the order given (unknown ids left out).
pub fn article_summaries(
    conn: &Connection,
    ids: &[String],
) -> Result<Vec<ArticleSummary>, DbError> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.title, a.outlet, a.published, a.url, a.story, a.duplicate_of, substr(a.text, 1, ?2),
                (SELECT COUNT(*) FROM event_mentions v WHERE v.article = a.id)
         FROM articles a WHERE a.id = ?1",
    )?;
    let mut out = Vec::new();
    for id in ids {
        let row = stmt
            .query_row(rusqlite::params![id, (SNIPPET_CHARS + 1) as i64], |r| {
                let text: String = r.get(7)?;
                Ok(ArticleSummary {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    outlet: r.get(2)?,
                    published: r.get(3)?,
                    url: r.get(4)?,
                    story: r.get(5)?,
                    duplicate_of: r.get(6)?,
                    snippet: snippet(&text),
                    num_event_mentions: r.get(8)?,
                })
            })
            .optional()?;
        out.extend(row);
    }
    Ok(out)
}

/// An entity mention inside an article.
#[derive(Debug, Clone, Serialize)]
pub struct EntitySpan {
    pub entity: String,
    pub kind: String,
    pub name: String,
    pub country: Option<String>,
    pub start: i64,
    pub end: i64,
    pub text: String,
}

/// One article in full: clean text and every span layer (char offsets into `text`).
#[derive(Debug, Clone, Serialize)]
pub struct ArticleDetail {
    pub id: String,
    pub origin: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub header_date: Option<String>,
    pub encoding: String,
    pub format: String,
    pub duplicate_of: Option<String>,
    pub story: Option<String>,
    pub text: String,
    pub entities: Vec<EntitySpan>,
    /// Coded event mentions as stored (type, cameo, mode, source, target, start, end, text, trigger, ...).
    pub events: Vec<Value>,
    /// Quantity claims as stored (id, claimant, quantity, date, start, end, text).
    pub claims: Vec<Value>,
}

pub fn get_article(conn: &Connection, id: &str) -> Result<Option<ArticleDetail>, DbError> {
    let row = conn
        .prepare_cached(
            "SELECT id, origin, url, outlet, title, published, header_date, encoding, format, duplicate_of, story, text
             FROM articles WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(ArticleDetail {
                id: r.get(0)?,
                origin: r.get(1)?,
                url: r.get(2)?,
                outlet: r.get(3)?,
                title: r.get(4)?,
                published: r.get(5)?,
                header_date: r.get(6)?,
                encoding: r.get(7)?,
                format: r.get(8)?,
                duplicate_of: r.get(9)?,
                story: r.get(10)?,
                text: r.get(11)?,
                entities: Vec::new(),
                events: Vec::new(),
                claims: Vec::new(),
            })
        })
        .optional()?;
    let Some(mut a) = row else { return Ok(None) };
    let mut stmt = conn.prepare_cached(
        "SELECT m.entity, e.kind, e.name, e.country, m.start, m.end, m.text
         FROM mentions m JOIN entities e ON e.id = m.entity WHERE m.article = ?1 ORDER BY m.start, m.end",
    )?;
    a.entities = stmt
        .query_map([id], |r| {
            Ok(EntitySpan {
                entity: r.get(0)?,
                kind: r.get(1)?,
                name: r.get(2)?,
                country: r.get(3)?,
                start: r.get(4)?,
                end: r.get(5)?,
                text: r.get(6)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    a.events = json_rows(
        conn,
        "SELECT json FROM event_mentions WHERE article = ?1 ORDER BY n",
        id,
    )?;
    a.claims = json_rows(
        conn,
        "SELECT json FROM claims WHERE article = ?1 ORDER BY n",
        id,
    )?;
    Ok(Some(a))
}

fn json_rows(conn: &Connection, sql: &str, id: &str) -> Result<Vec<Value>, DbError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let docs = stmt
        .query_map([id], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    docs.iter()
        .map(|j| serde_json::from_str(j).map_err(|e| DbError::Corrupt(format!("stored json: {e}"))))
        .collect()
}

// ---------------------------------------------------------------- entities

/// An entity in a search result or list.
#[derive(Debug, Clone, Serialize)]
pub struct EntitySummary {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub name_en: Option<String>,
    pub country: Option<String>,
    pub role: Option<String>,
    /// Mentions in all stored articles.
    pub mentions: usize,
    /// The spelling that matched the query (as written in the text or the entity's name).
    pub matched: Option<String>,
}

/// A spelling of an entity as seen in articles.
#[derive(Debug, Clone, Serialize)]
pub struct Spelling {
    pub text: String,
    pub count: i64,
}

/// An actor seen in the same events, with how many events they share.
#[derive(Debug, Clone, Serialize)]
pub struct CoActor {
    pub id: String,
    pub name: Option<String>,
    pub country: Option<String>,
    pub events: i64,
}

/// One entity in full.
#[derive(Debug, Clone, Serialize)]
pub struct EntityDetail {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub name_en: Option<String>,
    pub country: Option<String>,
    pub role: Option<String>,
    pub wikidata: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Every spelling seen in the text, most frequent first.
    pub spellings: Vec<Spelling>,
    pub num_articles: i64,
    pub num_mentions: i64,
    /// Events with this entity as source / target / location.
    pub events_as_source: i64,
    pub events_as_target: i64,
    pub events_as_location: i64,
    /// Up to 50 actors sharing the most events with this one.
    pub co_actors: Vec<CoActor>,
}

pub fn get_entity(conn: &Connection, id: &str) -> Result<Option<EntityDetail>, DbError> {
    let row = conn
        .prepare_cached(
            "SELECT id, kind, name, name_en, country, role, wikidata, lat, lon FROM entities WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(EntityDetail {
                id: r.get(0)?,
                kind: r.get(1)?,
                name: r.get(2)?,
                name_en: r.get(3)?,
                country: r.get(4)?,
                role: r.get(5)?,
                wikidata: r.get(6)?,
                lat: r.get(7)?,
                lon: r.get(8)?,
                spellings: Vec::new(),
                num_articles: 0,
                num_mentions: 0,
                events_as_source: 0,
                events_as_target: 0,
                events_as_location: 0,
                co_actors: Vec::new(),
            })
        })
        .optional()?;
    let Some(mut e) = row else { return Ok(None) };
    e.spellings = conn
        .prepare_cached(
            "SELECT text, COUNT(*) AS n FROM mentions WHERE entity = ?1 GROUP BY text ORDER BY n DESC, text",
        )?
        .query_map([id], |r| {
            Ok(Spelling {
                text: r.get(0)?,
                count: r.get(1)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    (e.num_articles, e.num_mentions) = conn
        .prepare_cached("SELECT COUNT(DISTINCT article), COUNT(*) FROM mentions WHERE entity = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut stmt = conn.prepare_cached(
        "SELECT role, COUNT(*) FROM event_actors WHERE entity = ?1 GROUP BY role",
    )?;
    let mut rows = stmt.query([id])?;
    while let Some(r) = rows.next()? {
        let role: String = r.get(0)?;
        let n: i64 = r.get(1)?;
        match role.as_str() {
            "source" => e.events_as_source = n,
            "target" => e.events_as_target = n,
            "location" => e.events_as_location = n,
            _ => {}
        }
    }
    e.co_actors = conn
        .prepare_cached(
            "SELECT b.entity, n.name, n.country, COUNT(DISTINCT b.event) AS c
             FROM event_actors a JOIN event_actors b ON b.event = a.event AND b.entity != a.entity
             LEFT JOIN entities n ON n.id = b.entity
             WHERE a.entity = ?1 AND a.role IN ('source', 'target') AND b.role IN ('source', 'target')
             GROUP BY b.entity ORDER BY c DESC, b.entity LIMIT 50",
        )?
        .query_map([id], |r| {
            Ok(CoActor {
                id: r.get(0)?,
                name: r.get(1)?,
                country: r.get(2)?,
                events: r.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Some(e))
}

// ---------------------------------------------------------------- claims

/// Filters of the claim list.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ClaimFilter {
    /// `killed`, `injured`, ... (the claim's quantity unit).
    pub unit: Option<String>,
    /// Claimant entity id.
    pub claimant: Option<String>,
    pub article: Option<String>,
    /// Bounds on the claim's date.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A claim with the article it was read from.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimItem {
    /// The stored claim (id, claimant, claimant_text, quantity{value, qualifier, unit}, date,
    /// date_precision, start, end, text).
    pub claim: Value,
    pub article: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub claimant_name: Option<String>,
}

/// Claims matching `filter`, most recently stored first.
pub fn list_claims(
    conn: &Connection,
    filter: &ClaimFilter,
    limit: usize,
    cursor: Option<&Cursor>,
) -> Result<Page<ClaimItem>, DbError> {
    let (q, sql) = claims_query(filter, limit, cursor);
    let mut stmt = conn.prepare_cached(&q)?;
    let mut rows = stmt.query(params_from_iter(sql.params.iter()))?;
    let mut items = Vec::new();
    let mut rowids = Vec::new();
    while let Some(r) = rows.next()? {
        let json: String = r.get(1)?;
        rowids.push(r.get::<_, i64>(0)?);
        items.push(ClaimItem {
            claim: serde_json::from_str(&json)
                .map_err(|e| DbError::Corrupt(format!("claim json: {e}")))?,
            article: r.get(2)?,
            outlet: r.get(3)?,
            published: r.get(4)?,
            claimant_name: r.get(5)?,
        });
    }
    let next = if items.len() > limit {
        items.truncate(limit);
        rowids.get(limit - 1).map(|id| {
            Cursor {
                key: None,
                tie: id.to_string(),
            }
            .encode()
        })
    } else {
        None
    };
    Ok(Page { items, next })
}

/// The SQL of [`list_claims`] (its unit, claimant and date conditions are the expressions of the
/// store's `claims_*` indexes, migration 9, written identically so SQLite uses them).
fn claims_query(filter: &ClaimFilter, limit: usize, cursor: Option<&Cursor>) -> (String, Sql) {
    let mut sql = Sql::default();
    if let Some(u) = &filter.unit {
        sql.cond(
            "json_extract(c.json, '$.quantity.unit') = ?",
            vec![boxed(u.clone())],
        );
    }
    if let Some(c) = &filter.claimant {
        sql.cond(
            "json_extract(c.json, '$.claimant') = ?",
            vec![boxed(c.clone())],
        );
    }
    if let Some(a) = &filter.article {
        sql.cond("c.article = ?", vec![boxed(a.clone())]);
    }
    date_bounds(
        &mut sql,
        "json_extract(c.json, '$.date')",
        filter.from.as_deref(),
        filter.to.as_deref(),
    );
    if let Some(c) = cursor {
        let rowid = c.tie.parse::<i64>().unwrap_or(i64::MAX);
        sql.cond("c.rowid < ?", vec![boxed(rowid)]);
    }
    let q = format!(
        "SELECT c.rowid, c.json, c.article, a.outlet, a.published,
                (SELECT name FROM entities n WHERE n.id = json_extract(c.json, '$.claimant'))
         FROM claims c JOIN articles a ON a.id = c.article {} ORDER BY c.rowid DESC LIMIT {}",
        sql.where_clause(),
        sql.next_param()
    );
    sql.params.push(boxed((limit + 1) as i64));
    (q, sql)
}

/// Distinct claim units with their counts (for validation and facets).
pub fn claim_units(conn: &Connection) -> Result<Vec<(String, i64)>, DbError> {
    let mut stmt = conn.prepare_cached(
        "SELECT json_extract(json, '$.quantity.unit') AS u, COUNT(*) FROM claims WHERE u IS NOT NULL
         GROUP BY u ORDER BY u",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

// ---------------------------------------------------------------- stories

/// Filters of the story list.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct StoryFilter {
    /// Stories with at least this many articles (default 1).
    pub min_articles: Option<u32>,
    /// Bounds on the story's last publication date.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A story: articles about the same news, across outlets.
#[derive(Debug, Clone, Serialize)]
pub struct StorySummary {
    pub id: String,
    /// The first stored article's title.
    pub title: Option<String>,
    pub num_articles: i64,
    pub num_outlets: i64,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
}

/// Every story's aggregates, most recently published first (`last_published DESC, id DESC`,
/// undated last): the order [`Db::list_stories`] pages through.
fn all_stories(conn: &Connection) -> Result<Vec<StorySummary>, DbError> {
    let mut stmt = conn.prepare(
        "SELECT a.story, COUNT(*), COUNT(DISTINCT a.outlet), MIN(a.published), MAX(a.published),
                (SELECT t.title FROM articles t WHERE t.story = a.story ORDER BY t.seq LIMIT 1)
         FROM articles a WHERE a.story IS NOT NULL GROUP BY a.story
         ORDER BY MAX(a.published) DESC, a.story DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(StorySummary {
            id: r.get(0)?,
            num_articles: r.get(1)?,
            num_outlets: r.get(2)?,
            first_published: r.get(3)?,
            last_published: r.get(4)?,
            title: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// [`date_bounds`] evaluated in Rust: does `value` (a date of any precision, or none) overlap
/// the bounds?
fn date_in_bounds(value: Option<&str>, from: Option<&str>, to: Option<&str>) -> bool {
    if from.is_none() && to.is_none() {
        return true;
    }
    let Some(v) = value else { return false };
    if let Some(f) = from {
        let month = f.get(..7).unwrap_or(f);
        let year = f.get(..4).unwrap_or(f);
        if !(v >= f || v == month || v == year) {
            return false;
        }
    }
    if let Some(t) = to {
        let bound = if t.len() >= 10 {
            t.to_owned()
        } else {
            format!("{t}-99")
        };
        if v > bound.as_str() {
            return false;
        }
    }
    true
}

/// [`keyset`] evaluated in Rust: does a row sorted by `(key DESC, tie DESC)`, NULL keys last,
/// come after `cursor`?
fn after_cursor(key: Option<&str>, tie: &str, cursor: &Cursor) -> bool {
    match (&cursor.key, key) {
        (Some(ck), Some(k)) => (k, tie) < (ck.as_str(), cursor.tie.as_str()),
        (Some(_), None) => true,
        (None, Some(_)) => false,
        (None, None) => tie < cursor.tie.as_str(),
    }
}

/// One story with its articles (oldest first), outlets and the entities mentioned most.
#[derive(Debug, Clone, Serialize)]
pub struct StoryDetail {
    #[serde(flatten)]
    pub summary: StorySummary,
    pub outlets: Vec<String>,
    pub articles: Vec<ArticleSummary>,
    /// Up to 20 entities by number of member articles mentioning them.
    pub entities: Vec<EntitySummary>,
}

pub fn get_story(conn: &Connection, id: &str) -> Result<Option<StoryDetail>, DbError> {
    let ids: Vec<String> = conn
        .prepare_cached("SELECT id FROM articles WHERE story = ?1 ORDER BY published, seq")?
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if ids.is_empty() {
        return Ok(None);
    }
    let articles = article_summaries(conn, &ids)?;
    let mut outlets: Vec<String> = articles.iter().filter_map(|a| a.outlet.clone()).collect();
    outlets.sort();
    outlets.dedup();
    let dates: Vec<&String> = articles
        .iter()
        .filter_map(|a| a.published.as_ref())
        .collect();
    let summary = StorySummary {
        id: id.to_owned(),
        title: conn
            .prepare_cached("SELECT title FROM articles WHERE story = ?1 ORDER BY seq LIMIT 1")?
            .query_row([id], |r| r.get(0))?,
        num_articles: articles.len() as i64,
        num_outlets: outlets.len() as i64,
        first_published: dates.iter().min().map(|d| (*d).clone()),
        last_published: dates.iter().max().map(|d| (*d).clone()),
    };
    let entities = conn
        .prepare_cached(
            "SELECT e.id, e.kind, e.name, e.name_en, e.country, e.role, COUNT(DISTINCT m.article) AS n
             FROM articles a JOIN mentions m ON m.article = a.id JOIN entities e ON e.id = m.entity
             WHERE a.story = ?1 GROUP BY e.id ORDER BY n DESC, e.id LIMIT 20",
        )?
        .query_map([id], |r| {
            Ok(EntitySummary {
                id: r.get(0)?,
                kind: r.get(1)?,
                name: r.get(2)?,
                name_en: r.get(3)?,
                country: r.get(4)?,
                role: r.get(5)?,
                mentions: usize::try_from(r.get::<_, i64>(6)?).unwrap_or(0),
                matched: None,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Some(StoryDetail {
        summary,
        outlets,
        articles,
        entities,
    }))
}

// ---------------------------------------------------------------- stats

/// Database-wide counts.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub schema_version: i64,
    pub articles: i64,
    pub duplicates: i64,
    pub stories: i64,
    pub outlets: i64,
    pub entities: i64,
    pub mentions: i64,
    pub event_mentions: i64,
    pub events: i64,
    pub claims: i64,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    pub first_event: Option<String>,
    pub last_event: Option<String>,
    /// Events per PLOVER type.
    pub event_types: BTreeMap<String, i64>,
    /// Articles per outlet (the 50 largest).
    pub top_outlets: Vec<(String, i64)>,
}

fn count(conn: &Connection, sql: &str) -> Result<i64, DbError> {
    Ok(conn.prepare_cached(sql)?.query_row([], |r| r.get(0))?)
}

pub fn stats(conn: &Connection) -> Result<Stats, DbError> {
    let (first_published, last_published) = conn
        .prepare_cached("SELECT MIN(published), MAX(published) FROM articles")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let (first_event, last_event) = conn
        .prepare_cached("SELECT MIN(date), MAX(date) FROM events")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let event_types = conn
        .prepare_cached("SELECT type, COUNT(*) FROM events GROUP BY type ORDER BY type")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let top_outlets = conn
        .prepare_cached(
            "SELECT outlet, COUNT(*) AS n FROM articles WHERE outlet IS NOT NULL GROUP BY outlet
             ORDER BY n DESC, outlet LIMIT 50",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    Ok(Stats {
        schema_version: count(conn, "PRAGMA user_version")?,
        articles: count(conn, "SELECT COUNT(*) FROM articles")?,
        duplicates: count(
            conn,
            "SELECT COUNT(*) FROM articles WHERE duplicate_of IS NOT NULL",
        )?,
        stories: count(conn, "SELECT COUNT(DISTINCT story) FROM articles")?,
        outlets: count(conn, "SELECT COUNT(DISTINCT outlet) FROM articles")?,
        entities: count(conn, "SELECT COUNT(*) FROM entities")?,
        mentions: count(conn, "SELECT COUNT(*) FROM mentions")?,
        event_mentions: count(conn, "SELECT COUNT(*) FROM event_mentions")?,
        events: count(conn, "SELECT COUNT(*) FROM events")?,
        claims: count(conn, "SELECT COUNT(*) FROM claims")?,
        first_published,
        last_published,
        first_event,
        last_event,
        event_types,
        top_outlets,
    })
}

/// True when the id exists in `table` (`articles`, `entities`, `events`): used to 404 early.
pub fn exists(conn: &Connection, table: ExistsIn, id: &str) -> Result<bool, DbError> {
    let sql = match table {
        ExistsIn::Articles => "SELECT 1 FROM articles WHERE id = ?1",
        ExistsIn::Entities => "SELECT 1 FROM entities WHERE id = ?1",
        ExistsIn::Events => "SELECT 1 FROM events WHERE id = ?1",
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Tables [`exists`] can look in.
#[derive(Debug, Clone, Copy)]
pub enum ExistsIn {
    Articles,
    Entities,
    Events,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every claim filter reads one of the store's claim indexes instead of scanning claims.
    #[test]
    fn claim_filters_use_the_claim_indexes() {
        let dir = std::env::temp_dir().join(format!("rasd-claims-plan-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.db");
        std::fs::remove_file(&path).ok();
        drop(rasd_store::Store::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        let cases = [
            (
                ClaimFilter {
                    unit: Some("killed".into()),
                    ..Default::default()
                },
                "claims_unit",
            ),
            (
                ClaimFilter {
                    claimant: Some("organization:hamas".into()),
                    ..Default::default()
                },
                "claims_claimant",
            ),
            (
                ClaimFilter {
                    from: Some("2025-12-19".into()),
                    to: Some("2025-12-19".into()),
                    ..Default::default()
                },
                "claims_date",
            ),
        ];
        for (filter, index) in cases {
            let (q, sql) = claims_query(&filter, 50, None);
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {q}")).unwrap();
            let plan: Vec<String> = stmt
                .query_map(params_from_iter(sql.params.iter()), |r| r.get(3))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            assert!(
                plan.iter().any(|p| p.contains(index)),
                "{index} not used: {plan:?}"
            );
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    /// The in-memory filters of cached lists agree with the SQL conditions of the other lists.
    #[test]
    fn rust_date_bounds_and_cursor_agree_with_the_sql_ones() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (d TEXT, id TEXT)")
            .unwrap();
        let values = [
            None,
            Some("2025"),
            Some("2025-11"),
            Some("2025-12"),
            Some("2025-12-01"),
            Some("2025-12-19"),
            Some("2025-12-31"),
            Some("2026-01-02"),
            Some("2024-12-31"),
        ];
        for (i, v) in values.iter().enumerate() {
            conn.execute("INSERT INTO t VALUES (?1, ?2)", params![v, format!("x{i}")])
                .unwrap();
        }
        // Ids of the rows the SQL condition selects, and of those the Rust predicate accepts.
        let sql_rows = |sql: &Sql| -> Vec<String> {
            let q = format!("SELECT id FROM t {} ORDER BY id", sql.where_clause());
            let mut stmt = conn.prepare(&q).unwrap();
            let rows = stmt
                .query_map(params_from_iter(sql.params.iter()), |r| r.get(0))
                .unwrap();
            rows.collect::<Result<_, _>>().unwrap()
        };
        let rows_where = |keep: &dyn Fn(usize, Option<&str>) -> bool| -> Vec<String> {
            (0..values.len())
                .filter(|&i| keep(i, values[i]))
                .map(|i| format!("x{i}"))
                .collect()
        };
        let bounds = [None, Some("2025"), Some("2025-12"), Some("2025-12-19")];
        for from in bounds {
            for to in bounds {
                let mut sql = Sql::default();
                date_bounds(&mut sql, "d", from, to);
                let want = rows_where(&|_, v| date_in_bounds(v, from, to));
                assert_eq!(sql_rows(&sql), want, "from {from:?} to {to:?}");
            }
        }
        for c in [
            Cursor {
                key: Some("2025-12".into()),
                tie: "x3".into(),
            },
            Cursor {
                key: None,
                tie: "x5".into(),
            },
        ] {
            let mut sql = Sql::default();
            keyset(&mut sql, "d", "id", &c);
            let want = rows_where(&|i, v| after_cursor(v, &format!("x{i}"), &c));
            assert_eq!(sql_rows(&sql), want, "{c:?}");
        }
    }

    #[test]
    fn cursor_round_trips_and_rejects_garbage() {
        for c in [
            Cursor {
                key: Some("2025-12-19".into()),
                tie: "abc".into(),
            },
            Cursor {
                key: None,
                tie: "42".into(),
            },
            Cursor {
                key: Some("".into()),
                tie: "إيران".into(),
            },
        ] {
            assert_eq!(Cursor::decode(&c.encode()), Some(c));
        }
        for bad in ["", "zz", "abc", "' OR 1=1 --", "6e", "7631"] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn like_escape_neutralizes_wildcards() {
        assert_eq!(like_escape("50%_a\\b"), "50\\%\\_a\\\\b");
    }

    #[test]
    fn sql_builder_numbers_placeholders_in_order() {
        let mut s = Sql::default();
        s.cond("a = ?", vec![boxed(1)]);
        s.cond("(b IN (?, ?))", vec![boxed(2), boxed(3)]);
        assert_eq!(s.where_clause(), "WHERE a = ?1 AND (b IN (?2, ?3))");
        assert_eq!(s.next_param(), "?4");
    }
}
