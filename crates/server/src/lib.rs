//! rasd-server: the REST API (`/api/...`, see [`api`]) and the Arabic RTL dashboard (`/`, see [`web`]) over one database.

pub mod api;
pub mod db;
pub mod web;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;

/// Errors starting or running the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot open database {path}: {source}")]
    Db {
        path: String,
        source: rasd_store::StoreError,
    },
    #[error(transparent)]
    Read(#[from] db::DbError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server failed: {0}")]
    Io(#[from] std::io::Error),
}

/// What every handler can see.
#[derive(Debug, Clone)]
pub struct Config {
    /// The SQLite database (opened read-only per request thread, read-write for POST /api/ingest).
    pub db: PathBuf,
    /// Bearer token required by POST /api/ingest when set.
    pub ingest_token: Option<String>,
}

/// Shared state behind `Arc` in every handler.
#[derive(Debug)]
pub struct AppState {
    pub config: Config,
    /// Read-only connection pool and the query layer's caches.
    pub db: db::Db,
    /// Serializes POST /api/ingest runs (one writer at a time).
    pub(crate) ingest_lock: std::sync::Mutex<()>,
    /// The full-text index beside the database, opened on first use when it exists.
    search: std::sync::Mutex<Option<Arc<rasd_search::SearchIndex>>>,
    /// The entity model and resolver for POST /api/ingest, loaded on the first ingest and kept.
    annotator: std::sync::Mutex<Option<rasd_pipeline::EntityAnnotator>>,
}

impl AppState {
    /// Create/migrate the database (so a fresh path works) and open the read pool.
    pub fn open(config: Config) -> Result<AppState, ServerError> {
        rasd_store::Store::open(&config.db).map_err(|source| ServerError::Db {
            path: config.db.display().to_string(),
            source,
        })?;
        let db = db::Db::open(&config.db, db::DEFAULT_POOL_SIZE)?;
        warm_caches(&db);
        Ok(AppState {
            config,
            db,
            ingest_lock: std::sync::Mutex::new(()),
            search: std::sync::Mutex::new(None),
            annotator: std::sync::Mutex::new(None),
        })
    }

    /// The entity annotator for ingests (loaded once, then shared by every request).
    pub(crate) fn annotator(
        &self,
    ) -> Result<rasd_pipeline::EntityAnnotator, rasd_pipeline::PipelineError> {
        let mut guard = match self.annotator.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(a) = guard.as_ref() {
            return Ok(a.clone());
        }
        let a = rasd_pipeline::EntityAnnotator::load_default()?;
        *guard = Some(a.clone());
        Ok(a)
    }

    /// The search index of this database, if one has been built (`rasd ingest` / `rasd reindex`).
    pub fn search_index(&self) -> Option<Arc<rasd_search::SearchIndex>> {
        let mut guard = self.search.lock().ok()?;
        if let Some(ix) = guard.as_ref() {
            return Some(Arc::clone(ix));
        }
        if !rasd_search::index_dir(&self.config.db).is_dir() {
            return None;
        }
        match rasd_search::SearchIndex::open_without_update(&self.config.db) {
            Ok(ix) => {
                let ix = Arc::new(ix);
                *guard = Some(Arc::clone(&ix));
                Some(ix)
            }
            Err(e) => {
                eprintln!("search index unusable, /api/articles?q= falls back to a text scan: {e}");
                None
            }
        }
    }
}

/// Fill the query layer's and the dashboard's per-data-version caches on a background thread (at
/// start-up and after an ingest), so no visitor waits for whole-table aggregates.
pub(crate) fn warm_caches(db: &db::Db) {
    let db = db.clone();
    std::thread::spawn(move || {
        db.warm();
        web::warm(&db);
    });
}

/// The whole application: API routes and dashboard pages.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(web::routes())
        .with_state(state)
}

/// Serve `state` on an already bound listener until the process ends.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
) -> Result<(), ServerError> {
    axum::serve(listener, router(state)).await?;
    Ok(())
}

/// Open the database (creating/migrating it), bind `addr` and serve until the process ends.
pub fn serve_blocking(config: Config, addr: SocketAddr) -> Result<(), ServerError> {
    let state = Arc::new(AppState::open(config)?);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServerError::Bind { addr, source })?;
        eprintln!("rasd serving http://{addr}/ (API at /api, OpenAPI at /api/openapi.json)");
        serve(listener, state).await
    })
}

/// A server running on its own runtime thread (tests, `rasd bench serve`); stops when dropped.
pub struct Background {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Background {
    fn drop(&mut self) {
        // Stop accepting; connections still open finish on the detached thread.
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        self.thread.take();
    }
}

/// Open `config.db`, bind `addr` (port 0 picks a free port) and serve in a background thread with
/// `workers` runtime threads.
pub fn spawn_background(
    config: Config,
    addr: SocketAddr,
    workers: usize,
) -> Result<Background, ServerError> {
    let state = Arc::new(AppState::open(config)?);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers.max(1))
        .enable_all()
        .build()?;
    let std_listener =
        std::net::TcpListener::bind(addr).map_err(|source| ServerError::Bind { addr, source })?;
    std_listener.set_nonblocking(true)?;
    let bound = std_listener.local_addr()?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        rt.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::from_std(std_listener) else {
                return;
            };
            let app = router(state);
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = rx.await;
                })
                .await;
        });
    });
    Ok(Background {
        addr: bound,
        stop: Some(tx),
        thread: Some(thread),
    })
}
