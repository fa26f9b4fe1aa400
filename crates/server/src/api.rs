//! The JSON REST API under `/api`: parameter validation, handlers over [`crate::db`], ingest, OpenAPI.
//!
//! Every bad input is a 4xx JSON `{"error": "...", "param": "..."}`; a 5xx means a server fault
//! (database unreadable), never user input. Lists return `{"items": [...], "next": cursor|null}`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;

use crate::db::{self, Cursor, DbError, DEFAULT_LIMIT, MAX_LIMIT};
use crate::AppState;

/// Largest accepted POST /api/ingest body.
pub const MAX_INGEST_BYTES: usize = 10 * 1024 * 1024;

/// Every API route (method, path as in the OpenAPI document).
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/api/articles"),
    ("get", "/api/articles/{id}"),
    ("get", "/api/entities"),
    ("get", "/api/entities/{id}"),
    ("get", "/api/events"),
    ("get", "/api/events/{id}"),
    ("get", "/api/claims"),
    ("get", "/api/stories"),
    ("get", "/api/stories/{id}"),
    ("get", "/api/stats"),
    ("get", "/api/openapi.json"),
    ("get", "/api/docs"),
    ("post", "/api/ingest"),
];

/// The OpenAPI 3.1 document (hand-written; `tests/api.rs` checks it lists every route).
pub const OPENAPI_JSON: &str = include_str!("api/openapi.json");
const DOCS_HTML: &str = include_str!("api/docs.html");

/// Routes under `/api`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/articles", get(list_articles))
        .route("/api/articles/{id}", get(get_article))
        .route("/api/entities", get(list_entities))
        .route("/api/entities/{id}", get(get_entity))
        .route("/api/events", get(list_events))
        .route("/api/events/{id}", get(get_event))
        .route("/api/claims", get(list_claims))
        .route("/api/stories", get(list_stories))
        .route("/api/stories/{id}", get(get_story))
        .route("/api/stats", get(stats))
        .route("/api/openapi.json", get(openapi))
        .route("/api/docs", get(docs))
        .route(
            "/api/ingest",
            post(ingest).layer(DefaultBodyLimit::max(MAX_INGEST_BYTES)),
        )
        .route("/api", get(not_found))
        .route("/api/", get(not_found))
        .route("/api/{*rest}", get(not_found).post(not_found))
}

// ---------------------------------------------------------------- errors

/// A JSON error response.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub error: String,
    pub param: Option<String>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    param: Option<&'a str>,
}

impl ApiError {
    pub fn bad(param: &str, error: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            error: error.into(),
            param: Some(param.to_owned()),
        }
    }

    pub fn not_found(what: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            error: what.into(),
            param: None,
        }
    }

    fn status(status: StatusCode, error: impl Into<String>) -> ApiError {
        ApiError {
            status,
            error: error.into(),
            param: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: &self.error,
            param: self.param.as_deref(),
        };
        let mut resp = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        resp
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> ApiError {
        eprintln!("api: {e}");
        ApiError::status(StatusCode::INTERNAL_SERVER_ERROR, "internal database error")
    }
}

