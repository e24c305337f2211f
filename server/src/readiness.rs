//! `GET /readyz`: whether this server can serve a sign-in now. The session
//! store, the limits store and the pool's signing keys (JWKS) must each
//! answer; the reply names those that did not, and nothing more (no
//! address, no secret). `GET /healthz` stays the liveness check: it asks
//! nothing of anyone, so a dependency's outage takes the server out of
//! rotation without having it restarted.

use app::server::AppState;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use tower_sessions::SessionStore;
use tower_sessions::session::Id;

use crate::sessions::Store;

/// What did not answer, in order.
pub async fn failing(app: &AppState, sessions: &Store) -> Vec<&'static str> {
    let now = app.now();
    let nobody = Id::default();
    let (sessions_ok, limits_ok, keys_ok) = tokio::join!(
        sessions.load(&nobody),
        app.limits.reachable(now),
        app.tokens.keys_reachable(now),
    );
    let mut failing = Vec::new();
    if sessions_ok.is_err() {
        failing.push("session store");
    }
    if !limits_ok {
        failing.push("limits store");
    }
    if !keys_ok {
        failing.push("signing keys");
    }
    failing
}

pub async fn readyz(app: AppState, sessions: Store) -> impl IntoResponse {
    let failing = failing(&app, &sessions).await;
    let no_store = [(header::CACHE_CONTROL, "no-store")];
    if failing.is_empty() {
        (StatusCode::OK, no_store, "ready".to_owned())
    } else {
        tracing::warn!(failing = ?failing, "not ready");
        (
            StatusCode::SERVICE_UNAVAILABLE,
            no_store,
            format!("not ready: {}", failing.join(", ")),
        )
    }
}
