//! Read-side SQL for the dashboard pages (parameterized queries over a read-only connection).
//!
//! Events come from the merged `events` table (schema v5) and its `event_actors` index; a database
//! without those tables simply has no events to show.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{params, Connection, OptionalExtension};
use serde::Deserialize;

/// A query failure.
pub type DbResult<T> = Result<T, rusqlite::Error>;

/// An article as the pages show it.
#[derive(Debug, Clone)]
pub struct ArticleRow {
    pub id: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub text: String,
    pub duplicate_of: Option<String>,
    pub story: Option<String>,
}

/// An article in a list (no text).
#[derive(Debug, Clone)]
pub struct ArticleBrief {
    pub id: String,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub duplicate_of: Option<String>,
}

/// A stored entity.
#[derive(Debug, Clone, Default)]
pub struct EntityInfo {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub name_en: Option<String>,
    pub country: Option<String>,
    pub role: Option<String>,
    pub wikidata: Option<String>,
}

/// One entity mention in an article (char offsets).
#[derive(Debug, Clone)]
pub struct MentionSpan {
    pub entity: String,
    pub kind: String,
    pub name: String,
    pub start: usize,
    pub end: usize,
}

/// A row of the merged `events` table with its actors.
#[derive(Debug, Clone)]
pub struct EventSummary {
    pub id: String,
    pub event_type: String,
    pub mode: String,
    pub date: Option<String>,
    pub date_precision: String,
    pub location: Option<String>,
    pub num_articles: i64,
    pub num_sources: i64,
    pub source: Vec<String>,
    pub target: Vec<String>,
}

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
}

/// A claim with the article it was found in.
#[derive(Debug, Clone)]
pub struct ClaimRow {
    pub article: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub claim: ClaimDoc,
}

/// Whole-database figures for the overview.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub articles: i64,
    pub duplicates: i64,
    pub outlets: i64,
    pub entities: i64,
    pub events: i64,
    pub claims: i64,
    pub stories: i64,
    pub first: Option<String>,
    pub last: Option<String>,
}

/// Filters of the event list (already validated).
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub event_type: Option<String>,
    /// Entity ids; an event matches when any of them is one of its actors.
    pub actors: Option<Vec<String>>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub min_sources: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

/// True when `table` exists.
pub fn has_table(conn: &Connection, table: &str) -> DbResult<bool> {
    conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [table],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
}

fn count(conn: &Connection, sql: &str) -> DbResult<i64> {
    conn.query_row(sql, [], |r| r.get(0))
}