impl From<QueryRejection> for ApiError {
    fn from(e: QueryRejection) -> ApiError {
        ApiError::bad(
            "query",
            format!("malformed query string: {}", e.body_text()),
        )
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

async fn not_found() -> ApiError {
    ApiError::not_found("no such API route (see /api/openapi.json)")
}

// ---------------------------------------------------------------- parameters

/// Query-string parameters of one request, checked against the names a route accepts.
pub struct Params {
    pairs: Vec<(String, String)>,
}

/// Longest accepted id or free-text parameter (chars).
const MAX_PARAM_CHARS: usize = 500;

impl Params {
    /// Parse and reject parameters the route does not know (a typo must not silently match everything).
    pub fn new(
        query: Result<Query<Vec<(String, String)>>, QueryRejection>,
        known: &[&str],
    ) -> Result<Params, ApiError> {
        let Query(pairs) = query?;
        for (k, v) in &pairs {
            if !known.contains(&k.as_str()) {
                return Err(ApiError::bad(
                    k,
                    format!(
                        "unknown parameter; this route accepts: {}",
                        known.join(", ")
                    ),
                ));
            }
            if v.chars().count() > MAX_PARAM_CHARS {
                return Err(ApiError::bad(
                    k,
                    format!("value longer than {MAX_PARAM_CHARS} characters"),
                ));
            }
        }
        Ok(Params { pairs })
    }

    /// A single-valued parameter (empty counts as absent; repeated is an error).
    pub fn one(&self, name: &str) -> Result<Option<&str>, ApiError> {
        let mut vals = self
            .pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty());
        let first = vals.next();
        if vals.next().is_some() {
            return Err(ApiError::bad(name, "given more than once"));
        }
        Ok(first)
    }

    /// A multi-valued parameter: repeated and/or comma-separated.
    pub fn many(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    }

    pub fn limit(&self) -> Result<usize, ApiError> {
        match self.one("limit")? {
            None => Ok(DEFAULT_LIMIT),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
                Ok(n) if n > MAX_LIMIT => Err(ApiError::bad(
                    "limit",
                    format!("limit {n} is larger than the maximum {MAX_LIMIT}"),
                )),
                _ => Err(ApiError::bad(
                    "limit",
                    format!("limit must be an integer from 1 to {MAX_LIMIT}, got {v:?}"),
                )),
            },
        }
    }

    pub fn cursor(&self) -> Result<Option<Cursor>, ApiError> {
        match self.one("cursor")? {
            None => Ok(None),
            Some(v) => Cursor::decode(v).map(Some).ok_or_else(|| {
                ApiError::bad(
                    "cursor",
                    "invalid cursor (use the `next` value of the previous page unchanged)",
                )
            }),
        }
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real calendar date.
    pub fn date(&self, name: &str) -> Result<Option<String>, ApiError> {
        let Some(v) = self.one(name)? else {
            return Ok(None);
        };
        if valid_date(v) {
            Ok(Some(v.to_owned()))
        } else {
            Err(ApiError::bad(
                name,
                format!("invalid date {v:?}: expected YYYY-MM-DD, YYYY-MM or YYYY"),
            ))
        }
    }

    /// `from` and `to`, checked to be in order.
    pub fn date_range(&self) -> Result<(Option<String>, Option<String>), ApiError> {
        let from = self.date("from")?;
        let to = self.date("to")?;
        if let (Some(f), Some(t)) = (&from, &to) {
            if f.as_str() > t.as_str() && !f.starts_with(t.as_str()) {
                return Err(ApiError::bad(
                    "to",
                    format!("to ({t}) is before from ({f})"),
                ));
            }
        }
        Ok((from, to))
    }

    /// An id-like value (entity id, article id, outlet name): any text, length-limited.
    pub fn text(&self, name: &str) -> Result<Option<String>, ApiError> {
        Ok(self.one(name)?.map(str::to_owned))
    }

    pub fn bool(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.one(name)? {
            None => Ok(None),
            Some("true" | "1" | "yes") => Ok(Some(true)),
            Some("false" | "0" | "no") => Ok(Some(false)),
            Some(v) => Err(ApiError::bad(
                name,
                format!("expected true or false, got {v:?}"),
            )),
        }
    }

    pub fn uint(&self, name: &str, max: u32) -> Result<Option<u32>, ApiError> {
        match self.one(name)? {
            None => Ok(None),
            Some(v) => match v.parse::<u32>() {
                Ok(n) if n <= max => Ok(Some(n)),
                _ => Err(ApiError::bad(
                    name,
                    format!("expected an integer from 0 to {max}, got {v:?}"),
                )),
            },
        }
    }
}

fn valid_date(v: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = v.split('-').collect();
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && matches!(m.parse::<u8>(), Ok(1..=12)),
        [_, _, _] => rasd_core::Ymd::parse_iso(v).is_some_and(|d| d.iso() == v),
        _ => false,
    }
}

