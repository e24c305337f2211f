//! Access to what the server provides to server functions.

use std::net::IpAddr;
use std::sync::Arc;

use leptos::prelude::*;
use tower_sessions::Session;

use super::clock::{Clock, system_now};
use super::flow::AuthFlow;
use super::jwt::TokenVerifier;
use super::limits::Limits;
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

pub fn token_verifier() -> Result<Arc<TokenVerifier>, AuthError> {
    use_context::<Arc<TokenVerifier>>().ok_or_else(|| {
        tracing::error!("TokenVerifier missing from the server context");
        AuthError::Unavailable
    })
}

/// A signed-in session ends this many seconds after sign-in, however busy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionMaxAge(pub u64);

pub fn session_max_age() -> u64 {
    use_context::<SessionMaxAge>().map_or(7 * 24 * 3600, |m| m.0)
}

/// Every request that may text a code takes at least this long, so that a
/// number with an account (whose code waits for SNS) and one without (no
/// text at all) answer in the same time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SendFloor(pub std::time::Duration);

pub fn send_floor() -> std::time::Duration {
    use_context::<SendFloor>().unwrap_or_default().0
}

pub fn limits() -> Result<Arc<Limits>, AuthError> {
    use_context::<Arc<Limits>>().ok_or_else(|| {
        tracing::error!("Limits missing from the server context");
        AuthError::Unavailable
    })
}

pub fn now() -> u64 {
    use_context::<Clock>().map_or_else(system_now, |c| c.now())
}

/// The client's address as the server worked it out (the socket's peer, or
/// the address a trusted proxy reported); put in the request's extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

pub fn client_ip() -> Option<IpAddr> {
    use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<ClientIp>().map(|c| c.0))
}

/// True when the request is a plain HTML form post (no JavaScript): those are
/// answered with a redirect back to the form, which shows the error. A page
/// (a GET) whose data failed to load is not one: it carries the error's status.
fn is_form_post() -> bool {
    use_context::<http::request::Parts>()
        .filter(|p| p.method == http::Method::POST)
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
    if !form_post {
        set_page_status(error);
    }
}

/// Seconds to wait after a 503, as every outage answer says.
pub const UNAVAILABLE_RETRY_AFTER: u64 = 30;

/// The error's status on this response (and, when rate limited, when to
/// retry); during SSR of a page showing an error from a no-JS form post too.
pub fn set_page_status(error: &AuthError) {
    let Some(options) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    if let Ok(status) = http::StatusCode::from_u16(error.status()) {
        options.set_status(status);
    }
    let retry_after = match error {
        AuthError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
        // Outages: a hint for clients and proxies; the page says "a minute".
        AuthError::Unavailable => Some(UNAVAILABLE_RETRY_AFTER),
        _ => None,
    };
    if let Some(secs) = retry_after {
        options.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
    }
}