pub fn stats(conn: &Connection) -> DbResult<Stats> {
    let mut s = Stats {
        articles: count(conn, "SELECT count(*) FROM articles")?,
        duplicates: count(
            conn,
            "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL",
        )?,
        outlets: count(
            conn,
            "SELECT count(DISTINCT outlet) FROM articles WHERE outlet IS NOT NULL",
        )?,
        stories: count(
            conn,
            "SELECT count(DISTINCT story) FROM articles WHERE story IS NOT NULL",
        )?,
        ..Stats::default()
    };
    if has_table(conn, "entities")? {
        s.entities = count(conn, "SELECT count(*) FROM entities")?;
    }
    if has_table(conn, "claims")? {
        s.claims = count(conn, "SELECT count(*) FROM claims")?;
    }
    if has_table(conn, "events")? {
        s.events = count(conn, "SELECT count(*) FROM events")?;
    }
    let (first, last) = conn.query_row(
        "SELECT min(substr(published, 1, 10)), max(substr(published, 1, 10)) FROM articles",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    s.first = first;
    s.last = last;
    Ok(s)
}

/// Events per (type, day) for events with a day-precise date.
pub fn timeline(conn: &Connection) -> DbResult<Vec<(String, String, i64)>> {
    if !has_table(conn, "events")? {
        return Ok(Vec::new());
    }
    let mut st = conn.prepare(
        "SELECT type, substr(date, 1, 10) AS d, count(*) FROM events
         WHERE date IS NOT NULL AND length(date) >= 10 AND substr(date, 5, 1) = '-'
           AND substr(date, 8, 1) = '-'
         GROUP BY type, d ORDER BY d",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

/// Entity descriptions by id (missing ids are absent from the map).
pub fn entities_by_id(conn: &Connection, ids: &[String]) -> DbResult<HashMap<String, EntityInfo>> {
    let mut out = HashMap::new();
    if ids.is_empty() || !has_table(conn, "entities")? {
        return Ok(out);
    }
    let json = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    let mut st = conn.prepare(
        "SELECT id, kind, name, name_en, country, role, wikidata FROM entities
         WHERE id IN (SELECT value FROM json_each(?1))",
    )?;
    let rows = st.query_map([json], entity_from_row)?;
    for e in rows {
        let e = e?;
        out.insert(e.id.clone(), e);
    }
    Ok(out)
}

fn entity_from_row(r: &rusqlite::Row<'_>) -> DbResult<EntityInfo> {
    Ok(EntityInfo {
        id: r.get(0)?,
        kind: r.get(1)?,
        name: r.get(2)?,
        name_en: r.get(3)?,
        country: r.get(4)?,
        role: r.get(5)?,
        wikidata: r.get(6)?,
    })
}

pub fn entity(conn: &Connection, id: &str) -> DbResult<Option<EntityInfo>> {
    if !has_table(conn, "entities")? {
        return Ok(None);
    }
    conn.query_row(
        "SELECT id, kind, name, name_en, country, role, wikidata FROM entities WHERE id = ?1",
        [id],
        entity_from_row,
    )
    .optional()
}

/// Every spelling an entity was mentioned with, most frequent first.
pub fn spellings(conn: &Connection, entity: &str) -> DbResult<Vec<(String, i64)>> {
    let mut st = conn.prepare(
        "SELECT text, count(*) AS n FROM mentions WHERE entity = ?1
         GROUP BY text ORDER BY n DESC, text LIMIT 200",
    )?;
    let rows = st.query_map([entity], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Entity ids whose id, canonical name (Arabic or English) or any mentioned spelling contains `q`.
pub fn find_entities(conn: &Connection, q: &str, limit: i64) -> DbResult<Vec<String>> {
    if !has_table(conn, "entities")? {
        return Ok(Vec::new());
    }
    let like = format!("%{}%", like_escape(q));
    let mut st = conn.prepare(
        "SELECT id FROM entities WHERE id = ?1 OR name LIKE ?2 ESCAPE '\\' OR name_en LIKE ?2 ESCAPE '\\'
         UNION
         SELECT DISTINCT entity FROM mentions WHERE text LIKE ?2 ESCAPE '\\'
         LIMIT ?3",
    )?;
    let rows = st.query_map(params![q, like, limit], |r| r.get(0))?;
    rows.collect()
}

/// Escape `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
pub fn like_escape(q: &str) -> String {
    let mut s = String::with_capacity(q.len());
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            s.push('\\');
        }
        s.push(c);
    }
    s
}

fn summary_from_row(r: &rusqlite::Row<'_>) -> DbResult<EventSummary> {
    Ok(EventSummary {
        id: r.get(0)?,
        event_type: r.get(1)?,
        mode: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
        date: r.get(3)?,
        date_precision: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
        location: r.get(5)?,
        num_articles: r.get::<_, Option<i64>>(6)?.unwrap_or(0),
        num_sources: r.get::<_, Option<i64>>(7)?.unwrap_or(0),
        source: Vec::new(),
        target: Vec::new(),
    })
}

const EVENT_COLUMNS: &str =
    "e.id, e.type, e.mode, e.date, e.date_precision, e.location, e.num_articles, e.num_sources";

/// Fill `source`/`target` of each summary from `event_actors`.
fn attach_actors(conn: &Connection, events: &mut [EventSummary]) -> DbResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
    let json = serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into());
    let mut st = conn.prepare(
        "SELECT event, entity, role FROM event_actors
         WHERE event IN (SELECT value FROM json_each(?1)) ORDER BY rowid",
    )?;
    let mut by_event: HashMap<String, (Vec<String>, Vec<String>)> = HashMap::new();
    let rows = st.query_map([json], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (ev, ent, role) = row?;
        let slot = by_event.entry(ev).or_default();
        // `location` rows are the event's place, shown from `events.location`.
        let list = match role.as_str() {
            "source" => &mut slot.0,
            "target" => &mut slot.1,
            _ => continue,
        };
        if !list.contains(&ent) {
            list.push(ent);
        }
    }
    for e in events {
        if let Some((s, t)) = by_event.remove(&e.id) {
            e.source = s;
            e.target = t;
        }
    }
    Ok(())
}

/// A page of events matching `f`, and the total number of matches.
pub fn events(conn: &Connection, f: &EventFilter) -> DbResult<(Vec<EventSummary>, i64)> {
    if !has_table(conn, "events")? {
        return Ok((Vec::new(), 0));
    }
    let actors = f
        .actors
        .as_ref()
        .map(|a| serde_json::to_string(a).unwrap_or_else(|_| "[]".into()));
    let filter = "FROM events e
         WHERE (?1 IS NULL OR e.type = ?1)
           AND (?2 IS NULL OR e.id IN (SELECT event FROM event_actors
                                       WHERE entity IN (SELECT value FROM json_each(?2))))
           AND (?3 IS NULL OR substr(e.date, 1, 10) >= ?3)
           AND (?4 IS NULL OR substr(e.date, 1, 10) <= ?4)
           AND (?5 IS NULL OR e.num_sources >= ?5)";
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) {filter}"),
        params![f.event_type, actors, f.from, f.to, f.min_sources],
        |r| r.get(0),
    )?;
    let mut st = conn.prepare(&format!(
        "SELECT {EVENT_COLUMNS} {filter}
         ORDER BY e.date DESC, e.num_sources DESC, e.id LIMIT ?6 OFFSET ?7"
    ))?;
    let rows = st.query_map(
        params![
            f.event_type,
            actors,
            f.from,
            f.to,
            f.min_sources,
            f.limit,
            f.offset
        ],
        summary_from_row,
    )?;
    let mut list = rows.collect::<DbResult<Vec<_>>>()?;
    attach_actors(conn, &mut list)?;
    Ok((list, total))
}

