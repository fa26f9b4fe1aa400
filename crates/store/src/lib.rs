//! SQLite store: versioned schema migrations, idempotent article insertion in batch transactions, export.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

use rasd_core::{Article, SourceFormat};

/// A store error: which operation failed and why.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database {path} has schema version {found}, newer than this rasd ({supported}); upgrade rasd")]
    TooNew {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error("corrupt row in articles: {0}")]
    Corrupt(String),
    /// Raised by callbacks (e.g. a closed output pipe while exporting).
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

/// Schema migrations, applied in order; `PRAGMA user_version` records how many have run.
const MIGRATIONS: &[&str] = &[
    // 1: articles.
    "CREATE TABLE articles (
        seq          INTEGER PRIMARY KEY AUTOINCREMENT,
        id           TEXT NOT NULL UNIQUE,
        origin       TEXT NOT NULL,
        url          TEXT,
        outlet       TEXT,
        title        TEXT,
        published    TEXT,
        header_date  TEXT,
        text         TEXT NOT NULL,
        encoding     TEXT NOT NULL,
        format       TEXT NOT NULL,
        duplicate_of TEXT,
        story        TEXT,
        ingested_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_story ON articles(story);
    CREATE INDEX articles_duplicate_of ON articles(duplicate_of);",
    // 2: per-article dedupe state (rasd_dedupe::DocRecord bytes), so a later ingest joins earlier stories.
    "ALTER TABLE articles ADD COLUMN dedupe BLOB;",
    // 3: entities (one row per real-world actor/place) and their mentions (spans into article text).
    "CREATE TABLE entities (
        id       TEXT PRIMARY KEY,
        kind     TEXT NOT NULL,
        name     TEXT NOT NULL,
        name_en  TEXT,
        country  TEXT,
        role     TEXT,
        wikidata TEXT,
        lat      REAL,
        lon      REAL
    );
    CREATE TABLE mentions (
        article TEXT NOT NULL REFERENCES articles(id),
        entity  TEXT NOT NULL REFERENCES entities(id),
        start   INTEGER NOT NULL,
        end     INTEGER NOT NULL,
        text    TEXT NOT NULL,
        PRIMARY KEY (article, start, end, entity)
    );
    CREATE INDEX mentions_entity ON mentions(entity);",
    // 4: coded event mentions and quantity claims per article, as JSON documents of the events
    // crate (merged across articles at read time).
    "CREATE TABLE event_mentions (
        article TEXT NOT NULL REFERENCES articles(id),
        n       INTEGER NOT NULL,
        json    TEXT NOT NULL,
        PRIMARY KEY (article, n)
    );
    CREATE TABLE claims (
        article TEXT NOT NULL REFERENCES articles(id),
        n       INTEGER NOT NULL,
        json    TEXT NOT NULL,
        PRIMARY KEY (article, n)
    );",
    // 5: merged events (one row per real-world event, `json` = the event as `rasd export events`
    // prints it) and their actors, recomputed from event_mentions after each ingest.
    "CREATE TABLE events (
        id             TEXT PRIMARY KEY,
        type           TEXT NOT NULL,
        mode           TEXT NOT NULL,
        date           TEXT,
        date_precision TEXT NOT NULL,
        location       TEXT,
        num_articles   INTEGER NOT NULL,
        num_sources    INTEGER NOT NULL,
        json           TEXT NOT NULL
    );
    CREATE TABLE event_actors (
        event  TEXT NOT NULL,
        entity TEXT NOT NULL,
        role   TEXT NOT NULL,
        PRIMARY KEY (event, entity, role)
    );
    CREATE INDEX event_actors_entity ON event_actors(entity);
    CREATE INDEX events_date ON events(date, id);
    CREATE INDEX events_type ON events(type, date);",
    // 6: listing indexes for the query layer. `event_keys` has one row per (lookup key, event)
    // so a filtered event list walks one index range in date order instead of scanning every
    // event: `a:<entity>` (source or target actor), `c:<ISO3>` (country of such an actor),
    // `l:<entity>` (location), `r:<article>` (an article with a mention of the event).
    // Existing databases are back-filled here; `replace_events` keeps it current.
    "CREATE TABLE event_keys (
        key   TEXT NOT NULL,
        date  TEXT,
        event TEXT NOT NULL,
        type  TEXT NOT NULL
    );
    INSERT INTO event_keys (key, date, event, type)
        SELECT DISTINCT 'a:' || a.entity, e.date, e.id, e.type
        FROM event_actors a JOIN events e ON e.id = a.event WHERE a.role <> 'location';
    INSERT INTO event_keys (key, date, event, type)
        SELECT DISTINCT 'c:' || n.country, e.date, e.id, e.type
        FROM event_actors a JOIN events e ON e.id = a.event JOIN entities n ON n.id = a.entity
        WHERE a.role <> 'location' AND n.country IS NOT NULL;
    INSERT INTO event_keys (key, date, event, type)
        SELECT 'l:' || e.location, e.date, e.id, e.type FROM events e WHERE e.location IS NOT NULL;
    INSERT INTO event_keys (key, date, event, type)
        SELECT DISTINCT 'r:' || json_extract(m.value, '$.article'), e.date, e.id, e.type
        FROM events e, json_each(e.json, '$.mentions') m
        WHERE json_valid(e.json) AND json_extract(m.value, '$.article') IS NOT NULL;
    CREATE INDEX event_keys_key ON event_keys(key, date, event, type);
    CREATE INDEX event_keys_event ON event_keys(event);
    CREATE INDEX events_sources ON events(num_sources, date, id);
    CREATE INDEX events_mode ON events(mode, date, id);
    CREATE INDEX entities_country ON entities(country);",
    // 7: covering indexes for per-entity pages (spellings, article/mention counts, event roles,
    // co-actors): index-only scans instead of a table lookup per mention. They supersede the
    // single-column indexes of migrations 3 and 5.
    "CREATE INDEX mentions_entity_text ON mentions(entity, text, article);
    DROP INDEX mentions_entity;
    CREATE INDEX event_actors_entity_role ON event_actors(entity, role, event);
    DROP INDEX event_actors_entity;",
    // 8: how far the events table is materialized: the `seq` of the last article whose event
    // mentions are merged into it, so `rasd_events::materialize` only merges newer articles.
    // An existing table was built from every article that has an `r:` key.
    "CREATE TABLE materialized (
        name TEXT PRIMARY KEY,
        seq  INTEGER NOT NULL
    );
    INSERT INTO materialized (name, seq)
        SELECT 'events', COALESCE(MAX(a.seq), 0) FROM articles a
        WHERE EXISTS (SELECT 1 FROM event_keys k WHERE k.key = 'r:' || a.id);",
    // 9: claim filters of the API and dashboard (unit, claimant, date) read an index instead of
    // parsing every claim's JSON. The expressions must be written exactly so in queries.
    "CREATE INDEX claims_unit ON claims(json_extract(json, '$.quantity.unit'));
    CREATE INDEX claims_claimant ON claims(json_extract(json, '$.claimant'));
    CREATE INDEX claims_date ON claims(json_extract(json, '$.date'));",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// An open rasd database.
