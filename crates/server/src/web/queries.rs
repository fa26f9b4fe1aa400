//! Dashboard-only reads that the API's query layer ([`crate::db`]) does not have: events of an
//! article or a story through `event_keys`, a story's header and article pages, and the overview's
//! whole-table aggregates (cached per data version). Everything else comes from `db.rs`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use rusqlite::{params, Connection, OptionalExtension};
use serde::Deserialize;

use crate::db::{self, DbError};

/// The full merged event document (`events.json`); unknown fields are ignored, missing ones default.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct EventDoc {
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub cameo: String,
    pub mode: String,
    pub source: Vec<String>,
    pub target: Vec<String>,
    pub location: Option<String>,
    pub date: Option<String>,
    pub date_precision: String,
    pub num_articles: i64,
    pub num_sources: i64,
    pub mentions: Vec<EventMentionDoc>,
    pub conflicts: Vec<ConflictDoc>,
}

/// One evidence mention of a merged event.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct EventMentionDoc {
    pub article: String,
    pub outlet: Option<String>,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub attributed_to: Option<String>,
    pub attributed_to_text: Option<String>,
    pub quote: bool,
    pub reported: bool,
    pub trigger_text: Option<String>,
    pub date: Option<String>,
}

/// Sources disagree on a field.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct ConflictDoc {
    pub field: String,
    pub values: Vec<String>,
}

/// A quantity claim (`claims.json`).
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct ClaimDoc {
    pub id: String,
    pub claimant: Option<String>,
    pub claimant_text: Option<String>,
    pub quantity: QuantityDoc,
    pub date: Option<String>,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// The number of a claim.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct QuantityDoc {
    pub value: f64,
    pub qualifier: String,
    pub unit: String,
    /// The whole the count is part of ("من أصل 15", "11 جريحا من بينهم 3 أطفال" → 11).
    pub out_of: Option<f64>,
}

impl QuantityDoc {
    /// A count of people among another count ("من بينهم 3 أطفال"): a part of a figure, not a
    /// rival figure (a vote "13 من أصل 15" is still the count of votes).
    pub fn is_part(&self) -> bool {
        self.out_of.is_some()
            && matches!(
                self.unit.as_str(),
                "killed" | "injured" | "casualties" | "detained" | "displaced"
            )
    }
}

/// Whether claims of one unit and day give different figures (parts of a count left out).
pub fn figures_differ<'a>(qs: impl IntoIterator<Item = &'a QuantityDoc>) -> bool {
    let mut values: Vec<f64> = qs
        .into_iter()
        .filter(|q| !q.is_part())
        .map(|q| q.value)
        .collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    values.len() > 1
}

fn event_doc(json: &str) -> Result<EventDoc, DbError> {
    serde_json::from_str(json).map_err(|e| DbError::Corrupt(format!("event json: {e}")))
}

/// The event as a list row of [`db::EventSummary`] (names of its actors filled in).
pub fn summary_of(conn: &Connection, d: &EventDoc) -> Result<db::EventSummary, DbError> {
    let ids: Vec<String> = d
        .source
        .iter()
        .chain(&d.target)
        .chain(d.location.iter())
        .cloned()
        .collect();
    let first = d.mentions.first();
    Ok(db::EventSummary {
        id: d.id.clone(),
        event_type: d.event_type.clone(),
        cameo: d.cameo.clone(),
        mode: d.mode.clone(),
        date: d.date.clone(),
        date_precision: d.date_precision.clone(),
        location: d.location.clone(),
        source: d.source.clone(),
        target: d.target.clone(),
        num_articles: d.num_articles,
        num_sources: d.num_sources,
        num_conflicts: d.conflicts.len(),
        evidence: first.map(|m| m.text.clone()),
        evidence_article: first.map(|m| m.article.clone()),
        entities: db::entity_refs(conn, &ids)?,
    })
}

