//! rasd-server: the REST API (`/api/...`, see [`api`]) and the Arabic RTL dashboard (`/`, see [`web`]) over one database.

pub mod api;
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
}

/// The whole application: API routes and dashboard pages.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(web::routes())
        .with_state(state)
}

/// Open the database (creating/migrating it), bind `addr` and serve until the process ends.
pub fn serve_blocking(config: Config, addr: SocketAddr) -> Result<(), ServerError> {
    rasd_store::Store::open(&config.db).map_err(|source| ServerError::Db {
        path: config.db.display().to_string(),
        source,
    })?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServerError::Bind { addr, source })?;
        eprintln!("rasd serving http://{addr}/ (API at /api, OpenAPI at /api/openapi.json)");
        let app = router(Arc::new(AppState { config }));
        axum::serve(listener, app).await?;
        Ok(())
    })
}