pub struct Store {
    conn: Connection,
}

/// An article to store with its per-stage state.
#[derive(Debug, Clone, PartialEq)]
pub struct NewArticle {
    pub article: Article,
    /// Serialized dedupe record (`rasd_dedupe::DocRecord::to_bytes`).
    pub dedupe: Option<Vec<u8>>,
    /// Entities mentioned in the article, each with its mentions.
    pub entities: Vec<EntityRow>,
    /// Coded event mentions (JSON documents of `rasd_events::EventMention`).
    pub events: Vec<String>,
    /// Quantity claims (JSON documents of `rasd_events::Claim`).
    pub claims: Vec<String>,
}

impl From<Article> for NewArticle {
    fn from(article: Article) -> NewArticle {
        NewArticle {
            article,
            dedupe: None,
            entities: Vec::new(),
            events: Vec::new(),
            claims: Vec::new(),
        }
    }
}

/// An entity as stored: the first stored description of an id wins; mentions accumulate.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EntityRow {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub name_en: Option<String>,
    pub country: Option<String>,
    pub role: Option<String>,
    pub wikidata: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub mentions: Vec<MentionRow>,
}

/// One mention of an entity: char offsets into the article's clean text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MentionRow {
    pub article: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// One merged event as stored in the `events` table (built by `rasd_events::materialize`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub id: String,
    /// PLOVER type (`CONSULT`, ...).
    pub event_type: String,
    /// `asserted` | `negated` | `future` | `hypothetical`.
    pub mode: String,
    pub date: Option<String>,
    pub date_precision: String,
    /// Location entity id.
    pub location: Option<String>,
    pub num_articles: usize,
    pub num_sources: usize,
    /// The whole event as `rasd export events` prints it.
    pub json: String,
    /// `(entity id, role)` with role `source`, `target` or `location`.
    pub actors: Vec<(String, String)>,
    /// Ids of the articles with a mention of the event (for the `r:` lookup key).
    pub articles: Vec<String>,
}

/// One article's coded event mentions as stored, with what the merge counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleEventMentions {
    /// Insertion order of the article.
    pub seq: i64,
    pub article: String,
    pub outlet: Option<String>,
    pub duplicate_of: Option<String>,
    /// The article's dedupe story.
    pub story: Option<String>,
    /// JSON documents of `rasd_events::EventMention`, in coding order.
    pub mentions: Vec<String>,
}

/// What the merge needs to count an article among an event's sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleSource {
    pub article: String,
    pub outlet: Option<String>,
    pub duplicate_of: Option<String>,
    pub has_event_mentions: bool,
    /// The article's dedupe story.
    pub story: Option<String>,
}

/// What an export needs to cite an article, without its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRef {
    pub id: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub title: Option<String>,
}

/// Result of inserting a batch.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct InsertCounts {
    pub new: usize,
    pub existing: usize,
}