/// A path id: non-empty and of sane length (else 400), to be looked up (else 404).
fn path_id(id: &str) -> Result<&str, ApiError> {
    if id.is_empty() || id.chars().count() > MAX_PARAM_CHARS {
        return Err(ApiError::bad("id", "id must be 1 to 500 characters"));
    }
    Ok(id)
}

// ---------------------------------------------------------------- events

fn event_filter(p: &Params) -> Result<db::EventFilter, ApiError> {
    let mut types = Vec::new();
    for t in p.many("type") {
        let parsed = t.parse::<rasd_events::EventType>().map_err(|_| {
            let all: Vec<&str> = rasd_events::EventType::ALL
                .iter()
                .map(|t| t.as_str())
                .collect();
            ApiError::bad(
                "type",
                format!(
                    "unknown event type {t:?}; PLOVER types are {}",
                    all.join(", ")
                ),
            )
        })?;
        types.push(parsed.as_str().to_owned());
    }
    let mode = match p.one("mode")? {
        None => None,
        Some(m) => {
            let m = m.to_ascii_lowercase();
            let modes: Vec<&str> = rasd_events::Mode::ALL.iter().map(|m| m.as_str()).collect();
            if !modes.contains(&m.as_str()) {
                return Err(ApiError::bad(
                    "mode",
                    format!("unknown mode {m:?}; modes are {}", modes.join(", ")),
                ));
            }
            Some(m)
        }
    };
    let country = match p.one("country")? {
        None => None,
        Some(c) if c.len() == 3 && c.bytes().all(|b| b.is_ascii_alphabetic()) => {
            Some(c.to_ascii_uppercase())
        }
        Some(c) => {
            return Err(ApiError::bad(
                "country",
                format!("expected an ISO 3166-1 alpha-3 code such as TUR, got {c:?}"),
            ))
        }
    };
    let (from, to) = p.date_range()?;
    Ok(db::EventFilter {
        types,
        actor: p.text("actor")?,
        country,
        from,
        to,
        location: p.text("location")?,
        min_sources: p.uint("min_sources", 100_000)?,
        mode,
    })
}

