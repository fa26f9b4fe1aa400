//! The server-rendered Arabic RTL dashboard pages (`/`, `/events`, `/events/{id}`, `/actors/{id}`, ...).
//!
//! Pages are plain HTML that work without JavaScript; `/static/dashboard.js` only enhances them.
//! Every request reads the database through the query layer's read-only pool ([`crate::db::Db`])
//! on a blocking thread; long lists are paged, whole-table aggregates cached per data version.

mod dates;
mod html;
mod pages;
mod queries;
mod spans;
mod svg;

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::AppState;

/// Why a page could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    #[error(transparent)]
    Query(#[from] crate::db::DbError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl WebError {
    fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Db(_) | WebError::Query(_) | WebError::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }
}

const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn html_response(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        let (title, detail) = match &self {
            WebError::NotFound(m) => ("غير موجود", m.clone()),
            WebError::BadRequest(m) => ("طلب غير صالح", m.clone()),
            // Do not echo internals to the page; log them.
            _ => {
                eprintln!("dashboard: {self}");
                (
                    "خطأ في الخادم",
                    "حدث خطأ أثناء قراءة قاعدة البيانات.".to_string(),
                )
            }
        };
        let body = format!(
            "<h1>{}</h1><p class=\"error\">{}</p><p><a href=\"/\">العودة إلى الصفحة الرئيسية</a></p>",
            html::esc(title),
            html::esc(&detail)
        );
        html_response(status, html::layout(title, html::Nav::None, "", &body))
    }
}

/// Run a page function on a blocking thread with a pooled read-only connection (the query
/// layer's pool, so its caches are shared with the API) and wrap it in the layout.
async fn render<F>(state: Arc<AppState>, f: F) -> Response
where
    F: FnOnce(&pages::Cx<'_>) -> Result<pages::Page, WebError> + Send + 'static,
{
    let result = tokio::task::spawn_blocking(move || {
        let search = state.search_index();
        state.db.with(|conn| {
            let cx = pages::Cx {
                conn,
                db: &state.db,
                search,
            };
            Ok(f(&cx))
        })
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))
    .and_then(|r| r.map_err(WebError::from))
    .and_then(|r| r);
    match result {
        Ok(p) => html_response(
            StatusCode::OK,
            html::layout(&p.title, p.nav, &p.query, &p.body),
        ),
        Err(e) => e.into_response(),
    }
}

async fn overview(State(s): State<Arc<AppState>>) -> Response {
    render(s, pages::overview).await
}

async fn events(State(s): State<Arc<AppState>>, Query(p): Query<pages::EventParams>) -> Response {
    render(s, move |c| pages::events(c, &p)).await
}

async fn event(State(s): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    render(s, move |c| pages::event(c, &id)).await
}

async fn actor(
    State(s): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Query<pages::ActorParams>,
) -> Response {
    render(s, move |c| pages::actor(c, &id, &p)).await
}

async fn article(State(s): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    render(s, move |c| pages::article(c, &id)).await
}

async fn stories(
    State(s): State<Arc<AppState>>,
    Query(p): Query<pages::StoriesParams>,
) -> Response {
    render(s, move |c| pages::stories(c, &p)).await
}

async fn story(
    State(s): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Query<pages::StoryParams>,
) -> Response {
    render(s, move |c| pages::story(c, &id, &p)).await
}

async fn search(State(s): State<Arc<AppState>>, Query(p): Query<pages::SearchParams>) -> Response {
    render(s, move |c| pages::search(c, &p)).await
}

async fn claims(State(s): State<Arc<AppState>>, Query(p): Query<pages::ClaimParams>) -> Response {
    render(s, move |c| pages::claims(c, &p)).await
}

/// Compute the dashboard's per-data-version aggregates (the overview's timeline, top events and
/// actors, claim units) so the first visit of `/` does not pay for them; call it where the query
/// layer's caches are warmed (`Db::warm`: start-up, after an ingest). Errors are only logged.
pub fn warm(db: &crate::db::Db) {
    if let Err(e) = db.with(|conn| queries::overview(conn, db.path()).map(|_| ())) {
        eprintln!("dashboard: warming the overview failed: {e}");
    }
}

const CSS: &str = include_str!("../static/dashboard.css");
const JS: &str = include_str!("../static/dashboard.js");

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
        .into_response()
}

async fn css() -> Response {
    asset("text/css; charset=utf-8", CSS)
}

async fn js() -> Response {
    asset("text/javascript; charset=utf-8", JS)
}

/// Dashboard routes (`/`, `/events`, `/actors/{id}`, ...) and their static files under `/static/`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(overview))
        .route("/events", get(events))
        .route("/events/{id}", get(event))
        .route("/actors/{id}", get(actor))
        .route("/articles/{id}", get(article))
        .route("/stories", get(stories))
        .route("/stories/{id}", get(story))
        .route("/search", get(search))
        .route("/claims", get(claims))
        .route("/static/dashboard.css", get(css))
        .route("/static/dashboard.js", get(js))
}
