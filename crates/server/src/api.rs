//! The JSON REST API under `/api`.

use std::sync::Arc;

use axum::Router;

use crate::AppState;

/// Routes under `/api`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
}
