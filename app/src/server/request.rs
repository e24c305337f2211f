//! Where a server function meets Leptos: the typed state and the browser's
//! visit in, a redirect or an error status out.

use leptos::prelude::*;
use tower_sessions::Session;

use super::respond;
use super::session::Visit;
use super::state::{AppState, ClientIp};
use crate::error::AuthError;
use crate::views::Page;

/// The state the server provided and this browser's session and address.
/// An error here is the server's setup (logged), answered as unavailable.
pub async fn begin() -> Result<(AppState, Visit), AuthError> {
    let Some(app) = use_context::<AppState>() else {
        tracing::error!("no AppState in the server context");
        return respond::fail(AuthError::Unavailable);
    };
    let Ok(session) = leptos_axum::extract::<Session>().await else {
        tracing::error!("no session layer in front of the server functions");
        return respond::fail(AuthError::Unavailable);
    };
    let ip = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<ClientIp>().map(|c| c.0));
    Ok((app, Visit::new(session, ip)))
}

/// A finished step: the browser goes to its next page (a redirect for a
/// plain form post; the hydrated page follows it too).
pub fn go(outcome: Result<Page, AuthError>) -> Result<(), AuthError> {
    match outcome {
        Ok(page) => {
            leptos_axum::redirect(page.path());
            Ok(())
        }
        Err(e) => respond::fail(e),
    }
}

/// Data for a page, or the error with its status.
pub fn answer<T>(outcome: Result<T, AuthError>) -> Result<T, AuthError> {
    outcome.or_else(respond::fail)
}