/// The most widely reported events.
pub fn top_events(conn: &Connection, limit: i64) -> DbResult<Vec<EventSummary>> {
    if !has_table(conn, "events")? {
        return Ok(Vec::new());
    }
    let mut st = conn.prepare(&format!(
        "SELECT {EVENT_COLUMNS} FROM events e
         ORDER BY e.num_sources DESC, e.num_articles DESC, e.date DESC, e.id LIMIT ?1"
    ))?;
    let rows = st.query_map([limit], summary_from_row)?;
    let mut list = rows.collect::<DbResult<Vec<_>>>()?;
    attach_actors(conn, &mut list)?;
    Ok(list)
}

/// The merged event document.
pub fn event(conn: &Connection, id: &str) -> DbResult<Option<EventDoc>> {
    if !has_table(conn, "events")? {
        return Ok(None);
    }
    let json: Option<String> = conn
        .query_row("SELECT json FROM events WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    Ok(json.map(|j| {
        let mut doc: EventDoc = serde_json::from_str(&j).unwrap_or_default();
        if doc.id.is_empty() {
            doc.id = id.to_owned();
        }
        doc
    }))
}

/// Events in which `entity` is a source or a target, with its role.
pub fn actor_events(conn: &Connection, entity: &str) -> DbResult<Vec<(String, EventSummary)>> {
    if !has_table(conn, "events")? {
        return Ok(Vec::new());
    }
    let mut st = conn.prepare(&format!(
        "SELECT {EVENT_COLUMNS}, a.role FROM event_actors a JOIN events e ON e.id = a.event
         WHERE a.entity = ?1 ORDER BY e.date DESC, e.id LIMIT 500"
    ))?;
    let rows = st.query_map([entity], |r| {
        Ok((r.get::<_, String>(8)?, summary_from_row(r)?))
    })?;
    let list = rows.collect::<DbResult<Vec<_>>>()?;
    let mut events: Vec<EventSummary> = list.iter().map(|(_, e)| e.clone()).collect();
    attach_actors(conn, &mut events)?;
    Ok(list.into_iter().map(|(role, _)| role).zip(events).collect())
}

