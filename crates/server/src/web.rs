//! The server-rendered Arabic RTL dashboard pages.

use std::sync::Arc;

use axum::Router;

use crate::AppState;

/// Dashboard routes (`/`, `/events`, `/actors/{id}`, ...).
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
}