async fn list_events(
    State(st): State<Arc<AppState>>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult<db::Page<db::EventSummary>> {
    let p = Params::new(
        q,
        &[
            "type",
            "actor",
            "country",
            "from",
            "to",
            "location",
            "min_sources",
            "mode",
            "limit",
            "cursor",
        ],
    )?;
    let filter = event_filter(&p)?;
    let limit = p.limit()?;
    let cursor = p.cursor()?;
    let page = st
        .db
        .call(move |c| db::list_events(c, &filter, limit, cursor.as_ref()))
        .await?;
    Ok(Json(page))
}

async fn get_event(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> ApiResult<db::EventDetail> {
    path_id(&id)?;
    let idc = id.clone();
    st.db
        .call(move |c| db::get_event(c, &idc))
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no event with id {id:?}")))
}

// ---------------------------------------------------------------- articles

/// Body of GET /api/articles: a page, and how `q` was matched.
#[derive(Serialize)]
struct ArticlePage {
    items: Vec<db::ArticleSummary>,
    next: Option<String>,
    /// How `q` was matched: `index` (full-text index, ranked) or `substring` (folded text scan,
    /// used when no index exists or with `has_events`).
    #[serde(skip_serializing_if = "Option::is_none")]
    search: Option<&'static str>,
    /// Number of matching articles (index search only).
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<usize>,
}

async fn list_articles(
    State(st): State<Arc<AppState>>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult<ArticlePage> {
    let p = Params::new(
        q,
        &[
            "q",
            "from",
            "to",
            "outlet",
            "entity",
            "story",
            "has_events",
            "limit",
            "cursor",
        ],
    )?;
    let (from, to) = p.date_range()?;
    let text = p.text("q")?;
    if text
        .as_deref()
        .is_some_and(|t| rasd_text::fold(t).trim().is_empty())
    {
        return Err(ApiError::bad("q", "the query has no searchable characters"));
    }
    let has_events = p.bool("has_events")?;
    if let (Some(q), None, Some(index)) = (&text, has_events, st.search_index()) {
        return search_articles(&st, index, &p, q, from, to).await;
    }
    let search = text.as_ref().map(|_| "substring");
    let filter = db::ArticleFilter {
        text,
        from,
        to,
        outlet: p.text("outlet")?,
        entity: p.text("entity")?,
        story: p.text("story")?,
        has_events,
        ids: None,
    };
    let limit = p.limit()?;
    let cursor = p.cursor()?;
    if cursor
        .as_ref()
        .is_some_and(|c| c.tie.parse::<i64>().is_err() || c.key.as_deref() == Some("offset"))
    {
        return Err(ApiError::bad(
            "cursor",
            "this cursor does not belong to /api/articles",
        ));
    }
    let page = st
        .db
        .call(move |c| db::list_articles(c, &filter, limit, cursor.as_ref()))
        .await?;
    Ok(Json(ArticlePage {
        items: page.items,
        next: page.next,
        search,
        total: None,
    }))
}

/// A `YYYY[-MM[-DD]]` bound as a day: the first day of the period (`end = false`) or the last.
fn bound_day(v: &str, end: bool) -> Option<rasd_core::Ymd> {
    match v.len() {
        10 => rasd_core::Ymd::parse_iso(v),
        7 if end => (28..=31)
            .rev()
            .find_map(|d| rasd_core::Ymd::parse_iso(&format!("{v}-{d}"))),
        7 => rasd_core::Ymd::parse_iso(&format!("{v}-01")),
        4 if end => rasd_core::Ymd::parse_iso(&format!("{v}-12-31")),
        4 => rasd_core::Ymd::parse_iso(&format!("{v}-01-01")),
        _ => None,
    }
}

/// `/api/articles?q=` through the full-text index: ranked, duplicates collapsed, paged by offset.
async fn search_articles(
    st: &Arc<AppState>,
    index: Arc<rasd_search::SearchIndex>,
    p: &Params,
    q: &str,
    from: Option<String>,
    to: Option<String>,
) -> ApiResult<ArticlePage> {
    let limit = p.limit()?;
    let offset = offset_cursor(p)?;
    let query = rasd_search::SearchQuery {
        text: q.to_owned(),
        from: from.as_deref().and_then(|f| bound_day(f, false)),
        to: to.as_deref().and_then(|t| bound_day(t, true)),
        outlet: p.text("outlet")?,
        entity: p.text("entity")?,
        story: p.text("story")?,
        limit: limit + 1,
        offset,
        ..rasd_search::SearchQuery::default()
    };
    let results = tokio::task::spawn_blocking(move || index.search(&query))
        .await
        .map_err(|e| DbError::Worker(e.to_string()))?
        .map_err(|e| match e {
            rasd_search::SearchError::Query(e) => ApiError::bad("q", format!("invalid query: {e}")),
            e => {
                eprintln!("api search: {e}");
                ApiError::status(StatusCode::INTERNAL_SERVER_ERROR, "search index error")
            }
        })?;
    let next = next_offset(offset, limit, results.hits.len());
    let mut hits = results.hits;
    hits.truncate(limit);
    let ids: Vec<String> = hits.iter().map(|h| h.article.clone()).collect();
    let mut items = st.db.call(move |c| db::article_summaries(c, &ids)).await?;
    for it in &mut items {
        if let Some(h) = hits.iter().find(|h| h.article == it.id) {
            it.snippet = h.snippet.clone();
        }
    }
    Ok(Json(ArticlePage {
        items,
        next,
        search: Some("index"),
        total: Some(results.total),
    }))
}

async fn get_article(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> ApiResult<db::ArticleDetail> {
    path_id(&id)?;
    let idc = id.clone();
    st.db
        .call(move |c| db::get_article(c, &idc))
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no article with id {id:?}")))
}

// ---------------------------------------------------------------- entities

const ENTITY_KINDS: [&str; 3] = ["person", "organization", "location"];

/// Ranked lists page by offset; the cursor carries it.
fn offset_cursor(p: &Params) -> Result<usize, ApiError> {
    match p.cursor()? {
        None => Ok(0),
        Some(c) if c.key.as_deref() == Some("offset") => c
            .tie
            .parse::<usize>()
            .map_err(|_| ApiError::bad("cursor", "invalid cursor")),
        Some(_) => Err(ApiError::bad(
            "cursor",
            "this cursor does not belong to this list",
        )),
    }
}

fn next_offset(offset: usize, limit: usize, got: usize) -> Option<String> {
    (got > limit).then(|| {
        Cursor {
            key: Some("offset".into()),
            tie: (offset + limit).to_string(),
        }
        .encode()
    })
}

async fn list_entities(
    State(st): State<Arc<AppState>>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult<db::Page<db::EntitySummary>> {
    let p = Params::new(q, &["q", "kind", "limit", "cursor"])?;
    let query = p.text("q")?.unwrap_or_default();
    let kind = match p.one("kind")? {
        None => None,
        Some(k) if ENTITY_KINDS.contains(&k) => Some(k.to_owned()),
        Some(k) => {
            return Err(ApiError::bad(
                "kind",
                format!("unknown kind {k:?}; kinds are {}", ENTITY_KINDS.join(", ")),
            ))
        }
    };
    let limit = p.limit()?;
    let offset = offset_cursor(&p)?;
    let db = st.db.clone();
    let mut items = st
        .db
        .call(move |c| db.search_entities(c, &query, kind.as_deref(), limit + 1, offset))
        .await?;
    let next = next_offset(offset, limit, items.len());
    items.truncate(limit);
    Ok(Json(db::Page { items, next }))
}

async fn get_entity(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> ApiResult<db::EntityDetail> {
    path_id(&id)?;
    let idc = id.clone();
    st.db
        .call(move |c| db::get_entity(c, &idc))
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no entity with id {id:?}")))
}

// ---------------------------------------------------------------- claims, stories, stats

/// Units the claim finder produces.
const CLAIM_UNITS: [&str; 11] = rasd_events::claims::UNITS;

async fn list_claims(
    State(st): State<Arc<AppState>>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult<db::Page<db::ClaimItem>> {
    let p = Params::new(
        q,
        &[
            "unit", "claimant", "article", "from", "to", "limit", "cursor",
        ],
    )?;
    let unit = match p.one("unit")? {
        None => None,
        Some(u) if CLAIM_UNITS.contains(&u) => Some(u.to_owned()),
        Some(u) => {
            return Err(ApiError::bad(
                "unit",
                format!("unknown unit {u:?}; units are {}", CLAIM_UNITS.join(", ")),
            ))
        }
    };
    let (from, to) = p.date_range()?;
    let filter = db::ClaimFilter {
        unit,
        claimant: p.text("claimant")?,
        article: p.text("article")?,
        from,
        to,
    };
    let limit = p.limit()?;
    let cursor = p.cursor()?;
    if cursor
        .as_ref()
        .is_some_and(|c| c.key.is_some() || c.tie.parse::<i64>().is_err())
    {
        return Err(ApiError::bad(
            "cursor",
            "this cursor does not belong to /api/claims",
        ));
    }
    let page = st
        .db
        .call(move |c| db::list_claims(c, &filter, limit, cursor.as_ref()))
        .await?;
    Ok(Json(page))
}

async fn list_stories(
    State(st): State<Arc<AppState>>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult<db::Page<db::StorySummary>> {
    let p = Params::new(q, &["min_articles", "from", "to", "limit", "cursor"])?;
    let (from, to) = p.date_range()?;
    let filter = db::StoryFilter {
        min_articles: p.uint("min_articles", 1_000_000)?,
        from,
        to,
    };
    let limit = p.limit()?;
    let cursor = p.cursor()?;
    let d = st.db.clone();
    let page = st
        .db
        .call(move |c| d.list_stories(c, &filter, limit, cursor.as_ref()))
        .await?;
    Ok(Json(page))
}

async fn get_story(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> ApiResult<db::StoryDetail> {
    path_id(&id)?;
    let idc = id.clone();
    st.db
        .call(move |c| db::get_story(c, &idc))
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no story with id {id:?}")))
}

async fn stats(
    State(st): State<Arc<AppState>>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult<db::Stats> {
    Params::new(q, &[])?;
    let d = st.db.clone();
    Ok(Json(st.db.call(move |c| d.stats(c)).await?))
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON).into_response()
}

async fn docs() -> Html<&'static str> {
    Html(DOCS_HTML)
}

// ---------------------------------------------------------------- ingest

/// Result of POST /api/ingest.
#[derive(Debug, Serialize)]
pub struct IngestReport {
    pub new: usize,
    pub existing: usize,
    pub skipped: usize,
    /// `origin: reason` of every skipped record.
    pub skips: Vec<String>,
    /// Merged events in the database after this ingest.
    pub events: Option<usize>,
}

struct CollectSkips(Vec<String>);

impl rasd_pipeline::Observer for CollectSkips {
    fn skip(&mut self, skip: &rasd_ingest::Skip) {
        self.0.push(skip.to_string());
    }
}

/// What a Content-Type says the body is (the reader still checks the content).
fn body_kind(headers: &HeaderMap) -> Result<&'static str, ApiError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match ct.as_str() {
        "application/x-ndjson"
        | "application/jsonl"
        | "application/json-lines"
        | "application/x-jsonlines"
        | "application/json" => Ok("jsonl"),
        "text/html" | "application/xhtml+xml" => Ok("html"),
        "" => Err(ApiError {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            error: "missing Content-Type: send application/x-ndjson (JSONL) or text/html".into(),
            param: Some("Content-Type".into()),
        }),
        other => Err(ApiError {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            error: format!(
                "unsupported Content-Type {other:?}: send application/x-ndjson (JSONL) or text/html"
            ),
            param: Some("Content-Type".into()),
        }),
    }
}

fn check_token(st: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = st.config.ingest_token.as_deref() else {
        return Ok(());
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        // Compare without an early exit so timing does not reveal a common prefix.
        Some(g)
            if g.len() == expected.len()
                && g.bytes()
                    .zip(expected.bytes())
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0 =>
        {
            Ok(())
        }
        Some(_) => Err(ApiError::status(
            StatusCode::UNAUTHORIZED,
            "invalid bearer token",
        )),
        None => Err(ApiError::status(
            StatusCode::UNAUTHORIZED,
            "this server requires `Authorization: Bearer <token>` for ingest",
        )),
    }
}

async fn ingest(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<IngestReport>, ApiError> {
    check_token(&st, &headers)?;
    let kind = body_kind(&headers)?;
    let body = body.map_err(|e| ApiError {
        status: e.status(),
        error: if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            format!("body larger than {MAX_INGEST_BYTES} bytes")
        } else {
            e.body_text()
        },
        param: Some("body".into()),
    })?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad("body", "empty body"));
    }
    let state = Arc::clone(&st);
    let report = tokio::task::spawn_blocking(move || run_ingest(&state, kind, &body))
        .await
        .map_err(|e| DbError::Worker(e.to_string()))??;
    Ok(Json(report))
}

fn run_ingest(st: &AppState, kind: &str, body: &[u8]) -> Result<IngestReport, ApiError> {
    let fault = |e: &dyn std::fmt::Display| {
        eprintln!("api ingest: {e}");
        ApiError::status(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("ingest failed: {e}"),
        )
    };
    let _one_writer = st
        .ingest_lock
        .lock()
        .map_err(|_| fault(&"ingest lock poisoned"))?;
    let mut store = rasd_store::Store::open(&st.config.db).map_err(|e| fault(&e))?;
    let preparer = rasd_ingest::Preparer::new(rasd_ingest::clean::CleanRules::builtin());
    let annotator = st.annotator().map_err(|e| fault(&e))?;
    let mut obs = CollectSkips(Vec::new());
    let origin = format!("api-upload.{kind}");
    let summary = {
        let mut ing = rasd_pipeline::Ingestor::new(&mut store, preparer)
            .map_err(|e| fault(&e))?
            .with_entities(annotator);
        ing.ingest_bytes(&origin, body, &mut obs)
            .map_err(|e| fault(&e))?;
        ing.finish().map_err(|e| fault(&e))?
    };
    let events = if summary.new > 0 {
        materialize_events(&mut store).map_err(|e| fault(&e))?
    } else {
        None
    };
    drop(store);
    if summary.new > 0 {
        update_search_index(st);
        crate::warm_caches(&st.db);
    }
    Ok(IngestReport {
        new: summary.new,
        existing: summary.existing,
        skipped: summary.skipped,
        skips: obs.0,
        events,
    })
}

/// Recompute the merged `events` table (as `rasd ingest` does) when articles were added.
fn materialize_events(store: &mut rasd_store::Store) -> Result<Option<usize>, String> {
    rasd_events::materialize(store)
        .map(|m| Some(m.events))
        .map_err(|e| e.to_string())
}

/// Add new articles to the full-text index (a failure is logged: search catches up on the next
/// update or `rasd reindex`).
fn update_search_index(st: &AppState) {
    let res = match st.search_index() {
        Some(ix) => ix.update().map(|_| ()),
        None => rasd_search::update_index(&st.config.db).map(|_| ()),
    };
    if let Err(e) = res {
        eprintln!("api ingest: search index not updated: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn dates_must_be_real_calendar_dates() {
        for ok in ["2025", "2025-12", "2025-12-19", "2024-02-29"] {
            assert!(valid_date(ok), "{ok}");
        }
        for bad in [
            "",
            "25",
            "2025-13",
            "2025-00",
            "2025-02-30",
            "2023-02-29",
            "2025-1-1",
            "2025/12/19",
            "' OR 1=1 --",
            "٢٠٢٥-١٢-١٩",
        ] {
            assert!(!valid_date(bad), "{bad}");
        }
    }

    #[test]
    fn openapi_mode_enums_list_exactly_the_coder_s_modes() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI_JSON).expect("valid JSON");
        let want: Vec<&str> = rasd_events::Mode::ALL.iter().map(|m| m.as_str()).collect();
        let mut found = 0;
        let mut stack = vec![&doc];
        while let Some(v) = stack.pop() {
            if let Some(e) = v.get("enum").and_then(|e| e.as_array()) {
                if e.iter().any(|x| x == "asserted") {
                    let got: Vec<&str> = e.iter().filter_map(|x| x.as_str()).collect();
                    assert_eq!(got, want);
                    found += 1;
                }
            }
            match v {
                serde_json::Value::Object(m) => stack.extend(m.values()),
                serde_json::Value::Array(a) => stack.extend(a.iter()),
                _ => {}
            }
        }
        assert!(found >= 2, "the mode parameter and the event schema");
    }

    #[test]
    fn every_route_is_in_the_openapi_document() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI_JSON).expect("valid JSON");
        assert_eq!(
            doc["openapi"].as_str().map(|v| v.starts_with("3.1")),
            Some(true)
        );
        for (method, path) in ROUTES {
            assert!(
                doc["paths"][path][method].is_object(),
                "{method} {path} missing from openapi.json"
            );
        }
        let listed = doc["paths"].as_object().map_or(0, |p| {
            p.values()
                .map(|ops| ops.as_object().map_or(0, |o| o.len()))
                .sum::<usize>()
        });
        assert_eq!(
            listed,
            ROUTES.len(),
            "openapi.json lists routes the server does not have"
        );
        let unique: HashSet<_> = ROUTES.iter().collect();
        assert_eq!(unique.len(), ROUTES.len());
    }
}
