//! Read-only access to the rasd SQLite database: the articles to index and their texts for snippets.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::SearchError;

/// One stored article with what the index needs from the other tables.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SourceArticle {
    pub seq: i64,
    pub id: String,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub text: String,
    pub duplicate_of: Option<String>,
    pub story: Option<String>,
    /// Distinct entity ids mentioned in the article.
    pub entities: Vec<String>,
    /// Distinct PLOVER event types coded in the article (`CONSULT`, `ACCUSE`, …).
    pub event_types: Vec<String>,
}

/// Open the database read-only, checking that it exists and is a rasd database.
pub(crate) fn open_db(path: &Path) -> Result<Connection, SearchError> {
    if !path.is_file() {
        return Err(SearchError::NoDatabase(path.to_path_buf()));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| SearchError::Database(path.to_path_buf(), e))?;
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(|e| SearchError::Database(path.to_path_buf(), e))?;
    if !has_table(&conn, "articles").map_err(|e| SearchError::Database(path.to_path_buf(), e))? {
        return Err(SearchError::NotRasdDatabase(path.to_path_buf()));
    }
    Ok(conn)
}

fn has_table(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [name],
        |_| Ok(()),
    )
    .optional()
    .map(|r| r.is_some())
}

/// The id of the article stored with `seq`, if any (to check that an index belongs to this database).
pub(crate) fn id_at_seq(conn: &Connection, seq: i64) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT id FROM articles WHERE seq = ?1", [seq], |r| {
        r.get(0)
    })
    .optional()
}

/// Highest stored `seq` (0 when empty).
pub(crate) fn max_seq(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM articles", [], |r| {
        r.get(0)
    })
}

/// The clean text of an article.
pub(crate) fn article_text(conn: &Connection, id: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT text FROM articles WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()
}

/// Visit every article with `seq > after`, in `seq` order, with its entity ids and event types.
pub(crate) fn for_each_article_after(
    conn: &Connection,
    after: i64,
    mut f: impl FnMut(SourceArticle) -> Result<(), SearchError>,
) -> Result<(), SearchError> {
    let with_mentions = has_table(conn, "mentions")?;
    let with_events = has_table(conn, "event_mentions")?;
    let mut stmt = conn.prepare(
        "SELECT seq, id, outlet, title, published, text, duplicate_of, story
         FROM articles WHERE seq > ?1 ORDER BY seq",
    )?;
    let mut ent_stmt = if with_mentions {
        Some(conn.prepare("SELECT DISTINCT entity FROM mentions WHERE article = ?1")?)
    } else {
        None
    };
    let mut ev_stmt = if with_events {
        Some(conn.prepare("SELECT json FROM event_mentions WHERE article = ?1 ORDER BY n")?)
    } else {
        None
    };
    let mut rows = stmt.query([after])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(1)?;
        let mut entities: Vec<String> = match ent_stmt.as_mut() {
            Some(s) => s
                .query_map([&id], |r| r.get(0))?
                .collect::<Result<_, _>>()?,
            None => Vec::new(),
        };
        entities.sort();
        let mut event_types = Vec::new();
        if let Some(s) = ev_stmt.as_mut() {
            let jsons: Vec<String> = s
                .query_map([&id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            for json in jsons {
                // A malformed event row is ignored for search: it must not stop indexing.
                if let Some(t) = event_type_of(&json) {
                    if !event_types.contains(&t) {
                        event_types.push(t);
                    }
                }
            }
        }
        f(SourceArticle {
            seq: r.get(0)?,
            id,
            outlet: r.get(2)?,
            title: r.get(3)?,
            published: r.get(4)?,
            text: r.get(5)?,
            duplicate_of: r.get(6)?,
            story: r.get(7)?,
            entities,
            event_types,
        })?;
    }
    Ok(())
}

/// The PLOVER type (`"type"` field) of an event-mention JSON document, upper-cased.
fn event_type_of(json: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct TypeOnly {
        #[serde(rename = "type")]
        event_type: String,
    }
    serde_json::from_str::<TypeOnly>(json)
        .ok()
        .map(|t| t.event_type.trim().to_uppercase())
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_type_is_read_from_the_type_field() {
        assert_eq!(
            event_type_of(r#"{"type":"CONSULT","cameo":"040","start":0}"#),
            Some("CONSULT".into())
        );
        assert_eq!(event_type_of(r#"{"type":"accuse"}"#), Some("ACCUSE".into()));
        assert_eq!(event_type_of("not json"), None);
        assert_eq!(event_type_of(r#"{"cameo":"040"}"#), None);
    }

    #[test]
    fn a_missing_database_is_reported_not_created() {
        let path = std::env::temp_dir().join("rasd-search-no-such-db-7f3a.db");
        assert!(matches!(open_db(&path), Err(SearchError::NoDatabase(_))));
        assert!(!path.exists());
    }
}
