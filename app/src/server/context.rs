//! Access to what the server provides to server functions.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use leptos::prelude::*;
use tower_sessions::Session;

use super::flow::AuthFlow;
use crate::error::AuthError;

pub fn auth_flow() -> Result<Arc<AuthFlow>, AuthError> {
    use_context::<Arc<AuthFlow>>().ok_or_else(|| {
        tracing::error!("AuthFlow missing from the server context");
        AuthError::Unavailable
    })
}

pub async fn session() -> Result<Session, AuthError> {
    leptos_axum::extract::<Session>().await.map_err(|_| {
        tracing::error!("no session layer in front of the server functions");
        AuthError::Unavailable
    })
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// True when the request is a plain HTML form post (no JavaScript): those are
/// answered with a redirect back to the form, which shows the error.
fn is_form_post() -> bool {
    use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

/// Sets the error's status on the response and returns it.
pub fn fail<T>(error: AuthError) -> Result<T, AuthError> {
    set_error_status(&error, is_form_post());
    Err(error)
}

/// Form posts keep their redirect (the page it leads to gets the status, see
/// `pages::form_status`); fetches from the hydrated page get it directly.
fn set_error_status(error: &AuthError, form_post: bool) {
    if form_post {
        return;
    }
    if let (Some(options), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(error.status()),
    ) {
        options.set_status(status);
    }
}

/// During SSR of a page showing an error from a no-JS form post, answer with
/// that error's status rather than 200.
pub fn set_page_status(error: &AuthError) {
    if let (Some(options), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(error.status()),
    ) {
        options.set_status(status);
    }
}