/// Entities sharing events with `entity`: (co-actor id, number of shared events), most first.
pub fn co_actors(conn: &Connection, entity: &str, limit: i64) -> DbResult<Vec<(String, i64)>> {
    if !has_table(conn, "event_actors")? {
        return Ok(Vec::new());
    }
    let mut st = conn.prepare(
        "SELECT b.entity, count(DISTINCT b.event) AS n FROM event_actors a
         JOIN event_actors b ON b.event = a.event AND b.entity <> a.entity
              AND b.role IN ('source', 'target')
         WHERE a.entity = ?1 GROUP BY b.entity ORDER BY n DESC, b.entity LIMIT ?2",
    )?;
    let rows = st.query_map(params![entity, limit], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Actors with the most events.
pub fn top_actors(conn: &Connection, limit: i64) -> DbResult<Vec<(String, i64)>> {
    if !has_table(conn, "event_actors")? {
        return Ok(Vec::new());
    }
    let mut st = conn.prepare(
        "SELECT entity, count(DISTINCT event) AS n FROM event_actors
         GROUP BY entity ORDER BY n DESC, entity LIMIT ?1",
    )?;
    let rows = st.query_map([limit], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

pub fn article(conn: &Connection, id: &str) -> DbResult<Option<ArticleRow>> {
    conn.query_row(
        "SELECT id, url, outlet, title, published, text, duplicate_of, story FROM articles WHERE id = ?1",
        [id],
        |r| {
            Ok(ArticleRow {
                id: r.get(0)?,
                url: r.get(1)?,
                outlet: r.get(2)?,
                title: r.get(3)?,
                published: r.get(4)?,
                text: r.get(5)?,
                duplicate_of: r.get(6)?,
                story: r.get(7)?,
            })
        },
    )
    .optional()
}

/// Articles by id (for evidence context); missing ids are absent.
pub fn articles_by_id(conn: &Connection, ids: &[String]) -> DbResult<HashMap<String, ArticleRow>> {
    let mut out = HashMap::new();
    for id in ids {
        if !out.contains_key(id) {
            if let Some(a) = article(conn, id)? {
                out.insert(id.clone(), a);
            }
        }
    }
    Ok(out)
}

/// Entity mentions of an article, in text order.
pub fn article_mentions(conn: &Connection, article: &str) -> DbResult<Vec<MentionSpan>> {
    if !has_table(conn, "mentions")? {
        return Ok(Vec::new());
    }
    let mut st = conn.prepare(
        "SELECT m.entity, coalesce(e.kind, ''), coalesce(e.name, m.text), m.start, m.end
         FROM mentions m LEFT JOIN entities e ON e.id = m.entity
         WHERE m.article = ?1 ORDER BY m.start, m.end DESC",
    )?;
    let rows = st.query_map([article], |r| {
        Ok(MentionSpan {
            entity: r.get(0)?,
            kind: r.get(1)?,
            name: r.get(2)?,
            start: r.get::<_, i64>(3)?.max(0) as usize,
            end: r.get::<_, i64>(4)?.max(0) as usize,
        })
    })?;
    rows.collect()
}

/// Merged events with at least one mention in `article`, with those mentions.
pub fn article_events(conn: &Connection, article: &str) -> DbResult<Vec<EventDoc>> {
    if !has_table(conn, "events")? {
        return Ok(Vec::new());
    }
    // The LIKE prefilter avoids parsing every event's JSON; json_each makes the match exact.
    let mut st = conn.prepare(
        "SELECT e.json FROM events e
         WHERE e.json LIKE ?2 ESCAPE '\\'
           AND EXISTS (SELECT 1 FROM json_each(e.json, '$.mentions') m
                       WHERE json_extract(m.value, '$.article') = ?1)
         ORDER BY e.date, e.id",
    )?;
    let like = format!("%{}%", like_escape(article));
    let rows = st.query_map(params![article, like], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for j in rows {
        if let Ok(doc) = serde_json::from_str::<EventDoc>(&j?) {
            out.push(doc);
        }
    }
    Ok(out)
}

/// Claims found in `article`.
pub fn article_claims(conn: &Connection, article: &str) -> DbResult<Vec<ClaimDoc>> {
    if !has_table(conn, "claims")? {
        return Ok(Vec::new());
    }
    let mut st = conn.prepare("SELECT json FROM claims WHERE article = ?1 ORDER BY n")?;
    let rows = st.query_map([article], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for j in rows {
        if let Ok(c) = serde_json::from_str::<ClaimDoc>(&j?) {
            out.push(c);
        }
    }
    Ok(out)
}

/// All claims (bounded), with article outlet and date; originals only (duplicates would repeat them).
pub fn claims(conn: &Connection, limit: i64) -> DbResult<Vec<ClaimRow>> {
    if !has_table(conn, "claims")? {
        return Ok(Vec::new());
    }
    let mut st = conn.prepare(
        "SELECT c.article, a.outlet, a.published, c.json FROM claims c
         JOIN articles a ON a.id = c.article
         WHERE a.duplicate_of IS NULL ORDER BY a.published, c.article, c.n LIMIT ?1",
    )?;
    let rows = st.query_map([limit], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (article, outlet, published, json) = row?;
        if let Ok(claim) = serde_json::from_str::<ClaimDoc>(&json) {
            out.push(ClaimRow {
                article,
                outlet,
                published,
                claim,
            });
        }
    }
    Ok(out)
}

/// A story in the story list.
#[derive(Debug, Clone)]
pub struct StoryBrief {
    pub id: String,
    pub articles: i64,
    pub first: Option<String>,
    pub last: Option<String>,
    /// Title of its first stored article.
    pub title: Option<String>,
}

/// Stories with their article count and first/last date, largest first.
pub fn stories(conn: &Connection, limit: i64) -> DbResult<Vec<StoryBrief>> {
    let mut st = conn.prepare(
        "SELECT story, count(*) AS n, min(substr(published, 1, 10)), max(substr(published, 1, 10)),
                (SELECT title FROM articles b WHERE b.story = a.story ORDER BY b.seq LIMIT 1)
         FROM articles a WHERE story IS NOT NULL
         GROUP BY story ORDER BY n DESC, min(seq) LIMIT ?1",
    )?;
    let rows = st.query_map([limit], |r| {
        Ok(StoryBrief {
            id: r.get(0)?,
            articles: r.get(1)?,
            first: r.get(2)?,
            last: r.get(3)?,
            title: r.get(4)?,
        })
    })?;
    rows.collect()
}

/// Articles of a story in publication order.
pub fn story_articles(conn: &Connection, story: &str) -> DbResult<Vec<ArticleBrief>> {
    let mut st = conn.prepare(
        "SELECT id, outlet, title, published, duplicate_of FROM articles
         WHERE story = ?1 ORDER BY published, seq LIMIT 1000",
    )?;
    let rows = st.query_map([story], brief_from_row)?;
    rows.collect()
}

fn brief_from_row(r: &rusqlite::Row<'_>) -> DbResult<ArticleBrief> {
    Ok(ArticleBrief {
        id: r.get(0)?,
        outlet: r.get(1)?,
        title: r.get(2)?,
        published: r.get(3)?,
        duplicate_of: r.get(4)?,
    })
}

/// Events with a mention in any of `articles`, de-duplicated, by date.
pub fn events_of_articles(conn: &Connection, articles: &[String]) -> DbResult<Vec<EventDoc>> {
    let mut seen: BTreeMap<String, EventDoc> = BTreeMap::new();
    for a in articles {
        for e in article_events(conn, a)? {
            seen.entry(e.id.clone()).or_insert(e);
        }
    }
    let mut list: Vec<EventDoc> = seen.into_values().collect();
    list.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
    Ok(list)
}

/// A search hit: article and the char offset of the first match in its text (if the match is in the text).
#[derive(Debug, Clone)]
pub struct SearchHit {
    pub article: ArticleBrief,
    pub text: String,
}

/// Substring search over titles and texts (SQL LIKE; used until a full-text index is wired in).
pub fn search_like(conn: &Connection, q: &str, limit: i64) -> DbResult<(Vec<SearchHit>, i64)> {
    let like = format!("%{}%", like_escape(q));
    let total: i64 = conn.query_row(
        "SELECT count(*) FROM articles WHERE duplicate_of IS NULL
           AND (title LIKE ?1 ESCAPE '\\' OR text LIKE ?1 ESCAPE '\\')",
        [&like],
        |r| r.get(0),
    )?;
    let mut st = conn.prepare(
        "SELECT id, outlet, title, published, duplicate_of, text FROM articles
         WHERE duplicate_of IS NULL AND (title LIKE ?1 ESCAPE '\\' OR text LIKE ?1 ESCAPE '\\')
         ORDER BY (title LIKE ?1 ESCAPE '\\') DESC, published DESC, seq LIMIT ?2",
    )?;
    let rows = st.query_map(params![like, limit], |r| {
        Ok(SearchHit {
            article: brief_from_row(r)?,
            text: r.get(5)?,
        })
    })?;
    Ok((rows.collect::<DbResult<Vec<_>>>()?, total))
}

#[cfg(test)]
pub(crate) mod fixture {
    //! A small database with every table the pages read (events tables as schema v5 defines them).

    use rusqlite::{params, Connection};

    pub const EVENT_ID: &str = "ev1";
    pub const ARTICLE_A: &str = "a1";
    pub const ARTICLE_B: &str = "b2";
    pub const TEXT_A: &str = "تونس 6 جوان 2017\nالتقى وزير الخارجية التونسي نظيره القطري في الدوحة أمس.\n<script>alert(1)</script> وأسفر القصف عن مقتل ١٢ شخصا.";
    pub const TEXT_B: &str =
        "قال مصدر إن الوزيرين التقيا في الدوحة.\nوقالت الصحة إن 15 شخصا قتلوا.";

    pub fn db() -> Connection {
        let conn = Connection::open_in_memory().expect("memory db");
        conn.execute_batch(
            "CREATE TABLE articles (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
                origin TEXT NOT NULL, url TEXT, outlet TEXT, title TEXT, published TEXT, header_date TEXT,
                text TEXT NOT NULL, encoding TEXT NOT NULL, format TEXT NOT NULL, duplicate_of TEXT, story TEXT);
             CREATE TABLE entities (id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL,
                name_en TEXT, country TEXT, role TEXT, wikidata TEXT, lat REAL, lon REAL);
             CREATE TABLE mentions (article TEXT NOT NULL, entity TEXT NOT NULL, start INTEGER NOT NULL,
                end INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (article, start, end, entity));
             CREATE TABLE event_mentions (article TEXT NOT NULL, n INTEGER NOT NULL, json TEXT NOT NULL);
             CREATE TABLE claims (article TEXT NOT NULL, n INTEGER NOT NULL, json TEXT NOT NULL);
             CREATE TABLE events (id TEXT PRIMARY KEY, type TEXT NOT NULL, mode TEXT NOT NULL, date TEXT,
                date_precision TEXT NOT NULL, location TEXT, num_articles INTEGER NOT NULL,
                num_sources INTEGER NOT NULL, json TEXT NOT NULL);
             CREATE TABLE event_actors (event TEXT NOT NULL, entity TEXT NOT NULL, role TEXT NOT NULL);",
        )
        .expect("schema");
        let art = |id: &str, outlet: &str, title: &str, text: &str| {
            conn.execute(
                "INSERT INTO articles (id, origin, outlet, title, published, text, encoding, format, story)
                 VALUES (?1, 'test', ?2, ?3, '2017-06-06', ?4, 'utf-8', 'text', 's-a1')",
                params![id, outlet, title, text],
            )
            .expect("article");
        };
        art(ARTICLE_A, "جوهرة أف أم", "لقاء <b>تونسي</b> قطري", TEXT_A);
        art(ARTICLE_B, "وكالة", "الوزيران في الدوحة", TEXT_B);
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
        conn.execute(
            "INSERT INTO events VALUES (?1, 'CONSULT', 'asserted', '2017-06-05', 'day', 'location:qat', 2, 2, ?2)",
            params![EVENT_ID, doc.to_string()],
        )
        .expect("event");
        conn.execute_batch(
            "INSERT INTO event_actors VALUES ('ev1', 'tun-fm', 'source'), ('ev1', 'qat-fm', 'target');",
        )
        .expect("actors");
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
        conn
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
    fn event_filters_by_type_actor_dates_and_sources() {
        let conn = fixture::db();
        let base = EventFilter {
            limit: 50,
            ..EventFilter::default()
        };
        let (all, n) = events(&conn, &base).unwrap();
        assert_eq!((all.len(), n), (1, 1));
        assert_eq!(all[0].source, vec!["tun-fm"]);
        assert_eq!(all[0].target, vec!["qat-fm"]);
        let none = |f: EventFilter| events(&conn, &f).unwrap().1;
        assert_eq!(
            none(EventFilter {
                event_type: Some("ASSAULT".into()),
                ..base.clone()
            }),
            0
        );
        assert_eq!(
            none(EventFilter {
                actors: Some(vec!["qat-fm".into()]),
                ..base.clone()
            }),
            1
        );
        assert_eq!(
            none(EventFilter {
                actors: Some(vec![]),
                ..base.clone()
            }),
            0
        );
        assert_eq!(
            none(EventFilter {
                from: Some("2017-06-06".into()),
                ..base.clone()
            }),
            0
        );
        assert_eq!(
            none(EventFilter {
                to: Some("2017-06-05".into()),
                ..base.clone()
            }),
            1
        );
        assert_eq!(
            none(EventFilter {
                min_sources: Some(3),
                ..base.clone()
            }),
            0
        );
    }

    #[test]
    fn entities_are_found_by_any_spelling() {
        let conn = fixture::db();
        assert_eq!(
            find_entities(&conn, "الوزيرين", 10).unwrap(),
            vec!["tun-fm"]
        );
        assert_eq!(find_entities(&conn, "qat-fm", 10).unwrap(), vec!["qat-fm"]);
        assert!(find_entities(&conn, "%", 10).unwrap().is_empty());
        assert_eq!(spellings(&conn, "tun-fm").unwrap().len(), 2);
        assert_eq!(
            co_actors(&conn, "tun-fm", 10).unwrap(),
            vec![("qat-fm".to_string(), 1)]
        );
    }

    #[test]
    fn article_events_match_mentions_exactly() {
        let conn = fixture::db();
        assert_eq!(article_events(&conn, fixture::ARTICLE_A).unwrap().len(), 1);
        // "a" is a substring of the JSON but not an article id of any mention.
        assert!(article_events(&conn, "a").unwrap().is_empty());
    }

    #[test]
    fn missing_event_tables_mean_no_events() {
        let conn = Connection::open_in_memory().unwrap();
        assert!(timeline(&conn).unwrap().is_empty());
        assert!(event(&conn, "x").unwrap().is_none());
        assert!(top_actors(&conn, 5).unwrap().is_empty());
    }
}
