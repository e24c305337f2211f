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
    let visit = match use_context::<http::request::Parts>() {
        Some(parts) => visit_of(session, &parts),
        None => Visit::new(session, None),
    };
    Ok((app, visit))
}

/// The visit a request makes: its session, address, cookies and languages.
pub fn visit_of(session: Session, parts: &http::request::Parts) -> Visit {
    let ip = parts.extensions.get::<ClientIp>().map(|c| c.0);
    let accept_language = parts
        .headers
        .get(http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    Visit::new(session, ip)
        .with_cookies(Some(cookies_in(&parts.headers)))
        .with_accept_language(accept_language)
}

/// This request's `Accept-Language` header.
fn accept_language() -> Option<String> {
    use_context::<http::request::Parts>().and_then(|p| {
        p.headers
            .get(http::header::ACCEPT_LANGUAGE)?
            .to_str()
            .ok()
            .map(str::to_owned)
    })
}

/// The language of the page being rendered (see [`Visit::language`]).
pub fn language() -> crate::i18n::Language {
    super::session::language_of(cookies().as_deref(), accept_language().as_deref())
}

/// This request's cookies, as one `Cookie` header (HTTP/2 clients may send
/// them in several).
pub fn cookies() -> Option<String> {
    use_context::<http::request::Parts>().map(|p| cookies_in(&p.headers))
}

/// The `Cookie` headers of a request, as one.
pub(super) fn cookies_in(headers: &http::HeaderMap) -> String {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The cookies a step set, on the response.
fn send_cookies(visit: &Visit) {
    let Some(options) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    for cookie in visit.take_set_cookies() {
        if let Ok(value) = http::HeaderValue::from_str(&cookie) {
            options.append_header(http::header::SET_COOKIE, value);
        }
    }
}

/// A finished step: the browser goes to its next page (a redirect for a
/// plain form post; a script's fetch follows it too).
pub fn go(app: &AppState, visit: &Visit, outcome: Result<Page, AuthError>) -> Result<(), AuthError> {
    if let Err(AuthError::ProofNeeded(puzzle)) = &outcome
        && respond::is_form_post()
    {
        visit.set_cookie(super::proof::IssuedCookie::issue(&puzzle.seed, app.drafts.secure()));
    }
    send_cookies(visit);
    match outcome {
        Ok(page) => {
            leptos_axum::redirect(page.path());
            Ok(())
        }
        Err(e) => respond::fail(e),
    }
}

/// Data for a page, or the error with its status.
pub fn answer<T>(visit: &Visit, outcome: Result<T, AuthError>) -> Result<T, AuthError> {
    send_cookies(visit);
    outcome.or_else(respond::fail)
}