impl Store {
    /// Open (creating if needed) the database at `path` and bring its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        Self::init(conn, &path.display().to_string())
    }

    /// A private in-memory database (tests, benchmarks).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Self::init(Connection::open_in_memory()?, ":memory:")
    }

    fn init(conn: Connection, path: &str) -> Result<Store, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // WAL: readers (export, API) do not block the writer (ingest).
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
        let mut store = Store { conn };
        store.migrate(path)?;
        Ok(store)
    }

    fn migrate(&mut self, path: &str) -> Result<(), StoreError> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: path.to_owned(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i as i64 + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Insert articles in one transaction; an article whose id is already stored is counted, not changed.
    pub fn insert_articles(&mut self, articles: &[NewArticle]) -> Result<InsertCounts, StoreError> {
        let tx = self.conn.transaction()?;
        let mut counts = InsertCounts::default();
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO articles (id, origin, url, outlet, title, published, header_date, text, encoding, format, duplicate_of, story, dedupe)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                 ON CONFLICT(id) DO NOTHING",
            )?;
            let mut ent_stmt = tx.prepare_cached(
                "INSERT INTO entities (id, kind, name, name_en, country, role, wikidata, lat, lon)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(id) DO NOTHING",
            )?;
            let mut men_stmt = tx.prepare_cached(
                "INSERT INTO mentions (article, entity, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT DO NOTHING",
            )?;
            let mut ev_stmt = tx.prepare_cached(
                "INSERT INTO event_mentions (article, n, json) VALUES (?1, ?2, ?3)",
            )?;
            let mut cl_stmt =
                tx.prepare_cached("INSERT INTO claims (article, n, json) VALUES (?1, ?2, ?3)")?;
            for NewArticle {
                article: a,
                dedupe,
                entities,
                events,
                claims,
            } in articles
            {
                let n = stmt.execute(params![
                    a.id,
                    a.origin,
                    a.url,
                    a.outlet,
                    a.title,
                    a.published,
                    a.header_date,
                    a.text,
                    a.encoding,
                    a.format.as_str(),
                    a.duplicate_of,
                    a.story,
                    dedupe
                ])?;
                if n == 1 {
                    counts.new += 1;
                    for (i, json) in events.iter().enumerate() {
                        ev_stmt.execute(params![a.id, i as i64, json])?;
                    }
                    for (i, json) in claims.iter().enumerate() {
                        cl_stmt.execute(params![a.id, i as i64, json])?;
                    }
                    for e in entities {
                        ent_stmt.execute(params![
                            e.id, e.kind, e.name, e.name_en, e.country, e.role, e.wikidata, e.lat,
                            e.lon
                        ])?;
                        for m in &e.mentions {
                            men_stmt.execute(params![
                                a.id,
                                e.id,
                                m.start as i64,
                                m.end as i64,
                                m.text
                            ])?;
                        }
                    }
                } else {
                    counts.existing += 1;
                }
            }
        }
        tx.commit()?;
        Ok(counts)
    }

    /// True when an article with this id is stored.
    pub fn contains(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM articles WHERE id = ?1", [id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    pub fn article_count(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Total UTF-8 bytes of stored clean text.
    pub fn text_bytes(&self) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT COALESCE(SUM(LENGTH(CAST(text AS BLOB))), 0) FROM articles",
            [],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    pub fn get_article(&self, id: &str) -> Result<Option<Article>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{SELECT_ARTICLE} WHERE id = ?1"))?;
        let mut rows = stmt.query([id])?;
        match rows.next()? {
            Some(row) => Ok(Some(row_to_article(row)?)),
            None => Ok(None),
        }
    }

    /// Visit every entity (sorted by id) with all its mentions (in article insertion order).
    pub fn for_each_entity(
        &self,
        mut f: impl FnMut(EntityRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT e.id, e.kind, e.name, e.name_en, e.country, e.role, e.wikidata, e.lat, e.lon,
                    m.article, m.start, m.end, m.text
             FROM entities e JOIN mentions m ON m.entity = e.id JOIN articles a ON a.id = m.article
             ORDER BY e.id, a.seq, m.start",
        )?;
        let mut rows = stmt.query([])?;
        let mut current: Option<EntityRow> = None;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            if current.as_ref().is_some_and(|c| c.id != id) {
                if let Some(done) = current.take() {
                    f(done)?;
                }
            }
            let e = match current.as_mut() {
                Some(e) => e,
                None => current.insert(EntityRow {
                    id,
                    kind: r.get(1)?,
                    name: r.get(2)?,
                    name_en: r.get(3)?,
                    country: r.get(4)?,
                    role: r.get(5)?,
                    wikidata: r.get(6)?,
                    lat: r.get(7)?,
                    lon: r.get(8)?,
                    mentions: Vec::new(),
                }),
            };
            let start: i64 = r.get(10)?;
            let end: i64 = r.get(11)?;
            e.mentions.push(MentionRow {
                article: r.get(9)?,
                start: start as usize,
                end: end as usize,
                text: r.get(12)?,
            });
        }
        if let Some(done) = current {
            f(done)?;
        }
        Ok(())
    }

    /// Every article's coded event mentions (JSON), with the article's outlet and `duplicate_of`,
    /// in article insertion order: `(article, outlet, duplicate_of, [json])`.
    #[allow(clippy::type_complexity)]
    pub fn event_mentions(
        &self,
    ) -> Result<Vec<(String, Option<String>, Option<String>, Vec<String>)>, StoreError> {
        Ok(self
            .event_mentions_after(0)?
            .into_iter()
            .map(|a| (a.article, a.outlet, a.duplicate_of, a.mentions))
            .collect())
    }

    /// The coded event mentions of the articles stored after `seq` (see
    /// [`Store::events_materialized_through`]), in article insertion order; articles without a
    /// mention are left out.
    pub fn event_mentions_after(&self, seq: i64) -> Result<Vec<ArticleEventMentions>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT a.seq, a.id, a.outlet, a.duplicate_of, e.json, a.story FROM articles a JOIN event_mentions e ON e.article = a.id
             WHERE a.seq > ?1 ORDER BY a.seq, e.n",
        )?;
        let mut rows = stmt.query([seq])?;
        let mut out: Vec<ArticleEventMentions> = Vec::new();
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let json: String = r.get(4)?;
            match out.last_mut() {
                Some(last) if last.seq == seq => last.mentions.push(json),
                _ => out.push(ArticleEventMentions {
                    seq,
                    article: r.get(1)?,
                    outlet: r.get(2)?,
                    duplicate_of: r.get(3)?,
                    story: r.get(5)?,
                    mentions: vec![json],
                }),
            }
        }
        Ok(out)
    }

    /// The `seq` of the last article whose event mentions are merged into the events table (0: none).
    pub fn events_materialized_through(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT seq FROM materialized WHERE name = 'events'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0))
    }

    /// `(event id, event date)` of every stored event of this type with `entity` as source or
    /// target actor (the `a:` lookup key), read from the index alone.
    pub fn events_of_actor(
        &self,
        entity: &str,
        event_type: &str,
    ) -> Result<Vec<(String, Option<String>)>, StoreError> {
        self.events_of_key(&format!("a:{entity}"), event_type)
    }

    /// `(event id, event date)` of every stored event of this type with a mention from `article`
    /// (the `r:` lookup key), read from the index alone.
    pub fn events_of_article(
        &self,
        article: &str,
        event_type: &str,
    ) -> Result<Vec<(String, Option<String>)>, StoreError> {
        self.events_of_key(&format!("r:{article}"), event_type)
    }

    /// Ids of the stored articles of one dedupe story that have coded event mentions, in
    /// insertion order.
    pub fn articles_of_story(&self, story: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id FROM articles a WHERE a.story = ?1
             AND EXISTS (SELECT 1 FROM event_mentions e WHERE e.article = a.id) ORDER BY a.seq",
        )?;
        let rows = stmt.query_map([story], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// `(event id, event date)` of the stored events of this type under one `event_keys` key.
    fn events_of_key(
        &self,
        key: &str,
        event_type: &str,
    ) -> Result<Vec<(String, Option<String>)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT event, date FROM event_keys WHERE key = ?1 AND type = ?2")?;
        let rows = stmt.query_map(params![key, event_type], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The `json` of the stored events with these ids, in the order they were stored (unknown ids
    /// are left out).
    pub fn events_by_id(&self, ids: &[String]) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT rowid, json FROM events WHERE id = ?1")?;
        let mut found: Vec<(i64, String)> = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(row) = stmt
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
            {
                found.push(row);
            }
        }
        found.sort_unstable_by_key(|(rowid, _)| *rowid);
        Ok(found.into_iter().map(|(_, json)| json).collect())
    }

    /// What the merge counts of these articles: outlet, `duplicate_of`, and whether the article has
    /// coded event mentions. Unknown ids are left out.
    pub fn article_sources(&self, ids: &[String]) -> Result<Vec<ArticleSource>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT outlet, duplicate_of, EXISTS (SELECT 1 FROM event_mentions e WHERE e.article = a.id), story
             FROM articles a WHERE a.id = ?1",
        )?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(src) = stmt
                .query_row([id], |r| {
                    Ok(ArticleSource {
                        article: id.clone(),
                        outlet: r.get(0)?,
                        duplicate_of: r.get(1)?,
                        has_event_mentions: r.get(2)?,
                        story: r.get(3)?,
                    })
                })
                .optional()?
            {
                out.push(src);
            }
        }
        Ok(out)
    }

    /// Replace the whole content of `events`, `event_actors` and `event_keys` with `events`, in one
    /// transaction (readers see either the old or the new table), and record that they merge the
    /// mentions of every article up to `through` (an article `seq`). Returns the number of events stored.
    pub fn replace_events(
        &mut self,
        events: &[EventRow],
        through: i64,
    ) -> Result<usize, StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute_batch("DELETE FROM event_keys; DELETE FROM event_actors; DELETE FROM events;")?;
        for e in events {
            write_event(&tx, e)?;
        }
        set_materialized(&tx, through)?;
        tx.commit()?;
        Ok(events.len())
    }

    /// Insert or rewrite these events (their rows in `events`, `event_actors` and `event_keys`) in
    /// one transaction, and record that the table merges every article up to `through`. A rewritten
    /// event keeps its place in the stored order; new events go after every stored one.
    ///
    /// `from` is the watermark the events were computed from ([`Store::events_materialized_through`]
    /// when the caller read the new mentions). The write takes the database's write lock first
    /// and writes nothing, returning `None`, when the watermark has moved meanwhile (another
    /// process materialized the same articles): the caller recomputes from the new state.
    pub fn upsert_events(
        &mut self,
        events: &[EventRow],
        from: i64,
        through: i64,
    ) -> Result<Option<usize>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let current: i64 = tx
            .query_row(
                "SELECT seq FROM materialized WHERE name = 'events'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0);
        if current != from {
            return Ok(None);
        }
        {
            let mut act = tx.prepare_cached("DELETE FROM event_actors WHERE event = ?1")?;
            let mut keys = tx.prepare_cached("DELETE FROM event_keys WHERE event = ?1")?;
            for e in events {
                act.execute([&e.id])?;
                keys.execute([&e.id])?;
                write_event(&tx, e)?;
            }
        }
        set_materialized(&tx, through)?;
        tx.commit()?;
        Ok(Some(events.len()))
    }

    /// Visit the `json` of every stored event, in the order they were stored (the merge order:
    /// by each event's first mention in article insertion order).
    pub fn for_each_event(
        &self,
        mut f: impl FnMut(String) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT json FROM events ORDER BY rowid")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f(r.get(0)?)?;
        }
        Ok(())
    }

    /// Every entity's description (without mentions), sorted by id.
    pub fn entity_descriptions(&self) -> Result<Vec<EntityRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, kind, name, name_en, country, role, wikidata, lat, lon FROM entities ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(EntityRow {
                id: r.get(0)?,
                kind: r.get(1)?,
                name: r.get(2)?,
                name_en: r.get(3)?,
                country: r.get(4)?,
                role: r.get(5)?,
                wikidata: r.get(6)?,
                lat: r.get(7)?,
                lon: r.get(8)?,
                mentions: Vec::new(),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Rename outlets in one transaction, in insertion order: `name(url, outlet)` returns the new
    /// outlet of an article (`None`: unchanged), and `recode(record, outlet)` its dedupe record
    /// with that outlet (`None`: the record stays). Returns the number of articles renamed.
    pub fn rewrite_outlets(
        &mut self,
        mut name: impl FnMut(Option<&str>, Option<&str>) -> Option<Option<String>>,
        mut recode: impl FnMut(&[u8], Option<&str>) -> Option<Vec<u8>>,
    ) -> Result<usize, StoreError> {
        let tx = self.conn.transaction()?;
        let mut renamed = 0;
        {
            let mut rows = tx.prepare("SELECT seq, url, outlet FROM articles ORDER BY seq")?;
            let all: Vec<(i64, Option<String>, Option<String>)> = rows
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?;
            let mut record = tx.prepare("SELECT dedupe FROM articles WHERE seq = ?1")?;
            let mut set_outlet = tx.prepare("UPDATE articles SET outlet = ?2 WHERE seq = ?1")?;
            let mut set_record = tx.prepare("UPDATE articles SET dedupe = ?2 WHERE seq = ?1")?;
            for (seq, url, outlet) in all {
                let Some(new) = name(url.as_deref(), outlet.as_deref()) else {
                    continue;
                };
                set_outlet.execute(params![seq, new])?;
                let blob: Option<Vec<u8>> = record.query_row([seq], |r| r.get(0))?;
                if let Some(b) = blob.and_then(|b| recode(&b, new.as_deref())) {
                    set_record.execute(params![seq, b])?;
                }
                renamed += 1;
            }
        }
        tx.commit()?;
        Ok(renamed)
    }

    /// `(url, outlet)` of every article that has both, in insertion order.
    pub fn urls_and_outlets(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT url, outlet FROM articles WHERE url IS NOT NULL AND outlet IS NOT NULL ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Id, URL, outlet, publication date and title of every article, in insertion order (no text).
    pub fn article_refs(&self) -> Result<Vec<ArticleRef>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, url, outlet, published, title FROM articles ORDER BY seq")?;
        let rows = stmt.query_map([], |r| {
            Ok(ArticleRef {
                id: r.get(0)?,
                url: r.get(1)?,
                outlet: r.get(2)?,
                published: r.get(3)?,
                title: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Number of stored (per-article) event mentions.
    pub fn event_mention_count(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM event_mentions", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    pub fn event_count(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Visit every stored claim as `(article, json)` in article insertion order.
    pub fn for_each_claim(
        &self,
        mut f: impl FnMut(String, String) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT c.article, c.json FROM claims c JOIN articles a ON a.id = c.article ORDER BY a.seq, c.n",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f(r.get(0)?, r.get(1)?)?;
        }
        Ok(())
    }

    /// Every stored dedupe record, in insertion order.
    pub fn dedupe_records(&self) -> Result<Vec<Vec<u8>>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT dedupe FROM articles WHERE dedupe IS NOT NULL ORDER BY seq")?;
        let rows = stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Visit every article in insertion order (streaming; constant memory).
    pub fn for_each_article(
        &self,
        mut f: impl FnMut(Article) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("{SELECT_ARTICLE} ORDER BY seq"))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(row_to_article(row)?)?;
        }
        Ok(())
    }
}

const SELECT_ARTICLE: &str = "SELECT id, origin, url, outlet, title, published, header_date, text, encoding, format, duplicate_of, story FROM articles";

/// Write one event's row (inserted, or updated in place so it keeps its rowid), its actors and keys.
fn write_event(tx: &rusqlite::Transaction<'_>, e: &EventRow) -> Result<(), StoreError> {
    let mut ev = tx.prepare_cached(
        "INSERT INTO events (id, type, mode, date, date_precision, location, num_articles, num_sources, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(id) DO UPDATE SET type = excluded.type, mode = excluded.mode, date = excluded.date,
           date_precision = excluded.date_precision, location = excluded.location,
           num_articles = excluded.num_articles, num_sources = excluded.num_sources, json = excluded.json",
    )?;
    let mut act = tx.prepare_cached(
        "INSERT INTO event_actors (event, entity, role) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
    )?;
    ev.execute(params![
        e.id,
        e.event_type,
        e.mode,
        e.date,
        e.date_precision,
        e.location,
        e.num_articles as i64,
        e.num_sources as i64,
        e.json
    ])?;
    for (entity, role) in &e.actors {
        act.execute(params![e.id, entity, role])?;
    }
    insert_event_keys(tx, e)
}

fn set_materialized(tx: &rusqlite::Transaction<'_>, through: i64) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO materialized (name, seq) VALUES ('events', ?1)
         ON CONFLICT(name) DO UPDATE SET seq = excluded.seq",
        [through],
    )?;
    Ok(())
}

/// The lookup keys of one event (see migration 6): its actors, their countries, its location and
/// the articles that mention it, each once.
fn insert_event_keys(tx: &rusqlite::Transaction<'_>, e: &EventRow) -> Result<(), StoreError> {
    let mut country = tx.prepare_cached("SELECT country FROM entities WHERE id = ?1")?;
    let mut keys: Vec<String> = Vec::new();
    for (entity, role) in &e.actors {
        if role == "location" {
            keys.push(format!("l:{entity}"));
            continue;
        }
        keys.push(format!("a:{entity}"));
        let c: Option<Option<String>> = country.query_row([entity], |r| r.get(0)).optional()?;
        if let Some(Some(c)) = c {
            keys.push(format!("c:{c}"));
        }
    }
    if let Some(l) = &e.location {
        keys.push(format!("l:{l}"));
    }
    keys.extend(e.articles.iter().map(|a| format!("r:{a}")));
    keys.sort_unstable();
    keys.dedup();
    let mut ins = tx.prepare_cached(
        "INSERT INTO event_keys (key, date, event, type) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for k in &keys {
        ins.execute(params![k, e.date, e.id, e.event_type])?;
    }
    Ok(())
}

fn row_to_article(row: &rusqlite::Row<'_>) -> Result<Article, StoreError> {
    let format: String = row.get(9)?;
    Ok(Article {
        id: row.get(0)?,
        origin: row.get(1)?,
        url: row.get(2)?,
        outlet: row.get(3)?,
        title: row.get(4)?,
        published: row.get(5)?,
        header_date: row.get(6)?,
        text: row.get(7)?,
        encoding: row.get(8)?,
        format: format
            .parse::<SourceFormat>()
            .map_err(StoreError::Corrupt)?,
        duplicate_of: row.get(10)?,
        story: row.get(11)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            origin: "a.txt".into(),
            url: None,
            outlet: Some("جوهرة".into()),
            title: Some("عنوان".into()),
            published: Some("2025-12-20".into()),
            header_date: None,
            text: text.into(),
            encoding: "UTF-8".into(),
            format: SourceFormat::Text,
            duplicate_of: None,
            story: None,
        }
    }

    #[test]
    fn insert_is_idempotent_and_round_trips() {
        let mut s = Store::open_in_memory().unwrap();
        let a = article("a1", "قال'; DROP TABLE articles; --");
        let c = s
            .insert_articles(&[a.clone().into(), article("a2", "نص").into()])
            .unwrap();
        assert_eq!(
            c,
            InsertCounts {
                new: 2,
                existing: 0
            }
        );
        let c = s
            .insert_articles(&[NewArticle {
                article: a.clone(),
                dedupe: Some(vec![1, 2, 3]),
                entities: Vec::new(),
                events: Vec::new(),
                claims: Vec::new(),
            }])
            .unwrap();
        assert_eq!(
            c,
            InsertCounts {
                new: 0,
                existing: 1
            }
        );
        assert_eq!(s.article_count().unwrap(), 2);
        assert_eq!(s.get_article("a1").unwrap(), Some(a));
        // The first insert wins: the repeated one did not attach a record.
        assert!(s.dedupe_records().unwrap().is_empty());
        let mut ids = Vec::new();
        s.for_each_article(|a| {
            ids.push(a.id);
            Ok(())
        })
        .unwrap();
        assert_eq!(ids, vec!["a1", "a2"]);
    }

    #[test]
    fn entities_and_mentions_round_trip_and_first_description_wins() {
        let mut s = Store::open_in_memory().unwrap();
        let ent = |article: &str, start, name_en: &str| EntityRow {
            id: "person:ibrahim-kalin".into(),
            kind: "person".into(),
            name: "إبراهيم قالن".into(),
            name_en: Some(name_en.into()),
            country: Some("TUR".into()),
            role: None,
            wikidata: None,
            lat: None,
            lon: None,
            mentions: vec![MentionRow {
                article: article.into(),
                start,
                end: start + 4,
                text: "قالن".into(),
            }],
        };
        let a1 = NewArticle {
            article: article("a1", "x"),
            dedupe: None,
            entities: vec![ent("a1", 3, "Ibrahim Kalin")],
            events: Vec::new(),
            claims: Vec::new(),
        };
        let a2 = NewArticle {
            article: article("a2", "y"),
            dedupe: None,
            entities: vec![ent("a2", 7, "other")],
            events: Vec::new(),
            claims: Vec::new(),
        };
        s.insert_articles(&[a1, a2]).unwrap();
        let mut got = Vec::new();
        s.for_each_entity(|e| {
            got.push(e);
            Ok(())
        })
        .unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].name_en.as_deref(), Some("Ibrahim Kalin"));
        let arts: Vec<_> = got[0]
            .mentions
            .iter()
            .map(|m| (m.article.as_str(), m.start))
            .collect();
        assert_eq!(arts, vec![("a1", 3), ("a2", 7)]);
    }

    #[test]
    fn migrations_are_versioned_and_reopen_is_safe() {
        let dir = std::env::temp_dir().join(format!("rasd-store-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.db");
        {
            let mut s = Store::open(&path).unwrap();
            assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
            s.insert_articles(&[article("x", "نص").into()]).unwrap();
        }
        let s = Store::open(&path).unwrap();
        assert_eq!(s.article_count().unwrap(), 1);
        drop(s);
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
        drop(conn);
        assert!(matches!(
            Store::open(&path),
            Err(StoreError::TooNew { found: 999, .. })
        ));
        std::fs::remove_dir_all(&dir).ok();
    }

    fn event_row(id: &str, actors: &[(&str, &str)]) -> EventRow {
        EventRow {
            id: id.into(),
            event_type: "CONSULT".into(),
            mode: "asserted".into(),
            date: Some("2025-12-19".into()),
            date_precision: "day".into(),
            location: None,
            num_articles: 2,
            num_sources: 2,
            json: format!("{{\"id\":\"{id}\",\"mentions\":[{{\"article\":\"art-{id}\"}}]}}"),
            actors: actors
                .iter()
                .map(|(e, r)| (e.to_string(), r.to_string()))
                .collect(),
            articles: vec![format!("art-{id}")],
        }
    }

    fn keys(s: &Store) -> Vec<(String, String)> {
        let mut stmt = s
            .conn
            .prepare("SELECT key, event FROM event_keys ORDER BY key, event")
            .unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn event_keys_cover_actors_their_countries_locations_and_articles_and_match_the_backfill() {
        let dir = std::env::temp_dir().join(format!("rasd-store-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("k.db");
        let _ = std::fs::remove_file(&path);
        let mut s = Store::open(&path).unwrap();
        s.conn
            .execute_batch(
                "INSERT INTO entities (id, kind, name, country) VALUES
                    ('person:x', 'person', 'س', 'TUR'), ('location:egy', 'location', 'مصر', 'EGY');",
            )
            .unwrap();
        let mut b = event_row("b", &[("person:x", "source"), ("location:egy", "target")]);
        b.actors.push(("location:cairo".into(), "location".into()));
        b.location = Some("location:cairo".into());
        let a = event_row("a", &[("person:x", "source"), ("person:x", "target")]);
        s.replace_events(&[b, a], 0).unwrap();
        let want: Vec<(String, String)> = [
            ("a:location:egy", "b"),
            ("a:person:x", "a"),
            ("a:person:x", "b"),
            ("c:EGY", "b"),
            ("c:TUR", "a"),
            ("c:TUR", "b"),
            ("l:location:cairo", "b"),
            ("r:art-a", "a"),
            ("r:art-b", "b"),
        ]
        .iter()
        .map(|(k, e)| (k.to_string(), e.to_string()))
        .collect();
        assert_eq!(keys(&s), want);
        // A database written before migration 6 gets the same keys from the back-fill.
        s.conn
            .execute_batch(
                "DROP TABLE event_keys; DROP INDEX events_sources; DROP INDEX events_mode;
                 DROP INDEX entities_country; DROP INDEX mentions_entity_text;
                 DROP INDEX event_actors_entity_role; CREATE INDEX mentions_entity ON mentions(entity);
                 CREATE INDEX event_actors_entity ON event_actors(entity); DROP TABLE materialized;
                 DROP INDEX claims_unit; DROP INDEX claims_claimant; DROP INDEX claims_date;
                 PRAGMA user_version = 5;",
            )
            .unwrap();
        drop(s);
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(keys(&s), want);
        drop(s);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn replace_events_swaps_the_whole_table_and_keeps_insertion_order() {
        let mut s = Store::open_in_memory().unwrap();
        s.replace_events(
            &[
                event_row(
                    "b",
                    &[("location:egy", "source"), ("location:jor", "target")],
                ),
                event_row("a", &[("location:egy", "source")]),
            ],
            3,
        )
        .unwrap();
        assert_eq!(s.events_materialized_through().unwrap(), 3);
        let mut got = Vec::new();
        s.for_each_event(|j| {
            got.push(j);
            Ok(())
        })
        .unwrap();
        assert!(got[0].starts_with(r#"{"id":"b""#) && got[1].starts_with(r#"{"id":"a""#));
        assert_eq!(got.len(), 2);
        let n: i64 = s
            .conn
            .query_row(
                "SELECT COUNT(*) FROM event_actors WHERE entity = 'location:egy'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 2);
        s.replace_events(&[event_row("c", &[("location:irn", "source")])], 4)
            .unwrap();
        assert_eq!(s.event_count().unwrap(), 1);
        let n: i64 = s
            .conn
            .query_row("SELECT COUNT(*) FROM event_actors", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn upsert_events_rewrites_in_place_and_appends_new_events_after_the_stored_ones() {
        let mut s = Store::open_in_memory().unwrap();
        assert_eq!(s.events_materialized_through().unwrap(), 0);
        s.replace_events(
            &[
                event_row("b", &[("location:egy", "source")]),
                event_row("a", &[("location:jor", "source")]),
            ],
            2,
        )
        .unwrap();
        let mut b = event_row("b", &[("location:irn", "target")]);
        b.json = r#"{"id":"b","mentions":[{"article":"art-b"},{"article":"art-z"}]}"#.into();
        b.articles.push("art-z".into());
        b.num_sources = 3;
        // Computed from watermark 2: written, watermark 5.
        let written = s
            .upsert_events(&[event_row("c", &[("location:egy", "source")]), b], 2, 5)
            .unwrap();
        assert_eq!(written, Some(2));
        assert_eq!(s.events_materialized_through().unwrap(), 5);
        // A second writer that also computed from watermark 2 writes nothing.
        let stale = s
            .upsert_events(&[event_row("d", &[("location:egy", "source")])], 2, 6)
            .unwrap();
        assert_eq!(stale, None);
        assert_eq!(s.events_materialized_through().unwrap(), 5);
        assert_eq!(s.event_count().unwrap(), 3);
        let mut got = Vec::new();
        s.for_each_event(|j| {
            got.push(j);
            Ok(())
        })
        .unwrap();
        assert_eq!(got.len(), 3);
        assert!(
            got[0].contains("art-z"),
            "b is rewritten where it was: {got:?}"
        );
        assert!(got[1].starts_with(r#"{"id":"a""#) && got[2].starts_with(r#"{"id":"c""#));
        // The old actor and keys of b are gone, the new ones are there.
        assert_eq!(
            s.events_of_actor("location:egy", "CONSULT").unwrap(),
            vec![("c".to_string(), Some("2025-12-19".to_string()))]
        );
        assert_eq!(
            s.events_of_actor("location:irn", "CONSULT").unwrap().len(),
            1
        );
        assert!(keys(&s).contains(&("r:art-z".to_string(), "b".to_string())));
        assert_eq!(
            s.events_by_id(&["c".into(), "zz".into(), "b".into()])
                .unwrap()
                .len(),
            2
        );
        assert!(s.events_by_id(&["c".into(), "b".into()]).unwrap()[0].contains("art-z"));
    }

    #[test]
    fn event_mentions_after_a_seq_and_article_sources() {
        let mut s = Store::open_in_memory().unwrap();
        let mut a: NewArticle = article("a", "نص").into();
        a.events = vec!["{}".into(), "{\"n\":1}".into()];
        let b: NewArticle = article("b", "نص آخر").into();
        let mut c: NewArticle = article("c", "نص ثالث").into();
        c.article.duplicate_of = Some("a".into());
        c.events = vec!["{}".into()];
        s.insert_articles(&[a, b, c]).unwrap();
        let all = s.event_mentions_after(0).unwrap();
        assert_eq!(all.len(), 2, "b has no mention");
        assert_eq!(all[0].mentions.len(), 2);
        let later = s.event_mentions_after(all[0].seq).unwrap();
        assert_eq!(later.len(), 1);
        assert_eq!(later[0].article, "c");
        assert_eq!(later[0].duplicate_of.as_deref(), Some("a"));
        let src = s
            .article_sources(&["b".into(), "c".into(), "nope".into()])
            .unwrap();
        assert_eq!(src.len(), 2);
        assert!(!src[0].has_event_mentions && src[1].has_event_mentions);
    }
}