/// Merged events with a mention in `article`, by date: one `event_keys` range (`r:<article>`).
pub fn article_events(conn: &Connection, article: &str) -> Result<Vec<EventDoc>, DbError> {
    let mut st = conn.prepare_cached(
        "SELECT e.json FROM event_keys k JOIN events e ON e.id = k.event
         WHERE k.key = 'r:' || ?1 ORDER BY k.date, k.event",
    )?;
    let rows = st
        .query_map([article], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    rows.iter().map(|j| event_doc(j)).collect()
}

/// A story's header figures.
#[derive(Debug, Clone)]
pub struct StoryHead {
    pub title: Option<String>,
    pub num_articles: i64,
    pub num_outlets: i64,
    pub first: Option<String>,
    pub last: Option<String>,
}

/// Figures of one story (`None` when no article has that story id); one `articles_story` range.
pub fn story_head(conn: &Connection, story: &str) -> Result<Option<StoryHead>, DbError> {
    let head = conn
        .prepare_cached(
            "SELECT COUNT(*), COUNT(DISTINCT outlet), MIN(published), MAX(published),
                    (SELECT title FROM articles t WHERE t.story = ?1 ORDER BY t.seq LIMIT 1)
             FROM articles WHERE story = ?1",
        )?
        .query_row([story], |r| {
            Ok(StoryHead {
                num_articles: r.get(0)?,
                num_outlets: r.get(1)?,
                first: r.get(2)?,
                last: r.get(3)?,
                title: r.get(4)?,
            })
        })?;
    Ok((head.num_articles > 0).then_some(head))
}

/// A story's articles in publication order (undated first, then by `seq`), `limit` from `offset`.
/// Stories are small (the largest at 100k articles has about a hundred), so offsets are cheap.
pub fn story_articles(
    conn: &Connection,
    story: &str,
    limit: usize,
    offset: usize,
) -> Result<Vec<db::ArticleBrief>, DbError> {
    let mut st = conn.prepare_cached(
        "SELECT id, title, outlet, published, url, story, duplicate_of FROM articles
         WHERE story = ?1 ORDER BY published, seq LIMIT ?2 OFFSET ?3",
    )?;
    let rows = st
        .query_map(params![story, limit as i64, offset as i64], db::brief_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The `limit` most widely reported events with a mention in any article of `story`, and how many
/// distinct events the story has (each through its articles' `r:` keys).
pub fn story_events(
    conn: &Connection,
    story: &str,
    limit: usize,
) -> Result<(Vec<EventDoc>, i64), DbError> {
    let total: i64 = conn
        .prepare_cached(
            "SELECT COUNT(DISTINCT k.event) FROM articles a JOIN event_keys k ON k.key = 'r:' || a.id
             WHERE a.story = ?1",
        )?
        .query_row([story], |r| r.get(0))?;
    let mut st = conn.prepare_cached(
        "SELECT e.json FROM events e WHERE e.id IN (
             SELECT k.event FROM articles a JOIN event_keys k ON k.key = 'r:' || a.id WHERE a.story = ?1)
         ORDER BY e.num_sources DESC, e.num_articles DESC, e.date DESC, e.id LIMIT ?2",
    )?;
    let rows = st
        .query_map(params![story, limit as i64], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok((
        rows.iter()
            .map(|j| event_doc(j))
            .collect::<Result<_, _>>()?,
        total,
    ))
}

/// The text of an article with what its evidence header shows.
#[derive(Debug, Clone)]
pub struct ArticleText {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub text: String,
}

/// Texts of the given articles (unknown ids left out).
pub fn article_texts(
    conn: &Connection,
    ids: &[String],
) -> Result<HashMap<String, ArticleText>, DbError> {
    let mut st =
        conn.prepare_cached("SELECT title, outlet, published, text FROM articles WHERE id = ?1")?;
    let mut out = HashMap::new();
    for id in ids {
        if out.contains_key(id) {
            continue;
        }
        let row = st
            .query_row([id], |r| {
                Ok(ArticleText {
                    title: r.get(0)?,
                    outlet: r.get(1)?,
                    published: r.get(2)?,
                    text: r.get(3)?,
                })
            })
            .optional()?;
        if let Some(a) = row {
            out.insert(id.clone(), a);
        }
    }
    Ok(out)
}

/// The overview's whole-table aggregates.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    /// The timeline of events per (type, day) for events with a day-precise date, drawn
    /// (`svg::timeline`) once: at 100k articles it has thousands of (type, day) rows.
    pub timeline_svg: String,
    /// The most widely reported events.
    pub top_events: Vec<db::EventSummary>,
    /// Actors (source or target) with the most events: (entity id, name, events).
    pub top_actors: Vec<(String, String, i64)>,
    /// Claims per unit.
    pub claim_units: Vec<(String, i64)>,
}

fn build_overview(conn: &Connection) -> Result<Overview, DbError> {
    // `events_type` (type, date) covers this: one index scan, no table rows.
    let timeline = conn
        .prepare_cached(
            "SELECT type, substr(date, 1, 10) AS d, COUNT(*) FROM events
             WHERE date IS NOT NULL AND length(date) >= 10 AND substr(date, 5, 1) = '-'
               AND substr(date, 8, 1) = '-'
             GROUP BY type, d ORDER BY d",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    let docs = conn
        .prepare_cached(
            "SELECT json FROM events ORDER BY num_sources DESC, date DESC, id DESC LIMIT 10",
        )?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut top_events = Vec::new();
    for j in &docs {
        top_events.push(summary_of(conn, &event_doc(j)?)?);
    }
    // The `a:` range of `event_keys` has one row per (actor, event): a covering index scan.
    let counts: Vec<(String, i64)> = conn
        .prepare_cached(
            "SELECT substr(key, 3), COUNT(*) AS n FROM event_keys WHERE key >= 'a:' AND key < 'a;'
             GROUP BY key ORDER BY n DESC, key LIMIT 15",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    let names = db::entity_refs(conn, counts.iter().map(|(id, _)| id))?;
    let top_actors = counts
        .into_iter()
        .map(|(id, n)| {
            let name = names
                .get(&id)
                .map(|e| e.name.clone())
                .unwrap_or_else(|| id.strip_prefix("unnamed:").unwrap_or(&id).to_owned());
            (id, name, n)
        })
        .collect();
    Ok(Overview {
        timeline_svg: super::svg::timeline(&timeline),
        top_events,
        top_actors,
        claim_units: db::claim_units(conn)?,
    })
}

/// How long a cached aggregate is trusted even when the data version did not change (a backstop
/// for a rewrite the version cannot see).
const CACHE_TTL: Duration = Duration::from_secs(600);

/// Entity pages cached at once (per database); the cache is emptied when it is full.
const ENTITY_CACHE: usize = 512;

/// A value computed at one data version of one database.
struct Versioned<T> {
    db: PathBuf,
    version: (i64, i64),
    at: Instant,
    value: Arc<T>,
}

/// The entry of `cache` for (`path`, `key`) when current, else `build()` stored in its place.
fn versioned<K: Eq + std::hash::Hash + Clone, T>(
    cache: &Mutex<HashMap<K, Versioned<T>>>,
    capacity: usize,
    conn: &Connection,
    path: &Path,
    key: K,
    build: impl FnOnce(&Connection) -> Result<T, DbError>,
) -> Result<Arc<T>, DbError> {
    // The query layer's version: the newest article `seq` and events rowid.
    let version = db::data_version(conn)?;
    if let Ok(cache) = cache.lock() {
        if let Some(c) = cache
            .get(&key)
            .filter(|c| c.db == path && c.version == version && c.at.elapsed() < CACHE_TTL)
        {
            return Ok(Arc::clone(&c.value));
        }
    }
    let value = Arc::new(build(conn)?);
    if let Ok(mut cache) = cache.lock() {
        if cache.len() >= capacity {
            cache.clear();
        }
        cache.insert(
            key,
            Versioned {
                db: path.to_path_buf(),
                version,
                at: Instant::now(),
                value: Arc::clone(&value),
            },
        );
    }
    Ok(value)
}

/// The overview aggregates of the database at `path`, recomputed when its data version changes.
pub fn overview(conn: &Connection, path: &Path) -> Result<Arc<Overview>, DbError> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Versioned<Overview>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    versioned(cache, 64, conn, path, path.to_path_buf(), build_overview)
}

/// `db::get_entity` (spellings, counts per role, co-actors: aggregates over every mention and
/// event of the entity, ~0.1 s for the most mentioned ones at 100k articles), cached per entity
/// and data version. `None` when there is no such entity (not cached).
pub fn entity_detail(
    conn: &Connection,
    path: &Path,
    id: &str,
) -> Result<Option<Arc<db::EntityDetail>>, DbError> {
    type Cache = Mutex<HashMap<(PathBuf, String), Versioned<db::EntityDetail>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let stored = db::exists(conn, db::ExistsIn::Entities, id)?;
    if !stored && !has_events(conn, id)? {
        return Ok(None);
    }
    let cache = CACHE.get_or_init(Default::default);
    let key = (path.to_path_buf(), id.to_owned());
    versioned(
        cache,
        ENTITY_CACHE,
        conn,
        path,
        key,
        |c| match db::get_entity(c, id)? {
            Some(e) => Ok(e),
            None => actor_without_entity(c, id),
        },
    )
    .map(Some)
}

/// True when `id` is a source, target or location of some event.
fn has_events(conn: &Connection, id: &str) -> Result<bool, DbError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM event_actors WHERE entity = ?1 LIMIT 1")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// An event actor with no `entities` row: the coder's unnamed actors (`unnamed:<institution
/// noun>`, "the government", "the police"), which have events but no mentions or description.
fn actor_without_entity(conn: &Connection, id: &str) -> Result<db::EntityDetail, DbError> {
    let (events_as_source, events_as_target, events_as_location) = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(role = 'source'), 0), COALESCE(SUM(role = 'target'), 0),
                    COALESCE(SUM(role = 'location'), 0)
             FROM event_actors WHERE entity = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(db::EntityDetail {
        id: id.to_owned(),
        kind: "unnamed".into(),
        name: id.strip_prefix("unnamed:").unwrap_or(id).to_owned(),
        name_en: None,
        country: None,
        role: None,
        wikidata: None,
        lat: None,
        lon: None,
        spellings: Vec::new(),
        num_articles: 0,
        num_mentions: 0,
        events_as_source,
        events_as_target,
        events_as_location,
        co_actors: Vec::new(),
    })
}

#[cfg(test)]
pub(crate) mod fixture {
    //! A small database with the real schema (the store's migrations) holding two articles (plus
    //! optional filler articles in the same story), three entities, one merged event and two claims.

    use std::path::PathBuf;

    use rusqlite::{params, Connection};

    pub const EVENT_ID: &str = "ev1";
    pub const ARTICLE_A: &str = "a1";
    pub const ARTICLE_B: &str = "b2";
    pub const STORY: &str = "s-a1";
    pub const TEXT_A: &str = "تونس 6 جوان 2017\nالتقى وزير الخارجية التونسي نظيره القطري في الدوحة أمس.\n<script>alert(1)</script> وأسفر القصف عن مقتل ١٢ شخصا.";
    pub const TEXT_B: &str =
        "قال مصدر إن الوزيرين التقيا في الدوحة.\nوقالت الصحة إن 15 شخصا قتلوا.";

    /// A fresh database file (removed when the returned guard drops) and a read pool over it.
    pub struct Fixture {
        pub path: PathBuf,
        pub db: crate::db::Db,
    }

    impl Drop for Fixture {
        fn drop(&mut self) {
            if let Some(dir) = self.path.parent() {
                let _ = std::fs::remove_dir_all(dir);
            }
        }
    }

    impl Fixture {
        pub fn conn(&self) -> Connection {
            crate::db::open_read_only(&self.path).expect("read-only connection")
        }
    }

    /// Build the fixture; `extra_articles` more articles join the story (for paging tests).
    pub fn build(extra_articles: usize) -> Fixture {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("rasd-web-fixture-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("rasd.sqlite");
        let store = rasd_store::Store::open(&path).expect("store");
        {
            let conn = Connection::open(&path).expect("write connection");
            let art = |id: &str, outlet: &str, title: &str, published: &str, text: &str| {
                conn.execute(
                    "INSERT INTO articles (id, origin, outlet, title, published, text, encoding, format, story)
                     VALUES (?1, 'test', ?2, ?3, ?4, ?5, 'utf-8', 'text', 's-a1')",
                    params![id, outlet, title, published, text],
                )
                .expect("article");
            };
            art(
                ARTICLE_A,
                "جوهرة أف أم",
                "لقاء <b>تونسي</b> قطري",
                "2017-06-06",
                TEXT_A,
            );
            art(
                ARTICLE_B,
                "وكالة",
                "الوزيران في الدوحة",
                "2017-06-06",
                TEXT_B,
            );
            for i in 0..extra_articles {
                art(
                    &format!("x{i:03}"),
                    "وكالة",
                    &format!("متابعة رقم {i}"),
                    "2017-06-07",
                    "نص قصير.",
                );
            }
            for (id, kind, name, country) in [
                ("tun-fm", "person", "وزير الخارجية التونسي", "TUN"),
                ("qat-fm", "person", "وزير الخارجية القطري", "QAT"),
                ("location:qat", "location", "قطر", "QAT"),
            ] {
                conn.execute(
                    "INSERT INTO entities (id, kind, name, country) VALUES (?1, ?2, ?3, ?4)",
                    params![id, kind, name, country],
                )
                .expect("entity");
            }
            // "وزير الخارجية التونسي" is chars 23..44 of TEXT_A, "نظيره القطري" 45..57.
            for (article, entity, start, end, text) in [
                (ARTICLE_A, "tun-fm", 23, 44, "وزير الخارجية التونسي"),
                (ARTICLE_A, "qat-fm", 45, 57, "نظيره القطري"),
                (ARTICLE_B, "tun-fm", 12, 20, "الوزيرين"),
            ] {
                conn.execute(
                    "INSERT INTO mentions VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![article, entity, start, end, text],
                )
                .expect("mention");
            }
            for (article, n, claimant, value, unit, text) in [
                (
                    ARTICLE_A,
                    0,
                    None,
                    12.0,
                    "killed",
                    "وأسفر القصف عن مقتل ١٢ شخصا.",
                ),
                (
                    ARTICLE_B,
                    0,
                    Some("qat-fm"),
                    15.0,
                    "killed",
                    "وقالت الصحة إن 15 شخصا قتلوا.",
                ),
            ] {
                let c = serde_json::json!({"id": format!("c{article}"), "claimant": claimant,
                    "claimant_text": if claimant.is_none() { Some("الصحة") } else { None },
                    "quantity": {"value": value, "qualifier": "exact", "unit": unit},
                    "date": "2017-06-05", "date_precision": "day", "start": 0, "end": 5, "text": text});
                conn.execute(
                    "INSERT INTO claims VALUES (?1, ?2, ?3)",
                    params![article, n, c.to_string()],
                )
                .expect("claim");
            }
        }
        let sentence_a = "التقى وزير الخارجية التونسي نظيره القطري في الدوحة أمس.";
        let sentence_b = "قال مصدر إن الوزيرين التقيا في الدوحة.";
        let doc = serde_json::json!({
            "id": EVENT_ID, "type": "CONSULT", "cameo": "040", "mode": "asserted",
            "source": ["tun-fm"], "target": ["qat-fm"], "location": "location:qat",
            "date": "2017-06-05", "date_precision": "day", "num_articles": 2, "num_sources": 2,
            "mentions": [
                {"article": ARTICLE_A, "outlet": "جوهرة أف أم", "start": 17, "end": 17 + 55,
                 "text": sentence_a, "attributed_to": null, "quote": false},
                {"article": ARTICLE_B, "outlet": "وكالة", "start": 0, "end": 38, "text": sentence_b,
                 "attributed_to": null, "attributed_to_text": "مصدر", "quote": false}
            ],
            "conflicts": [{"field": "date", "values": ["2017-06-05", "2017-06-06"]}]
        });
        // The rows `Store::replace_events` writes for this event, spelled out.
        let conn = Connection::open(&path).expect("write connection");
        conn.execute(
            "INSERT INTO events (id, type, mode, date, date_precision, location, num_articles, num_sources, json)
             VALUES (?1, 'CONSULT', 'asserted', '2017-06-05', 'day', 'location:qat', 2, 2, ?2)",
            params![EVENT_ID, doc.to_string()],
        )
        .expect("event");
        conn.execute_batch(
            "INSERT INTO event_actors (event, entity, role) VALUES
                ('ev1', 'tun-fm', 'source'), ('ev1', 'qat-fm', 'target'), ('ev1', 'location:qat', 'location');
             INSERT INTO event_keys (key, date, event, type) VALUES
                ('a:tun-fm', '2017-06-05', 'ev1', 'CONSULT'), ('a:qat-fm', '2017-06-05', 'ev1', 'CONSULT'),
                ('c:TUN', '2017-06-05', 'ev1', 'CONSULT'), ('c:QAT', '2017-06-05', 'ev1', 'CONSULT'),
                ('l:location:qat', '2017-06-05', 'ev1', 'CONSULT'),
                ('r:a1', '2017-06-05', 'ev1', 'CONSULT'), ('r:b2', '2017-06-05', 'ev1', 'CONSULT');",
        )
        .expect("event keys");
        drop(store);
        let db = crate::db::Db::open(&path, 2).expect("pool");
        Fixture { path, db }
    }

    #[test]
    fn fixture_offsets_match_their_texts() {
        use crate::web::spans::char_slice;
        assert_eq!(char_slice(TEXT_A, 23, 44), "وزير الخارجية التونسي");
        assert_eq!(char_slice(TEXT_A, 45, 57), "نظيره القطري");
        assert_eq!(
            char_slice(TEXT_A, 17, 72),
            "التقى وزير الخارجية التونسي نظيره القطري في الدوحة أمس."
        );
        assert_eq!(
            char_slice(TEXT_B, 0, 38),
            "قال مصدر إن الوزيرين التقيا في الدوحة."
        );
        assert_eq!(char_slice(TEXT_B, 12, 20), "الوزيرين");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_of_a_count_is_no_rival_figure() {
        let q = |value: f64, unit: &str, out_of: Option<f64>| QuantityDoc {
            value,
            qualifier: "exact".into(),
            unit: unit.into(),
            out_of,
        };
        // 11 injured, of whom 3 children: one figure.
        assert!(!figures_differ(&[
            q(11.0, "injured", None),
            q(3.0, "injured", Some(11.0))
        ]));
        assert!(figures_differ(&[
            q(11.0, "injured", None),
            q(12.0, "injured", None)
        ]));
        // 13 of 15 votes is the count of votes itself.
        assert!(figures_differ(&[
            q(13.0, "votes", Some(15.0)),
            q(12.0, "votes", None)
        ]));
    }

    #[test]
    fn article_events_come_from_the_article_key_only() {
        let f = fixture::build(0);
        let conn = f.conn();
        let evs = article_events(&conn, fixture::ARTICLE_A).unwrap();
        assert_eq!(evs.len(), 1);
        assert_eq!(evs[0].id, fixture::EVENT_ID);
        // "a" is a substring of the ids and of the JSON but not an article of any mention.
        assert!(article_events(&conn, "a").unwrap().is_empty());
    }

    #[test]
    fn story_head_articles_and_events_are_bounded_pages() {
        let f = fixture::build(5);
        let conn = f.conn();
        let head = story_head(&conn, fixture::STORY).unwrap().unwrap();
        assert_eq!((head.num_articles, head.num_outlets), (7, 2));
        assert_eq!(head.title.as_deref(), Some("لقاء <b>تونسي</b> قطري"));
        let first = story_articles(&conn, fixture::STORY, 3, 0).unwrap();
        let rest = story_articles(&conn, fixture::STORY, 10, 3).unwrap();
        assert_eq!((first.len(), rest.len()), (3, 4));
        assert!(first.iter().all(|a| !rest.iter().any(|b| b.id == a.id)));
        let (evs, total) = story_events(&conn, fixture::STORY, 10).unwrap();
        assert_eq!((evs.len(), total), (1, 1));
        assert!(story_head(&conn, "nope").unwrap().is_none());
    }

    #[test]
    fn overview_counts_actors_and_days_and_is_cached_per_version() {
        let f = fixture::build(0);
        let conn = f.conn();
        let o = overview(&conn, &f.path).unwrap();
        assert!(o
            .timeline_svg
            .contains("href=\"/events?type=CONSULT&amp;from=2017-06-05&amp;to=2017-06-05\""));
        let actors: Vec<&str> = o.top_actors.iter().map(|(id, _, _)| id.as_str()).collect();
        assert_eq!(actors, vec!["qat-fm", "tun-fm"]);
        assert_eq!(o.top_events.len(), 1);
        assert_eq!(o.claim_units, vec![("killed".into(), 2)]);
        assert!(Arc::ptr_eq(&o, &overview(&conn, &f.path).unwrap()));
        // Warming computes the same cached value.
        crate::web::warm(&f.db);
        assert!(Arc::ptr_eq(&o, &overview(&conn, &f.path).unwrap()));
    }

    #[test]
    fn entity_details_are_cached_until_the_data_changes() {
        let f = fixture::build(0);
        let conn = f.conn();
        let a = entity_detail(&conn, &f.path, "tun-fm").unwrap().unwrap();
        assert_eq!(a.spellings.len(), 2);
        let b = entity_detail(&conn, &f.path, "tun-fm").unwrap().unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert!(entity_detail(&conn, &f.path, "nope").unwrap().is_none());
        // An unnamed actor has events but no entity row: a page with its role counts.
        let w = Connection::open(&f.path).unwrap();
        w.execute(
            "INSERT INTO event_actors (event, entity, role) VALUES ('ev1', 'unnamed:شرطه', 'target')",
            [],
        )
        .unwrap();
        let u = entity_detail(&conn, &f.path, "unnamed:شرطه")
            .unwrap()
            .unwrap();
        assert_eq!((u.name.as_str(), u.kind.as_str()), ("شرطه", "unnamed"));
        assert_eq!((u.events_as_source, u.events_as_target), (0, 1));
        // A new article is a new data version: the detail is read again (with the new mention).
        w.execute(
            "INSERT INTO articles (id, origin, text, encoding, format) VALUES ('c3', 'test', 'الوزير التونسي', 'utf-8', 'text')",
            [],
        )
        .unwrap();
        w.execute(
            "INSERT INTO mentions VALUES ('c3', 'tun-fm', 0, 14, 'الوزير التونسي')",
            [],
        )
        .unwrap();
        let c = entity_detail(&conn, &f.path, "tun-fm").unwrap().unwrap();
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(c.spellings.len(), 3);
    }
}
